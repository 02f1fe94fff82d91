//! The acknowledgement stamp ("tampon") on an act's PDF, written as an
//! **incremental update**, and the minimal PDF writing the receipt sheet
//! needs.
//!
//! # The stamp
//!
//! [`stamp`] draws, on the first page (or every page with
//! [`Pages::All`]), a box holding the lines S2LOW prints, in French:
//!
//! ```text
//! Envoyé en préfecture le 19/12/2022
//! Reçu en préfecture le 19/12/2022
//! Publié le 20/12/2022                (when known)
//! ID : 062-216204982-20221214-DLB12_14122022-DE
//! ```
//!
//! in Helvetica at 7 pt (a standard font: nothing is embedded), encoded in
//! WinAnsiEncoding so that the accents are right, in a 190 × 55 pt box (wider
//! if a line needs it) 10 pt from the chosen corner, white at 80 % opacity
//! under the text. The corner is that of the page **as displayed**: a page
//! with `/Rotate 90`, `180` or `270` (its own or inherited from the page
//! tree) or a landscape page gets the stamp upright at its displayed
//! corner; the visible box is the CropBox within the MediaBox.
//!
//! # Incremental update
//!
//! The original bytes are never changed: the stamp appends, after them, the
//! font, the stamp's content streams, new versions of the stamped page
//! objects (their `/Contents` wrapped as `q … Q` then the stamp, their
//! resources completed), and a cross-reference section of the same kind
//! as the file's newest one (table or stream) whose `/Prev` points at it.
//! The original file is therefore a byte prefix of the stamped one, and a
//! signature made before stamping still verifies for the revision it
//! signed (a PDF reader reports the stamp as a change made after signing).
//!
//! The reader is this module's own (no PDF crate: see the README's
//! Dependencies): it reads only what the stamp needs — the
//! cross-reference tables and streams of every revision, object streams,
//! the page tree — and refuses with a diagnostic an encrypted file
//! (`PDF-ENCRYPTED`), a file that is not a PDF (`PDF-NOT-PDF`), a broken
//! structure (`PDF-UNREADABLE`), or one past a limit ([`PdfLimits`],
//! `PDF-LIMIT`). It never panics on hostile bytes (fuzz target `pdf`,
//! property tests).
//!
//! ```
//! use actes::pdf::{stamp, StampOptions, StampText};
//! use chrono::NaiveDate;
//!
//! let original = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lens/deliberation.pdf"))?;
//! let text = StampText {
//!     id_acte: "062-216204982-20221214-DLB12_14122022-DE".to_string(),
//!     sent: NaiveDate::from_ymd_opt(2022, 12, 19),
//!     received: NaiveDate::from_ymd_opt(2022, 12, 19),
//!     published: None,
//! };
//! assert_eq!(text.lines()[1], "Reçu en préfecture le 19/12/2022");
//! let stamped = stamp(&original, &text, &StampOptions::default()).unwrap();
//! assert!(stamped.starts_with(&original)); // an incremental update
//! # Ok::<(), std::io::Error>(())
//! ```

mod doc;
mod parse;
pub mod text;
mod write;

use std::io::{self, Write as _};
use std::path::Path;

use chrono::NaiveDate;

use crate::container::{write_atomic, Overwrite};
use crate::diagnostic::{Code, Diagnostic, Invalid, Location};
use doc::{DocError, Document, Page};
use parse::{get, set, Dict, Obj};
#[cfg(feature = "serde")]
pub(crate) use write::{one_page, Canvas};

/// Limits of the PDF reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfLimits {
    /// Maximum size of the file. Default 160 MiB (the protocol's cap on a
    /// transmission is 150 MiB).
    pub max_file_bytes: u64,
    /// Maximum decoded size of one cross-reference or object stream
    /// (and four times this for all of them together). Default 64 MiB.
    pub max_stream_bytes: u64,
    /// Maximum number of objects. Default 8 000 000.
    pub max_objects: u64,
    /// Maximum number of cross-reference sections (revisions). Default 1 000.
    pub max_xref_sections: usize,
    /// Maximum nesting of objects and of the page tree. Default 64.
    pub max_depth: usize,
    /// Maximum number of pages. Default 100 000.
    pub max_pages: usize,
    /// Maximum number of object look-ups. Default 1 000 000.
    pub max_resolutions: u64,
}

impl Default for PdfLimits {
    fn default() -> Self {
        PdfLimits {
            max_file_bytes: 160 * 1024 * 1024,
            max_stream_bytes: 64 * 1024 * 1024,
            max_objects: 8_000_000,
            max_xref_sections: 1_000,
            max_depth: 64,
            max_pages: 100_000,
            max_resolutions: 1_000_000,
        }
    }
}

/// What the stamp says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StampText {
    /// The `IDActe` the ministry assigned.
    pub id_acte: String,
    /// The date the act was sent (the envelope's date).
    pub sent: Option<NaiveDate>,
    /// The préfecture's reception date (the 1-2 `DateReception`).
    pub received: Option<NaiveDate>,
    /// The publication date, when known.
    pub published: Option<NaiveDate>,
}

impl StampText {
    /// The lines, in S2LOW's wording: only the dates that are known.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let d = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        let mut out = Vec::new();
        if let Some(s) = self.sent {
            out.push(format!("Envoyé en préfecture le {}", d(s)));
        }
        if let Some(r) = self.received {
            out.push(format!("Reçu en préfecture le {}", d(r)));
        }
        if let Some(p) = self.published {
            out.push(format!("Publié le {}", d(p)));
        }
        out.push(format!("ID : {}", self.id_acte.trim()));
        out
    }
}

/// Where the stamp goes on the displayed page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Position {
    /// 10 pt from the top and right edges (S2LOW's place).
    #[default]
    TopRight,
    /// 10 pt from the top and left edges.
    TopLeft,
    /// 10 pt from the bottom and right edges.
    BottomRight,
    /// 10 pt from the bottom and left edges.
    BottomLeft,
    /// The box's top-left corner at `x` % of the width from the left and
    /// `y` % of the height from the top (STELA's way), kept on the page.
    Percent {
        /// From the left, 0–100.
        x: f64,
        /// From the top, 0–100.
        y: f64,
    },
}

impl std::str::FromStr for Position {
    type Err = String;

    /// `top-right`, `top-left`, `bottom-right`, `bottom-left` or `X%,Y%`.
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "top-right" => Ok(Position::TopRight),
            "top-left" => Ok(Position::TopLeft),
            "bottom-right" => Ok(Position::BottomRight),
            "bottom-left" => Ok(Position::BottomLeft),
            _ => {
                let bad = || {
                    format!("{s:?} is not top-right, top-left, bottom-right, bottom-left or X%,Y% (0-100)")
                };
                let (x, y) = s.split_once(',').ok_or_else(bad)?;
                let pct = |v: &str| {
                    v.trim()
                        .strip_suffix('%')
                        .and_then(|v| v.parse::<f64>().ok())
                        .filter(|v| (0.0..=100.0).contains(v))
                };
                match (pct(x), pct(y)) {
                    (Some(x), Some(y)) => Ok(Position::Percent { x, y }),
                    _ => Err(bad()),
                }
            }
        }
    }
}

/// Which pages get the stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pages {
    /// The first page (S2LOW).
    #[default]
    First,
    /// Every page (STELA).
    All,
}

/// Options of [`stamp`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StampOptions {
    /// The corner.
    pub position: Position,
    /// First page or all.
    pub pages: Pages,
    /// Limits of the reader.
    pub limits: PdfLimits,
}

const FONT_SIZE: f64 = 7.0;
const LEADING: f64 = 9.0;
const MARGIN: f64 = 10.0;
const PADDING: f64 = 6.0;
const BOX_W: f64 = 190.0;
const BOX_H: f64 = 55.0;

fn diagnostic(e: DocError, file: &str) -> Diagnostic {
    let loc = Location::file(file);
    match e {
        DocError::NotPdf => Diagnostic::new(
            Code::PdfNotPdf,
            loc,
            "not a PDF: no %PDF- header in the first 1024 bytes".to_string(),
            "pas un PDF : pas d'en-tête %PDF- dans les 1024 premiers octets".to_string(),
        ),
        DocError::Encrypted => Diagnostic::new(
            Code::PdfEncrypted,
            loc,
            "the PDF is encrypted (/Encrypt in its trailer); decrypt it (qpdf --decrypt) before stamping".to_string(),
            "le PDF est chiffré (/Encrypt dans sa remorque) ; le déchiffrer (qpdf --decrypt) avant de le tamponner".to_string(),
        ),
        DocError::Limit(what, max) => Diagnostic::new(
            Code::PdfLimit,
            loc,
            format!("the PDF exceeds the limit on {what} ({max})"),
            format!("le PDF dépasse la limite sur {what} ({max})"),
        ),
        DocError::Broken(what, at) => {
            let loc = match at {
                Some(o) => loc.at_offset(o),
                None => loc,
            };
            Diagnostic::new(
                Code::PdfUnreadable,
                loc,
                format!("the PDF cannot be read: {what}"),
                format!("le PDF est illisible : {what}"),
            )
        }
    }
}

/// The number of pages of a PDF, read with the same reader as the stamp
/// (`file` names it in diagnostics).
pub fn page_count(pdf: &[u8], limits: &PdfLimits, file: &str) -> Result<usize, Invalid> {
    let mut doc = Document::load(pdf, limits).map_err(|e| Invalid::one(diagnostic(e, file)))?;
    doc.pages()
        .map(|p| p.len())
        .map_err(|e| Invalid::one(diagnostic(e, file)))
}

/// Stamps `pdf` and returns the stamped file: `pdf` followed by one
/// incremental update. See the [module documentation](self).
pub fn stamp(pdf: &[u8], text: &StampText, options: &StampOptions) -> Result<Vec<u8>, Invalid> {
    stamp_named(pdf, text, options, "pdf")
}

/// [`stamp`], naming the file in diagnostics.
pub fn stamp_named(
    pdf: &[u8],
    text: &StampText,
    options: &StampOptions,
    file: &str,
) -> Result<Vec<u8>, Invalid> {
    if text.id_acte.trim().is_empty() {
        return Err(Invalid::one(Diagnostic::new(
            Code::StampNoId,
            Location::file(file),
            "no IDActe to print on the stamp".to_string(),
            "aucun IDActe à porter sur le tampon".to_string(),
        )));
    }
    let appended = update(pdf, text, options).map_err(|e| Invalid::one(diagnostic(e, file)))?;
    let mut out = Vec::with_capacity(pdf.len() + appended.len());
    out.extend_from_slice(pdf);
    out.extend_from_slice(&appended);
    Ok(out)
}

/// What [`stamp_file`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped {
    /// The size of the original file (a byte prefix of the stamped one).
    pub original_size: u64,
    /// The size of the stamped file.
    pub size: u64,
}

/// Why [`stamp_file`] failed.
#[derive(Debug, thiserror::Error)]
pub enum StampError {
    /// The PDF was refused; every diagnostic is given.
    #[error("{0}")]
    Invalid(Invalid),
    /// Writing failed (or the destination exists). A PDF that cannot be
    /// read is [`StampError::Invalid`] (`PDF-UNREADABLE`, `PDF-LIMIT`).
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Stamps the PDF at `src` into `dest`, atomically (the destination
/// appears complete or not at all; an existing one is replaced only with
/// [`Overwrite::Allow`]).
pub fn stamp_file(
    src: &Path,
    dest: &Path,
    text: &StampText,
    options: &StampOptions,
    overwrite: Overwrite,
) -> Result<Stamped, StampError> {
    let name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let max = options.limits.max_file_bytes;
    if std::fs::metadata(src).is_ok_and(|m| m.is_file() && m.len() > max) {
        let e = DocError::Limit("file size (bytes)", max);
        return Err(StampError::Invalid(Invalid::one(diagnostic(e, &name))));
    }
    let pdf = crate::container::read::read_file_capped(src, max).map_err(|e| {
        let e = DocError::Broken(format!("cannot read the file: {e}"), None);
        StampError::Invalid(Invalid::one(diagnostic(e, &name)))
    })?;
    let stamped = stamp_named(&pdf, text, options, &name).map_err(StampError::Invalid)?;
    let appended = stamped.get(pdf.len()..).unwrap_or_default();
    write_atomic(dest, overwrite, |w| {
        w.write_all(&pdf)?;
        w.write_all(appended)
    })?;
    Ok(Stamped {
        original_size: pdf.len() as u64,
        size: (pdf.len() + appended.len()) as u64,
    })
}

/// A resource name not yet used in `d`.
fn fresh_name(d: &Dict, base: &str) -> Vec<u8> {
    let used: std::collections::HashSet<&[u8]> = d.iter().map(|(k, _)| k.as_slice()).collect();
    (0u32..)
        .map(|n| {
            if n == 0 {
                base.as_bytes().to_vec()
            } else {
                format!("{base}{n}").into_bytes()
            }
        })
        .find(|name| !used.contains(name.as_slice()))
        .unwrap_or_default()
}

/// The bytes the stamp appends to `pdf`.
fn update(pdf: &[u8], text: &StampText, options: &StampOptions) -> Result<Vec<u8>, DocError> {
    let mut doc = Document::load(pdf, &options.limits)?;
    let pages = doc.pages()?;
    let targets: Vec<&Page> = match options.pages {
        Pages::First => pages.iter().take(1).collect(),
        Pages::All => pages.iter().collect(),
    };
    let mut up = write::Update::new(&doc);
    let mut font = Dict::new();
    for (k, v) in [
        (&b"Type"[..], &b"Font"[..]),
        (b"Subtype", b"Type1"),
        (b"BaseFont", b"Helvetica"),
        (b"Encoding", b"WinAnsiEncoding"),
    ] {
        font.push((k.to_vec(), Obj::Name(v.to_vec())));
    }
    let font_ref = up.add(write::dict_body(&font));
    let gs = vec![
        (b"Type".to_vec(), Obj::Name(b"ExtGState".to_vec())),
        (b"CA".to_vec(), Obj::Real(0.8)),
        (b"ca".to_vec(), Obj::Real(0.8)),
    ];
    let gs_ref = up.add(write::dict_body(&gs));
    let open_ref = up.add(write::stream_body(Dict::new(), b"q"));
    let lines = text.lines();
    for page in targets {
        // Resources: the effective dictionary, completed.
        let mut resources = match &page.resources {
            Some(r) => match doc.deref(r)? {
                Obj::Dict(d) => d,
                _ => Dict::new(),
            },
            None => Dict::new(),
        };
        let mut sub = |key: &[u8], base: &str, value: &Obj| -> Result<Vec<u8>, DocError> {
            let mut d = match get(&resources, key) {
                Some(o) => match doc.deref(o)? {
                    Obj::Dict(d) => d,
                    _ => Dict::new(),
                },
                None => Dict::new(),
            };
            let name = fresh_name(&d, base);
            d.push((name.clone(), value.clone()));
            set(&mut resources, key, Obj::Dict(d));
            Ok(name)
        };
        let font_name = sub(b"Font", "ActesStampF", &font_ref)?;
        let gs_name = sub(b"ExtGState", "ActesStampGS", &gs_ref)?;
        let content = stamp_content(page, &lines, options.position, &font_name, &gs_name);
        let stamp_ref = up.add(write::stream_body(Dict::new(), content.as_bytes()));
        // Contents: q, the original streams, then Q and the stamp.
        let mut contents = vec![open_ref.clone()];
        match get(&page.dict, b"Contents") {
            None => {}
            Some(Obj::Array(a)) => contents.extend(a.iter().cloned()),
            Some(r @ Obj::Ref(..)) => match doc.deref(r)? {
                Obj::Array(a) => contents.extend(a),
                Obj::Stream(..) => contents.push(r.clone()),
                _ => {}
            },
            Some(_) => {}
        }
        contents.push(stamp_ref);
        let mut dict = page.dict.clone();
        set(&mut dict, b"Contents", Obj::Array(contents));
        set(&mut dict, b"Resources", Obj::Dict(resources));
        up.replace(page.num, page.generation, write::dict_body(&dict));
    }
    Ok(up.finish(&doc))
}

/// The content stream drawing the stamp on `page`: it closes the `q`
/// opened before the page's own content, maps the displayed page's
/// coordinates to user space, and draws the box and the lines.
fn stamp_content(
    page: &Page,
    lines: &[String],
    position: Position,
    font: &[u8],
    gs: &[u8],
) -> String {
    use write::num;
    let [llx, lly, urx, ury] = page.bbox;
    let (w, h) = (urx - llx, ury - lly);
    // The displayed page's size and the matrix from displayed to user space.
    let (dw, dh, m) = match page.rotate {
        90 => (h, w, [0.0, 1.0, -1.0, 0.0, llx + w, lly]),
        180 => (w, h, [-1.0, 0.0, 0.0, -1.0, llx + w, lly + h]),
        270 => (h, w, [0.0, -1.0, 1.0, 0.0, llx, lly + h]),
        _ => (w, h, [1.0, 0.0, 0.0, 1.0, llx, lly]),
    };
    let text_w = lines
        .iter()
        .map(|l| text::helvetica_text_width(l, FONT_SIZE))
        .fold(0.0, f64::max);
    let bw = BOX_W.max(text_w + 2.0 * PADDING);
    let bh = BOX_H.max(LEADING * lines.len() as f64 + 2.0 * PADDING);
    let clamp = |v: f64, max: f64| v.min(max).max(0.0);
    let (x, y) = match position {
        Position::TopRight => (dw - MARGIN - bw, dh - MARGIN - bh),
        Position::TopLeft => (MARGIN, dh - MARGIN - bh),
        Position::BottomRight => (dw - MARGIN - bw, MARGIN),
        Position::BottomLeft => (MARGIN, MARGIN),
        Position::Percent { x, y } => (dw * x / 100.0, dh - dh * y / 100.0 - bh),
    };
    let (x, y) = (clamp(x, dw - bw), clamp(y, dh - bh));
    let font = String::from_utf8_lossy(&{
        let mut n = Vec::new();
        write::serialize(&Obj::Name(font.to_vec()), &mut n);
        n
    })
    .into_owned();
    let gs = String::from_utf8_lossy(&{
        let mut n = Vec::new();
        write::serialize(&Obj::Name(gs.to_vec()), &mut n);
        n
    })
    .into_owned();
    let mut s = String::from("Q\nq\n");
    s.push_str(&format!(
        "{} {} {} {} {} {} cm\n",
        num(m[0]),
        num(m[1]),
        num(m[2]),
        num(m[3]),
        num(m[4]),
        num(m[5])
    ));
    s.push_str(&format!(
        "q {gs} gs 1 1 1 rg {} {} {} {} re f Q\n",
        num(x),
        num(y),
        num(bw),
        num(bh)
    ));
    s.push_str(&format!(
        "0.2 0.2 0.2 RG 0.5 w {} {} {} {} re S\n",
        num(x),
        num(y),
        num(bw),
        num(bh)
    ));
    // Text block vertically centred in the box.
    let block = LEADING * (lines.len().saturating_sub(1)) as f64 + FONT_SIZE;
    let top_baseline = y + (bh + block) / 2.0 - FONT_SIZE;
    s.push_str(&format!(
        "BT 0 0 0 rg {font} {} Tf {} TL {} {} Td\n",
        num(FONT_SIZE),
        num(LEADING),
        num(x + PADDING),
        num(top_baseline)
    ));
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            s.push_str("T* ");
        }
        s.push_str(&text::literal(&text::win_ansi(line)));
        s.push_str(" Tj\n");
    }
    s.push_str("ET\nQ\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lens() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/lens/deliberation.pdf"
        ))
        .unwrap_or_default()
    }

    fn text() -> StampText {
        StampText {
            id_acte: "062-216204982-20221214-DLB12_14122022-DE".to_string(),
            sent: NaiveDate::from_ymd_opt(2022, 12, 19),
            received: NaiveDate::from_ymd_opt(2022, 12, 19),
            published: NaiveDate::from_ymd_opt(2022, 12, 20),
        }
    }

    #[test]
    fn lines_in_s2low_wording() {
        assert_eq!(
            text().lines(),
            vec![
                "Envoyé en préfecture le 19/12/2022",
                "Reçu en préfecture le 19/12/2022",
                "Publié le 20/12/2022",
                "ID : 062-216204982-20221214-DLB12_14122022-DE",
            ]
        );
        let t = StampText {
            published: None,
            ..text()
        };
        assert_eq!(t.lines().len(), 3);
    }

    #[test]
    fn stamped_lens_is_an_update_that_reads_back() {
        let pdf = lens();
        let out = stamp(&pdf, &text(), &StampOptions::default());
        let Ok(out) = out else {
            panic!("{out:?}");
        };
        assert!(out.starts_with(&pdf));
        // The stamped file reads back with one page, twice stampable.
        assert_eq!(page_count(&out, &PdfLimits::default(), "x").ok(), Some(1));
        let again = stamp(&out, &text(), &StampOptions::default());
        assert!(again.is_ok_and(|a| a.starts_with(&out)));
        // WinAnsi accents in the content.
        assert!(out.windows(5).any(|w| w == b"Envoy"));
        assert!(out.windows(4).any(|w| w == b"\\351"));
    }

    #[test]
    fn refusals() {
        let enc = b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer<</Size 2/Root 1 0 R/Encrypt<</V 1>>>>\nstartxref\n27\n%%EOF\n";
        let e = stamp(enc, &text(), &StampOptions::default());
        assert_eq!(e.err().map(|i| i.codes()), Some(vec!["PDF-ENCRYPTED"]));
        let e = stamp(b"hello", &text(), &StampOptions::default());
        assert_eq!(e.err().map(|i| i.codes()), Some(vec!["PDF-NOT-PDF"]));
        let e = stamp(b"%PDF-1.4\n", &text(), &StampOptions::default());
        assert_eq!(e.err().map(|i| i.codes()), Some(vec!["PDF-UNREADABLE"]));
        let no_id = StampText {
            id_acte: " ".to_string(),
            ..text()
        };
        let e = stamp(&lens(), &no_id, &StampOptions::default());
        assert_eq!(e.err().map(|i| i.codes()), Some(vec!["STAMP-NO-ID"]));
    }

    #[test]
    fn positions_parse() {
        assert_eq!("top-left".parse(), Ok(Position::TopLeft));
        assert_eq!(
            "50%,10%".parse(),
            Ok(Position::Percent { x: 50.0, y: 10.0 })
        );
        assert!("120%,0%".parse::<Position>().is_err());
        assert!("middle".parse::<Position>().is_err());
    }
}
