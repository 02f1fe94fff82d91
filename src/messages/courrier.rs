//! Transaction 2, simple letter: 2-1 `CourrierSimple` (MI → CL) and 2-2
//! `ReponseCourrierSimple` (CL → MI) (SPEC §6.2, §7.3).
//!
//! Both are a prefecture letter's data plus one document; the same shape is
//! used by 3-3, 4-3 and 4-4.

use crate::xml::Element;

use super::common::{write_element, Body, DonneesCourrierPref, FichierSigne};
use super::io::{child_path, Card, Reader, Writer};

/// A message made of the data of a prefecture letter (`@actes:IDActe`,
/// `@actes:DateCourrierPref`) and one `Document`: 2-1, 2-2, 3-3, 4-3, 4-4.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CourrierAvecDocument {
    /// The act and the letter's date.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub courrier: DonneesCourrierPref,
    /// `Document`: the letter, or the answer.
    pub document: FichierSigne,
}

/// 2-1 `CourrierSimple` (MI → CL): a simple letter from the prefecture.
pub type CourrierSimple = CourrierAvecDocument;
/// 2-2 `ReponseCourrierSimple` (CL → MI): the answer to a simple letter.
pub type ReponseCourrierSimple = CourrierAvecDocument;

impl Body for CourrierAvecDocument {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[("Document", Card::One)]);
        CourrierAvecDocument {
            courrier: DonneesCourrierPref::read_attrs(el, r, path),
            document: read_document(el, r, path),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        self.courrier.write_attrs(w, path);
        write_element(
            w,
            "actes:Document",
            &self.document,
            &child_path(path, "Document"),
        );
    }
}

/// Reads the required `Document` child.
pub(crate) fn read_document(el: &Element, r: &mut Reader, path: &str) -> FichierSigne {
    match r.req_child(el, path, "Document") {
        Some(c) => FichierSigne::read(c, r, &child_path(path, "Document")),
        None => FichierSigne::default(),
    }
}
