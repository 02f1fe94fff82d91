//! `Message::parse` on arbitrary bytes never panics; a parsed message is
//! written back (strict writer) without panicking, and what the writer
//! emits parses again.
#![no_main]

use actes::messages::Message;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = Message::parse(data);
    let Some(message) = parsed.value else { return };
    let _ = message.code();
    let _ = message.id_acte();
    if let Ok(xml) = message.to_xml() {
        let again = Message::parse(&xml);
        assert!(
            again.value.is_some(),
            "written message does not parse again"
        );
    }
});
