//! Persistence of the in-memory backend: a base snapshot plus segments, committed by a
//! manifest.
//!
//! The directory holds `base-N.nq` (every quad at the last compaction), then for each later
//! batch `seg-N.del.nq` (quads the batch removed) and `seg-N.add.nq` (quads it added), and
//! `manifest.tsv`, which lists those files with their quad count, byte length and CRC-32. A
//! batch writes its segment files (temporary name, fsync, rename), then a new manifest the
//! same way: the rename of the manifest is the commit point, so a crash leaves the previous
//! state and files no manifest names are leftovers, removed by the next writer. On open every
//! listed file is checked against its length, checksum and count, so a truncated or damaged
//! file is an error, never a smaller store.
//!
//! Adding documents writes only their quads; when the segments outgrow the base, the next
//! batch compacts them into a new base, so the cost of every quad written is amortised over
//! the batches that follow (linear overall). A store written before manifests existed (a lone
//! `graph.nq`) is read as a base and migrated by the next write.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use oxigraph::store::Store;

use crate::{io, Error};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.tsv";
/// The snapshot of stores written before manifests.
pub const LEGACY: &str = "graph.nq";
const HEADER: &str = "# newsgraph store manifest v1: file\tkind\tquads\tbytes\tcrc32";
/// Compact when the segments hold more quads than this share of the base (and more than a few).
const COMPACT_RATIO: usize = 1;
const COMPACT_MIN_QUADS: usize = 50_000;
const COMPACT_MAX_SEGMENTS: usize = 64;

/// What a listed file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Base,
    Del,
    Add,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Base => "base",
            Kind::Del => "del",
            Kind::Add => "add",
        }
    }
}

/// One file the manifest names.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    kind: Kind,
    quads: usize,
    bytes: u64,
    crc: u32,
}

/// The committed state of a snapshot directory.
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    entries: Vec<Entry>,
    next: u64,
}

impl Manifest {
    /// True when the directory holds a store (a manifest or a legacy snapshot).
    pub fn exists(dir: &Path) -> bool {
        dir.join(MANIFEST).is_file() || dir.join(LEGACY).is_file()
    }

    /// Reads the manifest (an empty one for a new directory, a base of `graph.nq` for a
    /// legacy store).
    pub fn read(dir: &Path) -> Result<Manifest, Error> {
        let path = dir.join(MANIFEST);
        if !path.is_file() {
            let legacy = dir.join(LEGACY);
            if legacy.is_file() {
                let (quads, bytes, crc) = measure(&legacy)?;
                return Ok(Manifest {
                    entries: vec![Entry {
                        name: LEGACY.into(),
                        kind: Kind::Base,
                        quads,
                        bytes,
                        crc,
                    }],
                    next: 1,
                });
            }
            return Ok(Manifest::default());
        }
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        let corrupt = |line: usize, what: &str| Error::Corrupt {
            path: format!("{}:{line}", path.display()),
            message: what.to_owned(),
        };
        let mut m = Manifest::default();
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h)) if h == HEADER => {}
            _ => return Err(corrupt(1, "not a newsgraph manifest (unknown header)")),
        }
        let mut ended = false;
        for (i, line) in lines {
            if line == "# end" {
                ended = true;
                continue;
            }
            if ended {
                return Err(corrupt(i + 1, "text after the end marker"));
            }
            let f: Vec<&str> = line.split('\t').collect();
            let [name, kind, quads, bytes, crc] = f[..] else {
                return Err(corrupt(i + 1, "expected five tab-separated fields"));
            };
            let kind = match kind {
                "base" => Kind::Base,
                "del" => Kind::Del,
                "add" => Kind::Add,
                _ => return Err(corrupt(i + 1, "unknown file kind")),
            };
            let num = |s: &str| {
                s.parse::<u64>()
                    .map_err(|_| corrupt(i + 1, "a count is not a number"))
            };
            let crc = u32::from_str_radix(crc, 16).map_err(|_| corrupt(i + 1, "bad checksum"))?;
            m.next = m.next.max(serial(name) + 1);
            m.entries.push(Entry {
                name: name.to_owned(),
                kind,
                quads: num(quads)? as usize,
                bytes: num(bytes)?,
                crc,
            });
        }
        if !ended {
            return Err(corrupt(text.lines().count(), "the manifest is truncated"));
        }
        Ok(m)
    }

    /// The files this manifest names.
    fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// Replays the listed files into `store`, checking each against the manifest.
    pub fn load(&self, dir: &Path, store: &Store) -> Result<(), Error> {
        for e in &self.entries {
            let path = dir.join(&e.name);
            let (quads, bytes, crc) = measure(&path)?;
            if bytes != e.bytes || crc != e.crc || quads != e.quads {
                return Err(Error::Corrupt {
                    path: path.display().to_string(),
                    message: format!(
                        "damaged: the manifest records {} quads, {} bytes, crc32 {:08x}; the file has {quads}, {bytes}, {crc:08x}",
                        e.quads, e.bytes, e.crc
                    ),
                });
            }
            let parse = |path: &Path| -> Result<Vec<Quad>, Error> {
                let file = File::open(path).map_err(io(path))?;
                RdfParser::from_format(RdfFormat::NQuads)
                    .for_reader(BufReader::new(file))
                    .map(|q| {
                        q.map_err(|err| Error::Corrupt {
                            path: path.display().to_string(),
                            message: err.to_string(),
                        })
                    })
                    .collect()
            };
            match e.kind {
                Kind::Base => {
                    let file = File::open(&path).map_err(io(&path))?;
                    let mut loader = store.bulk_loader();
                    loader
                        .load_from_reader(
                            RdfParser::from_format(RdfFormat::NQuads),
                            BufReader::new(file),
                        )
                        .map_err(|err| Error::Corrupt {
                            path: path.display().to_string(),
                            message: err.to_string(),
                        })?;
                    loader.commit()?;
                }
                Kind::Del => {
                    let quads = parse(&path)?;
                    let mut t = store.start_transaction()?;
                    for q in &quads {
                        t.remove(q);
                    }
                    t.commit()?;
                }
                Kind::Add => {
                    let quads = parse(&path)?;
                    let mut t = store.start_transaction()?;
                    t.extend(quads.iter());
                    t.commit()?;
                }
            }
        }
        Ok(())
    }

    fn segment_quads(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.kind != Kind::Base)
            .map(|e| e.quads)
            .sum()
    }

    fn base_quads(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.kind == Kind::Base)
            .map(|e| e.quads)
            .sum()
    }

    /// True when the next batch should compact rather than add a segment.
    fn should_compact(&self, adding: usize) -> bool {
        let segments = self.segment_quads() + adding;
        self.entries.iter().any(|e| e.name == LEGACY)
            || self.entries.len() >= COMPACT_MAX_SEGMENTS
            || (segments > COMPACT_MIN_QUADS && segments > self.base_quads() * COMPACT_RATIO)
    }

    /// Commits one batch: its removed and added quads as a segment, or (when the segments
    /// have outgrown the base) the whole `store` as a new base. `store` already holds the
    /// batch.
    pub fn commit(
        &mut self,
        dir: &Path,
        store: &Store,
        removed: &[Quad],
        added: &[Quad],
    ) -> Result<(), Error> {
        if removed.is_empty() && added.is_empty() && !self.entries.is_empty() {
            return Ok(());
        }
        let mut next = self.clone();
        let old: Vec<String> = self.names().map(str::to_owned).collect();
        let n = next.next.max(1);
        next.next = n + 1;
        if self.entries.is_empty() || self.should_compact(removed.len() + added.len()) {
            let name = format!("base-{n:06}.nq");
            let entry = write_quads(dir, &name, Kind::Base, store.iter())?;
            next.entries = vec![entry];
        } else {
            if !removed.is_empty() {
                let name = format!("seg-{n:06}.del.nq");
                let it = removed.iter().cloned().map(Ok);
                next.entries.push(write_quads(dir, &name, Kind::Del, it)?);
            }
            if !added.is_empty() {
                let name = format!("seg-{n:06}.add.nq");
                let it = added.iter().cloned().map(Ok);
                next.entries.push(write_quads(dir, &name, Kind::Add, it)?);
            }
        }
        next.write(dir)?;
        // the new state is committed: files the new manifest does not name are garbage
        for name in old {
            if !next.names().any(|n| n == name) {
                let _ = std::fs::remove_file(dir.join(&name));
            }
        }
        *self = next;
        Ok(())
    }

    fn write(&self, dir: &Path) -> Result<(), Error> {
        let mut text = format!("{HEADER}\n");
        for e in &self.entries {
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\t{:08x}\n",
                e.name,
                e.kind.as_str(),
                e.quads,
                e.bytes,
                e.crc
            ));
        }
        text.push_str("# end\n");
        let path = dir.join(MANIFEST);
        let tmp = tmp_path(dir, MANIFEST);
        let result = (|| {
            let mut f = File::create(&tmp).map_err(io(&tmp))?;
            f.write_all(text.as_bytes()).map_err(io(&tmp))?;
            f.sync_all().map_err(io(&tmp))?;
            std::fs::rename(&tmp, &path).map_err(io(&path))?;
            sync_dir(dir);
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Removes what no manifest names: temporary files of an interrupted write and the
    /// segments of a batch that never committed. Only a writer (holding the lock) calls this.
    pub fn clean(&self, dir: &Path) -> Result<(), Error> {
        let entries = std::fs::read_dir(dir).map_err(io(dir))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.ends_with(".tmp")
                || ((name.starts_with("base-") || name.starts_with("seg-"))
                    && name.ends_with(".nq"));
            if ours && !self.names().any(|n| n == name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

/// The serial number in a file name (`seg-000012.add.nq` → 12).
fn serial(name: &str) -> u64 {
    name.trim_start_matches(|c: char| !c.is_ascii_digit())
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

fn tmp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.{}.tmp", std::process::id()))
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all(); // directory fsync: best effort where the platform allows it
    }
}

/// Writes quads as N-Quads under `name` (temporary file, fsync, rename), returning its entry.
fn write_quads(
    dir: &Path,
    name: &str,
    kind: Kind,
    quads: impl Iterator<Item = Result<Quad, oxigraph::store::StorageError>>,
) -> Result<Entry, Error> {
    let tmp = tmp_path(dir, name);
    let path = dir.join(name);
    let result = (|| {
        let f = File::create(&tmp).map_err(io(&tmp))?;
        let mut w = Crc32Writer::new(BufWriter::with_capacity(1 << 20, f));
        let mut count = 0;
        for q in quads {
            writeln!(w, "{} .", q?).map_err(io(&tmp))?;
            count += 1;
        }
        let (inner, bytes, crc) = w.finish();
        let f = inner.into_inner().map_err(|e| Error::Io {
            path: tmp.display().to_string(),
            source: e.into_error(),
        })?;
        f.sync_all().map_err(io(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        Ok(Entry {
            name: name.to_owned(),
            kind,
            quads: count,
            bytes,
            crc,
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Counts the lines (quads), bytes and CRC-32 of a file.
fn measure(path: &Path) -> Result<(usize, u64, u32), Error> {
    let f = File::open(path).map_err(io(path))?;
    let mut r = BufReader::with_capacity(1 << 20, f);
    let mut h = crc32fast::Hasher::new();
    let mut bytes = 0u64;
    let mut lines = 0usize;
    loop {
        let buf = r.fill_buf().map_err(io(path))?;
        if buf.is_empty() {
            break;
        }
        h.update(buf);
        lines += buf.iter().filter(|&&b| b == b'\n').count();
        let n = buf.len();
        bytes += n as u64;
        r.consume(n);
    }
    Ok((lines, bytes, h.finalize()))
}

/// A writer that counts and checksums what passes through it.
struct Crc32Writer<W> {
    inner: W,
    hasher: crc32fast::Hasher,
    bytes: u64,
}

impl<W: Write> Crc32Writer<W> {
    fn new(inner: W) -> Self {
        Crc32Writer {
            inner,
            hasher: crc32fast::Hasher::new(),
            bytes: 0,
        }
    }

    fn finish(self) -> (W, u64, u32) {
        (self.inner, self.bytes, self.hasher.finalize())
    }
}

impl<W: Write> Write for Crc32Writer<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
