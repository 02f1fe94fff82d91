//! Builds a deterministic tar.gz from files, streaming them, and writes it
//! atomically. Used by `benches/compare_targz.sh`.
//!
//! ```text
//! cargo run --release --example targz -- [--level N] OUT.tar.gz FILE...
//! ```
//! Prints the archive's size and SHA-256, then one line per entry.

use std::fs::File;
use std::path::PathBuf;
use std::process::ExitCode;

use actes::container::{write_atomic, Overwrite};
use actes::container::{TarGzOptions, TarGzWriter, DEFAULT_LEVEL};
use flate2::Compression;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut level = DEFAULT_LEVEL;
    if args.first().map(String::as_str) == Some("--level") {
        if let Some(l) = args
            .get(1)
            .and_then(|l| l.parse::<u32>().ok())
            .filter(|l| *l <= 12)
        {
            level = Compression::new(l);
        } else {
            eprintln!("--level takes 0 to 12");
            return ExitCode::from(2);
        }
        args.drain(..2);
    }
    let Some((out, files)) = args.split_first() else {
        eprintln!("usage: targz [--level N] OUT.tar.gz FILE...");
        return ExitCode::from(2);
    };
    let out = PathBuf::from(out);
    let result = write_atomic(&out, Overwrite::Allow, |f| {
        let mut w = TarGzWriter::new(
            f,
            TarGzOptions {
                mtime: 0,
                level,
                threads: 0,
            },
        );
        for path in files {
            let file = File::open(path)?;
            let size = file.metadata()?.len();
            let name = std::path::Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            w.append_reader(&name, size, file)?;
        }
        w.finish().map(|(_, digest)| digest)
    });
    match result {
        Ok(d) => {
            println!("{} {} {}", out.display(), d.size, d.sha256_hex());
            for e in &d.entries {
                println!("  {} {} {}", e.name, e.size, e.sha256_hex());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
