//! Figures and the entity each is about. The figures of a sentence come from `quantities`; this
//! stage decides whom each is about — the actor of an act whose evidence holds it ("ICE …
//! issuing four subpoenas"), the entity of the figure before for a part of it ("Of those,
//! 180 …", "60 of them"), else the subject of its clause — folds the items of a breakdown
//! into their total ("7,526 cases, including 3,500 assaults"), and drops figures about nothing
//! the text names.

use newsgraph_model::{EntityType, Predicate, Quantity};

use crate::quantities;
use crate::relations::{Found, Slot};
use crate::resolve::Resolved;
use crate::text::Text;

/// The figures of the document with the entities they are about.
pub fn attribute(
    text: &Text,
    res: &Resolved,
    found: &[Found],
    slots: &[Vec<Slot>],
    excluded: &dyn Fn(usize) -> bool,
) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    let events_in = events_by_sentence(text, found);
    for (si, sent) in text.sentences.iter().enumerate() {
        if excluded(sent.start) {
            continue;
        }
        let figures = quantities::find(text.slice(sent.start, sent.end), sent.start);
        let mut of_those = OfThose {
            scanned: sent.first,
            at: None,
        };
        let mut total: Option<usize> = None; // index in `out` of a broken-down figure
        for (fi, fig) in figures.iter().enumerate() {
            if fi > 0 {
                if listed(text, &figures[fi - 1], fig, total.is_some()) {
                    total = fold_into_total(text, &mut out, total, fig);
                    continue;
                }
                total = None;
            }
            let tok = text.token_at(fig.start);
            if res.mention_at(tok).is_some() {
                continue; // a number inside a name ("MS-13")
            }
            let in_event = events_in
                .get(text.sentence_of(tok))
                .into_iter()
                .flatten()
                .map(|&i| &found[i])
                .filter(|f| f.first <= tok && tok < f.last)
                .min_by_key(|f| f.last - f.first)
                .map(|f| money_holder(f, fig.unit.is_some()));
            let previous = out.last().and_then(|q| q.subject.clone());
            let recipient = fig
                .unit
                .is_some()
                .then(|| money_recipient(text, &slots[si], tok, fig.end))
                .flatten();
            let subject = if previous.is_some() && of_those.partitive(text, sent.first, tok) {
                previous
            } else {
                recipient
                    .or(in_event)
                    .or_else(|| figure_subject(text, slots, si, tok))
                    .map(|e| res.entities[e].id.clone())
            };
            if subject.is_none() {
                continue; // a figure about nothing the text names is no fact of the graph
            }
            let (s, e) = text.char_span(fig.start, fig.end);
            let fig = fig.clone();
            out.push(Quantity {
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
    out
}

/// Whom a figure inside the evidence of act `f` is about: its actor ("ICE … issuing four
/// subpoenas"), but for money that the act gives, withholds or fines, the one who gets or
/// loses it ("FEMA cancelled $100 million for Aberdeen": Aberdeen's money).
fn money_holder(f: &Found, money: bool) -> usize {
    match f.objects.first() {
        Some(&o)
            if money
                && matches!(
                    f.predicate,
                    Predicate::Funds | Predicate::CutsFunding | Predicate::Restricts
                ) =>
        {
            o
        }
        _ => f.subject,
    }
}

/// Verbs that give money to the one named after them ("paid McHenry County $8 million").
const GIVING: &[&str] = &[
    "paid", "pays", "pay", "awarded", "awards", "gave", "gives", "granted", "grants", "sent",
    "owes", "owed", "offered", "fined", "fines", "promised", "lent", "loaned",
];
/// Bounds that may stand between the recipient and the amount ("paid X about $8 million").
const AMOUNT_BOUNDS: &[&str] = &[
    "about",
    "approximately",
    "nearly",
    "almost",
    "roughly",
    "some",
    "over",
    "more",
    "than",
    "up",
    "to",
    "at",
    "least",
    "another",
    "an",
    "additional",
    "a",
    "total",
    "of",
];

/// Whose money an amount at token `tok` (ending at byte `end`) is, when the sentence says so:
/// the one it is for or goes to ("$96 million for Kentucky", "$4 million to the county", "For
/// Ohio, the cut is $9 million"), or the one a verb of giving names before it ("ICE paid
/// McHenry County about $8 million").
fn money_recipient(text: &Text, slots: &[Slot], tok: usize, end: usize) -> Option<usize> {
    let w = |k: usize| text.lower(k);
    let s = text.sentence_of(tok);
    let last = text.sentences[s].last;
    let after = text.token_at(end);
    // "for Kentucky", "to the county", past up to three words of what it is ("in grants")
    let for_at = (after..(after + 4).min(last)).find(|&k| matches!(w(k), "for" | "to"));
    if let Some(p) = for_at {
        if let Some(o) = slots
            .iter()
            .find(|o| o.first > p && o.first <= p + 2 && !o.weak && is_holder(o.kind))
        {
            return Some(o.entity);
        }
    }
    // "For Kentucky, the department is holding back about $96 million"
    let first = text.sentences[s].first;
    if w(first) == "for" {
        if let Some(o) = slots.iter().find(|o| {
            o.first <= first + 2
                && o.last < tok
                && text.tok(o.last) == ","
                && !o.weak
                && is_holder(o.kind)
        }) {
            return Some(o.entity);
        }
    }
    // "paid McHenry County about $8 million"
    let mut k = tok;
    while k > 0 && AMOUNT_BOUNDS.contains(&w(k - 1)) && tok - k < 3 {
        k -= 1;
    }
    let o = slots
        .iter()
        .find(|o| o.last == k && !o.weak && is_holder(o.kind))?;
    (o.first > 0 && GIVING.contains(&w(o.first - 1))).then_some(o.entity)
}

/// Whether an entity of kind `k` may hold money: a government, a person or an organisation.
fn is_holder(k: EntityType) -> bool {
    matches!(
        k,
        EntityType::Agency
            | EntityType::Jurisdiction
            | EntityType::Person
            | EntityType::Organization
    )
}

/// The events over each sentence, in the order found.
fn events_by_sentence(text: &Text, found: &[Found]) -> Vec<Vec<usize>> {
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
    events_in
}

/// "7,526 subjects who had criminal histories including 3,500 assaults, 1,500 DUIs …": true
/// when `fig` is an item of a breakdown of the figure before, not a figure of its own.
fn listed(
    text: &Text,
    before: &quantities::Figure,
    fig: &quantities::Figure,
    in_list: bool,
) -> bool {
    let between = text.slice(before.end, fig.start).to_lowercase();
    in_list
        && between
            .trim()
            .trim_start_matches(|c: char| c.is_alphanumeric() || c == ' ' || c == '-')
            .chars()
            .all(|c| matches!(c, ',' | ' '))
        || between.split_whitespace().any(|w| w == "including")
        || between.contains("such as")
}

/// Adds an item of a breakdown to the description of its total (the last figure when the list
/// starts here); returns the total's index.
fn fold_into_total(
    text: &Text,
    out: &mut [Quantity],
    total: Option<usize>,
    fig: &quantities::Figure,
) -> Option<usize> {
    let number = text.slice(fig.start, fig.end).trim();
    if let Some(t) = total {
        let q = &mut out[t];
        q.what = format!("{}; {} {}", q.what, number, fig.what);
        return Some(t);
    }
    let last = out.len().checked_sub(1)?;
    let q = &mut out[last];
    q.what = format!("{} including {} {}", q.what, number, fig.what);
    Some(last)
}

/// "Of those, 180 …", "60 of them": where the sentence says "of those" before a figure, found
/// once per sentence by a scan that only moves forward.
struct OfThose {
    scanned: usize,
    at: Option<usize>,
}

impl OfThose {
    /// True when the figure at token `tok` is a part of the figure before it.
    fn partitive(&mut self, text: &Text, first: usize, tok: usize) -> bool {
        let w = |k: usize| text.lower(k);
        let after = tok + 2 < text.tokens.len()
            && w(tok + 1) == "of"
            && matches!(w(tok + 2), "them" | "those" | "these");
        while self.at.is_none() && self.scanned < tok {
            let k = self.scanned;
            if w(k) == "of"
                && k + 1 < text.tokens.len()
                && matches!(w(k + 1), "those" | "them" | "these")
            {
                self.at = Some(k);
            }
            self.scanned += 1;
        }
        let before = tok >= first + 2 && self.at.is_some_and(|k| k + 1 < tok);
        after || before
    }
}

/// The entity a figure is about: the subject of its clause, else the subject of the sentence
/// before.
fn figure_subject(text: &Text, slots: &[Vec<Slot>], s: usize, tok: usize) -> Option<usize> {
    let first = text.sentences[s].first;
    // a figure in a sentence that names nobody is about an actor of the sentence before, not
    // a document it cites ("... under Article 142 of the Constitution. It runs to 415 pages.")
    let subject = |cands: &[Slot], upto: usize| {
        cands
            .iter()
            .rev()
            .filter(|o| o.last <= upto)
            .filter(|o| upto != usize::MAX || o.kind != EntityType::Policy)
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
