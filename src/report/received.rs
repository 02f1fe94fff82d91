//! `receipt read` and `delivery read`.

use std::path::Path;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use super::Diagnostics;
use crate::container::read::{ReadLimits, Source};
use crate::delivery::{Delivery, DeliveryFile};
use crate::diagnostic::{Diagnostic, Lang};
use crate::ids::Siren;
use crate::messages::Message;
use crate::receipt::{self, Context, Receipt};
use crate::transaction::{act_fields, Acts, EventContext, Transaction, TransactionEvent};

/// One received file, as printed by `actes receipt read --json` (one line)
/// and inside `actes delivery read --json`
/// (`schemas/receipt-read.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiptReport {
    /// The file name, as given.
    pub file: String,
    /// The message code (`1-2`); `null` for an envelope or an unreadable file.
    pub code: Option<String>,
    /// The root element (`ARActe`); `null` when not a protocol message.
    pub root: Option<String>,
    /// `id_acte`, `date_reception`, `acte`, `anomalie` (`null` when the
    /// message has none) and the fields of the message type (its serde
    /// form, [`Message::fields`]), in key order.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
    /// The act the message concerns, as far as the files read tell:
    /// `state` (a [`State`](crate::transaction::State) token),
    /// `acknowledged_on` and `window_end` (`YYYY-MM-DD`); each `null` when
    /// unknown (see [`act_fields`]).
    #[serde(flatten)]
    pub act: Map<String, Value>,
    /// Every finding: the parser's, then the consistency checks'.
    pub diagnostics: Diagnostics,
}

/// The event of a received message (none for an envelope or a file that is
/// not a message), `siren` the collectivité's when known.
fn event_of(r: &Receipt, siren: Option<String>) -> Option<TransactionEvent> {
    let ctx = EventContext {
        source: Some(r.file.clone()),
        siren,
        sent_on: None,
    };
    TransactionEvent::from_message(r.message.as_ref()?, &ctx).ok()
}

/// [`act_fields`] of the act `event` concerns among `acts`.
fn act_of(acts: &Acts, event: Option<&TransactionEvent>) -> Map<String, Value> {
    act_fields(event.and_then(|e| acts.find(&e.key)))
}

impl ReceiptReport {
    /// The document of a receipt.
    pub fn new(r: &Receipt, lang: Lang) -> Self {
        let mut fields: Map<String, Value> = ["id_acte", "date_reception", "acte", "anomalie"]
            .into_iter()
            .map(|key| (key.to_string(), Value::Null))
            .collect();
        if let Some(Ok(Value::Object(m))) =
            r.message.as_ref().map(|m| serde_json::to_value(m.fields()))
        {
            fields.extend(m);
        }
        ReceiptReport {
            file: r.file.clone(),
            code: r.code().map(|c| c.to_string()),
            root: r.root().map(str::to_string),
            fields,
            act: {
                let event = event_of(r, None);
                let acts = Acts::from_events(event.iter().cloned().collect());
                act_of(&acts, event.as_ref())
            },
            diagnostics: Diagnostics::new(lang, r.diagnostics.clone()),
        }
    }

    /// The document of a file that could not be read at all (`diagnostic`
    /// says why), with the same keys as any other.
    #[must_use]
    pub fn unreadable(file: &str, diagnostic: Diagnostic, lang: Lang) -> Self {
        let r = Receipt {
            file: file.to_string(),
            message: None,
            diagnostics: vec![diagnostic],
        };
        ReceiptReport::new(&r, lang)
    }

    /// Whether the file was read as a protocol message.
    #[must_use]
    pub fn is_read(&self) -> bool {
        self.root.is_some()
    }
}

/// Reads one received file (`bytes`, named `file`) and checks it against
/// `context` (the recipient's SIREN, the act expected, what was sent).
///
/// ```
/// use actes::diagnostic::Lang;
/// use actes::receipt::Context;
/// let r = actes::report::receipt_read("x.xml", b"not xml", &Context::default(), Lang::Fr);
/// assert!(!r.is_read());
/// assert!(!r.diagnostics.is_empty());
/// ```
#[must_use]
pub fn receipt_read(file: &str, bytes: &[u8], context: &Context, lang: Lang) -> ReceiptReport {
    ReceiptReport::new(&receipt::read(file, bytes, context), lang)
}

/// The recipients an MI envelope (EnveloppeMISILLCL) names: for each file
/// it lists, the file name and the `Destinataire/@SIREN`. Empty for any
/// other content. Give the SIREN as [`Context::recipient`] when reading
/// that file.
#[must_use]
pub fn envelope_recipients(bytes: &[u8]) -> Vec<(String, Siren)> {
    // Cheap test first: only an envelope is parsed.
    if !bytes.windows(17).any(|w| w == b"EnveloppeMISILLCL") {
        return Vec::new();
    }
    match Message::parse(bytes).value {
        Some(Message::EnveloppeMISILLCL(e)) => match e.destinataire.value {
            Some(s) => e
                .formulaires
                .iter()
                .map(|f| (f.nom_fichier.trim().to_string(), s))
                .collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// A received file serializes as its document ([`ReceiptReport`]) with
/// `message` in English.
impl Serialize for Receipt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ReceiptReport::new(self, Lang::En).serialize(s)
    }
}

impl Receipt {
    /// The document of this file as a JSON value (see [`ReceiptReport`]):
    /// `file`, `code`, `root`, `id_acte`, `date_reception`, `acte`,
    /// `anomalie` (each `null` when the message has none), the fields of
    /// the message type, and `diagnostics`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// A document a delivered message names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryDocument {
    /// The name given by the message (`NomFichier`).
    pub name: String,
    /// The message file that names it.
    pub named_by: String,
    /// The file found for it; `null` when missing.
    pub found: Option<String>,
    /// Its size in bytes.
    pub size: Option<u64>,
    /// Its SHA-256.
    pub sha256: Option<String>,
}

/// The document of `actes delivery read --json`
/// (`schemas/delivery-read.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeliveryReport {
    /// What was read (a path, or `memory`).
    pub source: String,
    /// The envelope, when found.
    pub envelope: Option<ReceiptReport>,
    /// Other envelopes found.
    pub other_envelopes: Vec<ReceiptReport>,
    /// The messages the envelope lists, read and checked.
    pub messages: Vec<ReceiptReport>,
    /// The documents the messages name.
    pub documents: Vec<DeliveryDocument>,
    /// Every file of the delivery with its size and SHA-256.
    pub files: Vec<DeliveryFile>,
    /// The act the delivery concerns (see [`Transaction::from_delivery`]):
    /// `state`, `acknowledged_on`, `window_end`, as in each message's
    /// document; each `null` when unknown.
    #[serde(flatten)]
    pub act: Map<String, Value>,
    /// Delivery-level findings (missing, unlisted, unreadable files).
    pub diagnostics: Diagnostics,
    /// Whether the delivery and every XML file in it were read.
    #[serde(skip)]
    pub read: bool,
}

impl DeliveryReport {
    /// The document of a delivery.
    #[must_use]
    pub fn new(d: &Delivery, lang: Lang) -> Self {
        // Every message read with the collectivité's SIREN the envelope
        // names, grouped by act: each message's document tells its act.
        let siren = d.envelope.as_ref().and_then(|e| match &e.message {
            Some(Message::EnveloppeMISILLCL(env)) => env.destinataire.value.map(|s| s.to_string()),
            _ => None,
        });
        let events: Vec<Option<TransactionEvent>> = d
            .messages
            .iter()
            .map(|r| event_of(r, siren.clone()))
            .collect();
        let acts = Acts::from_events(events.iter().flatten().cloned().collect());
        let messages = d
            .messages
            .iter()
            .zip(&events)
            .map(|(r, e)| ReceiptReport {
                act: act_of(&acts, e.as_ref()),
                ..ReceiptReport::new(r, lang)
            })
            .collect();
        let receipts = |v: &[Receipt]| v.iter().map(|r| ReceiptReport::new(r, lang)).collect();
        DeliveryReport {
            source: d.source.clone(),
            envelope: d.envelope.as_ref().map(|e| ReceiptReport::new(e, lang)),
            other_envelopes: receipts(&d.other_envelopes),
            messages,
            documents: d
                .documents
                .iter()
                .map(|doc| DeliveryDocument {
                    name: doc.name.clone(),
                    named_by: doc.named_by.clone(),
                    found: doc.file.as_ref().map(|f| f.name.clone()),
                    size: doc.file.as_ref().map(|f| f.size),
                    sha256: doc.file.as_ref().map(|f| f.sha256.clone()),
                })
                .collect(),
            files: d.files.clone(),
            act: act_fields(Transaction::from_delivery(d).ok().as_ref()),
            diagnostics: Diagnostics::new(lang, d.diagnostics.clone()),
            read: d.is_read(),
        }
    }

    /// Whether any diagnostic of the delivery or of one of its files is an
    /// error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
            || self
                .envelope
                .iter()
                .chain(&self.other_envelopes)
                .chain(&self.messages)
                .any(|r| r.diagnostics.has_errors())
    }
}

/// A delivery serializes as its document ([`DeliveryReport`]) with
/// `message` in English.
impl Serialize for Delivery {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DeliveryReport::new(self, Lang::En).serialize(s)
    }
}

impl Delivery {
    /// The document of this delivery as a JSON value (see
    /// [`DeliveryReport`]): `source`, `envelope`, `other_envelopes`,
    /// `messages` (each as [`Receipt::to_json`]), `documents`, `files` and
    /// the delivery-level `diagnostics`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Reads a delivery at `path`: a folder of e-mail attachments, or a tar.gz,
/// tar or zip of them, under the container reader's default limits.
#[must_use]
pub fn delivery_read(path: &Path, lang: Lang) -> DeliveryReport {
    DeliveryReport::new(&Delivery::read_path(path), lang)
}

/// Reads a delivery from any container source, e.g.
/// `Source::Memory(attachments)` for files already in memory.
#[must_use]
pub fn delivery_read_source(source: &Source, limits: &ReadLimits, lang: Lang) -> DeliveryReport {
    DeliveryReport::new(&Delivery::read(source, limits), lang)
}
