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

mod clauses;
mod coord;
pub mod data;
pub mod dates;
pub mod furniture;
pub mod gazetteer;
pub mod html;
pub mod input;
pub mod lexicon;
mod ner;
mod priors;
pub mod quantities;
pub mod quotes;
pub mod relations;
pub mod resolve;
mod structure;
pub mod text;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use newsgraph_model::{
    Document, Entity, EntityType, Evidence, Extraction, Mention, Modality, Predicate, Quantity,
    Quote, Relation,
};

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

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "wrote",
    "added",
    "stated",
    "insisted",
    "claimed",
    "argued",
    "announced",
    "according",
];

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

    /// Extracts entities, relations, quotes and figures from one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let (gaz, lex) = (&self.gazetteer, &self.lexicon);
        let text = Text::new(&doc.text);
        let furn = self.furniture.scan(&text.norm);
        let excluded = |pos: usize| furn.is_excluded(pos);
        let spans = ner::find(&text, &furn, gaz, lex);
        let res = resolve::resolve(&text, gaz, lex, &spans);

        let quote_spans = quotes::spans(&text, &excluded);
        let slot_cache = relations::all_slots(&text, gaz, lex, &res);
        let mut found = relations::find(&text, lex, &res, &quote_spans, &excluded, &slot_cache);
        found.extend(structure::find(&text, gaz, lex, &res, &excluded));
        let clausal = clauses::find(&text, lex, &res, &slot_cache, &found, &excluded);
        found.extend(clausal);
        let leader_of = |e: usize| {
            found
                .iter()
                .find(|f| f.predicate == Predicate::Leads && f.objects.contains(&e))
                .map(|f| f.subject)
        };
        // "The ICE boss went on to take aim at de Blasio": the person who leads the agency acts
        let leaders: Vec<Option<usize>> = found
            .iter()
            .map(|f| {
                let m = res.mention_at(f.first)?;
                // the word after the mention: "the ICE boss"
                let head = text.get(m.last)?.to_lowercase();
                (m.entity == f.subject
                    && matches!(
                        head.as_str(),
                        "boss" | "chief" | "head" | "leader" | "director"
                    ))
                .then(|| leader_of(f.subject))
                .flatten()
            })
            .collect();
        for (f, l) in found.iter_mut().zip(leaders) {
            if let Some(p) = l {
                if !f.objects.contains(&p) {
                    f.subject = p;
                }
            }
        }
        let leader_of = |e: usize| {
            found
                .iter()
                .find(|f| f.predicate == Predicate::Leads && f.objects.contains(&e))
                .map(|f| f.subject)
        };
        let quoted = quotes::attribute(
            &text,
            &quote_spans,
            &|s| slot_cache[s].clone(),
            &|e| res.entities[e].kind,
            &leader_of,
        );

        let mut meta = doc.meta.clone();
        if meta.author.is_none() {
            meta.author = furn.author.clone();
        }
        if meta.outlet.is_none() {
            meta.outlet = furn.outlet.clone();
        }
        if meta.title.is_none() {
            meta.title = furn.title.clone();
        }
        if meta.date.is_none() {
            meta.date = dateline(&text, &excluded);
        }
        let published = meta.date.as_deref().and_then(dates::parse_doc_date);

        // entities, with their mentions in characters
        let doc_states: HashSet<String> = res
            .entities
            .iter()
            .filter_map(|e| e.known)
            .filter_map(|k| gaz.entries[k].state.clone())
            .collect();
        let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
        for m in &res.mentions {
            let de = &res.entities[m.entity];
            let (s, e) = (text.tokens[m.first].start, text.tokens[m.last - 1].end);
            let (cs, ce) = text.char_span(s, e);
            let surface = text.original_slice(s, e).to_owned();
            let entry = entities.entry(de.id.clone()).or_insert_with(|| {
                let known = de.known.map(|k| &gaz.entries[k]);
                let link = known.filter(|k| {
                    k.wikidata.is_some()
                        && (k.kind != EntityType::Person
                            || person_context_agrees(k, &de.titles, &doc_states))
                });
                Entity {
                    id: de.id.clone(),
                    label: de.label.clone(),
                    kind: de.kind,
                    wikidata: link.and_then(|k| k.wikidata.clone()),
                    ocd_id: known.and_then(|k| k.ocd_id.clone()),
                    geonames: known.and_then(|k| k.geonames.clone()),
                    level: known.and_then(|k| k.level.clone()),
                    link_source: known.map(|k| k.source.to_owned()),
                    link_score: known.map(|_| if de.chosen { 0.8 } else { 1.0 }),
                    aliases: Vec::new(),
                    mentions: Vec::new(),
                }
            });
            if surface != entry.label && !entry.aliases.contains(&surface) {
                entry.aliases.push(surface.clone());
            }
            entry.mentions.push(Mention {
                start: cs,
                end: ce,
                text: surface,
            });
        }
        for e in entities.values_mut() {
            e.aliases.sort();
        }

        // quotes
        let quotes: Vec<Quote> = quoted
            .iter()
            .map(|q| {
                let (s, e) = text.char_span(q.start, q.end);
                Quote {
                    speaker: q.speaker.map(|e| res.entities[e].id.clone()),
                    text: text.original_slice(q.start, q.end).to_owned(),
                    start: s,
                    end: e,
                }
            })
            .collect();

        // relations, one per target, numbered by event
        let mut relations = Vec::new();
        let mut seen = BTreeSet::new();
        // by sentence, computed on first use: its speech verbs and the date of its events
        let mut speech: Vec<Option<Vec<usize>>> = vec![None; text.sentences.len()];
        let mut event_dates: Vec<Option<Option<dates::EventDate>>> =
            vec![None; text.sentences.len()];
        // the first quotation holding a byte, by bisection when they are in text order
        let quote_reach: Vec<usize> = quoted
            .iter()
            .scan(0, |reach, q| {
                *reach = q.end.max(*reach);
                Some(*reach)
            })
            .collect();
        let in_order = quoted.windows(2).all(|w| w[0].start <= w[1].start);
        let quote_at = |s: usize| {
            if in_order {
                let i = quote_reach.partition_point(|&end| end <= s);
                quoted.get(i).filter(|q| q.start <= s)
            } else {
                quoted.iter().find(|q| q.start <= s && s < q.end)
            }
        };
        for (n, f) in found.iter().enumerate() {
            let (s, e) = (text.tokens[f.first].start, text.tokens[f.last - 1].end);
            let (cs, ce) = text.char_span(s, e);
            let sentence = text.sentence_of(f.first);
            let sent = text.sentences[sentence];
            let mut modality = f.modality;
            let mut attributed = None;
            if let Some(q) = quote_at(s) {
                attributed = q.speaker;
                modality = if modality == Modality::Asserted {
                    Modality::Reported
                } else {
                    modality
                };
            } else if let Some(sp) = speaker_of(
                &slot_cache[sentence],
                speech[sentence].get_or_insert_with(|| {
                    (sent.first..sent.last)
                        .filter(|&t| SPEECH_VERBS.contains(&text.tok(t)))
                        .collect()
                }),
                f.subject,
            ) {
                attributed = Some(sp);
                if modality == Modality::Asserted && f.predicate.is_event() {
                    modality = Modality::Reported;
                }
            }
            let date = if f.predicate.is_event() {
                event_dates[sentence]
                    .get_or_insert_with(|| {
                        dates::find(text.slice(sent.start, sent.end), published).or_else(|| {
                            published.map(|p| dates::EventDate {
                                value: Some(p.format("%Y-%m-%d").to_string()),
                                text: String::new(),
                                basis: "publication-date",
                            })
                        })
                    })
                    .clone()
            } else {
                None
            };
            for &o in &f.objects {
                let key = (f.subject, f.predicate, o, f.first, f.polarity);
                if !seen.insert(key) {
                    continue;
                }
                relations.push(Relation {
                    subject: res.entities[f.subject].id.clone(),
                    predicate: f.predicate,
                    object: res.entities[o].id.clone(),
                    evidence: Evidence {
                        start: cs,
                        end: ce,
                        text: text.original_slice(s, e).to_owned(),
                    },
                    polarity: f.polarity,
                    modality,
                    attributed_to: attributed.map(|a| res.entities[a].id.clone()),
                    confidence: (f.confidence * 100.0).round() / 100.0,
                    rule: f.rule.clone(),
                    event: n + 1,
                    date: date.as_ref().and_then(|d| d.value.clone()),
                    date_text: date
                        .as_ref()
                        .map(|d| d.text.clone())
                        .filter(|t| !t.is_empty()),
                    date_basis: date
                        .as_ref()
                        .filter(|d| d.value.is_some())
                        .map(|d| d.basis.to_owned()),
                });
            }
        }

        // figures and the entity each is about
        let mut quantities = Vec::new();
        // the events over each sentence, in the order found
        let mut events_in: Vec<Vec<usize>> = vec![Vec::new(); text.sentences.len()];
        for (i, f) in found.iter().enumerate() {
            if f.predicate.is_event() && f.first < f.last {
                let upto = (text.sentence_of(f.last - 1) + 1).min(events_in.len());
                for list in events_in
                    .iter_mut()
                    .take(upto)
                    .skip(text.sentence_of(f.first))
                {
                    list.push(i);
                }
            }
        }
        for (si, sent) in text.sentences.iter().enumerate() {
            if excluded(sent.start) {
                continue;
            }
            let figures = quantities::find(text.slice(sent.start, sent.end), sent.start);
            // "of those", "of them": the first from the sentence start, found once
            let mut scanned = sent.first;
            let mut of_those: Option<usize> = None;
            let mut total: Option<usize> = None; // index in `quantities` of a broken-down figure
            for (fi, fig) in figures.iter().enumerate() {
                // "7,526 subjects who had criminal histories including 3,500 assaults, 1,500
                // DUIs …": the items of a breakdown are part of the total, not figures of
                // their own; the total's description keeps them
                if fi > 0 {
                    let between = text.slice(figures[fi - 1].end, fig.start).to_lowercase();
                    let listed = total.is_some()
                        && between
                            .trim()
                            .trim_start_matches(|c: char| {
                                c.is_alphanumeric() || c == ' ' || c == '-'
                            })
                            .chars()
                            .all(|c| matches!(c, ',' | ' '))
                        || between.split_whitespace().any(|w| w == "including")
                        || between.contains("such as");
                    if listed {
                        if let Some(t) = total {
                            let q: &mut Quantity = &mut quantities[t];
                            let number = text.slice(fig.start, fig.end).trim();
                            q.what = format!("{}; {} {}", q.what, number, fig.what);
                        } else if let Some(last) = quantities.len().checked_sub(1) {
                            total = Some(last);
                            let q: &mut Quantity = &mut quantities[last];
                            let number = text.slice(fig.start, fig.end).trim();
                            q.what = format!("{} including {} {}", q.what, number, fig.what);
                        }
                        continue;
                    }
                    total = None;
                }
                let fig = fig.clone();
                let tok = text.token_at(fig.start);
                if res.mention_at(tok).is_some() {
                    continue; // a number inside a name ("MS-13")
                }
                // the actor of an act whose evidence holds the figure ("ICE … issuing four
                // subpoenas"); a part of the figure before ("Of those, 180 …", "60 of them");
                // else the subject of its clause
                let in_event = events_in
                    .get(text.sentence_of(tok))
                    .into_iter()
                    .flatten()
                    .map(|&i| &found[i])
                    .filter(|f| f.first <= tok && tok < f.last)
                    .min_by_key(|f| f.last - f.first)
                    .map(|f| f.subject);
                let partitive = {
                    let w = |k: usize| text.tok(k).to_lowercase();
                    let after = tok + 2 < text.tokens.len()
                        && w(tok + 1) == "of"
                        && matches!(w(tok + 2).as_str(), "them" | "those" | "these");
                    while of_those.is_none() && scanned < tok {
                        let k = scanned;
                        if w(k) == "of"
                            && k + 1 < text.tokens.len()
                            && matches!(w(k + 1).as_str(), "those" | "them" | "these")
                        {
                            of_those = Some(k);
                        }
                        scanned += 1;
                    }
                    let before = tok >= sent.first + 2 && of_those.is_some_and(|k| k + 1 < tok);
                    after || before
                };
                let previous = quantities.last().and_then(|q: &Quantity| q.subject.clone());
                let subject = if partitive && previous.is_some() {
                    previous
                } else {
                    in_event
                        .or_else(|| figure_subject(&text, &slot_cache, si, tok))
                        .map(|e| res.entities[e].id.clone())
                };
                if subject.is_none() {
                    continue; // a figure about nothing the text names is no fact of the graph
                }
                let (s, e) = text.char_span(fig.start, fig.end);
                quantities.push(Quantity {
                    subject,
                    value: fig.value,
                    what: fig.what,
                    unit: fig.unit,
                    bound: fig.bound,
                    start: s,
                    end: e,
                });
            }
        }

        Extraction {
            doc: doc.id.clone(),
            meta,
            entities: entities.into_values().collect(),
            relations,
            quotes,
            quantities,
            // the caller that stores the extraction attaches the text it already holds
            text: None,
        }
    }
}

/// The date of a wire story's dateline ("WASHINGTON, Jan. 17, 2020 (AP) — …"): a place in
/// capitals at the start of the first paragraph, then a full date.
fn dateline(text: &Text, excluded: &dyn Fn(usize) -> bool) -> Option<String> {
    let first = text.sentences.iter().find(|s| !excluded(s.start))?;
    let start = text.slice(first.start, first.end);
    let head: String = start.chars().take(60).collect();
    let place_len = head
        .find(|c: char| c.is_lowercase() || c.is_ascii_digit())
        .unwrap_or(head.len());
    let place = head[..place_len].trim_end_matches(|c: char| !c.is_alphabetic());
    let caps = place.chars().filter(|c| c.is_alphabetic()).count();
    if caps < 4 || place.chars().any(char::is_lowercase) {
        return None;
    }
    let cut = head
        .find(['\u{2014}', '\u{2013}', '('])
        .unwrap_or(head.len());
    let d = dates::find(&head[..cut], None)?;
    (d.basis == "explicit")
        .then_some(d.value)
        .flatten()
        .filter(|v| v.len() == 10)
}

/// A person from the gazetteer is linked only when the article agrees with what the
/// gazetteer knows: a matching title, their state named, or a national office.
fn person_context_agrees(
    k: &gazetteer::Known,
    titles: &[String],
    doc_states: &HashSet<String>,
) -> bool {
    let role = k.role.as_deref().unwrap_or("").to_lowercase();
    if role == "president" || role == "vice president" {
        return true;
    }
    let title_fits = titles.iter().any(|t| {
        role.contains(t.trim_end_matches('.'))
            || (t == "sen." && role == "senator")
            || (matches!(t.as_str(), "rep." | "congressman" | "congresswoman")
                && role == "representative")
            || (t == "gov." && role == "governor")
    });
    // "Mayor Michael Turner" is not Representative Michael Turner
    let other_office = !titles.is_empty() && !title_fits;
    title_fits || !other_office && k.state.as_ref().is_some_and(|s| doc_states.contains(s))
}

/// The speaker of a sentence of reported speech ("X said ..."), when not the actor: `verbs`
/// are the sentence's speech verbs.
fn speaker_of(slots: &[relations::Slot], verbs: &[usize], actor: usize) -> Option<usize> {
    for &t in verbs {
        let before = slots.iter().rev().find(|o| o.last <= t && o.last + 3 >= t);
        let after = slots.iter().find(|o| o.first > t && o.first <= t + 2);
        if let Some(s) = before.or(after) {
            if s.entity != actor {
                return Some(s.entity);
            }
        }
    }
    None
}

/// The entity a figure is about: the subject of its clause, else the subject of the sentence
/// before.
fn figure_subject(
    text: &Text,
    slots: &[Vec<relations::Slot>],
    s: usize,
    tok: usize,
) -> Option<usize> {
    let first = text.sentences[s].first;
    let subject = |cands: &[relations::Slot], upto: usize| {
        cands
            .iter()
            .rev()
            .filter(|o| o.last <= upto)
            .find(|o| {
                let mut k = o.first;
                while k > first && matches!(text.tok(k - 1), "the" | "The" | "a" | "an") {
                    k -= 1;
                }
                !(k > first
                    && matches!(
                        text.tok(k - 1),
                        "to" | "with"
                            | "from"
                            | "of"
                            | "in"
                            | "on"
                            | "for"
                            | "by"
                            | "into"
                            | "against"
                            | "about"
                    ))
                    && !(o.last < text.tokens.len()
                        && text.tok(o.last) == "'s"
                        && cands.iter().any(|b| b.first == o.last + 1))
            })
            .map(|o| o.entity)
    };
    subject(&slots[s], tok).or_else(|| {
        if s > 0 {
            subject(&slots[s - 1], usize::MAX)
        } else {
            None
        }
    })
}

/// Predicates, for reports: the names of every predicate of the vocabulary.
pub fn predicates() -> &'static [Predicate] {
    Predicate::ALL
}
