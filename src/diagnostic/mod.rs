//! Diagnostics: the one finding type used by the whole crate.
//!
//! Every validation finding is a [`Diagnostic`] with a stable [`Code`], a
//! [`Severity`], a [`Location`] and a message in English and in French
//! (SPEC §2.4, Rule 4). Parsers report every problem they find, not only the
//! first one, so functions return `Vec<Diagnostic>` (or a [`Parsed`]) rather
//! than stopping at the first error.
//!
//! The catalogue of codes lives in one place, `src/diagnostic/catalogue.rs`
//! (each [`Code`] with its default severity and a one-line summary in
//! English and French; [`catalogue_markdown`]), and is documented
//! in `DIAGNOSTICS.md` (a test keeps the two in sync).
//!
//! Code prefixes follow the layout of the crate: `ID-` identifiers,
//! `CLASS-` classification, `XML-` the XML layer, `MSG-` messages,
//! `NAME-` file names, `ACTE-` act validation, `ARCH-` archives,
//! `DELIV-` deliveries, `RCPT-` receipt consistency, `TXN-` transaction
//! state, `BUNDLE-` proof bundles, `LIMIT-` resource limits, `IO-` reading and
//! writing the inputs and outputs of an operation, `BIND-` the calls of
//! the bindings (C ABI, PHP, Python), `PDF-` and `STAMP-` the
//! stamp, `RECORD-` acknowledged acts, `SCDL-` open data.
//!
//! ```
//! use actes::diagnostic::{Diagnostic, Code, Lang, Location, Severity};
//! let d = Diagnostic::new(Code::IdSirenChecksum, Location::segment("siren", 0),
//!     "the SIREN check digit is wrong", "la clé de contrôle du SIREN est fausse");
//! assert_eq!(d.code.as_str(), "ID-SIREN-CHECKSUM");
//! assert_eq!(d.severity, Severity::Error);
//! assert_eq!(d.message(Lang::Fr), "la clé de contrôle du SIREN est fausse");
//! ```

mod catalogue;

use std::borrow::Cow;
use std::fmt;

pub use catalogue::{markdown as catalogue_markdown, Code};

/// How serious a finding is.
///
/// In JSON a severity is one of the stable tokens `"info"`, `"warning"`,
/// `"error"` ([`Severity::as_str`]); in text it is a word of the reader's
/// language ([`Severity::label`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Severity {
    /// A remark that does not affect validity.
    Info,
    /// The value is acceptable but deviates from the emission profile or from
    /// reference data (e.g. an unknown but well-formed département).
    Warning,
    /// The value is invalid.
    Error,
}

impl Severity {
    /// The stable token: `"info"`, `"warning"` or `"error"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The word for this severity in `lang`: `error` / `erreur`, `warning` /
    /// `avertissement`, `info` / `information`.
    ///
    /// ```
    /// use actes::diagnostic::{Lang, Severity};
    /// assert_eq!(Severity::Warning.label(Lang::Fr), "avertissement");
    /// ```
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Info, Lang::En) => "info",
            (Severity::Info, Lang::Fr) => "information",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Warning, Lang::Fr) => "avertissement",
            (Severity::Error, Lang::En) => "error",
            (Severity::Error, Lang::Fr) => "erreur",
        }
    }

    /// The upper-case tag that starts a diagnostic line of the CLI's text
    /// output: `ERROR` / `ERREUR`, `WARN` / `AVERTISSEMENT`, `INFO`.
    #[must_use]
    pub fn tag(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Info, _) => "INFO",
            (Severity::Warning, Lang::En) => "WARN",
            (Severity::Warning, Lang::Fr) => "AVERTISSEMENT",
            (Severity::Error, Lang::En) => "ERROR",
            (Severity::Error, Lang::Fr) => "ERREUR",
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

impl Lang {
    /// The stable token: `"en"` or `"fr"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language a user asked for through the environment, read by
    /// `var` (the library never reads the environment itself: the CLI
    /// passes `|k| std::env::var(k).ok()`).
    ///
    /// `ACTES_LANG` (`fr` or `en`) when set to one of them; else the first
    /// of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty (the
    /// POSIX precedence) gives `fr` when it starts with `fr`; else `en`.
    ///
    /// ```
    /// use actes::diagnostic::Lang;
    /// let env = |k: &str| (k == "LANG").then(|| "fr_FR.UTF-8".to_string());
    /// assert_eq!(Lang::from_environment(env), Lang::Fr);
    /// let env = |k: &str| match k {
    ///     "LC_ALL" => Some("C".to_string()),
    ///     "LANG" => Some("fr_FR.UTF-8".to_string()),
    ///     _ => None,
    /// };
    /// assert_eq!(Lang::from_environment(env), Lang::En);
    /// ```
    pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(l) = var("ACTES_LANG").and_then(|v| v.trim().parse().ok()) {
            return l;
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(&var)
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| {
                if v.starts_with("fr") {
                    Lang::Fr
                } else {
                    Lang::En
                }
            })
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
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
    /// 1-based line of the input (a line of `actes id check`'s input, a
    /// line of an XML document), when known.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub line: Option<usize>,
}

impl Location {
    /// No particular location (the whole input).
    #[must_use]
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
    #[must_use]
    pub fn offset(offset: usize) -> Self {
        Location {
            offset: Some(offset),
            ..Location::default()
        }
    }

    /// The same location, attributed to `file`.
    #[must_use]
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// The same location with a field path.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The same location with a byte offset.
    #[must_use]
    pub fn at_offset(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// The same location on a 1-based input line.
    #[must_use]
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Whether nothing is known of the location.
    /// An empty file name, segment or path counts as unknown.
    pub fn is_empty(&self) -> bool {
        self.file.as_deref().is_none_or(str::is_empty)
            && self.segment.as_deref().is_none_or(str::is_empty)
            && self.offset.is_none()
            && self.path.as_deref().is_none_or(str::is_empty)
            && self.line.is_none()
    }

    /// The location in words of `lang`, e.g. `file a.xml, Acte/Objet` or
    /// `segment siren, octet 4`; empty when nothing is known.
    ///
    /// ```
    /// use actes::diagnostic::{Lang, Location};
    /// let l = Location::segment("siren", 4).in_file("ids.txt").at_line(3);
    /// assert_eq!(l.describe(Lang::En), "file ids.txt, line 3, segment siren, byte 4");
    /// assert_eq!(l.describe(Lang::Fr), "fichier ids.txt, ligne 3, segment siren, octet 4");
    /// ```
    #[must_use]
    pub fn describe(&self, lang: Lang) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_description(&mut text, lang, true);
        text
    }

    /// Writes [`Location::describe`]'s text to `out`, the file left out
    /// when `with_file` is false (a line under a heading that names it).
    ///
    /// ```
    /// use actes::diagnostic::{Lang, Location};
    /// let l = Location::segment("siren", 4).in_file("ids.txt");
    /// let mut s = String::new();
    /// l.write_description(&mut s, Lang::En, false).unwrap();
    /// assert_eq!(s, "segment siren, byte 4");
    /// ```
    ///
    /// # Errors
    ///
    /// The error of `out`.
    pub fn write_description<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
        lang: Lang,
        with_file: bool,
    ) -> fmt::Result {
        let (file, line, byte) = match lang {
            Lang::En => ("file", "line", "byte"),
            Lang::Fr => ("fichier", "ligne", "octet"),
        };
        let mut sep = "";
        let mut part = |out: &mut W, args: fmt::Arguments<'_>| -> fmt::Result {
            out.write_str(sep)?;
            sep = ", ";
            out.write_fmt(args)
        };
        fn known(v: &Option<String>) -> Option<&str> {
            v.as_deref().filter(|s| !s.is_empty())
        }
        if let Some(f) = known(&self.file).filter(|_| with_file) {
            part(out, format_args!("{file} {f}"))?;
        }
        if let Some(n) = self.line {
            part(out, format_args!("{line} {n}"))?;
        }
        if let Some(p) = known(&self.path) {
            part(out, format_args!("{p}"))?;
        }
        if let Some(seg) = self.segment.as_deref().filter(|s| !s.is_empty()) {
            part(out, format_args!("segment {seg}"))?;
        }
        if let Some(o) = self.offset {
            part(out, format_args!("{byte} {o}"))?;
        }
        Ok(())
    }

    /// Adds `delta` to the offset (used when an identifier is parsed inside a
    /// larger string such as a file name).
    #[must_use]
    pub fn shifted(mut self, delta: usize) -> Self {
        if let Some(o) = self.offset.as_mut() {
            *o += delta;
        }
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
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

    /// A diagnostic about a whole file (archive entry, delivery file,
    /// bundle member): [`Diagnostic::new`] at [`Location::file`].
    pub fn on_file(
        code: Code,
        file: impl Into<String>,
        message_en: impl Into<String>,
        message_fr: impl Into<String>,
    ) -> Self {
        Diagnostic::new(code, Location::file(file), message_en, message_fr)
    }

    /// A diagnostic about a segment of an identifier or name, starting at
    /// `offset` bytes: [`Diagnostic::new`] at [`Location::segment`].
    ///
    /// ```
    /// use actes::diagnostic::{Code, Diagnostic};
    /// let d = Diagnostic::on_segment(Code::IdSirenChecksum, "siren", 4, "wrong", "faux");
    /// assert_eq!(d.location.segment.as_deref(), Some("siren"));
    /// assert_eq!(d.location.offset, Some(4));
    /// ```
    pub fn on_segment(
        code: Code,
        segment: impl Into<Cow<'static, str>>,
        offset: usize,
        message_en: impl Into<String>,
        message_fr: impl Into<String>,
    ) -> Self {
        Diagnostic::new(
            code,
            Location::segment(segment, offset),
            message_en,
            message_fr,
        )
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message_en,
            Lang::Fr => &self.message_fr,
        }
    }

    /// One line of text in `lang`: `CODE message (location)`, the location
    /// in words of `lang` ([`Location::describe`]) and left out when empty.
    ///
    /// ```
    /// use actes::diagnostic::{Code, Diagnostic, Lang, Location};
    /// let d = Diagnostic::new(Code::IdSirenChecksum, Location::segment("siren", 4),
    ///     "the SIREN check digit is wrong", "la clé de contrôle du SIREN est fausse");
    /// assert_eq!(d.text(Lang::Fr),
    ///     "ID-SIREN-CHECKSUM la clé de contrôle du SIREN est fausse (segment siren, octet 4)");
    /// ```
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let loc = self.location.describe(lang);
        if loc.is_empty() {
            format!("{} {}", self.code, self.message(lang))
        } else {
            format!("{} {} ({loc})", self.code, self.message(lang))
        }
    }

    /// Whether this is an error.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The same diagnostic with another severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The same diagnostic, attributed to `file`.
    #[must_use]
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.location.file = Some(file.into());
        self
    }

    /// The same diagnostic with a field path (replaces any previous path).
    #[must_use]
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.location.path = Some(path.into());
        self
    }

    /// The same diagnostic with its offset moved by `delta` bytes.
    #[must_use]
    pub fn shifted(mut self, delta: usize) -> Self {
        self.location = self.location.shifted(delta);
        self
    }

    /// `--strict` semantics: a warning becomes an error.
    #[must_use]
    pub fn strict(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::*;

    /// The one JSON shape of a diagnostic, in every document of the crate
    /// and of the CLI (`schemas/diagnostic.schema.json`).
    #[derive(serde::Serialize)]
    struct Shape<'a> {
        code: &'static str,
        severity: Severity,
        message: &'a str,
        message_en: &'a str,
        message_fr: &'a str,
        location: Option<&'a Location>,
    }

    fn shape(d: &Diagnostic, lang: Lang) -> Shape<'_> {
        Shape {
            code: d.code.as_str(),
            severity: d.severity,
            message: d.message(lang),
            message_en: &d.message_en,
            message_fr: &d.message_fr,
            location: (!d.location.is_empty()).then_some(&d.location),
        }
    }

    /// `{"code", "severity", "message", "message_en", "message_fr",
    /// "location"}` with `message` in English; see [`Diagnostic::in_lang`]
    /// for another language.
    impl serde::Serialize for Diagnostic {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            shape(self, Lang::En).serialize(s)
        }
    }

    impl serde::Serialize for InLang<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            shape(self.diagnostic, self.lang).serialize(s)
        }
    }
}

/// A diagnostic serialized with its `message` in a chosen language (see
/// [`Diagnostic::in_lang`]).
#[derive(Debug, Clone, Copy)]
pub struct InLang<'a> {
    /// The diagnostic.
    pub diagnostic: &'a Diagnostic,
    /// The language of `message`.
    pub lang: Lang,
}

impl Diagnostic {
    /// This diagnostic with `message` in `lang` when serialized (feature
    /// `serde`): `{"code", "severity", "message", "message_en",
    /// "message_fr", "location"}`, `location` an object or `null`.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use actes::diagnostic::{Code, Diagnostic, Lang, Location};
    /// let d = Diagnostic::new(Code::IdSirenChecksum, Location::segment("siren", 4),
    ///     "the SIREN check digit is wrong", "la clé de contrôle du SIREN est fausse");
    /// let v = serde_json::to_value(d.in_lang(Lang::Fr)).unwrap();
    /// assert_eq!(v["message"], "la clé de contrôle du SIREN est fausse");
    /// assert_eq!(v["severity"], "error");
    /// assert_eq!(v["location"]["offset"], 4);
    /// # }
    /// ```
    #[must_use]
    pub fn in_lang(&self, lang: Lang) -> InLang<'_> {
        InLang {
            diagnostic: self,
            lang,
        }
    }
}

/// The reason of an I/O error for a message in `lang`: the operating
/// system's text in English; in French a French phrase for the kind of
/// error, the system's own text only in parentheses (so that a French
/// sentence stays French).
///
/// ```
/// use actes::diagnostic::{io_reason, Lang};
/// let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
/// assert!(io_reason(&e, Lang::Fr).starts_with("permission refusée ("));
/// assert_eq!(io_reason(&e, Lang::En), e.to_string());
/// ```
#[must_use]
pub fn io_reason(error: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind;
    if lang == Lang::En {
        return error.to_string();
    }
    let why = match error.kind() {
        ErrorKind::NotFound => "fichier ou dossier introuvable",
        ErrorKind::PermissionDenied => "permission refusée",
        ErrorKind::AlreadyExists => "le fichier existe déjà",
        ErrorKind::InvalidData => "contenu invalide",
        ErrorKind::InvalidInput => "entrée refusée",
        ErrorKind::UnexpectedEof => "fin de fichier inattendue",
        ErrorKind::WriteZero => "écriture impossible",
        ErrorKind::OutOfMemory => "mémoire insuffisante",
        ErrorKind::Interrupted => "opération interrompue",
        _ => "erreur d'entrée-sortie",
    };
    format!("{why} ({error})")
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
    #[must_use]
    pub fn one(d: Diagnostic) -> Self {
        Invalid {
            diagnostics: vec![d],
        }
    }

    /// The codes of the diagnostics, in order (handy in tests).
    #[must_use]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn language_from_the_environment() {
        assert_eq!(Lang::from_environment(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_environment(env(&[("LANG", "fr_FR.UTF-8")])),
            Lang::Fr
        );
        assert_eq!(
            Lang::from_environment(env(&[("LC_MESSAGES", "fr_CA")])),
            Lang::Fr
        );
        // The first one set wins; an empty one is skipped.
        let v = [("LC_ALL", ""), ("LC_MESSAGES", "en_GB"), ("LANG", "fr_FR")];
        assert_eq!(Lang::from_environment(env(&v)), Lang::En);
        // ACTES_LANG first, when it is a language.
        let v = [("ACTES_LANG", "fr"), ("LC_ALL", "C")];
        assert_eq!(Lang::from_environment(env(&v)), Lang::Fr);
        let v = [("ACTES_LANG", "de"), ("LANG", "fr_BE")];
        assert_eq!(Lang::from_environment(env(&v)), Lang::Fr);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn one_json_shape() {
        let d = Diagnostic::new(Code::IdSirenChecksum, Location::none(), "en", "fr");
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": "ID-SIREN-CHECKSUM", "severity": "error",
                "message": "en", "message_en": "en", "message_fr": "fr", "location": null})
        );
        let v = serde_json::to_value(d.in_file("a.xml").at_path("A/B").in_lang(Lang::Fr)).unwrap();
        assert_eq!(v["message"], "fr");
        assert_eq!(
            v["location"],
            serde_json::json!({"file": "a.xml", "path": "A/B"})
        );
    }

    #[test]
    fn severity_words() {
        for s in [Severity::Info, Severity::Warning, Severity::Error] {
            assert_ne!(
                s.label(Lang::En),
                s.label(Lang::Fr).replace('é', "e").as_str().trim()
            );
            assert!(!s.tag(Lang::Fr).is_empty());
        }
        assert_eq!(Severity::Error.tag(Lang::Fr), "ERREUR");
    }
}
