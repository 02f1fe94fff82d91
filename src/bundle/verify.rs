//! Verifying a proof bundle built by anyone.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::analyse::{analyse, split};
use super::{
    compat, sha256_of, ActSummary, BundleManifest, FileEntry, HistoryItem, NamedFile, FORMAT,
    FORMAT_V1, MANIFEST_NAME,
};
use crate::container::read::{read_all, ReadLimits, Source};
use crate::diagnostic::{has_errors, Code, Diagnostic, Location};

/// Options of [`verify`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Limits of the container reader (the bundle may come from anyone).
    pub limits: ReadLimits,
}

/// The result of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verification {
    /// The bundle verified (its path, or `memory`).
    pub bundle: String,
    /// Whether no diagnostic is an error: every file is there, unchanged,
    /// and the manifest agrees with what the files say.
    pub intact: bool,
    /// The manifest as read from the bundle, when it is one.
    pub manifest: Option<BundleManifest>,
    /// The act as recomputed from the files, when they carry one.
    pub act: Option<ActSummary>,
    /// The history as recomputed from the files.
    pub history: Vec<HistoryItem>,
    /// Every file as found in the bundle, with its recomputed role.
    pub files: Vec<FileEntry>,
    /// Errors (the bundle is tampered or inconsistent), each naming the
    /// file or the manifest field; warnings (findings of the receipt and
    /// transaction checks, accepted when the bundle was made).
    pub diagnostics: Vec<Diagnostic>,
}

/// Verifies the bundle at `path`. Never fails: an unreadable bundle is a
/// diagnostic. See the [module documentation](super).
#[must_use]
pub fn verify(path: &Path, options: &VerifyOptions) -> Verification {
    verify_source(&Source::Zip(path.to_path_buf()), options)
}

/// Verifies a bundle from any container source (a zip, or the same files
/// in a folder or in memory).
pub fn verify_source(source: &Source, options: &VerifyOptions) -> Verification {
    let (entries, container) = read_all(source, &options.limits);
    // A bundle never has anything the reader objects to: a refused or
    // nested entry is a changed bundle.
    let mut diags: Vec<Diagnostic> = container.into_iter().map(Diagnostic::strict).collect();
    let mut manifest_bytes = None;
    let mut members: Vec<NamedFile> = Vec::new();
    for e in entries {
        if e.name == MANIFEST_NAME {
            manifest_bytes = Some(e.bytes);
        } else {
            members.push((e.name, e.bytes));
        }
    }
    members.sort_by(|a, b| a.0.cmp(&b.0));

    let manifest = match manifest_bytes {
        None => {
            diags.push(Diagnostic::on_file(
                Code::BundleManifestMissing,
                MANIFEST_NAME,
                "the bundle has no manifest.json",
                "le dossier de preuve n'a pas de manifest.json",
            ));
            None
        }
        Some(bytes) => match serde_json::from_slice::<BundleManifest>(&bytes) {
            Err(e) => {
                diags.push(invalid(
                    format!("not a proof-bundle manifest: {e}"),
                    format!("pas un manifeste de dossier de preuve ({e})"),
                ));
                None
            }
            Ok(m) if m.format == FORMAT_V1 => Some(compat::from_v1(m)),
            Ok(m) if m.format != FORMAT => {
                diags.push(invalid(
                    format!("format {:?}, expected {FORMAT:?}", m.format),
                    format!("format {:?}, attendu {FORMAT:?}", m.format),
                ));
                None
            }
            Ok(m) => Some(m),
        },
    };
    if let Some(m) = &manifest {
        check_files(m, &members, &mut diags);
    }

    // Re-read the messages and recompute everything.
    let (sent, received) = split(members);
    let mut act = None;
    let mut history = Vec::new();
    let mut files = Vec::new();
    match analyse(&sent, &received, None) {
        Err(fatal) => diags.extend(fatal),
        Ok(a) => {
            diags.extend(a.refusals);
            diags.extend(a.findings);
            if let Some(m) = &manifest {
                compare(m, &a.act, &a.history, &a.files, &mut diags);
            }
            act = Some(a.act);
            history = a.history;
            files = a.files;
        }
    }
    Verification {
        bundle: source.label(),
        intact: !has_errors(&diags),
        manifest,
        act,
        history,
        files,
        diagnostics: diags,
    }
}

fn invalid(en: String, fr: String) -> Diagnostic {
    Diagnostic::on_file(Code::BundleManifestInvalid, MANIFEST_NAME, en, fr)
}

fn mismatch(file: Option<&str>, path: &str, en: String, fr: String) -> Diagnostic {
    let mut location = Location::path(path);
    location.file = Some(file.unwrap_or(MANIFEST_NAME).to_string());
    Diagnostic::new(Code::BundleManifestMismatch, location, en, fr)
}

/// Missing, extra, size and SHA-256.
fn check_files(m: &BundleManifest, members: &[NamedFile], diags: &mut Vec<Diagnostic>) {
    let present: BTreeMap<&str, &[u8]> = members
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let mut listed: HashSet<&str> = HashSet::new();
    for f in &m.files {
        let name = f.name.as_str();
        if !listed.insert(name) {
            diags.push(invalid(
                format!("{name} is listed twice"),
                format!("{name} est listé deux fois"),
            ));
            continue;
        }
        let Some(bytes) = present.get(name) else {
            diags.push(Diagnostic::on_file(
                Code::BundleFileMissing,
                name,
                format!(
                    "{name} is listed by the manifest ({}) but not in the bundle",
                    f.role.as_str()
                ),
                format!(
                    "{name} est listé par le manifeste ({}) mais absent du dossier de preuve",
                    f.role.as_str()
                ),
            ));
            continue;
        };
        let size = bytes.len() as u64;
        if size != f.size {
            diags.push(Diagnostic::on_file(
                Code::BundleSizeMismatch,
                name,
                format!("{name} has {size} bytes; the manifest says {}", f.size),
                format!(
                    "{name} a {size} octets ; le manifeste en annonce {}",
                    f.size
                ),
            ));
        }
        let sha = sha256_of(bytes);
        if !sha.eq_ignore_ascii_case(&f.sha256) {
            diags.push(Diagnostic::on_file(
                Code::BundleHashMismatch,
                name,
                format!("{name} has SHA-256 {sha}; the manifest says {}: the file was changed", f.sha256),
                format!("{name} a pour SHA-256 {sha} ; le manifeste indique {} : le fichier a été modifié", f.sha256),
            ));
        }
    }
    for (name, _) in members {
        if !listed.contains(name.as_str()) {
            diags.push(Diagnostic::on_file(
                Code::BundleFileExtra,
                name,
                format!("{name} is in the bundle but not listed by the manifest"),
                format!(
                    "{name} est dans le dossier de preuve mais n'est pas listé par le manifeste"
                ),
            ));
        }
    }
}

/// The manifest against what the files say.
fn compare(
    m: &BundleManifest,
    act: &ActSummary,
    history: &[HistoryItem],
    files: &[FileEntry],
    diags: &mut Vec<Diagnostic>,
) {
    for (i, listed) in m.files.iter().enumerate() {
        let Some(found) = files.iter().find(|f| f.name == listed.name) else {
            continue; // missing: reported by check_files, or refused by the analysis
        };
        let fields = [
            (
                "role",
                listed.role.as_str().to_string(),
                found.role.as_str().to_string(),
            ),
            ("code", show(&listed.code), show(&found.code)),
            ("root", show(&listed.root), show(&found.root)),
        ];
        for (field, said, is) in fields {
            if said != is {
                diags.push(mismatch(
                    Some(&listed.name),
                    &format!("files[{i}].{field}"),
                    format!(
                        "the manifest gives {} the {field} {said}; the file says {is}",
                        listed.name
                    ),
                    format!(
                        "le manifeste donne à {} le {field} {said} ; le fichier dit {is}",
                        listed.name
                    ),
                ));
            }
        }
    }
    let opt = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "none".into(), |d| d.to_string());
    let fields = [
        ("act.id_acte", m.act.id_acte.clone(), act.id_acte.clone()),
        ("act.nature", m.act.nature.clone(), act.nature.clone()),
        ("act.objet", m.act.objet.clone(), act.objet.clone()),
        (
            "act.decision_date",
            m.act.decision_date.to_string(),
            act.decision_date.to_string(),
        ),
        ("act.sent_on", opt(m.act.sent_on), opt(act.sent_on)),
        (
            "act.reception_date",
            opt(m.act.reception_date),
            opt(act.reception_date),
        ),
        ("act.window_end", opt(m.act.window_end), opt(act.window_end)),
        ("act.state", m.act.state.clone(), act.state.clone()),
    ];
    for (path, said, is) in fields {
        if said != is {
            diags.push(mismatch(
                None,
                path,
                format!("the manifest says {path} = {said}; the files say {is}"),
                format!("le manifeste indique {path} = {said} ; les fichiers disent {is}"),
            ));
        }
    }
    if let Some(envelope) = files.iter().find(|f| f.role == super::Role::Envelope) {
        let stem = envelope.name.strip_suffix(".xml").unwrap_or(&envelope.name);
        let expected_tail = format!("-{stem}.tar.gz");
        if !m.archive.name.ends_with(&expected_tail) {
            diags.push(mismatch(
                None,
                "archive.name",
                format!(
                    "the archive name {} does not match the envelope {}",
                    m.archive.name, envelope.name
                ),
                format!(
                    "le nom d'archive {} ne correspond pas à l'enveloppe {}",
                    m.archive.name, envelope.name
                ),
            ));
        }
    }
    if m.history != history {
        let at = m
            .history
            .iter()
            .zip(history)
            .position(|(a, b)| a != b)
            .unwrap_or(m.history.len().min(history.len()));
        let file = history
            .get(at)
            .or(m.history.get(at))
            .and_then(|h| h.file.clone());
        diags.push(mismatch(
            file.as_deref(),
            &format!("history[{at}]"),
            format!(
                "the manifest's history ({} steps) differs from the files' ({} steps) at step {}",
                m.history.len(),
                history.len(),
                at + 1
            ),
            format!(
                "l'historique du manifeste ({} étapes) diffère de celui des fichiers ({} étapes) à l'étape {}",
                m.history.len(),
                history.len(),
                at + 1
            ),
        ));
    }
}

fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "none".into(), ToString::to_string)
}
