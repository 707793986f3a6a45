//! The embedded graph store of newsgraph (SPEC §7): extractions become RDF quads (one named
//! graph per document, see [`rdf`]) in an Oxigraph store, queried with SPARQL and exported to
//! RDF formats.
//!
//! Queries see a default graph with set semantics (SPEC §2.3): every triple that any
//! document's graph (or the store's own links graph) states, once. The store keeps it in step
//! with the named graphs in the same transaction as each ingest: a triple enters with the
//! first graph that states it and leaves with the last. `GRAPH ?doc { … }` still reaches the
//! provenance of each document.
//!
//! Two backends share one interface. The default keeps Oxigraph's in-memory store and
//! persists it as a base snapshot plus one segment per batch, committed by a checksummed
//! manifest (`snapshot`): adding documents writes only their quads, a crash leaves the
//! previous state, and a damaged file is an error, never a smaller store. With the cargo
//! feature `rocksdb` the store is Oxigraph's on-disk RocksDB store, which opens without
//! loading and suits stores larger than memory. One writer at a time: a lock file in the
//! store directory turns a second writer away with a clear error.
//!
//! ```
//! use newsgraph_model::Extraction;
//! let dir = tempfile::tempdir()?;
//! let store = newsgraph_store::GraphStore::open(dir.path(), newsgraph_store::Mode::Write)?;
//! store.ingest(&[Extraction { doc: "d1".into(), ..Extraction::default() }])?;
//! assert!(store.len()? > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod load;
pub mod rdf;
mod results;
#[cfg(not(feature = "rocksdb"))]
mod snapshot;
mod watchdog;

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use newsgraph_model::Extraction;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

pub use load::{partition_files, Duplicate, Loaded};
pub use results::{write_results, ResultFormat};
pub use watchdog::{Limits, Watchdog};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Another process holds the write lock.
    #[error("the store {0} is being written by another process (lock file {0}/lock); try again when it has finished")]
    Locked(String),
    /// The store directory does not hold a store.
    #[error("no store at {0}: run `newsgraph build` first")]
    NoStore(String),
    /// A file operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The snapshot cannot be parsed.
    #[error("{path}: {message}")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Oxigraph's storage failed.
    #[error("storage: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// The SPARQL query does not parse.
    #[error("SPARQL syntax: {0}")]
    Syntax(#[from] oxigraph::sparql::SparqlSyntaxError),
    /// The SPARQL query failed.
    #[error("SPARQL evaluation: {0}")]
    Evaluation(#[from] oxigraph::sparql::QueryEvaluationError),
}

/// A link found by reconciliation.
#[derive(Debug, Clone)]
pub struct Link {
    /// The entity's IRI.
    pub entity: String,
    /// The Wikidata QID.
    pub qid: String,
    /// The reconciliation score.
    pub score: f64,
    /// Where it came from (`sparql:<endpoint>`).
    pub source: String,
}

/// Read-only or read-write access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Queries and exports; no lock is taken.
    Read,
    /// Ingestion; takes the store's write lock.
    Write,
}

/// The name of the backend compiled in.
pub const BACKEND: &str = if cfg!(feature = "rocksdb") {
    "rocksdb"
} else {
    "memory+nquads"
};

/// The file a RocksDB writer touches after each committed batch.
#[cfg(feature = "rocksdb")]
const COMMITTED: &str = "committed";

/// An opened store.
pub struct GraphStore {
    store: Store,
    dir: PathBuf,
    mode: Mode,
    _lock: Option<File>,
    iris: rdf::Iris,
    /// A store written before the default graph was kept, opened read-only: queries fall back
    /// to the union of the named graphs.
    union_fallback: bool,
    /// The default graph alone, for queries that never reach a named graph (see
    /// [`GraphStore::index_default_graph`]).
    default_only: Option<Store>,
    #[cfg(not(feature = "rocksdb"))]
    manifest: std::sync::Mutex<snapshot::Manifest>,
}

impl std::fmt::Debug for GraphStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphStore")
            .field("dir", &self.dir)
            .field("mode", &self.mode)
            .finish()
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// True when the word `GRAPH` (any case) appears in a query: only a `GRAPH` pattern reaches
/// a named graph of the default dataset.
fn mentions_graph(sparql: &str) -> bool {
    sparql
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("graph"))
}

/// The triple of a quad, in the default graph.
fn in_default(q: &Quad) -> Quad {
    Quad::new(
        q.subject.clone(),
        q.predicate.clone(),
        q.object.clone(),
        GraphName::DefaultGraph,
    )
}

impl GraphStore {
    /// Opens the store in `dir`. Writing creates the directory and takes the lock; reading
    /// needs an existing store.
    pub fn open(dir: &Path, mode: Mode) -> Result<GraphStore, Error> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Io {
                path: dir.display().to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a directory (a store is a directory)",
                ),
            });
        }
        let lock = if mode == Mode::Write {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
            let path = dir.join("lock");
            let f = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(io(&path))?;
            match f.try_lock() {
                Ok(()) => Some(f),
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Locked(dir.display().to_string()))
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::Io {
                        path: path.display().to_string(),
                        source: e,
                    })
                }
            }
        } else {
            if !Self::exists(dir) {
                return Err(Error::NoStore(dir.display().to_string()));
            }
            None
        };
        #[cfg(not(feature = "rocksdb"))]
        let (store, manifest) = {
            let m = snapshot::Manifest::read(dir)?;
            if mode == Mode::Write {
                m.clean(dir)?;
            }
            let store = Store::new()?;
            m.load(dir, &store)?;
            (store, m)
        };
        #[cfg(feature = "rocksdb")]
        let store = {
            let path = dir.join("rocksdb");
            match mode {
                Mode::Write => Store::open(&path)?,
                Mode::Read => Store::open_read_only(&path)?,
            }
        };
        let mut opened = GraphStore {
            store,
            dir: dir.to_owned(),
            mode,
            _lock: lock,
            iris: rdf::Iris::default(),
            union_fallback: false,
            default_only: None,
            #[cfg(not(feature = "rocksdb"))]
            manifest: std::sync::Mutex::new(manifest),
        };
        opened.migrate()?;
        Ok(opened)
    }

    /// True when `dir` holds a store of the compiled backend.
    fn exists(dir: &Path) -> bool {
        #[cfg(not(feature = "rocksdb"))]
        {
            snapshot::Manifest::exists(dir)
        }
        #[cfg(feature = "rocksdb")]
        {
            dir.join("rocksdb").is_dir()
        }
    }

    /// A store written before the default graph was kept has named graphs and an empty
    /// default graph: a writer derives the default graph, a reader queries the union.
    fn migrate(&mut self) -> Result<(), Error> {
        let default_empty = self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .next()
            .is_none();
        if !default_empty || self.store.named_graphs().next().is_none() {
            return Ok(());
        }
        if self.mode == Mode::Read {
            self.union_fallback = true;
            return Ok(());
        }
        let mut added = Vec::new();
        let mut t = self.store.start_transaction()?;
        for q in self.store.iter() {
            let d = in_default(&q?);
            if !t.contains(&d)? {
                t.insert(&d);
                added.push(d);
            }
        }
        t.commit()?;
        self.commit_batch(&[], &added)
    }

    /// Uses another base for instance IRIs.
    pub fn with_base(mut self, base: &str) -> GraphStore {
        self.iris = rdf::Iris::new(base);
        self
    }

    /// The IRI maker of this store.
    pub fn iris(&self) -> &rdf::Iris {
        &self.iris
    }

    /// Loads extractions: each document's graph is replaced and the default graph brought in
    /// step, in one transaction per document; the batch is persisted once at the end.
    pub fn ingest(&self, docs: &[Extraction]) -> Result<usize, Error> {
        let mut added = 0;
        let (mut removed_all, mut added_all) = (Vec::new(), Vec::new());
        for x in docs {
            let quads = rdf::quads(x, &self.iris);
            added += quads.len();
            let graph = GraphName::NamedNode(self.iris.doc(&x.doc));
            let (r, a) = self.replace_graph(&graph, quads)?;
            removed_all.extend(r);
            added_all.extend(a);
        }
        self.commit_batch(&removed_all, &added_all)?;
        Ok(added)
    }

    /// Replaces the quads of one named graph and keeps the default graph in step, in one
    /// transaction. Returns what was removed and added (both graphs), for the snapshot.
    fn replace_graph(
        &self,
        graph: &GraphName,
        quads: Vec<Quad>,
    ) -> Result<(Vec<Quad>, Vec<Quad>), Error> {
        let mut t = self.store.start_transaction()?;
        let old: HashSet<Quad> = t
            .quads_for_pattern(None, None, None, Some(graph.as_ref()))
            .collect::<Result<_, _>>()?;
        let new: HashSet<Quad> = quads.into_iter().collect();
        let mut removed: Vec<Quad> = old.difference(&new).cloned().collect();
        let mut added: Vec<Quad> = new.difference(&old).cloned().collect();
        removed.sort_by_cached_key(Quad::to_string);
        added.sort_by_cached_key(Quad::to_string);
        let (mut removed_default, mut added_default) = (Vec::new(), Vec::new());
        for q in &removed {
            t.remove(q);
        }
        for q in &removed {
            // the triple stays in the default graph while another graph states it
            let stated_elsewhere = t
                .quads_for_pattern(
                    Some(q.subject.as_ref()),
                    Some(q.predicate.as_ref()),
                    Some(q.object.as_ref()),
                    None,
                )
                .filter_map(Result::ok)
                .any(|o| !o.graph_name.is_default_graph() && o.graph_name != *graph);
            if !stated_elsewhere {
                let d = in_default(q);
                t.remove(&d);
                removed_default.push(d);
            }
        }
        for q in &added {
            t.insert(q);
            let d = in_default(q);
            if !t.contains(&d)? {
                t.insert(&d);
                added_default.push(d);
            }
        }
        t.commit()?;
        removed.extend(removed_default);
        added.extend(added_default);
        Ok((removed, added))
    }

    /// Persists a committed batch: a segment of the snapshot (memory backend) or a flush
    /// (RocksDB).
    fn commit_batch(&self, removed: &[Quad], added: &[Quad]) -> Result<(), Error> {
        #[cfg(feature = "rocksdb")]
        {
            let _ = (removed, added);
            self.store.flush()?;
            // readers watch this file to learn that a batch has committed
            let path = self.dir.join(COMMITTED);
            let stamp = format!("{:?}\n", std::time::SystemTime::now());
            std::fs::write(&path, stamp).map_err(io(&path))
        }
        #[cfg(not(feature = "rocksdb"))]
        self.manifest
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .commit(&self.dir, &self.store, removed, added)
    }

    /// What identifies the committed state on disk (the manifest's length and modification
    /// time, or RocksDB's directory's): a reader that sees it change reopens the store.
    pub fn generation(dir: &Path) -> Option<(u64, std::time::SystemTime)> {
        #[cfg(not(feature = "rocksdb"))]
        let path = dir.join(snapshot::MANIFEST);
        #[cfg(feature = "rocksdb")]
        let path = dir.join(COMMITTED);
        let m = std::fs::metadata(path).ok()?;
        Some((m.len(), m.modified().ok()?))
    }

    /// The number of quads: the documents' graphs, the links graph and the default graph.
    pub fn len(&self) -> Result<usize, Error> {
        Ok(self.store.len()?)
    }

    /// True when the store holds no quad.
    pub fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.store.is_empty()?)
    }

    /// Evaluates a SPARQL query over the default graph, where every fact is once (unless the
    /// query names its own dataset); `GRAPH ?g` reaches each document's graph. The prefixes of
    /// [`rdf::PREFIXES`] (`ng:`, `schema:`, `rdfs:`, …) are declared; a query's own `PREFIX`
    /// lines take precedence.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>, Error> {
        self.run(Self::evaluator()?, sparql)
    }

    /// Like [`GraphStore::query`], stopped when the watchdog of `limits` fires (timeout or
    /// memory); the results are read while the returned [`Watchdog`] lives.
    pub fn query_limited(
        &self,
        sparql: &str,
        limits: Limits,
    ) -> Result<(QueryResults<'static>, Watchdog), Error> {
        let token = CancellationToken::new();
        let evaluator = Self::evaluator()?.with_cancellation_token(token.clone());
        let dog = Watchdog::start(limits, token);
        Ok((self.run(evaluator, sparql)?, dog))
    }

    /// Like [`GraphStore::query_limited`], over the dataset of the SPARQL protocol's
    /// `default-graph-uri` and `named-graph-uri` parameters when they are given (either list
    /// empty: the store's own default graph or all named graphs).
    pub fn query_dataset(
        &self,
        sparql: &str,
        limits: Limits,
        default_graphs: &[NamedNode],
        named_graphs: &[NamedNode],
    ) -> Result<(QueryResults<'static>, Watchdog), Error> {
        let token = CancellationToken::new();
        let evaluator = Self::evaluator()?.with_cancellation_token(token.clone());
        let mut prepared = evaluator.parse_query(sparql)?;
        let dataset = prepared.dataset_mut();
        if !default_graphs.is_empty() {
            dataset.set_default_graph(
                default_graphs
                    .iter()
                    .map(|g| GraphName::NamedNode(g.clone()))
                    .collect(),
            );
        } else if self.union_fallback && dataset.is_default_dataset() {
            dataset.set_default_graph_as_union();
        }
        if !named_graphs.is_empty() {
            dataset.set_available_named_graphs(
                named_graphs
                    .iter()
                    .map(|g| NamedOrBlankNode::NamedNode(g.clone()))
                    .collect(),
            );
        }
        let store = self.store_for(sparql, prepared.dataset_mut().is_default_dataset());
        let dog = Watchdog::start(limits, token);
        Ok((prepared.on_store(store).execute()?, dog))
    }

    /// Like [`GraphStore::query_limited`], with `SERVICE` calls answered by `handler`.
    pub fn query_federated_limited(
        &self,
        sparql: &str,
        limits: Limits,
        handler: impl oxigraph::sparql::DefaultServiceHandler + 'static,
    ) -> Result<(QueryResults<'static>, Watchdog), Error> {
        let token = CancellationToken::new();
        let evaluator = Self::evaluator()?
            .with_cancellation_token(token.clone())
            .with_default_service_handler(handler);
        let dog = Watchdog::start(limits, token);
        Ok((self.run(evaluator, sparql)?, dog))
    }

    /// An evaluator with the prefixes of [`rdf::PREFIXES`] declared.
    fn evaluator() -> Result<SparqlEvaluator, Error> {
        let mut evaluator = SparqlEvaluator::new();
        for (p, ns) in rdf::PREFIXES {
            evaluator = evaluator.with_prefix(*p, *ns).map_err(|e| Error::Corrupt {
                path: "prefix".into(),
                message: e.to_string(),
            })?;
        }
        Ok(evaluator)
    }

    /// Parses and runs a query over the default graph (unless it names its dataset).
    fn run(
        &self,
        evaluator: SparqlEvaluator,
        sparql: &str,
    ) -> Result<QueryResults<'static>, Error> {
        let mut prepared = evaluator.parse_query(sparql)?;
        let dataset = prepared.dataset_mut();
        if self.union_fallback && dataset.is_default_dataset() {
            dataset.set_default_graph_as_union();
        }
        let store = self.store_for(sparql, dataset.is_default_dataset());
        Ok(prepared.on_store(store).execute()?)
    }

    /// Keeps a copy of the default graph alone and answers from it every query over the
    /// default dataset whose text has no `GRAPH` (so reaches no named graph). Oxigraph's
    /// in-memory store indexes each position of a quad apart, so beside the documents' graphs
    /// a lookup of one event's triples walks that event's quads in every document that
    /// states it: on 10,000 copies of the seeds, seconds to minutes a query instead of
    /// milliseconds. For a long-running reader (`serve`); costs the default graph's quads
    /// again in memory. RocksDB's indexes do not need it.
    pub fn index_default_graph(&mut self) -> Result<(), Error> {
        if cfg!(feature = "rocksdb") || self.union_fallback {
            return Ok(());
        }
        let copy = Store::new()?;
        let mut loader = copy.bulk_loader();
        loader.load_ok_quads::<_, Error>(self.store.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::DefaultGraph),
        ))?;
        loader.commit()?;
        self.default_only = Some(copy);
        Ok(())
    }

    /// The store a query runs on: the copy of the default graph when there is one and the
    /// query cannot reach a named graph (a false alarm, a variable named `?graph`, only costs
    /// speed).
    fn store_for(&self, sparql: &str, default_dataset: bool) -> &Store {
        match &self.default_only {
            Some(copy) if default_dataset && !mentions_graph(sparql) => copy,
            _ => &self.store,
        }
    }

    /// Like [`GraphStore::query`], with `SERVICE` calls answered by `handler` (federation).
    pub fn query_federated(
        &self,
        sparql: &str,
        handler: impl oxigraph::sparql::DefaultServiceHandler + 'static,
    ) -> Result<QueryResults<'static>, Error> {
        self.run(
            Self::evaluator()?.with_default_service_handler(handler),
            sparql,
        )
    }

    /// Records links found by reconciliation, in the graph `<base>graph/links` (so that
    /// re-ingesting an article keeps them) and the default graph: `owl:sameAs` the item,
    /// `ng:wikidata`, `ng:linkScore` and `ng:linkSource`, in one transaction, then persists.
    pub fn add_links(&self, links: &[Link]) -> Result<usize, Error> {
        let graph = GraphName::NamedNode(self.iris.graph("links"));
        let mut quads: Vec<Quad> = self
            .store
            .quads_for_pattern(None, None, None, Some(graph.as_ref()))
            .collect::<Result<_, _>>()?;
        let before = quads.len();
        for l in links {
            let e = NamedNode::new_unchecked(l.entity.clone());
            let wd = NamedNode::new_unchecked(format!("{}{}", rdf::WD, l.qid));
            let lit = |s: &str| Term::from(oxigraph::model::Literal::new_simple_literal(s));
            let score = rdf::decimal(l.score);
            for (p, o) in [
                (
                    NamedNode::new_unchecked(format!("{}sameAs", rdf::OWL)),
                    Term::from(wd),
                ),
                (rdf::ng("wikidata"), lit(&l.qid)),
                (rdf::ng("linkScore"), score.into()),
                (rdf::ng("linkSource"), lit(&l.source)),
            ] {
                quads.push(Quad::new(e.clone(), p, o, graph.clone()));
            }
        }
        let n = quads.len() - before;
        let (removed, added) = self.replace_graph(&graph, quads)?;
        self.commit_batch(&removed, &added)?;
        Ok(n)
    }

    /// Writes the store, streamed in the store's own order (the same store always gives the
    /// same output): N-Quads and TriG hold the documents' graphs and the links graph (the
    /// default graph is derived from them, so it is left out); Turtle holds the default graph,
    /// every fact once.
    pub fn export(&self, format: RdfFormat, out: &mut dyn Write) -> Result<(), Error> {
        let err = |e: std::io::Error| Error::Io {
            path: "output".into(),
            source: e,
        };
        let mut ser = RdfSerializer::from_format(format);
        for (p, ns) in rdf::PREFIXES {
            ser = ser.with_prefix(*p, *ns).map_err(|e| Error::Corrupt {
                path: "prefix".into(),
                message: e.to_string(),
            })?;
        }
        let mut w = ser.for_writer(out);
        if format.supports_datasets() {
            for q in self.store.iter() {
                let q = q?;
                if !q.graph_name.is_default_graph() {
                    w.serialize_quad(&q).map_err(err)?;
                }
            }
        } else if self.union_fallback {
            let mut seen = HashSet::new();
            for q in self.store.iter() {
                let t = in_default(&q?);
                if seen.insert(t.clone()) {
                    w.serialize_triple(oxigraph::model::TripleRef::from(t.as_ref()))
                        .map_err(err)?;
                }
            }
        } else {
            for q in
                self.store
                    .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            {
                let q = q?;
                w.serialize_triple(oxigraph::model::TripleRef::from(q.as_ref()))
                    .map_err(err)?;
            }
        }
        w.finish().map_err(err)?;
        Ok(())
    }

    /// Every named graph of the store (the documents' and the store's own, such as the links
    /// graph), sorted: together they state every triple of the default graph.
    pub fn graphs(&self) -> Result<Vec<NamedNode>, Error> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g? {
                out.push(n);
            }
        }
        out.sort();
        Ok(out)
    }

    /// The triples of one named graph, as sorted N-Triples lines.
    pub fn graph_ntriples(&self, graph: &NamedNode) -> Result<Vec<String>, Error> {
        let mut lines = Vec::new();
        for q in self
            .store
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
        {
            let q = q?;
            lines.push(format!("{} {} {} .", q.subject, q.predicate, q.object));
        }
        lines.sort();
        Ok(lines)
    }

    /// The directory of the store.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every quad with the predicate `predicate` in a document's graph (not the default
    /// graph), in the store's order: one walk of Oxigraph's index of that predicate, for
    /// readers that index what each document states (the pages of `serve`).
    pub fn named_quads_with_predicate<'a>(
        &'a self,
        predicate: &'a NamedNode,
    ) -> impl Iterator<Item = Result<Quad, Error>> + 'a {
        self.store
            .quads_for_pattern(None, Some(predicate.as_ref()), None, None)
            .filter(|q| {
                q.as_ref()
                    .map_or(true, |q| !q.graph_name.is_default_graph())
            })
            .map(|q| q.map_err(Error::from))
    }

    /// The documents in the store (their graph IRIs), sorted.
    pub fn documents(&self) -> Result<Vec<NamedNode>, Error> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g? {
                // the store's own graphs (links) are not documents
                if !n.as_str().starts_with(self.iris.graph("").as_str()) {
                    out.push(n);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Loads RDF (N-Quads, N-Triples, Turtle, TriG) into a named graph or the graphs it names,
    /// each graph replaced as a whole and the default graph kept in step.
    pub fn import(
        &self,
        path: &Path,
        format: RdfFormat,
        graph: Option<&NamedNode>,
    ) -> Result<(), Error> {
        let file = File::open(path).map_err(io(path))?;
        let mut parser = RdfParser::from_format(format);
        if let Some(g) = graph {
            parser = parser.with_default_graph(GraphName::NamedNode(g.clone()));
        }
        let mut graphs: std::collections::BTreeMap<String, (GraphName, Vec<Quad>)> =
            std::collections::BTreeMap::new();
        for q in parser.for_reader(BufReader::new(file)) {
            let q = q.map_err(|e| Error::Corrupt {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            if q.graph_name.is_default_graph() {
                // the default graph is derived from the named graphs: name one to load into
                return Err(Error::Corrupt {
                    path: path.display().to_string(),
                    message:
                        "holds triples outside a named graph; give the graph to load them into"
                            .into(),
                });
            }
            graphs
                .entry(q.graph_name.to_string())
                .or_insert_with(|| (q.graph_name.clone(), Vec::new()))
                .1
                .push(q);
        }
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        for (_, (g, quads)) in graphs {
            let (r, a) = self.replace_graph(&g, quads)?;
            removed.extend(r);
            added.extend(a);
        }
        self.commit_batch(&removed, &added)
    }
}
