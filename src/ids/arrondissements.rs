//! The known arrondissements of each département (S2LOW's list, SPEC §8.4),
//! for the warning `ID-ARRONDISSEMENT-UNKNOWN`.

use std::sync::OnceLock;

use super::support::{csv_fields, data_lines};
use crate::diagnostic::{Code, Diagnostic};

/// The known pairs, from `data/arrondissements.csv`.
const DATA: &str = include_str!("../../data/arrondissements.csv");

/// `(département, arrondissement, name)`, sorted.
fn known() -> &'static [(&'static str, u8, &'static str)] {
    static KNOWN: OnceLock<Vec<(&'static str, u8, &'static str)>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut v: Vec<(&'static str, u8, &'static str)> = data_lines(DATA)
            .filter_map(|line| {
                let f = csv_fields(line);
                let arr = f.get(1)?.parse().ok()?;
                Some((*f.first()?, arr, *f.get(2)?))
            })
            .collect();
        v.sort_unstable();
        v
    })
}

/// The name of an arrondissement of a département (`"044"`, 3 →
/// `"Saint-Nazaire"`), when S2LOW's list has the pair.
///
/// ```
/// use actes::ids::arrondissement_name;
/// assert_eq!(arrondissement_name("044", 2), Some("Nantes"));
/// assert_eq!(arrondissement_name("057", 1), None); // Moselle: 3, 5, 6, 7, 9 only
/// ```
#[must_use]
pub fn arrondissement_name(departement: &str, arrondissement: u8) -> Option<&'static str> {
    known()
        .iter()
        .find(|(d, a, _)| *d == departement && *a == arrondissement)
        .map(|(_, _, n)| *n)
}

/// The arrondissements S2LOW lists for a département (empty for a
/// département it does not list, such as `976`).
#[must_use]
pub fn arrondissements_of(departement: &str) -> Vec<u8> {
    known()
        .iter()
        .filter(|(d, _, _)| *d == departement)
        .map(|(_, a, _)| *a)
        .collect()
}

/// `ID-ARRONDISSEMENT-UNKNOWN` (warning, segment `arrondissement`) when the
/// département has listed arrondissements and this one is not among them;
/// nothing when the pair is known or the département is not in the list
/// (nothing to check against).
///
/// ```
/// use actes::ids::check_arrondissement;
/// assert!(check_arrondissement("044", 4).is_none());
/// let d = check_arrondissement("057", 1).unwrap();
/// assert_eq!(d.code.as_str(), "ID-ARRONDISSEMENT-UNKNOWN");
/// assert!(check_arrondissement("976", 1).is_none());
/// ```
pub fn check_arrondissement(departement: &str, arrondissement: u8) -> Option<Diagnostic> {
    let listed = arrondissements_of(departement);
    if listed.is_empty() || listed.contains(&arrondissement) {
        return None;
    }
    let list: Vec<String> = listed.iter().map(u8::to_string).collect();
    Some(Diagnostic::on_segment(
        Code::IdArrondissementUnknown,
        "arrondissement",
        0,
        format!(
            "arrondissement {arrondissement} is not one of département {departement}'s ({})",
            list.join(", ")
        ),
        format!(
            "l'arrondissement {arrondissement} n'est pas l'un de ceux du département {departement} ({})",
            list.join(", ")
        ),
    ))
}
