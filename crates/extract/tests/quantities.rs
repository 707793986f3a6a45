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

/// The label of the subject of each figure, in order.
fn subjects(ex: &Extractor, text: &str) -> Vec<(f64, String)> {
    figures(&extract(ex, text))
        .into_iter()
        .map(|(v, s, _)| (v, s))
        .collect()
}

#[test]
fn the_words_next_to_a_figure_name_its_owner() {
    let ex = Extractor::new().unwrap();
    let one = |text: &str, value: f64, label: &str| {
        assert_eq!(subjects(&ex, text), [(value, label.to_owned())], "{text}");
    };
    // a possessive pronoun: the nearest body before it, not the actor
    one(
        "Michigan appointed an emergency manager for the Detroit Public Schools and suspended its 11 elected board members.",
        11.0,
        "Detroit Public Schools",
    );
    // a "by" agent of the counted things
    one(
        "Officials said 4,000 permits issued by the Department of Homeland Security were revoked.",
        4000.0,
        "U.S. Department of Homeland Security",
    );
    // the antecedent of a relative clause
    one(
        "The Navajo Nation, which operates 12 health clinics, sued the Department of the Interior.",
        12.0,
        "Navajo Nation",
    );
    // a name inside the counted phrase
    one(
        "Fifteen Arizona county sheriffs signed the agreement.",
        15.0,
        "Arizona",
    );
    // the court a panel belongs to
    one(
        "A divided three-judge panel of the 5th U.S. Circuit Court of Appeals sided with Texas.",
        3.0,
        "5th U.S. Circuit Court of Appeals",
    );
    // a count of governments belongs to the government a person speaks for
    one(
        "Oregon Attorney General Dan Rayfield led a coalition of 15 states in suing the Department of Education.",
        15.0,
        "Oregon",
    );
    // money: the one it is given to, not a place after another preposition
    one(
        "The Department of Education awarded the Chicago Public Schools about $40 million for tutoring in Illinois.",
        40_000_000.0,
        "Chicago Public Schools",
    );
    one(
        "Brussels froze 6 billion euros in cohesion funds earmarked for Poland.",
        6e9,
        "Poland",
    );
    // of coordinated subjects, the first
    one(
        "Maine and Vermont have spent years assembling about $60 million in federal money for flood walls.",
        60_000_000.0,
        "Maine",
    );
}

#[test]
fn a_levy_belongs_to_each_place_it_is_laid_on() {
    let ex = Extractor::new().unwrap();
    assert_eq!(
        subjects(
            &ex,
            "The order imposes a 30 percent tariff on steel from Brazil and Argentina."
        ),
        [(30.0, "Brazil".to_owned()), (30.0, "Argentina".to_owned())]
    );
}

#[test]
fn a_tally_belongs_to_the_body_that_cast_it() {
    let ex = Extractor::new().unwrap();
    assert_eq!(
        subjects(
            &ex,
            "The 5-2 vote came after a long debate, and the Boulder City Council adjourned."
        ),
        [
            (5.0, "Boulder City Council".to_owned()),
            (2.0, "Boulder City Council".to_owned())
        ]
    );
}

#[test]
fn references_back_and_page_furniture_yield_no_figure() {
    let ex = Extractor::new().unwrap();
    for text in [
        "The two states signed the compact in 1953.",
        "Governor Janet Mills met the three men in Augusta.",
        "By Ana Ruiz, KXTV 10 Staff. Published 7:15 AM PDT. Comments (42)",
        "For more information, call the Maine Department of Labor at 207-555-0110.",
    ] {
        assert_eq!(subjects(&ex, text), [], "{text}");
    }
}
