//! The command line of the after-acknowledgement outputs: `actes stamp`,
//! `actes bundle stamp`, `actes receipt sheet`, `actes opendata scdl`, their
//! exit codes, and their `--json` objects validated against
//! `schemas/stamp-sheet-opendata.schema.json` (with the Python
//! `jsonschema` package that frictionless brings; without it the
//! validation prints a notice and skips, except under `CI=true`).
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::Command;

use super::stamp_support::{lens, lens_fixtures, LENS_AR};

fn actes(dir: &Path, args: &[&str]) -> (i32, String) {
    let o = super::cli_support::actes_command()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("actes runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn validate(json_line: &str) {
    let found = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "python3 jsonschema is required under CI=true"
        );
        eprintln!("skipped: python3 jsonschema is not installed");
        return;
    }
    // The contract's validator: every schema of schemas/, `$ref`s resolved.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new("python3")
        .arg(root.join("tests/it/contract_support/validate.py"))
        .arg(root.join("schemas"))
        .arg("stamp-sheet-opendata.schema.json")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write as _;
        stdin.write_all(json_line.as_bytes()).expect("written");
    }
    let o = child.wait_with_output().expect("validator");
    assert!(
        o.status.success(),
        "{json_line}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn commands_exit_codes_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (_, _, proof) = lens(d);
    let p = proof.to_str().expect("utf-8");
    let ar = lens_fixtures().join(LENS_AR);
    let ar = ar.to_str().expect("utf-8");
    let pdf = lens_fixtures().join("deliberation.pdf");
    let pdf = pdf.to_str().expect("utf-8");

    let (code, out) = actes(
        d,
        &[
            "stamp",
            pdf,
            "--receipt",
            ar,
            "--envelope",
            "SLO-EACT--216204982--20221218-1.tar.gz",
            "--out",
            "s.pdf",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    validate(out.trim());
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(v["lines"][0], "Envoyé en préfecture le 18/12/2022");
    assert_eq!(v["lines"][1], "Reçu en préfecture le 19/12/2022");
    assert_eq!(
        v["outputs"][0]["original_size"],
        std::fs::metadata(pdf).expect("m").len()
    );
    // Exists: refused, not replaced; --force replaces.
    let (code, out) = actes(
        d,
        &[
            "stamp",
            pdf,
            "--id-acte",
            "062-216204982-20221214-DLB12_14122022-DE",
            "--out",
            "s.pdf",
            "--json",
        ],
    );
    assert_eq!(code, 1);
    validate(out.trim());
    assert!(out.contains("IO-WRITE"));
    let (code, _) = actes(
        d,
        &[
            "stamp",
            pdf,
            "--id-acte",
            "062-216204982-20221214-DLB12_14122022-DE",
            "--out",
            "s.pdf",
            "--force",
            "--position",
            "10%,90%",
        ],
    );
    assert_eq!(code, 0);
    // A bad IDActe, a non-PDF, a missing IDActe source: refused.
    let (code, out) = actes(
        d,
        &[
            "stamp",
            pdf,
            "--id-acte",
            "nope",
            "--out",
            "x.pdf",
            "--json",
        ],
    );
    assert_eq!(code, 1, "{out}");
    validate(out.trim());
    let (code, out) = actes(
        d,
        &[
            "stamp",
            ar,
            "--id-acte",
            "062-216204982-20221214-DLB12_14122022-DE",
            "--out",
            "x.pdf",
            "--json",
        ],
    );
    assert_eq!(code, 1);
    assert!(out.contains("PDF-NOT-PDF"), "{out}");
    assert!(!d.join("x.pdf").exists());
    // Missing file, a folder, an empty file: refused with a PDF- code, never a panic.
    std::fs::write(d.join("empty.pdf"), b"").expect("empty");
    for bad in ["missing.pdf", ".", "empty.pdf"] {
        let (code, out) = actes(
            d,
            &[
                "stamp",
                bad,
                "--id-acte",
                "062-216204982-20221214-DLB12_14122022-DE",
                "--out",
                "x.pdf",
                "--json",
            ],
        );
        assert_eq!(code, 1, "{bad}: {out}");
        validate(out.trim());
        assert!(out.contains("\"code\":\"PDF-"), "{bad}: {out}");
    }
    let (code, _) = actes(d, &["stamp", pdf, "--out", "x.pdf"]);
    assert_eq!(code, 2, "usage: --receipt or --id-acte");
    let (code, _) = actes(
        d,
        &[
            "stamp",
            pdf,
            "--id-acte",
            "062-216204982-20221214-DLB12_14122022-DE",
            "--position",
            "middle",
            "--out",
            "x.pdf",
        ],
    );
    assert_eq!(code, 2);

    let (code, out) = actes(
        d,
        &[
            "bundle",
            "stamp",
            p,
            "--out",
            "stamped",
            "--all-pages",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    validate(out.trim());
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(
        v["outputs"].as_array().map(Vec::len),
        Some(2),
        "the act and its annex"
    );

    let (code, out) = actes(d, &["receipt", "sheet", p, "--out", "sheet.pdf", "--json"]);
    assert_eq!(code, 0, "{out}");
    validate(out.trim());

    let (code, out) = actes(
        d,
        &[
            "opendata",
            "scdl",
            p,
            "--coll-nom",
            "Ville de Lens",
            "--siret",
            "21620498200013",
            "--out",
            "d.csv",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    validate(out.trim());
    // A received file alone is about no act: reported.
    let (code, out) = actes(
        d,
        &[
            "opendata",
            "scdl",
            p,
            ar,
            "--coll-nom",
            "Lens",
            "--siret",
            "21620498200013",
            "--out",
            "e.csv",
            "--json",
        ],
    );
    assert_eq!(code, 1, "{out}");
    validate(out.trim());
    assert!(out.contains("RECORD-NO-ACT"));
}
