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
use actes::bundle::{self, Bundle, CreateOptions};
use actes::container::read::{read_all, ReadLimits, Source};
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

use super::bundle::{parse_date, print_diagnostics, write_files, write_verification};
use super::{EXIT_INVALID, EXIT_OK};

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
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free name for a temporary folder"))
}

fn failed(out: &mut dyn Write, step: &str, diags: &[Diagnostic]) -> io::Result<i32> {
    print_diagnostics(out, diags, Lang::En)?;
    writeln!(out, "demo stopped: {step} failed")?;
    Ok(EXIT_INVALID)
}

fn demo(args: &DemoArgs, out: &mut dyn Write) -> io::Result<i32> {
    let today = args.today;
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
    writeln!(
        out,
        "actes demo — the Lens deliberation of 14 December 2022"
    )?;
    writeln!(
        out,
        "today: {today} (--today; the demo never reads the clock)"
    )?;
    writeln!(out, "output folder: {}", dir.display())?;

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
        return failed(out, "reading input.json", &parsed.diagnostics);
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
                writeln!(
                    out,
                    "   {e} (use --force to replace files of a previous run)"
                )?;
            }
            return failed(out, "building the archive", e.diagnostics());
        }
    };
    print_diagnostics(out, &built.warnings, Lang::En)?;
    let id_acte = built
        .id_acte
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    writeln!(out, "   archive  {}", archive.display())?;
    writeln!(out, "   IDActe   {id_acte}")?;
    writeln!(out, "   manifest of the archive:")?;
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
    writeln!(
        out,
        "2. Acknowledgement  (container::read, messages::Message, receipt::read)"
    )?;
    writeln!(out, "   CLI: actes receipt read DIR/{AR_NAME}")?;
    let ar_path = dir.join(AR_NAME);
    write_atomic(&ar_path, overwrite, |w| w.write_all(AR))?;
    let (entries, container) = read_all(&Source::TarGz(archive.clone()), &ReadLimits::default());
    let sent = entries
        .iter()
        .find_map(|e| match Message::parse(&e.bytes).value {
            Some(Message::Acte(a)) => Some(a),
            _ => None,
        });
    let Some(sent) = sent else {
        return failed(out, "reading the archive back", &container);
    };
    let context = Context {
        recipient: Some(transmission.collectivite.siren),
        expected: built.id_acte,
        sent: Some(sent.clone()),
        today: Some(today),
    };
    let r = receipt::read(AR_NAME, AR, &context);
    let Some(Message::ARActe(ar)) = &r.message else {
        return failed(out, "reading the acknowledgement", &r.diagnostics);
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
        writeln!(
            out,
            "   consistent with the act sent (IDActe, echo, documents, dates): no finding"
        )?;
    } else {
        print_diagnostics(out, &r.diagnostics, Lang::En)?;
    }

    // 3. The act's state and legal dates.
    writeln!(out)?;
    writeln!(
        out,
        "3. State and legal dates  (transaction::Transaction, docs/legal-dates.md)"
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
    print_diagnostics(out, txn.diagnostics(), Lang::En)?;
    writeln!(
        out,
        "   state                         {}",
        txn.state().label()
    )?;
    if let Some(d) = txn.acknowledged_on() {
        writeln!(out, "   received by the préfecture    {d}")?;
    }
    if let Some(end) = txn.window().and_then(|w| w.end()) {
        writeln!(out, "   end of the two-month window   {end}")?;
    }
    match txn.window_status(today) {
        Some(WindowStatus::Open { until, .. }) => writeln!(
            out,
            "   on {today}: the préfet may refer the act to the tribunal until {until} included"
        )?,
        Some(WindowStatus::Closed { ended, .. }) => writeln!(
            out,
            "   on {today}: the window closed on {ended}; the act can no longer be referred"
        )?,
        Some(other) => writeln!(out, "   on {today}: {other:?}")?,
        None => {}
    }

    // 4. The proof bundle.
    writeln!(out)?;
    writeln!(
        out,
        "4. Proof bundle  (bundle::Bundle::from_paths, Bundle::write)"
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
        Err(invalid) => return failed(out, "making the proof bundle", &invalid.diagnostics),
    };
    print_diagnostics(out, &b.warnings, Lang::En)?;
    let written = match b.write(&proof, overwrite) {
        Ok(w) => w,
        Err(e) => {
            writeln!(
                out,
                "   cannot write {}: {e} (use --force to replace files of a previous run)",
                proof.display()
            )?;
            return Ok(EXIT_INVALID);
        }
    };
    writeln!(out, "   {}", proof.display())?;
    write_files(out, &b.manifest.files)?;
    writeln!(out, "   bundle {} {}", written.size, written.sha256)?;

    // 5. Verification.
    writeln!(out)?;
    writeln!(out, "5. Verification  (bundle::verify)")?;
    writeln!(
        out,
        "   CLI: actes bundle verify {} --today {today}",
        proof.display()
    )?;
    let v = bundle::verify(&proof, &Default::default());
    write_verification(out, &v, today, Lang::En)?;
    if !v.intact {
        return Ok(EXIT_INVALID);
    }
    after_acknowledgement(out, &proof, &dir, &id_acte, overwrite)
}

/// 6. The stamped act and the receipt sheet, from the proof bundle.
fn after_acknowledgement(
    out: &mut dyn Write,
    proof: &Path,
    dir: &Path,
    id_acte: &str,
    overwrite: Overwrite,
) -> io::Result<i32> {
    writeln!(out)?;
    writeln!(
        out,
        "6. After the acknowledgement  (record::ActRecord, pdf::stamp, sheet::sheet)"
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
    let record = match ActRecord::from_bundle(proof, &ReadLimits::default()) {
        Ok(r) => r,
        Err(invalid) => return failed(out, "reading the bundle back", &invalid.diagnostics),
    };
    let text = record.stamp_text(None);
    let Some((act_name, act, _)) = record.sent_documents().into_iter().next() else {
        return failed(out, "finding the act in the bundle", &[]);
    };
    let bytes = match stamp_named(act, &text, &StampOptions::default(), act_name) {
        Ok(b) => b,
        Err(invalid) => return failed(out, "stamping the act", &invalid.diagnostics),
    };
    write_atomic(&stamped, overwrite, |w| w.write_all(&bytes))?;
    writeln!(
        out,
        "   {}  ({} bytes; the original {} bytes are its prefix: an incremental update)",
        stamped.display(),
        bytes.len(),
        act.len()
    )?;
    for line in text.lines() {
        writeln!(out, "     {line}")?;
    }
    let size = write_sheet(&record, &sheet, overwrite)?;
    writeln!(out, "   {}  ({size} bytes, one A4 page)", sheet.display())?;
    Ok(EXIT_OK)
}
