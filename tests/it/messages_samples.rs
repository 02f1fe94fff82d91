//! Every XML file under `shared/reference/samples/` is read as a protocol
//! message: its type, key fields and diagnostics are asserted, and the
//! samples that are valid are written back and re-read to equal values.
//! Variants of the reading profile are built by editing samples.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use actes::diagnostic::Parsed;
use actes::messages::*;
use chrono::NaiveDate;

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    crate::samples::actes_xml_files(dir, out);
}

fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(samples_dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn read(rel: &str) -> Parsed<Message> {
    Message::parse(&bytes(rel))
}

fn codes(p: &Parsed<Message>) -> Vec<&'static str> {
    p.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn paths(p: &Parsed<Message>) -> Vec<String> {
    p.diagnostics
        .iter()
        .map(|d| d.location.path.clone().unwrap_or_default())
        .collect()
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

const NUM_LOWER: &str = "ID-NUMERO-LOWERCASE";
const SIREN_KEY: &str = "ID-SIREN-CHECKSUM";
const SIREN_ZERO: &str = "ID-SIREN-LEADING-ZERO";

/// Every sample: its path, the root read, and the diagnostic codes in order.
const EXPECTED: &[(&str, &str, &[&str])] = &[
    ("examples-2003/actes__1-1_Acte.xml", "Acte", &[NUM_LOWER]),
    ("examples-2003/actes__1-2_ARActe.xml", "ARActe", &[SIREN_KEY, NUM_LOWER, NUM_LOWER]),
    ("examples-2003/actes__1-3_AnomalieActe.xml", "AnomalieActe", &[NUM_LOWER]),
    ("examples-2003/actes__6-1_Annulation.xml", "Annulation", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/actes__6-2_ARAnnulation.xml", "ARAnnulation", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/actes__7-1_DemandeClassification.xml", "DemandeClassification", &[]),
    ("examples-2003/actes__7-2_RetourClassification.xml", "RetourClassification", &["XML-WRONG-NAMESPACE"]),
    ("examples-2003/actes__7-3_ReponseClassificationSansChangement.xml", "ReponseClassificationSansChangement", &[]),
    ("examples-2003/lettreObservations__4-1_LettreObservations.xml", "LettreObservations", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/lettreObservations__4-2_ARLO.xml", "ARLettreObservations", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/lettreObservations__4-3_RejetLO.xml", "RejetLettreObservations", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/lettreObservations__4-4_ReponseLO.xml", "ReponseLettreObservations", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/lettreObservations__4-5_ARReponseRejetLO.xml", "ARReponseRejetLettreObservations", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/lettreObservations__5-1_DefereTA.xml", "DefereTA", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/piecesComplementaires__3-1_DemandePC.xml", "DemandePieceComplementaire", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/piecesComplementaires__3-2_ARDemandePC.xml", "ARDemandePieceComplementaire", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/piecesComplementaires__3-3_RefusEnvoiPC.xml", "RefusPieceComplementaire", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/piecesComplementaires__3-4_EnvoiPC.xml", "PieceComplementaire", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/piecesComplementaires__3-5_AREnvoiPC.xml", "ARPieceComplementaire", &[SIREN_KEY, NUM_LOWER]),
    ("examples-2003/piecesComplementaires__EnveloppeMICL.xml", "EnveloppeMISILLCL", &[SIREN_KEY]),
    ("pastell/034-491011698-20171207-CL20171227_06-DE-1-1_0.xml", "Acte", &[]),
    ("pastell/034-491011698-20171207-CL20171227_06-DE-1-2.xml", "ARActe", &[]),
    ("pastell/aractes.xml", "ARActe", &[]),
    (
        "pastell/fakeTdt-ar-actes-invalid.xml",
        "ARActe",
        &[
            "XML-ENCODING-NOT-LATIN1",
            "MSG-UNEXPECTED-ELEMENT",
            "MSG-DUPLICATE-ELEMENT",
            "MSG-DUPLICATE-ELEMENT",
            "MSG-DUPLICATE-ELEMENT",
            SIREN_KEY,
        ],
    ),
    ("s2low/001-000000000-20170130-TEST42-DE-1-2_0.xml", "ARActe", &[SIREN_ZERO]),
    ("s2low/045-214502494-20170717-D201717-DE-1-1_0.xml", "Acte", &[]),
    ("s2low/EACT--214502494--20170717-6.xml", "EnveloppeCLMISILL", &[]),
    ("s2low/TACT--000000000--20181024-3.xml", "EnveloppeCLMISILL", &[SIREN_ZERO]),
    ("s2low/fichier-metier-signe.xml", "Acte", &[]),
    ("s2low/public.ssl-fixtures/001-000000000-20170130-TEST42-DE-3-3_0.xml", "RefusPieceComplementaire", &[]),
    ("s2low/public.ssl-fixtures/001-000000000-20170130-TEST42-DE-3-4_0.xml", "PieceComplementaire", &[]),
    ("s2low/test-anomalie/ANO_EACT--210703385--20170612-2.xml", "AnomalieEnveloppe", &[]),
    ("s2low/test-archive-MISILCL/034-000000000-20170701-20170721D-AI-1-2_0.xml", "ARActe", &[SIREN_ZERO]),
    ("s2low/test-archive-MISILCL/TACT--SPREF0011-000000000-20170721-4.xml", "EnveloppeMISILLCL", &[SIREN_ZERO]),
    ("s2low/test-courrier-simple/034-000000000-20170701-20170725A-AI-2-1_0.xml", "CourrierSimple", &[SIREN_ZERO]),
    ("s2low/test-courrier-simple/TACT--SPREF0011-000000000-20170725-1.xml", "EnveloppeMISILLCL", &[SIREN_ZERO]),
    ("s2low/test-courrier-simple-renumerote/034-000000000-20170701-20170725A-AI-2-1_17.xml", "CourrierSimple", &[SIREN_ZERO]),
    ("s2low/test-courrier-simple-renumerote/TACT--SPREF0011-000000000-20170725-1.xml", "EnveloppeMISILLCL", &[SIREN_ZERO]),
    ("s2low/test-defere-ta/034-000000000-20170701-20170725A-AI-5-1_0.xml", "DefereTA", &[SIREN_ZERO]),
    ("s2low/test-defere-ta/TACT--SPREF0011-000000000-20170725-4.xml", "EnveloppeMISILLCL", &[SIREN_ZERO]),
    ("s2low/test-message-anomalie/034-000000000-20170701-20170721D-AI-1-3_0.xml", "AnomalieActe", &[]),
    ("s2low/test-message-anomalie-avec-erreur/034-000000000-20170701-20170721D-AI-1-3_0.xml", "AnomalieActe", &["MSG-ANOMALY-NATURE-OUT-OF-SCHEMA"]),
    ("s2low/test-message-anomalie-avec-erreur/TACT--SPREF0011-000000000-20170721-4.xml", "EnveloppeMISILLCL", &[SIREN_ZERO]),
    ("s2low/test-message-anomalie-avec-erreur-mal-presentee/034-000000000-20170701-20170721D-AI-1-3_0.xml", "AnomalieActe", &["MSG-ANOMALY-NATURE-NOT-NUMERIC"]),
];

/// The number of XML samples. A new sample must be added to [`EXPECTED`].
const SAMPLE_COUNT: usize = 44;

fn all_samples() -> Vec<String> {
    let mut files = Vec::new();
    xml_files(&samples_dir(), &mut files);
    let base = samples_dir();
    let mut rel: Vec<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(&base)
                .expect("under samples")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    rel.sort();
    rel
}

#[test]
fn every_sample_is_listed_and_counted() {
    let found = all_samples();
    assert_eq!(found.len(), SAMPLE_COUNT, "samples: {found:#?}");
    let listed: BTreeSet<String> = EXPECTED.iter().map(|(p, _, _)| p.to_string()).collect();
    let found: BTreeSet<String> = found.into_iter().collect();
    assert_eq!(listed, found);
}

#[test]
fn every_sample_reads_as_its_message_type() {
    for (rel, root, expected) in EXPECTED {
        let p = read(rel);
        let m = p
            .value
            .as_ref()
            .unwrap_or_else(|| panic!("{rel}: {:?}", p.diagnostics));
        assert_eq!(m.root_name(), *root, "{rel}");
        assert_eq!(codes(&p), *expected, "{rel}: {:#?}", p.diagnostics);
        // Every diagnostic of the message layer has a field path.
        for d in &p.diagnostics {
            if d.code.as_str().starts_with("MSG-") || d.code.as_str().starts_with("ID-") {
                assert!(d.location.path.is_some(), "{rel}: {d}");
            }
        }
    }
}

#[test]
fn every_2003_example_has_its_code() {
    let mut seen = BTreeSet::new();
    for (rel, _, _) in EXPECTED
        .iter()
        .filter(|(p, _, _)| p.starts_with("examples-2003/"))
    {
        let m = read(rel).value.expect("read");
        match m.code() {
            Some(code) => {
                let name = rel.rsplit('/').next().unwrap_or_default();
                assert!(name.contains(&format!("__{code}_")), "{rel}: {code}");
                seen.insert(code.to_string());
            }
            None => assert!(m.is_envelope(), "{rel}"),
        }
    }
    // 19 message types: all but 2-1, 2-2 (none in 2003) — 1-1…7-3 minus those.
    assert_eq!(seen.len(), 19, "{seen:?}");
}

#[test]
fn valid_samples_round_trip() {
    let mut checked = 0;
    for (rel, _, _) in EXPECTED {
        let p = read(rel);
        if !p.is_valid() {
            continue;
        }
        let mut original = p.value.expect("valid");
        let xml = original.to_xml().unwrap_or_else(|e| panic!("{rel}: {e:?}"));
        let again = Message::parse(&xml);
        assert!(
            !again.diagnostics.iter().any(|d| d.is_error()),
            "{rel}: {:?}",
            again.diagnostics
        );
        // The writer always emits DocumentPapier as O or N (E6).
        if let Some(a) = original.acte_mut() {
            a.document_papier = match a.document_papier.emitted() {
                Some("O") => DocumentPapier::Oui,
                _ => DocumentPapier::Non,
            };
        }
        assert_eq!(again.value.as_ref(), Some(&original), "{rel}");
        checked += 1;
    }
    assert_eq!(checked, 27);
}

// ---------------------------------------------------------------- key fields

#[test]
fn pastell_aractes() {
    let m = read("pastell/aractes.xml").value.expect("read");
    let Message::ARActe(ar) = &m else {
        panic!("{m:?}")
    };
    assert_eq!(
        m.id_acte().map(ToString::to_string).as_deref(),
        Some("034-491011698-20171207-CL20171227_06-DE")
    );
    assert_eq!(ar.date_reception.value, day(2017, 12, 27));
    assert_eq!(
        ar.classification_date_version_en_cours.value,
        day(2017, 11, 13)
    );
    let a = &ar.acte_recu;
    assert_eq!(a.date.value, day(2017, 12, 7));
    assert_eq!(a.numero_interne.raw, "CL20171227_06");
    assert_eq!(a.code_nature.value.map(|n| n.abbr()), Some("DE"));
    assert_eq!(a.objet, "Fichier signé parapheur");
    assert_eq!(a.matiere().map(|c| c.to_string()).as_deref(), Some("3.2"));
    assert_eq!(
        a.document.nom_fichier,
        "32_DP-034-491011698-20171207-CL20171227_06-DE-1-1_1.pdf"
    );
    assert_eq!(a.annexes.nombre.value, Some(0));
    assert_eq!(a.document_papier, DocumentPapier::Non);
    assert_eq!(a.document_papier.announced(), Some(false));
    assert_eq!(m.code().map(|c| c.to_string()).as_deref(), Some("1-2"));
}

#[test]
fn s2low_ar_from_simulator_crlf_single_quotes() {
    let m = read("s2low/test-archive-MISILCL/034-000000000-20170701-20170721D-AI-1-2_0.xml")
        .value
        .expect("read");
    let Message::ARActe(ar) = &m else {
        panic!("{m:?}")
    };
    assert_eq!(ar.id_acte.raw, "034-000000000-20170701-20170721D-AI");
    assert!(ar.id_acte.value.is_some());
    assert_eq!(ar.date_reception.value, day(2017, 7, 21));
    assert_eq!(
        ar.classification_date_version_en_cours.value,
        day(2008, 12, 31)
    );
    assert_eq!(ar.acte_recu.objet, "TESTD");
    assert_eq!(ar.acte_recu.code_nature.value.map(|n| n.code()), Some(3));
    // 2008/2011 variant: no DocumentPapier.
    assert_eq!(ar.acte_recu.document_papier, DocumentPapier::Absent);
    assert_eq!(ar.acte_recu.document_papier.announced(), None);
}

#[test]
fn ar_with_two_annexes_and_character_references() {
    let m = read("s2low/001-000000000-20170130-TEST42-DE-1-2_0.xml")
        .value
        .expect("read");
    let a = m.acte().expect("acte recu");
    assert_eq!(a.objet, "test de télétransmission");
    assert_eq!(a.annexes.nombre.value, Some(2));
    let names: Vec<&str> = a
        .annexes
        .fichiers
        .iter()
        .map(|f| f.nom_fichier.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "001-000000000-20170130-TEST42-DE-1-1_2.png",
            "001-000000000-20170130-TEST42-DE-1-1_3.pdf"
        ]
    );
    assert_eq!(
        a.matiere_levels(),
        [(1, Some(1)), (2, Some(3)), (3, Some(4))]
    );
}

#[test]
fn act_with_signature() {
    let m = read("s2low/fichier-metier-signe.xml").value.expect("read");
    let a = m.acte().expect("acte");
    assert_eq!(a.document.signature.as_deref(), Some("ma signature"));
    assert_eq!(a.numero_interne.raw, "20170803E");
    assert!(a.annexes.fichiers.is_empty());
}

#[test]
fn act_1_1_samples() {
    let m = read("s2low/045-214502494-20170717-D201717-DE-1-1_0.xml")
        .value
        .expect("read");
    let a = m.acte().expect("acte");
    // Nature 4 although the file names say DE: test data nobody cross-checked.
    assert_eq!(a.code_nature.value.map(|n| n.abbr()), Some("CC"));
    assert_eq!(a.classification_date_version.value, day(2017, 4, 19));
    assert_eq!(a.document_papier, DocumentPapier::Absent);

    let m = read("pastell/034-491011698-20171207-CL20171227_06-DE-1-1_0.xml")
        .value
        .expect("read");
    let a = m.acte().expect("acte");
    assert_eq!(a.objet, "Fichier signé parapheur");
    assert_eq!(a.document_papier, DocumentPapier::Non);
    assert_eq!(m.code().map(|c| c.to_string()).as_deref(), Some("1-1"));
    assert_eq!(m.id_acte(), None);
}

#[test]
fn anomalie_acte_natures() {
    let cases = [
        ("s2low/test-message-anomalie/034-000000000-20170701-20170721D-AI-1-3_0.xml", "042", Some(42)),
        ("s2low/test-message-anomalie-avec-erreur/034-000000000-20170701-20170721D-AI-1-3_0.xml", "2", Some(2)),
        ("s2low/test-message-anomalie-avec-erreur-mal-presentee/034-000000000-20170701-20170721D-AI-1-3_0.xml", "ERREUR2", None),
        ("examples-2003/actes__1-3_AnomalieActe.xml", "006", Some(6)),
    ];
    for (rel, raw, number) in cases {
        let p = read(rel);
        let Some(Message::AnomalieActe(an)) = &p.value else {
            panic!("{rel}")
        };
        assert_eq!(an.nature.raw, raw, "{rel}");
        assert_eq!(an.nature.number, number, "{rel}");
        // The rest of the message is never lost.
        assert!(an.acte_recu.numero_interne.value.is_some(), "{rel}");
        assert!(
            an.classification_date_version_en_cours.value.is_some(),
            "{rel}"
        );
    }
    let p = read(cases[2].0);
    assert_eq!(paths(&p), ["AnomalieActe/Nature"]);
    assert!(!p.is_valid());
    let p = read(cases[1].0);
    assert!(p.is_valid(), "out-of-schema is a warning");
    let Some(Message::AnomalieActe(an)) = read(cases[3].0).value else {
        panic!()
    };
    assert_eq!(an.label(), Some("Pièces jointes manquantes"));
    assert_eq!(
        an.detail.as_deref(),
        Some("Le fichier acte.pdf est introuvable")
    );
    assert_eq!(an.date.value, day(2003, 7, 17));
}

#[test]
fn anomalie_enveloppe_nature_5() {
    let m = read("s2low/test-anomalie/ANO_EACT--210703385--20170612-2.xml")
        .value
        .expect("read");
    let Message::AnomalieEnveloppe(an) = &m else {
        panic!("{m:?}")
    };
    assert_eq!(an.nature.raw, "5");
    assert_eq!(an.nature.number, Some(5));
    assert_eq!(an.nature, NatureAnomalie::new(5));
    assert_eq!(
        an.label(),
        Some("Anomalie sur un ou plusieurs champs du formulaire")
    );
    assert_eq!(an.date.value, day(2017, 6, 12));
    let detail = an.detail.as_deref().unwrap_or_default();
    assert!(detail.starts_with("SLO-EACT--210703385--20170612-2.tar.gz -> PREF-VERIF-02"));
    assert!(detail.contains("numéro de SIREN n'est pas encore enregistré"));
    let env = &an.enveloppe_recue;
    assert_eq!(env.id_cl.siren.raw, "210703385");
    assert_eq!(env.id_cl.departement.raw, "007");
    assert_eq!(env.id_cl.arrondissement.value.map(|a| a.number()), Some(2));
    assert_eq!(env.id_cl.nature.value.map(|n| n.code()), Some(31));
    assert_eq!(
        env.formulaires[0].nom_fichier,
        "007-210703385-20170519-2017_048-DE-1-1_0.xml"
    );
    assert_eq!(m.code(), None);
    assert!(m.is_envelope());
}

#[test]
fn mi_envelope_sous_pref() {
    let m = read("s2low/test-archive-MISILCL/TACT--SPREF0011-000000000-20170721-4.xml")
        .value
        .expect("read");
    let Message::EnveloppeMISILLCL(env) = &m else {
        panic!("{m:?}")
    };
    let Some(ServiceEmetteur::SousPref {
        departement,
        arrondissement,
    }) = &env.emetteur
    else {
        panic!("{:?}", env.emetteur)
    };
    assert_eq!(departement.raw, "001");
    assert_eq!(departement.value.as_ref().map(|d| d.as_str()), Some("001"));
    assert_eq!(arrondissement.value.map(|a| a.number()), Some(1));
    assert!(env.referent.is_none());
    assert_eq!(env.destinataire.raw, "000000000");
    assert_eq!(
        env.formulaires[0].nom_fichier,
        "034-000000000-20170701-20170721D-AI-1-2_0.xml"
    );

    let m = read("examples-2003/piecesComplementaires__EnveloppeMICL.xml")
        .value
        .expect("read");
    let Message::EnveloppeMISILLCL(env) = &m else {
        panic!()
    };
    let r = env.referent.as_ref().expect("referent");
    assert_eq!(r.nom.as_deref(), Some("Jean Dupont"));
    assert_eq!(
        r.email.as_ref().map(|e| e.raw.as_str()),
        Some("jeandupont@fai.fr")
    );
    // SIREN 123456789 fails Luhn: kept raw.
    assert_eq!(env.destinataire.raw, "123456789");
    assert!(env.destinataire.value.is_none());
}

#[test]
fn cl_envelopes() {
    let m = read("s2low/TACT--000000000--20181024-3.xml")
        .value
        .expect("read");
    let Message::EnveloppeCLMISILL(env) = &m else {
        panic!()
    };
    let addrs: Vec<&str> = env.adresses_retour.iter().map(|e| e.raw.as_str()).collect();
    assert_eq!(
        addrs,
        [
            "mail@tedetis.org",
            "eric.pommateau@libriciel.coop",
            "mail@tedetis.org",
            "mail@tedetis.org"
        ]
    );
    assert!(env.adresses_retour.iter().all(Field::is_valid));
    assert_eq!(env.id_cl.nature.raw, "22");

    let m = read("s2low/EACT--214502494--20170717-6.xml")
        .value
        .expect("read");
    let Message::EnveloppeCLMISILL(env) = &m else {
        panic!()
    };
    let r = env.referent.as_ref().expect("referent");
    assert_eq!(r.telephone.as_deref(), Some(""));
    assert_eq!(r.nom.as_deref(), Some("ETest"));
}

#[test]
fn fake_tdt_invalid_ar() {
    let p = read("pastell/fakeTdt-ar-actes-invalid.xml");
    assert_eq!(
        paths(&p),
        [
            "",
            "ARActe/Acte",
            "ARActe/ClassificationDateVersionEnCours",
            "ARActe/ActeRecu",
            "ARActe/ClassificationDateVersionEnCours",
            "ARActe/@IDActe",
        ]
    );
    assert!(!p.is_valid());
    let Some(Message::ARActe(ar)) = &p.value else {
        panic!()
    };
    // The first ActeRecu and the first ClassificationDateVersionEnCours are used.
    assert_eq!(ar.acte_recu.numero_interne.raw, "20130623C");
    assert_eq!(
        ar.classification_date_version_en_cours.value,
        day(2008, 12, 31)
    );
    assert_eq!(ar.date_reception.value, day(2013, 6, 23));
    assert_eq!(ar.id_acte.raw, "069-123456789-20130601-20130623C-AI");
    assert!(ar.id_acte.value.is_none());
}

#[test]
fn letters_and_answers() {
    let m = read(
        "s2low/test-courrier-simple-renumerote/034-000000000-20170701-20170725A-AI-2-1_17.xml",
    )
    .value
    .expect("read");
    let Message::CourrierSimple(c) = &m else {
        panic!()
    };
    assert_eq!(c.courrier.date_courrier_pref.value, day(2017, 7, 25));
    assert_eq!(
        c.document.nom_fichier,
        "034-000000000-20170701-20170725A-AI-2-1_16.pdf"
    );
    assert_eq!(m.code().map(|c| c.to_string()).as_deref(), Some("2-1"));

    let m = read("s2low/public.ssl-fixtures/001-000000000-20170130-TEST42-DE-3-4_0.xml")
        .value
        .expect("read");
    let Message::PieceComplementaire(pc) = &m else {
        panic!()
    };
    assert_eq!(pc.documents.len(), 2);
    // The IDActe refers to another act than the file name (hand-written).
    assert_eq!(
        m.id_acte().map(ToString::to_string).as_deref(),
        Some("032-213201601-20170616-ARP201706407-AI")
    );

    let Some(Message::LettreObservations(lo)) =
        read("examples-2003/lettreObservations__4-1_LettreObservations.xml").value
    else {
        panic!()
    };
    assert_eq!(lo.motif, "Permis de construire en zone inondable");
    assert_eq!(lo.courrier.date_courrier_pref.value, day(2003, 8, 13));

    let Some(Message::DemandePieceComplementaire(d)) =
        read("examples-2003/piecesComplementaires__3-1_DemandePC.xml").value
    else {
        panic!()
    };
    assert_eq!(d.description_pieces, "Plan du bâtiment");

    let Some(Message::ARPieceComplementaire(ar)) =
        read("examples-2003/piecesComplementaires__3-5_AREnvoiPC.xml").value
    else {
        panic!()
    };
    assert_eq!(ar.date_reception.value, day(2003, 8, 8));
    assert_eq!(
        ar.infos_courrier_pref.date_courrier_pref.value,
        day(2003, 8, 1)
    );
}

#[test]
fn defere_and_classification_messages() {
    let Some(Message::DefereTA(d)) =
        read("s2low/test-defere-ta/034-000000000-20170701-20170725A-AI-5-1_0.xml").value
    else {
        panic!()
    };
    assert_eq!(d.date_depot.value, day(2017, 7, 1));
    assert_eq!(d.nature_illegalite, "NATURE_TEST");
    assert_eq!(d.pieces_jointes.len(), 1);

    let Some(Message::DemandeClassification(dc)) =
        read("examples-2003/actes__7-1_DemandeClassification.xml").value
    else {
        panic!()
    };
    assert_eq!(
        dc.date_classification.and_then(|d| d.value),
        day(2003, 6, 10)
    );

    let Some(Message::RetourClassification(rc)) =
        read("examples-2003/actes__7-2_RetourClassification.xml").value
    else {
        panic!()
    };
    assert_eq!(rc.date_classification.value, day(2003, 6, 25));
    let c = rc.classification.expect("classification");
    assert_eq!(c.natures().len(), 6);
    assert!(c.get(&"1.2.2.2.1".parse().expect("code")).is_some());

    let Some(Message::ARAnnulation(ar)) = read("examples-2003/actes__6-2_ARAnnulation.xml").value
    else {
        panic!()
    };
    assert_eq!(ar.date_reception.value, day(1967, 8, 13));
}

// ---------------------------------------------------------------- variants

fn edited(rel: &str, from: &str, to: &str) -> Parsed<Message> {
    let text = String::from_utf8(bytes(rel)).expect("ASCII sample");
    assert!(text.contains(from), "{from} not in {rel}");
    Message::parse(text.replace(from, to).as_bytes())
}

const AR: &str = "pastell/aractes.xml";

#[test]
fn any_prefix_bound_to_the_namespace() {
    let text = String::from_utf8(bytes(AR)).expect("ascii");
    let ns1 = text
        .replace("actes:", "ns1:")
        .replace("xmlns:actes", "xmlns:ns1");
    let p = Message::parse(ns1.as_bytes());
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.value, read(AR).value);
    // The right local names in another namespace are not ACTES.
    let other = text.replace(
        "http://www.interieur.gouv.fr/ACTES#v1.1-20040216",
        "urn:not-actes",
    );
    let p = Message::parse(other.as_bytes());
    assert!(p.value.is_none());
    assert_eq!(codes(&p), ["MSG-UNKNOWN-ROOT"]);
}

#[test]
fn document_papier_variants() {
    let from = "<actes:DocumentPapier>N</actes:DocumentPapier>";
    let cases = [
        ("<actes:DocumentPapier>O</actes:DocumentPapier>", DocumentPapier::Oui, false),
        ("<actes:DocumentPapier>0</actes:DocumentPapier>", DocumentPapier::Zero, true),
        ("<actes:DocumentPapier>1</actes:DocumentPapier>", DocumentPapier::Un, true),
        ("<actes:DocumentPapier/>", DocumentPapier::Vide, true),
        (
            "<actes:DocumentPapier xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/>",
            DocumentPapier::Nil,
            true,
        ),
        ("<actes:DocumentPapier>oui</actes:DocumentPapier>", DocumentPapier::Autre("oui".into()), true),
    ];
    for (to, expected, warned) in cases {
        let p = edited(AR, from, to);
        let a = p.value.as_ref().and_then(Message::acte).expect("acte");
        assert_eq!(a.document_papier, expected, "{to}");
        let expected_codes: &[&str] = if warned {
            &["MSG-DOCUMENT-PAPIER-NONSTANDARD"]
        } else {
            &[]
        };
        assert_eq!(codes(&p), expected_codes, "{to}");
        if warned {
            assert_eq!(paths(&p), ["ARActe/ActeRecu/DocumentPapier"]);
            assert!(p.is_valid(), "a warning only");
        }
    }
}

#[test]
fn classification_gap_kept_without_shift() {
    let p = edited(
        AR,
        "<actes:CodeMatiere2 actes:CodeMatiere=\"2\"/>",
        "<actes:CodeMatiere2 actes:CodeMatiere=\"2\"/><actes:CodeMatiere3 actes:CodeMatiere=\"1\"/><actes:CodeMatiere5 actes:CodeMatiere=\"004\"/>",
    );
    assert_eq!(codes(&p), ["MSG-CLASSIFICATION-GAP"]);
    let m = p.value.expect("read");
    let a = m.acte().expect("acte");
    assert_eq!(
        a.matiere_levels(),
        [(1, Some(3)), (2, Some(2)), (3, Some(1)), (5, Some(4))]
    );
    assert_eq!(a.matiere(), None);
    // Such a message is read but cannot be written (E4).
    assert!(m.to_xml().is_err());
}

#[test]
fn lenient_numbers_and_dates() {
    let p = edited(
        AR,
        "actes:CodeNatureActe=\"1\"",
        "actes:CodeNatureActe=\"01\"",
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let a = p.value.as_ref().and_then(Message::acte).expect("acte");
    assert_eq!(a.code_nature.raw, "01");
    assert_eq!(a.code_nature.value.map(|n| n.code()), Some(1));
    let xml = p.value.as_ref().expect("m").to_xml().expect("writable");
    assert!(String::from_utf8_lossy(&xml).contains("actes:CodeNatureActe=\"1\""));

    let p = edited(
        AR,
        "<actes:ClassificationDateVersionEnCours>2017-11-13</",
        "<actes:ClassificationDateVersionEnCours>\r\n  2017-11-13\r\n</",
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);

    // CRLF inside a text is an LF once read (XML end-of-line handling).
    let p = edited(
        AR,
        "<actes:Objet>Fichier sign&#xE9; parapheur</actes:Objet>",
        "<actes:Objet>ligne 1\r\nligne 2&#13;</actes:Objet>",
    );
    let a = p.value.as_ref().and_then(Message::acte).expect("acte");
    assert_eq!(a.objet, "ligne 1\nligne 2\r");

    let p = edited(AR, "actes:Nombre=\"0\"", "actes:Nombre=\"+000\"");
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn one_bad_field_never_loses_the_rest() {
    let p = edited(
        AR,
        "actes:NumeroInterne=\"CL20171227_06\"",
        "actes:NumeroInterne=\"CL 2017/12!\"",
    );
    assert!(!p.is_valid());
    assert!(
        paths(&p)
            .iter()
            .all(|x| x == "ARActe/ActeRecu/@NumeroInterne"),
        "{:?}",
        p.diagnostics
    );
    let m = p.value.expect("still read");
    let a = m.acte().expect("acte");
    assert_eq!(a.numero_interne.raw, "CL 2017/12!");
    assert!(a.numero_interne.value.is_none());
    assert_eq!(a.objet, "Fichier signé parapheur");
    assert!(m.id_acte().is_some());
    let err = m.to_xml().expect_err("not writable");
    assert_eq!(
        err.diagnostics[0].location.path.as_deref(),
        Some("ARActe/ActeRecu/@NumeroInterne")
    );

    let p = edited(
        AR,
        "actes:DateReception=\"2017-12-27\"",
        "actes:DateReception=\"2017-13-27\"",
    );
    assert_eq!(codes(&p), ["MSG-INVALID-DATE"]);
    assert_eq!(paths(&p), ["ARActe/@DateReception"]);

    let p = edited(AR, "actes:Nombre=\"0\"", "actes:Nombre=\"zero\"");
    assert_eq!(codes(&p), ["MSG-INVALID-INTEGER"]);
    assert_eq!(paths(&p), ["ARActe/ActeRecu/Annexes/@Nombre"]);

    let p = edited(AR, "actes:Nombre=\"0\"", "actes:Nombre=\"3\"");
    assert_eq!(codes(&p), ["MSG-ANNEXES-COUNT"]);
}

#[test]
fn missing_and_unexpected_parts() {
    let p = edited(AR, " actes:DateReception=\"2017-12-27\"", "");
    assert_eq!(codes(&p), ["MSG-MISSING-ATTRIBUTE"]);
    assert_eq!(paths(&p), ["ARActe/@DateReception"]);
    assert!(p.value.is_some());

    let p = edited(
        AR,
        "<actes:ClassificationDateVersionEnCours>2017-11-13</actes:ClassificationDateVersionEnCours>",
        "<actes:Extra>x</actes:Extra>",
    );
    assert_eq!(codes(&p), ["MSG-UNEXPECTED-ELEMENT", "MSG-MISSING-ELEMENT"]);
    assert_eq!(
        paths(&p),
        ["ARActe/Extra", "ARActe/ClassificationDateVersionEnCours"]
    );

    let text = String::from_utf8(bytes(AR)).expect("ascii");
    let start = text.find("<actes:ActeRecu").expect("ActeRecu");
    let end = text.find("</actes:ActeRecu>").expect("end") + "</actes:ActeRecu>".len();
    let without = format!("{}{}", &text[..start], &text[end..]);
    let p = Message::parse(without.as_bytes());
    assert_eq!(codes(&p), ["MSG-MISSING-ELEMENT"]);
    assert_eq!(paths(&p), ["ARActe/ActeRecu"]);
    assert_eq!(
        p.value
            .as_ref()
            .and_then(Message::id_acte)
            .map(ToString::to_string)
            .as_deref(),
        Some("034-491011698-20171207-CL20171227_06-DE")
    );
}

#[test]
fn mi_envelope_with_two_services() {
    let p = edited(
        "s2low/test-archive-MISILCL/TACT--SPREF0011-000000000-20170721-4.xml",
        "<actes:IDSousPref actes:Departement=\"001\" actes:Arrondissement=\"1\" />",
        "<actes:IDPref actes:Departement=\"02A\"/><actes:IDSousPref actes:Departement=\"001\" actes:Arrondissement=\"1\" />",
    );
    assert_eq!(codes(&p), ["MSG-DUPLICATE-ELEMENT", SIREN_ZERO]);
    assert_eq!(paths(&p)[0], "EnveloppeMISILLCL/Emetteur/IDSousPref");
    let Some(Message::EnveloppeMISILLCL(env)) = p.value else {
        panic!()
    };
    assert_eq!(env.emetteur.map(|e| e.element_name()), Some("IDPref"));
}

#[test]
fn what_is_not_a_message() {
    let p = Message::parse(b"<html><body/></html>");
    assert_eq!(codes(&p), ["MSG-UNKNOWN-ROOT"]);
    let p = Message::parse(
        b"<!DOCTYPE a [<!ENTITY x \"y\">]><actes:Annulation xmlns:actes=\"http://www.interieur.gouv.fr/ACTES#v1.1-20040216\"/>",
    );
    assert_eq!(codes(&p), ["XML-DOCTYPE"]);
    assert!(Message::parse(b"").value.is_none());
    let p = Message::parse(b"<Annulation IDActe=\"062-216204982-20221214-DLB12_14122022-DE\"/>");
    assert_eq!(codes(&p), ["XML-WRONG-NAMESPACE"]);
    assert!(p.value.is_some_and(|m| m.id_acte().is_some()));
}

#[test]
fn limits_apply() {
    let limits = actes::xml::Limits {
        max_depth: 2,
        ..Default::default()
    };
    let p = Message::parse_with_limits(&bytes(AR), &limits);
    assert_eq!(codes(&p), ["XML-LIMIT-DEPTH"]);
    assert!(p.value.is_none());
}
