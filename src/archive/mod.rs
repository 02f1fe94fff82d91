//! CL → MI archives: building them from a [`Transmission`](crate::transmission::Transmission)
//! ([`build`], [`build_to_dir`]) and checking any archive, whoever built it
//! ([`check`](fn@check)).
//!
//! An archive is a flat tar.gz named `{TRI}-{APP}--{SIREN}--{YYYYMMDD}-{N}.tar.gz`
//! holding the envelope `{APP}--{SIREN}--{YYYYMMDD}-{N}.xml`, then for the
//! message its XML and its documents (SPEC §10, §11).

mod build;
mod check;

pub use build::{
    archive_file_name, build, build_to_dir, build_to_dir_with_level, entry_mtime, ArchiveManifest,
    BuildError, Built, ManifestEntry,
};
pub use check::{check, check_source, CheckOptions, CheckReport, CheckedMessage};
