//! `actes xml c14n`: the canonical form of an XML document.

use std::fs::File;
use std::io::{self, Read, Write};

use actes::diagnostic::Lang;
use actes::xml::c14n::{self, C14nError, Comments};
use clap::{Args, Subcommand};

use super::{LangOpt, EXIT_INVALID, EXIT_OK};

const C14N_HELP: &str = "\
Writes the canonical form of FILE (- for standard input) to standard output: Canonical \
XML 1.0, inclusive, without comments (W3C REC xml-c14n-20010315), the form budget seals \
are computed on. --with-comments keeps the comments, as `xmllint --c14n` does; both forms \
are byte-identical to libxml2's.

The document is read in its declared encoding (UTF-8 when none; ISO-8859-1, ISO-8859-15, \
windows-1252 and US-ASCII accepted), streamed, with the XML layer's limits (no DOCTYPE, \
depth, attributes, the longest token; documents of any size, in bounded memory); the \
output is UTF-8.

The output is streamed: when the document is refused part-way (malformed at the end, a \
limit), what was written is incomplete and the exit code says so.

Exit code: 0 written, 1 the document was refused (the diagnostic goes to standard error), \
2 usage error.";

/// `actes xml ...`
#[derive(Args, Debug)]
pub struct XmlArgs {
    #[command(subcommand)]
    command: XmlCommand,
}

#[derive(Subcommand, Debug)]
enum XmlCommand {
    /// Write the canonical form (C14N 1.0) of an XML document.
    #[command(after_long_help = C14N_HELP)]
    C14n(C14nArgs),
}

#[derive(Args, Debug)]
struct C14nArgs {
    /// The document (- for standard input).
    file: String,
    /// Keep comments (Canonical XML with comments).
    #[arg(long)]
    with_comments: bool,
    #[command(flatten)]
    lang: LangOpt,
}

/// Runs `actes xml ...`.
pub fn run(args: XmlArgs) -> i32 {
    match args.command {
        XmlCommand::C14n(a) => canonical(&a),
    }
}

fn canonical(args: &C14nArgs) -> i32 {
    let lang: Lang = args.lang.get();
    let input: Box<dyn Read> = if args.file == "-" {
        Box::new(io::stdin().lock())
    } else {
        match File::open(&args.file) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("actes: cannot open {}: {e}", args.file);
                return EXIT_INVALID;
            }
        }
    };
    let comments = if args.with_comments {
        Comments::Keep
    } else {
        Comments::Omit
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = c14n::canonicalize_with(
        input,
        &mut out,
        &c14n::streaming_limits(),
        comments,
        &mut (),
    );
    let _ = out.flush();
    match result {
        Ok(()) => EXIT_OK,
        Err(C14nError::Invalid(d)) => {
            super::eprint_diagnostics(&[d.in_file(args.file.as_str())], lang);
            EXIT_INVALID
        }
        Err(C14nError::Io(e)) => {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("actes: {}: {e}", args.file);
            }
            EXIT_INVALID
        }
    }
}
