//! The plan of a CL → MI archive: the messages it carries, their names,
//! and their documents with what is known of them (name, typologie, size
//! and type). The emission rules ([`check_plan`](super::check_plan)) run
//! on a plan, whoever made it: [`Transmission`] plans what it will send
//! (here), and [`crate::archive::check`](fn@crate::archive::check) reads an
//! archive into a plan.
//!
//! A finding of the rules names the [`Item`] it is about; each planner
//! places it: a transmission at its input's JSON path
//! ([`Transmission::input_path`]), an archive at its file.

use chrono::NaiveDate;

use super::content::{DocumentContent, Probe};
use super::model::{Contenu, Reponse, ReponseType, Transmission};
use crate::diagnostic::{Code, Diagnostic, Invalid, Location};
use crate::ids::{Departement, Siren, Typologie};
use crate::messages::{
    self, Annexes, CourrierAvecDocument, DocumentPapier, DonneesActe, DonneesCourrierPref, Email,
    EnveloppeCLMISILL, FichierSigne, Field, IdCl, Message, PieceComplementaire,
};
use crate::naming::{
    classification_request_name, document_file_name, message_file_name, StemParts,
};

/// Who sends, as far as known: the IDActe of a follow-up must be theirs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sender {
    /// The collectivité's SIREN (`IDCL/@SIREN`).
    pub siren: Option<Siren>,
    /// Its département (`IDCL/@Departement`).
    pub departement: Option<Departement>,
}

impl Sender {
    /// A sender.
    #[must_use]
    pub fn new(siren: Option<Siren>, departement: Option<Departement>) -> Self {
        Sender { siren, departement }
    }
}

/// What an archive carries: its sender, its messages and their documents,
/// and the size of its files.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Plan {
    /// Who sends.
    pub sender: Sender,
    /// The messages, in the order of the envelope.
    pub messages: Vec<PlannedMessage>,
    /// The bytes of the archive's files as far as known: the documents, and
    /// the XML files once written.
    pub total_size: u64,
    /// The sending date: the date of the envelope (in its name).
    pub sent_on: Option<NaiveDate>,
}

impl Plan {
    /// An empty plan of `sender`.
    #[must_use]
    pub fn new(sender: Sender) -> Self {
        Plan {
            sender,
            ..Plan::default()
        }
    }
}

/// One message of a plan.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PlannedMessage {
    /// Its file name, when it has one.
    pub name: Option<String>,
    /// The message.
    pub message: Message,
    /// The documents it names, in order (for an act: the act, then the
    /// annexes).
    pub documents: Vec<PlannedDocument>,
}

impl PlannedMessage {
    /// A message with its documents.
    #[must_use]
    pub fn new(name: Option<String>, message: Message, documents: Vec<PlannedDocument>) -> Self {
        PlannedMessage {
            name,
            message,
            documents,
        }
    }
}

/// One document of a planned message.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PlannedDocument {
    /// Its file name in the archive, when known.
    pub name: Option<String>,
    /// Its typologie code (`CodeTypePJ`), the prefix of its name.
    pub typologie: Option<Typologie>,
    /// What is known of its content.
    pub content: Probed,
    /// For the XML act file of a budget act: what its TotEM document says
    /// (seal, SIRET), read by whoever planned it.
    pub budget: Option<Box<crate::budget::Inspection>>,
}

impl PlannedDocument {
    /// A document.
    #[must_use]
    pub fn new(name: Option<String>, typologie: Option<Typologie>, content: Probed) -> Self {
        PlannedDocument {
            name,
            typologie,
            content,
            budget: None,
        }
    }

    /// The same, with the budget document read from its content.
    #[must_use]
    pub fn with_budget(mut self, inspection: crate::budget::Inspection) -> Self {
        self.budget = Some(Box::new(inspection));
        self
    }
}

/// What is known of a document's content.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Probed {
    /// Its size and type, from its first and last bytes.
    Probe(Probe),
    /// It could not be read: `what` it is, and the `error`.
    Unreadable {
        /// The document, for messages (its file name, or "the document").
        what: String,
        /// Why reading failed.
        error: String,
    },
    /// It is not there (reported by whoever read the archive); no rule
    /// looks at it.
    Absent,
}

/// What a finding of the emission rules is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Item {
    /// A field of message `message` (an index into [`Plan::messages`]).
    Field {
        /// The message.
        message: usize,
        /// The field.
        field: MessageField,
    },
    /// A place inside the content of document `index` of a message (the
    /// seal of a budget XML act file): the finding's own path is kept,
    /// below the document's.
    DocumentContent {
        /// The message.
        message: usize,
        /// The document, from 0.
        index: usize,
    },
    /// The list of documents of a message.
    Documents {
        /// The message.
        message: usize,
    },
    /// Document `index` of a message.
    Document {
        /// The message.
        message: usize,
        /// The document, from 0.
        index: usize,
    },
    /// The typologie code of document `index` of a message.
    Typologie {
        /// The message.
        message: usize,
        /// The document, from 0.
        index: usize,
    },
    /// The archive as a whole (its size).
    Total,
    /// The sending date (the envelope's date) of a message.
    SentOn {
        /// The message.
        message: usize,
    },
}

/// The fields of a message the emission rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageField {
    /// `Acte/@Date`, the decision date.
    Date,
    /// `Acte/@NumeroInterne`.
    NumeroInterne,
    /// `Acte/Objet`.
    Objet,
    /// `Acte/CodeMatiere*`.
    CodeMatiere,
    /// `Acte/@CodeNatureActe`.
    CodeNature,
    /// `Acte/ClassificationDateVersion`.
    ClassificationDateVersion,
    /// `Acte/DocumentPapier`.
    DocumentPapier,
    /// `@IDActe` of a follow-up.
    IdActe,
    /// `@DateCourrierPref` of an answer.
    DateCourrierPref,
    /// `DateClassification` of a classification request.
    DateClassification,
}

impl MessageField {
    /// The field's path in the message XML, e.g. `Acte/@Date`.
    #[must_use]
    pub fn xml_path(self) -> &'static str {
        match self {
            MessageField::Date => "Acte/@Date",
            MessageField::NumeroInterne => "Acte/@NumeroInterne",
            MessageField::Objet => "Acte/Objet",
            MessageField::CodeMatiere => "Acte/CodeMatiere",
            MessageField::CodeNature => "Acte/@CodeNatureActe",
            MessageField::ClassificationDateVersion => "Acte/ClassificationDateVersion",
            MessageField::DocumentPapier => "Acte/DocumentPapier",
            MessageField::IdActe => "IDActe",
            MessageField::DateCourrierPref => "DateCourrierPref",
            MessageField::DateClassification => "DateClassification",
        }
    }
}

/// A transmission planned: the plan, and what building needs besides.
pub(crate) struct Draft<'t> {
    /// The plan of the single message of the transmission.
    pub plan: Plan,
    /// The input path and the content of each planned document.
    pub documents: Vec<(String, &'t DocumentContent)>,
    /// When rendered: the envelope's XML.
    pub envelope_xml: Option<Vec<u8>>,
    /// When rendered: the message's XML.
    pub message_xml: Option<Vec<u8>>,
    /// Names or XML that could not be generated (located at the input).
    pub errors: Vec<Diagnostic>,
}

fn at_path(e: Invalid, path: &str) -> Vec<Diagnostic> {
    e.diagnostics.into_iter().map(|d| d.at_path(path)).collect()
}

impl Transmission {
    /// The plan of what this transmission sends: its message with its
    /// name, and its documents probed (size and type) and named. Nothing is
    /// written; names that cannot be formed are left out.
    pub fn plan(&self) -> Plan {
        self.draft(false).plan
    }

    /// The act as it is sent: the `DonneesActe` of its 1-1 message, its
    /// documents named as in the archive. Give it to
    /// [`receipt::Context::with_sent`](crate::receipt::Context::with_sent)
    /// to check what the préfecture sends back against it, without reading
    /// the archive again. `None` when the transmission is not an act.
    pub fn sent_acte(&self) -> Option<crate::messages::DonneesActe> {
        self.plan()
            .messages
            .into_iter()
            .find_map(|m| match m.message {
                Message::Acte(a) => Some(a),
                _ => None,
            })
    }

    /// Whether a document is the XML act file of a budget act (nature 5)
    /// that can be read without consuming it.
    fn is_budget_xml(&self, probed: &Probed, content: &DocumentContent) -> bool {
        matches!(&self.contenu, Contenu::Acte(a) if a.nature == crate::ids::NatureActe::Budgetaire)
            && matches!(probed, Probed::Probe(p) if p.kind == Some(crate::naming::Extension::Xml))
            && content.can_reopen()
    }

    /// Places a finding of the emission rules at the input field it is
    /// about ([`input_path`](Self::input_path)); a finding inside a
    /// document's content keeps its own path below the document's
    /// (`acte/document/DocumentBudgetaire/Scellement`).
    pub fn place(&self, d: Diagnostic, item: Item) -> Diagnostic {
        let at = self.input_path(item);
        match (item, d.location.path.clone()) {
            (Item::DocumentContent { .. }, Some(inner)) => d.at_path(format!("{at}/{inner}")),
            _ => d.at_path(at),
        }
    }

    /// The JSON path of the input field an [`Item`] of this transmission's
    /// plan comes from, e.g. `acte/date` or `acte/annexes[0]/typologie`.
    pub fn input_path(&self, item: Item) -> String {
        let key = self.contenu.key();
        let document = |index: usize| match &self.contenu {
            Contenu::Acte(_) if index == 0 => "acte/document".to_string(),
            Contenu::Acte(_) => format!("acte/annexes[{}]", index - 1),
            _ => format!("{key}/documents[{index}]"),
        };
        match item {
            Item::Field { field, .. } => match field {
                MessageField::Date => "acte/date".into(),
                MessageField::NumeroInterne => "acte/numero".into(),
                MessageField::Objet => "acte/objet".into(),
                MessageField::CodeMatiere => "acte/matiere".into(),
                MessageField::CodeNature => "acte/nature".into(),
                MessageField::ClassificationDateVersion => "acte/classification_date".into(),
                MessageField::DocumentPapier => "acte/papier".into(),
                MessageField::IdActe => format!("{key}/id_acte"),
                MessageField::DateCourrierPref => "reponse/date_courrier".into(),
                MessageField::DateClassification => "demande_classification/date".into(),
            },
            Item::Documents { .. } => format!("{key}/documents"),
            Item::Document { index, .. } | Item::DocumentContent { index, .. } => document(index),
            Item::Typologie { index, .. } => format!("{}/typologie", document(index)),
            Item::Total => key.to_string(),
            Item::SentOn { .. } => "envoi/date".to_string(),
        }
    }

    /// Plans the transmission; with `render`, also writes the message and
    /// envelope XML (their sizes then count in [`Plan::total_size`]).
    pub(crate) fn draft(&self, render: bool) -> Draft<'_> {
        let mut errors = Vec::new();
        let c = &self.collectivite;
        let code = self.contenu.message_code();
        let key = self.contenu.key();
        // The stem of the message and document names: the act's IDActe
        // (predicted for a 1-1). For answers (2-2, 3-x, 4-x) the date
        // segment is the date of the préfecture's letter, as S2LOW names
        // them (SPEC §10.2; STELA uses the generation date; readers treat
        // the date segment as a wildcard, SPEC §10.6).
        let stem_id = self.id_acte();
        let stem = stem_id.map(|id| match &self.contenu {
            Contenu::Reponse(r) => StemParts::from(id).with_date(r.date_courrier),
            _ => StemParts::from(id),
        });
        let message_name = match (&self.contenu, stem) {
            (Contenu::DemandeClassification(_), _) => {
                classification_request_name(c.departement, c.siren)
            }
            (_, Some(stem)) => message_file_name(stem, code, 0),
            (_, None) => Err(Invalid::one(Diagnostic::new(
                Code::ActeIdMismatch,
                Location::path(key),
                "no IDActe can be formed for this act",
                "aucun IDActe ne peut être formé pour cet acte",
            ))),
        }
        .map_err(|e| errors.extend(at_path(e, key)))
        .ok();

        let mut planned = Vec::new();
        let mut documents = Vec::new();
        let mut total: u64 = 0;
        for (k, (path, doc)) in self.documents().into_iter().enumerate() {
            let content = match doc.content.probe() {
                Ok(p) => Probed::Probe(p),
                Err(e) => Probed::Unreadable {
                    what: doc
                        .content
                        .display_name()
                        .unwrap_or_else(|| "the document".to_string()),
                    error: e.to_string(),
                },
            };
            let mut name = None;
            if let Probed::Probe(p) = &content {
                total = total.saturating_add(p.size);
                if let (Some(ext), Some(stem)) = (p.kind, stem) {
                    let counter = u32::try_from(k + 1).unwrap_or(u32::MAX);
                    match document_file_name(doc.typologie, stem, code, counter, ext) {
                        Ok(n) => name = Some(n),
                        Err(e) => errors.extend(at_path(e, &path)),
                    }
                }
            }
            let mut planned_doc = PlannedDocument::new(name, doc.typologie, content);
            if k == 0 && self.is_budget_xml(&planned_doc.content, &doc.content) {
                // Read here, once; a one-shot reader is left for the build.
                if let Ok((_, reader)) = doc.content.open() {
                    planned_doc = planned_doc.with_budget(crate::budget::inspect(reader));
                }
            }
            planned.push(planned_doc);
            documents.push((path, &doc.content));
        }
        let names: Vec<String> = planned.iter().filter_map(|d| d.name.clone()).collect();
        let message = self.message(&names);
        let (mut envelope_xml, mut message_xml) = (None, None);
        if render {
            match message.to_xml() {
                Ok(x) => message_xml = Some(x),
                Err(e) => errors.extend(at_path(e, key)),
            }
            let envelope = self.envelope(message_name.as_deref().unwrap_or_default());
            match Message::EnveloppeCLMISILL(envelope).to_xml() {
                Ok(x) => envelope_xml = Some(x),
                Err(e) => errors.extend(at_path(e, "collectivite")),
            }
            for x in [&envelope_xml, &message_xml].into_iter().flatten() {
                total = total.saturating_add(x.len() as u64);
            }
        }
        Draft {
            plan: Plan {
                sender: Sender::new(Some(c.siren), Some(c.departement)),
                messages: vec![PlannedMessage::new(message_name, message, planned)],
                total_size: total,
                sent_on: Some(self.envoi.date),
            },
            documents,
            envelope_xml,
            message_xml,
            errors,
        }
    }

    /// The envelope listing the message `message_name`.
    fn envelope(&self, message_name: &str) -> EnveloppeCLMISILL {
        let c = &self.collectivite;
        let email = |s: &String| Field::parse(s).0;
        EnveloppeCLMISILL {
            id_cl: IdCl {
                siren: Field::new(c.siren),
                departement: Field::new(c.departement),
                arrondissement: Field::new(c.arrondissement),
                nature: Field::new(c.nature),
            },
            referent: c.referent.as_ref().map(|r| messages::Referent {
                nom: r.nom.clone(),
                telephone: r.telephone.clone(),
                email: r.email.as_ref().map(email),
            }),
            adresses_retour: c
                .adresses_retour
                .iter()
                .map(email)
                .collect::<Vec<Field<Email>>>(),
            formulaires: vec![FichierSigne::new(message_name)],
        }
    }

    /// The message, naming the documents `names` (act first).
    fn message(&self, names: &[String]) -> Message {
        let files = |from: usize| -> Vec<FichierSigne> {
            names.iter().skip(from).map(FichierSigne::new).collect()
        };
        let first = || FichierSigne::new(names.first().cloned().unwrap_or_default());
        match &self.contenu {
            Contenu::Acte(a) => Message::Acte(DonneesActe {
                date: Field::new(a.date),
                numero_interne: Field::new(a.numero),
                code_nature: Field::new(a.nature),
                matieres: DonneesActe::matieres_from(&a.matiere),
                objet: a.objet.clone(),
                precedent_identifiant_acte: None,
                classification_date_version: Field::new(a.classification_date),
                document: first(),
                annexes: Annexes::new(files(1)),
                document_papier: DocumentPapier::from_announced(a.papier),
            }),
            Contenu::Annulation(a) => Message::Annulation(messages::Annulation {
                id_acte: Field::new(a.id_acte),
            }),
            Contenu::DemandeClassification(d) => {
                Message::DemandeClassification(messages::DemandeClassification {
                    date_classification: d.date.map(Field::new),
                })
            }
            Contenu::Reponse(r) => reponse_message(r, first(), files(0)),
        }
    }
}

fn reponse_message(r: &Reponse, first: FichierSigne, all: Vec<FichierSigne>) -> Message {
    let courrier = DonneesCourrierPref::new(r.id_acte, r.date_courrier);
    let with_doc = |courrier| CourrierAvecDocument {
        courrier,
        document: first,
    };
    match r.kind {
        ReponseType::ReponseCourrierSimple => Message::ReponseCourrierSimple(with_doc(courrier)),
        ReponseType::ArDemandePieceComplementaire => {
            Message::ARDemandePieceComplementaire(courrier)
        }
        ReponseType::RefusPieceComplementaire => {
            Message::RefusPieceComplementaire(with_doc(courrier))
        }
        ReponseType::PieceComplementaire => Message::PieceComplementaire(PieceComplementaire {
            courrier,
            documents: all,
        }),
        ReponseType::ArLettreObservations => Message::ARLettreObservations(courrier),
        ReponseType::RejetLettreObservations => {
            Message::RejetLettreObservations(with_doc(courrier))
        }
        ReponseType::ReponseLettreObservations => {
            Message::ReponseLettreObservations(with_doc(courrier))
        }
    }
}
