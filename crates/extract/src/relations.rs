//! Relations: trigger words of `data/triggers.tsv` applied over the clause around them
//! (active and passive voice, nominal triggers, coordinated targets, participial clauses that
//! share their actor and target, negation and modality).

use newsgraph_model::{EntityType, Modality, Polarity, Predicate};

use crate::gazetteer::Gazetteer;
use crate::lexicon::{Lexicon, Target, Trigger};
use crate::resolve::{Mention, Referrer, Resolved};
use crate::text::Text;

mod context;
use context::{
    coordinated_verb_subject, fronted_subject, last_ruling, main_judge, suit_parties, Around,
};

/// A relation found in the text, before it is written out.
#[derive(Debug, Clone)]
pub struct Found {
    /// Actor entity.
    pub subject: usize,
    /// Predicate.
    pub predicate: Predicate,
    /// Target entities (several for a coordinated object).
    pub objects: Vec<usize>,
    /// Token range of the evidence.
    pub first: usize,
    /// One past the last evidence token.
    pub last: usize,
    /// Polarity.
    pub polarity: Polarity,
    /// Modality.
    pub modality: Modality,
    /// The rule that found it.
    pub rule: String,
    /// Confidence.
    pub confidence: f32,
    /// Actors coordinated with the subject ("New Jersey and Maryland sued …").
    pub co_subjects: Vec<usize>,
    /// The first token of the target, when the target was found after the trigger.
    pub target_at: Option<usize>,
}

/// An entity reference in a sentence: a mention, or a pronoun or role noun resolved to one.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub last: usize,
    /// The entity.
    pub entity: usize,
    /// True for pronouns and role nouns.
    pub weak: bool,
    /// The entity's type.
    pub kind: EntityType,
}

/// The slots of sentence `s`.
pub fn slots(text: &Text, gaz: &Gazetteer, lex: &Lexicon, r: &Resolved, s: usize) -> Vec<Slot> {
    slots_of(
        text,
        r,
        &mut Referrer::new(text, gaz, lex, r),
        s,
        r.mentions.iter(),
    )
}

/// The slots of every sentence, in time linear in the document: each sentence sees only its
/// own mentions.
pub fn all_slots(text: &Text, gaz: &Gazetteer, lex: &Lexicon, r: &Resolved) -> Vec<Vec<Slot>> {
    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); text.sentences.len()];
    for (i, m) in r.mentions.iter().enumerate() {
        if let Some(list) = by_sentence.get_mut(text.sentence_of(m.first)) {
            list.push(i);
        }
    }
    let mut referrer = Referrer::new(text, gaz, lex, r);
    by_sentence
        .iter()
        .enumerate()
        .map(|(s, list)| {
            slots_of(
                text,
                r,
                &mut referrer,
                s,
                list.iter().map(|&i| &r.mentions[i]),
            )
        })
        .collect()
}

fn slots_of<'m>(
    text: &Text,
    r: &Resolved,
    referrer: &mut Referrer,
    s: usize,
    mentions: impl Iterator<Item = &'m Mention>,
) -> Vec<Slot> {
    let sent = text.sentences[s];
    let mut out: Vec<Slot> = mentions
        .filter(|m| m.first >= sent.first && m.last <= sent.last)
        .map(|m| Slot {
            first: m.first,
            last: m.last,
            entity: m.entity,
            weak: false,
            kind: r.entities[m.entity].kind,
        })
        .collect();
    // the tokens inside a name (a role noun or pronoun found below is skipped past whole)
    let mut named = vec![false; sent.last - sent.first];
    for o in &out {
        named[o.first - sent.first..o.last - sent.first].fill(true);
    }
    let mut t = sent.first;
    while t < sent.last {
        if named[t - sent.first] {
            t += 1;
            continue;
        }
        if let Some((e, n)) = referrer.refer(t) {
            out.push(Slot {
                first: t,
                last: t + n,
                entity: e,
                weak: true,
                kind: r.entities[e].kind,
            });
            t += n;
        } else {
            t += 1;
        }
    }
    out.sort_by_key(|o| o.first);
    out
}

fn lower<'t>(text: &'t Text, i: usize) -> &'t str {
    text.lower(i)
}

fn is_negator(lex: &Lexicon, w: &str) -> bool {
    lex.words.negator.contains(w) || w.ends_with("n't")
}

/// True when the slot is the object of a preposition or a possessive modifier.
fn is_oblique(text: &Text, lex: &Lexicon, slot: &Slot, first: usize) -> bool {
    let mut k = slot.first;
    while k > first {
        let w = lower(text, k - 1);
        if matches!(
            w,
            "the"
                | "a"
                | "an"
                | "its"
                | "his"
                | "her"
                | "their"
                | "senior"
                | "acting"
                | "top"
                | "federal"
                | "state"
                | "local"
        ) {
            k -= 1;
            continue;
        }
        // "City officials in Denver", "leaders of the county": the people of the place act
        if matches!(w, "in" | "of" | "for" | "from" | "at")
            && k >= first + 2
            && lex.words.people_noun.contains(lower(text, k - 2))
        {
            return false;
        }
        // "the city of Portland", "the state of Washington": the place itself; "a panel of
        // the court": the court
        if w == "of"
            && k >= first + 2
            && (lex.words.place_noun.contains(lower(text, k - 2))
                || lex.words.member_noun.contains(lower(text, k - 2)))
        {
            return false;
        }
        return lex.words.preposition.contains(w);
    }
    false
}

fn in_apposition(text: &Text, slots: &[Slot], slot: &Slot) -> bool {
    // "Henry Lucero, a senior ICE official, told ...": the slot sits between commas after a name
    let mut k = slot.first;
    while k > 0 && text.tok(k - 1) != "," && k + 6 > slot.first {
        k -= 1;
    }
    k > 0 && text.tok(k - 1) == "," && slots.iter().any(|o| o.last + 1 == k && r_person(text, o))
}

/// From the start `o` of a target slot, walks back over "the request from (the)" to the token
/// where the object phrase starts, if there is one after `from`.
fn skip_object_noun(text: &Text, lex: &Lexicon, from: usize, o: usize) -> usize {
    let w = |i: usize| text.lower(i);
    let mut k = o;
    while k > from && matches!(w(k - 1), "the" | "a" | "an") {
        k -= 1;
    }
    if k >= from + 2 && matches!(w(k - 1), "from" | "by" | "of" | "with" | "to" | "in") {
        let mut j = k - 2;
        // "the detainer issued by ICE"
        if j > from && matches!(w(j), "issued" | "sent" | "lodged" | "filed" | "served") {
            j -= 1;
        }
        if lex.words.object_noun.contains(w(j)) {
            return j;
        }
    }
    o
}

/// True when token `i` is a title word ("Mayor", "Gov.", "Sheriff").
fn is_title_word(text: &Text, i: usize) -> bool {
    matches!(
        text.lower(i).trim_end_matches('.'),
        "mayor"
            | "gov"
            | "governor"
            | "sheriff"
            | "sen"
            | "senator"
            | "rep"
            | "commissioner"
            | "chief"
            | "councilman"
            | "councilwoman"
            | "director"
            | "secretary"
            | "attorney"
            | "general"
            | "executive"
            | "judge"
            | "official"
            | "officials"
            | "police"
            | "county"
            | "city"
            | "state"
            | "acting"
            | "former"
    )
}

fn r_person(_text: &Text, o: &Slot) -> bool {
    o.kind == EntityType::Person
}

/// Finds the relations of every sentence.
pub fn find(
    text: &Text,
    lex: &Lexicon,
    r: &Resolved,
    quoted: &[(usize, usize)],
    excluded: &dyn Fn(usize) -> bool,
    slot_cache: &[Vec<Slot>],
) -> Vec<Found> {
    // whether a byte lies inside a quotation: the quotations by start, and the furthest end
    // of those starting at or before each
    let mut quoted = quoted.to_vec();
    quoted.sort_unstable();
    let reach: Vec<usize> = quoted
        .iter()
        .scan(0, |m, &(_, b)| {
            *m = b.max(*m);
            Some(*m)
        })
        .collect();
    let in_quote = |x: usize| {
        let n = quoted.partition_point(|&(a, _)| a <= x);
        n > 0 && reach[n - 1] > x
    };
    let mut out = Vec::new();
    let mut prev_subject: Option<usize> = None;
    let main_judge = main_judge(r);
    for s in 0..text.sentences.len() {
        let sent = text.sentences[s];
        if excluded(sent.start) {
            continue;
        }
        let slots: &[Slot] = slot_cache.get(s).map_or(&[], Vec::as_slice);
        let words: Vec<&str> = (sent.first..sent.last).map(|i| lower(text, i)).collect();
        let mut found_here: Vec<Found> = Vec::new();
        let mut governed = vec![false; sent.last - sent.first];
        let mut t = sent.first;
        while t < sent.last {
            let Some(trig) = match_trigger(lex, &words, t - sent.first) else {
                t += 1;
                continue;
            };
            let tl = t + trig.words.len();
            let letter = trig.predicate == Predicate::WritesTo && !trig.verb;
            if slots.iter().any(|o| !o.weak && o.first <= t && t < o.last)
                || governed[t - sent.first] && !letter
            {
                t = tl;
                continue;
            }
            let required_at = (tl..(tl + 10).min(sent.last))
                .find(|&k| trig.requires.iter().any(|w| *w == lower(text, k)));
            if !trig.requires.is_empty() && required_at.is_none() {
                t = tl;
                continue;
            }
            // "refused to honor", "threatening to yank", "Cook County's refusal to honor": the
            // governing verb or noun takes the inner verb's target
            let mut target_from = tl;
            if tl + 1 < sent.last && text.tok(tl) == "to" {
                if let Some(inner) = match_trigger(lex, &words, tl + 1 - sent.first) {
                    if inner.verb {
                        for k in tl + 1..tl + 1 + inner.words.len() {
                            if k < sent.last {
                                governed[k - sent.first] = true;
                            }
                        }
                        target_from = tl + 1 + inner.words.len();
                    }
                }
            }
            let around = Around {
                prev_subject,
                judge: last_ruling(text, r, &out, &found_here, s).or(main_judge),
            };
            if let Some(f) = apply(
                text,
                lex,
                trig,
                slots,
                t,
                tl,
                target_from,
                sent.first,
                sent.last,
                &found_here,
                around,
                &out,
            ) {
                // the words between a trigger and its target are its object ("cut grant
                // funding to", "pulled out of a meeting with"): no trigger of their own
                // (a refusal whose target is the author of its object: the object, "called
                // off a meeting", "rejected the request", up to three words, is no act of its
                // own)
                let by_object = ["-act-author", "-meeting-party", "-case-plaintiff"]
                    .iter()
                    .any(|how| f.rule.contains(how));
                let object_end = match f.target_at {
                    None if f.predicate == Predicate::Refuses && by_object => target_from + 3,
                    _ => tl,
                };
                let upto = f
                    .target_at
                    .unwrap_or(tl)
                    .max(object_end)
                    .max(required_at.map_or(tl, |k| k + 1));
                for k in tl..upto.min(sent.last) {
                    governed[k - sent.first] = true;
                }
                found_here.push(f);
            }
            t = tl;
        }
        // coordinated actors act each on their own
        let mut expanded = Vec::new();
        for f in found_here {
            for &a in &f.co_subjects {
                if !f.objects.contains(&a) {
                    let mut g = f.clone();
                    g.subject = a;
                    g.co_subjects.clear();
                    expanded.push(g);
                }
            }
            expanded.push(f);
        }
        let mut found_here = expanded;
        // reported speech and quotations
        for f in &mut found_here {
            if in_quote(text.tokens[f.first].start) && f.modality == Modality::Asserted {
                f.modality = Modality::Reported;
            }
        }
        prev_subject = slots
            .iter()
            .find(|o| {
                !is_oblique(text, lex, o, sent.first)
                    && o.first < sent.first + 8
                    && matches!(
                        r.entities[o.entity].kind,
                        EntityType::Person | EntityType::Agency | EntityType::Jurisdiction
                    )
            })
            .map(|o| o.entity);
        out.extend(found_here);
    }
    out
}

/// The trigger at word `i`. A form that is both a verb and a noun ("subpoenas", "requests")
/// is read as a noun after a determiner, a number, an adjective of kind or a verb that takes
/// documents ("sent similar subpoenas"), and as a verb otherwise.
fn match_trigger<'l>(lex: &'l Lexicon, words: &[&str], i: usize) -> Option<&'l Trigger> {
    let list = lex.triggers.get(words[i])?;
    // a row that requires a word ("gave … a win", "gave … $5 million") is one only where
    // that word follows within ten words
    let mut matching = list.iter().filter(|t| {
        let tl = i + t.words.len();
        words.len() >= tl
            && words[i..tl] == t.words[..]
            && (t.requires.is_empty()
                || words[tl..(tl + 10).min(words.len())]
                    .iter()
                    .any(|w| t.requires.iter().any(|r| r == w)))
    });
    let first = matching.next()?;
    let prev = if i > 0 { words[i - 1] } else { "" };
    let Some(other) = matching.find(|t| t.verb != first.verb) else {
        // a verb form after a determiner or a possessive is a noun ("the arrests", "the
        // governor's demands"); after a preposition, a gerund without a subject ("excludes
        // agencies from sharing information with ICE")
        // an -ing form after a number too: "the 2020 ruling for", "a 2019 meeting with"
        let number = prev.starts_with(|c: char| c.is_ascii_digit());
        if first.verb
            && (lex.words.determiner.contains(prev)
                || prev.ends_with("'s")
                || words[i].ends_with("ing")
                    && (number
                        || matches!(prev, "from" | "of" | "about" | "without" | "against" | "by")))
        {
            return None;
        }
        return Some(first);
    };
    let noun_context = i == 0
        || lex.words.noun_context.contains(prev)
        || prev.chars().next().is_some_and(|c| c.is_ascii_digit())
        || prev.ends_with("'s")
        || (prev.ends_with("ed") || lex.words.document_verb.contains(prev))
            && !lex.words.be.contains(prev);
    let (noun, verb) = if first.verb {
        (other, first)
    } else {
        (first, other)
    };
    Some(if noun_context { noun } else { verb })
}

/// True when the words right before the verb group starting at `k` are a common noun that is
/// not an entity ("how police work with", "jurisdictions that do not honor"): the subject is
/// generic, and the act has no actor in the graph.
fn generic_subject(text: &Text, lex: &Lexicon, slots: &[Slot], first: usize, k: usize) -> bool {
    if k <= first {
        return false;
    }
    let mut j = k;
    // a relative pronoun: the subject is the noun before it
    if matches!(text.tok(j - 1), "that" | "which" | "who") && j - 1 > first {
        j -= 1;
    }
    let prev = text.tok(j - 1);
    if slots
        .iter()
        .any(|o| o.last == j || o.first < j && j <= o.last)
    {
        return false;
    }
    let word = prev.chars().all(|c| c.is_alphabetic())
        && prev.chars().next().is_some_and(char::is_lowercase);
    word && lex.words.generic_subject.contains(prev)
}

#[allow(clippy::too_many_arguments)]
fn apply(
    text: &Text,
    lex: &Lexicon,
    trig: &Trigger,
    slots: &[Slot],
    t: usize,
    tl: usize,
    target_from: usize,
    first: usize,
    last: usize,
    earlier: &[Found],
    around: Around,
    history: &[Found],
) -> Option<Found> {
    let Clause {
        k,
        passive,
        by_at,
        negated,
        clause_start,
        hypothetical,
        rule,
        clause_end,
        participle_clause,
    } = clause_of(text, lex, trig, (t, tl, target_from), (first, last));
    let confidence = 0.85f32;

    let before: Vec<&Slot> = slots
        .iter()
        .filter(|o| o.last <= t && o.first >= clause_start)
        .collect();

    // "The states asked the court …": the plaintiffs of the last suit reported
    let party = (trig.verb && !passive)
        .then(|| suit_parties(text, lex, history, clause_start, k))
        .flatten();
    if trig.verb && !passive && party.is_none() && generic_subject(text, lex, slots, first, k) {
        return None; // "jurisdictions that do not honor", "how police work with"
    }
    // "Subpoenas issued by ICE to …", "a lawsuit by the state of New York against …", and
    // the possessor of a trigger noun ("Cook County's refusal to honor …"), wherever it stands
    let by_actor = (!trig.verb)
        .then(|| noun_agent(text, slots, tl, last).or_else(|| possessor(text, slots, t)))
        .flatten();
    if let Some(src) = noun_source(text, trig, slots, by_actor, tl, last) {
        return from_source_act(
            text,
            lex,
            trig,
            slots,
            src,
            (t, tl),
            first,
            clause_start,
            hypothetical,
        );
    }
    let governing = context::governing_noun(trig, tl, target_from);
    let trig = governing.as_ref().unwrap_or(trig);
    let after = target_candidates(trig, slots, by_actor, target_from, clause_end);
    let (actor, target, actor_slot) = roles(
        text,
        lex,
        trig,
        (slots, &before, &after),
        (by_actor, by_at, earlier.last()),
        (passive, participle_clause),
        (t, tl, target_from),
        (first, last, clause_start),
    );
    // "charged Gary Mayor Karen Freeman-Wilson": the person, not the place of the title
    let target = target.filter(|o| by_actor.is_none_or(|b| b.first != o.first));
    let target =
        target.map(|o| context::possessed_person(text, slots, person_after_title(text, slots, o)));
    if trig.target == Target::Policy {
        return None; // policies are linked by the structure pass
    }
    let mut objects = target.map_or_else(Vec::new, |tg| {
        target_list(text, lex, slots, tg, passive, clause_start)
    });
    let mut rule = rule;
    if target.is_none() && trig.verb && !passive {
        let acts = (history, earlier);
        let author = context::author_of_act(text, lex, trig, around, acts, target_from, actor);
        if let Some((a, how)) = author {
            objects.extend(a);
            rule.push_str(how);
        }
    }
    let mut reading = (actor, objects, confidence, rule);
    from_context(
        text,
        lex,
        trig,
        (t, k, first),
        passive,
        (earlier.last(), around.prev_subject),
        (before.is_empty(), target.is_some()),
        &mut reading,
    );
    let (actor, mut objects, mut confidence, mut rule) = reading;
    let (actor, party_rest) = match (actor, party) {
        (Some(a), _) => (a, Vec::new()),
        (None, Some((a, rest))) => {
            confidence -= 0.2;
            rule.push_str("-suit-parties");
            (a, rest)
        }
        (None, None) => return None,
    };
    let co_subjects = if !party_rest.is_empty() {
        party_rest
    } else if participle_clause {
        // "Ohio and Texas sued …, accusing": every actor of the act before
        earlier
            .last()
            .filter(|p| p.subject == actor)
            .map(|p| p.co_subjects.clone())
            .unwrap_or_default()
    } else {
        let fronted = actor_slot.filter(|a| a.first > t && by_actor.is_none());
        context::co_actors(
            text,
            lex,
            slots,
            (actor_slot, fronted),
            (target_from, clause_start),
            &mut objects,
        )
    };
    let target_at = target.map(|o| o.first).filter(|&f| f >= tl);
    conclude(
        text,
        lex,
        trig,
        slots,
        (history, earlier),
        (actor, objects, co_subjects),
        (rule, confidence, target_at),
        (negated, hypothetical, passive),
        (t, tl, first, last, clause_end),
    )
}

/// The targets a target slot names: the list it opens, and for a passive trigger the list it
/// ends too ("Ohio and Texas were sued by the EPA").
fn target_list(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    tg: &Slot,
    passive: bool,
    clause_start: usize,
) -> Vec<usize> {
    let mut objects = crate::coord::following(text, lex, slots, tg).0;
    if passive {
        objects.extend(crate::coord::preceding(text, lex, slots, tg, clause_start));
    }
    objects
}

/// The act at a trigger once its actor and targets are read: a refusal with no target answers
/// the last act on its actor; the actor itself and laws a compliance names are no targets; a
/// pronoun or description among the parties lowers the confidence.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn conclude(
    text: &Text,
    lex: &Lexicon,
    trig: &Trigger,
    slots: &[Slot],
    (history, earlier): (&[Found], &[Found]),
    (actor, mut objects, co_subjects): (usize, Vec<usize>, Vec<usize>),
    (mut rule, mut confidence, target_at): (String, f32, Option<usize>),
    (negated, hypothetical, passive): (bool, bool, bool),
    (t, tl, first, last, clause_end): (usize, usize, usize, usize, usize),
) -> Option<Found> {
    let w = |i: usize| lower(text, i);
    // "declined to comment", "refused to elaborate": saying no more answers no act
    let says_no_more =
        tl + 1 < last && w(tl) == "to" && crate::clauses::cue(lex, text, tl + 1) == "comment";
    // (a verb's: "Ohio's refusal" names no act it answers)
    let answers = trig.verb
        && !(t > first && w(t - 1) == "to")
        && !says_no_more
        && (negated && trig.negated.is_some() || trig.predicate == Predicate::Refuses);
    if objects.is_empty() && answers {
        if let Some(prev) = last_act_on(actor, history, earlier) {
            objects.push(prev);
            confidence -= 0.2;
            rule.push_str("-response-to-last-act");
        } else if context::is_court(text, lex, slots, actor) {
            // "the appeals court declined to stop the payments": the court refuses the plaintiff
            let plaintiffs = context::last_plaintiffs(text, (history, earlier), t, actor);
            if !plaintiffs.is_empty() {
                objects.extend(plaintiffs);
                confidence -= 0.2;
                rule.push_str("-court-refusal");
            }
        }
    }
    objects.retain(|&o| o != actor);
    context::drop_laws(trig.predicate, slots, &mut objects);
    objects.dedup();
    if objects.is_empty() {
        return None;
    }
    let weak = |o: &Slot| o.weak && (o.entity == actor || objects.contains(&o.entity));
    if slots
        .iter()
        .any(|o| weak(o) && o.first > t.saturating_sub(12) && o.first < clause_end)
    {
        confidence -= 0.1;
    }
    finish(
        trig,
        slots,
        (negated, hypothetical, passive),
        (t, tl, first, last),
        (actor, objects, co_subjects),
        (rule, confidence, target_at),
    )
}

/// The actor and the target of a trigger, and the actor's slot when an active clause names
/// it: passive ("X was sued by Y"), a participle sharing the act before it, or active.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn roles<'s>(
    text: &Text,
    lex: &Lexicon,
    trig: &Trigger,
    (slots, before, after): (&'s [Slot], &[&'s Slot], &[&'s Slot]),
    (by_actor, by_at, prev): (Option<Slot>, Option<usize>, Option<&Found>),
    (passive, participle_clause): (bool, bool),
    (t, tl, target_from): (usize, usize, usize),
    (first, last, clause_start): (usize, usize, usize),
) -> (Option<usize>, Option<&'s Slot>, Option<&'s Slot>) {
    if passive {
        let (actor, target) = passive_roles(text, lex, slots, before, by_at, (first, clause_start));
        return (actor, target, None);
    }
    if participle_clause {
        // "Ohio sued the EPA, accusing the agency of …": the participle's subject is the
        // actor of the act before it, or else the sentence's subject — not the last name
        // before the comma, which is that act's object
        let actor = participle_subject(text, lex, slots, before, prev, first);
        return (actor, target_of(text, lex, trig, after, target_from), None);
    }
    let actor_slot = active_actor(
        text,
        lex,
        trig,
        slots,
        before,
        by_actor,
        (t, tl),
        (first, last),
    );
    let target = target_of(text, lex, trig, after, target_from);
    (actor_slot.map(|o| o.entity), target, actor_slot)
}

/// "X was sued by Y": the agent after "by" and the target, the subject before — a name, else
/// a description opening the clause ("The county was sued by …").
fn passive_roles<'s>(
    text: &Text,
    lex: &Lexicon,
    slots: &'s [Slot],
    before: &[&'s Slot],
    by_at: Option<usize>,
    (first, clause_start): (usize, usize),
) -> (Option<usize>, Option<&'s Slot>) {
    let actor = by_at.and_then(|b| slots.iter().find(|o| o.first > b && o.first <= b + 3));
    let target = before
        .iter()
        .rev()
        .find(|o| !o.weak && !is_oblique(text, lex, o, first))
        .or_else(|| before.first().filter(|o| o.first <= clause_start + 1));
    (actor.map(|o| o.entity), target.copied())
}

/// The slots that may be a trigger's target: in its clause; a noun's follow it closely ("a
/// letter to the mayor", "subpoenas sent to New York"), but a court phrase may come between
/// ("filed a lawsuit in federal court in Boston against").
fn target_candidates<'s>(
    trig: &Trigger,
    slots: &'s [Slot],
    by_actor: Option<Slot>,
    target_from: usize,
    clause_end: usize,
) -> Vec<&'s Slot> {
    let prep_reach = if matches!(trig.target, Target::Prep(_)) {
        18
    } else {
        6
    };
    let reach = match trig.verb {
        true => clause_end,
        false => clause_end.min(by_actor.map_or(target_from, |b| b.last) + prep_reach),
    };
    slots
        .iter()
        .filter(|o| o.first >= target_from && o.first < reach)
        .collect()
}

/// "would not comply with the requests": the one who last acted on `actor` (in the sentences
/// before, `history`, or this one, `here`), to whom a refusal without a target answers.
fn last_act_on(actor: usize, history: &[Found], here: &[Found]) -> Option<usize> {
    history
        .iter()
        .chain(here)
        .rev()
        .find(|f| {
            f.objects.contains(&actor) && ANSWERED.contains(&f.predicate) && f.subject != actor
        })
        .map(|f| f.subject)
}

/// The acts a refusal answers: what asks something of its target (a complaint or criticism
/// asks it to change course).
const ANSWERED: &[Predicate] = &[
    Predicate::Criticizes,
    Predicate::Requests,
    Predicate::Demands,
    Predicate::Subpoenas,
    Predicate::Threatens,
    Predicate::WritesTo,
];

/// The predicates whose object may be an act standing for its author ("condemned the move").
/// Praise and refusal are left out: "praised the decision", "ignored the ruling" are most often
/// of a court's act, and the last actor reported is seldom that court.
fn judges_acts(p: Predicate) -> bool {
    p == Predicate::Criticizes
}

/// How many sentences back an act named by a noun ("the move") may have been reported.
const ACT_REACH: usize = 3;

/// "condemned the move", "derided the threat": when the object of a
/// verb that judges is a noun of an act (data/cues.tsv class act) rather than a name, the
/// act's author — the actor of the last act reported in this sentence or the three before,
/// other than the judge itself.
fn act_author(
    text: &Text,
    lex: &Lexicon,
    (history, here): (&[Found], &[Found]),
    from: usize,
    judge: Option<usize>,
) -> Option<usize> {
    let s = text.sentence_of(from);
    let last = text.sentences[s].last;
    let mut k = from;
    while k < last
        && matches!(
            lower(text, k),
            "the" | "this" | "that" | "its" | "their" | "his" | "her"
        )
    {
        k += 1;
    }
    // one adjective may come between: "the latest move", "the proposed cuts"
    let is_act = |i: usize| {
        i < last
            && lex
                .cues
                .get(lower(text, i))
                .is_some_and(|c| matches!(c.as_str(), "act" | "measure" | "suit"))
    };
    if k == from
        || !(is_act(k) || is_act(k + 1) && !text.tok(k + 1).starts_with(char::is_uppercase))
    {
        return None;
    }
    last_event_subject(text, history, here, s, |f| {
        Some(f.subject) != judge && f.first < from
    })
}

/// The subject of the latest event (of this sentence, then of earlier ones back to
/// `ACT_REACH` sentences before sentence `s`) that `keep` accepts.
fn last_event_subject(
    text: &Text,
    history: &[Found],
    here: &[Found],
    s: usize,
    keep: impl Fn(&Found) -> bool,
) -> Option<usize> {
    let since = text.sentences[s.saturating_sub(ACT_REACH)].first;
    history
        .iter()
        .chain(here)
        .rev()
        .take_while(|f| f.first >= since)
        .find(|f| f.predicate.is_event() && keep(f))
        .map(|f| f.subject)
}

/// The subject of a participial clause ("…, accusing the agency of"): the last name before it
/// that a verb follows ("the Supreme Court ruled Tuesday, handing") when it is named after the
/// act before it in the sentence, else that act's actor, else the sentence's first actor that
/// is no oblique.
fn participle_subject(
    text: &Text,
    lex: &Lexicon,
    slots: &[Slot],
    before: &[&Slot],
    prev: Option<&Found>,
    first: usize,
) -> Option<usize> {
    let actor = |o: &&&Slot| {
        crate::clauses::is_actor_kind(o.kind)
            && !crate::coord::is_dateline(text, o, first)
            && !is_oblique(text, lex, o, first)
            && !in_apposition(text, slots, o)
    };
    let verb_follows = |o: &Slot| {
        o.last < text.tokens.len() && {
            let next = text.tok(o.last);
            next.chars().all(|c| c.is_ascii_lowercase())
                && !lex.words.preposition.contains(next)
                && !matches!(next, "and" | "or" | "but" | "who" | "which" | "that")
        }
    };
    // a subject named after the act before starts a newer clause
    let newer = |o: &&&Slot| prev.is_none_or(|p| o.first > p.first);
    before
        .iter()
        .rev()
        .filter(actor)
        .filter(newer)
        .find(|o| !o.weak && verb_follows(o))
        .map(|o| o.entity)
        .or(prev.map(|p| p.subject))
        .or_else(|| {
            // the first reference of the clause, a description too ("The State government
            // moved the Supreme Court, accusing the Governor …")
            before.iter().find(|o| actor(o)).map(|o| o.entity)
        })
}

/// "did not receive a detainer request from ICE": the source of a request, letter or subpoena
/// named after "from", when the trigger noun has no agent.
fn noun_source(
    text: &Text,
    trig: &Trigger,
    slots: &[Slot],
    by_actor: Option<Slot>,
    tl: usize,
    last: usize,
) -> Option<Slot> {
    if trig.verb || by_actor.is_some() || !matches!(trig.target, Target::Prep(_)) {
        return None;
    }
    let k = (tl..(tl + 2).min(last)).find(|&i| lower(text, i) == "from")?;
    slots
        .iter()
        .find(|o| o.first > k && o.first <= k + 3 && !o.weak)
        .copied()
}

/// What the words around a trigger say of its clause.
struct Clause {
    /// The first token of the verb group (auxiliaries and negators before the trigger).
    k: usize,
    /// "was subpoenaed by", "a law enacted by".
    passive: bool,
    /// The "by" of an agent phrase after the trigger.
    by_at: Option<usize>,
    /// A negator in the four words before.
    negated: bool,
    /// The clause's first token (after a semicolon or colon).
    clause_start: usize,
    /// A modal in the clause before the trigger.
    hypothetical: bool,
    /// The rule's name: predicate and voice.
    rule: String,
    /// Where the clause of the target ends: a clause break, or 18 tokens on.
    clause_end: usize,
    /// A participial clause after a comma ("…, accusing the agency of").
    participle_clause: bool,
}

/// Voice, negation and modality at the trigger `t..tl` of the sentence `first..last`.
fn clause_of(
    text: &Text,
    lex: &Lexicon,
    trig: &Trigger,
    (t, tl, target_from): (usize, usize, usize),
    (first, last): (usize, usize),
) -> Clause {
    let w = |i: usize| lower(text, i);
    // voice: "was subpoenaed by", "a law enacted by"
    let mut k = t;
    while k > first
        && (lex.words.skippable.contains(w(k - 1)) && w(k - 1) != "to" || is_negator(lex, w(k - 1)))
    {
        k -= 1;
    }
    let by_follows = tl < last && w(tl) == "by";
    let passive = trig.verb
        && (text.tok(t).ends_with("ed") || lex.words.irregular_participle.contains(w(t)))
        && (k > first && lex.words.be.contains(w(k - 1)) || by_follows);
    // "was removed to Jordan by ICE": the agent phrase may come after other complements
    let by_at = (tl..last.min(tl + 8))
        .take_while(|&i| !matches!(text.tok(i), "," | ";" | "."))
        .find(|&i| w(i) == "by");
    // negation and modality in the words before the trigger
    let window: Vec<&str> = (t.saturating_sub(4).max(first)..t).map(w).collect();
    let negated = window.iter().any(|x| is_negator(lex, x));
    let clause_start = (first..t)
        .rev()
        .find(|&i| matches!(text.tok(i), ";" | ":"))
        .map_or(first, |i| i + 1);
    let hypothetical = (clause_start..t).any(|i| lex.words.modal.contains(w(i)));
    let participle_clause = trig.verb
        && !passive
        && text.tok(t).ends_with("ing")
        && k > first
        && text.tok(k - 1) == ",";
    // a modal before the comma is another clause's ("X may leave, the court ruled, handing …")
    let hypothetical = hypothetical && !participle_clause;

    let rule = format!(
        "{}-{}",
        trig.predicate,
        if trig.verb {
            if passive {
                "passive"
            } else {
                "verb"
            }
        } else {
            "noun"
        }
    );
    let clause_end = (target_from..last)
        .find(|&i| lex.words.clause_break.contains(text.tok(i)) && i > target_from)
        .unwrap_or(last)
        .min(target_from + 18);
    Clause {
        k,
        passive,
        by_at,
        negated,
        clause_start,
        hypothetical,
        rule,
        clause_end,
        participle_clause,
    }
}

/// "Gary Mayor Karen Freeman-Wilson": the slot named after the title that follows `o`, if
/// any, else `o`.
fn person_after_title<'s>(text: &Text, slots: &'s [Slot], o: &'s Slot) -> &'s Slot {
    slots
        .iter()
        .find(|n| {
            n.first > o.last
                && n.first <= o.last + 3
                && (o.last..n.first).all(|i| is_title_word(text, i))
        })
        .unwrap_or(o)
}

/// "Subpoenas issued by ICE to …", "a lawsuit by the state of New York against …": the agent
/// of a trigger noun, named after "by" (and a participle of sending) at token `tl`.
fn noun_agent(text: &Text, slots: &[Slot], tl: usize, last: usize) -> Option<Slot> {
    let w = |i: usize| lower(text, i);
    let mut k = tl;
    if k < last
        && matches!(
            w(k),
            "issued" | "sent" | "served" | "filed" | "lodged" | "brought" | "delivered"
        )
    {
        k += 1;
    }
    if k < last && w(k) == "by" {
        slots
            .iter()
            .find(|o| o.first > k && o.first <= k + 5 && !o.weak)
            .copied()
    } else {
        None
    }
}

/// "Cook County's refusal", "the state's new lawsuit": the possessor of the trigger noun at
/// `t`, past one lower-case modifier.
fn possessor(text: &Text, slots: &[Slot], t: usize) -> Option<Slot> {
    let at = |k: usize| {
        slots
            .iter()
            .find(|o| o.last == k && k < t && text.tok(k) == "'s" && !o.weak)
            .copied()
    };
    let modifier = t >= 2 && text.tok(t - 1).chars().all(|c| c.is_ascii_lowercase());
    t.checked_sub(1)
        .and_then(at)
        .or_else(|| modifier.then(|| at(t - 2)).flatten())
}

/// What the text around supplies when the clause lacks it: a participial or coordinated clause
/// shares the actor and target of the act before it (`prev`), and a clause that opens on a
/// description ("The brazen moves … accused the agency") takes the subject of the sentence
/// before (`prev_subject`) as its actor.
#[allow(clippy::too_many_arguments)]
fn from_context(
    text: &Text,
    lex: &Lexicon,
    trig: &Trigger,
    (t, k, first): (usize, usize, usize),
    passive: bool,
    (prev, prev_subject): (Option<&Found>, Option<usize>),
    (nothing_before, has_target): (bool, bool),
    (actor, objects, confidence, rule): &mut (Option<usize>, Vec<usize>, f32, String),
) {
    let w = |i: usize| lower(text, i);
    // a participial or coordinated clause shares the actor and target of the act before it
    let participle = text.tok(t).ends_with("ing") || k > first && matches!(w(k - 1), "and" | ",");
    if let Some(prev) = prev {
        // "accused the agency of … and warned of retaliation": a coordinated verb shares the
        // first one's subject and never takes its object for a subject
        let coordinated = k > first && w(k - 1) == "and";
        let same_sentence = text.sentence_of(prev.first) == text.sentence_of(t);
        if coordinated && same_sentence && actor.is_some_and(|a| prev.objects.contains(&a)) {
            *actor = None;
        }
        if actor.is_none() && participle {
            *actor = Some(prev.subject);
            *confidence -= 0.1;
            rule.push_str("-shared-actor");
        }
        // "sued the city, asking (the court) to …": a suit's relief is asked of a court
        let relief = prev.predicate == Predicate::Sues
            && matches!(trig.predicate, Predicate::Requests | Predicate::Demands);
        // whom one arrests, deports, releases or charges is a person, never the body the
        // act before was aimed at
        let of_persons = matches!(
            trig.predicate,
            Predicate::Arrests | Predicate::Deports | Predicate::Releases | Predicate::Charges
        );
        if objects.is_empty()
            && !has_target
            && !relief
            && !of_persons
            && (participle
                || *actor == Some(prev.subject) && trig.verb && prev.rule.contains("-noun"))
        {
            *objects = prev.objects.clone();
            *confidence -= 0.1;
            rule.push_str("-shared-target");
        }
    }
    if actor.is_none() && !passive {
        // "The brazen moves ... accused the agency": the subject of the sentence before
        // "It sued the mayor the next day": a subject pronoun likewise
        // ("The state asked the court": a description of an actor is no act standing for its
        // author, and names nobody of the sentence before)
        let pronoun = matches!(w(first), "it" | "they");
        let det = matches!(
            w(first),
            "the" | "his" | "her" | "its" | "their" | "this" | "that"
        ) && (first..=t.max(k)).any(|i| {
            matches!(
                crate::clauses::cue(lex, text, i),
                "act" | "suit" | "measure" | "document"
            )
        });
        // (never the act's own target: "The lawsuit against King County argued …")
        let own_target = prev_subject.is_some_and(|p| objects.contains(&p));
        if (pronoun || det) && nothing_before && !own_target {
            *actor = prev_subject;
            *confidence -= 0.2;
            rule.push_str("-previous-subject");
        }
    }
}

/// The act read at a trigger, given its actor and targets: polarity and modality from the
/// negation and modals before it, a converse trigger turned round ("received $12 million
/// from the EPA": the EPA funds), and the evidence from the actor's slot to the last target's.
#[allow(clippy::type_complexity)]
fn finish(
    trig: &Trigger,
    slots: &[Slot],
    (negated, hypothetical, passive): (bool, bool, bool),
    (t, tl, first, last): (usize, usize, usize, usize),
    (actor, objects, co_subjects): (usize, Vec<usize>, Vec<usize>),
    (rule, confidence, target_at): (String, f32, Option<usize>),
) -> Option<Found> {
    let (predicate, polarity) = match (negated, trig.negated) {
        (true, Some(p)) => (p, Polarity::Positive),
        (true, None) => (trig.predicate, Polarity::Negative),
        (false, _) => (trig.predicate, Polarity::Positive),
    };
    let modality = if predicate == Predicate::Threatens {
        Modality::Asserted
    } else if hypothetical && !(negated && trig.negated.is_some()) {
        Modality::Hypothetical
    } else {
        Modality::Asserted
    };
    // "Kentucky received $12 million from the EPA": the EPA funds Kentucky
    let (actor, objects, co_subjects) = if trig.converse && objects.len() == 1 && !passive {
        let mut targets = vec![actor];
        targets.extend(co_subjects);
        (objects[0], targets, Vec::new())
    } else {
        (actor, objects, co_subjects)
    };
    let ev_first = slots
        .iter()
        .filter(|o| o.entity == actor && o.last <= t.max(o.last))
        .map(|o| o.first)
        .min()
        .unwrap_or(t)
        .min(t)
        .max(first);
    let ev_last = slots
        .iter()
        .filter(|o| objects.contains(&o.entity) && o.first >= t)
        .map(|o| o.last)
        .max()
        .unwrap_or(tl)
        .max(tl)
        .min(last);
    Some(Found {
        subject: actor,
        predicate,
        objects,
        first: ev_first,
        last: ev_last,
        polarity,
        modality,
        rule: format!("{rule}@triggers.tsv:{}", trig.line),
        confidence,
        co_subjects,
        target_at,
    })
}

/// The actor of an active trigger: the last slot before it that is no oblique, credit,
/// apposition or possessor; else the agent of "by"; else, after a fronted "In a letter to …,",
/// the subject after the comma.
#[allow(clippy::too_many_arguments)]
fn active_actor<'s>(
    text: &Text,
    lex: &Lexicon,
    trig: &Trigger,
    slots: &'s [Slot],
    before: &[&'s Slot],
    by_actor: Option<Slot>,
    (t, tl): (usize, usize),
    (first, last): (usize, usize),
) -> Option<&'s Slot> {
    let w = |i: usize| lower(text, i);
    let mut actor_slot = before
        .iter()
        .rev()
        .find(|o| {
            o.kind != EntityType::Policy
                && !crate::coord::is_credit(text, o)
                && !crate::coord::is_dateline(text, o, first)
                && !is_oblique(text, lex, o, first)
                && !in_apposition(text, slots, o)
                && !in_relative_clause(text, o, t, first)
                && !(o.last < t
                    && text.tok(o.last) == "'s"
                    && before.iter().any(|b| b.first > o.last))
        })
        .copied();
    if trig.verb {
        if let Some(subject) = coordinated_verb_subject(text, lex, slots, before, t, first) {
            actor_slot = Some(subject);
        }
    }
    if actor_slot.is_none() {
        actor_slot = by_actor.and_then(|b| slots.iter().find(|o| o.first == b.first));
    }
    if actor_slot.is_none() && !trig.verb && w(first) == "in" {
        actor_slot = fronted_subject(text, lex, slots, tl, first, last);
    }
    actor_slot
}

/// "The state Senate, where Republicans held a majority, voted …": a slot inside a relative
/// clause set off by commas before the trigger is no subject of the trigger.
fn in_relative_clause(text: &Text, o: &Slot, t: usize, first: usize) -> bool {
    let Some(open) = (first..o.first).rev().find(|&i| text.tok(i) == ",") else {
        return false;
    };
    matches!(
        text.lower(open + 1),
        "where" | "which" | "who" | "whose" | "whom" | "when"
    ) && (o.last..t).any(|i| text.tok(i) == ",")
}

/// "did not receive a detainer request from ICE": the source of a request, letter or subpoena
/// acts on the subject of the clause.
#[allow(clippy::too_many_arguments)]
fn from_source_act(
    text: &Text,
    lex: &Lexicon,
    trig: &Trigger,
    slots: &[Slot],
    src: Slot,
    (t, tl): (usize, usize),
    first: usize,
    clause_start: usize,
    hypothetical: bool,
) -> Option<Found> {
    let w = |i: usize| lower(text, i);
    let subject = slots
        .iter()
        .filter(|o| o.last <= t && o.first >= clause_start)
        .rev()
        .find(|o| !is_oblique(text, lex, o, first) && o.entity != src.entity)?;
    let window: Vec<&str> = (t.saturating_sub(6).max(first)..t).map(w).collect();
    let polarity = if window.iter().any(|x| is_negator(lex, x)) {
        Polarity::Negative
    } else {
        Polarity::Positive
    };
    Some(Found {
        subject: src.entity,
        predicate: trig.predicate,
        objects: vec![subject.entity],
        first: subject.first.min(t),
        last: src.last.max(tl),
        polarity,
        modality: if hypothetical {
            Modality::Hypothetical
        } else {
            Modality::Asserted
        },
        rule: format!(
            "{}-noun-from-source@triggers.tsv:{}",
            trig.predicate, trig.line
        ),
        confidence: 0.7,
        co_subjects: Vec::new(),
        target_at: Some(src.first),
    })
}

/// Where the phrase of the target named at token `first` starts, counting from `target_from`:
/// before "the request from (the)" and before a title ("sued President Donald Trump", "a
/// lawsuit against Mayor Eric Adams").
fn object_start(text: &Text, lex: &Lexicon, target_from: usize, first: usize) -> usize {
    let k = skip_object_noun(text, lex, target_from, first);
    (target_from..k)
        .find(|&j| crate::coord::title_run(text, lex, j, k))
        .unwrap_or(k)
}

/// "set aside a legal opinion issued last year by the Office of Legal Counsel", "vetoed the
/// bill passed by the Legislature": the author of the act a direct object names, after "by"
/// and a participle of making it (words.tsv class authored) close behind the object — a name
/// before a description ("by the department's Office of Legal Counsel": the office).
fn authored_object<'s>(
    text: &Text,
    lex: &Lexicon,
    after: &[&'s Slot],
    target_from: usize,
) -> Option<&'s Slot> {
    let w = |i: usize| lower(text, i);
    // a trigger that ends the text has no object
    let last = text.sentences.get(text.sentence_of(target_from))?.last;
    let by = (target_from + 2..(target_from + 9).min(last)).find(|&i| w(i) == "by")?;
    let made =
        (by.saturating_sub(4).max(target_from + 1)..by).any(|i| lex.words.authored.contains(w(i)));
    if !made || (target_from..by).any(|i| text.tok(i) == "," || w(i) == "and") {
        return None;
    }
    let near = || {
        after
            .iter()
            .copied()
            .filter(|o| o.first > by && o.first <= by + 4)
    };
    near().find(|o| !o.weak).or_else(|| near().next())
}

/// The target of an active trigger among the slots `after` it, by the kind of target the
/// trigger takes: a direct object, the object of a participle, or the object of one of its
/// prepositions.
fn target_of<'s>(
    text: &Text,
    lex: &Lexicon,
    trig: &Trigger,
    after: &[&'s Slot],
    target_from: usize,
) -> Option<&'s Slot> {
    let w = |i: usize| lower(text, i);
    match &trig.target {
        Target::Direct => after
            .iter()
            .find(|o| {
                let k = object_start(text, lex, target_from, o.first);
                k <= target_from + 4
                    && (target_from..k).all(|i| {
                        matches!(
                            w(i),
                            "the"
                                | "a"
                                | "an"
                                | "its"
                                | "their"
                                | "his"
                                | "her"
                                | "new"
                                | "that"
                                | "city"
                                | "state"
                                | "town"
                                | "county"
                                | "of"
                        )
                    })
            })
            .or_else(|| {
                // "released the woman's alleged attacker, Reeaz Khan": a description, then
                // the name in apposition
                after.iter().find(|o| {
                    o.kind == EntityType::Person
                        && o.first >= target_from + 2
                        && o.first <= target_from + 8
                        && text.tok(o.first - 1) == ","
                        && matches!(
                            w(target_from),
                            "the" | "a" | "an" | "its" | "their" | "his" | "her"
                        )
                        && !(target_from..o.first - 1).any(|i| text.tok(i) == ",")
                })
            })
            .copied()
            .or_else(|| authored_object(text, lex, after, target_from)),
        Target::Obj => {
            // "released an inmate wanted by ICE, Carlos Vega": not the agent of a participle;
            // a person named in apposition after a description
            let appositive = after.iter().find(|o| {
                o.kind == EntityType::Person
                    && o.first > target_from
                    && text.tok(o.first - 1) == ","
                    && (target_from..o.first - 1)
                        .filter(|&i| text.tok(i) == ",")
                        .count()
                        == 0
                    && matches!(w(target_from), "a" | "an" | "the")
            });
            // "rejected the request and sued the department": a verb coordinated after the
            // object starts an act of its own, whose object is no target here
            let coordinated_verb = (target_from..after.last().map_or(target_from, |o| o.first))
                .find(|&i| {
                    w(i) == "and"
                        && lex
                            .triggers
                            .get(w(i + 1))
                            .is_some_and(|list| list.iter().all(|t| t.verb))
                });
            after
                .iter()
                .filter(|o| coordinated_verb.is_none_or(|i| o.first < i))
                .find(|o| {
                    o.first == target_from
                        || w(o.first - 1) != "by"
                        || skip_object_noun(text, lex, target_from, o.first) != o.first
                })
                .filter(|o| !(target_from..o.first).any(|i| text.tok(i) == ","))
                .filter(|o| {
                    appositive.is_none_or(|a| a.first == o.first)
                        || !(target_from..o.first).any(|i| w(i) == "by")
                })
                .or(appositive)
                .copied()
        }
        Target::Prep(preps) => after
            .iter()
            .find(|o| {
                let mut k = object_start(text, lex, target_from, o.first);
                while k > target_from
                    && matches!(
                        w(k - 1),
                        "the"
                            | "a"
                            | "an"
                            | "its"
                            | "their"
                            | "his"
                            | "her"
                            | "city"
                            | "of"
                            | "state"
                            | "other"
                    )
                    && !preps.iter().any(|p| p == w(k - 1))
                {
                    k -= 1;
                }
                k > target_from && preps.iter().any(|p| p == w(k - 1))
            })
            .copied(),
        Target::Policy => None,
    }
}
