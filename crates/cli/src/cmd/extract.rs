//! `newsgraph extract`: a Unix filter from articles to JSON Lines or RDF.

use std::io::Write;
use std::path::PathBuf;

use newsgraph_store::rdf::{quads, Iris, PREFIXES};
use oxigraph::io::{RdfFormat, RdfSerializer};

use crate::cli::{ExtractFormat, Global};
use crate::docs::extract_all;
use crate::Outcome;

pub fn run(g: &Global, inputs: &[PathBuf], format: ExtractFormat) -> anyhow::Result<Outcome> {
    let (docs, failed) = extract_all(g, inputs)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let iris = Iris::new(&g.base);
    match format {
        ExtractFormat::Jsonl => {
            for d in &docs {
                serde_json::to_writer(&mut out, d)?;
                out.write_all(b"\n")?;
            }
        }
        ExtractFormat::Nquads => {
            for d in &docs {
                for q in quads(d, &iris) {
                    writeln!(out, "{q} .")?;
                }
            }
        }
        ExtractFormat::Turtle => {
            let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
            for (p, ns) in PREFIXES {
                ser = ser.with_prefix(*p, *ns)?;
            }
            let mut w = ser.for_writer(&mut out);
            let mut triples: Vec<oxigraph::model::Triple> = docs
                .iter()
                .flat_map(|d| quads(d, &iris))
                .map(Into::into)
                .collect();
            triples.sort_by_key(|t| t.to_string());
            triples.dedup();
            for t in &triples {
                w.serialize_triple(t)?;
            }
            w.finish()?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}
