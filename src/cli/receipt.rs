//! `actes receipt read`: reads received message files and checks them.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use actes::diagnostic::Lang;
use actes::ids::Siren;
use actes::receipt::Context;
use actes::report::{self, io_diagnostic, IoAction, ReceiptReport};
use clap::{Args, Subcommand};

use super::shared::{read_open, xml_max};
use super::{finish, stdout, write_receipt, Input, LangOpt, EXIT_INVALID, EXIT_OK};

const READ_HELP: &str = "\
Reads each FILE (`-`: standard input; pipes, /dev/stdin and process substitution are read \
once) as an ACTES message or envelope (any of the 22 message types, the two envelopes, an \
AnomalieEnveloppe) and checks its consistency: \
an ARActe's IDActe against its ActeRecu echo (date, numéro, nature), the IDActe's SIREN \
against the recipient (the Destinataire/@SIREN of an EnveloppeMISILLCL given among the files), \
dates not before the decision date, the classification date the act was sent with against \
ClassificationDateVersionEnCours, the annex count, and document names.

Text output: a summary per file, then one line per diagnostic (`ERROR` or `WARN`, code, \
message, location).

--json: JSON Lines, one object per file (schemas/receipt-read.schema.json): {\"file\", \
\"code\", \"root\", \"id_acte\", \"date_reception\", \"acte\", \"anomalie\", the fields of that \
message type, \"diagnostics\"}; absent values are null.

Exit code: 0 when every file was read as a protocol message (warnings and consistency \
findings allowed; with --strict, no error diagnostic allowed), 1 when one could not be read \
or is not a protocol message (or, with --strict, has an error diagnostic), 2 on a usage \
error.";

/// `actes receipt ...`
#[derive(Args, Debug)]
pub struct ReceiptArgs {
    #[command(subcommand)]
    command: ReceiptCommand,
}

#[derive(Subcommand, Debug)]
enum ReceiptCommand {
    /// Read and check received message files.
    #[command(after_long_help = READ_HELP)]
    Read(ReadArgs),
    /// Write the receipt sheet (bordereau d'acquittement) of an act as a one-page PDF.
    Sheet(super::stamp::SheetArgs),
}

#[derive(Args, Debug)]
struct ReadArgs {
    /// Print JSON Lines instead of text.
    #[arg(long)]
    json: bool,
    /// Exit 1 when any file has an error diagnostic.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    lang: LangOpt,
    /// The files to read (`-`: standard input).
    #[arg(required = true, value_parser = Input::parse)]
    files: Vec<Input>,
}

/// `actes receipt read`'s file arguments taken out of the command line
/// `argv`, which keeps the rest: clap spends about 2 000 instructions on
/// each argument (2 ms for 5 000 files, before anything is read; BENCHMARKS.md,
/// "Receipts, fourth session"). Only a plain command line is split:
/// `receipt read` first, then long options of `receipt read` as clap knows
/// them (with their values) and file names in any order. Anything else (a
/// short option, `--`, an option clap does not know, a name that is not
/// UTF-8, no file at all) leaves `argv` whole for clap, errors and help
/// included. The first file stays in `argv`, so that clap sees the command
/// it would have seen, its required argument given; the options go
/// through clap either way.
pub(crate) fn split_files(
    argv: Vec<OsString>,
    cli: impl FnOnce() -> clap::Command,
) -> (Vec<OsString>, Option<Vec<Input>>) {
    if argv.get(1).is_none_or(|a| a != "receipt") || argv.get(2).is_none_or(|a| a != "read") {
        return (argv, None);
    }
    let cli = cli();
    let Some(read) = cli
        .find_subcommand("receipt")
        .and_then(|c| c.find_subcommand("read"))
    else {
        return (argv, None);
    };
    // Whether a long option of `receipt read` takes a value (None: unknown).
    let takes_value = |name: &str| {
        read.get_arguments()
            .find(|a| a.get_long() == Some(name))
            .map(|a| a.get_action().takes_values())
    };
    let mut kept: Vec<OsString> = argv.iter().take(3).cloned().collect();
    let mut files = Vec::new();
    let mut rest = argv.iter().skip(3);
    while let Some(arg) = rest.next() {
        let Some(text) = arg.to_str() else {
            return (argv, None);
        };
        if let Some(option) = text.strip_prefix("--") {
            let (name, inline_value) = match option.split_once('=') {
                Some((name, _)) => (name, true),
                None => (option, false),
            };
            match takes_value(name) {
                Some(true) if !inline_value => {
                    kept.push(arg.clone());
                    match rest.next() {
                        Some(value) => kept.push(value.clone()),
                        None => return (argv, None),
                    }
                }
                Some(false) if inline_value => return (argv, None),
                Some(_) => kept.push(arg.clone()),
                // `--` itself, or an option clap must report.
                None => return (argv, None),
            }
        } else if text.starts_with('-') && text != "-" {
            return (argv, None);
        } else {
            match Input::parse(text) {
                Ok(input) => files.push(input),
                Err(_) => return (argv, None),
            }
            if files.len() == 1 {
                kept.push(arg.clone());
            }
        }
    }
    if files.is_empty() {
        return (argv, None);
    }
    (kept, Some(files))
}

/// Gives `receipt read` the files [`split_files`] took out of the command
/// line (no effect on another command).
pub(crate) fn set_files(args: &mut ReceiptArgs, files: Vec<Input>) {
    if let ReceiptCommand::Read(read) = &mut args.command {
        read.files = files;
    }
}

/// Runs `actes receipt`.
pub fn run(args: ReceiptArgs) -> i32 {
    match args.command {
        ReceiptCommand::Read(a) => {
            let lang = a.lang.get();
            finish(read(&a, lang), lang)
        }
        ReceiptCommand::Sheet(a) => super::stamp::run_sheet(a),
    }
}

/// The name a file is listed under in an MI envelope.
fn base_name(input: &Input) -> String {
    match input {
        Input::Stdin => "-".to_string(),
        Input::Path(p) => p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// Files read and checked by one thread at a time, then written in order.
const BATCH: usize = 64;

/// How many batches a worker may have done that the writer has not yet
/// written. With one, a worker waited for the writer after each batch, and
/// the writer (a thread without a processor of its own) was often slow to
/// be scheduled: the workers stood idle for a third of the second pass in
/// one run out of three (BENCHMARKS.md, "Receipts, fourth session").
const AHEAD: usize = 8;

/// How many bytes of a file too large to keep the first pass reads to
/// find its root element.
const PREFIX: usize = 1024;

/// The root element of an MI envelope.
const MI_ENVELOPE: &[u8] = b"EnveloppeMISILLCL";

/// The first pass keeps the content of regular files up to this size ...
const KEEP_MAX: u64 = 64 * 1024;
/// ... while the kept contents stay within this many bytes in all: small
/// files are then opened and read once, in bounded memory.
const KEEP_BUDGET: u64 = 8 * 1024 * 1024;

/// A file's content read by the first pass (standard input, a pipe, a
/// small regular file) or the error reading it; `None`: not yet read.
type Kept = Option<Result<Vec<u8>, Box<actes::diagnostic::Diagnostic>>>;

fn read(args: &ReadArgs, lang: Lang) -> io::Result<i32> {
    // First pass: the recipient of a message is the Destinataire of an MI
    // envelope given among the files that lists it. Small regular files are
    // read whole and kept (up to KEEP_BUDGET in all), of larger ones only
    // the head (their root element); only envelopes are parsed. Inputs
    // that cannot be read twice (standard input, pipes, process
    // substitution) are read once, here, and kept. Regular files are looked
    // at by all threads, each a contiguous part; standard input first, in
    // the order given.
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let mut kept: Vec<Kept> = Vec::with_capacity(args.files.len());
    let mut stdin_recipients = Vec::new();
    for f in &args.files {
        kept.push(match f {
            Input::Stdin => {
                let bytes = f.read_xml();
                if let Ok(b) = &bytes {
                    stdin_recipients.extend(report::envelope_recipients(b));
                }
                Some(bytes)
            }
            Input::Path(_) => None,
        });
    }
    let per = args.files.len().div_ceil(threads).max(1);
    let mut found: Vec<Vec<(String, Siren)>> = vec![Vec::new(); threads];
    let budget = KEEP_BUDGET / threads as u64;
    std::thread::scope(|s| {
        let mut jobs = found
            .iter_mut()
            .zip(args.files.chunks(per).zip(kept.chunks_mut(per)));
        let first = jobs.next();
        for (k, (found, (files, kept))) in jobs.enumerate() {
            s.spawn(move || {
                start_on_own_processor(k + 1);
                first_look(files, kept, found, budget);
            });
        }
        if let Some((found, (files, kept))) = first {
            start_on_own_processor(0);
            first_look(files, kept, found, budget);
        }
    });
    let mut recipients = stdin_recipients;
    recipients.extend(found.into_iter().flatten());
    // Second pass, by batches of at most BATCH files (fewer when there are
    // not BATCH per thread, so that every thread has some): worker k of
    // `threads` reads, checks and formats batches k, k + threads, …, each
    // into its own text, and this thread writes the texts in the order of
    // the files. A worker is at most AHEAD batches ahead of the writer (a
    // channel of AHEAD), so the memory held does not grow with the number
    // of files.
    let batch = args.files.len().div_ceil(threads).clamp(1, BATCH);
    let mut jobs: Vec<Vec<(&[Input], &mut [Kept])>> = (0..threads).map(|_| Vec::new()).collect();
    let mut batches = 0usize;
    for (i, batch) in args
        .files
        .chunks(batch)
        .zip(kept.chunks_mut(batch))
        .enumerate()
    {
        if let Some(j) = jobs.get_mut(i % threads) {
            j.push(batch);
            batches += 1;
        }
    }
    let mut out = stdout();
    let mut ok = true;
    std::thread::scope(|s| -> io::Result<()> {
        let mut texts = Vec::with_capacity(threads);
        for (k, worker_jobs) in jobs.into_iter().enumerate() {
            let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<u8>, bool)>(AHEAD);
            texts.push(rx);
            let recipients = &recipients;
            s.spawn(move || {
                start_on_own_processor(k);
                for (files, kept) in worker_jobs {
                    let mut part = (Vec::new(), true);
                    one_part(&mut part, files, kept, recipients, args, lang);
                    if tx.send(part).is_err() {
                        return; // The writer stopped on an error.
                    }
                }
            });
        }
        for i in 0..batches {
            let Some(Ok((text, part_ok))) =
                texts.get(i % threads).map(std::sync::mpsc::Receiver::recv)
            else {
                break;
            };
            ok &= part_ok;
            out.write_all(&text)?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(if ok { EXIT_OK } else { EXIT_INVALID })
}

/// Moves the calling thread to the `k`-th of the processors it may run on
/// (modulo their number), then lets it run on all of them again: the
/// threads of a pass start on processors of their own. Left to itself,
/// Linux placed both threads of a pass on one processor in a third of the
/// runs on this project's 2-core machine, and kept them there for the
/// whole pass (13 ms), which then took twice as long (BENCHMARKS.md,
/// "Receipts, fourth session"). The scheduler may still move them later.
fn start_on_own_processor(k: usize) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::thread::{sched_getaffinity, sched_setaffinity, CpuSet};
        let Ok(allowed) = sched_getaffinity(None) else {
            return;
        };
        let count = allowed.count() as usize;
        if count < 2 {
            return;
        }
        let Some(cpu) = (0..CpuSet::MAX_CPU)
            .filter(|&c| allowed.is_set(c))
            .nth(k % count)
        else {
            return;
        };
        let mut one = CpuSet::new();
        one.set(cpu);
        if sched_setaffinity(None, &one).is_ok() {
            let _ = sched_setaffinity(None, &allowed);
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = k;
}

/// Reads, checks and formats `files` into `part`; `part.1` becomes false
/// when one was not read (or, with `--strict`, has an error).
fn one_part(
    part: &mut (Vec<u8>, bool),
    files: &[Input],
    kept: &mut [Kept],
    recipients: &[(String, Siren)],
    args: &ReadArgs,
    lang: Lang,
) {
    for (file, kept) in files.iter().zip(kept) {
        let name = file.name();
        let r = match kept.take().unwrap_or_else(|| file.read_xml()) {
            Ok(b) => {
                // The recipient, when an envelope among the files lists
                // this one.
                let recipient = if recipients.is_empty() {
                    None
                } else {
                    let base = base_name(file);
                    recipients.iter().find(|(n, _)| *n == base).map(|(_, s)| *s)
                };
                let context = Context {
                    recipient,
                    ..Context::default()
                };
                report::receipt_read(&name, &b, &context, lang)
            }
            Err(d) => ReceiptReport::unreadable(&name, *d, lang),
        };
        part.1 &= r.is_read() && !(args.strict && r.diagnostics.has_errors());
        // Writing to a Vec cannot fail.
        let _ = if args.json {
            r.write_json_line(&mut part.0)
        } else {
            write_receipt(&mut part.0, &r, lang)
        };
    }
}

/// The first pass over `files` (paths; standard input is already in
/// `kept`): the recipients their MI envelopes name go to `found`, in order.
/// What cannot be read twice (a pipe, a FIFO) or cannot be opened is read
/// or reported now and kept for the second pass; so are small regular
/// files, read whole in one call, while their total stays within `budget`
/// bytes (they are not opened again). Of the others only the head is read.
fn first_look(files: &[Input], kept: &mut [Kept], found: &mut Vec<(String, Siren)>, budget: u64) {
    let mut left = budget;
    for (f, kept) in files.iter().zip(kept) {
        let Input::Path(p) = f else { continue };
        let fail = |e: io::Error| Box::new(io_diagnostic(IoAction::Read, &f.name(), &e));
        let opened = File::open(p).and_then(|file| Ok((file.metadata()?, file)));
        match opened {
            Ok((meta, mut file))
                if meta.is_file() && meta.len() <= KEEP_MAX && meta.len() <= left =>
            {
                let bytes = read_open(&mut file, xml_max(), Some(meta.len())).map_err(fail);
                if let Ok(b) = &bytes {
                    left = left.saturating_sub(b.len() as u64);
                    if head_is_mi_envelope(b) {
                        found.extend(report::envelope_recipients(b));
                    }
                }
                *kept = Some(bytes);
            }
            Ok((meta, mut file)) if meta.is_file() => {
                if is_mi_envelope(&mut file) {
                    let bytes = file
                        .seek(SeekFrom::Start(0))
                        .and_then(|_| read_open(&mut file, xml_max(), Some(meta.len())));
                    if let Ok(b) = bytes {
                        found.extend(report::envelope_recipients(&b));
                    }
                }
            }
            // A folder: the second pass reports it.
            Ok((meta, _)) if meta.is_dir() => {}
            Ok((_, mut file)) => {
                let bytes = read_open(&mut file, xml_max(), None).map_err(fail);
                if let Ok(b) = &bytes {
                    found.extend(report::envelope_recipients(b));
                }
                *kept = Some(bytes);
            }
            Err(e) => *kept = Some(Err(fail(e))),
        }
    }
}

/// Whether a document's root element is an `EnveloppeMISILLCL`, from its
/// head (or anywhere in it when the prolog is longer than the head).
fn head_is_mi_envelope(bytes: &[u8]) -> bool {
    let head = bytes.get(..PREFIX).unwrap_or(bytes);
    match root_name(head) {
        Some(name) => name.rsplit(|&b| b == b':').next().unwrap_or(name) == MI_ENVELOPE,
        None => bytes.len() > PREFIX && bytes.windows(MI_ENVELOPE.len()).any(|w| w == MI_ENVELOPE),
    }
}

/// Whether an open regular file's root element is an `EnveloppeMISILLCL`,
/// read from its first KiB (the whole file when the prolog is longer).
fn is_mi_envelope(file: &mut File) -> bool {
    let mut buf = [0u8; PREFIX];
    let mut n = 0;
    while n < PREFIX {
        match file.read(buf.get_mut(n..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        }
        if root_name(buf.get(..n).unwrap_or_default()).is_some() {
            break;
        }
    }
    if n < PREFIX || root_name(&buf).is_some() {
        return head_is_mi_envelope(buf.get(..n).unwrap_or_default());
    }
    file.seek(SeekFrom::Start(0))
        .and_then(|_| read_open(file, xml_max(), None))
        .is_ok_and(|b| head_is_mi_envelope(&b))
}

/// The root element's name in the first bytes of an XML document (after a
/// BOM, the XML declaration, processing instructions and comments); `None`
/// when it is not there.
fn root_name(head: &[u8]) -> Option<&[u8]> {
    let mut rest = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        if let Some(r) = rest.strip_prefix(b"<?") {
            rest = r.get(r.windows(2).position(|w| w == b"?>")? + 2..)?;
        } else if let Some(r) = rest.strip_prefix(b"<!--") {
            rest = r.get(r.windows(3).position(|w| w == b"-->")? + 3..)?;
        } else {
            let r = rest.strip_prefix(b"<")?;
            let end = r
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))?;
            return r.get(..end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The thread is moved, not pinned: it may run on every processor it
    /// could before.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_thread_started_on_its_own_processor_is_not_pinned() {
        use rustix::thread::sched_getaffinity;
        std::thread::spawn(|| {
            let before = sched_getaffinity(None).map(|s| s.count());
            for k in 0..4 {
                start_on_own_processor(k);
                assert_eq!(sched_getaffinity(None).map(|s| s.count()), before);
            }
        })
        .join()
        .map_err(|_| "the thread panicked")
        .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn root_names() {
        let name = |s: &[u8]| root_name(s).map(|n| String::from_utf8_lossy(n).into_owned());
        assert_eq!(name(b"<a/>").as_deref(), Some("a"));
        assert_eq!(
            name(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\r\n<!-- c -->\n<?pi x?> <ns:Env x=\"1\">")
                .as_deref(),
            Some("ns:Env")
        );
        assert_eq!(name(b"<?xml version=\"1.0\"?><!-- open"), None);
        assert_eq!(name(b"<?xml version=\"1.0\"?><Envelop"), None);
        assert_eq!(name(b"no markup"), None);
    }
}
