//! Link precision on ambiguous names (`tests/fixtures/ambiguous_names.tsv`): common words that
//! are towns, surnames and given names that are towns, states and their namesake towns, state
//! and national courts. Each case expects the right item or no link.
#![allow(clippy::unwrap_used, missing_docs)]

use newsgraph_extract::Extractor;

mod common;
use common::extract;

#[test]
fn ambiguous_names_link_to_the_right_item_or_none() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/ambiguous_names.tsv"
    );
    let table = std::fs::read_to_string(path).unwrap();
    let ex = Extractor::new().unwrap();
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("sentence\t") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "line {}: three columns", n + 1);
        let (sentence, mention, expected) = (cols[0], cols[1], cols[2]);
        cases += 1;
        let x = extract(&ex, sentence);
        let named: Vec<_> = x
            .entities
            .iter()
            .filter(|e| e.mentions.iter().any(|m| m.text == mention))
            .collect();
        let qids: Vec<Option<&str>> = named.iter().map(|e| e.wikidata.as_deref()).collect();
        let ok = match expected {
            "NIL" => qids.iter().all(Option::is_none),
            "NOPLACE" => named
                .iter()
                .all(|e| e.kind.as_str() != "Jurisdiction" && e.wikidata.is_none()),
            q => qids.contains(&Some(q)) && qids.iter().all(|x| x.is_none_or(|x| x == q)),
        };
        if !ok {
            failures.push(format!(
                "line {}: {mention:?} in {sentence:?}: expected {expected}, got {:?}",
                n + 1,
                named
                    .iter()
                    .map(|e| (e.label.as_str(), e.kind.as_str(), e.wikidata.as_deref()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(cases >= 10, "the table holds the cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
