//! Link precision after resolution: a wrong link is worse than none.
//!
//! - A bare "Supreme Court" is the court of the article's own jurisdiction when the article
//!   names one ("Wisconsin Supreme Court", "Supreme Court of Canada"), and unlinked when the
//!   article names no U.S. government at all.
//! - A national body's short name after "state" ("the state Department of Justice") is the
//!   state's body, not the national one.
//! - A one-word place that is a title word, a given name, the surname of a person of the
//!   article or a common noun of the article ("Secretary", "Patrick", "Section") is not a place;
//!   a small place whose state the article never names is left unlinked.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashSet;

use newsgraph_model::{slug, EntityType};

use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::resolve::{DocEntity, Resolved};
use crate::text::Text;

fn unknown(r: &mut Resolved, label: &str, kind: EntityType) -> usize {
    let id = slug(label);
    if let Some(i) = r
        .entities
        .iter()
        .position(|e| e.id == id && e.known.is_none())
    {
        return i;
    }
    r.entities.push(DocEntity {
        id,
        label: label.to_owned(),
        kind,
        known: None,
        titles: Vec::new(),
        chosen: false,
    });
    r.entities.len() - 1
}

fn is_federal(gaz: &Gazetteer, e: &DocEntity) -> bool {
    e.kind == EntityType::Agency
        && e.known
            .is_some_and(|k| gaz.entries[k].level.as_deref() == Some("federal"))
}

/// Re-points mentions of national bodies that the context says are another government's.
fn national_bodies(text: &Text, gaz: &Gazetteer, r: &mut Resolved) {
    let us_named = r.entities.iter().any(|e| {
        e.known.is_some_and(|k| {
            let k = &gaz.entries[k];
            k.wikidata.as_deref() == Some("Q30")
                || k.level.as_deref() == Some("state") && k.source == "us_divisions.tsv"
        })
    });
    let courts: Vec<usize> = (0..r.entities.len())
        .filter(|&e| {
            let d = &r.entities[e];
            let l = d.label.to_lowercase();
            d.kind == EntityType::Agency
                && d.known.is_none()
                && (l.ends_with(" supreme court")
                    || l.ends_with(" supreme judicial court")
                    || l.starts_with("supreme court of ") && !l.contains("united states"))
        })
        .collect();
    for i in 0..r.mentions.len() {
        let m = r.mentions[i].clone();
        let d = &r.entities[m.entity];
        if !is_federal(gaz, d) {
            continue;
        }
        let surface = text.slice(text.tokens[m.first].start, text.tokens[m.last - 1].end);
        if surface.starts_with("U.S.") || surface.starts_with("United States") {
            continue;
        }
        let before = if m.first > 0 {
            text.tok(m.first - 1)
        } else {
            ""
        };
        let state_body = matches!(before, "state" | "State")
            || m.first > 1 && before == "'s" && text.tok(m.first - 2) == "state";
        let bare_court =
            d.label == "Supreme Court of the United States" && surface == "Supreme Court";
        // a short name refers back to the full name before it
        let named_before: Vec<usize> = courts
            .iter()
            .copied()
            .filter(|&c| {
                r.mentions
                    .iter()
                    .any(|o| o.entity == c && o.first < m.first)
            })
            .collect();
        let to = if state_body {
            Some(unknown(r, &format!("state {surface}"), EntityType::Agency))
        } else if bare_court && named_before.len() == 1 {
            Some(named_before[0])
        } else if bare_court && (!us_named || !named_before.is_empty()) {
            Some(unknown(r, surface, EntityType::Agency))
        } else {
            None
        };
        if let Some(to) = to {
            r.mentions[i].entity = to;
        }
    }
}

/// The place of this name in the state the article names most ("Westport" in an article about
/// Washington that mentions Massachusetts once): one per state, the linked one first. A place
/// without a Wikidata item counts only in an article that names no other state ("Quincy" in an
/// article about Illinois alone), so a big city is not traded for a hamlet on a passing mention.
fn namesake_in(gaz: &Gazetteer, label: &str, states: &HashMap<String, usize>) -> Option<usize> {
    let base = slug(label);
    let mut found: Vec<(usize, usize)> = Vec::new(); // (mentions of its state, entry)
    for (st, &n) in states {
        let st = st.to_lowercase();
        let ids = [
            format!("{base}-{st}"),
            format!("{base}-{st}-{st}"),
            format!("{base}-{st}-2"),
            format!("{base}-{st}-3"),
        ];
        let here: Vec<usize> = ids
            .iter()
            .filter_map(|id| gaz.entry_by_id(id))
            .filter(|&i| {
                let k = &gaz.entries[i];
                k.label == label && k.level.as_deref() == Some("place")
            })
            .collect();
        let best = here
            .iter()
            .copied()
            .find(|&i| gaz.entries[i].wikidata.is_some())
            .or(here.first().copied().filter(|_| states.len() == 1));
        if let Some(i) = best {
            found.push((n, i));
        }
    }
    let top = found.iter().map(|&(n, _)| n).max()?;
    let at_top: Vec<usize> = found
        .iter()
        .filter(|&&(n, _)| n == top)
        .map(|&(_, i)| i)
        .collect();
    (at_top.len() == 1).then(|| at_top[0])
}

/// Drops one-word "places" that are other words, and unlinks small places of states the
/// article never names.
fn places(text: &Text, gaz: &Gazetteer, lex: &Lexicon, r: &mut Resolved) {
    // the article's words, gathered when a small one-word place needs them
    let mut words: Option<FxHashSet<&str>> = None;
    let surnames: HashSet<String> = r
        .entities
        .iter()
        .filter(|e| e.kind == EntityType::Person)
        .filter_map(|e| e.label.split_whitespace().last().map(str::to_owned))
        .collect();
    // the article's states, with how often each is mentioned
    let mut mentions_of = vec![0usize; r.entities.len()];
    for m in &r.mentions {
        mentions_of[m.entity] += 1;
    }
    let mut states: HashMap<String, usize> = HashMap::new();
    for (e, d) in r.entities.iter().enumerate() {
        let Some(k) = d.known.map(|k| &gaz.entries[k]) else {
            continue;
        };
        if d.kind == EntityType::Jurisdiction && k.level.as_deref() == Some("state") {
            if let Some(st) = &k.state {
                *states.entry(st.clone()).or_default() += mentions_of[e];
            }
        }
    }
    let placed: HashSet<usize> = r.located.iter().map(|&(p, _)| p).collect();
    let is_place = |e: &DocEntity| {
        e.kind == EntityType::Jurisdiction
            && e.known
                .is_some_and(|k| gaz.entries[k].level.as_deref() == Some("place"))
    };
    let mut drop = vec![false; r.mentions.len()];
    for (i, m) in r.mentions.iter().enumerate() {
        let e = &r.entities[m.entity];
        if !is_place(e) || m.last != m.first + 1 || placed.contains(&i) {
            continue;
        }
        let w = text.tok(m.first);
        let lower = w.to_lowercase();
        let small = e.known.is_some_and(|k| gaz.entries[k].geonames.is_none());
        // "Council", "Court": a name's head word is not a town of that name
        drop[i] = lex.titles.contains_key(&lower)
            || lex.heads.contains_key(w)
            || small
                && (gaz.first_names.contains(w)
                    || surnames.contains(w)
                    || words
                        .get_or_insert_with(|| {
                            (0..text.tokens.len()).map(|t| text.tok(t)).collect()
                        })
                        .contains(lower.as_str()));
    }
    // small places of states the article never names: unlinked
    for e in 0..r.entities.len() {
        let d = &r.entities[e];
        if !is_place(d) {
            continue;
        }
        let Some(k) = d.known else { continue };
        let k = &gaz.entries[k];
        let in_state = k.state.as_ref().is_some_and(|s| states.contains_key(s));
        // "Woodstock" in an article about Illinois: the Illinois town, not Georgia's
        if !in_state {
            if let Some(other) = namesake_in(gaz, &k.label, &states) {
                let id = gaz.entries[other].id.clone();
                let d = &mut r.entities[e];
                d.known = Some(other);
                d.id = id;
                continue;
            }
        }
        let comma_state = r
            .mentions
            .iter()
            .enumerate()
            .any(|(i, m)| m.entity == e && placed.contains(&i));
        if !in_state && !comma_state && k.geonames.is_none() {
            r.entities[e].known = None;
        }
    }
    if drop.iter().any(|&d| d) {
        let mut index = Vec::with_capacity(drop.len());
        let mut n = 0;
        for &d in &drop {
            index.push(if d { None } else { Some(n) });
            n += usize::from(!d);
        }
        let mut k = 0;
        r.mentions.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
        r.located = r
            .located
            .iter()
            .filter_map(|&(p, s)| Some((index[p]?, index[s]?)))
            .collect();
    }
}

/// Applies the link-precision rules to a resolved document.
pub fn apply(text: &Text, gaz: &Gazetteer, lex: &Lexicon, r: &mut Resolved) {
    national_bodies(text, gaz, r);
    places(text, gaz, lex, r);
}
