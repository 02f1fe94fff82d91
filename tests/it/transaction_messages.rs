//! Transactions fed with real messages (samples) and deliveries.

use std::path::{Path, PathBuf};

use actes::delivery::Delivery;
use actes::ids::ActeKey;
use actes::messages::Message;
use actes::transaction::{
    EventContext, LetterKind, LetterStage, State, Transaction, TransactionEvent, WindowBasis,
    WindowStatus,
};
use chrono::NaiveDate;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn message(rel: &str) -> Message {
    Message::parse(&std::fs::read(samples().join(rel)).unwrap())
        .value
        .unwrap()
}

fn codes(t: &Transaction) -> Vec<&'static str> {
    t.diagnostics().iter().map(|x| x.code.as_str()).collect()
}

const STORY: &[&str] = &[
    "actes__1-1_Acte.xml",
    "actes__1-2_ARActe.xml",
    "piecesComplementaires__3-1_DemandePC.xml",
    "piecesComplementaires__3-2_ARDemandePC.xml",
    "piecesComplementaires__3-4_EnvoiPC.xml",
    "piecesComplementaires__3-5_AREnvoiPC.xml",
    "lettreObservations__4-1_LettreObservations.xml",
    "lettreObservations__4-2_ARLO.xml",
    "lettreObservations__4-4_ReponseLO.xml",
    "lettreObservations__4-5_ARReponseRejetLO.xml",
    "lettreObservations__5-1_DefereTA.xml",
];

fn story_events(order: &[usize]) -> Vec<TransactionEvent> {
    let ctx = EventContext {
        siren: Some("123456789".into()),
        ..EventContext::default()
    };
    order
        .iter()
        .map(|&i| {
            let file = STORY[i];
            let m = message(&format!("examples-2003/{file}"));
            TransactionEvent::from_message(
                &m,
                &EventContext {
                    source: Some(file.into()),
                    ..ctx.clone()
                },
            )
            .unwrap()
        })
        .collect()
}

#[test]
fn the_2003_examples_tell_one_act_s_life() {
    let key = ActeKey::from_id_acte("035-123456789-20030714-9999aaa-AI");
    let t = Transaction::from_events(
        key.clone(),
        story_events(&(0..STORY.len()).collect::<Vec<_>>()),
    );
    assert!(t.diagnostics().is_empty(), "{:?}", t.diagnostics());
    assert_eq!(t.state(), State::Referred);
    assert_eq!(t.acknowledged_on(), Some(d(2003, 7, 17)));
    let codes: Vec<_> = t
        .history()
        .iter()
        .map(|h| h.code().unwrap().to_string())
        .collect();
    assert_eq!(
        codes,
        ["1-1", "1-2", "3-1", "3-2", "3-4", "3-5", "4-1", "4-2", "4-4", "4-5", "5-1"]
    );
    let w = t.window().unwrap();
    // 1-2 on 17 July; 3-1 on 1 Aug suspends; 3-5 on 8 Aug restarts (to
    // 8 Oct); 4-1 on 13 Aug interrupts; 4-5 on 27 Aug restarts to 27 Oct
    // 2003 (a Monday).
    assert_eq!(
        w.periods
            .iter()
            .map(|p| (p.basis, p.start))
            .collect::<Vec<_>>(),
        [
            (WindowBasis::Acknowledgement, d(2003, 7, 17)),
            (WindowBasis::PiecesReceived, d(2003, 8, 8)),
            (WindowBasis::ObservationsAnswered, d(2003, 8, 27)),
        ]
    );
    // 27 October 2003 + 1 (délai franc).
    assert_eq!(w.end(), Some(d(2003, 10, 28)));
    assert_eq!(
        t.window_status(d(2003, 10, 1)),
        Some(WindowStatus::Referred { on: d(2003, 9, 17) })
    );
    let letters = t.letters();
    assert_eq!(letters.len(), 2);
    assert_eq!(letters[0].kind, LetterKind::PiecesRequest);
    assert_eq!(letters[0].stage, LetterStage::AnswerAcknowledged);
    assert_eq!(letters[1].kind, LetterKind::Observations);
    assert_eq!(letters[1].answer_received_on, Some(d(2003, 8, 27)));

    // Reversed order: the same transaction.
    let reversed: Vec<usize> = (0..STORY.len()).rev().collect();
    let t2 = Transaction::from_events(key, story_events(&reversed));
    assert_eq!(t2.history(), t.history());
    assert_eq!(t2.window(), t.window());
}

#[test]
fn the_broken_2003_ar_annulation_is_reported() {
    let key = ActeKey::from_id_acte("035-123456789-20030714-9999aaa-AI");
    let mut t = Transaction::from_events(key, story_events(&[0, 1]));
    // Its DateReception is 1967-08-13: before the act was even sent, so it
    // lands first and every later step contradicts a cancelled act.
    t.push_message(
        &message("examples-2003/actes__6-2_ARAnnulation.xml"),
        &EventContext::default(),
    );
    assert_eq!(t.state(), State::Cancelled);
    let c = codes(&t);
    assert_eq!(c[0], "TXN-OUT-OF-SEQUENCE");
    assert!(
        c.iter().filter(|x| **x == "TXN-INVALID-TRANSITION").count() >= 2,
        "{c:?}"
    );
    // A classification message is no step of an act.
    t.push_message(
        &message("examples-2003/actes__7-1_DemandeClassification.xml"),
        &EventContext::default(),
    );
    assert_eq!(codes(&t).last(), Some(&"TXN-NOT-ACT-MESSAGE"));
}

#[test]
fn deliveries_feed_a_transaction() {
    let s2low = samples().join("s2low");
    let key = ActeKey::from_id_acte("034-000000000-20170701-20170725A-AI");
    let mut t = Transaction::new(key);
    t.push_delivery(&Delivery::read_path(&s2low.join("test-defere-ta")));
    t.push_delivery(&Delivery::read_path(&s2low.join("test-courrier-simple")));
    // The AR of another act (20170721D) is reported, not applied.
    t.push_delivery(&Delivery::read_path(&s2low.join("test-archive-MISILCL")));
    assert_eq!(t.state(), State::Referred);
    let c = codes(&t);
    assert!(c.contains(&"TXN-OTHER-ACT"), "{c:?}");
    // The letter and the déféré came without their act's AR.
    assert!(c.contains(&"TXN-OUT-OF-SEQUENCE"), "{c:?}");
    let other = t
        .diagnostics()
        .iter()
        .find(|x| x.code.as_str() == "TXN-OTHER-ACT")
        .unwrap();
    assert_eq!(
        other.location.file.as_deref(),
        Some("034-000000000-20170701-20170721D-AI-1-2_0.xml")
    );
}

#[test]
fn anomaly_then_ar_from_real_messages() {
    // The AnomalieActe (no IDActe) matches by SIREN (from its envelope) and
    // numéro; the later ARActe of the same act contradicts it.
    let key = ActeKey::from_id_acte("034-000000000-20170701-20170721D-AI");
    let mut t = Transaction::new(key);
    t.push_delivery(&Delivery::read_path(
        &samples().join("s2low/test-message-anomalie-avec-erreur"),
    ));
    assert_eq!(t.state(), State::Rejected);
    assert!(t.history()[0]
        .event
        .detail
        .as_deref()
        .unwrap()
        .starts_with("2 : "));
    t.push_delivery(&Delivery::read_path(
        &samples().join("s2low/test-archive-MISILCL"),
    ));
    assert_eq!(t.state(), State::Rejected);
    assert_eq!(codes(&t), ["TXN-INVALID-TRANSITION"]);
}

#[test]
fn envelope_anomaly_matches_by_envelope_name_or_numero() {
    let by_envelope = ActeKey::default().with_envelope("EACT--210703385--20170612-2.xml");
    let mut t = Transaction::new(by_envelope);
    t.push_delivery(&Delivery::read_path(&samples().join("s2low/test-anomalie")));
    assert_eq!(t.state(), State::EnvelopeRefused, "{:?}", t.diagnostics());
    // The echoed envelope lists one message: its numéro identifies the act.
    let by_numero = ActeKey::from_siren_numero("210703385", "2017_048");
    let mut t = Transaction::new(by_numero);
    t.push_delivery(&Delivery::read_path(&samples().join("s2low/test-anomalie")));
    assert_eq!(t.state(), State::EnvelopeRefused);
    assert!(t.history()[0]
        .event
        .detail
        .as_deref()
        .unwrap()
        .contains("PREF-VERIF-02"));
}
