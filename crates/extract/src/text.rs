//! The text the extractor works on: a normalised copy of the document (typographic quotes and
//! apostrophes folded to ASCII, non-breaking spaces to spaces) with a map back to the original,
//! its tokens and its sentences.
//!
//! All internal offsets are byte offsets into the normalised text; [`Text::char_span`] turns
//! them into the character offsets of the original document that the output uses.

use std::sync::OnceLock;

use crate::data::DataSource;
use crate::words::{WordSet, Words};

/// A token of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte start in the normalised text.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// True for a word (letters, digits, and the joiners inside them).
    pub word: bool,
}

/// A sentence: a range of tokens and of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub last: usize,
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Index of the paragraph (block of lines between blank lines) it belongs to.
    pub paragraph: usize,
}

/// The document text prepared for extraction.
#[derive(Debug)]
pub struct Text<'a> {
    /// The original text.
    pub original: &'a str,
    /// The normalised text.
    pub norm: String,
    /// For each byte of `norm` (and one past the end), the byte of `original` it came from.
    orig_byte: Vec<usize>,
    /// For each byte of `original` (and one past the end), the character index.
    orig_char: Vec<usize>,
    /// For each normalised byte that was a quotation mark: true when the original was an
    /// opening typographic quote, false for a closing one; absent for a straight quote.
    pub quote_dir: Vec<(usize, bool)>,
    /// Tokens.
    pub tokens: Vec<Token>,
    /// Sentences.
    pub sentences: Vec<Sentence>,
    /// The tokens lower-cased (`str::to_lowercase`), one after another: the stages compare
    /// words without case many times over, and this is the one copy they read.
    lower: String,
    /// For each token, its byte range in `lower`.
    lower_at: Vec<(usize, usize)>,
}

/// The abbreviations of the embedded `words.tsv`, for [`Text::new`].
fn embedded_abbreviations() -> &'static WordSet {
    static WORDS: OnceLock<Words> = OnceLock::new();
    &WORDS
        .get_or_init(|| Words::load(&DataSource::Embedded).expect("the embedded words.tsv loads"))
        .abbreviation
}

impl<'a> Text<'a> {
    /// Normalises, tokenises and splits `original`, with the abbreviations of the embedded
    /// `words.tsv`.
    pub fn new(original: &'a str) -> Text<'a> {
        Text::with_abbreviations(original, embedded_abbreviations())
    }

    /// Normalises, tokenises and splits `original`; a period after one of `abbreviations`
    /// ("Gov.", "Calif.") stays in its word and ends no sentence.
    pub fn with_abbreviations(original: &'a str, abbreviations: &WordSet) -> Text<'a> {
        let n = original.len();
        let bytes = original.as_bytes();
        let mut norm = String::with_capacity(n);
        let mut orig_byte = Vec::with_capacity(n + 1);
        let mut orig_char = Vec::with_capacity(n + 1);
        let mut quote_dir = Vec::new();
        let (mut i, mut chars) = (0, 0);
        while i < n {
            // a run of ASCII is copied as it is, each byte a character of its own
            let run = bytes[i..]
                .iter()
                .position(|&b| !b.is_ascii())
                .unwrap_or(n - i);
            if run > 0 {
                norm.push_str(&original[i..i + run]);
                orig_byte.extend(i..i + run);
                orig_char.extend(chars..chars + run);
                i += run;
                chars += run;
                continue;
            }
            let Some(c) = original[i..].chars().next() else {
                break;
            };
            let folded = match c {
                '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
                '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' => ' ',
                '\u{2010}' | '\u{2011}' => '-',
                _ => c,
            };
            if c == '\u{201C}' || c == '\u{201E}' {
                quote_dir.push((norm.len(), true));
            } else if c == '\u{201D}' {
                quote_dir.push((norm.len(), false));
            }
            norm.push(folded);
            // every byte of a character maps to the character's first
            orig_byte.extend(std::iter::repeat_n(i, folded.len_utf8()));
            orig_char.extend(std::iter::repeat_n(chars, c.len_utf8()));
            i += c.len_utf8();
            chars += 1;
        }
        orig_byte.push(n);
        orig_char.push(chars);
        let tokens = tokenize(&norm, abbreviations);
        let sentences = split_sentences(&norm, &tokens);
        let (lower, lower_at) = lower_tokens(&norm, &tokens);
        Text {
            original,
            norm,
            orig_byte,
            orig_char,
            quote_dir,
            tokens,
            sentences,
            lower,
            lower_at,
        }
    }

    /// The lower-cased text of a token: `self.tok(i).to_lowercase()` without the copy.
    pub fn lower(&self, i: usize) -> &str {
        let (a, b) = self.lower_at[i];
        &self.lower[a..b]
    }

    /// The lower-cased text of a token, or `None` past the last one.
    pub fn get_lower(&self, i: usize) -> Option<&str> {
        (i < self.lower_at.len()).then(|| self.lower(i))
    }

    /// The normalised text of a byte range.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        &self.norm[start..end]
    }

    /// The normalised text of the tokens `first..last`.
    pub fn tokens_text(&self, first: usize, last: usize) -> &str {
        self.slice(self.tokens[first].start, self.tokens[last - 1].end)
    }

    /// The normalised text of a token.
    pub fn tok(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.norm[t.start..t.end]
    }

    /// The normalised text of a token, or `None` past the last one: for looking at the word
    /// after a mention, which may end the document.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.tokens.get(i).map(|t| &self.norm[t.start..t.end])
    }

    /// Character offsets in the original document of a normalised byte range.
    pub fn char_span(&self, start: usize, end: usize) -> (usize, usize) {
        (
            self.orig_char[self.orig_byte[start]],
            self.orig_char[self.orig_byte[end]],
        )
    }

    /// The original text of a normalised byte range.
    pub fn original_slice(&self, start: usize, end: usize) -> &'a str {
        &self.original[self.orig_byte[start]..self.orig_byte[end]]
    }

    /// The index of the token that starts at or after byte `pos`.
    pub fn token_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.start < pos)
    }

    /// The index of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences.partition_point(|s| s.last <= i)
    }
}

/// Every token lower-cased, with the range of each: the text ASCII-lower-cased at once (an
/// ASCII token's range is its own), then after it each token that is not ASCII, lower-cased as
/// `str::to_lowercase` does it (which may change its length).
fn lower_tokens(norm: &str, tokens: &[Token]) -> (String, Vec<(usize, usize)>) {
    let mut lower = norm.to_ascii_lowercase();
    let at = tokens
        .iter()
        .map(|t| {
            let w = &norm[t.start..t.end];
            if w.is_ascii() {
                (t.start, t.end)
            } else {
                let a = lower.len();
                lower.push_str(&w.to_lowercase());
                (a, lower.len())
            }
        })
        .collect();
    (lower, at)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '.' | '-' | '&')
}

/// Words (letters and digits with the joiners inside them, a `$` before digits, a trailing
/// period of an abbreviation or initial), possessive `'s`, and every other non-space
/// character alone. Walks the bytes, decoding a character only where one is not ASCII.
fn tokenize(norm: &str, abbreviations: &WordSet) -> Vec<Token> {
    let bytes = norm.as_bytes();
    // the character at byte `p` (a character boundary), none past the end
    let at = |p: usize| -> Option<char> {
        match bytes.get(p) {
            None => None,
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => norm[p..].chars().next(),
        }
    };
    let mut tokens = Vec::with_capacity(bytes.len() / 4);
    let mut p = 0;
    while let Some(c) = at(p) {
        let start = p;
        let after = p + c.len_utf8();
        if c.is_whitespace() {
            p = after;
            continue;
        }
        if c.is_alphanumeric() || c == '$' && at(after).is_some_and(|d| d.is_ascii_digit()) {
            // `q` walks the word, `prev` is the character before it
            let (mut q, mut prev) = (after, c);
            loop {
                // ASCII letters and digits, most of every word, need no decoding
                let run = bytes[q..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                if run > 0 {
                    q += run;
                    prev = char::from(bytes[q - 1]);
                }
                let Some(d) = at(q) else {
                    break;
                };
                let next = q + d.len_utf8();
                if d.is_alphanumeric() {
                    (q, prev) = (next, d);
                } else if (is_joiner(d) || d == ',' && prev.is_ascii_digit())
                    && at(next).is_some_and(|e| e.is_alphanumeric())
                {
                    // "U.S", "MS-13", "1,526", "4.3", "O'Brien", "AT&T"; a comma joins digits only
                    if d == ',' && !at(next).is_some_and(|e| e.is_ascii_digit()) {
                        break;
                    }
                    // an apostrophe starts the possessive "'s": keep it as its own token
                    if d == '\''
                        && at(next) == Some('s')
                        && !at(next + 1).is_some_and(|e| e.is_alphanumeric())
                    {
                        break;
                    }
                    (q, prev) = (next, d);
                } else {
                    break;
                }
            }
            // a trailing period belongs to an abbreviation or initial ("U.S.", "Gov.", "Q.")
            if at(q) == Some('.') {
                let word = &norm[start..q];
                let initial = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
                if initial || word.contains('.') || abbreviations.contains(word) {
                    q += 1;
                }
            }
            tokens.push(Token {
                start,
                end: q,
                word: true,
            });
            p = q;
        } else if c == '\''
            && at(after) == Some('s')
            && !at(after + 1).is_some_and(|d| d.is_alphanumeric())
            && norm[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            tokens.push(Token {
                start,
                end: after + 1,
                word: true,
            });
            p = after + 1;
        } else {
            tokens.push(Token {
                start,
                end: after,
                word: false,
            });
            p = after;
        }
    }
    tokens
}

/// Tokens past which a sentence is cut at the next comma (and at twice this, anywhere).
const LONG_SENTENCE: usize = 200;

fn split_sentences(norm: &str, tokens: &[Token]) -> Vec<Sentence> {
    let bytes = norm.as_bytes();
    let mut sentences = Vec::new();
    let mut first = 0;
    let mut paragraph = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        // bytes, not text: most tokens are compared with a punctuation mark or two
        let text = &bytes[t.start..t.end];
        let next_start = tokens.get(i + 1).map_or(norm.len(), |n| n.start);
        let mut end_here = bytes[t.end..next_start].contains(&b'\n');
        if !end_here && matches!(text, b"." | b"!" | b"?") {
            // a closing quote or bracket may follow the full stop
            let mut j = i + 1;
            while j < tokens.len()
                && matches!(&norm[tokens[j].start..tokens[j].end], "\"" | "'" | ")")
                && tokens[j].start == tokens[j - 1].end
            {
                j += 1;
            }
            let after = tokens.get(j);
            let starts_upper = after.is_none_or(|a| {
                norm[a.start..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '"' || c.is_ascii_digit())
            });
            if starts_upper {
                i = j - 1;
                end_here = true;
            }
        } else if !end_here && t.word && text.ends_with(b".") && text.len() > 2 {
            // "... in the U.S. The next sentence": an abbreviation at the end of a sentence
            let after = tokens.get(i + 1);
            let bare = norm[t.start..t.end].trim_end_matches('.');
            let is_title = [
                "Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Gen", "Lt", "St", "Hon", "Rev",
                "Prof", "Sgt", "Col", "Capt", "Det", "No", "Jan", "Feb", "Mar", "Apr", "Jun",
                "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
            ]
            .contains(&bare);
            if !is_title && bare.contains('.') {
                if let Some(a) = after {
                    let w = &norm[a.start..a.end];
                    if matches!(
                        w,
                        "The"
                            | "He"
                            | "She"
                            | "It"
                            | "They"
                            | "But"
                            | "In"
                            | "A"
                            | "This"
                            | "That"
                            | "We"
                            | "I"
                    ) {
                        end_here = true;
                    }
                }
            }
        }
        // no sentence of news runs to hundreds of tokens: a run without full stops (a list, a
        // table flattened to text, a page's furniture) is cut at a comma past LONG_SENTENCE
        // tokens, and hard past twice that, so that work per sentence stays bounded
        let length = i + 1 - first;
        if !end_here
            && (length >= 2 * LONG_SENTENCE
                || length >= LONG_SENTENCE && matches!(text, b"," | b";" | b":"))
        {
            end_here = true;
        }
        if end_here || i + 1 == tokens.len() {
            let last = i + 1;
            if last > first {
                sentences.push(Sentence {
                    first,
                    last,
                    start: tokens[first].start,
                    end: tokens[last - 1].end,
                    paragraph,
                });
            }
            first = last;
            let gap_after = &norm[tokens[i].end..tokens.get(i + 1).map_or(norm.len(), |n| n.start)];
            if gap_after.bytes().filter(|&b| b == b'\n').count() >= 2
                || gap_after.contains('\n') && i + 1 < tokens.len()
            {
                paragraph += 1;
            }
        }
        i += 1;
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &Text) -> Vec<String> {
        (0..t.tokens.len()).map(|i| t.tok(i).to_owned()).collect()
    }

    #[test]
    fn tokens_keep_abbreviations_and_numbers() {
        let t =
            Text::new("Gov. Andrew Cuomo’s U.S. office paid $4.3 million to 1,526 MS-13 members.");
        assert_eq!(
            words(&t),
            [
                "Gov.", "Andrew", "Cuomo", "'s", "U.S.", "office", "paid", "$4.3", "million", "to",
                "1,526", "MS-13", "members", "."
            ]
        );
    }

    #[test]
    fn offsets_map_back_to_original_characters() {
        let t = Text::new("“Hi,” said Zoë’s aide.");
        let i = (0..t.tokens.len())
            .find(|&i| t.tok(i) == "aide")
            .unwrap_or(0);
        let tok = &t.tokens[i];
        assert_eq!(t.char_span(tok.start, tok.end), (17, 21));
        assert_eq!(t.original_slice(tok.start, tok.end), "aide");
    }

    #[test]
    fn a_run_without_full_stops_is_cut_into_bounded_sentences() {
        let run = "12 residents, 3,400 homes, ".repeat(400);
        let t = Text::new(&run);
        assert!(t.sentences.len() > 5);
        assert!(t
            .sentences
            .iter()
            .all(|s| s.last - s.first <= 2 * LONG_SENTENCE));
        // and a long but ordinary sentence is one sentence
        let ordinary = format!("{}.", "the council met and voted ".repeat(30));
        assert_eq!(Text::new(&ordinary).sentences.len(), 1);
    }

    #[test]
    fn sentences_split_on_stops_not_abbreviations() {
        let t = Text::new(
            "Sen. Mary Smith of Calif. spoke. The U.S. Attorney said no.\nNew paragraph here",
        );
        let s: Vec<&str> = t
            .sentences
            .iter()
            .map(|s| t.slice(s.start, s.end))
            .collect();
        assert_eq!(
            s,
            [
                "Sen. Mary Smith of Calif. spoke.",
                "The U.S. Attorney said no.",
                "New paragraph here"
            ]
        );
        assert_eq!(t.sentences[2].paragraph, 1);
    }
}
