//! Deliveries read from the reference samples (tar.gz, folders), from a zip
//! and from in-memory attachments in any order.

use std::io::Write;
use std::path::{Path, PathBuf};

use actes::container::read::{read_all, ReadLimits, Source};
use actes::delivery::Delivery;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

fn codes(d: &Delivery) -> Vec<&'static str> {
    d.diagnostics.iter().map(|x| x.code.as_str()).collect()
}

const PDF_SHA: &str = "e6e77a3853bb5ed9ac9cff8a62a689e7f457d41920e24d37d6b908be8254e17d";
const PDF: &str = "001-862614864-20150805-20150805B-AI-2-1_1.pdf";

#[test]
fn pastell_courrier_simple_tar_gz() {
    let d = Delivery::read_path(&samples().join("pastell/courrier_simple.tar.gz"));
    assert!(d.is_read());
    assert!(codes(&d).is_empty(), "{:?}", d.diagnostics);
    assert_eq!(d.files.len(), 3);
    let env = d.envelope.as_ref().unwrap();
    assert_eq!(env.file, "TACT--SPREF0011-862614864-20150805-7.xml");
    assert_eq!(env.root(), Some("EnveloppeMISILLCL"));
    assert_eq!(d.messages.len(), 1);
    let m = &d.messages[0];
    assert_eq!(m.file, "001-862614864-20150805-20150805B-AI-2-1_0.xml");
    assert_eq!(m.code().map(|c| c.to_string()).as_deref(), Some("2-1"));
    assert!(!m.has_errors(), "{:?}", m.diagnostics);
    assert_eq!(d.documents.len(), 1);
    let doc = &d.documents[0];
    assert_eq!(doc.name, PDF);
    assert_eq!(doc.named_by, m.file);
    let f = doc.file.as_ref().unwrap();
    assert_eq!(f.size, 21803);
    assert_eq!(f.sha256, PDF_SHA);
    let json = d.to_json();
    assert_eq!(json["documents"][0]["sha256"], PDF_SHA);
    assert_eq!(json["messages"][0]["code"], "2-1");
    assert_eq!(
        json["envelope"]["enveloppe"]["destinataire_siren"],
        "862614864"
    );
}

#[test]
fn s2low_sample_folders() {
    let s2low = samples().join("s2low");
    // (folder, message code, expected delivery diagnostics)
    let cases: &[(&str, Option<&str>, &[&str])] = &[
        ("test-archive-MISILCL", Some("1-2"), &[]),
        (
            "test-courrier-simple",
            Some("2-1"),
            &["DELIV-MISSING-DOCUMENT"],
        ),
        (
            "test-courrier-simple-renumerote",
            Some("2-1"),
            &["DELIV-MISSING-DOCUMENT"],
        ),
        ("test-defere-ta", Some("5-1"), &["DELIV-MISSING-DOCUMENT"]),
        ("test-message-anomalie-avec-erreur", Some("1-3"), &[]),
        ("test-anomalie", None, &[]),
    ];
    for (folder, code, expected) in cases {
        let d = Delivery::read_path(&s2low.join(folder));
        assert!(d.is_read(), "{folder}: {:?}", d.diagnostics);
        assert_eq!(codes(&d), *expected, "{folder}");
        assert!(d.envelope.is_some(), "{folder}");
        assert_eq!(
            d.messages
                .first()
                .and_then(|m| m.code())
                .map(|c| c.to_string())
                .as_deref(),
            *code,
            "{folder}"
        );
    }
    // The renumbered message `_17` names its PDF `_16`: the name is taken
    // from the message, never assumed.
    let d = Delivery::read_path(&s2low.join("test-courrier-simple-renumerote"));
    assert_eq!(
        d.messages[0].file,
        "034-000000000-20170701-20170725A-AI-2-1_17.xml"
    );
    assert_eq!(
        d.documents[0].name,
        "034-000000000-20170701-20170725A-AI-2-1_16.pdf"
    );
    assert!(d.documents[0].file.is_none());
    let missing = &d.diagnostics[0];
    assert_eq!(
        missing.location.path.as_deref(),
        Some("CourrierSimple/Document/NomFichier")
    );
    // The ARActe read in its delivery gets the recipient from the envelope.
    let d = Delivery::read_path(&s2low.join("test-archive-MISILCL"));
    assert!(!d.messages[0].has_errors());
    // The AnomalieEnveloppe is the envelope.
    let d = Delivery::read_path(&s2low.join("test-anomalie"));
    assert_eq!(
        d.envelope.as_ref().and_then(|e| e.root()),
        Some("AnomalieEnveloppe")
    );
    assert!(d.messages.is_empty());
}

fn tar_gz_entries() -> Vec<(String, Vec<u8>)> {
    let (entries, diags) = read_all(
        &Source::TarGz(samples().join("pastell/courrier_simple.tar.gz")),
        &ReadLimits::default(),
    );
    assert!(diags.is_empty());
    entries.into_iter().map(|e| (e.name, e.bytes)).collect()
}

#[test]
fn zip_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reponse.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, bytes) in tar_gz_entries() {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(&bytes).unwrap();
    }
    z.finish().unwrap();
    let d = Delivery::read_path(&path);
    assert!(codes(&d).is_empty(), "{:?}", d.diagnostics);
    assert_eq!(d.documents[0].file.as_ref().unwrap().sha256, PDF_SHA);
}

#[test]
fn attachments_in_any_order_give_the_same_delivery() {
    let files = tar_gz_entries();
    let reference = Delivery::from_attachments(files.clone());
    let orders = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    for order in orders {
        let shuffled: Vec<_> = order.iter().map(|&i| files[i].clone()).collect();
        let d = Delivery::from_attachments(shuffled);
        assert_eq!(d, reference, "{order:?}");
    }
    assert_eq!(reference.source, "memory");
    assert!(codes(&reference).is_empty());
}

#[test]
fn lone_message_without_envelope() {
    let files: Vec<_> = tar_gz_entries()
        .into_iter()
        .filter(|(n, _)| n.ends_with("_0.xml"))
        .collect();
    let d = Delivery::from_attachments(files);
    assert!(d.is_read());
    assert_eq!(codes(&d), ["DELIV-NO-ENVELOPE", "DELIV-MISSING-DOCUMENT"]);
    assert_eq!(d.messages.len(), 1);
    assert!(d.envelope.is_none());
}

#[test]
fn missing_unlisted_unreadable_and_case() {
    let mut files: Vec<_> = tar_gz_entries()
        .into_iter()
        .filter(|(n, _)| !n.ends_with("_0.xml"))
        .collect();
    files.push(("notes.txt".into(), b"hello".to_vec()));
    files.push(("garbage.xml".into(), b"\x00\x01 not xml".to_vec()));
    files.push(("message_body.html".into(), b"<html/>".to_vec()));
    let d = Delivery::from_attachments(files);
    assert!(!d.is_read());
    let c = codes(&d);
    assert!(c.contains(&"DELIV-MISSING-MESSAGE"), "{c:?}");
    assert!(c.contains(&"DELIV-UNREADABLE-MESSAGE"), "{c:?}");
    assert_eq!(
        c.iter().filter(|x| **x == "DELIV-UNLISTED-FILE").count(),
        2,
        "{c:?}"
    );
    // The PDF is no longer named by anything, notes.txt never was; the mail
    // body is expected.
    assert!(!d
        .diagnostics
        .iter()
        .any(|x| x.location.file.as_deref() == Some("message_body.html")));

    // A listed file found under another case.
    let files: Vec<_> = tar_gz_entries()
        .into_iter()
        .map(|(n, b)| {
            (
                if n == PDF {
                    n.replace(".pdf", ".PDF")
                } else {
                    n
                },
                b,
            )
        })
        .collect();
    let d = Delivery::from_attachments(files);
    assert_eq!(codes(&d), ["DELIV-NAME-CASE"]);
    assert_eq!(d.documents[0].file.as_ref().unwrap().sha256, PDF_SHA);
}

#[test]
fn hostile_names_and_limits_go_through_the_container_reader() {
    let mut files = tar_gz_entries();
    files.push(("../evil.xml".into(), b"<x/>".to_vec()));
    let d = Delivery::from_attachments(files);
    assert!(codes(&d).contains(&"ARCH-NAME-TRAVERSAL"));
    assert_eq!(d.files.len(), 3);
    assert!(!d.is_read());

    let limits = ReadLimits {
        max_entry_bytes: 1000,
        ..ReadLimits::default()
    };
    let d = Delivery::read(
        &Source::TarGz(samples().join("pastell/courrier_simple.tar.gz")),
        &limits,
    );
    assert!(codes(&d).contains(&"LIMIT-ENTRY-SIZE"), "{:?}", codes(&d));
}

#[test]
fn paths_that_are_not_deliveries() {
    let d = Delivery::read_path(Path::new("/nonexistent/actes-delivery"));
    assert_eq!(codes(&d), ["DELIV-UNREADABLE"]);
    assert!(!d.is_read());
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.txt");
    std::fs::File::create(&p)
        .unwrap()
        .write_all(b"just text")
        .unwrap();
    let d = Delivery::read_path(&p);
    assert_eq!(codes(&d), ["DELIV-NOT-A-DELIVERY"]);
    // A corrupt tar.gz: diagnostics, no panic.
    let p = dir.path().join("bad.tar.gz");
    std::fs::write(&p, [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff]).unwrap();
    let d = Delivery::read_path(&p);
    assert!(codes(&d).contains(&"ARCH-CORRUPT"), "{:?}", codes(&d));
    assert!(!d.is_read());
}
