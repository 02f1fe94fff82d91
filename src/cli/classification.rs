//! `actes classification show | check | diff`.

use std::io::{self, Write};

use actes::classification::{diff, Classification};
use actes::diagnostic::{has_errors, Diagnostic, Lang};
use actes::ids::NatureActe;
use actes::report::{self, ClassificationFile};
use clap::{Args, Subcommand};

use super::{eprint_diagnostics, finish, stdout, write_diagnostics, write_json, Input, LangOpt};
use super::{EXIT_INVALID, EXIT_OK};

const CHECK_HELP: &str = "\
Can an act be classified with CODE? Levels 1 and 2 are mandatory (rule E4), so `8` alone is \
invalid. Without --classification, the built-in national levels 1-2 are used: deeper levels \
cannot be verified and give a warning. With --nature, the nature must be listed in the \
classification; with --typologie (requires --nature), the code must match ^[A-Z0-9_]{5}$ and, \
when the classification lists typologies, belong to the nature's list.

Text output: one line per diagnostic, `ERROR <input>: <code> <message> (<location>)` or \
`WARN ...`, then `OK <code> <labels of the path>` when valid.

--json: one object (schemas/classification-check.schema.json) {\"input\", \"valid\", \"code\", \
\"labels\", \"classification\", \"nature\", \"typologie\", \"diagnostics\"}; \"labels\" are those \
of the longest known prefix of the code; the findings about the --classification file come \
first, attributed to it.

Exit code: 0 valid, 1 invalid (or the classification file cannot be read), 2 usage error.";

/// `actes classification ...`
#[derive(Args, Debug)]
pub struct ClassificationArgs {
    #[command(subcommand)]
    command: ClassificationCommand,
}

#[derive(Subcommand, Debug)]
enum ClassificationCommand {
    /// Show a classification file (message 7-2 RetourClassification): date,
    /// natures with their typologies, tree of matières.
    ///
    /// Diagnostics about the file go to standard error. Exit code 0 when the
    /// file is valid, 1 when it has errors or cannot be read.
    Show(ShowArgs),
    /// Check a classification code (and optionally a nature and typologie).
    #[command(after_long_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Compare two classification files: added, removed and relabelled
    /// matières, natures and typologies, and the date change.
    ///
    /// Exit code 0 when both files could be read (whether or not they
    /// differ), 1 otherwise.
    Diff(DiffArgs),
}

#[derive(Args, Debug)]
struct ShowArgs {
    /// The RetourClassification file (`-`: standard input).
    #[arg(value_parser = Input::parse)]
    file: Input,
    /// Print one JSON object instead of the tree.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The classification code, e.g. 8.9 or 1.1.10 (leading zeros accepted).
    code: String,
    /// A RetourClassification file (`-`: standard input); the built-in
    /// national levels 1-2 when absent.
    #[arg(long, value_name = "FILE", value_parser = Input::parse)]
    classification: Option<Input>,
    /// The nature of the act: 1-6 or DE, AR, AI, CC, BF, AU.
    #[arg(long, value_parser = parse_nature)]
    nature: Option<NatureActe>,
    /// A typologie code for that nature, e.g. 99_DE.
    #[arg(long, requires = "nature")]
    typologie: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

#[derive(Args, Debug)]
struct DiffArgs {
    /// The older RetourClassification file (`-`: standard input).
    #[arg(value_parser = Input::parse)]
    old: Input,
    /// The newer RetourClassification file (`-`: standard input).
    #[arg(value_parser = Input::parse)]
    new: Input,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

fn parse_nature(s: &str) -> Result<NatureActe, String> {
    let lang = super::env_lang();
    NatureActe::parse_diagnostics(s).into_result().map_err(|e| {
        e.diagnostics
            .iter()
            .map(|d| d.text(lang))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Runs `actes classification ...`.
pub fn run(args: ClassificationArgs) -> i32 {
    let mut out = stdout();
    let (result, lang) = match args.command {
        ClassificationCommand::Show(a) => (show(&a, &mut out), a.lang.get()),
        ClassificationCommand::Check(a) => (check(&a, &mut out), a.lang.get()),
        ClassificationCommand::Diff(a) => (run_diff(&a, &mut out), a.lang.get()),
    };
    finish(result.and_then(|code| out.flush().map(|()| code)), lang)
}

/// Reads and parses a classification file; its diagnostics (and a read
/// error) go to standard error. `None` when no classification could be
/// built; `true` when it had errors.
fn load(file: &Input, lang: Lang) -> (Option<Classification>, bool) {
    let name = file.name();
    let bytes = match file.read_xml() {
        Ok(b) => b,
        Err(d) => {
            eprint_diagnostics(&[*d], lang);
            return (None, true);
        }
    };
    let parsed = Classification::parse(&bytes);
    let diags: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .map(|d| d.in_file(name.as_str()))
        .collect();
    eprint_diagnostics(&diags, lang);
    (parsed.value, has_errors(&diags))
}

fn show(a: &ShowArgs, out: &mut dyn Write) -> io::Result<i32> {
    let lang = a.lang.get();
    let (Some(c), has_errors) = load(&a.file, lang) else {
        return Ok(EXIT_INVALID);
    };
    if a.json {
        write_json(out, &c)?;
    } else {
        write!(out, "{c}")?;
        let levels: Vec<String> = (1..=actes::classification::MAX_LEVELS)
            .map(|l| c.count_at_level(l))
            .take_while(|&n| n > 0)
            .map(|n| n.to_string())
            .collect();
        let levels = if levels.is_empty() {
            match lang {
                Lang::En => "none".to_string(),
                Lang::Fr => "aucune".to_string(),
            }
        } else {
            levels.join(" + ")
        };
        let (n, t) = (c.natures().len(), c.typologie_count());
        match lang {
            Lang::En => writeln!(
                out,
                "{n} natures, {t} typologies, matières per level: {levels}"
            )?,
            Lang::Fr => writeln!(
                out,
                "{n} natures, {t} typologies, matières par niveau : {levels}"
            )?,
        }
    }
    Ok(if has_errors { EXIT_INVALID } else { EXIT_OK })
}

fn check(a: &CheckArgs, out: &mut dyn Write) -> io::Result<i32> {
    let lang = a.lang.get();
    let mut name = String::new();
    let mut bytes = Vec::new();
    if let Some(file) = &a.classification {
        name = file.name();
        match file.read_xml() {
            Ok(b) => bytes = b,
            Err(d) => {
                eprint_diagnostics(&[*d], lang);
                return Ok(EXIT_INVALID);
            }
        }
    }
    let file = a.classification.as_ref().map(|_| ClassificationFile {
        name: &name,
        xml: &bytes,
    });
    let r = report::classification_check(&a.code, file, a.nature, a.typologie.as_deref(), lang);
    if a.json {
        write_json(out, &r)?;
    } else {
        write_diagnostics(out, &r.diagnostics, Some(&r.input), lang, 0)?;
        if let (true, Some(code)) = (r.valid, &r.code) {
            writeln!(out, "OK {code} {}", r.labels.join(" › "))?;
        }
    }
    Ok(if r.valid { EXIT_OK } else { EXIT_INVALID })
}

fn run_diff(a: &DiffArgs, out: &mut dyn Write) -> io::Result<i32> {
    let lang = a.lang.get();
    let (old, _) = load(&a.old, lang);
    let (new, _) = load(&a.new, lang);
    let (Some(old), Some(new)) = (old, new) else {
        return Ok(EXIT_INVALID);
    };
    let d = diff(&old, &new);
    if a.json {
        write_json(out, &d)?;
    } else {
        write!(out, "{d}")?;
        writeln!(
            out,
            "matières: +{} -{} ~{}; natures: +{} -{} ~{}; typologies: +{} -{} ~{}",
            d.matieres_added.len(),
            d.matieres_removed.len(),
            d.matieres_relabelled.len(),
            d.natures_added.len(),
            d.natures_removed.len(),
            d.natures_relabelled.len(),
            d.typologies_added.len(),
            d.typologies_removed.len(),
            d.typologies_relabelled.len()
        )?;
    }
    Ok(EXIT_OK)
}
