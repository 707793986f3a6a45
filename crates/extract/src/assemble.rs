//! The last stage: the findings of the stages before, in token and byte positions over the
//! normalised text, become the [`Extraction`](newsgraph_model::Extraction) of SPEC §4 — the
//! document's metadata, its entities with their mentions in characters of the original text
//! and their identifiers, its quotations, and one relation per target with its evidence,
//! attribution, modality and event date.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use newsgraph_model::{DocMeta, Entity, EntityType, Evidence, Mention, Modality, Quote, Relation};

use crate::dates;
use crate::furniture::Found as Furniture;
use crate::gazetteer::{self, Gazetteer};
use crate::lexicon::Lexicon;
use crate::quotes::QuoteSpan;
use crate::relations::{Found, Slot};
use crate::resolve::Resolved;
use crate::text::Text;

/// The document's metadata: what the input gave, else what the page furniture and the dateline
/// say.
pub fn meta(
    given: &DocMeta,
    furn: &Furniture,
    text: &Text,
    excluded: &dyn Fn(usize) -> bool,
) -> DocMeta {
    let mut meta = given.clone();
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
        meta.date = dateline(text, excluded);
    }
    meta
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

/// The entities, with their mentions in characters and their identifiers.
pub fn entities(text: &Text, gaz: &Gazetteer, res: &Resolved) -> Vec<Entity> {
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

    entities.into_values().collect()
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

/// The quotations, with their speakers.
pub fn quotes(text: &Text, res: &Resolved, quoted: &[QuoteSpan]) -> Vec<Quote> {
    quoted
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
        .collect()
}

/// The relations, one per target, numbered by event: each with its evidence, the speaker it
/// is attributed to (the quotation it lies in, or the speaker of its sentence), its modality
/// and the date of its event.
pub fn relations(
    text: &Text,
    lex: &Lexicon,
    res: &Resolved,
    found: &[Found],
    quoted: &[QuoteSpan],
    slots: &[Vec<Slot>],
    published: Option<chrono::NaiveDate>,
) -> Vec<Relation> {
    let mut relations = Vec::new();
    let mut seen = BTreeSet::new();
    // by sentence, computed on first use: its speech verbs and the date of its events
    let mut speech: Vec<Option<Vec<usize>>> = vec![None; text.sentences.len()];
    let mut event_dates: Vec<Option<Option<dates::EventDate>>> = vec![None; text.sentences.len()];
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
            &slots[sentence],
            speech[sentence].get_or_insert_with(|| {
                (sent.first..sent.last)
                    .filter(|&t| lex.words.speech_attribution.contains(text.tok(t)))
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

    relations
}

/// The speaker of a sentence of reported speech ("X said ..."), when not the actor: `verbs`
/// are the sentence's speech verbs.
fn speaker_of(slots: &[Slot], verbs: &[usize], actor: usize) -> Option<usize> {
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
