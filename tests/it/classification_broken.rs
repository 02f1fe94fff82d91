//! Broken classification inputs give located diagnostics, never a panic.

use std::path::{Path, PathBuf};

use actes::classification::Classification;
use actes::diagnostic::{Diagnostic, Parsed};

fn reference(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(rel)
}

fn real_2019() -> Vec<u8> {
    std::fs::read(reference(
        "refdata/pastell-megalis_classification-exemple_2019-03-01.xml",
    ))
    .expect("readable")
}

fn codes<T>(p: &Parsed<T>) -> Vec<&'static str> {
    p.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn first<T>(p: &Parsed<T>) -> &Diagnostic {
    p.diagnostics.first().expect("a diagnostic")
}

const HEAD: &str = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<actes:RetourClassification xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216">"#;

fn doc(body: &str) -> Vec<u8> {
    format!("{HEAD}{body}</actes:RetourClassification>").into_bytes()
}

const NATURES: &str = r#"<actes:NaturesActes><actes:NatureActe actes:CodeNatureActe="1" actes:Libelle="D" actes:TypeAbrege="DE"/></actes:NaturesActes>"#;

#[test]
fn truncated_file_is_located() {
    let bytes = real_2019();
    let half = bytes.get(..bytes.len() / 2).expect("half");
    let p = Classification::parse(half);
    assert!(p.value.is_none());
    assert_eq!(codes(&p), ["XML-MALFORMED"]);
    // Offsets of the XML layer count bytes of the decoded (UTF-8) text,
    // which is longer than the ISO-8859-1 input: the error is near its end.
    let off = first(&p).location.offset.expect("offset");
    assert!(
        off > half.len() / 2 && off <= 2 * half.len(),
        "offset {off}"
    );
}

#[test]
fn wrong_root_is_located() {
    let bytes = std::fs::read(reference(
        "samples/examples-2003/actes__7-1_DemandeClassification.xml",
    ))
    .expect("readable");
    let p = Classification::parse(&bytes);
    assert!(p.value.is_none());
    assert_eq!(codes(&p), ["CLASS-ROOT"]);
    let d = first(&p);
    assert_eq!(d.location.path.as_deref(), Some("DemandeClassification"));
    assert!(d.location.offset.is_some());
    assert!(d.message_en.contains("DemandeClassification"));
}

#[test]
fn missing_date_is_located() {
    let p = Classification::parse(&doc(&format!(
        "{NATURES}<actes:Matieres><actes:Matiere1 actes:CodeMatiere=\"1\" actes:Libelle=\"x\"/></actes:Matieres>"
    )));
    assert!(p.value.is_none());
    assert_eq!(codes(&p), ["CLASS-ELEMENT-MISSING"]);
    let d = first(&p);
    assert_eq!(
        d.location.path.as_deref(),
        Some("RetourClassification/DateClassification")
    );
    // The offset points at the root start tag (after the declaration line;
    // the XML layer may point at the white space before it).
    let off = d.location.offset.expect("offset");
    let text = String::from_utf8(doc("")).expect("ascii");
    assert!(text
        .get(off..)
        .expect("in range")
        .trim_start()
        .starts_with("<actes:RetourClassification"));
}

#[test]
fn bad_date_is_located() {
    let p = Classification::parse(&doc(
        "<actes:DateClassification>01/03/2019</actes:DateClassification><actes:NaturesActes/><actes:Matieres/>",
    ));
    assert!(p.value.is_none());
    assert_eq!(codes(&p), ["CLASS-DATE-INVALID"]);
    assert!(first(&p).message_en.contains("01/03/2019"));
}

#[test]
fn missing_sections_are_errors_but_the_value_is_built() {
    let p = Classification::parse(&doc(
        "<actes:DateClassification>2019-03-01</actes:DateClassification>",
    ));
    assert_eq!(
        codes(&p),
        ["CLASS-ELEMENT-MISSING", "CLASS-ELEMENT-MISSING"]
    );
    assert_eq!(
        p.diagnostics[1].location.path.as_deref(),
        Some("RetourClassification/Matieres")
    );
    assert!(p.value.is_some());
    assert!(!p.is_valid());
}

#[test]
fn bad_entries_are_skipped_with_located_diagnostics() {
    let body = format!(
        r#"<actes:DateClassification>2019-03-01</actes:DateClassification>{NATURES}
<actes:Matieres>
  <actes:Matiere1 actes:CodeMatiere="1" actes:Libelle="Un">
    <actes:Matiere2 actes:CodeMatiere="1" actes:Libelle="Un.un"/>
    <actes:Matiere2 actes:CodeMatiere="x" actes:Libelle="bad"/>
    <actes:Matiere2 actes:CodeMatiere="0" actes:Libelle="zero"/>
    <actes:Matiere2 actes:Libelle="no code"/>
    <actes:Matiere2 actes:CodeMatiere="2"/>
    <actes:Matiere3 actes:CodeMatiere="1" actes:Libelle="wrong level"/>
  </actes:Matiere1>
  <actes:Matiere1 actes:CodeMatiere="1" actes:Libelle="Un bis">
    <actes:Matiere2 actes:CodeMatiere="3" actes:Libelle="Un.trois"/>
  </actes:Matiere1>
</actes:Matieres>"#
    );
    let p = Classification::parse(&doc(&body));
    assert_eq!(
        codes(&p),
        [
            "CLASS-MATIERE-CODE-INVALID",
            "CLASS-MATIERE-CODE-INVALID",
            "CLASS-ATTRIBUTE-MISSING",
            "CLASS-LABEL-MISSING",
            "CLASS-UNEXPECTED-ELEMENT",
            "CLASS-MATIERE-DUPLICATE",
        ]
    );
    let paths: Vec<&str> = p
        .diagnostics
        .iter()
        .map(|d| d.location.path.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        paths.get(..5).expect("5"),
        [
            "RetourClassification/Matieres/Matiere1[1]/Matiere2[2]/@CodeMatiere",
            "RetourClassification/Matieres/Matiere1[1]/Matiere2[3]/@CodeMatiere",
            "RetourClassification/Matieres/Matiere1[1]/Matiere2[4]/@CodeMatiere",
            "RetourClassification/Matieres/Matiere1[1]/Matiere2[5]/@Libelle",
            "RetourClassification/Matieres/Matiere1[1]/Matiere3",
        ]
    );
    assert!(p
        .diagnostics
        .iter()
        .all(|d| d.location.offset.is_some() || d.code.as_str() == "CLASS-MATIERE-DUPLICATE"));
    // Errors, but the tree is built from the good entries, merged.
    assert!(!p.is_valid());
    let c = p.value.expect("built");
    assert_eq!(c.count_at_level(1), 1);
    let kids: Vec<String> = c.matieres()[0]
        .children()
        .iter()
        .map(|m| m.code().to_string())
        .collect();
    assert_eq!(kids, ["1.1", "1.2", "1.3"]);
}

#[test]
fn natures_oddities() {
    let body = r#"<actes:DateClassification>2019-03-01</actes:DateClassification>
<actes:NaturesActes>
  <actes:NatureActe actes:Libelle="Sans code" actes:TypeAbrege="AR"/>
  <actes:NatureActe actes:CodeNatureActe="5" actes:Libelle="Autres (WEBDELIB)" actes:TypeAbrege="AU"/>
  <actes:NatureActe actes:CodeNatureActe="7" actes:Libelle="Non transmis" actes:TypeAbrege="NT"/>
  <actes:NatureActe actes:CodeNatureActe="1" actes:Libelle="D" actes:TypeAbrege="DE">
    <actes:TypePJNatureActe actes:CodeTypePJ="99_DE" actes:Libelle="a"/>
    <actes:TypePJNatureActe actes:CodeTypePJ="99_DE" actes:Libelle="b"/>
    <actes:TypePJNatureActe actes:Libelle="no code"/>
  </actes:NatureActe>
  <actes:NatureActe actes:CodeNatureActe="1" actes:Libelle="D again" actes:TypeAbrege="DE">
    <actes:TypePJNatureActe actes:CodeTypePJ="99_SE" actes:Libelle="sig"/>
  </actes:NatureActe>
</actes:NaturesActes><actes:Matieres/>"#;
    let p = Classification::parse(&doc(body));
    assert_eq!(
        codes(&p),
        [
            "CLASS-NATURE-MISMATCH",
            "CLASS-NATURE-INVALID",
            "CLASS-TYPOLOGIE-DUPLICATE",
            "CLASS-ATTRIBUTE-MISSING",
            "CLASS-NATURE-DUPLICATE",
            // Natures 2 and 5 list no typologie while nature 1 does.
            "CLASS-NATURE-NO-TYPOLOGIE",
            "CLASS-NATURE-NO-TYPOLOGIE",
        ]
    );
    let c = p.value.expect("built");
    let natures: Vec<u8> = c.natures().iter().map(|n| n.code()).collect();
    assert_eq!(natures, [1, 2, 5]);
    let de = &c.natures()[0];
    let typs: Vec<&str> = de.typologies().iter().map(|t| t.code.as_str()).collect();
    assert_eq!(typs, ["99_DE", "99_SE"]);
    assert_eq!(de.typologies()[0].label, "a");
    assert_eq!(c.natures()[2].abbr(), "AU");
}

#[test]
fn missing_file_and_garbage() {
    let p = Classification::from_path("/nonexistent/classification.xml");
    assert!(p.value.is_none());
    assert_eq!(codes(&p), ["CLASS-READ"]);
    assert_eq!(
        first(&p).location.file.as_deref(),
        Some("/nonexistent/classification.xml")
    );

    for garbage in [
        &b""[..],
        b"\x00\x01\x02\xff\xfe",
        b"not xml at all",
        b"<RetourClassification>",
        b"<?xml version=\"1.0\" encoding=\"EBCDIC\"?><a/>",
        b"<!DOCTYPE x [<!ENTITY e \"e\">]><RetourClassification/>",
    ] {
        let p = Classification::parse(garbage);
        assert!(p.value.is_none());
        assert!(!p.diagnostics.is_empty());
        assert!(p.diagnostics.iter().any(Diagnostic::is_error));
    }
}

#[test]
fn deeper_than_five_levels_is_ignored_with_a_warning() {
    let body = r#"<actes:DateClassification>2019-03-01</actes:DateClassification><actes:NaturesActes/>
<actes:Matieres><actes:Matiere1 actes:CodeMatiere="1" actes:Libelle="a"><actes:Matiere2 actes:CodeMatiere="1" actes:Libelle="b">
<actes:Matiere3 actes:CodeMatiere="1" actes:Libelle="c"><actes:Matiere4 actes:CodeMatiere="1" actes:Libelle="d">
<actes:Matiere5 actes:CodeMatiere="1" actes:Libelle="e"><actes:Matiere6 actes:CodeMatiere="1" actes:Libelle="f"/>
</actes:Matiere5></actes:Matiere4></actes:Matiere3></actes:Matiere2></actes:Matiere1></actes:Matieres>"#;
    let p = Classification::parse(&doc(body));
    assert_eq!(codes(&p), ["CLASS-UNEXPECTED-ELEMENT"]);
    let c = p.value.expect("built");
    assert_eq!(c.count_at_level(5), 1);
    assert_eq!(c.iter().count(), 5);
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Vec<u8> {
        std::fs::read(reference(
            "samples/examples-2003/actes__7-2_RetourClassification.xml",
        ))
        .expect("readable")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Truncating a real file anywhere and overwriting one byte never
        /// panics; when no value is built, an error says why.
        #[test]
        fn mutated_files_never_panic(cut in 0usize..3000, pos in 0usize..3000, byte in any::<u8>()) {
            let mut bytes = sample();
            bytes.truncate(cut.min(bytes.len()));
            if let Some(b) = bytes.get_mut(pos) {
                *b = byte;
            }
            let p = Classification::parse(&bytes);
            if p.value.is_none() {
                prop_assert!(p.diagnostics.iter().any(Diagnostic::is_error));
            }
            if let Some(c) = &p.value {
                // Queries on whatever was built never panic either.
                for m in c.iter() {
                    let _ = c.check_for_act(m.code());
                    let _ = c.label_path(m.code());
                }
            }
        }
    }
}
