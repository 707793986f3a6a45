//! Offices (`data/offices.tsv`): what a title heads or serves, and how to find that body in
//! the article: the jurisdiction or field the title names ("Kentucky Attorney General",
//! "Transportation Secretary"), a body whose name fits ("Police Chief" → the police department),
//! or the nearest jurisdiction of the title's level ("Mayor" → the city).

use newsgraph_model::{EntityType, Predicate};

use crate::data::{multi, DataSource};
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::resolve::Resolved;
use crate::text::Text;
use crate::Error;

/// Which government a title belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// National.
    Federal,
    /// State, province or devolved government.
    State,
    /// County or city.
    Local,
    /// Not said.
    Any,
}

/// How to find the body of an office.
#[derive(Debug, Clone)]
pub enum Way {
    /// A body whose name holds these words.
    Label(String),
    /// A jurisdiction of this level.
    Level(String),
    /// The body of this name.
    Agency(String),
    /// The body the words before the title name.
    Field,
}

/// One row of `offices.tsv`.
#[derive(Debug, Clone)]
pub struct Office {
    /// The title's words, lower-case.
    pub words: Vec<String>,
    /// Its government.
    pub scope: Scope,
    /// Ways to its body, in order, with the predicate each gives.
    pub ways: Vec<(Predicate, Way)>,
}

/// Reads `offices.tsv`.
pub fn load(data: &DataSource) -> Result<Vec<Office>, Error> {
    let t = data.table("offices.tsv")?;
    t.require(&["title", "scope", "ways"])?;
    let bad = |line: usize, message: String| Error::Data {
        file: "offices.tsv".into(),
        line,
        message,
    };
    let mut out = Vec::new();
    for (line, r) in &t.rows {
        let scope = match t.get(r, "scope") {
            "federal" => Scope::Federal,
            "state" => Scope::State,
            "local" => Scope::Local,
            "any" => Scope::Any,
            other => return Err(bad(*line, format!("unknown scope '{other}'"))),
        };
        let mut ways = Vec::new();
        // "-": a title whose body the text must name (a judge's court)
        for w in multi(t.get(r, "ways")).filter(|w| *w != "-") {
            let mut parts = w.splitn(3, ':');
            let (p, kind, arg) = (parts.next(), parts.next(), parts.next().unwrap_or(""));
            let predicate = match p {
                Some("leads") => Predicate::Leads,
                Some("worksFor") => Predicate::WorksFor,
                _ => return Err(bad(*line, format!("bad way '{w}'"))),
            };
            let way = match kind {
                Some("label") => Way::Label(arg.to_lowercase()),
                Some("level") => Way::Level(arg.to_owned()),
                Some("agency") => Way::Agency(arg.to_owned()),
                Some("field") => Way::Field,
                _ => return Err(bad(*line, format!("bad way '{w}'"))),
            };
            ways.push((predicate, way));
        }
        out.push(Office {
            words: t
                .get(r, "title")
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            scope,
            ways,
        });
    }
    Ok(out)
}

/// Roles of `us_people.tsv` that are offices of a state's government.
const STATE_ROLES: &[&str] = &[
    "governor",
    "lt_governor",
    "attorney general",
    "secretary of state",
    "treasurer",
    "auditor",
    "chief election officer",
];

/// What the words around a title say of its government.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The government the title belongs to.
    pub scope: Scope,
    /// The jurisdiction the title names ("Kentucky" of "Kentucky Attorney General").
    pub juris: Option<usize>,
}

/// The level of a jurisdiction (an agency's level is not a jurisdiction's).
fn level<'g>(gaz: &'g Gazetteer, r: &Resolved, e: usize) -> Option<&'g str> {
    let e = &r.entities[e];
    e.known
        .filter(|_| e.kind == EntityType::Jurisdiction)
        .and_then(|k| gaz.entries[k].level.as_deref())
}

fn scope_of_level(level: Option<&str>) -> Scope {
    match level {
        Some("country") => Scope::Federal,
        Some("state") => Scope::State,
        Some("county" | "place" | "borough") => Scope::Local,
        _ => Scope::Any,
    }
}

fn gap(at: usize, first: usize) -> usize {
    if first < at {
        at - first
    } else {
        (first - at) * 3
    }
}

/// How far from token `at` entity `e` is named (a mention after counts three times its distance).
fn distance(r: &Resolved, at: usize, e: usize) -> usize {
    r.mentions
        .iter()
        .filter(|o| o.entity == e)
        .map(|o| gap(at, o.first))
        .min()
        .unwrap_or(usize::MAX)
}

/// The nearest mention, before the token preferred, of an entity satisfying `pred`.
///
/// How far, in tokens, a title looks for the body or place it belongs to: past the length of
/// nearly every news article (a long feature runs to 5,000 words), so that within one article
/// the whole text is searched, while a file that runs many articles together costs time in
/// proportion to its length.
pub const REACH: usize = 6000;

/// The mentions (indices) within `REACH` tokens of `at`.
pub fn around(r: &Resolved, at: usize) -> std::ops::Range<usize> {
    r.starting_in(at.saturating_sub(REACH), at.saturating_add(REACH))
}

/// The entity satisfying `pred` whose mention is nearest to token `at`, within `REACH`
/// (before `at` preferred three to one).
pub fn nearest(r: &Resolved, at: usize, pred: impl Fn(usize) -> bool) -> Option<usize> {
    nearest_in(r, at, around(r, at), pred)
}

/// The entity satisfying `pred` whose mention, among the mentions `within`, is nearest to
/// token `at`. Walks out from `at` and stops once a mention cannot be nearer than the best
/// found, so the cost is the distance to the answer; `pred` is asked once per entity.
pub fn nearest_in(
    r: &Resolved,
    at: usize,
    within: std::ops::Range<usize>,
    pred: impl Fn(usize) -> bool,
) -> Option<usize> {
    let ms = &r.mentions[within];
    let mut cache: rustc_hash::FxHashMap<usize, bool> = rustc_hash::FxHashMap::default();
    let mut ok = |e: usize| *cache.entry(e).or_insert_with(|| pred(e));
    if !r.indexed() {
        // mentions no longer sorted: look at them all
        return ms
            .iter()
            .filter(|o| ok(o.entity))
            .min_by_key(|o| gap(at, o.first))
            .map(|o| o.entity);
    }
    let split = ms.partition_point(|m| m.first < at);
    let (mut left, mut right) = (split, split);
    // (gap, index): the smallest gap, and on a tie the earliest mention, as min_by_key gives
    let mut best: Option<(usize, usize)> = None;
    loop {
        let gl = (left > 0).then(|| (gap(at, ms[left - 1].first), left - 1));
        let gr = (right < ms.len()).then(|| (gap(at, ms[right].first), right));
        let next = match (gl, gr) {
            (Some(l), Some(r)) => {
                if l <= r {
                    left -= 1;
                    l
                } else {
                    right += 1;
                    r
                }
            }
            (Some(l), None) => {
                left -= 1;
                l
            }
            (None, Some(r)) => {
                right += 1;
                r
            }
            (None, None) => break,
        };
        if best.is_some_and(|b| next.0 > b.0) {
            break;
        }
        if ok(ms[next.1].entity) && best.is_none_or(|b| next < b) {
            best = Some(next);
        }
    }
    best.map(|(_, i)| ms[i].entity)
}

/// The entity satisfying `pred` named nearest in the sentence of token `at`, else the one the
/// article names most.
pub fn in_sentence_or_most(
    text: &Text,
    r: &Resolved,
    at: usize,
    pred: impl Fn(usize) -> bool,
) -> Option<usize> {
    let s = text.sentence_of(at);
    let (here, recent) = match text.sentences.get(s) {
        Some(sent) => {
            let back = &text.sentences[s.saturating_sub(3)];
            (
                nearest_in(r, at, r.starting_in(sent.first, sent.last), &pred),
                // else the nearest in the three sentences before
                nearest_in(r, at, r.starting_in(back.first, at), &pred),
            )
        }
        None => (None, None),
    };
    here.or(recent).or_else(|| {
        let mut counts = std::collections::BTreeMap::new();
        for m in &r.mentions[around(r, at)] {
            if pred(m.entity) {
                *counts.entry(m.entity).or_insert(0usize) += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(e, n)| (n, std::cmp::Reverse(e)))
            .map(|(e, _)| e)
    })
}

/// The context of the title at tokens `first..` of person mention `mi`.
pub fn context(text: &Text, gaz: &Gazetteer, r: &Resolved, mi: usize, first: usize) -> Context {
    let mut k = first;
    if k > 0 && text.tok(k - 1) == "'s" {
        k -= 1;
    }
    if let Some(o) = r
        .ending_at(k)
        .map(|j| &r.mentions[j])
        .find(|o| o.last == k && k > 0)
    {
        if r.entities[o.entity].kind == EntityType::Jurisdiction {
            return Context {
                scope: scope_of_level(level(gaz, r, o.entity)),
                juris: Some(o.entity),
            };
        }
    }
    let before = if k > 0 { text.tok(k - 1) } else { "" };
    let mut words = vec![before.to_owned()];
    if let Some(m) = r.mentions.get(mi) {
        if let Some((s, e)) = m.title {
            words.extend((s..e).map(|t| text.tok(t).to_owned()));
        }
    }
    if words
        .iter()
        .any(|w| matches!(w.as_str(), "state" | "State"))
    {
        let at = r.mentions.get(mi).map_or(first, |m| m.first);
        return Context {
            scope: Scope::State,
            juris: nearest(r, at, |e| level(gaz, r, e) == Some("state")),
        };
    }
    if words
        .iter()
        .any(|w| matches!(w.as_str(), "U.S." | "federal" | "Federal"))
    {
        return Context {
            scope: Scope::Federal,
            juris: None,
        };
    }
    // a known state official: "Attorney General Letitia James" is New York's
    let person = r.mentions.get(mi).and_then(|m| r.entities[m.entity].known);
    if let Some(state) = person.and_then(|p| {
        let p = &gaz.entries[p];
        p.role
            .as_deref()
            .filter(|role| STATE_ROLES.contains(role))
            .and(p.state.as_deref())
    }) {
        let juris = r.entities.iter().position(|e| {
            e.known.is_some_and(|k| {
                gaz.entries[k].level.as_deref() == Some("state")
                    && gaz.entries[k].state.as_deref() == Some(state)
            })
        });
        return Context {
            scope: Scope::State,
            juris,
        };
    }
    Context {
        scope: Scope::Any,
        juris: None,
    }
}

/// The offices whose title ends the title words `words`, longest first, with the number of
/// words before the title.
pub fn offices_for<'l>(lex: &'l Lexicon, words: &[&str]) -> Vec<(&'l Office, usize)> {
    let mut out: Vec<(&Office, usize)> = lex
        .offices
        .iter()
        .filter(|o| {
            o.words.len() <= words.len() && words[words.len() - o.words.len()..] == o.words[..]
        })
        .map(|o| (o, words.len() - o.words.len()))
        .collect();
    out.sort_by_key(|(o, _)| std::cmp::Reverse(o.words.len()));
    if let Some(n) = out.first().map(|(o, _)| o.words.len()) {
        out.retain(|(o, _)| o.words.len() == n);
    }
    out
}

/// `words` with "'s" set apart and a space at each end, for [`holds_words`].
fn pad_words(words: &str) -> String {
    format!(" {} ", words.replace("'s", " 's"))
}

/// True when the label of entity `e` holds the words `padded` ([`pad_words`]) as whole words
/// (in lower case, "'s" set apart).
fn holds_words(r: &Resolved, e: usize, padded: &str) -> bool {
    r.padded_label(e).contains(padded)
}

/// The body of a title: (predicate, entity). `at` is the person's mention, `field` the words
/// before the title that may name a department.
pub fn body(
    text: &Text,
    gaz: &Gazetteer,
    r: &Resolved,
    offices: &[(&Office, usize)],
    ctx: Context,
    at: usize,
    field: &str,
) -> Option<(Predicate, usize)> {
    let is_body = |e: usize| {
        matches!(
            r.entities[e].kind,
            EntityType::Agency | EntityType::Organization
        )
    };
    let juris_name = ctx
        .juris
        .map(|j| pad_words(&r.entities[j].label.to_lowercase()));
    let field = pad_words(field);
    // a national jurisdiction does not name its bodies ("U.S. Transportation Secretary")
    let national = ctx
        .juris
        .is_some_and(|j| level(gaz, r, j) == Some("country"));
    let fits_juris =
        |e: usize| national || juris_name.as_deref().is_none_or(|j| holds_words(r, e, j));
    for (office, _) in offices {
        // a row of one government needs the text to say so ("U.S. Attorney", "state Attorney General")
        if office.scope != Scope::Any && office.scope != ctx.scope {
            continue;
        }
        for (p, way) in &office.ways {
            let found = match way {
                Way::Label(w) => {
                    let w = pad_words(w);
                    nearest(r, at, |e| {
                        is_body(e) && holds_words(r, e, &w) && fits_juris(e)
                    })
                }
                Way::Level(l) => match ctx.juris {
                    // a province or devolved nation the tables do not know counts as a state
                    Some(j) => Some(j).filter(|&j| {
                        r.entities[j].kind == EntityType::Jurisdiction
                            && level(gaz, r, j).map_or(l != "country", |x| x == l)
                    }),
                    None => {
                        in_sentence_or_most(text, r, at, |e| level(gaz, r, e) == Some(l.as_str()))
                    }
                },
                // the body named, when the article names it nearer the title than a state
                Way::Agency(name) => {
                    let is = |e: usize| {
                        let e = &r.entities[e];
                        e.label == *name || e.known.is_some_and(|k| gaz.entries[k].label == *name)
                    };
                    let dist = |e: usize| distance(r, at, e);
                    let agency = nearest(r, at, is);
                    let state = nearest(r, at, |e| level(gaz, r, e) == Some("state"));
                    agency.filter(|&a| state.is_none_or(|s| dist(a) <= dist(s)))
                }
                Way::Field if field != "  " => nearest(r, at, |e| {
                    r.entities[e].kind == EntityType::Agency
                        && holds_words(r, e, &field)
                        && fits_juris(e)
                }),
                Way::Field => None,
            };
            if let Some(e) = found {
                return Some((*p, e));
            }
        }
    }
    None
}

/// What the offices table says of a person's title.
#[derive(Debug, Clone, Copy)]
pub struct OfficeHit {
    /// The relation the title gives.
    pub predicate: Option<Predicate>,
    /// The body found, with the relation to it.
    pub body: Option<(Predicate, usize)>,
}

/// The body of the title of person mention `i` by the offices table: `None` when no office
/// names the title.
pub fn title_body(
    text: &Text,
    gaz: &Gazetteer,
    lex: &Lexicon,
    r: &Resolved,
    i: usize,
) -> Option<OfficeHit> {
    let m = r.mentions.get(i)?;
    let (s, e) = m.title?;
    let sent = text
        .sentences
        .get(text.sentence_of(s))
        .map_or(0, |x| x.first);
    let lo = s.saturating_sub(3).max(sent);
    let lo = (lo..s)
        .find(|&t| {
            // a mention holding token `t` starts at most the longest mention before it
            r.ending_at(t)
                .map(|j| &r.mentions[j])
                .all(|o| !(o.first < t && t < o.last))
        })
        .unwrap_or(s);
    let words: Vec<&str> = (lo..e).map(|t| text.lower(t)).collect();
    let offices = offices_for(lex, &words);
    let start = lo + offices.first()?.1;
    // the field words before the title: "Transportation" of "Transportation Secretary"
    let mut f = start;
    while f > sent
        && text
            .tok(f - 1)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        && !matches!(
            text.tok(f - 1),
            "U.S." | "The" | "Acting" | "Interim" | "Former"
        )
        // no mention holds token f - 1
        && r.mention_at(f - 1).is_none()
        && start - f < 3
    {
        f -= 1;
    }
    let field: Vec<&str> = (f..start)
        .map(|t| text.tok(t))
        .filter(|w| !lex.titles.contains_key(&w.to_lowercase()))
        .collect();
    let mut ctx = context(text, gaz, r, i, f);
    if ctx.scope == Scope::Any && field.contains(&"State") {
        ctx = Context {
            scope: Scope::State,
            juris: nearest(r, m.first, |e| level(gaz, r, e) == Some("state")),
        };
    }
    // "King County Executive": the title begins inside the jurisdiction's name
    // a mention holding token `start` begins at most the longest mention before it
    if let Some(o) = r.ending_at(start).map(|j| &r.mentions[j]).find(|o| {
        o.first < start && start < o.last && r.entities[o.entity].kind == EntityType::Jurisdiction
    }) {
        ctx = Context {
            scope: scope_of_level(level(gaz, r, o.entity)),
            juris: Some(o.entity),
        };
    }
    let deputy = (f.min(s)..e).any(|t| lex.titles.get(text.lower(t)).is_some_and(|x| x.deputy));
    let as_deputy = |p: Predicate| if deputy { Predicate::WorksFor } else { p };
    // a holder of a federal office: "Attorney General William Barr" is the Justice Department's
    let held = lex
        .officeholders
        .get(&r.entities[m.entity].label.to_lowercase())
        .filter(|(office, _)| words.join(" ").ends_with(office.as_str()));
    if let Some((_, name)) = held {
        if let Some(b) = r.entities.iter().position(|e| {
            e.label == *name || e.known.is_some_and(|k| gaz.entries[k].label == *name)
        }) {
            let p = as_deputy(Predicate::Leads);
            return Some(OfficeHit {
                predicate: Some(p),
                body: Some((p, b)),
            });
        }
        // the department is not named: no other government is theirs
        return Some(OfficeHit {
            predicate: Some(as_deputy(Predicate::Leads)),
            body: None,
        });
    }
    let found = body(
        text,
        gaz,
        r,
        &offices,
        ctx,
        m.first,
        &field.join(" ").to_lowercase(),
    )
    .map(|(p, b)| (as_deputy(p), b))
    .filter(|&(_, b)| b != m.entity);
    let predicate = found.map(|(p, _)| p).or_else(|| {
        offices
            .iter()
            .find(|(o, _)| o.scope == Scope::Any || o.scope == ctx.scope)
            .and_then(|(o, _)| o.ways.first())
            .map(|&(p, _)| as_deputy(p))
    });
    Some(OfficeHit {
        predicate,
        body: found,
    })
}
