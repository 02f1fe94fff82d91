//! What the files of a bundle say: roles, the act, its history and state.
//! Shared by creation and verification, so that both compute the same
//! manifest from the same files.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use super::{sha256_of, ActSummary, FileEntry, HistoryItem, NamedFile, Role, MANIFEST_NAME};
use crate::delivery::Delivery;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ids::{ActeId, ActeKey, KeyMatch, Yyyymmdd};
use crate::messages::{DonneesActe, EnveloppeCLMISILL, Message};
use crate::naming::EnvelopeName;
use crate::receipt::{self, Context};
use crate::transaction::{EventContext, Transaction, TransactionEvent};

/// The result of [`analyse`].
pub(crate) struct Analysis {
    /// Every file, by name.
    pub files: Vec<FileEntry>,
    pub act: ActSummary,
    pub history: Vec<HistoryItem>,
    /// Problems that refuse the bundle (creation) or make it inconsistent
    /// (verification).
    pub refusals: Vec<Diagnostic>,
    /// Findings that do not, as warnings.
    pub findings: Vec<Diagnostic>,
}

/// `BUNDLE-NAME`: names that cannot live side by side in a flat zip, or
/// that the container reader would refuse.
pub(crate) fn check_names<'a>(files: impl Iterator<Item = &'a NamedFile>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    seen.insert(MANIFEST_NAME.to_string());
    for (name, _) in files {
        let unsafe_name = name.is_empty()
            || name.len() > 255
            || name == "."
            || name == ".."
            || name.contains(['/', '\\'])
            || name.chars().any(char::is_control);
        if unsafe_name {
            out.push(Diagnostic::on_file(
                Code::BundleName,
                name,
                format!("{name:?} is not a safe flat file name"),
                format!("{name:?} n'est pas un nom de fichier sûr et sans dossier"),
            ));
        } else if !seen.insert(name.to_lowercase()) {
            out.push(Diagnostic::on_file(
                Code::BundleName,
                name,
                format!("{name}: another file of the bundle has this name (ignoring case), or it is reserved"),
                format!("{name} : un autre fichier du dossier de preuve porte ce nom (casse ignorée), ou il est réservé"),
            ));
        }
    }
    out
}

/// Splits the members of a bundle into the files of the transmitted
/// archive and the received files, from their content: the
/// `EnveloppeCLMISILL`, the messages it lists and the documents a listed
/// 1-1 names are sent; everything else was received.
pub(crate) fn split(members: Vec<NamedFile>) -> (Vec<NamedFile>, Vec<NamedFile>) {
    let parsed: Vec<Option<Message>> = members.iter().map(|(_, b)| parse(b)).collect();
    let mut sent_names: HashSet<String> = HashSet::new();
    for ((name, _), m) in members.iter().zip(&parsed) {
        if let Some(Message::EnveloppeCLMISILL(env)) = m {
            sent_names.insert(name.clone());
            for f in &env.formulaires {
                sent_names.insert(f.nom_fichier.trim().to_string());
            }
        }
    }
    for ((name, _), m) in members.iter().zip(&parsed) {
        if let Some(Message::Acte(acte)) = m {
            if sent_names.contains(name) {
                for d in documents_of(acte) {
                    sent_names.insert(d);
                }
            }
        }
    }
    members
        .into_iter()
        .partition(|(name, _)| sent_names.contains(name))
}

/// A key in words: its IDActe, else its SIREN and numéro, else its envelope.
fn parse(bytes: &[u8]) -> Option<Message> {
    Message::parse(bytes).value
}

fn documents_of(acte: &DonneesActe) -> Vec<String> {
    std::iter::once(&acte.document)
        .chain(&acte.annexes.fichiers)
        .map(|f| f.nom_fichier.trim().to_string())
        .collect()
}

fn entry(name: &str, bytes: &[u8], role: Role, message: Option<&Message>) -> FileEntry {
    FileEntry {
        name: name.to_string(),
        role,
        size: bytes.len() as u64,
        sha256: sha256_of(bytes),
        code: message.and_then(Message::code),
        root: message.map(|m| m.root_name().to_string()),
    }
}

/// The sent side, once identified.
struct Sent<'a> {
    envelope_name: &'a str,
    envelope: EnveloppeCLMISILL,
    message_name: &'a str,
    acte: DonneesActe,
    id_acte: String,
    nature: String,
    decision_date: NaiveDate,
}

fn not_act(file: &str, en: String, fr: String) -> Vec<Diagnostic> {
    vec![Diagnostic::on_file(Code::BundleArchiveNotAct, file, en, fr)]
}

/// Finds the envelope, the 1-1 and the IDActe among the sent files.
fn identify(sent: &[NamedFile]) -> Result<Sent<'_>, Vec<Diagnostic>> {
    let parsed: Vec<(&str, Option<Message>)> =
        sent.iter().map(|(n, b)| (n.as_str(), parse(b))).collect();
    let envelopes: Vec<(&str, &EnveloppeCLMISILL)> = parsed
        .iter()
        .filter_map(|(n, m)| match m {
            Some(Message::EnveloppeCLMISILL(e)) => Some((*n, e)),
            _ => None,
        })
        .collect();
    let [(envelope_name, envelope)] = envelopes.as_slice() else {
        return Err(not_act(
            "archive",
            format!(
                "the archive has {} EnveloppeCLMISILL, not one",
                envelopes.len()
            ),
            format!("l'archive a {} EnveloppeCLMISILL, pas une", envelopes.len()),
        ));
    };
    let [listed] = envelope.formulaires.as_slice() else {
        return Err(not_act(
            envelope_name,
            format!(
                "the envelope lists {} messages, not one 1-1",
                envelope.formulaires.len()
            ),
            format!(
                "l'enveloppe liste {} messages, pas un 1-1",
                envelope.formulaires.len()
            ),
        ));
    };
    let listed = listed.nom_fichier.trim();
    let Some((message_name, Some(Message::Acte(acte)))) = parsed.iter().find(|(n, _)| *n == listed)
    else {
        return Err(not_act(
            listed,
            format!("the message {listed} listed by the envelope is missing or is not a 1-1 Acte"),
            format!(
                "le message {listed} listé par l'enveloppe est absent ou n'est pas un 1-1 Acte"
            ),
        ));
    };
    let (Some(date), Some(nature)) = (acte.date.value, acte.code_nature.value) else {
        return Err(not_act(
            message_name,
            "the 1-1 has no valid Date or CodeNatureActe: the IDActe cannot be known".into(),
            "le 1-1 n'a pas de Date ou de CodeNatureActe valide : l'IDActe ne peut être connu"
                .into(),
        ));
    };
    let id_acte = format!(
        "{}-{}-{}-{}-{}",
        envelope.id_cl.departement.raw.trim(),
        envelope.id_cl.siren.raw.trim(),
        Yyyymmdd(date),
        acte.numero_interne.raw.trim(),
        nature.abbr()
    );
    Ok(Sent {
        envelope_name,
        envelope: (*envelope).clone(),
        message_name,
        acte: acte.clone(),
        id_acte,
        nature: nature.abbr().to_string(),
        decision_date: date,
    })
}

/// Analyses the sent and received files. `Err` when the sent files do not
/// carry one act (nothing else can be computed).
pub(crate) fn analyse(
    sent: &[NamedFile],
    received: &[NamedFile],
    today: Option<NaiveDate>,
) -> Result<Analysis, Vec<Diagnostic>> {
    let s = identify(sent)?;
    let mut refusals = Vec::new();
    let mut findings = Vec::new();
    let mut files: BTreeMap<String, FileEntry> = BTreeMap::new();

    // ---- sent
    let documents = documents_of(&s.acte);
    for (name, bytes) in sent {
        let m = parse(bytes);
        let role = if name == s.envelope_name {
            Role::Envelope
        } else if name == s.message_name {
            Role::Message
        } else if documents.first() == Some(name) {
            Role::Act
        } else if documents.contains(name) {
            Role::Annex
        } else {
            refusals.push(Diagnostic::on_file(
                Code::BundleArchiveUnexpected,
                name,
                format!("{name} is in the archive but neither its envelope, its message nor a document the message names"),
                format!("{name} est dans l'archive mais n'est ni l'enveloppe, ni le message, ni un document nommé par le message"),
            ));
            continue;
        };
        let m = m.filter(|_| matches!(role, Role::Envelope | Role::Message));
        files.insert(name.clone(), entry(name, bytes, role, m.as_ref()));
    }
    for d in &documents {
        if !sent.iter().any(|(n, _)| n == d) {
            refusals.push(Diagnostic::on_file(
                Code::BundleSentMissing,
                d,
                format!("{d}, named by the 1-1, is not in the archive"),
                format!("{d}, nommé par le 1-1, est absent de l'archive"),
            ));
        }
    }

    // ---- the transaction
    let siren = s.envelope.id_cl.siren.raw.trim().to_string();
    let key = ActeKey::from_id_acte(&s.id_acte).with_envelope(s.envelope_name);
    let mut txn = Transaction::new(key.clone());
    let sent_on = EnvelopeName::parse_diagnostics(s.envelope_name)
        .value
        .map(|e| e.date());
    txn.push_message(
        &Message::Acte(s.acte.clone()),
        &EventContext {
            source: Some(s.message_name.to_string()),
            siren: Some(siren.clone()),
            sent_on,
        },
    );

    // ---- received
    let context = Context {
        recipient: s.envelope.id_cl.siren.value,
        expected: ActeId::parse_diagnostics(&s.id_acte).value,
        sent: Some(s.acte.clone()),
        today,
    };
    let parsed: Vec<Option<Message>> = received.iter().map(|(_, b)| parse(b)).collect();
    // Documents named by the received messages (letters, déférés…).
    let named = Delivery::from_attachments(
        received
            .iter()
            .zip(&parsed)
            .filter(|(_, m)| m.is_some())
            .map(|((n, b), _)| (n.clone(), b.clone()))
            .collect(),
    );
    let named: HashSet<&str> = named.documents.iter().map(|d| d.name.as_str()).collect();
    for ((name, bytes), m) in received.iter().zip(&parsed) {
        let Some(m) = m else {
            if named.contains(name.as_str()) {
                files.insert(
                    name.clone(),
                    entry(name, bytes, Role::ReceivedDocument, None),
                );
            } else {
                refusals.push(Diagnostic::on_file(
                    Code::BundleReceiptUnreadable,
                    name,
                    format!("{name} is neither a protocol message nor a document named by a received message"),
                    format!("{name} n'est ni un message du protocole ni un document nommé par un message reçu"),
                ));
            }
            continue;
        };
        let other =
            |en: String, fr: String| Diagnostic::on_file(Code::BundleOtherAct, name, en, fr);
        match m {
            Message::EnveloppeMISILLCL(env) => {
                if env.destinataire.raw.trim() != siren {
                    refusals.push(other(
                        format!("{name} is addressed to SIREN {}, not to the collectivité that sent the act ({siren})", env.destinataire.raw.trim()),
                        format!("{name} est adressé au SIREN {}, pas à la collectivité qui a transmis l'acte ({siren})", env.destinataire.raw.trim()),
                    ));
                    continue;
                }
                files.insert(
                    name.clone(),
                    entry(name, bytes, Role::ReceivedEnvelope, Some(m)),
                );
                continue;
            }
            Message::AnomalieEnveloppe(_) => {}
            _ => {
                let r = receipt::read(name, bytes, &context);
                let about_other = r.diagnostics.iter().any(|d| {
                    matches!(d.code, Code::RcptOtherAct | Code::RcptIdSiren)
                        && d.severity == Severity::Error
                });
                if about_other {
                    refusals.push(other(
                        format!(
                            "{name} is about another act than {}; it is not bundled",
                            s.id_acte
                        ),
                        format!(
                            "{name} concerne un autre acte que {} ; il n'est pas mis dans le dossier de preuve",
                            s.id_acte
                        ),
                    ));
                    refusals.extend(r.diagnostics);
                    continue;
                }
                findings.extend(r.diagnostics);
            }
        }
        let ctx = EventContext {
            source: Some(name.clone()),
            siren: Some(siren.clone()),
            sent_on: None,
        };
        let not_step = |detail: String| {
            Diagnostic::on_file(
                Code::BundleReceiptNotStep,
                name,
                format!("{name} ({}) is not a step of the act's life sent by the ministry{detail}", m.root_name()),
                format!("{name} ({}) n'est pas une étape de la vie de l'acte envoyée par le ministère{detail}", m.root_name()),
            )
        };
        match TransactionEvent::from_message(m, &ctx) {
            Ok(event) if !event.kind.is_from_ministry() => {
                refusals.push(not_step(String::new()));
            }
            Ok(event) if key.matches(&event.key) == KeyMatch::None => {
                refusals.push(other(
                    format!("{name} is about another act ({}) than {}; it is not bundled", event.key.describe(), s.id_acte),
                    format!("{name} concerne un autre acte ({}) que {} ; il n'est pas mis dans le dossier de preuve", event.key.describe(), s.id_acte),
                ));
            }
            Ok(event) => {
                txn.push(event);
                files.insert(name.clone(), entry(name, bytes, Role::Receipt, Some(m)));
            }
            Err(invalid) => {
                let detail = invalid
                    .diagnostics
                    .first()
                    .map(|d| format!(" ({})", d.code))
                    .unwrap_or_default();
                refusals.push(not_step(detail));
                refusals.extend(invalid.diagnostics);
            }
        }
    }
    findings.extend(txn.diagnostics().iter().cloned());
    let findings = findings
        .into_iter()
        .map(|d| d.with_severity(Severity::Warning))
        .collect();

    let act = ActSummary {
        id_acte: s.id_acte.clone(),
        nature: s.nature.clone(),
        objet: s.acte.objet.trim().to_string(),
        decision_date: s.decision_date,
        sent_on,
        reception_date: txn.acknowledged_on(),
        window_end: txn.window().and_then(|w| w.end()),
        state: txn.state().token(),
    };
    let history = txn
        .history()
        .iter()
        .map(|h| HistoryItem {
            date: h.date(),
            code: h.code(),
            message: h.event.kind.root_element().to_string(),
            file: h.event.source.clone(),
            state: h.state.token(),
        })
        .collect();
    Ok(Analysis {
        files: files.into_values().collect(),
        act,
        history,
        refusals,
        findings,
    })
}
