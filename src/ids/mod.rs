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
mod support;
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
pub use segments::{iso_date_bytes, parse_yyyymmdd, IdActeSegments, Yyyymmdd};
pub use siren::Siren;
pub use typologie::Typologie;

pub(crate) use support::{csv_fields, data_lines, string_conversions};
