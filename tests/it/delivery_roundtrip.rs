//! Round trip: what the transmission side builds is read back by the
//! delivery reader to the same values; an AR built from the act sent is
//! consistent with it; the transaction follows.

use crate::archive_support;

use actes::archive::build_to_dir;
use actes::container::Overwrite;
use actes::delivery::Delivery;
use actes::ids::ActeKey;
use actes::messages::{ARActe, Field, Message};
use actes::receipt::{self, Context};
use actes::transaction::{EventContext, State, Transaction, WindowStatus};
use actes::transmission::*;
use archive_support::*;

fn build(t: &Transmission) -> (tempfile::TempDir, Delivery, actes::archive::Built) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, built) = build_to_dir(t, &options(), dir.path(), Overwrite::Never).expect("build");
    (dir, Delivery::read_path(&path), built)
}

#[test]
fn every_built_archive_reads_back_as_a_delivery() {
    let id: actes::ids::ActeId = "062-216204982-20221214-DLB12_14122022-DE".parse().unwrap();
    let mut cases = vec![
        ("1-1", lens()),
        (
            "6-1",
            with(Contenu::Annulation(DemandeAnnulation { id_acte: id })),
        ),
        (
            "7-1",
            with(Contenu::DemandeClassification(ClassificationRequest {
                date: Some(date("2022-06-01")),
            })),
        ),
    ];
    for kind in ReponseType::ALL {
        let (min, _) = kind.documents();
        let n = if kind == ReponseType::PieceComplementaire {
            2
        } else {
            min
        };
        cases.push((
            kind.as_str(),
            with(Contenu::Reponse(Reponse {
                kind,
                id_acte: id,
                date_courrier: date("2022-12-16"),
                documents: (0..n)
                    .map(|i| {
                        Piece::new(typ("99_DE"), DocumentContent::bytes(pdf(&format!("p{i}"))))
                    })
                    .collect(),
            })),
        ));
    }
    for (code, t) in cases {
        let (_dir, d, built) = build(&t);
        assert!(d.is_read(), "{code}: {:?}", d.diagnostics);
        assert!(d.diagnostics.is_empty(), "{code}: {:?}", d.diagnostics);
        let env = d.envelope.as_ref().expect("envelope");
        assert_eq!(env.root(), Some("EnveloppeCLMISILL"));
        assert_eq!(env.file, built.manifest.entries[0].name);
        assert_eq!(d.messages.len(), 1, "{code}");
        let m = &d.messages[0];
        assert_eq!(m.code().map(|c| c.to_string()).as_deref(), Some(code));
        assert_eq!(m.file, built.manifest.entries[1].name);
        assert!(!m.has_errors(), "{code}: {:?}", m.diagnostics);
        // Every document found, with the manifest's size and digest.
        let docs = &built.manifest.entries[2..];
        assert_eq!(d.documents.len(), docs.len(), "{code}");
        for (doc, entry) in d.documents.iter().zip(docs) {
            let f = doc.file.as_ref().expect("found");
            assert_eq!(f.name, entry.name);
            assert_eq!(f.size, entry.size);
            assert_eq!(f.sha256, entry.sha256);
        }
        // Answers: the IDActe and the letter date read back.
        if let Contenu::Reponse(r) = &t.contenu {
            let msg = m.message.as_ref().unwrap();
            assert_eq!(msg.id_acte(), Some(&r.id_acte), "{code}");
            let json = m.to_json();
            assert_eq!(json["date_courrier_pref"], "2022-12-16", "{code}");
        }
    }
}

#[test]
fn the_act_sent_its_ar_and_its_transaction() {
    let t = lens();
    let (_dir, d, built) = build(&t);
    let Some(Message::Acte(sent)) = d.messages[0].message.clone() else {
        panic!("not an Acte")
    };
    // The act read back has the values the transmission was built from.
    let Contenu::Acte(a) = &t.contenu else {
        unreachable!()
    };
    assert_eq!(sent.date.value, Some(a.date));
    assert_eq!(sent.numero_interne.raw, "DLB12_14122022");
    assert_eq!(sent.objet, a.objet);
    assert_eq!(
        sent.matiere().map(|m| m.to_string()).as_deref(),
        Some("8.9")
    );
    assert_eq!(
        sent.classification_date_version.value,
        Some(a.classification_date)
    );
    assert_eq!(sent.annexes.fichiers.len(), 1);
    assert_eq!(sent.document.nom_fichier, built.manifest.entries[2].name);

    // The ministry's AR, as it would echo the act (without the typologie
    // prefixes, as some answers do): consistent with what was sent.
    let id = built.id_acte.expect("predicted id");
    let mut echo = sent.clone();
    echo.document.nom_fichier = echo
        .document
        .nom_fichier
        .trim_start_matches("99_DE-")
        .to_string();
    let ar = Message::ARActe(ARActe {
        id_acte: Field::new(id),
        date_reception: Field::new(date("2022-12-20")),
        acte_recu: echo,
        classification_date_version_en_cours: Field::new(date("2022-06-01")),
    });
    let xml = ar.to_xml().expect("AR written");
    let ctx = Context::default()
        .with_recipient(t.collectivite.siren)
        .with_expected(id)
        .with_sent(sent.clone());
    let r = receipt::read(
        "062-216204982-20221214-DLB12_14122022-DE-1-2_9.xml",
        &xml,
        &ctx,
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);

    // The transaction: sent (from the archive), then acknowledged.
    let mut tx = Transaction::new(ActeKey::from_id_acte(&id.to_string()));
    tx.push_message(
        d.messages[0].message.as_ref().unwrap(),
        &EventContext {
            siren: Some("216204982".into()),
            sent_on: Some(t.envoi.date),
            source: Some(d.messages[0].file.clone()),
        },
    );
    assert_eq!(tx.state(), State::Transmitted, "{:?}", tx.diagnostics());
    tx.push_message(r.message.as_ref().unwrap(), &EventContext::default());
    assert_eq!(tx.state(), State::Acknowledged);
    assert!(tx.diagnostics().is_empty(), "{:?}", tx.diagnostics());
    // 20 Dec 2022 + 2 months = 20 Feb 2023, + 1 (délai franc): Tuesday 21.
    assert_eq!(
        tx.window_status(date("2023-02-20")),
        Some(WindowStatus::Open {
            until: date("2023-02-21"),
            basis: actes::transaction::WindowBasis::Acknowledgement
        })
    );
}
