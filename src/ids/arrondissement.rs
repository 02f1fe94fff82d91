//! Arrondissement (SPEC §4.3, §8.4).

use std::fmt;

use super::support::{describe_char_at, string_conversions};
use crate::diagnostic::{Code, Diagnostic, Parsed};

const SEGMENT: &str = "arrondissement";

/// An arrondissement number: one ASCII digit (`xsd:nonNegativeInteger`,
/// pattern `[0-9]{1}`).
///
/// Whether a (département, arrondissement) pair exists is not checked: the
/// protocol only constrains the shape.
///
/// Diagnostic (segment `arrondissement`): `ID-ARRONDISSEMENT-SHAPE`, at the
/// first non-digit, at offset 1 when there is more than one digit, at 0 when
/// empty.
///
/// ```
/// use actes::ids::Arrondissement;
/// let a: Arrondissement = "4".parse().unwrap();
/// assert_eq!(a.number(), 4);
/// assert_eq!(Arrondissement::new(9).unwrap().to_string(), "9");
/// assert!(Arrondissement::new(10).is_none());
/// assert!("12".parse::<Arrondissement>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Arrondissement(u8);

impl Arrondissement {
    /// An arrondissement from its number, `0..=9`.
    #[must_use]
    pub fn new(n: u8) -> Option<Arrondissement> {
        (n <= 9).then_some(Arrondissement(n))
    }

    /// The number, `0..=9`.
    #[must_use]
    pub fn number(&self) -> u8 {
        self.0
    }

    /// The lenient parse: the value when valid, and every finding.
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<Arrondissement> {
        if let [b @ b'0'..=b'9'] = s.as_bytes() {
            return Parsed {
                value: Some(Arrondissement(b - b'0')),
                diagnostics: Vec::new(),
            };
        }
        let d = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
            Some((i, _)) => {
                let what = describe_char_at(s, i);
                Diagnostic::on_segment(
                    Code::IdArrondissementShape,
                    SEGMENT,
                    i,
                    format!("an arrondissement is one digit; found {what}"),
                    format!("un arrondissement est un chiffre unique ; trouvé {what}"),
                )
            }
            None if s.is_empty() => Diagnostic::on_segment(
                Code::IdArrondissementShape,
                SEGMENT,
                0,
                "the arrondissement is empty; one digit is required",
                "l'arrondissement est vide ; un chiffre est requis",
            ),
            None => Diagnostic::on_segment(
                Code::IdArrondissementShape,
                SEGMENT,
                1,
                format!("an arrondissement is one digit; found {} digits", s.len()),
                format!(
                    "un arrondissement est un chiffre unique ; trouvé {} chiffres",
                    s.len()
                ),
            ),
        };
        Parsed {
            value: None,
            diagnostics: vec![d],
        }
    }
}

impl fmt::Display for Arrondissement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

string_conversions!(Arrondissement, "an arrondissement (one digit)");

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_offsets(s: &str) -> Vec<(&'static str, usize)> {
        Arrondissement::parse_diagnostics(s)
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.offset.unwrap_or(usize::MAX)))
            .collect()
    }

    #[test]
    fn accepted() {
        for n in 0..=9u8 {
            let s = n.to_string();
            let a: Arrondissement = s.parse().unwrap();
            assert_eq!(a.number(), n);
            assert_eq!(a.to_string(), s);
        }
    }

    #[test]
    fn rejected() {
        assert_eq!(codes_offsets(""), [("ID-ARRONDISSEMENT-SHAPE", 0)]);
        assert_eq!(codes_offsets("12"), [("ID-ARRONDISSEMENT-SHAPE", 1)]);
        assert_eq!(codes_offsets("A"), [("ID-ARRONDISSEMENT-SHAPE", 0)]);
        assert_eq!(codes_offsets("1 "), [("ID-ARRONDISSEMENT-SHAPE", 1)]);
    }
}
