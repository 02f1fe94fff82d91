//! `act status`: the legal state of the acts a set of paths tells about.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::{label, Diagnostics};
use crate::container::read::{read_all, read_file_capped, ReadLimits, Source};
use crate::diagnostic::{has_errors, Code, Diagnostic, Lang, Location, Severity};
use crate::transaction::{status_json, Acts, Calendar, NamedBytes, Transaction};

/// A publication (or notification) date: for every act (`id_acte` `None`)
/// or for the act whose `IDActe` is `id_acte`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The act it is for; `None` for every act without its own date.
    pub id_acte: Option<String>,
    /// The date.
    pub date: NaiveDate,
}

/// How the legal dates are counted (`--delai`, `--calendar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusOptions {
    /// The préfet's window as a délai franc (the default) or not.
    pub delai_franc: bool,
    /// The public holidays to use instead of the act's département's.
    pub calendar: Option<Calendar>,
}

impl Default for StatusOptions {
    fn default() -> Self {
        StatusOptions {
            delai_franc: true,
            calendar: None,
        }
    }
}

/// What `act status` found: each act with its document, the findings on
/// the files themselves, and whether every input was read and names an act.
#[derive(Debug, Clone)]
pub struct ActStatus {
    /// One transaction per act (rules applied) and its document.
    pub acts: Vec<(Transaction, Value)>,
    /// Findings on the files (unreadable inputs, files that are not
    /// messages or name no act), in the language of the documents.
    pub files: Diagnostics,
    /// Whether every input was read and names an act.
    pub all_read: bool,
}

impl ActStatus {
    /// The documents printed by `actes act status --json`, one per line:
    /// one per act, then, when there are findings on the files, a last
    /// `{"id_acte": null, "state": null, "diagnostics"}`.
    #[must_use]
    pub fn documents(&self) -> Vec<Value> {
        let mut out: Vec<Value> = self.acts.iter().map(|(_, v)| v.clone()).collect();
        if !self.files.is_empty() {
            out.push(json!({
                "id_acte": null,
                "state": null,
                "diagnostics": serde_json::to_value(&self.files).unwrap_or(Value::Null),
            }));
        }
        out
    }

    /// Whether an error was found, on the files or on an act.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.files.has_errors() || self.acts.iter().any(|(t, _)| has_errors(t.diagnostics()))
    }
}

fn unreadable(path: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::new(
        Code::DelivUnreadable,
        Location::file(path),
        format!("{path} cannot be read: {e}"),
        format!("{path} ne peut pas être lu : {e}"),
    )
}

/// Groups of files by label (see [`Acts::from_groups`]).
type Groups = Vec<(String, Vec<NamedBytes>)>;

/// Reads the inputs into groups of files: each container is a group; loose
/// `.xml` files form one group. Returns the groups, the reading
/// diagnostics, and whether every input was read.
fn read_inputs(paths: &[&Path]) -> (Groups, Vec<Diagnostic>, bool) {
    let limits = ReadLimits::default();
    let mut groups = Vec::new();
    let mut loose: Vec<NamedBytes> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut all_read = true;
    for path in paths {
        let p = label(path);
        let is_xml_file = !path.is_dir() && p.to_ascii_lowercase().ends_with(".xml");
        if is_xml_file {
            match read_file_capped(path, limits.max_entry_bytes) {
                Ok(b) => loose.push((p, b)),
                Err(e) => {
                    all_read = false;
                    diagnostics.push(unreadable(&p, &e));
                }
            }
            continue;
        }
        match Source::detect(path) {
            Ok(source) => {
                let (entries, found) = read_all(&source, &limits);
                if found.iter().any(|d| d.severity == Severity::Error) {
                    all_read = false;
                }
                diagnostics.extend(found);
                groups.push((p, entries.into_iter().map(|e| (e.name, e.bytes)).collect()));
            }
            Err(e) => {
                all_read = false;
                diagnostics.push(unreadable(&p, &e));
            }
        }
    }
    if !loose.is_empty() {
        groups.push((String::new(), loose));
    }
    (groups, diagnostics, all_read)
}

/// The publication date given for an act.
fn published_for(t: &Transaction, published: &[Published]) -> Option<NaiveDate> {
    let id = t.id_acte();
    published
        .iter()
        .find(|p| p.id_acte.is_some() && p.id_acte.as_deref() == id)
        .or_else(|| published.iter().find(|p| p.id_acte.is_none()))
        .map(|p| p.date)
}

/// The whole of `actes act status`: reads every path (sent archives,
/// deliveries, proof bundles, folders, message files) under the container
/// reader's limits, groups what they say by act, and gives each act's
/// status on `today` ([`status_json`], diagnostics in `lang`).
#[must_use]
pub fn act_status_full(
    paths: &[&Path],
    published: &[Published],
    today: NaiveDate,
    options: StatusOptions,
    lang: Lang,
) -> ActStatus {
    let (groups, mut diagnostics, mut all_read) = read_inputs(paths);
    let found = Acts::from_groups(&groups);
    all_read &= found.all_read;
    diagnostics.extend(found.diagnostics);
    if found.transactions.is_empty() {
        all_read = false;
        diagnostics.push(Diagnostic::new(
            Code::TxnNoAct,
            Location::default(),
            "the files given name no act".to_string(),
            "les fichiers fournis ne désignent aucun acte".to_string(),
        ));
    }
    let acts = found
        .transactions
        .into_iter()
        .map(|t| {
            let mut rules = t.rules();
            rules.delai_franc = options.delai_franc;
            if let Some(c) = options.calendar {
                rules.calendar = c;
            }
            let t = t.with_rules(rules);
            let mut v = status_json(&t, published_for(&t, published), today);
            if let Some(d) = v.get_mut("diagnostics") {
                let items = Diagnostics::new(lang, t.diagnostics().to_vec());
                *d = serde_json::to_value(&items).unwrap_or(Value::Null);
            }
            (t, v)
        })
        .collect();
    ActStatus {
        acts,
        files: Diagnostics::new(lang, diagnostics),
        all_read,
    }
}

/// The documents of `actes act status --json` (`schemas/act-status.schema.json`),
/// one per act then one for the files' findings if any: see
/// [`act_status_full`] and [`ActStatus::documents`].
///
/// ```
/// use actes::diagnostic::Lang;
/// use actes::report::{act_status, StatusOptions};
/// let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let docs = act_status(&[std::path::Path::new("missing.tar.gz")], &[], today, StatusOptions::default(), Lang::En);
/// assert_eq!(docs.len(), 1);
/// assert!(docs[0]["id_acte"].is_null());
/// assert_eq!(docs[0]["diagnostics"][0]["code"], "DELIV-UNREADABLE");
/// ```
#[must_use]
pub fn act_status(
    paths: &[&Path],
    published: &[Published],
    today: NaiveDate,
    options: StatusOptions,
    lang: Lang,
) -> Vec<Value> {
    act_status_full(paths, published, today, options, lang).documents()
}
