//! From protocol messages to [`TransactionEvent`]s.

use chrono::NaiveDate;

use super::events::{EventKind, TransactionEvent};
use super::machine::Transaction;
use crate::delivery::Delivery;
use crate::diagnostic::{Code, Diagnostic, Invalid, Location};
use crate::ids::{ActeKey, IdActeSegments};
use crate::messages::{AnomalieEnveloppe, DonneesActe, Field, Message};
use crate::naming::FileName;

/// What a message does not say by itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventContext {
    /// The file the message was read from. For an `AnomalieEnveloppe` named
    /// `ANO_<envelope>`, the envelope name gives the key.
    pub source: Option<String>,
    /// The collectivité's SIREN (the MI envelope's `Destinataire/@SIREN`):
    /// needed to match an `AnomalieActe` or a 1-1, which carry no `IDActe`.
    pub siren: Option<String>,
    /// The date the collectivité sent its own message (1-1, 2-2, 3-x, 4-x,
    /// 6-1), which the message does not carry. Without it: the decision
    /// date for a 1-1, the `DateCourrierPref` for an answer, the `IDActe`'s
    /// date for a 6-1 — lower bounds, enough to order the history.
    pub sent_on: Option<NaiveDate>,
}

fn no_date(m: &Message, source: Option<&str>, path: &str) -> Invalid {
    let root = m.root_name();
    Invalid::one(Diagnostic::new(
        Code::TxnNoDate,
        Location {
            file: source.map(str::to_string),
            path: Some(format!("{root}/{path}")),
            ..Location::default()
        },
        format!("{root} has no valid {path}: it cannot be placed in the act's history"),
        format!("{root} n'a pas de {path} valide : il ne peut pas être placé dans l'historique de l'acte"),
    ))
}

fn id_key(f: &Field<crate::ids::ActeId>) -> ActeKey {
    ActeKey::from_id_acte(&f.raw)
}

fn echo_key(a: &DonneesActe, siren: Option<&str>) -> ActeKey {
    ActeKey {
        siren: siren.map(str::to_string),
        numero: Some(a.numero_interne.raw.trim().to_string()).filter(|n| !n.is_empty()),
        ..ActeKey::default()
    }
}

/// The key of an `AnomalieEnveloppe`: the refused envelope's name (the
/// file is named `ANO_` + it), its SIREN, and the numéro of its only
/// message when it lists one.
fn envelope_key(a: &AnomalieEnveloppe, source: Option<&str>) -> ActeKey {
    let mut key = ActeKey {
        envelope: source
            .and_then(|s| s.rsplit(['/', '\\']).next())
            .and_then(|n| n.strip_prefix("ANO_"))
            .map(str::to_string),
        siren: a.enveloppe_recue.id_cl.siren.value.map(|s| s.to_string()),
        ..ActeKey::default()
    };
    if let [only] = a.enveloppe_recue.formulaires.as_slice() {
        if let Some(f) = FileName::parse_diagnostics(only.nom_fichier.trim()).value {
            let numero = f.numero_str().to_string();
            if !numero.is_empty() {
                key.numero = Some(numero);
                key.siren = key.siren.or(Some(f.siren_str().to_string()));
            }
        }
    }
    key
}

fn id_date(f: &Field<crate::ids::ActeId>) -> Option<NaiveDate> {
    IdActeSegments::split(f.raw.trim())
        .well_shaped()?
        .date_value()
}

impl TransactionEvent {
    /// The event of a message, or the diagnostic (as an [`Invalid`]) when the message is not a
    /// step of an act's life (`TXN-NOT-ACT-MESSAGE`: classification
    /// messages, envelopes other than `AnomalieEnveloppe`) or has no valid
    /// date to order it by (`TXN-NO-DATE`).
    ///
    /// The date used is the one the [ordering rule](super) names; the key is
    /// the message's `IDActe` (raw, so that a SIREN with a bad check digit
    /// still matches), or the echoed numéro with
    /// [`EventContext::siren`] for an `AnomalieActe` or a 1-1, or the
    /// rejected envelope's name for an `AnomalieEnveloppe`.
    ///
    /// ```
    /// use actes::messages::Message;
    /// use actes::transaction::{EventContext, EventKind, TransactionEvent};
    /// let xml = br#"<actes:ARAnnulation xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
    ///   actes:IDActe="044-214400152-20181106-TEST_DGCL_4-DE" actes:DateReception="2018-11-07"/>"#;
    /// let m = Message::parse(xml).value.unwrap();
    /// let e = TransactionEvent::from_message(&m, &EventContext::default()).unwrap();
    /// assert_eq!(e.kind, EventKind::Cancelled);
    /// assert_eq!(e.date.to_string(), "2018-11-07");
    /// assert_eq!(e.key.numero.as_deref(), Some("TEST_DGCL_4"));
    /// ```
    pub fn from_message(m: &Message, ctx: &EventContext) -> Result<TransactionEvent, Invalid> {
        let source = ctx.source.as_deref();
        let kind = match m.code() {
            Some(code) => EventKind::from_message_code(code),
            None if matches!(m, Message::AnomalieEnveloppe(_)) => Some(EventKind::EnvelopeRefused),
            None => None,
        };
        let Some(kind) = kind else {
            let root = m.root_name();
            return Err(Invalid::one(Diagnostic::new(
                Code::TxnNotActMessage,
                Location {
                    file: ctx.source.clone(),
                    path: Some(root.to_string()),
                    ..Location::default()
                },
                format!("{root} is not a step of an act's life"),
                format!("{root} n'est pas une étape de la vie d'un acte"),
            )));
        };
        // The date the message carries; the collectivité's own messages
        // carry none of their sending, which the context may give.
        let carried = m.main_date();
        // An answer or acknowledgement sent by the collectivité must say
        // which letter it refers to.
        if let (false, Some(letter)) = (kind.is_from_ministry(), m.letter_date()) {
            if letter.value.is_none() {
                return Err(no_date(m, source, "@DateCourrierPref"));
            }
        }
        let date = match (kind.is_from_ministry(), ctx.sent_on, carried) {
            (false, Some(sent), _) => sent,
            (_, _, Some(d)) => d.field.value.ok_or_else(|| no_date(m, source, d.path))?,
            (_, _, None) => match m.id_acte_field().and_then(id_date) {
                Some(d) => d,
                None => return Err(no_date(m, source, "@IDActe")),
            },
        };
        let key = match (m, m.act_without_id(), m.id_acte_field()) {
            (Message::AnomalieEnveloppe(a), _, _) => envelope_key(a, source),
            (_, Some(acte), _) => echo_key(acte, ctx.siren.as_deref()),
            (_, None, Some(id)) => id_key(id),
            (_, None, None) => ActeKey::default(),
        };
        let letter_date = m.letter_date().and_then(|f| f.value);
        let detail = m.reason();
        Ok(TransactionEvent {
            kind,
            date,
            key,
            letter_date,
            detail,
            source: ctx.source.clone(),
        })
    }
}

impl Transaction {
    /// Adds the event of a message (see [`TransactionEvent::from_message`]);
    /// a message that gives no event is kept as a diagnostic.
    pub fn push_message(&mut self, message: &Message, ctx: &EventContext) {
        match TransactionEvent::from_message(message, ctx) {
            Ok(e) => self.push(e),
            Err(invalid) => {
                self.refused.extend(invalid.diagnostics);
                self.rebuild();
            }
        }
    }

    /// Adds every message of a delivery, with the envelope's
    /// `Destinataire/@SIREN` as the collectivité's SIREN. The envelope
    /// itself is skipped, except an `AnomalieEnveloppe`.
    pub fn push_delivery(&mut self, delivery: &Delivery) {
        let siren = delivery.envelope.as_ref().and_then(|e| match &e.message {
            Some(Message::EnveloppeMISILLCL(env)) => env.destinataire.value.map(|s| s.to_string()),
            _ => None,
        });
        let mut events = Vec::new();
        let receipts = delivery
            .envelope
            .iter()
            .filter(|e| matches!(e.message, Some(Message::AnomalieEnveloppe(_))))
            .chain(&delivery.messages);
        for r in receipts {
            let Some(m) = &r.message else {
                continue;
            };
            let ctx = EventContext {
                source: Some(r.file.clone()),
                siren: siren.clone(),
                sent_on: None,
            };
            match TransactionEvent::from_message(m, &ctx) {
                Ok(e) => events.push(e),
                Err(invalid) => self.refused.extend(invalid.diagnostics),
            }
        }
        self.extend(events);
    }
}
