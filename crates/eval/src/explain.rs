//! `newsgraph eval --explain`: every missed and spurious entity, relation, quote and figure of
//! each document, one line each, and under each missed relation what the extractor saw in the
//! gold's sentence (the entities it found there with their gold ids, the relations it read
//! there with their rules, and what the caller notes of the sentence, such as trigger words),
//! so that a developer sees why in one look.

use std::collections::HashMap;
use std::fmt::Write;

use newsgraph_model::Extraction;

use crate::{figure_keys, fmt_triple, match_doc, quote_candidates, DocMatch, Gold, Triple};

/// The sentence around a span of a document, as the caller's extractor splits it.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Its text.
    pub text: String,
    /// What the extractor notes of it ("trigger sued → sues").
    pub notes: Vec<String>,
}

/// A finder of the sentence around characters `start..end` of document `doc`.
pub type SentenceOf<'a> = dyn Fn(&str, usize, usize) -> Option<Sentence> + 'a;

/// The explanation of every document of the gold, in file-name order.
pub fn explain(gold: &Gold, system: &[Extraction], sentence: &SentenceOf<'_>) -> String {
    let sys: HashMap<&str, &Extraction> = system.iter().map(|e| (e.doc.as_str(), e)).collect();
    let empty = Extraction::default();
    let mut out = String::new();
    for (doc_id, g) in &gold.docs {
        let s = sys.get(doc_id.as_str()).copied().unwrap_or(&empty);
        let m = match_doc(&gold.registry, g, s);
        let _ = writeln!(out, "== {doc_id}");
        entities(&mut out, gold, &m);
        relations(&mut out, g, s, &m, &|a, b| sentence(doc_id, a, b));
        quotes(&mut out, g, s, &m);
        figures(&mut out, g, s, &m);
    }
    out
}

fn clip(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn gid(m: &DocMatch<'_>, id: &str) -> String {
    m.gold_id(id).unwrap_or_else(|| "?".to_owned())
}

fn entities(out: &mut String, gold: &Gold, m: &DocMatch<'_>) {
    for id in &m.entities_missed {
        let label = gold.registry.get(*id).map_or("", |e| e.label.as_str());
        let _ = writeln!(out, "entity   missed   {id} «{label}»");
    }
    for e in &m.entities_spurious {
        let mapped = m.gold_id(&e.id).map(|g| format!(" (= {g}, again)"));
        let _ = writeln!(
            out,
            "entity   spurious «{}» {}{}",
            e.label,
            e.kind.as_str(),
            mapped.unwrap_or_default()
        );
    }
    for (g, e) in &m.entities_found {
        let want = gold.registry.get(*g).map_or("", |x| x.kind.as_str());
        if e.kind.as_str() != want {
            let _ = writeln!(
                out,
                "entity   type     «{}» {} (gold {want})",
                e.label,
                e.kind.as_str()
            );
        }
        let gq = gold.registry.get(*g).and_then(|x| x.wikidata.as_deref());
        if e.wikidata.is_some() && e.wikidata.as_deref() != gq {
            let _ = writeln!(
                out,
                "entity   link     «{}» {} (gold {})",
                e.label,
                e.wikidata.as_deref().unwrap_or(""),
                gq.unwrap_or("none")
            );
        }
    }
}

fn relations(
    out: &mut String,
    g: &crate::GoldDoc,
    s: &Extraction,
    m: &DocMatch<'_>,
    sentence: &dyn Fn(usize, usize) -> Option<Sentence>,
) {
    let triple = |r: &newsgraph_model::Relation| -> Triple {
        (
            m.gold_id(&r.subject),
            r.predicate.as_str().to_owned(),
            m.gold_id(&r.object),
        )
    };
    for k in m.gold_relations.keys().filter(|k| !m.matched.contains(*k)) {
        let ev = g
            .relations
            .iter()
            .find(|r| {
                !r.optional && (Some(&r.s), &r.p, Some(&r.o)) == (k.0.as_ref(), &k.1, k.2.as_ref())
            })
            .and_then(|r| r.evidence.as_ref());
        let _ = writeln!(
            out,
            "relation missed   {} «{}»",
            fmt_triple(k),
            ev.map_or(String::new(), |e| clip(&e.text, 120))
        );
        let Some(sent) = ev.and_then(|e| sentence(e.start, e.end)) else {
            continue;
        };
        let inside = |a: usize, b: usize| a < sent.end && b > sent.start;
        let seen: Vec<String> = s
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(move |x| (e, x)))
            .filter(|(_, x)| inside(x.start, x.end))
            .map(|(e, x)| format!("{}={}", x.text, gid(m, &e.id)))
            .collect();
        let read: Vec<String> = s
            .relations
            .iter()
            .filter(|r| inside(r.evidence.start, r.evidence.end))
            .map(|r| format!("{} [{}]", fmt_triple(&triple(r)), r.rule))
            .collect();
        let _ = writeln!(out, "    sentence «{}»", clip(&sent.text, 200));
        let _ = writeln!(out, "    entities {}", seen.join(", "));
        if !read.is_empty() {
            let _ = writeln!(out, "    read     {}", read.join("; "));
        }
        if !sent.notes.is_empty() {
            let _ = writeln!(out, "    notes    {}", sent.notes.join("; "));
        }
    }
    for t in &m.spurious {
        for r in s.relations.iter().filter(|r| triple(r) == *t) {
            let _ = writeln!(
                out,
                "relation spurious {} [{}] «{}»",
                fmt_triple(t),
                r.rule,
                clip(&r.evidence.text, 120)
            );
        }
    }
}

fn quotes(out: &mut String, g: &crate::GoldDoc, s: &Extraction, m: &DocMatch<'_>) {
    for (gq, cand) in quote_candidates(g, s) {
        let text = clip(&gq.evidence.text, 60);
        if cand.is_empty() {
            let _ = writeln!(out, "quote    missed   «{text}» by {}", gq.speaker);
            continue;
        }
        let speakers: Vec<String> = cand
            .iter()
            .map(|c| {
                c.speaker
                    .as_deref()
                    .map_or("nobody".to_owned(), |i| gid(m, i))
            })
            .collect();
        if !speakers.contains(&gq.speaker) {
            let _ = writeln!(
                out,
                "quote    speaker  «{text}» gold {}, read {}",
                gq.speaker,
                speakers.join(", ")
            );
        }
    }
}

fn figures(out: &mut String, g: &crate::GoldDoc, s: &Extraction, m: &DocMatch<'_>) {
    let (gold_n, sys_n) = figure_keys(g, s, m);
    for q in &g.quantities {
        let key = (Some(q.subject.clone()), q.value.to_bits());
        if sys_n.contains(&key) {
            continue;
        }
        let others: Vec<String> = s
            .quantities
            .iter()
            .filter(|x| x.value.to_bits() == key.1)
            .map(|x| {
                x.subject
                    .as_deref()
                    .map_or("nothing".to_owned(), |i| gid(m, i))
            })
            .collect();
        let _ = writeln!(
            out,
            "figure   missed   {} of {} «{}»{}",
            q.value,
            q.subject,
            q.evidence
                .as_ref()
                .map_or(String::new(), |e| clip(&e.text, 100)),
            if others.is_empty() {
                String::new()
            } else {
                format!(" (read of {})", others.join(", "))
            }
        );
    }
    let gold_vals: Vec<u64> = gold_n.iter().map(|(_, v)| *v).collect();
    for x in &s.quantities {
        let key = (
            x.subject.as_deref().and_then(|i| m.gold_id(i)),
            x.value.to_bits(),
        );
        if !gold_n.contains(&key) && !gold_vals.contains(&key.1) {
            let _ = writeln!(
                out,
                "figure   spurious {} of {} «{}»",
                x.value,
                key.0.as_deref().unwrap_or("?"),
                clip(&x.what, 80)
            );
        }
    }
}
