//! The structural split of a raw `IDActe` (SPEC §8.1), shared by every
//! module that looks inside one, and the one `YYYYMMDD` reader and writer.

use std::fmt;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};

/// The five segments of a raw `IDActe`, found without validating them.
///
/// The input is cut at its first three `-` and at its last one, so a numéro
/// containing `-` (2011 XSD) stays in one piece. Each segment is a byte
/// range of the input; a segment is absent when the input has too few `-`.
/// Nothing else is checked: [`ActeId::parse_diagnostics`](super::ActeId::parse_diagnostics)
/// validates each segment, [`IdActeSegments::is_well_shaped`] checks only
/// the widths.
///
/// ```
/// use actes::ids::IdActeSegments;
/// let s = IdActeSegments::split("006-210600235-20180522-6-84-AI");
/// assert_eq!(s.siren(), Some("210600235"));
/// assert_eq!(s.numero(), Some("6-84"));
/// assert_eq!(s.numero_range(), Some(23..27));
/// assert_eq!(s.nature(), Some("AI"));
/// assert!(s.is_well_shaped());
/// assert_eq!(IdActeSegments::split("006-210600235").date(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdActeSegments<'a> {
    input: &'a str,
    /// Byte offsets of the first three `-`.
    h1: Option<usize>,
    h2: Option<usize>,
    h3: Option<usize>,
    /// Byte offset of the last `-`, when after the third.
    last: Option<usize>,
}

fn next_hyphen(b: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == b'-')
        .map(|p| p + from)
}

impl<'a> IdActeSegments<'a> {
    /// Splits `input` (not trimmed: offsets count from its first byte).
    #[must_use]
    pub fn split(input: &'a str) -> IdActeSegments<'a> {
        let b = input.as_bytes();
        let h1 = next_hyphen(b, 0);
        let h2 = h1.and_then(|h| next_hyphen(b, h + 1));
        let h3 = h2.and_then(|h| next_hyphen(b, h + 1));
        let last = b
            .iter()
            .rposition(|&c| c == b'-')
            .filter(|&l| h3.is_some_and(|h3| l > h3));
        IdActeSegments {
            input,
            h1,
            h2,
            h3,
            last,
        }
    }

    /// The whole input.
    #[must_use]
    pub fn input(&self) -> &'a str {
        self.input
    }

    fn get(&self, r: Option<Range<usize>>) -> Option<&'a str> {
        r.and_then(|r| self.input.get(r))
    }

    /// Byte range of the département (before the first `-`).
    #[must_use]
    pub fn departement_range(&self) -> Option<Range<usize>> {
        self.h1.map(|h1| 0..h1)
    }

    /// Byte range of the SIREN.
    #[must_use]
    pub fn siren_range(&self) -> Option<Range<usize>> {
        Some(self.h1? + 1..self.h2?)
    }

    /// Byte range of the date.
    #[must_use]
    pub fn date_range(&self) -> Option<Range<usize>> {
        Some(self.h2? + 1..self.h3?)
    }

    /// Byte range of the numéro (between the third and the last `-`).
    #[must_use]
    pub fn numero_range(&self) -> Option<Range<usize>> {
        Some(self.h3? + 1..self.last?)
    }

    /// Byte range of the nature (after the last `-`).
    #[must_use]
    pub fn nature_range(&self) -> Option<Range<usize>> {
        Some(self.last? + 1..self.input.len())
    }

    /// The département segment.
    #[must_use]
    pub fn departement(&self) -> Option<&'a str> {
        self.get(self.departement_range())
    }

    /// The SIREN segment.
    #[must_use]
    pub fn siren(&self) -> Option<&'a str> {
        self.get(self.siren_range())
    }

    /// The date segment.
    #[must_use]
    pub fn date(&self) -> Option<&'a str> {
        self.get(self.date_range())
    }

    /// The numéro segment.
    #[must_use]
    pub fn numero(&self) -> Option<&'a str> {
        self.get(self.numero_range())
    }

    /// The nature segment.
    #[must_use]
    pub fn nature(&self) -> Option<&'a str> {
        self.get(self.nature_range())
    }

    /// Whether all five segments are present.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.last.is_some()
    }

    /// The date segment read as a calendar date, when it is one.
    pub fn date_value(&self) -> Option<NaiveDate> {
        self.date().and_then(parse_yyyymmdd)
    }

    /// Whether the segments have the widths of SPEC §8.1 (3 characters,
    /// 9 digits, 8 digits, a non-empty numéro, 2 characters), without
    /// checking the SIREN key, the date or the nature code.
    #[must_use]
    pub fn is_well_shaped(&self) -> bool {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match (
            self.departement(),
            self.siren(),
            self.date(),
            self.numero(),
            self.nature(),
        ) {
            (Some(d), Some(s), Some(t), Some(n), Some(a)) => {
                d.len() == 3 && digits(s, 9) && digits(t, 8) && !n.is_empty() && a.len() == 2
            }
            _ => false,
        }
    }

    /// `Some(self)` when [`is_well_shaped`](Self::is_well_shaped).
    #[must_use]
    pub fn well_shaped(self) -> Option<IdActeSegments<'a>> {
        self.is_well_shaped().then_some(self)
    }
}

/// Reads 8 ASCII digits `YYYYMMDD` as a calendar date.
///
/// ```
/// use actes::ids::parse_yyyymmdd;
/// assert_eq!(parse_yyyymmdd("20221214").map(|d| d.to_string()).as_deref(), Some("2022-12-14"));
/// assert_eq!(parse_yyyymmdd("20221314"), None);
/// assert_eq!(parse_yyyymmdd("2022-12-1"), None);
/// ```
pub fn parse_yyyymmdd(s: &str) -> Option<NaiveDate> {
    let digits = <&[u8; 8]>::try_from(s.as_bytes()).ok()?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (y, m, d) = yyyymmdd_fields(digits);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// The year, month and day numbers of 8 ASCII digits (not checked).
pub(crate) fn yyyymmdd_fields(digits: &[u8; 8]) -> (u32, u32, u32) {
    let num = |r: Range<usize>| -> u32 {
        digits
            .get(r)
            .unwrap_or_default()
            .iter()
            .fold(0u32, |acc, &c| acc * 10 + u32::from(c.wrapping_sub(b'0')))
    };
    (num(0..4), num(4..6), num(6..8))
}

/// Writes a date as `YYYYMMDD` (the form of `IDActe` and file names).
///
/// ```
/// use actes::ids::Yyyymmdd;
/// let d = chrono::NaiveDate::from_ymd_opt(2022, 12, 4).unwrap();
/// assert_eq!(Yyyymmdd(d).to_string(), "20221204");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Yyyymmdd(pub NaiveDate);

impl fmt::Display for Yyyymmdd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(f, "{:04}{:02}{:02}", d.year(), d.month(), d.day())
    }
}

/// The ten bytes `YYYY-MM-DD` of a date of the years 0 to 9999 (chrono's
/// `Display` of it, without going through the formatter: the JSON writers
/// and the Python package put one in every record); `None` for other
/// years, which chrono writes with a sign.
///
/// ```
/// use actes::ids::iso_date_bytes;
/// let d = chrono::NaiveDate::from_ymd_opt(2022, 12, 14).unwrap();
/// assert_eq!(iso_date_bytes(d), Some(*b"2022-12-14"));
/// assert_eq!(iso_date_bytes(chrono::NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap()), None);
/// ```
#[must_use]
pub fn iso_date_bytes(d: NaiveDate) -> Option<[u8; 10]> {
    let y = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (m, day) = (d.month(), d.day());
    Some([
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_of_short_inputs_are_absent() {
        let s = IdActeSegments::split("");
        assert_eq!(s.departement(), None);
        let s = IdActeSegments::split("a-b-c-d");
        assert_eq!(s.date(), Some("c"));
        assert_eq!(s.numero(), None);
        assert!(!s.is_complete());
        let s = IdActeSegments::split("a-b-c--");
        assert_eq!(s.numero(), Some(""));
        assert_eq!(s.nature(), Some(""));
        assert!(!s.is_well_shaped());
    }

    #[test]
    fn dates_round_trip() {
        for s in ["00010101", "20240229", "99991231"] {
            let d = parse_yyyymmdd(s).unwrap();
            assert_eq!(Yyyymmdd(d).to_string(), s);
        }
        assert_eq!(parse_yyyymmdd("20230229"), None);
        assert_eq!(parse_yyyymmdd("2023022a"), None);
    }
}
