//! Proof bundles: create → verify, tampering of every kind named by file
//! and code, deterministic bytes, receipts of another act refused.
#![cfg(feature = "serde")]

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use actes::archive::build_to_dir;
use actes::bundle::{self, Bundle, BundleManifest, CreateOptions, Role, Verification};
use actes::container::Overwrite;
use actes::transmission::parse_json;
use actes::transmission::ValidationOptions;
use chrono::NaiveDate;

const AR_NAME: &str = "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";

fn lens() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 12, 19).unwrap()
}

/// Builds the Lens archive into `dir`.
fn build_archive(dir: &Path) -> PathBuf {
    let json = std::fs::read(lens().join("input.json")).unwrap();
    let t = parse_json(&json, &lens()).value.unwrap();
    build_to_dir(&t, &ValidationOptions::new(today()), dir, Overwrite::Never)
        .unwrap()
        .0
}

fn options() -> CreateOptions {
    CreateOptions {
        today: Some(today()),
        ..CreateOptions::default()
    }
}

/// A bundle of the Lens act and its acknowledgement, written to `dir`.
fn make_bundle(dir: &Path) -> PathBuf {
    let archive = build_archive(dir);
    let b = Bundle::from_paths(&archive, &[lens().join(AR_NAME)], &options()).unwrap();
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    let out = dir.join("proof.zip");
    b.write(&out, Overwrite::Never).unwrap();
    out
}

/// The members of a zip, in order.
fn members(zip_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

/// A well-formed zip of `members` (valid CRCs: only the content changes).
fn rezip(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (n, b) in members {
        w.start_file(n.as_str(), o).unwrap();
        w.write_all(b).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn verify_bytes(dir: &Path, name: &str, bytes: &[u8]) -> Verification {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    bundle::verify(&p, &Default::default())
}

fn errors(v: &Verification) -> Vec<(String, String, String)> {
    v.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            (
                d.code.as_str().to_string(),
                d.location.file.clone().unwrap_or_default(),
                d.location.path.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn has(v: &Verification, code: &str, file: &str) -> bool {
    errors(v).iter().any(|(c, f, _)| c == code && f == file)
}

#[test]
fn create_then_verify_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let proof = make_bundle(dir.path());
    let v = bundle::verify(&proof, &Default::default());
    assert!(v.intact, "{:?}", v.diagnostics);
    assert!(v.diagnostics.is_empty(), "{:?}", v.diagnostics);
    let act = v.act.unwrap();
    assert_eq!(act.id_acte, "062-216204982-20221214-DLB12_14122022-DE");
    assert_eq!(act.decision_date.to_string(), "2022-12-14");
    assert_eq!(act.reception_date.unwrap().to_string(), "2022-12-19");
    assert_eq!(act.window_end.unwrap().to_string(), "2023-02-20");
    assert_eq!(act.state, "acknowledged");
    let roles: Vec<(Role, &str)> = v.files.iter().map(|f| (f.role, f.name.as_str())).collect();
    assert_eq!(
        roles,
        [
            (
                Role::Message,
                "062-216204982-20221214-DLB12_14122022-DE-1-1_0.xml"
            ),
            (Role::Receipt, AR_NAME),
            (
                Role::Act,
                "99_DE-062-216204982-20221214-DLB12_14122022-DE-1-1_1.pdf"
            ),
            (
                Role::Annex,
                "99_DE-062-216204982-20221214-DLB12_14122022-DE-1-1_2.pdf"
            ),
            (Role::Envelope, "EACT--216204982--20221219-1.xml"),
        ]
    );
    assert_eq!(v.manifest.unwrap().files, v.files);
    assert_eq!(v.history.len(), 2);
    // The zip: manifest first, then by name, stored, dated 1980-01-01.
    let bytes = std::fs::read(&proof).unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    assert_eq!(z.by_index(0).unwrap().name(), "manifest.json");
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        assert_eq!(f.compression(), zip::CompressionMethod::Stored);
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
    }
}

#[test]
fn same_input_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let x = std::fs::read(make_bundle(a.path())).unwrap();
    let y = std::fs::read(make_bundle(b.path())).unwrap();
    assert_eq!(x, y);
    // The order of the received files does not matter either.
    let archive = a.path().join("SLO-EACT--216204982--20221219-1.tar.gz");
    let bundle = Bundle::from_paths(&archive, &[lens().join(AR_NAME)], &options()).unwrap();
    assert_eq!(bundle.to_zip().unwrap(), x);
}

#[test]
fn a_changed_byte_in_any_member_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(make_bundle(dir.path())).unwrap();
    let original = members(&bytes);
    for (i, (name, content)) in original.iter().enumerate() {
        let mut changed = original.clone();
        let at = content.len() / 2;
        changed[i].1[at] ^= 0x01;
        let v = verify_bytes(dir.path(), "changed.zip", &rezip(&changed));
        assert!(!v.intact, "{name}");
        if name == "manifest.json" {
            assert!(
                errors(&v).iter().any(|(c, f, _)| c.starts_with("BUNDLE-")
                    && (f == "manifest.json" || original.iter().any(|(n, _)| n == f))),
                "{name}: {:?}",
                errors(&v)
            );
        } else {
            assert!(
                has(&v, "BUNDLE-HASH-MISMATCH", name),
                "{name}: {:?}",
                errors(&v)
            );
        }
    }
}

#[test]
fn a_corrupted_zip_names_the_file() {
    // One byte flipped in the zip file itself, inside a member's data: the
    // CRC no longer matches, the container reader refuses the entry.
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(make_bundle(dir.path())).unwrap();
    for (name, content) in members(&bytes) {
        let pos = bytes
            .windows(content.len())
            .position(|w| w == content.as_slice())
            .unwrap();
        let mut corrupt = bytes.clone();
        corrupt[pos + content.len() / 2] ^= 0x01;
        let v = verify_bytes(dir.path(), "corrupt.zip", &corrupt);
        assert!(!v.intact, "{name}");
        assert!(
            errors(&v).iter().any(|(_, f, _)| *f == name),
            "{name}: {:?}",
            errors(&v)
        );
    }
}

#[test]
fn a_removed_member_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(make_bundle(dir.path())).unwrap();
    let original = members(&bytes);
    for i in 1..original.len() {
        let mut fewer = original.clone();
        let (name, _) = fewer.remove(i);
        let v = verify_bytes(dir.path(), "fewer.zip", &rezip(&fewer));
        assert!(!v.intact);
        assert!(
            has(&v, "BUNDLE-FILE-MISSING", &name),
            "{name}: {:?}",
            errors(&v)
        );
    }
    // Without its manifest.
    let v = verify_bytes(dir.path(), "fewer.zip", &rezip(&original[1..]));
    assert!(has(&v, "BUNDLE-MANIFEST-MISSING", "manifest.json"));
}

#[test]
fn an_added_member_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(make_bundle(dir.path())).unwrap();
    let mut more = members(&bytes);
    more.push(("note.txt".into(), b"added later".to_vec()));
    let v = verify_bytes(dir.path(), "more.zip", &rezip(&more));
    assert!(!v.intact);
    assert!(has(&v, "BUNDLE-FILE-EXTRA", "note.txt"), "{:?}", errors(&v));
    // A nested entry is refused by the reader and named.
    let mut nested = members(&bytes);
    nested.push(("sub/extra.xml".into(), b"<a/>".to_vec()));
    let v = verify_bytes(dir.path(), "nested.zip", &rezip(&nested));
    assert!(!v.intact);
    assert!(
        errors(&v).iter().any(|(_, f, _)| f.contains("extra.xml")),
        "{:?}",
        errors(&v)
    );
}

/// An edit of the manifest.
type Edit = Box<dyn FnOnce(&mut BundleManifest)>;

/// The members with the manifest edited by `edit`.
fn with_manifest(bytes: &[u8], edit: impl FnOnce(&mut BundleManifest)) -> Vec<u8> {
    let mut m = members(bytes);
    let mut manifest: BundleManifest = serde_json::from_slice(&m[0].1).unwrap();
    edit(&mut manifest);
    m[0].1 = manifest.to_json();
    rezip(&m)
}

#[test]
fn an_edited_manifest_is_reported_by_field_or_file() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(make_bundle(dir.path())).unwrap();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();

    let field = |v: &Verification, path: &str| {
        errors(v)
            .iter()
            .any(|(c, _, p)| c == "BUNDLE-MANIFEST-MISMATCH" && p == path)
    };
    let cases: Vec<(&str, Edit)> = vec![
        ("act.state", Box::new(|m| m.act.state = "cancelled".into())),
        (
            "act.reception_date",
            Box::new(move |m| m.act.reception_date = Some(d("2022-12-16"))),
        ),
        (
            "act.window_end",
            Box::new(move |m| m.act.window_end = Some(d("2023-03-20"))),
        ),
        (
            "act.decision_date",
            Box::new(move |m| m.act.decision_date = d("2022-12-13")),
        ),
        (
            "act.id_acte",
            Box::new(|m| m.act.id_acte = "062-216204982-20221214-DLB13-DE".into()),
        ),
        (
            "history[1]",
            Box::new(|m| m.history[1].state = "rejected".into()),
        ),
        (
            "archive.name",
            Box::new(|m| m.archive.name = "SLO-EACT--216204982--20221219-2.tar.gz".into()),
        ),
    ];
    for (path, edit) in cases {
        let v = verify_bytes(dir.path(), "edited.zip", &with_manifest(&bytes, edit));
        assert!(!v.intact, "{path}");
        assert!(field(&v, path), "{path}: {:?}", errors(&v));
    }
    // A step removed from the history.
    let v = verify_bytes(
        dir.path(),
        "edited.zip",
        &with_manifest(&bytes, |m| {
            m.history.pop();
        }),
    );
    assert!(field(&v, "history[1]"), "{:?}", errors(&v));

    // A file's role, or its SHA-256: named by file.
    let v = verify_bytes(
        dir.path(),
        "edited.zip",
        &with_manifest(&bytes, |m| m.files[2].role = Role::Annex),
    );
    let act_pdf = "99_DE-062-216204982-20221214-DLB12_14122022-DE-1-1_1.pdf";
    assert!(
        has(&v, "BUNDLE-MANIFEST-MISMATCH", act_pdf),
        "{:?}",
        errors(&v)
    );
    let v = verify_bytes(
        dir.path(),
        "edited.zip",
        &with_manifest(&bytes, |m| m.files[2].sha256 = "0".repeat(64)),
    );
    assert!(has(&v, "BUNDLE-HASH-MISMATCH", act_pdf), "{:?}", errors(&v));
    let v = verify_bytes(
        dir.path(),
        "edited.zip",
        &with_manifest(&bytes, |m| m.files[2].size += 1),
    );
    assert!(has(&v, "BUNDLE-SIZE-MISMATCH", act_pdf), "{:?}", errors(&v));
    // A file dropped from the manifest only.
    let v = verify_bytes(
        dir.path(),
        "edited.zip",
        &with_manifest(&bytes, |m| {
            m.files.remove(1);
        }),
    );
    assert!(has(&v, "BUNDLE-FILE-EXTRA", AR_NAME), "{:?}", errors(&v));
    // Not a manifest at all.
    let mut m = members(&bytes);
    m[0].1 = b"{\"format\": \"something else\"}".to_vec();
    let v = verify_bytes(dir.path(), "edited.zip", &rezip(&m));
    assert!(has(&v, "BUNDLE-MANIFEST-INVALID", "manifest.json"));
}

/// The Lens acknowledgement about another act: `from` replaced by `to`.
fn other_ar(dir: &Path, from: &str, to: &str) -> PathBuf {
    let ar = std::fs::read(lens().join(AR_NAME)).unwrap();
    let text: Vec<u8> = String::from_utf8_lossy(&ar).replace(from, to).into_bytes();
    // Back to Latin-1 for the two accented letters of the objet.
    let latin1: Vec<u8> = String::from_utf8(text)
        .unwrap()
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let p = dir.join(format!("other-{to}.xml"));
    std::fs::write(&p, latin1).unwrap();
    p
}

#[test]
fn a_receipt_for_another_act_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let archive = build_archive(dir.path());
    let out = dir.path().join("proof.zip");
    for (from, to, rcpt) in [
        ("DLB12_14122022", "DLB13_14122022", "RCPT-OTHER-ACT"),
        ("216204982", "213300056", "RCPT-OTHER-ACT"),
    ] {
        let ar = other_ar(dir.path(), from, to);
        let err = Bundle::from_paths(&archive, std::slice::from_ref(&ar), &options()).unwrap_err();
        let codes = err.codes();
        assert!(codes.contains(&"BUNDLE-OTHER-ACT"), "{codes:?}");
        assert!(codes.contains(&rcpt), "{codes:?}");
        let named = err.diagnostics.iter().any(|d| {
            d.code.as_str() == "BUNDLE-OTHER-ACT"
                && d.location.file.as_deref() == Some(&*ar.file_name().unwrap().to_string_lossy())
        });
        assert!(named);
        // Together with the right acknowledgement: still refused.
        let err =
            Bundle::from_paths(&archive, &[lens().join(AR_NAME), ar], &options()).unwrap_err();
        assert!(err.codes().contains(&"BUNDLE-OTHER-ACT"));
        assert!(!out.exists());
    }
    // A file that is neither a message nor a document named by one.
    let junk = dir.path().join("junk.pdf");
    std::fs::write(&junk, b"%PDF-1.4 junk").unwrap();
    let err = Bundle::from_paths(&archive, &[junk], &options()).unwrap_err();
    assert_eq!(err.codes(), ["BUNDLE-RECEIPT-UNREADABLE"]);
    // The act's own 1-1 given as a receipt: not a step sent by the ministry
    // (and its name collides with the archive's).
    let sent_message = dir
        .path()
        .join("062-216204982-20221214-DLB12_14122022-DE-1-1_0.xml");
    let members = actes::container::read::read_all(
        &actes::container::read::Source::TarGz(archive.clone()),
        &Default::default(),
    )
    .0;
    std::fs::write(&sent_message, &members[1].bytes).unwrap();
    let err = Bundle::from_paths(&archive, &[sent_message], &options()).unwrap_err();
    assert!(err.codes().contains(&"BUNDLE-NAME"), "{:?}", err.codes());
    assert!(
        err.codes().contains(&"BUNDLE-RECEIPT-NOT-STEP"),
        "{:?}",
        err.codes()
    );
    assert!(!out.exists());
}

#[test]
fn the_destination_is_never_replaced_without_allow() {
    let dir = tempfile::tempdir().unwrap();
    let proof = make_bundle(dir.path());
    let archive = dir.path().join("SLO-EACT--216204982--20221219-1.tar.gz");
    let b = Bundle::from_paths(&archive, &[lens().join(AR_NAME)], &options()).unwrap();
    std::fs::write(&proof, b"previous").unwrap();
    let err = b.write(&proof, Overwrite::Never).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read(&proof).unwrap(), b"previous");
    b.write(&proof, Overwrite::Allow).unwrap();
    assert!(bundle::verify(&proof, &Default::default()).intact);
}

#[test]
fn an_archive_without_an_act_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let archive = build_archive(dir.path());
    let (mut files, _) = actes::container::read::read_all(
        &actes::container::read::Source::TarGz(archive),
        &Default::default(),
    );
    files.remove(0); // the envelope
    let sent = files.into_iter().map(|e| (e.name, e.bytes)).collect();
    let summary = bundle::ArchiveSummary {
        name: "x.tar.gz".into(),
        size: 0,
        sha256: String::new(),
    };
    let err = Bundle::from_files(summary, sent, Vec::new(), &options()).unwrap_err();
    assert_eq!(err.codes(), ["BUNDLE-ARCHIVE-NOT-ACT"]);
}

/// A bundle written by actes 0.1 (`fixtures/bundle-v0.1/`, made by
/// `actes demo` before the manifest format 2) still verifies.
#[test]
fn a_bundle_written_by_version_0_1_still_verifies() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/bundle-v0.1/062-216204982-20221214-DLB12_14122022-DE-proof.zip");
    let v = bundle::verify(&path, &Default::default());
    assert!(v.intact, "{:?}", v.diagnostics);
    let m = v.manifest.as_ref().unwrap();
    assert_eq!(m.format, bundle::FORMAT_V1);
    assert_eq!(m.act.state, "acknowledged");
}

/// A version-1 manifest says states as labels; they are read as tokens,
/// and an unknown label is reported as a mismatch.
#[test]
fn version_1_labels_are_read_and_compared() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(make_bundle(dir.path())).unwrap();
    let v1 = with_manifest(&bytes, |m| {
        m.format = bundle::FORMAT_V1.into();
        m.history[0].state = "transmitted".into();
    });
    let v = verify_bytes(dir.path(), "v1.zip", &v1);
    assert!(v.intact, "{:?}", v.diagnostics);
    let bad = with_manifest(&bytes, |m| {
        m.format = bundle::FORMAT_V1.into();
        m.act.state = "rejected (AnomalieActe)".into();
    });
    let v = verify_bytes(dir.path(), "bad.zip", &bad);
    assert!(errors(&v)
        .iter()
        .any(|(c, _, p)| c == "BUNDLE-MANIFEST-MISMATCH" && p == "act.state"));
}
