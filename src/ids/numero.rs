//! `NumeroInterne`, the act's internal number (SPEC §8.2, rule E1).

use std::fmt;

use super::support::{describe_char_at, sort_by_offset, string_conversions};
use crate::diagnostic::{Code, Diagnostic, Invalid, Parsed};

const SEGMENT: &str = "numero";

/// The maximum length of a numéro, in characters (all schemas).
pub(crate) const MAX_LEN: usize = 15;

/// The numéro interne of an act, stored inline (the type is `Copy`).
///
/// **Reading rule** (the widest any schema or peer allows): 1 to 15
/// characters among `A-Z a-z 0-9 _ -` and space, anywhere. This admits the
/// 2011 XSD pattern (lower case, `-` and space inside), PASTELL's leading and
/// trailing `_`, and the 2003 example `9999aaa`. Anything else is an error:
/// `ID-NUMERO-EMPTY` (offset 0), `ID-NUMERO-CHAR` (first offending
/// character; the message counts the others), `ID-NUMERO-TOO-LONG` (offset
/// of the 16th character).
///
/// **Emission profile** (rule E1, `^[A-Z0-9]([A-Z0-9_]{0,13}[A-Z0-9])?$`):
/// each deviation of a readable numéro is a warning with its own code, at
/// its first offset: `ID-NUMERO-LOWERCASE`, `ID-NUMERO-HYPHEN`,
/// `ID-NUMERO-SPACE`, and `ID-NUMERO-EDGE-UNDERSCORE` (one per edge). They
/// are part of [`NumeroInterne::parse_diagnostics`] and also available on a
/// value through [`NumeroInterne::emission_diagnostics`].
///
/// Segment name: `numero`.
///
/// ```
/// use actes::ids::NumeroInterne;
/// let n: NumeroInterne = "DLB12_14122022".parse().unwrap();
/// assert!(n.is_emission_valid());
///
/// let old = NumeroInterne::parse_diagnostics("9999aaa");
/// assert!(old.is_valid()); // readable...
/// assert_eq!(old.diagnostics[0].code.as_str(), "ID-NUMERO-LOWERCASE"); // ...not emittable
/// assert_eq!(old.diagnostics[0].location.offset, Some(4));
///
/// assert!("D2019/03".parse::<NumeroInterne>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumeroInterne {
    /// ASCII bytes, zero-padded after `len`.
    bytes: [u8; MAX_LEN],
    len: u8,
}

fn readable(b: u8) -> bool {
    matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b' ')
}

fn emission_inner(b: u8) -> bool {
    matches!(b, b'A'..=b'Z' | b'0'..=b'9' | b'_')
}

/// Whether `b` matches the emission profile E1.
fn emission_ok(b: &[u8]) -> bool {
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            b.len() <= MAX_LEN
                && first != b'_'
                && last != b'_'
                && b.iter().all(|&c| emission_inner(c))
        }
        _ => false,
    }
}

impl NumeroInterne {
    /// The lenient parse: the value when readable, every error, and the
    /// emission-profile warnings of a readable value.
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<NumeroInterne> {
        let b = s.as_bytes();
        if emission_ok(b) {
            return Parsed {
                value: Self::from_bytes(b),
                diagnostics: Vec::new(),
            };
        }
        let mut diagnostics = Vec::new();
        if s.is_empty() {
            diagnostics.push(Diagnostic::on_segment(
                Code::IdNumeroEmpty,
                SEGMENT,
                0,
                "the numéro interne is empty",
                "le numéro interne est vide",
            ));
            return Parsed {
                value: None,
                diagnostics,
            };
        }
        let mut first_bad = None;
        let mut bad_count = 0usize;
        let mut nchars = 0usize;
        let mut sixteenth = None;
        for (i, c) in s.char_indices() {
            nchars += 1;
            if nchars == MAX_LEN + 1 {
                sixteenth = Some(i);
            }
            if !(c.is_ascii() && readable(c as u8)) {
                first_bad.get_or_insert(i);
                bad_count += 1;
            }
        }
        if let Some(i) = first_bad {
            let what = describe_char_at(s, i);
            let (more_en, more_fr) = if bad_count > 1 {
                (
                    format!(" (and {} more)", bad_count - 1),
                    format!(" (et {} autre(s))", bad_count - 1),
                )
            } else {
                (String::new(), String::new())
            };
            diagnostics.push(Diagnostic::on_segment(
                Code::IdNumeroChar,
                SEGMENT,
                i,
                format!("the numéro interne may only contain A-Z, 0-9 and _ (emission profile E1; lower case, '-' and spaces are read with a warning); found {what}{more_en}"),
                format!("le numéro interne ne peut contenir que A-Z, 0-9 et _ (profil d'émission E1 ; minuscules, « - » et espaces sont lus avec un avertissement) ; trouvé {what}{more_fr}"),
            ));
        }
        if let Some(i) = sixteenth {
            diagnostics.push(Diagnostic::on_segment(
                Code::IdNumeroTooLong,
                SEGMENT,
                i,
                format!("the numéro interne has {nchars} characters; 15 at most"),
                format!("le numéro interne comporte {nchars} caractères ; 15 au maximum"),
            ));
        }
        if !diagnostics.is_empty() {
            sort_by_offset(&mut diagnostics);
            return Parsed {
                value: None,
                diagnostics,
            };
        }
        let value = Self::from_bytes(b);
        if let Some(v) = &value {
            diagnostics = v.emission_diagnostics();
        }
        Parsed { value, diagnostics }
    }

    /// Builds the value from readable bytes (1–15 of them).
    fn from_bytes(b: &[u8]) -> Option<NumeroInterne> {
        if b.is_empty() || b.len() > MAX_LEN {
            return None;
        }
        let mut bytes = [0u8; MAX_LEN];
        bytes.get_mut(..b.len())?.copy_from_slice(b);
        Some(NumeroInterne {
            bytes,
            len: u8::try_from(b.len()).ok()?,
        })
    }

    /// The numéro, verbatim.
    #[must_use]
    pub fn as_str(&self) -> &str {
        let b = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        // Only readable ASCII bytes are ever stored.
        std::str::from_utf8(b).unwrap_or_default()
    }

    /// The numéro as bytes (ASCII), without the UTF-8 check of
    /// [`NumeroInterne::as_str`] (for writers of many records).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// The length in characters (1 to 15).
    #[must_use]
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Always `false`: a numéro has at least one character. (Provided for
    /// symmetry with [`NumeroInterne::len`].)
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the numéro matches the emission profile E1
    /// `^[A-Z0-9]([A-Z0-9_]{0,13}[A-Z0-9])?$`.
    #[must_use]
    pub fn is_emission_valid(&self) -> bool {
        emission_ok(self.as_str().as_bytes())
    }

    /// The emission-profile warnings (empty when E1 is met), in input order.
    pub fn emission_diagnostics(&self) -> Vec<Diagnostic> {
        let s = self.as_str();
        let b = s.as_bytes();
        let mut diagnostics = Vec::new();
        if emission_ok(b) {
            return diagnostics;
        }
        let first = |pred: fn(&u8) -> bool| -> Option<(usize, usize)> {
            let i = b.iter().position(pred)?;
            Some((i, b.iter().filter(|c| pred(c)).count()))
        };
        if let Some((i, n)) = first(u8::is_ascii_lowercase) {
            diagnostics.push(Diagnostic::on_segment(
                Code::IdNumeroLowercase,
                SEGMENT,
                i,
                format!("the numéro interne {s} has {n} lower-case letter(s); emission requires upper case"),
                format!("le numéro interne {s} contient {n} minuscule(s) ; il ne peut contenir que des chiffres, des lettres en majuscules et _"),
            ));
        }
        if let Some((i, n)) = first(|&c| c == b'-') {
            diagnostics.push(Diagnostic::on_segment(
                Code::IdNumeroHyphen,
                SEGMENT,
                i,
                format!("the numéro interne {s} has {n} '-'; emission allows only A-Z, 0-9 and _"),
                format!("le numéro interne {s} contient {n} « - » ; il ne peut contenir que des chiffres, des lettres en majuscules et _"),
            ));
        }
        if let Some((i, n)) = first(|&c| c == b' ') {
            diagnostics.push(Diagnostic::on_segment(
                Code::IdNumeroSpace,
                SEGMENT,
                i,
                format!("the numéro interne {s:?} has {n} space(s); emission allows only A-Z, 0-9 and _"),
                format!("le numéro interne {s:?} contient {n} espace(s) ; les espaces ne sont pas autorisés"),
            ));
        }
        let last = b.len().saturating_sub(1);
        if b.first() == Some(&b'_') {
            diagnostics.push(Diagnostic::on_segment(
                Code::IdNumeroEdgeUnderscore,
                SEGMENT,
                0,
                format!("the numéro interne {s} starts with '_'; emission requires a letter or digit at both ends"),
                format!("le numéro interne {s} commence par « _ » ; il doit commencer et finir par une lettre ou un chiffre"),
            ));
        }
        if last > 0 && b.last() == Some(&b'_') {
            diagnostics.push(Diagnostic::on_segment(
                Code::IdNumeroEdgeUnderscore,
                SEGMENT,
                last,
                format!("the numéro interne {s} ends with '_'; emission requires a letter or digit at both ends"),
                format!("le numéro interne {s} finit par « _ » ; il doit commencer et finir par une lettre ou un chiffre"),
            ));
        }
        sort_by_offset(&mut diagnostics);
        diagnostics
    }

    /// Like [`FromStr`](std::str::FromStr), but also refuses a numéro that
    /// does not meet the emission profile: the check a writer applies.
    ///
    /// ```
    /// use actes::ids::NumeroInterne;
    /// assert!(NumeroInterne::for_emission("2017_048").is_ok());
    /// let err = NumeroInterne::for_emission("2017-048").unwrap_err();
    /// assert_eq!(err.codes(), ["ID-NUMERO-HYPHEN"]);
    /// ```
    pub fn for_emission(s: &str) -> Result<NumeroInterne, Invalid> {
        let p = Self::parse_diagnostics(s);
        match p.value {
            Some(v) if p.diagnostics.is_empty() => Ok(v),
            _ => Err(Invalid {
                diagnostics: p.diagnostics.into_iter().map(Diagnostic::strict).collect(),
            }),
        }
    }
}

impl fmt::Display for NumeroInterne {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for NumeroInterne {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("NumeroInterne")
            .field(&self.as_str())
            .finish()
    }
}

string_conversions!(NumeroInterne, "a numéro interne (1 to 15 characters)");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Lang, Severity};

    fn codes_offsets(s: &str) -> Vec<(&'static str, usize)> {
        NumeroInterne::parse_diagnostics(s)
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.offset.unwrap_or(usize::MAX)))
            .collect()
    }

    #[test]
    fn observed_values_meet_the_profile() {
        for s in [
            "D201717",
            "TEST42",
            "20170721D",
            "CL20171227_06",
            "2017_048",
            "684",
            "TEST_DGCL_4",
            "201810241022",
            "ARP201706407",
            "D2019_03",
            "A",
            "ABCDEFGHIJKLMNO",
        ] {
            let p = NumeroInterne::parse_diagnostics(s);
            assert!(p.is_valid(), "{s}");
            assert!(p.diagnostics.is_empty(), "{s}");
            let v = p.value.unwrap();
            assert_eq!(v.as_str(), s);
            assert_eq!(v.len(), s.len());
            assert!(!v.is_empty());
            assert!(v.is_emission_valid());
            assert_eq!(format!("{v:?}"), format!("NumeroInterne({s:?})"));
        }
    }

    #[test]
    fn reading_rule_errors() {
        assert_eq!(codes_offsets(""), [("ID-NUMERO-EMPTY", 0)]);
        assert_eq!(codes_offsets("D2019/03"), [("ID-NUMERO-CHAR", 5)]);
        assert_eq!(codes_offsets("Délib"), [("ID-NUMERO-CHAR", 1)]);
        assert_eq!(
            codes_offsets("ABCDEFGHIJKLMNOP"),
            [("ID-NUMERO-TOO-LONG", 15)]
        );
        assert_eq!(
            codes_offsets("A.B.CDEFGHIJKLMNOP"),
            [("ID-NUMERO-CHAR", 1), ("ID-NUMERO-TOO-LONG", 15)]
        );
        let p = NumeroInterne::parse_diagnostics("A.B.C");
        assert_eq!(
            p.diagnostics[0].message(Lang::En),
            "the numéro interne may only contain A-Z, 0-9 and _ (emission profile E1; lower case, '-' and spaces are read with a warning); found '.' (and 1 more)"
        );
        let p = NumeroInterne::parse_diagnostics("ABCDEFGHIJKLMNOP");
        assert_eq!(
            p.diagnostics[0].message(Lang::Fr),
            "le numéro interne comporte 16 caractères ; 15 au maximum"
        );
    }

    #[test]
    fn emission_profile_warnings() {
        assert_eq!(codes_offsets("9999aaa"), [("ID-NUMERO-LOWERCASE", 4)]);
        assert_eq!(codes_offsets("2017-048"), [("ID-NUMERO-HYPHEN", 4)]);
        assert_eq!(codes_offsets("D 12"), [("ID-NUMERO-SPACE", 1)]);
        assert_eq!(codes_offsets("_D12"), [("ID-NUMERO-EDGE-UNDERSCORE", 0)]);
        assert_eq!(codes_offsets("D12_"), [("ID-NUMERO-EDGE-UNDERSCORE", 3)]);
        assert_eq!(codes_offsets("_"), [("ID-NUMERO-EDGE-UNDERSCORE", 0)]);
        assert_eq!(
            codes_offsets("_a-b c_"),
            [
                ("ID-NUMERO-EDGE-UNDERSCORE", 0),
                ("ID-NUMERO-LOWERCASE", 1),
                ("ID-NUMERO-HYPHEN", 2),
                ("ID-NUMERO-SPACE", 4),
                ("ID-NUMERO-EDGE-UNDERSCORE", 6),
            ]
        );
        let p = NumeroInterne::parse_diagnostics("9999aaa");
        assert!(p.is_valid());
        assert!(p
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning));
        assert_eq!(
            p.diagnostics[0].message(Lang::Fr),
            "le numéro interne 9999aaa contient 3 minuscule(s) ; il ne peut contenir que des chiffres, des lettres en majuscules et _"
        );
        let v = p.value.unwrap();
        assert!(!v.is_emission_valid());
        assert_eq!(v.emission_diagnostics().len(), 1);
        let e = NumeroInterne::for_emission("9999aaa").unwrap_err();
        assert_eq!(e.codes(), ["ID-NUMERO-LOWERCASE"]);
        assert_eq!(e.diagnostics[0].severity, Severity::Error);
    }

    #[test]
    fn ordering_is_lexicographic() {
        let a: NumeroInterne = "A".parse().unwrap();
        let a0: NumeroInterne = "A0".parse().unwrap();
        let b: NumeroInterne = "B".parse().unwrap();
        assert!(a < a0 && a0 < b);
    }
}
