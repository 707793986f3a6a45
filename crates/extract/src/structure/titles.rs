//! `leads` and `worksFor` from the titles around a person's name: before it ("ICE's Acting
//! Director Matthew Albence"), after it ("Governor Laura Kelly of Kansas"), in an apposition
//! either side, or, when the text names no body, the offices table's body or the title's
//! default one.

use newsgraph_model::{EntityType, Predicate};

use super::offices::{self, OfficeHit};
use super::{found, title_predicate, Doc};
use crate::relations::Found;
use crate::resolve::Resolved;
use crate::text::Text;

impl Doc<'_> {
    /// The bodies person mention `i` leads or works for, by the title before, after or
    /// around the name, else by the offices table or the title's default body.
    pub(super) fn person_titles(&self, i: usize, out: &mut Vec<Found>) {
        let (text, lex, r) = (self.text, self.lex, self.r);
        let m = &r.mentions[i];
        let before = out.len();
        let office = offices::title_body(text, self.gaz, lex, r, i);
        if let Some((s, e)) = m.title {
            if let Some(p) = title_predicate(text, lex, s, e) {
                out.extend(self.title_before_name(i, s, p, office));
                out.extend(self.title_name_of(i, s, p));
            }
        }
        out.extend(self.apposition_title(i));
        out.extend(self.title_apposition_before(i));
        // TITLE PERSON with no body named: "Mayor Bill de Blasio's administration" → the city
        // the article is about; "spokeswoman Freddi Goldstein" → the body named last before
        if out.len() == before {
            out.extend(match office {
                Some(hit) => self.office_title(i, hit),
                None => self.title_default_body(i),
            });
        }
        if out.len() > before {
            share_plural_title(text, r, i, before, out);
        }
    }

    /// The body the offices table found for the title of person mention `i`.
    fn office_title(&self, i: usize, hit: OfficeHit) -> Option<Found> {
        let m = &self.r.mentions[i];
        let (p, org) = hit.body?;
        let first = m.title.map_or(m.first, |(s, _)| s);
        Some(found(m.entity, p, org, first, m.last, "office-title", 0.8))
    }

    /// ORG('s)? TITLE PERSON: "ICE's Acting Director Matthew Albence", "New York Gov. Andrew
    /// Cuomo". The title of mention `i` starts at token `s` and gives `p`.
    fn title_before_name(
        &self,
        i: usize,
        s: usize,
        p: Predicate,
        office: Option<OfficeHit>,
    ) -> Option<Found> {
        let r = self.r;
        let m = &r.mentions[i];
        let k = self.title_lead(s);
        let org_before = r
            .ending_at(k)
            .find(|&j| r.mentions[j].last == k && self.is_org(&r.mentions[j]));
        // a jurisdiction before the title ("New York Gov.") leaves the body to the office
        let no_body_before = org_before.is_none_or(|o| self.kind(o) == EntityType::Jurisdiction);
        if let Some(hit) = office.filter(|_| no_body_before) {
            self.office_title(i, hit)
        } else if let Some(org) = org_before {
            // "CHSRA Chief Executive Officer": the office says what the title gives
            let p = office.and_then(|o| o.predicate).unwrap_or(p);
            let o = &r.mentions[org];
            Some(found(
                m.entity,
                p,
                o.entity,
                o.first,
                m.last,
                "title-before-name",
                0.9,
            ))
        } else if k > 0 {
            let org = self.described_body(k)?;
            let rule = "title-after-description";
            Some(found(m.entity, p, org, k - 1, m.last, rule, 0.75))
        } else {
            None
        }
    }

    /// Where what stands before a title starting at token `s` ends: before the modifiers
    /// ("acting", "former", ...) and a possessive "'s".
    fn title_lead(&self, s: usize) -> usize {
        let text = self.text;
        let mut k = s;
        while k > 0
            && matches!(
                text.tok(k - 1),
                "acting" | "interim" | "former" | "top" | "senior"
            )
        {
            k -= 1;
        }
        if k > 0 && text.tok(k - 1) == "'s" {
            k - 1
        } else {
            k
        }
    }

    /// The body a description just before a title (token `k - 1`) refers to: "city
    /// Corporation Counsel X" → the article's city, "Department spokesman X" → the agency
    /// named last before with that word.
    fn described_body(&self, k: usize) -> Option<usize> {
        let r = self.r;
        let w = self.text.tok(k - 1);
        let want = match w {
            "city" | "City" => Some("place"),
            "state" | "State" => Some("state"),
            "county" | "County" => Some("county"),
            _ => None,
        };
        if let Some(level) = want {
            self.article_jurisdiction(level)
        } else if self.lex.heads.get(w) == Some(&EntityType::Agency) {
            r.mentions
                .iter()
                .rev()
                .find(|o| {
                    o.last <= k
                        && r.entities[o.entity].kind == EntityType::Agency
                        && r.entities[o.entity].label.contains(w)
                })
                .map(|o| o.entity)
        } else {
            None
        }
    }

    /// TITLE PERSON of (the)? ORG: "Governor Laura Kelly of Kansas", "Deputy Secretary John
    /// Tien of the Department of Homeland Security". The title starts at token `s`, gives `p`.
    fn title_name_of(&self, i: usize, s: usize, p: Predicate) -> Option<Found> {
        let (text, r) = (self.text, self.r);
        let m = &r.mentions[i];
        let mut k = m.last;
        if !(k + 1 < text.tokens.len() && text.tok(k) == "of") {
            return None;
        }
        k += 1;
        if matches!(text.tok(k), "the" | "The") {
            k += 1;
        }
        let o = r
            .starting_in(k, k + 1)
            .map(|j| &r.mentions[j])
            .find(|o| o.first == k && self.is_org(o))?;
        Some(found(
            m.entity,
            p,
            o.entity,
            s,
            o.last,
            "title-name-of",
            0.85,
        ))
    }

    /// PERSON, (a|the)? [ORG] TITLE (of|for|to) ORG ,
    fn apposition_title(&self, i: usize) -> Option<Found> {
        let (text, ms) = (self.text, &self.r.mentions);
        let m = &ms[i];
        if !(m.last < text.tokens.len() && text.tok(m.last) == ",") {
            return None;
        }
        let seg_end = (m.last + 1..(m.last + 16).min(text.tokens.len()))
            .find(|&k| {
                matches!(
                    text.tok(k),
                    "," | "." | ";" | "\"" | "said" | "told" | "says" | "wrote"
                )
            })
            .unwrap_or(text.tokens.len().min(m.last + 16));
        let seg = self.apposition_bodies(i, seg_end);
        let staff = seg
            .first()
            .is_some_and(|&j| self.kind(j) == EntityType::Person);
        let p = title_predicate(text, self.lex, m.last + 1, seg_end)?;
        let p = if staff { Predicate::WorksFor } else { p };
        // the last organisation of a possessive chain: "director of ICE's New York office"
        let org = seg
            .iter()
            .copied()
            .find(|&j| !(ms[j].last < text.tokens.len() && text.tok(ms[j].last) == "'s"))
            .or(seg.first().copied())?;
        let rule = "apposition-title";
        Some(found(
            m.entity,
            p,
            ms[org].entity,
            m.first,
            seg_end,
            rule,
            0.85,
        ))
    }

    /// The mentions the title in the apposition after person mention `i` (up to token `end`)
    /// may name the body of: its organisations, or the person it belongs to as staff.
    fn apposition_bodies(&self, i: usize, end: usize) -> Vec<usize> {
        let (text, ms) = (self.text, &self.r.mentions);
        let seg: Vec<usize> = (i + 1..ms.len())
            .take_while(|&j| ms[j].first < end)
            .filter(|&j| self.is_org(&ms[j]))
            .collect();
        // "JB Pritzker, Chicago Mayor Brandon Johnson, ...": a list of titled people, where
        // the title belongs to the next name; "a spokesperson for Mayor Karen Bass": staff
        let next_person = (i + 1..ms.len())
            .take_while(|&j| ms[j].first < end)
            .find(|&j| self.kind(j) == EntityType::Person);
        let staff_of = next_person.filter(|&j| {
            let t = ms[j].title.map_or(ms[j].first, |(s, _)| s);
            t > 0 && matches!(text.tok(t - 1), "for" | "to")
        });
        if next_person.is_some_and(|j| {
            ms[j].title.is_some() || seg.first().is_none_or(|&o| ms[o].first > ms[j].first)
        }) {
            return staff_of.into_iter().collect();
        }
        seg
    }

    /// the [ORG] TITLE, PERSON: "the acting ICE director, Matthew Albence"
    fn title_apposition_before(&self, i: usize) -> Option<Found> {
        let (text, r) = (self.text, self.r);
        let m = &r.mentions[i];
        if !(m.first >= 3 && text.tok(m.first - 1) == ",") {
            return None;
        }
        let end = m.first - 1;
        let start = (end.saturating_sub(6)..end)
            .find(|&k| matches!(text.tok(k), "the" | "The"))
            .unwrap_or(end);
        if start >= end {
            return None;
        }
        let p = title_predicate(text, self.lex, start, end)?;
        let o = r
            .starting_in(start + 1, end)
            .map(|j| &r.mentions[j])
            .find(|o| o.first > start && o.last <= end && self.is_org(o))?;
        let rule = "title-apposition-before";
        Some(found(m.entity, p, o.entity, start, m.last, rule, 0.85))
    }

    /// The body a title names by default when the text names none: "Mayor X" → the city the
    /// article is about, "spokeswoman X" → the government body named last before in the
    /// sentence.
    fn title_default_body(&self, i: usize) -> Option<Found> {
        let (text, lex) = (self.text, self.lex);
        let m = &self.r.mentions[i];
        let (s, e) = m.title?;
        let words: Vec<&str> = (s..e).map(|k| text.lower(k)).collect();
        let t = (0..words.len()).find_map(|k| lex.title_at(&words[k..]).map(|(_, t)| t))?;
        let p = title_predicate(text, lex, s, e)?;
        let level = match t.heads.as_str() {
            "city" => Some("place"),
            "state" => Some("state"),
            "county" => Some("county"),
            "country" => Some("country"),
            _ => None,
        };
        let org = if let Some(level) = level {
            self.article_jurisdiction(level)
        } else if p == Predicate::WorksFor {
            self.government_before(i)
        } else {
            None
        };
        let org = org.filter(|&o| o != m.entity)?;
        Some(found(
            m.entity,
            p,
            org,
            s,
            m.last,
            "title-default-body",
            0.6,
        ))
    }

    /// The government body named last before mention `i` in its sentence.
    fn government_before(&self, i: usize) -> Option<usize> {
        let (text, gaz, r) = (self.text, self.gaz, self.r);
        let sent = text.sentence_of(r.mentions[i].first);
        r.mentions[..i]
            .iter()
            .rev()
            .take_while(|o| text.sentence_of(o.first) == sent)
            .find(|o| {
                let e = &r.entities[o.entity];
                // a spokesperson speaks for a government body, not a country
                matches!(e.kind, EntityType::Agency | EntityType::Jurisdiction)
                    && e.known.and_then(|k| gaz.entries[k].level.as_deref()) != Some("country")
            })
            .map(|o| o.entity)
    }
}

/// "council members Ann Lee, Bo Park and Cy Diaz", "Justices A and B": a plural title holds
/// for every person of the list it opens, not for the first alone. The relations that the
/// title of mention `i` gave (those from `from` on) are given to each person listed after it.
fn share_plural_title(text: &Text, r: &Resolved, i: usize, from: usize, out: &mut Vec<Found>) {
    let m = &r.mentions[i];
    let Some((_, e)) = m.title else {
        return;
    };
    let head = text.tok(e - 1).trim_end_matches('.').to_lowercase();
    if head.len() <= 3 || !head.ends_with('s') || head.ends_with("ss") {
        return; // "Mayor Ann Lee and Bo Park": the title is hers alone
    }
    let mut people = Vec::new();
    let mut k = m.last;
    loop {
        let mut j = k;
        if text.get(j) == Some(",") {
            j += 1;
        }
        if text.get(j) == Some("and") {
            j += 1;
        }
        if j == k {
            break;
        }
        let Some(n) = r
            .starting_in(j, j + 1)
            .map(|x| &r.mentions[x])
            .find(|x| x.first == j)
        else {
            break;
        };
        if r.entities[n.entity].kind != EntityType::Person || n.title.is_some() {
            break;
        }
        people.push(n.entity);
        k = n.last;
    }
    let given: Vec<Found> = out[from..]
        .iter()
        .filter(|f| f.subject == m.entity)
        .cloned()
        .collect();
    for p in people {
        for f in given.iter().filter(|f| !f.objects.contains(&p)) {
            let mut g = f.clone();
            g.subject = p;
            out.push(g);
        }
    }
}
