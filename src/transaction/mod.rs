//! The life of one act: its state, its history and its legal dates.
//!
//! A [`Transaction`] follows one act from its transmission (1-1) to its
//! acknowledgement (1-2) or rejection (1-3, `AnomalieEnveloppe`), the
//! préfecture's letters (2-1, 3-1, 4-1) and their answers, a déféré (5-1)
//! and a cancellation (6-1 → 6-2). It is fed with [`TransactionEvent`]s — its
//! own input type, so that this module does not depend on how messages are
//! parsed — in any order, and recomputes its state from the sorted history
//! after every event.
//!
//! # Ordering rule
//!
//! Events are sorted by the date each message carries (see
//! [`TransactionEvent::date`]): `DateReception` for 1-2, 3-5, 4-5 and 6-2;
//! `Date` for 1-3 and `AnomalieEnveloppe`; `DateCourrierPref` for 2-1, 3-1
//! and 4-1; `DateDepot` for 5-1; the date the message was sent for the
//! collectivité's own messages (1-1, 2-2, 3-x, 4-x, 6-1). Events of the same
//! day are ordered by their place in the protocol (1-1, then 1-2/1-3/ANO,
//! then letters, then the collectivité's acknowledgements, then its answers,
//! then the ministry's acknowledgements of answers, then 5-1, 6-1, 6-2), and
//! then by every other field, so the order — and so the state — does not
//! depend on the order in which the events were given.
//!
//! # Matching
//!
//! An event belongs to the act when (as the peers do, SPEC §14.1):
//! - both carry an `IDActe` and they are equal (STELA), or
//! - both carry a SIREN and a numéro interne and they are equal (S2LOW) —
//!   when the two `IDActe` differ nonetheless (another date or nature), the
//!   event is accepted with `TXN-KEY-MISMATCH`; or
//! - both carry the name of the collectivité's envelope and they are equal
//!   (an `AnomalieEnveloppe` is named `ANO_` + that name, SPEC §5.3).
//!
//! Any other event is reported with `TXN-OTHER-ACT` and ignored.
//!
//! # State machine
//!
//! The collectivité's own messages are optional in the history (a reader of
//! the ministry's mail may only have the answers): a 1-2 is accepted without
//! a 1-1, a 3-5 without a 3-4. A ministry message that presupposes another
//! ministry message missing from the history (a letter with no 1-2, a 3-5
//! with no 3-1) is accepted with `TXN-OUT-OF-SEQUENCE`. A message that
//! contradicts the history (a 1-2 after a 1-3, anything after a 6-2, a
//! letter after a rejection) is refused with `TXN-INVALID-TRANSITION`; a
//! second 1-2 with another date or `IDActe` with `TXN-CONFLICT`; the same
//! message twice with `TXN-DUPLICATE`. A new 1-1 after a rejection or a
//! refused envelope is a re-transmission and is accepted. A déféré (5-1) is
//! kept as the state when letters follow it; a cancellation overrides it.
//!
//! # Legal dates
//!
//! The acknowledgement date is the 1-2 `DateReception`: the act is
//! *exécutoire* and the préfet's window opens from it. The window
//! ([`ReferralWindow`]) is two months (CGCT art. L.2131-6 for communes,
//! L.3132-1 for départements, L.4142-1 for régions: "dans les deux mois
//! suivant leur transmission"), a *délai franc* by default (CE 5 June 2009
//! n° 312682: the last day is the day after the same day number two months
//! later, or after the last day of the month; the non-franc reading is
//! [`WindowRules::delai_franc`] `false`) and extended to the next working day when it ends on a Saturday, a Sunday or
//! a public holiday (art. 642 CPC; [`calendar`]).
//!
//! - A **demande de pièces complémentaires** (3-1) made within the window
//!   suspends it: it runs again, for two full months, from the reception of
//!   the complete documents — the 3-5 `DateReception` (CE, 13 janvier 1988,
//!   *Mutuelle générale des personnels des collectivités locales et de leurs
//!   établissements*). A 3-5 that acknowledges a **refusal** (3-3) is
//!   treated the same way: the window runs again from it. This is a choice:
//!   the sources at hand do not settle whether a refusal restarts a full
//!   window or ends the suspension only. A 3-1 left unanswered is an
//!   implicit refusal two months after it was received (from the 3-2, or
//!   the letter's date), and the window runs again from then.
//! - A **lettre d'observations** (4-1, the préfet's *recours gracieux*) made
//!   within the window interrupts it (CE Sect., 18 avril 1986, *Commissaire
//!   de la République d'Ille-et-Vilaine*): a new window of two months starts
//!   from the préfet's reception of the answer, the 4-5 `DateReception`.
//!   Without an answer, the silence of the collectivité for two months is
//!   taken as an implicit rejection, counted from the 4-2 (the
//!   collectivité's acknowledgement) or, without it, from the letter's date;
//!   a new window starts on that day. Only the first lettre d'observations
//!   interrupts the window (a délai de recours is prorogated once). The
//!   implicit-rejection rule in relations between the State and a
//!   collectivité is not stated by the sources at hand; it is the general
//!   rule of administrative law, applied here and documented as uncertain.
//! - A letter dated after the end of the running window has no effect
//!   (`TXN-LETTER-AFTER-WINDOW`); a déféré deposited after it is flagged
//!   (`TXN-REFERRAL-AFTER-WINDOW`), since the tribunal would find it late.
//!
//! The library never reads the clock: [`Transaction::window_status`] takes
//! "today". `docs/legal-dates.md` states every rule, its source and its
//! limits.
//!
//! ```
//! use actes::transaction::{ActeKey, EventKind, State, Transaction, TransactionEvent, WindowStatus};
//! use chrono::NaiveDate;
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let id = "034-000000000-20170701-20170721D-AI";
//! let key = ActeKey::from_id_acte(id);
//! let mut t = Transaction::new(key.clone());
//! // Given in the "wrong" order: the letter first, then the AR.
//! t.push(TransactionEvent::new(EventKind::SimpleLetter, d(2017, 7, 25), key.clone()));
//! t.push(TransactionEvent::new(EventKind::ActeAcknowledged, d(2017, 7, 21), key.clone()));
//! assert_eq!(t.acknowledged_on(), Some(d(2017, 7, 21)));
//! assert!(matches!(t.state(), State::Letter { .. }));
//! assert_eq!(t.history().len(), 2);
//! // Délai franc: 21 September 2017 + 1 = Friday 22 September.
//! assert!(matches!(t.window_status(d(2017, 9, 22)), Some(WindowStatus::Open { .. })));
//! assert!(matches!(t.window_status(d(2017, 9, 23)), Some(WindowStatus::Closed { .. })));
//! ```

pub mod acts;
pub mod calendar;
mod from_message;
mod window;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, Location};

pub use acts::{Acts, NamedBytes};
pub use calendar::Calendar;
pub use from_message::EventContext;
use window::Effect;
pub use window::{
    executoire_on, third_party_window_end, LegalDates, Pending, ReferralWindow, WindowBasis,
    WindowPeriod, WindowRules, WindowStatus, WindowStop, WINDOW_MONTHS,
};

/// What identifies an act: the key a transaction is built with, and the key
/// each event carries. Every field is optional; see the
/// [module documentation](self) for how two keys match.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActeKey {
    /// The `IDActe`, verbatim.
    pub id_acte: Option<String>,
    /// The département (3 characters as in an `IDActe`).
    pub departement: Option<String>,
    /// The collectivité's SIREN.
    pub siren: Option<String>,
    /// The numéro interne.
    pub numero: Option<String>,
    /// The file name of the collectivité's envelope (`EACT--…xml`) that
    /// carried the act; for an `AnomalieEnveloppe`, its name without `ANO_`.
    pub envelope: Option<String>,
}

/// The segments of an `IDActe` split leniently from both ends (SPEC §8.1),
/// without checking the SIREN key or the nature code: 3 characters, 9
/// digits and 8 digits on the left, 2 characters on the right, the rest is
/// the numéro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdActeParts<'a> {
    pub departement: &'a str,
    pub siren: &'a str,
    pub date: &'a str,
    pub numero: String,
    pub nature: &'a str,
}

pub(crate) fn split_id_acte(id: &str) -> Option<IdActeParts<'_>> {
    let parts: Vec<&str> = id.split('-').collect();
    let [dep, siren, date, middle @ .., nature] = parts.as_slice() else {
        return None;
    };
    let numero = middle.join("-");
    let ok = dep.len() == 3
        && siren.len() == 9
        && siren.bytes().all(|b| b.is_ascii_digit())
        && date.len() == 8
        && date.bytes().all(|b| b.is_ascii_digit())
        && !numero.is_empty()
        && nature.len() == 2;
    ok.then_some(IdActeParts {
        departement: dep,
        siren,
        date,
        numero,
        nature,
    })
}

/// How an event's key matched the transaction's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMatch {
    /// Equal `IDActe`.
    IdActe,
    /// Equal SIREN and numéro interne; `id_acte_differs` when both carry an
    /// `IDActe` and they differ.
    SirenNumero {
        /// Both keys have an `IDActe` and they are not equal.
        id_acte_differs: bool,
    },
    /// Equal envelope file name.
    Envelope,
    /// Another act (or not enough to tell).
    None,
}

impl ActeKey {
    /// The key of an `IDActe`. The département, SIREN and numéro are split
    /// from both ends (SPEC §8.1: 3 characters, 9 digits and 8 digits on the
    /// left, 2 letters on the right, the rest is the numéro, which may
    /// contain `-`). A value that does not have this shape is kept as the
    /// `IDActe` only.
    ///
    /// ```
    /// use actes::transaction::ActeKey;
    /// let k = ActeKey::from_id_acte("006-210600235-20180522-684-AI");
    /// assert_eq!(k.siren.as_deref(), Some("210600235"));
    /// assert_eq!(k.numero.as_deref(), Some("684"));
    /// assert_eq!(k.departement.as_deref(), Some("006"));
    /// ```
    pub fn from_id_acte(id_acte: &str) -> ActeKey {
        let id = id_acte.trim();
        let mut key = ActeKey {
            id_acte: Some(id.to_string()),
            ..ActeKey::default()
        };
        if let Some(parts) = split_id_acte(id) {
            key.departement = Some(parts.departement.to_string());
            key.siren = Some(parts.siren.to_string());
            key.numero = Some(parts.numero);
        }
        key
    }

    /// The key of a SIREN and a numéro interne (S2LOW's key).
    pub fn from_siren_numero(siren: &str, numero: &str) -> ActeKey {
        ActeKey {
            siren: Some(siren.trim().to_string()),
            numero: Some(numero.trim().to_string()),
            ..ActeKey::default()
        }
    }

    /// The same key with the envelope file name that carried the act.
    pub fn with_envelope(mut self, name: impl Into<String>) -> ActeKey {
        self.envelope = Some(name.into());
        self
    }

    /// The same key with a département.
    pub fn with_departement(mut self, departement: impl Into<String>) -> ActeKey {
        self.departement = Some(departement.into());
        self
    }

    /// How `other` matches this key.
    pub fn matches(&self, other: &ActeKey) -> KeyMatch {
        let both = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => Some(a == b),
            _ => None,
        };
        let id = both(&self.id_acte, &other.id_acte);
        if id == Some(true) {
            return KeyMatch::IdActe;
        }
        if both(&self.siren, &other.siren) == Some(true)
            && both(&self.numero, &other.numero) == Some(true)
        {
            return KeyMatch::SirenNumero {
                id_acte_differs: id == Some(false),
            };
        }
        if both(&self.envelope, &other.envelope) == Some(true) {
            return KeyMatch::Envelope;
        }
        KeyMatch::None
    }

    fn describe(&self) -> String {
        if let Some(id) = &self.id_acte {
            return id.clone();
        }
        match (&self.siren, &self.numero, &self.envelope) {
            (Some(s), Some(n), _) => format!("SIREN {s}, numéro {n}"),
            (_, _, Some(e)) => e.clone(),
            (Some(s), None, _) => format!("SIREN {s}"),
            _ => "?".to_string(),
        }
    }
}

/// The kind of a protocol step, one per message of an act's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EventKind {
    /// 1-1 `Acte` sent.
    ActeSent,
    /// 1-2 `ARActe` received.
    ActeAcknowledged,
    /// 1-3 `AnomalieActe` received.
    ActeRejected,
    /// `AnomalieEnveloppe` received for the envelope that carried the act.
    EnvelopeRefused,
    /// 2-1 `CourrierSimple` received.
    SimpleLetter,
    /// 2-2 `ReponseCourrierSimple` sent.
    SimpleLetterAnswer,
    /// 3-1 `DemandePieceComplementaire` received.
    PiecesRequest,
    /// 3-2 `ARDemandePieceComplementaire` sent.
    PiecesRequestAck,
    /// 3-3 `RefusPieceComplementaire` sent.
    PiecesRefusal,
    /// 3-4 `PieceComplementaire` sent.
    PiecesSent,
    /// 3-5 `ARPieceComplementaire` received.
    PiecesAnswerAck,
    /// 4-1 `LettreObservations` received.
    Observations,
    /// 4-2 `ARLettreObservations` sent.
    ObservationsAck,
    /// 4-3 `RejetLettreObservations` sent.
    ObservationsRejection,
    /// 4-4 `ReponseLettreObservations` sent.
    ObservationsAnswer,
    /// 4-5 `ARReponseRejetLettreObservations` received.
    ObservationsAnswerAck,
    /// 5-1 `DefereTA` received.
    Referral,
    /// 6-1 `Annulation` sent.
    CancellationSent,
    /// 6-2 `ARAnnulation` received.
    Cancelled,
}

impl EventKind {
    /// Every kind, in protocol order.
    pub const ALL: &'static [EventKind] = &[
        EventKind::ActeSent,
        EventKind::ActeAcknowledged,
        EventKind::ActeRejected,
        EventKind::EnvelopeRefused,
        EventKind::SimpleLetter,
        EventKind::SimpleLetterAnswer,
        EventKind::PiecesRequest,
        EventKind::PiecesRequestAck,
        EventKind::PiecesRefusal,
        EventKind::PiecesSent,
        EventKind::PiecesAnswerAck,
        EventKind::Observations,
        EventKind::ObservationsAck,
        EventKind::ObservationsRejection,
        EventKind::ObservationsAnswer,
        EventKind::ObservationsAnswerAck,
        EventKind::Referral,
        EventKind::CancellationSent,
        EventKind::Cancelled,
    ];

    /// The message code (`"1-2"`), `None` for `AnomalieEnveloppe`, which has
    /// none.
    pub fn code(self) -> Option<&'static str> {
        Some(match self {
            EventKind::ActeSent => "1-1",
            EventKind::ActeAcknowledged => "1-2",
            EventKind::ActeRejected => "1-3",
            EventKind::EnvelopeRefused => return None,
            EventKind::SimpleLetter => "2-1",
            EventKind::SimpleLetterAnswer => "2-2",
            EventKind::PiecesRequest => "3-1",
            EventKind::PiecesRequestAck => "3-2",
            EventKind::PiecesRefusal => "3-3",
            EventKind::PiecesSent => "3-4",
            EventKind::PiecesAnswerAck => "3-5",
            EventKind::Observations => "4-1",
            EventKind::ObservationsAck => "4-2",
            EventKind::ObservationsRejection => "4-3",
            EventKind::ObservationsAnswer => "4-4",
            EventKind::ObservationsAnswerAck => "4-5",
            EventKind::Referral => "5-1",
            EventKind::CancellationSent => "6-1",
            EventKind::Cancelled => "6-2",
        })
    }

    /// The kind of a message code (`"3-5"`); `"ANO"` is accepted for
    /// `AnomalieEnveloppe`. Classification codes (7-x) are not steps of an
    /// act's life and give `None`.
    pub fn from_code(code: &str) -> Option<EventKind> {
        if code == "ANO" {
            return Some(EventKind::EnvelopeRefused);
        }
        EventKind::ALL
            .iter()
            .copied()
            .find(|k| k.code() == Some(code))
    }

    /// The root element of the message.
    pub fn root_element(self) -> &'static str {
        match self {
            EventKind::ActeSent => "Acte",
            EventKind::ActeAcknowledged => "ARActe",
            EventKind::ActeRejected => "AnomalieActe",
            EventKind::EnvelopeRefused => "AnomalieEnveloppe",
            EventKind::SimpleLetter => "CourrierSimple",
            EventKind::SimpleLetterAnswer => "ReponseCourrierSimple",
            EventKind::PiecesRequest => "DemandePieceComplementaire",
            EventKind::PiecesRequestAck => "ARDemandePieceComplementaire",
            EventKind::PiecesRefusal => "RefusPieceComplementaire",
            EventKind::PiecesSent => "PieceComplementaire",
            EventKind::PiecesAnswerAck => "ARPieceComplementaire",
            EventKind::Observations => "LettreObservations",
            EventKind::ObservationsAck => "ARLettreObservations",
            EventKind::ObservationsRejection => "RejetLettreObservations",
            EventKind::ObservationsAnswer => "ReponseLettreObservations",
            EventKind::ObservationsAnswerAck => "ARReponseRejetLettreObservations",
            EventKind::Referral => "DefereTA",
            EventKind::CancellationSent => "Annulation",
            EventKind::Cancelled => "ARAnnulation",
        }
    }

    /// Whether the ministry sends it (else the collectivité does).
    pub fn is_from_ministry(self) -> bool {
        matches!(
            self,
            EventKind::ActeAcknowledged
                | EventKind::ActeRejected
                | EventKind::EnvelopeRefused
                | EventKind::SimpleLetter
                | EventKind::PiecesRequest
                | EventKind::PiecesAnswerAck
                | EventKind::Observations
                | EventKind::ObservationsAnswerAck
                | EventKind::Referral
                | EventKind::Cancelled
        )
    }

    /// The letter a step belongs to: the kind of prefecture letter it is, or
    /// answers, or acknowledges.
    pub fn letter_kind(self) -> Option<LetterKind> {
        match self {
            EventKind::SimpleLetter | EventKind::SimpleLetterAnswer => Some(LetterKind::Simple),
            EventKind::PiecesRequest
            | EventKind::PiecesRequestAck
            | EventKind::PiecesRefusal
            | EventKind::PiecesSent
            | EventKind::PiecesAnswerAck => Some(LetterKind::PiecesRequest),
            EventKind::Observations
            | EventKind::ObservationsAck
            | EventKind::ObservationsRejection
            | EventKind::ObservationsAnswer
            | EventKind::ObservationsAnswerAck => Some(LetterKind::Observations),
            _ => None,
        }
    }

    /// Place in the protocol, used to order events of the same day.
    fn rank(self) -> u8 {
        match self {
            EventKind::ActeSent => 0,
            EventKind::ActeAcknowledged | EventKind::ActeRejected | EventKind::EnvelopeRefused => 1,
            EventKind::SimpleLetter | EventKind::PiecesRequest | EventKind::Observations => 2,
            EventKind::SimpleLetterAnswer
            | EventKind::PiecesRequestAck
            | EventKind::ObservationsAck => 3,
            EventKind::PiecesRefusal
            | EventKind::PiecesSent
            | EventKind::ObservationsRejection
            | EventKind::ObservationsAnswer => 4,
            EventKind::PiecesAnswerAck | EventKind::ObservationsAnswerAck => 5,
            EventKind::Referral => 6,
            EventKind::CancellationSent => 7,
            EventKind::Cancelled => 8,
        }
    }
}

/// One message of an act's life, reduced to what the state machine needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TransactionEvent {
    /// What happened.
    pub kind: EventKind,
    /// The date the message carries (see the ordering rule in the
    /// [module documentation](self)): `DateReception` (1-2, 3-5, 4-5, 6-2),
    /// `Date` (1-3, `AnomalieEnveloppe`), `DateCourrierPref` (2-1, 3-1,
    /// 4-1), `DateDepot` (5-1), or the sending date of the collectivité's
    /// own messages.
    pub date: NaiveDate,
    /// The act the message is about.
    pub key: ActeKey,
    /// For answers and their acknowledgements (2-2, 3-2…3-5, 4-2…4-5): the
    /// `DateCourrierPref` of the prefecture letter they refer to.
    pub letter_date: Option<NaiveDate>,
    /// Free text kept for the history: anomaly nature and detail, motif…
    pub detail: Option<String>,
    /// The file the event comes from, if any.
    pub source: Option<String>,
}

impl TransactionEvent {
    /// An event with no letter date, detail or source.
    pub fn new(kind: EventKind, date: NaiveDate, key: ActeKey) -> TransactionEvent {
        TransactionEvent {
            kind,
            date,
            key,
            letter_date: None,
            detail: None,
            source: None,
        }
    }

    /// The same event referring to the prefecture letter of `date`.
    pub fn with_letter_date(mut self, date: NaiveDate) -> TransactionEvent {
        self.letter_date = Some(date);
        self
    }

    /// The same event with a detail text.
    pub fn with_detail(mut self, detail: impl Into<String>) -> TransactionEvent {
        self.detail = Some(detail.into());
        self
    }

    /// The same event attributed to a file.
    pub fn with_source(mut self, source: impl Into<String>) -> TransactionEvent {
        self.source = Some(source.into());
        self
    }

    /// The date of the prefecture letter this event is or refers to.
    fn letter_date_or_date(&self) -> NaiveDate {
        self.letter_date.unwrap_or(self.date)
    }

    fn location(&self) -> Location {
        Location {
            file: self.source.clone(),
            path: Some(self.kind.root_element().to_string()),
            ..Location::default()
        }
    }

    fn label(&self) -> String {
        match self.kind.code() {
            Some(c) => format!("{c} {}", self.kind.root_element()),
            None => self.kind.root_element().to_string(),
        }
    }

    /// Two events are the same message when they have the same kind, date,
    /// letter date and act.
    fn same_message(&self, other: &TransactionEvent) -> bool {
        self.kind == other.kind
            && self.date == other.date
            && self.letter_date == other.letter_date
            && self.key == other.key
    }
}

/// The three kinds of prefecture letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum LetterKind {
    /// 2-1 courrier simple (no acknowledgement).
    Simple,
    /// 3-1 demande de pièces complémentaires.
    PiecesRequest,
    /// 4-1 lettre d'observations.
    Observations,
}

/// Where a prefecture letter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum LetterStage {
    /// Received (2-1, 3-1, 4-1).
    Received,
    /// Acknowledged by the collectivité (3-2, 4-2).
    Acknowledged,
    /// Answered: 2-2, 3-4 (documents sent) or 4-4 (answer).
    Answered,
    /// Refused: 3-3 or 4-3.
    Refused,
    /// The ministry acknowledged the answer or refusal (3-5, 4-5).
    AnswerAcknowledged,
}

impl LetterStage {
    fn rank(self) -> u8 {
        match self {
            LetterStage::Received => 0,
            LetterStage::Acknowledged => 1,
            LetterStage::Answered | LetterStage::Refused => 2,
            LetterStage::AnswerAcknowledged => 3,
        }
    }
}

/// One prefecture letter and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Letter {
    /// Which letter.
    pub kind: LetterKind,
    /// The letter's date (`DateCourrierPref`). The letter reaches the
    /// collectivité by the same mail flow; the mail's own date is not part
    /// of the protocol, so this is the "date the letter was received" the
    /// library reports.
    pub date: NaiveDate,
    /// Where it stands.
    pub stage: LetterStage,
    /// The date of the collectivité's acknowledgement (3-2, 4-2).
    pub acknowledged_on: Option<NaiveDate>,
    /// The answer sent (2-2, 3-3, 3-4, 4-3, 4-4), if in the history.
    pub answer: Option<EventKind>,
    /// The date the answer was sent.
    pub answered_on: Option<NaiveDate>,
    /// The ministry's reception of the answer (3-5, 4-5 `DateReception`).
    pub answer_received_on: Option<NaiveDate>,
    /// The letter itself is not in the history: it was inferred from an
    /// answer or acknowledgement.
    pub inferred: bool,
    /// The file of the letter, if known.
    pub source: Option<String>,
}

/// The state of an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "state"))]
pub enum State {
    /// Nothing sent or received yet.
    Prepared,
    /// 1-1 sent, no answer yet.
    Transmitted,
    /// 1-2 received.
    Acknowledged,
    /// 1-3 received: the act was rejected.
    Rejected,
    /// `AnomalieEnveloppe` received: the envelope was refused.
    EnvelopeRefused,
    /// The latest step concerns a prefecture letter.
    Letter {
        /// Which letter.
        kind: LetterKind,
        /// Where it stands.
        stage: LetterStage,
    },
    /// 5-1 received: the act was referred to the tribunal administratif.
    Referred,
    /// 6-1 sent, no 6-2 yet.
    CancellationRequested,
    /// 6-2 received.
    Cancelled,
}

impl State {
    /// A short English label (`"acknowledged"`, `"letter 3-1 answered"`…).
    pub fn label(self) -> String {
        match self {
            State::Prepared => "prepared".into(),
            State::Transmitted => "transmitted".into(),
            State::Acknowledged => "acknowledged".into(),
            State::Rejected => "rejected (AnomalieActe)".into(),
            State::EnvelopeRefused => "envelope refused (AnomalieEnveloppe)".into(),
            State::Letter { kind, stage } => {
                let k = match kind {
                    LetterKind::Simple => "2-1",
                    LetterKind::PiecesRequest => "3-1",
                    LetterKind::Observations => "4-1",
                };
                let s = match stage {
                    LetterStage::Received => "received",
                    LetterStage::Acknowledged => "acknowledged",
                    LetterStage::Answered => "answered",
                    LetterStage::Refused => "refused",
                    LetterStage::AnswerAcknowledged => "answer acknowledged",
                };
                format!("letter {k} {s}")
            }
            State::Referred => "referred to the tribunal (déféré)".into(),
            State::CancellationRequested => "cancellation requested".into(),
            State::Cancelled => "cancelled".into(),
        }
    }
}

/// One applied event and the state it led to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HistoryEntry {
    /// The event.
    pub event: TransactionEvent,
    /// The state after it.
    pub state: State,
}

impl HistoryEntry {
    /// The event's date.
    pub fn date(&self) -> NaiveDate {
        self.event.date
    }

    /// The event's message code (`None` for `AnomalieEnveloppe`).
    pub fn code(&self) -> Option<&'static str> {
        self.event.kind.code()
    }
}

/// The main line of an act, apart from its letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Prepared,
    Transmitted,
    Acknowledged,
    Rejected,
    EnvelopeRefused,
    CancellationRequested,
    Cancelled,
}

/// One act's transaction. See the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    key: ActeKey,
    rules: WindowRules,
    events: Vec<TransactionEvent>,
    /// Messages that gave no event (see [`Transaction::push_message`]).
    refused: Vec<Diagnostic>,
    // Derived from `events` by `rebuild`.
    state: State,
    id_acte: Option<String>,
    acknowledged_on: Option<NaiveDate>,
    history: Vec<HistoryEntry>,
    letters: Vec<Letter>,
    window: Option<ReferralWindow>,
    diagnostics: Vec<Diagnostic>,
}

impl Transaction {
    /// A transaction for the act of `key`, with no event (state
    /// [`State::Prepared`]). The calendar of public holidays is chosen from
    /// the key's département ([`Calendar::for_departement`]).
    pub fn new(key: ActeKey) -> Transaction {
        let rules = key
            .departement
            .as_deref()
            .map(WindowRules::for_departement)
            .unwrap_or_default();
        Transaction {
            id_acte: key.id_acte.clone(),
            key,
            rules,
            events: Vec::new(),
            refused: Vec::new(),
            state: State::Prepared,
            acknowledged_on: None,
            history: Vec::new(),
            letters: Vec::new(),
            window: None,
            diagnostics: Vec::new(),
        }
    }

    /// A transaction fed with `events`, in any order.
    pub fn from_events(
        key: ActeKey,
        events: impl IntoIterator<Item = TransactionEvent>,
    ) -> Transaction {
        let mut t = Transaction::new(key);
        t.extend(events);
        t
    }

    /// The same transaction with other window rules (calendar, délai franc).
    pub fn with_rules(mut self, rules: WindowRules) -> Transaction {
        self.rules = rules;
        self.rebuild();
        self
    }

    /// Adds one event and recomputes everything.
    pub fn push(&mut self, event: TransactionEvent) {
        self.events.push(event);
        self.rebuild();
    }

    /// Adds several events and recomputes everything once.
    pub fn extend(&mut self, events: impl IntoIterator<Item = TransactionEvent>) {
        self.events.extend(events);
        self.rebuild();
    }

    /// The key the transaction was built with.
    pub fn key(&self) -> &ActeKey {
        &self.key
    }

    /// The `IDActe`: the key's, or the one the 1-2 assigned.
    pub fn id_acte(&self) -> Option<&str> {
        self.id_acte.as_deref()
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The applied events, in order, each with the state it led to.
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// Every event given, in the order given (including refused ones).
    pub fn events(&self) -> &[TransactionEvent] {
        &self.events
    }

    /// The prefecture letters, oldest first.
    pub fn letters(&self) -> &[Letter] {
        &self.letters
    }

    /// The acknowledgement date: the 1-2 `DateReception`.
    pub fn acknowledged_on(&self) -> Option<NaiveDate> {
        self.acknowledged_on
    }

    /// The window rules in use.
    pub fn rules(&self) -> WindowRules {
        self.rules
    }

    /// The préfet's window to refer the act, once the act is acknowledged.
    pub fn window(&self) -> Option<&ReferralWindow> {
        self.window.as_ref()
    }

    /// The window's status on `today`; `None` before the acknowledgement
    /// date is known.
    pub fn window_status(&self, today: NaiveDate) -> Option<WindowStatus> {
        self.window.as_ref().map(|w| w.status(today))
    }

    /// What did not fit: other acts, invalid transitions, duplicates…
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    fn rebuild(&mut self) {
        let mut sorted: Vec<&TransactionEvent> = self.events.iter().collect();
        sorted.sort_by(|a, b| (a.date, a.kind.rank(), *a).cmp(&(b.date, b.kind.rank(), *b)));
        let mut b = Builder {
            rules: self.rules,
            phase: Phase::Prepared,
            state: State::Prepared,
            referred: false,
            id_acte: self.key.id_acte.clone(),
            acknowledged_on: None,
            history: Vec::new(),
            letters: Vec::new(),
            window: None,
            diagnostics: Vec::new(),
        };
        let mut applied: Vec<&TransactionEvent> = Vec::new();
        for ev in sorted {
            match self.key.matches(&ev.key) {
                KeyMatch::None => {
                    b.diagnostics.push(Diagnostic::new(
                        Code::TxnOtherAct,
                        ev.location(),
                        format!(
                            "{} is about another act ({}), not {}",
                            ev.label(),
                            ev.key.describe(),
                            self.key.describe()
                        ),
                        format!(
                            "{} concerne un autre acte ({}), pas {}",
                            ev.label(),
                            ev.key.describe(),
                            self.key.describe()
                        ),
                    ));
                    continue;
                }
                KeyMatch::SirenNumero {
                    id_acte_differs: true,
                } => {
                    b.diagnostics.push(Diagnostic::new(
                        Code::TxnKeyMismatch,
                        ev.location(),
                        format!(
                            "{} matches the act by SIREN and numéro, but its IDActe {} differs from {}",
                            ev.label(),
                            ev.key.describe(),
                            self.key.describe()
                        ),
                        format!(
                            "{} correspond à l'acte par SIREN et numéro, mais son IDActe {} diffère de {}",
                            ev.label(),
                            ev.key.describe(),
                            self.key.describe()
                        ),
                    ));
                }
                _ => {}
            }
            if applied.iter().any(|a| a.same_message(ev)) {
                b.diagnostics.push(Diagnostic::new(
                    Code::TxnDuplicate,
                    ev.location(),
                    format!("{} of {} is given twice; ignored", ev.label(), ev.date),
                    format!(
                        "{} du {} est fourni deux fois ; ignoré",
                        ev.label(),
                        ev.date
                    ),
                ));
                continue;
            }
            if b.apply(ev) {
                applied.push(ev);
            }
        }
        self.state = b.state;
        self.id_acte = b.id_acte;
        self.acknowledged_on = b.acknowledged_on;
        self.history = b.history;
        self.letters = b.letters;
        self.window = b.window;
        self.diagnostics = b.diagnostics;
        let mut refused = self.refused.clone();
        refused.sort_by(|a, b| {
            (&a.location.file, &a.message_en).cmp(&(&b.location.file, &b.message_en))
        });
        self.diagnostics.extend(refused);
    }
}

struct Builder {
    rules: WindowRules,
    phase: Phase,
    state: State,
    referred: bool,
    id_acte: Option<String>,
    acknowledged_on: Option<NaiveDate>,
    history: Vec<HistoryEntry>,
    letters: Vec<Letter>,
    window: Option<ReferralWindow>,
    diagnostics: Vec<Diagnostic>,
}

fn phase_label(p: Phase) -> (&'static str, &'static str) {
    match p {
        Phase::Prepared => ("nothing was sent", "rien n'a été envoyé"),
        Phase::Transmitted => ("the act is transmitted", "l'acte est transmis"),
        Phase::Acknowledged => ("the act is acknowledged", "l'acte est acquitté"),
        Phase::Rejected => (
            "the act was rejected (AnomalieActe)",
            "l'acte a été rejeté (AnomalieActe)",
        ),
        Phase::EnvelopeRefused => (
            "the envelope was refused (AnomalieEnveloppe)",
            "l'enveloppe a été refusée (AnomalieEnveloppe)",
        ),
        Phase::CancellationRequested => {
            ("a cancellation is requested", "une annulation est demandée")
        }
        Phase::Cancelled => (
            "the transmission is cancelled (ARAnnulation)",
            "la transmission est annulée (ARAnnulation)",
        ),
    }
}

impl Builder {
    fn invalid(&mut self, ev: &TransactionEvent) {
        let (en, fr) = phase_label(self.phase);
        self.diagnostics.push(Diagnostic::new(
            Code::TxnInvalidTransition,
            ev.location(),
            format!("{} of {} is not possible: {en}", ev.label(), ev.date),
            format!("{} du {} est impossible : {fr}", ev.label(), ev.date),
        ));
    }

    fn out_of_sequence(&mut self, ev: &TransactionEvent, missing_en: &str, missing_fr: &str) {
        self.diagnostics.push(Diagnostic::new(
            Code::TxnOutOfSequence,
            ev.location(),
            format!(
                "{} of {}: {missing_en} is missing from the history",
                ev.label(),
                ev.date
            ),
            format!(
                "{} du {} : {missing_fr} manque dans l'historique",
                ev.label(),
                ev.date
            ),
        ));
    }

    fn window_effect(&mut self, ev: &TransactionEvent, effect: Effect) {
        match effect {
            Effect::LetterAfterWindow { end } => self.diagnostics.push(Diagnostic::new(
                Code::TxnLetterAfterWindow,
                ev.location(),
                format!(
                    "{} of {} is dated after the end of the préfet's window ({end}); it neither suspends nor interrupts it",
                    ev.label(),
                    ev.letter_date_or_date()
                ),
                format!(
                    "{} du {} est postérieur à la fin du délai de déféré ({end}) ; il ne le suspend ni ne l'interrompt",
                    ev.label(),
                    ev.letter_date_or_date()
                ),
            )),
            Effect::ReferralAfterWindow { end } => self.diagnostics.push(Diagnostic::new(
                Code::TxnReferralAfterWindow,
                ev.location(),
                format!(
                    "the déféré was deposited on {}, after the end of the window ({end})",
                    ev.date
                ),
                format!(
                    "le déféré a été déposé le {}, après la fin du délai ({end})",
                    ev.date
                ),
            )),
            Effect::Applied | Effect::Ignored => {}
        }
    }

    fn record(&mut self, ev: &TransactionEvent, state: State) {
        // A déféré stays the state while letters follow; a cancellation or
        // a rejection overrides it.
        let keep_referred =
            self.referred && matches!(state, State::Letter { .. } | State::Acknowledged);
        if !keep_referred {
            self.state = state;
        }
        self.history.push(HistoryEntry {
            event: ev.clone(),
            state: self.state,
        });
    }

    /// Requires the act to have been acknowledged. Returns false (with a
    /// diagnostic) when the history contradicts it.
    fn require_acknowledged(&mut self, ev: &TransactionEvent) -> bool {
        match self.phase {
            Phase::Acknowledged | Phase::CancellationRequested => true,
            Phase::Prepared | Phase::Transmitted => {
                self.out_of_sequence(ev, "the 1-2 ARActe", "l'ARActe 1-2");
                self.phase = Phase::Acknowledged;
                true
            }
            Phase::Rejected | Phase::EnvelopeRefused | Phase::Cancelled => {
                self.invalid(ev);
                false
            }
        }
    }

    /// Applies one event; false when it was refused.
    fn apply(&mut self, ev: &TransactionEvent) -> bool {
        match ev.kind {
            EventKind::ActeSent => match self.phase {
                Phase::Prepared | Phase::Rejected | Phase::EnvelopeRefused => {
                    self.phase = Phase::Transmitted;
                    self.record(ev, State::Transmitted);
                    true
                }
                _ => {
                    self.invalid(ev);
                    false
                }
            },
            EventKind::ActeAcknowledged => self.acknowledge(ev),
            EventKind::ActeRejected | EventKind::EnvelopeRefused => match self.phase {
                Phase::Prepared | Phase::Transmitted => {
                    let (phase, state) = if ev.kind == EventKind::ActeRejected {
                        (Phase::Rejected, State::Rejected)
                    } else {
                        (Phase::EnvelopeRefused, State::EnvelopeRefused)
                    };
                    self.phase = phase;
                    self.record(ev, state);
                    true
                }
                _ => {
                    self.invalid(ev);
                    false
                }
            },
            EventKind::SimpleLetter | EventKind::PiecesRequest | EventKind::Observations => {
                if !self.require_acknowledged(ev) {
                    return false;
                }
                let Some(kind) = ev.kind.letter_kind() else {
                    return false;
                };
                self.open_letter(ev, kind, false);
                self.record(
                    ev,
                    State::Letter {
                        kind,
                        stage: LetterStage::Received,
                    },
                );
                true
            }
            EventKind::Referral => {
                if !self.require_acknowledged(ev) {
                    return false;
                }
                if let Some(w) = self.window.as_mut() {
                    let effect = w.referred(ev.date);
                    self.window_effect(ev, effect);
                }
                self.referred = true;
                self.record(ev, State::Referred);
                true
            }
            EventKind::CancellationSent => {
                if !self.require_acknowledged(ev) {
                    return false;
                }
                self.phase = Phase::CancellationRequested;
                self.record(ev, State::CancellationRequested);
                true
            }
            EventKind::Cancelled => {
                if !self.require_acknowledged(ev) {
                    return false;
                }
                self.phase = Phase::Cancelled;
                if let Some(w) = self.window.as_mut() {
                    w.cancelled(ev.date);
                }
                self.record(ev, State::Cancelled);
                true
            }
            EventKind::SimpleLetterAnswer
            | EventKind::PiecesRequestAck
            | EventKind::PiecesRefusal
            | EventKind::PiecesSent
            | EventKind::PiecesAnswerAck
            | EventKind::ObservationsAck
            | EventKind::ObservationsRejection
            | EventKind::ObservationsAnswer
            | EventKind::ObservationsAnswerAck => self.letter_step(ev),
        }
    }

    fn acknowledge(&mut self, ev: &TransactionEvent) -> bool {
        match self.phase {
            Phase::Prepared | Phase::Transmitted => {}
            Phase::Acknowledged | Phase::CancellationRequested => {
                if self.acknowledged_on.is_some() {
                    self.diagnostics.push(Diagnostic::new(
                        Code::TxnConflict,
                        ev.location(),
                        format!(
                            "a second ARActe ({}, {}) disagrees with the first one (received {})",
                            ev.key.describe(),
                            ev.date,
                            self.acknowledged_on
                                .map(|d| d.to_string())
                                .unwrap_or_default()
                        ),
                        format!(
                            "un second ARActe ({}, {}) contredit le premier (reçu le {})",
                            ev.key.describe(),
                            ev.date,
                            self.acknowledged_on
                                .map(|d| d.to_string())
                                .unwrap_or_default()
                        ),
                    ));
                    return false;
                }
                // A letter came first in date order (its own date is before
                // the AR's): keep the state, set the date.
            }
            Phase::Rejected | Phase::EnvelopeRefused | Phase::Cancelled => {
                self.invalid(ev);
                return false;
            }
        }
        let first = self.phase != Phase::Acknowledged && self.phase != Phase::CancellationRequested;
        if first {
            self.phase = Phase::Acknowledged;
        }
        self.acknowledged_on = Some(ev.date);
        if let Some(id) = &ev.key.id_acte {
            self.id_acte = Some(id.clone());
        }
        self.window = Some(ReferralWindow::new(ev.date, self.rules));
        if first {
            self.record(ev, State::Acknowledged);
        } else {
            self.history.push(HistoryEntry {
                event: ev.clone(),
                state: self.state,
            });
        }
        true
    }

    fn open_letter(&mut self, ev: &TransactionEvent, kind: LetterKind, inferred: bool) -> usize {
        let date = ev.letter_date_or_date();
        self.letters.push(Letter {
            kind,
            date,
            stage: LetterStage::Received,
            acknowledged_on: None,
            answer: None,
            answered_on: None,
            answer_received_on: None,
            inferred,
            source: if inferred { None } else { ev.source.clone() },
        });
        if let Some(w) = self.window.as_mut() {
            let effect = match kind {
                LetterKind::Simple => Effect::Ignored,
                LetterKind::PiecesRequest => w.pieces_requested(date),
                LetterKind::Observations => w.observations(date),
            };
            self.window_effect(ev, effect);
        }
        self.letters.len() - 1
    }

    fn letter_step(&mut self, ev: &TransactionEvent) -> bool {
        let Some(kind) = ev.kind.letter_kind() else {
            return false;
        };
        if matches!(
            self.phase,
            Phase::Rejected | Phase::EnvelopeRefused | Phase::Cancelled
        ) {
            self.invalid(ev);
            return false;
        }
        if !self.require_acknowledged(ev) {
            return false;
        }
        let target = match ev.kind {
            EventKind::PiecesRequestAck | EventKind::ObservationsAck => LetterStage::Acknowledged,
            EventKind::SimpleLetterAnswer
            | EventKind::PiecesSent
            | EventKind::ObservationsAnswer => LetterStage::Answered,
            EventKind::PiecesRefusal | EventKind::ObservationsRejection => LetterStage::Refused,
            _ => LetterStage::AnswerAcknowledged,
        };
        // Open letters of this kind, not yet past the target stage.
        let open: Vec<usize> = self
            .letters
            .iter()
            .enumerate()
            .filter(|(_, l)| l.kind == kind && l.stage.rank() < target.rank())
            .map(|(i, _)| i)
            .collect();
        let by_date = ev
            .letter_date
            .and_then(|d| open.iter().copied().find(|&i| self.letters[i].date == d));
        let index = match (by_date, open.as_slice()) {
            (Some(i), _) => i,
            (None, [only]) => *only,
            (None, [first, ..]) => {
                self.diagnostics.push(Diagnostic::new(
                    Code::TxnAmbiguousAnswer,
                    ev.location(),
                    format!(
                        "{} could answer several letters; the oldest ({}) is used",
                        ev.label(),
                        self.letters[*first].date
                    ),
                    format!(
                        "{} peut répondre à plusieurs courriers ; le plus ancien ({}) est retenu",
                        ev.label(),
                        self.letters[*first].date
                    ),
                ));
                *first
            }
            (None, []) => {
                let letter_code = match kind {
                    LetterKind::Simple => ("the 2-1 letter", "le courrier 2-1"),
                    LetterKind::PiecesRequest => ("the 3-1 letter", "le courrier 3-1"),
                    LetterKind::Observations => ("the 4-1 letter", "le courrier 4-1"),
                };
                let answered = self
                    .letters
                    .iter()
                    .any(|l| l.kind == kind && Some(l.date) == ev.letter_date);
                if answered {
                    // The letter exists but is already past this step.
                    self.out_of_sequence(
                        ev,
                        "an earlier step of this letter (it is already further on)",
                        "une étape antérieure de ce courrier (il est déjà plus avancé)",
                    );
                    self.history.push(HistoryEntry {
                        event: ev.clone(),
                        state: self.state,
                    });
                    return true;
                }
                self.out_of_sequence(ev, letter_code.0, letter_code.1);
                self.open_letter(ev, kind, true)
            }
        };
        let date = ev.date;
        let Some(letter) = self.letters.get_mut(index) else {
            return false;
        };
        letter.stage = target;
        match ev.kind {
            EventKind::PiecesRequestAck | EventKind::ObservationsAck => {
                letter.acknowledged_on = Some(date);
            }
            EventKind::PiecesAnswerAck | EventKind::ObservationsAnswerAck => {
                letter.answer_received_on = Some(date);
            }
            other => {
                letter.answer = Some(other);
                letter.answered_on = Some(date);
            }
        }
        let answer = letter.answer;
        if let Some(w) = self.window.as_mut() {
            let effect = match ev.kind {
                EventKind::PiecesAnswerAck => {
                    let basis = match answer {
                        Some(EventKind::PiecesSent) => WindowBasis::PiecesReceived,
                        Some(EventKind::PiecesRefusal) => WindowBasis::PiecesRefused,
                        _ => WindowBasis::PiecesAnswered,
                    };
                    w.pieces_answer_received(date, basis)
                }
                EventKind::ObservationsAck => {
                    w.observations_acknowledged(date);
                    Effect::Ignored
                }
                EventKind::PiecesRequestAck => {
                    w.pieces_acknowledged(date);
                    Effect::Ignored
                }
                EventKind::PiecesRefusal | EventKind::PiecesSent => {
                    w.pieces_answer_sent(date);
                    Effect::Ignored
                }
                EventKind::ObservationsRejection | EventKind::ObservationsAnswer => {
                    w.observations_answer_sent(date);
                    Effect::Ignored
                }
                EventKind::ObservationsAnswerAck => w.observations_answer_received(date),
                _ => Effect::Ignored,
            };
            self.window_effect(ev, effect);
        }
        self.record(
            ev,
            State::Letter {
                kind,
                stage: target,
            },
        );
        true
    }
}
