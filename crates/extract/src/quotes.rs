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

/// Attributes each quotation to a speaker, trying in order: the attribution right after the
/// closing mark ("…," Henry Lucero, a senior ICE official, told the AP; "…," he said), the
/// clause that introduces it ("Spokesman Tyler Houlton said: “…”"), "quoting X" just before,
/// and the speaker of a quotation it continues. A pronoun speaker is the subject of the
/// nearest sentence before that names a person ("The ICE boss …" → the one who leads ICE).
pub fn attribute(
    text: &Text,
    quotes: &[(usize, usize)],
    slots_of: &dyn Fn(usize) -> Vec<Slot>,
    kind_of: &dyn Fn(usize) -> EntityType,
    leader_of: &dyn Fn(usize) -> Option<usize>,
) -> Vec<QuoteSpan> {
    // whether a token lies inside a quotation: the quotations by start, and the furthest end
    // of those starting at or before each
    let mut by_start = quotes.to_vec();
    by_start.sort_unstable();
    let reach: Vec<usize> = by_start
        .iter()
        .scan(0, |m, &(_, b)| {
            *m = b.max(*m);
            Some(*m)
        })
        .collect();
    let inside = |t: usize| {
        let p = text.tokens[t].start;
        let n = by_start.partition_point(|&(a, _)| a <= p);
        n > 0 && reach[n - 1] > p
    };
    let speakerish = |e: usize| {
        matches!(
            kind_of(e),
            EntityType::Person | EntityType::Agency | EntityType::Organization
        )
    };
    // a pronoun: the person the text last made its subject, before token `t`
    let pronoun = |t: usize| -> Option<usize> {
        let s0 = text.sentence_of(t);
        for s in (s0.saturating_sub(8)..=s0).rev() {
            let sent = text.sentences[s];
            let slots = slots_of(s);
            // "The ICE boss went on …": the person who leads the agency
            if sent.last > sent.first + 2 && text.tok(sent.first).eq_ignore_ascii_case("the") {
                if let Some(o) = slots.iter().find(|o| o.first == sent.first + 1) {
                    let head = text.get(o.last).unwrap_or_default().to_lowercase();
                    if LEADER_NOUNS.contains(&head.as_str()) {
                        if let Some(p) = leader_of(o.entity) {
                            return Some(p);
                        }
                    }
                }
            }
            // "In his letter to de Blasio, Albence noted …": the subject after a fronted phrase
            let fronted = matches!(
                text.tok(sent.first).to_lowercase().as_str(),
                "in" | "on"
                    | "at"
                    | "after"
                    | "before"
                    | "during"
                    | "from"
                    | "with"
                    | "under"
                    | "for"
            );
            let from = if fronted {
                (sent.first..sent.last.min(sent.first + 15))
                    .find(|&k| text.tok(k) == ",")
                    .map_or(sent.first, |k| k + 1)
            } else {
                sent.first
            };
            let person = |o: &&Slot| {
                o.first < t
                    && !o.weak
                    && !inside(o.first)
                    && kind_of(o.entity) == EntityType::Person
            };
            if let Some(o) = slots
                .iter()
                .filter(person)
                .find(|o| o.first >= from)
                .or_else(|| slots.iter().find(person))
            {
                return Some(o.entity);
            }
        }
        None
    };
    let resolve = |o: &Slot| -> Option<usize> {
        if o.weak && matches!(text.tok(o.first).to_lowercase().as_str(), "he" | "she") {
            pronoun(o.first)
        } else {
            Some(o.entity)
        }
    };
    let mut out: Vec<QuoteSpan> = Vec::new();
    for (qi, &(qs, qe)) in quotes.iter().enumerate() {
        let first_tok = text.token_at(qs);
        let last_tok = text.token_at(qe).min(text.tokens.len().saturating_sub(1));
        let s_first = text.sentence_of(first_tok);
        let s_last = text.sentence_of(last_tok);
        let mut speaker = None;

        // 1. after the closing mark, in its sentence or the next
        let mut after_slots: Vec<Slot> = slots_of(s_last);
        if s_last + 1 < text.sentences.len() {
            after_slots.extend(slots_of(s_last + 1));
        }
        let close = (last_tok..text.tokens.len())
            .find(|&t| text.tokens[t].start >= qe)
            .unwrap_or(text.tokens.len());
        // the attribution stays in the quote's paragraph: a quote that ends its paragraph is
        // not said by whoever speaks in the next
        let para = text.sentences[s_last].paragraph;
        let window_end = (close..(close + 16).min(text.tokens.len()))
            .find(|&t| {
                inside(t)
                    || matches!(text.tok(t), "." | "?" | "!") && t > close + 1
                    || text.sentences[text.sentence_of(t)].paragraph != para
            })
            .unwrap_or((close + 16).min(text.tokens.len()));
        let verb_at = (close..window_end).find(|&t| SPEECH.contains(&text.tok(t)));
        let pron = (close..window_end.min(close + 3))
            .find(|&t| matches!(text.tok(t).to_lowercase().as_str(), "he" | "she"));
        if let (Some(v), Some(p)) = (verb_at, pron) {
            if p + 1 == v {
                speaker = pronoun(p); // "…," he said.
            }
        }
        if let (Some(v), None) = (verb_at, speaker) {
            // "…," said Lucero / "…," Lucero, a senior official, said / "…," he said
            let first_slot = after_slots
                .iter()
                .filter(|o| {
                    o.first >= close
                        && o.first < window_end
                        && speakerish(o.entity)
                        && !inside(o.first)
                })
                .min_by_key(|o| o.first);
            let before_verb = first_slot.filter(|o| o.first < v);
            let after_verb = after_slots.iter().find(|o| {
                o.first > v && o.first <= v + 3 && kind_of(o.entity) == EntityType::Person
            });
            speaker = before_verb.or(after_verb).or(first_slot).and_then(resolve);
        }

        // 2. the clause that introduces the quotation
        if speaker.is_none() {
            let sent = text.sentences[s_first];
            let intro: Vec<usize> = (sent.first..first_tok).filter(|&t| !inside(t)).collect();
            let introduces = intro
                .iter()
                .any(|&t| SPEECH.contains(&text.tok(t)) || text.tok(t) == ":");
            if introduces {
                let slots = slots_of(s_first);
                if let Some(o) = slots
                    .iter()
                    .filter(|o| o.first < first_tok && !inside(o.first) && speakerish(o.entity))
                    .min_by_key(|o| (kind_of(o.entity) != EntityType::Person, o.first))
                {
                    speaker = resolve(o);
                }
            }
        }

        // 3. "… wrote about this yesterday, quoting ICE's Acting Director Matthew Albence."
        if speaker.is_none() && s_first > 0 {
            let prev = text.sentences[s_first - 1];
            if let Some(q) = (prev.first..prev.last)
                .find(|&t| matches!(text.tok(t), "quoting" | "quoted") && !inside(t))
            {
                speaker = slots_of(s_first - 1)
                    .iter()
                    .find(|o| o.first > q && kind_of(o.entity) == EntityType::Person)
                    .map(|o| o.entity);
            }
        }

        // 4. a quotation continued after an attribution in the same or the previous paragraph
        if speaker.is_none() {
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

/// Nouns for the person at the head of a body ("the ICE boss", "the agency's chief").
const LEADER_NOUNS: &[&str] = &[
    "boss",
    "chief",
    "head",
    "director",
    "leader",
    "commissioner",
    "secretary",
    "administrator",
];
