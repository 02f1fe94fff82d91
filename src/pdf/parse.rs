//! The PDF object syntax (ISO 32000-1 §7.2–7.3): a lexer and a parser of
//! direct objects and of indirect objects at an offset. Lenient where
//! producers are sloppy (missing whitespace, a wrong stream `/Length`),
//! bounded everywhere (nesting depth, string and collection sizes); never
//! indexes out of bounds.

use std::ops::Range;

/// A PDF object. Streams keep the byte range of their data in the buffer
/// they were parsed from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    Ref(u32, u16),
    Stream(Dict, Range<usize>),
}

/// A dictionary, in file order (keys are names without the `/`).
pub(crate) type Dict = Vec<(Vec<u8>, Obj)>;

/// Looks a key up in a dictionary.
pub(crate) fn get<'a>(d: &'a Dict, key: &[u8]) -> Option<&'a Obj> {
    d.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Sets a key (replacing it, or appending it).
pub(crate) fn set(d: &mut Dict, key: &[u8], value: Obj) {
    match d.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value,
        None => d.push((key.to_vec(), value)),
    }
}

impl Obj {
    pub(crate) fn as_int(&self) -> Option<i64> {
        match self {
            Obj::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn as_number(&self) -> Option<f64> {
        match self {
            Obj::Int(i) => Some(*i as f64),
            Obj::Real(r) if r.is_finite() => Some(*r),
            _ => None,
        }
    }

    pub(crate) fn as_name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }

    pub(crate) fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(d) | Obj::Stream(d, _) => Some(d),
            _ => None,
        }
    }
}

/// Limits of the parser.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SyntaxLimits {
    /// Maximum nesting of arrays and dictionaries.
    pub max_depth: usize,
    /// Maximum number of items of one array or dictionary.
    pub max_items: usize,
}

impl Default for SyntaxLimits {
    fn default() -> Self {
        SyntaxLimits {
            max_depth: 64,
            max_items: 100_000,
        }
    }
}

/// Why an object could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub offset: usize,
    pub what: &'static str,
}

type Res<T> = Result<T, SyntaxError>;

pub(crate) fn is_white(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

pub(crate) fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

/// A cursor over a buffer.
pub(crate) struct Parser<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
    limits: SyntaxLimits,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(buf: &'a [u8], pos: usize, limits: SyntaxLimits) -> Self {
        Parser { buf, pos, limits }
    }

    fn err<T>(&self, what: &'static str) -> Res<T> {
        Err(SyntaxError {
            offset: self.pos,
            what,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    /// Skips whitespace and comments.
    pub(crate) fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A run of regular characters (a keyword or a number).
    pub(crate) fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.buf.get(start..self.pos).unwrap_or_default()
    }

    /// Consumes `kw` if it comes next (after whitespace) as a whole word.
    pub(crate) fn keyword(&mut self, kw: &[u8]) -> bool {
        self.skip_ws();
        let save = self.pos;
        if self.word() == kw {
            true
        } else {
            self.pos = save;
            false
        }
    }

    /// A non-negative integer word, if one comes next.
    pub(crate) fn uint(&mut self) -> Option<u64> {
        self.skip_ws();
        let save = self.pos;
        let w = self.word();
        if !w.is_empty() && w.len() <= 19 && w.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(w).ok()?.parse().ok()
        } else {
            self.pos = save;
            None
        }
    }

    /// Parses one direct object (a reference `n g R` included).
    pub(crate) fn object(&mut self, depth: usize) -> Res<Obj> {
        if depth > self.limits.max_depth {
            return self.err("objects nested too deeply");
        }
        self.skip_ws();
        let Some(b) = self.peek() else {
            return self.err("unexpected end of file");
        };
        match b {
            b'/' => {
                self.pos += 1;
                Ok(Obj::Name(self.name()))
            }
            b'(' => self.literal_string().map(Obj::Str),
            b'<' if self.buf.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.dict_body(depth).map(Obj::Dict)
            }
            b'<' => self.hex_string().map(Obj::Str),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        None => return self.err("unterminated array"),
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Obj::Array(items));
                        }
                        Some(_) => {
                            if items.len() >= self.limits.max_items {
                                return self.err("array too large");
                            }
                            items.push(self.object(depth + 1)?);
                        }
                    }
                }
            }
            _ if is_regular(b) => self.number_or_keyword(),
            _ => self.err("unexpected delimiter"),
        }
    }

    fn number_or_keyword(&mut self) -> Res<Obj> {
        let start = self.pos;
        let w = self.word();
        match w {
            b"true" => return Ok(Obj::Bool(true)),
            b"false" => return Ok(Obj::Bool(false)),
            b"null" => return Ok(Obj::Null),
            _ => {}
        }
        let s = std::str::from_utf8(w).unwrap_or("");
        if !w.is_empty()
            && w.iter()
                .all(|c| c.is_ascii_digit() || *c == b'+' || *c == b'-')
        {
            let Ok(n) = s.parse::<i64>() else {
                self.pos = start;
                return self.err("bad integer");
            };
            // `n g R`?
            if w.iter().all(u8::is_ascii_digit) {
                let save = self.pos;
                if let Some(g) = self.uint() {
                    if self.keyword(b"R") {
                        if let (Ok(n), Ok(g)) = (u32::try_from(n), u16::try_from(g)) {
                            return Ok(Obj::Ref(n, g));
                        }
                        return self.err("object number out of range");
                    }
                }
                self.pos = save;
            }
            return Ok(Obj::Int(n));
        }
        if let Ok(r) = s.parse::<f64>() {
            if r.is_finite() && w.iter().all(|c| c.is_ascii_digit() || b".+-".contains(c)) {
                return Ok(Obj::Real(r));
            }
        }
        self.pos = start;
        self.err("unknown keyword")
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            if !is_regular(b) {
                break;
            }
            self.pos += 1;
            if b == b'#' {
                let hex = self.buf.get(self.pos..self.pos + 2).unwrap_or_default();
                if let Some(v) = std::str::from_utf8(hex)
                    .ok()
                    .filter(|h| h.len() == 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    out.push(v);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(b);
        }
        out
    }

    fn literal_string(&mut self) -> Res<Vec<u8>> {
        self.pos += 1; // (
        let mut out = Vec::new();
        let mut nest = 0usize;
        loop {
            let Some(b) = self.peek() else {
                return self.err("unterminated string");
            };
            self.pos += 1;
            match b {
                b'(' => {
                    nest += 1;
                    out.push(b);
                }
                b')' if nest == 0 => return Ok(out),
                b')' => {
                    nest -= 1;
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return self.err("unterminated string");
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
    }

    fn hex_string(&mut self) -> Res<Vec<u8>> {
        self.pos += 1; // <
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let Some(b) = self.peek() else {
                return self.err("unterminated hexadecimal string");
            };
            self.pos += 1;
            let v = match b {
                b'>' => {
                    if let Some(h) = high {
                        out.push(h << 4);
                    }
                    return Ok(out);
                }
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ if is_white(b) => continue,
                _ => return self.err("bad hexadecimal string"),
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
    }

    fn dict_body(&mut self, depth: usize) -> Res<Dict> {
        let mut d = Dict::new();
        let mut seen: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => return self.err("unterminated dictionary"),
                Some(b'>') if self.buf.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Ok(d);
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name();
                    let value = self.object(depth + 1)?;
                    if d.len() >= self.limits.max_items {
                        return self.err("dictionary too large");
                    }
                    // The first of duplicate keys wins, as most readers do.
                    if seen.insert(key.clone()) {
                        d.push((key, value));
                    }
                }
                Some(_) => return self.err("dictionary key is not a name"),
            }
        }
    }

    /// Parses `n g obj <object> [stream…endstream] endobj` at the cursor.
    /// `length` resolves an indirect `/Length` (it is given the
    /// reference); when the length is missing or wrong and `data` is
    /// needed, the data runs to the `endstream` keyword; when it is not
    /// (the caller only needs the dictionary), the stream's range is empty
    /// and nothing is searched (a search per object would be quadratic on
    /// a hostile file).
    pub(crate) fn indirect(
        &mut self,
        length: &mut dyn FnMut(u32, u16) -> Option<i64>,
        data: bool,
    ) -> Res<(u32, u16, Obj)> {
        let (Some(n), Some(g)) = (self.uint(), self.uint()) else {
            return self.err("no object header `n g obj`");
        };
        if !self.keyword(b"obj") {
            return self.err("no `obj` keyword");
        }
        let (Ok(n), Ok(g)) = (u32::try_from(n), u16::try_from(g)) else {
            return self.err("object number out of range");
        };
        let obj = self.object(0)?;
        self.skip_ws();
        let Obj::Dict(dict) = obj else {
            return Ok((n, g, obj));
        };
        if !self.rest().starts_with(b"stream") {
            return Ok((n, g, Obj::Dict(dict)));
        }
        self.pos += b"stream".len();
        // The EOL after `stream`: CRLF or LF (a lone CR is tolerated).
        if self.rest().starts_with(b"\r\n") {
            self.pos += 2;
        } else if matches!(self.peek(), Some(b'\n' | b'\r')) {
            self.pos += 1;
        }
        let start = self.pos;
        let declared = match get(&dict, b"Length") {
            Some(Obj::Int(l)) => Some(*l),
            Some(Obj::Ref(rn, rg)) => length(*rn, *rg),
            _ => None,
        };
        let end = declared
            .and_then(|l| usize::try_from(l).ok())
            .and_then(|l| start.checked_add(l))
            .filter(|&e| {
                let mut p = Parser::new(self.buf, e, self.limits);
                e <= self.buf.len() && p.keyword(b"endstream")
            });
        let end = match end {
            Some(e) => e,
            None if !data => return Ok((n, g, Obj::Stream(dict, start..start))),
            None => {
                let Some(at) = find(self.rest(), b"endstream") else {
                    return self.err("stream without `endstream`");
                };
                let mut e = start + at;
                // Drop the EOL that precedes `endstream`.
                if e > start && self.buf.get(e - 1) == Some(&b'\n') {
                    e -= 1;
                }
                if e > start && self.buf.get(e - 1) == Some(&b'\r') {
                    e -= 1;
                }
                e
            }
        };
        self.pos = end;
        if !self.keyword(b"endstream") {
            return self.err("no `endstream` keyword");
        }
        Ok((n, g, Obj::Stream(dict, start..end)))
    }
}

/// The first occurrence of `needle` in `hay`.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The last occurrence of `needle` in `hay`.
pub(crate) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &[u8]) -> Res<Obj> {
        Parser::new(s, 0, SyntaxLimits::default()).object(0)
    }

    #[test]
    fn objects() {
        assert_eq!(parse(b"12 0 R"), Ok(Obj::Ref(12, 0)));
        assert_eq!(parse(b"-3"), Ok(Obj::Int(-3)));
        assert_eq!(parse(b"/A#20B"), Ok(Obj::Name(b"A B".to_vec())));
        assert_eq!(parse(b"(a\\(b\\)\\101)"), Ok(Obj::Str(b"a(b)A".to_vec())));
        assert_eq!(parse(b"<41 42 4>"), Ok(Obj::Str(b"AB@".to_vec())));
        let Ok(Obj::Dict(d)) = parse(b"<</Type/Page/Kids[1 0 R 2 0 R]/R 0.5>>") else {
            panic!("not a dict");
        };
        assert_eq!(get(&d, b"Type"), Some(&Obj::Name(b"Page".to_vec())));
        assert_eq!(get(&d, b"R"), Some(&Obj::Real(0.5)));
        assert_eq!(
            get(&d, b"Kids"),
            Some(&Obj::Array(vec![Obj::Ref(1, 0), Obj::Ref(2, 0)]))
        );
    }

    #[test]
    fn depth_is_bounded() {
        let deep = vec![b'['; 10_000];
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn stream_with_wrong_length() {
        let src = b"4 0 obj <</Length 99>>\nstream\nabc\nendstream endobj";
        let mut p = Parser::new(src, 0, SyntaxLimits::default());
        let Ok((4, 0, Obj::Stream(_, r))) = p.indirect(&mut |_, _| None, true) else {
            panic!("no stream");
        };
        assert_eq!(src.get(r), Some(&b"abc"[..]));
    }
}
