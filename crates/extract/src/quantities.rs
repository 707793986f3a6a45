//! Counts and amounts: "ICE has arrested 112 criminal aliens", "$4.3 million in grant money",
//! "at least 4,000 detainers", "four subpoenas", with bounds and currency, and the entity
//! they are about (the subject of their clause).

use crate::figure_words::FigureWords;

/// A figure found in text (byte offsets in the normalised text).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Normalised value.
    pub value: f64,
    /// Currency, for amounts.
    pub unit: Option<String>,
    /// "at least", "more than", …
    pub bound: Option<String>,
    /// The words after the number that say what is counted.
    pub what: String,
    /// One side of a tally ("voted 68-47", "a 7-0 vote").
    pub tally: bool,
}

/// A duration that is a term or a deadline given to someone ("gave the sheriff 21 days to",
/// "has 45 days to settle", "for 18 months", "lasts at most five years", "80 hours a month"),
/// not a span of the story's time ("two days after", "for four years", "16 years ago").
fn deadline(before: &str, after: &str) -> bool {
    let rest: Vec<&str> = after.split_whitespace().skip(1).take(2).collect();
    let prev = before
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    matches!(rest.first().copied(), Some("to") | Some("a"))
        && !matches!(rest.get(1).copied(), Some("the") | None)
        || matches!(prev.as_str(), "most" | "least")
}

/// Finds the figures of a sentence.
pub fn find(words: &FigureWords, sentence: &str, offset: usize) -> Vec<Figure> {
    let mut out = Vec::new();
    for (start, end) in words.number_pattern.find_iter(sentence) {
        let m = NumberMatch::read(words, sentence, start, end);
        let Some(figure) = read_figure(&m, offset) else {
            continue;
        };
        // "voted 68-47": both sides of a tally
        let second = m
            .tally
            .filter(|v| *v > 0.0)
            .map(|other| second_of_tally(&m, offset, other, &figure));
        out.push(figure);
        out.extend(second);
    }
    out
}

/// One match of the number pattern and the sentence around it.
struct NumberMatch<'a> {
    /// The words of the figure rules.
    words: &'a FigureWords,
    /// Byte start of the match in the sentence.
    start: usize,
    /// Byte end of the match in the sentence.
    end: usize,
    /// The sentence before the match.
    before: &'a str,
    /// The number as written: "1,204", "$4.3", "three".
    raw: &'a str,
    /// The scale word after the number: "million".
    scale: Option<&'a str>,
    /// The sentence after the match.
    after: &'a str,
    /// Whether the match opens with a parenthesis: "(187)".
    in_parens: bool,
    /// The other side of a tally: 47 in "voted 68-47".
    tally: Option<f64>,
    /// The word after a hyphen that is not a tally's: "bed" in "a 1,000-bed center".
    compound: Option<&'a str>,
}

impl<'a> NumberMatch<'a> {
    /// Reads the match at `start..end` of `sentence`.
    fn read(
        words: &'a FigureWords,
        sentence: &'a str,
        start: usize,
        end: usize,
    ) -> NumberMatch<'a> {
        // the groups are read off the match, not found by the slower capturing engines: a match
        // is an optional space or parenthesis, the number (no space in it), then optionally
        // spaces and the scale word
        let w = &sentence[start..end];
        let lead = w
            .chars()
            .next()
            .filter(|&c| c.is_whitespace() || c == '(')
            .map_or(0, char::len_utf8);
        let (raw, scale) = match w[lead..].find(char::is_whitespace) {
            Some(i) => (&w[lead..lead + i], Some(w[lead + i..].trim_start())),
            None => (&w[lead..], None),
        };
        let after = &sentence[end..];
        // "a 1,000-bed center", "a 10-year plan": adjectives, not counts; "68-47": a tally
        let tally = after.strip_prefix('-').and_then(|a| {
            let d: String = a.chars().take_while(char::is_ascii_digit).collect();
            d.parse::<f64>()
                .ok()
                .filter(|_| !a[d.len()..].starts_with(|c: char| c.is_alphanumeric()))
        });
        // "a 1,000-bed center", "a nine-member panel": a count of what the word after the
        // hyphen names; "a 10-year plan", "a 34-year-old": durations and ages are not
        let compound = after
            .strip_prefix('-')
            .filter(|_| tally.is_none())
            .map(|a| a.split(|c: char| !c.is_alphabetic()).next().unwrap_or(""));
        NumberMatch {
            words,
            start,
            end,
            before: &sentence[..start],
            raw,
            scale,
            after,
            in_parens: w.starts_with('('),
            tally,
            compound,
        }
    }
}

/// The figure a match makes, or `None` when the number is no count; `offset` is where the
/// sentence starts in the text.
fn read_figure(m: &NumberMatch, offset: usize) -> Option<Figure> {
    let value = value_of(m.words, m.raw)?;
    let currency = currency_of(m.words, m.raw, m.before, m.after);
    if is_no_count(m, value, currency.is_some()) {
        return None;
    }
    let what = counted_words(m);
    if what
        .first()
        .is_some_and(|w| m.words.furniture_count.contains(&w.to_lowercase()))
    {
        return None;
    }
    Some(Figure {
        start: offset + m.start,
        end: offset + m.end,
        value: scaled(m.words, value, m.scale),
        unit: currency.map(str::to_owned),
        bound: bound_before(m.words, m.before),
        what: what.join(" "),
        tally: m.tally.is_some(),
    })
}

/// The value of a number as written, before its scale: "three", "1,204", "$4.3".
fn value_of(words: &FigureWords, raw: &str) -> Option<f64> {
    if let Some(&v) = words.number.get(&raw.to_ascii_lowercase()) {
        return Some(v);
    }
    raw.trim_start_matches(['$', '\u{20ac}', '\u{a3}'])
        .replace(',', "")
        .parse::<f64>()
        .ok()
}

/// A value times its scale word: "4.3 million".
fn scaled(words: &FigureWords, value: f64, scale: Option<&str>) -> f64 {
    let factor = scale.and_then(|s| words.scale.get(&s.to_lowercase()));
    value * factor.copied().unwrap_or(1.0)
}

/// Numbers that count nothing: years, ages, dates, durations, names, telephone numbers, page
/// furniture, hyphenated adjectives ("a 10-year plan"), references back ("the two men") and
/// spelled numbers that no word follows.
fn is_no_count(m: &NumberMatch, value: f64, currency: bool) -> bool {
    let (words, before, raw, after) = (m.words, m.before, m.raw, m.after);
    let is_year =
        !currency && !raw.contains(',') && (1900.0..2100.0).contains(&value) && raw.len() == 4;
    let prev_word = before.split_whitespace().last().unwrap_or("");
    let named = words.name_before.contains(&prev_word.to_lowercase())
        || prev_word == "#"
        || before.ends_with('#')
        || after.starts_with('(') && after[1..].starts_with(|c: char| c.is_ascii_lowercase());
    let date = words.month.contains(prev_word)
        || after
            .split_whitespace()
            .next()
            .is_some_and(|w| words.month.contains(w));
    let age = before.trim_end().ends_with(',') && after.trim_start().starts_with(',');
    let next_word = after
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    // a spelled number counts only when a word follows it ("three warning letters"), not at a
    // comma, before a figure or at the end of the sentence
    let spelled_alone = words.number.contains_key(&raw.to_ascii_lowercase())
        && !next_word
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '"');
    is_year
        || not_counted_compound(words, m.compound)
        || furniture(before, m.in_parens, raw, after, currency)
        || m.tally.is_some() && phone_like(after)
        || named
        || date
        || age
        || anaphoric(words, raw, before)
        || words.time_unit.contains(&next_word.to_lowercase()) && !deadline(before, after)
        || raw.contains('-')
        || m.compound.is_none()
            && !currency
            && raw.chars().all(|c| c.is_ascii_digit())
            && named_after_capital(words, before)
        || spelled_alone
}

/// A name or code ("11-O-73", "12-State"), a fraction, a duration or an age is no count.
fn not_counted_compound(words: &FigureWords, compound: Option<&str>) -> bool {
    compound.is_some_and(|w| {
        w.len() < 3
            || !w.chars().all(|c| c.is_ascii_lowercase())
            || words.hyphen_no_count.contains(w)
            || words
                .time_unit
                .iter()
                .any(|t| t == w || t.strip_suffix('s') == Some(w))
    })
}

/// "the two men", "these two states", "the three members": a reference back, not a count.
fn anaphoric(words: &FigureWords, raw: &str, before: &str) -> bool {
    words.anaphoric_number.contains(&raw.to_ascii_lowercase())
        && matches!(
            before.split_whitespace().last(),
            Some("the" | "The" | "these" | "those" | "These" | "Those")
        )
}

/// The bound just before a figure: "at least", "more than", "about", …
fn bound_before(words: &FigureWords, before: &str) -> Option<String> {
    // the bounds are short and ASCII: the last words before the figure are enough
    let tail = before.trim_end();
    let cut = tail.char_indices().rev().nth(15).map_or(0, |(i, _)| i);
    let lower = tail[cut..].to_lowercase();
    words
        .bound
        .iter()
        .find(|b| lower.trim_end().ends_with(b.as_str()))
        .cloned()
}

/// The words after a figure that say what is counted, at most five: "criminal aliens" in
/// "112 criminal aliens were arrested", "bed center" in "a 1,000-bed center", "vote" in "a
/// 7-0 vote".
fn counted_words<'a>(m: &NumberMatch<'a>) -> Vec<&'a str> {
    // past the tally's second number ("68-47") or the hyphen of a compound ("1,000-bed")
    let after = match m.tally {
        Some(_) => m
            .after
            .trim_start_matches(|c: char| c == '-' || c.is_ascii_digit()),
        None => m.after,
    };
    let after = match m.compound {
        Some(_) => &after[1..],
        None => after,
    };
    after
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '"' | ',' | '.' | ';' | ':' | ')' | '(')))
        .take_while(|w| {
            !w.is_empty()
                && !m.words.what_stop.contains(*w)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        })
        .take(5)
        .collect()
}

/// The other side of a tally ("47" in "voted 68-47"): the digits after the hyphen that ends
/// the match, with the first side's bound and counted words.
fn second_of_tally(m: &NumberMatch, offset: usize, value: f64, first: &Figure) -> Figure {
    let len = m.after[1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    Figure {
        start: offset + m.end + 1,
        end: offset + m.end + 1 + len,
        value,
        unit: None,
        bound: first.bound.clone(),
        what: first.what.clone(),
        tally: true,
    }
}

/// Numbers of page furniture and notation, not of the story: clock times and durations
/// ("5:52 AM", "(2:14)"), dates and fractions ("7/31"), a count alone in parentheses
/// ("Comments (187)"), an exchange-rate note ("$1 = 0.90 euros"), the number of a list item
/// ("… 2. Lee County weighs …") and a value after a label ("Alerts: 1").
fn furniture(before: &str, in_parens: bool, raw: &str, after: &str, currency: bool) -> bool {
    let bare = !currency && raw.chars().all(|c| c.is_ascii_digit());
    let digit_after = |p: char| {
        after
            .strip_prefix(p)
            .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
    };
    digit_after(':')
        || digit_after('/')
        || before.ends_with('/')
        || in_parens && bare && after.starts_with(')')
        || after.trim_start().starts_with('=')
        || before.trim_end().ends_with('=')
        || bare
            && raw.len() <= 2
            && after
                .strip_prefix(". ")
                .is_some_and(|a| a.starts_with(|c: char| c.is_uppercase()))
        || bare
            && before.trim_end().ends_with(':')
            && !after.trim_start().starts_with(|c: char| c.is_alphabetic())
}

/// "202-555-0178": a tally whose second number runs on into a third is a telephone number.
fn phone_like(after: &str) -> bool {
    let rest = after[1..].trim_start_matches(|c: char| c.is_ascii_digit());
    rest.strip_prefix('-')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// "WCXN 5", "Gulf Coast 7", "Apollo 11": a number right after a capitalised word that does
/// not start the sentence is part of a name. A figure at the start ("About 700 …") and a bound
/// ("More than 40") are not names.
fn named_after_capital(fw: &FigureWords, before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    let Some(prev) = words
        .next()
        .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()))
    else {
        return false;
    };
    let starts_sentence = match words.next() {
        None => true,
        Some(w) => w.ends_with(['.', '!', '?', ':', '"', '\u{201d}']),
    };
    // a call sign or an acronym names even at the start ("KNWX 9 Staff")
    let acronym = prev.len() >= 3 && prev.chars().all(|c| c.is_ascii_uppercase());
    acronym
        || !starts_sentence
            && prev.starts_with(|c: char| c.is_uppercase())
            && prev.chars().all(char::is_alphabetic)
            && !fw.month.contains(prev)
            && !fw.capital_bound.contains(&prev.to_lowercase())
}

/// The currency of an amount: a sign before it ("$4 million", "€200 million", "£3 million") or
/// a word after it ("200 million euros").
fn currency_of<'w>(
    words: &'w FigureWords,
    raw: &str,
    before: &str,
    after: &str,
) -> Option<&'w str> {
    let sign = |c: char| raw.starts_with(c) || before.ends_with(c);
    if sign('$') {
        return Some("USD");
    }
    if sign('\u{20ac}') {
        return Some("EUR");
    }
    if sign('\u{a3}') {
        return Some("GBP");
    }
    let word = after
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    words.currency.get(&word).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSource;

    fn find(s: &str, offset: usize) -> Vec<Figure> {
        use std::sync::OnceLock;
        static WORDS: OnceLock<FigureWords> = OnceLock::new();
        let words = WORDS.get_or_init(|| FigureWords::load(&DataSource::Embedded).expect("loads"));
        super::find(words, s, offset)
    }

    fn values(s: &str) -> Vec<(f64, Option<String>, Option<String>)> {
        find(s, 0)
            .into_iter()
            .map(|f| (f.value, f.unit, f.bound))
            .collect()
    }

    #[test]
    fn counts_amounts_and_bounds() {
        assert_eq!(
            values("The sheriff booked 1,204 inmates last year."),
            [(1204.0, None, None)]
        );
        assert_eq!(
            values("The state lost $12.5 million in transit aid."),
            [(12_500_000.0, Some("USD".into()), None)]
        );
        assert_eq!(
            values("At least 300 requests were ignored."),
            [(300.0, None, Some("at least".into()))]
        );
        assert_eq!(
            values("The EPA sent three warning letters."),
            [(3.0, None, None)]
        );
    }

    #[test]
    fn bounds_ranges_and_pairs() {
        assert_eq!(
            values("At least 4,000 detainers were declined."),
            [(4000.0, None, Some("at least".to_owned()))]
        );
        assert_eq!(
            values("The county jailed more than 60 people."),
            [(60.0, None, Some("more than".to_owned()))]
        );
        assert_eq!(
            values("ICE lodged 1,526 detainer requests, up from just 80 the year before."),
            [(1526.0, None, None), (80.0, None, None)]
        );
        assert_eq!(
            values("The city got $4.3 million in Byrne grant money."),
            [(4_300_000.0, Some("USD".into()), None)]
        );
        assert_eq!(
            values("The fourth subpoena asks for records."),
            Vec::<(f64, Option<String>, Option<String>)>::new()
        );
    }

    #[test]
    fn tallies_percentages_and_hyphenated_counts() {
        assert_eq!(
            values("The council voted 9-4 to approve a 500-bed shelter."),
            [(9.0, None, None), (4.0, None, None), (500.0, None, None)]
        );
        let what = |s: &str| find(s, 0).into_iter().map(|f| f.what).collect::<Vec<_>>();
        assert_eq!(what("a nine-member board"), ["member board"]);
        assert_eq!(
            what("The court sat as a three-judge panel."),
            ["judge panel"]
        );
        // durations, ages, fractions, codes and ordinals after a hyphen are not counts
        assert!(values(
            "A 10-year plan, a 34-year-old officer, a two-thirds majority, Ordinance 11-O-73, \
             a 12-State suit and a 5-to-4 split."
        )
        .is_empty());
        assert_eq!(
            values("Fifteen towns and forty counties."),
            [(15.0, None, None), (40.0, None, None)]
        );
        assert_eq!(values("A 7-0 vote."), [(7.0, None, None)]);
        assert_eq!(values("a 30 percent cut"), [(30.0, None, None)]);
        assert!(values("Under Section 1983 and the 287(g) program, 14 comments.").is_empty());
    }

    #[test]
    fn page_furniture_and_notation_are_not_counts() {
        for s in [
            "By Lee Park Published 6:41 AM EST | Updated 9:02 AM EST",
            "WATCH: Crowds gather at the capitol (3:27)",
            "Offer ends 8/15. Call 312-555-0147 for details.",
            "COMMENTS (56) Sign in to join the conversation",
            "($1 = 0.92 euros)",
            "Weather Alerts: 2",
            "Staff of KTVB 7 contributed. Watch Channel 4 tonight.",
            "MOST READ 1. Bridge repairs begin 2. Schools close early",
        ] {
            assert!(values(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn currencies_other_than_the_dollar() {
        let unit = |s: &str| {
            find(s, 0)
                .into_iter()
                .map(|f| (f.value, f.unit))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            unit("Brussels froze 6 billion euros in funds."),
            [(6e9, Some("EUR".into()))]
        );
        assert_eq!(
            unit("The fine of \u{20ac}300 million stands."),
            [(3e8, Some("EUR".into()))]
        );
        assert_eq!(
            unit("The council lost \u{a3}12 million."),
            [(1.2e7, Some("GBP".into()))]
        );
    }

    #[test]
    fn years_ages_dates_and_durations_are_not_counts() {
        assert!(values(
            "In 2019, Maria Lopez, 34, moved on March 3 after 6 weeks and a 10-year stint."
        )
        .is_empty());
        for s in [
            "Two days after the vote, the mayor resigned.",
            "The program ran for four years before the cuts.",
            "The agency was created seven decades ago.",
            "The three men met in Ottawa; these two states disagreed.",
        ] {
            assert!(values(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn terms_and_deadlines_are_figures() {
        assert_eq!(
            values("The judge gave the city 30 days to respond."),
            [(30.0, None, None)]
        );
        assert_eq!(
            values("Each family would get $400 a month for 12 months."),
            [(400.0, Some("USD".into()), None), (12.0, None, None)]
        );
        assert_eq!(
            values("A waiver lasts at most three years."),
            [(3.0, None, None)]
        );
        assert_eq!(
            values("Workers must log 20 hours a week."),
            [(20.0, None, None)]
        );
    }
}
