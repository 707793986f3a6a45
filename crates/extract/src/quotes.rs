//! Quotations and their speakers: straight and typographic marks, quotes split by an
//! attribution, paragraphs of quotation that run on, speakers by name, title, pronoun or
//! agency ("a senior ICE official said").

use newsgraph_model::EntityType;

use crate::relations::Slot;
use crate::text::Text;

/// A quotation: byte range of the words inside the marks, and the speaker entity.
#[derive(Debug, Clone)]
pub struct QuoteSpan {
    /// Byte start of the quoted words.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Speaker entity.
    pub speaker: Option<usize>,
}

const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "wrote",
    "writes",
    "added",
    "adds",
    "stated",
    "explained",
    "noted",
    "insisted",
    "argued",
    "warned",
    "declared",
    "tweeted",
    "quoting",
    "according",
    "called",
    "asked",
    "continued",
    "acknowledged",
    "replied",
    "responded",
];

/// Finds the quotations of a text (byte ranges of the words inside the marks).
pub fn spans(text: &Text, excluded: &dyn Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let dir: std::collections::HashMap<usize, bool> = text.quote_dir.iter().copied().collect();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let bytes = text.norm.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            // a quotation left open at a paragraph end closes there (the next one reopens it)
            if let Some(o) = open.take() {
                if i > o + 1 {
                    out.push((o + 1, i));
                }
            }
            continue;
        }
        if b != b'"' {
            continue;
        }
        let opening = match dir.get(&i) {
            Some(&d) => d,
            None => open.is_none(),
        };
        match (opening, open) {
            (true, None) => open = Some(i),
            (true, Some(_)) => open = Some(i),
            (false, Some(o)) => {
                out.push((o + 1, i));
                open = None;
            }
            (false, None) => {}
        }
    }
    out.retain(|&(s, e)| e > s && !excluded(s) && text.norm[s..e].split_whitespace().count() >= 2);
    out
}

/// Attributes each quotation to a speaker.
pub fn attribute(
    text: &Text,
    quotes: &[(usize, usize)],
    slots_of: &dyn Fn(usize) -> Vec<Slot>,
    kind_of: &dyn Fn(usize) -> EntityType,
) -> Vec<QuoteSpan> {
    let mut out: Vec<QuoteSpan> = Vec::new();
    for (qi, &(qs, qe)) in quotes.iter().enumerate() {
        let inside = |t: usize| {
            let p = text.tokens[t].start;
            quotes.iter().any(|&(a, b)| p >= a && p < b)
        };
        let first_tok = text.token_at(qs);
        let last_tok = text.token_at(qe).min(text.tokens.len().saturating_sub(1));
        let s_first = text.sentence_of(first_tok);
        let s_last = text.sentence_of(last_tok);
        let mut speaker = None;
        // the sentences that hold the quote's ends, then the one after, then the one before
        let mut order = vec![s_last, s_first];
        if s_last + 1 < text.sentences.len() {
            order.push(s_last + 1);
        }
        if s_first > 0 {
            order.push(s_first - 1);
        }
        'search: for s in order {
            let sent = text.sentences[s];
            let slots = slots_of(s);
            for t in sent.first..sent.last {
                if inside(t) || !SPEECH.contains(&text.tok(t)) {
                    continue;
                }
                // nearest speaker-like slot next to the speech verb, outside quotations
                let ok = |o: &&Slot| {
                    !inside(o.first)
                        && matches!(
                            kind_of(o.entity),
                            EntityType::Person
                                | EntityType::Agency
                                | EntityType::Organization
                                | EntityType::Jurisdiction
                        )
                };
                let after = slots.iter().filter(ok).find(|o| {
                    o.first > t && o.first <= t + 3 && kind_of(o.entity) == EntityType::Person
                });
                let before = slots
                    .iter()
                    .filter(ok)
                    .filter(|o| o.last <= t && o.last + 8 >= t)
                    .min_by_key(|o| {
                        let person = kind_of(o.entity) == EntityType::Person;
                        (!person, t - o.last)
                    });
                let pick = match (after, before) {
                    (Some(a), _)
                        if text.tok(t).starts_with("quot") || text.tok(t) == "according" =>
                    {
                        Some(a)
                    }
                    (_, Some(b)) => Some(b),
                    (Some(a), None) => Some(a),
                    _ => None,
                };
                if let Some(p) = pick {
                    speaker = Some(p.entity);
                    break 'search;
                }
            }
        }
        if speaker.is_none() {
            // a quote continued after an attribution in the same or the previous paragraph
            if let Some(prev) = out.last() {
                let p_prev =
                    text.sentences[text.sentence_of(text.token_at(quotes[qi - 1].0))].paragraph;
                let p_here = text.sentences[s_first].paragraph;
                if p_here == p_prev || p_here == p_prev + 1 {
                    speaker = prev.speaker;
                }
            }
        }
        out.push(QuoteSpan {
            start: qs,
            end: qe,
            speaker,
        });
    }
    out
}
