//! Building a CL → MI archive from a [`Transmission`] (SPEC §10, §11, rule
//! E13).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::container::DEFAULT_LEVEL;
use crate::container::{write_atomic, ArchiveDigest, Overwrite, TarGzOptions, TarGzWriter};
use crate::diagnostic::{has_errors, Code, Diagnostic, Invalid, Location};
use crate::ids::ActeId;
use crate::naming::{ArchiveName, Extension};
use crate::transmission::{check_plan, Draft, Probed, Transmission, ValidationOptions};
use crate::transmission::{DocumentContent, PdfTailGuard, PdfTruncated};
use flate2::Compression;

/// One entry of a built archive.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ManifestEntry {
    /// Entry name.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the content, 64 lower-case hexadecimal digits.
    pub sha256: String,
}

/// What was written: the archive's name, size and SHA-256, and every entry
/// in order (envelope, message, act, annexes).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ArchiveManifest {
    /// The archive's file name, `{TRI}-{APP}--{SIREN}--{YYYYMMDD}-{N}.tar.gz`.
    pub archive: String,
    /// Size of the tar.gz in bytes.
    pub size: u64,
    /// SHA-256 of the tar.gz, 64 lower-case hexadecimal digits.
    pub sha256: String,
    /// The entries, in archive order.
    pub entries: Vec<ManifestEntry>,
}

impl ArchiveManifest {
    fn from_digest(archive: String, d: &ArchiveDigest) -> ArchiveManifest {
        ArchiveManifest {
            archive,
            size: d.size,
            sha256: d.sha256_hex(),
            entries: d
                .entries
                .iter()
                .map(|e| ManifestEntry {
                    name: e.name.clone(),
                    size: e.size,
                    sha256: e.sha256_hex(),
                })
                .collect(),
        }
    }
}

/// The result of a successful build.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Built {
    /// The manifest.
    pub manifest: ArchiveManifest,
    /// The IDActe the ministry will assign (1-1), or the act concerned (6-1
    /// and answers); `None` for a classification request.
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser_opt_display"))]
    pub id_acte: Option<ActeId>,
    /// The warnings of validation (the build refuses errors).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub warnings: Vec<Diagnostic>,
}

#[cfg(feature = "serde")]
fn ser_opt_display<S: serde::Serializer>(v: &Option<ActeId>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(id) => s.collect_str(id),
        None => s.serialize_none(),
    }
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Validation (or a check made while writing: a PDF found truncated, the
    /// archive over the size cap) found errors; every diagnostic is given,
    /// warnings included.
    #[error("{0}")]
    Invalid(Invalid),
    /// Reading a document or writing the output failed.
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl BuildError {
    /// The diagnostics of an [`BuildError::Invalid`]; empty for I/O errors.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            BuildError::Invalid(i) => &i.diagnostics,
            BuildError::Io(_) => &[],
        }
    }
}

/// The entry mtime of every archive: the envelope date at 00:00:00 UTC, in
/// seconds since the Unix epoch (0 for dates before 1970).
#[must_use]
pub fn entry_mtime(envelope_date: NaiveDate) -> u64 {
    let secs = envelope_date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |dt| dt.and_utc().timestamp());
    u64::try_from(secs).unwrap_or(0)
}

/// Everything decided before the first byte is written: the entries, in
/// order.
struct Writing<'t> {
    archive_name: String,
    envelope_name: String,
    envelope_xml: Vec<u8>,
    message_name: String,
    message_xml: Vec<u8>,
    documents: Vec<WrittenDocument<'t>>,
    mtime: u64,
}

struct WrittenDocument<'t> {
    name: String,
    path: String,
    size: u64,
    /// The content still needs its `%%EOF` check while copying.
    check_pdf_tail: bool,
    content: &'t DocumentContent,
}

fn invalid(diagnostics: Vec<Diagnostic>) -> BuildError {
    BuildError::Invalid(Invalid { diagnostics })
}

/// Plans `t`, runs the emission rules on the plan (findings at the input's
/// JSON paths) and decides every entry; the warnings are returned.
fn plan<'t>(
    t: &'t Transmission,
    options: &ValidationOptions<'_>,
) -> Result<(Writing<'t>, Vec<Diagnostic>), BuildError> {
    let mut found = t.check_sender();
    let draft = t.draft(true);
    found.extend(check_plan(&draft.plan, options, &|d, item| {
        t.place(d, item)
    }));
    if has_errors(&found) {
        return Err(invalid(found));
    }
    let archive = ArchiveName::new(
        t.transmetteur.trigramme,
        t.transmetteur.application,
        t.collectivite.siren,
        t.envoi.date,
        t.envoi.sequence,
    )
    .map_err(|e| {
        invalid(
            e.diagnostics
                .into_iter()
                .map(|d| d.at_path("envoi"))
                .collect(),
        )
    })?;
    let Draft {
        plan,
        documents,
        envelope_xml,
        message_xml,
        errors,
    } = draft;
    let message = plan.messages.into_iter().next();
    let (Some(envelope_xml), Some(message_xml), Some(message), true) =
        (envelope_xml, message_xml, message, errors.is_empty())
    else {
        return Err(invalid(errors));
    };
    let mut written = Vec::new();
    for (doc, (path, content)) in message.documents.into_iter().zip(documents) {
        let (Some(name), Probed::Probe(probe)) = (doc.name, doc.content) else {
            continue;
        };
        written.push(WrittenDocument {
            name,
            path,
            size: probe.size,
            check_pdf_tail: probe.kind == Some(Extension::Pdf) && probe.pdf_complete.is_none(),
            content,
        });
    }
    Ok((
        Writing {
            archive_name: archive.to_string(),
            envelope_name: archive.envelope_name().to_string(),
            envelope_xml,
            message_name: message.name.unwrap_or_default(),
            message_xml,
            documents: written,
            mtime: entry_mtime(t.envoi.date),
        },
        found,
    ))
}

/// A writer that refuses to grow past `max` bytes.
struct CappedWriter<W> {
    inner: W,
    written: u64,
    max: u64,
}

#[derive(Debug)]
struct ArchiveTooLarge;

impl std::fmt::Display for ArchiveTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the archive exceeds the size cap")
    }
}

impl std::error::Error for ArchiveTooLarge {}

impl<W: Write> Write for CappedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written.saturating_add(buf.len() as u64) > self.max {
            return Err(io::Error::other(ArchiveTooLarge));
        }
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Maps errors raised by the checks made while writing to diagnostics.
fn classify_write_error(
    e: io::Error,
    current: Option<&WrittenDocument<'_>>,
    archive_name: &str,
    max: u64,
) -> BuildError {
    let inner = e.get_ref();
    if inner.is_some_and(|i| i.is::<PdfTruncated>()) {
        let path = current.map_or("", |d| d.path.as_str());
        return invalid(vec![Diagnostic::new(
            Code::ActePdfTruncated,
            Location::path(path),
            "the PDF has no %%EOF marker near its end: it is truncated or corrupt",
            "Fichier pdf corrompu : pas de marqueur %%EOF en fin de fichier (tronqué ?)",
        )]);
    }
    if inner.is_some_and(|i| i.is::<ArchiveTooLarge>()) {
        return invalid(vec![Diagnostic::new(
            Code::ActeArchiveTooLarge,
            Location::file(archive_name),
            format!("the archive would be larger than {max} bytes"),
            format!("La taille de l'archive est trop élevée (maximum {max} octets autorisés)"),
        )]);
    }
    BuildError::Io(e)
}

fn write_plan<W: Write>(
    plan: &Writing<'_>,
    max: u64,
    level: Compression,
    out: W,
) -> Result<(W, ArchiveManifest), BuildError> {
    let capped = CappedWriter {
        inner: out,
        written: 0,
        max,
    };
    let mut tar = TarGzWriter::new(
        capped,
        TarGzOptions {
            mtime: plan.mtime,
            level,
            ..TarGzOptions::default()
        },
    );
    let fail = |e, doc| classify_write_error(e, doc, &plan.archive_name, max);
    tar.append_bytes(&plan.envelope_name, &plan.envelope_xml)
        .map_err(|e| fail(e, None))?;
    tar.append_bytes(&plan.message_name, &plan.message_xml)
        .map_err(|e| fail(e, None))?;
    for doc in &plan.documents {
        let (size, reader) = doc.content.open().map_err(|e| fail(e, Some(doc)))?;
        if size != doc.size {
            return Err(BuildError::Io(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: the document changed since it was validated ({} bytes, now {size})",
                    doc.path, doc.size
                ),
            )));
        }
        let reader: Box<dyn Read + Send + '_> = if doc.check_pdf_tail {
            Box::new(PdfTailGuard::new(reader, size))
        } else {
            reader
        };
        tar.append_reader(&doc.name, size, reader)
            .map_err(|e| fail(e, Some(doc)))?;
    }
    let (capped, digest) = tar.finish().map_err(|e| fail(e, None))?;
    Ok((
        capped.inner,
        ArchiveManifest::from_digest(plan.archive_name.clone(), &digest),
    ))
}

/// Validates `transmission` and streams its archive to `out`.
///
/// Nothing is written when validation finds an error, when a name or a
/// message cannot be generated, or when the files add up to more than
/// `options.max_total_size` (rule E9). Documents are copied from their
/// sources through a fixed buffer, never held whole in memory. Entries are
/// flat, in the order envelope, message, act (or main document), annexes,
/// with mode 0644, uid/gid 0, empty owner names and the mtime
/// [`entry_mtime`] (the envelope date at 00:00 UTC), so identical inputs
/// give identical bytes.
///
/// Some checks can only happen while writing: a one-shot reader whose PDF
/// turns out to lack `%%EOF`, a source that yields fewer or more bytes than
/// declared, an archive over the cap. Then `out` holds a partial archive
/// that the caller must discard; [`build_to_dir`] does that itself.
///
/// ```
/// use actes::archive::build;
/// use actes::transmission::*;
/// use actes::naming::Application;
/// use chrono::NaiveDate;
///
/// let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
/// let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
/// let t = Transmission {
///     collectivite: Collectivite {
///         siren: "216204982".parse().unwrap(),
///         departement: "062".parse().unwrap(),
///         arrondissement: "7".parse().unwrap(),
///         nature: "31".parse().unwrap(),
///         referent: None,
///         adresses_retour: vec!["actes@example.fr".into()],
///     },
///     transmetteur: Transmetteur { trigramme: "SLO".parse().unwrap(), application: Application::EACT },
///     envoi: Envoi { date: date("2022-12-19"), sequence: 1 },
///     contenu: Contenu::Acte(NouvelActe {
///         nature: "DE".parse().unwrap(),
///         date: date("2022-12-14"),
///         numero: "DLB12_14122022".parse().unwrap(),
///         objet: "Convention de partenariat avec le Louvre-Lens".into(),
///         matiere: "8.9".parse().unwrap(),
///         classification_date: date("2022-06-01"),
///         papier: false,
///         document: Piece::new("99_DE".parse().unwrap(), DocumentContent::bytes(pdf)),
///         annexes: vec![],
///     }),
/// };
/// let (bytes, built) = build(&t, &ValidationOptions::new(date("2022-12-19")), Vec::new()).unwrap();
/// assert_eq!(built.manifest.archive, "SLO-EACT--216204982--20221219-1.tar.gz");
/// let names: Vec<_> = built.manifest.entries.iter().map(|e| e.name.as_str()).collect();
/// assert_eq!(names, [
///     "EACT--216204982--20221219-1.xml",
///     "062-216204982-20221214-DLB12_14122022-DE-1-1_0.xml",
///     "99_DE-062-216204982-20221214-DLB12_14122022-DE-1-1_1.pdf",
/// ]);
/// assert_eq!(built.manifest.size, bytes.len() as u64);
/// assert_eq!(built.id_acte.unwrap().to_string(), "062-216204982-20221214-DLB12_14122022-DE");
///
/// // A decision dated after "today" is refused, and nothing is written.
/// let err = build(&t, &ValidationOptions::new(date("2022-12-13")), Vec::new()).unwrap_err();
/// assert_eq!(err.diagnostics()[0].code.as_str(), "ACTE-DATE-FUTURE");
/// ```
pub fn build<W: Write>(
    transmission: &Transmission,
    options: &ValidationOptions<'_>,
    out: W,
) -> Result<(W, Built), BuildError> {
    let (plan, warnings) = plan(transmission, options)?;
    let (out, manifest) = write_plan(&plan, options.max_total_size, DEFAULT_LEVEL, out)?;
    Ok((
        out,
        Built {
            manifest,
            id_acte: transmission.id_acte(),
            warnings,
        },
    ))
}

/// The name the archive of `transmission` will have,
/// `{TRI}-{APP}--{SIREN}--{YYYYMMDD}-{N}.tar.gz`.
pub fn archive_file_name(transmission: &Transmission) -> Result<String, Invalid> {
    ArchiveName::new(
        transmission.transmetteur.trigramme,
        transmission.transmetteur.application,
        transmission.collectivite.siren,
        transmission.envoi.date,
        transmission.envoi.sequence,
    )
    .map(|a| a.to_string())
}

/// Validates `transmission` and writes its archive into the folder `dir`,
/// under its protocol name, atomically: the archive is written to a
/// temporary file of the same folder and published only when complete. On
/// any error (validation, a failing reader, a full disk) nothing is left
/// behind, and an existing file of the same name is never replaced unless
/// `overwrite` is [`Overwrite::Allow`].
///
/// Returns the path of the archive and the build result.
pub fn build_to_dir(
    transmission: &Transmission,
    options: &ValidationOptions<'_>,
    dir: &Path,
    overwrite: Overwrite,
) -> Result<(PathBuf, Built), BuildError> {
    build_to_dir_with_level(transmission, options, dir, overwrite, DEFAULT_LEVEL)
}

/// [`build_to_dir`] with another compression level than
/// [`DEFAULT_LEVEL`] (0: stored, 1 to 12: libdeflate's levels; see
/// [`TarGzOptions::level`]).
pub fn build_to_dir_with_level(
    transmission: &Transmission,
    options: &ValidationOptions<'_>,
    dir: &Path,
    overwrite: Overwrite,
    level: Compression,
) -> Result<(PathBuf, Built), BuildError> {
    let (plan, warnings) = plan(transmission, options)?;
    let dest = dir.join(&plan.archive_name);
    let mut failure = None;
    let result = write_atomic(&dest, overwrite, |file| {
        match write_plan(&plan, options.max_total_size, level, file) {
            Ok((_, manifest)) => Ok(manifest),
            Err(BuildError::Io(e)) => Err(e),
            Err(other) => {
                failure = Some(other);
                Err(io::Error::other("build refused while writing"))
            }
        }
    });
    match (result, failure) {
        (_, Some(f)) => Err(f),
        (Ok(manifest), None) => Ok((
            dest,
            Built {
                manifest,
                id_acte: transmission.id_acte(),
                warnings,
            },
        )),
        (Err(e), None) => Err(BuildError::Io(e)),
    }
}
