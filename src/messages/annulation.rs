//! Transaction 6, cancellation: 6-1 `Annulation` (CL → MI) and 6-2
//! `ARAnnulation` (MI → CL) (SPEC §6.3, §7.6).

use chrono::NaiveDate;

use crate::ids::ActeId;
use crate::xml::Element;

use super::common::Body;
use super::field::Field;
use super::io::{attr_path, Reader, Writer};

/// 6-1 `Annulation`: cancels the transmission of an act.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Annulation {
    /// `@actes:IDActe`: the act to cancel.
    pub id_acte: Field<ActeId>,
}

impl Body for Annulation {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[]);
        Annulation {
            id_acte: r.req_attr(el, path, "IDActe"),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        w.attr("actes:IDActe", &self.id_acte, &attr_path(path, "IDActe"));
    }
}

/// 6-2 `ARAnnulation`: the AR of a cancellation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ARAnnulation {
    /// `@actes:IDActe`.
    pub id_acte: Field<ActeId>,
    /// `@actes:DateReception`.
    pub date_reception: Field<NaiveDate>,
}

impl Body for ARAnnulation {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[]);
        ARAnnulation {
            id_acte: r.req_attr(el, path, "IDActe"),
            date_reception: r.req_attr(el, path, "DateReception"),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        w.attr("actes:IDActe", &self.id_acte, &attr_path(path, "IDActe"));
        w.attr(
            "actes:DateReception",
            &self.date_reception,
            &attr_path(path, "DateReception"),
        );
    }
}
