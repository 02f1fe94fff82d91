//! `actes bundle create` and `actes bundle verify`.

use std::io::{self, Write};
use std::path::PathBuf;

use actes::bundle::{
    self, ActSummary, Bundle, CreateOptions, FileEntry, HistoryItem, Verification,
};
use actes::container::Overwrite;
use actes::diagnostic::{Diagnostic, Lang};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::receipt::parse_lang;
use super::{EXIT_INVALID, EXIT_OK};

const CREATE_HELP: &str = "\
Makes a proof bundle: a zip holding every file of the transmitted archive (envelope, 1-1 \
message, act, annexes), every file received about the act (ARActe, AnomalieActe, \
AnomalieEnveloppe, letters and their documents, ARAnnulation, MI envelopes), and \
manifest.json: for each file its role, name, size and SHA-256; the archive's name, size \
and SHA-256; the act's IDActe, decision date, reception date (1-2 DateReception), the end \
of the two-month window, the current state and the history.

The zip is flat (original names) and deterministic: manifest.json first, then the files \
in byte order of their names, stored uncompressed, dated 1980-01-01. The same inputs give \
the same bytes.

A received file about another act (RCPT-OTHER-ACT, RCPT-ID-SIREN, another SIREN or \
numéro), a message that is not a step of the act's life from the ministry, or an archive \
that does not carry one 1-1 act is refused and nothing is written. Other findings of the \
receipt checks are printed as warnings and do not prevent the bundle. The zip is written \
atomically; an existing file is never replaced unless --force is given.

Text output: the bundle path, one line per member `<size> <sha256> <role> <name>`, then \
`bundle <size> <sha256>` (keep this digest elsewhere: it proves the bundle itself). \
--json: one object {\"bundle\", \"written\", \"size\", \"sha256\", \"manifest\", \
\"diagnostics\"}.

--today (default: the system date) only feeds the check that no received date is in the \
future; the manifest does not depend on it. Exit code: 0 written, 1 refused or failed, 2 \
usage error.";

const VERIFY_HELP: &str = "\
Verifies a proof bundle (read with the container reader's limits: it may come from \
anyone): re-hashes every file, checks that the manifest lists exactly the files of the \
bundle with their sizes and SHA-256, re-reads the messages and recomputes the roles, the \
IDActe, the dates, the state and the history, and compares them with the manifest. Every \
difference names the file or the manifest field.

Text output: the act's history and legal dates, the files, one line per diagnostic, then \
`INTACT <bundle>` or `TAMPERED <bundle>`. --json: one object {\"bundle\", \"intact\", \
\"manifest\", \"act\", \"history\", \"files\", \"window\", \"diagnostics\"}.

--today (default: the system date) is the day the window status is given for. Exit code: \
0 intact, 1 tampered, inconsistent or unreadable, 2 usage error.";

/// `actes bundle ...`
#[derive(Args, Debug)]
pub struct BundleArgs {
    #[command(subcommand)]
    command: BundleCommand,
}

#[derive(Subcommand, Debug)]
enum BundleCommand {
    /// Make a proof bundle from a transmitted archive and the files received about it.
    #[command(after_long_help = CREATE_HELP)]
    Create(CreateArgs),
    /// Verify a proof bundle.
    #[command(after_long_help = VERIFY_HELP)]
    Verify(VerifyArgs),
    /// Stamp the act and every annex of a proof bundle with the acknowledgement.
    Stamp(super::stamp::BundleStampArgs),
}

#[derive(Args, Debug)]
struct CreateArgs {
    /// The transmitted archive (tar.gz).
    #[arg(long)]
    archive: PathBuf,
    /// A file received about the act (repeat for each).
    #[arg(long = "receipt")]
    receipts: Vec<PathBuf>,
    /// The zip to write.
    #[arg(long)]
    out: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    force: bool,
    /// Today's date, YYYY-MM-DD (default: the system date).
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Language of the messages (fr or en).
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
}

#[derive(Args, Debug)]
struct VerifyArgs {
    /// The proof bundle (zip).
    bundle: PathBuf,
    /// Today's date, YYYY-MM-DD, for the window status (default: the system date).
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Language of the messages (fr or en).
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if s.len() == 10 => Ok(d),
        _ => Err(format!("{s:?} is not a date YYYY-MM-DD")),
    }
}

/// Runs `actes bundle ...`.
pub fn run(args: BundleArgs) -> i32 {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match args.command {
        BundleCommand::Create(a) => create(&a, &mut out),
        BundleCommand::Verify(a) => verify(&a, &mut out),
        BundleCommand::Stamp(a) => return super::stamp::run_bundle(a),
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

#[derive(Serialize)]
struct CreateJson<'a> {
    bundle: String,
    written: bool,
    size: Option<u64>,
    sha256: Option<String>,
    manifest: Option<&'a bundle::BundleManifest>,
    diagnostics: &'a [Diagnostic],
}

fn create(a: &CreateArgs, out: &mut dyn Write) -> io::Result<i32> {
    let options = CreateOptions {
        today: Some(a.today.unwrap_or_else(|| chrono::Local::now().date_naive())),
        ..CreateOptions::default()
    };
    let label = a.out.display().to_string();
    let prepared = Bundle::from_paths(&a.archive, &a.receipts, &options);
    let b = match prepared {
        Ok(b) => b,
        Err(invalid) => {
            if a.json {
                let j = CreateJson {
                    bundle: label,
                    written: false,
                    size: None,
                    sha256: None,
                    manifest: None,
                    diagnostics: &invalid.diagnostics,
                };
                writeln!(out, "{}", serde_json::to_string(&j).unwrap_or_default())?;
            } else {
                print_diagnostics(out, &invalid.diagnostics, a.lang)?;
                writeln!(out, "REFUSED {label}: nothing written")?;
            }
            return Ok(EXIT_INVALID);
        }
    };
    let overwrite = if a.force {
        Overwrite::Allow
    } else {
        Overwrite::Never
    };
    match b.write(&a.out, overwrite) {
        Ok(w) => {
            if a.json {
                let j = CreateJson {
                    bundle: label,
                    written: true,
                    size: Some(w.size),
                    sha256: Some(w.sha256.clone()),
                    manifest: Some(&b.manifest),
                    diagnostics: &b.warnings,
                };
                writeln!(out, "{}", serde_json::to_string(&j).unwrap_or_default())?;
            } else {
                writeln!(out, "{label}")?;
                write_files(out, &b.manifest.files)?;
                print_diagnostics(out, &b.warnings, a.lang)?;
                writeln!(out, "bundle {} {}", w.size, w.sha256)?;
            }
            Ok(EXIT_OK)
        }
        Err(e) => {
            let why = if e.kind() == io::ErrorKind::AlreadyExists {
                format!("{label} already exists (use --force to replace it)")
            } else {
                format!("cannot write {label}: {e}")
            };
            if a.json {
                let j = serde_json::json!({"bundle": label, "written": false, "error": why});
                writeln!(out, "{j}")?;
            } else {
                eprintln!("actes: {why}");
            }
            Ok(EXIT_INVALID)
        }
    }
}

fn verify(a: &VerifyArgs, out: &mut dyn Write) -> io::Result<i32> {
    let today = a.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let v = bundle::verify(&a.bundle, &Default::default());
    if a.json {
        let window = v
            .act
            .as_ref()
            .and_then(|act| window_open(act, today))
            .map(|(open, end)| serde_json::json!({"on": today, "open": open, "end": end}));
        let mut j = serde_json::to_value(&v).unwrap_or_default();
        if let Some(obj) = j.as_object_mut() {
            obj.insert(
                "window".into(),
                serde_json::to_value(window).unwrap_or_default(),
            );
        }
        writeln!(out, "{j}")?;
    } else {
        write_verification(out, &v, today, a.lang)?;
    }
    Ok(if v.intact { EXIT_OK } else { EXIT_INVALID })
}

/// Whether the two-month window is open on `today`: `None` when it has no
/// known end (no acknowledgement, or suspended by a 3-1, interrupted by a 4-1).
fn window_open(act: &ActSummary, today: NaiveDate) -> Option<(bool, NaiveDate)> {
    act.window_end.map(|end| (today <= end, end))
}

/// `<size> <sha256> <role> <name>` per file.
pub fn write_files(out: &mut dyn Write, files: &[FileEntry]) -> io::Result<()> {
    for f in files {
        writeln!(
            out,
            "  {:>9} {} {:<17} {}",
            f.size,
            f.sha256,
            f.role.as_str(),
            f.name
        )?;
    }
    Ok(())
}

/// The act, its history and its legal dates.
pub fn write_history(
    out: &mut dyn Write,
    act: &ActSummary,
    history: &[HistoryItem],
    today: NaiveDate,
) -> io::Result<()> {
    writeln!(out, "  act       {} ({})", act.id_acte, act.nature)?;
    writeln!(out, "  objet     {}", act.objet)?;
    writeln!(out, "  decided   {}", act.decision_date)?;
    if let Some(d) = act.sent_on {
        writeln!(out, "  sent      {d}")?;
    }
    writeln!(out, "  history")?;
    for h in history {
        let code = h.code.map_or_else(|| "ANO".to_string(), |c| c.to_string());
        writeln!(
            out,
            "    {}  {code:<4} {:<34} -> {}",
            h.date,
            h.message,
            state_label(&h.state)
        )?;
        if let Some(f) = &h.file {
            writeln!(out, "                      {f}")?;
        }
    }
    writeln!(out, "  state     {}", state_label(&act.state))?;
    match act.reception_date {
        Some(d) => writeln!(out, "  received by the préfecture   {d}")?,
        None => writeln!(out, "  received by the préfecture   (no acknowledgement)")?,
    }
    if let Some(end) = act.window_end {
        writeln!(out, "  end of the two-month window  {end}")?;
    }
    match window_open(act, today) {
        Some((true, end)) => writeln!(out, "  on {today}: window open (until {end} included)")?,
        Some((false, end)) => writeln!(out, "  on {today}: window closed (ended {end})")?,
        None => {}
    }
    Ok(())
}

/// The text report of [`bundle::verify`].
pub fn write_verification(
    out: &mut dyn Write,
    v: &Verification,
    today: NaiveDate,
    lang: Lang,
) -> io::Result<()> {
    writeln!(out, "{}", v.bundle)?;
    if let Some(act) = &v.act {
        write_history(out, act, &v.history, today)?;
    }
    writeln!(out, "  files")?;
    write_files(out, &v.files)?;
    print_diagnostics(out, &v.diagnostics, lang)?;
    let verdict = if v.intact { "INTACT" } else { "TAMPERED" };
    writeln!(out, "{verdict} {}", v.bundle)
}

/// `ERROR|WARN <file>: <code> <message> (<path>)` per diagnostic.
pub fn print_diagnostics(out: &mut dyn Write, diags: &[Diagnostic], lang: Lang) -> io::Result<()> {
    for d in diags {
        let label = if d.is_error() { "ERROR" } else { "WARN" };
        let file = d.location.file.as_deref().unwrap_or("");
        let sep = if file.is_empty() { "" } else { ": " };
        write!(out, "{label} {file}{sep}{} {}", d.code, d.message(lang))?;
        if let Some(p) = &d.location.path {
            write!(out, " ({p})")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The label of a manifest's state token (the token itself if unknown).
fn state_label(token: &str) -> String {
    actes::transaction::State::from_token(token).map_or_else(|| token.to_string(), |s| s.label())
}
