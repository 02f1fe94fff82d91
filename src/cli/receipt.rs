//! `actes receipt read`: reads received message files and checks them.

use std::io::{self, Write};
use std::path::Path;

use actes::diagnostic::{Code, Diagnostic, Lang, Location, Severity};
use actes::ids::Siren;
use actes::messages::Message;
use actes::receipt::{self, Context, Receipt};
use clap::{Args, Subcommand};
use serde_json::Value;

use super::{EXIT_INVALID, EXIT_OK};

const READ_HELP: &str = "\
Reads each FILE as an ACTES message or envelope (any of the 22 message types, the two \
envelopes, an AnomalieEnveloppe) and checks its consistency: \
an ARActe's IDActe against its ActeRecu echo (date, numéro, nature), the IDActe's SIREN \
against the recipient (the Destinataire/@SIREN of an EnveloppeMISILLCL given among the files), \
dates not before the decision date, the classification date the act was sent with against \
ClassificationDateVersionEnCours, the annex count, and document names.

Text output: a summary per file, then one line per diagnostic (`ERROR` or `WARN`, code, \
message, location).

--json: JSON Lines, one object per file: {\"file\", \"code\", \"root\", \"id_acte\", \
\"date_reception\", \"acte\", \"anomalie\", the fields of that message type, \"diagnostics\"}; \
absent values are null.

Exit code: 0 when every file was read as a protocol message (warnings and consistency \
findings allowed), 1 when one could not be read or is not a protocol message, 2 on a usage \
error.";

/// `actes receipt ...`
#[derive(Args, Debug)]
pub struct ReceiptArgs {
    #[command(subcommand)]
    command: ReceiptCommand,
}

#[derive(Subcommand, Debug)]
enum ReceiptCommand {
    /// Read and check received message files.
    #[command(after_long_help = READ_HELP)]
    Read(ReadArgs),
    /// Write the receipt sheet (bordereau d'acquittement) of an act as a one-page PDF.
    Sheet(super::stamp::SheetArgs),
}

#[derive(Args, Debug)]
struct ReadArgs {
    /// Print JSON Lines instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the messages (fr or en).
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// The files to read.
    #[arg(required = true)]
    files: Vec<String>,
}

/// Parses `--lang`.
pub fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

/// Runs `actes receipt`.
pub fn run(args: ReceiptArgs) -> i32 {
    match args.command {
        ReceiptCommand::Read(a) => read(a),
        ReceiptCommand::Sheet(a) => super::stamp::run_sheet(a),
    }
}

/// A receipt for a file that could not be read at all.
fn unreadable(file: &str, error: &io::Error) -> Receipt {
    Receipt {
        file: file.to_string(),
        message: None,
        diagnostics: vec![Diagnostic::new(
            Code::DelivUnreadable,
            Location::file(file),
            format!("the file cannot be read: {error}"),
            format!("le fichier ne peut pas être lu : {error}"),
        )],
    }
}

fn read_input(f: &str) -> io::Result<Vec<u8>> {
    let path = Path::new(f);
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a folder (use `actes delivery read` for a folder)",
        ));
    }
    // Never read more than the XML reader would accept.
    let max = actes::xml::Limits::default().max_document_bytes as u64;
    actes::container::read::read_file_capped(path, max)
}

/// Whether `needle` occurs in `haystack` (an ASCII element name in a
/// document of any accepted encoding).
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn read(args: ReadArgs) -> i32 {
    // First pass, holding one file at a time: the recipient of a message is
    // the Destinataire of an MI envelope given among the files that lists it.
    // Only files that name the envelope's root element are parsed here.
    let mut recipients: Vec<(String, Siren)> = Vec::new();
    for f in &args.files {
        if let Ok(b) = read_input(f) {
            if !contains(&b, b"EnveloppeMISILLCL") {
                continue;
            }
            if let Some(Message::EnveloppeMISILLCL(e)) = Message::parse(&b).value {
                if let Some(s) = e.destinataire.value {
                    for f in &e.formulaires {
                        recipients.push((f.nom_fichier.trim().to_string(), s));
                    }
                }
            }
        }
    }
    // Block-buffered: a locked stdout alone flushes at every line.
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut all_read = true;
    for file in &args.files {
        let bytes = read_input(file);
        let base = Path::new(file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let context = Context {
            recipient: recipients
                .iter()
                .find(|(name, _)| *name == base)
                .map(|(_, s)| *s),
            ..Context::default()
        };
        let r = match &bytes {
            Ok(b) => receipt::read(file, b, &context),
            Err(e) => unreadable(file, e),
        };
        all_read &= r.is_read();
        let written = if args.json {
            writeln!(out, "{}", r.to_json())
        } else {
            write_text(&mut out, &r.to_json(), &r.diagnostics, args.lang)
        };
        if written.is_err() {
            return EXIT_INVALID;
        }
    }
    if out.flush().is_err() {
        return EXIT_INVALID;
    }
    if all_read {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Writes the fields of a JSON summary as indented `key: value` lines.
fn write_fields(out: &mut dyn Write, v: &Value, indent: usize) -> io::Result<()> {
    let Value::Object(map) = v else {
        return Ok(());
    };
    for (k, v) in map {
        if matches!(k.as_str(), "file" | "code" | "root" | "diagnostics") {
            continue;
        }
        match v {
            Value::Null => {}
            Value::Object(_) => {
                writeln!(out, "{:indent$}{k}:", "")?;
                write_fields(out, v, indent + 2)?;
            }
            Value::Array(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        Value::Object(m) => m
                            .iter()
                            .filter_map(|(k, v)| scalar(v).map(|v| format!("{k}={v}")))
                            .collect::<Vec<_>>()
                            .join(" "),
                        other => scalar(other).unwrap_or_default(),
                    })
                    .collect();
                if !parts.is_empty() {
                    writeln!(out, "{:indent$}{k}: {}", "", parts.join(", "))?;
                }
            }
            other => {
                if let Some(s) = scalar(other) {
                    writeln!(out, "{:indent$}{k}: {s}", "")?;
                }
            }
        }
    }
    Ok(())
}

/// Writes diagnostics as `ERROR`/`WARN` lines.
pub fn write_diagnostics(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    lang: Lang,
    indent: usize,
) -> io::Result<()> {
    for d in diagnostics {
        let tag = match d.severity {
            Severity::Error => "ERROR",
            Severity::Warning => "WARN",
        };
        let mut loc = d.location.clone();
        loc.file = None;
        let loc = loc.to_string();
        if loc.is_empty() {
            writeln!(out, "{:indent$}{tag} {} {}", "", d.code, d.message(lang))?;
        } else {
            writeln!(
                out,
                "{:indent$}{tag} {} {} ({loc})",
                "",
                d.code,
                d.message(lang)
            )?;
        }
    }
    Ok(())
}

/// The text summary of one received file.
pub fn write_text(
    out: &mut dyn Write,
    summary: &Value,
    diagnostics: &[Diagnostic],
    lang: Lang,
) -> io::Result<()> {
    let file = summary.get("file").and_then(scalar).unwrap_or_default();
    let root = summary.get("root").and_then(scalar);
    let code = summary.get("code").and_then(scalar);
    match (code, root) {
        (Some(c), Some(r)) => writeln!(out, "{file}: {c} {r}")?,
        (None, Some(r)) => writeln!(out, "{file}: {r}")?,
        _ => {
            let what = match lang {
                Lang::Fr => "illisible comme message ACTES",
                Lang::En => "not readable as an ACTES message",
            };
            writeln!(out, "{file}: {what}")?
        }
    }
    write_fields(out, summary, 2)?;
    write_diagnostics(out, diagnostics, lang, 2)
}
