//! The input of the state machine: one event per message of an act's life.

use chrono::NaiveDate;

use crate::diagnostic::Location;
use crate::ids::{ActeKey, Direction, MessageCode};

/// The root of the one event without a message type.
const ENVELOPE_REFUSED_ROOT: &str = "AnomalieEnveloppe";

/// The kind of a protocol step, one per message of an act's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
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

    /// The message type (`1-2`), `None` for `AnomalieEnveloppe`, which has
    /// none. The root element and the direction come from it.
    #[must_use]
    pub fn code(self) -> Option<MessageCode> {
        let (t, s) = match self {
            EventKind::ActeSent => (1, 1),
            EventKind::ActeAcknowledged => (1, 2),
            EventKind::ActeRejected => (1, 3),
            EventKind::EnvelopeRefused => return None,
            EventKind::SimpleLetter => (2, 1),
            EventKind::SimpleLetterAnswer => (2, 2),
            EventKind::PiecesRequest => (3, 1),
            EventKind::PiecesRequestAck => (3, 2),
            EventKind::PiecesRefusal => (3, 3),
            EventKind::PiecesSent => (3, 4),
            EventKind::PiecesAnswerAck => (3, 5),
            EventKind::Observations => (4, 1),
            EventKind::ObservationsAck => (4, 2),
            EventKind::ObservationsRejection => (4, 3),
            EventKind::ObservationsAnswer => (4, 4),
            EventKind::ObservationsAnswerAck => (4, 5),
            EventKind::Referral => (5, 1),
            EventKind::CancellationSent => (6, 1),
            EventKind::Cancelled => (6, 2),
        };
        MessageCode::new(t, s)
    }

    /// The kind of a message type. Classification messages (7-x) are not
    /// steps of an act's life and give `None`.
    #[must_use]
    pub fn from_message_code(code: MessageCode) -> Option<EventKind> {
        EventKind::ALL
            .iter()
            .copied()
            .find(|k| k.code() == Some(code))
    }

    /// The kind of a message code (`"3-5"`); `"ANO"` is accepted for
    /// `AnomalieEnveloppe`. Classification codes (7-x) are not steps of an
    /// act's life and give `None`.
    pub fn from_code(code: &str) -> Option<EventKind> {
        if code == "ANO" {
            return Some(EventKind::EnvelopeRefused);
        }
        code.parse().ok().and_then(EventKind::from_message_code)
    }

    /// The root element of the message.
    pub fn root_element(self) -> &'static str {
        self.code()
            .map_or(ENVELOPE_REFUSED_ROOT, MessageCode::root_element)
    }

    /// Whether the ministry sends it (else the collectivité does).
    #[must_use]
    pub fn is_from_ministry(self) -> bool {
        self.code()
            .is_none_or(|c| c.direction() == Direction::MiToCl)
    }

    /// The letter a step belongs to: the kind of prefecture letter it is, or
    /// answers, or acknowledges.
    #[must_use]
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
    pub(super) fn rank(self) -> u8 {
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
    /// [module documentation](super)): `DateReception` (1-2, 3-5, 4-5, 6-2),
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
    #[must_use]
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
    #[must_use]
    pub fn with_letter_date(mut self, date: NaiveDate) -> TransactionEvent {
        self.letter_date = Some(date);
        self
    }

    /// The same event with a detail text.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> TransactionEvent {
        self.detail = Some(detail.into());
        self
    }

    /// The same event attributed to a file.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<String>) -> TransactionEvent {
        self.source = Some(source.into());
        self
    }

    /// The date of the prefecture letter this event is or refers to.
    pub(super) fn letter_date_or_date(&self) -> NaiveDate {
        self.letter_date.unwrap_or(self.date)
    }

    pub(super) fn location(&self) -> Location {
        Location {
            file: self.source.clone(),
            path: Some(self.kind.root_element().to_string()),
            ..Location::default()
        }
    }

    pub(super) fn label(&self) -> String {
        match self.kind.code() {
            Some(c) => format!("{c} {}", self.kind.root_element()),
            None => self.kind.root_element().to_string(),
        }
    }

    /// Two events are the same message when they have the same kind, date,
    /// letter date and act.
    pub(super) fn same_message(&self, other: &TransactionEvent) -> bool {
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
