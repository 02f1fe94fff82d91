//! The C ABI from other languages, in the tests:
//!
//! * `examples/check.c` compiled with the system C compiler against
//!   `include/actes.h`, linked with `libactes.so` and with `libactes.a`,
//!   and run on reference identifiers and received files: its documents
//!   must be the library's own (`actes::report`), valid against `schemas/`.
//! * the PHP package `bindings/php` (Debian's php-cli, FFI), through its
//!   test script `tests/run.php`, whose documents are validated the same
//!   way.
//!
//! Under `CI=true` a missing tool (cc, php, python3 with jsonschema) fails
//! the test; elsewhere the test says so and stops.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use actes_core::diagnostic::Lang;
use actes_core::receipt::Context;
use actes_core::report;
use serde_json::Value;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn repo() -> PathBuf {
    manifest_dir().join("..")
}

fn reference(rel: &str) -> PathBuf {
    repo().join("../shared/reference").join(rel)
}

/// The folder the test runs from (`target/<profile>`): where cargo puts
/// `libactes.so` and `libactes.a` once the library is built.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    // target/<profile>/deps/<test>
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>")
        .to_path_buf()
}

/// Builds the C libraries once (integration tests do not build a cdylib
/// or a staticlib by themselves), in the test's own target folder and
/// profile; their folder.
fn build_libraries() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(build)
}

fn build() -> PathBuf {
    let dir = profile_dir();
    let target_dir = dir.parent().expect("target folder");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args([
        "build",
        "--quiet",
        "-p",
        "actes-ffi",
        "--lib",
        "--target-dir",
    ])
    .arg(target_dir)
    .current_dir(repo());
    if dir.file_name().is_some_and(|n| n == "release") {
        cmd.arg("--release");
    }
    let status = cmd.status().expect("cargo build");
    assert!(status.success(), "cargo build -p actes-ffi failed");
    for lib in ["libactes.so", "libactes.a"] {
        assert!(
            dir.join(lib).is_file(),
            "{lib} missing from {}",
            dir.display()
        );
    }
    dir
}

fn cc(out: &Path, link: &[&str]) {
    let status = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .args([
            "-std=c99",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-D_POSIX_C_SOURCE=200809L",
        ])
        .arg("-I")
        .arg(manifest_dir().join("include"))
        .arg(manifest_dir().join("examples/check.c"))
        .arg("-o")
        .arg(out)
        .args(link)
        .status()
        .expect("the system C compiler (cc) runs");
    assert!(status.success(), "cc failed: {link:?}");
}

/// Whether `tool args...` runs; under CI=true it must.
fn tool_available(tool: &str, args: &[&str]) -> bool {
    let ok = Command::new(tool)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but `{tool} {args:?}` does not run (.ci/run installs it)"
        );
        eprintln!("notice: `{tool} {args:?}` does not run; this part of the test is not run");
    }
    ok
}

/// Validates JSON Lines against `schemas/<schema>` with the project's
/// validator (python3 + jsonschema; under CI=true it must be there).
fn validate(schema: &str, docs: &[&Value]) {
    if !tool_available("python3", &["-c", "import jsonschema"]) {
        return;
    }
    let mut child = Command::new("python3")
        .arg(repo().join("tests/it/contract_support/validate.py"))
        .arg(repo().join("schemas"))
        .arg(schema)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut input = Vec::new();
    for d in docs {
        input.extend(serde_json::to_vec(d).expect("json"));
        input.push(b'\n');
    }
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write");
    let o = child.wait_with_output().expect("validator");
    assert!(
        o.status.success(),
        "{schema}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

const VALID: &str = "062-216204982-20221214-DLB12_14122022-DE";
const INVALID: &str = "062-216204983-20221314-DLB12_14122022-XX";
const RECEIPTS: [&str; 5] = [
    "samples/pastell/aractes.xml",
    "samples/examples-2003/actes__1-2_ARActe.xml",
    "samples/examples-2003/actes__1-3_AnomalieActe.xml",
    "samples/examples-2003/actes__7-2_RetourClassification.xml",
    "samples/s2low/001-000000000-20170130-TEST42-DE-1-2_0.xml",
];

fn run(exe: &Path, args: &[String]) -> (i32, Vec<Value>) {
    let o = Command::new(exe)
        .args(args)
        .output()
        .expect("run the example");
    let docs = String::from_utf8(o.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    (o.status.code().expect("exit code"), docs)
}

#[test]
fn the_c_example_runs_against_the_shared_and_the_static_library() {
    let dir = build_libraries();
    let work = tempfile::tempdir().expect("tempdir");
    let shared = work.path().join("check-shared");
    let rpath = format!("-Wl,-rpath,{}", dir.display());
    if !tool_available("cc", &["--version"]) {
        return;
    }
    let libdir = format!("-L{}", dir.display());
    cc(&shared, &[&libdir, &rpath, "-lactes", "-lpthread"]);
    let static_exe = work.path().join("check-static");
    let archive = dir.join("libactes.a");
    let archive = archive.to_str().expect("UTF-8 path");
    cc(&static_exe, &[archive, "-lpthread", "-ldl", "-lm"]);

    let files: Vec<String> = RECEIPTS
        .iter()
        .map(|r| reference(r).display().to_string())
        .collect();
    let mut args = vec![VALID.to_string(), "--".to_string()];
    args.extend(files.iter().cloned());

    for exe in [&shared, &static_exe] {
        let (code, docs) = run(exe, &args);
        assert_eq!(code, 0, "{}: {docs:?}", exe.display());
        assert_eq!(docs.len(), 3 + RECEIPTS.len());
        assert_eq!(docs[0]["version"], env!("CARGO_PKG_VERSION"));
        // The NULL identifier: an error document, French messages.
        assert_eq!(docs[1]["error"], "argument");
        assert_eq!(docs[1]["diagnostics"][0]["code"], "BIND-ARGUMENT");
        assert_eq!(docs[1]["diagnostics"][0]["location"]["path"], "id");
        validate("binding-error.schema.json", &[&docs[1]]);
        // The identifier: the library's document, byte for byte the same value.
        let expected =
            serde_json::to_value(report::id_check(VALID, None, false, Lang::Fr)).expect("json");
        assert_eq!(docs[2], expected);
        validate("id-check.schema.json", &[&docs[2]]);
        // The receipts, read by four threads: the library's documents, in order.
        for (doc, (rel, path)) in docs[3..].iter().zip(RECEIPTS.iter().zip(&files)) {
            let bytes = std::fs::read(path).expect("sample");
            let name = rel.rsplit('/').next().unwrap_or(rel);
            let expected = report::receipt_read(name, &bytes, &Context::default(), Lang::En);
            assert_eq!(doc, &serde_json::to_value(expected).expect("json"), "{rel}");
            assert!(doc["root"].is_string(), "{rel}");
        }
        validate(
            "receipt-read.schema.json",
            &docs[3..].iter().collect::<Vec<_>>(),
        );
    }

    // An invalid identifier and a file that is not a message: exit code 1,
    // the diagnostics in the documents.
    let not_xml = work.path().join("not.xml");
    std::fs::write(&not_xml, b"PK\x03\x04 not a message").expect("write");
    let args = vec![
        INVALID.to_string(),
        "--".to_string(),
        not_xml.display().to_string(),
    ];
    let (code, docs) = run(&shared, &args);
    assert_eq!(code, 1);
    assert_eq!(docs[2]["valid"], false);
    let codes: Vec<&str> = docs[2]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.len() >= 2, "every problem at once: {codes:?}");
    assert!(docs[3]["root"].is_null());
    assert!(!docs[3]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .is_empty());
    validate("id-check.schema.json", &[&docs[2]]);
    validate("receipt-read.schema.json", &[&docs[3]]);
}

#[test]
fn the_php_package_passes_its_tests() {
    if !tool_available("php", &["-r", "exit(extension_loaded('ffi') ? 0 : 1);"]) {
        return;
    }
    let dir = build_libraries();
    let docs = tempfile::tempdir().expect("tempdir");
    let o = Command::new("php")
        .arg(repo().join("bindings/php/tests/run.php"))
        .env("ACTES_LIB", dir.join("libactes.so"))
        .env("ACTES_REFERENCE", reference(""))
        .env("ACTES_PHP_DOCS", docs.path())
        .output()
        .expect("php runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "php tests/run.php failed:\n{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains(" passed, 0 failed"), "{out}");
    // Every document the package returned follows its schema.
    let mut schemas = 0;
    for entry in std::fs::read_dir(docs.path()).expect("documents") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let schema = name.strip_suffix(".jsonl").expect("<schema>.jsonl");
        let text = std::fs::read_to_string(&path).expect("read");
        let values: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON"))
            .collect();
        validate(schema, &values.iter().collect::<Vec<_>>());
        schemas += 1;
    }
    assert!(schemas >= 7, "documents of {schemas} schemas only");
}

/// The README's examples for C, PHP and Python (section "From other
/// languages") are at least valid code: compiled by cc against the header,
/// linted by `php -l`, compiled by python3.
#[test]
fn the_readme_examples_are_valid_code() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let start = readme
        .find("## From other languages")
        .expect("README section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let mut counts = [0usize; 3];
    for block in section.split("```").skip(1).step_by(2) {
        let (lang, code) = block.split_once('\n').unwrap_or_default();
        let (tool, args, input, i): (&str, Vec<String>, String, usize) = match lang {
            "c" => (
                "cc",
                vec![
                    "-fsyntax-only".into(),
                    format!("-I{}", manifest_dir().join("include").display()),
                    "-xc".into(),
                    "-".into(),
                ],
                code.to_string(),
                0,
            ),
            "php" => ("php", vec!["-l".into()], format!("<?php\n{code}"), 1),
            "python" => (
                "python3",
                vec![
                    "-c".into(),
                    "import sys; compile(sys.stdin.read(), 'README', 'exec')".into(),
                ],
                code.to_string(),
                2,
            ),
            _ => continue,
        };
        assert!(
            code.lines().count() <= 15,
            "a README example is about ten lines:\n{code}"
        );
        if !tool_available(tool, &["--version"]) {
            continue;
        }
        let mut child = Command::new(tool)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tool");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write");
        let o = child.wait_with_output().expect("tool runs");
        assert!(
            o.status.success(),
            "{tool}: {}{}\n{code}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
    }
    // One example per user (town hall, CI, integrator) in each language,
    // when the tools are there.
    for (n, lang) in counts.iter().zip(["C", "PHP", "Python"]) {
        assert!(
            *n == 3 || std::env::var("CI").as_deref() != Ok("true"),
            "{lang}: {n} examples"
        );
    }
}
