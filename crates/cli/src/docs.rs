//! Reading inputs and extracting them, with errors reported by document.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph_extract::data::DataSource;
use newsgraph_extract::Extractor;
use newsgraph_model::{Document, Extraction};

use crate::cli::Global;
use crate::{report, say};

/// Loads the extractor with the data the options name.
pub fn extractor(global: &Global) -> anyhow::Result<Extractor> {
    let source = match &global.data {
        Some(dir) => DataSource::dir(dir)?,
        None => DataSource::Embedded,
    };
    Extractor::with_data(&source).context("loading the gazetteers and lexicons")
}

/// Extracts every readable document of `inputs` (default `seeds/`) on every core; bad
/// documents are reported on standard error. Returns the extractions and the number of
/// failures.
pub fn extract_all(
    global: &Global,
    inputs: &[PathBuf],
) -> anyhow::Result<(Vec<Extraction>, usize)> {
    extract_all_with(global, inputs, cores())
}

/// The cores this process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Like [`extract_all`], with `workers` threads.
pub fn extract_all_with(
    global: &Global,
    inputs: &[PathBuf],
    workers: usize,
) -> anyhow::Result<(Vec<Extraction>, usize)> {
    let mut all = Vec::new();
    let failed = extract_batches(global, inputs, workers, |batch| {
        all.extend(batch);
        Ok(())
    })?;
    Ok((all, failed))
}

/// Documents extracted per batch by [`extract_batches`]: enough to keep every core busy
/// between two calls, few enough that a build of 100,000 articles holds one batch's
/// extractions instead of all of them.
const BATCH: usize = 1_000;

/// Like [`extract_all_with`], handing the extractions to `each` a batch at a time, in input
/// order, instead of returning them all; bad documents are reported as they are met. Returns
/// the number of failures.
pub fn extract_batches(
    global: &Global,
    inputs: &[PathBuf],
    workers: usize,
    mut each: impl FnMut(Vec<Extraction>) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let inputs = if inputs.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        inputs.to_vec()
    };
    for i in &inputs {
        if i.as_os_str() != "-" && !i.exists() {
            crate::usage!("{}: no such file or directory", i.display());
        }
    }
    let ex = extractor(global)?;
    let docs = newsgraph_extract::input::read_inputs(&inputs);
    let bar = if std::io::stderr().is_terminal() && docs.len() > 1 {
        let b = ProgressBar::new(docs.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut failed = 0;
    let mut readable = Vec::new();
    // one id, one document: a second document with a taken id is named with the first
    let mut sources: HashMap<String, String> = HashMap::new();
    for d in docs {
        match d {
            Ok(doc) => {
                let source = source_of(&doc).to_owned();
                match sources.get(&doc.id) {
                    Some(first) => {
                        bar.suspend(|| {
                            say!(
                                "newsgraph: skipped {source}: document id '{}' is already used by {first}",
                                doc.id
                            );
                        });
                        failed += 1;
                        bar.inc(1);
                    }
                    None => {
                        sources.insert(doc.id.clone(), source);
                        readable.push(doc);
                    }
                }
            }
            Err(e) => {
                bar.suspend(|| say!("newsgraph: skipped {e}"));
                failed += 1;
                bar.inc(1);
            }
        }
    }
    drop(sources);
    // one thread extracts the next batch while the caller takes the last one (a build loads
    // it into the store), so neither waits for the other; at most two batches are held
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Extraction>>(0);
    let (ex_ref, bar) = (&ex, &bar);
    failed += std::thread::scope(move |s| -> anyhow::Result<usize> {
        let producer = s.spawn(move || {
            let mut failed = 0;
            let mut rest = readable.into_iter();
            loop {
                let batch: Vec<Document> = rest.by_ref().take(BATCH).collect();
                if batch.is_empty() {
                    break;
                }
                let (out, bad) = extract_batch(batch, workers, ex_ref, bar);
                failed += bad;
                if tx.send(out).is_err() {
                    break; // the caller stopped on an error
                }
            }
            failed
        });
        for out in rx.iter() {
            // on an error this closure returns and drops the receiver, which stops the
            // producer at its next send before the scope joins it
            each(out)?;
        }
        Ok(producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })?;
    bar.finish_and_clear();
    // the gazetteers are a few hundred thousand small allocations that the process's exit
    // frees at once; dropping them one by one costs a tenth of a second per run
    std::mem::forget(ex);
    Ok(failed)
}

/// Extracts one batch on `workers` threads: the extractions in input order and the number of
/// documents whose extraction failed (each reported).
fn extract_batch(
    batch: Vec<Document>,
    workers: usize,
    ex: &Extractor,
    bar: &ProgressBar,
) -> (Vec<Extraction>, usize) {
    let results = extract_each(&batch, workers, |d| ex.extract(d), &|| bar.inc(1));
    let mut out: Vec<Extraction> = Vec::with_capacity(batch.len());
    let mut failed = 0;
    for (d, r) in batch.into_iter().zip(results) {
        match r {
            Ok(mut x) => {
                x.text = Some(d.text);
                out.push(x);
            }
            Err(panic) => {
                bar.suspend(|| {
                    say!(
                        "newsgraph: skipped {}: extraction failed ({panic})",
                        source_of(&d)
                    );
                });
                failed += 1;
            }
        }
    }
    (out, failed)
}

/// Where a document came from: its file (`path:line` for a JSON line), else its id.
fn source_of(d: &Document) -> &str {
    d.meta.source.as_deref().unwrap_or(&d.id)
}

/// Runs `f` on every document on `workers` threads, in input order; a panic loses only the
/// document it happened on, returned as the panic's message.
fn extract_each<F>(
    docs: &[Document],
    workers: usize,
    f: F,
    tick: &(dyn Fn() + Sync),
) -> Vec<Result<Extraction, String>>
where
    F: Fn(&Document) -> Extraction + Sync,
{
    let threads = workers.clamp(1, docs.len().max(1));
    let chunk = docs.len().div_ceil(threads).max(1);
    let mut out = Vec::with_capacity(docs.len());
    std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                let f = &f;
                let handle = s.spawn(move || {
                    part.iter()
                        .map(|d| {
                            let x = report::catching(|| f(d));
                            tick();
                            x
                        })
                        .collect::<Vec<_>>()
                });
                (part.len(), handle)
            })
            .collect();
        for (n, h) in handles {
            match h.join() {
                Ok(v) => out.extend(v),
                // not reached (each document's panic is caught), but never lose count
                Err(_) => out.extend((0..n).map(|_| Err("the worker thread died".to_owned()))),
            }
        }
    });
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use newsgraph_model::DocMeta;

    fn doc(id: &str) -> Document {
        Document {
            id: id.to_owned(),
            text: format!("Text of {id}."),
            meta: DocMeta::default(),
        }
    }

    #[test]
    fn a_panic_in_extraction_loses_only_its_document() {
        crate::report::install_panic_hook();
        let docs: Vec<Document> = ["a", "b", "boom", "c", "d"]
            .iter()
            .map(|i| doc(i))
            .collect();
        let results = extract_each(
            &docs,
            2,
            |d| {
                assert!(d.id != "boom", "cannot extract {}", d.id);
                Extraction {
                    doc: d.id.clone(),
                    ..Extraction::default()
                }
            },
            &|| {},
        );
        assert_eq!(results.len(), 5);
        let kept: Vec<&str> = results
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|x| x.doc.as_str())
            .collect();
        assert_eq!(kept, ["a", "b", "c", "d"]);
        let err = results[2].as_ref().unwrap_err();
        assert!(err.contains("cannot extract boom"), "{err}");
    }
}
