//! Budget acts: TotEM budget documents (`DocumentBudgetaire`) and their seal.
//!
//! A budget act (nature 5, matière 7.1) may travel as XML: a TotEM
//! *document budgétaire*, root `DocumentBudgetaire` in the namespace
//! [`NAMESPACE`], carrying a seal, `<Scellement md5="…" sha1="…" date="…"/>`.
//! Both peers refuse to send a budget XML without a valid seal.
//!
//! # What the seal proves, and what it does not
//!
//! The seal is **not a signature**. It is a fingerprint anyone can compute:
//! the MD5 and SHA-1 of the canonical form of the document without its
//! `Scellement` element. A valid seal shows that the document was not
//! altered (by accident, or by a tool that rewrote it) between the moment
//! it was sealed and the moment it is checked: integrity in transit. It
//! says nothing about who produced the document, and anyone who edits a
//! document can seal it again — which is exactly what [`seal()`] does. The
//! proof of who decided is the délibération and the signatures of the
//! envelope, not the seal.
//!
//! # The algorithm (`shared/reference/budget.md` §2)
//!
//! 1. Leave out the `Scellement` element (a direct child of the root) and
//!    one whitespace-only text node next to it (the one before it if there
//!    is one, else the one after it).
//! 2. Canonicalise with Canonical XML 1.0, inclusive, without comments
//!    ([`crate::xml::c14n`]), in the document's declared encoding
//!    (ISO-8859-1 for TotEM files; without a declaration, UTF-8 when the
//!    bytes are UTF-8, else ISO-8859-1).
//! 3. MD5 and SHA-1 of the canonical bytes, compared with `@md5` and
//!    `@sha1` without regard to case.
//!
//! Everything is streamed: the canonical bytes go straight to the hashers,
//! so checking a document of any size takes bounded memory (see
//! [`limits`]). Metadata (`budget.md` §3) is read on the way, by path of
//! local names, whatever the namespace prefix, since the TotEM schema
//! changes several times a year.
//!
//! ```
//! let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
//!     .join("../shared/reference/samples/totem/BP2022_TRANSPORT.xml");
//! # if !path.exists() { return; }
//! let doc = actes::budget::inspect(std::fs::File::open(&path).unwrap());
//! assert_eq!(doc.seal, Some(actes::budget::SealStatus::Valid));
//! assert_eq!(doc.metadata.nomenclature.as_deref(), Some("M4-M43_D"));
//! ```

mod read;
mod seal;

use std::io::{self, Read, Write};

use md5::{Digest, Md5};
use sha1::Sha1;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::ids::Siren;
use crate::xml::c14n::{self, C14nError, Comments};
use crate::xml::Limits;

pub use seal::{seal, valid_seal_date, Sealed};

/// The TotEM namespace of `DocumentBudgetaire`.
pub const NAMESPACE: &str = "http://www.minefi.gouv.fr/cp/demat/docbudgetaire";

/// The reading limits for budget documents: the XML layer's limits for a
/// streamed document ([`c14n::streaming_limits`]). A compte administratif
/// of a large city is tens of megabytes and more than a million elements;
/// memory stays bounded whatever the size.
#[must_use]
pub fn limits() -> Limits {
    c14n::streaming_limits()
}

/// The state of a document's seal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum SealStatus {
    /// The seal's digests are those of the document.
    Valid,
    /// There is a seal, but its digests are not those of the document (or
    /// there are several seals, or one without digests).
    Invalid,
    /// There is no `Scellement` element.
    Missing,
}

impl SealStatus {
    /// `valid`, `invalid` or `missing`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SealStatus::Valid => "valid",
            SealStatus::Invalid => "invalid",
            SealStatus::Missing => "missing",
        }
    }
}

/// MD5 and SHA-1 digests, in upper-case hexadecimal as TotEM writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Digests {
    /// MD5, 32 hexadecimal digits.
    pub md5: String,
    /// SHA-1, 40 hexadecimal digits.
    pub sha1: String,
}

/// The `Scellement` element as found in the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FoundSeal {
    /// `@md5`, verbatim.
    pub md5: Option<String>,
    /// `@sha1`, verbatim.
    pub sha1: Option<String>,
    /// `@date`, verbatim.
    pub date: Option<String>,
}

/// The vote of the délibération (`Budget/Annexes/DATA_SIGNATURE/SIGNATURE`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct Vote {
    pub nbr_memb_exer: Option<String>,
    pub nbr_memb_present: Option<String>,
    pub nbr_suff_exprime: Option<String>,
    pub nbr_vote_pour: Option<String>,
    pub nbr_vote_contre: Option<String>,
    pub nbr_vote_abstention: Option<String>,
    /// Date of the convocation.
    pub dt_convoc: Option<String>,
    /// Date of the délibération.
    pub dt_delib: Option<String>,
}

/// What a budget document says about itself (`budget.md` §3). Every value
/// is the `V` attribute as it appears in the document, `None` when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Metadata {
    /// `VersionSchema`: version of the TotEM schema.
    pub version_schema: Option<String>,
    /// `EnTeteDocBudgetaire/IdColl`: SIRET of the collectivité.
    pub siret: Option<String>,
    /// `EnTeteDocBudgetaire/LibelleColl`: name of the collectivité.
    pub collectivite: Option<String>,
    /// `EnTeteDocBudgetaire/DteStr`: date the file was produced.
    pub date_production: Option<String>,
    /// `Budget/EnTeteBudget/IdEtab`: SIRET of the budget's establishment.
    pub id_etab: Option<String>,
    /// `Budget/EnTeteBudget/LibelleEtab`: the budget's name.
    pub etablissement: Option<String>,
    /// `Budget/EnTeteBudget/CodInseeColl`: INSEE code or SIREN.
    pub cod_insee_coll: Option<String>,
    /// `Budget/EnTeteBudget/Nomenclature`: accounting nomenclature.
    pub nomenclature: Option<String>,
    /// `Budget/BlocBudget/Exer`: financial year.
    pub exercice: Option<String>,
    /// `Budget/BlocBudget/NatDec`: kind of decision (see [`nat_dec_label`]).
    pub nat_dec: Option<String>,
    /// `Budget/BlocBudget/NumDec`: number of the décision modificative.
    pub num_dec: Option<String>,
    /// `Budget/EnTeteBudget/CodBud` (or `Budget/BlocBudget/CodBud`).
    pub cod_bud: Option<String>,
    /// The vote.
    pub vote: Vote,
    /// `…/SIGNATURE/DtTransmPrefect`: date of transmission.
    pub dt_transm_prefect: Option<String>,
    /// `…/SIGNATURE/DtPub`: date of publication.
    pub dt_pub: Option<String>,
}

/// The meaning of a `NatDec` code, in French as the nomenclature says it.
#[must_use]
pub fn nat_dec_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "01" => "budget primitif",
        "02" => "décision modificative",
        "03" => "budget supplémentaire",
        "09" => "compte administratif",
        "10" => "compte financier unique",
        _ => return None,
    })
}

/// Everything read from one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// Whether the root element is `DocumentBudgetaire`.
    pub is_budget_document: bool,
    /// The metadata.
    pub metadata: Metadata,
    /// The seal's state; `None` when the document could not be read.
    pub seal: Option<SealStatus>,
    /// The `Scellement` element found, if any (the first one).
    pub found: Option<FoundSeal>,
    /// The digests the document should carry; `None` when it could not be
    /// read.
    pub digests: Option<Digests>,
    /// Every finding: XML errors, the seal, the SIRET.
    pub diagnostics: Vec<Diagnostic>,
    pub(crate) layout: read::Layout,
}

/// MD5 and SHA-1 computed together over what is written.
struct Hashers {
    md5: Md5,
    sha1: Sha1,
}

impl Write for Hashers {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.md5.update(buf);
        self.sha1.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn path(p: &str) -> Location {
    Location::path(p)
}

/// Reads a document: canonicalises it into the hashers, reads its metadata
/// and its seal. Never fails: an unreadable document gives `seal: None`
/// and a diagnostic.
pub fn inspect<R: Read>(input: R) -> Inspection {
    let mut observer = read::Reader::default();
    let mut hashers = Hashers {
        md5: Md5::new(),
        sha1: Sha1::new(),
    };
    // Without a declaration: UTF-8 when the bytes are, else ISO-8859-1,
    // the TotEM default.
    let options = c14n::Options {
        comments: Comments::Omit,
        undeclared: c14n::Undeclared::Utf8ElseLatin1,
    };
    let result =
        c14n::canonicalize_with_options(input, &mut hashers, &limits(), &options, &mut observer);
    let mut diagnostics = Vec::new();
    let read::Reader {
        metadata,
        found,
        seals,
        root,
        layout,
        ..
    } = observer;
    let is_budget_document = root.as_deref() == Some("DocumentBudgetaire");
    let mut inspection = Inspection {
        is_budget_document,
        metadata,
        seal: None,
        found: found.clone(),
        digests: None,
        diagnostics: Vec::new(),
        layout,
    };
    if let Err(e) = result {
        diagnostics.push(match e {
            C14nError::Invalid(d) => *d,
            C14nError::Io(e) => Diagnostic::new(
                Code::BudgetUnreadable,
                Location::none(),
                format!("the budget document cannot be read: {e}"),
                format!("le document budgétaire ne peut pas être lu : {e}"),
            ),
        });
        inspection.diagnostics = diagnostics;
        return inspection;
    }
    let digests = Digests {
        md5: hex(&hashers.md5.finalize()),
        sha1: hex(&hashers.sha1.finalize()),
    };
    if !is_budget_document {
        let root = root.unwrap_or_default();
        diagnostics.push(Diagnostic::new(
            Code::BudgetNotDocument,
            path(&root),
            format!("the root element is {root}, not DocumentBudgetaire: this is not a TotEM budget document"),
            format!("l'élément racine est {root} et non DocumentBudgetaire : ce n'est pas un document budgétaire TotEM"),
        ));
    } else {
        check_siret(inspection.metadata.siret.as_deref(), &mut diagnostics);
    }
    let status = match (&found, seals) {
        (None, _) => {
            diagnostics.push(Diagnostic::new(
                Code::BudgetSealMissing,
                path("DocumentBudgetaire/Scellement"),
                "the budget file is not sealed: it has no Scellement element",
                "Le fichier budgétaire n'est pas scellé",
            ));
            SealStatus::Missing
        }
        (Some(_), n) if n > 1 => {
            diagnostics.push(Diagnostic::new(
                Code::BudgetSealInvalid,
                path("DocumentBudgetaire/Scellement"),
                format!("the budget file is not correctly sealed: it has {n} Scellement elements"),
                format!("Le fichier budgétaire n'est pas correctement scellé : il porte {n} éléments Scellement"),
            ));
            SealStatus::Invalid
        }
        (Some(f), _) => {
            let same = |found: &Option<String>, expected: &str| {
                found
                    .as_deref()
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case(expected))
            };
            if same(&f.md5, &digests.md5) && same(&f.sha1, &digests.sha1) {
                SealStatus::Valid
            } else {
                let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                let (m, s) = (shown(&f.md5), shown(&f.sha1));
                diagnostics.push(Diagnostic::new(
                    Code::BudgetSealInvalid,
                    path("DocumentBudgetaire/Scellement"),
                    format!(
                        "the budget file is not correctly sealed: expected md5 {} sha1 {}, found md5 {m} sha1 {s}",
                        digests.md5, digests.sha1
                    ),
                    format!(
                        "Le fichier budgétaire n'est pas correctement scellé : attendu md5 {} sha1 {}, trouvé md5 {m} sha1 {s}",
                        digests.md5, digests.sha1
                    ),
                ));
                SealStatus::Invalid
            }
        }
    };
    inspection.seal = Some(status);
    inspection.digests = Some(digests);
    inspection.diagnostics = diagnostics;
    inspection
}

fn check_siret(siret: Option<&str>, diagnostics: &mut Vec<Diagnostic>) {
    let ok = siret.is_some_and(|s| s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        let shown = siret.map_or_else(|| "absent".to_string(), |s| format!("{s:?}"));
        diagnostics.push(Diagnostic::new(
            Code::BudgetSiretShape,
            path("DocumentBudgetaire/EnTeteDocBudgetaire/IdColl"),
            format!("IdColl is {shown}, not a 14-digit SIRET"),
            format!("IdColl vaut {shown}, ce n'est pas un SIRET de 14 chiffres"),
        ));
    }
}

/// The findings on the XML act file of a budget act (nature 5), for the
/// emission rules (`transmission::check_plan`, used by transmission
/// validation and `archive check`): the document must be a
/// `DocumentBudgetaire` with a valid seal (errors, worded as the peers word
/// them), and the SIREN inside its SIRET should be the collectivité's
/// (`collectivite`; a warning otherwise).
#[must_use]
pub fn emission_findings_of(
    inspection: &Inspection,
    collectivite: Option<Siren>,
) -> Vec<Diagnostic> {
    let mut out = inspection.diagnostics.clone();
    if let (Some(expected), Some(siret)) = (collectivite, inspection.metadata.siret.as_deref()) {
        let found = siret.get(..9).filter(|_| siret.len() == 14);
        if let Some(found) = found.filter(|f| *f != expected.as_str()) {
            out.push(Diagnostic::new(
                Code::BudgetSirenMismatch,
                path("DocumentBudgetaire/EnTeteDocBudgetaire/IdColl"),
                format!("the budget document is for SIRET {siret} (SIREN {found}), but the collectivité's SIREN is {expected}"),
                format!("le document budgétaire porte le SIRET {siret} (SIREN {found}), mais le SIREN de la collectivité est {expected}"),
            ));
        }
    }
    out
}

/// [`emission_findings_of`] a document read from `input`.
pub fn emission_findings<R: Read>(input: R, collectivite: Option<Siren>) -> Vec<Diagnostic> {
    emission_findings_of(&inspect(input), collectivite)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\r\n<DocumentBudgetaire xmlns=\"http://www.minefi.gouv.fr/cp/demat/docbudgetaire\">\r\n  <VersionSchema V=\"100\"/>\r\n  <VersionOutil outil=\"X\" version=\"1\"/>\r\n  <EnTeteDocBudgetaire>\r\n    <IdColl V=\"21560046100085\"/>\r\n    <LibelleColl V=\"CRACH\"/>\r\n  </EnTeteDocBudgetaire>\r\n  <Budget><BlocBudget><NatDec V=\"01\"/><Exer V=\"2022\"/></BlocBudget></Budget>\r\n</DocumentBudgetaire>\r\n";

    #[test]
    fn an_unsealed_document_is_missing_with_the_peers_wording() {
        let i = inspect(DOC.as_bytes());
        assert_eq!(i.seal, Some(SealStatus::Missing));
        assert!(i.is_budget_document);
        assert_eq!(i.metadata.exercice.as_deref(), Some("2022"));
        assert_eq!(i.metadata.collectivite.as_deref(), Some("CRACH"));
        let d = i
            .diagnostics
            .iter()
            .find(|d| d.code == Code::BudgetSealMissing);
        assert_eq!(
            d.map(|d| d.message(crate::diagnostic::Lang::Fr).to_string())
                .as_deref(),
            Some("Le fichier budgétaire n'est pas scellé")
        );
    }

    #[test]
    fn digests_are_those_of_the_document_without_its_seal() {
        let plain = inspect(DOC.as_bytes()).digests;
        let sealed = DOC.replace(
            "<VersionOutil outil=\"X\" version=\"1\"/>\r\n",
            "<VersionOutil outil=\"X\" version=\"1\"/>\r\n  <Scellement md5=\"00\" sha1=\"00\" date=\"2022-01-01T00:00:00\"/>\r\n",
        );
        let i = inspect(sealed.as_bytes());
        assert_eq!(i.digests, plain);
        assert_eq!(i.seal, Some(SealStatus::Invalid));
        let msg = i
            .diagnostics
            .iter()
            .find(|d| d.code == Code::BudgetSealInvalid)
            .map(|d| d.message(crate::diagnostic::Lang::Fr).to_string())
            .unwrap_or_default();
        assert!(
            msg.starts_with("Le fichier budgétaire n'est pas correctement scellé"),
            "{msg}"
        );
        let d = plain.unwrap_or_else(|| panic!("digests"));
        let good = sealed
            .replace("md5=\"00\"", &format!("md5=\"{}\"", d.md5.to_lowercase()))
            .replace("sha1=\"00\"", &format!("sha1=\"{}\"", d.sha1));
        assert_eq!(inspect(good.as_bytes()).seal, Some(SealStatus::Valid));
    }

    #[test]
    fn siren_mismatch_is_a_warning() {
        let same: Siren = "215600461".parse().unwrap_or_else(|e| panic!("{e:?}"));
        let other: Siren = "216204982".parse().unwrap_or_else(|e| panic!("{e:?}"));
        let codes = |s| -> Vec<Code> {
            emission_findings(DOC.as_bytes(), Some(s))
                .into_iter()
                .map(|d| d.code)
                .collect()
        };
        assert_eq!(codes(same), [Code::BudgetSealMissing]);
        assert_eq!(
            codes(other),
            [Code::BudgetSealMissing, Code::BudgetSirenMismatch]
        );
        assert_eq!(
            Code::BudgetSirenMismatch.severity(),
            crate::diagnostic::Severity::Warning
        );
    }

    #[test]
    fn undeclared_encoding_is_utf8_else_latin1() {
        let latin1 = b"<DocumentBudgetaire><EnTeteDocBudgetaire><LibelleColl V=\"Cr\xE9ac'h\"/></EnTeteDocBudgetaire></DocumentBudgetaire>";
        let i = inspect(&latin1[..]);
        assert_eq!(i.seal, Some(SealStatus::Missing));
        assert_eq!(i.metadata.collectivite.as_deref(), Some("Créac'h"));
        let utf8 = "<DocumentBudgetaire><EnTeteDocBudgetaire><LibelleColl V=\"Créac'h\"/></EnTeteDocBudgetaire></DocumentBudgetaire>";
        let j = inspect(utf8.as_bytes());
        assert_eq!(j.metadata.collectivite.as_deref(), Some("Créac'h"));
        // The same text, so the same canonical form and digests.
        assert_eq!(i.digests, j.digests);
        // The canonicaliser itself follows XML 1.0: undeclared is UTF-8.
        assert!(c14n::to_vec(latin1, &limits(), Comments::Omit).is_err());
    }

    #[test]
    fn other_documents_and_broken_xml() {
        let i = inspect(&b"<a/>"[..]);
        assert!(!i.is_budget_document);
        assert!(i
            .diagnostics
            .iter()
            .any(|d| d.code == Code::BudgetNotDocument));
        let i = inspect(&b"<!DOCTYPE a><a/>"[..]);
        assert_eq!(i.seal, None);
        assert_eq!(
            i.diagnostics.first().map(|d| d.code),
            Some(Code::XmlDoctype)
        );
    }
}
