//! Counts and amounts: "ICE has arrested 112 criminal aliens", "$4.3 million in grant money",
//! "at least 4,000 detainers", "four subpoenas", with bounds and currency, and the entity
//! they are about (the subject of their clause).

use regex::Regex;

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
}

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("dozen", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundreds", 100.0),
];
const TIME_UNITS: &[&str] = &[
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute",
    "minutes", "a.m.", "p.m.",
];
/// Words before a number that make it part of a name ("Section 1983", "Title 42").
const NAME_BEFORE: &[&str] = &[
    "section",
    "sec.",
    "§",
    "title",
    "article",
    "chapter",
    "rule",
    "no.",
    "number",
    "route",
    "highway",
    "interstate",
    "district",
    "ward",
    "precinct",
    "room",
    "suite",
    "#",
    // bills, ballot measures and orders ("Senate Bill 4", "SB 1070", "Proposition 187")
    "bill",
    "sb",
    "hb",
    "ab",
    "proposition",
    "prop.",
    "prop",
    "amendment",
    "resolution",
    "question",
    "docket",
    "channel",
];
/// Counts of page furniture, not of the story ("42 likes", "14 comments").
const FURNITURE_WHAT: &[&str] = &[
    "likes",
    "comments",
    "shares",
    "views",
    "replies",
    "retweets",
    "reposts",
    "followers",
    "reactions",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
];
const STOP_WHAT: &[&str] = &[
    "of", "in", "to", "and", "who", "that", "which", "with", "from", "for", "on", "at", "by",
    "were", "was", "had", "have", "are", "is", "the",
];

/// Finds the figures of a sentence.
pub fn find(sentence: &str, offset: usize) -> Vec<Figure> {
    let re = number_regex();
    let mut out = Vec::new();
    // the groups are read off the match, not found by the slower capturing engines: a match
    // is an optional space or parenthesis, the number (no space in it), then optionally
    // spaces and the scale word
    for whole in re.find_iter(sentence) {
        let w = whole.as_str();
        let lead = w
            .chars()
            .next()
            .filter(|&c| c.is_whitespace() || c == '(')
            .map_or(0, char::len_utf8);
        let (raw, scale) = match w[lead..].find(char::is_whitespace) {
            Some(i) => (&w[lead..lead + i], Some(w[lead + i..].trim_start())),
            None => (&w[lead..], None),
        };
        let before = &sentence[..whole.start()];
        let after = &sentence[whole.end()..];
        let mut value = if let Some(&(_, v)) = NUMBER_WORDS
            .iter()
            .find(|(w, _)| raw.eq_ignore_ascii_case(w))
        {
            v
        } else {
            match raw.trim_start_matches('$').replace(',', "").parse::<f64>() {
                Ok(v) => v,
                Err(_) => continue,
            }
        };
        let currency = raw.starts_with('$') || before.ends_with('$');
        // years, ages, dates, times and hyphenated adjectives are not counts
        let is_year =
            !currency && !raw.contains(',') && (1900.0..2100.0).contains(&value) && raw.len() == 4;
        // "a 1,000-bed center", "a 10-year plan": adjectives, not counts; "68-47": a tally
        let tally = after.strip_prefix('-').and_then(|a| {
            let d: String = a.chars().take_while(char::is_ascii_digit).collect();
            d.parse::<f64>()
                .ok()
                .filter(|_| !a[d.len()..].starts_with(|c: char| c.is_alphanumeric()))
        });
        let hyphen = after.starts_with('-') && tally.is_none();
        let prev_lower = before
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_lowercase();
        let named = NAME_BEFORE.contains(&prev_lower.as_str())
            || before.ends_with('#')
            || after.starts_with('(') && after[1..].starts_with(|c: char| c.is_ascii_lowercase());
        let prev_word = before.split_whitespace().last().unwrap_or("");
        let date = MONTHS.contains(&prev_word)
            || after
                .split_whitespace()
                .next()
                .is_some_and(|w| MONTHS.contains(&w));
        let age = before.trim_end().ends_with(',') && after.trim_start().starts_with(',');
        let next_word = after
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        if is_year
            || hyphen
            || named
            || date
            || age
            || TIME_UNITS.contains(&next_word.to_lowercase().as_str())
            || raw.contains('-')
        {
            continue;
        }
        if let Some(scale) = scale {
            value *= match scale.to_lowercase().as_str() {
                "thousand" => 1e3,
                "million" => 1e6,
                "billion" => 1e9,
                "trillion" => 1e12,
                _ => 1.0,
            };
        }
        if NUMBER_WORDS
            .iter()
            .any(|(w, _)| raw.eq_ignore_ascii_case(w))
            && !next_word
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '"')
        {
            continue;
        }
        // the bounds are short and ASCII: the last words before the figure are enough
        let tail = before.trim_end();
        let cut = tail.char_indices().rev().nth(15).map_or(0, |(i, _)| i);
        let lower = tail[cut..].to_lowercase();
        let bound = [
            "at least",
            "more than",
            "up to",
            "about",
            "nearly",
            "almost",
            "over",
            "fewer than",
            "less than",
            "roughly",
            "some",
        ]
        .iter()
        .find(|b| lower.trim_end().ends_with(*b))
        .map(|b| (*b).to_owned());
        // "voted 68-47": both sides of a tally
        let after = match tally {
            Some(_) => after.trim_start_matches(|c: char| c == '-' || c.is_ascii_digit()),
            None => after,
        };
        let what: Vec<&str> = after
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| c == '"' || c == ',' || c == '.' || c == ';'))
            .take_while(|w| {
                !w.is_empty()
                    && !STOP_WHAT.contains(w)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            })
            .take(5)
            .collect();
        if what
            .first()
            .is_some_and(|w| FURNITURE_WHAT.contains(&w.to_lowercase().as_str()))
        {
            continue;
        }
        out.push(Figure {
            start: offset + whole.start(),
            end: offset + whole.end(),
            value,
            unit: currency.then(|| "USD".to_owned()),
            bound: bound.clone(),
            what: what.join(" "),
        });
        if let Some(other) = tally.filter(|v| *v > 0.0) {
            // the second number's own span, after the hyphen
            let len = sentence[whole.end() + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            out.push(Figure {
                start: offset + whole.end() + 1,
                end: offset + whole.end() + 1 + len,
                value: other,
                unit: None,
                bound,
                what: what.join(" "),
            });
        }
    }
    out
}

fn number_regex() -> &'static Regex {
    use std::sync::OnceLock;
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[\s(])(?P<num>\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?")
            .expect("the number pattern is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
            [(9.0, None, None), (4.0, None, None)]
        );
        assert_eq!(
            values("Fifteen towns and forty counties."),
            [(15.0, None, None), (40.0, None, None)]
        );
        assert_eq!(values("A 7-0 vote."), [(7.0, None, None)]);
        assert_eq!(values("a 30 percent cut"), [(30.0, None, None)]);
        assert!(values("Under Section 1983 and the 287(g) program, 14 comments.").is_empty());
    }

    #[test]
    fn years_ages_dates_and_durations_are_not_counts() {
        assert!(values(
            "In 2019, Maria Lopez, 34, moved on March 3 after 6 weeks and a 10-year stint."
        )
        .is_empty());
    }
}
