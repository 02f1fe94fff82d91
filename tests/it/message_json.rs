//! The message part of `actes receipt read --json` (the serde form of the
//! message types, `Message::fields`) for every ACTES sample, byte for byte
//! against `fixtures/golden/receipt-read.jsonl`: one line per sample, the
//! document without its diagnostics (they have their own tests).
//!
//! A deliberate change of the document regenerates the file:
//! `UPDATE_GOLDEN=1 cargo test --all-features --test it message_json`
//! (and the schema, `schemas/receipt-read.schema.json`, and the CHANGELOG
//! say what changed).

use std::path::PathBuf;

use actes::diagnostic::Lang;
use actes::messages::Message;
use actes::receipt::Context;
use actes::report::{self, Diagnostics};

use crate::samples::actes_xml_files;

const GOLDEN: &str = "fixtures/golden/receipt-read.jsonl";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One line per sample read as a message: the document of `receipt read
/// --json` with `file` relative to the samples and no diagnostics.
fn documents() -> String {
    let samples = root().join("../shared/reference/samples");
    let mut files = Vec::new();
    actes_xml_files(&samples, &mut files);
    actes_xml_files(&root().join("fixtures/lens"), &mut files);
    let mut out = String::new();
    for path in &files {
        let name = path
            .strip_prefix(&samples)
            .or_else(|_| path.strip_prefix(root()))
            .unwrap_or(path);
        let name = name.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut doc = report::receipt_read(&name, &bytes, &Context::default(), Lang::En);
        if !doc.is_read() {
            continue;
        }
        doc.diagnostics = Diagnostics::default();
        out.push_str(&serde_json::to_string(&doc).expect("JSON"));
        out.push('\n');
    }
    out
}

#[test]
fn receipt_documents_match_the_golden_file() {
    let got = documents();
    let path = root().join(GOLDEN);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).expect("write the golden file");
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{GOLDEN}: {e}"));
    // The samples hold every root but the 2-2 ReponseCourrierSimple (whose
    // type is the 2-1's), so every type's form is compared.
    let roots = Message::ROOT_NAMES
        .iter()
        .filter(|r| want.contains(&format!("\"root\":\"{r}\"")))
        .count();
    assert_eq!(roots, Message::ROOT_NAMES.len() - 1, "roots in {GOLDEN}");
    for (n, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(
            g,
            w,
            "line {} of {GOLDEN} differs: if the change is deliberate, run \
             UPDATE_GOLDEN=1 cargo test --all-features --test it message_json",
            n + 1
        );
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "{GOLDEN}: number of lines"
    );
}
