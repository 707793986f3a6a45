//! `newsgraph push`: the store's named graphs into an external store through the SPARQL 1.1
//! Graph Store HTTP Protocol, with the external default graph kept as the store keeps its own
//! (SPEC §2.3: every triple any graph states, once).
//!
//! Each graph is sent whole with one PUT, so a re-push replaces exactly that document's facts
//! and the external store applies it as one operation: a graph is its old or its new version,
//! never a mix. A graph already pushed with the same content (recorded in the store directory,
//! `push/KEY.tsv`, per graph store and default graph) is not sent again. Per batch of graphs:
//!
//! 1. GET each graph's current content from the external store;
//! 2. POST the batch's triples into the default graph (a graph is a set: no duplicates);
//! 3. PUT each graph;
//! 4. remove from the default graph the triples the old versions stated and the new ones do
//!    not, unless some other graph there still states them, checked and deleted in one SPARQL
//!    Update per chunk on the server;
//! 5. record the batch as pushed.
//!
//! So queries over the external default graph never miss a fact of a graph that is there.
//! After a failure (an unreachable or refusing endpoint) the default graph may still hold facts
//! the failed batch was about to remove; those candidates were written to `push/KEY.pending`
//! before step 2, and the next push removes them. Re-running a push is always safe.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use newsgraph_store::GraphStore;
use oxigraph::io::{RdfFormat, RdfParser};

use crate::gsp::{GraphStoreClient, Target};
use crate::Error;

/// How to push.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The external graph that plays the default graph.
    pub default_graph: Target,
    /// Graphs per batch.
    pub batch: usize,
    /// Candidate triples per removal update.
    pub chunk: usize,
}

/// What a push did (or, in a dry run, would do).
#[derive(Debug, Default, Clone)]
pub struct Pushed {
    /// Graphs sent (or to send).
    pub graphs: usize,
    /// Graphs left alone: already pushed with the same content.
    pub unchanged: usize,
    /// Triples sent in those graphs.
    pub triples: usize,
    /// Candidate triples checked for removal from the default graph.
    pub candidates: usize,
}

/// A graph to send: its IRI, its N-Triples lines and their hash.
type Todo = (String, Vec<String>, u64);

/// FNV-1a, 64 bits: a stable hash of a graph's sorted lines (not a security measure).
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn local(e: impl std::fmt::Display) -> Error {
    Error::Local {
        message: e.to_string(),
    }
}

/// The files that record what was pushed to one external store.
struct Record {
    state: PathBuf,
    pending: PathBuf,
}

impl Record {
    fn new(dir: &Path, client: &GraphStoreClient, default_graph: &Target) -> Record {
        let key = fnv(&[client.gsp_url(), &format!("{default_graph:?}")]);
        let dir = dir.join("push");
        Record {
            state: dir.join(format!("{key:016x}.tsv")),
            pending: dir.join(format!("{key:016x}.pending")),
        }
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_default()
    }

    fn write(path: &Path, text: &str) -> Result<(), Error> {
        let fail = |e: std::io::Error| local(format!("{}: {e}", path.display()));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text).map_err(fail)?;
        std::fs::rename(&tmp, path).map_err(fail)
    }
}

/// The triples of N-Triples text in one canonical spelling (`s p o`), whatever the store's
/// white space and escapes.
fn canonical(ntriples: &str, url: &str) -> Result<BTreeSet<String>, Error> {
    let mut out = BTreeSet::new();
    for t in RdfParser::from_format(RdfFormat::NTriples).for_slice(ntriples.as_bytes()) {
        let t = t.map_err(|e| Error::BadAnswer {
            url: url.to_owned(),
            message: e.to_string(),
        })?;
        out.insert(format!("{} {} {}", t.subject, t.predicate, t.object));
    }
    Ok(out)
}

/// The graphs of `store` whose content differs from what was last pushed.
fn changed(store: &GraphStore, pushed: &HashMap<String, u64>) -> Result<(Vec<Todo>, usize), Error> {
    let (mut todo, mut unchanged) = (Vec::new(), 0);
    for g in store.graphs().map_err(local)? {
        let lines = store.graph_ntriples(&g).map_err(local)?;
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let h = fnv(&refs);
        if pushed.get(g.as_str()) == Some(&h) {
            unchanged += 1;
        } else {
            todo.push((g.into_string(), lines, h));
        }
    }
    Ok((todo, unchanged))
}

/// Pushes the graphs of `store` that changed since the last push to `client`'s store; with
/// `dry_run` nothing is sent or recorded.
pub fn push(
    store: &GraphStore,
    client: &GraphStoreClient,
    opts: &PushOptions,
    dry_run: bool,
) -> Result<Pushed, Error> {
    let record = Record::new(store.dir(), client, &opts.default_graph);
    let mut pushed: HashMap<String, u64> = Record::read(&record.state)
        .lines()
        .filter_map(|l| {
            let (g, h) = l.split_once('\t')?;
            Some((g.to_owned(), u64::from_str_radix(h, 16).ok()?))
        })
        .collect();
    let (todo, unchanged) = changed(store, &pushed)?;
    let mut done = Pushed {
        graphs: todo.len(),
        unchanged,
        triples: todo.iter().map(|t| t.1.len()).sum(),
        candidates: 0,
    };
    if dry_run {
        return Ok(done);
    }
    // candidates a failed push left behind
    let mut carried: BTreeSet<String> = Record::read(&record.pending)
        .lines()
        .map(str::to_owned)
        .collect();
    for batch in todo.chunks(opts.batch.max(1)) {
        let mut candidates = std::mem::take(&mut carried);
        let mut additions = String::new();
        for (g, lines, _) in batch {
            let target = Target::Named(g.clone());
            let old = canonical(&client.get(&target)?, client.gsp_url())?;
            let new: BTreeSet<&str> = lines.iter().map(|l| l.trim_end_matches(" .")).collect();
            candidates.extend(old.into_iter().filter(|t| !new.contains(t.as_str())));
            for l in lines {
                additions.push_str(l);
                additions.push('\n');
            }
        }
        let journal: Vec<&str> = candidates.iter().map(String::as_str).collect();
        Record::write(&record.pending, &(journal.join("\n") + "\n"))?;
        client.send(&opts.default_graph, &additions, false)?;
        for (g, lines, _) in batch {
            client.send(&Target::Named(g.clone()), &(lines.join("\n") + "\n"), true)?;
        }
        remove_unstated(client, &opts.default_graph, &candidates, opts.chunk)?;
        done.candidates += candidates.len();
        for (g, _, h) in batch {
            pushed.insert(g.clone(), *h);
        }
        let mut state: Vec<String> = pushed
            .iter()
            .map(|(g, h)| format!("{g}\t{h:016x}"))
            .collect();
        state.sort();
        Record::write(&record.state, &(state.join("\n") + "\n"))?;
        Record::write(&record.pending, "")?;
    }
    Ok(done)
}

/// Deletes each candidate triple from the default graph unless a named graph other than the
/// default graph states it: the check and the delete are one update on the server.
fn remove_unstated(
    client: &GraphStoreClient,
    default_graph: &Target,
    candidates: &BTreeSet<String>,
    chunk: usize,
) -> Result<(), Error> {
    let list: Vec<&String> = candidates.iter().collect();
    let not_default = match default_graph {
        Target::Named(d) => format!("FILTER (?g != <{d}>)"),
        Target::Default => String::new(),
    };
    for part in list.chunks(chunk.max(1)) {
        let values: String = part.iter().map(|t| format!("({t})\n")).collect();
        let update = format!(
            "DELETE {{ {} }} WHERE {{ VALUES (?s ?p ?o) {{ {values} }} {} \
             FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} {not_default} }} }}",
            default_graph.wrap("?s ?p ?o"),
            default_graph.wrap("?s ?p ?o"),
        );
        client.update(&update)?;
    }
    Ok(())
}
