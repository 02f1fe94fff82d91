//! Typed identifiers of the ACTES protocol (SPEC §8, §9.1, §3.3).
//!
//! | type | what | example |
//! |---|---|---|
//! | [`Siren`] | SIREN of a collectivité, 9 digits + Luhn key | `216204982` |
//! | [`Departement`] | département code | `062`, `02A`, `974` |
//! | [`Arrondissement`] | arrondissement, one digit | `1` |
//! | [`NatureCollectivite`] | nature of the collectivité (`IDCL/@Nature`) | `31` |
//! | [`NatureActe`] | nature of an act, `1`–`6` ⇄ `DE AR AI CC BF AU` | `DE` |
//! | [`NumeroInterne`] | the act's internal number | `DLB12_14122022` |
//! | [`CodeMatiere`] | classification code, 1–5 levels | `8.9`, `1.1.10` |
//! | [`ActeId`] | `IDActe`, `DDD-SSSSSSSSS-YYYYMMDD-NUMERO-NN` | `062-216204982-20221214-DLB12_14122022-DE` |
//! | [`MessageCode`] | message type `T-S` | `1-2` |
//!
//! Every type has the same entry points:
//! - `parse_diagnostics(&str) -> Parsed<Self>`: the lenient parse, returning
//!   the value when one can be built and **every** finding (errors and
//!   warnings, in input order);
//! - [`FromStr`](std::str::FromStr) and `TryFrom<&str>`, whose error
//!   [`Invalid`](crate::diagnostic::Invalid) holds every diagnostic (warnings
//!   do not make the conversion fail);
//! - [`Display`](std::fmt::Display) in canonical form, which parses back to
//!   the same value;
//! - with the `serde` feature, serialisation as that canonical string and
//!   deserialisation through the parser.
//!
//! Diagnostics are located with [`Location::segment`](crate::diagnostic::Location::segment)
//! and a byte offset into the input. The segment names are
//! `siren`, `departement`, `arrondissement`, `nature_collectivite`,
//! `nature` ([`NatureActe`]), `numero`, `matiere`, `date` (IDActe date),
//! `acte_id` (the IDActe as a whole) and `message_code`. Inside an
//! [`ActeId`], offsets count from the start of the whole identifier.
//!
//! ```
//! use actes::ids::ActeId;
//! let id: ActeId = "062-216204982-20221214-DLB12_14122022-DE".parse().unwrap();
//! assert_eq!(id.siren().as_str(), "216204982");
//!
//! let bad = ActeId::parse_diagnostics("062-216204983-20221314-X-DE");
//! let codes: Vec<_> = bad.diagnostics.iter().map(|d| d.code.as_str()).collect();
//! assert_eq!(codes, ["ID-SIREN-CHECKSUM", "ID-ACTE-DATE-INVALID"]);
//! assert_eq!(bad.diagnostics[0].location.offset, Some(4));
//! ```

mod acte_id;
mod acte_key;
mod arrondissement;
mod arrondissements;
mod code_matiere;
mod departement;
mod message_code;
mod nature_acte;
mod nature_collectivite;
mod numero;
mod segments;
mod siren;
mod typologie;

pub use acte_id::ActeId;
pub use acte_key::{ActeKey, KeyMatch};
pub use arrondissement::Arrondissement;
pub use arrondissements::{arrondissement_name, arrondissements_of, check_arrondissement};
pub use code_matiere::CodeMatiere;
pub use departement::Departement;
pub use message_code::{Direction, Family, MessageCode};
pub use nature_acte::NatureActe;
pub use nature_collectivite::NatureCollectivite;
pub use numero::NumeroInterne;
pub use segments::{parse_yyyymmdd, IdActeSegments, Yyyymmdd};
pub use siren::Siren;
pub use typologie::Typologie;

use crate::diagnostic::{Code, Diagnostic, Location};

/// A diagnostic located in `segment` at byte `offset`.
pub(crate) fn diag(
    code: Code,
    segment: &'static str,
    offset: usize,
    en: impl Into<String>,
    fr: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(code, Location::segment(segment, offset), en, fr)
}

/// Describes the character starting at byte `offset` of `s`, for messages:
/// `'x'` for printable characters, `U+0009` otherwise.
pub(crate) fn describe_char_at(s: &str, offset: usize) -> String {
    match s.get(offset..).and_then(|rest| rest.chars().next()) {
        Some(c) if !c.is_control() && !c.is_whitespace() => format!("'{c}'"),
        Some(c) => format!("U+{:04X}", c as u32),
        None => "end of input".to_string(),
    }
}

/// Sorts diagnostics in input order (stable, by offset).
pub(crate) fn sort_by_offset(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.location.offset.unwrap_or(0));
}

/// Splits one line of the crate's own data files (`data/*.csv`) into fields.
/// A field may be double-quoted to hold commas; the data files contain no
/// escaped quotes.
pub(crate) fn csv_fields(line: &'static str) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            fields.push(quoted.get(..end).unwrap_or(""));
            let after = quoted.get(end + 1..).unwrap_or("");
            match after.strip_prefix(',') {
                Some(r) => rest = r,
                None => break,
            }
        } else {
            match rest.find(',') {
                Some(i) => {
                    fields.push(rest.get(..i).unwrap_or(""));
                    rest = rest.get(i + 1..).unwrap_or("");
                }
                None => {
                    fields.push(rest);
                    break;
                }
            }
        }
    }
    fields
}

/// The data lines of one of the crate's data files: without comments
/// (`#`), blank lines and the header line.
pub(crate) fn data_lines(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .skip(1)
}

/// Implements `FromStr`, `TryFrom<&str>` and (with the `serde` feature)
/// string-based serde for a type that has `parse_diagnostics` and `Display`.
macro_rules! string_conversions {
    ($t:ty, $expecting:literal) => {
        impl std::str::FromStr for $t {
            type Err = $crate::diagnostic::Invalid;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$t>::parse_diagnostics(s).into_result()
            }
        }

        impl TryFrom<&str> for $t {
            type Error = $crate::diagnostic::Invalid;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$t, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
pub(crate) use string_conversions;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_handles_quotes() {
        assert_eq!(csv_fields("41,\"a, b\""), ["41", "a, b"]);
        assert_eq!(csv_fields("001,Ain"), ["001", "Ain"]);
        assert_eq!(csv_fields("\"x\",y"), ["x", "y"]);
        assert_eq!(csv_fields(""), [""]);
    }

    #[test]
    fn describe_char() {
        assert_eq!(describe_char_at("ab", 1), "'b'");
        assert_eq!(describe_char_at("a\tb", 1), "U+0009");
        assert_eq!(describe_char_at("a", 1), "end of input");
        assert_eq!(describe_char_at("é", 1), "end of input");
    }
}
