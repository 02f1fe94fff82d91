//! `actes act status`: the legal state of one act or many, from whatever
//! files the user has (sent archives, deliveries, received files, proof
//! bundles).

use std::io::{self, Write};
use std::path::Path;

use actes::diagnostic::Lang;
use actes::report::{act_status_full, ActStatus, Published, StatusOptions};
use actes::transaction::{Calendar, Transaction};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::Value;

use super::{parse_date, system_today, write_diagnostics, LangOpt};
use super::{EXIT_INVALID, EXIT_OK};

const STATUS_HELP: &str = "\
Reads every PATH — sent archives (tar.gz), deliveries (folder, tar.gz, tar or zip), proof \
bundles (zip), folders, or single message files — and groups what they say by act (IDActe, \
SIREN and numéro, envelope name). The same file given twice counts once. For each act: its \
state, its history, and its legal dates (docs/legal-dates.md):

- the préfet's window (délai de déféré): two months from the 1-2 DateReception, a délai franc \
by default (--delai non-franc for the stricter reading), moved to the next working day of the \
act's département (--calendar to choose another: national, alsace_moselle, guadeloupe, \
martinique, guyane, reunion, mayotte, saint_barthelemy, saint_martin); suspended by a 3-1, \
interrupted by a 4-1, restarted by their answers or by the implicit decision two months after \
an unanswered letter;
- with --published DATE (or IDACTE=DATE, repeatable; the protocol does not carry it): the day \
the act is exécutoire (the later of the publication and the acknowledgement) and the last day \
of the third parties' window (two months from publication, délai franc).

--today DATE is the day statuses are given for; by default, today's date on this machine's \
clock in its local time zone.

--json: JSON Lines, one object per act: {\"id_acte\", \"state\", \"acknowledged_on\", \
\"window_end\", \"window_status\", \"implicit_decision_on\", \"published_on\", \"executoire\", \
\"third_party_window_end\", \"rules\", \"history\": [{\"date\", \"code\", \"root\", \"event\", \
\"file\"}], \"diagnostics\"}; dates YYYY-MM-DD or null; state a stable snake_case token \
(transmitted, acknowledged, rejected, envelope_refused, letter_received, pieces_requested, \
observations_received, referred, cancelled…); window_status open, closed, suspended or unknown. \
Schema: schemas/act-status.schema.json. Files that are not protocol messages are reported on \
a last line {\"id_acte\": null, …, \"diagnostics\"} only when there are such findings.

Exit code: 0 when every input was read and names an act, 1 otherwise (and, with --strict, when \
an error was found), 2 on a usage error.";

/// `actes act ...`
#[derive(Args, Debug)]
pub struct ActArgs {
    #[command(subcommand)]
    command: ActCommand,
}

#[derive(Subcommand, Debug)]
enum ActCommand {
    /// The state, history and legal dates of the acts the files tell about.
    #[command(after_long_help = STATUS_HELP)]
    Status(StatusArgs),
}

/// How the préfet's window is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Delai {
    /// Délai franc (default): the last day is the day after the same day
    /// number two months later.
    Franc,
    /// The stricter reading: the same day number two months later.
    NonFranc,
}

fn parse_published(s: &str) -> Result<Published, String> {
    match s.rsplit_once('=') {
        Some((id, date)) => Ok(Published {
            id_acte: Some(id.trim().to_string()),
            date: parse_date(date)?,
        }),
        None => Ok(Published {
            id_acte: None,
            date: parse_date(s)?,
        }),
    }
}

fn parse_calendar(s: &str) -> Result<Calendar, String> {
    Calendar::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = Calendar::ALL.iter().map(|c| c.name()).collect();
        format!("unknown calendar {s:?} (one of: {})", names.join(", "))
    })
}

#[derive(Args, Debug)]
struct StatusArgs {
    /// Print JSON Lines (one object per act) instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: LangOpt,
    /// Exit 1 also when an error diagnostic was found.
    #[arg(long)]
    strict: bool,
    /// The day statuses are given for (YYYY-MM-DD). Default: today's date
    /// on this machine's clock, in its local time zone.
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Publication (or notification) date: DATE for every act, or
    /// IDACTE=DATE (repeatable).
    #[arg(long, value_parser = parse_published)]
    published: Vec<Published>,
    /// How the préfet's window is counted.
    #[arg(long, value_enum, default_value = "franc")]
    delai: Delai,
    /// The public holidays to use instead of the act's département's.
    #[arg(long, value_parser = parse_calendar)]
    calendar: Option<Calendar>,
    /// Sent archives, deliveries, proof bundles, folders or message files.
    #[arg(required = true)]
    paths: Vec<String>,
}

/// Runs `actes act`.
pub fn run(args: ActArgs) -> i32 {
    match args.command {
        ActCommand::Status(a) => status(a),
    }
}

struct Labels {
    state: &'static str,
    acknowledged: &'static str,
    window: &'static str,
    implicit: &'static str,
    published: &'static str,
    executoire: &'static str,
    executoire_state: &'static str,
    third: &'static str,
    history: &'static str,
    findings: &'static str,
    none: &'static str,
    not_yet: &'static str,
}

fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Fr => Labels {
            state: "état",
            acknowledged: "accusé de réception",
            window: "délai de déféré",
            implicit: "décision implicite le",
            published: "publié le",
            executoire: "exécutoire le",
            executoire_state: "exécutoire",
            third: "recours des tiers jusqu'au",
            history: "historique",
            findings: "constats",
            none: "inconnu",
            not_yet: "non (pas de date de publication)",
        },
        Lang::En => Labels {
            state: "state",
            acknowledged: "acknowledged on",
            window: "préfet's window",
            implicit: "implicit decision on",
            published: "published on",
            executoire: "exécutoire on",
            executoire_state: "exécutoire",
            third: "third parties' window until",
            history: "history",
            findings: "findings",
            none: "unknown",
            not_yet: "no (no publication date)",
        },
    }
}

fn write_act(out: &mut dyn Write, v: &Value, t: &Transaction, lang: Lang) -> io::Result<()> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let l = labels(lang);
    let none = l.none.to_string();
    writeln!(out, "{}", s("id_acte").unwrap_or_else(|| "?".into()))?;
    writeln!(out, "  {}: {}", l.state, s("state").unwrap_or_default())?;
    writeln!(
        out,
        "  {}: {}",
        l.acknowledged,
        s("acknowledged_on").unwrap_or_else(|| none.clone())
    )?;
    let franc = if t.rules().delai_franc {
        "délai franc"
    } else {
        "non franc"
    };
    let status = s("window_status").unwrap_or_default();
    match s("window_end") {
        Some(end) => writeln!(
            out,
            "  {}: {status} ({end}; {franc}, {})",
            l.window,
            t.rules().calendar.name()
        )?,
        None => writeln!(out, "  {}: {status}", l.window)?,
    }
    if let Some(d) = s("implicit_decision_on") {
        writeln!(out, "  {}: {d}", l.implicit)?;
    }
    if let Some(p) = s("published_on") {
        writeln!(out, "  {}: {p}", l.published)?;
        writeln!(
            out,
            "  {}: {}",
            l.executoire,
            s("executoire").unwrap_or_else(|| none.clone())
        )?;
        if let Some(third) = s("third_party_window_end") {
            writeln!(out, "  {}: {third}", l.third)?;
        }
    } else {
        writeln!(out, "  {}: {}", l.executoire_state, l.not_yet)?;
    }
    writeln!(out, "  {}:", l.history)?;
    for h in t.history() {
        writeln!(
            out,
            "    {} {} {} -> {}{}",
            h.date(),
            h.code()
                .map_or_else(|| "ANO".to_string(), |c| c.to_string()),
            h.event.kind.root_element(),
            h.state.token(),
            h.event
                .source
                .as_deref()
                .map(|f| format!("  [{f}]"))
                .unwrap_or_default()
        )?;
    }
    if !t.diagnostics().is_empty() {
        writeln!(out, "  {}:", l.findings)?;
        write_diagnostics(out, t.diagnostics(), None, lang, 4)?;
    }
    Ok(())
}

fn status(args: StatusArgs) -> i32 {
    let lang = args.lang.get();
    let today = args.today.unwrap_or_else(system_today);
    let paths: Vec<&Path> = args.paths.iter().map(Path::new).collect();
    let options = StatusOptions {
        delai_franc: args.delai == Delai::Franc,
        calendar: args.calendar,
    };
    let status = act_status_full(&paths, &args.published, today, options, lang);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = if args.json {
        status
            .documents()
            .iter()
            .try_for_each(|v| writeln!(out, "{v}"))
    } else {
        write_text(&mut out, &status, lang)
    };
    if written.and_then(|()| out.flush()).is_err() {
        return EXIT_INVALID;
    }
    if !status.all_read || (args.strict && status.has_errors()) {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

fn write_text(out: &mut dyn Write, status: &ActStatus, lang: Lang) -> io::Result<()> {
    for (t, v) in &status.acts {
        write_act(out, v, t, lang)?;
    }
    if !status.files.is_empty() {
        writeln!(
            out,
            "{}:",
            match lang {
                Lang::Fr => "Fichiers",
                Lang::En => "Files",
            }
        )?;
        write_diagnostics(out, &status.files, None, lang, 2)?;
    }
    Ok(())
}
