//! A PDF file as the stamp needs it: its cross-reference (tables and
//! streams, every incremental section, object streams), its latest
//! trailer, and its pages with their inherited attributes. Nothing is
//! loaded that the stamp does not need; every walk is bounded.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::ops::Range;

use super::parse::{find, get, rfind, Dict, Obj, Parser, SyntaxError, SyntaxLimits};
use super::PdfLimits;

/// Why a file cannot be stamped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DocError {
    /// No `%PDF-` header.
    NotPdf,
    /// The trailer has `/Encrypt`.
    Encrypted,
    /// A limit was reached (what, the limit).
    Limit(&'static str, u64),
    /// The structure is broken (what, at which offset).
    Broken(String, Option<usize>),
}

fn broken<T>(what: impl Into<String>, at: Option<usize>) -> Result<T, DocError> {
    Err(DocError::Broken(what.into(), at))
}

impl From<SyntaxError> for DocError {
    fn from(e: SyntaxError) -> Self {
        DocError::Broken(e.what.to_string(), Some(e.offset))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Free,
    Offset(usize, u16),
    InStream(u32, u32),
}

/// One page, with the attributes it inherits from the page tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub num: u32,
    pub generation: u16,
    pub dict: Dict,
    /// `/Resources` (own or inherited), possibly a reference.
    pub resources: Option<Obj>,
    /// The visible box (CropBox within MediaBox), normalised
    /// `[llx, lly, urx, ury]`.
    pub bbox: [f64; 4],
    /// `/Rotate`, normalised to 0, 90, 180 or 270.
    pub rotate: u16,
}

/// A decoded object stream: its (object number, offset in the data)
/// pairs, and the data.
type ObjectStream = (Vec<(u32, usize)>, Vec<u8>);

/// The parsed cross-reference of a file.
pub(crate) struct Document<'a> {
    pub buf: &'a [u8],
    entries: BTreeMap<u32, Entry>,
    /// The newest trailer (for an xref stream: its dictionary).
    pub trailer: Dict,
    /// Offset of the newest cross-reference section.
    pub startxref: usize,
    /// Whether the newest section is a cross-reference stream.
    pub xref_is_stream: bool,
    /// One more than the highest object number in use.
    pub size: u32,
    limits: PdfLimits,
    syntax: SyntaxLimits,
    /// Decoded object streams: (object number, offset in data) pairs, data.
    object_streams: HashMap<u32, ObjectStream>,
    resolutions: u64,
    decoded: u64,
}

impl<'a> Document<'a> {
    /// Reads the cross-reference of `buf`.
    pub(crate) fn load(buf: &'a [u8], limits: &PdfLimits) -> Result<Self, DocError> {
        if buf.len() as u64 > limits.max_file_bytes {
            return Err(DocError::Limit("file size (bytes)", limits.max_file_bytes));
        }
        let head = buf.get(..buf.len().min(1024)).unwrap_or_default();
        if find(head, b"%PDF-").is_none() {
            return Err(DocError::NotPdf);
        }
        let tail_start = buf.len().saturating_sub(8192);
        let tail = buf.get(tail_start..).unwrap_or_default();
        let Some(at) = rfind(tail, b"startxref") else {
            return broken("no `startxref` at the end of the file", None);
        };
        let mut p = Parser::new(
            buf,
            tail_start + at + b"startxref".len(),
            SyntaxLimits::default(),
        );
        let Some(startxref) = p.uint().and_then(|v| usize::try_from(v).ok()) else {
            return broken("`startxref` is not followed by an offset", Some(p.pos));
        };
        let mut doc = Document {
            buf,
            entries: BTreeMap::new(),
            trailer: Dict::new(),
            startxref,
            xref_is_stream: false,
            size: 0,
            limits: limits.clone(),
            syntax: SyntaxLimits {
                max_depth: limits.max_depth,
                ..SyntaxLimits::default()
            },
            object_streams: HashMap::new(),
            resolutions: 0,
            decoded: 0,
        };
        let mut seen = HashSet::new();
        let mut next = Some(startxref);
        let mut first = true;
        let mut declared_size = 0u64;
        while let Some(offset) = next.take() {
            if !seen.insert(offset) {
                return broken(
                    "the cross-reference sections form a loop (/Prev)",
                    Some(offset),
                );
            }
            if seen.len() > limits.max_xref_sections {
                return Err(DocError::Limit(
                    "cross-reference sections",
                    limits.max_xref_sections as u64,
                ));
            }
            let (trailer, is_stream) = doc.section(offset)?;
            if let Some(s) = get(&trailer, b"Size").and_then(Obj::as_int) {
                declared_size = declared_size.max(u64::try_from(s).unwrap_or(0));
            }
            if let Some(stm) = get(&trailer, b"XRefStm").and_then(Obj::as_int) {
                // A hybrid file: the stream's entries come before /Prev's.
                if let Ok(stm) = usize::try_from(stm) {
                    if seen.insert(stm) {
                        let _ = doc.section(stm);
                    }
                }
            }
            next = get(&trailer, b"Prev")
                .and_then(Obj::as_int)
                .and_then(|v| usize::try_from(v).ok());
            if first {
                doc.trailer = trailer;
                doc.xref_is_stream = is_stream;
                first = false;
            }
        }
        if get(&doc.trailer, b"Encrypt").is_some() {
            return Err(DocError::Encrypted);
        }
        let highest = doc
            .entries
            .keys()
            .next_back()
            .map_or(0, |n| u64::from(*n) + 1);
        let size = declared_size.max(highest);
        doc.size = u32::try_from(size)
            .ok()
            .filter(|s| u64::from(*s) <= limits.max_objects)
            .ok_or(DocError::Limit("objects", limits.max_objects))?;
        Ok(doc)
    }

    fn add(&mut self, num: u64, entry: Entry) -> Result<(), DocError> {
        if self.entries.len() as u64 >= self.limits.max_objects || num >= self.limits.max_objects {
            return Err(DocError::Limit("objects", self.limits.max_objects));
        }
        let Ok(num) = u32::try_from(num) else {
            return Err(DocError::Limit("objects", self.limits.max_objects));
        };
        self.entries.entry(num).or_insert(entry);
        Ok(())
    }

    /// Reads the section at `offset`; returns its trailer.
    fn section(&mut self, offset: usize) -> Result<(Dict, bool), DocError> {
        if offset >= self.buf.len() {
            return broken(
                "a cross-reference offset is past the end of the file",
                Some(offset),
            );
        }
        let mut p = Parser::new(self.buf, offset, self.syntax);
        if p.keyword(b"xref") {
            loop {
                if p.keyword(b"trailer") {
                    let Obj::Dict(t) = p.object(0)? else {
                        return broken("the trailer is not a dictionary", Some(p.pos));
                    };
                    return Ok((t, false));
                }
                let (Some(start), Some(count)) = (p.uint(), p.uint()) else {
                    return broken("bad cross-reference subsection", Some(p.pos));
                };
                for i in 0..count {
                    let (Some(off), Some(generation)) = (p.uint(), p.uint()) else {
                        return broken("bad cross-reference entry", Some(p.pos));
                    };
                    p.skip_ws();
                    let kind = p.word();
                    let entry = match kind {
                        b"n" => Entry::Offset(
                            usize::try_from(off).unwrap_or(usize::MAX),
                            u16::try_from(generation).unwrap_or(u16::MAX),
                        ),
                        b"f" => Entry::Free,
                        _ => return broken("bad cross-reference entry type", Some(p.pos)),
                    };
                    self.add(start.saturating_add(i), entry)?;
                }
            }
        }
        let (_, _, obj) = p.indirect(&mut |_, _| None, true)?;
        let Obj::Stream(dict, range) = obj else {
            return broken(
                "no cross-reference table or stream at the offset `startxref` or /Prev gives",
                Some(offset),
            );
        };
        if get(&dict, b"Type").and_then(Obj::as_name) != Some(b"XRef") {
            return broken(
                "the stream at a cross-reference offset is not /Type /XRef",
                Some(offset),
            );
        }
        let data = self.decode(&dict, range)?;
        let w: Vec<usize> = match get(&dict, b"W") {
            Some(Obj::Array(a)) if a.len() == 3 => a
                .iter()
                .map(|v| {
                    v.as_int()
                        .and_then(|i| usize::try_from(i).ok())
                        .filter(|i| *i <= 8)
                })
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    DocError::Broken("bad /W in a cross-reference stream".into(), Some(offset))
                })?,
            _ => return broken("bad /W in a cross-reference stream", Some(offset)),
        };
        let (w0, w1, w2) = (
            w.first().copied().unwrap_or(0),
            w.get(1).copied().unwrap_or(0),
            w.get(2).copied().unwrap_or(0),
        );
        let row = w0 + w1 + w2;
        if row == 0 {
            return broken("bad /W in a cross-reference stream", Some(offset));
        }
        let size = get(&dict, b"Size").and_then(Obj::as_int).unwrap_or(0);
        let index: Vec<i64> = match get(&dict, b"Index") {
            Some(Obj::Array(a)) => a.iter().filter_map(Obj::as_int).collect(),
            _ => vec![0, size],
        };
        let mut rows = data.chunks_exact(row);
        for pair in index.chunks_exact(2) {
            let (Some(&start), Some(&count)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            let (Ok(start), Ok(count)) = (u64::try_from(start), u64::try_from(count)) else {
                return broken("bad /Index in a cross-reference stream", Some(offset));
            };
            for i in 0..count {
                let Some(r) = rows.next() else {
                    return broken(
                        "a cross-reference stream is shorter than its /Index",
                        Some(offset),
                    );
                };
                let (f0, rest) = r.split_at(w0);
                let (f1, f2) = rest.split_at(w1);
                let kind = if w0 == 0 { 1 } else { be(f0) };
                let entry = match kind {
                    0 => Entry::Free,
                    1 => Entry::Offset(
                        usize::try_from(be(f1)).unwrap_or(usize::MAX),
                        u16::try_from(be(f2)).unwrap_or(u16::MAX),
                    ),
                    2 => Entry::InStream(
                        u32::try_from(be(f1)).unwrap_or(u32::MAX),
                        u32::try_from(be(f2)).unwrap_or(u32::MAX),
                    ),
                    _ => continue,
                };
                self.add(start.saturating_add(i), entry)?;
            }
        }
        Ok((dict, true))
    }

    /// The decoded data of a stream (no filter, or FlateDecode with the PNG
    /// predictors), bounded by [`PdfLimits::max_stream_bytes`].
    fn decode(&mut self, dict: &Dict, range: Range<usize>) -> Result<Vec<u8>, DocError> {
        let raw = self.buf.get(range).unwrap_or_default();
        let filter = match get(dict, b"Filter") {
            None => None,
            Some(Obj::Name(n)) => Some(n.as_slice()),
            Some(Obj::Array(a)) if a.is_empty() => None,
            Some(Obj::Array(a)) if a.len() == 1 => a.first().and_then(Obj::as_name),
            _ => return broken("unsupported stream filter chain", None),
        };
        let max = self.limits.max_stream_bytes;
        let data = match filter {
            None => raw.to_vec(),
            Some(b"FlateDecode") => {
                let mut out = Vec::new();
                flate2::read::ZlibDecoder::new(raw)
                    .take(max.saturating_add(1))
                    .read_to_end(&mut out)
                    .or_else(|e| if out.is_empty() { Err(e) } else { Ok(0) })
                    .map_err(|e| DocError::Broken(format!("cannot inflate a stream: {e}"), None))?;
                out
            }
            Some(other) => {
                return broken(
                    format!("unsupported filter /{}", String::from_utf8_lossy(other)),
                    None,
                )
            }
        };
        if data.len() as u64 > max {
            return Err(DocError::Limit("decoded stream (bytes)", max));
        }
        // All the streams decoded, together: four times one stream's limit.
        self.decoded = self.decoded.saturating_add(data.len() as u64);
        if self.decoded > max.saturating_mul(4) {
            return Err(DocError::Limit(
                "decoded streams, together (bytes)",
                max.saturating_mul(4),
            ));
        }
        let params = match get(dict, b"DecodeParms") {
            Some(Obj::Dict(d)) => Some(d),
            Some(Obj::Array(a)) => a.first().and_then(Obj::as_dict),
            _ => None,
        };
        let predictor = params
            .and_then(|p| get(p, b"Predictor"))
            .and_then(Obj::as_int)
            .unwrap_or(1);
        if predictor < 10 {
            if predictor == 1 {
                return Ok(data);
            }
            return broken("unsupported TIFF predictor", None);
        }
        let columns = params
            .and_then(|p| get(p, b"Columns"))
            .and_then(Obj::as_int)
            .and_then(|c| usize::try_from(c).ok())
            .filter(|c| (1..=1 << 20).contains(c))
            .unwrap_or(1);
        png_unpredict(&data, columns)
    }

    /// The value of a `Length` object: a plain integer, never a stream.
    fn length_of(&self, n: u32, g: u16) -> Option<i64> {
        match self.entries.get(&n)? {
            Entry::Offset(off, _) => {
                let mut p = Parser::new(self.buf, *off, self.syntax);
                let (rn, rg, obj) = p.indirect(&mut |_, _| None, false).ok()?;
                (rn == n && rg == g).then_some(())?;
                obj.as_int()
            }
            _ => None,
        }
    }

    /// Resolves a reference (`null` for a free or missing object, as the
    /// standard says).
    pub(crate) fn resolve(&mut self, n: u32, g: u16) -> Result<Obj, DocError> {
        self.resolutions += 1;
        if self.resolutions > self.limits.max_resolutions {
            return Err(DocError::Limit(
                "object look-ups",
                self.limits.max_resolutions,
            ));
        }
        match self.entries.get(&n).copied() {
            None | Some(Entry::Free) => Ok(Obj::Null),
            Some(Entry::Offset(off, _)) => {
                if off >= self.buf.len() {
                    return broken(
                        format!("object {n} {g} is past the end of the file"),
                        Some(off),
                    );
                }
                let mut p = Parser::new(self.buf, off, self.syntax);
                let (rn, _, obj) = p.indirect(&mut |ln, lg| self.length_of(ln, lg), false)?;
                if rn != n {
                    return broken(
                        format!("the cross-reference points object {n} to object {rn}"),
                        Some(off),
                    );
                }
                Ok(obj)
            }
            Some(Entry::InStream(stream, index)) => self.in_stream(n, stream, index),
        }
    }

    fn in_stream(&mut self, n: u32, stream: u32, index: u32) -> Result<Obj, DocError> {
        if !self.object_streams.contains_key(&stream) {
            let Some(Entry::Offset(off, _)) = self.entries.get(&stream).copied() else {
                return broken(format!("object stream {stream} is missing"), None);
            };
            let mut p = Parser::new(self.buf, off, self.syntax);
            let (_, _, obj) = p.indirect(&mut |ln, lg| self.length_of(ln, lg), true)?;
            let Obj::Stream(dict, range) = obj else {
                return broken(
                    format!("object {stream} is not an object stream"),
                    Some(off),
                );
            };
            let data = self.decode(&dict, range)?;
            let first = get(&dict, b"First")
                .and_then(Obj::as_int)
                .and_then(|v| usize::try_from(v).ok())
                .unwrap_or(0);
            let count = get(&dict, b"N")
                .and_then(Obj::as_int)
                .and_then(|v| usize::try_from(v).ok())
                .unwrap_or(0);
            let mut hp = Parser::new(&data, 0, self.syntax);
            let mut pairs = Vec::new();
            for _ in 0..count.min(1_000_000) {
                let (Some(num), Some(rel)) = (hp.uint(), hp.uint()) else {
                    break;
                };
                let abs = usize::try_from(rel)
                    .ok()
                    .and_then(|r| r.checked_add(first))
                    .unwrap_or(usize::MAX);
                pairs.push((u32::try_from(num).unwrap_or(u32::MAX), abs));
            }
            self.object_streams.insert(stream, (pairs, data));
        }
        let Some((pairs, data)) = self.object_streams.get(&stream) else {
            return broken(format!("object stream {stream} is missing"), None);
        };
        let Some(&(num, abs)) = pairs.get(index as usize) else {
            return broken(format!("object {n} is not in object stream {stream}"), None);
        };
        if num != n || abs >= data.len() {
            return broken(
                format!("object {n} is not where object stream {stream} says"),
                None,
            );
        }
        let mut p = Parser::new(data, abs, self.syntax);
        Ok(p.object(0)?)
    }

    /// Resolves `obj` if it is a reference (one level: PDF forbids
    /// references to references, and a chain is refused).
    pub(crate) fn deref(&mut self, obj: &Obj) -> Result<Obj, DocError> {
        match obj {
            Obj::Ref(n, g) => match self.resolve(*n, *g)? {
                Obj::Ref(..) => broken("a reference to a reference", None),
                o => Ok(o),
            },
            o => Ok(o.clone()),
        }
    }

    /// The catalog's `/Root` reference.
    pub(crate) fn root(&self) -> Option<(u32, u16)> {
        match get(&self.trailer, b"Root") {
            Some(Obj::Ref(n, g)) => Some((*n, *g)),
            _ => None,
        }
    }

    /// Every page, in order, with inherited attributes.
    pub(crate) fn pages(&mut self) -> Result<Vec<Page>, DocError> {
        let Some((rn, rg)) = self.root() else {
            return broken("the trailer has no /Root", None);
        };
        let root = self.resolve(rn, rg)?;
        let Some(pages_ref) = root.as_dict().and_then(|d| get(d, b"Pages")).cloned() else {
            return broken("the catalog has no /Pages", None);
        };
        #[derive(Clone, Default)]
        struct Inherited {
            resources: Option<Obj>,
            media: Option<Obj>,
            crop: Option<Obj>,
            rotate: Option<Obj>,
        }
        let mut out = Vec::new();
        let mut visited = HashSet::new();
        // (node, inherited, depth), processed depth-first in order.
        let mut stack = vec![(pages_ref, Inherited::default(), 0usize)];
        while let Some((node, inh, depth)) = stack.pop() {
            if depth > self.limits.max_depth {
                return Err(DocError::Limit(
                    "page tree depth",
                    self.limits.max_depth as u64,
                ));
            }
            let Obj::Ref(n, g) = node else {
                return broken("a page-tree node is not an indirect object", None);
            };
            if !visited.insert(n) {
                return broken(format!("object {n} appears twice in the page tree"), None);
            }
            let obj = self.resolve(n, g)?;
            let Some(dict) = obj.as_dict() else {
                return broken(format!("page-tree node {n} {g} is not a dictionary"), None);
            };
            let pick =
                |key: &[u8], old: &Option<Obj>| get(dict, key).cloned().or_else(|| old.clone());
            let here = Inherited {
                resources: pick(b"Resources", &inh.resources),
                media: pick(b"MediaBox", &inh.media),
                crop: pick(b"CropBox", &inh.crop),
                rotate: pick(b"Rotate", &inh.rotate),
            };
            let is_page = get(dict, b"Type").and_then(Obj::as_name) == Some(b"Page")
                || get(dict, b"Kids").is_none();
            if is_page {
                if out.len() >= self.limits.max_pages {
                    return Err(DocError::Limit("pages", self.limits.max_pages as u64));
                }
                let media = match &here.media {
                    Some(m) => self.rect(m)?,
                    None => None,
                }
                .unwrap_or([0.0, 0.0, 612.0, 792.0]);
                let crop = match &here.crop {
                    Some(c) => self.rect(c)?,
                    None => None,
                };
                let bbox = match crop {
                    Some(c) => intersect(c, media).unwrap_or(media),
                    None => media,
                };
                let rotate = match &here.rotate {
                    Some(r) => self.deref(r)?.as_int().unwrap_or(0),
                    None => 0,
                };
                let rotate = if rotate % 90 == 0 {
                    rotate.rem_euclid(360)
                } else {
                    0
                };
                out.push(Page {
                    num: n,
                    generation: g,
                    dict: dict.clone(),
                    resources: here.resources,
                    bbox,
                    rotate: u16::try_from(rotate).unwrap_or(0),
                });
                continue;
            }
            let kids = match get(dict, b"Kids") {
                Some(k) => self.deref(k)?,
                None => Obj::Array(Vec::new()),
            };
            let Obj::Array(kids) = kids else {
                return broken(format!("/Kids of node {n} {g} is not an array"), None);
            };
            for kid in kids.into_iter().rev() {
                stack.push((kid, here.clone(), depth + 1));
            }
        }
        if out.is_empty() {
            return broken("the document has no page", None);
        }
        Ok(out)
    }

    fn rect(&mut self, obj: &Obj) -> Result<Option<[f64; 4]>, DocError> {
        let Obj::Array(a) = self.deref(obj)? else {
            return Ok(None);
        };
        let mut v = [0.0; 4];
        if a.len() != 4 {
            return Ok(None);
        }
        for (slot, item) in v.iter_mut().zip(&a) {
            let Some(x) = self.deref(item)?.as_number() else {
                return Ok(None);
            };
            *slot = x;
        }
        let [a0, a1, a2, a3] = v;
        let r = [a0.min(a2), a1.min(a3), a0.max(a2), a1.max(a3)];
        Ok((r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r))
    }
}

fn intersect(a: [f64; 4], b: [f64; 4]) -> Option<[f64; 4]> {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

/// A big-endian unsigned integer of at most 8 bytes.
fn be(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0u64, |acc, b| acc.wrapping_shl(8) | u64::from(*b))
}

/// Reverses the PNG predictors (one filter byte per row).
fn png_unpredict(data: &[u8], columns: usize) -> Result<Vec<u8>, DocError> {
    let stride = columns + 1;
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; columns];
    for row in data.chunks(stride) {
        let Some((&kind, bytes)) = row.split_first() else {
            continue;
        };
        let mut cur = vec![0u8; columns];
        for i in 0..bytes.len().min(columns) {
            let raw = bytes.get(i).copied().unwrap_or(0);
            let up = prev.get(i).copied().unwrap_or(0);
            let left = if i > 0 {
                cur.get(i - 1).copied().unwrap_or(0)
            } else {
                0
            };
            let upleft = if i > 0 {
                prev.get(i - 1).copied().unwrap_or(0)
            } else {
                0
            };
            let v = match kind {
                0 => raw,
                1 => raw.wrapping_add(left),
                2 => raw.wrapping_add(up),
                3 => raw.wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => raw.wrapping_add(paeth(left, up, upleft)),
                _ => return broken("bad PNG predictor byte", None),
            };
            if let Some(slot) = cur.get_mut(i) {
                *slot = v;
            }
        }
        let n = bytes.len().min(columns);
        out.extend_from_slice(cur.get(..n).unwrap_or_default());
        prev = cur;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}
