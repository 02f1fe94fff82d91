//! An acknowledged act as the after-acknowledgement outputs need it (the
//! stamp of a bundle, the receipt sheet, the open-data row): its proof
//! bundle's manifest (IDActe, dates, state, history, files), the 1-1 as
//! sent (matière, numéro interne), the service of the préfecture that
//! answered (from the ministry's envelope), and the files themselves.
//!
//! A record comes from a **proof bundle** ([`ActRecord::from_bundle`]:
//! verified first, refused unless intact) or from the **transmitted
//! archive and the files received about it** ([`ActRecord::from_archive`]:
//! the same checks as [`Bundle::from_paths`]). [`load`] sorts a list of
//! paths — bundles, archives, received files and deliveries (folder,
//! tar.gz, zip) — into records: each received file goes with the archive
//! whose act it is about ([`ActeKey`]: the message's IDActe, or SIREN and
//! numéro; documents by their `IDActe-…` names; the ministry's envelopes
//! that list them).
//!
//! This module needs the `serde` feature (proof bundles).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::bundle::{
    self, ArchiveSummary, Bundle, BundleManifest as Manifest, CreateOptions, NamedFile, Role,
};
use crate::container::read::{read_all, read_file_capped, ReadLimits, Source};
use crate::container::sha256_hex;
use crate::diagnostic::{Code, Diagnostic, Invalid, Location};
use crate::ids::{ActeId, ActeKey, CodeMatiere, KeyMatch, Siren};
use crate::messages::{DonneesActe, Message, ServiceEmetteur};
use crate::pdf::StampText;
use crate::transaction::{EventContext, TransactionEvent};

/// An acknowledged (or at least transmitted) act. See the [module
/// documentation](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActRecord {
    /// Where it comes from (the bundle's or the archive's path).
    pub source: String,
    /// The proof bundle's manifest (as verified, or as it would be written).
    pub manifest: Manifest,
    /// The 1-1 `Acte` as sent.
    pub acte: DonneesActe,
    /// The service of the préfecture that sent the ministry's envelope, when
    /// one was received.
    pub emetteur: Option<ServiceEmetteur>,
    /// Every file of the bundle (manifest excluded), by name.
    pub files: Vec<NamedFile>,
    /// Findings that did not prevent the record (warnings).
    pub warnings: Vec<Diagnostic>,
}

fn no_act(file: &str, en: String, fr: String) -> Diagnostic {
    Diagnostic::new(Code::RecordNoAct, Location::file(file), en, fr)
}

impl ActRecord {
    fn new(
        source: String,
        manifest: Manifest,
        files: Vec<NamedFile>,
        warnings: Vec<Diagnostic>,
    ) -> Result<ActRecord, Invalid> {
        let with_role = |role: Role| {
            manifest
                .files
                .iter()
                .filter(move |f| f.role == role)
                .filter_map(|f| files.iter().find(|(n, _)| *n == f.name))
        };
        let acte = with_role(Role::Message).find_map(|(_, b)| match Message::parse(b).value {
            Some(Message::Acte(a)) => Some(a),
            _ => None,
        });
        let Some(acte) = acte else {
            return Err(Invalid::one(no_act(
                &source,
                "no 1-1 Acte message among the files".into(),
                "aucun message 1-1 Acte parmi les fichiers".into(),
            )));
        };
        let emetteur =
            with_role(Role::ReceivedEnvelope).find_map(|(_, b)| match Message::parse(b).value {
                Some(Message::EnveloppeMISILLCL(e)) => e.emetteur,
                _ => None,
            });
        Ok(ActRecord {
            source,
            manifest,
            acte,
            emetteur,
            files,
            warnings,
        })
    }

    /// Reads a proof bundle; refused (with the verification's diagnostics)
    /// unless it verifies intact.
    pub fn from_bundle(path: &Path, limits: &ReadLimits) -> Result<ActRecord, Invalid> {
        let v = bundle::verify(
            path,
            &bundle::VerifyOptions {
                limits: limits.clone(),
            },
        );
        let label = path.display().to_string();
        let manifest = match v.manifest {
            Some(m) if v.intact => m,
            _ => {
                return Err(Invalid {
                    diagnostics: v.diagnostics,
                })
            }
        };
        let (entries, _) = read_all(&Source::Zip(path.to_path_buf()), limits);
        let files = entries
            .into_iter()
            .filter(|e| e.name != bundle::MANIFEST_NAME)
            .map(|e| (e.name, e.bytes))
            .collect();
        let warnings = v.diagnostics;
        ActRecord::new(label, manifest, files, warnings)
    }

    /// Reads the transmitted archive and the files received about it (as
    /// [`Bundle::from_paths`] does).
    pub fn from_archive(
        archive: &Path,
        received: &[impl AsRef<Path>],
        options: &CreateOptions,
    ) -> Result<ActRecord, Invalid> {
        let b = Bundle::from_paths(archive, received, options)?;
        let source = archive.display().to_string();
        let files = b.files().to_vec();
        ActRecord::new(source, b.manifest, files, b.warnings)
    }

    /// The act's SIREN (from its IDActe).
    #[must_use]
    pub fn siren(&self) -> Option<Siren> {
        self.id_acte().map(|id| id.siren())
    }

    /// The IDActe, parsed.
    #[must_use]
    pub fn id_acte(&self) -> Option<ActeId> {
        ActeId::parse_diagnostics(&self.manifest.act.id_acte).value
    }

    /// The classification code as sent.
    #[must_use]
    pub fn matiere(&self) -> Option<CodeMatiere> {
        self.acte.matiere()
    }

    /// The numéro interne as sent.
    #[must_use]
    pub fn numero_interne(&self) -> String {
        self.acte.numero_interne.raw.trim().to_string()
    }

    /// The files sent with a role (the act, then annexes), by name.
    #[must_use]
    pub fn sent_documents(&self) -> Vec<(&str, &[u8], Role)> {
        let mut out: Vec<(&str, &[u8], Role)> = Vec::new();
        for role in [Role::Act, Role::Annex] {
            for f in self.manifest.files.iter().filter(|f| f.role == role) {
                if let Some((n, b)) = self.files.iter().find(|(n, _)| *n == f.name) {
                    out.push((n.as_str(), b.as_slice(), role));
                }
            }
        }
        out
    }

    /// The stamp's text: IDActe, date sent, date received; `published` as
    /// given.
    #[must_use]
    pub fn stamp_text(&self, published: Option<NaiveDate>) -> StampText {
        StampText {
            id_acte: self.manifest.act.id_acte.clone(),
            sent: self.manifest.act.sent_on,
            received: self.manifest.act.reception_date,
            published,
        }
    }
}

/// Size and SHA-256 of a file or nothing for a folder.
fn summary(path: &Path, limits: &ReadLimits) -> ArchiveSummary {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (size, sha256) = match read_file_capped(path, limits.max_total_bytes) {
        Ok(bytes) if !path.is_dir() => {
            let digest: [u8; 32] = Sha256::digest(&bytes).into();
            (bytes.len() as u64, sha256_hex(&digest))
        }
        _ => (0, String::new()),
    };
    ArchiveSummary { name, size, sha256 }
}

/// What one input path is.
enum Input {
    Bundle(PathBuf),
    Archive(PathBuf, Vec<NamedFile>),
    Received(Vec<NamedFile>),
}

fn classify(path: &Path, limits: &ReadLimits) -> Result<Input, Box<Diagnostic>> {
    let label = path.display().to_string();
    let single = |bytes: Vec<u8>| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Input::Received(vec![(name, bytes)])
    };
    let unreadable = |e: &dyn std::fmt::Display| {
        Box::new(no_act(
            &label,
            format!("cannot read {label}: {e}"),
            format!("impossible de lire {label} : {e}"),
        ))
    };
    let source = match Source::detect(path) {
        Ok(s) => s,
        Err(_) if path.is_file() => {
            let bytes =
                read_file_capped(path, limits.max_entry_bytes).map_err(|e| unreadable(&e))?;
            return Ok(single(bytes));
        }
        Err(e) => return Err(unreadable(&e)),
    };
    let (entries, diags) = read_all(&source, limits);
    if entries.is_empty() {
        let detail = diags.first().map_or_else(
            || "no file in it".into(),
            |d| d.message(crate::diagnostic::Lang::En).to_string(),
        );
        return Err(Box::new(no_act(
            &label,
            format!("{label}: {detail}"),
            format!("{label} : {detail}"),
        )));
    }
    if entries.iter().any(|e| e.name == bundle::MANIFEST_NAME) {
        return Ok(Input::Bundle(path.to_path_buf()));
    }
    let files: Vec<NamedFile> = entries.into_iter().map(|e| (e.name, e.bytes)).collect();
    let sent = files
        .iter()
        .any(|(_, b)| matches!(Message::parse(b).value, Some(Message::EnveloppeCLMISILL(_))));
    Ok(if sent {
        Input::Archive(path.to_path_buf(), files)
    } else {
        Input::Received(files)
    })
}

/// The received files about the act of `alone` (its bundle without
/// received files): the messages whose key is the act's ([`ActeKey`], the
/// one "same act" rule), the files named `IDActe-…` (documents), and the
/// ministry's envelopes listing one of them.
fn about(alone: &Bundle, received: &[NamedFile]) -> BTreeSet<usize> {
    let id = &alone.manifest.act.id_acte;
    let mut key = ActeKey::from_id_acte(id);
    if let Some(env) = alone
        .manifest
        .files
        .iter()
        .find(|f| f.role == Role::Envelope)
    {
        key = key.with_envelope(env.name.clone());
    }
    let siren = ActeId::parse_diagnostics(id)
        .value
        .map(|a| a.siren().to_string());
    let prefix = format!("{id}-");
    let parsed: Vec<Option<Message>> = received
        .iter()
        .map(|(_, b)| Message::parse(b).value)
        .collect();
    let mut mine = BTreeSet::new();
    for (i, ((name, _), m)) in received.iter().zip(&parsed).enumerate() {
        let same_act = m.as_ref().is_some_and(|m| {
            let ctx = EventContext {
                source: Some(name.clone()),
                siren: siren.clone(),
                sent_on: None,
            };
            TransactionEvent::from_message(m, &ctx)
                .is_ok_and(|e| key.matches(&e.key) != KeyMatch::None)
        });
        if same_act || name.starts_with(&prefix) {
            mine.insert(i);
        }
    }
    let claimed: BTreeSet<&str> = mine
        .iter()
        .filter_map(|i| received.get(*i).map(|(n, _)| n.as_str()))
        .collect();
    for (i, m) in parsed.iter().enumerate() {
        if let Some(Message::EnveloppeMISILLCL(e)) = m {
            if e.formulaires
                .iter()
                .any(|f| claimed.contains(f.nom_fichier.trim()))
            {
                mine.insert(i);
            }
        }
    }
    mine
}

/// Sorts `paths` into records (see the [module documentation](self)).
/// Returns the records in input order and, separately, every input that
/// could not be made one (with its diagnostics). A received file that no
/// archive claims is reported.
#[must_use]
pub fn load(paths: &[PathBuf], options: &CreateOptions) -> (Vec<ActRecord>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut inputs = Vec::new();
    let mut received: Vec<NamedFile> = Vec::new();
    for p in paths {
        match classify(p, &options.limits) {
            Ok(Input::Received(mut files)) => received.append(&mut files),
            Ok(other) => inputs.push(other),
            Err(d) => problems.push(*d),
        }
    }
    let mut claimed = BTreeSet::new();
    let mut records = Vec::new();
    for input in inputs {
        let result = match input {
            Input::Bundle(path) => ActRecord::from_bundle(&path, &options.limits),
            Input::Archive(path, sent) => {
                let archive = summary(&path, &options.limits);
                // The act's IDActe, from the archive alone.
                match Bundle::from_files(archive.clone(), sent.clone(), Vec::new(), options) {
                    Err(e) => Err(e),
                    Ok(alone) => {
                        let mine = about(&alone, &received);
                        let files: Vec<NamedFile> = mine
                            .iter()
                            .filter_map(|i| received.get(*i).cloned())
                            .collect();
                        claimed.extend(mine);
                        Bundle::from_files(archive, sent, files, options).and_then(|b| {
                            ActRecord::new(
                                path.display().to_string(),
                                b.manifest.clone(),
                                b.files().to_vec(),
                                b.warnings.clone(),
                            )
                        })
                    }
                }
            }
            Input::Received(_) => continue,
        };
        match result {
            Ok(r) => records.push(r),
            Err(invalid) => problems.extend(invalid.diagnostics),
        }
    }
    for (i, (name, _)) in received.iter().enumerate() {
        if !claimed.contains(&i) {
            problems.push(no_act(
                name,
                format!("{name} is about no archive or bundle given"),
                format!(
                    "{name} ne concerne aucune des archives ou aucun des dossiers de preuve donnés"
                ),
            ));
        }
    }
    (records, problems)
}
