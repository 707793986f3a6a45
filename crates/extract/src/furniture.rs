//! Page furniture: menus, advertisements, comment sections, related-link headlines in
//! capitals, photo credits, copyright and licensing lines. Nothing is extracted from them; the
//! byline and the copyright line give the document's author and outlet.

use std::sync::OnceLock;

use regex::Regex;

use crate::data::DataSource;
use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Prefix,
    Contains,
    End,
}

/// A pattern compiled the first time a line needs it: most documents have no byline, credit
/// or copyright line, and compiling the four patterns (their `\w` is Unicode's) took a tenth
/// of the start-up.
#[derive(Debug)]
struct Pattern {
    source: &'static str,
    compiled: OnceLock<Regex>,
}

impl Pattern {
    const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    fn get(&self) -> &Regex {
        // the patterns are constants of this file, compiled by its tests
        self.compiled
            .get_or_init(|| Regex::new(self.source).expect("a furniture pattern compiles"))
    }
}

/// The furniture rules of `data/furniture.tsv` and the patterns for bylines.
#[derive(Debug)]
pub struct Furniture {
    rules: Vec<(Kind, String)>,
    /// "... written by Jane Roe from the Springfield Gazette"; only on lines that hold
    /// "written by" in some ASCII case (the pattern's letters have no other case folding).
    byline: Pattern,
    /// Only on lines that start with "Copyright" or "©".
    copyright: Pattern,
    /// "By Jane Roe"; only on lines that start with "By ".
    by: Pattern,
    /// Photo credits; only on lines that hold "Photo".
    credit: Pattern,
}

/// What the furniture pass found in a document.
#[derive(Debug, Default)]
pub struct Found {
    /// Byte ranges (normalised text) that are furniture.
    pub excluded: Vec<(usize, usize)>,
    /// Author, from a byline.
    pub author: Option<String>,
    /// Outlet, from a byline or a copyright line.
    pub outlet: Option<String>,
    /// The headline: the first line that reads as one.
    pub title: Option<String>,
    /// For each excluded range (sorted), the furthest end of it and those before it.
    reach: Vec<usize>,
}

impl Found {
    /// True when byte `pos` lies in furniture.
    pub fn is_excluded(&self, pos: usize) -> bool {
        if self.reach.len() != self.excluded.len() {
            // ranges changed since `scan` indexed them
            return self.excluded.iter().any(|&(s, e)| s <= pos && pos < e);
        }
        let n = self.excluded.partition_point(|&(s, _)| s <= pos);
        n > 0 && self.reach[n - 1] > pos
    }
}

impl Furniture {
    /// Loads `furniture.tsv`.
    pub fn load(data: &DataSource) -> Result<Furniture, Error> {
        let t = data.table("furniture.tsv")?;
        t.require(&["kind", "text"])?;
        let mut rules = Vec::new();
        for (line, r) in &t.rows {
            let kind = match t.get(r, "kind") {
                "line" => Kind::Line,
                "prefix" => Kind::Prefix,
                "contains" => Kind::Contains,
                "end" => Kind::End,
                other => {
                    return Err(Error::Data {
                        file: "furniture.tsv".into(),
                        line: *line,
                        message: format!("unknown kind '{other}'"),
                    })
                }
            };
            // rules are read from the raw row so that a trailing space ("Home ") is kept
            rules.push((kind, r.get(1).map(|s| (*s).to_owned()).unwrap_or_default()));
        }
        Ok(Furniture {
            rules,
            byline: Pattern::new(
                r"\b(?i:written by) ([A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3})(?: (?:from|of|for) (?:the )?([A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,5}))?",
            ),
            copyright: Pattern::new(
                r"(?:Copyright|©)\s*(?:©|\(c\))?\s*(?:\d{4}\s+)?(?:by\s+)?([A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,5})",
            ),
            by: Pattern::new(r"^By ([A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3})(?:,| and|$)"),
            credit: Pattern::new(r"\((?:AP|Reuters|Getty|AFP)?\s*Photo[^)]*\)|\(Photo[^)]*\)"),
        })
    }

    /// The byline pattern's match of `line`, when the line can hold one.
    fn by_captures<'l>(&self, line: &'l str) -> Option<regex::Captures<'l>> {
        line.starts_with("By ")
            .then(|| self.by.get().captures(line))
            .flatten()
    }

    fn byline_captures<'l>(&self, line: &'l str) -> Option<regex::Captures<'l>> {
        written_by(line)
            .then(|| self.byline.get().captures(line))
            .flatten()
    }

    /// True when `line` is a byline of either kind.
    fn is_byline(&self, line: &str) -> bool {
        line.starts_with("By ") && self.by.get().is_match(line)
            || written_by(line) && self.byline.get().is_match(line)
    }

    /// Finds the furniture of a normalised text.
    pub fn scan(&self, text: &str) -> Found {
        let mut found = Found::default();
        let mut pos = 0;
        let mut in_body = false;
        for raw in text.split_inclusive('\n') {
            let start = pos;
            pos += raw.len();
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(c) = self.by_captures(line) {
                found.author.get_or_insert_with(|| c[1].to_owned());
            }
            if let Some(c) = self.byline_captures(line) {
                found.author.get_or_insert_with(|| c[1].to_owned());
                if let Some(o) = c.get(2) {
                    found.outlet.get_or_insert_with(|| o.as_str().to_owned());
                }
            }
            if line.starts_with("Copyright") || line.starts_with('©') {
                if let Some(c) = self.copyright.get().captures(line) {
                    let outlet = c[1]
                        .trim_end_matches(',')
                        .trim_end_matches(" LLC")
                        .trim_end_matches(',')
                        .to_owned();
                    found.outlet.get_or_insert(outlet);
                }
            }
            // a copyright or licensing line ends the article only after narrative text: in a
            // masthead it is one line of furniture
            let words = Words::of(line);
            let narrative = is_narrative(line, words);
            if self.is_end(line) {
                let rights = line.starts_with("Copyright") || line.starts_with('©');
                if in_body || !rights && !narrative {
                    found.excluded.push((start, text.len()));
                    break;
                }
                if !narrative {
                    found.excluded.push((start, pos));
                    continue;
                }
            }
            if !narrative && self.is_furniture_line(line, words) {
                found.excluded.push((start, pos));
                continue;
            }
            if line.contains("Photo") {
                for m in self.credit.get().find_iter(line) {
                    let off = raw.find(line).unwrap_or(0);
                    found
                        .excluded
                        .push((start + off + m.start(), start + off + m.end()));
                }
            }
            if !in_body
                && found.title.is_none()
                && words.count >= 3
                && !line.ends_with('.')
                && !self.is_byline(line)
            {
                found.title = Some(line.to_owned());
            }
            if words.count >= 12 {
                in_body = true;
            }
        }
        found.excluded.sort_unstable();
        found.reach = found
            .excluded
            .iter()
            .scan(0, |reach, &(_, e)| {
                *reach = e.max(*reach);
                Some(*reach)
            })
            .collect();
        found
    }

    fn is_end(&self, line: &str) -> bool {
        self.rules.iter().any(|(k, t)| {
            *k == Kind::End
                && (line == t
                    || line.starts_with(t.as_str())
                        && (t.len() >= 10 || t.starts_with('©') || t.starts_with("Copyright"))
                    || line.ends_with(t.as_str())
                        && line.split_whitespace().count() <= 3
                        && line.split_whitespace().next().is_some_and(|w| {
                            w.parse::<u32>().is_ok() || ["One", "No", "Two", "Three"].contains(&w)
                        }))
        })
    }

    fn is_furniture_line(&self, line: &str, words: Words) -> bool {
        let hit = self.rules.iter().any(|(k, t)| match k {
            Kind::Line => line.eq_ignore_ascii_case(t),
            Kind::Prefix => line.starts_with(t.as_str()),
            Kind::Contains => line.contains(t.as_str()),
            Kind::End => false,
        });
        hit || is_shouting(line, words) || is_menu(line)
    }
}

/// True when `line` holds "written by" in some ASCII case: the words the byline pattern
/// starts from.
fn written_by(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr2_iter(b'w', b'W', b).any(|i| {
        b.get(i..i + 10)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"written by"))
    })
}

/// A line of three or more short items set apart by bars, chevrons, bullets or runs of
/// spaces ("News | Weather | Traffic", "Share: Facebook  X  Email", "NEWS › LOCAL › CRIME"):
/// a menu, a breadcrumb or a row of share buttons.
fn is_menu(line: &str) -> bool {
    let items: Vec<&str> = line
        .split(['|', '›', '»', '·', '•'])
        .flat_map(|part| part.split("  "))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect();
    items.len() >= 3
        && items
            .iter()
            .all(|item| item.split_whitespace().count() <= 4)
        && !line.ends_with(['.', '?', '!', '"'])
}

/// The words of a line as `str::split_whitespace` cuts them: how many, and how many of them
/// start with a lower-case letter. One pass over the bytes, decoding a character only where
/// one is not ASCII (every line of a document is counted, and the iterator decodes them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Words {
    count: usize,
    lower: usize,
}

impl Words {
    fn of(line: &str) -> Words {
        let bytes = line.as_bytes();
        let mut words = Words { count: 0, lower: 0 };
        let mut in_word = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // `i` is a character boundary: every step moves by a whole character
            let c = if b.is_ascii() {
                char::from(b)
            } else {
                let Some(c) = line[i..].chars().next() else {
                    break;
                };
                c
            };
            if c.is_whitespace() {
                in_word = false;
            } else if !in_word {
                in_word = true;
                words.count += 1;
                if c.is_lowercase() {
                    words.lower += 1;
                }
            }
            i += c.len_utf8();
        }
        words
    }
}

/// A paragraph of running text (a dozen words or more, mostly lower-case, ending a sentence):
/// never furniture.
fn is_narrative(line: &str, words: Words) -> bool {
    // running text is mostly lower-case words; a headline in title case is not
    let Words { count, lower } = words;
    count >= 12
        && lower * 5 >= count * 2
        && line
            .trim_end_matches(['"', '\'', ')'])
            .ends_with(['.', '?', '!'])
}

/// A line of three or more words written in capitals: a related-link headline or a banner.
fn is_shouting(line: &str, words: Words) -> bool {
    let (mut letters, mut upper) = (0, 0);
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    words.count >= 3 && letters >= 12 && upper * 10 >= letters * 9
}

#[cfg(test)]
mod tests {
    use super::*;

    fn furniture() -> Furniture {
        Furniture::load(&DataSource::Embedded).expect("embedded furniture.tsv loads")
    }

    #[test]
    fn the_patterns_compile_and_their_prefilters_hold() {
        let f = furniture();
        for p in [&f.byline, &f.copyright, &f.by, &f.credit] {
            p.get();
        }
        // the byline pattern's letters fold to no other letter, so an ASCII-case-insensitive
        // look for "written by" finds every line the pattern could match
        for c in "writenby".chars() {
            let folds = regex::Regex::new(&format!("(?i)^{c}$")).expect("compiles");
            for other in ['\u{130}', '\u{131}', '\u{17f}', '\u{212a}'] {
                assert!(!folds.is_match(&other.to_string()), "{c} {other}");
            }
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_cuts_them() {
        for line in [
            "",
            "  ",
            "one",
            "The mayor said  no.",
            "\u{a0}élan Über\u{2003}ünd x\u{b}y\u{85}z",
            "\tLead\r\n",
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            let lower = words
                .iter()
                .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                .count();
            assert_eq!(
                Words::of(line),
                Words {
                    count: words.len(),
                    lower
                },
                "{line:?}"
            );
        }
    }

    #[test]
    fn capitals_menus_and_comments_are_furniture() {
        let text = "Search\nMayor Ann Lee sued the county.\n\nSTATE AUDITOR SLAMS PARKS BOARD OVER BUDGET\n\nThe board said nothing.\n\n3 Responses\n\nThe county is lying, says a reader.\n";
        let f = furniture().scan(text);
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| {
                let p = text.find(l).unwrap_or(0);
                !l.is_empty() && !f.is_excluded(p)
            })
            .collect();
        assert_eq!(
            kept,
            ["Mayor Ann Lee sued the county.", "The board said nothing."]
        );
    }

    #[test]
    fn menus_breadcrumbs_and_share_rows_are_furniture() {
        let text = "Local | Region | Politics | Opinion\nSTORIES \u{203a} STATE \u{203a} COURTS\n\
            Share: Facebook  X  Email\n\
            The parks board, the mayor and the county clerk met on Monday.\n\
            Red, white and blue | the county fair opens\n";
        let f = furniture().scan(text);
        let at = |s: &str| f.is_excluded(text.find(s).unwrap_or(0));
        assert!(at("Local | Region"));
        assert!(at("STORIES"));
        assert!(at("Share: Facebook"));
        assert!(
            !at("The parks board"),
            "a sentence with commas is not a menu"
        );
        assert!(!at("Red, white"), "two items are not a menu");
    }

    #[test]
    fn byline_and_copyright_give_author_and_outlet() {
        let f = furniture().scan("By John Doe\n\nBody text here.\n");
        assert_eq!(f.author.as_deref(), Some("John Doe"));
        assert_eq!(f.title, None, "a byline is not a headline");
        let f = furniture().scan("Body text here.\n\nThis article is written by Jane Roe from Springfield Gazette and was licensed.\n");
        assert_eq!(f.author.as_deref(), Some("Jane Roe"));
        assert_eq!(f.outlet.as_deref(), Some("Springfield Gazette"));
        let f = furniture().scan(
            "Body text here.\n\nCopyright © 2021 The Daily Planet, LLC. All rights reserved.\n",
        );
        assert_eq!(f.outlet.as_deref(), Some("The Daily Planet"));
    }

    #[test]
    fn a_masthead_copyright_line_does_not_end_the_article() {
        let text = "Copyright © 2024 The Valley Courier. All rights reserved.\nMenu\n\n\
            The county board voted on Tuesday to close the old jail, and the sheriff said he would appeal.\n\n\
            Copyright © 2024 The Valley Courier\nMore stories\n";
        let f = furniture().scan(text);
        let story = text.find("The county board").unwrap_or(0);
        assert!(!f.is_excluded(story), "{:?}", f.excluded);
        assert!(f.is_excluded(0));
        let tail = text.rfind("More stories").unwrap_or(0);
        assert!(f.is_excluded(tail));
    }

    #[test]
    fn narrative_paragraphs_are_never_furniture() {
        let text = "Home prices in the county rose again this spring, and the mayor said the city would act.\n\
            Home\n";
        let f = furniture().scan(text);
        assert!(!f.is_excluded(0));
        assert!(f.is_excluded(text.rfind("Home").unwrap_or(0)));
    }

    #[test]
    fn photo_credit_is_cut_but_caption_kept() {
        let text = "An agent walks in Yuma, Ariz. (AP Photo/John Doe, File)\n";
        let f = furniture().scan(text);
        assert!(!f.is_excluded(text.find("Yuma").unwrap_or(0)));
        assert!(f.is_excluded(text.find("John").unwrap_or(0)));
    }
}
