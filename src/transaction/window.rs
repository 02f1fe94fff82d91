//! The préfet's two-month window to refer an act to the tribunal
//! administratif (*délai de déféré*), computed from the events of one act.
//!
//! The rules, their sources and their limits are stated in the
//! [module documentation](super) and in `docs/legal-dates.md`.

use chrono::NaiveDate;

use super::calendar::{add_months, Calendar};
use super::{State, Transaction};

/// The length of the window, and of the implicit-rejection delay, in months.
pub const WINDOW_MONTHS: u32 = 2;

/// How dates of the window are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WindowRules {
    /// The public holidays used to extend a window that ends on a day off.
    pub calendar: Calendar,
    /// Count the window as a *délai franc*: neither the day of the starting
    /// event nor the day of expiry counts, so the last day is the day
    /// **after** the same day number two months later.
    ///
    /// On by default: the déféré is a recours contentieux and its two months
    /// are a délai franc (CE 5 June 2009 n° 312682; CE 19 Sept 2014
    /// n° 362568). `false` gives the stricter, non-franc reading (the
    /// window ends on the same day number), kept as an option (see
    /// `docs/legal-dates.md`).
    pub delai_franc: bool,
}

impl Default for WindowRules {
    /// The national calendar, délai franc.
    fn default() -> WindowRules {
        WindowRules {
            calendar: Calendar::National,
            delai_franc: true,
        }
    }
}

impl WindowRules {
    /// The default rules (délai franc) with the calendar of a département
    /// ([`Calendar::for_departement`]).
    #[must_use]
    pub fn for_departement(code: &str) -> WindowRules {
        WindowRules {
            calendar: Calendar::for_departement(code),
            ..WindowRules::default()
        }
    }

    /// The end of a window that starts on `start`: two months later (same
    /// day number, or the last day of the month), one day later for a
    /// délai franc, then moved to the next working day. Returns
    /// `(nominal_end, end)`.
    ///
    /// ```
    /// use actes::transaction::WindowRules;
    /// use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// // Received 16 December 2024: last day Monday 17 February 2025.
    /// assert_eq!(WindowRules::default().window_end(d(2024, 12, 16)).1, d(2025, 2, 17));
    /// // Non-franc reading: Sunday 16 February, so Monday 17 February too.
    /// let strict = WindowRules { delai_franc: false, ..WindowRules::default() };
    /// assert_eq!(strict.window_end(d(2024, 12, 16)), (d(2025, 2, 16), d(2025, 2, 17)));
    /// ```
    #[must_use]
    pub fn window_end(&self, start: NaiveDate) -> (NaiveDate, NaiveDate) {
        let mut nominal = add_months(start, WINDOW_MONTHS).unwrap_or(NaiveDate::MAX);
        if self.delai_franc {
            nominal = nominal.succ_opt().unwrap_or(nominal);
        }
        (nominal, self.calendar.next_working_day(nominal))
    }
}

/// What started a period of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum WindowBasis {
    /// The acknowledgement of the act (1-2 `DateReception`).
    Acknowledgement,
    /// The reception of the additional documents (3-5 acknowledging a 3-4).
    PiecesReceived,
    /// The reception of the collectivité's refusal to send them (3-5
    /// acknowledging a 3-3).
    PiecesRefused,
    /// A 3-5 whose answer (3-3 or 3-4) is not in the history.
    PiecesAnswered,
    /// The reception of the collectivité's answer to the lettre
    /// d'observations (4-5).
    ObservationsAnswered,
    /// The implicit rejection of the lettre d'observations: two months of
    /// silence after it was received.
    ImplicitRejection,
    /// The implicit refusal to complete the transmission: two months of
    /// silence after the demande de pièces complémentaires was received.
    PiecesImplicitRefusal,
}

/// Why a period stopped running before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum WindowStop {
    /// Suspended by a demande de pièces complémentaires (3-1) of that date.
    PiecesRequested(NaiveDate),
    /// Interrupted by a lettre d'observations (4-1) of that date.
    Observations(NaiveDate),
}

/// One period during which the two months run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WindowPeriod {
    /// What started it.
    pub basis: WindowBasis,
    /// The day it starts (the day of the starting event).
    pub start: NaiveDate,
    /// Two months later (same day number, or the last day of the month),
    /// plus one day for a délai franc.
    pub nominal_end: NaiveDate,
    /// The last day of the window: `nominal_end` moved to the next working
    /// day when it is a Saturday, a Sunday or a public holiday.
    pub end: NaiveDate,
    /// Set when a letter stopped it before `end`.
    pub stopped: Option<WindowStop>,
}

/// A suspension or interruption that is still pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "kind"))]
pub enum Pending {
    /// A 3-1 awaits the documents (or the refusal): the window does not run.
    /// It runs again, for two full months, from the 3-5, or from the
    /// implicit refusal (two months of silence).
    PiecesRequested {
        /// The date of the 3-1.
        since: NaiveDate,
        /// The date an answer (3-3 or 3-4) was sent, when the history has
        /// it; the window then waits for the 3-5 and no implicit refusal is
        /// computed.
        answer_sent_on: Option<NaiveDate>,
        /// Without an answer: the period that follows the implicit refusal
        /// (two months of silence from the letter's reception).
        implicit: Option<WindowPeriod>,
    },
    /// A 4-1 awaits the collectivité's answer.
    Observations {
        /// The date of the 4-1.
        since: NaiveDate,
        /// The date an answer (4-3 or 4-4) was sent, when the history has
        /// it; the window then waits for the 4-5 and no implicit rejection
        /// is computed.
        answer_sent_on: Option<NaiveDate>,
        /// Without an answer: the period that follows the implicit
        /// rejection (two months of silence from the letter's reception).
        implicit: Option<WindowPeriod>,
    },
}

/// The status of the window on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "status"))]
pub enum WindowStatus {
    /// The préfet can still refer the act, until `until` included.
    Open {
        /// The last day.
        until: NaiveDate,
        /// What started the running period.
        basis: WindowBasis,
    },
    /// The window ended on `ended` (included).
    Closed {
        /// The last day it was open.
        ended: NaiveDate,
        /// What started the last period.
        basis: WindowBasis,
    },
    /// A 3-1 suspended it; it runs again from the reception of the
    /// documents, or of the refusal, or from the implicit refusal.
    Suspended {
        /// The date of the 3-1.
        since: NaiveDate,
        /// The day the silence becomes an implicit refusal, if nothing is
        /// sent by then (`None` once an answer was sent and its 3-5 is
        /// awaited).
        implicit_refusal_on: Option<NaiveDate>,
    },
    /// A 4-1 interrupted it and the collectivité has not answered, and the
    /// implicit rejection has not happened yet (or cannot happen because an
    /// answer was sent and its 4-5 is awaited).
    Interrupted {
        /// The date of the 4-1.
        since: NaiveDate,
        /// The day the silence becomes an implicit rejection, if no answer
        /// is sent by then.
        implicit_rejection_on: Option<NaiveDate>,
    },
    /// The act was referred to the tribunal (5-1 `DateDepot`).
    Referred {
        /// The `DateDepot`.
        on: NaiveDate,
    },
    /// The transmission was cancelled (6-2): the window is moot.
    Cancelled {
        /// The `DateReception` of the 6-2.
        on: NaiveDate,
    },
}

/// The window of one act: every period, and what is pending.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ReferralWindow {
    /// The rules used.
    pub rules: WindowRules,
    /// Every period, oldest first; the first one starts at the
    /// acknowledgement.
    pub periods: Vec<WindowPeriod>,
    /// A suspension or interruption still pending.
    pub pending: Option<Pending>,
    /// The date of the first déféré (5-1 `DateDepot`), if any.
    pub referred_on: Option<NaiveDate>,
    /// The date of the ARAnnulation (6-2), if any.
    pub cancelled_on: Option<NaiveDate>,
    /// Whether a lettre d'observations already interrupted the window (only
    /// the first one does).
    pub observations_used: bool,
}

/// What the window did with an event (the transaction turns it into a
/// diagnostic when useful).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    Applied,
    /// A 3-1 or 4-1 dated after the end of the running window.
    LetterAfterWindow {
        end: NaiveDate,
    },
    /// A 5-1 whose DateDepot is after the end of the running window.
    ReferralAfterWindow {
        end: NaiveDate,
    },
    /// Recorded, no effect on the window (e.g. a second 4-1).
    Ignored,
}

impl ReferralWindow {
    /// A window that starts on `acknowledged_on` (the 1-2 `DateReception`).
    #[must_use]
    pub fn new(acknowledged_on: NaiveDate, rules: WindowRules) -> ReferralWindow {
        let mut w = ReferralWindow {
            rules,
            periods: Vec::new(),
            pending: None,
            referred_on: None,
            cancelled_on: None,
            observations_used: false,
        };
        w.start_period(WindowBasis::Acknowledgement, acknowledged_on);
        w
    }

    fn period(&self, basis: WindowBasis, start: NaiveDate) -> WindowPeriod {
        let (nominal_end, end) = self.rules.window_end(start);
        WindowPeriod {
            basis,
            start,
            nominal_end,
            end,
            stopped: None,
        }
    }

    fn start_period(&mut self, basis: WindowBasis, start: NaiveDate) {
        let p = self.period(basis, start);
        self.periods.push(p);
    }

    /// The running period: the last one, when nothing is pending.
    #[must_use]
    pub fn running(&self) -> Option<&WindowPeriod> {
        match self.pending {
            None => self.periods.last().filter(|p| p.stopped.is_none()),
            Some(_) => None,
        }
    }

    /// The last day of the window as currently known: the end of the running
    /// period; `None` while a suspension or interruption is pending (see
    /// [`ReferralWindow::status`] for the implicit-rejection case).
    #[must_use]
    pub fn end(&self) -> Option<NaiveDate> {
        self.running().map(|p| p.end)
    }

    /// The status of the window on `today` (the library never reads the
    /// clock).
    ///
    /// ```
    /// use actes::transaction::{ReferralWindow, WindowRules, WindowStatus, WindowBasis};
    /// use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let w = ReferralWindow::new(d(2018, 5, 28), WindowRules::default());
    /// assert_eq!(w.status(d(2018, 7, 28)),
    ///     WindowStatus::Open { until: d(2018, 7, 30), basis: WindowBasis::Acknowledgement });
    /// // 28 July 2018 is a Saturday: the window ends on Monday 30 July.
    /// assert!(matches!(w.status(d(2018, 7, 31)), WindowStatus::Closed { .. }));
    /// ```
    #[must_use]
    pub fn status(&self, today: NaiveDate) -> WindowStatus {
        if let Some(on) = self.cancelled_on.filter(|on| *on <= today) {
            return WindowStatus::Cancelled { on };
        }
        if let Some(on) = self.referred_on.filter(|on| *on <= today) {
            return WindowStatus::Referred { on };
        }
        let open_or_closed = |p: &WindowPeriod| {
            if today <= p.end {
                WindowStatus::Open {
                    until: p.end,
                    basis: p.basis,
                }
            } else {
                WindowStatus::Closed {
                    ended: p.end,
                    basis: p.basis,
                }
            }
        };
        match self.pending {
            Some(Pending::PiecesRequested {
                since, implicit, ..
            }) => match implicit {
                Some(p) if today >= p.start => open_or_closed(&p),
                _ => WindowStatus::Suspended {
                    since,
                    implicit_refusal_on: implicit.map(|p| p.start),
                },
            },
            Some(Pending::Observations {
                since, implicit, ..
            }) => match implicit {
                Some(p) if today >= p.start => open_or_closed(&p),
                _ => WindowStatus::Interrupted {
                    since,
                    implicit_rejection_on: implicit.map(|p| p.start),
                },
            },
            None => match self.periods.last() {
                Some(p) => open_or_closed(p),
                // Unreachable in practice: `new` always starts a period.
                None => WindowStatus::Suspended {
                    since: today,
                    implicit_refusal_on: None,
                },
            },
        }
    }

    fn stop_running(&mut self, stop: WindowStop) {
        if let Some(p) = self.periods.last_mut() {
            p.stopped = Some(stop);
        }
    }

    /// When an implicit decision (refusal of a 3-1, rejection of a 4-1)
    /// happened on or before `date`, the window runs from it: the pending
    /// suspension or interruption is over.
    fn settle(&mut self, date: NaiveDate) {
        let implicit = match self.pending {
            Some(
                Pending::PiecesRequested { implicit, .. } | Pending::Observations { implicit, .. },
            ) => implicit,
            None => None,
        };
        if let Some(p) = implicit.filter(|p| date >= p.start) {
            self.pending = None;
            self.periods.push(p);
        }
    }

    /// A 3-1 dated `letter_date`.
    pub(crate) fn pieces_requested(&mut self, letter_date: NaiveDate) -> Effect {
        self.settle(letter_date);
        let Some(end) = self.end() else {
            return Effect::Ignored;
        };
        if letter_date > end {
            return Effect::LetterAfterWindow { end };
        }
        self.stop_running(WindowStop::PiecesRequested(letter_date));
        let implicit = self.implicit_period(WindowBasis::PiecesImplicitRefusal, letter_date);
        self.pending = Some(Pending::PiecesRequested {
            since: letter_date,
            answer_sent_on: None,
            implicit,
        });
        Effect::Applied
    }

    /// The 3-2 (the collectivité acknowledged the 3-1 on `date`): the
    /// implicit refusal counts from it.
    pub(crate) fn pieces_acknowledged(&mut self, date: NaiveDate) {
        if let Some(Pending::PiecesRequested {
            answer_sent_on: None,
            since,
            ..
        }) = self.pending
        {
            let implicit =
                self.implicit_period(WindowBasis::PiecesImplicitRefusal, date.max(since));
            self.pending = Some(Pending::PiecesRequested {
                since,
                answer_sent_on: None,
                implicit,
            });
        }
    }

    /// A 3-3 or 3-4 sent on `date`. An answer sent after the implicit
    /// refusal changes nothing (documented choice).
    pub(crate) fn pieces_answer_sent(&mut self, date: NaiveDate) {
        if let Some(Pending::PiecesRequested {
            since, implicit, ..
        }) = self.pending
        {
            if implicit.is_some_and(|p| date >= p.start) {
                return;
            }
            self.pending = Some(Pending::PiecesRequested {
                since,
                answer_sent_on: Some(date),
                implicit: None,
            });
        }
    }

    /// A 3-5 received on `date`; `basis` tells what it acknowledges.
    pub(crate) fn pieces_answer_received(&mut self, date: NaiveDate, basis: WindowBasis) -> Effect {
        match self.pending {
            Some(Pending::PiecesRequested { implicit, .. }) => {
                self.pending = None;
                match implicit {
                    // The silence already was an implicit refusal: the
                    // window runs from it (documented choice).
                    Some(p) if date >= p.start => self.periods.push(p),
                    _ => self.start_period(basis, date),
                }
                Effect::Applied
            }
            _ => Effect::Ignored,
        }
    }

    /// A 4-1 dated `letter_date`. The implicit rejection is counted from the
    /// letter date until a 4-2 gives the date the collectivité acknowledged
    /// it.
    pub(crate) fn observations(&mut self, letter_date: NaiveDate) -> Effect {
        self.settle(letter_date);
        if self.observations_used {
            return Effect::Ignored;
        }
        let Some(end) = self.end() else {
            return Effect::Ignored;
        };
        if letter_date > end {
            return Effect::LetterAfterWindow { end };
        }
        self.observations_used = true;
        self.stop_running(WindowStop::Observations(letter_date));
        let implicit = self.implicit_period(WindowBasis::ImplicitRejection, letter_date);
        self.pending = Some(Pending::Observations {
            since: letter_date,
            answer_sent_on: None,
            implicit,
        });
        Effect::Applied
    }

    /// The period that follows an implicit decision: two months of silence
    /// after `received_on` (same day number, not franc: the silence rule
    /// counts months from date to date), then two months of window.
    fn implicit_period(&self, basis: WindowBasis, received_on: NaiveDate) -> Option<WindowPeriod> {
        let decision = add_months(received_on, WINDOW_MONTHS)?;
        Some(self.period(basis, decision))
    }

    /// The 4-2 (the collectivité acknowledged the letter on `date`): the
    /// implicit rejection counts from it.
    pub(crate) fn observations_acknowledged(&mut self, date: NaiveDate) {
        if let Some(Pending::Observations {
            answer_sent_on: None,
            since,
            ..
        }) = self.pending
        {
            let implicit = self.implicit_period(WindowBasis::ImplicitRejection, date.max(since));
            self.pending = Some(Pending::Observations {
                since,
                answer_sent_on: None,
                implicit,
            });
        }
    }

    /// A 4-3 or 4-4 sent on `date`. An answer sent after the implicit
    /// rejection changes nothing (documented choice).
    pub(crate) fn observations_answer_sent(&mut self, date: NaiveDate) {
        if let Some(Pending::Observations {
            since, implicit, ..
        }) = self.pending
        {
            if implicit.is_some_and(|p| date >= p.start) {
                return;
            }
            self.pending = Some(Pending::Observations {
                since,
                answer_sent_on: Some(date),
                implicit: None,
            });
        }
    }

    /// A 4-5 received on `date`.
    pub(crate) fn observations_answer_received(&mut self, date: NaiveDate) -> Effect {
        match self.pending {
            Some(Pending::Observations { implicit, .. }) => {
                self.pending = None;
                match implicit {
                    // The silence already was an implicit rejection: the
                    // window runs from it (documented choice).
                    Some(p) if date >= p.start => self.periods.push(p),
                    _ => self.start_period(WindowBasis::ObservationsAnswered, date),
                }
                Effect::Applied
            }
            _ => Effect::Ignored,
        }
    }

    /// A 5-1 deposited on `date_depot`.
    pub(crate) fn referred(&mut self, date_depot: NaiveDate) -> Effect {
        self.settle(date_depot);
        let late = match self.pending {
            None => self.end().filter(|end| date_depot > *end),
            Some(_) => None,
        };
        if self.referred_on.is_none() {
            self.referred_on = Some(date_depot);
        }
        match late {
            Some(end) => Effect::ReferralAfterWindow { end },
            None => Effect::Applied,
        }
    }

    /// A 6-2 received on `date`.
    pub(crate) fn cancelled(&mut self, date: NaiveDate) {
        if self.cancelled_on.is_none() {
            self.cancelled_on = Some(date);
        }
    }
}

/// The last day on which third parties may bring the act before the
/// tribunal: two months from its publication (CJA R.421-1), always counted
/// as a *délai franc* (that a recours contentieux by a third party is franc
/// is settled), then moved to the next working day of `calendar`. Returns
/// `(nominal_end, end)`.
///
/// ```
/// use actes::transaction::{third_party_window_end, Calendar};
/// use chrono::NaiveDate;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// // Published 31 December 2023: 29 February 2024 + 1 = Friday 1 March.
/// assert_eq!(third_party_window_end(d(2023, 12, 31), Calendar::National).1, d(2024, 3, 1));
/// ```
#[must_use]
pub fn third_party_window_end(
    published_on: NaiveDate,
    calendar: Calendar,
) -> (NaiveDate, NaiveDate) {
    WindowRules {
        calendar,
        delai_franc: true,
    }
    .window_end(published_on)
}

/// The day an act becomes *exécutoire* (CGCT L.2131-1 as rewritten by
/// ordonnance 2021-1310, in force 1 July 2022): once brought to the
/// knowledge of those concerned (published or notified) **and**
/// transmitted, the transmission counting from its reception by the
/// préfecture — so the later of `published_on` and `acknowledged_on` (the
/// 1-2 `DateReception`). `None` while either is unknown: an act not
/// published is not exécutoire, whatever its acknowledgement.
///
/// ```
/// use actes::transaction::executoire_on;
/// use chrono::NaiveDate;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(executoire_on(Some(d(2023, 3, 2)), Some(d(2023, 3, 1))), Some(d(2023, 3, 2)));
/// assert_eq!(executoire_on(Some(d(2023, 3, 2)), Some(d(2023, 3, 6))), Some(d(2023, 3, 6)));
/// assert_eq!(executoire_on(Some(d(2023, 3, 2)), None), None);
/// ```
#[must_use]
pub fn executoire_on(
    acknowledged_on: Option<NaiveDate>,
    published_on: Option<NaiveDate>,
) -> Option<NaiveDate> {
    Some(acknowledged_on?.max(published_on?))
}

/// The legal dates of one act on a given day: the préfet's window, and what
/// its publication gives. Built by [`Transaction::legal_dates`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LegalDates {
    /// The 1-2 `DateReception`.
    pub acknowledged_on: Option<NaiveDate>,
    /// The préfet's window on that day; `None` before the acknowledgement.
    pub window: Option<WindowStatus>,
    /// The last day of the préfet's window as known on that day: `None`
    /// before the acknowledgement and while a 3-1 or 4-1 holds it.
    pub window_end: Option<NaiveDate>,
    /// The publication (or notification) date given by the caller.
    pub published_on: Option<NaiveDate>,
    /// The day the act became (or becomes) exécutoire ([`executoire_on`]);
    /// `None` when the transmission was rejected, refused or cancelled.
    pub executoire_on: Option<NaiveDate>,
    /// The last day of the third parties' window
    /// ([`third_party_window_end`]), from the publication.
    pub third_party_window_end: Option<NaiveDate>,
}

impl WindowStatus {
    /// A coarse, stable token: `open`, `closed` (also after a déféré or a
    /// cancellation, which make the window moot) or `suspended` (a 3-1 or a
    /// 4-1 holds it). `unknown` is the caller's when there is no window.
    #[must_use]
    pub fn token(&self) -> &'static str {
        match self {
            WindowStatus::Open { .. } => "open",
            WindowStatus::Closed { .. }
            | WindowStatus::Referred { .. }
            | WindowStatus::Cancelled { .. } => "closed",
            WindowStatus::Suspended { .. } | WindowStatus::Interrupted { .. } => "suspended",
        }
    }

    /// While the window waits for it: the day an unanswered 3-1 (implicit
    /// refusal) or 4-1 (implicit rejection) becomes an implicit decision,
    /// from which the window runs again.
    #[must_use]
    pub fn implicit_decision_on(&self) -> Option<NaiveDate> {
        match self {
            WindowStatus::Suspended {
                implicit_refusal_on,
                ..
            } => *implicit_refusal_on,
            WindowStatus::Interrupted {
                implicit_rejection_on,
                ..
            } => *implicit_rejection_on,
            _ => None,
        }
    }

    /// The last day of the window, when it is running or ended.
    #[must_use]
    pub fn end(&self) -> Option<NaiveDate> {
        match self {
            WindowStatus::Open { until, .. } => Some(*until),
            WindowStatus::Closed { ended, .. } => Some(*ended),
            _ => None,
        }
    }
}

impl Transaction {
    /// The legal dates of the act on `today` (the library never reads the
    /// clock), given its publication (or notification) date if known.
    ///
    /// ```
    /// use actes::ids::ActeKey;
    /// use actes::transaction::{EventKind, Transaction, TransactionEvent};
    /// use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let key = ActeKey::from_id_acte("034-000000000-20240110-2024_1-DE");
    /// let t = Transaction::from_events(key.clone(),
    ///     [TransactionEvent::new(EventKind::ActeAcknowledged, d(2024, 1, 12), key)]);
    /// let l = t.legal_dates(Some(d(2024, 1, 15)), d(2024, 2, 1));
    /// assert_eq!(l.executoire_on, Some(d(2024, 1, 15)));
    /// assert_eq!(l.window_end, Some(d(2024, 3, 13)));
    /// assert_eq!(l.third_party_window_end, Some(d(2024, 3, 18))); // 16 March is a Saturday
    /// ```
    #[must_use]
    pub fn legal_dates(&self, published_on: Option<NaiveDate>, today: NaiveDate) -> LegalDates {
        let window = self.window_status(today);
        let transmitted = !matches!(
            self.state(),
            State::Rejected | State::EnvelopeRefused | State::Cancelled
        );
        LegalDates {
            acknowledged_on: self.acknowledged_on(),
            window,
            window_end: window.and_then(|w| w.end()),
            published_on,
            executoire_on: executoire_on(self.acknowledged_on(), published_on)
                .filter(|_| transmitted),
            third_party_window_end: published_on
                .map(|p| third_party_window_end(p, self.rules().calendar).1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn end_of_window() {
        let r = WindowRules {
            delai_franc: false,
            ..WindowRules::default()
        };
        // 31 Dec 2018 + 2 months = 28 Feb 2019 (a Thursday).
        assert_eq!(
            r.window_end(d(2018, 12, 31)),
            (d(2019, 2, 28), d(2019, 2, 28))
        );
        // 31 Dec 2019 + 2 months = 29 Feb 2020, a Saturday → Monday 2 March.
        assert_eq!(
            r.window_end(d(2019, 12, 31)),
            (d(2020, 2, 29), d(2020, 3, 2))
        );
        let franc = WindowRules::default();
        // 1 Feb 2019 → 1 April (Mon) → franc: 2 April.
        assert_eq!(
            franc.window_end(d(2019, 2, 1)),
            (d(2019, 4, 2), d(2019, 4, 2))
        );
    }

    #[test]
    fn suspension_and_restart() {
        let mut w = ReferralWindow::new(d(2019, 1, 10), WindowRules::default());
        assert_eq!(w.end(), Some(d(2019, 3, 11))); // 10 March 2019 is a Sunday
        assert_eq!(w.pieces_requested(d(2019, 2, 1)), Effect::Applied);
        assert_eq!(w.end(), None);
        assert_eq!(
            w.status(d(2019, 3, 31)),
            WindowStatus::Suspended {
                since: d(2019, 2, 1),
                implicit_refusal_on: Some(d(2019, 4, 1))
            }
        );
        // Unanswered: implicit refusal on 1 April, window to 2 June (a
        // Sunday) → Monday 3 June.
        assert_eq!(
            w.status(d(2019, 6, 1)),
            WindowStatus::Open {
                until: d(2019, 6, 3),
                basis: WindowBasis::PiecesImplicitRefusal
            }
        );
        w.pieces_answer_received(d(2019, 3, 15), WindowBasis::PiecesReceived);
        assert_eq!(w.end(), Some(d(2019, 5, 16)));
        assert_eq!(w.periods.len(), 2);
        assert_eq!(
            w.periods[0].stopped,
            Some(WindowStop::PiecesRequested(d(2019, 2, 1)))
        );
    }

    #[test]
    fn late_letter_has_no_effect() {
        let mut w = ReferralWindow::new(d(2019, 1, 10), WindowRules::default());
        assert_eq!(
            w.pieces_requested(d(2019, 3, 12)),
            Effect::LetterAfterWindow {
                end: d(2019, 3, 11)
            }
        );
        assert_eq!(w.end(), Some(d(2019, 3, 11)));
    }

    #[test]
    fn observations_implicit_rejection() {
        let mut w = ReferralWindow::new(d(2019, 1, 10), WindowRules::default());
        assert_eq!(w.observations(d(2019, 2, 5)), Effect::Applied);
        // Silence: implicit rejection on 5 April, new window to 6 June.
        assert_eq!(
            w.status(d(2019, 4, 4)),
            WindowStatus::Interrupted {
                since: d(2019, 2, 5),
                implicit_rejection_on: Some(d(2019, 4, 5))
            }
        );
        assert_eq!(
            w.status(d(2019, 4, 5)),
            WindowStatus::Open {
                until: d(2019, 6, 6),
                basis: WindowBasis::ImplicitRejection
            }
        );
        // A second 4-1 does not interrupt again.
        assert_eq!(w.observations(d(2019, 2, 20)), Effect::Ignored);
        // Explicit answer received 1 March: new window to 2 May (1 May is a holiday).
        w.observations_answer_received(d(2019, 3, 1));
        assert_eq!(w.end(), Some(d(2019, 5, 2)));
    }
}
