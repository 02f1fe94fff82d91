//! Transaction 7, classification: 7-1 `DemandeClassification` (CL → MI),
//! 7-2 `RetourClassification` and 7-3 `ReponseClassificationSansChangement`
//! (MI → CL) (SPEC §6.4, §7.7).

use chrono::NaiveDate;

use crate::xml::Element;

use super::common::Body;
use super::field::Field;
use super::io::{child_path, Card, Reader, Writer};

/// 7-1 `DemandeClassification`: asks for the current classification.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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

/// 7-3 `ReponseClassificationSansChangement`: the classification in use is
/// up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
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
