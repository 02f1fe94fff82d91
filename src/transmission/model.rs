//! The model of what a collectivité sends: the envelope's sender, date
//! and content (an act, a cancellation, a classification request, an
//! answer to a letter).

use chrono::NaiveDate;

use super::content::DocumentContent;
use crate::ids::Typologie;
use crate::ids::{
    ActeId, Arrondissement, CodeMatiere, Departement, MessageCode, NatureActe, NatureCollectivite,
    NumeroInterne, Siren,
};
use crate::naming::{Application, Trigramme};

/// The TdT that transmits: its trigramme (archive name prefix) and the
/// application code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmetteur {
    /// The trigramme assigned at homologation, e.g. `SLO`.
    pub trigramme: Trigramme,
    /// [`Application::EACT`] (production) or [`Application::TACT`] (test).
    pub application: Application,
}

/// The person to contact at the collectivité (`Emetteur/Referent`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact {
    /// Name.
    pub nom: Option<String>,
    /// Telephone number.
    pub telephone: Option<String>,
    /// E-mail address (must match the XSD `actes:Email` pattern).
    pub email: Option<String>,
}

/// The sending collectivité (`Emetteur/IDCL`, `AdressesRetour`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collectivite {
    /// SIREN.
    pub siren: Siren,
    /// Département.
    pub departement: Departement,
    /// Arrondissement.
    pub arrondissement: Arrondissement,
    /// Nature of the collectivité (`IDCL/@actes:Nature`), e.g. `31` commune.
    pub nature: NatureCollectivite,
    /// Optional referent.
    pub referent: Option<Contact>,
    /// Addresses the préfecture answers to (at least one).
    pub adresses_retour: Vec<String>,
}

/// The envelope's date and the sequence number of the day (`{YYYYMMDD}-{N}`
/// in the names), both chosen by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envoi {
    /// The envelope date.
    pub date: NaiveDate,
    /// The sequence number of the envelope for this collectivité and day,
    /// `1..=9999`.
    pub sequence: u64,
}

/// One document: its typologie code and its content.
#[derive(Debug)]
pub struct Piece {
    /// The typologie code (`CodeTypePJ`, e.g. `99_DE`), written as a prefix
    /// of the file name. Mandatory for the act and its annexes; optional for
    /// the documents of answers (no prefix when absent).
    pub typologie: Option<Typologie>,
    /// The content.
    pub content: DocumentContent,
}

impl Piece {
    /// A document with a typologie code.
    pub fn new(typologie: Typologie, content: DocumentContent) -> Self {
        Piece {
            typologie: Some(typologie),
            content,
        }
    }

    /// A document without a typologie code.
    pub fn untyped(content: DocumentContent) -> Self {
        Piece {
            typologie: None,
            content,
        }
    }
}

/// An act (message 1-1).
#[derive(Debug)]
pub struct NouvelActe {
    /// Nature.
    pub nature: NatureActe,
    /// Date of the decision.
    pub date: NaiveDate,
    /// Numéro interne (must meet the emission profile E1).
    pub numero: NumeroInterne,
    /// Objet: one line, at most 499 characters.
    pub objet: String,
    /// Classification code, at least two levels.
    pub matiere: CodeMatiere,
    /// Date of the classification used (`ClassificationDateVersion`).
    pub classification_date: NaiveDate,
    /// Paper documents follow separately (`DocumentPapier` = `O`).
    pub papier: bool,
    /// The act's main file.
    pub document: Piece,
    /// Annexes, in order.
    pub annexes: Vec<Piece>,
}

impl NouvelActe {
    /// The IDActe the ministry will assign (SPEC §8.1).
    pub fn predicted_id(&self, collectivite: &Collectivite) -> Option<ActeId> {
        ActeId::new(
            collectivite.departement,
            collectivite.siren,
            self.date,
            self.numero,
            self.nature,
        )
        .ok()
    }
}

/// Cancellation of a transmitted act (message 6-1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandeAnnulation {
    /// The act to cancel.
    pub id_acte: ActeId,
}

/// Request for the current classification (message 7-1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClassificationRequest {
    /// Date of the classification in use; `None` forces a full answer.
    pub date: Option<NaiveDate>,
}

/// Which answer to a préfecture letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReponseType {
    /// 2-2 `ReponseCourrierSimple`: one document.
    ReponseCourrierSimple,
    /// 3-2 `ARDemandePieceComplementaire`: no document.
    ArDemandePieceComplementaire,
    /// 3-3 `RefusPieceComplementaire`: one document.
    RefusPieceComplementaire,
    /// 3-4 `PieceComplementaire`: one or more documents.
    PieceComplementaire,
    /// 4-2 `ARLettreObservations`: no document.
    ArLettreObservations,
    /// 4-3 `RejetLettreObservations`: one document.
    RejetLettreObservations,
    /// 4-4 `ReponseLettreObservations`: one document.
    ReponseLettreObservations,
}

impl ReponseType {
    /// Every answer type, in message-code order.
    pub const ALL: [ReponseType; 7] = [
        ReponseType::ReponseCourrierSimple,
        ReponseType::ArDemandePieceComplementaire,
        ReponseType::RefusPieceComplementaire,
        ReponseType::PieceComplementaire,
        ReponseType::ArLettreObservations,
        ReponseType::RejetLettreObservations,
        ReponseType::ReponseLettreObservations,
    ];

    /// `(transaction, subtype)`, e.g. `(2, 2)`.
    #[must_use]
    pub fn code_pair(self) -> (u8, u8) {
        match self {
            ReponseType::ReponseCourrierSimple => (2, 2),
            ReponseType::ArDemandePieceComplementaire => (3, 2),
            ReponseType::RefusPieceComplementaire => (3, 3),
            ReponseType::PieceComplementaire => (3, 4),
            ReponseType::ArLettreObservations => (4, 2),
            ReponseType::RejetLettreObservations => (4, 3),
            ReponseType::ReponseLettreObservations => (4, 4),
        }
    }

    /// The message code `T-S`.
    #[must_use]
    pub fn message_code(self) -> MessageCode {
        let (t, s) = self.code_pair();
        code(t, s)
    }

    /// The code as text, `2-2` … `4-4`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ReponseType::ReponseCourrierSimple => "2-2",
            ReponseType::ArDemandePieceComplementaire => "3-2",
            ReponseType::RefusPieceComplementaire => "3-3",
            ReponseType::PieceComplementaire => "3-4",
            ReponseType::ArLettreObservations => "4-2",
            ReponseType::RejetLettreObservations => "4-3",
            ReponseType::ReponseLettreObservations => "4-4",
        }
    }

    /// Parses `2-2` … `4-4`.
    #[must_use]
    pub fn from_code(s: &str) -> Option<ReponseType> {
        ReponseType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The number of documents the message holds: `(min, max)`.
    #[must_use]
    pub fn documents(self) -> (usize, usize) {
        match self {
            ReponseType::ArDemandePieceComplementaire | ReponseType::ArLettreObservations => (0, 0),
            ReponseType::PieceComplementaire => (1, usize::MAX),
            _ => (1, 1),
        }
    }
}

/// The message code `t-s`. Every pair used in this module is in the
/// catalogue of message codes (a unit test checks it).
fn code(t: u8, s: u8) -> MessageCode {
    MessageCode::new(t, s).unwrap_or(MessageCode::ALL[0])
}

/// An answer to a letter of the préfecture (2-2, 3-2, 3-3, 3-4, 4-2, 4-3,
/// 4-4).
#[derive(Debug)]
pub struct Reponse {
    /// Which answer.
    pub kind: ReponseType,
    /// The act the letter is about.
    pub id_acte: ActeId,
    /// The date of the préfecture's letter (`DateCourrierPref`).
    pub date_courrier: NaiveDate,
    /// The documents (none for 3-2 and 4-2, one for 2-2/3-3/4-3/4-4, one or
    /// more for 3-4).
    pub documents: Vec<Piece>,
}

/// What the envelope carries.
#[derive(Debug)]
#[non_exhaustive]
pub enum Contenu {
    /// 1-1.
    Acte(NouvelActe),
    /// 6-1.
    Annulation(DemandeAnnulation),
    /// 7-1.
    DemandeClassification(ClassificationRequest),
    /// 2-2, 3-2, 3-3, 3-4, 4-2, 4-3, 4-4.
    Reponse(Reponse),
}

impl Contenu {
    /// The message code of the content.
    pub fn message_code(&self) -> MessageCode {
        let (t, s) = match self {
            Contenu::Acte(_) => (1, 1),
            Contenu::Annulation(_) => (6, 1),
            Contenu::DemandeClassification(_) => (7, 1),
            Contenu::Reponse(r) => r.kind.code_pair(),
        };
        code(t, s)
    }

    /// The key of this content in paths and in the JSON input: `acte`,
    /// `annulation`, `demande_classification` or `reponse`.
    pub fn key(&self) -> &'static str {
        match self {
            Contenu::Acte(_) => "acte",
            Contenu::Annulation(_) => "annulation",
            Contenu::DemandeClassification(_) => "demande_classification",
            Contenu::Reponse(_) => "reponse",
        }
    }
}

/// One envelope to send: sender, date and sequence, and content.
#[derive(Debug)]
pub struct Transmission {
    /// The collectivité.
    pub collectivite: Collectivite,
    /// The TdT.
    pub transmetteur: Transmetteur,
    /// Envelope date and sequence number.
    pub envoi: Envoi,
    /// The message.
    pub contenu: Contenu,
}

impl Transmission {
    /// The IDActe concerned: predicted for an act, given for a cancellation
    /// or an answer, `None` for a classification request.
    pub fn id_acte(&self) -> Option<ActeId> {
        match &self.contenu {
            Contenu::Acte(a) => a.predicted_id(&self.collectivite),
            Contenu::Annulation(a) => Some(a.id_acte),
            Contenu::Reponse(r) => Some(r.id_acte),
            Contenu::DemandeClassification(_) => None,
        }
    }

    /// Every document of the transmission with its field path, in archive
    /// order (act, then annexes; or the answer's documents).
    pub fn documents(&self) -> Vec<(String, &Piece)> {
        match &self.contenu {
            Contenu::Acte(a) => std::iter::once(("acte/document".to_string(), &a.document))
                .chain(
                    a.annexes
                        .iter()
                        .enumerate()
                        .map(|(i, d)| (format!("acte/annexes[{i}]"), d)),
                )
                .collect(),
            Contenu::Reponse(r) => r
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (format!("reponse/documents[{i}]"), d))
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cl_message_code_exists() {
        for t in ReponseType::ALL {
            let (a, b) = t.code_pair();
            assert_eq!(
                MessageCode::new(a, b).map(|c| c.to_string()),
                Some(t.as_str().to_string())
            );
            assert_eq!(ReponseType::from_code(t.as_str()), Some(t));
        }
        for (a, b) in [(1, 1), (6, 1), (7, 1)] {
            assert!(MessageCode::new(a, b).is_some());
        }
    }
}
