//! The typologie code of a document (SPEC §9.3, §10.3, rule E10).

use std::fmt;

use super::support::string_conversions;
use crate::diagnostic::{Code, Diagnostic, Parsed};

/// The typologie code (`CodeTypePJ`) that prefixes a document's name
/// (SPEC §9.3, §10.3): 5 characters among `A-Z 0-9 _` (rule E10), such as
/// `99_DE`, `22_PN`, and the forms seen in names `CO_DE` and `01_01`.
/// Anything else is `NAME-TYPOLOGIE-SHAPE`, when reading and writing alike.
/// (Membership in the nature's list needs the classification and is checked
/// by the transmission side.)
///
/// ```
/// use actes::ids::Typologie;
/// assert_eq!("99_AI".parse::<Typologie>().unwrap().as_str(), "99_AI");
/// let err = "99_ai".parse::<Typologie>().unwrap_err();
/// assert_eq!(err.codes(), ["NAME-TYPOLOGIE-SHAPE"]);
/// assert_eq!(err.diagnostics[0].location.offset, Some(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Typologie([u8; 5]);

impl Typologie {
    /// The one typologie rule (E10: 5 characters among `A-Z 0-9 _`): where
    /// `s` breaks it (byte offset) and what was found there, or `None`.
    pub(crate) fn problem(s: &str) -> Option<(usize, String)> {
        let bad = s
            .char_indices()
            .find(|&(_, c)| !matches!(c, 'A'..='Z' | '0'..='9' | '_'));
        match bad {
            Some((i, c)) => Some((i, format!("{c:?}"))),
            None if s.len() != 5 => Some((s.len().min(5), format!("{} character(s)", s.len()))),
            None => None,
        }
    }

    /// The lenient parse (offsets relative to `s`).
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<Typologie> {
        let problem = Typologie::problem(s);
        match (problem, <[u8; 5]>::try_from(s.as_bytes())) {
            (None, Ok(b)) => Parsed {
                value: Some(Typologie(b)),
                diagnostics: Vec::new(),
            },
            (p, _) => {
                let (offset, what) = p.unwrap_or((0, String::new()));
                Parsed {
                    value: None,
                    diagnostics: vec![Diagnostic::on_segment(
                        Code::NameTypologieShape,
                        "typologie",
                        offset,
                        format!("a typologie code is 5 characters among A-Z, 0-9 and _; found {what} in {s:?}"),
                        format!("un code de typologie est composé de 5 caractères parmi A-Z, 0-9 et _ ; trouvé {what} dans {s:?}"),
                    )],
                }
            }
        }
    }

    /// The 5 characters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only A-Z, 0-9 and _ are stored (checked when built).
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Typologie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_conversions!(Typologie, "an ACTES name");
