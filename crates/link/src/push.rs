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
//! 2. journal in `push/KEY.pending` every triple the default graph may hold after this batch
//!    with no graph stating it: those the old versions stated, and the batch's new triples
//!    (stated only once their graph's PUT is through);
//! 3. POST the batch's triples into the default graph (a graph is a set: no duplicates);
//! 4. PUT each graph, recording it as pushed (one line appended to `push/KEY.tsv`) as soon as
//!    the store has acknowledged it;
//! 5. remove from the default graph the journalled triples that no other graph there states,
//!    checked and deleted in one SPARQL Update per chunk on the server; clear the journal.
//!
//! So queries over the external default graph never miss a fact of a graph that is there.
//! After a failure (an unreachable or refusing endpoint, after the retries with backoff of
//! [`crate::Endpoint`]) the record holds exactly the graphs the store acknowledged, and the
//! default graph may hold facts no graph states any more (or yet); those are all in the
//! journal, and the next push, whatever changed locally meanwhile, sends the graphs not
//! recorded and then removes them, even when it has no graph left to send. Re-running a push
//! is always safe: a PUT, a POST of a set and the checked delete are all idempotent.

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
    /// Candidate triples checked for removal from the default graph (in a dry run: those a
    /// push that did not finish journalled, which the next push checks).
    pub candidates: usize,
}

/// A push that stopped on a failure, with what it did before.
#[derive(Debug)]
pub struct Stopped {
    /// Why it stopped.
    pub error: Error,
    /// The graphs acknowledged by the store before the failure, recorded as pushed (the
    /// counts of `done` are about them).
    pub pushed: Vec<String>,
    /// What was done before the failure; `graphs` counts `pushed`.
    pub done: Pushed,
    /// Graphs still to send: the next push sends them.
    pub left: usize,
    /// Triples journalled for the next push to check in the default graph.
    pub journalled: usize,
    /// The file that records the graphs pushed.
    pub record: PathBuf,
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.error)
    }
}

impl std::error::Error for Stopped {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
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

    /// The graphs recorded as pushed, with their hashes (a later line wins).
    fn pushed(&self) -> HashMap<String, u64> {
        Record::read(&self.state)
            .lines()
            .filter_map(|l| {
                let (g, h) = l.split_once('\t')?;
                Some((g.to_owned(), u64::from_str_radix(h, 16).ok()?))
            })
            .collect()
    }

    /// Records one graph as pushed: a line appended, so that a failure later in the run keeps
    /// what the store has already acknowledged (a line torn by a crash is ignored on reading,
    /// and its graph sent again).
    fn append(&self, graph: &str, hash: u64) -> Result<(), Error> {
        use std::io::Write;
        let fail = |e: std::io::Error| local(format!("{}: {e}", self.state.display()));
        if let Some(parent) = self.state.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.state)
            .map_err(fail)?;
        f.write_all(format!("{graph}\t{hash:016x}\n").as_bytes())
            .map_err(fail)
    }

    /// Rewrites the record with one line per graph, sorted.
    fn compact(&self, pushed: &HashMap<String, u64>) -> Result<(), Error> {
        let mut state: Vec<String> = pushed
            .iter()
            .map(|(g, h)| format!("{g}\t{h:016x}\n"))
            .collect();
        state.sort();
        Record::write(&self.state, &state.concat())
    }

    /// The triples journalled by a push that did not finish.
    fn journal(&self) -> BTreeSet<String> {
        Record::read(&self.pending)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn set_journal(&self, triples: &BTreeSet<String>) -> Result<(), Error> {
        let mut text = String::new();
        for t in triples {
            text.push_str(t);
            text.push('\n');
        }
        Record::write(&self.pending, &text)
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
/// `dry_run` nothing is sent or recorded. On a failure, what was pushed before it is
/// recorded, and said in the [`Stopped`].
pub fn push(
    store: &GraphStore,
    client: &GraphStoreClient,
    opts: &PushOptions,
    dry_run: bool,
) -> Result<Pushed, Box<Stopped>> {
    let record = Record::new(store.dir(), client, &opts.default_graph);
    let mut pushed = record.pushed();
    let stop = |error: Error, names: Vec<String>, done: Pushed, left: usize| {
        Box::new(Stopped {
            error,
            pushed: names,
            done,
            left,
            journalled: record.journal().len(),
            record: record.state.clone(),
        })
    };
    let (todo, unchanged) =
        changed(store, &pushed).map_err(|e| stop(e, Vec::new(), Pushed::default(), 0))?;
    if dry_run {
        return Ok(Pushed {
            graphs: todo.len(),
            unchanged,
            triples: todo.iter().map(|t| t.1.len()).sum(),
            candidates: record.journal().len(),
        });
    }
    let mut done = Pushed {
        unchanged,
        ..Pushed::default()
    };
    let mut names = Vec::new();
    // what a failed push left to check
    let mut carried = record.journal();
    for batch in todo.chunks(opts.batch.max(1)) {
        let mut acknowledged = |g: &str, h: u64, triples: usize| -> Result<(), Error> {
            record.append(g, h)?;
            pushed.insert(g.to_owned(), h);
            names.push(g.to_owned());
            done.graphs += 1;
            done.triples += triples;
            Ok(())
        };
        let sent = push_batch(
            client,
            opts,
            &record,
            batch,
            &mut carried,
            &mut acknowledged,
        );
        match sent {
            Ok(candidates) => done.candidates += candidates,
            Err(e) => {
                let left = todo.len() - names.len();
                return Err(stop(e, names, done, left));
            }
        }
    }
    if !carried.is_empty() {
        // nothing to send, but a failed push's journal to finish
        let checked = remove_unstated(client, &opts.default_graph, &carried, opts.chunk)
            .and_then(|()| record.set_journal(&BTreeSet::new()));
        if let Err(e) = checked {
            return Err(stop(e, names, done, 0));
        }
        done.candidates += carried.len();
    }
    if !names.is_empty() {
        record
            .compact(&pushed)
            .map_err(|e| stop(e, Vec::new(), done.clone(), 0))?;
    }
    Ok(done)
}

/// One batch: steps 1 to 5 of the module's description; `acknowledged` is told of each graph
/// the store took. The number of triples checked for removal from the default graph.
fn push_batch(
    client: &GraphStoreClient,
    opts: &PushOptions,
    record: &Record,
    batch: &[Todo],
    carried: &mut BTreeSet<String>,
    acknowledged: &mut dyn FnMut(&str, u64, usize) -> Result<(), Error>,
) -> Result<usize, Error> {
    let mut candidates = std::mem::take(carried);
    let mut journal = candidates.clone();
    let mut additions = String::new();
    for (g, lines, _) in batch {
        let target = Target::Named(g.clone());
        let old = canonical(&client.get(&target)?, client.gsp_url())?;
        let new: BTreeSet<&str> = lines.iter().map(|l| l.trim_end_matches(" .")).collect();
        candidates.extend(old.into_iter().filter(|t| !new.contains(t.as_str())));
        journal.extend(new.iter().map(|t| (*t).to_owned()));
        for l in lines {
            additions.push_str(l);
            additions.push('\n');
        }
    }
    journal.extend(candidates.iter().cloned());
    record.set_journal(&journal)?;
    client.send(&opts.default_graph, &additions, false)?;
    for (g, lines, h) in batch {
        client.send(&Target::Named(g.clone()), &(lines.join("\n") + "\n"), true)?;
        acknowledged(g, *h, lines.len())?;
    }
    remove_unstated(client, &opts.default_graph, &candidates, opts.chunk)?;
    record.set_journal(&BTreeSet::new())?;
    Ok(candidates.len())
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
