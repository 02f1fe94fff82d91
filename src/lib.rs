//! # actes
//!
//! A Rust implementation of **ACTES**, the French protocol by which local
//! authorities (communes, départements, EPCI…) transmit their acts to the
//! préfecture for the *contrôle de légalité*, and receive back
//! acknowledgements, rejections and letters.
//!
//! The crate follows the project's rules: **parse leniently, emit strictly**,
//! and report every finding as a [`Diagnostic`](diagnostic::Diagnostic) with a
//! stable code and messages in English and French.
//!
//! Layout (it mirrors the protocol), from the bottom layer up; a module
//! imports only modules listed before it (see `ARCHITECTURE.md`):
//!
//! | module | what |
//! |---|---|
//! | [`diagnostic`] | the finding type and the catalogue of codes |
//! | [`ids`] | typed identifiers (SIREN, département, IDActe, numéro, classification code…), the message table ([`ids::MessageCode`]) and the "same act" key ([`ids::ActeKey`]) |
//! | [`xml`] | the protocol's XML reader (lenient) and writer (strict) |
//! | [`container`] | atomic file output, the deterministic tar.gz writer, hostile-proof archive and folder readers |
//! | [`naming`] | file names: archive, envelopes (CL and MI), `ANO_` anomalies, messages and documents |
//! | [`classification`] | the classification (matières), natures and typologie des pièces; messages 7-1, 7-2, 7-3 |
//! | [`messages`] | typed models of every message and envelope, read leniently and written strictly, and what each says (documents, dates) |
//! | [`transmission`] | what a collectivité sends (act, cancellation, classification request, answers) and its validation against the emission profile |
//! | [`receipt`] | received messages read and checked for consistency (IDActe vs echo, echo vs sent) |
//! | [`archive`] | building CL → MI archives from a transmission (streaming, deterministic, atomic) and checking any archive |
//! | [`delivery`] | what the ministry sends back (folder, tar.gz, zip, attachments): envelope, messages, documents resolved |
//! | [`transaction`] | one act's state machine, history and legal dates |
//! | [`bundle`] | proof bundles: the files sent and received about an act in a deterministic zip with a verifiable, versioned manifest (feature `serde`) |
//! | [`pdf`] | the acknowledgement stamp on an act's PDF, as an incremental update (signatures stay valid) |
//! | [`record`] | an acknowledged act from its proof bundle, or from its archive and the files received (feature `serde`) |
//! | [`sheet`] | the one-page receipt sheet (bordereau d'acquittement) as PDF (feature `serde`) |
//! | [`opendata`] | the SCDL « Délibérations » open-data CSV (feature `serde`) |
//! | [`report`] | the JSON document of each operation, exactly as `actes … --json` prints it (feature `serde`); for bindings |
//!
//! The library never reads the clock or the network: "today" is always a
//! parameter.
//!
//! ## Quick start
//!
//! **Town-hall software** embedding the crate: validate a transmission as
//! the préfecture would, and build its archive (here in memory; see
//! [`archive::build_to_dir`] for an atomic write into a folder).
//!
//! ```
//! use actes::archive;
//! use actes::transmission::{parse_json, ValidationOptions};
//! use chrono::NaiveDate;
//!
//! let json = std::fs::read("fixtures/lens/input.json")?;
//! let parsed = parse_json(&json, std::path::Path::new("fixtures/lens"));
//! for d in &parsed.diagnostics {
//!     eprintln!("{d}"); // every problem at once, located by its JSON path
//! }
//! let transmission = parsed.value.expect("a valid description");
//! let today = NaiveDate::from_ymd_opt(2022, 12, 19).unwrap();
//! let (bytes, built) = archive::build(&transmission, &ValidationOptions::new(today), Vec::new())?;
//! assert_eq!(built.manifest.archive, "SLO-EACT--216204982--20221219-1.tar.gz");
//! assert_eq!(built.manifest.size, bytes.len() as u64);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **CI pipelines**: check identifiers (and archives, with
//! [`archive::check`]); every finding has a stable code and a message in
//! either language.
//!
//! ```
//! use actes::{diagnostic::Lang, ids::ActeId};
//!
//! let parsed = ActeId::parse_diagnostics("062-216204983-20221214-DLB12-DE");
//! assert!(!parsed.is_valid());
//! let d = &parsed.diagnostics[0];
//! assert_eq!(d.code.as_str(), "ID-SIREN-CHECKSUM");
//! assert_eq!(d.text(Lang::Fr),
//!     "ID-SIREN-CHECKSUM la clé de contrôle (Luhn) du SIREN est fausse (segment siren, octet 4)");
//! // The same check as the JSON document `actes id check --json` prints:
//! # #[cfg(feature = "serde")] {
//! let doc = actes::report::id_check("062-216204983-20221214-DLB12-DE", None, false, Lang::En);
//! assert_eq!(serde_json::to_value(&doc)?["diagnostics"][0]["severity"], "error");
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Integrators** reading what the préfecture sends back: a message
//! file (or a whole delivery: [`delivery::Delivery`]), checked for
//! consistency.
//!
//! ```
//! use actes::messages::Message;
//! use actes::receipt::{self, Context};
//!
//! let name = "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";
//! let bytes = std::fs::read(format!("fixtures/lens/{name}"))?;
//! let r = receipt::read(name, &bytes, &Context::default());
//! let Some(Message::ARActe(ar)) = &r.message else { panic!("an acknowledgement") };
//! assert_eq!(ar.date_reception.raw, "2022-12-19");
//! assert!(r.diagnostics.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod archive;
pub mod budget;
#[cfg(feature = "serde")]
pub mod bundle;
pub mod classification;
pub mod container;
pub mod delivery;
pub mod diagnostic;
pub mod ids;
pub mod messages;
pub mod naming;
#[cfg(feature = "serde")]
pub mod opendata;
pub mod pdf;
pub mod receipt;
#[cfg(feature = "serde")]
pub mod record;
#[cfg(feature = "serde")]
pub mod report;
#[cfg(feature = "serde")]
pub mod sheet;
pub mod transaction;
pub mod transmission;
pub mod xml;
