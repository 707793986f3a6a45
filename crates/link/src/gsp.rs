//! A client of the SPARQL 1.1 Graph Store HTTP Protocol (GET, PUT and POST of one graph as
//! N-Triples) and of SPARQL 1.1 Update, with the timeouts, retries and error messages of
//! [`Endpoint`].

use std::io::Read;
use std::time::Duration;

use crate::{Endpoint, Error};

/// The graph a request is about: a named graph, or the store's default graph (`?default`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A named graph, by IRI.
    Named(String),
    /// The default graph.
    Default,
}

impl Target {
    /// The pattern that names this graph in SPARQL Update (`GRAPH <g> { … }`) around `body`.
    pub fn wrap(&self, body: &str) -> String {
        match self {
            Target::Named(g) => format!("GRAPH <{g}> {{ {body} }}"),
            Target::Default => body.to_owned(),
        }
    }
}

/// A graph store: its Graph Store Protocol address and its SPARQL endpoint (queries, updates).
#[derive(Debug, Clone)]
pub struct GraphStoreClient {
    gsp: String,
    sparql: Endpoint,
    auth: Option<String>,
}

impl GraphStoreClient {
    /// A client of the store whose GSP service is `gsp` and whose SPARQL endpoint is `sparql`;
    /// `auth` is `user:password` for HTTP Basic authentication.
    pub fn new(gsp: &str, sparql: &str, auth: Option<&str>, timeout: Duration) -> Self {
        GraphStoreClient {
            gsp: gsp.to_owned(),
            sparql: Endpoint::new(sparql, timeout),
            auth: auth.map(|a| format!("Basic {}", base64(a.as_bytes()))),
        }
    }

    /// The address of `target` in the Graph Store Protocol.
    fn url(&self, target: &Target) -> String {
        let sep = if self.gsp.contains('?') { '&' } else { '?' };
        match target {
            Target::Named(g) => format!("{}{sep}graph={}", self.gsp, encode(g)),
            Target::Default => format!("{}{sep}default", self.gsp),
        }
    }

    fn authorized(&self, r: ureq::Request) -> ureq::Request {
        match &self.auth {
            Some(a) => r.set("Authorization", a),
            None => r,
        }
    }

    /// The triples of `target` as N-Triples text; empty when the store has no such graph.
    pub fn get(&self, target: &Target) -> Result<String, Error> {
        let url = self.url(target);
        let answer = self.sparql.send(&url, |agent, url| {
            self.authorized(agent.get(url))
                .set("Accept", "application/n-triples")
                .call()
                .map_err(Box::new)
        });
        match answer {
            Ok(r) => {
                let body = self.sparql.body(r)?;
                String::from_utf8(body).map_err(|e| Error::BadAnswer {
                    url,
                    message: e.to_string(),
                })
            }
            Err(Error::Refused { status: 404, .. }) => Ok(String::new()),
            Err(e) => Err(e),
        }
    }

    /// Replaces `target` with `ntriples` (PUT) or adds them to it (POST, `replace` false).
    pub fn send(&self, target: &Target, ntriples: &str, replace: bool) -> Result<(), Error> {
        let url = self.url(target);
        let method = if replace { "PUT" } else { "POST" };
        let r = self.sparql.send(&url, |agent, url| {
            self.authorized(agent.request(method, url))
                .set("Content-Type", "application/n-triples")
                .send_string(ntriples)
                .map_err(Box::new)
        })?;
        let mut sink = Vec::new();
        let _ = r.into_reader().take(1 << 20).read_to_end(&mut sink);
        Ok(())
    }

    /// Runs a SELECT query on the SPARQL endpoint (SPARQL JSON results).
    pub fn select(&self, sparql: &str) -> Result<Vec<u8>, Error> {
        let url = self.sparql.url().to_owned();
        let r = self.sparql.send(&url, |agent, url| {
            self.authorized(agent.post(url))
                .set("Accept", "application/sparql-results+json")
                .send_form(&[("query", sparql)])
                .map_err(Box::new)
        })?;
        self.sparql.body(r)
    }

    /// Runs a SPARQL 1.1 Update on the SPARQL endpoint.
    pub fn update(&self, sparql: &str) -> Result<(), Error> {
        let url = self.sparql.url().to_owned();
        let r = self.sparql.send(&url, |agent, url| {
            self.authorized(agent.post(url))
                .send_form(&[("update", sparql)])
                .map_err(Box::new)
        })?;
        let mut sink = Vec::new();
        let _ = r.into_reader().take(1 << 20).read_to_end(&mut sink);
        Ok(())
    }

    /// The agent's address for messages.
    pub fn gsp_url(&self) -> &str {
        &self.gsp
    }
}

/// Percent-encodes a graph IRI for a query string.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Base64 (RFC 4648, padded) for the Basic authorization header.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_and_graph_addresses_are_encoded() {
        assert_eq!(base64(b"dba:dba"), "ZGJhOmRiYQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        let c = GraphStoreClient::new(
            "http://h/crud",
            "http://h/sparql",
            None,
            Duration::from_secs(1),
        );
        assert_eq!(
            c.url(&Target::Named("https://x/doc/a b".into())),
            "http://h/crud?graph=https%3A%2F%2Fx%2Fdoc%2Fa%20b"
        );
        assert_eq!(c.url(&Target::Default), "http://h/crud?default");
    }
}
