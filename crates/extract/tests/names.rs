//! Names found by their shape, on sentences written for newsgraph: lists joined by "and" are
//! cut into their names, courts keep their ordinals and "for the … Circuit", documents and
//! numbered provisions are policies, a country naming a title is not a mention, and a
//! title-case headline's verbs end a name.
#![allow(clippy::unwrap_used, missing_docs)]

use newsgraph_extract::Extractor;

mod common;
use common::extract;

/// (sentence, names that must be entities as `label:Type`, names that must not be labels)
const CASES: &[(&str, &[&str], &[&str])] = &[
    (
        "The Arizona Legislature met in January. The Republican-controlled Legislature passed the budget, and a Phoenix-based group sued.",
        &["Arizona Legislature:Agency"],
        &["Republican-controlled Legislature", "Phoenix-based"],
    ),
    (
        "The complaint names the Department of Energy and Energy Secretary Chris Wright.",
        &["U.S. Department of Energy:Agency", "Chris Wright:Person"],
        &["U.S. Department of Energy and Energy"],
    ),
    (
        "Secretary of State Shenna Bellows certified the count.",
        &["Shenna Bellows:Person"],
        &["State Shenna Bellows"],
    ),
    (
        "Mayor Ana Ruiz and Essex County sued the state on Friday.",
        &["Ana Ruiz:Person", "Essex County:Jurisdiction"],
        &["Ana Ruiz and Essex County"],
    ),
    (
        "The Labor Department and OPM declined to comment.",
        &["U.S. Department of Labor:Agency"],
        &["Labor Department and OPM"],
    ),
    (
        "Funding for Lee and Collier counties was frozen.",
        &["Lee County:Jurisdiction", "Collier County:Jurisdiction"],
        &["Lee and Collier"],
    ),
    (
        "The Department of Housing and Urban Development denied the request.",
        &[],
        &["Urban Development", "Department of Housing"],
    ),
    (
        "A panel of the 11th U.S. Circuit Court of Appeals heard the appeal.",
        &["11th U.S. Circuit Court of Appeals:Agency"],
        &["United States", "U.S. Circuit Court of Appeals"],
    ),
    (
        "The case went to the U.S. Court of Appeals for the Tenth Circuit in Denver.",
        &["U.S. Court of Appeals for the Tenth Circuit:Agency"],
        &["U.S. Court of Appeals"],
    ),
    (
        "The county argued the ordinance violates the Constitution and Section 1983 of federal law.",
        &["Constitution:Policy", "Section 1983:Policy"],
        &["Section"],
    ),
    (
        "The rule conflicts with the Nevada Constitution, and the Constitution is clear, she said.",
        &["Nevada Constitution:Policy"],
        &["Constitution"],
    ),
    (
        "U.S. District Judge Omar Hale and U.S. Rep. Lena Dorsey spoke after the hearing.",
        &["Omar Hale:Person"],
        &["United States"],
    ),
    (
        "County Sues Water District Over Plant Closure Plan",
        &[],
        &["County Sues Water District Over Plant Closure Plan"],
    ),
    (
        "Premier Ruth Olsen of Manitoba met officials from Saskatchewan and Nova Scotia in Ottawa.",
        &[
            "Manitoba:Jurisdiction",
            "Saskatchewan:Jurisdiction",
            "Nova Scotia:Jurisdiction",
            "Ottawa:Jurisdiction",
        ],
        &[],
    ),
    // sentences that must yield no name of these words
    (
        "the section of the report on budgets was read aloud, and the order was final.",
        &[],
        &["Section", "Order"],
    ),
];

#[test]
fn names_are_cut_typed_and_kept_whole_by_their_shape() {
    let ex = Extractor::new().unwrap();
    let mut failures = Vec::new();
    for (sentence, want, not) in CASES {
        let x = extract(&ex, sentence);
        let found: Vec<String> = x
            .entities
            .iter()
            .map(|e| format!("{}:{}", e.label, e.kind.as_str()))
            .collect();
        for w in *want {
            if !found.iter().any(|f| f == w) {
                failures.push(format!("{sentence:?}: missing {w} in {found:?}"));
            }
        }
        for n in *not {
            if x.entities.iter().any(|e| e.label == *n) {
                failures.push(format!("{sentence:?}: unwanted {n} in {found:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
