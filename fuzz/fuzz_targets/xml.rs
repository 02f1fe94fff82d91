//! The XML reader with small limits, so that every limit is reached: it
//! never panics, and a document is returned only without errors.
#![no_main]

use actes::xml::{parse, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let small = Limits {
        max_document_bytes: 64 * 1024,
        max_depth: 8,
        max_attribute_len: 256,
        max_text_len: 1024,
        max_elements: 512,
        max_attributes: 8,
        max_namespaces: 8,
    };
    for limits in [Limits::default(), small] {
        let parsed = parse(data, &limits);
        if parsed.value.is_some() {
            assert!(!actes::diagnostic::has_errors(&parsed.diagnostics));
        } else {
            assert!(actes::diagnostic::has_errors(&parsed.diagnostics));
        }
    }
});
