//! The observer that reads a budget document while it is canonicalised:
//! metadata by path of local names, the seal (left out of the canonical
//! form), and where a new seal would go.

use super::{FoundSeal, Metadata};
use crate::xml::c14n::{Decision, ElementView, Observer};

/// Where things are in the input bytes, for sealing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    /// `start..end` of each `Scellement` child of the root.
    pub seals: Vec<(u64, u64)>,
    /// End of the last `VersionOutil` child of the root, else of the root's
    /// start tag: where a seal is inserted when there is none.
    pub anchor: Option<u64>,
    /// The whitespace-only text node that follows the anchor, if any.
    pub after_anchor: Option<(u64, u64)>,
    /// The root element's name as written, and whether it is empty.
    pub root_qname: String,
    pub root_empty: bool,
}

/// Element names the reader cares about; every other name is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Other,
    EnTeteDocBudgetaire,
    Budget,
    EnTeteBudget,
    BlocBudget,
    Annexes,
    DataSignature,
    Signature,
}

fn name(local: &str) -> Name {
    match local {
        "EnTeteDocBudgetaire" => Name::EnTeteDocBudgetaire,
        "Budget" => Name::Budget,
        "EnTeteBudget" => Name::EnTeteBudget,
        "BlocBudget" => Name::BlocBudget,
        "Annexes" => Name::Annexes,
        "DATA_SIGNATURE" => Name::DataSignature,
        "SIGNATURE" => Name::Signature,
        _ => Name::Other,
    }
}

#[derive(Debug, Default)]
pub(crate) struct Reader {
    pub metadata: Metadata,
    pub found: Option<FoundSeal>,
    pub seals: usize,
    /// The root element's local name.
    pub root: Option<String>,
    pub layout: Layout,
    /// Names of the open elements below the root.
    path: Vec<Name>,
    /// Start of the open `Scellement`, or whether the open child of the
    /// root is a `VersionOutil`.
    open_seal: Option<u64>,
    open_version_outil: bool,
}

impl Observer for Reader {
    fn start(&mut self, e: &ElementView<'_>) -> Decision {
        if e.depth == 0 {
            self.root = Some(e.local_name.to_string());
            self.layout.root_qname = e.qname.to_string();
            self.layout.root_empty = e.empty;
            self.layout.anchor = Some(e.tag_end);
            return Decision::Keep;
        }
        let parent = self.path.get(..e.depth - 1).unwrap_or_default();
        let m = &mut self.metadata;
        let mut decision = Decision::Keep;
        // By parent first: most elements (budget lines) are under none of
        // these, and are passed over without comparing names.
        let slot = match parent {
            [] => match e.local_name {
                "Scellement" => {
                    self.seals += 1;
                    self.open_seal = Some(e.start);
                    if self.found.is_none() {
                        self.found = Some(FoundSeal {
                            md5: e.attribute("md5").map(str::to_string),
                            sha1: e.attribute("sha1").map(str::to_string),
                            date: e.attribute("date").map(str::to_string),
                        });
                    }
                    decision = Decision::OmitWithAdjacentWhitespace;
                    None
                }
                "VersionOutil" => {
                    self.open_version_outil = true;
                    None
                }
                "VersionSchema" => Some(&mut m.version_schema),
                _ => None,
            },
            [Name::EnTeteDocBudgetaire] => match e.local_name {
                "IdColl" => Some(&mut m.siret),
                "LibelleColl" => Some(&mut m.collectivite),
                "DteStr" => Some(&mut m.date_production),
                _ => None,
            },
            [Name::Budget, Name::EnTeteBudget] => match e.local_name {
                "IdEtab" => Some(&mut m.id_etab),
                "LibelleEtab" => Some(&mut m.etablissement),
                "CodInseeColl" => Some(&mut m.cod_insee_coll),
                "Nomenclature" => Some(&mut m.nomenclature),
                "CodBud" => Some(&mut m.cod_bud),
                _ => None,
            },
            [Name::Budget, Name::BlocBudget] => match e.local_name {
                "Exer" => Some(&mut m.exercice),
                "NatDec" => Some(&mut m.nat_dec),
                "NumDec" => Some(&mut m.num_dec),
                "CodBud" => Some(&mut m.cod_bud),
                _ => None,
            },
            [Name::Budget, Name::Annexes, Name::DataSignature, Name::Signature] => {
                let vote = &mut m.vote;
                match e.local_name {
                    "NbrMembExer" => Some(&mut vote.nbr_memb_exer),
                    "NbrMembPresent" => Some(&mut vote.nbr_memb_present),
                    "NbrSuffExprime" => Some(&mut vote.nbr_suff_exprime),
                    "NbrVotePour" => Some(&mut vote.nbr_vote_pour),
                    "NbrVoteContre" => Some(&mut vote.nbr_vote_contre),
                    "NbrVoteAbstention" => Some(&mut vote.nbr_vote_abstention),
                    "DtConvoc" => Some(&mut vote.dt_convoc),
                    "DtDelib" => Some(&mut vote.dt_delib),
                    "DtTransmPrefect" => Some(&mut m.dt_transm_prefect),
                    "DtPub" => Some(&mut m.dt_pub),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(slot) = slot {
            if slot.is_none() {
                *slot = e.attribute("V").map(str::to_string);
            }
        }
        self.path.truncate(e.depth - 1);
        // Only the names of the first four levels below the root matter.
        self.path.push(if e.depth <= 4 {
            name(e.local_name)
        } else {
            Name::Other
        });
        decision
    }

    fn end(&mut self, depth: usize, end: u64) {
        if depth != 1 {
            return;
        }
        if let Some(start) = self.open_seal.take() {
            self.layout.seals.push((start, end));
        }
        if std::mem::take(&mut self.open_version_outil) {
            self.layout.anchor = Some(end);
            self.layout.after_anchor = None;
        }
    }

    fn text(&mut self, depth: usize, start: u64, end: u64, whitespace_only: bool) {
        if depth == 0 && whitespace_only && self.layout.anchor == Some(start) {
            self.layout.after_anchor = Some((start, end));
        }
    }
}
