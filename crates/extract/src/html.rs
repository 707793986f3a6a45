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
    let mut skip_depth: Vec<String> = Vec::new();
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
            if let Some(end) = rest.to_ascii_lowercase().find("</title") {
                title = Some(decode(&rest[..end]).trim().to_owned());
                rest = &rest[end..];
            }
            continue;
        }
        if SKIP.contains(&name.as_str()) {
            if closing {
                if let Some(pos) = skip_depth.iter().rposition(|n| *n == name) {
                    skip_depth.truncate(pos);
                }
            } else if !tag.ends_with('/') {
                skip_depth.push(name);
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
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
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
}
