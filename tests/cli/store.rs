//! The store under stress: a second writer, and a writer killed mid-way.

use std::process::{Command, Stdio};
use std::time::Duration;

use newsgraph_store::{GraphStore, Mode};

use crate::common::{ok, root, run};

#[test]
fn a_second_writer_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    // this test process holds the write lock, as a running `newsgraph build` would
    let held = GraphStore::open(&path, Mode::Write).unwrap();
    let r = run(&[
        "build",
        "--store",
        path.to_str().unwrap(),
        "seeds/000_ba0e48ad7052aa1f.txt",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("being written by another process"),
        "{}",
        r.stderr
    );
    drop(held);
    ok(&[
        "build",
        "--store",
        path.to_str().unwrap(),
        "seeds/000_ba0e48ad7052aa1f.txt",
    ]);
}

/// Many copies of the seeds as one JSON Lines feed, so that a build runs long enough to be
/// killed in the middle.
fn big_feed(dir: &std::path::Path, copies: usize) -> std::path::PathBuf {
    let mut feed = String::new();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        for n in 0..copies {
            let line = serde_json::json!({"id": format!("{stem}-copy{n}"), "text": text});
            feed.push_str(&line.to_string());
            feed.push('\n');
        }
    }
    let path = dir.join("feed.jsonl");
    std::fs::write(&path, feed).unwrap();
    path
}

fn quad_count(store: &str) -> usize {
    crate::common::count(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    )
}

#[test]
fn kill_9_leaves_the_previous_state_or_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let store_s = store.to_str().unwrap().to_owned();
    ok(&["build", "--store", &store_s, "seeds"]);
    let before = quad_count(&store_s);
    let feed = big_feed(dir.path(), 40);
    // the state a whole build of the feed reaches, in a store of its own
    let whole = dir.path().join("whole");
    let whole_s = whole.to_str().unwrap().to_owned();
    ok(&["build", "--store", &whole_s, "seeds"]);
    ok(&["build", "--store", &whole_s, feed.to_str().unwrap()]);
    let after = quad_count(&whole_s);
    assert!(after > before);
    // kill the writer at several moments: during extraction, during loading, while writing
    for wait in [50u64, 400, 1500, 4000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(["build", "--store", &store_s, feed.to_str().unwrap()])
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // a build is published as a whole: the store is as before it or as after it
        let now = quad_count(&store_s);
        assert!(
            now == before || now == after,
            "kill after {wait} ms left {now} quads, neither the previous state ({before}) nor the next ({after})"
        );
        // whatever survived is a whole, parseable graph whose documents are complete
        let docs = ok(&[
            "query",
            "--store",
            &store_s,
            "--format",
            "tsv",
            "-e",
            "SELECT ?d (COUNT(*) AS ?n) WHERE { GRAPH ?d { ?s ?p ?o } } GROUP BY ?d",
        ]);
        for line in docs.lines().skip(1) {
            let n = crate::common::number(line.split('\t').nth(1).unwrap());
            assert!(
                n > 50,
                "a document's graph is cut short after a kill: {line}"
            );
        }
    }
    // and the store still takes writes: the lock died with the killed process
    ok(&["build", "--store", &store_s, "seeds"]);
}
