//! Checking the seal of a budget document: canonicalisation (C14N 1.0,
//! streamed) into MD5 and SHA-1, on a 40 MB TotEM document made from a real
//! sample (`examples/totem_large.rs`, the same generator `benches/compare.sh`
//! uses against `xmllint --c14n | sha1sum`).
//!
//! * `budget_40MB/inspect`: `budget::inspect` (canonical form, both
//!   digests, metadata), what `actes budget check` does, from memory;
//! * `budget_40MB/c14n`: the canonical form alone, written to a sink;
//! * `budget_40MB/md5_sha1`: MD5 and SHA-1 of 40 MB alone (the floor).
//!
//! Run: `cargo bench --bench budget`

use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use md5::Digest;

#[path = "../examples/totem_large.rs"]
#[allow(dead_code)]
mod totem_large;

fn bench(c: &mut Criterion) {
    let sample = std::fs::read(totem_large::sample_path()).expect("the TotEM sample");
    let doc = totem_large::generate(&sample, 40_000_000).expect("generate");
    let canonical_len = {
        let mut n = CountingSink(0);
        actes::xml::c14n::canonicalize(&doc[..], &mut n, &actes::budget::limits()).expect("c14n");
        n.0
    };
    let mut g = c.benchmark_group("budget_40MB");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function("inspect", |b| {
        b.iter(|| {
            let i = actes::budget::inspect(Cursor::new(black_box(&doc[..])));
            assert_eq!(i.seal, Some(actes::budget::SealStatus::Valid));
        });
    });
    g.bench_function("c14n", |b| {
        b.iter(|| {
            let mut n = CountingSink(0);
            actes::xml::c14n::canonicalize(black_box(&doc[..]), &mut n, &actes::budget::limits())
                .expect("c14n");
            n.0
        });
    });
    let canonical = vec![b'x'; canonical_len];
    g.bench_function("md5_sha1", |b| {
        b.iter(|| {
            let m = md5::Md5::digest(black_box(&canonical));
            let s = sha1::Sha1::digest(black_box(&canonical));
            (m, s)
        });
    });
    g.finish();
}

struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
