//! Reading containers built by anyone, hostile or not: a folder, a tar.gz (or
//! plain tar), a zip, or an in-memory list of files (e-mail attachments).
//!
//! Nothing is ever extracted to disk. Entries are streamed to a callback
//! ([`visit`]) so that callers can read XML to memory and hash large
//! documents without holding them; [`read_all`] collects everything for
//! small deliveries.
//!
//! # What is refused, and how
//!
//! Every problem is a [`Diagnostic`], never a panic or an `io::Error`:
//!
//! | problem | code | effect |
//! |---|---|---|
//! | empty name | `ARCH-NAME-EMPTY` | entry refused |
//! | `..` component | `ARCH-NAME-TRAVERSAL` | entry refused |
//! | absolute path (`/etc/passwd`) | `ARCH-NAME-ABSOLUTE` | entry refused |
//! | drive letter (`C:…`) | `ARCH-NAME-DRIVE` | entry refused |
//! | backslash | `ARCH-NAME-BACKSLASH` | entry refused |
//! | NUL or control character | `ARCH-NAME-CONTROL` | entry refused |
//! | name not UTF-8 (tar, folder) | `ARCH-NAME-ENCODING` | entry refused |
//! | name longer than [`ReadLimits::max_name_len`] | `LIMIT-NAME-LENGTH` | entry refused |
//! | symbolic link | `ARCH-SYMLINK` | entry refused |
//! | hard link | `ARCH-HARDLINK` | entry refused |
//! | device, FIFO, sparse or other non-regular entry | `ARCH-SPECIAL` | entry refused |
//! | same name twice | `ARCH-DUPLICATE` | the second refused |
//! | names equal ignoring case | `ARCH-CASE-DUPLICATE` | the second refused |
//! | entry inside a subfolder (`dir/a.xml`), subfolder of a folder source | `ARCH-NESTED` (warning) | not read: deliveries are flat |
//! | encrypted zip entry, unknown compression method | `ARCH-UNSUPPORTED` | entry refused |
//! | corrupt or truncated gzip, tar or zip data | `ARCH-CORRUPT` | tar: reading stops; zip: that entry is refused |
//! | file or folder that cannot be opened or read | `ARCH-UNREADABLE` | that file (or the whole source) is skipped |
//! | too many entries | `LIMIT-ENTRIES` | reading stops |
//! | entry larger than the limit (declared or actual) | `LIMIT-ENTRY-SIZE` | reading stops |
//! | total decompressed bytes over the limit | `LIMIT-TOTAL-SIZE` | reading stops |
//! | compression ratio over the limit | `LIMIT-RATIO` | reading stops |
//!
//! Directory entries of archives are skipped silently (the entries inside
//! them are reported as `ARCH-NESTED`), and so are pax global headers.
//! A leading `./` (as written by `tar -C dir .`) is removed from names.
//!
//! Limits are enforced while decompressing, by counting readers between the
//! decompressor and the consumer: a bomb is never decompressed beyond the
//! limit, and the decompressed data is never accumulated by this module.
//!
//! ```
//! use actes::container::read::{read_all, ReadLimits, Source};
//! use actes::container::targz::{TarGzOptions, TarGzWriter};
//!
//! let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
//! w.append_bytes("a.xml", b"<a/>")?;
//! let (bytes, _) = w.finish()?;
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("x.tar.gz");
//! std::fs::write(&path, bytes)?;
//!
//! let (entries, diagnostics) = read_all(&Source::detect(&path)?, &ReadLimits::default());
//! assert!(diagnostics.is_empty());
//! assert_eq!(entries[0].name, "a.xml");
//! assert_eq!(entries[0].bytes, b"<a/>");
//! # Ok::<(), std::io::Error>(())
//! ```

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Location};

/// Resource limits applied when reading a container. See `SECURITY.md`.
///
/// ```
/// use actes::container::read::ReadLimits;
/// let limits = ReadLimits { max_entries: 100, ..Default::default() };
/// assert_eq!(limits.max_entry_bytes, 160 * 1024 * 1024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLimits {
    /// Maximum number of entries, counting every entry seen (directories,
    /// refused entries). Default 10 000.
    pub max_entries: usize,
    /// Maximum decompressed size of one entry. Default 160 MiB (the
    /// protocol caps a transmission at 150 MiB, §11.2).
    pub max_entry_bytes: u64,
    /// Maximum total decompressed bytes. For tar and tar.gz this counts the
    /// whole decompressed tar stream (headers and padding included). Default
    /// 320 MiB.
    pub max_total_bytes: u64,
    /// Maximum ratio of decompressed to compressed bytes read so far,
    /// checked once the decompressed output passes
    /// [`ratio_threshold`](Self::ratio_threshold). Default 200 (deflate
    /// reaches about 1 000 on zeros; PDF and XML stay far below 50).
    pub max_ratio: u64,
    /// Decompressed bytes below which the ratio is not checked (small files
    /// of repetitive XML compress well). Default 1 MiB.
    pub ratio_threshold: u64,
    /// Maximum length of an entry name in bytes. Default 255.
    pub max_name_len: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_entries: 10_000,
            max_entry_bytes: 160 * 1024 * 1024,
            max_total_bytes: 320 * 1024 * 1024,
            max_ratio: 200,
            ratio_threshold: 1024 * 1024,
            max_name_len: 255,
        }
    }
}

/// Where the files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The regular files directly inside a folder (not recursive; symbolic
    /// links are never followed).
    Folder(PathBuf),
    /// A gzip-compressed tar (several concatenated gzip members accepted).
    TarGz(PathBuf),
    /// An uncompressed tar.
    Tar(PathBuf),
    /// A zip file.
    Zip(PathBuf),
    /// Files already in memory, e.g. e-mail attachments: `(name, content)`.
    Memory(Vec<(String, Vec<u8>)>),
}

impl Source {
    /// Recognises a path: a folder, then by content (gzip magic `1F 8B`,
    /// zip `PK\x03\x04` or `PK\x05\x06`, `ustar` at offset 257), then by
    /// extension (`.tar.gz`, `.tgz`, `.zip`, `.tar`).
    ///
    /// Errors: the path cannot be read (`NotFound`, …), or is none of these
    /// (`InvalidData`).
    pub fn detect(path: &Path) -> io::Result<Source> {
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            return Ok(Source::Folder(path.to_path_buf()));
        }
        let mut head = Vec::with_capacity(512);
        File::open(path)?.take(512).read_to_end(&mut head)?;
        if head.starts_with(&[0x1f, 0x8b]) {
            return Ok(Source::TarGz(path.to_path_buf()));
        }
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            return Ok(Source::Zip(path.to_path_buf()));
        }
        if head.get(257..262) == Some(&b"ustar"[..]) {
            return Ok(Source::Tar(path.to_path_buf()));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
            Ok(Source::TarGz(path.to_path_buf()))
        } else if name.ends_with(".zip") {
            Ok(Source::Zip(path.to_path_buf()))
        } else if name.ends_with(".tar") {
            Ok(Source::Tar(path.to_path_buf()))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: neither a folder, a tar.gz, a tar nor a zip",
                    path.display()
                ),
            ))
        }
    }

    /// A short description for diagnostics: the path, or `"memory"`.
    pub fn label(&self) -> String {
        match self {
            Source::Folder(p) | Source::TarGz(p) | Source::Tar(p) | Source::Zip(p) => {
                p.display().to_string()
            }
            Source::Memory(_) => "memory".to_string(),
        }
    }
}

/// What the callback of [`visit`] learns about an accepted entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInfo {
    /// The flat file name.
    pub name: String,
    /// The size announced by the container (the tar header, the zip
    /// central directory, the file system). The content is checked against
    /// it for tar and zip.
    pub size: u64,
    /// Position of the entry in the container, counting every entry seen
    /// (refused ones included), from 0.
    pub index: usize,
}

/// A file read whole by [`read_all`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The flat file name.
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Streams every accepted entry of `source` to `f`, in container order (a
/// folder's files in byte order of their names).
///
/// `f` gets the entry and a reader of its content, limited by `limits`; it
/// may read all, part or none of it.
///
/// Returns the diagnostics (refused entries, limits, corruption; see the
/// [module documentation](self)). Some problems are only known after
/// entries were delivered (a gzip CRC or length is checked at the end of
/// the stream; a tar entry is checked once read): trust what `f` received
/// only if no error diagnostic is returned. Problems of the source itself, including
/// a missing file, are diagnostics too. `Err` is returned only when `f`
/// returns an error that is not caused by reading the content (e.g. the
/// caller's own output failed); reading then stops.
///
/// ```
/// use std::io::Read;
/// use actes::container::read::{visit, ReadLimits, Source};
///
/// let source = Source::Memory(vec![
///     ("a.xml".into(), b"<a/>".to_vec()),
///     ("../evil".into(), b"x".to_vec()),
/// ]);
/// let mut sizes = Vec::new();
/// let diagnostics = visit(&source, &ReadLimits::default(), |entry, content| {
///     sizes.push((entry.name.clone(), std::io::copy(content, &mut std::io::sink())?));
///     Ok(())
/// })?;
/// assert_eq!(sizes, vec![("a.xml".to_string(), 4)]);
/// assert_eq!(diagnostics[0].code.as_str(), "ARCH-NAME-TRAVERSAL");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn visit<F>(source: &Source, limits: &ReadLimits, mut f: F) -> io::Result<Vec<Diagnostic>>
where
    F: FnMut(&EntryInfo, &mut dyn Read) -> io::Result<()>,
{
    let meter = Meter::default();
    let mut v = Visitor {
        limits,
        meter: &meter,
        diags: Vec::new(),
        names: HashMap::new(),
        seen: 0,
        declared_total: 0,
        label: source.label(),
        callback: &mut f,
    };
    match source {
        Source::Folder(p) => v.folder(p)?,
        Source::TarGz(p) => v.tar(p, true)?,
        Source::Tar(p) => v.tar(p, false)?,
        Source::Zip(p) => v.zip(p)?,
        Source::Memory(files) => v.memory(files)?,
    }
    Ok(v.diags)
}

/// Reads every accepted entry of `source` into memory, with the
/// diagnostics of [`visit`]. Meant for small deliveries: each entry can be
/// as large as [`ReadLimits::max_entry_bytes`] and all of them together as
/// large as [`ReadLimits::max_total_bytes`].
pub fn read_all(source: &Source, limits: &ReadLimits) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut entries = Vec::new();
    let result = visit(source, limits, |info, content| {
        // Never trust the announced size for the allocation.
        let mut bytes = Vec::with_capacity(usize::try_from(info.size.min(1 << 20)).unwrap_or(0));
        content.read_to_end(&mut bytes)?;
        entries.push(Entry {
            name: info.name.clone(),
            bytes,
        });
        Ok(())
    });
    let diags = match result {
        Ok(d) => d,
        Err(e) => vec![diag(
            Code::ArchUnreadable,
            source.label(),
            format!("reading stopped: {e}"),
            format!("lecture interrompue : {e}"),
        )],
    };
    (entries, diags)
}

// ------------------------------------------------------------------ meter

/// Why reading stopped inside a reader.
#[derive(Debug, Clone)]
enum Stop {
    Limit(Code, String, String),
    Corrupt(String),
}

/// Counters shared by the readers of one visit.
#[derive(Default)]
struct Meter {
    /// Bytes read from the compressed file.
    compressed: Cell<u64>,
    /// Decompressed bytes produced.
    total: Cell<u64>,
    stop: RefCell<Option<Stop>>,
}

impl Meter {
    fn set_stop(&self, stop: Stop) {
        let mut s = self.stop.borrow_mut();
        if s.is_none() {
            *s = Some(stop);
        }
    }

    fn take_stop(&self) -> Option<Stop> {
        self.stop.borrow_mut().take()
    }

    fn stopped(&self) -> bool {
        self.stop.borrow().is_some()
    }
}

fn stop_error() -> io::Error {
    io::Error::other("reading stopped by a container limit")
}

/// Counts bytes read from the underlying (compressed) file.
struct CountIn<'m, R> {
    inner: R,
    meter: &'m Meter,
}

impl<R: Read> Read for CountIn<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.meter
            .compressed
            .set(self.meter.compressed.get().saturating_add(n as u64));
        Ok(n)
    }
}

impl<R: Seek> Seek for CountIn<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Counts decompressed bytes against the total and ratio limits.
struct TotalLimit<'m, 'l, R> {
    inner: R,
    meter: &'m Meter,
    limits: &'l ReadLimits,
    check_ratio: bool,
}

impl<R: Read> Read for TotalLimit<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.meter.stopped() {
            return Err(stop_error());
        }
        let total = self.meter.total.get();
        // Never produce more than one byte past the limit.
        let room = self
            .limits
            .max_total_bytes
            .saturating_sub(total)
            .saturating_add(1);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = match self.inner.read(buf.get_mut(..want).unwrap_or_default()) {
            Ok(n) => n,
            Err(e) => {
                if e.kind() != io::ErrorKind::Interrupted {
                    self.meter.set_stop(Stop::Corrupt(e.to_string()));
                }
                return Err(e);
            }
        };
        let total = total.saturating_add(n as u64);
        self.meter.total.set(total);
        let l = self.limits;
        if total > l.max_total_bytes {
            self.meter.set_stop(Stop::Limit(
                Code::LimitTotalSize,
                format!("more than {} bytes once decompressed", l.max_total_bytes),
                format!("plus de {} octets une fois décompressé", l.max_total_bytes),
            ));
            return Err(stop_error());
        }
        if self.check_ratio && total > l.ratio_threshold {
            let compressed = self.meter.compressed.get().max(1);
            if total > l.max_ratio.saturating_mul(compressed) {
                self.meter.set_stop(Stop::Limit(
                    Code::LimitRatio,
                    format!(
                        "{total} bytes decompressed from {compressed}: ratio above {}:1",
                        l.max_ratio
                    ),
                    format!(
                        "{total} octets décompressés à partir de {compressed} : taux supérieur à {}:1",
                        l.max_ratio
                    ),
                ));
                return Err(stop_error());
            }
        }
        Ok(n)
    }
}

/// The reader handed to the callback: per-entry limit, optional announced
/// size, and records read errors as corruption.
struct EntryReader<'m, R> {
    inner: R,
    meter: &'m Meter,
    count: u64,
    max: u64,
    announced: Option<u64>,
}

impl<R: Read> Read for EntryReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.meter.stopped() {
            return Err(stop_error());
        }
        let cap = self.max.min(self.announced.unwrap_or(u64::MAX));
        let room = cap.saturating_sub(self.count).saturating_add(1);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = match self.inner.read(buf.get_mut(..want).unwrap_or_default()) {
            Ok(n) => n,
            Err(e) => {
                if e.kind() != io::ErrorKind::Interrupted {
                    self.meter.set_stop(Stop::Corrupt(e.to_string()));
                }
                return Err(e);
            }
        };
        if n == 0 && want > 0 {
            if let Some(a) = self.announced.filter(|a| self.count < *a) {
                self.meter.set_stop(Stop::Corrupt(format!(
                    "the content ends after {} of the {a} bytes announced",
                    self.count
                )));
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "truncated entry",
                ));
            }
        }
        self.count = self.count.saturating_add(n as u64);
        if self.count > self.max {
            self.meter.set_stop(Stop::Limit(
                Code::LimitEntrySize,
                format!("more than {} bytes once decompressed", self.max),
                format!("plus de {} octets une fois décompressée", self.max),
            ));
            return Err(stop_error());
        }
        if let Some(a) = self.announced {
            if self.count > a {
                self.meter.set_stop(Stop::Corrupt(format!(
                    "the entry holds more than the {a} bytes its header announces"
                )));
                return Err(stop_error());
            }
        }
        Ok(n)
    }
}

// ------------------------------------------------------------------ names

enum Verdict {
    Accept(String),
    Refuse(Code, &'static str, &'static str),
    Nested(String),
    Directory,
}

fn check_name(raw: &str, limits: &ReadLimits) -> Verdict {
    use Verdict::Refuse;
    if raw.is_empty() {
        return Refuse(Code::ArchNameEmpty, "empty name", "nom vide");
    }
    if raw.len() > limits.max_name_len {
        return Refuse(Code::LimitNameLength, "name too long", "nom trop long");
    }
    if raw.chars().any(char::is_control) {
        return Refuse(
            Code::ArchNameControl,
            "control character in the name",
            "caractère de contrôle dans le nom",
        );
    }
    if raw.contains('\\') {
        return Refuse(
            Code::ArchNameBackslash,
            "backslash in the name",
            "barre oblique inverse dans le nom",
        );
    }
    if raw.starts_with('/') {
        return Refuse(Code::ArchNameAbsolute, "absolute path", "chemin absolu");
    }
    let b = raw.as_bytes();
    if b.first().is_some_and(u8::is_ascii_alphabetic) && b.get(1) == Some(&b':') {
        return Refuse(Code::ArchNameDrive, "drive letter", "lettre de lecteur");
    }
    if raw.split('/').any(|c| c == "..") {
        return Refuse(
            Code::ArchNameTraversal,
            "`..` in the name",
            "`..` dans le nom",
        );
    }
    let mut name = raw;
    while let Some(rest) = name.strip_prefix("./") {
        name = rest;
    }
    if name.is_empty() || name == "." || name.ends_with('/') {
        return Verdict::Directory;
    }
    if name.contains('/') {
        return Verdict::Nested(name.to_string());
    }
    Verdict::Accept(name.to_string())
}

fn diag(code: Code, file: impl Into<String>, en: String, fr: String) -> Diagnostic {
    Diagnostic::new(code, Location::file(file), en, fr)
}

// ------------------------------------------------------------------ visitor

type Callback<'f> = dyn FnMut(&EntryInfo, &mut dyn Read) -> io::Result<()> + 'f;

/// How [`Visitor::deliver`] treats read errors of an entry.
#[derive(Clone, Copy)]
struct Mode {
    /// Code of a read error.
    corrupt: Code,
    /// Whether reading goes on with the next entry after a read error.
    resume: bool,
    /// Whether what the callback left unread is read (and checked).
    drain: bool,
}

impl Mode {
    /// Files of a folder or of memory: one unreadable file does not stop
    /// the others.
    const UNREADABLE: Mode = Mode {
        corrupt: Code::ArchUnreadable,
        resume: true,
        drain: false,
    };
    /// A tar stream cannot resynchronise after an error; the rest of an
    /// entry is read anyway to reach the next header, so check it.
    const TAR: Mode = Mode {
        corrupt: Code::ArchCorrupt,
        resume: false,
        drain: true,
    };
    /// A corrupt zip entry does not prevent reading the next ones.
    const ZIP: Mode = Mode {
        corrupt: Code::ArchCorrupt,
        resume: true,
        drain: false,
    };
}

/// What to do after an entry.
#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Stop,
}

struct Visitor<'a, 'f> {
    limits: &'a ReadLimits,
    /// Shared with the counting readers, hence not owned.
    meter: &'a Meter,
    diags: Vec<Diagnostic>,
    /// Lower-cased accepted name → accepted name.
    names: HashMap<String, String>,
    /// Entries seen so far.
    seen: usize,
    /// Sum of the announced sizes of accepted entries.
    declared_total: u64,
    label: String,
    callback: &'f mut Callback<'f>,
}

impl Visitor<'_, '_> {
    fn push(&mut self, code: Code, file: &str, en: String, fr: String) {
        self.diags.push(diag(code, file, en, fr));
    }

    fn refuse(&mut self, code: Code, file: &str, en: &str, fr: &str) {
        self.push(
            code,
            file,
            format!("entry {file:?}: {en}"),
            format!("entrée {file:?} : {fr}"),
        );
    }

    fn source_problem(&mut self, code: Code, en: String, fr: String) {
        let label = self.label.clone();
        self.push(code, &label, en, fr);
    }

    fn limit_stop(&mut self, code: Code, file: &str, en: String, fr: String) -> Flow {
        self.push(code, file, en, fr);
        Flow::Stop
    }

    /// Counts one entry; `Stop` past the entry limit.
    fn count_entry(&mut self) -> Flow {
        self.seen += 1;
        if self.seen > self.limits.max_entries {
            let max = self.limits.max_entries;
            let label = self.label.clone();
            return self.limit_stop(
                Code::LimitEntries,
                &label,
                format!("more than {max} entries"),
                format!("plus de {max} entrées"),
            );
        }
        Flow::Continue
    }

    /// Checks a name for a regular file. `Some(name)` when accepted.
    fn accept_name(&mut self, raw: &str) -> Option<String> {
        match check_name(raw, self.limits) {
            Verdict::Accept(name) => {
                let key = name.to_lowercase();
                if let Some(prev) = self.names.get(&key) {
                    if *prev == name {
                        self.refuse(
                            Code::ArchDuplicate,
                            &name,
                            "appears twice; the second one is refused",
                            "apparaît deux fois ; la seconde est refusée",
                        );
                    } else {
                        let prev = prev.clone();
                        self.refuse(
                            Code::ArchCaseDuplicate,
                            &name,
                            &format!("differs from {prev:?} only by case; refused"),
                            &format!("ne diffère de {prev:?} que par la casse ; refusée"),
                        );
                    }
                    return None;
                }
                self.names.insert(key, name.clone());
                Some(name)
            }
            Verdict::Refuse(code, en, fr) => {
                self.refuse(code, raw, en, fr);
                None
            }
            Verdict::Nested(name) => {
                self.refuse(
                    Code::ArchNested,
                    &name,
                    "is inside a subfolder; not read",
                    "est dans un sous-dossier ; non lue",
                );
                None
            }
            Verdict::Directory => None,
        }
    }

    /// Checks the announced size of an accepted entry against the limits.
    fn check_size(&mut self, name: &str, size: u64) -> Flow {
        let l = self.limits;
        if size > l.max_entry_bytes {
            let max = l.max_entry_bytes;
            return self.limit_stop(
                Code::LimitEntrySize,
                name,
                format!("entry {name:?} announces {size} bytes, more than the limit of {max}"),
                format!("l'entrée {name:?} annonce {size} octets, plus que la limite de {max}"),
            );
        }
        self.declared_total = self.declared_total.saturating_add(size);
        if self.declared_total > l.max_total_bytes {
            let max = l.max_total_bytes;
            return self.limit_stop(
                Code::LimitTotalSize,
                name,
                format!("the entries announce more than {max} bytes in total"),
                format!("les entrées annoncent plus de {max} octets au total"),
            );
        }
        Flow::Continue
    }

    /// Hands an entry to the callback and turns reader failures into
    /// diagnostics.
    fn deliver(
        &mut self,
        info: &EntryInfo,
        content: &mut dyn Read,
        mode: Mode,
    ) -> io::Result<Flow> {
        let mut reader = EntryReader {
            inner: content,
            meter: self.meter,
            count: 0,
            max: self.limits.max_entry_bytes,
            announced: Some(info.size),
        };
        let mut result = (self.callback)(info, &mut reader);
        if mode.drain && result.is_ok() && !self.meter.stopped() {
            // Read what the callback left, so that a truncated entry is
            // reported even when the callback did not read it all.
            result = io::copy(&mut reader, &mut io::sink()).map(|_| ());
        }
        let (corrupt, resume) = (mode.corrupt, mode.resume);
        match (self.meter.take_stop(), result) {
            (Some(stop), _) => Ok(self.stop_diag(stop, &info.name, corrupt, resume)),
            (None, Ok(())) => Ok(Flow::Continue),
            (None, Err(e)) => Err(e),
        }
    }

    fn stop_diag(&mut self, stop: Stop, file: &str, corrupt: Code, resume: bool) -> Flow {
        match stop {
            Stop::Limit(code, en, fr) => self.limit_stop(
                code,
                file,
                format!("entry {file:?}: {en}; reading stopped"),
                format!("entrée {file:?} : {fr} ; lecture interrompue"),
            ),
            Stop::Corrupt(why) => {
                self.push(
                    corrupt,
                    file,
                    format!("entry {file:?} cannot be read: {why}"),
                    format!("l'entrée {file:?} ne peut pas être lue : {why}"),
                );
                if resume {
                    Flow::Continue
                } else {
                    Flow::Stop
                }
            }
        }
    }

    fn open(&mut self, path: &Path) -> Option<File> {
        match File::open(path) {
            Ok(f) => Some(f),
            Err(e) => {
                self.source_problem(
                    Code::ArchUnreadable,
                    format!("cannot open {}: {e}", path.display()),
                    format!("impossible d'ouvrir {} : {e}", path.display()),
                );
                None
            }
        }
    }

    fn empty_file(&mut self, file: &File) -> bool {
        if file.metadata().map(|m| m.len() == 0).unwrap_or(false) {
            self.source_problem(
                Code::ArchCorrupt,
                "the archive is an empty file".into(),
                "l'archive est un fichier vide".into(),
            );
            return true;
        }
        false
    }

    // -------------------------------------------------------------- memory

    fn memory(&mut self, files: &[(String, Vec<u8>)]) -> io::Result<()> {
        for (index, (raw, content)) in files.iter().enumerate() {
            if self.count_entry() == Flow::Stop {
                return Ok(());
            }
            let Some(name) = self.accept_name(raw) else {
                continue;
            };
            let size = content.len() as u64;
            if self.check_size(&name, size) == Flow::Stop {
                return Ok(());
            }
            let info = EntryInfo { name, size, index };
            let mut reader = content.as_slice();
            if self.deliver(&info, &mut reader, Mode::UNREADABLE)? == Flow::Stop {
                return Ok(());
            }
        }
        Ok(())
    }

    // -------------------------------------------------------------- folder

    fn folder(&mut self, dir: &Path) -> io::Result<()> {
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.source_problem(
                    Code::ArchUnreadable,
                    format!("cannot read the folder {}: {e}", dir.display()),
                    format!("impossible de lire le dossier {} : {e}", dir.display()),
                );
                return Ok(());
            }
        };
        let mut names = Vec::new();
        for item in rd {
            match item {
                Ok(item) => names.push(item.file_name()),
                Err(e) => {
                    self.source_problem(
                        Code::ArchUnreadable,
                        format!("cannot list the folder {}: {e}", dir.display()),
                        format!("impossible de lister le dossier {} : {e}", dir.display()),
                    );
                    return Ok(());
                }
            }
            if names.len() > self.limits.max_entries {
                break;
            }
        }
        names.sort();
        for (index, os_name) in names.into_iter().enumerate() {
            if self.count_entry() == Flow::Stop {
                return Ok(());
            }
            let path = dir.join(&os_name);
            let Some(raw) = os_name.to_str() else {
                let lossy = os_name.to_string_lossy().into_owned();
                self.refuse(
                    Code::ArchNameEncoding,
                    &lossy,
                    "the name is not valid UTF-8",
                    "le nom n'est pas de l'UTF-8 valide",
                );
                continue;
            };
            let meta = match path.symlink_metadata() {
                Ok(m) => m,
                Err(e) => {
                    self.refuse(
                        Code::ArchUnreadable,
                        raw,
                        &format!("cannot be read: {e}"),
                        &format!("ne peut pas être lue : {e}"),
                    );
                    continue;
                }
            };
            let ft = meta.file_type();
            if ft.is_symlink() {
                self.refuse(
                    Code::ArchSymlink,
                    raw,
                    "is a symbolic link; not followed",
                    "est un lien symbolique ; non suivi",
                );
                continue;
            }
            if ft.is_dir() {
                self.refuse(
                    Code::ArchNested,
                    raw,
                    "is a subfolder; deliveries are flat, its content was not read",
                    "est un sous-dossier ; les envois sont à plat, son contenu n'a pas été lu",
                );
                continue;
            }
            if !ft.is_file() {
                self.refuse(
                    Code::ArchSpecial,
                    raw,
                    "is not a regular file",
                    "n'est pas un fichier ordinaire",
                );
                continue;
            }
            let Some(name) = self.accept_name(raw) else {
                continue;
            };
            let size = meta.len();
            if self.check_size(&name, size) == Flow::Stop {
                return Ok(());
            }
            let file = match open_same_file(&path, &meta) {
                Ok(f) => f,
                Err(e) => {
                    self.refuse(
                        Code::ArchUnreadable,
                        &name,
                        &format!("cannot be read: {e}"),
                        &format!("ne peut pas être lue : {e}"),
                    );
                    continue;
                }
            };
            let info = EntryInfo { name, size, index };
            let mut limited = TotalLimit {
                inner: file,
                meter: self.meter,
                limits: self.limits,
                check_ratio: false,
            };
            if self.deliver(&info, &mut limited, Mode::UNREADABLE)? == Flow::Stop {
                return Ok(());
            }
        }
        Ok(())
    }

    // -------------------------------------------------------------- tar

    fn tar(&mut self, path: &Path, gzip: bool) -> io::Result<()> {
        let Some(file) = self.open(path) else {
            return Ok(());
        };
        if self.empty_file(&file) {
            return Ok(());
        }
        let meter = self.meter;
        let counted = CountIn { inner: file, meter };
        let decoded: Box<dyn Read + '_> = if gzip {
            Box::new(flate2::read::MultiGzDecoder::new(counted))
        } else {
            Box::new(counted)
        };
        let stream = TotalLimit {
            inner: decoded,
            meter,
            limits: self.limits,
            check_ratio: gzip,
        };
        let mut archive = tar::Archive::new(stream);
        let entries = match archive.entries() {
            Ok(e) => e,
            Err(e) => {
                self.source_problem(
                    Code::ArchCorrupt,
                    format!("cannot read the archive: {e}"),
                    format!("impossible de lire l'archive : {e}"),
                );
                return Ok(());
            }
        };
        for (index, item) in entries.enumerate() {
            let mut entry = match item {
                Ok(entry) => entry,
                Err(e) => {
                    let stop = meter.take_stop().unwrap_or(Stop::Corrupt(e.to_string()));
                    let label = self.label.clone();
                    self.stop_diag(stop, &label, Code::ArchCorrupt, false);
                    return Ok(());
                }
            };
            if self.count_entry() == Flow::Stop {
                return Ok(());
            }
            let kind = entry.header().entry_type();
            if kind.is_dir() || matches!(kind, tar::EntryType::XGlobalHeader) {
                continue;
            }
            let raw_bytes = entry.path_bytes().into_owned();
            let Ok(raw) = String::from_utf8(raw_bytes.clone()) else {
                let lossy = String::from_utf8_lossy(&raw_bytes).into_owned();
                self.refuse(
                    Code::ArchNameEncoding,
                    &lossy,
                    "the name is not valid UTF-8",
                    "le nom n'est pas de l'UTF-8 valide",
                );
                continue;
            };
            // Name problems first (they are the more dangerous), then type.
            let name = match check_name(&raw, self.limits) {
                Verdict::Accept(_) => raw.clone(),
                Verdict::Directory if kind.is_file() => continue,
                _ => {
                    let _ = self.accept_name(&raw);
                    continue;
                }
            };
            let refused = match kind {
                k if k.is_file() => None,
                tar::EntryType::Symlink => Some((
                    Code::ArchSymlink,
                    "is a symbolic link",
                    "est un lien symbolique",
                )),
                tar::EntryType::Link => {
                    Some((Code::ArchHardlink, "is a hard link", "est un lien physique"))
                }
                _ => Some((
                    Code::ArchSpecial,
                    "is not a regular file (device, FIFO, sparse…)",
                    "n'est pas un fichier ordinaire (périphérique, tube nommé, fichier creux…)",
                )),
            };
            if let Some((code, en, fr)) = refused {
                self.refuse(code, &name, en, fr);
                continue;
            }
            let Some(name) = self.accept_name(&name) else {
                continue;
            };
            let size = entry.size();
            if self.check_size(&name, size) == Flow::Stop {
                return Ok(());
            }
            let info = EntryInfo { name, size, index };
            if self.deliver(&info, &mut entry, Mode::TAR)? == Flow::Stop {
                return Ok(());
            }
        }
        // After the end-of-archive blocks, read the rest of the stream (still
        // under the limits) so that a truncated or corrupt gzip member (its
        // CRC and length are at the very end) is reported.
        let mut rest = archive.into_inner();
        if let Err(e) = io::copy(&mut rest, &mut io::sink()) {
            let stop = meter.take_stop().unwrap_or(Stop::Corrupt(e.to_string()));
            let label = self.label.clone();
            self.stop_diag(stop, &label, Code::ArchCorrupt, false);
        }
        Ok(())
    }

    // -------------------------------------------------------------- zip

    fn zip(&mut self, path: &Path) -> io::Result<()> {
        let Some(mut file) = self.open(path) else {
            return Ok(());
        };
        if self.empty_file(&file) {
            return Ok(());
        }
        let directory = zip_directory(&mut file, self.limits);
        let declared = directory.as_ref().map(|d| d.entries);
        if let Some(n) = declared {
            if n > self.limits.max_entries as u64 {
                let max = self.limits.max_entries;
                let label = self.label.clone();
                self.limit_stop(
                    Code::LimitEntries,
                    &label,
                    format!("the zip announces {n} entries, more than {max}"),
                    format!("le zip annonce {n} entrées, plus de {max}"),
                );
                return Ok(());
            }
        }
        if let Err(e) = file.seek(SeekFrom::Start(0)) {
            self.source_problem(
                Code::ArchUnreadable,
                format!("cannot read the archive: {e}"),
                format!("impossible de lire l'archive : {e}"),
            );
            return Ok(());
        }
        let meter = self.meter;
        let counted = CountIn {
            inner: io::BufReader::new(file),
            meter,
        };
        let mut archive = match zip::ZipArchive::new(counted) {
            Ok(a) => a,
            Err(e) => {
                self.source_problem(
                    Code::ArchCorrupt,
                    format!("not a readable zip: {e}"),
                    format!("zip illisible : {e}"),
                );
                return Ok(());
            }
        };
        // The zip crate keeps one entry per name: find duplicates in the
        // central directory itself. None of the copies is read, since the
        // crate cannot tell which one it serves.
        let mut copies: HashMap<Vec<u8>, usize> = HashMap::new();
        match directory.and_then(|d| d.names) {
            Some(names) => {
                for n in names {
                    *copies.entry(n).or_default() += 1;
                }
                copies.retain(|_, c| *c > 1);
            }
            None if declared.is_some_and(|n| n != archive.len() as u64) => {
                let n = declared.unwrap_or_default();
                let m = archive.len();
                self.source_problem(
                    Code::ArchDuplicate,
                    format!("the central directory lists {n} entries but only {m} distinct names"),
                    format!(
                        "le répertoire central liste {n} entrées mais seulement {m} noms distincts"
                    ),
                );
            }
            None => {}
        }
        let keep = self.limits.max_name_len.saturating_add(1);
        for index in 0..archive.len() {
            if self.count_entry() == Flow::Stop {
                return Ok(());
            }
            let meta = match archive.by_index_raw(index) {
                Ok(f) => ZipMeta {
                    copies: copies
                        .get(f.name_raw().get(..keep).unwrap_or(f.name_raw()))
                        .copied()
                        .unwrap_or(1),
                    name: f.name().to_string(),
                    dir: f.is_dir(),
                    mode: f.unix_mode(),
                    size: f.size(),
                    encrypted: f.encrypted(),
                },
                Err(e) => {
                    let label = self.label.clone();
                    self.stop_diag(
                        Stop::Corrupt(e.to_string()),
                        &label,
                        Code::ArchCorrupt,
                        false,
                    );
                    return Ok(());
                }
            };
            if meta.dir {
                continue;
            }
            let raw = meta.name;
            if meta.copies > 1 {
                let n = meta.copies;
                self.refuse(
                    Code::ArchDuplicate,
                    &raw,
                    &format!("appears {n} times in the central directory; no copy is read"),
                    &format!(
                        "apparaît {n} fois dans le répertoire central ; aucune copie n'est lue"
                    ),
                );
                continue;
            }
            let name = match check_name(&raw, self.limits) {
                Verdict::Accept(_) => raw.clone(),
                Verdict::Directory => continue,
                _ => {
                    let _ = self.accept_name(&raw);
                    continue;
                }
            };
            // Unix file type bits, when the zip was made on Unix.
            let refused = match meta.mode.map(|m| m & 0o170_000) {
                None | Some(0) | Some(0o100_000) => None,
                Some(0o120_000) => Some((
                    Code::ArchSymlink,
                    "is a symbolic link",
                    "est un lien symbolique",
                )),
                Some(0o040_000) => continue,
                Some(_) => Some((
                    Code::ArchSpecial,
                    "is not a regular file",
                    "n'est pas un fichier ordinaire",
                )),
            };
            if let Some((code, en, fr)) = refused {
                self.refuse(code, &name, en, fr);
                continue;
            }
            if meta.encrypted {
                self.refuse(Code::ArchUnsupported, &name, "is encrypted", "est chiffrée");
                continue;
            }
            let Some(name) = self.accept_name(&name) else {
                continue;
            };
            if self.check_size(&name, meta.size) == Flow::Stop {
                return Ok(());
            }
            let mut zf = match archive.by_index(index) {
                Ok(zf) => zf,
                Err(zip::result::ZipError::UnsupportedArchive(why)) => {
                    self.refuse(
                        Code::ArchUnsupported,
                        &name,
                        &format!("is not supported: {why}"),
                        &format!("n'est pas prise en charge : {why}"),
                    );
                    continue;
                }
                Err(e) => {
                    self.refuse(
                        Code::ArchCorrupt,
                        &name,
                        &format!("cannot be read: {e}"),
                        &format!("ne peut pas être lue : {e}"),
                    );
                    continue;
                }
            };
            let info = EntryInfo {
                name,
                size: meta.size,
                index,
            };
            let mut limited = TotalLimit {
                inner: &mut zf,
                meter,
                limits: self.limits,
                check_ratio: true,
            };
            if self.deliver(&info, &mut limited, Mode::ZIP)? == Flow::Stop {
                return Ok(());
            }
        }
        Ok(())
    }
}

struct ZipMeta {
    /// How many times the name appears in the central directory.
    copies: usize,
    name: String,
    dir: bool,
    mode: Option<u32>,
    size: u64,
    encrypted: bool,
}

/// What the end-of-central-directory record of a zip announces, read
/// before the zip crate parses the central directory.
struct ZipDirectory {
    /// Number of entries announced.
    entries: u64,
    /// The raw names of the central directory, in order (each cut to
    /// `max_name_len + 1` bytes), when the directory could be walked.
    names: Option<Vec<Vec<u8>>>,
}

/// Reads the end-of-central-directory record (zip64 included) so that a
/// file announcing millions of entries is refused without building them,
/// and walks the central directory for the names: the zip crate keeps one
/// entry per name, so duplicates must be found here. `None` when no record
/// is found (the zip crate then reports the corruption).
fn zip_directory(file: &mut File, limits: &ReadLimits) -> Option<ZipDirectory> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let len = file.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(22 + 65_535);
    file.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = Vec::with_capacity(usize::try_from(tail_len).ok()?);
    file.by_ref().take(tail_len).read_to_end(&mut tail).ok()?;
    let pos = tail.windows(4).rposition(|w| w == EOCD)?;
    let eocd = tail.get(pos..)?;
    let le16 = |b: &[u8], at: usize| -> Option<u64> {
        Some(u64::from(u16::from_le_bytes(
            b.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let le32 = |b: &[u8], at: usize| -> Option<u64> {
        Some(u64::from(u32::from_le_bytes(
            b.get(at..at + 4)?.try_into().ok()?,
        )))
    };
    let le64 = |b: &[u8], at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
    };
    let mut entries = le16(eocd, 10)?;
    let mut cd_size = le32(eocd, 12)?;
    let mut cd_offset = le32(eocd, 16)?;
    if entries == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        // Zip64: the locator sits just before the EOCD record.
        let loc = pos
            .checked_sub(20)
            .and_then(|start| tail.get(start..pos))
            .filter(|loc| loc.starts_with(b"PK\x06\x07"));
        if let Some(loc) = loc {
            file.seek(SeekFrom::Start(le64(loc, 8)?)).ok()?;
            let mut rec = [0u8; 56];
            file.read_exact(&mut rec).ok()?;
            if !rec.starts_with(b"PK\x06\x06") {
                return None;
            }
            entries = le64(&rec, 32)?;
            cd_size = le64(&rec, 40)?;
            cd_offset = le64(&rec, 48)?;
        }
    }
    if entries > limits.max_entries as u64 {
        return Some(ZipDirectory {
            entries,
            names: None,
        });
    }
    let names = walk_central_directory(file, cd_offset, cd_size, entries, limits);
    Some(ZipDirectory { entries, names })
}

fn walk_central_directory(
    file: &mut File,
    offset: u64,
    size: u64,
    entries: u64,
    limits: &ReadLimits,
) -> Option<Vec<Vec<u8>>> {
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut cd = io::BufReader::new(file.by_ref().take(size));
    let keep = limits.max_name_len.saturating_add(1);
    let mut names = Vec::new();
    for _ in 0..entries {
        let mut fixed = [0u8; 46];
        cd.read_exact(&mut fixed).ok()?;
        if !fixed.starts_with(b"PK\x01\x02") {
            return None;
        }
        let field = |at: usize| -> Option<u64> {
            Some(u64::from(u16::from_le_bytes(
                fixed.get(at..at + 2)?.try_into().ok()?,
            )))
        };
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let mut name = Vec::new();
        cd.by_ref().take(name_len).read_to_end(&mut name).ok()?;
        if name.len() as u64 != name_len {
            return None;
        }
        name.truncate(keep);
        names.push(name);
        let skip = extra_len + comment_len;
        let skipped = io::copy(&mut cd.by_ref().take(skip), &mut io::sink()).ok()?;
        if skipped != skip {
            return None;
        }
    }
    Some(names)
}

/// Opens `path` and checks that it is still the regular file `meta`
/// describes (it was not replaced by a link between the check and the
/// open).
fn open_same_file(path: &Path, meta: &std::fs::Metadata) -> io::Result<File> {
    let file = File::open(path)?;
    let now = file.metadata()?;
    if !now.is_file() {
        return Err(io::Error::other("no longer a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if now.dev() != meta.dev() || now.ino() != meta.ino() {
            return Err(io::Error::other("replaced while being read"));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(file)
}

/// Reads a whole file, refusing one larger than `max` bytes without reading
/// past the limit (so `/dev/zero` or a huge file cannot exhaust memory).
/// A folder is refused with `InvalidInput`.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let p = dir.path().join("f.xml");
/// std::fs::write(&p, b"<a/>")?;
/// assert_eq!(actes::container::read::read_file_capped(&p, 4)?, b"<a/>");
/// assert!(actes::container::read::read_file_capped(&p, 3).is_err());
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_file_capped(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a folder, not a file",
        ));
    }
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the file is larger than the limit of {max} bytes"),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(name: &str) -> String {
        match check_name(name, &ReadLimits::default()) {
            Verdict::Accept(n) => format!("ok {n}"),
            Verdict::Refuse(code, _, _) => code.as_str().to_string(),
            Verdict::Nested(n) => format!("nested {n}"),
            Verdict::Directory => "dir".to_string(),
        }
    }

    #[test]
    fn names() {
        assert_eq!(verdict("a.xml"), "ok a.xml");
        assert_eq!(verdict("./a.xml"), "ok a.xml");
        assert_eq!(verdict("././a.xml"), "ok a.xml");
        assert_eq!(verdict("a b.pdf"), "ok a b.pdf");
        assert_eq!(verdict("..a.pdf"), "ok ..a.pdf");
        assert_eq!(verdict("Délibération.pdf"), "ok Délibération.pdf");
        assert_eq!(verdict("./"), "dir");
        assert_eq!(verdict("."), "dir");
        assert_eq!(verdict("d/"), "dir");
        assert_eq!(verdict("d/a.xml"), "nested d/a.xml");
        assert_eq!(verdict(""), "ARCH-NAME-EMPTY");
        assert_eq!(verdict(".."), "ARCH-NAME-TRAVERSAL");
        assert_eq!(verdict("a/.."), "ARCH-NAME-TRAVERSAL");
        assert_eq!(verdict("./../a"), "ARCH-NAME-TRAVERSAL");
        assert_eq!(verdict("/a"), "ARCH-NAME-ABSOLUTE");
        assert_eq!(verdict("c:a"), "ARCH-NAME-DRIVE");
        assert_eq!(verdict("..\\a"), "ARCH-NAME-BACKSLASH");
        assert_eq!(verdict("a\u{0}b"), "ARCH-NAME-CONTROL");
        assert_eq!(verdict("a\u{7f}b"), "ARCH-NAME-CONTROL");
        assert_eq!(verdict("a\u{85}b"), "ARCH-NAME-CONTROL");
        assert_eq!(verdict(&"x".repeat(256)), "LIMIT-NAME-LENGTH");
        assert_eq!(verdict(&"x".repeat(255)), format!("ok {}", "x".repeat(255)));
    }

    #[test]
    fn entry_reader_checks_announced_size() {
        let meter = Meter::default();
        let mut r = EntryReader {
            inner: &b"12345"[..],
            meter: &meter,
            count: 0,
            max: 100,
            announced: Some(10),
        };
        let mut out = Vec::new();
        assert!(r.read_to_end(&mut out).is_err());
        assert!(matches!(meter.take_stop(), Some(Stop::Corrupt(_))));

        let mut r = EntryReader {
            inner: &b"12345"[..],
            meter: &meter,
            count: 0,
            max: 4,
            announced: Some(5),
        };
        assert!(r.read_to_end(&mut Vec::new()).is_err());
        assert!(matches!(
            meter.take_stop(),
            Some(Stop::Limit(Code::LimitEntrySize, _, _))
        ));
    }
}
