//! `newsgraph build`: extract and load into the store, then say what was found.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use newsgraph_model::Extraction;
use newsgraph_store::{GraphStore, Pending};

use crate::cli::Global;
use crate::docs::{cores, extract_batches};
use crate::Outcome;

/// About what Oxigraph's in-memory store loads in one second on a small machine.
const LOADS_IN_A_SECOND: usize = 400_000;

pub fn run(g: &Global, inputs: &[PathBuf]) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    // take the lock before the work, so that a second writer learns at once
    let store = GraphStore::open_build(&g.store)?.with_base(&g.base);
    // each batch of extractions is loaded as it comes and dropped: what the build holds is
    // one batch, the store and the tally
    let mut tally = Tally::default();
    let mut pending = Pending::default();
    let mut written = 0;
    let failed = extract_batches(g, inputs, cores(), |docs| {
        written += store.stage(&docs, &mut pending)?;
        tally.count(&docs);
        Ok(())
    })?;
    store.persist(&pending)?;
    // RocksDB counts its quads by reading every one (a second per million): adding one
    // document to a large store would cost that scan, so that store says what it wrote
    let quads = if newsgraph_store::BACKEND == "rocksdb" {
        None
    } else {
        Some(store.len()?)
    };
    let Tally {
        documents,
        by_type,
        entities,
        by_pred,
        events,
        quotes,
        figures,
        ..
    } = tally;

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
        documents,
        if failed > 0 {
            format!(" ({failed} skipped)")
        } else {
            String::new()
        }
    )?;
    writeln!(out, "entities   {entities}")?;
    for (t, n) in &by_type {
        writeln!(out, "  {t:<13}{n}")?;
    }
    writeln!(out, "relations  {events}")?;
    for (p, n) in &by_pred {
        writeln!(out, "  {p:<15}{n}")?;
    }
    writeln!(out, "quotes     {quotes}")?;
    writeln!(out, "figures    {figures}")?;
    match quads {
        Some(quads) => writeln!(out, "quads      {quads}")?,
        None => writeln!(
            out,
            "quads      {written} in the documents' graphs written (`newsgraph stats` counts the store)"
        )?,
    }
    writeln!(out, "elapsed    {:.2}s", started.elapsed().as_secs_f64())?;
    if let Some(quads) = quads.filter(|&q| q > LOADS_IN_A_SECOND) {
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

/// What the summary counts, gathered batch by batch.
#[derive(Default)]
struct Tally {
    documents: usize,
    /// Entity ids met so far, each counted under the type it was first met with.
    ids: HashSet<String>,
    entities: usize,
    by_type: BTreeMap<String, usize>,
    events: usize,
    by_pred: BTreeMap<String, usize>,
    quotes: usize,
    figures: usize,
}

impl Tally {
    fn count(&mut self, docs: &[Extraction]) {
        self.documents += docs.len();
        for e in docs.iter().flat_map(|d| &d.entities) {
            if !self.ids.contains(&e.id) {
                self.ids.insert(e.id.clone());
                self.entities += 1;
                *self.by_type.entry(e.kind.as_str().to_owned()).or_default() += 1;
            }
        }
        for d in docs {
            // an event is one node however many relations of its document name it
            let mut events = HashSet::new();
            for r in &d.relations {
                if events.insert(r.event) {
                    self.events += 1;
                    *self
                        .by_pred
                        .entry(r.predicate.as_str().to_owned())
                        .or_default() += 1;
                }
            }
            self.quotes += d.quotes.len();
            self.figures += d.quantities.len();
        }
    }
}
