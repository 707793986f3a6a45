//! Hostile input and a hostile world (issue 14): no panic, nothing lost without a word, no
//! hang, one clear message, exit 2 for bad usage.

use std::fs;
use std::io::Read;
use std::process::{Command, Stdio};

use crate::common::{root, run, run_with};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    cmd.current_dir(root())
        .env_remove("NEWSGRAPH_STORE")
        .env_remove("NEWSGRAPH_DATA");
    cmd
}

const STORY: &str = "The Department of Justice sued the state of Ohio on Monday.\n";

#[test]
fn a_closed_standard_error_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.txt"), [0xff, 0xfe, 0x00]).unwrap();
    fs::write(dir.path().join("good.txt"), STORY).unwrap();
    // a full device: every message is a write that fails (a closed descriptor would be
    // ignored by the standard library, a full one is not)
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "exec '{}' extract '{}' 2>/dev/full",
            env!("CARGO_BIN_EXE_newsgraph"),
            dir.path().display()
        ))
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the bad document still fails the run, no panic"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"doc\":\"good\""));
}

#[test]
fn a_broken_pipe_on_standard_output_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    // enough output to fill a pipe's buffer several times
    let mut jsonl = String::new();
    for i in 0..400 {
        jsonl.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":\"The Department of Justice sued the state of Ohio over rule {i}. The governor said it was wrong.\"}}\n"
        ));
    }
    fs::write(dir.path().join("many.jsonl"), jsonl).unwrap();
    let mut child = bin()
        .args([
            "extract",
            &dir.path().join("many.jsonl").display().to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // the reader went away
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
}

fn store_count(store: &str, pattern: &str) -> usize {
    let r = run(&[
        "query",
        "--store",
        store,
        "--format",
        "tsv",
        "-e",
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout.lines().nth(1).unwrap().trim().parse().unwrap()
}

#[test]
fn ids_that_differ_only_in_unsafe_characters_are_distinct_documents() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    for name in ["a b", "a-b", "报道一", "报道二"] {
        fs::write(input.join(format!("{name}.txt")), STORY).unwrap();
    }
    let store = dir.path().join("store").display().to_string();
    let r = run(&["build", "--store", &store, &input.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        store_count(&store, "GRAPH ?g { ?d a <http://schema.org/NewsArticle> }"),
        4
    );
}

#[test]
fn the_same_stem_in_two_subdirectories_is_reported_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["2020", "2021"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
        fs::write(dir.path().join(sub).join("story.txt"), STORY).unwrap();
    }
    let r = run(&["extract", &dir.path().display().to_string()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1);
    let line = r
        .stderr
        .lines()
        .find(|l| l.contains("already used"))
        .unwrap();
    assert!(
        line.contains("2020/story.txt") && line.contains("2021/story.txt"),
        "{}",
        r.stderr
    );
}

#[test]
fn duplicate_ids_in_json_lines_are_reported_naming_both() {
    let jsonl = format!(
        "{{\"id\":\"x\",\"text\":\"{}\"}}\n{{\"id\":\"x\",\"text\":\"The mayor of Boston resigned.\"}}\n",
        STORY.trim()
    );
    let r = run_with(&["extract", "-"], Some(jsonl.as_bytes()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("-:2: document id 'x' is already used by -:1"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout.lines().count(), 1);
}

#[test]
fn a_symlink_cycle_and_a_fifo_are_reported_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root_dir = dir.path();
    fs::create_dir_all(root_dir.join("a")).unwrap();
    fs::write(root_dir.join("a/first.txt"), STORY).unwrap();
    fs::write(root_dir.join("last.txt"), STORY).unwrap();
    std::os::unix::fs::symlink(root_dir, root_dir.join("a/cycle")).unwrap();
    let fifo = root_dir.join("a/pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // a hang would hold the test forever: the run is bounded from outside
    let out = Command::new("timeout")
        .args(["60", env!("CARGO_BIN_EXE_newsgraph"), "extract"])
        .arg(root_dir)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"doc\":\"first\"") && stdout.contains("\"doc\":\"last\""));
    assert!(err.contains("pipe.txt: not a regular file"), "{err}");
    assert!(err.contains("already read"), "{err}");
}

#[test]
fn an_invalid_base_is_bad_usage_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let r = run(&[
        "build",
        "--store",
        &store.display().to_string(),
        "--base",
        "not an iri",
        "seeds",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--base not an iri"), "{}", r.stderr);
    assert!(!store.exists());
}

#[test]
fn an_impossible_header_date_is_not_an_xsd_date() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("d.txt");
    fs::write(&f, format!("title: Odd date\ndate: 2020-13-45\n\n{STORY}")).unwrap();
    let r = run(&["extract", "--format", "nquads", &f.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("XMLSchema#date>"), "{}", r.stdout);
    assert!(r.stdout.contains("\"2020-13-45\""), "{}", r.stdout);
}

#[test]
fn bad_usage_exits_2_with_one_message() {
    let store = crate::common::seeds_store();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "query",
                "--store",
                store,
                "--service-map",
                "nonsense",
                "-e",
                "ASK {}",
            ],
            "--service-map nonsense: expected FROM=TO",
        ),
        (
            &["extract", "no/such/input.txt"],
            "no/such/input.txt: no such file",
        ),
        (
            &["build", "--store", store, "no/such/dir"],
            "no/such/dir: no such file",
        ),
        (
            &[
                "link",
                "--store",
                store,
                "--dry-run",
                "--endpoint",
                "not a url",
            ],
            "not an HTTP(S) URL",
        ),
        (
            &["query", "--store", "Cargo.toml", "-e", "ASK {}"],
            "--store Cargo.toml: not a directory",
        ),
    ];
    for (args, says) in cases {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(
            !r.stderr.contains("attempts"),
            "never retried: {}",
            r.stderr
        );
    }
}

#[test]
fn an_update_through_query_says_updates_are_not_allowed() {
    let store = crate::common::seeds_store();
    for update in [
        "INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
    ] {
        let r = run(&["query", "--store", store, "-e", update]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("SPARQL update"), "{}", r.stderr);
        assert!(!r.stderr.contains("CONSTRUCT"), "{}", r.stderr);
    }
}

#[test]
fn a_lower_case_service_gets_the_federate_hint() {
    let store = crate::common::seeds_store();
    let r = run(&[
        "query",
        "--store",
        store,
        "-e",
        "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("--federate"), "{}", r.stderr);
}

#[test]
fn a_store_that_cannot_be_made_says_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    // a store path under a regular file: creating it fails with "Not a directory"
    let file = dir.path().join("plain");
    fs::write(&file, "x").unwrap();
    let store = file.join("store").display().to_string();
    let r = run(&["build", "--store", &store, "seeds/000_ba0e48ad7052aa1f.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert_eq!(r.stderr.matches("os error").count(), 1, "{}", r.stderr);
}

#[test]
fn an_unreadable_subdirectory_does_not_stop_the_walk_of_its_parent() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join("b-locked")).unwrap();
    fs::write(input.join("a.txt"), STORY).unwrap();
    fs::write(input.join("b-locked/hidden.txt"), STORY).unwrap();
    fs::write(input.join("c.txt"), STORY).unwrap();
    for p in [dir.path(), &input] {
        fs::set_permissions(p, fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::set_permissions(input.join("b-locked"), fs::Permissions::from_mode(0o000)).unwrap();
    // permissions do not bind root: run as an ordinary user then
    let is_root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_newsgraph"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_newsgraph"))
    };
    let out = cmd
        .arg("extract")
        .arg(&input)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        stdout.contains("\"doc\":\"a\"") && stdout.contains("\"doc\":\"c\""),
        "{err}"
    );
    assert!(err.contains("b-locked: Permission denied"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
