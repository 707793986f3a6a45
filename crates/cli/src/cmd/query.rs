//! `newsgraph query`: SPARQL over the store.

use std::path::Path;

use anyhow::Context;
use newsgraph_store::{write_results, ResultFormat};

use crate::cli::{Global, QueryFormat};
use crate::Outcome;

pub fn run(
    g: &Global,
    file: Option<&Path>,
    expr: Option<&str>,
    format: QueryFormat,
    federation: Option<newsgraph_link::Federation>,
    limits: newsgraph_store::Limits,
) -> anyhow::Result<Outcome> {
    let text = match (file, expr) {
        (Some(f), _) if f.as_os_str() == "-" => std::io::read_to_string(std::io::stdin())
            .context("reading the query from standard input")?,
        (Some(f), _) => std::fs::read_to_string(f).with_context(|| format!("{}", f.display()))?,
        (None, Some(e)) => e.to_owned(),
        (None, None) => crate::usage!("query: give a .rq file or -e QUERY"),
    };
    if is_update(&text) {
        anyhow::bail!(
            "{}: this is a SPARQL update; `query` only reads the store (it is changed by `build` and `link`)",
            file.map_or("query".to_owned(), |f| f.display().to_string())
        );
    }
    let store = super::open_read(g)?;
    let federated = federation.is_some();
    let mentions_service = text.to_ascii_uppercase().contains("SERVICE");
    // Oxigraph's evaluator can panic on some queries (ORDER BY over terms of mixed kinds):
    // that query fails with a message instead of taking the process down with a backtrace
    let engine_failed = |panic: String| {
        anyhow::anyhow!("the SPARQL engine failed on this query ({panic}); ORDER BY on STR() of the variables avoids it")
    };
    let (results, watchdog) = contained(|| match federation {
        Some(f) => store.query_federated_limited(&text, limits, f),
        None => store.query_limited(&text, limits),
    })
    .map_err(engine_failed)?
    .map_err(|e| {
        let message = e.to_string();
        if message.contains("cancelled") {
            return anyhow::anyhow!("the query was stopped by its --timeout or --max-memory bound");
        }
        if !federated && message.contains("is not supported") && mentions_service {
            anyhow::anyhow!("{message}; SERVICE calls go out only with --federate")
        } else {
            anyhow::Error::new(e)
        }
    })
    .with_context(|| match file {
        Some(f) => format!("query {}", f.display()),
        None => "query".to_owned(),
    })?;
    let format = match format {
        QueryFormat::Table => ResultFormat::Table,
        QueryFormat::Csv => ResultFormat::Csv,
        QueryFormat::Tsv => ResultFormat::Tsv,
        QueryFormat::Json => ResultFormat::Json,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = contained(|| write_results(results, format, &mut out)).map_err(engine_failed)?;
    written.map_err(|e| {
        if let Some(why) = watchdog.fired() {
            return anyhow::anyhow!("{why}");
        }
        let message = format!("{e:#}");
        if !federated && message.contains("is not supported") && mentions_service {
            anyhow::anyhow!("{message}; SERVICE calls go out only with --federate")
        } else {
            e.into()
        }
    })?;
    std::io::Write::flush(&mut out)?;
    Ok(Outcome::Ok)
}

/// Runs `f`, turning a panic into its message (printed by no hook).
fn contained<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    r.map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned())
    })
}

/// Whether `text` is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, …) rather than a query.
fn is_update(text: &str) -> bool {
    let mut evaluator = oxigraph::sparql::SparqlEvaluator::new();
    for (p, ns) in newsgraph_store::rdf::PREFIXES {
        match evaluator.with_prefix(*p, *ns) {
            Ok(e) => evaluator = e,
            Err(_) => return false,
        }
    }
    evaluator.clone().parse_query(text).is_err() && evaluator.parse_update(text).is_ok()
}

/// The SERVICE handler of `--federate` and `--service-map FROM=TO`.
pub fn federation(map: &[String], timeout: u64) -> anyhow::Result<newsgraph_link::Federation> {
    let mut pairs = Vec::new();
    for m in map {
        let Some((from, to)) = m.split_once('=') else {
            crate::usage!("--service-map {m}: expected FROM=TO");
        };
        if let Err(e) = newsgraph_link::Endpoint::check_url(to) {
            crate::usage!("--service-map {m}: {e}");
        }
        pairs.push((from.to_owned(), to.to_owned()));
    }
    Ok(newsgraph_link::Federation::new(
        std::time::Duration::from_secs(timeout),
        pairs,
    ))
}
