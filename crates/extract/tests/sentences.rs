//! The sentence suite: `tests/sentences/*.tsv` at the workspace root, one file per predicate
//! or theme, each line a sentence and the relations it must yield.
//!
//! Format (tab-separated): `sentence <TAB> expected`, where `expected` is `none` or a `;`-
//! separated list of `subject | predicate | object` with an optional `| negative`. Subject and
//! object name an entity by its label or by any of its mentions (case-insensitive). A case
//! passes when every expected relation is found with its polarity, and no other interaction
//! (an event predicate) is found. Structural relations (`leads`, `worksFor`, `partOf`,
//! `locatedIn`) that are not listed are tolerated; listed ones must be found. `#` starts a
//! comment line.
#![allow(clippy::unwrap_used, missing_docs)]

use std::collections::BTreeMap;
use std::path::Path;

use newsgraph_extract::Extractor;
use newsgraph_model::{DocMeta, Document, Extraction, Polarity, Predicate};

#[derive(Debug, Clone, PartialEq)]
struct Expected {
    subject: String,
    predicate: Predicate,
    object: String,
    polarity: Polarity,
}

fn parse(file: &str, line: usize, cell: &str) -> Vec<Expected> {
    if cell.trim() == "none" {
        return Vec::new();
    }
    cell.split(';')
        .map(|t| {
            let parts: Vec<&str> = t.split('|').map(str::trim).collect();
            assert!(
                parts.len() == 3 || parts.len() == 4,
                "{file}:{line}: expected `subject | predicate | object [| negative]`, got {t:?}"
            );
            let predicate: Predicate = parts[1]
                .parse()
                .unwrap_or_else(|_| panic!("{file}:{line}: unknown predicate {}", parts[1]));
            let polarity = match parts.get(3) {
                None | Some(&"positive") => Polarity::Positive,
                Some(&"negative") => Polarity::Negative,
                Some(other) => panic!("{file}:{line}: polarity {other}?"),
            };
            Expected {
                subject: parts[0].to_lowercase(),
                predicate,
                object: parts[2].to_lowercase(),
                polarity,
            }
        })
        .collect()
}

fn names(x: &Extraction, id: &str) -> Vec<String> {
    x.entities
        .iter()
        .filter(|e| e.id == id)
        .flat_map(|e| {
            let label = e.label.to_lowercase();
            let bare = label.trim_start_matches("u.s. ").to_owned();
            [label, bare]
                .into_iter()
                .chain(e.mentions.iter().map(|m| m.text.to_lowercase()))
        })
        .collect()
}

fn structural(p: Predicate) -> bool {
    matches!(
        p,
        Predicate::Leads | Predicate::WorksFor | Predicate::PartOf | Predicate::LocatedIn
    )
}

/// Why a case fails, or None when it passes.
fn check(x: &Extraction, expected: &[Expected]) -> Option<String> {
    let found: Vec<(Vec<String>, Predicate, Vec<String>, Polarity)> = x
        .relations
        .iter()
        .map(|r| {
            (
                names(x, &r.subject),
                r.predicate,
                names(x, &r.object),
                r.polarity,
            )
        })
        .collect();
    let shown = || {
        found
            .iter()
            .map(|(s, p, o, pol)| {
                format!(
                    "{} | {} | {}{}",
                    s.first().map_or("?", String::as_str),
                    p.as_str(),
                    o.first().map_or("?", String::as_str),
                    if *pol == Polarity::Negative {
                        " | negative"
                    } else {
                        ""
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let matches = |e: &Expected, f: &(Vec<String>, Predicate, Vec<String>, Polarity)| {
        f.1 == e.predicate
            && f.3 == e.polarity
            && f.0.contains(&e.subject)
            && f.2.contains(&e.object)
    };
    for e in expected {
        if !found.iter().any(|f| matches(e, f)) {
            return Some(format!(
                "missing {} | {} | {}; found: {}",
                e.subject,
                e.predicate.as_str(),
                e.object,
                shown()
            ));
        }
    }
    for f in &found {
        if !structural(f.1) && !expected.iter().any(|e| matches(e, f)) {
            return Some(format!("unexpected relation; found: {}", shown()));
        }
    }
    None
}

#[test]
fn sentence_suite() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/sentences");
    let ex = Extractor::new().unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut per_predicate: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut per_file: Vec<(String, usize)> = Vec::new();
    let (mut total, mut none) = (0, 0);
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (sentence, cell) = line.split_once('\t').unwrap_or_else(|| {
                panic!("{name}:{}: no tab between sentence and expected", i + 1)
            });
            let expected = parse(&name, i + 1, cell);
            if expected.is_empty() {
                none += 1;
            }
            for e in &expected {
                *per_predicate.entry(e.predicate.as_str()).or_default() += 1;
            }
            let doc = Document {
                id: format!("{name}-{}", i + 1),
                text: sentence.to_owned(),
                meta: DocMeta::default(),
            };
            let x = ex.extract(&doc);
            if let Some(why) = check(&x, &expected) {
                failures.push(format!("{name}:{}: {sentence}\n    {why}", i + 1));
            }
            n += 1;
        }
        total += n;
        per_file.push((name, n));
    }
    println!("sentence suite: {total} sentences, {none} with no relation");
    for (f, n) in &per_file {
        println!("  {f:<28}{n}");
    }
    println!("expected relations per predicate:");
    for (p, n) in &per_predicate {
        println!("  {p:<16}{n}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} sentences fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
