//! Comparing two versions of a classification.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use super::Classification;
use crate::ids::{CodeMatiere, NatureActe};

/// A matière added or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MatiereChange {
    /// The full code.
    pub code: CodeMatiere,
    /// Its label, as in the file.
    pub label: String,
}

/// A label that changed (compared without leading and trailing white space).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Relabel<K> {
    /// What changed: a matière code, a nature, or (nature, typologie code).
    pub code: K,
    /// The label in the older classification.
    pub old: String,
    /// The label in the newer classification.
    pub new: String,
}

/// A nature added or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NatureChange {
    /// The nature (serialised as its abbreviation).
    pub nature: NatureActe,
    /// Its label, as in the file.
    pub label: String,
}

/// A (nature, typologie) entry added or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TypologieChange {
    /// The nature whose list changed.
    pub nature: NatureActe,
    /// The typologie code.
    pub code: String,
    /// Its label, as in the file.
    pub label: String,
}

/// The key of a relabelled typologie: the nature and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TypologieKey {
    /// The nature.
    pub nature: NatureActe,
    /// The typologie code.
    pub code: String,
}

/// The changes between two classifications, every list sorted by code.
///
/// Matières are compared node by node over the whole tree: a new subtree
/// lists each of its nodes. Labels are compared trimmed, so a change of
/// trailing spaces alone is not a relabelling; a change of accents is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ClassificationDiff {
    /// `DateClassification` of the older classification.
    pub old_date: NaiveDate,
    /// `DateClassification` of the newer classification.
    pub new_date: NaiveDate,
    /// Matières only in the newer classification.
    pub matieres_added: Vec<MatiereChange>,
    /// Matières only in the older classification.
    pub matieres_removed: Vec<MatiereChange>,
    /// Matières in both with another label.
    pub matieres_relabelled: Vec<Relabel<CodeMatiere>>,
    /// Natures only in the newer classification.
    pub natures_added: Vec<NatureChange>,
    /// Natures only in the older classification.
    pub natures_removed: Vec<NatureChange>,
    /// Natures in both with another label.
    pub natures_relabelled: Vec<Relabel<NatureActe>>,
    /// (nature, typologie) entries only in the newer classification.
    pub typologies_added: Vec<TypologieChange>,
    /// (nature, typologie) entries only in the older classification.
    pub typologies_removed: Vec<TypologieChange>,
    /// (nature, typologie) entries in both with another label.
    pub typologies_relabelled: Vec<Relabel<TypologieKey>>,
}

impl ClassificationDiff {
    /// Whether the date changed.
    #[must_use]
    pub fn date_changed(&self) -> bool {
        self.old_date != self.new_date
    }

    /// Whether nothing but possibly the date changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.matieres_added.is_empty()
            && self.matieres_removed.is_empty()
            && self.matieres_relabelled.is_empty()
            && self.natures_added.is_empty()
            && self.natures_removed.is_empty()
            && self.natures_relabelled.is_empty()
            && self.typologies_added.is_empty()
            && self.typologies_removed.is_empty()
            && self.typologies_relabelled.is_empty()
    }
}

/// Compares two classifications, `old` then `new`.
///
/// ```
/// use actes::classification::{diff, Classification};
/// let old = Classification::parse(br#"<RetourClassification><DateClassification>2018-01-01</DateClassification>
///   <NaturesActes/><Matieres><Matiere1 CodeMatiere="7" Libelle="Finances"><Matiere2 CodeMatiere="1" Libelle="Budget"/></Matiere1></Matieres>
///   </RetourClassification>"#).value.unwrap();
/// let new = Classification::parse(br#"<RetourClassification><DateClassification>2019-01-01</DateClassification>
///   <NaturesActes/><Matieres><Matiere1 CodeMatiere="7" Libelle="Finances locales"><Matiere2 CodeMatiere="2" Libelle="Fiscalite"/></Matiere1></Matieres>
///   </RetourClassification>"#).value.unwrap();
/// let d = diff(&old, &new);
/// assert!(d.date_changed());
/// assert_eq!(d.matieres_added[0].code.to_string(), "7.2");
/// assert_eq!(d.matieres_removed[0].code.to_string(), "7.1");
/// assert_eq!(d.matieres_relabelled[0].new, "Finances locales");
/// ```
#[must_use]
pub fn diff(old: &Classification, new: &Classification) -> ClassificationDiff {
    let old_m: BTreeMap<CodeMatiere, &str> =
        old.iter().map(|m| (*m.code(), m.label.as_str())).collect();
    let new_m: BTreeMap<CodeMatiere, &str> =
        new.iter().map(|m| (*m.code(), m.label.as_str())).collect();
    let mut matieres_added = Vec::new();
    let mut matieres_relabelled = Vec::new();
    for (code, label) in &new_m {
        match old_m.get(code) {
            None => matieres_added.push(MatiereChange {
                code: *code,
                label: (*label).to_string(),
            }),
            Some(o) if o.trim() != label.trim() => matieres_relabelled.push(Relabel {
                code: *code,
                old: (*o).to_string(),
                new: (*label).to_string(),
            }),
            Some(_) => {}
        }
    }
    let matieres_removed = old_m
        .iter()
        .filter(|(c, _)| !new_m.contains_key(c))
        .map(|(c, l)| MatiereChange {
            code: *c,
            label: (*l).to_string(),
        })
        .collect();

    let mut natures_added = Vec::new();
    let mut natures_removed = Vec::new();
    let mut natures_relabelled = Vec::new();
    for n in new.natures() {
        match old.nature(n.nature()) {
            None => natures_added.push(NatureChange {
                nature: n.nature(),
                label: n.label().to_string(),
            }),
            Some(o) if o.label().trim() != n.label().trim() => natures_relabelled.push(Relabel {
                code: n.nature(),
                old: o.label().to_string(),
                new: n.label().to_string(),
            }),
            Some(_) => {}
        }
    }
    for o in old.natures() {
        if new.nature(o.nature()).is_none() {
            natures_removed.push(NatureChange {
                nature: o.nature(),
                label: o.label().to_string(),
            });
        }
    }

    let typologies = |c: &Classification| -> BTreeMap<(NatureActe, String), String> {
        c.natures()
            .iter()
            .flat_map(|n| {
                n.typologies()
                    .iter()
                    .map(move |t| ((n.nature(), t.code.clone()), t.label.clone()))
            })
            .collect()
    };
    let old_t = typologies(old);
    let new_t = typologies(new);
    let mut typologies_added = Vec::new();
    let mut typologies_relabelled = Vec::new();
    for ((nature, code), label) in &new_t {
        match old_t.get(&(*nature, code.clone())) {
            None => typologies_added.push(TypologieChange {
                nature: *nature,
                code: code.clone(),
                label: label.clone(),
            }),
            Some(o) if o.trim() != label.trim() => typologies_relabelled.push(Relabel {
                code: TypologieKey {
                    nature: *nature,
                    code: code.clone(),
                },
                old: o.clone(),
                new: label.clone(),
            }),
            Some(_) => {}
        }
    }
    let typologies_removed = old_t
        .iter()
        .filter(|(k, _)| !new_t.contains_key(*k))
        .map(|((nature, code), label)| TypologieChange {
            nature: *nature,
            code: code.clone(),
            label: label.clone(),
        })
        .collect();

    ClassificationDiff {
        old_date: old.date(),
        new_date: new.date(),
        matieres_added,
        matieres_removed,
        matieres_relabelled,
        natures_added,
        natures_removed,
        natures_relabelled,
        typologies_added,
        typologies_removed,
        typologies_relabelled,
    }
}

impl fmt::Display for ClassificationDiff {
    /// One line per change: `+` added, `-` removed, `~` relabelled.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.date_changed() {
            writeln!(f, "date {} -> {}", self.old_date, self.new_date)?;
        } else {
            writeln!(f, "date {} (unchanged)", self.old_date)?;
        }
        for n in &self.natures_removed {
            writeln!(f, "- nature {} {}", n.nature, n.label.trim())?;
        }
        for n in &self.natures_added {
            writeln!(f, "+ nature {} {}", n.nature, n.label.trim())?;
        }
        for r in &self.natures_relabelled {
            writeln!(f, "~ nature {} {:?} -> {:?}", r.code, r.old, r.new)?;
        }
        for m in &self.matieres_removed {
            writeln!(f, "- matiere {} {}", m.code, m.label.trim())?;
        }
        for m in &self.matieres_added {
            writeln!(f, "+ matiere {} {}", m.code, m.label.trim())?;
        }
        for r in &self.matieres_relabelled {
            writeln!(f, "~ matiere {} {:?} -> {:?}", r.code, r.old, r.new)?;
        }
        for t in &self.typologies_removed {
            writeln!(f, "- typologie {} {} {}", t.nature, t.code, t.label.trim())?;
        }
        for t in &self.typologies_added {
            writeln!(f, "+ typologie {} {} {}", t.nature, t.code, t.label.trim())?;
        }
        for r in &self.typologies_relabelled {
            writeln!(
                f,
                "~ typologie {} {} {:?} -> {:?}",
                r.code.nature, r.code.code, r.old, r.new
            )?;
        }
        Ok(())
    }
}
