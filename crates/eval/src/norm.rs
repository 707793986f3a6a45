//! Name normalisation of SPEC §5, as `score.py` does it.

/// Normalises a name for comparison: NFKC-like folding of typographic quotes and dashes,
/// lower case, trailing "'s" and a leading article dropped, punctuation other than `- . &`
/// removed, spaces collapsed, surrounding spaces and periods trimmed.
pub fn norm(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2014}' | '\u{2013}' => '-',
            '\u{a0}' => ' ',
            _ => c,
        })
        .collect();
    let mut s = folded.to_lowercase().trim().to_owned();
    if let Some(x) = s.strip_suffix("'s") {
        s = x.to_owned();
    }
    for article in ["the", "a", "an"] {
        if let Some(rest) = s.strip_prefix(article) {
            if rest.starts_with(char::is_whitespace) {
                s = rest.trim_start().to_owned();
                break;
            }
        }
    }
    let kept: String = s
        .chars()
        .filter(|c| {
            c.is_alphanumeric() || *c == '_' || c.is_whitespace() || matches!(c, '-' | '.' | '&')
        })
        .collect();
    let collapsed = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_matches(|c| c == ' ' || c == '.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::norm;

    #[test]
    fn folds_like_the_reference_scorer() {
        assert_eq!(norm("The Associated Press"), "associated press");
        assert_eq!(norm("ICE’s"), "ice");
        assert_eq!(norm("  U.S. "), "u.s");
        assert_eq!(norm("“Hizzoner”"), "hizzoner");
        assert_eq!(norm("Theater Co."), "theater co");
    }
}
