//! The archive's own overhead never refuses a set of documents within the
//! cap when compression brings the archive under it; and what compresses
//! is compressed, what does not is stored.

use std::path::Path;

use actes::archive::{build, build_to_dir_with_level, BuildError};
use actes::container::Overwrite;
use actes::naming::Application;
use actes::transmission::*;
use chrono::NaiveDate;
use flate2::Compression;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn transmission(pdf: Vec<u8>) -> Transmission {
    Transmission {
        collectivite: Collectivite {
            siren: "216204982".parse().expect("siren"),
            departement: "062".parse().expect("dep"),
            arrondissement: "7".parse().expect("arr"),
            nature: "31".parse().expect("nature"),
            referent: None,
            adresses_retour: vec!["actes@example.fr".into()],
        },
        transmetteur: Transmetteur {
            trigramme: "SLO".parse().expect("tri"),
            application: Application::EACT,
        },
        envoi: Envoi {
            date: date("2022-12-19"),
            sequence: 1,
        },
        contenu: Contenu::Acte(NouvelActe {
            nature: "DE".parse().expect("nature"),
            date: date("2022-12-14"),
            numero: "DLB12_14122022".parse().expect("numero"),
            objet: "Budget primitif".into(),
            matiere: "7.1".parse().expect("matiere"),
            classification_date: date("2022-06-01"),
            papier: false,
            document: Piece::new(
                "99_DE".parse().expect("typologie"),
                DocumentContent::bytes(pdf),
            ),
            annexes: vec![],
        }),
    }
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
