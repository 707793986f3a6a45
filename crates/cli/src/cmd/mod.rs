//! One module per subcommand.

mod build;
mod eval;
mod export;
mod extract;
mod link;
mod load;
mod push;
mod query;
mod serve;
mod stats;

use crate::cli::{Cli, Command};
use crate::Outcome;

/// Runs the command the arguments name.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let g = &cli.global;
    // every IRI of the store starts with the base: a bad one would be written into the
    // snapshot and stop every later load
    if let Err(e) = oxigraph::model::NamedNode::new(g.base.as_str()) {
        crate::usage!("--base {}: not an absolute IRI ({e})", g.base);
    }
    let uses_store = !matches!(cli.command, Command::Extract { .. } | Command::Eval { .. });
    if uses_store && g.store.exists() && !g.store.is_dir() {
        crate::usage!(
            "--store {}: not a directory (a store is a directory)",
            g.store.display()
        );
    }
    match cli.command {
        Command::Build { inputs } => build::run(g, &inputs),
        Command::Extract {
            inputs,
            format,
            workers,
        } => extract::run(g, &inputs, format, workers.map(|w| w as usize)),
        Command::Load { dir } => load::run(g, &dir),
        Command::Query {
            file,
            expr,
            format,
            federate,
            service_map,
            timeout,
            max_memory,
        } => {
            let federation = (federate || !service_map.is_empty())
                .then(|| query::federation(&service_map, if timeout == 0 { 300 } else { timeout }))
                .transpose()?;
            let limits = newsgraph_store::Limits {
                timeout: (timeout > 0).then(|| std::time::Duration::from_secs(timeout)),
                max_memory: (max_memory > 0).then_some(max_memory << 20),
            };
            query::run(
                g,
                file.as_deref(),
                expr.as_deref(),
                format,
                federation,
                limits,
            )
        }
        Command::Link {
            endpoint,
            dry_run,
            threshold,
            margin,
            batch,
            timeout,
        } => link::run(g, &endpoint, dry_run, threshold, margin, batch, timeout),
        Command::Push {
            endpoint,
            graph_store,
            default_graph,
            auth,
            dry_run,
            batch,
            timeout,
        } => push::run(
            g,
            &push::Args {
                endpoint,
                graph_store,
                default_graph,
                auth,
                dry_run,
                batch: batch as usize,
                timeout,
            },
        ),
        Command::Export {
            format,
            focus,
            hops,
            output,
        } => export::run(g, format, focus.as_deref(), hops, output.as_deref()),
        Command::Eval {
            gold,
            inputs,
            system,
            per_doc,
            by_predicate,
            explain,
            json,
        } => eval::run(
            g,
            &gold,
            &inputs,
            system.as_deref(),
            eval::Show {
                per_doc,
                by_predicate,
                explain,
                json,
            },
        ),
        Command::Stats { top } => stats::run(g, top),
        Command::Serve {
            bind,
            timeout,
            max_memory,
            max_rows,
            queries,
            cache_mib,
        } => serve::run(g, bind, timeout, max_memory, max_rows, queries, cache_mib),
    }
}

/// Opens the store for reading.
pub fn open_read(g: &crate::cli::Global) -> anyhow::Result<newsgraph_store::GraphStore> {
    Ok(
        newsgraph_store::GraphStore::open(&g.store, newsgraph_store::Mode::Read)?
            .with_base(&g.base),
    )
}
