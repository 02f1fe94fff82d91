//! SCDL « Délibérations »: the CSV validates against the project's Table
//! Schema with the `frictionless` Python package (what Validata runs), and
//! every written row meets the official schema's custom checks
//! (after-acknowledgement.md §3), checked here independently of the crate
//! (the level-1 labels from the reference nomenclature). Without
//! frictionless the validation prints a notice and skips, except under
//! `CI=true`, where it fails.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::Command;

use actes::diagnostic::Severity;
use actes::ids::{CodeMatiere, NatureActe};
use actes::messages::DonneesActe;
use actes::messages::Field;
use actes::opendata::{scdl, Extra, ScdlOptions, COLUMNS};
use actes::record::ActRecord;
use chrono::NaiveDate;

use super::stamp_support::{have, lens};

const SCHEMA: &str = "../shared/reference/refdata/scdl_deliberations_2.1.schema.json";
const NOMENCLATURE: &str = "../shared/reference/refdata/nomenclature_actes_niveaux_1_2.csv";
const SIRET: &str = "21620498200013";

fn crate_path(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// Validates `csv` with frictionless; returns the error messages.
fn frictionless(csv: &Path) -> Option<Vec<String>> {
    if !have("frictionless") {
        return None;
    }
    let schema = std::fs::canonicalize(crate_path(SCHEMA)).expect("schema");
    let out = Command::new("frictionless")
        .args(["validate", "--trusted", "--json", "--schema"])
        .arg(schema)
        .arg(csv)
        .output()
        .expect("frictionless runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let mut errors: Vec<String> = Vec::new();
    for task in report["tasks"].as_array().into_iter().flatten() {
        for e in task["errors"].as_array().into_iter().flatten() {
            errors.push(e["message"].as_str().unwrap_or("?").to_string());
        }
    }
    assert_eq!(report["valid"].as_bool(), Some(errors.is_empty()));
    Some(errors)
}

/// The official custom checks, written independently of the crate.
fn custom_checks(rows: &[Vec<String>]) {
    let nomenclature = std::fs::read_to_string(crate_path(NOMENCLATURE)).expect("nomenclature");
    let fold = |s: &str| -> String {
        s.to_lowercase()
            .replace(['é', 'è', 'ê'], "e")
            .replace(['à', 'â'], "a")
            .replace('ô', "o")
            .replace(['î', 'ï'], "i")
            .replace(['û', 'ù'], "u")
            .replace('ç', "c")
    };
    for row in rows {
        let col = |name: &str| {
            let i = COLUMNS.iter().position(|c| *c == name).expect("column");
            row.get(i).cloned().unwrap_or_default()
        };
        // SIRET: Luhn over the 14 digits.
        let siret = col("COLL_SIRET");
        let sum: u32 = siret
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0') * if i % 2 == 1 { 2 } else { 1 };
                d / 10 + d % 10
            })
            .sum();
        assert_eq!(sum % 10, 0, "{siret}");
        // PREF_DATE >= DELIB_DATE (ISO dates compare as text).
        let pref = col("PREF_DATE");
        assert!(pref.is_empty() || pref >= col("DELIB_DATE"), "{row:?}");
        // All or none.
        assert_eq!(col("BUDGET_ANNEE").is_empty(), col("BUDGET_NOM").is_empty());
        let votes: Vec<String> = [
            "VOTE_EFFECTIF",
            "VOTE_REEL",
            "VOTE_POUR",
            "VOTE_CONTRE",
            "VOTE_ABSTENTION",
        ]
        .iter()
        .map(|c| col(c))
        .collect();
        let given = votes.iter().filter(|v| !v.is_empty()).count();
        assert!(given == 0 || given == 5, "{row:?}");
        if given == 5 {
            let n: Vec<u64> = votes.iter().map(|v| v.parse().expect("integer")).collect();
            assert!(n[0] >= n[1] && n[1] >= n[2] && n[1] >= n[3] && n[1] >= n[4]);
            assert_eq!(n[2] + n[3] + n[4], n[1]);
        }
        // The level-1 label of the code starts DELIB_MATIERE_NOM; no space by '/'.
        let code = col("DELIB_MATIERE_CODE");
        let level1 = code.split('.').next().unwrap_or_default().to_string();
        let label = nomenclature
            .lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f.first() == Some(&level1.as_str()))
                    .then(|| f.get(3).copied().unwrap_or_default().to_string())
            })
            .expect("level 1 in the nomenclature");
        let nom = col("DELIB_MATIERE_NOM");
        assert!(!nom.contains(" /") && !nom.contains("/ "), "{nom}");
        let first = nom.split('/').next().unwrap_or_default();
        // Compared without case or accents, ignoring the official file's
        // one spelling difference ("pourvoirs").
        let (a, b) = (fold(first), fold(&label).replace("pourvoirs", "pouvoirs"));
        assert_eq!(a, b, "{nom} vs {label}");
        assert!(!nom.contains([',', '(', ')']), "{nom}");
        assert_eq!(nom, nom.to_lowercase());
    }
}

fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    // A tiny RFC 4180 reader, independent of the crate's.
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let mut rows = Vec::new();
    let (mut row, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cur.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cur)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                row.push(std::mem::take(&mut cur));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare LF line end"),
            (false, c) => cur.push(c),
        }
    }
    assert!(
        row.is_empty() && cur.is_empty(),
        "the last line ends with CRLF"
    );
    rows
}

fn scdl_cli(dir: &Path, paths: &[&Path], extra_args: &[&str], out: &str) -> (i32, String) {
    let o = super::cli_support::actes_command()
        .current_dir(dir)
        .args(["opendata", "scdl"])
        .args(paths)
        .args([
            "--coll-nom",
            "Ville de Lens",
            "--siret",
            SIRET,
            "--out",
            out,
        ])
        .args(extra_args)
        .output()
        .expect("actes runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn lens_row_validates_with_frictionless_and_custom_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proof = lens(dir.path()).2;
    let extra = dir.path().join("extra.csv");
    std::fs::write(
        &extra,
        "NUMERO_INTERNE,BUDGET_ANNEE,BUDGET_NOM,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION,DELIB_URL\r\n\
         DLB12_14122022,2023,Budget principal,39,35,30,3,2,https://www.villedelens.fr/deliberations/DLB12_14122022.pdf\r\n",
    )
    .expect("extra");
    let (code, text) = scdl_cli(dir.path(), &[&proof], &["--extra", "extra.csv"], "scdl.csv");
    assert_eq!(code, 0, "{text}");
    let bytes = std::fs::read(dir.path().join("scdl.csv")).expect("csv");
    let rows = parse_csv(&bytes);
    assert_eq!(rows.first().map(|h| h.join(",")), Some(COLUMNS.join(",")));
    let data: Vec<Vec<String>> = rows.into_iter().skip(1).collect();
    assert_eq!(data.len(), 1);
    let row = &data[0];
    assert_eq!(row[2], "DLB12_14122022");
    assert_eq!(row[3], "2022-12-14");
    assert_eq!(row[4], "8.9");
    assert_eq!(row[5], "domaines de compétences par thèmes/culture");
    assert_eq!(row[10], "2022-12-19");
    assert_eq!(row[11..16].join(","), "39,35,30,3,2");
    custom_checks(&data);
    if let Some(errors) = frictionless(&dir.path().join("scdl.csv")) {
        assert!(errors.is_empty(), "{errors:?}");
    }
    // Rerun: byte-identical.
    let (code, _) = scdl_cli(
        dir.path(),
        &[&proof],
        &["--extra", "extra.csv"],
        "again.csv",
    );
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(dir.path().join("again.csv")).expect("again"),
        bytes
    );
    // A SIRET that fails its checksum: nothing written.
    let o = super::cli_support::actes_command()
        .current_dir(dir.path())
        .args(["opendata", "scdl"])
        .arg(&proof)
        .args([
            "--coll-nom",
            "Lens",
            "--siret",
            "21620498200014",
            "--out",
            "bad.csv",
        ])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("SCDL-SIRET"));
    assert!(!dir.path().join("bad.csv").exists());
}

fn with(
    base: &ActRecord,
    numero: &str,
    decided: (i32, u32, u32),
    matiere: &str,
    nature: NatureActe,
) -> ActRecord {
    let mut r = base.clone();
    let date = NaiveDate::from_ymd_opt(decided.0, decided.1, decided.2).expect("date");
    r.acte.numero_interne = Field {
        raw: numero.to_string(),
        value: numero.parse().ok(),
    };
    r.acte.code_nature = Field {
        raw: nature.code().to_string(),
        value: Some(nature),
    };
    let code: CodeMatiere = matiere.parse().expect("code");
    r.acte.matieres = DonneesActe::matieres_from(&code);
    r.manifest.act.decision_date = date;
    r.manifest.act.nature = nature.abbr().to_string();
    r
}

#[test]
fn rows_sorted_refused_rows_reported_and_all_natures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proof = lens(dir.path()).2;
    let base = ActRecord::from_bundle(&proof, &Default::default()).expect("record");
    let mut late = with(
        &base,
        "DLB30",
        (2022, 12, 30),
        "7.9",
        NatureActe::Deliberation,
    );
    late.manifest.act.objet = "Prise de participation, \"SEM\"\nligne deux".into();
    let records = vec![
        with(
            &base,
            "DLB20",
            (2022, 12, 1),
            "1.5",
            NatureActe::Deliberation,
        ),
        late, // decided after its reception: refused (PREF_DATE < DELIB_DATE)
        with(
            &base,
            "DLB05",
            (2022, 12, 1),
            "5.2.1",
            NatureActe::Deliberation,
        ),
        with(
            &base,
            "AR01",
            (2022, 12, 2),
            "6.1",
            NatureActe::ActeReglementaire,
        ),
        with(&base, "DLB40", (2022, 11, 3), "8", NatureActe::Deliberation), // level 1 only
        with(
            &base,
            "DLB50",
            (2022, 11, 2),
            "4.1",
            NatureActe::Deliberation,
        ),
    ];
    let extra = Extra::parse(
        b"NUMERO_INTERNE,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION,PUBLICATION_DATE\n\
          DLB50,10,9,5,3,1,2022-11-05\nDLB20,10,9,5,3,0,\nNOBODY,1,1,1,0,0,\n",
        "extra.csv",
    )
    .expect("extra");
    let options = ScdlOptions {
        coll_nom: "Ville de Lens".into(),
        siret: SIRET.into(),
        extra,
        all_natures: false,
    };
    let t = scdl(&records, &options).expect("table");
    let ids: Vec<&str> = t.rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(ids, vec!["DLB50", "DLB05"], "sorted by date then numéro");
    assert_eq!(t.other_natures, 1);
    let mut codes: Vec<(&str, Severity)> = t
        .refused
        .iter()
        .map(|d| (d.code.as_str(), d.severity))
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        vec![
            ("SCDL-DATE-ORDER", Severity::Error),
            ("SCDL-EXTRA", Severity::Warning),
            ("SCDL-MATIERE", Severity::Error),
            ("SCDL-VOTES", Severity::Error),
        ]
    );
    assert_eq!(t.rows[1][4], "5.2", "levels 1-2 only");
    custom_checks(&t.rows);
    // Same records in another order: the same bytes.
    let mut reversed = records.clone();
    reversed.reverse();
    assert_eq!(
        scdl(&reversed, &options).expect("table").to_csv(),
        t.to_csv()
    );

    // --all-natures: Mégalis' columns, every nature.
    let all = ScdlOptions {
        all_natures: true,
        ..options.clone()
    };
    let t = scdl(&records, &all).expect("table");
    assert_eq!(t.header.len(), COLUMNS.len() + 2);
    assert_eq!(t.header[17..].join(","), "PUBLICATION_DATE,NATURE_ACTE");
    let ar = t
        .rows
        .iter()
        .find(|r| r[2] == "AR01")
        .expect("the arrêté is written");
    assert_eq!(ar[18], "AR");
    let dlb50 = t.rows.iter().find(|r| r[2] == "DLB50").expect("DLB50");
    assert_eq!(dlb50[17], "2022-11-05");

    // The DE rows validate with frictionless (the quoted objet included).
    let mut ok = records.clone();
    ok.remove(1);
    let mut quoted = with(
        &base,
        "DLB31",
        (2022, 12, 15),
        "7.9",
        NatureActe::Deliberation,
    );
    quoted.manifest.act.objet = "Prise de participation, \"SEM\", etc.".into();
    ok.push(quoted);
    let t = scdl(&ok, &options).expect("table");
    assert!(t
        .rows
        .iter()
        .any(|r| r[5] == "finances locales/prise de participation sem etc."));
    let path = dir.path().join("many.csv");
    std::fs::write(&path, t.to_csv()).expect("written");
    let back = parse_csv(&t.to_csv());
    assert_eq!(back.len(), t.rows.len() + 1);
    assert!(back
        .iter()
        .any(|r| r[6] == "Prise de participation, \"SEM\", etc."));
    if let Some(errors) = frictionless(&path) {
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[test]
fn pref_id_comes_from_the_ministry_envelope() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proof = lens(dir.path()).2;
    let mut record = ActRecord::from_bundle(&proof, &Default::default()).expect("record");
    assert_eq!(record.emetteur, None, "no MI envelope in the Lens bundle");
    // The envelope of an S2LOW sample, sent by the sous-préfecture 1 of 001.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../shared/reference/samples/s2low/test-courrier-simple/TACT--SPREF0011-000000000-20170725-1.xml",
    );
    let bytes = std::fs::read(sample).expect("sample");
    let Some(actes::messages::Message::EnveloppeMISILLCL(env)) =
        actes::messages::Message::parse(&bytes).value
    else {
        panic!("not an MI envelope");
    };
    record.emetteur = env.emetteur;
    let options = ScdlOptions {
        coll_nom: "Ville de Lens".into(),
        siret: SIRET.into(),
        ..ScdlOptions::default()
    };
    let t = scdl(&[record], &options).expect("table");
    let pref = COLUMNS
        .iter()
        .position(|c| *c == "PREF_ID")
        .expect("PREF_ID");
    assert_eq!(t.rows[0][pref], "SPREF0011");
}

#[test]
fn received_files_go_with_their_act() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (archive, ar, _) = lens(dir.path());
    let foreign = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/samples/s2low/001-000000000-20170130-TEST42-DE-1-2_0.xml");
    let (records, problems) = actes::record::load(&[archive, foreign, ar], &Default::default());
    assert_eq!(records.len(), 1);
    let act = &records[0].manifest.act;
    assert_eq!(act.reception_date, NaiveDate::from_ymd_opt(2022, 12, 19));
    let codes: Vec<(&str, Option<&str>)> = problems
        .iter()
        .map(|d| (d.code.as_str(), d.location.file.as_deref()))
        .collect();
    assert_eq!(
        codes,
        vec![(
            "RECORD-NO-ACT",
            Some("001-000000000-20170130-TEST42-DE-1-2_0.xml")
        )]
    );
}
