//! Helpers shared by the extractor's test files.

use newsgraph_extract::Extractor;
use newsgraph_model::{DocMeta, Document, Extraction};

/// Extracts one undated document.
pub fn extract(ex: &Extractor, text: &str) -> Extraction {
    ex.extract(&Document {
        id: "t".into(),
        text: text.into(),
        meta: DocMeta::default(),
    })
}
