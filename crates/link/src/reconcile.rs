//! Reconciliation: candidates by label and alias, filtered by class, scored with context,
//! accepted above a threshold and with a margin over the runner-up, NIL otherwise.

use std::collections::{BTreeMap, HashMap};

use newsgraph_model::EntityType;
use oxigraph::model::{Literal, Term};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};

use crate::{Endpoint, Error};

/// An entity to reconcile.
#[derive(Debug, Clone)]
pub struct Subject {
    /// Its IRI in the store.
    pub iri: String,
    /// Its label.
    pub label: String,
    /// Its type.
    pub kind: EntityType,
    /// Names of what the articles say with it: the other entities of its documents.
    pub context: Vec<String>,
}

/// A candidate item of the endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The item's QID.
    pub qid: String,
    /// Its description.
    pub description: String,
    /// Matched by its label (true) or an alias (false).
    pub by_label: bool,
    /// Its score.
    pub score: f64,
}

/// The decision for one subject.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The subject.
    pub subject: Subject,
    /// The best candidate, if any.
    pub best: Option<Candidate>,
    /// The runner-up's score (0 when there is none).
    pub runner_up: f64,
    /// True when the best candidate is accepted.
    pub linked: bool,
    /// Why, in a few words.
    pub reason: String,
}

/// Reconciles subjects against an endpoint.
#[derive(Debug)]
pub struct Reconciler {
    endpoint: Endpoint,
    classes: HashMap<String, EntityType>,
    /// The least score to accept.
    pub threshold: f64,
    /// The least lead over the runner-up.
    pub margin: f64,
    /// Labels per query.
    pub batch: usize,
}

const TYPES: &str = include_str!("../../../data/wikidata_types.tsv");
const WD: &str = "http://www.wikidata.org/entity/";

impl Reconciler {
    /// A reconciler with the class table of `data/wikidata_types.tsv`.
    pub fn new(endpoint: Endpoint) -> Reconciler {
        let mut classes = HashMap::new();
        for line in TYPES.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let mut cells = line.split('\t');
            if let (Some(class), Some(kind)) = (cells.next(), cells.next()) {
                if let Ok(kind) = kind.parse() {
                    classes.insert(class.to_owned(), kind);
                }
            }
        }
        Reconciler {
            endpoint,
            classes,
            threshold: 0.8,
            margin: 0.1,
            batch: 40,
        }
    }

    /// Decides every subject; the endpoint is asked in batches of labels.
    pub fn reconcile(&self, subjects: &[Subject]) -> Result<Vec<Decision>, Error> {
        let mut labels: Vec<&str> = subjects.iter().map(|s| s.label.as_str()).collect();
        labels.sort_unstable();
        labels.dedup();
        let mut found: HashMap<String, Vec<Row>> = HashMap::new();
        for chunk in labels.chunks(self.batch.max(1)) {
            for row in self.ask(chunk)? {
                found.entry(row.name.clone()).or_default().push(row);
            }
        }
        Ok(subjects
            .iter()
            .map(|s| self.decide(s, found.get(&s.label).map_or(&[][..], Vec::as_slice)))
            .collect())
    }

    fn ask(&self, labels: &[&str]) -> Result<Vec<Row>, Error> {
        let values: Vec<String> = labels
            .iter()
            .map(|l| Literal::new_language_tagged_literal_unchecked(*l, "en").to_string())
            .collect();
        let sparql = format!(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
             PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n\
             PREFIX schema: <http://schema.org/>\n\
             PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n\
             SELECT ?item ?name ?via ?class ?description WHERE {{\n\
               VALUES ?name {{ {} }}\n\
               {{ ?item rdfs:label ?name . BIND(\"label\" AS ?via) }}\n\
               UNION {{ ?item skos:altLabel ?name . BIND(\"alias\" AS ?via) }}\n\
               OPTIONAL {{ ?item wdt:P31 ?class }}\n\
               OPTIONAL {{ ?item schema:description ?description . FILTER(LANG(?description) = \"en\") }}\n\
             }}",
            values.join(" ")
        );
        let body = self.endpoint.select(&sparql)?;
        let bad = |m: String| Error::BadAnswer {
            url: self.endpoint.url().to_owned(),
            message: m,
        };
        let ReaderQueryResultsParserOutput::Solutions(solutions) =
            QueryResultsParser::from_format(QueryResultsFormat::Json)
                .for_reader(body.as_slice())
                .map_err(|e| bad(e.to_string()))?
        else {
            return Err(bad("a boolean, not solutions".into()));
        };
        let mut rows = Vec::new();
        for s in solutions {
            let s = s.map_err(|e| bad(e.to_string()))?;
            let text = |v: &str| match s.get(v) {
                Some(Term::Literal(l)) => l.value().to_owned(),
                Some(Term::NamedNode(n)) => n.as_str().to_owned(),
                _ => String::new(),
            };
            let item = text("item");
            let Some(qid) = item.strip_prefix(WD) else {
                continue;
            };
            rows.push(Row {
                qid: qid.to_owned(),
                name: text("name"),
                by_label: text("via") == "label",
                class: text("class")
                    .strip_prefix(WD)
                    .map(str::to_owned)
                    .unwrap_or_default(),
                description: text("description"),
            });
        }
        Ok(rows)
    }

    fn decide(&self, s: &Subject, rows: &[Row]) -> Decision {
        // one candidate per item: its classes, its best way of matching
        let mut items: BTreeMap<&str, (bool, Vec<&str>, &str)> = BTreeMap::new();
        for r in rows {
            let e =
                items
                    .entry(r.qid.as_str())
                    .or_insert((false, Vec::new(), r.description.as_str()));
            e.0 |= r.by_label;
            if !r.class.is_empty() && !e.1.contains(&r.class.as_str()) {
                e.1.push(r.class.as_str());
            }
            if e.2.is_empty() {
                e.2 = r.description.as_str();
            }
        }
        let description_agrees = |d: &str| {
            let d = d.to_lowercase();
            s.context
                .iter()
                .filter(|c| c.len() >= 4 && **c != s.label)
                .any(|c| d.contains(&c.to_lowercase()))
        };
        let mut candidates: Vec<Candidate> = Vec::new();
        for (qid, (by_label, classes, description)) in items {
            let known: Vec<EntityType> = classes
                .iter()
                .filter_map(|c| self.classes.get(*c).copied())
                .collect();
            let type_factor = if known.contains(&s.kind) {
                1.0
            } else if classes.is_empty() || known.is_empty() && !classes.is_empty() {
                // no class, or only classes the table does not know: weak evidence
                0.5
            } else {
                continue; // a known class of another type: a decoy
            };
            let mut score: f64 = if by_label { 0.85 } else { 0.7 } * type_factor;
            let context = description_agrees(description);
            if context {
                score += 0.15;
            }
            if s.kind == EntityType::Person && !context {
                // a namesake: link people only when the context agrees
                score = score.min(self.threshold - 0.05);
            }
            candidates.push(Candidate {
                qid: qid.to_owned(),
                description: description.to_owned(),
                by_label,
                score: (score * 100.0).round() / 100.0,
            });
        }
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.qid.cmp(&b.qid)));
        let best = candidates.first().cloned();
        let runner_up = candidates.get(1).map_or(0.0, |c| c.score);
        let (linked, reason) = match &best {
            None => (false, "no candidate".to_owned()),
            Some(b) if b.score < self.threshold => (
                false,
                if s.kind == EntityType::Person {
                    "below threshold (a person needs context)".to_owned()
                } else {
                    "below threshold".to_owned()
                },
            ),
            Some(b) if b.score - runner_up < self.margin => {
                (false, "ambiguous: margin too small".to_owned())
            }
            Some(_) => (true, "accepted".to_owned()),
        };
        Decision {
            subject: s.clone(),
            best,
            runner_up,
            linked,
            reason,
        }
    }
}

#[derive(Debug, Clone)]
struct Row {
    qid: String,
    name: String,
    by_label: bool,
    class: String,
    description: String,
}
