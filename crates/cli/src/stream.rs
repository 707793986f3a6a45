//! `newsgraph extract` as a streaming filter over JSON Lines (what a distributed engine such as
//! Spark drives on every partition): one document per input line, its whole output written
//! contiguously and flushed before the next one, in input order whatever the number of
//! workers, and nothing kept from one document to the next. A bad line gets an error line on
//! standard error naming it (`-:LINE`) and no output; the others go on.
//!
//! Threads: one reader, `workers` extractors, and the caller's thread writing in input order.
//! A bounded number of documents are in flight (read but not yet written), so memory stays
//! flat however long the stream and however slow one document is.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use newsgraph_model::{Document, Extraction};

use crate::report;

/// What became of one input line: its output, or why it has none. `None` for a blank line.
type Outcome = Option<(Option<String>, Result<Vec<u8>, String>)>;
/// An input line's number and what became of it.
type Done = (usize, Outcome);

/// Counts of a finished stream.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Documents written.
    pub written: usize,
    /// Lines reported as bad documents.
    pub failed: usize,
}

/// Reads JSON Lines from `input`, extracts each document with `extract`, serialises it with
/// `render`, and writes the outputs to `out` in input order, flushing after each document.
/// `name` names the input in error lines (`-` for standard input). Returns the tally; an I/O
/// error on `out` (a closed pipe) ends the stream with that error.
pub fn filter<R, W, E, S>(
    input: R,
    out: &mut W,
    workers: usize,
    name: &str,
    extract: E,
    render: S,
) -> std::io::Result<Tally>
where
    R: BufRead + Send + 'static,
    W: Write,
    E: Fn(&Document) -> Extraction + Sync,
    S: Fn(&Extraction, &mut Vec<u8>) -> std::io::Result<()> + Sync,
{
    let workers = workers.max(1);
    // documents in flight: enough to keep every worker busy while one document is slow
    let window = workers * 8;
    let (line_tx, line_rx) = sync_channel::<(usize, Vec<u8>)>(window);
    let line_rx = Arc::new(Mutex::new(line_rx));
    let worker_rxs: Vec<_> = (0..workers).map(|_| Arc::clone(&line_rx)).collect();
    // the workers hold the only receivers: when they stop, a blocked reader stops too
    drop(line_rx);
    let (done_tx, done_rx) = sync_channel::<Done>(window);
    // a token per document in flight: the reader takes one, the writer gives it back
    let (token_tx, token_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        let _ = token_tx.send(());
    }
    // not a scoped thread: after a failed write nobody waits for a read that may never end
    let reader = std::thread::spawn(move || read_lines(input, &line_tx, &token_rx));
    let stop = AtomicBool::new(false);
    let written = std::thread::scope(|s| {
        for rx in worker_rxs {
            let tx = done_tx.clone();
            let (extract, render) = (&extract, &render);
            let stop = &stop;
            s.spawn(move || work(&rx, &tx, stop, name, extract, render));
        }
        drop(done_tx);
        let written = write_in_order(&done_rx, out, name, &token_tx);
        // a failed write ends the stream: the workers stop, the reader runs dry
        stop.store(true, Ordering::Relaxed);
        drop(token_tx);
        drop(done_rx);
        written
    })?;
    match reader.join() {
        Ok(read) => read.map(|()| written),
        Err(_) => Err(std::io::Error::other("the reading thread died")),
    }
}

/// Sends each line with its number (from 1), taking a token first; stops at the end of the
/// input or when the writer has gone.
fn read_lines<R: BufRead>(
    mut input: R,
    lines: &SyncSender<(usize, Vec<u8>)>,
    tokens: &Receiver<()>,
) -> std::io::Result<()> {
    for n in 1.. {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if tokens.recv().is_err() || lines.send((n, line)).is_err() {
            break;
        }
    }
    Ok(())
}

/// Turns lines into outputs until the lines run out or the writer has stopped (a reader
/// blocked on a terminal may never see the end of its input).
fn work<E, S>(
    lines: &Mutex<Receiver<(usize, Vec<u8>)>>,
    done: &SyncSender<Done>,
    stop: &AtomicBool,
    name: &str,
    extract: &E,
    render: &S,
) where
    E: Fn(&Document) -> Extraction,
    S: Fn(&Extraction, &mut Vec<u8>) -> std::io::Result<()>,
{
    while !stop.load(Ordering::Relaxed) {
        let next = match lines.lock() {
            Ok(rx) => rx.recv_timeout(Duration::from_millis(100)),
            Err(_) => return,
        };
        let (n, line) = match next {
            Ok(item) => item,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let result = one_line(&format!("{name}:{n}"), &line, extract, render);
        if done.send((n, result)).is_err() {
            return;
        }
    }
}

/// The document id of one line (when it has one) and its output, or why it has none; `None`
/// for a blank line.
fn one_line<E, S>(source: &str, line: &[u8], extract: &E, render: &S) -> Outcome
where
    E: Fn(&Document) -> Extraction,
    S: Fn(&Extraction, &mut Vec<u8>) -> std::io::Result<()>,
{
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let fail = |reason: String| Some((None, Err(reason)));
    if line.contains(&0) {
        return fail("binary data (NUL bytes)".to_owned());
    }
    let Ok(text) = std::str::from_utf8(line) else {
        return fail("not valid UTF-8".to_owned());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = match newsgraph_extract::input::json_line(source, text.trim_end()) {
        // a line's output depends on the line alone, not on where in the stream it came
        Ok(doc) => Document {
            meta: newsgraph_model::DocMeta {
                source: None,
                ..doc.meta
            },
            ..doc
        },
        Err(newsgraph_extract::Error::BadDocument { reason, .. }) => return fail(reason),
        Err(e) => return fail(e.to_string()),
    };
    let id = Some(doc.id.clone());
    let x = match report::catching(|| extract(&doc)) {
        Ok(x) => x,
        Err(panic) => return Some((id, Err(format!("extraction failed ({panic})")))),
    };
    let mut buf = Vec::new();
    let out = render(&x, &mut buf)
        .map(|()| buf)
        .map_err(|e| format!("writing the output failed ({e})"));
    Some((id, out))
}

/// Writes outputs in line order as they arrive, flushing after each document, and reports
/// bad lines on standard error as their turn comes. A document id met again is reported
/// naming the first line, with no output, as `build` does (the only thing the stream keeps:
/// the ids it has written; across Spark partitions, `load` does the same).
fn write_in_order<W: Write>(
    done: &Receiver<Done>,
    out: &mut W,
    name: &str,
    tokens: &SyncSender<()>,
) -> std::io::Result<Tally> {
    let mut waiting: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut tally = Tally::default();
    let mut next = 1;
    for (n, result) in done {
        waiting.insert(n, result);
        while let Some(result) = waiting.remove(&next) {
            let taken = match &result {
                Some((Some(id), Ok(_))) => first.get(id).map(|f| (id.clone(), *f)),
                _ => None,
            };
            match result {
                Some((Some(id), Ok(_))) if taken.is_some() => {
                    let f = taken.map_or(0, |t| t.1);
                    crate::say!(
                        "newsgraph: skipped {name}:{next}: document id '{id}' is already used by {name}:{f}"
                    );
                    tally.failed += 1;
                }
                Some((id, Ok(bytes))) => {
                    out.write_all(&bytes)?;
                    out.flush()?;
                    if let Some(id) = id {
                        first.insert(id, next);
                    }
                    tally.written += 1;
                }
                Some((_, Err(reason))) => {
                    crate::say!("newsgraph: skipped {name}:{next}: {reason}");
                    tally.failed += 1;
                }
                None => {}
            }
            next += 1;
            let _ = tokens.send(());
        }
    }
    Ok(tally)
}
