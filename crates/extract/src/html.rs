//! HTML to text: tags, scripts, styles and page furniture elements (nav, header, footer,
//! aside, form) removed, block elements turned into line breaks, entities decoded.

/// The text of a page and its `<title>`.
#[derive(Debug, Default)]
pub struct Page {
    /// The text, one block per line, blocks separated by blank lines.
    pub text: String,
    /// The page title.
    pub title: Option<String>,
}

const SKIP: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "iframe",
    "button", "select", "figure",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "section",
    "article",
    "tr",
    "table",
    "main",
    "hr",
    "figcaption",
];

/// Converts an HTML page to text.
pub fn to_text(html: &str) -> Page {
    let mut out = String::with_capacity(html.len() / 2);
    let mut title = None;
    let mut skip_depth: Vec<usize> = Vec::new();
    let mut open_skips = [0usize; SKIP.len()];
    // a lower-cased copy of the page, made once: ASCII lower-casing keeps byte offsets, so a
    // `</title` found in it is at the same offset in `html`
    let lower = html.to_ascii_lowercase();
    // the offset of the next `</title` at or after the last search, or none left
    let mut next_close: Option<Option<usize>> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip_depth.is_empty() {
            out.push_str(&decode(&rest[..lt]));
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name == "title" && !closing {
            let here = html.len() - rest.len();
            let close = match next_close {
                Some(Some(at)) if at >= here => Some(at),
                Some(None) => None,
                _ => lower[here..].find("</title").map(|e| here + e),
            };
            next_close = Some(close);
            if let Some(at) = close {
                title = Some(decode(&html[here..at]).trim().to_owned());
                rest = &html[at..];
            }
            continue;
        }
        if let Some(k) = SKIP.iter().position(|s| *s == name) {
            if closing {
                // counted per name, so that stray closing tags cost nothing to look for
                if open_skips[k] > 0 {
                    while let Some(top) = skip_depth.pop() {
                        open_skips[top] -= 1;
                        if top == k {
                            break;
                        }
                    }
                }
            } else if !tag.ends_with('/') {
                skip_depth.push(k);
                open_skips[k] += 1;
            }
            continue;
        }
        if skip_depth.is_empty() && BLOCK.contains(&name.as_str()) {
            out.push_str("\n\n");
        }
    }
    if skip_depth.is_empty() {
        out.push_str(&decode(rest));
    }
    // tidy: trim lines, collapse runs of blank lines
    let mut text = String::new();
    let mut blank = 0;
    for line in out.lines() {
        let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if l.is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(&l);
    }
    text.push('\n');
    Page { text, title }
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // `;` is ASCII, so its offset is a character boundary wherever the bytes around it fall
        let window = &rest.as_bytes()[..rest.len().min(12)];
        let Some(semi) = window.iter().position(|&b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "rsquo" => Some('\u{2019}'),
            "lsquo" => Some('\u{2018}'),
            "rdquo" => Some('\u{201d}'),
            "ldquo" => Some('\u{201c}'),
            "mdash" => Some('\u{2014}'),
            "ndash" => Some('\u{2013}'),
            "hellip" => Some('\u{2026}'),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_elements_and_tags_go() {
        let page = to_text("<html><head><title>Suit filed</title><script>var x=1;</script></head><body><nav>Home | News</nav><p>The county sued the <b>EPA</b> &amp; the state.</p><footer>© 2020</footer></body></html>");
        assert_eq!(page.text, "The county sued the EPA & the state.\n");
        assert_eq!(page.title.as_deref(), Some("Suit filed"));
    }

    #[test]
    fn an_ampersand_before_multibyte_characters_does_not_split_them() {
        assert_eq!(decode("R&D für Städte"), "R&D für Städte");
        assert_eq!(decode("&ééééééé;"), "&ééééééé;");
        assert_eq!(
            decode("a&\u{1F600}\u{1F600}\u{1F600}b"),
            "a&\u{1F600}\u{1F600}\u{1F600}b"
        );
        assert_eq!(decode("&amp;é"), "&é");
        let page = to_text("<p>Fran&ccedil;ais &é&日本語&#233;</p>");
        assert_eq!(page.text, "Fran&ccedil;ais &é&日本語é\n");
    }

    #[test]
    fn many_title_tags_take_the_last_closed_title() {
        let mut html = String::from("<p>Body.</p>");
        for i in 0..2000 {
            html.push_str(&format!("<title>T{i}</title>"));
        }
        html.push_str("<title>unclosed <title>again");
        let page = to_text(&html);
        assert_eq!(page.title.as_deref(), Some("T1999"));
        assert!(page.text.starts_with("Body."));
    }
}
