//! Text to extraction. `newsgraph-extract` reads articles (plain text with an optional header
//! block, HTML, JSON Lines), sets page furniture aside, finds the names of people, agencies,
//! organisations, jurisdictions, facilities and policies (from the gazetteers of `data/` and by
//! the shape of unknown names), resolves them into entities with their identifiers, and finds
//! the relations between them (trigger words over clause structure, titles, appositions,
//! possessives), quotations and their speakers, figures, and dates.
//!
//! ```
//! use newsgraph_extract::Extractor;
//! use newsgraph_model::{Document, DocMeta};
//!
//! let ex = Extractor::new().expect("the embedded data loads");
//! let doc = Document { id: "d1".into(), text: "California sued the Environmental Protection Agency on Monday.".into(), meta: DocMeta::default() };
//! let out = ex.extract(&doc);
//! assert!(out.relations.iter().any(|r| r.predicate.as_str() == "sues"));
//! ```
#![deny(missing_docs)]

mod assemble;
mod clauses;
mod coord;
pub mod data;
pub mod dates;
pub mod figure_words;
mod figures;
pub mod furniture;
pub mod gazetteer;
pub mod html;
pub mod input;
mod leaders;
pub mod lexicon;
mod ner;
pub mod number_pattern;
mod priors;
pub mod quantities;
pub mod quotes;
pub mod relations;
pub mod resolve;
mod structure;
pub mod text;
pub mod words;

use newsgraph_model::{Document, Extraction, Predicate};

use crate::data::DataSource;
use crate::furniture::Furniture;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::text::Text;

/// Errors of reading data files and documents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A data file is malformed.
    #[error("{file}:{line}: {message}")]
    Data {
        /// The data file.
        file: String,
        /// The line (0 when it concerns the whole file).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A document cannot be read (binary, not UTF-8, empty, malformed JSON line).
    #[error("{doc}: {reason}")]
    BadDocument {
        /// The document: a path, or `path:line` for a JSON line.
        doc: String,
        /// Why.
        reason: String,
    },
}

/// The extractor: gazetteers and lexicons, loaded once, used for any number of documents.
#[derive(Debug)]
pub struct Extractor {
    /// Known entities.
    pub gazetteer: Gazetteer,
    lexicon: Lexicon,
    furniture: Furniture,
}

impl Extractor {
    /// Loads the data compiled into the binary.
    pub fn new() -> Result<Extractor, Error> {
        Extractor::with_data(&DataSource::Embedded)
    }

    /// Loads the data of `source`.
    pub fn with_data(source: &DataSource) -> Result<Extractor, Error> {
        Ok(Extractor {
            gazetteer: Gazetteer::load(source)?,
            lexicon: Lexicon::load(source)?,
            furniture: Furniture::load(source)?,
        })
    }

    /// Extracts entities, relations, quotes and figures from one document: the stages of
    /// the crate README, in order, each reading what the ones before found.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let (gaz, lex) = (&self.gazetteer, &self.lexicon);
        // text: tokens and sentences; page furniture set aside
        let text = Text::with_abbreviations(&doc.text, &lex.words.abbreviation);
        let furn = self.furniture.scan(&text.norm);
        let excluded = |pos: usize| furn.is_excluded(pos);
        // names, then entities
        let spans = ner::find(&text, &furn, gaz, lex);
        let res = resolve::resolve(&text, gaz, lex, &spans);
        // relations: triggers over clauses, structure, clause rules
        let quote_spans = quotes::spans(&text, &excluded);
        let slots = relations::all_slots(&text, gaz, lex, &res);
        let mut found = relations::find(&text, lex, &res, &quote_spans, &excluded, &slots);
        found.extend(structure::find(&text, gaz, lex, &res, &excluded));
        let clausal = clauses::find(&text, lex, &res, &slots, &found, &excluded);
        found.extend(clausal);
        leaders::act_for_agencies(&text, lex, &res, &mut found);
        // quotations and their speakers
        let quoted = quotes::attribute(
            &text,
            lex,
            &quote_spans,
            &|s| slots[s].clone(),
            &|e| res.entities[e].kind,
            &|e| leaders::leader_of(&found, e),
        );
        // the extraction of SPEC §4
        let meta = assemble::meta(&doc.meta, &furn, &text, &excluded);
        let published = meta.date.as_deref().and_then(dates::parse_doc_date);
        Extraction {
            doc: doc.id.clone(),
            entities: assemble::entities(&text, gaz, &res),
            relations: assemble::relations(&text, lex, &res, &found, &quoted, &slots, published),
            quotes: assemble::quotes(&text, &res, &quoted),
            quantities: figures::attribute(&text, lex, &res, &found, &slots, &excluded),
            meta,
            // the caller that stores the extraction attaches the text it already holds
            text: None,
        }
    }
}

/// The sentence of a document around characters `start..end`, as the extractor splits it,
/// with the trigger words it holds: what `newsgraph eval --explain` shows under a missed
/// relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceView {
    /// First character of the sentence in the document.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// Its original text.
    pub text: String,
    /// Its trigger words and the predicate each may make ("sued → sues").
    pub triggers: Vec<String>,
}

impl Extractor {
    /// The sentence of `doc_text` that holds character `start` (or the first one that
    /// reaches into `start..end`), with its trigger words.
    pub fn sentence_view(&self, doc_text: &str, start: usize, end: usize) -> Option<SentenceView> {
        let text = Text::with_abbreviations(doc_text, &self.lexicon.words.abbreviation);
        let sent = text.sentences.iter().find(|s| {
            let (a, b) = text.char_span(s.start, s.end);
            a < end.max(start + 1) && b > start
        })?;
        let (a, b) = text.char_span(sent.start, sent.end);
        let words: Vec<String> = (sent.first..sent.last)
            .map(|i| text.tok(i).to_lowercase())
            .collect();
        let mut triggers = Vec::new();
        for i in 0..words.len() {
            for t in self.lexicon.triggers.get(&words[i]).into_iter().flatten() {
                if words[i..].starts_with(&t.words) {
                    let note = format!("{} → {}", t.words.join(" "), t.predicate.as_str());
                    if !triggers.contains(&note) {
                        triggers.push(note);
                    }
                }
            }
        }
        Some(SentenceView {
            start: a,
            end: b,
            text: text.original_slice(sent.start, sent.end).to_owned(),
            triggers,
        })
    }
}

/// Predicates, for reports: the names of every predicate of the vocabulary.
pub fn predicates() -> &'static [Predicate] {
    Predicate::ALL
}
