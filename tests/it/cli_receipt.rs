//! `actes receipt read` and `actes delivery read`, run as a process.

use std::path::{Path, PathBuf};
use std::process::Output;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

fn actes(args: &[&str]) -> Output {
    crate::cli_support::actes_command()
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap()
}

fn s(rel: &str) -> String {
    samples().join(rel).to_string_lossy().into_owned()
}

fn no_panic(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn receipt_read_json_lines() {
    let ar = s("s2low/test-archive-MISILCL/034-000000000-20170701-20170721D-AI-1-2_0.xml");
    let env = s("s2low/test-archive-MISILCL/TACT--SPREF0011-000000000-20170721-4.xml");
    let ano =
        s("s2low/test-message-anomalie-avec-erreur/034-000000000-20170701-20170721D-AI-1-3_0.xml");
    let o = actes(&["receipt", "read", "--json", &ar, &env, &ano]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let first = &lines[0];
    assert_eq!(first["file"], ar.as_str());
    assert_eq!(first["code"], "1-2");
    assert_eq!(first["root"], "ARActe");
    assert_eq!(first["id_acte"], "034-000000000-20170701-20170721D-AI");
    assert_eq!(first["date_reception"], "2017-07-21");
    assert_eq!(first["acte"]["objet"], "TESTD");
    assert!(first["anomalie"].is_null());
    assert!(first["diagnostics"].is_array());
    assert!(lines[1]["code"].is_null());
    assert_eq!(lines[1]["root"], "EnveloppeMISILLCL");
    assert_eq!(lines[2]["anomalie"]["nature"], "2");
    assert!(lines[2]["id_acte"].is_null());
}

#[test]
fn receipt_read_text_and_french() {
    let ar = s("examples-2003/actes__6-2_ARAnnulation.xml");
    let o = actes(&["receipt", "read", "--lang", "fr", &ar]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("6-2 ARAnnulation"), "{out}");
    assert!(
        out.contains("AVERTISSEMENT") || out.contains("ERREUR"),
        "{out}"
    );
    assert!(out.contains("antérieure à la date de décision"), "{out}");
}

#[test]
fn receipt_read_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.xml");
    std::fs::write(&garbage, b"\xff\xfe not xml at all <<<").unwrap();
    let good = s("pastell/aractes.xml");
    for bad in [
        garbage.to_string_lossy().into_owned(),
        "/nonexistent/file.xml".to_string(),
        dir.path().to_string_lossy().into_owned(),
    ] {
        let o = actes(&["receipt", "read", &good, &bad]);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        let o = actes(&["receipt", "read", "--json", &bad]);
        let line: serde_json::Value =
            serde_json::from_str(String::from_utf8(o.stdout).unwrap().trim()).unwrap();
        assert!(line["root"].is_null());
        assert!(!line["diagnostics"].as_array().unwrap().is_empty());
    }
    assert_eq!(actes(&["receipt", "read"]).status.code(), Some(2));
    assert_eq!(
        actes(&["receipt", "read", "--lang", "de", &good])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn delivery_read_tar_gz_json_and_text() {
    let p = s("pastell/courrier_simple.tar.gz");
    let o = actes(&["delivery", "read", "--json", &p]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["envelope"]["root"], "EnveloppeMISILLCL");
    assert_eq!(v["messages"][0]["code"], "2-1");
    assert_eq!(v["documents"][0]["size"], 21803);
    assert_eq!(v["files"].as_array().unwrap().len(), 3);

    let o = actes(&["delivery", "read", &p]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("sha256:e6e77a3853bb5ed9"), "{out}");

    // A folder whose message names a missing PDF: read, with the finding.
    let o = actes(&[
        "delivery",
        "read",
        "--lang",
        "fr",
        &s("s2low/test-courrier-simple"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("DELIV-MISSING-DOCUMENT"), "{out}");
    assert!(out.contains("absent"), "{out}");
}

#[test]
fn delivery_read_errors() {
    let o = actes(&["delivery", "read", "/nonexistent/delivery"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let o = actes(&["delivery", "read", &s("pastell/aractes.xml")]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("DELIV-NOT-A-DELIVERY"));
    assert_eq!(actes(&["delivery", "read"]).status.code(), Some(2));
}
