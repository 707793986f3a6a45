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
//! loading and suits stores larger than memory; a build writes a checkpoint of it and
//! publishes the checkpoint when it ends (`generations`), so `kill -9` leaves the previous
//! state there too; before publishing, a build that has grown the database by a quarter
//! since its last compaction compacts it, which keeps reads to one file per level. One writer at a time: a lock file in the store directory turns a second
//! writer away with a clear error.
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

#[cfg(feature = "rocksdb")]
mod generations;
mod load;
mod order;
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

/// From this many documents in a batch, those new to a RocksDB store are bulk-loaded.
const BULK_DOCUMENTS: usize = 50;

/// The most memory (MB, all threads) the bulk loader's batches are sized to.
const LOADER_MB: usize = 100;

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
    /// The RocksDB generation a build writes, published by [`GraphStore::persist`].
    #[cfg(feature = "rocksdb")]
    staged: Option<String>,
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

/// What staged ingests changed and a persist has yet to write: the quads removed and added
/// (both graphs) for the memory backend's segment; nothing on RocksDB, whose transactions
/// are already on disk (so a build of 100,000 documents does not hold their quads again).
#[derive(Debug, Default)]
pub struct Pending {
    removed: Vec<Quad>,
    added: Vec<Quad>,
}

impl Pending {
    fn record(&mut self, removed: Vec<Quad>, added: Vec<Quad>) {
        if cfg!(not(feature = "rocksdb")) {
            self.removed.extend(removed);
            self.added.extend(added);
        }
    }
}

/// The quads of each extraction, made on every core, in input order.
fn rdf_in_parallel(docs: &[Extraction], iris: &rdf::Iris) -> Vec<Vec<Quad>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, docs.len().max(1));
    let chunk = docs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || part.iter().map(|x| rdf::quads(x, iris)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect::<Vec<Vec<Quad>>>()
    })
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
            Some(Self::lock(dir)?)
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
        let store = match mode {
            Mode::Write => {
                generations::remove_unpublished(dir)?;
                Store::open(generations::live_path(dir)?)?
            }
            Mode::Read => Self::open_live_read_only(dir)?,
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
            #[cfg(feature = "rocksdb")]
            staged: None,
        };
        opened.migrate()?;
        Ok(opened)
    }

    /// Opens the store for a build, whose writes become visible together, when
    /// [`GraphStore::persist`] publishes them: `kill -9` before that leaves the store as it
    /// was. The memory backend's snapshot commits once, at the persist. On RocksDB the build
    /// writes a checkpoint of the live database (hard links, not a copy), which the persist
    /// makes live (see `generations`).
    pub fn open_build(dir: &Path) -> Result<GraphStore, Error> {
        #[cfg(not(feature = "rocksdb"))]
        {
            Self::open(dir, Mode::Write)
        }
        #[cfg(feature = "rocksdb")]
        {
            // the lock first, then the checkpoint, then the store on the checkpoint
            let mut locked = Self::open_locked(dir)?;
            let next = generations::next(dir)?;
            let live = generations::live_path(dir)?;
            if live.is_dir() {
                // read-only: the checkpoint needs no recovery of the live database
                Store::open_read_only(&live)?.backup(dir.join(&next))?;
            }
            locked.store = Store::open(dir.join(&next))?;
            locked.staged = Some(next);
            locked.migrate()?;
            Ok(locked)
        }
    }

    /// RocksDB: the write lock taken and unpublished generations removed, the store itself an
    /// empty in-memory placeholder until the caller opens the generation it writes.
    #[cfg(feature = "rocksdb")]
    fn open_locked(dir: &Path) -> Result<GraphStore, Error> {
        let lock = Self::lock(dir)?;
        generations::remove_unpublished(dir)?;
        Ok(GraphStore {
            store: Store::new()?,
            dir: dir.to_owned(),
            mode: Mode::Write,
            _lock: Some(lock),
            iris: rdf::Iris::default(),
            union_fallback: false,
            default_only: None,
            staged: None,
        })
    }

    /// Opens the live RocksDB database read-only. A build may publish a new generation and
    /// remove the old one between reading the pointer and opening it: then the pointer is
    /// read again.
    #[cfg(feature = "rocksdb")]
    fn open_live_read_only(dir: &Path) -> Result<Store, Error> {
        let mut tries = 0;
        loop {
            let path = generations::live_path(dir)?;
            match Store::open_read_only(&path) {
                Ok(s) => return Ok(s),
                Err(_) if tries < 3 && generations::live_path(dir)? != path => tries += 1,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Creates the store directory and takes its write lock, or says who holds it.
    fn lock(dir: &Path) -> Result<File, Error> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join("lock");
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io(&path))?;
        match f.try_lock() {
            Ok(()) => Ok(f),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked(dir.display().to_string())),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::Io {
                path: path.display().to_string(),
                source: e,
            }),
        }
    }

    /// True when `dir` holds a store of the compiled backend.
    fn exists(dir: &Path) -> bool {
        #[cfg(not(feature = "rocksdb"))]
        {
            snapshot::Manifest::exists(dir)
        }
        #[cfg(feature = "rocksdb")]
        {
            generations::live_path(dir).is_ok_and(|p| p.is_dir())
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
        let mut pending = Pending::default();
        let added = self.stage(docs, &mut pending)?;
        self.persist(&pending)?;
        Ok(added)
    }

    /// Like [`GraphStore::ingest`] without persisting: a build that reads its documents in
    /// batches stages each batch as it comes and persists once, so that the extractions of
    /// one batch are all it holds. Each document is its own transaction, visible to this
    /// store at once; what `pending` records (the memory backend's next segment) is written
    /// by [`GraphStore::persist`]. Returns the number of quads of the documents' graphs.
    pub fn stage(&self, docs: &[Extraction], pending: &mut Pending) -> Result<usize, Error> {
        // the quads of each document (making them is most of the work) on
        // every core, then each document's transaction in input order
        let quads = rdf_in_parallel(docs, &self.iris);
        let mut added = 0;
        // documents the store has never seen (RocksDB): loaded together below, unless they
        // are a few, which a transaction writes sooner than sorted files are made
        let bulk = cfg!(feature = "rocksdb") && docs.len() >= BULK_DOCUMENTS;
        let mut fresh = Vec::new();
        for (x, quads) in docs.iter().zip(quads) {
            added += quads.len();
            let graph = self.iris.doc(&x.doc);
            if bulk && !self.store.contains_named_graph(&graph)? {
                fresh.push(quads);
                continue;
            }
            let (r, a) = self.replace_graph(&GraphName::NamedNode(graph), quads)?;
            pending.record(r, a);
        }
        self.load_fresh(fresh)?;
        Ok(added)
    }

    /// Loads the graphs of documents new to the store, and their triples into the default
    /// graph, with Oxigraph's bulk loader: sorted files handed to RocksDB in one atomic
    /// ingestion, so a crash leaves the store before the batch or after it. A triple already
    /// in the default graph is written again unchanged, and nothing is removed, so the default
    /// graph stays what the documents' graphs state. RocksDB's transactions write each quad
    /// to memtables and compact it again and again: 10,000 documents took minutes and 4 GB.
    fn load_fresh(&self, fresh: Vec<Vec<Quad>>) -> Result<(), Error> {
        if fresh.is_empty() {
            return Ok(());
        }
        // the loader's batches sized to this load, one per core, but at most LOADER_MB: each
        // batch's hash tables and sort vectors are allocated anew and sized to the batch, so
        // a batch of a whole 1,000-document load (~1 GB) is memory the kernel zeroes again
        // for every load, in tables too large for the caches (10,000 documents: peak RSS
        // 1,068 MB uncapped, 638 MB at 100 MB, a third less system time)
        let total = 2 * fresh.iter().map(Vec::len).sum::<usize>();
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let mut loader = self
            .store
            .bulk_loader()
            .with_num_threads(threads)
            .with_max_memory_size_in_megabytes(total.div_ceil(1000).clamp(1, LOADER_MB));
        loader.load_quads(
            fresh
                .into_iter()
                .flatten()
                .flat_map(|q| [in_default(&q), q]),
        )?;
        loader.commit()?;
        Ok(())
    }

    /// Persists what [`GraphStore::stage`] did: a segment of the snapshot (memory backend) or
    /// a flush (RocksDB), and the mark readers watch.
    pub fn persist(&self, pending: &Pending) -> Result<(), Error> {
        self.commit_batch(&pending.removed, &pending.added)?;
        #[cfg(feature = "rocksdb")]
        if let Some(name) = &self.staged {
            let db = self.dir.join(name);
            let compact = generations::needs_compaction(&self.dir, &db)?;
            if compact {
                self.store.optimize()?;
            }
            generations::publish(&self.dir, name)?;
            if compact {
                generations::record_compaction(&self.dir, &db)?;
            }
            self.stamp()?;
        }
        Ok(())
    }

    /// Touches the file readers of a RocksDB store watch to learn that a batch has committed.
    #[cfg(feature = "rocksdb")]
    fn stamp(&self) -> Result<(), Error> {
        let path = self.dir.join(COMMITTED);
        let stamp = format!("{:?}\n", std::time::SystemTime::now());
        std::fs::write(&path, stamp).map_err(io(&path))
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
        if cfg!(not(feature = "rocksdb")) {
            // the memory backend's segments list them in a stable order
            removed.sort_by_cached_key(Quad::to_string);
            added.sort_by_cached_key(Quad::to_string);
        }
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
            match &self.staged {
                // a build's generation is seen by readers once it is published
                Some(name) if generations::live(&self.dir)? != *name => Ok(()),
                _ => self.stamp(),
            }
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
        self.run(Self::evaluator(), sparql)
    }

    /// Like [`GraphStore::query`], stopped when the watchdog of `limits` fires (timeout or
    /// memory); the results are read while the returned [`Watchdog`] lives.
    pub fn query_limited(
        &self,
        sparql: &str,
        limits: Limits,
    ) -> Result<(QueryResults<'static>, Watchdog), Error> {
        let token = CancellationToken::new();
        let evaluator = Self::evaluator().with_cancellation_token(token.clone());
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
        let evaluator = Self::evaluator().with_cancellation_token(token.clone());
        let (mut prepared, order) = Self::prepare(evaluator, sparql)?;
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
        Ok((
            Self::sorted(prepared.on_store(store).execute()?, order)?,
            dog,
        ))
    }

    /// Like [`GraphStore::query_limited`], with `SERVICE` calls answered by `handler`.
    pub fn query_federated_limited(
        &self,
        sparql: &str,
        limits: Limits,
        handler: impl oxigraph::sparql::DefaultServiceHandler + 'static,
    ) -> Result<(QueryResults<'static>, Watchdog), Error> {
        let token = CancellationToken::new();
        let evaluator = Self::evaluator()
            .with_cancellation_token(token.clone())
            .with_default_service_handler(handler);
        let dog = Watchdog::start(limits, token);
        Ok((self.run(evaluator, sparql)?, dog))
    }

    /// An evaluator. Queries reach it parsed (see [`GraphStore::prepare`]), so the prefixes
    /// are the parser's.
    fn evaluator() -> SparqlEvaluator {
        SparqlEvaluator::new()
    }

    /// Parses and runs a query over the default graph (unless it names its dataset).
    fn run(
        &self,
        evaluator: SparqlEvaluator,
        sparql: &str,
    ) -> Result<QueryResults<'static>, Error> {
        let (mut prepared, order) = Self::prepare(evaluator, sparql)?;
        let dataset = prepared.dataset_mut();
        if self.union_fallback && dataset.is_default_dataset() {
            dataset.set_default_graph_as_union();
        }
        let store = self.store_for(sparql, dataset.is_default_dataset());
        Self::sorted(prepared.on_store(store).execute()?, order)
    }

    /// Parses a query with the prefixes of [`rdf::PREFIXES`]; an outermost `ORDER BY` on
    /// projected variables is taken out, to sort the decoded solutions (see `order`).
    fn prepare(
        evaluator: SparqlEvaluator,
        sparql: &str,
    ) -> Result<(oxigraph::sparql::PreparedSparqlQuery, Option<order::Order>), Error> {
        let mut parser = spargebra::SparqlParser::new();
        for (p, ns) in rdf::PREFIXES {
            parser = parser.with_prefix(*p, *ns).map_err(|e| Error::Corrupt {
                path: "prefix".into(),
                message: e.to_string(),
            })?;
        }
        let mut query = parser.parse_query(sparql)?;
        let order = order::lift(&mut query);
        Ok((evaluator.for_query(query), order))
    }

    /// The solutions sorted and sliced as the `ORDER BY` taken out of their query says.
    fn sorted(
        results: QueryResults<'static>,
        order: Option<order::Order>,
    ) -> Result<QueryResults<'static>, Error> {
        match order {
            Some(order) => Ok(order::apply(&order, results)?),
            None => Ok(results),
        }
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
            Self::evaluator().with_default_service_handler(handler),
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
