//! `receipt read` and `delivery read`.

use std::io::{self, Write};
use std::path::Path;
use std::sync::OnceLock;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use super::json_bytes;
use super::sorted::{self, Form};
use super::Diagnostics;
use crate::container::read::{ReadLimits, Source};
use crate::delivery::{Delivery, DeliveryFile};
use crate::diagnostic::{Diagnostic, Lang};
use crate::ids::{MessageCode, Siren};
use crate::messages::Message;
use crate::receipt::{self, Context, Receipt};
use crate::transaction::{ActFields, Acts, EventContext, Transaction, TransactionEvent};

/// One received file, as printed by `actes receipt read --json` (one line)
/// and inside `actes delivery read --json`
/// (`schemas/receipt-read.schema.json`).
///
/// It serializes as `file`, `code`, `root`, then the message's fields
/// ([`ReceiptReport::fields`]: `id_acte`, `date_reception`, `acte`,
/// `anomalie`, `null` when the message has none, and the fields of the
/// message type, in key order), then the act's fields ([`ActFields`]) and
/// `diagnostics`. [`ReceiptReport::write_json_line`] writes the same bytes
/// as `serde_json` without building the fields' JSON value.
#[derive(Debug, Clone)]
pub struct ReceiptReport {
    /// The file name, as given.
    pub file: String,
    /// The message, when the file is a protocol message or envelope.
    pub message: Option<Message>,
    /// The act ([`ReceiptReport::act`]): given (a message of a delivery),
    /// or that of the message alone, found when first asked for (the
    /// text summary does not show it).
    act: OnceLock<ActFields>,
    /// Every finding: the parser's, then the consistency checks'.
    pub diagnostics: Diagnostics,
}

impl PartialEq for ReceiptReport {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file
            && self.message == other.message
            && self.diagnostics == other.diagnostics
            && self.act() == other.act()
    }
}

/// The keys every document has, `null` when the message has none.
const ALWAYS: [&str; 4] = ["id_acte", "date_reception", "acte", "anomalie"];

/// The event of a received message (none for an envelope or a file that is
/// not a message), `siren` the collectivité's when known.
fn event_of(r: &Receipt, siren: Option<String>) -> Option<TransactionEvent> {
    message_event(&r.file, r.message.as_ref()?, siren)
}

/// The event of `message`, read from `file`.
fn message_event(file: &str, message: &Message, siren: Option<String>) -> Option<TransactionEvent> {
    let ctx = EventContext {
        source: Some(file.to_string()),
        siren,
        sent_on: None,
    };
    TransactionEvent::from_message(message, &ctx).ok()
}

/// The act of a message read alone: the transaction of its one event.
fn act_alone(file: &str, message: Option<&Message>) -> ActFields {
    ActFields::of(
        message
            .and_then(|m| message_event(file, m, None))
            .and_then(Transaction::of_event)
            .as_ref(),
    )
}

/// [`ActFields`] of the act `event` concerns among `acts`.
fn act_of(acts: &Acts, event: Option<&TransactionEvent>) -> ActFields {
    ActFields::of(event.and_then(|e| acts.find(&e.key)))
}

/// The document's shape for any serializer: `fields` and `act` flattened.
#[derive(Serialize)]
struct Document<'a> {
    file: &'a str,
    code: Option<String>,
    root: Option<&'static str>,
    #[serde(flatten)]
    fields: Map<String, Value>,
    #[serde(flatten)]
    act: &'a ActFields,
    diagnostics: &'a Diagnostics,
}

impl Serialize for ReceiptReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Document {
            file: &self.file,
            code: self.code().map(|c| c.to_string()),
            root: self.root(),
            fields: self.fields(),
            act: &self.act(),
            diagnostics: &self.diagnostics,
        }
        .serialize(s)
    }
}

impl ReceiptReport {
    /// The document of a receipt.
    #[must_use]
    pub fn new(r: &Receipt, lang: Lang) -> Self {
        ReceiptReport {
            file: r.file.clone(),
            message: r.message.clone(),
            act: OnceLock::new(),
            diagnostics: Diagnostics::new(lang, r.diagnostics.clone()),
        }
    }

    /// The document of a receipt, taking it.
    #[must_use]
    pub fn from_receipt(r: Receipt, lang: Lang) -> Self {
        ReceiptReport {
            file: r.file,
            message: r.message,
            act: OnceLock::new(),
            diagnostics: Diagnostics::new(lang, r.diagnostics),
        }
    }

    /// The act the message concerns, as far as the files read tell
    /// (`state`, `acknowledged_on` and `window_end`, each `None` when
    /// unknown): for a message read alone, the transaction of its one
    /// event; in a delivery, the act its messages tell together.
    pub fn act(&self) -> ActFields {
        *self
            .act
            .get_or_init(|| act_alone(&self.file, self.message.as_ref()))
    }

    /// The document of a file that could not be read at all (`diagnostic`
    /// says why), with the same keys as any other.
    #[must_use]
    pub fn unreadable(file: &str, diagnostic: Diagnostic, lang: Lang) -> Self {
        ReceiptReport {
            file: file.to_string(),
            message: None,
            act: OnceLock::from(ActFields::default()),
            diagnostics: Diagnostics::new(lang, vec![diagnostic]),
        }
    }

    /// Whether the file was read as a protocol message.
    #[must_use]
    pub fn is_read(&self) -> bool {
        self.message.is_some()
    }

    /// The message code (`1-2`); `None` for an envelope or an unreadable
    /// file.
    #[must_use]
    pub fn code(&self) -> Option<MessageCode> {
        self.message.as_ref().and_then(Message::code)
    }

    /// The root element (`ARActe`); `None` when not a protocol message.
    #[must_use]
    pub fn root(&self) -> Option<&'static str> {
        self.message.as_ref().map(Message::root_name)
    }

    /// The message's fields in the document: `id_acte`, `date_reception`,
    /// `acte`, `anomalie` (`null` when the message has none) and the
    /// fields of the message type (its serde form, [`Message::fields`]),
    /// in key order.
    #[must_use]
    pub fn fields(&self) -> Map<String, Value> {
        let mut fields: Map<String, Value> = ALWAYS
            .into_iter()
            .map(|key| (key.to_string(), Value::Null))
            .collect();
        if let Some(Ok(Value::Object(m))) = self
            .message
            .as_ref()
            .map(|m| serde_json::to_value(m.fields()))
        {
            fields.extend(m);
        }
        fields
    }

    /// Writes the document on one line, then a newline: the bytes of
    /// `serde_json::to_writer(self)`, written straight from the message
    /// (no JSON value is built).
    ///
    /// ```
    /// use actes::diagnostic::Lang;
    /// let r = actes::report::receipt_read("x.xml", b"<a/>", &Default::default(), Lang::En);
    /// let mut line = Vec::new();
    /// r.write_json_line(&mut line).unwrap();
    /// assert_eq!(line, [serde_json::to_vec(&r).unwrap(), b"\n".to_vec()].concat());
    /// ```
    pub fn write_json_line(&self, out: &mut (impl Write + ?Sized)) -> io::Result<()> {
        sorted::with_buffers(|b| {
            b.out.extend_from_slice(b"{\"file\":");
            json_bytes::string(&mut b.out, self.file.as_bytes());
            b.out.extend_from_slice(b",\"code\":");
            match self.code() {
                Some(c) => serde_json::Serializer::new(&mut b.out).collect_str(&c)?,
                None => b.out.extend_from_slice(b"null"),
            }
            b.out.extend_from_slice(b",\"root\":");
            match self.root() {
                Some(root) => json_bytes::string(&mut b.out, root.as_bytes()),
                None => b.out.extend_from_slice(b"null"),
            }
            b.out.push(b',');
            let fields = self.message.as_ref().map(Message::fields);
            sorted::write_entries(b, Form::Json, &ALWAYS, &fields)?;
            b.out.push(b',');
            write_act_entries(&mut b.out, &self.act());
            b.out.extend_from_slice(b",\"diagnostics\":");
            json_bytes::diagnostics(&mut b.out, &self.diagnostics, self.diagnostics.lang);
            b.out.extend_from_slice(b"}\n");
            out.write_all(&b.out)
        })
    }

    /// Writes the message's fields ([`ReceiptReport::fields`]) as the text
    /// summary of `actes receipt read` shows them, entries at `indent`
    /// spaces: a scalar as `key: value`, an object as `key:` then its
    /// entries two spaces further, a list on one line (`key: a, b`; an
    /// object in it as its scalar entries `k=v` separated by spaces);
    /// nulls and empty lists left out.
    pub fn write_text_fields(
        &self,
        out: &mut (impl Write + ?Sized),
        indent: usize,
    ) -> io::Result<()> {
        sorted::with_buffers(|b| {
            let fields = self.message.as_ref().map(Message::fields);
            sorted::write_entries(b, Form::Text { indent }, &ALWAYS, &fields)?;
            out.write_all(&b.out)
        })
    }
}

/// The act's entries, `"acknowledged_on":…,"state":…,"window_end":…`,
/// byte for byte what its serde form ([`ActFields`]) gives in a document,
/// without a serializer (checked against it by the tests).
fn write_act_entries(out: &mut Vec<u8>, act: &ActFields) {
    let date = |out: &mut Vec<u8>, d: Option<chrono::NaiveDate>| match d {
        None => out.extend_from_slice(b"null"),
        Some(d) => match crate::ids::iso_date_bytes(d) {
            Some(text) => json_bytes::string(out, &text),
            None => json_bytes::string(out, d.to_string().as_bytes()),
        },
    };
    out.extend_from_slice(b"\"acknowledged_on\":");
    date(out, act.acknowledged_on);
    out.extend_from_slice(b",\"state\":");
    match act.state {
        Some(s) => json_bytes::string(out, s.token().as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"window_end\":");
    date(out, act.window_end);
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
    ReceiptReport::from_receipt(receipt::read(file, bytes, context), lang)
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
    pub act: ActFields,
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
                file: r.file.clone(),
                message: r.message.clone(),
                act: OnceLock::from(act_of(&acts, e.as_ref())),
                diagnostics: Diagnostics::new(lang, r.diagnostics.clone()),
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
            act: ActFields::of(Transaction::from_delivery(d).ok().as_ref()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The act's entries written by hand are those of its serde form, for
    /// every state and dates in and out of the four-digit years.
    #[test]
    fn act_entries_as_serde_writes_them() {
        use crate::transaction::{LetterKind, LetterStage, State};
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        let states = [
            None,
            Some(State::Prepared),
            Some(State::Acknowledged),
            Some(State::Letter {
                kind: LetterKind::Observations,
                stage: LetterStage::Received,
            }),
            Some(State::Cancelled),
        ];
        for state in states {
            for (acknowledged_on, window_end) in [
                (None, None),
                (day(2024, 2, 29), day(2024, 4, 30)),
                (day(9999, 12, 31), day(10_000, 2, 29)),
                (day(-44, 3, 15), None),
            ] {
                let act = ActFields {
                    state,
                    acknowledged_on,
                    window_end,
                };
                let mut ours = Vec::new();
                write_act_entries(&mut ours, &act);
                let mut theirs = sorted::with_buffers(|b| {
                    sorted::write_entries(b, Form::Json, &[], &act).map(|()| b.out.clone())
                })
                .unwrap_or_default();
                assert!(!theirs.is_empty());
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs),
                    "{act:?}"
                );
                theirs.clear();
            }
        }
    }

    /// Every XML file under `dir`.
    fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                xml_files(&p, out);
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")) {
                out.push(p);
            }
        }
    }

    fn samples() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        xml_files(&root.join("../shared/reference/samples"), &mut files);
        xml_files(&root.join("fixtures"), &mut files);
        files.sort();
        assert!(files.len() > 40, "{} samples", files.len());
        files
    }

    /// The documents written straight from the message are those of the
    /// JSON value (`Serialize`, which builds it) and of the text writer
    /// over that value, for every sample in both languages.
    #[test]
    fn documents_written_directly_are_those_of_the_value() {
        let mut read = 0;
        for path in samples() {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let name = path.display().to_string();
            for lang in [Lang::En, Lang::Fr] {
                let r = receipt_read(&name, &bytes, &Context::default(), lang);
                read += usize::from(r.is_read());
                let mut line = Vec::new();
                assert!(r.write_json_line(&mut line).is_ok());
                let mut want = serde_json::to_vec(&r).unwrap_or_default();
                want.push(b'\n');
                assert_eq!(
                    String::from_utf8_lossy(&line),
                    String::from_utf8_lossy(&want),
                    "{name}"
                );
                let mut text = Vec::new();
                assert!(r.write_text_fields(&mut text, 2).is_ok());
                let mut old = Vec::new();
                sorted::tests::old_text_fields(&mut old, &r.fields(), 2);
                assert_eq!(
                    String::from_utf8_lossy(&text),
                    String::from_utf8_lossy(&old),
                    "{name}"
                );
                if let Some(m) = &r.message {
                    sorted::tests::check(&m.fields(), &ALWAYS);
                }
            }
        }
        assert!(read > 40, "{read} read");
    }

    /// The act's dates are written as their `Display`.
    #[test]
    fn act_dates_are_their_display() {
        for (y, m, d) in [
            (0, 1, 1),
            (7, 2, 9),
            (999, 12, 31),
            (2017, 6, 16),
            (2024, 2, 29),
            (9999, 12, 31),
            (-1, 1, 1),
            (10000, 1, 1),
            (-5000, 3, 4),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d);
            let act = ActFields {
                acknowledged_on: date,
                ..ActFields::default()
            };
            let v = serde_json::to_value(act).unwrap_or_default();
            let text = date.map(|d| d.to_string());
            assert_eq!(v["acknowledged_on"].as_str(), text.as_deref());
            let mut b = sorted::Buffers::default();
            assert!(sorted::write_entries(&mut b, Form::Json, &[], &act).is_ok());
            assert!(String::from_utf8_lossy(&b.out)
                .contains(&format!("{:?}", text.unwrap_or_default())));
        }
    }

    /// A message alone gets the act `Acts` would build from its one event.
    #[test]
    fn the_act_of_one_message_is_that_of_its_acts() {
        let mut acts_found = 0;
        for path in samples() {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let r = receipt::read("f.xml", &bytes, &Context::default());
            let event = event_of(&r, None);
            let acts = Acts::from_events(event.iter().cloned().collect());
            let want = act_of(&acts, event.as_ref());
            acts_found += usize::from(want.state.is_some());
            assert_eq!(
                act_alone(&r.file, r.message.as_ref()),
                want,
                "{}",
                path.display()
            );
            // The act's fields as they were first written.
            let t = event.as_ref().and_then(|e| acts.find(&e.key));
            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
            assert_eq!(
                serde_json::to_value(ReceiptReport::new(&r, Lang::En).act()).ok(),
                Some(serde_json::json!({
                    "state": t.map(|t| t.state().token()),
                    "acknowledged_on": date(t.and_then(Transaction::acknowledged_on)),
                    "window_end": date(t.and_then(|t| t.window()).and_then(|w| w.end())),
                }))
            );
        }
        assert!(acts_found > 20, "{acts_found} acts");
    }
}
