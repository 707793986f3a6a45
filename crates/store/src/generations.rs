//! The RocksDB backend's directories: a store directory holds one live RocksDB database, the
//! one its pointer file `current` names (`rocksdb`, then `rocksdb-1`, `rocksdb-2`, …; a
//! store written before the pointer existed has `rocksdb` and no pointer).
//!
//! A build never writes the live database. It makes the next generation a checkpoint of the
//! live one (RocksDB hard-links its immutable files, so this costs milliseconds, not a copy),
//! writes there, and publishes it by replacing the pointer with a rename. `kill -9` at any
//! moment therefore leaves the pointer naming the previous state; the unfinished generation
//! is removed by the next writer.
//!
//! Oxigraph's bulk loader hands RocksDB sorted files that overlap those of earlier loads, and
//! a build's process ends before RocksDB's background compaction gets to them, so each load
//! leaves one more file for every read to consult: on 10,000 documents queries took three to
//! four times as long as on the same database compacted. A build therefore compacts the
//! generation it writes before publishing it when the database has grown by a quarter since
//! it was last compacted ([`needs_compaction`]): each compaction costs the size of the
//! database, and the sizes at which they happen grow geometrically, so their total stays a
//! constant multiple of the data (adding one document to a large store compacts nothing).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{io, Error};

/// The pointer file.
const CURRENT: &str = "current";
/// The live database of a store without a pointer, and the stem of every generation.
const FIRST: &str = "rocksdb";

/// The file recording the size of the database (bytes of its sorted files) after the last
/// compaction; without it, the database has never been compacted.
const COMPACTED: &str = "compacted";

/// The name of the live database: what the pointer says, else `rocksdb`.
pub(crate) fn live(dir: &Path) -> Result<String, Error> {
    let path = dir.join(CURRENT);
    match std::fs::read_to_string(&path) {
        Ok(s) => {
            let name = s.trim();
            if generation_number(name).is_none() {
                return Err(Error::Corrupt {
                    path: path.display().to_string(),
                    message: format!("names {name:?}, which is not a database of this store"),
                });
            }
            Ok(name.to_owned())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FIRST.to_owned()),
        Err(e) => Err(io(&path)(e)),
    }
}

/// The path of the live database.
pub(crate) fn live_path(dir: &Path) -> Result<PathBuf, Error> {
    Ok(dir.join(live(dir)?))
}

/// `rocksdb` is generation 0, `rocksdb-N` generation N; anything else is not a generation.
fn generation_number(name: &str) -> Option<u64> {
    if name == FIRST {
        return Some(0);
    }
    name.strip_prefix(FIRST)?.strip_prefix('-')?.parse().ok()
}

/// Removes every generation but the live one: what a build killed before it published left.
/// Only a writer (who holds the lock) calls it.
pub(crate) fn remove_unpublished(dir: &Path) -> Result<(), Error> {
    let live = live(dir)?;
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != live && generation_number(&name).is_some() && entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path()).map_err(io(&entry.path()))?;
        }
    }
    Ok(())
}

/// The name of the generation after the live one.
pub(crate) fn next(dir: &Path) -> Result<String, Error> {
    let n = generation_number(&live(dir)?).unwrap_or(0);
    Ok(format!("{FIRST}-{}", n + 1))
}

/// Makes `name` the live database: the pointer is written beside itself, synced and renamed
/// over the old one (atomic on POSIX file systems), then the directory is synced. The
/// previous generation is removed afterwards; a reader that has it open keeps reading it.
pub(crate) fn publish(dir: &Path, name: &str) -> Result<(), Error> {
    let previous = live(dir)?;
    let tmp = dir.join(format!("{CURRENT}.tmp"));
    let mut f = File::create(&tmp).map_err(io(&tmp))?;
    writeln!(f, "{name}").map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    drop(f);
    let path = dir.join(CURRENT);
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))?;
    if previous != name {
        let old = dir.join(previous);
        if old.is_dir() {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
    }
    Ok(())
}

/// The bytes of a RocksDB database's sorted (`.sst`) files.
pub(crate) fn database_bytes(db: &Path) -> Result<u64, Error> {
    let mut total = 0;
    for entry in std::fs::read_dir(db).map_err(io(db))? {
        let entry = entry.map_err(io(db))?;
        if entry.path().extension().is_some_and(|e| e == "sst") {
            // RocksDB deletes the files a compaction made obsolete while the database is open:
            // a file listed a moment ago may be gone, and holds no data any more
            match entry.metadata() {
                Ok(m) => total += m.len(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&entry.path())(e)),
            }
        }
    }
    Ok(total)
}

/// True when the database `db` of the store in `dir` has grown by a quarter or more since the
/// size [`record_compaction`] last wrote (or was never compacted). A missing or unreadable
/// record counts as never: the cost is one compaction too many, never a slow store.
pub(crate) fn needs_compaction(dir: &Path, db: &Path) -> Result<bool, Error> {
    let now = database_bytes(db)?;
    let last = std::fs::read_to_string(dir.join(COMPACTED))
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    Ok(match last {
        Some(last) => now >= last + last / 4 && now > 0,
        None => now > 0,
    })
}

/// Records the size of the database `db` just compacted, beside the pointer (written aside
/// and renamed, so a reader never sees half a number).
pub(crate) fn record_compaction(dir: &Path, db: &Path) -> Result<(), Error> {
    let bytes = database_bytes(db)?;
    let tmp = dir.join(format!("{COMPACTED}.tmp"));
    std::fs::write(&tmp, format!("{bytes}\n")).map_err(io(&tmp))?;
    let path = dir.join(COMPACTED);
    std::fs::rename(&tmp, &path).map_err(io(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generations_are_numbered_after_the_first() {
        assert_eq!(generation_number("rocksdb"), Some(0));
        assert_eq!(generation_number("rocksdb-12"), Some(12));
        assert_eq!(generation_number("rocksdb-"), None);
        assert_eq!(generation_number("lock"), None);
        assert_eq!(generation_number("rocksdbx"), None);
    }

    type Result = std::result::Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn the_pointer_moves_and_the_old_generation_goes() -> Result {
        let d = tempfile::tempdir()?;
        assert_eq!(live(d.path())?, "rocksdb");
        std::fs::create_dir(d.path().join("rocksdb"))?;
        assert_eq!(next(d.path())?, "rocksdb-1");
        std::fs::create_dir(d.path().join("rocksdb-1"))?;
        publish(d.path(), "rocksdb-1")?;
        assert_eq!(live(d.path())?, "rocksdb-1");
        assert!(!d.path().join("rocksdb").exists());
        // a generation left by a killed build is removed, the live one kept
        std::fs::create_dir(d.path().join("rocksdb-2"))?;
        remove_unpublished(d.path())?;
        assert!(!d.path().join("rocksdb-2").exists());
        assert!(d.path().join("rocksdb-1").is_dir());
        Ok(())
    }

    #[test]
    fn a_database_is_compacted_when_it_has_grown_by_a_quarter() -> Result {
        let d = tempfile::tempdir()?;
        let db = d.path().join("rocksdb-1");
        std::fs::create_dir(&db)?;
        // empty: nothing to compact
        assert!(!needs_compaction(d.path(), &db)?);
        std::fs::write(db.join("000001.sst"), vec![0u8; 1000])?;
        std::fs::write(db.join("000002.log"), vec![0u8; 5000])?;
        // never compacted
        assert!(needs_compaction(d.path(), &db)?);
        record_compaction(d.path(), &db)?;
        assert_eq!(std::fs::read_to_string(d.path().join(COMPACTED))?, "1000\n");
        assert!(!needs_compaction(d.path(), &db)?);
        std::fs::write(db.join("000003.sst"), vec![0u8; 249])?;
        assert!(!needs_compaction(d.path(), &db)?);
        std::fs::write(db.join("000004.sst"), vec![0u8; 1])?;
        assert!(needs_compaction(d.path(), &db)?);
        // a damaged record means compact again
        std::fs::write(d.path().join(COMPACTED), "12x")?;
        std::fs::remove_file(db.join("000004.sst"))?;
        assert!(needs_compaction(d.path(), &db)?);
        Ok(())
    }

    #[test]
    fn a_pointer_to_something_else_is_an_error() -> Result {
        let d = tempfile::tempdir()?;
        std::fs::write(d.path().join(CURRENT), "../elsewhere\n")?;
        assert!(matches!(live(d.path()), Err(Error::Corrupt { .. })));
        Ok(())
    }
}
