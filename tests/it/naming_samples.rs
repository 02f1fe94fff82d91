//! The worked examples of SPEC §10.5, and every file name of the reference
//! samples: the files themselves, the entries of the sample archive, and the
//! `NomFichier` texts found in the sample XML.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use actes::ids::Typologie;
use actes::ids::{ActeId, MessageCode, NatureActe};
use actes::naming::{
    archive_name, classification_request_name, classify_name, document_file_name, envelope_name,
    message_file_name, AnyName, Application, ArchiveName, EnvelopeName, Extension, FileName,
    MiEnvelopeName, NameKind, Trigramme,
};
use chrono::NaiveDate;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

fn code(s: &str) -> MessageCode {
    s.parse().expect("valid message code")
}

// ------------------------------------------------------------- Example A

#[test]
fn worked_example_a() {
    // Act D201717, nature 3 (AI), decision 2017-07-17, SIREN 214502494 in
    // 045; sixth envelope of 2017-07-17, trigramme SLO; act typed 99_AI,
    // one PNG annex typed 22_PN.
    let day = NaiveDate::from_ymd_opt(2017, 7, 17).expect("valid");
    let siren = "214502494".parse().expect("valid");
    let dep = "045".parse().expect("valid");
    let tri: Trigramme = "SLO".parse().expect("valid");
    let id = ActeId::new(
        dep,
        siren,
        day,
        "D201717".parse().expect("valid"),
        NatureActe::from_code(3).expect("nature 3"),
    )
    .expect("valid");
    let act_type: Typologie = "99_AI".parse().expect("valid");
    let annex_type: Typologie = "22_PN".parse().expect("valid");

    let archive = archive_name(tri, Application::EACT, siren, day, 6).expect("valid");
    assert_eq!(archive, "SLO-EACT--214502494--20170717-6.tar.gz");
    let envelope = envelope_name(Application::EACT, siren, day, 6).expect("valid");
    assert_eq!(envelope, "EACT--214502494--20170717-6.xml");
    let a: ArchiveName = archive.parse().expect("valid");
    assert_eq!(a.envelope_name().to_string(), envelope);

    let message = message_file_name(id, code("1-1"), 0).expect("valid");
    assert_eq!(message, "045-214502494-20170717-D201717-AI-1-1_0.xml");
    let act =
        document_file_name(Some(act_type), id, code("1-1"), 1, Extension::Pdf).expect("valid");
    assert_eq!(act, "99_AI-045-214502494-20170717-D201717-AI-1-1_1.pdf");
    let annex = document_file_name(
        Some(annex_type),
        id,
        code("1-1"),
        2,
        Extension::from_content_type("image/png").expect("png"),
    )
    .expect("valid");
    assert_eq!(annex, "22_PN-045-214502494-20170717-D201717-AI-1-1_2.png");
    assert_eq!(id.to_string(), "045-214502494-20170717-D201717-AI");
    let cancel = message_file_name(id, code("6-1"), 0).expect("valid");
    assert_eq!(cancel, "045-214502494-20170717-D201717-AI-6-1_0.xml");
    let classif = classification_request_name(dep, siren).expect("valid");
    assert_eq!(classif, "045-214502494----7-1_0.xml");

    // Every name reads back as its kind, and the stems give back the act.
    let expected = [
        (&archive, NameKind::Archive),
        (&envelope, NameKind::ClEnvelope),
        (&message, NameKind::Message),
        (&act, NameKind::Document),
        (&annex, NameKind::Document),
        (&cancel, NameKind::Message),
        (&classif, NameKind::Message),
    ];
    for (name, kind) in expected {
        assert_eq!(classify_name(name), kind, "{name}");
        let p = AnyName::parse_diagnostics(name);
        assert!(
            p.is_valid() && p.diagnostics.is_empty(),
            "{name}: {:?}",
            p.diagnostics
        );
    }
    for name in [&message, &act, &annex, &cancel] {
        let f: FileName = name.parse().expect("valid");
        assert_eq!(f.acte_id(), Some(id), "{name}");
    }
    let f: FileName = annex.parse().expect("valid");
    assert_eq!(f.typologie(), Some(annex_type));
    assert_eq!(f.counter(), Some(2));
}

// ------------------------------------------------------------- Example C

#[test]
fn worked_example_c() {
    let env: MiEnvelopeName = "TACT--SPREF0011-862614864-20150805-7.xml"
        .parse()
        .expect("valid");
    assert_eq!(env.application(), Application::TACT);
    assert_eq!(env.emetteur().to_string(), "SPREF0011");
    assert_eq!(
        env.emetteur()
            .departement()
            .map(|d| d.to_string())
            .as_deref(),
        Some("001")
    );
    assert_eq!(env.siren().as_str(), "862614864");
    assert_eq!(env.sequence(), 7);

    let id: ActeId = "001-862614864-20150805-20150805B-AI"
        .parse()
        .expect("valid");
    for (name, kind, k) in [
        (
            "001-862614864-20150805-20150805B-AI-2-1_0.xml",
            NameKind::Message,
            0,
        ),
        (
            "001-862614864-20150805-20150805B-AI-2-1_1.pdf",
            NameKind::Document,
            1,
        ),
    ] {
        let f: FileName = name.parse().expect("valid");
        assert_eq!(f.kind(), kind);
        assert_eq!(f.counter(), Some(k));
        assert_eq!(f.message_code(), Some(code("2-1")));
        assert_eq!(f.acte_id(), Some(id));
    }

    let ar: FileName = "006-210600235-20180522-684-AI-1-2_5279.xml"
        .parse()
        .expect("valid");
    assert_eq!(ar.message_code(), Some(code("1-2")));
    assert_eq!(ar.counter(), Some(5279));
    assert_eq!(ar.numero_str(), "684");
    let echo: FileName = "99_DE-006-210600235-20180522-684-AI-1-1_1.pdf"
        .parse()
        .expect("valid");
    assert_eq!(echo.typologie_str(), Some("99_DE"));
    assert_eq!(echo.acte_id(), ar.acte_id());
    assert!(echo.matches_acte(&ar.acte_id().expect("complete")));
}

// ------------------------------------------------------ sample file names

/// The kind expected for each file name found under `samples/` (and inside
/// its archive). A name missing here fails the test, so a new sample is
/// never silently ignored.
fn expected_kinds() -> BTreeMap<&'static str, NameKind> {
    use NameKind::*;
    let mut m = BTreeMap::new();
    for name in [
        "actes__1-1_Acte.xml",
        "actes__1-2_ARActe.xml",
        "actes__1-3_AnomalieActe.xml",
        "actes__6-1_Annulation.xml",
        "actes__6-2_ARAnnulation.xml",
        "actes__7-1_DemandeClassification.xml",
        "actes__7-2_RetourClassification.xml",
        "actes__7-3_ReponseClassificationSansChangement.xml",
        "lettreObservations__4-1_LettreObservations.xml",
        "lettreObservations__4-2_ARLO.xml",
        "lettreObservations__4-3_RejetLO.xml",
        "lettreObservations__4-4_ReponseLO.xml",
        "lettreObservations__4-5_ARReponseRejetLO.xml",
        "lettreObservations__5-1_DefereTA.xml",
        "piecesComplementaires__3-1_DemandePC.xml",
        "piecesComplementaires__3-2_ARDemandePC.xml",
        "piecesComplementaires__3-3_RefusEnvoiPC.xml",
        "piecesComplementaires__3-4_EnvoiPC.xml",
        "piecesComplementaires__3-5_AREnvoiPC.xml",
        "piecesComplementaires__EnveloppeMICL.xml",
        "aractes.xml",
        "courrier_simple.tar.gz",
        "fakeTdt-ar-actes-invalid.xml",
        "fichier-metier-signe.xml",
    ] {
        m.insert(name, Unrecognised);
    }
    for name in [
        "034-491011698-20171207-CL20171227_06-DE-1-1_0.xml",
        "034-491011698-20171207-CL20171227_06-DE-1-2.xml",
        "001-000000000-20170130-TEST42-DE-1-2_0.xml",
        "045-214502494-20170717-D201717-DE-1-1_0.xml",
        "001-000000000-20170130-TEST42-DE-3-3_0.xml",
        "001-000000000-20170130-TEST42-DE-3-4_0.xml",
        "034-000000000-20170701-20170721D-AI-1-2_0.xml",
        "034-000000000-20170701-20170725A-AI-2-1_17.xml",
        "034-000000000-20170701-20170725A-AI-2-1_0.xml",
        "034-000000000-20170701-20170725A-AI-5-1_0.xml",
        "034-000000000-20170701-20170721D-AI-1-3_0.xml",
        "001-862614864-20150805-20150805B-AI-2-1_0.xml",
    ] {
        m.insert(name, Message);
    }
    m.insert("001-862614864-20150805-20150805B-AI-2-1_1.pdf", Document);
    for name in [
        "EACT--214502494--20170717-6.xml",
        "TACT--000000000--20181024-3.xml",
    ] {
        m.insert(name, ClEnvelope);
    }
    for name in [
        "TACT--SPREF0011-000000000-20170721-4.xml",
        "TACT--SPREF0011-000000000-20170725-1.xml",
        "TACT--SPREF0011-000000000-20170725-4.xml",
        "TACT--SPREF0011-862614864-20150805-7.xml",
    ] {
        m.insert(name, MiEnvelope);
    }
    m.insert("ANO_EACT--210703385--20170612-2.xml", Anomaly);
    m
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    crate::samples::actes_files(
        dir,
        &|p| p.file_name().is_some_and(|n| n != "message_body.html"),
        out,
    );
}

fn tar_entry_names(path: &Path) -> Vec<String> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("readable"))
        .read_to_end(&mut bytes)
        .expect("gzip");
    let mut archive = tar::Archive::new(bytes.as_slice());
    archive
        .entries()
        .expect("tar")
        .map(|e| {
            let e = e.expect("entry");
            e.path().expect("path").to_string_lossy().into_owned()
        })
        .collect()
}

/// Checks one name against its expected kind: a protocol name parses to a
/// value of that kind whose `Display` gives the name back, with no error
/// except the documented ones; anything else is unrecognised.
fn check_name(name: &str, kind: NameKind) {
    assert_eq!(classify_name(name), kind, "{name}");
    let p = AnyName::parse_diagnostics(name);
    if kind == NameKind::Unrecognised {
        assert!(p.value.is_none(), "{name}");
        return;
    }
    let errors: Vec<_> = p.errors().map(|d| d.code.as_str()).collect();
    let expected_errors: &[&str] = if name.starts_with("069-123456789-") {
        &["ID-SIREN-CHECKSUM"] // a test fixture's made-up SIREN
    } else {
        &[]
    };
    assert_eq!(errors, expected_errors, "{name}: {:?}", p.diagnostics);
    let v = p.value.unwrap_or_else(|| panic!("{name}: no value"));
    assert_eq!(v.kind(), kind, "{name}");
    if let AnyName::File(f) = &v {
        assert_eq!(f.to_string(), name);
        assert!(f.message_code().is_some(), "{name}");
    } else {
        assert_eq!(v.to_string(), name);
    }
}

#[test]
fn every_sample_file_name_has_its_kind() {
    let expected = expected_kinds();
    let mut files = Vec::new();
    walk(&samples(), &mut files);
    assert!(files.len() >= 40, "found only {} files", files.len());
    let mut seen = 0;
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        let kind = *expected
            .get(name)
            .unwrap_or_else(|| panic!("{name}: no expected kind listed"));
        check_name(name, kind);
        seen += 1;
        if name.ends_with(".tar.gz") {
            for entry in tar_entry_names(path) {
                let kind = *expected
                    .get(entry.as_str())
                    .unwrap_or_else(|| panic!("{entry}: no expected kind listed"));
                check_name(&entry, kind);
                seen += 1;
            }
        }
    }
    assert_eq!(seen, files.len() + 3, "the sample archive has 3 entries");
}

/// Every `NomFichier` text of the sample XML files (extracted once with
/// `grep -rhoa '<[a-zA-Z0-9]*:\?NomFichier>[^<]*<' samples/`).
const NOM_FICHIER: &[&str] = &[
    "001-000000000-20170130-TEST42-DE-1-1_1.pdf",
    "001-000000000-20170130-TEST42-DE-1-1_2.png",
    "001-000000000-20170130-TEST42-DE-1-1_3.pdf",
    "001-000000000-20170130-TEST42-DE-3-3_1.pdf",
    "001-000000000-20170130-TEST42-DE-3-4_1.pdf",
    "001-000000000-20170130-TEST42-DE-3-4_2.pdf",
    "002-000000000-20181016-201810241022-AI-1-1_0.xml",
    "007-210703385-20170519-2017_048-DE-1-1_0.xml",
    "034-000000000-20170701-20170721D-AI-1-1_1.pdf",
    "034-000000000-20170701-20170721D-AI-1-2_0.xml",
    "034-000000000-20170701-20170721D-AI-1-3_0.xml",
    "034-000000000-20170701-20170725A-AI-2-1_0.xml",
    "034-000000000-20170701-20170725A-AI-2-1_1.pdf",
    "034-000000000-20170701-20170725A-AI-2-1_16.pdf",
    "034-000000000-20170701-20170725A-AI-2-1_17.xml",
    "034-000000000-20170701-20170725A-AI-5-1_0.xml",
    "034-000000000-20170701-20170725A-AI-5-1_1.pdf",
    "034-000000000-20170801-20170803E-AI-1-1_1.pdf",
    "045-214502494-20170717-D201717-DE-1-1_0.xml",
    "045-214502494-20170717-D201717-DE-1-1_1.pdf",
    "069-123456789-20130601-20130623C-AI-1-1_1.pdf",
    "32_DP-034-491011698-20171207-CL20171227_06-DE-1-1_1.pdf",
];

/// `NomFichier` texts of the 2003 examples and of some fixtures: free names,
/// not protocol names.
const NOM_FICHIER_FREE: &[&str] = &[
    "3-1_DemandePC.xml",
    "Courrier_defere.pdf",
    "RejetLO.pdf",
    "acte.pdf",
    "annexe_acte.pdf",
    "courrier_demande.pdf",
    "observations.pdf",
    "plan_batiment.jpg",
    "refus_motive.pdf",
    "reponseLO.pdf",
];

#[test]
fn every_nom_fichier_of_the_samples_parses() {
    for name in NOM_FICHIER {
        let kind = if std::path::Path::new(name)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("xml"))
        {
            NameKind::Message
        } else {
            NameKind::Document
        };
        check_name(name, kind);
    }
    for name in NOM_FICHIER_FREE {
        check_name(name, NameKind::Unrecognised);
    }
}

#[test]
fn nom_fichier_list_is_complete() {
    // Re-extract the NomFichier texts and compare with the lists above, so
    // that the lists cannot drift from the samples.
    let mut files = Vec::new();
    walk(&samples(), &mut files);
    let mut found = std::collections::BTreeSet::new();
    for f in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
    {
        let text = String::from_utf8_lossy(&std::fs::read(f).expect("readable")).into_owned();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("NomFichier>") {
            let after = rest.get(i + "NomFichier>".len()..).unwrap_or_default();
            let end = after.find('<').unwrap_or(after.len());
            let value = after.get(..end).unwrap_or_default();
            // Skip closing tags (`</…NomFichier>` is followed by markup).
            if !value.trim().is_empty() && !rest.get(..i).unwrap_or_default().ends_with('/') {
                found.insert(value.to_string());
            }
            rest = after;
        }
    }
    let listed: std::collections::BTreeSet<String> = NOM_FICHIER
        .iter()
        .chain(NOM_FICHIER_FREE)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, listed);
}

#[test]
fn sample_envelopes_agree_with_their_parts() {
    let e: EnvelopeName = "TACT--000000000--20181024-3.xml".parse().expect("valid");
    assert_eq!(
        e.archive_name("abc".parse().expect("valid")).to_string(),
        "abc-TACT--000000000--20181024-3.tar.gz"
    );
    let ano: AnyName = "ANO_EACT--210703385--20170612-2.xml"
        .parse()
        .expect("valid");
    let AnyName::Anomaly(ano) = ano else {
        panic!("not an anomaly name")
    };
    assert_eq!(ano.rejected_envelope().siren().as_str(), "210703385");
}
