//! Messages 7-1 `DemandeClassification` (writer) and 7-3
//! `ReponseClassificationSansChangement` (reader).

use chrono::NaiveDate;

use super::parse::{date_child, is_named, wrong_root};
use crate::diagnostic::Parsed;
use crate::xml::{Element, Limits, XmlWriter};

const SANS_CHANGEMENT: &str = "ReponseClassificationSansChangement";

/// Writes message 7-1 `DemandeClassification`: the collectivité asks for its
/// classification, giving the date of the one it uses. Without a date the
/// request is "forced" (the MI answers with the full classification); STELA
/// sends `2001-01-01` for the same purpose.
///
/// The output declares ISO-8859-1, uses the `actes`, `insee` and `xsi`
/// prefixes of the ministry's messages and validates against the 2017 XSD.
///
/// ```
/// use actes::classification::demande_classification_xml;
/// use chrono::NaiveDate;
/// let xml = demande_classification_xml(NaiveDate::from_ymd_opt(2019, 3, 1));
/// let s = String::from_utf8(xml).unwrap();
/// assert!(s.contains("<actes:DateClassification>2019-03-01</actes:DateClassification>"));
/// let forced = String::from_utf8(demande_classification_xml(None)).unwrap();
/// assert!(!forced.contains("DateClassification"));
/// ```
pub fn demande_classification_xml(date: Option<NaiveDate>) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start_root("actes:DemandeClassification");
    if let Some(d) = date {
        w.text_element(
            "actes:DateClassification",
            &d.format("%Y-%m-%d").to_string(),
        );
    }
    w.finish()
}

/// Reads message 7-3 `ReponseClassificationSansChangement` ("classification
/// utilisée à jour") and returns its `DateClassification`, with the default
/// [`Limits`].
///
/// ```
/// use actes::classification::parse_reponse_sans_changement;
/// let xml = br#"<actes:ReponseClassificationSansChangement xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216">
///   <actes:DateClassification>2003-06-10</actes:DateClassification>
/// </actes:ReponseClassificationSansChangement>"#;
/// let date = parse_reponse_sans_changement(xml).into_result().unwrap();
/// assert_eq!(date.to_string(), "2003-06-10");
/// ```
pub fn parse_reponse_sans_changement(bytes: &[u8]) -> Parsed<NaiveDate> {
    parse_reponse_sans_changement_with_limits(bytes, &Limits::default())
}

/// [`parse_reponse_sans_changement`] with explicit limits.
pub fn parse_reponse_sans_changement_with_limits(
    bytes: &[u8],
    limits: &Limits,
) -> Parsed<NaiveDate> {
    let doc = crate::xml::parse(bytes, limits);
    let mut diagnostics = doc.diagnostics;
    let Some(doc) = doc.value else {
        return Parsed {
            value: None,
            diagnostics,
        };
    };
    let parsed = reponse_sans_changement_from_element(&doc.root);
    diagnostics.extend(parsed.diagnostics);
    Parsed {
        value: parsed.value,
        diagnostics,
    }
}

/// Reads the root element of a 7-3 message (for the messages layer).
pub fn reponse_sans_changement_from_element(root: &Element) -> Parsed<NaiveDate> {
    let mut diagnostics = Vec::new();
    if !is_named(root, SANS_CHANGEMENT) {
        diagnostics.push(wrong_root(root, SANS_CHANGEMENT));
        return Parsed {
            value: None,
            diagnostics,
        };
    }
    let value = date_child(root, SANS_CHANGEMENT, &mut diagnostics);
    Parsed { value, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes<T>(p: &Parsed<T>) -> Vec<&'static str> {
        p.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn forced_request_is_an_empty_root() {
        let s = String::from_utf8(demande_classification_xml(None)).expect("ascii");
        assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"));
        assert!(s.contains("<actes:DemandeClassification xmlns:actes="));
        assert!(s.trim_end().ends_with("/>"));
    }

    #[test]
    fn request_round_trips_through_the_reader() {
        let d = NaiveDate::from_ymd_opt(2017, 11, 13);
        let bytes = demande_classification_xml(d);
        let doc = crate::xml::parse(&bytes, &Limits::default())
            .value
            .expect("well-formed");
        assert!(doc.root.is_actes("DemandeClassification"));
        assert_eq!(
            doc.root.child_text("DateClassification"),
            Some("2017-11-13")
        );
    }

    #[test]
    fn sans_changement_errors_are_located() {
        let p = parse_reponse_sans_changement(b"<ReponseClassificationSansChangement/>");
        assert_eq!(codes(&p), ["CLASS-ELEMENT-MISSING"]);
        assert_eq!(
            p.diagnostics[0].location.path.as_deref(),
            Some("ReponseClassificationSansChangement/DateClassification")
        );
        let p = parse_reponse_sans_changement(
            b"<ReponseClassificationSansChangement><DateClassification>10/06/2003</DateClassification></ReponseClassificationSansChangement>",
        );
        assert_eq!(codes(&p), ["CLASS-DATE-INVALID"]);
        assert!(p.value.is_none());
        let p = parse_reponse_sans_changement(b"<RetourClassification/>");
        assert_eq!(codes(&p), ["CLASS-ROOT"]);
        let p = parse_reponse_sans_changement(b"<ReponseClassificationSansChangement>");
        assert_eq!(codes(&p), ["XML-MALFORMED"]);
    }
}
