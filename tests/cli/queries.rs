//! Every query of `queries/` against the seeds' graph, with the rows it must return.

use crate::common::{query_rows, root};

/// Rows (as TSV cells) whose cells contain all of the given strings.
fn has_row(rows: &[Vec<String>], cells: &[&str]) -> bool {
    rows.iter()
        .any(|r| cells.iter().all(|c| r.iter().any(|x| x.contains(c))))
}

fn run_query(name: &str) -> Vec<Vec<String>> {
    let path = root().join("queries").join(name);
    query_rows(&[path.to_str().unwrap()])
}

const ICE: &str = "U.S. Immigration and Customs Enforcement";

#[test]
fn every_query_starts_with_a_comment_and_is_tested() {
    let tested = [
        "subpoenas.rq",
        "federal-actions-against-jurisdictions.rq",
        "leaders-and-staff.rq",
        "quotes-by-speaker.rq",
        "entity-identifiers.rq",
        "documents-mentioning-both.rq",
        "timeline.rq",
        "refusals.rq",
        "lawsuits-and-threats.rq",
        "most-active-actors.rq",
        "agency-hierarchy.rq",
        "figures.rq",
        "conflict-pairs.rq",
        "reported-by-several-sources.rq",
        "denied-threatened-disputed.rq",
        // federated: tested in link.rs against a local endpoint
        "wikidata-population.rq",
        "wikidata-party.rq",
    ];
    let mut found = 0;
    for entry in std::fs::read_dir(root().join("queries")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rq") {
            found += 1;
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            assert!(tested.contains(&name.as_str()), "{name} has no test");
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("# "),
                "{name} does not say what it answers"
            );
        }
    }
    assert!(found >= 10);
}

#[test]
fn subpoenas() {
    let rows = run_query("subpoenas.rq");
    assert_eq!(rows[0][0], "?actor");
    assert!(has_row(
        &rows,
        &[
            ICE,
            "\"New York City Department of Correction\"",
            "immigration subpoenas"
        ]
    ));
    assert!(has_row(&rows, &[ICE, "\"New York City\"", "subpoenas"]));
    assert!(has_row(
        &rows,
        &[
            ICE,
            "\"Denver\"",
            "ICE sent similar subpoenas to the city of Denver"
        ]
    ));
}

#[test]
fn a_subpoena_told_twice_pairs_each_document_with_its_own_sentence() {
    // one event (same actor, act and target, no date) in two documents, worded differently
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("two.jsonl");
    std::fs::write(
        &feed,
        concat!(
            r#"{"id": "x", "text": "The FBI subpoenaed the Chicago Police Department."}"#,
            "\n",
            r#"{"id": "y", "text": "The FBI quietly subpoenaed the Chicago Police Department, the newspaper reported."}"#,
            "\n"
        ),
    )
    .unwrap();
    let store = dir.path().join("s");
    let store = store.to_str().unwrap();
    crate::common::ok(&["build", "--store", store, feed.to_str().unwrap()]);
    let path = root().join("queries/subpoenas.rq");
    let out = crate::common::ok(&[
        "query",
        "--store",
        store,
        "--format",
        "tsv",
        path.to_str().unwrap(),
    ]);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(
        rows.len(),
        2,
        "one row per document, not per document and sentence: {out}"
    );
    let x = rows.iter().find(|r| r.contains("doc/x>")).unwrap();
    let y = rows.iter().find(|r| r.contains("doc/y>")).unwrap();
    assert!(!x.contains("quietly"), "{out}");
    assert!(y.contains("quietly"), "{out}");
}

#[test]
fn federal_actions_against_jurisdictions() {
    let rows = run_query("federal-actions-against-jurisdictions.rq");
    assert!(has_row(
        &rows,
        &[ICE, "subpoenas", "\"Denver\"", "REQUEST", "101"]
    ));
    // every row's actor is a federal agency and its target a jurisdiction
    assert!(rows
        .iter()
        .skip(1)
        .all(|r| !r[0].contains("New York City\"")));
}

#[test]
fn leaders_and_staff() {
    let rows = run_query("leaders-and-staff.rq");
    assert!(has_row(&rows, &["Albence", "leads", ICE]));
    assert!(has_row(
        &rows,
        &["Bill de Blasio", "leads", "\"New York City\""]
    ));
    assert!(has_row(&rows, &["Andrew Cuomo", "leads", "\"New York\""]));
}

#[test]
fn quotes_by_speaker() {
    let rows = run_query("quotes-by-speaker.rq");
    assert!(rows.len() > 10);
    assert!(has_row(&rows, &["Bill de Blasio", "004_046fb153b088df1c"]));
}

#[test]
fn entity_identifiers() {
    let rows = run_query("entity-identifiers.rq");
    assert!(has_row(
        &rows,
        &[
            "\"Denver\"",
            "Q16554",
            "ocd-division/country:us/state:co/place:denver"
        ]
    ));
    assert!(has_row(&rows, &[ICE, "Q943091", "federal"]));
}

#[test]
fn documents_mentioning_both() {
    let rows = run_query("documents-mentioning-both.rq");
    // all five seeds are about ICE and New York City
    assert_eq!(rows.len() - 1, 5, "{rows:?}");
}

#[test]
fn timeline() {
    let rows = run_query("timeline.rq");
    let dates: Vec<&str> = rows.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert!(dates.len() > 5);
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "not in date order");
    assert!(has_row(&rows, &["Andrew Cuomo", "writesTo", ICE]));
}

#[test]
fn refusals() {
    let rows = run_query("refusals.rq");
    assert!(has_row(
        &rows,
        &["\"Denver\"", ICE, "refuses", "would not comply"]
    ));
}

#[test]
fn lawsuits_and_threats() {
    let rows = run_query("lawsuits-and-threats.rq");
    assert!(has_row(&rows, &["Jeff Sessions", "sues", "\"California\""]));
    assert!(has_row(&rows, &["Andrew Cuomo", "threatens", ICE]));
}

#[test]
fn most_active_actors() {
    let rows = run_query("most-active-actors.rq");
    assert!(rows[1][0].contains(ICE), "{:?}", rows[1]);
    // counts are per event, not per graph a label is repeated in
    let n = crate::common::number(&rows[1][1]);
    assert!(n < 40, "{n} events initiated by ICE in five articles");
}

#[test]
fn agency_hierarchy() {
    let rows = run_query("agency-hierarchy.rq");
    assert!(has_row(
        &rows,
        &[ICE, "partOf", "U.S. Department of Homeland Security"]
    ));
}

#[test]
fn figures() {
    let rows = run_query("figures.rq");
    assert!(has_row(&rows, &["\"4\"", "immigration subpoenas"]));
}

#[test]
fn conflict_pairs() {
    let rows = run_query("conflict-pairs.rq");
    assert!(has_row(&rows, &[ICE, "\"Denver\"", "REQUEST"]));
}

#[test]
fn query_formats_and_errors() {
    let store = crate::common::seeds_store();
    let q = "SELECT ?l WHERE { ?e a ng:Agency ; rdfs:label ?l } ORDER BY ?l LIMIT 2";
    let json = crate::common::ok(&["query", "--store", store, "--format", "json", "-e", q]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["results"]["bindings"].as_array().unwrap().len(), 2);
    let csv = crate::common::ok(&["query", "--store", store, "--format", "csv", "-e", q]);
    assert_eq!(csv.lines().next().unwrap().trim(), "l");
    let table = crate::common::ok(&["query", "--store", store, "-e", q]);
    assert!(table.lines().nth(1).unwrap().starts_with("--"));
    let ask = crate::common::ok(&[
        "query",
        "--store",
        store,
        "-e",
        "ASK { ?s ng:subpoenas ?o }",
    ]);
    assert!(ask.contains("true"));
    let bad = crate::common::run(&["query", "--store", store, "-e", "SELECT WHERE {"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("SPARQL"), "{}", bad.stderr);
    let missing = crate::common::run(&["query", "--store", store, "no-such.rq"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("no-such.rq"), "{}", missing.stderr);
}

#[test]
fn denied_threatened_disputed() {
    let rows = run_query("denied-threatened-disputed.rq");
    assert!(rows.len() > 1);
    // every row is negative, not asserted, or attributed
    for r in rows.iter().skip(1) {
        assert!(
            r[3].contains("negative") || !r[4].contains("\"asserted\"") || !r[5].is_empty(),
            "{r:?}"
        );
    }
    assert!(has_row(
        &rows,
        &[ICE, "requests", "\"New York City\"", "hypothetical"]
    ));
}

#[test]
fn reported_by_several_sources() {
    // the same act told by two wire stories a day apart ("on Tuesday" is the same day)
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("two.jsonl");
    std::fs::write(
        &feed,
        concat!(
            r#"{"id": "a", "text": "ICE subpoenaed the Denver Sheriff Department on Tuesday.", "date": "2020-01-16"}"#,
            "\n",
            r#"{"id": "b", "text": "Officials said ICE subpoenaed the Denver Sheriff Department on Tuesday.", "date": "2020-01-17"}"#,
            "\n",
            r#"{"id": "c", "text": "ICE subpoenaed the Denver Sheriff Department again in March.", "date": "2020-04-02"}"#,
            "\n"
        ),
    )
    .unwrap();
    let store = dir.path().join("s");
    let store = store.to_str().unwrap();
    crate::common::ok(&["build", "--store", store, feed.to_str().unwrap()]);
    let path = root().join("queries/reported-by-several-sources.rq");
    let out = crate::common::ok(&[
        "query",
        "--store",
        store,
        "--format",
        "tsv",
        path.to_str().unwrap(),
    ]);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(
        rows[0].contains("Denver Sheriff Department")
            && rows[0].contains("doc/a")
            && rows[0].contains("doc/b")
    );
    assert!(
        !rows[0].contains("doc/c"),
        "a later act is another event: {out}"
    );
}

#[test]
fn service_calls_need_federate() {
    let path = root().join("queries/wikidata-population.rq");
    let r = crate::common::run(&[
        "query",
        "--store",
        crate::common::seeds_store(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--federate"), "{}", r.stderr);
}

/// The ready queries stated in a shape the store evaluates well return the rows of their
/// plain formulation (`tests/fixtures/query-shapes/`), on the seeds and on a store where every
/// seed is told by three documents (the multiplicity the shapes were chosen for).
#[test]
fn rewritten_queries_return_the_rows_of_their_plain_form() {
    let dir = tempfile::tempdir().unwrap();
    let copies = dir.path().join("copies");
    std::fs::create_dir(&copies).unwrap();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        for n in 0..3 {
            std::fs::copy(&path, copies.join(format!("{stem}-{n}.txt"))).unwrap();
        }
    }
    let tripled = dir.path().join("store").display().to_string();
    crate::common::ok(&["build", "--store", &tripled, copies.to_str().unwrap()]);
    let mut compared = 0;
    for entry in std::fs::read_dir(root().join("tests/fixtures/query-shapes")).unwrap() {
        let plain = entry.unwrap().path();
        if plain.extension().is_none_or(|e| e != "rq") {
            continue;
        }
        let ready = root().join("queries").join(plain.file_name().unwrap());
        for store in [crate::common::seeds_store(), tripled.as_str()] {
            let run = |q: &std::path::Path| {
                crate::common::tsv(store, &std::fs::read_to_string(q).unwrap())
            };
            let (want, got) = (run(&plain), run(&ready));
            assert!(want.lines().count() > 1, "{}: no rows", plain.display());
            assert_eq!(got, want, "{} differs from its plain form", ready.display());
        }
        compared += 1;
    }
    assert!(compared >= 4);
}
