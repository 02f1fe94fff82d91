//! `actes receipt read`: reads received message files and checks them.

use std::io::{self, Write};

use actes::diagnostic::Lang;
use actes::ids::Siren;
use actes::receipt::Context;
use actes::report::{self, ReceiptReport};
use clap::{Args, Subcommand};

use super::{finish, stdout, write_json, write_receipt, Input, LangOpt, EXIT_INVALID, EXIT_OK};

const READ_HELP: &str = "\
Reads each FILE (`-`: standard input; pipes, /dev/stdin and process substitution are read \
once) as an ACTES message or envelope (any of the 22 message types, the two envelopes, an \
AnomalieEnveloppe) and checks its consistency: \
an ARActe's IDActe against its ActeRecu echo (date, numéro, nature), the IDActe's SIREN \
against the recipient (the Destinataire/@SIREN of an EnveloppeMISILLCL given among the files), \
dates not before the decision date, the classification date the act was sent with against \
ClassificationDateVersionEnCours, the annex count, and document names.

Text output: a summary per file, then one line per diagnostic (`ERROR` or `WARN`, code, \
message, location).

--json: JSON Lines, one object per file (schemas/receipt-read.schema.json): {\"file\", \
\"code\", \"root\", \"id_acte\", \"date_reception\", \"acte\", \"anomalie\", the fields of that \
message type, \"diagnostics\"}; absent values are null.

Exit code: 0 when every file was read as a protocol message (warnings and consistency \
findings allowed; with --strict, no error diagnostic allowed), 1 when one could not be read \
or is not a protocol message (or, with --strict, has an error diagnostic), 2 on a usage \
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
}

#[derive(Args, Debug)]
struct ReadArgs {
    /// Print JSON Lines instead of text.
    #[arg(long)]
    json: bool,
    /// Exit 1 when any file has an error diagnostic.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    lang: LangOpt,
    /// The files to read (`-`: standard input).
    #[arg(required = true, value_parser = Input::parse)]
    files: Vec<Input>,
}

/// Runs `actes receipt`.
pub fn run(args: ReceiptArgs) -> i32 {
    match args.command {
        ReceiptCommand::Read(a) => {
            let lang = a.lang.get();
            finish(read(&a, lang), lang)
        }
    }
}

/// The name a file is listed under in an MI envelope.
fn base_name(input: &Input) -> String {
    match input {
        Input::Stdin => "-".to_string(),
        Input::Path(p) => p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

fn read(args: &ReadArgs, lang: Lang) -> io::Result<i32> {
    // First pass, holding one regular file at a time: the recipient of a
    // message is the Destinataire of an MI envelope given among the files
    // that lists it. Inputs that cannot be read twice (standard input,
    // pipes) are read once and kept.
    let mut recipients: Vec<(String, Siren)> = Vec::new();
    let mut kept: Vec<Option<Result<Vec<u8>, Box<actes::Diagnostic>>>> = Vec::new();
    for f in &args.files {
        let once = !f.rereadable();
        let bytes = f.read_xml();
        if let Ok(b) = &bytes {
            recipients.extend(report::envelope_recipients(b));
        }
        kept.push(once.then_some(bytes));
    }
    let mut out = stdout();
    let mut ok = true;
    for (file, kept) in args.files.iter().zip(kept) {
        let bytes = kept.unwrap_or_else(|| file.read_xml());
        let name = file.name();
        let r = match bytes {
            Ok(b) => {
                let base = base_name(file);
                let context = Context {
                    recipient: recipients.iter().find(|(n, _)| *n == base).map(|(_, s)| *s),
                    ..Context::default()
                };
                report::receipt_read(&name, &b, &context, lang)
            }
            Err(d) => ReceiptReport::unreadable(&name, *d, lang),
        };
        ok &= r.is_read() && !(args.strict && r.diagnostics.has_errors());
        if args.json {
            write_json(&mut out, &r)?;
        } else {
            write_receipt(&mut out, &r, lang)?;
        }
    }
    out.flush()?;
    Ok(if ok { EXIT_OK } else { EXIT_INVALID })
}
