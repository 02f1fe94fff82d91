//! `actes archive build` and `actes archive check` as processes.

use std::path::{Path, PathBuf};
use std::process::Output;

fn actes(args: &[&str]) -> Output {
    crate::cli_support::actes_command()
        .args(args)
        .output()
        .expect("the binary runs")
}

fn lens_input() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens/input.json")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const ARCHIVE: &str = "SLO-EACT--216204982--20221219-1.tar.gz";

#[test]
fn build_then_check_the_lens_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().to_str().expect("utf-8 path");
    let input = lens_input();
    let o = actes(&[
        "archive",
        "build",
        input.to_str().expect("path"),
        "--out",
        out,
        "--today",
        "2022-12-19",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    let archive = dir.path().join(ARCHIVE);
    let text = stdout(&o);
    assert!(text.starts_with(&archive.display().to_string()), "{text}");
    assert!(text.contains("99_DE-062-216204982-20221214-DLB12_14122022-DE-1-1_2.pdf"));
    assert!(text.contains("IDActe 062-216204982-20221214-DLB12_14122022-DE"));

    let a = archive.to_str().expect("path");
    let o = actes(&["archive", "check", a, "--today", "2022-12-19"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o).trim(), format!("OK {a}"));

    let o = actes(&["archive", "check", a, "--today", "2022-12-19", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["archive"], a);
    assert_eq!(v["valid"], true);
    assert_eq!(v["messages"][0]["code"], "1-1");
    assert_eq!(
        v["messages"][0]["id_acte"],
        "062-216204982-20221214-DLB12_14122022-DE"
    );
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(0));

    // A second build refuses to replace the archive.
    let o = actes(&[
        "archive",
        "build",
        input.to_str().expect("path"),
        "--out",
        out,
        "--today",
        "2022-12-19",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = actes(&[
        "archive",
        "build",
        input.to_str().expect("path"),
        "--out",
        out,
        "--today",
        "2022-12-19",
        "--force",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["manifest"]["archive"], ARCHIVE);
    assert_eq!(v["manifest"]["entries"].as_array().map(Vec::len), Some(4));
    assert_eq!(v["id_acte"], "062-216204982-20221214-DLB12_14122022-DE");
}

#[test]
fn build_refuses_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().to_str().expect("utf-8 path");
    let input = lens_input();
    // The decision (2022-12-14) is after this "today".
    let o = actes(&[
        "archive",
        "build",
        input.to_str().expect("path"),
        "--out",
        out,
        "--today",
        "2022-12-01",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["valid"], false);
    assert_eq!(v["diagnostics"][0]["code"], "ACTE-DATE-FUTURE");
    assert_eq!(v["diagnostics"][0]["location"]["path"], "acte/date");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);

    // Several errors at once from a bad input, in French.
    let bad = dir.path().join("bad.json");
    let json = std::fs::read_to_string(&input)
        .expect("fixture")
        .replace("\"DLB12_14122022\"", "\"dlb-12\"")
        .replace("[\"actes@example.fr\"]", "[\"a+b@example.fr\"]");
    std::fs::write(&bad, json).expect("write");
    let o = actes(&[
        "archive",
        "build",
        bad.to_str().expect("path"),
        "--out",
        out,
        "--today",
        "2022-12-19",
        "--lang",
        "fr",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    for code in [
        "ID-NUMERO-LOWERCASE",
        "ID-NUMERO-HYPHEN",
        "ACTE-EMAIL-INVALID",
    ] {
        assert!(text.contains(code), "{code}: {text}");
    }
    assert!(
        text.contains("ne peut contenir que des chiffres, des lettres en majuscules et _"),
        "{text}"
    );
    assert!(text.contains("(acte/numero"), "{text}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);

    // A malformed input file.
    std::fs::write(&bad, "{\"collectivite\": 3}").expect("write");
    let o = actes(&[
        "archive",
        "build",
        bad.to_str().expect("path"),
        "--out",
        out,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("ACTE-INPUT-INVALID"), "{}", stdout(&o));
}

#[test]
fn check_reports_a_broken_archive_and_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join(ARCHIVE);
    std::fs::write(&broken, b"\x1f\x8b\x08\x00 not really gzip").expect("write");
    let o = actes(&[
        "archive",
        "check",
        broken.to_str().expect("path"),
        "--today",
        "2022-12-19",
        "--lang",
        "fr",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("INVALID"), "{}", stdout(&o));

    let o = actes(&["archive", "check", "/nonexistent.tar.gz", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["diagnostics"][0]["code"], "ARCH-UNREADABLE");

    let o = actes(&["archive", "check", "x.tar.gz", "--today", "19/12/2022"]);
    assert_eq!(o.status.code(), Some(2));
    let o = actes(&["archive", "build", "x.json"]);
    assert_eq!(o.status.code(), Some(2), "--out is required");
}
