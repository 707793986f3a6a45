//! `newsgraph load`: N-Quads made by `newsgraph extract --format nquads` (on Spark, or any
//! other engine that ran the filter over partitions) into the store, with the result `build`
//! gives on the same articles: each document's graph replaced in one transaction and the
//! set-semantics default graph kept in step, exactly as [`GraphStore::ingest`] does.
//!
//! The filter writes each document's quads as one run of lines. A document graph met again
//! after another graph's run (the same id twice in the corpus) is skipped and reported, the
//! first kept, as `build` keeps the first of two documents with one id.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};

use crate::{io, Error, GraphStore};

/// A document graph that was not loaded because an earlier run of lines had its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The graph.
    pub graph: String,
    /// Where the skipped run starts (`file:line`).
    pub at: String,
    /// Where the loaded one started.
    pub first: String,
}

/// What a load did.
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    /// Files read.
    pub files: usize,
    /// Document graphs loaded.
    pub graphs: usize,
    /// Quads read into document graphs.
    pub quads: usize,
    /// Graphs skipped as duplicates.
    pub duplicates: Vec<Duplicate>,
}

/// The N-Quads files of `path`: the file itself, or under a directory (recursively, in sorted
/// order) every `part-*` file (Hadoop's and Spark's output) and every `.nq` / `.nquads` file.
/// Hidden files and `_SUCCESS`-style markers are left out, and so are `.crc` checksums.
pub fn partition_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut out = Vec::new();
    let mut dirs = vec![path.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let p = entry.map_err(io(&dir))?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with(['.', '_']) || name.ends_with(".crc") {
                continue;
            }
            if p.is_dir() {
                dirs.push(p);
            } else if name.starts_with("part-")
                || matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("nq" | "nquads")
                )
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// One document's run of quads, with the line it starts on.
struct Run {
    graph: GraphName,
    line: usize,
    quads: Vec<Quad>,
}

/// Reads one file into runs of quads, one per document; an error names `file:line`.
fn read_runs(path: &Path) -> Result<Vec<Run>, Error> {
    let file = File::open(path).map_err(io(path))?;
    let mut runs: Vec<Run> = Vec::new();
    let parser = RdfParser::from_format(RdfFormat::NQuads).for_reader(BufReader::new(file));
    let corrupt = |line: usize, message: String| Error::Corrupt {
        path: format!("{}:{line}", path.display()),
        message,
    };
    // the filter writes one quad per line, so the quad's number is its line
    for (n, q) in parser.enumerate() {
        let line = n + 1;
        let q = q.map_err(|e| Error::Corrupt {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        if q.graph_name.is_default_graph() {
            // the default graph is derived from the documents' graphs
            return Err(corrupt(
                line,
                "a triple outside a named graph: not the output of newsgraph extract".into(),
            ));
        }
        match runs.last_mut() {
            Some(run) if run.graph == q.graph_name => run.quads.push(q),
            _ => runs.push(Run {
                graph: q.graph_name.clone(),
                line,
                quads: vec![q],
            }),
        }
    }
    Ok(runs)
}

impl GraphStore {
    /// Loads the N-Quads files `files` in order. Each file is read whole before any of it is
    /// applied, so a damaged file is an error naming `file:line` and nothing of it is loaded;
    /// what earlier files loaded is committed (each document is whole), and loading again is
    /// harmless: a document graph loaded again is replaced by the same quads.
    pub fn load_nquads(&self, files: &[PathBuf]) -> Result<Loaded, Error> {
        let mut loaded = Loaded::default();
        let mut first: HashMap<GraphName, String> = HashMap::new();
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        let mut failure = None;
        for path in files {
            let runs = match read_runs(path) {
                Ok(runs) => runs,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            };
            loaded.files += 1;
            for run in runs {
                let at = format!("{}:{}", path.display(), run.line);
                if let Some(f) = first.get(&run.graph) {
                    loaded.duplicates.push(Duplicate {
                        graph: run.graph.to_string(),
                        at,
                        first: f.clone(),
                    });
                    continue;
                }
                first.insert(run.graph.clone(), at);
                loaded.graphs += 1;
                loaded.quads += run.quads.len();
                let (r, a) = self.replace_graph(&run.graph, run.quads)?;
                removed.extend(r);
                added.extend(a);
            }
        }
        self.commit_batch(&removed, &added)?;
        match failure {
            Some(e) => Err(e),
            None => Ok(loaded),
        }
    }
}
