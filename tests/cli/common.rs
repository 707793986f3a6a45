//! Helpers: run the binary, and a store built once from the seeds for the whole test run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The workspace root (where `seeds/`, `queries/` and `tests/` are).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `newsgraph ARGS` in the workspace root, with `stdin` on its standard input.
pub fn run_with(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("NEWSGRAPH_STORE")
        .env_remove("NEWSGRAPH_DATA")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        let mut w = child.stdin.take().unwrap();
        w.write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `newsgraph ARGS` with no input.
pub fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

/// Runs and insists on success.
pub fn ok(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, 0, "newsgraph {args:?} failed: {}", r.stderr);
    r.stdout
}

/// A store built from `seeds/` once per test run; tests only read it.
pub fn seeds_store() -> &'static str {
    static STORE: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("store").display().to_string();
            ok(&["build", "--store", &path]);
            (dir, path)
        })
        .1
}

/// A query over the seeds' store, as TSV rows (header first).
pub fn query_rows(args: &[&str]) -> Vec<Vec<String>> {
    let store = seeds_store();
    let mut full = vec!["query", "--store", store, "--format", "tsv"];
    full.extend_from_slice(args);
    ok(&full)
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// The number in a TSV cell: `13`, `"13"` or `"13"^^<…#integer>`.
pub fn number(cell: &str) -> usize {
    let digits: String = cell
        .trim_start_matches('"')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {cell}"))
}

/// A query over `store`, as TSV text (header first).
pub fn tsv(store: &str, query: &str) -> String {
    ok(&["query", "--store", store, "--format", "tsv", "-e", query])
}

/// The number a `SELECT (COUNT(…) AS ?n)` query over `store` gives.
pub fn count(store: &str, query: &str) -> usize {
    number(tsv(store, query).lines().nth(1).unwrap())
}

/// A JSON Lines feed of the seeds, each repeated `copies` times as a distinct document
/// (`STEM-N`), as `tools/bench.py` makes it.
pub fn seed_feed(copies: usize) -> String {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    let mut feed = String::new();
    for p in &seeds {
        let stem = p.file_stem().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(p).unwrap();
        for n in 0..copies {
            let line = serde_json::json!({"id": format!("{stem}-{n}"), "text": text});
            feed.push_str(&line.to_string());
            feed.push('\n');
        }
    }
    feed
}

/// The Python of the tests' clients (SPARQLWrapper, PySpark): `NEWSGRAPH_TEST_PYTHON` (CI's
/// venv) or `python3`; insists that it can import `module`, saying how to get it otherwise.
pub fn python_with(module: &str) -> String {
    let py = std::env::var("NEWSGRAPH_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let has = Command::new(&py)
        .args(["-c", &format!("import {module}")])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has,
        "{py} lacks {module}: `python3 -m venv V && V/bin/pip install {module}`, then NEWSGRAPH_TEST_PYTHON=V/bin/python"
    );
    py
}
