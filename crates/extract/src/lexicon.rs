//! The word lists that drive recognition and relations: name heads, titles, role nouns and
//! the trigger lexicon, read from `data/`.

use rustc_hash::{FxHashMap, FxHashSet};

use newsgraph_model::{EntityType, Predicate};

use crate::data::{multi, DataSource};
use crate::figure_words::FigureWords;
use crate::words::Words;
use crate::Error;

/// How a trigger finds its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The first entity after the trigger in its clause.
    Obj,
    /// An entity right after the trigger.
    Direct,
    /// An entity after one of these prepositions.
    Prep(Vec<String>),
    /// A Policy before or after the trigger.
    Policy,
}

/// One trigger of `triggers.tsv`.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// The words of the form, lower-case.
    pub words: Vec<String>,
    /// The predicate it gives.
    pub predicate: Predicate,
    /// True for verbs, false for nouns.
    pub verb: bool,
    /// The converse of the predicate: the clause's subject is the target and the target
    /// slot the actor ("Kentucky received $12 million from the EPA").
    pub converse: bool,
    /// Where the target stands.
    pub target: Target,
    /// Words one of which must follow within ten words.
    pub requires: Vec<String>,
    /// The predicate of the negated trigger, when negation turns it into another act.
    pub negated: Option<Predicate>,
    /// The row of triggers.tsv, for the rule name.
    pub line: usize,
}

/// A title word of `titles.tsv`.
#[derive(Debug, Clone)]
pub struct Title {
    /// leads or worksFor; `None` for modifiers and honorifics.
    pub predicate: Option<Predicate>,
    /// What kind of body the role heads when the text names none.
    pub heads: String,
    /// A modifier that makes the role a deputy's (worksFor).
    pub deputy: bool,
    /// Mr., Ms.: a form of address.
    pub honorific: bool,
}

/// A role noun of `role_nouns.tsv`.
#[derive(Debug, Clone)]
pub struct RoleNoun {
    /// The words, lower-case.
    pub words: Vec<String>,
    /// Type of the referent.
    pub kind: EntityType,
    /// Title the person must hold.
    pub role: String,
    /// city/state/county/country for jurisdictions.
    pub division: String,
    /// Words one of which an agency's label must hold.
    pub field: Vec<String>,
    /// Words none of which the referent's label may hold ("the agency" is no legislature).
    pub except: Vec<String>,
}

/// All word lists.
#[derive(Debug)]
pub struct Lexicon {
    /// Name head word → type.
    pub heads: FxHashMap<String, EntityType>,
    /// Abbreviated heads that begin a numbered name → the words they stand for ("SB" →
    /// "Senate Bill").
    pub head_expansions: FxHashMap<String, String>,
    /// Title words (lower-case, single or multi-word).
    pub titles: FxHashMap<String, Title>,
    /// The first words of the titles (up to the first space).
    title_firsts: FxHashSet<String>,
    /// Longest title, in words.
    pub title_len: usize,
    /// Triggers by first word.
    pub triggers: FxHashMap<String, Vec<Trigger>>,
    /// Role nouns.
    pub role_nouns: Vec<RoleNoun>,
    /// Parent body by the lower-cased name of a body (agency tables' parent columns and
    /// `agency_parents.tsv`).
    pub parents: FxHashMap<String, String>,
    /// Offices of `offices.tsv`.
    pub offices: Vec<crate::structure::offices::Office>,
    /// Holders of federal offices by lower-cased name: (office, body).
    pub officeholders: FxHashMap<String, (String, String)>,
    /// Cue words of clause rules (`cues.tsv`): form → class.
    pub cues: FxHashMap<String, String>,
    /// Closed-class words of the rules (`words.tsv`): prepositions, negators, modals, verbs of
    /// saying.
    pub words: Words,
    /// Words of the figure rules (`figure_words.tsv`): numbers, bounds, scales, currencies, what
    /// makes a number no count and whose a figure is.
    pub figure_words: FigureWords,
}

impl Lexicon {
    /// Loads the word lists.
    pub fn load(data: &DataSource) -> Result<Lexicon, Error> {
        let (heads, head_expansions) = load_heads(data)?;
        let (titles, title_len) = load_titles(data)?;
        let triggers = load_triggers(data)?;
        let role_nouns = load_role_nouns(data)?;
        let parents = load_parents(data)?;
        let offices = crate::structure::offices::load(data)?;
        let officeholders = load_officeholders(data)?;
        let title_firsts = titles
            .keys()
            .map(|t| t.split(' ').next().unwrap_or_default().to_owned())
            .collect();
        Ok(Lexicon {
            title_firsts,
            parents,
            offices,
            officeholders,
            heads,
            head_expansions,
            titles,
            title_len,
            triggers,
            role_nouns,
            cues: crate::clauses::load_cues(data)?,
            words: Words::load(data)?,
            figure_words: FigureWords::load(data)?,
        })
    }

    /// The title starting at `words[0]`, longest first: (words used, title).
    pub fn title_at<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, &Title)> {
        // most words begin no title: one probe for them, not one joined key per length
        let first = words.first()?.as_ref();
        if !first.contains(' ') && !self.title_firsts.contains(first) {
            return None;
        }
        let mut key = String::new();
        for n in (1..=self.title_len.min(words.len())).rev() {
            key.clear();
            for (k, w) in words[..n].iter().enumerate() {
                if k > 0 {
                    key.push(' ');
                }
                key.push_str(w.as_ref());
            }
            if let Some(t) = self.titles.get(&key) {
                return Some((n, t));
            }
        }
        None
    }
}

/// An error in row `line` of data file `file`.
fn bad(file: &str, line: usize, message: String) -> Error {
    Error::Data {
        file: file.to_owned(),
        line,
        message,
    }
}

/// A type or predicate name of row `line` of `file`.
fn parse_name<T>(file: &str, line: usize, name: &str) -> Result<T, Error>
where
    T: std::str::FromStr<Err = newsgraph_model::UnknownName>,
{
    name.parse()
        .map_err(|e: T::Err| bad(file, line, e.to_string()))
}

/// `name_heads.tsv`: name head word → type, and abbreviated head → the words it stands for.
#[allow(clippy::type_complexity)]
fn load_heads(
    data: &DataSource,
) -> Result<(FxHashMap<String, EntityType>, FxHashMap<String, String>), Error> {
    let t = data.table("name_heads.tsv")?;
    t.require(&["word", "type"])?;
    let mut heads = FxHashMap::default();
    let mut expansions = FxHashMap::default();
    for (line, r) in &t.rows {
        let kind: EntityType = parse_name("name_heads.tsv", *line, t.get(r, "type"))?;
        heads.insert(t.get(r, "word").to_owned(), kind);
        let expands = t.get(r, "expands");
        if !expands.is_empty() {
            expansions.insert(t.get(r, "word").to_owned(), expands.to_owned());
        }
    }
    Ok((heads, expansions))
}

/// `titles.tsv`: the titles by their lower-cased words, and the longest in words.
fn load_titles(data: &DataSource) -> Result<(FxHashMap<String, Title>, usize), Error> {
    let t = data.table("titles.tsv")?;
    t.require(&["title", "predicate", "heads", "honorific"])?;
    let mut titles = FxHashMap::default();
    let mut title_len = 1;
    for (line, r) in &t.rows {
        let p = t.get(r, "predicate");
        let predicate = match p {
            "leads" => Some(Predicate::Leads),
            "worksFor" => Some(Predicate::WorksFor),
            "mod" | "mod-works" | "-" => None,
            other => {
                return Err(bad(
                    "titles.tsv",
                    *line,
                    format!("unknown predicate '{other}'"),
                ))
            }
        };
        let title = t.get(r, "title").to_lowercase();
        title_len = title_len.max(title.split_whitespace().count());
        titles.insert(
            title,
            Title {
                predicate,
                heads: t.get(r, "heads").to_owned(),
                deputy: p == "mod-works",
                honorific: t.get(r, "honorific") == "1",
            },
        );
    }
    Ok((titles, title_len))
}

/// `triggers.tsv`: the triggers by first word, longest form first.
fn load_triggers(data: &DataSource) -> Result<FxHashMap<String, Vec<Trigger>>, Error> {
    const FILE: &str = "triggers.tsv";
    let t = data.table(FILE)?;
    t.require(&["forms", "predicate", "pos", "target", "requires", "negated"])?;
    let mut triggers: FxHashMap<String, Vec<Trigger>> = FxHashMap::default();
    for (line, r) in &t.rows {
        let predicate: Predicate = parse_name(FILE, *line, t.get(r, "predicate"))?;
        let (verb, converse) = trigger_pos(*line, t.get(r, "pos"))?;
        let target = trigger_target(*line, t.get(r, "target"))?;
        let negated = match t.get(r, "negated") {
            "" | "-" => None,
            p => Some(parse_name(FILE, *line, p)?),
        };
        let requires: Vec<String> = multi(t.get(r, "requires")).map(str::to_owned).collect();
        for form in multi(t.get(r, "forms")) {
            let words: Vec<String> = form.split_whitespace().map(str::to_owned).collect();
            triggers.entry(words[0].clone()).or_default().push(Trigger {
                words,
                predicate,
                verb,
                converse,
                target: target.clone(),
                requires: requires.clone(),
                negated,
                line: *line,
            });
        }
    }
    for list in triggers.values_mut() {
        list.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
    }
    Ok(triggers)
}

/// The `pos` cell of row `line` of `triggers.tsv`: (verb, converse).
fn trigger_pos(line: usize, pos: &str) -> Result<(bool, bool), Error> {
    match pos {
        "verb" => Ok((true, false)),
        "noun" => Ok((false, false)),
        "converse" => Ok((true, true)),
        other => Err(bad(
            "triggers.tsv",
            line,
            format!("pos must be verb, noun or converse, not '{other}'"),
        )),
    }
}

/// The `target` cell of row `line` of `triggers.tsv`.
fn trigger_target(line: usize, target: &str) -> Result<Target, Error> {
    match target {
        "obj" => Ok(Target::Obj),
        "direct" => Ok(Target::Direct),
        "policy" => Ok(Target::Policy),
        p if p.starts_with("prep:") => {
            Ok(Target::Prep(p[5..].split(',').map(str::to_owned).collect()))
        }
        other => Err(bad(
            "triggers.tsv",
            line,
            format!("unknown target '{other}'"),
        )),
    }
}

/// `role_nouns.tsv`: the role nouns, longest first.
fn load_role_nouns(data: &DataSource) -> Result<Vec<RoleNoun>, Error> {
    let t = data.table("role_nouns.tsv")?;
    t.require(&["phrase", "type", "role", "kind", "field"])?;
    let mut role_nouns = Vec::new();
    for (line, r) in &t.rows {
        role_nouns.push(RoleNoun {
            words: t
                .get(r, "phrase")
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            kind: parse_name("role_nouns.tsv", *line, t.get(r, "type"))?,
            role: t.get(r, "role").to_owned(),
            division: t.get(r, "kind").to_owned(),
            field: multi(t.get(r, "field")).map(str::to_owned).collect(),
            except: multi(t.get(r, "except")).map(str::to_owned).collect(),
        });
    }
    role_nouns.sort_by_key(|r| std::cmp::Reverse(r.words.len()));
    Ok(role_nouns)
}

/// The parent body by lower-cased body name: the agency tables' parent columns, then
/// `agency_parents.tsv`.
fn load_parents(data: &DataSource) -> Result<FxHashMap<String, String>, Error> {
    let mut parents = FxHashMap::default();
    for (file, child) in [
        ("federal_agencies.tsv", "name"),
        ("us_agencies.tsv", "name"),
        ("nyc_agencies.tsv", "name"),
        ("agency_parents.tsv", "child"),
    ] {
        let t = data.table(file)?;
        t.require(&[child, "parent"])?;
        for (_, r) in &t.rows {
            let parent = t.get(r, "parent");
            if !parent.is_empty() {
                parents.insert(t.get(r, child).to_lowercase(), parent.to_owned());
            }
        }
    }
    Ok(parents)
}

/// `federal_officeholders.tsv`: (office, body) by the holder's lower-cased name.
fn load_officeholders(data: &DataSource) -> Result<FxHashMap<String, (String, String)>, Error> {
    let t = data.table("federal_officeholders.tsv")?;
    t.require(&["name", "office", "body"])?;
    Ok(t.rows
        .iter()
        .map(|(_, r)| {
            (
                t.get(r, "name").to_lowercase(),
                (t.get(r, "office").to_owned(), t.get(r, "body").to_owned()),
            )
        })
        .collect())
}
