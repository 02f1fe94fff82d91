//! A classification file in which a nature lists no typologie (several
//! préfectures' files do) falls back to the built-in defaults for that
//! nature, with a warning, instead of refusing every typologie.

use std::path::Path;

use actes::classification::Classification;
use actes::ids::NatureActe;

const F2017: &str = "refdata/pastell-megalis_actes-generique_classification_2017-11-13.xml";

/// The 2017-11-13 file with nature 6 (AU) emptied of its typologies.
fn without_au_typologies() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(F2017);
    let bytes = std::fs::read(path).unwrap();
    // The file is ISO-8859-1; the edited part is ASCII.
    let needle: &[u8] =
        br#"<actes:TypePJNatureActe actes:CodeTypePJ="99_AU" actes:Libelle="Autre document"/>"#;
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("nature 6 lists 99_AU");
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(&bytes[at + needle.len()..]);
    out
}

#[test]
fn a_nature_without_typologie_uses_the_defaults_with_a_warning() {
    let parsed = Classification::parse(&without_au_typologies());
    let warnings: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "CLASS-NATURE-NO-TYPOLOGIE")
        .collect();
    assert_eq!(warnings.len(), 1, "{:?}", parsed.diagnostics);
    assert!(warnings[0].message_en.contains("6 (AU)"));
    let c = parsed.value.unwrap();
    // The defaults of AU: its generic code and 99_SE.
    let allowed: Vec<&str> = c
        .allowed_typologies(NatureActe::Autre)
        .iter()
        .map(|t| t.code.as_str())
        .collect();
    assert!(allowed.contains(&"99_AU"), "{allowed:?}");
    assert!(c.check_typologie(NatureActe::Autre, "99_AU").is_empty());
    assert_eq!(
        c.default_typologie(NatureActe::Autre)
            .map(|t| t.code.as_str()),
        Some("99_AU")
    );
    // Another code: unverified (warning), not refused.
    let d = c.check_typologie(NatureActe::Autre, "22_NE");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code.as_str(), "CLASS-TYPOLOGIE-UNVERIFIED");
    assert!(
        d[0].message_en.contains("for this nature"),
        "{}",
        d[0].message_en
    );
    // The other natures keep their own lists.
    let d = c.check_typologie(NatureActe::Budgetaire, "99_AU");
    assert_eq!(d[0].code.as_str(), "CLASS-TYPOLOGIE-NOT-ALLOWED");
}

#[test]
fn the_unedited_file_has_no_such_warning() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(F2017);
    let parsed = Classification::parse(&std::fs::read(path).unwrap());
    assert!(parsed
        .diagnostics
        .iter()
        .all(|d| d.code.as_str() != "CLASS-NATURE-NO-TYPOLOGIE"));
}
