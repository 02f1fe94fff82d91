//! [`Field`]: a value read from a message, kept raw when it does not parse.
//!
//! Reading profile: one bad field never loses the rest of the message. Every
//! typed field of a message is a `Field<T>` holding the text found in the
//! document (`raw`) and the typed value when that text parses (`value`). The
//! diagnostics of the parse are reported by the message reader with the
//! field's path.

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, Location, Parsed};
use crate::ids::{
    ActeId, Arrondissement, Departement, NatureActe, NatureCollectivite, NumeroInterne, Siren,
};

/// A value that can be read from, and written to, an XML attribute or text.
///
/// `to_xml` gives the canonical lexical form written by the emission profile
/// (for example `CodeNatureActe` is written as its number `1`…`6`, integers
/// without leading zeros, dates as `YYYY-MM-DD`); `parse_xml` is the lenient
/// reading, with every finding located by segment/offset (the message reader
/// adds the field path).
pub trait FieldValue: Sized {
    /// The canonical lexical form written in messages.
    fn to_xml(&self) -> String;
    /// The lenient parse of the text found in a document.
    fn parse_xml(raw: &str) -> Parsed<Self>;
}

/// A field of a message: the raw text found, and its typed value when the
/// text parses.
///
/// Equality is *typed*: two fields with a value are equal when their values
/// are equal, whatever their raw text (`04` and `4` are the same nature);
/// two fields without a value are equal when their raw texts are equal; a
/// field with a value never equals one without. So a message read from its
/// own output compares equal to the original, and so does a sample re-read
/// after being written canonically.
///
/// ```
/// use actes::messages::Field;
/// use actes::ids::NatureActe;
/// let read: Field<NatureActe> = Field::parse("04").0;
/// assert_eq!(read.raw, "04");
/// assert_eq!(read, Field::new(NatureActe::from_code(4).unwrap()));
/// let bad: Field<NatureActe> = Field::parse("9").0;
/// assert!(bad.value.is_none());
/// assert_eq!(bad.raw, "9");
/// ```
#[derive(Debug, Clone)]
pub struct Field<T> {
    /// The text as found in the document (attribute value or element text,
    /// references resolved, not trimmed).
    pub raw: String,
    /// The typed value, when the text parses.
    pub value: Option<T>,
}

impl<T: PartialEq> PartialEq for Field<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.value, &other.value) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.raw == other.raw,
            _ => false,
        }
    }
}

impl<T: Eq> Eq for Field<T> {}

impl<T> Default for Field<T> {
    /// An absent field: empty raw text, no value.
    fn default() -> Self {
        Field::invalid("")
    }
}

impl<T: FieldValue> Field<T> {
    /// A field holding `value`, its raw text being the canonical form.
    pub fn new(value: T) -> Self {
        Field {
            raw: value.to_xml(),
            value: Some(value),
        }
    }

    /// Parses `raw` leniently: the field, and the diagnostics of the parse
    /// (without field path).
    #[must_use]
    pub fn parse(raw: &str) -> (Self, Vec<Diagnostic>) {
        let parsed = T::parse_xml(raw);
        (
            Field {
                raw: raw.to_string(),
                value: parsed.value,
            },
            parsed.diagnostics,
        )
    }
}

impl<T> Field<T> {
    /// A field whose text did not give a value (or was absent: `raw` empty).
    pub fn invalid(raw: impl Into<String>) -> Self {
        Field {
            raw: raw.into(),
            value: None,
        }
    }

    /// The typed value, if any.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// Whether the field has a typed value.
    pub fn is_valid(&self) -> bool {
        self.value.is_some()
    }
}

impl<T: FieldValue> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::new(value)
    }
}

fn ok<T>(value: T) -> Parsed<T> {
    Parsed {
        value: Some(value),
        diagnostics: Vec::new(),
    }
}

fn shown(raw: &str) -> String {
    let s: String = raw.chars().take(40).collect();
    if raw.chars().nth(40).is_some() {
        format!("{s:?}…")
    } else {
        format!("{s:?}")
    }
}

/// Parses an `xsd:date`: `YYYY-MM-DD`, optionally followed by a time zone
/// (`Z`, `+01:00`), surrounding white space tolerated.
pub fn parse_date(raw: &str) -> Parsed<NaiveDate> {
    let s = raw.trim();
    let b = s.as_bytes();
    let date_part = if b.len() > 10 {
        let tz = s.get(10..).unwrap_or("");
        let tz_ok = tz == "Z"
            || (tz.len() == 6
                && matches!(tz.as_bytes().first(), Some(b'+' | b'-'))
                && tz.get(3..4) == Some(":")
                && tz
                    .bytes()
                    .enumerate()
                    .all(|(i, c)| i == 0 || i == 3 || c.is_ascii_digit()));
        if tz_ok {
            s.get(..10)
        } else {
            None
        }
    } else {
        Some(s)
    };
    let well_formed = date_part.filter(|d| {
        let db = d.as_bytes();
        db.len() == 10
            && db.get(4) == Some(&b'-')
            && db.get(7) == Some(&b'-')
            && db
                .iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    });
    // The digits are checked above: read them directly (chrono's format
    // parser was a tenth of the cost of reading an ARActe).
    let number = |d: &str, range: std::ops::Range<usize>| {
        d.get(range)?.bytes().try_fold(0u32, |n, c| {
            c.is_ascii_digit()
                .then(|| n.saturating_mul(10).saturating_add(u32::from(c - b'0')))
        })
    };
    let date = well_formed.and_then(|d| {
        let year = i32::try_from(number(d, 0..4)?).ok()?;
        NaiveDate::from_ymd_opt(year, number(d, 5..7)?, number(d, 8..10)?)
    });
    match date {
        Some(d) => ok(d),
        None => Parsed {
            value: None,
            diagnostics: vec![Diagnostic::new(
                Code::MsgInvalidDate,
                Location::none(),
                format!("{} is not a date of the form YYYY-MM-DD", shown(raw)),
                format!("{} n'est pas une date de la forme AAAA-MM-JJ", shown(raw)),
            )],
        },
    }
}

/// Parses a non-negative `xsd:integer` (optional `+`, leading zeros allowed,
/// surrounding white space tolerated) into any unsigned type.
pub fn parse_unsigned<T: TryFrom<u128>>(raw: &str) -> Parsed<T> {
    let s = raw.trim();
    let digits = s.strip_prefix('+').unwrap_or(s);
    let value = if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
        let significant = digits.trim_start_matches('0');
        if significant.len() > 38 {
            None
        } else if significant.is_empty() {
            T::try_from(0).ok()
        } else {
            significant
                .parse::<u128>()
                .ok()
                .and_then(|v| T::try_from(v).ok())
        }
    } else {
        None
    };
    match value {
        Some(v) => ok(v),
        None => Parsed {
            value: None,
            diagnostics: vec![Diagnostic::new(
                Code::MsgInvalidInteger,
                Location::none(),
                format!("{} is not a non-negative integer within range", shown(raw)),
                format!(
                    "{} n'est pas un entier positif ou nul dans les bornes",
                    shown(raw)
                ),
            )],
        },
    }
}

impl FieldValue for NaiveDate {
    fn to_xml(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
    fn parse_xml(raw: &str) -> Parsed<Self> {
        parse_date(raw)
    }
}

macro_rules! unsigned_field {
    ($($t:ty),*) => {$(
        impl FieldValue for $t {
            fn to_xml(&self) -> String {
                self.to_string()
            }
            fn parse_xml(raw: &str) -> Parsed<Self> {
                parse_unsigned(raw)
            }
        }
    )*};
}
unsigned_field!(u8, u16, u32, u64);

macro_rules! id_field {
    ($($t:ty),*) => {$(
        impl FieldValue for $t {
            fn to_xml(&self) -> String {
                self.to_string()
            }
            fn parse_xml(raw: &str) -> Parsed<Self> {
                <$t>::parse_diagnostics(raw.trim())
            }
        }
    )*};
}
id_field!(
    ActeId,
    Siren,
    Departement,
    Arrondissement,
    NatureCollectivite,
    NumeroInterne
);

impl FieldValue for NatureActe {
    /// `CodeNatureActe` is an integer in XML: `1`…`6`.
    fn to_xml(&self) -> String {
        self.code().to_string()
    }
    /// The number, leading zeros allowed (`4`, `04`). The abbreviation
    /// (`DE`) is not accepted: the attribute is an `xsd:integer`.
    fn parse_xml(raw: &str) -> Parsed<Self> {
        let s = raw.trim();
        let digits = s.strip_prefix('+').unwrap_or(s);
        if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
            let significant = digits.trim_start_matches('0');
            let canonical = if significant.is_empty() {
                "0"
            } else {
                significant
            };
            NatureActe::parse_diagnostics(canonical)
        } else {
            let mut p = NatureActe::parse_diagnostics(s);
            if p.value.is_some() {
                // An abbreviation where the schema wants a number.
                p.value = None;
                p.diagnostics.push(Diagnostic::new(
                    Code::MsgInvalidInteger,
                    Location::none(),
                    format!(
                        "CodeNatureActe {} must be a number (1-6), not an abbreviation",
                        shown(raw)
                    ),
                    format!(
                        "CodeNatureActe {} doit être un nombre (1 à 6), pas une abréviation",
                        shown(raw)
                    ),
                ));
            }
            p
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2017, 7, 1).expect("date");
        assert_eq!(parse_date("2017-07-01").value, Some(d));
        assert_eq!(parse_date(" 2017-07-01\r\n").value, Some(d));
        assert_eq!(parse_date("2017-07-01Z").value, Some(d));
        assert_eq!(parse_date("2017-07-01+02:00").value, Some(d));
        for bad in [
            "",
            "2017-7-1",
            "2017-02-30",
            "2017-02-29",
            "2017-13-01",
            "2017-00-10",
            "2017-01-00",
            "20170701",
            "2017-07-01T00",
            "x",
        ] {
            let p = parse_date(bad);
            assert!(p.value.is_none(), "{bad}");
            assert_eq!(p.diagnostics[0].code, Code::MsgInvalidDate);
        }
        assert_eq!(
            parse_date("2016-02-29").value,
            NaiveDate::from_ymd_opt(2016, 2, 29)
        );
        assert_eq!(
            parse_date("0001-12-31").value,
            NaiveDate::from_ymd_opt(1, 12, 31)
        );
        assert_eq!(d.to_xml(), "2017-07-01");
    }

    #[test]
    fn integers() {
        assert_eq!(parse_unsigned::<u32>("007").value, Some(7));
        assert_eq!(parse_unsigned::<u32>("+0").value, Some(0));
        assert_eq!(parse_unsigned::<u32>(" 12 ").value, Some(12));
        assert_eq!(
            parse_unsigned::<u64>("00000000000000000000000000000000000000000000001").value,
            Some(1)
        );
        for bad in ["", "-1", "1.0", "abc", "99999999999", "1 2"] {
            let p = parse_unsigned::<u32>(bad);
            assert!(p.value.is_none(), "{bad}");
            assert_eq!(p.diagnostics[0].code, Code::MsgInvalidInteger);
        }
        assert_eq!(7u32.to_xml(), "7");
    }

    #[test]
    fn nature_acte_as_number() {
        let (f, d) = Field::<NatureActe>::parse("04");
        assert!(d.is_empty());
        assert_eq!(f.value, NatureActe::from_code(4));
        assert_eq!(f.value.map(|n| n.to_xml()).as_deref(), Some("4"));
        let (f, d) = Field::<NatureActe>::parse("DE");
        assert!(f.value.is_none());
        assert_eq!(d.last().map(|d| d.code), Some(Code::MsgInvalidInteger));
        let (f, d) = Field::<NatureActe>::parse("7");
        assert!(f.value.is_none());
        assert!(!d.is_empty());
    }

    #[test]
    fn typed_equality() {
        let a: Field<u32> = Field::parse("005").0;
        let b: Field<u32> = Field::new(5);
        assert_eq!(a, b);
        assert_eq!(a.raw, "005");
        let x: Field<u32> = Field::parse("x").0;
        let y: Field<u32> = Field::parse("y").0;
        assert_ne!(x, y);
        assert_ne!(x, b);
        assert_eq!(x, Field::invalid("x"));
    }
}
