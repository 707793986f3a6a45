//! The words of `data/figure_words.tsv` that the figure rules read: which numbers count, what
//! bounds and scales them, what is counted, and whose the figure is.

use rustc_hash::FxHashMap;

use crate::data::{DataSource, Table};
use crate::number_pattern::NumberPattern;
use crate::words::WordSet;
use crate::Error;

const FILE: &str = "figure_words.tsv";

/// The classes of `figure_words.tsv`.
#[derive(Debug)]
pub struct FigureWords {
    /// Spelled numbers → value.
    pub number: FxHashMap<String, f64>,
    /// Scale words → factor ("million" → 1e6).
    pub scale: FxHashMap<String, f64>,
    /// Bounds before a figure, in file order (longer before shorter).
    pub bound: Vec<String>,
    /// Capitalised words that bound a figure rather than name it.
    pub capital_bound: WordSet,
    /// Spelled numbers that refer back after "the", "these", "those".
    pub anaphoric_number: WordSet,
    /// Units of time.
    pub time_unit: WordSet,
    /// Words before a number that make it part of a name.
    pub name_before: WordSet,
    /// Words after "N-" that make no count.
    pub hyphen_no_count: WordSet,
    /// Counted things of page furniture.
    pub furniture_count: WordSet,
    /// Month names, as written.
    pub month: WordSet,
    /// Words, as written, that end what is counted.
    pub what_stop: WordSet,
    /// Currency words → ISO 4217 code.
    pub currency: FxHashMap<String, String>,
    /// Verbs that give money to the one named after them.
    pub giving: WordSet,
    /// Words between a recipient or a bound and the amount.
    pub amount_bound: WordSet,
    /// Participles without "-ed" that take a "by" agent.
    pub by_participle: WordSet,
    /// Counted things laid on a place.
    pub levy: WordSet,
    /// Words after a name that end its noun phrase.
    pub name_end: WordSet,
    /// Counted things that are governments.
    pub government_noun: WordSet,
    /// Prepositions that make the reference after them no subject.
    pub governing: WordSet,
    /// Words of place between a preposition and a name.
    pub place_adjective: WordSet,
    /// The pattern of a number: digits or a spelled number, then an optional scale word.
    pub number_pattern: NumberPattern,
}

impl FigureWords {
    /// Reads `figure_words.tsv`; an unknown class, an empty form or a bad value is an error.
    pub fn load(data: &DataSource) -> Result<FigureWords, Error> {
        FigureWords::from_table(&data.table(FILE)?)
    }

    fn from_table(t: &Table<'_>) -> Result<FigureWords, Error> {
        t.require(&["form", "class", "value"])?;
        let mut number = FxHashMap::default();
        let mut scale = FxHashMap::default();
        let mut currency = FxHashMap::default();
        let mut bound = Vec::new();
        let mut sets: FxHashMap<&str, WordSet> = FxHashMap::default();
        for (line, r) in &t.rows {
            let (form, class, value) = (t.get(r, "form"), t.get(r, "class"), t.get(r, "value"));
            let err = |message: String| Error::Data {
                file: FILE.to_owned(),
                line: *line,
                message,
            };
            if form.is_empty() {
                return Err(err("empty form".into()));
            }
            let factor = || {
                value
                    .parse::<f64>()
                    .map_err(|_| err(format!("value '{value}' of '{form}' is no number")))
            };
            match class {
                "number" => {
                    number.insert(form.to_owned(), factor()?);
                }
                "scale" => {
                    scale.insert(form.to_owned(), factor()?);
                }
                "currency" if is_currency_code(value) => {
                    currency.insert(form.to_owned(), value.to_owned());
                }
                "currency" => return Err(err(format!("'{value}' is no ISO 4217 code"))),
                "bound" => bound.push(form.to_owned()),
                c if SETS.contains(&c) => {
                    sets.entry(c).or_default().insert(form.to_owned());
                }
                other => return Err(err(format!("unknown class '{other}'"))),
            }
        }
        let mut set = |class: &str| sets.remove(class).unwrap_or_default();
        Ok(FigureWords {
            number_pattern: number_pattern(&number, &scale),
            number,
            scale,
            bound,
            currency,
            capital_bound: set("capital-bound"),
            anaphoric_number: set("anaphoric-number"),
            time_unit: set("time-unit"),
            name_before: set("name-before"),
            hyphen_no_count: set("hyphen-no-count"),
            furniture_count: set("furniture-count"),
            month: set("month"),
            what_stop: set("what-stop"),
            giving: set("giving"),
            amount_bound: set("amount-bound"),
            by_participle: set("by-participle"),
            levy: set("levy"),
            name_end: set("name-end"),
            government_noun: set("government-noun"),
            governing: set("governing"),
            place_adjective: set("place-adjective"),
        })
    }
}

/// An ISO 4217 code: three capital letters.
fn is_currency_code(value: &str) -> bool {
    value.len() == 3 && value.bytes().all(|b| b.is_ascii_uppercase())
}

/// The classes that are plain sets of words.
const SETS: &[&str] = &[
    "capital-bound",
    "anaphoric-number",
    "time-unit",
    "name-before",
    "hyphen-no-count",
    "furniture-count",
    "month",
    "what-stop",
    "giving",
    "amount-bound",
    "by-participle",
    "levy",
    "name-end",
    "government-noun",
    "governing",
    "place-adjective",
];

/// The number pattern over the spelled numbers and scale words.
fn number_pattern(
    number: &FxHashMap<String, f64>,
    scale: &FxHashMap<String, f64>,
) -> NumberPattern {
    fn words(m: &FxHashMap<String, f64>) -> Vec<&str> {
        m.keys().map(String::as_str).collect()
    }
    NumberPattern::new(&words(number), &words(scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_classes_load() {
        let w = FigureWords::load(&DataSource::Embedded).expect("figure_words.tsv loads");
        assert_eq!(w.number.get("seventeen"), Some(&17.0));
        assert_eq!(w.scale.get("billion"), Some(&1e9));
        assert_eq!(w.currency.get("euros").map(String::as_str), Some("EUR"));
        assert_eq!(w.bound.first().map(String::as_str), Some("at least"));
        assert!(w.month.contains("Sept.") && !w.month.contains("sept."));
        assert!(w.number_pattern.is_match("about seventeen"));
        assert!(!w.number_pattern.is_match("seventeenth"));
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let parse = |body: &str| {
            let text = format!("form\tclass\tvalue\n{body}");
            let t = Table::parse(FILE, &text).expect("parses");
            FigureWords::from_table(&t)
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            parse("two\tnumber\ttwo\n"),
            Err("figure_words.tsv:2: value 'two' of 'two' is no number".into())
        );
        assert_eq!(
            parse("six\tnumber\t6\nyen\tcurrency\tyen\n"),
            Err("figure_words.tsv:3: 'yen' is no ISO 4217 code".into())
        );
        assert_eq!(
            parse("ten\tnumbr\t10\n"),
            Err("figure_words.tsv:2: unknown class 'numbr'".into())
        );
    }
}
