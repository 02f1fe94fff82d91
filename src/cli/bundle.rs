//! `actes bundle create` and `actes bundle verify`.

use std::io::{self, Write};
use std::path::PathBuf;

use actes::container::Overwrite;
use actes::diagnostic::Lang;
use actes::report;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{
    eprint_diagnostics, finish, parse_date, stdout, system_today, write_bundle_files,
    write_bundle_verification, write_diagnostics, write_json, Input, LangOpt, EXIT_INVALID,
    EXIT_OK,
};

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
atomically (its folder created when missing); an existing file is never replaced unless \
--force is given.

Text output: the diagnostics, then the bundle path, one line per member `<size> <sha256> \
<role> <name>`, then `bundle <size> <sha256>` (keep this digest elsewhere: it proves the \
bundle itself), or `REFUSED <bundle>` (`REFUSÉ` with --lang fr). --json: one object \
(schemas/bundle-create.schema.json) {\"bundle\", \"written\", \"size\", \"sha256\", \
\"manifest\", \"diagnostics\"}.

--today (default: the date on this machine's clock, local time zone) only feeds the check that no received date is in the \
future; the manifest does not depend on it. Exit code: 0 written, 1 refused or failed, 2 \
usage error.";

const VERIFY_HELP: &str = "\
Verifies a proof bundle (`-`: read from standard input; read with the container reader's \
limits: it may come from anyone): re-hashes every file, checks that the manifest lists \
exactly the files of the bundle with their sizes and SHA-256, re-reads the messages and \
recomputes the roles, the IDActe, the dates, the state and the history, and compares them \
with the manifest. Every difference names the file or the manifest field.

Text output: the act's history and legal dates, the files, one line per diagnostic, then \
`INTACT <bundle>` or `TAMPERED <bundle>` (`ALTÉRÉ` with --lang fr). --json: one object \
(schemas/bundle-verify.schema.json) {\"bundle\", \"intact\", \"manifest\", \"act\", \"history\", \
\"files\", \"window\", \"diagnostics\"}.

--today (default: the date on this machine's clock, local time zone) is the day the window status is given for. Exit code: \
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
    /// Today's date, YYYY-MM-DD (default: the date on this machine's clock, local time zone).
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

#[derive(Args, Debug)]
struct VerifyArgs {
    /// The proof bundle (zip; `-`: standard input).
    #[arg(value_parser = Input::parse)]
    bundle: Input,
    /// Today's date, YYYY-MM-DD, for the window status (default: the date on this machine's clock, local time zone).
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

/// Runs `actes bundle ...`.
pub fn run(args: BundleArgs) -> i32 {
    let mut out = stdout();
    let (result, lang) = match args.command {
        BundleCommand::Create(a) => (create(&a, &mut out), a.lang.get()),
        BundleCommand::Verify(a) => (verify(&a, &mut out), a.lang.get()),
        BundleCommand::Stamp(a) => return super::stamp::run_bundle(a),
    };
    finish(result.and_then(|code| out.flush().map(|()| code)), lang)
}

fn create(a: &CreateArgs, out: &mut dyn Write) -> io::Result<i32> {
    let lang = a.lang.get();
    let overwrite = if a.force {
        Overwrite::Allow
    } else {
        Overwrite::Never
    };
    let today = a.today.unwrap_or_else(system_today);
    let r = report::bundle_create(&a.archive, &a.receipts, &a.out, overwrite, today, lang);
    if !r.written && !a.force && a.out.exists() {
        match lang {
            Lang::En => eprintln!(
                "actes: {} already exists (use --force to replace it)",
                r.bundle
            ),
            Lang::Fr => eprintln!(
                "actes : {} existe déjà (--force pour le remplacer)",
                r.bundle
            ),
        }
    }
    if a.json {
        write_json(out, &r)?;
    } else {
        write_diagnostics(out, &r.diagnostics, None, lang, 0)?;
        match (&r.manifest, r.size, &r.sha256) {
            (Some(m), Some(size), Some(sha)) if r.written => {
                writeln!(out, "{}", r.bundle)?;
                write_bundle_files(out, &m.files)?;
                writeln!(out, "bundle {size} {sha}")?;
            }
            _ => match lang {
                Lang::En => writeln!(out, "REFUSED {}: nothing written", r.bundle)?,
                Lang::Fr => writeln!(out, "REFUSÉ {} : rien n'a été écrit", r.bundle)?,
            },
        }
    }
    Ok(if r.written { EXIT_OK } else { EXIT_INVALID })
}

fn verify(a: &VerifyArgs, out: &mut dyn Write) -> io::Result<i32> {
    let lang = a.lang.get();
    let today = a.today.unwrap_or_else(system_today);
    let r = match a.bundle.as_path() {
        Ok((path, _guard)) => {
            let mut r = report::bundle_verify(&path, today, lang);
            r.bundle = a.bundle.name();
            r
        }
        Err(d) => {
            eprint_diagnostics(&[*d], lang);
            return Ok(EXIT_INVALID);
        }
    };
    if a.json {
        write_json(out, &r)?;
    } else {
        write_bundle_verification(out, &r, lang)?;
    }
    Ok(if r.intact { EXIT_OK } else { EXIT_INVALID })
}
