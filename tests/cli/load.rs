//! `newsgraph load DIR` (issue 13): the N-Quads partitions of the streaming filter give the
//! store `build` gives on the same articles, written by hand here and by a real Spark job in
//! local mode (`tools/spark_extract.py`) below.

use std::path::Path;
use std::process::Command;

use crate::common::{ok, root, run, run_with, seed_feed};

/// The store's documents' graphs as sorted N-Quads, and the number of triples of the default
/// graph.
fn snapshot(store: &str) -> (Vec<String>, usize) {
    let mut lines: Vec<String> = ok(&["export", "--store", store, "--format", "nquads"])
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    let all = crate::common::count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    (lines, all)
}

/// Builds `feed` into a new store under `dir`; returns the store's path.
fn built(dir: &Path, feed: &str) -> String {
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

#[test]
fn spark_local_mode_then_load_equals_build() {
    let py = crate::common::python_with("pyspark");
    let java = Command::new("java").arg("-version").output();
    assert!(
        java.is_ok_and(|o| o.status.success()),
        "Spark needs java (Debian: apt-get install default-jre-headless)"
    );
    // a few hundred documents and one bad line, which must be reported and skipped by both
    let mut feed = seed_feed(60);
    feed.insert_str(
        feed.find('\n').unwrap() + 1,
        "{\"id\": \"broken\", \"text\": 7}\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    std::fs::write(&input, &feed).unwrap();
    let out = dir.path().join("spark");
    // a partition per core: each partition pays the binary's start-up once; a local output,
    // so each task's newsgraph writes its part file itself
    let started = std::time::Instant::now();
    spark_job(&py, &input, &out, &["--partitions", "2"]);
    eprintln!(
        "spark local[2], 301 lines, --write auto: {:.1?}",
        started.elapsed()
    );

    let loaded = dir.path().join("loaded").display().to_string();
    let nquads = out.join("nquads");
    let report = ok(&["load", "--store", &loaded, nquads.to_str().unwrap()]);
    assert!(report.contains("documents  300"), "{report}");
    let built_store = dir.path().join("built").display().to_string();
    let b = run(&["build", "--store", &built_store, input.to_str().unwrap()]);
    assert_eq!(b.code, 1, "build also skips the bad line: {}", b.stderr);
    let (load_graphs, load_all) = snapshot(&loaded);
    let (build_graphs, build_all) = snapshot(&built_store);
    assert_eq!(
        load_all, build_all,
        "the default graph and the documents' graphs"
    );
    assert!(load_graphs == build_graphs, "the documents' graphs differ");

    // through Spark's own saveAsTextFile (the way to hdfs:// and s3a://), on a small corpus cut
    // into more partitions than it has lines to start one in: the same N-Quads as the filter
    // gives, and an empty partition is no error
    let small: String = feed.lines().take(6).map(|l| format!("{l}\n")).collect();
    let input = dir.path().join("small.jsonl");
    std::fs::write(&input, &small).unwrap();
    let out = dir.path().join("spark-hadoop");
    let started = std::time::Instant::now();
    spark_job(
        &py,
        &input,
        &out,
        &["--partitions", "8", "--write", "hadoop"],
    );
    eprintln!(
        "spark local[2], 6 lines, --write hadoop: {:.1?}",
        started.elapsed()
    );
    let mut parts: Vec<_> = std::fs::read_dir(out.join("nquads"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("part-")
        })
        .collect();
    parts.sort();
    assert!(parts.len() >= 8, "{parts:?}");
    let written: String = parts
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let filtered = run_with(
        &["extract", "--format", "nquads", "-"],
        Some(small.as_bytes()),
    );
    assert!(!filtered.stdout.is_empty());
    assert!(
        written == filtered.stdout,
        "Spark's partitions differ from the filter's output"
    );
}

/// Runs `tools/spark_extract.py` on Spark in local mode (`local[2]`) over `input` into `out`,
/// and checks its error report: the one bad line of the tests' corpora, and nothing else.
fn spark_job(py: &str, input: &Path, out: &Path, extra: &[&str]) {
    let job = Command::new(py)
        .arg(root().join("tools/spark_extract.py"))
        .args([
            "--master",
            "local[2]",
            "--newsgraph",
            env!("CARGO_BIN_EXE_newsgraph"),
        ])
        .args(extra)
        .arg(format!("file://{}", input.display()))
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&job.stderr);
    assert_eq!(job.status.code(), Some(1), "one document was bad: {stderr}");
    let errors: Vec<serde_json::Value> = std::fs::read_to_string(out.join("errors/part-00000"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["id"], "broken");
    assert!(
        errors[0]["error"]
            .as_str()
            .unwrap()
            .contains("not a document"),
        "{errors:?}"
    );
}
