//! Quotation forms and their speakers, on sentences written for the project.
#![allow(clippy::unwrap_used, missing_docs)]

use newsgraph_extract::Extractor;
use newsgraph_model::{DocMeta, Document};

/// (text, the start of a quotation, the label of its speaker or "" for none).
const CASES: &[(&str, &str, &str)] = &[
    // attribution after the quote, name then verb, with an apposition
    (
        "“We will not be bullied,” Karen Ortiz, a spokeswoman for the Cook County Sheriff's Office, told reporters.",
        "We will not",
        "Karen Ortiz",
    ),
    // verb then name
    ("“The rule is unlawful,” said Governor Gavin Newsom.", "The rule", "Gavin Newsom"),
    // pronoun after the quote: the subject of the sentence before
    (
        "Mayor Lori Lightfoot spoke on Monday. “Chicago will not help ICE,” she said.",
        "Chicago will",
        "Lori Lightfoot",
    ),
    // a fronted phrase before the subject of the previous sentence
    (
        "In a letter to Governor Kate Brown, Acting Secretary Chad Wolf defended the agents. “They are doing their jobs,” he wrote.",
        "They are",
        "Chad Wolf",
    ),
    // an introducing clause with a colon
    (
        "Department spokeswoman Sarah Peck said on Friday: “The state has no authority here.”",
        "The state has",
        "Sarah Peck",
    ),
    // a quotation split by its attribution, continued in the next paragraph
    (
        "“This is a last resort,” said Sheriff Tom Dart. “We have asked three times.”\n\n“Nobody answered,” he added.",
        "We have asked",
        "Tom Dart",
    ),
    // straight quotation marks
    (
        "\"The funds were withheld illegally,\" Attorney General Letitia James said.",
        "The funds",
        "Letitia James",
    ),
    // "quoting X" before a block quotation
    (
        "The newspaper ran the story on Sunday, quoting Commissioner Dermot Shea.\n\n\"We follow the law, and the law is clear.\"",
        "We follow",
        "Dermot Shea",
    ),
    // the agency's leader named by a role noun
    (
        "FBI Director Christopher Wray testified on Tuesday. The FBI chief went on to criticize the Denver Police Department. “They ignored our warnings,” he said.",
        "They ignored",
        "Christopher Wray",
    ),
];

#[test]
fn quotation_forms_find_their_speakers() {
    let ex = Extractor::new().unwrap();
    let mut failures = Vec::new();
    for (n, (text, start, speaker)) in CASES.iter().enumerate() {
        let doc = Document {
            id: format!("q{n}"),
            text: (*text).to_owned(),
            meta: DocMeta::default(),
        };
        let x = ex.extract(&doc);
        let Some(q) = x.quotes.iter().find(|q| q.text.starts_with(start)) else {
            failures.push(format!(
                "{n}: no quotation starting {start:?}: {:?}",
                x.quotes
            ));
            continue;
        };
        let label = q
            .speaker
            .as_ref()
            .and_then(|s| x.entities.iter().find(|e| &e.id == s))
            .map_or("", |e| e.label.as_str());
        if label != *speaker {
            failures.push(format!(
                "{n}: {start:?} spoken by {label:?}, not {speaker:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
