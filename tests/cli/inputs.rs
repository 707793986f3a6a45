//! Every input kind of SPEC §3, and bad documents reported by name and skipped.

use std::fs;

use crate::common::{run, run_with};

fn docs_of(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn has_entity(doc: &serde_json::Value, label: &str) -> bool {
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["label"].as_str().is_some_and(|l| l.contains(label)))
}

#[test]
fn text_with_header_block() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    fs::write(
        &f,
        "title: Governor sues EPA\ndate: 2021-03-04\nurl: https://example.org/a\ncomplete: yes\n\n\
         Texas Attorney General Ken Paxton sued the Environmental Protection Agency on Tuesday.\n",
    )
    .unwrap();
    let r = run(&["extract", &f.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = &docs_of(&r.stdout)[0];
    assert_eq!(d["doc"], "a");
    assert_eq!(d["meta"]["title"], "Governor sues EPA");
    assert_eq!(d["meta"]["date"], "2021-03-04");
    assert!(has_entity(d, "Environmental Protection Agency"), "{d}");
    assert!(has_entity(d, "Texas"), "{d}");
}

#[test]
fn html_page() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("page.html");
    fs::write(
        &f,
        "<html><head><title>County defies FBI</title><script>var x = 'Chicago';</script></head>\
         <body><nav>Home | Sports</nav><article><p>The Cook County Board rejected a request \
         from the Federal Bureau of Investigation on Monday.</p></article>\
         <footer>Copyright 2020 Example News</footer></body></html>",
    )
    .unwrap();
    let r = run(&["extract", &f.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = &docs_of(&r.stdout)[0];
    assert!(has_entity(d, "Federal Bureau of Investigation"), "{d}");
    assert!(!has_entity(d, "Chicago"), "script text was read: {d}");
}

#[test]
fn jsonl_lines_are_documents() {
    let input = concat!(
        r#"{"id": "one", "text": "The Department of Justice sued the state of Oregon.", "date": "2019-05-01"}"#,
        "\n",
        r#"{"id": "two", "text": "Mayor Lori Lightfoot criticized ICE on Friday."}"#,
        "\n"
    );
    let r = run_with(&["extract", "-"], Some(input.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs = docs_of(&r.stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["doc"], "one");
    assert_eq!(docs[1]["doc"], "two");
}

#[test]
fn plain_text_on_stdin() {
    let r = run_with(
        &["extract", "-"],
        Some(b"The Federal Communications Commission fined the city of Baltimore.\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = &docs_of(&r.stdout)[0];
    assert!(has_entity(d, "Baltimore"), "{d}");
}

#[test]
fn directories_are_read_recursively_in_order() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("b/c")).unwrap();
    fs::write(dir.path().join("b/c/z.txt"), "The EPA fined Ohio.\n").unwrap();
    fs::write(dir.path().join("a.txt"), "The FBI raided Newark.\n").unwrap();
    fs::write(dir.path().join("notes.md"), "not an article\n").unwrap();
    let r = run(&["extract", &dir.path().display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ids: Vec<String> = docs_of(&r.stdout)
        .iter()
        .map(|d| d["doc"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["a", "z"]);
}

#[test]
fn bad_documents_are_named_skipped_and_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(
        p.join("good.txt"),
        "The Department of Justice sued California.\n",
    )
    .unwrap();
    fs::write(p.join("latin1.txt"), b"Caf\xe9 \xff\xfe broken\n").unwrap();
    fs::write(p.join("empty.txt"), "").unwrap();
    fs::write(p.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    fs::write(
        p.join("feed.jsonl"),
        "{\"id\": \"fine\", \"text\": \"ICE arrested a man in Denver.\"}\n{not json\n",
    )
    .unwrap();
    let store = p.join("store").display().to_string();
    let r = run(&["build", "--store", &store, &p.display().to_string()]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    for name in ["latin1.txt", "empty.txt", "binary.txt", "feed.jsonl:2"] {
        assert!(r.stderr.contains(name), "{name} not named in: {}", r.stderr);
    }
    assert!(!r.stderr.contains("good.txt"), "{}", r.stderr);
    // the good documents are in the store
    let q = run(&[
        "query",
        "--store",
        &store,
        "--format",
        "tsv",
        "-e",
        "SELECT ?id WHERE { ?d ng:documentId ?id } ORDER BY ?id",
    ]);
    assert_eq!(q.code, 0, "{}", q.stderr);
    assert_eq!(
        q.stdout.lines().skip(1).collect::<Vec<_>>(),
        ["\"fine\"", "\"good\""]
    );
}

#[test]
fn a_missing_input_is_an_error_naming_it() {
    let r = run(&["extract", "no/such/file.txt"]);
    // a path that is not there is a mistake in the command line: bad usage
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no/such/file.txt"), "{}", r.stderr);
}

#[test]
fn a_wire_dateline_dates_the_document() {
    let r = run_with(
        &["extract", "-"],
        Some("WASHINGTON, Jan. 17, 2020 (AP) \u{2014} The Justice Department sued New Jersey over its immigration directive.\n".as_bytes()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = &docs_of(&r.stdout)[0];
    assert_eq!(d["meta"]["date"], "2020-01-17");
    // an article without a date gets none
    let r = run_with(
        &["extract", "-"],
        Some(b"The Justice Department sued New Jersey last week.\n"),
    );
    let d = &docs_of(&r.stdout)[0];
    assert!(d["meta"].get("date").is_none(), "{d}");
    assert!(d["relations"][0].get("date").is_none(), "{d}");
}
