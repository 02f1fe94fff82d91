//! Receipts, deliveries and transactions never panic on arbitrary input,
//! and a transaction does not depend on the order of its events.

use std::path::{Path, PathBuf};

use actes::delivery::Delivery;
use actes::ids::ActeKey;
use actes::messages::Message;
use actes::receipt::{self, Context};
use actes::transaction::{EventKind, Transaction, TransactionEvent};
use chrono::NaiveDate;
use proptest::prelude::*;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

fn ar_bytes() -> Vec<u8> {
    std::fs::read(samples().join("pastell/034-491011698-20171207-CL20171227_06-DE-1-2.xml"))
        .unwrap()
}

fn full_context() -> Context {
    let sent =
        std::fs::read(samples().join("pastell/034-491011698-20171207-CL20171227_06-DE-1-1_0.xml"))
            .unwrap();
    let Some(Message::Acte(a)) = Message::parse(&sent).value else {
        panic!("not an Acte")
    };
    Context::default()
        .with_recipient("491011698".parse().unwrap())
        .with_expected("034-491011698-20171207-CL20171227_06-DE".parse().unwrap())
        .with_sent(a)
        .with_today(NaiveDate::from_ymd_opt(2018, 1, 1).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn mutated_receipts_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let mut bytes = ar_bytes();
        for (i, b) in edits {
            let at = i.index(bytes.len());
            bytes[at] = b;
        }
        let r = receipt::read("x.xml", &bytes, &full_context());
        // A file that is read has a root; every finding names the file.
        prop_assert_eq!(r.is_read(), r.root().is_some());
        prop_assert!(r.diagnostics.iter().all(|d| d.location.file.as_deref() == Some("x.xml")));
        let _ = r.to_json();
    }

    #[test]
    fn arbitrary_attachments_never_panic(
        files in proptest::collection::vec(
            ("[A-Za-z0-9_./-]{0,40}(\\.xml|\\.pdf)?", proptest::collection::vec(any::<u8>(), 0..64)),
            0..5
        ),
        with_ar in any::<bool>()
    ) {
        let mut files = files;
        if with_ar {
            files.push(("034-491011698-20171207-CL20171227_06-DE-1-2.xml".into(), ar_bytes()));
        }
        let d = Delivery::from_attachments(files);
        let _ = d.to_json();
        prop_assert!(d.files.len() <= 6);
    }

    #[test]
    fn random_histories_are_order_independent(
        events in proptest::collection::vec((0usize..19, 0i64..120, any::<bool>(), 0i64..120), 0..9),
        seed in any::<u64>()
    ) {
        let key = ActeKey::from_id_acte("034-000000000-20170701-20170721D-AI");
        let base = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
        let evs: Vec<TransactionEvent> = events
            .iter()
            .map(|&(k, day, letter, lday)| {
                let mut e = TransactionEvent::new(
                    EventKind::ALL[k],
                    base + chrono::TimeDelta::days(day),
                    key.clone(),
                );
                if letter {
                    e = e.with_letter_date(base + chrono::TimeDelta::days(lday));
                }
                e
            })
            .collect();
        let reference = Transaction::from_events(key.clone(), evs.clone());
        // A deterministic shuffle from the seed.
        let mut shuffled = evs;
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (s >> 33) as usize % (i + 1);
            shuffled.swap(i, j);
        }
        let t = Transaction::from_events(key, shuffled);
        prop_assert_eq!(t.state(), reference.state());
        prop_assert_eq!(t.history(), reference.history());
        prop_assert_eq!(t.window(), reference.window());
        prop_assert_eq!(t.diagnostics(), reference.diagnostics());
        let _ = t.window_status(base + chrono::TimeDelta::days(200));
    }
}
