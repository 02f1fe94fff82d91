//! The strict XML writer (emission profile E11, E12).
//!
//! Output declares ISO-8859-1. Characters of Latin-1 are written as single
//! bytes; every other character is written as a numeric character reference
//! (`&#8217;` for `’`, `&#339;` for `œ`, `&#8364;` for `€`, `&#128512;` for an
//! emoji), never replaced by `?`. C1 controls (U+0080–U+009F) are also written
//! as references so that readers which take such bytes for windows-1252 read
//! them back exactly. Characters XML 1.0 forbids (C0 controls other than tab,
//! LF and CR, U+FFFE, U+FFFF) cannot be represented at all; validation refuses
//! them before writing, and the writer, as a last resort, writes U+FFFD.
//!
//! ```
//! use actes::xml::XmlWriter;
//! let mut w = XmlWriter::new();
//! w.start_root("actes:Annulation");
//! w.attr("actes:IDActe", "062-216204982-20221214-DLB12_14122022-DE");
//! w.end();
//! let bytes = w.finish();
//! assert!(bytes.starts_with(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"));
//! ```

use super::tree::{ACTES_NS, INSEE_NS, XSI_NS};

/// Appends `s` to `out` as ISO-8859-1 with XML escaping; `in_attr` also
/// escapes quotes and white space that attribute normalisation would lose.
pub fn escape_latin1(s: &str, in_attr: bool, out: &mut Vec<u8>) {
    for c in s.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '"' if in_attr => out.extend_from_slice(b"&quot;"),
            '\t' | '\n' if in_attr => push_ncr(c, out),
            '\r' => push_ncr(c, out),
            '\t' | '\n' => out.push(c as u8),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                push_ncr('\u{FFFD}', out);
            }
            c if (0x80..=0x9F).contains(&(c as u32)) => push_ncr(c, out),
            c if (c as u32) <= 0xFF => out.push(c as u32 as u8),
            c => push_ncr(c, out),
        }
    }
}

fn push_ncr(c: char, out: &mut Vec<u8>) {
    out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
}

struct Open {
    name: String,
    has_children: bool,
    has_text: bool,
}

/// A small streaming writer for ACTES messages: ISO-8859-1, two-space
/// indentation, LF line ends, self-closed empty elements.
pub struct XmlWriter {
    out: Vec<u8>,
    stack: Vec<Open>,
    tag_open: bool,
}

impl Default for XmlWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl XmlWriter {
    /// A writer with the XML declaration already written.
    #[must_use]
    pub fn new() -> Self {
        let mut out = Vec::with_capacity(2048);
        out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n");
        XmlWriter {
            out,
            stack: Vec::new(),
            tag_open: false,
        }
    }

    fn close_start_tag(&mut self) {
        if self.tag_open {
            self.out.push(b'>');
            self.tag_open = false;
        }
    }

    fn newline_indent(&mut self, depth: usize) {
        self.out.push(b'\n');
        for _ in 0..depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Opens an element (qualified name such as `actes:Acte`).
    pub fn start(&mut self, qname: &str) {
        self.close_start_tag();
        let depth = self.stack.len();
        if let Some(parent) = self.stack.last_mut() {
            parent.has_children = true;
            self.newline_indent(depth);
        }
        self.out.push(b'<');
        self.out.extend_from_slice(qname.as_bytes());
        self.stack.push(Open {
            name: qname.to_string(),
            has_children: false,
            has_text: false,
        });
        self.tag_open = true;
    }

    /// Opens the root element with the namespace declarations of the
    /// ministry's messages (E12): `actes`, `insee`, `xsi` and
    /// `xsi:schemaLocation`.
    pub fn start_root(&mut self, qname: &str) {
        self.start(qname);
        self.attr("xmlns:actes", ACTES_NS);
        self.attr("xmlns:insee", INSEE_NS);
        self.attr("xmlns:xsi", XSI_NS);
        self.attr("xsi:schemaLocation", &format!("{ACTES_NS} actesv1_1.xsd"));
    }

    /// Writes an attribute on the element just opened. Attributes written
    /// after content are ignored (a programming error, caught by tests).
    pub fn attr(&mut self, qname: &str, value: &str) {
        if !self.tag_open {
            debug_assert!(false, "attribute {qname} written after content");
            return;
        }
        self.out.push(b' ');
        self.out.extend_from_slice(qname.as_bytes());
        self.out.extend_from_slice(b"=\"");
        escape_latin1(value, true, &mut self.out);
        self.out.push(b'"');
    }

    /// Writes text content.
    pub fn text(&mut self, s: &str) {
        self.close_start_tag();
        if let Some(top) = self.stack.last_mut() {
            top.has_text = true;
        }
        escape_latin1(s, false, &mut self.out);
    }

    /// Closes the innermost open element.
    pub fn end(&mut self) {
        let Some(top) = self.stack.pop() else {
            debug_assert!(false, "end() without an open element");
            return;
        };
        if self.tag_open {
            self.out.extend_from_slice(b"/>");
            self.tag_open = false;
            return;
        }
        if top.has_children && !top.has_text {
            self.newline_indent(self.stack.len());
        }
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(top.name.as_bytes());
        self.out.push(b'>');
    }

    /// `<name>text</name>`.
    pub fn text_element(&mut self, qname: &str, text: &str) {
        self.start(qname);
        self.text(text);
        self.end();
    }

    /// Closes every open element and returns the bytes.
    #[must_use]
    pub fn finish(mut self) -> Vec<u8> {
        while !self.stack.is_empty() {
            self.end();
        }
        self.out.push(b'\n');
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::{parse, Limits};

    #[test]
    fn non_latin1_survives_as_references() {
        let objet = "Délibération – l’œuvre € 😀 & <tag> \"q\"";
        let mut w = XmlWriter::new();
        w.start_root("actes:Objet");
        w.attr("actes:Libelle", objet);
        w.text(objet);
        let bytes = w.finish();
        // Latin-1 é is one byte; ’ œ € 😀 are references.
        assert!(bytes.windows(1).any(|b| b == [0xE9]));
        let s = String::from_utf8_lossy(&bytes);
        assert!(
            s.contains("&#8217;")
                && s.contains("&#339;")
                && s.contains("&#8364;")
                && s.contains("&#128512;")
        );
        let doc = parse(&bytes, &Limits::default()).value.expect("parses");
        assert_eq!(doc.root.text, objet);
        assert_eq!(doc.root.attr("Libelle"), Some(objet));
    }

    #[test]
    fn control_characters() {
        let mut out = Vec::new();
        escape_latin1("a\u{1}b\u{85}c\r", false, &mut out);
        assert_eq!(out, b"a&#65533;b&#133;c&#13;");
        let mut out = Vec::new();
        escape_latin1("a\tb\nc", true, &mut out);
        assert_eq!(out, b"a&#9;b&#10;c");
    }

    #[test]
    fn layout() {
        let mut w = XmlWriter::new();
        w.start("a");
        w.start("b");
        w.attr("x", "1");
        w.end();
        w.text_element("c", "t");
        w.end();
        let s = String::from_utf8(w.finish()).expect("ascii");
        assert_eq!(
            s,
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>\n  <b x=\"1\"/>\n  <c>t</c>\n</a>\n"
        );
    }
}
