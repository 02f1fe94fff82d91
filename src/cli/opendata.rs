//! `actes opendata scdl`: the SCDL « Délibérations » CSV. JSON output:
//! `schemas/stamp-sheet-opendata.schema.json`.

use std::io::{self, Write};
use std::path::PathBuf;

use actes::container::{write_atomic, Overwrite};
use actes::diagnostic::{Code, Diagnostic, Lang, Location};
use actes::opendata::{scdl, Extra, ScdlOptions};
use actes::record;
use actes::report::Diagnostics;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{write_diagnostics, LangOpt, EXIT_INVALID, EXIT_OK};

const SCDL_HELP: &str = "\
Writes the SCDL « Délibérations » table (OpenDataFrance 2.1) of the acts given: one row per \
délibération (nature DE), columns in the schema's order. PATH: proof bundles (verified \
first), or transmitted archives with the files received about them (acknowledgements, \
the ministry's envelopes, delivery folders, tar.gz or zip): each received file goes with \
the archive whose act it names.

DELIB_ID is the numéro interne, DELIB_DATE the decision date, DELIB_MATIERE_CODE the \
matière at levels 1-2, DELIB_MATIERE_NOM the national labels of levels 1 and 2 in lower \
case joined by '/', PREF_ID the ministry's envelope (PREF062, SPREF0622), PREF_DATE the \
acknowledgement's reception date. --extra FILE.csv gives, per NUMERO_INTERNE, \
BUDGET_ANNEE, BUDGET_NOM, the five VOTE_* counts, DELIB_URL (and PUBLICATION_DATE). \
--all-natures writes every act with Mégalis' PUBLICATION_DATE and NATURE_ACTE columns.

Every row meets the official schema's custom checks (SIRET checksum, all-or-none groups, \
vote sums, PREF_DATE >= DELIB_DATE, the level-1 label): a row that cannot is reported \
(SCDL-*) and not written. The CSV is UTF-8, comma-separated, RFC 4180-quoted, CRLF, \
sorted by date then numéro, byte-identical on rerun, written atomically.

Text output: the file and its row count, then the diagnostics. --json: one object \
(schemas/stamp-sheet-opendata.schema.json). Exit code: 0 when every act given \
was written, 1 when one was refused or an input unreadable, 2 usage error.";

/// `actes opendata ...`
#[derive(Args, Debug)]
pub struct OpendataArgs {
    #[command(subcommand)]
    command: OpendataCommand,
}

#[derive(Subcommand, Debug)]
enum OpendataCommand {
    /// The SCDL « Délibérations » CSV of acknowledged acts.
    #[command(after_long_help = SCDL_HELP)]
    Scdl(ScdlArgs),
}

#[derive(Args, Debug)]
struct ScdlArgs {
    /// Proof bundles, or archives with the files received about them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// COLL_NOM: the collectivité's official name.
    #[arg(long)]
    coll_nom: String,
    /// COLL_SIRET: 14 digits (the act's SIREN, then the NIC).
    #[arg(long)]
    siret: String,
    /// A CSV of values not in ACTES, keyed by NUMERO_INTERNE.
    #[arg(long)]
    extra: Option<PathBuf>,
    /// Every nature, with PUBLICATION_DATE and NATURE_ACTE.
    #[arg(long)]
    all_natures: bool,
    /// The CSV to write.
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

#[derive(Serialize)]
struct Output {
    path: String,
    size: u64,
    rows: usize,
}

#[derive(Serialize)]
struct Report {
    command: &'static str,
    written: bool,
    outputs: Vec<Output>,
    other_natures: usize,
    diagnostics: Diagnostics,
}

/// Runs `actes opendata ...`.
pub fn run(args: OpendataArgs) -> i32 {
    match args.command {
        OpendataCommand::Scdl(a) => {
            let (mut report, lang, json) = scdl_report(&a);
            report.diagnostics.lang = lang;
            let stdout = io::stdout();
            let mut out = stdout.lock();
            print(&report, json, lang, &mut out).unwrap_or(EXIT_INVALID)
        }
    }
}

fn print(r: &Report, json: bool, lang: Lang, out: &mut dyn Write) -> io::Result<i32> {
    if json {
        writeln!(out, "{}", serde_json::to_string(r).unwrap_or_default())?;
    } else {
        for o in &r.outputs {
            writeln!(out, "{} {} rows, {} bytes", o.path, o.rows, o.size)?;
        }
        if r.other_natures > 0 {
            writeln!(
                out,
                "{} acts of another nature than DE left out (--all-natures writes them)",
                r.other_natures
            )?;
        }
        write_diagnostics(out, &r.diagnostics.items, None, lang, 0)?;
        if !r.written {
            writeln!(out, "REFUSED: nothing written")?;
        }
    }
    Ok(
        if r.written && !r.diagnostics.items.iter().any(Diagnostic::is_error) {
            EXIT_OK
        } else {
            EXIT_INVALID
        },
    )
}

fn scdl_report(a: &ScdlArgs) -> (Report, Lang, bool) {
    let mut report = Report {
        command: "opendata scdl",
        written: false,
        outputs: Vec::new(),
        other_natures: 0,
        diagnostics: Diagnostics::default(),
    };
    let extra = match &a.extra {
        None => Extra::default(),
        Some(path) => {
            let label = path.display().to_string();
            let bytes = actes::container::read::read_file_capped(path, 64 * 1024 * 1024);
            match bytes.map(|b| Extra::parse(&b, &label)) {
                Ok(Ok(e)) => e,
                Ok(Err(i)) => {
                    report.diagnostics.items = i.diagnostics;
                    return (report, a.lang.get(), a.json);
                }
                Err(e) => {
                    report.diagnostics.items.push(Diagnostic::new(
                        Code::ScdlExtra,
                        Location::file(label.clone()),
                        format!("cannot read {label}: {e}"),
                        format!("impossible de lire {label} : {e}"),
                    ));
                    return (report, a.lang.get(), a.json);
                }
            }
        }
    };
    let options = ScdlOptions {
        coll_nom: a.coll_nom.clone(),
        siret: a.siret.clone(),
        extra,
        all_natures: a.all_natures,
    };
    let (records, problems) = record::load(&a.paths, &Default::default());
    report.diagnostics.items = problems;
    let table = match scdl(&records, &options) {
        Ok(t) => t,
        Err(i) => {
            report.diagnostics.items.extend(i.diagnostics);
            return (report, a.lang.get(), a.json);
        }
    };
    report.other_natures = table.other_natures;
    report
        .diagnostics
        .items
        .extend(table.refused.iter().cloned());
    let bytes = table.to_csv();
    let overwrite = if a.force {
        Overwrite::Allow
    } else {
        Overwrite::Never
    };
    match write_atomic(&a.out, overwrite, |w| w.write_all(&bytes)) {
        Ok(()) => {
            report.written = true;
            report.outputs.push(Output {
                path: a.out.display().to_string(),
                size: bytes.len() as u64,
                rows: table.rows.len(),
            });
        }
        Err(e) => report
            .diagnostics
            .items
            .push(super::stamp::io_diag(&a.out, &e)),
    }
    (report, a.lang.get(), a.json)
}
