//! Properties: generating a name from valid parts and parsing it gives the
//! same parts back; no input ever makes a parser panic.

use actes::ids::Typologie;
use actes::ids::{Departement, MessageCode, NatureActe, NumeroInterne, Siren};
use actes::naming::{
    archive_name, classification_request_name, classify_name, document_file_name, envelope_name,
    message_file_name, AnomalyName, AnyName, Application, ArchiveName, EnvelopeName, Extension,
    FileName, MiEnvelopeName, NameKind, StemParts, Trigramme, MAX_NAME_LEN,
};
use chrono::NaiveDate;
use proptest::prelude::*;

fn departement() -> impl Strategy<Value = Departement> {
    let known: Vec<Departement> = Departement::known().collect();
    prop::sample::select(known)
}

fn siren() -> impl Strategy<Value = Siren> {
    (0u32..100_000_000).prop_map(|n| Siren::complete(&format!("{n:08}")).expect("8 digits"))
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..=2200, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("valid"))
}

/// Numéros of the emission profile (rule E1).
fn numero() -> impl Strategy<Value = NumeroInterne> {
    "[A-Z0-9]([A-Z0-9_]{0,13}[A-Z0-9])?".prop_map(|s| s.parse().expect("E1 numéro"))
}

fn nature() -> impl Strategy<Value = NatureActe> {
    prop::sample::select(NatureActe::ALL.to_vec())
}

/// Every message code but 7-1, which has its own name shape.
fn message_code() -> impl Strategy<Value = MessageCode> {
    let codes: Vec<MessageCode> = MessageCode::ALL
        .iter()
        .copied()
        .filter(|c| c.to_string() != "7-1")
        .collect();
    prop::sample::select(codes)
}

fn parts() -> impl Strategy<Value = StemParts> {
    (departement(), siren(), date(), numero(), nature()).prop_map(
        |(departement, siren, date, numero, nature)| StemParts {
            departement,
            siren,
            date,
            numero,
            nature,
        },
    )
}

fn assert_parts(f: &FileName, p: &StemParts, code: MessageCode) {
    assert_eq!(f.departement(), Some(p.departement));
    assert_eq!(f.siren(), Some(p.siren));
    assert_eq!(f.date(), Some(p.date));
    assert_eq!(f.numero(), Some(p.numero));
    assert_eq!(f.nature(), Some(p.nature));
    assert_eq!(f.message_code(), Some(code));
    assert_eq!(f.acte_id(), p.acte_id().ok());
}

proptest! {
    #[test]
    fn message_names_round_trip(p in parts(), code in message_code(), k in any::<u32>()) {
        let name = message_file_name(p, code, k).expect("valid parts");
        prop_assert!(name.len() <= MAX_NAME_LEN);
        let parsed = FileName::parse_diagnostics(&name);
        // Only reference-data warnings (e.g. a SIREN starting with 0).
        prop_assert!(parsed.errors().next().is_none(), "{}: {:?}", name, parsed.diagnostics);
        let f = parsed.value.expect("valid");
        assert_parts(&f, &p, code);
        prop_assert_eq!(f.counter(), Some(u64::from(k)));
        prop_assert_eq!(f.typologie(), None);
        prop_assert_eq!(f.extension(), "xml");
        prop_assert_eq!(f.kind(), NameKind::Message);
        prop_assert_eq!(classify_name(&name), NameKind::Message);
        prop_assert!(f.matches_acte(&p.acte_id().expect("valid")));
        prop_assert_eq!(f.to_string(), name);
    }

    #[test]
    fn document_names_round_trip(
        p in parts(),
        code in message_code(),
        k in 1u32..100_000,
        t in "[A-Z0-9_]{5}",
        ext in prop::sample::select(Extension::ALL.to_vec()),
    ) {
        let t: Typologie = t.parse().expect("valid typologie");
        let name = document_file_name(Some(t), p, code, k, ext).expect("valid parts");
        let parsed = FileName::parse_diagnostics(&name);
        prop_assert!(parsed.errors().next().is_none(), "{}: {:?}", name, parsed.diagnostics);
        let f = parsed.value.expect("valid");
        assert_parts(&f, &p, code);
        prop_assert_eq!(f.typologie(), Some(t));
        prop_assert_eq!(f.counter(), Some(u64::from(k)));
        prop_assert_eq!(f.extension(), ext.as_str());
        prop_assert_eq!(f.kind(), NameKind::Document);
        prop_assert_eq!(f.to_string(), name);
    }

    #[test]
    fn classification_requests_round_trip(d in departement(), s in siren()) {
        let name = classification_request_name(d, s).expect("valid");
        let f: FileName = name.parse().expect("valid");
        prop_assert_eq!(f.departement(), Some(d));
        prop_assert_eq!(f.siren(), Some(s));
        prop_assert_eq!((f.date(), f.numero(), f.nature()), (None, None, None));
        prop_assert_eq!(f.message_code().map(|c| c.to_string()), Some("7-1".to_string()));
    }

    #[test]
    fn envelope_and_archive_names_round_trip(
        tri in "[A-Za-z0-9]{3}",
        production in any::<bool>(),
        s in siren(),
        d in date(),
        seq in 1u64..=9999,
    ) {
        let app = if production { Application::EACT } else { Application::TACT };
        let tri: Trigramme = tri.parse().expect("valid trigramme");
        let env = envelope_name(app, s, d, seq).expect("valid");
        let arc = archive_name(tri, app, s, d, seq).expect("valid");
        let e: EnvelopeName = env.parse().expect("valid");
        prop_assert_eq!((e.application(), e.siren(), e.date(), e.sequence()), (app, s, d, seq));
        let a: ArchiveName = arc.parse().expect("valid");
        prop_assert_eq!(a.trigramme(), tri);
        prop_assert_eq!(a.envelope_name(), e);
        prop_assert_eq!(a.envelope_name().to_string(), env.clone());
        let ano = a.anomaly_name().to_string();
        let back: AnomalyName = ano.parse().expect("valid");
        prop_assert_eq!(back.archive_name(tri).to_string(), arc.clone());
        prop_assert_eq!(classify_name(&env), NameKind::ClEnvelope);
        prop_assert_eq!(classify_name(&arc), NameKind::Archive);
        prop_assert_eq!(classify_name(&ano), NameKind::Anomaly);
    }

    #[test]
    fn mi_envelope_names_round_trip(
        d in departement(),
        arr in 0u8..=9,
        form in 0u8..3,
        s in siren(),
        day in date(),
        seq in any::<u64>(),
    ) {
        let emetteur = match form {
            0 => format!("PREF{d}"),
            1 => format!("SPREF{d}{arr}"),
            _ => format!("SGAR{d}"),
        };
        let name = format!("EACT--{emetteur}-{s}-{}-{seq}.xml", day.format("%Y%m%d"));
        let p = MiEnvelopeName::parse_diagnostics(&name);
        prop_assert!(p.errors().next().is_none(), "{}: {:?}", name, p.diagnostics);
        prop_assert!(!p.diagnostics.iter().any(|d| d.code.as_str() == "NAME-EMETTEUR-UNKNOWN"));
        let m = p.value.expect("valid");
        prop_assert_eq!(m.emetteur().departement(), Some(d));
        prop_assert_eq!((m.siren(), m.date(), m.sequence()), (s, day, seq));
        prop_assert_eq!(m.to_string(), name.clone());
        prop_assert_eq!(classify_name(&name), NameKind::MiEnvelope);
    }

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        exercise(&s);
    }

    #[test]
    fn name_like_strings_never_panic(s in "[-_.A-Za-z0-9é]{0,60}") {
        exercise(&s);
    }

    #[test]
    fn mutated_names_never_panic(
        base in prop::sample::select(vec![
            "SLO-EACT--214502494--20170717-6.tar.gz",
            "EACT--214502494--20170717-6.xml",
            "EACT--SPREF0441-214400152-20181012-9.xml",
            "ANO_EACT--214400152--20180925-1.xml",
            "99_AI-045-214502494-20170717-D201717-AI-1-1_1.pdf",
            "045-214502494----7-1_0.xml",
        ]),
        cut in 0usize..60,
        insert in "[-_.A-Z0-9é]{0,3}",
    ) {
        let at = base.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(base.len());
        let mut s = base.to_string();
        s.insert_str(at, &insert);
        exercise(&s);
        exercise(base.get(..at).unwrap_or_default());
        exercise(base.get(at..).unwrap_or_default());
    }
}

/// Runs every parser and every accessor; a parsed `FileName` always gives
/// its input back, and every diagnostic offset lies within the input.
fn exercise(s: &str) {
    let within = |diags: &[actes::diagnostic::Diagnostic]| {
        for d in diags {
            assert!(d.location.offset.unwrap_or(0) <= s.len(), "{s:?}: {d:?}");
        }
    };
    let _ = classify_name(s);
    let any = AnyName::parse_diagnostics(s);
    within(&any.diagnostics);
    if let Some(v) = any.value {
        let _ = (v.kind(), v.to_string());
    }
    let f = FileName::parse_diagnostics(s);
    within(&f.diagnostics);
    if let Some(f) = f.value {
        assert_eq!(f.to_string(), s);
        let _ = (
            f.kind(),
            f.typologie(),
            f.typologie_str(),
            f.departement_str(),
            f.siren_str(),
            f.date_str(),
            f.numero_str(),
            f.nature_str(),
            f.message_code_str(),
            f.counter(),
            f.extension(),
            f.acte_id(),
        );
    }
    within(&ArchiveName::parse_diagnostics(s).diagnostics);
    within(&EnvelopeName::parse_diagnostics(s).diagnostics);
    within(&MiEnvelopeName::parse_diagnostics(s).diagnostics);
    within(&AnomalyName::parse_diagnostics(s).diagnostics);
    within(&Application::parse_diagnostics(s).diagnostics);
    within(&Trigramme::parse_diagnostics(s).diagnostics);
    within(&Typologie::parse_diagnostics(s).diagnostics);
    let _ = s.parse::<Extension>();
    let _ = Extension::from_content_type(s);
    let _ = Extension::from_magic(s.as_bytes());
}
