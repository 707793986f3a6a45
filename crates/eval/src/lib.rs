//! Scoring of extractions against gold annotations, exactly as SPEC §5 and the reference
//! scorer `score.py` define it: entity precision/recall/F1 and type accuracy, linking accuracy
//! and wrong links, relation P/R/F1, quote attribution, and quantity P/R/F1.
//!
//! ```no_run
//! let gold = newsgraph_eval::Gold::load(std::path::Path::new("../shared/gold")).expect("gold loads");
//! let report = newsgraph_eval::score(&gold, &[]);
//! println!("{}", report.summary());
//! ```
#![deny(missing_docs)]

mod explain;
mod norm;
mod predicates;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use newsgraph_model::Extraction;
use serde::Deserialize;

pub use explain::{explain, Sentence, SentenceOf};
pub use norm::norm;
pub use predicates::{ByPredicate, Counts, STRUCTURE};

/// Errors of reading gold files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A gold file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A gold file is not the expected JSON.
    #[error("{path}: {source}")]
    Json {
        /// The file.
        path: String,
        /// The cause.
        source: serde_json::Error,
    },
}

#[derive(Debug, Deserialize)]
struct Registry {
    entities: Vec<GoldEntity>,
}

/// An entity of the gold registry.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    /// Gold id.
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Label.
    pub label: String,
    /// Aliases.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// QID, when verified.
    pub wikidata: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DocEntity {
    id: String,
    mentions: Vec<String>,
    optional: bool,
}

#[derive(Debug, Deserialize)]
struct GoldRelation {
    s: String,
    p: String,
    o: String,
    optional: bool,
    #[serde(default)]
    alt: Vec<Vec<String>>,
    evidence: Option<Span>,
}

#[derive(Debug, Deserialize)]
struct Span {
    text: String,
    start: usize,
    end: usize,
}

#[derive(Debug, Deserialize)]
struct GoldQuote {
    speaker: String,
    evidence: Span,
}

#[derive(Debug, Deserialize)]
struct GoldQuantity {
    subject: String,
    value: f64,
    evidence: Option<Span>,
}

/// The gold annotation of one document.
#[derive(Debug, Deserialize)]
pub struct GoldDoc {
    /// Document id.
    pub doc: String,
    entities: Vec<DocEntity>,
    relations: Vec<GoldRelation>,
    #[serde(default)]
    quotes: Vec<GoldQuote>,
    #[serde(default)]
    quantities: Vec<GoldQuantity>,
}

/// The gold registry and documents.
#[derive(Debug)]
pub struct Gold {
    registry: HashMap<String, GoldEntity>,
    /// Documents, by id, in file-name order.
    pub docs: BTreeMap<String, GoldDoc>,
}

impl Gold {
    /// Reads `entities.json` and every other `.json` of `dir`.
    pub fn load(dir: &Path) -> Result<Gold, Error> {
        let read = |p: &Path| -> Result<String, Error> {
            std::fs::read_to_string(p).map_err(|e| Error::Io {
                path: p.display().to_string(),
                source: e,
            })
        };
        let reg_path = dir.join("entities.json");
        let reg: Registry = serde_json::from_str(&read(&reg_path)?).map_err(|e| Error::Json {
            path: reg_path.display().to_string(),
            source: e,
        })?;
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| Error::Io {
                path: dir.display().to_string(),
                source: e,
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && p.file_name().is_some_and(|n| n != "entities.json")
            })
            .collect();
        files.sort();
        let mut docs = BTreeMap::new();
        for f in files {
            let d: GoldDoc = serde_json::from_str(&read(&f)?).map_err(|e| Error::Json {
                path: f.display().to_string(),
                source: e,
            })?;
            docs.insert(d.doc.clone(), d);
        }
        Ok(Gold {
            registry: reg
                .entities
                .into_iter()
                .map(|e| (e.id.clone(), e))
                .collect(),
            docs,
        })
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
}

pub(crate) fn prf(tp: usize, fp: usize, fn_: usize) -> Prf {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    };
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf { p, r, f1 }
}

/// A relation key: (subject, predicate, object) in gold ids.
pub type Triple = (Option<String>, String, Option<String>);

/// The scores of one document.
#[derive(Debug, Clone)]
pub struct DocReport {
    /// Document id.
    pub doc: String,
    /// Entity P/R/F1.
    pub entities: Prf,
    /// Relation P/R/F1.
    pub relations: Prf,
    /// Gold relations not found.
    pub missed: Vec<Triple>,
    /// System relations not in the gold.
    pub spurious: Vec<Triple>,
}

/// The scores of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Entity P/R/F1.
    pub entities: Prf,
    /// Share of matched entities with the gold type.
    pub type_accuracy: f64,
    /// Share of matched entities with a gold QID that carry it.
    pub link_accuracy: f64,
    /// QIDs on entities whose gold has another or none.
    pub wrong_links: usize,
    /// Relation P/R/F1.
    pub relations: Prf,
    /// Share of gold quotes found.
    pub quotes_found: f64,
    /// Share of gold quotes with the right speaker.
    pub quote_speaker_accuracy: f64,
    /// Quantity P/R/F1.
    pub quantities: Prf,
    /// Relation counts by predicate.
    pub by_predicate: ByPredicate,
    /// Per-document figures.
    pub per_doc: Vec<DocReport>,
}

fn entity_names(g: &GoldEntity, mentions: &[String]) -> HashSet<String> {
    std::iter::once(&g.label)
        .chain(&g.aliases)
        .chain(mentions)
        .map(|s| norm(s))
        .filter(|s| !s.is_empty())
        .collect()
}

/// One document's system output matched against its gold: what `score` counts and what
/// `explain` prints.
pub(crate) struct DocMatch<'a> {
    /// System entity id → gold id (None: matches no gold entity).
    pub mapping: HashMap<&'a str, Option<&'a str>>,
    /// Required gold entities matched, in system order, with the system entity.
    pub entities_found: Vec<(&'a str, &'a newsgraph_model::Entity)>,
    /// System entities that match no required gold entity (optional ones excepted).
    pub entities_spurious: Vec<&'a newsgraph_model::Entity>,
    /// Required gold entities not found.
    pub entities_missed: Vec<&'a str>,
    /// Required gold relations (main triple → accepted triples).
    pub gold_relations: BTreeMap<Triple, HashSet<Triple>>,
    /// Required gold relations found.
    pub matched: BTreeSet<Triple>,
    /// System triples neither required nor optional in the gold, in `score.py`'s order.
    pub spurious: Vec<Triple>,
}

impl DocMatch<'_> {
    /// A system entity id as a gold id.
    pub fn gold_id(&self, id: &str) -> Option<String> {
        self.mapping.get(id).copied().flatten().map(str::to_owned)
    }
}

/// Maps system entities to gold entities: QID first, then label, then mentions in order.
fn map_entities<'a>(
    reg: &'a HashMap<String, GoldEntity>,
    g: &'a GoldDoc,
    s: &'a Extraction,
) -> HashMap<&'a str, Option<&'a str>> {
    let by_qid: HashMap<&str, &str> = g
        .entities
        .iter()
        .filter_map(|x| {
            reg.get(&x.id)
                .and_then(|r| r.wikidata.as_deref())
                .map(|q| (q, x.id.as_str()))
        })
        .collect();
    let names: Vec<(&str, HashSet<String>)> = g
        .entities
        .iter()
        .filter_map(|x| {
            reg.get(&x.id)
                .map(|r| (x.id.as_str(), entity_names(r, &x.mentions)))
        })
        .collect();
    let mut mapping = HashMap::new();
    for se in &s.entities {
        let mut gid = None;
        if let Some(q) = se.wikidata.as_deref().filter(|q| by_qid.contains_key(q)) {
            gid = by_qid.get(q).copied();
        } else {
            let snames = std::iter::once(norm(&se.label))
                .chain(se.mentions.iter().map(|m| norm(&m.text)))
                .filter(|n| !n.is_empty());
            for n in snames {
                if let Some((id, _)) = names.iter().find(|(_, ns)| ns.contains(&n)) {
                    gid = Some(*id);
                    break;
                }
            }
        }
        mapping.insert(se.id.as_str(), gid);
    }
    mapping
}

/// The gold relations of a document: the required ones with the triples each accepts, and
/// every triple of an optional one.
fn gold_relations(g: &GoldDoc) -> (BTreeMap<Triple, HashSet<Triple>>, HashSet<Triple>) {
    let mut required: BTreeMap<Triple, HashSet<Triple>> = BTreeMap::new();
    let mut optional: HashSet<Triple> = HashSet::new();
    for r in &g.relations {
        let main: Triple = (Some(r.s.clone()), r.p.clone(), Some(r.o.clone()));
        let mut keys: HashSet<Triple> = HashSet::from([main.clone()]);
        for a in &r.alt {
            if a.len() == 3 {
                keys.insert((Some(a[0].clone()), a[1].clone(), Some(a[2].clone())));
            }
        }
        if r.optional {
            optional.extend(keys);
        } else {
            required.entry(main).or_default().extend(keys);
        }
    }
    (required, optional)
}

/// Matches one document's entities and relations.
pub(crate) fn match_doc<'a>(
    reg: &'a HashMap<String, GoldEntity>,
    g: &'a GoldDoc,
    s: &'a Extraction,
) -> DocMatch<'a> {
    let mapping = map_entities(reg, g, s);
    let mut required: Vec<&str> = Vec::new();
    for x in g.entities.iter().filter(|x| !x.optional) {
        if !required.contains(&x.id.as_str()) {
            required.push(x.id.as_str());
        }
    }
    let optional: HashSet<&str> = g
        .entities
        .iter()
        .filter(|x| x.optional)
        .map(|x| x.id.as_str())
        .collect();
    let (mut entities_found, mut entities_spurious) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for se in &s.entities {
        let gid = mapping.get(se.id.as_str()).copied().flatten();
        if gid.is_some_and(|g| optional.contains(g)) {
            continue;
        }
        match gid {
            Some(gid) if required.contains(&gid) && seen.insert(gid) => {
                entities_found.push((gid, se));
            }
            _ => entities_spurious.push(se),
        }
    }
    let entities_missed = required
        .iter()
        .copied()
        .filter(|x| !seen.contains(x))
        .collect();

    let (gold_req, gold_opt) = gold_relations(g);
    let map_id = |id: &str| mapping.get(id).copied().flatten().map(str::to_owned);
    let sys_triples: BTreeSet<Triple> = s
        .relations
        .iter()
        .map(|r| {
            let p = r.predicate.as_str().to_owned();
            (map_id(&r.subject), p, map_id(&r.object))
        })
        .collect();
    let mut matched = BTreeSet::new();
    let mut spurious = Vec::new();
    for t in &sys_triples {
        let mut hit = false;
        for (k, keys) in &gold_req {
            if keys.contains(t) {
                matched.insert(k.clone());
                hit = true;
            }
        }
        if !hit && !gold_opt.contains(t) {
            spurious.push(t.clone());
        }
    }
    // `sorted(..., key=str)` in score.py: the order of the printed tuples
    spurious.sort_by_key(fmt_triple);
    DocMatch {
        mapping,
        entities_found,
        entities_spurious,
        entities_missed,
        gold_relations: gold_req,
        matched,
        spurious,
    }
}

/// The gold quotes of a document, each with the system quotes that overlap it (or, failing
/// that, contain its first 30 normalised characters).
pub(crate) fn quote_candidates<'a>(
    g: &'a GoldDoc,
    s: &'a Extraction,
) -> Vec<(&'a GoldQuote, Vec<&'a newsgraph_model::Quote>)> {
    g.quotes
        .iter()
        .map(|gq| {
            let ev = &gq.evidence;
            let mut cand: Vec<&newsgraph_model::Quote> = s
                .quotes
                .iter()
                .filter(|q| q.start < ev.end && q.end > ev.start)
                .collect();
            if cand.is_empty() {
                let key: String = norm(&ev.text).chars().take(30).collect();
                cand = s
                    .quotes
                    .iter()
                    .filter(|q| !key.is_empty() && norm(&q.text).contains(&key))
                    .collect();
            }
            (gq, cand)
        })
        .collect()
}

/// A figure key: the gold id of its subject and the bits of its value.
pub(crate) type FigureKey = (Option<String>, u64);

/// The figures of the gold and of the system, as keys.
pub(crate) fn figure_keys(
    g: &GoldDoc,
    s: &Extraction,
    m: &DocMatch<'_>,
) -> (HashSet<FigureKey>, HashSet<FigureKey>) {
    let gold = g
        .quantities
        .iter()
        .map(|x| (Some(x.subject.clone()), x.value.to_bits()))
        .collect();
    let sys = s
        .quantities
        .iter()
        .map(|x| {
            (
                x.subject.as_deref().and_then(|i| m.gold_id(i)),
                x.value.to_bits(),
            )
        })
        .collect();
    (gold, sys)
}

/// Scores system extractions against the gold. Documents missing from `system` count as empty.
pub fn score(gold: &Gold, system: &[Extraction]) -> Report {
    let sys: HashMap<&str, &Extraction> = system.iter().map(|e| (e.doc.as_str(), e)).collect();
    let (mut etp, mut efp, mut efn, mut type_ok, mut type_n) = (0, 0, 0, 0, 0);
    let (mut link_ok, mut link_n, mut link_wrong) = (0, 0, 0);
    let (mut rtp, mut rfp, mut rfn) = (0, 0, 0);
    let (mut q_ok, mut q_found, mut q_n) = (0, 0, 0);
    let (mut n_tp, mut n_fp, mut n_fn) = (0, 0, 0);
    let mut per_doc = Vec::new();
    let mut by_pred = ByPredicate::default();
    let empty = Extraction::default();
    for (doc_id, g) in &gold.docs {
        let s = sys.get(doc_id.as_str()).copied().unwrap_or(&empty);
        let m = match_doc(&gold.registry, g, s);
        for (gid, se) in &m.entities_found {
            type_n += 1;
            let ge = &gold.registry[*gid];
            type_ok += usize::from(se.kind.as_str() == ge.kind);
            if let Some(gq) = &ge.wikidata {
                link_n += 1;
                link_ok += usize::from(se.wikidata.as_ref() == Some(gq));
            }
            if se.wikidata.is_some() && se.wikidata != ge.wikidata {
                link_wrong += 1;
            }
        }
        let (detp, defp, defn) = (
            m.entities_found.len(),
            m.entities_spurious.len(),
            m.entities_missed.len(),
        );
        etp += detp;
        efp += defp;
        efn += defn;

        let (drtp, drfp) = (m.matched.len(), m.spurious.len());
        let drfn = m.gold_relations.len() - drtp;
        for k in m.gold_relations.keys() {
            if m.matched.contains(k) {
                by_pred.found(&k.1);
            } else {
                by_pred.missed(&k.1);
            }
        }
        for t in &m.spurious {
            by_pred.spurious(&t.1);
        }
        rtp += drtp;
        rfp += drfp;
        rfn += drfn;

        for (gq, cand) in quote_candidates(g, s) {
            q_n += 1;
            if !cand.is_empty() {
                q_found += 1;
                q_ok += usize::from(cand.iter().any(|c| {
                    c.speaker.as_deref().and_then(|i| m.gold_id(i)).as_deref()
                        == Some(gq.speaker.as_str())
                }));
            }
        }

        let (gold_n, sys_n) = figure_keys(g, s, &m);
        let tp = gold_n.intersection(&sys_n).count();
        let gold_vals: HashSet<u64> = gold_n.iter().map(|(_, v)| *v).collect();
        let fp = sys_n
            .iter()
            .filter(|t| !gold_n.contains(*t) && !gold_vals.contains(&t.1))
            .count();
        n_tp += tp;
        n_fp += fp;
        n_fn += gold_n.len() - tp;

        let missed = m
            .gold_relations
            .keys()
            .filter(|k| !m.matched.contains(*k))
            .cloned()
            .collect();
        per_doc.push(DocReport {
            doc: doc_id.clone(),
            entities: prf(detp, defp, defn),
            relations: prf(drtp, drfp, drfn),
            missed,
            spurious: m.spurious,
        });
    }
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    Report {
        entities: prf(etp, efp, efn),
        type_accuracy: ratio(type_ok, type_n),
        link_accuracy: ratio(link_ok, link_n),
        wrong_links: link_wrong,
        relations: prf(rtp, rfp, rfn),
        quotes_found: ratio(q_found, q_n),
        quote_speaker_accuracy: ratio(q_ok, q_n),
        quantities: prf(n_tp, n_fp, n_fn),
        by_predicate: by_pred,
        per_doc,
    }
}

/// A triple as Python prints the tuple (`repr`), so that lists print and sort as in score.py.
fn fmt_triple(t: &Triple) -> String {
    let q = |s: &Option<String>| s.as_deref().map_or("None".to_owned(), py_repr);
    format!("({}, {}, {})", q(&t.0), py_repr(&t.1), q(&t.2))
}

/// Python's `repr` of a string: single quotes unless it holds a single quote and no double.
fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

impl Report {
    /// The summary lines, in the format of `score.py`.
    pub fn summary(&self) -> String {
        self.summary_with(false)
    }

    /// The summary lines of `score.py`, with `--by-predicate` lines after the relation line
    /// when `by_predicate`.
    pub fn summary_with(&self, by_predicate: bool) -> String {
        let f = |p: &Prf| format!("P {:.2} R {:.2} F1 {:.2}", p.p, p.r, p.f1);
        format!(
            "entities   {}  type acc {:.2}\nlinking    acc {:.2}  wrong links {}\nrelations  {}\n{}quotes     found {:.2}  speaker acc {:.2}\nquantities {}\n",
            f(&self.entities),
            self.type_accuracy,
            self.link_accuracy,
            self.wrong_links,
            f(&self.relations),
            if by_predicate {
                self.by_predicate.lines()
            } else {
                String::new()
            },
            self.quotes_found,
            self.quote_speaker_accuracy,
            f(&self.quantities)
        )
    }

    /// The per-document lines of `score.py --per-doc`.
    pub fn per_doc_lines(&self) -> String {
        let mut out = String::new();
        for d in &self.per_doc {
            out.push_str(&format!(
                "{} entities P/R/F1 {:.2}/{:.2}/{:.2} relations P/R/F1 {:.2}/{:.2}/{:.2}\n",
                d.doc,
                d.entities.p,
                d.entities.r,
                d.entities.f1,
                d.relations.p,
                d.relations.r,
                d.relations.f1
            ));
            for t in &d.missed {
                out.push_str(&format!("   missed   {}\n", fmt_triple(t)));
            }
            for t in &d.spurious {
                out.push_str(&format!("   spurious {}\n", fmt_triple(t)));
            }
        }
        out
    }
}
