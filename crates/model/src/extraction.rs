//! The extraction of one document, in the JSON shape of SPEC §4.

use serde::{Deserialize, Serialize};

use crate::{DocMeta, EntityType, Predicate};

/// Everything extracted from one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The document id.
    pub doc: String,
    /// Document metadata (not part of the scored shape; the scorer ignores it).
    #[serde(default)]
    pub meta: DocMeta,
    /// Entities mentioned in the document, sorted by id.
    pub entities: Vec<Entity>,
    /// Relations between them, in text order.
    pub relations: Vec<Relation>,
    /// Quotations with their speakers.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Counts and amounts with their subjects.
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    /// The document's text (after its header block), which the offsets count into; the
    /// store keeps it for the document page. Not part of the scored JSON shape.
    #[serde(skip)]
    pub text: Option<String>,
}

/// An entity as it appears in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable local id (last segment of the entity IRI), the same in every document.
    pub id: String,
    /// Preferred label.
    pub label: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Wikidata QID, only when verified.
    pub wikidata: Option<String>,
    /// Open Civic Data division id (jurisdictions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocd_id: Option<String>,
    /// GeoNames id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames: Option<String>,
    /// Government level of an agency: federal, state, county, city, local.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Where the link came from (a data file), when linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_source: Option<String>,
    /// How sure the link is: 1 for a name only one entry of the tables bears, less when the
    /// context had to choose among several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_score: Option<f32>,
    /// Surface forms seen in this document other than the label, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// A stretch of the document that names or refers to an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// The text of the mention.
    pub text: String,
}

/// The evidence of a fact: a stretch of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// The text of the evidence (the sentence, or the part of it that states the fact).
    pub text: String,
}

/// Positive ("sued") or negative ("did not sue") statement of a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// The text says it happened.
    Positive,
    /// The text says it did not happen.
    Negative,
}

/// How the text commits to a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated by the article.
    Asserted,
    /// Stated by someone the article quotes or reports.
    Reported,
    /// Announced as a threat or intention.
    Threatened,
    /// Possible, conditional or planned ("may", "could", "would").
    Hypothetical,
}

impl Polarity {
    /// The lower-case name used in JSON and RDF.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Positive => "positive",
            Polarity::Negative => "negative",
        }
    }
}

impl Modality {
    /// The lower-case name used in JSON and RDF.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Reported => "reported",
            Modality::Threatened => "threatened",
            Modality::Hypothetical => "hypothetical",
        }
    }
}

/// A relation between two entities, with its evidence. An event with several targets is
/// listed once per target, all with the same `event` number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Subject entity id.
    pub subject: String,
    /// Predicate.
    pub predicate: Predicate,
    /// Object entity id.
    pub object: String,
    /// Where the text says so.
    pub evidence: Evidence,
    /// Positive or negative.
    pub polarity: Polarity,
    /// Asserted, reported, threatened or hypothetical.
    pub modality: Modality,
    /// Who says so, when the text attributes the fact (an entity id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<String>,
    /// How sure the rule is, 0 to 1.
    pub confidence: f32,
    /// The rule that found it.
    pub rule: String,
    /// Number of the event within the document; relations sharing it are one event.
    #[serde(default)]
    pub event: usize,
    /// Date of the event, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, when it could be resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The words the date was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    /// How the date was derived: explicit, relative-to-publication or publication-date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<String>,
}

/// A quotation and its speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Speaker entity id, when attributed.
    pub speaker: Option<String>,
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Start of the quoted words, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
}

/// A count or an amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The entity the figure is about, when known.
    pub subject: Option<String>,
    /// The normalised value (4.3 million → 4300000).
    pub value: f64,
    /// What is counted: the words after the number.
    pub what: String,
    /// Currency of an amount (ISO 4217), when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// "at least", "more than", "up to", "about", when the text bounds the figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
}
