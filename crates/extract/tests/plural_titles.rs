//! A plural title holds for every person of the list it opens; a singular one for the first
//! person alone.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use newsgraph_extract::Extractor;

fn structure(text: &str) -> Vec<(String, String, String)> {
    let ex = Extractor::new().unwrap();
    let x = common::extract(&ex, text);
    let label = |id: &str| {
        x.entities
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.label.clone())
            .unwrap()
    };
    x.relations
        .iter()
        .map(|r| {
            (
                label(&r.subject),
                r.predicate.as_str().to_owned(),
                label(&r.object),
            )
        })
        .collect()
}

#[test]
fn a_plural_title_is_every_listed_persons() {
    let found =
        structure("Utah Supreme Court Justices Ada Whitlock and Ben Osterhout recused themselves.");
    for person in ["Ada Whitlock", "Ben Osterhout"] {
        assert!(
            found.contains(&(
                person.to_owned(),
                "worksFor".to_owned(),
                "Utah Supreme Court".to_owned()
            )),
            "{person}: {found:?}"
        );
    }
}

#[test]
fn a_singular_title_is_the_first_persons_alone() {
    let found = structure("Tulsa Mayor Rosa Kemble and Dale Fenwick toured the site.");
    assert!(
        found
            .iter()
            .any(|(s, p, _)| s == "Rosa Kemble" && p == "leads"),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(s, _, _)| s == "Dale Fenwick"),
        "{found:?}"
    );
}
