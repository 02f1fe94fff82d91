//! Nothing left behind: `actes archive build` killed at several points of a
//! large write (SIGKILL, SIGTERM, SIGINT), or writing to a full file system,
//! leaves no archive, no temporary file, and an existing archive of the same
//! name untouched. Every writer of the crate goes through
//! `container::AtomicFile` (archives, bundles, the demo's files), which these
//! tests exercise through the command.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ARCHIVE: &str = "SLO-EACT--216204982--20221219-1.tar.gz";

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A transmission of the fixture's act whose document is `mib` MiB of
/// noise (a PDF that does not compress), in a new folder.
fn input(mib: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens");
    for f in ["input.json", "convention.pdf"] {
        std::fs::copy(fixture.join(f), dir.path().join(f)).expect("copy");
    }
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    pdf.extend((0..mib * 1024 * 1024 / 8).flat_map(|_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x.to_le_bytes()
    }));
    pdf.extend_from_slice(b"\n%%EOF\n");
    std::fs::write(dir.path().join("deliberation.pdf"), pdf).expect("write");
    let json = dir.path().join("input.json");
    (dir, json)
}

fn build(json: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_actes"))
        .args(["archive", "build"])
        .arg(json)
        .arg("--out")
        .arg(out)
        .args(["--today", "2022-12-19", "--force"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs")
}

/// Waits until `pid` has a file open in `dir` (the archive being written),
/// or exits. `true` when the write was seen.
fn wait_for_write(pid: u32, dir: &Path, child: &mut Child) -> bool {
    let fds = PathBuf::from(format!("/proc/{pid}/fd"));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(entries) = std::fs::read_dir(&fds) {
            for e in entries.flatten() {
                if std::fs::read_link(e.path()).is_ok_and(|t| t.starts_with(dir)) {
                    return true;
                }
            }
        }
        if child.try_wait().ok().flatten().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    false
}

/// The archive in `out` is either the previous content or a complete
/// archive (never a partial one), and nothing else is there.
fn check_out(out: &Path) -> bool {
    assert_eq!(listing(out), [ARCHIVE], "only the archive's name is there");
    let bytes = std::fs::read(out.join(ARCHIVE)).expect("read");
    if bytes == b"previous" {
        return true;
    }
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_end(&mut tar)
        .expect("a complete gzip stream");
    false
}

#[test]
fn a_build_killed_at_any_point_leaves_nothing() {
    let (_src, json) = input(48);
    let mut interrupted = 0;
    for signal in ["KILL", "TERM", "INT"] {
        for delay_ms in [0u64, 30, 150] {
            let out = tempfile::tempdir().expect("tempdir");
            std::fs::write(out.path().join(ARCHIVE), b"previous").expect("write");
            let mut child = build(&json, out.path());
            let pid = child.id();
            let writing = wait_for_write(pid, out.path(), &mut child);
            std::thread::sleep(Duration::from_millis(delay_ms));
            let killed = Command::new("kill")
                .arg(format!("-{signal}"))
                .arg(pid.to_string())
                .status()
                .expect("kill runs");
            let status = child.wait().expect("wait");
            let untouched = check_out(out.path());
            if writing && killed.success() && !status.success() {
                assert!(untouched, "SIG{signal} after {delay_ms} ms: replaced");
                interrupted += 1;
            }
            if signal != "KILL" && !status.success() {
                // Our handler: 128 + the signal number.
                let code = if signal == "TERM" { 143 } else { 130 };
                assert_eq!(status.code(), Some(code), "SIG{signal}");
            }
        }
    }
    // The document is large enough for the kills to land mid-write.
    assert!(
        interrupted >= 6,
        "only {interrupted} builds were interrupted"
    );
}

/// A full disk: a 2 MiB tmpfs (when the tests run as root; `CI=true`
/// requires it) receiving an 8 MiB archive.
#[test]
fn a_full_file_system_leaves_nothing() {
    let (_src, json) = input(8);
    let mnt = tempfile::tempdir().expect("tempdir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "actes-test"])
        .arg(mnt.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI: cannot mount a tmpfs (the tests must run as root)"
        );
        eprintln!("skipped: cannot mount a tmpfs (not root)");
        return;
    }
    std::fs::write(mnt.path().join(ARCHIVE), b"previous").expect("write");
    let o = build(&json, mnt.path())
        .wait_with_output()
        .expect("the binary runs");
    let listed = listing(mnt.path());
    let kept = std::fs::read(mnt.path().join(ARCHIVE));
    let _ = Command::new("umount").arg(mnt.path()).status();
    assert_eq!(o.status.code(), Some(1));
    // The failure is an IO-WRITE diagnostic of the document (standard
    // output), naming the archive, the system's text included.
    let all = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(all.contains("No space left"), "{all}");
    assert_eq!(listed, [ARCHIVE]);
    assert_eq!(kept.ok().as_deref(), Some(&b"previous"[..]));
}
