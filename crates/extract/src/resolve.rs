//! From names to entities: choosing among gazetteer candidates by context, merging the
//! mentions of one entity (full names, surnames, acronyms defined in parentheses or spelled by
//! initials, titled forms), and finding what role nouns and pronouns refer to.

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};

use newsgraph_model::{slug, EntityType};

use crate::gazetteer::{Gazetteer, Known};
use crate::lexicon::{Lexicon, RoleNoun};
use crate::ner::{Span, SpanKind};
use crate::text::Text;

/// An entity of one document.
#[derive(Debug, Clone)]
pub struct DocEntity {
    /// Stable id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Type.
    pub kind: EntityType,
    /// The gazetteer entry, when known.
    pub known: Option<usize>,
    /// Titles the text gives a person ("governor", "acting director").
    pub titles: Vec<String>,
    /// True when the name fits several entries and the context chose this one.
    pub chosen: bool,
}

impl DocEntity {
    /// An entity of the document that the gazetteers do not know (NIL).
    fn unlinked(id: &str, label: &str, kind: EntityType) -> DocEntity {
        DocEntity {
            id: id.to_owned(),
            label: label.to_owned(),
            kind,
            known: None,
            titles: Vec::new(),
            chosen: false,
        }
    }
}

/// A mention of an entity.
#[derive(Debug, Clone)]
pub struct Mention {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub last: usize,
    /// The entity.
    pub entity: usize,
    /// Title tokens before it.
    pub title: Option<(usize, usize)>,
}

/// The entities and mentions of a document.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Entities, in order of first mention.
    pub entities: Vec<DocEntity>,
    /// Mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Extra structure found while resolving: (place mention, state mention) of "Place, State".
    pub located: Vec<(usize, usize)>,
    /// For each mention, the furthest end of it and those before it (mentions being sorted by
    /// their first token), for finding the mention at a token by bisection.
    reach: Vec<usize>,
    /// The most tokens of a mention.
    longest: usize,
    /// The number of mentions of each entity.
    counts: Vec<usize>,
    /// The surnames of the entities' labels, each with the label it was taken from (a
    /// person's name is compared by surname with every entity before it).
    surnames: Vec<Option<(String, String)>>,
    /// The first entity of each id, while names are being resolved: built by `entity_for`,
    /// dropped by `resolve` before anything renames an entity or adds one another way.
    ids: FxHashMap<String, usize>,
    /// The people among the entities (indices, ascending) and how many entities that list
    /// has looked at: entities are only added, and keep their type.
    people: (Vec<usize>, usize),
    /// The labels lower-cased, "'s" set apart and padded with spaces, with the label each came
    /// from: what the offices table matches words against, made once per document.
    padded: std::cell::OnceCell<Vec<(String, String)>>,
}

impl Resolved {
    /// The surname of entity `i`'s label, computed once per label.
    fn surname_of(&mut self, i: usize) -> &str {
        if self.surnames.len() < self.entities.len() {
            self.surnames.resize(self.entities.len(), None);
        }
        let label = &self.entities[i].label;
        let fresh = self.surnames[i].as_ref().is_some_and(|(l, _)| l == label);
        if !fresh {
            self.surnames[i] = Some((label.clone(), surname(label)));
        }
        self.surnames[i].as_ref().map_or("", |(_, s)| s.as_str())
    }

    /// The entities that are people, in order.
    fn people(&mut self) -> Vec<usize> {
        let (list, seen) = &mut self.people;
        for (i, e) in self.entities.iter().enumerate().skip(*seen) {
            if e.kind == EntityType::Person {
                list.push(i);
            }
        }
        *seen = self.entities.len();
        list.clone()
    }

    fn entity_for(&mut self, id: &str, make: impl FnOnce() -> DocEntity) -> usize {
        if let Some(&i) = self.ids.get(id) {
            return i;
        }
        self.entities.push(make());
        let i = self.entities.len() - 1;
        self.ids.insert(self.entities[i].id.clone(), i);
        i
    }

    /// The label of entity `e` lower-cased, with "'s" set apart and a space at each end.
    pub(crate) fn padded_label(&self, e: usize) -> std::borrow::Cow<'_, str> {
        let padded = self.padded.get_or_init(|| {
            self.entities
                .iter()
                .map(|d| (d.label.clone(), pad_label(&d.label)))
                .collect()
        });
        match padded.get(e) {
            Some((label, p)) if *label == self.entities[e].label => std::borrow::Cow::Borrowed(p),
            _ => std::borrow::Cow::Owned(pad_label(&self.entities[e].label)),
        }
    }

    /// True while the mentions are as `resolve` sorted and indexed them.
    pub fn indexed(&self) -> bool {
        self.reach.len() == self.mentions.len()
    }

    /// The indices of the mentions that start in tokens `lo..hi` (all of them when the mentions
    /// changed since `resolve` sorted and indexed them).
    pub fn starting_in(&self, lo: usize, hi: usize) -> std::ops::Range<usize> {
        if self.reach.len() != self.mentions.len() {
            return 0..self.mentions.len();
        }
        let a = self.mentions.partition_point(|m| m.first < lo);
        a..a + self.mentions[a..].partition_point(|m| m.first < hi)
    }

    /// The indices of the mentions that may end at token `k`.
    pub fn ending_at(&self, k: usize) -> std::ops::Range<usize> {
        self.starting_in(k.saturating_sub(self.longest), k)
    }

    /// The number of mentions of each entity.
    pub fn mention_counts(&self) -> std::borrow::Cow<'_, [usize]> {
        if self.reach.len() == self.mentions.len() && self.counts.len() == self.entities.len() {
            return std::borrow::Cow::Borrowed(&self.counts);
        }
        let mut counts = vec![0; self.entities.len()];
        for m in &self.mentions {
            counts[m.entity] += 1;
        }
        std::borrow::Cow::Owned(counts)
    }

    /// The mention covering token `t` (the first in text order).
    pub fn mention_at(&self, t: usize) -> Option<&Mention> {
        if self.reach.len() != self.mentions.len() {
            // mentions changed since `resolve` indexed them
            return self.mentions.iter().find(|m| m.first <= t && t < m.last);
        }
        // the first mention ending past `t` is the first that may cover it
        let i = self.reach.partition_point(|&end| end <= t);
        self.mentions.get(i).filter(|m| m.first <= t)
    }

    /// Indexes the sorted mentions for `starting_in`, `ending_at` and `mention_at` (each
    /// one's furthest end so far, the longest mention) and counts each entity's mentions.
    fn index(&mut self) {
        self.reach = self
            .mentions
            .iter()
            .scan(0, |reach, m| {
                *reach = m.last.max(*reach);
                Some(*reach)
            })
            .collect();
        self.longest = self
            .mentions
            .iter()
            .map(|m| m.last - m.first)
            .max()
            .unwrap_or(0);
        self.counts = vec![0; self.entities.len()];
        for m in &self.mentions {
            self.counts[m.entity] += 1;
        }
    }
}

/// `label` lower-cased, with "'s" set apart and a space at each end.
pub(crate) fn pad_label(label: &str) -> String {
    format!(" {} ", label.to_lowercase().replace("'s", " 's"))
}

pub(crate) fn surname(label: &str) -> String {
    let words: Vec<&str> = label
        .split_whitespace()
        .filter(|w| !matches!(*w, "Jr." | "Sr." | "II" | "III" | "Jr"))
        .collect();
    let mut k = words.len().saturating_sub(1);
    while k > 0
        && matches!(
            words[k - 1],
            "de" | "De"
                | "van"
                | "Van"
                | "von"
                | "del"
                | "da"
                | "di"
                | "du"
                | "le"
                | "la"
                | "bin"
                | "al"
        )
    {
        k -= 1;
    }
    words[k..].join(" ")
}

fn initials(label: &str, with_function_words: bool) -> String {
    label
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .filter(|w| with_function_words || !matches!(*w, "of" | "and" | "for" | "the" | "on" | "&"))
        .filter_map(|w| w.trim_start_matches("U.S.").chars().next())
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Chooses among the candidates of a known name, by the article's context.
fn choose(
    text: &Text,
    gaz: &Gazetteer,
    span: &Span,
    cands: &[usize],
    doc_states: &HashMap<String, usize>,
) -> Option<usize> {
    if cands.len() == 1 {
        return Some(cands[0]);
    }
    let entries: Vec<&Known> = cands.iter().map(|&c| &gaz.entries[c]).collect();
    if let Some(c) = state_by_cue(text, gaz, span, cands) {
        return Some(c);
    }
    if let Some(c) = state_or_city(text, gaz, span, cands, &entries, doc_states) {
        return Some(c);
    }
    // places that share a name: the one in a state the article names
    let in_named_state: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&c| {
            gaz.entries[c]
                .state
                .as_ref()
                .is_some_and(|s| doc_states.contains_key(s))
        })
        .collect();
    if in_named_state.len() == 1 {
        return Some(in_named_state[0]);
    }
    // a national capital outranks the towns named after it ("Paris", "Dublin") in an article
    // that names none of their states
    if let (true, Some(c)) = (in_named_state.is_empty(), national_capital(gaz, cands)) {
        return Some(c);
    }
    if let Some(c) = most_named_state(gaz, &in_named_state, doc_states) {
        return Some(c);
    }
    incorporated_or_big(gaz, cands)
}

/// The one state among the candidates when the words around the name say a state
/// ("Washington Gov.", "the state of Washington"): the state, not the capital of its name.
fn state_by_cue(text: &Text, gaz: &Gazetteer, span: &Span, cands: &[usize]) -> Option<usize> {
    // "Washington Gov.", "the state of Washington": the state, not the capital of the same name
    let after_words: Vec<&str> = (span.last..(span.last + 3).min(text.tokens.len()))
        .map(|k| text.lower(k))
        .collect();
    let before_words: Vec<&str> = (span.first.saturating_sub(3)..span.first)
        .map(|k| text.lower(k))
        .collect();
    let state_cue = before_words.join(" ").ends_with("state of")
        || matches!(
            after_words.first().copied(),
            Some("state" | "gov." | "governor" | "legislature" | "lawmakers" | "attorney")
        );
    let states: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&c| {
            gaz.entries[c].ocd_id.as_deref().is_some_and(|o| {
                o.rsplit('/')
                    .next()
                    .is_some_and(|l| l.starts_with("state:"))
            })
        })
        .collect();
    if state_cue && states.len() == 1 {
        return Some(states[0]);
    }
    None
}

/// A state and a city of the same name ("New York", "Washington"): local cues, then the
/// article's; `None` when the candidates are not a state and a city.
fn state_or_city(
    text: &Text,
    gaz: &Gazetteer,
    span: &Span,
    cands: &[usize],
    entries: &[&Known],
    doc_states: &HashMap<String, usize>,
) -> Option<usize> {
    // a state and a city of the same name ("New York", "Washington"): local cues, then the article's
    let state = entries
        .iter()
        .position(|k| k.level.as_deref() == Some("state"));
    let city = entries
        .iter()
        .position(|k| k.level.as_deref() == Some("place"));
    if let (Some(s), Some(c)) = (state, city) {
        let before: Vec<&str> = (span.first.saturating_sub(3)..span.first)
            .map(|k| text.lower(k))
            .collect();
        let after: Vec<&str> = (span.last..(span.last + 3).min(text.tokens.len()))
            .map(|k| text.lower(k))
            .collect();
        let b = before.join(" ");
        let a = after.join(" ");
        if b.ends_with("state of")
            || a.starts_with("state")
            || a.starts_with("gov.")
            || a.starts_with("governor")
            || a.starts_with("attorney general")
            || a.starts_with("legislature")
        {
            return Some(cands[s]);
        }
        if b.ends_with("city of")
            || a.starts_with("mayor")
            || a.starts_with("city")
            || a.starts_with("and other cities")
            || listed_with_a_city(text, gaz, span.last)
        {
            return Some(cands[c]);
        }
        let city_votes = *doc_states.get("#city").unwrap_or(&0);
        let state_votes = *doc_states.get("#state").unwrap_or(&0);
        // a state outranks a small town of its name ("Oregon"), whatever the wording
        let big_city = entries[c].geonames.is_some()
            && entries[c]
                .state
                .as_ref()
                .is_some_and(|st| doc_states.contains_key(st));
        return Some(
            cands[if city_votes > state_votes && big_city {
                c
            } else {
                s
            }],
        );
    }
    None
}

/// Of the candidates in a state the article names, the one in the state it names most
/// ("Springfield" in an article about Illinois), or that state's county of the name.
fn most_named_state(
    gaz: &Gazetteer,
    in_named_state: &[usize],
    doc_states: &HashMap<String, usize>,
) -> Option<usize> {
    // several: the one in the state the article names most, when one is named most
    let votes = |c: usize| {
        gaz.entries[c]
            .state
            .as_ref()
            .and_then(|s| doc_states.get(s))
            .copied()
            .unwrap_or(0)
    };
    if let Some(&top) = in_named_state.iter().max_by_key(|&&c| votes(c)) {
        let in_top: Vec<usize> = in_named_state
            .iter()
            .copied()
            .filter(|&c| gaz.entries[c].state == gaz.entries[top].state)
            .collect();
        if in_named_state
            .iter()
            .filter(|&&c| votes(c) == votes(top))
            .count()
            == in_top.len()
        {
            // a county and a place of one name in that state: the county, the larger body
            let county: Vec<usize> = in_top
                .iter()
                .copied()
                .filter(|&c| gaz.entries[c].level.as_deref() == Some("county"))
                .collect();
            if in_top.len() == 1 || county.len() == 1 {
                return Some(if in_top.len() == 1 {
                    in_top[0]
                } else {
                    county[0]
                });
            }
        }
    }
    None
}

/// The incorporated place of the name in one state ("Flint" city, not "Flint" charter
/// township), else the one candidate that carries a GeoNames id.
fn incorporated_or_big(gaz: &Gazetteer, cands: &[usize]) -> Option<usize> {
    // an incorporated place and a county subdivision of the same name in one state
    // ("Flint" city and "Flint" charter township): the place
    let incorporated: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&c| {
            gaz.entries[c]
                .ocd_id
                .as_deref()
                .is_some_and(|o| !o.contains("/county:") && o.contains("/place:"))
        })
        .collect();
    let states: HashSet<Option<&str>> = cands
        .iter()
        .map(|&c| gaz.entries[c].state.as_deref())
        .collect();
    if incorporated.len() == 1 && states.len() == 1 {
        return Some(incorporated[0]);
    }
    // same kind everywhere and one clearly bigger (carries a GeoNames id)
    let big: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&c| gaz.entries[c].geonames.is_some())
        .collect();
    if big.len() == 1 {
        return Some(big[0]);
    }
    None
}

/// The one candidate that is a place outside the U.S. (a national capital).
fn national_capital(gaz: &Gazetteer, cands: &[usize]) -> Option<usize> {
    let mut abroad = cands
        .iter()
        .copied()
        .filter(|&c| gaz.entries[c].source == "world_divisions.tsv");
    match (abroad.next(), abroad.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// True when a comma and another city follow token `t` ("New York, Chicago, New Orleans and
/// Philadelphia"): a list of cities.
fn listed_with_a_city(text: &Text, gaz: &Gazetteer, t: usize) -> bool {
    if t + 1 >= text.tokens.len() || text.tok(t) != "," {
        return false;
    }
    (1..=3).any(|n| {
        let end = (t + 1 + n).min(text.tokens.len());
        let name = text.slice(text.tokens[t + 1].start, text.tokens[end - 1].end);
        gaz.lookup(name)
            .iter()
            .any(|k| k.level.as_deref() == Some("place") && k.geonames.is_some())
    })
}

/// Counts the cues the whole article gives: states named, and city versus state wording.
fn article_cues(text: &Text, gaz: &Gazetteer, spans: &[Span]) -> HashMap<String, usize> {
    let mut cues = HashMap::new();
    for s in spans {
        if let SpanKind::Known(c) = &s.kind {
            for &e in c {
                let k = &gaz.entries[e];
                if k.kind == EntityType::Jurisdiction && c.len() == 1 {
                    if let Some(st) = &k.state {
                        *cues.entry(st.clone()).or_default() += 1;
                    }
                    if k.level.as_deref() == Some("place") {
                        *cues.entry("#city".to_owned()).or_default() += 1;
                    }
                }
            }
        }
    }
    for (k, w) in (0..text.tokens.len()).map(|i| (i, text.tok(i))) {
        let next = if k + 1 < text.tokens.len() {
            text.tok(k + 1)
        } else {
            ""
        };
        match (w, next) {
            ("Mayor" | "mayor", _) | ("city", "officials") => {
                *cues.entry("#city".to_owned()).or_default() += 1;
            }
            ("Gov." | "governor" | "Governor", _) | ("state", "officials") => {
                *cues.entry("#state".to_owned()).or_default() += 1;
            }
            _ => {}
        }
    }
    cues
}

/// Resolves the spans of a document into entities and mentions.
pub fn resolve(text: &Text, gaz: &Gazetteer, lex: &Lexicon, spans: &[Span]) -> Resolved {
    let cues = article_cues(text, gaz, spans);
    let mut r = Resolved::default();
    let mut singles = Vec::new();
    for span in spans {
        match &span.kind {
            SpanKind::Known(cands) => add_known(&mut r, text, gaz, &cues, span, cands),
            SpanKind::Pattern(kind) => {
                let e = pattern_entity(&mut r, text, gaz, lex, *kind, &span_label(text, span));
                r.mentions.push(span_mention(span, e));
            }
            SpanKind::Single => singles.push(span.clone()),
        }
    }
    define_acronyms(text, &mut r, &mut singles);
    add_singles(&mut r, text, gaz, lex, &singles);
    r.mentions.sort_by_key(|m| m.first);
    // the id index serves `entity_for` alone; what follows renames entities and adds them
    r.ids = FxHashMap::default();
    place_generic_agencies(text, &mut r);
    record_titles(text, lex, &mut r);
    crate::priors::apply(text, gaz, lex, &mut r);
    r.index();
    r
}

/// The text of a span.
fn span_label(text: &Text, span: &Span) -> String {
    text.slice(
        text.tokens[span.first].start,
        text.tokens[span.last - 1].end,
    )
    .to_owned()
}

/// A mention of entity `entity` over the tokens and title of `span`.
fn span_mention(span: &Span, entity: usize) -> Mention {
    Mention {
        first: span.first,
        last: span.last,
        entity,
        title: span.title,
    }
}

/// The mention of a span the gazetteer knows, with `cands` its candidate entries: the entry
/// the context chooses, else an unlinked entity of the candidates' type.
fn add_known(
    r: &mut Resolved,
    text: &Text,
    gaz: &Gazetteer,
    cues: &HashMap<String, usize>,
    span: &Span,
    cands: &[usize],
) {
    let label = span_label(text, span);
    // "Houlton" after "Tyler Q. Houlton": the person named before, not the town
    if span.last == span.first + 1
        && cands
            .iter()
            .all(|&c| gaz.entries[c].kind != EntityType::Person)
    {
        if let Some(p) = single_referent(r, &label, span.first) {
            r.mentions.push(span_mention(span, p));
            return;
        }
    }
    if let Some(comma) = (span.first..span.last).find(|&k| text.tok(k) == ",") {
        if let Some(e) = choose(text, gaz, span, cands, cues) {
            add_place_and_state(r, text, gaz, span, comma, e);
        }
        return;
    }
    let e = match choose(text, gaz, span, cands, cues) {
        Some(e) => {
            let i = known_entity(r, gaz, e);
            if cands.len() > 1 {
                r.entities[i].chosen = true;
            }
            i
        }
        None => {
            // ambiguous: an unlinked entity of the candidates' type
            let kind = gaz.entries[cands[0]].kind;
            let id = slug(&label);
            r.entity_for(&id, || DocEntity::unlinked(&id, &label, kind))
        }
    };
    r.mentions.push(span_mention(span, e));
}

/// "Escondido, Calif.": the place (entry `e`) before the comma at token `comma` of `span`
/// and the state after it are two mentions, the place located in the state.
fn add_place_and_state(
    r: &mut Resolved,
    text: &Text,
    gaz: &Gazetteer,
    span: &Span,
    comma: usize,
    e: usize,
) {
    let place = known_entity(r, gaz, e);
    r.mentions.push(Mention {
        first: span.first,
        last: comma,
        entity: place,
        title: None,
    });
    let state_text = text.slice(text.tokens[comma + 1].start, text.tokens[span.last - 1].end);
    let place_state = gaz.entries[e].state.clone();
    let states: Vec<&Known> = gaz
        .lookup(state_text)
        .into_iter()
        .filter(|k| k.level.as_deref() == Some("state"))
        .collect();
    // "Yakima, Washington": the state the place lies in
    let Some(st) = states
        .iter()
        .find(|k| k.state.is_some() && k.state == place_state)
        .or(states.first())
    else {
        return;
    };
    let Some(si) = gaz.entry_by_id(&st.id) else {
        return;
    };
    let state = known_entity(r, gaz, si);
    r.mentions.push(Mention {
        first: comma + 1,
        last: span.last,
        entity: state,
        title: None,
    });
    r.located.push((r.mentions.len() - 2, r.mentions.len() - 1));
}

/// The mentions of lone words ("Albence", "the Act"): the person of that surname named
/// before, or the known person its title names, else the document's entity it stands for.
fn add_singles(r: &mut Resolved, text: &Text, gaz: &Gazetteer, lex: &Lexicon, singles: &[Span]) {
    for span in singles {
        let word = text.tokens_text(span.first, span.last);
        let titled = span
            .title
            .and_then(|(s, e)| titled_known_person(text, gaz, s, e, word))
            .map(|k| known_entity(r, gaz, k));
        let referent = single_referent(r, word, span.first).or(titled);
        if let Some(e) = referent.or_else(|| document_referent(lex, r, word)) {
            r.mentions.push(span_mention(span, e));
        }
    }
}

/// "the Department of Safety in Denver": an agency named without its place takes the place's
/// name ("Denver Department of Safety"), so that it is not confused with another city's.
fn place_generic_agencies(text: &Text, r: &mut Resolved) {
    let mut renames: Vec<(usize, String)> = Vec::new();
    for (i, m) in r.mentions.iter().enumerate() {
        let e = &r.entities[m.entity];
        let generic = e.kind == EntityType::Agency
            && e.known.is_none()
            && ["Department ", "Office ", "Bureau ", "Division ", "Board "]
                .iter()
                .any(|p| e.label.starts_with(p));
        if !generic || m.last + 1 >= text.tokens.len() || text.tok(m.last) != "in" {
            continue;
        }
        if let Some(place) = r.mentions.get(i + 1).filter(|p| p.first == m.last + 1) {
            let pe = &r.entities[place.entity];
            if pe.kind == EntityType::Jurisdiction && !renames.iter().any(|(x, _)| *x == m.entity) {
                renames.push((m.entity, format!("{} {}", pe.label, e.label)));
            }
        }
    }
    for (e, label) in renames {
        r.entities[e].id = slug(&label);
        r.entities[e].label = label;
    }
}

fn known_entity(r: &mut Resolved, gaz: &Gazetteer, e: usize) -> usize {
    let k = &gaz.entries[e];
    r.entity_for(&k.id, || DocEntity {
        id: k.id.clone(),
        label: k.label.clone(),
        kind: k.kind,
        known: Some(e),
        titles: Vec::new(),
        chosen: false,
    })
}

fn pattern_entity(
    r: &mut Resolved,
    text: &Text,
    gaz: &Gazetteer,
    lex: &Lexicon,
    kind: EntityType,
    label: &str,
) -> usize {
    let _ = text;
    // "Houston police": the city's police department
    let police;
    let label = match label.strip_suffix(" police") {
        Some(place) if kind == EntityType::Agency => {
            police = format!("{place} Police Department");
            police.as_str()
        }
        _ => label,
    };
    if kind == EntityType::Person {
        // "Matt Albence" and "Matthew Albence"; a surname alone is resolved later
        let sur = surname(label);
        let first = label.split_whitespace().next().unwrap_or("");
        if let Some(i) = r.people().into_iter().find(|&i| {
            r.entities[i].kind == EntityType::Person
                && r.surname_of(i).eq_ignore_ascii_case(&sur)
                && {
                    let f = r.entities[i].label.split_whitespace().next().unwrap_or("");
                    f.starts_with(first) || first.starts_with(f) || f.eq_ignore_ascii_case(&sur)
                }
        }) {
            return i;
        }
    }
    // "SB 4" is "Senate Bill 4": one entity
    let expanded;
    let label = match label.split_once(' ') {
        Some((abbr, number))
            if kind == EntityType::Policy && number.chars().all(|c| c.is_ascii_digit()) =>
        {
            match lex.head_expansions.get(abbr) {
                Some(words) => {
                    expanded = format!("{words} {number}");
                    expanded.as_str()
                }
                None => label,
            }
        }
        _ => label,
    };
    // a pattern name that is an alias of a known entity ("Department of Homeland Security")
    if let Some(k) = gaz.lookup(label).into_iter().find(|k| k.kind == kind) {
        if let Some(e) = gaz.entry_by_id(&k.id) {
            return known_entity(r, gaz, e);
        }
    }
    let label = label.trim_start_matches("the ").to_owned();
    let mut id = slug(&label);
    if kind == EntityType::Person {
        // one id for "Matt Albence" and "Matthew Albence", in every article
        if let Some((given, rest)) = label.split_once(' ') {
            if let Some(full) = gaz.nicknames.get(given) {
                id = slug(&format!("{full} {rest}"));
            }
        }
    }
    if gaz
        .entry_by_id(&id)
        .is_some_and(|k| gaz.entries[k].kind != kind)
    {
        id = format!("{}-{}", id, kind.as_str().to_lowercase());
    }
    r.entity_for(&id, || DocEntity::unlinked(&id, &label, kind))
}

/// "Long Name (LN)" makes LN an alias of Long Name's entity; lone acronyms are also matched
/// against the initials of the document's entities ("NYDOC").
fn define_acronyms(text: &Text, r: &mut Resolved, singles: &mut Vec<Span>) {
    // the first definition of each acronym
    let mut aliases: HashMap<String, usize> = HashMap::new();
    for m in &r.mentions {
        if m.last + 2 < text.tokens.len() && text.tok(m.last) == "(" && text.tok(m.last + 2) == ")"
        {
            let acr = text.tok(m.last + 1);
            if acr.len() >= 2
                && acr
                    .chars()
                    .all(|c| c.is_uppercase() || c == '.' || c == '-' || c.is_ascii_digit())
            {
                aliases.entry(acr.to_owned()).or_insert(m.entity);
            }
        }
    }
    // the initials of each entity, with and without function words, computed once
    let mut inits: Vec<Option<(String, String)>> = Vec::new();
    singles.retain(|s| {
        let w = text.tok(s.first);
        if let Some(&e) = aliases.get(w) {
            r.mentions.push(Mention {
                first: s.first,
                last: s.last,
                entity: e,
                title: None,
            });
            return false;
        }
        let acronym = w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase());
        if acronym {
            if inits.len() < r.entities.len() {
                inits.extend(r.entities[inits.len()..].iter().map(|e| {
                    matches!(
                        e.kind,
                        EntityType::Agency | EntityType::Organization | EntityType::Jurisdiction
                    )
                    .then(|| (initials(&e.label, true), initials(&e.label, false)))
                }));
            }
            let hit: Vec<usize> = inits
                .iter()
                .enumerate()
                .filter(|(_, i)| i.as_ref().is_some_and(|(a, b)| a == w || b == w))
                .map(|(i, _)| i)
                .collect();
            if hit.len() == 1 {
                r.mentions.push(Mention {
                    first: s.first,
                    last: s.last,
                    entity: hit[0],
                    title: None,
                });
                return false;
            }
        }
        true
    });
}

/// A lone word: a person's surname ("Albence", "de Blasio"), or a label's last word.
/// "President Trump", "Gov. Hochul": the one known person with that surname who holds the
/// title (the role column of `us_people.tsv`).
fn titled_known_person(
    text: &Text,
    gaz: &Gazetteer,
    s: usize,
    e: usize,
    surname_word: &str,
) -> Option<usize> {
    let title = (s..e).map(|k| text.lower(k)).collect::<Vec<_>>().join(" ");
    let role = match title.trim_end_matches('.') {
        t if t.ends_with("president") => "president",
        t if t.ends_with("governor") || t.ends_with("gov") => "governor",
        t if t.ends_with("mayor") => "mayor",
        t if t.ends_with("senator") || t.ends_with("sen") => "senator",
        t if t.ends_with("attorney general") => "attorney general",
        _ => return None,
    };
    let hits = gaz.people_titled(role, surname_word);
    (hits.len() == 1).then(|| hits[0])
}

/// "the Constitution", "the Charter": the article's one document of that head
/// ("the U.S. Constitution"), else a document of that name.
fn document_referent(lex: &Lexicon, r: &mut Resolved, word: &str) -> Option<usize> {
    if lex.heads.get(word) != Some(&EntityType::Policy) {
        return None;
    }
    let named: Vec<usize> = (0..r.entities.len())
        .filter(|&e| {
            let d = &r.entities[e];
            d.kind == EntityType::Policy && d.label.rsplit(' ').next() == Some(word)
        })
        .collect();
    if let [one] = named[..] {
        return Some(one);
    }
    let id = slug(word);
    Some(r.entity_for(&id, || DocEntity::unlinked(&id, word, EntityType::Policy)))
}

/// The person a lone surname at token `at` names: the one person of that surname, else, of
/// several ("Charles Breyer" and his brother "Stephen Breyer"), the one named last before it.
fn single_referent(r: &mut Resolved, word: &str, at: usize) -> Option<usize> {
    let people: Vec<usize> = r
        .people()
        .into_iter()
        .filter(|&i| {
            r.entities[i].kind == EntityType::Person && r.surname_of(i).eq_ignore_ascii_case(word)
        })
        .collect();
    match people[..] {
        [] => None,
        [one] => Some(one),
        _ => r
            .mentions
            .iter()
            .filter(|m| m.last <= at && people.contains(&m.entity))
            .max_by_key(|m| m.first)
            .map(|m| m.entity),
    }
}

/// Keeps the titles written before each person's mentions ("Gov.", "acting director").
fn record_titles(text: &Text, lex: &Lexicon, r: &mut Resolved) {
    for m in &r.mentions {
        if let Some((s, e)) = m.title {
            let t: Vec<&str> = (s..e).map(|k| text.lower(k)).collect();
            for k in 0..t.len() {
                if let Some((n, title)) = lex.title_at(&t[k..]) {
                    if title.predicate.is_some() {
                        let role = t[k..k + n].join(" ");
                        let ent = &mut r.entities[m.entity];
                        if !ent.titles.contains(&role) {
                            ent.titles.push(role);
                        }
                    }
                }
            }
        }
    }
}

/// Adjectives that may stand inside a role description.
/// Whether the words at token `k` are "of" and a name ("of Denver", "of the State of Texas"),
/// not "of" and what is said of the one described ("of lying", "of overreach").
fn continues_into_name(text: &Text, k: usize) -> bool {
    let capital =
        |i: usize| i < text.tokens.len() && text.tok(i).starts_with(|c: char| c.is_uppercase());
    k < text.tokens.len()
        && text.tok(k) == "of"
        && (capital(k + 1) || capital(k + 2) && text.lower(k + 1) == "the")
}

/// True when "her" at `t` is an object ("charged her", "with her."), not a possessive ("her
/// office"): the word after it is punctuation, a preposition or a conjunction, or nothing.
fn object_her(text: &Text, t: usize) -> bool {
    let Some(next) = text.get(t + 1) else {
        return true;
    };
    let next = next.to_lowercase();
    !next.chars().any(char::is_alphanumeric)
        || matches!(
            next.as_str(),
            "with"
                | "to"
                | "of"
                | "for"
                | "and"
                | "or"
                | "in"
                | "on"
                | "over"
                | "after"
                | "as"
                | "that"
                | "at"
                | "by"
                | "from"
                | "into"
                | "about"
                | "against"
                | "before"
                | "because"
                | "if"
                | "when"
                | "out"
                | "down"
                | "up"
        )
}

/// What role nouns and pronouns refer to in one document. The mentions are in text order;
/// the mentions of people, and those each role noun fits, are indexed once (on first use), so
/// that each question costs what its answer needs, not a scan of the document.
pub struct Referrer<'a> {
    text: &'a Text<'a>,
    gaz: &'a Gazetteer,
    lex: &'a Lexicon,
    r: &'a Resolved,
    /// The first words of the role nouns, or `None` when one has no words.
    firsts: Option<FxHashSet<&'a str>>,
    /// The role nouns (indices, ascending) by their first two words, and those of one word
    /// by their word: the only ones that can match where these words stand.
    by_two: FxHashMap<(&'a str, &'a str), Vec<usize>>,
    by_one: FxHashMap<&'a str, Vec<usize>>,
    /// The mentions of people, by index.
    people: Vec<usize>,
    /// By role noun: the mentions of the entities it fits.
    fitting: Vec<Option<Vec<usize>>>,
    /// By role noun of a field: the fitting entity the article names most.
    most_named: Vec<Option<Option<usize>>>,
}

impl<'a> Referrer<'a> {
    /// Indexes the mentions of `r`.
    pub fn new(text: &'a Text<'a>, gaz: &'a Gazetteer, lex: &'a Lexicon, r: &'a Resolved) -> Self {
        let firsts = lex
            .role_nouns
            .iter()
            .map(|rn| rn.words.first().map(String::as_str))
            .collect();
        let people = (0..r.mentions.len())
            .filter(|&i| r.entities[r.mentions[i].entity].kind == EntityType::Person)
            .collect();
        let mut by_two: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
        let mut by_one: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (ri, rn) in lex.role_nouns.iter().enumerate() {
            match &rn.words[..] {
                [] => {}
                [one] => by_one.entry(one).or_default().push(ri),
                [a, b, ..] => by_two.entry((a, b)).or_default().push(ri),
            }
        }
        Referrer {
            text,
            gaz,
            lex,
            r,
            firsts,
            by_two,
            by_one,
            people,
            fitting: vec![None; lex.role_nouns.len()],
            most_named: vec![None; lex.role_nouns.len()],
        }
    }

    /// Whether role noun `rn` may refer to entity `e`.
    fn fits(&self, rn: &RoleNoun, e: &DocEntity) -> bool {
        if e.kind != rn.kind {
            return false;
        }
        if !rn.role.is_empty() && !e.titles.iter().any(|x| x.contains(&rn.role)) {
            return false;
        }
        if !rn.division.is_empty() {
            let level = e
                .known
                .and_then(|k| self.gaz.entries[k].level.clone())
                .unwrap_or_default();
            let want = match rn.division.as_str() {
                "city" => level == "place",
                other => level == other,
            };
            if !want {
                return false;
            }
        }
        !rn.except.iter().any(|x| e.label.contains(x.as_str()))
            && (rn.field.is_empty() || rn.field.iter().any(|f| e.label.contains(f.as_str())))
    }

    /// The last of the mentions `list` (indices, ascending) that ends by token `t`.
    fn last_before(&self, list: &[usize], t: usize) -> Option<usize> {
        let ms = &self.r.mentions;
        // mentions are in text order: those after the first starting past `t` end past it
        let upto = ms.partition_point(|m| m.first <= t);
        let n = list.partition_point(|&i| i < upto);
        list[..n].iter().rev().copied().find(|&i| ms[i].last <= t)
    }

    /// What an object pronoun ("him", "her") at token `t` refers to: the last person named in
    /// this or the previous two sentences, but not the subject of its own clause ("Smith
    /// charged him": not Smith), which is a person named earlier in the sentence with no
    /// clause boundary between.
    fn object_pronoun(&self, t: usize) -> Option<usize> {
        let (text, r) = (self.text, self.r);
        let s = text.sentence_of(t);
        let sent_first = text.sentences[s].first;
        let from = text.sentences[s.saturating_sub(2)].first;
        let upto = r.mentions.partition_point(|m| m.first <= t);
        let n = self.people.partition_point(|&i| i < upto);
        let mut subject = None;
        for &i in self.people[..n].iter().rev() {
            let m = &r.mentions[i];
            if m.last > t {
                continue;
            }
            if m.first < from {
                return None;
            }
            let same_clause = m.first >= sent_first
                && !(m.last..t).any(|k| self.lex.words.antecedent_break.contains(text.lower(k)));
            if same_clause && subject.is_none() {
                subject = Some(m.entity);
                continue;
            }
            if Some(m.entity) != subject {
                return Some(m.entity);
            }
        }
        None
    }

    /// What a role noun or pronoun at token `t` refers to: the last compatible entity mentioned
    /// before it, and how many tokens it spans.
    pub fn refer(&mut self, t: usize) -> Option<(usize, usize)> {
        let (text, r) = (self.text, self.r);
        let w = text.lower(t);
        if matches!(w, "he" | "she") {
            // the last person mentioned before, in this or the previous two sentences; a
            // possessor gives way to a person named before it ("Johnson criticized Abbott's
            // plan, and he urged …": Johnson)
            let s = text.sentence_of(t);
            let from = text.sentences[s.saturating_sub(2)].first;
            let upto = r.mentions.partition_point(|m| m.first <= t);
            let n = self.people.partition_point(|&i| i < upto);
            let mut nearest = None;
            for m in self.people[..n]
                .iter()
                .rev()
                .map(|&i| &r.mentions[i])
                .filter(|m| m.last <= t)
                .take_while(|m| m.first >= from)
            {
                nearest.get_or_insert(m.entity);
                let possessor = m.last < text.tokens.len() && text.tok(m.last) == "'s";
                if !possessor {
                    return Some((m.entity, 1));
                }
            }
            return nearest.map(|e| (e, 1));
        }
        if w == "him" || w == "her" && object_her(text, t) {
            return self.object_pronoun(t).map(|e| (e, 1));
        }
        if self.firsts.as_ref().is_some_and(|f| !f.contains(w)) {
            return None;
        }
        let mut words: Vec<&str> = (t..(t + 5).min(text.tokens.len()))
            .map(|k| text.lower(k))
            .collect();
        // "the Democratic mayor", "the embattled governor": an adjective inside the description
        let mut extra = 0;
        // "the Republican-led legislature", "the SNP-led government" too
        if words.len() > 2
            && words[0] == "the"
            && (self.lex.words.role_adjective.contains(words[1]) || words[1].ends_with("-led"))
        {
            words.remove(1);
            extra = 1;
        }
        let lex = self.lex;
        // the role nouns that begin with these words, in the lexicon's order (all of them
        // when one has no words)
        let candidates: Vec<usize> = if self.firsts.is_none() {
            (0..lex.role_nouns.len()).collect()
        } else {
            let none: &[usize] = &[];
            let one = self.by_one.get(words[0]).map_or(none, Vec::as_slice);
            let two = words
                .get(1)
                .and_then(|&b| self.by_two.get(&(words[0], b)))
                .map_or(none, Vec::as_slice);
            let mut c = [one, two].concat();
            c.sort_unstable();
            c
        };
        for ri in candidates {
            let rn = &lex.role_nouns[ri];
            if words.len() >= rn.words.len() && words[..rn.words.len()] == rn.words[..] {
                let t = t + extra;
                // the description must not continue into a name ("the city of Denver", "the
                // governor of the state of Texas"); "accused the governor of lying" does not
                if continues_into_name(text, t + rn.words.len()) {
                    return None;
                }
                if !rn.field.is_empty() || rn.kind == EntityType::Agency && !rn.division.is_empty()
                {
                    // a field description: the entity of that field the article names most
                    if self.most_named[ri].is_none() {
                        let counts = r.mention_counts();
                        let best = (0..r.entities.len())
                            .filter(|&e| counts[e] > 0 && self.fits(rn, &r.entities[e]))
                            .max_by_key(|&e| (counts[e], std::cmp::Reverse(e)));
                        self.most_named[ri] = Some(best);
                    }
                    let best = self.most_named[ri].flatten()?;
                    return Some((best, rn.words.len() + extra));
                }
                if self.fitting[ri].is_none() {
                    let fit: Vec<bool> = r.entities.iter().map(|e| self.fits(rn, e)).collect();
                    self.fitting[ri] = Some(
                        (0..r.mentions.len())
                            .filter(|&i| fit[r.mentions[i].entity])
                            .collect(),
                    );
                }
                let list = self.fitting[ri].as_deref().unwrap_or_default();
                // "A federal judge on Friday blocked …": an indefinite description in a lede
                // names the one the article names after it, when it named none before
                let found = self.last_before(list, t).or_else(|| {
                    (rn.words[0] == "a")
                        .then(|| list.iter().copied().find(|&i| r.mentions[i].first > t))
                        .flatten()
                });
                return found.map(|m| (r.mentions[m].entity, rn.words.len() + extra));
            }
        }
        None
    }
}
