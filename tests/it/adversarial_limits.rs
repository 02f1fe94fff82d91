//! Every limit of SECURITY.md, reached through the public entry points that
//! callers use (messages, classification, deliveries, archive check), each
//! asserting its diagnostic code. Large hostile inputs (bombs, documents
//! over the size limit) are built here at test time, never committed.
//!
//! Bombs must stop at their limit quickly: the tests assert that they finish
//! with the LIMIT code and that the reader did not hand out the decompressed
//! bytes; the time is printed (`--nocapture`), not asserted.

use std::io;
use std::time::Instant;

use actes::archive::{self, CheckOptions};
use actes::classification::Classification;
use actes::container::read::{read_all, visit, ReadLimits, Source};
use actes::delivery::Delivery;
use actes::diagnostic::{Code, Diagnostic};
use actes::messages::Message;
use actes::xml::Limits;
use flate2::{Compress, Compression, FlushCompress};

const MIB: u64 = 1 << 20;
const ACTES_NS: &str = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216";

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

fn has(d: &[Diagnostic], code: Code) -> bool {
    d.iter().any(|d| d.code == code)
}

// ------------------------------------------------------------------- XML

fn ar_acte(body: &str) -> Vec<u8> {
    format!(
        "<actes:ARActe xmlns:actes=\"{ACTES_NS}\" actes:IDActe=\"034-491011698-20171207-CL20171227_06-DE\" actes:DateReception=\"2017-12-27\">{body}</actes:ARActe>"
    )
    .into_bytes()
}

#[test]
fn xml_default_size_limit() {
    let mut doc = ar_acte("");
    doc.resize(32 * MIB as usize + 1, b' ');
    let m = Message::parse(&doc);
    assert!(m.value.is_none());
    assert_eq!(codes(&m.diagnostics), ["XML-LIMIT-SIZE"]);
    let c = Classification::parse(&doc);
    assert_eq!(codes(&c.diagnostics), ["XML-LIMIT-SIZE"]);
}

#[test]
fn xml_default_text_limit() {
    let text = "x".repeat(16 * MIB as usize + 1);
    let m = Message::parse(&ar_acte(&format!(
        "<actes:ActeRecu>{text}</actes:ActeRecu>"
    )));
    assert!(m.value.is_none());
    assert_eq!(codes(&m.diagnostics), ["XML-LIMIT-TEXT"]);
}

/// Every field of `xml::Limits`, lowered, through `Message::parse_with_limits`
/// and `Classification::parse_with_limits`.
#[test]
fn xml_each_limit_through_the_readers() {
    let tight = Limits {
        max_document_bytes: 4096,
        max_depth: 3,
        max_attribute_len: 64,
        max_text_len: 64,
        max_elements: 8,
        max_attributes: 4,
        max_namespaces: 2,
    };
    let cases: Vec<(Vec<u8>, Code)> = vec![
        (vec![b' '; 4097], Code::XmlLimitSize),
        (
            ar_acte("<actes:ActeRecu><a><b/></a></actes:ActeRecu>"),
            Code::XmlLimitDepth,
        ),
        (
            ar_acte(&format!("<actes:ActeRecu x=\"{}\"/>", "a".repeat(65))),
            Code::XmlLimitAttribute,
        ),
        (
            ar_acte(&format!(
                "<actes:ActeRecu>{}</actes:ActeRecu>",
                "a".repeat(65)
            )),
            Code::XmlLimitText,
        ),
        (
            ar_acte(&"<actes:ActeRecu/>".repeat(8)),
            Code::XmlLimitElements,
        ),
        (
            ar_acte("<actes:ActeRecu a=\"1\" b=\"2\" c=\"3\" d=\"4\" e=\"5\"/>"),
            Code::XmlLimitAttributeCount,
        ),
        (
            ar_acte("<actes:ActeRecu xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"/>"),
            Code::XmlLimitNamespaces,
        ),
    ];
    for (doc, code) in cases {
        let m = Message::parse_with_limits(&doc, &tight);
        assert!(m.value.is_none());
        assert_eq!(codes(&m.diagnostics), [code.as_str()], "message");
        let c = Classification::parse_with_limits(&doc, &tight);
        assert_eq!(codes(&c.diagnostics), [code.as_str()], "classification");
    }
    // The same documents pass with the defaults.
    let ok = ar_acte("<actes:ActeRecu/>");
    assert!(Message::parse_with_limits(&ok, &tight).value.is_some());
}

/// An endless reader: `Classification::from_reader` stops one byte past the
/// size limit instead of reading forever.
#[test]
fn classification_from_an_endless_reader() {
    let c = Classification::from_reader(io::repeat(b'<'));
    assert!(c.value.is_none());
    assert_eq!(codes(&c.diagnostics), ["XML-LIMIT-SIZE"]);
}

// ------------------------------------------------------------ containers

/// A raw deflate stream of `prefix` then `mib` MiB of zeros, built from one
/// compressed MiB repeated (full flushes make the blocks independent), so
/// the bomb costs milliseconds to build.
fn deflate_zeros(prefix: &[u8], mib: u64) -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let mut run = |input: &[u8], flush| -> Vec<u8> {
        let mut out = Vec::with_capacity(input.len() + 4096);
        let start = c.total_in();
        loop {
            let done = usize::try_from(c.total_in() - start).expect("usize");
            c.compress_vec(&input[done..], &mut out, flush)
                .expect("deflate");
            let done = usize::try_from(c.total_in() - start).expect("usize");
            if done == input.len() && out.len() < out.capacity() {
                return out;
            }
            out.reserve(64 * 1024);
        }
    };
    let mut stream = run(prefix, FlushCompress::Full);
    let block = run(&vec![0u8; MIB as usize], FlushCompress::Full);
    for _ in 0..mib {
        stream.extend_from_slice(&block);
    }
    stream.extend(run(&[], FlushCompress::Finish));
    stream
}

fn tar_header(name: &str, size: u64) -> Vec<u8> {
    let mut h = tar::Header::new_ustar();
    h.set_path(name).expect("name");
    h.set_size(size);
    h.set_mode(0o644);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    h.as_bytes().to_vec()
}

/// A tar.gz whose entry `bomb.pdf` announces and holds `mib` MiB of zeros.
/// The gzip trailer's CRC is left wrong: the reader must stop before it.
fn gzip_bomb(mib: u64) -> Vec<u8> {
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    gz.extend(deflate_zeros(&tar_header("bomb.pdf", mib * MIB), mib));
    gz.extend_from_slice(&[0; 8]);
    gz
}

/// A zip whose entry `bomb.pdf` inflates to `mib` MiB of zeros while the
/// central directory announces `announced` bytes.
fn zip_bomb(mib: u64, announced: u32) -> Vec<u8> {
    let data = deflate_zeros(b"", mib);
    let name = b"bomb.pdf";
    let compressed = u32::try_from(data.len()).expect("small");
    let mut out = Vec::new();
    let header = |sig: &[u8], central: bool| {
        let mut h = sig.to_vec();
        if central {
            h.extend_from_slice(&(0x0300u16 | 20).to_le_bytes());
        }
        h.extend_from_slice(&20u16.to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        h.extend_from_slice(&8u16.to_le_bytes()); // deflate
        h.extend_from_slice(&0u32.to_le_bytes()); // time, date
        h.extend_from_slice(&0u32.to_le_bytes()); // crc (never reached)
        h.extend_from_slice(&compressed.to_le_bytes());
        h.extend_from_slice(&announced.to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        if central {
            h.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
            h.extend_from_slice(&(0o100_644u32 << 16).to_le_bytes());
            h.extend_from_slice(&0u32.to_le_bytes()); // offset
        }
        h.extend_from_slice(name);
        h
    };
    out.extend(header(b"PK\x03\x04", false));
    out.extend_from_slice(&data);
    let cd_offset = u32::try_from(out.len()).expect("small");
    let central = header(b"PK\x01\x02", true);
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
    out.extend_from_slice(&u32::try_from(central.len()).expect("small").to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Bytes handed to a `visit` callback (never accumulated).
fn drained(source: &Source, limits: &ReadLimits) -> (u64, Vec<Diagnostic>) {
    let mut got = 0;
    let d = visit(source, limits, |_, content| {
        got += io::copy(content, &mut io::sink())?;
        Ok(())
    })
    .expect("visit");
    (got, d)
}

struct Bombs {
    _dir: tempfile::TempDir,
    gzip: std::path::PathBuf,
    zip: std::path::PathBuf,
    zip_lying: std::path::PathBuf,
}

fn bombs() -> Bombs {
    let dir = tempfile::tempdir().expect("tempdir");
    let gzip = dir.path().join("bomb.tar.gz");
    let zip = dir.path().join("bomb.zip");
    let zip_lying = dir.path().join("lying.zip");
    let t = Instant::now();
    // 150 MiB: under the entry limit (160 MiB), so the ratio must stop it.
    std::fs::write(&gzip, gzip_bomb(150)).expect("write");
    std::fs::write(&zip, zip_bomb(150, 150 * MIB as u32)).expect("write");
    // Announces 1 KiB, inflates to 150 MiB.
    std::fs::write(&zip_lying, zip_bomb(150, 1024)).expect("write");
    eprintln!("bombs built in {:?}", t.elapsed());
    Bombs {
        _dir: dir,
        gzip,
        zip,
        zip_lying,
    }
}

#[test]
fn bombs_stop_at_the_ratio_limit_with_the_default_limits() {
    let b = bombs();
    for (label, path) in [
        ("tar.gz", &b.gzip),
        ("zip", &b.zip),
        ("lying zip", &b.zip_lying),
    ] {
        let source = Source::detect(path).expect("detect");
        let t = Instant::now();
        let (got, d) = drained(&source, &ReadLimits::default());
        eprintln!(
            "{label}: container::read stopped after {:?}: {:?}",
            t.elapsed(),
            codes(&d)
        );
        assert!(got < 8 * MIB, "{label}: the callback got {got} bytes");
        assert!(
            has(&d, Code::LimitRatio)
                || has(&d, Code::LimitEntrySize)
                || has(&d, Code::ArchCorrupt),
            "{label}: {:?}",
            codes(&d)
        );
        if label != "lying zip" {
            assert_eq!(codes(&d), ["LIMIT-RATIO"], "{label}");
        }

        let t = Instant::now();
        let delivery = Delivery::read_path(path);
        eprintln!(
            "{label}: Delivery::read_path stopped after {:?}",
            t.elapsed()
        );
        assert!(!delivery.is_read());
        assert!(delivery.files.is_empty(), "{label}: {:?}", delivery.files);

        let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
        let t = Instant::now();
        let report = archive::check(path, &CheckOptions::new(today));
        eprintln!("{label}: archive::check stopped after {:?}", t.elapsed());
        assert!(!report.valid);
    }
    // The delivery and the archive check report the same limit.
    let d = Delivery::read_path(&b.gzip);
    assert!(
        has(&d.diagnostics, Code::LimitRatio),
        "{:?}",
        codes(&d.diagnostics)
    );
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let r = archive::check(&b.zip, &CheckOptions::new(today));
    assert!(
        has(&r.diagnostics, Code::LimitRatio),
        "{:?}",
        codes(&r.diagnostics)
    );
}

/// With the ratio check disabled, the size limits stop the same bombs.
#[test]
fn bombs_stop_at_the_size_limits() {
    let b = bombs();
    let no_ratio = ReadLimits {
        max_ratio: u64::MAX,
        ..ReadLimits::default()
    };
    let entry = ReadLimits {
        max_entry_bytes: 16 * MIB,
        ..no_ratio.clone()
    };
    let total = ReadLimits {
        max_total_bytes: 16 * MIB,
        ..no_ratio.clone()
    };
    for path in [&b.gzip, &b.zip] {
        let source = Source::detect(path).expect("detect");
        let (got, d) = drained(&source, &entry);
        assert_eq!(codes(&d), ["LIMIT-ENTRY-SIZE"], "{}", path.display());
        assert_eq!(got, 0);
        let (got, d) = drained(&source, &total);
        assert_eq!(codes(&d), ["LIMIT-TOTAL-SIZE"], "{}", path.display());
        assert!(got <= 16 * MIB);
        let delivery = Delivery::read(&source, &total);
        assert!(has(&delivery.diagnostics, Code::LimitTotalSize));
    }
    // The lying zip announces 1 KiB: its actual size is counted.
    let source = Source::detect(&b.zip_lying).expect("detect");
    let (got, d) = drained(&source, &entry);
    assert!(got <= 16 * MIB, "{got}");
    assert!(
        !d.is_empty() && d.iter().all(Diagnostic::is_error),
        "{:?}",
        codes(&d)
    );
    // read_all never holds more than the limits either.
    let (entries, d) = read_all(&source, &total);
    assert!(entries.iter().map(|e| e.bytes.len() as u64).sum::<u64>() <= 16 * MIB);
    assert!(!d.is_empty());
}

#[test]
fn too_many_entries_and_too_long_names_in_a_delivery() {
    let many: Vec<(String, Vec<u8>)> = (0..10_001)
        .map(|i| (format!("f{i}.pdf"), Vec::new()))
        .collect();
    let d = Delivery::from_attachments(many);
    assert!(
        has(&d.diagnostics, Code::LimitEntries),
        "{:?}",
        codes(&d.diagnostics)
    );
    assert!(d.files.len() <= 10_000);

    let d =
        Delivery::from_attachments(vec![(format!("{}.xml", "n".repeat(300)), b"<a/>".to_vec())]);
    assert!(
        has(&d.diagnostics, Code::LimitNameLength),
        "{:?}",
        codes(&d.diagnostics)
    );

    // The same limits, lowered, through archive::check_source.
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let options = CheckOptions {
        limits: ReadLimits {
            max_entries: 2,
            max_name_len: 8,
            ..ReadLimits::default()
        },
        ..CheckOptions::new(today)
    };
    let files = vec![
        ("a.xml".to_string(), b"<a/>".to_vec()),
        ("much-too-long.xml".to_string(), b"<a/>".to_vec()),
        ("c.xml".to_string(), b"<a/>".to_vec()),
    ];
    let r = archive::check_source(&Source::Memory(files), None, None, &options);
    assert!(
        has(&r.diagnostics, Code::LimitNameLength),
        "{:?}",
        codes(&r.diagnostics)
    );
    assert!(
        has(&r.diagnostics, Code::LimitEntries),
        "{:?}",
        codes(&r.diagnostics)
    );
}

/// A delivery's XML files are read into memory only up to the XML size
/// limit: a 40 MiB `.xml` attachment does not parse as a message.
#[test]
fn oversized_xml_in_a_delivery() {
    let mut big = ar_acte("");
    big.resize(40 * MIB as usize, b' ');
    let d = Delivery::from_attachments(vec![(
        "034-491011698-20171207-CL20171227_06-DE-1-2_0.xml".into(),
        big,
    )]);
    let all: Vec<&Diagnostic> = d
        .diagnostics
        .iter()
        .chain(d.messages.iter().flat_map(|m| m.diagnostics.iter()))
        .collect();
    assert!(
        all.iter()
            .any(|x| x.code == Code::XmlLimitSize || x.code == Code::DelivUnreadableMessage),
        "{:?}",
        all.iter().map(|x| x.code.as_str()).collect::<Vec<_>>()
    );
}

/// A reader that never ends: `visit` on an in-memory source hands out
/// contents through the limit counters as well.
#[test]
fn memory_source_entry_over_the_limit() {
    let limits = ReadLimits {
        max_entry_bytes: 1000,
        ..ReadLimits::default()
    };
    let source = Source::Memory(vec![("big.pdf".into(), vec![0; 2000])]);
    let mut got = Vec::new();
    let d = visit(&source, &limits, |_, content| {
        content.read_to_end(&mut got)?;
        Ok(())
    })
    .expect("visit");
    assert!(got.len() <= 1000);
    assert_eq!(codes(&d), ["LIMIT-ENTRY-SIZE"]);
}
