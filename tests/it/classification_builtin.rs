//! The built-in tables agree with the reference data, the 7-1 writer's
//! output validates against the 2017 XSD, and the diff of two real files
//! gives the changes counted by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

use actes::classification::{diff, Classification};
use actes::ids::{CodeMatiere, NatureActe};
use actes::messages::demande_classification_xml;
use chrono::NaiveDate;

fn reference(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(rel)
}

/// Splits a CSV line of the reference files (quoted fields may hold commas;
/// `""` is an escaped quote).
fn csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    out.push(field);
    out
}

fn csv(rel: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(reference(rel)).expect("readable UTF-8");
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty())
        .skip(1)
        .map(csv_line)
        .collect()
}

#[test]
fn national_levels_equal_the_reference_csv() {
    let rows = csv("refdata/nomenclature_actes_niveaux_1_2.csv");
    assert_eq!(rows.len(), 66);
    let national = Classification::national();
    let built: Vec<(String, usize, String)> = national
        .iter()
        .map(|m| (m.code().to_string(), m.level(), m.label().to_string()))
        .collect();
    // Columns: code, niveau, libelle_2004-04-01, libelle_2019-03-01.
    let mut expected: Vec<(String, usize, String)> = rows
        .iter()
        .map(|r| {
            (
                r[0].clone(),
                r[1].parse().expect("level"),
                r[2].clone(), // exact 2004 label, trailing spaces included
            )
        })
        .collect();
    expected.sort_by_key(|(c, _, _)| c.parse::<CodeMatiere>().expect("code"));
    assert_eq!(built, expected);
    // The typo is in the data.
    assert!(built
        .iter()
        .any(|(c, _, l)| c == "6" && l.contains("pourvoirs")));
}

#[test]
fn national_display_labels_are_the_accented_ones_where_files_have_them() {
    // Where the 2019 file has accents, the display label agrees with it
    // (apart from the corrected typo and apostrophes).
    let rows = csv("refdata/nomenclature_actes_niveaux_1_2.csv");
    let national = Classification::national();
    for r in &rows {
        let code: CodeMatiere = r[0].parse().expect("code");
        let m = national.get(&code).expect("present");
        let l2019 = r[3].trim();
        if l2019 != r[2].trim() && code.to_string() != "6" && code.to_string() != "1.6" {
            assert_eq!(m.display_label(), l2019, "{code}");
        }
        assert!(!m.display_label().ends_with(' '));
    }
}

#[test]
fn built_in_typologies_appear_in_the_reference_list() {
    // Columns: code, libelle, natures_2019-03-01, natures_2017-11-13.
    let rows = csv("refdata/typologie_pieces.csv");
    let national = Classification::national();
    let mut pairs = 0;
    for n in national.natures() {
        for t in n.typologies() {
            let row = rows
                .iter()
                .find(|r| r[0] == t.code)
                .unwrap_or_else(|| panic!("{} missing from the reference list", t.code));
            assert_eq!(row[1], t.label, "{}", t.code);
            let natures_2019: Vec<&str> = row[2].split_whitespace().collect();
            assert!(
                natures_2019.contains(&n.code().to_string().as_str()),
                "{} not listed for nature {} in 2019",
                t.code,
                n.code()
            );
            pairs += 1;
        }
    }
    assert_eq!(pairs, 12);
    for nature in NatureActe::ALL {
        assert_eq!(
            national.default_typologie(nature).map(|t| t.code.as_str()),
            Some(nature.default_typologie())
        );
    }
}

fn xsd() -> PathBuf {
    reference("xsd/v1.1-2017-stela-typologie/actesv1_1.xsd")
}

/// Runs xmllint on `bytes`. Returns `None` (after a notice) when xmllint or
/// the XSD is missing, unless `CI=true`, where that is a failure.
fn xmllint_validate(bytes: &[u8], name: &str) -> Option<(bool, String)> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if !xsd().is_file() {
        assert!(!ci, "XSD missing: {}", xsd().display());
        eprintln!("notice: XSD missing, {name} not validated");
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).expect("write");
    let out = match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd())
        .arg(&file)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            assert!(!ci, "xmllint not available under CI: {e}");
            eprintln!("notice: xmllint not available ({e}), {name} not validated");
            return None;
        }
    };
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn demande_classification_validates_against_the_2017_xsd() {
    for (name, date) in [
        ("with-date.xml", NaiveDate::from_ymd_opt(2019, 3, 1)),
        ("forced.xml", None),
    ] {
        let bytes = demande_classification_xml(date).unwrap();
        if let Some((ok, stderr)) = xmllint_validate(&bytes, name) {
            assert!(ok, "{name}: {stderr}\n{}", String::from_utf8_lossy(&bytes));
        }
    }
}

#[test]
fn the_validation_harness_rejects_an_invalid_message() {
    // The same harness must fail on a 7-1 with a bad date, or the test above
    // proves nothing.
    let bytes =
        String::from_utf8(demande_classification_xml(NaiveDate::from_ymd_opt(2019, 3, 1)).unwrap())
            .expect("ascii")
            .replace("2019-03-01", "01/03/2019")
            .into_bytes();
    if let Some((ok, _)) = xmllint_validate(&bytes, "bad.xml") {
        assert!(!ok);
    }
}

#[test]
fn diff_2017_to_2019() {
    let old = Classification::from_path(reference(
        "refdata/pastell-megalis_actes-generique_classification_2017-11-13.xml",
    ))
    .into_result()
    .expect("2017");
    let new = Classification::from_path(reference(
        "refdata/pastell-megalis_classification-exemple_2019-03-01.xml",
    ))
    .into_result()
    .expect("2019");
    let d = diff(&old, &new);
    assert!(d.date_changed());
    // Counted with a script over the raw XML: the 2017 file has levels 1–2
    // only, the 2019 file adds 105 level-3 and 10 level-4 entries.
    assert_eq!(d.matieres_added.len(), 115);
    assert!(d.matieres_removed.is_empty());
    assert!(d
        .matieres_added
        .iter()
        .any(|m| m.code.to_string() == "1.1.1"));
    // The 2017 file has unaccented labels, the 2019 file accented ones.
    let relabelled: Vec<String> = d
        .matieres_relabelled
        .iter()
        .map(|r| r.code.to_string())
        .collect();
    assert_eq!(relabelled, ["1.1", "1.2", "1.6", "6", "7.2"]);
    // "Contrats,conventions et avenants" -> "Contrats, conventions et avenants".
    let natures: Vec<NatureActe> = d.natures_relabelled.iter().map(|r| r.code).collect();
    assert_eq!(natures, [NatureActe::Contrat]);
    // (nature, code) pairs, from the columns of refdata/typologie_pieces.csv
    // and from the XML: 115 in 2019, 61 in 2017; 61 added, 7 removed.
    assert_eq!(d.typologies_added.len(), 61);
    let removed: Vec<(u8, &str)> = d
        .typologies_removed
        .iter()
        .map(|t| (t.nature.code(), t.code.as_str()))
        .collect();
    assert_eq!(
        removed,
        [
            (1, "12_AD"),
            (1, "21_GP"),
            (1, "31_CO"),
            (1, "32_DP"),
            (2, "21_GP"),
            (2, "99_AT"),
            (4, "99_CO")
        ]
    );
    assert_eq!(d.typologies_relabelled.len(), 1);
    assert_eq!(d.typologies_relabelled[0].code.code, "99_BU");
    assert_eq!(d.typologies_relabelled[0].old, "Budget");
    assert_eq!(d.typologies_relabelled[0].new, "Document budgétaire");
    assert!(!d.is_empty());

    // Nothing changes against itself.
    let same = diff(&new, &new);
    assert!(same.is_empty() && !same.date_changed());
    // The other direction swaps added and removed.
    let back = diff(&new, &old);
    assert_eq!(back.matieres_removed.len(), 115);
    assert_eq!(back.typologies_added.len(), 7);
}
