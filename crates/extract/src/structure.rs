//! Structure stated by the shape of the text rather than by a verb: titles before and after
//! names (`leads`, `worksFor`), possessive and relative-clause hierarchy of agencies
//! (`partOf`), "Place, State" (`locatedIn`), and who enacted a named policy (`enacts`).

use newsgraph_model::{EntityType, Modality, Polarity, Predicate};

use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::relations::Found;
use crate::resolve::Resolved;
use crate::text::Text;

mod apposition;
mod hierarchy;
pub mod offices;

const ORG_TYPES: &[EntityType] = &[
    EntityType::Agency,
    EntityType::Jurisdiction,
    EntityType::Organization,
];
const OVERSEES: &[&str] = &[
    "oversees",
    "supervises",
    "runs",
    "includes",
    "controls",
    "manages",
];
const PART_NOUNS: &[&str] = &[
    "part",
    "division",
    "arm",
    "unit",
    "component",
    "branch",
    "subsidiary",
    "agency",
    "office",
    "bureau",
];

pub(crate) fn found(
    subject: usize,
    predicate: Predicate,
    object: usize,
    first: usize,
    last: usize,
    rule: &str,
    confidence: f32,
) -> Found {
    Found {
        subject,
        predicate,
        objects: vec![object],
        first,
        last,
        polarity: Polarity::Positive,
        modality: Modality::Asserted,
        rule: rule.to_owned(),
        confidence,
        co_subjects: Vec::new(),
        target_at: None,
    }
}

/// The predicate a run of title words gives, if any ("acting Deputy Director" → worksFor).
pub(crate) fn title_predicate(
    text: &Text,
    lex: &Lexicon,
    first: usize,
    last: usize,
) -> Option<Predicate> {
    let words: Vec<&str> = (first..last).map(|k| text.lower(k)).collect();
    let mut pred = None;
    let mut deputy = false;
    let mut k = 0;
    while k < words.len() {
        match lex.title_at(&words[k..]) {
            Some((n, t)) => {
                deputy |= t.deputy;
                if t.predicate.is_some() {
                    pred = t.predicate;
                }
                k += n;
            }
            None => k += 1,
        }
    }
    pred.map(|p| if deputy { Predicate::WorksFor } else { p })
}

/// The structural relations of a document.
pub fn find(
    text: &Text,
    gaz: &Gazetteer,
    lex: &Lexicon,
    r: &Resolved,
    excluded: &dyn Fn(usize) -> bool,
) -> Vec<Found> {
    let _ = gaz;
    let mut out = Vec::new();
    let ms = &r.mentions;
    let kind = |i: usize| r.entities[ms[i].entity].kind;
    for (i, m) in ms.iter().enumerate() {
        if excluded(text.tokens[m.first].start) {
            continue;
        }
        let ent = m.entity;
        let before_person = out.len();
        let office = if kind(i) == EntityType::Person {
            offices::title_body(text, gaz, lex, r, i)
        } else {
            None
        };
        let push_office = |out: &mut Vec<Found>, rule: &str| {
            if let Some(Some((p, org))) = office.map(|o| o.body) {
                let first = m.title.map_or(m.first, |(s, _)| s);
                out.push(found(ent, p, org, first, m.last, rule, 0.8));
            }
        };
        if kind(i) == EntityType::Person {
            // ORG('s)? TITLE PERSON: "ICE's Acting Director Matthew Albence", "New York Gov. Andrew Cuomo"
            if let Some((s, e)) = m.title {
                if let Some(p) = title_predicate(text, lex, s, e) {
                    let mut k = s;
                    while k > 0
                        && matches!(
                            text.tok(k - 1),
                            "acting" | "interim" | "former" | "top" | "senior"
                        )
                    {
                        k -= 1;
                    }
                    let k = if k > 0 && text.tok(k - 1) == "'s" {
                        k - 1
                    } else {
                        k
                    };
                    let org_before = r.ending_at(k).find(|&j| {
                        ms[j].last == k && ORG_TYPES.contains(&r.entities[ms[j].entity].kind)
                    });
                    if office.is_some()
                        && org_before.is_none_or(|o| kind(o) == EntityType::Jurisdiction)
                    {
                        push_office(&mut out, "office-title");
                    } else if let Some(org) = org_before {
                        // "CHSRA Chief Executive Officer": the office says what the title gives
                        let p = office.and_then(|o| o.predicate).unwrap_or(p);
                        out.push(found(
                            ent,
                            p,
                            ms[org].entity,
                            ms[org].first,
                            m.last,
                            "title-before-name",
                            0.9,
                        ));
                    } else if k > 0 {
                        // "city Corporation Counsel X", "Department spokesman X": a description before the title
                        let w = text.tok(k - 1);
                        let want = match w {
                            "city" | "City" => Some("place"),
                            "state" | "State" => Some("state"),
                            "county" | "County" => Some("county"),
                            _ => None,
                        };
                        let referent = if let Some(level) = want {
                            most_mentioned(r, gaz, |e| {
                                e.known.and_then(|k| gaz.entries[k].level.as_deref()) == Some(level)
                            })
                        } else if lex.heads.get(w) == Some(&EntityType::Agency) {
                            ms.iter()
                                .rev()
                                .find(|o| {
                                    o.last <= k
                                        && r.entities[o.entity].kind == EntityType::Agency
                                        && r.entities[o.entity].label.contains(w)
                                })
                                .map(|o| o.entity)
                        } else {
                            None
                        };
                        if let Some(org) = referent {
                            out.push(found(
                                ent,
                                p,
                                org,
                                k - 1,
                                m.last,
                                "title-after-description",
                                0.75,
                            ));
                        }
                    }
                }
            }
            // TITLE PERSON of (the)? ORG: "Governor Laura Kelly of Kansas", "Deputy Secretary
            // John Tien of the Department of Homeland Security"
            if let Some((s, e)) = m.title {
                if let Some(p) = title_predicate(text, lex, s, e) {
                    let mut k = m.last;
                    if k + 1 < text.tokens.len() && text.tok(k) == "of" {
                        k += 1;
                        if matches!(text.tok(k), "the" | "The") {
                            k += 1;
                        }
                        if let Some(o) = r.starting_in(k, k + 1).map(|j| &ms[j]).find(|o| {
                            o.first == k && ORG_TYPES.contains(&r.entities[o.entity].kind)
                        }) {
                            out.push(found(ent, p, o.entity, s, o.last, "title-name-of", 0.85));
                        }
                    }
                }
            }
            // PERSON, (a|the)? [ORG] TITLE (of|for|to) ORG ,
            if m.last < text.tokens.len() && text.tok(m.last) == "," {
                let seg_end = (m.last + 1..(m.last + 16).min(text.tokens.len()))
                    .find(|&k| {
                        matches!(
                            text.tok(k),
                            "," | "." | ";" | "\"" | "said" | "told" | "says" | "wrote"
                        )
                    })
                    .unwrap_or(text.tokens.len().min(m.last + 16));
                let mut seg: Vec<usize> = (i + 1..ms.len())
                    .take_while(|&j| ms[j].first < seg_end)
                    .filter(|&j| ORG_TYPES.contains(&kind(j)))
                    .collect();
                // "JB Pritzker, Chicago Mayor Brandon Johnson, ...": a list of titled people, where
                // the title belongs to the next name; "a spokesperson for Mayor Karen Bass": staff
                let next_person = (i + 1..ms.len())
                    .take_while(|&j| ms[j].first < seg_end)
                    .find(|&j| kind(j) == EntityType::Person);
                let staff_of = next_person.filter(|&j| {
                    let t = ms[j].title.map_or(ms[j].first, |(s, _)| s);
                    t > 0 && matches!(text.tok(t - 1), "for" | "to")
                });
                if next_person.is_some_and(|j| {
                    ms[j].title.is_some() || seg.first().is_none_or(|&o| ms[o].first > ms[j].first)
                }) {
                    seg = staff_of.into_iter().collect();
                }
                let staff = seg.first().is_some_and(|&j| kind(j) == EntityType::Person);
                if let Some(p) = title_predicate(text, lex, m.last + 1, seg_end) {
                    let p = if staff { Predicate::WorksFor } else { p };
                    // the last organisation of a possessive chain: "director of ICE's New York office"
                    let org = seg
                        .iter()
                        .copied()
                        .find(|&j| {
                            !(ms[j].last < text.tokens.len() && text.tok(ms[j].last) == "'s")
                        })
                        .or(seg.first().copied());
                    if let Some(j) = org {
                        out.push(found(
                            ent,
                            p,
                            ms[j].entity,
                            m.first,
                            seg_end,
                            "apposition-title",
                            0.85,
                        ));
                    }
                }
            }
            // the [ORG] TITLE, PERSON: "the acting ICE director, Matthew Albence"
            if m.first >= 3 && text.tok(m.first - 1) == "," {
                let end = m.first - 1;
                let start = (end.saturating_sub(6)..end)
                    .find(|&k| matches!(text.tok(k), "the" | "The"))
                    .unwrap_or(end);
                if start < end {
                    if let Some(p) = title_predicate(text, lex, start, end) {
                        if let Some(o) = r.starting_in(start + 1, end).map(|j| &ms[j]).find(|o| {
                            o.first > start
                                && o.last <= end
                                && ORG_TYPES.contains(&r.entities[o.entity].kind)
                        }) {
                            out.push(found(
                                ent,
                                p,
                                o.entity,
                                start,
                                m.last,
                                "title-apposition-before",
                                0.85,
                            ));
                        }
                    }
                }
            }
        }
        // TITLE PERSON with no body named: "Mayor Bill de Blasio's administration" → the city
        // the article is about; "spokeswoman Freddi Goldstein" → the body named last before
        if kind(i) == EntityType::Person && out.len() == before_person && office.is_some() {
            push_office(&mut out, "office-title");
        }
        if kind(i) == EntityType::Person && out.len() == before_person && office.is_none() {
            if let Some((s, e)) = m.title {
                let words: Vec<&str> = (s..e).map(|k| text.lower(k)).collect();
                let title =
                    (0..words.len()).find_map(|k| lex.title_at(&words[k..]).map(|(_, t)| t));
                if let (Some(t), Some(p)) = (title, title_predicate(text, lex, s, e)) {
                    let level = match t.heads.as_str() {
                        "city" => Some("place"),
                        "state" => Some("state"),
                        "county" => Some("county"),
                        "country" => Some("country"),
                        _ => None,
                    };
                    let org = if let Some(level) = level {
                        most_mentioned(r, gaz, |e| {
                            e.known.and_then(|k| gaz.entries[k].level.as_deref()) == Some(level)
                        })
                    } else if p == Predicate::WorksFor {
                        let sent = text.sentence_of(m.first);
                        ms[..i]
                            .iter()
                            .rev()
                            .take_while(|o| text.sentence_of(o.first) == sent)
                            .find(|o| {
                                let e = &r.entities[o.entity];
                                // a spokesperson speaks for a government body, not a country
                                matches!(e.kind, EntityType::Agency | EntityType::Jurisdiction)
                                    && e.known.and_then(|k| gaz.entries[k].level.as_deref())
                                        != Some("country")
                            })
                            .map(|o| o.entity)
                    } else {
                        None
                    };
                    if let Some(org) = org.filter(|&o| o != ent) {
                        out.push(found(ent, p, org, s, m.last, "title-default-body", 0.6));
                    }
                }
            }
        }
        if kind(i) == EntityType::Person && out.len() > before_person {
            share_plural_title(text, r, i, before_person, &mut out);
        }
        if ORG_TYPES.contains(&kind(i)) {
            // A's B: "ICE's Enforcement and Removal Operations"
            if m.last + 1 < text.tokens.len() && text.tok(m.last) == "'s" {
                if let Some(j) = r
                    .starting_in(m.last + 1, m.last + 2)
                    .find(|&j| ms[j].first == m.last + 1)
                {
                    let (a, b) = (kind(i), kind(j));
                    if a == EntityType::Agency && b == EntityType::Agency
                        || a == EntityType::Jurisdiction
                            && b == EntityType::Agency
                            && r.entities[ms[j].entity].known.is_none()
                    {
                        out.push(found(
                            ms[j].entity,
                            Predicate::PartOf,
                            ent,
                            m.first,
                            ms[j].last,
                            "possessive-part-of",
                            0.8,
                        ));
                    }
                    if a == EntityType::Jurisdiction && b == EntityType::Policy {
                        out.push(found(
                            ent,
                            Predicate::Enacts,
                            ms[j].entity,
                            m.first,
                            ms[j].last,
                            "possessive-policy",
                            0.7,
                        ));
                    }
                }
            }
            // A, which oversees B
            if m.last + 3 < text.tokens.len()
                && text.tok(m.last) == ","
                && text.tok(m.last + 1) == "which"
                && OVERSEES.contains(&text.tok(m.last + 2))
            {
                if let Some(j) = r.starting_in(m.last + 3, m.last + 4).find(|&j| {
                    let o = &ms[j];
                    o.first == m.last + 3 && ORG_TYPES.contains(&r.entities[o.entity].kind)
                }) {
                    out.push(found(
                        ms[j].entity,
                        Predicate::PartOf,
                        ent,
                        m.first,
                        ms[j].last,
                        "which-oversees",
                        0.85,
                    ));
                }
            }
            // B, (which|that is|is)? (a|an|the)? part|division|arm of A
            if m.last + 4 < text.tokens.len() && matches!(text.tok(m.last), "," | "is") {
                let mut k = m.last + usize::from(text.tok(m.last) == ",");
                if matches!(text.tok(k), "which" | "that") {
                    k += 1;
                }
                if matches!(text.tok(k), "is" | "was" | "are") {
                    k += 1;
                }
                if matches!(text.tok(k), "a" | "an" | "the") {
                    k += 1;
                }
                if PART_NOUNS.contains(&text.tok(k)) && matches!(text.tok(k + 1), "of" | "within") {
                    if let Some(j) = r.starting_in(k + 2, k + 4).find(|&j| {
                        let o = &ms[j];
                        o.first >= k + 2
                            && o.first <= k + 3
                            && ORG_TYPES.contains(&r.entities[o.entity].kind)
                    }) {
                        out.push(found(
                            ent,
                            Predicate::PartOf,
                            ms[j].entity,
                            m.first,
                            ms[j].last,
                            "apposition-part-of",
                            0.8,
                        ));
                    }
                }
            }
            // an unknown agency "in" a jurisdiction: "the Department of Safety in Denver"
            if kind(i) == EntityType::Agency
                && r.entities[ent].known.is_none()
                // a federal court sits in a city without being part of it
                && !["U.S.", "United States", "Federal"]
                    .iter()
                    .any(|p| r.entities[ent].label.starts_with(p))
                && m.last + 1 < text.tokens.len()
                && text.tok(m.last) == "in"
            {
                if let Some(j) = r.starting_in(m.last + 1, m.last + 2).find(|&j| {
                    let o = &ms[j];
                    o.first == m.last + 1 && r.entities[o.entity].kind == EntityType::Jurisdiction
                }) {
                    out.push(found(
                        ent,
                        Predicate::PartOf,
                        ms[j].entity,
                        m.first,
                        ms[j].last,
                        "agency-in-jurisdiction",
                        0.8,
                    ));
                }
            }
        }
    }
    for &(place, state) in &r.located {
        out.push(found(
            ms[place].entity,
            Predicate::LocatedIn,
            ms[state].entity,
            ms[place].first,
            ms[state].last,
            "place-comma-state",
            0.9,
        ));
    }
    // "a law enacted by New York state", "the legislature passed the Clean Air Act"
    for s in &text.sentences {
        if excluded(s.start) {
            continue;
        }
        for t in s.first..s.last {
            let w = text.lower(t);
            let Some(trig) = lex.triggers.get(w).and_then(|l| {
                l.iter()
                    .find(|x| x.predicate == Predicate::Enacts && x.words.len() == 1)
            }) else {
                continue;
            };
            let _ = trig;
            let policies: Vec<&crate::resolve::Mention> = r
                .starting_in(s.first, s.last)
                .map(|j| &ms[j])
                .filter(|o| {
                    o.first >= s.first
                        && o.last <= s.last
                        && r.entities[o.entity].kind == EntityType::Policy
                })
                .collect();
            if t + 1 < s.last && text.tok(t + 1) == "by" {
                let actor = r.starting_in(t + 2, t + 5).map(|j| &ms[j]).find(|o| {
                    o.first > t + 1
                        && o.first <= t + 4
                        && (ORG_TYPES.contains(&r.entities[o.entity].kind)
                            || r.entities[o.entity].kind == EntityType::Person)
                });
                let policy = policies.iter().rev().find(|o| o.last <= t);
                if let (Some(a), Some(p)) = (actor, policy) {
                    out.push(found(
                        a.entity,
                        Predicate::Enacts,
                        p.entity,
                        p.first,
                        a.last,
                        "policy-enacted-by",
                        0.75,
                    ));
                }
            } else if let Some(p) = policies.iter().find(|o| o.first > t && o.first <= t + 4) {
                if let Some(a) = r.starting_in(s.first, t).rev().map(|j| &ms[j]).find(|o| {
                    o.last <= t
                        && o.first >= s.first
                        && ORG_TYPES
                            .iter()
                            .chain([EntityType::Person].iter())
                            .any(|k| *k == r.entities[o.entity].kind)
                }) {
                    out.push(found(
                        a.entity,
                        Predicate::Enacts,
                        p.entity,
                        a.first,
                        p.last,
                        "enacts-policy",
                        0.75,
                    ));
                }
            }
        }
    }
    out.extend(hierarchy::find(text, gaz, lex, r, excluded));
    out.extend(apposition::find(text, gaz, lex, r, excluded));
    out.retain(|f| f.objects[0] != f.subject);
    out
}

/// The entity satisfying `pred` with the most mentions.
pub fn most_mentioned(
    r: &Resolved,
    gaz: &Gazetteer,
    pred: impl Fn(&crate::resolve::DocEntity) -> bool,
) -> Option<usize> {
    let _ = gaz;
    let counts = r.mention_counts();
    (0..counts.len())
        .filter(|&e| counts[e] > 0 && pred(&r.entities[e]))
        .max_by_key(|&e| (counts[e], std::cmp::Reverse(e)))
}

/// "council members Ann Lee, Bo Park and Cy Diaz", "Justices A and B": a plural title holds
/// for every person of the list it opens, not for the first alone. The relations that the
/// title of mention `i` gave (those from `from` on) are given to each person listed after it.
fn share_plural_title(text: &Text, r: &Resolved, i: usize, from: usize, out: &mut Vec<Found>) {
    let m = &r.mentions[i];
    let Some((_, e)) = m.title else {
        return;
    };
    let head = text.tok(e - 1).trim_end_matches('.').to_lowercase();
    if head.len() <= 3 || !head.ends_with('s') || head.ends_with("ss") {
        return; // "Mayor Ann Lee and Bo Park": the title is hers alone
    }
    let mut people = Vec::new();
    let mut k = m.last;
    loop {
        let mut j = k;
        if text.get(j) == Some(",") {
            j += 1;
        }
        if text.get(j) == Some("and") {
            j += 1;
        }
        if j == k {
            break;
        }
        let Some(n) = r
            .starting_in(j, j + 1)
            .map(|x| &r.mentions[x])
            .find(|x| x.first == j)
        else {
            break;
        };
        if r.entities[n.entity].kind != EntityType::Person || n.title.is_some() {
            break;
        }
        people.push(n.entity);
        k = n.last;
    }
    let given: Vec<Found> = out[from..]
        .iter()
        .filter(|f| f.subject == m.entity)
        .cloned()
        .collect();
    for p in people {
        for f in given.iter().filter(|f| !f.objects.contains(&p)) {
            let mut g = f.clone();
            g.subject = p;
            out.push(g);
        }
    }
}
