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
//! Layout (it mirrors the protocol):
//!
//! | module | what |
//! |---|---|
//! | [`diagnostic`] | the finding type and the catalogue of codes |
//! | [`transaction`] | one act's state machine, history and legal dates |
//! | [`xml`] | the protocol's XML reader (lenient) and writer (strict) |
//!
//! The library never reads the clock or the network: "today" is always a
//! parameter.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diagnostic;
pub mod transaction;
pub mod xml;

pub use diagnostic::{Diagnostic, Invalid, Lang, Location, Parsed, Severity};
