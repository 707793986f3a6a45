//! The closed vocabulary of SPEC §2: entity types and predicates with their event codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The newsgraph vocabulary namespace.
pub const NG_NS: &str = "https://w3id.org/newsgraph/ns#";

/// A name that is not in the closed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName(pub String);

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not in the newsgraph vocabulary", self.0)
    }
}

impl std::error::Error for UnknownName {}

macro_rules! closed_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in JSON, TSV and RDF.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName(s.to_owned())),
                }
            }
        }
    };
}

closed_enum! {
    /// Entity types (SPEC §2.1).
    EntityType {
        /// A named human.
        Person = "Person",
        /// A government body at any level.
        Agency = "Agency",
        /// A non-government organisation.
        Organization = "Organization",
        /// A governed territory.
        Jurisdiction = "Jurisdiction",
        /// A named place that is not a jurisdiction.
        Facility = "Facility",
        /// A named law, ordinance, executive order, program or grant.
        Policy = "Policy",
    }
}

closed_enum! {
    /// Predicates (SPEC §2.2).
    Predicate {
        /// Issues or serves a subpoena on.
        Subpoenas = "subpoenas",
        /// Demands, orders, insists.
        Demands = "demands",
        /// Asks, urges, implores, appeals to.
        Requests = "requests",
        /// Sends a letter or message to.
        WritesTo = "writesTo",
        /// Meets, consults.
        MeetsWith = "meetsWith",
        /// Accuses, blames, alleges wrongdoing.
        Accuses = "accuses",
        /// Criticizes, rebukes, denounces, condemns.
        Criticizes = "criticizes",
        /// Investigates, reviews, audits.
        Investigates = "investigates",
        /// Files a lawsuit against.
        Sues = "sues",
        /// Charges with a crime, indicts.
        Charges = "charges",
        /// Threatens.
        Threatens = "threatens",
        /// Refuses, declines, rejects, ignores, will not comply with.
        Refuses = "refuses",
        /// Cooperates with, complies with, helps.
        CooperatesWith = "cooperatesWith",
        /// Supports, praises, sides with, backs.
        Supports = "supports",
        /// Bans, bars, limits, blocks, suspends the object's access or participation.
        Restricts = "restricts",
        /// Withholds, cancels or cuts grants or money of.
        CutsFunding = "cutsFunding",
        /// Grants money to.
        Funds = "funds",
        /// Arrests, detains.
        Arrests = "arrests",
        /// Deports, removes.
        Deports = "deports",
        /// Releases from custody.
        Releases = "releases",
        /// Passes, signs, issues, enacts a Policy.
        Enacts = "enacts",
        /// Heads an agency or jurisdiction.
        Leads = "leads",
        /// Works for, speaks for, is an official or counsel of.
        WorksFor = "worksFor",
        /// Is a part or sub-agency of.
        PartOf = "partOf",
        /// Place within a jurisdiction.
        LocatedIn = "locatedIn",
    }
}

impl Predicate {
    /// PLOVER event type (and mode), or `None` for structural predicates and `enacts`.
    pub fn plover(self) -> Option<&'static str> {
        use Predicate::*;
        Some(match self {
            Subpoenas | Demands | Requests => "REQUEST",
            WritesTo | MeetsWith => "CONSULT",
            Accuses | Sues | Charges => "ACCUSE",
            Criticizes => "ACCUSE",
            Investigates => "ACCUSE",
            Threatens => "THREATEN",
            Refuses => "REJECT",
            CooperatesWith => "COOPERATE",
            Supports => "SUPPORT",
            Restricts | Arrests | Deports => "COERCE",
            CutsFunding => "SANCTION",
            Funds => "AID",
            Releases => "RETREAT",
            Enacts | Leads | WorksFor | PartOf | LocatedIn => return None,
        })
    }

    /// PLOVER mode, where SPEC §2.2 gives one.
    pub fn plover_mode(self) -> Option<&'static str> {
        use Predicate::*;
        Some(match self {
            Accuses | Sues | Charges => "allege",
            Criticizes => "disapprove",
            Investigates => "investigate",
            Restricts => "restrict",
            CutsFunding => "discontinue",
            Arrests => "arrest",
            Deports => "deport",
            Releases => "release",
            _ => return None,
        })
    }

    /// PLOVER context, where SPEC §2.2 gives one.
    pub fn plover_context(self) -> Option<&'static str> {
        match self {
            Predicate::Subpoenas | Predicate::Sues | Predicate::Charges => Some("legal"),
            _ => None,
        }
    }

    /// CAMEO code, or `None` for structural predicates and `enacts`.
    pub fn cameo(self) -> Option<&'static str> {
        use Predicate::*;
        Some(match self {
            Subpoenas => "101",
            Demands => "100",
            Requests => "020",
            WritesTo | MeetsWith => "040",
            Accuses => "112",
            Criticizes => "111",
            Investigates => "090",
            Sues => "115",
            Charges => "173",
            Threatens => "130",
            Refuses => "120",
            CooperatesWith => "060",
            Supports => "051",
            Restricts => "172",
            CutsFunding => "162",
            Funds => "070",
            Arrests => "173",
            Deports => "174",
            Releases => "084",
            Enacts | Leads | WorksFor | PartOf | LocatedIn => return None,
        })
    }

    /// True for interactions, which become `ng:Event` nodes; false for structure
    /// (`leads`, `worksFor`, `partOf`, `locatedIn`), which are plain triples.
    pub fn is_event(self) -> bool {
        !matches!(
            self,
            Predicate::Leads | Predicate::WorksFor | Predicate::PartOf | Predicate::LocatedIn
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in Predicate::ALL {
            assert_eq!(p.as_str().parse::<Predicate>(), Ok(*p));
        }
        for t in EntityType::ALL {
            assert_eq!(t.as_str().parse::<EntityType>(), Ok(*t));
        }
        assert!("sanctions".parse::<Predicate>().is_err());
    }

    #[test]
    fn every_interaction_has_codes_but_enacts() {
        for p in Predicate::ALL {
            if p.is_event() && *p != Predicate::Enacts {
                assert!(p.plover().is_some() && p.cameo().is_some(), "{p}");
            } else {
                assert!(p.cameo().is_none(), "{p}");
            }
        }
    }
}
