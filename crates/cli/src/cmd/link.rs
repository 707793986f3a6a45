//! `newsgraph link`: reconcile entities without an identifier against a SPARQL endpoint.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use anyhow::Context;
use newsgraph_link::{Endpoint, Reconciler, Subject};
use newsgraph_store::{GraphStore, Link, Mode};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use crate::cli::Global;
use crate::Outcome;

const UNLINKED: &str = r#"
SELECT ?e ?label ?type ?other WHERE {
  { SELECT DISTINCT ?e ?label ?type WHERE {
      ?e a ?type ; rdfs:label ?label .
      FILTER (?type IN (ng:Person, ng:Agency, ng:Jurisdiction, ng:Organization, ng:Facility, ng:Policy))
      FILTER NOT EXISTS { ?e owl:sameAs ?x }
  } }
  OPTIONAL { ?e ng:mentionedIn ?d . ?o ng:mentionedIn ?d ; rdfs:label ?other . FILTER (?o != ?e) }
}
"#;

#[allow(clippy::too_many_arguments)]
pub fn run(
    g: &Global,
    endpoint: &str,
    dry_run: bool,
    threshold: f64,
    margin: f64,
    batch: usize,
    timeout: u64,
) -> anyhow::Result<Outcome> {
    if let Err(e) = Endpoint::check_url(endpoint) {
        crate::usage!("--endpoint: {e}");
    }
    // a writer takes the lock first; a dry run only reads
    let store = if dry_run {
        super::open_read(g)?
    } else {
        GraphStore::open(&g.store, Mode::Write)?.with_base(&g.base)
    };
    let mut subjects: BTreeMap<String, Subject> = BTreeMap::new();
    let QueryResults::Solutions(rows) = store.query(UNLINKED)? else {
        anyhow::bail!("the query of unlinked entities gave no solutions");
    };
    for row in rows {
        let row = row?;
        let text = |v: &str| match row.get(v) {
            Some(Term::Literal(l)) => l.value().to_owned(),
            Some(Term::NamedNode(n)) => n.as_str().to_owned(),
            _ => String::new(),
        };
        let iri = text("e");
        let kind = text("type")
            .rsplit('#')
            .next()
            .unwrap_or_default()
            .parse()
            .ok();
        let Some(kind) = kind else { continue };
        let s = subjects.entry(iri.clone()).or_insert_with(|| Subject {
            iri,
            label: text("label"),
            kind,
            context: Vec::new(),
        });
        let other = text("other");
        if !other.is_empty() && !s.context.contains(&other) {
            s.context.push(other);
        }
    }
    let subjects: Vec<Subject> = subjects.into_values().collect();
    let mut reconciler = Reconciler::new(Endpoint::new(endpoint, Duration::from_secs(timeout)));
    reconciler.threshold = threshold;
    reconciler.margin = margin;
    reconciler.batch = batch;
    // every decision is made before anything is written: an unreachable endpoint writes nothing
    let decisions = reconciler
        .reconcile(&subjects)
        .with_context(|| format!("reconciling {} entities", subjects.len()))?;

    let mut out = std::io::stdout().lock();
    let linked: Vec<Link> = decisions
        .iter()
        .filter(|d| d.linked)
        .filter_map(|d| {
            d.best.as_ref().map(|b| Link {
                entity: d.subject.iri.clone(),
                qid: b.qid.clone(),
                score: b.score,
                source: format!("sparql:{endpoint}"),
            })
        })
        .collect();
    if dry_run {
        writeln!(
            out,
            "{:<40}  {:<12}  {:<6}  {:<10}  {:>5}  {:>9}  {:>6}  reason",
            "entity", "type", "link", "candidate", "score", "runner-up", "margin"
        )?;
        for d in &decisions {
            let (qid, score) = d
                .best
                .as_ref()
                .map_or(("-".to_owned(), 0.0), |b| (b.qid.clone(), b.score));
            writeln!(
                out,
                "{:<40}  {:<12}  {:<6}  {:<10}  {:>5.2}  {:>9.2}  {:>6.2}  {}",
                d.subject.label.chars().take(40).collect::<String>(),
                d.subject.kind.as_str(),
                if d.linked { "yes" } else { "NIL" },
                qid,
                score,
                d.runner_up,
                (score - d.runner_up).max(0.0),
                d.reason
            )?;
        }
    } else {
        store.add_links(&linked)?;
    }
    writeln!(
        out,
        "{} of {} unlinked entities {}",
        linked.len(),
        decisions.len(),
        if dry_run { "would be linked" } else { "linked" }
    )?;
    Ok(Outcome::Ok)
}
