//! Every file-name shape of SPEC §10, accepted and rejected, with the
//! diagnostic codes and byte offsets (into the whole name) it produces.

use actes::diagnostic::{Diagnostic, Parsed, Severity};
use actes::ids::Typologie;
use actes::ids::{ActeId, Departement, MessageCode, NatureActe, Siren};
use actes::naming::{
    archive_name, check_name_length, classification_request_name, classify_name,
    document_file_name, envelope_name, message_file_name, AnomalyName, AnyName, Application,
    ArchiveName, Emetteur, EnvelopeName, Extension, FileName, MiEnvelopeName, NameKind, StemParts,
    Trigramme, MAX_NAME_LEN,
};
use chrono::NaiveDate;

fn found(diags: &[Diagnostic]) -> Vec<(&'static str, Option<usize>)> {
    diags
        .iter()
        .map(|d| (d.code.as_str(), d.location.offset))
        .collect()
}

fn found_p<T>(p: &Parsed<T>) -> Vec<(&'static str, Option<usize>)> {
    found(&p.diagnostics)
}

/// Expected (code, offset) pairs.
type Expected<'a> = &'a [(&'a str, Option<usize>)];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn siren(s: &str) -> Siren {
    s.parse().expect("valid test SIREN")
}

fn code(s: &str) -> MessageCode {
    s.parse().expect("valid test message code")
}

fn file(name: &str) -> FileName {
    let p = FileName::parse_diagnostics(name);
    p.value
        .unwrap_or_else(|| panic!("{name}: no value: {:?}", p.diagnostics))
}

// ---------------------------------------------------------------- archives

#[test]
fn archive_names_seen_in_the_wild_parse() {
    for (name, tri, app, siren_s, seq) in [
        (
            "SLO-EACT--214502494--20170717-5.tar.gz",
            "SLO",
            "EACT",
            "214502494",
            5,
        ),
        (
            "abc-TACT--000000000--20181024-4.tar.gz",
            "abc",
            "TACT",
            "000000000",
            4,
        ),
        (
            "SIC-EACT--210600730--20180115-1.tar.gz",
            "SIC",
            "EACT",
            "210600730",
            1,
        ),
    ] {
        let p = ArchiveName::parse_diagnostics(name);
        assert!(p.is_valid(), "{name}: {:?}", p.diagnostics);
        let a = p.value.expect("valid");
        assert_eq!(a.trigramme().as_str(), tri);
        assert_eq!(a.envelope_name().application().as_str(), app);
        assert_eq!(a.envelope_name().siren().as_str(), siren_s);
        assert_eq!(a.envelope_name().sequence(), seq);
        assert_eq!(a.to_string(), name);
        assert_eq!(classify_name(name), NameKind::Archive);
    }
}

#[test]
fn archive_name_rejections() {
    let p = ArchiveName::parse_diagnostics("SL-EACT--214502494--20170717-5.tar.gz");
    assert_eq!(found_p(&p), [("NAME-TRIGRAMME-SHAPE", Some(2))]);
    assert!(p.value.is_none());

    let p = ArchiveName::parse_diagnostics("S_O-EACT--214502494--20170717-5.tar.gz");
    assert_eq!(found_p(&p), [("NAME-TRIGRAMME-SHAPE", Some(1))]);

    let p = ArchiveName::parse_diagnostics("SLO-EACT-214502494-20170717-5.tar.gz");
    assert_eq!(found_p(&p), [("NAME-STRUCTURE", Some(29))]);
    assert!(p.value.is_none());

    let p = ArchiveName::parse_diagnostics("SLO-EACT--214502494--20170717-x.tar.gz");
    assert_eq!(found_p(&p), [("NAME-SEQUENCE-SHAPE", Some(30))]);

    let p = ArchiveName::parse_diagnostics("SLO-EACT--214502494--20170717-5.zip");
    assert_eq!(found_p(&p), [("NAME-EXTENSION", Some(31))]);

    let p = ArchiveName::parse_diagnostics("SLO-EACT--214502493--20170717-5.tar.gz");
    assert_eq!(found_p(&p), [("ID-SIREN-CHECKSUM", Some(10))]);
}

#[test]
fn archive_name_lenient_variants_are_warnings() {
    let p = ArchiveName::parse_diagnostics("SLO-EACT--214502494--20170717-5.TAR.GZ");
    assert!(p.is_valid());
    assert_eq!(found_p(&p), [("NAME-EXTENSION-CASE", Some(31))]);

    let p = ArchiveName::parse_diagnostics("SLO-EACT--214502494--20170717-05.tar.gz");
    assert!(p.is_valid());
    assert_eq!(found_p(&p), [("NAME-SEQUENCE-PADDED", Some(30))]);
    // Display is canonical: no padding.
    assert_eq!(
        p.value.expect("valid").to_string(),
        "SLO-EACT--214502494--20170717-5.tar.gz"
    );

    // Sequences of any size are read (S2LOW's cap is for emission).
    let p = ArchiveName::parse_diagnostics("SLO-EACT--214502494--20170717-123456.tar.gz");
    assert!(p.is_valid() && p.diagnostics.is_empty());
}

#[test]
fn archive_name_emission() {
    let d = date(2017, 7, 17);
    let tri: Trigramme = "SLO".parse().expect("valid");
    assert_eq!(
        archive_name(tri, Application::EACT, siren("214502494"), d, 9999).expect("valid"),
        "SLO-EACT--214502494--20170717-9999.tar.gz"
    );
    let err = archive_name(tri, Application::EACT, siren("214502494"), d, 10000).unwrap_err();
    assert_eq!(found(&err.diagnostics), [("NAME-SEQUENCE-RANGE", Some(30))]);
    let err = archive_name(tri, Application::TACT, siren("214502494"), d, 0).unwrap_err();
    assert_eq!(found(&err.diagnostics), [("NAME-SEQUENCE-RANGE", Some(30))]);
    let q: Application = "QACT".parse().expect("readable");
    let err = archive_name(tri, q, siren("214502494"), d, 1).unwrap_err();
    assert_eq!(
        found(&err.diagnostics),
        [("NAME-APPLICATION-EMISSION", Some(4))]
    );
}

// --------------------------------------------------------------- envelopes

#[test]
fn cl_envelope_names_parse() {
    let e = EnvelopeName::parse_diagnostics("EACT--214502494--20170717-6.xml");
    assert!(e.is_valid() && e.diagnostics.is_empty());
    let e = e.value.expect("valid");
    assert_eq!(e.application(), Application::EACT);
    assert_eq!(e.date(), date(2017, 7, 17));
    assert_eq!(e.stem(), "EACT--214502494--20170717-6");

    let t = EnvelopeName::parse_diagnostics("TACT--000000000--20181024-3.xml");
    assert!(t.is_valid());
    assert_eq!(found_p(&t), [("ID-SIREN-LEADING-ZERO", Some(6))]);
    assert!(t.value.expect("valid").application().is_test());
}

#[test]
fn cl_envelope_name_rejections() {
    let cases: &[(&str, Expected)] = &[
        (
            "EACT--214502494--20170717-6.txt",
            &[("NAME-EXTENSION", Some(27))],
        ),
        (
            "eact--214502494--20170717-6.xml",
            &[("NAME-APPLICATION-SHAPE", Some(0))],
        ),
        (
            "EAC--214502494--20170717-6.xml",
            &[("NAME-APPLICATION-SHAPE", Some(3))],
        ),
        (
            "EACT--21450249--20170717-6.xml",
            &[("ID-SIREN-LENGTH", Some(14))],
        ),
        (
            "EACT--214502494--2017071-6.xml",
            &[("NAME-DATE-SHAPE", Some(17))],
        ),
        (
            "EACT--214502494--20170229-6.xml",
            &[("NAME-DATE-INVALID", Some(17))],
        ),
        (
            "EACT--214502494--20170717.xml",
            &[("NAME-STRUCTURE", Some(25))],
        ),
        (
            "EACT-214502494-20170717-6.xml",
            &[("NAME-STRUCTURE", Some(25))],
        ),
    ];
    for (name, expected) in cases {
        let p = EnvelopeName::parse_diagnostics(name);
        assert_eq!(&found_p(&p), expected, "{name}");
        assert!(!p.is_valid(), "{name}");
        assert!(name.parse::<EnvelopeName>().is_err(), "{name}");
    }
}

#[test]
fn cl_envelope_unusual_application_is_a_warning() {
    let p = EnvelopeName::parse_diagnostics("XACT--214502494--20170717-6.xml");
    assert!(p.is_valid());
    assert_eq!(found_p(&p), [("NAME-APPLICATION-UNUSUAL", Some(0))]);
    assert_eq!(p.diagnostics[0].severity, Severity::Warning);
    let p = EnvelopeName::parse_diagnostics("EACT--214502494--20170717-6.XML");
    assert!(p.is_valid());
    assert_eq!(found_p(&p), [("NAME-EXTENSION-CASE", Some(27))]);
}

#[test]
fn cl_envelope_emission() {
    let d = date(2017, 7, 17);
    assert_eq!(
        envelope_name(Application::TACT, siren("214502494"), d, 1).expect("valid"),
        "TACT--214502494--20170717-1.xml"
    );
    let err = envelope_name(Application::EACT, siren("214502494"), d, 0).unwrap_err();
    assert_eq!(found(&err.diagnostics), [("NAME-SEQUENCE-RANGE", Some(26))]);
    let far = date(10000, 1, 1);
    let err = envelope_name(Application::EACT, siren("214502494"), far, 1).unwrap_err();
    assert_eq!(found(&err.diagnostics), [("NAME-DATE-INVALID", Some(17))]);
    let q: Application = "FACT".parse().expect("readable");
    let err = EnvelopeName::new(q, siren("214502494"), d, 1).unwrap_err();
    assert_eq!(
        found(&err.diagnostics),
        [("NAME-APPLICATION-EMISSION", Some(0))]
    );
}

#[test]
fn mi_envelope_names_parse() {
    let m: MiEnvelopeName = "EACT--SPREF0441-214400152-20181012-9.xml"
        .parse()
        .expect("valid");
    let dep: Departement = "044".parse().expect("valid");
    assert_eq!(
        m.emetteur(),
        &Emetteur::SousPref(dep, "1".parse().expect("valid"))
    );
    assert_eq!(m.siren().as_str(), "214400152");
    assert_eq!(m.date(), date(2018, 10, 12));
    assert_eq!(m.sequence(), 9);
    assert_eq!(m.to_string(), "EACT--SPREF0441-214400152-20181012-9.xml");

    let p: MiEnvelopeName = "TACT--PREF001-491011698-20190829-689.xml"
        .parse()
        .expect("valid");
    assert_eq!(p.emetteur(), &Emetteur::Pref("001".parse().expect("valid")));
    assert_eq!(p.sequence(), 689);
    assert_eq!(p.emetteur().arrondissement(), None);

    let s: MiEnvelopeName = "EACT--SGAR075-214400152-20181012-12345.xml"
        .parse()
        .expect("valid");
    assert_eq!(s.emetteur(), &Emetteur::Sgar("075".parse().expect("valid")));
    assert_eq!(s.sequence(), 12345);
    assert_eq!(s.to_string(), "EACT--SGAR075-214400152-20181012-12345.xml");

    // Corsica decodes too.
    let c: MiEnvelopeName = "EACT--SPREF02A1-214400152-20181012-1.xml"
        .parse()
        .expect("valid");
    assert_eq!(
        c.emetteur().departement(),
        Some("02A".parse().expect("valid"))
    );
}

#[test]
fn mi_envelope_lenient_and_rejected() {
    let p = MiEnvelopeName::parse_diagnostics("TACT--SPREF001-491011698-20190829-689.xml");
    assert!(p.is_valid());
    assert_eq!(found_p(&p), [("NAME-EMETTEUR-UNKNOWN", Some(6))]);
    let v = p.value.expect("valid");
    assert_eq!(v.emetteur(), &Emetteur::Other("SPREF001".to_string()));
    assert_eq!(v.to_string(), "TACT--SPREF001-491011698-20190829-689.xml");

    let p = MiEnvelopeName::parse_diagnostics("EACT--PREF099-214400152-20181012-9.xml");
    assert!(p.is_valid());
    assert_eq!(found_p(&p), [("ID-DEPARTEMENT-UNKNOWN", Some(10))]);

    let p = MiEnvelopeName::parse_diagnostics("EACT--SPREF0441-214400152-20181012.xml");
    assert_eq!(found_p(&p), [("NAME-STRUCTURE", Some(34))]);
    assert!(p.value.is_none());

    let p = MiEnvelopeName::parse_diagnostics("EACT--SPREF0441-214400153-20181012-9.xml");
    assert_eq!(found_p(&p), [("ID-SIREN-CHECKSUM", Some(16))]);
    assert!(p.value.is_none());

    let p = MiEnvelopeName::parse_diagnostics("EACT--SPREF0441-214400152-20181012-9a.xml");
    assert_eq!(found_p(&p), [("NAME-SEQUENCE-SHAPE", Some(35))]);
}

// ---------------------------------------------------------------- anomaly

#[test]
fn anomaly_names() {
    let a: AnomalyName = "ANO_EACT--210703385--20170612-2.xml"
        .parse()
        .expect("valid");
    assert_eq!(
        a.rejected_envelope().to_string(),
        "EACT--210703385--20170612-2.xml"
    );
    // The archive quoted in that anomaly's Detail (SPEC §5.3).
    let slo: Trigramme = "SLO".parse().expect("valid");
    assert_eq!(
        a.archive_name(slo).to_string(),
        "SLO-EACT--210703385--20170612-2.tar.gz"
    );
    assert_eq!(a.to_string(), "ANO_EACT--210703385--20170612-2.xml");
    assert_eq!(
        AnomalyName::for_envelope(a.rejected_envelope()),
        a,
        "for_envelope is the inverse of rejected_envelope"
    );

    let archive: ArchiveName = "SLO-EACT--214400152--20180925-1.tar.gz"
        .parse()
        .expect("valid");
    assert_eq!(
        archive.anomaly_name().to_string(),
        "ANO_EACT--214400152--20180925-1.xml"
    );
}

#[test]
fn anomaly_rejections() {
    let p = AnomalyName::parse_diagnostics("ANO_EACT--214400152--20180932-1.xml");
    assert_eq!(
        found_p(&p),
        [
            ("NAME-DATE-INVALID", Some(21)),
            ("NAME-ANOMALY-ENVELOPE", Some(4))
        ]
    );
    assert!(p.value.is_none());

    let p = AnomalyName::parse_diagnostics("ANO_EACT--SPREF0441-214400152-20181012-9.xml");
    assert!(p.value.is_none());
    assert_eq!(
        p.diagnostics.last().map(|d| d.code.as_str()),
        Some("NAME-ANOMALY-ENVELOPE")
    );

    let p = AnomalyName::parse_diagnostics("EACT--214400152--20180925-1.xml");
    assert_eq!(found_p(&p), [("NAME-STRUCTURE", Some(0))]);
}

// ------------------------------------------------------ messages, documents

#[test]
fn standard_message_name() {
    let f = file("045-214502494-20170717-D201717-AI-1-1_0.xml");
    assert_eq!(f.kind(), NameKind::Message);
    assert_eq!(f.typologie(), None);
    assert_eq!(f.departement_str(), "045");
    assert_eq!(
        f.siren().map(|s| s.to_string()).as_deref(),
        Some("214502494")
    );
    assert_eq!(f.date(), Some(date(2017, 7, 17)));
    assert_eq!(f.numero_str(), "D201717");
    assert_eq!(f.nature(), Some(NatureActe::ActeIndividuel));
    assert_eq!(f.message_code(), Some(code("1-1")));
    assert_eq!(f.counter(), Some(0));
    assert_eq!(f.extension(), "xml");
    assert_eq!(
        f.acte_id().map(|i| i.to_string()).as_deref(),
        Some("045-214502494-20170717-D201717-AI")
    );
}

#[test]
fn document_names_with_typologie() {
    for (name, typ, k, ext) in [
        (
            "99_DE-006-210600235-20180522-684-AI-1-1_1.pdf",
            "99_DE",
            1,
            "pdf",
        ),
        (
            "CO_DE-006-210600730-20180115-1-DE-1-1_1.jpg",
            "CO_DE",
            1,
            "jpg",
        ),
        (
            "01_01-034-000000000-20170701-20170721D-AI-1-1_2.pdf",
            "01_01",
            2,
            "pdf",
        ),
        (
            "99_SE-034-000000000-20241209-20241209_MR02-DE-1-1_2.pdf",
            "99_SE",
            2,
            "pdf",
        ),
    ] {
        let f = file(name);
        assert_eq!(f.kind(), NameKind::Document, "{name}");
        assert_eq!(f.typologie().map(|t| t.to_string()).as_deref(), Some(typ));
        assert_eq!(f.typologie_str(), Some(typ));
        assert_eq!(f.counter(), Some(k));
        assert_eq!(f.extension(), ext);
        assert_eq!(f.to_string(), name);
    }
}

#[test]
fn empty_segment_shapes() {
    let f = file("045-214502494----7-1_0.xml");
    assert_eq!(f.departement_str(), "045");
    assert_eq!(f.siren_str(), "214502494");
    assert_eq!((f.date(), f.numero(), f.nature()), (None, None, None));
    assert_eq!((f.date_str(), f.numero_str(), f.nature_str()), ("", "", ""));
    assert_eq!(f.message_code(), Some(code("7-1")));
    assert_eq!(f.acte_id(), None);

    let mi = FileName::parse_diagnostics("044-214400152----1-3_1.xml");
    assert!(mi.is_valid() && mi.diagnostics.is_empty());
    let mi = mi.value.expect("valid");
    assert_eq!(mi.message_code(), Some(code("1-3")));
    assert_eq!(mi.counter(), Some(1));

    // PASTELL fixture with a fake SIREN: structure read, SIREN refused.
    let p = FileName::parse_diagnostics("999-1234----7-2_7.xml");
    assert_eq!(
        found_p(&p),
        [
            ("ID-DEPARTEMENT-UNKNOWN", Some(0)),
            ("ID-SIREN-LENGTH", Some(8))
        ]
    );
    let v = p.value.expect("structure is there");
    assert_eq!(v.siren(), None);
    assert_eq!(v.siren_str(), "1234");
    assert_eq!(v.counter(), Some(7));
}

#[test]
fn counters_of_any_size() {
    for (name, k) in [
        ("006-210600235-20180522-684-AI-1-2_5279.xml", 5279),
        ("034-000000000-20170701-20170725A-AI-6-2_10.xml", 10),
        ("034-000000000-20170701-20170725A-AI-2-1_17.xml", 17),
        ("034-000000000-20170701-20170725A-AI-2-1_16.pdf", 16),
        (
            "034-000000000-20170701-20170725A-AI-2-1_18446744073709551615.pdf",
            u64::MAX,
        ),
    ] {
        assert_eq!(file(name).counter(), Some(k), "{name}");
    }
    let p = FileName::parse_diagnostics("034-000000000-20170701-20170725A-AI-1-1_02.pdf");
    assert!(p.is_valid());
    assert_eq!(
        found_p(&p),
        [
            ("ID-SIREN-LEADING-ZERO", Some(4)),
            ("NAME-COUNTER-PADDED", Some(40))
        ]
    );
    let p = FileName::parse_diagnostics(
        "045-214502494-20170717-D201717-AI-1-1_18446744073709551616.pdf",
    );
    assert_eq!(found_p(&p), [("NAME-COUNTER-OVERFLOW", Some(38))]);
    assert_eq!(p.value.expect("kept").counter(), None);
}

#[test]
fn missing_counter_and_extension() {
    let p = FileName::parse_diagnostics("034-491011698-20171207-CL20171227_06-DE-1-2.xml");
    assert!(p.is_valid());
    assert_eq!(found_p(&p), [("NAME-COUNTER-MISSING", Some(43))]);
    let v = p.value.expect("valid");
    assert_eq!(v.numero_str(), "CL20171227_06");
    assert_eq!(v.counter(), None);

    let p = FileName::parse_diagnostics("045-214502494-20170717-D201717-AI-1-1_0");
    assert_eq!(found_p(&p), [("NAME-EXTENSION", Some(39))]);
    assert_eq!(p.value.expect("kept").extension(), "");
}

#[test]
fn upper_case_extension_is_a_warning() {
    let p = FileName::parse_diagnostics("034-000000000-20170701-20170721D-AI-1-1_1.PDF");
    assert!(p.is_valid());
    assert_eq!(
        found_p(&p),
        [
            ("ID-SIREN-LEADING-ZERO", Some(4)),
            ("NAME-EXTENSION-CASE", Some(42))
        ]
    );
    assert_eq!(p.value.expect("valid").extension(), "PDF");
}

#[test]
fn numero_with_hyphens_is_read_from_both_ends() {
    let p = FileName::parse_diagnostics("062-216204982-20221214-2022-12-DE-1-1_0.xml");
    assert!(p.is_valid());
    assert_eq!(found_p(&p), [("ID-NUMERO-HYPHEN", Some(27))]);
    let f = p.value.expect("valid");
    assert_eq!(f.numero_str(), "2022-12");
    assert_eq!(f.nature(), Some(NatureActe::Deliberation));
    assert_eq!(
        f.acte_id().map(|i| i.to_string()).as_deref(),
        Some("062-216204982-20221214-2022-12-DE")
    );

    let f = file("99_DE-062-216204982-20221214-A-B-C-DE-4-4_3.pdf");
    assert_eq!(f.numero_str(), "A-B-C");
    assert_eq!(f.typologie_str(), Some("99_DE"));
    assert_eq!(f.message_code(), Some(code("4-4")));
}

#[test]
fn malformed_message_names() {
    // The name the MI rejected with AnomalieEnveloppe 999: no T-S.
    let p = FileName::parse_diagnostics("044-214400152-20180905-4365-DE-4365-DE_0.xml");
    assert_eq!(found_p(&p), [("NAME-MESSAGE-CODE-MISSING", Some(38))]);
    assert!(p.value.is_none());
    assert_eq!(
        classify_name("044-214400152-20180905-4365-DE-4365-DE_0.xml"),
        NameKind::Unrecognised
    );

    let p = FileName::parse_diagnostics("045-214502494-1-1_0.xml");
    assert_eq!(found_p(&p), [("NAME-STRUCTURE", Some(17))]);
    assert!(p.value.is_none());

    let cases: &[(&str, Expected)] = &[
        (
            "045-214502494-20171317-D201717-AI-1-1_0.xml",
            &[("NAME-DATE-INVALID", Some(14))],
        ),
        (
            "045-214502494-2017071-D201717-AI-1-1_0.xml",
            &[("NAME-DATE-SHAPE", Some(14))],
        ),
        (
            "045-214502494-20170717-D201717-Ai-1-1_0.xml",
            &[("NAME-NATURE-SHAPE", Some(31))],
        ),
        (
            "045-214502494-20170717-D201717-XX-1-1_0.xml",
            &[("ID-NATURE-ACTE-UNKNOWN", Some(31))],
        ),
        (
            "045-214502494-20170717-D201717-AI-9-9_0.xml",
            &[("ID-MESSAGE-CODE-UNKNOWN", Some(34))],
        ),
        (
            "069-123456789-20130601-20130623C-AI-1-1_1.pdf",
            &[("ID-SIREN-CHECKSUM", Some(4))],
        ),
        (
            "99_de-045-214502494-20170717-D201717-AI-1-1_1.pdf",
            &[("NAME-TYPOLOGIE-SHAPE", Some(3))],
        ),
        (
            "99_DEX-045-214502494-20170717-D201717-AI-1-1_1.pdf",
            &[("NAME-TYPOLOGIE-SHAPE", Some(5))],
        ),
        (
            "045-214502494-20170717-D2017/17-AI-1-1_0.xml",
            &[("ID-NUMERO-CHAR", Some(28))],
        ),
    ];
    for (name, expected) in cases {
        let p = FileName::parse_diagnostics(name);
        assert_eq!(&found_p(&p), expected, "{name}");
        let v = p.value.as_ref().expect("structure is there");
        assert_eq!(v.to_string(), *name);
        assert!(!p.is_valid(), "{name}");
        assert!(name.parse::<FileName>().is_err(), "{name}");
        // A bad message code or typologie leaves the act's identifier intact.
        let id_intact = name.contains("-9-9_") || name.starts_with("99_");
        assert_eq!(v.acte_id().is_some(), id_intact, "{name}");
    }
}

#[test]
fn matching_an_act_treats_the_date_as_a_wildcard() {
    let id: ActeId = "034-000000000-20170701-20170725A-AI"
        .parse()
        .expect("valid");
    for name in [
        "034-000000000-20170701-20170725A-AI-1-2_0.xml",
        "034-000000000-20170725-20170725A-AI-6-2_10.xml",
        "034-000000000--20170725A-AI-6-2_0.xml",
        "99_AI-034-000000000-20170701-20170725A-AI-1-1_1.pdf",
    ] {
        assert!(file(name).matches_acte(&id), "{name}");
    }
    for name in [
        "034-000000000-20170701-20170725B-AI-1-2_0.xml",
        "034-000000000-20170701-20170725A-DE-1-2_0.xml",
        "035-000000000-20170701-20170725A-AI-1-2_0.xml",
        "034-214502494-20170701-20170725A-AI-1-2_0.xml",
        "034-000000000----1-3_1.xml",
    ] {
        assert!(!file(name).matches_acte(&id), "{name}");
    }
}

// ---------------------------------------------------------------- emission

fn example_id() -> ActeId {
    "045-214502494-20170717-D201717-AI".parse().expect("valid")
}

#[test]
fn message_emission_refusals() {
    let hyphen: ActeId = "062-216204982-20221214-2022-12-DE"
        .parse()
        .expect("readable");
    let err = message_file_name(hyphen, code("1-1"), 0).unwrap_err();
    assert_eq!(found(&err.diagnostics), [("ID-NUMERO-HYPHEN", Some(27))]);
    assert!(err.diagnostics.iter().all(Diagnostic::is_error));

    let err = message_file_name(example_id(), code("7-1"), 0).unwrap_err();
    assert_eq!(
        found(&err.diagnostics),
        [("NAME-MESSAGE-CODE-CLASSIFICATION", Some(34))]
    );

    let far = StemParts::from(example_id()).with_date(date(10000, 1, 1));
    let err = message_file_name(far, code("1-1"), 0).unwrap_err();
    assert_eq!(found(&err.diagnostics), [("NAME-DATE-INVALID", Some(14))]);
}

#[test]
fn answers_can_carry_the_letter_date() {
    let parts = StemParts::from(example_id()).with_date(date(2017, 9, 1));
    assert_eq!(
        message_file_name(parts, code("2-2"), 0).expect("valid"),
        "045-214502494-20170901-D201717-AI-2-2_0.xml"
    );
    // Answers may go without typologie prefix (STELA), or with (S2LOW).
    assert_eq!(
        document_file_name(None, parts, code("3-4"), 1, Extension::Pdf).expect("valid"),
        "045-214502494-20170901-D201717-AI-3-4_1.pdf"
    );
    assert_eq!(parts.acte_id().expect("valid").date(), date(2017, 9, 1));
}

#[test]
fn document_emission_refusals() {
    let t: Typologie = "99_AI".parse().expect("valid");
    let err =
        document_file_name(Some(t), example_id(), code("1-1"), 0, Extension::Pdf).unwrap_err();
    assert_eq!(
        found(&err.diagnostics),
        [("NAME-DOCUMENT-COUNTER", Some(44))]
    );
    let err = document_file_name(None, example_id(), code("1-1"), 2, Extension::Png).unwrap_err();
    assert_eq!(
        found(&err.diagnostics),
        [("NAME-TYPOLOGIE-MISSING", Some(0))]
    );
    let lower: ActeId = "045-214502494-20170717-d201717-AI"
        .parse()
        .expect("readable");
    let err = document_file_name(Some(t), lower, code("1-1"), 1, Extension::Pdf).unwrap_err();
    assert_eq!(found(&err.diagnostics), [("ID-NUMERO-LOWERCASE", Some(29))]);
}

#[test]
fn classification_request() {
    let dep: Departement = "02A".parse().expect("valid");
    let name = classification_request_name(dep, siren("214502494")).expect("valid");
    assert_eq!(name, "02A-214502494----7-1_0.xml");
    let f = file(&name);
    assert_eq!(f.departement(), Some(dep));
    assert_eq!(f.message_code(), Some(code("7-1")));
}

#[test]
fn ustar_length_limit() {
    assert!(check_name_length(&"x".repeat(MAX_NAME_LEN)).is_ok());
    let err = check_name_length(&"x".repeat(MAX_NAME_LEN + 1)).unwrap_err();
    assert_eq!(found(&err.diagnostics), [("NAME-TOO-LONG", Some(100))]);
    // The longest emitted document name fits with room to spare.
    let id: ActeId = "02A-214502494-20170717-ABCDEFGHIJKLMNO-CC"
        .parse()
        .expect("valid");
    let t: Typologie = "99_DC".parse().expect("valid");
    let name =
        document_file_name(Some(t), id, code("4-4"), u32::MAX, Extension::Pdf).expect("valid");
    assert!(name.len() <= MAX_NAME_LEN, "{name}");
}

// ------------------------------------------------------- small codes, kinds

#[test]
fn small_codes() {
    assert!("EACT"
        .parse::<Application>()
        .expect("valid")
        .is_production());
    for ok in ["FABC", "QXYZ", "DACT"] {
        let p = Application::parse_diagnostics(ok);
        assert!(p.is_valid() && p.diagnostics.is_empty(), "{ok}");
    }
    assert_eq!(
        found_p(&Application::parse_diagnostics("EACTS")),
        [("NAME-APPLICATION-SHAPE", Some(4))]
    );
    assert_eq!(
        found_p(&Application::parse_diagnostics("")),
        [("NAME-APPLICATION-SHAPE", Some(0))]
    );
    assert_eq!(
        found_p(&Trigramme::parse_diagnostics("SLOW")),
        [("NAME-TRIGRAMME-SHAPE", Some(3))]
    );
    assert_eq!(
        found_p(&Typologie::parse_diagnostics("99_A")),
        [("NAME-TYPOLOGIE-SHAPE", Some(4))]
    );
    assert_eq!(
        Extension::from_content_type("text/xml"),
        Some(Extension::Xml)
    );
    assert_eq!(
        Extension::from_content_type("image/png"),
        Some(Extension::Png)
    );
    assert_eq!(Extension::from_content_type("application/zip"), None);
    assert_eq!(
        Extension::from_magic(b"\x89PNG\r\n\x1a\n...."),
        Some(Extension::Png)
    );
    assert_eq!(
        Extension::from_magic(&[0xFF, 0xD8, 0xFF, 0xE0]),
        Some(Extension::Jpg)
    );
    assert_eq!(
        Extension::from_magic(b"\xEF\xBB\xBF\r\n<?xml version=\"1.0\"?>"),
        Some(Extension::Xml)
    );
    assert_eq!(Extension::from_magic(b"PK\x03\x04"), None);
    assert_eq!(Extension::from_magic(b""), None);
    assert_eq!(".JPEG".parse::<Extension>().expect("valid"), Extension::Jpg);
    assert_eq!(
        "odt".parse::<Extension>().unwrap_err().codes(),
        ["NAME-EXTENSION"]
    );
}

#[test]
fn classify_and_any_name() {
    let cases = [
        ("SLO-EACT--214502494--20170717-6.tar.gz", NameKind::Archive),
        ("EACT--214502494--20170717-6.xml", NameKind::ClEnvelope),
        (
            "EACT--SPREF0441-214400152-20181012-9.xml",
            NameKind::MiEnvelope,
        ),
        ("ANO_EACT--214400152--20180925-1.xml", NameKind::Anomaly),
        (
            "045-214502494-20170717-D201717-AI-1-1_0.xml",
            NameKind::Message,
        ),
        (
            "99_AI-045-214502494-20170717-D201717-AI-1-1_1.pdf",
            NameKind::Document,
        ),
        (
            "034-000000000-20170701-20170725A-AI-2-1_1.pdf",
            NameKind::Document,
        ),
        ("courrier_simple.tar.gz", NameKind::Unrecognised),
        ("acte.pdf", NameKind::Unrecognised),
        ("", NameKind::Unrecognised),
    ];
    for (name, kind) in cases {
        assert_eq!(classify_name(name), kind, "{name}");
        let p = AnyName::parse_diagnostics(name);
        if kind == NameKind::Unrecognised {
            assert!(p.value.is_none(), "{name}");
            assert_eq!(found_p(&p), [("NAME-UNRECOGNISED", Some(0))], "{name}");
        } else {
            assert!(p.is_valid(), "{name}: {:?}", p.diagnostics);
            let v = p.value.expect("valid");
            assert_eq!(v.kind(), kind, "{name}");
            assert_eq!(v.to_string(), name);
        }
    }
    // Shape decides the kind; the segments are then validated.
    let p = AnyName::parse_diagnostics("ANO_garbage.xml");
    assert!(p.value.is_none());
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "NAME-ANOMALY-ENVELOPE"));
    assert_eq!(NameKind::MiEnvelope.to_string(), "mi_envelope");
}
