//! `newsgraph load DIR`: the N-Quads partitions of a distributed `extract` into the store.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use newsgraph_store::{partition_files, GraphStore, Mode};

use crate::cli::Global;
use crate::{say, Outcome};

pub fn run(g: &Global, dir: &Path) -> anyhow::Result<Outcome> {
    if !dir.exists() {
        crate::usage!("{}: no such file or directory", dir.display());
    }
    let started = Instant::now();
    let store = GraphStore::open(&g.store, Mode::Write)?.with_base(&g.base);
    let files = partition_files(dir)?;
    let loaded = store.load_nquads(&files)?;
    for d in &loaded.duplicates {
        say!(
            "newsgraph: skipped {}: document graph {} is already loaded from {}",
            d.at,
            d.graph,
            d.first
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "store      {} ({})",
        g.store.display(),
        newsgraph_store::BACKEND
    )?;
    writeln!(out, "files      {}", loaded.files)?;
    writeln!(out, "documents  {}", loaded.graphs)?;
    writeln!(out, "quads      {}", store.len()?)?;
    writeln!(out, "elapsed    {:.2}s", started.elapsed().as_secs_f64())?;
    Ok(if loaded.duplicates.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Failed
    })
}
