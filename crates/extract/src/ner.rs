//! Names in text: known names from the gazetteer and unknown names found by their shape
//! (capitalised sequences typed by their head word, people by given names, titles and
//! speech verbs), with the titles that stand before them.

use rustc_hash::FxHashSet;

use newsgraph_model::EntityType;

use crate::furniture::Found;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::text::Text;

/// What a span names.
#[derive(Debug, Clone, PartialEq)]
pub enum SpanKind {
    /// A gazetteer match, with its candidate entries.
    Known(Vec<usize>),
    /// An unknown name typed by its shape.
    Pattern(EntityType),
    /// A lone capitalised word or particle name ("Albence", "de Blasio"), resolved later
    /// against the people, acronyms and aliases of the document.
    Single,
}

/// A name in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub last: usize,
    /// What it names.
    pub kind: SpanKind,
    /// The title words before it ("Acting Director"), as a token range.
    pub title: Option<(usize, usize)>,
}

/// A capitalised word that can continue a name.
fn is_name_part(lex: &Lexicon, w: &str) -> bool {
    is_cap(w) && (!lex.words.stop_cap.contains(w) || lex.words.name_part.contains(w))
}

/// A capitalised word that may be part of a name: not a compound whose last part is lower-case
/// ("Republican-controlled", "Chicago-based", "Twenty-five": modifiers, not names).
fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && !w
            .rsplit_once('-')
            .is_some_and(|(_, last)| last.chars().next().is_some_and(char::is_lowercase))
}

fn is_initial(w: &str) -> bool {
    w.len() == 2 && w.ends_with('.') && is_cap(w)
}

/// "J.B.", "P.K.": two or three initials written as one word.
fn is_joined_initials(w: &str) -> bool {
    let b = w.as_bytes();
    (4..=6).contains(&b.len())
        && b.len().is_multiple_of(2)
        && b.chunks(2)
            .all(|c| c[0].is_ascii_uppercase() && c[1] == b'.')
}

/// "King and Snohomish counties", "Lee, Collier and Charlotte counties": each name before a
/// plural "counties" is the county of that name. Their spans go first, so that they win over a
/// town of the same name.
fn shared_head_counties(text: &Text, gaz: &Gazetteer, cands: &mut Vec<Span>) {
    let mut found = Vec::new();
    for k in 1..text.tokens.len() {
        if text.tok(k) != "counties" {
            continue;
        }
        let mut end = k;
        let mut first = k;
        while first > 0 && first + 8 > k {
            let w = text.tok(first - 1);
            if is_cap(w) {
                first -= 1;
                continue;
            }
            if !matches!(w, "," | "and" | "or") || first == end {
                break;
            }
            let name = text.slice(text.tokens[first].start, text.tokens[end - 1].end);
            push_county(gaz, name, first, end, &mut found);
            first -= 1;
            end = first;
        }
        if first < end {
            let name = text.slice(text.tokens[first].start, text.tokens[end - 1].end);
            push_county(gaz, name, first, end, &mut found);
        }
    }
    found.append(cands);
    *cands = found;
}

fn push_county(gaz: &Gazetteer, name: &str, first: usize, last: usize, out: &mut Vec<Span>) {
    let counties: Vec<usize> = gaz
        .lookup_ids(&format!("{name} County"))
        .into_iter()
        .filter(|&c| gaz.entries[c].level.as_deref() == Some("county"))
        .collect();
    if !counties.is_empty() {
        out.push(Span {
            first,
            last,
            kind: SpanKind::Known(counties),
            title: None,
        });
    }
}

/// True when a title starts at token `first` and runs past `last`, or within the capitalised
/// words after `last` ("U.S. Attorney", "U.S. District Judge").
fn starts_title(text: &Text, lex: &Lexicon, first: usize, last: usize) -> bool {
    let words = |from: usize| -> Vec<&str> {
        (from..(from + lex.title_len).min(text.tokens.len()))
            .map(|k| text.lower(k))
            .collect()
    };
    if lex
        .title_at(&words(first))
        .is_some_and(|(n, _)| first + n > last)
    {
        return true;
    }
    // the title may follow a field or a court ("U.S. Transportation Secretary")
    (last..(last + 3).min(text.tokens.len()))
        .take_while(|&k| is_cap(text.tok(k)))
        .any(|k| lex.title_at(&words(k)).is_some())
}

/// Finds the names of the text's non-furniture sentences.
pub fn find(text: &Text, furniture: &Found, gaz: &Gazetteer, lex: &Lexicon) -> Vec<Span> {
    let mut cands: Vec<Span> = Vec::new();
    for m in gaz.find(&text.norm) {
        if furniture.is_excluded(m.start) {
            continue;
        }
        let first = text.token_at(m.start);
        let last = text.token_at(m.end);
        if first >= last
            || text.tokens[first].start != m.start
            || text.tokens[last - 1].end != m.end
        {
            continue; // not on token boundaries ("U.S" inside "U.S.")
        }
        // a known name that runs across a sentence end is not one ("... in Washington. State ...")
        if text.sentence_of(first) != text.sentence_of(last - 1) {
            continue;
        }
        // "U.S. District Judge", "U.S. Attorney": a country naming a title is not a mention
        if m.candidates
            .iter()
            .all(|&c| gaz.entries[c].level.as_deref() == Some("country"))
            && starts_title(text, lex, first, last)
        {
            continue;
        }
        // "ICE's New York deportation office": an agency's local office, named in lower case
        if first >= 1 && text.tok(first - 1) == "'s" {
            let mut k = last;
            while k < text.tokens.len()
                && k < last + 3
                && text.tok(k).chars().all(|c| c.is_lowercase() || c == '-')
                && !lex.words.office_noun.contains(text.tok(k))
            {
                k += 1;
            }
            if k < text.tokens.len() && k < last + 3 && lex.words.office_noun.contains(text.tok(k))
            {
                cands.push(Span {
                    first,
                    last: k + 1,
                    kind: SpanKind::Pattern(EntityType::Agency),
                    title: None,
                });
            }
        }
        // "Houston police", "New York City police": the place's police department
        if last < text.tokens.len()
            && text.tok(last) == "police"
            && m.candidates
                .iter()
                .any(|&c| gaz.entries[c].kind == EntityType::Jurisdiction)
        {
            cands.push(Span {
                first,
                last: last + 1,
                kind: SpanKind::Pattern(EntityType::Agency),
                title: None,
            });
        }
        cands.push(Span {
            first,
            last,
            kind: SpanKind::Known(m.candidates),
            title: None,
        });
    }
    shared_head_counties(text, gaz, &mut cands);
    let known: FxHashSet<(usize, usize)> = cands
        .iter()
        .filter(|c| matches!(c.kind, SpanKind::Known(_)))
        .map(|c| (c.first, c.last))
        .collect();
    for s in &text.sentences {
        if furniture.is_excluded(s.start) {
            continue;
        }
        let ctx = Ctx {
            text,
            lex,
            gaz,
            known: &known,
        };
        cap_sequences(&ctx, s.first, s.last, &mut cands);
    }
    // an unknown name joined by "and" from known ones ("Baltimore and Baltimore County") is
    // the known ones
    // (the first and the last tokens of the known names, looked up, not scanned for)
    let (known_firsts, known_lasts): (FxHashSet<usize>, FxHashSet<usize>) = cands
        .iter()
        .filter(|c| matches!(c.kind, SpanKind::Known(_)))
        .map(|c| (c.first, c.last))
        .unzip();
    cands.retain(|c| {
        matches!(c.kind, SpanKind::Known(_))
            || !((c.first..c.last).any(|k| text.tok(k) == "and")
                && known_firsts.contains(&c.first)
                && known_lasts.contains(&c.last))
    });
    // longest first, then known before pattern; keep what does not overlap
    cands.sort_by_key(|c| {
        (
            std::cmp::Reverse(c.last - c.first),
            !matches!(c.kind, SpanKind::Known(_)),
            c.first,
        )
    });
    let mut taken = vec![false; text.tokens.len()];
    let mut out = Vec::new();
    for c in cands {
        if taken[c.first..c.last].iter().any(|&t| t) {
            continue;
        }
        for t in &mut taken[c.first..c.last] {
            *t = true;
        }
        out.push(c);
    }
    out.sort_by_key(|c| c.first);
    // "the Democratic mayor", "Republican lawmakers": a party adjective, not the party
    out.retain(|c| {
        let adjective = c.last == c.first + 1
            && matches!(text.tok(c.first), "Democratic" | "Republican")
            && c.last < text.tokens.len()
            && text
                .tok(c.last)
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
        !adjective
    });
    // "the Trump administration", "the Hochul administration": a government, named by its head
    for c in &mut out {
        let person_like = match &c.kind {
            SpanKind::Known(cands) => cands
                .iter()
                .any(|&k| gaz.entries[k].kind == EntityType::Person),
            SpanKind::Single | SpanKind::Pattern(EntityType::Person) => true,
            _ => false,
        };
        if person_like && c.last < text.tokens.len() && text.tok(c.last) == "administration" {
            c.last += 1;
            c.kind = SpanKind::Pattern(EntityType::Agency);
        }
    }
    attach_titles(text, lex, &mut out);
    out
}

/// What the name finder reads: the text, the tables and the token ranges of known names.
struct Ctx<'a> {
    text: &'a Text<'a>,
    lex: &'a Lexicon,
    gaz: &'a Gazetteer,
    known: &'a FxHashSet<(usize, usize)>,
}

/// An ordinal number word that can open a name ("7th U.S. Circuit Court of Appeals",
/// "2nd District Court of Appeal").
fn is_ordinal(w: &str) -> bool {
    // most words are no ordinal, and their first byte says so
    if !w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th")
}

/// Capitalised sequences of one sentence, split at titles, typed by shape.
fn cap_sequences(ctx: &Ctx, first: usize, last: usize, out: &mut Vec<Span>) {
    let (text, lex, gaz) = (ctx.text, ctx.lex, ctx.gaz);
    let words: Vec<&str> = (first..last).map(|i| text.lower(i)).collect();
    // a headline in title case capitalises its verbs too: "Agency Sues City" is two names
    let word_count = (first..last).filter(|&k| text.tokens[k].word).count();
    let capitalised = (first..last)
        .filter(|&k| text.tokens[k].word && is_cap(text.tok(k)))
        .count();
    let own = out.len(); // the spans of this sentence start here
    let headline = word_count >= 4 && capitalised * 10 >= word_count * 7;
    let is_verb = |k: usize| {
        lex.triggers
            .get(words[k - first])
            .is_some_and(|ts| ts.iter().any(|t| t.verb && t.words.len() == 1))
    };
    let mut i = first;
    while i < last {
        let w = text.tok(i);
        let starts = text.tokens[i].word
            && (is_cap(w)
                && (!lex.words.stop_cap.contains(w)
                    || lex.words.name_part.contains(w)
                        && i + 1 < last
                        && is_name_part(lex, text.tok(i + 1)))
                || lex.words.name_particle.contains(w)
                    && i + 1 < last
                    && is_cap(text.tok(i + 1))
                    && !lex.words.stop_cap.contains(text.tok(i + 1))
                || is_ordinal(w) && i + 1 < last && is_name_part(lex, text.tok(i + 1)));
        if !starts
            || w.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '$' || c == '.')
        {
            i += 1;
            continue;
        }
        // a title starts here: skip it, the name comes after
        if let Some((n, _)) = lex.title_at(&words[i - first..]) {
            if is_cap(w) && !(i + n < last && text.tok(i + n) == "'s") {
                i += n;
                continue;
            }
        }
        let mut j = i + 1;
        while j < last {
            let v = text.tok(j);
            if !text.tokens[j].word
                || text.tokens[j].start > text.tokens[j - 1].end + 1
                    && text
                        .slice(text.tokens[j - 1].end, text.tokens[j].start)
                        .contains('\n')
            {
                break;
            }
            let next_cap =
                j + 1 < last && text.tokens[j + 1].word && is_name_part(lex, text.tok(j + 1));
            if v == "'s" {
                if lex.words.possessive_head.contains(text.tok(j - 1)) && next_cap {
                    j += 1;
                    continue;
                }
                break;
            }
            if v.chars().all(|c| c.is_ascii_digit() || c == '.')
                && v.starts_with(|c: char| c.is_ascii_digit())
                && (matches!(
                    text.tok(j - 1),
                    "Bill" | "Order" | "Proposition" | "Resolution" | "Measure" | "Question"
                ) || (lex.words.numbered_provision.contains(text.tok(j - 1))
                    || lex.head_expansions.contains_key(text.tok(j - 1)))
                    && j == i + 1)
            {
                j += 1; // "Senate Bill 4", "Executive Order 13768", "Proposition 187", "SB 4"
                break;
            }
            if headline && is_verb(j) {
                break;
            }
            if is_name_part(lex, v) || is_initial(v) {
                // a title inside a sequence ends the name before it ("New York Gov. Andrew Cuomo")
                if lex.title_at(&words[j - first..]).is_some_and(|(n, t)| {
                    !t.honorific
                        && !(j + n < last && text.tok(j + n) == "'s")
                        && is_person_after(text, lex, gaz, j + n, last)
                }) {
                    break;
                }
                j += 1;
            } else if v == "of"
                && (gaz.first_names.contains(text.tok(i))
                    && !(i..j).any(|k| lex.heads.contains_key(text.tok(k)))
                    || i > first && lex.titles.contains_key(text.lower(i - 1)))
            {
                // "Governor Laura Kelly of Kansas": the name ends before "of" (not "Supreme
                // Court of Texas": a head word makes it a body's name, whatever its first word)
                break;
            } else if matches!(v, "for" | "of" | "on")
                && j + 1 < last
                && gaz.first_names.contains(text.tok(j + 1))
                && j + 2 < last
                && is_cap(text.tok(j + 2))
            {
                break; // "… Sheriff's Department for Pedro Alvarez"
            } else if (lex.words.name_connector.contains(v) || lex.words.name_particle.contains(v))
                && next_cap
                && (v != "the" || matches!(text.tok(j - 1), "of" | "for"))
            {
                j += 1;
            } else if matches!(v, "of" | "for")
                && j + 2 < last
                && text.tok(j + 1) == "the"
                && is_name_part(lex, text.tok(j + 2))
                && (i..j).any(|k| lex.heads.contains_key(text.tok(k)))
            {
                // "Court of Appeals for the Fifth Circuit", "Office of the Inspector General"
                j += 2;
            } else {
                break;
            }
        }
        // a name does not end on a connector ("the Agency on Tuesday")
        while j > i + 1
            && (lex.words.name_connector.contains(text.tok(j - 1)) || text.tok(j - 1) == "'s")
        {
            j -= 1;
        }
        let split = and_split(ctx, i, j);
        if let Some(span) = classify(text, lex, gaz, i, split.unwrap_or(j), first) {
            out.push(span);
        } else if listed_after_person(text, gaz, &out[own..], i, split.unwrap_or(j)) {
            out.push(Span {
                first: i,
                last: split.unwrap_or(j),
                kind: SpanKind::Pattern(EntityType::Person),
                title: None,
            });
        }
        i = split.map_or(j, |k| k + 1);
    }
}

/// True when the two- or three-word name at `i..j` follows a person's name in a list
/// ("council members Ann Lee, Bo Park and Cy Diaz"): the items of a list are of one kind.
fn listed_after_person(text: &Text, gaz: &Gazetteer, out: &[Span], i: usize, j: usize) -> bool {
    let words = j - i;
    let alpha = (i..j).all(|k| text.tok(k).chars().all(|c| c.is_alphabetic() || c == '-'));
    let Some(prev) = out.last() else {
        return false;
    };
    let joined = prev.last + 1 == i && matches!(text.tok(i - 1), "," | "and")
        || prev.last + 2 == i && text.tok(prev.last) == "," && text.tok(i - 1) == "and";
    let person = match &prev.kind {
        SpanKind::Pattern(EntityType::Person) => true,
        SpanKind::Known(c) => c.iter().all(|&k| gaz.entries[k].kind == EntityType::Person),
        _ => false,
    };
    (2..=3).contains(&words) && alpha && joined && person
}

/// Where a capitalised sequence joined by "and" is two names, the "and" to cut at: when a
/// side is a known name or reads as a person ("Mayor Ana Ruiz and Essex County"), when the
/// left side ends on a head word ("the Labor Department and OPM"), or when two lone words are
/// joined ("Lee and Collier counties"). Inside an `of`-phrase ("Department of Housing and
/// Urban Development") only a known name or a person on the right cuts.
fn and_split(ctx: &Ctx, i: usize, j: usize) -> Option<usize> {
    let text = ctx.text;
    let person = |a: usize, b: usize| {
        (2..=4).contains(&(b - a))
            && (ctx.gaz.first_names.contains(text.tok(a))
                || is_initial(text.tok(a))
                || is_joined_initials(text.tok(a)))
            && (a..b).all(|k| is_cap(text.tok(k)) && !ctx.lex.heads.contains_key(text.tok(k)))
    };
    (i + 1..j.saturating_sub(1)).find(|&k| {
        if text.tok(k) != "and" {
            return false;
        }
        // "the Department of Education and Education Secretary Linda McMahon": a known name,
        // then a lone word that starts a title
        let title_word = j == k + 2
            && j < text.tokens.len()
            && ctx.known.contains(&(i, k))
            && ctx.lex.titles.contains_key(&text.tok(j).to_lowercase());
        let right = ctx.known.contains(&(k + 1, j)) || person(k + 1, j) || title_word;
        let in_of_phrase = (i..k).any(|m| matches!(text.tok(m), "of" | "for"));
        right
            || !in_of_phrase
                && (ctx.known.contains(&(i, k))
                    || person(i, k)
                    || ctx.lex.heads.contains_key(text.tok(k - 1))
                    || k == i + 1 && j == k + 2)
    })
}

/// True when a name that reads as a person's starts at token `i` ("Bill" is a head word of
/// policies, and a given name).
fn is_person_after(text: &Text, lex: &Lexicon, gaz: &Gazetteer, i: usize, last: usize) -> bool {
    i < last
        && is_cap(text.tok(i))
        && !lex.words.stop_cap.contains(text.tok(i))
        && (!lex.heads.contains_key(text.tok(i)) || gaz.first_names.contains(text.tok(i)))
}

/// "Section 12406", "Article 142": a numbered provision of a law or constitution.
fn numbered_provision(lex: &Lexicon, toks: &[&str], i: usize, j: usize) -> Option<Span> {
    (toks.len() == 2
        && lex.words.numbered_provision.contains(toks[0])
        && toks[1].starts_with(|c: char| c.is_ascii_digit()))
    .then_some(Span {
        first: i,
        last: j,
        kind: SpanKind::Pattern(EntityType::Policy),
        title: None,
    })
}

fn classify(
    text: &Text,
    lex: &Lexicon,
    gaz: &Gazetteer,
    mut i: usize,
    j: usize,
    sentence_first: usize,
) -> Option<Span> {
    while i < j
        && (text.tok(i) == "The" || lex.words.stop_cap.contains(text.tok(i)) && i == sentence_first)
    {
        i += 1;
    }
    if i >= j {
        return None;
    }
    let toks: Vec<&str> = (i..j).map(|k| text.tok(k)).collect();
    if let Some(span) = numbered_provision(lex, &toks, i, j) {
        return Some(span);
    }
    // the head: the first head word followed by of/for/on/to, else the last head word
    let mut head = None;
    for (k, w) in toks.iter().enumerate() {
        if let Some(&kind) = lex.heads.get(*w) {
            let of_follows = toks
                .get(k + 1)
                .is_some_and(|n| matches!(*n, "of" | "for" | "on" | "to"));
            if of_follows && head.is_none() {
                head = Some((k, kind, true));
                break;
            }
            head = Some((k, kind, false));
        }
    }
    if let Some((_, kind, _)) = head {
        // a head word alone ("Department", "Police") is a description, not a name; but "the
        // Constitution", "the Charter" name a document of the article, resolved later
        if toks.len() == 1 {
            let named_document =
                kind == EntityType::Policy && i > sentence_first && text.tok(i - 1) == "the";
            return named_document.then_some(Span {
                first: i,
                last: j,
                kind: SpanKind::Single,
                title: None,
            });
        }
        return Some(Span {
            first: i,
            last: j,
            kind: SpanKind::Pattern(kind),
            title: None,
        });
    }
    // "the city of Jackson": a place the gazetteer does not name on its own
    let before: Vec<&str> = (i.saturating_sub(3)..i).map(|k| text.lower(k)).collect();
    if before.len() >= 2
        && before[before.len() - 1] == "of"
        && matches!(
            before[before.len() - 2],
            "city" | "town" | "village" | "township" | "borough"
        )
        && toks.len() <= 3
    {
        return Some(Span {
            first: i,
            last: j,
            kind: SpanKind::Pattern(EntityType::Jurisdiction),
            title: None,
        });
    }
    let alpha = toks.iter().all(|w| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'')
    });
    if !alpha {
        return None;
    }
    if toks.len() == 1
        || toks.len() == 2 && lex.words.name_particle.contains(&toks[0].to_lowercase())
    {
        return Some(Span {
            first: i,
            last: j,
            kind: SpanKind::Single,
            title: None,
        });
    }
    let names = toks
        .iter()
        .filter(|w| !lex.words.name_particle.contains(**w) && !is_initial(w))
        .count();
    // "R.K. Menon": joined initials and a surname, unless the initials name a place ("U.S.")
    let initials_first =
        is_joined_initials(toks[0]) && gaz.lookup(toks[0]).is_empty() && toks.len() == 2;
    if !(2..=4).contains(&names) {
        return None;
    }
    let given = gaz.first_names.contains(toks[0]);
    let particle = toks.iter().any(|w| lex.words.name_particle.contains(*w));
    let initial = toks.iter().skip(1).any(|w| is_initial(w));
    let before: Vec<&str> = (i.saturating_sub(3)..i).map(|k| text.lower(k)).collect();
    let titled = (0..before.len()).any(|k| lex.titles.contains_key(&before[k..].join(" ")));
    // the object of an arrest, a deportation, a release or a charge is a person
    let acted_on = before
        .last()
        .is_some_and(|w| lex.words.person_object_verb.contains(*w))
        && toks.len() >= 2;
    let near_speech = (j..(j + 2).min(text.tokens.len()))
        .any(|k| lex.words.speech_name.contains(text.tok(k)))
        || i > 0 && lex.words.speech_name.contains(text.tok(i - 1));
    let age = j + 2 < text.tokens.len()
        && text.tok(j) == ","
        && text.tok(j + 1).chars().all(|c| c.is_ascii_digit());
    // "Jasiel Correia, the mayor of Fall River", "Marisol Chavez, a spokesperson for …"
    let appositive_title = j + 2 < text.tokens.len()
        && text.tok(j) == ","
        && (j + 1..(j + 5).min(text.tokens.len())).any(|k| {
            let w = text.lower(k);
            lex.titles.get(w).is_some_and(|t| t.predicate.is_some())
        })
        && matches!(
            text.tok(j + 1),
            "a" | "an" | "the" | "who" | "its" | "his" | "her"
        );
    if given
        || particle
        || initial
        || initials_first
        || titled
        || near_speech
        || age
        || appositive_title
        || acted_on
    {
        return Some(Span {
            first: i,
            last: j,
            kind: SpanKind::Pattern(EntityType::Person),
            title: None,
        });
    }
    None
}

/// Records the title words right before each person name.
fn attach_titles(text: &Text, lex: &Lexicon, spans: &mut [Span]) {
    for s in spans.iter_mut() {
        let mut k = s.first;
        let mut found = None;
        while k > 0 {
            let w = text.lower(k - 1);
            // a title of two words steps back over both ("Inspector General": "inspector"
            // alone is none)
            if k >= 2
                && lex
                    .titles
                    .contains_key(&format!("{} {}", text.lower(k - 2), w))
            {
                k -= 2;
                found = Some((k, s.first));
            } else if lex.titles.contains_key(w) {
                k -= 1;
                found = Some((k, s.first));
            } else {
                break;
            }
        }
        s.title = found;
    }
}
