//! `actes classification show | check | diff`.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use actes::classification::{diff, Classification};
use actes::diagnostic::{Diagnostic, Lang, Parsed};
use actes::ids::{CodeMatiere, NatureActe};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{LangArg, EXIT_INVALID, EXIT_OK};

const CHECK_HELP: &str = "\
Can an act be classified with CODE? Levels 1 and 2 are mandatory (rule E4), so `8` alone is \
invalid. Without --classification, the built-in national levels 1-2 are used: deeper levels \
cannot be verified and give a warning. With --nature, the nature must be listed in the \
classification; with --typologie (requires --nature), the code must match ^[A-Z0-9_]{5}$ and, \
when the classification lists typologies, belong to the nature's list.

Text output: one line per diagnostic, `ERROR <input>: <code> <message> (<segment>, byte \
<offset>)` or `WARN ...`, then `OK <code> <labels of the path>` when valid.

--json: one object {\"input\", \"valid\", \"code\", \"labels\", \"classification\", \
\"diagnostics\": [{\"code\", \"severity\", \"segment\", \"offset\", \"message\"}]}; \"labels\" \
are those of the longest known prefix of the code.

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
    /// The RetourClassification file.
    file: PathBuf,
    /// Print one JSON object instead of the tree.
    #[arg(long)]
    json: bool,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The classification code, e.g. 8.9 or 1.1.10 (leading zeros accepted).
    code: String,
    /// A RetourClassification file; the built-in national levels 1-2 when
    /// absent.
    #[arg(long, value_name = "FILE")]
    classification: Option<PathBuf>,
    /// The nature of the act: 1-6 or DE, AR, AI, CC, BF, AU.
    #[arg(long, value_parser = parse_nature)]
    nature: Option<NatureActe>,
    /// A typologie code for that nature, e.g. 99_DE.
    #[arg(long, requires = "nature")]
    typologie: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
}

#[derive(Args, Debug)]
struct DiffArgs {
    /// The older RetourClassification file.
    old: PathBuf,
    /// The newer RetourClassification file.
    new: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
}

fn parse_nature(s: &str) -> Result<NatureActe, String> {
    NatureActe::parse_diagnostics(s)
        .into_result()
        .map_err(|e| e.to_string())
}

/// Runs `actes classification ...`.
pub fn run(args: ClassificationArgs) -> i32 {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = match args.command {
        ClassificationCommand::Show(a) => show(&a, &mut out),
        ClassificationCommand::Check(a) => check(&a, &mut out),
        ClassificationCommand::Diff(a) => run_diff(&a, &mut out),
    };
    match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        Err(e) => {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("actes: cannot write the results: {e}");
            }
            EXIT_INVALID
        }
    }
}

/// Prints the diagnostics of a file to standard error.
fn print_file_diagnostics(file: &Path, diags: &[Diagnostic], lang: Lang) {
    for d in diags {
        let label = if d.is_error() { "ERROR" } else { "WARN" };
        let mut line = format!("{label} {}: {} {}", file.display(), d.code, d.message(lang));
        let mut loc = Vec::new();
        if let Some(p) = &d.location.path {
            loc.push(p.clone());
        }
        if let Some(off) = d.location.offset {
            loc.push(match lang {
                Lang::En => format!("offset {off}"),
                Lang::Fr => format!("position {off}"),
            });
        }
        if !loc.is_empty() {
            line.push_str(&format!(" ({})", loc.join(", ")));
        }
        eprintln!("{line}");
    }
}

/// Loads a classification file, printing its diagnostics to standard
/// error. `None` when no classification could be built.
fn load(file: &Path, lang: Lang) -> (Option<Classification>, bool) {
    let parsed: Parsed<Classification> = Classification::from_path(file);
    print_file_diagnostics(file, &parsed.diagnostics, lang);
    let has_errors = parsed.diagnostics.iter().any(Diagnostic::is_error);
    (parsed.value, has_errors)
}

fn show(a: &ShowArgs, out: &mut impl Write) -> io::Result<i32> {
    let lang = a.lang.into();
    let (Some(c), has_errors) = load(&a.file, lang) else {
        return Ok(EXIT_INVALID);
    };
    if a.json {
        serde_json::to_writer(&mut *out, &c)?;
        out.write_all(b"\n")?;
    } else {
        write!(out, "{c}")?;
        let levels: Vec<String> = (1..=actes::classification::MAX_LEVELS)
            .map(|l| c.count_at_level(l))
            .take_while(|&n| n > 0)
            .map(|n| n.to_string())
            .collect();
        writeln!(
            out,
            "{} natures, {} typologies, matières per level: {}",
            c.natures().len(),
            c.typologie_count(),
            if levels.is_empty() {
                "none".to_string()
            } else {
                levels.join(" + ")
            }
        )?;
    }
    Ok(if has_errors { EXIT_INVALID } else { EXIT_OK })
}

/// One diagnostic of `check --json`, as in `actes id check`.
#[derive(Serialize)]
struct DiagnosticJson<'a> {
    code: &'static str,
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<usize>,
    message: &'a str,
}

impl<'a> DiagnosticJson<'a> {
    fn new(d: &'a Diagnostic, lang: Lang) -> Self {
        DiagnosticJson {
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            segment: d.location.segment.as_deref(),
            path: d.location.path.as_deref(),
            offset: d.location.offset,
            message: d.message(lang),
        }
    }
}

#[derive(Serialize)]
struct NatureJson {
    code: u8,
    abbr: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct TypologieJson<'a> {
    code: &'a str,
    label: Option<&'a str>,
}

/// The record of `check --json`.
#[derive(Serialize)]
struct CheckJson<'a> {
    input: &'a str,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    labels: &'a [&'a str],
    classification: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    nature: Option<NatureJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    typologie: Option<TypologieJson<'a>>,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

fn check(a: &CheckArgs, out: &mut impl Write) -> io::Result<i32> {
    let lang: Lang = a.lang.into();
    let loaded;
    let classification: &Classification = match &a.classification {
        None => Classification::national(),
        Some(file) => {
            let (Some(c), _) = load(file, lang) else {
                return Ok(EXIT_INVALID);
            };
            loaded = c;
            &loaded
        }
    };
    let parsed = CodeMatiere::parse_diagnostics(&a.code);
    let mut diags = parsed.diagnostics;
    let mut labels: Vec<&str> = Vec::new();
    if let Some(code) = &parsed.value {
        diags.extend(classification.check_for_act(code));
        // Labels of the longest known prefix.
        let mut prefix = Some(*code);
        while let Some(p) = prefix {
            if let Some(l) = classification.labels(&p) {
                labels = l;
                break;
            }
            prefix = p.parent();
        }
    }
    let mut typologie = None;
    if let Some(nature) = a.nature {
        match &a.typologie {
            Some(t) => {
                diags.extend(classification.check_typologie(nature, t));
                typologie = classification
                    .allowed_typologies(nature)
                    .into_iter()
                    .find(|x| &x.code == t);
            }
            None => diags.extend(classification.check_nature(nature)),
        }
    }
    let input = a.code.as_str();
    if let Some(code) = &parsed.value {
        for d in &mut diags {
            if d.location.segment.as_deref() == Some("matiere") {
                d.location.offset = d.location.offset.map(|o| input_offset(code, input, o));
            }
        }
    }
    let valid = parsed.value.is_some() && !diags.iter().any(Diagnostic::is_error);
    if a.json {
        let record = CheckJson {
            input,
            valid,
            code: parsed.value.map(|c| c.to_string()),
            labels: &labels,
            classification: classification.date().format("%Y-%m-%d").to_string(),
            nature: a.nature.map(|n| NatureJson {
                code: n.code(),
                abbr: n.abbr(),
                label: n.label(),
            }),
            typologie: a.typologie.as_deref().map(|t| TypologieJson {
                code: t,
                label: typologie.map(|x| x.label.as_str()),
            }),
            diagnostics: diags.iter().map(|d| DiagnosticJson::new(d, lang)).collect(),
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    } else {
        for d in &diags {
            let label = if d.is_error() { "ERROR" } else { "WARN" };
            write!(out, "{label} {input}: {} {}", d.code, d.message(lang))?;
            if let (Some(seg), Some(off)) = (&d.location.segment, d.location.offset) {
                let byte = match lang {
                    Lang::En => "byte",
                    Lang::Fr => "octet",
                };
                write!(out, " ({seg}, {byte} {off})")?;
            }
            out.write_all(b"\n")?;
        }
        if let (true, Some(code)) = (valid, &parsed.value) {
            writeln!(out, "OK {code} {}", labels.join(" › "))?;
        }
    }
    Ok(if valid { EXIT_OK } else { EXIT_INVALID })
}

/// Maps a byte offset in the canonical form of `code` (where the library
/// locates classification findings) to the same level in `input`, which may
/// have leading zeros (`08.09`).
fn input_offset(code: &CodeMatiere, input: &str, canonical: usize) -> usize {
    let mut canon_start = 0usize;
    let mut input_start = 0usize;
    let parts: Vec<&str> = input.split('.').collect();
    for (level, part) in code.levels().iter().zip(&parts) {
        if canonical == canon_start {
            return input_start;
        }
        canon_start += level.to_string().len() + 1;
        input_start += part.len() + 1;
    }
    if canonical >= canon_start.saturating_sub(1) {
        input.len()
    } else {
        canonical.min(input.len())
    }
}

fn run_diff(a: &DiffArgs, out: &mut impl Write) -> io::Result<i32> {
    let lang = a.lang.into();
    let (old, _) = load(&a.old, lang);
    let (new, _) = load(&a.new, lang);
    let (Some(old), Some(new)) = (old, new) else {
        return Ok(EXIT_INVALID);
    };
    let d = diff(&old, &new);
    if a.json {
        serde_json::to_writer(&mut *out, &d)?;
        out.write_all(b"\n")?;
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
