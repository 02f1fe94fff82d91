//! `actes bundle create` and `actes bundle verify`: exit codes, output,
//! nothing written on refusal, --force.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::Output;

const AR_NAME: &str = "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";

fn actes(args: &[&str]) -> Output {
    crate::cli_support::actes_command()
        .args(args)
        .output()
        .unwrap()
}

fn lens() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn build(dir: &Path) -> PathBuf {
    let o = actes(&[
        "archive",
        "build",
        s(&lens().join("input.json")),
        "--out",
        s(dir),
        "--today",
        "2022-12-19",
    ]);
    assert_eq!(o.status.code(), Some(0));
    dir.join("SLO-EACT--216204982--20221219-1.tar.gz")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn create_verify_force_and_tamper() {
    let dir = tempfile::tempdir().unwrap();
    let archive = build(dir.path());
    let proof = dir.path().join("proof.zip");
    let ar = lens().join(AR_NAME);
    let create = |extra: &[&str]| {
        let mut args = vec![
            "bundle",
            "create",
            "--archive",
            s(&archive),
            "--receipt",
            s(&ar),
            "--out",
            s(&proof),
            "--today",
            "2022-12-19",
        ];
        args.extend_from_slice(extra);
        actes(&args)
    };
    let o = create(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.lines().last().unwrap().starts_with("bundle "),
        "{text}"
    );
    assert!(text.contains(" receipt ") && text.contains(AR_NAME));

    let o = create(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(create(&["--force"]).status.code(), Some(0));

    let o = actes(&["bundle", "verify", s(&proof), "--today", "2022-12-19"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.contains("  end of the two-month window  2023-02-20"),
        "{text}"
    );
    assert!(text.contains("  state     acknowledged"));
    assert!(text.lines().last().unwrap().starts_with("INTACT"));

    let o = actes(&["bundle", "verify", s(&proof), "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["intact"], true);
    assert_eq!(j["act"]["window_end"], "2023-02-20");

    // Tampered: one member's content changed (same zip structure).
    let mut bytes = std::fs::read(&proof).unwrap();
    let needle = b"Coop";
    let at = bytes
        .windows(needle.len())
        .rposition(|w| w == needle)
        .unwrap();
    bytes[at] = b'K';
    std::fs::write(&proof, &bytes).unwrap();
    let o = actes(&["bundle", "verify", s(&proof)]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.lines().last().unwrap().starts_with("TAMPERED"),
        "{text}"
    );
    assert!(text.contains(AR_NAME) && text.contains("ERROR"), "{text}");
}

#[test]
fn another_act_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let archive = build(dir.path());
    let ar = std::fs::read(lens().join(AR_NAME)).unwrap();
    let other: Vec<u8> = {
        let mut v = ar.clone();
        let from = b"DLB12_";
        let mut i = 0;
        while i + from.len() <= v.len() {
            if &v[i..i + from.len()] == from {
                v[i + 4] = b'3';
            }
            i += 1;
        }
        v
    };
    let other_path = dir.path().join("other-1-2_1.xml");
    std::fs::write(&other_path, other).unwrap();
    let proof = dir.path().join("proof.zip");
    let o = actes(&[
        "bundle",
        "create",
        "--archive",
        s(&archive),
        "--receipt",
        s(&other_path),
        "--out",
        s(&proof),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["written"], false);
    let codes: Vec<&str> = j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"BUNDLE-OTHER-ACT"), "{codes:?}");
    assert!(codes.contains(&"RCPT-OTHER-ACT"), "{codes:?}");
    assert!(!proof.exists());
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("proof")));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        actes(&["bundle", "create", "--out", "x.zip"]).status.code(),
        Some(2)
    );
    assert_eq!(actes(&["bundle", "verify"]).status.code(), Some(2));
    let o = actes(&["bundle", "verify", "/nonexistent/proof.zip"]);
    assert_eq!(o.status.code(), Some(1));
}
