//! The container layer: atomic file output, the deterministic tar.gz writer
//! and (hostile-proof) readers of folders, tar.gz, zip and in-memory file
//! lists.
//!
//! This layer knows nothing of ACTES semantics (names, messages): the
//! transmission and delivery code sits on top of it.
//!
//! * Atomic output: files appear complete or not at all ([`AtomicFile`],
//!   [`write_atomic`], [`Overwrite`], [`remove_pending`]).
//! * [`TarGzWriter`]: the streaming tar.gz writer of the emission profile
//!   (E13), with SHA-256 digests of every entry ([`EntryDigest`]) and of the
//!   archive ([`ArchiveDigest`]).
//! * [`read`] (its items have that one path, `container::read::…`):
//!   folders, tar.gz, tar, zip and in-memory file lists read
//!   under [`read::ReadLimits`], every hostile entry refused with a
//!   diagnostic (`ARCH-*`, `LIMIT-*`); nothing is extracted to disk.
//!
//! ```
//! use actes::container::read::{read_all, ReadLimits, Source};
//!
//! // E-mail attachments, one of them with a hostile name.
//! let files = vec![
//!     ("a.xml".to_string(), b"<a/>".to_vec()),
//!     ("../../etc/passwd".to_string(), b"x".to_vec()),
//! ];
//! let (entries, diagnostics) = read_all(&Source::Memory(files), &ReadLimits::default());
//! assert_eq!(entries.len(), 1);
//! assert_eq!(entries[0].name, "a.xml");
//! assert!(diagnostics[0].code.as_str().starts_with("ARCH-"));
//! ```

mod atomic;
pub mod read;
mod targz;

pub use atomic::{remove_pending, write_atomic, AtomicFile, Overwrite};
pub use targz::{
    check_entry_name, sha256_hex, ArchiveDigest, EntryDigest, TarGzOptions, TarGzWriter,
    DEFAULT_LEVEL, MAX_THREADS,
};
