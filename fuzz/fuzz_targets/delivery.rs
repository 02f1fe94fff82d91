//! `Delivery::read` (MI → CL files: envelope, messages, documents) from
//! arbitrary tar.gz and zip bytes and from arbitrary attachment lists:
//! never panics, and neither do the queries on whatever was read.
#![no_main]

use actes::container::read::{ReadLimits, Source};
use actes::delivery::Delivery;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, body)) = data.split_first() else {
        return;
    };
    let limits = ReadLimits {
        max_entries: 64,
        max_entry_bytes: 1 << 20,
        max_total_bytes: 4 << 20,
        ..ReadLimits::default()
    };
    let delivery = match kind % 3 {
        2 => {
            let mut parts = body.split(|&b| b == 0);
            let mut files = Vec::new();
            while let (Some(name), Some(content)) = (parts.next(), parts.next()) {
                files.push((String::from_utf8_lossy(name).into_owned(), content.to_vec()));
            }
            Delivery::read(&Source::Memory(files), &limits)
        }
        k => {
            let dir = std::env::temp_dir().join(format!("actes-fuzz-{}", std::process::id()));
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join("input");
            if std::fs::write(&path, body).is_err() {
                return;
            }
            let source = if k == 0 {
                Source::TarGz(path)
            } else {
                Source::Zip(path)
            };
            Delivery::read(&source, &limits)
        }
    };
    let _ = delivery.has_errors();
    let _ = delivery.is_read();
});
