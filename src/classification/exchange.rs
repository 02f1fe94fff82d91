//! Message 7-3 `ReponseClassificationSansChangement` read down to its date
//! (the 7-1 writer is `messages::demande_classification_xml`, the full
//! message models are in `messages`).

use chrono::NaiveDate;

use super::parse::{date_child, is_named, wrong_root};
use crate::diagnostic::Parsed;
use crate::xml::{Element, Limits};

const SANS_CHANGEMENT: &str = "ReponseClassificationSansChangement";

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
