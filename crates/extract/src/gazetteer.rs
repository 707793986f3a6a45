//! Known entities from `data/`: countries, U.S. divisions, agencies, organisations, facilities
//! and people, with their identifiers, matched in text by hashing the word spans at each word start (longest first).
//!
//! Lookups are the hot path of extraction and allocate nothing: the hash of a span is the
//! hash of its ASCII-lower-cased bytes, grown byte by byte as the span grows (an FxHash step,
//! as in `rustc-hash`: keys are our own data, not an attacker's, so SipHash's flood
//! resistance buys nothing here); the forms are found in a table of form indices compared
//! without regard to ASCII case, and the spans at a word start stop growing as soon as no
//! form begins with them.

use hashbrown::HashTable;
use rustc_hash::{FxHashMap, FxHashSet};

use newsgraph_model::{slug, EntityType};

use crate::data::{multi, DataSource, Table};
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

/// The hash of a byte string, one byte at a time (FxHash's step, so that the hash of a span
/// grows with the span: `find` hashes each byte of a candidate span once, not once per
/// length tried), then mixed so that the low bits a table indexes by depend on every byte.
#[derive(Clone, Copy)]
struct ByteHash(u64);

impl ByteHash {
    const SEED: u64 = 0x517c_c1b7_2722_0a95;

    fn new() -> ByteHash {
        ByteHash(0)
    }

    fn push(self, b: u8) -> ByteHash {
        ByteHash((self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(Self::SEED))
    }

    /// The hash of the ASCII-lower-cased bytes of `s` after this one's.
    fn lower(self, s: &[u8]) -> ByteHash {
        s.iter().fold(self, |h, &b| h.push(b.to_ascii_lowercase()))
    }

    fn exact(self, s: &[u8]) -> ByteHash {
        s.iter().fold(self, |h, &b| h.push(b))
    }

    fn finish(self) -> u64 {
        // the finaliser of MurmurHash3
        let mut h = self.0 ^ (self.0 >> 33);
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// The hash of the ASCII-lower-cased text: the key of [`Gazetteer::index`].
fn lower_hash(s: &str) -> u64 {
    ByteHash::new().lower(s.as_bytes()).finish()
}

fn exact_hash(s: &str) -> u64 {
    ByteHash::new().exact(s.as_bytes()).finish()
}

/// The gazetteer: known entities and the automaton over their names.
#[derive(Debug)]
pub struct Gazetteer {
    /// Every known entity.
    pub entries: Vec<Known>,
    forms: Vec<Form>,
    /// The first form of each ASCII-lower-cased text, by that text: a table of form indices
    /// hashed by [`lower_hash`] and compared without regard to ASCII case, so that neither
    /// building it nor probing it copies a key.
    index: HashTable<usize>,
    /// The hashes ([`lower_hash`]) of the proper prefixes of the keys of `index` that end
    /// where a text span can end: a span that is neither a key nor one of these cannot grow
    /// into a key. (Two texts with one hash only let a span grow further than it needs to:
    /// the matches found are those of `index`, compared by text.)
    prefixes: FxHashSet<u64>,
    /// The longest form, in bytes.
    longest: usize,
    /// Further forms with the letters of a key of `index` in another case ("Ice" beside
    /// "ICE"), by the form `index` holds.
    same_key: FxHashMap<usize, Vec<usize>>,
    /// Entry index by id.
    by_id: FxHashMap<String, usize>,
    /// People with a role, by lower-cased role and surname, in entry order.
    titled: FxHashMap<(String, String), Vec<usize>>,
    /// Given names, for recognising people the gazetteer does not know.
    pub first_names: FxHashSet<String>,
    /// The full given name of a short form ("Matt" → "Matthew").
    pub nicknames: FxHashMap<String, String>,
    /// State postal code by state name and abbreviation ("California", "Calif.", "CA").
    pub states: FxHashMap<String, String>,
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
    /// Indices into `list` by the exact text of the form ([`exact_hash`]).
    forms: HashTable<usize>,
    list: Vec<Form>,
    ids: FxHashMap<String, usize>,
    qids: FxHashMap<(String, EntityType), usize>,
    /// A reused buffer for forms made of pieces ("Springfield, Ill.").
    scratch: String,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            entries: Vec::with_capacity(1 << 16),
            forms: HashTable::with_capacity(1 << 17),
            list: Vec::with_capacity(1 << 17),
            ids: FxHashMap::with_capacity_and_hasher(1 << 16, Default::default()),
            qids: FxHashMap::with_capacity_and_hasher(1 << 16, Default::default()),
            scratch: String::new(),
        }
    }

    fn entry(&mut self, mut k: Known) -> usize {
        // one Wikidata item, one entry: a second table naming the same body ("New York Police
        // Department", QID Q328473, beside the city's "New York City Police Department") adds
        // its names to the first
        if let Some(q) = &k.wikidata {
            match self.qids.entry((q.clone(), k.kind)) {
                std::collections::hash_map::Entry::Occupied(o) => return *o.get(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(self.entries.len());
                }
            }
        }
        // one id, one entity: a second row with the same id is a different entity of the same
        // name (a second "Washington County"): keep both, with the state or a number as suffix
        if self.ids.contains_key(&k.id) {
            let base = k.id.clone();
            let mut n = 2;
            let mut id = base.clone();
            id.push('-');
            match &k.state {
                Some(s) => push_lowercase(&mut id, s),
                None => id.push('2'),
            }
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

    /// The form whose text is exactly `text`.
    fn form_index(&self, text: &str) -> Option<usize> {
        let list = &self.list;
        self.forms
            .find(exact_hash(text), |&i| list[i].text == text)
            .copied()
    }

    /// True when the form `text` names an entry of this type.
    fn names_a(&self, text: &str, kind: EntityType) -> bool {
        self.form_index(text).is_some_and(|f| {
            self.list[f]
                .candidates
                .iter()
                .any(|&c| self.entries[c].kind == kind)
        })
    }

    fn form(&mut self, text: &str, entry: usize) {
        let text = text.trim();
        if text.chars().nth(1).is_none() {
            return; // fewer than two characters
        }
        let i = match self.form_index(text) {
            Some(i) => i,
            None => {
                let exact_case = text
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(|c| c.is_uppercase())
                    || text.len() <= 4;
                let i = self.list.len();
                self.list.push(Form {
                    text: text.to_owned(),
                    candidates: Vec::new(),
                    exact_case,
                });
                let list = &self.list;
                self.forms
                    .insert_unique(exact_hash(text), i, |&j| exact_hash(&list[j].text));
                i
            }
        };
        if !self.list[i].candidates.contains(&entry) {
            self.list[i].candidates.push(entry);
        }
    }

    /// The form made of `pieces` ("Springfield", ", ", "Ill."), built in a reused buffer.
    fn form_of(&mut self, pieces: &[&str], entry: usize) {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        for p in pieces {
            text.push_str(p);
        }
        self.form(&text, entry);
        self.scratch = text;
    }
}

/// Appends `s` lower-cased (as `str::to_lowercase` does it).
fn push_lowercase(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// A jurisdiction, agency, organisation or facility without the fields of people.
fn body(id: String, label: &str, kind: EntityType, source: &'static str) -> Known {
    Known {
        id,
        label: label.to_owned(),
        kind,
        wikidata: None,
        ocd_id: None,
        geonames: None,
        level: None,
        state: None,
        role: None,
        source,
        acronyms: Vec::new(),
    }
}

/// Countries (`countries.tsv`), with the usual names of the United States.
fn load_countries(b: &mut Builder, data: &DataSource) -> Result<(), Error> {
    let t = data.table("countries.tsv")?;
    t.require(&["name", "aliases", "wikidata", "geonames", "ocd_id"])?;
    for (_, r) in &t.rows {
        let name = t.get(r, "name");
        let e = b.entry(Known {
            wikidata: opt(t.get(r, "wikidata")),
            ocd_id: opt(t.get(r, "ocd_id")),
            geonames: opt(t.get(r, "geonames")),
            level: Some("country".into()),
            ..body(slug(name), name, EntityType::Jurisdiction, "countries.tsv")
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
    Ok(())
}

/// The states and territories of `us_divisions.tsv`: postal code by name, alias and code,
/// and the name of each code.
fn us_states(t: &Table) -> (FxHashMap<String, String>, FxHashMap<String, String>) {
    let mut states = FxHashMap::default();
    let mut state_names = FxHashMap::default();
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
    (states, state_names)
}

/// U.S. states, counties, boroughs and places (`us_divisions.tsv`); a county or place also
/// by "Name, State" and "Name, Abbr." Returns the postal codes by state name and alias.
fn load_us_divisions(
    b: &mut Builder,
    data: &DataSource,
) -> Result<FxHashMap<String, String>, Error> {
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
    let (states, state_names) = us_states(&t);
    // the abbreviations of each state ("Calif.", "Ariz."), for "Place, Calif."
    let mut abbreviations: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for (alias, code) in &states {
        if alias.ends_with('.') {
            abbreviations.entry(code).or_default().push(alias);
        }
    }
    for list in abbreviations.values_mut() {
        list.sort_unstable();
    }
    for (_, r) in &t.rows {
        let name = t.get(r, "name");
        let label = match t.get(r, "label") {
            "" => name,
            l => l,
        };
        let kind = t.get(r, "kind");
        let state = t.get(r, "state");
        let mut id = slug(label);
        match kind {
            "state" | "territory" => id.push_str("-state"),
            _ => {
                id.push('-');
                push_lowercase(&mut id, state);
            }
        }
        let e = b.entry(Known {
            wikidata: opt(t.get(r, "wikidata")),
            ocd_id: opt(t.get(r, "ocd_id")),
            geonames: opt(t.get(r, "geonames")),
            level: Some(kind.to_owned()),
            state: opt(state),
            ..body(id, label, EntityType::Jurisdiction, "us_divisions.tsv")
        });
        if t.get(r, "standalone") == "1" {
            b.form(name, e);
            for a in multi(t.get(r, "aliases")) {
                b.form(a, e);
            }
        }
        if matches!(kind, "place" | "county") {
            if let Some(sn) = state_names.get(state) {
                b.form_of(&[name, ", ", sn], e);
            }
            for alias in abbreviations.get(state).into_iter().flatten() {
                b.form_of(&[name, ", ", alias], e);
            }
        }
    }
    Ok(states)
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
            level: Some(level.to_owned()),
            ..body(id, name, EntityType::Jurisdiction, "world_divisions.tsv")
        });
        b.form(name, e);
        for a in multi(t.get(r, "aliases")) {
            b.form(a, e);
        }
    }
    Ok(())
}

/// Federal and state agencies (`federal_agencies.tsv`, then `us_agencies.tsv`).
fn load_agencies(b: &mut Builder, data: &DataSource) -> Result<(), Error> {
    for (file, default_level) in [("federal_agencies.tsv", "federal"), ("us_agencies.tsv", "")] {
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
            if b.names_a(name, EntityType::Agency) {
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
                wikidata: opt(t.get(r, "wikidata")),
                level,
                state: opt(t.get(r, "state")),
                acronyms: acronyms.clone(),
                ..body(slug(name), name, kind, source)
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
    Ok(())
}

/// New York City's agencies (`nyc_agencies.tsv`), by prefixed names only.
fn load_nyc_agencies(b: &mut Builder, data: &DataSource) -> Result<(), Error> {
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
            wikidata: opt(t.get(r, "wikidata")),
            level: opt(t.get(r, "level")),
            state: Some("NY".into()),
            acronyms: acronyms.clone(),
            ..body(slug(&label), &label, EntityType::Agency, "nyc_agencies.tsv")
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
                b.form_of(&[prefix, form], e);
            }
        }
        for a in acronyms
            .iter()
            .map(String::as_str)
            .chain(multi(t.get(r, "aliases")))
        {
            let all_caps = a.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
            if all_caps && a.len() >= 4 || a.starts_with("NYC") || a.starts_with("New York City") {
                b.form(a, e);
            }
        }
    }
    Ok(())
}

/// Organisations and facilities (`organizations.tsv`, `facilities.tsv`).
fn load_bodies(b: &mut Builder, data: &DataSource) -> Result<(), Error> {
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
                wikidata: opt(t.get(r, "wikidata")),
                acronyms: acronyms.clone(),
                ..body(slug(name.trim_start_matches("The ")), name, kind, source)
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
    Ok(())
}

/// People (`people_extra.tsv`, then `us_people.tsv`): full names of two words or more.
fn load_people(b: &mut Builder, data: &DataSource) -> Result<(), Error> {
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
            if name.split_whitespace().count() < 2 || b.names_a(name, EntityType::Person) {
                continue;
            }
            let e = b.entry(Known {
                wikidata: opt(t.get(r, "wikidata")),
                state: opt(t.get(r, "state")),
                role: opt(t.get(r, "role")),
                ..body(slug(name), name, EntityType::Person, source)
            });
            b.form(name, e);
            for a in multi(t.get(r, "aliases")) {
                if a.split_whitespace().count() >= 2 {
                    b.form(a, e);
                }
            }
        }
    }
    Ok(())
}

/// The lookup structures over the forms: the case-folded index, the prefixes a span may grow
/// from, and the forms that share a key.
struct Index {
    index: HashTable<usize>,
    prefixes: FxHashSet<u64>,
    same_key: FxHashMap<usize, Vec<usize>>,
    longest: usize,
}

fn build_index(forms: &[Form]) -> Index {
    // a hash of the lower-cased forms: probing the word spans of a text costs less than
    // building an automaton over ~100,000 names at every start (that took a second)
    let mut index: HashTable<usize> = HashTable::with_capacity(forms.len());
    let mut prefixes = FxHashSet::with_capacity_and_hasher(forms.len() * 2, Default::default());
    // two forms that differ only in case ("Ice" and "ICE") share a key: the case check
    // sees both
    let mut same_key: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, f) in forms.iter().enumerate() {
        let k = f.text.as_bytes();
        let mut h = ByteHash::new();
        for p in 1..k.len() {
            h = h.push(k[p - 1].to_ascii_lowercase());
            // ASCII case folding keeps word bytes word bytes and char boundaries in place
            if (is_word_byte(k[p - 1]) || k[p - 1] == b'.')
                && f.text.is_char_boundary(p)
                && (!is_word_byte(k[p]) || k[p - 1] == b'.')
            {
                prefixes.insert(h.finish());
            }
        }
        let hash = lower_hash(&f.text);
        let text = &f.text;
        match index.entry(
            hash,
            |&j| forms[j].text.eq_ignore_ascii_case(text),
            |&j| lower_hash(&forms[j].text),
        ) {
            hashbrown::hash_table::Entry::Occupied(o) => {
                same_key.entry(*o.get()).or_default().push(i);
            }
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    Index {
        index,
        prefixes,
        same_key,
        longest: forms.iter().map(|f| f.text.len()).max().unwrap_or(0),
    }
}

/// People with a role, by lower-cased role and surname, in entry order.
fn titled_people(entries: &[Known]) -> FxHashMap<(String, String), Vec<usize>> {
    let mut titled: FxHashMap<(String, String), Vec<usize>> = FxHashMap::default();
    for (i, k) in entries.iter().enumerate() {
        if let (EntityType::Person, Some(role)) = (k.kind, &k.role) {
            let key = (
                role.to_ascii_lowercase(),
                surname(&k.label).to_ascii_lowercase(),
            );
            titled.entry(key).or_default().push(i);
        }
    }
    titled
}

impl Gazetteer {
    /// Loads every gazetteer file of `data`.
    pub fn load(data: &DataSource) -> Result<Gazetteer, Error> {
        let mut b = Builder::new();
        load_countries(&mut b, data)?;
        let states = load_us_divisions(&mut b, data)?;
        load_world(&mut b, data)?;
        load_agencies(&mut b, data)?;
        load_nyc_agencies(&mut b, data)?;
        load_bodies(&mut b, data)?;
        load_people(&mut b, data)?;

        let t = data.table("first_names.tsv")?;
        let first_names = t
            .rows
            .iter()
            .map(|(_, r)| t.get(r, "name").to_owned())
            .collect();
        let t = data.table("nicknames.tsv")?;
        t.require(&["nickname", "name"])?;
        let nicknames = t
            .rows
            .iter()
            .map(|(_, r)| (t.get(r, "nickname").to_owned(), t.get(r, "name").to_owned()))
            .collect();
        let Index {
            index,
            prefixes,
            same_key,
            longest,
        } = build_index(&b.list);
        Ok(Gazetteer {
            titled: titled_people(&b.entries),
            // entry() gives each entry its own id and never changes it
            by_id: b.ids,
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

    /// The form `index` holds for the ASCII-case-insensitive text `s`.
    fn key_form(&self, hash: u64, s: &[u8]) -> Option<usize> {
        let forms = &self.forms;
        self.index
            .find(hash, |&f| forms[f].text.as_bytes().eq_ignore_ascii_case(s))
            .copied()
    }

    /// Finds known names in `text` (normalised), at word boundaries and with a plausible case:
    /// at each word start, the longest form that fits; matches do not overlap.
    pub fn find(&self, text: &str) -> Vec<GazMatch> {
        let bytes = text.as_bytes();
        // where a span may end: after a word byte or a period, before a byte that does not go
        // on with the word (any byte after a period)
        let is_end = |e: usize| {
            let b = bytes[e - 1];
            (is_word_byte(b) || b == b'.')
                && (e == bytes.len()
                    || text.is_char_boundary(e) && (!is_word_byte(bytes[e]) || b == b'.'))
        };
        let mut out = Vec::new();
        // the forms the spans from a start matched, reused at every start
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
            // the spans from `s`, shortest first, while some form starts with them; then the
            // longest whose case fits. The hash of a span grows byte by byte, so each byte
            // after `s` is read once however many spans are tried.
            hits.clear();
            let mut h = ByteHash::new();
            let reach = bytes.len().min(s + self.longest);
            let mut e = s;
            while e < reach {
                h = h.push(bytes[e].to_ascii_lowercase());
                e += 1;
                if !is_end(e) {
                    continue;
                }
                let hash = h.finish();
                if let Some(f) = self.key_form(hash, &bytes[s..e]) {
                    hits.push((e, f));
                }
                if !self.prefixes.contains(&hash) {
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
                // no word starts inside this word: on past its last word byte
                None => {
                    s += 1;
                    while s < bytes.len() && is_word_byte(bytes[s]) {
                        s += 1;
                    }
                }
            }
        }
        out
    }

    /// The form `f` (a form `index` holds) and the other forms with the same letters in
    /// another case.
    fn forms_like(&self, f: usize) -> impl Iterator<Item = &Form> {
        std::iter::once(&self.forms[f]).chain(
            self.same_key
                .get(&f)
                .into_iter()
                .flatten()
                .map(|&i| &self.forms[i]),
        )
    }

    /// The form `index` holds for `name`, trimmed, in any ASCII case.
    fn named(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.key_form(lower_hash(name), name.as_bytes())
    }

    /// The entries named `name` exactly, in any case (for resolution and linking).
    pub fn lookup(&self, name: &str) -> Vec<&Known> {
        let Some(f) = self.named(name) else {
            return Vec::new();
        };
        self.forms_like(f)
            .flat_map(|f| f.candidates.iter().map(|&c| &self.entries[c]))
            .collect()
    }

    /// The indices of the entries named `name` exactly, in any case.
    pub fn lookup_ids(&self, name: &str) -> Vec<usize> {
        let Some(f) = self.named(name) else {
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

/// The bytes of words: ASCII letters and digits, and every byte of a non-ASCII character.
const WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b >= 0x80;
        b += 1;
    }
    t
};

fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
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
