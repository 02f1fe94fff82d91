//! Diagnostics: the one finding type used by the whole crate.
//!
//! Every validation finding is a [`Diagnostic`] with a stable [`Code`], a
//! [`Severity`], a [`Location`] and a message in English and in French
//! (SPEC §2.4, Rule 4). Parsers report every problem they find, not only the
//! first one, so functions return `Vec<Diagnostic>` (or a [`Parsed`]) rather
//! than stopping at the first error.
//!
//! The catalogue of codes lives in one place, [`catalogue`], and is documented
//! in `DIAGNOSTICS.md` (a test keeps the two in sync).
//!
//! ```
//! use actes::diagnostic::{Diagnostic, Code, Lang, Location, Severity};
//! let d = Diagnostic::new(Code::IdSirenChecksum, Location::segment("siren", 0),
//!     "the SIREN check digit is wrong", "la clé de contrôle du SIREN est fausse");
//! assert_eq!(d.code.as_str(), "ID-SIREN-CHECKSUM");
//! assert_eq!(d.severity, Severity::Error);
//! assert_eq!(d.message(Lang::Fr), "la clé de contrôle du SIREN est fausse");
//! ```

pub mod catalogue;

use std::borrow::Cow;
use std::fmt;

pub use catalogue::Code;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Severity {
    /// The value is acceptable but deviates from the emission profile or from
    /// reference data (e.g. an unknown but well-formed département).
    Warning,
    /// The value is invalid.
    Error,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Language of human-readable messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "fr" => Ok(Lang::Fr),
            other => Err(format!("unknown language {other:?} (expected fr or en)")),
        }
    }
}

/// Where a finding is.
///
/// Identifiers and file names are located by a segment name and a byte
/// offset into the input; documents by a field path such as
/// `Acte/Objet` or `ARActe/ActeRecu/@NumeroInterne`; files inside an
/// archive or a delivery by their name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Location {
    /// The file the finding is about (archive entry, delivery file), if any.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub file: Option<String>,
    /// Segment of an identifier or file name (`"siren"`, `"date"`, ...).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub segment: Option<Cow<'static, str>>,
    /// Byte offset into the identifier, name or document.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub offset: Option<usize>,
    /// Field path inside a document (`Acte/Objet`, `envoi/date`, ...).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub path: Option<String>,
}

impl Location {
    /// No particular location (the whole input).
    pub fn none() -> Self {
        Location::default()
    }

    /// A segment of an identifier or name, starting at `offset` bytes.
    pub fn segment(segment: impl Into<Cow<'static, str>>, offset: usize) -> Self {
        Location {
            segment: Some(segment.into()),
            offset: Some(offset),
            ..Location::default()
        }
    }

    /// A field path in a document.
    pub fn path(path: impl Into<String>) -> Self {
        Location {
            path: Some(path.into()),
            ..Location::default()
        }
    }

    /// A file (archive entry, delivery file).
    pub fn file(name: impl Into<String>) -> Self {
        Location {
            file: Some(name.into()),
            ..Location::default()
        }
    }

    /// A byte offset into a document.
    pub fn offset(offset: usize) -> Self {
        Location {
            offset: Some(offset),
            ..Location::default()
        }
    }

    /// The same location, attributed to `file`.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// The same location with a field path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The same location with a byte offset.
    pub fn at_offset(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Adds `delta` to the offset (used when an identifier is parsed inside a
    /// larger string such as a file name).
    pub fn shifted(mut self, delta: usize) -> Self {
        if let Some(o) = self.offset.as_mut() {
            *o += delta;
        }
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut sep = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            Ok(())
        };
        if let Some(file) = &self.file {
            sep(f)?;
            write!(f, "file {file}")?;
        }
        if let Some(path) = &self.path {
            sep(f)?;
            write!(f, "{path}")?;
        }
        if let Some(seg) = &self.segment {
            sep(f)?;
            write!(f, "segment {seg}")?;
        }
        if let Some(off) = self.offset {
            sep(f)?;
            write!(f, "offset {off}")?;
        }
        Ok(())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `ID-SIREN-CHECKSUM`.
    pub code: Code,
    /// Error or warning. Defaults to the code's severity in the catalogue.
    pub severity: Severity,
    /// Where the problem is.
    pub location: Location,
    /// Message in English.
    pub message_en: String,
    /// Message in French.
    pub message_fr: String,
}

impl Diagnostic {
    /// A diagnostic with the catalogue severity of `code`.
    pub fn new(
        code: Code,
        location: Location,
        message_en: impl Into<String>,
        message_fr: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            location,
            message_en: message_en.into(),
            message_fr: message_fr.into(),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message_en,
            Lang::Fr => &self.message_fr,
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The same diagnostic with another severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The same diagnostic, attributed to `file`.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.location.file = Some(file.into());
        self
    }

    /// The same diagnostic with a field path (replaces any previous path).
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.location.path = Some(path.into());
        self
    }

    /// The same diagnostic with its offset moved by `delta` bytes.
    pub fn shifted(mut self, delta: usize) -> Self {
        self.location = self.location.shifted(delta);
        self
    }

    /// `--strict` semantics: a warning becomes an error.
    pub fn strict(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.message_en)?;
        let loc = self.location.to_string();
        if !loc.is_empty() {
            write!(f, " ({loc})")?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::*;
    use serde::ser::SerializeMap;

    impl serde::Serialize for Diagnostic {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            m.serialize_entry("code", self.code.as_str())?;
            m.serialize_entry("severity", &self.severity)?;
            if let Some(file) = &self.location.file {
                m.serialize_entry("file", file)?;
            }
            if let Some(seg) = &self.location.segment {
                m.serialize_entry("segment", seg)?;
            }
            if let Some(off) = self.location.offset {
                m.serialize_entry("offset", &off)?;
            }
            if let Some(path) = &self.location.path {
                m.serialize_entry("path", path)?;
            }
            m.serialize_entry("message", &self.message_en)?;
            m.serialize_entry("message_fr", &self.message_fr)?;
            m.end()
        }
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// The result of a lenient parse: a value when one could be built, and every
/// finding (errors and warnings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<T> {
    /// The value, present when no error prevented building it.
    pub value: Option<T>,
    /// All findings, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    /// Whether the input is valid: a value was built and no diagnostic is an
    /// error.
    pub fn is_valid(&self) -> bool {
        self.value.is_some() && !has_errors(&self.diagnostics)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// `Ok(value)` if valid, else every diagnostic as an [`Invalid`] error.
    pub fn into_result(self) -> Result<T, Invalid> {
        match self.value {
            Some(v) if !has_errors(&self.diagnostics) => Ok(v),
            _ => Err(Invalid {
                diagnostics: self.diagnostics,
            }),
        }
    }
}

/// The error of a strict conversion (`FromStr`, `TryFrom`, builders): every
/// diagnostic found, at least one of them an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", summary(.diagnostics))]
pub struct Invalid {
    /// Every finding (errors first are not guaranteed; input order).
    pub diagnostics: Vec<Diagnostic>,
}

impl Invalid {
    /// One error.
    pub fn one(d: Diagnostic) -> Self {
        Invalid {
            diagnostics: vec![d],
        }
    }

    /// The codes of the diagnostics, in order (handy in tests).
    pub fn codes(&self) -> Vec<&'static str> {
        self.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }
}

fn summary(diags: &[Diagnostic]) -> String {
    let mut errors = diags.iter().filter(|d| d.is_error());
    match errors.next() {
        None => "invalid value".to_string(),
        Some(first) => {
            let more = errors.count();
            if more == 0 {
                first.to_string()
            } else {
                format!("{first} (and {more} more error(s))")
            }
        }
    }
}
