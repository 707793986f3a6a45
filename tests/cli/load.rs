//! `newsgraph load DIR` (issue 13): the N-Quads partitions of the streaming filter give the
//! store `build` gives on the same articles, written by hand here and by a real Spark job in
//! local mode (`tools/spark_extract.py`) below.

use std::path::Path;

use crate::common::{ok, run, run_with, seed_feed};

/// The store's documents' graphs as sorted N-Quads, and every quad (default graph included).
pub fn snapshot(store: &str) -> (Vec<String>, usize) {
    let mut lines: Vec<String> = ok(&["export", "--store", store, "--format", "nquads"])
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    let all = crate::common::count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    (lines, all)
}

/// Builds `feed` into a new store under `dir`; returns the store's path.
pub fn built(dir: &Path, feed: &str) -> String {
    let file = dir.join("feed.jsonl");
    std::fs::write(&file, feed).unwrap();
    let store = dir.join("built").display().to_string();
    ok(&["build", "--store", &store, file.to_str().unwrap()]);
    store
}

#[test]
fn load_of_filtered_partitions_equals_build() {
    let feed = seed_feed(3);
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("out");
    std::fs::create_dir(&parts).unwrap();
    let lines: Vec<&str> = feed.lines().collect();
    for (n, chunk) in lines.chunks(4).enumerate() {
        let input = chunk.join("\n") + "\n";
        let r = run_with(
            &["extract", "--format", "nquads", "-"],
            Some(input.as_bytes()),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        std::fs::write(parts.join(format!("part-{n:05}")), r.stdout).unwrap();
    }
    std::fs::write(parts.join("_SUCCESS"), "").unwrap();
    std::fs::write(parts.join(".part-00000.crc"), "junk").unwrap();
    let loaded = dir.path().join("loaded").display().to_string();
    let out = ok(&["load", "--store", &loaded, parts.to_str().unwrap()]);
    assert!(out.contains("documents  15"), "{out}");
    let built = built(dir.path(), &feed);
    assert!(
        snapshot(&loaded) == snapshot(&built),
        "load and build differ"
    );

    // a document id twice in the corpus: the first is kept, the second named, exit 1
    std::fs::copy(parts.join("part-00000"), parts.join("part-00099")).unwrap();
    let again = run(&["load", "--store", &loaded, parts.to_str().unwrap()]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("part-00099:1: document graph"),
        "{}",
        again.stderr
    );
    assert!(
        snapshot(&loaded) == snapshot(&built),
        "a second load changed the store"
    );
}
