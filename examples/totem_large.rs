//! Writes a large TotEM budget document, deterministically, for the
//! benchmarks: `BP2022_TRANSPORT.xml` (a real budget primitif, ISO-8859-1,
//! CRLF) with its budget lines (`LigneBudget`) repeated until the document
//! reaches the size asked for, then sealed by the library (so that
//! `actes budget check` finds it valid).
//!
//! ```text
//! cargo run --release --example totem_large -- OUT.xml [MB, default 40]
//! ```

use std::io::Cursor;
use std::path::Path;

/// The sample the document is made from.
#[must_use]
pub fn sample_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/samples/totem/BP2022_TRANSPORT.xml")
}

/// The sample with its run of `LigneBudget` elements repeated until the
/// document has at least `bytes` bytes, sealed with a fixed date.
pub fn generate(sample: &[u8], bytes: usize) -> Result<Vec<u8>, String> {
    let find = |needle: &[u8], from_end: bool| {
        let mut it = sample
            .windows(needle.len())
            .enumerate()
            .filter(|(_, w)| *w == needle);
        if from_end { it.next_back() } else { it.next() }.map(|(i, _)| i)
    };
    let first = find(b"<LigneBudget>", false).ok_or("no LigneBudget in the sample")?;
    let last = find(b"</LigneBudget>", true).ok_or("no LigneBudget in the sample")?;
    // From the start of the first line to the end of the last one.
    let start = sample[..first]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = last + b"</LigneBudget>".len();
    let end = end
        + sample[end..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
    let lines = &sample[start..end];
    let mut doc = Vec::with_capacity(bytes + sample.len());
    doc.extend_from_slice(&sample[..end]);
    while doc.len() + sample.len() - end < bytes {
        doc.extend_from_slice(lines);
    }
    doc.extend_from_slice(&sample[end..]);
    let mut sealed = Vec::with_capacity(doc.len());
    actes::budget::seal(&mut Cursor::new(doc), &mut sealed, "2024-01-01T00:00:00")
        .map_err(|d| format!("{d:?}"))?;
    Ok(sealed)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(out), mb) = (args.next(), args.next()) else {
        eprintln!("usage: totem_large OUT.xml [MB]");
        std::process::exit(2);
    };
    let mb: usize = mb.and_then(|m| m.parse().ok()).unwrap_or(40);
    let result = std::fs::read(sample_path())
        .map_err(|e| format!("{}: {e}", sample_path().display()))
        .and_then(|s| generate(&s, mb * 1_000_000))
        .and_then(|d| std::fs::write(&out, d).map_err(|e| format!("{out}: {e}")));
    if let Err(e) = result {
        eprintln!("totem_large: {e}");
        std::process::exit(1);
    }
}
