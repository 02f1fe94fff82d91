//! CI: check identifiers and archives, fail the pipeline on an error.
//!
//! ```text
//! cargo run --example ci_check                       # the bundled Lens IDActe and archive
//! cargo run --example ci_check -- [--today YYYY-MM-DD] IDACTE|ARCHIVE...
//! ```
//! An argument that is an existing file or folder is checked as a CL → MI
//! archive, anything else as an IDActe. Prints one line per finding and
//! `OK`/`INVALID` per input. Exit code 0 when every input is valid
//! (warnings allowed), 1 otherwise, 2 usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use actes::archive::{build_to_dir, check, CheckOptions};
use actes::container::Overwrite;
use actes::diagnostic::has_errors;
use actes::diagnostic::{Diagnostic, Lang};
use actes::ids::ActeId;
use actes::transmission::parse_json;
use actes::transmission::ValidationOptions;
use chrono::NaiveDate;

fn report(input: &str, diagnostics: &[Diagnostic]) -> bool {
    for d in diagnostics {
        println!(
            "{} {input}: {} {} ({})",
            d.severity,
            d.code,
            d.message(Lang::En),
            d.location
        );
    }
    let ok = !has_errors(diagnostics);
    println!("{} {input}", if ok { "OK" } else { "INVALID" });
    ok
}

/// The bundled Lens archive, built into `dir`.
fn lens_archive(dir: &Path, today: NaiveDate) -> Option<PathBuf> {
    let lens = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens");
    let json = std::fs::read(lens.join("input.json")).ok()?;
    let t = parse_json(&json, &lens).value?;
    build_to_dir(&t, &ValidationOptions::new(today), dir, Overwrite::Never)
        .ok()
        .map(|(p, _)| p)
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // The library never reads the clock; a CI job passes its date.
    let mut today = NaiveDate::from_ymd_opt(2022, 12, 19).unwrap_or_default();
    if args.first().map(String::as_str) == Some("--today") {
        if let Some(Ok(d)) = args
            .get(1)
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
        {
            today = d;
        } else {
            eprintln!("--today takes YYYY-MM-DD");
            return ExitCode::from(2);
        }
        args.drain(..2);
    }
    let temp = tempfile::tempdir().ok();
    if args.is_empty() {
        args.push("062-216204982-20221214-DLB12_14122022-DE".into());
        if let Some(p) = temp.as_ref().and_then(|t| lens_archive(t.path(), today)) {
            args.push(p.display().to_string());
        } else {
            eprintln!("cannot build the bundled archive");
            return ExitCode::from(1);
        }
    }
    let mut all_ok = true;
    for a in &args {
        let ok = if Path::new(a).exists() {
            report(
                a,
                &check(Path::new(a), &CheckOptions::new(today)).diagnostics,
            )
        } else {
            report(a, &ActeId::parse_diagnostics(a).diagnostics)
        };
        all_ok &= ok;
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
