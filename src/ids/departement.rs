//! Département codes (SPEC §4.3, §8.4).

use std::fmt;
use std::sync::OnceLock;

use super::support::{csv_fields, data_lines, describe_char_at, string_conversions};
use crate::diagnostic::{Code, Diagnostic, Parsed};

const SEGMENT: &str = "departement";

/// The known départements, from `data/departements.csv`.
const DATA: &str = include_str!("../../data/departements.csv");

/// A département code: three characters matching `^[09][0-9][0-9AB]$`
/// (`062`, `02A`, `974`).
///
/// Any well-formed code is accepted; one that is not in the list of known
/// départements (the 103 codes of S2LOW plus `976` Mayotte, SPEC §8.4) gets
/// the warning `ID-DEPARTEMENT-UNKNOWN`. Test platforms use such codes
/// (`099`). Lower-case `02a` is refused, as by the XSD.
///
/// Diagnostics (segment `departement`): `ID-DEPARTEMENT-LENGTH` (offset 3
/// when too long, the input length when too short), `ID-DEPARTEMENT-CHAR`
/// (one per wrong character among the first three, at its offset),
/// `ID-DEPARTEMENT-UNKNOWN` (warning, offset 0).
///
/// ```
/// use actes::ids::Departement;
/// let d: Departement = "02A".parse().unwrap();
/// assert!(d.is_known());
/// assert_eq!(d.name(), Some("Corse-du-Sud"));
///
/// let test = Departement::parse_diagnostics("099");
/// assert!(test.is_valid());
/// assert_eq!(test.diagnostics[0].code.as_str(), "ID-DEPARTEMENT-UNKNOWN");
///
/// assert!("020".parse::<Departement>().is_ok()); // well-formed, unknown
/// assert!("62".parse::<Departement>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Departement([u8; 3]);

fn shape_ok(d: &[u8; 3]) -> bool {
    matches!(d[0], b'0' | b'9')
        && d[1].is_ascii_digit()
        && matches!(d[2], b'0'..=b'9' | b'A' | b'B')
}

/// The known codes with their names, sorted by code.
fn known() -> &'static [([u8; 3], &'static str)] {
    static KNOWN: OnceLock<Vec<([u8; 3], &'static str)>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut v: Vec<([u8; 3], &'static str)> = data_lines(DATA)
            .filter_map(|line| {
                let f = csv_fields(line);
                let code = <[u8; 3]>::try_from(f.first()?.as_bytes()).ok()?;
                Some((code, *f.get(1)?))
            })
            .collect();
        v.sort_unstable();
        v
    })
}

/// The place of a well-formed code (`^[09][0-9][0-9AB]$`) among the 240
/// such codes.
fn slot(d: &[u8; 3]) -> Option<usize> {
    let first = match d[0] {
        b'0' => 0,
        b'9' => 1,
        _ => return None,
    };
    let second = match d[1] {
        c @ b'0'..=b'9' => usize::from(c - b'0'),
        _ => return None,
    };
    let third = match d[2] {
        c @ b'0'..=b'9' => usize::from(c - b'0'),
        b'A' => 10,
        b'B' => 11,
        _ => return None,
    };
    Some((first * 10 + second) * 12 + third)
}

/// For each well-formed code, 1 + its index in [`known()`], or 0 when it is
/// not a known département (identifiers are validated by the million: the
/// look-up must not be a search).
fn known_index() -> &'static [u8; 240] {
    static INDEX: OnceLock<[u8; 240]> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = [0u8; 240];
        for (i, (code, _)) in known().iter().enumerate() {
            if let (Some(slot), Ok(v)) = (slot(code), u8::try_from(i + 1)) {
                if let Some(e) = index.get_mut(slot) {
                    *e = v;
                }
            }
        }
        index
    })
}

impl Departement {
    /// The lenient parse: the value when well-formed, and every finding.
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<Departement> {
        let b = s.as_bytes();
        if let Ok(d) = <[u8; 3]>::try_from(b) {
            if shape_ok(&d) {
                let dep = Departement(d);
                let mut diagnostics = Vec::new();
                if !dep.is_known() {
                    diagnostics.push(Diagnostic::on_segment(
                        Code::IdDepartementUnknown,
                        SEGMENT,
                        0,
                        format!("the département code {s} is well-formed but not a known département"),
                        format!("le code de département {s} est bien formé mais ne correspond à aucun département connu"),
                    ));
                }
                return Parsed {
                    value: Some(dep),
                    diagnostics,
                };
            }
        }
        let mut diagnostics = Vec::new();
        for (pos, (i, c)) in s.char_indices().take(3).enumerate() {
            let (ok, rule_en, rule_fr) = match pos {
                0 => (matches!(c, '0' | '9'), "0 or 9", "0 ou 9"),
                1 => (c.is_ascii_digit(), "a digit", "un chiffre"),
                _ => (
                    matches!(c, '0'..='9' | 'A' | 'B'),
                    "a digit, A or B",
                    "un chiffre, A ou B",
                ),
            };
            if !ok {
                let what = describe_char_at(s, i);
                diagnostics.push(Diagnostic::on_segment(
                    Code::IdDepartementChar,
                    SEGMENT,
                    i,
                    format!("character {} of a département code must be {rule_en}; found {what}", pos + 1),
                    format!("le caractère {} d'un code de département doit être {rule_fr} ; trouvé {what}", pos + 1),
                ));
            }
        }
        let nchars = s.chars().count();
        if nchars != 3 {
            let offset = if nchars < 3 {
                s.len()
            } else {
                s.char_indices().nth(3).map_or(s.len(), |(i, _)| i)
            };
            diagnostics.push(Diagnostic::on_segment(
                Code::IdDepartementLength,
                SEGMENT,
                offset,
                format!("the département code has {nchars} character(s); exactly 3 are required"),
                format!("le code de département comporte {nchars} caractère(s) ; il en faut exactement 3"),
            ));
        }
        Parsed {
            value: None,
            diagnostics,
        }
    }

    /// Whether the code is in the list of known départements.
    #[must_use]
    pub fn is_known(&self) -> bool {
        self.name().is_some()
    }

    /// The name of a known département (`"Pas-de-Calais"` for `062`).
    #[must_use]
    pub fn name(&self) -> Option<&'static str> {
        let k = known();
        let index = match slot(&self.0) {
            // Every value is well-formed: a direct look-up.
            Some(slot) => known_index()
                .get(slot)
                .and_then(|&i| usize::from(i).checked_sub(1)),
            None => k.binary_search_by(|(code, _)| code.cmp(&self.0)).ok(),
        };
        index.and_then(|i| k.get(i)).map(|(_, name)| *name)
    }

    /// Every known département, in code order.
    pub fn known() -> impl Iterator<Item = Departement> {
        known().iter().map(|(code, _)| Departement(*code))
    }

    /// The three characters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // The array only ever holds ASCII characters.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The three characters as bytes (ASCII), without the UTF-8 check of
    /// [`Departement::as_str`] (for writers of many records).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 3] {
        &self.0
    }
}

impl fmt::Display for Departement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_conversions!(Departement, "a département code such as 062 or 02A");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Lang, Severity};

    fn codes_offsets(s: &str) -> Vec<(&'static str, usize)> {
        Departement::parse_diagnostics(s)
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.offset.unwrap_or(usize::MAX)))
            .collect()
    }

    #[test]
    fn known_list() {
        assert_eq!(Departement::known().count(), 104);
        for s in [
            "001", "02A", "02B", "062", "095", "971", "975", "976", "987", "988",
        ] {
            let d: Departement = s.parse().unwrap();
            assert!(d.is_known(), "{s}");
            assert_eq!(d.to_string(), s);
            assert!(codes_offsets(s).is_empty());
        }
        assert_eq!(
            Departement::try_from("062").unwrap().name(),
            Some("Pas-de-Calais")
        );
        assert_eq!(
            Departement::try_from("974").unwrap().name(),
            Some("La Réunion")
        );
    }

    /// The direct look-up agrees with the list on all 240 well-formed codes.
    #[test]
    fn index_matches_the_list() {
        let mut known = 0;
        for a in ["0", "9"] {
            for b in '0'..='9' {
                for c in ('0'..='9').chain(['A', 'B']) {
                    let code = format!("{a}{b}{c}");
                    let d = Departement::try_from(code.as_str()).unwrap();
                    let listed = super::known()
                        .iter()
                        .find(|(k, _)| k == code.as_bytes())
                        .map(|(_, n)| *n);
                    assert_eq!(d.name(), listed, "{code}");
                    known += usize::from(listed.is_some());
                }
            }
        }
        assert_eq!(known, 104);
    }

    #[test]
    fn unknown_is_a_warning() {
        for s in ["099", "999", "020", "977", "984", "000", "09A"] {
            let p = Departement::parse_diagnostics(s);
            assert!(p.is_valid(), "{s}");
            assert_eq!(codes_offsets(s), [("ID-DEPARTEMENT-UNKNOWN", 0)], "{s}");
            assert_eq!(p.diagnostics[0].severity, Severity::Warning);
            assert_eq!(p.value.unwrap().name(), None);
        }
        let p = Departement::parse_diagnostics("099");
        assert_eq!(
            p.diagnostics[0].message(Lang::Fr),
            "le code de département 099 est bien formé mais ne correspond à aucun département connu"
        );
    }

    #[test]
    fn shape() {
        assert_eq!(codes_offsets("162"), [("ID-DEPARTEMENT-CHAR", 0)]);
        assert_eq!(codes_offsets("0X2"), [("ID-DEPARTEMENT-CHAR", 1)]);
        assert_eq!(codes_offsets("02a"), [("ID-DEPARTEMENT-CHAR", 2)]);
        assert_eq!(codes_offsets("02C"), [("ID-DEPARTEMENT-CHAR", 2)]);
        assert_eq!(codes_offsets("0|2"), [("ID-DEPARTEMENT-CHAR", 1)]);
        assert_eq!(
            codes_offsets("A2a"),
            [("ID-DEPARTEMENT-CHAR", 0), ("ID-DEPARTEMENT-CHAR", 2)]
        );
        let p = Departement::parse_diagnostics("02a");
        assert_eq!(
            p.diagnostics[0].message(Lang::En),
            "character 3 of a département code must be a digit, A or B; found 'a'"
        );
    }

    #[test]
    fn length() {
        assert_eq!(codes_offsets("06"), [("ID-DEPARTEMENT-LENGTH", 2)]);
        assert_eq!(
            codes_offsets("62"),
            [("ID-DEPARTEMENT-CHAR", 0), ("ID-DEPARTEMENT-LENGTH", 2)]
        );
        assert_eq!(codes_offsets(""), [("ID-DEPARTEMENT-LENGTH", 0)]);
        assert_eq!(codes_offsets("0620"), [("ID-DEPARTEMENT-LENGTH", 3)]);
        assert_eq!(
            codes_offsets("6é"),
            [
                ("ID-DEPARTEMENT-CHAR", 0),
                ("ID-DEPARTEMENT-CHAR", 1),
                ("ID-DEPARTEMENT-LENGTH", 3)
            ]
        );
    }
}
