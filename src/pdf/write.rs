//! Writing PDF: objects, an incremental update appended after the
//! original bytes, a new one-page document, and a tiny canvas for their
//! content streams.

#[cfg(feature = "serde")]
use std::fmt::Write as _;

use super::doc::Document;
use super::parse::{get, Dict, Obj};
#[cfg(feature = "serde")]
use super::text::{literal, win_ansi};

/// A number as PDF writes it: integers bare, reals with at most three
/// decimals (no exponent).
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let r = (x * 1000.0).round() / 1000.0;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        return format!("{}", r as i64);
    }
    let s = format!("{r:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if (0x21..=0x7E).contains(&b) && !super::parse::is_delim(b) && b != b'#' {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// Serialises a direct object. Streams cannot be re-serialised (their
/// data lives in the original file): they are written as `null`, and the
/// stamp never needs to.
pub(crate) fn serialize(obj: &Obj, out: &mut Vec<u8>) {
    match obj {
        Obj::Null | Obj::Stream(..) => out.extend_from_slice(b"null"),
        Obj::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Obj::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Obj::Real(r) => out.extend_from_slice(num(*r).as_bytes()),
        Obj::Str(s) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Obj::Name(n) => name(out, n),
        Obj::Array(a) => {
            out.push(b'[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialize(item, out);
            }
            out.push(b']');
        }
        Obj::Dict(d) => dict(d, out),
        Obj::Ref(n, g) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

fn dict(d: &Dict, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<<");
    for (k, v) in d {
        name(out, k);
        out.push(b' ');
        serialize(v, out);
    }
    out.extend_from_slice(b">>");
}

/// The body of a stream object with uncompressed `data`.
pub(crate) fn stream_body(mut extra: Dict, data: &[u8]) -> Vec<u8> {
    extra.push((b"Length".to_vec(), Obj::Int(data.len() as i64)));
    let mut out = Vec::new();
    dict(&extra, &mut out);
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// The body of a dictionary object.
pub(crate) fn dict_body(d: &Dict) -> Vec<u8> {
    let mut out = Vec::new();
    dict(d, &mut out);
    out
}

/// Objects to append to a file as one incremental update.
pub(crate) struct Update {
    objects: Vec<(u32, u16, Vec<u8>)>,
    next: u32,
}

impl Update {
    pub(crate) fn new(doc: &Document<'_>) -> Self {
        Update {
            objects: Vec::new(),
            next: doc.size.max(1),
        }
    }

    /// A new object; returns its reference.
    pub(crate) fn add(&mut self, body: Vec<u8>) -> Obj {
        let n = self.next;
        self.next += 1;
        self.objects.push((n, 0, body));
        Obj::Ref(n, 0)
    }

    /// A new version of an existing object.
    pub(crate) fn replace(&mut self, n: u32, g: u16, body: Vec<u8>) {
        self.objects.push((n, g, body));
    }

    /// The bytes to append after `doc.buf`: the objects, then a
    /// cross-reference section of the same kind as the file's newest one
    /// (table or stream), with `/Prev` pointing at it.
    pub(crate) fn finish(mut self, doc: &Document<'_>) -> Vec<u8> {
        let base = doc.buf.len();
        let mut out = Vec::new();
        if !matches!(doc.buf.last(), Some(b'\n' | b'\r')) {
            out.push(b'\n');
        }
        let xref_num = doc.xref_is_stream.then(|| {
            let n = self.next;
            self.next += 1;
            n
        });
        let mut offsets: Vec<(u32, u16, usize)> = Vec::new();
        for (n, g, body) in &self.objects {
            offsets.push((*n, *g, base + out.len()));
            out.extend_from_slice(format!("{n} {g} obj\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let mut trailer = Dict::new();
        trailer.push((b"Size".to_vec(), Obj::Int(i64::from(self.next))));
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Some(v) = get(&doc.trailer, key) {
                trailer.push((key.to_vec(), v.clone()));
            }
        }
        trailer.push((b"Prev".to_vec(), Obj::Int(doc.startxref as i64)));
        let xref_at = base + out.len();
        if let Some(xn) = xref_num {
            offsets.push((xn, 0, xref_at));
        }
        offsets.sort_by_key(|(n, _, _)| *n);
        offsets.dedup_by_key(|(n, _, _)| *n);
        // Runs of consecutive numbers.
        let mut runs: Vec<Vec<(u32, u16, usize)>> = Vec::new();
        for e in offsets {
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|l| l.0 + 1 == e.0) => run.push(e),
                _ => runs.push(vec![e]),
            }
        }
        match xref_num {
            None => {
                out.extend_from_slice(b"xref\n");
                for run in &runs {
                    let start = run.first().map_or(0, |e| e.0);
                    out.extend_from_slice(format!("{start} {}\n", run.len()).as_bytes());
                    for (_, g, off) in run {
                        out.extend_from_slice(format!("{off:010} {g:05} n\r\n").as_bytes());
                    }
                }
                out.extend_from_slice(b"trailer\n");
                dict(&trailer, &mut out);
                out.push(b'\n');
            }
            Some(xn) => {
                let width = (usize::BITS - xref_at.leading_zeros()).div_ceil(8).max(1) as usize;
                let mut data = Vec::new();
                let mut index = Vec::new();
                for run in &runs {
                    index.push(Obj::Int(i64::from(run.first().map_or(0, |e| e.0))));
                    index.push(Obj::Int(run.len() as i64));
                    for (_, g, off) in run {
                        data.push(1);
                        let bytes = (*off as u64).to_be_bytes();
                        data.extend_from_slice(bytes.get(8 - width..).unwrap_or_default());
                        data.extend_from_slice(&g.to_be_bytes());
                    }
                }
                trailer.insert(0, (b"Type".to_vec(), Obj::Name(b"XRef".to_vec())));
                trailer.push((b"Index".to_vec(), Obj::Array(index)));
                trailer.push((
                    b"W".to_vec(),
                    Obj::Array(vec![Obj::Int(1), Obj::Int(width as i64), Obj::Int(2)]),
                ));
                out.extend_from_slice(format!("{xn} 0 obj\n").as_bytes());
                out.extend_from_slice(&stream_body(trailer, &data));
                out.extend_from_slice(b"\nendobj\n");
            }
        }
        out.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());
        out
    }
}

/// Drawing commands for a content stream, text in Helvetica (`/F1`) or
/// Helvetica-Bold (`/F2`), WinAnsi-encoded.
#[cfg(feature = "serde")]
#[derive(Debug, Default, Clone)]
pub(crate) struct Canvas {
    pub ops: String,
}

#[cfg(feature = "serde")]
impl Canvas {
    /// One line of text with its baseline starting at (`x`, `y`).
    pub(crate) fn text(&mut self, x: f64, y: f64, size: f64, bold: bool, s: &str) {
        let font = if bold { "F2" } else { "F1" };
        let _ = writeln!(
            self.ops,
            "BT /{font} {} Tf {} {} Td {} Tj ET",
            num(size),
            num(x),
            num(y),
            literal(&win_ansi(s))
        );
    }

    /// A line from (`x1`, `y1`) to (`x2`, `y2`).
    pub(crate) fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, width: f64) {
        let _ = writeln!(
            self.ops,
            "{} w {} {} m {} {} l S",
            num(width),
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }
}

/// A complete one-page PDF (A4 or any size) whose content is `content`,
/// with Helvetica as `/F1` and Helvetica-Bold as `/F2`. No date, no
/// identifier: the bytes depend only on the content.
#[cfg(feature = "serde")]
pub(crate) fn one_page(content: &[u8], width: f64, height: f64, title: &str) -> Vec<u8> {
    let font = |base: &str| {
        format!("<</Type/Font/Subtype/Type1/BaseFont/{base}/Encoding/WinAnsiEncoding>>")
            .into_bytes()
    };
    let objects: Vec<Vec<u8>> = vec![
        b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
        format!(
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 {} {}]/Resources<</Font<</F1 4 0 R/F2 5 0 R>>>>/Contents 6 0 R>>",
            num(width),
            num(height)
        )
        .into_bytes(),
        font("Helvetica"),
        font("Helvetica-Bold"),
        stream_body(Dict::new(), content),
        format!("<</Title{}/Producer(actes)>>", literal(&win_ansi(title))).into_bytes(),
    ];
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {}/Root 1 0 R/Info 7 0 R>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(num(10.0), "10");
        assert_eq!(num(0.8), "0.8");
        assert_eq!(num(-1.23456), "-1.235");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn names_are_escaped() {
        let mut out = Vec::new();
        serialize(&Obj::Name(b"A B#".to_vec()), &mut out);
        assert_eq!(out, b"/A#20B#23");
    }
}
