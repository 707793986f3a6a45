//! `newsgraph extract`: the JSON shape of SPEC §4 and the RDF formats, on the seeds.

use oxigraph::io::{RdfFormat, RdfParser};

use crate::common::{ok, run_with};

#[test]
fn jsonl_has_the_shape_of_the_spec() {
    let out = ok(&["extract", "seeds/001_72e29b7a571df496.txt"]);
    let d: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(d["doc"], "001_72e29b7a571df496");
    let text =
        std::fs::read_to_string(crate::common::root().join("seeds/001_72e29b7a571df496.txt"))
            .unwrap();
    let chars: Vec<char> = text.chars().collect();
    for e in d["entities"].as_array().unwrap() {
        for key in ["id", "label", "type", "mentions"] {
            assert!(e.get(key).is_some(), "entity without {key}: {e}");
        }
        // offsets are character offsets into the text
        for m in e["mentions"].as_array().unwrap() {
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let span: String = chars[s..t].iter().collect();
            assert_eq!(span, m["text"].as_str().unwrap());
        }
    }
    let rels = d["relations"].as_array().unwrap();
    assert!(!rels.is_empty());
    for r in rels {
        for key in [
            "subject",
            "predicate",
            "object",
            "evidence",
            "polarity",
            "modality",
            "confidence",
            "rule",
        ] {
            assert!(r.get(key).is_some(), "relation without {key}: {r}");
        }
        let ev = &r["evidence"];
        let (s, t) = (
            ev["start"].as_u64().unwrap() as usize,
            ev["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..t].iter().collect::<String>(),
            ev["text"].as_str().unwrap()
        );
    }
    assert!(d["quotes"].is_array() && d["quantities"].is_array());
}

#[test]
fn nquads_and_turtle_parse() {
    for (format, rdf) in [("nquads", RdfFormat::NQuads), ("turtle", RdfFormat::Turtle)] {
        let out = ok(&[
            "extract",
            "--format",
            format,
            "seeds/000_ba0e48ad7052aa1f.txt",
        ]);
        let n = RdfParser::from_format(rdf)
            .for_reader(out.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .len();
        assert!(n > 100, "{format}: {n} statements");
    }
}

#[test]
fn extract_is_a_filter_and_deterministic() {
    let text = std::fs::read(crate::common::root().join("seeds/003_1cfba3c18d4a3061.txt")).unwrap();
    let a = run_with(&["extract", "-"], Some(&text));
    let b = run_with(&["extract", "-"], Some(&text));
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    assert!(a.stderr.is_empty(), "{}", a.stderr);
}
