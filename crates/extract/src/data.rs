//! The lexicons and gazetteers of `data/`: embedded in the binary at build time, or read from
//! a directory at run time (`--data DIR`, `NEWSGRAPH_DATA`) so that adding an agency or a
//! trigger verb needs no recompile.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use crate::Error;

macro_rules! embedded {
    ($($name:literal),+ $(,)?) => {
        /// The data files the extractor reads, by name.
        pub const FILES: &[&str] = &[$($name),+];

        fn embedded(name: &str) -> Option<&'static str> {
            match name {
                $($name => Some(include_str!(concat!("../../../data/", $name))),)+
                _ => None,
            }
        }
    };
}

embedded!(
    "countries.tsv",
    "us_divisions.tsv",
    "world_divisions.tsv",
    "us_agencies.tsv",
    "federal_agencies.tsv",
    "nyc_agencies.tsv",
    "organizations.tsv",
    "facilities.tsv",
    "us_people.tsv",
    "people_extra.tsv",
    "first_names.tsv",
    "name_heads.tsv",
    "titles.tsv",
    "triggers.tsv",
    "furniture.tsv",
    "role_nouns.tsv",
    "nicknames.tsv",
    "agency_parents.tsv",
    "offices.tsv",
    "federal_officeholders.tsv",
    "cues.tsv",
    "words.tsv",
    "figure_words.tsv",
);

/// Where data files come from.
#[derive(Debug, Clone, Default)]
pub enum DataSource {
    /// The copies compiled into the binary.
    #[default]
    Embedded,
    /// A directory holding files of the same names.
    Dir(PathBuf),
}

/// A parsed TSV file: a header and rows, with the line number of each row.
#[derive(Debug)]
pub struct Table<'a> {
    name: String,
    columns: FxHashMap<String, usize>,
    /// Rows: (line number, cells). Cells borrow the text: no copy of 50,000 rows at startup.
    pub rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    /// Parses TSV text: `#` comment lines, a header row, then rows.
    ///
    /// One pass over the bytes for tabs and newlines (`memchr`): lines as `str::lines` cuts
    /// them (a trailing `\r` dropped), each row's cells in a vector sized by the header,
    /// columns in an FxHash map (startup reads ~50,000 rows and looks cells up by column name
    /// some 400,000 times).
    pub fn parse(name: &str, text: &'a str) -> Result<Table<'a>, Error> {
        let mut columns: Option<FxHashMap<String, usize>> = None;
        let mut rows = Vec::new();
        let mut n = 0;
        let mut cells: Vec<&'a str> = Vec::new();
        let mut line_start = 0;
        let mut cell_start = 0;
        let ends = memchr::memchr2_iter(b'\t', b'\n', text.as_bytes()).chain(
            // the last line may have no newline
            (!text.ends_with('\n') && !text.is_empty()).then_some(text.len()),
        );
        for end in ends {
            let cell = &text[cell_start..end];
            cell_start = end + 1;
            if text.as_bytes().get(end) == Some(&b'\t') {
                cells.push(cell.trim_end_matches('\r'));
                continue;
            }
            // the end of a line
            n += 1;
            let line = &text[line_start..end];
            line_start = end + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            cells.push(cell.trim_end_matches('\r'));
            if line.starts_with('#') || line.trim().is_empty() {
                cells.clear();
                continue;
            }
            match columns {
                None => {
                    columns = Some(
                        cells
                            .iter()
                            .enumerate()
                            .map(|(i, c)| ((*c).to_owned(), i))
                            .collect(),
                    );
                    cells.clear();
                }
                Some(ref cols) => {
                    if cells.len() > cols.len() {
                        return Err(Error::Data {
                            file: name.to_owned(),
                            line: n,
                            message: format!(
                                "{} cells, the header has {}",
                                cells.len(),
                                cols.len()
                            ),
                        });
                    }
                    let mut row = Vec::with_capacity(cells.len());
                    row.append(&mut cells);
                    rows.push((n, row));
                }
            }
        }
        let columns = columns.ok_or_else(|| Error::Data {
            file: name.to_owned(),
            line: 0,
            message: "no header row".into(),
        })?;
        Ok(Table {
            name: name.to_owned(),
            columns,
            rows,
        })
    }

    /// The cell of `row` in `column`, empty when the row is short.
    pub fn get(&self, row: &[&'a str], column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| row.get(i))
            .copied()
            .unwrap_or("")
    }

    /// Fails unless every named column exists.
    pub fn require(&self, columns: &[&str]) -> Result<(), Error> {
        for c in columns {
            if !self.columns.contains_key(*c) {
                return Err(Error::Data {
                    file: self.name.clone(),
                    line: 1,
                    message: format!("missing column '{c}'"),
                });
            }
        }
        Ok(())
    }
}

impl DataSource {
    /// Reads and parses one data file.
    pub fn table(&self, name: &str) -> Result<Table<'static>, Error> {
        match self {
            DataSource::Embedded => {
                let text = embedded(name).ok_or_else(|| Error::Data {
                    file: name.to_owned(),
                    line: 0,
                    message: "no such data file".into(),
                })?;
                Table::parse(name, text)
            }
            DataSource::Dir(dir) => {
                let path = dir.join(name);
                let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
                    path: path.display().to_string(),
                    source: e,
                })?;
                // the tables are read once, for an extractor that lives as long as the process
                let text: &'static str = Box::leak(text.into_boxed_str());
                Table::parse(&path.display().to_string(), text)
            }
        }
    }

    /// The data source a directory names, after checking that it holds every file.
    pub fn dir(path: &Path) -> Result<DataSource, Error> {
        for f in FILES {
            if !path.join(f).is_file() {
                return Err(Error::Data {
                    file: path.join(f).display().to_string(),
                    line: 0,
                    message: "missing data file".into(),
                });
            }
        }
        Ok(DataSource::Dir(path.to_owned()))
    }
}

/// Splits a multi-valued cell (`a|b|c`), dropping empty values.
pub fn multi(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}
