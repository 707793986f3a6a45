//! Reading documents (SPEC §3): `.txt` with an optional `key: value` header block or a
//! ` date YYYY-MM-DD ` prefix, `.html`, `.jsonl`, directories (recursive, sorted) and `-` for
//! standard input. A bad document is reported by name and skipped; the others are read.

use std::io::Read;
use std::path::{Path, PathBuf};

use newsgraph_model::{DocMeta, Document};
use serde::Deserialize;

use crate::{html, Error};

/// Header keys that fill [`DocMeta`] fields.
const KNOWN_KEYS: &[&str] = &["url", "title", "date", "outlet", "author"];

/// Reads every document named by `inputs`: each item is a document or the error that
/// stopped it, in a stable order.
pub fn read_inputs(inputs: &[PathBuf]) -> Vec<Result<Document, Error>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            let mut buf = Vec::new();
            match std::io::stdin().read_to_end(&mut buf) {
                Ok(_) => out.extend(from_bytes("-", "stdin", &buf)),
                Err(e) => out.push(Err(Error::Io {
                    path: "-".into(),
                    source: e,
                })),
            }
        } else if input.is_dir() {
            let mut files = Vec::new();
            let mut seen = std::collections::HashSet::new();
            walk(input, &mut files, &mut seen, &mut out);
            files.sort();
            for f in files {
                out.extend(read_file(&f));
            }
        } else {
            out.extend(read_file(input));
        }
    }
    out
}

/// Collects the documents under `dir`. What cannot be read is reported in `errors` and the
/// walk goes on with the rest: an unreadable subdirectory, an entry that vanished, a
/// directory reached again through a symbolic link (a cycle would never end), and FIFOs,
/// sockets and devices, which are never opened (reading a FIFO blocks until a writer comes).
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
    errors: &mut Vec<Result<Document, Error>>,
) {
    let io = |path: &Path, e: std::io::Error| {
        Err(Error::Io {
            path: path.display().to_string(),
            source: e,
        })
    };
    match std::fs::canonicalize(dir) {
        Ok(real) => {
            if !seen.insert(real.clone()) {
                errors.push(Err(Error::BadDocument {
                    doc: dir.display().to_string(),
                    reason: format!(
                        "directory {} already read (a symbolic link loop or a second link)",
                        real.display()
                    ),
                }));
                return;
            }
        }
        Err(e) => {
            errors.push(io(dir, e));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(io(dir, e));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => errors.push(io(dir, e)),
        }
    }
    paths.sort();
    for path in paths {
        // follows symbolic links: a link to a file is read as the file
        let kind = match std::fs::metadata(&path) {
            Ok(m) => m.file_type(),
            Err(e) => {
                errors.push(io(&path, e));
                continue;
            }
        };
        if kind.is_dir() {
            walk(&path, files, seen, errors);
        } else if !kind.is_file() {
            errors.push(Err(Error::BadDocument {
                doc: path.display().to_string(),
                reason: "not a regular file (a FIFO, socket or device), not opened".to_owned(),
            }));
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "html" | "htm" | "jsonl")
        ) {
            files.push(path);
        }
    }
}

/// Reads one file as one or more documents.
pub fn read_file(path: &Path) -> Vec<Result<Document, Error>> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("document");
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("txt");
            from_bytes(&name, &format!("{stem}.{ext}"), &bytes)
        }
        Err(e) => vec![Err(Error::Io {
            path: name,
            source: e,
        })],
    }
}

/// Parses the bytes of one input. `hint` is `stem.ext` for files, `stdin` for standard input
/// (JSON Lines when every non-empty line starts with `{`, else one text document).
pub fn from_bytes(source: &str, hint: &str, bytes: &[u8]) -> Vec<Result<Document, Error>> {
    let bad = |reason: &str| {
        vec![Err(Error::BadDocument {
            doc: source.to_owned(),
            reason: reason.to_owned(),
        })]
    };
    if bytes.contains(&0) {
        return bad("binary data (NUL bytes)");
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bad("not valid UTF-8");
    };
    // a byte-order mark (editors on Windows write one) is not part of the first line
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (stem, ext) = hint.rsplit_once('.').unwrap_or((hint, ""));
    let is_jsonl = ext == "jsonl"
        || hint == "stdin"
            && !text.trim().is_empty()
            && text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .all(|l| l.trim_start().starts_with('{'));
    if is_jsonl {
        return jsonl(source, text);
    }
    let stem = if hint == "stdin" { "stdin" } else { stem };
    let (body, mut meta) =
        if matches!(ext, "html" | "htm") || hint == "stdin" && text.trim_start().starts_with('<') {
            let page = html::to_text(text);
            (
                page.text,
                DocMeta {
                    title: page.title,
                    ..DocMeta::default()
                },
            )
        } else {
            split_header(text)
        };
    if body.trim().is_empty() {
        return bad("empty document");
    }
    meta.source = Some(source.to_owned());
    vec![Ok(Document {
        id: stem.to_owned(),
        text: body,
        meta,
    })]
}

#[derive(Deserialize)]
struct JsonDoc {
    id: serde_json::Value,
    text: String,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
}

fn jsonl(source: &str, text: &str) -> Vec<Result<Document, Error>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| json_line(&format!("{source}:{}", n + 1), line))
        .collect()
}

/// Parses one JSON line (SPEC §3: an object with `id`, `text` and optional `url`, `title`,
/// `date`, `outlet`, `author`) as the document `name` (`file:line`), which also names it in
/// errors. A blank line is not a document: callers skip those.
pub fn json_line(name: &str, line: &str) -> Result<Document, Error> {
    let bad = |reason: String| Error::BadDocument {
        doc: name.to_owned(),
        reason,
    };
    let value = match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(o)) => serde_json::Value::Object(o),
        Ok(other) => {
            let kind = match other {
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::Bool(_) => "a boolean",
                _ => "null",
            };
            return Err(bad(format!(
                "a JSON line must be an object with \"id\" and \"text\", not {kind}"
            )));
        }
        Err(e) => return Err(bad(format!("malformed JSON line: {e}"))),
    };
    let d = serde_json::from_value::<JsonDoc>(value)
        .map_err(|e| bad(format!("not a document: {e}")))?;
    let id = match d.id {
        serde_json::Value::String(s) if !s.trim().is_empty() => s,
        serde_json::Value::Number(n) => n.to_string(),
        // an empty or structured id would name no document, or one by accident
        _ => {
            return Err(bad(
                "\"id\" must be a non-empty string or a number".to_owned()
            ))
        }
    };
    if d.text.trim().is_empty() {
        return Err(bad(format!("document '{id}' has an empty text")));
    }
    let meta = DocMeta {
        url: d.url,
        title: d.title,
        date: d.date,
        outlet: d.outlet,
        author: d.author,
        source: Some(name.to_owned()),
        extra: Vec::new(),
    };
    Ok(Document {
        id,
        text: d.text,
        meta,
    })
}

/// Splits a `key: value` header block ended by a blank line from the body. The ` date
/// YYYY-MM-DD ` prefix of a body is read as the date and stays part of the body.
pub fn split_header(text: &str) -> (String, DocMeta) {
    let mut meta = DocMeta::default();
    let mut body = text;
    let mut lines = text.split_inclusive('\n');
    let mut pairs = Vec::new();
    let mut consumed = 0;
    let mut ended = false;
    for line in lines.by_ref() {
        let l = line.trim_end_matches(['\n', '\r']);
        if l.trim().is_empty() {
            consumed += line.len();
            ended = !pairs.is_empty();
            break;
        }
        let Some((k, v)) = l.split_once(':') else {
            break;
        };
        let key = k.trim();
        if key.is_empty()
            || key.len() > 20
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || !key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        {
            break;
        }
        pairs.push((key.to_owned(), v.trim().to_owned()));
        consumed += line.len();
    }
    // a file that is all header and no blank line: the header, and no body (not the header
    // taken for the body)
    if !ended && !pairs.is_empty() && consumed == text.len() {
        ended = true;
    }
    if ended && pairs.iter().any(|(k, _)| KNOWN_KEYS.contains(&k.as_str())) {
        body = &text[consumed..];
        for (k, v) in pairs {
            match k.as_str() {
                "url" => meta.url = Some(v),
                "title" => meta.title = Some(v),
                "date" => meta.date = Some(v),
                "outlet" => meta.outlet = Some(v),
                "author" => meta.author = Some(v),
                _ => meta.extra.push((k, v)),
            }
        }
    }
    let trimmed = body.trim_start();
    if meta.date.is_none() {
        if let Some(rest) = trimmed.strip_prefix("date ") {
            let d = rest.get(..10).unwrap_or("");
            if crate::dates::parse_doc_date(d).is_some() {
                meta.date = Some(d.to_owned());
            }
        }
    }
    (body.to_owned(), meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_block_is_split_and_unknown_keys_kept() {
        let (body, meta) = split_header(
            "url: https://example.org/a\ndate: 2020-02-01\ncomplete: yes\n\nThe county sued.\n",
        );
        assert_eq!(body, "The county sued.\n");
        assert_eq!(meta.date.as_deref(), Some("2020-02-01"));
        assert_eq!(meta.extra, [("complete".to_owned(), "yes".to_owned())]);
    }

    #[test]
    fn date_prefix_stays_in_the_body() {
        let (body, meta) = split_header(" date 2018-04-25 The governor wrote.");
        assert_eq!(body, " date 2018-04-25 The governor wrote.");
        assert_eq!(meta.date.as_deref(), Some("2018-04-25"));
    }

    #[test]
    fn a_body_that_starts_like_a_header_is_not_one() {
        let text = "Note: the city sued.\nMore text.\n";
        assert_eq!(split_header(text).0, text);
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_header_block() {
        let out = from_bytes(
            "b.txt",
            "b.txt",
            "\u{feff}title: Budget vote\ndate: 2022-05-06\n\nThe council voted.\n".as_bytes(),
        );
        let Ok(d) = &out[0] else { panic!("{out:?}") };
        assert_eq!(d.meta.title.as_deref(), Some("Budget vote"));
        assert_eq!(d.text, "The council voted.\n");
    }

    #[test]
    fn a_header_only_file_is_not_its_own_body() {
        let (body, meta) = split_header("title: Nothing here\ndate: 2022-05-06\n");
        assert_eq!(body, "");
        assert_eq!(meta.title.as_deref(), Some("Nothing here"));
        let out = from_bytes(
            "h.txt",
            "h.txt",
            b"title: Nothing here\nurl: https://example.org/x",
        );
        assert!(
            matches!(&out[0], Err(Error::BadDocument { reason, .. }) if reason == "empty document"),
            "{out:?}"
        );
    }

    #[test]
    fn a_json_line_that_is_not_a_document_says_why() {
        let out = from_bytes(
            "a.jsonl",
            "a.jsonl",
            b"[\"id\", \"text\"]\n42\n{\"id\":1}\n",
        );
        let reasons: Vec<String> = out
            .iter()
            .map(|r| match r {
                Err(Error::BadDocument { reason, .. }) => reason.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert!(reasons[0].contains("not an array"), "{reasons:?}");
        assert!(reasons[1].contains("not a number"), "{reasons:?}");
        assert!(reasons[2].contains("missing field `text`"), "{reasons:?}");
        for bad_id in ["\"\"", "\" \"", "null", "[1]", "{}"] {
            let line = format!("{{\"id\":{bad_id},\"text\":\"The mayor spoke.\"}}");
            let out = from_bytes("i.jsonl", "i.jsonl", line.as_bytes());
            assert!(
                matches!(&out[0], Err(Error::BadDocument { reason, .. }) if reason.contains("\"id\" must be")),
                "{bad_id}: {out:?}"
            );
        }
        let out = from_bytes(
            "n.jsonl",
            "n.jsonl",
            b"{\"id\":7,\"text\":\"The mayor spoke.\"}",
        );
        assert!(matches!(&out[0], Ok(d) if d.id == "7"), "{out:?}");
    }

    #[test]
    fn bad_documents_are_named() {
        let out = from_bytes("x.txt", "x.txt", &[0xff, 0xfe]);
        assert!(matches!(&out[0], Err(Error::BadDocument { doc, .. }) if doc == "x.txt"));
        let out = from_bytes("e.txt", "e.txt", b"  \n");
        assert!(out[0].is_err());
        let out = from_bytes(
            "a.jsonl",
            "a.jsonl",
            b"{\"id\":\"1\",\"text\":\"ok\"}\n{broken\n",
        );
        assert!(out[0].is_ok());
        assert!(matches!(&out[1], Err(Error::BadDocument { doc, .. }) if doc == "a.jsonl:2"));
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn an_unreadable_or_looping_directory_does_not_stop_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/loop")).unwrap();
        std::fs::write(root.join("a/one.txt"), "The mayor spoke.").unwrap();
        std::fs::write(root.join("z.txt"), "The court ruled.").unwrap();
        // a link back up: a walk that follows it never ends
        std::os::unix::fs::symlink(root.join("a"), root.join("a/loop/up")).unwrap();
        // a link to nothing
        std::os::unix::fs::symlink(root.join("gone"), root.join("b.txt")).unwrap();
        let out = read_inputs(&[root.to_path_buf()]);
        let ids: Vec<&str> = out
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(ids, ["one", "z"], "{out:?}");
        let errors: Vec<String> = out
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors.iter().any(|e| e.contains("already read")),
            "{errors:?}"
        );
        assert!(errors.iter().any(|e| e.contains("b.txt")), "{errors:?}");
    }
}
