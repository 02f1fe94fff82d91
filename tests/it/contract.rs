//! The user's contract (issue 13): every `--json` output validated against
//! its JSON Schema, the library's `actes::report` documents identical to
//! the CLI's, French throughout under `--lang fr` (and from the
//! environment), standard input as `-`, pipes and `/dev/stdin`, exit codes,
//! output folders created, completions and man page.
#![cfg(feature = "cli")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use actes::diagnostic::Lang;

const SEED: &str = "062-216204982-20221214-DLB12_14122022-DE";
const AR_NAME: &str = "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";
const TODAY: &str = "2022-12-19";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference(rel: &str) -> String {
    root()
        .join("../shared/reference")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn lens(rel: &str) -> String {
    root()
        .join("fixtures/lens")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Runs actes with `args`, `stdin` piped in when given, and a clean
/// language environment plus `env`.
fn run(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_actes"));
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for k in ["ACTES_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run actes");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    let o = child.wait_with_output().expect("wait for actes");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    o
}

fn actes(args: &[&str]) -> Output {
    run(args, None, &[])
}

fn text(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// `actes archive build` of the Lens input into `out`.
fn build_lens(out: &Path) -> Output {
    actes(&[
        "archive",
        "build",
        &lens("input.json"),
        "--out",
        s(out),
        "--today",
        TODAY,
    ])
}

/// `actes bundle create` of `archive` and the Lens acknowledgement into `zip`.
fn bundle_lens(archive: &Path, zip: &Path) -> Output {
    actes(&[
        "bundle",
        "create",
        "--archive",
        s(archive),
        "--receipt",
        &lens(AR_NAME),
        "--out",
        s(zip),
        "--today",
        TODAY,
    ])
}

/// The files of a worked example: a built archive, a proof bundle, a
/// tampered copy, a delivery.
struct World {
    dir: tempfile::TempDir,
    archive: PathBuf,
    bundle: PathBuf,
    tampered: PathBuf,
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let o = build_lens(&out);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let archive = out.join("SLO-EACT--216204982--20221219-1.tar.gz");
    let bundle = dir.path().join("proof.zip");
    let o = bundle_lens(&archive, &bundle);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let tampered = dir.path().join("tampered.zip");
    let mut bytes = std::fs::read(&bundle).expect("bundle");
    // Flip a byte of a stored (uncompressed) member: the PDF's content.
    let at = bytes
        .windows(4)
        .position(|w| w == b"%PDF")
        .expect("a PDF in the bundle");
    bytes[at + 10] ^= 0x20;
    std::fs::write(&tampered, bytes).expect("write");
    World {
        dir,
        archive,
        bundle,
        tampered,
    }
}

/// Whether python3 with jsonschema is there; under CI it must be.
fn validator_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but python3 with jsonschema is missing (.ci/run installs it)"
        );
        eprintln!("notice: python3 -m jsonschema missing; schema validation skipped");
    }
    ok
}

/// Validates JSON Lines against `schemas/<schema>`; returns the count.
fn validate(schema: &str, jsonl: &[u8]) -> usize {
    let mut child = Command::new("python3")
        .arg(root().join("tests/it/contract_support/validate.py"))
        .arg(root().join("schemas"))
        .arg(schema)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(jsonl)
        .expect("write");
    let o = child.wait_with_output().expect("validator");
    assert!(
        o.status.success(),
        "{schema}: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(jsonl)
    );
    String::from_utf8_lossy(&o.stdout)
        .trim()
        .parse()
        .expect("count")
}

/// A command to run: the schema of its output, its arguments, its standard
/// input.
type Run = (&'static str, Vec<String>, Option<Vec<u8>>);

/// Every command's `--json` output, on valid and invalid inputs, in both
/// languages, with the schema it must follow.
fn json_outputs(w: &World) -> Vec<(&'static str, Vec<u8>)> {
    let d = w.dir.path();
    let bad_json = d.join("bad.json");
    std::fs::write(&bad_json, b"{\"collectivite\": 1, \"unknown\": true}").expect("write");
    let class = reference("refdata/pastell-megalis_classification-exemple_2019-03-01.xml");
    let class2017 =
        reference("refdata/pastell-megalis_actes-generique_classification_2017-11-13.xml");
    let receipts: Vec<String> = [
        "examples-2003/actes__1-2_ARActe.xml",
        "examples-2003/actes__1-3_AnomalieActe.xml",
        "examples-2003/actes__6-2_ARAnnulation.xml",
        "examples-2003/lettreObservations__4-1_LettreObservations.xml",
        "examples-2003/piecesComplementaires__EnveloppeMICL.xml",
        "examples-2003/actes__7-2_RetourClassification.xml",
        "pastell/fakeTdt-ar-actes-invalid.xml",
    ]
    .iter()
    .map(|r| reference(&format!("samples/{r}")))
    .collect();
    let receipts_ref: Vec<&str> = receipts.iter().map(String::as_str).collect();
    let (archive, bundle, tampered) = (s(&w.archive), s(&w.bundle), s(&w.tampered));
    let (again, early) = (d.join("again"), d.join("early"));
    let (again, early, other) = (s(&again), s(&early), d.join("other.zip"));
    let input = lens("input.json");
    let ar = lens(AR_NAME);
    let v01 = root()
        .join("fixtures/bundle-v0.1/062-216204982-20221214-DLB12_14122022-DE-proof.zip")
        .to_string_lossy()
        .into_owned();
    let stdin_ids = format!("{SEED}\n\n162-x\nnope\n062-216204983-20221214-a-DE\n");
    let cmd = |schema, args: &[&str], stdin: Option<&[u8]>| -> Run {
        (
            schema,
            args.iter().map(|a| a.to_string()).collect(),
            stdin.map(<[u8]>::to_vec),
        )
    };
    let mut runs: Vec<Run> = vec![
        cmd(
            "id-check.schema.json",
            &["id", "check", "--json"],
            Some(stdin_ids.as_bytes()),
        ),
        cmd(
            "id-check.schema.json",
            &["id", "check", "--json", "--strict", SEED, "\u{e9}"],
            None,
        ),
        cmd(
            "id-check.schema.json",
            &["id", "check", "--json", "-"],
            Some(b"\xff\xfe\n"),
        ),
        cmd(
            "siren-check.schema.json",
            &["siren", "check", "--json"],
            Some(b"216204982\n000000000\n21620498X\n"),
        ),
        cmd(
            "classification-check.schema.json",
            &["classification", "check", "8", "--json"],
            None,
        ),
        cmd(
            "classification-show.schema.json",
            &["classification", "show", &class, "--json"],
            None,
        ),
        cmd(
            "classification-diff.schema.json",
            &["classification", "diff", &class2017, &class, "--json"],
            None,
        ),
        cmd(
            "classification-check.schema.json",
            &[
                "classification",
                "check",
                "1.1.2",
                "--classification",
                &class,
                "--nature",
                "1",
                "--typologie",
                "99_AU",
                "--json",
            ],
            None,
        ),
        cmd(
            "classification-check.schema.json",
            &[
                "classification",
                "check",
                "8.9",
                "--classification",
                &receipts[0],
                "--json",
            ],
            None,
        ),
        cmd(
            "archive-build.schema.json",
            &[
                "archive", "build", &input, "--out", again, "--today", TODAY, "--json",
            ],
            None,
        ),
        cmd(
            "archive-build.schema.json",
            &[
                "archive",
                "build",
                &input,
                "--out",
                early,
                "--today",
                "2022-12-01",
                "--json",
            ],
            None,
        ),
        cmd(
            "archive-build.schema.json",
            &["archive", "build", s(&bad_json), "--out", s(d), "--json"],
            None,
        ),
        cmd(
            "archive-check.schema.json",
            &["archive", "check", archive, "--today", TODAY, "--json"],
            None,
        ),
        cmd(
            "archive-check.schema.json",
            &["archive", "check", bundle, "--json"],
            None,
        ),
        cmd(
            "archive-check.schema.json",
            &["archive", "check", "/nonexistent/a.tar.gz", "--json"],
            None,
        ),
        cmd(
            "receipt-read.schema.json",
            &[
                &["receipt", "read", "--json", "/nonexistent/x.xml", archive][..],
                &receipts_ref,
            ]
            .concat(),
            None,
        ),
        cmd(
            "delivery-read.schema.json",
            &[
                "delivery",
                "read",
                "--json",
                &reference("samples/pastell/courrier_simple.tar.gz"),
            ],
            None,
        ),
        cmd(
            "delivery-read.schema.json",
            &["delivery", "read", "--json", archive],
            None,
        ),
        cmd(
            "bundle-create.schema.json",
            &[
                "bundle",
                "create",
                "--archive",
                archive,
                "--receipt",
                &ar,
                "--out",
                bundle,
                "--json",
            ],
            None,
        ),
        cmd(
            "bundle-create.schema.json",
            &[
                "bundle",
                "create",
                "--archive",
                archive,
                "--receipt",
                &receipts[0],
                "--out",
                s(&other),
                "--json",
            ],
            None,
        ),
        cmd(
            "bundle-verify.schema.json",
            &["bundle", "verify", bundle, "--today", TODAY, "--json"],
            None,
        ),
        cmd(
            "bundle-verify.schema.json",
            &["bundle", "verify", tampered, "--json"],
            None,
        ),
        // A bundle written by actes 0.1 (manifest format 1).
        cmd(
            "bundle-verify.schema.json",
            &["bundle", "verify", &v01, "--today", TODAY, "--json"],
            None,
        ),
    ];
    let mut out = Vec::new();
    for (schema, args, stdin) in runs.drain(..) {
        for lang in ["en", "fr"] {
            let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
            a.extend(["--lang", lang]);
            let o = run(&a, stdin.as_deref(), &[]);
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "{a:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(!o.stdout.is_empty(), "{a:?}: no output");
            out.push((schema, o.stdout));
        }
    }
    out
}

#[test]
fn every_json_output_follows_its_schema() {
    let w = world();
    let outputs = json_outputs(&w);
    // Every schema of a command output is exercised.
    for entry in std::fs::read_dir(root().join("schemas")).expect("schemas") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        if [
            "diagnostic.schema.json",
            "bundle-manifest.schema.json",
            "transmission-input.schema.json",
        ]
        .contains(&name.as_ref())
            || !name.ends_with(".schema.json")
        {
            continue;
        }
        // Schemas of commands added by other work carry their own tests.
        if [
            "budget",
            "act-status",
            "opendata",
            "stamp",
            "xml",
            "binding",
        ]
        .iter()
        .any(|p| name.starts_with(p))
        {
            continue;
        }
        assert!(
            outputs.iter().any(|(s, _)| *s == name),
            "no output checked against {name}"
        );
    }
    if !validator_available() {
        return;
    }
    for (schema, jsonl) in &outputs {
        assert!(validate(schema, jsonl) >= 1);
    }
    // The bundle's own manifest.json.
    let zip = std::fs::read(&w.bundle).expect("bundle");
    let start = zip
        .windows(2)
        .position(|p| p == b"{\n")
        .expect("manifest.json is first");
    let mut depth = 0i32;
    let mut end = start;
    for (i, &b) in zip.iter().enumerate().skip(start) {
        match b {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            end = i + 1;
            break;
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&zip[start..end]).expect("manifest JSON");
    let line = serde_json::to_vec(&manifest).expect("JSON");
    assert_eq!(validate("bundle-manifest.schema.json", &line), 1);
}

/// The README lists every schema, and every schema names its command.
#[test]
fn readme_lists_every_schema() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    for entry in std::fs::read_dir(root().join("schemas")).expect("schemas") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".schema.json") {
            assert!(
                readme.contains(&format!("schemas/{name}")),
                "README does not list schemas/{name}"
            );
        }
    }
}

/// `actes::report` gives the very document the CLI prints.
#[test]
fn library_documents_are_the_cli_documents() {
    let id = "062-216204983-20221214-a-DE";
    let o = actes(&["id", "check", "--json", "--lang", "fr", id]);
    let lib = actes::report::id_check(id, None, false, Lang::Fr);
    assert_eq!(text(&o), serde_json::to_string(&lib).expect("JSON") + "\n");
    let o = run(
        &["siren", "check", "--json", "--strict"],
        Some(b"\n000000000\n"),
        &[],
    );
    let lib = actes::report::siren_check("000000000", Some(2), true, Lang::En);
    assert_eq!(text(&o), serde_json::to_string(&lib).expect("JSON") + "\n");

    let ar = reference("samples/examples-2003/actes__1-2_ARActe.xml");
    let bytes = std::fs::read(&ar).expect("sample");
    let o = actes(&["receipt", "read", "--json", "--lang", "fr", &ar]);
    let lib = actes::report::receipt_read(&ar, &bytes, &Default::default(), Lang::Fr);
    assert_eq!(text(&o), serde_json::to_string(&lib).expect("JSON") + "\n");

    let o = actes(&[
        "classification",
        "check",
        "8.9",
        "--nature",
        "DE",
        "--typologie",
        "99_DE",
        "--json",
    ]);
    let lib = actes::report::classification_check(
        "8.9",
        None,
        Some(actes::ids::NatureActe::Deliberation),
        Some("99_DE"),
        Lang::En,
    );
    assert_eq!(text(&o), serde_json::to_string(&lib).expect("JSON") + "\n");

    // The archive built in memory is the archive the CLI writes.
    let dir = tempfile::tempdir().expect("tempdir");
    let input = lens("input.json");
    let json = std::fs::read(&input).expect("input");
    let base = root().join("fixtures/lens");
    let request = actes::report::BuildRequest {
        input_name: &input,
        base_dir: &base,
        today: chrono::NaiveDate::from_ymd_opt(2022, 12, 19).expect("date"),
        classification: None,
        level: actes::container::DEFAULT_LEVEL,
    };
    let (doc, bytes) = actes::report::archive_build_bytes(&json, &request, Lang::En);
    let bytes = bytes.expect("built");
    let o = actes(&[
        "archive",
        "build",
        &input,
        "--out",
        s(dir.path()),
        "--today",
        TODAY,
        "--json",
    ]);
    let cli: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let mut lib = serde_json::to_value(&doc).expect("JSON");
    lib["archive"] = cli["archive"].clone();
    assert_eq!(cli, lib);
    let written = std::fs::read(cli["archive"].as_str().expect("path")).expect("archive");
    assert_eq!(written, bytes);
}

/// English words that must not appear in a French text output.
const ENGLISH: &[&str] = &[
    "ERROR ",
    "WARN ",
    " byte ",
    "(file ",
    " line ",
    "INVALID ",
    "TAMPERED",
    "REFUSED",
    "nothing written",
    "  history",
    "decided",
    "received by",
    "two-month window",
    "window open",
    "window closed",
    "no acknowledgement",
    "acknowledged",
    "transmitted",
    "not readable",
    "(missing)",
    " bytes ",
    "Envelope",
    "Findings",
    "Files:",
    "per level",
    "cannot ",
    "()",
];

fn assert_french(what: &str, out: &str) {
    for w in ENGLISH {
        assert!(!out.contains(w), "{what}: English {w:?} in\n{out}");
    }
}

/// Every command's text output (and its errors) under `--lang fr`, or with
/// the language from the environment.
#[test]
fn french_throughout() {
    let w = world();
    let d = w.dir.path();
    let receipts = [
        reference("samples/examples-2003/actes__1-2_ARActe.xml"),
        reference("samples/examples-2003/actes__1-3_AnomalieActe.xml"),
        reference("samples/pastell/fakeTdt-ar-actes-invalid.xml"),
        "/nonexistent/x.xml".to_string(),
    ];
    let class = reference("refdata/pastell-megalis_classification-exemple_2019-03-01.xml");
    let runs: Vec<(Vec<String>, Option<&[u8]>)> = vec![
        (
            vec!["id".into(), "check".into()],
            Some(
                format!("{SEED}\n062-216204983-20221214-a-DE\n\u{e9}\n")
                    .as_bytes()
                    .to_vec()
                    .leak(),
            ),
        ),
        (
            vec![
                "siren".into(),
                "check".into(),
                "000000000".into(),
                "1".into(),
            ],
            None,
        ),
        (
            vec!["classification".into(), "check".into(), "8".into()],
            None,
        ),
        (
            vec!["classification".into(), "show".into(), class.clone()],
            None,
        ),
        (
            vec![
                "classification".into(),
                "show".into(),
                "/nonexistent/c.xml".into(),
            ],
            None,
        ),
        (
            vec![
                "archive".into(),
                "build".into(),
                lens("input.json"),
                "--out".into(),
                s(d).into(),
                "--today".into(),
                "2022-12-01".into(),
            ],
            None,
        ),
        (
            vec![
                "archive".into(),
                "build".into(),
                "/nonexistent/input.json".into(),
                "--out".into(),
                s(d).into(),
            ],
            None,
        ),
        (
            vec!["archive".into(), "check".into(), s(&w.bundle).into()],
            None,
        ),
        (
            [vec!["receipt".into(), "read".into()], receipts.to_vec()].concat(),
            None,
        ),
        (
            vec![
                "delivery".into(),
                "read".into(),
                reference("samples/pastell/courrier_simple.tar.gz"),
            ],
            None,
        ),
        (
            vec!["delivery".into(), "read".into(), s(&w.archive).into()],
            None,
        ),
        (
            vec![
                "bundle".into(),
                "create".into(),
                "--archive".into(),
                s(&w.archive).into(),
                "--receipt".into(),
                receipts[0].clone(),
                "--out".into(),
                d.join("x.zip").to_string_lossy().into_owned(),
            ],
            None,
        ),
        (
            vec![
                "bundle".into(),
                "verify".into(),
                s(&w.bundle).into(),
                "--today".into(),
                TODAY.into(),
            ],
            None,
        ),
        (
            vec!["bundle".into(), "verify".into(), s(&w.tampered).into()],
            None,
        ),
        (
            vec![
                "demo".into(),
                "--out".into(),
                d.join("demo").to_string_lossy().into_owned(),
                "--force".into(),
            ],
            None,
        ),
    ];
    for (args, stdin) in &runs {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut with_flag = a.clone();
        with_flag.extend(["--lang", "fr"]);
        for (what, o) in [
            ("--lang fr", run(&with_flag, *stdin, &[])),
            ("ACTES_LANG=fr", run(&a, *stdin, &[("ACTES_LANG", "fr")])),
            (
                "LANG=fr_FR.UTF-8",
                run(&a, *stdin, &[("LANG", "fr_FR.UTF-8")]),
            ),
        ] {
            let all = text(&o) + &String::from_utf8_lossy(&o.stderr);
            assert!(!all.is_empty(), "{a:?}: no output");
            assert_french(&format!("{a:?} {what}"), &all);
        }
        // LC_ALL overrides LANG; --lang overrides both.
        let o = run(&a, *stdin, &[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")]);
        let en = text(&o) + &String::from_utf8_lossy(&o.stderr);
        let o = run(&with_flag, *stdin, &[("ACTES_LANG", "en")]);
        let fr = text(&o) + &String::from_utf8_lossy(&o.stderr);
        assert_french(&format!("{a:?} --lang fr over ACTES_LANG=en"), &fr);
        if en.contains("ERREUR") || fr.contains("ERROR ") {
            panic!("{a:?}: LC_ALL=C gave French or --lang fr gave English:\n{en}\n{fr}");
        }
    }
}

/// `-` is standard input; pipes, `/dev/stdin` and process substitution
/// are read once.
#[test]
fn standard_input_and_pipes() {
    let w = world();
    let ar = std::fs::read(lens(AR_NAME)).expect("AR");
    // receipt read: `-`, /dev/stdin, and the same as from the file.
    let from_file = run(&["receipt", "read", "--json", &lens(AR_NAME)], None, &[]);
    let file_doc: serde_json::Value = serde_json::from_slice(&from_file.stdout).expect("JSON");
    for name in ["-", "/dev/stdin"] {
        let o = run(&["receipt", "read", "--json", name], Some(&ar), &[]);
        assert_eq!(o.status.code(), Some(0), "{name}");
        let mut doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(doc["root"], "ARActe", "{name}");
        doc["file"] = file_doc["file"].clone();
        for d in doc["diagnostics"].as_array_mut().into_iter().flatten() {
            d["location"]["file"] = serde_json::Value::Null;
        }
        let mut expected = file_doc.clone();
        for d in expected["diagnostics"].as_array_mut().into_iter().flatten() {
            d["location"]["file"] = serde_json::Value::Null;
        }
        assert_eq!(doc, expected, "{name}");
    }
    // Process substitution (a pipe named /dev/fd/N), when bash is there.
    if Path::new("/bin/bash").exists() {
        let o = Command::new("/bin/bash")
            .arg("-c")
            .arg(format!(
                "{} receipt read <(cat {})",
                env!("CARGO_BIN_EXE_actes"),
                lens(AR_NAME)
            ))
            .output()
            .expect("bash");
        assert_eq!(o.status.code(), Some(0));
        assert!(text(&o).contains("1-2 ARActe"), "{}", text(&o));
    }
    // id check: `-` among the values.
    let o = run(
        &["id", "check", "-", SEED],
        Some(format!("{SEED}\n").as_bytes()),
        &[],
    );
    assert_eq!(text(&o), format!("OK {SEED}\nOK {SEED}\n"));
    // archive check, delivery read, bundle verify, classification show and
    // archive build from standard input.
    let archive = std::fs::read(&w.archive).expect("archive");
    let o = run(
        &["archive", "check", "-", "--today", TODAY],
        Some(&archive),
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(text(&o), "OK -\n");
    let o = run(&["delivery", "read", "--json", "-"], Some(&archive), &[]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(doc["source"], "-");
    assert_eq!(doc["files"].as_array().map(Vec::len), Some(4));
    let bundle = std::fs::read(&w.bundle).expect("bundle");
    let o = run(
        &["bundle", "verify", "-", "--today", TODAY],
        Some(&bundle),
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).ends_with("INTACT -\n"));
    let class = std::fs::read(reference(
        "refdata/pastell-megalis_classification-exemple_2019-03-01.xml",
    ))
    .expect("classification");
    let o = run(&["classification", "show", "-"], Some(&class), &[]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(
        &["classification", "check", "1.1", "--classification", "-"],
        Some(&class),
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The input description on standard input: document paths relative to
    // the current folder.
    let input = std::fs::read(lens("input.json")).expect("input");
    let out = w.dir.path().join("from-stdin");
    let o = Command::new(env!("CARGO_BIN_EXE_actes"))
        .args(["archive", "build", "-", "--out", s(&out), "--today", TODAY])
        .current_dir(root().join("fixtures/lens"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().expect("stdin").write_all(&input)?;
            c.wait_with_output()
        })
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        std::fs::read(out.join("SLO-EACT--216204982--20221219-1.tar.gz")).expect("built"),
        archive
    );
}

#[test]
fn exit_codes_and_strict() {
    // A file read with error diagnostics: 0, or 1 with --strict.
    let bad = reference("samples/examples-2003/actes__1-2_ARActe.xml");
    assert_eq!(actes(&["receipt", "read", &bad]).status.code(), Some(0));
    assert_eq!(
        actes(&["receipt", "read", "--strict", &bad]).status.code(),
        Some(1)
    );
    let good = lens(AR_NAME);
    assert_eq!(
        actes(&["receipt", "read", "--strict", &good]).status.code(),
        Some(0)
    );
    // A delivery whose message has an error diagnostic.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(&bad, dir.path().join("ar.xml")).expect("copy");
    let o = actes(&["delivery", "read", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = actes(&["delivery", "read", "--strict", s(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    let o = actes(&[
        "delivery",
        "read",
        "--strict",
        &reference("samples/pastell/courrier_simple.tar.gz"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Usage errors.
    assert_eq!(actes(&["receipt", "read"]).status.code(), Some(2));
    assert_eq!(
        actes(&["archive", "check", "x", "--today", "2022-13-01"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["siren", "check"], Some(b""), &[]).status.code(),
        Some(2)
    );
}

#[test]
fn output_folders_are_created_and_errors_name_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deep = dir.path().join("a/b/c");
    let o = build_lens(&deep);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(deep
        .join("SLO-EACT--216204982--20221219-1.tar.gz")
        .is_file());
    // A folder that cannot be created: the path is named, in French.
    let file = dir.path().join("plain");
    std::fs::write(&file, b"x").expect("write");
    let under = file.join("sub");
    let o = actes(&[
        "archive",
        "build",
        &lens("input.json"),
        "--out",
        s(&under),
        "--today",
        TODAY,
        "--lang",
        "fr",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert!(out.contains("IO-WRITE"), "{out}");
    assert!(
        out.contains(&format!("impossible d'écrire {}", s(&under))),
        "{out}"
    );
    // A bundle into a new folder.
    let archive = deep.join("SLO-EACT--216204982--20221219-1.tar.gz");
    let zip = dir.path().join("x/y/proof.zip");
    let o = bundle_lens(&archive, &zip);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(zip.is_file());
    // A missing input is named.
    let o = actes(&[
        "archive",
        "build",
        "/nonexistent/in.json",
        "--out",
        s(dir.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("/nonexistent/in.json"));
}

#[test]
fn completions_and_man_page() {
    for (shell, marker) in [
        ("bash", "complete"),
        ("zsh", "#compdef actes"),
        ("fish", "complete -c actes"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = actes(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let out = text(&o);
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(out.contains("receipt"), "{shell}");
    }
    let o = actes(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o);
    assert!(out.starts_with(".ie") || out.contains(".TH actes"), "{out}");
    assert!(out.contains("completions"));
    assert_eq!(actes(&["completions", "tcsh"]).status.code(), Some(2));
}

/// A document without the act's fields (`state`, `acknowledged_on`,
/// `window_end`), which only the reports add.
fn without_act_fields(mut v: serde_json::Value) -> serde_json::Value {
    match &mut v {
        serde_json::Value::Object(m) => {
            for k in ["state", "acknowledged_on", "window_end"] {
                m.remove(k);
            }
            for x in m.values_mut() {
                *x = without_act_fields(x.take());
            }
        }
        serde_json::Value::Array(a) => {
            for x in a.iter_mut() {
                *x = without_act_fields(x.take());
            }
        }
        _ => {}
    }
    v
}

/// `Receipt`, `Delivery`, `Message` and `Transaction` are `Serialize`, in
/// the shape of the documents (with `message` in English), less the act's
/// fields the reports add.
#[test]
fn library_types_serialize_as_the_documents() {
    let name = AR_NAME;
    let bytes = std::fs::read(lens(name)).expect("AR");
    let r = actes::receipt::read(name, &bytes, &Default::default());
    assert_eq!(
        without_act_fields(serde_json::to_value(&r).expect("JSON")),
        without_act_fields(
            serde_json::to_value(actes::report::ReceiptReport::new(&r, Lang::En)).expect("JSON")
        )
    );
    let m = serde_json::to_value(r.message.as_ref().expect("a message")).expect("JSON");
    assert_eq!(m["code"], "1-2");
    assert_eq!(m["root"], "ARActe");
    assert_eq!(m["date_reception"], "2022-12-19");

    let d = actes::delivery::Delivery::from_attachments(vec![(name.to_string(), bytes)]);
    assert_eq!(
        without_act_fields(serde_json::to_value(&d).expect("JSON")),
        without_act_fields(
            serde_json::to_value(actes::report::DeliveryReport::new(&d, Lang::En)).expect("JSON")
        )
    );

    let mut t = actes::transaction::Transaction::new(actes::ids::ActeKey::from_id_acte(SEED));
    t.push_delivery(&d);
    let v = serde_json::to_value(&t).expect("JSON");
    assert_eq!(v["state"], "acknowledged");
    assert_eq!(v["acknowledged_on"], "2022-12-19");
    assert_eq!(v["id_acte"], SEED);
    assert_eq!(v["history"].as_array().map(Vec::len), Some(1));
}

/// The act sent, straight from the transmission, is what a receipt is
/// compared with.
#[test]
fn receipt_checked_against_the_transmission() {
    let json = std::fs::read(lens("input.json")).expect("input");
    let parsed = actes::transmission::parse_json(&json, &root().join("fixtures/lens"));
    let t = parsed.value.expect("transmission");
    let sent = t.sent_acte().expect("an act");
    assert_eq!(
        sent.document.nom_fichier,
        "99_DE-062-216204982-20221214-DLB12_14122022-DE-1-1_1.pdf"
    );
    let ar = std::fs::read(lens(AR_NAME)).expect("AR");
    let ok = actes::receipt::read(
        AR_NAME,
        &ar,
        &actes::receipt::Context::default().with_sent(sent.clone()),
    );
    assert!(ok.diagnostics.is_empty(), "{:?}", ok.diagnostics);
    // Another objet: the echo no longer matches what was sent.
    let mut other = sent;
    other.objet = "Autre objet".to_string();
    let r = actes::receipt::read(
        AR_NAME,
        &ar,
        &actes::receipt::Context::default().with_sent(other),
    );
    assert!(!r.diagnostics.is_empty());
}
