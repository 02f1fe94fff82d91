//! Deliveries: the set of files the ministry sends back for one envelope.
//!
//! The MI answers by e-mail; each attachment is a file — the envelope
//! (`EnveloppeMISILLCL`), the message XML(s), the documents they name — or
//! an `AnomalieEnveloppe` named `ANO_…` when a whole envelope was refused
//! (SPEC §3.2, §11.4). Integrators get these files from a mailbox, a folder,
//! or repacked by their TdT as a tar.gz or zip. A [`Delivery`] is built from
//! any of these ([`Delivery::read`] with a container
//! [`Source`], or [`Delivery::from_attachments`]) through the one
//! container reader, with its limits and its refusal of hostile names.
//!
//! Resolution (attachment order is unreliable, so nothing depends on it):
//!
//! 1. Every `.xml` file is read; the envelope is the file whose root is
//!    `EnveloppeMISILLCL` (or `EnveloppeCLMISILL`, so that an archive built
//!    for the ministry can be read back the same way) or `AnomalieEnveloppe`.
//!    No envelope is a warning (`DELIV-NO-ENVELOPE`): every XML file is then
//!    read as a message on its own. Several are a warning too
//!    (`DELIV-SEVERAL-ENVELOPES`); each lists its own messages.
//! 2. Each message the envelope lists (`FormulairesEnvoyes/Formulaire/
//!    NomFichier`) is looked up by its exact name — never by an assumed
//!    counter such as `_0` — then ignoring case (`DELIV-NAME-CASE`); a
//!    missing one is `DELIV-MISSING-MESSAGE`, one that is not a protocol
//!    message `DELIV-UNREADABLE-MESSAGE`.
//! 3. Each message is read and checked with [`receipt::read`], with the
//!    envelope's `Destinataire/@SIREN` as the recipient.
//! 4. Each document a message names (the `NomFichier` of a letter, of a
//!    déféré's `PieceJointe`, of a 1-1's act and annexes…, but not the
//!    documents echoed by an `ARActe` or `AnomalieActe`, which stay with the
//!    collectivité) is looked up the same way; a missing one is
//!    `DELIV-MISSING-DOCUMENT`. Documents get their size and SHA-256.
//! 5. Any other file is `DELIV-UNLISTED-FILE`, except `message_body.html`,
//!    the mail body S2LOW stores beside the attachments.
//!
//! ```
//! use actes::delivery::Delivery;
//! let envelope = br#"<?xml version="1.0" encoding="ISO-8859-1"?>
//! <actes:EnveloppeMISILLCL xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
//!   xmlns:insee="http://xml.insee.fr/schema">
//!   <actes:Emetteur><actes:IDPref actes:Departement="034"/></actes:Emetteur>
//!   <actes:FormulairesEnvoyes><actes:Formulaire>
//!     <actes:NomFichier>034-491011698-20171207-X1-DE-2-1_3.xml</actes:NomFichier>
//!   </actes:Formulaire></actes:FormulairesEnvoyes>
//!   <actes:Destinataire insee:SIREN="491011698"/>
//! </actes:EnveloppeMISILLCL>"#;
//! let letter = br#"<?xml version="1.0" encoding="ISO-8859-1"?>
//! <actes:CourrierSimple xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
//!   actes:IDActe="034-491011698-20171207-X1-DE" actes:DateCourrierPref="2017-12-20">
//!   <actes:Document><actes:NomFichier>034-491011698-20171207-X1-DE-2-1_4.pdf</actes:NomFichier></actes:Document>
//! </actes:CourrierSimple>"#;
//! // Attachments in any order; the PDF is missing.
//! let d = Delivery::from_attachments(vec![
//!     ("034-491011698-20171207-X1-DE-2-1_3.xml".into(), letter.to_vec()),
//!     ("TACT--PREF034-491011698-20171220-1.xml".into(), envelope.to_vec()),
//! ]);
//! assert_eq!(d.envelope.as_ref().map(|e| e.file.as_str()), Some("TACT--PREF034-491011698-20171220-1.xml"));
//! assert_eq!(d.messages.len(), 1);
//! assert_eq!(d.messages[0].code().map(|c| c.to_string()).as_deref(), Some("2-1"));
//! let codes: Vec<&str> = d.diagnostics.iter().map(|d| d.code.as_str()).collect();
//! assert_eq!(codes, ["DELIV-MISSING-DOCUMENT"]);
//! ```

use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::container::read::{visit, ReadLimits, Source};
use crate::container::sha256_hex;
use crate::diagnostic::{has_errors, Code, Diagnostic, Location};
use crate::messages::{Message, NamedDocument};
use crate::receipt::{self, Context, Receipt};

/// The name of the mail body S2LOW stores beside the attachments.
pub const MAIL_BODY: &str = "message_body.html";

/// One file of the delivery: its name, size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DeliveryFile {
    /// The file name.
    pub name: String,
    /// The size in bytes.
    pub size: u64,
    /// The SHA-256 of the content, lower-case hexadecimal.
    pub sha256: String,
}

/// A document named by a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DeliveredDocument {
    /// The name the message gives (`NomFichier`), authoritative.
    pub name: String,
    /// The message file that names it.
    pub named_by: String,
    /// The file found, `None` when missing.
    pub file: Option<DeliveryFile>,
}

/// A delivery, read and resolved. See the [module documentation](self).
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// Where it was read from (a path, or `memory`).
    pub source: String,
    /// The envelope (or `AnomalieEnveloppe`) file, read and checked; the
    /// first one when there are several.
    pub envelope: Option<Receipt>,
    /// Other envelopes, when the delivery has several.
    pub other_envelopes: Vec<Receipt>,
    /// The messages: those the envelope lists, in its order, then any other
    /// XML file of the delivery, by name.
    pub messages: Vec<Receipt>,
    /// The documents the messages name, in message order.
    pub documents: Vec<DeliveredDocument>,
    /// Every file read, by name, with its size and SHA-256.
    pub files: Vec<DeliveryFile>,
    /// Delivery-level findings (container, missing, unlisted and unreadable
    /// files). The messages' own findings are in each [`Receipt`].
    pub diagnostics: Vec<Diagnostic>,
}

/// A file as read from the container.
struct Raw {
    file: DeliveryFile,
    /// The content of `.xml` files.
    xml: Option<Vec<u8>>,
}

fn is_xml(name: &str) -> bool {
    name.len() > 4
        && name
            .get(name.len() - 4..)
            .is_some_and(|e| e.eq_ignore_ascii_case(".xml"))
}

impl Delivery {
    /// Reads a delivery from a folder, a tar.gz, a tar or a zip (recognised
    /// by [`Source::detect`]) with the default limits. A path that cannot
    /// be read, or is none of these, gives an empty delivery with a
    /// `DELIV-UNREADABLE` or `DELIV-NOT-A-DELIVERY` diagnostic.
    pub fn read_path(path: &Path) -> Delivery {
        match Source::detect(path) {
            Ok(source) => Delivery::read(&source, &ReadLimits::default()),
            Err(e) => {
                let (code, en, fr) = if e.kind() == io::ErrorKind::InvalidData {
                    (
                        Code::DelivNotADelivery,
                        "neither a folder, a tar.gz, a tar nor a zip".to_string(),
                        "ni un dossier, ni un tar.gz, ni un tar, ni un zip".to_string(),
                    )
                } else {
                    (
                        Code::DelivUnreadable,
                        format!("cannot be read: {e}"),
                        format!(
                            "illisible : {}",
                            crate::diagnostic::io_reason(&e, crate::diagnostic::Lang::Fr)
                        ),
                    )
                };
                let label = path.display().to_string();
                Delivery {
                    source: label.clone(),
                    envelope: None,
                    other_envelopes: Vec::new(),
                    messages: Vec::new(),
                    documents: Vec::new(),
                    files: Vec::new(),
                    diagnostics: vec![Diagnostic::new(
                        code,
                        Location::file(label.clone()),
                        format!("{label}: {en}"),
                        format!("{label} : {fr}"),
                    )],
                }
            }
        }
    }

    /// Reads a delivery from in-memory attachments `(name, content)`, in
    /// any order, with the default limits.
    pub fn from_attachments(files: Vec<(String, Vec<u8>)>) -> Delivery {
        Delivery::read(&Source::Memory(files), &ReadLimits::default())
    }

    /// Reads a delivery from `source` under `limits`. `.xml` files are read
    /// into memory; other files are streamed through SHA-256.
    pub fn read(source: &Source, limits: &ReadLimits) -> Delivery {
        let mut raws: Vec<Raw> = Vec::new();
        let result = visit(source, limits, |info, content| {
            let mut hasher = Sha256::new();
            let xml_cap = crate::xml::Limits::default()
                .max_document_bytes
                .saturating_add(1);
            let mut xml = is_xml(&info.name).then(Vec::new);
            let mut size: u64 = 0;
            let mut buf = [0u8; 64 * 1024];
            loop {
                let n = content.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                let chunk = buf.get(..n).unwrap_or(&[]);
                hasher.update(chunk);
                if let Some(x) = xml.as_mut() {
                    // Keep at most one byte more than the XML reader accepts:
                    // enough for it to report XML-LIMIT-SIZE, never more.
                    let room = xml_cap.saturating_sub(x.len());
                    x.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or(&[]));
                }
                size += n as u64;
            }
            raws.push(Raw {
                file: DeliveryFile {
                    name: info.name.clone(),
                    size,
                    sha256: sha256_hex(&hasher.finalize().into()),
                },
                xml,
            });
            Ok(())
        });
        let diagnostics = match result {
            Ok(d) => d,
            Err(e) => vec![Diagnostic::new(
                Code::DelivUnreadable,
                Location::file(source.label()),
                format!("reading stopped: {e}"),
                format!(
                    "lecture interrompue : {}",
                    crate::diagnostic::io_reason(&e, crate::diagnostic::Lang::Fr)
                ),
            )],
        };
        resolve(source.label(), raws, diagnostics)
    }

    /// Whether the delivery has an error: its own diagnostics or those of a
    /// message.
    pub fn has_errors(&self) -> bool {
        has_errors(&self.diagnostics)
            || self
                .envelope
                .iter()
                .chain(&self.other_envelopes)
                .chain(&self.messages)
                .any(Receipt::has_errors)
    }

    /// Whether the delivery was read: the source and each of its entries
    /// could be read (no container error: refused name, corruption, limit),
    /// every message the envelope lists is there, and every XML file is a
    /// protocol message. Warnings, missing documents and consistency
    /// findings are allowed — this is the success criterion (exit 0) of
    /// `actes delivery read`.
    pub fn is_read(&self) -> bool {
        // Errors of the container reader (refused entries, corruption,
        // limits) mean a file could not be read.
        let blocking = self.diagnostics.iter().any(|d| {
            d.is_error()
                && (matches!(
                    d.code,
                    Code::DelivUnreadable
                        | Code::DelivNotADelivery
                        | Code::DelivNoDelivery
                        | Code::DelivUnreadableMessage
                        | Code::DelivMissingMessage
                ) || d.code.as_str().starts_with("ARCH-")
                    || d.code.as_str().starts_with("LIMIT-"))
        });
        !blocking
            && self
                .envelope
                .iter()
                .chain(&self.other_envelopes)
                .chain(&self.messages)
                .all(Receipt::is_read)
    }
}

/// Finds `name` among the files: exactly, else ignoring case (with a
/// warning).
fn find(files: &[Raw], name: &str, diags: &mut Vec<Diagnostic>, by: &str) -> Option<usize> {
    let name = name.trim();
    if let Some(i) = files.iter().position(|r| r.file.name == name) {
        return Some(i);
    }
    let i = files
        .iter()
        .position(|r| r.file.name.eq_ignore_ascii_case(name))?;
    let found = files
        .get(i)
        .map(|r| r.file.name.clone())
        .unwrap_or_default();
    diags.push(Diagnostic::new(
        Code::DelivNameCase,
        Location::file(found.clone()).with_path(by.to_string()),
        format!("{name} is listed; found {found}"),
        format!("{name} est listé ; trouvé {found}"),
    ));
    Some(i)
}

/// The names an envelope lists, and the recipient it gives.
fn envelope_listing(m: &Message) -> Option<(Vec<String>, Context)> {
    match m {
        Message::EnveloppeMISILLCL(e) => Some((
            e.formulaires
                .iter()
                .map(|f| f.nom_fichier.trim().to_string())
                .collect(),
            Context {
                recipient: e.destinataire.value,
                ..Context::default()
            },
        )),
        Message::EnveloppeCLMISILL(e) => Some((
            e.formulaires
                .iter()
                .map(|f| f.nom_fichier.trim().to_string())
                .collect(),
            Context {
                recipient: e.id_cl.siren.value,
                ..Context::default()
            },
        )),
        // The AnomalieEnveloppe lists the messages of the refused envelope,
        // which stay with the collectivité.
        Message::AnomalieEnveloppe(_) => Some((Vec::new(), Context::default())),
        _ => None,
    }
}

fn resolve(source: String, mut raws: Vec<Raw>, mut diags: Vec<Diagnostic>) -> Delivery {
    // Attachment order is unreliable: work in name order.
    raws.sort_by(|a, b| a.file.name.cmp(&b.file.name));
    let mut used = vec![false; raws.len()];
    // Parse every XML file once.
    let parsed: Vec<Option<Message>> = raws
        .iter()
        .map(|r| r.xml.as_ref().and_then(|b| Message::parse(b).value))
        .collect();
    let envelope_indices: Vec<usize> = parsed
        .iter()
        .enumerate()
        .filter(|(_, m)| m.as_ref().is_some_and(Message::is_envelope))
        .map(|(i, _)| i)
        .collect();
    if raws.iter().all(|r| r.xml.is_none()) {
        // Nothing of the protocol: an empty folder, or only a mail body or
        // a reminder (S2LOW's "mail-suite-multicanal").
        let files: Vec<&str> = raws.iter().map(|r| r.file.name.as_str()).collect();
        let (en, fr) = if files.is_empty() {
            ("it is empty".to_string(), "il est vide".to_string())
        } else {
            (
                format!("it holds only {}", files.join(", ")),
                format!("il ne contient que {}", files.join(", ")),
            )
        };
        diags.push(Diagnostic::new(
            Code::DelivNoDelivery,
            Location::file(source.clone()),
            format!("no delivery here: no envelope and no message file (.xml); {en}"),
            format!("aucune livraison ici : ni enveloppe ni fichier de message (.xml) ; {fr}"),
        ));
    } else if envelope_indices.is_empty() {
        diags.push(Diagnostic::new(
            Code::DelivNoEnvelope,
            Location::file(source.clone()),
            "no envelope (EnveloppeMISILLCL or AnomalieEnveloppe) in the delivery; its messages are read on their own",
            "aucune enveloppe (EnveloppeMISILLCL ou AnomalieEnveloppe) dans la livraison ; ses messages sont lus seuls",
        ));
    } else if envelope_indices.len() > 1 {
        let names: Vec<&str> = envelope_indices
            .iter()
            .filter_map(|&i| raws.get(i).map(|r| r.file.name.as_str()))
            .collect();
        diags.push(Diagnostic::new(
            Code::DelivSeveralEnvelopes,
            Location::file(source.clone()),
            format!("{} envelopes: {}", names.len(), names.join(", ")),
            format!("{} enveloppes : {}", names.len(), names.join(", ")),
        ));
    }
    let read_at = |i: usize, ctx: &Context| -> Option<Receipt> {
        let r = raws.get(i)?;
        Some(receipt::read(
            &r.file.name,
            r.xml.as_deref().unwrap_or(&[]),
            ctx,
        ))
    };
    let mut envelopes = Vec::new();
    let mut messages: Vec<Receipt> = Vec::new();
    for &ei in &envelope_indices {
        let Some(Some(envelope)) = parsed.get(ei) else {
            continue;
        };
        if let Some(slot) = used.get_mut(ei) {
            *slot = true;
        }
        let env_name = raws
            .get(ei)
            .map(|r| r.file.name.clone())
            .unwrap_or_default();
        if let Some(r) = read_at(ei, &Context::default()) {
            envelopes.push(r);
        }
        let Some((listed, ctx)) = envelope_listing(envelope) else {
            continue;
        };
        for name in listed {
            match find(&raws, &name, &mut diags, &env_name) {
                Some(i) => {
                    if used.get(i).copied().unwrap_or(true) {
                        continue;
                    }
                    if let Some(slot) = used.get_mut(i) {
                        *slot = true;
                    }
                    if let Some(r) = read_at(i, &ctx) {
                        messages.push(r);
                    }
                }
                None => diags.push(Diagnostic::new(
                    Code::DelivMissingMessage,
                    Location::file(name.clone())
                        .with_path("FormulairesEnvoyes/Formulaire/NomFichier"),
                    format!("the message {name} listed by the envelope {env_name} is not in the delivery"),
                    format!("le message {name} listé par l'enveloppe {env_name} est absent de la livraison"),
                )),
            }
        }
    }
    // Other XML files that are messages: read on their own.
    for (i, m) in parsed.iter().enumerate() {
        if used.get(i).copied().unwrap_or(true) {
            continue;
        }
        if m.as_ref().is_some_and(|m| !m.is_envelope()) {
            if let Some(slot) = used.get_mut(i) {
                *slot = true;
            }
            let name = raws.get(i).map(|r| r.file.name.clone()).unwrap_or_default();
            if !envelope_indices.is_empty() {
                diags.push(Diagnostic::new(
                    Code::DelivUnlistedFile,
                    Location::file(name.clone()),
                    format!("the message {name} is not listed by the envelope; read on its own"),
                    format!("le message {name} n'est pas listé par l'enveloppe ; lu seul"),
                ));
            }
            if let Some(r) = read_at(i, &Context::default()) {
                messages.push(r);
            }
        }
    }
    // The documents the messages name.
    let mut documents = Vec::new();
    for r in &messages {
        let Some(m) = &r.message else {
            continue;
        };
        for NamedDocument { file: f, path } in m.documents() {
            let name = f.nom_fichier.trim().to_string();
            if name.is_empty() {
                continue;
            }
            let found = find(&raws, &name, &mut diags, &path);
            if let Some(i) = found {
                if let Some(slot) = used.get_mut(i) {
                    *slot = true;
                }
            } else {
                diags.push(Diagnostic::new(
                    Code::DelivMissingDocument,
                    Location::file(r.file.clone()).with_path(path.clone()),
                    format!(
                        "the document {name} named by {} is not in the delivery",
                        r.file
                    ),
                    format!(
                        "le document {name} nommé par {} est absent de la livraison",
                        r.file
                    ),
                ));
            }
            documents.push(DeliveredDocument {
                name,
                named_by: r.file.clone(),
                file: found.and_then(|i| raws.get(i)).map(|x| x.file.clone()),
            });
        }
    }
    // Listed messages that are not protocol messages, and files left over.
    for r in &messages {
        if !r.is_read() {
            diags.push(Diagnostic::new(
                Code::DelivUnreadableMessage,
                Location::file(r.file.clone()),
                format!("{} is not a readable protocol message", r.file),
                format!("{} n'est pas un message du protocole lisible", r.file),
            ));
        }
    }
    for (i, r) in raws.iter().enumerate() {
        if used.get(i).copied().unwrap_or(true) || r.file.name == MAIL_BODY {
            continue;
        }
        if let Some(xml) = r.xml.as_deref() {
            // An XML file that is not a message of the protocol (or a 7-2
            // classification, which `receipt::read` reads too).
            let rec = receipt::read(&r.file.name, xml, &Context::default());
            if rec.is_read() {
                if !envelope_indices.is_empty() {
                    diags.push(Diagnostic::new(
                        Code::DelivUnlistedFile,
                        Location::file(r.file.name.clone()),
                        format!(
                            "{} is not listed by the envelope; read on its own",
                            r.file.name
                        ),
                        format!("{} n'est pas listé par l'enveloppe ; lu seul", r.file.name),
                    ));
                }
            } else {
                diags.push(Diagnostic::new(
                    Code::DelivUnreadableMessage,
                    Location::file(r.file.name.clone()),
                    format!("{} is not a readable protocol message", r.file.name),
                    format!("{} n'est pas un message du protocole lisible", r.file.name),
                ));
            }
            messages.push(rec);
            continue;
        }
        diags.push(Diagnostic::new(
            Code::DelivUnlistedFile,
            Location::file(r.file.name.clone()),
            format!(
                "{} is neither listed by the envelope nor named by a message",
                r.file.name
            ),
            format!(
                "{} n'est ni listé par l'enveloppe ni nommé par un message",
                r.file.name
            ),
        ));
    }
    let mut envelopes = envelopes.into_iter();
    Delivery {
        source,
        envelope: envelopes.next(),
        other_envelopes: envelopes.collect(),
        messages,
        documents,
        files: raws.into_iter().map(|r| r.file).collect(),
        diagnostics: diags,
    }
}
