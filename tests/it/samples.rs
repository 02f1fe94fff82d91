//! Walking `../shared/reference/samples/`: one walker for every test that
//! goes over the ACTES samples.
//!
//! `samples/totem/` holds TotEM budget documents (`DocumentBudgetaire`),
//! which are the *content* of a budget act, not ACTES messages or file
//! names: the ACTES walks leave that folder out, and the budget tests read it.

use std::path::{Path, PathBuf};

/// The folder of TotEM budget documents under `samples/`.
pub const TOTEM_DIR: &str = "totem";

/// Every file under `dir` (sorted) for which `keep` holds, leaving out the
/// TotEM folder.
pub fn actes_files(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != TOTEM_DIR) {
                actes_files(&p, keep, out);
            }
        } else if keep(&p) {
            out.push(p);
        }
    }
}

/// Every ACTES XML file under `dir`, leaving out the TotEM folder.
pub fn actes_xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    actes_files(dir, &|p| p.extension().is_some_and(|e| e == "xml"), out);
}

#[test]
fn the_totem_folder_exists_and_is_left_out() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples");
    assert!(dir.join(TOTEM_DIR).is_dir());
    let mut files = Vec::new();
    actes_xml_files(&dir, &mut files);
    assert!(files.len() >= 40);
    assert!(files
        .iter()
        .all(|f| !f.components().any(|c| c.as_os_str() == TOTEM_DIR)));
}
