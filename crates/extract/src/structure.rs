//! Structure stated by the shape of the text rather than by a verb: titles before and after
//! names (`leads`, `worksFor`), possessive and relative-clause hierarchy of agencies
//! (`partOf`), "Place, State" (`locatedIn`), and who enacted a named policy (`enacts`).

use newsgraph_model::{EntityType, Modality, Polarity, Predicate};

use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::relations::Found;
use crate::resolve::{Mention, Resolved};
use crate::text::Text;

mod apposition;
mod enacted;
mod hierarchy;
pub mod offices;
mod titles;

const ORG_TYPES: &[EntityType] = &[
    EntityType::Agency,
    EntityType::Jurisdiction,
    EntityType::Organization,
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
    let doc = Doc { text, gaz, lex, r };
    let mut out = Vec::new();
    for (i, m) in r.mentions.iter().enumerate() {
        if excluded(text.tokens[m.first].start) {
            continue;
        }
        let kind = doc.kind(i);
        if kind == EntityType::Person {
            doc.person_titles(i, &mut out);
        } else if ORG_TYPES.contains(&kind) {
            doc.org_parts(i, &mut out);
        }
    }
    out.extend(r.located.iter().map(|&(p, s)| doc.place_comma_state(p, s)));
    doc.enacted_policies(excluded, &mut out);
    out.extend(hierarchy::find(text, gaz, lex, r, excluded));
    out.extend(apposition::find(text, gaz, lex, r, excluded));
    out.retain(|f| f.objects[0] != f.subject);
    out
}

/// What the structural rules read of one document: its text and resolved mentions, with the
/// tables. Each rule looks at one mention (or one trigger) and gives at most one relation.
#[derive(Clone, Copy)]
struct Doc<'a> {
    text: &'a Text<'a>,
    gaz: &'a Gazetteer,
    lex: &'a Lexicon,
    r: &'a Resolved,
}

impl Doc<'_> {
    /// The type of the entity of mention `i`.
    fn kind(&self, i: usize) -> EntityType {
        self.r.entities[self.r.mentions[i].entity].kind
    }

    /// True when mention `o` names an agency, jurisdiction or organisation.
    fn is_org(&self, o: &Mention) -> bool {
        ORG_TYPES.contains(&self.r.entities[o.entity].kind)
    }

    /// True when mention `o` names who can enact a policy: a body or a person.
    fn is_actor(&self, o: &Mention) -> bool {
        self.is_org(o) || self.r.entities[o.entity].kind == EntityType::Person
    }

    /// The most mentioned known jurisdiction of `level` ("place", "state", ...): the one the
    /// article is about.
    fn article_jurisdiction(&self, level: &str) -> Option<usize> {
        let gaz = self.gaz;
        most_mentioned(self.r, gaz, |e| {
            e.known.and_then(|k| gaz.entries[k].level.as_deref()) == Some(level)
        })
    }

    // ---- partOf / enacts: what a body's name is followed by ----

    /// The parts and policies of organisation mention `i` by the words after it.
    fn org_parts(&self, i: usize, out: &mut Vec<Found>) {
        out.extend(self.possessive(i));
        out.extend(self.which_oversees(i));
        out.extend(self.apposition_part_of(i));
        out.extend(self.agency_in_jurisdiction(i));
    }

    /// A's B: "ICE's Enforcement and Removal Operations" (B partOf A); a jurisdiction's
    /// policy (A enacts B).
    fn possessive(&self, i: usize) -> Option<Found> {
        let (text, r) = (self.text, self.r);
        let ms = &r.mentions;
        let m = &ms[i];
        if !(m.last + 1 < text.tokens.len() && text.tok(m.last) == "'s") {
            return None;
        }
        let j = r
            .starting_in(m.last + 1, m.last + 2)
            .find(|&j| ms[j].first == m.last + 1)?;
        let (a, b) = (self.kind(i), self.kind(j));
        if a == EntityType::Agency && b == EntityType::Agency
            || a == EntityType::Jurisdiction
                && b == EntityType::Agency
                && r.entities[ms[j].entity].known.is_none()
        {
            let rule = "possessive-part-of";
            Some(found(
                ms[j].entity,
                Predicate::PartOf,
                m.entity,
                m.first,
                ms[j].last,
                rule,
                0.8,
            ))
        } else if a == EntityType::Jurisdiction && b == EntityType::Policy {
            let rule = "possessive-policy";
            Some(found(
                m.entity,
                Predicate::Enacts,
                ms[j].entity,
                m.first,
                ms[j].last,
                rule,
                0.7,
            ))
        } else {
            None
        }
    }

    /// A, which oversees B
    fn which_oversees(&self, i: usize) -> Option<Found> {
        let (text, r) = (self.text, self.r);
        let m = &r.mentions[i];
        if !(m.last + 3 < text.tokens.len()
            && text.tok(m.last) == ","
            && text.tok(m.last + 1) == "which"
            && self.lex.words.oversee_verb.contains(text.tok(m.last + 2)))
        {
            return None;
        }
        let b = r
            .starting_in(m.last + 3, m.last + 4)
            .map(|j| &r.mentions[j])
            .find(|o| o.first == m.last + 3 && self.is_org(o))?;
        let rule = "which-oversees";
        Some(found(
            b.entity,
            Predicate::PartOf,
            m.entity,
            m.first,
            b.last,
            rule,
            0.85,
        ))
    }

    /// B, (which|that is|is)? (a|an|the)? part|division|arm of A
    fn apposition_part_of(&self, i: usize) -> Option<Found> {
        let (text, r) = (self.text, self.r);
        let m = &r.mentions[i];
        if !(m.last + 4 < text.tokens.len() && matches!(text.tok(m.last), "," | "is")) {
            return None;
        }
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
        if !(self.lex.words.part_noun.contains(text.tok(k))
            && matches!(text.tok(k + 1), "of" | "within"))
        {
            return None;
        }
        let a = r
            .starting_in(k + 2, k + 4)
            .map(|j| &r.mentions[j])
            .find(|o| o.first >= k + 2 && o.first <= k + 3 && self.is_org(o))?;
        let rule = "apposition-part-of";
        Some(found(
            m.entity,
            Predicate::PartOf,
            a.entity,
            m.first,
            a.last,
            rule,
            0.8,
        ))
    }

    /// an unknown agency "in" a jurisdiction: "the Department of Safety in Denver"
    fn agency_in_jurisdiction(&self, i: usize) -> Option<Found> {
        let (text, r) = (self.text, self.r);
        let m = &r.mentions[i];
        let ent = &r.entities[m.entity];
        if !(ent.kind == EntityType::Agency
            && ent.known.is_none()
            // a federal court sits in a city without being part of it
            && !["U.S.", "United States", "Federal"]
                .iter()
                .any(|p| ent.label.starts_with(p))
            && m.last + 1 < text.tokens.len()
            && text.tok(m.last) == "in")
        {
            return None;
        }
        let place = r
            .starting_in(m.last + 1, m.last + 2)
            .map(|j| &r.mentions[j])
            .find(|o| {
                o.first == m.last + 1 && r.entities[o.entity].kind == EntityType::Jurisdiction
            })?;
        let rule = "agency-in-jurisdiction";
        Some(found(
            m.entity,
            Predicate::PartOf,
            place.entity,
            m.first,
            place.last,
            rule,
            0.8,
        ))
    }

    // ---- locatedIn ----

    /// "Escondido, Calif.": the place mention and the state mention resolving split.
    fn place_comma_state(&self, place: usize, state: usize) -> Found {
        let ms = &self.r.mentions;
        found(
            ms[place].entity,
            Predicate::LocatedIn,
            ms[state].entity,
            ms[place].first,
            ms[state].last,
            "place-comma-state",
            0.9,
        )
    }
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
