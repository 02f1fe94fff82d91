//! The serde form of the messages (feature `serde`): what
//! `actes receipt read --json` and `actes delivery read --json` show of a
//! message (`schemas/receipt-read.schema.json`).
//!
//! Each message type derives `Serialize`; its `#[serde]` attributes give
//! the shape. A [`Field`] is its raw text (`null` when absent); the few
//! typed values the documents show (`code_nature`, `annexes_nombre`, the
//! matière codes) and the values derived from a field (`nature`,
//! `classification`, `document_papier`, the anomaly's label, the
//! classification summary of a 7-2) come from the functions below, named by
//! those attributes. A [`FichierSigne`](super::FichierSigne) is its file name.

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use super::{
    AnomalieActe, AnomalieEnveloppe, DocumentPapier, Field, NatureAnomalie, NiveauMatiere,
    ServiceEmetteur,
};
use crate::classification::Classification;
use crate::ids::{arrondissement_name, NatureActe};

/// A field as its raw text, `null` when absent (empty text).
impl<T> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.raw.is_empty() {
            s.serialize_none()
        } else {
            s.serialize_str(&self.raw)
        }
    }
}

/// A field as its typed value, `null` when the text did not parse.
pub(super) fn value<T: Serialize, S: Serializer>(f: &Field<T>, s: S) -> Result<S::Ok, S::Error> {
    f.value.serialize(s)
}

/// `CodeNatureActe` (flattened): `code_nature`, the number `1`…`6`, and
/// `nature`, its abbreviation (`DE`).
pub(super) fn code_nature<S: Serializer>(f: &Field<NatureActe>, s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(2))?;
    m.serialize_entry("code_nature", &f.value.map(|n| n.code()))?;
    m.serialize_entry("nature", &f.value.map(|n| n.abbr()))?;
    m.end()
}

/// The matière levels (flattened): `matieres`, each `{level, code}`, and
/// `classification`, the code they make (`3.2`) when they make one.
pub(super) fn matieres<S: Serializer>(levels: &[NiveauMatiere], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(2))?;
    m.serialize_entry("matieres", levels)?;
    m.serialize_entry(
        "classification",
        &super::common::matiere_of(levels).map(|c| c.to_string()),
    )?;
    m.end()
}

/// `DocumentPapier` as announced: `true` (`O`, `1`), `false` (`N`, `0`),
/// `null` (absent, empty or another value).
pub(super) fn announced<S: Serializer>(d: &DocumentPapier, s: S) -> Result<S::Ok, S::Error> {
    d.announced().serialize(s)
}

/// The summary of a 7-2's classification (flattened): `natures`, their
/// abbreviations, and `matieres_niveau1`, the number of top-level matières;
/// nothing when the classification could not be read.
pub(super) fn classification_summary<S: Serializer>(
    c: &Option<Classification>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    if let Some(c) = c {
        let natures: Vec<&str> = c.natures().iter().map(|n| n.abbr()).collect();
        m.serialize_entry("natures", &natures)?;
        m.serialize_entry("matieres_niveau1", &c.matieres().len())?;
    }
    m.end()
}

/// `anomalie`: the nature as read, its number, its label and the detail.
#[derive(serde::Serialize)]
struct Anomalie<'a> {
    nature: &'a str,
    number: Option<u32>,
    label: Option<&'static str>,
    detail: &'a Option<String>,
}

impl<'a> Anomalie<'a> {
    fn new(
        nature: &'a NatureAnomalie,
        detail: &'a Option<String>,
        label: Option<&'static str>,
    ) -> Self {
        Anomalie {
            nature: &nature.raw,
            number: nature.number,
            label,
            detail,
        }
    }
}

/// `date`, `anomalie` (nature, number, label, detail), `acte` (the act
/// received) and `classification_date_version_en_cours`.
impl Serialize for AnomalieActe {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("AnomalieActe", 4)?;
        m.serialize_field("date", &self.date)?;
        m.serialize_field(
            "anomalie",
            &Anomalie::new(&self.nature, &self.detail, self.label()),
        )?;
        m.serialize_field("acte", &self.acte_recu)?;
        m.serialize_field(
            "classification_date_version_en_cours",
            &self.classification_date_version_en_cours,
        )?;
        m.end()
    }
}

/// `date`, `anomalie` (nature, number, label, detail) and
/// `enveloppe_recue` (the envelope received).
impl Serialize for AnomalieEnveloppe {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("AnomalieEnveloppe", 3)?;
        m.serialize_field("date", &self.date)?;
        m.serialize_field(
            "anomalie",
            &Anomalie::new(&self.nature, &self.detail, self.label()),
        )?;
        m.serialize_field("enveloppe_recue", &self.enveloppe_recue)?;
        m.end()
    }
}

/// `service` (the element name: `IDPref`, `IDSousPref`, `IDSGAR`),
/// `departement`, and for a sous-préfecture `arrondissement` and its name
/// `arrondissement_nom` when known (`null` otherwise).
impl Serialize for ServiceEmetteur {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (arrondissement, nom) = match self {
            ServiceEmetteur::SousPref {
                departement,
                arrondissement,
            } => (
                Some(arrondissement),
                departement
                    .value
                    .zip(arrondissement.value)
                    .and_then(|(d, a)| arrondissement_name(d.as_str(), a.number())),
            ),
            _ => (None, None),
        };
        let mut m = s.serialize_struct("ServiceEmetteur", 4)?;
        m.serialize_field("service", self.element_name())?;
        m.serialize_field("departement", self.departement())?;
        m.serialize_field("arrondissement", &arrondissement)?;
        m.serialize_field("arrondissement_nom", &nom)?;
        m.end()
    }
}

/// A message type whose fields sit under one key in the message's JSON
/// (`{"acte": …}` for a 1-1, `{"enveloppe": …}` for an envelope).
pub(super) fn under<T: Serialize, S: Serializer>(
    key: &'static str,
    fields: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry(key, fields)?;
    m.end()
}
