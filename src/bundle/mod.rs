//! Proof bundles: what was sent, what came back, and that nothing changed.
//!
//! A proof bundle is a zip that a collectivité can keep for years and show
//! to anyone. It holds:
//!
//! * every file of the transmitted archive (the `EnveloppeCLMISILL`, the 1-1
//!   `Acte`, the act and its annexes), byte for byte;
//! * every file received about the act: the 1-2 `ARActe`, a 1-3
//!   `AnomalieActe` or an `AnomalieEnveloppe`, letters (2-1, 3-1, 4-1, 5-1)
//!   and their documents, acknowledgements of answers (3-5, 4-5), the 6-2
//!   `ARAnnulation`, and the MI envelopes that carried them;
//! * `manifest.json` ([`BundleManifest`]): for each file its [`Role`], name, size
//!   and SHA-256; the archive's name, size and SHA-256; the act's
//!   identifier, decision date, the préfecture's reception date, the end of
//!   the two-month window and the current state, and the history, all
//!   computed by [`transaction`](crate::transaction).
//!
//! # Layout and determinism
//!
//! The zip is **flat**: files keep their original names, with no folder.
//! Names cannot collide in a real exchange — sent and received files carry
//! different message codes (`-1-1_`, `-1-2_`…), and envelopes differ in shape
//! (`EACT--SIREN--…` sent, `EACT--SERVICE-SIREN-…` received) — and the
//! crate's [container reader](crate::container::read) reads only flat
//! containers. Two names equal ignoring case, or a file named
//! `manifest.json`, are refused (`BUNDLE-NAME`). The roles in the manifest
//! say which side each file comes from.
//!
//! The bytes depend only on the input: `manifest.json` first, then the
//! files in byte order of their names; every member **stored** (method 0,
//! no compression: the bytes do not depend on a compression library's
//! version, and PDFs are already compressed), dated 1980-01-01 00:00:00
//! (the zip epoch), permissions `0644`, no comment and no extra field. The
//! manifest does not depend on the clock: "today" only feeds the checks.
//!
//! # Creating and verifying
//!
//! [`Bundle::from_paths`] (or [`Bundle::from_files`]) reads the archive and
//! the received files, checks each received message against the act sent
//! with the [`receipt`](crate::receipt) checks, and refuses, with nothing
//! written, a file about another act (`BUNDLE-OTHER-ACT`, with the
//! `RCPT-OTHER-ACT` or `RCPT-ID-SIREN` finding), a file that is not a step
//! of the act's life, or an archive that does not carry one act. Other
//! findings of the receipt and transaction checks (an echo that differs
//! from what was sent…) do not prevent the bundle — it records what was
//! received — and are returned as warnings. [`Bundle::write`] writes the
//! zip atomically ([`container::write_atomic`](crate::container::write_atomic)).
//!
//! [`verify`] re-reads a bundle with the container reader's limits (it is a
//! zip built by anyone), re-hashes every file, compares the manifest with
//! the files (missing, extra, size, SHA-256), re-reads the messages,
//! recomputes roles, dates, state and history, and compares them with the
//! manifest. Every difference names the file (or the manifest field).
//!
//! This module needs the `serde` feature (for `manifest.json`).
//!
//! ```
//! use actes::bundle::{self, Bundle, CreateOptions, Role};
//! use actes::container::Overwrite;
//! # let dir = tempfile::tempdir()?;
//! # let lens = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens");
//! # let t = actes::transmission::parse_json(&std::fs::read(lens.join("input.json"))?, &lens).value.unwrap();
//! # let today = chrono::NaiveDate::from_ymd_opt(2022, 12, 19).unwrap();
//! # let (archive, _) = actes::archive::build_to_dir(&t, &actes::transmission::ValidationOptions::new(today), dir.path(), Overwrite::Never).unwrap();
//! // `archive`: the tar.gz sent; the acknowledgement received for it.
//! let ar = lens.join("062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml");
//! let b = Bundle::from_paths(&archive, &[ar], &CreateOptions::default()).unwrap();
//! assert_eq!(b.manifest.act.id_acte, "062-216204982-20221214-DLB12_14122022-DE");
//! assert_eq!(b.manifest.act.state, "acknowledged");
//! assert_eq!(b.manifest.act.reception_date.map(|d| d.to_string()).as_deref(), Some("2022-12-19"));
//! // 2023-02-19 is a Sunday: the window ends on Monday 20 February.
//! assert_eq!(b.manifest.act.window_end.map(|d| d.to_string()).as_deref(), Some("2023-02-20"));
//! assert!(b.manifest.files.iter().any(|f| f.role == Role::Receipt));
//!
//! let proof = dir.path().join("proof.zip");
//! b.write(&proof, Overwrite::Never)?;
//! let v = bundle::verify(&proof, &Default::default());
//! assert!(v.intact, "{:?}", v.diagnostics);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod analyse;
mod compat;
mod verify;

use std::io::{self, Cursor, Read, Write};
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::container::read::{read_all, ReadLimits, Source};
use crate::container::{sha256_hex, write_atomic, Overwrite};
use crate::diagnostic::{Code, Diagnostic, Invalid};
use crate::ids::MessageCode;

pub use verify::{verify, verify_source, Verification, VerifyOptions};

/// The name of the manifest inside a bundle.
pub const MANIFEST_NAME: &str = "manifest.json";

/// The `format` of the manifests this version writes: states are stable
/// tokens ([`State::token`](crate::transaction::State::token)).
pub const FORMAT: &str = "actes-proof-bundle/2";

/// The `format` written by actes 0.1, still verified: its states are the
/// English labels of that version (see `compat.rs`).
pub const FORMAT_V1: &str = "actes-proof-bundle/1";

/// What a file of the bundle is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Sent: the collectivité's envelope (`EnveloppeCLMISILL`).
    Envelope,
    /// Sent: the 1-1 `Acte` message.
    Message,
    /// Sent: the act itself (the 1-1's `Document`).
    Act,
    /// Sent: an annex (the 1-1's `Annexes`).
    Annex,
    /// Received: a message of the ministry about the act (1-2, 1-3,
    /// `AnomalieEnveloppe`, 2-1, 3-1, 3-5, 4-1, 4-5, 5-1, 6-2).
    Receipt,
    /// Received: the MI envelope (`EnveloppeMISILLCL`) of a delivery.
    ReceivedEnvelope,
    /// Received: a document named by a received message (a letter's PDF).
    ReceivedDocument,
}

impl Role {
    /// The role's name in the manifest (`received_envelope`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Envelope => "envelope",
            Role::Message => "message",
            Role::Act => "act",
            Role::Annex => "annex",
            Role::Receipt => "receipt",
            Role::ReceivedEnvelope => "received_envelope",
            Role::ReceivedDocument => "received_document",
        }
    }

    /// Whether the file was sent by the collectivité (else received).
    #[must_use]
    pub fn is_sent(self) -> bool {
        matches!(
            self,
            Role::Envelope | Role::Message | Role::Act | Role::Annex
        )
    }
}

/// One file of the bundle, as listed by the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The file name (also the zip member's name).
    pub name: String,
    /// What the file is.
    pub role: Role,
    /// The size in bytes.
    pub size: u64,
    /// SHA-256 of the content, 64 lower-case hexadecimal digits.
    pub sha256: String,
    /// The message code (`1-2`) of a protocol message, `None` for envelopes
    /// and documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<MessageCode>,
    /// The root element of an XML protocol file (`ARActe`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
}

/// The transmitted archive, as it was (its files are in the bundle; the
/// tar.gz itself is not, so these values are recorded for matching with
/// the TdT's logs, not re-verified).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveSummary {
    /// The archive's file name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256.
    pub sha256: String,
}

/// The act and its legal dates, computed from the files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActSummary {
    /// The `IDActe` (predicted from the 1-1 and the envelope; the ministry
    /// assigns it in its 1-2).
    pub id_acte: String,
    /// The nature's abbreviation (`DE`).
    pub nature: String,
    /// The act's `Objet`.
    pub objet: String,
    /// The decision date (`Acte/@Date`).
    pub decision_date: NaiveDate,
    /// The date of the envelope (its file name), when it parses.
    pub sent_on: Option<NaiveDate>,
    /// The préfecture's reception date: the 1-2 `DateReception`.
    pub reception_date: Option<NaiveDate>,
    /// The last day of the two-month window as currently known (`None`
    /// before the acknowledgement or while it is suspended).
    pub window_end: Option<NaiveDate>,
    /// The current state ([`State::token`](crate::transaction::State::token)).
    pub state: String,
}

/// One step of the act's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    /// The date the message carries.
    pub date: NaiveDate,
    /// The message code, `None` for an `AnomalieEnveloppe`.
    pub code: Option<MessageCode>,
    /// The root element (`ARActe`).
    pub message: String,
    /// The file of the bundle it comes from.
    pub file: Option<String>,
    /// The state after this step ([`State::token`](crate::transaction::State::token)).
    pub state: String,
}

/// The content of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleManifest {
    /// [`FORMAT`], or [`FORMAT_V1`] for a bundle written by actes 0.1.
    pub format: String,
    /// The act.
    pub act: ActSummary,
    /// The transmitted archive.
    pub archive: ArchiveSummary,
    /// The history, oldest first.
    pub history: Vec<HistoryItem>,
    /// Every file of the bundle except the manifest, by name.
    pub files: Vec<FileEntry>,
}

impl BundleManifest {
    /// The manifest as written in the bundle: pretty-printed JSON with a
    /// final newline.
    #[must_use]
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}

/// Options of [`Bundle::from_paths`] and [`Bundle::from_files`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateOptions {
    /// Limits for reading the archive (and the size cap of each received
    /// file: [`ReadLimits::max_entry_bytes`]).
    pub limits: ReadLimits,
    /// "Today", for the check that no received date is in the future. It
    /// does not enter the manifest.
    pub today: Option<NaiveDate>,
}

/// A file's name and content.
pub type NamedFile = (String, Vec<u8>);

/// A bundle ready to be written: the manifest and the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The manifest.
    pub manifest: BundleManifest,
    /// Findings that did not prevent the bundle (receipt and transaction
    /// checks), as warnings.
    pub warnings: Vec<Diagnostic>,
    files: Vec<NamedFile>,
}

/// What [`Bundle::write`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The zip's size in bytes.
    pub size: u64,
    /// The zip's SHA-256: keep it elsewhere to prove the bundle itself.
    pub sha256: String,
}

/// The last component of a path, as given.
fn base_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl Bundle {
    /// Reads the transmitted archive (tar.gz, or a folder, tar or zip of the
    /// same files) and the received files, and prepares the bundle. See the
    /// [module documentation](self).
    pub fn from_paths(
        archive: &Path,
        received: &[impl AsRef<Path>],
        options: &CreateOptions,
    ) -> Result<Bundle, Invalid> {
        let label = archive.display().to_string();
        let unreadable = |e: &dyn std::fmt::Display, file: &str| {
            Diagnostic::on_file(
                Code::BundleArchiveUnreadable,
                file,
                format!("cannot read {file}: {e}"),
                format!("impossible de lire {file} ({e})"),
            )
        };
        let source = Source::detect(archive).map_err(|e| Invalid::one(unreadable(&e, &label)))?;
        let (entries, container) = read_all(&source, &options.limits);
        let mut errors: Vec<Diagnostic> = container.into_iter().map(Diagnostic::strict).collect();
        // A folder has no bytes of its own: size 0 and no digest.
        let (size, sha256) = if archive.is_dir() {
            (0, String::new())
        } else {
            hash_file(archive).map_err(|e| Invalid::one(unreadable(&e, &label)))?
        };
        let archive_summary = ArchiveSummary {
            name: base_name(archive),
            size,
            sha256,
        };
        let mut files = Vec::new();
        for path in received {
            let path = path.as_ref();
            let name = base_name(path);
            match read_capped(path, options.limits.max_entry_bytes) {
                Ok(bytes) => files.push((name, bytes)),
                Err(e) => errors.push(unreadable(&e, &path.display().to_string())),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid {
                diagnostics: errors,
            });
        }
        let sent = entries.into_iter().map(|e| (e.name, e.bytes)).collect();
        Bundle::from_files(archive_summary, sent, files, options)
    }

    /// Prepares the bundle from files in memory: `archive` describes the
    /// transmitted tar.gz, `sent` are its files, `received` the received
    /// files. See the [module documentation](self).
    pub fn from_files(
        archive: ArchiveSummary,
        sent: Vec<NamedFile>,
        received: Vec<NamedFile>,
        options: &CreateOptions,
    ) -> Result<Bundle, Invalid> {
        let mut errors = analyse::check_names(sent.iter().chain(received.iter()));
        let a = match analyse::analyse(&sent, &received, options.today) {
            Ok(a) => a,
            Err(mut fatal) => {
                errors.append(&mut fatal);
                return Err(Invalid {
                    diagnostics: errors,
                });
            }
        };
        errors.extend(a.refusals);
        if !errors.is_empty() {
            errors.extend(a.findings);
            return Err(Invalid {
                diagnostics: errors,
            });
        }
        let mut files: Vec<NamedFile> = sent.into_iter().chain(received).collect();
        files.sort_by(|x, y| x.0.cmp(&y.0));
        Ok(Bundle {
            manifest: BundleManifest {
                format: FORMAT.to_string(),
                act: a.act,
                archive,
                history: a.history,
                files: a.files,
            },
            warnings: a.findings,
            files,
        })
    }

    /// The files of the bundle (manifest excluded), by name.
    #[must_use]
    pub fn files(&self) -> &[NamedFile] {
        &self.files
    }

    /// The zip's bytes (deterministic: see the [module documentation](self)).
    pub fn to_zip(&self) -> io::Result<Vec<u8>> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644)
            .large_file(false);
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let manifest = self.manifest.to_json();
        let members = std::iter::once((MANIFEST_NAME, manifest.as_slice()))
            .chain(self.files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
        for (name, bytes) in members {
            w.start_file(name, options).map_err(io::Error::other)?;
            w.write_all(bytes)?;
        }
        Ok(w.finish().map_err(io::Error::other)?.into_inner())
    }

    /// Writes the zip to `dest` atomically: it appears complete or not at
    /// all, and an existing file is replaced only with
    /// [`Overwrite::Allow`] (else `AlreadyExists`).
    pub fn write(&self, dest: &Path, overwrite: Overwrite) -> io::Result<Written> {
        let bytes = self.to_zip()?;
        write_atomic(dest, overwrite, |w| w.write_all(&bytes))?;
        Ok(Written {
            size: bytes.len() as u64,
            sha256: sha256_of(&bytes),
        })
    }
}

/// SHA-256 of `bytes`, lower-case hexadecimal.
pub(crate) fn sha256_of(bytes: &[u8]) -> String {
    let digest: [u8; 32] = Sha256::digest(bytes).into();
    sha256_hex(&digest)
}

/// Size and SHA-256 of a file, streamed.
fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let size = io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    let digest: [u8; 32] = hasher.finalize().into();
    Ok((size, sha256_hex(&digest)))
}

/// Reads a file of at most `max` bytes.
fn read_capped(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a folder",
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {max} bytes"),
        ));
    }
    Ok(bytes)
}
