//! CL → MI archives: building them from a [`Transmission`](crate::transmission::Transmission)
//! ([`build`], [`build_to_dir`]) and checking any archive, whoever built it
//! ([`check`](fn@check)).
//!
//! An archive is a flat tar.gz named `{TRI}-{APP}--{SIREN}--{YYYYMMDD}-{N}.tar.gz`
//! holding the envelope `{APP}--{SIREN}--{YYYYMMDD}-{N}.xml`, then for the
//! message its XML and its documents (SPEC §10, §11).
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use actes::archive::{build_to_dir, check, CheckOptions};
//! use actes::container::Overwrite;
//! use actes::transmission::{parse_json, ValidationOptions};
//!
//! let json = std::fs::read("fixtures/lens/input.json").unwrap();
//! let t = parse_json(&json, "fixtures/lens".as_ref()).value.expect("a valid description");
//! let today = chrono::NaiveDate::from_ymd_opt(2022, 12, 19).unwrap();
//! let dir = tempfile::tempdir().unwrap();
//! // Built atomically into the folder, under its protocol name…
//! let (path, built) =
//!     build_to_dir(&t, &ValidationOptions::new(today), dir.path(), Overwrite::Never).unwrap();
//! assert!(path.ends_with(&built.manifest.archive));
//! // …and checked as the préfecture would.
//! let report = check(&path, &CheckOptions::new(today));
//! assert!(report.valid);
//! assert_eq!(report.messages.len(), 1);
//! # }
//! ```

mod build;
mod check;

pub use build::{
    archive_file_name, build, build_to_dir, build_to_dir_with_level, entry_mtime, ArchiveManifest,
    BuildError, Built, ManifestEntry,
};
pub use check::{check, check_source, CheckOptions, CheckReport, CheckedMessage};
