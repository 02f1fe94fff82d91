//! Reading what the ministry sends back, and checking it beyond parsing.
//!
//! [`read`] parses one received file (any message or envelope, the 7-2
//! `RetourClassification` included) and runs [`check`], which verifies the message's
//! own consistency and, when a [`Context`] gives them, its agreement with
//! what is known about the act:
//!
//! - an `ARActe`'s `IDActe` agrees with its `ActeRecu` echo: decision date
//!   (`RCPT-ID-DATE`), numéro (`RCPT-ID-NUMERO`), nature abbreviation vs
//!   `CodeNatureActe` (`RCPT-ID-NATURE`), and the SIREN of the recipient
//!   when it is known, e.g. from the MI envelope's `Destinataire/@SIREN`
//!   (`RCPT-ID-SIREN`). The `IDActe` is split leniently from its raw text,
//!   so these checks run even when a segment does not parse (a SIREN with a
//!   wrong key);
//! - no date of the message is before the act's decision date
//!   (`RCPT-DATE-BEFORE-DECISION`), nor after "today" when the caller gives
//!   it (`RCPT-DATE-FUTURE`); dates that are not real calendar dates are
//!   already reported by the parser (`MSG-INVALID-DATE`);
//! - `ClassificationDateVersionEnCours` against the classification date the
//!   act was sent with (`RCPT-CLASSIFICATION-OUTDATED`,
//!   `RCPT-CLASSIFICATION-AHEAD`);
//! - `Annexes/@Nombre` against the annexes listed (`RCPT-ANNEXES-COUNT`);
//!   document names that do not designate the act (`RCPT-DOCUMENT-NAME`,
//!   the date being a wildcard, SPEC §10.6);
//! - with the sent transmission ([`Context::sent`]): the echo matches it
//!   field by field — date, nature, objet, classification date
//!   (`RCPT-ECHO-FIELD`), matières (`RCPT-ECHO-MATIERES`), the act's file
//!   name (`RCPT-ECHO-DOCUMENT`), the annexes' names and count
//!   (`RCPT-ECHO-ANNEXES`); a different typologie prefix on the same file is
//!   a warning (`RCPT-ECHO-TYPOLOGIE`), a missing one is accepted;
//!   `DocumentPapier` is compared by meaning (`RCPT-ECHO-PAPIER`);
//! - a receipt about another act than the one expected (by SIREN and numéro
//!   interne) is reported as such (`RCPT-OTHER-ACT`) and not compared field
//!   by field; same SIREN and numéro but another `IDActe` is
//!   `RCPT-EXPECTED-ID`.
//!
//! Every finding is a [`Diagnostic`] with the field path
//! (`ARActe/ActeRecu/Objet`, `ARActe/@IDActe` with the segment and offset).
//!
//! ```
//! use actes::receipt::{self, Context};
//! let xml = br#"<?xml version="1.0" encoding="ISO-8859-1"?>
//! <actes:ARActe xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
//!   actes:IDActe="034-491011698-20171207-CL20171227_06-DE" actes:DateReception="2017-12-27">
//!   <actes:ActeRecu actes:Date="2017-12-08" actes:NumeroInterne="CL20171227_06" actes:CodeNatureActe="1">
//!     <actes:CodeMatiere1 actes:CodeMatiere="3"/><actes:CodeMatiere2 actes:CodeMatiere="2"/>
//!     <actes:Objet>Objet</actes:Objet>
//!     <actes:ClassificationDateVersion>2017-11-13</actes:ClassificationDateVersion>
//!     <actes:Document><actes:NomFichier>034-491011698-20171207-CL20171227_06-DE-1-1_1.pdf</actes:NomFichier></actes:Document>
//!     <actes:Annexes actes:Nombre="0"/>
//!   </actes:ActeRecu>
//!   <actes:ClassificationDateVersionEnCours>2017-11-13</actes:ClassificationDateVersionEnCours>
//! </actes:ARActe>"#;
//! let r = receipt::read("ar.xml", xml, &Context::default());
//! assert!(r.is_read());
//! // The IDActe says 2017-12-07, the echo 2017-12-08.
//! let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
//! assert_eq!(codes, ["RCPT-ID-DATE"]);
//! assert_eq!(r.diagnostics[0].location.path.as_deref(), Some("ARActe/@IDActe"));
//! ```

mod names;

use chrono::NaiveDate;

use crate::diagnostic::{has_errors, Code, Diagnostic, Location};
use crate::ids::{ActeId, ActeKey, IdActeSegments, MessageCode, NatureActe, Siren, Typologie};
use crate::messages::{DonneesActe, Field, Message};
use crate::naming::FileName;

/// What is known about the act besides the received message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// The SIREN of the collectivité the message is addressed to: the MI
    /// envelope's `Destinataire/@SIREN`, or the collectivité's own SIREN.
    pub recipient: Option<Siren>,
    /// The act the message is expected to be about.
    pub expected: Option<ActeId>,
    /// The transmission sent (the 1-1 `Acte`, whose `Document` and
    /// `Annexes` give the document names).
    pub sent: Option<DonneesActe>,
    /// "Today", for the check that no date is in the future. The library
    /// never reads the clock.
    pub today: Option<NaiveDate>,
}

impl Context {
    /// The same context with the recipient's SIREN.
    #[must_use]
    pub fn with_recipient(mut self, siren: Siren) -> Context {
        self.recipient = Some(siren);
        self
    }

    /// The same context with the act expected.
    #[must_use]
    pub fn with_expected(mut self, id: ActeId) -> Context {
        self.expected = Some(id);
        self
    }

    /// The same context with the sent transmission.
    #[must_use]
    pub fn with_sent(mut self, acte: DonneesActe) -> Context {
        self.sent = Some(acte);
        self
    }

    /// The same context with "today".
    #[must_use]
    pub fn with_today(mut self, today: NaiveDate) -> Context {
        self.today = Some(today);
        self
    }
}

/// One received file, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    /// The file name, as given.
    pub file: String,
    /// The message, when the file is a protocol message or envelope.
    pub message: Option<Message>,
    /// Every finding: the parser's, then the consistency checks'.
    pub diagnostics: Vec<Diagnostic>,
}

impl Receipt {
    /// Whether the file was read as a protocol message (warnings and
    /// consistency errors allowed).
    #[must_use]
    pub fn is_read(&self) -> bool {
        self.message.is_some()
    }

    /// Whether any diagnostic is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        has_errors(&self.diagnostics)
    }

    /// The root element's local name (`ARActe`), when read.
    pub fn root(&self) -> Option<&'static str> {
        self.message.as_ref().map(Message::root_name)
    }

    /// The message code (`1-2`), when read and not an envelope.
    pub fn code(&self) -> Option<MessageCode> {
        self.message.as_ref().and_then(Message::code)
    }
}

/// Reads one received file and checks it (see the
/// [module documentation](self)). Never fails: a file that is not a
/// protocol message gives a [`Receipt`] without message and with the
/// parser's diagnostics.
#[must_use]
pub fn read(file: &str, bytes: &[u8], context: &Context) -> Receipt {
    let parsed = Message::parse(bytes);
    let mut diagnostics: Vec<Diagnostic> = parsed.diagnostics;
    let message = parsed.value;
    if let Some(m) = &message {
        diagnostics.extend(check(m, context));
        diagnostics.extend(names::check(file, m, context));
    }
    for d in &mut diagnostics {
        if d.location.file.is_none() {
            d.location.file = Some(file.to_string());
        }
    }
    Receipt {
        file: file.to_string(),
        message,
        diagnostics,
    }
}

/// The consistency checks of one message (see the
/// [module documentation](self)).
#[must_use]
pub fn check(message: &Message, context: &Context) -> Vec<Diagnostic> {
    let mut c = Checker {
        ctx: context,
        out: Vec::new(),
    };
    let root = message.root_name();
    match message {
        Message::ARActe(m) => {
            let id_path = || format!("{root}/@IDActe");
            let other = c.expected_act(&m.id_acte.raw, Some(&m.acte_recu), &id_path);
            c.id_vs_echo(&m.id_acte.raw, &m.acte_recu, &id_path);
            c.recipient(&m.id_acte.raw, &id_path);
            let decision = m
                .acte_recu
                .date
                .value
                .or_else(|| raw_id_date(&m.id_acte.raw));
            c.date_after(&m.date_reception, decision, &|| {
                format!("{root}/@DateReception")
            });
            c.classification_dates(
                &m.acte_recu.classification_date_version,
                &m.classification_date_version_en_cours,
                root,
            );
            c.echo(&m.acte_recu, Some(&m.id_acte.raw), root, other);
        }
        Message::AnomalieActe(m) => {
            let other = c.expected_act("", Some(&m.acte_recu), &|| format!("{root}/ActeRecu"));
            c.date_after(&m.date, m.acte_recu.date.value, &|| format!("{root}/Date"));
            c.classification_dates(
                &m.acte_recu.classification_date_version,
                &m.classification_date_version_en_cours,
                root,
            );
            c.echo(&m.acte_recu, None, root, other);
            c.echo_document_names(&m.acte_recu, root);
        }
        Message::Acte(_)
        | Message::EnveloppeCLMISILL(_)
        | Message::EnveloppeMISILLCL(_)
        | Message::AnomalieEnveloppe(_)
        | Message::DemandeClassification(_)
        | Message::ReponseClassificationSansChangement(_)
        | Message::RetourClassification(_) => {}
        Message::ARPieceComplementaire(m) | Message::ARReponseRejetLettreObservations(m) => {
            let raw = &m.infos_courrier_pref.id_acte.raw;
            let id_path = || format!("{root}/InfosCourrierPref/@IDActe");
            c.expected_act(raw, None, &id_path);
            c.recipient(raw, &id_path);
            let reception_path = || format!("{root}/@DateReception");
            c.date_after(&m.date_reception, raw_id_date(raw), &reception_path);
            if let (Some(letter), Some(reception)) = (
                m.infos_courrier_pref.date_courrier_pref.value,
                m.date_reception.value,
            ) {
                if reception < letter {
                    c.push(
                        Code::RcptDateBeforeLetter,
                        Location::path(reception_path()),
                        format!("DateReception {reception} is before the date of the letter answered ({letter})"),
                        format!("la DateReception {reception} est antérieure à la date du courrier auquel il est répondu ({letter})"),
                    );
                }
            }
        }
        other => {
            let Some(field) = other.id_acte_field() else {
                return c.out;
            };
            let raw = &field.raw;
            let id_path = || format!("{root}/@IDActe");
            c.expected_act(raw, None, &id_path);
            c.recipient(raw, &id_path);
            let decision = raw_id_date(raw);
            if let Some(date) = other.main_date() {
                c.date_after(date.field, decision, &|| format!("{root}/{}", date.path));
            }
            if let Some(parts) = segments(raw) {
                for doc in other.documents() {
                    c.document_name(&doc.file.nom_fichier, raw, &parts, &|| doc.path.clone());
                }
            }
        }
    }
    c.out
}

/// The date in a raw `IDActe` (its decision date), when it is a real date.
fn raw_id_date(raw: &str) -> Option<NaiveDate> {
    IdActeSegments::split(raw.trim())
        .well_shaped()?
        .date_value()
}

/// The well-shaped segments of a raw `IDActe` (trimmed), if any.
fn segments(raw: &str) -> Option<IdActeSegments<'_>> {
    IdActeSegments::split(raw.trim()).well_shaped()
}

/// A typologie prefix (`99_DE-`) and the rest of a document name.
fn split_typologie(name: &str) -> (Option<&str>, &str) {
    if let (Some(prefix), Some(rest)) = (name.get(..5), name.get(6..)) {
        if name.as_bytes().get(5) == Some(&b'-')
            && !rest.is_empty()
            && Typologie::problem(prefix).is_none()
        {
            return (Some(prefix), rest);
        }
    }
    (None, name)
}

fn normalise_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

struct Checker<'a> {
    ctx: &'a Context,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn push(&mut self, code: Code, location: Location, en: String, fr: String) {
        self.out.push(Diagnostic::new(code, location, en, fr));
    }

    /// `RCPT-OTHER-ACT` / `RCPT-EXPECTED-ID`. Returns true when the message
    /// is about another act.
    fn expected_act(
        &mut self,
        raw_id: &str,
        echo: Option<&DonneesActe>,
        path: &dyn Fn() -> String,
    ) -> bool {
        if self.ctx.expected.is_none() && self.ctx.sent.is_none() {
            return false;
        }
        let raw_id = raw_id.trim();
        let echo_numero = echo.map(|e| e.numero_interne.raw.trim().to_string());
        if let Some(expected) = &self.ctx.expected {
            let mut key = ActeKey::from_id_acte(raw_id);
            if key.numero.is_none() {
                key.numero.clone_from(&echo_numero);
            }
            let described = if raw_id.is_empty() {
                format!("numéro {}", key.numero.clone().unwrap_or_default())
            } else {
                raw_id.to_string()
            };
            if key.contradicts(&ActeKey::from_acte_id(expected)) {
                self.push(
                    Code::RcptOtherAct,
                    Location::path(path()),
                    format!("this receipt is about another act ({described}), not {expected}"),
                    format!("cet accusé concerne un autre acte ({described}), pas {expected}"),
                );
                return true;
            }
            if !raw_id.is_empty() && raw_id != expected.to_string() {
                self.push(
                    Code::RcptExpectedId,
                    Location::path(path()),
                    format!("the IDActe {raw_id} has the SIREN and numéro of {expected} but differs from it"),
                    format!("l'IDActe {raw_id} a le SIREN et le numéro de {expected} mais en diffère"),
                );
            }
        }
        if let (Some(sent), Some(echo_numero)) = (&self.ctx.sent, &echo_numero) {
            let sent_numero = sent.numero_interne.raw.trim();
            if echo_numero != sent_numero {
                let full = path();
                let p = full.split('/').next().unwrap_or(&full);
                self.push(
                    Code::RcptOtherAct,
                    Location::path(format!("{p}/ActeRecu/@NumeroInterne")),
                    format!("this receipt is about the act numbered {echo_numero}, not the act sent ({sent_numero})"),
                    format!("cet accusé concerne l'acte numéro {echo_numero}, pas l'acte envoyé ({sent_numero})"),
                );
                return true;
            }
        }
        false
    }

    /// `RCPT-ID-*`: the IDActe against the echoed act.
    fn id_vs_echo(&mut self, raw_id: &str, echo: &DonneesActe, path: &dyn Fn() -> String) {
        let Some(parts) = segments(raw_id) else {
            return; // The parser reported the malformed IDActe.
        };
        let offset_of = |r: Option<std::ops::Range<usize>>| r.map_or(0, |r| r.start);
        let numero = parts.numero().unwrap_or_default();
        let nature_seg = parts.nature().unwrap_or_default();
        let loc = |segment: &'static str, offset: usize| Location {
            path: Some(path()),
            segment: Some(segment.into()),
            offset: Some(offset),
            ..Location::default()
        };
        if let (Some(id_date), Some(echo_date)) = (parts.date_value(), echo.date.value) {
            if id_date != echo_date {
                self.push(
                    Code::RcptIdDate,
                    loc("date", offset_of(parts.date_range())),
                    format!("the IDActe's date {id_date} differs from the decision date echoed in ActeRecu/@Date ({echo_date})"),
                    format!("la date de l'IDActe {id_date} diffère de la date de décision reprise dans ActeRecu/@Date ({echo_date})"),
                );
            }
        }
        let echo_numero = echo.numero_interne.raw.trim();
        if !echo_numero.is_empty() && numero != echo_numero {
            self.push(
                Code::RcptIdNumero,
                loc("numero", offset_of(parts.numero_range())),
                format!(
                    "the IDActe's numéro {} differs from ActeRecu/@NumeroInterne ({echo_numero})",
                    numero
                ),
                format!(
                    "le numéro de l'IDActe {} diffère de ActeRecu/@NumeroInterne ({echo_numero})",
                    numero
                ),
            );
        }
        if let Some(nature) = echo.code_nature.value {
            if nature_seg != nature.abbr() {
                let known = NatureActe::from_abbr(nature_seg)
                    .map(|n| format!(" ({})", n.code()))
                    .unwrap_or_default();
                self.push(
                    Code::RcptIdNature,
                    loc("nature", offset_of(parts.nature_range())),
                    format!(
                        "the IDActe's nature {}{known} differs from ActeRecu/@CodeNatureActe {} ({})",
                        nature_seg,
                        nature.code(),
                        nature.abbr()
                    ),
                    format!(
                        "la nature de l'IDActe {}{known} diffère de ActeRecu/@CodeNatureActe {} ({})",
                        nature_seg,
                        nature.code(),
                        nature.abbr()
                    ),
                );
            }
        }
    }

    /// `RCPT-ID-SIREN`: the IDActe's SIREN against the recipient's.
    fn recipient(&mut self, raw_id: &str, path: &dyn Fn() -> String) {
        let Some(recipient) = &self.ctx.recipient else {
            return;
        };
        let Some(siren) = segments(raw_id).and_then(|p| p.siren()) else {
            return;
        };
        if siren != recipient.as_str() {
            self.push(
                Code::RcptIdSiren,
                Location {
                    path: Some(path()),
                    segment: Some("siren".into()),
                    offset: Some(4),
                    ..Location::default()
                },
                format!(
                    "the IDActe's SIREN {} is not the recipient's ({recipient})",
                    siren
                ),
                format!(
                    "le SIREN de l'IDActe {} n'est pas celui du destinataire ({recipient})",
                    siren
                ),
            );
        }
    }

    /// `RCPT-DATE-BEFORE-DECISION` and `RCPT-DATE-FUTURE`.
    fn date_after(
        &mut self,
        date: &Field<NaiveDate>,
        decision: Option<NaiveDate>,
        path: &dyn Fn() -> String,
    ) {
        let Some(date) = date.value else {
            return;
        };
        if let Some(decision) = decision {
            if date < decision {
                self.push(
                    Code::RcptDateBeforeDecision,
                    Location::path(path()),
                    format!("{date} is before the act's decision date ({decision})"),
                    format!("{date} est antérieure à la date de décision de l'acte ({decision})"),
                );
            }
        }
        if let Some(today) = self.ctx.today {
            if date > today {
                self.push(
                    Code::RcptDateFuture,
                    Location::path(path()),
                    format!("{date} is in the future (today is {today})"),
                    format!("{date} est dans le futur (nous sommes le {today})"),
                );
            }
        }
    }

    /// The classification date the act was sent with, against the
    /// préfecture's current one.
    fn classification_dates(
        &mut self,
        sent_with: &Field<NaiveDate>,
        current: &Field<NaiveDate>,
        root: &str,
    ) {
        let (Some(sent_with), Some(current)) = (sent_with.value, current.value) else {
            return;
        };
        let path = format!("{root}/ClassificationDateVersionEnCours");
        if sent_with < current {
            self.push(
                Code::RcptClassificationOutdated,
                Location::path(path),
                format!("the act was sent with the classification of {sent_with}; the préfecture's current version is of {current}: request the classification again (7-1)"),
                format!("l'acte a été transmis avec la classification du {sent_with} ; la version en cours de la préfecture date du {current} : redemander la classification (7-1)"),
            );
        } else if sent_with > current {
            self.push(
                Code::RcptClassificationAhead,
                Location::path(path),
                format!("the act was sent with a classification of {sent_with}, later than the préfecture's current version ({current})"),
                format!("l'acte a été transmis avec une classification du {sent_with}, postérieure à la version en cours de la préfecture ({current})"),
            );
        }
    }

    /// `RCPT-DOCUMENT-NAME` for the documents a 1-3 echoes: named after
    /// another numéro or nature than the echoed act (its `IDActe` is not
    /// known: the act was not acknowledged).
    fn echo_document_names(&mut self, echo: &DonneesActe, root: &str) {
        let numero = echo.numero_interne.raw.trim();
        let nature = echo.code_nature.value.map(|n| n.abbr());
        let base = format!("{root}/ActeRecu");
        let names = std::iter::once((
            echo.document.nom_fichier.as_str(),
            format!("{base}/Document/NomFichier"),
        ))
        .chain(echo.annexes.fichiers.iter().enumerate().map(|(i, a)| {
            (
                a.nom_fichier.as_str(),
                format!("{base}/Annexes/Annexe[{}]/NomFichier", i + 1),
            )
        }));
        for (name, path) in names {
            let Some(f) = FileName::parts(name.trim()) else {
                continue;
            };
            let other_numero = !f.numero.is_empty() && f.numero != numero;
            let other_nature = !f.nature.is_empty() && nature.is_some_and(|n| f.nature != n);
            if other_numero || other_nature {
                self.push(
                    Code::RcptDocumentName,
                    Location::path(path),
                    format!("the document {name} is named after another act than the one echoed (numéro {numero})"),
                    format!("le document {name} porte le nom d'un autre acte que celui en écho (numéro {numero})"),
                );
            }
        }
    }

    /// `RCPT-DOCUMENT-NAME`: a document name that does not designate the
    /// act (date as a wildcard). Names that do not follow the convention at
    /// all are left alone (`NomFichier` is free text in the XSD).
    fn document_name(
        &mut self,
        name: &str,
        raw_id: &str,
        parts: &IdActeSegments<'_>,
        path: &dyn Fn() -> String,
    ) {
        let Some(f) = FileName::parts(name.trim()) else {
            return;
        };
        let same = Some(f.departement) == parts.departement()
            && Some(f.siren) == parts.siren()
            && Some(f.numero) == parts.numero()
            && Some(f.nature) == parts.nature();
        if !same {
            self.push(
                Code::RcptDocumentName,
                Location::path(path()),
                format!(
                    "the document {name} is named after another act than {}",
                    raw_id.trim()
                ),
                format!(
                    "le document {name} porte le nom d'un autre acte que {}",
                    raw_id.trim()
                ),
            );
        }
    }

    /// The echoed act: its own annex count, its document names against the
    /// IDActe, and every field against the sent transmission.
    fn echo(&mut self, echo: &DonneesActe, raw_id: Option<&str>, root: &str, other_act: bool) {
        // An Annexes/@Nombre that disagrees with the list is reported by
        // the message reader (MSG-ANNEXES-COUNT): one fact, one diagnostic.
        let listed = echo.annexes.fichiers.len();
        // The IDActe, split once for every document name.
        if let Some((raw_id, parts)) = raw_id.and_then(|raw| Some((raw, segments(raw)?))) {
            self.document_name(&echo.document.nom_fichier, raw_id, &parts, &|| {
                format!("{root}/ActeRecu/Document/NomFichier")
            });
            for (i, a) in echo.annexes.fichiers.iter().enumerate() {
                self.document_name(&a.nom_fichier, raw_id, &parts, &|| {
                    format!("{root}/ActeRecu/Annexes/Annexe[{}]/NomFichier", i + 1)
                });
            }
        }
        if other_act {
            return;
        }
        let Some(sent) = self.ctx.sent.clone() else {
            return;
        };
        let base = format!("{root}/ActeRecu");
        let field =
            |me: &mut Self, path: &str, what: &str, quoi: &str, echoed: String, was: String| {
                me.push(
                    Code::RcptEchoField,
                    Location::path(format!("{base}/{path}")),
                    format!("the echoed {what} ({echoed}) differs from the one sent ({was})"),
                    format!("{quoi} repris ({echoed}) diffère de celui envoyé ({was})"),
                );
            };
        if echo.date != sent.date {
            field(
                self,
                "@Date",
                "decision date",
                "la date de décision",
                echo.date.raw.clone(),
                sent.date.raw.clone(),
            );
        }
        if echo.code_nature != sent.code_nature {
            field(
                self,
                "@CodeNatureActe",
                "nature",
                "la nature",
                echo.code_nature.raw.clone(),
                sent.code_nature.raw.clone(),
            );
        }
        if normalise_text(&echo.objet) != normalise_text(&sent.objet) {
            field(
                self,
                "Objet",
                "objet",
                "l'objet",
                echo.objet.clone(),
                sent.objet.clone(),
            );
        }
        if echo.classification_date_version != sent.classification_date_version {
            field(
                self,
                "ClassificationDateVersion",
                "classification date",
                "la date de classification",
                echo.classification_date_version.raw.clone(),
                sent.classification_date_version.raw.clone(),
            );
        }
        if echo.matiere_levels() != sent.matiere_levels() {
            let show = |d: &DonneesActe| {
                d.matieres
                    .iter()
                    .map(|n| format!("{}:{}", n.level, n.code.raw))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            self.push(
                Code::RcptEchoMatieres,
                Location::path(format!("{base}/CodeMatiere1")),
                format!(
                    "the echoed matières ({}) differ from those sent ({})",
                    show(echo),
                    show(&sent)
                ),
                format!(
                    "les matières reprises ({}) diffèrent de celles envoyées ({})",
                    show(echo),
                    show(&sent)
                ),
            );
        }
        if let (Some(e), Some(s)) = (
            echo.document_papier.announced(),
            sent.document_papier.announced(),
        ) {
            if e != s {
                self.push(
                    Code::RcptEchoPapier,
                    Location::path(format!("{base}/DocumentPapier")),
                    format!("the echoed DocumentPapier ({e}) differs from the one sent ({s})"),
                    format!("le DocumentPapier repris ({e}) diffère de celui envoyé ({s})"),
                );
            }
        }
        self.compare_name(
            Code::RcptEchoDocument,
            &echo.document.nom_fichier,
            &sent.document.nom_fichier,
            &format!("{base}/Document/NomFichier"),
        );
        let sent_count = sent.annexes.fichiers.len();
        if listed != sent_count {
            self.push(
                Code::RcptEchoAnnexes,
                Location::path(format!("{base}/Annexes")),
                format!("{listed} annex(es) echoed, {sent_count} sent"),
                format!("{listed} annexe(s) reprise(s), {sent_count} envoyée(s)"),
            );
        }
        for (i, (e, s)) in echo
            .annexes
            .fichiers
            .iter()
            .zip(sent.annexes.fichiers.iter())
            .enumerate()
        {
            self.compare_name(
                Code::RcptEchoAnnexes,
                &e.nom_fichier,
                &s.nom_fichier,
                &format!("{base}/Annexes/Annexe[{}]/NomFichier", i + 1),
            );
        }
    }

    /// Compares an echoed file name with the name sent, allowing a missing
    /// typologie prefix on either side and a different extension case.
    fn compare_name(&mut self, code: Code, echoed: &str, sent: &str, path: &str) {
        let (echo_typo, echo_rest) = split_typologie(echoed.trim());
        let (sent_typo, sent_rest) = split_typologie(sent.trim());
        if echo_rest != sent_rest && !echo_rest.eq_ignore_ascii_case(sent_rest) {
            self.push(
                code,
                Location::path(path),
                format!("the echoed file name {echoed} differs from the one sent ({sent})"),
                format!("le nom de fichier repris {echoed} diffère de celui envoyé ({sent})"),
            );
            return;
        }
        if let (Some(e), Some(s)) = (echo_typo, sent_typo) {
            if e != s {
                self.push(
                    Code::RcptEchoTypologie,
                    Location::path(path),
                    format!("the echoed file {echoed} has the typologie {e}, the file sent had {s}"),
                    format!("le fichier repris {echoed} a la typologie {e}, le fichier envoyé avait {s}"),
                );
            }
        }
    }
}
