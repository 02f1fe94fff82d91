//! Transaction 5: 5-1 `DefereTA` (MI → CL), notice of referral to the
//! tribunal administratif (SPEC §7.5).

use chrono::NaiveDate;

use crate::ids::ActeId;
use crate::xml::Element;

use super::common::{read_files, write_element, Body, FichierSigne};
use super::field::Field;
use super::io::{attr_path, child_path, Card, Reader, Writer};

/// 5-1 `DefereTA`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DefereTA {
    /// `@actes:IDActe`.
    pub id_acte: Field<ActeId>,
    /// `DateDepot`: date the referral was lodged.
    pub date_depot: Field<NaiveDate>,
    /// `NatureIllegalite`: the ground of the referral (free text, verbatim).
    pub nature_illegalite: String,
    /// `PiecesJointes/PieceJointe` (0..n).
    pub pieces_jointes: Vec<FichierSigne>,
}

impl Body for DefereTA {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[
                ("DateDepot", Card::One),
                ("NatureIllegalite", Card::One),
                ("PiecesJointes", Card::One),
            ],
        );
        let id_acte = r.req_attr(el, path, "IDActe");
        let date_depot = r.req_text_field(el, path, "DateDepot");
        let nature_illegalite = r.req_text(el, path, "NatureIllegalite");
        let pieces_jointes = match r.req_child(el, path, "PiecesJointes") {
            Some(c) => {
                let p = child_path(path, "PiecesJointes");
                r.check_children(c, &p, &[("PieceJointe", Card::Many)]);
                read_files(c, r, &p, "PieceJointe")
            }
            None => Vec::new(),
        };
        DefereTA {
            id_acte,
            date_depot,
            nature_illegalite,
            pieces_jointes,
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        w.attr("actes:IDActe", &self.id_acte, &attr_path(path, "IDActe"));
        w.text_field(
            "actes:DateDepot",
            &self.date_depot,
            &child_path(path, "DateDepot"),
        );
        w.text(
            "actes:NatureIllegalite",
            &self.nature_illegalite,
            &child_path(path, "NatureIllegalite"),
        );
        let p = child_path(path, "PiecesJointes");
        w.xml.start("actes:PiecesJointes");
        let pp = child_path(&p, "PieceJointe");
        for f in &self.pieces_jointes {
            write_element(w, "actes:PieceJointe", f, &pp);
        }
        w.xml.end();
    }
}
