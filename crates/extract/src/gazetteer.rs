//! Known entities from `data/`: countries, U.S. divisions, agencies, organisations, facilities
//! and people, with their identifiers, matched in text by hashing the word spans at each word start (longest first).
//!
//! Lookups are the hot path of extraction: each span is case-folded into one reused buffer and
//! hashed with FxHash (`rustc-hash`, the hasher of the Rust compiler: keys are our own data,
//! not an attacker's, so SipHash's flood resistance buys nothing here), and the spans at a word
//! start stop growing as soon as no form begins with them.

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};

use newsgraph_model::{slug, EntityType};

use crate::data::{multi, DataSource};
use crate::resolve::surname;
use crate::Error;

/// One known entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    /// Stable local id.
    pub id: String,
    /// Preferred label.
    pub label: String,
    /// Type.
    pub kind: EntityType,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// OCD division id.
    pub ocd_id: Option<String>,
    /// GeoNames id.
    pub geonames: Option<String>,
    /// Agency level, or division kind (state, county, place, borough, country).
    pub level: Option<String>,
    /// Two-letter state of a division, agency or person.
    pub state: Option<String>,
    /// A person's role ("Senator", "Mayor").
    pub role: Option<String>,
    /// The data file it came from.
    pub source: &'static str,
    /// Acronyms.
    pub acronyms: Vec<String>,
}

/// A surface form and what it may name.
#[derive(Debug)]
struct Form {
    text: String,
    candidates: Vec<usize>,
    /// Acronyms and all-capital forms must match with their exact case.
    exact_case: bool,
}

/// The gazetteer: known entities and the automaton over their names.
#[derive(Debug)]
pub struct Gazetteer {
    /// Every known entity.
    pub entries: Vec<Known>,
    forms: Vec<Form>,
    /// Form index by its ASCII-lower-cased text.
    index: FxHashMap<String, usize>,
    /// The proper prefixes of the keys of `index` that end where a text span can end: a span
    /// that is neither a key nor one of these cannot grow into a key.
    prefixes: FxHashSet<String>,
    /// The longest form, in bytes.
    longest: usize,
    /// Further forms whose lower-cased text is a key of `index` ("Ice" beside "ICE").
    same_key: FxHashMap<String, Vec<usize>>,
    /// Entry index by id.
    by_id: FxHashMap<String, usize>,
    /// People with a role, by lower-cased role and surname, in entry order.
    titled: FxHashMap<(String, String), Vec<usize>>,
    /// Given names, for recognising people the gazetteer does not know.
    pub first_names: HashSet<String>,
    /// The full given name of a short form ("Matt" → "Matthew").
    pub nicknames: HashMap<String, String>,
    /// State postal code by state name and abbreviation ("California", "Calif.", "CA").
    pub states: HashMap<String, String>,
}

/// A match of a known name in text.
#[derive(Debug, Clone)]
pub struct GazMatch {
    /// Byte start in the normalised text.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Candidate entries, best first after disambiguation.
    pub candidates: Vec<usize>,
}

struct Builder {
    entries: Vec<Known>,
    forms: FxHashMap<String, usize>,
    list: Vec<Form>,
    ids: FxHashMap<String, usize>,
    qids: FxHashMap<(String, EntityType), usize>,
}

impl Builder {
    fn entry(&mut self, mut k: Known) -> usize {
        // one Wikidata item, one entry: a second table naming the same body ("New York Police
        // Department", QID Q328473, beside the city's "New York City Police Department") adds
        // its names to the first
        if let Some(q) = &k.wikidata {
            if let Some(&i) = self.qids.get(&(q.clone(), k.kind)) {
                return i;
            }
            self.qids.insert((q.clone(), k.kind), self.entries.len());
        }
        // one id, one entity: a second row with the same id is a different entity of the same
        // name (a second "Washington County"): keep both, with the state or a number as suffix
        if self.ids.contains_key(&k.id) {
            let base = k.id.clone();
            let mut n = 2;
            let mut id = match &k.state {
                Some(s) => format!("{base}-{}", s.to_lowercase()),
                None => format!("{base}-{n}"),
            };
            while self.ids.contains_key(&id) {
                n += 1;
                id = format!("{base}-{n}");
            }
            k.id = id;
        }
        self.ids.insert(k.id.clone(), self.entries.len());
        self.entries.push(k);
        self.entries.len() - 1
    }

    fn form(&mut self, text: &str, entry: usize) {
        let text = text.trim();
        if text.chars().count() < 2 {
            return;
        }
        let exact_case = text
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
            || text.len() <= 4;
        let i = *self.forms.entry(text.to_owned()).or_insert_with(|| {
            self.list.push(Form {
                text: text.to_owned(),
                candidates: Vec::new(),
                exact_case,
            });
            self.list.len() - 1
        });
        if !self.list[i].candidates.contains(&entry) {
            self.list[i].candidates.push(entry);
        }
    }
}

/// The first-level divisions of other countries and the world's capitals
/// (`world_divisions.tsv`): places without identifiers, level `state` or `place`.
fn load_world(b: &mut Builder, data: &DataSource) -> Result<(), Error> {
    let t = data.table("world_divisions.tsv")?;
    t.require(&["name", "aliases", "country", "code", "level"])?;
    for (_, r) in &t.rows {
        let name = t.get(r, "name");
        let level = t.get(r, "level");
        let id = match t.get(r, "code") {
            "" => format!(
                "{}-{}-capital",
                slug(name),
                t.get(r, "country").to_lowercase()
            ),
            code => format!("{}-{}", slug(name), slug(code)),
        };
        let e = b.entry(Known {
            id,
            label: name.to_owned(),
            kind: EntityType::Jurisdiction,
            wikidata: None,
            ocd_id: None,
            geonames: None,
            level: Some(level.to_owned()),
            state: None,
            role: None,
            source: "world_divisions.tsv",
            acronyms: Vec::new(),
        });
        b.form(name, e);
        for a in multi(t.get(r, "aliases")) {
            b.form(a, e);
        }
    }
    Ok(())
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

impl Gazetteer {
    /// Loads every gazetteer file of `data`.
    pub fn load(data: &DataSource) -> Result<Gazetteer, Error> {
        let mut b = Builder {
            entries: Vec::new(),
            forms: FxHashMap::default(),
            list: Vec::new(),
            ids: FxHashMap::default(),
            qids: FxHashMap::default(),
        };
        let mut states = HashMap::new();

        let t = data.table("countries.tsv")?;
        t.require(&["name", "aliases", "wikidata", "geonames", "ocd_id"])?;
        for (_, r) in &t.rows {
            let name = t.get(r, "name");
            let e = b.entry(Known {
                id: slug(name),
                label: name.to_owned(),
                kind: EntityType::Jurisdiction,
                wikidata: opt(t.get(r, "wikidata")),
                ocd_id: opt(t.get(r, "ocd_id")),
                geonames: opt(t.get(r, "geonames")),
                level: Some("country".into()),
                state: None,
                role: None,
                source: "countries.tsv",
                acronyms: Vec::new(),
            });
            b.form(name, e);
            for a in multi(t.get(r, "aliases")) {
                if !a.contains(',') && !a.contains('(') {
                    b.form(a, e);
                }
            }
            if t.get(r, "iso2") == "US" {
                for a in [
                    "U.S.",
                    "United States",
                    "United States of America",
                    "America",
                    "USA",
                    "U.S.A.",
                ] {
                    b.form(a, e);
                }
            }
        }

        let t = data.table("us_divisions.tsv")?;
        t.require(&[
            "ocd_id",
            "name",
            "aliases",
            "kind",
            "state",
            "wikidata",
            "geonames",
            "standalone",
        ])?;
        let mut state_names: HashMap<String, String> = HashMap::new();
        for (_, r) in &t.rows {
            if t.get(r, "kind") == "state" || t.get(r, "kind") == "territory" {
                let code = t.get(r, "state").to_owned();
                state_names.insert(code.clone(), t.get(r, "name").to_owned());
                states.insert(t.get(r, "name").to_owned(), code.clone());
                states.insert(code.clone(), code.clone());
                for a in multi(t.get(r, "aliases")) {
                    states.insert(a.to_owned(), code.clone());
                }
            }
        }
        // the abbreviations of each state ("Calif.", "Ariz."), for "Place, Calif."
        let mut abbreviations: HashMap<String, Vec<String>> = HashMap::new();
        for (alias, code) in &states {
            if alias.ends_with('.') {
                abbreviations
                    .entry(code.clone())
                    .or_default()
                    .push(alias.clone());
            }
        }
        for list in abbreviations.values_mut() {
            list.sort();
        }
        for (_, r) in &t.rows {
            let name = t.get(r, "name");
            let label = match t.get(r, "label") {
                "" => name,
                l => l,
            };
            let kind = t.get(r, "kind");
            let state = t.get(r, "state");
            let id = match kind {
                "state" | "territory" => format!("{}-state", slug(label)),
                _ => format!("{}-{}", slug(label), state.to_lowercase()),
            };
            let e = b.entry(Known {
                id,
                label: label.to_owned(),
                kind: EntityType::Jurisdiction,
                wikidata: opt(t.get(r, "wikidata")),
                ocd_id: opt(t.get(r, "ocd_id")),
                geonames: opt(t.get(r, "geonames")),
                level: Some(kind.to_owned()),
                state: opt(state),
                role: None,
                source: "us_divisions.tsv",
                acronyms: Vec::new(),
            });
            let standalone = t.get(r, "standalone") == "1";
            if standalone {
                b.form(name, e);
                for a in multi(t.get(r, "aliases")) {
                    b.form(a, e);
                }
            }
            if matches!(kind, "place" | "county") {
                if let Some(sn) = state_names.get(state) {
                    b.form(&format!("{name}, {sn}"), e);
                }
                for alias in abbreviations.get(state).into_iter().flatten() {
                    b.form(&format!("{name}, {alias}"), e);
                }
            }
        }

        load_world(&mut b, data)?;

        for (file, default_level) in [("federal_agencies.tsv", "federal"), ("us_agencies.tsv", "")]
        {
            let t = data.table(file)?;
            t.require(&["name", "acronym", "aliases", "wikidata", "level"])?;
            let source: &'static str = if file == "federal_agencies.tsv" {
                "federal_agencies.tsv"
            } else {
                "us_agencies.tsv"
            };
            for (_, r) in &t.rows {
                let name = t.get(r, "name");
                // the curated file wins over a second row naming the same body
                if b.forms.get(name).is_some_and(|&f| {
                    b.list[f]
                        .candidates
                        .iter()
                        .any(|&c| b.entries[c].kind == EntityType::Agency)
                }) {
                    continue;
                }
                let kind = if name == "White House" {
                    EntityType::Facility
                } else {
                    EntityType::Agency
                };
                let acronyms: Vec<String> = multi(t.get(r, "acronym")).map(str::to_owned).collect();
                let level = opt(t.get(r, "level")).or_else(|| opt(default_level));
                let e = b.entry(Known {
                    id: slug(name),
                    label: name.to_owned(),
                    kind,
                    wikidata: opt(t.get(r, "wikidata")),
                    ocd_id: None,
                    geonames: None,
                    level,
                    state: opt(t.get(r, "state")),
                    role: None,
                    source,
                    acronyms: acronyms.clone(),
                });
                b.form(name, e);
                for a in acronyms
                    .iter()
                    .map(String::as_str)
                    .chain(multi(t.get(r, "aliases")))
                {
                    if a.len() >= 2 {
                        b.form(a, e);
                    }
                }
            }
        }

        let t = data.table("nyc_agencies.tsv")?;
        t.require(&["name", "acronym", "aliases", "wikidata"])?;
        for (_, r) in &t.rows {
            let name = t.get(r, "name");
            let label = if name.starts_with("NYC ") || name.starts_with("New York City") {
                name.to_owned()
            } else {
                format!("New York City {name}")
            };
            let acronyms: Vec<String> = multi(t.get(r, "acronym")).map(str::to_owned).collect();
            let e = b.entry(Known {
                id: slug(&label),
                label: label.clone(),
                kind: EntityType::Agency,
                wikidata: opt(t.get(r, "wikidata")),
                ocd_id: None,
                geonames: None,
                level: opt(t.get(r, "level")),
                state: Some("NY".into()),
                role: None,
                source: "nyc_agencies.tsv",
                acronyms: acronyms.clone(),
            });
            b.form(&label, e);
            // the bare name ("Department of Correction") is too common across cities: only
            // prefixed forms, and acronyms that are distinctive (four letters or more)
            // "New York Department of Corrections": the plural of a final "-ion" is a common
            // slip of the press ("Correction" is the agency's name)
            let bare = name
                .trim_start_matches("NYC ")
                .trim_start_matches("New York City ");
            let plural = bare.ends_with("ion").then(|| format!("{bare}s"));
            for prefix in ["NYC ", "New York City ", "N.Y.C. ", "New York "] {
                if prefix == "New York " && !bare.starts_with(|c: char| c.is_uppercase()) {
                    continue;
                }
                for form in std::iter::once(bare).chain(plural.as_deref()) {
                    b.form(&format!("{prefix}{form}"), e);
                }
            }
            for a in acronyms
                .iter()
                .map(String::as_str)
                .chain(multi(t.get(r, "aliases")))
            {
                let all_caps = a.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
                if all_caps && a.len() >= 4
                    || a.starts_with("NYC")
                    || a.starts_with("New York City")
                {
                    b.form(a, e);
                }
            }
        }

        for (file, kind) in [
            ("organizations.tsv", EntityType::Organization),
            ("facilities.tsv", EntityType::Facility),
        ] {
            let t = data.table(file)?;
            t.require(&["name", "aliases", "wikidata"])?;
            let source: &'static str = if kind == EntityType::Organization {
                "organizations.tsv"
            } else {
                "facilities.tsv"
            };
            for (_, r) in &t.rows {
                let name = t.get(r, "name");
                let acronyms: Vec<String> = multi(t.get(r, "acronym")).map(str::to_owned).collect();
                let e = b.entry(Known {
                    id: slug(name.trim_start_matches("The ")),
                    label: name.to_owned(),
                    kind,
                    wikidata: opt(t.get(r, "wikidata")),
                    ocd_id: None,
                    geonames: None,
                    level: None,
                    state: None,
                    role: None,
                    source,
                    acronyms: acronyms.clone(),
                });
                b.form(name, e);
                for a in acronyms
                    .iter()
                    .map(String::as_str)
                    .chain(multi(t.get(r, "aliases")))
                {
                    b.form(a, e);
                }
            }
        }

        for file in ["people_extra.tsv", "us_people.tsv"] {
            let t = data.table(file)?;
            t.require(&["name", "aliases", "wikidata", "role", "state"])?;
            let source: &'static str = if file == "us_people.tsv" {
                "us_people.tsv"
            } else {
                "people_extra.tsv"
            };
            for (_, r) in &t.rows {
                let name = t.get(r, "name");
                if name.split_whitespace().count() < 2
                    || b.forms.get(name).is_some_and(|&f| {
                        b.list[f]
                            .candidates
                            .iter()
                            .any(|&c| b.entries[c].kind == EntityType::Person)
                    })
                {
                    continue;
                }
                let e = b.entry(Known {
                    id: slug(name),
                    label: name.to_owned(),
                    kind: EntityType::Person,
                    wikidata: opt(t.get(r, "wikidata")),
                    ocd_id: None,
                    geonames: None,
                    level: None,
                    state: opt(t.get(r, "state")),
                    role: opt(t.get(r, "role")),
                    source,
                    acronyms: Vec::new(),
                });
                b.form(name, e);
                for a in multi(t.get(r, "aliases")) {
                    if a.split_whitespace().count() >= 2 {
                        b.form(a, e);
                    }
                }
            }
        }

        let t = data.table("first_names.tsv")?;
        let first_names = t
            .rows
            .iter()
            .map(|(_, r)| t.get(r, "name").to_owned())
            .collect();

        // a hash of the lower-cased forms: probing the word spans of a text costs less than
        // building an automaton over ~100,000 names at every start (that took a second)
        let mut index = FxHashMap::with_capacity_and_hasher(b.list.len(), Default::default());
        let mut prefixes = FxHashSet::default();
        // two forms that differ only in case ("Ice" and "ICE") share a key: the case check
        // sees both
        let mut same_key: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, f) in b.list.iter().enumerate() {
            let key = f.text.to_ascii_lowercase();
            let k = key.as_bytes();
            for p in 1..k.len() {
                if (is_word_byte(k[p - 1]) || k[p - 1] == b'.')
                    && key.is_char_boundary(p)
                    && (!is_word_byte(k[p]) || k[p - 1] == b'.')
                {
                    prefixes.insert(key[..p].to_owned());
                }
            }
            match index.entry(key) {
                std::collections::hash_map::Entry::Occupied(o) => {
                    same_key.entry(o.key().clone()).or_default().push(i);
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
        let longest = b.list.iter().map(|f| f.text.len()).max().unwrap_or(0);
        let t = data.table("nicknames.tsv")?;
        t.require(&["nickname", "name"])?;
        let nicknames = t
            .rows
            .iter()
            .map(|(_, r)| (t.get(r, "nickname").to_owned(), t.get(r, "name").to_owned()))
            .collect();
        let by_id = b
            .entries
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.clone(), i))
            .collect();
        let mut titled: FxHashMap<(String, String), Vec<usize>> = FxHashMap::default();
        for (i, k) in b.entries.iter().enumerate() {
            if let (EntityType::Person, Some(role)) = (k.kind, &k.role) {
                let key = (
                    role.to_ascii_lowercase(),
                    surname(&k.label).to_ascii_lowercase(),
                );
                titled.entry(key).or_default().push(i);
            }
        }
        Ok(Gazetteer {
            by_id,
            titled,
            nicknames,
            entries: b.entries,
            forms: b.list,
            index,
            prefixes,
            longest,
            same_key,
            first_names,
            states,
        })
    }

    /// Finds known names in `text` (normalised), at word boundaries and with a plausible case:
    /// at each word start, the longest form that fits; matches do not overlap.
    pub fn find(&self, text: &str) -> Vec<GazMatch> {
        let bytes = text.as_bytes();
        let is_end = |e: usize| {
            e == bytes.len()
                || text.is_char_boundary(e) && (!is_word_byte(bytes[e]) || bytes[e - 1] == b'.')
        };
        let ends: Vec<usize> = (1..=bytes.len())
            .filter(|&e| (is_word_byte(bytes[e - 1]) || bytes[e - 1] == b'.') && is_end(e))
            .collect();
        let mut out = Vec::new();
        // the lower-cased span and the keys it matched, reused at every start
        let mut key = String::new();
        let mut hits: Vec<(usize, usize)> = Vec::new();
        let mut s = 0;
        while s < bytes.len() {
            let starts_word = is_word_byte(bytes[s])
                && text.is_char_boundary(s)
                && (s == 0 || !is_word_byte(bytes[s - 1]));
            if !starts_word {
                s += 1;
                continue;
            }
            let from = ends.partition_point(|&e| e <= s);
            let to = ends.partition_point(|&e| e <= s + self.longest);
            // the spans from `s`, shortest first, while some form starts with them; then the
            // longest whose case fits
            key.clear();
            hits.clear();
            for &e in &ends[from..to] {
                let grown = key.len();
                key.push_str(&text[s + grown..e]);
                key[grown..].make_ascii_lowercase();
                if let Some(&f) = self.index.get(key.as_str()) {
                    hits.push((e, f));
                }
                if !self.prefixes.contains(key.as_str()) {
                    break;
                }
            }
            let hit = hits.iter().rev().find_map(|&(e, f)| {
                let found = &text[s..e];
                self.forms_like(f)
                    .find(|form| case_fits(found, &form.text, form.exact_case))
                    .map(|form| (e, form))
            });
            match hit {
                Some((e, form)) => {
                    out.push(GazMatch {
                        start: s,
                        end: e,
                        candidates: form.candidates.clone(),
                    });
                    s = e;
                }
                None => s += 1,
            }
        }
        out
    }

    /// The form `f` and the other forms with the same letters in another case.
    fn forms_like(&self, f: usize) -> impl Iterator<Item = &Form> {
        let key = self.forms[f].text.to_ascii_lowercase();
        std::iter::once(&self.forms[f]).chain(
            self.same_key
                .get(&key)
                .into_iter()
                .flatten()
                .map(|&i| &self.forms[i]),
        )
    }

    /// The entries named `name` exactly, in any case (for resolution and linking).
    pub fn lookup(&self, name: &str) -> Vec<&Known> {
        let Some(&f) = self.index.get(&name.trim().to_ascii_lowercase()) else {
            return Vec::new();
        };
        self.forms_like(f)
            .flat_map(|f| f.candidates.iter().map(|&c| &self.entries[c]))
            .collect()
    }

    /// The indices of the entries named `name` exactly, in any case.
    pub fn lookup_ids(&self, name: &str) -> Vec<usize> {
        let Some(&f) = self.index.get(&name.trim().to_ascii_lowercase()) else {
            return Vec::new();
        };
        let mut ids: Vec<usize> = self
            .forms_like(f)
            .flat_map(|f| f.candidates.iter().copied())
            .collect();
        ids.dedup();
        ids
    }

    /// The people whose role is `role` and whose surname is `surname`, both in any ASCII case.
    pub fn people_titled(&self, role: &str, surname: &str) -> &[usize] {
        let key = (role.to_ascii_lowercase(), surname.to_ascii_lowercase());
        self.titled.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The index of the entry with this id.
    pub fn entry_by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// A case-insensitive hit counts when the text has the form's case, or when it is written in
/// title case where the form is ("department of corrections" is not "Department of Corrections",
/// "ICE" is never "ice").
fn case_fits(found: &str, form: &str, exact_case: bool) -> bool {
    if found == form {
        return true;
    }
    if exact_case {
        return false;
    }
    let upper_found = found
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    if upper_found {
        return false; // headline capitals: furniture or shouting, not a name
    }
    found
        .split_whitespace()
        .zip(form.split_whitespace())
        .all(|(a, b)| {
            let fa = a.chars().next().is_some_and(char::is_uppercase);
            let fb = b.chars().next().is_some_and(char::is_uppercase);
            fa == fb || !fb
        })
}
