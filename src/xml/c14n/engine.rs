//! The canonicalising engine: one event in, its canonical bytes out.

use super::input::{decode_into, Enc};
use super::*;

/// Output buffered in front of the writer.
pub(super) struct Out<W> {
    pub(super) buf: Vec<u8>,
    pub(super) w: W,
}

impl<W: Write> Out<W> {
    pub(super) fn push(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= BUFFER {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    pub(super) fn flush(&mut self) -> io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.buf.clear();
        self.w.flush()
    }
}

/// An open element.
#[derive(Default)]
pub(super) struct Frame {
    pub(super) qname: String,
    /// Index of its first namespace binding in `bindings`.
    pub(super) bindings: usize,
}

/// An attribute of the start tag being read.
#[derive(Debug, Default)]
pub(super) struct Attr {
    pub(super) qname: String,
    /// Where the local name starts in `qname`.
    pub(super) colon: usize,
    pub(super) uri: String,
    pub(super) value: String,
}

impl Attr {
    pub(super) fn local(&self) -> &str {
        self.qname.get(self.colon..).unwrap_or_default()
    }

    pub(super) fn prefix(&self) -> &str {
        self.qname
            .get(..self.colon.saturating_sub(1))
            .unwrap_or_default()
    }
}

pub(super) struct Engine<'l, W> {
    pub(super) encoding: Enc,
    pub(super) comments: Comments,
    pub(super) limits: &'l Limits,
    pub(super) base: u64,
    pub(super) out: Out<W>,
    pub(super) frames: Vec<Frame>,
    pub(super) depth: usize,
    /// Namespace bindings in scope: (prefix, URI), innermost last.
    pub(super) bindings: Vec<(String, String)>,
    pub(super) attrs: Vec<Attr>,
    pub(super) decls: Vec<(String, String)>,
    pub(super) scratch: String,
    pub(super) value: String,
    pub(super) elements: usize,
    pub(super) root_seen: bool,
    pub(super) root_done: bool,
    /// Depth of the element being left out, if any.
    pub(super) omit_depth: Option<usize>,
    /// A whitespace-only text node not written yet (canonical bytes in
    /// `pending_text`), with its depth.
    pub(super) pending: Option<usize>,
    pub(super) pending_text: Vec<u8>,
    /// The next event, if a whitespace-only text node, is to be dropped.
    pub(super) drop_next_ws: bool,
    /// At the end of the element left out, drop the next whitespace node.
    pub(super) drop_after_omit: bool,
}

impl<W: Write> Engine<'_, W> {
    pub(super) fn emitting(&self) -> bool {
        self.omit_depth.is_none()
    }

    pub(super) fn flush_pending(&mut self) -> io::Result<()> {
        if self.pending.take().is_some() {
            self.out.push(&self.pending_text)?;
        }
        Ok(())
    }

    /// Handles one event; `true` at the end of the document.
    pub(super) fn event<O: Observer + ?Sized>(
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

    pub(super) fn start<O: Observer + ?Sized>(
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

    pub(super) fn end<O: Observer + ?Sized>(
        &mut self,
        end: u64,
        observer: &mut O,
    ) -> Result<(), C14nError> {
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

    pub(super) fn text<O: Observer + ?Sized>(
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

    pub(super) fn finish(mut self) -> Result<(), C14nError> {
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

pub(super) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

pub(super) fn check_len(len: usize, limits: &Limits, at: u64) -> Result<(), Fatal> {
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
pub(super) fn check_name(name: &str, at: u64) -> Result<(), Fatal> {
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
pub(super) fn lookup<'a>(bindings: &'a [(String, String)], prefix: &str) -> Option<&'a str> {
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

/// Expands references in decoded text (`attr`: also turns literal tab and
/// line feed into spaces, as attribute-value normalisation does for CDATA
/// attributes). Appends to `dst`.
pub(super) fn resolve(text: &str, attr: bool, dst: &mut String, at: u64) -> Result<(), Fatal> {
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
pub(super) fn escape_text<W: Write>(s: &str, out: &mut Out<W>) -> io::Result<()> {
    escape(s, out, |b| match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'>' => Some(b"&gt;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    })
}

/// Writes an attribute value escaped as canonical XML requires.
pub(super) fn escape_attr<W: Write>(s: &str, out: &mut Out<W>) -> io::Result<()> {
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

pub(super) fn escape<W: Write>(
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
