//! What the clause around a trigger and the sentences before it supply to the trigger pass of
//! `relations.rs`: the plaintiffs behind "the states", the subject of a verb coordinated by
//! "and", the subject after a fronted "In a letter to X,", the person in apposition to a
//! possessed office, the court behind "the decision", and the target of a noun governing a verb.

use newsgraph_model::{EntityType, Polarity, Predicate};

use super::{act_author, in_apposition, is_negator, is_oblique, judges_acts, lower, Found, Slot};
use crate::lexicon::{Lexicon, Target, Trigger};
use crate::resolve::Resolved;
use crate::text::Text;

/// "the county's refusal to honor ICE detainers": a noun governing a verb (`target_from` past
/// `tl`) finds its target where the verb's object stands.
pub(super) fn governing_noun(trig: &Trigger, tl: usize, target_from: usize) -> Option<Trigger> {
    (!trig.verb && target_from > tl).then(|| Trigger {
        target: Target::Obj,
        ..trig.clone()
    })
}

/// The author of an act a verb of judging names instead of a name, and the rule's suffix:
/// "praised the decision", "denounced the ruling" — the court (`around.judge`); "condemned the
/// move", "derided the threat" — the actor of the last act reported.
pub(super) fn author_of_act(
    text: &Text,
    lex: &Lexicon,
    trig: &Trigger,
    around: Around,
    acts: (&[Found], &[Found]),
    target_from: usize,
    actor: Option<usize>,
) -> Option<(Vec<usize>, &'static str)> {
    if let Some(j) = around
        .judge
        .filter(|&j| Some(j) != actor && ruling_noun_at(text, lex, target_from))
    {
        return Some((vec![j], "-ruling-author"));
    }
    if trig.predicate == Predicate::Refuses {
        return refused_author(text, lex, acts, target_from, actor?);
    }
    if !judges_acts(trig.predicate) {
        return None;
    }
    act_author(text, lex, acts, target_from, actor).map(|a| (vec![a], "-act-author"))
}

/// How many sentences back "the case" a court refuses may have been reported as a suit.
const CASE_REACH: usize = 10;

/// The author of what a refusal names instead of a name ("dismissed the case", "declined to
/// hear the appeal", "rejected the request", "overrode the vetoes", "called off a meeting"):
/// of a suit or a case (data/cues.tsv classes suit and case), the plaintiff of the last suit
/// reported; of a meeting (class meeting), the other party of the actor's last meeting; of an
/// act or a document (classes act, document), whoever last asked something of the refuser,
/// else the actor of the last act reported.
fn refused_author(
    text: &Text,
    lex: &Lexicon,
    (history, here): (&[Found], &[Found]),
    target_from: usize,
    actor: usize,
) -> Option<(Vec<usize>, &'static str)> {
    // a trigger that ends the text has no object
    let last = text.sentences.get(text.sentence_of(target_from))?.last;
    let mut k = target_from;
    // "declined to hear the case"
    if k + 1 < last && lower(text, k) == "to" {
        k += 2;
    }
    while k < last
        && matches!(
            lower(text, k),
            "the" | "this" | "that" | "its" | "their" | "a"
        )
    {
        k += 1;
    }
    // one adjective may come between: "the same memorandum", "the federal lawsuit"
    let class = |i: usize| {
        (i < last)
            .then(|| lex.cues.get(lower(text, i)))
            .flatten()
            .map(String::as_str)
    };
    let noun = [k, k + 1].into_iter().find(|&i| {
        matches!(
            class(i),
            Some("suit" | "case" | "act" | "document" | "meeting")
        ) && (i == k || text.tok(k).starts_with(char::is_lowercase))
    })?;
    if noun == target_from {
        return None; // "rejected requests from …": a bare noun names its author after it
    }
    if class(noun) == Some("meeting") {
        // "called off a meeting": the other party of the last meeting of the actor
        return history
            .iter()
            .chain(here)
            .rev()
            .filter(|f| f.predicate == Predicate::MeetsWith)
            .find_map(|f| match f.subject == actor {
                true => f.objects.first().copied(),
                false => f.objects.contains(&actor).then_some(f.subject),
            })
            .map(|p| (vec![p], "-meeting-party"));
    }
    if matches!(class(noun), Some("act" | "document")) {
        return super::last_act_on(actor, history, here)
            .or_else(|| act_author(text, lex, (history, here), target_from, Some(actor)))
            .map(|a| (vec![a], "-act-author"));
    }
    let plaintiffs = last_plaintiffs(text, (history, here), target_from, actor);
    (!plaintiffs.is_empty()).then_some((plaintiffs, "-case-plaintiff"))
}

/// The plaintiffs of the last suit reported up to `CASE_REACH` sentences before token `at`
/// (each actor of that sentence's suit against the same defendants), other than `actor`.
pub(super) fn last_plaintiffs(
    text: &Text,
    (history, here): (&[Found], &[Found]),
    at: usize,
    actor: usize,
) -> Vec<usize> {
    let s = text.sentence_of(at);
    let since = text.sentences[s.saturating_sub(CASE_REACH)].first;
    let suits = || {
        history
            .iter()
            .chain(here)
            .rev()
            .take_while(|f| f.first >= since)
            .filter(|f| f.predicate == Predicate::Sues && f.subject != actor)
    };
    let Some(last) = suits().next() else {
        return Vec::new();
    };
    let sentence = text.sentence_of(last.first);
    let mut out: Vec<usize> = suits()
        .filter(|f| text.sentence_of(f.first) == sentence && f.objects == last.objects)
        .map(|f| f.subject)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether `actor` is named in this sentence as a court or a judge (words.tsv class court, in
/// its name or the word before it: "the appeals court", "Judge Ana Reyes").
pub(super) fn is_court(text: &Text, lex: &Lexicon, slots: &[Slot], actor: usize) -> bool {
    slots.iter().any(|o| {
        o.entity == actor
            && (o.first.saturating_sub(1)..o.last).any(|i| lex.words.court.contains(lower(text, i)))
    })
}

/// The actors coordinated with the actor's slot: for a subject after a fronted phrase
/// (`fronted`, "In a letter to X, A and B said") the rest of its list, with the targets cut
/// to those named before it; else the list ending with the actor ("New Jersey and Maryland
/// sued").
pub(super) fn co_actors(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    (actor_slot, fronted): (Option<&Slot>, Option<&Slot>),
    (target_from, clause_start): (usize, usize),
    objects: &mut Vec<usize>,
) -> Vec<usize> {
    if let Some(a) = fronted {
        objects.retain(|&o| {
            slots
                .iter()
                .any(|s| s.entity == o && s.first >= target_from && s.first < a.first)
        });
        return crate::coord::following(text, lex, slots, a).0[1..].to_vec();
    }
    actor_slot
        .map(|a| crate::coord::preceding(text, lex, slots, a, clause_start))
        .unwrap_or_default()
}

/// Complying with a law, or defying it, is no act towards anyone ("ordered the chief to comply
/// with SB 4"): the policies among the targets of those acts go.
pub(super) fn drop_laws(predicate: Predicate, slots: &[Slot], objects: &mut Vec<usize>) {
    if matches!(predicate, Predicate::CooperatesWith | Predicate::Refuses) {
        objects.retain(|&o| {
            !slots
                .iter()
                .any(|s| s.entity == o && s.kind == EntityType::Policy)
        });
    }
}

/// What the sentences before supply to a trigger: the subject of the sentence before, and the
/// court or judge whose act "the decision" is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Around {
    pub(super) prev_subject: Option<usize>,
    pub(super) judge: Option<usize>,
}

/// The court or judge that acted last, in sentence `s` or the `ACT_REACH` before it.
pub(super) fn last_ruling(
    text: &Text,
    r: &Resolved,
    history: &[Found],
    here: &[Found],
    s: usize,
) -> Option<usize> {
    super::last_event_subject(text, history, here, s, |f| {
        is_judicial(&r.entities[f.subject])
    })
}

/// The court or judge the article names most, when it names one at least twice: whose
/// decision an article about a ruling discusses.
pub(super) fn main_judge(r: &Resolved) -> Option<usize> {
    let counts = r.mention_counts();
    (0..r.entities.len())
        .filter(|&e| counts[e] >= 2 && is_judicial(&r.entities[e]))
        .max_by_key(|&e| (counts[e], std::cmp::Reverse(e)))
}

/// True for a court ("Court", "Circuit", "Tribunal" in its name) or a person titled judge or
/// justice.
pub(super) fn is_judicial(e: &crate::resolve::DocEntity) -> bool {
    match e.kind {
        EntityType::Agency => ["Court", "Circuit", "Tribunal"]
            .iter()
            .any(|w| e.label.contains(w)),
        EntityType::Person => e
            .titles
            .iter()
            .any(|t| t.contains("judge") || t.contains("justice")),
        _ => false,
    }
}

/// How many sentences back "the states" may find the suit whose plaintiffs they are: a news
/// article names the suit in its lede and what the states ask far down.
pub(super) const SUIT_REACH: usize = 30;

/// "The states asked the court …", "Both counties argue …": when the clause's subject (from
/// `from` up to the verb group at `k`) is a noun of the parties to a suit (data/cues.tsv class
/// party), the plaintiffs of the last suit reported in the sentences before: the first and the
/// others.
pub(super) fn suit_parties(
    text: &Text,
    lex: &Lexicon,
    history: &[Found],
    from: usize,
    k: usize,
) -> Option<(usize, Vec<usize>)> {
    if k <= from || crate::clauses::cue(lex, text, k - 1) != "party" {
        return None;
    }
    // "the states", "both states", "the two counties", "the plaintiff states"
    let subject_words = (from..k - 1).all(|i| {
        matches!(
            lower(text, i),
            "the" | "both" | "all" | "two" | "three" | "four" | "five"
        ) || crate::clauses::cue(lex, text, i) == "party"
    });
    if !subject_words {
        return None;
    }
    let s = text.sentence_of(from);
    let since = text.sentences[s.saturating_sub(SUIT_REACH)].first;
    let last = history
        .iter()
        .rev()
        .take_while(|f| f.first >= since)
        .find(|f| f.predicate == Predicate::Sues && f.polarity == Polarity::Positive)?;
    let sent = text.sentence_of(last.first);
    let mut plaintiffs: Vec<usize> = history
        .iter()
        .filter(|f| f.predicate == Predicate::Sues && text.sentence_of(f.first) == sent)
        .map(|f| f.subject)
        .collect();
    plaintiffs.dedup();
    let first = plaintiffs.remove(0);
    plaintiffs.retain(|&p| p != first);
    Some((first, plaintiffs))
}

/// True when the words from `k` are a definite noun of a court's act: "the decision", "that
/// ruling", "the verdict" (words.tsv class ruling).
pub(super) fn ruling_noun_at(text: &Text, lex: &Lexicon, k: usize) -> bool {
    let last = text.tokens.len();
    k + 1 < last
        && matches!(lower(text, k), "the" | "this" | "that" | "its")
        && lex.words.ruling.contains(lower(text, k + 1))
        && !(k + 2 < last && matches!(lower(text, k + 2), "of" | "to" | "'s"))
}

/// "met Iceland's prime minister, Katrín Jakobsdóttir", "wrote to Cameron's predecessor, James
/// Cleverly": the person named in apposition to what `o` possesses, if any, else `o`.
pub(super) fn possessed_person<'s>(text: &Text, slots: &'s [Slot], o: &'s Slot) -> &'s Slot {
    if o.last >= text.tokens.len() || text.tok(o.last) != "'s" {
        return o;
    }
    // one to four lower-case words of a role, then a comma and the person
    let comma = (o.last + 2..(o.last + 6).min(text.tokens.len())).find(|&i| text.tok(i) == ",");
    let Some(comma) = comma else {
        return o;
    };
    let role = (o.last + 1..comma).all(|i| {
        let w = text.tok(i);
        w.chars().all(|c| c.is_lowercase() || c == '-')
    });
    slots
        .iter()
        .find(|n| role && n.first == comma + 1 && n.kind == EntityType::Person && !n.weak)
        .unwrap_or(o)
}

/// "In a letter to the EPA, Colorado officials asked …", "In a letter to Ann Lee, the state's
/// secretary, Lord Cameron said …", "In a letter to X, A, B and C said …": the subject after
/// the fronted phrase — after one of its first three commas, the first list of names that a
/// verb follows (not a possessor, not a list going on with a comma). The subject slot is the
/// person a title names ("acting ICE Director Matt Albence").
pub(super) fn fronted_subject<'s>(
    text: &Text,
    lex: &Lexicon,
    slots: &'s [Slot],
    tl: usize,
    first: usize,
    last: usize,
) -> Option<&'s Slot> {
    let commas = (tl..last).filter(|&i| text.tok(i) == ",").take(3);
    for comma in commas {
        let Some(o) = slots.iter().find(|o| {
            o.first > comma
                && o.first <= comma + 3
                && !is_oblique(text, lex, o, first)
                && !(o.last < last && text.tok(o.last) == "'s")
        }) else {
            continue;
        };
        let members = crate::coord::following(text, lex, slots, o).0;
        let member_slot = |e: usize| slots.iter().find(|n| n.entity == e && n.first >= o.first);
        let (Some(head), Some(tail)) = (
            members.first().and_then(|&e| member_slot(e)),
            members.last().and_then(|&e| member_slot(e)),
        ) else {
            continue;
        };
        let tail_end = slots
            .iter()
            .filter(|n| n.entity == tail.entity && n.first >= tail.first)
            .map(|n| n.last)
            .next()
            .unwrap_or(tail.last);
        if tail_end < last && matches!(text.tok(tail_end), "," | "'s" | ")") {
            continue;
        }
        return Some(head);
    }
    None
}

/// "James told the court that the pact was binding, and accused New Jersey of …": a verb
/// coordinated by "and" with no subject of its own shares the subject of the clause's first
/// verb — the first actor named near the clause's start that is no oblique, credit or
/// apposition — not the last name before it, which belongs to the first verb's object or
/// complement.
pub(super) fn coordinated_verb_subject<'s>(
    text: &Text,
    lex: &Lexicon,
    slots: &'s [Slot],
    before: &[&'s Slot],
    t: usize,
    first: usize,
) -> Option<&'s Slot> {
    let w = |i: usize| lower(text, i);
    let mut k = t;
    while k > first
        && (lex.words.skippable.contains(w(k - 1)) && w(k - 1) != "to" || is_negator(lex, w(k - 1)))
    {
        k -= 1;
    }
    // "dismissed the charge against the mayor and used the hearing to lecture …": an
    // infinitive of purpose shares the subject of the coordinated verb that governs it
    if k > first && w(k - 1) == "to" {
        let and = (k.saturating_sub(8).max(first)..k - 1).rev().find(|&j| {
            w(j) == "and"
                && text.tok(j + 1).chars().all(|c| c.is_ascii_lowercase())
                && !slots.iter().any(|o| o.first > j && o.first < k)
        });
        if let Some(j) = and {
            k = j + 1;
        }
    }
    // (a participle in a chain, "sent a letter demanding … and threatening …", shares the act
    // before it: `from_context`)
    if k <= first || w(k - 1) != "and" || w(t).ends_with("ing") {
        return None;
    }
    let start = before.first().map_or(first, |o| o.first.min(first + 8));
    let subject = before.iter().find(|o| {
        o.first < start.max(first) + 8
            && crate::clauses::is_actor_kind(o.kind)
            && !crate::coord::is_credit(text, o)
            && !crate::coord::is_dateline(text, o, first)
            && !is_oblique(text, lex, o, first)
            && !in_apposition(text, slots, o)
    })?;
    // "Conservative MSP Donald Cameron": the person the title names; "Ryan and Rollins went
    // to court and sued": the last of a list (the others are gathered before it)
    let members = crate::coord::following(text, lex, slots, subject).0;
    let last = *members.last()?;
    before.iter().rev().find(|o| o.entity == last).copied()
}
