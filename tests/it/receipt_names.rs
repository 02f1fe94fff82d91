//! Issue 12, reading side: a received file's name against its content
//! (warnings with their own codes), the MI envelope's arrondissement and
//! referent, the documents a 1-3 echoes. Each variant is a sample edited
//! here.

use std::path::{Path, PathBuf};

use actes::receipt::{self, Context, Receipt};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(samples().join(rel)).unwrap()
}

fn edit(src: &[u8], from: &str, to: &str) -> Vec<u8> {
    let s = String::from_utf8_lossy(src).into_owned();
    assert!(s.contains(from), "{from:?} not in sample");
    s.replacen(from, to, 1).into_bytes()
}

fn codes(r: &Receipt) -> Vec<&'static str> {
    r.diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .filter(|c| c.starts_with("RCPT-NAME") || *c == "ID-ARRONDISSEMENT-UNKNOWN")
        .collect()
}

const AR: &str = "s2low/test-archive-MISILCL/034-000000000-20170701-20170721D-AI-1-2_0.xml";
const AR_NAME: &str = "034-000000000-20170701-20170721D-AI-1-2_0.xml";
const ENV: &str = "s2low/test-archive-MISILCL/TACT--SPREF0011-000000000-20170721-4.xml";
const ENV_NAME: &str = "TACT--SPREF0011-000000000-20170721-4.xml";

#[test]
fn the_samples_as_named_have_no_name_finding() {
    let ar = receipt::read(AR_NAME, &sample(AR), &Context::default());
    assert!(codes(&ar).is_empty(), "{:?}", ar.diagnostics);
    let env = receipt::read(ENV_NAME, &sample(ENV), &Context::default());
    assert!(codes(&env).is_empty(), "{:?}", env.diagnostics);
}

#[test]
fn message_code_and_act_in_the_name() {
    let bytes = sample(AR);
    let r = receipt::read(
        "034-000000000-20170701-20170721D-AI-1-3_0.xml",
        &bytes,
        &Context::default(),
    );
    assert_eq!(codes(&r), ["RCPT-NAME-CODE"]);
    assert!(r.is_read());
    let r = receipt::read(
        "034-000000000-20170701-AUTRE-DE-1-2_0.xml",
        &bytes,
        &Context::default(),
    );
    assert_eq!(codes(&r), ["RCPT-NAME-ACT"]);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "RCPT-NAME-ACT")
        .unwrap();
    assert!(
        d.message_en.contains("numéro AUTRE / 20170721D"),
        "{}",
        d.message_en
    );
    assert!(d.message_en.contains("nature DE / AI"));
    assert!(!d.is_error());
    // The ministry's names with empty segments are not compared.
    let r = receipt::read("034-000000000----1-2_1.xml", &bytes, &Context::default());
    assert!(codes(&r).is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn mi_envelope_name_arrondissement_and_referent() {
    let bytes = sample(ENV);
    // Named for arrondissement 2 and another SIREN.
    let r = receipt::read(
        "TACT--SPREF0012-214502494-20170721-4.xml",
        &bytes,
        &Context::default(),
    );
    assert_eq!(codes(&r), ["RCPT-NAME-ENVELOPE"]);
    let d = &r
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "RCPT-NAME-ENVELOPE")
        .unwrap()
        .message_en;
    assert!(d.contains("SIREN 214502494 / 000000000"), "{d}");
    assert!(d.contains("arrondissement 2 / 1"), "{d}");
    // An arrondissement Ain does not have (1 to 4), named consistently.
    let seven = edit(&bytes, r#"Arrondissement="1""#, r#"Arrondissement="7""#);
    let r = receipt::read(
        "TACT--SPREF0017-000000000-20170721-4.xml",
        &seven,
        &Context::default(),
    );
    assert_eq!(codes(&r), ["ID-ARRONDISSEMENT-UNKNOWN"]);
    // Shown in the JSON, with the referent when there is one.
    let r = receipt::read(ENV_NAME, &bytes, &Context::default());
    let j = r.to_json();
    assert_eq!(j["enveloppe"]["emetteur"]["arrondissement"], "1");
    assert_eq!(j["enveloppe"]["emetteur"]["arrondissement_nom"], "Belley");
    let with_referent = sample("examples-2003/piecesComplementaires__EnveloppeMICL.xml");
    let r = receipt::read("EnveloppeMICL.xml", &with_referent, &Context::default());
    let j = r.to_json();
    assert_eq!(j["enveloppe"]["referent"]["nom"], "Jean Dupont");
    assert_eq!(j["enveloppe"]["referent"]["telephone"], "01 02 03 04 05");
    assert_eq!(j["enveloppe"]["referent"]["email"], "jeandupont@fai.fr");
    assert_eq!(j["enveloppe"]["emetteur"]["arrondissement"], "2");
}

#[test]
fn anomaly_envelope_name_against_the_rejected_envelope() {
    let rel = "s2low/test-anomalie/ANO_EACT--210703385--20170612-2.xml";
    let bytes = sample(rel);
    let r = receipt::read(
        "ANO_EACT--210703385--20170612-2.xml",
        &bytes,
        &Context::default(),
    );
    assert!(codes(&r).is_empty(), "{:?}", r.diagnostics);
    let r = receipt::read(
        "ANO_EACT--214502494--20170612-2.xml",
        &bytes,
        &Context::default(),
    );
    assert_eq!(codes(&r), ["RCPT-NAME-ENVELOPE"]);
}

#[test]
fn documents_echoed_by_a_1_3_belong_to_its_act() {
    let rel = "s2low/test-message-anomalie/034-000000000-20170701-20170721D-AI-1-3_0.xml";
    let name = "034-000000000-20170701-20170721D-AI-1-3_0.xml";
    let bytes = sample(rel);
    let doc = |r: &Receipt| {
        r.diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "RCPT-DOCUMENT-NAME")
            .count()
    };
    assert_eq!(doc(&receipt::read(name, &bytes, &Context::default())), 0);
    let other = edit(
        &bytes,
        "034-000000000-20170701-20170721D-AI-1-1_1.pdf",
        "034-000000000-20170701-20170999Z-AI-1-1_1.pdf",
    );
    assert_eq!(doc(&receipt::read(name, &other, &Context::default())), 1);
}

#[test]
fn a_1_3_shows_its_classification_down_to_level_5() {
    let rel = "s2low/test-message-anomalie/034-000000000-20170701-20170721D-AI-1-3_0.xml";
    let three = edit(
        &sample(rel),
        r#"<actes:CodeMatiere2 actes:CodeMatiere="2" />"#,
        r#"<actes:CodeMatiere2 actes:CodeMatiere="2" /><actes:CodeMatiere3 actes:CodeMatiere="1" />"#,
    );
    let j = receipt::read("a-1-3.xml", &three, &Context::default()).to_json();
    assert_eq!(j["acte"]["classification"], "2.2.1");
    let five = edit(
        &three,
        r#"<actes:CodeMatiere3 actes:CodeMatiere="1" />"#,
        r#"<actes:CodeMatiere3 actes:CodeMatiere="1" /><actes:CodeMatiere4 actes:CodeMatiere="3" /><actes:CodeMatiere5 actes:CodeMatiere="4" />"#,
    );
    let j = receipt::read("a-1-3.xml", &five, &Context::default()).to_json();
    assert_eq!(j["acte"]["classification"], "2.2.1.3.4");
    assert_eq!(j["acte"]["matieres"].as_array().map(Vec::len), Some(5));
    assert_eq!(j["acte"]["matieres"][4]["level"], 5);
}
