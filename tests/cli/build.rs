//! `newsgraph build` and `newsgraph stats`.

use crate::common::{ok, run, seeds_store};

#[test]
fn build_reports_what_it_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s").display().to_string();
    let out = ok(&["build", "--store", &store]);
    for line in [
        "documents  5",
        "entities",
        "Agency",
        "Jurisdiction",
        "Person",
        "subpoenas",
        "quads",
    ] {
        assert!(out.contains(line), "no {line:?} in\n{out}");
    }
    assert!(dir.path().join("s").is_dir());
}

#[test]
fn rebuilding_leaves_exactly_the_same_quads() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s").display().to_string();
    ok(&["build", "--store", &store, "seeds"]);
    let first = ok(&["export", "--store", &store, "--format", "nquads"]);
    ok(&["build", "--store", &store, "seeds"]);
    let second = ok(&["export", "--store", &store, "--format", "nquads"]);
    assert!(first.lines().count() > 1000);
    assert_eq!(first, second);
}

#[test]
fn adding_a_document_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s").display().to_string();
    ok(&["build", "--store", &store, "seeds/000_ba0e48ad7052aa1f.txt"]);
    ok(&["build", "--store", &store, "seeds/002_2da944d1c626d1ab.txt"]);
    let docs = crate::common::tsv(
        &store,
        "SELECT ?d WHERE { ?d a schema:NewsArticle } ORDER BY ?d",
    );
    assert_eq!(docs.lines().count(), 3, "{docs}");
}

#[test]
fn stats_lists_actors_and_actions() {
    let out = ok(&["stats", "--store", seeds_store()]);
    for word in [
        "documents",
        "U.S. Immigration and Customs Enforcement",
        "subpoenas",
    ] {
        assert!(out.contains(word), "no {word:?} in\n{out}");
    }
}

#[test]
fn reading_a_missing_store_says_to_build() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("none").display().to_string();
    let r = run(&["stats", "--store", &store]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("newsgraph build"), "{}", r.stderr);
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
    assert_eq!(run(&["export", "--format", "png"]).code, 2);
    assert_eq!(run(&["query"]).code, 2);
}

#[test]
fn one_node_per_entity_across_documents() {
    // ICE is named in all five seeds, Albence as "Matt" in one and "Matthew" in two
    for (needle, expected) in [
        ("Immigration and Customs", 1),
        ("Albence", 1),
        ("Bill de Blasio", 1),
    ] {
        let out = ok(&[
            "query",
            "--store",
            seeds_store(),
            "--format",
            "tsv",
            "-e",
            &format!(
                "SELECT DISTINCT ?e WHERE {{ ?e rdfs:label ?l ; a ?t . \
                 FILTER(CONTAINS(?l, \"{needle}\") && ?t IN (ng:Agency, ng:Person)) }}"
            ),
        ]);
        assert_eq!(out.lines().count() - 1, expected, "{needle}: {out}");
    }
}
