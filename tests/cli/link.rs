//! Linking against a real SPARQL endpoint: Debian's Virtuoso (`virtuoso-opensource-7-bin`),
//! started on free local ports with its own database in a temporary folder, loaded with the
//! Wikidata-shaped fixture `tests/fixtures/wikidata.ttl`, and stopped at the end. No test
//! touches the internet.

use crate::common::{count, ok, root, run};
use crate::virtuoso::Virtuoso;

#[test]
fn link_and_federate_against_a_local_endpoint() {
    let v = Virtuoso::start();
    v.load_turtle(
        &root().join("tests/fixtures/wikidata.ttl"),
        "http://fixture.wikidata/",
    );
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s").display().to_string();
    ok(&[
        "build",
        "--store",
        &store,
        "tests/fixtures/linking-article.txt",
    ]);
    let links = "SELECT (COUNT(*) AS ?n) WHERE { ?e owl:sameAs ?q }";
    let before = count(&store, links);

    // an unreachable endpoint: a clear error, and nothing written
    let dead = run(&[
        "link",
        "--store",
        &store,
        "--endpoint",
        "http://127.0.0.1:9/sparql",
        "--timeout",
        "2",
    ]);
    assert_eq!(dead.code, 1);
    assert!(dead.stderr.contains("unreachable"), "{}", dead.stderr);
    assert_eq!(count(&store, links), before);

    // the dry run shows decisions, scores and margins, and writes nothing
    let table = ok(&[
        "link",
        "--store",
        &store,
        "--endpoint",
        &v.endpoint(),
        "--dry-run",
    ]);
    let line = |label: &str| {
        table
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in\n{table}"))
            .to_owned()
    };
    for (label, qid) in [
        ("Baltimore ", "Q5092"),  // a river of the same name is not a place of ours
        ("Pittsburgh ", "Q1342"), // nor is a ship
        ("Newark ", "Q25395"),    // the article names New Jersey, not Delaware
        ("Brandon Scott ", "Q104872341"), // the mayor of Baltimore, not the football player
    ] {
        let l = line(label);
        assert!(l.contains(" yes ") && l.contains(qid), "{l}");
    }
    let tran = line("Lisa Tran ");
    assert!(
        tran.contains(" NIL "),
        "a namesake actress must stay NIL: {tran}"
    );
    assert!(table.contains("margin") && table.contains("runner-up"));
    assert_eq!(count(&store, links), before, "a dry run wrote links");

    // the real run records the links with score and source
    ok(&["link", "--store", &store, "--endpoint", &v.endpoint()]);
    let baltimore = crate::common::tsv(
        &store,
        "SELECT ?q ?score ?source WHERE { ?e rdfs:label \"Baltimore\" ; owl:sameAs ?q ; \
         ng:linkScore ?score ; ng:linkSource ?source }",
    );
    assert!(
        baltimore.contains("Q5092") && baltimore.contains("sparql:http://127.0.0.1"),
        "{baltimore}"
    );
    assert_eq!(
        count(
            &store,
            "SELECT (COUNT(*) AS ?n) WHERE { ?e rdfs:label \"Lisa Tran\" ; owl:sameAs ?q }"
        ),
        0
    );
    // re-ingesting the article keeps the links
    ok(&[
        "build",
        "--store",
        &store,
        "tests/fixtures/linking-article.txt",
    ]);
    assert!(count(&store, links) > before);

    // a federated query, sent to the fixture through --service-map, joins both sides
    let map = format!("https://query.wikidata.org/sparql={}", v.endpoint());
    let rows = ok(&[
        "query",
        "--store",
        &store,
        "--format",
        "tsv",
        "--service-map",
        &map,
        root()
            .join("queries/wikidata-population.rq")
            .to_str()
            .unwrap(),
    ]);
    assert!(
        rows.contains("\"Baltimore\"") && rows.contains("585708"),
        "{rows}"
    );
    assert!(
        rows.contains("\"New Jersey\"") && rows.contains("9288994"),
        "{rows}"
    );
}
