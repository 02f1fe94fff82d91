//! `actes delivery read`: reads what the ministry sent back (a folder, a
//! tar.gz, a tar or a zip).

use std::io::{self, Write};
use std::path::Path;

use actes::delivery::Delivery;
use actes::diagnostic::Lang;
use actes::transaction::{act_fields, Transaction};
use clap::{Args, Subcommand};

use super::receipt::{parse_lang, write_diagnostics, write_text};
use super::{EXIT_INVALID, EXIT_OK};

const READ_HELP: &str = "\
Reads PATH — a folder of e-mail attachments, or a tar.gz, tar or zip of them — under the \
container reader's limits (entry count, sizes, compression ratio; names with `..`, absolute \
paths and links refused). Finds the envelope (EnveloppeMISILLCL, or an ANO_ AnomalieEnveloppe), \
resolves each message it lists and each document a message names (by the exact NomFichier, \
never by an assumed counter), reads and checks each message as `actes receipt read` does, \
and gives each file's size and SHA-256. Missing, unlisted and unreadable files are \
diagnostics; a delivery without envelope is read with a warning.

--json: one JSON object {\"source\", \"envelope\", \"other_envelopes\", \"messages\", \
\"documents\", \"files\", \"diagnostics\"}; each message is summarised as by \
`actes receipt read --json`.

Exit code: 0 when the delivery and every XML file in it were read (warnings, missing \
documents and consistency findings allowed), 1 when the path cannot be read, is not a \
delivery, lacks a message its envelope lists, or holds an XML file that is not a protocol \
message, 2 on a usage error.";

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
    /// Language of the messages (fr or en).
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// A folder, a .tar.gz, a .tar or a .zip.
    path: String,
}

/// Runs `actes delivery`.
pub fn run(args: DeliveryArgs) -> i32 {
    match args.command {
        DeliveryCommand::Read(a) => read(a),
    }
}

fn read(args: ReadArgs) -> i32 {
    let d = Delivery::read_path(Path::new(&args.path));
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = if args.json {
        let mut v = d.to_json();
        // The act's state as far as the delivery tells (issue 12).
        let t = Transaction::from_delivery(&d).ok();
        if let Some(m) = v.as_object_mut() {
            m.extend(act_fields(t.as_ref()));
        }
        writeln!(out, "{v}")
    } else {
        write_delivery(&mut out, &d, args.lang)
    };
    if written.is_err() {
        return EXIT_INVALID;
    }
    if d.is_read() {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}

fn write_delivery(out: &mut dyn Write, d: &Delivery, lang: Lang) -> io::Result<()> {
    let (envelope, messages, documents, files, findings, none) = match lang {
        Lang::Fr => (
            "Enveloppe",
            "Messages",
            "Documents",
            "Fichiers",
            "Constats",
            "aucune",
        ),
        Lang::En => (
            "Envelope",
            "Messages",
            "Documents",
            "Files",
            "Findings",
            "none",
        ),
    };
    writeln!(out, "{}", d.source)?;
    match &d.envelope {
        Some(e) => {
            write!(out, "{envelope}: ")?;
            write_text(out, &e.to_json(), &e.diagnostics, lang)?;
        }
        None => writeln!(out, "{envelope}: {none}")?,
    }
    for e in &d.other_envelopes {
        write!(out, "{envelope}: ")?;
        write_text(out, &e.to_json(), &e.diagnostics, lang)?;
    }
    writeln!(out, "{messages}: {}", d.messages.len())?;
    for m in &d.messages {
        write!(out, "- ")?;
        write_text(out, &m.to_json(), &m.diagnostics, lang)?;
    }
    writeln!(out, "{documents}: {}", d.documents.len())?;
    for doc in &d.documents {
        match &doc.file {
            Some(f) => writeln!(out, "- {} {} bytes sha256:{}", doc.name, f.size, f.sha256)?,
            None => writeln!(
                out,
                "- {} ({})",
                doc.name,
                match lang {
                    Lang::Fr => "absent",
                    Lang::En => "missing",
                }
            )?,
        }
    }
    writeln!(out, "{files}: {}", d.files.len())?;
    for f in &d.files {
        writeln!(out, "- {} {} bytes sha256:{}", f.name, f.size, f.sha256)?;
    }
    if !d.diagnostics.is_empty() {
        writeln!(out, "{findings}:")?;
        write_diagnostics(out, &d.diagnostics, lang, 2)?;
    }
    Ok(())
}
