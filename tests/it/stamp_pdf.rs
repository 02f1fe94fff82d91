//! The stamp against real tools: poppler's `pdftotext` reads it (upright,
//! at the chosen corner of the displayed page, accents right), `qpdf
//! --check` finds the structure sound, and a signature made with `pyhanko`
//! before stamping still validates INTACT and TRUSTED. Without a tool the
//! test prints a notice and skips, except under `CI=true`, where it fails
//! (`.ci/run` installs them).

use std::path::{Path, PathBuf};
use std::process::Command;

use actes::pdf::{stamp, Pages, Position, StampOptions, StampText};

use super::stamp_support::{have, lens_fixtures, run};
use chrono::NaiveDate;

fn lens() -> PathBuf {
    lens_fixtures().join("deliberation.pdf")
}

fn text() -> StampText {
    StampText {
        id_acte: "062-216204982-20221214-DLB12_14122022-DE".into(),
        sent: NaiveDate::from_ymd_opt(2022, 12, 19),
        received: NaiveDate::from_ymd_opt(2022, 12, 20),
        published: NaiveDate::from_ymd_opt(2022, 12, 21),
    }
}

fn stamp_to(src: &[u8], dest: &Path, options: &StampOptions) -> Vec<u8> {
    let out = stamp(src, &text(), options).expect("stamped");
    assert!(out.starts_with(src), "the original is a byte prefix");
    std::fs::write(dest, &out).expect("written");
    out
}

/// A one-page PDF written by hand: `page_extra` goes in the page
/// dictionary, `pages_extra` in the page-tree root.
fn hand_pdf(media: &str, page_extra: &str, pages_extra: &str) -> Vec<u8> {
    let content = "BT /F1 12 Tf 72 300 Td (Texte de l'acte) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [3 0 R] /Count 1 {pages_extra} >>"),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox {media} {page_extra} /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

/// xMin, yMin, xMax, yMax.
type Bbox = (f64, f64, f64, f64);
/// Width, height.
type Size = (f64, f64);

/// A word of `pdftotext -bbox` output: (xMin, yMin, xMax, yMax) from the
/// top-left of the displayed page, and the page's displayed size.
fn word_box(pdf: &Path, word: &str) -> Option<(Bbox, Size)> {
    let html = run(Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-"));
    let attr = |line: &str, name: &str| -> Option<f64> {
        let start = line.find(&format!("{name}=\""))? + name.len() + 2;
        let rest = line.get(start..)?;
        rest.get(..rest.find('"')?)?.parse().ok()
    };
    let mut page = None;
    for line in html.lines() {
        if line.contains("<page ") {
            page = Some((attr(line, "width")?, attr(line, "height")?));
        }
        if line.contains(&format!(">{word}</word>")) {
            let b = (
                attr(line, "xMin")?,
                attr(line, "yMin")?,
                attr(line, "xMax")?,
                attr(line, "yMax")?,
            );
            return Some((b, page?));
        }
    }
    None
}

/// `pdftotext -bbox` gives the words' boxes on the page as displayed
/// (from its top-left corner), but the `<page>` size of the unrotated page:
/// the displayed size is swapped for a quarter turn.
fn displayed_size((w, h): Size, rotation: u16) -> Size {
    if rotation % 180 == 90 {
        (h, w)
    } else {
        (w, h)
    }
}

#[test]
fn stamp_reads_back_with_accents_and_sound_structure() {
    if !have("pdftotext") || !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let original = std::fs::read(lens()).expect("fixture");
    let out = dir.path().join("stamped.pdf");
    stamp_to(&original, &out, &StampOptions::default());
    let txt = run(Command::new("pdftotext").arg(&out).arg("-"));
    for line in text().lines() {
        assert!(txt.contains(&line), "{line:?} not in {txt}");
    }
    assert!(txt.contains("Reçu en préfecture le 20/12/2022"));
    assert!(txt.contains("Ville de Lens"), "the page's own text is kept");
    run(Command::new("qpdf").arg("--check").arg(&out));
}

#[test]
fn stamp_is_upright_at_the_corner_of_rotated_and_landscape_pages() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let portrait = "[0 0 595 842]";
    let landscape = "[0 0 842 595]";
    // (name, file, rotation as displayed)
    let cases = [
        ("portrait", hand_pdf(portrait, "", ""), 0),
        ("landscape", hand_pdf(landscape, "", ""), 0),
        ("rotate90", hand_pdf(portrait, "/Rotate 90", ""), 90),
        ("rotate180", hand_pdf(portrait, "/Rotate 180", ""), 180),
        ("rotate270", hand_pdf(portrait, "/Rotate 270", ""), 270),
        ("inherited270", hand_pdf(portrait, "", "/Rotate 270"), 270),
        ("negative90", hand_pdf(landscape, "/Rotate -90", ""), 270),
        (
            "offset",
            hand_pdf("[100 200 695 1042]", "/Rotate 90", ""),
            90,
        ),
    ];
    let positions = [
        (Position::TopRight, true, true),
        (Position::TopLeft, false, true),
        (Position::BottomRight, true, false),
        (Position::BottomLeft, false, false),
    ];
    for (name, pdf, rotation) in &cases {
        for (position, right, top) in positions {
            let path = dir.path().join(format!("{name}-{position:?}.pdf"));
            let options = StampOptions {
                position,
                ..StampOptions::default()
            };
            stamp_to(pdf, &path, &options);
            let Some((b, page)) = word_box(&path, "préfecture") else {
                panic!("{name} {position:?}: the stamp's text is not found");
            };
            let (x0, y0, x1, y1) = b;
            let (w, h) = displayed_size(page, *rotation);
            assert!(
                x1 - x0 > y1 - y0,
                "{name} {position:?}: the word is not upright ({x0},{y0})-({x1},{y1})"
            );
            assert_eq!(x0 > w / 2.0, right, "{name} {position:?}: x {x0} of {w}");
            assert_eq!(y1 < h / 2.0, top, "{name} {position:?}: y {y1} of {h}");
            // Within 10 pt + box of the corner.
            let (dx, dy) = (
                if right { w - x1 } else { x0 },
                if top { y0 } else { h - y1 },
            );
            assert!(dx < 200.0 && dy < 60.0, "{name} {position:?}: {dx},{dy}");
        }
    }
}

#[test]
fn percent_position_and_all_pages_with_object_streams() {
    if !have("pdftotext") || !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    // Three pages, cross-reference stream and object streams.
    let packed = dir.path().join("packed.pdf");
    run(Command::new("qpdf")
        .arg("--object-streams=generate")
        .arg("--empty")
        .arg("--pages")
        .args([lens(), lens(), lens()])
        .arg("--")
        .arg(&packed));
    let src = std::fs::read(&packed).expect("packed");
    assert!(
        String::from_utf8_lossy(&src).contains("/ObjStm"),
        "qpdf wrote object streams"
    );
    let out = dir.path().join("all.pdf");
    let options = StampOptions {
        pages: Pages::All,
        position: Position::Percent { x: 50.0, y: 50.0 },
        ..StampOptions::default()
    };
    stamp_to(&src, &out, &options);
    run(Command::new("qpdf").arg("--check").arg(&out));
    for page in 1..=3 {
        let txt = run(Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&out)
            .arg("-"));
        assert!(txt.contains("ID : 062-216204982"), "page {page}: {txt}");
    }
    let Some(((x0, y0, _, _), (w, h))) = word_box(&out, "Envoyé") else {
        panic!("no stamp text");
    };
    assert!((x0 - (w / 2.0 + 6.0)).abs() < 3.0, "x {x0} of {w}");
    assert!(y0 > h / 2.0 && y0 < h / 2.0 + 20.0, "y {y0} of {h}");
    // First page only by default.
    let first = dir.path().join("first.pdf");
    stamp_to(&src, &first, &StampOptions::default());
    let p2 = run(Command::new("pdftotext")
        .args(["-f", "2", "-l", "2"])
        .arg(&first)
        .arg("-"));
    assert!(!p2.contains("ID : "), "page 2 is not stamped: {p2}");
}

#[test]
fn encrypted_pdf_is_refused() {
    if !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let enc = dir.path().join("enc.pdf");
    run(Command::new("qpdf")
        .args(["--encrypt", "user", "owner", "256", "--"])
        .arg(lens())
        .arg(&enc));
    let bytes = std::fs::read(&enc).expect("encrypted");
    let err = stamp(&bytes, &text(), &StampOptions::default()).expect_err("refused");
    assert_eq!(err.codes(), vec!["PDF-ENCRYPTED"]);
}

#[test]
fn signature_made_before_stamping_stays_intact_and_trusted() {
    if !have("pyhanko") || !have("openssl") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, cert) = (dir.path().join("key.pem"), dir.path().join("cert.pem"));
    run(Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
        ])
        .args(["-subj", "/CN=Actes stamp test"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    let signed = dir.path().join("signed.pdf");
    run(Command::new("pyhanko")
        .args(["sign", "addsig", "--field", "Sig1", "pemder", "--no-pass"])
        .arg("--key")
        .arg(&key)
        .arg("--cert")
        .arg(&cert)
        .arg(lens())
        .arg(&signed));
    let validate = |pdf: &Path| {
        let out = Command::new("pyhanko")
            .args(["sign", "validate", "--trust"])
            .arg(&cert)
            .arg(pdf)
            .output()
            .expect("pyhanko runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = validate(&signed);
    assert!(before.contains("INTACT:TRUSTED"), "{before}");
    let stamped = dir.path().join("stamped.pdf");
    let original = std::fs::read(&signed).expect("signed");
    stamp_to(&original, &stamped, &StampOptions::default());
    let after = validate(&stamped);
    assert!(
        after.contains(":INTACT:TRUSTED"),
        "the signature no longer validates after stamping: {after}"
    );
    // pyhanko sees the stamp as a change after signing (not UNTOUCHED).
    assert!(!after.contains("UNTOUCHED"), "{after}");
}
