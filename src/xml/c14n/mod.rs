//! Canonical XML 1.0, inclusive, without comments (W3C REC
//! xml-c14n-20010315), streamed.
//!
//! The canonicaliser reads a document once, event by event (quick-xml), and
//! writes its canonical form to any [`Write`]: a file, standard output, or
//! the MD5 / SHA-1 hashers of a budget seal. No tree of the document is ever
//! built, so memory is bounded by the largest single token (a tag, a text
//! run, a comment), not by the size of the document.
//!
//! What it does, as the recommendation and `xmllint --c14n` do:
//!
//! * the bytes are read in the **declared** encoding, exactly (UTF-8 when
//!   there is no declaration, or ISO-8859-1 when the bytes are not UTF-8
//!   with [`Undeclared::Utf8ElseLatin1`]; ISO-8859-1, ISO-8859-15,
//!   windows-1252 and US-ASCII are the others accepted). Unlike the lenient reader of
//!   [`decode`](super::decode), no guess is made about mislabelled bytes:
//!   the canonical form, and so a seal, depends on what the document
//!   declares, and a guess would give a form no other tool computes. The
//!   output is UTF-8;
//! * the XML declaration, the DOCTYPE (refused here, as everywhere in the
//!   crate), comments and whitespace outside the root element are dropped;
//!   line ends are normalised (`CRLF` and `CR` become `LF`);
//! * character and predefined-entity references are expanded; text escapes
//!   `&`, `<`, `>` and CR (`&#xD;`); attribute values are normalised (tab
//!   and line end become a space) and escape `&`, `<`, `"`, tab, LF, CR;
//! * empty elements become start and end tags; attributes are sorted by
//!   namespace URI then local name; namespace declarations are sorted by
//!   prefix and kept only where they change the binding in scope (inclusive
//!   canonicalisation keeps declarations no element uses);
//! * comments are left out ([`Comments::Omit`], the form of the budget
//!   seal) or kept ([`Comments::Keep`], the form `xmllint --c14n` writes);
//! * CDATA sections become escaped text; processing instructions are kept
//!   (with a line break between them and the root element when outside it).
//!
//! An [`Observer`] sees every element and may leave one out of the output
//! (with, optionally, one adjacent whitespace-only text node): this is how
//! the budget seal is computed without its own `Scellement` element.
//!
//! Limits: the [`Limits`] of the XML layer (depth, attributes per element,
//! attribute length, namespace declarations in scope, elements, document
//! size), with the same diagnostic codes. The text limit
//! (`max_text_len`) also bounds every single token read (a tag, a text run
//! between two tags, a comment, a CDATA section, a processing instruction):
//! that is what bounds memory.
//!
//! ```
//! let doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\r\n<a b='2' a=\"1\">\xE9t\xE9<c/></a>";
//! use actes::xml::{c14n, Limits};
//! let canonical = c14n::to_vec(doc, &Limits::default(), c14n::Comments::Omit).unwrap();
//! assert_eq!(canonical, "<a a=\"1\" b=\"2\">été<c></c></a>".as_bytes());
//! ```

use std::fmt;
use std::io::{self, BufReader, Read, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::decode::{cp1252_char, declared_encoding};
use super::tree::{limit, xml_error};
use super::Limits;
use crate::diagnostic::{Code, Diagnostic, Location};

/// The namespace bound to the `xml` prefix.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Why a document could not be canonicalised.
#[derive(Debug)]
pub enum C14nError {
    /// The document is not well-formed, uses an unsupported encoding, has a
    /// DOCTYPE, or exceeds a limit (one fatal diagnostic).
    Invalid(Box<Diagnostic>),
    /// Reading the input or writing the output failed.
    Io(io::Error),
}

impl fmt::Display for C14nError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            C14nError::Invalid(d) => write!(f, "{}: {}", d.code, d.message_en),
            C14nError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for C14nError {}

impl From<io::Error> for C14nError {
    fn from(e: io::Error) -> Self {
        C14nError::Io(e)
    }
}

impl From<Diagnostic> for C14nError {
    fn from(d: Diagnostic) -> Self {
        C14nError::Invalid(Box::new(d))
    }
}

impl From<Box<Diagnostic>> for C14nError {
    fn from(d: Box<Diagnostic>) -> Self {
        C14nError::Invalid(d)
    }
}

/// The one fatal finding of a helper.
type Fatal = Box<Diagnostic>;

fn bad(at: u64, what: impl fmt::Display) -> Fatal {
    Box::new(xml_error(at, what))
}

/// What to do with an element, decided by an [`Observer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Write it.
    Keep,
    /// Leave the element and its content out of the canonical form.
    Omit,
    /// Leave it out, and one whitespace-only text node next to it: the one
    /// before it if there is one, else the one after it.
    OmitWithAdjacentWhitespace,
}

/// An element as the observer sees it: names resolved, attribute values
/// decoded (references expanded, whitespace normalised).
#[derive(Debug)]
pub struct ElementView<'a> {
    /// Depth: 0 for the root element.
    pub depth: usize,
    /// The namespace URI (empty for none).
    pub namespace: &'a str,
    /// The local name.
    pub local_name: &'a str,
    /// The name as written (`prefix:local` or `local`).
    pub qname: &'a str,
    /// Byte offset of the `<` of the start tag in the input.
    pub start: u64,
    /// Byte offset just after the `>` of the start tag in the input.
    pub tag_end: u64,
    /// Whether it is an empty-element tag (`<a/>`).
    pub empty: bool,
    attrs: &'a [Attr],
}

impl ElementView<'_> {
    /// The value of the attribute `local_name` in no namespace.
    pub fn attribute(&self, local_name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.uri.is_empty() && a.local() == local_name)
            .map(|a| a.value.as_str())
    }

    /// Every attribute: (namespace URI, local name, value), in canonical
    /// order.
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.attrs
            .iter()
            .map(|a| (a.uri.as_str(), a.local(), a.value.as_str()))
    }
}

/// Sees the document's structure while it is canonicalised.
pub trait Observer {
    /// A start tag (or an empty-element tag). The decision is ignored for
    /// elements inside an element already left out.
    fn start(&mut self, element: &ElementView<'_>) -> Decision {
        let _ = element;
        Decision::Keep
    }

    /// The end of the element at `depth`; `end` is the byte offset just
    /// after its end tag (or its empty-element tag) in the input.
    fn end(&mut self, depth: usize, end: u64) {
        let _ = (depth, end);
    }

    /// A text node inside an element (`depth` is the depth of that
    /// element), spanning `start..end` in the input.
    fn text(&mut self, depth: usize, start: u64, end: u64, whitespace_only: bool) {
        let _ = (depth, start, end, whitespace_only);
    }
}

/// The observer that keeps everything.
impl Observer for () {}

/// The limits for a streamed document: those of the XML layer, except for
/// the size of the document and the number of elements, which cost no
/// memory here (nothing is kept of an element once its end tag is read).
/// What does bound memory — depth, attributes, namespace declarations, the
/// longest single token — keeps the XML layer's default.
pub fn streaming_limits() -> Limits {
    Limits {
        max_document_bytes: 2 * 1024 * 1024 * 1024,
        max_elements: 100_000_000,
        ..Limits::default()
    }
}

/// Whether comments are part of the canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Comments {
    /// Canonical XML without comments (the default, and the form a budget
    /// seal is computed on).
    #[default]
    Omit,
    /// Canonical XML with comments (what `xmllint --c14n` writes).
    Keep,
}

/// Canonicalises `input` into `out` (without comments).
pub fn canonicalize<R: Read, W: Write>(input: R, out: W, limits: &Limits) -> Result<(), C14nError> {
    canonicalize_with(input, out, limits, Comments::Omit, &mut ())
}

/// Canonicalises a document held in memory.
pub fn to_vec(bytes: &[u8], limits: &Limits, comments: Comments) -> Result<Vec<u8>, C14nError> {
    let mut out = Vec::with_capacity(bytes.len());
    canonicalize_with(bytes, &mut out, limits, comments, &mut ())?;
    Ok(out)
}

/// How a document that declares no encoding (and has no byte-order mark)
/// is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Undeclared {
    /// UTF-8, as XML 1.0 says (and `xmllint`).
    #[default]
    Utf8,
    /// UTF-8, unless the first non-ASCII byte does not start a valid UTF-8
    /// sequence: then ISO-8859-1 for the whole document. Decided before any
    /// non-ASCII character is written, so it streams. For formats whose
    /// files are ISO-8859-1 by custom (TotEM budget documents); a document
    /// read so has no canonical form other tools agree on.
    Utf8ElseLatin1,
}

/// Options of [`canonicalize_with_options`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Whether comments are kept.
    pub comments: Comments,
    /// How a document without an encoding declaration is read.
    pub undeclared: Undeclared,
}

/// Canonicalises `input` into `out`, letting `observer` see (and leave out)
/// elements.
pub fn canonicalize_with<R: Read, W: Write, O: Observer + ?Sized>(
    input: R,
    out: W,
    limits: &Limits,
    comments: Comments,
    observer: &mut O,
) -> Result<(), C14nError> {
    let options = Options {
        comments,
        ..Options::default()
    };
    canonicalize_with_options(input, out, limits, &options, observer)
}

/// [`canonicalize_with`], with every option.
pub fn canonicalize_with_options<R: Read, W: Write, O: Observer + ?Sized>(
    mut input: R,
    out: W,
    limits: &Limits,
    options: &Options,
    observer: &mut O,
) -> Result<(), C14nError> {
    let comments = options.comments;
    // The encoding: a byte-order mark, else the declaration at the start.
    let mut head = Vec::with_capacity(HEAD);
    (&mut input).take(HEAD as u64).read_to_end(&mut head)?;
    let (encoding, skip) = sniff(&head, options.undeclared)?;
    let head = head.get(skip..).unwrap_or_default().to_vec();
    let guard = Guard {
        inner: io::Cursor::new(head).chain(input),
        total: skip as u64,
        since_mark: 0,
        max_total: limits.max_document_bytes as u64,
        max_token: limits.max_text_len as u64 + 2 * BUFFER as u64,
        failure: None,
    };
    let mut reader = Reader::from_reader(BufReader::with_capacity(BUFFER, guard));
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.check_comments = true;
        cfg.trim_text(false);
    }
    let mut engine = Engine {
        encoding,
        comments,
        limits,
        base: skip as u64,
        out: Out {
            buf: Vec::with_capacity(BUFFER),
            w: out,
        },
        frames: Vec::new(),
        depth: 0,
        bindings: Vec::new(),
        attrs: Vec::new(),
        decls: Vec::new(),
        scratch: String::new(),
        value: String::new(),
        elements: 0,
        root_done: false,
        root_seen: false,
        omit_depth: None,
        pending: None,
        pending_text: Vec::new(),
        drop_next_ws: false,
        drop_after_omit: false,
    };
    let mut buf = Vec::new();
    loop {
        let pos = reader.buffer_position();
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                let guard = reader.get_mut().get_mut();
                if let Some(d) = guard.failure.take() {
                    return Err(C14nError::Invalid(Box::new(d)));
                }
                if let quick_xml::Error::Io(io) = &e {
                    return Err(C14nError::Io(io::Error::new(io.kind(), io.to_string())));
                }
                let at = engine.base + reader.error_position();
                return Err(xml_error(at, e).into());
            }
        };
        let end = reader.buffer_position();
        let done = engine.event(event, engine.base + pos, engine.base + end, observer)?;
        reader.get_mut().get_mut().since_mark = 0;
        buf.clear();
        if done {
            break;
        }
    }
    engine.finish()
}

mod engine;
mod input;
#[cfg(test)]
mod tests;

use engine::{Attr, Engine, Out};
use input::{sniff, Guard, BUFFER, HEAD};
