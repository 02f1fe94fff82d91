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

/// Bytes read to find the encoding declaration.
const HEAD: usize = 1024;
/// Read buffer, and the output buffer in front of the writer.
const BUFFER: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Enc {
    /// Undeclared, [`Undeclared::Utf8ElseLatin1`]: decided at the first
    /// non-ASCII byte.
    Pending,
    Utf8,
    Latin1,
    Latin9,
    Cp1252,
}

/// The encoding of the document, and how many bytes of byte-order mark to
/// skip.
fn sniff(head: &[u8], undeclared: Undeclared) -> Result<(Enc, usize), Fatal> {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Ok((Enc::Utf8, 3));
    }
    if head.starts_with(b"\xFE\xFF") || head.starts_with(b"\xFF\xFE") {
        return Err(unsupported("UTF-16"));
    }
    let Some(name) = declared_encoding(head) else {
        return Ok(match undeclared {
            Undeclared::Utf8 => (Enc::Utf8, 0),
            Undeclared::Utf8ElseLatin1 => (Enc::Pending, 0),
        });
    };
    let enc = match name.trim().to_ascii_lowercase().as_str() {
        "utf-8" | "utf8" | "us-ascii" | "ascii" => Enc::Utf8,
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1" | "iso-ir-100"
        | "cp819" | "ibm819" => Enc::Latin1,
        "iso-8859-15" | "iso8859-15" | "iso_8859-15" | "latin-9" | "latin9" => Enc::Latin9,
        "windows-1252" | "cp1252" | "x-cp1252" => Enc::Cp1252,
        _ => return Err(unsupported(&name)),
    };
    Ok((enc, 0))
}

fn unsupported(name: &str) -> Fatal {
    Box::new(Diagnostic::new(
        Code::XmlEncodingUnsupported,
        Location::offset(0),
        format!("the encoding {name:?} is not supported for canonicalisation (UTF-8, ISO-8859-1, ISO-8859-15, windows-1252)"),
        format!("l'encodage {name:?} n'est pas pris en charge pour la canonicalisation (UTF-8, ISO-8859-1, ISO-8859-15, windows-1252)"),
    ))
}

/// Counts the bytes read: the document size, and the size of the token
/// being read (reset after each event), so that no single token can hold
/// more memory than the limit.
struct Guard<R> {
    inner: R,
    total: u64,
    since_mark: u64,
    max_total: u64,
    max_token: u64,
    failure: Option<Diagnostic>,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.total += n as u64;
        self.since_mark += n as u64;
        if self.total > self.max_total {
            self.failure = Some(Diagnostic::new(
                Code::XmlLimitSize,
                Location::none(),
                format!(
                    "the document has more than {} bytes, the limit",
                    self.max_total
                ),
                format!(
                    "le document fait plus de {} octets, la limite",
                    self.max_total
                ),
            ));
            return Err(io::Error::other("limit"));
        }
        if self.since_mark > self.max_token {
            let max = usize::try_from(self.max_token.saturating_sub(2 * BUFFER as u64))
                .unwrap_or(usize::MAX);
            let at = usize::try_from(self.total).unwrap_or(usize::MAX);
            self.failure = Some(limit(Code::XmlLimitText, at, "text length", max));
            return Err(io::Error::other("limit"));
        }
        Ok(n)
    }
}

/// Output buffered in front of the writer.
struct Out<W> {
    buf: Vec<u8>,
    w: W,
}

impl<W: Write> Out<W> {
    fn push(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= BUFFER {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.buf.clear();
        self.w.flush()
    }
}

/// An open element.
#[derive(Default)]
struct Frame {
    qname: String,
    /// Index of its first namespace binding in `bindings`.
    bindings: usize,
}

/// An attribute of the start tag being read.
#[derive(Debug, Default)]
struct Attr {
    qname: String,
    /// Where the local name starts in `qname`.
    colon: usize,
    uri: String,
    value: String,
}

impl Attr {
    fn local(&self) -> &str {
        self.qname.get(self.colon..).unwrap_or_default()
    }

    fn prefix(&self) -> &str {
        self.qname
            .get(..self.colon.saturating_sub(1))
            .unwrap_or_default()
    }
}

struct Engine<'l, W> {
    encoding: Enc,
    comments: Comments,
    limits: &'l Limits,
    base: u64,
    out: Out<W>,
    frames: Vec<Frame>,
    depth: usize,
    /// Namespace bindings in scope: (prefix, URI), innermost last.
    bindings: Vec<(String, String)>,
    attrs: Vec<Attr>,
    decls: Vec<(String, String)>,
    scratch: String,
    value: String,
    elements: usize,
    root_seen: bool,
    root_done: bool,
    /// Depth of the element being left out, if any.
    omit_depth: Option<usize>,
    /// A whitespace-only text node not written yet (canonical bytes in
    /// `pending_text`), with its depth.
    pending: Option<usize>,
    pending_text: Vec<u8>,
    /// The next event, if a whitespace-only text node, is to be dropped.
    drop_next_ws: bool,
    /// At the end of the element left out, drop the next whitespace node.
    drop_after_omit: bool,
}

impl<W: Write> Engine<'_, W> {
    fn emitting(&self) -> bool {
        self.omit_depth.is_none()
    }

    fn flush_pending(&mut self) -> io::Result<()> {
        if self.pending.take().is_some() {
            self.out.push(&self.pending_text)?;
        }
        Ok(())
    }

    /// Handles one event; `true` at the end of the document.
    fn event<O: Observer + ?Sized>(
        &mut self,
        event: Event<'_>,
        start: u64,
        end: u64,
        observer: &mut O,
    ) -> Result<bool, C14nError> {
        let drop_ws = std::mem::take(&mut self.drop_next_ws);
        match event {
            Event::Start(e) => self.start(&e, start, end, false, observer)?,
            Event::Empty(e) => {
                self.start(&e, start, end, true, observer)?;
                self.end(end, observer)?;
            }
            Event::End(_) => self.end(end, observer)?,
            Event::Text(t) => self.text(&t, start, end, drop_ws, observer)?,
            Event::CData(c) => {
                if self.depth == 0 {
                    return Err(xml_error(start, "CDATA outside the root element").into());
                }
                let content = c.into_inner();
                decode_into(&mut self.encoding, &content, &mut self.scratch, start)?;
                check_len(self.scratch.len(), self.limits, start)?;
                if self.emitting() {
                    self.flush_pending()?;
                    escape_text(&self.scratch, &mut self.out)?;
                }
            }
            Event::PI(p) => {
                let raw: &[u8] = &p;
                decode_into(&mut self.encoding, raw, &mut self.scratch, start)?;
                if self.emitting() {
                    self.flush_pending()?;
                    let s = self.scratch.as_str();
                    let (target, data) = match s.find(is_xml_space) {
                        Some(i) => (
                            s.get(..i).unwrap_or_default(),
                            s.get(i..)
                                .unwrap_or_default()
                                .trim_start_matches(is_xml_space),
                        ),
                        None => (s, ""),
                    };
                    let after_root = self.root_done;
                    if after_root {
                        self.out.push(b"\n")?;
                    }
                    self.out.push(b"<?")?;
                    self.out.push(target.as_bytes())?;
                    if !data.is_empty() {
                        self.out.push(b" ")?;
                        self.out.push(data.as_bytes())?;
                    }
                    self.out.push(b"?>")?;
                    if !self.root_seen {
                        self.out.push(b"\n")?;
                    }
                }
            }
            Event::DocType(_) => {
                let at = usize::try_from(start).unwrap_or(usize::MAX);
                return Err(Diagnostic::new(
                    Code::XmlDoctype,
                    Location::offset(at),
                    "the document contains a DOCTYPE declaration; it is refused so that no entity is ever expanded",
                    "le document contient une déclaration DOCTYPE ; elle est refusée pour qu'aucune entité ne soit jamais développée",
                )
                .into());
            }
            Event::Decl(_) => {
                if start != self.base {
                    return Err(xml_error(start, "XML declaration not at the start").into());
                }
            }
            Event::Comment(c) if self.comments == Comments::Keep => {
                decode_into(&mut self.encoding, &c, &mut self.scratch, start)?;
                if self.emitting() {
                    self.flush_pending()?;
                    if self.root_done {
                        self.out.push(b"\n")?;
                    }
                    self.out.push(b"<!--")?;
                    self.out.push(self.scratch.as_bytes())?;
                    self.out.push(b"-->")?;
                    if !self.root_seen {
                        self.out.push(b"\n")?;
                    }
                }
            }
            Event::Comment(_) => {
                // Not a node of the canonical form: a comment between the
                // left-out element and the whitespace after it does not
                // change which node is adjacent.
                self.drop_next_ws = drop_ws;
            }
            Event::Eof => return Ok(true),
        }
        Ok(false)
    }

    fn start<O: Observer + ?Sized>(
        &mut self,
        e: &BytesStart<'_>,
        start: u64,
        tag_end: u64,
        empty: bool,
        observer: &mut O,
    ) -> Result<(), C14nError> {
        let pos = usize::try_from(start).unwrap_or(usize::MAX);
        if self.root_done {
            return Err(xml_error(start, "content after the root element").into());
        }
        self.root_seen = true;
        self.elements += 1;
        if self.elements > self.limits.max_elements {
            return Err(limit(
                Code::XmlLimitElements,
                pos,
                "elements",
                self.limits.max_elements,
            )
            .into());
        }
        if self.depth + 1 > self.limits.max_depth {
            return Err(limit(Code::XmlLimitDepth, pos, "depth", self.limits.max_depth).into());
        }
        // The element name.
        if self.frames.len() <= self.depth {
            self.frames.push(Frame::default());
        }
        let mut qname = std::mem::take(
            &mut self
                .frames
                .get_mut(self.depth)
                .ok_or_else(|| xml_error(start, "internal: no frame"))?
                .qname,
        );
        decode_into(&mut self.encoding, e.name().as_ref(), &mut qname, start)?;
        check_name(&qname, start)?;
        // Attributes and namespace declarations.
        let mut n = 0usize;
        self.decls.clear();
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|err| xml_error(start, err))?;
            if n + self.decls.len() >= self.limits.max_attributes {
                return Err(limit(
                    Code::XmlLimitAttributeCount,
                    pos,
                    "attributes",
                    self.limits.max_attributes,
                )
                .into());
            }
            if a.value.len() > self.limits.max_attribute_len {
                return Err(limit(
                    Code::XmlLimitAttribute,
                    pos,
                    "attribute length",
                    self.limits.max_attribute_len,
                )
                .into());
            }
            decode_into(&mut self.encoding, a.key.as_ref(), &mut self.scratch, start)?;
            check_name(&self.scratch, start)?;
            decode_into(&mut self.encoding, &a.value, &mut self.value, start)?;
            let key = self.scratch.as_str();
            if key == "xmlns" || key.starts_with("xmlns:") {
                let prefix = key.get(6..).unwrap_or_default();
                let mut uri = String::new();
                resolve(&self.value, true, &mut uri, start)?;
                if self.decls.iter().any(|(p, _)| p == prefix) {
                    return Err(xml_error(start, format!("duplicate attribute {key}")).into());
                }
                if !prefix.is_empty() && uri.is_empty() {
                    return Err(xml_error(
                        start,
                        format!("the prefix {prefix} is bound to an empty namespace name"),
                    )
                    .into());
                }
                if (prefix == "xml") != (uri == XML_NS) || prefix == "xmlns" {
                    return Err(xml_error(
                        start,
                        format!("the reserved prefix or namespace is rebound by {key}"),
                    )
                    .into());
                }
                self.decls.push((prefix.to_string(), uri));
                continue;
            }
            if self.attrs.len() <= n {
                self.attrs.push(Attr::default());
            }
            let slot = self
                .attrs
                .get_mut(n)
                .ok_or_else(|| xml_error(start, "internal: no attribute slot"))?;
            slot.qname.clear();
            slot.qname.push_str(key);
            slot.colon = key.find(':').map_or(0, |i| i + 1);
            slot.value.clear();
            resolve(&self.value, true, &mut slot.value, start)?;
            n += 1;
        }
        // Scope: bindings of the ancestors, then these.
        let parent_bindings = self.bindings.len();
        let in_scope = self.bindings.len() + self.decls.len();
        if in_scope > self.limits.max_namespaces {
            return Err(limit(
                Code::XmlLimitNamespaces,
                pos,
                "namespace declarations",
                self.limits.max_namespaces,
            )
            .into());
        }
        self.decls.sort_unstable();
        self.bindings.extend(self.decls.iter().cloned());
        if let Some(frame) = self.frames.get_mut(self.depth) {
            frame.bindings = parent_bindings;
        }
        // Resolve names.
        let (prefix, local) = match qname.find(':') {
            Some(i) => (
                qname.get(..i).unwrap_or_default(),
                qname.get(i + 1..).unwrap_or_default(),
            ),
            None => ("", qname.as_str()),
        };
        let namespace = lookup(&self.bindings, prefix).ok_or_else(|| {
            xml_error(
                start,
                format!("the prefix {prefix} of <{qname}> is not bound"),
            )
        })?;
        let attrs = self.attrs.get_mut(..n).unwrap_or_default();
        for a in attrs.iter_mut() {
            a.uri.clear();
            if a.colon > 0 {
                let p = a.prefix();
                let uri = lookup(&self.bindings, p).ok_or_else(|| {
                    xml_error(
                        start,
                        format!("the prefix {p} of an attribute is not bound"),
                    )
                })?;
                a.uri.push_str(uri);
            }
        }
        attrs
            .sort_unstable_by(|x, y| (x.uri.as_str(), x.local()).cmp(&(y.uri.as_str(), y.local())));
        if attrs
            .windows(2)
            .any(|w| matches!(w, [x, y] if x.uri == y.uri && x.local() == y.local()))
        {
            return Err(xml_error(start, format!("duplicate attribute in <{qname}>")).into());
        }
        // The observer.
        let view = ElementView {
            depth: self.depth,
            namespace,
            local_name: local,
            qname: &qname,
            start,
            tag_end,
            empty,
            attrs,
        };
        let decision = observer.start(&view);
        if self.emitting() && decision != Decision::Keep {
            self.omit_depth = Some(self.depth);
            if decision == Decision::OmitWithAdjacentWhitespace {
                if self.pending.take().is_none() {
                    self.drop_after_omit = true;
                }
            } else {
                self.flush_pending()?;
            }
        }
        if self.emitting() {
            self.flush_pending()?;
            let out = &mut self.out;
            out.push(b"<")?;
            out.push(qname.as_bytes())?;
            for (p, uri) in &self.decls {
                if p == "xml" {
                    continue;
                }
                let parent = lookup(self.bindings.get(..parent_bindings).unwrap_or_default(), p)
                    .unwrap_or("");
                if parent == uri {
                    continue;
                }
                out.push(b" xmlns")?;
                if !p.is_empty() {
                    out.push(b":")?;
                    out.push(p.as_bytes())?;
                }
                out.push(b"=\"")?;
                escape_attr(uri, out)?;
                out.push(b"\"")?;
            }
            for a in self.attrs.get(..n).unwrap_or_default() {
                out.push(b" ")?;
                out.push(a.qname.as_bytes())?;
                out.push(b"=\"")?;
                escape_attr(&a.value, out)?;
                out.push(b"\"")?;
            }
            out.push(b">")?;
        }
        if let Some(frame) = self.frames.get_mut(self.depth) {
            frame.qname = qname;
        }
        self.depth += 1;
        Ok(())
    }

    fn end<O: Observer + ?Sized>(&mut self, end: u64, observer: &mut O) -> Result<(), C14nError> {
        let Some(depth) = self.depth.checked_sub(1) else {
            return Err(xml_error(end, "unexpected end tag").into());
        };
        self.depth = depth;
        let (qname, bindings) = match self.frames.get(depth) {
            Some(f) => (f.qname.as_str(), f.bindings),
            None => return Err(xml_error(end, "internal: no frame").into()),
        };
        if self.omit_depth.is_none() {
            if let Some(d) = self.pending.take() {
                if d == depth + 1 {
                    self.out.push(&self.pending_text)?;
                }
            }
            self.out.push(b"</")?;
            self.out.push(qname.as_bytes())?;
            self.out.push(b">")?;
        }
        self.bindings.truncate(bindings);
        observer.end(depth, end);
        if self.omit_depth == Some(depth) {
            self.omit_depth = None;
            self.drop_next_ws = std::mem::take(&mut self.drop_after_omit);
        }
        if depth == 0 {
            self.root_done = true;
        }
        Ok(())
    }

    fn text<O: Observer + ?Sized>(
        &mut self,
        raw: &[u8],
        start: u64,
        end: u64,
        drop_ws: bool,
        observer: &mut O,
    ) -> Result<(), C14nError> {
        decode_into(&mut self.encoding, raw, &mut self.scratch, start)?;
        self.value.clear();
        resolve(&self.scratch, false, &mut self.value, start)?;
        check_len(self.value.len(), self.limits, start)?;
        let whitespace = self
            .value
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if self.depth == 0 {
            if !whitespace || self.value.len() != self.scratch.len() {
                let what = if self.root_done {
                    "text after the root element"
                } else {
                    "text before the root element"
                };
                return Err(xml_error(start, what).into());
            }
            return Ok(());
        }
        observer.text(self.depth - 1, start, end, whitespace);
        if !self.emitting() || (drop_ws && whitespace) {
            return Ok(());
        }
        self.flush_pending()?;
        if whitespace {
            self.pending_text.clear();
            let mut buf = Out {
                buf: std::mem::take(&mut self.pending_text),
                w: io::sink(),
            };
            escape_text(&self.value, &mut buf)?;
            self.pending_text = buf.buf;
            self.pending = Some(self.depth);
        } else {
            escape_text(&self.value, &mut self.out)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), C14nError> {
        if self.depth > 0 {
            return Err(xml_error(0, "unexpected end of document (unclosed elements)").into());
        }
        if !self.root_seen {
            return Err(xml_error(0, "no root element").into());
        }
        self.out.flush()?;
        Ok(())
    }
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn check_len(len: usize, limits: &Limits, at: u64) -> Result<(), Fatal> {
    if len > limits.max_text_len {
        let at = usize::try_from(at).unwrap_or(usize::MAX);
        return Err(Box::new(limit(
            Code::XmlLimitText,
            at,
            "text length",
            limits.max_text_len,
        )));
    }
    Ok(())
}

/// A name must be non-empty, have at most one colon, and not start with a
/// character that cannot start a name.
fn check_name(name: &str, at: u64) -> Result<(), Fatal> {
    let ok = match name.chars().next() {
        Some(c) => {
            !(c.is_ascii_digit()
                || matches!(c, '-' | '.' | ':')
                || name.ends_with(':')
                || name.matches(':').count() > 1
                || name.contains(":-"))
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(bad(at, format!("invalid name {name:?}")))
    }
}

/// The URI bound to `prefix` in `bindings` (innermost last). The empty
/// prefix is the default namespace, empty when not declared.
fn lookup<'a>(bindings: &'a [(String, String)], prefix: &str) -> Option<&'a str> {
    if prefix == "xml" {
        return Some(XML_NS);
    }
    // The default namespace is looked up for most elements: no string
    // comparison for it.
    let found = if prefix.is_empty() {
        bindings.iter().rev().find(|(p, _)| p.is_empty())
    } else {
        bindings.iter().rev().find(|(p, _)| p == prefix)
    };
    match found {
        Some((_, uri)) => Some(uri.as_str()),
        None if prefix.is_empty() => Some(""),
        None => None,
    }
}

/// Decodes raw bytes in `enc` into `dst` (cleared), normalising line ends
/// and refusing characters XML forbids.
fn decode_into(enc: &mut Enc, bytes: &[u8], dst: &mut String, at: u64) -> Result<(), Fatal> {
    dst.clear();
    let mut rest = bytes;
    let mut offset = at;
    loop {
        // A run of ordinary ASCII is copied whole.
        let run = rest
            .iter()
            .position(|&b| !(0x20..0x80).contains(&b))
            .unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(run);
        dst.push_str(std::str::from_utf8(ascii).unwrap_or_default());
        offset += run as u64;
        let Some(&b) = tail.first() else {
            return Ok(());
        };
        if b < 0x80 {
            match b {
                b'\t' | b'\n' => dst.push(char::from(b)),
                b'\r' => {
                    dst.push('\n');
                    if tail.get(1) == Some(&b'\n') {
                        rest = tail.get(2..).unwrap_or_default();
                        offset += 2;
                        continue;
                    }
                }
                _ => {
                    return Err(bad(
                        offset,
                        format!("the control character U+{b:04X} is not allowed in XML"),
                    ))
                }
            }
            rest = tail.get(1..).unwrap_or_default();
            offset += 1;
            continue;
        }
        let len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        let seq = tail.get(..len).filter(|_| len > 0);
        if *enc == Enc::Pending {
            *enc = match seq.map(std::str::from_utf8) {
                Some(Ok(_)) => Enc::Utf8,
                _ => Enc::Latin1,
            };
        }
        match enc {
            Enc::Utf8 | Enc::Pending => match seq.map(std::str::from_utf8) {
                Some(Ok(s)) => {
                    if matches!(s, "\u{FFFE}" | "\u{FFFF}") {
                        return Err(bad(
                            offset,
                            "the character U+FFFE or U+FFFF is not allowed in XML",
                        ));
                    }
                    dst.push_str(s);
                    rest = tail.get(len..).unwrap_or_default();
                    offset += len as u64;
                }
                _ => {
                    return Err(bad(
                        offset,
                        "the bytes are not valid UTF-8 (the encoding declared or implied)",
                    ))
                }
            },
            Enc::Latin1 => {
                dst.push(char::from(b));
                rest = tail.get(1..).unwrap_or_default();
                offset += 1;
            }
            Enc::Latin9 => {
                dst.push(latin9_char(b));
                rest = tail.get(1..).unwrap_or_default();
                offset += 1;
            }
            Enc::Cp1252 => {
                dst.push(cp1252_char(b));
                rest = tail.get(1..).unwrap_or_default();
                offset += 1;
            }
        }
    }
}

/// ISO-8859-15: ISO-8859-1 with eight code points changed.
fn latin9_char(b: u8) -> char {
    match b {
        0xA4 => '€',
        0xA6 => 'Š',
        0xA8 => 'š',
        0xB4 => 'Ž',
        0xB8 => 'ž',
        0xBC => 'Œ',
        0xBD => 'œ',
        0xBE => 'Ÿ',
        _ => char::from(b),
    }
}

/// Expands references in decoded text (`attr`: also turns literal tab and
/// line feed into spaces, as attribute-value normalisation does for CDATA
/// attributes). Appends to `dst`.
fn resolve(text: &str, attr: bool, dst: &mut String, at: u64) -> Result<(), Fatal> {
    let mut rest = text;
    loop {
        let special = rest
            .bytes()
            .position(|b| b == b'&' || b == b'<' || (attr && (b == b'\t' || b == b'\n')))
            .unwrap_or(rest.len());
        dst.push_str(rest.get(..special).unwrap_or_default());
        let tail = rest.get(special..).unwrap_or_default();
        let Some(c) = tail.bytes().next() else {
            return Ok(());
        };
        match c {
            b'\t' | b'\n' => {
                dst.push(' ');
                rest = tail.get(1..).unwrap_or_default();
            }
            b'<' => return Err(bad(at, "'<' in an attribute value")),
            _ => {
                let semi = tail
                    .find(';')
                    .ok_or_else(|| bad(at, "'&' without a reference"))?;
                let name = tail.get(1..semi).unwrap_or_default();
                let ch = match name {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "apos" => '\'',
                    "quot" => '"',
                    _ => {
                        let code = if let Some(hex) = name.strip_prefix("#x") {
                            u32::from_str_radix(hex, 16).ok()
                        } else if let Some(dec) = name.strip_prefix('#') {
                            dec.parse::<u32>().ok()
                        } else {
                            return Err(bad(
                                at,
                                format!("unknown entity &{name}; (no DTD: only the five predefined entities)"),
                            ));
                        };
                        let valid = code.filter(|c| {
                            matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
                        });
                        valid.and_then(char::from_u32).ok_or_else(|| {
                            xml_error(at, format!("invalid character reference &{name};"))
                        })?
                    }
                };
                dst.push(ch);
                rest = tail.get(semi + 1..).unwrap_or_default();
            }
        }
    }
}

/// Writes text content escaped as canonical XML requires.
fn escape_text<W: Write>(s: &str, out: &mut Out<W>) -> io::Result<()> {
    escape(s, out, |b| match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'>' => Some(b"&gt;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    })
}

/// Writes an attribute value escaped as canonical XML requires.
fn escape_attr<W: Write>(s: &str, out: &mut Out<W>) -> io::Result<()> {
    escape(s, out, |b| match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'"' => Some(b"&quot;"),
        b'\t' => Some(b"&#x9;"),
        b'\n' => Some(b"&#xA;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    })
}

fn escape<W: Write>(
    s: &str,
    out: &mut Out<W>,
    replacement: impl Fn(u8) -> Option<&'static [u8]>,
) -> io::Result<()> {
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(r) = replacement(b) {
            out.push(bytes.get(from..i).unwrap_or_default())?;
            out.push(r)?;
            from = i + 1;
        }
    }
    out.push(bytes.get(from..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c14n(s: &[u8]) -> String {
        match to_vec(s, &Limits::default(), Comments::Omit) {
            Ok(v) => String::from_utf8(v).unwrap_or_else(|e| panic!("{e}")),
            Err(e) => panic!("{e}"),
        }
    }

    fn code(s: &[u8]) -> &'static str {
        match to_vec(s, &Limits::default(), Comments::Omit) {
            Err(C14nError::Invalid(d)) => d.code.as_str(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn recommendation_example_3_2_start_and_end_tags() {
        // W3C xml-c14n §3.2 (without the DTD-defaulted attributes).
        let input = br#"<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
         </e8>
      </e7>
   </e6>
</doc>"#;
        let expected = r#"<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="">
            <e9 xmlns:a="http://www.ietf.org"></e9>
         </e8>
      </e7>
   </e6>
</doc>"#;
        assert_eq!(c14n(input), expected);
    }

    #[test]
    fn recommendation_example_3_4_character_modifications() {
        let input = "<doc>\r\n   <text>First line&#x0d;&#10;Second line</text>\r\n   <value>&#x32;</value>\r\n   <compute><![CDATA[value>\"0\" && value<\"10\" ?\"valid\":\"error\"]]></compute>\r\n   <compute expr='value>\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"'>valid</compute>\r\n   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>\r\n</doc>";
        let expected = "<doc>\n   <text>First line&#xD;\nSecond line</text>\n   <value>2</value>\n   <compute>value&gt;\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"</compute>\n   <compute expr=\"value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;\">valid</compute>\n   <norm attr=\" '    &#xD;&#xA;&#x9;   ' \"></norm>\n</doc>";
        assert_eq!(c14n(input.as_bytes()), expected);
    }

    #[test]
    fn pi_comments_and_outside_whitespace() {
        let input = b"<?xml version=\"1.0\"?>\n\n<?xml-stylesheet   href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n\n<!-- c -->\n<doc>Hello<!-- x -->, world!<?p?></doc>\n\n<!-- after -->\n<?pi-after data?>\n";
        assert_eq!(
            c14n(input),
            "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!<?p?></doc>\n<?pi-after data?>"
        );
    }

    #[test]
    fn encodings() {
        assert_eq!(
            c14n(b"<?xml version='1.0' encoding='ISO-8859-15'?><a>\xA4</a>"),
            "<a>€</a>"
        );
        assert_eq!(
            c14n(b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xA4\x92</a>"),
            "<a>\u{a4}\u{92}</a>"
        );
        assert_eq!(
            c14n(b"<?xml version='1.0' encoding='windows-1252'?><a>\x92</a>"),
            "<a>’</a>"
        );
        assert_eq!(c14n("\u{feff}<a>é</a>".as_bytes()), "<a>é</a>");
        assert_eq!(code(b"<a>\xE9</a>"), "XML-MALFORMED");
        assert_eq!(
            code(b"<?xml version='1.0' encoding='EBCDIC'?><a/>"),
            "XML-ENCODING-UNSUPPORTED"
        );
        assert_eq!(code(b"\xFF\xFE<\0a\0/\0>\0"), "XML-ENCODING-UNSUPPORTED");
        assert_eq!(code(b"<a>\x01</a>"), "XML-MALFORMED");
    }

    #[test]
    fn refusals_and_limits() {
        assert_eq!(
            code(b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>"),
            "XML-DOCTYPE"
        );
        assert_eq!(code(b"<a>&x;</a>"), "XML-MALFORMED");
        assert_eq!(code(b"<a><b></a>"), "XML-MALFORMED");
        assert_eq!(code(b"<a>"), "XML-MALFORMED");
        assert_eq!(code(b"<a/><b/>"), "XML-MALFORMED");
        assert_eq!(code(b"x<a/>"), "XML-MALFORMED");
        assert_eq!(code(b""), "XML-MALFORMED");
        assert_eq!(code(b"<p:a/>"), "XML-MALFORMED");
        assert_eq!(code(b"<a x='1' x='2'/>"), "XML-MALFORMED");
        assert_eq!(
            code(b"<a xmlns:p='u' xmlns:q='u' p:x='1' q:x='2'/>"),
            "XML-MALFORMED"
        );
        assert_eq!(code(b"<a>&#0;</a>"), "XML-MALFORMED");
        let small = |f: fn(&mut Limits)| {
            let mut l = Limits::default();
            f(&mut l);
            l
        };
        let err = |bytes: &[u8], l: &Limits| match to_vec(bytes, l, Comments::Omit) {
            Err(C14nError::Invalid(d)) => d.code.as_str(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            err(b"<a><b><c/></b></a>", &small(|l| l.max_depth = 2)),
            "XML-LIMIT-DEPTH"
        );
        assert_eq!(
            err(b"<a><b/><c/></a>", &small(|l| l.max_elements = 2)),
            "XML-LIMIT-ELEMENTS"
        );
        assert_eq!(
            err(b"<a x='12345'/>", &small(|l| l.max_attribute_len = 4)),
            "XML-LIMIT-ATTRIBUTE"
        );
        assert_eq!(
            err(b"<a>12345</a>", &small(|l| l.max_text_len = 4)),
            "XML-LIMIT-TEXT"
        );
        assert_eq!(
            err(b"<a x='1' y='2'/>", &small(|l| l.max_attributes = 1)),
            "XML-LIMIT-ATTRIBUTE-COUNT"
        );
        assert_eq!(
            err(
                b"<a xmlns:p='u'><b xmlns:q='v'/></a>",
                &small(|l| l.max_namespaces = 1)
            ),
            "XML-LIMIT-NAMESPACES"
        );
        assert_eq!(
            err(b"<a>0123456789</a>", &small(|l| l.max_document_bytes = 10)),
            "XML-LIMIT-SIZE"
        );
    }

    #[test]
    fn a_long_token_is_refused_before_it_is_held() {
        let mut doc = b"<a><!--".to_vec();
        doc.extend(std::iter::repeat_n(b'x', 400_000));
        doc.extend_from_slice(b"--></a>");
        let l = Limits {
            max_text_len: 1000,
            ..Limits::default()
        };
        assert!(
            matches!(to_vec(&doc, &l, Comments::Omit), Err(C14nError::Invalid(d)) if d.code == Code::XmlLimitText)
        );
    }

    struct OmitB;
    impl Observer for OmitB {
        fn start(&mut self, e: &ElementView<'_>) -> Decision {
            if e.local_name == "b" {
                Decision::OmitWithAdjacentWhitespace
            } else {
                Decision::Keep
            }
        }
    }

    fn omit_b(s: &str) -> String {
        let mut out = Vec::new();
        canonicalize_with(
            s.as_bytes(),
            &mut out,
            &Limits::default(),
            Comments::Omit,
            &mut OmitB,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn omitting_an_element_and_one_adjacent_whitespace_node() {
        assert_eq!(
            omit_b("<a>\n <x/>\n <b c='1'><d/></b>\n <y/>\n</a>"),
            "<a>\n <x></x>\n <y></y>\n</a>"
        );
        assert_eq!(
            omit_b("<a><x/><b/>\n <y/>\n</a>"),
            "<a><x></x><y></y>\n</a>"
        );
        assert_eq!(
            omit_b("<a><x/><b/>text<y/></a>"),
            "<a><x></x>text<y></y></a>"
        );
        assert_eq!(omit_b("<a>\n<b/></a>"), "<a></a>");
    }

    #[test]
    fn names_and_values_seen_by_the_observer() {
        struct Seen(Vec<String>);
        impl Observer for Seen {
            fn start(&mut self, e: &ElementView<'_>) -> Decision {
                self.0.push(format!(
                    "{}|{}|{}|{:?}",
                    e.depth,
                    e.namespace,
                    e.local_name,
                    e.attribute("V")
                ));
                Decision::Keep
            }
        }
        let mut seen = Seen(Vec::new());
        let doc = "<p:a xmlns:p='urn:x'><p:b V='x&amp;y\tz'/></p:a>";
        canonicalize_with(
            doc.as_bytes(),
            io::sink(),
            &Limits::default(),
            Comments::Omit,
            &mut seen,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(seen.0, ["0|urn:x|a|None", "1|urn:x|b|Some(\"x&y z\")"]);
    }
}
