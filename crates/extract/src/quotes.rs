//! Quotations and their speakers: straight and typographic marks, quotes split by an
//! attribution, paragraphs of quotation that run on, speakers by name, title, pronoun or
//! agency ("a senior ICE official said").

use newsgraph_model::EntityType;

use crate::lexicon::Lexicon;
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
    lex: &Lexicon,
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
    let a = Attributor {
        text,
        lex,
        slots_of,
        kind_of,
        leader_of,
        by_start,
        reach,
    };
    let mut out: Vec<QuoteSpan> = Vec::new();
    for (qi, &(qs, qe)) in quotes.iter().enumerate() {
        let first_tok = text.token_at(qs);
        let s_first = text.sentence_of(first_tok);
        let speaker = a
            .after_closing(qe)
            .or_else(|| a.introducing_clause(s_first, first_tok))
            .or_else(|| a.quoting_before(s_first))
            .or_else(|| {
                // a quotation continued after an attribution in the same or the previous
                // paragraph
                let prev = out.last()?;
                let p_prev =
                    text.sentences[text.sentence_of(text.token_at(quotes[qi - 1].0))].paragraph;
                let p_here = text.sentences[s_first].paragraph;
                (p_here == p_prev || p_here == p_prev + 1)
                    .then_some(prev.speaker)
                    .flatten()
            });
        out.push(QuoteSpan {
            start: qs,
            end: qe,
            speaker,
        });
    }
    out
}

/// What the attribution of one document's quotations reads: its slots, the kinds of its
/// entities, who leads what, and where the quotations lie.
struct Attributor<'a> {
    text: &'a Text<'a>,
    lex: &'a Lexicon,
    slots_of: &'a dyn Fn(usize) -> Vec<Slot>,
    kind_of: &'a dyn Fn(usize) -> EntityType,
    leader_of: &'a dyn Fn(usize) -> Option<usize>,
    /// The quotations by start.
    by_start: Vec<(usize, usize)>,
    /// The furthest end of the quotations starting at or before each.
    reach: Vec<usize>,
}

impl Attributor<'_> {
    /// True when token `t` lies inside a quotation.
    fn inside(&self, t: usize) -> bool {
        let p = self.text.tokens[t].start;
        let n = self.by_start.partition_point(|&(a, _)| a <= p);
        n > 0 && self.reach[n - 1] > p
    }

    fn speakerish(&self, e: usize) -> bool {
        matches!(
            (self.kind_of)(e),
            EntityType::Person | EntityType::Agency | EntityType::Organization
        )
    }

    /// A pronoun: the person the text last made its subject, before token `t`.
    fn pronoun(&self, t: usize) -> Option<usize> {
        let text = self.text;
        let s0 = text.sentence_of(t);
        for s in (s0.saturating_sub(8)..=s0).rev() {
            let sent = text.sentences[s];
            let slots = (self.slots_of)(s);
            // "The ICE boss went on …": the person who leads the agency
            if sent.last > sent.first + 2 && text.tok(sent.first).eq_ignore_ascii_case("the") {
                if let Some(o) = slots.iter().find(|o| o.first == sent.first + 1) {
                    let head = text.get_lower(o.last).unwrap_or_default();
                    if self.lex.words.leader_noun.contains(head) {
                        if let Some(p) = (self.leader_of)(o.entity) {
                            return Some(p);
                        }
                    }
                }
            }
            // "In his letter to de Blasio, Albence noted …": the subject after a fronted phrase
            let fronted = self
                .lex
                .words
                .fronting_preposition
                .contains(text.lower(sent.first));
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
                    && !self.inside(o.first)
                    && (self.kind_of)(o.entity) == EntityType::Person
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
    }

    /// The entity of a slot, a "he" or "she" resolved to a person.
    fn resolve(&self, o: &Slot) -> Option<usize> {
        if o.weak && matches!(self.text.lower(o.first), "he" | "she") {
            self.pronoun(o.first)
        } else {
            Some(o.entity)
        }
    }

    /// First: the attribution after the closing mark at byte `qe`, in its sentence or the next:
    /// "…," said Lucero / "…," Lucero, a senior official, said / "…," he said.
    fn after_closing(&self, qe: usize) -> Option<usize> {
        let text = self.text;
        let last_tok = text.token_at(qe).min(text.tokens.len().saturating_sub(1));
        let s_last = text.sentence_of(last_tok);
        let mut after_slots: Vec<Slot> = (self.slots_of)(s_last);
        if s_last + 1 < text.sentences.len() {
            after_slots.extend((self.slots_of)(s_last + 1));
        }
        let close = (last_tok..text.tokens.len())
            .find(|&t| text.tokens[t].start >= qe)
            .unwrap_or(text.tokens.len());
        // the attribution stays in the quote's paragraph: a quote that ends its paragraph is
        // not said by whoever speaks in the next
        let para = text.sentences[s_last].paragraph;
        let window_end = (close..(close + 16).min(text.tokens.len()))
            .find(|&t| {
                self.inside(t)
                    || matches!(text.tok(t), "." | "?" | "!") && t > close + 1
                    || text.sentences[text.sentence_of(t)].paragraph != para
            })
            .unwrap_or((close + 16).min(text.tokens.len()));
        let v = (close..window_end).find(|&t| self.lex.words.speech_quote.contains(text.tok(t)))?;
        let pron =
            (close..window_end.min(close + 3)).find(|&t| matches!(text.lower(t), "he" | "she"));
        if let Some(p) = pron.filter(|&p| p + 1 == v) {
            if let Some(sp) = self.pronoun(p) {
                return Some(sp); // "…," he said.
            }
        }
        let first_slot = after_slots
            .iter()
            .filter(|o| {
                o.first >= close
                    && o.first < window_end
                    && self.speakerish(o.entity)
                    && !self.inside(o.first)
            })
            .min_by_key(|o| o.first);
        let before_verb = first_slot.filter(|o| o.first < v);
        let after_verb = after_slots.iter().find(|o| {
            o.first > v && o.first <= v + 3 && (self.kind_of)(o.entity) == EntityType::Person
        });
        before_verb
            .or(after_verb)
            .or(first_slot)
            .and_then(|o| self.resolve(o))
    }

    /// Second: the clause of sentence `s` that introduces the quotation starting at token
    /// `first_tok` ("Spokesman Tyler Houlton said: “…”").
    fn introducing_clause(&self, s: usize, first_tok: usize) -> Option<usize> {
        let text = self.text;
        let sent = text.sentences[s];
        let introduces = (sent.first..first_tok)
            .filter(|&t| !self.inside(t))
            .any(|t| self.lex.words.speech_quote.contains(text.tok(t)) || text.tok(t) == ":");
        if !introduces {
            return None;
        }
        let slots = (self.slots_of)(s);
        let o = slots
            .iter()
            .filter(|o| o.first < first_tok && !self.inside(o.first) && self.speakerish(o.entity))
            .min_by_key(|o| ((self.kind_of)(o.entity) != EntityType::Person, o.first))?;
        self.resolve(o)
    }

    /// Third: "… wrote about this yesterday, quoting ICE's Acting Director Matthew Albence." in the
    /// sentence before `s`.
    fn quoting_before(&self, s: usize) -> Option<usize> {
        let text = self.text;
        let prev = text.sentences[s.checked_sub(1)?];
        let q = (prev.first..prev.last)
            .find(|&t| matches!(text.tok(t), "quoting" | "quoted") && !self.inside(t))?;
        (self.slots_of)(s - 1)
            .iter()
            .find(|o| o.first > q && (self.kind_of)(o.entity) == EntityType::Person)
            .map(|o| o.entity)
    }
}
