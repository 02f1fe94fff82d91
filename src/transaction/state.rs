//! Where an act stands: its state, its letters and its history.

use chrono::NaiveDate;

use super::events::{EventKind, LetterKind, TransactionEvent};
use crate::diagnostic::Lang;
use crate::ids::MessageCode;

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
    pub(super) fn rank(self) -> u8 {
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
#[non_exhaustive]
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
    /// Every state, the letters by kind then stage.
    #[must_use]
    pub fn all() -> Vec<State> {
        let mut all = vec![
            State::Prepared,
            State::Transmitted,
            State::Acknowledged,
            State::Rejected,
            State::EnvelopeRefused,
        ];
        for kind in [
            LetterKind::Simple,
            LetterKind::PiecesRequest,
            LetterKind::Observations,
        ] {
            for stage in [
                LetterStage::Received,
                LetterStage::Acknowledged,
                LetterStage::Answered,
                LetterStage::Refused,
                LetterStage::AnswerAcknowledged,
            ] {
                all.push(State::Letter { kind, stage });
            }
        }
        all.extend([
            State::Referred,
            State::CancellationRequested,
            State::Cancelled,
        ]);
        all
    }

    /// A stable snake_case token, for files that must still read the same
    /// when labels are reworded: `prepared`, `transmitted`, `acknowledged`,
    /// `rejected`, `envelope_refused`, `letter_received`, `letter_answered`
    /// (a 2-1's other stages are never reached),
    /// `pieces_requested`, `pieces_request_acknowledged`, `pieces_sent`,
    /// `pieces_refused`, `pieces_received`, `observations_received`,
    /// `observations_acknowledged`, `observations_answered`,
    /// `observations_rejected`, `observations_answer_received`, `referred`,
    /// `cancellation_requested`, `cancelled` (`actes act status`, the
    /// bundle manifest).
    ///
    /// ```
    /// use actes::transaction::{LetterKind, LetterStage, State};
    /// assert_eq!(State::Rejected.token(), "rejected");
    /// let s = State::Letter { kind: LetterKind::PiecesRequest, stage: LetterStage::Received };
    /// assert_eq!(s.token(), "pieces_requested");
    /// ```
    #[must_use]
    pub fn token(self) -> String {
        use LetterKind as K;
        use LetterStage as S;
        match self {
            State::Prepared => "prepared",
            State::Transmitted => "transmitted",
            State::Acknowledged => "acknowledged",
            State::Rejected => "rejected",
            State::EnvelopeRefused => "envelope_refused",
            State::Letter { kind, stage } => match (kind, stage) {
                (K::Simple, S::Received) => "letter_received",
                (K::Simple, S::Answered) => "letter_answered",
                // Not reached: a 2-1 has no acknowledgement nor refusal.
                (K::Simple, S::Acknowledged) => "letter_acknowledged",
                (K::Simple, S::Refused) => "letter_refused",
                (K::Simple, S::AnswerAcknowledged) => "letter_answer_acknowledged",
                (K::PiecesRequest, S::Received) => "pieces_requested",
                (K::PiecesRequest, S::Acknowledged) => "pieces_request_acknowledged",
                (K::PiecesRequest, S::Answered) => "pieces_sent",
                (K::PiecesRequest, S::Refused) => "pieces_refused",
                (K::PiecesRequest, S::AnswerAcknowledged) => "pieces_received",
                (K::Observations, S::Received) => "observations_received",
                (K::Observations, S::Acknowledged) => "observations_acknowledged",
                (K::Observations, S::Answered) => "observations_answered",
                (K::Observations, S::Refused) => "observations_rejected",
                (K::Observations, S::AnswerAcknowledged) => "observations_answer_received",
            },
            State::Referred => "referred",
            State::CancellationRequested => "cancellation_requested",
            State::Cancelled => "cancelled",
        }
        .to_string()
    }

    /// The state of a [`token`](State::token).
    #[must_use]
    pub fn from_token(token: &str) -> Option<State> {
        State::all().into_iter().find(|s| s.token() == token)
    }

    /// A short label in `lang` (`"acknowledged"` / `"acquitté"`,
    /// `"letter 3-1 answered"` / `"courrier 3-1 répondu"`…), for people;
    /// [`State::token`] is the stable form for files and JSON.
    ///
    /// ```
    /// use actes::diagnostic::Lang;
    /// use actes::transaction::State;
    /// assert_eq!(State::Acknowledged.label(Lang::En), "acknowledged");
    /// assert_eq!(State::Acknowledged.label(Lang::Fr), "acquitté");
    /// ```
    #[must_use]
    pub fn label(self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let t = |en: &str, fr_: &str| if fr { fr_.to_string() } else { en.to_string() };
        match self {
            State::Prepared => t("prepared", "préparé"),
            State::Transmitted => t("transmitted", "transmis"),
            State::Acknowledged => t("acknowledged", "acquitté"),
            State::Rejected => t("rejected (AnomalieActe)", "rejeté (AnomalieActe)"),
            State::EnvelopeRefused => t(
                "envelope refused (AnomalieEnveloppe)",
                "enveloppe refusée (AnomalieEnveloppe)",
            ),
            State::Letter { kind, stage } => {
                let k = match kind {
                    LetterKind::Simple => "2-1",
                    LetterKind::PiecesRequest => "3-1",
                    LetterKind::Observations => "4-1",
                };
                let s = match stage {
                    LetterStage::Received => t("received", "reçu"),
                    LetterStage::Acknowledged => t("acknowledged", "acquitté"),
                    LetterStage::Answered => t("answered", "répondu"),
                    LetterStage::Refused => t("refused", "refusé"),
                    LetterStage::AnswerAcknowledged => {
                        t("answer acknowledged", "réponse acquittée")
                    }
                };
                if fr {
                    format!("courrier {k} {s}")
                } else {
                    format!("letter {k} {s}")
                }
            }
            State::Referred => t(
                "referred to the tribunal (déféré)",
                "déféré au tribunal administratif",
            ),
            State::CancellationRequested => t("cancellation requested", "annulation demandée"),
            State::Cancelled => t("cancelled", "annulé"),
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
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.event.date
    }

    /// The event's message code (`None` for `AnomalieEnveloppe`).
    #[must_use]
    pub fn code(&self) -> Option<MessageCode> {
        self.event.kind.code()
    }
}
