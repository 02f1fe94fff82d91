//! Transaction 4, letter of observations: 4-1 `LettreObservations`, 4-2
//! `ARLettreObservations`, 4-3 `RejetLettreObservations`, 4-4
//! `ReponseLettreObservations`, 4-5 `ARReponseRejetLettreObservations`
//! (SPEC §6.2, §7.3, §7.4).

use crate::xml::Element;

use super::common::{write_element, Body, DonneesCourrierPref, FichierSigne};
use super::courrier::{read_document, CourrierAvecDocument};
use super::io::{child_path, Card, Reader, Writer};
use super::pieces::ARReponseCL;

/// 4-1 `LettreObservations` (MI → CL).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LettreObservations {
    /// The act and the letter's date.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub courrier: DonneesCourrierPref,
    /// `Motif`: free text, verbatim.
    pub motif: String,
    /// `Document`: the letter.
    pub document: FichierSigne,
}

impl Body for LettreObservations {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[("Motif", Card::One), ("Document", Card::One)]);
        LettreObservations {
            courrier: DonneesCourrierPref::read_attrs(el, r, path),
            motif: r.req_text(el, path, "Motif"),
            document: read_document(el, r, path),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        self.courrier.write_attrs(w, path);
        w.text("actes:Motif", &self.motif, &child_path(path, "Motif"));
        write_element(
            w,
            "actes:Document",
            &self.document,
            &child_path(path, "Document"),
        );
    }
}

/// 4-2 `ARLettreObservations` (CL → MI): the AR of a 4-1.
pub type ARLettreObservations = DonneesCourrierPref;
/// 4-3 `RejetLettreObservations` (CL → MI): explicit refusal to answer.
pub type RejetLettreObservations = CourrierAvecDocument;
/// 4-4 `ReponseLettreObservations` (CL → MI): the answer.
pub type ReponseLettreObservations = CourrierAvecDocument;
/// 4-5 `ARReponseRejetLettreObservations` (MI → CL): the AR of 4-3 or 4-4.
pub type ARReponseRejetLettreObservations = ARReponseCL;
