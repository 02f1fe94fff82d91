//! The SHA-256 manifest: what hashing the documents of an archive costs.
//!
//! The archive writer (`container::TarGzWriter`) hashes every entry with the
//! `sha2` crate (0.10, which selects the x86 SHA extensions at run time
//! when the CPU has them) in chunks of its copy buffer. This bench times the
//! same work on 150 MiB (the protocol's cap):
//!
//! * `sha256_150MiB/in_memory`: three 50 MiB documents of incompressible
//!   bytes already in memory, hashed in 64 KiB chunks: the hashing alone;
//! * `sha256_150MiB/files` (only when `ACTES_BENCH_DOCS` names a folder):
//!   every regular file of that folder read with a 64 KiB buffer and
//!   hashed, which is what `sha256sum FILES` does. `benches/compare.sh`
//!   points it at the same files it gives to `sha256sum`, in the page cache.
//!
//! Run: `cargo bench --bench manifest`
//! or   `ACTES_BENCH_DOCS=/some/folder cargo bench --bench manifest`

use std::fs::File;
use std::hint::black_box;
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;
const CHUNK: usize = 64 * 1024;

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

fn hash_chunks(data: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    for c in data.chunks(CHUNK) {
        h.update(c);
    }
    h.finalize().into()
}

fn hash_file(path: &PathBuf, buf: &mut [u8]) -> [u8; 32] {
    let mut f = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut h = Sha256::new();
    loop {
        let n = f
            .read(buf)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    h.finalize().into()
}

fn bench(c: &mut Criterion) {
    let docs: Vec<Vec<u8>> = (0..3).map(|i| noise(0x5EED + i, 50 * MIB)).collect();
    let total: usize = docs.iter().map(Vec::len).sum();

    let mut g = c.benchmark_group("sha256_150MiB");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("in_memory", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| hash_chunks(black_box(d))[0])
                .fold(0u8, |a, x| a ^ x)
        });
    });

    if let Some(dir) = std::env::var_os("ACTES_BENCH_DOCS") {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", PathBuf::from(&dir).display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        let bytes: u64 = files
            .iter()
            .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
            .sum();
        let mut buf = vec![0u8; CHUNK];
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function("files", |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|p| hash_file(p, &mut buf)[0])
                    .fold(0u8, |a, x| a ^ x)
            });
        });
    }
    drop(docs);
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
