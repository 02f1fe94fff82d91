//! Validation of a [`Transmission`] against the emission profile (SPEC §2.2).

use chrono::NaiveDate;

use super::content::Probe;
use super::{Acte, Collectivite, Contenu, Document, Reponse, Transmission};
use crate::classification::Classification;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::ids::{ActeId, CodeMatiere, NatureActe, Siren};
use crate::naming::{Application, EnvelopeName, Extension};

/// The default cap on the total size of the files of one archive:
/// 150 MiB = 157 286 400 bytes (SPEC §11.2, rule E9).
pub const DEFAULT_MAX_TOTAL_SIZE: u64 = 150 * 1024 * 1024;

/// Maximum length of an objet in characters (rule E2).
pub const MAX_OBJET_CHARS: usize = 499;

/// What validation needs from the caller.
#[derive(Debug, Clone, Copy)]
pub struct ValidationOptions<'a> {
    /// Today's date: a decision date after it is refused (rule E5). The
    /// library never reads the clock.
    pub today: NaiveDate,
    /// The collectivité's current classification (`RetourClassification`):
    /// when given, the matière and the typologie codes must belong to it;
    /// otherwise the built-in national levels 1–2 and default typologies are
    /// used.
    pub classification: Option<&'a Classification>,
    /// Cap on the total size of the files, in bytes (rule E9). Default
    /// [`DEFAULT_MAX_TOTAL_SIZE`].
    pub max_total_size: u64,
}

impl<'a> ValidationOptions<'a> {
    /// Options with `today`, no classification and the default size cap.
    pub fn new(today: NaiveDate) -> Self {
        ValidationOptions {
            today,
            classification: None,
            max_total_size: DEFAULT_MAX_TOTAL_SIZE,
        }
    }

    /// The same options with a classification.
    pub fn with_classification(mut self, classification: &'a Classification) -> Self {
        self.classification = Some(classification);
        self
    }

    /// The same options with another size cap.
    pub fn with_max_total_size(mut self, bytes: u64) -> Self {
        self.max_total_size = bytes;
        self
    }

    fn classification(&self) -> &'a Classification {
        self.classification
            .unwrap_or_else(|| Classification::national())
    }
}

/// What validation learned about one document, reused by the builder.
#[derive(Debug, Clone)]
pub(crate) struct CheckedDocument {
    /// The probe, when the content could be read.
    pub probe: Option<Probe>,
}

/// The outcome of validation: every diagnostic, and what the builder needs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub documents: Vec<CheckedDocument>,
}

fn d(code: Code, path: &str, en: String, fr: String) -> Diagnostic {
    Diagnostic::new(code, Location::path(path), en, fr)
}

/// Re-locates a diagnostic of an identifier or classification check at a
/// field path; the segment and offset are kept.
fn at(diag: Diagnostic, path: &str) -> Diagnostic {
    diag.at_path(path)
}

impl Transmission {
    /// Validates the transmission against the emission profile and returns
    /// **every** finding (errors and warnings), each located by its field
    /// path. The documents are opened to recognise their type by content and
    /// to measure them; nothing is written.
    ///
    /// ```
    /// use actes::transmission::*;
    /// use actes::transmission::content::DocumentContent;
    /// use chrono::NaiveDate;
    ///
    /// let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    /// let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    /// let t = Transmission {
    ///     collectivite: Collectivite {
    ///         siren: "216204982".parse().unwrap(),
    ///         departement: "062".parse().unwrap(),
    ///         arrondissement: "7".parse().unwrap(),
    ///         nature: "31".parse().unwrap(),
    ///         referent: None,
    ///         adresses_retour: vec!["actes@example.fr".into()],
    ///     },
    ///     transmetteur: Transmetteur { trigramme: "SLO".parse().unwrap(), application: Application::EACT },
    ///     envoi: Envoi { date: date("2022-12-19"), sequence: 1 },
    ///     contenu: Contenu::Acte(Acte {
    ///         nature: "DE".parse().unwrap(),
    ///         date: date("2022-12-14"),
    ///         numero: "DLB12_14122022".parse().unwrap(),
    ///         objet: "Convention de partenariat\navec le Louvre-Lens".into(),
    ///         matiere: "8.9".parse().unwrap(),
    ///         classification_date: date("2022-06-01"),
    ///         papier: false,
    ///         document: Document::new("99_DE".parse().unwrap(), DocumentContent::bytes(pdf.clone())),
    ///         annexes: vec![Document::untyped(DocumentContent::bytes(b"plain text".to_vec()))],
    ///     }),
    /// };
    /// let found = t.validate(&ValidationOptions::new(date("2022-12-13")));
    /// let found: Vec<_> = found.iter()
    ///     .map(|d| (d.code.as_str(), d.location.path.as_deref().unwrap_or("")))
    ///     .collect();
    /// assert_eq!(found, [
    ///     ("ACTE-DATE-FUTURE", "acte/date"),
    ///     ("ACTE-OBJET-MULTILINE", "acte/objet"),
    ///     ("ACTE-TYPOLOGIE-MISSING", "acte/annexes[0]/typologie"),
    ///     ("ACTE-FILE-TYPE", "acte/annexes[0]"),
    /// ]);
    /// ```
    pub fn validate(&self, options: &ValidationOptions<'_>) -> Vec<Diagnostic> {
        self.check(options).diagnostics
    }

    /// Whether [`validate`](Self::validate) finds no error.
    pub fn is_valid(&self, options: &ValidationOptions<'_>) -> bool {
        !crate::diagnostic::has_errors(&self.validate(options))
    }

    pub(crate) fn check(&self, options: &ValidationOptions<'_>) -> Checked {
        let mut out = Checked::default();
        let diags = &mut out.diagnostics;
        check_collectivite(&self.collectivite, diags);
        check_envelope_name(
            self.transmetteur.application,
            self.collectivite.siren,
            self.envoi.date,
            self.envoi.sequence,
            diags,
        );
        match &self.contenu {
            Contenu::Acte(a) => check_acte(a, options, diags),
            Contenu::Annulation(a) => {
                check_id_acte(&a.id_acte, &self.collectivite, "annulation/id_acte", diags)
            }
            Contenu::DemandeClassification(dc) => {
                if let Some(date) = dc.date {
                    if date > options.today {
                        diags.push(d(
                            Code::ActeDateFuture,
                            "demande_classification/date",
                            format!("the classification date {date} is after today ({})", options.today),
                            format!("la date de classification {date} est une date dans le futur (aujourd'hui : {})", options.today),
                        ));
                    }
                }
            }
            Contenu::Reponse(r) => check_reponse(r, &self.collectivite, options, diags),
        }
        check_documents(self, options, &mut out);
        out
    }
}

/// Checks an objet (rule E2). Every problem is reported.
pub(crate) fn check_objet(objet: &str, path: &str, diags: &mut Vec<Diagnostic>) {
    if objet.trim().is_empty() {
        diags.push(d(
            Code::ActeObjetEmpty,
            path,
            "the objet is empty".into(),
            "l'objet est vide ; il doit faire entre 1 et 499 caractères".into(),
        ));
        return;
    }
    let n = objet.chars().count();
    if n > MAX_OBJET_CHARS {
        diags.push(d(
            Code::ActeObjetTooLong,
            path,
            format!("the objet has {n} characters; at most {MAX_OBJET_CHARS} are allowed"),
            format!("l'objet fait {n} caractères ; il doit faire entre 1 et {MAX_OBJET_CHARS} caractères"),
        ));
    }
    if let Some((i, _)) = objet.char_indices().find(|(_, c)| matches!(c, '\r' | '\n')) {
        let lines = objet.split(['\r', '\n']).filter(|l| !l.is_empty()).count();
        let mut diag = d(
            Code::ActeObjetMultiline,
            path,
            format!("the objet spans {lines} lines; it must be one line (no CR or LF)"),
            "l'objet doit tenir sur une ligne, sans retour chariot".into(),
        );
        diag.location.offset = Some(i);
        diags.push(diag);
    }
    let control = objet
        .char_indices()
        .filter(|(_, c)| c.is_control() && !matches!(c, '\r' | '\n'))
        .collect::<Vec<_>>();
    if let Some(&(i, c)) = control.first() {
        let mut diag = d(
            Code::ActeObjetControl,
            path,
            format!(
                "the objet contains {} control character(s), the first U+{:04X} at byte {i}",
                control.len(),
                c as u32
            ),
            format!(
                "l'objet contient {} caractère(s) de contrôle, le premier U+{:04X} à l'octet {i}",
                control.len(),
                c as u32
            ),
        );
        diag.location.offset = Some(i);
        diags.push(diag);
    }
}

/// Checks that `date` is not after `today` (rule E5).
pub(crate) fn check_not_future(
    date: NaiveDate,
    today: NaiveDate,
    path: &str,
    what: (&str, &str),
    diags: &mut Vec<Diagnostic>,
) {
    if date > today {
        diags.push(d(
            Code::ActeDateFuture,
            path,
            format!("the {} {date} is after today ({today})", what.0),
            format!(
                "la {} {date} est une date dans le futur (aujourd'hui : {today})",
                what.1
            ),
        ));
    }
}

pub(crate) fn check_email(email: &str, path: &str, diags: &mut Vec<Diagnostic>) {
    if !crate::messages::Email::is_valid(email) {
        diags.push(d(
            Code::ActeEmailInvalid,
            path,
            format!("{email:?} does not match the XSD pattern of actes:Email (no '+', a 2-6 letter top-level domain)"),
            format!("{email:?} ne respecte pas le motif actes:Email du schéma (pas de « + », domaine de premier niveau de 2 à 6 lettres)"),
        ));
    }
}

pub(crate) fn check_collectivite(c: &Collectivite, diags: &mut Vec<Diagnostic>) {
    if let Some(r) = &c.referent {
        if let Some(e) = &r.email {
            check_email(e, "collectivite/referent/email", diags);
        }
    }
    if c.adresses_retour.is_empty() {
        diags.push(d(
            Code::ActeAdressesRetourEmpty,
            "collectivite/adresses_retour",
            "at least one return e-mail address is required (AdressesRetour)".into(),
            "au moins une adresse de retour est obligatoire (AdressesRetour)".into(),
        ));
    }
    for (i, e) in c.adresses_retour.iter().enumerate() {
        check_email(e, &format!("collectivite/adresses_retour[{i}]"), diags);
    }
}

/// The envelope name's emission rules (application `EACT`/`TACT`, sequence
/// 1..=9999, 4-digit year), from the naming module, located at the input
/// field they come from.
pub(crate) fn check_envelope_name(
    application: Application,
    siren: Siren,
    date: NaiveDate,
    sequence: u64,
    diags: &mut Vec<Diagnostic>,
) {
    let Err(e) = EnvelopeName::new(application, siren, date, sequence) else {
        return;
    };
    for diag in e.diagnostics {
        let path = match diag.location.segment.as_deref() {
            Some("application") => "transmetteur/application",
            Some("sequence") => "envoi/sequence",
            Some("date") => "envoi/date",
            Some("siren") => "collectivite/siren",
            _ => "envoi",
        };
        diags.push(diag.at_path(path));
    }
}

/// The IDActe of a follow-up must belong to the sending collectivité.
pub(crate) fn check_id_acte(
    id: &ActeId,
    c: &Collectivite,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if id.siren() != c.siren {
        diags.push(d(
            Code::ActeIdMismatch,
            path,
            format!(
                "the IDActe {id} has SIREN {}, but the collectivité is {}",
                id.siren(),
                c.siren
            ),
            format!(
                "l'IDActe {id} porte le SIREN {}, mais la collectivité est {}",
                id.siren(),
                c.siren
            ),
        ));
    }
    if id.departement() != c.departement {
        diags.push(d(
            Code::ActeIdMismatch,
            path,
            format!(
                "the IDActe {id} has département {}, but the collectivité is in {}",
                id.departement(),
                c.departement
            ),
            format!(
                "l'IDActe {id} porte le département {}, mais la collectivité est dans le {}",
                id.departement(),
                c.departement
            ),
        ));
    }
}

pub(crate) fn check_acte(a: &Acte, options: &ValidationOptions<'_>, diags: &mut Vec<Diagnostic>) {
    check_not_future(
        a.date,
        options.today,
        "acte/date",
        ("decision date", "date de décision"),
        diags,
    );
    for e in a.numero.emission_diagnostics() {
        diags.push(at(e.strict(), "acte/numero"));
    }
    check_objet(&a.objet, "acte/objet", diags);
    check_matiere(a.nature, &a.matiere, options, diags);
    if a.classification_date > options.today {
        diags.push(d(
            Code::ActeClassificationDateFuture,
            "acte/classification_date",
            format!(
                "the classification date {} is after today ({})",
                a.classification_date, options.today
            ),
            format!(
                "la date de classification {} est une date dans le futur (aujourd'hui : {})",
                a.classification_date, options.today
            ),
        ));
    }
    if let Some(c) = options.classification {
        if a.classification_date != c.date() {
            diags.push(d(
                Code::ActeClassificationDateStale,
                "acte/classification_date",
                format!("the classification date {} is not the date of the classification given ({}); the ministry answers ODT-VERIF-01 when it is not current", a.classification_date, c.date()),
                format!("la date de classification {} n'est pas celle de la classification fournie ({}) ; le ministère répond ODT-VERIF-01 quand elle n'est pas à jour", a.classification_date, c.date()),
            ));
        }
    }
}

pub(crate) fn check_matiere(
    nature: NatureActe,
    matiere: &CodeMatiere,
    options: &ValidationOptions<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let class = options.classification();
    for e in class.check_for_act(matiere) {
        diags.push(at(e, "acte/matiere"));
    }
    if options.classification.is_some() {
        for e in class.check_nature(nature) {
            diags.push(at(e, "acte/nature"));
        }
    }
}

pub(crate) fn check_reponse(
    r: &Reponse,
    c: &Collectivite,
    options: &ValidationOptions<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    check_id_acte(&r.id_acte, c, "reponse/id_acte", diags);
    check_not_future(
        r.date_courrier,
        options.today,
        "reponse/date_courrier",
        (
            "date of the préfecture's letter",
            "date du courrier de la préfecture",
        ),
        diags,
    );
    let (min, max) = r.kind.documents();
    let n = r.documents.len();
    if n < min || n > max {
        let want = match (min, max) {
            (0, 0) => "no document".to_string(),
            (1, 1) => "exactly one document".to_string(),
            _ => "at least one document".to_string(),
        };
        let veut = match (min, max) {
            (0, 0) => "aucun document".to_string(),
            (1, 1) => "exactement un document".to_string(),
            _ => "au moins un document".to_string(),
        };
        diags.push(d(
            Code::ActeReponseDocuments,
            "reponse/documents",
            format!("a {} message takes {want}; {n} given", r.kind.as_str()),
            format!(
                "un message {} comporte {veut} ; {n} fourni(s)",
                r.kind.as_str()
            ),
        ));
    }
}

/// Where a document sits, which decides the types it may have.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The act's main file.
    Act,
    /// An annex of an act.
    Annex,
    /// A document of an answer.
    Answer,
}

fn check_documents(t: &Transmission, options: &ValidationOptions<'_>, out: &mut Checked) {
    let (nature, matiere) = match &t.contenu {
        Contenu::Acte(a) => (Some(a.nature), Some(&a.matiere)),
        Contenu::Reponse(r) => (Some(r.id_acte.nature()), None),
        _ => (None, None),
    };
    let class = options.classification();
    let mut total: u64 = 0;
    let mut act_kind = None;
    for (i, (path, doc)) in t.documents().into_iter().enumerate() {
        let role = match (&t.contenu, i) {
            (Contenu::Acte(_), 0) => Role::Act,
            (Contenu::Acte(_), _) => Role::Annex,
            _ => Role::Answer,
        };
        check_typologie(doc, role, nature, class, &path, &mut out.diagnostics);
        let probe = match doc.content.probe() {
            Ok(p) => Some(p),
            Err(e) => {
                let name = doc
                    .content
                    .display_name()
                    .unwrap_or_else(|| "the document".to_string());
                out.diagnostics.push(d(
                    Code::ActeFileUnreadable,
                    &path,
                    format!("cannot read {name}: {e}"),
                    format!("impossible de lire {name} : {e}"),
                ));
                None
            }
        };
        if let Some(p) = &probe {
            total = total.saturating_add(p.size);
            check_kind_at(
                p,
                role,
                nature,
                matiere,
                act_kind,
                &path,
                &mut out.diagnostics,
            );
            if role == Role::Act {
                act_kind = p.kind;
            }
            if role == Role::Act && nature == Some(NatureActe::Budgetaire) {
                budget_act_file(doc, p, t.collectivite.siren, &path, &mut out.diagnostics);
            }
        }
        out.documents.push(CheckedDocument { probe });
    }
    if total > options.max_total_size {
        out.diagnostics.push(size_diagnostic(
            total,
            options.max_total_size,
            t.contenu.key(),
        ));
    }
}

/// The XML act file of a budget act must be a sealed TotEM document
/// ([`crate::budget::emission_findings`]). A one-shot reader is not
/// consumed here (it is read once, when the archive is built).
fn budget_act_file(
    doc: &Document,
    p: &Probe,
    siren: Siren,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if p.kind != Some(Extension::Xml) || !doc.content.can_reopen() {
        return;
    }
    if let Ok((_, reader)) = doc.content.open() {
        for d in crate::budget::emission_findings(reader, Some(siren)) {
            let located = match &d.location.path {
                Some(inner) => format!("{path}/{inner}"),
                None => path.to_string(),
            };
            diags.push(d.at_path(located));
        }
    }
}

/// `ACTE-SIZE-TOTAL`: the files add up to more than the cap.
pub(crate) fn size_diagnostic(total: u64, max: u64, path: &str) -> Diagnostic {
    d(
        Code::ActeSizeTotal,
        path,
        format!("the files add up to {total} bytes; at most {max} bytes are allowed"),
        format!("La taille totale des fichiers est trop importante : {total} octets (max : {max})"),
    )
}

fn check_typologie(
    doc: &Document,
    role: Role,
    nature: Option<NatureActe>,
    class: &Classification,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let tpath = format!("{path}/typologie");
    match (&doc.typologie, role) {
        (None, Role::Answer) => {}
        (None, _) => diags.push(d(
            Code::ActeTypologieMissing,
            &tpath,
            "the typologie code is missing; it is mandatory for the act and every annex".into(),
            "typologie absente : elle est obligatoire pour l'acte et chaque annexe".into(),
        )),
        (Some(code), _) => {
            if let Some(n) = nature {
                for e in class.check_typologie(n, code.as_str()) {
                    diags.push(at(e, &tpath));
                }
            }
        }
    }
}

pub(crate) fn check_kind_at(
    p: &Probe,
    role: Role,
    nature: Option<NatureActe>,
    matiere: Option<&CodeMatiere>,
    act_kind: Option<Extension>,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if p.size == 0 {
        diags.push(d(
            Code::ActeFileEmpty,
            path,
            "the file is empty".into(),
            "le fichier est vide".into(),
        ));
        return;
    }
    let allowed: &[Extension] = match role {
        Role::Act => &[Extension::Pdf, Extension::Xml],
        Role::Annex | Role::Answer => &[
            Extension::Pdf,
            Extension::Xml,
            Extension::Png,
            Extension::Jpg,
        ],
    };
    let Some(kind) = p.kind.filter(|k| allowed.contains(k)) else {
        let (en, fr) = match role {
            Role::Act => ("PDF (or XML for a budget document)", "PDF ou XML requis"),
            _ => ("PDF, XML, PNG or JPEG", "PDF, XML, PNG ou JPEG requis"),
        };
        let found = p
            .kind
            .map_or("not PDF, XML, PNG or JPEG", Extension::as_str);
        let trouve = p
            .kind
            .map_or("ni PDF, ni XML, ni PNG, ni JPEG", Extension::as_str);
        diags.push(d(
            Code::ActeFileType,
            path,
            format!("the content is not of an accepted type ({found}); expected {en}"),
            format!("le contenu n'est pas d'un type accepté ({trouve}) ; fichier {fr}"),
        ));
        return;
    };
    if role == Role::Act && kind == Extension::Xml {
        let budget = nature == Some(NatureActe::Budgetaire);
        let m71 = matiere.is_some_and(|m| m.levels().starts_with(&[7, 1]));
        if !budget {
            diags.push(d(
                Code::ActeFileXmlNotAllowed,
                path,
                "only budget and financial documents (nature 5) may be sent as XML".into(),
                "Seuls les documents budgétaires et financiers peuvent être au format XML.".into(),
            ));
        }
        if !m71 {
            diags.push(d(
                Code::ActeFileXmlNotAllowed,
                path,
                "only classification 7.1 may be sent as XML".into(),
                "Seule la classification 7.1 est autorisée pour la transmission au format XML"
                    .into(),
            ));
        }
    }
    if role == Role::Annex && act_kind == Some(Extension::Xml) && kind != Extension::Pdf {
        diags.push(d(
            Code::ActeAnnexeNotPdf,
            path,
            format!("the act is XML, so annexes must be PDF; this one is {kind}"),
            "Les pièces jointes doivent être au format PDF avec un acte au format XML".into(),
        ));
    }
    if kind == Extension::Pdf && p.pdf_complete == Some(false) {
        diags.push(d(
            Code::ActePdfTruncated,
            path,
            "the PDF has no %%EOF marker near its end: it is truncated or corrupt".into(),
            "Fichier pdf corrompu : pas de marqueur %%EOF en fin de fichier (tronqué ?)".into(),
        ));
    }
}
