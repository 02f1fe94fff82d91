//! `actes budget check|show|seal` and `actes xml c14n`: exit codes, the
//! JSON shape against `schemas/budget-check.schema.json`, standard input,
//! atomic output, hostile input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn actes(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_actes"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut input = child.stdin.take().unwrap_or_else(|| panic!("stdin"));
    input
        .write_all(stdin.unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    drop(input);
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn totem(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/samples/totem")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn schema() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/budget-check.schema.json");
    serde_json::from_slice(&std::fs::read(p).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Checks an object against the schema's shape: exactly its properties,
/// strings or null, the seal enum, the digest patterns.
fn conforms(v: &Value, schema: &Value) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"));
    let props = schema["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("schema"));
    let mut keys: Vec<&String> = obj.keys().collect();
    let mut expected: Vec<&String> = props.keys().collect();
    keys.sort();
    expected.sort();
    assert_eq!(keys, expected);
    for (k, p) in props {
        let val = &obj[k];
        if let Some(choices) = p.get("enum").and_then(Value::as_array) {
            assert!(choices.contains(val), "{k}: {val}");
        } else if p["type"] == serde_json::json!(["string", "null"]) {
            assert!(val.is_string() || val.is_null(), "{k}: {val}");
        }
    }
    for (k, len) in [("md5", 32), ("sha1", 40)] {
        if let Some(s) = obj[k].as_str() {
            assert_eq!(s.len(), len);
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)),
                "{s}"
            );
        }
    }
    let vote = props["vote"]["required"]
        .as_array()
        .unwrap_or_else(|| panic!("vote"));
    assert_eq!(obj["vote"].as_object().map(|o| o.len()), Some(vote.len()));
    for d in obj["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("diagnostics"))
    {
        for key in ["code", "severity", "message", "message_fr"] {
            assert!(d[key].is_string(), "{d}");
        }
    }
}

#[test]
fn check_exit_codes_text_and_json() {
    let valid = totem("BP2022_TRANSPORT.xml");
    let invalid = totem("totem_mauvaise_nomenclature.xml");
    let o = actes(
        &["budget", "check", &valid, &totem("budget-crach-001.xml")],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| l.starts_with("VALID "))
            .count(),
        2
    );
    let o = actes(&["budget", "check", "--json", &valid, &invalid], None);
    assert_eq!(o.status.code(), Some(1));
    let schema = schema();
    let lines: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 2);
    for l in &lines {
        conforms(l, &schema);
    }
    assert_eq!(lines[0]["seal"], "valid");
    assert_eq!(lines[0]["nomenclature"], "M4-M43_D");
    assert_eq!(lines[0]["sealed_at"], "2022-02-08T14:13:52");
    assert_eq!(lines[1]["seal"], "invalid");
    assert_eq!(lines[1]["seal_md5"], "C2AD100CFDB19AE28D5BF4454461F5E7");
    assert_ne!(lines[1]["md5"], lines[1]["seal_md5"]);
    let o = actes(&["budget", "check", "--lang", "fr", &invalid], None);
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("Le fichier budgétaire n'est pas correctement scellé"));
    // Usage errors.
    assert_eq!(actes(&["budget", "check"], None).status.code(), Some(2));
    assert_eq!(
        actes(&["budget", "check", "--lang", "de", &valid], None)
            .status
            .code(),
        Some(2)
    );
    // A missing file is reported, not a crash.
    let o = actes(&["budget", "check", "--json", "/nonexistent/x.xml"], None);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    conforms(&v, &schema);
    assert_eq!(v["seal"], Value::Null);
    assert_eq!(v["diagnostics"][0]["code"], "BUDGET-UNREADABLE");
}

#[test]
fn check_and_show_read_standard_input() {
    let bytes = std::fs::read(totem("DOCBUDG-21560046100010-056025-CA-2021.xml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let o = actes(&["budget", "check", "-"], Some(&bytes));
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("VALID -"));
    let o = actes(&["budget", "show", "--json", "-"], Some(&bytes));
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    conforms(&v, &schema());
    assert_eq!(v["nat_dec"], "09");
    let o = actes(&["budget", "show", "--lang", "fr", "-"], Some(&bytes));
    assert!(String::from_utf8_lossy(&o.stdout).contains("09 (compte administratif)"));
    // show exits 0 on any readable document, 1 on an unreadable one.
    let o = actes(
        &["budget", "show", &totem("alamarge_mauvais_totem.xml")],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    let o = actes(
        &["budget", "show", "-"],
        Some(b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("XML-DOCTYPE"));
}

#[test]
fn hostile_input_hits_the_xml_limits() {
    let deep = format!(
        "<DocumentBudgetaire>{}{}</DocumentBudgetaire>",
        "<a>".repeat(200),
        "</a>".repeat(200)
    );
    let o = actes(&["budget", "check", "--json", "-"], Some(deep.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["diagnostics"][0]["code"], "XML-LIMIT-DEPTH");
    let o = actes(
        &["xml", "c14n", "-"],
        Some(b"<?xml version='1.0' encoding='UTF-16'?><a/>"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("XML-ENCODING-UNSUPPORTED"));
}

#[test]
fn seal_writes_an_atomic_deterministic_sealed_copy() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out: PathBuf = dir.path().join("sealed.xml");
    let out_s = out.to_string_lossy().into_owned();
    let input = totem("totem_mauvaise_etape.xml");
    let date = "2024-06-01T12:00:00.000+02:00";
    let o = actes(
        &["budget", "seal", &input, "--out", &out_s, "--date", date],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("SEALED "));
    let first = std::fs::read(&out).unwrap_or_else(|e| panic!("{e}"));
    let o = actes(&["budget", "check", &out_s], None);
    assert_eq!(o.status.code(), Some(0));
    // Never replaced without --force; the file is untouched.
    let o = actes(
        &[
            "budget",
            "seal",
            &input,
            "--out",
            &out_s,
            "--date",
            "2025-01-01T00:00:00",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap_or_default(), first);
    // From standard input, with --force: the same bytes.
    let bytes = std::fs::read(&input).unwrap_or_else(|e| panic!("{e}"));
    let o = actes(
        &[
            "budget", "seal", "-", "--out", &out_s, "--date", date, "--force",
        ],
        Some(&bytes),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read(&out).unwrap_or_default(), first);
    // Refusals leave nothing behind.
    let bad = dir.path().join("bad.xml");
    let bad_s = bad.to_string_lossy().into_owned();
    let o = actes(
        &[
            "budget",
            "seal",
            &input,
            "--out",
            &bad_s,
            "--date",
            "yesterday",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("BUDGET-SEAL-DATE"));
    let o = actes(&["budget", "seal", "-", "--out", &bad_s], Some(b"<Acte/>"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("BUDGET-NOT-DOCUMENT"));
    assert!(!bad.exists());
    assert_eq!(std::fs::read_dir(dir.path()).map_or(0, |d| d.count()), 1);
    // Usage: --out is required.
    assert_eq!(
        actes(&["budget", "seal", &input], None).status.code(),
        Some(2)
    );
}

#[test]
fn xml_c14n_writes_the_canonical_form() {
    let input = totem("budget-crach-001.xml");
    let bytes = std::fs::read(&input).unwrap_or_else(|e| panic!("{e}"));
    let o = actes(&["xml", "c14n", &input], None);
    assert_eq!(o.status.code(), Some(0));
    let expected = actes::xml::c14n::to_vec(
        &bytes,
        &actes::xml::Limits::default(),
        actes::xml::c14n::Comments::Omit,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.stdout, expected);
    let o = actes(
        &["xml", "c14n", "--with-comments", "-"],
        Some(b"<a><!-- c --><b/></a>"),
    );
    assert_eq!(o.stdout, b"<a><!-- c --><b></b></a>");
    let o = actes(&["xml", "c14n", "-"], Some(b"<a><!-- c --><b/></a>"));
    assert_eq!(o.stdout, b"<a><b></b></a>");
    assert_eq!(
        actes(&["xml", "c14n", "/nonexistent"], None).status.code(),
        Some(1)
    );
    assert_eq!(actes(&["xml", "c14n"], None).status.code(), Some(2));
}

/// `report::budget_check` is the document `budget check --json` prints.
#[test]
fn report_budget_check_is_the_cli_json() {
    use actes::diagnostic::Lang;
    for name in ["BP2022_TRANSPORT.xml", "totem_mauvaise_nomenclature.xml"] {
        let path = totem(name);
        let o = actes(&["budget", "check", "--json", "--lang", "fr", &path], None);
        let cli: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let lib = actes::report::budget_check(&path, bytes.as_slice(), Lang::Fr);
        assert_eq!(serde_json::to_value(&lib).unwrap_or_default(), cli);
        assert_eq!(lib.is_valid(), cli["seal"] == "valid");
    }
}
