//! Reading and writing helpers shared by every message type: field paths,
//! required/optional attributes and children, unexpected and duplicate
//! children, and a writer that refuses fields without a typed value.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::xml::{Element, Ns, XmlWriter};

use super::field::{Field, FieldValue};

/// How many times a child may occur.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Card {
    /// At most once.
    One,
    /// Any number of times.
    Many,
}

/// Accumulates the diagnostics of a read.
#[derive(Default)]
pub(crate) struct Reader {
    pub diags: Vec<Diagnostic>,
}

// Paths are built for every field read, so without `format!`.
pub(crate) fn attr_path(path: &str, name: &str) -> String {
    let mut p = String::with_capacity(path.len() + 2 + name.len());
    p.push_str(path);
    p.push_str("/@");
    p.push_str(name);
    p
}

pub(crate) fn child_path(path: &str, name: &str) -> String {
    let mut p = String::with_capacity(path.len() + 1 + name.len());
    p.push_str(path);
    p.push('/');
    p.push_str(name);
    p
}

impl Reader {
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Adds the diagnostics of a field parse, located at `path`.
    fn located(&mut self, diags: Vec<Diagnostic>, path: &str) {
        self.diags
            .extend(diags.into_iter().map(|d| d.at_path(path.to_string())));
    }

    fn missing_attr(&mut self, path: &str) {
        self.push(Diagnostic::new(
            Code::MsgMissingAttribute,
            Location::path(path),
            format!("the required attribute {path} is missing"),
            format!("l'attribut obligatoire {path} est absent"),
        ));
    }

    fn missing_elem(&mut self, path: &str) {
        self.push(Diagnostic::new(
            Code::MsgMissingElement,
            Location::path(path),
            format!("the required element {path} is missing"),
            format!("l'élément obligatoire {path} est absent"),
        ));
    }

    /// Parses `raw` as a field located at `path`.
    pub fn field<T: FieldValue>(&mut self, raw: &str, path: &str) -> Field<T> {
        let (f, d) = Field::parse(raw);
        self.located(d, path);
        f
    }

    /// [`field`](Self::field) with the path built only when there is a
    /// diagnostic to locate (most fields have none).
    fn field_at<T: FieldValue>(&mut self, raw: &str, path: impl FnOnce() -> String) -> Field<T> {
        let (f, d) = Field::parse(raw);
        if !d.is_empty() {
            self.located(d, &path());
        }
        f
    }

    /// A required ACTES attribute (`actes:Name`, or unqualified).
    pub fn req_attr<T: FieldValue>(&mut self, el: &Element, path: &str, name: &str) -> Field<T> {
        if let Some(raw) = el.attr(name) {
            self.field_at(raw, || attr_path(path, name))
        } else {
            self.missing_attr(&attr_path(path, name));
            Field::invalid("")
        }
    }

    /// The required `insee:SIREN` attribute.
    pub fn req_siren<T: FieldValue>(&mut self, el: &Element, path: &str) -> Field<T> {
        if let Some(raw) = el.insee_attr("SIREN").or_else(|| el.attr("SIREN")) {
            self.field_at(raw, || attr_path(path, "SIREN"))
        } else {
            self.missing_attr(&attr_path(path, "SIREN"));
            Field::invalid("")
        }
    }

    /// A required child element; reports it when missing.
    pub fn req_child<'a>(
        &mut self,
        el: &'a Element,
        path: &str,
        name: &str,
    ) -> Option<&'a Element> {
        let c = el.child(name);
        if c.is_none() {
            self.missing_elem(&child_path(path, name));
        }
        c
    }

    /// A required child whose trimmed text is a typed field.
    pub fn req_text_field<T: FieldValue>(
        &mut self,
        el: &Element,
        path: &str,
        name: &str,
    ) -> Field<T> {
        match self.req_child(el, path, name) {
            Some(c) => self.field_at(&c.text, || child_path(path, name)),
            None => Field::invalid(""),
        }
    }

    /// An optional child whose text is a typed field.
    pub fn opt_text_field<T: FieldValue>(
        &mut self,
        el: &Element,
        path: &str,
        name: &str,
    ) -> Option<Field<T>> {
        el.child(name)
            .map(|c| self.field_at(&c.text, || child_path(path, name)))
    }

    /// A required child's text, verbatim (free text).
    pub fn req_text(&mut self, el: &Element, path: &str, name: &str) -> String {
        self.req_child(el, path, name)
            .map(|c| c.text.clone())
            .unwrap_or_default()
    }

    /// Reports children that the schema does not allow (warning, ignored)
    /// and repeated single children (error, the first is used).
    pub fn check_children(&mut self, el: &Element, path: &str, allowed: &[(&str, Card)]) {
        // The allowed children seen, by their index in `allowed`: a bit
        // each (lists longer than 128 keep the rest in a vector).
        let mut seen_bits = 0u128;
        let mut seen_more: Vec<usize> = Vec::new();
        for c in &el.children {
            let in_ns = matches!(c.ns, Ns::Actes | Ns::None);
            let spec = allowed.iter().enumerate().find(|(_, (n, _))| *n == c.name);
            match spec {
                Some((i, (name, card))) if in_ns => {
                    let bit = u32::try_from(i).ok().and_then(|i| 1u128.checked_shl(i));
                    let seen = match bit {
                        Some(b) => seen_bits & b != 0,
                        None => seen_more.contains(&i),
                    };
                    if *card == Card::One && seen {
                        let p = child_path(path, name);
                        self.push(
                            Diagnostic::new(
                                Code::MsgDuplicateElement,
                                Location::path(&p),
                                format!("{p} appears more than once; the first one is used"),
                                format!("{p} figure plusieurs fois ; le premier est retenu"),
                            )
                            .with_offset(c.offset),
                        );
                    } else {
                        match bit {
                            Some(b) => seen_bits |= b,
                            None => seen_more.push(i),
                        }
                    }
                }
                _ => {
                    let p = child_path(path, &c.name);
                    self.push(
                        Diagnostic::new(
                            Code::MsgUnexpectedElement,
                            Location::path(&p),
                            format!("the element {p} is not allowed here; it was ignored"),
                            format!("l'élément {p} n'est pas autorisé ici ; il a été ignoré"),
                        )
                        .with_offset(c.offset),
                    );
                }
            }
        }
    }
}

trait WithOffset {
    fn with_offset(self, offset: usize) -> Self;
}

impl WithOffset for Diagnostic {
    fn with_offset(mut self, offset: usize) -> Self {
        self.location.offset = Some(offset);
        self
    }
}

/// The strict writer of messages: an [`XmlWriter`] plus the diagnostics of
/// fields that cannot be written.
pub(crate) struct Writer {
    pub xml: XmlWriter,
    pub diags: Vec<Diagnostic>,
}

impl Writer {
    pub fn new() -> Self {
        Writer {
            xml: XmlWriter::new(),
            diags: Vec::new(),
        }
    }

    /// Reports a field that cannot be written.
    pub fn invalid(&mut self, path: &str, raw: &str, why: &str, pourquoi: &str) {
        self.diags.push(Diagnostic::new(
            Code::MsgWriteInvalidField,
            Location::path(path),
            format!("cannot write {path} ({raw:?}): {why}"),
            format!("impossible d'écrire {path} ({raw:?}) : {pourquoi}"),
        ));
    }

    /// The canonical text of a field, or a diagnostic when it has no value.
    pub fn value<T: FieldValue>(&mut self, f: &Field<T>, path: &str) -> String {
        if let Some(v) = &f.value {
            v.to_xml()
        } else {
            self.invalid(
                path,
                &f.raw,
                "it has no valid typed value",
                "il n'a pas de valeur typée valide",
            );
            String::new()
        }
    }

    /// Writes `qname="value"` for a field.
    pub fn attr<T: FieldValue>(&mut self, qname: &str, f: &Field<T>, path: &str) {
        let v = self.value(f, path);
        self.xml.attr(qname, &v);
    }

    /// Writes `<qname>value</qname>` for a field.
    pub fn text_field<T: FieldValue>(&mut self, qname: &str, f: &Field<T>, path: &str) {
        let v = self.value(f, path);
        self.xml.text_element(qname, &v);
    }

    /// Writes a free text element, refusing characters that XML 1.0 cannot
    /// carry at all (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF).
    pub fn text(&mut self, qname: &str, text: &str, path: &str) {
        if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
            self.invalid(
                path,
                text,
                &format!("U+{:04X} cannot be written in XML 1.0", c as u32),
                &format!("U+{:04X} ne peut pas être écrit en XML 1.0", c as u32),
            );
        }
        self.xml.text_element(qname, text);
    }

    /// Writes a free-text attribute, refusing characters that XML 1.0
    /// cannot carry.
    pub fn text_attr(&mut self, qname: &str, value: &str, path: &str) {
        if let Some(c) = value.chars().find(|&c| !xml_char(c)) {
            self.invalid(
                path,
                value,
                &format!("U+{:04X} cannot be written in XML 1.0", c as u32),
                &format!("U+{:04X} ne peut pas être écrit en XML 1.0", c as u32),
            );
        }
        self.xml.attr(qname, value);
    }

    /// Writes a non-empty free text element, refusing an empty one.
    pub fn required_text(&mut self, qname: &str, text: &str, path: &str) {
        if text.trim().is_empty() {
            self.invalid(path, text, "it is empty", "il est vide");
        }
        self.text(qname, text, path);
    }
}

/// Whether XML 1.0 can carry `c` (as a character or a reference).
pub(crate) fn xml_char(c: char) -> bool {
    !(((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
}
