//! Writing SPARQL results: an aligned table for people, CSV, TSV and JSON for programs.

use std::io::Write;

use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

use crate::Error;

/// Output formats of query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// An aligned text table with short names (prefixes applied).
    Table,
    /// SPARQL 1.1 CSV.
    Csv,
    /// SPARQL 1.1 TSV.
    Tsv,
    /// SPARQL 1.1 JSON.
    Json,
}

fn short(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => {
            let s = n.as_str();
            for (p, ns) in crate::rdf::PREFIXES {
                if let Some(rest) = s.strip_prefix(ns) {
                    return format!("{p}:{rest}");
                }
            }
            format!("<{s}>")
        }
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// Writes query results. Graph results (CONSTRUCT, DESCRIBE) are written as N-Triples.
pub fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut dyn Write,
) -> Result<usize, Error> {
    let err = |e: std::io::Error| Error::Io {
        path: "output".into(),
        source: e,
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            if format == ResultFormat::Table {
                let mut rows: Vec<Vec<String>> = Vec::new();
                for s in solutions {
                    let s = s?;
                    rows.push(
                        vars.iter()
                            .map(|v| s.get(v).map(short).unwrap_or_default())
                            .collect(),
                    );
                }
                let header: Vec<String> = vars.iter().map(|v| v.as_str().to_owned()).collect();
                let widths: Vec<usize> = (0..header.len())
                    .map(|i| {
                        rows.iter()
                            .map(|r| r[i].chars().count().min(80))
                            .chain([header[i].len()])
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                let line = |cells: &[String]| -> String {
                    cells
                        .iter()
                        .zip(&widths)
                        .map(|(c, w)| {
                            let c: String = if c.chars().count() > 80 {
                                c.chars().take(79).chain(['…']).collect()
                            } else {
                                c.replace('\n', " ")
                            };
                            format!("{c:<w$}", w = *w)
                        })
                        .collect::<Vec<_>>()
                        .join("  ")
                        .trim_end()
                        .to_owned()
                };
                writeln!(out, "{}", line(&header)).map_err(err)?;
                writeln!(
                    out,
                    "{}",
                    widths
                        .iter()
                        .map(|w| "-".repeat(*w))
                        .collect::<Vec<_>>()
                        .join("  ")
                )
                .map_err(err)?;
                for r in &rows {
                    writeln!(out, "{}", line(r)).map_err(err)?;
                }
                return Ok(rows.len());
            }
            let f = match format {
                ResultFormat::Csv => QueryResultsFormat::Csv,
                ResultFormat::Tsv => QueryResultsFormat::Tsv,
                _ => QueryResultsFormat::Json,
            };
            let mut w = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(out, vars)
                .map_err(err)?;
            let mut n = 0;
            for s in solutions {
                let s = s?;
                w.serialize(&s).map_err(err)?;
                n += 1;
            }
            w.finish().map_err(err)?;
            Ok(n)
        }
        QueryResults::Boolean(b) => {
            if format == ResultFormat::Table {
                writeln!(out, "{b}").map_err(err)?;
            } else {
                let f = match format {
                    ResultFormat::Csv => QueryResultsFormat::Csv,
                    ResultFormat::Tsv => QueryResultsFormat::Tsv,
                    _ => QueryResultsFormat::Json,
                };
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(out, b)
                    .map_err(err)?;
            }
            Ok(1)
        }
        QueryResults::Graph(triples) => {
            let mut n = 0;
            for t in triples {
                writeln!(out, "{} .", t?).map_err(err)?;
                n += 1;
            }
            Ok(n)
        }
    }
}
