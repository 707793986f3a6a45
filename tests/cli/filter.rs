//! `newsgraph extract -` on JSON Lines: a streaming filter, as Spark drives it on a partition
//! (issue 13): the same output as a whole-file run, in input order for any number of workers,
//! each document's output contiguous and flushed before the next line is read, and a bad line
//! reported by number with no output while the others go on.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::{root, run_with, seed_feed};

/// The graph (last term) of an N-Quads line.
fn graph(line: &str) -> &str {
    let end = line.trim_end_matches(" .");
    &end[end.rfind(" <").map_or(0, |i| i + 1)..]
}

#[test]
fn the_stream_gives_the_same_quads_in_input_order_for_any_number_of_workers() {
    let feed = seed_feed(2);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.jsonl");
    std::fs::write(&file, &feed).unwrap();
    let whole = run_with(
        &["extract", "--format", "nquads", file.to_str().unwrap()],
        None,
    );
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    for workers in ["1", "3"] {
        let args = ["extract", "--format", "nquads", "--workers", workers, "-"];
        let streamed = run_with(&args, Some(feed.as_bytes()));
        assert_eq!(streamed.code, 0, "{}", streamed.stderr);
        assert!(
            streamed.stdout == whole.stdout,
            "--workers {workers} differs"
        );
    }
    // each document's quads are one run of lines, documents in input order
    let mut order: Vec<&str> = Vec::new();
    for line in whole.stdout.lines() {
        let g = graph(line);
        if order.last() != Some(&g) {
            assert!(!order.contains(&g), "{g} is split");
            order.push(g);
        }
    }
    let ids: Vec<String> = feed
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(order.len(), ids.len());
    for (g, id) in order.iter().zip(&ids) {
        assert!(
            g.ends_with(&format!("/doc/{}>", id.trim_matches('"'))),
            "{g} {id}"
        );
    }
}

#[test]
fn a_bad_line_is_reported_by_number_and_the_others_go_on() {
    let good =
        |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"ICE sent a subpoena to Denver.\"}}\n");
    let mut input = good("a").into_bytes();
    input.extend(b"{not json\n\n[1,2]\n");
    input.extend(b"{\"id\":\"bin\",\"text\":\"\xff\xfe\"}\n");
    input.extend(good("b").as_bytes());
    for format in ["nquads", "jsonl"] {
        let r = run_with(
            &["extract", "--format", format, "--workers", "2", "-"],
            Some(&input),
        );
        assert_eq!(r.code, 1, "a failed document must fail the run");
        for n in [2, 4, 5] {
            assert!(
                r.stderr.contains(&format!("skipped -:{n}: ")),
                "line {n}: {}",
                r.stderr
            );
        }
        assert_eq!(r.stderr.lines().count(), 3, "{}", r.stderr);
        let has = |id: &str| {
            r.stdout.contains(&format!("/doc/{id}>"))
                || r.stdout.contains(&format!("\"doc\":\"{id}\""))
        };
        assert!(has("a") && has("b"), "{}", r.stdout);
        assert!(!has("bin"), "a bad line has no output");
    }
    let clean = run_with(&["extract", "-"], Some(good("c").as_bytes()));
    assert_eq!(clean.code, 0, "{}", clean.stderr);
}

#[test]
fn each_document_is_flushed_before_the_next_line_arrives() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["extract", "--format", "nquads", "--workers", "2", "-"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let doc = |id: &str| {
        format!("{{\"id\":\"{id}\",\"text\":\"The mayor of Denver criticized ICE.\"}}\n")
    };
    stdin.write_all(doc("first").as_bytes()).unwrap();
    stdin.flush().unwrap();
    // the input stays open: the document's quads must come out anyway
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("no output while the input is open");
    assert!(line.contains("/doc/first>"), "{line}");
    stdin.write_all(doc("second").as_bytes()).unwrap();
    drop(stdin);
    let rest: Vec<String> = rx.iter().collect();
    let firsts = rest
        .iter()
        .take_while(|l| l.contains("/doc/first> ."))
        .count();
    assert!(rest[firsts..].iter().all(|l| l.contains("/doc/second> .")));
    assert!(child.wait().unwrap().success());
}
