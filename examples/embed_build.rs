//! Embedding: validate an act and build its transmission archive, as a
//! town-hall application would.
//!
//! ```text
//! cargo run --example embed_build                              # the bundled Lens deliberation
//! cargo run --example embed_build -- INPUT.json OUT_DIR [YYYY-MM-DD]
//! ```
//! Prints every diagnostic, then the archive's manifest. Exit code 0 built,
//! 1 refused, 2 usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use actes::archive::build_to_dir;
use actes::container::Overwrite;
use actes::diagnostic::Lang;
use actes::transmission::parse_json;
use actes::transmission::ValidationOptions;
use chrono::NaiveDate;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lens = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens/input.json");
    let input = args.first().map_or(lens, PathBuf::from);
    // Without OUT_DIR, a temporary folder (removed at the end).
    let temp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("no temporary folder: {e}");
            return ExitCode::from(1);
        }
    };
    let out = args
        .get(1)
        .map_or_else(|| temp.path().into(), PathBuf::from);
    // The library never reads the clock: "today" is a parameter.
    let today = match args
        .get(2)
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
    {
        None => NaiveDate::from_ymd_opt(2022, 12, 19).unwrap_or_default(),
        Some(Ok(d)) => d,
        Some(Err(_)) => {
            eprintln!("the date must be YYYY-MM-DD");
            return ExitCode::from(2);
        }
    };

    // 1. Read the description; document paths are relative to the JSON file.
    let json = match std::fs::read(&input) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("{}: {e}", input.display());
            return ExitCode::from(2);
        }
    };
    let base = input.parent().unwrap_or(Path::new("."));
    let parsed = parse_json(&json, base);
    for d in &parsed.diagnostics {
        println!("{} {} ({})", d.code, d.message(Lang::En), d.location);
    }
    let Some(transmission) = parsed.value else {
        return ExitCode::from(1);
    };

    // 2. Validate as the préfecture would: every problem at once.
    let options = ValidationOptions::new(today);
    let findings = transmission.validate(&options);
    for d in &findings {
        println!(
            "{} {} {} ({})",
            d.severity,
            d.code,
            d.message(Lang::Fr),
            d.location
        );
    }

    // 3. Build the archive (validation again, then an atomic write).
    match build_to_dir(&transmission, &options, &out, Overwrite::Never) {
        Ok((path, built)) => {
            println!("archive {}", path.display());
            if let Some(id) = &built.id_acte {
                println!("IDActe  {id}");
            }
            for e in &built.manifest.entries {
                println!("{:>8} {} {}", e.size, e.sha256, e.name);
            }
            println!(
                "{:>8} {} (archive)",
                built.manifest.size, built.manifest.sha256
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("refused: {e}");
            ExitCode::from(1)
        }
    }
}
