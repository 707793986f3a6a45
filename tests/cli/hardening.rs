//! Hostile input and a hostile world (issue 14): no panic, nothing lost without a word, no
//! hang, one clear message, exit 2 for bad usage.

use std::fs;
use std::io::Read;
use std::process::{Command, Stdio};

use crate::common::root;

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
    assert_eq!(out.status.code(), Some(1), "the bad document still fails the run, no panic");
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
        .args(["extract", &dir.path().join("many.jsonl").display().to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // the reader went away
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
}
