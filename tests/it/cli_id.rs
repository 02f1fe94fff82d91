//! `actes id check` and `actes siren check`, run as a process.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Output, Stdio};

const SEED: &str = "062-216204982-20221214-DLB12_14122022-DE";

fn actes(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = crate::cli_support::actes_command();
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE");
    let mut child = cmd.spawn().expect("run actes");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        // Write from a thread so that a large input cannot dead-lock with
        // the child's output.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    child.wait_with_output().expect("wait for actes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn no_panic(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "{err}");
}

#[test]
fn valid_id_exits_0() {
    let o = actes(&["id", "check", SEED], None);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), format!("OK {SEED}\n"));
}

#[test]
fn invalid_id_exits_1_with_one_line_per_diagnostic() {
    let bad = "162-216204983-20221332-DLB12-DE";
    let o = actes(&["id", "check", SEED, bad], None);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(lines[0], format!("OK {SEED}"));
    assert!(lines[1].starts_with(&format!("ERROR {bad}: ID-DEPARTEMENT-CHAR ")));
    assert_eq!(
        lines[2],
        format!(
            "ERROR {bad}: ID-SIREN-CHECKSUM the SIREN check digit (Luhn) is wrong (segment siren, byte 4)"
        )
    );
    assert!(lines[3].starts_with(&format!("ERROR {bad}: ID-ACTE-DATE-INVALID ")));
}

#[test]
fn french_messages() {
    let o = actes(
        &["id", "check", "--lang", "fr", "062-216204983-20221214-A-DE"],
        None,
    );
    assert_eq!(
        stdout(&o),
        "ERREUR 062-216204983-20221214-A-DE: ID-SIREN-CHECKSUM la clé de contrôle (Luhn) du SIREN est fausse (segment siren, octet 4)\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["id", "check", "--bogus"][..],
        &["id", "check", "--lang", "de", SEED],
        &["id"],
        &["nonexistent"],
        &[],
    ] {
        let o = actes(args, None);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    let o = actes(&["id", "check", "--help"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Exit code: 0 when every input is valid"));
}

#[test]
fn warnings_and_strict() {
    let test_platform = "099-000000000-20190409-D2019_03-DE";
    let o = actes(&["id", "check", test_platform], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("WARN {test_platform}: ID-DEPARTEMENT-UNKNOWN ")),
        "{out}"
    );
    assert!(
        out.contains(&format!("WARN {test_platform}: ID-SIREN-LEADING-ZERO ")),
        "{out}"
    );
    assert!(out.ends_with(&format!("OK {test_platform}\n")), "{out}");

    let o = actes(&["id", "check", "--strict", test_platform], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("ERROR {test_platform}: ID-DEPARTEMENT-UNKNOWN ")),
        "{out}"
    );
    assert!(!out.contains("OK "), "{out}");
    assert!(!out.contains("WARN "), "{out}");

    let lower = "062-216204982-20221214-dlb12-DE";
    assert_eq!(actes(&["id", "check", lower], None).status.code(), Some(0));
    assert_eq!(
        actes(&["id", "check", "--strict", lower], None)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn json_lines() {
    let bad = "035-123456789-20030714-9999aaa-AI";
    let o = actes(&["id", "check", "--json", SEED, bad], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        serde_json::json!({
            "input": SEED,
            "line": null,
            "valid": true,
            "id": {
                "departement": "062",
                "siren": "216204982",
                "date": "2022-12-14",
                "numero": "DLB12_14122022",
                "nature": {"code": 1, "abbr": "DE", "label": "Délibérations"}
            },
            "diagnostics": []
        })
    );
    assert_eq!(lines[1]["valid"], false);
    assert!(lines[1]["id"].is_null());
    assert_eq!(
        lines[1]["diagnostics"],
        serde_json::json!([
            {"code": "ID-SIREN-CHECKSUM", "severity": "error",
             "message": "the SIREN check digit (Luhn) is wrong",
             "message_en": "the SIREN check digit (Luhn) is wrong",
             "message_fr": "la clé de contrôle (Luhn) du SIREN est fausse",
             "location": {"segment": "siren", "offset": 4}},
            {"code": "ID-NUMERO-LOWERCASE", "severity": "warning",
             "message": "the numéro interne 9999aaa has 3 lower-case letter(s); emission requires upper case",
             "message_en": "the numéro interne 9999aaa has 3 lower-case letter(s); emission requires upper case",
             "message_fr": "le numéro interne 9999aaa contient 3 minuscule(s) ; il ne peut contenir que des chiffres, des lettres en majuscules et _",
             "location": {"segment": "numero", "offset": 27}}
        ])
    );
    // --strict: the warning is reported as an error.
    let o = actes(
        &["id", "check", "--json", "--strict", "--lang", "fr", bad],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim_end()).unwrap();
    assert_eq!(v["diagnostics"][1]["severity"], "error");
    assert!(v["diagnostics"][1]["message"]
        .as_str()
        .unwrap()
        .starts_with("le numéro interne 9999aaa contient"));
}

#[test]
fn stdin_streaming_with_crlf_and_blank_lines() {
    let input = format!("{SEED}\r\n\r\n   \n\n062-216204982-20221214-X-XX\r\n{SEED}");
    let o = actes(&["id", "check"], Some(input.as_bytes()));
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("OK {SEED}"),
            "ERROR 062-216204982-20221214-X-XX: ID-NATURE-ACTE-UNKNOWN the last segment must be DE, AR, AI, CC, BF or AU; found \"XX\" (line 5, segment nature, byte 25)".to_string(),
            format!("OK {SEED}"),
        ]
    );
    let o = actes(
        &["id", "check"],
        Some(format!("{SEED}\r\n{SEED}\n").as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0));
    // Empty input: nothing was checked, a usage error (not a false green).
    let o = actes(&["id", "check"], Some(b""));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
}

#[test]
fn invalid_utf8_on_stdin_is_reported_not_a_panic() {
    let mut input = b"062-216204982-20221214-D\xe9LIB-DE\n".to_vec();
    input.extend_from_slice(SEED.as_bytes());
    let o = actes(&["id", "check", "--json"], Some(&input));
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["valid"], false);
    assert_eq!(lines[0]["diagnostics"][0]["code"], "ID-INPUT-NOT-UTF8");
    assert_eq!(lines[0]["diagnostics"][0]["location"]["offset"], 24);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["valid"], true);
}

#[test]
fn a_one_megabyte_line_does_not_crash() {
    let mut input = vec![b'A'; 1 << 20];
    input.extend_from_slice(b"\n");
    input.extend_from_slice(
        format!("062-216204982-20221214-{}-DE\n", "-".repeat(1 << 20)).as_bytes(),
    );
    input.extend_from_slice(SEED.as_bytes());
    let o = actes(&["id", "check"], Some(&input));
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("ID-ACTE-STRUCTURE"));
    assert!(out.contains("ID-NUMERO-TOO-LONG"));
    assert!(out.ends_with(&format!("OK {SEED}\n")));
}

#[test]
fn siren_check() {
    let o = actes(&["siren", "check", "216204982", "217500016"], None);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "OK 216204982\nOK 217500016\n");

    let o = actes(
        &["siren", "check", "123456789", "21620498X", "2162049"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("ERROR 123456789: ID-SIREN-CHECKSUM "), "{out}");
    assert!(
        out.contains("ERROR 21620498X: ID-SIREN-NOT-DIGIT ")
            && out.contains("(segment siren, byte 8)"),
        "{out}"
    );
    assert!(out.contains("ERROR 2162049: ID-SIREN-LENGTH "), "{out}");

    let o = actes(
        &["siren", "check", "--json"],
        Some(b"216204982\r\n\r\n000000000\n"),
    );
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines[0],
        serde_json::json!({"input": "216204982", "line": 1, "valid": true, "siren": "216204982", "diagnostics": []})
    );
    assert_eq!(lines[1]["diagnostics"][0]["code"], "ID-SIREN-LEADING-ZERO");
    assert_eq!(lines[1]["diagnostics"][0]["severity"], "warning");

    let o = actes(&["siren", "check", "--strict", "000000000"], None);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        actes(&["siren", "check", "--nope"], None).status.code(),
        Some(2)
    );
}
