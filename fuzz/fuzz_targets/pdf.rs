//! `pdf::stamp` on arbitrary bytes: never panics, stays within the limits,
//! and whatever it accepts it writes as an incremental update (the input is
//! a byte prefix of the output) that its own reader reads back.
#![no_main]

use actes::pdf::{page_count, stamp, Pages, PdfLimits, StampOptions, StampText};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = PdfLimits {
        max_file_bytes: 1 << 20,
        max_stream_bytes: 1 << 20,
        max_objects: 100_000,
        max_pages: 1_000,
        max_resolutions: 100_000,
        ..PdfLimits::default()
    };
    let options = StampOptions {
        pages: if data.first().is_some_and(|b| b & 1 == 1) {
            Pages::All
        } else {
            Pages::First
        },
        limits: limits.clone(),
        ..StampOptions::default()
    };
    let text = StampText {
        id_acte: "062-216204982-20221214-DLB12_14122022-DE".into(),
        ..StampText::default()
    };
    if let Ok(out) = stamp(data, &text, &options) {
        assert!(out.starts_with(data));
        let generous = PdfLimits::default();
        assert!(page_count(&out, &generous, "stamped").is_ok());
    }
});
