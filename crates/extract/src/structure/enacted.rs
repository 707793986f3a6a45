//! `enacts`: who passed, signed or approved a named policy. The policy is named after the
//! trigger ("the legislature passed the Clean Air Act"), before an agent phrase ("a law enacted
//! by New York state", "the A Act and the B Act, both passed by the legislature"), before a
//! relative clause ("the B Act, which Gov. Ann Lee signed in May"), or is a common noun or
//! pronoun standing for the policy named last ("the assembly approved the measure", "the
//! governor signed it into law").

use newsgraph_model::{EntityType, Predicate};

use super::{found, Doc};
use crate::relations::Found;
use crate::resolve::Mention;
use crate::text::Sentence;

/// How many sentences back "the measure" may find the policy it stands for.
const POLICY_REACH: usize = 3;

impl Doc<'_> {
    /// "a law enacted by New York state", "the legislature passed the Clean Air Act"
    pub(super) fn enacted_policies(&self, excluded: &dyn Fn(usize) -> bool, out: &mut Vec<Found>) {
        for s in &self.text.sentences {
            if excluded(s.start) {
                continue;
            }
            for t in s.first..s.last {
                if self.enacts_trigger(t) {
                    out.extend(self.enactment(s, t));
                }
            }
        }
    }

    /// True when token `t` is a one-word trigger of `enacts`.
    fn enacts_trigger(&self, t: usize) -> bool {
        self.lex.triggers.get(self.text.lower(t)).is_some_and(|l| {
            l.iter()
                .any(|x| x.predicate == Predicate::Enacts && x.words.len() == 1)
        })
    }

    /// The enactment the trigger at token `t` of sentence `s` states, passive ("enacted by")
    /// or active ("passed the ...", "which the council approved").
    fn enactment(&self, s: &Sentence, t: usize) -> Option<Found> {
        let r = self.r;
        let policies: Vec<&Mention> = r
            .starting_in(s.first, s.last)
            .map(|j| &r.mentions[j])
            .filter(|o| {
                o.first >= s.first
                    && o.last <= s.last
                    && r.entities[o.entity].kind == EntityType::Policy
            })
            .collect();
        if t + 1 < s.last && self.text.tok(t + 1) == "by" {
            self.policy_enacted_by(t, &policies)
        } else {
            self.enacts_policy(s.first, t, &policies)
                .or_else(|| self.relative_enactment(s.first, t, &policies))
        }
    }

    /// POLICY TRIGGER by ACTOR: "a law enacted by New York state"; every policy of a list
    /// before it ("the A Act and the B Act, both passed by …").
    fn policy_enacted_by(&self, t: usize, policies: &[&Mention]) -> Option<Found> {
        let r = self.r;
        let a = r
            .starting_in(t + 2, t + 5)
            .map(|j| &r.mentions[j])
            .find(|o| o.first > t + 1 && o.first <= t + 4 && self.is_actor(o))?;
        let at = policies.iter().rposition(|o| o.last <= t)?;
        let p = policies[at];
        let mut f = found(
            a.entity,
            Predicate::Enacts,
            p.entity,
            p.first,
            a.last,
            "policy-enacted-by",
            0.75,
        );
        // the policies coordinated before it: "A and B", "A, B and the C"
        let mut next = p;
        for q in policies[..at].iter().rev() {
            let joined = q.last < next.first
                && (q.last..next.first).all(|k| matches!(self.text.lower(k), "," | "and" | "the"));
            if !joined {
                break;
            }
            if !f.objects.contains(&q.entity) {
                f.objects.push(q.entity);
            }
            f.first = q.first;
            next = q;
        }
        Some(f)
    }

    /// ACTOR TRIGGER POLICY: "the legislature passed the Clean Air Act", "the assembly approved
    /// the measure", in the sentence starting at token `first`.
    fn enacts_policy(&self, first: usize, t: usize, policies: &[&Mention]) -> Option<Found> {
        let r = self.r;
        let (policy, p_last) = match policies.iter().find(|o| o.first > t && o.first <= t + 4) {
            Some(p) => (p.entity, p.last),
            None => {
                let end = self.policy_noun_after(t + 1)?;
                (self.policy_named_before(t)?.entity, end)
            }
        };
        let a = r
            .starting_in(first, t)
            .rev()
            .map(|j| &r.mentions[j])
            .find(|o| o.last <= t && o.first >= first && self.is_actor(o))?;
        Some(found(
            a.entity,
            Predicate::Enacts,
            policy,
            a.first,
            p_last,
            "enacts-policy",
            0.75,
        ))
    }

    /// POLICY, which ACTOR TRIGGER: "the B Act, which Gov. Ann Lee signed in May", "the
    /// program, which the county board approved".
    fn relative_enactment(&self, first: usize, t: usize, policies: &[&Mention]) -> Option<Found> {
        let (text, r) = (self.text, self.r);
        let mut k = t;
        while k > first && self.lex.words.aux.contains(text.lower(k - 1)) {
            k -= 1;
        }
        let a = r
            .ending_at(k)
            .map(|j| &r.mentions[j])
            .find(|o| o.last == k && o.first > first && self.is_actor(o))?;
        // "which Gov. Ann Lee", "that the county board": a title or "the" may stand between
        let rel = (a.first.saturating_sub(5).max(first)..a.first)
            .rev()
            .find(|&i| {
                matches!(text.lower(i), "which" | "that")
                    && (i + 1 == a.first
                        || (i + 1..a.first).all(|j| text.lower(j) == "the")
                        || crate::coord::title_run(text, self.lex, i + 1, a.first))
            })?;
        let end = if rel > first && text.tok(rel - 1) == "," {
            rel - 1
        } else {
            rel
        };
        let policy = match policies.iter().find(|o| o.last == end) {
            Some(p) => p.entity,
            None if end > first && self.lex.words.policy_noun.contains(text.lower(end - 1)) => {
                self.policy_named_before(end - 1)?.entity
            }
            None => return None,
        };
        Some(found(
            a.entity,
            Predicate::Enacts,
            policy,
            end.min(a.first),
            t + 1,
            "policy-which-enacted",
            0.7,
        ))
    }

    /// When the words from `k` are a definite common noun of a policy ("the measure", "the new
    /// law") or "it into law", one past their end.
    fn policy_noun_after(&self, k: usize) -> Option<usize> {
        let text = self.text;
        let last = text.tokens.len();
        let w = |i: usize| if i < last { text.lower(i) } else { "" };
        if w(k) == "it" && w(k + 1) == "into" && w(k + 2) == "law" {
            return Some(k + 1);
        }
        if !matches!(w(k), "the" | "this" | "that") {
            return None;
        }
        // one or two lower-case modifiers may stand before the noun ("the new state law")
        (k + 1..(k + 4).min(last))
            .take_while(|&i| text.tok(i).chars().all(|c| c.is_lowercase() || c == '-'))
            .find(|&i| self.lex.words.policy_noun.contains(w(i)))
            .filter(|&i| w(i + 1) != "of" && w(i + 1) != "'s")
            .map(|i| i + 1)
    }

    /// The last policy named before token `t`, in its sentence or the `POLICY_REACH` before.
    fn policy_named_before(&self, t: usize) -> Option<&Mention> {
        let (text, r) = (self.text, self.r);
        let s = text.sentence_of(t);
        let from = text.sentences[s.saturating_sub(POLICY_REACH)].first;
        r.starting_in(from, t)
            .rev()
            .map(|j| &r.mentions[j])
            .find(|o| o.last <= t && r.entities[o.entity].kind == EntityType::Policy)
    }
}
