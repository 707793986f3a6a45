//! Linking against a real SPARQL endpoint: Debian's Virtuoso (`virtuoso-opensource-7-bin`),
//! started on free local ports with its own database in a temporary folder, loaded with the
//! Wikidata-shaped fixture `tests/fixtures/wikidata.ttl`, and stopped at the end. No test
//! touches the internet.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{count, ok, root, run};

/// A Virtuoso server for one test, killed on drop.
struct Virtuoso {
    child: Child,
    http: u16,
    _dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Virtuoso {
    fn start(fixture: &Path) -> Virtuoso {
        for tool in ["virtuoso-t", "isql-vt"] {
            let found = Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .unwrap()
                .status
                .success();
            assert!(
                found,
                "{tool} is needed for the linking tests (Debian: apt-get install virtuoso-opensource-7-bin)"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        let (sql, http) = (free_port(), free_port());
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/v.db\nErrorLogFile = {d}/v.log\nLockFile = {d}/v.lck\n\
             TransactionFile = {d}/v.trx\nxa_persistent_file = {d}/v.pxa\nErrorLogLevel = 7\n\
             FileExtend = 200\nMaxCheckpointRemap = 2000\nStriping = 0\nTempStorage = TempDatabase\n\n\
             [TempDatabase]\nDatabaseFile = {d}/v-temp.db\nTransactionFile = {d}/v-temp.trx\n\
             MaxCheckpointRemap = 2000\nStriping = 0\n\n\
             [Parameters]\nServerPort = {sql}\nDirsAllowed = ., {d}\nNumberOfBuffers = 10000\n\
             MaxDirtyBuffers = 6000\nCheckpointInterval = 0\nThreadsPerQuery = 2\nMaxClientConnections = 10\n\n\
             [HTTPServer]\nServerPort = {http}\nServerRoot = {d}\nMaxClientConnections = 5\nServerThreads = 5\n\n\
             [SPARQL]\nResultSetMaxRows = 10000\nMaxQueryExecutionTime = 30\n"
        );
        std::fs::write(dir.path().join("virtuoso.ini"), ini).unwrap();
        let data = dir.path().join("fixture.ttl");
        std::fs::copy(fixture, &data).unwrap();
        let child = Command::new("virtuoso-t")
            .args(["+foreground", "+configfile", "virtuoso.ini"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut v = Virtuoso {
            child,
            http,
            _dir: dir,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", http)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "Virtuoso did not start; see {d}/v.log"
            );
            if let Ok(Some(status)) = v.child.try_wait() {
                panic!("Virtuoso exited with {status}; see {d}/v.log");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let load = Command::new("isql-vt")
            .arg(sql.to_string())
            .args(["dba", "dba"])
            .arg(format!(
                "exec=DB.DBA.TTLP_MT(file_to_string_output('{}'), '', 'http://fixture.wikidata/');",
                data.display()
            ))
            .output()
            .unwrap();
        assert!(
            load.status.success() && !String::from_utf8_lossy(&load.stdout).contains("Error"),
            "loading the fixture failed: {}",
            String::from_utf8_lossy(&load.stdout)
        );
        v
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.http)
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn link_and_federate_against_a_local_endpoint() {
    let v = Virtuoso::start(&root().join("tests/fixtures/wikidata.ttl"));
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
