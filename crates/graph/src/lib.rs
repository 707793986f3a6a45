//! The entity graph: the store's entities and the shortcut triples between them as a petgraph
//! graph, exported to Graphviz DOT and GraphML, whole or around one entity.
//!
//! Nodes are entities (label; shape and colour by type); an edge is one (subject, predicate,
//! object), labelled with the predicate and weighted by the number of events that support it.
//! Output is deterministic: nodes and edges are sorted.
#![deny(missing_docs)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

use newsgraph_model::NG_NS;
use newsgraph_store::GraphStore;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

/// An entity node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Node {
    /// Entity IRI.
    pub iri: String,
    /// Label.
    pub label: String,
    /// Type name (Person, Agency, …).
    pub kind: String,
}

/// An edge: a predicate between two entities and its support.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// Predicate local name.
    pub predicate: String,
    /// Number of events (or statements) supporting it.
    pub weight: usize,
}

/// The entity graph.
#[derive(Debug, Default)]
pub struct EntityGraph {
    /// The petgraph graph.
    pub graph: DiGraph<Node, Edge>,
}

/// Errors of building the graph.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] newsgraph_store::Error),
    /// The focus entity is not in the graph.
    #[error("no entity '{0}' in the graph (give its id, IRI or label)")]
    UnknownEntity(String),
}

fn value(t: Option<&Term>) -> String {
    match t {
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn rows(store: &GraphStore, q: &str, vars: &[&str]) -> Result<Vec<Vec<String>>, Error> {
    let mut out = Vec::new();
    if let QueryResults::Solutions(sol) = store.query(q)? {
        for s in sol {
            let s = s.map_err(|e| Error::Store(e.into()))?;
            out.push(vars.iter().map(|v| value(s.get(*v))).collect());
        }
    }
    Ok(out)
}

impl EntityGraph {
    /// Reads the entity graph from the store.
    pub fn from_store(store: &GraphStore) -> Result<EntityGraph, Error> {
        let ng = NG_NS;
        // the types as VALUES: entities are looked up by their type, not by walking each busy
        // entity's own quads (one per mention) on the in-memory store
        let nodes = rows(store, &format!(
            "PREFIX ng: <{ng}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
             SELECT ?e (MIN(?l) AS ?label) (MIN(?t) AS ?type) WHERE {{
               VALUES ?t {{ ng:Person ng:Agency ng:Jurisdiction ng:Organization ng:Facility ng:Policy }}
               ?e a ?t ; rdfs:label ?l }} GROUP BY ?e"
        ), &["e", "label", "type"])?;
        let edges = rows(
            store,
            &format!(
                "PREFIX ng: <{ng}>
             SELECT ?s ?p ?o (COUNT(DISTINCT ?ev) AS ?n) WHERE {{
               ?ev ng:predicate ?p ; ng:actor ?s ; ng:target ?o ; ng:polarity \"positive\" .
             }} GROUP BY ?s ?p ?o"
            ),
            &["s", "p", "o", "n"],
        )?;
        let mut g = EntityGraph::default();
        let mut index = BTreeMap::new();
        let mut sorted: Vec<Node> = nodes
            .into_iter()
            .map(|r| Node {
                iri: r[0].clone(),
                label: r[1].clone(),
                kind: r[2].trim_start_matches(ng).to_owned(),
            })
            .collect();
        sorted.sort();
        for n in sorted {
            let iri = n.iri.clone();
            index.insert(iri, g.graph.add_node(n));
        }
        let mut es: Vec<(String, String, String, usize)> = edges
            .into_iter()
            .map(|r| {
                (
                    r[0].clone(),
                    r[1].trim_start_matches(ng).to_owned(),
                    r[2].clone(),
                    r[3].parse().unwrap_or(1),
                )
            })
            .collect();
        es.sort();
        for (s, p, o, n) in es {
            if let (Some(&a), Some(&b)) = (index.get(&s), index.get(&o)) {
                g.graph.add_edge(
                    a,
                    b,
                    Edge {
                        predicate: p,
                        weight: n,
                    },
                );
            }
        }
        Ok(g)
    }

    /// Keeps only the entities within `hops` edges (either direction) of `focus` (an id, IRI
    /// or label).
    pub fn focus(&self, focus: &str, hops: usize) -> Result<EntityGraph, Error> {
        let start = self
            .graph
            .node_indices()
            .find(|&i| {
                let n = &self.graph[i];
                n.iri == focus
                    || n.iri.rsplit('/').next() == Some(focus)
                    || n.label.eq_ignore_ascii_case(focus)
            })
            .ok_or_else(|| Error::UnknownEntity(focus.to_owned()))?;
        let mut keep = BTreeSet::from([start]);
        let mut queue = VecDeque::from([(start, 0)]);
        while let Some((n, d)) = queue.pop_front() {
            if d == hops {
                continue;
            }
            for nb in self.graph.neighbors_undirected(n) {
                if keep.insert(nb) {
                    queue.push_back((nb, d + 1));
                }
            }
        }
        let mut g = EntityGraph::default();
        let mut map: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
        for &i in &keep {
            map.insert(i, g.graph.add_node(self.graph[i].clone()));
        }
        for e in self.graph.edge_references() {
            if let (Some(&a), Some(&b)) = (map.get(&e.source()), map.get(&e.target())) {
                g.graph.add_edge(a, b, e.weight().clone());
            }
        }
        Ok(g)
    }

    /// Graphviz DOT.
    pub fn to_dot(&self) -> String {
        self.to_dot_linked(|_| None)
    }

    /// Graphviz DOT whose nodes link to `url(node)` (for SVG in a page).
    pub fn to_dot_linked(&self, url: impl Fn(&Node) -> Option<String>) -> String {
        let mut out = String::from("digraph newsgraph {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", style=filled];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for i in self.graph.node_indices() {
            let n = &self.graph[i];
            let (shape, colour) = match n.kind.as_str() {
                "Person" => ("ellipse", "#fde2a7"),
                "Agency" => ("box", "#a7c7fd"),
                "Organization" => ("box", "#d3d3d3"),
                "Jurisdiction" => ("hexagon", "#b7f0b1"),
                "Facility" => ("house", "#f0c6b1"),
                "Policy" => ("note", "#e5c6f0"),
                _ => ("ellipse", "#ffffff"),
            };
            let link = url(n)
                .map(|u| format!(", URL=\"{}\", target=\"_top\"", escape(&u)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  n{} [label=\"{}\", shape={shape}, fillcolor=\"{colour}\", tooltip=\"{}\"{link}];",
                i.index(),
                escape(&n.label),
                escape(&n.iri)
            );
        }
        for e in self.graph.edge_references() {
            let w = e.weight();
            let _ = writeln!(
                out,
                "  n{} -> n{} [label=\"{}\", weight={}, penwidth={:.1}];",
                e.source().index(),
                e.target().index(),
                escape(&w.predicate),
                w.weight,
                1.0 + (w.weight as f64).ln_1p()
            );
        }
        out.push_str("}\n");
        out
    }

    /// GraphML, with label, type and IRI on nodes and predicate and weight on edges.
    pub fn to_graphml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n  <key id=\"iri\" for=\"node\" attr.name=\"iri\" attr.type=\"string\"/>\n  <key id=\"predicate\" for=\"edge\" attr.name=\"predicate\" attr.type=\"string\"/>\n  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n  <graph id=\"newsgraph\" edgedefault=\"directed\">\n");
        for i in self.graph.node_indices() {
            let n = &self.graph[i];
            let _ = writeln!(out, "    <node id=\"n{}\"><data key=\"label\">{}</data><data key=\"type\">{}</data><data key=\"iri\">{}</data></node>", i.index(), xml(&n.label), xml(&n.kind), xml(&n.iri));
        }
        for e in self.graph.edge_references() {
            let _ = writeln!(out, "    <edge source=\"n{}\" target=\"n{}\"><data key=\"predicate\">{}</data><data key=\"weight\">{}</data></edge>", e.source().index(), e.target().index(), xml(&e.weight().predicate), e.weight().weight);
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }
}

/// Escapes a DOT string.
pub fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_labels_are_escaped() {
        let mut g = EntityGraph::default();
        let a = g.graph.add_node(Node {
            iri: "x:a".into(),
            label: "The \"Sheriff\"".into(),
            kind: "Agency".into(),
        });
        let b = g.graph.add_node(Node {
            iri: "x:b".into(),
            label: "Back\\slash".into(),
            kind: "Person".into(),
        });
        g.graph.add_edge(
            a,
            b,
            Edge {
                predicate: "sues".into(),
                weight: 2,
            },
        );
        let dot = g.to_dot();
        assert!(dot.contains("label=\"The \\\"Sheriff\\\"\""));
        assert!(dot.contains("label=\"Back\\\\slash\""));
        assert!(dot.contains("n0 -> n1 [label=\"sues\", weight=2"));
    }
}
