//! Dates of events: absolute ("Jan. 10", "February 13, 2020", "in September 2019", "in 2017")
//! and relative to the publication date ("Wednesday", "last month", "yesterday"). A date that
//! cannot be resolved keeps its words only; none is invented.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

/// A resolved date: the value (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), the words, and the basis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` when the words could not be resolved.
    pub value: Option<String>,
    /// The words the date was read from.
    pub text: String,
    /// explicit, relative-to-publication or publication-date.
    pub basis: &'static str,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan.", 1),
    ("february", 2),
    ("feb.", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("aug.", 8),
    ("september", 9),
    ("sept.", 9),
    ("sep.", 9),
    ("october", 10),
    ("oct.", 10),
    ("november", 11),
    ("nov.", 11),
    ("december", 12),
    ("dec.", 12),
];

fn month(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == s).map(|&(_, n)| n)
}

fn regex() -> &'static Regex {
    use std::sync::OnceLock;
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?x)
            \b(?P<md>(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{4}))?)\b
          | \b(?:in\s+)?(?P<my>(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<y2>\d{4}))\b
          | \b(?P<wd>(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b
          | \b(?P<rel>last\s+(?:week|month|year)|this\s+(?:week|month|year)|yesterday|today|the\s+year\s+before|a\s+year\s+ago)\b
          | \bin\s+(?P<y3>(?:19|20)\d{2})\b
        ").expect("the date pattern is valid")
    })
}

/// Parses a publication date `YYYY-MM-DD`.
pub fn parse_doc_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// The first date expression of `sentence`, resolved against the publication date.
pub fn find(sentence: &str, published: Option<NaiveDate>) -> Option<EventDate> {
    let c = regex().captures(sentence)?;
    let text = c.get(0)?.as_str().to_owned();
    if let Some(md) = c.name("md") {
        let m = month(md.as_str().split_whitespace().next()?)?;
        let d: u32 = c.name("day")?.as_str().parse().ok()?;
        let year = match c.name("y1") {
            Some(y) => Some(y.as_str().parse().ok()?),
            // no year: the most recent such day on or before publication
            None => published.map(|p| {
                if (m, d) > (p.month(), p.day()) {
                    p.year() - 1
                } else {
                    p.year()
                }
            }),
        };
        let value = year
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .map(|d| d.format("%Y-%m-%d").to_string());
        let basis = if c.name("y1").is_some() {
            "explicit"
        } else {
            "relative-to-publication"
        };
        return Some(EventDate { value, text, basis });
    }
    if c.name("my").is_some() {
        let m = month(c.name("my")?.as_str().split_whitespace().next()?)?;
        return Some(EventDate {
            value: Some(format!("{}-{:02}", c.name("y2")?.as_str(), m)),
            text,
            basis: "explicit",
        });
    }
    if let Some(y) = c.name("y3") {
        return Some(EventDate {
            value: Some(y.as_str().to_owned()),
            text,
            basis: "explicit",
        });
    }
    if let Some(wd) = c.name("wd") {
        let name = wd.as_str().trim_start_matches("on").trim();
        let target: Weekday = name.parse().ok()?;
        let value = published.map(|p| {
            let back = (7 + p.weekday().num_days_from_monday() as i64
                - target.num_days_from_monday() as i64)
                % 7;
            (p - Duration::days(back)).format("%Y-%m-%d").to_string()
        });
        return Some(EventDate {
            value,
            text,
            basis: "relative-to-publication",
        });
    }
    if let Some(rel) = c.name("rel") {
        let r = rel.as_str().to_lowercase();
        let value = published.and_then(|p| {
            let prev_month = if p.month() == 1 {
                (p.year() - 1, 12)
            } else {
                (p.year(), p.month() - 1)
            };
            Some(
                match r.split_whitespace().collect::<Vec<_>>().join(" ").as_str() {
                    "last month" => format!("{}-{:02}", prev_month.0, prev_month.1),
                    "this month" => format!("{}-{:02}", p.year(), p.month()),
                    "last year" | "the year before" | "a year ago" => format!("{}", p.year() - 1),
                    "this year" => format!("{}", p.year()),
                    "yesterday" => (p - Duration::days(1)).format("%Y-%m-%d").to_string(),
                    "today" => p.format("%Y-%m-%d").to_string(),
                    w @ ("last week" | "this week") => {
                        // a week is a span: its month when it lies in one, else its year
                        let monday = p
                            - Duration::days(p.weekday().num_days_from_monday() as i64)
                            - Duration::days(if w == "last week" { 7 } else { 0 });
                        let sunday = monday + Duration::days(6);
                        if (monday.year(), monday.month()) == (sunday.year(), sunday.month()) {
                            format!("{}-{:02}", monday.year(), monday.month())
                        } else if monday.year() == sunday.year() {
                            format!("{}", monday.year())
                        } else {
                            return None;
                        }
                    }
                    _ => return None,
                },
            )
        });
        return Some(EventDate {
            value,
            text,
            basis: "relative-to-publication",
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, pubdate: &str) -> Option<String> {
        find(s, parse_doc_date(pubdate)).and_then(|d| d.value)
    }

    #[test]
    fn weekdays_and_months_resolve_against_publication() {
        // 2018-04-25 is a Wednesday
        assert_eq!(
            at("The mayor wrote Wednesday.", "2018-04-25").as_deref(),
            Some("2018-04-25")
        );
        assert_eq!(
            at("The county sued on Friday.", "2018-04-25").as_deref(),
            Some("2018-04-20")
        );
        assert_eq!(
            at("The state sued last month.", "2018-01-10").as_deref(),
            Some("2017-12")
        );
        assert_eq!(
            at("He was arrested Jan. 10 in Reno.", "2020-02-01").as_deref(),
            Some("2020-01-10")
        );
        assert_eq!(
            at("It was filed on December 3.", "2020-02-01").as_deref(),
            Some("2019-12-03")
        );
    }

    #[test]
    fn relative_periods_and_days() {
        // 2021-06-16 is a Wednesday
        let cases = [
            ("The agency acted last week.", "2021-06"),
            ("The governor signed it this month.", "2021-06"),
            ("The city sued yesterday.", "2021-06-15"),
            ("The sheriff refused today.", "2021-06-16"),
            ("ICE filed 80 requests the year before.", "2020"),
            ("The EPA wrote to the state last year.", "2020"),
            ("The council voted on Monday.", "2021-06-14"),
            ("The suit was filed February 13.", "2021-02-13"),
        ];
        for (sentence, want) in cases {
            assert_eq!(
                at(sentence, "2021-06-16").as_deref(),
                Some(want),
                "{sentence}"
            );
        }
    }

    #[test]
    fn explicit_dates_need_no_publication_date() {
        assert_eq!(
            at("It began in September 2019.", "").as_deref(),
            Some("2019-09")
        );
        assert_eq!(
            at("The NYPD got requests in 2017.", "").as_deref(),
            Some("2017")
        );
        assert_eq!(at("The board met Tuesday.", ""), None);
        assert_eq!(
            find("The board met Tuesday.", None).map(|d| d.text),
            Some("Tuesday".to_owned())
        );
    }
}
