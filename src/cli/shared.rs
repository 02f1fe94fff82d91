//! What every command shares: the `--lang` option and its default from the
//! environment, dates, standard input as `-`, the one text form of a
//! diagnostic, JSON output and the handling of output errors. Command
//! modules import from here (through `super`), never from one another.

use std::fs::File;
use std::io::{self, BufWriter, Read, StdoutLock, Write};
use std::path::{Path, PathBuf};

use actes::diagnostic::{Diagnostic, Lang};
use actes::report::{io_diagnostic, IoAction};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use serde::Serialize;

/// Exit code: every input valid.
pub const EXIT_OK: i32 = 0;
/// Exit code: at least one input invalid or unreadable.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: usage error.
pub const EXIT_USAGE: i32 = 2;

/// The `--lang fr|en` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum LangArg {
    Fr,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

/// The `--lang` option of every command.
#[derive(Args, Debug, Clone, Copy)]
pub(crate) struct LangOpt {
    /// Language of the messages and labels [default: ACTES_LANG, else fr when
    /// LC_ALL, LC_MESSAGES or LANG starts with fr, else en].
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

impl LangOpt {
    /// The language asked for, or the environment's.
    pub fn get(self) -> Lang {
        self.lang.map_or_else(env_lang, Lang::from)
    }
}

/// The language of the environment (`ACTES_LANG`, then the locale).
pub(crate) fn env_lang() -> Lang {
    Lang::from_environment(|k| std::env::var(k).ok())
}

/// Parses a `YYYY-MM-DD` date (for `--today`).
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if s.len() == 10 => Ok(d),
        _ => Err(match env_lang() {
            Lang::En => format!("{s:?} is not a date YYYY-MM-DD"),
            Lang::Fr => format!("{s:?} n'est pas une date AAAA-MM-JJ"),
        }),
    }
}

/// The system's local date (the machine's time zone, normally
/// Europe/Paris on a town-hall server): the only place where the crate
/// reads the clock. The library always takes "today" as a parameter.
pub(crate) fn system_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Standard output, block-buffered (a locked stdout alone flushes at
/// every line).
pub(crate) fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// One JSON document on one line.
pub(crate) fn write_json<W: Write + ?Sized, T: Serialize>(
    out: &mut W,
    value: &T,
) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// The one text form of a diagnostic, one line each:
/// `<indent><TAG> [<subject>: ]<CODE> <message> (<location>)`, the tag and
/// the location in `lang`. The subject is `subject` when given, else the
/// diagnostic's file (then left out of the location).
pub(crate) fn write_diagnostics<W: Write + ?Sized>(
    out: &mut W,
    diags: &[Diagnostic],
    subject: Option<&str>,
    lang: Lang,
    indent: usize,
) -> io::Result<()> {
    write_diagnostic_lines(out, diags, Subject::Given(subject), lang, indent)
}

/// Whom a diagnostic line names before its code.
#[derive(Clone, Copy)]
enum Subject<'a> {
    /// The subject given, else the diagnostic's own file.
    Given(Option<&'a str>),
    /// Nobody: the lines follow a heading naming the file, whose name is
    /// left out of each line.
    Heading,
}

/// [`write_diagnostics`], and the lines under a heading.
fn write_diagnostic_lines<W: Write + ?Sized>(
    out: &mut W,
    diags: &[Diagnostic],
    subject: Subject<'_>,
    lang: Lang,
    indent: usize,
) -> io::Result<()> {
    use std::fmt::Write as _;
    // Each line is made in one string, then written. Writing to a String
    // cannot fail.
    let mut line = String::new();
    for d in diags {
        line.clear();
        let _ = write!(line, "{:indent$}{} ", "", d.severity.tag(lang));
        let named = match subject {
            Subject::Given(s) => s.or(d.location.file.as_deref()),
            Subject::Heading => None,
        };
        if let Some(s) = named {
            let _ = write!(line, "{s}: ");
        }
        let _ = write!(line, "{} {}", d.code, d.message(lang));
        // The location, its file left out (named above, or by the heading).
        let bare = line.len();
        line.push_str(" (");
        let _ = d.location.write_description(&mut line, lang, false);
        if line.len() == bare + 2 {
            line.truncate(bare);
        } else {
            line.push(')');
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Diagnostics on standard error (when standard output carries a
/// document).
pub(crate) fn eprint_diagnostics(diags: &[Diagnostic], lang: Lang) {
    let _ = write_diagnostics(&mut io::stderr().lock(), diags, None, lang, 0);
}

/// The exit code of a command whose output may have failed: a closed pipe
/// is not an error worth a message.
pub(crate) fn finish(result: io::Result<i32>, lang: Lang) -> i32 {
    match result {
        Ok(code) => code,
        Err(e) => {
            if e.kind() != io::ErrorKind::BrokenPipe {
                match lang {
                    Lang::En => eprintln!("actes: cannot write the results: {e}"),
                    Lang::Fr => eprintln!("actes : impossible d'écrire les résultats ({e})"),
                }
            }
            EXIT_INVALID
        }
    }
}

/// A file argument: a path, or `-` for standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    /// Standard input.
    Stdin,
    /// A file (`/dev/stdin` and process substitution are files too, read
    /// once).
    Path(PathBuf),
}

impl Input {
    /// `-` is standard input.
    pub fn parse(s: &str) -> Result<Input, String> {
        Ok(if s == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(s))
        })
    }

    /// The name shown in documents and diagnostics.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::Path(p) => p
                .to_str()
                .map_or_else(|| p.display().to_string(), str::to_owned),
        }
    }

    /// The content, at most `max + 1` bytes: a caller whose parser has a
    /// size limit of `max` (the XML reader) lets the parser report a larger
    /// input. A read error becomes an `IO-READ` diagnostic naming the input.
    pub fn read_upto(&self, max: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                io::stdin()
                    .lock()
                    .take(max.saturating_add(1))
                    .read_to_end(&mut buf)
                    .map_err(|e| Box::new(io_diagnostic(IoAction::Read, "-", &e)))?;
                Ok(buf)
            }
            Input::Path(p) => {
                let fail = |e: io::Error| Box::new(io_diagnostic(IoAction::Read, &self.name(), &e));
                let mut file = File::open(p).map_err(fail)?;
                let meta = file.metadata().map_err(fail)?;
                if meta.is_dir() {
                    let name = self.name();
                    return Err(Box::new(Diagnostic::new(
                        actes::diagnostic::Code::IoRead,
                        actes::diagnostic::Location::file(name.as_str()),
                        format!("cannot read {name}: it is a folder, not a file"),
                        format!("impossible de lire {name} : c'est un dossier, pas un fichier"),
                    )));
                }
                let hint = meta.is_file().then_some(meta.len());
                read_open(&mut file, max, hint).map_err(fail)
            }
        }
    }

    /// The whole content, at most `max` bytes: a larger input is an
    /// `IO-READ` diagnostic (never held in memory beyond `max + 1` bytes).
    pub fn read_capped(&self, max: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
        let buf = self.read_upto(max)?;
        if buf.len() as u64 > max {
            let name = self.name();
            return Err(Box::new(Diagnostic::new(
                actes::diagnostic::Code::IoRead,
                actes::diagnostic::Location::file(name.as_str()),
                format!("cannot read {name}: it is larger than the limit of {max} bytes"),
                format!("impossible de lire {name} : il dépasse la limite de {max} octets"),
            )));
        }
        Ok(buf)
    }

    /// An XML document: at most one byte more than the XML reader accepts,
    /// so that the reader reports `XML-LIMIT-SIZE` on a larger one.
    pub fn read_xml(&self) -> Result<Vec<u8>, Box<Diagnostic>> {
        self.read_upto(xml_max())
    }

    /// A path to read the input from: the path itself, or standard input
    /// copied (streamed, bounded by the disk) into a temporary file that
    /// is removed when the guard is dropped.
    pub fn as_path(&self) -> Result<(PathBuf, Option<TempFile>), Box<Diagnostic>> {
        match self {
            Input::Path(p) => Ok((p.clone(), None)),
            Input::Stdin => {
                let t = TempFile::from_stdin()
                    .map_err(|e| Box::new(io_diagnostic(IoAction::Read, "-", &e)))?;
                Ok((t.0.clone(), Some(t)))
            }
        }
    }
}

/// A temporary copy of standard input, removed on drop.
pub(crate) struct TempFile(PathBuf);

impl TempFile {
    fn from_stdin() -> io::Result<TempFile> {
        let dir = std::env::temp_dir();
        let pid = std::process::id();
        for n in 0..1000 {
            let path = dir.join(format!("actes-stdin-{pid}-{n}"));
            match File::options().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    let t = TempFile(path);
                    io::copy(&mut io::stdin().lock(), &mut f)?;
                    f.flush()?;
                    return Ok(t);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("no free name for a temporary file"))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The XML reader's size limit: inputs are read up to one byte more, so
/// that the reader reports `XML-LIMIT-SIZE` on a larger document.
pub(crate) fn xml_max() -> u64 {
    actes::xml::Limits::default().max_document_bytes as u64
}

/// Reads an open file to its end, at most `max + 1` bytes. `size` is the
/// length of a regular file (from its metadata): the buffer is allocated
/// once, and a read that stops short at that length is taken as the end
/// (one `read` for a small file instead of a read and a probe).
pub(crate) fn read_open(file: &mut File, max: u64, size: Option<u64>) -> io::Result<Vec<u8>> {
    let cap = max.saturating_add(1);
    let len = size.map_or(8 * 1024, |n| n.saturating_add(1)).min(cap);
    let mut buf = vec![0u8; usize::try_from(len).unwrap_or(usize::MAX).max(1)];
    let mut filled = 0usize;
    loop {
        let room = buf.get_mut(filled..).unwrap_or_default();
        let asked = room.len();
        let n = match file.read(room) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        filled += n;
        if n == 0 || (n < asked && size == Some(filled as u64)) {
            break;
        }
        if filled == buf.len() {
            if filled as u64 >= cap {
                break;
            }
            let grown = (buf.len() as u64).saturating_mul(2).min(cap);
            buf.resize(usize::try_from(grown).unwrap_or(usize::MAX), 0);
        }
    }
    buf.truncate(filled);
    Ok(buf)
}

/// The folder a path's relative references are resolved against.
pub(crate) fn base_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Output format and exit codes of the `check` commands (`id check`,
/// `siren check`).
pub(crate) const CHECK_HELP: &str = "\
With no argument, or `-`, reads one value per line from standard input (CRLF tolerated, \
blank lines skipped; a line that is not UTF-8 is reported as invalid with ID-INPUT-NOT-UTF8) \
and streams the results. Standard input without any value is a usage error (exit 2).

Text output, per input: one line per diagnostic, `ERROR <input>: <code> <message> (<location>)` \
or `WARN ...` for a warning (`ERREUR`, `AVERTISSEMENT` with --lang fr), then `OK <input>` when \
the input is valid (so `grep -c '^OK'` counts the valid inputs).

--json: JSON Lines, one object per input (schemas/id-check.schema.json, \
schemas/siren-check.schema.json): {\"input\", \"line\" (1-based line of standard input, null \
for an argument), \"valid\", the parsed value or null, \"diagnostics\": [{\"code\", \"severity\", \
\"message\", \"message_en\", \"message_fr\", \"location\"}]}.

--strict: warnings (emission-profile findings, unknown département, SIREN starting with 0) \
count as errors, for validity and for the exit code; they are printed as errors.

Exit code: 0 when every input is valid, 1 when at least one is invalid or standard input \
cannot be read, 2 on a usage error or when no value was read at all.";

/// The options of a `check` command.
#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    /// Print JSON Lines instead of text.
    #[arg(long)]
    json: bool,
    /// Count warnings as errors.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    lang: LangOpt,
    /// Values to check; `-` or none: one per line of standard input.
    values: Vec<String>,
}

/// One record of a `check` command.
pub(crate) trait CheckRecord {
    /// A record to check values into.
    fn empty(lang: Lang) -> Self;
    /// Checks one value (raw bytes of a line, or an argument) into this
    /// record, replacing what it held.
    fn check_into(&mut self, raw: &[u8], line: Option<usize>, strict: bool, lang: Lang);
    /// A line that was not checked (too long).
    fn rejected(input: String, line: usize, d: Diagnostic, lang: Lang) -> Self;
    /// The input as shown.
    fn input(&self) -> &str;
    /// Whether it is valid.
    fn valid(&self) -> bool;
    /// Its findings.
    fn diagnostics(&self) -> &[Diagnostic];
    /// Its JSON document (no newline).
    fn write_json(&self, out: &mut Vec<u8>);
}

/// Implements [`CheckRecord`] for a report of `actes::report` whose parsed
/// value is the field `$value`.
macro_rules! check_record {
    ($report:ty, $value:ident) => {
        impl CheckRecord for $report {
            fn empty(lang: Lang) -> Self {
                <$report>::empty(lang)
            }
            fn check_into(&mut self, raw: &[u8], line: Option<usize>, strict: bool, lang: Lang) {
                self.check_bytes_into(raw, line, strict, lang);
            }
            fn rejected(input: String, line: usize, d: Diagnostic, lang: Lang) -> Self {
                Self {
                    input,
                    line: Some(line),
                    valid: false,
                    $value: None,
                    diagnostics: actes::report::Diagnostics::new(lang, vec![d]),
                }
            }
            fn input(&self) -> &str {
                &self.input
            }
            fn valid(&self) -> bool {
                self.valid
            }
            fn diagnostics(&self) -> &[Diagnostic] {
                &self.diagnostics
            }
            fn write_json(&self, out: &mut Vec<u8>) {
                <$report>::write_json(self, out)
            }
        }
    };
}

check_record!(actes::report::IdCheckReport, id);
check_record!(actes::report::SirenCheckReport, siren);

/// Longest line of standard input that is checked (4 MiB). A longer line
/// is reported as `ID-INPUT-TOO-LONG` without being held in memory, so that
/// an endless input without a newline (`/dev/zero`) cannot exhaust memory.
pub(crate) const MAX_LINE_BYTES: usize = 4 << 20;

/// Size of the blocks of standard input read, and of output written: the
/// records are gathered in memory and handed to the output in blocks of at
/// least this size, which its buffer (of the same size) passes through.
const BLOCK: usize = 64 * 1024;

/// A `check` run: its options, the record values are checked into, the
/// output gathered so far, and the counts.
struct CheckRun<'a, R> {
    args: &'a CheckArgs,
    lang: Lang,
    record: R,
    pending: Vec<u8>,
    seen: usize,
    all_valid: bool,
}

impl<R: CheckRecord> CheckRun<'_, R> {
    /// Checks one value and prints its record.
    fn check(&mut self, raw: &[u8], line: Option<usize>) -> io::Result<()> {
        self.record
            .check_into(raw, line, self.args.strict, self.lang);
        self.seen += 1;
        self.all_valid &= print_record(&self.record, self.args.json, self.lang, &mut self.pending)?;
        Ok(())
    }

    /// Checks one line of standard input (its line end removed), unless it
    /// is blank.
    fn check_line(&mut self, line: &[u8], line_no: usize) -> io::Result<()> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        self.check(line, Some(line_no))
    }

    /// Hands the output gathered so far to `out` once there is a block.
    #[inline]
    fn drain<W: Write>(&mut self, out: &mut W, at_least: usize) -> io::Result<()> {
        if self.pending.len() >= at_least {
            out.write_all(&self.pending)?;
            self.pending.clear();
        }
        Ok(())
    }
}

/// Checks every value of the command line, or every line of standard
/// input (`-` or no value), and prints the results. Returns the exit code.
pub(crate) fn run_check<R: CheckRecord>(args: &CheckArgs) -> i32 {
    let lang = args.lang.get();
    widen_pipe();
    let mut out = io::BufWriter::with_capacity(BLOCK, io::stdout().lock());
    let mut run = CheckRun {
        args,
        lang,
        record: R::empty(lang),
        pending: Vec::with_capacity(2 * BLOCK),
        seen: 0,
        all_valid: true,
    };
    let stdin_only = [String::from("-")];
    let values: &[String] = if args.values.is_empty() {
        &stdin_only
    } else {
        &args.values
    };
    let result: io::Result<()> = (|| {
        for v in values {
            if v == "-" {
                check_stdin(&mut run, &mut out)?;
            } else {
                run.check(v.as_bytes(), None)?;
                run.drain(&mut out, BLOCK)?;
            }
        }
        run.drain(&mut out, 0)?;
        out.flush()
    })();
    let code = finish(result.map(|()| EXIT_OK), lang);
    if code != EXIT_OK {
        return code;
    }
    if run.seen == 0 {
        let d = Diagnostic::new(
            actes::diagnostic::Code::IoNoInput,
            actes::diagnostic::Location::file("-"),
            "no value was read from standard input: nothing was checked",
            "aucune valeur n'a été lue sur l'entrée standard : rien n'a été vérifié",
        );
        eprint_diagnostics(&[d], lang);
        return EXIT_USAGE;
    }
    if run.all_valid {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}

/// When standard output is a pipe, asks for a pipe buffer of 1 MiB (Linux;
/// the default is 64 KiB, the most an unprivileged process may ask
/// `/proc/sys/fs/pipe-max-size`, 1 MiB by default): a writer of JSON Lines
/// (six times the bytes of the text) that fills a small pipe sleeps until
/// its reader has emptied it, every 64 KiB (BENCHMARKS.md, "Identifiers").
/// Nothing changes when the output is not a pipe or the size is refused.
fn widen_pipe() {
    #[cfg(target_os = "linux")]
    {
        let stdout = io::stdout();
        let is_pipe = rustix::fs::fstat(&stdout).is_ok_and(|st| {
            rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::Fifo
        });
        if is_pipe {
            let _ = rustix::pipe::fcntl_setpipe_size(&stdout, 1 << 20);
        }
    }
}

/// Checks every line of standard input. The lines inside a block read are
/// checked where they lie; a line that runs past the block is gathered by
/// [`read_line_bounded`].
fn check_stdin<R: CheckRecord, W: Write>(run: &mut CheckRun<'_, R>, out: &mut W) -> io::Result<()> {
    let stdin = io::stdin();
    let mut reader = io::BufReader::with_capacity(BLOCK, stdin.lock());
    let mut buf = Vec::with_capacity(256);
    let mut line_no = 0usize;
    let read_error = |run: &mut CheckRun<'_, R>, out: &mut W, e: &io::Error| {
        run.drain(out, 0)?;
        out.flush()?;
        eprint_diagnostics(&[io_diagnostic(IoAction::Read, "-", e)], run.lang);
        run.all_valid = false;
        Ok(())
    };
    loop {
        let block = match io::BufRead::fill_buf(&mut reader) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return read_error(run, out, &e),
        };
        if block.is_empty() {
            return Ok(());
        }
        let mut used = 0;
        let mut rest = block;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            line_no += 1;
            run.check_line(rest.get(..end).unwrap_or_default(), line_no)?;
            run.drain(out, BLOCK)?;
            used += end + 1;
            rest = rest.get(end + 1..).unwrap_or_default();
        }
        if used > 0 {
            io::BufRead::consume(&mut reader, used);
            continue;
        }
        buf.clear();
        let total = match read_line_bounded(&mut reader, &mut buf, MAX_LINE_BYTES) {
            Ok(n) => n,
            Err(e) => return read_error(run, out, &e),
        };
        line_no += 1;
        if total > buf.len() {
            let preview: String =
                String::from_utf8_lossy(buf.get(..64).unwrap_or(&buf)).into_owned() + "…";
            let d = Diagnostic::new(
                actes::diagnostic::Code::IdInputTooLong,
                actes::diagnostic::Location::segment("input", MAX_LINE_BYTES).at_line(line_no),
                format!("the line has {total} bytes, more than the limit of {MAX_LINE_BYTES}; it was not checked"),
                format!("la ligne fait {total} octets, plus que la limite de {MAX_LINE_BYTES} ; elle n'a pas été vérifiée"),
            );
            let r = R::rejected(preview, line_no, d, run.lang);
            run.seen += 1;
            run.all_valid &= print_record(&r, run.args.json, run.lang, &mut run.pending)?;
        } else {
            let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
            run.check_line(line, line_no)?;
        }
        run.drain(out, BLOCK)?;
    }
}

/// Prints one record; returns whether it is valid.
fn print_record<R: CheckRecord>(
    r: &R,
    json: bool,
    lang: Lang,
    out: &mut Vec<u8>,
) -> io::Result<bool> {
    if json {
        r.write_json(out);
        out.push(b'\n');
    } else {
        if !r.diagnostics().is_empty() {
            write_diagnostics(out, r.diagnostics(), Some(r.input()), lang, 0)?;
        }
        if r.valid() {
            out.extend_from_slice(b"OK ");
            out.extend_from_slice(r.input().as_bytes());
            out.push(b'\n');
        }
    }
    Ok(r.valid())
}

/// Reads one line (up to and including `\n`, or to the end of the input)
/// into `buf`, keeping at most `max` bytes of it; the rest of a longer line
/// is read and discarded. Returns the full length of the line (0 at the end
/// of the input).
fn read_line_bounded(
    reader: &mut impl io::BufRead,
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

/// The text summary of one received file.
pub(crate) fn write_receipt(
    out: &mut dyn Write,
    r: &actes::report::ReceiptReport,
    lang: Lang,
) -> io::Result<()> {
    let root = r.root();
    out.write_all(r.file.as_bytes())?;
    out.write_all(b": ")?;
    if let (Some(c), Some(_)) = (r.code(), root) {
        write!(out, "{c} ")?;
    }
    out.write_all(match (root, lang) {
        (Some(root), _) => root.as_bytes(),
        (None, Lang::Fr) => "illisible comme message ACTES".as_bytes(),
        (None, Lang::En) => b"not readable as an ACTES message",
    })?;
    out.write_all(b"\n")?;
    r.write_text_fields(out, 2)?;
    write_diagnostic_lines(out, &r.diagnostics.items, Subject::Heading, lang, 2)
}

/// `<size> <sha256> <role> <name>` per file of a proof bundle.
pub(crate) fn write_bundle_files(
    out: &mut dyn Write,
    files: &[actes::bundle::FileEntry],
) -> io::Result<()> {
    for f in files {
        writeln!(
            out,
            "  {:>9} {} {:<17} {}",
            f.size,
            f.sha256,
            f.role.as_str(),
            f.name
        )?;
    }
    Ok(())
}

/// The act of a proof bundle, its history and its legal dates.
pub(crate) fn write_bundle_history(
    out: &mut dyn Write,
    r: &actes::report::BundleVerifyReport,
    lang: Lang,
) -> io::Result<()> {
    let Some(act) = &r.act else {
        return Ok(());
    };
    let fr = lang == Lang::Fr;
    let l = |en: &'static str, fr_: &'static str| if fr { fr_ } else { en };
    writeln!(
        out,
        "  {:<9} {} ({})",
        l("act", "acte"),
        act.id_acte,
        act.nature
    )?;
    writeln!(out, "  {:<9} {}", "objet", act.objet)?;
    writeln!(out, "  {:<9} {}", l("decided", "décidé"), act.decision_date)?;
    if let Some(d) = act.sent_on {
        writeln!(out, "  {:<9} {d}", l("sent", "envoyé"))?;
    }
    writeln!(out, "  {}", l("history", "historique"))?;
    for h in &r.history {
        let code = h.code.map_or_else(|| "ANO".to_string(), |c| c.to_string());
        writeln!(
            out,
            "    {}  {code:<4} {:<34} -> {}",
            h.date,
            h.message,
            state_label(&h.state, lang)
        )?;
        if let Some(f) = &h.file {
            writeln!(out, "                      {f}")?;
        }
    }
    writeln!(
        out,
        "  {:<9} {}",
        l("state", "état"),
        state_label(&act.state, lang)
    )?;
    let received = l(
        "received by the préfecture  ",
        "reçu par la préfecture       ",
    );
    match act.reception_date {
        Some(d) => writeln!(out, "  {received} {d}")?,
        None => writeln!(
            out,
            "  {received} ({})",
            l("no acknowledgement", "pas d'accusé de réception")
        )?,
    }
    if let Some(end) = act.window_end {
        writeln!(
            out,
            "  {} {end}",
            l(
                "end of the two-month window ",
                "fin du délai de deux mois    "
            )
        )?;
    }
    if let Some(w) = &r.window {
        let (on, end) = (w.on, w.end);
        match (w.open, lang) {
            (true, Lang::En) => writeln!(out, "  on {on}: window open (until {end} included)")?,
            (true, Lang::Fr) => writeln!(out, "  le {on} : délai ouvert (jusqu'au {end} inclus)")?,
            (false, Lang::En) => writeln!(out, "  on {on}: window closed (ended {end})")?,
            (false, Lang::Fr) => writeln!(out, "  le {on} : délai clos (terminé le {end})")?,
        }
    }
    Ok(())
}

/// The label of a manifest's state token (the token itself if unknown).
fn state_label(token: &str, lang: Lang) -> String {
    actes::transaction::State::from_token(token)
        .map_or_else(|| token.to_string(), |s| s.label(lang))
}

/// The text report of a proof bundle's verification.
pub(crate) fn write_bundle_verification(
    out: &mut dyn Write,
    r: &actes::report::BundleVerifyReport,
    lang: Lang,
) -> io::Result<()> {
    writeln!(out, "{}", r.bundle)?;
    write_bundle_history(out, r, lang)?;
    writeln!(
        out,
        "  {}",
        match lang {
            Lang::En => "files",
            Lang::Fr => "fichiers",
        }
    )?;
    write_bundle_files(out, &r.files)?;
    write_diagnostics(out, &r.diagnostics, None, lang, 0)?;
    let verdict = match (r.intact, lang) {
        (true, _) => "INTACT",
        (false, Lang::En) => "TAMPERED",
        (false, Lang::Fr) => "ALTÉRÉ",
    };
    writeln!(out, "{verdict} {}", r.bundle)
}
