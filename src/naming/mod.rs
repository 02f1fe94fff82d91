//! File names of the protocol (SPEC §10): generated strictly for the
//! transmission side, parsed leniently for the receipts side.
//!
//! | form | type | example |
//! |---|---|---|
//! | archive (CL → MI) | [`ArchiveName`] | `SLO-EACT--214502494--20170717-6.tar.gz` |
//! | envelope (CL → MI) | [`EnvelopeName`] | `EACT--214502494--20170717-6.xml` |
//! | envelope (MI → CL) | [`MiEnvelopeName`] | `EACT--SPREF0441-214400152-20181012-9.xml` |
//! | envelope anomaly | [`AnomalyName`] | `ANO_EACT--214400152--20180925-1.xml` |
//! | message or document | [`FileName`] | `99_AI-045-214502494-20170717-D201717-AI-1-1_1.pdf` |
//!
//! [`classify_name`] recognises the form of any name by its shape (§10.6)
//! and [`AnyName`] parses it into the matching type.
//!
//! **Reading** (`parse_diagnostics`, returning a [`Parsed`]) accepts every
//! variant seen in the wild: counters of any size (`_5279`), empty segments
//! (`044-214400152----1-3_1.xml`), numéros containing `-`, upper-case
//! extensions (`.PDF`), unusual application codes, MI emitters that do not
//! decode. Each deviation is a diagnostic located by segment and byte offset
//! **into the whole name**; identifier segments are parsed with the types of
//! [`crate::ids`], whose diagnostics are shifted into the name.
//!
//! **Writing** (the `*_name` functions and the `new` constructors) follows
//! the emission profile and refuses anything else with an [`Invalid`]:
//! application `EACT` or `TACT`, sequence 1 to 9999, numéro per rule E1,
//! typologie `[A-Z0-9_]{5}` mandatory on the documents of a 1-1, documents
//! counted from 1, and every name at most [`MAX_NAME_LEN`] bytes (the ustar
//! name field).
//!
//! Segment names used in locations: `name` (the whole name), `extension`,
//! `application`, `trigramme`, `emetteur`, `siren`, `departement`,
//! `arrondissement`, `date`, `sequence`, `typologie`, `numero`, `nature`,
//! `message_code`, `counter`.
//!
//! ```
//! use actes::naming::{classify_name, ArchiveName, FileName, NameKind};
//!
//! let archive: ArchiveName = "SLO-EACT--214502494--20170717-6.tar.gz".parse().unwrap();
//! assert_eq!(archive.envelope_name().to_string(), "EACT--214502494--20170717-6.xml");
//!
//! let f: FileName = "99_AI-045-214502494-20170717-D201717-AI-1-1_1.pdf".parse().unwrap();
//! assert_eq!(f.typologie().unwrap().as_str(), "99_AI");
//! assert_eq!(f.acte_id().unwrap().to_string(), "045-214502494-20170717-D201717-AI");
//!
//! assert_eq!(classify_name("044-214400152----1-3_1.xml"), NameKind::Message);
//! assert_eq!(classify_name("ANO_EACT--214400152--20180925-1.xml"), NameKind::Anomaly);
//! ```

mod envelope;
mod file;
mod parts;

use std::fmt;

use chrono::{Datelike, NaiveDate};

pub use envelope::{
    archive_name, envelope_name, AnomalyName, ArchiveName, Emetteur, EnvelopeName, MiEnvelopeName,
};
pub use file::{
    classification_request_name, document_file_name, message_file_name, FileName, StemParts,
};
pub use parts::{Application, Extension, Trigramme};

use crate::diagnostic::{Code, Diagnostic, Invalid, Parsed};
use crate::ids::{parse_yyyymmdd, Typologie, Yyyymmdd};

/// The maximum length of a file name in bytes: the name field of a ustar
/// tar header (SPEC §11.1). Emitted names never exceed it.
pub const MAX_NAME_LEN: usize = 100;

/// Checks that `name` fits the 100-byte name field of a ustar header.
///
/// ```
/// use actes::naming::check_name_length;
/// assert!(check_name_length("045-214502494----7-1_0.xml").is_ok());
/// let err = check_name_length(&"a".repeat(101)).unwrap_err();
/// assert_eq!(err.codes(), ["NAME-TOO-LONG"]);
/// assert_eq!(err.diagnostics[0].location.offset, Some(100));
/// ```
pub fn check_name_length(name: &str) -> Result<(), Invalid> {
    if name.len() <= MAX_NAME_LEN {
        return Ok(());
    }
    Err(Invalid::one(Diagnostic::on_segment(
        Code::NameTooLong,
        "name",
        MAX_NAME_LEN,
        format!(
            "the name has {} bytes; a ustar header holds at most {MAX_NAME_LEN}",
            name.len()
        ),
        format!(
            "le nom comporte {} octets ; un en-tête ustar en contient au plus {MAX_NAME_LEN}",
            name.len()
        ),
    )))
}

/// The form of a file name, recognised by its shape (SPEC §10.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum NameKind {
    /// `{TRI}-{APP}--{SIREN}--{YYYYMMDD}-{N}.tar.gz`
    Archive,
    /// `{APP}--{SIREN}--{YYYYMMDD}-{N}.xml` (collectivité → MI)
    ClEnvelope,
    /// `{APP}--{EMETTEUR}-{SIREN}-{YYYYMMDD}-{N}.xml` (MI → collectivité)
    MiEnvelope,
    /// `ANO_` + the rejected envelope's name (`AnomalieEnveloppe`)
    Anomaly,
    /// A message stem with an `.xml` extension and no typologie prefix.
    /// (By shape only: an XML annex named without prefix looks the same;
    /// the envelope's and message's `NomFichier` lists are authoritative.)
    Message,
    /// A message stem with a typologie prefix or another extension: an
    /// act, an annex, a letter.
    Document,
    /// None of the protocol's forms.
    Unrecognised,
}

impl NameKind {
    /// A short lower-case label (`archive`, `cl_envelope`, …).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Archive => "archive",
            NameKind::ClEnvelope => "cl_envelope",
            NameKind::MiEnvelope => "mi_envelope",
            NameKind::Anomaly => "anomaly",
            NameKind::Message => "message",
            NameKind::Document => "document",
            NameKind::Unrecognised => "unrecognised",
        }
    }
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Recognises the form of a file name by its shape (SPEC §10.6), without
/// validating its segments:
/// - `ANO_` prefix → [`NameKind::Anomaly`];
/// - `.tar.gz` (any case) after `{TRI}-{APP}--` → [`NameKind::Archive`];
/// - `{APP}--{9 digits}--` → [`NameKind::ClEnvelope`];
/// - `{APP}--{EMETTEUR}-{9 digits}-` → [`NameKind::MiEnvelope`];
/// - otherwise a message or document stem when the structure of
///   [`FileName`] is there (`-T-S` present), else
///   [`NameKind::Unrecognised`].
///
/// ```
/// use actes::naming::{classify_name, NameKind};
/// assert_eq!(classify_name("SLO-EACT--214502494--20170717-6.tar.gz"), NameKind::Archive);
/// assert_eq!(classify_name("EACT--214502494--20170717-6.xml"), NameKind::ClEnvelope);
/// assert_eq!(classify_name("EACT--SPREF0441-214400152-20181012-9.xml"), NameKind::MiEnvelope);
/// assert_eq!(classify_name("045-214502494----7-1_0.xml"), NameKind::Message);
/// assert_eq!(classify_name("22_PN-045-214502494-20170717-D201717-AI-1-1_2.png"), NameKind::Document);
/// assert_eq!(classify_name("acte.pdf"), NameKind::Unrecognised);
/// ```
pub fn classify_name(name: &str) -> NameKind {
    if name.starts_with("ANO_") {
        return NameKind::Anomaly;
    }
    let b = name.as_bytes();
    if ends_with_ignore_case(name, ".tar.gz") {
        let envelope_like = b.get(3) == Some(&b'-') && b.get(4..).is_some_and(has_app_prefix);
        return if envelope_like {
            NameKind::Archive
        } else {
            NameKind::Unrecognised
        };
    }
    if has_app_prefix(b) {
        let rest = b.get(6..).unwrap_or_default();
        if rest.get(..9).is_some_and(all_digits) && rest.get(9..11) == Some(b"--") {
            return NameKind::ClEnvelope;
        }
        let mi = rest.windows(11).any(|w| {
            w.first() == Some(&b'-')
                && w.get(1..10).is_some_and(all_digits)
                && w.get(10) == Some(&b'-')
        });
        if mi {
            return NameKind::MiEnvelope;
        }
    }
    match FileName::parse_diagnostics(name).value {
        Some(f) => f.kind(),
        None => NameKind::Unrecognised,
    }
}

/// Any file name of the protocol, parsed into the type of its form.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnyName {
    /// A CL → MI archive.
    Archive(ArchiveName),
    /// A CL → MI envelope.
    ClEnvelope(EnvelopeName),
    /// An MI → CL envelope.
    MiEnvelope(MiEnvelopeName),
    /// An `AnomalieEnveloppe` file.
    Anomaly(AnomalyName),
    /// A message or document.
    File(FileName),
}

impl AnyName {
    /// Recognises the form with [`classify_name`] and parses the name with
    /// the matching type. An unrecognised name gives no value and the error
    /// `NAME-UNRECOGNISED` (offset 0).
    ///
    /// ```
    /// use actes::naming::{AnyName, NameKind};
    /// let p = AnyName::parse_diagnostics("TACT--SPREF0011-862614864-20150805-7.xml");
    /// assert!(p.is_valid());
    /// assert_eq!(p.value.unwrap().kind(), NameKind::MiEnvelope);
    ///
    /// let bad = AnyName::parse_diagnostics("Courrier_defere.pdf");
    /// assert!(bad.value.is_none());
    /// assert_eq!(bad.diagnostics[0].code.as_str(), "NAME-UNRECOGNISED");
    /// ```
    pub fn parse_diagnostics(name: &str) -> Parsed<AnyName> {
        fn map<T>(p: Parsed<T>, f: impl FnOnce(T) -> AnyName) -> Parsed<AnyName> {
            Parsed {
                value: p.value.map(f),
                diagnostics: p.diagnostics,
            }
        }
        match classify_name(name) {
            NameKind::Archive => map(ArchiveName::parse_diagnostics(name), AnyName::Archive),
            NameKind::ClEnvelope => map(EnvelopeName::parse_diagnostics(name), AnyName::ClEnvelope),
            NameKind::MiEnvelope => {
                map(MiEnvelopeName::parse_diagnostics(name), AnyName::MiEnvelope)
            }
            NameKind::Anomaly => map(AnomalyName::parse_diagnostics(name), AnyName::Anomaly),
            NameKind::Message | NameKind::Document => {
                map(FileName::parse_diagnostics(name), AnyName::File)
            }
            NameKind::Unrecognised => Parsed {
                value: None,
                diagnostics: vec![Diagnostic::on_segment(
                    Code::NameUnrecognised,
                    "name",
                    0,
                    format!("{name:?} is not a file name of the ACTES protocol"),
                    format!("{name:?} n'est pas un nom de fichier du protocole ACTES"),
                )],
            },
        }
    }

    /// The form of this name.
    #[must_use]
    pub fn kind(&self) -> NameKind {
        match self {
            AnyName::Archive(_) => NameKind::Archive,
            AnyName::ClEnvelope(_) => NameKind::ClEnvelope,
            AnyName::MiEnvelope(_) => NameKind::MiEnvelope,
            AnyName::Anomaly(_) => NameKind::Anomaly,
            AnyName::File(f) => f.kind(),
        }
    }
}

impl fmt::Display for AnyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyName::Archive(n) => n.fmt(f),
            AnyName::ClEnvelope(n) => n.fmt(f),
            AnyName::MiEnvelope(n) => n.fmt(f),
            AnyName::Anomaly(n) => n.fmt(f),
            AnyName::File(n) => n.fmt(f),
        }
    }
}

impl std::str::FromStr for AnyName {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AnyName::parse_diagnostics(s).into_result()
    }
}

// ---------------------------------------------------------------------------
// Shared helpers.

/// Moves the diagnostics of a sub-parse (an identifier parsed on one segment
/// of a name) into `out`, shifted by `delta` bytes, and returns its value.
pub(crate) fn absorb<T>(p: Parsed<T>, delta: usize, out: &mut Vec<Diagnostic>) -> Option<T> {
    out.extend(p.diagnostics.into_iter().map(|d| d.shifted(delta)));
    p.value
}

fn all_digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

/// `APP--` at the start: 4 ASCII letters and two dashes.
fn has_app_prefix(b: &[u8]) -> bool {
    b.get(..4)
        .is_some_and(|a| a.iter().all(u8::is_ascii_alphabetic))
        && b.get(4..6) == Some(b"--")
}

pub(crate) fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    let (b, suf) = (s.as_bytes(), suffix.as_bytes());
    b.len() >= suf.len()
        && b.get(b.len() - suf.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suf))
}

/// Strips a fixed extension (`.xml`, `.tar.gz`) from `name`. Returns the
/// stem; reports `NAME-EXTENSION-CASE` (warning) when the extension is not in
/// lower case and `NAME-EXTENSION` (error) when it is missing, in which case
/// the stem is the name up to its first `.` (or the whole name).
pub(crate) fn strip_extension<'a>(
    name: &'a str,
    ext: &'static str,
    out: &mut Vec<Diagnostic>,
) -> &'a str {
    if ends_with_ignore_case(name, ext) {
        let cut = name.len() - ext.len();
        if !name.ends_with(ext) {
            out.push(Diagnostic::on_segment(
                Code::NameExtensionCase,
                "extension",
                cut,
                format!(
                    "the extension {:?} is read as {ext:?}",
                    name.get(cut..).unwrap_or_default()
                ),
                format!(
                    "l'extension {:?} est lue comme {ext:?}",
                    name.get(cut..).unwrap_or_default()
                ),
            ));
        }
        return name.get(..cut).unwrap_or_default();
    }
    let cut = name.find('.').unwrap_or(name.len());
    out.push(Diagnostic::on_segment(
        Code::NameExtension,
        "extension",
        cut,
        format!(
            "the name must end with {ext:?}; found {:?}",
            name.get(cut..).unwrap_or_default()
        ),
        format!(
            "le nom doit se terminer par {ext:?} ; trouvé {:?}",
            name.get(cut..).unwrap_or_default()
        ),
    ));
    name.get(..cut).unwrap_or_default()
}

/// Parses an 8-digit `YYYYMMDD` date segment starting at byte `offset` of
/// the name.
pub(crate) fn parse_date(s: &str, offset: usize, out: &mut Vec<Diagnostic>) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 8 || !all_digits(b) {
        out.push(Diagnostic::on_segment(
            Code::NameDateShape,
            "date",
            offset,
            format!("the date segment must be 8 digits YYYYMMDD; found {s:?}"),
            format!("le segment date doit comporter 8 chiffres AAAAMMJJ ; trouvé {s:?}"),
        ));
        return None;
    }
    let date = parse_yyyymmdd(s);
    if date.is_none() {
        out.push(Diagnostic::on_segment(
            Code::NameDateInvalid,
            "date",
            offset,
            format!("{s} is not a calendar date"),
            format!("{s} n'est pas une date du calendrier"),
        ));
    }
    date
}

/// `YYYYMMDD`.
pub(crate) fn format_date(d: NaiveDate) -> String {
    Yyyymmdd(d).to_string()
}

/// Refuses a date whose year does not fit 4 digits (emission).
pub(crate) fn check_emission_date(
    d: NaiveDate,
    offset: usize,
    out: &mut Vec<Diagnostic>,
) -> Option<()> {
    if (0..=9999).contains(&d.year()) {
        return Some(());
    }
    out.push(Diagnostic::on_segment(
        Code::NameDateInvalid,
        "date",
        offset,
        format!(
            "the year {} does not fit the 4 digits of a file name",
            d.year()
        ),
        format!(
            "l'année {} ne tient pas dans les 4 chiffres d'un nom de fichier",
            d.year()
        ),
    ));
    None
}

/// The codes [`parse_number`] reports, and the segment it reports them in.
pub(crate) struct NumberCodes {
    pub segment: &'static str,
    pub shape: Code,
    pub padded: Code,
    pub overflow: Code,
}

/// Parses a run of digits (a sequence number or a counter) starting at byte
/// `offset`. Leading zeros are read with the warning `padded`; a value that
/// does not fit `u64` is the error `overflow`; anything else than digits is
/// the error `shape`.
pub(crate) fn parse_number(
    s: &str,
    offset: usize,
    codes: &NumberCodes,
    out: &mut Vec<Diagnostic>,
) -> Option<u64> {
    if !all_digits(s.as_bytes()) {
        out.push(Diagnostic::on_segment(
            codes.shape,
            codes.segment,
            offset,
            format!("expected a number; found {s:?}"),
            format!("un nombre est attendu ; trouvé {s:?}"),
        ));
        return None;
    }
    if s.len() > 1 && s.starts_with('0') {
        out.push(Diagnostic::on_segment(
            codes.padded,
            codes.segment,
            offset,
            format!("{s} has leading zeros; names are emitted without padding"),
            format!("{s} comporte des zéros non significatifs ; les noms sont émis sans"),
        ));
    }
    if let Ok(v) = s.parse::<u64>() {
        Some(v)
    } else {
        out.push(Diagnostic::on_segment(
            codes.overflow,
            codes.segment,
            offset,
            format!("{s} is too large"),
            format!("{s} est trop grand"),
        ));
        None
    }
}

/// Builds the result of an emission function: the name when no error was
/// found and it fits [`MAX_NAME_LEN`].
pub(crate) fn emitted(name: String, diagnostics: Vec<Diagnostic>) -> Result<String, Invalid> {
    if crate::diagnostic::has_errors(&diagnostics) {
        return Err(Invalid { diagnostics });
    }
    check_name_length(&name)?;
    Ok(name)
}

pub(crate) use crate::ids::string_conversions;
