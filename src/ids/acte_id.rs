//! `IDActe` (SPEC §8.1).

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::departement::Departement;
use super::nature_acte::NatureActe;
use super::numero::NumeroInterne;
use super::segments::{yyyymmdd_fields, IdActeSegments, Yyyymmdd};
use super::siren::Siren;
use super::support::describe_char_at;
use crate::diagnostic::{Code, Diagnostic, Invalid, Parsed};

const SEGMENT: &str = "acte_id";
const DATE: &str = "date";
const NATURE: &str = "nature";

/// The maximum length of an IDActe (XSD 2011 `maxLength 41`).
pub const MAX_LEN: usize = 41;

/// An act identifier, `DDD-SSSSSSSSS-YYYYMMDD-NUMERO-NN`
/// (`062-216204982-20221214-DLB12_14122022-DE`).
///
/// All parts are stored inline: the type is `Copy` and parsing a valid
/// identifier allocates nothing.
///
/// **Splitting.** The identifier is cut at its first three `-` and at its
/// last one. For a well-formed identifier this is exactly the fixed-width
/// split of SPEC §8.1 (3 characters, 9 digits, 8 digits on the left; 2
/// letters on the right), so a numéro containing `-` (2011 XSD) stays
/// unambiguous; for a malformed one it keeps each segment's diagnostics
/// meaningful.
///
/// **Segments** and their diagnostics (offsets count from the start of the
/// whole identifier):
/// - `departement`: see [`Departement`] (unknown-but-well-formed is a warning);
/// - `siren`: see [`Siren`];
/// - `date`: `ID-ACTE-DATE-SHAPE` (not 8 digits), `ID-ACTE-DATE-INVALID`
///   (not a calendar date);
/// - `numero`: see [`NumeroInterne`] (reading rule; emission-profile
///   findings are warnings);
/// - `nature`: `ID-NATURE-ACTE-UNKNOWN` unless one of `DE AR AI CC BF AU`;
/// - `acte_id`: `ID-ACTE-STRUCTURE` (fewer than 5 segments, at the end of
///   the input), `ID-ACTE-TOO-LONG` (more than 41 characters, at the 42nd).
///
/// Every problem is reported, not only the first.
///
/// ```
/// use actes::ids::{ActeId, NatureActe};
/// let id: ActeId = "062-216204982-20221214-DLB12_14122022-DE".parse().unwrap();
/// assert_eq!(id.departement().as_str(), "062");
/// assert_eq!(id.date().to_string(), "2022-12-14");
/// assert_eq!(id.numero().as_str(), "DLB12_14122022");
/// assert_eq!(id.nature(), NatureActe::Deliberation);
///
/// // A hyphen inside the numéro (2011 XSD) is read, with a warning.
/// let p = ActeId::parse_diagnostics("062-216204982-20221214-2022-12-DE");
/// assert!(p.is_valid());
/// assert_eq!(p.value.unwrap().numero().as_str(), "2022-12");
/// assert_eq!(p.diagnostics[0].code.as_str(), "ID-NUMERO-HYPHEN");
/// assert_eq!(p.diagnostics[0].location.offset, Some(27));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActeId {
    departement: Departement,
    siren: Siren,
    date: NaiveDate,
    numero: NumeroInterne,
    nature: NatureActe,
}

/// Moves sub-parser diagnostics to their place in the whole identifier.
fn shifted(diags: Vec<Diagnostic>, delta: usize, out: &mut Vec<Diagnostic>) {
    // Most segments have none: skip the iterator set-up.
    if !diags.is_empty() {
        out.extend(diags.into_iter().map(|d| d.shifted(delta)));
    }
}

/// Parses the 8-character date segment starting at byte `start`.
fn parse_date(seg: &str, start: usize, out: &mut Vec<Diagnostic>) -> Option<NaiveDate> {
    let b = seg.as_bytes();
    let digits = match <&[u8; 8]>::try_from(b) {
        Ok(d) if d.iter().all(u8::is_ascii_digit) => d,
        _ => {
            let (offset, en, fr) = if let Some((i, _)) = seg
                .char_indices()
                .take(8)
                .find(|(_, c)| !c.is_ascii_digit())
            {
                let what = describe_char_at(seg, i);
                (
                    i,
                    format!("the date segment must be 8 digits YYYYMMDD; found {what}"),
                    format!("le segment date doit comporter 8 chiffres AAAAMMJJ ; trouvé {what}"),
                )
            } else {
                let n = seg.chars().count();
                (
                    n.min(8),
                    format!("the date segment must be 8 digits YYYYMMDD; found {n} digit(s)"),
                    format!("le segment date doit comporter 8 chiffres AAAAMMJJ ; trouvé {n} chiffre(s)"),
                )
            };
            out.push(Diagnostic::on_segment(
                Code::IdActeDateShape,
                DATE,
                start + offset,
                en,
                fr,
            ));
            return None;
        }
    };
    let (y, m, d) = yyyymmdd_fields(digits);
    if let Some(date) = i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
    {
        Some(date)
    } else {
        out.push(Diagnostic::on_segment(
            Code::IdActeDateInvalid,
            DATE,
            start,
            format!("{seg} is not a calendar date (year {y:04}, month {m:02}, day {d:02})"),
            format!(
                "{seg} n'est pas une date du calendrier (année {y:04}, mois {m:02}, jour {d:02})"
            ),
        ));
        None
    }
}

impl ActeId {
    /// Builds an identifier from typed parts. Fails only when the year of
    /// `date` does not fit in 4 digits (`ID-ACTE-DATE-INVALID`).
    ///
    /// ```
    /// use actes::ids::{ActeId, NatureActe};
    /// use chrono::NaiveDate;
    /// let id = ActeId::new(
    ///     "062".parse().unwrap(),
    ///     "216204982".parse().unwrap(),
    ///     NaiveDate::from_ymd_opt(2022, 12, 14).unwrap(),
    ///     "DLB12_14122022".parse().unwrap(),
    ///     NatureActe::Deliberation,
    /// ).unwrap();
    /// assert_eq!(id.to_string(), "062-216204982-20221214-DLB12_14122022-DE");
    /// ```
    pub fn new(
        departement: Departement,
        siren: Siren,
        date: NaiveDate,
        numero: NumeroInterne,
        nature: NatureActe,
    ) -> Result<ActeId, Invalid> {
        if !(0..=9999).contains(&date.year()) {
            return Err(Invalid::one(Diagnostic::on_segment(
                Code::IdActeDateInvalid,
                DATE,
                14,
                format!(
                    "the year {} does not fit the 4 digits of an IDActe",
                    date.year()
                ),
                format!(
                    "l'année {} ne tient pas dans les 4 chiffres d'un IDActe",
                    date.year()
                ),
            )));
        }
        Ok(ActeId {
            departement,
            siren,
            date,
            numero,
            nature,
        })
    }

    /// The lenient parse: the value when valid, and every finding (errors
    /// and warnings) in input order.
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<ActeId> {
        let mut diagnostics = Vec::new();
        let seg = IdActeSegments::split(s);

        let mut departement = None;
        let mut siren = None;
        let mut date = None;
        if let Some(r) = seg.departement_range() {
            let p = Departement::parse_diagnostics(s.get(r.clone()).unwrap_or_default());
            departement = p.value;
            shifted(p.diagnostics, r.start, &mut diagnostics);
        }
        if let Some(r) = seg.siren_range() {
            let p = Siren::parse_diagnostics(s.get(r.clone()).unwrap_or_default());
            siren = p.value;
            shifted(p.diagnostics, r.start, &mut diagnostics);
        }
        if let Some(r) = seg.date_range() {
            date = parse_date(
                s.get(r.clone()).unwrap_or_default(),
                r.start,
                &mut diagnostics,
            );
        }
        let (mut numero, mut nature) = (None, None);
        if let (Some(numero_range), Some(nature_range)) = (seg.numero_range(), seg.nature_range()) {
            let p =
                NumeroInterne::parse_diagnostics(s.get(numero_range.clone()).unwrap_or_default());
            numero = p.value;
            shifted(p.diagnostics, numero_range.start, &mut diagnostics);
            let tail = s.get(nature_range.clone()).unwrap_or_default();
            nature = NatureActe::from_abbr(tail);
            if nature.is_none() {
                let shown: String = tail.chars().take(20).collect();
                let ellipsis = if tail.chars().nth(20).is_some() {
                    "…"
                } else {
                    ""
                };
                diagnostics.push(Diagnostic::on_segment(
                    Code::IdNatureActeUnknown,
                    NATURE,
                    nature_range.start,
                    format!("the last segment must be DE, AR, AI, CC, BF or AU; found {shown:?}{ellipsis}"),
                    format!("le dernier segment doit être DE, AR, AI, CC, BF ou AU ; trouvé {shown:?}{ellipsis}"),
                ));
            }
        } else {
            let found = s.bytes().filter(|&c| c == b'-').count() + 1;
            let (en, fr) = if s.is_empty() {
                (
                    "the IDActe is empty".to_string(),
                    "l'IDActe est vide".to_string(),
                )
            } else {
                (
                    format!("an IDActe has 5 segments DDD-SSSSSSSSS-YYYYMMDD-NUMERO-NN separated by '-'; found {found}"),
                    format!("un IDActe comporte 5 segments DDD-SSSSSSSSS-AAAAMMJJ-NUMERO-NN séparés par « - » ; trouvé {found}"),
                )
            };
            diagnostics.push(Diagnostic::on_segment(
                Code::IdActeStructure,
                SEGMENT,
                s.len(),
                en,
                fr,
            ));
        }
        // Characters are never more than bytes: count them only when needed.
        if let Some((i, _)) = (s.len() > MAX_LEN)
            .then(|| s.char_indices().nth(MAX_LEN))
            .flatten()
        {
            let n = s.chars().count();
            diagnostics.push(Diagnostic::on_segment(
                Code::IdActeTooLong,
                SEGMENT,
                i,
                format!("the IDActe has {n} characters; 41 at most"),
                format!("l'IDActe comporte {n} caractères ; 41 au maximum"),
            ));
        }

        let value = match (departement, siren, date, numero, nature) {
            (Some(departement), Some(siren), Some(date), Some(numero), Some(nature))
                if !crate::diagnostic::has_errors(&diagnostics) =>
            {
                Some(ActeId {
                    departement,
                    siren,
                    date,
                    numero,
                    nature,
                })
            }
            _ => None,
        };
        if !diagnostics.is_empty() {
            super::support::sort_by_offset(&mut diagnostics);
        }
        Parsed { value, diagnostics }
    }

    /// The collectivité's département.
    #[must_use]
    pub fn departement(&self) -> Departement {
        self.departement
    }

    /// The collectivité's SIREN.
    #[must_use]
    pub fn siren(&self) -> Siren {
        self.siren
    }

    /// The decision date of the act.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The act's numéro interne.
    #[must_use]
    pub fn numero(&self) -> NumeroInterne {
        self.numero
    }

    /// The nature of the act.
    #[must_use]
    pub fn nature(&self) -> NatureActe {
        self.nature
    }
}

impl fmt::Display for ActeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}-{}-{}-{}",
            self.departement,
            self.siren,
            Yyyymmdd(self.date),
            self.numero,
            self.nature.abbr()
        )
    }
}

super::support::string_conversions!(
    ActeId,
    "an IDActe such as 062-216204982-20221214-DLB12_14122022-DE"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Lang, Severity};

    const SEED: &str = "062-216204982-20221214-DLB12_14122022-DE";

    fn codes_offsets(s: &str) -> Vec<(&'static str, usize)> {
        ActeId::parse_diagnostics(s)
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.offset.unwrap_or(usize::MAX)))
            .collect()
    }

    #[test]
    fn seed() {
        let p = ActeId::parse_diagnostics(SEED);
        assert!(p.diagnostics.is_empty());
        let id = p.value.unwrap();
        assert_eq!(id.to_string(), SEED);
        assert_eq!(id.siren().as_str(), "216204982");
        assert_eq!(id.date(), NaiveDate::from_ymd_opt(2022, 12, 14).unwrap());
    }

    #[test]
    fn real_examples() {
        for s in [
            "034-491011698-20171207-CL20171227_06-DE",
            "045-214502494-20170717-D201717-DE",
            "02A-216204982-20240229-X-AU",
        ] {
            let id: ActeId = s.parse().unwrap();
            assert_eq!(id.to_string(), s);
        }
        // Qualification platform: département 099 and SIREN 000000000.
        let p = ActeId::parse_diagnostics("099-000000000-20190409-D2019_03-DE");
        assert!(p.is_valid());
        assert_eq!(
            codes_offsets("099-000000000-20190409-D2019_03-DE"),
            [("ID-DEPARTEMENT-UNKNOWN", 0), ("ID-SIREN-LEADING-ZERO", 4)]
        );
    }

    #[test]
    fn example_2003_has_a_bad_siren_and_a_lower_case_numero() {
        let s = "035-123456789-20030714-9999aaa-AI";
        assert_eq!(
            codes_offsets(s),
            [("ID-SIREN-CHECKSUM", 4), ("ID-NUMERO-LOWERCASE", 27)]
        );
        let p = ActeId::parse_diagnostics(s);
        assert!(p.value.is_none());
        assert_eq!(p.diagnostics[1].severity, Severity::Warning);
        // With a valid SIREN, the lower-case numéro is readable.
        let p = ActeId::parse_diagnostics("035-216204982-20030714-9999aaa-AI");
        assert!(p.is_valid());
        assert_eq!(p.value.unwrap().numero().as_str(), "9999aaa");
    }

    #[test]
    fn every_problem_at_once() {
        assert_eq!(
            codes_offsets("162-216204983-20221332-DLB12-DE"),
            [
                ("ID-DEPARTEMENT-CHAR", 0),
                ("ID-SIREN-CHECKSUM", 4),
                ("ID-ACTE-DATE-INVALID", 14)
            ]
        );
        assert_eq!(
            codes_offsets("062-21620498X-2022121A-DLB/12-XX"),
            [
                ("ID-SIREN-NOT-DIGIT", 12),
                ("ID-ACTE-DATE-SHAPE", 21),
                ("ID-NUMERO-CHAR", 26),
                ("ID-NATURE-ACTE-UNKNOWN", 30)
            ]
        );
    }

    #[test]
    fn date() {
        assert_eq!(
            codes_offsets("062-216204982-20230229-A-DE"),
            [("ID-ACTE-DATE-INVALID", 14)]
        );
        assert!(ActeId::parse_diagnostics("062-216204982-20240229-A-DE").is_valid());
        assert_eq!(
            codes_offsets("062-216204982-2022121-A-DE"),
            [("ID-ACTE-DATE-SHAPE", 21)]
        );
        assert_eq!(
            codes_offsets("062-216204982-202212141-A-DE"),
            [("ID-ACTE-DATE-SHAPE", 22)]
        );
        let p = ActeId::parse_diagnostics("062-216204982-20221314-A-DE");
        assert_eq!(
            p.diagnostics[0].message(Lang::En),
            "20221314 is not a calendar date (year 2022, month 13, day 14)"
        );
        assert_eq!(
            p.diagnostics[0].message(Lang::Fr),
            "20221314 n'est pas une date du calendrier (année 2022, mois 13, jour 14)"
        );
    }

    #[test]
    fn nature() {
        for (abbr, n) in [
            ("DE", 1),
            ("AR", 2),
            ("AI", 3),
            ("CC", 4),
            ("BF", 5),
            ("AU", 6),
        ] {
            let id: ActeId = format!("062-216204982-20221214-A-{abbr}").parse().unwrap();
            assert_eq!(id.nature().code(), n);
        }
        assert_eq!(
            codes_offsets("062-216204982-20221214-A-de"),
            [("ID-NATURE-ACTE-UNKNOWN", 25)]
        );
        assert_eq!(
            codes_offsets("062-216204982-20221214-A-1"),
            [("ID-NATURE-ACTE-UNKNOWN", 25)]
        );
        assert_eq!(
            codes_offsets("062-216204982-20221214-A-"),
            [("ID-NATURE-ACTE-UNKNOWN", 25)]
        );
    }

    #[test]
    fn structure_and_length() {
        assert_eq!(codes_offsets(""), [("ID-ACTE-STRUCTURE", 0)]);
        assert_eq!(
            codes_offsets("062-216204982-20221214-DE"),
            [("ID-ACTE-STRUCTURE", 25)]
        );
        assert_eq!(
            codes_offsets("062-216204982-20221214"),
            [("ID-ACTE-STRUCTURE", 22)]
        );
        assert_eq!(
            codes_offsets("062-216204982-20221214--DE"),
            [("ID-NUMERO-EMPTY", 23)]
        );
        // 16-character numéro: 42 characters in all.
        assert_eq!(
            codes_offsets("062-216204982-20221214-ABCDEFGHIJKLMNOP-DE"),
            [("ID-NUMERO-TOO-LONG", 38), ("ID-ACTE-TOO-LONG", 41)]
        );
        // 15 characters: exactly 41.
        let max = "062-216204982-20221214-ABCDEFGHIJKLMNO-DE";
        assert_eq!(max.len(), MAX_LEN);
        assert!(ActeId::parse_diagnostics(max).diagnostics.is_empty());
        let p = ActeId::parse_diagnostics("062-216204982");
        assert_eq!(
            p.diagnostics[0].message(Lang::Fr),
            "un IDActe comporte 5 segments DDD-SSSSSSSSS-AAAAMMJJ-NUMERO-NN séparés par « - » ; trouvé 2"
        );
    }

    #[test]
    fn new_refuses_five_digit_years() {
        let id: ActeId = SEED.parse().unwrap();
        let e = ActeId::new(
            id.departement(),
            id.siren(),
            NaiveDate::from_ymd_opt(10000, 1, 1).unwrap(),
            id.numero(),
            id.nature(),
        )
        .unwrap_err();
        assert_eq!(e.codes(), ["ID-ACTE-DATE-INVALID"]);
        assert_eq!(
            ActeId::new(
                id.departement(),
                id.siren(),
                id.date(),
                id.numero(),
                id.nature()
            )
            .unwrap(),
            id
        );
    }
}
