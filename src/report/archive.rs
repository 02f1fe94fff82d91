//! `archive build` and `archive check`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::{io_diagnostic, label, ClassificationFile, Diagnostics, IoAction};
use crate::archive::{self, ArchiveManifest as Manifest, BuildError, CheckOptions, CheckedMessage};
use crate::container::read::Source;
use crate::container::Overwrite;
use crate::diagnostic::{has_errors, Diagnostic, Lang};
use crate::transmission::parse_json;
use crate::transmission::{Transmission, ValidationOptions};

/// The document of `actes archive build --json`
/// (`schemas/archive-build.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveBuildReport {
    /// The path of the archive written; `null` when nothing was written
    /// (and always `null` from [`archive_build_bytes`]).
    pub archive: Option<String>,
    /// Whether the archive was built.
    pub valid: bool,
    /// The IDActe the ministry will assign (1-1), or the act concerned.
    pub id_acte: Option<String>,
    /// The archive's name, size, SHA-256 and entries.
    pub manifest: Option<Manifest>,
    /// Every finding: errors refuse the build, warnings do not.
    pub diagnostics: Diagnostics,
}

/// What [`archive_build`] needs besides the input.
#[derive(Debug, Clone, Copy)]
pub struct BuildRequest<'a> {
    /// The name diagnostics about the input are attributed to (its path).
    pub input_name: &'a str,
    /// The folder the input's document paths are relative to.
    pub base_dir: &'a Path,
    /// Today's date, for the emission rules.
    pub today: NaiveDate,
    /// The collectivité's classification, when given.
    pub classification: Option<ClassificationFile<'a>>,
    /// The compression level of [`archive_build`]:
    /// [`DEFAULT_LEVEL`](crate::container::DEFAULT_LEVEL) unless
    /// asked otherwise (0: stored, 1 to 12: libdeflate's levels).
    pub level: flate2::Compression,
}

/// The transmission described by `input_json`, validated, or the document
/// of the refusal.
fn prepare(
    input_json: &[u8],
    request: &BuildRequest<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Transmission, Option<crate::classification::Classification>)> {
    let classification = match request.classification {
        Some(file) => {
            let (c, d) = file.load();
            diags.extend(d);
            Some(c?)
        }
        None => None,
    };
    let parsed = parse_json(input_json, request.base_dir);
    diags.extend(
        parsed
            .diagnostics
            .into_iter()
            .map(|d| d.in_file(request.input_name)),
    );
    Some((parsed.value?, classification))
}

fn refused(diags: Vec<Diagnostic>, lang: Lang) -> ArchiveBuildReport {
    ArchiveBuildReport {
        archive: None,
        valid: false,
        id_acte: None,
        manifest: None,
        diagnostics: Diagnostics::new(lang, diags),
    }
}

fn build_error(e: BuildError, what: &str, diags: &mut Vec<Diagnostic>) {
    match e {
        BuildError::Invalid(inv) => diags.extend(inv.diagnostics),
        BuildError::Io(e) => diags.push(io_diagnostic(IoAction::Write, what, &e)),
    }
}

/// Validates the transmission described by `input_json` (the JSON of
/// `schemas/transmission-input.schema.json`) and writes its archive into
/// `out_dir` (created when missing) under its protocol name, atomically; an
/// existing archive is replaced only with [`Overwrite::Allow`].
#[must_use]
pub fn archive_build(
    input_json: &[u8],
    request: &BuildRequest<'_>,
    out_dir: &Path,
    overwrite: Overwrite,
    lang: Lang,
) -> ArchiveBuildReport {
    let mut diags = Vec::new();
    let Some((t, classification)) = prepare(input_json, request, &mut diags) else {
        return refused(diags, lang);
    };
    let mut options = ValidationOptions::new(request.today);
    options.classification = classification.as_ref();
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        diags.push(io_diagnostic(IoAction::Write, &label(out_dir), &e));
        return refused(diags, lang);
    }
    match archive::build_to_dir_with_level(&t, &options, out_dir, overwrite, request.level) {
        Ok((path, built)) => {
            diags.extend(built.warnings);
            built_report(Some(path), built.manifest, built.id_acte, diags, lang)
        }
        Err(e) => {
            let dest = archive::archive_file_name(&t)
                .map_or_else(|_| out_dir.to_path_buf(), |n| out_dir.join(n));
            build_error(e, &label(&dest), &mut diags);
            refused(diags, lang)
        }
    }
}

fn built_report(
    path: Option<PathBuf>,
    manifest: Manifest,
    id_acte: Option<crate::ids::ActeId>,
    diags: Vec<Diagnostic>,
    lang: Lang,
) -> ArchiveBuildReport {
    ArchiveBuildReport {
        archive: path.map(|p| label(&p)),
        valid: true,
        id_acte: id_acte.map(|i| i.to_string()),
        manifest: Some(manifest),
        diagnostics: Diagnostics::new(lang, diags),
    }
}

/// [`archive_build`] in memory: the archive's bytes (when built) and the
/// document, whose `archive` is `null`; the archive's name is
/// `manifest.archive`. Document paths of the input are still read from
/// `base_dir`.
#[must_use]
pub fn archive_build_bytes(
    input_json: &[u8],
    request: &BuildRequest<'_>,
    lang: Lang,
) -> (ArchiveBuildReport, Option<Vec<u8>>) {
    let mut diags = Vec::new();
    let Some((t, classification)) = prepare(input_json, request, &mut diags) else {
        return (refused(diags, lang), None);
    };
    let mut options = ValidationOptions::new(request.today);
    options.classification = classification.as_ref();
    match archive::build(&t, &options, Vec::new()) {
        Ok((bytes, built)) => {
            diags.extend(built.warnings);
            (
                built_report(None, built.manifest, built.id_acte, diags, lang),
                Some(bytes),
            )
        }
        Err(e) => {
            build_error(e, request.input_name, &mut diags);
            (refused(diags, lang), None)
        }
    }
}

/// The document of `actes archive check --json`
/// (`schemas/archive-check.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveCheckReport {
    /// The archive checked (its path).
    pub archive: String,
    /// Whether no diagnostic is an error.
    pub valid: bool,
    /// The messages found, with their IDActe and the documents they name.
    pub messages: Vec<CheckedMessage>,
    /// Every finding.
    pub diagnostics: Diagnostics,
}

/// Checks the CL → MI archive at `path` (a tar.gz; a folder, tar or zip of
/// the same files is accepted) as the préfecture would.
#[must_use]
pub fn archive_check(
    path: &Path,
    today: NaiveDate,
    classification: Option<ClassificationFile<'_>>,
    lang: Lang,
) -> ArchiveCheckReport {
    checked(today, classification, lang, |o| archive::check(path, o))
}

/// [`archive_check`] on any container source (files in memory included);
/// `archive_name` is the archive's file name when known, whose form and
/// agreement with the envelope are then checked.
#[must_use]
pub fn archive_check_source(
    source: &Source,
    archive_name: Option<&str>,
    today: NaiveDate,
    classification: Option<ClassificationFile<'_>>,
    lang: Lang,
) -> ArchiveCheckReport {
    let size = match source {
        Source::TarGz(p) | Source::Tar(p) | Source::Zip(p) => {
            std::fs::metadata(p).ok().map(|m| m.len())
        }
        _ => None,
    };
    checked(today, classification, lang, |o| {
        archive::check_source(source, archive_name, size, o)
    })
}

/// Runs `check` with the options of `today` and `classification`; the
/// classification file's findings come first.
fn checked(
    today: NaiveDate,
    classification: Option<ClassificationFile<'_>>,
    lang: Lang,
    check: impl FnOnce(&CheckOptions<'_>) -> archive::CheckReport,
) -> ArchiveCheckReport {
    let (c, mut diags) = classification.map(|f| f.load()).unwrap_or_default();
    let mut options = CheckOptions::new(today);
    options.classification = c.as_ref();
    let report = check(&options);
    diags.extend(report.diagnostics);
    ArchiveCheckReport {
        archive: report.archive,
        valid: report.valid && !has_errors(&diags),
        messages: report.messages,
        diagnostics: Diagnostics::new(lang, diags),
    }
}
