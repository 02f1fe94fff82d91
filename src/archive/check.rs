//! Checking any CL → MI archive against the emission profile and what the
//! préfecture's platform would object to (SPEC §5.1, §6, §10, §11, §13).

use std::collections::{HashMap, HashSet};
use std::io::{self, Read};
use std::path::Path;

use chrono::NaiveDate;

use crate::classification::Classification;
use crate::container::read::{visit, ReadLimits, Source};
use crate::diagnostic::{has_errors, Code, Diagnostic};
use crate::ids::Typologie;
use crate::ids::{ActeId, Departement, Direction, NatureActe, Siren};
use crate::messages::{DonneesActe, Message};
use crate::naming::{classify_name, ArchiveName, EnvelopeName, FileName, NameKind};
use crate::transmission::{
    check_message, check_total, Item, Plan, PlannedDocument, PlannedMessage, Probed, Sender,
    ValidationOptions, DEFAULT_MAX_TOTAL_SIZE,
};
use crate::transmission::{pdf_tail_complete, Probe, PROBE_LEN};

/// Largest XML file read into memory (envelope, message); larger `.xml`
/// entries are treated as documents.
const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;

/// Options of [`check`](fn@check).
#[derive(Debug, Clone)]
pub struct CheckOptions<'a> {
    /// The collectivité's classification, for matière and typologie
    /// membership; the built-in national tables otherwise.
    pub classification: Option<&'a Classification>,
    /// Today's date (a decision dated later is an error). The library never
    /// reads the clock.
    pub today: NaiveDate,
    /// Reading limits of the container.
    pub limits: ReadLimits,
    /// Cap on the files and on the archive, in bytes (default 150 MiB).
    pub max_total_size: u64,
}

impl<'a> CheckOptions<'a> {
    /// Options with `today`, no classification and default limits.
    #[must_use]
    pub fn new(today: NaiveDate) -> Self {
        CheckOptions {
            classification: None,
            today,
            limits: ReadLimits::default(),
            max_total_size: DEFAULT_MAX_TOTAL_SIZE,
        }
    }

    /// The options of the emission rules.
    fn rules(&self) -> ValidationOptions<'a> {
        ValidationOptions {
            today: self.today,
            classification: self.classification,
            max_total_size: self.max_total_size,
        }
    }
}

/// One message found in the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CheckedMessage {
    /// The message file name.
    pub name: String,
    /// Its code `T-S`, when the root element is known.
    pub code: Option<String>,
    /// The IDActe (predicted for a 1-1, carried by the others).
    pub id_acte: Option<String>,
    /// The documents it names, in order.
    pub documents: Vec<String>,
}

/// The result of [`check`](fn@check).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CheckReport {
    /// The archive checked (its path, or `memory`).
    pub archive: String,
    /// Whether no diagnostic is an error.
    pub valid: bool,
    /// The messages listed by the envelope.
    pub messages: Vec<CheckedMessage>,
    /// Every finding, each attributed to its file where it has one.
    pub diagnostics: Vec<Diagnostic>,
}

/// An entry as read: XML kept whole, documents only probed.
struct ReadEntry {
    name: String,
    index: usize,
    size: u64,
    xml: Option<Vec<u8>>,
    probe: Probe,
}

/// Reads one entry: the whole content for a small `.xml`, else the first
/// and last bytes while counting.
fn read_entry(
    name: &str,
    declared: u64,
    content: &mut dyn Read,
) -> io::Result<(u64, Option<Vec<u8>>, Probe)> {
    let is_xml = name.to_ascii_lowercase().ends_with(".xml") && declared <= MAX_XML_BYTES;
    if is_xml {
        let mut buf = Vec::new();
        content.take(MAX_XML_BYTES + 1).read_to_end(&mut buf)?;
        let probe = Probe {
            size: buf.len() as u64,
            kind: crate::naming::Extension::from_magic(&buf),
            pdf_complete: None,
        };
        return Ok((buf.len() as u64, Some(buf), probe));
    }
    let mut head = Vec::with_capacity(PROBE_LEN);
    let mut tail: Vec<u8> = Vec::with_capacity(2 * PROBE_LEN);
    let mut buf = vec![0u8; 64 * 1024];
    let mut total: u64 = 0;
    loop {
        let n = content.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let got = buf.get(..n).unwrap_or(&[]);
        if head.len() < PROBE_LEN {
            let take = (PROBE_LEN - head.len()).min(got.len());
            head.extend_from_slice(got.get(..take).unwrap_or(&[]));
        }
        tail.extend_from_slice(
            got.get(got.len().saturating_sub(PROBE_LEN)..)
                .unwrap_or(&[]),
        );
        if tail.len() > PROBE_LEN {
            let cut = tail.len() - PROBE_LEN;
            tail.drain(..cut);
        }
        total += n as u64;
    }
    let kind = crate::naming::Extension::from_magic(&head);
    let probe = Probe {
        size: total,
        kind,
        pdf_complete: (kind == Some(crate::naming::Extension::Pdf))
            .then(|| pdf_tail_complete(&tail)),
    };
    Ok((total, None, probe))
}

/// Checks an archive file (tar.gz, or a folder / tar / zip holding the same
/// files). Never fails: a missing or unreadable file is a diagnostic.
///
/// ```
/// use actes::archive::{check, CheckOptions};
/// let today = chrono::NaiveDate::from_ymd_opt(2022, 12, 19).unwrap();
/// let report = check(std::path::Path::new("/nonexistent/SLO-EACT--216204982--20221219-1.tar.gz"),
///     &CheckOptions::new(today));
/// assert!(!report.valid);
/// assert_eq!(report.diagnostics[0].code.as_str(), "ARCH-UNREADABLE");
/// ```
#[must_use]
pub fn check(path: &Path, options: &CheckOptions<'_>) -> CheckReport {
    let label = path.display().to_string();
    let source = match Source::detect(path) {
        Ok(s) => s,
        Err(e) => {
            let d = Diagnostic::on_file(
                Code::ArchUnreadable,
                &label,
                format!("cannot read the archive: {e}"),
                format!(
                    "impossible de lire l'archive : {}",
                    crate::diagnostic::io_reason(&e, crate::diagnostic::Lang::Fr)
                ),
            );
            return CheckReport {
                archive: label,
                valid: false,
                messages: Vec::new(),
                diagnostics: vec![d],
            };
        }
    };
    let archive_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let archive_size = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    check_source(&source, archive_name.as_deref(), archive_size, options)
}

/// Checks the files of `source`; `archive_name` is the archive's file name
/// when known (a tar.gz), whose form and agreement with the envelope are
/// then checked, and `archive_size` its size in bytes.
#[must_use]
pub fn check_source(
    source: &Source,
    archive_name: Option<&str>,
    archive_size: Option<u64>,
    options: &CheckOptions<'_>,
) -> CheckReport {
    let label = source.label();
    let mut entries: Vec<ReadEntry> = Vec::new();
    let mut diags = match visit(source, &options.limits, |info, content| {
        let (size, xml, probe) = read_entry(&info.name, info.size, content)?;
        entries.push(ReadEntry {
            name: info.name.clone(),
            index: info.index,
            size,
            xml,
            probe,
        });
        Ok(())
    }) {
        Ok(d) => d,
        Err(e) => vec![Diagnostic::on_file(
            Code::ArchUnreadable,
            &label,
            format!("reading stopped: {e}"),
            format!(
                "lecture interrompue : {}",
                crate::diagnostic::io_reason(&e, crate::diagnostic::Lang::Fr)
            ),
        )],
    };
    let mut checker = Checker {
        options,
        entries: &entries,
        by_name: entries.iter().map(|e| (e.name.as_str(), e)).collect(),
        referenced: HashSet::new(),
        diags: Vec::new(),
        messages: Vec::new(),
        sent_on: None,
    };
    checker.run(archive_name, archive_size);
    diags.append(&mut checker.diags);
    CheckReport {
        archive: label,
        valid: !has_errors(&diags),
        messages: checker.messages,
        diagnostics: diags,
    }
}

struct Checker<'a, 'o> {
    options: &'a CheckOptions<'o>,
    entries: &'a [ReadEntry],
    by_name: HashMap<&'a str, &'a ReadEntry>,
    referenced: HashSet<String>,
    diags: Vec<Diagnostic>,
    messages: Vec<CheckedMessage>,
    /// The sending date: the date in the envelope's name.
    sent_on: Option<NaiveDate>,
}

impl Checker<'_, '_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn run(&mut self, archive_name: Option<&str>, archive_size: Option<u64>) {
        let archive = archive_name.and_then(|n| {
            let p = ArchiveName::parse_diagnostics(n);
            self.diags
                .extend(p.diagnostics.into_iter().map(|d| d.in_file(n)));
            p.value
        });
        if let (Some(size), Some(name)) = (archive_size, archive_name) {
            if size > self.options.max_total_size {
                let max = self.options.max_total_size;
                self.push(Diagnostic::on_file(
                    Code::ActeArchiveTooLarge,
                    name,
                    format!("the archive is {size} bytes; at most {max} are allowed"),
                    format!("La taille de l'archive est trop élevée, {size} octets (maximum {max} octets autorisés)"),
                ));
            }
        }
        let total: u64 = self.entries.iter().map(|e| e.size).sum();
        if let Some(d) = check_total(total, &self.options.rules()) {
            self.push(d.in_file(archive_name.unwrap_or("")));
        }

        let envelopes: Vec<&ReadEntry> = self
            .entries
            .iter()
            .filter(|e| classify_name(&e.name) == NameKind::ClEnvelope)
            .collect();
        let envelope = match envelopes.as_slice() {
            [] => {
                let expected = archive.map(|a| a.envelope_name().to_string());
                let (en, fr) = match &expected {
                    Some(x) => (
                        format!("the archive holds no envelope (expected {x})"),
                        format!("l'archive ne contient pas d'enveloppe (attendue : {x})"),
                    ),
                    None => (
                        "the archive holds no envelope APP--SIREN--YYYYMMDD-N.xml".to_string(),
                        "l'archive ne contient pas d'enveloppe APP--SIREN--AAAAMMJJ-N.xml"
                            .to_string(),
                    ),
                };
                self.push(Diagnostic::on_file(
                    Code::ArchCheckEnvelopeMissing,
                    archive_name.unwrap_or(""),
                    en,
                    fr,
                ));
                None
            }
            [one] => Some(*one),
            [first, rest @ ..] => {
                for e in rest {
                    self.push(Diagnostic::on_file(
                        Code::ArchCheckEnvelopeSeveral,
                        &e.name,
                        format!("a second envelope; the archive of one envelope holds one, {} is used", first.name),
                        format!("une seconde enveloppe ; une archive n'en contient qu'une, {} est retenue", first.name),
                    ));
                }
                Some(*first)
            }
        };
        let Some(envelope) = envelope else {
            self.unlisted();
            return;
        };
        self.referenced.insert(envelope.name.clone());
        if let Some(a) = archive {
            let expected = a.envelope_name().to_string();
            if expected != envelope.name {
                self.push(Diagnostic::on_file(
                    Code::ArchCheckEnvelopeNameMismatch,
                    &envelope.name,
                    format!(
                        "the envelope is named {}, but the archive name requires {expected}",
                        envelope.name
                    ),
                    format!(
                        "l'enveloppe s'appelle {}, mais le nom de l'archive impose {expected}",
                        envelope.name
                    ),
                ));
            }
        }
        let env_name = EnvelopeName::parse_diagnostics(&envelope.name);
        self.sent_on = env_name.value.as_ref().map(EnvelopeName::date);
        self.diags.extend(
            env_name
                .diagnostics
                .into_iter()
                .map(|d| d.in_file(&envelope.name)),
        );
        if envelope.index != self.entries.first().map_or(0, |e| e.index) {
            self.push(Diagnostic::on_file(
                Code::ArchCheckOrder,
                &envelope.name,
                "the envelope is not the first entry of the archive",
                "l'enveloppe n'est pas la première entrée de l'archive",
            ));
        }
        let Some(xml) = envelope.xml.as_deref() else {
            return;
        };
        let parsed = Message::parse(xml);
        self.diags.extend(
            parsed
                .diagnostics
                .into_iter()
                .map(|d| d.in_file(&envelope.name)),
        );
        let Some(Message::EnveloppeCLMISILL(env)) = parsed.value else {
            if parsed.value.is_some() {
                self.push(Diagnostic::on_file(
                    Code::ArchCheckNotEnvelope,
                    &envelope.name,
                    "the envelope file does not hold an EnveloppeCLMISILL",
                    "le fichier d'enveloppe ne contient pas d'EnveloppeCLMISILL",
                ));
            }
            self.unlisted();
            return;
        };
        let siren = env.id_cl.siren.get().copied();
        let departement = env.id_cl.departement.get().copied();
        if let (Some(d), Some(a)) = (departement, env.id_cl.arrondissement.get()) {
            if let Some(w) = crate::ids::check_arrondissement(d.as_str(), a.number()) {
                self.push(
                    w.at_path("EnveloppeCLMISILL/Emetteur/IDCL/@Arrondissement")
                        .in_file(&envelope.name),
                );
            }
        }
        for (what, s) in [
            ("archive", archive.map(|a| a.envelope_name().siren())),
            ("envelope name", env_name.value.map(|e| e.siren())),
        ] {
            if let (Some(s), Some(id)) = (s, siren) {
                if s != id {
                    self.push(Diagnostic::on_file(
                        Code::ArchCheckSirenMismatch,
                        &envelope.name,
                        format!("the {what} name carries SIREN {s}, but IDCL says {id}"),
                        format!("le nom ({what}) porte le SIREN {s}, mais IDCL indique {id}"),
                    ));
                }
            }
        }
        for f in &env.formulaires {
            self.message(&f.nom_fichier, siren, departement);
        }
        self.unlisted();
        self.order();
    }

    fn message(&mut self, name: &str, siren: Option<Siren>, departement: Option<Departement>) {
        let start = self.diags.len();
        self.message_checks(name, siren, departement);
        // One fact, one diagnostic: a warning of the lenient reading (the
        // message, its name, its documents' names) that the emission rules
        // report as an error for this message is dropped.
        let mine = self.diags.split_off(start);
        let errors: HashSet<Code> = mine
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code)
            .collect();
        self.diags.extend(
            mine.into_iter()
                .filter(|d| d.is_error() || !errors.contains(&d.code)),
        );
    }

    fn message_checks(
        &mut self,
        name: &str,
        siren: Option<Siren>,
        departement: Option<Departement>,
    ) {
        self.referenced.insert(name.to_string());
        let Some(entry) = self.by_name.get(name).copied() else {
            self.push(Diagnostic::on_file(
                Code::ArchCheckMessageMissing,
                name,
                format!("the envelope lists {name}, which is not in the archive"),
                format!("l'enveloppe mentionne {name}, absent de l'archive"),
            ));
            return;
        };
        let fname = FileName::parse_diagnostics(name);
        self.diags
            .extend(fname.diagnostics.into_iter().map(|d| d.in_file(name)));
        let fname = fname.value;
        let Some(xml) = entry.xml.as_deref() else {
            return;
        };
        let parsed = Message::parse(xml);
        self.diags
            .extend(parsed.diagnostics.into_iter().map(|d| d.in_file(name)));
        let Some(m) = parsed.value else { return };
        let code = m.code();
        if code.is_none_or(|c| c.direction() != Direction::ClToMi) {
            self.push(Diagnostic::on_file(
                Code::ArchCheckMessageDirection,
                name,
                format!("{} is not a message a collectivité sends", m.root_name()),
                format!(
                    "{} n'est pas un message émis par une collectivité",
                    m.root_name()
                ),
            ));
        }
        if let (Some(c), Some(nc)) = (code, fname.as_ref().and_then(FileName::message_code)) {
            if c != nc {
                self.push(Diagnostic::on_file(
                    Code::ArchCheckNameMismatch,
                    name,
                    format!(
                        "the name says {nc}, but the message is a {c} ({})",
                        m.root_name()
                    ),
                    format!(
                        "le nom indique {nc}, mais le message est un {c} ({})",
                        m.root_name()
                    ),
                ));
            }
        }
        if let (Some(f), Some(s)) = (fname.as_ref().and_then(FileName::siren), siren) {
            if f != s {
                self.push(Diagnostic::on_file(
                    Code::ArchCheckSirenMismatch,
                    name,
                    format!("the message name carries SIREN {f}, but the envelope's IDCL is {s}"),
                    format!(
                        "le nom du message porte le SIREN {f}, mais l'IDCL de l'enveloppe est {s}"
                    ),
                ));
            }
        }
        let id_acte = match &m {
            Message::Acte(a) => acte_id_of(a, departement, siren),
            _ => m.id_acte().copied(),
        };
        if let (Some(f), Some(id)) = (fname.as_ref(), id_acte.as_ref()) {
            let letter = m.letter_date().and_then(|d| d.get()).copied();
            self.name_against_content(name, f, id, letter);
        }
        let documents: Vec<String> = m
            .documents()
            .into_iter()
            .map(|d| d.file.nom_fichier.clone())
            .collect();
        // The archive read into a plan, and the emission rules run on it.
        let mut planned = Vec::new();
        for (k, doc) in documents.iter().enumerate() {
            self.referenced.insert(doc.clone());
            let Some(e) = self.by_name.get(doc.as_str()).copied() else {
                self.push(Diagnostic::on_file(
                    Code::ArchCheckDocumentMissing,
                    doc,
                    format!("{name} names {doc}, which is not in the archive"),
                    format!("{name} mentionne {doc}, absent de l'archive"),
                ));
                planned.push(PlannedDocument::new(
                    Some(doc.clone()),
                    None,
                    Probed::Absent,
                ));
                continue;
            };
            let typologie = self.document_name(doc, fname.as_ref(), k);
            let mut planned_doc =
                PlannedDocument::new(Some(doc.clone()), typologie, Probed::Probe(e.probe.clone()));
            if k == 0 && budget_act(&m) {
                if let Some(xml) = e.xml.as_deref() {
                    planned_doc = planned_doc.with_budget(crate::budget::inspect(xml));
                }
            }
            planned.push(planned_doc);
        }
        let mut plan = Plan::new(Sender::new(siren, departement));
        plan.sent_on = self.sent_on;
        plan.messages
            .push(PlannedMessage::new(Some(name.to_string()), m, planned));
        let found = check_message(&plan, 0, &self.options.rules(), &|d, item| {
            locate(d, item, &plan)
        });
        self.diags.extend(found);
        self.messages.push(CheckedMessage {
            name: name.to_string(),
            code: code.map(|c| c.to_string()),
            id_acte: id_acte.map(|i| i.to_string()),
            documents,
        });
    }

    /// A message's name against the act it is about (issue 12): another
    /// département, numéro or nature is an error (`ARCH-CHECK-NAME-MISMATCH`);
    /// another date alone a warning (`ARCH-CHECK-NAME-DATE`), since the
    /// ministry has accepted names carrying the sending date. The date
    /// expected is the act's decision date for a 1-1 or a 6-1; for an answer
    /// the peers differ (SPEC §10.2: S2LOW the letter's date, STELA the
    /// generation date), so the decision date, the letter's date and the
    /// sending date are all accepted.
    fn name_against_content(
        &mut self,
        name: &str,
        f: &FileName,
        id: &ActeId,
        letter: Option<NaiveDate>,
    ) {
        let mut differs: Vec<(&str, &str, String, String)> = Vec::new();
        if f.departement().is_some_and(|d| d != id.departement()) {
            differs.push((
                "département",
                "département",
                f.departement_str().to_string(),
                id.departement().to_string(),
            ));
        }
        if f.numero_str() != id.numero().as_str() {
            differs.push((
                "numéro",
                "numéro",
                f.numero_str().to_string(),
                id.numero().to_string(),
            ));
        }
        if f.nature().is_some_and(|n| n != id.nature()) || f.nature_str().is_empty() {
            differs.push((
                "nature",
                "nature",
                f.nature_str().to_string(),
                id.nature().to_string(),
            ));
        }
        if !differs.is_empty() {
            let list = |fr: bool| {
                differs
                    .iter()
                    .map(|(en, fr_name, n, c)| {
                        if fr {
                            format!("{fr_name} {n} au lieu de {c}")
                        } else {
                            format!("{en} {n} instead of {c}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            self.push(Diagnostic::on_file(
                Code::ArchCheckNameMismatch,
                name,
                format!(
                    "the name is about another act than the message ({}): {}",
                    id,
                    list(false)
                ),
                format!(
                    "le nom désigne un autre acte que le message ({}) : {}",
                    id,
                    list(true)
                ),
            ));
            return;
        }
        let Some(date) = f.date() else { return };
        let accepted = match f.message_code().map(|c| c.to_string()).as_deref() {
            Some("1-1" | "6-1") | None => vec![id.date()],
            _ => [Some(id.date()), letter, self.sent_on]
                .into_iter()
                .flatten()
                .collect(),
        };
        if !accepted.contains(&date) {
            self.push(Diagnostic::on_file(
                Code::ArchCheckNameDate,
                name,
                format!(
                    "the name carries the date {date}, not the act's decision date {}",
                    id.date()
                ),
                format!(
                    "le nom porte la date {date}, pas la date de décision de l'acte {}",
                    id.date()
                ),
            ));
        }
    }

    /// A document's name against its message's name; its typologie prefix.
    fn document_name(
        &mut self,
        doc: &str,
        message: Option<&FileName>,
        k: usize,
    ) -> Option<Typologie> {
        let parsed = FileName::parse_diagnostics(doc);
        self.diags
            .extend(parsed.diagnostics.into_iter().map(|d| d.in_file(doc)));
        let f = parsed.value?;
        if let Some(m) = message {
            let same = f.departement() == m.departement()
                && f.siren() == m.siren()
                && f.numero() == m.numero()
                && f.nature() == m.nature()
                && f.message_code() == m.message_code()
                && f.date() == m.date();
            if !same {
                self.push(Diagnostic::on_file(
                    Code::ArchCheckNameMismatch,
                    doc,
                    format!(
                        "the document name does not have the stem of its message {}",
                        m.as_str()
                    ),
                    format!(
                        "le nom du document ne reprend pas celui de son message {}",
                        m.as_str()
                    ),
                ));
            }
        }
        let expected = k as u64 + 1;
        if f.counter().is_some_and(|c| c != expected) {
            self.push(Diagnostic::on_file(
                Code::ArchCheckCounter,
                doc,
                format!(
                    "document {expected} of its message is numbered _{}",
                    f.counter().unwrap_or(0)
                ),
                format!(
                    "le document {expected} de son message est numéroté _{}",
                    f.counter().unwrap_or(0)
                ),
            ));
        }
        f.typologie()
    }

    fn unlisted(&mut self) {
        for e in self.entries {
            if !self.referenced.contains(&e.name) {
                self.diags.push(Diagnostic::on_file(
                    Code::ArchCheckFileUnlisted,
                    &e.name,
                    format!("{} is in the archive but no envelope or message names it", e.name),
                    format!("{} est dans l'archive mais aucune enveloppe ni aucun message ne le mentionne", e.name),
                ));
            }
        }
    }

    /// Entries should come in the order envelope, message, its documents.
    fn order(&mut self) {
        let mut expected: Vec<&str> = Vec::new();
        for m in &self.messages {
            expected.push(&m.name);
            expected.extend(m.documents.iter().map(String::as_str));
        }
        let actual: Vec<&str> = self
            .entries
            .iter()
            .skip(1)
            .map(|e| e.name.as_str())
            .filter(|n| expected.contains(n))
            .collect();
        let wanted: Vec<&str> = expected
            .into_iter()
            .filter(|n| actual.contains(n))
            .collect();
        if actual != wanted {
            let first = actual
                .iter()
                .zip(&wanted)
                .find(|(a, w)| a != w)
                .map(|(a, _)| a.to_string())
                .unwrap_or_default();
            self.diags.push(Diagnostic::on_file(
                Code::ArchCheckOrder,
                &first,
                "the entries are not in the order envelope, message, act, annexes",
                "les entrées ne sont pas dans l'ordre enveloppe, message, acte, annexes",
            ));
        }
    }
}

fn acte_id_of(
    a: &DonneesActe,
    departement: Option<Departement>,
    siren: Option<Siren>,
) -> Option<ActeId> {
    ActeId::new(
        departement?,
        siren?,
        *a.date.get()?,
        *a.numero_interne.get()?,
        *a.code_nature.get()?,
    )
    .ok()
}

/// Places a finding of the emission rules at its file: the message (with
/// the field's XML path) or the document.
/// Whether a message is the 1-1 of a budget act (nature 5), whose XML act
/// file is read for the budget rules.
fn budget_act(m: &Message) -> bool {
    matches!(m, Message::Acte(a) if a.code_nature.get() == Some(&NatureActe::Budgetaire))
}

fn locate(d: Diagnostic, item: Item, plan: &Plan) -> Diagnostic {
    let message = |i: usize| plan.messages.get(i);
    let message_name = |i: usize| message(i).and_then(|m| m.name.clone()).unwrap_or_default();
    let document_name = |i: usize, k: usize| {
        message(i)
            .and_then(|m| m.documents.get(k))
            .and_then(|doc| doc.name.clone())
            .unwrap_or_default()
    };
    match item {
        Item::Field { message, field } => {
            d.at_path(field.xml_path()).in_file(message_name(message))
        }
        Item::Documents { message } | Item::SentOn { message } => d.in_file(message_name(message)),
        Item::Document { message, index }
        | Item::DocumentContent { message, index }
        | Item::Typologie { message, index } => d.in_file(document_name(message, index)),
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::build;
    use crate::naming::Application;
    use crate::transmission::{
        Collectivite, Contenu, DocumentContent, Envoi, NouvelActe, Piece, Transmetteur,
        Transmission,
    };

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// The lens act, its classification date `classification_date`.
    fn lens(classification_date: NaiveDate) -> Option<Transmission> {
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
        Some(Transmission {
            collectivite: Collectivite {
                siren: "216204982".parse().ok()?,
                departement: "062".parse().ok()?,
                arrondissement: "7".parse().ok()?,
                nature: "31".parse().ok()?,
                referent: None,
                adresses_retour: vec!["actes@example.fr".into()],
            },
            transmetteur: Transmetteur {
                trigramme: "SLO".parse().ok()?,
                application: Application::EACT,
            },
            envoi: Envoi {
                date: date(2022, 12, 19)?,
                sequence: 1,
            },
            contenu: Contenu::Acte(NouvelActe {
                nature: "DE".parse().ok()?,
                date: date(2022, 12, 14)?,
                numero: "DLB12_14122022".parse().ok()?,
                objet: "Convention de partenariat".into(),
                matiere: "8.9".parse().ok()?,
                classification_date,
                papier: false,
                document: Piece::new("99_DE".parse().ok()?, DocumentContent::bytes(pdf)),
                annexes: vec![],
            }),
        })
    }

    /// The build and the archive check run the same rules: an archive built
    /// on one day, checked on an earlier one, has the findings validation
    /// gives on that earlier day, located at its files instead of the
    /// input's paths.
    #[test]
    fn build_and_check_find_the_same() -> Result<(), Box<dyn std::error::Error>> {
        let t = lens(date(2022, 12, 1).ok_or("date")?).ok_or("transmission")?;
        let built_on = date(2022, 12, 19).ok_or("date")?;
        let (bytes, built) = build(&t, &ValidationOptions::new(built_on), Vec::new())?;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(&built.manifest.archive);
        std::fs::write(&path, bytes)?;

        let earlier = date(2022, 11, 30).ok_or("date")?;
        let validated: Vec<(String, String)> = t
            .validate(&ValidationOptions::new(earlier))
            .into_iter()
            .map(|d| {
                (
                    d.code.as_str().to_string(),
                    d.location.path.unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            validated,
            [
                ("ACTE-DATE-FUTURE".to_string(), "acte/date".to_string()),
                (
                    "ACTE-CLASSIFICATION-DATE-FUTURE".to_string(),
                    "acte/classification_date".to_string()
                ),
                ("ACTE-SENT-FUTURE".to_string(), "envoi/date".to_string()),
            ]
        );
        let message = "062-216204982-20221214-DLB12_14122022-DE-1-1_0.xml".to_string();
        let checked: Vec<(String, Option<String>, Option<String>)> =
            check(&path, &CheckOptions::new(earlier))
                .diagnostics
                .into_iter()
                .map(|d| {
                    (
                        d.code.as_str().to_string(),
                        d.location.file,
                        d.location.path,
                    )
                })
                .collect();
        assert_eq!(
            checked,
            [
                (
                    "ACTE-DATE-FUTURE".to_string(),
                    Some(message.clone()),
                    Some("Acte/@Date".to_string())
                ),
                (
                    "ACTE-CLASSIFICATION-DATE-FUTURE".to_string(),
                    Some(message.clone()),
                    Some("Acte/ClassificationDateVersion".to_string())
                ),
                ("ACTE-SENT-FUTURE".to_string(), Some(message), None),
            ]
        );
        Ok(())
    }
}
