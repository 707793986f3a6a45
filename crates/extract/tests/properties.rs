//! Property tests (issue 14): arbitrary bytes and news-like token soup through the input
//! readers, HTML cleaning, header parsing, sentence splitting and the whole extractor. Nothing
//! may panic, every span must lie on character boundaries inside its text, and the output must
//! survive a JSON round trip. `PROPTEST_CASES` raises the case count (`tools/fuzz.sh`).
#![allow(clippy::unwrap_used, missing_docs)]

use std::sync::OnceLock;

use newsgraph_extract::input::{from_bytes, split_header};
use newsgraph_extract::text::Text;
use newsgraph_extract::{html, Extractor};
use newsgraph_model::{DocMeta, Document, Extraction};
use proptest::prelude::*;

/// The case count: `PROPTEST_CASES` when set, else `default` (small, so `cargo test` is fast).
/// The random seed: `NEWSGRAPH_PROPTEST_SEED` (a number, or `random`); unset, a fixed seed, so
/// that `cargo test` and CI see the same cases on every run and a failure there is never luck.
/// `tools/fuzz.sh` sets a fresh seed each round and prints it.
fn config(default: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = default;
    }
    c.rng_seed = match std::env::var("NEWSGRAPH_PROPTEST_SEED").as_deref() {
        Ok("random") => proptest::test_runner::RngSeed::Random,
        Ok(n) => proptest::test_runner::RngSeed::Fixed(
            n.parse()
                .expect("NEWSGRAPH_PROPTEST_SEED: a number or `random`"),
        ),
        Err(_) => proptest::test_runner::RngSeed::Fixed(0),
    };
    c
}

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new().unwrap())
}

/// Pieces of news text and of the markup around it: names, titles, verbs that make
/// relations, quotes of both kinds, figures, dates, abbreviations, entities, header keys,
/// multi-byte characters and stray markup.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "The", "the", "Department", "of", "Justice", "Environmental", "Protection", "Agency", "EPA",
    "Gov.", "Sen.", "Mr.", "Dr.", "Mayor", "Governor", "Attorney", "General", "Jane", "Okafor",
    "Li", "Wei", "Texas", "Ohio", "New", "York", "Washington", "City", "Council", "County",
    "sued", "sues", "fined", "said", "told", "announced", "approved", "rejected", "signed",
    "did", "not", "will", "may", "against", "over", "with", "and", "or", "its", "their", "'s",
    "\"", "'", "\u{201c}", "\u{201d}", "\u{2019}", ",", ".", ";", ":", "?", "!", "(", ")",
    "\u{2014}", "-", "$", "1.5", "12", "300", "million", "billion", "%", "percent", "jobs",
    "on", "Monday", "Jan.", "5,", "2021", "2020-13-45", "last", "year", "according", "to",
    "\n", "\n\n", "\r\n", "\t", " ", "title:", "date:", "url:", "\u{feff}", "&", "&amp;", "&#x",
    "&#9999999;", "&nbsp;", "<p>", "</p>", "<title>", "</title>", "<script>", "<!--", "-->",
    "<", ">", "é", "ü", "日本", "\u{1F600}", "\u{0301}", "\u{200b}", "{", "}", "[", "]",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(PIECES), prop::bool::weighted(0.7)),
        0..160,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (p, space) in parts {
            s.push_str(p);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

/// Arbitrary text: any characters, or news-like soup.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), soup()]
}

/// The characters `start..end` of `text`, when that range lies inside it.
fn chars(text: &str, start: usize, end: usize) -> Option<String> {
    (start <= end && end <= text.chars().count())
        .then(|| text.chars().skip(start).take(end - start).collect())
}

/// Every span of `x` lies inside `text` and, where it carries its text, is that text.
fn check_spans(x: &Extraction, text: &str) -> Result<(), TestCaseError> {
    for e in &x.entities {
        for m in &e.mentions {
            let got = chars(text, m.start, m.end);
            prop_assert!(got.is_some(), "mention {m:?} outside the text");
            prop_assert_eq!(got.unwrap(), m.text.clone(), "mention {:?}", m);
        }
    }
    for r in &x.relations {
        let ev = &r.evidence;
        prop_assert!(
            chars(text, ev.start, ev.end).is_some(),
            "evidence {ev:?} outside the text"
        );
    }
    for q in &x.quotes {
        prop_assert!(chars(text, q.start, q.end).is_some(), "quote {q:?} outside");
    }
    for q in &x.quantities {
        prop_assert!(
            chars(text, q.start, q.end).is_some(),
            "figure {q:?} outside"
        );
    }
    Ok(())
}

fn round_trips_through_json(x: &Extraction) -> Result<(), TestCaseError> {
    let json = serde_json::to_string(x).unwrap();
    let back: Extraction = serde_json::from_str(&json).unwrap();
    prop_assert_eq!(&back, x);
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn readers_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600),
                              hint in prop::sample::select(&["a.txt", "a.html", "a.jsonl", "stdin"][..])) {
        for d in from_bytes("x", hint, &bytes).into_iter().flatten() {
            prop_assert!(!d.text.trim().is_empty());
        }
    }

    #[test]
    fn readers_take_any_text(s in text(),
                             hint in prop::sample::select(&["a.txt", "a.html", "a.jsonl", "stdin"][..])) {
        for d in from_bytes("x", hint, s.as_bytes()).into_iter().flatten() {
            prop_assert!(!d.text.trim().is_empty());
        }
    }

    #[test]
    fn json_lines_take_any_fields(id in text(), body in text(), date in text()) {
        let line = serde_json::json!({"id": id, "text": body, "date": date}).to_string();
        let out = from_bytes("x.jsonl", "x.jsonl", line.as_bytes());
        prop_assert_eq!(out.len(), 1);
        if let Ok(d) = &out[0] {
            prop_assert_eq!(&d.id, &id);
            prop_assert_eq!(&d.text, &body);
        }
    }

    #[test]
    fn html_cleaning_takes_any_text(s in text()) {
        let page = html::to_text(&s);
        prop_assert!(page.text.ends_with('\n'));
    }

    #[test]
    fn the_header_leaves_a_suffix_of_the_text(s in text()) {
        let (body, _) = split_header(&s);
        prop_assert!(s.ends_with(&body));
    }

    #[test]
    fn tokens_and_sentences_lie_on_character_boundaries(s in text()) {
        let t = Text::new(&s);
        let mut last = 0;
        for tok in &t.tokens {
            prop_assert!(tok.start < tok.end && tok.start >= last && tok.end <= t.norm.len());
            prop_assert!(t.norm.is_char_boundary(tok.start) && t.norm.is_char_boundary(tok.end));
            last = tok.end;
            let (a, b) = t.char_span(tok.start, tok.end);
            prop_assert!(a <= b && b <= s.chars().count());
        }
        for sent in &t.sentences {
            prop_assert!(sent.first <= sent.last && sent.last <= t.tokens.len());
            prop_assert!(sent.start <= sent.end && sent.end <= t.norm.len());
            prop_assert!(t.norm.is_char_boundary(sent.start) && t.norm.is_char_boundary(sent.end));
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn the_extractor_takes_any_text(s in text()) {
        let doc = Document { id: "p".to_owned(), text: s.clone(), meta: DocMeta::default() };
        let x = extractor().extract(&doc);
        check_spans(&x, &s)?;
        round_trips_through_json(&x)?;
    }

    #[test]
    fn the_extractor_takes_any_file(s in text(),
                                    hint in prop::sample::select(&["a.txt", "a.html", "stdin"][..])) {
        for d in from_bytes("x", hint, s.as_bytes()).into_iter().flatten() {
            let x = extractor().extract(&d);
            check_spans(&x, &d.text)?;
            round_trips_through_json(&x)?;
        }
    }
}

/// A relation whose last mention ends the document, with no full stop after it: the
/// look-ahead for "the agency boss" once read past the last token (found by the fuzz run).
#[test]
fn a_relation_may_end_the_document() {
    for s in [
        "Parliament sued the Ministry of Finance",
        "Council sued Council Justice",
        "Senate sued Senate Treasury",
        "The county was fined by the Port Authority",
        "\"We will appeal.\" The Port Authority",
        "The City Council",
    ] {
        let doc = Document {
            id: "e".to_owned(),
            text: s.to_owned(),
            meta: DocMeta::default(),
        };
        let x = extractor().extract(&doc);
        check_spans(&x, s).unwrap();
    }
}
