//! Transaction state machine, matching, ordering and legal dates.

use actes::diagnostic::Code;
use actes::ids::ActeKey;
use actes::transaction::{
    Calendar, EventKind, LetterKind, LetterStage, State, Transaction, TransactionEvent,
    WindowBasis, WindowRules, WindowStatus,
};
use chrono::NaiveDate;

const ID: &str = "034-000000000-20170701-20170721D-AI";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn key() -> ActeKey {
    ActeKey::from_id_acte(ID)
}

fn ev(kind: EventKind, date: NaiveDate) -> TransactionEvent {
    TransactionEvent::new(kind, date, key())
}

fn codes(t: &Transaction) -> Vec<&'static str> {
    t.diagnostics().iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn prepared_transmitted_acknowledged() {
    let mut t = Transaction::new(key());
    assert_eq!(t.state(), State::Prepared);
    assert_eq!(t.window_status(d(2017, 7, 1)), None);
    t.push(ev(EventKind::ActeSent, d(2017, 7, 20)));
    assert_eq!(t.state(), State::Transmitted);
    t.push(ev(EventKind::ActeAcknowledged, d(2017, 7, 21)));
    assert_eq!(t.state(), State::Acknowledged);
    assert_eq!(t.acknowledged_on(), Some(d(2017, 7, 21)));
    assert_eq!(t.id_acte(), Some(ID));
    assert!(t.diagnostics().is_empty(), "{:?}", t.diagnostics());
    let codes: Vec<_> = t
        .history()
        .iter()
        .map(|h| h.code().map(|c| c.to_string()))
        .collect();
    assert_eq!(
        codes,
        vec![Some("1-1".to_string()), Some("1-2".to_string())]
    );
}

#[test]
fn learns_id_acte_from_siren_numero_key() {
    let mut t = Transaction::new(ActeKey::from_siren_numero("000000000", "20170721D"));
    assert_eq!(t.id_acte(), None);
    t.push(ev(EventKind::ActeAcknowledged, d(2017, 7, 21)));
    assert!(t.diagnostics().is_empty());
    assert_eq!(t.id_acte(), Some(ID));
}

#[test]
fn rejected_and_envelope_refused() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeSent, d(2018, 9, 1)),
            ev(EventKind::ActeRejected, d(2018, 9, 2)).with_detail("002"),
        ],
    );
    assert_eq!(t.state(), State::Rejected);
    assert!(t.window().is_none());

    let env = "EACT--210703385--20170612-2.xml";
    let k = ActeKey::from_siren_numero("210703385", "D1").with_envelope(env);
    let ano = TransactionEvent::new(
        EventKind::EnvelopeRefused,
        d(2017, 6, 12),
        ActeKey::default().with_envelope(env),
    );
    let t = Transaction::from_events(k, [ano]);
    assert_eq!(t.state(), State::EnvelopeRefused);
    assert!(t.diagnostics().is_empty());
}

#[test]
fn ar_after_anomaly_is_an_invalid_transition() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeRejected, d(2018, 9, 2)),
            ev(EventKind::ActeAcknowledged, d(2018, 9, 3)),
        ],
    );
    assert_eq!(t.state(), State::Rejected);
    assert_eq!(codes(&t), vec!["TXN-INVALID-TRANSITION"]);
    assert_eq!(t.history().len(), 1);
    let diag = &t.diagnostics()[0];
    assert_eq!(diag.location.path.as_deref(), Some("ARActe"));
}

#[test]
fn anomaly_after_ar_and_anything_after_cancellation_are_refused() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2018, 9, 3)),
            ev(EventKind::ActeRejected, d(2018, 9, 4)),
            ev(EventKind::CancellationSent, d(2018, 9, 10)),
            ev(EventKind::Cancelled, d(2018, 9, 11)),
            ev(EventKind::SimpleLetter, d(2018, 9, 12)),
        ],
    );
    assert_eq!(t.state(), State::Cancelled);
    assert_eq!(
        codes(&t),
        vec!["TXN-INVALID-TRANSITION", "TXN-INVALID-TRANSITION"]
    );
    assert_eq!(
        t.window_status(d(2018, 10, 1)),
        Some(WindowStatus::Cancelled { on: d(2018, 9, 11) })
    );
}

#[test]
fn resend_after_rejection() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeSent, d(2018, 9, 1)),
            ev(EventKind::ActeRejected, d(2018, 9, 2)),
            ev(EventKind::ActeSent, d(2018, 9, 5)),
            ev(EventKind::ActeAcknowledged, d(2018, 9, 6)),
        ],
    );
    assert_eq!(t.state(), State::Acknowledged);
    assert!(t.diagnostics().is_empty());
}

#[test]
fn duplicate_and_conflicting_ar() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2018, 9, 3)).with_source("a_0.xml"),
            ev(EventKind::ActeAcknowledged, d(2018, 9, 3)).with_source("a_17.xml"),
            ev(EventKind::ActeAcknowledged, d(2018, 9, 4)),
        ],
    );
    assert_eq!(codes(&t), vec!["TXN-DUPLICATE", "TXN-CONFLICT"]);
    assert_eq!(t.acknowledged_on(), Some(d(2018, 9, 3)));
}

#[test]
fn letters_and_their_answers() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2017, 7, 21)),
            ev(EventKind::PiecesRequest, d(2017, 8, 1)),
            ev(EventKind::PiecesRequestAck, d(2017, 8, 1)).with_letter_date(d(2017, 8, 1)),
        ],
    );
    assert_eq!(
        t.state(),
        State::Letter {
            kind: LetterKind::PiecesRequest,
            stage: LetterStage::Acknowledged
        }
    );
    let mut t2 = t.clone();
    t2.push(ev(EventKind::PiecesSent, d(2017, 8, 20)).with_letter_date(d(2017, 8, 1)));
    assert_eq!(
        t2.state(),
        State::Letter {
            kind: LetterKind::PiecesRequest,
            stage: LetterStage::Answered
        }
    );
    t2.push(ev(EventKind::PiecesAnswerAck, d(2017, 8, 22)).with_letter_date(d(2017, 8, 1)));
    let l = &t2.letters()[0];
    assert_eq!(l.stage, LetterStage::AnswerAcknowledged);
    assert_eq!(l.answer, Some(EventKind::PiecesSent));
    assert_eq!(l.acknowledged_on, Some(d(2017, 8, 1)));
    assert_eq!(l.answer_received_on, Some(d(2017, 8, 22)));
    assert!(t2.diagnostics().is_empty(), "{:?}", t2.diagnostics());

    // Courrier simple then déféré; a later simple letter keeps "referred".
    let t3 = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2017, 7, 21)),
            ev(EventKind::SimpleLetter, d(2017, 7, 25)),
            ev(EventKind::Referral, d(2017, 9, 1)),
            ev(EventKind::SimpleLetter, d(2017, 9, 5)),
        ],
    );
    assert_eq!(t3.state(), State::Referred);
    assert_eq!(t3.letters().len(), 2);
    assert_eq!(t3.letters()[0].date, d(2017, 7, 25));
    assert_eq!(
        t3.window_status(d(2017, 9, 2)),
        Some(WindowStatus::Referred { on: d(2017, 9, 1) })
    );
}

#[test]
fn letter_without_ar_and_answer_without_letter_are_out_of_sequence() {
    let t = Transaction::from_events(key(), [ev(EventKind::SimpleLetter, d(2017, 7, 25))]);
    assert_eq!(codes(&t), vec!["TXN-OUT-OF-SEQUENCE"]);
    assert_eq!(t.acknowledged_on(), None);
    assert_eq!(t.window_status(d(2017, 8, 1)), None);

    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2017, 7, 21)),
            ev(EventKind::ObservationsAnswerAck, d(2017, 8, 21)).with_letter_date(d(2017, 8, 1)),
        ],
    );
    assert_eq!(codes(&t), vec!["TXN-OUT-OF-SEQUENCE"]);
    assert!(t.letters()[0].inferred);
    assert_eq!(t.letters()[0].date, d(2017, 8, 1));
    // The inferred 4-1 interrupted the window and the 4-5 restarted it.
    assert_eq!(
        t.window().and_then(|w| w.end()),
        Some(d(2017, 10, 23)) // 21 October 2017 is a Saturday
    );
}

#[test]
fn ambiguous_answer_uses_the_oldest_letter() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2017, 7, 21)),
            ev(EventKind::SimpleLetter, d(2017, 7, 25)),
            ev(EventKind::SimpleLetter, d(2017, 7, 26)),
            ev(EventKind::SimpleLetterAnswer, d(2017, 7, 30)),
        ],
    );
    assert_eq!(codes(&t), vec!["TXN-AMBIGUOUS-ANSWER"]);
    assert_eq!(t.letters()[0].stage, LetterStage::Answered);
    assert_eq!(t.letters()[1].stage, LetterStage::Received);
}

#[test]
fn message_for_another_act_is_reported() {
    let other = TransactionEvent::new(
        EventKind::ActeAcknowledged,
        d(2017, 7, 21),
        ActeKey::from_id_acte("034-000000000-20170701-OTHER-AI"),
    )
    .with_source("034-000000000-20170701-OTHER-AI-1-2_0.xml");
    let t = Transaction::from_events(key(), [other]);
    assert_eq!(t.state(), State::Prepared);
    assert_eq!(codes(&t), vec!["TXN-OTHER-ACT"]);
    let diag = &t.diagnostics()[0];
    assert_eq!(
        diag.location.file.as_deref(),
        Some("034-000000000-20170701-OTHER-AI-1-2_0.xml")
    );
    assert!(diag.message_en.contains("OTHER"));
}

#[test]
fn siren_numero_match_with_other_idacte_is_accepted_with_warning() {
    // Same SIREN and numéro, another date: S2LOW would match it.
    let e = TransactionEvent::new(
        EventKind::ActeAcknowledged,
        d(2017, 7, 21),
        ActeKey::from_id_acte("034-000000000-20170702-20170721D-AI"),
    );
    let t = Transaction::from_events(key(), [e]);
    assert_eq!(t.state(), State::Acknowledged);
    assert_eq!(codes(&t), vec!["TXN-KEY-MISMATCH"]);
}

// ---- Legal dates ----

/// The window's end in the non-franc reading (`delai_franc: false`).
fn window_end(ack: NaiveDate) -> NaiveDate {
    let t = Transaction::from_events(key(), [ev(EventKind::ActeAcknowledged, ack)]).with_rules(
        WindowRules {
            calendar: Calendar::National,
            delai_franc: false,
        },
    );
    t.window().and_then(|w| w.end()).unwrap()
}

#[test]
fn window_month_arithmetic() {
    // 31 Dec 2022 + 2 months = 28 Feb 2023 (Tuesday).
    assert_eq!(window_end(d(2022, 12, 31)), d(2023, 2, 28));
    // 31 Dec 2023 + 2 months = 29 Feb 2024 (Thursday, leap year).
    assert_eq!(window_end(d(2023, 12, 31)), d(2024, 2, 29));
    // Same day number otherwise.
    assert_eq!(window_end(d(2019, 6, 12)), d(2019, 8, 12));
}

#[test]
fn window_ending_on_a_day_off_moves_to_the_next_working_day() {
    // Sunday 10 March 2019 → Monday 11.
    assert_eq!(window_end(d(2019, 1, 10)), d(2019, 3, 11));
    // Wednesday 1 May 2019 (fête du travail) → Thursday 2.
    assert_eq!(window_end(d(2019, 3, 1)), d(2019, 5, 2));
    // Monday 14 July 2025 → Tuesday 15.
    assert_eq!(window_end(d(2025, 5, 14)), d(2025, 7, 15));
    // Easter Monday 22 April 2019 → Tuesday 23.
    assert_eq!(window_end(d(2019, 2, 22)), d(2019, 4, 23));
    // Saturday 29 Feb 2020 → Monday 2 March.
    assert_eq!(window_end(d(2019, 12, 31)), d(2020, 3, 2));
}

#[test]
fn window_status_depends_on_today() {
    let t = Transaction::from_events(key(), [ev(EventKind::ActeAcknowledged, d(2019, 1, 10))]);
    assert_eq!(
        t.window_status(d(2019, 3, 11)),
        Some(WindowStatus::Open {
            until: d(2019, 3, 11),
            basis: WindowBasis::Acknowledgement
        })
    );
    assert_eq!(
        t.window_status(d(2019, 3, 12)),
        Some(WindowStatus::Closed {
            ended: d(2019, 3, 11),
            basis: WindowBasis::Acknowledgement
        })
    );
}

#[test]
fn alsace_moselle_calendar_from_the_departement() {
    // Good Friday 19 April 2019: a holiday in Moselle only.
    // Ack 19 Feb 2019 → 19 April 2019 (Good Friday).
    let id = "057-000000000-20190201-X1-DE";
    let k = ActeKey::from_id_acte(id);
    let t = Transaction::from_events(
        k.clone(),
        [TransactionEvent::new(
            EventKind::ActeAcknowledged,
            d(2019, 2, 19),
            k,
        )],
    );
    assert_eq!(t.rules().calendar, Calendar::AlsaceMoselle);
    // Good Friday, week-end, Easter Monday → Tuesday 23 April.
    assert_eq!(t.window().and_then(|w| w.end()), Some(d(2019, 4, 23)));
    assert_eq!(window_end(d(2019, 2, 19)), d(2019, 4, 19));
}

#[test]
fn delai_franc_option() {
    let t = Transaction::from_events(key(), [ev(EventKind::ActeAcknowledged, d(2019, 6, 12))])
        .with_rules(WindowRules {
            calendar: Calendar::National,
            delai_franc: true,
        });
    assert_eq!(t.window().and_then(|w| w.end()), Some(d(2019, 8, 13)));
}

#[test]
fn pieces_request_suspends_and_3_5_restarts_two_full_months() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2019, 1, 10)),
            ev(EventKind::PiecesRequest, d(2019, 2, 20)),
        ],
    );
    assert_eq!(
        t.window_status(d(2019, 4, 19)),
        Some(WindowStatus::Suspended {
            since: d(2019, 2, 20),
            implicit_refusal_on: Some(d(2019, 4, 20))
        })
    );
    let mut t2 = t.clone();
    t2.extend([
        ev(EventKind::PiecesSent, d(2019, 4, 1)).with_letter_date(d(2019, 2, 20)),
        ev(EventKind::PiecesAnswerAck, d(2019, 4, 3)).with_letter_date(d(2019, 2, 20)),
    ]);
    let w = t2.window().unwrap();
    assert_eq!(w.periods.len(), 2);
    assert_eq!(w.periods[1].basis, WindowBasis::PiecesReceived);
    assert_eq!(w.periods[1].start, d(2019, 4, 3));
    // Délai franc: 3 June + 1 = Tuesday 4 June 2019.
    assert_eq!(w.end(), Some(d(2019, 6, 4)));

    // A refusal (3-3) acknowledged by a 3-5 restarts the window too.
    let mut t3 = t.clone();
    t3.extend([
        ev(EventKind::PiecesRefusal, d(2019, 4, 1)).with_letter_date(d(2019, 2, 20)),
        ev(EventKind::PiecesAnswerAck, d(2019, 4, 3)).with_letter_date(d(2019, 2, 20)),
    ]);
    let w = t3.window().unwrap();
    assert_eq!(w.periods[1].basis, WindowBasis::PiecesRefused);
    assert_eq!(w.end(), Some(d(2019, 6, 4)));
}

#[test]
fn pieces_request_after_the_window_has_no_effect() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2019, 1, 10)),
            ev(EventKind::PiecesRequest, d(2019, 3, 12)),
        ],
    );
    assert_eq!(codes(&t), vec!["TXN-LETTER-AFTER-WINDOW"]);
    assert_eq!(t.window().and_then(|w| w.end()), Some(d(2019, 3, 11)));
}

#[test]
fn observations_interrupt_and_4_5_starts_a_new_window() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2019, 1, 10)),
            ev(EventKind::Observations, d(2019, 2, 5)),
            ev(EventKind::ObservationsAck, d(2019, 2, 6)).with_letter_date(d(2019, 2, 5)),
        ],
    );
    // No answer: implicit rejection two months after the 4-2.
    assert_eq!(
        t.window_status(d(2019, 3, 1)),
        Some(WindowStatus::Interrupted {
            since: d(2019, 2, 5),
            implicit_rejection_on: Some(d(2019, 4, 6))
        })
    );
    assert_eq!(
        t.window_status(d(2019, 4, 6)),
        Some(WindowStatus::Open {
            until: d(2019, 6, 7),
            basis: WindowBasis::ImplicitRejection
        })
    );
    // An answer sent: no implicit rejection; the 4-5 starts the new window.
    let mut t2 = t.clone();
    t2.push(ev(EventKind::ObservationsAnswer, d(2019, 3, 1)).with_letter_date(d(2019, 2, 5)));
    assert_eq!(
        t2.window_status(d(2019, 5, 1)),
        Some(WindowStatus::Interrupted {
            since: d(2019, 2, 5),
            implicit_rejection_on: None
        })
    );
    t2.push(ev(EventKind::ObservationsAnswerAck, d(2019, 3, 4)).with_letter_date(d(2019, 2, 5)));
    let w = t2.window().unwrap();
    assert_eq!(
        w.periods.last().unwrap().basis,
        WindowBasis::ObservationsAnswered
    );
    // 4 May 2019 is a Saturday → Monday 6.
    assert_eq!(w.end(), Some(d(2019, 5, 6)));
    assert_eq!(
        t2.state(),
        State::Letter {
            kind: LetterKind::Observations,
            stage: LetterStage::AnswerAcknowledged
        }
    );
}

#[test]
fn late_referral_is_flagged() {
    let t = Transaction::from_events(
        key(),
        [
            ev(EventKind::ActeAcknowledged, d(2019, 1, 10)),
            ev(EventKind::Referral, d(2019, 3, 12)),
        ],
    );
    assert_eq!(codes(&t), vec!["TXN-REFERRAL-AFTER-WINDOW"]);
    assert_eq!(t.state(), State::Referred);
}

// ---- Order independence ----

fn history() -> Vec<TransactionEvent> {
    vec![
        ev(EventKind::ActeSent, d(2019, 1, 9)),
        ev(EventKind::ActeAcknowledged, d(2019, 1, 10)),
        ev(EventKind::PiecesRequest, d(2019, 2, 1)),
        ev(EventKind::PiecesRequestAck, d(2019, 2, 1)).with_letter_date(d(2019, 2, 1)),
        ev(EventKind::PiecesSent, d(2019, 2, 15)).with_letter_date(d(2019, 2, 1)),
        ev(EventKind::PiecesAnswerAck, d(2019, 2, 18)).with_letter_date(d(2019, 2, 1)),
        ev(EventKind::Observations, d(2019, 3, 1)),
        ev(EventKind::ObservationsAnswerAck, d(2019, 4, 2)).with_letter_date(d(2019, 3, 1)),
    ]
}

fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let x = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, x.clone());
            out.push(p);
        }
    }
    out
}

#[test]
fn every_permutation_of_a_small_history_gives_the_same_transaction() {
    let h = history();
    let small = &h[..6];
    let reference = Transaction::from_events(key(), small.to_vec());
    assert!(
        reference.diagnostics().is_empty(),
        "{:?}",
        reference.diagnostics()
    );
    assert_eq!(
        reference.window().and_then(|w| w.end()),
        Some(d(2019, 4, 19))
    );
    let perms = permutations(small);
    assert_eq!(perms.len(), 720);
    for p in perms {
        let t = Transaction::from_events(key(), p);
        assert_eq!(t.state(), reference.state());
        assert_eq!(t.history(), reference.history());
        assert_eq!(t.window(), reference.window());
        assert_eq!(t.letters(), reference.letters());
        assert_eq!(t.diagnostics(), reference.diagnostics());
    }
}

mod shuffled {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn shuffled_histories_give_the_same_result(
            perm in Just((0..10usize).collect::<Vec<_>>()).prop_shuffle()
        ) {
            let mut h = history();
            // Add a duplicate and a message for another act.
            h.push(ev(EventKind::PiecesRequest, d(2019, 2, 1)));
            h.push(TransactionEvent::new(
                EventKind::SimpleLetter,
                d(2019, 2, 3),
                ActeKey::from_id_acte("034-000000000-20170701-OTHER-AI"),
            ));
            let reference = Transaction::from_events(key(), h.clone());
            let shuffled: Vec<_> = perm.iter().map(|&i| h[i].clone()).collect();
            let t = Transaction::from_events(key(), shuffled);
            prop_assert_eq!(t.state(), reference.state());
            prop_assert_eq!(t.history(), reference.history());
            prop_assert_eq!(t.window(), reference.window());
            prop_assert_eq!(t.diagnostics(), reference.diagnostics());
        }
    }
}

#[test]
fn full_history_result() {
    let mut h = history();
    h.push(ev(EventKind::PiecesRequest, d(2019, 2, 1)));
    let t = Transaction::from_events(key(), h);
    assert_eq!(codes(&t), vec!["TXN-DUPLICATE"]);
    // 3-5 on 18 Feb restarts to 18 April; 4-1 on 1 March interrupts; 4-5
    // on 2 April restarts to 2 June 2019 (a Sunday) → Monday 3 June.
    let w = t.window().unwrap();
    assert_eq!(w.periods.len(), 3);
    assert_eq!(w.end(), Some(d(2019, 6, 3)));
    assert!(Code::from_code("TXN-OTHER-ACT").is_some());
}
