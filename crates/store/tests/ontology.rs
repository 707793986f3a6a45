//! `data/ontology.ttl` declares exactly the vocabulary the code writes, with the same codes.
#![allow(clippy::unwrap_used, missing_docs)]

use newsgraph_model::{EntityType, Predicate, NG_NS};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Term, Triple};

fn ontology() -> Vec<Triple> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/ontology.ttl");
    let text = std::fs::read_to_string(path).unwrap();
    RdfParser::from_format(RdfFormat::Turtle)
        .for_reader(text.as_bytes())
        .map(|q| Triple::from(q.unwrap()))
        .collect()
}

fn value(triples: &[Triple], subject: &str, property: &str) -> Option<String> {
    let s = NamedNode::new(format!("{NG_NS}{subject}")).unwrap();
    let p = NamedNode::new(format!("{NG_NS}{property}")).unwrap();
    triples
        .iter()
        .find(|t| t.subject == s.clone().into() && t.predicate == p)
        .map(|t| match &t.object {
            Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        })
}

fn declared(triples: &[Triple], name: &str) -> bool {
    let s = NamedNode::new(format!("{NG_NS}{name}")).unwrap();
    triples.iter().any(|t| t.subject == s.clone().into())
}

#[test]
fn every_type_and_predicate_is_declared_with_its_codes() {
    let t = ontology();
    for kind in EntityType::ALL {
        assert!(
            declared(&t, kind.as_str()),
            "{} not in the ontology",
            kind.as_str()
        );
    }
    for p in Predicate::ALL {
        let name = p.as_str();
        assert!(declared(&t, name), "{name} not in the ontology");
        assert_eq!(value(&t, name, "plover").as_deref(), p.plover(), "{name}");
        assert_eq!(
            value(&t, name, "ploverMode").as_deref(),
            p.plover_mode(),
            "{name}"
        );
        assert_eq!(
            value(&t, name, "ploverContext").as_deref(),
            p.plover_context(),
            "{name}"
        );
        assert_eq!(value(&t, name, "cameo").as_deref(), p.cameo(), "{name}");
    }
}
