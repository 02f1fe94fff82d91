//! `actes id check`: validates IDActe identifiers. Also holds the streaming
//! checker shared with `actes siren check`.

use std::io::{self, BufRead, BufReader, BufWriter, Write};

use actes::diagnostic::{Code, Diagnostic, Lang, Location, Parsed};
use actes::ids::ActeId;
use clap::{Args, Subcommand};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::{LangArg, EXIT_INVALID, EXIT_OK};

/// Output format and exit codes, shared by the `check` commands.
pub const CHECK_HELP: &str = "\
With no argument, reads one value per line from standard input (CRLF tolerated, blank lines \
skipped; a line that is not UTF-8 is reported as invalid with ID-INPUT-NOT-UTF8) and streams \
the results.

Text output, per input: one line per diagnostic, `ERROR <input>: <code> <message> (<segment>, \
byte <offset>)` or `WARN ...` for a warning, then `OK <input>` when the input is valid (so \
`grep -c '^OK'` counts the valid inputs).

--json: JSON Lines, one object per input: {\"input\", \"valid\", the parsed value when there is \
one, \"diagnostics\": [{\"code\", \"severity\", \"segment\", \"offset\", \"message\"}]}.

--strict: warnings (emission-profile findings, unknown département, SIREN starting with 0) \
count as errors, for validity and for the exit code; they are printed as errors.

Exit code: 0 when every input is valid, 1 when at least one is invalid or standard input \
cannot be read, 2 on a usage error.";

/// `actes id ...`
#[derive(Args, Debug)]
pub struct IdArgs {
    #[command(subcommand)]
    command: IdCommand,
}

#[derive(Subcommand, Debug)]
enum IdCommand {
    /// Check IDActe identifiers (DDD-SSSSSSSSS-YYYYMMDD-NUMERO-NN).
    #[command(after_long_help = CHECK_HELP)]
    Check(CheckArgs),
}

/// The options of a `check` command.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Print JSON Lines instead of text.
    #[arg(long)]
    json: bool,
    /// Count warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Values to check; standard input when none.
    values: Vec<String>,
}

/// A type a `check` command validates.
pub trait CheckItem: Sized {
    /// The lenient parse.
    fn parse(s: &str) -> Parsed<Self>;
    /// Adds the parsed value to a JSON Lines record.
    fn serialize_value<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// The parts of an IDActe, in the order of the identifier.
#[derive(Serialize)]
struct ActeIdJson<'a> {
    departement: &'a str,
    siren: &'a str,
    date: IsoDate,
    numero: &'a str,
    nature: NatureJson,
}

/// A date serialized as `YYYY-MM-DD`, digits written directly (chrono's
/// `Display` goes through a formatter character by character: a fifth of
/// the time of `id check --json`).
struct IsoDate(chrono::NaiveDate);

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use chrono::Datelike;
        let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
        if !(0..=9999).contains(&y) {
            return s.collect_str(&self.0);
        }
        let y = y.unsigned_abs();
        let digit = |v: u32| b'0' + (v % 10) as u8;
        let b = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ];
        s.serialize_str(std::str::from_utf8(&b).unwrap_or_default())
    }
}

#[derive(Serialize)]
struct NatureJson {
    code: u8,
    abbr: &'static str,
    label: &'static str,
}

impl CheckItem for ActeId {
    fn parse(s: &str) -> Parsed<Self> {
        ActeId::parse_diagnostics(s)
    }

    fn serialize_value<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        let n = self.nature();
        let (departement, siren, numero) = (self.departement(), self.siren(), self.numero());
        map.serialize_entry(
            "id",
            &ActeIdJson {
                departement: departement.as_str(),
                siren: siren.as_str(),
                date: IsoDate(self.date()),
                numero: numero.as_str(),
                nature: NatureJson {
                    code: n.code(),
                    abbr: n.abbr(),
                    label: n.label(),
                },
            },
        )
    }
}

/// Runs `actes id ...`.
pub fn run(args: IdArgs) -> i32 {
    match args.command {
        IdCommand::Check(check) => run_check::<ActeId>(&check),
    }
}

/// Options of one run.
struct Opts {
    json: bool,
    strict: bool,
    lang: Lang,
}

/// Checks every value of the command line, or every line of standard
/// input, and prints the results. Returns the exit code.
pub fn run_check<T: CheckItem>(args: &CheckArgs) -> i32 {
    let opts = Opts {
        json: args.json,
        strict: args.strict,
        lang: args.lang.into(),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut all_valid = true;
    let result: io::Result<()> = (|| {
        if args.values.is_empty() {
            let stdin = io::stdin();
            let mut reader = BufReader::with_capacity(64 * 1024, stdin.lock());
            let mut buf = Vec::with_capacity(256);
            loop {
                buf.clear();
                let total = match read_line_bounded(&mut reader, &mut buf, MAX_LINE_BYTES) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) => {
                        out.flush()?;
                        eprintln!("actes: cannot read standard input: {e}");
                        all_valid = false;
                        break;
                    }
                };
                if total > buf.len() {
                    all_valid &= too_long::<T>(&buf, total, &opts, &mut out)?;
                    continue;
                }
                let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                all_valid &= check_bytes::<T>(line, &opts, &mut out)?;
            }
        } else {
            for v in &args.values {
                all_valid &= check_str::<T>(v, &opts, &mut out)?;
            }
        }
        out.flush()
    })();
    match result {
        Ok(()) if all_valid => EXIT_OK,
        Ok(()) => EXIT_INVALID,
        Err(e) => {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("actes: cannot write the results: {e}");
            }
            EXIT_INVALID
        }
    }
}

/// Longest line of standard input that is checked (4 MiB). A longer line
/// is reported as `ID-INPUT-TOO-LONG` without being held in memory, so that
/// an endless input without a newline (`/dev/zero`) cannot exhaust memory.
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// Reads one line (up to and including `\n`, or to the end of the input)
/// into `buf`, keeping at most `max` bytes of it; the rest of a longer line
/// is read and discarded. Returns the full length of the line (0 at the end
/// of the input).
fn read_line_bounded(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<usize> {
    let mut total = 0usize;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(total);
        }
        let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(chunk.get(..used.min(room)).unwrap_or_default());
        total = total.saturating_add(used);
        reader.consume(used);
        if done {
            return Ok(total);
        }
    }
}

/// Reports a line longer than [`MAX_LINE_BYTES`]; it is invalid.
fn too_long<T: CheckItem>(
    kept: &[u8],
    total: usize,
    opts: &Opts,
    out: &mut impl Write,
) -> io::Result<bool> {
    let preview: String =
        String::from_utf8_lossy(kept.get(..64).unwrap_or(kept)).into_owned() + "…";
    let d = Diagnostic::new(
        Code::IdInputTooLong,
        Location::segment("input", MAX_LINE_BYTES),
        format!("the line has {total} bytes, more than the limit of {MAX_LINE_BYTES}; it was not checked"),
        format!("la ligne fait {total} octets, plus que la limite de {MAX_LINE_BYTES} ; elle n'a pas été vérifiée"),
    );
    let parsed: Parsed<T> = Parsed {
        value: None,
        diagnostics: vec![d],
    };
    report(&preview, &parsed, opts, out)
}

/// Checks one line of raw input; returns whether it is valid.
fn check_bytes<T: CheckItem>(raw: &[u8], opts: &Opts, out: &mut impl Write) -> io::Result<bool> {
    match std::str::from_utf8(raw) {
        Ok(s) => check_str::<T>(s, opts, out),
        Err(e) => {
            let shown = String::from_utf8_lossy(raw);
            let at = e.valid_up_to();
            let byte = raw.get(at).copied().unwrap_or_default();
            let d = Diagnostic::new(
                Code::IdInputNotUtf8,
                Location::segment("input", at),
                format!("the input is not valid UTF-8; its first invalid byte is 0x{byte:02X}"),
                format!("l'entrée n'est pas de l'UTF-8 valide ; son premier octet invalide est 0x{byte:02X}"),
            );
            let parsed: Parsed<T> = Parsed {
                value: None,
                diagnostics: vec![d],
            };
            report(&shown, &parsed, opts, out)
        }
    }
}

/// Checks one value; returns whether it is valid.
fn check_str<T: CheckItem>(s: &str, opts: &Opts, out: &mut impl Write) -> io::Result<bool> {
    let parsed = T::parse(s);
    report(s, &parsed, opts, out)
}

fn counts_as_error(d: &Diagnostic, strict: bool) -> bool {
    strict || d.is_error()
}

/// Prints the result of one input; returns whether it is valid.
fn report<T: CheckItem>(
    input: &str,
    parsed: &Parsed<T>,
    opts: &Opts,
    out: &mut impl Write,
) -> io::Result<bool> {
    let valid = parsed.value.is_some()
        && !parsed
            .diagnostics
            .iter()
            .any(|d| counts_as_error(d, opts.strict));
    if opts.json {
        let line = JsonLine {
            input,
            valid,
            value: parsed.value.as_ref(),
            diagnostics: &parsed.diagnostics,
            opts,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    } else {
        for d in &parsed.diagnostics {
            let label = if counts_as_error(d, opts.strict) {
                "ERROR"
            } else {
                "WARN"
            };
            write!(out, "{label} {input}: {} {}", d.code, d.message(opts.lang))?;
            if let (Some(seg), Some(off)) = (&d.location.segment, d.location.offset) {
                let byte = match opts.lang {
                    Lang::En => "byte",
                    Lang::Fr => "octet",
                };
                write!(out, " ({seg}, {byte} {off})")?;
            }
            out.write_all(b"\n")?;
        }
        if valid {
            writeln!(out, "OK {input}")?;
        }
    }
    Ok(valid)
}

/// One JSON Lines record.
struct JsonLine<'a, T> {
    input: &'a str,
    valid: bool,
    value: Option<&'a T>,
    diagnostics: &'a [Diagnostic],
    opts: &'a Opts,
}

impl<T: CheckItem> Serialize for JsonLine<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("input", self.input)?;
        m.serialize_entry("valid", &self.valid)?;
        if let Some(v) = self.value {
            v.serialize_value(&mut m)?;
        }
        m.serialize_entry(
            "diagnostics",
            &JsonDiagnostics {
                diagnostics: self.diagnostics,
                opts: self.opts,
            },
        )?;
        m.end()
    }
}

struct JsonDiagnostics<'a> {
    diagnostics: &'a [Diagnostic],
    opts: &'a Opts,
}

impl Serialize for JsonDiagnostics<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.diagnostics.len()))?;
        for d in self.diagnostics {
            seq.serialize_element(&JsonDiagnostic { d, opts: self.opts })?;
        }
        seq.end()
    }
}

struct JsonDiagnostic<'a> {
    d: &'a Diagnostic,
    opts: &'a Opts,
}

impl Serialize for JsonDiagnostic<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        let severity = if counts_as_error(d, self.opts.strict) {
            "error"
        } else {
            "warning"
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", d.code.as_str())?;
        m.serialize_entry("severity", severity)?;
        if let Some(seg) = &d.location.segment {
            m.serialize_entry("segment", seg)?;
        }
        if let Some(off) = d.location.offset {
            m.serialize_entry("offset", &off)?;
        }
        m.serialize_entry("message", d.message(self.opts.lang))?;
        m.end()
    }
}
