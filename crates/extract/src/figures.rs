//! Figures and the entity each is about. The figures of a sentence come from `quantities`; this
//! stage decides whom each is about — the actor of an act whose evidence holds it ("ICE …
//! issuing four subpoenas"), the entity of the figure before for a part of it ("Of those,
//! 180 …", "60 of them"), else the subject of its clause — folds the items of a breakdown
//! into their total ("7,526 cases, including 3,500 assaults"), and drops figures about nothing
//! the text names.

use newsgraph_model::{EntityType, Predicate, Quantity};

use crate::lexicon::Lexicon;
use crate::quantities;
use crate::relations::{Found, Slot};
use crate::resolve::Resolved;
use crate::text::Text;

/// The figures of the document with the entities they are about.
pub fn attribute(
    text: &Text,
    lex: &Lexicon,
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
        let figures = quantities::find(
            &lex.figure_words,
            text.slice(sent.start, sent.end),
            sent.start,
        );
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
                .then(|| money_recipient(text, lex, &slots[si], tok, fig.end))
                .flatten();
            let words = Around {
                text,
                lex,
                slots: &slots[si],
                first: sent.first,
                last: sent.last,
                tok,
            };
            let levied = words.levied_on();
            let subjects: Vec<Option<String>> =
                if previous.is_some() && of_those.partitive(text, sent.first, tok) {
                    vec![previous]
                } else if levied.len() > 1 {
                    // one figure for each place the levy is laid on
                    levied
                        .iter()
                        .map(|&e| Some(res.entities[e].id.clone()))
                        .collect()
                } else {
                    let own = words.stated().or(in_event).or_else(|| words.modified());
                    let named_before = || figure_subject(text, lex, slots, si, tok, false);
                    let subject = recipient
                        .or(own)
                        .or_else(|| match fig.tally {
                            true => named_before().or_else(|| words.voting_body()),
                            false => None,
                        })
                        .or_else(|| figure_subject(text, lex, slots, si, tok, true))
                        .map(|e| governing(lex, found, res, e, &fig.what));
                    vec![subject.map(|e| res.entities[e].id.clone())]
                };
            let (s, e) = text.char_span(fig.start, fig.end);
            // a figure about nothing the text names is no fact of the graph
            for subject in subjects.into_iter().filter(Option::is_some) {
                out.push(Quantity {
                    subject,
                    value: fig.value,
                    what: fig.what.clone(),
                    unit: fig.unit.clone(),
                    bound: fig.bound.clone(),
                    start: s,
                    end: e,
                });
            }
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

/// Whose money an amount at token `tok` (ending at byte `end`) is, when the sentence says so:
/// the one a verb of giving names before it ("ICE paid McHenry County about $8 million"), the
/// one it is for or goes to ("$96 million for Kentucky", "$4 million to the county", "For
/// Ohio, the cut is $9 million", "At stake for the city is $4.3 million").
fn money_recipient(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    tok: usize,
    end: usize,
) -> Option<usize> {
    let s = text.sentence_of(tok);
    let (first, last) = (text.sentences[s].first, text.sentences[s].last);
    let holder = |o: &&Slot| !o.weak && is_holder(o.kind);
    given(text, lex, slots, tok)
        .or_else(|| destined(text, lex, slots, text.token_at(end), last))
        .or_else(|| {
            // "For Kentucky, the department is holding back about $96 million"
            (text.lower(first) == "for")
                .then(|| {
                    slots
                        .iter()
                        .filter(holder)
                        .find(|o| o.first <= first + 2 && o.last < tok && text.tok(o.last) == ",")
                })
                .flatten()
                .map(|o| o.entity)
        })
        .or_else(|| {
            // "At stake for the city is $4.3 million": in the amount's clause
            let o = slots.iter().rev().find(|o| o.last < tok)?;
            let in_clause = (o.last..tok).all(|k| !matches!(text.tok(k), "," | ";"));
            (in_clause && is_holder(o.kind) && after_word(text, o, first, &["for"]))
                .then_some(o.entity)
        })
}

/// Whether the word before reference `o` (past an article) is one of `words`.
fn after_word(text: &Text, o: &Slot, first: usize, words: &[&str]) -> bool {
    let mut k = o.first;
    if k > first && matches!(text.lower(k - 1), "the" | "a" | "an") {
        k -= 1;
    }
    k > first && words.contains(&text.lower(k - 1))
}

/// "paid McHenry County about $8 million", "awarded CHSRA approximately $929 million".
fn given(text: &Text, lex: &Lexicon, slots: &[Slot], tok: usize) -> Option<usize> {
    let k = past_bounds(text, lex, 0, tok);
    let o = slots
        .iter()
        .find(|o| o.last == k && !o.weak && is_holder(o.kind))?;
    (o.first > 0 && lex.figure_words.giving.contains(text.lower(o.first - 1))).then_some(o.entity)
}

/// The first token before the figure at token `tok`, past up to two words that bound it
/// ("about", "more than"), not before token `lo`.
fn past_bounds(text: &Text, lex: &Lexicon, lo: usize, tok: usize) -> usize {
    let mut k = tok;
    while k > lo && lex.figure_words.amount_bound.contains(text.lower(k - 1)) && tok - k < 3 {
        k -= 1;
    }
    k
}

/// "$96 million for Kentucky", "to the county", "was set to flow through the department",
/// "fine from European Union money owed to Hungary": the holder right after "for", "to" or
/// "through" in the words after the amount (from token `after`), within its clause.
fn destined(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    after: usize,
    last: usize,
) -> Option<usize> {
    let window = after..(after + 12).min(last);
    for p in window.take_while(|&k| !matches!(text.lower(k), "," | ";" | "but")) {
        if !matches!(text.lower(p), "for" | "to" | "through") {
            continue;
        }
        // the name follows, past an article and a word or two of description ("the state
        // Education Cabinet"), but no other preposition ("for work in California")
        let o = slots.iter().find(|o| {
            o.first > p
                && o.first <= p + 3
                && !o.weak
                && is_holder(o.kind)
                && (p + 1..o.first).all(|k| !lex.words.preposition.contains(text.lower(k)))
        });
        if let Some(o) = o {
            return Some(o.entity);
        }
    }
    None
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

/// The words around the figure at token `tok` of a sentence, and the entity references in it.
struct Around<'t> {
    text: &'t Text<'t>,
    lex: &'t Lexicon,
    slots: &'t [Slot],
    first: usize,
    last: usize,
    tok: usize,
}

impl Around<'_> {
    /// The lower-cased word at token `k`, none past the end of the text.
    fn w(&self, k: usize) -> &str {
        match k < self.text.tokens.len() {
            true => self.text.lower(k),
            false => "",
        }
    }

    /// The reference that starts at token `k` (or after an article there).
    fn starting(&self, k: usize) -> Option<&Slot> {
        let k = if matches!(self.w(k), "the" | "a" | "an") {
            k + 1
        } else {
            k
        };
        self.slots.iter().find(|o| o.first == k)
    }

    /// Whom the words next to the figure name as its owner, before any act's actor is asked:
    /// a possessive pronoun ("stripping power from its nine trustees": the nearest body
    /// before), a "by" agent of the counted things ("700,000 warrants issued by ICE"), an
    /// apposition ("Delaney Hall, a 1,000-bed detention center") or the antecedent of a
    /// relative clause ("the clubs, which run six centers").
    fn stated(&self) -> Option<usize> {
        self.levied_on()
            .first()
            .copied()
            .or_else(|| self.possessor())
            .or_else(|| self.body_of())
            .or_else(|| self.by_agent())
            .or_else(|| self.apposed())
            .or_else(|| self.antecedent())
    }

    /// The places a levy is laid on ("a 25 percent tariff on goods from Canada and Mexico"),
    /// when the counted thing is a levy.
    fn levied_on(&self) -> Vec<usize> {
        let end = (self.tok + 12).min(self.last);
        let levy = (self.tok + 1..end)
            .take_while(|&k| !matches!(self.w(k), "," | ";" | "on" | "from" | "against"))
            .any(|k| self.lex.figure_words.levy.contains(self.w(k)));
        if !levy {
            return Vec::new();
        }
        let Some(at) = (self.tok + 1..end)
            .take_while(|&k| !matches!(self.w(k), "," | ";"))
            .find(|&k| matches!(self.w(k), "on" | "from" | "against"))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut k = at + 1;
        while k < end && !matches!(self.w(k), "," | ";") {
            if let Some(o) = self.slots.iter().find(|o| o.first == k) {
                if o.kind == EntityType::Jurisdiction {
                    out.push(o.entity);
                }
                k = o.last;
                if !matches!(self.w(k), "and" | "or") {
                    break;
                }
            }
            k += 1;
        }
        out
    }

    /// The body the counted members belong to: "a three-judge panel of the 6th Circuit", "the
    /// 13 members of the council".
    fn body_of(&self) -> Option<usize> {
        let end = (self.tok + 5).min(self.last);
        let at = (self.tok + 2..end)
            .take_while(|&k| self.text.tok(k).chars().all(|c| c.is_ascii_lowercase()))
            .find(|&k| self.w(k) == "of")?;
        self.starting(at + 1)
            .filter(|o| o.kind == EntityType::Agency)
            .map(|o| o.entity)
    }

    /// The body that cast a tally named in the sentence ("The 7-0 vote came … urged the
    /// council"), when none is named before it.
    fn voting_body(&self) -> Option<usize> {
        self.slots
            .iter()
            .filter(|o| o.first > self.tok && o.kind == EntityType::Agency)
            .map(|o| o.entity)
            .next()
    }

    /// The first token before the figure, past the words that bound it ("about", "more than").
    fn before_bounds(&self) -> usize {
        past_bounds(self.text, self.lex, self.first, self.tok)
    }

    fn possessor(&self) -> Option<usize> {
        let k = self.before_bounds();
        if k == self.first || !matches!(self.w(k - 1), "its" | "their") {
            return None;
        }
        self.slots
            .iter()
            .rev()
            .find(|o| o.last < k && o.kind != EntityType::Person && o.kind != EntityType::Policy)
            .map(|o| o.entity)
    }

    fn by_agent(&self) -> Option<usize> {
        let end = (self.tok + 8).min(self.last);
        for j in self.tok + 2..end {
            let w = self.w(j);
            if matches!(w, "," | ";" | "that" | "which" | "who" | "and" | "(") {
                return None;
            }
            let p = self.w(j - 1);
            if w == "by"
                && j > self.tok + 1
                && (p.ends_with("ed") || self.lex.figure_words.by_participle.contains(p))
            {
                return self.starting(j + 1).map(|o| o.entity);
            }
        }
        None
    }

    fn apposed(&self) -> Option<usize> {
        // the article that starts the apposition, past the bounds after it ("a nearly 900-bed")
        let mut k = self.tok;
        while k > self.first + 2 && self.tok - k < 3 && !matches!(self.w(k - 1), "a" | "an") {
            if !self.lex.figure_words.amount_bound.contains(self.w(k - 1)) {
                return None;
            }
            k -= 1;
        }
        if k < self.first + 2 || !matches!(self.w(k - 1), "a" | "an") || self.w(k - 2) != "," {
            return None;
        }
        self.slots
            .iter()
            .find(|o| o.last == k - 2 && !o.weak)
            .map(|o| o.entity)
    }

    fn antecedent(&self) -> Option<usize> {
        let lo = self.tok.saturating_sub(15).max(self.first + 1);
        for k in (lo..self.tok).rev() {
            if self.slots.iter().any(|o| o.first <= k && k < o.last) {
                return None; // the clause names its own subject
            }
            match self.w(k) {
                "which" | "who" if self.w(k - 1) == "," => {
                    return self
                        .slots
                        .iter()
                        .find(|o| o.last + 1 == k && !o.weak)
                        .map(|o| o.entity);
                }
                "," | ";" | ":" => return None,
                _ => {}
            }
        }
        None
    }

    /// A name inside the counted phrase: "Fifteen Kentucky Medicaid recipients", "all 67 of
    /// Florida's county sheriffs", "two ICE officers".
    fn modified(&self) -> Option<usize> {
        let k = self.tok + 1;
        let o = self
            .starting(k)
            .or_else(|| (self.w(k) == "of").then(|| self.starting(k + 1)).flatten())?;
        if o.weak || o.kind == EntityType::Policy || o.last >= self.last {
            return None;
        }
        let next = self.text.tok(o.last);
        let noun = next == "'s"
            || next.chars().all(char::is_alphabetic)
                && !self.lex.words.preposition.contains(self.w(o.last))
                && !self.lex.figure_words.name_end.contains(self.w(o.last));
        noun.then_some(o.entity)
    }
}

/// The entity that holds a figure: a person's government when the figure counts governments
/// ("Attorney General Dan Rayfield led a coalition of 12 states": Oregon's count).
fn governing(lex: &Lexicon, found: &[Found], res: &Resolved, e: usize, what: &str) -> usize {
    let counts_governments = what
        .split_whitespace()
        .find(|w| !matches!(*w, "other" | "more" | "U.S." | "American"))
        .is_some_and(|w| lex.figure_words.government_noun.contains(&w.to_lowercase()));
    if !counts_governments || res.entities[e].kind != EntityType::Person {
        return e;
    }
    // the person's office, and the jurisdiction the office is part of
    let above = |e: usize, preds: &[Predicate]| {
        found
            .iter()
            .filter(|f| preds.contains(&f.predicate) && f.subject == e)
            .flat_map(|f| f.objects.iter().copied())
            .min_by_key(|&o| res.entities[o].kind != EntityType::Jurisdiction)
    };
    let Some(office) = above(e, &[Predicate::Leads, Predicate::WorksFor]) else {
        return e;
    };
    match res.entities[office].kind {
        EntityType::Jurisdiction => office,
        _ => above(office, &[Predicate::PartOf])
            .filter(|&j| res.entities[j].kind == EntityType::Jurisdiction)
            .unwrap_or(office),
    }
}

/// The entity a figure is about: the subject of its clause (the last reference before the
/// figure that no preposition governs), else the subject of the sentence before (its first such
/// reference). Of a coordinated subject ("Aberdeen and Hoquiam have spent …") the first.
fn figure_subject(
    text: &Text,
    lex: &Lexicon,
    slots: &[Vec<Slot>],
    s: usize,
    tok: usize,
    or_before: bool,
) -> Option<usize> {
    let governed = |o: &Slot, first: usize| {
        let mut k = o.first;
        while k > first
            && (matches!(text.lower(k - 1), "the" | "a" | "an")
                || lex.figure_words.place_adjective.contains(text.lower(k - 1)))
        {
            k -= 1;
        }
        k > first && lex.figure_words.governing.contains(text.lower(k - 1))
    };
    let possessor = |o: &Slot, cands: &[Slot]| {
        o.last < text.tokens.len()
            && text.tok(o.last) == "'s"
            && cands.iter().any(|b| b.first == o.last + 1)
    };
    let here = text.sentences[s].first;
    let cands = &slots[s];
    if let Some(i) = cands
        .iter()
        .rposition(|o| o.last <= tok && !governed(o, here) && !possessor(o, cands))
    {
        return Some(cands[first_conjunct(text, cands, i)].entity);
    }
    if !or_before {
        return None;
    }
    // a figure in a sentence that names nobody is about an actor of the sentence before, not
    // a document it cites ("... under Article 142 of the Constitution. It runs to 415 pages.")
    let before = &slots[s.checked_sub(1)?];
    let first = text.sentences[s - 1].first;
    before
        .iter()
        .rposition(|o| o.kind != EntityType::Policy && !governed(o, first) && !possessor(o, before))
        .map(|i| before[first_conjunct(text, before, i)].entity)
}

/// The first of the references coordinated with reference `i` ("A, B and C": A).
fn first_conjunct(text: &Text, cands: &[Slot], mut i: usize) -> usize {
    while i > 0 {
        let (prev, cur) = (&cands[i - 1], &cands[i]);
        let between = prev.last + 1 == cur.first && matches!(text.lower(prev.last), "and" | ",");
        if !between || prev.kind != cur.kind {
            break;
        }
        i -= 1;
    }
    i
}
