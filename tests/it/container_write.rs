//! The writing side of the container layer: atomic output and the
//! deterministic tar.gz writer.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::Command;

use actes::container::{sha256_hex, ArchiveDigest, TarGzOptions, TarGzWriter};
use actes::container::{write_atomic, AtomicFile, Overwrite};
use flate2::Compression;
use sha2::{Digest, Sha256};

fn dir_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

// ---------------------------------------------------------------- atomic

#[test]
fn failing_writer_leaves_nothing() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let dest = dir.path().join("SLO-EACT--214502494--20170717-6.tar.gz");
    let r: io::Result<()> = write_atomic(&dest, Overwrite::Never, |w| {
        w.write_all(&[7u8; 200_000])?; // more than the write buffer
        Err(io::Error::other("annex reader failed"))
    });
    assert_eq!(
        r.err().map(|e| e.to_string()),
        Some("annex reader failed".into())
    );
    assert!(
        dir_names(dir.path()).is_empty(),
        "{:?}",
        dir_names(dir.path())
    );
    Ok(())
}

#[test]
fn failing_writer_keeps_existing_file_intact() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let dest = dir.path().join("out.tar.gz");
    fs::write(&dest, b"previous archive")?;
    let r: io::Result<()> = write_atomic(&dest, Overwrite::Allow, |w| {
        w.write_all(b"new content, half")?;
        Err(io::Error::other("boom"))
    });
    assert!(r.is_err());
    assert_eq!(fs::read(&dest)?, b"previous archive");
    assert_eq!(dir_names(dir.path()), vec!["out.tar.gz".to_string()]);
    Ok(())
}

#[test]
fn never_refuses_to_clobber_before_writing() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let dest = dir.path().join("a.xml");
    fs::write(&dest, b"old")?;
    let mut called = false;
    let r = write_atomic(&dest, Overwrite::Never, |w| {
        called = true;
        w.write_all(b"new")
    });
    assert_eq!(
        r.err().map(|e| e.kind()),
        Some(io::ErrorKind::AlreadyExists)
    );
    assert!(!called, "the closure must not run when dest exists");
    assert_eq!(fs::read(&dest)?, b"old");
    assert_eq!(dir_names(dir.path()), vec!["a.xml".to_string()]);
    Ok(())
}

#[cfg(unix)]
#[test]
fn never_treats_a_dangling_symlink_as_existing() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let dest = dir.path().join("link");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dest)?;
    let r = write_atomic(&dest, Overwrite::Never, |w| w.write_all(b"x"));
    assert_eq!(
        r.err().map(|e| e.kind()),
        Some(io::ErrorKind::AlreadyExists)
    );
    assert!(!dir.path().join("nowhere").exists());
    Ok(())
}

#[test]
fn allow_replaces() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let dest = dir.path().join("a.xml");
    fs::write(&dest, b"old")?;
    let n = write_atomic(&dest, Overwrite::Allow, |w| {
        w.write_all(b"new")?;
        Ok(3)
    })?;
    assert_eq!(n, 3);
    assert_eq!(fs::read(&dest)?, b"new");
    assert_eq!(dir_names(dir.path()), vec!["a.xml".to_string()]);
    Ok(())
}

#[test]
fn never_creates_when_absent_and_drop_discards() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let dest = dir.path().join("a.xml");
    {
        let mut f = AtomicFile::create(&dest, Overwrite::Never)?;
        f.write_all(b"discarded")?;
    }
    assert!(dir_names(dir.path()).is_empty());
    let mut f = AtomicFile::create(&dest, Overwrite::Never)?;
    f.write_all(b"kept")?;
    assert!(!dest.exists(), "not visible before commit");
    f.commit()?;
    assert_eq!(fs::read(&dest)?, b"kept");
    assert_eq!(dir_names(dir.path()), vec!["a.xml".to_string()]);
    Ok(())
}

#[test]
fn missing_folder_is_an_error_not_a_panic() {
    let r = AtomicFile::create(
        Path::new("/nonexistent-actes-dir/x/y.tar.gz"),
        Overwrite::Never,
    );
    assert_eq!(r.err().map(|e| e.kind()), Some(io::ErrorKind::NotFound));
}

// ---------------------------------------------------------------- tar.gz

const MTIME: u64 = 1_500_292_800; // 2017-07-17T12:00:00Z

fn sample_entries() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "EACT--214502494--20170717-6.xml",
            b"<enveloppe/>\n".to_vec(),
        ),
        (
            "045-214502494-20170717-D201717-AI-1-1_0.xml",
            b"<actes:Acte/>\n".repeat(100),
        ),
        (
            "99_AI-045-214502494-20170717-D201717-AI-1-1_1.pdf",
            (0..100_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
        (
            "22_PN-045-214502494-20170717-D201717-AI-1-1_2.png",
            Vec::new(),
        ),
    ]
}

fn build(level: Compression) -> io::Result<(Vec<u8>, ArchiveDigest)> {
    let mut w = TarGzWriter::new(
        Vec::new(),
        TarGzOptions {
            mtime: MTIME,
            level,
            threads: 0,
        },
    );
    for (name, content) in sample_entries() {
        // Stream through a reader, not from a slice, to exercise append_reader.
        w.append_reader(name, content.len() as u64, io::Cursor::new(content))?;
    }
    w.finish()
}

#[test]
fn identical_inputs_give_identical_bytes() -> io::Result<()> {
    for level in [
        Compression::none(),
        Compression::fast(),
        Compression::best(),
    ] {
        let (a, da) = build(level)?;
        let (b, db) = build(level)?;
        assert_eq!(a, b);
        assert_eq!(da, db);
    }
    Ok(())
}

#[test]
fn digests_match_content_and_output() -> io::Result<()> {
    let (bytes, digest) = build(Compression::default())?;
    assert_eq!(digest.size, bytes.len() as u64);
    let sha: [u8; 32] = Sha256::digest(&bytes).into();
    assert_eq!(digest.sha256, sha);
    assert_eq!(digest.sha256_hex(), sha256_hex(&sha));
    let expected = sample_entries();
    assert_eq!(digest.entries.len(), expected.len());
    for (d, (name, content)) in digest.entries.iter().zip(&expected) {
        assert_eq!(d.name, *name);
        assert_eq!(d.size, content.len() as u64);
        let sha: [u8; 32] = Sha256::digest(content).into();
        assert_eq!(d.sha256, sha);
        assert_eq!(d.sha256_hex().len(), 64);
    }
    Ok(())
}

#[test]
fn entries_read_back_in_order_with_same_bytes() -> io::Result<()> {
    let (bytes, _) = build(Compression::fast())?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(&bytes[..]));
    let mut got = Vec::new();
    for e in archive.entries()? {
        let mut e = e?;
        let name = String::from_utf8_lossy(&e.path_bytes()).into_owned();
        let mut content = Vec::new();
        e.read_to_end(&mut content)?;
        got.push((name, content));
    }
    let expected: Vec<(String, Vec<u8>)> = sample_entries()
        .into_iter()
        .map(|(n, c)| (n.to_string(), c))
        .collect();
    assert_eq!(got, expected);
    Ok(())
}

#[test]
fn different_mtime_or_level_changes_bytes() -> io::Result<()> {
    let one = |mtime, level| -> io::Result<Vec<u8>> {
        let mut w = TarGzWriter::new(
            Vec::new(),
            TarGzOptions {
                mtime,
                level,
                threads: 0,
            },
        );
        w.append_bytes("a.xml", &b"<a/>".repeat(1000))?;
        Ok(w.finish()?.0)
    };
    let base = one(MTIME, Compression::fast())?;
    assert_ne!(base, one(MTIME + 1, Compression::fast())?);
    assert_ne!(base, one(MTIME, Compression::none())?);
    Ok(())
}

#[test]
fn gnu_tar_lists_fixed_metadata() -> io::Result<()> {
    if Command::new("tar").arg("--version").output().is_err() {
        eprintln!("tar not installed: listing not checked");
        return Ok(());
    }
    for level in [
        Compression::none(),
        Compression::fast(),
        Compression::best(),
    ] {
        gnu_tar_lists(level)?;
    }
    Ok(())
}

fn gnu_tar_lists(level: Compression) -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("SLO-EACT--214502494--20170717-6.tar.gz");
    let (bytes, _) = build(level)?;
    fs::write(&path, &bytes)?;
    if Command::new("gzip").arg("--version").output().is_ok() {
        let st = Command::new("gzip").arg("-t").arg(&path).status()?;
        assert!(st.success(), "gzip -t refused level {level:?}");
    }
    let out = Command::new("tar")
        .arg("tzvf")
        .arg(&path)
        .arg("--numeric-owner")
        .env("TZ", "UTC")
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "tar warned: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = listing.lines().collect();
    let expected = sample_entries();
    assert_eq!(lines.len(), expected.len(), "{listing}");
    for (line, (name, content)) in lines.iter().zip(&expected) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols.first(), Some(&"-rw-r--r--"), "{line}");
        assert_eq!(cols.get(1), Some(&"0/0"), "{line}");
        assert_eq!(
            cols.get(2),
            Some(&content.len().to_string().as_str()),
            "{line}"
        );
        assert_eq!(cols.get(3), Some(&"2017-07-17"), "{line}");
        assert_eq!(cols.get(4), Some(&"12:00"), "{line}");
        assert_eq!(cols.last(), Some(name), "{line}");
    }
    // And GNU tar extracts the same bytes.
    let ex = tempfile::tempdir()?;
    let st = Command::new("tar")
        .arg("xzf")
        .arg(&path)
        .arg("-C")
        .arg(ex.path())
        .status()?;
    assert!(st.success());
    for (name, content) in &expected {
        assert_eq!(&fs::read(ex.path().join(name))?, content);
    }
    Ok(())
}

#[test]
fn size_mismatch_is_refused() {
    let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
    let short = w.append_reader("a.pdf", 1000, &[1u8; 999][..]);
    assert_eq!(
        short.err().map(|e| e.kind()),
        Some(io::ErrorKind::InvalidData)
    );

    let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
    let long = w.append_reader("a.pdf", 1000, &[1u8; 1001][..]);
    assert_eq!(
        long.err().map(|e| e.kind()),
        Some(io::ErrorKind::InvalidData)
    );
}

/// A source that fails after some bytes, like a file on a failing disk.
struct Failing(u64);
impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0 == 0 {
            return Err(io::Error::other("disk error"));
        }
        let n = buf.len().min(self.0 as usize);
        buf.iter_mut().take(n).for_each(|b| *b = 0x42);
        self.0 -= n as u64;
        Ok(n)
    }
}

#[test]
fn archive_written_atomically_vanishes_when_last_annex_fails() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let dest = dir.path().join("SLO-EACT--214502494--20170717-6.tar.gz");
    fs::write(&dest, b"previous")?;
    let r = write_atomic(&dest, Overwrite::Allow, |f| {
        let mut w = TarGzWriter::new(f, TarGzOptions::default());
        w.append_bytes("EACT--214502494--20170717-6.xml", b"<e/>")?;
        w.append_reader("annexe.pdf", 300_000, Failing(200_000))?;
        w.finish().map(|(_, d)| d)
    });
    assert_eq!(r.err().map(|e| e.to_string()), Some("disk error".into()));
    assert_eq!(fs::read(&dest)?, b"previous");
    assert_eq!(dir_names(dir.path()).len(), 1);

    // The happy path through the same API.
    let d = write_atomic(&dest, Overwrite::Allow, |f| {
        let mut w = TarGzWriter::new(f, TarGzOptions::default());
        w.append_bytes("EACT--214502494--20170717-6.xml", b"<e/>")?;
        w.finish().map(|(_, d)| d)
    })?;
    let on_disk = fs::read(&dest)?;
    assert_eq!(d.size, on_disk.len() as u64);
    let sha: [u8; 32] = Sha256::digest(&on_disk).into();
    assert_eq!(d.sha256, sha);
    Ok(())
}
