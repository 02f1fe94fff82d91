//! `actes archive build` and `actes archive check`.

use std::io::{self, Write};
use std::path::PathBuf;

use actes::container::read::Source;
use actes::container::Overwrite;
use actes::diagnostic::Lang;
use actes::report::{self, ArchiveBuildReport, BuildRequest, ClassificationFile};
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{
    base_dir, eprint_diagnostics, finish, parse_date, stdout, system_today, write_diagnostics,
    write_json, Input, LangOpt, EXIT_INVALID, EXIT_OK,
};

const BUILD_HELP: &str = "\
INPUT.json describes one envelope (schema: schemas/transmission-input.schema.json): \
collectivite, transmetteur, envoi {date, sequence} and one of acte, annulation, \
demande_classification or reponse. Document paths are relative to the JSON file (to the \
current folder when INPUT is `-`, standard input).

Every problem is reported at once, located by its field path (acte/numero, \
acte/annexes[0]/typologie…). When there is an error nothing is written. The archive is \
written atomically into DIR (created when missing) under its protocol name; an existing \
file is never replaced unless --force is given.

Text output: the diagnostics (`ERROR|WARN <file>: <code> <message> (<location>)`), then, when \
built, the archive's path, one line per entry `<size> <sha256> <name>`, the line \
`<size> <sha256> archive`, and `IDActe <id>` when the archive carries an act. --json: one \
object (schemas/archive-build.schema.json) {\"archive\", \"valid\", \"id_acte\", \"manifest\", \
\"diagnostics\"}.

--today defaults to the date on this machine's clock, local time zone. Exit code: 0 built, 1 refused or failed, 2 usage error.";

const CHECK_HELP: &str = "\
Reads a CL → MI archive (tar.gz; a folder, tar or zip of the same files is accepted; `-` \
reads it from standard input, whose archive name is then unknown and not checked) and \
reports everything the emission profile or the préfecture would object to: archive and \
envelope names, files listed but missing or present but not listed, message and document \
names, Annexes/@Nombre, encodings, identifiers, document types and sizes.

Text output: one line per diagnostic `ERROR|WARN <file>: <code> <message> (<location>)`, \
then `OK <archive>` or `INVALID <archive>` (`INVALIDE` with --lang fr). --json: one object \
(schemas/archive-check.schema.json) {\"archive\", \"valid\", \"messages\", \"diagnostics\"}.

--today defaults to the date on this machine's clock, local time zone. Exit code: 0 valid (warnings allowed), 1 invalid or \
unreadable, 2 usage error.";

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
    /// The JSON description of the transmission (`-`: standard input).
    #[arg(value_parser = Input::parse)]
    input: Input,
    /// Folder to write the archive into (created when missing).
    #[arg(long)]
    out: PathBuf,
    /// Today's date, YYYY-MM-DD (default: the date on this machine's clock, local time zone).
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// The collectivité's classification (RetourClassification XML).
    #[arg(long, value_parser = Input::parse)]
    classification: Option<Input>,
    /// Replace an existing archive of the same name.
    #[arg(long)]
    force: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
    /// Compression level: 0 stores everything; 1 to 12 deflate what
    /// compresses (libdeflate's levels, 12 smallest and slowest) and store
    /// the rest. Default 6: smaller than `tar | gzip -9` on XML, several
    /// times faster (BENCHMARKS.md).
    #[arg(long, default_value_t = actes::container::DEFAULT_LEVEL.level(), value_parser = clap::value_parser!(u32).range(0..=12))]
    level: u32,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The archive to check (`-`: standard input).
    #[arg(value_parser = Input::parse)]
    file: Input,
    /// The collectivité's classification (RetourClassification XML).
    #[arg(long, value_parser = Input::parse)]
    classification: Option<Input>,
    /// Today's date, YYYY-MM-DD (default: the date on this machine's clock, local time zone).
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

/// An input description is a few KiB; anything absurd is refused before
/// being read.
const MAX_INPUT_JSON: u64 = 16 * 1024 * 1024;

/// Runs `actes archive ...`.
pub fn run(args: ArchiveArgs) -> i32 {
    match args.command {
        ArchiveCommand::Build(b) => finish(run_build(&b), b.lang.get()),
        ArchiveCommand::Check(c) => finish(run_check(&c), c.lang.get()),
    }
}

/// The classification file's name and bytes, or the exit code after
/// printing why it cannot be read.
fn read_classification(file: Option<&Input>, lang: Lang) -> Result<(String, Vec<u8>), i32> {
    let Some(file) = file else {
        return Ok((String::new(), Vec::new()));
    };
    match file.read_xml() {
        Ok(b) => Ok((file.name(), b)),
        Err(d) => {
            eprint_diagnostics(&[*d], lang);
            Err(EXIT_INVALID)
        }
    }
}

fn print_build(out: &mut dyn Write, r: &ArchiveBuildReport, lang: Lang) -> io::Result<()> {
    write_diagnostics(out, &r.diagnostics, None, lang, 0)?;
    if let (Some(path), Some(m)) = (&r.archive, &r.manifest) {
        writeln!(out, "{path}")?;
        for e in &m.entries {
            writeln!(out, "{:>10} {} {}", e.size, e.sha256, e.name)?;
        }
        writeln!(out, "{:>10} {} archive", m.size, m.sha256)?;
        if let Some(id) = &r.id_acte {
            writeln!(out, "IDActe {id}")?;
        }
    }
    Ok(())
}

fn run_build(args: &BuildArgs) -> io::Result<i32> {
    let lang = args.lang.get();
    let mut out = stdout();
    let (class_name, class_xml) = match read_classification(args.classification.as_ref(), lang) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let input_name = args.input.name();
    let base = match &args.input {
        Input::Path(p) => base_dir(p).to_path_buf(),
        Input::Stdin => PathBuf::from("."),
    };
    let request = BuildRequest {
        input_name: &input_name,
        base_dir: &base,
        today: args.today.unwrap_or_else(system_today),
        classification: args.classification.as_ref().map(|_| ClassificationFile {
            name: &class_name,
            xml: &class_xml,
        }),
        level: flate2::Compression::new(args.level),
    };
    let r = match args.input.read_capped(MAX_INPUT_JSON) {
        Ok(json) => {
            let overwrite = if args.force {
                Overwrite::Allow
            } else {
                Overwrite::Never
            };
            report::archive_build(&json, &request, &args.out, overwrite, lang)
        }
        Err(d) => ArchiveBuildReport {
            archive: None,
            valid: false,
            id_acte: None,
            manifest: None,
            diagnostics: report::Diagnostics::new(lang, vec![*d]),
        },
    };
    if args.json {
        write_json(&mut out, &r)?;
    } else {
        print_build(&mut out, &r, lang)?;
    }
    out.flush()?;
    Ok(if r.valid { EXIT_OK } else { EXIT_INVALID })
}

fn run_check(args: &CheckArgs) -> io::Result<i32> {
    let lang = args.lang.get();
    let (class_name, class_xml) = match read_classification(args.classification.as_ref(), lang) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let classification = args.classification.as_ref().map(|_| ClassificationFile {
        name: &class_name,
        xml: &class_xml,
    });
    let today = args.today.unwrap_or_else(system_today);
    let r = match &args.file {
        Input::Path(p) => report::archive_check(p, today, classification, lang),
        Input::Stdin => match args.file.as_path() {
            Ok((path, _guard)) => {
                let mut r = match Source::detect(&path) {
                    Ok(source) => {
                        report::archive_check_source(&source, None, today, classification, lang)
                    }
                    Err(_) => report::archive_check(&path, today, classification, lang),
                };
                r.archive = args.file.name();
                r
            }
            Err(d) => {
                eprint_diagnostics(&[*d], lang);
                return Ok(EXIT_INVALID);
            }
        },
    };
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &r)?;
    } else {
        write_diagnostics(&mut out, &r.diagnostics, None, lang, 0)?;
        let verdict = match (r.valid, lang) {
            (true, _) => "OK",
            (false, Lang::En) => "INVALID",
            (false, Lang::Fr) => "INVALIDE",
        };
        writeln!(out, "{verdict} {}", r.archive)?;
    }
    out.flush()?;
    Ok(if r.valid { EXIT_OK } else { EXIT_INVALID })
}
