//! Shared by the after-acknowledgement tests (stamp, receipt sheet, SCDL):
//! the external tools, and the Lens act built into a folder.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `tool` is on the PATH; under `CI=true` a missing tool fails the
/// test (`.ci/run` installs it), elsewhere it prints a notice.
pub fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is required under CI=true (see .ci/run)"
        );
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

/// Runs a tool that must succeed; returns its standard output.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the tool runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The Lens fixtures folder.
pub fn lens_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens")
}

/// The Lens acknowledgement's file name.
pub const LENS_AR: &str = "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";

/// The Lens archive built in `dir`, its acknowledgement, and its proof
/// bundle `dir/proof.zip`.
#[cfg(feature = "serde")]
pub fn lens(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    use actes::container::Overwrite;
    let fixtures = lens_fixtures();
    let input = std::fs::read(fixtures.join("input.json")).expect("input");
    let t = actes::transmission::parse_json(&input, &fixtures)
        .value
        .expect("transmission");
    let today = chrono::NaiveDate::from_ymd_opt(2022, 12, 19).expect("date");
    let (archive, _) = actes::archive::build_to_dir(
        &t,
        &actes::transmission::ValidationOptions::new(today),
        dir,
        Overwrite::Never,
    )
    .expect("archive");
    let ar = fixtures.join(LENS_AR);
    let b =
        actes::bundle::Bundle::from_paths(&archive, &[&ar], &Default::default()).expect("bundle");
    let proof = dir.join("proof.zip");
    b.write(&proof, Overwrite::Never).expect("written");
    (archive, ar, proof)
}
