//! Transactions from files: a sent archive, a delivery, a proof bundle, or
//! any mix of message files, grouped by act.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{EventContext, EventKind, Transaction, TransactionEvent};
use crate::delivery::Delivery;
use crate::diagnostic::{Code, Diagnostic, Invalid, Location};
use crate::ids::{ActeKey, KeyMatch};
use crate::messages::Message;
use crate::naming::EnvelopeName;

/// A file in memory: its name (flat) and its content.
pub type NamedBytes = (String, Vec<u8>);

/// Transactions from files: a sent archive, a delivery, a proof bundle, or
/// any mix of message files, grouped by act.
///
/// Each *group* of files is what came together — one archive, one delivery,
/// one folder, one bundle, one file — so that a message is read with the
/// context its companions give:
///
/// - an `EnveloppeCLMISILL` (a sent archive) gives the 1-1 it lists its full
///   `IDActe` (the envelope's département and SIREN, the 1-1's date, numéro
///   and nature) and the envelope's name, and gives every message it lists
///   its sending date (the date in the envelope's name);
/// - an `EnveloppeMISILLCL` (a delivery) gives the collectivité's SIREN
///   (`Destinataire/@SIREN`), which an `AnomalieActe` needs to be matched.
///
/// The same file given twice (in a bundle and in its delivery) counts once.
/// Events are then grouped by act with the matching rules of the
/// [transaction](crate::transaction) (`IDActe`, SIREN and numéro, envelope name), and one
/// [`Transaction`] is built per act.
///
/// The transactions read from groups of files, and what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Acts {
    /// One transaction per act, ordered by `IDActe` (then by key).
    pub transactions: Vec<Transaction>,
    /// Files that could not be read as protocol messages (their parser's
    /// errors), and messages that name no act or have no date.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether every XML file was read as a protocol message.
    pub all_read: bool,
}

fn is_xml(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".xml")
}

/// The base name of a path-like label.
fn base(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// The file a message comes from: `label/name`, or `name` for loose files
/// (empty label).
fn source_of(label: &str, name: &str) -> String {
    if label.is_empty() {
        name.to_string()
    } else {
        format!("{label}/{name}")
    }
}

/// The `IDActe` of a 1-1 sent in a CL envelope.
fn sent_id_acte(
    env: &crate::messages::EnveloppeCLMISILL,
    acte: &crate::messages::DonneesActe,
) -> Option<String> {
    let date = acte.date.value?;
    let nature = acte.code_nature.value?;
    Some(format!(
        "{}-{}-{}-{}-{}",
        env.id_cl.departement.raw.trim(),
        env.id_cl.siren.raw.trim(),
        date.format("%Y%m%d"),
        acte.numero_interne.raw.trim(),
        nature.abbr()
    ))
}

/// The events of one group of files (see [`Acts`]).
fn group_events(
    label: &str,
    files: &[(&str, &[u8])],
    events: &mut Vec<TransactionEvent>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let mut all_read = true;
    let mut parsed: Vec<(&str, Message)> = Vec::new();
    for (name, bytes) in files {
        if !is_xml(name) {
            continue;
        }
        let p = Message::parse(bytes);
        if let Some(m) = p.value {
            parsed.push((name, m));
        } else {
            all_read = false;
            let file = source_of(label, name);
            diagnostics.extend(p.diagnostics.into_iter().map(|mut d| {
                d.location.file.get_or_insert_with(|| file.clone());
                d
            }));
        }
    }
    let siren = parsed.iter().find_map(|(_, m)| match m {
        Message::EnveloppeMISILLCL(env) => env.destinataire.value.map(|s| s.to_string()),
        _ => None,
    });
    // Sent envelopes: the messages they list, with the sending date and,
    // for a 1-1, the full key.
    let mut sent: Vec<(&str, Option<NaiveDate>, Option<ActeKey>)> = Vec::new();
    for (env_name, m) in &parsed {
        let Message::EnveloppeCLMISILL(env) = m else {
            continue;
        };
        let sent_on = EnvelopeName::parse_diagnostics(base(env_name))
            .value
            .map(|n| n.date());
        for f in &env.formulaires {
            let listed = f.nom_fichier.trim();
            let key = parsed.iter().find_map(|(n, m)| match m {
                Message::Acte(acte) if base(n) == listed => sent_id_acte(env, acte)
                    .map(|id| ActeKey::from_id_acte(&id).with_envelope(base(env_name))),
                _ => None,
            });
            if let Some((name, _)) = parsed.iter().find(|(n, _)| base(n) == listed) {
                sent.push((name, sent_on, key));
            }
        }
    }
    for (name, m) in &parsed {
        let listed = sent.iter().find(|(n, _, _)| n == name);
        let ctx = EventContext {
            source: Some(source_of(label, name)),
            siren: siren.clone().or_else(|| match m {
                Message::Acte(_) => listed
                    .and_then(|(_, _, k)| k.as_ref())
                    .and_then(|k| k.siren.clone()),
                _ => None,
            }),
            sent_on: listed.and_then(|(_, d, _)| *d),
        };
        match TransactionEvent::from_message(m, &ctx) {
            Ok(mut e) => {
                if let Some((_, _, Some(key))) = listed {
                    if e.kind == EventKind::ActeSent {
                        e.key = key.clone();
                    }
                }
                events.push(e);
            }
            Err(invalid) => diagnostics.extend(
                invalid
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.code != Code::TxnNotActMessage),
            ),
        }
    }
    all_read
}

/// Fills what `key` lacks from `other`.
fn merge_key(key: &mut ActeKey, other: &ActeKey) {
    for (mine, theirs) in [
        (&mut key.id_acte, &other.id_acte),
        (&mut key.departement, &other.departement),
        (&mut key.siren, &other.siren),
        (&mut key.numero, &other.numero),
        (&mut key.envelope, &other.envelope),
    ] {
        if mine.is_none() {
            mine.clone_from(theirs);
        }
    }
}

/// How much an event's key says: an `IDActe` first, then SIREN and numéro,
/// then an envelope name only.
fn key_rank(e: &TransactionEvent) -> u8 {
    let k = &e.key;
    match (&k.id_acte, &k.siren, &k.numero) {
        (Some(_), ..) => 0,
        (None, Some(_), Some(_)) => 1,
        _ => 2,
    }
}

impl Acts {
    /// The transactions of `events`, grouped by act as
    /// [`Acts::from_groups`] does (for callers that already hold the
    /// messages, e.g. a reader of received files).
    #[must_use]
    pub fn from_events(events: Vec<TransactionEvent>) -> Acts {
        let (transactions, diagnostics) = group_by_act(events);
        Acts {
            transactions,
            diagnostics,
            all_read: true,
        }
    }

    /// The transaction of the act `key` names, if any.
    #[must_use]
    pub fn find(&self, key: &ActeKey) -> Option<&Transaction> {
        self.transactions.iter().find(|t| {
            t.key().matches(key) != KeyMatch::None
                || key.matches(t.key()) != KeyMatch::None
                || t.id_acte().is_some() && t.id_acte() == key.id_acte.as_deref()
                || t.history().iter().any(|h| h.event.key == *key)
        })
    }

    /// The transactions of every act named in `groups`: each group is a
    /// label (a path; empty for loose files, whose names are then their
    /// paths) and the files that came together. Only `.xml` files are
    /// read. See [`Acts`].
    ///
    /// ```
    /// use actes::transaction::Acts;
    /// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples/examples-2003");
    /// let files: Vec<(String, Vec<u8>)> = ["actes__1-2_ARActe.xml", "actes__6-2_ARAnnulation.xml"]
    ///     .iter().map(|n| (n.to_string(), std::fs::read(dir.join(n)).unwrap())).collect();
    /// let acts = Acts::from_groups(&[("examples".to_string(), files)]);
    /// assert_eq!(acts.transactions.len(), 1);
    /// assert_eq!(acts.transactions[0].state(), actes::transaction::State::Cancelled);
    /// ```
    #[must_use]
    pub fn from_groups(groups: &[(String, Vec<NamedBytes>)]) -> Acts {
        let mut seen: HashSet<&[u8]> = HashSet::new();
        let mut events = Vec::new();
        let mut diagnostics = Vec::new();
        let mut all_read = true;
        for (label, files) in groups {
            let fresh: Vec<(&str, &[u8])> = files
                .iter()
                .filter(|(_, b)| seen.insert(b.as_slice()))
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .collect();
            all_read &= group_events(label, &fresh, &mut events, &mut diagnostics);
        }
        let (transactions, unmatched) = group_by_act(events);
        diagnostics.extend(unmatched);
        Acts {
            transactions,
            diagnostics,
            all_read,
        }
    }
}

/// Whether a key names an act: a key that cannot even match itself does
/// not.
fn names_an_act(key: &ActeKey) -> bool {
    key.matches(key) != KeyMatch::None
}

impl Transaction {
    /// The transaction of one event alone, as [`Acts::from_events`] builds
    /// it from that event only (without grouping anything); `None` when
    /// the event names no act.
    #[must_use]
    pub fn of_event(event: TransactionEvent) -> Option<Transaction> {
        names_an_act(&event.key).then(|| Transaction::from_events(event.key.clone(), [event]))
    }
}

/// Groups events by act and builds one transaction per act. An event with
/// a numéro but no SIREN (a 1-1 or an `AnomalieActe` read without the
/// envelope that names the collectivité) joins the only act with that
/// numéro, taking its SIREN; an event that still names no act is reported
/// (`TXN-NO-ACT`).
fn group_by_act(mut events: Vec<TransactionEvent>) -> (Vec<Transaction>, Vec<Diagnostic>) {
    // The most telling keys first, so that groups start from an IDActe;
    // then a stable order.
    events.sort_by(|a, b| {
        (key_rank(a), a.kind, a.date, &a.key).cmp(&(key_rank(b), b.kind, b.date, &b.key))
    });
    let mut groups: Vec<(ActeKey, Vec<TransactionEvent>)> = Vec::new();
    let mut diagnostics = Vec::new();
    for mut e in events {
        let found = groups.iter().position(|(k, _)| {
            k.matches(&e.key) != KeyMatch::None || e.key.matches(k) != KeyMatch::None
        });
        let found = found.or_else(|| {
            let numero = e.key.numero.as_ref().filter(|_| e.key.siren.is_none())?;
            let mut same = groups
                .iter()
                .enumerate()
                .filter(|(_, (k, _))| k.numero.as_ref() == Some(numero));
            match (same.next(), same.next()) {
                (Some((i, (k, _))), None) => {
                    e.key.siren.clone_from(&k.siren);
                    Some(i)
                }
                _ => None,
            }
        });
        match found.and_then(|i| groups.get_mut(i)) {
            Some((k, list)) => {
                merge_key(k, &e.key);
                list.push(e);
            }
            None if !names_an_act(&e.key) => {
                diagnostics.push(Diagnostic::new(
                    Code::TxnNoAct,
                    Location {
                        file: e.source.clone(),
                        path: Some(e.kind.root_element().to_string()),
                        ..Location::default()
                    },
                    format!(
                        "{} does not tell which act it is about (no IDActe, no SIREN with its numéro, no envelope name)",
                        e.kind.root_element()
                    ),
                    format!(
                        "{} ne dit pas de quel acte il s'agit (ni IDActe, ni SIREN avec son numéro, ni nom d'enveloppe)",
                        e.kind.root_element()
                    ),
                ));
            }
            None => groups.push((e.key.clone(), vec![e])),
        }
    }
    let mut out: Vec<Transaction> = groups
        .into_iter()
        .map(|(mut key, list)| {
            // The IDActe the préfecture acknowledged wins.
            if let Some(id) = list
                .iter()
                .find(|e| e.kind == EventKind::ActeAcknowledged)
                .and_then(|e| e.key.id_acte.clone())
            {
                key.id_acte = Some(id);
            }
            Transaction::from_events(key, list)
        })
        .collect();
    out.sort_by(|a, b| a.key().cmp(b.key()));
    (out, diagnostics)
}

fn no_act(file: &str, en: &str, fr: &str) -> Invalid {
    Invalid::one(Diagnostic::new(
        Code::TxnNoAct,
        Location::file(file),
        en.to_string(),
        fr.to_string(),
    ))
}

impl Transaction {
    /// The transaction of the act a delivery is about, in one call: the key
    /// is the first act its messages name (see
    /// [`TransactionEvent::from_message`]), and every message of the
    /// delivery is pushed ([`Transaction::push_delivery`]); a message about
    /// another act is reported with `TXN-OTHER-ACT`. `TXN-NO-ACT` when no
    /// message names an act.
    pub fn from_delivery(delivery: &Delivery) -> Result<Transaction, Invalid> {
        let siren = delivery.envelope.as_ref().and_then(|e| match &e.message {
            Some(Message::EnveloppeMISILLCL(env)) => env.destinataire.value.map(|s| s.to_string()),
            _ => None,
        });
        let mut keys: Vec<ActeKey> = delivery
            .envelope
            .iter()
            .chain(&delivery.messages)
            .filter_map(|r| {
                let ctx = EventContext {
                    source: Some(r.file.clone()),
                    siren: siren.clone(),
                    sent_on: None,
                };
                TransactionEvent::from_message(r.message.as_ref()?, &ctx)
                    .ok()
                    .map(|e| e.key)
            })
            .collect();
        keys.sort_by_key(|k| (k.id_acte.is_none(), k.siren.is_none() || k.numero.is_none()));
        let Some(key) = keys.into_iter().next() else {
            return Err(no_act(
                &delivery.source,
                "the delivery holds no message about an act",
                "la livraison ne contient aucun message concernant un acte",
            ));
        };
        let mut t = Transaction::new(key);
        t.push_delivery(delivery);
        Ok(t)
    }

    /// [`Transaction::from_archive`] of the archive at `path` (a tar.gz, or
    /// a folder, tar or zip of the same files), read with the container
    /// reader's default limits; its refusals are returned.
    pub fn from_archive_path(path: &std::path::Path) -> Result<Transaction, Invalid> {
        use crate::container::read::{read_all, ReadLimits, Source};
        let label = path.display().to_string();
        let source = Source::detect(path).map_err(|e| {
            Invalid::one(Diagnostic::new(
                Code::ArchUnreadable,
                Location::file(label.clone()),
                format!("cannot read {label}: {e}"),
                format!("impossible de lire {label} : {e}"),
            ))
        })?;
        let (entries, found) = read_all(&source, &ReadLimits::default());
        if found.iter().any(Diagnostic::is_error) {
            return Err(Invalid { diagnostics: found });
        }
        Transaction::from_archive(
            &label,
            entries.into_iter().map(|e| (e.name, e.bytes)).collect(),
        )
    }

    /// The transaction of the act a sent archive carries, in one call:
    /// `files` are the archive's files (as read by
    /// [`container::read`](crate::container::read)); the 1-1 its envelope
    /// lists gives the key (full `IDActe` and envelope name) and the sending
    /// date (the date in the envelope's name). `TXN-NO-ACT` when the files
    /// hold no 1-1 listed by an `EnveloppeCLMISILL`, or several acts.
    pub fn from_archive(label: &str, files: Vec<NamedBytes>) -> Result<Transaction, Invalid> {
        let acts = Acts::from_groups(&[(label.to_string(), files)]);
        let mut sent = acts.transactions.into_iter().filter(|t| {
            t.history()
                .iter()
                .any(|h| h.event.kind == EventKind::ActeSent)
        });
        if let (Some(t), None) = (sent.next(), sent.next()) {
            Ok(t)
        } else {
            let mut invalid = no_act(
                label,
                "the archive does not carry exactly one act (an EnveloppeCLMISILL listing one 1-1)",
                "l'archive ne porte pas exactement un acte (une EnveloppeCLMISILL listant un 1-1)",
            );
            invalid.diagnostics.extend(acts.diagnostics);
            Err(invalid)
        }
    }
}

#[cfg(feature = "serde")]
#[cfg(feature = "serde")]
fn date_json(d: Option<NaiveDate>) -> serde_json::Value {
    d.map_or(serde_json::Value::Null, |d| {
        serde_json::Value::String(d.to_string())
    })
}

/// The act's `state`, `acknowledged_on` and `window_end` (the end of the
/// préfet's window as known, `None` while a 3-1 or 4-1 holds it), for the
/// documents of a reader of received files; every value `None` without a
/// transaction. Serialized (feature `serde`) as those three keys, in that
/// order: the state as its [token](super::State::token), the dates as
/// `YYYY-MM-DD`, `null` when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActFields {
    /// The state.
    pub state: Option<super::State>,
    /// The date of the 1-2's acknowledgement.
    pub acknowledged_on: Option<NaiveDate>,
    /// The end of the préfet's window.
    pub window_end: Option<NaiveDate>,
}

impl ActFields {
    /// The fields of `t`; all `None` without a transaction.
    #[must_use]
    pub fn of(t: Option<&Transaction>) -> ActFields {
        ActFields {
            state: t.map(Transaction::state),
            acknowledged_on: t.and_then(Transaction::acknowledged_on),
            window_end: t.and_then(|t| t.window()).and_then(|w| w.end()),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ActFields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// A date as its `Display` (`YYYY-MM-DD`).
        struct Date(NaiveDate);
        impl serde::Serialize for Date {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match crate::ids::iso_date_bytes(self.0) {
                    Some(text) => s.serialize_str(std::str::from_utf8(&text).unwrap_or_default()),
                    None => s.collect_str(&self.0),
                }
            }
        }
        let mut m = s.serialize_struct("ActFields", 3)?;
        m.serialize_field("acknowledged_on", &self.acknowledged_on.map(Date))?;
        m.serialize_field("state", &self.state.map(super::State::token))?;
        m.serialize_field("window_end", &self.window_end.map(Date))?;
        m.end()
    }
}

/// [`ActFields`] of `t` as a JSON object.
#[cfg(feature = "serde")]
#[must_use]
pub fn act_fields(t: Option<&Transaction>) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(ActFields::of(t)) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// The status of one act on `today`, given its publication date if known:
/// the object of `actes act status --json` (`schemas/act-status.schema.json`):
/// `id_acte`, `state`, `acknowledged_on`, `window_end`, `window_status`
/// (`open`, `closed`, `suspended`, `unknown`), `implicit_decision_on`,
/// `published_on`, `executoire`, `third_party_window_end`, `today`,
/// `rules`, `history` and `diagnostics`.
#[cfg(feature = "serde")]
#[must_use]
pub fn status_json(
    t: &Transaction,
    published_on: Option<NaiveDate>,
    today: NaiveDate,
) -> serde_json::Value {
    use serde_json::{json, Value};
    let l = t.legal_dates(published_on, today);
    let history: Vec<Value> = t
        .history()
        .iter()
        .map(|h| {
            json!({
                "date": h.date().to_string(),
                "code": h.code().map(|c| c.to_string()),
                "root": h.event.kind.root_element(),
                "event": serde_json::to_value(h.event.kind).unwrap_or(Value::Null),
                "state": h.state.token(),
                "file": h.event.source,
                "detail": h.event.detail,
            })
        })
        .collect();
    let rules = t.rules();
    json!({
        "id_acte": t.id_acte(),
        "state": t.state().token(),
        "acknowledged_on": date_json(l.acknowledged_on),
        "window_end": date_json(l.window_end),
        "window_status": l.window.map_or("unknown", |w| w.token()),
        "implicit_decision_on": date_json(l.window.and_then(|w| w.implicit_decision_on())),
        "published_on": date_json(l.published_on),
        "executoire": date_json(l.executoire_on),
        "third_party_window_end": date_json(l.third_party_window_end),
        "today": today.to_string(),
        "rules": {
            "delai_franc": rules.delai_franc,
            "calendar": rules.calendar.name(),
        },
        "history": history,
        "diagnostics": serde_json::to_value(t.diagnostics()).unwrap_or(Value::Null),
    })
}
