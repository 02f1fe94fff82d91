//! `actes demo`: the crate's tour on bundled data.
//!
//! The Lens fixtures (`fixtures/lens/`: the transmission's JSON, its two
//! PDFs, and the acknowledgement the ministry would send) are embedded in
//! the binary with `include_bytes!`, so that `cargo run --release -- demo`
//! works from any folder of a fresh clone, and the installed binary
//! without the repository. Every step goes through the library's public
//! API. The demo never reads the clock: "today" is `--today`, by default
//! [`DEMO_TODAY`], the day the act was sent and acknowledged.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use actes::archive::build_to_dir;
use actes::bundle::{Bundle, CreateOptions};
use actes::container::{write_atomic, Overwrite};
use actes::diagnostic::{Diagnostic, Lang};
use actes::ids::ActeKey;
use actes::messages::Message;
use actes::pdf::{stamp_named, StampOptions};
use actes::receipt::{self, Context};
use actes::record::ActRecord;
use actes::sheet::write_sheet;
use actes::transaction::{EventContext, Transaction, WindowStatus};
use actes::transmission::parse_json;
use actes::transmission::DocumentContent;
use actes::transmission::{Contenu, ValidationOptions};
use chrono::NaiveDate;
use clap::Args;

use super::{
    parse_date, write_bundle_files, write_bundle_verification, write_diagnostics, LangOpt,
    EXIT_INVALID, EXIT_OK,
};

/// The demo's default "today": the day the Lens deliberation was sent and
/// acknowledged.
pub const DEMO_TODAY: &str = "2022-12-19";

const INPUT: &[u8] = include_bytes!("../../fixtures/lens/input.json");
const DELIBERATION: &[u8] = include_bytes!("../../fixtures/lens/deliberation.pdf");
const CONVENTION: &[u8] = include_bytes!("../../fixtures/lens/convention.pdf");
/// The acknowledgement, as the ministry writes it (MI counter `_1`,
/// ISO-8859-1, CRLF, `actes:` prefixes).
const AR_NAME: &str = "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";
const AR: &[u8] =
    include_bytes!("../../fixtures/lens/062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml");

const DEMO_HELP: &str = "\
Runs the whole flow on the bundled Lens deliberation (fixtures/lens/, embedded in the \
binary): validates the transmission and builds its archive, prints its manifest, reads \
the acknowledgement (1-2 ARActe) the ministry sent for it and checks it against what was \
sent, prints the act's state and legal dates (reception date, end of the two-month \
window), then makes a proof bundle and verifies it, stamps the act with the \
acknowledgement and writes the receipt sheet. Every step uses the library's public \
API; src/cli/demo.rs is the crate's tour.

Files are written into --out (created if missing; existing files are never replaced \
unless --force), by default a new folder in the system's temporary folder, which is kept \
and printed. --today defaults to 2022-12-19: the demo never reads the clock.

Exit code: 0 when every step succeeded and the bundle verified intact, 1 otherwise, 2 \
usage error.";

/// `actes demo`
#[derive(Args, Debug)]
#[command(after_long_help = DEMO_HELP)]
pub struct DemoArgs {
    /// Folder to write the archive, the acknowledgement and the bundle into
    /// (default: a new temporary folder).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Today's date, YYYY-MM-DD (default: 2022-12-19; the demo never reads the clock).
    #[arg(long, value_parser = parse_date, default_value = DEMO_TODAY)]
    today: NaiveDate,
    /// Replace files left by a previous run in --out.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    lang: LangOpt,
}

/// Runs `actes demo`.
pub fn run(args: DemoArgs) -> i32 {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match demo(&args, &mut out) {
        Ok(code) => code,
        Err(e) => {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("actes demo: {e}");
            }
            EXIT_INVALID
        }
    }
}

/// The embedded content of a document named in `input.json`.
fn embedded(path: &Path) -> Option<&'static [u8]> {
    match path.file_name()?.to_str()? {
        "deliberation.pdf" => Some(DELIBERATION),
        "convention.pdf" => Some(CONVENTION),
        _ => None,
    }
}

/// A new folder in the temporary folder, named without reading the clock.
fn fresh_dir() -> io::Result<PathBuf> {
    let base = std::env::temp_dir();
    let pid = std::process::id();
    for n in 0..1000 {
        let dir = base.join(format!("actes-demo-{pid}-{n}"));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free name for a temporary folder"))
}

/// One line of the tour in the reader's language.
macro_rules! say {
    ($out:expr, $lang:expr, $en:literal, $fr:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            Lang::En => writeln!($out, $en $(, $arg)*),
            Lang::Fr => writeln!($out, $fr $(, $arg)*),
        }
    };
}

/// A step that failed: its diagnostics, and why the demo stops.
fn failed(
    out: &mut dyn Write,
    lang: Lang,
    step: (&str, &str),
    diags: &[Diagnostic],
) -> io::Result<i32> {
    write_diagnostics(out, diags, None, lang, 0)?;
    match lang {
        Lang::En => writeln!(out, "demo stopped: {} failed", step.0)?,
        Lang::Fr => writeln!(out, "démo arrêtée : échec de l'étape « {} »", step.1)?,
    }
    Ok(EXIT_INVALID)
}

fn demo(args: &DemoArgs, out: &mut dyn Write) -> io::Result<i32> {
    let today = args.today;
    let lang = args.lang.get();
    let overwrite = if args.force {
        Overwrite::Allow
    } else {
        Overwrite::Never
    };
    let dir = match &args.out {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => fresh_dir()?,
    };
    say!(
        out,
        lang,
        "actes demo — the Lens deliberation of 14 December 2022",
        "actes demo — la délibération de Lens du 14 décembre 2022"
    )?;
    say!(
        out,
        lang,
        "today: {today} (--today; the demo never reads the clock)",
        "aujourd'hui : {today} (--today ; la démo ne lit jamais l'horloge)"
    )?;
    say!(
        out,
        lang,
        "output folder: {}",
        "dossier de sortie : {}",
        dir.display()
    )?;

    // 1. The transmission, from its JSON description.
    writeln!(out)?;
    writeln!(
        out,
        "1. Transmission  (transmission::parse_json, archive::build_to_dir)"
    )?;
    writeln!(
        out,
        "   CLI: actes archive build fixtures/lens/input.json --out DIR --today {today}"
    )?;
    let parsed = parse_json(INPUT, Path::new("fixtures/lens"));
    let Some(mut transmission) = parsed.value.filter(|_| parsed.diagnostics.is_empty()) else {
        return failed(
            out,
            lang,
            ("reading input.json", "lecture de input.json"),
            &parsed.diagnostics,
        );
    };
    if let Contenu::Acte(acte) = &mut transmission.contenu {
        for doc in std::iter::once(&mut acte.document).chain(acte.annexes.iter_mut()) {
            if let Some(bytes) = doc.content.as_path().and_then(embedded) {
                doc.content = DocumentContent::bytes(bytes.to_vec());
            }
        }
    }
    let options = ValidationOptions::new(today);
    let (archive, built) = match build_to_dir(&transmission, &options, &dir, overwrite) {
        Ok(b) => b,
        Err(e) => {
            if e.diagnostics().is_empty() {
                say!(
                    out,
                    lang,
                    "   {e} (use --force to replace files of a previous run)",
                    "   {e} (--force pour remplacer les fichiers d'une exécution précédente)"
                )?;
            }
            return failed(
                out,
                lang,
                ("building the archive", "construction de l'archive"),
                e.diagnostics(),
            );
        }
    };
    write_diagnostics(out, &built.warnings, None, lang, 0)?;
    let id_acte = built
        .id_acte
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    say!(
        out,
        lang,
        "   archive  {}",
        "   archive  {}",
        archive.display()
    )?;
    writeln!(out, "   IDActe   {id_acte}")?;
    say!(
        out,
        lang,
        "   manifest of the archive:",
        "   manifeste de l'archive :"
    )?;
    for e in &built.manifest.entries {
        writeln!(out, "     {:>6} {} {}", e.size, e.sha256, e.name)?;
    }
    writeln!(
        out,
        "     {:>6} {} {}",
        built.manifest.size, built.manifest.sha256, built.manifest.archive
    )?;

    // 2. The acknowledgement, read and checked against what was sent.
    writeln!(out)?;
    say!(
        out,
        lang,
        "2. Acknowledgement  (Transmission::sent_acte, messages::Message, receipt::read)",
        "2. Accusé de réception  (Transmission::sent_acte, messages::Message, receipt::read)"
    )?;
    writeln!(out, "   CLI: actes receipt read DIR/{AR_NAME}")?;
    let ar_path = dir.join(AR_NAME);
    write_atomic(&ar_path, overwrite, |w| w.write_all(AR))?;
    // What was sent, straight from the transmission (no need to read the
    // archive again).
    let Some(sent) = transmission.sent_acte() else {
        return failed(
            out,
            lang,
            ("planning the act", "préparation de l'acte"),
            &[],
        );
    };
    let context = Context {
        recipient: Some(transmission.collectivite.siren),
        expected: built.id_acte,
        sent: Some(sent.clone()),
        today: Some(today),
    };
    let r = receipt::read(AR_NAME, AR, &context);
    let Some(Message::ARActe(ar)) = &r.message else {
        return failed(
            out,
            lang,
            (
                "reading the acknowledgement",
                "lecture de l'accusé de réception",
            ),
            &r.diagnostics,
        );
    };
    writeln!(out, "   {AR_NAME}: 1-2 ARActe")?;
    writeln!(out, "   IDActe         {}", ar.id_acte.raw)?;
    writeln!(out, "   DateReception  {}", ar.date_reception.raw)?;
    writeln!(
        out,
        "   ClassificationDateVersionEnCours  {}",
        ar.classification_date_version_en_cours.raw
    )?;
    if r.diagnostics.is_empty() {
        say!(
            out,
            lang,
            "   consistent with the act sent (IDActe, echo, documents, dates): no finding",
            "   cohérent avec l'acte envoyé (IDActe, écho, documents, dates) : aucun constat"
        )?;
    } else {
        write_diagnostics(out, &r.diagnostics, None, lang, 0)?;
    }

    // 3. The act's state and legal dates.
    writeln!(out)?;
    say!(
        out,
        lang,
        "3. State and legal dates  (transaction::Transaction, docs/legal-dates.md)",
        "3. État et dates légales  (transaction::Transaction, docs/legal-dates.md)"
    )?;
    let mut txn = Transaction::new(ActeKey::from_id_acte(&id_acte));
    let siren = transmission.collectivite.siren.to_string();
    txn.push_message(
        &Message::Acte(sent),
        &EventContext {
            source: Some(format!("{id_acte}-1-1")),
            siren: Some(siren.clone()),
            sent_on: Some(transmission.envoi.date),
        },
    );
    txn.push_message(
        &Message::ARActe(ar.clone()),
        &EventContext {
            source: Some(AR_NAME.to_string()),
            siren: Some(siren),
            sent_on: None,
        },
    );
    write_diagnostics(out, txn.diagnostics(), None, lang, 0)?;
    say!(
        out,
        lang,
        "   state                         {}",
        "   état                          {}",
        txn.state().label(lang)
    )?;
    if let Some(d) = txn.acknowledged_on() {
        say!(
            out,
            lang,
            "   received by the préfecture    {d}",
            "   reçu par la préfecture        {d}"
        )?;
    }
    if let Some(end) = txn.window().and_then(|w| w.end()) {
        say!(
            out,
            lang,
            "   end of the two-month window   {end}",
            "   fin du délai de deux mois     {end}"
        )?;
    }
    match txn.window_status(today) {
        Some(WindowStatus::Open { until, .. }) => say!(
            out,
            lang,
            "   on {today}: the préfet may refer the act to the tribunal until {until} included",
            "   le {today} : le préfet peut déférer l'acte au tribunal jusqu'au {until} inclus"
        )?,
        Some(WindowStatus::Closed { ended, .. }) => say!(
            out,
            lang,
            "   on {today}: the window closed on {ended}; the act can no longer be referred",
            "   le {today} : le délai a pris fin le {ended} ; l'acte ne peut plus être déféré"
        )?,
        Some(other) => say!(
            out,
            lang,
            "   on {today}: {other:?}",
            "   le {today} : {other:?}"
        )?,
        None => {}
    }

    // 4. The proof bundle.
    writeln!(out)?;
    say!(
        out,
        lang,
        "4. Proof bundle  (bundle::Bundle::from_paths, Bundle::write)",
        "4. Dossier de preuve  (bundle::Bundle::from_paths, Bundle::write)"
    )?;
    let proof = dir.join(format!("{id_acte}-proof.zip"));
    writeln!(
        out,
        "   CLI: actes bundle create --archive {} --receipt DIR/{AR_NAME} --out {}",
        archive
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        proof
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    )?;
    let b = match Bundle::from_paths(
        &archive,
        &[&ar_path],
        &CreateOptions {
            today: Some(today),
            ..CreateOptions::default()
        },
    ) {
        Ok(b) => b,
        Err(invalid) => {
            return failed(
                out,
                lang,
                ("making the proof bundle", "création du dossier de preuve"),
                &invalid.diagnostics,
            )
        }
    };
    write_diagnostics(out, &b.warnings, None, lang, 0)?;
    let written = match b.write(&proof, overwrite) {
        Ok(w) => w,
        Err(e) => {
            say!(out, lang, "   cannot write {}: {e} (use --force to replace files of a previous run)", "   impossible d'écrire {} : {e} (--force pour remplacer les fichiers d'une exécution précédente)",
                proof.display()
            )?;
            return Ok(EXIT_INVALID);
        }
    };
    writeln!(out, "   {}", proof.display())?;
    write_bundle_files(out, &b.manifest.files)?;
    writeln!(out, "   bundle {} {}", written.size, written.sha256)?;

    // 5. Verification.
    writeln!(out)?;
    say!(
        out,
        lang,
        "5. Verification  (bundle::verify)",
        "5. Vérification  (bundle::verify)"
    )?;
    writeln!(
        out,
        "   CLI: actes bundle verify {} --today {today}",
        proof.display()
    )?;
    let v = actes::report::bundle_verify(&proof, today, lang);
    write_bundle_verification(out, &v, lang)?;
    if !v.intact {
        return Ok(EXIT_INVALID);
    }
    after_acknowledgement(out, lang, &proof, &dir, &id_acte, overwrite)
}

/// 6. The stamped act and the receipt sheet, from the proof bundle.
fn after_acknowledgement(
    out: &mut dyn Write,
    lang: Lang,
    proof: &Path,
    dir: &Path,
    id_acte: &str,
    overwrite: Overwrite,
) -> io::Result<i32> {
    writeln!(out)?;
    say!(
        out,
        lang,
        "6. After the acknowledgement  (record::ActRecord, pdf::stamp, sheet::sheet)",
        "6. Après l'accusé de réception  (record::ActRecord, pdf::stamp, sheet::sheet)"
    )?;
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let stamped = dir.join(format!("{id_acte}-stamped.pdf"));
    let sheet = dir.join(format!("{id_acte}-bordereau.pdf"));
    writeln!(out, "   CLI: actes bundle stamp {} --out DIR", name(proof))?;
    writeln!(
        out,
        "   CLI: actes receipt sheet {} --out {}",
        name(proof),
        name(&sheet)
    )?;
    let record = match ActRecord::from_bundle(proof, &Default::default()) {
        Ok(r) => r,
        Err(invalid) => {
            let step = ("reading the bundle back", "relecture du dossier de preuve");
            return failed(out, lang, step, &invalid.diagnostics);
        }
    };
    let text = record.stamp_text(None);
    let Some((act_name, act, _)) = record.sent_documents().into_iter().next() else {
        let step = (
            "finding the act in the bundle",
            "recherche de l'acte dans le dossier",
        );
        return failed(out, lang, step, &[]);
    };
    let bytes = match stamp_named(act, &text, &StampOptions::default(), act_name) {
        Ok(b) => b,
        Err(invalid) => {
            let step = ("stamping the act", "tamponnage de l'acte");
            return failed(out, lang, step, &invalid.diagnostics);
        }
    };
    write_atomic(&stamped, overwrite, |w| w.write_all(&bytes))?;
    say!(
        out,
        lang,
        "   {}  ({} bytes; the original {} bytes are its prefix: an incremental update)",
        "   {}  ({} octets ; les {} octets de l'original en sont le début : une mise à jour incrémentale)",
        stamped.display(),
        bytes.len(),
        act.len()
    )?;
    for line in text.lines() {
        writeln!(out, "     {line}")?;
    }
    let size = write_sheet(&record, &sheet, overwrite)?;
    say!(
        out,
        lang,
        "   {}  ({} bytes, one A4 page)",
        "   {}  ({} octets, une page A4)",
        sheet.display(),
        size
    )?;
    Ok(EXIT_OK)
}
