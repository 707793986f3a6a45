//! Figures, the entity each belongs to, and breakdowns, on sentences written for the project.
#![allow(clippy::unwrap_used, missing_docs)]

use newsgraph_extract::Extractor;
use newsgraph_model::Extraction;

mod common;
use common::extract;

/// (value, label of the subject entity, bound) of every figure.
fn figures(x: &Extraction) -> Vec<(f64, String, Option<String>)> {
    x.quantities
        .iter()
        .map(|q| {
            let label = q
                .subject
                .as_ref()
                .and_then(|s| x.entities.iter().find(|e| &e.id == s))
                .map_or(String::new(), |e| e.label.clone());
            (q.value, label, q.bound.clone())
        })
        .collect()
}

#[test]
fn figures_belong_to_the_actor_of_their_act() {
    let ex = Extractor::new().unwrap();
    let x = extract(
        &ex,
        "The Department of Justice sent three letters to Oregon on Monday.",
    );
    assert_eq!(
        figures(&x),
        [(3.0, "U.S. Department of Justice".to_owned(), None)]
    );
    let x = extract(
        &ex,
        "Oregon received $12 million from the Federal Emergency Management Agency.",
    );
    assert_eq!(figures(&x)[0].0, 12_000_000.0);
}

#[test]
fn parts_of_a_figure_before_keep_its_subject() {
    let ex = Extractor::new().unwrap();
    let x = extract(
        &ex,
        "ICE arrested 225 people in Texas last week. Of those, 180 had criminal records. More than 60 of them had been released by local jails.",
    );
    let f = figures(&x);
    assert_eq!(f.len(), 3, "{f:?}");
    assert!(f.iter().all(|(_, s, _)| s.contains("Immigration")), "{f:?}");
    assert_eq!(f[2].2.as_deref(), Some("more than"));
}

#[test]
fn a_breakdown_is_part_of_its_total() {
    let ex = Extractor::new().unwrap();
    let x = extract(
        &ex,
        "The Cook County Sheriff's Office booked 1,200 inmates in May, including 300 women and 40 juveniles.",
    );
    assert_eq!(x.quantities.len(), 1, "{:?}", x.quantities);
    assert_eq!(x.quantities[0].value, 1200.0);
    assert!(
        x.quantities[0].what.contains("300 women"),
        "{}",
        x.quantities[0].what
    );
}

#[test]
fn money_belongs_to_whom_it_is_for() {
    let ex = Extractor::new().unwrap();
    let cases = [
        (
            "The Department of Education froze about $96 million for Ohio.",
            "Ohio",
        ),
        (
            "For Maine, the Department of Energy is holding back $9 million.",
            "Maine",
        ),
        (
            "U.S. Immigration and Customs Enforcement paid Lake County about $8 million a year.",
            "Lake County",
        ),
        (
            "The Federal Emergency Management Agency cancelled $100 million in grants for Tacoma.",
            "Tacoma",
        ),
        // no recipient named: the figure stays with its clause's subject
        (
            "The Department of Education spent $96 million on testing.",
            "U.S. Department of Education",
        ),
    ];
    for (sentence, holder) in cases {
        let f = figures(&extract(&ex, sentence));
        assert_eq!(f.len(), 1, "{sentence}: {f:?}");
        assert!(f[0].1.contains(holder), "{sentence}: {f:?}");
    }
}

#[test]
fn numbers_of_bills_and_measures_are_no_figures() {
    let ex = Extractor::new().unwrap();
    for sentence in [
        "Governor Greg Abbott signed Senate Bill 4 in May.",
        "Arizona enforced SB 1070 for years.",
        "California voters passed Proposition 187 in 1994.",
    ] {
        let f = figures(&extract(&ex, sentence));
        assert!(f.is_empty(), "{sentence}: {f:?}");
    }
}
