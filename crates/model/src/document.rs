//! A document: its text (after any header block) and what is known about it.

use serde::{Deserialize, Serialize};

/// What is known about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Address of the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Publisher or outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Author, from a header or a byline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Where the document came from (a path, or `-` for standard input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Header keys newsgraph does not interpret, kept in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<(String, String)>,
}

/// One article, ready for extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document id: the file stem, or the `id` of a JSON line.
    pub id: String,
    /// The body. Offsets everywhere count Unicode scalar values into this text.
    pub text: String,
    /// Metadata from the header block, the JSON fields or the text itself.
    pub meta: DocMeta,
}
