//! `actes budget check|show|seal`: TotEM budget documents and their seal.

use std::fs::File;
use std::io::{self, Cursor, Read, Write};
use std::path::{Path, PathBuf};

use actes::budget::{self, SealStatus};
use actes::container::{write_atomic, Overwrite};
use actes::diagnostic::{Code, Diagnostic, Lang};
use actes::report::{self, BudgetCheckReport};
use clap::{Args, Subcommand};

use super::{LangOpt, EXIT_INVALID, EXIT_OK};

const CHECK_HELP: &str = "\
Checks the seal (Scellement) of each TotEM budget document: the MD5 and SHA-1 of the \
document's canonical form (Canonical XML 1.0, inclusive, without comments, without the \
Scellement element and one whitespace node next to it) must be those the seal carries. \
The seal proves that the file was not altered since it was sealed; it is not a signature. \
FILE may be - for standard input. Documents are streamed: memory stays bounded whatever \
their size.

Text output: one line per file `VALID|INVALID|MISSING|UNREADABLE <file>`, then one line \
per diagnostic. --json: JSON Lines, one object per file (schemas/budget-check.schema.json): \
{\"file\", \"seal\": \"valid\"|\"invalid\"|\"missing\"|null, \"md5\", \"sha1\" (the digests \
the document should carry), \"seal_md5\", \"seal_sha1\", \"sealed_at\" (what the seal says), \
\"siret\", \"collectivite\", \"etablissement\", \"nomenclature\", \"exercice\", \"nat_dec\", \
\"cod_bud\", \"version_schema\", the other metadata, \"diagnostics\"}; values are strings as \
they appear in the document, null when absent.

Exit code: 0 when every seal is valid, 1 otherwise, 2 on a usage error.";

const SHOW_HELP: &str = "\
Prints what a TotEM budget document says about itself (SIRET, collectivité, budget, \
nomenclature, financial year, kind of decision, budget code, schema version, the vote and \
its dates) and the state of its seal. FILE may be - for standard input.

--json: one object, the same shape as `actes budget check --json` \
(schemas/budget-check.schema.json).

Exit code: 0 when the document could be read (whatever its seal), 1 otherwise, 2 on a \
usage error.";

const SEAL_HELP: &str = "\
Writes a sealed copy of a TotEM budget document: any old Scellement is replaced, else one \
is inserted after the last VersionOutil, with the MD5 and SHA-1 of the document's canonical \
form and the date given. Every other byte is copied unchanged (encoding, line ends), so \
the output is deterministic for a given --date. The output appears complete or not at all \
(atomic write); an existing file is replaced only with --force. FILE may be - for standard \
input (then held in memory; a file is read twice instead).

Sealing is not signing: anyone can seal a document, and a seal only shows that the file \
was not altered afterwards.

--date defaults to the system's local time (YYYY-MM-DDTHH:MM:SS.mmm+HH:MM, as TotEM writes \
it). Text output: `SEALED <out> md5 <MD5> sha1 <SHA1>`. Exit code: 0 written, 1 refused or \
failed, 2 usage error.";

/// `actes budget ...`
#[derive(Args, Debug)]
pub struct BudgetArgs {
    #[command(subcommand)]
    command: BudgetCommand,
}

#[derive(Subcommand, Debug)]
enum BudgetCommand {
    /// Check the seal of TotEM budget documents.
    #[command(after_long_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Show the metadata and the seal of a TotEM budget document.
    #[command(after_long_help = SHOW_HELP)]
    Show(ShowArgs),
    /// Write a sealed copy of a TotEM budget document.
    #[command(after_long_help = SEAL_HELP)]
    Seal(SealArgs),
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The documents (- for standard input).
    #[arg(required = true)]
    files: Vec<String>,
    /// Print JSON Lines, one object per file.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

#[derive(Args, Debug)]
struct ShowArgs {
    /// The document (- for standard input).
    file: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
}

#[derive(Args, Debug)]
struct SealArgs {
    /// The document (- for standard input).
    file: String,
    /// Where to write the sealed copy.
    #[arg(long)]
    out: PathBuf,
    /// The seal's date, YYYY-MM-DDTHH:MM:SS with an optional fraction and
    /// offset (default: now, local time).
    #[arg(long)]
    date: Option<String>,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    lang: LangOpt,
}

/// Runs `actes budget ...`.
pub fn run(args: BudgetArgs) -> i32 {
    let result = match args.command {
        BudgetCommand::Check(a) => check(&a),
        BudgetCommand::Show(a) => show(&a),
        BudgetCommand::Seal(a) => seal(&a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("actes: cannot write the results: {e}");
            }
            EXIT_INVALID
        }
    }
}

/// The report of a file, or of standard input for `-`.
fn inspect(file: &str, lang: Lang) -> BudgetCheckReport {
    if file == "-" {
        report::budget_check(file, io::stdin().lock(), lang)
    } else {
        report::budget_check_file(Path::new(file), file, lang)
    }
}

fn print_diagnostics(out: &mut impl Write, diags: &[Diagnostic], lang: Lang) -> io::Result<()> {
    super::write_diagnostics(out, diags, None, lang, 2)
}

fn verdict(i: &BudgetCheckReport) -> &'static str {
    match i.seal {
        Some(SealStatus::Valid) => "VALID",
        Some(SealStatus::Invalid) => "INVALID",
        Some(SealStatus::Missing) => "MISSING",
        None => "UNREADABLE",
    }
}

fn check(args: &CheckArgs) -> io::Result<i32> {
    let lang: Lang = args.lang.get();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut all_valid = true;
    for file in &args.files {
        let i = inspect(file, lang);
        all_valid &= i.is_valid();
        if args.json {
            serde_json::to_writer(&mut out, &i)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{} {file}", verdict(&i))?;
            print_diagnostics(&mut out, &i.diagnostics, lang)?;
        }
    }
    out.flush()?;
    Ok(if all_valid { EXIT_OK } else { EXIT_INVALID })
}

fn show(args: &ShowArgs) -> io::Result<i32> {
    let lang: Lang = args.lang.get();
    let r = inspect(&args.file, lang);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
    } else {
        let fr = lang == Lang::Fr;
        let line = |out: &mut io::BufWriter<_>, en: &str, fr_label: &str, v: Option<&str>| {
            let label = if fr { fr_label } else { en };
            writeln!(out, "{label:<22} {}", v.unwrap_or("-"))
        };
        writeln!(out, "{} {}", verdict(&r), args.file)?;
        let nat = r
            .nat_dec
            .as_deref()
            .map(|n| match budget::nat_dec_label(n) {
                Some(l) => format!("{n} ({l})"),
                None => n.to_string(),
            });
        let v = &r.vote;
        let rows: [(&str, &str, Option<&str>); 22] = [
            ("seal md5", "sceau md5", r.seal_md5.as_deref()),
            ("seal sha1", "sceau sha1", r.seal_sha1.as_deref()),
            ("sealed at", "scellé le", r.sealed_at.as_deref()),
            ("computed md5", "md5 calculé", r.md5.as_deref()),
            ("computed sha1", "sha1 calculé", r.sha1.as_deref()),
            (
                "schema version",
                "version du schéma",
                r.version_schema.as_deref(),
            ),
            ("SIRET", "SIRET", r.siret.as_deref()),
            ("collectivité", "collectivité", r.collectivite.as_deref()),
            ("produced on", "produit le", r.date_production.as_deref()),
            ("establishment", "établissement", r.etablissement.as_deref()),
            (
                "establishment SIRET",
                "SIRET établissement",
                r.id_etab.as_deref(),
            ),
            ("INSEE code", "code INSEE", r.cod_insee_coll.as_deref()),
            ("nomenclature", "nomenclature", r.nomenclature.as_deref()),
            ("financial year", "exercice", r.exercice.as_deref()),
            ("decision", "décision", nat.as_deref()),
            (
                "decision number",
                "numéro de décision",
                r.num_dec.as_deref(),
            ),
            ("budget code", "code budget", r.cod_bud.as_deref()),
            ("convened on", "convoqué le", v.dt_convoc.as_deref()),
            ("deliberated on", "délibéré le", v.dt_delib.as_deref()),
            (
                "sent to préfecture",
                "transmis le",
                r.dt_transm_prefect.as_deref(),
            ),
            ("published on", "publié le", r.dt_pub.as_deref()),
            (
                "members in office",
                "membres en exercice",
                v.nbr_memb_exer.as_deref(),
            ),
        ];
        for (en, f, value) in rows {
            line(&mut out, en, f, value)?;
        }
        let votes = [
            &v.nbr_memb_present,
            &v.nbr_suff_exprime,
            &v.nbr_vote_pour,
            &v.nbr_vote_contre,
            &v.nbr_vote_abstention,
        ];
        if votes.iter().any(|x| x.is_some()) {
            let s = |x: &Option<String>| x.clone().unwrap_or_else(|| "-".into());
            let text = if fr {
                format!(
                    "{} présents, {} suffrages exprimés : {} pour, {} contre, {} abstentions",
                    s(votes[0]),
                    s(votes[1]),
                    s(votes[2]),
                    s(votes[3]),
                    s(votes[4])
                )
            } else {
                format!(
                    "{} present, {} votes cast: {} for, {} against, {} abstentions",
                    s(votes[0]),
                    s(votes[1]),
                    s(votes[2]),
                    s(votes[3]),
                    s(votes[4])
                )
            };
            line(&mut out, "vote", "vote", Some(&text))?;
        }
        print_diagnostics(&mut out, &r.diagnostics, lang)?;
    }
    out.flush()?;
    Ok(if r.seal.is_some() {
        EXIT_OK
    } else {
        EXIT_INVALID
    })
}

/// The system's local time as TotEM writes seal dates. Only the CLI reads
/// the clock.
fn now() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
        .to_string()
}

fn seal(args: &SealArgs) -> io::Result<i32> {
    let lang: Lang = args.lang.get();
    let date = args.date.clone().unwrap_or_else(now);
    let overwrite = if args.force {
        Overwrite::Allow
    } else {
        Overwrite::Never
    };
    let mut err = io::stderr().lock();
    let mut input: Box<dyn ReadSeek> = if args.file == "-" {
        let mut buf = Vec::new();
        io::stdin().lock().read_to_end(&mut buf)?;
        Box::new(Cursor::new(buf))
    } else {
        match File::open(&args.file) {
            Ok(f) => Box::new(f),
            Err(e) => {
                print_diagnostics(&mut err, &[report::budget_unreadable(&args.file, &e)], lang)?;
                return Ok(EXIT_INVALID);
            }
        }
    };
    let mut refused = None;
    let written = write_atomic(&args.out, overwrite, |w| {
        match budget::seal(&mut input, w, &date) {
            Ok(s) => Ok(s),
            Err(d) => {
                refused = Some(d);
                Err(io::Error::other("refused"))
            }
        }
    });
    match written {
        Ok(s) => {
            let mut out = io::stdout().lock();
            writeln!(
                out,
                "SEALED {} md5 {} sha1 {}",
                args.out.display(),
                s.digests.md5,
                s.digests.sha1
            )?;
            print_diagnostics(
                &mut out,
                &s.inspection
                    .diagnostics
                    .iter()
                    .filter(|d| {
                        !matches!(d.code, Code::BudgetSealMissing | Code::BudgetSealInvalid)
                    })
                    .cloned()
                    .collect::<Vec<_>>(),
                lang,
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            match refused {
                Some(d) => print_diagnostics(&mut err, &d, lang)?,
                None => writeln!(err, "actes: cannot write {}: {e}", args.out.display())?,
            }
            Ok(EXIT_INVALID)
        }
    }
}

trait ReadSeek: Read + io::Seek {}
impl<T: Read + io::Seek> ReadSeek for T {}
