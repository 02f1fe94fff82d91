//! `actes act status` and the library calls behind it: a transaction from a
//! sent archive, from a delivery, and from any mix of files, grouped by act.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use actes::delivery::Delivery;
use actes::transaction::{Acts, EventKind, State, Transaction};
use serde_json::Value;

const AR_NAME: &str = "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";

fn actes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_actes"))
        .args(args)
        .output()
        .unwrap()
}

fn lens() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens")
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The Lens archive, built on 19 December 2022.
fn build(dir: &Path) -> PathBuf {
    let o = actes(&[
        "archive",
        "build",
        s(&lens().join("input.json")),
        "--out",
        s(dir),
        "--today",
        "2022-12-19",
    ]);
    assert_eq!(o.status.code(), Some(0));
    dir.join("SLO-EACT--216204982--20221219-1.tar.gz")
}

fn lines(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn archive_files(path: &Path) -> Vec<(String, Vec<u8>)> {
    let source = actes::container::read::Source::detect(path).unwrap();
    let (entries, diags) = actes::container::read::read_all(&source, &Default::default());
    assert!(diags.is_empty(), "{diags:?}");
    entries.into_iter().map(|e| (e.name, e.bytes)).collect()
}

#[test]
fn sent_archive_and_its_acknowledgement() {
    let dir = tempfile::tempdir().unwrap();
    let archive = build(dir.path());
    let o = actes(&[
        "act",
        "status",
        "--json",
        "--today",
        "2023-01-10",
        "--published",
        "2022-12-20",
        s(&archive),
        s(&lens().join(AR_NAME)),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let v = lines(&o);
    assert_eq!(v.len(), 1, "{v:?}");
    let a = &v[0];
    assert_eq!(a["id_acte"], "062-216204982-20221214-DLB12_14122022-DE");
    assert_eq!(a["state"], "acknowledged");
    assert_eq!(a["acknowledged_on"], "2022-12-19");
    // 19 February 2023 + 1 (délai franc) = Monday 20 February.
    assert_eq!(a["window_end"], "2023-02-20");
    assert_eq!(a["window_status"], "open");
    assert_eq!(a["published_on"], "2022-12-20");
    assert_eq!(a["executoire"], "2022-12-20");
    // 20 February + 1 = Tuesday 21 February.
    assert_eq!(a["third_party_window_end"], "2023-02-21");
    let codes: Vec<&str> = a["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["1-1", "1-2"]);
    // The 1-1 is dated by the envelope's name (the sending date).
    assert_eq!(a["history"][0]["date"], "2022-12-19");
    assert_eq!(a["history"][0]["state"], "transmitted");
    assert_eq!(a["diagnostics"], Value::Array(vec![]));

    // Closed after the window; the archive given twice counts once.
    let o = actes(&[
        "act",
        "status",
        "--json",
        "--today",
        "2023-02-21",
        s(&archive),
        s(&archive),
        s(&lens().join(AR_NAME)),
    ]);
    let v = lines(&o);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["window_status"], "closed");
    assert_eq!(v[0]["executoire"], Value::Null);
    assert_eq!(v[0]["history"].as_array().unwrap().len(), 2);

    // Text output, in French.
    let o = actes(&[
        "act",
        "status",
        "--lang",
        "fr",
        "--today",
        "2023-01-10",
        s(&archive),
        s(&lens().join(AR_NAME)),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("état: acknowledged"), "{text}");
    assert!(text.contains("délai de déféré: open (2023-02-20; délai franc, national)"));
}

#[test]
fn library_one_call_each() {
    let dir = tempfile::tempdir().unwrap();
    let archive = build(dir.path());
    let t = Transaction::from_archive(s(&archive), archive_files(&archive)).unwrap();
    assert_eq!(Transaction::from_archive_path(&archive).unwrap(), t);
    assert_eq!(t.state(), State::Transmitted);
    assert_eq!(
        t.id_acte(),
        Some("062-216204982-20221214-DLB12_14122022-DE")
    );
    assert_eq!(t.history()[0].event.kind, EventKind::ActeSent);
    // Not an archive of an act: the AR alone.
    let ar = std::fs::read(lens().join(AR_NAME)).unwrap();
    let e = Transaction::from_archive("ar", vec![(AR_NAME.to_string(), ar)]).unwrap_err();
    assert_eq!(e.diagnostics[0].code.as_str(), "TXN-NO-ACT");

    let d = Delivery::read_path(&samples().join("s2low/test-archive-MISILCL"));
    let t = Transaction::from_delivery(&d).unwrap();
    assert_eq!(t.state(), State::Acknowledged);
    assert_eq!(t.id_acte(), Some("034-000000000-20170701-20170721D-AI"));
    let d = Delivery::read_path(&samples().join("s2low/mail-suite-multicanal"));
    assert_eq!(
        Transaction::from_delivery(&d).unwrap_err().diagnostics[0]
            .code
            .as_str(),
        "TXN-NO-ACT"
    );
}

#[test]
fn acts_are_grouped_and_an_anomaly_finds_its_act_by_numero() {
    // The 2003 examples: one act, whose AnomalieActe and 1-1 carry no SIREN
    // the envelope could give (its SIREN is not valid).
    let dir = samples().join("examples-2003");
    let files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    let acts = Acts::from_groups(&[("2003".to_string(), files)]);
    assert_eq!(acts.transactions.len(), 1);
    assert!(acts.all_read);
    assert!(acts.diagnostics.is_empty(), "{:?}", acts.diagnostics);
    // Two acts from two deliveries.
    let o = actes(&[
        "act",
        "status",
        "--json",
        "--today",
        "2017-09-22",
        s(&samples().join("s2low/test-archive-MISILCL")),
        s(&samples().join("s2low/test-courrier-simple")),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v = lines(&o);
    let ids: Vec<&str> = v.iter().map(|a| a["id_acte"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "034-000000000-20170701-20170721D-AI",
            "034-000000000-20170701-20170725A-AI"
        ]
    );
    // Received 21 July 2017: franc → Friday 22 September, open that day.
    assert_eq!(v[0]["window_end"], "2017-09-22");
    assert_eq!(v[0]["window_status"], "open");
    assert_eq!(v[1]["state"], "letter_received");
    assert_eq!(v[1]["window_status"], "unknown");
    // The non-franc reading: Thursday 21 September, closed on the 22nd.
    let o = actes(&[
        "act",
        "status",
        "--json",
        "--delai",
        "non-franc",
        "--today",
        "2017-09-22",
        s(&samples().join("s2low/test-archive-MISILCL")),
    ]);
    let v = lines(&o);
    assert_eq!(v[0]["window_end"], "2017-09-21");
    assert_eq!(v[0]["window_status"], "closed");
    assert_eq!(v[0]["rules"]["delai_franc"], false);
}

#[test]
fn exit_codes() {
    // Nothing about an act: exit 1 with TXN-NO-ACT.
    let o = actes(&[
        "act",
        "status",
        "--json",
        s(&samples().join("s2low/mail-suite-multicanal")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = lines(&o);
    assert_eq!(v.last().unwrap()["diagnostics"][0]["code"], "TXN-NO-ACT");
    // An unreadable path.
    let o = actes(&["act", "status", "/nonexistent/x.tar.gz"]);
    assert_eq!(o.status.code(), Some(1));
    // Errors (invalid transitions in the 2003 examples) only fail --strict.
    let dir = samples().join("examples-2003");
    assert_eq!(actes(&["act", "status", s(&dir)]).status.code(), Some(0));
    assert_eq!(
        actes(&["act", "status", "--strict", s(&dir)]).status.code(),
        Some(1)
    );
    // Usage errors.
    for args in [
        vec!["act", "status"],
        vec!["act", "status", "--today", "2023-13-01", "x"],
        vec!["act", "status", "--published", "ID=yesterday", "x"],
        vec!["act", "status", "--calendar", "mars", "x"],
    ] {
        assert_eq!(actes(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn published_per_act_and_calendar_option() {
    let dir = samples().join("s2low/test-archive-MISILCL");
    let o = actes(&[
        "act",
        "status",
        "--json",
        "--today",
        "2017-08-01",
        "--published",
        "034-000000000-20170701-20170721D-AI=2017-07-31",
        "--published",
        "2017-07-01",
        "--calendar",
        "guyane",
        s(&dir),
    ]);
    let v = lines(&o);
    // The act's own date wins over the one for every act.
    assert_eq!(v[0]["published_on"], "2017-07-31");
    assert_eq!(v[0]["executoire"], "2017-07-31");
    assert_eq!(v[0]["rules"]["calendar"], "guyane");
}

#[test]
fn the_schema_names_every_field_and_state() {
    let schema: Value = serde_json::from_slice(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/act-status.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let states: Vec<&str> = schema["$defs"]["state"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let tokens: Vec<String> = State::all().into_iter().map(State::token).collect();
    assert_eq!(states, tokens);
    let dir = tempfile::tempdir().unwrap();
    let archive = build(dir.path());
    let o = actes(&["act", "status", "--json", s(&archive)]);
    let v = lines(&o);
    let props = schema["properties"].as_object().unwrap();
    for key in v[0].as_object().unwrap().keys() {
        assert!(props.contains_key(key), "{key} is not in the schema");
    }
    for key in props.keys() {
        assert!(v[0].get(key).is_some(), "{key} is not in the output");
    }
}

#[test]
fn a_proof_bundle_tells_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let archive = build(dir.path());
    let proof = dir.path().join("proof.zip");
    let o = actes(&[
        "bundle",
        "create",
        "--archive",
        s(&archive),
        "--receipt",
        s(&lens().join(AR_NAME)),
        "--out",
        s(&proof),
        "--today",
        "2022-12-19",
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let from = |paths: &[&Path]| {
        let mut args = vec!["act", "status", "--json", "--today", "2023-01-10"];
        args.extend(paths.iter().map(|p| s(p)));
        let v = lines(&actes(&args));
        assert_eq!(v.len(), 1, "{v:?}");
        let a = &v[0];
        (
            a["id_acte"].clone(),
            a["state"].clone(),
            a["window_end"].clone(),
            a["history"].as_array().map(Vec::len),
        )
    };
    let ar = lens().join(AR_NAME);
    assert_eq!(from(&[&proof]), from(&[&archive, &ar]));
    // The bundle and the files it holds, together: each file counts once.
    assert_eq!(from(&[&proof, &archive, &ar]).3, Some(2));
}

/// `report::act_status` is the document the CLI prints, line for line
/// (an unreadable input gives the last, files' line).
#[test]
fn report_act_status_is_the_cli_json() {
    use actes::diagnostic::Lang;
    use actes::report::{act_status, Published, StatusOptions};
    let dir = tempfile::tempdir().unwrap();
    let archive = build(dir.path());
    let ar = lens().join(AR_NAME);
    let missing = dir.path().join("missing.tar.gz");
    let o = actes(&[
        "act",
        "status",
        "--json",
        "--lang",
        "fr",
        "--today",
        "2023-01-10",
        "--published",
        "2022-12-20",
        "--delai",
        "non-franc",
        s(&archive),
        s(&ar),
        s(&missing),
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let cli = lines(&o);
    let today = chrono::NaiveDate::from_ymd_opt(2023, 1, 10).unwrap();
    let published = [Published {
        id_acte: None,
        date: chrono::NaiveDate::from_ymd_opt(2022, 12, 20).unwrap(),
    }];
    let options = StatusOptions {
        delai_franc: false,
        calendar: None,
    };
    let paths = [archive.as_path(), ar.as_path(), missing.as_path()];
    let lib = act_status(&paths, &published, today, options, Lang::Fr);
    assert_eq!(lib, cli);
    assert_eq!(lib.len(), 2);
    assert_eq!(lib[0]["rules"]["delai_franc"], false);
    assert_eq!(lib[1]["id_acte"], Value::Null);
    let d = &lib[1]["diagnostics"][0];
    assert_eq!(d["message"], d["message_fr"]);
}

/// `receipt read --json` and `delivery read --json` carry the state,
/// acknowledgement date and window end of the act they concern (issue 12
/// §4), as far as the files given tell; the library documents are the same.
#[test]
fn receipt_and_delivery_read_carry_the_act_state() {
    use actes::diagnostic::Lang;
    let ar = lens().join(AR_NAME);
    let o = actes(&["receipt", "read", "--json", s(&ar)]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let v = lines(&o);
    assert_eq!(v[0]["state"], "acknowledged");
    assert_eq!(v[0]["acknowledged_on"], "2022-12-19");
    // 19 February 2023 + 1 (délai franc) = Monday 20 February.
    assert_eq!(v[0]["window_end"], "2023-02-20");
    let bytes = std::fs::read(&ar).unwrap();
    let lib = actes::report::receipt_read(s(&ar), &bytes, &Default::default(), Lang::En);
    let act = serde_json::to_value(lib.act()).expect("JSON");
    for k in ["state", "acknowledged_on", "window_end"] {
        assert_eq!(act.get(k), Some(&v[0][k]), "{k}");
    }

    // A delivery of a 2-1 (letter) alone: its state, no acknowledgement
    // among the files given.
    let delivery = samples().join("pastell/courrier_simple.tar.gz");
    let o = actes(&["delivery", "read", "--json", s(&delivery)]);
    let d = &lines(&o)[0];
    assert_eq!(d["state"], "letter_received", "{d}");
    assert_eq!(d["acknowledged_on"], Value::Null);
    assert_eq!(d["window_end"], Value::Null);
    assert_eq!(d["messages"][0]["code"], "2-1");
    assert_eq!(d["messages"][0]["state"], "letter_received");
    // The envelope concerns no act by itself.
    assert_eq!(d["envelope"]["state"], Value::Null);
    let lib = actes::report::delivery_read(&delivery, Lang::En);
    let act = serde_json::to_value(lib.act).expect("JSON");
    assert_eq!(act.get("state"), Some(&d["state"]));

    // A message file that is no message: every field null.
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.xml");
    std::fs::write(&junk, "<x/>").unwrap();
    let o = actes(&["receipt", "read", "--json", s(&junk)]);
    let v = lines(&o);
    assert_eq!(v[0]["state"], Value::Null);
    assert_eq!(v[0]["window_end"], Value::Null);
}
