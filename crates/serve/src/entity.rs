//! The entity page: what an entity is, who leads it, what it did and what was done to it,
//! each act with its sentences and the documents that tell it.
//!
//! An act told by many documents (the same event node, SPEC §2.3) is one row per distinct
//! sentence, with the number of documents and links to the first of them, so the page of a
//! busy agency on a large store stays one screen per predicate. The event facts come from the
//! default graph; which document tells which sentence comes from [`Provenance`], an index of
//! the documents' graphs built once per state of the store, because a `GRAPH ?doc` lookup of
//! one event on Oxigraph's in-memory store walks that event's quads in every document.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use newsgraph_model::NG_NS;
use newsgraph_store::{rdf, GraphStore};
use oxigraph::model::{GraphName, NamedOrBlankNode, Term};

use crate::html::{esc, highlight, page, url};
use crate::pages::{
    doc_link, entity_iri, entity_link, html, limits, local, not_found_page, render, safe_iri,
    select, text, Page,
};
use crate::{AppState, Served};

/// How many documents a row links to; the others are counted.
const DOCS_SHOWN: usize = 3;

/// One document's telling of an event.
#[derive(Debug, Clone)]
pub struct Told {
    doc: Arc<str>,
    sentence: Arc<str>,
    modality: Arc<str>,
}

/// For every event and statement, the documents that state it with their sentence and
/// modality (the facts that differ between documents telling one event).
#[derive(Debug, Default)]
pub struct Provenance {
    told: HashMap<String, Vec<Told>>,
}

impl Provenance {
    /// One walk of the documents' `ng:sentence` and `ng:modality` quads.
    fn build(store: &GraphStore) -> Result<Provenance, String> {
        let mut names: HashMap<String, Arc<str>> = HashMap::new();
        let mut intern = |s: &str| -> Arc<str> {
            if let Some(a) = names.get(s) {
                return a.clone();
            }
            let a: Arc<str> = Arc::from(s);
            names.insert(s.to_owned(), a.clone());
            a
        };
        // (event, document) → (sentences, modalities)
        type Said = (BTreeSet<Arc<str>>, BTreeSet<Arc<str>>);
        let mut by_pair: HashMap<(String, Arc<str>), Said> = HashMap::new();
        for (slot, predicate) in [(0, "sentence"), (1, "modality")] {
            let predicate = rdf::ng(predicate);
            for q in store.named_quads_with_predicate(&predicate) {
                let q = q.map_err(|e| e.to_string())?;
                let (
                    NamedOrBlankNode::NamedNode(ev),
                    Term::Literal(value),
                    GraphName::NamedNode(doc),
                ) = (&q.subject, &q.object, &q.graph_name)
                else {
                    continue;
                };
                let doc = intern(doc.as_str());
                let value = intern(value.value());
                let said = by_pair.entry((ev.as_str().to_owned(), doc)).or_default();
                if slot == 0 {
                    said.0.insert(value);
                } else {
                    said.1.insert(value);
                }
            }
        }
        let mut told: HashMap<String, Vec<Told>> = HashMap::new();
        for ((ev, doc), (sentences, modalities)) in by_pair {
            let modality: Arc<str> = intern(
                &modalities
                    .iter()
                    .map(|m| m.as_ref())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            let list = told.entry(ev).or_default();
            for sentence in sentences {
                list.push(Told {
                    doc: doc.clone(),
                    sentence,
                    modality: modality.clone(),
                });
            }
        }
        for list in told.values_mut() {
            list.sort_by(|a, b| (&a.sentence, &a.doc).cmp(&(&b.sentence, &b.doc)));
        }
        Ok(Provenance { told })
    }
}

/// The provenance index of a state, built on first use.
pub(crate) fn provenance(served: &Served) -> Result<&Provenance, String> {
    served
        .provenance
        .get_or_init(|| Provenance::build(&served.store))
        .as_ref()
        .map_err(Clone::clone)
}

/// One act as the page shows it: an event told with one sentence, by one or more documents.
struct Act {
    event: String,
    predicate: String,
    counterpart: Vec<(String, String)>,
    date: String,
    polarity: String,
    modality: String,
    sentence: String,
    docs: Vec<Arc<str>>,
}

/// One event in the default graph: predicate, polarity, dates, counterparts (IRI, label).
type EventFacts = (String, String, BTreeSet<String>, Vec<(String, String)>);

/// The acts of `iri` as actor (or as target), grouped by event and sentence.
fn acts(served: &Served, state: &AppState, iri: &str, as_actor: bool) -> Result<Vec<Act>, String> {
    let (me, other) = if as_actor {
        ("ng:actor", "ng:target")
    } else {
        ("ng:target", "ng:actor")
    };
    let rows = select(
        served,
        limits(state),
        &format!(
            "SELECT ?ev ?p ?o ?ol ?date ?pol WHERE {{
               ?ev {me} <{iri}> ; a ng:Event ; ng:predicate ?p ; ng:polarity ?pol ; {other} ?o .
               OPTIONAL {{ ?ev ng:date ?date }}
               OPTIONAL {{ ?o rdfs:label ?ol }}
             }}"
        ),
    )?;
    let mut events: BTreeMap<String, EventFacts> = BTreeMap::new();
    for r in &rows {
        let e = events.entry(text(r, "ev")).or_insert_with(|| {
            (
                local(&text(r, "p")).to_owned(),
                text(r, "pol"),
                BTreeSet::new(),
                Vec::new(),
            )
        });
        if r.contains_key("date") {
            e.2.insert(text(r, "date"));
        }
        let party = (text(r, "o"), text(r, "ol"));
        if !e.3.contains(&party) {
            e.3.push(party);
        }
    }
    let told = provenance(served)?;
    let mut out = Vec::new();
    for (ev, (predicate, polarity, dates, mut counterpart)) in events {
        counterpart.sort_by(|a, b| a.1.cmp(&b.1));
        let mut by_sentence: BTreeMap<(&str, &str), Vec<Arc<str>>> = BTreeMap::new();
        for t in told.told.get(&ev).map_or(&[][..], Vec::as_slice) {
            by_sentence
                .entry((&t.sentence, &t.modality))
                .or_default()
                .push(t.doc.clone());
        }
        for ((sentence, modality), docs) in by_sentence {
            out.push(Act {
                event: ev.clone(),
                predicate: predicate.clone(),
                counterpart: counterpart.clone(),
                date: dates.iter().cloned().collect::<Vec<_>>().join(", "),
                polarity: polarity.clone(),
                modality: modality.to_owned(),
                sentence: sentence.to_owned(),
                docs,
            });
        }
    }
    out.sort_by(|a, b| {
        (&a.predicate, &a.date, &a.event, &a.sentence).cmp(&(
            &b.predicate,
            &b.date,
            &b.event,
            &b.sentence,
        ))
    });
    Ok(out)
}

/// The headlines of documents, by IRI (documents without one are left out).
fn headlines(
    served: &Served,
    state: &AppState,
    docs: &BTreeSet<Arc<str>>,
) -> Result<HashMap<String, String>, String> {
    if docs.is_empty() {
        return Ok(HashMap::new());
    }
    let values: String = docs
        .iter()
        .filter(|d| safe_iri(d))
        .map(|d| format!("<{d}> "))
        .collect();
    let rows = select(
        served,
        limits(state),
        &format!("SELECT ?doc ?h WHERE {{ VALUES ?doc {{ {values} }} ?doc schema:headline ?h }}"),
    )?;
    Ok(rows
        .iter()
        .map(|r| (text(r, "doc"), text(r, "h")))
        .collect())
}

/// Links to the first documents of a list and the count of the rest.
fn docs_cell(state: &AppState, docs: &[Arc<str>], headlines: &HashMap<String, String>) -> String {
    let mut links: Vec<String> = docs
        .iter()
        .take(DOCS_SHOWN)
        .map(|d| doc_link(state, d, headlines.get(d.as_ref()).map(String::as_str)))
        .collect();
    if docs.len() > DOCS_SHOWN {
        links.push(format!(
            "<span class=\"muted\">and {} more ({} documents)</span>",
            docs.len() - DOCS_SHOWN,
            docs.len()
        ));
    }
    links.join(", ")
}

fn voice(polarity: &str, modality: &str) -> String {
    match (polarity, modality) {
        ("positive", "asserted") => String::new(),
        ("positive", m) => format!("<span class=\"mod\">{}</span>", esc(m)),
        (p, "asserted") => format!("<span class=\"neg\">{}</span>", esc(p)),
        (p, m) => format!(
            "<span class=\"neg\">{}</span>, <span class=\"mod\">{}</span>",
            esc(p),
            esc(m)
        ),
    }
}

/// The acts grouped by predicate, one table each.
struct Section<'a> {
    heading: &'a str,
    id: &'a str,
    counterpart: &'a str,
}

fn acts_table(
    state: &AppState,
    acts: &[Act],
    names: &[String],
    section: &Section<'_>,
    headlines: &HashMap<String, String>,
) -> String {
    if acts.is_empty() {
        return String::new();
    }
    let mut by_pred: BTreeMap<&str, Vec<&Act>> = BTreeMap::new();
    for a in acts {
        by_pred.entry(&a.predicate).or_default().push(a);
    }
    let mut out = format!("<h2>{}</h2>", esc(section.heading));
    for (p, list) in by_pred {
        out.push_str(&format!(
            "<h3 id=\"{id}-{p}\">{p} <span class=\"muted\">({n})</span></h3>\
             <table class=\"acts\"><tr><th>{c}</th><th>Date</th><th>Voice</th><th>Evidence</th><th>Documents</th></tr>",
            id = section.id,
            c = section.counterpart,
            p = esc(p),
            n = list.len()
        ));
        for a in list {
            let parties: Vec<String> = a
                .counterpart
                .iter()
                .map(|(iri, label)| {
                    entity_link(
                        state,
                        iri,
                        if label.is_empty() { local(iri) } else { label },
                    )
                })
                .collect();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"sentence\">{}</td><td>{}</td></tr>",
                parties.join(", "),
                esc(&a.date),
                voice(&a.polarity, &a.modality),
                highlight(&a.sentence, names),
                docs_cell(state, &a.docs, headlines)
            ));
        }
        out.push_str("</table>");
    }
    out
}

/// What the entity is: label, types, aliases, identifiers.
struct About {
    label: String,
    kinds: Vec<String>,
    aliases: Vec<String>,
    ids: Vec<String>,
}

/// The entity's own description, or `None` when the graph does not know it.
fn about(served: &Served, state: &AppState, iri: &str) -> Result<Option<About>, String> {
    // only the predicates shown: a busy entity is the subject of a mention span per mention
    let rows = select(
        served,
        limits(state),
        &format!(
            "SELECT ?p ?o WHERE {{ VALUES ?p {{ rdfs:label rdf:type skos:altLabel owl:sameAs ng:ocdId ng:geonames ng:level }} <{iri}> ?p ?o }}"
        ),
    )?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut a = About {
        label: String::new(),
        kinds: Vec::new(),
        aliases: Vec::new(),
        ids: Vec::new(),
    };
    for r in &rows {
        let (p, o) = (text(r, "p"), text(r, "o"));
        match p.strip_prefix(NG_NS).unwrap_or(&p) {
            "http://www.w3.org/2000/01/rdf-schema#label" => a.label = o,
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" => a.kinds.push(local(&o).to_owned()),
            "http://www.w3.org/2004/02/skos/core#altLabel" => a.aliases.push(o),
            "http://www.w3.org/2002/07/owl#sameAs" => a.ids.push(format!(
                "Wikidata <a href=\"{}\">{}</a>",
                esc(&o),
                esc(local(&o))
            )),
            "ocdId" => a.ids.push(format!(
                "Open Civic Data <a href=\"https://opencivicdata.org/\" title=\"division id\">{}</a>",
                esc(&o)
            )),
            "geonames" => a.ids.push(format!(
                "GeoNames <a href=\"https://www.geonames.org/{}\">{}</a>",
                url(&o),
                esc(&o)
            )),
            "level" => a.ids.push(format!("level {}", esc(&o))),
            _ => {}
        }
    }
    for v in [&mut a.kinds, &mut a.aliases, &mut a.ids] {
        v.sort();
        v.dedup();
    }
    Ok(Some(a))
}

/// Who leads or works for it, what it leads, belongs to, lies in.
fn structure(served: &Served, state: &AppState, iri: &str) -> Result<String, String> {
    let rows = select(
        served,
        limits(state),
        &format!(
            "SELECT DISTINCT ?dir ?p ?x ?xl WHERE {{
               VALUES ?p {{ ng:leads ng:worksFor ng:partOf ng:locatedIn }}
               {{ ?x ?p <{iri}> BIND(\"in\" AS ?dir) }} UNION {{ <{iri}> ?p ?x BIND(\"out\" AS ?dir) }}
               OPTIONAL {{ ?x rdfs:label ?xl }}
             }} ORDER BY ?dir ?p ?xl"
        ),
    )?;
    if rows.is_empty() {
        return Ok(String::new());
    }
    let mut out = String::from("<h2>Structure</h2><ul class=\"structure\">");
    for r in &rows {
        let p = local(&text(r, "p")).to_owned();
        let x = entity_link(state, &text(r, "x"), &text(r, "xl"));
        let line = match (text(r, "dir").as_str(), p.as_str()) {
            ("in", "leads") => format!("led by {x}"),
            ("in", "worksFor") => format!("{x} works for it"),
            ("in", "partOf") => format!("{x} is part of it"),
            ("in", _) => format!("{x} lies in it"),
            ("out", "leads") => format!("leads {x}"),
            ("out", "worksFor") => format!("works for {x}"),
            ("out", "partOf") => format!("part of {x}"),
            _ => format!("in {x}"),
        };
        out.push_str(&format!("<li>{line}</li>"));
    }
    out.push_str("</ul>");
    Ok(out)
}

/// The dated acts in order.
fn timeline(label: &str, by: &[Act], against: &[Act]) -> String {
    let mut dated: Vec<(&str, &Act, bool)> = by
        .iter()
        .map(|a| (a.date.as_str(), a, true))
        .chain(against.iter().map(|a| (a.date.as_str(), a, false)))
        .filter(|(d, _, _)| !d.is_empty())
        .collect();
    dated.sort_by(|a, b| a.0.cmp(b.0));
    // one line per event, however many sentences tell it
    dated.dedup_by(|a, b| a.1.event == b.1.event);
    if dated.is_empty() {
        return String::new();
    }
    let mut out = String::from("<h2>Timeline</h2><table><tr><th>Date</th><th>Act</th></tr>");
    for (d, a, mine) in dated {
        let who: Vec<&str> = a.counterpart.iter().map(|c| c.1.as_str()).collect();
        let line = if mine {
            format!("{} {} {}", label, a.predicate, who.join(", "))
        } else {
            format!("{} {} {}", who.join(", "), a.predicate, label)
        };
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(d),
            esc(&line)
        ));
    }
    out.push_str("</table>");
    out
}

/// What a person said and the figures of an entity, each distinct text once with its
/// documents. A quote node is shared by the documents that carry the quotation and a figure
/// node belongs to one document (`prov:wasDerivedFrom` each), so the default graph answers.
fn said_and_counted(
    served: &Served,
    state: &AppState,
    iri: &str,
    label: &str,
) -> Result<String, String> {
    let mut out = String::new();
    let quotes = select(
        served,
        limits(state),
        &format!(
            "SELECT ?text ?doc WHERE {{ ?q a ng:Quote ; ng:speaker <{iri}> ; ng:text ?text ; prov:wasDerivedFrom ?doc }}"
        ),
    )?;
    let figures = select(
        served,
        limits(state),
        &format!(
            "SELECT ?v ?what ?unit ?doc WHERE {{ ?f a ng:Quantity ; ng:subject <{iri}> ; rdf:value ?v ; ng:what ?what ; prov:wasDerivedFrom ?doc
               OPTIONAL {{ ?f ng:unit ?unit }} }}"
        ),
    )?;
    let group = |rows: &[crate::pages::Row], key: &dyn Fn(&crate::pages::Row) -> Vec<String>| {
        let mut g: BTreeMap<Vec<String>, Vec<Arc<str>>> = BTreeMap::new();
        for r in rows {
            g.entry(key(r)).or_default().push(Arc::from(text(r, "doc")));
        }
        for docs in g.values_mut() {
            docs.sort();
            docs.dedup();
        }
        g
    };
    let quotes = group(&quotes, &|r| vec![text(r, "text")]);
    let figures = group(&figures, &|r| {
        vec![text(r, "what"), text(r, "v"), text(r, "unit")]
    });
    let none = HashMap::new();
    if !quotes.is_empty() {
        out.push_str(&format!(
            "<h2>What {} said</h2><ul class=\"quotes\">",
            esc(label)
        ));
        for (k, docs) in &quotes {
            out.push_str(&format!(
                "<li>“{}” — {}</li>",
                esc(&k[0]),
                docs_cell(state, docs, &none)
            ));
        }
        out.push_str("</ul>");
    }
    if !figures.is_empty() {
        out.push_str(
            "<h2>Figures</h2><table><tr><th>Value</th><th>What</th><th>Documents</th></tr>",
        );
        for (k, docs) in &figures {
            out.push_str(&format!(
                "<tr><td>{} {}</td><td>{}</td><td>{}</td></tr>",
                esc(&k[1]),
                esc(&k[2]),
                esc(&k[0]),
                docs_cell(state, docs, &none)
            ));
        }
        out.push_str("</table>");
    }
    Ok(out)
}

fn entity_page(served: &Served, state: &AppState, id: &str) -> Result<Page, String> {
    let iri = entity_iri(state, id);
    if !safe_iri(&iri) {
        return Ok(not_found_page("No such entity."));
    }
    let Some(a) = about(served, state, &iri)? else {
        return Ok(not_found_page(&format!("No entity '{id}' in the graph.")));
    };
    let mut names = vec![a.label.clone()];
    names.extend(a.aliases.iter().cloned());
    let mut body = format!(
        "<h1>{}</h1><p class=\"type\">{}</p>",
        esc(&a.label),
        esc(&a.kinds.join(", "))
    );
    if !a.aliases.is_empty() {
        body.push_str(&format!("<p>Also: {}</p>", esc(&a.aliases.join(" · "))));
    }
    if !a.ids.is_empty() {
        body.push_str(&format!("<p class=\"ids\">{}</p>", a.ids.join(" · ")));
    }
    body.push_str(&format!(
        "<p><a href=\"/graph/{}\">Graph of its neighbourhood</a></p>",
        url(id)
    ));
    body.push_str(&structure(served, state, &iri)?);
    let by = acts(served, state, &iri, true)?;
    let against = acts(served, state, &iri, false)?;
    let shown: BTreeSet<Arc<str>> = by
        .iter()
        .chain(&against)
        .flat_map(|a| a.docs.iter().take(DOCS_SHOWN).cloned())
        .collect();
    let heads = headlines(served, state, &shown)?;
    let (by_heading, against_heading) = (
        format!("Actions by {}", a.label),
        format!("Actions against {}", a.label),
    );
    body.push_str(&acts_table(
        state,
        &by,
        &names,
        &Section {
            heading: &by_heading,
            id: "by",
            counterpart: "Target",
        },
        &heads,
    ));
    body.push_str(&acts_table(
        state,
        &against,
        &names,
        &Section {
            heading: &against_heading,
            id: "against",
            counterpart: "Actor",
        },
        &heads,
    ));
    if by.is_empty() && against.is_empty() {
        body.push_str("<p class=\"muted\">No actions recorded.</p>");
    }
    body.push_str(&timeline(&a.label, &by, &against));
    body.push_str(&said_and_counted(served, state, &iri, &a.label)?);
    Ok(html(page(&a.label, &body)))
}

/// `/entity/{id}`: what an entity is, who leads it, what it did and what was done to it.
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    render(state, format!("entity\n{id}"), move |state, served| {
        entity_page(served, state, &id)
    })
    .await
}
