//! `actes delivery read`: reads what the ministry sent back (a folder, a
//! tar.gz, a tar or a zip).

use std::io::{self, Write};

use actes::diagnostic::Lang;
use actes::report::{self, DeliveryReport};
use clap::{Args, Subcommand};

use super::{
    eprint_diagnostics, finish, stdout, write_diagnostics, write_json, write_receipt, Input,
    LangOpt, EXIT_INVALID, EXIT_OK,
};

const READ_HELP: &str = "\
Reads PATH — a folder of e-mail attachments, or a tar.gz, tar or zip of them (`-`: the \
tar.gz, tar or zip on standard input) — under the container reader's limits (entry count, \
sizes, compression ratio; names with `..`, absolute paths and links refused). Finds the \
envelope (EnveloppeMISILLCL, or an ANO_ AnomalieEnveloppe), resolves each message it lists \
and each document a message names (by the exact NomFichier, never by an assumed counter), \
reads and checks each message as `actes receipt read` does, and gives each file's size and \
SHA-256. Missing, unlisted and unreadable files are diagnostics; a delivery without envelope \
is read with a warning.

--json: one JSON object (schemas/delivery-read.schema.json) {\"source\", \"envelope\", \
\"other_envelopes\", \"messages\", \"documents\", \"files\", \"diagnostics\"}; each message is \
summarised as by `actes receipt read --json`.

Exit code: 0 when the delivery and every XML file in it were read (warnings, missing \
documents and consistency findings allowed; with --strict, no error diagnostic allowed), 1 \
when the path cannot be read, is not a delivery, lacks a message its envelope lists, or holds \
an XML file that is not a protocol message (or, with --strict, any error diagnostic), 2 on a \
usage error.";

/// `actes delivery ...`
#[derive(Args, Debug)]
pub struct DeliveryArgs {
    #[command(subcommand)]
    command: DeliveryCommand,
}

#[derive(Subcommand, Debug)]
enum DeliveryCommand {
    /// Read a delivery: envelope, messages, documents.
    #[command(after_long_help = READ_HELP)]
    Read(ReadArgs),
}

#[derive(Args, Debug)]
struct ReadArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Exit 1 when the delivery or any of its files has an error diagnostic.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    lang: LangOpt,
    /// A folder, a .tar.gz, a .tar or a .zip (`-`: standard input).
    #[arg(value_parser = Input::parse)]
    path: Input,
}

/// Runs `actes delivery`.
pub fn run(args: DeliveryArgs) -> i32 {
    match args.command {
        DeliveryCommand::Read(a) => {
            let lang = a.lang.get();
            finish(read(&a, lang), lang)
        }
    }
}

fn read(args: &ReadArgs, lang: Lang) -> io::Result<i32> {
    let d = match args.path.as_path() {
        Ok((path, _guard)) => {
            let mut d = report::delivery_read(&path, lang);
            d.source = args.path.name();
            d
        }
        Err(diag) => {
            eprint_diagnostics(&[*diag], lang);
            return Ok(EXIT_INVALID);
        }
    };
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &d)?;
    } else {
        write_delivery(&mut out, &d, lang)?;
    }
    out.flush()?;
    Ok(if d.read && !(args.strict && d.has_errors()) {
        EXIT_OK
    } else {
        EXIT_INVALID
    })
}

fn write_delivery(out: &mut dyn Write, d: &DeliveryReport, lang: Lang) -> io::Result<()> {
    let (envelope, messages, documents, files, findings, none, missing, bytes) = match lang {
        Lang::Fr => (
            "Enveloppe",
            "Messages",
            "Documents",
            "Fichiers",
            "Constats",
            "aucune",
            "absent",
            "octets",
        ),
        Lang::En => (
            "Envelope",
            "Messages",
            "Documents",
            "Files",
            "Findings",
            "none",
            "missing",
            "bytes",
        ),
    };
    writeln!(out, "{}", d.source)?;
    match &d.envelope {
        Some(e) => {
            write!(out, "{envelope}: ")?;
            write_receipt(out, e, lang)?;
        }
        None => writeln!(out, "{envelope}: {none}")?,
    }
    for e in &d.other_envelopes {
        write!(out, "{envelope}: ")?;
        write_receipt(out, e, lang)?;
    }
    writeln!(out, "{messages}: {}", d.messages.len())?;
    for m in &d.messages {
        write!(out, "- ")?;
        write_receipt(out, m, lang)?;
    }
    writeln!(out, "{documents}: {}", d.documents.len())?;
    for doc in &d.documents {
        match (doc.size, &doc.sha256) {
            (Some(size), Some(sha)) => writeln!(out, "- {} {size} {bytes} sha256:{sha}", doc.name)?,
            _ => writeln!(out, "- {} ({missing})", doc.name)?,
        }
    }
    writeln!(out, "{files}: {}", d.files.len())?;
    for f in &d.files {
        writeln!(out, "- {} {} {bytes} sha256:{}", f.name, f.size, f.sha256)?;
    }
    if !d.diagnostics.is_empty() {
        writeln!(out, "{findings}:")?;
        write_diagnostics(out, &d.diagnostics, None, lang, 2)?;
    }
    Ok(())
}
