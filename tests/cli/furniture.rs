//! Page furniture yields nothing: no entity mention, relation evidence, quote or figure of the
//! seeds lies on a line of menus, advertisements, comment sections, related-link headlines,
//! credits or licensing text. The furniture lines are listed here by hand, from reading the
//! pages, independently of the extractor's own furniture rules.

use crate::common::{ok, root};

/// (seed, furniture lines, 1-based, inclusive ranges).
const FURNITURE: &[(&str, &[(usize, usize)])] = &[
    // search box; wire credit, "One Response" comment section, reply form, popular posts
    ("002_2da944d1c626d1ab", &[(1, 2), (43, 57)]),
    // breadcrumb menu, university advertisement, licensing line, advertisement form
    ("003_1cfba3c18d4a3061", &[(1, 1), (5, 5), (30, 56)]),
    // related-link headlines in capitals, app advertisement, "Load more"
    (
        "004_046fb153b088df1c",
        &[(9, 9), (19, 19), (27, 27), (45, 45), (51, 51)],
    ),
];

fn line_of(text: &[char], offset: usize) -> usize {
    1 + text[..offset.min(text.len())]
        .iter()
        .filter(|&&c| c == '\n')
        .count()
}

#[test]
fn nothing_comes_from_furniture() {
    for (seed, ranges) in FURNITURE {
        let path = root().join("seeds").join(format!("{seed}.txt"));
        let text: Vec<char> = std::fs::read_to_string(&path).unwrap().chars().collect();
        let out = ok(&["extract", path.to_str().unwrap()]);
        let d: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        let in_furniture = |start: u64| {
            let line = line_of(&text, start as usize);
            ranges.iter().any(|&(a, b)| a <= line && line <= b)
        };
        let mut found = Vec::new();
        for e in d["entities"].as_array().unwrap() {
            for m in e["mentions"].as_array().unwrap() {
                if in_furniture(m["start"].as_u64().unwrap()) {
                    found.push(format!("entity {} ({})", e["id"], m["text"]));
                }
            }
        }
        for r in d["relations"].as_array().unwrap() {
            if in_furniture(r["evidence"]["start"].as_u64().unwrap()) {
                found.push(format!("relation {}", r["evidence"]["text"]));
            }
        }
        for key in ["quotes", "quantities"] {
            for q in d[key].as_array().unwrap() {
                if in_furniture(q["start"].as_u64().unwrap()) {
                    found.push(format!("{key}: {q}"));
                }
            }
        }
        assert!(found.is_empty(), "{seed}: from furniture: {found:#?}");
    }
}
