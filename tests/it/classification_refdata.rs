//! Every real classification file of the reference set parses with the
//! expected content.
//!
//! The expected numbers were counted independently of this crate, with
//! xmllint on each file:
//! `xmllint --xpath "count(//*[local-name()='Matiere3'])" FILE` (and the same
//! for `NatureActe`, `TypePJNatureActe`, `Matiere1`…`Matiere5`,
//! `string(//*[local-name()='DateClassification'])`), and per nature
//! `count(//*[local-name()='NatureActe'][@*[local-name()='CodeNatureActe']='N']/*[local-name()='TypePJNatureActe'])`.
//! No file has a duplicated code among siblings (checked with a script), so
//! the raw element counts equal the node counts of the tree.

use std::path::{Path, PathBuf};

use actes::classification::{Classification, Origin};
use actes::ids::{CodeMatiere, NatureActe};

fn reference(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(rel)
}

const F2019: &str = "refdata/pastell-megalis_classification-exemple_2019-03-01.xml";
const F2017: &str = "refdata/pastell-megalis_actes-generique_classification_2017-11-13.xml";
const F2004: &str = "refdata/pastell-megalis_data-exemple_classification_2004-04-01.xml";
const F2011: &str = "refdata/webdelib_classification_2011-04-29.xml";
const F2003: &str = "samples/examples-2003/actes__7-2_RetourClassification.xml";

fn load(rel: &str) -> (Classification, Vec<&'static str>) {
    let parsed = Classification::from_path(reference(rel));
    let codes = parsed.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let c = parsed
        .value
        .unwrap_or_else(|| panic!("{rel}: {:?}", parsed.diagnostics));
    (c, codes)
}

fn code(s: &str) -> CodeMatiere {
    s.parse().expect("valid code")
}

fn label<'a>(c: &'a Classification, s: &str) -> &'a str {
    c.get(&code(s))
        .unwrap_or_else(|| panic!("{s} not found"))
        .label()
}

struct Expected {
    file: &'static str,
    date: &'static str,
    natures: usize,
    /// Matière1..Matiere5 counts.
    levels: [usize; 5],
    typologies: usize,
    /// Typologie entries per nature 1..6.
    per_nature: [usize; 6],
    diagnostics: &'static [&'static str],
}

const EXPECTED: &[Expected] = &[
    Expected {
        file: F2019,
        date: "2019-03-01",
        natures: 6,
        levels: [9, 57, 105, 10, 0],
        typologies: 115,
        per_nature: [18, 9, 36, 47, 3, 2],
        diagnostics: &[],
    },
    Expected {
        file: F2017,
        date: "2017-11-13",
        natures: 6,
        levels: [9, 57, 0, 0, 0],
        typologies: 61,
        per_nature: [7, 4, 20, 27, 2, 1],
        diagnostics: &[],
    },
    Expected {
        file: F2004,
        date: "2004-04-01",
        natures: 6,
        levels: [9, 57, 0, 0, 0],
        typologies: 0,
        per_nature: [0; 6],
        diagnostics: &[],
    },
    Expected {
        file: F2011,
        date: "2011-04-29",
        natures: 6,
        levels: [9, 57, 57, 5, 0],
        typologies: 0,
        per_nature: [0; 6],
        // Declares ISO-8859-1, holds UTF-8.
        diagnostics: &["XML-ENCODING-MISLABELLED"],
    },
    Expected {
        file: F2003,
        date: "2003-06-25",
        natures: 6,
        levels: [3, 7, 2, 2, 2],
        typologies: 0,
        per_nature: [0; 6],
        // Namespace ...#v1.1-20040202, read as ACTES.
        diagnostics: &["XML-WRONG-NAMESPACE"],
    },
];

#[test]
fn every_real_file_parses_with_the_counted_content() {
    for e in EXPECTED {
        let (c, diags) = load(e.file);
        assert_eq!(diags, e.diagnostics, "{}", e.file);
        assert_eq!(c.date().to_string(), e.date, "{}", e.file);
        assert_eq!(c.origin(), Origin::File);
        assert_eq!(c.natures().len(), e.natures, "{}", e.file);
        for (i, &n) in e.levels.iter().enumerate() {
            assert_eq!(c.count_at_level(i + 1), n, "{} level {}", e.file, i + 1);
        }
        assert_eq!(c.typologie_count(), e.typologies, "{}", e.file);
        assert_eq!(c.has_typologies(), e.typologies > 0, "{}", e.file);
        for (i, &n) in e.per_nature.iter().enumerate() {
            let nature = NatureActe::from_code(i as u8 + 1).expect("1-6");
            let got = c.nature(nature).map_or(0, |x| x.typologies().len());
            assert_eq!(got, n, "{} nature {}", e.file, i + 1);
        }
    }
}

#[test]
fn labels_come_out_as_unicode() {
    let (c19, _) = load(F2019);
    // `&#339;` in a typologie label of nature 1.
    let t = c19
        .nature(NatureActe::Deliberation)
        .and_then(|n| n.typologies().iter().find(|t| t.code == "23_DE"))
        .expect("23_DE");
    assert_eq!(
        t.label,
        "Délibération autorisant la mise en œuvre du droit de préemption"
    );
    // ISO-8859-1 bytes.
    assert_eq!(label(&c19, "1.1"), "Marchés publics");
    assert_eq!(
        c19.nature(NatureActe::Deliberation).map(|n| n.label()),
        Some("Délibérations")
    );
    // `&quot;` in an attribute.
    assert!(label(&c19, "1.4.1").contains("contrats de \"quasi-régie\""));
    // Trailing space kept in the raw label, trimmed for display.
    let m = c19.get(&code("1.2.2")).expect("1.2.2");
    assert_eq!(m.label(), "Contrats, avenants et pièces de procédure ");
    assert_eq!(
        m.display_label(),
        "Contrats, avenants et pièces de procédure"
    );

    // UTF-8 bytes under an ISO-8859-1 declaration: no mojibake.
    let (c11, _) = load(F2011);
    assert_eq!(label(&c11, "1.6"), "Actes relatifs à la maîtrise d'oeuvre");
    assert_eq!(label(&c11, "1.7.2"), "autorisations donnée à l'exécutif");
    assert_eq!(label(&c11, "7.1.1.3"), "Budgets supplémentaires");
    assert_eq!(label(&c11, "2.1"), "Documents d urbanisme ");
    assert!(c11.iter().all(|m| !m.label().contains('Ã')));

    // 2003 example: ISO-8859-1, down to level 5.
    let (c03, _) = load(F2003);
    assert_eq!(label(&c03, "1.2.2.2.2"), "Enseignement privé");
    assert_eq!(
        c03.label_path(&code("1.2.2.2")).as_deref(),
        Some("CommandePublique › Délégations de service public › Par catégorie de service public concerné › Service public administratif")
    );
    assert_eq!(
        c03.nature(NatureActe::ActeReglementaire).map(|n| n.label()),
        Some("Arrêtés réglementaires")
    );

    // 2004: no accents, the official typo.
    let (c04, _) = load(F2004);
    assert_eq!(
        label(&c04, "6"),
        "Libertes publiques et pourvoirs de police"
    );
}

#[test]
fn siblings_are_sorted_numerically() {
    // In the 2019, 2017 and 2011 files, 7.10 comes right after 7.1.
    for f in [F2019, F2017, F2011] {
        let (c, _) = load(f);
        let seven = c.get(&code("7")).expect("7");
        let codes: Vec<String> = seven
            .children()
            .iter()
            .map(|m| m.code().to_string())
            .collect();
        assert_eq!(
            codes,
            ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9", "7.10"],
            "{f}"
        );
        let all: Vec<CodeMatiere> = c.iter().map(|m| *m.code()).collect();
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(all, sorted, "{f}: depth-first order is code order");
    }
}

#[test]
fn gaps_and_duplicated_labels_are_kept() {
    // 2011: 1.7.1, 1.7.2, 1.7.5 (no 1.7.3 or 1.7.4); 1.7.5 and 2.1.? are both "Autres".
    let (c11, _) = load(F2011);
    let codes: Vec<String> = c11
        .get(&code("1.7"))
        .expect("1.7")
        .children()
        .iter()
        .map(|m| m.code().to_string())
        .collect();
    assert_eq!(codes, ["1.7.1", "1.7.2", "1.7.5"]);
    let autres = c11.iter().filter(|m| m.label() == "Autres").count();
    assert!(autres >= 2, "duplicated labels are kept ({autres})");
}

#[test]
fn every_file_has_the_national_levels_1_2() {
    let national = Classification::national();
    for e in EXPECTED.iter().filter(|e| e.file != F2003) {
        let (c, _) = load(e.file);
        let codes = |c: &Classification| -> Vec<CodeMatiere> {
            c.iter()
                .filter(|m| m.level() <= 2)
                .map(|m| *m.code())
                .collect()
        };
        assert_eq!(codes(&c), codes(national), "{}", e.file);
    }
}

#[test]
fn check_against_a_real_file() {
    let (c19, _) = load(F2019);
    let check = |s: &str| -> Vec<(&'static str, Option<usize>)> {
        c19.check_for_act(&code(s))
            .iter()
            .map(|d| (d.code.as_str(), d.location.offset))
            .collect()
    };
    // 1.1 has sub-levels 1.1.1 and 1.1.2 in this file.
    assert_eq!(check("1.1"), [("CLASS-MATIERE-NOT-LEAF", Some(3))]);
    assert!(check("1.1.2").is_empty());
    // Unknown level 3 (offset of the third level).
    assert_eq!(check("1.1.9"), [("CLASS-MATIERE-UNKNOWN", Some(4))]);
    // 1.1.2 is a leaf: a level 4 is deeper than the tree.
    assert_eq!(check("1.1.2.1"), [("CLASS-MATIERE-TOO-DEEP", Some(6))]);
    // Unknown level 1.
    assert_eq!(check("10.1"), [("CLASS-MATIERE-UNKNOWN", Some(0))]);
    // Level 1 alone is not enough for an act (E4), whatever the tree.
    assert_eq!(check("8")[0].0, "ID-MATIERE-LEVELS-1-2");
    assert_eq!(
        c19.label_path(&code("1.1.2")).as_deref(),
        Some("Commande Publique › Marchés publics › Pièces constitutives et de procédure des marchés, accords-cadres et avenants (art R2131-5 et R2131-6 du CGCT)")
    );

    // A file with levels 1–2 only: level 3 is deeper than that tree.
    let (c04, _) = load(F2004);
    let d = c04.check_for_act(&code("1.1.3"));
    assert_eq!(d[0].code.as_str(), "CLASS-MATIERE-TOO-DEEP");
}

#[test]
fn typologies_against_real_files() {
    let (c19, _) = load(F2019);
    let de = NatureActe::Deliberation;
    assert!(c19.check_typologie(de, "99_DE").is_empty());
    assert!(c19.check_typologie(de, "23_DE").is_empty());
    let d = c19.check_typologie(de, "99_AU");
    assert_eq!(d[0].code.as_str(), "CLASS-TYPOLOGIE-NOT-ALLOWED");
    let d = c19.check_typologie(de, "99-DE");
    assert_eq!(d[0].code.as_str(), "CLASS-TYPOLOGIE-PATTERN");
    assert_eq!(d[0].location.offset, Some(2));
    assert_eq!(c19.allowed_typologies(de).len(), 18);
    assert_eq!(
        c19.default_typologie(NatureActe::Contrat)
            .map(|t| t.code.as_str()),
        Some("99_DC")
    );

    // 2017: early codes, 99_CO is the generic contract type.
    let (c17, _) = load(F2017);
    assert_eq!(
        c17.default_typologie(NatureActe::Contrat)
            .map(|t| t.code.as_str()),
        Some("99_CO")
    );
    assert_eq!(
        c17.check_typologie(NatureActe::Contrat, "99_DC")[0]
            .code
            .as_str(),
        "CLASS-TYPOLOGIE-NOT-ALLOWED"
    );

    // 2011: no typologie at all; the built-in defaults apply.
    let (c11, _) = load(F2011);
    assert!(c11.check_typologie(de, "99_DE").is_empty());
    assert!(c11.check_typologie(de, "99_SE").is_empty());
    assert_eq!(
        c11.check_typologie(de, "22_NE")[0].code.as_str(),
        "CLASS-TYPOLOGIE-UNVERIFIED"
    );
    assert_eq!(c11.allowed_typologies(de).len(), 2);
}

#[test]
fn reponse_sans_changement_sample() {
    let bytes = std::fs::read(reference(
        "samples/examples-2003/actes__7-3_ReponseClassificationSansChangement.xml",
    ))
    .expect("readable");
    // 7-3 carries only a date; `messages` reads it like every root.
    let p = actes::messages::Message::parse(&bytes);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let Some(actes::messages::Message::ReponseClassificationSansChangement(r)) = p.value else {
        panic!("not a 7-3: {:?}", p.value);
    };
    assert_eq!(
        r.date_classification
            .value
            .map(|d| d.to_string())
            .as_deref(),
        Some("2003-06-10")
    );
}

#[cfg(feature = "serde")]
#[test]
fn json_export_shape() {
    let (c19, _) = load(F2019);
    let v = serde_json::to_value(&c19).expect("serialisable");
    assert_eq!(v["date"], "2019-03-01");
    assert_eq!(v["natures"].as_array().map(Vec::len), Some(6));
    assert_eq!(v["natures"][0]["code"], 1);
    assert_eq!(v["natures"][0]["abbr"], "DE");
    assert_eq!(v["natures"][0]["label"], "Délibérations");
    assert_eq!(v["natures"][0]["typologies"][0]["code"], "99_DE");
    assert_eq!(v["matieres"][0]["code"], "1");
    assert_eq!(v["matieres"][0]["children"][0]["code"], "1.1");
    assert_eq!(v["matieres"][0]["children"][0]["label"], "Marchés publics");
    assert_eq!(
        v["matieres"][0]["children"][0]["children"][0]["code"],
        "1.1.1"
    );
    let seven = &v["matieres"][6];
    assert_eq!(seven["children"][9]["code"], "7.10");
}
