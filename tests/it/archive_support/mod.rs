//! Helpers shared by the transmission and archive tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use actes::container::read::{read_all, ReadLimits, Source};
use actes::ids::Typologie;
use actes::naming::Application;
use actes::transmission::*;
use chrono::NaiveDate;

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// A small well-formed one-page PDF with `text` on it.
pub fn pdf(text: &str) -> Vec<u8> {
    let stream = format!("BT /F1 12 Tf 72 770 Td ({text}) Tj ET\n");
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}endstream", stream.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .bytes(),
    );
    out
}

pub const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

pub fn collectivite() -> Collectivite {
    Collectivite {
        siren: "216204982".parse().expect("siren"),
        departement: "062".parse().expect("dept"),
        arrondissement: "7".parse().expect("arr"),
        nature: "31".parse().expect("nature"),
        referent: Some(Contact {
            nom: Some("Service des assemblées".into()),
            telephone: Some("0321000000".into()),
            email: Some("assemblees@example.fr".into()),
        }),
        adresses_retour: vec!["actes@example.fr".into()],
    }
}

pub fn typ(s: &str) -> Typologie {
    s.parse().expect("typologie")
}

pub fn lens_acte() -> NouvelActe {
    NouvelActe {
        nature: "DE".parse().expect("nature"),
        date: date("2022-12-14"),
        numero: "DLB12_14122022".parse().expect("numero"),
        objet: "Convention de partenariat entre la ville, l'Etablissement Public de Coopération Culturelle du Musée du Louvre-Lens et l'Education Nationale".into(),
        matiere: "8.9".parse().expect("matiere"),
        classification_date: date("2022-06-01"),
        papier: false,
        document: Piece::new(typ("99_DE"), DocumentContent::bytes(pdf("Deliberation"))),
        annexes: vec![Piece::new(typ("99_DE"), DocumentContent::bytes(pdf("Convention")))],
    }
}

pub fn with(contenu: Contenu) -> Transmission {
    Transmission {
        collectivite: collectivite(),
        transmetteur: Transmetteur {
            trigramme: "SLO".parse().expect("tri"),
            application: Application::EACT,
        },
        envoi: Envoi {
            date: date("2022-12-19"),
            sequence: 1,
        },
        contenu,
    }
}

pub fn lens() -> Transmission {
    with(Contenu::Acte(lens_acte()))
}

pub fn today() -> NaiveDate {
    date("2022-12-19")
}

pub fn options() -> ValidationOptions<'static> {
    ValidationOptions::new(today())
}

/// The entries of a tar.gz, in order.
pub fn entries(targz: &[u8]) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.tar.gz");
    std::fs::write(&path, targz).expect("write");
    let (entries, diags) = read_all(&Source::TarGz(path), &ReadLimits::default());
    assert!(diags.is_empty(), "{diags:?}");
    entries.into_iter().map(|e| (e.name, e.bytes)).collect()
}

/// `(code, path)` pairs of diagnostics.
pub fn codes(diags: &[actes::diagnostic::Diagnostic]) -> Vec<(String, String)> {
    diags
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                d.location.path.clone().unwrap_or_default(),
            )
        })
        .collect()
}

pub fn has(diags: &[actes::diagnostic::Diagnostic], code: &str, path: &str) -> bool {
    diags
        .iter()
        .any(|d| d.code.as_str() == code && d.location.path.as_deref().unwrap_or("") == path)
}

pub fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference")
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The files of a folder.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}
