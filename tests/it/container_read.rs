//! The reading side of the container layer: sources, hostile entries,
//! limits, bombs, corruption.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use actes::container::read::{read_all, visit, ReadLimits, Source};
use actes::container::{TarGzOptions, TarGzWriter};
use actes::diagnostic::Diagnostic;
use flate2::{Compress, Compression, Crc, FlushCompress};

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code.as_str()).collect()
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    p
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(data)
        .and_then(|()| e.finish())
        .unwrap_or_default()
}

// ------------------------------------------------------------ raw tar

/// A tar entry written byte by byte, bypassing the tar crate's checks.
struct RawTar<'a> {
    name: &'a [u8],
    kind: u8,
    content: &'a [u8],
    link: &'a [u8],
}

fn raw_tar(entries: &[RawTar<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        let mut h = tar::Header::new_ustar();
        {
            let u = h.as_ustar_mut().unwrap_or_else(|| unreachable!());
            let n = e.name.len().min(100);
            u.name[..n].copy_from_slice(&e.name[..n]);
            let l = e.link.len().min(100);
            u.linkname[..l].copy_from_slice(&e.link[..l]);
        }
        h.set_mode(0o644);
        h.set_size(e.content.len() as u64);
        h.set_mtime(0);
        h.set_uid(0);
        h.set_gid(0);
        h.set_entry_type(tar::EntryType::new(e.kind));
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(e.content);
        let pad = (512 - e.content.len() % 512) % 512;
        out.extend(std::iter::repeat_n(0u8, pad));
    }
    out.extend(std::iter::repeat_n(0u8, 1024));
    out
}

fn file(name: &[u8]) -> RawTar<'_> {
    RawTar {
        name,
        kind: b'0',
        content: b"data",
        link: b"",
    }
}

fn read_targz_bytes(
    bytes: &[u8],
    limits: &ReadLimits,
) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = write_file(dir.path(), "x.tar.gz", bytes);
    let (entries, diags) = read_all(&Source::TarGz(path), limits);
    (
        entries.into_iter().map(|e| (e.name, e.bytes)).collect(),
        diags,
    )
}

// ------------------------------------------------------------ raw zip

struct RawZip<'a> {
    name: &'a [u8],
    /// Stored data, or raw deflate data when `deflated` is set.
    data: &'a [u8],
    deflated: bool,
    crc: u32,
    /// Announced uncompressed size.
    size: u32,
    unix_mode: Option<u32>,
}

fn stored<'a>(name: &'a [u8], data: &'a [u8]) -> RawZip<'a> {
    let mut crc = Crc::new();
    crc.update(data);
    RawZip {
        name,
        data,
        deflated: false,
        crc: crc.sum(),
        size: data.len() as u32,
        unix_mode: Some(0o100_644),
    }
}

/// A zip written byte by byte (no checks: duplicates, `..`, any mode).
fn raw_zip(entries: &[RawZip<'_>]) -> Vec<u8> {
    fn u16le(v: &mut Vec<u8>, x: u16) {
        v.extend_from_slice(&x.to_le_bytes());
    }
    fn u32le(v: &mut Vec<u8>, x: u32) {
        v.extend_from_slice(&x.to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let method = if e.deflated { 8 } else { 0 };
        out.extend_from_slice(b"PK\x03\x04");
        u16le(&mut out, 20);
        u16le(&mut out, 0x0800);
        u16le(&mut out, method);
        u16le(&mut out, 0);
        u16le(&mut out, 0x21);
        u32le(&mut out, e.crc);
        u32le(&mut out, e.data.len() as u32);
        u32le(&mut out, e.size);
        u16le(&mut out, e.name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(e.name);
        out.extend_from_slice(e.data);

        central.extend_from_slice(b"PK\x01\x02");
        u16le(
            &mut central,
            if e.unix_mode.is_some() {
                (3 << 8) | 20
            } else {
                20
            },
        );
        u16le(&mut central, 20);
        u16le(&mut central, 0x0800);
        u16le(&mut central, method);
        u16le(&mut central, 0);
        u16le(&mut central, 0x21);
        u32le(&mut central, e.crc);
        u32le(&mut central, e.data.len() as u32);
        u32le(&mut central, e.size);
        u16le(&mut central, e.name.len() as u16);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u32le(&mut central, e.unix_mode.map_or(0, |m| m << 16));
        u32le(&mut central, offset);
        central.extend_from_slice(e.name);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, central.len() as u32);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

fn read_zip_bytes(bytes: &[u8], limits: &ReadLimits) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = write_file(dir.path(), "x.zip", bytes);
    let (entries, diags) = read_all(&Source::Zip(path), limits);
    (
        entries.into_iter().map(|e| (e.name, e.bytes)).collect(),
        diags,
    )
}

// ------------------------------------------------------------ bombs

/// A raw deflate stream of `prefix` followed by `zeros` zero bytes, built
/// without compressing the zeros one by one: after a full flush the
/// compressor starts afresh, so every 1 MiB chunk of zeros compresses to
/// the same bytes, which are repeated. Returns the stream and the CRC of
/// the uncompressed data.
fn deflate_zeros(prefix: &[u8], zeros: u64) -> (Vec<u8>, Crc) {
    const CHUNK: usize = 1 << 20;
    assert_eq!(zeros % CHUNK as u64, 0);
    let mut c = Compress::new(Compression::best(), false);
    let mut run = |input: &[u8], flush| -> Vec<u8> {
        let mut out = Vec::with_capacity(input.len() + 1024);
        let before = c.total_in();
        loop {
            let consumed = (c.total_in() - before) as usize;
            let status = c.compress_vec(&input[consumed..], &mut out, flush);
            assert!(status.is_ok());
            let consumed = (c.total_in() - before) as usize;
            if consumed == input.len() && out.len() < out.capacity() {
                return out;
            }
            out.reserve(64 * 1024);
        }
    };
    let head = run(prefix, FlushCompress::Full);
    let zero_chunk = vec![0u8; CHUNK];
    let block = run(&zero_chunk, FlushCompress::Full);
    let again = run(&zero_chunk, FlushCompress::Full);
    assert_eq!(block, again, "full-flushed chunks are not identical");
    let tail = run(&[], FlushCompress::Finish);

    let mut stream = head;
    for _ in 0..zeros / CHUNK as u64 {
        stream.extend_from_slice(&block);
    }
    stream.extend_from_slice(&tail);

    let mut crc = Crc::new();
    crc.update(prefix);
    let mut chunk_crc = Crc::new();
    chunk_crc.update(&zero_chunk);
    for _ in 0..zeros / CHUNK as u64 {
        crc.combine(&chunk_crc);
    }
    (stream, crc)
}

const GIB: u64 = 1 << 30;

/// A tar.gz whose single entry is 1 GiB of zeros (about 1 MB compressed),
/// of type `kind`.
fn gzip_bomb(kind: tar::EntryType) -> Vec<u8> {
    let mut h = tar::Header::new_ustar();
    h.set_path("bomb.pdf").unwrap_or_else(|e| panic!("{e}"));
    h.set_size(GIB);
    h.set_mode(0o644);
    h.set_entry_type(kind);
    h.set_cksum();
    let (deflate, crc) = deflate_zeros(h.as_bytes(), GIB + (1 << 20));
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    gz.extend_from_slice(&deflate);
    gz.extend_from_slice(&crc.sum().to_le_bytes());
    gz.extend_from_slice(&crc.amount().to_le_bytes());
    gz
}

/// Reads through `visit` into a sink, counting what the callback got.
fn drain(source: &Source, limits: &ReadLimits) -> (u64, Vec<Diagnostic>, Duration) {
    let start = Instant::now();
    let mut got = 0u64;
    let diags = visit(source, limits, |_, content| {
        got += io::copy(content, &mut io::sink())?;
        Ok(())
    })
    .unwrap_or_else(|e| panic!("visit failed: {e}"));
    (got, diags, start.elapsed())
}

// ============================================================ tests

#[test]
fn written_archive_reads_back_identically() -> io::Result<()> {
    let entries: Vec<(String, Vec<u8>)> = vec![
        ("EACT--214502494--20170717-6.xml".into(), b"<e/>".to_vec()),
        (
            "045-214502494-20170717-D201717-AI-1-1_0.xml".into(),
            b"<m/>".repeat(5000),
        ),
        (
            "99_AI-045-214502494-20170717-D201717-AI-1-1_1.pdf".into(),
            (0..300_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
                .collect(),
        ),
    ];
    let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
    for (n, c) in &entries {
        w.append_bytes(n, c)?;
    }
    let (bytes, _) = w.finish()?;
    let (got, diags) = read_targz_bytes(&bytes, &ReadLimits::default());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(got, entries);
    Ok(())
}

#[test]
fn pastell_sample_lists_its_three_entries() -> io::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/samples/pastell/courrier_simple.tar.gz");
    let source = Source::detect(&path)?;
    assert_eq!(source, Source::TarGz(path.clone()));
    let (entries, diags) = read_all(&source, &ReadLimits::default());
    assert!(diags.is_empty(), "{diags:?}");
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "001-862614864-20150805-20150805B-AI-2-1_0.xml",
            "001-862614864-20150805-20150805B-AI-2-1_1.pdf",
            "TACT--SPREF0011-862614864-20150805-7.xml",
        ]
    );
    let sizes: Vec<usize> = entries.iter().map(|e| e.bytes.len()).collect();
    assert_eq!(sizes, [551, 21803, 707]);
    assert!(entries
        .get(1)
        .is_some_and(|e| e.bytes.starts_with(b"%PDF-")));
    Ok(())
}

#[test]
fn hostile_tar_entries_each_get_their_code() {
    let cases: Vec<(RawTar<'_>, &str)> = vec![
        (file(b"../escape.xml"), "ARCH-NAME-TRAVERSAL"),
        (file(b"a/../../escape.xml"), "ARCH-NAME-TRAVERSAL"),
        (file(b"/etc/passwd"), "ARCH-NAME-ABSOLUTE"),
        (file(b"C:evil.pdf"), "ARCH-NAME-DRIVE"),
        (file(b"dir\\evil.pdf"), "ARCH-NAME-BACKSLASH"),
        (file(b"bell\x07.pdf"), "ARCH-NAME-CONTROL"),
        (file(b"latin1-\xe9.pdf"), "ARCH-NAME-ENCODING"),
        (file(b"sub/nested.pdf"), "ARCH-NESTED"),
        (
            RawTar {
                name: b"link.pdf",
                kind: b'2',
                content: b"",
                link: b"/etc/passwd",
            },
            "ARCH-SYMLINK",
        ),
        (
            RawTar {
                name: b"hard.pdf",
                kind: b'1',
                content: b"",
                link: b"ok.xml",
            },
            "ARCH-HARDLINK",
        ),
        (
            RawTar {
                name: b"tty",
                kind: b'3',
                content: b"",
                link: b"",
            },
            "ARCH-SPECIAL",
        ),
        (
            RawTar {
                name: b"disk",
                kind: b'4',
                content: b"",
                link: b"",
            },
            "ARCH-SPECIAL",
        ),
        (
            RawTar {
                name: b"pipe",
                kind: b'6',
                content: b"",
                link: b"",
            },
            "ARCH-SPECIAL",
        ),
        (file(b"ok.xml"), "ARCH-DUPLICATE"),
        (file(b"OK.XML"), "ARCH-CASE-DUPLICATE"),
    ];
    for (entry, code) in cases {
        let name = String::from_utf8_lossy(entry.name).into_owned();
        let tar = raw_tar(&[file(b"ok.xml"), entry, file(b"after.pdf")]);
        let (got, diags) = read_targz_bytes(&gzip(&tar), &ReadLimits::default());
        assert_eq!(codes(&diags), [code], "{name}: {diags:?}");
        assert!(diags[0].location.file.is_some(), "{name}");
        // The good entries around it are still read.
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["ok.xml", "after.pdf"], "{name}");
    }
}

#[test]
fn directories_are_skipped_and_dot_slash_removed() {
    let tar = raw_tar(&[
        RawTar {
            name: b"./",
            kind: b'5',
            content: b"",
            link: b"",
        },
        file(b"./a.xml"),
        RawTar {
            name: b"sub/",
            kind: b'5',
            content: b"",
            link: b"",
        },
    ]);
    let (got, diags) = read_targz_bytes(&gzip(&tar), &ReadLimits::default());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(got, vec![("a.xml".to_string(), b"data".to_vec())]);
}

#[test]
fn long_names_hit_the_name_limit() -> io::Result<()> {
    // A GNU long name (the tar crate's builder writes one for > 100 bytes).
    let long = format!("{}.pdf", "n".repeat(300));
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(1);
    h.set_mode(0o644);
    b.append_data(&mut h, &long, &b"x"[..])?;
    let tar = b.into_inner()?;
    let (got, diags) = read_targz_bytes(&gzip(&tar), &ReadLimits::default());
    assert!(got.is_empty());
    assert_eq!(codes(&diags), ["LIMIT-NAME-LENGTH"]);
    let limits = ReadLimits {
        max_name_len: 400,
        ..Default::default()
    };
    let (got, diags) = read_targz_bytes(&gzip(&tar), &limits);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(got.len(), 1);
    Ok(())
}

#[test]
fn too_many_tar_entries_stop_reading() {
    let names: Vec<String> = (0..20).map(|i| format!("f{i}.xml")).collect();
    let entries: Vec<RawTar<'_>> = names.iter().map(|n| file(n.as_bytes())).collect();
    let limits = ReadLimits {
        max_entries: 5,
        ..Default::default()
    };
    let (got, diags) = read_targz_bytes(&gzip(&raw_tar(&entries)), &limits);
    assert_eq!(got.len(), 5);
    assert_eq!(codes(&diags), ["LIMIT-ENTRIES"]);
}

#[test]
fn entry_and_total_sizes_are_limited() {
    let big = vec![b'x'; 10_000];
    let tar = raw_tar(&[
        RawTar {
            name: b"a.pdf",
            kind: b'0',
            content: &big,
            link: b"",
        },
        RawTar {
            name: b"b.pdf",
            kind: b'0',
            content: &big,
            link: b"",
        },
    ]);
    let gz = gzip(&tar);
    let limits = ReadLimits {
        max_entry_bytes: 9_999,
        ..Default::default()
    };
    let (got, diags) = read_targz_bytes(&gz, &limits);
    assert!(got.is_empty());
    assert_eq!(codes(&diags), ["LIMIT-ENTRY-SIZE"]);

    let limits = ReadLimits {
        max_total_bytes: 15_000,
        ..Default::default()
    };
    let (got, diags) = read_targz_bytes(&gz, &limits);
    assert_eq!(got.len(), 1);
    assert_eq!(codes(&diags), ["LIMIT-TOTAL-SIZE"]);
}

#[test]
fn gzip_bomb_stops_quickly_at_each_limit() {
    let bomb = gzip_bomb(tar::EntryType::Regular);
    assert!(bomb.len() < 2_000_000, "bomb is {} bytes", bomb.len());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let source = Source::TarGz(write_file(dir.path(), "bomb.tar.gz", &bomb));

    // Default limits: the header announces 1 GiB, nothing is decompressed.
    let (got, diags, took) = drain(&source, &ReadLimits::default());
    assert_eq!(codes(&diags), ["LIMIT-ENTRY-SIZE"]);
    assert_eq!(got, 0);
    assert!(took < Duration::from_secs(2), "{took:?}");

    // Entry limit raised: the ratio stops it after a few MiB.
    let limits = ReadLimits {
        max_entry_bytes: 2 * GIB,
        max_total_bytes: 4 * GIB,
        ..Default::default()
    };
    let (got, diags, took) = drain(&source, &limits);
    assert_eq!(codes(&diags), ["LIMIT-RATIO"]);
    assert!(got < 16 << 20, "callback got {got} bytes");
    assert!(took < Duration::from_secs(5), "{took:?}");

    // Ratio disabled: the total limit stops it. The announced size is
    // already over the total...
    let limits = ReadLimits {
        max_entry_bytes: 2 * GIB,
        max_total_bytes: 32 << 20,
        max_ratio: u64::MAX,
        ..Default::default()
    };
    let (got, diags, _) = drain(&source, &limits);
    assert_eq!(codes(&diags), ["LIMIT-TOTAL-SIZE"]);
    assert_eq!(got, 0);
    // ... so hide the bomb in a refused entry, whose content the tar
    // stream must still skip: the streaming counter stops it.
    let hidden = Source::TarGz(write_file(
        dir.path(),
        "hidden.tar.gz",
        &gzip_bomb(tar::EntryType::Fifo),
    ));
    let (got, diags, took) = drain(&hidden, &limits);
    assert_eq!(codes(&diags), ["ARCH-SPECIAL", "LIMIT-TOTAL-SIZE"]);
    assert_eq!(got, 0);
    assert!(took < Duration::from_secs(20), "{took:?}");
    let (_, diags, took) = drain(&hidden, &ReadLimits::default());
    assert_eq!(codes(&diags), ["ARCH-SPECIAL", "LIMIT-RATIO"]);
    assert!(took < Duration::from_secs(5), "{took:?}");

    // read_all does not accumulate the bomb either.
    let (entries, diags) = read_all(
        &source,
        &ReadLimits {
            max_entry_bytes: 2 * GIB,
            max_total_bytes: 4 * GIB,
            ..Default::default()
        },
    );
    assert!(entries.is_empty());
    assert_eq!(codes(&diags), ["LIMIT-RATIO"]);
}

#[test]
fn zip_bomb_stops_quickly() {
    let (deflate, crc) = deflate_zeros(b"", GIB);
    let entry = |size: u32| RawZip {
        name: b"bomb.pdf",
        data: &deflate,
        deflated: true,
        crc: crc.sum(),
        size,
        unix_mode: Some(0o100_644),
    };
    let honest = raw_zip(&[entry(u32::try_from(GIB).unwrap_or(u32::MAX))]);
    assert!(honest.len() < 2_000_000);

    let (got, diags) = read_zip_bytes(&honest, &ReadLimits::default());
    assert!(got.is_empty());
    assert_eq!(codes(&diags), ["LIMIT-ENTRY-SIZE"]);

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let source = Source::Zip(write_file(dir.path(), "bomb.zip", &honest));
    let limits = ReadLimits {
        max_entry_bytes: 2 * GIB,
        max_total_bytes: 4 * GIB,
        ..Default::default()
    };
    let (got, diags, took) = drain(&source, &limits);
    assert_eq!(codes(&diags), ["LIMIT-RATIO"]);
    assert!(got < 16 << 20, "callback got {got} bytes");
    assert!(took < Duration::from_secs(5), "{took:?}");

    // A central directory that lies about the size: stopped as corrupt
    // right after the announced size.
    let liar = raw_zip(&[entry(1000)]);
    let (got, diags) = read_zip_bytes(&liar, &ReadLimits::default());
    assert!(got.is_empty());
    assert_eq!(codes(&diags), ["ARCH-CORRUPT"]);
}

#[test]
fn truncated_gzip_is_corrupt() -> io::Result<()> {
    let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
    let noise: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
        .collect();
    w.append_bytes("a.pdf", &noise)?;
    let (bytes, _) = w.finish()?;
    for cut in [5, 20, bytes.len() / 2] {
        let (got, diags) = read_targz_bytes(&bytes[..cut], &ReadLimits::default());
        assert!(got.is_empty(), "cut {cut}");
        assert_eq!(codes(&diags), ["ARCH-CORRUPT"], "cut {cut}");
    }
    // Cut in the gzip trailer (CRC, length): the entries were all delivered
    // when this is found, but the archive is still reported corrupt.
    let (_, diags) = read_targz_bytes(&bytes[..bytes.len() - 4], &ReadLimits::default());
    assert_eq!(codes(&diags), ["ARCH-CORRUPT"]);
    // A flipped content byte is caught by the gzip CRC.
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x55;
    let (_, diags) = read_targz_bytes(&flipped, &ReadLimits::default());
    assert!(codes(&diags).contains(&"ARCH-CORRUPT"), "{diags:?}");
    // Not gzip at all.
    let (_, diags) = read_targz_bytes(b"plain text, not an archive", &ReadLimits::default());
    assert_eq!(codes(&diags), ["ARCH-CORRUPT"]);
    // Empty file.
    let (_, diags) = read_targz_bytes(b"", &ReadLimits::default());
    assert_eq!(codes(&diags), ["ARCH-CORRUPT"]);
    Ok(())
}

#[test]
fn truncated_plain_tar_is_corrupt() {
    let tar = raw_tar(&[
        file(b"a.xml"),
        RawTar {
            name: b"b.pdf",
            kind: b'0',
            content: &[1u8; 5000],
            link: b"",
        },
    ]);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = write_file(dir.path(), "x.tar", &tar[..3000]);
    assert_eq!(Source::detect(&path).ok(), Some(Source::Tar(path.clone())));
    let (got, diags) = read_all(&Source::Tar(path), &ReadLimits::default());
    assert_eq!(got.len(), 1);
    assert_eq!(codes(&diags), ["ARCH-CORRUPT"]);
}

#[test]
fn hostile_zip_entries_each_get_their_code() {
    let cases: Vec<(RawZip<'_>, &str)> = vec![
        (stored(b"../escape.xml", b"x"), "ARCH-NAME-TRAVERSAL"),
        (stored(b"/etc/passwd", b"x"), "ARCH-NAME-ABSOLUTE"),
        (stored(b"C:/evil.pdf", b"x"), "ARCH-NAME-DRIVE"),
        (stored(b"dir\\evil.pdf", b"x"), "ARCH-NAME-BACKSLASH"),
        (stored(b"nul\x00.pdf", b"x"), "ARCH-NAME-CONTROL"),
        (stored(b"", b"x"), "ARCH-NAME-EMPTY"),
        (stored(b"sub/nested.pdf", b"x"), "ARCH-NESTED"),
        (
            RawZip {
                unix_mode: Some(0o120_777),
                ..stored(b"link.pdf", b"/etc/passwd")
            },
            "ARCH-SYMLINK",
        ),
        (
            RawZip {
                unix_mode: Some(0o020_644),
                ..stored(b"tty", b"")
            },
            "ARCH-SPECIAL",
        ),
        (
            RawZip {
                unix_mode: Some(0o010_644),
                ..stored(b"fifo", b"")
            },
            "ARCH-SPECIAL",
        ),
        (stored(b"Ok.Xml", b"again"), "ARCH-CASE-DUPLICATE"),
        (
            RawZip {
                crc: 0xdead_beef,
                ..stored(b"badcrc.pdf", b"content")
            },
            "ARCH-CORRUPT",
        ),
    ];
    for (entry, code) in cases {
        let name = String::from_utf8_lossy(entry.name).into_owned();
        let zip = raw_zip(&[
            stored(b"ok.xml", b"<ok/>"),
            entry,
            stored(b"after.pdf", b"%PDF-"),
        ]);
        let (got, diags) = read_zip_bytes(&zip, &ReadLimits::default());
        assert_eq!(codes(&diags), [code], "{name:?}: {diags:?}");
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["ok.xml", "after.pdf"], "{name:?}");
    }
}

#[test]
fn zip_duplicates_are_all_refused() {
    // The zip library keeps one entry per name, so no copy can be trusted.
    let zip = raw_zip(&[
        stored(b"ok.xml", b"<ok/>"),
        stored(b"a.pdf", b"first"),
        stored(b"a.pdf", b"second"),
        stored(b"after.pdf", b"%PDF-"),
    ]);
    let (got, diags) = read_zip_bytes(&zip, &ReadLimits::default());
    assert_eq!(codes(&diags), ["ARCH-DUPLICATE"]);
    assert_eq!(diags[0].location.file.as_deref(), Some("a.pdf"));
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ok.xml", "after.pdf"]);
}

#[test]
fn zip_written_by_the_zip_crate_reads_back() -> io::Result<()> {
    let mut z = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.add_directory("dir/", opts).map_err(io::Error::other)?;
    z.start_file("a.xml", opts).map_err(io::Error::other)?;
    z.write_all(&b"<a/>".repeat(1000))?;
    z.add_symlink("l.pdf", "a.xml", opts)
        .map_err(io::Error::other)?;
    z.start_file("dir/b.pdf", opts).map_err(io::Error::other)?;
    z.write_all(b"%PDF-1.4")?;
    let bytes = z.finish().map_err(io::Error::other)?.into_inner();
    let dir = tempfile::tempdir()?;
    let path = write_file(dir.path(), "delivery.bin", &bytes);
    let source = Source::detect(&path)?;
    assert_eq!(source, Source::Zip(path));
    let (got, diags) = read_all(&source, &ReadLimits::default());
    assert_eq!(codes(&diags), ["ARCH-SYMLINK", "ARCH-NESTED"]);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].bytes, b"<a/>".repeat(1000));
    Ok(())
}

#[test]
fn zip_announcing_too_many_entries_is_refused_before_parsing() {
    let names: Vec<String> = (0..10).map(|i| format!("f{i}")).collect();
    let entries: Vec<RawZip<'_>> = names.iter().map(|n| stored(n.as_bytes(), b"x")).collect();
    let limits = ReadLimits {
        max_entries: 9,
        ..Default::default()
    };
    let (got, diags) = read_zip_bytes(&raw_zip(&entries), &limits);
    assert!(got.is_empty());
    assert_eq!(codes(&diags), ["LIMIT-ENTRIES"]);
}

#[test]
fn corrupt_zip_is_a_diagnostic() {
    let zip = raw_zip(&[stored(b"a.xml", b"<a/>")]);
    for cut in [4, 30, zip.len() - 10] {
        let (_, diags) = read_zip_bytes(&zip[..cut], &ReadLimits::default());
        assert_eq!(codes(&diags), ["ARCH-CORRUPT"], "cut {cut}");
    }
}

#[test]
fn folder_is_flat_and_never_follows_links() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    write_file(dir.path(), "b.pdf", b"%PDF-");
    write_file(dir.path(), "a.xml", b"<a/>");
    fs::create_dir(dir.path().join("sub"))?;
    write_file(&dir.path().join("sub"), "hidden.xml", b"<h/>");
    let outside = tempfile::tempdir()?;
    write_file(outside.path(), "secret.txt", b"secret");
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("c.pdf"))?;
    let (got, diags) = read_all(&Source::detect(dir.path())?, &ReadLimits::default());
    let names: Vec<&str> = got.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["a.xml", "b.pdf"]);
    #[cfg(unix)]
    assert_eq!(codes(&diags), ["ARCH-SYMLINK", "ARCH-NESTED"]);
    let nested = diags.iter().find(|d| d.code.as_str() == "ARCH-NESTED");
    assert!(
        nested.is_some_and(|d| !d.is_error()),
        "subfolders are a warning"
    );
    Ok(())
}

#[cfg(unix)]
#[test]
fn folder_fifo_is_refused_without_blocking() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let fifo = dir.path().join("pipe.xml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable: not checked");
        return Ok(());
    }
    let (got, diags) = read_all(
        &Source::Folder(dir.path().to_path_buf()),
        &ReadLimits::default(),
    );
    assert!(got.is_empty());
    assert_eq!(codes(&diags), ["ARCH-SPECIAL"]);
    Ok(())
}

#[test]
fn missing_sources_are_diagnostics() {
    let missing = PathBuf::from("/nonexistent-actes/x.tar.gz");
    for source in [
        Source::TarGz(missing.clone()),
        Source::Zip(missing.clone()),
        Source::Folder(missing.clone()),
    ] {
        let (got, diags) = read_all(&source, &ReadLimits::default());
        assert!(got.is_empty());
        assert_eq!(codes(&diags), ["ARCH-UNREADABLE"]);
    }
    assert_eq!(
        Source::detect(&missing).err().map(|e| e.kind()),
        Some(io::ErrorKind::NotFound)
    );
}

#[test]
fn detect_by_content_then_extension() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let gz = write_file(dir.path(), "no-extension", &gzip(b"x"));
    assert_eq!(Source::detect(&gz)?, Source::TarGz(gz.clone()));
    let odd = write_file(dir.path(), "x.TGZ", b"");
    assert_eq!(Source::detect(&odd)?, Source::TarGz(odd.clone()));
    let txt = write_file(dir.path(), "x.txt", b"hello");
    assert_eq!(
        Source::detect(&txt).err().map(|e| e.kind()),
        Some(io::ErrorKind::InvalidData)
    );
    Ok(())
}

#[test]
fn memory_source_applies_the_same_rules() {
    let source = Source::Memory(vec![
        ("a.xml".into(), b"<a/>".to_vec()),
        ("A.xml".into(), b"<A/>".to_vec()),
        ("C:\\x".into(), Vec::new()),
        ("b.pdf".into(), vec![0; 100]),
    ]);
    let limits = ReadLimits {
        max_entry_bytes: 50,
        ..Default::default()
    };
    let (got, diags) = read_all(&source, &limits);
    assert_eq!(got.len(), 1);
    assert_eq!(
        codes(&diags),
        [
            "ARCH-CASE-DUPLICATE",
            "ARCH-NAME-BACKSLASH",
            "LIMIT-ENTRY-SIZE"
        ]
    );
}

#[test]
fn callback_errors_are_returned_not_swallowed() {
    let source = Source::Memory(vec![("a.xml".into(), b"<a/>".to_vec())]);
    let r = visit(&source, &ReadLimits::default(), |_, _| {
        Err(io::Error::other("disk full"))
    });
    assert_eq!(
        r.err().map(|e| e.to_string()),
        Some("disk full".to_string())
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn valid_targz() -> Vec<u8> {
        let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
        let _ = w.append_bytes("a.xml", &b"<a>text</a>".repeat(50));
        let _ = w.append_bytes("b.pdf", b"%PDF-1.4 ...");
        w.finish().map(|(b, _)| b).unwrap_or_default()
    }

    fn read_as(kind: &str, bytes: &[u8]) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = write_file(dir.path(), "input", bytes);
        let source = match kind {
            "targz" => Source::TarGz(path),
            "tar" => Source::Tar(path),
            _ => Source::Zip(path),
        };
        let _ = read_all(&source, &ReadLimits::default());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            read_as("targz", &bytes);
            read_as("tar", &bytes);
            read_as("zip", &bytes);
        }

        #[test]
        fn arbitrary_bytes_behind_magic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
            gz.extend_from_slice(&bytes);
            read_as("targz", &gz);
            let mut zip = b"PK\x03\x04".to_vec();
            zip.extend_from_slice(&bytes);
            read_as("zip", &zip);
        }

        #[test]
        fn mutated_archives(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
            let mut targz = valid_targz();
            let mut tar = Vec::new();
            let _ = flate2::read::GzDecoder::new(&targz[..]).read_to_end(&mut tar);
            let mut zip = raw_zip(&[stored(b"a.xml", b"<a/>"), stored(b"b.pdf", b"%PDF-")]);
            for (pos, byte) in &edits {
                for buf in [&mut targz, &mut tar, &mut zip] {
                    let len = buf.len();
                    if let Some(b) = buf.get_mut(pos % len.max(1)) {
                        *b = *byte;
                    }
                }
            }
            read_as("targz", &targz);
            read_as("tar", &tar);
            read_as("zip", &zip);
        }
    }
}
