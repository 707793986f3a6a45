//! `newsgraph push` (issue 13) into a real external store, Virtuoso on loopback ports: the
//! documents' graphs arrive whole, the external default graph holds every fact once (the ready
//! queries of `queries/` give there the rows they give locally), a re-push of a changed
//! document changes exactly its facts, and an unreachable store is a clear error.

use std::collections::BTreeMap;
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
