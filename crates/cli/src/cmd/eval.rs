//! `newsgraph eval`: precision and recall against gold annotations, as SPEC §5 defines them.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use newsgraph_eval::{explain, score, Gold, Sentence};
use newsgraph_model::Extraction;

use crate::cli::Global;
use crate::docs::{extract_all, extractor};
use crate::Outcome;

/// What `eval` prints.
#[derive(Debug, Clone, Copy)]
pub struct Show {
    /// Missed and spurious relations per document.
    pub per_doc: bool,
    /// Relation figures by predicate.
    pub by_predicate: bool,
    /// Every error of every document, with what the extractor saw.
    pub explain: bool,
    /// JSON instead of lines.
    pub json: bool,
}

pub fn run(
    g: &Global,
    gold: &Path,
    inputs: &[PathBuf],
    system: Option<&Path>,
    show: Show,
) -> anyhow::Result<Outcome> {
    for path in std::iter::once(gold).chain(system) {
        if !path.exists() {
            crate::usage!("{}: no such file or directory", path.display());
        }
    }
    let gold = Gold::load(gold)?;
    let (docs, failed) = match system {
        Some(path) => (read_jsonl(path)?, 0),
        None => extract_all(g, inputs)?,
    };
    let report = score(&gold, &docs);
    let mut out = std::io::stdout().lock();
    if show.json {
        let p = |x: &newsgraph_eval::Prf| serde_json::json!([x.p, x.r, x.f1]);
        let v = serde_json::json!({
            "entity_p_r_f1": p(&report.entities),
            "entity_type_acc": report.type_accuracy,
            "link_acc": report.link_accuracy,
            "link_wrong": report.wrong_links,
            "relation_p_r_f1": p(&report.relations),
            "quote_found": report.quotes_found,
            "quote_speaker_acc": report.quote_speaker_accuracy,
            "quantity_p_r_f1": p(&report.quantities),
            "structure_p_r_f1": p(&report.by_predicate.structure()),
            "interaction_p_r_f1": p(&report.by_predicate.interaction()),
            "by_predicate": report.by_predicate.0.iter().map(|(k, c)| {
                let x = c.prf();
                (k.clone(), serde_json::json!([c.tp, c.fp, c.fn_, x.p, x.r, x.f1]))
            }).collect::<serde_json::Map<_, _>>(),
        });
        writeln!(out, "{v}")?;
    } else {
        if show.explain {
            write!(
                out,
                "{}",
                explanation(g, &gold, &docs, inputs, system.is_some())?
            )?;
        }
        if show.per_doc {
            write!(out, "{}", report.per_doc_lines())?;
        }
        write!(out, "{}", report.summary_with(show.by_predicate))?;
    }
    Ok(if failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}

/// `--explain`: with the documents' texts when they were extracted here, so that a missed
/// relation shows its sentence and trigger words.
fn explanation(
    g: &Global,
    gold: &Gold,
    docs: &[Extraction],
    inputs: &[PathBuf],
    from_file: bool,
) -> anyhow::Result<String> {
    let mut texts: HashMap<String, String> = HashMap::new();
    let ex = if from_file {
        None
    } else {
        let inputs = if inputs.is_empty() {
            vec![PathBuf::from("seeds")]
        } else {
            inputs.to_vec()
        };
        for d in newsgraph_extract::input::read_inputs(&inputs)
            .into_iter()
            .flatten()
        {
            texts.insert(d.id, d.text);
        }
        Some(extractor(g)?)
    };
    let sentence = |doc: &str, start: usize, end: usize| {
        let v = ex.as_ref()?.sentence_view(texts.get(doc)?, start, end)?;
        Some(Sentence {
            start: v.start,
            end: v.end,
            text: v.text,
            notes: v
                .triggers
                .into_iter()
                .map(|t| format!("trigger {t}"))
                .collect(),
        })
    };
    Ok(explain(gold, docs, &sentence))
}

fn read_jsonl(path: &Path) -> anyhow::Result<Vec<Extraction>> {
    let f = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), n + 1))?,
        );
    }
    Ok(out)
}
