//! `CodeMatiere`: the lenient parser never panics; a parsed code has 1 to 5
//! positive levels, prints and parses back equal, and its parent, children
//! and act check never panic.
#![no_main]

use actes::ids::CodeMatiere;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let parsed = CodeMatiere::parse_diagnostics(&input);
    for d in &parsed.diagnostics {
        if let Some(offset) = d.location.offset {
            assert!(offset <= input.len());
        }
    }
    let Some(code) = parsed.value else { return };
    assert!((1..=5).contains(&code.depth()));
    assert!(code.levels().iter().all(|&l| l > 0));
    let again = CodeMatiere::parse_diagnostics(&code.to_string());
    assert_eq!(again.value, Some(code));
    assert_eq!(CodeMatiere::from_levels(code.levels()).ok(), Some(code));
    if let Some(parent) = code.parent() {
        assert!(parent.is_prefix_of(&code));
    }
    if let Some(child) = code.child(1) {
        assert!(code.is_prefix_of(&child));
    }
    let _ = code.check_for_act();
});
