//! The legal dates of an act (docs/legal-dates.md), as tables: the examples
//! of the reference note `legal-dates.md`, month ends and leap years, each
//! overseas holiday, Alsace-Moselle, the 3-1 and 4-1 answered or not, and
//! the publication before or after the acknowledgement.

use actes::ids::ActeKey;
use actes::transaction::{
    Calendar, EventKind, Transaction, TransactionEvent, WindowBasis, WindowRules, WindowStatus,
};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn key(departement: &str) -> ActeKey {
    ActeKey::from_id_acte(&format!("{departement}-000000000-20000101-NUM_1-DE"))
}

/// A transaction of `departement` with its 1-2 on `ack` and `events` (kind,
/// date, letter date).
fn txn(departement: &str, ack: &str, events: &[(EventKind, &str, Option<&str>)]) -> Transaction {
    let k = key(departement);
    let mut all = vec![TransactionEvent::new(
        EventKind::ActeAcknowledged,
        d(ack),
        k.clone(),
    )];
    for (kind, date, letter) in events {
        let mut e = TransactionEvent::new(*kind, d(date), k.clone());
        if let Some(l) = letter {
            e = e.with_letter_date(d(l));
        }
        all.push(e);
    }
    Transaction::from_events(k, all)
}

/// Events (kind, date, letter date), today, the expected status, why.
type Row<'a> = (
    Vec<(EventKind, &'a str, Option<&'a str>)>,
    &'a str,
    WindowStatus,
    &'a str,
);

fn end(t: &Transaction) -> Option<NaiveDate> {
    t.window().and_then(|w| w.end())
}

#[test]
fn the_window_is_a_delai_franc_then_the_next_working_day() {
    // (received, last day of the délai franc, last day in the non-franc
    // reading, why).
    let rows = [
        // Examples of the reference note.
        (
            "2017-01-09",
            "2017-03-10",
            "2017-03-09",
            "9 Jan → 10 March (note §1)",
        ),
        (
            "2007-10-01",
            "2007-12-03",
            "2007-12-03",
            "1 Oct → Sunday 2 Dec → Monday 3 Dec (note §1)",
        ),
        (
            "2007-08-12",
            "2007-10-15",
            "2007-10-12",
            "CE 312682: last day Saturday 13 Oct → Monday 15",
        ),
        (
            "2024-12-16",
            "2025-02-17",
            "2025-02-17",
            "16 Dec → 17 Feb (the issue's example)",
        ),
        // Month ends and leap years.
        (
            "2022-12-31",
            "2023-03-01",
            "2023-02-28",
            "31 Dec → 28 Feb → 1 March",
        ),
        (
            "2023-12-31",
            "2024-03-01",
            "2024-02-29",
            "31 Dec → 29 Feb (leap) → 1 March",
        ),
        (
            "2023-12-30",
            "2024-03-01",
            "2024-02-29",
            "30 Dec: no 30 Feb, last day 29",
        ),
        (
            "2022-12-29",
            "2023-03-01",
            "2023-02-28",
            "29 Dec, not a leap year",
        ),
        (
            "2019-12-31",
            "2020-03-02",
            "2020-03-02",
            "29 Feb 2020 Saturday / 1 March Sunday → Monday 2",
        ),
        (
            "2024-07-31",
            "2024-10-01",
            "2024-09-30",
            "31 July → 30 Sept",
        ),
        // National holidays.
        (
            "2025-05-13",
            "2025-07-15",
            "2025-07-15",
            "Monday 14 July 2025 → Tuesday 15",
        ),
        (
            "2019-02-28",
            "2019-04-29",
            "2019-04-29",
            "franc: 29 April; non-franc: Sunday 28 April → 29",
        ),
    ];
    for (ack, franc, strict, why) in rows {
        let t = txn("034", ack, &[]);
        assert_eq!(end(&t), Some(d(franc)), "délai franc: {why}");
        let s = t.with_rules(WindowRules {
            calendar: Calendar::National,
            delai_franc: false,
        });
        assert_eq!(end(&s), Some(d(strict)), "non-franc: {why}");
    }
}

#[test]
fn local_holidays_extend_the_window_in_their_place_only() {
    // (département, calendar, received, last day there, last day in
    // mainland France).
    let rows = [
        // Good Friday 18 April 2025, then Easter Monday 21.
        (
            "057",
            Calendar::AlsaceMoselle,
            "2025-02-17",
            "2025-04-22",
            "2025-04-18",
        ),
        // Friday 26 December 2025 → Monday 29.
        (
            "067",
            Calendar::AlsaceMoselle,
            "2025-10-25",
            "2025-12-29",
            "2025-12-26",
        ),
        // Wednesday 27 May 2026 → Thursday 28.
        (
            "971",
            Calendar::Guadeloupe,
            "2026-03-26",
            "2026-05-28",
            "2026-05-27",
        ),
        // Friday 22 May 2026 → week-end → Whit Monday 25 → Tuesday 26.
        (
            "972",
            Calendar::Martinique,
            "2026-03-21",
            "2026-05-26",
            "2026-05-22",
        ),
        // Wednesday 10 June 2026 → Thursday 11.
        (
            "973",
            Calendar::Guyane,
            "2026-04-09",
            "2026-06-11",
            "2026-06-10",
        ),
        // Monday 20 December 2027 → Tuesday 21.
        (
            "974",
            Calendar::Reunion,
            "2027-10-19",
            "2027-12-21",
            "2027-12-20",
        ),
        // Monday 27 April 2026 → Tuesday 28.
        (
            "976",
            Calendar::Mayotte,
            "2026-02-26",
            "2026-04-28",
            "2026-04-27",
        ),
        // Friday 9 October 2026 → Monday 12.
        (
            "977",
            Calendar::SaintBarthelemy,
            "2026-08-08",
            "2026-10-12",
            "2026-10-09",
        ),
        // Thursday 28 May 2026 → Friday 29 (not 27 May: see the docs).
        (
            "978",
            Calendar::SaintMartin,
            "2026-03-27",
            "2026-05-29",
            "2026-05-28",
        ),
    ];
    for (dep, calendar, ack, local, national) in rows {
        let t = txn(dep, ack, &[]);
        assert_eq!(t.rules().calendar, calendar, "{dep}");
        assert_eq!(end(&t), Some(d(local)), "{dep} {calendar:?}");
        assert_eq!(end(&txn("034", ack, &[])), Some(d(national)), "{dep}");
    }
    // Saint-Barthélemy and Saint-Martin are filed under 971: their calendar
    // is chosen by the caller.
    let t = txn("971", "2026-03-27", &[]);
    assert_eq!(end(&t), Some(d("2026-05-28")));
    let t = t.with_rules(WindowRules {
        calendar: Calendar::SaintMartin,
        ..WindowRules::default()
    });
    assert_eq!(end(&t), Some(d("2026-05-29")));
}

#[test]
fn pieces_requests_answered_or_not() {
    use EventKind::*;
    let l = Some("2019-02-20");
    // Received 10 January 2019; 3-1 on 20 February.
    // (events, today, expected status, why).
    let rows: Vec<Row> = vec![
        (
            vec![(PiecesRequest, "2019-02-20", None)],
            "2019-04-19",
            WindowStatus::Suspended {
                since: d("2019-02-20"),
                implicit_refusal_on: Some(d("2019-04-20")),
            },
            "unanswered, before the implicit refusal",
        ),
        (
            vec![(PiecesRequest, "2019-02-20", None)],
            "2019-04-20",
            WindowStatus::Open {
                until: d("2019-06-21"),
                basis: WindowBasis::PiecesImplicitRefusal,
            },
            "unanswered: implicit refusal 20 April, window to 21 June",
        ),
        (
            vec![(PiecesRequest, "2019-02-20", None)],
            "2019-06-22",
            WindowStatus::Closed {
                ended: d("2019-06-21"),
                basis: WindowBasis::PiecesImplicitRefusal,
            },
            "unanswered, after the new window",
        ),
        (
            vec![
                (PiecesRequest, "2019-02-20", None),
                (PiecesRequestAck, "2019-02-22", l),
            ],
            "2019-05-01",
            WindowStatus::Open {
                until: d("2019-06-24"),
                basis: WindowBasis::PiecesImplicitRefusal,
            },
            "acknowledged on 22 Feb: refusal 22 April, 23 June is a Sunday",
        ),
        (
            vec![
                (PiecesRequest, "2019-02-20", None),
                (PiecesSent, "2019-04-01", l),
                (PiecesAnswerAck, "2019-04-03", l),
            ],
            "2019-05-01",
            WindowStatus::Open {
                until: d("2019-06-04"),
                basis: WindowBasis::PiecesReceived,
            },
            "answered: two months from the 3-5",
        ),
        (
            vec![
                (PiecesRequest, "2019-02-20", None),
                (PiecesSent, "2019-04-01", l),
            ],
            "2019-06-01",
            WindowStatus::Suspended {
                since: d("2019-02-20"),
                implicit_refusal_on: None,
            },
            "answered, 3-5 awaited: no implicit refusal",
        ),
        (
            vec![
                (PiecesRequest, "2019-02-20", None),
                (PiecesRefusal, "2019-03-01", l),
                (PiecesAnswerAck, "2019-03-04", l),
            ],
            "2019-04-01",
            WindowStatus::Open {
                until: d("2019-05-06"),
                basis: WindowBasis::PiecesRefused,
            },
            "explicit refusal: 4 May + 1 is a Sunday",
        ),
        (
            vec![
                (PiecesRequest, "2019-02-20", None),
                (PiecesSent, "2019-05-01", l),
                (PiecesAnswerAck, "2019-05-03", l),
            ],
            "2019-05-10",
            WindowStatus::Open {
                until: d("2019-06-21"),
                basis: WindowBasis::PiecesImplicitRefusal,
            },
            "documents sent after the implicit refusal change nothing",
        ),
        (
            vec![
                (PiecesRequest, "2019-02-20", None),
                (Observations, "2019-05-02", None),
            ],
            "2019-07-02",
            WindowStatus::Open {
                until: d("2019-09-03"),
                basis: WindowBasis::ImplicitRejection,
            },
            "a 4-1 in the window opened by the implicit refusal interrupts it",
        ),
    ];
    for (events, today, status, why) in rows {
        let t = txn("034", "2019-01-10", &events);
        assert!(
            t.diagnostics()
                .iter()
                .all(|x| x.code.as_str() == "TXN-OUT-OF-SEQUENCE"),
            "{why}: {:?}",
            t.diagnostics()
        );
        assert_eq!(t.window_status(d(today)), Some(status), "{why}");
    }
}

#[test]
fn observations_answered_or_not() {
    use EventKind::*;
    let l = Some("2019-02-05");
    let rows: Vec<Row> = vec![
        (
            vec![(Observations, "2019-02-05", None)],
            "2019-04-04",
            WindowStatus::Interrupted {
                since: d("2019-02-05"),
                implicit_rejection_on: Some(d("2019-04-05")),
            },
            "unanswered, before the implicit rejection",
        ),
        (
            vec![(Observations, "2019-02-05", None)],
            "2019-04-05",
            WindowStatus::Open {
                until: d("2019-06-06"),
                basis: WindowBasis::ImplicitRejection,
            },
            "unanswered: implicit rejection 5 April, window to 6 June",
        ),
        (
            vec![
                (Observations, "2019-02-05", None),
                (ObservationsAnswer, "2019-03-01", l),
                (ObservationsAnswerAck, "2019-03-04", l),
            ],
            "2019-04-05",
            WindowStatus::Open {
                until: d("2019-05-06"),
                basis: WindowBasis::ObservationsAnswered,
            },
            "answered: 4 May + 1 is a Sunday",
        ),
        (
            vec![
                (Observations, "2019-02-05", None),
                (ObservationsRejection, "2019-03-01", l),
            ],
            "2019-06-01",
            WindowStatus::Interrupted {
                since: d("2019-02-05"),
                implicit_rejection_on: None,
            },
            "rejected, 4-5 awaited",
        ),
    ];
    for (events, today, status, why) in rows {
        let t = txn("034", "2019-01-10", &events);
        assert_eq!(t.window_status(d(today)), Some(status), "{why}");
    }
}

#[test]
fn executoire_and_third_parties_window() {
    // (received, published, exécutoire, third parties' last day, why).
    let rows = [
        (
            "2024-01-12",
            Some("2024-01-10"),
            Some("2024-01-12"),
            Some("2024-03-11"),
            "published before the acknowledgement",
        ),
        (
            "2024-01-12",
            Some("2024-01-15"),
            Some("2024-01-15"),
            Some("2024-03-18"),
            "published after; 16 March is a Saturday",
        ),
        (
            "2024-01-12",
            Some("2024-01-12"),
            Some("2024-01-12"),
            Some("2024-03-13"),
            "published the day of the acknowledgement",
        ),
        (
            "2024-01-12",
            None,
            None,
            None,
            "not published: not exécutoire",
        ),
        (
            "2023-12-20",
            Some("2023-12-31"),
            Some("2023-12-31"),
            Some("2024-03-01"),
            "published 31 Dec, leap year",
        ),
    ];
    for (ack, published, exec, third, why) in rows {
        let t = txn("034", ack, &[]);
        let l = t.legal_dates(published.map(d), d("2024-02-01"));
        assert_eq!(l.acknowledged_on, Some(d(ack)), "{why}");
        assert_eq!(l.published_on, published.map(d), "{why}");
        assert_eq!(l.executoire_on, exec.map(d), "{why}");
        assert_eq!(l.third_party_window_end, third.map(d), "{why}");
    }
    // Not acknowledged, or rejected: not exécutoire even when published.
    let k = key("034");
    let sent = Transaction::from_events(
        k.clone(),
        [TransactionEvent::new(
            EventKind::ActeSent,
            d("2024-01-10"),
            k.clone(),
        )],
    );
    let l = sent.legal_dates(Some(d("2024-01-11")), d("2024-02-01"));
    assert_eq!(l.executoire_on, None);
    assert_eq!(l.window, None);
    assert_eq!(l.third_party_window_end, Some(d("2024-03-12")));
    let cancelled = txn(
        "034",
        "2024-01-12",
        &[(EventKind::Cancelled, "2024-01-20", None)],
    );
    assert_eq!(
        cancelled
            .legal_dates(Some(d("2024-01-15")), d("2024-02-01"))
            .executoire_on,
        None
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const KINDS: &[EventKind] = &[
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
        EventKind::Cancelled,
    ];

    proptest! {
        /// Any history, at any date chrono can hold: no panic, and every
        /// period of the window ends at least two months after it starts,
        /// on a working day of its calendar.
        #[test]
        fn any_history_gives_sane_windows(
            ack in -200_000i64..200_000,
            events in proptest::collection::vec((0usize..KINDS.len(), 0i64..400, 0i64..400), 0..8),
            franc in any::<bool>(),
            cal in 0usize..Calendar::ALL.len(),
            published in proptest::option::of(-400i64..400),
        ) {
            let base = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
            let day = |n: i64| base.checked_add_signed(chrono::TimeDelta::days(n)).unwrap();
            let ack = day(ack);
            let k = key("034");
            let mut all = vec![TransactionEvent::new(EventKind::ActeAcknowledged, ack, k.clone())];
            for (i, at, letter) in events {
                let at = ack.checked_add_signed(chrono::TimeDelta::days(at)).unwrap_or(ack);
                let letter = ack.checked_add_signed(chrono::TimeDelta::days(letter)).unwrap_or(ack);
                all.push(TransactionEvent::new(KINDS[i], at, k.clone()).with_letter_date(letter));
            }
            let rules = WindowRules { calendar: Calendar::ALL[cal], delai_franc: franc };
            let t = Transaction::from_events(k, all).with_rules(rules);
            let published = published.map(|p| ack.checked_add_signed(chrono::TimeDelta::days(p)).unwrap_or(ack));
            let l = t.legal_dates(published, ack);
            prop_assert_eq!(l.acknowledged_on, Some(ack));
            if let Some(e) = l.executoire_on {
                prop_assert!(e >= ack);
            }
            for p in &t.window().unwrap().periods {
                prop_assert!(p.end >= p.nominal_end);
                prop_assert!(p.nominal_end > p.start);
                prop_assert!(rules.calendar.is_working_day(p.end));
            }
        }

        /// Files of any name and content, samples cut anywhere: grouping
        /// never panics, and every act it gives has at least one event.
        #[test]
        fn grouping_any_files_never_panics(
            files in proptest::collection::vec(
                ("[a-zA-Z0-9_.-]{0,20}\\.xml", proptest::collection::vec(any::<u8>(), 0..64), 0usize..4, 0usize..2000),
                0..6,
            ),
        ) {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/reference/samples/s2low/test-archive-MISILCL");
            let samples = [
                std::fs::read(dir.join("034-000000000-20170701-20170721D-AI-1-2_0.xml")).unwrap(),
                std::fs::read(dir.join("TACT--SPREF0011-000000000-20170721-4.xml")).unwrap(),
            ];
            let group: Vec<(String, Vec<u8>)> = files
                .into_iter()
                .map(|(name, noise, which, cut)| {
                    let bytes = match samples.get(which) {
                        Some(s) => s[..cut.min(s.len())].to_vec(),
                        None => noise,
                    };
                    (name, bytes)
                })
                .collect();
            let acts = actes::transaction::Acts::from_groups(&[("g".to_string(), group)]);
            for t in &acts.transactions {
                prop_assert!(!t.events().is_empty());
            }
        }
    }
}
