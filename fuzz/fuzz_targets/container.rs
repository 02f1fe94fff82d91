//! `container::read` on arbitrary tar.gz, tar and zip bytes (written to a
//! temporary file, as the reader takes paths) and on arbitrary in-memory
//! file lists: never panics, never returns more than the limits allow,
//! and every accepted name is a flat, safe file name.
#![no_main]

use actes::container::read::{read_all, ReadLimits, Source};
use libfuzzer_sys::fuzz_target;

fn limits() -> ReadLimits {
    ReadLimits {
        max_entries: 64,
        max_entry_bytes: 1 << 20,
        max_total_bytes: 4 << 20,
        ..ReadLimits::default()
    }
}

fn check(source: &Source) {
    let limits = limits();
    let (entries, _diagnostics) = read_all(source, &limits);
    assert!(entries.len() <= limits.max_entries);
    let mut total = 0u64;
    for e in &entries {
        assert!(e.bytes.len() as u64 <= limits.max_entry_bytes);
        total += e.bytes.len() as u64;
        let n = &e.name;
        assert!(!n.is_empty() && n.len() <= limits.max_name_len, "{n:?}");
        assert!(
            !n.contains('/') && !n.contains('\\') && n != ".." && n != ".",
            "{n:?}"
        );
        assert!(!n.chars().any(char::is_control), "{n:?}");
    }
    assert!(total <= limits.max_total_bytes);
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, body)) = data.split_first() else {
        return;
    };
    match kind % 4 {
        3 => {
            // In-memory attachments: "name\0content\0name\0content..."
            let mut parts = body.split(|&b| b == 0);
            let mut files = Vec::new();
            while let (Some(name), Some(content)) = (parts.next(), parts.next()) {
                files.push((String::from_utf8_lossy(name).into_owned(), content.to_vec()));
            }
            check(&Source::Memory(files));
        }
        k => {
            let dir = std::env::temp_dir().join(format!("actes-fuzz-{}", std::process::id()));
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join("input");
            if std::fs::write(&path, body).is_err() {
                return;
            }
            let source = match k {
                0 => Source::TarGz(path),
                1 => Source::Tar(path),
                _ => Source::Zip(path),
            };
            check(&source);
        }
    }
});
