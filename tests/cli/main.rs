//! End-to-end tests of the `newsgraph` binary: every command, every query of `queries/`,
//! every input kind, bad input, the store's lock and crash safety, and the exports read back
//! by their parsers (and by Graphviz).
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

mod build;
mod eval;
mod export;
mod extract;
mod filter;
mod furniture;
mod hardening;
mod inputs;
mod link;
mod load;
mod push;
mod queries;
mod scale;
mod serve;
mod store;
mod virtuoso;
