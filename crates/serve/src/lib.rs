//! `newsgraph serve`: the store behind a read-only SPARQL 1.1 Protocol endpoint (`/sparql`)
//! for tools (YASGUI, SPARQLWrapper, rdflib, R, Gephi), and server-rendered pages for people:
//! search, an entity's actions with the sentences they come from, a document's facts, the
//! neighbourhood graph, a query page and the store's statistics.
//!
//! The store is opened once and shared by every request; queries run on blocking threads
//! with the same bounds as `newsgraph query` (timeout, memory) and a cap on result rows. A
//! build into the served directory is picked up without restart: when the store's committed
//! state changes (its manifest, or RocksDB's commit marker), the next request reopens it and
//! swaps it in whole, so a query sees the state before a build or after it, never half.
#![deny(missing_docs)]

mod cache;
mod entity;
mod html;
mod pages;
mod sparql;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use newsgraph_store::{GraphStore, Limits, Mode};

/// Errors of the server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] newsgraph_store::Error),
    /// The address could not be bound or served.
    #[error("{addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store directory.
    pub store: PathBuf,
    /// The base of instance IRIs.
    pub base: String,
    /// Bounds of every query.
    pub limits: Limits,
    /// The most result rows (or triples) one response carries.
    pub max_rows: usize,
    /// The ready queries shown on the query page (`queries/`), if present.
    pub queries: Option<PathBuf>,
    /// The most bytes of answers kept for the state served (0 keeps none).
    pub cache_bytes: u64,
}

/// What identifies a committed state of the store on disk.
type Generation = (u64, std::time::SystemTime);

/// One committed state of the store and the answers computed from it.
pub struct Served {
    /// The store, opened for reading.
    pub store: GraphStore,
    /// Answers of this state, kept.
    pub answers: cache::Answers,
    /// Who states each event, with which sentence: built by the first entity page.
    provenance: std::sync::OnceLock<Result<entity::Provenance, String>>,
}

/// The pages read the store of their state through it.
impl std::ops::Deref for Served {
    type Target = GraphStore;
    fn deref(&self) -> &GraphStore {
        &self.store
    }
}

impl Served {
    /// Opens the committed state and starts building its provenance index in the background.
    fn open(config: &Config) -> Result<Arc<Served>, Error> {
        let started = std::time::Instant::now();
        let mut store = GraphStore::open(&config.store, Mode::Read)?.with_base(&config.base);
        let loaded = started.elapsed();
        store.index_default_graph()?;
        log(&format!(
            "store opened in {:.1} s (its copy of the default graph {:.1} s of it)",
            started.elapsed().as_secs_f64(),
            (started.elapsed() - loaded).as_secs_f64()
        ));
        let served = Arc::new(Served {
            store,
            answers: cache::Answers::new(config.cache_bytes),
            provenance: std::sync::OnceLock::new(),
        });
        // every entity page needs the provenance index (a walk of the documents' graphs:
        // about 2 s on 10,000 documents); built here, the first visitor of an entity page
        // does not wait for all of it (a page asked for meanwhile waits for the same build)
        let warm = Arc::downgrade(&served);
        let spawned = std::thread::Builder::new()
            .name("provenance".into())
            .spawn(move || {
                // a state replaced before its turn is not indexed
                if let Some(served) = warm.upgrade() {
                    let started = std::time::Instant::now();
                    if entity::provenance(&served).is_ok() {
                        log(&format!(
                            "provenance index built in {:.1} s",
                            started.elapsed().as_secs_f64()
                        ));
                    }
                }
            });
        if spawned.is_err() {
            log("provenance index left to the first entity page (no thread)");
        }
        Ok(served)
    }
}

/// The store as last committed, reopened when a build commits a new state.
struct Shared {
    config: Config,
    current: Mutex<(Option<Generation>, Arc<Served>)>,
}

/// What every handler gets.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// Opens the store of `config` for reading.
    pub fn open(config: Config) -> Result<AppState, Error> {
        let generation = GraphStore::generation(&config.store);
        let served = Served::open(&config)?;
        Ok(AppState(Arc::new(Shared {
            config,
            current: Mutex::new((generation, served)),
        })))
    }

    /// The state to answer with: the one open, or a fresh one when a build has committed
    /// since (a failed reopen keeps serving the previous state).
    pub fn current(&self) -> Arc<Served> {
        let mut cur = self
            .0
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = GraphStore::generation(&self.0.config.store);
        if now != cur.0 {
            match Served::open(&self.0.config) {
                Ok(s) => {
                    *cur = (now, s);
                    log("store reopened: a build committed a new state");
                }
                Err(e) => log(&format!(
                    "store not reopened, serving the previous state: {e}"
                )),
            }
        }
        cur.1.clone()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.0.config
    }
}

/// The routes: `/sparql` and the pages.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/sparql",
            get(sparql::get)
                .post(sparql::post)
                .options(sparql::preflight),
        )
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/suggest", get(pages::suggest))
        .route("/entity/{id}", get(entity::show))
        .route("/graph/{id}", get(pages::graph))
        .route("/doc/{id}", get(pages::document))
        .route("/query", get(pages::query))
        .route("/stats", get(pages::stats))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(access_log))
        .with_state(state)
}

/// One line per request on standard error: method, path, status, milliseconds.
async fn access_log(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let started = std::time::Instant::now();
    let line = format!("{} {}", req.method(), req.uri().path());
    let res = next.run(req).await;
    log(&format!(
        "{line} {} {:.1}ms",
        res.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    ));
    res
}

fn log(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "newsgraph serve: {line}");
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
pub fn serve(config: Config, bind: SocketAddr) -> Result<(), Error> {
    let state = AppState::open(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Bind {
            addr: bind.to_string(),
            source: e,
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|e| Error::Bind {
                addr: bind.to_string(),
                source: e,
            })?;
        let addr = listener.local_addr().map_err(|e| Error::Bind {
            addr: bind.to_string(),
            source: e,
        })?;
        // the first line says where: tests and scripts read it to find an ephemeral port
        println!(
            "newsgraph serve: listening on http://{addr}/ (SPARQL endpoint http://{addr}/sparql)"
        );
        use std::io::Write;
        let _ = std::io::stdout().flush();
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| Error::Bind {
                addr: addr.to_string(),
                source: e,
            })
    })?;
    log("stopped");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    log("shutting down: finishing the requests in flight");
}

/// Runs a blocking store call off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// The default per-query timeout of the server.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
