//! The receipt sheet read back with poppler (`pdftotext`, `pdfinfo`): one A4
//! page, French, every field of the act. Without poppler-utils the test
//! prints a notice and skips, except under `CI=true`, where it fails.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::Command;

use actes::container::Overwrite;
use actes::record::ActRecord;

use super::stamp_support::{have, lens, lens_fixtures, run};

fn sheet_cli(args: &[&Path], out: &Path) -> i32 {
    super::cli_support::actes_command()
        .args(["receipt", "sheet"])
        .args(args)
        .arg("--out")
        .arg(out)
        .status()
        .expect("actes runs")
        .code()
        .unwrap_or(-1)
}

#[test]
fn sheet_has_every_field_in_french_on_one_a4_page() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (archive, ar, proof) = lens(dir.path());
    let from_bundle = dir.path().join("sheet-bundle.pdf");
    assert_eq!(sheet_cli(&[&proof], &from_bundle), 0);
    let info = run(Command::new("pdfinfo").arg(&from_bundle));
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "{info}"
    );
    assert!(info.contains("595 x 842 pts (A4)"), "{info}");
    let text = run(Command::new("pdftotext")
        .arg("-layout")
        .arg(&from_bundle)
        .arg("-"));
    let record = ActRecord::from_bundle(&proof, &Default::default()).expect("record");
    let act = &record.manifest.act;
    let mut expected = vec![
        "Bordereau d'acquittement de transaction".to_string(),
        "216204982".into(),
        act.id_acte.clone(),
        "Délibérations (DE)".into(),
        "8.9 Domaines de compétences par thèmes › Culture".into(),
        "DLB12_14122022".into(),
        "Musée du Louvre-Lens".into(),
        "Envoyé en préfecture le".into(),
        "Reçu en préfecture le".into(),
        act.decision_date.format("%d/%m/%Y").to_string(),
        act.reception_date
            .expect("acknowledged")
            .format("%d/%m/%Y")
            .to_string(),
        "acquitté".into(),
        "Fin du délai de recours du préfet".into(),
        act.window_end
            .expect("window")
            .format("%d/%m/%Y")
            .to_string(),
        record.manifest.archive.sha256.clone(),
    ];
    for f in record.manifest.files.iter().filter(|f| f.role.is_sent()) {
        expected.push(f.name.clone());
        expected.push(f.sha256.clone());
    }
    for e in &expected {
        assert!(text.contains(e.as_str()), "{e:?} not in\n{text}");
    }

    // The archive and its acknowledgement give the same sheet, byte for byte.
    let from_archive = dir.path().join("sheet-archive.pdf");
    assert_eq!(sheet_cli(&[&archive, &ar], &from_archive), 0);
    assert_eq!(
        std::fs::read(&from_bundle).expect("a"),
        std::fs::read(&from_archive).expect("b")
    );
    // An existing file is not replaced.
    assert_eq!(sheet_cli(&[&proof], &from_bundle), 1);
}

#[test]
fn many_files_still_fit_on_one_page() {
    if !have("pdfinfo") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, _, proof) = lens(dir.path());
    let mut record = ActRecord::from_bundle(&proof, &Default::default()).expect("record");
    let annex = record
        .manifest
        .files
        .iter()
        .find(|f| f.role == actes::bundle::Role::Annex)
        .cloned()
        .expect("an annex");
    for i in 0..60 {
        let mut f = annex.clone();
        f.name = format!("annexe-{i:02}-{}", annex.name);
        record.manifest.files.push(f);
    }
    record.manifest.act.objet = "Très long objet ".repeat(80);
    let out = dir.path().join("long.pdf");
    actes::sheet::write_sheet(&record, &out, Overwrite::Never).expect("written");
    let info = run(Command::new("pdfinfo").arg(&out));
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "{info}"
    );
    if have("pdftotext") {
        let text = run(Command::new("pdftotext").arg(&out).arg("-"));
        assert!(
            text.contains("autres fichiers (voir le dossier de preuve)"),
            "{text}"
        );
    }
}

#[test]
fn demo_shows_the_stamped_act_and_the_receipt_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("demo");
    let o = super::cli_support::actes_command()
        .args(["demo", "--out"])
        .arg(&out)
        .output()
        .expect("demo runs");
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{text}");
    let id = "062-216204982-20221214-DLB12_14122022-DE";
    let stamped = out.join(format!("{id}-stamped.pdf"));
    let sheet = out.join(format!("{id}-bordereau.pdf"));
    assert!(text.contains(&stamped.display().to_string()), "{text}");
    assert!(text.contains(&sheet.display().to_string()), "{text}");
    assert!(
        text.contains("     Reçu en préfecture le 19/12/2022"),
        "{text}"
    );
    let original = std::fs::read(lens_fixtures().join("deliberation.pdf")).expect("fixture");
    let stamped_bytes = std::fs::read(&stamped).expect("stamped");
    assert!(stamped_bytes.len() > original.len() && stamped_bytes.starts_with(&original));
    if have("pdftotext") {
        let t = run(Command::new("pdftotext").arg(&stamped).arg("-"));
        assert!(t.contains(&format!("ID : {id}")), "{t}");
        let t = run(Command::new("pdftotext").arg(&sheet).arg("-"));
        assert!(t.contains("Bordereau d'acquittement de transaction"), "{t}");
    }
}
