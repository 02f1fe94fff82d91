//! Document contents and their recognition by magic bytes (SPEC §11.3).
//!
//! A document's content is a file path, bytes in memory, or any [`Read`]
//! with a declared size ([`DocumentContent`]). Nothing ever reads a whole
//! document into memory: validation looks at the first and the last
//! [`PROBE_LEN`] bytes, and building copies the content through a fixed
//! buffer.
//!
//! The type is recognised by [`Extension::from_magic`] (SPEC §11.3); a PDF
//! is also checked for its `%%EOF` end marker.
//!
//! ```
//! use actes::naming::Extension;
//! use actes::transmission::DocumentContent;
//! let pdf = DocumentContent::bytes(b"%PDF-1.4\n...\n%%EOF\n".to_vec());
//! let p = pdf.probe().unwrap();
//! assert_eq!((p.size, p.kind, p.pdf_complete), (19, Some(Extension::Pdf), Some(true)));
//! let cut = DocumentContent::bytes(b"%PDF-1.4\n...".to_vec()).probe().unwrap();
//! assert_eq!(cut.pdf_complete, Some(false));
//! let text = DocumentContent::bytes(b"hello".to_vec()).probe().unwrap();
//! assert_eq!(text.kind, None);
//! ```

use std::fmt;
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::naming::Extension;

/// How many bytes of the start and of the end of a document are examined.
pub const PROBE_LEN: usize = 1024;

const PDF_EOF: &[u8] = b"%%EOF";

/// Whether the end of a PDF holds the `%%EOF` marker (searched in the last
/// [`PROBE_LEN`] bytes, as writers may append whitespace or a few bytes
/// after it).
pub(crate) fn pdf_tail_complete(tail: &[u8]) -> bool {
    let start = tail.len().saturating_sub(PROBE_LEN);
    tail.get(start..)
        .unwrap_or(tail)
        .windows(PDF_EOF.len())
        .any(|w| w == PDF_EOF)
}

/// What validation learns about a document without reading it whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// Size in bytes.
    pub size: u64,
    /// Type recognised from the first bytes; `None` when it is none of
    /// PDF, XML, PNG, JPEG (or the document is empty).
    pub kind: Option<Extension>,
    /// For a PDF: whether `%%EOF` is near the end. `None` when the end is
    /// not known yet (a one-shot reader larger than [`PROBE_LEN`]: the check
    /// is then made while the document is copied into the archive).
    pub pdf_complete: Option<bool>,
}

/// The content of a document: a path, bytes, or a reader with a declared
/// size.
///
/// A reader can be consumed once: validation keeps its first bytes aside,
/// and the first build copies the rest. Building a second time from the same
/// reader fails with an I/O error.
pub struct DocumentContent {
    source: Source,
}

enum Source {
    Path(PathBuf),
    Bytes(Arc<[u8]>),
    Reader(Mutex<ReaderState>),
}

struct ReaderState {
    size: u64,
    /// The bytes already read for probing.
    head: Vec<u8>,
    probed: bool,
    reader: Option<Box<dyn Read + Send>>,
}

impl fmt::Debug for DocumentContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Path(p) => f.debug_tuple("Path").field(p).finish(),
            Source::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            Source::Reader(m) => match m.lock() {
                Ok(s) => write!(f, "Reader({} bytes)", s.size),
                Err(_) => f.write_str("Reader(poisoned)"),
            },
        }
    }
}

impl DocumentContent {
    /// A file on disk. It is opened when validating and again when building.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        DocumentContent {
            source: Source::Path(path.into()),
        }
    }

    /// Bytes in memory.
    pub fn bytes(bytes: impl Into<Arc<[u8]>>) -> Self {
        DocumentContent {
            source: Source::Bytes(bytes.into()),
        }
    }

    /// Any reader that yields exactly `size` bytes. If it yields fewer or
    /// more, building fails and nothing is published.
    pub fn reader(reader: impl Read + Send + 'static, size: u64) -> Self {
        DocumentContent {
            source: Source::Reader(Mutex::new(ReaderState {
                size,
                head: Vec::new(),
                probed: false,
                reader: Some(Box::new(reader)),
            })),
        }
    }

    /// The path, when the content is a file.
    pub fn as_path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(p) => Some(p),
            _ => None,
        }
    }

    /// A name for messages: the file name of a path, else `None`.
    pub fn display_name(&self) -> Option<String> {
        self.as_path()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
    }

    /// Examines the size, the first bytes and, when available without
    /// reading everything, the last bytes.
    pub fn probe(&self) -> io::Result<Probe> {
        match &self.source {
            Source::Path(p) => probe_file(p),
            Source::Bytes(b) => Ok(probe_bytes(b)),
            Source::Reader(m) => {
                let mut st = m
                    .lock()
                    .map_err(|_| io::Error::other("document reader lock poisoned"))?;
                if !st.probed {
                    let limit = usize::try_from(st.size)
                        .unwrap_or(usize::MAX)
                        .min(PROBE_LEN);
                    let mut head = Vec::with_capacity(limit);
                    if let Some(r) = st.reader.as_mut() {
                        r.take(limit as u64).read_to_end(&mut head)?;
                    } else {
                        return Err(io::Error::other("the document reader was already consumed"));
                    }
                    st.head = head;
                    st.probed = true;
                }
                let kind = Extension::from_magic(&st.head);
                let whole = st.head.len() as u64 >= st.size;
                let pdf_complete = match kind {
                    Some(Extension::Pdf) if whole => Some(pdf_tail_complete(&st.head)),
                    _ => None,
                };
                Ok(Probe {
                    size: st.size,
                    kind,
                    pdf_complete,
                })
            }
        }
    }

    /// Whether [`open`](Self::open) can be called without consuming the
    /// content (a path or bytes, not a one-shot reader).
    pub fn can_reopen(&self) -> bool {
        !matches!(self.source, Source::Reader(_))
    }

    /// Opens the content for copying: its size and a reader of exactly that
    /// many bytes (for a one-shot reader, the bytes kept by [`probe`](Self::probe)
    /// followed by the rest).
    pub fn open(&self) -> io::Result<(u64, Box<dyn Read + Send + '_>)> {
        match &self.source {
            Source::Path(p) => {
                let f = File::open(p)?;
                let size = f.metadata()?.len();
                Ok((size, Box::new(f)))
            }
            Source::Bytes(b) => Ok((b.len() as u64, Box::new(Cursor::new(&b[..])))),
            Source::Reader(m) => {
                let mut st = m
                    .lock()
                    .map_err(|_| io::Error::other("document reader lock poisoned"))?;
                let reader = st
                    .reader
                    .take()
                    .ok_or_else(|| io::Error::other("the document reader was already consumed"))?;
                let head = std::mem::take(&mut st.head);
                Ok((st.size, Box::new(Cursor::new(head).chain(reader))))
            }
        }
    }
}

impl From<PathBuf> for DocumentContent {
    fn from(p: PathBuf) -> Self {
        DocumentContent::path(p)
    }
}

impl From<Vec<u8>> for DocumentContent {
    fn from(b: Vec<u8>) -> Self {
        DocumentContent::bytes(b)
    }
}

fn probe_bytes(b: &[u8]) -> Probe {
    let kind = Extension::from_magic(b);
    Probe {
        size: b.len() as u64,
        kind,
        pdf_complete: (kind == Some(Extension::Pdf)).then(|| pdf_tail_complete(b)),
    }
}

fn probe_file(path: &Path) -> io::Result<Probe> {
    let mut f = File::open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    let size = meta.len();
    let mut head = Vec::with_capacity(PROBE_LEN);
    (&mut f).take(PROBE_LEN as u64).read_to_end(&mut head)?;
    let kind = Extension::from_magic(&head);
    let pdf_complete = if kind == Some(Extension::Pdf) {
        if size <= PROBE_LEN as u64 {
            Some(pdf_tail_complete(&head))
        } else {
            f.seek(SeekFrom::End(-(PROBE_LEN as i64)))?;
            let mut tail = Vec::with_capacity(PROBE_LEN);
            f.take(PROBE_LEN as u64).read_to_end(&mut tail)?;
            Some(pdf_tail_complete(&tail))
        }
    } else {
        None
    };
    Ok(Probe {
        size,
        kind,
        pdf_complete,
    })
}

/// A reader wrapper that checks, once `size` bytes went through, that a PDF
/// ends with `%%EOF`; it fails with [`PdfTruncated`] otherwise. Used when
/// copying one-shot readers whose end could not be examined beforehand.
pub(crate) struct PdfTailGuard<R> {
    inner: R,
    size: u64,
    seen: u64,
    tail: Vec<u8>,
}

/// The error payload of a PDF found truncated while copying.
#[derive(Debug)]
pub(crate) struct PdfTruncated;

impl fmt::Display for PdfTruncated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the PDF has no %%EOF marker near its end (truncated?)")
    }
}

impl std::error::Error for PdfTruncated {}

impl<R: Read> PdfTailGuard<R> {
    pub(crate) fn new(inner: R, size: u64) -> Self {
        PdfTailGuard {
            inner,
            size,
            seen: 0,
            tail: Vec::with_capacity(2 * PROBE_LEN),
        }
    }
}

impl<R: Read> Read for PdfTailGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or(&[]);
        let before = self.seen;
        self.seen = self.seen.saturating_add(n as u64);
        self.tail.extend_from_slice(got);
        if self.tail.len() > 2 * PROBE_LEN {
            let cut = self.tail.len() - PROBE_LEN;
            self.tail.drain(..cut);
        }
        if before < self.size && self.seen >= self.size {
            // The declared end: examine the last bytes up to `size`.
            let extra = usize::try_from(self.seen - self.size).unwrap_or(usize::MAX);
            let end = self.tail.len().saturating_sub(extra);
            if !pdf_tail_complete(self.tail.get(..end).unwrap_or(&[])) {
                return Err(io::Error::new(io::ErrorKind::InvalidData, PdfTruncated));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_tail() {
        assert!(pdf_tail_complete(b"%PDF-1.4 ... %%EOF\n"));
        assert!(!pdf_tail_complete(b"%PDF-1.4 ... %%EO"));
        let mut long = b"%%EOF".to_vec();
        long.extend(std::iter::repeat_n(b' ', PROBE_LEN));
        assert!(!pdf_tail_complete(&long));
    }

    #[test]
    fn reader_probe_then_open_gives_everything() -> io::Result<()> {
        let data: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        let c = DocumentContent::reader(Cursor::new(data.clone()), data.len() as u64);
        let p = c.probe()?;
        assert_eq!(p.size, 5000);
        assert_eq!(c.probe()?, p);
        let (size, mut r) = c.open()?;
        let mut all = Vec::new();
        r.read_to_end(&mut all)?;
        assert_eq!(size, 5000);
        assert_eq!(all, data);
        drop(r);
        assert!(c.open().is_err());
        Ok(())
    }

    #[test]
    fn guard_detects_truncation_at_declared_size() {
        let mut ok = b"%PDF-1.4\n".to_vec();
        ok.extend(std::iter::repeat_n(b'x', 3000));
        ok.extend_from_slice(b"%%EOF\n");
        let mut out = Vec::new();
        let r = PdfTailGuard::new(&ok[..], ok.len() as u64).read_to_end(&mut out);
        assert!(r.is_ok());
        let cut = &ok[..ok.len() - 4];
        let err = PdfTailGuard::new(cut, cut.len() as u64)
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert!(err.get_ref().is_some_and(|e| e.is::<PdfTruncated>()));
    }
}
