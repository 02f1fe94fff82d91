//! # actes
//!
//! A Rust implementation of **ACTES**, the French protocol by which local
//! authorities (communes, départements, EPCI…) transmit their acts to the
//! préfecture for the *contrôle de légalité*, and receive back
//! acknowledgements, rejections and letters.
//!
//! The crate follows the project's rules: **parse leniently, emit strictly**,
//! and report every finding as a [`Diagnostic`] with a
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
//!
//! The library never reads the clock or the network: "today" is always a
//! parameter.
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
pub mod sheet;
pub mod transaction;
pub mod transmission;
pub mod xml;

pub use diagnostic::{Diagnostic, Invalid, Lang, Location, Parsed, Severity};
