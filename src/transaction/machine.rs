//! The state machine: the sorted history of events folded into a state, letters and legal dates.

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::ids::{ActeKey, KeyMatch};

use super::events::{EventKind, LetterKind, TransactionEvent};
use super::state::{HistoryEntry, Letter, LetterStage, State};
use super::window::{Effect, ReferralWindow, WindowBasis, WindowRules, WindowStatus};

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

/// One act's transaction. See the [module documentation](super).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    key: ActeKey,
    rules: WindowRules,
    events: Vec<TransactionEvent>,
    /// Messages that gave no event (see [`Transaction::push_message`]).
    pub(super) refused: Vec<Diagnostic>,
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
    /// the key's département ([`WindowRules::for_departement`]).
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
    #[must_use]
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
    #[must_use]
    pub fn key(&self) -> &ActeKey {
        &self.key
    }

    /// The `IDActe`: the key's, or the one the 1-2 assigned.
    #[must_use]
    pub fn id_acte(&self) -> Option<&str> {
        self.id_acte.as_deref()
    }

    /// The current state.
    #[must_use]
    pub fn state(&self) -> State {
        self.state
    }

    /// The applied events, in order, each with the state it led to.
    #[must_use]
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// Every event given, in the order given (including refused ones).
    #[must_use]
    pub fn events(&self) -> &[TransactionEvent] {
        &self.events
    }

    /// The prefecture letters, oldest first.
    #[must_use]
    pub fn letters(&self) -> &[Letter] {
        &self.letters
    }

    /// The acknowledgement date: the 1-2 `DateReception`.
    #[must_use]
    pub fn acknowledged_on(&self) -> Option<NaiveDate> {
        self.acknowledged_on
    }

    /// The window rules in use.
    #[must_use]
    pub fn rules(&self) -> WindowRules {
        self.rules
    }

    /// The préfet's window to refer the act, once the act is acknowledged.
    #[must_use]
    pub fn window(&self) -> Option<&ReferralWindow> {
        self.window.as_ref()
    }

    /// The window's status on `today`; `None` before the acknowledgement
    /// date is known.
    #[must_use]
    pub fn window_status(&self, today: NaiveDate) -> Option<WindowStatus> {
        self.window.as_ref().map(|w| w.status(today))
    }

    /// What did not fit: other acts, invalid transitions, duplicates…
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub(super) fn rebuild(&mut self) {
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

/// A transaction as JSON (feature `serde`): `key`, `id_acte`, `state` (the
/// stable [`State::token`]), `acknowledged_on`, `window`, `letters`,
/// `history` and `diagnostics`.
#[cfg(feature = "serde")]
impl serde::Serialize for Transaction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Shape<'a> {
            key: &'a ActeKey,
            id_acte: Option<&'a str>,
            state: String,
            acknowledged_on: Option<NaiveDate>,
            window: Option<&'a ReferralWindow>,
            letters: &'a [Letter],
            history: &'a [HistoryEntry],
            diagnostics: &'a [Diagnostic],
        }
        Shape {
            key: self.key(),
            id_acte: self.id_acte(),
            state: self.state().token(),
            acknowledged_on: self.acknowledged_on(),
            window: self.window(),
            letters: self.letters(),
            history: self.history(),
            diagnostics: self.diagnostics(),
        }
        .serialize(s)
    }
}
