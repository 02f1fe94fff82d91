//! Reading a delivery (`Delivery::read`): the container, every XML file
//! parsed and checked as a message, documents streamed through SHA-256.
//!
//! * `delivery/pastell_courrier_simple_targz`: the real Pastell delivery
//!   `samples/pastell/courrier_simple.tar.gz` (envelope, 2-1 letter and a
//!   21 KB PDF, 21 787 bytes compressed);
//! * `delivery/s2low_folder_1-2`: the S2LOW folder `test-archive-MISILCL`
//!   (envelope and an ARActe);
//! * `delivery/targz_50MiB_document`: the same Pastell files, its PDF
//!   replaced by 50 MiB of incompressible bytes, packed by this crate's
//!   tar.gz writer (default level) into a temporary file: decompression,
//!   tar framing and hashing dominate.
//!
//! Run: `cargo bench --bench delivery -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use actes::container::read::{ReadLimits, Source};
use actes::container::{TarGzOptions, TarGzWriter};
use actes::delivery::Delivery;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

/// Deterministic incompressible bytes (xorshift64*).
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        out.extend_from_slice(&state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The Pastell delivery with a 50 MiB PDF, written as a tar.gz file.
fn large_delivery(dir: &Path) -> (PathBuf, u64) {
    let sample = samples().join("pastell/courrier_simple.tar.gz");
    let (files, diagnostics) =
        actes::container::read::read_all(&Source::TarGz(sample.clone()), &ReadLimits::default());
    assert!(
        diagnostics.is_empty(),
        "{}: {diagnostics:?}",
        sample.display()
    );
    let path = dir.join("large.tar.gz");
    let out = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut w = TarGzWriter::new(std::io::BufWriter::new(out), TarGzOptions::default());
    let mut total = 0u64;
    for f in &files {
        let content = if std::path::Path::new(&f.name)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("pdf"))
        {
            let mut pdf = b"%PDF-1.4\n".to_vec();
            pdf.extend(noise(7, 50 * 1024 * 1024));
            pdf.extend_from_slice(b"\n%%EOF\n");
            pdf
        } else {
            f.bytes.clone()
        };
        total += content.len() as u64;
        w.append_bytes(&f.name, &content)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("{e}"));
    (path, total)
}

fn check(d: &Delivery, name: &str) {
    assert!(d.is_read(), "{name}: {:?}", d.diagnostics);
    assert!(!d.messages.is_empty(), "{name}: no message");
}

fn bench(c: &mut Criterion) {
    let targz = Source::TarGz(samples().join("pastell/courrier_simple.tar.gz"));
    let folder = Source::Folder(samples().join("s2low/test-archive-MISILCL"));
    let limits = ReadLimits::default();
    check(&Delivery::read(&targz, &limits), "targz");
    check(&Delivery::read(&folder, &limits), "folder");

    let mut g = c.benchmark_group("delivery");
    g.bench_function("pastell_courrier_simple_targz", |b| {
        b.iter(|| Delivery::read(black_box(&targz), &limits).messages.len());
    });
    g.bench_function("s2low_folder_1-2", |b| {
        b.iter(|| Delivery::read(black_box(&folder), &limits).messages.len());
    });
    g.finish();

    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (path, total) = large_delivery(tmp.path());
    let large = Source::TarGz(path);
    let d = Delivery::read(&large, &limits);
    check(&d, "large");
    assert_eq!(d.documents.len(), 1);

    let mut g = c.benchmark_group("delivery_large");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Bytes(total));
    g.bench_function("targz_50MiB_document", |b| {
        b.iter(|| Delivery::read(black_box(&large), &limits).documents.len());
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
