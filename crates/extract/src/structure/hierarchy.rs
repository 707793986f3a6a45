//! `partOf` from what the article's names say: a body named after a jurisdiction of the
//! article ("Chicago Police Department", "Supreme Court of Canada"), a body "of the state",
//! "the county's" or "the department's", and the parent tables of the agency lists.

use newsgraph_model::{EntityType, Predicate};
use rustc_hash::FxHashMap;

use super::found;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::relations::Found;
use crate::resolve::{Mention, Resolved};
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
    let names = Names::new(text, gaz, lex, r, excluded);
    let mut out = Vec::new();
    for (a, ent) in r.entities.iter().enumerate() {
        if ent.kind != EntityType::Agency {
            continue;
        }
        let Some(m) = names.first_mention(a) else {
            continue;
        };
        let part_of = names
            .named_after_place(a, m)
            .or_else(|| names.parent_table(a, m))
            .or_else(|| names.body_of_described(a, m));
        out.extend(part_of);
    }
    out
}

/// What the rules read of one document: its text, resolved mentions and the tables, with how
/// the article names each entity and its jurisdictions by name.
struct Names<'a> {
    text: &'a Text<'a>,
    gaz: &'a Gazetteer,
    lex: &'a Lexicon,
    r: &'a Resolved,
    /// Each entity's first mention outside furniture.
    firsts: Vec<Option<usize>>,
    /// The distinct ways the text names each entity.
    named: Vec<Vec<&'a str>>,
    /// The jurisdictions by each lower-cased way the article names them, as (rank, entity)
    /// in the order of `jurisdictions`.
    by_name: FxHashMap<String, Vec<(usize, usize)>>,
}

impl<'a> Names<'a> {
    fn new(
        text: &'a Text<'a>,
        gaz: &'a Gazetteer,
        lex: &'a Lexicon,
        r: &'a Resolved,
        excluded: &dyn Fn(usize) -> bool,
    ) -> Self {
        // one pass over the mentions: each entity's first mention outside furniture and the
        // distinct ways the text names it
        let mut firsts: Vec<Option<usize>> = vec![None; r.entities.len()];
        let mut named: Vec<Vec<&str>> = vec![Vec::new(); r.entities.len()];
        for (i, m) in r.mentions.iter().enumerate() {
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
        let mut names = Names {
            text,
            gaz,
            lex,
            r,
            firsts,
            named,
            by_name: FxHashMap::default(),
        };
        names.by_name = names.jurisdictions_by_name();
        names
    }

    /// The first mention of entity `e` outside furniture.
    fn first_mention(&self, e: usize) -> Option<&'a Mention> {
        let i = self.firsts.get(e).copied().flatten()?;
        Some(&self.r.mentions[i])
    }

    /// The article's jurisdictions, in order of entity, outside furniture and not the
    /// country: federal bodies are not stated to be parts of the country.
    fn jurisdictions(&self) -> Vec<usize> {
        let (gaz, r) = (self.gaz, self.r);
        (0..r.entities.len())
            .filter(|&e| {
                r.entities[e].kind == EntityType::Jurisdiction
                    && self.first_mention(e).is_some()
                    && r.entities[e]
                        .known
                        .is_none_or(|k| gaz.entries[k].wikidata.as_deref() != Some("Q30"))
            })
            .collect()
    }

    /// The jurisdictions by each lower-cased way the article names them: (rank, entity).
    fn jurisdictions_by_name(&self) -> FxHashMap<String, Vec<(usize, usize)>> {
        let r = self.r;
        let mut by_name: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
        for (rank, j) in self.jurisdictions().into_iter().enumerate() {
            let label = r.entities[j].label.as_str();
            for n in std::iter::once(label).chain(self.named[j].iter().copied()) {
                let v = by_name.entry(n.to_lowercase()).or_default();
                if !v.iter().any(|&(_, x)| x == j) {
                    v.push((rank, j));
                }
            }
        }
        by_name
    }

    /// Agency `a` (first mention `m`) named after a jurisdiction of the article: "Chicago
    /// Police Department", "Supreme Court of Canada". The longest name wins (the first
    /// jurisdiction on a tie).
    fn named_after_place(&self, a: usize, m: &Mention) -> Option<Found> {
        let ent = &self.r.entities[a];
        let mut best: Option<(usize, usize, usize)> = None; // (length, rank, j)
        let lower_label = ent.label.to_lowercase();
        let surfaces = std::iter::once(ent.label.as_str()).chain(self.named[a].iter().copied());
        for l in surfaces.map(str::to_lowercase) {
            for n in name_candidates(&l) {
                if !named_after(&l, n) {
                    continue;
                }
                for &(rank, j) in self.by_name.get(n).map_or(&[][..], Vec::as_slice) {
                    if separate_body(&ent.label, &lower_label, level(self.gaz, self.r, j)) {
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
        let (_, _, j) = best?;
        let rule = "named-after-place";
        Some(found(a, Predicate::PartOf, j, m.first, m.last, rule, 0.8))
    }

    /// Agency `a`'s parent by the agency tables, when the article names it.
    fn parent_table(&self, a: usize, m: &Mention) -> Option<Found> {
        let (gaz, lex, r) = (self.gaz, self.lex, self.r);
        let ent = &r.entities[a];
        let parent = ent
            .known
            .map(|k| gaz.entries[k].label.to_lowercase())
            .and_then(|l| lex.parents.get(&l))
            .or_else(|| lex.parents.get(&ent.label.to_lowercase()))?;
        let p = r.entities.iter().position(|e| {
            e.label == *parent || e.known.is_some_and(|k| gaz.entries[k].label == *parent)
        })?;
        if p == a || self.first_mention(p).is_none() {
            return None;
        }
        Some(found(
            a,
            Predicate::PartOf,
            p,
            m.first,
            m.last,
            "parent-table",
            0.8,
        ))
    }

    /// An unknown agency `a` described by what it belongs to: "the state Cabinet for
    /// Health", "the county's Civilian Oversight Commission", "the department's Office of
    /// Legal Counsel".
    fn body_of_described(&self, a: usize, m: &Mention) -> Option<Found> {
        let text = self.text;
        if self.r.entities[a].known.is_some() {
            return None;
        }
        let mut k = m.first;
        let poss = k > 1 && text.tok(k - 1) == "'s";
        if poss {
            k -= 1;
        }
        if k < 2 || !matches!(text.tok(k - 2), "the" | "The") {
            return None;
        }
        let owner = self.described_owner(a, m.first, text.tok(k - 1), poss)?;
        if owner == a {
            return None;
        }
        let rule = "body-of-described";
        Some(found(a, Predicate::PartOf, owner, k - 2, m.last, rule, 0.7))
    }

    /// What the word `w` before agency `a` (at token `at`) describes it as belonging to:
    /// the nearest jurisdiction of the level "state", "county" or "city's" names, or after
    /// a possessive the nearest agency whose name holds the word.
    fn described_owner(&self, a: usize, at: usize, w: &str, poss: bool) -> Option<usize> {
        let (gaz, r) = (self.gaz, self.r);
        let want = match w {
            "state" => Some("state"),
            "county" => Some("county"),
            "city" if poss => Some("place"),
            _ => None,
        };
        if let Some(l) = want {
            super::offices::nearest(r, at, |e| level(gaz, r, e) == Some(l))
        } else if poss {
            let head = w.to_lowercase();
            super::offices::nearest(r, at, |e| {
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
        }
    }
}

/// The names a lower-cased surface `l` can be named after: its word prefixes and what
/// follows its last "of the" / "of". Looked up, not searched for.
fn name_candidates(l: &str) -> Vec<&str> {
    let mut candidates: Vec<&str> = l.match_indices(' ').map(|(i, _)| &l[..i]).collect();
    for tail in [" of the ", " of "] {
        if let Some(i) = l.rfind(tail) {
            candidates.push(&l[i + tail.len()..]);
        }
    }
    candidates
}
