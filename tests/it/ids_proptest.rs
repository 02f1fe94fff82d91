//! Property tests: Display then parse gives the value back; no input makes a
//! parser panic; diagnostic offsets point inside the input.

use actes::diagnostic::Parsed;
use actes::ids::{
    ActeId, Arrondissement, CodeMatiere, Departement, MessageCode, NatureActe, NatureCollectivite,
    NumeroInterne, Siren,
};
use chrono::NaiveDate;
use proptest::prelude::*;

fn siren() -> impl Strategy<Value = Siren> {
    "[0-9]{8}".prop_map(|s| Siren::complete(&s).unwrap())
}

fn departement() -> impl Strategy<Value = Departement> {
    "[09][0-9][0-9AB]".prop_map(|s| s.parse().unwrap())
}

fn numero() -> impl Strategy<Value = NumeroInterne> {
    "[A-Za-z0-9_ -]{1,15}".prop_map(|s| s.parse().unwrap())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i32..=9999, 1u32..=366).prop_map(|(y, d)| {
        NaiveDate::from_yo_opt(y, d)
            .or_else(|| NaiveDate::from_yo_opt(y, 365))
            .unwrap()
    })
}

fn nature() -> impl Strategy<Value = NatureActe> {
    (1u8..=6).prop_map(|c| NatureActe::from_code(c).unwrap())
}

fn code_matiere() -> impl Strategy<Value = CodeMatiere> {
    prop::collection::vec(1u16..=u16::MAX, 1..=5)
        .prop_map(|levels| CodeMatiere::from_levels(&levels).unwrap())
}

fn acte_id() -> impl Strategy<Value = ActeId> {
    (departement(), siren(), date(), numero(), nature())
        .prop_map(|(d, s, dt, n, na)| ActeId::new(d, s, dt, n, na).unwrap())
}

/// Every diagnostic offset is at a character boundary of the input (so at
/// most its length).
fn offsets_in_bounds<T>(input: &str, p: &Parsed<T>) {
    for d in &p.diagnostics {
        if let Some(off) = d.location.offset {
            assert!(input.is_char_boundary(off), "{input:?}: {d}");
        }
    }
    if p.value.is_none() {
        assert!(
            p.errors().next().is_some(),
            "{input:?}: no value and no error"
        );
    }
}

fn parse_all(s: &str) {
    offsets_in_bounds(s, &ActeId::parse_diagnostics(s));
    offsets_in_bounds(s, &Siren::parse_diagnostics(s));
    offsets_in_bounds(s, &Departement::parse_diagnostics(s));
    offsets_in_bounds(s, &Arrondissement::parse_diagnostics(s));
    offsets_in_bounds(s, &NatureCollectivite::parse_diagnostics(s));
    offsets_in_bounds(s, &NatureActe::parse_diagnostics(s));
    offsets_in_bounds(s, &NumeroInterne::parse_diagnostics(s));
    offsets_in_bounds(s, &CodeMatiere::parse_diagnostics(s));
    offsets_in_bounds(s, &MessageCode::parse_diagnostics(s));
    assert_eq!(Siren::is_valid(s), Siren::parse_diagnostics(s).is_valid());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn siren_round_trips(x in siren()) {
        let s = x.to_string();
        prop_assert!(Siren::is_valid(&s));
        prop_assert_eq!(s.parse::<Siren>().unwrap(), x);
    }

    #[test]
    fn every_wrong_key_is_caught(x in siren(), k in 1u8..=9) {
        // Changing the check digit by k (mod 10) always breaks the key.
        let mut s = x.to_string().into_bytes();
        s[8] = b'0' + (s[8] - b'0' + k) % 10;
        let s = String::from_utf8(s).unwrap();
        prop_assert!(!Siren::is_valid(&s));
        prop_assert_eq!(s.parse::<Siren>().unwrap_err().codes(), vec!["ID-SIREN-CHECKSUM"]);
    }

    #[test]
    fn departement_round_trips(x in departement()) {
        prop_assert_eq!(x.to_string().parse::<Departement>().unwrap(), x);
    }

    #[test]
    fn numero_round_trips(x in numero()) {
        let p = NumeroInterne::parse_diagnostics(&x.to_string());
        prop_assert_eq!(p.value, Some(x));
        prop_assert_eq!(p.diagnostics.is_empty(), x.is_emission_valid());
    }

    #[test]
    fn code_matiere_round_trips(x in code_matiere()) {
        prop_assert_eq!(x.to_string().parse::<CodeMatiere>().unwrap(), x);
    }

    #[test]
    fn code_matiere_ignores_leading_zeros(x in code_matiere(), pad in prop::collection::vec(0usize..3, 5)) {
        let padded: Vec<String> = x
            .levels()
            .iter()
            .zip(&pad)
            .map(|(l, p)| format!("{}{l}", "0".repeat(*p)))
            .collect();
        prop_assert_eq!(padded.join(".").parse::<CodeMatiere>().unwrap(), x);
    }

    #[test]
    fn code_matiere_orders_numerically(a in code_matiere(), b in code_matiere()) {
        prop_assert_eq!(a.cmp(&b), a.levels().cmp(b.levels()));
    }

    #[test]
    fn acte_id_round_trips(x in acte_id()) {
        let s = x.to_string();
        prop_assert!(s.len() <= 41);
        let p = ActeId::parse_diagnostics(&s);
        prop_assert!(p.errors().next().is_none(), "{:?}", p.diagnostics);
        prop_assert_eq!(p.value, Some(x));
    }

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        parse_all(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..200)) {
        parse_all(&String::from_utf8_lossy(&b));
    }

    #[test]
    fn near_miss_strings_never_panic(s in "[0-9AB_ .a-z-]{0,60}") {
        parse_all(&s);
    }

    #[test]
    fn mutated_acte_ids_never_panic(x in acte_id(), pos in 0usize..41, c in any::<char>()) {
        let mut chars: Vec<char> = x.to_string().chars().collect();
        let i = pos % chars.len();
        chars[i] = c;
        let s: String = chars.into_iter().collect();
        parse_all(&s);
    }
}
