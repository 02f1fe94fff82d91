//! `actes receipt read`: reads received message files and checks them.

use std::fs::File;
use std::io::{self, Read, Write};
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
    // Never read more than the XML reader would accept.
    let max = actes::xml::Limits::default().max_document_bytes as u64;
    let file = File::open(f)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a folder (use `actes delivery read` for a folder)",
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(max) + 1).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the file is larger than the limit of {max} bytes"),
        ));
    }
    Ok(bytes)
}

/// How much of a file is read to find its root element's name.
const PREFIX: usize = 1024;

/// Whether the file `f` is an `EnveloppeMISILLCL` (the root element's
/// local name), from its first bytes when they hold the root's start tag,
/// else from the whole file.
fn is_mi_envelope(f: &str) -> bool {
    const NAME: &[u8] = b"EnveloppeMISILLCL";
    let mut buf = [0u8; PREFIX];
    let Ok(mut file) = File::open(f) else {
        return false;
    };
    let mut n = 0;
    while n < PREFIX {
        match file.read(buf.get_mut(n..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    let head = buf.get(..n).unwrap_or_default();
    match root_name(head) {
        Some(name) => {
            let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
            local == NAME
        }
        // The prolog goes on past the prefix: look at the whole file.
        _ if n == PREFIX => read_input(f).is_ok_and(|b| contains(&b, NAME)),
        _ => false,
    }
}

/// The name of the root element's start tag in `head` (the start of an
/// XML document: BOM, declaration, comments, processing instructions and
/// whitespace skipped), if the name ends within `head`.
fn root_name(head: &[u8]) -> Option<&[u8]> {
    let mut rest = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        if let Some(r) = rest.strip_prefix(b"<?") {
            rest = r.get(r.windows(2).position(|w| w == b"?>")? + 2..)?;
        } else if let Some(r) = rest.strip_prefix(b"<!--") {
            rest = r.get(r.windows(3).position(|w| w == b"-->")? + 3..)?;
        } else {
            let r = rest.strip_prefix(b"<")?;
            let end = r
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))?;
            return r.get(..end);
        }
    }
}

/// Whether `needle` occurs in `haystack` (an ASCII element name in a
/// document of any accepted encoding).
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Files handled per batch (outputs held in memory meanwhile).
const BATCH: usize = 256;

fn read(args: ReadArgs) -> i32 {
    // First pass: the recipient of a message is the Destinataire of an MI
    // envelope given among the files that lists it. Only the first KiB of
    // each file is read (its root element), and only envelopes are parsed.
    let mut recipients: Vec<(String, Siren)> = Vec::new();
    for f in &args.files {
        if !is_mi_envelope(f) {
            continue;
        }
        if let Ok(b) = read_input(f) {
            if let Some(Message::EnveloppeMISILLCL(e)) = Message::parse(&b).value {
                if let Some(s) = e.destinataire.value {
                    for f in &e.formulaires {
                        recipients.push((f.nom_fichier.trim().to_string(), s));
                    }
                }
            }
        }
    }
    // Second pass, by batches: each thread reads, checks and formats a
    // contiguous part of the batch; the parts are written in order.
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let mut parts: Vec<(Vec<u8>, bool)> = vec![(Vec::new(), true); threads];
    let mut out = io::stdout().lock();
    let mut all_read = true;
    for batch in args.files.chunks(BATCH) {
        let per = batch.len().div_ceil(threads);
        std::thread::scope(|s| {
            let mut jobs = parts.iter_mut().zip(batch.chunks(per));
            let first = jobs.next();
            for (part, files) in jobs {
                s.spawn(|| one_part(part, files, &recipients, &args));
            }
            if let Some((part, files)) = first {
                one_part(part, files, &recipients, &args);
            }
        });
        for (text, read) in &mut parts {
            all_read &= *read;
            if out.write_all(text).is_err() {
                return EXIT_INVALID;
            }
            text.clear();
            *read = true;
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

/// Reads, checks and formats `files` into `part` (the text, and whether
/// every file was read as a message).
fn one_part(
    part: &mut (Vec<u8>, bool),
    files: &[String],
    recipients: &[(String, Siren)],
    args: &ReadArgs,
) {
    for file in files {
        let bytes = read_input(file);
        let base = Path::new(file)
            .file_name()
            .map(|n| n.to_string_lossy())
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
        part.1 &= r.is_read();
        // Writing to a Vec cannot fail.
        let _ = if args.json {
            writeln!(part.0, "{}", r.to_json())
        } else {
            write_text(&mut part.0, &r.to_json(), &r.diagnostics, args.lang)
        };
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

/// Writes a scalar JSON value as text; `false` (nothing written) for null,
/// arrays and objects.
fn write_scalar(out: &mut dyn Write, v: &Value) -> io::Result<bool> {
    match v {
        Value::String(s) => out.write_all(s.as_bytes())?,
        Value::Number(n) => write!(out, "{n}")?,
        Value::Bool(b) => write!(out, "{b}")?,
        _ => return Ok(false),
    }
    Ok(true)
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
                if items.is_empty() {
                    continue;
                }
                write!(out, "{:indent$}{k}: ", "")?;
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.write_all(b", ")?;
                    }
                    if let Value::Object(m) = item {
                        let mut first = true;
                        for (k, v) in m {
                            if matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                                if !first {
                                    out.write_all(b" ")?;
                                }
                                first = false;
                                write!(out, "{k}=")?;
                                write_scalar(out, v)?;
                            }
                        }
                    } else {
                        write_scalar(out, item)?;
                    }
                }
                out.write_all(b"\n")?;
            }
            other => {
                if matches!(other, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                    write!(out, "{:indent$}{k}: ", "")?;
                    write_scalar(out, other)?;
                    out.write_all(b"\n")?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_names() {
        let name = |s: &[u8]| root_name(s).map(|n| String::from_utf8_lossy(n).into_owned());
        assert_eq!(name(b"<a/>").as_deref(), Some("a"));
        assert_eq!(
            name(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\r\n<!-- c -->\n<?pi x?> <ns:Env x=\"1\">")
                .as_deref(),
            Some("ns:Env")
        );
        assert_eq!(name(b"<?xml version=\"1.0\"?><!-- open"), None);
        assert_eq!(name(b"<?xml version=\"1.0\"?><Envelop"), None);
        assert_eq!(name(b"no markup"), None);
    }

    #[test]
    fn text_fields_as_before() {
        let v = serde_json::json!({
            "file": "f", "code": "2-1", "acte": {"id": "X", "n": 3, "none": null},
            "list": [{"a": 1, "b": "x", "c": null}, "s", 2], "empty": [], "flag": true,
        });
        let mut out = Vec::new();
        assert!(write_fields(&mut out, &v, 2).is_ok());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "  acte:\n    id: X\n    n: 3\n  flag: true\n  list: a=1 b=x, s, 2\n"
        );
    }
}
