//! Titles in an apposition with a possessor: "its secretary, Kristi Noem", "Pete Flores, its
//! acting commissioner", "the commission's executive director", "Kentucky's attorney general,
//! Republican Russell Coleman", "his attorney, Linda Savitt", "a county spokesperson".

use newsgraph_model::{EntityType, Predicate};

use super::offices::{self, Context, Scope};
use super::{found, title_predicate};
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::relations::Found;
use crate::resolve::Resolved;
use crate::text::Text;

/// The possessor at token `k` of `first..last`: what owns the title that follows.
#[derive(Debug, Clone, Copy)]
enum Owner {
    /// An entity named or referred to.
    Entity(usize),
    /// A jurisdiction level ("the city's", "a county").
    Level(&'static str),
}

fn owner_at(
    text: &Text,
    gaz: &Gazetteer,
    r: &Resolved,
    k: usize,
    person: usize,
) -> Option<(Owner, usize)> {
    let w = text.tok(k);
    let before = |pred: &dyn Fn(usize) -> bool| {
        // mentions are sorted by their first token: none from `k` on ends before `k`
        let upto = if r.indexed() {
            r.mentions.partition_point(|m| m.first < k)
        } else {
            r.mentions.len()
        };
        r.mentions[..upto]
            .iter()
            .rev()
            .take_while(|o| o.first + offices::REACH >= k)
            .find(|o| o.last <= k && o.entity != person && pred(o.entity))
            .map(|o| o.entity)
    };
    let org = |e: usize| {
        matches!(
            r.entities[e].kind,
            EntityType::Agency | EntityType::Jurisdiction | EntityType::Organization
        )
    };
    match w {
        "its" | "Its" => return before(&org).map(|e| (Owner::Entity(e), k + 1)),
        "his" | "her" | "His" | "Her" => {
            return before(&|e| r.entities[e].kind == EntityType::Person)
                .map(|e| (Owner::Entity(e), k + 1))
        }
        _ => {}
    }
    // "a county spokesperson", "the city's chief communications officer"
    let poss = k + 1 < text.tokens.len() && text.tok(k + 1) == "'s";
    let next = k + 1 + usize::from(poss);
    if let Some(l) = match w {
        "city" => Some("place"),
        "county" => Some("county"),
        "state" => Some("state"),
        _ => None,
    } {
        return Some((Owner::Level(l), next));
    }
    if poss && w.chars().all(|c| c.is_lowercase()) {
        // "the commission's": the body of that kind named last
        let (tail, of) = (format!(" {w}"), format!("{w} of "));
        let _ = gaz;
        return before(&|e| {
            r.entities[e].kind == EntityType::Agency && {
                let l = r.entities[e].label.to_lowercase();
                l.ends_with(&tail) || l.contains(&of)
            }
        })
        .map(|e| (Owner::Entity(e), next));
    }
    // "Hochul's counsel", "Kentucky's attorney general"
    let o = r
        .ending_at(k + 1)
        .map(|i| &r.mentions[i])
        .find(|o| o.last == k + 1 && o.entity != person)?;
    (k + 1 < text.tokens.len() && text.tok(k + 1) == "'s")
        .then_some((Owner::Entity(o.entity), k + 2))
}

/// The relation of a person to the owner of the title at `t0..t1`.
#[allow(clippy::too_many_arguments)]
fn relate(
    text: &Text,
    gaz: &Gazetteer,
    lex: &Lexicon,
    r: &Resolved,
    owner: Owner,
    t0: usize,
    t1: usize,
    at: usize,
) -> Option<(Predicate, usize)> {
    let p = title_predicate(text, lex, t0, t1)?;
    let words: Vec<&str> = (t0..t1).map(|k| text.lower(k)).collect();
    let offices = offices::offices_for(lex, &words);
    let level_of = |e: usize| {
        let d = &r.entities[e];
        d.known
            .filter(|_| d.kind == EntityType::Jurisdiction)
            .and_then(|k| gaz.entries[k].level.as_deref())
    };
    match owner {
        Owner::Entity(e) if r.entities[e].kind == EntityType::Person => {
            Some((Predicate::WorksFor, e))
        }
        Owner::Entity(e)
            if r.entities[e].kind == EntityType::Jurisdiction && !offices.is_empty() =>
        {
            let scope = match level_of(e) {
                Some("country") => Scope::Federal,
                Some("state") | None => Scope::State,
                _ => Scope::Local,
            };
            let ctx = Context {
                scope,
                juris: Some(e),
            };
            offices::body(text, gaz, r, &offices, ctx, at, "").or(Some((p, e)))
        }
        Owner::Entity(e) => Some((p, e)),
        Owner::Level(l) => {
            offices::in_sentence_or_most(text, r, at, |e| level_of(e) == Some(l)).map(|e| (p, e))
        }
    }
}

/// The relations of titles in appositions with a possessor.
pub fn find(
    text: &Text,
    gaz: &Gazetteer,
    lex: &Lexicon,
    r: &Resolved,
    excluded: &dyn Fn(usize) -> bool,
) -> Vec<Found> {
    let mut out = Vec::new();
    let n = text.tokens.len();
    for m in &r.mentions {
        if r.entities[m.entity].kind != EntityType::Person
            || m.title.is_some()
            || excluded(text.tokens[m.first].start)
        {
            continue;
        }
        // POSSESSOR TITLE , (Party)? PERSON
        let mut c = m.first;
        if c > 0 && lex.words.party.contains(text.tok(c - 1)) {
            c -= 1;
        }
        if c > 1 && text.tok(c - 1) == "," {
            let end = c - 1;
            let start = end.saturating_sub(7);
            if let Some((owner, t0)) = (start..end)
                .rev()
                .filter(|&k| !lex.words.apposition_end.contains(text.tok(k)))
                .find_map(|k| owner_at(text, gaz, r, k, m.entity))
                .filter(|&(_, t0)| {
                    t0 < end && (t0..end).all(|k| !lex.words.apposition_end.contains(text.tok(k)))
                })
            {
                if let Some((p, e)) = relate(text, gaz, lex, r, owner, t0, end, m.first) {
                    if e != m.entity {
                        out.push(found(
                            m.entity,
                            p,
                            e,
                            t0,
                            m.last,
                            "possessor-title-name",
                            0.75,
                        ));
                        continue;
                    }
                }
            }
        }
        // PERSON , (the|a|an)? POSSESSOR TITLE (,|.|said)
        if m.last + 2 < n && text.tok(m.last) == "," {
            let mut k = m.last + 1;
            if matches!(text.tok(k), "the" | "a" | "an") {
                k += 1;
            }
            let Some((owner, t0)) = owner_at(text, gaz, r, k, m.entity) else {
                continue;
            };
            let t1 = (t0..(t0 + 7).min(n))
                .find(|&j| {
                    lex.words.apposition_end.contains(text.tok(j)) || r.mention_at(j).is_some()
                })
                .unwrap_or((t0 + 7).min(n));
            if t1 > t0 {
                if let Some((p, e)) = relate(text, gaz, lex, r, owner, t0, t1, m.first) {
                    if e != m.entity {
                        out.push(found(
                            m.entity,
                            p,
                            e,
                            m.first,
                            t1,
                            "name-possessor-title",
                            0.75,
                        ));
                    }
                }
            }
        }
    }
    out
}
