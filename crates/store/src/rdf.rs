//! The RDF model of SPEC §2.3: an extraction as quads in the document's named graph.

use newsgraph_model::{slug, Extraction, Polarity, NG_NS};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

/// Default base of instance IRIs.
pub const DEFAULT_BASE: &str = "https://w3id.org/newsgraph/id/";
/// schema.org.
pub const SCHEMA: &str = "http://schema.org/";
/// PROV-O.
pub const PROV: &str = "http://www.w3.org/ns/prov#";
/// Grounded Annotation Framework.
pub const GAF: &str = "http://groundedannotationframework.org/gaf#";
/// SKOS.
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// OWL.
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
/// Wikidata entities.
pub const WD: &str = "http://www.wikidata.org/entity/";
/// NLP Interchange Format (NIF 2.0 Core): the document text as a `nif:Context`.
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";

/// The prefixes used in exports.
pub const PREFIXES: &[(&str, &str)] = &[
    ("ng", NG_NS),
    ("id", DEFAULT_BASE),
    ("schema", SCHEMA),
    ("prov", PROV),
    ("gaf", GAF),
    ("skos", SKOS),
    ("owl", OWL),
    ("wd", WD),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

fn iri(s: &str) -> NamedNode {
    NamedNode::new_unchecked(s)
}

/// The IRI of `parts` one after another: made at its length in one allocation, which
/// `format!` then a copy into the node was not (half the time of making an extraction's quads).
fn iri_of(parts: &[&str]) -> NamedNode {
    NamedNode::new_unchecked(parts.concat())
}

/// A term of the newsgraph vocabulary.
pub fn ng(local: &str) -> NamedNode {
    iri_of(&[NG_NS, local])
}

/// Makes IRIs under a base.
#[derive(Debug, Clone)]
pub struct Iris {
    base: String,
}

impl Default for Iris {
    fn default() -> Self {
        Iris {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

/// Keeps characters safe in an IRI path segment.
fn segment(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() {
        slug(s)
    } else {
        out
    }
}

/// A document id as an IRI path segment: `[A-Za-z0-9._-]` kept, every other byte
/// percent-encoded, so that distinct ids are distinct IRIs ("a b" is `a%20b`, "a-b" stays
/// `a-b`) and the ids most documents have are their IRIs unchanged.
pub fn doc_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Iris {
    /// IRIs under `base` (which should end with `/` or `#`).
    pub fn new(base: &str) -> Iris {
        Iris {
            base: base.to_owned(),
        }
    }

    /// The IRI of an entity.
    pub fn entity(&self, id: &str) -> NamedNode {
        iri_of(&[&self.base, "entity/", &segment(id)])
    }

    /// The IRI of a document, which also names its graph.
    pub fn doc(&self, id: &str) -> NamedNode {
        iri_of(&[&self.base, "doc/", &doc_segment(id)])
    }

    /// A span of a document (RFC 5147 fragment).
    pub fn span(&self, doc: &str, start: usize, end: usize) -> NamedNode {
        use std::fmt::Write;
        let segment = doc_segment(doc);
        let mut s = String::with_capacity(self.base.len() + segment.len() + 30);
        s.push_str(&self.base);
        s.push_str("doc/");
        s.push_str(&segment);
        let _ = write!(s, "#char={start},{end}");
        NamedNode::new_unchecked(s)
    }

    /// A node of a document: event, quote, quantity.
    pub fn node(&self, kind: &str, doc: &str, n: usize) -> NamedNode {
        iri(&format!("{}{kind}/{}-{n}", self.base, doc_segment(doc)))
    }

    /// The IRI of a quotation, made of who said it and what was said, not of where it is
    /// printed: a quotation reprinted by many outlets (a wire story, a press release quoted
    /// whole) is one node with a mention in each document, as an event is. The text enters
    /// as the first 64 bits of its SHA-256, which keeps the IRI short and the same on every
    /// machine and run.
    pub fn quote(&self, speaker: Option<&str>, text: &str) -> NamedNode {
        use sha2::Digest;
        let who = speaker.unwrap_or("");
        let mut h = sha2::Sha256::new();
        h.update(who.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        let digest = h.finalize();
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let who = if who.is_empty() {
            "unattributed".to_owned()
        } else {
            segment(who)
        };
        iri(&format!("{}quote/{who}-{hex}", self.base))
    }

    /// The IRI of a named graph of the store's own (`links`).
    pub fn graph(&self, name: &str) -> NamedNode {
        iri(&format!("{}graph/{}", self.base, segment(name)))
    }

    /// The IRI of a structural statement (leads, worksFor, partOf, …), made of what it
    /// states, so that the same fact told by several articles is one node.
    pub fn statement(
        &self,
        actor: &str,
        predicate: &str,
        targets: &[&str],
        polarity: &str,
    ) -> NamedNode {
        let key = fact_key(actor, predicate, targets, polarity, None);
        iri(&format!("{}statement/{}", self.base, segment(&key)))
    }

    /// The IRI of an event, made of what the event is (actor, act, targets, polarity, date)
    /// and not of where it is told: the same act reported by several articles, or twice in
    /// one, is one node with a mention in each.
    pub fn event(
        &self,
        actor: &str,
        predicate: &str,
        targets: &[&str],
        polarity: &str,
        date: Option<&str>,
    ) -> NamedNode {
        let key = fact_key(actor, predicate, targets, polarity, date);
        iri(&format!("{}event/{}", self.base, segment(&key)))
    }
}

/// What a fact is: actor, act, sorted targets, polarity unless positive, date when known.
fn fact_key(
    actor: &str,
    predicate: &str,
    targets: &[&str],
    polarity: &str,
    date: Option<&str>,
) -> String {
    let mut targets = targets.to_vec();
    targets.sort_unstable();
    targets.dedup();
    let mut key = format!("{actor}.{predicate}.{}", targets.join("_"));
    if polarity != "positive" {
        key.push('.');
        key.push_str(polarity);
    }
    if let Some(d) = date {
        key.push('.');
        key.push_str(d);
    }
    key
}

struct Out {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Out {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(s, p, o, self.graph.clone()));
    }
}

/// The quads of one extraction, in the document's named graph, without duplicates, in the
/// order they are made (the store's loaders and transactions take them as a set). Sorting
/// them by their N-Quads text formatted every quad, the document's text included: a tenth
/// of a build's time.
pub fn quads(x: &Extraction, iris: &Iris) -> Vec<Quad> {
    let quads = unsorted_quads(x, iris);
    let first: Vec<bool> = {
        let mut seen = std::collections::HashSet::with_capacity(quads.len());
        quads.iter().map(|q| seen.insert(q)).collect()
    };
    quads
        .into_iter()
        .zip(first)
        .filter_map(|(q, first)| first.then_some(q))
        .collect()
}

/// The quads of [`quads`] as N-Quads statements without their final ` .`, in the same order.
/// The order of the quads is that of these strings, so a writer of N-Quads that takes them
/// from here formats each quad once, not once to sort it and again to write it (formatting
/// was half the time of `newsgraph extract --format nquads`).
pub fn nquads(x: &Extraction, iris: &Iris) -> Vec<String> {
    // two quads are equal exactly when their N-Quads are (the format spells a term one way)
    let mut lines: Vec<String> = unsorted_quads(x, iris)
        .iter()
        .map(|q| {
            use std::fmt::Write;
            // the string made at its length: grown from empty, a quad of the document text
            // was copied a dozen times over
            let mut line = String::with_capacity(nquad_len(q));
            let _ = write!(line, "{q}");
            line
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// The length of a quad in N-Quads, short only by the escapes of its literal.
fn nquad_len(q: &Quad) -> usize {
    let node = |n: &NamedOrBlankNode| match n {
        NamedOrBlankNode::NamedNode(n) => n.as_str().len() + 2,
        NamedOrBlankNode::BlankNode(b) => b.as_str().len() + 2,
    };
    let object = match &q.object {
        Term::NamedNode(n) => n.as_str().len() + 2,
        Term::BlankNode(b) => b.as_str().len() + 2,
        Term::Literal(l) => {
            l.value().len()
                + 2
                + l.language()
                    .map_or(l.datatype().as_str().len() + 4, |t| t.len() + 1)
        }
        #[allow(unreachable_patterns)]
        _ => 0,
    };
    let graph = match &q.graph_name {
        GraphName::NamedNode(n) => n.as_str().len() + 3,
        GraphName::BlankNode(b) => b.as_str().len() + 3,
        GraphName::DefaultGraph => 0,
    };
    node(&q.subject) + q.predicate.as_str().len() + 3 + object + 1 + graph
}

/// The quads of one extraction, in the order they are made, duplicates included.
fn unsorted_quads(x: &Extraction, iris: &Iris) -> Vec<Quad> {
    let doc = iris.doc(&x.doc);
    let mut out = Out {
        graph: GraphName::NamedNode(doc.clone()),
        quads: Vec::new(),
    };
    let schema = |l: &str| iri_of(&[SCHEMA, l]);
    let lit = |s: &str| Literal::new_simple_literal(s);

    out.add(doc.clone(), rdf::TYPE.into_owned(), schema("NewsArticle"));
    out.add(doc.clone(), ng("documentId"), lit(&x.doc));
    if let Some(t) = &x.meta.title {
        out.add(doc.clone(), schema("headline"), lit(t));
    }
    if let Some(d) = &x.meta.date {
        out.add(doc.clone(), schema("datePublished"), date_literal(d));
    }
    if let Some(u) = &x.meta.url {
        out.add(doc.clone(), schema("url"), lit(u));
    }
    if let Some(o) = &x.meta.outlet {
        out.add(doc.clone(), schema("publisher"), lit(o));
    }
    if let Some(a) = &x.meta.author {
        out.add(doc.clone(), schema("author"), lit(a));
    }
    // the text itself, as the NIF context that the `#char=` spans of mentions and evidence
    // point into: in the document's graph, so it is replaced, committed and recovered with
    // the document's facts
    if let Some(t) = &x.text {
        let context = iris.span(&x.doc, 0, t.chars().count());
        out.add(
            context.clone(),
            rdf::TYPE.into_owned(),
            iri_of(&[NIF, "Context"]),
        );
        out.add(context.clone(), iri_of(&[NIF, "isString"]), lit(t));
        out.add(context, iri_of(&[NIF, "sourceUrl"]), doc.clone());
    }

    for e in &x.entities {
        let n = iris.entity(&e.id);
        out.add(n.clone(), rdf::TYPE.into_owned(), ng(e.kind.as_str()));
        out.add(n.clone(), rdfs::LABEL.into_owned(), lit(&e.label));
        for a in &e.aliases {
            out.add(n.clone(), iri_of(&[SKOS, "altLabel"]), lit(a));
        }
        if let Some(q) = &e.wikidata {
            out.add(n.clone(), iri_of(&[OWL, "sameAs"]), iri_of(&[WD, q]));
            out.add(n.clone(), ng("wikidata"), lit(q));
        }
        if let Some(o) = &e.ocd_id {
            out.add(n.clone(), ng("ocdId"), lit(o));
        }
        if let Some(g) = &e.geonames {
            out.add(n.clone(), ng("geonames"), lit(g));
        }
        if let Some(l) = &e.level {
            out.add(n.clone(), ng("level"), lit(l));
        }
        if e.wikidata.is_some() || e.ocd_id.is_some() {
            if let Some(s) = &e.link_source {
                out.add(n.clone(), ng("linkSource"), lit(s));
            }
            if let Some(score) = e.link_score {
                out.add(n.clone(), ng("linkScore"), decimal(f64::from(score)));
            }
        }
        out.add(n.clone(), ng("mentionedIn"), doc.clone());
        for m in &e.mentions {
            out.add(
                n.clone(),
                iri_of(&[GAF, "denotedBy"]),
                iris.span(&x.doc, m.start, m.end),
            );
        }
    }

    let ids: std::collections::BTreeSet<usize> = x.relations.iter().map(|r| r.event).collect();
    for id in ids {
        let group: Vec<_> = x.relations.iter().filter(|r| r.event == id).collect();
        let r = group[0];
        let node = if r.predicate.is_event() {
            let targets: Vec<&str> = group.iter().map(|g| g.object.as_str()).collect();
            iris.event(
                &r.subject,
                r.predicate.as_str(),
                &targets,
                r.polarity.as_str(),
                // a date read from the text tells events apart; the publication date alone does not
                r.date
                    .as_deref()
                    .filter(|_| r.date_basis.as_deref() != Some("publication-date")),
            )
        } else {
            let targets: Vec<&str> = group.iter().map(|g| g.object.as_str()).collect();
            iris.statement(
                &r.subject,
                r.predicate.as_str(),
                &targets,
                r.polarity.as_str(),
            )
        };
        out.add(
            node.clone(),
            rdf::TYPE.into_owned(),
            ng(if r.predicate.is_event() {
                "Event"
            } else {
                "Statement"
            }),
        );
        out.add(node.clone(), ng("predicate"), ng(r.predicate.as_str()));
        out.add(node.clone(), ng("actor"), iris.entity(&r.subject));
        for g in &group {
            out.add(node.clone(), ng("target"), iris.entity(&g.object));
        }
        if let Some(p) = r.predicate.plover() {
            out.add(node.clone(), ng("plover"), lit(p));
        }
        if let Some(m) = r.predicate.plover_mode() {
            out.add(node.clone(), ng("ploverMode"), lit(m));
        }
        if let Some(c) = r.predicate.plover_context() {
            out.add(node.clone(), ng("ploverContext"), lit(c));
        }
        if let Some(c) = r.predicate.cameo() {
            out.add(node.clone(), ng("cameo"), lit(c));
        }
        if let Some(d) = &r.date {
            out.add(node.clone(), ng("date"), date_literal(d));
        }
        if let Some(t) = &r.date_text {
            out.add(node.clone(), ng("dateText"), lit(t));
        }
        if let Some(b) = &r.date_basis {
            out.add(node.clone(), ng("dateBasis"), lit(b));
        }
        out.add(node.clone(), ng("polarity"), lit(r.polarity.as_str()));
        out.add(node.clone(), ng("modality"), lit(r.modality.as_str()));
        if let Some(a) = &r.attributed_to {
            out.add(node.clone(), ng("attributedTo"), iris.entity(a));
        }
        out.add(
            node.clone(),
            iri_of(&[GAF, "denotedBy"]),
            iris.span(&x.doc, r.evidence.start, r.evidence.end),
        );
        out.add(node.clone(), ng("sentence"), lit(&r.evidence.text));
        out.add(node.clone(), ng("rule"), lit(&r.rule));
        out.add(
            node.clone(),
            ng("confidence"),
            decimal(f64::from(r.confidence)),
        );
        out.add(node.clone(), iri_of(&[PROV, "wasDerivedFrom"]), doc.clone());
        if r.polarity == Polarity::Positive {
            for g in &group {
                out.add(
                    iris.entity(&g.subject),
                    ng(g.predicate.as_str()),
                    iris.entity(&g.object),
                );
            }
        }
    }

    for q in &x.quotes {
        let node = iris.quote(q.speaker.as_deref(), &q.text);
        out.add(node.clone(), rdf::TYPE.into_owned(), ng("Quote"));
        if let Some(s) = &q.speaker {
            out.add(node.clone(), ng("speaker"), iris.entity(s));
        }
        out.add(node.clone(), ng("text"), lit(&q.text));
        out.add(
            node.clone(),
            iri_of(&[GAF, "denotedBy"]),
            iris.span(&x.doc, q.start, q.end),
        );
        out.add(node.clone(), iri_of(&[PROV, "wasDerivedFrom"]), doc.clone());
    }

    for (n, q) in x.quantities.iter().enumerate() {
        let node = iris.node("quantity", &x.doc, n + 1);
        out.add(node.clone(), rdf::TYPE.into_owned(), ng("Quantity"));
        if let Some(s) = &q.subject {
            out.add(node.clone(), ng("subject"), iris.entity(s));
        }
        out.add(
            node.clone(),
            rdf::VALUE.into_owned(),
            Literal::new_typed_literal(format_decimal(q.value), xsd::DECIMAL),
        );
        out.add(node.clone(), ng("what"), lit(&q.what));
        if let Some(u) = &q.unit {
            out.add(node.clone(), ng("unit"), lit(u));
        }
        if let Some(b) = &q.bound {
            out.add(node.clone(), ng("bound"), lit(b));
        }
        out.add(
            node.clone(),
            iri_of(&[GAF, "denotedBy"]),
            iris.span(&x.doc, q.start, q.end),
        );
        out.add(node.clone(), iri_of(&[PROV, "wasDerivedFrom"]), doc.clone());
    }

    out.quads
}

/// A score as an `xsd:decimal` of two places in its canonical form ("0.8", "1"), the form
/// the store keeps, so that a quad compares equal to its stored self.
pub fn decimal(v: f64) -> Literal {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    Literal::new_typed_literal(if s.is_empty() || s == "-" { "0" } else { s }, xsd::DECIMAL)
}

fn format_decimal(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// A date literal: `xsd:date`, `xsd:gYearMonth` or `xsd:gYear` by its shape, else a plain string.
pub fn date_literal(d: &str) -> Literal {
    let b = d.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if d.len() == 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && is_calendar_date(d)
    {
        Literal::new_typed_literal(d, xsd::DATE)
    } else if d.len() == 7
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && (1..=12).contains(&d[5..7].parse::<u32>().unwrap_or(0))
    {
        Literal::new_typed_literal(d, xsd::G_YEAR_MONTH)
    } else if d.len() == 4 && digits(0..4) {
        Literal::new_typed_literal(d, xsd::G_YEAR)
    } else {
        Literal::new_simple_literal(d)
    }
}

/// Whether `YYYY-MM-DD` (digits already checked) names a day of the calendar: `2020-13-45`
/// and `2021-02-29` do not, and stay plain strings.
fn is_calendar_date(d: &str) -> bool {
    let num = |r: std::ops::Range<usize>| d.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_differ_outside_the_safe_characters_are_distinct_iris() {
        let iris = Iris::default();
        let ids = [
            "a b", "a-b", "a%20b", "新闻", "新聞", "a/b", "a?b", "a#b", "",
        ];
        let docs: std::collections::BTreeSet<String> = ids
            .iter()
            .map(|i| iris.doc(i).as_str().to_owned())
            .collect();
        assert_eq!(docs.len(), ids.len(), "{docs:?}");
        for i in ids {
            assert!(NamedNode::new(iris.doc(i).as_str()).is_ok(), "{i}");
            assert!(NamedNode::new(iris.span(i, 0, 3).as_str()).is_ok(), "{i}");
            assert!(
                NamedNode::new(iris.node("quantity", i, 1).as_str()).is_ok(),
                "{i}"
            );
            assert!(
                NamedNode::new(iris.quote(Some(i), "“Yes,” she said.").as_str()).is_ok(),
                "{i}"
            );
        }
    }

    #[test]
    fn a_quotation_is_one_node_whoever_prints_it() {
        let iris = Iris::default();
        let a = iris.quote(Some("jane-doe"), "We will not comply.");
        assert_eq!(a, iris.quote(Some("jane-doe"), "We will not comply."));
        assert!(a
            .as_str()
            .starts_with("https://w3id.org/newsgraph/id/quote/jane-doe-"));
        // another speaker, another text, or no speaker: another node
        assert_ne!(a, iris.quote(Some("john-roe"), "We will not comply."));
        assert_ne!(a, iris.quote(Some("jane-doe"), "We will comply."));
        let none = iris.quote(None, "We will not comply.");
        assert_ne!(a, none);
        assert!(none.as_str().contains("/quote/unattributed-"));
        // the speaker and the text cannot trade bytes across their boundary
        assert_ne!(iris.quote(Some("ab"), "c"), iris.quote(Some("a"), "bc"));
    }

    #[test]
    fn safe_ids_keep_their_iris() {
        let iris = Iris::default();
        assert_eq!(
            iris.doc("000_ba0e48ad7052aa1f").as_str(),
            "https://w3id.org/newsgraph/id/doc/000_ba0e48ad7052aa1f"
        );
        assert_eq!(doc_segment("a.b-c_D9"), "a.b-c_D9");
        assert_eq!(doc_segment("a b"), "a%20b");
    }

    #[test]
    fn impossible_dates_are_not_typed_as_dates() {
        assert_eq!(date_literal("2020-02-29").datatype(), xsd::DATE);
        assert_eq!(date_literal("2020-13-45").datatype(), xsd::STRING);
        assert_eq!(date_literal("2021-02-29").datatype(), xsd::STRING);
        assert_eq!(date_literal("2021-04-31").datatype(), xsd::STRING);
        assert_eq!(date_literal("2021-00-10").datatype(), xsd::STRING);
        assert_eq!(date_literal("2021-13").datatype(), xsd::STRING);
        assert_eq!(date_literal("2021-12").datatype(), xsd::G_YEAR_MONTH);
    }
}
