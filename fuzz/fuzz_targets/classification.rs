//! `Classification::parse` on arbitrary bytes never panics; a parsed
//! classification can be walked, checked and diffed against the national
//! one without panicking.
#![no_main]

use actes::classification::Classification;
use actes::ids::NatureActe;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = Classification::parse(data);
    let Some(c) = parsed.value else { return };
    for m in c.iter() {
        let _ = c.label_path(m.code());
        let _ = c.check_for_act(m.code());
    }
    for code in 1..=6u8 {
        if let Ok(nature) = NatureActe::try_from(code.to_string().as_str()) {
            let _ = c.check_nature(nature);
            let _ = c.allowed_typologies(nature);
            let _ = c.check_typologie(nature, "99_DE");
        }
    }
    let _ = c.diff(Classification::national());
    let _ = Classification::national().diff(&c);
});
