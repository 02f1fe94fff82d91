//! DIAGNOSTICS.md is the catalogue of codes, generated from the code.
//! Regenerate with `UPDATE_DIAGNOSTICS=1 cargo test --test it diagnostics_catalogue`.

#[test]
fn diagnostics_md_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("DIAGNOSTICS.md");
    let expected = actes::diagnostic::catalogue_markdown();
    if std::env::var_os("UPDATE_DIAGNOSTICS").is_some() {
        std::fs::write(&path, &expected).expect("write DIAGNOSTICS.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "DIAGNOSTICS.md is out of date: run `UPDATE_DIAGNOSTICS=1 cargo test --test it diagnostics_catalogue`"
    );
}
