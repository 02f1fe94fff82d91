//! The JSON description of a transmission read by `actes archive build`
//! (schema: `schemas/transmission-input.schema.json`).
//!
//! ```json
//! {"collectivite": {"siren": "216204982", "departement": "062", "arrondissement": "7",
//!    "nature": "31", "referent": {"nom": "…", "telephone": "…", "email": "…"},
//!    "adresses_retour": ["actes@example.fr"]},
//!  "transmetteur": {"trigramme": "SLO", "application": "EACT"},
//!  "envoi": {"date": "2022-12-19", "sequence": 1},
//!  "acte": {"nature": "DE", "date": "2022-12-14", "numero": "DLB12_14122022",
//!    "objet": "…", "matiere": "8.9", "classification_date": "2022-06-01", "papier": false,
//!    "document": {"path": "deliberation.pdf", "typologie": "99_DE"},
//!    "annexes": [{"path": "convention.pdf", "typologie": "99_DE"}]}}
//! ```
//!
//! Instead of `acte`: `annulation` (`{"id_acte": "…"}`),
//! `demande_classification` (`{"date": "…"}`, the date optional) or
//! `reponse` (`{"type": "3-4", "id_acte": "…", "date_courrier": "…",
//! "documents": [{"path": "…", "typologie": "…"}]}`, the typologie optional).
//! Document paths are relative to `base_dir`, normally the JSON file's
//! folder.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::content::DocumentContent;
use super::model::{
    ClassificationRequest, Collectivite, Contact, Contenu, DemandeAnnulation, Envoi, NouvelActe,
    Piece, Reponse, ReponseType, Transmetteur, Transmission,
};
use super::rules::{check_email, check_envelope_name, check_objet};
use crate::diagnostic::{Code, Diagnostic, Location, Parsed};
use crate::ids::Typologie;
use crate::ids::{
    ActeId, Arrondissement, CodeMatiere, Departement, NatureActe, NatureCollectivite,
    NumeroInterne, Siren,
};
use crate::naming::{Application, Trigramme};

/// A string or a number in the JSON input (`"7"` or `7`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Text {
    /// A JSON string.
    Str(String),
    /// A JSON number.
    Num(serde_json::Number),
}

impl Text {
    fn as_string(&self) -> String {
        match self {
            Text::Str(s) => s.clone(),
            Text::Num(n) => n.to_string(),
        }
    }
}

/// `collectivite` of the input.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CollectiviteInput {
    siren: Text,
    departement: Text,
    arrondissement: Text,
    nature: Text,
    #[serde(default)]
    referent: Option<ReferentInput>,
    #[serde(default)]
    adresses_retour: Vec<String>,
}

/// `collectivite/referent` of the input.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferentInput {
    #[serde(default)]
    nom: Option<String>,
    #[serde(default)]
    telephone: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// `transmetteur` of the input.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TransmetteurInput {
    trigramme: String,
    #[serde(default = "default_app")]
    application: String,
}

fn default_app() -> String {
    "EACT".to_string()
}

/// `envoi` of the input.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvoiInput {
    date: String,
    sequence: u64,
}

/// A document of the input.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentInput {
    path: String,
    #[serde(default)]
    typologie: Option<String>,
}

/// `acte` of the input.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActeInput {
    nature: Text,
    date: String,
    numero: String,
    objet: String,
    matiere: Text,
    classification_date: String,
    #[serde(default)]
    papier: bool,
    document: DocumentInput,
    #[serde(default)]
    annexes: Vec<DocumentInput>,
}

/// `annulation` of the input.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnulationInput {
    id_acte: String,
}

/// `demande_classification` of the input.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DemandeClassificationInput {
    #[serde(default)]
    date: Option<String>,
}

/// `reponse` of the input.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReponseInput {
    #[serde(rename = "type")]
    kind: String,
    id_acte: String,
    date_courrier: String,
    #[serde(default)]
    documents: Vec<DocumentInput>,
}

/// The whole input, as written in the JSON file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TransmissionInput {
    collectivite: CollectiviteInput,
    transmetteur: TransmetteurInput,
    envoi: EnvoiInput,
    #[serde(default)]
    acte: Option<ActeInput>,
    #[serde(default)]
    annulation: Option<AnnulationInput>,
    #[serde(default)]
    demande_classification: Option<DemandeClassificationInput>,
    #[serde(default)]
    reponse: Option<ReponseInput>,
}

fn input_error(path: &str, en: String, fr: String) -> Diagnostic {
    Diagnostic::new(Code::ActeInputInvalid, Location::path(path), en, fr)
}

/// Parses the JSON text of an input file. Every field problem is reported
/// at its path; a JSON syntax or shape error gives one `ACTE-INPUT-INVALID`
/// with its line and column.
///
/// ```
/// use actes::transmission::parse_json;
/// let json = br#"{"collectivite": {"siren": "216204982", "departement": "62",
///   "arrondissement": 7, "nature": "31", "adresses_retour": ["a+b@x.fr"]},
///   "transmetteur": {"trigramme": "S-O"}, "envoi": {"date": "2022-12-19", "sequence": 0},
///   "annulation": {"id_acte": "062-216204982-20221214-DLB12_14122022-DE"}}"#;
/// let p = parse_json(json, std::path::Path::new("."));
/// assert!(p.value.is_none());
/// let found: Vec<_> = p.diagnostics.iter()
///     .map(|d| (d.code.as_str(), d.location.path.clone().unwrap_or_default())).collect();
/// assert_eq!(found, [
///     ("ID-DEPARTEMENT-CHAR", "collectivite/departement".to_string()),
///     ("ID-DEPARTEMENT-LENGTH", "collectivite/departement".to_string()),
///     ("NAME-TRIGRAMME-SHAPE", "transmetteur/trigramme".to_string()),
///     ("ACTE-EMAIL-INVALID", "collectivite/adresses_retour[0]".to_string()),
///     ("NAME-SEQUENCE-RANGE", "envoi/sequence".to_string()),
/// ]);
/// ```
#[must_use]
pub fn parse_json(json: &[u8], base_dir: &Path) -> Parsed<Transmission> {
    match serde_json::from_slice::<TransmissionInput>(json) {
        Ok(input) => input.into_transmission(base_dir),
        Err(e) => Parsed {
            value: None,
            diagnostics: vec![input_error(
                "",
                format!(
                    "invalid input at line {} column {}: {e}",
                    e.line(),
                    e.column()
                ),
                format!(
                    "description invalide, ligne {} colonne {} ({e})",
                    e.line(),
                    e.column()
                ),
            )],
        },
    }
}

/// Collects field diagnostics while converting.
struct Conv<'a> {
    diags: Vec<Diagnostic>,
    base: &'a Path,
}

impl Conv<'_> {
    fn id<T>(&mut self, p: Parsed<T>, path: &str) -> Option<T> {
        let ok = p.is_valid();
        self.diags
            .extend(p.diagnostics.into_iter().map(|d| d.at_path(path)));
        if ok {
            p.value
        } else {
            None
        }
    }

    fn date(&mut self, s: &str, path: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if s.len() == 10 => Some(d),
            _ => {
                self.diags.push(input_error(
                    path,
                    format!("{s:?} is not a date YYYY-MM-DD"),
                    format!("{s:?} n'est pas une date AAAA-MM-JJ"),
                ));
                None
            }
        }
    }

    /// A document; `None` when its typologie is malformed.
    fn document(&mut self, d: &DocumentInput, path: &str) -> Option<Piece> {
        let typologie = match &d.typologie {
            None => None,
            Some(t) => Some(self.id(
                Typologie::parse_diagnostics(t),
                &format!("{path}/typologie"),
            )?),
        };
        Some(Piece {
            typologie,
            content: DocumentContent::path(self.base.join(&d.path)),
        })
    }
}

impl TransmissionInput {
    /// Converts to the typed model, resolving document paths against
    /// `base_dir`. The value is present only when every field converted;
    /// otherwise the diagnostics hold every conversion problem plus the
    /// checks that need no other field (objet, e-mail addresses, trigramme,
    /// sequence number). Validation proper is [`Transmission::validate`](super::Transmission::validate).
    fn into_transmission(self, base_dir: &Path) -> Parsed<Transmission> {
        let mut c = Conv {
            diags: Vec::new(),
            base: base_dir,
        };
        let col = &self.collectivite;
        let siren = c.id(
            Siren::parse_diagnostics(&col.siren.as_string()),
            "collectivite/siren",
        );
        let departement = c.id(
            Departement::parse_diagnostics(&col.departement.as_string()),
            "collectivite/departement",
        );
        let arrondissement = c.id(
            Arrondissement::parse_diagnostics(&col.arrondissement.as_string()),
            "collectivite/arrondissement",
        );
        let nature_cl = c.id(
            NatureCollectivite::parse_diagnostics(&col.nature.as_string()),
            "collectivite/nature",
        );
        let trigramme = c.id(
            Trigramme::parse_diagnostics(&self.transmetteur.trigramme),
            "transmetteur/trigramme",
        );
        let application = c.id(
            Application::parse_diagnostics(&self.transmetteur.application),
            "transmetteur/application",
        );
        let envoi_date = c.date(&self.envoi.date, "envoi/date");
        let sequence = self.envoi.sequence;

        let present = [
            self.acte.is_some(),
            self.annulation.is_some(),
            self.demande_classification.is_some(),
            self.reponse.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if present != 1 {
            c.diags.push(input_error(
                "",
                format!("exactly one of acte, annulation, demande_classification, reponse is required; {present} given"),
                format!("il faut exactement un des champs acte, annulation, demande_classification, reponse ; {present} fourni(s)"),
            ));
        }

        let contenu = if let Some(a) = &self.acte {
            self.convert_acte(a, &mut c).map(Contenu::Acte)
        } else if let Some(a) = &self.annulation {
            c.id(ActeId::parse_diagnostics(&a.id_acte), "annulation/id_acte")
                .map(|id_acte| Contenu::Annulation(DemandeAnnulation { id_acte }))
        } else if let Some(dc) = &self.demande_classification {
            match &dc.date {
                None => Some(Contenu::DemandeClassification(ClassificationRequest {
                    date: None,
                })),
                Some(s) => c.date(s, "demande_classification/date").map(|d| {
                    Contenu::DemandeClassification(ClassificationRequest { date: Some(d) })
                }),
            }
        } else if let Some(r) = &self.reponse {
            self.convert_reponse(r, &mut c).map(Contenu::Reponse)
        } else {
            None
        };

        // Checks that need no other field, so that they are reported even
        // when some identifier did not convert.
        let mut checks = Vec::new();
        if let Some(r) = &col.referent {
            if let Some(e) = &r.email {
                check_email(e, "collectivite/referent/email", &mut checks);
            }
        }
        for (i, e) in col.adresses_retour.iter().enumerate() {
            check_email(
                e,
                &format!("collectivite/adresses_retour[{i}]"),
                &mut checks,
            );
        }
        if let (Some(app), Some(siren), Some(date)) = (application, siren, envoi_date) {
            check_envelope_name(app, siren, date, sequence, &mut checks);
        }
        if let Some(a) = &self.acte {
            check_objet(&a.objet, "acte/objet", &mut checks);
        }

        let failed = crate::diagnostic::has_errors(&c.diags) || present != 1;
        let value = match (
            siren,
            departement,
            arrondissement,
            nature_cl,
            (trigramme, application),
            envoi_date,
            contenu,
        ) {
            (
                Some(siren),
                Some(departement),
                Some(arrondissement),
                Some(nature),
                (Some(trigramme), Some(app)),
                Some(date),
                Some(contenu),
            ) if !failed => Some(Transmission {
                collectivite: Collectivite {
                    siren,
                    departement,
                    arrondissement,
                    nature,
                    referent: col.referent.as_ref().map(|r| Contact {
                        nom: r.nom.clone(),
                        telephone: r.telephone.clone(),
                        email: r.email.clone(),
                    }),
                    adresses_retour: col.adresses_retour.clone(),
                },
                transmetteur: Transmetteur {
                    trigramme,
                    application: app,
                },
                envoi: Envoi { date, sequence },
                contenu,
            }),
            _ => None,
        };
        let mut diagnostics = c.diags;
        if value.is_none() {
            diagnostics.extend(checks);
        }
        Parsed { value, diagnostics }
    }

    fn convert_acte(&self, a: &ActeInput, c: &mut Conv<'_>) -> Option<NouvelActe> {
        let nature_s = a.nature.as_string();
        let nature = c.id(NatureActe::parse_diagnostics(&nature_s), "acte/nature");
        let date = c.date(&a.date, "acte/date");
        let numero = c.id(NumeroInterne::parse_diagnostics(&a.numero), "acte/numero");
        let matiere = c.id(
            CodeMatiere::parse_diagnostics(&a.matiere.as_string()),
            "acte/matiere",
        );
        let classification_date = c.date(&a.classification_date, "acte/classification_date");
        let document = c.document(&a.document, "acte/document");
        let annexes: Vec<Option<Piece>> = a
            .annexes
            .iter()
            .enumerate()
            .map(|(i, d)| c.document(d, &format!("acte/annexes[{i}]")))
            .collect();
        Some(NouvelActe {
            nature: nature?,
            date: date?,
            numero: numero?,
            objet: a.objet.clone(),
            matiere: matiere?,
            classification_date: classification_date?,
            papier: a.papier,
            document: document?,
            annexes: annexes.into_iter().collect::<Option<Vec<_>>>()?,
        })
    }

    fn convert_reponse(&self, r: &ReponseInput, c: &mut Conv<'_>) -> Option<Reponse> {
        let kind = ReponseType::from_code(&r.kind);
        if kind.is_none() {
            c.diags.push(input_error(
                "reponse/type",
                format!(
                    "the answer type {:?} must be one of 2-2, 3-2, 3-3, 3-4, 4-2, 4-3, 4-4",
                    r.kind
                ),
                format!(
                    "le type de réponse {:?} doit être 2-2, 3-2, 3-3, 3-4, 4-2, 4-3 ou 4-4",
                    r.kind
                ),
            ));
        }
        let id_acte = c.id(ActeId::parse_diagnostics(&r.id_acte), "reponse/id_acte");
        let date_courrier = c.date(&r.date_courrier, "reponse/date_courrier");
        let documents: Vec<Option<Piece>> = r
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| c.document(d, &format!("reponse/documents[{i}]")))
            .collect();
        Some(Reponse {
            kind: kind?,
            id_acte: id_acte?,
            date_courrier: date_courrier?,
            documents: documents.into_iter().collect::<Option<Vec<_>>>()?,
        })
    }
}
