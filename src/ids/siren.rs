//! SIREN (SPEC §8.3).

use std::fmt;

use super::support::{describe_char_at, sort_by_offset, string_conversions};
use crate::diagnostic::{Code, Diagnostic, Invalid, Parsed};

const SEGMENT: &str = "siren";

/// A SIREN: 9 ASCII digits whose Luhn key is right.
///
/// Reading rule: exactly 9 digits, Luhn-valid (SPEC §8.3 "accept any
/// Luhn-valid 9-digit value"). Unlike S2LOW, whitespace is **not** stripped:
/// `"216 204 982"` is refused with `ID-SIREN-WHITESPACE`, whose message says
/// what the value would be without it. A SIREN starting with `0` is valid
/// but gets the warning `ID-SIREN-LEADING-ZERO`, because S2LOW refuses it.
///
/// Diagnostics (segment `siren`, offsets in bytes):
/// `ID-SIREN-LENGTH` (not 9 characters besides whitespace: at the end of
/// the input when too short, at the 10th character when too long), `ID-SIREN-NOT-DIGIT` (first offending character),
/// `ID-SIREN-WHITESPACE` (first whitespace), `ID-SIREN-CHECKSUM` (offset 0),
/// `ID-SIREN-LEADING-ZERO` (warning, offset 0).
///
/// ```
/// use actes::ids::Siren;
/// let s: Siren = "216204982".parse().unwrap();
/// assert_eq!(s.to_string(), "216204982");
/// assert_eq!(s.value(), 216_204_982);
/// assert!(Siren::is_valid("216204982"));
/// assert!(!Siren::is_valid("216204983"));
///
/// let err = "21620498X".parse::<Siren>().unwrap_err();
/// assert_eq!(err.codes(), ["ID-SIREN-NOT-DIGIT"]);
/// assert_eq!(err.diagnostics[0].location.offset, Some(8));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Siren([u8; 9]);

/// The Luhn sum of 9 ASCII digits (from the right, every second digit is
/// doubled, minus 9 above 9).
fn luhn_sum(d: &[u8; 9]) -> u32 {
    let mut sum = 0u32;
    for (i, &b) in d.iter().enumerate() {
        let v = u32::from(b.wrapping_sub(b'0'));
        sum += if i % 2 == 1 {
            let x = v * 2;
            if x > 9 {
                x - 9
            } else {
                x
            }
        } else {
            v
        };
    }
    sum
}

fn all_digits(d: &[u8]) -> bool {
    d.iter().all(u8::is_ascii_digit)
}

impl Siren {
    /// Fast check, without allocating: 9 ASCII digits and a right Luhn key.
    /// (Warnings such as a leading zero do not make a SIREN invalid.)
    #[must_use]
    pub fn is_valid(s: &str) -> bool {
        match <&[u8; 9]>::try_from(s.as_bytes()) {
            Ok(d) => all_digits(d) && luhn_sum(d) % 10 == 0,
            Err(_) => false,
        }
    }

    /// Completes 8 digits with their Luhn check digit.
    ///
    /// ```
    /// use actes::ids::Siren;
    /// assert_eq!(Siren::complete("21620498").unwrap().as_str(), "216204982");
    /// assert!(Siren::complete("2162049").is_err());
    /// ```
    pub fn complete(first8: &str) -> Result<Siren, Invalid> {
        let b = first8.as_bytes();
        let Some(head) = <&[u8; 8]>::try_from(b).ok().filter(|h| all_digits(&h[..])) else {
            return Err(Invalid::one(Diagnostic::on_segment(
                Code::IdSirenLength,
                SEGMENT,
                0,
                format!("{first8:?} is not 8 digits, so no check digit can be computed"),
                format!(
                    "{first8:?} n'est pas composé de 8 chiffres : impossible de calculer la clé"
                ),
            )));
        };
        let mut d = [b'0'; 9];
        d[..8].copy_from_slice(head);
        let key = (10 - luhn_sum(&d) % 10) % 10;
        // `key` is a single digit, so the cast cannot truncate.
        d[8] = b'0' + key as u8;
        Ok(Siren(d))
    }

    /// The lenient parse: the value when valid, and every finding.
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<Siren> {
        if let Ok(d) = <&[u8; 9]>::try_from(s.as_bytes()) {
            if all_digits(d) && luhn_sum(d) % 10 == 0 {
                let mut diagnostics = Vec::new();
                if d[0] == b'0' {
                    diagnostics.push(Diagnostic::on_segment(
                        Code::IdSirenLeadingZero,
                        SEGMENT,
                        0,
                        format!("the SIREN {s} starts with 0: valid, but S2LOW refuses it"),
                        format!("le SIREN {s} commence par 0 : valide, mais S2LOW le refuse"),
                    ));
                }
                return Parsed {
                    value: Some(Siren(*d)),
                    diagnostics,
                };
            }
        }
        Parsed {
            value: None,
            diagnostics: slow_diagnostics(s),
        }
    }

    /// The 9 digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // The array only ever holds ASCII digits.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The 9 digits as bytes, without the UTF-8 check of [`Siren::as_str`]
    /// (for writers of many records).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 9] {
        &self.0
    }

    /// The SIREN as a number (leading zeros are lost: use [`Siren::as_str`]
    /// to print it).
    #[must_use]
    pub fn value(&self) -> u32 {
        self.0
            .iter()
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b.wrapping_sub(b'0')))
    }
}

/// Findings for an input that failed the fast path (always at least one
/// error).
fn slow_diagnostics(s: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if s.is_empty() {
        diags.push(Diagnostic::on_segment(
            Code::IdSirenLength,
            SEGMENT,
            0,
            "the SIREN is empty; 9 digits are required",
            "le SIREN est vide ; 9 chiffres sont requis",
        ));
        return diags;
    }
    let mut first_ws = None;
    let mut ws_count = 0usize;
    let mut first_other = None;
    let mut other_count = 0usize;
    let mut digits = [b'0'; 9];
    let mut ndigits = 0usize;
    // Characters other than whitespace (which has its own code).
    let mut nchars = 0usize;
    let mut tenth_char = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            first_ws.get_or_insert(i);
            ws_count += 1;
            continue;
        }
        nchars += 1;
        if nchars == 10 {
            tenth_char = Some(i);
        }
        if c.is_ascii_digit() {
            if let Some(slot) = digits.get_mut(ndigits) {
                *slot = c as u8;
            }
            ndigits += 1;
        } else {
            first_other.get_or_insert(i);
            other_count += 1;
        }
    }
    if let Some(i) = first_other {
        let what = describe_char_at(s, i);
        let more_en = if other_count > 1 {
            format!(" (and {} more)", other_count - 1)
        } else {
            String::new()
        };
        let more_fr = if other_count > 1 {
            format!(" (et {} autre(s))", other_count - 1)
        } else {
            String::new()
        };
        diags.push(Diagnostic::on_segment(
            Code::IdSirenNotDigit,
            SEGMENT,
            i,
            format!("a SIREN contains only digits; found {what} at byte {i}{more_en}"),
            format!("un SIREN ne contient que des chiffres ; {what} trouvé à l'octet {i}{more_fr}"),
        ));
    }
    let luhn_ok = ndigits == 9 && luhn_sum(&digits) % 10 == 0;
    if let Some(i) = first_ws {
        let (hint_en, hint_fr) = if first_other.is_none() && luhn_ok {
            let v = std::str::from_utf8(&digits).unwrap_or_default();
            (
                format!("; without whitespace, it would be the valid SIREN {v}"),
                format!(" ; sans ces espaces, ce serait le SIREN valide {v}"),
            )
        } else {
            (String::new(), String::new())
        };
        diags.push(Diagnostic::on_segment(
            Code::IdSirenWhitespace,
            SEGMENT,
            i,
            format!("the SIREN contains {ws_count} whitespace character(s), first at byte {i}{hint_en}"),
            format!("le SIREN contient {ws_count} caractère(s) d'espacement, le premier à l'octet {i}{hint_fr}"),
        ));
    }
    if nchars != 9 {
        let offset = tenth_char.unwrap_or(s.len());
        diags.push(Diagnostic::on_segment(
            Code::IdSirenLength,
            SEGMENT,
            offset,
            format!("the SIREN has {nchars} character(s); exactly 9 digits are required"),
            format!("le SIREN comporte {nchars} caractère(s) ; il faut exactement 9 chiffres"),
        ));
    } else if first_other.is_none() && !luhn_ok {
        diags.push(Diagnostic::on_segment(
            Code::IdSirenChecksum,
            SEGMENT,
            0,
            "the SIREN check digit (Luhn) is wrong",
            "la clé de contrôle (Luhn) du SIREN est fausse",
        ));
    }
    sort_by_offset(&mut diags);
    diags
}

impl fmt::Display for Siren {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_conversions!(Siren, "a SIREN (9 digits)");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Lang, Severity};

    fn codes_offsets(s: &str) -> Vec<(&'static str, usize)> {
        Siren::parse_diagnostics(s)
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.offset.unwrap_or(usize::MAX)))
            .collect()
    }

    #[test]
    fn valid_sirens() {
        for s in [
            "216204982",
            "217500016",
            "229850003",
            "200054781",
            "356000000",
        ] {
            let p = Siren::parse_diagnostics(s);
            assert!(p.is_valid(), "{s}");
            assert!(p.diagnostics.is_empty(), "{s}");
            assert!(Siren::is_valid(s));
            assert_eq!(p.value.unwrap().to_string(), s);
        }
    }

    #[test]
    fn checksum() {
        assert_eq!(codes_offsets("216204983"), [("ID-SIREN-CHECKSUM", 0)]);
        assert_eq!(codes_offsets("123456789"), [("ID-SIREN-CHECKSUM", 0)]);
        assert!(!Siren::is_valid("123456789"));
        let e = "123456789".parse::<Siren>().unwrap_err();
        assert_eq!(
            e.diagnostics[0].message(Lang::Fr),
            "la clé de contrôle (Luhn) du SIREN est fausse"
        );
        assert_eq!(
            e.diagnostics[0].message(Lang::En),
            "the SIREN check digit (Luhn) is wrong"
        );
    }

    #[test]
    fn length() {
        assert_eq!(codes_offsets(""), [("ID-SIREN-LENGTH", 0)]);
        assert_eq!(codes_offsets("21620498"), [("ID-SIREN-LENGTH", 8)]);
        assert_eq!(codes_offsets("2162049820"), [("ID-SIREN-LENGTH", 9)]);
        let p = Siren::parse_diagnostics("21620498");
        assert_eq!(
            p.diagnostics[0].message(Lang::En),
            "the SIREN has 8 character(s); exactly 9 digits are required"
        );
        assert_eq!(
            p.diagnostics[0].message(Lang::Fr),
            "le SIREN comporte 8 caractère(s) ; il faut exactement 9 chiffres"
        );
    }

    #[test]
    fn not_digit() {
        assert_eq!(codes_offsets("21620498X"), [("ID-SIREN-NOT-DIGIT", 8)]);
        assert_eq!(codes_offsets("2A6204B82"), [("ID-SIREN-NOT-DIGIT", 1)]);
        // Non-ASCII: the offset is the byte where the character starts.
        assert_eq!(codes_offsets("2é6204982"), [("ID-SIREN-NOT-DIGIT", 1)]);
        assert_eq!(
            codes_offsets("2é620498"),
            [("ID-SIREN-NOT-DIGIT", 1), ("ID-SIREN-LENGTH", 9)]
        );
        assert_eq!(
            codes_offsets("21620498XY"),
            [("ID-SIREN-NOT-DIGIT", 8), ("ID-SIREN-LENGTH", 9)]
        );
    }

    #[test]
    fn whitespace_is_not_stripped() {
        assert_eq!(codes_offsets("216 204 982"), [("ID-SIREN-WHITESPACE", 3)]);
        let p = Siren::parse_diagnostics("216 204 982");
        assert!(p.value.is_none());
        assert!(p.diagnostics[0]
            .message(Lang::En)
            .ends_with("without whitespace, it would be the valid SIREN 216204982"));
        assert_eq!(codes_offsets(" 216204982"), [("ID-SIREN-WHITESPACE", 0)]);
        assert_eq!(codes_offsets("216204982\n"), [("ID-SIREN-WHITESPACE", 9)]);
    }

    #[test]
    fn leading_zero_is_a_warning() {
        let p = Siren::parse_diagnostics("000000000");
        assert!(p.is_valid());
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, Code::IdSirenLeadingZero);
        assert_eq!(p.diagnostics[0].severity, Severity::Warning);
        assert!("000000000".parse::<Siren>().is_ok());
    }

    #[test]
    fn complete_and_value() {
        let s = Siren::complete("21620498").unwrap();
        assert_eq!(s.as_str(), "216204982");
        assert_eq!(Siren::complete("00000001").unwrap().value(), 18);
        assert_eq!(
            Siren::complete("1234567").unwrap_err().codes(),
            ["ID-SIREN-LENGTH"]
        );
        assert!(Siren::try_from("216204982").is_ok());
    }
}
