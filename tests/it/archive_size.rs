//! The archive's own overhead never refuses a set of documents within the
//! cap when compression brings the archive under it; and what compresses
//! is compressed, what does not is stored.

use std::path::Path;

use actes::archive::{build, build_to_dir_with_level, BuildError};
use actes::container::Overwrite;
use actes::transmission::*;

use crate::archive_support::{date, lens_acte, typ, with};
use flate2::Compression;

/// The Lens act of the shared fixtures, as a budget with one document of
/// the given bytes and no annex.
fn transmission(pdf: Vec<u8>) -> Transmission {
    let mut acte = lens_acte();
    acte.objet = "Budget primitif".into();
    acte.matiere = "7.1".parse().expect("matiere");
    acte.document = Piece::new(typ("99_DE"), DocumentContent::bytes(pdf));
    acte.annexes = vec![];
    with(Contenu::Acte(acte))
}

/// A PDF of exactly `len` bytes: uncompressed text pages, or noise.
fn pdf(len: usize, text: bool) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut i = 0u64;
    while v.len() < len {
        i += 1;
        if text {
            v.extend_from_slice(
                format!(
                    "BT /F1 12 Tf 72 {} Td (Ligne {i} du budget) Tj ET\n",
                    i % 700
                )
                .as_bytes(),
            );
        } else {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v.extend_from_slice(&x.to_le_bytes());
        }
    }
    v.truncate(len - 7);
    v.extend_from_slice(b"\n%%EOF\n");
    v
}

const CAP: u64 = 4 * 1024 * 1024;

/// The size of the two XML files of the archive.
fn xml_size() -> u64 {
    let today = ValidationOptions::new(date("2022-12-19"));
    let (_, built) = build(&transmission(pdf(100, true)), &today, Vec::new()).expect("built");
    built.manifest.entries.iter().take(2).map(|e| e.size).sum()
}

fn build_at(level: u32, text: bool) -> Result<u64, BuildError> {
    let len = usize::try_from(CAP - xml_size()).expect("size");
    let t = transmission(pdf(len, text));
    let options = ValidationOptions::new(date("2022-12-19")).with_max_total_size(CAP);
    let dir = tempfile::tempdir().expect("tempdir");
    let r = build_to_dir_with_level(
        &t,
        &options,
        dir.path(),
        Overwrite::Never,
        Compression::new(level),
    );
    r.map(|(path, built)| {
        assert_eq!(
            std::fs::metadata(Path::new(&path)).map(|m| m.len()).ok(),
            Some(built.manifest.size)
        );
        built.manifest.size
    })
}

fn too_large(r: Result<u64, BuildError>) -> bool {
    matches!(r, Err(e) if e.diagnostics().iter().any(|d| d.code.as_str() == "ACTE-ARCHIVE-TOO-LARGE"))
}

#[test]
fn files_exactly_at_the_cap_fit_when_they_compress() {
    // Stored, the tar headers and block headers put the archive over the cap.
    assert!(too_large(build_at(0, true)));
    // Compressed (the default), the same files give a small archive.
    let size = build_at(6, true).expect("built under the cap");
    assert!(size < CAP / 4, "{size}");
    // Noise cannot be compressed: the archive's overhead stays.
    assert!(too_large(build_at(6, false)));
}
