//! Every identifier type of `actes::ids`: the lenient parser never panics,
//! offsets stay inside the input, and a parsed value prints to a string
//! that parses back to the same value.
#![no_main]

use actes::diagnostic::Parsed;
use actes::ids::{
    ActeId, Arrondissement, CodeMatiere, Departement, MessageCode, NatureActe, NatureCollectivite,
    NumeroInterne, Siren,
};
use libfuzzer_sys::fuzz_target;

fn check<T: PartialEq + std::fmt::Debug + std::fmt::Display>(
    input: &str,
    parse: fn(&str) -> Parsed<T>,
) {
    let parsed = parse(input);
    for d in &parsed.diagnostics {
        if let Some(offset) = d.location.offset {
            assert!(offset <= input.len(), "{d:?} for {input:?}");
        }
    }
    if let Some(value) = parsed.value {
        let again = parse(&value.to_string());
        assert_eq!(again.value.as_ref(), Some(&value), "{input:?} -> {value}");
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    check(&input, ActeId::parse_diagnostics);
    check(&input, Siren::parse_diagnostics);
    check(&input, Departement::parse_diagnostics);
    check(&input, Arrondissement::parse_diagnostics);
    check(&input, NatureCollectivite::parse_diagnostics);
    check(&input, NatureActe::parse_diagnostics);
    check(&input, NumeroInterne::parse_diagnostics);
    check(&input, CodeMatiere::parse_diagnostics);
    check(&input, MessageCode::parse_diagnostics);
});
