//! Clause-level rules that the trigger pass of `relations.rs` does not see, driven by the cue
//! words of `data/cues.tsv`:
//!
//! - reported wrongdoing: "X argued that Y violated the Constitution", "the complaint alleges
//!   that Y acted unlawfully" → X accuses Y;
//! - named defendants: "the complaint names X, Y and Z as defendants" → the plaintiff sues each;
//! - sending a document: "X sent Y a letter" → X writes to Y;
//! - joining a suit: "X joined Y in a lawsuit against Z", "X joined the lawsuit" → X sues Z.
//!
//! "The complaint", "the lawsuit", "it" stand for the last suit the text reported, within a few
//! sentences: a suit named further back is another topic.

use rustc_hash::FxHashMap;

use newsgraph_model::{EntityType, Modality, Polarity, Predicate};

use crate::data::DataSource;
use crate::lexicon::Lexicon;
use crate::relations::{Found, Slot};
use crate::resolve::Resolved;
use crate::text::Text;
use crate::Error;

/// How many sentences back "the lawsuit" may find the suit it stands for.
const SUIT_REACH: usize = 6;

/// Reads `cues.tsv`: form → class.
pub fn load_cues(data: &DataSource) -> Result<FxHashMap<String, String>, Error> {
    let t = data.table("cues.tsv")?;
    t.require(&["form", "class"])?;
    Ok(t.rows
        .iter()
        .map(|(_, r)| (t.get(r, "form").to_owned(), t.get(r, "class").to_owned()))
        .collect())
}

pub(crate) fn cue<'l>(lex: &'l Lexicon, text: &Text, i: usize) -> &'l str {
    lex.cues.get(text.lower(i)).map_or("", String::as_str)
}

pub(crate) fn is_actor_kind(k: EntityType) -> bool {
    matches!(
        k,
        EntityType::Person | EntityType::Agency | EntityType::Jurisdiction
    )
}

/// The slot that is the subject of the verb at `v`: an actor right before it, past auxiliaries
/// and adverbs (`words.tsv` class aux).
fn subject_before<'s>(
    text: &Text,
    lex: &Lexicon,
    slots: &'s [Slot],
    first: usize,
    v: usize,
) -> Option<&'s Slot> {
    let mut k = v;
    while k > first && lex.words.aux.contains(text.lower(k - 1)) {
        k -= 1;
    }
    // "the Department of Human Rights (MDHR) found": past the abbreviation
    if k > first + 2 && text.tok(k - 1) == ")" {
        if let Some(open) = (first..k - 1).rev().take(4).find(|&i| text.tok(i) == "(") {
            k = open;
        }
    }
    // "Eric Schmitt, who was attorney general then, dismissed it": past a relative clause
    if k > first + 2 && text.tok(k - 1) == "," && !text.lower(v).ends_with("ing") {
        let open = (k.saturating_sub(30).max(first)..k - 1).rev().find(|&i| {
            text.tok(i) == "," && matches!(text.lower(i + 1), "who" | "which" | "whose")
        });
        if let Some(open) = open {
            k = open;
        }
    }
    let subject = slots
        .iter()
        .find(|o| o.last == k && is_actor_kind(o.kind))?;
    // the head of a list it ends ("the lawsuit against King County and Constantine argued":
    // the list is the object of "against", no subject)
    let mut head = subject.first;
    while head > first + 1 && matches!(text.tok(head - 1), "and" | "," | "or") {
        match slots.iter().find(|o| o.last == head - 1) {
            Some(o) => head = o.first,
            None => break,
        }
    }
    (head == first
        || !matches!(
            text.tok(head - 1),
            "of" | "by" | "to" | "with" | "from" | "against" | "for"
        ))
    .then_some(subject)
}

/// The suits reported in the sentences before `s`, the last one first: (sentence start token,
/// the founds of that suit).
fn last_suit<'f>(text: &Text, earlier: &Earlier<'f>, s: usize) -> Vec<&'f Found> {
    let from = text.sentences[s.saturating_sub(SUIT_REACH)].first;
    let here = text.sentences[s].first;
    let Some(last) = earlier
        .starting_in(from, here)
        .into_iter()
        .filter(|f| f.predicate == Predicate::Sues)
        .max_by_key(|f| f.first)
    else {
        return Vec::new();
    };
    let sent = text.sentences[text.sentence_of(last.first)];
    earlier
        .starting_in(sent.first, sent.last)
        .into_iter()
        .filter(|f| f.predicate == Predicate::Sues)
        .collect()
}

/// The relations the trigger pass found, indexed by their first token, so that a sentence
/// finds its own without reading the whole document's.
struct Earlier<'f> {
    found: &'f [Found],
    by_first: Vec<usize>,
}

impl<'f> Earlier<'f> {
    /// Indexes `found`.
    fn new(found: &'f [Found]) -> Earlier<'f> {
        let mut by_first: Vec<usize> = (0..found.len()).collect();
        by_first.sort_by_key(|&i| (found[i].first, i));
        Earlier { found, by_first }
    }

    /// The relations whose first token lies in `lo..hi`, in the order they were found.
    fn starting_in(&self, lo: usize, hi: usize) -> Vec<&'f Found> {
        let key = |i: &usize| self.found[*i].first;
        let a = self.by_first.partition_point(|i| key(i) < lo);
        let b = a + self.by_first[a..].partition_point(|i| key(i) < hi);
        let mut idx = self.by_first[a..b].to_vec();
        idx.sort_unstable();
        idx.into_iter().map(|i| &self.found[i]).collect()
    }
}

fn found(
    subject: usize,
    predicate: Predicate,
    objects: Vec<usize>,
    first: usize,
    last: usize,
    rule: &str,
) -> Found {
    Found {
        subject,
        predicate,
        objects,
        first,
        last,
        polarity: Polarity::Positive,
        modality: Modality::Asserted,
        rule: format!("{rule}@cues.tsv"),
        confidence: 0.6,
        co_subjects: Vec::new(),
        target_at: None,
    }
}

/// The relations of the clause rules, over the slots of every sentence, given the relations the
/// trigger pass found (`earlier`).
pub fn find(
    text: &Text,
    lex: &Lexicon,
    r: &Resolved,
    slots: &[Vec<Slot>],
    earlier: &[Found],
    excluded: &dyn Fn(usize) -> bool,
) -> Vec<Found> {
    let earlier = &Earlier::new(earlier);
    let mut out = Vec::new();
    for (s, sent) in text.sentences.iter().enumerate() {
        if excluded(sent.start) {
            continue;
        }
        let slots = &slots[s];
        let here: Vec<&Found> = earlier.starting_in(sent.first, sent.last);
        // what a suit's plaintiffs do in the sentence: a joiner does it too
        let suit_acts: Vec<&Found> = here
            .iter()
            .copied()
            .filter(|f| matches!(f.predicate, Predicate::Sues | Predicate::Accuses))
            .collect();
        let suit_here: Vec<&Found> = here
            .iter()
            .copied()
            .filter(|f| f.predicate == Predicate::Sues)
            .collect();
        for v in sent.first..sent.last {
            match cue(lex, text, v) {
                "speech" => out.extend(reported_wrong(text, lex, r, slots, earlier, s, v)),
                "claim" => {
                    let wrong = reported_wrong(text, lex, r, slots, earlier, s, v);
                    if wrong.is_empty() {
                        out.extend(suit_claim(text, lex, slots, earlier, s, v));
                    }
                    out.extend(wrong);
                }
                "defendant" => out.extend(defendants(text, lex, slots, earlier, &suit_here, s, v)),
                "join" => out.extend(joins(text, slots, earlier, &suit_acts, s, v)),
                "suit" => {
                    out.extend(suit_against(text, lex, slots, earlier, &suit_here, s, v));
                    out.extend(according_to_suit(
                        text, lex, slots, earlier, &suit_here, s, v,
                    ));
                }
                "send" => out.extend(sends_document(text, lex, slots, s, v)),
                "label" => out.extend(characterized(text, lex, slots, earlier, s, v)),
                "critic" => out.extend(critic_in_apposition(text, slots, s, v)),
                _ => {}
            }
        }
    }
    // one relation per triple and sentence: the trigger pass may have found it already
    out.retain(|f| {
        let s = text.sentence_of(f.first);
        let sent = text.sentences[s];
        !earlier.starting_in(sent.first, sent.last).iter().any(|e| {
            e.predicate == f.predicate
                && e.subject == f.subject
                && f.objects.iter().all(|o| e.objects.contains(o))
        })
    });
    out
}

/// The plaintiffs a suit noun or pronoun at `k` stands for ("the complaint argues", "it names").
fn plaintiffs(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    earlier: &Earlier<'_>,
    suit_here: &[&Found],
    s: usize,
    k: usize,
) -> Vec<usize> {
    let first = text.sentences[s].first;
    let w = |i: usize| text.lower(i);
    let near =
        |i: usize| matches!(cue(lex, text, i), "suit" | "party") || matches!(w(i), "it" | "they");
    // "the lawsuit against King County and Constantine argued": the suit noun before the
    // list of its defendants
    let against = |i: usize| {
        cue(lex, text, i) == "suit"
            && w(i + 1) == "against"
            && (i + 2..k).all(|j| {
                matches!(w(j), "and" | "," | "the")
                    || slots.iter().any(|o| o.first <= j && j < o.last)
            })
    };
    let refers = (k.saturating_sub(3).max(first)..k).any(near)
        || (k.saturating_sub(14).max(first)..k.saturating_sub(2)).any(against);
    if !refers {
        return Vec::new();
    }
    let suit: Vec<&Found> = if suit_here.is_empty() {
        last_suit(text, earlier, s)
    } else {
        suit_here.to_vec()
    };
    let mut out: Vec<usize> = suit.iter().map(|f| f.subject).collect();
    out.dedup();
    out
}

/// "X argued that Y violated …", "the complaint alleges Y acted unlawfully": X accuses Y;
/// "X said Y's move was shameful": X criticizes Y. When the complement's subject is the measure a suit challenges ("the states argue that the
/// freeze breaks federal law", "sued Missouri, arguing that the law is unconstitutional"), the
/// plaintiffs accuse the suit's defendants.
fn reported_wrong(
    text: &Text,
    lex: &Lexicon,
    _r: &Resolved,
    slots: &[Slot],
    earlier: &Earlier<'_>,
    s: usize,
    v: usize,
) -> Vec<Found> {
    let sent = text.sentences[s];
    let w = |i: usize| text.lower(i);
    let Some(c) = complement_start(text, s, v) else {
        return Vec::new();
    };
    let Some((_, cue_at, predicate)) = judgement(text, lex, c, 25, sent.last) else {
        return Vec::new();
    };
    // the speakers, and the suit or act they speak of
    let (speakers, acts) = speakers_of(text, lex, slots, earlier, s, v);
    // the subject of the complement: the first slot after the verb, before the cue
    let target = slots
        .iter()
        .find(|o| o.first >= c && o.first <= c + 3 && o.last <= cue_at)
        // "the attack on ICE was shameful": not the object of a preposition
        .filter(|o| o.first == c || !lex.words.preposition.contains(w(o.first - 1)));
    let negated = |from: usize| {
        (from..cue_at).any(|i| matches!(w(i), "not" | "never" | "n't" | "no")) || cue_at - from > 12
    };
    let mut objects = match target {
        Some(target) if !negated(target.last) => {
            let mut objects = crate::coord::following(text, lex, slots, target).0;
            objects.retain(|&o| slots.iter().any(|x| x.entity == o && is_actor_kind(x.kind)));
            if objects.is_empty() && target.kind == EntityType::Policy {
                // "the act Pritzker signed violates …": the policy's author
                let reach = crate::structure::offices::REACH;
                if let Some(e) = earlier
                    .starting_in(v.saturating_sub(reach), v.saturating_add(reach))
                    .into_iter()
                    .find(|f| {
                        f.predicate == Predicate::Enacts && f.objects.contains(&target.entity)
                    })
                {
                    objects.push(e.subject);
                } else {
                    objects = challenged(&acts);
                }
            }
            objects
        }
        Some(_) => Vec::new(),
        // "the states argue that the freeze breaks …": the measure the suit challenges
        None if cue(lex, text, c + usize::from(c + 1 < cue_at && w(c) == "the")) == "measure"
            && !negated(c) =>
        {
            challenged(&acts)
        }
        None => Vec::new(),
    };
    objects.dedup();
    if objects.is_empty() {
        return Vec::new();
    }
    let from = target.map_or(c, |t| t.first);
    speakers
        .into_iter()
        .filter(|sp| !objects.contains(sp))
        .map(|sp| {
            let rule = match predicate {
                Predicate::Accuses => "accuses-reported-wrong",
                _ => "criticizes-reported",
            };
            let mut f = found(
                sp,
                predicate,
                objects.clone(),
                v.min(from),
                cue_at + 1,
                rule,
            );
            f.modality = Modality::Reported;
            f
        })
        .collect()
}

/// The first token of the clause a verb of saying at `v` reports: after "that" ("told
/// reporters that …", "found in 2022 that …") and an opening quotation mark ("said that “the
/// administration's attempt … is shameful”"), else right after the verb; none for a verb that
/// also takes a plain object ("found the money", "told the council").
fn complement_start(text: &Text, s: usize, v: usize) -> Option<usize> {
    let sent = text.sentences[s];
    let w = |i: usize| text.lower(i);
    let mut c = v + 1;
    if let Some(t) = (c..(c + 6).min(sent.last)).find(|&i| w(i) == "that") {
        c = t + 1;
    } else if matches!(w(v), "told" | "telling" | "tells" | "found" | "finds") {
        return None;
    }
    if c < sent.last && matches!(text.tok(c), "\u{201c}" | "\"") {
        c += 1;
    }
    Some(c)
}

/// "sued Missouri, arguing that the law was crippling …", "the complaint contends that ICE's
/// directive …": what a suit claims (data/cues.tsv class claim) of its defendant, or of the
/// measure it challenges, alleges a wrong though no word of wrong is said (SPEC §2.2: a suit
/// accuses): the plaintiffs accuse the defendants the claim is about.
fn suit_claim(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    earlier: &Earlier<'_>,
    s: usize,
    v: usize,
) -> Vec<Found> {
    let Some(c) = complement_start(text, s, v) else {
        return Vec::new();
    };
    let (speakers, acts) = speakers_of(text, lex, slots, earlier, s, v);
    claim_about(text, lex, slots, c, speakers, &acts, v)
}

/// "According to the complaint, Illinois, Chicago and Cook County have made it harder …": what
/// a suit says of its defendants, its plaintiffs accuse them of (as `suit_claim`).
fn according_to_suit(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    earlier: &Earlier<'_>,
    suit_here: &[&Found],
    s: usize,
    n: usize,
) -> Vec<Found> {
    let sent = text.sentences[s];
    let w = |i: usize| text.lower(i);
    let according = (n.saturating_sub(3).max(sent.first + 1)..n)
        .any(|i| w(i) == "to" && w(i - 1) == "according");
    let Some(comma) = (n + 1..(n + 3).min(sent.last)).find(|&i| text.tok(i) == ",") else {
        return Vec::new();
    };
    if !according {
        return Vec::new();
    }
    let acts = if suit_here.is_empty() {
        last_suit(text, earlier, s)
    } else {
        suit_here.to_vec()
    };
    let mut speakers: Vec<usize> = acts.iter().map(|f| f.subject).collect();
    speakers.sort_unstable();
    speakers.dedup();
    claim_about(text, lex, slots, comma + 1, speakers, &acts, n)
}

/// The accusations of a suit's claim starting at `c`, by `speakers`, of the defendants of the
/// suit `acts` that the claim's subject names (all of them when it is a measure).
fn claim_about(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    c: usize,
    speakers: Vec<usize>,
    acts: &[&Found],
    v: usize,
) -> Vec<Found> {
    if !acts.iter().any(|f| f.predicate == Predicate::Sues) {
        return Vec::new();
    }
    let defendants = challenged(acts);
    // the claim's subject: a defendant (by name, description or pronoun), or a measure
    let objects: Vec<usize> = match slots.iter().find(|o| o.first >= c && o.first <= c + 2) {
        Some(o) => crate::coord::following(text, lex, slots, o)
            .0
            .into_iter()
            .filter(|e| defendants.contains(e))
            .collect(),
        None if cue(lex, text, c + usize::from(text.lower(c) == "the")) == "measure" => defendants,
        None => Vec::new(),
    };
    if objects.is_empty() {
        return Vec::new();
    }
    speakers
        .into_iter()
        .filter(|sp| !objects.contains(sp))
        .map(|sp| {
            let mut f = found(
                sp,
                Predicate::Accuses,
                objects.clone(),
                v,
                c + 1,
                "accuses-suit-claim",
            );
            f.modality = Modality::Reported;
            f
        })
        .collect()
}

/// Who speaks at the verb of saying `v` of sentence `s`, and the suit or act they speak of:
/// the subject before the verb; for a participle after a comma ("Ohio sued the EPA, arguing
/// …"), the actors of the act it follows, with that act; else the plaintiffs a suit noun or
/// pronoun stands for ("the complaint alleges"), with the last suit.
fn speakers_of<'f>(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    earlier: &Earlier<'f>,
    s: usize,
    v: usize,
) -> (Vec<usize>, Vec<&'f Found>) {
    let sent = text.sentences[s];
    let w = |i: usize| text.lower(i);
    match subject_before(text, lex, slots, sent.first, v) {
        Some(sp) => (vec![sp.entity], Vec::new()),
        // "Ohio sued the EPA, arguing that …": the actor of the act the participle follows
        None if w(v).ends_with("ing") && v > sent.first && text.tok(v - 1) == "," => {
            let mut acts: Vec<&Found> = earlier
                .starting_in(sent.first, v)
                .into_iter()
                .filter(|f| f.predicate.is_event())
                .collect();
            acts.sort_by_key(|f| f.first);
            // the last act, with each of its coordinated actors ("St. Louis and Jackson
            // County sued Missouri, arguing …": both)
            let last: Vec<&Found> = match acts.last() {
                Some(l) => acts
                    .iter()
                    .copied()
                    .filter(|f| {
                        (f.first, f.last, f.predicate) == (l.first, l.last, l.predicate)
                            && f.objects == l.objects
                    })
                    .collect(),
                None => Vec::new(),
            };
            let mut speakers: Vec<usize> = last.iter().map(|f| f.subject).collect();
            // "President Trump weighed in, too, telling reporters that …": with no act before,
            // the sentence's subject speaks
            if speakers.is_empty() {
                speakers.extend(
                    slots
                        .iter()
                        .find(|o| {
                            o.first < v
                                && is_actor_kind(o.kind)
                                && !crate::coord::is_dateline(text, o, sent.first)
                        })
                        .filter(|o| subject_before(text, lex, slots, sent.first, o.last).is_some())
                        .map(|o| o.entity),
                );
            }
            speakers.sort_unstable();
            speakers.dedup();
            (speakers, last)
        }
        None => {
            let suit = last_suit(text, earlier, s);
            (plaintiffs(text, lex, slots, earlier, &[], s, v), suit)
        }
    }
}

/// Whom a suit or act challenges: the targets of `acts` that are actors (a suit against a
/// state, not against its law).
fn challenged(acts: &[&Found]) -> Vec<usize> {
    let mut out: Vec<usize> = acts
        .iter()
        .filter(|f| matches!(f.predicate, Predicate::Sues | Predicate::Accuses))
        .flat_map(|f| f.objects.iter().copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The judgement in the words from `from` up to a clause break (at most `reach` words; a
/// quotation inside may hold it: "was “a disgrace.”"): where the clause ends, where the word
/// stands, and what it makes of the clause — a wrong accuses, a disparaging word criticizes.
fn judgement(
    text: &Text,
    lex: &Lexicon,
    from: usize,
    reach: usize,
    last: usize,
) -> Option<(usize, usize, Predicate)> {
    let end = (from..last)
        .find(|&i| matches!(text.tok(i), "." | ";" | ":") || text.lower(i) == "but")
        .unwrap_or(last)
        .min(from + reach);
    (from..end).find_map(|i| match cue(lex, text, i) {
        "wrong" => Some((end, i, Predicate::Accuses)),
        "disparage" => Some((end, i, Predicate::Criticizes)),
        _ => None,
    })
}

/// How many sentences back the act a noun names ("called the move …") may have been reported.
const ACT_REACH: usize = 3;

/// "X called Y a “racist attack”", "described ICE as an illegitimate force", "dismissed the
/// subpoenas as a partisan attack by Z": a characterization that disparages (data/cues.tsv
/// class disparage) is criticism of Y, one that says Y broke the law (class wrong) accuses Y.
/// When Y is a noun of an act or document ("the letter", "the move"), its author is meant:
/// the actor of the last act reported in this or the three sentences before (of a measure
/// under suit, the defendant); an agent after "by" in the characterization is meant first.
fn characterized(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    earlier: &Earlier<'_>,
    s: usize,
    v: usize,
) -> Vec<Found> {
    let sent = text.sentences[s];
    let w = |i: usize| text.lower(i);
    if (v.saturating_sub(3).max(sent.first)..v).any(|i| matches!(w(i), "not" | "never" | "n't")) {
        return Vec::new();
    }
    let Some(speaker) = subject_before(text, lex, slots, sent.first, v) else {
        return Vec::new();
    };
    // the characterized: a name right after the verb, or a noun of an act
    let mut k = v + 1;
    while k < sent.last
        && matches!(
            w(k),
            "the" | "this" | "that" | "its" | "their" | "his" | "her" | "it"
        )
    {
        k += 1;
    }
    let named = slots
        .iter()
        .find(|o| o.first > v && o.first <= v + 2 && !o.weak || o.first == v + 1);
    let noun = cue(lex, text, k);
    let act = matches!(noun, "act" | "measure" | "suit" | "document") || w(v + 1) == "it";
    let from = named.map_or(k + 1, |o| o.last);
    let Some((end, cue_at, predicate)) = judgement(text, lex, from, 14, sent.last) else {
        return Vec::new();
    };
    let agent = (from..end).find(|&i| w(i) == "by").and_then(|b| {
        slots
            .iter()
            .find(|o| o.first > b && o.first <= b + 2 && !o.weak)
    });
    let target = match (agent, named) {
        (Some(a), _) => Some(a.entity),
        (None, Some(o)) if is_actor_kind(o.kind) => Some(o.entity),
        (None, _) if act => {
            let since = text.sentences[s.saturating_sub(ACT_REACH)].first;
            let last = earlier
                .starting_in(since, v)
                .into_iter()
                .rev()
                .find(|f| f.predicate.is_event() && f.subject != speaker.entity);
            // a measure under suit is the defendant's ("… sued; Newsom called the order
            // illegal"), any other act its actor's
            last.map(|f| match f.objects.first() {
                Some(&o) if noun == "measure" && f.predicate == Predicate::Sues => o,
                _ => f.subject,
            })
        }
        _ => None,
    };
    let Some(target) = target.filter(|&t| t != speaker.entity) else {
        return Vec::new();
    };
    let rule = match predicate {
        Predicate::Criticizes => "criticizes-characterized",
        _ => "accuses-characterized",
    };
    vec![found(
        speaker.entity,
        predicate,
        vec![target],
        speaker.first.min(v),
        cue_at + 1,
        rule,
    )]
}

/// "The complaint names X, Y and Z as defendants", "the suit names as defendants X and Y".
fn defendants(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    earlier: &Earlier<'_>,
    suit_here: &[&Found],
    s: usize,
    d: usize,
) -> Vec<Found> {
    let sent = text.sentences[s];
    let w = |i: usize| text.lower(i);
    // "as (the) defendant(s)"
    let mut a = d;
    while a > sent.first && matches!(w(a - 1), "the" | "a" | "co" | "co-") {
        a -= 1;
    }
    if a == sent.first || w(a - 1) != "as" {
        return Vec::new();
    }
    let as_at = a - 1;
    // the verb "name(s/d)" before
    let Some(n) = (sent.first..as_at).rev().take(40).find(|&i| {
        matches!(
            w(i),
            "name" | "names" | "named" | "naming" | "list" | "lists" | "listed" | "listing"
        )
    }) else {
        return Vec::new();
    };
    // the named: between the verb and "as", or after "as defendants"
    let first_slot = slots
        .iter()
        .find(|o| o.first > n && o.last <= as_at && o.first <= n + 5)
        .or_else(|| slots.iter().find(|o| o.first > d && o.first <= d + 4));
    let Some(first_slot) = first_slot else {
        return Vec::new();
    };
    let objects = crate::coord::following(text, lex, slots, first_slot).0;
    let plaintiffs: Vec<usize> = match subject_before(text, lex, slots, sent.first, n) {
        Some(p) => vec![p.entity],
        None if !suit_here.is_empty() => suit_here.iter().map(|f| f.subject).collect(),
        None => plaintiffs(text, lex, slots, earlier, suit_here, s, n),
    };
    plaintiffs
        .into_iter()
        .map(|p| {
            let mut objects = objects.clone();
            objects.retain(|&o| o != p);
            found(
                p,
                Predicate::Sues,
                objects,
                n,
                d + 1,
                "sues-named-defendants",
            )
        })
        .filter(|f| !f.objects.is_empty())
        .collect()
}

/// "X joined Y in a lawsuit against Z": X sues Z too; "X joined the lawsuit": X sues whom the
/// last suit sued.
fn joins(
    text: &Text,
    slots: &[Slot],
    earlier: &Earlier<'_>,
    suit_here: &[&Found],
    s: usize,
    j: usize,
) -> Vec<Found> {
    let sent = text.sentences[s];
    let Some(joiner) = slots
        .iter()
        .rev()
        .find(|o| o.last <= j && o.last + 4 >= j && !o.weak && is_actor_kind(o.kind))
        .filter(|o| !(o.last..j).any(|i| matches!(text.tok(i), "," | "(" | ")")))
    else {
        return Vec::new();
    };
    let after: Vec<&Found> = suit_here.iter().copied().filter(|f| f.first > j).collect();
    if after.iter().any(|f| f.predicate == Predicate::Sues) {
        return after
            .iter()
            .filter(|f| f.subject != joiner.entity && !f.objects.contains(&joiner.entity))
            .map(|f| {
                found(
                    joiner.entity,
                    f.predicate,
                    f.objects.clone(),
                    joiner.first,
                    f.last,
                    "joins-suit",
                )
            })
            .collect();
    }
    let suit_next = (j + 1..(j + 5).min(sent.last)).any(|i| {
        matches!(
            text.lower(i),
            "lawsuit" | "suit" | "case" | "challenge" | "complaint"
        )
    });
    if !suit_next {
        return Vec::new();
    }
    let mut objects: Vec<usize> = last_suit(text, earlier, s)
        .iter()
        .flat_map(|f| f.objects.clone())
        .collect();
    objects.sort_unstable();
    objects.dedup();
    objects.retain(|&o| o != joiner.entity);
    if objects.is_empty() {
        return Vec::new();
    }
    vec![found(
        joiner.entity,
        Predicate::Sues,
        objects,
        joiner.first,
        (j + 2).min(sent.last),
        "sues-joins-suit",
    )]
}

/// "The lawsuit against X and Y" with no plaintiff in the sentence: the plaintiffs of the suit
/// the text reported last.
fn suit_against(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    earlier: &Earlier<'_>,
    suit_here: &[&Found],
    s: usize,
    n: usize,
) -> Vec<Found> {
    let sent = text.sentences[s];
    if n == sent.first
        || n + 2 >= sent.last
        || text.lower(n + 1) != "against"
        || !matches!(text.lower(n - 1), "the" | "this" | "that" | "its" | "their")
    {
        return Vec::new();
    }
    let Some(first) = slots
        .iter()
        .find(|o| o.first > n + 1 && o.first <= n + 3 && is_actor_kind(o.kind))
    else {
        return Vec::new();
    };
    let objects = crate::coord::following(text, lex, slots, first).0;
    if suit_here
        .iter()
        .any(|f| objects.iter().any(|o| f.objects.contains(o)))
    {
        return Vec::new(); // the trigger pass found the suit with its plaintiff
    }
    let mut plaintiffs: Vec<usize> = last_suit(text, earlier, s)
        .iter()
        .map(|f| f.subject)
        .collect();
    plaintiffs.dedup();
    plaintiffs
        .into_iter()
        .filter(|p| !objects.contains(p))
        .map(|p| {
            found(
                p,
                Predicate::Sues,
                objects.clone(),
                n,
                first.last,
                "sues-the-suit-against",
            )
        })
        .collect()
}

/// "Jim Brown, a longtime Smith critic, said …", "Sen. Ana Ruiz, an outspoken critic of the
/// agency, …": one described in apposition as a critic (data/cues.tsv class critic) of Y
/// criticizes Y.
fn critic_in_apposition(text: &Text, slots: &[Slot], s: usize, n: usize) -> Vec<Found> {
    let sent = text.sentences[s];
    let target = if n + 2 < sent.last && text.lower(n + 1) == "of" {
        slots.iter().find(|o| o.first > n + 1 && o.first <= n + 3)
    } else {
        slots.iter().find(|o| o.last == n)
    };
    let comma = (n.saturating_sub(6).max(sent.first)..n)
        .rev()
        .find(|&i| text.tok(i) == ",");
    let (Some(target), Some(comma)) = (target, comma) else {
        return Vec::new();
    };
    let holder = slots
        .iter()
        .find(|o| o.last == comma && is_actor_kind(o.kind));
    match holder {
        Some(h)
            if matches!(text.lower(comma + 1), "a" | "an")
                && (target.first > comma)
                && is_actor_kind(target.kind)
                && h.entity != target.entity =>
        {
            vec![found(
                h.entity,
                Predicate::Criticizes,
                vec![target.entity],
                h.first,
                n + 1,
                "criticizes-critic-apposition",
            )]
        }
        _ => Vec::new(),
    }
}

/// "X sent Y a letter", "X sent the council a two-page memo": X writes to Y.
fn sends_document(text: &Text, lex: &Lexicon, slots: &[Slot], s: usize, v: usize) -> Vec<Found> {
    let sent = text.sentences[s];
    let Some(writer) = subject_before(text, lex, slots, sent.first, v) else {
        return Vec::new();
    };
    let Some(to) = slots
        .iter()
        .find(|o| o.first > v && o.first <= v + 3 && is_actor_kind(o.kind))
        .filter(|o| {
            (v + 1..o.first)
                .all(|i| matches!(text.lower(i), "the" | "its" | "their" | "his" | "her"))
        })
    else {
        return Vec::new();
    };
    let doc = (to.last..(to.last + 5).min(sent.last)).find(|&i| cue(lex, text, i) == "document");
    let Some(d) = doc else {
        return Vec::new();
    };
    if (to.last..d).any(|i| matches!(text.tok(i), "," | "." | ";")) || writer.entity == to.entity {
        return Vec::new();
    }
    vec![found(
        writer.entity,
        Predicate::WritesTo,
        vec![to.entity],
        writer.first,
        d + 1,
        "writesTo-sent-document",
    )]
}
