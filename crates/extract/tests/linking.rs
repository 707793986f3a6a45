//! Offline linking: identifiers from the reference tables, and no link when the context
//! does not agree (a wrong link is worse than none). Sentences written for the project.
#![allow(clippy::unwrap_used, missing_docs)]

use newsgraph_extract::Extractor;
use newsgraph_model::Extraction;

mod common;
use common::extract;

/// The Wikidata QID of the entity one of whose mentions is `mention`.
fn qid(x: &Extraction, mention: &str) -> Option<String> {
    x.entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == mention))
        .unwrap_or_else(|| panic!("no entity mentioned as {mention:?}: {:?}", x.entities))
        .wikidata
        .clone()
}

#[test]
fn links_from_the_tables_and_refuses_unsure_ones() {
    let ex = Extractor::new().unwrap();
    let x = extract(&ex, "A man from Queens was arrested by the NYPD in Denver.");
    assert_eq!(
        qid(&x, "Queens").as_deref(),
        Some("Q18424"),
        "the borough, not the county"
    );
    assert_eq!(qid(&x, "NYPD").as_deref(), Some("Q328473"));
    assert_eq!(qid(&x, "Denver").as_deref(), Some("Q16554"));

    // a person's surname is the person, not the town of the same name
    let x = extract(
        &ex,
        "Department spokesman Tyler Q. Houlton spoke first. Houlton said the plan was a stunt.",
    );
    let houlton: Vec<_> = x
        .entities
        .iter()
        .filter(|e| e.mentions.iter().any(|m| m.text == "Houlton"))
        .collect();
    assert_eq!(houlton.len(), 1);
    assert_eq!(houlton[0].kind.as_str(), "Person");
    assert_eq!(houlton[0].wikidata, None);

    // "New York Gov." is the state; "New York City Mayor" the city
    let x = extract(
        &ex,
        "New York Gov. Kathy Hochul and New York City Mayor Eric Adams met.",
    );
    assert_eq!(qid(&x, "New York").as_deref(), Some("Q1384"));
    assert_eq!(qid(&x, "New York City").as_deref(), Some("Q60"));

    // "Washington" is the state only when the text says so; bare, it may be the capital
    let x = extract(&ex, "Washington Gov. Jay Inslee sued the agency.");
    assert_eq!(qid(&x, "Washington").as_deref(), Some("Q1223"));
    let x = extract(&ex, "The White House in Washington said no.");
    assert_eq!(qid(&x, "Washington"), None, "unsure: no link");
    let x = extract(&ex, "Officials in Yakima, Washington, said no.");
    assert_eq!(qid(&x, "Washington").as_deref(), Some("Q1223"));
}
