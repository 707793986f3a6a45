//! `newsgraph push` (issue 13) into a real external store, Virtuoso on loopback ports: the
//! documents' graphs arrive whole, the external default graph holds every fact once (the ready
//! queries of `queries/` give there the rows they give locally), a re-push of a changed
//! document changes exactly its facts, and an unreachable store is a clear error.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use newsgraph_store::rdf::PREFIXES;
use serde_json::Value;

use crate::common::{count, ok, root, run, seed_feed};
use crate::virtuoso::{free_port, Virtuoso};

const DEFAULT: &str = "https://w3id.org/newsgraph/id/graph/default";

/// A SELECT on Virtuoso over the external default graph, as normalised rows.
fn remote_rows(v: &Virtuoso, query: &str) -> Vec<String> {
    try_remote_rows(v, query).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// Like [`remote_rows`]; `Err` with Virtuoso's message when it refuses the query.
fn try_remote_rows(v: &Virtuoso, query: &str) -> Result<Vec<String>, String> {
    let prefixes: String = PREFIXES
        .iter()
        .map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n"))
        .collect();
    let body = ureq::post(&v.endpoint())
        .set("Accept", "application/sparql-results+json")
        .send_form(&[
            ("query", &format!("{prefixes}{query}")),
            ("default-graph-uri", DEFAULT),
        ])
        .map_err(|e| match e {
            ureq::Error::Status(_, r) => r.into_string().unwrap_or_default(),
            other => panic!("{other}"),
        })?
        .into_string()
        .unwrap();
    Ok(rows(&body))
}

/// A SELECT on the local store, as normalised rows.
fn local_rows(store: &str, file: &Path) -> Vec<String> {
    rows(&ok(&[
        "query",
        "--store",
        store,
        "--format",
        "json",
        file.to_str().unwrap(),
    ]))
}

/// SPARQL JSON results as sorted rows of `var=term` cells, terms spelt alike on both sides:
/// numbers by value (Virtuoso writes 0.90 as 0.9), strings without their implicit datatype.
fn rows(json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let mut out: Vec<String> = v["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let cells: BTreeMap<&str, String> = b
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, t)| (k.as_str(), term(t)))
                .collect();
            format!("{cells:?}")
        })
        .collect();
    out.sort();
    out
}

fn term(t: &Value) -> String {
    let value = t["value"].as_str().unwrap_or_default();
    let dt = t["datatype"].as_str().unwrap_or_default();
    if dt.ends_with("#integer") || dt.ends_with("#decimal") || dt.ends_with("#double") {
        return format!("{}", value.parse::<f64>().unwrap());
    }
    // GROUP_CONCAT's order is left open by SPARQL: a list of IRIs or codes is compared sorted
    let words: Vec<&str> = value.split(' ').collect();
    let listed = |w: &&str| w.starts_with("http") || w.chars().all(|c| c.is_ascii_uppercase());
    if words.len() > 1 && words.iter().all(listed) {
        let mut sorted = words;
        sorted.sort_unstable();
        return format!("{:?}", sorted.join(" "));
    }
    match t["type"].as_str() {
        Some("uri") => format!("<{value}>"),
        _ if dt.is_empty() || dt.ends_with("#string") => format!("{value:?}"),
        _ => format!("{value:?}^^{dt}"),
    }
}

/// Insists that both sides gave the same rows, naming the first that differs.
fn same_rows(local: &[String], remote: &[String], query: &Path) {
    let first = local.iter().zip(remote).find(|(a, b)| a != b);
    assert!(
        local == remote,
        "{}: {} rows here, {} there; first difference {first:?}",
        query.display(),
        local.len(),
        remote.len()
    );
}

/// The number of triples of a graph on Virtuoso.
fn remote_count(v: &Virtuoso, graph: &str) -> usize {
    // no default-graph-uri here: with one, the protocol leaves no named graph to ask about
    let q = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
    let body = ureq::post(&v.endpoint())
        .set("Accept", "application/sparql-results+json")
        .send_form(&[("query", &q)])
        .unwrap()
        .into_string()
        .unwrap();
    let r: Value = serde_json::from_str(&body).unwrap();
    crate::common::number(r["results"]["bindings"][0]["n"]["value"].as_str().unwrap())
}

#[test]
fn push_into_virtuoso_keeps_documents_and_the_default_graph() {
    let v = Virtuoso::start();
    v.grant_updates();
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(&feed, seed_feed(2)).unwrap();
    let store = dir.path().join("s").display().to_string();
    ok(&["build", "--store", &store, feed.to_str().unwrap()]);
    let (endpoint, gsp) = (v.endpoint(), v.graph_store());
    let push = |extra: &[&str]| {
        let mut args = vec![
            "push",
            "--store",
            &store,
            "--endpoint",
            &endpoint,
            "--graph-store",
            &gsp,
        ];
        args.extend_from_slice(extra);
        run(&args)
    };

    // an unreachable store: a clear error, and nothing recorded as pushed
    let dead = format!("http://127.0.0.1:{}/sparql", free_port());
    let r = run(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &dead,
        "--timeout",
        "2",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unreachable"), "{}", r.stderr);

    // a dry run says what it would send and sends nothing
    let dry = push(&["--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout.contains("would push 10 graphs"),
        "{}",
        dry.stdout
    );
    assert_eq!(remote_count(&v, DEFAULT), 0);

    let first = push(&["--batch", "3"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.contains("pushed 10 graphs"),
        "{}",
        first.stdout
    );
    let local_default = count(&store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    assert_eq!(remote_count(&v, DEFAULT), local_default);
    let again = push(&[]);
    assert!(again.stdout.contains("pushed 0 graphs") && again.stdout.contains("10 unchanged"));

    // the ready queries give the same rows there as here: every one of them (but those that
    // call a SERVICE), written in the SPARQL that Virtuoso 7.2 compiles too
    let (mut compared, mut refused) = (0, Vec::new());
    for entry in std::fs::read_dir(root().join("queries")).unwrap() {
        let file = entry.unwrap().path();
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_str().unwrap();
        if !name.ends_with(".rq") || text.contains("SERVICE") {
            continue;
        }
        match try_remote_rows(&v, &text) {
            Ok(remote) => {
                same_rows(&local_rows(&store, &file), &remote, &file);
                compared += 1;
            }
            Err(e) => refused.push(format!("{name}: {e}")),
        }
    }
    assert!(refused.is_empty(), "Virtuoso refused {refused:#?}");
    assert!(compared >= 15, "{compared} queries compared");

    // a changed document: exactly its facts change there
    let doc = "https://w3id.org/newsgraph/id/doc/000_ba0e48ad7052aa1f-0";
    let other = "https://w3id.org/newsgraph/id/doc/001_72e29b7a571df496-1";
    let other_before = remote_count(&v, other);
    let changed = dir.path().join("changed.jsonl");
    let text = "The mayor of Boston criticized ICE.";
    std::fs::write(
        &changed,
        format!("{{\"id\":\"000_ba0e48ad7052aa1f-0\",\"text\":\"{text}\"}}\n"),
    )
    .unwrap();
    ok(&["build", "--store", &store, changed.to_str().unwrap()]);
    let re = push(&[]);
    assert!(re.stdout.contains("pushed 1 graphs"), "{}", re.stdout);
    let local_doc = count(
        &store,
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}"),
    );
    assert_eq!(remote_count(&v, doc), local_doc);
    assert_eq!(remote_count(&v, other), other_before);
    let local_default = count(&store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    assert_eq!(
        remote_count(&v, DEFAULT),
        local_default,
        "the default graph after a re-push"
    );
    for file in ["subpoenas.rq", "conflict-pairs.rq"] {
        let path = root().join("queries").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        same_rows(&local_rows(&store, &path), &remote_rows(&v, &text), &path);
    }
}

/// How the failing endpoint of [`Flaky`] fails.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fail {
    /// HTTP 500, body and all.
    Status500,
    /// The connection closed with no answer.
    Drop,
}

/// One request as [`Flaky`] saw it: method, path and query, what it did, and when.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    target: String,
    failed: bool,
    at: std::time::Instant,
}

#[derive(Default)]
struct FlakyState {
    /// Requests still let through that match the rule, before the endpoint fails.
    budget: Option<usize>,
    /// The method and a piece of the body (or of the target) a request must have to count.
    rule: (String, String),
    fail: Option<Fail>,
    failing: bool,
    seen: Vec<Seen>,
}

/// A real HTTP endpoint in front of Virtuoso (a std `TcpListener` on a thread, one request
/// per connection) that passes requests on until `budget` requests matching its rule have
/// passed, and then fails every request, as a store that goes down in the middle of a push,
/// until [`Flaky::recover`].
struct Flaky {
    port: u16,
    state: std::sync::Arc<std::sync::Mutex<FlakyState>>,
}

impl Flaky {
    fn start(upstream: u16) -> Flaky {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = std::sync::Arc::new(std::sync::Mutex::new(FlakyState::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut client) = conn else { continue };
                let state = shared.clone();
                std::thread::spawn(move || {
                    let Some((head, body)) = read_request(&mut client) else {
                        return;
                    };
                    let first = head.lines().next().unwrap_or_default().to_owned();
                    let mut parts = first.split(' ');
                    let method = parts.next().unwrap_or_default().to_owned();
                    let target = parts.next().unwrap_or_default().to_owned();
                    let fail = {
                        let mut s = state.lock().unwrap();
                        let counts = method == s.rule.0
                            && (target.contains(&s.rule.1)
                                || String::from_utf8_lossy(&body).contains(&s.rule.1));
                        if counts && !s.failing {
                            match s.budget {
                                Some(0) => s.failing = true,
                                Some(n) => s.budget = Some(n - 1),
                                None => {}
                            }
                        }
                        let fail = if s.failing { s.fail } else { None };
                        s.seen.push(Seen {
                            method,
                            target,
                            failed: fail.is_some(),
                            at: std::time::Instant::now(),
                        });
                        fail
                    };
                    match fail {
                        Some(Fail::Drop) => {}
                        Some(Fail::Status500) => {
                            let body = "the store is down for a test";
                            let _ = write!(
                                client,
                                "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\
                                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                                body.len()
                            );
                        }
                        None => {
                            // passed on with `Connection: close`, the answer read to its end
                            let mut up =
                                std::net::TcpStream::connect(("127.0.0.1", upstream)).unwrap();
                            let head: String = head
                                .split("\r\n")
                                .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
                                .map(|l| format!("{l}\r\n"))
                                .collect();
                            let head = head.trim_end().to_owned() + "\r\nConnection: close\r\n\r\n";
                            up.write_all(head.as_bytes()).unwrap();
                            up.write_all(&body).unwrap();
                            let mut answer = Vec::new();
                            up.set_read_timeout(Some(std::time::Duration::from_secs(60)))
                                .unwrap();
                            let _ = up.read_to_end(&mut answer);
                            let _ = client.write_all(&close_answer(&answer));
                        }
                    }
                });
            }
        });
        Flaky { port, state }
    }

    /// From now on, fails (`how`) once `budget` more requests with `method` and `piece` in
    /// their target or body have passed.
    fn fail_after(&self, budget: usize, method: &str, piece: &str, how: Fail) {
        let mut s = self.state.lock().unwrap();
        s.budget = Some(budget);
        s.rule = (method.to_owned(), piece.to_owned());
        s.fail = Some(how);
        s.failing = false;
    }

    /// The store is back: every request passes.
    fn recover(&self) {
        let mut s = self.state.lock().unwrap();
        s.budget = None;
        s.failing = false;
    }

    /// The requests seen since the last call.
    fn take_seen(&self) -> Vec<Seen> {
        std::mem::take(&mut self.state.lock().unwrap().seen)
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.port)
    }

    fn graph_store(&self) -> String {
        format!("http://127.0.0.1:{}/sparql-graph-crud", self.port)
    }
}

/// Reads one HTTP request: its head (up to the blank line) and its body (`Content-Length`).
fn read_request(s: &mut std::net::TcpStream) -> Option<(String, Vec<u8>)> {
    use std::io::Read;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = s.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = buf[end + 4..].to_vec();
    while body.len() < length {
        let n = s.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((head, body))
}

/// An answer with `Connection: close` in its head, so that the client opens a new connection
/// for its next request.
fn close_answer(answer: &[u8]) -> Vec<u8> {
    let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return answer.to_vec();
    };
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut out: String = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .map(|l| format!("{l}\r\n"))
        .collect();
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&answer[end + 4..]);
    bytes
}

/// The graph named in a Graph Store Protocol target (`…?graph=ENCODED`), decoded.
fn graph_of(target: &str) -> Option<String> {
    let encoded = target.split_once("graph=")?.1.split('&').next()?;
    let bytes = encoded.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Insists that the external store holds what the local one holds: the same named graphs
/// under the base, each with the same triples, and the external default graph the same set
/// as the local one.
fn same_store(v: &Virtuoso, store: &str) {
    let per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } \
                     FILTER (STRSTARTS(STR(?g), \"https://w3id.org/newsgraph/id/\") \
                     && ?g != <https://w3id.org/newsgraph/id/graph/default>) } GROUP BY ?g";
    let body = ureq::post(&v.endpoint())
        .set("Accept", "application/sparql-results+json")
        .send_form(&[("query", per_graph)])
        .unwrap()
        .into_string()
        .unwrap();
    let remote = rows(&body);
    let local = rows(&ok(&[
        "query", "--store", store, "--format", "json", "-e", per_graph,
    ]));
    assert!(!local.is_empty());
    same_rows(
        &local,
        &remote,
        Path::new("the named graphs and their sizes"),
    );
    let all = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }";
    let local = rows(&ok(&[
        "query", "--store", store, "--format", "json", "-e", all,
    ]));
    same_rows(&local, &remote_rows(v, all), Path::new("the default graph"));
}

/// One document of the feed again, with another text.
fn rebuild(store: &str, dir: &Path, id: &str, text: &str) {
    let file = dir.join(format!("{id}.jsonl"));
    let line = serde_json::json!({"id": id, "text": text});
    std::fs::write(&file, format!("{line}\n")).unwrap();
    ok(&["build", "--store", store, file.to_str().unwrap()]);
}

/// The graphs a request log shows the store took (PUTs answered) and refused.
fn puts(seen: &[Seen]) -> (BTreeSet<String>, Vec<&Seen>) {
    let took = seen
        .iter()
        .filter(|s| s.method == "PUT" && !s.failed)
        .filter_map(|s| graph_of(&s.target))
        .collect();
    let failed = seen
        .iter()
        .filter(|s| s.method == "PUT" && s.failed)
        .collect();
    (took, failed)
}

#[test]
fn a_push_that_fails_midway_is_reported_and_finished_by_the_next() {
    let v = Virtuoso::start();
    v.grant_updates();
    let flaky = Flaky::start(v.http_port());
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(&feed, seed_feed(2)).unwrap();
    let store = dir.path().join("s").display().to_string();
    ok(&["build", "--store", &store, feed.to_str().unwrap()]);
    let (endpoint, gsp) = (flaky.endpoint(), flaky.graph_store());
    let push = || {
        run(&[
            "push",
            "--store",
            &store,
            "--endpoint",
            &endpoint,
            "--graph-store",
            &gsp,
            "--batch",
            "3",
            "--timeout",
            "10",
        ])
    };
    let local_count = |g: &str| {
        count(
            &store,
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"),
        )
    };

    // the store answers 500 from the fifth PUT on (the second of the second batch): a clear
    // error, exit 1, the four graphs it took named, and each of them there whole
    flaky.fail_after(4, "PUT", "graph=", Fail::Status500);
    let r = push();
    assert_eq!(r.code, 1, "{}", r.stderr);
    for part in [
        "refused the request (HTTP 500): the store is down for a test (after 3 attempts)",
        "push stopped after 4 of 10 graphs",
        "the same push again sends the rest",
    ] {
        assert!(r.stderr.contains(part), "{part}: {}", r.stderr);
    }
    assert!(
        r.stdout.contains("pushed 4 graphs") && r.stdout.contains("6 not pushed"),
        "{}",
        r.stdout
    );
    let seen = flaky.take_seen();
    let (took, failed) = puts(&seen);
    assert_eq!(took.len(), 4, "{seen:?}");
    for g in &took {
        assert!(
            r.stdout.contains(&format!("pushed <{g}>")),
            "{g}: {}",
            r.stdout
        );
        assert_eq!(remote_count(&v, g), local_count(g), "{g}");
    }
    // the failing PUT was tried three times, 250 ms and then 500 ms apart (at least)
    assert_eq!(failed.len(), 3, "{failed:?}");
    assert_eq!(graph_of(&failed[0].target), graph_of(&failed[2].target));
    assert!(failed[1].at - failed[0].at >= std::time::Duration::from_millis(250));
    assert!(failed[2].at - failed[1].at >= std::time::Duration::from_millis(500));

    // the store is back: the same push sends exactly the six others, and the external store
    // then holds what the local one holds, default graph included
    flaky.recover();
    let r = push();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("pushed 6 graphs") && r.stdout.contains("4 unchanged"),
        "{}",
        r.stdout
    );
    let (rest, _) = puts(&flaky.take_seen());
    assert_eq!(rest.len(), 6);
    assert!(rest.is_disjoint(&took), "{rest:?} again");
    same_store(&v, &store);

    // a document changed; the connection drops at its PUT, after its new triples went into
    // the default graph; it changes again before the next push, which must leave none of the
    // version that never arrived in the default graph
    let doc = "000_ba0e48ad7052aa1f-0";
    rebuild(
        &store,
        dir.path(),
        doc,
        "The mayor of Boston criticized ICE.",
    );
    flaky.fail_after(0, "PUT", "graph=", Fail::Drop);
    let r = push();
    assert_eq!(r.code, 1);
    for part in [
        "unreachable",
        "push stopped after 0 of 1 graphs",
        "journalled",
    ] {
        assert!(r.stderr.contains(part), "{part}: {}", r.stderr);
    }
    rebuild(
        &store,
        dir.path(),
        doc,
        "The governor of Texas sued the city of Austin.",
    );
    let local_default = count(&store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    assert_ne!(
        remote_count(&v, DEFAULT),
        local_default,
        "nothing to repair"
    );
    flaky.recover();
    let r = push();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("pushed 1 graphs"), "{}", r.stdout);
    same_store(&v, &store);

    // the store fails on the removal from the default graph, after taking the graph: the graph
    // is recorded as pushed, and the next push, with no graph to send, finishes the removal
    rebuild(
        &store,
        dir.path(),
        "001_72e29b7a571df496-1",
        "The mayor of Chicago refused to cooperate with ICE.",
    );
    flaky.fail_after(0, "POST", "update=", Fail::Status500);
    let r = push();
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("pushed 1 graphs") && r.stdout.contains("0 not pushed"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("journalled"), "{}", r.stderr);
    flaky.recover();
    let r = push();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("pushed 0 graphs") && r.stdout.contains("10 unchanged"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains(" 0 triples checked"), "{}", r.stdout);
    same_store(&v, &store);
    let r = push();
    assert!(r.stdout.contains(" 0 triples checked"), "{}", r.stdout);
}
