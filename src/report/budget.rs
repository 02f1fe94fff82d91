//! `budget check` and `budget show`: a TotEM budget document's seal and
//! metadata.

use std::io::Read;
use std::path::Path;

use serde::Serialize;

use super::Diagnostics;
use crate::budget::{self, Inspection, SealStatus, Vote};
use crate::diagnostic::{Code, Diagnostic, Lang, Location};

/// One budget document, as printed by `actes budget check --json` (one line
/// per file) and `actes budget show --json`
/// (`schemas/budget-check.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetCheckReport {
    /// The file name, as given.
    pub file: String,
    /// The seal's state; `null` when the document could not be read.
    pub seal: Option<SealStatus>,
    /// The MD5 the document should carry.
    pub md5: Option<String>,
    /// The SHA-1 the document should carry.
    pub sha1: Option<String>,
    /// The MD5 of the `Scellement` found.
    pub seal_md5: Option<String>,
    /// The SHA-1 of the `Scellement` found.
    pub seal_sha1: Option<String>,
    /// The date of the `Scellement` found.
    pub sealed_at: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub siret: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub collectivite: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub etablissement: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub nomenclature: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub exercice: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub nat_dec: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub cod_bud: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub version_schema: Option<String>,
    /// `DteStr` (date of production).
    pub date_production: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub id_etab: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub cod_insee_coll: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub num_dec: Option<String>,
    /// The vote ([`Vote`]).
    pub vote: Vote,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub dt_transm_prefect: Option<String>,
    /// The field of the same name of [`Metadata`](crate::budget::Metadata).
    pub dt_pub: Option<String>,
    /// Every finding: XML errors, the seal, the SIRET.
    pub diagnostics: Diagnostics,
}

impl BudgetCheckReport {
    /// The document of an inspection of `file`.
    #[must_use]
    pub fn new(file: &str, i: Inspection, lang: Lang) -> Self {
        let m = i.metadata;
        let found = i.found.unwrap_or_default();
        let (md5, sha1) = match i.digests {
            Some(d) => (Some(d.md5), Some(d.sha1)),
            None => (None, None),
        };
        BudgetCheckReport {
            file: file.to_string(),
            seal: i.seal,
            md5,
            sha1,
            seal_md5: found.md5,
            seal_sha1: found.sha1,
            sealed_at: found.date,
            siret: m.siret,
            collectivite: m.collectivite,
            etablissement: m.etablissement,
            nomenclature: m.nomenclature,
            exercice: m.exercice,
            nat_dec: m.nat_dec,
            cod_bud: m.cod_bud,
            version_schema: m.version_schema,
            date_production: m.date_production,
            id_etab: m.id_etab,
            cod_insee_coll: m.cod_insee_coll,
            num_dec: m.num_dec,
            vote: m.vote,
            dt_transm_prefect: m.dt_transm_prefect,
            dt_pub: m.dt_pub,
            diagnostics: Diagnostics::new(lang, i.diagnostics),
        }
    }

    /// The document of a file that could not be read (`diagnostic` says
    /// why), with the same keys as any other.
    #[must_use]
    pub fn unreadable(file: &str, diagnostic: Diagnostic, lang: Lang) -> Self {
        let mut i = budget::inspect(std::io::empty());
        i.diagnostics = vec![diagnostic];
        BudgetCheckReport::new(file, i, lang)
    }

    /// Whether the seal is present and right.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.seal == Some(SealStatus::Valid)
    }
}

/// Checks the seal of the budget document read from `input` (streamed, in
/// bounded memory), named `file`, and gives its metadata.
///
/// ```
/// use actes::diagnostic::Lang;
/// let r = actes::report::budget_check("x.xml", &b"not xml"[..], Lang::En);
/// assert!(!r.is_valid());
/// assert!(!r.diagnostics.is_empty());
/// ```
/// The document of `actes budget check --json` for the file at `path`
/// (named `file` in the document); a folder or a file that cannot be
/// opened gives the same document with one `BUDGET-UNREADABLE` finding.
#[must_use]
pub fn budget_check_file(path: &Path, file: &str, lang: Lang) -> BudgetCheckReport {
    let opened = if path.is_dir() {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is a folder",
        ))
    } else {
        std::fs::File::open(path)
    };
    match opened {
        Ok(f) => budget_check(file, std::io::BufReader::new(f), lang),
        Err(e) => BudgetCheckReport::unreadable(file, budget_unreadable(file, &e), lang),
    }
}

/// The finding of a budget document that could not be opened.
#[must_use]
pub fn budget_unreadable(file: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        Code::BudgetUnreadable,
        Location::file(file),
        format!("cannot open {file}: {e}"),
        format!("impossible d'ouvrir {file} : {e}"),
    )
}

/// The document of `actes budget check --json` for a stream (see
/// [`budget_check_file`] for a path).
#[must_use]
pub fn budget_check<R: Read>(file: &str, input: R, lang: Lang) -> BudgetCheckReport {
    BudgetCheckReport::new(file, budget::inspect(input), lang)
}
