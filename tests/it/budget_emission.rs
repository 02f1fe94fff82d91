//! Emission of a budget act (nature 5, matière 7.1) with an XML act file:
//! the XML must be a TotEM document with a valid seal (errors worded as the
//! peers word them), and its SIRET should be the collectivité's (warning).
//! The same rules in transmission validation and in `archive check`.

use std::io::Cursor;

use actes::archive::build;
use actes::transmission::*;

use crate::archive_check::{check_files, found};
use crate::archive_support::*;

/// A copy of `doc` sealed by the library.
pub fn sealed(doc: &str) -> Vec<u8> {
    let mut out = Vec::new();
    actes::budget::seal(&mut Cursor::new(doc), &mut out, "2022-12-01T10:00:00")
        .unwrap_or_else(|e| panic!("{e:?}"));
    out
}

fn totem(name: &str) -> Vec<u8> {
    std::fs::read(reference().join("samples/totem").join(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// The Lens transmission turned into a budget act whose act file is `xml`.
fn budget_act(xml: Vec<u8>) -> Transmission {
    let mut a = lens_acte();
    a.nature = "BF".parse().expect("nature");
    a.matiere = "7.1".parse().expect("matiere");
    a.document = Piece::new(typ("99_BU"), DocumentContent::bytes(xml));
    a.annexes = vec![Piece::new(
        typ("99_BU"),
        DocumentContent::bytes(pdf("annexe")),
    )];
    with(Contenu::Acte(a))
}

/// Findings inside the act file are located below its input path.
const SEAL: &str = "acte/document/DocumentBudgetaire/Scellement";
const ID_COLL: &str = "acte/document/DocumentBudgetaire/EnTeteDocBudgetaire/IdColl";

#[test]
fn transmission_refuses_an_unsealed_or_badly_sealed_budget_file() {
    // Valid seal, but the sample belongs to SIREN 215600461, not the
    // Lens collectivité's 216204982: a warning only.
    let d = budget_act(totem("alamarge_totem.xml")).validate(&options());
    assert_eq!(
        codes(&d),
        [("BUDGET-SIREN-MISMATCH".to_string(), ID_COLL.to_string())]
    );
    assert!(!d[0].is_error());
    // Edited after sealing.
    let d = budget_act(totem("totem_mauvais_siret.xml")).validate(&options());
    assert!(has(&d, "BUDGET-SEAL-INVALID", SEAL), "{d:?}");
    let fr = d
        .iter()
        .find(|d| d.code.as_str() == "BUDGET-SEAL-INVALID")
        .map(|d| d.message_fr.clone());
    assert!(
        fr.is_some_and(|m| m.starts_with("Le fichier budgétaire n'est pas correctement scellé"))
    );
    // Not sealed.
    let doc = "<DocumentBudgetaire xmlns=\"http://www.minefi.gouv.fr/cp/demat/docbudgetaire\"><EnTeteDocBudgetaire><IdColl V=\"21620498200018\"/></EnTeteDocBudgetaire></DocumentBudgetaire>";
    let d = budget_act(doc.as_bytes().to_vec()).validate(&options());
    assert_eq!(
        codes(&d),
        [("BUDGET-SEAL-MISSING".to_string(), SEAL.to_string())]
    );
    assert_eq!(d[0].message_fr, "Le fichier budgétaire n'est pas scellé");
    // Sealed, and the collectivité's own SIRET: clean.
    assert!(budget_act(sealed(doc)).validate(&options()).is_empty());
    // Another XML document, or a broken one.
    let d = budget_act(b"<?xml version=\"1.0\"?><Budget/>".to_vec()).validate(&options());
    assert!(
        has(&d, "BUDGET-NOT-DOCUMENT", "acte/document/Budget"),
        "{d:?}"
    );
    let d =
        budget_act(b"<?xml version=\"1.0\"?><DocumentBudgetaire>".to_vec()).validate(&options());
    assert!(has(&d, "XML-MALFORMED", "acte/document"), "{d:?}");
}

#[test]
fn archive_check_applies_the_same_rules() {
    let doc = "<DocumentBudgetaire xmlns=\"http://www.minefi.gouv.fr/cp/demat/docbudgetaire\"><EnTeteDocBudgetaire><IdColl V=\"21620498200018\"/></EnTeteDocBudgetaire></DocumentBudgetaire>";
    let (bytes, _) = build(&budget_act(sealed(doc)), &options(), Vec::new()).expect("build");
    let files = entries(&bytes);
    let archive = "SLO-EACT--216204982--20221219-1.tar.gz";
    let (r, _d) = check_files(archive, &files);
    assert_eq!(found(&r), []);
    let act = files
        .iter()
        .position(|(n, _)| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("xml"))
                && n.contains("99_BU")
        })
        .unwrap_or_else(|| {
            panic!(
                "no act file in {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            )
        });
    let name = files[act].0.clone();
    for (content, expected) in [
        (
            totem("totem_mauvais_siret.xml"),
            vec!["BUDGET-SEAL-INVALID", "BUDGET-SIREN-MISMATCH"],
        ),
        (doc.as_bytes().to_vec(), vec!["BUDGET-SEAL-MISSING"]),
        (totem("alamarge_totem.xml"), vec!["BUDGET-SIREN-MISMATCH"]),
    ] {
        let mut changed = files.clone();
        changed[act].1 = content;
        let (r, _d) = check_files(archive, &changed);
        let got = found(&r);
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|c| (c.to_string(), name.clone()))
            .collect();
        assert_eq!(got, want);
    }
}
