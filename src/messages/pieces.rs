//! Transaction 3, request for additional documents: 3-1
//! `DemandePieceComplementaire`, 3-2 `ARDemandePieceComplementaire`, 3-3
//! `RefusPieceComplementaire`, 3-4 `PieceComplementaire`, 3-5
//! `ARPieceComplementaire` (SPEC §6.2, §7.3, §7.4).

use chrono::NaiveDate;

use crate::xml::Element;

use super::common::{read_files, write_element, Body, DonneesCourrierPref, FichierSigne};
use super::courrier::{read_document, CourrierAvecDocument};
use super::field::Field;
use super::io::{attr_path, child_path, Card, Reader, Writer};

/// 3-1 `DemandePieceComplementaire` (MI → CL).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DemandePieceComplementaire {
    /// The act and the letter's date.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub courrier: DonneesCourrierPref,
    /// `DescriptionPieces`: the documents asked for (free text, verbatim).
    pub description_pieces: String,
    /// `Document`: the letter.
    pub document: FichierSigne,
}

impl Body for DemandePieceComplementaire {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[("DescriptionPieces", Card::One), ("Document", Card::One)],
        );
        DemandePieceComplementaire {
            courrier: DonneesCourrierPref::read_attrs(el, r, path),
            description_pieces: r.req_text(el, path, "DescriptionPieces"),
            document: read_document(el, r, path),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        self.courrier.write_attrs(w, path);
        w.text(
            "actes:DescriptionPieces",
            &self.description_pieces,
            &child_path(path, "DescriptionPieces"),
        );
        write_element(
            w,
            "actes:Document",
            &self.document,
            &child_path(path, "Document"),
        );
    }
}

/// 3-2 `ARDemandePieceComplementaire` (CL → MI): the AR of a 3-1.
pub type ARDemandePieceComplementaire = DonneesCourrierPref;

/// 3-3 `RefusPieceComplementaire` (CL → MI): explicit refusal.
pub type RefusPieceComplementaire = CourrierAvecDocument;

/// 3-4 `PieceComplementaire` (CL → MI): the additional documents.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PieceComplementaire {
    /// The act and the date of the request being answered.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub courrier: DonneesCourrierPref,
    /// `Documents/Document` (1..n).
    pub documents: Vec<FichierSigne>,
}

impl Body for PieceComplementaire {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[("Documents", Card::One)]);
        let courrier = DonneesCourrierPref::read_attrs(el, r, path);
        let documents = match r.req_child(el, path, "Documents") {
            Some(c) => {
                let p = child_path(path, "Documents");
                r.check_children(c, &p, &[("Document", Card::Many)]);
                let docs = read_files(c, r, &p, "Document");
                if docs.is_empty() {
                    r.push(super::common::missing(&child_path(&p, "Document")));
                }
                docs
            }
            None => Vec::new(),
        };
        PieceComplementaire {
            courrier,
            documents,
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        self.courrier.write_attrs(w, path);
        let p = child_path(path, "Documents");
        if self.documents.is_empty() {
            w.invalid(
                &p,
                "",
                "at least one Document is required",
                "au moins un Document est requis",
            );
        }
        w.xml.start("actes:Documents");
        let dp = child_path(&p, "Document");
        for d in &self.documents {
            write_element(w, "actes:Document", d, &dp);
        }
        w.xml.end();
    }
}

/// The AR of a collectivité's answer (type `ARReponseCL`): 3-5 and 4-5.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ARReponseCL {
    /// `@actes:DateReception`: when the answer was received.
    pub date_reception: Field<NaiveDate>,
    /// `InfosCourrierPref`: the prefecture letter that was answered.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub infos_courrier_pref: DonneesCourrierPref,
}

/// 3-5 `ARPieceComplementaire` (MI → CL): the AR of 3-3 or 3-4.
pub type ARPieceComplementaire = ARReponseCL;

impl Body for ARReponseCL {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[("InfosCourrierPref", Card::One)]);
        let date_reception = r.req_attr(el, path, "DateReception");
        let infos_courrier_pref = match r.req_child(el, path, "InfosCourrierPref") {
            Some(c) => DonneesCourrierPref::read(c, r, &child_path(path, "InfosCourrierPref")),
            None => DonneesCourrierPref {
                id_acte: Field::default(),
                date_courrier_pref: Field::default(),
            },
        };
        ARReponseCL {
            date_reception,
            infos_courrier_pref,
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        w.attr(
            "actes:DateReception",
            &self.date_reception,
            &attr_path(path, "DateReception"),
        );
        write_element(
            w,
            "actes:InfosCourrierPref",
            &self.infos_courrier_pref,
            &child_path(path, "InfosCourrierPref"),
        );
    }
}
