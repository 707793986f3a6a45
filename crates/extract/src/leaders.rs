//! The person who leads an agency, for the rules that let a leader stand for or beside the
//! agency: "The ICE boss went on to take aim at de Blasio" is an act of the person who leads
//! ICE, and a quotation of "the agency's director" is that person's.

use newsgraph_model::Predicate;

use crate::lexicon::Lexicon;
use crate::relations::Found;
use crate::resolve::Resolved;
use crate::text::Text;

/// The person the relations `found` say leads entity `e`.
pub fn leader_of(found: &[Found], e: usize) -> Option<usize> {
    found
        .iter()
        .find(|f| f.predicate == Predicate::Leads && f.objects.contains(&e))
        .map(|f| f.subject)
}

/// Gives an act whose subject is written "the <agency> boss" to the person who leads the
/// agency, when the text says who that is.
pub fn act_for_agencies(text: &Text, lex: &Lexicon, res: &Resolved, found: &mut [Found]) {
    let leaders: Vec<Option<usize>> = found
        .iter()
        .map(|f| {
            let m = res.mention_at(f.first)?;
            // the word after the mention: "the ICE boss"
            let head = text.get_lower(m.last)?;
            (m.entity == f.subject && lex.words.leader_head.contains(head))
                .then(|| leader_of(found, f.subject))
                .flatten()
        })
        .collect();
    for (f, l) in found.iter_mut().zip(leaders) {
        if let Some(p) = l {
            if !f.objects.contains(&p) {
                f.subject = p;
            }
        }
    }
}
