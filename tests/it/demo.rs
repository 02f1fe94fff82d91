//! `actes demo` runs on the embedded fixtures, from any folder, without the
//! clock: its key lines and exit code.
#![cfg(feature = "cli")]

fn demo(out: &std::path::Path, today: &str, cwd: &std::path::Path) -> (i32, String) {
    let o = crate::cli_support::actes_command()
        .current_dir(cwd)
        .args(["demo", "--out"])
        .arg(out)
        .args(["--today", today])
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn demo_builds_acknowledges_bundles_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let (code, text) = demo(&out, "2022-12-19", elsewhere.path());
    assert_eq!(code, 0, "{text}");
    for line in [
        "   IDActe   062-216204982-20221214-DLB12_14122022-DE",
        "   062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml: 1-2 ARActe",
        "   DateReception  2022-12-19",
        "   consistent with the act sent (IDActe, echo, documents, dates): no finding",
        "   state                         acknowledged",
        "   received by the préfecture    2022-12-19",
        "   end of the two-month window   2023-02-20",
        "   on 2022-12-19: the préfet may refer the act to the tribunal until 2023-02-20 included",
        "  state     acknowledged",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    assert!(text.contains("SLO-EACT--216204982--20221219-1.tar.gz"));
    let proof = out.join("062-216204982-20221214-DLB12_14122022-DE-proof.zip");
    assert!(text.lines().any(|l| l.starts_with("INTACT ")), "{text}");
    assert!(proof.is_file());
    // Nothing else in the current folder.
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);

    // Same inputs, same bundle bytes, whatever the day.
    let out2 = dir.path().join("demo2");
    let (code, text) = demo(&out2, "2023-03-01", elsewhere.path());
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("on 2023-03-01: the window closed on 2023-02-20"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(&proof).unwrap(),
        std::fs::read(out2.join("062-216204982-20221214-DLB12_14122022-DE-proof.zip")).unwrap()
    );

    // A second run into the same folder refuses to replace, unless --force.
    let (code, _) = demo(&out, "2022-12-19", elsewhere.path());
    assert_eq!(code, 1);
    let o = crate::cli_support::actes_command()
        .args(["demo", "--force", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn demo_today_is_checked() {
    let o = crate::cli_support::actes_command()
        .args(["demo", "--today", "19/12/2022"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
