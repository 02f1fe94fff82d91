//! The identifier tables agree with the reference data in
//! `../shared/reference/refdata/` (SPEC appendix A.3).

use std::path::PathBuf;

use actes::ids::{CodeMatiere, Departement, NatureCollectivite};

fn refdata(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/refdata")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first column of every data row (header skipped, CRLF tolerated).
fn first_column(csv: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn every_s2low_departement_is_known() {
    let codes = first_column(&refdata("s2low_departements.csv"));
    assert_eq!(codes.len(), 103);
    for code in &codes {
        let parsed = Departement::parse_diagnostics(code);
        assert!(
            parsed.diagnostics.is_empty(),
            "{code}: {:?}",
            parsed.diagnostics
        );
        let d = parsed.value.unwrap();
        assert!(d.is_known(), "{code}");
        assert_eq!(d.to_string(), *code);
    }
    // Names agree too.
    for line in refdata("s2low_departements.csv").lines().skip(1) {
        let line = line.trim_end_matches('\r');
        let (code, name) = line.split_once(',').unwrap();
        assert_eq!(Departement::try_from(code).unwrap().name(), Some(name));
    }
    // The crate's list is S2LOW's plus 976 Mayotte (SPEC §8.4).
    let known: Vec<String> = Departement::known().map(|d| d.to_string()).collect();
    assert_eq!(known.len(), 104);
    assert!(known.iter().any(|c| c == "976"));
    assert!(known.iter().all(|c| c == "976" || codes.contains(c)));
}

#[test]
fn every_s2low_nature_de_collectivite_is_known() {
    let codes: Vec<String> = first_column(&refdata("s2low_natures_collectivite.csv"))
        .into_iter()
        .filter(|c| c.len() == 2)
        .collect();
    assert_eq!(codes.len(), 31);
    for code in &codes {
        let n: NatureCollectivite = code.parse().unwrap();
        assert!(n.is_known(), "{code}");
        assert!(n.label().is_some(), "{code}");
    }
    // 13 only exists in older lists (SPEC §8.5) and is known too.
    assert!(NatureCollectivite::try_from("13").unwrap().is_known());
}

#[test]
fn every_national_level_1_2_code_parses() {
    let rows = refdata("nomenclature_actes_niveaux_1_2.csv");
    let mut count = 0;
    for line in rows.lines().skip(1) {
        let line = line.trim_end_matches('\r');
        let mut fields = line.split(',');
        let code = fields.next().unwrap();
        let level: usize = fields.next().unwrap().parse().unwrap();
        let parsed = CodeMatiere::parse_diagnostics(code);
        assert!(
            parsed.diagnostics.is_empty(),
            "{code}: {:?}",
            parsed.diagnostics
        );
        let c = parsed.value.unwrap();
        assert_eq!(c.depth(), level, "{code}");
        assert_eq!(c.to_string(), code);
        assert_eq!(c.check_for_act().is_none(), level == 2, "{code}");
        count += 1;
    }
    assert_eq!(count, 66);
}
