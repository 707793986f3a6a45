//! Reading inputs and extracting them, with errors reported by document.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph_extract::data::DataSource;
use newsgraph_extract::Extractor;
use newsgraph_model::Extraction;

use crate::cli::Global;

/// Loads the extractor with the data the options name.
pub fn extractor(global: &Global) -> anyhow::Result<Extractor> {
    let source = match &global.data {
        Some(dir) => DataSource::dir(dir)?,
        None => DataSource::Embedded,
    };
    Extractor::with_data(&source).context("loading the gazetteers and lexicons")
}

/// Extracts every readable document of `inputs` (default `seeds/`); bad documents are
/// reported on standard error. Returns the extractions and the number of failures.
pub fn extract_all(
    global: &Global,
    inputs: &[PathBuf],
) -> anyhow::Result<(Vec<Extraction>, usize)> {
    let inputs = if inputs.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        inputs.to_vec()
    };
    for i in &inputs {
        if i.as_os_str() != "-" && !i.exists() {
            anyhow::bail!("{}: no such file or directory", i.display());
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
    for d in docs {
        match d {
            Ok(doc) => readable.push(doc),
            Err(e) => {
                bar.suspend(|| eprintln!("newsgraph: skipped {e}"));
                failed += 1;
                bar.inc(1);
            }
        }
    }
    // documents are independent: extract them on every core, keep the input order
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(readable.len().max(1));
    let chunk = readable.len().div_ceil(threads).max(1);
    let mut out: Vec<Extraction> = Vec::with_capacity(readable.len());
    std::thread::scope(|s| {
        let handles: Vec<_> = readable
            .chunks(chunk)
            .map(|part| {
                let ex = &ex;
                let bar = &bar;
                s.spawn(move || {
                    part.iter()
                        .map(|d| {
                            let x = ex.extract(d);
                            bar.inc(1);
                            x
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok(v) => out.extend(v),
                Err(_) => failed += 1,
            }
        }
    });
    bar.finish_and_clear();
    // the gazetteers are a few hundred thousand small allocations that the process's exit
    // frees at once; dropping them one by one costs a tenth of a second per run
    std::mem::forget(ex);
    // the same id twice: the later document wins, as re-ingesting would
    let mut seen = std::collections::HashSet::new();
    let mut dedup: Vec<Extraction> = out
        .into_iter()
        .rev()
        .filter(|x| seen.insert(x.doc.clone()))
        .collect();
    dedup.reverse();
    Ok((dedup, failed))
}
