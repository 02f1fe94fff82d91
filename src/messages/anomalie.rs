//! Anomaly natures (`AnomalieActe/Nature`, `AnomalieEnveloppe/Nature`) and
//! their labels (SPEC §5.3, §7.2, §9.4).
//!
//! The ministry does not always follow its schema (`999`, `5`), and test
//! files carry values such as `2` or `ERREUR2`: the nature is kept as the raw
//! text plus its number when the text is numeric (reading rule R6). Codes are
//! compared by numeric value: `5` and `005` are the same code.
//!
//! ```
//! use actes::messages::{anomalie_acte_label, anomalie_enveloppe_label, NatureAnomalie};
//! assert_eq!(anomalie_acte_label(2), Some("Version de la classification en sous-matières obsolète"));
//! let n = NatureAnomalie::parse("5");
//! assert_eq!(n.number, Some(5));
//! assert_eq!(n.enveloppe_label(), Some("Anomalie sur un ou plusieurs champs du formulaire"));
//! assert_eq!(anomalie_enveloppe_label(999), None);
//! ```

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::xml::Element;

use super::field::Field;
use super::io::{child_path, Reader, Writer};

/// Labels of `AnomalieActe/Nature` (SPEC §9.4; medium confidence).
pub const ANOMALIES_ACTE: &[(u32, &str)] = &[
    (1, "Acte déjà transmis, ou numérotation incorrecte"),
    (2, "Version de la classification en sous-matières obsolète"),
    (3, "Classification dans les sous-matières incomplète"),
    (4, "Champ(s) du formulaire signalétique non remplis"),
    (5, "Anomalie sur un ou plusieurs champs du formulaire"),
    (6, "Pièces jointes manquantes"),
    (7, "Anomalie sur les pièces jointes"),
    (999, "Autre"),
];

/// Labels of `AnomalieEnveloppe/Nature` (SPEC §9.4; medium confidence).
/// The schema admits exactly these codes; the MI has also sent `999`.
pub const ANOMALIES_ENVELOPPE: &[(u32, &str)] = &[
    (1, "Pièces jointes manquantes"),
    (2, "Anomalie sur les pièces jointes"),
    (3, "Fichier mal formé"),
    (4, "Un ou plusieurs champs du formulaire sont manquants"),
    (5, "Anomalie sur un ou plusieurs champs du formulaire"),
    (100, "Autre"),
];

fn lookup(table: &[(u32, &'static str)], code: u32) -> Option<&'static str> {
    table.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// The label of an `AnomalieActe` nature code, compared by value.
#[must_use]
pub fn anomalie_acte_label(code: u32) -> Option<&'static str> {
    lookup(ANOMALIES_ACTE, code)
}

/// The label of an `AnomalieEnveloppe` nature code, compared by value.
#[must_use]
pub fn anomalie_enveloppe_label(code: u32) -> Option<&'static str> {
    lookup(ANOMALIES_ENVELOPPE, code)
}

/// The nature of an anomaly: the raw text, and its number when numeric.
///
/// Equality compares numbers when both are numeric (`5` == `005`), raw texts
/// otherwise.
#[derive(Debug, Clone, Eq)]
pub struct NatureAnomalie {
    /// The text as found (not trimmed).
    pub raw: String,
    /// The number, when the trimmed text is made of ASCII digits only.
    pub number: Option<u32>,
}

impl PartialEq for NatureAnomalie {
    fn eq(&self, other: &Self) -> bool {
        match (self.number, other.number) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.raw == other.raw,
            _ => false,
        }
    }
}

impl NatureAnomalie {
    /// A numeric nature, written with three digits (`002`).
    #[must_use]
    pub fn new(code: u32) -> Self {
        NatureAnomalie {
            raw: format!("{code:03}"),
            number: Some(code),
        }
    }

    /// Reads a nature, without diagnostics.
    #[must_use]
    pub fn parse(raw: &str) -> Self {
        let t = raw.trim();
        let number = if !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit()) {
            t.trim_start_matches('0')
                .parse::<u32>()
                .ok()
                .or_else(|| t.bytes().all(|c| c == b'0').then_some(0))
        } else {
            None
        };
        NatureAnomalie {
            raw: raw.to_string(),
            number,
        }
    }

    /// The `AnomalieActe` label of this code, if it is numeric and known.
    pub fn acte_label(&self) -> Option<&'static str> {
        self.number.and_then(anomalie_acte_label)
    }

    /// The `AnomalieEnveloppe` label of this code, if it is numeric and known.
    pub fn enveloppe_label(&self) -> Option<&'static str> {
        self.number.and_then(anomalie_enveloppe_label)
    }

    /// The three-digit form written by the library (`005`), when the nature
    /// is numeric and below 1000.
    #[must_use]
    pub fn emitted(&self) -> Option<String> {
        self.number.filter(|n| *n <= 999).map(|n| format!("{n:03}"))
    }

    fn not_numeric(&self, path: &str) -> Diagnostic {
        let t = self.raw.trim();
        Diagnostic::new(
            Code::MsgAnomalyNatureNotNumeric,
            Location::path(path),
            format!("{path} is {t:?}, not a number; kept as text"),
            format!("{path} vaut {t:?}, qui n'est pas un nombre ; conservée telle quelle"),
        )
    }

    /// Reads `AnomalieActe/Nature`: the schema wants three digits.
    pub(crate) fn read_acte(raw: &str, r: &mut Reader, path: &str) -> Self {
        let n = NatureAnomalie::parse(raw);
        let t = raw.trim();
        match n.number {
            None => r.push(n.not_numeric(path)),
            Some(_) if t.len() != 3 => r.push(Diagnostic::new(
                Code::MsgAnomalyNatureOutOfSchema,
                Location::path(path),
                format!("{path} is {t:?}; the schema wants exactly three digits"),
                format!("{path} vaut {t:?} ; le schéma exige exactement trois chiffres"),
            )),
            Some(_) => {}
        }
        n
    }

    /// Reads `AnomalieEnveloppe/Nature`: the schema admits 001–005 and 100
    /// (as integers, so `5` is `005`).
    pub(crate) fn read_enveloppe(raw: &str, r: &mut Reader, path: &str) -> Self {
        let n = NatureAnomalie::parse(raw);
        let t = raw.trim();
        match n.number {
            None => r.push(n.not_numeric(path)),
            Some(v) if anomalie_enveloppe_label(v).is_none() => r.push(Diagnostic::new(
                Code::MsgAnomalyNatureOutOfSchema,
                Location::path(path),
                format!("{path} is {t:?}; the schema admits only 001 to 005 and 100"),
                format!("{path} vaut {t:?} ; le schéma n'admet que 001 à 005 et 100"),
            )),
            Some(_) => {}
        }
        n
    }
}

/// Reads the `Date`, `Nature` and `Detail` children that open both anomaly
/// messages; `read_nature` applies the schema rule of the message's nature.
pub(crate) fn read_head(
    el: &Element,
    r: &mut Reader,
    path: &str,
    read_nature: fn(&str, &mut Reader, &str) -> NatureAnomalie,
) -> (Field<NaiveDate>, NatureAnomalie, Option<String>) {
    let date = r.req_text_field(el, path, "Date");
    let nature_raw = r.req_child(el, path, "Nature").map(|c| c.text.clone());
    let nature = match nature_raw {
        Some(raw) => read_nature(&raw, r, &child_path(path, "Nature")),
        None => NatureAnomalie::parse(""),
    };
    let detail = el.child("Detail").map(|c| c.text.clone());
    (date, nature, detail)
}

/// Writes the `Date`, `Nature` and optional `Detail` of an anomaly message.
pub(crate) fn write_head(
    w: &mut Writer,
    path: &str,
    date: &Field<NaiveDate>,
    nature: &NatureAnomalie,
    detail: Option<&String>,
) {
    w.text_field("actes:Date", date, &child_path(path, "Date"));
    write_nature(w, nature, &child_path(path, "Nature"));
    if let Some(d) = detail {
        w.text("actes:Detail", d, &child_path(path, "Detail"));
    }
}

/// Writes an anomaly `Nature` as three digits; refuses a non-numeric one.
fn write_nature(w: &mut Writer, nature: &NatureAnomalie, path: &str) {
    match nature.emitted() {
        Some(v) => w.xml.text_element("actes:Nature", &v),
        None => {
            w.invalid(
                path,
                &nature.raw,
                "the nature must be a number from 0 to 999",
                "la nature doit être un nombre de 0 à 999",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natures() {
        assert_eq!(NatureAnomalie::parse("002").number, Some(2));
        assert_eq!(NatureAnomalie::parse("000").number, Some(0));
        assert_eq!(NatureAnomalie::parse(" 999 ").number, Some(999));
        assert_eq!(NatureAnomalie::parse("ERREUR2").number, None);
        assert_eq!(NatureAnomalie::parse("").number, None);
        assert_eq!(NatureAnomalie::parse("99999999999999").number, None);
        assert_eq!(NatureAnomalie::parse("5"), NatureAnomalie::new(5));
        assert_ne!(NatureAnomalie::parse("x"), NatureAnomalie::parse("y"));
        assert_eq!(NatureAnomalie::new(5).emitted().as_deref(), Some("005"));
        assert_eq!(NatureAnomalie::new(1000).emitted(), None);
    }

    #[test]
    fn schema_checks() {
        let mut r = Reader::default();
        NatureAnomalie::read_acte("042", &mut r, "p");
        assert!(r.diags.is_empty());
        NatureAnomalie::read_acte("2", &mut r, "p");
        NatureAnomalie::read_acte("ERREUR2", &mut r, "p");
        let codes: Vec<_> = r.diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "MSG-ANOMALY-NATURE-OUT-OF-SCHEMA",
                "MSG-ANOMALY-NATURE-NOT-NUMERIC"
            ]
        );
        let mut r = Reader::default();
        NatureAnomalie::read_enveloppe("5", &mut r, "p");
        NatureAnomalie::read_enveloppe("100", &mut r, "p");
        assert!(r.diags.is_empty());
        NatureAnomalie::read_enveloppe("999", &mut r, "p");
        assert_eq!(r.diags[0].code, Code::MsgAnomalyNatureOutOfSchema);
        assert!(!r.diags[0].is_error());
    }
}
