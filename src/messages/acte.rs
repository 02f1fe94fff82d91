//! Transaction 1, transmission of an act: 1-1 `Acte`, 1-2 `ARActe`,
//! 1-3 `AnomalieActe` (SPEC §6.1, §7.1, §7.2).

use chrono::NaiveDate;

use crate::ids::ActeId;
use crate::xml::Element;

use super::anomalie::{read_head, write_head, NatureAnomalie};
use super::common::{write_element, Body, DonneesActe};
use super::field::Field;
use super::io::{attr_path, child_path, Card, Reader, Writer};

/// 1-2 `ARActe` (MI → CL): the acknowledgement that assigns the `IDActe`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ARActe {
    /// `@actes:IDActe`, assigned by the MI.
    pub id_acte: Field<ActeId>,
    /// `@actes:DateReception`.
    pub date_reception: Field<NaiveDate>,
    /// `ActeRecu`: the act's metadata echoed back.
    #[cfg_attr(feature = "serde", serde(rename = "acte"))]
    pub acte_recu: DonneesActe,
    /// `ClassificationDateVersionEnCours`: the classification version the
    /// préfecture accepts.
    pub classification_date_version_en_cours: Field<NaiveDate>,
}

impl Body for ARActe {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[
                ("ActeRecu", Card::One),
                ("ClassificationDateVersionEnCours", Card::One),
            ],
        );
        ARActe {
            id_acte: r.req_attr(el, path, "IDActe"),
            date_reception: r.req_attr(el, path, "DateReception"),
            acte_recu: read_acte_recu(el, r, path),
            classification_date_version_en_cours: r.req_text_field(
                el,
                path,
                "ClassificationDateVersionEnCours",
            ),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        w.attr("actes:IDActe", &self.id_acte, &attr_path(path, "IDActe"));
        w.attr(
            "actes:DateReception",
            &self.date_reception,
            &attr_path(path, "DateReception"),
        );
        write_element(
            w,
            "actes:ActeRecu",
            &self.acte_recu,
            &child_path(path, "ActeRecu"),
        );
        w.text_field(
            "actes:ClassificationDateVersionEnCours",
            &self.classification_date_version_en_cours,
            &child_path(path, "ClassificationDateVersionEnCours"),
        );
    }
}

/// 1-3 `AnomalieActe` (MI → CL): the act was rejected. It has no `IDActe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnomalieActe {
    /// `Date`: date of the notification.
    pub date: Field<NaiveDate>,
    /// `Nature`: the anomaly code (raw text plus number).
    pub nature: NatureAnomalie,
    /// `Detail`: free text, verbatim.
    pub detail: Option<String>,
    /// `ActeRecu`: the act's metadata echoed back.
    pub acte_recu: DonneesActe,
    /// `ClassificationDateVersionEnCours`.
    pub classification_date_version_en_cours: Field<NaiveDate>,
}

impl AnomalieActe {
    /// The label of the nature (SPEC §9.4), if known.
    pub fn label(&self) -> Option<&'static str> {
        self.nature.acte_label()
    }
}

impl Body for AnomalieActe {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[
                ("Date", Card::One),
                ("Nature", Card::One),
                ("Detail", Card::One),
                ("ActeRecu", Card::One),
                ("ClassificationDateVersionEnCours", Card::One),
            ],
        );
        let (date, nature, detail) = read_head(el, r, path, NatureAnomalie::read_acte);
        AnomalieActe {
            date,
            nature,
            detail,
            acte_recu: read_acte_recu(el, r, path),
            classification_date_version_en_cours: r.req_text_field(
                el,
                path,
                "ClassificationDateVersionEnCours",
            ),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        write_head(w, path, &self.date, &self.nature, self.detail.as_ref());
        write_element(
            w,
            "actes:ActeRecu",
            &self.acte_recu,
            &child_path(path, "ActeRecu"),
        );
        w.text_field(
            "actes:ClassificationDateVersionEnCours",
            &self.classification_date_version_en_cours,
            &child_path(path, "ClassificationDateVersionEnCours"),
        );
    }
}

fn read_acte_recu(el: &Element, r: &mut Reader, path: &str) -> DonneesActe {
    match r.req_child(el, path, "ActeRecu") {
        Some(c) => DonneesActe::read(c, r, &child_path(path, "ActeRecu")),
        // Keep going with an empty echo so that the rest is not lost.
        None => DonneesActe::default(),
    }
}
