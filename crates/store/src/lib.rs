//! The embedded graph store of newsgraph (SPEC §7): extractions become RDF quads (one named
//! graph per document, see [`rdf`]) in an Oxigraph store, queried with SPARQL over the union
//! of all graphs and exported to RDF formats.
//!
//! Two backends share one interface. The default keeps Oxigraph's in-memory store and
//! persists it as an N-Quads snapshot written atomically (temporary file, fsync, rename), so a
//! crash leaves the previous snapshot. With the cargo feature `rocksdb` the store is Oxigraph's
//! on-disk RocksDB store, for graphs larger than memory. One writer at a time: a lock file in
//! the store directory turns a second writer away with a clear error.
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

pub mod rdf;
mod results;

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use newsgraph_model::Extraction;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, Quad, Triple};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

pub use results::{write_results, ResultFormat};

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

const SNAPSHOT: &str = "graph.nq";

/// An opened store.
pub struct GraphStore {
    store: Store,
    dir: PathBuf,
    mode: Mode,
    _lock: Option<File>,
    iris: rdf::Iris,
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

impl GraphStore {
    /// Opens the store in `dir`. Writing creates the directory and takes the lock; reading
    /// needs an existing store.
    pub fn open(dir: &Path, mode: Mode) -> Result<GraphStore, Error> {
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
            if !dir.join(SNAPSHOT).is_file() && !dir.join("rocksdb").is_dir() {
                return Err(Error::NoStore(dir.display().to_string()));
            }
            None
        };
        let store = Self::open_backend(dir, mode)?;
        Ok(GraphStore {
            store,
            dir: dir.to_owned(),
            mode,
            _lock: lock,
            iris: rdf::Iris::default(),
        })
    }

    #[cfg(not(feature = "rocksdb"))]
    fn open_backend(dir: &Path, _mode: Mode) -> Result<Store, Error> {
        let store = Store::new()?;
        let path = dir.join(SNAPSHOT);
        if path.is_file() {
            let file = File::open(&path).map_err(io(&path))?;
            let mut loader = store.bulk_loader();
            loader
                .load_from_reader(
                    RdfParser::from_format(RdfFormat::NQuads),
                    BufReader::new(file),
                )
                .map_err(|e| Error::Corrupt {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })?;
            loader.commit()?;
        }
        Ok(store)
    }

    #[cfg(feature = "rocksdb")]
    fn open_backend(dir: &Path, mode: Mode) -> Result<Store, Error> {
        let path = dir.join("rocksdb");
        Ok(match mode {
            Mode::Write => Store::open(&path)?,
            Mode::Read => Store::open_read_only(&path)?,
        })
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

    /// Loads extractions: each document's graph is replaced, in one transaction per document,
    /// and the snapshot is written once at the end.
    pub fn ingest(&self, docs: &[Extraction]) -> Result<usize, Error> {
        let mut added = 0;
        for x in docs {
            let quads = rdf::quads(x, &self.iris);
            added += quads.len();
            let graph = self.iris.doc(&x.doc);
            let mut t = self.store.start_transaction()?;
            t.clear_graph(&graph)?;
            t.extend(quads.iter());
            t.commit()?;
        }
        self.persist()?;
        Ok(added)
    }

    /// Writes the snapshot (memory backend) or flushes (RocksDB).
    pub fn persist(&self) -> Result<(), Error> {
        #[cfg(feature = "rocksdb")]
        {
            Ok(self.store.flush()?)
        }
        #[cfg(not(feature = "rocksdb"))]
        self.write_snapshot()
    }

    #[cfg(not(feature = "rocksdb"))]
    fn write_snapshot(&self) -> Result<(), Error> {
        let path = self.dir.join(SNAPSHOT);
        let tmp = self.dir.join(format!("{SNAPSHOT}.tmp"));
        {
            let f = File::create(&tmp).map_err(io(&tmp))?;
            let mut w = std::io::BufWriter::new(f);
            for line in self.sorted_nquads()? {
                w.write_all(line.as_bytes()).map_err(io(&tmp))?;
                w.write_all(b"\n").map_err(io(&tmp))?;
            }
            let f = w.into_inner().map_err(|e| Error::Io {
                path: tmp.display().to_string(),
                source: e.into_error(),
            })?;
            f.sync_all().map_err(io(&tmp))?;
        }
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        if let Ok(d) = File::open(&self.dir) {
            let _ = d.sync_all(); // directory fsync: best effort where the platform allows it
        }
        Ok(())
    }

    /// Every quad as an N-Quads line, sorted.
    pub fn sorted_nquads(&self) -> Result<Vec<String>, Error> {
        let mut lines = Vec::new();
        for q in self.store.iter() {
            lines.push(format!("{} .", q?));
        }
        lines.sort();
        Ok(lines)
    }

    /// The number of quads.
    pub fn len(&self) -> Result<usize, Error> {
        Ok(self.store.len()?)
    }

    /// True when the store holds no quad.
    pub fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.store.is_empty()?)
    }

    /// Evaluates a SPARQL query over the union of all documents' graphs (unless the query
    /// names its own dataset). The prefixes of [`rdf::PREFIXES`] (`ng:`, `schema:`, `rdfs:`,
    /// …) are declared; a query's own `PREFIX` lines take precedence.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>, Error> {
        self.run(Self::evaluator()?, sparql)
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

    /// Parses and runs a query over the union of the graphs (unless it names its dataset).
    fn run(
        &self,
        evaluator: SparqlEvaluator,
        sparql: &str,
    ) -> Result<QueryResults<'static>, Error> {
        let mut prepared = evaluator.parse_query(sparql)?;
        let dataset = prepared.dataset_mut();
        if dataset.is_default_dataset() {
            dataset.set_default_graph_as_union();
        }
        Ok(prepared.on_store(&self.store).execute()?)
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
    /// re-ingesting an article keeps them): `owl:sameAs` the item, `ng:wikidata`,
    /// `ng:linkScore` and `ng:linkSource`, in one transaction, then persists.
    pub fn add_links(&self, links: &[Link]) -> Result<usize, Error> {
        let graph = GraphName::NamedNode(self.iris.graph("links"));
        let mut t = self.store.start_transaction()?;
        let mut n = 0;
        for l in links {
            let e = NamedNode::new_unchecked(l.entity.clone());
            let q = |s: NamedNode, p: NamedNode, o: oxigraph::model::Term| {
                Quad::new(s, p, o, graph.clone())
            };
            let wd = NamedNode::new_unchecked(format!("{}{}", rdf::WD, l.qid));
            for quad in [
                q(
                    e.clone(),
                    NamedNode::new_unchecked(format!("{}sameAs", rdf::OWL)),
                    wd.into(),
                ),
                q(
                    e.clone(),
                    rdf::ng("wikidata"),
                    oxigraph::model::Literal::new_simple_literal(&l.qid).into(),
                ),
                q(
                    e.clone(),
                    rdf::ng("linkScore"),
                    oxigraph::model::Literal::new_typed_literal(
                        format!("{:.2}", l.score),
                        oxigraph::model::vocab::xsd::DECIMAL,
                    )
                    .into(),
                ),
                q(
                    e.clone(),
                    rdf::ng("linkSource"),
                    oxigraph::model::Literal::new_simple_literal(&l.source).into(),
                ),
            ] {
                t.insert(&quad);
                n += 1;
            }
        }
        t.commit()?;
        self.persist()?;
        Ok(n)
    }

    /// Writes the whole store: N-Quads (sorted), TriG (graphs), or Turtle (the union of the
    /// graphs as one, duplicates removed).
    pub fn export(&self, format: RdfFormat, out: &mut dyn Write) -> Result<(), Error> {
        let err = |e: std::io::Error| Error::Io {
            path: "output".into(),
            source: e,
        };
        if format == RdfFormat::NQuads {
            for line in self.sorted_nquads()? {
                writeln!(out, "{line}").map_err(err)?;
            }
            return Ok(());
        }
        let mut ser = RdfSerializer::from_format(format);
        for (p, ns) in rdf::PREFIXES {
            ser = ser.with_prefix(*p, *ns).map_err(|e| Error::Corrupt {
                path: "prefix".into(),
                message: e.to_string(),
            })?;
        }
        let mut w = ser.for_writer(out);
        let mut quads: Vec<Quad> = self.store.iter().collect::<Result<_, _>>()?;
        if format.supports_datasets() {
            quads.sort_by_key(|q| {
                (
                    q.graph_name.to_string(),
                    q.subject.to_string(),
                    q.predicate.to_string(),
                    q.object.to_string(),
                )
            });
            for q in &quads {
                w.serialize_quad(q).map_err(err)?;
            }
        } else {
            let mut triples: Vec<Triple> = quads.into_iter().map(Triple::from).collect();
            triples.sort_by_key(|t| {
                (
                    t.subject.to_string(),
                    t.predicate.to_string(),
                    t.object.to_string(),
                )
            });
            triples.dedup();
            for t in &triples {
                w.serialize_triple(t).map_err(err)?;
            }
        }
        w.finish().map_err(err)?;
        Ok(())
    }

    /// The documents in the store (their graph IRIs), sorted.
    pub fn documents(&self) -> Result<Vec<NamedNode>, Error> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = g? {
                // the store's own graphs (links) are not documents
                if !n.as_str().starts_with(self.iris.graph("").as_str()) {
                    out.push(n);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Loads RDF (N-Quads, N-Triples, Turtle, TriG) into a named graph or the graphs it names.
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
        let mut t = self.store.start_transaction()?;
        for q in parser.for_reader(BufReader::new(file)) {
            let q = q.map_err(|e| Error::Corrupt {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            t.insert(&q);
        }
        t.commit()?;
        self.persist()
    }
}

/// Counts the lines of a snapshot without opening the store (for tests and diagnostics).
pub fn snapshot_lines(dir: &Path) -> Result<usize, Error> {
    let path = dir.join(SNAPSHOT);
    let f = File::open(&path).map_err(io(&path))?;
    Ok(BufReader::new(f).lines().count())
}
