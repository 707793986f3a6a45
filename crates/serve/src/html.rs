//! HTML building blocks: escaping, the page frame, highlighting a name in a sentence.

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a path segment or query value.
pub fn url(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

const STYLE: &str = "body{font-family:system-ui,Helvetica,Arial,sans-serif;margin:0;color:#222;line-height:1.45}\
header{background:#1f3b5a;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}\
header a{color:#fff;text-decoration:none}header form{margin-left:auto}\
main{padding:1em 1.5em;max-width:72em}h1{margin:.2em 0 .1em}h2{margin-top:1.4em;border-bottom:1px solid #ddd}\
.type{color:#666;font-size:.9em}mark{background:#ffe08a;padding:0 .1em}\
table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #eee;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f4f6f8}.neg{color:#a00}.mod{color:#885}.sentence{color:#333}.muted{color:#777}\
input[type=search]{padding:.35em;width:18em}textarea{width:100%;font-family:monospace}\
svg{max-width:100%;height:auto}.text{white-space:pre-wrap}.mention{text-decoration:underline dotted #557}\
@media(min-width:80em){.doc{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2em}}";

/// A whole page: header with search, the title, the body.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} · newsgraph</title><style>{STYLE}</style></head><body>\
         <header><a href=\"/\"><strong>newsgraph</strong></a><a href=\"/stats\">Statistics</a>\
         <a href=\"/query\">Query</a><a href=\"/sparql\">SPARQL endpoint</a>\
         <form action=\"/search\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" placeholder=\"Search people, agencies, places\" aria-label=\"Search\" list=\"suggestions\" id=\"q\">\
         <datalist id=\"suggestions\"></datalist></form></header>\
         <main>{body}</main>{SUGGEST}</body></html>\n",
        t = esc(title)
    )
}

/// Fills the search box's suggestions as one types (the search works without it).
const SUGGEST: &str = "<script>\
(function(){var q=document.getElementById('q'),l=document.getElementById('suggestions'),t;\
if(!q||!window.fetch)return;q.addEventListener('input',function(){clearTimeout(t);var v=q.value;\
if(v.length<2)return;t=setTimeout(function(){fetch('/suggest?q='+encodeURIComponent(v)).then(function(r){return r.json()})\
.then(function(xs){l.innerHTML='';xs.forEach(function(x){var o=document.createElement('option');o.value=x.label;\
o.label=x.type;l.appendChild(o)})}).catch(function(){})},150)})})();</script>";

/// The sentence with every occurrence of the names marked (longest names first, case
/// insensitive for ASCII), escaped.
pub fn highlight(sentence: &str, names: &[String]) -> String {
    let lower = sentence.to_ascii_lowercase();
    let mut marks = vec![false; sentence.len()];
    let mut names: Vec<&String> = names.iter().filter(|n| n.len() >= 2).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for n in names {
        let n = n.to_ascii_lowercase();
        let mut from = 0;
        while let Some(i) = lower[from..].find(&n) {
            let (a, b) = (from + i, from + i + n.len());
            for m in &mut marks[a..b] {
                *m = true;
            }
            from = b;
        }
    }
    let mut out = String::new();
    let mut open = false;
    for (i, c) in sentence.char_indices() {
        if marks[i] && !open {
            out.push_str("<mark>");
            open = true;
        } else if !marks[i] && open {
            out.push_str("</mark>");
            open = false;
        }
        out.push_str(&esc(c.encode_utf8(&mut [0; 4])));
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

/// A document's text with the evidence spans of its facts marked (`<mark>`) and its
/// mentions underlined, escaped; spans are `[start, end)` in characters (Unicode scalar
/// values), as the `#char=` fragments of the store count them. Each run of characters in one
/// state is closed before the next opens, so overlapping spans nest correctly.
pub fn marked_text(text: &str, evidence: &[(usize, usize)], mentions: &[(usize, usize)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut state = vec![0u8; chars.len()];
    for (spans, bit) in [(evidence, 1u8), (mentions, 2u8)] {
        for &(a, b) in spans {
            for s in state.iter_mut().take(b.min(chars.len())).skip(a) {
                *s |= bit;
            }
        }
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let j = (i..chars.len())
            .find(|&j| state[j] != state[i])
            .unwrap_or(chars.len());
        let run: String = chars[i..j].iter().collect();
        let (open, close) = match state[i] {
            1 => ("<mark>", "</mark>"),
            2 => ("<span class=\"mention\">", "</span>"),
            3 => ("<mark><span class=\"mention\">", "</span></mark>"),
            _ => ("", ""),
        };
        out.push_str(open);
        out.push_str(&esc(&run));
        out.push_str(close);
        i = j;
    }
    out
}

/// The `[start, end)` of a span IRI's `#char=start,end` fragment.
pub fn char_span(iri: &str) -> Option<(usize, usize)> {
    let (a, b) = iri.rsplit_once("#char=")?.1.split_once(',')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_and_mentions_are_marked_by_character_offsets() {
        let text = "Zürich: ICE sued <NYC>.";
        let got = marked_text(text, &[(8, 23)], &[(8, 11), (17, 22)]);
        assert_eq!(
            got,
            "Zürich: <mark><span class=\"mention\">ICE</span></mark><mark> sued </mark>\
             <mark><span class=\"mention\">&lt;NYC&gt;</span></mark><mark>.</mark>"
        );
        assert_eq!(char_span("https://x/doc/a#char=8,23"), Some((8, 23)));
        assert_eq!(char_span("https://x/doc/a"), None);
    }

    #[test]
    fn names_are_marked_and_text_escaped() {
        let h = highlight("ICE & the city <b>", &["ice".into(), "City".into()]);
        assert_eq!(h, "<mark>ICE</mark> &amp; the <mark>city</mark> &lt;b&gt;");
        assert_eq!(
            highlight("Zürich & ICE", &["ICE".into()]),
            "Zürich &amp; <mark>ICE</mark>"
        );
    }
}
