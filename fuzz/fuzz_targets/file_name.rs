//! File names (`actes::naming`): every parser never panics, offsets stay
//! inside the name, and a recognised name prints and parses back equal.
#![no_main]

use actes::diagnostic::Parsed;
use actes::naming::{
    classify_name, AnomalyName, AnyName, ArchiveName, EnvelopeName, FileName, MiEnvelopeName,
};
use libfuzzer_sys::fuzz_target;

fn offsets_inside<T>(p: &Parsed<T>, input: &str) {
    for d in &p.diagnostics {
        if let Some(offset) = d.location.offset {
            assert!(offset <= input.len(), "{d:?} for {input:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let _ = classify_name(&input);
    let any = AnyName::parse_diagnostics(&input);
    offsets_inside(&any, &input);
    if let Some(name) = &any.value {
        let again = AnyName::parse_diagnostics(&name.to_string());
        assert_eq!(again.value.as_ref(), Some(name), "{input:?} -> {name}");
    }
    offsets_inside(&ArchiveName::parse_diagnostics(&input), &input);
    offsets_inside(&EnvelopeName::parse_diagnostics(&input), &input);
    offsets_inside(&MiEnvelopeName::parse_diagnostics(&input), &input);
    offsets_inside(&AnomalyName::parse_diagnostics(&input), &input);
    offsets_inside(&FileName::parse_diagnostics(&input), &input);
});
