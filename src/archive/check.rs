//! Checking any CL → MI archive against the emission profile and what the
//! préfecture's platform would object to (SPEC §5.1, §6, §10, §11, §13).

use std::collections::{HashMap, HashSet};
use std::io::{self, Read};
use std::path::Path;

use chrono::NaiveDate;

use crate::classification::Classification;
use crate::container::read::{visit, ReadLimits, Source};
use crate::diagnostic::{has_errors, Code, Diagnostic, Location};
use crate::ids::{ActeId, Departement, Direction, NatureActe, Siren};
use crate::messages::{DocumentPapier, DonneesActe, FichierSigne, Message};
use crate::naming::{classify_name, ArchiveName, EnvelopeName, FileName, NameKind};
use crate::transmission::content::{pdf_tail_complete, Probe, PROBE_LEN};
use crate::transmission::validate::{
    check_kind_at, check_not_future, check_objet, size_diagnostic, Role, DEFAULT_MAX_TOTAL_SIZE,
};

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
    pub fn new(today: NaiveDate) -> Self {
        CheckOptions {
            classification: None,
            today,
            limits: ReadLimits::default(),
            max_total_size: DEFAULT_MAX_TOTAL_SIZE,
        }
    }
}

/// One message found in the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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

fn diag(code: Code, file: &str, en: String, fr: String) -> Diagnostic {
    Diagnostic::new(code, Location::file(file), en, fr)
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
pub fn check(path: &Path, options: &CheckOptions<'_>) -> CheckReport {
    let label = path.display().to_string();
    let source = match Source::detect(path) {
        Ok(s) => s,
        Err(e) => {
            let d = diag(
                Code::ArchUnreadable,
                &label,
                format!("cannot read the archive: {e}"),
                format!("impossible de lire l'archive : {e}"),
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
        Err(e) => vec![diag(
            Code::ArchUnreadable,
            &label,
            format!("reading stopped: {e}"),
            format!("lecture interrompue : {e}"),
        )],
    };
    let mut checker = Checker {
        options,
        entries: &entries,
        by_name: entries.iter().map(|e| (e.name.as_str(), e)).collect(),
        referenced: HashSet::new(),
        diags: Vec::new(),
        messages: Vec::new(),
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
                self.push(diag(
                    Code::ActeArchiveTooLarge,
                    name,
                    format!("the archive is {size} bytes; at most {max} are allowed"),
                    format!("La taille de l'archive est trop élevée, {size} octets (maximum {max} octets autorisés)"),
                ));
            }
        }
        let total: u64 = self.entries.iter().map(|e| e.size).sum();
        if total > self.options.max_total_size {
            let d = size_diagnostic(total, self.options.max_total_size, "");
            let mut d = d;
            d.location = Location::file(archive_name.unwrap_or(""));
            self.push(d);
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
                self.push(diag(
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
                    self.push(diag(
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
                self.push(diag(
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
        self.diags.extend(
            env_name
                .diagnostics
                .into_iter()
                .map(|d| d.in_file(&envelope.name)),
        );
        if envelope.index != self.entries.first().map_or(0, |e| e.index) {
            self.push(diag(
                Code::ArchCheckOrder,
                &envelope.name,
                "the envelope is not the first entry of the archive".into(),
                "l'enveloppe n'est pas la première entrée de l'archive".into(),
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
                self.push(diag(
                    Code::ArchCheckNotEnvelope,
                    &envelope.name,
                    "the envelope file does not hold an EnveloppeCLMISILL".into(),
                    "le fichier d'enveloppe ne contient pas d'EnveloppeCLMISILL".into(),
                ));
            }
            self.unlisted();
            return;
        };
        let siren = env.id_cl.siren.get().copied();
        let departement = env.id_cl.departement.get().copied();
        for (what, s) in [
            ("archive", archive.map(|a| a.envelope_name().siren())),
            ("envelope name", env_name.value.map(|e| e.siren())),
        ] {
            if let (Some(s), Some(id)) = (s, siren) {
                if s != id {
                    self.push(diag(
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
        self.referenced.insert(name.to_string());
        let Some(entry) = self.by_name.get(name).copied() else {
            self.push(diag(
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
            self.push(diag(
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
                self.push(diag(
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
                self.push(diag(
                    Code::ArchCheckSirenMismatch,
                    name,
                    format!("the message name carries SIREN {f}, but the envelope's IDCL is {s}"),
                    format!(
                        "le nom du message porte le SIREN {f}, mais l'IDCL de l'enveloppe est {s}"
                    ),
                ));
            }
        }
        let (id_acte, documents, acte) = match &m {
            Message::Acte(a) => (acte_id_of(a, departement, siren), acte_files(a), Some(a)),
            _ => {
                let id = m.id_acte().copied();
                if let Some(id) = id {
                    self.id_consistency(&id, name, siren, departement);
                    if id.date() > self.options.today {
                        // An IDActe date in the future is impossible.
                        check_not_future(
                            id.date(),
                            self.options.today,
                            "IDActe",
                            ("act date", "date de l'acte"),
                            &mut self.diags,
                        );
                    }
                }
                (id, other_files(&m), None)
            }
        };
        if let Some(a) = acte {
            self.acte(a, name);
        }
        let nature = id_acte
            .map(|i| i.nature())
            .or_else(|| acte.and_then(|a| a.code_nature.get().copied()));
        let mut act_kind = None;
        for (k, doc) in documents.iter().enumerate() {
            let role = match (acte.is_some(), k) {
                (true, 0) => Role::Act,
                (true, _) => Role::Annex,
                _ => Role::Answer,
            };
            self.referenced.insert(doc.clone());
            let Some(e) = self.by_name.get(doc.as_str()).copied() else {
                self.push(diag(
                    Code::ArchCheckDocumentMissing,
                    doc,
                    format!("{name} names {doc}, which is not in the archive"),
                    format!("{name} mentionne {doc}, absent de l'archive"),
                ));
                continue;
            };
            let matiere = acte.and_then(|a| a.matiere());
            let mut found = Vec::new();
            check_kind_at(
                &e.probe,
                role,
                nature,
                matiere.as_ref(),
                act_kind,
                "",
                &mut found,
            );
            if role == Role::Act {
                act_kind = e.probe.kind;
            }
            self.diags.extend(found.into_iter().map(|d| Diagnostic {
                location: Location::file(doc.clone()),
                ..d
            }));
            self.document_name(doc, fname.as_ref(), role, nature, k);
        }
        self.messages.push(CheckedMessage {
            name: name.to_string(),
            code: code.map(|c| c.to_string()),
            id_acte: id_acte.map(|i| i.to_string()),
            documents,
        });
    }

    fn id_consistency(
        &mut self,
        id: &ActeId,
        file: &str,
        siren: Option<Siren>,
        departement: Option<Departement>,
    ) {
        if siren.is_some_and(|s| s != id.siren())
            || departement.is_some_and(|d| d != id.departement())
        {
            self.push(diag(
                Code::ActeIdMismatch,
                file,
                format!("the IDActe {id} is not an act of the collectivité of the envelope"),
                format!("l'IDActe {id} n'est pas un acte de la collectivité de l'enveloppe"),
            ));
        }
    }

    /// The act's data against the emission profile.
    fn acte(&mut self, a: &DonneesActe, file: &str) {
        let mut found = Vec::new();
        if let Some(date) = a.date.get() {
            check_not_future(
                *date,
                self.options.today,
                "Acte/@Date",
                ("decision date", "date de décision"),
                &mut found,
            );
        }
        if let Some(n) = a.numero_interne.get() {
            found.extend(
                n.emission_diagnostics()
                    .into_iter()
                    .map(|d| d.strict().at_path("Acte/@NumeroInterne")),
            );
        }
        check_objet(&a.objet, "Acte/Objet", &mut found);
        if let Some(m) = a.matiere() {
            let class = self
                .options
                .classification
                .unwrap_or_else(|| Classification::national());
            found.extend(
                class
                    .check_for_act(&m)
                    .into_iter()
                    .map(|d| d.at_path("Acte/CodeMatiere")),
            );
        }
        if let (Some(c), Some(d)) = (
            self.options.classification,
            a.classification_date_version.get(),
        ) {
            if *d != c.date() {
                found.push(Diagnostic::new(
                    Code::ActeClassificationDateStale,
                    Location::path("Acte/ClassificationDateVersion"),
                    format!("ClassificationDateVersion {d} is not the date of the classification given ({})", c.date()),
                    format!("ClassificationDateVersion {d} n'est pas la date de la classification fournie ({})", c.date()),
                ));
            }
        }
        if matches!(a.document_papier, DocumentPapier::Absent) {
            found.push(Diagnostic::new(
                Code::ArchCheckDocumentPapierAbsent,
                Location::path("Acte/DocumentPapier"),
                "DocumentPapier is missing; the 2017 schema requires it (O or N)",
                "DocumentPapier est absent ; le schéma de 2017 l'exige (O ou N)",
            ));
        }
        self.diags
            .extend(found.into_iter().map(|d| d.in_file(file)));
    }

    /// A document's name against its message's name.
    fn document_name(
        &mut self,
        doc: &str,
        message: Option<&FileName>,
        role: Role,
        nature: Option<NatureActe>,
        k: usize,
    ) {
        let parsed = FileName::parse_diagnostics(doc);
        self.diags
            .extend(parsed.diagnostics.into_iter().map(|d| d.in_file(doc)));
        let Some(f) = parsed.value else { return };
        if let Some(m) = message {
            let same = f.departement() == m.departement()
                && f.siren() == m.siren()
                && f.numero() == m.numero()
                && f.nature() == m.nature()
                && f.message_code() == m.message_code()
                && f.date() == m.date();
            if !same {
                self.push(diag(
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
            self.push(diag(
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
        match (f.typologie(), role) {
            (None, Role::Answer) => {}
            (None, _) => self.push(diag(
                Code::ActeTypologieMissing,
                doc,
                "the document name has no typologie prefix".into(),
                "typologie absente : le nom du document n'a pas de préfixe de typologie".into(),
            )),
            (Some(t), _) => {
                if let Some(n) = nature {
                    let class = self
                        .options
                        .classification
                        .unwrap_or_else(|| Classification::national());
                    let found = class.check_typologie(n, t.as_str());
                    self.diags.extend(found.into_iter().map(|d| d.in_file(doc)));
                }
            }
        }
    }

    fn unlisted(&mut self) {
        for e in self.entries {
            if !self.referenced.contains(&e.name) {
                self.diags.push(diag(
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
            self.diags.push(diag(
                Code::ArchCheckOrder,
                &first,
                "the entries are not in the order envelope, message, act, annexes".into(),
                "les entrées ne sont pas dans l'ordre enveloppe, message, acte, annexes".into(),
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

fn acte_files(a: &DonneesActe) -> Vec<String> {
    std::iter::once(&a.document)
        .chain(a.annexes.fichiers.iter())
        .map(|f| f.nom_fichier.clone())
        .collect()
}

fn other_files(m: &Message) -> Vec<String> {
    let one = |f: &FichierSigne| vec![f.nom_fichier.clone()];
    match m {
        Message::ReponseCourrierSimple(c)
        | Message::RefusPieceComplementaire(c)
        | Message::RejetLettreObservations(c)
        | Message::ReponseLettreObservations(c) => one(&c.document),
        Message::PieceComplementaire(p) => {
            p.documents.iter().map(|f| f.nom_fichier.clone()).collect()
        }
        _ => Vec::new(),
    }
}
