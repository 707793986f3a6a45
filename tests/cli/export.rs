//! `newsgraph export`: DOT accepted by Graphviz, RDF exports that parse back to the graph.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use oxigraph::io::{RdfFormat, RdfParser};

use crate::common::{ok, run, seeds_store};

fn parse(text: &str, format: RdfFormat) -> BTreeSet<String> {
    RdfParser::from_format(format)
        .for_reader(text.as_bytes())
        .map(|q| q.unwrap().to_string())
        .collect()
}

fn triples(text: &str, format: RdfFormat) -> BTreeSet<String> {
    RdfParser::from_format(format)
        .for_reader(text.as_bytes())
        .map(|q| oxigraph::model::Triple::from(q.unwrap()).to_string())
        .collect()
}

#[test]
fn nquads_trig_and_turtle_are_the_same_graph() {
    let store = seeds_store();
    let nq = ok(&["export", "--store", store, "--format", "nquads"]);
    let trig = ok(&["export", "--store", store, "--format", "trig"]);
    let ttl = ok(&["export", "--store", store, "--format", "turtle"]);
    let from_nq = parse(&nq, RdfFormat::NQuads);
    assert_eq!(
        from_nq.len(),
        nq.lines().count(),
        "duplicate lines in the N-Quads export"
    );
    assert_eq!(from_nq, parse(&trig, RdfFormat::TriG));
    // Turtle has no graphs: the union of the documents' graphs
    assert_eq!(
        triples(&nq, RdfFormat::NQuads),
        triples(&ttl, RdfFormat::Turtle)
    );
    // and the store holds exactly what was exported
    let n = crate::common::count(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    assert_eq!(n, from_nq.len());
}

#[test]
fn export_writes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.nq");
    ok(&[
        "export",
        "--store",
        seeds_store(),
        "--format",
        "nquads",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(std::fs::read_to_string(&out).unwrap().lines().count() > 1000);
}

fn graphviz_accepts(dot: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` is needed for this test (Debian: apt-get install graphviz)");
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(dot.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "dot rejected the graph: {stderr}"
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn dot_is_accepted_by_graphviz_and_deterministic() {
    let dot = ok(&["export", "--store", seeds_store(), "--format", "dot"]);
    assert!(dot.starts_with("digraph"));
    assert!(dot.contains("subpoenas"));
    assert_eq!(
        dot,
        ok(&["export", "--store", seeds_store(), "--format", "dot"])
    );
    let svg = graphviz_accepts(&dot);
    assert!(svg.contains("<svg"));
    assert!(svg.contains("Denver"));
}

#[test]
fn dot_focus_keeps_the_neighbourhood() {
    let all = ok(&["export", "--store", seeds_store(), "--format", "dot"]);
    let near = ok(&[
        "export",
        "--store",
        seeds_store(),
        "--format",
        "dot",
        "--focus",
        "Denver",
        "--hops",
        "1",
    ]);
    graphviz_accepts(&near);
    assert!(near.contains("Denver"));
    assert!(near.lines().count() < all.lines().count());
    let missing = run(&[
        "export",
        "--store",
        seeds_store(),
        "--format",
        "dot",
        "--focus",
        "Atlantis",
    ]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("Atlantis"), "{}", missing.stderr);
}

#[test]
fn graphml_lists_nodes_and_edges() {
    let g = ok(&["export", "--store", seeds_store(), "--format", "graphml"]);
    assert!(g.starts_with("<?xml"));
    assert!(g.matches("<node ").count() > 10);
    assert!(g.matches("<edge ").count() > 10);
    assert_eq!(g.matches("<node ").count(), g.matches("</node>").count());
}
