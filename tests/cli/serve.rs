//! `newsgraph serve` over HTTP on an ephemeral loopback port: the SPARQL 1.1 Protocol (GET,
//! POST form, POST query body, content negotiation, errors, read-only, timeout, CORS), every
//! page, live updates from a build, and graceful shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{ok, root};

/// A server on a free port, stopped (SIGTERM) when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(store: &str, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--store", store, "--bind", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(&args)
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn stop(&mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..200 {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build()
}

/// Status, content type and body of a GET (errors included).
fn get(url: &str, accept: Option<&str>) -> (u16, String, String) {
    let mut req = agent().get(url);
    if let Some(a) = accept {
        req = req.set("Accept", a);
    }
    respond(req.call())
}

fn respond(r: Result<ureq::Response, ureq::Error>) -> (u16, String, String) {
    let res = match r {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let status = res.status();
    let ct = res.content_type().to_owned();
    (status, ct, res.into_string().unwrap())
}

fn sparql_get(s: &Server, q: &str, accept: Option<&str>) -> (u16, String, String) {
    let url = format!("{}?query={}", s.url("/sparql"), enc(q));
    get(&url, accept)
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

const SUBPOENAS: &str = "SELECT DISTINCT ?target WHERE { ?e ng:predicate ng:subpoenas ; ng:target/rdfs:label ?target } ORDER BY ?target";

#[test]
fn the_sparql_endpoint_speaks_the_protocol() {
    let s = Server::start(crate::common::seeds_store(), &[]);
    // GET, JSON by default
    let (status, ct, body) = sparql_get(&s, SUBPOENAS, None);
    assert_eq!(status, 200, "{body}");
    assert!(ct.contains("sparql-results+json"), "{ct}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let targets: Vec<&str> = json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["target"]["value"].as_str().unwrap())
        .collect();
    assert!(targets.contains(&"Denver"), "{targets:?}");
    // content negotiation
    for (accept, want) in [
        ("application/sparql-results+xml", "<sparql"),
        ("text/csv", "target\r\n"),
        ("text/tab-separated-values", "?target\n"),
    ] {
        let (status, ct, body) = sparql_get(&s, SUBPOENAS, Some(accept));
        assert_eq!(status, 200);
        assert!(ct.starts_with(accept), "{accept}: {ct}");
        assert!(body.contains(want), "{accept}: {body}");
    }
    let (status, _, body) = sparql_get(&s, "ASK { ?e ng:predicate ng:subpoenas }", None);
    assert_eq!(status, 200);
    assert!(body.contains("true"), "{body}");
    let construct = "CONSTRUCT { ?a ng:subpoenas ?b } WHERE { ?a ng:subpoenas ?b }";
    for (accept, want) in [
        ("text/turtle", "ng:subpoenas"),
        (
            "application/n-triples",
            "<https://w3id.org/newsgraph/ns#subpoenas>",
        ),
        ("application/rdf+xml", "rdf:RDF"),
        ("application/ld+json", "@id"),
    ] {
        let (status, ct, body) = sparql_get(&s, construct, Some(accept));
        assert_eq!(status, 200, "{accept}: {body}");
        assert!(ct.starts_with(accept), "{accept}: {ct}");
        assert!(body.contains(want), "{accept}: {body}");
    }
    // POST: form and query body
    let r = agent()
        .post(&s.url("/sparql"))
        .send_form(&[("query", SUBPOENAS)]);
    let (status, _, body) = respond(r);
    assert_eq!(status, 200);
    assert!(body.contains("Denver"));
    let r = agent()
        .post(&s.url("/sparql"))
        .set("Content-Type", "application/sparql-query")
        .set("Accept", "text/csv")
        .send_string(SUBPOENAS);
    let (status, _, body) = respond(r);
    assert_eq!(status, 200);
    assert!(body.contains("Denver"), "{body}");
    // a named graph as the default graph: one document's facts only
    let doc = "https://w3id.org/newsgraph/id/doc/001_72e29b7a571df496";
    let url = format!(
        "{}?query={}&default-graph-uri={}",
        s.url("/sparql"),
        enc(SUBPOENAS),
        enc(doc)
    );
    let (status, _, body) = get(&url, Some("text/csv"));
    assert_eq!(status, 200);
    assert!(
        body.contains("Department of Correction") && !body.contains("Denver"),
        "{body}"
    );
    // errors: malformed, updates, unacceptable formats
    let (status, _, body) = sparql_get(&s, "SELECT WHERE {", None);
    assert_eq!(status, 400);
    assert!(body.contains("SPARQL syntax"), "{body}");
    let r = agent()
        .post(&s.url("/sparql"))
        .send_form(&[("update", "INSERT DATA { <a:b> <a:c> <a:d> }")]);
    let (status, _, body) = respond(r);
    assert_eq!(status, 403);
    assert!(body.contains("read-only"), "{body}");
    let (status, _, _) = sparql_get(&s, "INSERT DATA { <a:b> <a:c> <a:d> }", None);
    assert_eq!(status, 403);
    let (status, _, _) = sparql_get(&s, SUBPOENAS, Some("image/png"));
    assert_eq!(status, 406);
    // CORS and the service description
    let res = agent()
        .get(&format!("{}?query={}", s.url("/sparql"), enc(SUBPOENAS)))
        .call()
        .unwrap();
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    let (status, ct, body) = get(&s.url("/sparql"), None);
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/turtle"));
    assert!(
        body.contains("sd:Service") && body.contains("SPARQL11Query"),
        "{body}"
    );
}

const RUNAWAY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

#[test]
fn a_query_past_the_timeout_gets_503_and_the_server_keeps_serving() {
    let s = Server::start(crate::common::seeds_store(), &["--timeout", "5"]);
    // three runaway queries at once (more than the machine's cores in CI) …
    let runaways: Vec<_> = (0..3)
        .map(|_| {
            let url = format!("{}?query={}", s.url("/sparql"), enc(RUNAWAY));
            std::thread::spawn(move || get(&url, None))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // … while others are answered, each computed afresh (no two alike, so none is kept)
    for n in 1..=5 {
        let q = format!("{SUBPOENAS} LIMIT {n}");
        let (status, _, body) = sparql_get(&s, &q, None);
        assert_eq!(status, 200, "{body}");
    }
    let (status, _, _) = get(&s.url("/entity/denver-co"), None);
    assert_eq!(status, 200);
    assert!(
        runaways.iter().all(|t| !t.is_finished()),
        "the other requests were not answered while the runaway queries ran"
    );
    for t in runaways {
        let (status, _, body) = t.join().unwrap();
        assert_eq!(status, 503, "{body}");
        assert!(body.contains("stopped after 5 s"), "{body}");
    }
    let (status, _, _) = sparql_get(&s, SUBPOENAS, None);
    assert_eq!(status, 200);
}

/// TSV rows in a canonical order: rows that tie in ORDER BY, and the values GROUP_CONCAT
/// joins, come in no defined order.
fn sorted_lines(s: &str) -> Vec<String> {
    let canonical = |line: &str| -> String {
        line.split('\t')
            .map(|cell| {
                let mut words: Vec<&str> = cell.trim_matches('"').split(' ').collect();
                words.sort_unstable();
                words.join(" ")
            })
            .collect::<Vec<_>>()
            .join("\t")
    };
    let mut lines: Vec<String> = s.lines().map(canonical).collect();
    lines[1..].sort_unstable();
    lines
}

/// Every ready query answers through the endpoint (which reads a copy of the default graph
/// when a query reaches no named graph) exactly as `newsgraph query` does over the store.
#[test]
fn the_endpoint_answers_the_ready_queries_as_query_does() {
    let store = crate::common::seeds_store();
    let s = Server::start(store, &[]);
    let mut compared = 0;
    for entry in std::fs::read_dir(root().join("queries")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.contains("wikidata") || !name.ends_with(".rq") {
            continue;
        }
        let q = std::fs::read_to_string(&path).unwrap();
        let want = crate::common::tsv(store, &q);
        for _ in 0..2 {
            // the second answer is the kept one
            let (status, _, got) = sparql_get(&s, &q, Some("text/tab-separated-values"));
            assert_eq!(status, 200, "{name}: {got}");
            // rows that tie in ORDER BY may come in either order
            assert_eq!(sorted_lines(&got), sorted_lines(&want), "{name}");
        }
        compared += 1;
    }
    assert!(compared >= 10);
    let named =
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g";
    let want = ok(&["query", "--store", store, "--format", "tsv", "-e", named]);
    let (_, _, got) = sparql_get(&s, named, Some("text/tab-separated-values"));
    assert_eq!(
        sorted_lines(&got),
        sorted_lines(&want),
        "named graphs through the endpoint"
    );
}

#[test]
fn every_page_renders_and_shows_facts_with_their_sentences() {
    let s = Server::start(crate::common::seeds_store(), &[]);
    let ice = "/entity/us-immigration-and-customs-enforcement";
    let (status, ct, body) = get(&s.url(ice), None);
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/html"));
    assert!(body.contains("<h1>U.S. Immigration and Customs Enforcement</h1>"));
    assert!(body.contains("subpoenas"), "no subpoenas on ICE's page");
    assert!(
        body.contains("<mark>"),
        "the entity is not highlighted in its sentences"
    );
    assert!(body.contains("Department of Correction"));
    assert!(body.contains("wikidata.org/entity/Q"), "no Wikidata link");
    assert!(body.contains("href=\"/doc/"), "no link to the documents");
    for (path, want) in [
        ("/", "Who did what to whom"),
        (
            "/search?q=immigration",
            "U.S. Immigration and Customs Enforcement",
        ),
        ("/search?q=denver&type=Jurisdiction", "/entity/denver"),
        ("/doc/001_72e29b7a571df496", "Facts"),
        // the full text, with the evidence of facts marked and mentions underlined
        ("/doc/001_72e29b7a571df496", "<h2>Text</h2>"),
        (
            "/doc/001_72e29b7a571df496",
            "<mark><span class=\"mention\">",
        ),
        ("/stats", "Most active actors"),
        ("/query", "Ready queries"),
        (
            "/query?q=SELECT%20%3Fl%20WHERE%20%7B%20%3Fe%20rdfs%3Alabel%20%3Fl%20%7D%20LIMIT%203",
            "3 rows",
        ),
    ] {
        let (status, _, body) = get(&s.url(path), None);
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(want), "{path} lacks {want}");
    }
    let (status, ct, body) = get(&s.url("/suggest?q=denv"), None);
    assert_eq!(status, 200);
    assert!(ct.starts_with("application/json"));
    assert!(body.contains("Denver"), "{body}");
    let (status, _, body) = get(&s.url("/graph/denver-co"), None);
    assert_eq!(status, 200);
    assert!(
        body.contains("<svg"),
        "no SVG in the graph page (is Graphviz installed?)"
    );
    assert!(
        body.contains("/entity/"),
        "graph nodes do not link to entity pages"
    );
    for path in [
        "/entity/no-such-entity",
        "/doc/no-such-doc",
        "/graph/no-such-entity",
        "/nowhere",
    ] {
        let (status, _, _) = get(&s.url(path), None);
        assert_eq!(status, 404, "{path}");
    }
}

#[test]
fn a_build_into_the_served_store_is_seen_without_restart_and_sigterm_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s").display().to_string();
    ok(&["build", "--store", &store]);
    let mut s = Server::start(&store, &[]);
    let q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a schema:NewsArticle } }";
    let (_, _, before) = sparql_get(&s, q, Some("text/csv"));
    assert!(before.contains("\r\n5"), "{before}");
    let new = dir.path().join("new.txt");
    std::fs::write(
        &new,
        "The Justice Department sued the city of Newark on Friday.\n",
    )
    .unwrap();
    ok(&["build", "--store", &store, new.to_str().unwrap()]);
    let (_, _, after) = sparql_get(&s, q, Some("text/csv"));
    assert!(
        after.contains("\r\n6"),
        "the new document is not served: {after}"
    );
    // the document page shows the text the store keeps, replaced with the document
    let (_, _, page) = get(&s.url("/doc/new"), None);
    assert!(
        page.contains("sued the city of <span class=\"mention\">Newark</span>")
            || page.contains("Newark</span>"),
        "{page}"
    );
    std::fs::write(
        &new,
        "The Justice Department sued the city of Camden on Monday.\n",
    )
    .unwrap();
    ok(&["build", "--store", &store, new.to_str().unwrap()]);
    let (_, _, page) = get(&s.url("/doc/new"), None);
    assert!(
        page.contains("Camden") && !page.contains("Newark"),
        "{page}"
    );
    assert_eq!(
        s.stop(),
        Some(0),
        "the server did not stop cleanly on SIGTERM"
    );
}

#[test]
fn python_sparqlwrapper_reads_the_endpoint() {
    let py = crate::common::python_with("SPARQLWrapper");
    let s = Server::start(crate::common::seeds_store(), &[]);
    let out = Command::new(&py)
        .arg(root().join("tests/clients/sparqlwrapper_check.py"))
        .arg(s.url("/sparql"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("ok")).count(),
        6,
        "{text}"
    );
}

/// Headless Chromium (Debian's) with the flags this closed network needs.
fn chromium(args: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(
        std::env::var("NEWSGRAPH_TEST_CHROMIUM").unwrap_or_else(|_| "chromium".to_owned()),
    );
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--virtual-time-budget=3000",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(args);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("chromium: {e} (apt-get install chromium)"));
    drop(profile);
    out
}

#[test]
fn a_real_browser_renders_search_entity_and_graph_pages() {
    let s = Server::start(crate::common::seeds_store(), &[]);
    let shots = tempfile::tempdir().unwrap();
    for (path, want, shot) in [
        (
            "/search?q=immigration",
            "U.S. Immigration and Customs Enforcement",
            "search.png",
        ),
        (
            "/entity/us-immigration-and-customs-enforcement",
            "Actions by U.S. Immigration and Customs Enforcement",
            "entity.png",
        ),
        ("/graph/denver-co", "<svg", "graph.png"),
    ] {
        let out = chromium(&["--dump-dom", &s.url(path)]);
        let dom = String::from_utf8_lossy(&out.stdout);
        assert!(
            dom.contains(want),
            "{path}: the rendered DOM lacks {want}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if path.starts_with("/entity") {
            assert!(
                dom.contains("<mark>"),
                "no highlighted evidence in the browser's DOM"
            );
            assert!(dom.contains("subpoenas"));
        }
        if path.starts_with("/graph") {
            assert!(
                dom.contains("xlink:href=\"/entity/") || dom.contains("href=\"/entity/"),
                "graph nodes are not links"
            );
        }
        let file = shots.path().join(shot);
        let out = chromium(&[&format!("--screenshot={}", file.display()), &s.url(path)]);
        let png = std::fs::read(&file).unwrap_or_else(|_| {
            panic!(
                "no screenshot of {path}: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{path}: an empty screenshot"
        );
    }
}
