//! A small, namespace-resolved element tree for ACTES documents.
//!
//! ACTES messages are small (a few KiB; a classification is ~50 KiB), so the
//! reader builds a tree and the message layer walks it. Elements and
//! attributes are matched by namespace URI and local name, never by prefix
//! (reading profile R1). A DOCTYPE is refused and no entity other than the
//! five predefined ones and character references is ever expanded (R9).
//! Every limit of [`Limits`] is enforced while parsing.
//!
//! Two readers feed one tree builder the same events: a scanner for the
//! plain XML that messages are made of (the fast path), and quick-xml's
//! reader for everything the scanner declines (comments, CDATA, DOCTYPE…)
//! and for every document with an error, so that quick-xml alone decides
//! errors and their messages.

use std::borrow::Cow;

use quick_xml::escape::EscapeError;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::Event;
use quick_xml::name::{NamespaceError, PrefixDeclaration, QName};
use quick_xml::reader::Reader;

use super::decode::{decode_borrowed, Decoding, Encoding};
use super::Limits;
use crate::diagnostic::{has_errors, Code, Diagnostic, Location, Parsed};

mod scan;

/// The ACTES namespace URI.
pub const ACTES_NS: &str = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216";
/// The mistyped namespace of the 2003 `RetourClassification` example
/// (SPEC §4.1), read as ACTES with a warning.
pub const ACTES_NS_2003_TYPO: &str = "http://www.interieur.gouv.fr/ACTES#v1.1-20040202";
/// The INSEE namespace URI (`insee:SIREN`).
pub const INSEE_NS: &str = "http://xml.insee.fr/schema";
/// The XML Schema instance namespace URI (`xsi:nil`, `xsi:schemaLocation`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A namespace, as resolved from the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ns {
    /// No namespace.
    None,
    /// The ACTES namespace (or its 2003 typo).
    Actes,
    /// The INSEE namespace.
    Insee,
    /// The XML Schema instance namespace.
    Xsi,
    /// Any other namespace URI, or an unbound prefix (kept as `prefix:`).
    Other(String),
}

impl Ns {
    fn from_uri(uri: &[u8]) -> Ns {
        match uri {
            u if u == ACTES_NS.as_bytes() || u == ACTES_NS_2003_TYPO.as_bytes() => Ns::Actes,
            u if u == INSEE_NS.as_bytes() => Ns::Insee,
            u if u == XSI_NS.as_bytes() => Ns::Xsi,
            u => Ns::Other(String::from_utf8_lossy(u).into_owned()),
        }
    }
}

/// An attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Its namespace.
    pub ns: Ns,
    /// Its local name.
    pub name: String,
    /// Its value, with references resolved.
    pub value: String,
}

/// An element with its attributes, child elements and direct text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Its namespace.
    pub ns: Ns,
    /// Its local name.
    pub name: String,
    /// Attributes in document order.
    pub attrs: Vec<Attribute>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// The concatenation of the element's own text and CDATA nodes.
    pub text: String,
    /// Byte offset of the start tag in the decoded (UTF-8) text.
    pub offset: usize,
}

impl Element {
    /// Whether this element is `{ACTES}name`.
    #[must_use]
    pub fn is_actes(&self, name: &str) -> bool {
        self.ns == Ns::Actes && self.name == name
    }

    /// An attribute by namespace and local name.
    #[must_use]
    pub fn attr_ns(&self, ns: &Ns, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &a.ns == ns && a.name == name)
            .map(|a| a.value.as_str())
    }

    /// An ACTES attribute (`actes:Date`), falling back to the same local name
    /// without namespace (lenient reading: some producers forget the prefix).
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attr_ns(&Ns::Actes, name)
            .or_else(|| self.attr_ns(&Ns::None, name))
    }

    /// An INSEE attribute (`insee:SIREN`), falling back to the bare local name.
    #[must_use]
    pub fn insee_attr(&self, name: &str) -> Option<&str> {
        self.attr_ns(&Ns::Insee, name)
            .or_else(|| self.attr_ns(&Ns::None, name))
    }

    /// Whether `xsi:nil="true"` is set.
    pub fn is_nil(&self) -> bool {
        matches!(
            self.attr_ns(&Ns::Xsi, "nil").map(str::trim),
            Some("true" | "1")
        )
    }

    /// The first child `{ACTES}name` (or the same local name in no
    /// namespace).
    #[must_use]
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children
            .iter()
            .find(|c| c.name == name && matches!(c.ns, Ns::Actes | Ns::None))
    }

    /// Every child `{ACTES}name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children
            .iter()
            .filter(move |c| c.name == name && matches!(c.ns, Ns::Actes | Ns::None))
    }

    /// The trimmed text of the element.
    #[must_use]
    pub fn text_trimmed(&self) -> &str {
        self.text.trim()
    }

    /// The text of the child `name`, trimmed.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(Element::text_trimmed)
    }
}

/// A parsed document: its root element and how its bytes were decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The root element.
    pub root: Element,
    /// The encoding named in the declaration, if any.
    pub declared_encoding: Option<String>,
    /// The encoding used to read the bytes.
    pub encoding: Encoding,
}

pub(crate) fn xml_error(offset: u64, what: impl std::fmt::Display) -> Diagnostic {
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    Diagnostic::new(
        Code::XmlMalformed,
        Location::offset(offset),
        format!("malformed XML at byte {offset}: {what}"),
        format!("XML mal formé à l'octet {offset} : {what}"),
    )
}

/// Parses a document from raw bytes with the reading profile and `limits`.
///
/// The value is present when the document is well-formed; warnings (encoding
/// guesses, namespace oddities) come with it.
#[must_use]
pub fn parse(bytes: &[u8], limits: &Limits) -> Parsed<Document> {
    if bytes.len() > limits.max_document_bytes {
        return Parsed {
            value: None,
            diagnostics: vec![Diagnostic::new(
                Code::XmlLimitSize,
                Location::none(),
                format!(
                    "the document has {} bytes, more than the limit of {}",
                    bytes.len(),
                    limits.max_document_bytes
                ),
                format!(
                    "le document fait {} octets, plus que la limite de {}",
                    bytes.len(),
                    limits.max_document_bytes
                ),
            )],
        };
    }
    let Decoding {
        text,
        declared,
        encoding,
        mut diagnostics,
    } = decode_borrowed(bytes);
    if has_errors(&diagnostics) {
        return Parsed {
            value: None,
            diagnostics,
        };
    }
    match parse_str(&text, limits, &mut diagnostics) {
        Some(root) => Parsed {
            value: Some(Document {
                root,
                declared_encoding: declared,
                encoding,
            }),
            diagnostics,
        },
        None => Parsed {
            value: None,
            diagnostics,
        },
    }
}

/// Parses already-decoded text. Returns the root, or `None` after pushing
/// the fatal diagnostic.
///
/// Nearly every document is read by the scanner of [`scan`], which only
/// accepts a plain subset of XML (no comment, CDATA section or DOCTYPE,
/// simple names, quoted attributes) and builds the same tree as quick-xml's
/// reader would. A document outside that subset, or with any error, is read
/// again from the start by quick-xml ([`parse_events`]), which then gives
/// the result and the diagnostics.
fn parse_str(text: &str, limits: &Limits, diags: &mut Vec<Diagnostic>) -> Option<Element> {
    if let Some((root, mut found)) = scan::parse_plain(text, limits) {
        diags.append(&mut found);
        return Some(root);
    }
    parse_events(text, limits, diags)
}

/// Reads the document with quick-xml's reader: the reference reading, for
/// every document the fast scanner declines.
fn parse_events(text: &str, limits: &Limits, diags: &mut Vec<Diagnostic>) -> Option<Element> {
    let mut reader = Reader::from_str(text);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
    }
    let mut tree = Builder::new(text, limits);
    // The attributes of the current start tag, then the error met reading
    // them (reported after the checks of the attributes before it).
    let mut raw: Vec<RawAttr<'_>> = Vec::new();
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                diags.push(xml_error(reader.error_position(), e));
                return None;
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                raw.clear();
                let mut attr_error = None;
                // Past the limit, the checks stop at the attribute count.
                for a in e
                    .attributes()
                    .with_checks(false)
                    .take(limits.max_attributes.saturating_add(1))
                {
                    match a {
                        Ok(a) => raw.push(RawAttr {
                            key: utf8(text, a.key.into_inner()),
                            value: utf8(text, &a.value),
                            plain: None,
                        }),
                        Err(err) => {
                            attr_error = Some(err);
                            break;
                        }
                    }
                }
                let name = utf8(text, e.name().into_inner());
                tree.start(pos, &name, &raw, attr_error, is_empty, diags)?;
            }
            Event::End(_) => tree.end(pos, diags)?,
            Event::Text(t) => tree.text(pos, &utf8(text, &t), None, diags)?,
            Event::CData(c) => tree.cdata(pos, &c.into_inner(), diags)?,
            Event::DocType(_) => {
                diags.push(Diagnostic::new(
                    Code::XmlDoctype,
                    Location::offset(pos),
                    "the document contains a DOCTYPE declaration; it is refused so that no entity is ever expanded",
                    "le document contient une déclaration DOCTYPE ; elle est refusée pour qu'aucune entité ne soit jamais développée",
                ));
                return None;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    tree.finish(diags)
}

/// An attribute as written: its qualified name and its value before
/// references are resolved, and whether the value is known to need no
/// normalization (`Some(true)`: no `&`, tab, LF or CR; `None`: not known).
struct RawAttr<'d> {
    key: Cow<'d, str>,
    value: Cow<'d, str>,
    plain: Option<bool>,
}

/// An open element and what its end tag undoes.
struct Open {
    /// Where the element is in `elements` (its children follow it).
    at: usize,
    /// Its namespace declarations.
    declarations: usize,
    /// The length of `bindings` before its own declarations.
    bound_before: usize,
    /// Where its text starts in `texts`.
    text_start: usize,
}

/// A namespace binding in scope: its prefix (none for the default
/// namespace), the namespace a name with that prefix has (resolved once,
/// when declared), and whether the URI is the 2003 typo.
struct Binding<'d> {
    prefix: Option<Cow<'d, [u8]>>,
    ns: Ns,
    typo: bool,
}

/// Builds the tree from the events of a reader (quick-xml's or the fast
/// scanner's), with every limit, namespace check and diagnostic. Each
/// method returns `None` after pushing the fatal diagnostic.
struct Builder<'d, 'l> {
    doc: &'d str,
    limits: &'l Limits,
    open: Vec<Open>,
    /// The open elements, each followed by its closed children, in
    /// document order: the children of an element are moved into its
    /// `children` when it closes, with one allocation of the right size,
    /// and the element is completed where it is (never moved until its
    /// parent closes). Once the root is closed, it is alone here.
    elements: Vec<Element>,
    /// The text of the open elements, outermost first: each open element's
    /// own text runs from its `text_start` to the end, its closed
    /// children's text having been taken out. An element gets its text in
    /// one allocation of the right size when it closes.
    texts: String,
    /// The namespace bindings in scope, innermost last.
    bindings: Vec<Binding<'d>>,
    /// The sum of the declarations of the open elements.
    ns_in_scope: usize,
    /// The number of start tags read.
    started: usize,
    typo_ns_reported: bool,
}

impl<'d, 'l> Builder<'d, 'l> {
    fn new(doc: &'d str, limits: &'l Limits) -> Self {
        // Sized for a message (a depth of 8, a dozen closed children, text
        // of a few hundred bytes): most documents never grow them.
        Builder {
            doc,
            limits,
            open: Vec::with_capacity(8),
            elements: Vec::with_capacity(16),
            texts: String::with_capacity(256),
            bindings: Vec::with_capacity(4),
            ns_in_scope: 0,
            started: 0,
            typo_ns_reported: false,
        }
    }

    /// A start tag (or an empty-element tag) at `pos`, named `qname`, with
    /// the attributes `raw` and, after them, the error met reading the
    /// next one.
    fn start(
        &mut self,
        pos: usize,
        qname: &str,
        raw: &[RawAttr<'d>],
        attr_error: Option<AttrError>,
        is_empty: bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<()> {
        let limits = self.limits;
        if self.open.is_empty() && !self.elements.is_empty() {
            diags.push(xml_error(pos as u64, "content after the root element"));
            return None;
        }
        self.started += 1;
        if self.started > limits.max_elements {
            diags.push(limit(
                Code::XmlLimitElements,
                pos,
                "elements",
                limits.max_elements,
            ));
            return None;
        }
        if self.open.len() + 1 > limits.max_depth {
            diags.push(limit(Code::XmlLimitDepth, pos, "depth", limits.max_depth));
            return None;
        }
        let (prefix, local) = split_qname(qname);
        let name = local.to_owned();
        let mut attrs = Vec::with_capacity(raw.len());
        // quick-xml's own duplicate check is quadratic in the number of
        // attributes: it is replaced by a set, and the count is bounded
        // before anything else is done with an attribute. The set is only
        // built past a few attributes (most elements have 0 to 3): below,
        // a scan of the names before.
        let mut keys = None;
        let mut declarations = 0usize;
        let bound_before = self.bindings.len();
        let mut prefixed = false;
        // The prefixes of the first attributes (most elements have no more).
        let mut prefixes: [Option<&str>; SMALL_KEYS] = [None; SMALL_KEYS];
        for (i, a) in raw.iter().enumerate() {
            if i >= limits.max_attributes {
                diags.push(limit(
                    Code::XmlLimitAttributeCount,
                    pos,
                    "attributes",
                    limits.max_attributes,
                ));
                return None;
            }
            let key = a.key.as_bytes();
            if !first_of_name(raw, i, &mut keys) {
                diags.push(xml_error(
                    pos as u64,
                    format!("duplicate attribute {}", a.key),
                ));
                return None;
            }
            if let Some(declaration) = QName(key).as_namespace_binding() {
                declarations += 1;
                if self.ns_in_scope.saturating_add(declarations) > limits.max_namespaces {
                    diags.push(limit(
                        Code::XmlLimitNamespaces,
                        pos,
                        "namespace declarations",
                        limits.max_namespaces,
                    ));
                    return None;
                }
                if let Err(err) = self.bind(declaration, a.value.as_bytes()) {
                    diags.push(xml_error(pos as u64, quick_xml::Error::Namespace(err)));
                    return None;
                }
                continue;
            }
            if a.value.len() > limits.max_attribute_len {
                diags.push(limit(
                    Code::XmlLimitAttribute,
                    pos,
                    "attribute length",
                    limits.max_attribute_len,
                ));
                return None;
            }
            let value = match attribute_value(&a.value, a.plain) {
                Ok(v) => v,
                Err(err) => {
                    diags.push(xml_error(pos as u64, err));
                    return None;
                }
            };
            let (attr_prefix, local) = split_qname(&a.key);
            prefixed |= attr_prefix.is_some();
            if let Some(slot) = prefixes.get_mut(attrs.len()) {
                *slot = attr_prefix;
            }
            attrs.push(Attribute {
                ns: Ns::None,
                name: local.to_owned(),
                value,
            });
        }
        if let Some(err) = attr_error {
            diags.push(xml_error(pos as u64, err));
            return None;
        }
        // A prefixed attribute is resolved once all of the element's
        // declarations are known (an attribute without a prefix has no
        // namespace).
        let (ns, typo) = self.resolve(prefix.map(str::as_bytes));
        if prefixed {
            // Past the first ones, the prefixes are read again from the
            // names.
            let mut later = raw
                .iter()
                .filter(|a| QName(a.key.as_bytes()).as_namespace_binding().is_none())
                .skip(SMALL_KEYS);
            for (k, attr) in attrs.iter_mut().enumerate() {
                let attr_prefix = match prefixes.get(k) {
                    Some(known) => *known,
                    None => later.next().and_then(|a| split_qname(&a.key).0),
                };
                if let Some(p) = attr_prefix {
                    // Mostly the element's own prefix.
                    attr.ns = match prefix {
                        Some(own) if same(own.as_bytes(), p.as_bytes()) => ns.clone(),
                        _ => self.resolve(Some(p.as_bytes())).0,
                    };
                }
            }
        }
        if typo && !self.typo_ns_reported {
            self.typo_ns_reported = true;
            diags.push(Diagnostic::new(
                Code::XmlWrongNamespace,
                Location::offset(pos),
                format!("the namespace {ACTES_NS_2003_TYPO} (a typo of the 2003 example) was read as the ACTES namespace {ACTES_NS}"),
                format!("l'espace de noms {ACTES_NS_2003_TYPO} (coquille de l'exemple de 2003) a été lu comme l'espace de noms ACTES {ACTES_NS}"),
            ));
        }
        let el = Element {
            ns,
            name,
            attrs,
            children: Vec::new(),
            text: String::new(),
            offset: pos,
        };
        if is_empty {
            self.bindings.truncate(bound_before);
        } else {
            self.open.push(Open {
                at: self.elements.len(),
                declarations,
                bound_before,
                text_start: self.texts.len(),
            });
            self.ns_in_scope += declarations;
        }
        self.elements.push(el);
        Some(())
    }

    /// An end tag at `pos` (its name already checked by the reader).
    #[inline(always)]
    fn end(&mut self, pos: usize, diags: &mut Vec<Diagnostic>) -> Option<()> {
        let Some(Open {
            at,
            declarations,
            bound_before,
            text_start,
        }) = self.open.pop()
        else {
            diags.push(xml_error(pos as u64, "unexpected end tag"));
            return None;
        };
        self.ns_in_scope = self.ns_in_scope.saturating_sub(declarations);
        self.bindings.truncate(bound_before);
        let children = if at + 1 < self.elements.len() {
            self.elements.split_off(at + 1)
        } else {
            Vec::new()
        };
        if let Some(el) = self.elements.last_mut() {
            el.children = children;
            if let Some(own) = self.texts.get(text_start..) {
                el.text = own.to_owned();
            }
        }
        self.texts.truncate(text_start);
        Some(())
    }

    /// A text node at `pos`, as written; `plain` as for [`RawAttr`] (no
    /// `&` or CR).
    #[inline(always)]
    fn text(
        &mut self,
        pos: usize,
        raw: &str,
        plain: Option<bool>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<()> {
        let plain = plain.unwrap_or_else(|| !raw.bytes().any(|b| matches!(b, b'&' | b'\r')));
        if plain && !self.open.is_empty() {
            return self.add_text(raw, pos, diags).map(drop);
        }
        self.decoded_text(pos, raw, plain, diags)
    }

    /// A text node with references or CRs, or outside the root.
    #[cold]
    fn decoded_text(
        &mut self,
        pos: usize,
        raw: &str,
        plain: bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<()> {
        let s = if plain {
            Cow::Borrowed(raw)
        } else {
            let mut s = String::with_capacity(raw.len());
            if let Err(err) = unescape(&normalize_line_ends(raw), &mut s) {
                diags.push(xml_error(pos as u64, err));
                return None;
            }
            Cow::Owned(s)
        };
        if !self.add_text(&s, pos, diags)? && !s.trim().is_empty() {
            diags.push(xml_error(pos as u64, "text outside the root element"));
            return None;
        }
        Some(())
    }

    /// A CDATA section at `pos`.
    fn cdata(&mut self, pos: usize, raw: &[u8], diags: &mut Vec<Diagnostic>) -> Option<()> {
        let s = normalize_line_ends(&String::from_utf8_lossy(raw)).into_owned();
        if !self.add_text(&s, pos, diags)? {
            diags.push(xml_error(pos as u64, "CDATA outside the root element"));
            return None;
        }
        Some(())
    }

    /// The end of the document: the root, if it is complete.
    fn finish(mut self, diags: &mut Vec<Diagnostic>) -> Option<Element> {
        if !self.open.is_empty() {
            diags.push(xml_error(
                self.doc.len() as u64,
                "unexpected end of document (unclosed elements)",
            ));
            return None;
        }
        let root = self.elements.pop();
        if root.is_none() {
            diags.push(xml_error(0, "no root element"));
        }
        root
    }

    /// Appends text to the open element's. `Some(false)` when no element is
    /// open, `None` (after pushing the diagnostic) when the text limit is
    /// exceeded.
    #[inline(always)]
    fn add_text(&mut self, s: &str, pos: usize, diags: &mut Vec<Diagnostic>) -> Option<bool> {
        let Some(open) = self.open.last() else {
            return Some(false);
        };
        let limits = self.limits;
        if self.texts.len().saturating_sub(open.text_start) + s.len() > limits.max_text_len {
            diags.push(limit(
                Code::XmlLimitText,
                pos,
                "text length",
                limits.max_text_len,
            ));
            return None;
        }
        self.texts.push_str(s);
        Some(true)
    }

    /// Adds the binding of a namespace declaration (`xmlns="uri"`,
    /// `xmlns:p="uri"`) with the checks of the Namespaces in XML
    /// recommendation (as quick-xml's `NsReader`): `xml` only to its own
    /// namespace, `xmlns` never, neither namespace to another prefix. The
    /// URI is kept as written (references are not resolved); an empty one
    /// unbinds.
    fn bind(
        &mut self,
        declaration: PrefixDeclaration<'_>,
        uri: &[u8],
    ) -> Result<(), NamespaceError> {
        let prefix = match declaration {
            PrefixDeclaration::Default => None,
            PrefixDeclaration::Named(b"xml") => {
                if uri != XML_NS {
                    return Err(NamespaceError::InvalidXmlPrefixBind(uri.to_vec()));
                }
                return Ok(());
            }
            PrefixDeclaration::Named(b"xmlns") => {
                return Err(NamespaceError::InvalidXmlnsPrefixBind(uri.to_vec()));
            }
            PrefixDeclaration::Named(prefix) => {
                if uri == XML_NS {
                    return Err(NamespaceError::InvalidPrefixForXml(prefix.to_vec()));
                }
                if uri == XMLNS_NS {
                    return Err(NamespaceError::InvalidPrefixForXmlns(prefix.to_vec()));
                }
                Some(prefix)
            }
        };
        let ns = if uri.is_empty() {
            unbound(prefix)
        } else {
            Ns::from_uri(uri)
        };
        self.bindings.push(Binding {
            prefix: prefix.map(|p| in_doc(self.doc, p)),
            ns,
            typo: uri == ACTES_NS_2003_TYPO.as_bytes(),
        });
        Ok(())
    }

    /// The namespace of a name with `prefix`, by the innermost binding in
    /// scope, and whether it is the 2003 typo.
    #[inline]
    fn resolve(&self, prefix: Option<&[u8]>) -> (Ns, bool) {
        if let Some(p @ [b'x', ..]) = prefix {
            if same(p, b"xml") {
                return (Ns::from_uri(XML_NS), false);
            }
            if same(p, b"xmlns") {
                return (Ns::from_uri(XMLNS_NS), false);
            }
        }
        let found = self
            .bindings
            .iter()
            .rev()
            .find(|b| match (&b.prefix, prefix) {
                (Some(bound), Some(p)) => same(bound, p),
                (None, None) => true,
                _ => false,
            });
        match found {
            Some(b) => (b.ns.clone(), b.typo),
            None => (unbound(prefix), false),
        }
    }
}

/// Whether two short byte strings (prefixes, attribute names) are equal:
/// a loop, cheaper than a call to `memcmp` at these lengths.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The namespace of a name whose prefix is not bound: none without a
/// prefix, `prefix:` with one.
fn unbound(prefix: Option<&[u8]>) -> Ns {
    match prefix {
        None => Ns::None,
        Some(p) => Ns::Other(format!("{}:", String::from_utf8_lossy(p))),
    }
}

/// The prefix and the local name of a qualified name (split at the first
/// `:`, as quick-xml does).
fn split_qname(qname: &str) -> (Option<&str>, &str) {
    // Names are short: a plain loop rather than a search.
    match qname.bytes().position(|b| b == b':') {
        Some(colon) => (
            qname.get(..colon),
            qname.get(colon + 1..).unwrap_or_default(),
        ),
        None => (None, qname),
    }
}

/// An attribute value with end-of-line handling, attribute-value
/// normalization and references resolved.
fn attribute_value(raw: &str, plain: Option<bool>) -> Result<String, EscapeError> {
    let plain = plain.unwrap_or_else(|| {
        !raw.bytes()
            .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
    });
    if plain {
        return Ok(raw.to_owned());
    }
    let mut value = String::with_capacity(raw.len());
    unescape(&normalize_attribute(raw), &mut value)?;
    Ok(value)
}

/// Appends `raw` with its references resolved, as quick-xml's `unescape`
/// does: the five predefined entities and character references are read
/// here, and anything else (an unknown entity, a malformed or out-of-range
/// reference) is left to quick-xml, for its result or its error.
fn unescape(raw: &str, out: &mut String) -> Result<(), EscapeError> {
    let bytes = raw.as_bytes();
    let start = out.len();
    // The end of the text already appended.
    let mut done = 0;
    while let Some(amp) = find(bytes, done, b'&') {
        let resolved = find(bytes, amp + 1, b';').and_then(|semi| {
            let c = reference(bytes.get(amp + 1..semi)?)?;
            Some((c, semi + 1))
        });
        let (Some(before), Some((c, next))) = (raw.get(done..amp), resolved) else {
            out.truncate(start);
            out.push_str(&quick_xml::escape::unescape(raw)?);
            return Ok(());
        };
        out.push_str(before);
        out.push(c);
        done = next;
    }
    out.push_str(raw.get(done..).unwrap_or_default());
    Ok(())
}

/// The index of the first `b` at or after `from`.
fn find(bytes: &[u8], from: usize, b: u8) -> Option<usize> {
    Some(from + bytes.get(from..)?.iter().position(|&c| c == b)?)
}

/// The character of the reference `&name;` when it is a predefined entity
/// or a character reference quick-xml reads the same way (at most eight
/// digits, no sign, not NUL); `None` for anything else.
fn reference(name: &[u8]) -> Option<char> {
    let (digits, radix) = match name {
        b"lt" => return Some('<'),
        b"gt" => return Some('>'),
        b"amp" => return Some('&'),
        b"apos" => return Some('\''),
        b"quot" => return Some('"'),
        [b'#', b'x', hex @ ..] => (hex, 16),
        [b'#', decimal @ ..] => (decimal, 10),
        _ => return None,
    };
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let mut code = 0u32;
    for &b in digits {
        code = code * radix + char::from(b).to_digit(radix)?;
    }
    if code == 0 {
        return None;
    }
    char::from_u32(code)
}

/// The text of a slice of the decoded document `doc`. quick-xml cuts the
/// document at ASCII delimiters, so the slice is found again in `doc` by
/// its address and taken with a char-boundary check (constant time, no
/// validation pass over the bytes). A slice that is not inside `doc` (or
/// not on char boundaries) is copied, with the lossy conversion.
fn utf8<'d>(doc: &'d str, bytes: &[u8]) -> Cow<'d, str> {
    let start = (bytes.as_ptr() as usize).wrapping_sub(doc.as_ptr() as usize);
    if let Some(s) = start
        .checked_add(bytes.len())
        .and_then(|end| doc.get(start..end))
    {
        if s.as_ptr() == bytes.as_ptr() {
            return Cow::Borrowed(s);
        }
    }
    Cow::Owned(String::from_utf8_lossy(bytes).into_owned())
}

/// The slice `bytes` of the document `doc` with the document's lifetime,
/// found by its address (a copy if it is not inside the document).
fn in_doc<'d>(doc: &'d str, bytes: &[u8]) -> Cow<'d, [u8]> {
    let start = (bytes.as_ptr() as usize).wrapping_sub(doc.as_ptr() as usize);
    match start
        .checked_add(bytes.len())
        .and_then(|end| doc.as_bytes().get(start..end))
    {
        Some(s) if s.as_ptr() == bytes.as_ptr() => Cow::Borrowed(s),
        _ => Cow::Owned(bytes.to_vec()),
    }
}

/// The namespace of the `xml` prefix, bound without a declaration.
const XML_NS: &[u8] = b"http://www.w3.org/XML/1998/namespace";
/// The namespace of the `xmlns` prefix, bound without a declaration.
const XMLNS_NS: &[u8] = b"http://www.w3.org/2000/xmlns/";

/// Whether the name of the attribute `raw[i]` is not the name of one
/// before it: a scan of the names before for the first [`SMALL_KEYS`], a
/// hash set of them beyond (built once, in `keys`).
fn first_of_name<'a>(
    raw: &'a [RawAttr<'_>],
    i: usize,
    keys: &mut Option<std::collections::HashSet<&'a [u8]>>,
) -> bool {
    let Some(key) = raw.get(i).map(|a| a.key.as_bytes()) else {
        return true;
    };
    if i < SMALL_KEYS {
        return !raw
            .get(..i)
            .unwrap_or_default()
            .iter()
            .any(|a| same(a.key.as_bytes(), key));
    }
    keys.get_or_insert_with(|| {
        raw.get(..i)
            .unwrap_or_default()
            .iter()
            .map(|a| a.key.as_bytes())
            .collect()
    })
    .insert(key)
}

const SMALL_KEYS: usize = 8;

/// End-of-line handling (XML 1.0 §2.11): `CRLF` and a lone `CR` become
/// `LF`. Applied to raw text before references are resolved, so `&#13;`
/// still gives a CR.
fn normalize_line_ends(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.as_bytes().contains(&b'\r') {
        std::borrow::Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// Attribute-value normalization (XML 1.0 §3.3.3, CDATA attributes): after
/// end-of-line handling, each literal tab, LF or CR becomes a space.
/// References (`&#10;`) are resolved afterwards and keep their character.
fn normalize_attribute(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        std::borrow::Cow::Owned(normalize_line_ends(raw).replace(['\t', '\n'], " "))
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

pub(crate) fn limit(code: Code, pos: usize, what: &str, max: usize) -> Diagnostic {
    let fr = match what {
        "elements" => "nombre d'éléments",
        "depth" => "profondeur",
        "attribute length" => "longueur d'attribut",
        "attributes" => "nombre d'attributs",
        "namespace declarations" => "déclarations d'espace de noms",
        _ => "longueur de texte",
    };
    Diagnostic::new(
        code,
        Location::offset(pos),
        format!("limit exceeded: {what} above {max}"),
        format!("limite dépassée : {fr} au-delà de {max}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Parsed<Document> {
        parse(s.as_bytes(), &Limits::default())
    }

    fn codes(p: &Parsed<Document>) -> Vec<&'static str> {
        p.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn any_prefix_bound_to_actes() {
        let doc = p(
            r#"<?xml version="1.0"?><ns1:ARActe xmlns:ns1="http://www.interieur.gouv.fr/ACTES#v1.1-20040216" ns1:IDActe="x"><ns1:ActeRecu/></ns1:ARActe>"#,
        );
        let root = doc.value.expect("parsed").root;
        assert!(root.is_actes("ARActe"));
        assert_eq!(root.attr("IDActe"), Some("x"));
        assert!(root.child("ActeRecu").is_some());
    }

    /// The namespace resolution (done here, not by quick-xml's `NsReader`):
    /// default namespace and its reset, scopes closed by end tags and empty
    /// elements, unbound prefixes, the reserved `xml` prefix, the refused
    /// bindings.
    #[test]
    fn namespace_scopes() {
        let a = ACTES_NS;
        let doc = p(&format!(
            r#"<r xmlns="{a}" xmlns:p="urn:p" p:x="1" y="2" xml:lang="fr"><c xmlns:p="urn:q" p:z="3"/><d p:w="4"><e xmlns=""/><q:f/></d><g xmlns:p="" p:v="5"/></r>"#
        ))
        .value
        .expect("parsed")
        .root;
        assert_eq!(doc.ns, Ns::Actes);
        assert_eq!(doc.attr_ns(&Ns::Other("urn:p".into()), "x"), Some("1"));
        assert_eq!(doc.attr_ns(&Ns::None, "y"), Some("2"));
        assert_eq!(
            doc.attr_ns(
                &Ns::Other("http://www.w3.org/XML/1998/namespace".into()),
                "lang"
            ),
            Some("fr")
        );
        let c = doc.children.first().expect("c");
        assert_eq!(c.attr_ns(&Ns::Other("urn:q".into()), "z"), Some("3"));
        let d = doc.children.get(1).expect("d");
        assert_eq!(d.ns, Ns::Actes);
        assert_eq!(d.attr_ns(&Ns::Other("urn:p".into()), "w"), Some("4"));
        assert_eq!(d.children.first().map(|e| &e.ns), Some(&Ns::None));
        assert_eq!(
            d.children.get(1).map(|f| &f.ns),
            Some(&Ns::Other("q:".into()))
        );
        let g = doc.children.get(2).expect("g");
        assert_eq!(g.attr_ns(&Ns::Other("p:".into()), "v"), Some("5"));
        for bad in [
            r#"<r xmlns:xml="urn:x"/>"#,
            r#"<r xmlns:xmlns="urn:x"/>"#,
            r#"<r xmlns:p="http://www.w3.org/XML/1998/namespace"/>"#,
            r#"<r xmlns:p="http://www.w3.org/2000/xmlns/"/>"#,
        ] {
            assert_eq!(codes(&p(bad)), ["XML-MALFORMED"], "{bad}");
        }
        assert!(
            p(r#"<r xmlns:xml="http://www.w3.org/XML/1998/namespace"/>"#)
                .value
                .is_some()
        );
    }

    /// Prefixed attributes past the first eight, with a declaration among
    /// them (it applies to the attributes before it too).
    #[test]
    fn many_prefixed_attributes() {
        let mut s = String::from("<p:r xmlns:p='urn:p'");
        for i in 0..12 {
            if i == 5 {
                s.push_str(" xmlns:q='urn:q'");
            }
            let prefix = if i % 3 == 0 { "q" } else { "p" };
            s.push_str(&format!(" {prefix}:a{i}='{i}'"));
        }
        s.push_str(" b='x'/>");
        let root = p(&s).value.expect("parsed").root;
        assert_eq!(root.attrs.len(), 13);
        for i in 0..12 {
            let ns = if i % 3 == 0 { "urn:q" } else { "urn:p" };
            let value = i.to_string();
            assert_eq!(
                root.attr_ns(&Ns::Other(ns.into()), &format!("a{i}")),
                Some(value.as_str())
            );
        }
        assert_eq!(root.attr_ns(&Ns::None, "b"), Some("x"));
    }

    #[test]
    fn wrong_prefix_uri_is_not_actes() {
        let doc = p(r#"<actes:ARActe xmlns:actes="urn:other"/>"#);
        assert!(!doc.value.expect("parsed").root.is_actes("ARActe"));
    }

    #[test]
    fn doctype_refused() {
        let doc = p(r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><a>&lol;</a>"#);
        assert!(doc.value.is_none());
        assert_eq!(codes(&doc), ["XML-DOCTYPE"]);
    }

    #[test]
    fn unknown_entity_refused() {
        let doc = p("<a>&xxe;</a>");
        assert!(doc.value.is_none());
        assert_eq!(codes(&doc), ["XML-MALFORMED"]);
    }

    #[test]
    fn char_refs_and_predefined_entities() {
        let doc = p("<a b=\"&#339;&amp;\">&#xE9;&lt;&#8217;</a>")
            .value
            .expect("parsed");
        assert_eq!(doc.root.text, "é<’");
        assert_eq!(doc.root.attr("b"), Some("œ&"));
    }

    proptest::proptest! {
        /// References are resolved as quick-xml resolves them, errors
        /// included.
        #[test]
        fn unescape_as_quick_xml(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "a", "é", "&", ";", "#", "x", "&lt;", "&gt;", "&amp;", "&apos;", "&quot;", "&#65;",
            "&#x41;", "&#xe9;", "&#X41;", "&#0;", "&#x0;", "&#x110000;", "&#xD800;", "&#+1;",
            "&#-1;", "&#;", "&#x;", "&bad;", "&#000000065;", "&#00000065;", "&#x0000041;",
            "&#4294967295;", "&#xFFFFFFFF;", "&lt", "&#12a;", "&#x1F600;",
        ]), 0..8)) {
            let raw = pieces.concat();
            let expected = quick_xml::escape::unescape(&raw).map(|s| format!("<{s}"));
            let mut out = String::from("<");
            proptest::prop_assert_eq!(unescape(&raw, &mut out).map(|()| out), expected, "{:?}", raw);
        }
    }

    #[test]
    fn truncated_is_error() {
        let doc = p("<a><b></b>");
        assert_eq!(codes(&doc), ["XML-MALFORMED"]);
    }

    #[test]
    fn mismatched_end_is_error() {
        let doc = p("<a><b></a>");
        assert_eq!(codes(&doc), ["XML-MALFORMED"]);
    }

    #[test]
    fn depth_limit() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        let doc = parse(b"<a><b><c><d/></c></b></a>", &limits);
        assert_eq!(codes(&doc), ["XML-LIMIT-DEPTH"]);
    }

    #[test]
    fn size_limit() {
        let limits = Limits {
            max_document_bytes: 10,
            ..Limits::default()
        };
        let doc = parse(b"<a>0123456789</a>", &limits);
        assert_eq!(codes(&doc), ["XML-LIMIT-SIZE"]);
    }

    #[test]
    fn text_and_attribute_limits() {
        let limits = Limits {
            max_text_len: 4,
            max_attribute_len: 4,
            ..Limits::default()
        };
        assert_eq!(codes(&parse(b"<a>12345</a>", &limits)), ["XML-LIMIT-TEXT"]);
        assert_eq!(
            codes(&parse(b"<a b='12345'/>", &limits)),
            ["XML-LIMIT-ATTRIBUTE"]
        );
    }

    #[test]
    fn element_limit() {
        let limits = Limits {
            max_elements: 2,
            ..Limits::default()
        };
        assert_eq!(
            codes(&parse(b"<a><b/><c/></a>", &limits)),
            ["XML-LIMIT-ELEMENTS"]
        );
    }

    #[test]
    fn attribute_count_limit() {
        let limits = Limits {
            max_attributes: 2,
            ..Limits::default()
        };
        assert!(parse(b"<a x='1' y='2'/>", &limits).value.is_some());
        assert_eq!(
            codes(&parse(b"<a x='1' y='2' z='3'/>", &limits)),
            ["XML-LIMIT-ATTRIBUTE-COUNT"]
        );
        // Namespace declarations count as attributes.
        assert_eq!(
            codes(&parse(b"<a xmlns:p='u' xmlns:q='v' y='2'/>", &limits)),
            ["XML-LIMIT-ATTRIBUTE-COUNT"]
        );
    }

    #[test]
    fn namespace_scope_limit() {
        let limits = Limits {
            max_namespaces: 2,
            ..Limits::default()
        };
        // Two in scope at a time: fine, even when redeclared on siblings.
        let ok = b"<a xmlns:p='u'><b xmlns:q='v'/><c xmlns:q='w'/></a>";
        assert!(parse(ok, &limits).value.is_some());
        let deep = b"<a xmlns:p='u'><b xmlns:q='v'><c xmlns:r='w'/></b></a>";
        assert_eq!(codes(&parse(deep, &limits)), ["XML-LIMIT-NAMESPACES"]);
    }

    #[test]
    fn duplicate_attribute_refused() {
        assert_eq!(codes(&p("<a x='1' x='2'/>")), ["XML-MALFORMED"]);
        // Same local name under two prefixes is not a duplicate of the key.
        assert!(p("<a xmlns:p='u' xmlns:q='v' p:x='1' q:x='2'/>")
            .value
            .is_some());
        // Before and after the switch from the array to the set (8 names).
        for n in [2, 8, 9, 12] {
            let names: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
            let distinct = format!("<r {}/>", names.join("='' ") + "=''");
            let doc = p(&distinct).value.expect("parsed");
            assert_eq!(doc.root.attrs.len(), n);
            for dup in [0, n / 2, n - 1] {
                let s = format!("<r {}='' {}='x'/>", names.join("='' "), names[dup]);
                assert_eq!(codes(&p(&s)), ["XML-MALFORMED"], "{s}");
            }
        }
    }

    /// Regression: quick-xml's duplicate-attribute check and the namespace
    /// resolution are linear per attribute and per element, so an element
    /// with 100 000 attributes (or 100 000 namespace declarations in scope
    /// of 100 000 elements) took minutes. Both now stop at the limit.
    #[test]
    fn many_attributes_stop_at_the_limit() {
        let mut s = String::from("<r ");
        for i in 0..100_000 {
            s.push_str(&format!("a{i}='' "));
        }
        s.push_str("/>");
        assert_eq!(codes(&p(&s)), ["XML-LIMIT-ATTRIBUTE-COUNT"]);

        let mut s = String::new();
        for level in 0..100 {
            s.push_str("<e");
            for i in 0..200 {
                s.push_str(&format!(" xmlns:p{level}x{i}='u'"));
            }
            s.push('>');
        }
        for _ in 0..100 {
            s.push_str("</e>");
        }
        assert_eq!(codes(&p(&s)), ["XML-LIMIT-NAMESPACES"]);
    }

    #[test]
    fn crlf_and_nil() {
        let doc = p("<a xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\r\n<b xsi:nil=\"true\"/>\r\n</a>")
            .value
            .expect("parsed");
        assert!(doc.root.child("b").is_some_and(Element::is_nil));
    }

    #[test]
    fn line_ends_and_attribute_whitespace_normalized() {
        let doc = p("<a b=\"x\r\ny\tz&#10;&#13;\">l1\r\nl2\rl3&#13;<![CDATA[c\r\nd]]></a>")
            .value
            .expect("parsed");
        assert_eq!(doc.root.text, "l1\nl2\nl3\rc\nd");
        assert_eq!(doc.root.attr("b"), Some("x y z\n\r"));
    }

    #[test]
    fn two_roots_refused() {
        assert_eq!(codes(&p("<a/><b/>")), ["XML-MALFORMED"]);
    }

    #[test]
    fn empty_input() {
        assert_eq!(codes(&p("")), ["XML-MALFORMED"]);
        assert_eq!(codes(&p("   ")), ["XML-MALFORMED"]);
    }
}
