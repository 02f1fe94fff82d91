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
//! use actes::container::{TarGzOptions, TarGzWriter};
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
//!
//! The code is laid out one concept a file: the [`Source`] kinds and the
//! entries read (`source`), [`ReadLimits`] and the counting
//! readers that enforce them (`limits`), the checks of entry names
//! (`names`), the visitor shared by every kind of source (`visitor`, which
//! also reads in-memory files), and one reader per container kind
//! (`folder`, `tar_reader`, `zip_reader`).

mod folder;
mod limits;
mod names;
mod source;
mod tar_reader;
mod visitor;
mod zip_reader;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};

use limits::Meter;
pub use limits::ReadLimits;
pub use source::{Entry, EntryInfo, Source};
use visitor::Visitor;

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
#[must_use]
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
        Err(e) => vec![Diagnostic::on_file(
            Code::ArchUnreadable,
            source.label(),
            format!("reading stopped: {e}"),
            format!(
                "lecture interrompue : {}",
                crate::diagnostic::io_reason(&e, crate::diagnostic::Lang::Fr)
            ),
        )],
    };
    (entries, diags)
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
