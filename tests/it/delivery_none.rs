//! `delivery read` on a folder that holds no delivery (empty, or only a
//! mail body such as S2LOW's "mail-suite-multicanal"): not read, exit 1,
//! with a message that says so.

use std::path::Path;

use actes::delivery::Delivery;

fn codes(d: &Delivery) -> Vec<&'static str> {
    d.diagnostics.iter().map(|x| x.code.as_str()).collect()
}

#[test]
fn a_mail_body_alone_or_an_empty_folder_is_no_delivery() {
    let mail = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/samples/s2low/mail-suite-multicanal");
    let d = Delivery::read_path(&mail);
    assert_eq!(codes(&d), ["DELIV-NO-DELIVERY"]);
    assert!(d.diagnostics[0].message_en.contains("message_body.html"));
    assert!(!d.is_read());
    let empty = tempfile::tempdir().unwrap();
    let d = Delivery::read_path(empty.path());
    assert_eq!(codes(&d), ["DELIV-NO-DELIVERY"]);
    assert!(d.diagnostics[0].message_en.contains("it is empty"));
    // A delivery without envelope is still read (with a warning).
    let no_envelope = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/samples/s2low/test-message-anomalie");
    let d = Delivery::read_path(&no_envelope);
    assert!(d.is_read(), "{:?}", d.diagnostics);

    #[cfg(feature = "cli")]
    {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_actes"))
            .args(["delivery", "read", mail.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&o.stdout).contains("DELIV-NO-DELIVERY"));
    }
}
