//! Receipt-level consistency: samples edited in the test so that the
//! ARActe disagrees with its IDActe, or with the transmission it answers.

use std::path::{Path, PathBuf};

use actes::ids::{ActeId, Siren};
use actes::messages::{DonneesActe, Message};
use actes::receipt::{self, Context, Receipt};
use chrono::NaiveDate;

fn sample(rel: &str) -> String {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/samples")
        .join(rel);
    let bytes = std::fs::read(&p).unwrap();
    // The samples used here are ASCII or ISO-8859-1; map bytes to chars.
    bytes.iter().map(|&b| b as char).collect()
}

const MISILCL_AR: &str = "s2low/test-archive-MISILCL/034-000000000-20170701-20170721D-AI-1-2_0.xml";
const PASTELL_AR: &str = "pastell/034-491011698-20171207-CL20171227_06-DE-1-2.xml";
const PASTELL_ACTE: &str = "pastell/034-491011698-20171207-CL20171227_06-DE-1-1_0.xml";

fn latin1(s: &str) -> Vec<u8> {
    s.chars().map(|c| c as u32 as u8).collect()
}

fn read(xml: &str, ctx: &Context) -> Receipt {
    receipt::read("edited.xml", &latin1(xml), ctx)
}

fn rcpt(r: &Receipt) -> Vec<(&'static str, String)> {
    r.diagnostics
        .iter()
        .filter(|d| d.code.as_str().starts_with("RCPT-"))
        .map(|d| (d.code.as_str(), d.location.path.clone().unwrap_or_default()))
        .collect()
}

fn codes(r: &Receipt) -> Vec<&'static str> {
    rcpt(r).into_iter().map(|(c, _)| c).collect()
}

fn edit(src: &str, from: &str, to: &str) -> String {
    assert!(src.contains(from), "{from:?} not in sample");
    src.replacen(from, to, 1)
}

fn recipient_000() -> Context {
    Context::default().with_recipient("000000000".parse::<Siren>().unwrap())
}

fn sent_pastell() -> DonneesActe {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/samples")
            .join(PASTELL_ACTE),
    )
    .unwrap();
    match Message::parse(&bytes).value {
        Some(Message::Acte(a)) => a,
        other => panic!("not an Acte: {other:?}"),
    }
}

#[test]
fn unedited_ar_is_consistent() {
    let r = read(&sample(MISILCL_AR), &recipient_000());
    assert_eq!(codes(&r), ["RCPT-CLASSIFICATION-AHEAD"]);
}

#[test]
fn idacte_date_disagrees_with_echo() {
    let xml = edit(
        &sample(MISILCL_AR),
        r#"actes:Date="2017-07-01""#,
        r#"actes:Date="2017-06-30""#,
    );
    let r = read(&xml, &recipient_000());
    let found = rcpt(&r);
    assert!(
        found.contains(&("RCPT-ID-DATE", "ARActe/@IDActe".to_string())),
        "{found:?}"
    );
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "RCPT-ID-DATE")
        .unwrap();
    assert_eq!(d.location.segment.as_deref(), Some("date"));
    assert_eq!(d.location.offset, Some(14));
    assert!(d.message_fr.contains("2017-06-30"));
}

#[test]
fn idacte_numero_nature_siren_disagree() {
    let src = sample(MISILCL_AR);
    let numero = edit(
        &src,
        r#"actes:NumeroInterne="20170721D""#,
        r#"actes:NumeroInterne="20170721E""#,
    );
    assert_eq!(
        codes(&read(&numero, &recipient_000())),
        ["RCPT-ID-NUMERO", "RCPT-CLASSIFICATION-AHEAD"]
    );

    let nature = edit(
        &src,
        r#"actes:CodeNatureActe="3""#,
        r#"actes:CodeNatureActe="1""#,
    );
    let r = read(&nature, &recipient_000());
    assert_eq!(codes(&r), ["RCPT-ID-NATURE", "RCPT-CLASSIFICATION-AHEAD"]);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "RCPT-ID-NATURE")
        .unwrap();
    assert_eq!(d.location.segment.as_deref(), Some("nature"));
    assert_eq!(d.location.offset, Some(33));

    // The recipient is another collectivité.
    let other = Context::default().with_recipient("214502494".parse::<Siren>().unwrap());
    assert_eq!(
        codes(&read(&src, &other)),
        ["RCPT-ID-SIREN", "RCPT-CLASSIFICATION-AHEAD"]
    );
}

#[test]
fn reception_dates() {
    let src = sample(MISILCL_AR);
    let before = edit(
        &src,
        r#"actes:DateReception="2017-07-21""#,
        r#"actes:DateReception="2017-06-21""#,
    );
    let r = read(&before, &recipient_000());
    assert!(rcpt(&r).contains(&(
        "RCPT-DATE-BEFORE-DECISION",
        "ARActe/@DateReception".to_string()
    )));

    // Not a real date: reported by the parser, the other checks still run.
    let unreal = edit(
        &src,
        r#"actes:DateReception="2017-07-21""#,
        r#"actes:DateReception="2017-02-30""#,
    );
    let r = read(&unreal, &recipient_000());
    assert!(r.is_read());
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "MSG-INVALID-DATE"
            && d.location.path.as_deref() == Some("ARActe/@DateReception")));

    let future = recipient_000().with_today(NaiveDate::from_ymd_opt(2017, 7, 20).unwrap());
    assert!(codes(&read(&src, &future)).contains(&"RCPT-DATE-FUTURE"));
}

#[test]
fn classification_outdated_and_annex_count() {
    let src = sample(MISILCL_AR);
    let outdated = edit(
        &src,
        "<actes:ClassificationDateVersionEnCours>2008-12-31",
        "<actes:ClassificationDateVersionEnCours>2018-01-01",
    );
    assert_eq!(
        codes(&read(&outdated, &recipient_000())),
        ["RCPT-CLASSIFICATION-OUTDATED"]
    );
    let same = edit(
        &src,
        "<actes:ClassificationDateVersionEnCours>2008-12-31",
        "<actes:ClassificationDateVersionEnCours>2017-07-13",
    );
    assert!(codes(&read(&same, &recipient_000())).is_empty());
    // A miscount is the message reader's finding, reported once (not
    // again as a receipt finding).
    let count = edit(&same, r#"actes:Nombre="0""#, r#"actes:Nombre="2""#);
    let r = read(&count, &recipient_000());
    assert!(rcpt(&r).is_empty(), "{:?}", r.diagnostics);
    let count: Vec<&str> = r
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .filter(|c| c.contains("ANNEXES"))
        .collect();
    assert_eq!(count, ["MSG-ANNEXES-COUNT"]);
}

// ---- Against the transmission sent ----

fn with_sent() -> Context {
    Context::default()
        .with_recipient("491011698".parse::<Siren>().unwrap())
        .with_sent(sent_pastell())
}

#[test]
fn pastell_ar_matches_the_act_sent() {
    let r = read(&sample(PASTELL_AR), &with_sent());
    assert!(codes(&r).is_empty(), "{:?}", r.diagnostics);
    // The echo without the typologie prefix is accepted too.
    let xml = edit(&sample(PASTELL_AR), "32_DP-034", "034");
    assert!(codes(&read(&xml, &with_sent())).is_empty());
}

#[test]
fn echo_fields_that_differ_from_what_was_sent() {
    let src = sample(PASTELL_AR);
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "Fichier sign&#xE9; parapheur",
            "Autre objet",
            "RCPT-ECHO-FIELD",
            "ARActe/ActeRecu/Objet",
        ),
        (
            r#"<actes:CodeMatiere2 actes:CodeMatiere="2"/>"#,
            r#"<actes:CodeMatiere2 actes:CodeMatiere="1"/>"#,
            "RCPT-ECHO-MATIERES",
            "ARActe/ActeRecu/CodeMatiere1",
        ),
        (
            "32_DP-034-491011698-20171207-CL20171227_06-DE-1-1_1.pdf",
            "32_DP-034-491011698-20171207-CL20171227_06-DE-1-1_2.pdf",
            "RCPT-ECHO-DOCUMENT",
            "ARActe/ActeRecu/Document/NomFichier",
        ),
        (
            "32_DP-034",
            "99_DE-034",
            "RCPT-ECHO-TYPOLOGIE",
            "ARActe/ActeRecu/Document/NomFichier",
        ),
        (
            "<actes:DocumentPapier>N",
            "<actes:DocumentPapier>O",
            "RCPT-ECHO-PAPIER",
            "ARActe/ActeRecu/DocumentPapier",
        ),
    ];
    for (from, to, code, path) in cases {
        let r = read(&edit(&src, from, to), &with_sent());
        assert_eq!(rcpt(&r), [(*code, path.to_string())], "{from} → {to}");
    }
    // The classification date: also older than the current version.
    let r = read(
        &edit(
            &src,
            "<actes:ClassificationDateVersion>2017-11-13",
            "<actes:ClassificationDateVersion>2017-11-12",
        ),
        &with_sent(),
    );
    assert_eq!(
        rcpt(&r),
        [
            (
                "RCPT-CLASSIFICATION-OUTDATED",
                "ARActe/ClassificationDateVersionEnCours".to_string()
            ),
            (
                "RCPT-ECHO-FIELD",
                "ARActe/ActeRecu/ClassificationDateVersion".to_string()
            ),
        ]
    );
    // The decision date: the IDActe no longer agrees either.
    let r = read(
        &edit(
            &src,
            r#"actes:Date="2017-12-07""#,
            r#"actes:Date="2017-12-06""#,
        ),
        &with_sent(),
    );
    assert_eq!(codes(&r), ["RCPT-ID-DATE", "RCPT-ECHO-FIELD"]);
}

#[test]
fn annexes_that_differ_from_what_was_sent() {
    let src = sample(PASTELL_AR);
    let one = edit(
        &src,
        r#"<actes:Annexes actes:Nombre="0"/>"#,
        r#"<actes:Annexes actes:Nombre="1"><actes:Annexe><actes:NomFichier>034-491011698-20171207-CL20171227_06-DE-1-1_2.pdf</actes:NomFichier></actes:Annexe></actes:Annexes>"#,
    );
    assert_eq!(
        rcpt(&read(&one, &with_sent())),
        [("RCPT-ECHO-ANNEXES", "ARActe/ActeRecu/Annexes".to_string())]
    );
    let miscounted = edit(
        &src,
        r#"<actes:Annexes actes:Nombre="0"/>"#,
        r#"<actes:Annexes actes:Nombre="0"><actes:Annexe><actes:NomFichier>x.pdf</actes:NomFichier></actes:Annexe></actes:Annexes>"#,
    );
    assert_eq!(
        codes(&read(&miscounted, &with_sent())),
        ["RCPT-ECHO-ANNEXES"]
    );
}

#[test]
fn receipt_for_another_act() {
    let src = sample(PASTELL_AR);
    // Another numéro everywhere: the receipt of another act, reported once.
    let other = src.replace("CL20171227_06", "CL20171227_07");
    let r = read(&other, &with_sent());
    assert_eq!(codes(&r), ["RCPT-OTHER-ACT"]);
    assert!(r.diagnostics[0].message_en.contains("CL20171227_07"));

    // By the act expected.
    let expected: ActeId = "034-491011698-20171207-CL20171227_05-DE".parse().unwrap();
    let r = read(&src, &Context::default().with_expected(expected));
    assert_eq!(rcpt(&r), [("RCPT-OTHER-ACT", "ARActe/@IDActe".to_string())]);
    // Same SIREN and numéro, another date: a warning.
    let expected: ActeId = "034-491011698-20171208-CL20171227_06-DE".parse().unwrap();
    let r = read(&src, &Context::default().with_expected(expected));
    assert_eq!(codes(&r), ["RCPT-EXPECTED-ID"]);
}

#[test]
fn letter_for_another_act_and_letter_dates() {
    let src = sample("s2low/test-courrier-simple/034-000000000-20170701-20170725A-AI-2-1_0.xml");
    let expected: ActeId = "034-000000000-20170701-20170725A-AI".parse().unwrap();
    let r = read(&src, &recipient_000().with_expected(expected));
    assert!(codes(&r).is_empty(), "{:?}", r.diagnostics);
    let expected: ActeId = "034-000000000-20170701-20170725B-AI".parse().unwrap();
    let r = read(&src, &recipient_000().with_expected(expected));
    assert_eq!(codes(&r), ["RCPT-OTHER-ACT"]);
    let early = edit(&src, "2017-07-25", "2017-06-25");
    assert_eq!(
        codes(&read(&early, &recipient_000())),
        ["RCPT-DATE-BEFORE-DECISION"]
    );
}
