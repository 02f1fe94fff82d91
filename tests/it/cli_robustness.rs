//! Every sub-command of the CLI (id, siren, classification, archive,
//! receipt, delivery, bundle), fed hostile input, answers with a clean
//! message and exit code 1 or 2: never a Rust panic, never a backtrace.
//!
//! Inputs: empty input, binary garbage, a 1 MB identifier line, invalid
//! UTF-8 (on standard input and as an argument), a missing file, an
//! unreadable file, a folder where a file is expected, and endless input.
#![cfg(feature = "cli")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

const SEED: &str = "062-216204982-20221214-DLB12_14122022-DE";

/// Runs the binary with `args` (any bytes) and `stdin`, with backtraces
/// requested so that a panic could not hide its trace.
fn actes<A: AsRef<std::ffi::OsStr>>(args: &[A], stdin: &[u8]) -> Output {
    let mut cmd = crate::cli_support::actes_command();
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "1");
    let mut child = cmd.spawn().expect("run actes");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    // A thread, so that a large input cannot dead-lock with the output; the
    // child may exit without reading everything (broken pipe is fine).
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for actes");
    let _ = writer.join();
    out
}

/// The contract: exit 1 or 2, a message on stderr or stdout, no panic.
fn clean_failure(what: &str, o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    let out = String::from_utf8_lossy(&o.stdout);
    for text in [&err, &out] {
        assert!(!text.contains("panicked at"), "{what}: panic\n{text}");
        assert!(
            !text.contains("stack backtrace"),
            "{what}: backtrace\n{text}"
        );
        assert!(
            !text.contains("RUST_BACKTRACE"),
            "{what}: backtrace hint\n{text}"
        );
    }
    let code = o.status.code();
    assert!(
        matches!(code, Some(1 | 2)),
        "{what}: exit {code:?}\nstdout: {}\nstderr: {err}",
        out.chars().take(500).collect::<String>()
    );
    assert!(
        !err.trim().is_empty() || !out.trim().is_empty(),
        "{what}: failed without a word"
    );
}

fn garbage(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[1]
        })
        .collect()
}

struct Files {
    _dir: tempfile::TempDir,
    empty: PathBuf,
    garbage: PathBuf,
    long_line: PathBuf,
    not_utf8: PathBuf,
    missing: PathBuf,
    unreadable: Option<PathBuf>,
    folder: PathBuf,
}

/// Whether this process can read a file whose mode is 000 (root can).
fn can_read_mode_000(path: &Path) -> bool {
    std::fs::read(path).is_ok()
}

fn files() -> Files {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = |n: &str| dir.path().join(n);
    std::fs::write(p("empty.xml"), b"").expect("write");
    std::fs::write(p("garbage.xml"), garbage(64 * 1024)).expect("write");
    let mut long = vec![b'7'; 1 << 20];
    long.push(b'\n');
    std::fs::write(p("long.xml"), &long).expect("write");
    std::fs::write(p("latin1.xml"), b"<a>\xff\xfe\xe9</a\xff>").expect("write");
    std::fs::create_dir(p("folder.xml")).expect("mkdir");
    let locked = p("locked.xml");
    std::fs::write(&locked, b"<a/>").expect("write");
    let unreadable = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        if can_read_mode_000(&locked) {
            eprintln!(
                "notice: running as a user who can read a mode-000 file (root?); the unreadable-file case is skipped"
            );
            None
        } else {
            Some(locked)
        }
    };
    Files {
        empty: p("empty.xml"),
        garbage: p("garbage.xml"),
        long_line: p("long.xml"),
        not_utf8: p("latin1.xml"),
        missing: p("does-not-exist.xml"),
        unreadable,
        folder: p("folder.xml"),
        _dir: dir,
    }
}

impl Files {
    /// Every bad file, with a label.
    fn bad(&self) -> Vec<(&'static str, &Path)> {
        let mut v: Vec<(&'static str, &Path)> = vec![
            ("empty file", &self.empty),
            ("binary garbage", &self.garbage),
            ("1 MB line", &self.long_line),
            ("invalid UTF-8", &self.not_utf8),
            ("missing file", &self.missing),
            ("folder", &self.folder),
        ];
        if let Some(u) = &self.unreadable {
            v.push(("unreadable file", u));
        }
        v
    }
}

/// Bad values for a command that checks values given as arguments or on
/// standard input: `(label, args after the command, stdin)`.
fn bad_values() -> Vec<(&'static str, Vec<std::ffi::OsString>, Vec<u8>)> {
    use std::os::unix::ffi::OsStringExt;
    let arg = |s: &str| vec![std::ffi::OsString::from(s)];
    let mut long_line = vec![b'9'; 1 << 20];
    long_line.push(b'\n');
    vec![
        ("empty argument", arg(""), Vec::new()),
        ("garbage on stdin", Vec::new(), garbage(64 * 1024)),
        ("1 MB line on stdin", Vec::new(), long_line),
        ("100 KB argument", arg(&"8".repeat(100 * 1024)), Vec::new()),
        (
            "invalid UTF-8 on stdin",
            Vec::new(),
            b"\xff\xfe\xe9-\x80\n".to_vec(),
        ),
        (
            "invalid UTF-8 argument",
            vec![std::ffi::OsString::from_vec(b"\xff\xfe".to_vec())],
            Vec::new(),
        ),
        ("NUL on stdin", Vec::new(), b"0\x000\n".to_vec()),
    ]
}

#[test]
fn id_and_siren_check() {
    for cmd in [["id", "check"], ["siren", "check"]] {
        for (what, args, stdin) in bad_values() {
            let mut all: Vec<std::ffi::OsString> = cmd.iter().map(Into::into).collect();
            all.extend(args);
            let o = actes(&all, &stdin);
            clean_failure(&format!("{} {what}", cmd.join(" ")), &o);
        }
    }
}

#[test]
fn id_check_empty_stdin_checks_nothing() {
    // Nothing to check is not a success (a false green in CI): exit 2,
    // nothing on standard output, the reason on standard error.
    for input in [&b""[..], b"\n  \r\n"] {
        let o = actes(&["id", "check"], input);
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stdout.is_empty());
        assert!(String::from_utf8_lossy(&o.stderr).contains("IO-NO-INPUT"));
    }
}

/// A line longer than the 4 MiB the command holds (here without any
/// newline, as `/dev/zero` would give) is reported as ID-INPUT-TOO-LONG and
/// the next line is still checked.
#[test]
fn endless_line_is_reported_not_buffered() {
    let mut input = vec![b'0'; (4 << 20) + 1000];
    input.push(b'\n');
    input.extend_from_slice(SEED.as_bytes());
    for cmd in [["id", "check"], ["siren", "check"]] {
        let o = actes(&[cmd[0], cmd[1], "--json"], &input);
        clean_failure("4 MiB line", &o);
        let out = String::from_utf8(o.stdout).expect("UTF-8");
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect();
        assert_eq!(lines.len(), 2, "{cmd:?}");
        assert_eq!(lines[0]["diagnostics"][0]["code"], "ID-INPUT-TOO-LONG");
        assert!(lines[0]["input"].as_str().is_some_and(|s| s.len() < 100));
        assert_eq!(lines[1]["input"], SEED);
    }
    // The same with no newline at all.
    let o = actes(&["id", "check"], &vec![0u8; (4 << 20) + 1]);
    clean_failure("no newline", &o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("ID-INPUT-TOO-LONG"));
}

#[test]
fn classification_check() {
    for (what, args, stdin) in bad_values() {
        let mut all: Vec<std::ffi::OsString> = vec!["classification".into(), "check".into()];
        if args.is_empty() {
            // The code is a required argument: its absence is a usage error.
            let o = actes(&all, &stdin);
            clean_failure(&format!("classification check {what}"), &o);
            // The same bytes as the argument (argv holds no NUL, and at most
            // 128 KiB per argument on Linux).
            use std::os::unix::ffi::OsStringExt;
            let bytes = stdin
                .iter()
                .take(100 * 1024)
                .map(|&b| if b == 0 { b'?' } else { b })
                .collect();
            all.push(std::ffi::OsString::from_vec(bytes));
        } else {
            all.extend(args);
        }
        let o = actes(&all, b"");
        clean_failure(&format!("classification check {what}"), &o);
    }
    let f = files();
    for (what, path) in f.bad() {
        let o = actes(
            &[
                "classification".as_ref(),
                "check".as_ref(),
                "1.1".as_ref(),
                "--classification".as_ref(),
                path.as_os_str(),
            ],
            b"",
        );
        clean_failure(&format!("classification check --classification {what}"), &o);
    }
}

#[test]
fn classification_show_and_diff() {
    let f = files();
    let good = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/samples/examples-2003/actes__7-2_RetourClassification.xml");
    assert!(good.exists());
    for (what, path) in f.bad() {
        let o = actes(
            &["classification".as_ref(), "show".as_ref(), path.as_os_str()],
            b"",
        );
        clean_failure(&format!("classification show {what}"), &o);
        let o = actes(
            &[
                "classification".as_ref(),
                "diff".as_ref(),
                path.as_os_str(),
                good.as_os_str(),
            ],
            b"",
        );
        clean_failure(&format!("classification diff {what} good"), &o);
        let o = actes(
            &[
                "classification".as_ref(),
                "diff".as_ref(),
                good.as_os_str(),
                path.as_os_str(),
            ],
            b"",
        );
        clean_failure(&format!("classification diff good {what}"), &o);
    }
    // A non-UTF-8 path is a path like any other.
    use std::os::unix::ffi::OsStrExt;
    let odd = std::ffi::OsStr::from_bytes(b"/nonexistent/\xff\xfe.xml");
    let o = actes(&["classification".as_ref(), "show".as_ref(), odd], b"");
    clean_failure("classification show non-UTF-8 path", &o);
}

/// An endless file: the reader stops at the document size limit.
#[test]
fn classification_show_endless_file() {
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        eprintln!("notice: no /dev/zero; skipped");
        return;
    }
    let o = actes(&["classification", "show", "/dev/zero"], b"");
    clean_failure("classification show /dev/zero", &o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("XML-LIMIT-SIZE"));
}

#[test]
fn receipt_read_and_archive_build_endless_file() {
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        eprintln!("notice: no /dev/zero; skipped");
        return;
    }
    let o = actes(&["receipt", "read", "/dev/zero"], b"");
    clean_failure("receipt read /dev/zero", &o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("XML-LIMIT-SIZE"));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().to_string_lossy().into_owned();
    let o = actes(
        &[
            "archive",
            "build",
            "/dev/zero",
            "--out",
            &out,
            "--today",
            "2022-12-19",
        ],
        b"",
    );
    clean_failure("archive build /dev/zero", &o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("larger than the limit"));
    assert_eq!(std::fs::read_dir(dir.path()).map_or(0, Iterator::count), 0);
}

#[test]
fn usage_errors() {
    let cases: &[&[&str]] = &[
        &[],
        &["bogus"],
        &["id"],
        &["id", "bogus"],
        &["id", "check", "--lang", "de"],
        &["classification"],
        &["classification", "show"],
        &["classification", "diff", "a"],
        &["classification", "check", "1.1", "--typologie", "99_DE"],
        &["classification", "check", "1.1", "--nature", "Z"],
        &["--no-such-flag"],
        &["archive"],
        &["archive", "build"],
        &["archive", "build", "x.json"],
        &["archive", "check"],
        &["receipt", "read"],
        &["delivery", "read"],
        &["delivery", "read", "a", "b"],
        &["bundle"],
        &["bundle", "verify"],
        &["bundle", "create", "--out", "x.zip"],
    ];
    for args in cases {
        let o = actes(args, b"");
        clean_failure(&format!("{args:?}"), &o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

fn adversarial(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/adversarial")
        .join(rel)
}

/// Hostile fixtures, by kind (see fixtures/adversarial/EXPECTED.tsv).
fn hostile(kind: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(adversarial(kind))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    assert!(v.len() > 10);
    v
}

#[test]
fn archive_check() {
    let f = files();
    let mut inputs: Vec<(String, PathBuf)> = f
        .bad()
        .into_iter()
        .map(|(w, p)| (w.to_string(), p.to_path_buf()))
        .collect();
    inputs.extend(
        hostile("archive")
            .into_iter()
            .map(|p| (p.display().to_string(), p)),
    );
    inputs.extend(
        hostile("xml")
            .into_iter()
            .take(5)
            .map(|p| (p.display().to_string(), p)),
    );
    for (what, path) in inputs {
        for json in [false, true] {
            let mut args: Vec<&std::ffi::OsStr> = vec!["archive".as_ref(), "check".as_ref()];
            if json {
                args.push("--json".as_ref());
            }
            args.push(path.as_os_str());
            let o = actes(&args, b"");
            clean_failure(&format!("archive check {what}"), &o);
            assert_eq!(o.status.code(), Some(1), "archive check {what}");
        }
    }
    let o = actes(&["archive", "check", "x.tar.gz", "--today", "garbage"], b"");
    clean_failure("archive check --today garbage", &o);
}

#[test]
fn archive_build_writes_nothing_on_bad_input() {
    let f = files();
    let out = tempfile::tempdir().expect("tempdir");
    let bad_json: &[&[u8]] = &[
        b"{",
        b"[]",
        b"null",
        b"{\"collectivite\": 1}",
        b"{\"collectivite\": {\"siren\": \"\xff\"}}",
        &[b'['; 100_000],
    ];
    let mut inputs: Vec<(String, PathBuf)> = f
        .bad()
        .into_iter()
        .map(|(w, p)| (w.to_string(), p.to_path_buf()))
        .collect();
    for (i, j) in bad_json.iter().enumerate() {
        let p = f.folder.with_file_name(format!("bad{i}.json"));
        std::fs::write(&p, j).expect("write");
        inputs.push((format!("bad JSON {i}"), p));
    }
    for (what, path) in &inputs {
        let o = actes(
            &[
                "archive".as_ref(),
                "build".as_ref(),
                path.as_os_str(),
                "--out".as_ref(),
                out.path().as_os_str(),
                "--today".as_ref(),
                "2024-01-01".as_ref(),
            ],
            b"",
        );
        clean_failure(&format!("archive build {what}"), &o);
        let left: Vec<_> = std::fs::read_dir(out.path()).expect("ls").collect();
        assert!(left.is_empty(), "archive build {what} left {left:?}");
    }
    // --out is not a usable folder.
    let good_json = f.empty.with_file_name("empty.json");
    std::fs::write(&good_json, b"{}").expect("write");
    for out_dir in [f.missing.as_path(), f.garbage.as_path()] {
        let o = actes(
            &[
                "archive".as_ref(),
                "build".as_ref(),
                good_json.as_os_str(),
                "--out".as_ref(),
                out_dir.as_os_str(),
            ],
            b"",
        );
        clean_failure(&format!("archive build --out {}", out_dir.display()), &o);
    }
}

#[test]
fn receipt_read() {
    let f = files();
    let mut inputs: Vec<(String, PathBuf)> = f
        .bad()
        .into_iter()
        .map(|(w, p)| (w.to_string(), p.to_path_buf()))
        .collect();
    inputs.extend(
        hostile("xml")
            .into_iter()
            .map(|p| (p.display().to_string(), p)),
    );
    inputs.extend(
        hostile("archive")
            .into_iter()
            .take(3)
            .map(|p| (p.display().to_string(), p)),
    );
    for (what, path) in inputs {
        if what.ends_with("xinclude.xml") {
            // A valid ARActe with an ignored foreign element: read (exit 0).
            continue;
        }
        for json in [false, true] {
            let mut args: Vec<&std::ffi::OsStr> = vec!["receipt".as_ref(), "read".as_ref()];
            if json {
                args.push("--json".as_ref());
            }
            args.push(path.as_os_str());
            let o = actes(&args, b"");
            clean_failure(&format!("receipt read {what}"), &o);
        }
    }
}

#[test]
fn delivery_read() {
    let f = files();
    let mut inputs: Vec<(String, PathBuf)> = f
        .bad()
        .into_iter()
        .filter(|(w, _)| *w != "folder") // a folder is a delivery
        .map(|(w, p)| (w.to_string(), p.to_path_buf()))
        .collect();
    inputs.extend(
        hostile("archive")
            .into_iter()
            .map(|p| (p.display().to_string(), p)),
    );
    // A folder of attachments holding a symbolic link out of it.
    let linked = f.folder.with_file_name("linked");
    std::fs::create_dir(&linked).expect("mkdir");
    std::os::unix::fs::symlink("/etc/passwd", linked.join("evil.xml")).expect("symlink");
    inputs.push(("folder with a symlink".into(), linked));
    for (what, path) in inputs {
        if what.ends_with("tar_nested.tar.gz") {
            // A nested entry is a warning (not read): the delivery is read.
            continue;
        }
        for json in [false, true] {
            let mut args: Vec<&std::ffi::OsStr> = vec!["delivery".as_ref(), "read".as_ref()];
            if json {
                args.push("--json".as_ref());
            }
            args.push(path.as_os_str());
            let o = actes(&args, b"");
            clean_failure(&format!("delivery read {what}"), &o);
            assert!(
                !String::from_utf8_lossy(&o.stdout).contains("root:"),
                "delivery read {what}: /etc/passwd leaked"
            );
        }
    }
}

#[test]
fn bundle_verify_and_create() {
    let f = files();
    let mut inputs: Vec<(String, PathBuf)> = f
        .bad()
        .into_iter()
        .map(|(w, p)| (w.to_string(), p.to_path_buf()))
        .collect();
    inputs.extend(
        hostile("archive")
            .into_iter()
            .map(|p| (p.display().to_string(), p)),
    );
    for (what, path) in &inputs {
        for json in [false, true] {
            let mut args: Vec<&std::ffi::OsStr> = vec!["bundle".as_ref(), "verify".as_ref()];
            if json {
                args.push("--json".as_ref());
            }
            args.push(path.as_os_str());
            let o = actes(&args, b"");
            clean_failure(&format!("bundle verify {what}"), &o);
        }
    }
    // bundle create: a bad archive, or a good-looking one with bad
    // receipts, writes nothing.
    let out = tempfile::tempdir().expect("tempdir");
    let archive = adversarial("archive/tar_dotdot.tar.gz");
    for (what, path) in inputs.iter().take(12) {
        for (a, r) in [
            (path.as_path(), archive.as_path()),
            (archive.as_path(), path.as_path()),
        ] {
            let o = actes(
                &[
                    "bundle".as_ref(),
                    "create".as_ref(),
                    "--archive".as_ref(),
                    a.as_os_str(),
                    "--receipt".as_ref(),
                    r.as_os_str(),
                    "--out".as_ref(),
                    out.path().join("proof.zip").as_os_str(),
                    "--today".as_ref(),
                    "2024-01-01".as_ref(),
                ],
                b"",
            );
            clean_failure(&format!("bundle create {what}"), &o);
            let left: Vec<_> = std::fs::read_dir(out.path()).expect("ls").collect();
            assert!(left.is_empty(), "bundle create {what} left {left:?}");
        }
    }
}

#[test]
fn demo_with_an_unusable_out() {
    let f = files();
    for out in [f.garbage.as_path(), &f.garbage.join("sub")] {
        let o = actes(&["demo".as_ref(), "--out".as_ref(), out.as_os_str()], b"");
        clean_failure(&format!("demo --out {}", out.display()), &o);
    }
    let o = actes(&["demo", "--today", "garbage"], b"");
    clean_failure("demo --today garbage", &o);
}
