//! The built-in national classification, compiled from the data files of
//! `data/classification/` (SPEC §9.1–9.3).

use std::sync::OnceLock;

use chrono::NaiveDate;

use super::{Classification, Matiere, NatureEntry, Origin, TypologieEntry};
use crate::ids::{csv_fields, data_lines, CodeMatiere, NatureActe};

/// Levels 1–2: `code,libelle,affichage`.
pub(super) const MATIERES_CSV: &str =
    include_str!("../../data/classification/matieres_niveaux_1_2.csv");
/// The natures: `code,abrege,libelle`.
pub(super) const NATURES_CSV: &str = include_str!("../../data/classification/natures.csv");
/// The default typologies: `nature,code,libelle,defaut`.
pub(super) const TYPOLOGIES_CSV: &str =
    include_str!("../../data/classification/typologies_defaut.csv");

/// The date of the national nomenclature file.
const NATIONAL_DATE: (i32, u32, u32) = (2004, 4, 1);

pub(super) fn national() -> &'static Classification {
    static NATIONAL: OnceLock<Classification> = OnceLock::new();
    NATIONAL.get_or_init(build)
}

fn build() -> Classification {
    let (y, m, d) = NATIONAL_DATE;
    let date = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();

    let mut natures: Vec<NatureEntry> = Vec::new();
    for line in data_lines(NATURES_CSV) {
        let f = csv_fields(line);
        let (Some(code), Some(abbr), Some(label)) = (f.first(), f.get(1), f.get(2)) else {
            continue;
        };
        let Some(nature) = code.parse::<u8>().ok().and_then(NatureActe::from_code) else {
            continue;
        };
        natures.push(NatureEntry {
            nature,
            abbr: (*abbr).to_string(),
            label: (*label).to_string(),
            typologies: Vec::new(),
        });
    }
    for line in data_lines(TYPOLOGIES_CSV) {
        let f = csv_fields(line);
        let (Some(nature), Some(code), Some(label)) = (f.first(), f.get(1), f.get(2)) else {
            continue;
        };
        let Some(nature) = nature.parse::<u8>().ok().and_then(NatureActe::from_code) else {
            continue;
        };
        if let Some(entry) = natures.iter_mut().find(|n| n.nature == nature) {
            entry.typologies.push(TypologieEntry {
                code: (*code).to_string(),
                label: (*label).to_string(),
            });
        }
    }
    natures.sort_by_key(|n| n.nature);

    let mut matieres: Vec<Matiere> = Vec::new();
    for line in data_lines(MATIERES_CSV) {
        let f = csv_fields(line);
        let (Some(code), Some(label), Some(display)) = (f.first(), f.get(1), f.get(2)) else {
            continue;
        };
        let Ok(code) = code.parse::<CodeMatiere>() else {
            continue;
        };
        let node = Matiere {
            code,
            label: (*label).to_string(),
            display: Some((*display).to_string()),
            children: Vec::new(),
        };
        match code.parent() {
            None => matieres.push(node),
            Some(parent) => {
                if let Some(p) = matieres.iter_mut().find(|m| m.code == parent) {
                    p.children.push(node);
                }
            }
        }
    }
    let mut ignored = Vec::new();
    let matieres = super::parse::normalize(matieres, &"", &mut ignored);

    Classification {
        date,
        natures,
        matieres,
        origin: Origin::National,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default typologie code of the act file for each nature, from the
    /// data file (column `defaut` = `O`).
    fn default_codes() -> Vec<(NatureActe, &'static str)> {
        data_lines(TYPOLOGIES_CSV)
            .filter_map(|line| {
                let f = csv_fields(line);
                let nature = f
                    .first()?
                    .parse::<u8>()
                    .ok()
                    .and_then(NatureActe::from_code)?;
                (f.get(3) == Some(&"O")).then_some((nature, *f.get(1)?))
            })
            .collect()
    }

    #[test]
    fn national_counts() {
        let n = national();
        assert_eq!(n.count_at_level(1), 9);
        assert_eq!(n.count_at_level(2), 57);
        assert_eq!(n.count_at_level(3), 0);
        assert_eq!(n.natures().len(), 6);
        assert_eq!(n.typologie_count(), 12);
        assert_eq!(n.origin(), Origin::National);
    }

    #[test]
    fn natures_agree_with_ids() {
        for n in national().natures() {
            assert_eq!(n.label(), n.nature().label(), "{}", n.code());
            assert_eq!(n.abbr(), n.nature().abbr());
            assert!(n.typologies().iter().any(|t| t.code == "99_SE"));
        }
    }

    #[test]
    fn defaults_agree_with_ids() {
        let d = default_codes();
        assert_eq!(d.len(), 6);
        for (nature, code) in d {
            assert_eq!(code, nature.default_typologie());
            assert_eq!(
                national()
                    .default_typologie(nature)
                    .map(|t| t.code.as_str()),
                Some(code)
            );
        }
    }

    #[test]
    fn official_typo_kept_with_corrected_display() {
        let six = national()
            .get(&"6".parse().expect("code"))
            .expect("level 1");
        assert_eq!(six.label(), "Libertes publiques et pourvoirs de police");
        assert_eq!(
            six.display_label(),
            "Libertés publiques et pouvoirs de police"
        );
        let doc = national().get(&"2.1".parse().expect("code")).expect("2.1");
        assert_eq!(doc.label(), "Documents d urbanisme ");
        assert_eq!(doc.display_label(), "Documents d'urbanisme");
    }
}
