//! The préfet's two-month window to refer an act to the tribunal
//! administratif (*délai de déféré*), computed from the events of one act.
//!
//! The rules, their sources and their limits are stated in the
//! [module documentation](super) and in `docs/legal-dates.md`.

use chrono::NaiveDate;

use super::calendar::{add_months, Calendar};

/// The length of the window, and of the implicit-rejection delay, in months.
pub const WINDOW_MONTHS: u32 = 2;

/// How dates of the window are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WindowRules {
    /// The public holidays used to extend a window that ends on a day off.
    pub calendar: Calendar,
    /// Count the window as a *délai franc* (the end moves one day later).
    ///
    /// Off by default: the window ends on the same day number two months
    /// after its start (art. 641 CPC). Administrative courts treat the
    /// délais de recours contentieux as *francs*; whether they do so for
    /// the déféré préfectoral is not settled by the sources at hand, so the
    /// choice is left to the caller (see `docs/legal-dates.md`).
    pub delai_franc: bool,
}

impl WindowRules {
    /// The end of a window that starts on `start`: two months later (same
    /// day number, or the last day of the month), one day later for a
    /// délai franc, then moved to the next working day. Returns
    /// `(nominal_end, end)`.
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
    /// Two months later (same day number, or the last day of the month).
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
    /// It runs again, for two full months, from the 3-5.
    PiecesRequested {
        /// The date of the 3-1.
        since: NaiveDate,
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
    /// A 3-1 suspended it; it runs again from the reception of the documents.
    Suspended {
        /// The date of the 3-1.
        since: NaiveDate,
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
    pub fn running(&self) -> Option<&WindowPeriod> {
        match self.pending {
            None => self.periods.last().filter(|p| p.stopped.is_none()),
            Some(_) => None,
        }
    }

    /// The last day of the window as currently known: the end of the running
    /// period; `None` while a suspension or interruption is pending (see
    /// [`ReferralWindow::status`] for the implicit-rejection case).
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
            Some(Pending::PiecesRequested { since }) => WindowStatus::Suspended { since },
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
                None => WindowStatus::Suspended { since: today },
            },
        }
    }

    fn stop_running(&mut self, stop: WindowStop) {
        if let Some(p) = self.periods.last_mut() {
            p.stopped = Some(stop);
        }
    }

    /// A 3-1 dated `letter_date`.
    pub(crate) fn pieces_requested(&mut self, letter_date: NaiveDate) -> Effect {
        let Some(end) = self.end() else {
            return Effect::Ignored;
        };
        if letter_date > end {
            return Effect::LetterAfterWindow { end };
        }
        self.stop_running(WindowStop::PiecesRequested(letter_date));
        self.pending = Some(Pending::PiecesRequested { since: letter_date });
        Effect::Applied
    }

    /// A 3-5 received on `date`; `basis` tells what it acknowledges.
    pub(crate) fn pieces_answer_received(&mut self, date: NaiveDate, basis: WindowBasis) -> Effect {
        match self.pending {
            Some(Pending::PiecesRequested { .. }) => {
                self.pending = None;
                self.start_period(basis, date);
                Effect::Applied
            }
            _ => Effect::Ignored,
        }
    }

    /// A 4-1 dated `letter_date`. The implicit rejection is counted from the
    /// letter date until a 4-2 gives the date the collectivité acknowledged
    /// it.
    pub(crate) fn observations(&mut self, letter_date: NaiveDate) -> Effect {
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
        let implicit = self.implicit_period(letter_date);
        self.pending = Some(Pending::Observations {
            since: letter_date,
            answer_sent_on: None,
            implicit,
        });
        Effect::Applied
    }

    fn implicit_period(&self, received_on: NaiveDate) -> Option<WindowPeriod> {
        let rejection = add_months(received_on, WINDOW_MONTHS)?;
        Some(self.period(WindowBasis::ImplicitRejection, rejection))
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
            let implicit = self.implicit_period(date.max(since));
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
        let late = match self.pending {
            None => self.end().filter(|end| date_depot > *end),
            Some(Pending::Observations {
                implicit: Some(p), ..
            }) if date_depot >= p.start && date_depot > p.end => Some(p.end),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn end_of_window() {
        let r = WindowRules::default();
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
        let franc = WindowRules {
            delai_franc: true,
            ..WindowRules::default()
        };
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
            w.status(d(2019, 6, 1)),
            WindowStatus::Suspended {
                since: d(2019, 2, 1)
            }
        );
        w.pieces_answer_received(d(2019, 4, 15), WindowBasis::PiecesReceived);
        assert_eq!(w.end(), Some(d(2019, 6, 17))); // 15 June 2019 Saturday
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
        // Silence: implicit rejection on 5 April, new window to 5 June.
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
                until: d(2019, 6, 5),
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
