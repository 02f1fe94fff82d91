//! Every XML sample goes through the receipt reader; the consistency
//! findings expected for each are asserted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use actes::messages::Message;
use actes::receipt::{self, Context, Receipt};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    crate::samples::actes_xml_files(dir, out);
}

/// The recipient given by an MI envelope in the same folder that lists the
/// file, as `actes delivery read` does.
fn context_for(path: &Path) -> Context {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut ctx = Context::default();
    for sibling in std::fs::read_dir(path.parent().unwrap()).unwrap() {
        let p = sibling.unwrap().path();
        if p.extension().is_some_and(|e| e == "xml") {
            if let Some(Message::EnveloppeMISILLCL(e)) =
                Message::parse(&std::fs::read(&p).unwrap()).value
            {
                if e.formulaires.iter().any(|f| f.nom_fichier == name) {
                    ctx.recipient = e.destinataire.value;
                }
            }
        }
    }
    ctx
}

fn read_all() -> BTreeMap<String, Receipt> {
    let mut files = Vec::new();
    xml_files(&samples(), &mut files);
    assert!(files.len() >= 40, "samples not found: {}", files.len());
    files
        .iter()
        .map(|p| {
            let rel = p
                .strip_prefix(samples())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let r = receipt::read(&rel, &std::fs::read(p).unwrap(), &context_for(p));
            (rel, r)
        })
        .collect()
}

fn rcpt_codes(r: &Receipt) -> Vec<&'static str> {
    r.diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .filter(|c| c.starts_with("RCPT-"))
        .collect()
}

fn all_codes(r: &Receipt) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn every_sample_is_read_with_the_expected_receipt_findings() {
    let all = read_all();
    // Expected receipt-level findings; every other sample has none.
    let expected: &[(&str, &[&str])] = &[
        // The 2003 example's ARAnnulation is dated 1967.
        ("examples-2003/actes__6-2_ARAnnulation.xml", &["RCPT-DATE-BEFORE-DECISION"]),
        ("pastell/fakeTdt-ar-actes-invalid.xml", &["RCPT-CLASSIFICATION-OUTDATED"]),
        // Hand-written fixtures whose file names and IDActe refer to
        // different acts (SPEC §6.2).
        (
            "s2low/public.ssl-fixtures/001-000000000-20170130-TEST42-DE-3-3_0.xml",
            &["RCPT-DOCUMENT-NAME", "RCPT-NAME-ACT"],
        ),
        (
            "s2low/public.ssl-fixtures/001-000000000-20170130-TEST42-DE-3-4_0.xml",
            &["RCPT-DOCUMENT-NAME", "RCPT-DOCUMENT-NAME", "RCPT-NAME-ACT"],
        ),
        // The simulator echoes a classification date later than its
        // "current" one (2008-12-31).
        (
            "s2low/test-archive-MISILCL/034-000000000-20170701-20170721D-AI-1-2_0.xml",
            &["RCPT-CLASSIFICATION-AHEAD"],
        ),
        (
            "s2low/test-message-anomalie/034-000000000-20170701-20170721D-AI-1-3_0.xml",
            &["RCPT-CLASSIFICATION-AHEAD"],
        ),
        (
            "s2low/test-message-anomalie-avec-erreur/034-000000000-20170701-20170721D-AI-1-3_0.xml",
            &["RCPT-CLASSIFICATION-AHEAD"],
        ),
        (
            "s2low/test-message-anomalie-avec-erreur-mal-presentee/034-000000000-20170701-20170721D-AI-1-3_0.xml",
            &["RCPT-CLASSIFICATION-AHEAD"],
        ),
    ];
    for (file, r) in &all {
        assert!(r.is_read(), "{file} not read: {:?}", r.diagnostics);
        assert!(r.root().is_some(), "{file}");
        let want: &[&str] = expected
            .iter()
            .find(|(f, _)| f == file)
            .map_or(&[], |(_, c)| *c);
        assert_eq!(rcpt_codes(r), want, "{file}: {:?}", r.diagnostics);
        for d in &r.diagnostics {
            assert_eq!(d.location.file.as_deref(), Some(file.as_str()));
        }
    }
    for (f, _) in expected {
        assert!(all.contains_key(*f), "missing sample {f}");
    }
}

#[test]
fn broken_samples() {
    let all = read_all();
    let fake = &all["pastell/fakeTdt-ar-actes-invalid.xml"];
    assert_eq!(fake.code().map(|c| c.to_string()).as_deref(), Some("1-2"));
    let codes = all_codes(fake);
    assert!(codes.contains(&"MSG-DUPLICATE-ELEMENT"), "{codes:?}");
    assert!(codes.contains(&"MSG-UNEXPECTED-ELEMENT"), "{codes:?}");
    assert!(fake.has_errors());
    // The IDActe agrees with the first ActeRecu.
    assert!(
        !codes.iter().any(|c| c.starts_with("RCPT-ID-")),
        "{codes:?}"
    );

    let erreur2 = &all[
        "s2low/test-message-anomalie-avec-erreur-mal-presentee/034-000000000-20170701-20170721D-AI-1-3_0.xml"
    ];
    let Some(Message::AnomalieActe(a)) = &erreur2.message else {
        panic!("not an AnomalieActe")
    };
    assert_eq!(a.nature.raw, "ERREUR2");
    assert_eq!(a.nature.number, None);
    assert!(all_codes(erreur2).contains(&"MSG-ANOMALY-NATURE-NOT-NUMERIC"));

    let nature2 = &all
        ["s2low/test-message-anomalie-avec-erreur/034-000000000-20170701-20170721D-AI-1-3_0.xml"];
    let Some(Message::AnomalieActe(a)) = &nature2.message else {
        panic!("not an AnomalieActe")
    };
    assert_eq!(a.nature.raw, "2");
    assert_eq!(a.nature.number, Some(2));
    assert!(all_codes(nature2).contains(&"MSG-ANOMALY-NATURE-OUT-OF-SCHEMA"));
}

#[test]
fn the_misilcl_ar_is_consistent_with_its_idacte_and_recipient() {
    let all = read_all();
    let r = &all["s2low/test-archive-MISILCL/034-000000000-20170701-20170721D-AI-1-2_0.xml"];
    // The recipient SIREN came from the envelope of the same folder.
    let ctx = context_for(
        &samples().join("s2low/test-archive-MISILCL/034-000000000-20170701-20170721D-AI-1-2_0.xml"),
    );
    assert_eq!(
        ctx.recipient.map(|s| s.to_string()).as_deref(),
        Some("000000000")
    );
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    let json = r.to_json();
    assert_eq!(json["code"], "1-2");
    assert_eq!(json["root"], "ARActe");
    assert_eq!(json["id_acte"], "034-000000000-20170701-20170721D-AI");
    assert_eq!(json["date_reception"], "2017-07-21");
    assert_eq!(json["acte"]["numero_interne"], "20170721D");
    assert_eq!(json["acte"]["classification"], "2.2");
    assert!(json["anomalie"].is_null());
}

#[test]
fn json_of_an_anomaly_and_a_classification() {
    let all = read_all();
    let r = &all["s2low/test-anomalie/ANO_EACT--210703385--20170612-2.xml"];
    let json = r.to_json();
    assert_eq!(json["root"], "AnomalieEnveloppe");
    assert!(json["code"].is_null());
    assert_eq!(json["anomalie"]["nature"], "5");
    assert_eq!(json["anomalie"]["number"], 5);
    assert!(json["anomalie"]["detail"]
        .as_str()
        .unwrap()
        .contains("PREF-VERIF-02"));
    let c = &all["examples-2003/actes__7-2_RetourClassification.xml"];
    let Some(Message::RetourClassification(rc)) = &c.message else {
        panic!("not a RetourClassification")
    };
    assert!(rc.classification.is_some());
    assert_eq!(c.to_json()["code"], "7-2");
}
