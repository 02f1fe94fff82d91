//! `id check`, `siren check` and `classification check`.

use serde::Serialize;

use super::{ClassificationFile, Diagnostics};
use crate::classification::Classification;
use crate::diagnostic::{Code, Diagnostic, Lang, Location, Parsed, Severity};
use crate::ids::{ActeId, CodeMatiere, NatureActe, Siren};

/// The parts of a valid IDActe, in the order of the identifier, as
/// serialized under `"id"`: `departement`, `siren`, `date` (`YYYY-MM-DD`),
/// `numero`, `nature` (`code`, `abbr`, `label`). Borrowed from the
/// [`ActeId`]: nothing is allocated per record.
#[derive(Serialize)]
struct IdParts<'a> {
    departement: &'a str,
    siren: &'a str,
    #[serde(serialize_with = "iso_date")]
    date: chrono::NaiveDate,
    numero: &'a str,
    nature: NatureReport,
}

fn id_parts<S: serde::Serializer>(id: &Option<ActeId>, s: S) -> Result<S::Ok, S::Error> {
    match id {
        None => s.serialize_none(),
        Some(id) => {
            let (departement, siren, numero) = (id.departement(), id.siren(), id.numero());
            IdParts {
                departement: departement.as_str(),
                siren: siren.as_str(),
                date: id.date(),
                numero: numero.as_str(),
                nature: id.nature().into(),
            }
            .serialize(s)
        }
    }
}

fn siren_str<S: serde::Serializer>(siren: &Option<Siren>, s: S) -> Result<S::Ok, S::Error> {
    match siren {
        None => s.serialize_none(),
        Some(v) => s.serialize_str(v.as_str()),
    }
}

/// A date as `YYYY-MM-DD`, its digits written directly: chrono's `Display`
/// goes through a formatter character by character, a fifth of the time
/// of `id check --json` (BENCHMARKS.md).
fn iso_date<S: serde::Serializer>(date: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    use chrono::Datelike;
    let (y, m, d) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&y) {
        return s.collect_str(date);
    }
    let y = y.unsigned_abs();
    let digit = |v: u32| b'0' + (v % 10) as u8;
    let b = [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ];
    s.serialize_str(std::str::from_utf8(&b).unwrap_or_default())
}

/// A nature of act: code 1-6, abbreviation, label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NatureReport {
    /// 1 to 6.
    pub code: u8,
    /// `DE`, `AR`, `AI`, `CC`, `BF` or `AU`.
    pub abbr: &'static str,
    /// The French label.
    pub label: &'static str,
}

impl From<NatureActe> for NatureReport {
    fn from(n: NatureActe) -> Self {
        NatureReport {
            code: n.code(),
            abbr: n.abbr(),
            label: n.label(),
        }
    }
}

/// One line of `actes id check --json` (`schemas/id-check.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdCheckReport {
    /// The value checked (an input that is not UTF-8 is shown lossily).
    pub input: String,
    /// The 1-based line of standard input it was read from; `null` for a
    /// value given as an argument.
    pub line: Option<usize>,
    /// Whether it is valid (under `strict`, warnings count as errors).
    pub valid: bool,
    /// The identifier, when it could be parsed; serialized as its parts
    /// (`departement`, `siren`, `date`, `numero`, `nature`).
    #[serde(serialize_with = "id_parts")]
    pub id: Option<ActeId>,
    /// Every finding.
    pub diagnostics: Diagnostics,
}

/// One line of `actes siren check --json` (`schemas/siren-check.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SirenCheckReport {
    /// The value checked.
    pub input: String,
    /// The 1-based line of standard input; `null` for an argument.
    pub line: Option<usize>,
    /// Whether it is valid (under `strict`, warnings count as errors).
    pub valid: bool,
    /// The SIREN, when it could be parsed.
    #[serde(serialize_with = "siren_str")]
    pub siren: Option<Siren>,
    /// Every finding.
    pub diagnostics: Diagnostics,
}

/// The common part of a check: the input, its validity and findings.
struct Checked<T> {
    input: String,
    valid: bool,
    value: Option<T>,
    diagnostics: Vec<Diagnostic>,
}

fn checked<T>(input: String, parsed: Parsed<T>, line: Option<usize>, strict: bool) -> Checked<T> {
    let diagnostics: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .map(|d| {
            let d = if strict && d.severity == Severity::Warning {
                d.strict()
            } else {
                d
            };
            match line {
                Some(n) => Diagnostic {
                    location: d.location.clone().at_line(n),
                    ..d
                },
                None => d,
            }
        })
        .collect();
    let valid = parsed.value.is_some() && !diagnostics.iter().any(Diagnostic::is_error);
    Checked {
        input,
        valid,
        value: parsed.value,
        diagnostics,
    }
}

/// Parses raw bytes as UTF-8 with `parse`, or reports `ID-INPUT-NOT-UTF8`.
fn from_bytes<T>(raw: &[u8], parse: impl Fn(&str) -> Parsed<T>) -> (String, Parsed<T>) {
    match std::str::from_utf8(raw) {
        Ok(s) => (s.to_string(), parse(s)),
        Err(e) => {
            let at = e.valid_up_to();
            let byte = raw.get(at).copied().unwrap_or_default();
            let d = Diagnostic::new(
                Code::IdInputNotUtf8,
                Location::segment("input", at),
                format!("the input is not valid UTF-8; its first invalid byte is 0x{byte:02X}"),
                format!("l'entrée n'est pas de l'UTF-8 valide ; son premier octet invalide est 0x{byte:02X}"),
            );
            (
                String::from_utf8_lossy(raw).into_owned(),
                Parsed {
                    value: None,
                    diagnostics: vec![d],
                },
            )
        }
    }
}

fn id_report(c: Checked<ActeId>, line: Option<usize>, lang: Lang) -> IdCheckReport {
    IdCheckReport {
        input: c.input,
        line,
        valid: c.valid,
        id: c.value,
        diagnostics: Diagnostics::new(lang, c.diagnostics),
    }
}

fn siren_report(c: Checked<Siren>, line: Option<usize>, lang: Lang) -> SirenCheckReport {
    SirenCheckReport {
        input: c.input,
        line,
        valid: c.valid,
        siren: c.value,
        diagnostics: Diagnostics::new(lang, c.diagnostics),
    }
}

/// Checks one IDActe. `line` is the 1-based input line it came from (it is
/// also added to each diagnostic's location); under `strict` warnings are
/// errors.
#[must_use]
pub fn id_check(input: &str, line: Option<usize>, strict: bool, lang: Lang) -> IdCheckReport {
    let c = checked(
        input.to_string(),
        ActeId::parse_diagnostics(input),
        line,
        strict,
    );
    id_report(c, line, lang)
}

/// [`id_check`] on raw bytes: input that is not UTF-8 is `ID-INPUT-NOT-UTF8`.
pub fn id_check_bytes(raw: &[u8], line: Option<usize>, strict: bool, lang: Lang) -> IdCheckReport {
    let (input, parsed) = from_bytes(raw, ActeId::parse_diagnostics);
    id_report(checked(input, parsed, line, strict), line, lang)
}

/// Checks one SIREN; see [`id_check`].
#[must_use]
pub fn siren_check(input: &str, line: Option<usize>, strict: bool, lang: Lang) -> SirenCheckReport {
    let c = checked(
        input.to_string(),
        Siren::parse_diagnostics(input),
        line,
        strict,
    );
    siren_report(c, line, lang)
}

/// [`siren_check`] on raw bytes.
pub fn siren_check_bytes(
    raw: &[u8],
    line: Option<usize>,
    strict: bool,
    lang: Lang,
) -> SirenCheckReport {
    let (input, parsed) = from_bytes(raw, Siren::parse_diagnostics);
    siren_report(checked(input, parsed, line, strict), line, lang)
}

/// A typologie asked about, and its label when the classification lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypologieReport {
    /// The code given.
    pub code: String,
    /// Its label, when listed for the nature.
    pub label: Option<String>,
}

/// The document of `actes classification check --json`
/// (`schemas/classification-check.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassificationCheckReport {
    /// The code as given.
    pub input: String,
    /// Whether an act can be classified with it (no error).
    pub valid: bool,
    /// The code in canonical form (`8.9`), when it could be parsed.
    pub code: Option<String>,
    /// The labels of the longest known prefix of the code, from level 1.
    pub labels: Vec<String>,
    /// The date of the classification used; `null` when the given file
    /// could not be read as one.
    pub classification: Option<chrono::NaiveDate>,
    /// The nature asked about.
    pub nature: Option<NatureReport>,
    /// The typologie asked about.
    pub typologie: Option<TypologieReport>,
    /// Every finding (those of the classification file first).
    pub diagnostics: Diagnostics,
}

/// Can an act of `nature` (and `typologie`) be classified with `code`? With
/// no `classification`, the built-in national levels 1-2 are used.
///
/// ```
/// use actes::diagnostic::Lang;
/// use actes::report::classification_check;
/// let r = classification_check("8", None, None, None, Lang::En);
/// assert!(!r.valid);
/// assert_eq!(r.diagnostics[0].code.as_str(), "ID-MATIERE-LEVELS-1-2");
/// ```
pub fn classification_check(
    code: &str,
    classification: Option<ClassificationFile<'_>>,
    nature: Option<NatureActe>,
    typologie: Option<&str>,
    lang: Lang,
) -> ClassificationCheckReport {
    let mut diags = Vec::new();
    let loaded;
    let c: &Classification = match classification {
        None => Classification::national(),
        Some(file) => {
            let (c, d) = file.load();
            diags.extend(d);
            match c {
                Some(c) => {
                    loaded = c;
                    &loaded
                }
                None => {
                    return ClassificationCheckReport {
                        input: code.to_string(),
                        valid: false,
                        code: None,
                        labels: Vec::new(),
                        classification: None,
                        nature: nature.map(Into::into),
                        typologie: typologie.map(|t| TypologieReport {
                            code: t.to_string(),
                            label: None,
                        }),
                        diagnostics: Diagnostics::new(lang, diags),
                    }
                }
            }
        }
    };
    let parsed = CodeMatiere::parse_diagnostics(code);
    let mut found = parsed.diagnostics;
    let mut labels: Vec<String> = Vec::new();
    if let Some(m) = &parsed.value {
        found.extend(c.check_for_act(m));
        let mut prefix = Some(*m);
        while let Some(p) = prefix {
            if let Some(l) = c.labels(&p) {
                labels = l.into_iter().map(str::to_string).collect();
                break;
            }
            prefix = p.parent();
        }
        for d in &mut found {
            if d.location.segment.as_deref() == Some("matiere") {
                d.location.offset = d.location.offset.map(|o| input_offset(m, code, o));
            }
        }
    }
    let mut typologie_label = None;
    if let Some(n) = nature {
        match typologie {
            Some(t) => {
                found.extend(c.check_typologie(n, t));
                typologie_label = c
                    .allowed_typologies(n)
                    .into_iter()
                    .find(|x| x.code == t)
                    .map(|x| x.label.clone());
            }
            None => found.extend(c.check_nature(n)),
        }
    }
    diags.extend(found);
    let valid = parsed.value.is_some() && !diags.iter().any(Diagnostic::is_error);
    ClassificationCheckReport {
        input: code.to_string(),
        valid,
        code: parsed.value.map(|m| m.to_string()),
        labels,
        classification: Some(c.date()),
        nature: nature.map(Into::into),
        typologie: typologie.map(|t| TypologieReport {
            code: t.to_string(),
            label: typologie_label,
        }),
        diagnostics: Diagnostics::new(lang, diags),
    }
}

/// Maps a byte offset in the canonical form of `code` (where the library
/// locates classification findings) to the same level in `input`, which may
/// have leading zeros (`08.09`).
fn input_offset(code: &CodeMatiere, input: &str, canonical: usize) -> usize {
    let mut canon_start = 0usize;
    let mut input_start = 0usize;
    let parts: Vec<&str> = input.split('.').collect();
    for (level, part) in code.levels().iter().zip(&parts) {
        if canonical == canon_start {
            return input_start;
        }
        canon_start += level.to_string().len() + 1;
        input_start += part.len() + 1;
    }
    if canonical >= canon_start.saturating_sub(1) {
        input.len()
    } else {
        canonical.min(input.len())
    }
}
