//! `actes archive build` and `actes archive check`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use actes::archive::{self, ArchiveManifest, BuildError, CheckOptions, CheckReport};
use actes::classification::Classification;
use actes::container::Overwrite;
use actes::diagnostic::{has_errors, Diagnostic, Lang};
use actes::transmission::parse_json;
use actes::transmission::ValidationOptions;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{LangArg, EXIT_INVALID, EXIT_OK};

const BUILD_HELP: &str = "\
INPUT.json describes one envelope (schema: schemas/transmission-input.schema.json): \
collectivite, transmetteur, envoi {date, sequence} and one of acte, annulation, \
demande_classification or reponse. Document paths are relative to the JSON file.

Every problem is reported at once, located by its field path (acte/numero, \
acte/annexes[0]/typologie…). When there is an error nothing is written. The archive is \
written atomically into DIR under its protocol name; an existing file is never replaced \
unless --force is given.

Text output: the archive path, then one line per entry `<size> <sha256> <name>`, then \
`archive <size> <sha256>`. --json: one object {\"archive\", \"valid\", \"id_acte\", \
\"manifest\", \"diagnostics\"}.

--today defaults to the system date (UTC). Exit code: 0 built, 1 refused or failed, 2 usage \
error.";

const CHECK_HELP: &str = "\
Reads a CL → MI archive (tar.gz; a folder, tar or zip of the same files is accepted) \
and reports everything the emission profile or the préfecture would object to: archive \
and envelope names, files listed but missing or present but not listed, message and \
document names, Annexes/@Nombre, encodings, identifiers, document types and sizes.

Text output: one line per diagnostic `ERROR|WARN <file>: <code> <message> (<location>)`, \
then `OK <archive>` or `INVALID <archive>`. --json: one object {\"archive\", \"valid\", \
\"messages\", \"diagnostics\"}.

--today defaults to the system date (UTC). Exit code: 0 valid (warnings allowed), 1 invalid \
or unreadable, 2 usage error.";

/// `actes archive ...`
#[derive(Args, Debug)]
pub struct ArchiveArgs {
    #[command(subcommand)]
    command: ArchiveCommand,
}

#[derive(Subcommand, Debug)]
enum ArchiveCommand {
    /// Validate a transmission described in JSON and build its archive.
    #[command(after_long_help = BUILD_HELP)]
    Build(BuildArgs),
    /// Check a CL → MI archive built by anyone.
    #[command(after_long_help = CHECK_HELP)]
    Check(CheckArgs),
}

#[derive(Args, Debug)]
struct BuildArgs {
    /// The JSON description of the transmission.
    input: PathBuf,
    /// Folder to write the archive into.
    #[arg(long)]
    out: PathBuf,
    /// Today's date, YYYY-MM-DD (default: the system date, UTC).
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// The collectivité's classification (RetourClassification XML).
    #[arg(long)]
    classification: Option<PathBuf>,
    /// Replace an existing archive of the same name.
    #[arg(long)]
    force: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Compression level: 0 stores everything; 1 to 12 deflate what
    /// compresses (libdeflate's levels, 12 smallest and slowest) and store
    /// the rest. Default 6: smaller than `tar | gzip -9` on XML, several
    /// times faster (BENCHMARKS.md).
    #[arg(long, default_value_t = actes::container::targz::DEFAULT_LEVEL.level(), value_parser = clap::value_parser!(u32).range(0..=12))]
    level: u32,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The archive to check.
    file: PathBuf,
    /// The collectivité's classification (RetourClassification XML).
    #[arg(long)]
    classification: Option<PathBuf>,
    /// Today's date, YYYY-MM-DD (default: the system date, UTC).
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if s.len() == 10 => Ok(d),
        _ => Err(format!("{s:?} is not a date YYYY-MM-DD")),
    }
}

/// The system's local date (the machine's time zone, normally Europe/Paris
/// on a town-hall server): the only place where the crate reads the clock,
/// and only in the CLI. The library always takes "today" as a parameter.
fn system_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Runs `actes archive ...`.
pub fn run(args: ArchiveArgs) -> i32 {
    let result = match args.command {
        ArchiveCommand::Build(b) => run_build(&b),
        ArchiveCommand::Check(c) => run_check(&c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("actes: cannot write the results: {e}");
            }
            EXIT_INVALID
        }
    }
}

/// Loads a classification file; its errors are returned as diagnostics.
fn load_classification(path: &Path) -> (Option<Classification>, Vec<Diagnostic>) {
    let parsed = Classification::from_path(path);
    let label = path.display().to_string();
    let diags: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .map(|d| d.in_file(label.clone()))
        .collect();
    if has_errors(&diags) {
        (None, diags)
    } else {
        (parsed.value, diags)
    }
}

fn print_diagnostics(out: &mut impl Write, diags: &[Diagnostic], lang: Lang) -> io::Result<()> {
    for d in diags {
        let label = if d.is_error() { "ERROR" } else { "WARN" };
        let file = d.location.file.as_deref().unwrap_or("");
        let sep = if file.is_empty() { "" } else { ": " };
        write!(out, "{label} {file}{sep}{} {}", d.code, d.message(lang))?;
        let mut loc = Vec::new();
        if let Some(p) = &d.location.path {
            loc.push(p.clone());
        }
        if let Some(s) = &d.location.segment {
            loc.push(format!("segment {s}"));
        }
        if let Some(o) = d.location.offset {
            loc.push(match lang {
                Lang::En => format!("byte {o}"),
                Lang::Fr => format!("octet {o}"),
            });
        }
        if !loc.is_empty() {
            write!(out, " ({})", loc.join(", "))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct BuildJson<'a> {
    archive: Option<String>,
    valid: bool,
    id_acte: Option<String>,
    manifest: Option<&'a ArchiveManifest>,
    diagnostics: &'a [Diagnostic],
}

fn run_build(args: &BuildArgs) -> io::Result<i32> {
    let lang: Lang = args.lang.into();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut diags = Vec::new();
    let finish = |out: &mut io::StdoutLock<'_>,
                  diags: &[Diagnostic],
                  built: Option<(&Path, &archive::Built)>|
     -> io::Result<i32> {
        let ok = built.is_some();
        if args.json {
            let j = BuildJson {
                archive: built.map(|(p, _)| p.display().to_string()),
                valid: ok,
                id_acte: built.and_then(|(_, b)| b.id_acte.map(|i| i.to_string())),
                manifest: built.map(|(_, b)| &b.manifest),
                diagnostics: diags,
            };
            serde_json::to_writer(&mut *out, &j)?;
            writeln!(out)?;
        } else {
            print_diagnostics(out, diags, lang)?;
            if let Some((path, b)) = built {
                writeln!(out, "{}", path.display())?;
                for e in &b.manifest.entries {
                    writeln!(out, "{:>10} {} {}", e.size, e.sha256, e.name)?;
                }
                writeln!(out, "{:>10} {} archive", b.manifest.size, b.manifest.sha256)?;
                if let Some(id) = &b.id_acte {
                    writeln!(out, "IDActe {id}")?;
                }
            }
        }
        out.flush()?;
        Ok(if ok { EXIT_OK } else { EXIT_INVALID })
    };

    // An input description is a few KiB; refuse anything absurd before reading it.
    const MAX_INPUT_JSON: u64 = 16 * 1024 * 1024;
    let json = match actes::container::read::read_file_capped(&args.input, MAX_INPUT_JSON) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("actes: cannot read {}: {e}", args.input.display());
            return Ok(EXIT_INVALID);
        }
    };
    let base = args
        .input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let classification = match &args.classification {
        Some(p) => {
            let (c, d) = load_classification(p);
            let failed = c.is_none();
            diags.extend(d);
            if failed {
                return finish(&mut out, &diags, None);
            }
            c
        }
        None => None,
    };
    let parsed = parse_json(&json, base);
    let input_file = args.input.display().to_string();
    diags.extend(
        parsed
            .diagnostics
            .into_iter()
            .map(|d| d.in_file(input_file.clone())),
    );
    let Some(t) = parsed.value else {
        return finish(&mut out, &diags, None);
    };
    let mut options = ValidationOptions::new(args.today.unwrap_or_else(system_today));
    options.classification = classification.as_ref();
    let overwrite = if args.force {
        Overwrite::Allow
    } else {
        Overwrite::Never
    };
    let level = flate2::Compression::new(args.level);
    match archive::build_to_dir_with_level(&t, &options, &args.out, overwrite, level) {
        Ok((path, built)) => {
            diags.extend(built.warnings.iter().cloned());
            finish(&mut out, &diags, Some((&path, &built)))
        }
        Err(BuildError::Invalid(inv)) => {
            diags.extend(inv.diagnostics);
            finish(&mut out, &diags, None)
        }
        Err(e) => {
            eprintln!("actes: cannot build the archive: {e}");
            finish(&mut out, &diags, None)
        }
    }
}

fn run_check(args: &CheckArgs) -> io::Result<i32> {
    let lang: Lang = args.lang.into();
    let mut pre = Vec::new();
    let classification = match &args.classification {
        Some(p) => {
            let (c, d) = load_classification(p);
            pre.extend(d);
            c
        }
        None => None,
    };
    let mut options = CheckOptions::new(args.today.unwrap_or_else(system_today));
    options.classification = classification.as_ref();
    let mut report: CheckReport = archive::check(&args.file, &options);
    if !pre.is_empty() {
        pre.append(&mut report.diagnostics);
        report.diagnostics = pre;
        report.valid = !has_errors(&report.diagnostics);
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_diagnostics(&mut out, &report.diagnostics, lang)?;
        let verdict = if report.valid { "OK" } else { "INVALID" };
        writeln!(out, "{verdict} {}", report.archive)?;
    }
    out.flush()?;
    Ok(if report.valid { EXIT_OK } else { EXIT_INVALID })
}
