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
) -> anyhow::Result<Outcome> {
    let text = match (file, expr) {
        (Some(f), _) if f.as_os_str() == "-" => std::io::read_to_string(std::io::stdin())
            .context("reading the query from standard input")?,
        (Some(f), _) => std::fs::read_to_string(f).with_context(|| format!("{}", f.display()))?,
        (None, Some(e)) => e.to_owned(),
        (None, None) => {
            eprintln!("newsgraph query: give a .rq file or -e QUERY");
            std::process::exit(2);
        }
    };
    let store = super::open_read(g)?;
    let results = store.query(&text).with_context(|| match file {
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
    write_results(results, format, &mut out)?;
    std::io::Write::flush(&mut out)?;
    Ok(Outcome::Ok)
}
