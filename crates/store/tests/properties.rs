//! Property tests (issue 14): the quads of any extraction, from any document id, metadata and
//! text, are valid RDF: written as N-Quads and parsed back by Oxigraph they are the same
//! quads. `PROPTEST_CASES` raises the case count (`tools/fuzz.sh`).
#![allow(clippy::unwrap_used, missing_docs)]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use newsgraph_extract::Extractor;
use newsgraph_model::{DocMeta, Document};
use newsgraph_store::rdf::{quads, Iris};
use oxigraph::io::{RdfFormat, RdfParser};
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

#[rustfmt::skip]
const PIECES: &[&str] = &[
    "The", "Department", "of", "Justice", "EPA", "Gov.", "Jane", "Okafor", "Texas", "Ohio",
    "County", "Council", "sued", "fined", "said", "approved", "did", "not", "against", "\"",
    "\u{201c}", "\u{201d}", ",", ".", "$", "1.5", "million", "%", "on", "Monday", "2021", "\n\n",
    "é", "日本", "\u{1F600}", "<", ">", "\\", "#", "%20", " ",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|p| p.join(" "))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), soup()]
}

fn meta() -> impl Strategy<Value = DocMeta> {
    (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(prop_oneof![
            text(),
            Just("2021-02-29".to_owned()),
            Just("2020-13-45".to_owned()),
            Just("2021-03-04".to_owned())
        ]),
        prop::option::of(text()),
    )
        .prop_map(|(url, title, date, author)| DocMeta {
            url,
            title,
            date,
            author,
            ..DocMeta::default()
        })
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn quads_round_trip_through_n_quads(id in text(), body in text(), meta in meta()) {
        let doc = Document { id, text: body, meta };
        let x = extractor().extract(&doc);
        let written: Vec<_> = quads(&x, &Iris::default());
        let mut nq = String::new();
        for q in &written {
            nq.push_str(&format!("{q} .\n"));
        }
        let parsed: Result<BTreeSet<String>, _> = RdfParser::from_format(RdfFormat::NQuads)
            .for_reader(nq.as_bytes())
            .map(|q| q.map(|q| q.to_string()))
            .collect();
        prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), nq);
        let written: BTreeSet<String> = written.iter().map(ToString::to_string).collect();
        prop_assert_eq!(parsed.unwrap(), written);
    }
}
