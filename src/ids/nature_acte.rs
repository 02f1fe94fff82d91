//! Natures d'acte, `CodeNatureActe` ⇄ `TypeAbrege` (SPEC §9.1).

use std::fmt;

use super::support::string_conversions;
use crate::diagnostic::{Code, Diagnostic, Parsed};

const SEGMENT: &str = "nature";

/// The nature of an act: `1`–`6` ⇄ `DE AR AI CC BF AU`.
///
/// The MI delivers the list in `RetourClassification`; this is the national
/// default, every known file agrees with it. There is no nature 7.
///
/// Reading: `FromStr` accepts the code as an integer (`"1"`…`"6"`, leading
/// zeros allowed as in `"01"`, which STELA uses internally) or the exact
/// upper-case abbreviation. Display is the abbreviation.
///
/// Diagnostic (segment `nature`, offset 0): `ID-NATURE-ACTE-UNKNOWN`.
///
/// ```
/// use actes::ids::NatureActe;
/// let n: NatureActe = "DE".parse().unwrap();
/// assert_eq!(n, NatureActe::Deliberation);
/// assert_eq!(n.code(), 1);
/// assert_eq!(n.label(), "Délibérations");
/// assert_eq!(n.default_typologie(), "99_DE");
/// assert_eq!("4".parse::<NatureActe>().unwrap().abbr(), "CC");
/// assert_eq!(NatureActe::from_code(6), Some(NatureActe::Autre));
/// assert!("7".parse::<NatureActe>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NatureActe {
    /// 1 `DE` Délibérations.
    Deliberation = 1,
    /// 2 `AR` Actes réglementaires.
    ActeReglementaire = 2,
    /// 3 `AI` Actes individuels.
    ActeIndividuel = 3,
    /// 4 `CC` Contrats, conventions et avenants.
    Contrat = 4,
    /// 5 `BF` Documents budgétaires et financiers.
    Budgetaire = 5,
    /// 6 `AU` Autres.
    Autre = 6,
}

/// One row of the table of SPEC §9.1.
struct Row {
    nature: NatureActe,
    abbr: &'static str,
    label: &'static str,
    label_2004: &'static str,
    typologie: &'static str,
}

/// SPEC §9.1, in code order.
const TABLE: [Row; 6] = [
    Row {
        nature: NatureActe::Deliberation,
        abbr: "DE",
        label: "Délibérations",
        label_2004: "Deliberations",
        typologie: "99_DE",
    },
    Row {
        nature: NatureActe::ActeReglementaire,
        abbr: "AR",
        label: "Actes réglementaires",
        label_2004: "Arretes reglementaires",
        typologie: "99_AR",
    },
    Row {
        nature: NatureActe::ActeIndividuel,
        abbr: "AI",
        label: "Actes individuels",
        label_2004: "Arretes individuels",
        typologie: "99_AI",
    },
    Row {
        nature: NatureActe::Contrat,
        abbr: "CC",
        label: "Contrats, conventions et avenants",
        label_2004: "Contrats et conventions",
        typologie: "99_DC",
    },
    Row {
        nature: NatureActe::Budgetaire,
        abbr: "BF",
        label: "Documents budgétaires et financiers",
        label_2004: "Documents budgetaires et financiers",
        typologie: "99_BU",
    },
    Row {
        nature: NatureActe::Autre,
        abbr: "AU",
        label: "Autres",
        label_2004: "Autres",
        typologie: "99_AU",
    },
];

impl NatureActe {
    /// Every nature, in code order.
    pub const ALL: [NatureActe; 6] = [
        NatureActe::Deliberation,
        NatureActe::ActeReglementaire,
        NatureActe::ActeIndividuel,
        NatureActe::Contrat,
        NatureActe::Budgetaire,
        NatureActe::Autre,
    ];

    fn row(self) -> &'static Row {
        // The discriminants are 1..=6 and TABLE has 6 rows in that order.
        match TABLE.get(usize::from(self.code() - 1)) {
            Some(r) => r,
            None => &TABLE[0],
        }
    }

    /// The nature of `CodeNatureActe` 1 to 6.
    #[must_use]
    pub fn from_code(code: u8) -> Option<NatureActe> {
        TABLE
            .iter()
            .find(|r| r.nature as u8 == code)
            .map(|r| r.nature)
    }

    /// The nature of a `TypeAbrege` (`"DE"`…), upper case only.
    #[must_use]
    pub fn from_abbr(abbr: &str) -> Option<NatureActe> {
        TABLE.iter().find(|r| r.abbr == abbr).map(|r| r.nature)
    }

    /// `CodeNatureActe`, 1 to 6.
    #[must_use]
    pub fn code(self) -> u8 {
        self as u8
    }

    /// `TypeAbrege`: `DE AR AI CC BF AU`.
    #[must_use]
    pub fn abbr(self) -> &'static str {
        self.row().abbr
    }

    /// The label of the 2017–2019 classification files (`"Délibérations"`).
    #[must_use]
    pub fn label(self) -> &'static str {
        self.row().label
    }

    /// The label of the 2004 national file, without accents.
    #[must_use]
    pub fn label_2004(self) -> &'static str {
        self.row().label_2004
    }

    /// S2LOW's default typologie of the act file (`99_DE`, `99_AR`, `99_AI`,
    /// `99_DC`, `99_BU`, `99_AU`).
    #[must_use]
    pub fn default_typologie(self) -> &'static str {
        self.row().typologie
    }

    /// The lenient parse: a code (`"1"`…`"6"`, leading zeros allowed) or an
    /// abbreviation.
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<NatureActe> {
        let found = NatureActe::from_abbr(s).or_else(|| {
            let b = s.as_bytes();
            if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
                s.parse::<u8>().ok().and_then(NatureActe::from_code)
            } else {
                None
            }
        });
        if let Some(n) = found {
            Parsed {
                value: Some(n),
                diagnostics: Vec::new(),
            }
        } else {
            let shown: String = s.chars().take(20).collect();
            let ellipsis = if s.chars().nth(20).is_some() {
                "…"
            } else {
                ""
            };
            Parsed {
                value: None,
                diagnostics: vec![Diagnostic::on_segment(
                    Code::IdNatureActeUnknown,
                    SEGMENT,
                    0,
                    format!("{shown:?}{ellipsis} is not a nature of act (1-6 or DE, AR, AI, CC, BF, AU)"),
                    format!("la nature {shown:?}{ellipsis} est inconnue (1 à 6 ou DE, AR, AI, CC, BF, AU)"),
                )],
            }
        }
    }
}

impl fmt::Display for NatureActe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.abbr())
    }
}

string_conversions!(
    NatureActe,
    "a nature of act (1-6 or DE, AR, AI, CC, BF, AU)"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Lang;

    #[test]
    fn round_trips() {
        let abbrs = ["DE", "AR", "AI", "CC", "BF", "AU"];
        let typ = ["99_DE", "99_AR", "99_AI", "99_DC", "99_BU", "99_AU"];
        for (i, n) in NatureActe::ALL.iter().enumerate() {
            let code = i as u8 + 1;
            assert_eq!(n.code(), code);
            assert_eq!(n.abbr(), abbrs[i]);
            assert_eq!(n.default_typologie(), typ[i]);
            assert_eq!(NatureActe::from_code(code), Some(*n));
            assert_eq!(NatureActe::from_abbr(abbrs[i]), Some(*n));
            assert_eq!(code.to_string().parse::<NatureActe>().unwrap(), *n);
            assert_eq!(n.to_string().parse::<NatureActe>().unwrap(), *n);
        }
        assert_eq!("05".parse::<NatureActe>().unwrap(), NatureActe::Budgetaire);
        assert_eq!(
            "0001".parse::<NatureActe>().unwrap(),
            NatureActe::Deliberation
        );
        assert_eq!(
            NatureActe::Contrat.label(),
            "Contrats, conventions et avenants"
        );
        assert_eq!(NatureActe::Contrat.label_2004(), "Contrats et conventions");
    }

    #[test]
    fn unknown() {
        for s in ["", "0", "7", "de", "XX", "1.0", "256", "+1", " 1"] {
            let p = NatureActe::parse_diagnostics(s);
            assert!(p.value.is_none(), "{s}");
            assert_eq!(p.diagnostics.len(), 1);
            assert_eq!(p.diagnostics[0].code, Code::IdNatureActeUnknown);
            assert_eq!(p.diagnostics[0].location.offset, Some(0));
        }
        assert_eq!(NatureActe::from_code(0), None);
        assert_eq!(NatureActe::from_code(7), None);
        let p = NatureActe::parse_diagnostics("7");
        assert_eq!(
            p.diagnostics[0].message(Lang::Fr),
            "la nature \"7\" est inconnue (1 à 6 ou DE, AR, AI, CC, BF, AU)"
        );
    }
}
