//! `newsgraph build`: extract and load into the store, then say what was found.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use newsgraph_store::{GraphStore, Mode};

use crate::cli::Global;
use crate::docs::extract_all;
use crate::Outcome;

/// About what Oxigraph's in-memory store loads in one second on a small machine.
const LOADS_IN_A_SECOND: usize = 400_000;

pub fn run(g: &Global, inputs: &[PathBuf]) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    // take the lock before the work, so that a second writer learns at once
    let store = GraphStore::open(&g.store, Mode::Write)?.with_base(&g.base);
    let (docs, failed) = extract_all(g, inputs)?;
    store.ingest(&docs)?;
    let quads = store.len()?;

    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ids = std::collections::BTreeSet::new();
    for e in docs.iter().flat_map(|d| &d.entities) {
        if ids.insert(&e.id) {
            *by_type.entry(e.kind.as_str()).or_default() += 1;
        }
    }
    let mut by_pred: BTreeMap<&str, usize> = BTreeMap::new();
    let mut events = std::collections::BTreeSet::new();
    for d in &docs {
        for r in &d.relations {
            if events.insert((&d.doc, r.event)) {
                *by_pred.entry(r.predicate.as_str()).or_default() += 1;
            }
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "store      {} ({})",
        g.store.display(),
        newsgraph_store::BACKEND
    )?;
    writeln!(
        out,
        "documents  {}{}",
        docs.len(),
        if failed > 0 {
            format!(" ({failed} skipped)")
        } else {
            String::new()
        }
    )?;
    writeln!(out, "entities   {}", ids.len())?;
    for (t, n) in &by_type {
        writeln!(out, "  {t:<13}{n}")?;
    }
    writeln!(out, "relations  {}", events.len())?;
    for (p, n) in &by_pred {
        writeln!(out, "  {p:<15}{n}")?;
    }
    writeln!(
        out,
        "quotes     {}",
        docs.iter().map(|d| d.quotes.len()).sum::<usize>()
    )?;
    writeln!(
        out,
        "figures    {}",
        docs.iter().map(|d| d.quantities.len()).sum::<usize>()
    )?;
    writeln!(out, "quads      {quads}")?;
    writeln!(out, "elapsed    {:.2}s", started.elapsed().as_secs_f64())?;
    if newsgraph_store::BACKEND != "rocksdb" && quads > LOADS_IN_A_SECOND {
        writeln!(
            out,
            "note       the in-memory backend reloads all {quads} quads for every command; for a \
             store this size build with `--features rocksdb`, which opens without loading"
        )?;
    }
    Ok(if failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}
