//! The seed identifier of issue 2 parses to exactly its parts.

use actes::ids::{ActeId, Departement, NatureActe, NumeroInterne, Siren};
use chrono::NaiveDate;

const SEED: &str = "062-216204982-20221214-DLB12_14122022-DE";

#[test]
fn seed_parses_to_its_parts() {
    let parsed = ActeId::parse_diagnostics(SEED);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let id = parsed.value.expect("the seed is valid");

    assert_eq!(id.departement().as_str(), "062");
    assert_eq!(id.departement().name(), Some("Pas-de-Calais"));
    assert_eq!(id.siren().as_str(), "216204982");
    assert_eq!(id.siren().value(), 216_204_982);
    assert_eq!(id.date(), NaiveDate::from_ymd_opt(2022, 12, 14).unwrap());
    assert_eq!(id.numero().as_str(), "DLB12_14122022");
    assert_eq!(id.nature(), NatureActe::Deliberation);
    assert_eq!(id.nature().code(), 1);
    assert_eq!(id.nature().label(), "Délibérations");
    assert_eq!(id.to_string(), SEED);

    let rebuilt = ActeId::new(
        Departement::try_from("062").unwrap(),
        Siren::try_from("216204982").unwrap(),
        NaiveDate::from_ymd_opt(2022, 12, 14).unwrap(),
        NumeroInterne::try_from("DLB12_14122022").unwrap(),
        NatureActe::from_abbr("DE").unwrap(),
    )
    .unwrap();
    assert_eq!(rebuilt, id);
    assert_eq!(ActeId::try_from(SEED).unwrap(), id);
}

#[cfg(feature = "serde")]
#[test]
fn serde_uses_the_canonical_string() {
    let id: ActeId = SEED.parse().unwrap();
    let json = serde_json::to_string(&id).unwrap();
    assert_eq!(json, format!("\"{SEED}\""));
    let back: ActeId = serde_json::from_str(&json).unwrap();
    assert_eq!(back, id);

    let err = serde_json::from_str::<ActeId>("\"062-216204983-20221214-X-DE\"").unwrap_err();
    assert!(err.to_string().contains("ID-SIREN-CHECKSUM"), "{err}");

    let m: actes::ids::CodeMatiere = serde_json::from_str("\"08.09\"").unwrap();
    assert_eq!(serde_json::to_string(&m).unwrap(), "\"8.9\"");
    let n: NatureActe = serde_json::from_str("\"5\"").unwrap();
    assert_eq!(serde_json::to_string(&n).unwrap(), "\"BF\"");
    let s: Siren = serde_json::from_str("\"216204982\"").unwrap();
    assert_eq!(s.as_str(), "216204982");
}
