//! Linking beyond the gazetteers: entities still without an identifier are reconciled against a
//! SPARQL endpoint that speaks Wikidata's vocabulary ([`reconcile`]), and `SERVICE` calls of
//! federated queries are answered over HTTP, with service addresses mapped to mirrors
//! ([`federate`]), and the store's graphs are pushed into an external store through the Graph
//! Store Protocol ([`push`], [`gsp`]).
//!
//! A wrong link is worse than none: a candidate is accepted only above a score threshold and
//! with a margin over the runner-up, its Wikidata class must be compatible with the entity's
//! type (`data/wikidata_types.tsv`), and a person is linked only when the candidate's
//! description agrees with the article's context.
#![deny(missing_docs)]

pub mod federate;
pub mod gsp;
pub mod http;
pub mod push;
pub mod reconcile;

pub use federate::Federation;
pub use gsp::{GraphStoreClient, Target};
pub use http::Endpoint;
pub use push::{push, PushOptions, Pushed, Stopped};
pub use reconcile::{Decision, Reconciler, Subject};

/// Errors of linking and federation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The endpoint did not answer.
    #[error("the SPARQL endpoint {url} is unreachable: {message}")]
    Unreachable {
        /// The endpoint.
        url: String,
        /// Why.
        message: String,
    },
    /// The endpoint answered with an error.
    #[error("the SPARQL endpoint {url} refused the request (HTTP {status}): {message}")]
    Refused {
        /// The endpoint.
        url: String,
        /// HTTP status.
        status: u16,
        /// The start of its answer.
        message: String,
    },
    /// The endpoint's address is not an HTTP(S) URL (never retried).
    #[error("the SPARQL endpoint {url} is not an HTTP(S) URL: {message}")]
    BadUrl {
        /// The address given.
        url: String,
        /// What is wrong.
        message: String,
    },
    /// The answer is larger than the limit.
    #[error("the SPARQL endpoint {url} sent more than {limit} bytes; the answer was dropped")]
    TooLarge {
        /// The endpoint.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The local side of a push failed (reading the store, writing its push record).
    #[error("{message}")]
    Local {
        /// What failed.
        message: String,
    },
    /// The answer is not SPARQL JSON results.
    #[error("the SPARQL endpoint {url} sent an answer that is not SPARQL JSON results: {message}")]
    BadAnswer {
        /// The endpoint.
        url: String,
        /// What is wrong.
        message: String,
    },
}
