//! Issue 12, emission side: a message's name against the act inside it
//! (`archive check`), the sending date against the act's and the letter's
//! dates, and answer names carrying the letter's date (S2LOW's convention).

use crate::archive_support;

use std::path::Path;

use actes::archive::{build, check_source, CheckOptions, CheckReport};
use actes::container::read::Source;
use actes::transmission::*;
use archive_support::*;

fn lens_files() -> Vec<(String, Vec<u8>)> {
    let (bytes, _) = actes::archive::build(&lens(), &options(), Vec::new()).expect("build");
    entries(&bytes)
}

fn check_memory(files: Vec<(String, Vec<u8>)>) -> CheckReport {
    check_source(
        &Source::Memory(files),
        None,
        None,
        &CheckOptions::new(today()),
    )
}

fn found(r: &CheckReport) -> Vec<(String, String)> {
    r.diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                d.location.file.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Replaces `from` by `to` in every name and every content.
fn rename(files: &[(String, Vec<u8>)], from: &str, to: &str) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|(n, b)| {
            let mut out = Vec::with_capacity(b.len());
            let mut i = 0;
            while i < b.len() {
                if b[i..].starts_with(from.as_bytes()) {
                    out.extend_from_slice(to.as_bytes());
                    i += from.len();
                } else {
                    out.push(b[i]);
                    i += 1;
                }
            }
            (n.replace(from, to), out)
        })
        .collect()
}

#[test]
fn the_built_archive_has_no_name_finding() {
    let r = check_memory(lens_files());
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn another_numero_and_nature_in_the_names_is_an_error() {
    // Every name (and the envelope's and the message's NomFichier) says
    // numéro AUTRE_1 and nature AI; the act inside is DLB12_14122022, DE.
    let files = rename(&lens_files(), "DLB12_14122022-DE", "AUTRE_1-AI");
    let r = check_memory(files);
    let f = found(&r);
    let message = "062-216204982-20221214-AUTRE_1-AI-1-1_0.xml";
    assert!(
        f.contains(&("ARCH-CHECK-NAME-MISMATCH".to_string(), message.to_string())),
        "{f:?}"
    );
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "ARCH-CHECK-NAME-MISMATCH")
        .unwrap();
    assert!(d
        .message_en
        .contains("numéro AUTRE_1 instead of DLB12_14122022"));
    assert!(d.message_en.contains("nature AI instead of DE"));
    assert!(!r.valid);
}

#[test]
fn another_date_alone_is_a_warning() {
    // The names carry the sending date (19 December), the act is of 14.
    let files = rename(&lens_files(), "20221214-DLB12", "20221219-DLB12");
    let r = check_memory(files);
    assert_eq!(
        found(&r),
        [(
            "ARCH-CHECK-NAME-DATE".to_string(),
            "062-216204982-20221219-DLB12_14122022-DE-1-1_0.xml".to_string()
        )]
    );
    assert!(r.valid);
}

#[test]
fn the_s2low_fixture_names_de_an_act_of_nature_cc() {
    // SPEC §10.5 example B: the names say DE, the XML CodeNatureActe="4".
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples/s2low");
    let files: Vec<(String, Vec<u8>)> = [
        "EACT--214502494--20170717-6.xml",
        "045-214502494-20170717-D201717-DE-1-1_0.xml",
    ]
    .iter()
    .map(|n| (n.to_string(), std::fs::read(dir.join(n)).unwrap()))
    .collect();
    let r = check_memory(files);
    let d: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "ARCH-CHECK-NAME-MISMATCH")
        .collect();
    assert_eq!(d.len(), 1, "{:?}", r.diagnostics);
    assert!(
        d[0].message_en.contains("nature DE instead of CC"),
        "{}",
        d[0].message_en
    );
}

fn errors_at(t: &Transmission) -> Vec<(String, String)> {
    t.validate(&options())
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            (
                d.code.as_str().to_string(),
                d.location.path.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn answer(kind: ReponseType, letter: &str) -> Transmission {
    with(Contenu::Reponse(Reponse {
        kind,
        id_acte: "062-216204982-20221214-DLB12_14122022-DE".parse().unwrap(),
        date_courrier: date(letter),
        documents: (0..kind.documents().0)
            .map(|i| {
                Piece::new(
                    typ("99_DE"),
                    DocumentContent::bytes(pdf(&format!("piece {i}"))),
                )
            })
            .collect(),
    }))
}

#[test]
fn sending_date_against_decision_letter_and_today() {
    let sent = |t: &mut Transmission, d: &str| t.envoi.date = date(d);
    // Before the decision (14 December).
    let mut t = lens();
    sent(&mut t, "2022-12-13");
    assert_eq!(
        errors_at(&t),
        [(
            "ACTE-SENT-BEFORE-DECISION".to_string(),
            "envoi/date".to_string()
        )]
    );
    // After today (19 December).
    let mut t = lens();
    sent(&mut t, "2022-12-20");
    assert_eq!(
        errors_at(&t),
        [("ACTE-SENT-FUTURE".to_string(), "envoi/date".to_string())]
    );
    // An answer before the letter it answers (16 December), and one
    // before the act.
    for kind in ReponseType::ALL {
        let mut t = answer(kind, "2022-12-16");
        assert!(errors_at(&t).is_empty(), "{kind:?}: {:?}", errors_at(&t));
        sent(&mut t, "2022-12-15");
        assert_eq!(
            errors_at(&t),
            [(
                "ACTE-SENT-BEFORE-LETTER".to_string(),
                "envoi/date".to_string()
            )],
            "{kind:?}"
        );
        sent(&mut t, "2022-12-13");
        let e = errors_at(&t);
        assert!(
            e.contains(&(
                "ACTE-SENT-BEFORE-DECISION".to_string(),
                "envoi/date".to_string()
            )),
            "{kind:?}: {e:?}"
        );
    }
}

#[test]
fn answer_names_carry_the_letter_date_and_check_clean() {
    let t = answer(ReponseType::ALL[0], "2022-12-16");
    let (bytes, _) = build(&t, &options(), Vec::new()).expect("build");
    let files = entries(&bytes);
    assert!(
        files
            .iter()
            .skip(1)
            .all(|(n, _)| n.contains("-20221216-DLB12_14122022-DE-")),
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let r = check_memory(files);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn a_hyphen_in_the_numero_is_one_error_not_also_warnings() {
    let files = rename(&lens_files(), "DLB12_14122022", "DLB12-14122022");
    let r = check_memory(files);
    let hyphen: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "ID-NUMERO-HYPHEN")
        .map(|d| (d.severity, d.location.path.clone()))
        .collect();
    assert_eq!(
        hyphen,
        [(
            actes::diagnostic::Severity::Error,
            Some("Acte/@NumeroInterne".to_string())
        )],
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn an_arrondissement_unknown_for_its_departement_is_a_warning_on_emission() {
    // Pas-de-Calais (062) has arrondissements 1 to 7.
    let mut t = lens();
    t.collectivite.arrondissement = "8".parse().unwrap();
    let found: Vec<_> = t
        .validate(&options())
        .into_iter()
        .map(|d| (d.code.as_str(), d.is_error(), d.location.path))
        .collect();
    assert_eq!(
        found,
        [(
            "ID-ARRONDISSEMENT-UNKNOWN",
            false,
            Some("collectivite/arrondissement".to_string())
        )]
    );
    // The archive check says the same of the envelope's IDCL.
    let files = rename(
        &lens_files(),
        r#"Arrondissement="7""#,
        r#"Arrondissement="8""#,
    );
    let r = check_memory(files);
    assert_eq!(
        found_codes(&r),
        ["ID-ARRONDISSEMENT-UNKNOWN"],
        "{:?}",
        r.diagnostics
    );
}

fn found_codes(r: &CheckReport) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code.as_str()).collect()
}
