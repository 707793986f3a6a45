//! `newsgraph extract`: a Unix filter from articles to JSON Lines or RDF. JSON Lines on
//! standard input are streamed (see [`crate::stream`]); other inputs are read whole.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use newsgraph_model::Extraction;
use newsgraph_store::rdf::{nquads, quads, Iris, PREFIXES};
use oxigraph::io::{RdfFormat, RdfSerializer};

use crate::cli::{ExtractFormat, Global};
use crate::docs::{cores, extract_all_with, extractor};
use crate::Outcome;

pub fn run(
    g: &Global,
    inputs: &[PathBuf],
    format: ExtractFormat,
    workers: Option<usize>,
) -> anyhow::Result<Outcome> {
    let workers = workers.unwrap_or_else(cores);
    if format != ExtractFormat::Turtle && inputs == [Path::new("-")] && stdin_is_json_lines()? {
        return stream(g, format, workers);
    }
    let (docs, failed) = extract_all_with(g, inputs, workers)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let iris = Iris::new(&g.base);
    if format == ExtractFormat::Turtle {
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
    } else {
        for d in &docs {
            render(format, d, &iris, &mut out)?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}

/// Writes one document's output: its JSON line, or its quads (sorted, in its named graph).
fn render(
    format: ExtractFormat,
    d: &Extraction,
    iris: &Iris,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        ExtractFormat::Jsonl => {
            serde_json::to_writer(&mut *out, d)?;
            out.write_all(b"\n")
        }
        _ => {
            for q in nquads(d, iris) {
                out.write_all(q.as_bytes())?;
                out.write_all(b" .\n")?;
            }
            Ok(())
        }
    }
}

/// True when standard input starts with `{` (after white space): JSON Lines, streamed.
/// Looks without consuming: otherwise the input is read whole as before.
fn stdin_is_json_lines() -> std::io::Result<bool> {
    let mut stdin = std::io::stdin().lock();
    let buf = stdin.fill_buf()?;
    Ok(buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'))
}

/// The stream of JSON Lines on standard input, one document per line.
fn stream(g: &Global, format: ExtractFormat, workers: usize) -> anyhow::Result<Outcome> {
    let ex = extractor(g)?;
    let iris = Iris::new(&g.base);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let tally = crate::stream::filter(
        std::io::BufReader::with_capacity(1 << 16, std::io::stdin()),
        &mut out,
        workers,
        "-",
        // the text goes with the quads, as in `build`, so that `load` gives the same store
        |d| Extraction {
            text: Some(d.text.clone()),
            ..ex.extract(d)
        },
        |x, buf| render(format, x, &iris, buf),
    )?;
    // the gazetteers are freed with the process (see docs::extract_all)
    std::mem::forget(ex);
    Ok(if tally.failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}
