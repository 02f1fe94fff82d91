//! Transaction 7, classification: 7-1 `DemandeClassification` (CL → MI),
//! 7-2 `RetourClassification` and 7-3 `ReponseClassificationSansChangement`
//! (MI → CL) (SPEC §6.4, §7.7).

use chrono::NaiveDate;

use crate::classification::{Classification, Matiere};
use crate::xml::Element;

use super::common::Body;
use super::field::Field;
use super::io::{attr_path, child_path, Card, Reader, Writer};

/// 7-1 `DemandeClassification`: asks for the current classification.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DemandeClassification {
    /// `DateClassification`: the date of the classification in use, if
    /// sent (S2LOW sends it; a "forced" request omits it).
    pub date_classification: Option<Field<NaiveDate>>,
}

impl Body for DemandeClassification {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[("DateClassification", Card::One)]);
        DemandeClassification {
            date_classification: r.opt_text_field(el, path, "DateClassification"),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        if let Some(d) = &self.date_classification {
            w.text_field(
                "actes:DateClassification",
                d,
                &child_path(path, "DateClassification"),
            );
        }
    }
}

/// Writes message 7-1 `DemandeClassification`: the collectivité asks for its
/// classification, giving the date of the one it uses. Without a date the
/// request is "forced" (the MI answers with the full classification); STELA
/// sends `2001-01-01` for the same purpose. The same as
/// [`Message::to_xml`](super::Message::to_xml) of a [`DemandeClassification`]:
/// ISO-8859-1, the ministry's prefixes, valid against the 2017 XSD.
///
/// ```
/// use actes::messages::demande_classification_xml;
/// use chrono::NaiveDate;
/// let xml = demande_classification_xml(NaiveDate::from_ymd_opt(2019, 3, 1)).unwrap();
/// let s = String::from_utf8(xml).unwrap();
/// assert!(s.contains("<actes:DateClassification>2019-03-01</actes:DateClassification>"));
/// let forced = String::from_utf8(demande_classification_xml(None).unwrap()).unwrap();
/// assert!(!forced.contains("DateClassification"));
/// assert!(forced.trim_end().ends_with("/>"));
/// ```
pub fn demande_classification_xml(
    date: Option<NaiveDate>,
) -> Result<Vec<u8>, crate::diagnostic::Invalid> {
    super::Message::DemandeClassification(DemandeClassification {
        date_classification: date.map(Field::new),
    })
    .to_xml()
}

/// 7-3 `ReponseClassificationSansChangement`: the classification in use is
/// up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReponseClassificationSansChangement {
    /// `DateClassification`.
    pub date_classification: Field<NaiveDate>,
}

impl Body for ReponseClassificationSansChangement {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[("DateClassification", Card::One)]);
        ReponseClassificationSansChangement {
            date_classification: r.req_text_field(el, path, "DateClassification"),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        w.text_field(
            "actes:DateClassification",
            &self.date_classification,
            &child_path(path, "DateClassification"),
        );
    }
}

/// 7-2 `RetourClassification`: the collectivité's full classification.
///
/// The content is read by [`Classification::from_element`] (the
/// classification module owns the matière tree, the natures and the
/// typologie); its diagnostics are passed through. When the classification
/// cannot be built (e.g. an invalid `DateClassification`), `classification`
/// is `None`, the date is still kept raw, and the message cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RetourClassification {
    /// `DateClassification`, as read (also [`Classification::date`]).
    pub date_classification: Field<NaiveDate>,
    /// The classification, when it could be read.
    #[cfg_attr(
        feature = "serde",
        serde(flatten, serialize_with = "super::json::classification_summary")
    )]
    pub classification: Option<Classification>,
}

impl RetourClassification {
    /// The message for a classification.
    pub fn new(classification: Classification) -> Self {
        RetourClassification {
            date_classification: Field::new(classification.date()),
            classification: Some(classification),
        }
    }
}

impl Body for RetourClassification {
    fn read(el: &Element, r: &mut Reader, _path: &str) -> Self {
        // The classification reader reports every problem, the date's too.
        let parsed = Classification::from_element(el);
        for d in parsed.diagnostics {
            r.push(d);
        }
        let raw = el
            .child("DateClassification")
            .map(|c| c.text.clone())
            .unwrap_or_default();
        RetourClassification {
            date_classification: Field::parse(&raw).0,
            classification: parsed.value,
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        let Some(c) = &self.classification else {
            w.invalid(
                path,
                &self.date_classification.raw,
                "the classification could not be read",
                "la classification n'a pas pu être lue",
            );
            return;
        };
        let dp = child_path(path, "DateClassification");
        if self.date_classification.value != Some(c.date()) {
            w.invalid(
                &dp,
                &self.date_classification.raw,
                "it differs from the classification's date",
                "elle diffère de la date de la classification",
            );
        }
        w.xml.text_element(
            "actes:DateClassification",
            &c.date().format("%Y-%m-%d").to_string(),
        );
        let np = child_path(path, "NaturesActes");
        w.xml.start("actes:NaturesActes");
        for n in c.natures() {
            let p = child_path(&np, "NatureActe");
            if n.abbr().chars().count() != 2 {
                w.invalid(
                    &attr_path(&p, "TypeAbrege"),
                    n.abbr(),
                    "TypeAbrege must have exactly 2 characters",
                    "TypeAbrege doit avoir exactement 2 caractères",
                );
            }
            w.xml.start("actes:NatureActe");
            w.xml.attr("actes:CodeNatureActe", &n.code().to_string());
            w.text_attr("actes:Libelle", n.label(), &attr_path(&p, "Libelle"));
            w.text_attr("actes:TypeAbrege", n.abbr(), &attr_path(&p, "TypeAbrege"));
            let tp = child_path(&p, "TypePJNatureActe");
            for t in n.typologies() {
                w.xml.start("actes:TypePJNatureActe");
                w.text_attr("actes:CodeTypePJ", &t.code, &attr_path(&tp, "CodeTypePJ"));
                w.text_attr("actes:Libelle", &t.label, &attr_path(&tp, "Libelle"));
                w.xml.end();
            }
            w.xml.end();
        }
        w.xml.end();
        w.xml.start("actes:Matieres");
        for m in c.matieres() {
            write_matiere(w, m, &child_path(path, "Matieres"));
        }
        w.xml.end();
    }
}

fn write_matiere(w: &mut Writer, m: &Matiere, parent_path: &str) {
    let name = format!("Matiere{}", m.level());
    let p = child_path(parent_path, &name);
    let code = m.code().levels().last().copied();
    let Some(code) = code else {
        w.invalid(&p, "", "a matière without code", "une matière sans code");
        return;
    };
    w.xml.start(&format!("actes:{name}"));
    w.xml.attr("actes:CodeMatiere", &code.to_string());
    w.text_attr("actes:Libelle", m.label(), &attr_path(&p, "Libelle"));
    for c in m.children() {
        write_matiere(w, c, &p);
    }
    w.xml.end();
}
