//! Relation figures by predicate, as `score.py --by-predicate` prints them: for each predicate
//! the gold relations found and missed (by the gold's predicate) and the spurious system
//! relations (by the system's predicate), and the totals of structure and interaction.

use std::collections::BTreeMap;

use crate::{prf, Prf};

/// The predicates of structure (SPEC §3); every other predicate is an interaction.
pub const STRUCTURE: &[&str] = &["leads", "worksFor", "partOf", "locatedIn"];

/// True positives, false positives and false negatives of one predicate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold relations found.
    pub tp: usize,
    /// System relations not in the gold.
    pub fp: usize,
    /// Gold relations missed.
    pub fn_: usize,
}

impl Counts {
    /// Precision, recall and F1 of the counts.
    pub fn prf(&self) -> Prf {
        prf(self.tp, self.fp, self.fn_)
    }
}

/// Counts by predicate, in predicate order (as Python sorts strings: by code point).
#[derive(Debug, Clone, Default)]
pub struct ByPredicate(pub BTreeMap<String, Counts>);

impl ByPredicate {
    pub(crate) fn found(&mut self, p: &str) {
        self.0.entry(p.to_owned()).or_default().tp += 1;
    }

    pub(crate) fn missed(&mut self, p: &str) {
        self.0.entry(p.to_owned()).or_default().fn_ += 1;
    }

    pub(crate) fn spurious(&mut self, p: &str) {
        self.0.entry(p.to_owned()).or_default().fp += 1;
    }

    fn total(&self, structure: bool) -> Prf {
        let mut c = Counts::default();
        for (p, v) in &self.0 {
            if STRUCTURE.contains(&p.as_str()) == structure {
                c.tp += v.tp;
                c.fp += v.fp;
                c.fn_ += v.fn_;
            }
        }
        c.prf()
    }

    /// P/R/F1 over the structure predicates.
    pub fn structure(&self) -> Prf {
        self.total(true)
    }

    /// P/R/F1 over the interaction predicates.
    pub fn interaction(&self) -> Prf {
        self.total(false)
    }

    /// The lines `score.py --by-predicate` prints after the relation line.
    pub fn lines(&self) -> String {
        let f = |p: &Prf| format!("P {:.2} R {:.2} F1 {:.2}", p.p, p.r, p.f1);
        let mut out = format!(
            "  structure   {}\n  interaction {}\n",
            f(&self.structure()),
            f(&self.interaction())
        );
        for (p, c) in &self.0 {
            out.push_str(&format!(
                "    {:<15} tp {:>3} fp {:>3} fn {:>3}  {}\n",
                p,
                c.tp,
                c.fp,
                c.fn_,
                f(&c.prf())
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_and_interaction_split_the_predicates() {
        let mut b = ByPredicate::default();
        b.found("leads");
        b.missed("sues");
        b.found("sues");
        b.spurious("sues");
        assert_eq!(b.structure().r, 1.0);
        let i = b.interaction();
        assert!(
            (i.p - 0.5).abs() < 1e-9 && (i.r - 0.5).abs() < 1e-9,
            "{i:?}"
        );
        let lines = b.lines();
        assert!(
            lines.contains("    sues            tp   1 fp   1 fn   1  P 0.50 R 0.50 F1 0.50"),
            "{lines}"
        );
    }
}
