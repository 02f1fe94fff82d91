//! The small codes that appear in file names: application (quadrigramme),
//! trigramme, extension (the typologie prefix is [`crate::ids::Typologie`]).

use std::fmt;

use super::string_conversions;
use crate::diagnostic::{Code, Diagnostic, Parsed};

fn ascii_str(b: &[u8]) -> &str {
    // Every array below holds ASCII only (checked when built).
    std::str::from_utf8(b).unwrap_or_default()
}

/// The offset of the first character of `s` failing `ok`, if any.
fn first_bad(s: &str, ok: impl Fn(char) -> bool) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| !ok(c))
}

// ---------------------------------------------------------------------------

/// The application code ("quadrigramme", "nom de l'application vis à vis du
/// MIAT") that starts envelope and archive names: `EACT` in production,
/// `TACT` in test (SPEC §10.1).
///
/// Reading: any 4 upper-case ASCII letters; a code that does not match
/// ACTESAPI's `[FQETD][A-Z]{3}` gets the warning `NAME-APPLICATION-UNUSUAL`.
/// Anything else is the error `NAME-APPLICATION-SHAPE`. Writing: only
/// [`Application::EACT`] and [`Application::TACT`]
/// ([`Application::is_emittable`]).
///
/// ```
/// use actes::naming::Application;
/// let a: Application = "EACT".parse().unwrap();
/// assert!(a.is_production() && a.is_emittable());
/// let q = Application::parse_diagnostics("QACT");
/// assert!(q.is_valid() && q.diagnostics.is_empty() && !q.value.unwrap().is_emittable());
/// assert_eq!(Application::parse_diagnostics("XACT").diagnostics[0].code.as_str(), "NAME-APPLICATION-UNUSUAL");
/// assert!("eact".parse::<Application>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Application([u8; 4]);

impl Application {
    /// Production.
    pub const EACT: Application = Application(*b"EACT");
    /// Test / qualification.
    pub const TACT: Application = Application(*b"TACT");

    /// The lenient parse (offsets relative to `s`).
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<Application> {
        let mut diagnostics = Vec::new();
        if let Some((i, c)) = first_bad(s, |c| c.is_ascii_uppercase()) {
            diagnostics.push(Diagnostic::on_segment(
                Code::NameApplicationShape,
                "application",
                i,
                format!("the application code is 4 upper-case letters; found {c:?} in {s:?}"),
                format!("le code application est composé de 4 lettres majuscules ; trouvé {c:?} dans {s:?}"),
            ));
        } else if s.len() != 4 {
            diagnostics.push(Diagnostic::on_segment(
                Code::NameApplicationShape,
                "application",
                s.len().min(4),
                format!("the application code is 4 upper-case letters; found {s:?}"),
                format!("le code application est composé de 4 lettres majuscules ; trouvé {s:?}"),
            ));
        }
        let Some(bytes) = <[u8; 4]>::try_from(s.as_bytes())
            .ok()
            .filter(|_| diagnostics.is_empty())
        else {
            return Parsed {
                value: None,
                diagnostics,
            };
        };
        if !matches!(bytes.first(), Some(b'F' | b'Q' | b'E' | b'T' | b'D')) {
            diagnostics.push(Diagnostic::on_segment(
                Code::NameApplicationUnusual,
                "application",
                0,
                format!("the application code {s} does not match [FQETD][A-Z]{{3}}; EACT is production, TACT test"),
                format!("le code application {s} ne correspond pas à [FQETD][A-Z]{{3}} ; EACT désigne la production, TACT le test"),
            ));
        }
        Parsed {
            value: Some(Application(bytes)),
            diagnostics,
        }
    }

    /// The 4 letters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        ascii_str(&self.0)
    }

    /// Whether this is `EACT`.
    #[must_use]
    pub fn is_production(&self) -> bool {
        *self == Application::EACT
    }

    /// Whether this is `TACT`.
    #[must_use]
    pub fn is_test(&self) -> bool {
        *self == Application::TACT
    }

    /// Whether the emission profile writes this code (`EACT` or `TACT`).
    #[must_use]
    pub fn is_emittable(&self) -> bool {
        self.is_production() || self.is_test()
    }

    /// The emission-profile finding for this code, located at `offset`.
    pub(crate) fn emission_diagnostic(&self, offset: usize) -> Option<Diagnostic> {
        (!self.is_emittable()).then(|| {
            Diagnostic::on_segment(
                Code::NameApplicationEmission,
                "application",
                offset,
                format!("the application code {self} is not emitted: use EACT (production) or TACT (test)"),
                format!("le code application {self} n'est pas émis : utiliser EACT (production) ou TACT (test)"),
            )
        })
    }
}

impl fmt::Display for Application {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_conversions!(Application, "an ACTES name");

// ---------------------------------------------------------------------------

/// The trigramme of the TdT application that starts archive names
/// (`SLO` for S2LOW in production, `abc` its development default, `SIC` for
/// STELA; SPEC §10.1): 3 characters among `A-Z a-z 0-9`, for reading and
/// writing alike. Anything else is `NAME-TRIGRAMME-SHAPE`.
///
/// ```
/// use actes::naming::Trigramme;
/// assert_eq!("SLO".parse::<Trigramme>().unwrap().as_str(), "SLO");
/// assert!("abc".parse::<Trigramme>().is_ok());
/// let err = "S-O".parse::<Trigramme>().unwrap_err();
/// assert_eq!(err.codes(), ["NAME-TRIGRAMME-SHAPE"]);
/// assert_eq!(err.diagnostics[0].location.offset, Some(1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Trigramme([u8; 3]);

impl Trigramme {
    /// The lenient parse (offsets relative to `s`).
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<Trigramme> {
        let bad = first_bad(s, |c| c.is_ascii_alphanumeric());
        let diagnostic = match bad {
            Some((i, c)) => Some((i, format!("{c:?}"))),
            None if s.len() != 3 => Some((s.len().min(3), format!("{} character(s)", s.len()))),
            None => None,
        };
        match (diagnostic, <[u8; 3]>::try_from(s.as_bytes())) {
            (None, Ok(b)) => Parsed {
                value: Some(Trigramme(b)),
                diagnostics: Vec::new(),
            },
            (d, _) => {
                let (offset, what) = d.unwrap_or((0, String::new()));
                Parsed {
                    value: None,
                    diagnostics: vec![Diagnostic::on_segment(
                        Code::NameTrigrammeShape,
                        "trigramme",
                        offset,
                        format!("the trigramme is 3 letters or digits; found {what} in {s:?}"),
                        format!("le trigramme est composé de 3 lettres ou chiffres ; trouvé {what} dans {s:?}"),
                    )],
                }
            }
        }
    }

    /// The 3 characters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        ascii_str(&self.0)
    }
}

impl fmt::Display for Trigramme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_conversions!(Trigramme, "an ACTES name");

// ---------------------------------------------------------------------------

/// The extension of an emitted document, derived from its content type
/// (SPEC §10.2): `pdf`, `xml`, `png`, `jpg`.
///
/// ```
/// use actes::naming::Extension;
/// assert_eq!(Extension::from_content_type("image/jpeg"), Some(Extension::Jpg));
/// assert_eq!(Extension::from_content_type("Application/PDF; name=a.pdf"), Some(Extension::Pdf));
/// assert_eq!(Extension::from_magic(b"%PDF-1.7\n"), Some(Extension::Pdf));
/// assert_eq!("PNG".parse::<Extension>().unwrap().as_str(), "png");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Extension {
    /// `pdf`
    Pdf,
    /// `xml`
    Xml,
    /// `png`
    Png,
    /// `jpg` (S2LOW maps `image/jpeg` to `.jpg`)
    Jpg,
}

impl Extension {
    /// Every extension.
    pub const ALL: [Extension; 4] = [
        Extension::Pdf,
        Extension::Xml,
        Extension::Png,
        Extension::Jpg,
    ];

    /// The extension, lower case, without the dot.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Extension::Pdf => "pdf",
            Extension::Xml => "xml",
            Extension::Png => "png",
            Extension::Jpg => "jpg",
        }
    }

    /// The extension for a MIME content type (`application/pdf`,
    /// `application/xml` or `text/xml`, `image/png`, `image/jpeg`), any
    /// case, parameters ignored.
    #[must_use]
    pub fn from_content_type(content_type: &str) -> Option<Extension> {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/pdf" => Some(Extension::Pdf),
            "application/xml" | "text/xml" => Some(Extension::Xml),
            "image/png" => Some(Extension::Png),
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(Extension::Jpg),
            _ => None,
        }
    }

    /// The extension for a document recognised by its first bytes (rule
    /// E8): `%PDF-`, the PNG signature, the JPEG SOI marker `FF D8 FF`, or
    /// `<` after an optional UTF-8 byte order mark and whitespace.
    #[must_use]
    pub fn from_magic(content: &[u8]) -> Option<Extension> {
        if content.starts_with(b"%PDF-") {
            return Some(Extension::Pdf);
        }
        if content.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(Extension::Png);
        }
        if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(Extension::Jpg);
        }
        let body = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
        let first = body.iter().find(|b| !b.is_ascii_whitespace());
        (first == Some(&b'<')).then_some(Extension::Xml)
    }
}

impl fmt::Display for Extension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Extension {
    type Err = crate::diagnostic::Invalid;
    /// Reads an extension in any case, with or without its dot; `jpeg` is
    /// read as [`Extension::Jpg`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let e = s.strip_prefix('.').unwrap_or(s).to_ascii_lowercase();
        match e.as_str() {
            "pdf" => Ok(Extension::Pdf),
            "xml" => Ok(Extension::Xml),
            "png" => Ok(Extension::Png),
            "jpg" | "jpeg" => Ok(Extension::Jpg),
            _ => Err(crate::diagnostic::Invalid::one(Diagnostic::on_segment(
                Code::NameExtension,
                "extension",
                0,
                format!("{s:?} is not a document extension (pdf, xml, png, jpg)"),
                format!("{s:?} n'est pas une extension de document (pdf, xml, png, jpg)"),
            ))),
        }
    }
}
