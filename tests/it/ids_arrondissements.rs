//! The arrondissement list of the crate (data/arrondissements.csv) is
//! S2LOW's (refdata/s2low_arrondissements.csv), pair for pair.

use std::path::Path;

use actes::ids::{arrondissement_name, arrondissements_of, check_arrondissement};

#[test]
fn every_pair_of_the_reference_list_is_known_and_no_other() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/refdata/s2low_arrondissements.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut count = 0;
    let mut departements = std::collections::BTreeSet::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut f = line.splitn(3, ',');
        let (dep, arr, name) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        let arr: u8 = arr.parse().unwrap();
        let ours = arrondissement_name(dep, arr).unwrap_or_else(|| panic!("{dep} {arr}"));
        let theirs: Vec<&str> = name.trim().trim_matches('"').split_whitespace().collect();
        assert_eq!(ours, theirs.join(" "), "{dep} {arr}");
        assert!(check_arrondissement(dep, arr).is_none());
        departements.insert(dep.to_string());
        count += 1;
    }
    assert_eq!(count, 350);
    let total: usize = departements
        .iter()
        .map(|d| arrondissements_of(d).len())
        .sum();
    assert_eq!(total, 350);
    // Gaps are unknown: Moselle has 3, 5, 6, 7, 9.
    assert_eq!(arrondissements_of("057"), [3, 5, 6, 7, 9]);
    assert!(check_arrondissement("057", 4).is_some());
    assert!(check_arrondissement("075", 2).is_some());
    assert!(check_arrondissement("075", 9).is_none());
}
