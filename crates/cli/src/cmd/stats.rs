//! `newsgraph stats`: what the store holds.

use std::io::Write;

use newsgraph_model::NG_NS;
use newsgraph_store::{write_results, ResultFormat};

use crate::cli::Global;
use crate::Outcome;

pub fn run(g: &Global, top: usize) -> anyhow::Result<Outcome> {
    let store = super::open_read(g)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "documents  {}", store.documents()?.len())?;
    writeln!(out, "quads      {}\n", store.len()?)?;
    let sections = [
        ("Entities by type", format!("PREFIX ng: <{NG_NS}> SELECT ?type (COUNT(DISTINCT ?e) AS ?entities) WHERE {{ ?e ng:mentionedIn ?d ; a ?t . BIND(STRAFTER(STR(?t), STR(ng:)) AS ?type) }} GROUP BY ?type ORDER BY DESC(?entities) ?type")),
        ("Most frequent actions", format!("PREFIX ng: <{NG_NS}> SELECT ?action (COUNT(DISTINCT ?ev) AS ?events) WHERE {{ ?ev a ng:Event ; ng:predicate ?p . BIND(STRAFTER(STR(?p), STR(ng:)) AS ?action) }} GROUP BY ?action ORDER BY DESC(?events) ?action LIMIT {top}")),
        ("Most active actors", format!("PREFIX ng: <{NG_NS}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?actor (COUNT(DISTINCT ?ev) AS ?events) WHERE {{ ?ev a ng:Event ; ng:actor ?a . ?a rdfs:label ?actor }} GROUP BY ?actor ORDER BY DESC(?events) ?actor LIMIT {top}")),
        ("Most targeted", format!("PREFIX ng: <{NG_NS}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?target (COUNT(DISTINCT ?ev) AS ?events) WHERE {{ ?ev a ng:Event ; ng:target ?t . ?t rdfs:label ?target }} GROUP BY ?target ORDER BY DESC(?events) ?target LIMIT {top}")),
    ];
    for (title, q) in sections {
        writeln!(out, "{title}")?;
        write_results(store.query(&q)?, ResultFormat::Table, &mut out)?;
        writeln!(out)?;
    }
    Ok(Outcome::Ok)
}
