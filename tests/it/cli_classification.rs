//! `actes classification show | check | diff`, run as a process.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

fn reference(rel: &str) -> String {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(rel);
    p.to_string_lossy().into_owned()
}

fn f2019() -> String {
    reference("refdata/pastell-megalis_classification-exemple_2019-03-01.xml")
}

fn f2017() -> String {
    reference("refdata/pastell-megalis_actes-generique_classification_2017-11-13.xml")
}

fn actes(args: &[&str]) -> Output {
    crate::cli_support::actes_command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run actes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn no_panic(o: &Output) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{err}");
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(stdout(o).trim()).expect("one JSON object")
}

#[test]
fn check_national_code_prints_the_label_path() {
    let o = actes(&["classification", "check", "8.9"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "OK 8.9 Domaines de compétences par thèmes › Culture\n"
    );
    // Leading zeros accepted, canonical form printed.
    let o = actes(&["classification", "check", "07.010"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "OK 7.10 Finances locales › Divers\n");
}

#[test]
fn level_one_alone_is_invalid_for_an_act() {
    let o = actes(&["classification", "check", "8"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.starts_with("ERROR 8: ID-MATIERE-LEVELS-1-2 "), "{out}");
    assert!(
        out.trim_end().ends_with("(segment matiere, byte 1)"),
        "{out}"
    );
    assert!(!out.contains("OK"));
}

#[test]
fn unknown_code_is_located_in_the_input() {
    let o = actes(&["classification", "check", "08.010", "--json"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["input"], "08.010");
    assert_eq!(v["valid"], false);
    assert_eq!(v["labels"][0], "Domaines de compétences par thèmes");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "CLASS-MATIERE-UNKNOWN");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["location"]["segment"], "matiere");
    // Offset of "010" in the input.
    assert_eq!(d["location"]["offset"], 3);
}

#[test]
fn malformed_code_is_invalid() {
    let o = actes(&["classification", "check", "8..9"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("ERROR 8..9: ID-MATIERE-EMPTY-LEVEL"));
}

#[test]
fn check_with_a_file_nature_and_typologie() {
    let file = f2019();
    let o = actes(&[
        "classification",
        "check",
        "1.1.2",
        "--classification",
        &file,
        "--nature",
        "DE",
        "--typologie",
        "23_DE",
        "--json",
    ]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    assert_eq!(v["valid"], true);
    assert_eq!(v["code"], "1.1.2");
    assert_eq!(v["classification"], "2019-03-01");
    assert_eq!(v["labels"][1], "Marchés publics");
    assert_eq!(v["nature"]["abbr"], "DE");
    assert_eq!(
        v["typologie"]["label"],
        "Délibération autorisant la mise en œuvre du droit de préemption"
    );
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(0));

    // Not in nature 1's list; French message.
    let o = actes(&[
        "classification",
        "check",
        "1.1.2",
        "--classification",
        &file,
        "--nature",
        "1",
        "--typologie",
        "99_AU",
        "--lang",
        "fr",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with(
            "ERREUR 1.1.2: CLASS-TYPOLOGIE-NOT-ALLOWED La typologie 99_AU n'est pas permise"
        ),
        "{out}"
    );
    assert!(out.contains("(segment typologie, octet 0)"), "{out}");

    // A node with sub-levels: valid, with a warning.
    let o = actes(&["classification", "check", "1.1", "--classification", &file]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("WARN 1.1: CLASS-MATIERE-NOT-LEAF"), "{out}");
    assert!(
        out.ends_with("OK 1.1 Commande Publique › Marchés publics\n"),
        "{out}"
    );
}

#[test]
fn typologie_pattern_error() {
    let o = actes(&[
        "classification",
        "check",
        "8.9",
        "--nature",
        "DE",
        "--typologie",
        "99-DE",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("CLASS-TYPOLOGIE-PATTERN"));
    assert!(stdout(&o).contains("(segment typologie, byte 2)"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["classification", "check"][..],
        &["classification", "check", "8.9", "--nature", "7"],
        &["classification", "check", "8.9", "--typologie", "99_DE"],
        &["classification", "check", "8.9", "--lang", "de"],
        &["classification", "show"],
        &["classification", "diff", "one"],
        &["classification", "frobnicate"],
    ] {
        let o = actes(args);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn unreadable_or_garbage_files_exit_1_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let garbage = dir.path().join("garbage.xml");
    std::fs::write(&garbage, b"\x00\xff not xml <<<").expect("write");
    let truncated = dir.path().join("truncated.xml");
    let bytes = std::fs::read(f2019()).expect("readable");
    std::fs::write(&truncated, bytes.get(..1000).expect("prefix")).expect("write");
    let wrong_root =
        reference("samples/examples-2003/actes__7-3_ReponseClassificationSansChangement.xml");
    let missing = dir.path().join("missing.xml");
    let a_dir = dir.path().to_string_lossy().into_owned();
    for file in [
        garbage.to_string_lossy().into_owned(),
        truncated.to_string_lossy().into_owned(),
        wrong_root,
        missing.to_string_lossy().into_owned(),
        a_dir,
    ] {
        for args in [
            vec!["classification", "show", file.as_str()],
            vec!["classification", "show", file.as_str(), "--json"],
            vec![
                "classification",
                "check",
                "8.9",
                "--classification",
                file.as_str(),
            ],
            vec!["classification", "diff", file.as_str(), file.as_str()],
        ] {
            let o = actes(&args);
            no_panic(&o);
            assert_eq!(o.status.code(), Some(1), "{args:?}");
            // `check` prints its document (with the file's errors) when the
            // file could be read; `show` and `diff` print nothing.
            let (out, err) = (stdout(&o), stderr(&o));
            if args[1] != "check" {
                assert!(out.is_empty(), "{args:?}: {out}");
            }
            assert!(
                err.lines()
                    .chain(out.lines())
                    .any(|l| l.starts_with("ERROR ")),
                "{args:?}: {err}"
            );
        }
    }
}

#[test]
fn show_text_and_json() {
    let o = actes(&["classification", "show", &f2019()]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Classification du 2019-03-01\n"), "{out}");
    assert!(out.contains("\n  1 DE Délibérations\n      99_DE Délibération\n"));
    assert!(out.contains("\n    7.10 Divers\n"));
    assert!(out.contains("\n      1.1.1 Délibérations, décisions et arrêtés"));
    assert!(out.ends_with("6 natures, 115 typologies, matières per level: 9 + 57 + 105 + 10\n"));

    let o = actes(&["classification", "show", &f2019(), "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["date"], "2019-03-01");
    assert_eq!(v["natures"][3]["code"], 4);
    assert_eq!(v["natures"][3]["abbr"], "CC");
    assert_eq!(
        v["natures"][3]["label"],
        "Contrats, conventions et avenants"
    );
    assert_eq!(v["matieres"][6]["children"][9]["code"], "7.10");
    assert_eq!(
        v["matieres"][0]["children"][0]["children"][1]["code"],
        "1.1.2"
    );

    // The mislabelled 2011 file: a warning on stderr, exit 0, no mojibake.
    let o = actes(&[
        "classification",
        "show",
        &reference("refdata/webdelib_classification_2011-04-29.xml"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).starts_with("WARN "));
    assert!(stderr(&o).contains("XML-ENCODING-MISLABELLED"));
    assert!(stdout(&o).contains("7.1.1.3 Budgets supplémentaires"));
}

#[test]
fn diff_text_and_json() {
    let o = actes(&["classification", "diff", &f2017(), &f2019()]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("date 2017-11-13 -> 2019-03-01\n"), "{out}");
    assert!(out.contains("\n- typologie CC 99_CO Contrat\n"));
    assert!(out.contains("\n~ matiere 7.2 \"Fiscalite\" -> \"Fiscalité\"\n"));
    assert!(out.contains("\n+ matiere 1.1.1 "));
    assert!(
        out.ends_with("matières: +115 -0 ~5; natures: +0 -0 ~1; typologies: +61 -7 ~1\n"),
        "{out}"
    );

    let o = actes(&["classification", "diff", &f2017(), &f2019(), "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["old_date"], "2017-11-13");
    assert_eq!(v["new_date"], "2019-03-01");
    assert_eq!(v["matieres_added"].as_array().map(Vec::len), Some(115));
    assert_eq!(v["typologies_removed"][6]["nature"], "CC");
    assert_eq!(v["typologies_removed"][6]["code"], "99_CO");
    assert_eq!(v["matieres_relabelled"][0]["code"], "1.1");
    assert_eq!(v["matieres_relabelled"][0]["old"], "Marches publics");
}
