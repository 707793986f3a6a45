//! Shared types of newsgraph: documents, the extraction of a document (entities, mentions,
//! relations, quotes, quantities) and the closed vocabulary of entity types and predicates
//! with their PLOVER and CAMEO codes (SPEC §2).
//!
//! Every other crate speaks these types: the extractor produces an [`Extraction`], the store
//! turns it into RDF, the scorer reads it back from JSON Lines. The JSON shape of an
//! [`Extraction`] is the one of SPEC §4.
#![deny(missing_docs)]

mod document;
mod extraction;
mod vocab;

pub use document::{DocMeta, Document};
pub use extraction::{
    Entity, Evidence, Extraction, Mention, Modality, Polarity, Quantity, Quote, Relation,
};
pub use vocab::{EntityType, Predicate, UnknownName, NG_NS};

/// Turns a label into the stable local id used in entity IRIs: lower-case ASCII letters and
/// digits joined by single hyphens ("U.S. Immigration and Customs Enforcement" →
/// "us-immigration-and-customs-enforcement").
///
/// ```
/// assert_eq!(newsgraph_model::slug("Sheriff's Office, San Diego"), "sheriffs-office-san-diego");
/// ```
pub fn slug(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut pending_dash = false;
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' || c == '.' {
            // "Sheriff's" → "sheriffs", "U.S." → "us": no break inside a word
        } else if c.is_alphanumeric() {
            // keep non-ASCII letters readable by their base form where trivial
            for d in c.to_lowercase() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(d);
            }
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slug_is_stable_and_readable() {
        assert_eq!(slug("New York City"), "new-york-city");
        assert_eq!(
            slug("U.S. Department of Justice"),
            "us-department-of-justice"
        );
        assert_eq!(slug("  --MS-13-- "), "ms-13");
        assert_eq!(slug("Peña Nieto"), "peña-nieto");
    }
}
