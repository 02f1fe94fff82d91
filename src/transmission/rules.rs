//! The emission rules (SPEC §2.2), in one place.
//!
//! Every rule a CL → MI archive must follow is checked here on a [`Plan`]:
//! the messages an archive carries and their documents, whoever planned
//! them. Building ([`Transmission::validate`], [`crate::archive::build`])
//! plans a [`Transmission`] and runs [`check_plan`] with findings located at
//! the input's JSON paths; [`crate::archive::check`](fn@crate::archive::check)
//! reads an archive into the same plan and runs the same rules with
//! findings located at its files.
//!
//! **A new emission rule goes here**: a function over the plan's facts,
//! called from [`check_message`] (a rule on a message or on its documents)
//! and its findings tagged with the [`Item`] they are about; each caller
//! places that item (a JSON path, a file and XML path) itself.
//!
//! The checks of the input that come before a plan exists (identifiers and
//! dates that do not parse, e-mail addresses, the envelope's name) are
//! conversions, done where the values are read: `transmission::input`,
//! [`Transmission::validate`] for the collectivité, the message reader for
//! an archive.

use chrono::NaiveDate;

use super::content::Probe;
use super::model::{Collectivite, ReponseType, Transmission};
use super::plan::{Item, MessageField, Plan, PlannedMessage, Probed, Sender};
use crate::classification::Classification;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::ids::{check_arrondissement, ActeId, CodeMatiere, NatureActe, Siren};
use crate::messages::{DocumentPapier, DonneesActe, Message};
use crate::naming::{Application, EnvelopeName, Extension};

/// The default cap on the total size of the files of one archive:
/// 150 MiB = 157 286 400 bytes (SPEC §11.2, rule E9).
pub const DEFAULT_MAX_TOTAL_SIZE: u64 = 150 * 1024 * 1024;

/// Maximum length of an objet in characters (rule E2).
pub const MAX_OBJET_CHARS: usize = 499;

/// What validation needs from the caller.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
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
    #[must_use]
    pub fn new(today: NaiveDate) -> Self {
        ValidationOptions {
            today,
            classification: None,
            max_total_size: DEFAULT_MAX_TOTAL_SIZE,
        }
    }

    /// The same options with a classification.
    #[must_use]
    pub fn with_classification(mut self, classification: &'a Classification) -> Self {
        self.classification = Some(classification);
        self
    }

    /// The same options with another size cap.
    #[must_use]
    pub fn with_max_total_size(mut self, bytes: u64) -> Self {
        self.max_total_size = bytes;
        self
    }

    /// The classification the rules use: the one given, else the built-in
    /// national tables.
    #[must_use]
    pub fn classification_or_national(&self) -> &'a Classification {
        self.classification
            .unwrap_or_else(|| Classification::national())
    }
}

fn d(code: Code, path: &str, en: String, fr: String) -> Diagnostic {
    Diagnostic::new(code, Location::path(path), en, fr)
}

/// A finding not located yet: the caller places it at its [`Item`].
fn finding(code: Code, en: String, fr: String) -> Diagnostic {
    Diagnostic::new(code, Location::none(), en, fr)
}

/// Findings tagged with what they are about.
struct Findings(Vec<(Diagnostic, Item)>);

impl Findings {
    fn at(&mut self, item: Item, found: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(found.into_iter().map(|d| (d, item)));
    }

    fn field(&mut self, message: usize, field: MessageField, found: Vec<Diagnostic>) {
        self.at(Item::Field { message, field }, found);
    }
}

/// Runs every emission rule on `plan`: each message and its documents
/// ([`check_message`]), then the total size (rule E9). `place` locates a
/// finding at the item it is about.
pub fn check_plan(
    plan: &Plan,
    options: &ValidationOptions<'_>,
    place: &dyn Fn(Diagnostic, Item) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = (0..plan.messages.len())
        .flat_map(|i| check_message(plan, i, options, place))
        .collect();
    out.extend(check_total(plan.total_size, options).map(|d| place(d, Item::Total)));
    out
}

/// Rule E9: the files of an archive add up to at most
/// [`ValidationOptions::max_total_size`] bytes. The finding is not located.
#[must_use]
pub fn check_total(total: u64, options: &ValidationOptions<'_>) -> Option<Diagnostic> {
    (total > options.max_total_size).then(|| size_diagnostic(total, options.max_total_size))
}

/// The rules on message `index` of `plan` and on its documents.
pub fn check_message(
    plan: &Plan,
    index: usize,
    options: &ValidationOptions<'_>,
    place: &dyn Fn(Diagnostic, Item) -> Diagnostic,
) -> Vec<Diagnostic> {
    let Some(m) = plan.messages.get(index) else {
        return Vec::new();
    };
    let mut found = Findings(Vec::new());
    let acte = match &m.message {
        Message::Acte(a) => Some(a),
        _ => None,
    };
    if let Some(a) = acte {
        check_acte(a, index, options, &mut found);
    } else if let Some(id) = m.message.id_acte() {
        let mut f = Vec::new();
        check_id_acte(id, &plan.sender, &mut f);
        // An IDActe dated in the future names an act that cannot exist.
        check_not_future(
            id.date(),
            options.today,
            ("act date", "date de l'acte"),
            &mut f,
        );
        found.field(index, MessageField::IdActe, f);
    }
    if let Message::DemandeClassification(dc) = &m.message {
        if let Some(date) = dc.date_classification.as_ref().and_then(|f| f.get()) {
            let mut f = Vec::new();
            check_not_future(
                *date,
                options.today,
                ("classification date", "date de classification"),
                &mut f,
            );
            found.field(index, MessageField::DateClassification, f);
        }
    }
    check_reponse(m, index, options, &mut found);
    if let Some(sent_on) = plan.sent_on {
        found.at(
            Item::SentOn { message: index },
            check_sent_on(&m.message, sent_on, options.today),
        );
    }
    check_documents(m, acte, index, &plan.sender, options, &mut found);
    found
        .0
        .into_iter()
        .map(|(d, item)| place(d, item))
        .collect()
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

/// The sending date (the envelope's date) of a message (issue 12): not
/// after today, not before the act's decision date; for an answer (2-2,
/// 3-x, 4-x), not before the préfecture's letter it answers.
fn check_sent_on(m: &Message, sent_on: NaiveDate, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if sent_on > today {
        out.push(finding(
            Code::ActeSentFuture,
            format!("the sending date {sent_on} is after today ({today})"),
            format!("la date d'envoi {sent_on} est dans le futur (aujourd'hui : {today})"),
        ));
    }
    let decision = match m {
        Message::Acte(a) => a.date.get().copied(),
        _ => m.id_acte().map(ActeId::date),
    };
    // A decision or letter date in the future is reported by itself
    // (ACTE-DATE-FUTURE): one fact, one finding.
    if let Some(decision) = decision.filter(|d| sent_on < *d && *d <= today) {
        out.push(finding(
            Code::ActeSentBeforeDecision,
            format!("the sending date {sent_on} is before the act's decision date {decision}"),
            format!(
                "la date d'envoi {sent_on} est antérieure à la date de décision de l'acte {decision}"
            ),
        ));
    }
    if let Some(letter) = m
        .letter_date()
        .and_then(|f| f.get())
        .copied()
        .filter(|l| sent_on < *l && *l <= today)
    {
        out.push(finding(
            Code::ActeSentBeforeLetter,
            format!("the answer is sent on {sent_on}, before the préfecture's letter of {letter} it answers"),
            format!("la réponse est envoyée le {sent_on}, avant le courrier de la préfecture du {letter} auquel elle répond"),
        ));
    }
    out
}

/// Checks that `date` is not after `today` (rule E5).
fn check_not_future(
    date: NaiveDate,
    today: NaiveDate,
    what: (&str, &str),
    diags: &mut Vec<Diagnostic>,
) {
    if date > today {
        diags.push(finding(
            Code::ActeDateFuture,
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

fn check_collectivite(c: &Collectivite, diags: &mut Vec<Diagnostic>) {
    if let Some(w) = check_arrondissement(c.departement.as_str(), c.arrondissement.number()) {
        diags.push(w.at_path("collectivite/arrondissement"));
    }
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
fn check_id_acte(id: &ActeId, sender: &Sender, diags: &mut Vec<Diagnostic>) {
    if let Some(siren) = sender.siren.filter(|s| *s != id.siren()) {
        diags.push(finding(
            Code::ActeIdMismatch,
            format!(
                "the IDActe {id} has SIREN {}, but the collectivité is {}",
                id.siren(),
                siren
            ),
            format!(
                "l'IDActe {id} porte le SIREN {}, mais la collectivité est {}",
                id.siren(),
                siren
            ),
        ));
    }
    if let Some(departement) = sender.departement.filter(|d| *d != id.departement()) {
        diags.push(finding(
            Code::ActeIdMismatch,
            format!(
                "the IDActe {id} has département {}, but the collectivité is in {}",
                id.departement(),
                departement
            ),
            format!(
                "l'IDActe {id} porte le département {}, mais la collectivité est dans le {}",
                id.departement(),
                departement
            ),
        ));
    }
}

/// The act's data (message 1-1).
fn check_acte(
    a: &DonneesActe,
    index: usize,
    options: &ValidationOptions<'_>,
    found: &mut Findings,
) {
    if let Some(date) = a.date.get() {
        let mut f = Vec::new();
        check_not_future(
            *date,
            options.today,
            ("decision date", "date de décision"),
            &mut f,
        );
        found.field(index, MessageField::Date, f);
    }
    if let Some(n) = a.numero_interne.get() {
        let f = n
            .emission_diagnostics()
            .into_iter()
            .map(Diagnostic::strict)
            .collect();
        found.field(index, MessageField::NumeroInterne, f);
    }
    let mut f = Vec::new();
    check_objet(&a.objet, "", &mut f);
    found.field(index, MessageField::Objet, f);
    let class = options.classification_or_national();
    if let Some(m) = matiere_of(a) {
        found.field(index, MessageField::CodeMatiere, class.check_for_act(&m));
    }
    if options.classification.is_some() {
        if let Some(n) = a.code_nature.get() {
            found.field(index, MessageField::CodeNature, class.check_nature(*n));
        }
    }
    let mut f = Vec::new();
    if let Some(date) = a.classification_date_version.get() {
        if *date > options.today {
            f.push(finding(
                Code::ActeClassificationDateFuture,
                format!(
                    "the classification date {date} is after today ({})",
                    options.today
                ),
                format!(
                    "la date de classification {date} est une date dans le futur (aujourd'hui : {})",
                    options.today
                ),
            ));
        }
        if let Some(c) = options.classification {
            if *date != c.date() {
                f.push(finding(
                    Code::ActeClassificationDateStale,
                    format!("the classification date {date} is not the date of the classification given ({}); the ministry answers ODT-VERIF-01 when it is not current", c.date()),
                    format!("la date de classification {date} n'est pas celle de la classification fournie ({}) ; le ministère répond ODT-VERIF-01 quand elle n'est pas à jour", c.date()),
                ));
            }
        }
    }
    found.field(index, MessageField::ClassificationDateVersion, f);
    if matches!(a.document_papier, DocumentPapier::Absent) {
        found.field(
            index,
            MessageField::DocumentPapier,
            vec![finding(
                Code::ArchCheckDocumentPapierAbsent,
                "DocumentPapier is missing; the 2017 schema requires it (O or N)".into(),
                "DocumentPapier est absent ; le schéma de 2017 l'exige (O ou N)".into(),
            )],
        );
    }
}

/// The act's classification code, read leniently: the levels from 1
/// without a gap, however many (a single level is a finding of the rules,
/// not a reason to skip them).
fn matiere_of(a: &DonneesActe) -> Option<CodeMatiere> {
    let levels: Option<Vec<u16>> = a
        .matieres
        .iter()
        .zip(1u8..)
        .map(|(n, level)| (n.level == level).then(|| n.code.get().copied()).flatten())
        .collect();
    CodeMatiere::from_levels(&levels?).ok()
}

/// An answer to a letter (2-2, 3-2, 3-3, 3-4, 4-2, 4-3, 4-4): the
/// letter's date, the number of documents.
fn check_reponse(
    m: &PlannedMessage,
    index: usize,
    options: &ValidationOptions<'_>,
    found: &mut Findings,
) {
    let Some(kind) = m.message.code().and_then(|code| {
        ReponseType::ALL
            .into_iter()
            .find(|t| t.message_code() == code)
    }) else {
        return;
    };
    if let Some(date) = m.message.letter_date().and_then(|f| f.get()) {
        let mut f = Vec::new();
        check_not_future(
            *date,
            options.today,
            (
                "date of the préfecture's letter",
                "date du courrier de la préfecture",
            ),
            &mut f,
        );
        found.field(index, MessageField::DateCourrierPref, f);
    }
    let (min, max) = kind.documents();
    let n = m.documents.len();
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
        found.at(
            Item::Documents { message: index },
            [finding(
                Code::ActeReponseDocuments,
                format!("a {} message takes {want}; {n} given", kind.as_str()),
                format!(
                    "un message {} comporte {veut} ; {n} fourni(s)",
                    kind.as_str()
                ),
            )],
        );
    }
}

/// Where a document sits, which decides the types it may have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The act's main file.
    Act,
    /// An annex of an act.
    Annex,
    /// A document of an answer.
    Answer,
}

/// The documents of a message: typologie, readable, type by content.
fn check_documents(
    m: &PlannedMessage,
    acte: Option<&DonneesActe>,
    index: usize,
    sender: &Sender,
    options: &ValidationOptions<'_>,
    found: &mut Findings,
) {
    let nature = match acte {
        Some(a) => a.code_nature.get().copied(),
        None => m.message.id_acte().map(ActeId::nature),
    };
    let matiere = acte.and_then(matiere_of);
    let class = options.classification_or_national();
    let mut act_kind = None;
    for (k, doc) in m.documents.iter().enumerate() {
        let role = match (acte.is_some(), k) {
            (true, 0) => Role::Act,
            (true, _) => Role::Annex,
            _ => Role::Answer,
        };
        if matches!(doc.content, Probed::Absent) {
            continue;
        }
        let typologie = Item::Typologie {
            message: index,
            index: k,
        };
        match (&doc.typologie, role) {
            (None, Role::Answer) => {}
            (None, _) => found.at(
                typologie,
                [finding(
                    Code::ActeTypologieMissing,
                    "the typologie code is missing; it is mandatory for the act and every annex"
                        .into(),
                    "typologie absente : elle est obligatoire pour l'acte et chaque annexe".into(),
                )],
            ),
            (Some(code), _) => {
                if let Some(n) = nature {
                    found.at(typologie, class.check_typologie(n, code.as_str()));
                }
            }
        }
        let item = Item::Document {
            message: index,
            index: k,
        };
        match &doc.content {
            Probed::Probe(p) => {
                let mut f = Vec::new();
                check_kind(p, role, nature, matiere.as_ref(), act_kind, &mut f);
                // A budget act's XML file: a TotEM document with a valid
                // seal, for the collectivité that sends it.
                if role == Role::Act
                    && nature == Some(NatureActe::Budgetaire)
                    && p.kind == Some(Extension::Xml)
                {
                    if let Some(budget) = &doc.budget {
                        found.at(
                            Item::DocumentContent {
                                message: index,
                                index: k,
                            },
                            crate::budget::emission_findings_of(budget, sender.siren),
                        );
                    }
                }
                found.at(item, f);
                if role == Role::Act {
                    act_kind = p.kind;
                }
            }
            Probed::Unreadable { what, error } => found.at(
                item,
                [finding(
                    Code::ActeFileUnreadable,
                    format!("cannot read {what}: {error}"),
                    format!("impossible de lire {what} ({error})"),
                )],
            ),
            Probed::Absent => {}
        }
    }
}

/// `ACTE-SIZE-TOTAL`: the files add up to more than the cap.
fn size_diagnostic(total: u64, max: u64) -> Diagnostic {
    finding(
        Code::ActeSizeTotal,
        format!("the files add up to {total} bytes; at most {max} bytes are allowed"),
        format!("La taille totale des fichiers est trop importante : {total} octets (max : {max})"),
    )
}

fn check_kind(
    p: &Probe,
    role: Role,
    nature: Option<NatureActe>,
    matiere: Option<&CodeMatiere>,
    act_kind: Option<Extension>,
    diags: &mut Vec<Diagnostic>,
) {
    if p.size == 0 {
        diags.push(finding(
            Code::ActeFileEmpty,
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
        diags.push(finding(
            Code::ActeFileType,
            format!("the content is not of an accepted type ({found}); expected {en}"),
            format!("le contenu n'est pas d'un type accepté ({trouve}) ; fichier {fr}"),
        ));
        return;
    };
    if role == Role::Act && kind == Extension::Xml {
        let budget = nature == Some(NatureActe::Budgetaire);
        let m71 = matiere.is_some_and(|m| m.levels().starts_with(&[7, 1]));
        if !budget {
            diags.push(finding(
                Code::ActeFileXmlNotAllowed,
                "only budget and financial documents (nature 5) may be sent as XML".into(),
                "Seuls les documents budgétaires et financiers peuvent être au format XML.".into(),
            ));
        }
        if !m71 {
            diags.push(finding(
                Code::ActeFileXmlNotAllowed,
                "only classification 7.1 may be sent as XML".into(),
                "Seule la classification 7.1 est autorisée pour la transmission au format XML"
                    .into(),
            ));
        }
    }
    if role == Role::Annex && act_kind == Some(Extension::Xml) && kind != Extension::Pdf {
        diags.push(finding(
            Code::ActeAnnexeNotPdf,
            format!("the act is XML, so annexes must be PDF; this one is {kind}"),
            "Les pièces jointes doivent être au format PDF avec un acte au format XML".into(),
        ));
    }
    if kind == Extension::Pdf && p.pdf_complete == Some(false) {
        diags.push(finding(
            Code::ActePdfTruncated,
            "the PDF has no %%EOF marker near its end: it is truncated or corrupt".into(),
            "Fichier pdf corrompu : pas de marqueur %%EOF en fin de fichier (tronqué ?)".into(),
        ));
    }
}

impl Transmission {
    /// Validates the transmission against the emission profile and returns
    /// **every** finding (errors and warnings), each located by its field
    /// path. The documents are opened to recognise their type by content and
    /// to measure them; nothing is written.
    ///
    /// ```
    /// use actes::transmission::*;
    /// use actes::naming::Application;
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
    ///     contenu: Contenu::Acte(NouvelActe {
    ///         nature: "DE".parse().unwrap(),
    ///         date: date("2022-12-14"),
    ///         numero: "DLB12_14122022".parse().unwrap(),
    ///         objet: "Convention de partenariat\navec le Louvre-Lens".into(),
    ///         matiere: "8.9".parse().unwrap(),
    ///         classification_date: date("2022-06-01"),
    ///         papier: false,
    ///         document: Piece::new("99_DE".parse().unwrap(), DocumentContent::bytes(pdf.clone())),
    ///         annexes: vec![Piece::untyped(DocumentContent::bytes(b"plain text".to_vec()))],
    ///     }),
    /// };
    /// let found = t.validate(&ValidationOptions::new(date("2022-12-13")));
    /// let found: Vec<_> = found.iter()
    ///     .map(|d| (d.code.as_str(), d.location.path.as_deref().unwrap_or("")))
    ///     .collect();
    /// assert_eq!(found, [
    ///     ("ACTE-DATE-FUTURE", "acte/date"),
    ///     ("ACTE-OBJET-MULTILINE", "acte/objet"),
    ///     ("ACTE-SENT-FUTURE", "envoi/date"),
    ///     ("ACTE-TYPOLOGIE-MISSING", "acte/annexes[0]/typologie"),
    ///     ("ACTE-FILE-TYPE", "acte/annexes[0]"),
    /// ]);
    /// ```
    pub fn validate(&self, options: &ValidationOptions<'_>) -> Vec<Diagnostic> {
        let mut diags = self.check_sender();
        let draft = self.draft(false);
        diags.extend(check_plan(&draft.plan, options, &|d, item| {
            self.place(d, item)
        }));
        diags
    }

    /// Whether [`validate`](Self::validate) finds no error.
    pub fn is_valid(&self, options: &ValidationOptions<'_>) -> bool {
        !crate::diagnostic::has_errors(&self.validate(options))
    }

    /// The checks of the collectivité and of the envelope's name, made on the
    /// transmission before it is planned.
    pub(crate) fn check_sender(&self) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        check_collectivite(&self.collectivite, &mut diags);
        check_envelope_name(
            self.transmetteur.application,
            self.collectivite.siren,
            self.envoi.date,
            self.envoi.sequence,
            &mut diags,
        );
        diags
    }
}
