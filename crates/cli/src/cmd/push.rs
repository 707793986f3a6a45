//! `newsgraph push`: the store's graphs into an external store (SPARQL 1.1 Graph Store
//! Protocol); the protocol and its order of requests are in `newsgraph_link::push`.

use std::io::Write;
use std::time::{Duration, Instant};

use newsgraph_link::{Endpoint, GraphStoreClient, PushOptions, Target};
use newsgraph_store::{GraphStore, Mode};

use crate::cli::Global;
use crate::Outcome;

/// The options of `push`.
pub struct Args {
    pub endpoint: String,
    pub graph_store: Option<String>,
    pub default_graph: Option<String>,
    pub auth: Option<String>,
    pub dry_run: bool,
    pub batch: usize,
    pub timeout: u64,
}

pub fn run(g: &Global, a: &Args) -> anyhow::Result<Outcome> {
    let gsp = a.graph_store.as_deref().unwrap_or(&a.endpoint);
    for (flag, url) in [("--endpoint", a.endpoint.as_str()), ("--graph-store", gsp)] {
        if let Err(e) = Endpoint::check_url(url) {
            crate::usage!("{flag}: {e}");
        }
    }
    if a.auth.as_deref().is_some_and(|x| !x.contains(':')) {
        crate::usage!("--auth: expected USER:PASSWORD");
    }
    let default_graph = match a.default_graph.as_deref() {
        Some("default") => Target::Default,
        Some(iri) => match oxigraph::model::NamedNode::new(iri) {
            Ok(n) => Target::Named(n.into_string()),
            Err(e) => crate::usage!("--default-graph {iri}: not an IRI ({e})"),
        },
        None => Target::Named(format!("{}graph/default", g.base)),
    };
    let started = Instant::now();
    // a push records what it sent in the store directory: one writer at a time
    let mode = if a.dry_run { Mode::Read } else { Mode::Write };
    let store = GraphStore::open(&g.store, mode)?.with_base(&g.base);
    let client = GraphStoreClient::new(
        gsp,
        &a.endpoint,
        a.auth.as_deref(),
        Duration::from_secs(a.timeout.max(1)),
    );
    let opts = PushOptions {
        default_graph,
        batch: a.batch,
        chunk: 200,
    };
    let done = match newsgraph_link::push(&store, &client, &opts, a.dry_run) {
        Ok(done) => done,
        Err(stopped) => return Err(stopped_report(&stopped, gsp)),
    };
    let secs = started.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    let verb = if a.dry_run { "would push" } else { "pushed" };
    writeln!(
        out,
        "{verb} {} graphs ({} triples) to {gsp}; {} unchanged",
        done.graphs, done.triples, done.unchanged
    )?;
    if a.dry_run {
        if done.candidates > 0 {
            writeln!(
                out,
                "default graph: {} triples journalled by a push that did not finish, to check",
                done.candidates
            )?;
        }
    } else {
        writeln!(
            out,
            "default graph: {} triples checked for removal; {secs:.2}s, {:.0} graphs/s",
            done.candidates,
            done.graphs as f64 / secs.max(1e-9)
        )?;
    }
    Ok(Outcome::Ok)
}

/// The graphs listed by name when a push stops; the others are in the record.
const LISTED: usize = 20;

/// What a push that stopped leaves: on standard output what it pushed before the failure (the
/// graphs by name); as the error, the failure, what is left and how to finish.
fn stopped_report(s: &newsgraph_link::Stopped, gsp: &str) -> anyhow::Error {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "pushed {} graphs ({} triples) to {gsp} before the failure; {} unchanged, {} not pushed",
        s.done.graphs, s.done.triples, s.done.unchanged, s.left
    );
    for g in s.pushed.iter().take(LISTED) {
        let _ = writeln!(out, "  pushed <{g}>");
    }
    if s.pushed.len() > LISTED {
        let _ = writeln!(
            out,
            "  … and {} more (all in {})",
            s.pushed.len() - LISTED,
            s.record.display()
        );
    }
    let mut finish = format!(
        "{}; push stopped after {} of {} graphs",
        s.error,
        s.done.graphs,
        s.done.graphs + s.left
    );
    if s.journalled > 0 {
        finish.push_str(&format!(
            ", {} triples of the default graph journalled to check",
            s.journalled
        ));
    }
    finish.push_str("; the same push again sends the rest");
    anyhow::anyhow!(finish)
}
