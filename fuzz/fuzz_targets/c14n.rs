//! The canonicaliser (and the budget reader built on it), with the default
//! and with small limits: it never panics; what it accepts canonicalises to
//! UTF-8 that is its own canonical form (C14N is idempotent).
#![no_main]

use actes::xml::c14n::{to_vec, Comments};
use actes::xml::Limits;
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
        for comments in [Comments::Omit, Comments::Keep] {
            if let Ok(out) = to_vec(data, &limits, comments) {
                assert!(std::str::from_utf8(&out).is_ok());
                let again = to_vec(&out, &Limits::default(), comments);
                assert_eq!(again.ok().as_deref(), Some(&out[..]), "not idempotent");
            }
        }
    }
    let _ = actes::budget::inspect(data);
});
