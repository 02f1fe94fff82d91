//! Typed models of every ACTES root element (SPEC §3.3, §5–§7), read
//! leniently and written strictly.
//!
//! [`Message`] covers the 22 message types and the three envelope roots.
//! [`Message::parse`] follows the reading profile (SPEC §2.3): any prefix
//! bound to the ACTES namespace, every encoding variant the XML layer
//! decodes, CRLF, the three schema variants, non-standard `DocumentPapier`
//! values, anomaly natures kept raw, classification gaps kept as read, and
//! identifiers kept raw with their diagnostic when they do not parse, so
//! that one bad field never loses the rest of the message. Every diagnostic
//! carries the field path (`ARActe/ActeRecu/@NumeroInterne`).
//!
//! [`Message::to_xml`] follows the emission profile (SPEC §2.2): ISO-8859-1
//! declared, characters outside Latin-1 as character references, the
//! `actes:`/`insee:`/`xsi:` prefixes, qualified attributes, the element
//! order of the XSD, `DocumentPapier` always `O`/`N`, `Annexes/@Nombre` the
//! number of annexes, canonical integers and gap-free classification levels.
//! It refuses a message whose typed fields have no valid value.
//!
//! | file | messages |
//! |---|---|
//! | `common.rs` | shared types: [`DonneesActe`], [`FichierSigne`], [`DocumentPapier`], [`DonneesCourrierPref`], [`IdCl`], [`Referent`], [`ServiceEmetteur`], [`Email`] |
//! | `acte.rs` | 1-1 `Acte`, 1-2 `ARActe`, 1-3 `AnomalieActe` |
//! | `courrier.rs` | 2-1 `CourrierSimple`, 2-2 `ReponseCourrierSimple` |
//! | `pieces.rs` | 3-1 … 3-5 |
//! | `lettre.rs` | 4-1 … 4-5 |
//! | `defere.rs` | 5-1 `DefereTA` |
//! | `annulation.rs` | 6-1 `Annulation`, 6-2 `ARAnnulation` |
//! | `classification.rs` | 7-1, 7-2, 7-3 |
//! | `enveloppe.rs` | `EnveloppeCLMISILL`, `EnveloppeMISILLCL`, `AnomalieEnveloppe` |
//! | `anomalie.rs` | anomaly natures and their labels (SPEC §9.4) |
//! | `field.rs` | [`Field`]: raw text plus typed value |

mod acte;
mod annulation;
mod anomalie;
mod classification;
mod common;
mod courrier;
mod defere;
mod enveloppe;
mod facts;
mod field;
mod io;
#[cfg(feature = "serde")]
mod json;
mod lettre;
mod pieces;

pub use acte::{ARActe, AnomalieActe};
pub use annulation::{ARAnnulation, Annulation};
pub use anomalie::{
    anomalie_acte_label, anomalie_enveloppe_label, NatureAnomalie, ANOMALIES_ACTE,
    ANOMALIES_ENVELOPPE,
};
pub use classification::{
    demande_classification_xml, DemandeClassification, ReponseClassificationSansChangement,
    RetourClassification,
};
pub use common::{
    Annexes, DocumentPapier, DonneesActe, DonneesCourrierPref, Email, FichierSigne, IdCl,
    NiveauMatiere, Referent, ServiceEmetteur,
};
pub use courrier::{CourrierAvecDocument, CourrierSimple, ReponseCourrierSimple};
pub use defere::DefereTA;
pub use enveloppe::{AnomalieEnveloppe, EnveloppeCLMISILL, EnveloppeMISILLCL};
pub use facts::{DatedField, NamedDocument};
pub use field::{Field, FieldValue};
pub use lettre::{
    ARLettreObservations, ARReponseRejetLettreObservations, LettreObservations,
    RejetLettreObservations, ReponseLettreObservations,
};
pub use pieces::{
    ARDemandePieceComplementaire, ARPieceComplementaire, ARReponseCL, DemandePieceComplementaire,
    PieceComplementaire, RefusPieceComplementaire,
};

use crate::diagnostic::{has_errors, Code, Diagnostic, Invalid, Location, Parsed};
use crate::ids::{ActeId, MessageCode};
use crate::xml::{self, Element, Limits, Ns};

use common::Body;
use io::{Reader, Writer};

/// The root element of a row of the table below: a message type's comes
/// from the message table ([`MessageCode`]), an envelope's is written.
macro_rules! root {
    (code($t:literal, $s:literal)) => {{
        const ROOT: &str = MessageCode::root_of($t, $s);
        const _: () = assert!(!ROOT.is_empty(), "no such message type");
        ROOT
    }};
    (envelope($r:literal)) => {
        $r
    };
}

/// The serde form of a message type inside [`MessageFields`]: its own
/// fields, or (a row ending `in "key"`) those fields under `key`.
#[cfg(feature = "serde")]
macro_rules! fields_json {
    ($m:expr, $s:expr) => {
        serde::Serialize::serialize($m, $s)
    };
    ($m:expr, $s:expr, $key:literal) => {
        json::under($key, $m, $s)
    };
}

macro_rules! messages {
    ($( $(#[$m:meta])* $variant:ident($ty:ty) = $how:ident $args:tt $(in $key:literal)?; )*) => {
        /// Any ACTES root element: the 22 message types and the 3 envelopes.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum Message {
            $( $(#[$m])* $variant($ty), )*
        }

        impl Message {
            /// Every root element name, in catalogue order.
            pub const ROOT_NAMES: &'static [&'static str] = &[$(root!($how $args)),*];

            /// The local name of the root element (`ARActe`, ...).
            pub fn root_name(&self) -> &'static str {
                match self { $(Message::$variant(_) => root!($how $args)),* }
            }

            fn read_root(el: &Element, r: &mut Reader) -> Option<Message> {
                let name = el.name.as_str();
                $(
                    let root = root!($how $args);
                    if name == root {
                        return Some(Message::$variant(<$ty as Body>::read(el, r, root)));
                    }
                )*
                None
            }

            fn write_body(&self, w: &mut Writer) {
                match self { $(Message::$variant(m) => m.write(w, root!($how $args))),* }
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for MessageFields<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.0 { $(Message::$variant(m) => fields_json!(m, s $(, $key)?)),* }
            }
        }
    };
}

messages! {
    /// 1-1 `Acte` (CL → MI): the act's metadata, type `DonneesActe`.
    Acte(DonneesActe) = code(1, 1) in "acte";
    /// 1-2 `ARActe` (MI → CL).
    ARActe(ARActe) = code(1, 2);
    /// 1-3 `AnomalieActe` (MI → CL).
    AnomalieActe(AnomalieActe) = code(1, 3);
    /// 2-1 `CourrierSimple` (MI → CL).
    CourrierSimple(CourrierSimple) = code(2, 1);
    /// 2-2 `ReponseCourrierSimple` (CL → MI).
    ReponseCourrierSimple(ReponseCourrierSimple) = code(2, 2);
    /// 3-1 `DemandePieceComplementaire` (MI → CL).
    DemandePieceComplementaire(DemandePieceComplementaire) = code(3, 1);
    /// 3-2 `ARDemandePieceComplementaire` (CL → MI).
    ARDemandePieceComplementaire(ARDemandePieceComplementaire) = code(3, 2);
    /// 3-3 `RefusPieceComplementaire` (CL → MI).
    RefusPieceComplementaire(RefusPieceComplementaire) = code(3, 3);
    /// 3-4 `PieceComplementaire` (CL → MI).
    PieceComplementaire(PieceComplementaire) = code(3, 4);
    /// 3-5 `ARPieceComplementaire` (MI → CL).
    ARPieceComplementaire(ARPieceComplementaire) = code(3, 5);
    /// 4-1 `LettreObservations` (MI → CL).
    LettreObservations(LettreObservations) = code(4, 1);
    /// 4-2 `ARLettreObservations` (CL → MI).
    ARLettreObservations(ARLettreObservations) = code(4, 2);
    /// 4-3 `RejetLettreObservations` (CL → MI).
    RejetLettreObservations(RejetLettreObservations) = code(4, 3);
    /// 4-4 `ReponseLettreObservations` (CL → MI).
    ReponseLettreObservations(ReponseLettreObservations) = code(4, 4);
    /// 4-5 `ARReponseRejetLettreObservations` (MI → CL).
    ARReponseRejetLettreObservations(ARReponseRejetLettreObservations) = code(4, 5);
    /// 5-1 `DefereTA` (MI → CL).
    DefereTA(DefereTA) = code(5, 1);
    /// 6-1 `Annulation` (CL → MI).
    Annulation(Annulation) = code(6, 1);
    /// 6-2 `ARAnnulation` (MI → CL).
    ARAnnulation(ARAnnulation) = code(6, 2);
    /// 7-1 `DemandeClassification` (CL → MI).
    DemandeClassification(DemandeClassification) = code(7, 1);
    /// 7-2 `RetourClassification` (MI → CL).
    RetourClassification(RetourClassification) = code(7, 2);
    /// 7-3 `ReponseClassificationSansChangement` (MI → CL).
    ReponseClassificationSansChangement(ReponseClassificationSansChangement) = code(7, 3);
    /// `EnveloppeCLMISILL`: envelope of a CL → MI archive.
    EnveloppeCLMISILL(EnveloppeCLMISILL) = envelope("EnveloppeCLMISILL") in "enveloppe";
    /// `EnveloppeMISILLCL`: envelope of an MI → CL delivery.
    EnveloppeMISILLCL(EnveloppeMISILLCL) = envelope("EnveloppeMISILLCL") in "enveloppe";
    /// `AnomalieEnveloppe`: a whole envelope refused.
    AnomalieEnveloppe(AnomalieEnveloppe) = envelope("AnomalieEnveloppe");
}

/// The fields of a message's type, as JSON: what `actes receipt read
/// --json` shows of the message besides `code` and `root`
/// ([`Message::fields`]). Each type's `Serialize` gives them; a 1-1 `Acte`
/// has its fields under `acte`, an envelope under `enveloppe`.
#[cfg(feature = "serde")]
#[derive(Debug, Clone, Copy)]
pub struct MessageFields<'a>(&'a Message);

/// A message as JSON: `code` (`null` for an envelope), `root`, and the
/// fields of its type ([`Message::fields`]), as in
/// `actes receipt read --json`.
#[cfg(feature = "serde")]
impl serde::Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Tagged<'a> {
            code: Option<String>,
            root: &'static str,
            #[serde(flatten)]
            fields: MessageFields<'a>,
        }
        Tagged {
            code: self.code().map(|c| c.to_string()),
            root: self.root_name(),
            fields: self.fields(),
        }
        .serialize(s)
    }
}

impl Message {
    /// The fields of the message's type in its serde form, without `code`
    /// and `root`.
    ///
    /// ```
    /// use actes::messages::{Annulation, Field, Message};
    /// let m = Message::Annulation(Annulation {
    ///     id_acte: Field::new("062-216204982-20221214-DLB12_14122022-DE".parse().unwrap()),
    /// });
    /// assert_eq!(
    ///     serde_json::to_string(&m.fields()).unwrap(),
    ///     r#"{"id_acte":"062-216204982-20221214-DLB12_14122022-DE"}"#
    /// );
    /// ```
    #[cfg(feature = "serde")]
    pub fn fields(&self) -> MessageFields<'_> {
        MessageFields(self)
    }

    /// Reads a message from raw bytes with the reading profile and the
    /// default [`Limits`].
    ///
    /// The value is present whenever the document is well-formed XML with a
    /// known ACTES root, even when fields are invalid (they are then kept
    /// raw, with their diagnostics).
    ///
    /// ```
    /// use actes::messages::Message;
    /// let xml = br#"<?xml version="1.0" encoding="ISO-8859-1"?>
    /// <a:ARAnnulation xmlns:a="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
    ///   a:IDActe="035-123456789-20030714-9999aaa-AI" a:DateReception="2003-08-13"/>"#;
    /// let parsed = Message::parse(xml);
    /// let m = parsed.value.as_ref().unwrap();
    /// assert_eq!(m.root_name(), "ARAnnulation");
    /// assert_eq!(m.code().unwrap().to_string(), "6-2");
    /// // The SIREN 123456789 fails its check digit: the IDActe is kept raw.
    /// let Message::ARAnnulation(ar) = m else { panic!() };
    /// assert_eq!(ar.id_acte.raw, "035-123456789-20030714-9999aaa-AI");
    /// assert!(parsed.diagnostics.iter().any(|d| d.location.path.as_deref() == Some("ARAnnulation/@IDActe")));
    /// ```
    pub fn parse(bytes: &[u8]) -> Parsed<Message> {
        Message::parse_with_limits(bytes, &Limits::default())
    }

    /// [`Message::parse`] with explicit resource limits.
    pub fn parse_with_limits(bytes: &[u8], limits: &Limits) -> Parsed<Message> {
        let doc = xml::parse(bytes, limits);
        let mut diagnostics = doc.diagnostics;
        let Some(doc) = doc.value else {
            return Parsed {
                value: None,
                diagnostics,
            };
        };
        if let Some(declared) = &doc.declared_encoding {
            if !declared.eq_ignore_ascii_case("ISO-8859-1") {
                diagnostics.push(Diagnostic::new(
                    Code::XmlEncodingNotLatin1,
                    Location::none(),
                    format!("the document declares {declared}, not ISO-8859-1 as the emission profile requires"),
                    format!("le document déclare {declared}, et non ISO-8859-1 comme le profil d'émission l'exige"),
                ));
            }
        }
        let m = Message::from_element(&doc.root);
        diagnostics.extend(m.diagnostics);
        Parsed {
            value: m.value,
            diagnostics,
        }
    }

    /// Reads a message from an already parsed root element.
    pub fn from_element(root: &Element) -> Parsed<Message> {
        let mut r = Reader::default();
        let known = Message::ROOT_NAMES.contains(&root.name.as_str());
        match &root.ns {
            Ns::Actes if known => {}
            Ns::None if known => r.push(Diagnostic::new(
                Code::XmlWrongNamespace,
                Location::path(root.name.clone()),
                format!(
                    "the root element {} has no namespace; read as ACTES",
                    root.name
                ),
                format!(
                    "l'élément racine {} n'a pas d'espace de noms ; lu comme ACTES",
                    root.name
                ),
            )),
            ns => {
                let what = match ns {
                    Ns::Other(uri) => format!("{{{uri}}}{}", root.name),
                    _ => root.name.clone(),
                };
                return Parsed {
                    value: None,
                    diagnostics: vec![Diagnostic::new(
                        Code::MsgUnknownRoot,
                        Location::path(root.name.clone()),
                        format!("the root element {what} is not an ACTES message or envelope"),
                        format!(
                            "l'élément racine {what} n'est pas un message ou une enveloppe ACTES"
                        ),
                    )],
                };
            }
        }
        let value = Message::read_root(root, &mut r);
        Parsed {
            value,
            diagnostics: r.diags,
        }
    }

    /// Writes the message with the emission profile.
    ///
    /// Refuses (with every reason) a message whose typed fields have no
    /// valid value, whose classification levels have gaps, or whose texts
    /// cannot be written.
    ///
    /// ```
    /// use actes::messages::{Annulation, Field, Message};
    /// let m = Message::Annulation(Annulation {
    ///     id_acte: Field::new("062-216204982-20221214-DLB12_14122022-DE".parse().unwrap()),
    /// });
    /// let xml = m.to_xml().unwrap();
    /// let text = String::from_utf8(xml.clone()).unwrap();
    /// assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"));
    /// assert!(text.contains("actes:IDActe=\"062-216204982-20221214-DLB12_14122022-DE\""));
    /// assert_eq!(Message::parse(&xml).value, Some(m));
    ///
    /// let bad = Message::Annulation(Annulation { id_acte: Field::invalid("nope") });
    /// assert_eq!(bad.to_xml().unwrap_err().codes(), ["MSG-WRITE-INVALID-FIELD"]);
    /// ```
    pub fn to_xml(&self) -> Result<Vec<u8>, Invalid> {
        let mut w = Writer::new();
        w.xml.start_root(&format!("actes:{}", self.root_name()));
        self.write_body(&mut w);
        if has_errors(&w.diags) {
            return Err(Invalid {
                diagnostics: w.diags,
            });
        }
        Ok(w.xml.finish())
    }

    /// The message code `T-S` (`1-2`); `None` for the envelopes.
    pub fn code(&self) -> Option<MessageCode> {
        MessageCode::from_root_element(self.root_name())
    }

    /// The act this message is about, where the message carries an
    /// `IDActe` (`ARActe`, 2-x to 6-x, `InfosCourrierPref` of 3-5/4-5) and
    /// it parses.
    pub fn id_acte(&self) -> Option<&ActeId> {
        self.id_acte_field().and_then(Field::get)
    }

    /// The `IDActe` field, raw and typed, where the message has one.
    pub fn id_acte_field(&self) -> Option<&Field<ActeId>> {
        match self {
            Message::ARActe(m) => Some(&m.id_acte),
            Message::CourrierSimple(m)
            | Message::ReponseCourrierSimple(m)
            | Message::RefusPieceComplementaire(m)
            | Message::RejetLettreObservations(m)
            | Message::ReponseLettreObservations(m) => Some(&m.courrier.id_acte),
            Message::DemandePieceComplementaire(m) => Some(&m.courrier.id_acte),
            Message::PieceComplementaire(m) => Some(&m.courrier.id_acte),
            Message::LettreObservations(m) => Some(&m.courrier.id_acte),
            Message::ARDemandePieceComplementaire(m) | Message::ARLettreObservations(m) => {
                Some(&m.id_acte)
            }
            Message::ARPieceComplementaire(m) | Message::ARReponseRejetLettreObservations(m) => {
                Some(&m.infos_courrier_pref.id_acte)
            }
            Message::DefereTA(m) => Some(&m.id_acte),
            Message::Annulation(m) => Some(&m.id_acte),
            Message::ARAnnulation(m) => Some(&m.id_acte),
            Message::Acte(_)
            | Message::AnomalieActe(_)
            | Message::DemandeClassification(_)
            | Message::RetourClassification(_)
            | Message::ReponseClassificationSansChangement(_)
            | Message::EnveloppeCLMISILL(_)
            | Message::EnveloppeMISILLCL(_)
            | Message::AnomalieEnveloppe(_) => None,
        }
    }

    /// The act's metadata: the 1-1 act itself, or the `ActeRecu` echoed by
    /// 1-2 and 1-3.
    pub fn acte(&self) -> Option<&DonneesActe> {
        match self {
            Message::Acte(a) => Some(a),
            Message::ARActe(m) => Some(&m.acte_recu),
            Message::AnomalieActe(m) => Some(&m.acte_recu),
            _ => None,
        }
    }

    /// Mutable access to the act's metadata (see [`Message::acte`]).
    pub fn acte_mut(&mut self) -> Option<&mut DonneesActe> {
        match self {
            Message::Acte(a) => Some(a),
            Message::ARActe(m) => Some(&mut m.acte_recu),
            Message::AnomalieActe(m) => Some(&mut m.acte_recu),
            _ => None,
        }
    }

    /// Whether this is one of the three envelope roots.
    pub fn is_envelope(&self) -> bool {
        matches!(
            self,
            Message::EnveloppeCLMISILL(_)
                | Message::EnveloppeMISILLCL(_)
                | Message::AnomalieEnveloppe(_)
        )
    }
}
