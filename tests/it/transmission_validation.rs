//! Each emission-profile rule: an accepted and a rejected case, with the
//! code and the field path; several errors reported at once.

use crate::archive_support;

use actes::classification::Classification;
use actes::transmission::*;
use archive_support::*;

fn acte_with(f: impl FnOnce(&mut NouvelActe)) -> Transmission {
    let mut a = lens_acte();
    f(&mut a);
    with(Contenu::Acte(a))
}

fn errors_of(t: &Transmission) -> Vec<(String, String)> {
    let d = t.validate(&options());
    codes(&d.into_iter().filter(|d| d.is_error()).collect::<Vec<_>>())
}

#[test]
fn the_lens_example_is_clean() {
    assert!(lens().validate(&options()).is_empty());
}

#[test]
fn objet_rules() {
    let ok = "x".repeat(499);
    assert!(errors_of(&acte_with(|a| a.objet = ok)).is_empty());
    // 499 characters, many of them multi-byte: counted as characters.
    let accents = "é’œ€".repeat(124) + "abc";
    assert_eq!(accents.chars().count(), 499);
    assert!(errors_of(&acte_with(|a| a.objet = accents)).is_empty());

    for (objet, code) in [
        ("", "ACTE-OBJET-EMPTY"),
        ("   ", "ACTE-OBJET-EMPTY"),
        ("two\nlines", "ACTE-OBJET-MULTILINE"),
        ("carriage\rreturn", "ACTE-OBJET-MULTILINE"),
        ("tab\there", "ACTE-OBJET-CONTROL"),
        ("bell\u{7}", "ACTE-OBJET-CONTROL"),
    ] {
        let e = errors_of(&acte_with(|a| a.objet = objet.into()));
        assert_eq!(
            e,
            [(code.to_string(), "acte/objet".to_string())],
            "{objet:?}"
        );
    }
    let e = errors_of(&acte_with(|a| a.objet = "é".repeat(500)));
    assert_eq!(
        e,
        [("ACTE-OBJET-TOO-LONG".to_string(), "acte/objet".to_string())]
    );
}

#[test]
fn decision_date_not_after_today() {
    assert!(errors_of(&acte_with(|a| a.date = today())).is_empty());
    let e = errors_of(&acte_with(|a| a.date = date("2022-12-20")));
    assert_eq!(
        e,
        [("ACTE-DATE-FUTURE".to_string(), "acte/date".to_string())]
    );
}

#[test]
fn numero_emission_profile() {
    let e = errors_of(&acte_with(|a| {
        a.numero = "dlb12-1".parse().expect("lenient");
    }));
    assert_eq!(
        e,
        [
            ("ID-NUMERO-LOWERCASE".to_string(), "acte/numero".to_string()),
            ("ID-NUMERO-HYPHEN".to_string(), "acte/numero".to_string()),
        ]
    );
}

#[test]
fn classification_levels_and_membership() {
    let e = errors_of(&acte_with(|a| a.matiere = "8".parse().expect("code")));
    assert_eq!(
        e,
        [(
            "ID-MATIERE-LEVELS-1-2".to_string(),
            "acte/matiere".to_string()
        )]
    );
    let e = errors_of(&acte_with(|a| a.matiere = "8.12".parse().expect("code")));
    assert_eq!(
        e,
        [(
            "CLASS-MATIERE-UNKNOWN".to_string(),
            "acte/matiere".to_string()
        )]
    );

    // With the préfecture's file, level 3 is checked too.
    let file = reference().join("refdata/pastell-megalis_classification-exemple_2019-03-01.xml");
    let class = Classification::from_path(&file)
        .value
        .expect("classification");
    let opts = options().with_classification(&class);
    let mut t = acte_with(|a| {
        a.matiere = "8.9".parse().expect("code");
        a.classification_date = class.date();
    });
    let d = t.validate(&opts);
    assert!(!actes::diagnostic::has_errors(&d), "{d:?}");
    if let Contenu::Acte(a) = &mut t.contenu {
        a.matiere = "1.1.99".parse().expect("code");
        a.classification_date = date("2019-01-01");
    }
    let d = t.validate(&opts);
    assert!(has(&d, "CLASS-MATIERE-UNKNOWN", "acte/matiere"), "{d:?}");
    assert!(has(
        &d,
        "ACTE-CLASSIFICATION-DATE-STALE",
        "acte/classification_date"
    ));
}

#[test]
fn typologie_mandatory_and_allowed_for_the_nature() {
    let e = errors_of(&acte_with(|a| a.annexes[0].typologie = None));
    assert_eq!(
        e,
        [(
            "ACTE-TYPOLOGIE-MISSING".to_string(),
            "acte/annexes[0]/typologie".to_string()
        )]
    );
    let e = errors_of(&acte_with(|a| a.document.typologie = None));
    assert_eq!(
        e,
        [(
            "ACTE-TYPOLOGIE-MISSING".to_string(),
            "acte/document/typologie".to_string()
        )]
    );
    // 99_SE is allowed for every nature by the built-in defaults.
    assert!(errors_of(&acte_with(|a| a.annexes[0].typologie = Some(typ("99_SE")))).is_empty());
    // Without a classification, an unknown code is a warning only.
    let t = acte_with(|a| a.annexes[0].typologie = Some(typ("22_NE")));
    let d = t.validate(&options());
    assert!(!actes::diagnostic::has_errors(&d));
    assert!(has(
        &d,
        "CLASS-TYPOLOGIE-UNVERIFIED",
        "acte/annexes[0]/typologie"
    ));
    // With a classification that lists typologies, it is an error.
    let file = reference().join("refdata/pastell-megalis_classification-exemple_2019-03-01.xml");
    let class = Classification::from_path(&file)
        .value
        .expect("classification");
    let d = t.validate(&options().with_classification(&class));
    assert!(
        has(
            &d,
            "CLASS-TYPOLOGIE-NOT-ALLOWED",
            "acte/annexes[0]/typologie"
        ),
        "{d:?}"
    );
    let ok = acte_with(|a| a.annexes[0].typologie = Some(typ("21_DE")));
    let d = ok.validate(&options().with_classification(&class));
    assert!(!d
        .iter()
        .any(|d| d.location.path.as_deref() == Some("acte/annexes[0]/typologie")));
}

#[test]
fn document_types_by_content() {
    // The act must be PDF; a PNG act is refused whatever its name.
    let e = errors_of(&acte_with(|a| {
        a.document.content = DocumentContent::bytes(PNG.to_vec());
    }));
    assert_eq!(
        e,
        [("ACTE-FILE-TYPE".to_string(), "acte/document".to_string())]
    );
    // A PNG annex is fine.
    assert!(errors_of(&acte_with(
        |a| a.annexes[0].content = DocumentContent::bytes(PNG.to_vec())
    ))
    .is_empty());
    // Text is not accepted anywhere.
    let e = errors_of(&acte_with(|a| {
        a.annexes[0].content = DocumentContent::bytes(b"hello".to_vec());
    }));
    assert_eq!(
        e,
        [("ACTE-FILE-TYPE".to_string(), "acte/annexes[0]".to_string())]
    );
    // XML act: only nature 5 with 7.1.
    // A sealed TotEM document (the seal rules: budget_emission.rs).
    let xml = crate::budget_emission::sealed(
        "<?xml version=\"1.0\"?><DocumentBudgetaire><VersionOutil/></DocumentBudgetaire>",
    );
    let e = errors_of(&acte_with(|a| {
        a.document.content = DocumentContent::bytes(xml.clone());
    }));
    assert_eq!(
        e,
        [
            (
                "ACTE-FILE-XML-NOT-ALLOWED".to_string(),
                "acte/document".to_string()
            ),
            (
                "ACTE-FILE-XML-NOT-ALLOWED".to_string(),
                "acte/document".to_string()
            ),
        ]
    );
    let budget = |annex: Vec<u8>| {
        acte_with(|a| {
            a.nature = "BF".parse().expect("nature");
            a.matiere = "7.1".parse().expect("matiere");
            a.document = Piece::new(typ("99_BU"), DocumentContent::bytes(xml.clone()));
            a.annexes = vec![Piece::new(typ("99_BU"), DocumentContent::bytes(annex))];
        })
    };
    assert!(errors_of(&budget(pdf("annexe"))).is_empty());
    // With an XML act, annexes must be PDF.
    let e = errors_of(&budget(PNG.to_vec()));
    assert_eq!(
        e,
        [(
            "ACTE-ANNEXE-NOT-PDF".to_string(),
            "acte/annexes[0]".to_string()
        )]
    );
}

#[test]
fn empty_truncated_and_unreadable_files() {
    let e = errors_of(&acte_with(|a| {
        a.annexes[0].content = DocumentContent::bytes(Vec::new());
    }));
    assert_eq!(
        e,
        [("ACTE-FILE-EMPTY".to_string(), "acte/annexes[0]".to_string())]
    );
    let mut cut = pdf("cut");
    cut.truncate(cut.len() - 10);
    let e = errors_of(&acte_with(|a| {
        a.document.content = DocumentContent::bytes(cut.clone());
    }));
    assert_eq!(
        e,
        [(
            "ACTE-PDF-TRUNCATED".to_string(),
            "acte/document".to_string()
        )]
    );
    // The same for a file on disk larger than the probe.
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.pdf");
    let mut content = pdf("big");
    content.truncate(content.len() - 7);
    content.extend(vec![b' '; 5000]);
    std::fs::write(&big, &content).expect("write");
    let e = errors_of(&acte_with(|a| {
        a.document.content = DocumentContent::path(&big);
    }));
    assert_eq!(
        e,
        [(
            "ACTE-PDF-TRUNCATED".to_string(),
            "acte/document".to_string()
        )]
    );
    let e = errors_of(&acte_with(|a| {
        a.document.content = DocumentContent::path(dir.path().join("missing.pdf"));
    }));
    assert_eq!(
        e,
        [(
            "ACTE-FILE-UNREADABLE".to_string(),
            "acte/document".to_string()
        )]
    );
}

#[test]
fn total_size_is_capped() {
    let t = lens();
    let total: usize = 2 * pdf("x").len();
    let d = t.validate(&options().with_max_total_size(100));
    assert!(has(&d, "ACTE-SIZE-TOTAL", "acte"), "{d:?}");
    assert!(t
        .validate(&options().with_max_total_size(total as u64 * 10))
        .is_empty());
}

#[test]
fn collectivite_emails_and_envelope_numbers() {
    let mut t = lens();
    t.collectivite.adresses_retour = vec!["ok@example.fr".into(), "a+b@example.fr".into()];
    if let Some(r) = t.collectivite.referent.as_mut() {
        r.email = Some("nobody@localhost".into());
    }
    t.envoi.sequence = 10_000;
    let e = errors_of(&t);
    assert_eq!(
        e,
        [
            (
                "ACTE-EMAIL-INVALID".to_string(),
                "collectivite/referent/email".to_string()
            ),
            (
                "ACTE-EMAIL-INVALID".to_string(),
                "collectivite/adresses_retour[1]".to_string()
            ),
            (
                "NAME-SEQUENCE-RANGE".to_string(),
                "envoi/sequence".to_string()
            ),
        ]
    );
    t.collectivite.adresses_retour.clear();
    assert!(errors_of(&t).contains(&(
        "ACTE-ADRESSES-RETOUR-EMPTY".to_string(),
        "collectivite/adresses_retour".to_string()
    )));
}

#[test]
fn follow_ups_must_concern_an_act_of_the_collectivite() {
    let own = with(Contenu::Annulation(DemandeAnnulation {
        id_acte: "062-216204982-20221214-DLB12_14122022-DE"
            .parse()
            .expect("id"),
    }));
    assert!(errors_of(&own).is_empty());
    let other = with(Contenu::Annulation(DemandeAnnulation {
        id_acte: "045-214502494-20170717-D201717-AI".parse().expect("id"),
    }));
    assert_eq!(
        errors_of(&other),
        [
            (
                "ACTE-ID-MISMATCH".to_string(),
                "annulation/id_acte".to_string()
            ),
            (
                "ACTE-ID-MISMATCH".to_string(),
                "annulation/id_acte".to_string()
            ),
        ]
    );
}

#[test]
fn answers_have_the_right_number_of_documents() {
    let id: actes::ids::ActeId = "062-216204982-20221214-DLB12_14122022-DE"
        .parse()
        .expect("id");
    let answer = |kind, n: usize| {
        with(Contenu::Reponse(Reponse {
            kind,
            id_acte: id,
            date_courrier: date("2022-12-16"),
            documents: (0..n)
                .map(|_| Piece::untyped(DocumentContent::bytes(pdf("reponse"))))
                .collect(),
        }))
    };
    for kind in ReponseType::ALL {
        let (min, max) = kind.documents();
        assert!(errors_of(&answer(kind, min)).is_empty(), "{kind:?}");
        let bad = if max == 0 {
            1
        } else if min == 1 && max == 1 {
            2
        } else {
            0
        };
        assert_eq!(
            errors_of(&answer(kind, bad)),
            [(
                "ACTE-REPONSE-DOCUMENTS".to_string(),
                "reponse/documents".to_string()
            )],
            "{kind:?}"
        );
    }
    let mut late = answer(ReponseType::ReponseCourrierSimple, 1);
    if let Contenu::Reponse(r) = &mut late.contenu {
        r.date_courrier = date("2023-01-01");
    }
    assert_eq!(
        errors_of(&late),
        [(
            "ACTE-DATE-FUTURE".to_string(),
            "reponse/date_courrier".to_string()
        )]
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let mut t = acte_with(|a| {
        a.date = date("2023-01-01");
        a.objet = String::new();
        a.matiere = "8".parse().expect("code");
        a.document.content = DocumentContent::bytes(PNG.to_vec());
        a.annexes[0].typologie = None;
    });
    t.collectivite.adresses_retour = vec!["bad@".into()];
    let e = errors_of(&t);
    for (code, path) in [
        ("ACTE-DATE-FUTURE", "acte/date"),
        ("ACTE-OBJET-EMPTY", "acte/objet"),
        ("ID-MATIERE-LEVELS-1-2", "acte/matiere"),
        ("ACTE-FILE-TYPE", "acte/document"),
        ("ACTE-TYPOLOGIE-MISSING", "acte/annexes[0]/typologie"),
        ("ACTE-EMAIL-INVALID", "collectivite/adresses_retour[0]"),
    ] {
        assert!(
            e.contains(&(code.to_string(), path.to_string())),
            "{code} {path}: {e:?}"
        );
    }
    assert_eq!(e.len(), 6, "{e:?}");
}

#[test]
fn json_input_reports_field_paths() {
    let json = br#"{
      "collectivite": {"siren": "216204982", "departement": "062", "arrondissement": "7",
        "nature": "31", "adresses_retour": ["actes@example.fr"]},
      "transmetteur": {"trigramme": "SLO", "application": "XACT"},
      "envoi": {"date": "2022-12-19", "sequence": 1},
      "acte": {"nature": "DE", "date": "2022-12-14", "numero": "DLB12_14122022",
        "objet": "x\ny", "matiere": "8.9", "classification_date": "2022-06-01",
        "document": {"path": "deliberation.pdf", "typologie": "99_DE"},
        "annexes": [{"path": "convention.pdf", "typologie": "99-de"}]}}"#;
    let p = parse_json(json, &fixtures().join("lens"));
    assert!(p.value.is_none());
    let c = codes(&p.diagnostics);
    assert!(
        c.contains(&(
            "NAME-TYPOLOGIE-SHAPE".into(),
            "acte/annexes[0]/typologie".into()
        )),
        "{c:?}"
    );
    assert!(
        c.contains(&("ACTE-OBJET-MULTILINE".into(), "acte/objet".into())),
        "{c:?}"
    );
    assert!(
        c.iter().any(|(_, p)| p == "transmetteur/application"),
        "{c:?}"
    );

    let bad_json = parse_json(b"{\"collectivite\": 3}", std::path::Path::new("."));
    assert_eq!(bad_json.diagnostics[0].code.as_str(), "ACTE-INPUT-INVALID");

    let lens = std::fs::read(fixtures().join("lens/input.json")).expect("fixture");
    let p = parse_json(&lens, &fixtures().join("lens"));
    let t = p.value.expect("the Lens input converts");
    assert!(t.validate(&options()).is_empty());
}
