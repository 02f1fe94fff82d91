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
//! a public holiday (art. 642 CPC; [`Calendar`]).
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
//! use actes::ids::ActeKey;
//! use actes::transaction::{EventKind, State, Transaction, TransactionEvent, WindowStatus};
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

mod acts;
mod calendar;
mod events;
mod from_message;
mod machine;
mod state;
mod window;

#[cfg(feature = "serde")]
pub use acts::{act_fields, status_json};
pub use acts::{ActFields, Acts, NamedBytes};
pub use calendar::{add_months, easter_sunday, Calendar};
pub use events::{EventKind, LetterKind, TransactionEvent};
pub use from_message::EventContext;
pub use machine::Transaction;
pub use state::{HistoryEntry, Letter, LetterStage, State};
pub use window::{
    executoire_on, third_party_window_end, LegalDates, Pending, ReferralWindow, WindowBasis,
    WindowPeriod, WindowRules, WindowStatus, WindowStop, WINDOW_MONTHS,
};
