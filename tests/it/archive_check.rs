//! `archive::check` on archives corrupted in known ways.

use crate::archive_support;

use std::path::PathBuf;

use actes::archive::{build, check, CheckOptions, CheckReport};
use actes::container::{TarGzOptions, TarGzWriter};
use archive_support::*;

const ARCHIVE: &str = "SLO-EACT--216204982--20221219-1.tar.gz";

fn lens_files() -> Vec<(String, Vec<u8>)> {
    let (bytes, _) = build(&lens(), &options(), Vec::new()).expect("build");
    entries(&bytes)
}

/// Writes `files` as a tar.gz named `name` and checks it.
pub(crate) fn check_files(
    name: &str,
    files: &[(String, Vec<u8>)],
) -> (CheckReport, tempfile::TempDir) {
    let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
    for (n, b) in files {
        w.append_bytes(n, b).expect("append");
    }
    let (bytes, _) = w.finish().expect("finish");
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (check(&path, &CheckOptions::new(today())), dir)
}

pub(crate) fn found(r: &CheckReport) -> Vec<(String, String)> {
    r.diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                d.location.file.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Replaces bytes (the XML is ISO-8859-1, so not UTF-8).
fn replace(s: &[u8], from: impl AsRef<[u8]>, to: impl AsRef<[u8]>) -> Vec<u8> {
    let (from, to) = (from.as_ref(), to.as_ref());
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    assert!(out != s, "nothing replaced");
    out
}

#[test]
fn the_untouched_archive_is_clean() {
    let (r, _d) = check_files(ARCHIVE, &lens_files());
    assert!(r.valid && r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn missing_document() {
    let mut files = lens_files();
    let annex = files.remove(3).0;
    let (r, _d) = check_files(ARCHIVE, &files);
    assert!(!r.valid);
    assert_eq!(
        found(&r),
        [("ARCH-CHECK-DOCUMENT-MISSING".to_string(), annex)]
    );
}

#[test]
fn unlisted_file() {
    let mut files = lens_files();
    files.push(("notes.txt".into(), b"hello".to_vec()));
    let (r, _d) = check_files(ARCHIVE, &files);
    assert_eq!(
        found(&r),
        [(
            "ARCH-CHECK-FILE-UNLISTED".to_string(),
            "notes.txt".to_string()
        )]
    );
}

#[test]
fn missing_message() {
    let mut files = lens_files();
    let message = files.remove(1).0;
    let (r, _d) = check_files(ARCHIVE, &files);
    let f = found(&r);
    assert!(
        f.contains(&("ARCH-CHECK-MESSAGE-MISSING".to_string(), message)),
        "{f:?}"
    );
    // Its documents are then named by nothing.
    assert_eq!(
        f.iter()
            .filter(|(c, _)| c == "ARCH-CHECK-FILE-UNLISTED")
            .count(),
        2
    );
}

#[test]
fn wrong_annexes_nombre() {
    let mut files = lens_files();
    files[1].1 = replace(&files[1].1, "actes:Nombre=\"1\"", "actes:Nombre=\"2\"");
    let (r, _d) = check_files(ARCHIVE, &files);
    assert_eq!(
        found(&r),
        [("MSG-ANNEXES-COUNT".to_string(), files[1].0.clone())]
    );
}

#[test]
fn envelope_and_archive_names_disagree() {
    let (r, _d) = check_files("SLO-EACT--216204982--20221219-2.tar.gz", &lens_files());
    assert_eq!(
        found(&r),
        [(
            "ARCH-CHECK-ENVELOPE-NAME-MISMATCH".to_string(),
            "EACT--216204982--20221219-1.xml".to_string()
        )]
    );
    let (r, _d) = check_files("SLO-EACT--216204982--20221219-1.zip", &lens_files());
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "NAME-EXTENSION"));
}

#[test]
fn non_pdf_act() {
    let mut files = lens_files();
    files[2].1 = PNG.to_vec();
    let (r, _d) = check_files(ARCHIVE, &files);
    assert_eq!(
        found(&r),
        [("ACTE-FILE-TYPE".to_string(), files[2].0.clone())]
    );
}

#[test]
fn truncated_pdf_annex() {
    let mut files = lens_files();
    let n = files[3].1.len();
    files[3].1.truncate(n - 8);
    let (r, _d) = check_files(ARCHIVE, &files);
    assert_eq!(
        found(&r),
        [("ACTE-PDF-TRUNCATED".to_string(), files[3].0.clone())]
    );
}

#[test]
fn message_and_document_names_disagree() {
    let mut files = lens_files();
    let renamed = "99_DE-062-216204982-20221214-DLB12_14122023-DE-1-1_2.pdf".to_string();
    files[1].1 = replace(&files[1].1, files[3].0.as_bytes(), renamed.as_bytes());
    files[3].0 = renamed.clone();
    let (r, _d) = check_files(ARCHIVE, &files);
    assert_eq!(
        found(&r),
        [("ARCH-CHECK-NAME-MISMATCH".to_string(), renamed)]
    );
}

#[test]
fn missing_envelope_and_wrong_order() {
    let mut files = lens_files();
    files.remove(0);
    let (r, _d) = check_files(ARCHIVE, &files);
    let f = found(&r);
    assert!(
        f.contains(&(
            "ARCH-CHECK-ENVELOPE-MISSING".to_string(),
            ARCHIVE.to_string()
        )),
        "{f:?}"
    );

    let mut files = lens_files();
    files.swap(2, 3);
    let (r, _d) = check_files(ARCHIVE, &files);
    assert!(r.valid, "order is a warning");
    assert_eq!(
        found(&r).first().map(|f| f.0.as_str()),
        Some("ARCH-CHECK-ORDER")
    );
}

#[test]
fn envelope_siren_and_emission_profile_findings() {
    let mut files = lens_files();
    // The objet broken over two lines, a future decision date, a lower-case numéro.
    files[1].1 = replace(
        &files[1].1,
        "Convention de partenariat",
        "Convention\nde partenariat",
    );
    files[1].1 = replace(
        &files[1].1,
        "actes:Date=\"2022-12-14\"",
        "actes:Date=\"2023-12-14\"",
    );
    let (r, _d) = check_files(ARCHIVE, &files);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"ACTE-OBJET-MULTILINE"), "{codes:?}");
    assert!(codes.contains(&"ACTE-DATE-FUTURE"), "{codes:?}");

    let mut files = lens_files();
    files[0].1 = replace(
        &files[0].1,
        "insee:SIREN=\"216204982\"",
        "insee:SIREN=\"214502494\"",
    );
    let (r, _d) = check_files(ARCHIVE, &files);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"ARCH-CHECK-SIREN-MISMATCH"), "{codes:?}");
}

#[test]
fn utf8_bytes_under_a_latin1_declaration_are_reported() {
    let mut files = lens_files();
    // The objet written in UTF-8 while the declaration says ISO-8859-1.
    files[1].1 = replace(&files[1].1, b"\xe9", b"\xc3\xa9");
    let (r, _d) = check_files(ARCHIVE, &files);
    assert_eq!(
        found(&r),
        [("XML-ENCODING-MISLABELLED".to_string(), files[1].0.clone())]
    );
}

#[test]
fn garbage_never_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, content) in [
        &b""[..],
        b"\x1f\x8b\x08garbage",
        b"PK\x03\x04",
        &[0u8; 1024][..],
    ]
    .iter()
    .enumerate()
    {
        let p = dir.path().join(format!("x{i}.tar.gz"));
        std::fs::write(&p, content).expect("write");
        let r = check(&p, &CheckOptions::new(today()));
        assert!(!r.valid);
    }
}
