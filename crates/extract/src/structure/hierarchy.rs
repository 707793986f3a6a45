//! `partOf` from what the article's names say: a body named after a jurisdiction of the
//! article ("Chicago Police Department", "Supreme Court of Canada"), a body "of the state",
//! "the county's" or "the department's", and the parent tables of the agency lists.

use newsgraph_model::{EntityType, Predicate};

use super::found;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::relations::Found;
use crate::resolve::Resolved;
use crate::text::Text;

/// The level of a jurisdiction (an agency's level is not a jurisdiction's).
fn level<'g>(gaz: &'g Gazetteer, r: &Resolved, e: usize) -> Option<&'g str> {
    let e = &r.entities[e];
    e.known
        .filter(|_| e.kind == EntityType::Jurisdiction)
        .and_then(|k| gaz.entries[k].level.as_deref())
}

/// True when `label` begins with `name` as whole words, or ends with "of (the)? name"; both
/// already lower-cased (lower-casing lower-cased text changes nothing).
fn named_after(l: &str, n: &str) -> bool {
    let before = l.strip_suffix(n).unwrap_or_default();
    l.len() > n.len()
        && (l.strip_prefix(n).is_some_and(|rest| rest.starts_with(' '))
            || before.ends_with(" of ")
            || before.ends_with(" of the "))
}

/// School districts are governments of their own, and a court named after a town is
/// usually the state's: neither is part of the place it is named after.
fn separate_body(label: &str, l: &str, level: Option<&str>) -> bool {
    // a description ("New York deportation office") or a federal field office
    label.split_whitespace().any(|w| {
        w.chars().next().is_some_and(char::is_lowercase)
            && !matches!(w, "of" | "the" | "and" | "for" | "on" | "de" | "du" | "la")
    }) || l.contains("field office")
        || l.contains("enforcement and removal")
        || l.contains("school")
        || l.contains("university")
        || l.contains("college")
        || level == Some("place") && l.contains("court")
}

/// The `partOf` facts of a document's names.
pub fn find(
    text: &Text,
    gaz: &Gazetteer,
    lex: &Lexicon,
    r: &Resolved,
    excluded: &dyn Fn(usize) -> bool,
) -> Vec<Found> {
    let mut out = Vec::new();
    let ms = &r.mentions;
    // one pass over the mentions: each entity's first mention outside furniture and the
    // distinct ways the text names it
    let mut firsts: Vec<Option<usize>> = vec![None; r.entities.len()];
    let mut named: Vec<Vec<&str>> = vec![Vec::new(); r.entities.len()];
    for (i, m) in ms.iter().enumerate() {
        if m.entity >= r.entities.len() {
            continue;
        }
        if firsts[m.entity].is_none() && !excluded(text.tokens[m.first].start) {
            firsts[m.entity] = Some(i);
        }
        let surface = text.slice(text.tokens[m.first].start, text.tokens[m.last - 1].end);
        if !named[m.entity].contains(&surface) {
            named[m.entity].push(surface);
        }
    }
    let first_mention = |e: usize| firsts.get(e).copied().flatten().map(|i| &ms[i]);
    let juris: Vec<usize> = (0..r.entities.len())
        .filter(|&e| {
            r.entities[e].kind == EntityType::Jurisdiction
                && first_mention(e).is_some()
                // federal bodies are not stated to be parts of the country
                && r.entities[e]
                    .known
                    .is_none_or(|k| gaz.entries[k].wikidata.as_deref() != Some("Q30"))
        })
        .collect();
    // the jurisdictions by each lower-cased way the article names them, in `juris` order
    let mut by_name: rustc_hash::FxHashMap<String, Vec<(usize, usize)>> =
        rustc_hash::FxHashMap::default();
    for (rank, &j) in juris.iter().enumerate() {
        for n in std::iter::once(r.entities[j].label.as_str()).chain(named[j].iter().copied()) {
            let v = by_name.entry(n.to_lowercase()).or_default();
            if !v.iter().any(|&(_, x)| x == j) {
                v.push((rank, j));
            }
        }
    }
    for (a, ent) in r.entities.iter().enumerate() {
        if ent.kind != EntityType::Agency {
            continue;
        }
        let Some(m) = first_mention(a) else { continue };
        // a body named after a jurisdiction of the article: the longest name wins (the first
        // jurisdiction on a tie). The names a surface can be named after are its word
        // prefixes and what follows its last "of" / "of the": looked up, not searched for.
        let mut best: Option<(usize, usize, usize)> = None; // (length, rank, j)
        let lower_label = ent.label.to_lowercase();
        let surfaces = std::iter::once(ent.label.as_str()).chain(named[a].iter().copied());
        for l in surfaces.map(str::to_lowercase) {
            let mut candidates: Vec<&str> = l.match_indices(' ').map(|(i, _)| &l[..i]).collect();
            for tail in [" of the ", " of "] {
                if let Some(i) = l.rfind(tail) {
                    candidates.push(&l[i + tail.len()..]);
                }
            }
            for n in candidates {
                if !named_after(&l, n) {
                    continue;
                }
                for &(rank, j) in by_name.get(n).map_or(&[][..], Vec::as_slice) {
                    if separate_body(&ent.label, &lower_label, level(gaz, r, j)) {
                        continue;
                    }
                    let better = best.is_none_or(|(len, brank, _)| {
                        n.len() > len || (n.len() == len && rank < brank)
                    });
                    if better {
                        best = Some((n.len(), rank, j));
                    }
                }
            }
        }
        let best = best.map(|(len, _, j)| (j, len));
        if let Some((j, _)) = best {
            out.push(found(
                a,
                Predicate::PartOf,
                j,
                m.first,
                m.last,
                "named-after-place",
                0.8,
            ));
            continue;
        }
        // the parent the agency tables give, when the article names it
        let parent = ent
            .known
            .map(|k| gaz.entries[k].label.to_lowercase())
            .and_then(|l| lex.parents.get(&l))
            .or_else(|| lex.parents.get(&ent.label.to_lowercase()));
        if let Some(p) = parent.and_then(|p| {
            r.entities
                .iter()
                .position(|e| e.label == *p || e.known.is_some_and(|k| gaz.entries[k].label == *p))
        }) {
            if p != a && first_mention(p).is_some() {
                out.push(found(
                    a,
                    Predicate::PartOf,
                    p,
                    m.first,
                    m.last,
                    "parent-table",
                    0.8,
                ));
                continue;
            }
        }
        // "the state Cabinet for Health", "the county's Civilian Oversight Commission",
        // "the department's Office of Legal Counsel"
        if ent.known.is_some() {
            continue;
        }
        let mut k = m.first;
        let poss = k > 1 && text.tok(k - 1) == "'s";
        if poss {
            k -= 1;
        }
        if k < 2 || !matches!(text.tok(k - 2), "the" | "The") {
            continue;
        }
        let w = text.tok(k - 1);
        let want = match w {
            "state" => Some("state"),
            "county" => Some("county"),
            "city" if poss => Some("place"),
            _ => None,
        };
        let owner = if let Some(l) = want {
            super::offices::nearest(r, m.first, |e| level(gaz, r, e) == Some(l))
        } else if poss {
            let head = w.to_lowercase();
            super::offices::nearest(r, m.first, |e| {
                e != a
                    && r.entities[e].kind == EntityType::Agency
                    && r.entities[e]
                        .label
                        .to_lowercase()
                        .split_whitespace()
                        .any(|x| x == head)
            })
        } else {
            None
        };
        if let Some(o) = owner.filter(|&o| o != a) {
            out.push(found(
                a,
                Predicate::PartOf,
                o,
                k - 2,
                m.last,
                "body-of-described",
                0.7,
            ));
        }
    }
    out
}
