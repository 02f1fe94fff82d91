//! Every file the crate writes appears complete or not at all: written to a
//! temporary file of the destination folder, fsynced, then published; an
//! existing file is never replaced unless asked; on any error (a failing
//! reader, a refused build, a panic in the middle) nothing is left behind
//! and a previous file is intact.
//!
//! Writers on main: `container::AtomicFile` (`write_atomic`, `AtomicFile`) and
//! `archive::build_to_dir`, which goes through it (the CLI's `archive build`
//! calls `build_to_dir`).

use std::io::{self, Read, Write};
use std::path::Path;

use actes::archive::{build_to_dir, BuildError};
use actes::container::{write_atomic, AtomicFile, Overwrite};
use actes::naming::Application;
use actes::transmission::*;
use chrono::NaiveDate;

/// The names in `dir`, sorted, hidden temporary files included.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn an_error_while_writing_leaves_nothing_and_the_old_file_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dest = dir.path().join("out.tar.gz");
    std::fs::write(&dest, b"previous").expect("write");
    // Replacing allowed, over an existing file; and a new file.
    let fresh = dir.path().join("new.tar.gz");
    for (target, overwrite) in [(&dest, Overwrite::Allow), (&fresh, Overwrite::Never)] {
        let err = write_atomic(target, overwrite, |w| {
            w.write_all(&[7; 100_000])?;
            Err::<(), _>(io::Error::other("disk full, say"))
        })
        .expect_err("fails");
        assert_eq!(err.to_string(), "disk full, say", "{overwrite:?}");
        assert_eq!(std::fs::read(&dest).expect("read"), b"previous");
        assert_eq!(listing(dir.path()), ["out.tar.gz"]);
    }
}

#[test]
fn never_overwrites_unless_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dest = dir.path().join("a.xml");
    std::fs::write(&dest, b"old").expect("write");
    let err = write_atomic(&dest, Overwrite::Never, |w| w.write_all(b"new")).expect_err("refused");
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read(&dest).expect("read"), b"old");
    assert_eq!(listing(dir.path()), ["a.xml"]);

    // The destination appearing while the file is being written: the
    // hard-link publish refuses it, without a window.
    let dest2 = dir.path().join("b.xml");
    let f = AtomicFile::create(&dest2, Overwrite::Never).expect("create");
    std::fs::write(&dest2, b"raced").expect("write");
    let err = f.commit().expect_err("refused");
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read(&dest2).expect("read"), b"raced");
    assert_eq!(listing(dir.path()), ["a.xml", "b.xml"]);

    write_atomic(&dest, Overwrite::Allow, |w| w.write_all(b"new")).expect("allowed");
    assert_eq!(std::fs::read(&dest).expect("read"), b"new");
    assert_eq!(listing(dir.path()), ["a.xml", "b.xml"]);
}

/// A symbolic link at the destination is never followed: refused with
/// `Never`, replaced itself (not its target) with `Allow`.
#[test]
fn a_symbolic_link_at_the_destination_is_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let target = outside.path().join("precious");
    std::fs::write(&target, b"precious").expect("write");
    let dest = dir.path().join("out.xml");
    std::os::unix::fs::symlink(&target, &dest).expect("symlink");
    let err = write_atomic(&dest, Overwrite::Never, |w| w.write_all(b"evil")).expect_err("refused");
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    write_atomic(&dest, Overwrite::Allow, |w| w.write_all(b"new")).expect("allowed");
    assert_eq!(std::fs::read(&target).expect("read"), b"precious");
    assert!(!std::fs::symlink_metadata(&dest)
        .expect("meta")
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(&dest).expect("read"), b"new");
}

#[test]
fn impossible_destinations_leave_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A folder where the file should go.
    let folder = dir.path().join("folder.xml");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("inside"), b"x").expect("write");
    for overwrite in [Overwrite::Never, Overwrite::Allow] {
        assert!(write_atomic(&folder, overwrite, |w| w.write_all(b"data")).is_err());
        assert_eq!(listing(dir.path()), ["folder.xml"]);
        assert_eq!(listing(&folder), ["inside"]);
    }
    // A folder that does not exist: nothing is created.
    let missing = dir.path().join("no/such/dir/out.xml");
    let err = write_atomic(&missing, Overwrite::Never, |w| w.write_all(b"x")).expect_err("fails");
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    assert_eq!(listing(dir.path()), ["folder.xml"]);
    // No file name at all.
    assert!(write_atomic(Path::new("/"), Overwrite::Allow, |w| w.write_all(b"x")).is_err());
}

/// A panic in the middle of writing (a bug in a caller's closure) unwinds
/// through the temporary file, which is removed.
#[test]
fn a_panic_while_writing_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dest = dir.path().join("out.xml");
    std::fs::write(&dest, b"previous").expect("write");
    let d = dest.clone();
    let r = std::panic::catch_unwind(move || {
        let _ = write_atomic(&d, Overwrite::Allow, |w| {
            w.write_all(&[1; 200_000])?;
            panic!("caller bug");
            #[allow(unreachable_code)]
            Ok(())
        });
    });
    assert!(r.is_err());
    assert_eq!(listing(dir.path()), ["out.xml"]);
    assert_eq!(std::fs::read(&dest).expect("read"), b"previous");
}

// ------------------------------------------------------ archive building

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A reader that yields `ok` bytes of a PDF-looking stream, then fails.
struct Failing {
    given: usize,
    ok: usize,
}

impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.given >= self.ok {
            return Err(io::Error::other("the annex's network share went away"));
        }
        let n = buf.len().min(self.ok - self.given);
        for (i, b) in buf.iter_mut().take(n).enumerate() {
            *b = PDF.get(self.given + i).copied().unwrap_or(b' ');
        }
        self.given += n;
        Ok(n)
    }
}

fn transmission(annexes: Vec<Piece>) -> Transmission {
    Transmission {
        collectivite: Collectivite {
            siren: "216204982".parse().expect("siren"),
            departement: "062".parse().expect("dep"),
            arrondissement: "7".parse().expect("arr"),
            nature: "31".parse().expect("nature"),
            referent: None,
            adresses_retour: vec!["actes@example.fr".into()],
        },
        transmetteur: Transmetteur {
            trigramme: "SLO".parse().expect("tri"),
            application: Application::EACT,
        },
        envoi: Envoi {
            date: date("2022-12-19"),
            sequence: 1,
        },
        contenu: Contenu::Acte(NouvelActe {
            nature: "DE".parse().expect("nature"),
            date: date("2022-12-14"),
            numero: "DLB12_14122022".parse().expect("numero"),
            objet: "Convention de partenariat".into(),
            matiere: "8.9".parse().expect("matiere"),
            classification_date: date("2022-06-01"),
            papier: false,
            document: Piece::new(
                "99_DE".parse().expect("typo"),
                DocumentContent::bytes(PDF.to_vec()),
            ),
            annexes,
        }),
    }
}

fn annex(content: DocumentContent) -> Piece {
    Piece::new("99_DE".parse().expect("typo"), content)
}

#[test]
fn build_to_dir_failing_on_the_last_annex_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let options = ValidationOptions::new(date("2022-12-19"));
    let name = "SLO-EACT--216204982--20221219-1.tar.gz";
    std::fs::write(dir.path().join(name), b"previous archive").expect("write");
    std::fs::write(dir.path().join("unrelated.txt"), b"x").expect("write");
    let before = listing(dir.path());

    for overwrite in [Overwrite::Never, Overwrite::Allow] {
        let size = 300_000;
        let t = transmission(vec![
            annex(DocumentContent::bytes(PDF.to_vec())),
            annex(DocumentContent::reader(
                Failing {
                    given: 0,
                    ok: size / 2,
                },
                size as u64,
            )),
        ]);
        let r = build_to_dir(&t, &options, dir.path(), overwrite);
        assert!(r.is_err(), "{overwrite:?}");
        assert_eq!(listing(dir.path()), before, "{overwrite:?}");
        assert_eq!(
            std::fs::read(dir.path().join(name)).expect("read"),
            b"previous archive"
        );
    }

    // Over the size cap (rule E9): refused before anything is written.
    let small = ValidationOptions::new(date("2022-12-19")).with_max_total_size(1000);
    let t = transmission(vec![annex(DocumentContent::bytes(
        [PDF, &[b' '; 2000][..], PDF].concat(),
    ))]);
    let err = build_to_dir(&t, &small, dir.path(), Overwrite::Allow).expect_err("too large");
    match err {
        BuildError::Invalid(invalid) => assert!(
            invalid
                .diagnostics
                .iter()
                .any(|d| d.code.as_str() == "ACTE-SIZE-TOTAL"),
            "{invalid:?}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(listing(dir.path()), before);

    // Never replaces the existing archive; Allow does, completely.
    let t = transmission(vec![annex(DocumentContent::bytes(PDF.to_vec()))]);
    let err = build_to_dir(&t, &options, dir.path(), Overwrite::Never).expect_err("exists");
    assert!(matches!(err, BuildError::Io(ref e) if e.kind() == io::ErrorKind::AlreadyExists));
    assert_eq!(listing(dir.path()), before);
    let (path, built) = build_to_dir(&t, &options, dir.path(), Overwrite::Allow).expect("built");
    assert_eq!(listing(dir.path()), before);
    assert_eq!(
        std::fs::metadata(&path).expect("meta").len(),
        built.manifest.size
    );
}
