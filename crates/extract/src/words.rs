//! The words of `data/words.tsv` that the rules test tokens against: prepositions, forms of
//! "be", negators, modals, clause breaks, determiners, auxiliaries, the verbs of saying of the
//! quotation, name and attribution rules, and the smaller lists of the name, reference, list,
//! quotation and structure rules.

use rustc_hash::FxHashSet;

use crate::data::{DataSource, Table};
use crate::Error;

/// A class of words: membership is one hash probe, with no allocation.
pub type WordSet = FxHashSet<String>;

const FILE: &str = "words.tsv";

/// The classes of `words.tsv`.
#[derive(Debug, Default)]
pub struct Words {
    /// Prepositions: an entity after one is oblique.
    pub preposition: WordSet,
    /// Forms of "be" and "get" that make a participle passive.
    pub be: WordSet,
    /// Words that negate the trigger after them.
    pub negator: WordSet,
    /// Words that make the act after them hypothetical.
    pub modal: WordSet,
    /// Tokens that end the clause of a trigger's target.
    pub clause_break: WordSet,
    /// Determiners: what follows them is a noun.
    pub determiner: WordSet,
    /// Words that may stand between a subject and its verb.
    pub aux: WordSet,
    /// Verbs of an attribution that gives a quotation its speaker.
    pub speech_quote: WordSet,
    /// Verbs next to a name that make it a person's.
    pub speech_name: WordSet,
    /// Verbs of a sentence whose speaker its relations are attributed to.
    pub speech_attribution: WordSet,
    /// Common nouns that stand for a policy named before ("signed the bill", "approved the
    /// measure").
    pub policy_noun: WordSet,
    /// Nouns of a court's act ("praised the decision": the court's).
    pub ruling: WordSet,
    /// Particles inside a person's name, as written.
    pub name_particle: WordSet,
    /// Words, as written, that open a numbered provision.
    pub numbered_provision: WordSet,
    /// Lower-case words that may join the words of one name.
    pub name_connector: WordSet,
    /// Words, as written, whose "'s" stays inside a name.
    pub possessive_head: WordSet,
    /// Capitalised words, as written, that start a name at a sentence start.
    pub name_part: WordSet,
    /// Verbs whose object is a person.
    pub person_object_verb: WordSet,
    /// Words, as written, of an office within a body.
    pub office_noun: WordSet,
    /// Capitalised words, as written, that are no names at a sentence start or alone.
    pub stop_cap: WordSet,
    /// Adjectives between "the" and a role noun.
    pub role_adjective: WordSet,
    /// Tokens that end the clause of an object pronoun's antecedent.
    pub antecedent_break: WordSet,
    /// Verbs, as written, of a body over another.
    pub oversee_verb: WordSet,
    /// Nouns, as written, of a part of a body.
    pub part_noun: WordSet,
    /// Words between the items of a list of names.
    pub list_filler: WordSet,
    /// Heads of a leader's title that make the leader act for the body.
    pub leader_head: WordSet,
    /// Nouns of a leader that a pronoun speaker may stand for.
    pub leader_noun: WordSet,
    /// Prepositions that open a fronted phrase.
    pub fronting_preposition: WordSet,
    /// Party words, as written, before an office.
    pub party: WordSet,
    /// Tokens, as written, that end an apposition.
    pub apposition_end: WordSet,
    /// Words, as written, whose period ends no sentence.
    pub abbreviation: WordSet,
    /// Adverbs and auxiliaries between a trigger and what decides its voice.
    pub skippable: WordSet,
    /// Nouns of a place before "of".
    pub place_noun: WordSet,
    /// Nouns of people who act for a body.
    pub people_noun: WordSet,
    /// Nouns of the members of a body.
    pub member_noun: WordSet,
    /// Nouns of an act or document between a trigger and its target.
    pub object_noun: WordSet,
    /// Plural nouns that make a trigger about no named actor.
    pub generic_subject: WordSet,
    /// Participles without "-ed" that make a trigger passive.
    pub irregular_participle: WordSet,
    /// Words before a trigger word that make it a noun.
    pub noun_context: WordSet,
    /// Verbs whose object is a document.
    pub document_verb: WordSet,
    /// Words of a court or judge's name or description ("court", "judge").
    pub court: WordSet,
    /// Participles of making an act ("issued", "signed"): "the order issued by X" is X's.
    pub authored: WordSet,
}

impl Words {
    /// Reads `words.tsv`: form → class, one row each; an unknown class is an error.
    pub fn load(data: &DataSource) -> Result<Words, Error> {
        Words::from_table(&data.table(FILE)?)
    }

    /// The classes of a parsed `words.tsv`.
    fn from_table(t: &Table<'_>) -> Result<Words, Error> {
        t.require(&["form", "class"])?;
        let mut words = Words::default();
        for (line, r) in &t.rows {
            let set = match t.get(r, "class") {
                "preposition" => &mut words.preposition,
                "be" => &mut words.be,
                "negator" => &mut words.negator,
                "modal" => &mut words.modal,
                "clause-break" => &mut words.clause_break,
                "determiner" => &mut words.determiner,
                "aux" => &mut words.aux,
                "speech-quote" => &mut words.speech_quote,
                "speech-name" => &mut words.speech_name,
                "speech-attribution" => &mut words.speech_attribution,
                "policy-noun" => &mut words.policy_noun,
                "ruling" => &mut words.ruling,
                "name-particle" => &mut words.name_particle,
                "numbered-provision" => &mut words.numbered_provision,
                "name-connector" => &mut words.name_connector,
                "possessive-head" => &mut words.possessive_head,
                "name-part" => &mut words.name_part,
                "person-object-verb" => &mut words.person_object_verb,
                "office-noun" => &mut words.office_noun,
                "stop-cap" => &mut words.stop_cap,
                "role-adjective" => &mut words.role_adjective,
                "antecedent-break" => &mut words.antecedent_break,
                "oversee-verb" => &mut words.oversee_verb,
                "part-noun" => &mut words.part_noun,
                "list-filler" => &mut words.list_filler,
                "leader-head" => &mut words.leader_head,
                "leader-noun" => &mut words.leader_noun,
                "fronting-preposition" => &mut words.fronting_preposition,
                "party" => &mut words.party,
                "apposition-end" => &mut words.apposition_end,
                "abbreviation" => &mut words.abbreviation,
                "skippable" => &mut words.skippable,
                "place-noun" => &mut words.place_noun,
                "people-noun" => &mut words.people_noun,
                "member-noun" => &mut words.member_noun,
                "object-noun" => &mut words.object_noun,
                "generic-subject" => &mut words.generic_subject,
                "irregular-participle" => &mut words.irregular_participle,
                "noun-context" => &mut words.noun_context,
                "document-verb" => &mut words.document_verb,
                "court" => &mut words.court,
                "authored" => &mut words.authored,
                other => {
                    return Err(Error::Data {
                        file: FILE.to_owned(),
                        line: *line,
                        message: format!("unknown class '{other}'"),
                    })
                }
            };
            let form = t.get(r, "form");
            if form.is_empty() {
                return Err(Error::Data {
                    file: FILE.to_owned(),
                    line: *line,
                    message: "empty form".into(),
                });
            }
            set.insert(form.to_owned());
        }
        Ok(words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_classes_load() {
        let w = Words::load(&DataSource::Embedded).expect("words.tsv loads");
        assert!(w.preposition.contains("despite"));
        assert!(w.negator.contains("n't"));
        assert!(w.clause_break.contains("\u{2014}"));
        // the three lists of verbs of saying differ
        assert!(w.speech_quote.contains("say") && !w.speech_name.contains("say"));
        assert!(
            w.speech_attribution.contains("announced") && !w.speech_quote.contains("announced")
        );
    }

    #[test]
    fn an_unknown_class_names_file_and_line() {
        let t = Table::parse(FILE, "# words\nform\tclass\nto\tpreposition\nnot\tnegatr\n")
            .expect("parses");
        let e = Words::from_table(&t).expect_err("unknown class");
        assert_eq!(e.to_string(), "words.tsv:4: unknown class 'negatr'");
    }
}
