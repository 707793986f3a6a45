//! Coordination of actors and targets: lists of entities joined by commas, "and", "or",
//! "along with" and "as well as", whose members may carry a title ("Defense Secretary Pete
//! Hegseth"), a determiner or an abbreviation in parentheses ("the San Antonio Police Department
//! (SAPD)").

use crate::lexicon::Lexicon;
use crate::relations::Slot;
use crate::text::Text;

/// The longest a gap between two members may be, in tokens.
const MAX_GAP: usize = 7;

/// True when token `i` is a title word or a capitalised word that is not the start of a sentence
/// ("Defense Secretary", "Police Chief", "City Manager").
fn titleish(text: &Text, lex: &Lexicon, i: usize) -> bool {
    let w = text.tok(i);
    let l = w.to_lowercase();
    lex.titles.contains_key(&l)
        || lex.titles.contains_key(l.trim_end_matches('.'))
        || w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
}

/// How the tokens `from..to` join two members: None when they do not, Some(true) when they hold
/// a conjunction, Some(false) for a bare comma.
fn gap(text: &Text, lex: &Lexicon, from: usize, to: usize) -> Option<bool> {
    if to <= from || to - from > MAX_GAP {
        return None;
    }
    let words: Vec<&str> = (from..to).map(|i| text.lower(i)).collect();
    let mut sep = false;
    let mut conj = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let two = words.get(i + 1).copied();
        match (w, two) {
            (",", _) => sep = true,
            ("and" | "or" | "&", _) => {
                sep = true;
                conj = true;
            }
            ("along" | "together", Some("with")) => {
                sep = true;
                conj = true;
                i += 1;
            }
            // "ICE and its parent agency, the Department of Homeland Security", "OMB and its
            // director, Russell Vought": a description of the next member, before a comma
            ("its" | "their", Some(_)) if conj => {
                let n = words[i + 1..]
                    .iter()
                    .take_while(|x| {
                        x.chars().all(|c| c.is_ascii_lowercase()) && !matches!(**x, "and" | "or")
                    })
                    .count();
                if n == 0 || n > 3 || words.get(i + 1 + n) != Some(&",") {
                    return None;
                }
                i += n;
            }
            ("as", Some("well")) if words.get(i + 2).is_some_and(|x| *x == "as") => {
                sep = true;
                conj = true;
                i += 2;
            }
            _ if lex.words.list_filler.contains(w) || titleish(text, lex, from + i) => {}
            _ => return None,
        }
        i += 1;
    }
    // a title may only come after the separator: "Texas, Louisiana" but not "Texas Governor and"
    sep.then_some(conj)
}

/// True when the slot is a wire credit before a dash ("(AP) —", "(Reuters) -"): the outlet of the
/// story, not an actor in it.
pub fn is_credit(text: &Text, o: &Slot) -> bool {
    o.last + 1 < text.tokens.len()
        && text.tok(o.last) == ")"
        && matches!(text.tok(o.last + 1), "-" | "--" | "\u{2014}" | "\u{2013}")
}

/// True when the slot is part of a dateline: a place, and perhaps its state, opening the
/// sentence before a dash ("CONCORD, N.H. —", "WOODSTOCK –"), where the story was filed.
pub fn is_dateline(text: &Text, o: &Slot, first: usize) -> bool {
    let dash = |i: usize| matches!(text.tok(i), "-" | "--" | "\u{2014}" | "\u{2013}");
    o.first <= first + 3
        && (o.last..(o.last + 4).min(text.tokens.len()))
            .find(|&i| dash(i))
            .is_some_and(|d| {
                (first..d).all(|i| {
                    text.tok(i) == ","
                        || text.tok(i) == "("
                        || text.tok(i) == ")"
                        || text.tok(i).starts_with(char::is_uppercase)
                })
            })
}

/// True when a title of `titles.tsv` starts somewhere in `from..to`.
fn holds_title(text: &Text, lex: &Lexicon, from: usize, to: usize) -> bool {
    let words: Vec<&str> = (from..to).map(|i| text.lower(i)).collect();
    (0..words.len()).any(|j| lex.title_at(&words[j..]).is_some())
}

/// True when the tokens `from..to` are title words holding a title ("President", "Defense
/// Secretary", "Police Chief").
pub fn title_run(text: &Text, lex: &Lexicon, from: usize, to: usize) -> bool {
    to > from
        && to - from <= 4
        && (from..to).all(|i| titleish(text, lex, i) && !matches!(text.tok(i), "And" | "Or"))
        && holds_title(text, lex, from, to)
}

/// True when the tokens between the slot and `head` are title words holding a title: the slot
/// modifies the name at `head` ("California Attorney General Rob Bonta", "acting ICE Director
/// Matthew Albence").
fn modifies_at(text: &Text, lex: &Lexicon, o: &Slot, head: usize) -> bool {
    head > o.last
        && head - o.last <= 4
        && (o.last..head).all(|i| titleish(text, lex, i) && !matches!(text.tok(i), "And" | "Or"))
        && holds_title(text, lex, o.last, head)
}

/// The members of the list that starts with `first` among `slots` (in order): entity ids, and
/// whether the list is joined by a conjunction. A member that modifies the next slot through a
/// title gives way to it.
pub fn following(text: &Text, lex: &Lexicon, slots: &[Slot], first: &Slot) -> (Vec<usize>, bool) {
    // "Interior Secretary Doug Burgum", "Secretary" "Doug Burgum": the name the title modifies
    let mut first = first;
    while let Some(n) = slots.iter().find(|n| {
        n.first >= first.last && (n.first == first.last || modifies_at(text, lex, first, n.first))
    }) {
        first = n;
    }
    let mut out = vec![first.entity];
    let mut listed = false;
    let mut end = first.last;
    let rest: Vec<&Slot> = slots.iter().filter(|o| o.first >= first.last).collect();
    let mut k = 0;
    while k < rest.len() {
        let o = rest[k];
        // "Chicago Police Department Superintendent Larry Snelling": the person
        let o = match rest.get(k + 1) {
            // adjacent slots are one name read as two ("Secretary" "Pete Hegseth")
            Some(n) if modifies_at(text, lex, o, n.first) || n.first == o.last => {
                k += 1;
                *n
            }
            _ => o,
        };
        // "the San Antonio Police Department (SAPD)": the abbreviation in parentheses
        if o.first == end + 1
            && text.tok(end) == "("
            && o.last < text.tokens.len()
            && text.tok(o.last) == ")"
        {
            end = o.last + 1;
            k += 1;
            continue;
        }
        let Some(conj) = gap(text, lex, end, o.first) else {
            break;
        };
        // "Georgia and Alabama, the Justice Department said": a list that a conjunction has
        // closed takes no member after a bare comma
        if o.weak || listed && !conj {
            break;
        }
        listed |= conj;
        out.push(o.entity);
        end = o.last;
        k += 1;
    }
    if !listed {
        out.truncate(1); // "Flint, Michigan" is a place and its state, not a list
    }
    (out, listed)
}

/// The members of the list that ends with the actor `a`, before it and after `start`, nearest
/// first; empty unless the list holds a conjunction.
pub fn preceding(text: &Text, lex: &Lexicon, slots: &[Slot], a: &Slot, start: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut conj = false;
    let mut head = a.first;
    let before: Vec<&Slot> = slots
        .iter()
        .filter(|o| o.last <= a.first && o.first >= start)
        .collect();
    let mut k = before.len();
    while k > 0 {
        let o = before[k - 1];
        k -= 1;
        if modifies_at(text, lex, o, head) {
            head = o.first; // "California Attorney General Rob Bonta": the title's place
            continue;
        }
        match gap(text, lex, o.last, head) {
            Some(c) if !o.weak => {
                conj |= c;
                out.push(o.entity);
                head = o.first;
            }
            _ => break,
        }
    }
    if conj {
        out
    } else {
        Vec::new()
    }
}
