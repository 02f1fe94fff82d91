//! Message and document names (SPEC §10.2–§10.4, §10.6).

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;

use super::{
    absorb, check_emission_date, emitted, format_date, parse_date, parse_number,
    string_conversions, Extension, NameKind, NumberCodes, Typologie,
};
use crate::diagnostic::{Code, Diagnostic, Invalid, Parsed};
use crate::ids::{ActeId, Departement, MessageCode, NatureActe, NumeroInterne, Siren};

const COUNTER: NumberCodes = NumberCodes {
    segment: "counter",
    shape: Code::NameStructure,
    padded: Code::NameCounterPadded,
    overflow: Code::NameCounterOverflow,
};

/// The parts of a message or document stem
/// `{DDD}-{SIREN}-{YYYYMMDD}-{NUMERO}-{NN}`: the act's IDActe, except that
/// the date may differ (S2LOW names the CL answers 2-2, 3-x, 4-x after the
/// prefecture letter's date; SPEC §10.2). Build it from an [`ActeId`] and
/// change the date with [`StemParts::with_date`] when needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StemParts {
    /// The collectivité's département.
    pub departement: Departement,
    /// The collectivité's SIREN.
    pub siren: Siren,
    /// The date segment (the act's decision date for 1-1 and 6-1).
    pub date: NaiveDate,
    /// The act's numéro interne.
    pub numero: NumeroInterne,
    /// The act's nature.
    pub nature: NatureActe,
}

impl StemParts {
    /// The same parts with another date segment.
    #[must_use]
    pub fn with_date(mut self, date: NaiveDate) -> StemParts {
        self.date = date;
        self
    }

    /// The IDActe these parts spell.
    pub fn acte_id(&self) -> Result<ActeId, Invalid> {
        ActeId::new(
            self.departement,
            self.siren,
            self.date,
            self.numero,
            self.nature,
        )
    }
}

impl From<ActeId> for StemParts {
    fn from(id: ActeId) -> StemParts {
        StemParts {
            departement: id.departement(),
            siren: id.siren(),
            date: id.date(),
            numero: id.numero(),
            nature: id.nature(),
        }
    }
}

impl From<&ActeId> for StemParts {
    fn from(id: &ActeId) -> StemParts {
        StemParts::from(*id)
    }
}

/// Writes `{prefix}{DDD}-{SIREN}-{DATE}-{NUMERO}-{NN}-{T}-{S}_{k}.{ext}` and
/// collects the emission-profile findings (offsets into the name).
fn emit_stem(
    prefix: &str,
    parts: &StemParts,
    code: MessageCode,
    counter: u32,
    extension: Extension,
    out: &mut Vec<Diagnostic>,
) -> String {
    let base = prefix.len();
    if code == classification_request_code() {
        out.push(Diagnostic::on_segment(
            Code::NameMessageCodeClassification,
            "message_code",
            base + 27 + parts.numero.len(),
            "a 7-1 request is not named after an act: use classification_request_name",
            "une demande 7-1 n'est pas nommée d'après un acte : utiliser classification_request_name",
        ));
    }
    let _ = check_emission_date(parts.date, base + 14, out);
    out.extend(
        parts
            .numero
            .emission_diagnostics()
            .into_iter()
            .map(|d| d.shifted(base + 23).strict()),
    );
    format!(
        "{prefix}{}-{}-{}-{}-{}-{code}_{counter}.{extension}",
        parts.departement,
        parts.siren,
        format_date(parts.date),
        parts.numero,
        parts.nature.abbr(),
    )
}

fn classification_request_code() -> MessageCode {
    // 7-1 is in the message table; the fallback is never used.
    MessageCode::new(7, 1).unwrap_or(MessageCode::ALL[0])
}

/// The name of a message XML, `{DDD}-{SIREN}-{YYYYMMDD}-{NUMERO}-{NN}-{T}-{S}_{k}.xml`,
/// for emission (`counter` is 0 for the message of a CL → MI archive).
///
/// Refused: a numéro outside rule E1 (its `ID-NUMERO-*` findings become
/// errors), the code 7-1 (`NAME-MESSAGE-CODE-CLASSIFICATION`, see
/// [`classification_request_name`]), a year that does not fit 4 digits, a
/// name longer than 100 bytes.
///
/// ```
/// use actes::ids::{ActeId, MessageCode};
/// use actes::naming::message_file_name;
/// let id: ActeId = "045-214502494-20170717-D201717-AI".parse().unwrap();
/// let m = message_file_name(id, "1-1".parse().unwrap(), 0).unwrap();
/// assert_eq!(m, "045-214502494-20170717-D201717-AI-1-1_0.xml");
/// let cancel = message_file_name(id, "6-1".parse().unwrap(), 0).unwrap();
/// assert_eq!(cancel, "045-214502494-20170717-D201717-AI-6-1_0.xml");
///
/// // A numéro readable but outside the emission profile is refused.
/// let old: ActeId = "035-214502494-20030714-9999aaa-AI".parse().unwrap();
/// let err = message_file_name(old, "1-1".parse().unwrap(), 0).unwrap_err();
/// assert_eq!(err.codes(), ["ID-NUMERO-LOWERCASE"]);
/// assert_eq!(err.diagnostics[0].location.offset, Some(27));
/// ```
pub fn message_file_name(
    parts: impl Into<StemParts>,
    code: MessageCode,
    counter: u32,
) -> Result<String, Invalid> {
    let mut out = Vec::new();
    let name = emit_stem("", &parts.into(), code, counter, Extension::Xml, &mut out);
    emitted(name, out)
}

/// The name of a document (act, annex, letter),
/// `{CodeTypePJ}-{DDD}-{SIREN}-{YYYYMMDD}-{NUMERO}-{NN}-{T}-{S}_{k}.{ext}`,
/// for emission: `counter` 1 for the act or main document, 2, 3… for the
/// annexes in order.
///
/// Refused, besides the checks of [`message_file_name`]: a counter of 0
/// (`NAME-DOCUMENT-COUNTER`: `_0` is the message XML), no typologie for a
/// document of a 1-1 (`NAME-TYPOLOGIE-MISSING`, rule E10).
///
/// ```
/// use actes::ids::ActeId;
/// use actes::ids::Typologie;
/// use actes::naming::{document_file_name, Extension};
/// let id: ActeId = "045-214502494-20170717-D201717-AI".parse().unwrap();
/// let t: Typologie = "99_AI".parse().unwrap();
/// let act = document_file_name(Some(t), id, "1-1".parse().unwrap(), 1, Extension::Pdf).unwrap();
/// assert_eq!(act, "99_AI-045-214502494-20170717-D201717-AI-1-1_1.pdf");
///
/// let err = document_file_name(None, id, "1-1".parse().unwrap(), 0, Extension::Pdf).unwrap_err();
/// assert_eq!(err.codes(), ["NAME-TYPOLOGIE-MISSING", "NAME-DOCUMENT-COUNTER"]);
/// ```
pub fn document_file_name(
    typologie: Option<Typologie>,
    parts: impl Into<StemParts>,
    code: MessageCode,
    counter: u32,
    extension: Extension,
) -> Result<String, Invalid> {
    let mut out = Vec::new();
    let prefix = typologie.map(|t| format!("{t}-")).unwrap_or_default();
    if typologie.is_none() && MessageCode::new(1, 1) == Some(code) {
        out.push(Diagnostic::on_segment(
            Code::NameTypologieMissing,
            "typologie",
            0,
            "the act and every annex of a 1-1 need a typologie code (rule E10)",
            "l'acte et chaque annexe d'un 1-1 exigent un code de typologie (règle E10)",
        ));
    }
    let name = emit_stem(&prefix, &parts.into(), code, counter, extension, &mut out);
    if counter == 0 {
        let at = name.rfind('_').unwrap_or(name.len()) + 1;
        out.push(Diagnostic::on_segment(
            Code::NameDocumentCounter,
            "counter",
            at,
            "a document is counted from 1 (act or main document), then 2, 3… for the annexes; 0 is the message XML",
            "un document est numéroté à partir de 1 (acte ou document principal), puis 2, 3… pour les annexes ; 0 désigne le XML du message",
        ));
    }
    emitted(name, out)
}

/// The name of a 7-1 `DemandeClassification`, `{DDD}-{SIREN}----7-1_0.xml`
/// (date, numéro and nature empty; SPEC §10.4).
///
/// ```
/// use actes::naming::classification_request_name;
/// let name = classification_request_name("045".parse().unwrap(), "214502494".parse().unwrap());
/// assert_eq!(name.unwrap(), "045-214502494----7-1_0.xml");
/// ```
pub fn classification_request_name(
    departement: Departement,
    siren: Siren,
) -> Result<String, Invalid> {
    emitted(format!("{departement}-{siren}----7-1_0.xml"), Vec::new())
}

// ---------------------------------------------------------------------------

/// A message or document file name, read leniently (SPEC §10.6):
/// `[{CodeTypePJ}-]{DDD}-{SIREN}-{YYYYMMDD}-{NUMERO}-{NN}-{T}-{S}_{k}.{ext}`.
///
/// **Anchoring.** The name is cut into `-`-separated segments and anchored
/// from both ends. On the left: an optional typologie prefix (a first
/// segment of 5 characters, where a département has 3), the département,
/// the SIREN, and the date (8 digits, or empty). On the right: the extension
/// after the last `.`, the counter `_k` (digits of any size), the message
/// code `T-S`, and the nature (2 letters, or empty). What is left in the
/// middle is the numéro, which may contain `-` (2011 XSD, PASTELL-FAST), or
/// is empty (`045-214502494----7-1_0.xml`, `044-214400152----1-3_1.xml`).
///
/// **Values.** Every segment keeps its text as found (`*_str` accessors), so
/// that [`Display`](fmt::Display) gives the name back unchanged; the typed
/// accessors return `None` for an empty segment or one that does not parse
/// (its diagnostic says why). The value is built whenever the structure is
/// there, even when a segment is invalid (a SIREN with a wrong key, as in
/// test fixtures).
///
/// **Diagnostics** (offsets into the whole name): `NAME-STRUCTURE` (fewer
/// segments than the form needs: no value), `NAME-MESSAGE-CODE-MISSING` (no
/// `-T-S` before the counter, as in the name the MI rejected with
/// AnomalieEnveloppe 999: no value), `NAME-COUNTER-MISSING`,
/// `NAME-COUNTER-PADDED`, `NAME-COUNTER-OVERFLOW`, `NAME-EXTENSION` (no
/// extension), `NAME-EXTENSION-CASE` (`.PDF`), `NAME-TYPOLOGIE-SHAPE`,
/// `NAME-DATE-SHAPE`, `NAME-DATE-INVALID`, `NAME-NATURE-SHAPE`, and those of
/// [`Departement`], [`Siren`], [`NumeroInterne`], [`NatureActe`] and
/// [`MessageCode`] on their segments.
///
/// ```
/// use actes::naming::{FileName, NameKind};
/// let f: FileName = "006-210600235-20180522-684-AI-1-2_5279.xml".parse().unwrap();
/// assert_eq!(f.kind(), NameKind::Message);
/// assert_eq!(f.counter(), Some(5279));
/// assert_eq!(f.message_code().unwrap().to_string(), "1-2");
///
/// let empty: FileName = "044-214400152----1-3_1.xml".parse().unwrap();
/// assert_eq!((empty.date(), empty.numero(), empty.nature()), (None, None, None));
/// assert!(empty.acte_id().is_none());
///
/// let hyphen = FileName::parse_diagnostics("062-216204982-20221214-2022-12-DE-1-1_0.xml");
/// assert_eq!(hyphen.value.unwrap().numero_str(), "2022-12");
///
/// let bad = FileName::parse_diagnostics("044-214400152-20180905-4365-DE-4365-DE_0.xml");
/// assert!(bad.value.is_none());
/// assert_eq!(bad.diagnostics[0].code.as_str(), "NAME-MESSAGE-CODE-MISSING");
/// assert_eq!(bad.diagnostics[0].location.offset, Some(38));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileName {
    raw: String,
    typologie_at: Option<Range<usize>>,
    departement_at: Range<usize>,
    siren_at: Range<usize>,
    date_at: Range<usize>,
    numero_at: Range<usize>,
    nature_at: Range<usize>,
    message_code_at: Range<usize>,
    extension_at: Range<usize>,
    typologie: Option<Typologie>,
    departement: Option<Departement>,
    siren: Option<Siren>,
    date: Option<NaiveDate>,
    numero: Option<NumeroInterne>,
    nature: Option<NatureActe>,
    message_code: Option<MessageCode>,
    counter: Option<u64>,
}

/// One `-`-separated segment: its byte range in the name.
fn segments(stem: &str) -> Vec<Range<usize>> {
    // '-' is ASCII: its byte offsets are char boundaries. Sized once.
    let dashes = || stem.bytes().enumerate().filter(|&(_, b)| b == b'-');
    let mut out = Vec::with_capacity(dashes().count() + 1);
    let mut start = 0;
    for (i, _) in dashes() {
        out.push(start..i);
        start = i + 1;
    }
    out.push(start..stem.len());
    out
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Where the parts of a message or document name are, before any is read.
struct Layout {
    extension_at: Range<usize>,
    counter: Option<u64>,
    typologie_at: Option<Range<usize>>,
    departement_at: Range<usize>,
    siren_at: Range<usize>,
    date_at: Range<usize>,
    numero_at: Range<usize>,
    nature_at: Range<usize>,
    message_code_at: Range<usize>,
}

impl Layout {
    /// Finds the parts of `name` by its anchors (extension, counter, the
    /// message code `-T-S`, the optional typologie prefix), reporting what
    /// is missing or misplaced; no part is read.
    fn find(name: &str, out: &mut Vec<Diagnostic>) -> Option<Layout> {
        let text = |r: &Range<usize>| name.get(r.clone()).unwrap_or_default();

        // Extension: after the last '.', when it is a plain word.
        let extension_at = match name.rfind('.') {
            Some(dot)
                if dot > 0
                    && name.get(dot + 1..).is_some_and(|e| {
                        !e.is_empty() && e.bytes().all(|b| b.is_ascii_alphanumeric())
                    }) =>
            {
                dot + 1..name.len()
            }
            _ => {
                out.push(Diagnostic::on_segment(
                    Code::NameExtension,
                    "extension",
                    name.len(),
                    "the file name has no extension",
                    "le nom de fichier n'a pas d'extension",
                ));
                name.len()..name.len()
            }
        };
        let ext = text(&extension_at);
        if ext.bytes().any(|b| b.is_ascii_uppercase()) {
            out.push(Diagnostic::on_segment(
                Code::NameExtensionCase,
                "extension",
                extension_at.start,
                format!("the extension {ext:?} is not in lower case"),
                format!("l'extension {ext:?} n'est pas en minuscules"),
            ));
        }
        let before_ext = if ext.is_empty() {
            name.len()
        } else {
            extension_at.start - 1
        };

        // Counter: `_digits` at the end of what precedes the extension.
        let with_counter = name.get(..before_ext).unwrap_or_default();
        let (stem_end, counter) = match with_counter.rfind('_') {
            Some(u) if is_digits(with_counter.get(u + 1..).unwrap_or_default()) => {
                let c = parse_number(
                    with_counter.get(u + 1..).unwrap_or_default(),
                    u + 1,
                    &COUNTER,
                    out,
                );
                (u, c)
            }
            _ => {
                out.push(Diagnostic::on_segment(
                    Code::NameCounterMissing,
                    "counter",
                    before_ext,
                    "the file name has no counter _k before its extension",
                    "le nom de fichier n'a pas de compteur _k avant son extension",
                ));
                (before_ext, None)
            }
        };
        let stem = name.get(..stem_end).unwrap_or_default();
        let segs = segments(stem);
        let n = segs.len();

        // Right anchor: -T-S.
        let (t, s) = match (n.checked_sub(2).and_then(|i| segs.get(i)), segs.last()) {
            (Some(t), Some(s)) if is_digits(text(t)) && is_digits(text(s)) => {
                (t.clone(), s.clone())
            }
            _ => {
                out.push(Diagnostic::on_segment(
                    Code::NameMessageCodeMissing,
                    "message_code",
                    stem_end,
                    "the file name has no message code -T-S before its counter; the MI rejects such names (AnomalieEnveloppe 999)",
                    "le nom de fichier n'a pas de code de message -T-S avant son compteur ; le MI rejette ces noms (AnomalieEnveloppe 999)",
                ));
                return None;
            }
        };

        // Left anchor: optional typologie prefix.
        let first = segs.first().map(&text).unwrap_or_default();
        let second_len = segs.get(1).map_or(0, |r| r.len());
        let third_digits = segs.get(2).is_some_and(|r| is_digits(text(r)));
        let has_prefix =
            first.len() == 5 || (first.len() != 3 && second_len == 3 && third_digits && n >= 8);
        let left = usize::from(has_prefix);
        if n < left + 7 {
            out.push(Diagnostic::on_segment(
                Code::NameStructure,
                "name",
                stem_end,
                "a message or document name is [TYPOL-]DDD-SIREN-YYYYMMDD-NUMERO-NN-T-S_k.ext: segments are missing",
                "un nom de message ou de document est [TYPOL-]DDD-SIREN-AAAAMMJJ-NUMERO-NN-T-S_k.ext : des segments manquent",
            ));
            return None;
        }
        let seg = |i: usize| segs.get(i).cloned().unwrap_or(0..0);
        let typologie_at = has_prefix.then(|| seg(0));
        let departement_at = seg(left);
        let siren_at = seg(left + 1);
        let date_at = seg(left + 2);
        let numero_at = seg(left + 3).start..seg(n - 4).end;
        let nature_at = seg(n - 3);
        let message_code_at = t.start..s.end;
        Some(Layout {
            extension_at,
            counter,
            typologie_at,
            departement_at,
            siren_at,
            date_at,
            numero_at,
            nature_at,
            message_code_at,
        })
    }
}

/// The parts of a message or document name as found, none of them read:
/// what a comparison of names needs, without the cost of [`FileName`]'s
/// typed values and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameParts<'a> {
    pub departement: &'a str,
    pub siren: &'a str,
    pub date: &'a str,
    pub numero: &'a str,
    pub nature: &'a str,
    pub message_code: &'a str,
}

impl FileName {
    /// The lenient parse.
    #[must_use]
    pub fn parse_diagnostics(name: &str) -> Parsed<FileName> {
        let mut out = Vec::new();
        let value = Self::parse_into(name, &mut out);
        out.sort_by_key(|d| d.location.offset.unwrap_or(0));
        Parsed {
            value,
            diagnostics: out,
        }
    }

    /// The parts of `name` as found: `None` exactly when
    /// [`FileName::parse_diagnostics`] gives no value (the name does not
    /// have the layout of a message or document name).
    pub(crate) fn parts(name: &str) -> Option<NameParts<'_>> {
        let l = Layout::find(name, &mut Vec::new())?;
        let text = |r: Range<usize>| name.get(r).unwrap_or_default();
        Some(NameParts {
            departement: text(l.departement_at),
            siren: text(l.siren_at),
            date: text(l.date_at),
            numero: text(l.numero_at),
            nature: text(l.nature_at),
            message_code: text(l.message_code_at),
        })
    }

    fn parse_into(name: &str, out: &mut Vec<Diagnostic>) -> Option<FileName> {
        let Layout {
            extension_at,
            counter,
            typologie_at,
            departement_at,
            siren_at,
            date_at,
            numero_at,
            nature_at,
            message_code_at,
        } = Layout::find(name, out)?;
        let text = |r: &Range<usize>| name.get(r.clone()).unwrap_or_default();
        let typologie = typologie_at
            .as_ref()
            .and_then(|r| absorb(Typologie::parse_diagnostics(text(r)), r.start, out));
        let departement = absorb(
            Departement::parse_diagnostics(text(&departement_at)),
            departement_at.start,
            out,
        );
        let siren = absorb(
            Siren::parse_diagnostics(text(&siren_at)),
            siren_at.start,
            out,
        );
        let date = if date_at.is_empty() {
            None
        } else {
            parse_date(text(&date_at), date_at.start, out)
        };
        let numero = if numero_at.is_empty() {
            None
        } else {
            absorb(
                NumeroInterne::parse_diagnostics(text(&numero_at)),
                numero_at.start,
                out,
            )
        };
        let nn = text(&nature_at);
        let nature = if nn.is_empty() {
            None
        } else if nn.len() == 2 && nn.bytes().all(|b| b.is_ascii_uppercase()) {
            absorb(NatureActe::parse_diagnostics(nn), nature_at.start, out)
        } else {
            out.push(Diagnostic::on_segment(
                Code::NameNatureShape,
                "nature",
                nature_at.start,
                format!("the nature segment is 2 upper-case letters (DE, AR, AI, CC, BF, AU) or empty; found {nn:?}"),
                format!("le segment nature est composé de 2 lettres majuscules (DE, AR, AI, CC, BF, AU) ou vide ; trouvé {nn:?}"),
            ));
            None
        };
        let message_code = absorb(
            MessageCode::parse_diagnostics(text(&message_code_at)),
            message_code_at.start,
            out,
        );
        Some(FileName {
            raw: name.to_string(),
            typologie_at,
            departement_at,
            siren_at,
            date_at,
            numero_at,
            nature_at,
            message_code_at,
            extension_at,
            typologie,
            departement,
            siren,
            date,
            numero,
            nature,
            message_code,
            counter,
        })
    }

    fn text(&self, r: &Range<usize>) -> &str {
        self.raw.get(r.clone()).unwrap_or_default()
    }

    /// The whole name, as read.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Message (an `.xml` stem without typologie prefix) or document.
    #[must_use]
    pub fn kind(&self) -> NameKind {
        if self.typologie_at.is_none() && self.extension().eq_ignore_ascii_case("xml") {
            NameKind::Message
        } else {
            NameKind::Document
        }
    }

    /// The typologie prefix, when present and well-formed.
    #[must_use]
    pub fn typologie(&self) -> Option<Typologie> {
        self.typologie
    }

    /// The typologie prefix as found, when there is one.
    #[must_use]
    pub fn typologie_str(&self) -> Option<&str> {
        self.typologie_at.as_ref().map(|r| self.text(r))
    }

    /// The département, when valid.
    #[must_use]
    pub fn departement(&self) -> Option<Departement> {
        self.departement
    }

    /// The département segment as found.
    #[must_use]
    pub fn departement_str(&self) -> &str {
        self.text(&self.departement_at)
    }

    /// The SIREN, when valid.
    #[must_use]
    pub fn siren(&self) -> Option<Siren> {
        self.siren
    }

    /// The SIREN segment as found (PASTELL-FAST puts a subscriber number
    /// there).
    #[must_use]
    pub fn siren_str(&self) -> &str {
        self.text(&self.siren_at)
    }

    /// The date segment, when present and valid.
    #[must_use]
    pub fn date(&self) -> Option<NaiveDate> {
        self.date
    }

    /// The date segment as found (empty in the 7-1 shape).
    #[must_use]
    pub fn date_str(&self) -> &str {
        self.text(&self.date_at)
    }

    /// The numéro, when present and readable.
    #[must_use]
    pub fn numero(&self) -> Option<NumeroInterne> {
        self.numero
    }

    /// The numéro segment as found (possibly containing `-`, possibly
    /// empty).
    #[must_use]
    pub fn numero_str(&self) -> &str {
        self.text(&self.numero_at)
    }

    /// The nature of the act, when present and valid.
    #[must_use]
    pub fn nature(&self) -> Option<NatureActe> {
        self.nature
    }

    /// The nature segment as found.
    #[must_use]
    pub fn nature_str(&self) -> &str {
        self.text(&self.nature_at)
    }

    /// The message code, when it is one of the protocol's.
    #[must_use]
    pub fn message_code(&self) -> Option<MessageCode> {
        self.message_code
    }

    /// The `T-S` segment as found.
    #[must_use]
    pub fn message_code_str(&self) -> &str {
        self.text(&self.message_code_at)
    }

    /// The counter `k` (`0` usually the message XML, `1` the act, `2…`
    /// annexes; the MI uses other values), when present.
    #[must_use]
    pub fn counter(&self) -> Option<u64> {
        self.counter
    }

    /// The extension as found, without the dot (`pdf`, `PDF`, `xml`…);
    /// empty when the name has none.
    #[must_use]
    pub fn extension(&self) -> &str {
        self.text(&self.extension_at)
    }

    /// The IDActe spelled by the name, when département, SIREN, date,
    /// numéro and nature are all present and valid.
    #[must_use]
    pub fn acte_id(&self) -> Option<ActeId> {
        ActeId::new(
            self.departement?,
            self.siren?,
            self.date?,
            self.numero?,
            self.nature?,
        )
        .ok()
    }

    /// Whether this file is about the act `id`: same département, SIREN,
    /// numéro and nature; the date is a wildcard (a 6-2 or a CL answer can
    /// carry another date than the decision date; SPEC §10.6, §14.1).
    ///
    /// ```
    /// use actes::ids::ActeId;
    /// use actes::naming::FileName;
    /// let id: ActeId = "034-000000000-20170701-20170725A-AI".parse().unwrap();
    /// let f: FileName = "034-000000000-20170725-20170725A-AI-6-2_10.xml".parse().unwrap();
    /// assert!(f.matches_acte(&id));
    /// let other: FileName = "034-000000000-20170701-20170725B-AI-6-2_10.xml".parse().unwrap();
    /// assert!(!other.matches_acte(&id));
    /// ```
    #[must_use]
    pub fn matches_acte(&self, id: &ActeId) -> bool {
        self.departement == Some(id.departement())
            && self.siren == Some(id.siren())
            && self.numero_str() == id.numero().as_str()
            && self.nature == Some(id.nature())
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

string_conversions!(FileName, "an ACTES name");
