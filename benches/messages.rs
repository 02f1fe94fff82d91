//! Parsing received messages in process: `Message::parse` on the two ARActe
//! samples (Pastell and S2LOW 1-2) and on a real 7-2 RetourClassification
//! (Pastell/Mégalis example of 2019-03-01, 32 471 bytes), plus
//! `Classification::parse` on that file and the XML layer alone
//! (`xml::parse`) to tell the tree from the typed model.
//!
//! The inputs are the files of `../shared/reference`, read once before
//! timing; each iteration parses from the bytes in memory (decoding,
//! well-formedness, namespaces, typed fields and their diagnostics).
//! `benches/compare.sh` compares these per-file figures with
//! `xmllint --noout` on the same files.
//!
//! Run: `cargo bench --bench messages -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::{Path, PathBuf};

use actes::classification::Classification;
use actes::messages::Message;
use actes::xml::{self, Limits};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// The files, relative to `../shared/reference`, with their bench names.
pub const FILES: [(&str, &str); 3] = [
    ("aractes_pastell", "samples/pastell/aractes.xml"),
    (
        "aractes_s2low_1-2",
        "samples/s2low/001-000000000-20170130-TEST42-DE-1-2_0.xml",
    ),
    (
        "retour_classification_32k",
        "refdata/pastell-megalis_classification-exemple_2019-03-01.xml",
    ),
];

fn reference(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(rel)
}

fn read(rel: &str) -> Vec<u8> {
    let path = reference(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bench(c: &mut Criterion) {
    let inputs: Vec<(&str, Vec<u8>)> = FILES.iter().map(|(n, p)| (*n, read(p))).collect();

    // Every input must parse as a message without errors, or the figures
    // would time an early exit.
    for (name, bytes) in &inputs {
        let parsed = Message::parse(bytes);
        assert!(parsed.value.is_some(), "{name}: not read");
        assert!(
            !actes::diagnostic::has_errors(&parsed.diagnostics),
            "{name}: {:?}",
            parsed.diagnostics
        );
    }

    let mut g = c.benchmark_group("message_parse");
    for (name, bytes) in &inputs {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(*name, |b| {
            b.iter(|| Message::parse(black_box(bytes)).value.is_some());
        });
    }
    g.finish();

    let (_, classification) = &inputs[2];
    let mut g = c.benchmark_group("classification_parse");
    g.throughput(Throughput::Bytes(classification.len() as u64));
    g.bench_function("retour_classification_32k", |b| {
        b.iter(|| {
            Classification::parse(black_box(classification))
                .value
                .is_some()
        });
    });
    g.finish();

    let limits = Limits::default();
    let mut g = c.benchmark_group("xml_tree");
    for (name, bytes) in &inputs {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(*name, |b| {
            b.iter(|| xml::parse(black_box(bytes), &limits).value.is_some());
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
