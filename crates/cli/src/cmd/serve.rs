//! `newsgraph serve`: the SPARQL endpoint and the pages (see the serve crate).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::Global;
use crate::Outcome;

pub fn run(
    g: &Global,
    bind: SocketAddr,
    timeout: u64,
    max_memory: u64,
    max_rows: usize,
    queries: PathBuf,
    cache_mib: u64,
) -> anyhow::Result<Outcome> {
    let config = newsgraph_serve::Config {
        store: g.store.clone(),
        base: g.base.clone(),
        limits: newsgraph_store::Limits {
            timeout: (timeout > 0).then(|| Duration::from_secs(timeout)),
            max_memory: (max_memory > 0).then_some(max_memory << 20),
        },
        max_rows,
        queries: queries.is_dir().then_some(queries),
        cache_bytes: cache_mib << 20,
    };
    newsgraph_serve::serve(config, bind)?;
    Ok(Outcome::Ok)
}
