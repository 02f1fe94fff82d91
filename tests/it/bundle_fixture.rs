//! The hand-made acknowledgement of the Lens deliberation: valid against
//! the 2017 XSD, written as the ministry writes, and consistent with the
//! archive the library builds (no finding at all).
#![cfg(feature = "serde")]

use std::path::{Path, PathBuf};
use std::process::Command;

use actes::archive::build;
use actes::container::read::{read_all, Source};
use actes::messages::Message;
use actes::receipt::{self, Context};
use actes::transmission::parse_json;
use actes::transmission::ValidationOptions;
use chrono::NaiveDate;

const AR_NAME: &str = "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";

fn lens() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens")
}

#[test]
fn the_acknowledgement_is_schema_valid() {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/xsd/v1.1-2017-stela-typologie/actesv1_1.xsd");
    let have_xmllint = Command::new("xmllint").arg("--version").output().is_ok();
    if !(xsd.is_file() && have_xmllint) {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("CI=true but xmllint or {} is missing", xsd.display());
        }
        eprintln!("notice: xmllint or the 2017 XSD is missing; conformance test skipped");
        return;
    }
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(lens().join(AR_NAME))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_acknowledgement_is_written_as_the_ministry_writes() {
    let bytes = std::fs::read(lens().join(AR_NAME)).unwrap();
    assert!(bytes.starts_with(b"<?xml version='1.0' encoding='ISO-8859-1' ?>\r\n"));
    // CRLF only, Latin-1 é (0xE9), actes: prefixes.
    assert!(!bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'));
    assert!(bytes.contains(&0xE9));
    assert!(std::str::from_utf8(&bytes).is_err());
    assert!(bytes.windows(13).any(|w| w == b"<actes:ARActe"));
}

#[test]
fn the_acknowledgement_matches_the_built_archive() {
    let json = std::fs::read(lens().join("input.json")).unwrap();
    let t = parse_json(&json, &lens()).value.unwrap();
    let today = NaiveDate::from_ymd_opt(2022, 12, 19).unwrap();
    let (bytes, built) = build(&t, &ValidationOptions::new(today), Vec::new()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join(&built.manifest.archive);
    std::fs::write(&archive, bytes).unwrap();
    let (entries, diags) = read_all(&Source::TarGz(archive), &Default::default());
    assert!(diags.is_empty());
    let sent = entries
        .iter()
        .find_map(|e| match Message::parse(&e.bytes).value {
            Some(Message::Acte(a)) => Some(a),
            _ => None,
        })
        .unwrap();
    let ctx = Context {
        recipient: Some(t.collectivite.siren),
        expected: built.id_acte,
        sent: Some(sent),
        today: Some(today),
    };
    let ar = std::fs::read(lens().join(AR_NAME)).unwrap();
    let r = receipt::read(AR_NAME, &ar, &ctx);
    assert_eq!(r.code().map(|c| c.to_string()).as_deref(), Some("1-2"));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let Some(Message::ARActe(m)) = r.message else {
        panic!("not an ARActe")
    };
    assert_eq!(m.id_acte.raw, "062-216204982-20221214-DLB12_14122022-DE");
    assert_eq!(m.date_reception.raw, "2022-12-19");
    // The input's classification date.
    assert_eq!(m.classification_date_version_en_cours.raw, "2022-06-01");
}
