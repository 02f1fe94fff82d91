//! Differential test of the canonicaliser against `xmllint --c14n` (libxml2,
//! package libxml2-utils) on every XML file of `../shared/reference/samples`
//! (messages of every variant and encoding, TotEM budget documents) and on
//! a few hand-made documents exercising the corners of the recommendation.
//!
//! Fails under `CI=true` when xmllint is missing; skipped with a notice
//! otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

use actes::xml::c14n::{self, Comments};
use actes::xml::Limits;

use super::samples::{actes_files, actes_xml_files, TOTEM_DIR};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

/// `true` when xmllint runs; panics under CI when it does not.
pub fn xmllint_ready() -> bool {
    let ok = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("xmllint is not installed (package libxml2-utils): the c14n differential test cannot run under CI");
        }
        eprintln!("skipped: xmllint is not installed (package libxml2-utils)");
    }
    ok
}

/// xmllint's canonical form of a file, or `None` when it refuses the file.
fn xmllint_c14n(path: &Path) -> Option<Vec<u8>> {
    let out = Command::new("xmllint")
        .arg("--nonet")
        .arg("--c14n")
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("xmllint: {e}"));
    out.status.success().then_some(out.stdout)
}

/// Removes the comments from a canonical form with comments. In canonical
/// XML `<!--` only ever starts a comment (a `<` of text is `&lt;`); a node
/// before the root element is followed by one line feed, a node after it
/// preceded by one.
fn strip_comments(c14n: &[u8]) -> Vec<u8> {
    let s = String::from_utf8(c14n.to_vec()).unwrap_or_else(|e| panic!("{e}"));
    let remove = |part: &str, before: &str, after: &str| -> String {
        let mut out = String::new();
        let mut rest = part;
        while let Some(i) = rest.find(&format!("{before}<!--")) {
            out.push_str(&rest[..i]);
            let from = &rest[i..];
            let end = from
                .find("-->")
                .unwrap_or_else(|| panic!("unterminated comment"))
                + 3;
            rest = from[end..].strip_prefix(after).unwrap_or(&from[end..]);
        }
        out.push_str(rest);
        out
    };
    // The root starts at the first `<` that opens neither a comment nor a
    // processing instruction, and ends with its end tag.
    let mut start = 0;
    while let Some(i) = s[start..].find('<').map(|i| i + start) {
        let tail = &s[i..];
        if tail.starts_with("<!--") {
            start = i + tail.find("-->").unwrap_or(0) + 3;
        } else if tail.starts_with("<?") {
            start = i + tail.find("?>").unwrap_or(0) + 2;
        } else {
            start = i;
            break;
        }
    }
    let name: String = s[start + 1..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>')
        .collect();
    let end = s
        .rfind(&format!("</{name}>"))
        .unwrap_or_else(|| panic!("no root end"))
        + name.len()
        + 3;
    let mut out = remove(&s[..start], "", "\n");
    out.push_str(&remove(&s[start..end], "", ""));
    out.push_str(&remove(&s[end..], "\n", ""));
    out.into_bytes()
}

fn compare(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    compare_mode(path, &bytes, Comments::Keep);
    compare_mode(path, &bytes, Comments::Omit);
}

fn compare_mode(path: &Path, bytes: &[u8], mode: Comments) {
    let ours = c14n::to_vec(bytes, &Limits::default(), mode);
    let theirs = xmllint_c14n(path).map(|v| match mode {
        Comments::Keep => v,
        Comments::Omit => strip_comments(&v),
    });
    match (theirs, ours) {
        (Some(expected), Ok(got)) => {
            if expected != got {
                let at = expected
                    .iter()
                    .zip(&got)
                    .position(|(a, b)| a != b)
                    .unwrap_or(expected.len().min(got.len()));
                let show = |v: &[u8]| {
                    String::from_utf8_lossy(
                        v.get(at.saturating_sub(60)..(at + 60).min(v.len()))
                            .unwrap_or_default(),
                    )
                    .into_owned()
                };
                panic!(
                    "{}: differs from xmllint --c14n at byte {at}\n xmllint: {:?}\n    ours: {:?}",
                    path.display(),
                    show(&expected),
                    show(&got)
                );
            }
        }
        (None, Err(_)) => {}
        (Some(_), Err(e)) => panic!(
            "{}: xmllint canonicalises it, we refuse it: {e}",
            path.display()
        ),
        (None, Ok(_)) => panic!("{}: xmllint refuses it, we canonicalise it", path.display()),
    }
}

#[test]
fn every_sample_is_byte_identical_to_xmllint() {
    if !xmllint_ready() {
        return;
    }
    let mut files = Vec::new();
    let dir = samples_dir();
    actes_xml_files(&dir, &mut files);
    actes_files(
        &dir.join(TOTEM_DIR),
        &|p| p.extension().is_some_and(|e| e == "xml"),
        &mut files,
    );
    assert!(
        files.len() >= 50,
        "expected the reference samples (messages and TotEM), found {} XML files under {}",
        files.len(),
        samples_dir().display()
    );
    assert!(files.iter().any(|f| f.to_string_lossy().contains("totem")));
    for f in &files {
        compare(f);
    }
}

#[test]
fn corner_cases_are_byte_identical_to_xmllint() {
    if !xmllint_ready() {
        return;
    }
    let docs: &[&[u8]] = &[
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\r\n<!-- c -->\r\n<?pi  x  y ?>\r\n<r xmlns=\"urn:d\" xmlns:b=\"urn:b\" xmlns:a=\"urn:a\" z=\"1\" a:z=\"2\" b:y=\"3\" y=\"\xE9\">\r\n <c xmlns=\"urn:d\" xmlns:a=\"urn:a2\"><e xmlns=\"\"/></c>\r\n<![CDATA[<&>]]>&#13;&#x9;&gt;\r</r>\r\n<?after?>\r\n",
        b"<a b=\"&#9;x&#10;&#13;\ty\r\nz&quot;&apos;&lt;&amp;>\"/>",
        b"<?xml version='1.0' encoding='windows-1252'?><a t='\x80\x92'>\x9c</a>",
        b"<?xml version='1.0' encoding='ISO-8859-15'?><a>\xA4\xBD</a>",
        "\u{feff}<a xml:lang='fr' xmlns:xml='http://www.w3.org/XML/1998/namespace'>€ 𝄞</a>".as_bytes(),
        b"<p:a xmlns:p='urn:p' xmlns:q='urn:q'><p:b xmlns:p='urn:p'><q:c q:x='1' x='2'/></p:b></p:a>",
        b"<a xmlns='urn:x'><b xmlns='urn:y'><c xmlns='urn:x'/></b></a>",
        b"<a>]]&gt; ' \" &#x10FFFF;</a>",
    ];
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (i, d) in docs.iter().enumerate() {
        let p = dir.path().join(format!("doc{i}.xml"));
        std::fs::write(&p, d).unwrap_or_else(|e| panic!("{e}"));
        compare(&p);
    }
}
