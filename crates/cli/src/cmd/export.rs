//! `newsgraph export`: the graph as DOT, GraphML or RDF.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use newsgraph_graph::EntityGraph;
use oxigraph::io::RdfFormat;

use crate::cli::{ExportFormat, Global};
use crate::Outcome;

pub fn run(
    g: &Global,
    format: ExportFormat,
    focus: Option<&str>,
    hops: usize,
    output: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let store = super::open_read(g)?;
    let mut buf: Vec<u8> = Vec::new();
    match format {
        ExportFormat::Dot | ExportFormat::Graphml => {
            let mut graph = EntityGraph::from_store(&store)?;
            if let Some(f) = focus {
                graph = graph.focus(f, hops)?;
            }
            buf = if format == ExportFormat::Dot {
                graph.to_dot()
            } else {
                graph.to_graphml()
            }
            .into_bytes();
        }
        ExportFormat::Nquads | ExportFormat::Turtle | ExportFormat::Trig => {
            if focus.is_some() {
                anyhow::bail!("--focus applies to dot and graphml exports");
            }
            let f = match format {
                ExportFormat::Nquads => RdfFormat::NQuads,
                ExportFormat::Turtle => RdfFormat::Turtle,
                _ => RdfFormat::TriG,
            };
            store.export(f, &mut buf)?;
        }
    }
    match output {
        Some(path) => std::fs::write(path, &buf).with_context(|| format!("{}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()?;
        }
    }
    Ok(Outcome::Ok)
}
