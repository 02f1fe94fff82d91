//! `actes stamp`, `actes bundle stamp` and `actes receipt sheet`: what the
//! collectivité prints, posts and archives once the act is acknowledged.
//! JSON output: `schemas/stamp-sheet-opendata.schema.json`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use actes::container::read::ReadLimits;
use actes::container::Overwrite;
use actes::diagnostic::{Code, Diagnostic, Invalid, Lang, Location};
use actes::messages::Message;
use actes::pdf::{stamp_file, Pages, Position, StampError, StampOptions, StampText};
use actes::record::{self, ActRecord};
use actes::report::{io_diagnostic, Diagnostics, IoAction};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::{parse_date, write_diagnostics, LangOpt, EXIT_INVALID, EXIT_OK, EXIT_USAGE};

const STAMP_HELP: &str = "\
Stamps the act's PDF with the acknowledgement, as S2LOW does, in French: `Envoyé en \
préfecture le dd/mm/yyyy`, `Reçu en préfecture le dd/mm/yyyy`, `Publié le dd/mm/yyyy` \
(when known), `ID : <IDActe>`, in Helvetica 7 pt in a 190 x 55 pt box 10 pt from the \
chosen corner of the page as displayed (rotated and landscape pages included).

The IDActe and the reception date come from --receipt (the 1-2 ARActe) or from \
--id-acte and --received; the sending date from --sent or from the name of --envelope \
(the envelope or archive sent); --published adds its line. The stamp is written as \
an incremental update: the original file is a byte prefix of the stamped one, so a \
signature made before stamping still verifies for the revision it signed. An encrypted \
or unreadable PDF is refused (PDF-ENCRYPTED, PDF-UNREADABLE, PDF-NOT-PDF, PDF-LIMIT) and \
nothing is written. The output is written atomically; an existing file is replaced only \
with --force.

Text output: `<out> <size> bytes (original <size>, kept as prefix)` and the stamp's \
lines. --json: one object (schemas/stamp-sheet-opendata.schema.json). Exit \
code: 0 written, 1 refused or failed, 2 usage error.";

const BUNDLE_STAMP_HELP: &str = "\
Stamps the act and every annex of a proof bundle (first page of each, or every page with \
--all-pages) into DIR, under their own names: the IDActe, the sending and the reception \
dates come from the bundle, which is verified first (refused unless intact). A file that \
is not a PDF is reported and skipped. Exit code: 0 when every PDF was stamped, 1 \
otherwise, 2 usage error.";

const SHEET_HELP: &str = "\
Writes the receipt sheet (bordereau d'acquittement) of an act: one A4 page in French with \
the collectivité (SIREN), the IDActe, the nature, the matière and its label, the objet, \
the dates of sending and of reception, the files sent with their size and SHA-256, the \
act's state and history, and the end of the préfet's two-month window. Text in standard \
fonts (extractable with pdftotext).

PATH is a proof bundle (verified first: refused unless intact), or the transmitted \
archive followed by the files received about it (the acknowledgement, the ministry's \
envelope, or a delivery folder, tar.gz or zip). Exit code: 0 written, 1 refused or \
failed, 2 usage error.";

/// `actes stamp`
#[derive(Args, Debug)]
#[command(after_long_help = STAMP_HELP)]
pub struct StampArgs {
    /// The PDF to stamp.
    pdf: PathBuf,
    /// The acknowledgement (1-2 ARActe) giving the IDActe and the reception date.
    #[arg(long, conflicts_with = "id_acte", required_unless_present = "id_acte")]
    receipt: Option<PathBuf>,
    /// The IDActe, when no --receipt is given.
    #[arg(long)]
    id_acte: Option<String>,
    /// The reception date, YYYY-MM-DD (default: the ARActe's DateReception).
    #[arg(long, value_parser = parse_date)]
    received: Option<NaiveDate>,
    /// The sending date, YYYY-MM-DD (default: from --envelope).
    #[arg(long, value_parser = parse_date)]
    sent: Option<NaiveDate>,
    /// The envelope sent (EACT--SIREN--YYYYMMDD-n.xml) or the archive
    /// (…-EACT--SIREN--YYYYMMDD-n.tar.gz): the sending date, from its name.
    #[arg(long)]
    envelope: Option<PathBuf>,
    /// The publication date, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    published: Option<NaiveDate>,
    #[command(flatten)]
    common: PlaceArgs,
    /// The stamped PDF to write.
    #[arg(long)]
    out: PathBuf,
}

/// Options shared by the stamping commands.
#[derive(Args, Debug)]
struct PlaceArgs {
    /// top-right (default), top-left, bottom-right, bottom-left, or X%,Y% (top-left corner of the box).
    #[arg(long, default_value = "top-right", value_parser = parse_position)]
    position: Position,
    /// Stamp every page (default: the first).
    #[arg(long)]
    all_pages: bool,
    /// Replace existing output files.
    #[arg(long)]
    force: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

impl PlaceArgs {
    fn options(&self) -> StampOptions {
        StampOptions {
            position: self.position,
            pages: if self.all_pages {
                Pages::All
            } else {
                Pages::First
            },
            ..StampOptions::default()
        }
    }

    fn overwrite(&self) -> Overwrite {
        if self.force {
            Overwrite::Allow
        } else {
            Overwrite::Never
        }
    }
}

/// `actes bundle stamp`
#[derive(Args, Debug)]
#[command(after_long_help = BUNDLE_STAMP_HELP)]
pub struct BundleStampArgs {
    /// The proof bundle (zip).
    bundle: PathBuf,
    /// The publication date, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    published: Option<NaiveDate>,
    #[command(flatten)]
    common: PlaceArgs,
    /// The folder to write the stamped files into (created if missing).
    #[arg(long)]
    out: PathBuf,
}

/// `actes receipt sheet`
#[derive(Args, Debug)]
#[command(after_long_help = SHEET_HELP)]
pub struct SheetArgs {
    /// A proof bundle, or the transmitted archive then the files received about it.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The PDF to write.
    #[arg(long)]
    out: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    force: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

fn parse_position(s: &str) -> Result<Position, String> {
    s.parse()
}

/// One file written.
#[derive(Serialize)]
struct Output {
    path: String,
    size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_size: Option<u64>,
}

/// The JSON report of the three commands.
#[derive(Serialize)]
struct Report {
    command: &'static str,
    written: bool,
    outputs: Vec<Output>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    lines: Vec<String>,
    diagnostics: Diagnostics,
}

impl Report {
    fn print(&self, json: bool, lang: Lang, out: &mut dyn Write) -> io::Result<i32> {
        if json {
            writeln!(out, "{}", serde_json::to_string(self).unwrap_or_default())?;
        } else {
            for o in &self.outputs {
                match o.original_size {
                    Some(orig) => writeln!(
                        out,
                        "{} {} bytes (original {orig} bytes, kept as prefix)",
                        o.path, o.size
                    )?,
                    None => writeln!(out, "{} {} bytes", o.path, o.size)?,
                }
            }
            for l in &self.lines {
                writeln!(out, "  {l}")?;
            }
            write_diagnostics(out, &self.diagnostics.items, None, lang, 0)?;
            if !self.written {
                writeln!(out, "REFUSED: nothing written")?;
            }
        }
        Ok(
            if self.written && !self.diagnostics.items.iter().any(Diagnostic::is_error) {
                EXIT_OK
            } else {
                EXIT_INVALID
            },
        )
    }
}

/// `IO-WRITE` for `path`.
pub(crate) fn io_diag(path: &Path, e: &io::Error) -> Diagnostic {
    io_diagnostic(IoAction::Write, &path.display().to_string(), e)
}

fn print_report(mut report: Report, json: bool, lang: Lang) -> i32 {
    report.diagnostics.lang = lang;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    report.print(json, lang, &mut out).unwrap_or(EXIT_INVALID)
}

/// The date of an envelope or archive, from its name.
fn sent_on(path: &Path) -> Result<NaiveDate, Invalid> {
    use actes::naming::{ArchiveName, EnvelopeName};
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(e) = EnvelopeName::parse_diagnostics(&name).value {
        return Ok(e.date());
    }
    let archive = ArchiveName::parse_diagnostics(&name);
    match archive.value {
        Some(a) => Ok(a.envelope_name().date()),
        None => Err(Invalid {
            diagnostics: archive
                .diagnostics
                .into_iter()
                .map(|d| d.in_file(name.clone()))
                .collect(),
        }),
    }
}

/// The stamp's text from the options, the envelope and the ARActe.
fn stamp_text(a: &StampArgs) -> Result<StampText, Invalid> {
    let mut text = StampText {
        id_acte: a.id_acte.clone().unwrap_or_default(),
        sent: a.sent,
        received: a.received,
        published: a.published,
    };
    if let (None, Some(path)) = (text.sent, &a.envelope) {
        text.sent = Some(sent_on(path)?);
    }
    if let Some(path) = &a.receipt {
        let label = path.display().to_string();
        let max = actes::xml::Limits::default().max_document_bytes as u64;
        let bytes = actes::container::read::read_file_capped(path, max).map_err(|e| {
            Invalid::one(Diagnostic::new(
                Code::StampNoId,
                Location::file(label.clone()),
                format!("cannot read {label}: {e}"),
                format!("impossible de lire {label} : {e}"),
            ))
        })?;
        match Message::parse(&bytes).value {
            Some(Message::ARActe(ar)) => {
                text.id_acte = ar.id_acte.raw.trim().to_string();
                text.received = text.received.or(ar.date_reception.value);
            }
            _ => {
                return Err(Invalid::one(Diagnostic::new(
                    Code::StampNoId,
                    Location::file(label),
                    "not a 1-2 ARActe: no IDActe to stamp",
                    "pas un 1-2 ARActe : aucun IDActe à porter",
                )))
            }
        }
    }
    Ok(text)
}

/// Runs `actes stamp`.
pub fn run(a: StampArgs) -> i32 {
    let c = &a.common;
    let mut report = Report {
        command: "stamp",
        written: false,
        outputs: Vec::new(),
        lines: Vec::new(),
        diagnostics: Diagnostics::default(),
    };
    let text = match stamp_text(&a) {
        Ok(t) => t,
        Err(i) => {
            report.diagnostics.items = i.diagnostics;
            return print_report(report, c.json, c.lang.get());
        }
    };
    if let Some(id) = &a.id_acte {
        report.diagnostics.items.extend(
            actes::ids::ActeId::parse_diagnostics(id)
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error),
        );
        if !report.diagnostics.items.is_empty() {
            return print_report(report, c.json, c.lang.get());
        }
    }
    match stamp_file(&a.pdf, &a.out, &text, &c.options(), c.overwrite()) {
        Ok(s) => {
            report.written = true;
            report.outputs.push(Output {
                path: a.out.display().to_string(),
                size: s.size,
                original_size: Some(s.original_size),
            });
            report.lines = text.lines();
        }
        Err(StampError::Invalid(i)) => report.diagnostics.items = i.diagnostics,
        Err(StampError::Io(e)) => report.diagnostics.items.push(io_diag(&a.out, &e)),
    }
    print_report(report, c.json, c.lang.get())
}

/// Runs `actes bundle stamp`.
pub fn run_bundle(a: BundleStampArgs) -> i32 {
    let c = &a.common;
    let mut report = Report {
        command: "bundle stamp",
        written: false,
        outputs: Vec::new(),
        lines: Vec::new(),
        diagnostics: Diagnostics::default(),
    };
    let record = match ActRecord::from_bundle(&a.bundle, &ReadLimits::default()) {
        Ok(r) => r,
        Err(i) => {
            report.diagnostics.items = i.diagnostics;
            return print_report(report, c.json, c.lang.get());
        }
    };
    if let Err(e) = std::fs::create_dir_all(&a.out) {
        report.diagnostics.items.push(io_diag(&a.out, &e));
        return print_report(report, c.json, c.lang.get());
    }
    let text = record.stamp_text(a.published);
    let options = c.options();
    for (name, bytes, _) in record.sent_documents() {
        let dest = a.out.join(name);
        match actes::pdf::stamp_named(bytes, &text, &options, name) {
            Ok(stamped) => {
                let written =
                    actes::container::write_atomic(&dest, c.overwrite(), |w| w.write_all(&stamped));
                match written {
                    Ok(()) => report.outputs.push(Output {
                        path: dest.display().to_string(),
                        size: stamped.len() as u64,
                        original_size: Some(bytes.len() as u64),
                    }),
                    Err(e) => report.diagnostics.items.push(io_diag(&dest, &e)),
                }
            }
            Err(i) => report.diagnostics.items.extend(i.diagnostics),
        }
    }
    report.written = !report.outputs.is_empty();
    report.lines = text.lines();
    print_report(report, c.json, c.lang.get())
}

/// Runs `actes receipt sheet`.
pub fn run_sheet(a: SheetArgs) -> i32 {
    let mut report = Report {
        command: "receipt sheet",
        written: false,
        outputs: Vec::new(),
        lines: Vec::new(),
        diagnostics: Diagnostics::default(),
    };
    let (records, problems) = record::load(&a.paths, &Default::default());
    report.diagnostics.items = problems;
    let [record] = records.as_slice() else {
        if records.len() > 1 {
            eprintln!("actes: the paths carry {} acts; give one", records.len());
            return EXIT_USAGE;
        }
        return print_report(report, a.json, a.lang.get());
    };
    report
        .diagnostics
        .items
        .extend(record.warnings.iter().cloned());
    let overwrite = if a.force {
        Overwrite::Allow
    } else {
        Overwrite::Never
    };
    match actes::sheet::write_sheet(record, &a.out, overwrite) {
        Ok(size) => {
            report.written = true;
            report.outputs.push(Output {
                path: a.out.display().to_string(),
                size,
                original_size: None,
            });
        }
        Err(e) => report.diagnostics.items.push(io_diag(&a.out, &e)),
    }
    print_report(report, a.json, a.lang.get())
}
