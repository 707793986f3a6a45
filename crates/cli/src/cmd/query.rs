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
) -> anyhow::Result<Outcome> {
    let text = match (file, expr) {
        (Some(f), _) if f.as_os_str() == "-" => std::io::read_to_string(std::io::stdin())
            .context("reading the query from standard input")?,
        (Some(f), _) => std::fs::read_to_string(f).with_context(|| format!("{}", f.display()))?,
        (None, Some(e)) => e.to_owned(),
        (None, None) => crate::usage!("query: give a .rq file or -e QUERY"),
    };
    let store = super::open_read(g)?;
    let federated = federation.is_some();
    let results = match federation {
        Some(f) => store.query_federated(&text, f),
        None => store.query(&text),
    }
    .map_err(|e| {
        let message = e.to_string();
        if !federated && message.contains("is not supported") && text.contains("SERVICE") {
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
    write_results(results, format, &mut out).map_err(|e| {
        let message = format!("{e:#}");
        if !federated && message.contains("is not supported") && text.contains("SERVICE") {
            anyhow::anyhow!("{message}; SERVICE calls go out only with --federate")
        } else {
            e.into()
        }
    })?;
    std::io::Write::flush(&mut out)?;
    Ok(Outcome::Ok)
}

/// The SERVICE handler of `--federate` and `--service-map FROM=TO`.
pub fn federation(map: &[String], timeout: u64) -> anyhow::Result<newsgraph_link::Federation> {
    let mut pairs = Vec::new();
    for m in map {
        let Some((from, to)) = m.split_once('=') else {
            anyhow::bail!("--service-map {m}: expected FROM=TO");
        };
        pairs.push((from.to_owned(), to.to_owned()));
    }
    Ok(newsgraph_link::Federation::new(
        std::time::Duration::from_secs(timeout),
        pairs,
    ))
}
