//! The PDF reader and the stamp on hostile input: never panics, respects
//! its limits, and whatever it accepts it writes as an incremental update
//! that reads back (the stable-toolchain counterpart of the `pdf` fuzz
//! target).

use std::path::Path;

use actes::pdf::{page_count, stamp, Pages, PdfLimits, StampOptions, StampText};
use proptest::prelude::*;

fn text() -> StampText {
    StampText {
        id_acte: "062-216204982-20221214-DLB12_14122022-DE".into(),
        ..StampText::default()
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let lens = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens");
    let mut out = Vec::new();
    for name in ["deliberation.pdf", "convention.pdf"] {
        let pdf = std::fs::read(lens.join(name)).expect("fixture");
        let stamped = stamp(&pdf, &text(), &StampOptions::default()).expect("stamped");
        out.push(pdf);
        out.push(stamped);
    }
    out
}

fn check(data: &[u8], all: bool) {
    let options = StampOptions {
        pages: if all { Pages::All } else { Pages::First },
        ..StampOptions::default()
    };
    match stamp(data, &text(), &options) {
        Ok(out) => {
            assert!(out.starts_with(data));
            assert!(page_count(&out, &PdfLimits::default(), "out").is_ok());
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty());
            assert!(
                e.codes().iter().all(|c| c.starts_with("PDF-")),
                "{:?}",
                e.codes()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_pdfs_never_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
        all in any::<bool>(),
    ) {
        let seeds = seeds();
        let mut data = seeds[which % seeds.len()].clone();
        for (at, byte, kind) in edits {
            let i = at.index(data.len().max(1));
            match kind {
                0 => if let Some(b) = data.get_mut(i) { *b = byte },
                1 => data.insert(i.min(data.len()), byte),
                _ => { if i < data.len() { data.remove(i); } }
            }
        }
        if let Some(c) = cut {
            data.truncate(c.index(data.len() + 1));
        }
        check(&data, all);
    }

    #[test]
    fn arbitrary_bytes_after_a_header_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut data = b"%PDF-1.7\n".to_vec();
        data.extend_from_slice(&body);
        check(&data, true);
    }
}

/// A hand-made PDF from its object bodies, with a correct xref table and
/// `trailer_extra` in the trailer.
fn pdf(objects: &[&str], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn codes(data: &[u8]) -> Vec<&'static str> {
    stamp(data, &text(), &StampOptions::default())
        .err()
        .map(|e| e.codes())
        .unwrap_or_default()
}

#[test]
fn hostile_structures_are_refused_with_a_diagnostic() {
    // A page tree that loops.
    let cycle = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ],
        "",
    );
    assert_eq!(codes(&cycle), vec!["PDF-UNREADABLE"]);
    // /Prev pointing at itself.
    let mut looped = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R >>",
        ],
        "",
    );
    let at = String::from_utf8_lossy(&looped)
        .rfind("xref\n")
        .expect("xref");
    let fixed =
        String::from_utf8_lossy(&looped).replace("/Root 1 0 R", &format!("/Root 1 0 R /Prev {at}"));
    looped = fixed.into_bytes();
    assert_eq!(codes(&looped), vec!["PDF-UNREADABLE"]);
    // Deep nesting in the page dictionary.
    let deep = format!(
        "<< /Type /Page /Parent 2 0 R /X {}1{} >>",
        "[".repeat(500),
        "]".repeat(500)
    );
    let nested = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            &deep,
        ],
        "",
    );
    assert_eq!(codes(&nested), vec!["PDF-UNREADABLE"]);
    // A deep page tree.
    let mut objects = vec!["<< /Type /Catalog /Pages 2 0 R >>".to_string()];
    for i in 2..200 {
        objects.push(format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", i + 1));
    }
    objects.push("<< /Type /Page >>".to_string());
    let refs: Vec<&str> = objects.iter().map(String::as_str).collect();
    assert_eq!(codes(&pdf(&refs, "")), vec!["PDF-LIMIT"]);
    // An absurd /Size.
    let huge = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R >>",
        ],
        "",
    );
    let huge = String::from_utf8_lossy(&huge)
        .replace("/Size 4", "/Size 999999999999")
        .into_bytes();
    assert_eq!(codes(&huge), vec!["PDF-LIMIT"]);
    // The same file with a sane /Size is accepted: the refusals above are
    // about what was changed.
    let sane = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R >>",
        ],
        "",
    );
    assert!(codes(&sane).is_empty());
    // A file over the size limit.
    let small = StampOptions {
        limits: PdfLimits {
            max_file_bytes: 100,
            ..PdfLimits::default()
        },
        ..StampOptions::default()
    };
    let e = stamp(&sane, &text(), &small).err().map(|e| e.codes());
    assert_eq!(e, Some(vec!["PDF-LIMIT"]));
}

#[test]
fn large_hostile_structures_are_stamped() {
    // A dictionary of 50 000 keys, and a font dictionary full of the names
    // the stamp would pick (the time this takes is measured by
    // `benches/stamp.rs`, not here).
    let keys: String = (0..50_000).map(|i| format!("/K{i} {i} ")).collect();
    let fonts: String = (0..20_000)
        .map(|i| {
            if i == 0 {
                "/ActesStampF 4 0 R ".to_string()
            } else {
                format!("/ActesStampF{i} 4 0 R ")
            }
        })
        .collect();
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /X << {keys} >> /Resources << /Font << {fonts} >> >> >>"
    );
    let data = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            &page,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ],
        "",
    );
    let out = stamp(&data, &text(), &StampOptions::default()).expect("stamped");
    assert!(out.starts_with(&data));
    assert!(String::from_utf8_lossy(&out[data.len()..]).contains("/ActesStampF20000 "));
}
