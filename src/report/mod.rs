//! The JSON documents of each operation (feature `serde`): exactly what
//! each `actes` command prints with `--json`, built by the library so that
//! the CLI and any binding (C ABI, PHP, Python) return the same document.
//!
//! Each function below is the whole operation of one command, minus the
//! command line: it takes bytes (or a path where the input is a container
//! read under limits) and a [`Lang`], never reads the clock ("today" is a
//! parameter) and never fails: every problem, an unreadable file included,
//! is a [`Diagnostic`] inside the document. Each document serializes to the
//! shape given by its JSON Schema in `schemas/` (draft 2020-12):
//!
//! | function | command | schema |
//! |---|---|---|
//! | [`id_check`], [`id_check_bytes`] | `actes id check --json` (one line) | `id-check.schema.json` |
//! | [`siren_check`], [`siren_check_bytes`] | `actes siren check --json` (one line) | `siren-check.schema.json` |
//! | [`classification_check`] | `actes classification check --json` | `classification-check.schema.json` |
//! | [`archive_build`], [`archive_build_bytes`] | `actes archive build --json` | `archive-build.schema.json` |
//! | [`archive_check`], [`archive_check_source`] | `actes archive check --json` | `archive-check.schema.json` |
//! | [`receipt_read`] | `actes receipt read --json` (one line) | `receipt-read.schema.json` |
//! | [`delivery_read`], [`delivery_read_source`] | `actes delivery read --json` | `delivery-read.schema.json` |
//! | [`bundle_create`] | `actes bundle create --json` | `bundle-create.schema.json` |
//! | [`bundle_verify`] | `actes bundle verify --json` | `bundle-verify.schema.json` |
//! | [`budget_check`] | `actes budget check --json` (one line each), `budget show --json` | `budget-check.schema.json` |
//! | [`act_status`], [`act_status_full`] | `actes act status --json` (one line each) | `act-status.schema.json` |
//!
//! `actes classification show --json` and `diff --json` print the serde form
//! of [`Classification`] and
//! [`ClassificationDiff`](crate::classification::ClassificationDiff)
//! (`classification-show.schema.json`, `classification-diff.schema.json`).
//!
//! **Bytes in.** The identifier and classification checks, [`receipt_read`]
//! (with [`envelope_recipients`] to find the recipient of each file in an
//! MI envelope), [`archive_build_bytes`] (the input JSON in, the archive's
//! bytes out; only the documents the input names are read from
//! `base_dir`) and [`delivery_read_source`] with `Source::Memory` (e-mail
//! attachments) never touch the file system. [`archive_check`],
//! [`delivery_read`] and [`bundle_verify`] read a container at a path
//! under the container reader's limits: a binding holding a tar.gz or a
//! zip in memory writes it to a temporary file first (the container
//! reader has no in-memory tar.gz or zip source).
//!
//! Every diagnostic has one shape everywhere (`schemas/diagnostic.schema.json`):
//! `{"code", "severity", "message", "message_en", "message_fr", "location"}`,
//! `message` in the chosen language, `location` an object or `null`.
//!
//! ```
//! use actes::diagnostic::Lang;
//! use actes::report;
//! let r = report::id_check("062-216204982-20221214-DLB12_14122022-DE", None, false, Lang::Fr);
//! assert!(r.valid);
//! let json = serde_json::to_value(&r).unwrap();
//! assert_eq!(json["id"]["siren"], "216204982");
//! assert_eq!(json["id"]["nature"]["code"], 1);
//!
//! let r = report::siren_check("216204983", Some(3), false, Lang::Fr);
//! let json = serde_json::to_value(&r).unwrap();
//! assert_eq!(json["line"], 3);
//! assert_eq!(json["diagnostics"][0]["code"], "ID-SIREN-CHECKSUM");
//! assert_eq!(json["diagnostics"][0]["severity"], "error");
//! assert_eq!(json["diagnostics"][0]["message"], json["diagnostics"][0]["message_fr"]);
//! ```

mod act;
mod archive;
mod budget;
mod bundle;
mod check;
mod json_bytes;
mod received;
mod sorted;

use std::io;
use std::path::Path;

use serde::{Serialize, Serializer};

use crate::classification::Classification;
use crate::diagnostic::{has_errors, io_reason, Code, Diagnostic, Lang, Location};

pub use act::{act_status, act_status_full, ActStatus, Published, StatusOptions};
pub use archive::{
    archive_build, archive_build_bytes, archive_check, archive_check_source, ArchiveBuildReport,
    ArchiveCheckReport, BuildRequest,
};
pub use budget::{budget_check, budget_check_file, budget_unreadable, BudgetCheckReport};
pub use bundle::{bundle_create, bundle_verify, BundleCreateReport, BundleVerifyReport, Window};
pub use check::{
    classification_check, id_check, id_check_bytes, siren_check, siren_check_bytes,
    ClassificationCheckReport, IdCheckReport, NatureReport, SirenCheckReport, TypologieReport,
};
pub use received::{
    delivery_read, delivery_read_source, envelope_recipients, receipt_read, DeliveryDocument,
    DeliveryReport, ReceiptReport,
};

/// The diagnostics of a document, serialized with `message` in one
/// language (see [`Diagnostic::in_lang`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics {
    /// The language of `message`.
    pub lang: Lang,
    /// The findings, in order.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// `items` with `message` in `lang`.
    #[must_use]
    pub fn new(lang: Lang, items: Vec<Diagnostic>) -> Self {
        Diagnostics { lang, items }
    }

    /// Whether any item is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        has_errors(&self.items)
    }
}

impl std::ops::Deref for Diagnostics {
    type Target = [Diagnostic];
    fn deref(&self) -> &[Diagnostic] {
        &self.items
    }
}

impl Serialize for Diagnostics {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.items.iter().map(|d| d.in_lang(self.lang)))
    }
}

/// A classification file given by the caller: its name (for locations) and
/// its bytes (a 7-2 RetourClassification).
#[derive(Debug, Clone, Copy)]
pub struct ClassificationFile<'a> {
    /// The name diagnostics are attributed to (a path, a file name).
    pub name: &'a str,
    /// The XML.
    pub xml: &'a [u8],
}

impl ClassificationFile<'_> {
    /// Parses the file; its diagnostics are attributed to its name. No
    /// classification when it has errors.
    #[must_use]
    pub fn load(&self) -> (Option<Classification>, Vec<Diagnostic>) {
        let parsed = Classification::parse(self.xml);
        let diags: Vec<Diagnostic> = parsed
            .diagnostics
            .into_iter()
            .map(|d| d.in_file(self.name))
            .collect();
        if has_errors(&diags) {
            (None, diags)
        } else {
            (parsed.value, diags)
        }
    }
}

/// What was being done when an I/O error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoAction {
    /// Reading a file or standard input.
    Read,
    /// Writing a file, or creating a folder.
    Write,
}

/// An I/O error as a diagnostic naming `path`: a sentence in each
/// language, the operating system's own text only in parentheses
/// (`IO-READ` or `IO-WRITE`).
///
/// ```
/// use actes::diagnostic::Lang;
/// use actes::report::{io_diagnostic, IoAction};
/// let e = std::io::Error::from(std::io::ErrorKind::NotFound);
/// let d = io_diagnostic(IoAction::Read, "a.xml", &e);
/// assert_eq!(d.code.as_str(), "IO-READ");
/// assert!(d.message(Lang::Fr).starts_with("impossible de lire a.xml : fichier ou dossier introuvable"));
/// ```
#[must_use]
pub fn io_diagnostic(action: IoAction, path: &str, error: &io::Error) -> Diagnostic {
    let (code, en, fr) = match action {
        IoAction::Read => (Code::IoRead, "cannot read", "impossible de lire"),
        IoAction::Write => (Code::IoWrite, "cannot write", "impossible d'écrire"),
    };
    Diagnostic::new(
        code,
        Location::file(path),
        format!("{en} {path}: {}", io_reason(error, Lang::En)),
        format!("{fr} {path} : {}", io_reason(error, Lang::Fr)),
    )
}

/// The label of a path in documents and diagnostics.
pub(crate) fn label(path: &Path) -> String {
    path.display().to_string()
}
