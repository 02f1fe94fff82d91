//! Nature of the collectivité, `IDCL/@actes:Nature` (SPEC §8.5).

use std::fmt;
use std::sync::OnceLock;

use super::support::{csv_fields, data_lines, describe_char_at, string_conversions};
use crate::diagnostic::{Code, Diagnostic, Parsed};

const SEGMENT: &str = "nature_collectivite";

/// The known natures and group headings, from `data/natures_collectivite.csv`.
const DATA: &str = include_str!("../../data/natures_collectivite.csv");

/// The nature of a collectivité: two digits (`31` commune, `22` …).
///
/// The XSD only requires `[0-9]{2}`. A code outside the known list (the union
/// of the S2LOW lists: 11–14, 21–25, 31–34, 41–47, 51–55, 61–63, 71–74) is
/// accepted with the warning `ID-NATURE-CL-UNKNOWN`.
///
/// Diagnostics (segment `nature_collectivite`): `ID-NATURE-CL-SHAPE` (first
/// non-digit, or offset 2 when too long, or the length when too short),
/// `ID-NATURE-CL-UNKNOWN` (warning, offset 0).
///
/// ```
/// use actes::ids::NatureCollectivite;
/// let n: NatureCollectivite = "31".parse().unwrap();
/// assert_eq!(n.label(), Some("Commune"));
/// assert_eq!(n.group(), 3);
/// assert_eq!(n.group_label(), Some("Commune"));
/// let odd = NatureCollectivite::parse_diagnostics("99");
/// assert!(odd.is_valid());
/// assert_eq!(odd.diagnostics[0].code.as_str(), "ID-NATURE-CL-UNKNOWN");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NatureCollectivite(u8);

/// Labels indexed by code (0..=99); one-digit codes are group headings.
fn labels() -> &'static [Option<&'static str>; 100] {
    static LABELS: OnceLock<[Option<&'static str>; 100]> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut t = [None; 100];
        for line in data_lines(DATA) {
            let f = csv_fields(line);
            if let (Some(code), Some(label)) = (f.first(), f.get(1)) {
                if let Some(slot) = code.parse::<usize>().ok().and_then(|c| t.get_mut(c)) {
                    *slot = Some(*label);
                }
            }
        }
        t
    })
}

impl NatureCollectivite {
    /// The lenient parse: the value when well-formed, and every finding.
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<NatureCollectivite> {
        if let [a @ b'0'..=b'9', b @ b'0'..=b'9'] = s.as_bytes() {
            let n = NatureCollectivite((a - b'0') * 10 + (b - b'0'));
            let mut diagnostics = Vec::new();
            if !n.is_known() {
                diagnostics.push(Diagnostic::on_segment(
                    Code::IdNatureClUnknown,
                    SEGMENT,
                    0,
                    format!("the nature of collectivité {s} is not in the known list"),
                    format!("la nature de collectivité {s} est absente de la liste connue"),
                ));
            }
            return Parsed {
                value: Some(n),
                diagnostics,
            };
        }
        let d = if let Some((i, _)) = s.char_indices().take(2).find(|(_, c)| !c.is_ascii_digit()) {
            let what = describe_char_at(s, i);
            Diagnostic::on_segment(
                Code::IdNatureClShape,
                SEGMENT,
                i,
                format!("a nature of collectivité is two digits; found {what}"),
                format!("une nature de collectivité est composée de deux chiffres ; trouvé {what}"),
            )
        } else {
            let offset = if s.len() < 2 { s.len() } else { 2 };
            Diagnostic::on_segment(
                Code::IdNatureClShape,
                SEGMENT,
                offset,
                format!(
                    "a nature of collectivité is two digits; found {} character(s)",
                    s.chars().count()
                ),
                format!(
                    "une nature de collectivité est composée de deux chiffres ; trouvé {} caractère(s)",
                    s.chars().count()
                ),
            )
        };
        Parsed {
            value: None,
            diagnostics: vec![d],
        }
    }

    /// The code as a number (`31`).
    #[must_use]
    pub fn code(&self) -> u8 {
        self.0
    }

    /// The group: the first digit (1 Région, 2 Département, 3 Commune, 4 EPCI
    /// et syndicats, 5 Autres, 6 Association syndicale, 7 Autre).
    #[must_use]
    pub fn group(&self) -> u8 {
        self.0 / 10
    }

    /// The label of the group, when the group is known.
    #[must_use]
    pub fn group_label(&self) -> Option<&'static str> {
        labels().get(usize::from(self.group())).copied().flatten()
    }

    /// The label of a known nature.
    #[must_use]
    pub fn label(&self) -> Option<&'static str> {
        if self.0 < 10 {
            return None;
        }
        labels().get(usize::from(self.0)).copied().flatten()
    }

    /// Whether the code is in the known list.
    #[must_use]
    pub fn is_known(&self) -> bool {
        self.label().is_some()
    }

    /// Every known nature, in code order.
    pub fn known() -> impl Iterator<Item = NatureCollectivite> {
        (10..100u8)
            .map(NatureCollectivite)
            .filter(NatureCollectivite::is_known)
    }
}

impl fmt::Display for NatureCollectivite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

string_conversions!(NatureCollectivite, "a nature of collectivité (two digits)");

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_offsets(s: &str) -> Vec<(&'static str, usize)> {
        NatureCollectivite::parse_diagnostics(s)
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.offset.unwrap_or(usize::MAX)))
            .collect()
    }

    #[test]
    fn known_union() {
        let known: Vec<u8> = NatureCollectivite::known().map(|n| n.code()).collect();
        let mut expected = Vec::new();
        for (a, b) in [
            (11, 14),
            (21, 25),
            (31, 34),
            (41, 47),
            (51, 55),
            (61, 63),
            (71, 74),
        ] {
            expected.extend(a..=b);
        }
        assert_eq!(known, expected);
        let n: NatureCollectivite = "42".parse().unwrap();
        assert!(n
            .label()
            .unwrap()
            .starts_with("Syndicats mixtes « ouverts »"));
        assert!(n.label().unwrap().contains(", des groupements"));
        assert_eq!(n.to_string(), "42");
    }

    #[test]
    fn unknown_is_a_warning() {
        for s in ["00", "05", "10", "15", "56", "99"] {
            let p = NatureCollectivite::parse_diagnostics(s);
            assert!(p.is_valid());
            assert_eq!(p.value.unwrap().to_string(), s);
            assert_eq!(codes_offsets(s), [("ID-NATURE-CL-UNKNOWN", 0)]);
        }
    }

    #[test]
    fn shape() {
        assert_eq!(codes_offsets("3"), [("ID-NATURE-CL-SHAPE", 1)]);
        assert_eq!(codes_offsets(""), [("ID-NATURE-CL-SHAPE", 0)]);
        assert_eq!(codes_offsets("311"), [("ID-NATURE-CL-SHAPE", 2)]);
        assert_eq!(codes_offsets("3A"), [("ID-NATURE-CL-SHAPE", 1)]);
        assert_eq!(codes_offsets(" 31"), [("ID-NATURE-CL-SHAPE", 0)]);
    }
}
