//! `bundle create` and `bundle verify`.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::{io_diagnostic, label, Diagnostics, IoAction};
use crate::bundle::{
    self, ActSummary, Bundle, BundleManifest as Manifest, CreateOptions, FileEntry, HistoryItem,
    VerifyOptions,
};
use crate::container::Overwrite;
use crate::diagnostic::Lang;

/// The document of `actes bundle create --json`
/// (`schemas/bundle-create.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleCreateReport {
    /// The path of the zip.
    pub bundle: String,
    /// Whether it was written.
    pub written: bool,
    /// Its size in bytes, when written.
    pub size: Option<u64>,
    /// Its SHA-256, when written: keep it elsewhere, it proves the bundle.
    pub sha256: Option<String>,
    /// The manifest, when written.
    pub manifest: Option<Manifest>,
    /// Why it was refused (errors), or the accepted findings (warnings).
    pub diagnostics: Diagnostics,
}

/// Makes a proof bundle of the transmitted `archive` and the files
/// `received` about it, and writes it atomically to `out` (its folder is
/// created when missing). `today` only feeds the check that no received
/// date is in the future.
pub fn bundle_create<P: AsRef<Path>>(
    archive: &Path,
    received: &[P],
    out: &Path,
    overwrite: Overwrite,
    today: NaiveDate,
    lang: Lang,
) -> BundleCreateReport {
    let options = CreateOptions {
        today: Some(today),
        ..CreateOptions::default()
    };
    let refused = |diagnostics| BundleCreateReport {
        bundle: label(out),
        written: false,
        size: None,
        sha256: None,
        manifest: None,
        diagnostics: Diagnostics::new(lang, diagnostics),
    };
    let b = match Bundle::from_paths(archive, received, &options) {
        Ok(b) => b,
        Err(invalid) => return refused(invalid.diagnostics),
    };
    let mut diags = b.warnings.clone();
    if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            diags.push(io_diagnostic(IoAction::Write, &label(dir), &e));
            return refused(diags);
        }
    }
    match b.write(out, overwrite) {
        Ok(w) => BundleCreateReport {
            bundle: label(out),
            written: true,
            size: Some(w.size),
            sha256: Some(w.sha256),
            manifest: Some(b.manifest),
            diagnostics: Diagnostics::new(lang, diags),
        },
        Err(e) => {
            diags.push(io_diagnostic(IoAction::Write, &label(out), &e));
            refused(diags)
        }
    }
}

/// The two-month window on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    /// The day the status is given for.
    pub on: NaiveDate,
    /// Whether the préfet may still refer the act to the tribunal on `on`.
    pub open: bool,
    /// The last day of the window.
    pub end: NaiveDate,
}

/// The document of `actes bundle verify --json`
/// (`schemas/bundle-verify.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleVerifyReport {
    /// The bundle verified.
    pub bundle: String,
    /// Whether no diagnostic is an error.
    pub intact: bool,
    /// The manifest as read from the bundle.
    pub manifest: Option<Manifest>,
    /// The act as recomputed from the files.
    pub act: Option<ActSummary>,
    /// The history as recomputed from the files.
    pub history: Vec<HistoryItem>,
    /// Every file of the bundle with its recomputed role.
    pub files: Vec<FileEntry>,
    /// The window on `today`; `null` when it has no known end.
    pub window: Option<Window>,
    /// Every finding.
    pub diagnostics: Diagnostics,
}

/// Verifies the proof bundle at `path`; the window status is given for
/// `today`.
#[must_use]
pub fn bundle_verify(path: &Path, today: NaiveDate, lang: Lang) -> BundleVerifyReport {
    let v = bundle::verify(path, &VerifyOptions::default());
    let window = v.act.as_ref().and_then(|a| a.window_end).map(|end| Window {
        on: today,
        open: today <= end,
        end,
    });
    BundleVerifyReport {
        bundle: v.bundle,
        intact: v.intact,
        manifest: v.manifest,
        act: v.act,
        history: v.history,
        files: v.files,
        window,
        diagnostics: Diagnostics::new(lang, v.diagnostics),
    }
}
