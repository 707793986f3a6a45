//! The pattern of a number in a sentence ("$4.3 million", "1,526", "seventeen"), and a search
//! for its matches that stays in the regex crate's lazy DFA.
//!
//! The pattern ends the number and its scale word at Unicode word boundaries (`\b`). The lazy
//! DFA handles such a boundary only in ASCII text: at the first byte that is not ASCII it gives
//! up, and the search starts again in a backtracking engine that is tens of times slower per
//! byte (a sentence with one typographic dash or accented name took a fifth of all the time
//! of figure finding). So the search runs the pattern *without* its boundaries, which the DFA
//! runs over any text, and checks the two boundaries of each match itself: a match whose
//! boundaries hold is the match of the full pattern (below), and where one does not hold the
//! full pattern is asked for that one match.

use std::sync::OnceLock;

use regex::Regex;

/// The number pattern, compiled with and without its word boundaries.
#[derive(Debug)]
pub struct NumberPattern {
    /// The pattern as written: the reference for every match, compiled the first time a match
    /// without boundaries fails one (compiling it was a hundredth of the start-up).
    bounded: OnceLock<Regex>,
    bounded_source: String,
    /// The pattern without its `\b`s; `None` when a number word holds a space, so that the end
    /// of the number inside a match cannot be told from the match alone.
    unbounded: Option<Regex>,
}

impl NumberPattern {
    /// The pattern of an optional space or parenthesis, digits (with a currency sign,
    /// thousands commas and decimals) or a spelled number of `numbers`, then optionally a scale
    /// word of `scales`.
    pub fn new(numbers: &[&str], scales: &[&str]) -> NumberPattern {
        let (number, scale) = (alternatives(numbers), alternatives(scales));
        let pattern = |boundary: &str| {
            format!(
                r"(?i)(?:^|[\s(])(?P<num>[$\x{{20ac}}\x{{a3}}]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|{number}){boundary}(?:\s+(?P<scale>{scale}){boundary})?"
            )
        };
        let spaced = numbers.iter().any(|w| w.contains(char::is_whitespace));
        NumberPattern {
            bounded: OnceLock::new(),
            bounded_source: pattern(r"\b"),
            unbounded: (!spaced).then(|| compile(&pattern(""))),
        }
    }

    fn bounded(&self) -> &Regex {
        self.bounded.get_or_init(|| compile(&self.bounded_source))
    }

    /// True when the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.bounded().is_match(text)
    }

    /// The byte ranges of the matches of the pattern in `sentence`, left to right, as
    /// `Regex::find_iter` gives them.
    pub fn find_iter<'p, 's>(
        &'p self,
        sentence: &'s str,
    ) -> impl Iterator<Item = (usize, usize)> + use<'p, 's> {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (start, end) = self.find_at(sentence, at)?;
            // a match is never empty (the number has a digit or a letter): go on after it
            at = end;
            Some((start, end))
        })
    }

    /// The first match at or after byte `at`.
    ///
    /// Every match of the full pattern is a match of the pattern without boundaries, and the
    /// two rank the ways a match can be made alike (the same alternatives in the same order).
    /// So when the first, preferred match without boundaries meets both boundaries, no match
    /// of the full pattern starts before it, and none at its start is preferred to it: it is
    /// the full pattern's match.
    fn find_at(&self, sentence: &str, at: usize) -> Option<(usize, usize)> {
        let full = || {
            self.bounded()
                .find_at(sentence, at)
                .map(|m| (m.start(), m.end()))
        };
        let Some(unbounded) = &self.unbounded else {
            return full();
        };
        let m = unbounded.find_at(sentence, at)?;
        // the match is an optional space or parenthesis, the number (no space in it), then
        // optionally spaces and the scale word
        let w = m.as_str();
        let lead = w
            .chars()
            .next()
            .filter(|&c| c.is_whitespace() || c == '(')
            .map_or(0, char::len_utf8);
        let number_end = match w[lead..].find(char::is_whitespace) {
            Some(i) => m.start() + lead + i,
            None => m.end(),
        };
        let bounded = is_boundary(sentence, number_end)
            && (number_end == m.end() || is_boundary(sentence, m.end()));
        if bounded {
            Some((m.start(), m.end()))
        } else {
            full()
        }
    }
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("escaped words make a valid pattern")
}

/// The words as alternatives of a pattern, longest first, so that no word stops at a shorter
/// one it starts with.
fn alternatives(words: &[&str]) -> String {
    let mut w = words.to_vec();
    w.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    w.iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// True when byte `at` of `text` is a Unicode word boundary, as the regex crate's `\b` is.
fn is_boundary(text: &str, at: usize) -> bool {
    let before = text[..at]
        .chars()
        .next_back()
        .is_some_and(regex_syntax::is_word_character);
    let after = text[at..]
        .chars()
        .next()
        .is_some_and(regex_syntax::is_word_character);
    before != after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern() -> NumberPattern {
        NumberPattern::new(
            &["seventeen", "three", "seven", "one", "ten"],
            &["million", "billion"],
        )
    }

    #[test]
    fn matches_are_those_of_the_full_pattern() {
        let p = pattern();
        for text in [
            "He paid $4.3 million to 1,526 people and seventeen others.",
            "The 2nd and 3rd reports, threefold, sevenfold, seventeen.",
            "About 5 millionaires and 10 billion\u{2014}or so\u{2014}one.",
            "Zoë paid \u{20ac}5 million; \u{a3}3\u{e9} and 7\u{e9}t\u{e9} and ten\u{301}.",
            "\u{663}\u{664} people, \u{17f}even K, one\u{2003}million and (ten billion) \u{e9}ten",
            "ten",
            "",
        ] {
            let expected: Vec<(usize, usize)> = p
                .bounded()
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(p.find_iter(text).collect::<Vec<_>>(), expected, "{text}");
        }
    }

    #[test]
    fn a_spaced_number_word_keeps_the_full_pattern() {
        let p = NumberPattern::new(&["a dozen", "two"], &["million"]);
        assert!(p.unbounded.is_none());
        assert_eq!(p.find_iter("a dozen eggs").collect::<Vec<_>>(), [(0, 7)]);
    }
}
