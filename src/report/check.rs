//! `id check`, `siren check` and `classification check`.

use serde::Serialize;

use super::{ClassificationFile, Diagnostics};
use crate::classification::Classification;
use crate::diagnostic::{Code, Diagnostic, Lang, Location, Parsed, Severity};
use crate::ids::{iso_date_bytes, ActeId, CodeMatiere, NatureActe, Siren};

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
    match iso_date_bytes(*date) {
        Some(b) => s.serialize_str(std::str::from_utf8(&b).unwrap_or_default()),
        None => s.collect_str(date),
    }
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

/// The findings of a parse as reported: under `strict` warnings become
/// errors, and each is located at `line` when given. Returns whether the
/// value is valid (parsed, no error) and the findings.
fn findings(
    diagnostics: Vec<Diagnostic>,
    parsed: bool,
    line: Option<usize>,
    strict: bool,
) -> (bool, Vec<Diagnostic>) {
    if diagnostics.is_empty() {
        return (parsed, diagnostics);
    }
    let diagnostics: Vec<Diagnostic> = diagnostics
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
    let valid = parsed && !diagnostics.iter().any(Diagnostic::is_error);
    (valid, diagnostics)
}

/// Parses raw bytes as UTF-8 with `parse`, or reports `ID-INPUT-NOT-UTF8`;
/// `input` (cleared first) receives the input as shown (lossily when it is
/// not UTF-8).
fn parse_into<T>(raw: &[u8], input: &mut String, parse: impl Fn(&str) -> Parsed<T>) -> Parsed<T> {
    input.clear();
    match std::str::from_utf8(raw) {
        Ok(s) => {
            input.push_str(s);
            parse(s)
        }
        Err(e) => {
            let at = e.valid_up_to();
            let byte = raw.get(at).copied().unwrap_or_default();
            let d = Diagnostic::new(
                Code::IdInputNotUtf8,
                Location::segment("input", at),
                format!("the input is not valid UTF-8; its first invalid byte is 0x{byte:02X}"),
                format!("l'entrée n'est pas de l'UTF-8 valide ; son premier octet invalide est 0x{byte:02X}"),
            );
            input.push_str(&String::from_utf8_lossy(raw));
            Parsed {
                value: None,
                diagnostics: vec![d],
            }
        }
    }
}

/// What the two check reports share: an empty report, a check into an
/// existing report (its input's allocation reused, for a stream of
/// values), and the one-line JSON writer.
macro_rules! check_report {
    ($report:ident, $value:ident, $type:ty, $check_fn:literal) => {
        impl $report {
            /// A report of no input, not valid, to be filled by
            #[doc = concat!("[`", stringify!($report), "::check_bytes_into`].")]
            #[must_use]
            pub fn empty(lang: Lang) -> Self {
                $report {
                    input: String::new(),
                    line: None,
                    valid: false,
                    $value: None,
                    diagnostics: Diagnostics::new(lang, Vec::new()),
                }
            }

            /// Checks `raw` into this report, replacing what it held: the
            #[doc = concat!("same report as [`", $check_fn, "`], without a new")]
            /// allocation for the input when the report is reused (a
            /// stream of values, one line after the other).
            pub fn check_bytes_into(
                &mut self,
                raw: &[u8],
                line: Option<usize>,
                strict: bool,
                lang: Lang,
            ) {
                let parsed = parse_into(raw, &mut self.input, <$type>::parse_diagnostics);
                self.fill(parsed, line, strict, lang);
            }

            fn fill(
                &mut self,
                parsed: Parsed<$type>,
                line: Option<usize>,
                strict: bool,
                lang: Lang,
            ) {
                let (valid, diagnostics) =
                    findings(parsed.diagnostics, parsed.value.is_some(), line, strict);
                self.line = line;
                self.valid = valid;
                self.$value = parsed.value;
                self.diagnostics = Diagnostics::new(lang, diagnostics);
            }

            /// Appends the report's JSON to `out` (no newline): byte for
            /// byte what `serde_json::to_writer` writes of it, without
            /// going through serde (the line of `--json`, written several
            /// times faster).
            pub fn write_json(&self, out: &mut Vec<u8>) {
                json::head(out, &self.input, self.line);
                out.extend_from_slice(if self.valid {
                    concat!(",\"valid\":true,\"", stringify!($value), "\":").as_bytes()
                } else {
                    concat!(",\"valid\":false,\"", stringify!($value), "\":").as_bytes()
                });
                match &self.$value {
                    None => out.extend_from_slice(b"null"),
                    Some(v) => json::$value(out, v),
                }
                json::diagnostics(out, &self.diagnostics);
            }
        }
    };
}

check_report!(IdCheckReport, id, ActeId, "id_check_bytes");
check_report!(SirenCheckReport, siren, Siren, "siren_check_bytes");

/// The JSON of the check reports, written by hand: what serde_json writes
/// (compact form, its string escapes), checked against it by the tests.
mod json {
    use std::sync::OnceLock;

    use super::super::json_bytes::{inner, string, uint};
    use super::{Diagnostics, NatureReport};
    use crate::ids::iso_date_bytes;
    use crate::ids::{ActeId, NatureActe, Siren};

    /// `{"input":…,"line":…`.
    pub(super) fn head(out: &mut Vec<u8>, input: &str, line: Option<usize>) {
        out.extend_from_slice(b"{\"input\":\"");
        inner(out, input.as_bytes());
        out.extend_from_slice(b"\",\"line\":");
        match line {
            Some(n) => uint(out, n),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// `,"diagnostics":[…]}`.
    pub(super) fn diagnostics(out: &mut Vec<u8>, diagnostics: &Diagnostics) {
        out.extend_from_slice(b",\"diagnostics\":");
        super::super::json_bytes::diagnostics(out, diagnostics, diagnostics.lang);
        out.push(b'}');
    }

    /// The parts of an IDActe, as `IdParts` serializes them (their bytes,
    /// ASCII, taken without a UTF-8 check; the fixed-size ones copied as
    /// such). A département (`0-9`, `A`, `B`), a SIREN (digits) and a
    /// numéro (`A-Z a-z 0-9 _ -` and space) hold nothing JSON escapes, by
    /// their types: they are copied as they are.
    pub(super) fn id(out: &mut Vec<u8>, id: &ActeId) {
        let (departement, siren, numero) = (id.departement(), id.siren(), id.numero());
        out.extend_from_slice(b"{\"departement\":\"");
        out.extend_from_slice(departement.as_bytes());
        out.extend_from_slice(b"\",\"siren\":\"");
        out.extend_from_slice(siren.as_bytes());
        out.extend_from_slice(b"\",\"date\":\"");
        match iso_date_bytes(id.date()) {
            Some(d) => out.extend_from_slice(&d),
            None => inner(out, id.date().to_string().as_bytes()),
        }
        out.extend_from_slice(b"\",\"numero\":\"");
        out.extend_from_slice(numero.as_bytes());
        out.extend_from_slice(nature(id.nature()));
    }

    /// A SIREN: its digits as a string.
    pub(super) fn siren(out: &mut Vec<u8>, siren: &Siren) {
        string(out, siren.as_bytes());
    }

    /// `","nature":` and the [`NatureReport`] of a nature, then the `}` of
    /// the identifier: written once per nature.
    fn nature(n: NatureActe) -> &'static [u8] {
        static JSON: OnceLock<[Vec<u8>; 6]> = OnceLock::new();
        let all = JSON.get_or_init(|| {
            NatureActe::ALL.map(|n| {
                let r = NatureReport::from(n);
                let mut out = b"\",\"nature\":{\"code\":".to_vec();
                uint(&mut out, usize::from(r.code));
                out.extend_from_slice(b",\"abbr\":");
                string(&mut out, r.abbr.as_bytes());
                out.extend_from_slice(b",\"label\":");
                string(&mut out, r.label.as_bytes());
                out.extend_from_slice(b"}}");
                out
            })
        });
        // NatureActe::ALL is in code order, from 1 (else: searched).
        let at = usize::from(n.code()).wrapping_sub(1);
        let at = if NatureActe::ALL.get(at) == Some(&n) {
            at
        } else {
            NatureActe::ALL
                .iter()
                .position(|m| *m == n)
                .unwrap_or_default()
        };
        all.get(at).map_or(&[][..], Vec::as_slice)
    }
}

/// Checks one IDActe. `line` is the 1-based input line it came from (it is
/// also added to each diagnostic's location); under `strict` warnings are
/// errors.
#[must_use]
pub fn id_check(input: &str, line: Option<usize>, strict: bool, lang: Lang) -> IdCheckReport {
    let mut r = IdCheckReport::empty(lang);
    r.input.push_str(input);
    r.fill(ActeId::parse_diagnostics(input), line, strict, lang);
    r
}

/// [`id_check`] on raw bytes: input that is not UTF-8 is `ID-INPUT-NOT-UTF8`.
#[must_use]
pub fn id_check_bytes(raw: &[u8], line: Option<usize>, strict: bool, lang: Lang) -> IdCheckReport {
    let mut r = IdCheckReport::empty(lang);
    r.check_bytes_into(raw, line, strict, lang);
    r
}

/// Checks one SIREN; see [`id_check`].
#[must_use]
pub fn siren_check(input: &str, line: Option<usize>, strict: bool, lang: Lang) -> SirenCheckReport {
    let mut r = SirenCheckReport::empty(lang);
    r.input.push_str(input);
    r.fill(Siren::parse_diagnostics(input), line, strict, lang);
    r
}

/// [`siren_check`] on raw bytes.
#[must_use]
pub fn siren_check_bytes(
    raw: &[u8],
    line: Option<usize>,
    strict: bool,
    lang: Lang,
) -> SirenCheckReport {
    let mut r = SirenCheckReport::empty(lang);
    r.check_bytes_into(raw, line, strict, lang);
    r
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::ids::Siren;

    /// `write_json` against serde_json, for both reports of one line.
    fn same_json(raw: &[u8], line: Option<usize>, strict: bool, lang: Lang) {
        let id = id_check_bytes(raw, line, strict, lang);
        let mut ours = Vec::new();
        id.write_json(&mut ours);
        let serde = serde_json::to_vec(&id).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&serde)
        );
        assert_eq!(ours, serde);
        let siren = siren_check_bytes(raw, line, strict, lang);
        ours.clear();
        siren.write_json(&mut ours);
        assert_eq!(ours, serde_json::to_vec(&siren).unwrap_or_default());
    }

    #[test]
    fn json_line_of_each_nature_and_escape() {
        for (n, abbr) in ["DE", "AR", "AI", "CC", "BF", "AU"].iter().enumerate() {
            let line = format!("062-200123453-20000101-D{n}-{abbr}");
            let r = id_check(&line, Some(n), false, Lang::Fr);
            assert!(r.valid && r.id.is_some(), "{line}");
            same_json(line.as_bytes(), Some(n), false, Lang::Fr);
        }
        for raw in [
            &b"200123453"[..],
            b"",
            b"\"\\\x00\x01\x08\t\n\x0b\x0c\r\x1f\x7f \xc3\xa9",
            b"12345678\"",
            b"12345678\\",
            b"12345678\x1f",
            b"\xff\xfe",
            b"000000000",
            "062-200123453-20000101-Délib-DE".as_bytes(),
        ] {
            for strict in [false, true] {
                same_json(raw, Some(usize::MAX), strict, Lang::En);
                same_json(raw, None, strict, Lang::Fr);
            }
        }
    }

    #[test]
    fn check_into_reuses_and_replaces() {
        let mut r = IdCheckReport::empty(Lang::En);
        r.check_bytes_into(b"\xff not an id", Some(1), false, Lang::En);
        assert!(!r.valid && !r.diagnostics.is_empty());
        r.check_bytes_into(b"062-200123453-20000101-D0-DE", Some(2), false, Lang::Fr);
        assert_eq!(
            r,
            id_check("062-200123453-20000101-D0-DE", Some(2), false, Lang::Fr)
        );
    }

    /// Lines near an IDActe: valid ones, with a wrong key, odd numéros,
    /// départements and natures, and bytes spliced in.
    fn id_like() -> impl Strategy<Value = Vec<u8>> {
        (
            prop::sample::select(vec!["062", "02A", "2B", "974", "975", "999", "0", "62 "]),
            "[0-9]{8}",
            any::<bool>(),
            "[0-9]{8}",
            "[A-Za-z0-9_ é\"\\\\\x01-]{0,17}",
            prop::sample::select(vec!["DE", "AR", "AI", "CC", "BF", "AU", "XX", "de"]),
            prop::collection::vec(any::<u8>(), 0..3),
            any::<prop::sample::Index>(),
        )
            .prop_map(|(dep, first8, keyed, date, numero, nature, splice, at)| {
                let siren = if keyed {
                    Siren::complete(&first8).map_or(first8.clone(), |s| s.as_str().to_string())
                } else {
                    format!("{first8}1")
                };
                let mut line = format!("{dep}-{siren}-{date}-{numero}-{nature}").into_bytes();
                let at = at.index(line.len() + 1);
                line.splice(at..at, splice);
                line
            })
    }

    proptest! {
        #[test]
        fn json_line_is_serde_json(
            raw in prop_oneof![
                id_like(),
                prop::collection::vec(any::<u8>(), 0..48),
                any::<String>().prop_map(String::into_bytes),
                "[0-9\"\\\\\x00-\x1f\x7f]{0,20}".prop_map(String::into_bytes),
            ],
            line in prop::option::of(any::<usize>()),
            strict in any::<bool>(),
            fr in any::<bool>(),
        ) {
            same_json(&raw, line, strict, if fr { Lang::Fr } else { Lang::En });
        }
    }
}
