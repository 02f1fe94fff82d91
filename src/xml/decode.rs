//! Character decoding of incoming XML (reading profile R2, R3).
//!
//! Accepted declarations: ISO-8859-1 (and its aliases), windows-1252, UTF-8,
//! US-ASCII; no declaration means UTF-8, as XML 1.0 says. Real files lie
//! about their encoding (SPEC §12.4), so the bytes decide:
//!
//! * **UTF-8 bytes under an ISO-8859-1 / windows-1252 declaration.** A
//!   document declared Latin-1 whose non-ASCII bytes form at least one valid
//!   multi-byte UTF-8 sequence and more valid sequences than invalid bytes is
//!   read as UTF-8 (`XML-ENCODING-MISLABELLED`, warning). French text in real
//!   Latin-1 almost never forms valid UTF-8 sequences (`é` is the lone byte
//!   `0xE9`, which must be followed by two continuation bytes to be UTF-8), so
//!   the heuristic does not misfire on genuine Latin-1 files.
//! * **Stray bytes.** Bytes that are not valid in the encoding finally chosen
//!   (an invalid UTF-8 sequence, e.g. `0xBF` left where `’` was) are decoded
//!   one by one as windows-1252 (`XML-ENCODING-INVALID`, warning), so nothing
//!   is silently dropped.
//! * **C1 bytes in ISO-8859-1.** Bytes `0x80`–`0x9F` in a document declared
//!   ISO-8859-1 are C1 control characters in theory and windows-1252
//!   punctuation (`’`, `œ`, `€`…) in practice; they are read as windows-1252
//!   (`XML-ENCODING-CP1252`, warning).
//! * A UTF-8 byte-order mark is skipped. UTF-16 and other encodings are
//!   refused (`XML-ENCODING-UNSUPPORTED`).

use std::borrow::Cow;

use crate::diagnostic::{Code, Diagnostic, Location};

/// The character encoding a document was finally read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// ISO-8859-1 (Latin-1).
    Latin1,
    /// windows-1252.
    Windows1252,
}

impl Encoding {
    /// Canonical name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Latin1 => "ISO-8859-1",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// A decoded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, as Unicode.
    pub text: String,
    /// The encoding named in the XML declaration, verbatim, if any.
    pub declared: Option<String>,
    /// The encoding actually used to read the bytes.
    pub encoding: Encoding,
    /// Findings (warnings, or one error when the encoding is unsupported).
    pub diagnostics: Vec<Diagnostic>,
}

/// windows-1252 code points for bytes 0x80..=0x9F (undefined bytes map to
/// the C1 control of the same value, as WHATWG does).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// Decodes one byte as windows-1252.
#[must_use]
pub fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or(char::from(b)),
        _ => char::from(b),
    }
}

/// Reads the `encoding` pseudo-attribute of an XML declaration at the start
/// of `bytes` (after an optional BOM). Returns `None` when there is no
/// declaration or no encoding in it.
#[must_use]
pub fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let rest = bytes.strip_prefix(b"<?xml")?;
    let end = rest.windows(2).position(|w| w == b"?>")?;
    let decl = rest.get(..end)?;
    let pos = decl.windows(8).position(|w| w == b"encoding")?;
    let after = decl.get(pos + 8..)?;
    let mut i = 0;
    while after.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    if after.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while after.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    let quote = *after.get(i)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = after.get(i + 1..)?;
    let close = value.iter().position(|&b| b == quote)?;
    let name = value.get(..close)?;
    Some(String::from_utf8_lossy(name).into_owned())
}

enum Declared {
    Utf8,
    Latin1,
    Cp1252,
    Unsupported,
}

fn classify(name: &str) -> Declared {
    match name.trim().to_ascii_lowercase().as_str() {
        "utf-8" | "utf8" | "us-ascii" | "ascii" => Declared::Utf8,
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1" | "iso-ir-100"
        | "cp819" | "ibm819" | "iso-8859-15" | "iso8859-15" | "latin-9" => Declared::Latin1,
        "windows-1252" | "cp1252" | "x-cp1252" => Declared::Cp1252,
        _ => Declared::Unsupported,
    }
}

/// The length of the ASCII prefix of `bytes`, eight bytes at a time.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0x80; 8]));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        n += 8;
    }
    let rest = bytes.get(n..).unwrap_or_default();
    n + rest
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(rest.len())
}

/// Counts (valid multi-byte UTF-8 sequences, invalid bytes). ASCII runs
/// are skipped eight bytes at a time; at each other byte, the sequence
/// starting there (at most four bytes) is a character or an invalid
/// sequence of `std::str::from_utf8`'s `error_len`.
fn utf8_profile(bytes: &[u8]) -> (usize, usize) {
    let mut valid_multi = 0;
    let mut invalid = 0;
    let mut rest = bytes;
    loop {
        rest = rest.get(ascii_prefix_len(rest)..).unwrap_or_default();
        if rest.is_empty() {
            return (valid_multi, invalid);
        }
        let window = rest.get(..4).unwrap_or(rest);
        let step = match std::str::from_utf8(window) {
            Ok(s) => s.chars().next().map(char::len_utf8).ok_or(1),
            Err(e) => window
                .get(..e.valid_up_to())
                .and_then(|v| std::str::from_utf8(v).ok())
                .and_then(|v| v.chars().next())
                .map(char::len_utf8)
                .ok_or(e.error_len().unwrap_or(window.len())),
        };
        let step = match step {
            Ok(len) => {
                valid_multi += 1;
                len
            }
            Err(len) => {
                invalid += len;
                len
            }
        };
        rest = rest.get(step.max(1)..).unwrap_or_default();
    }
}

/// Decodes UTF-8, reading each invalid byte as windows-1252. Returns the
/// text (the bytes themselves when they are valid), the number of bytes so
/// replaced and the offset of the first.
fn utf8_with_fallback(bytes: &[u8]) -> (Cow<'_, str>, usize, usize) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(s), 0, usize::MAX);
    }
    let mut out = String::with_capacity(bytes.len());
    let mut replaced = 0;
    let mut first_bad = usize::MAX;
    let mut rest = bytes;
    let mut consumed = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return (Cow::Owned(out), replaced, first_bad);
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                // `good` is valid UTF-8 by construction.
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let skip = e.error_len().unwrap_or(bad.len()).max(1).min(bad.len());
                if first_bad == usize::MAX {
                    first_bad = consumed + good.len();
                }
                for &b in bad.get(..skip).unwrap_or(&[]) {
                    out.push(cp1252_char(b));
                    replaced += 1;
                }
                consumed += good.len() + skip;
                rest = bad.get(skip..).unwrap_or(&[]);
                if rest.is_empty() {
                    return (Cow::Owned(out), replaced, first_bad);
                }
            }
        }
    }
}

/// Decodes `bytes` following the reading profile. Never fails: an
/// unsupported declared encoding yields an error diagnostic and a best-effort
/// UTF-8 decoding.
#[must_use]
pub fn decode(bytes: &[u8]) -> Decoded {
    let Decoding {
        text,
        declared,
        encoding,
        diagnostics,
    } = decode_borrowed(bytes);
    Decoded {
        text: text.into_owned(),
        declared,
        encoding,
        diagnostics,
    }
}

/// A [`Decoded`] document whose text is the bytes themselves when they are
/// valid UTF-8 (nearly always: ASCII, or UTF-8 read as UTF-8).
pub(crate) struct Decoding<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) declared: Option<String>,
    pub(crate) encoding: Encoding,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// [`decode`], without copying bytes that are already the text.
pub(crate) fn decode_borrowed(bytes: &[u8]) -> Decoding<'_> {
    let mut diagnostics = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\xFF\xFE") {
        diagnostics.push(Diagnostic::new(
            Code::XmlEncodingUnsupported,
            Location::offset(0),
            "the document is UTF-16 (byte-order mark); only ISO-8859-1, windows-1252 and UTF-8 are read",
            "le document est en UTF-16 (marque d'ordre des octets) ; seuls ISO-8859-1, windows-1252 et UTF-8 sont lus",
        ));
        return Decoding {
            text: Cow::Borrowed(""),
            declared: None,
            encoding: Encoding::Utf8,
            diagnostics,
        };
    }
    let declared = declared_encoding(bytes);
    let kind = match declared.as_deref() {
        None => Declared::Utf8,
        Some(name) => classify(name),
    };
    let (text, encoding) = match kind {
        Declared::Unsupported => {
            let name = declared.clone().unwrap_or_default();
            diagnostics.push(Diagnostic::new(
                Code::XmlEncodingUnsupported,
                Location::offset(0),
                format!("the declared encoding {name:?} is not supported; the bytes were read as UTF-8"),
                format!("l'encodage déclaré {name:?} n'est pas pris en charge ; les octets ont été lus en UTF-8"),
            ));
            let (text, replaced, first) = utf8_with_fallback(bytes);
            push_invalid(&mut diagnostics, replaced, first);
            (text, Encoding::Utf8)
        }
        // ASCII is the same in every accepted encoding (and UTF-8 is read
        // as such below, ASCII or not).
        Declared::Latin1 | Declared::Cp1252 if bytes.is_ascii() => (
            Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default()),
            if matches!(kind, Declared::Cp1252) {
                Encoding::Windows1252
            } else {
                Encoding::Latin1
            },
        ),
        Declared::Utf8 => {
            let (text, replaced, first) = utf8_with_fallback(bytes);
            push_invalid(&mut diagnostics, replaced, first);
            (text, Encoding::Utf8)
        }
        Declared::Latin1 | Declared::Cp1252 => {
            let (valid_multi, invalid) = utf8_profile(bytes);
            if valid_multi > 0 && valid_multi > invalid {
                let name = declared.clone().unwrap_or_default();
                diagnostics.push(Diagnostic::new(
                    Code::XmlEncodingMislabelled,
                    Location::offset(0),
                    format!("the document declares {name} but its bytes are UTF-8 ({valid_multi} multi-byte sequence(s)); read as UTF-8"),
                    format!("le document déclare {name} mais ses octets sont en UTF-8 ({valid_multi} séquence(s) multi-octets) ; lu en UTF-8"),
                ));
                let (text, replaced, first) = utf8_with_fallback(bytes);
                push_invalid(&mut diagnostics, replaced, first);
                (text, Encoding::Utf8)
            } else {
                if valid_multi > 0 {
                    diagnostics.push(Diagnostic::new(
                        Code::XmlEncodingMixed,
                        Location::offset(0),
                        format!("the document mixes {valid_multi} UTF-8 multi-byte sequence(s) with {invalid} byte(s) that are not UTF-8; read as declared, some characters may be wrong"),
                        format!("le document mêle {valid_multi} séquence(s) UTF-8 multi-octets et {invalid} octet(s) hors UTF-8 ; lu selon l'encodage déclaré, certains caractères peuvent être faux"),
                    ));
                }
                let cp1252 = matches!(kind, Declared::Cp1252);
                let mut c1 = 0usize;
                let mut first_c1 = None;
                // ASCII runs are copied whole; each other byte is one
                // character. The text is checked once, at the end.
                let mut text = Vec::with_capacity(bytes.len() + bytes.len() / 8);
                let mut rest = bytes;
                let mut offset = 0;
                loop {
                    let run = ascii_prefix_len(rest);
                    text.extend_from_slice(rest.get(..run).unwrap_or_default());
                    let Some(&b) = rest.get(run) else { break };
                    if (0x80..=0x9F).contains(&b) {
                        c1 += 1;
                        first_c1.get_or_insert(offset + run);
                    }
                    text.extend_from_slice(cp1252_char(b).encode_utf8(&mut [0; 4]).as_bytes());
                    offset += run + 1;
                    rest = rest.get(run + 1..).unwrap_or_default();
                }
                // ASCII and encoded characters: always UTF-8.
                let text = String::from_utf8(text).unwrap_or_default();
                if !cp1252 && c1 > 0 {
                    diagnostics.push(Diagnostic::new(
                        Code::XmlEncodingCp1252,
                        Location::offset(first_c1.unwrap_or(0)),
                        format!("{c1} byte(s) in 0x80-0x9F in an ISO-8859-1 document were read as windows-1252 characters"),
                        format!("{c1} octet(s) entre 0x80 et 0x9F dans un document ISO-8859-1 ont été lus comme des caractères windows-1252"),
                    ));
                }
                (
                    Cow::Owned(text),
                    if cp1252 {
                        Encoding::Windows1252
                    } else {
                        Encoding::Latin1
                    },
                )
            }
        }
    };
    Decoding {
        text,
        declared,
        encoding,
        diagnostics,
    }
}

fn push_invalid(diagnostics: &mut Vec<Diagnostic>, replaced: usize, first: usize) {
    if replaced > 0 {
        diagnostics.push(Diagnostic::new(
            Code::XmlEncodingInvalid,
            Location::offset(first),
            format!("{replaced} byte(s) are not valid UTF-8 and were read as windows-1252"),
            format!("{replaced} octet(s) ne sont pas de l'UTF-8 valide et ont été lus comme du windows-1252"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(d: &Decoded) -> Vec<&'static str> {
        d.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn declaration_variants() {
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?><a/>").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding='iso-8859-1' ?>").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><a/>"), None);
        assert_eq!(declared_encoding(b"<a/>"), None);
    }

    #[test]
    fn latin1_is_decoded() {
        let d = decode(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE9t\xE9</a>");
        assert_eq!(d.encoding, Encoding::Latin1);
        assert!(d.text.contains("été"));
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn utf8_under_latin1_declaration_is_detected() {
        let d = decode("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>été</a>".as_bytes());
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(d.text.contains("été"));
        assert_eq!(codes(&d), ["XML-ENCODING-MISLABELLED"]);
    }

    #[test]
    fn c1_bytes_in_latin1_are_cp1252() {
        let d = decode(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>l\x92\x9cuvre \x80</a>");
        assert!(d.text.contains("l’œuvre €"), "{}", d.text);
        assert_eq!(codes(&d), ["XML-ENCODING-CP1252"]);
    }

    #[test]
    fn mixed_utf8_and_latin1_is_reported() {
        let mut b = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>".to_vec();
        b.extend_from_slice("é".as_bytes());
        b.extend_from_slice(b" \xE9\xE8</a>");
        let d = decode(&b);
        assert_eq!(d.encoding, Encoding::Latin1);
        assert_eq!(codes(&d), ["XML-ENCODING-MIXED"]);
    }

    #[test]
    fn windows1252_declared() {
        let d = decode(b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>\x92</a>");
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert!(d.text.contains('’'));
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn stray_byte_in_utf8() {
        let mut b = "<a>mise en ".as_bytes().to_vec();
        b.push(0xBF);
        b.extend_from_slice("uvre é</a>".as_bytes());
        let d = decode(&b);
        assert!(d.text.contains("mise en ¿uvre é"), "{}", d.text);
        assert_eq!(codes(&d), ["XML-ENCODING-INVALID"]);
        assert_eq!(d.diagnostics[0].location.offset, Some(11));
    }

    #[test]
    fn no_declaration_is_utf8_and_bom_skipped() {
        let d = decode("\u{FEFF}<a>œ</a>".as_bytes());
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.text, "<a>œ</a>");
    }

    #[test]
    fn utf16_refused() {
        let d = decode(b"\xFF\xFE<\0a\0");
        assert_eq!(codes(&d), ["XML-ENCODING-UNSUPPORTED"]);
    }

    #[test]
    fn unsupported_declaration() {
        let d = decode(b"<?xml version=\"1.0\" encoding=\"EBCDIC\"?><a/>");
        assert_eq!(codes(&d), ["XML-ENCODING-UNSUPPORTED"]);
    }

    /// The former counting, by `from_utf8` over the whole rest after each
    /// error.
    fn utf8_profile_by_restarts(bytes: &[u8]) -> (usize, usize) {
        let non_ascii_chars =
            |valid: &[u8]| -> usize { valid.iter().map(|&b| usize::from(b >= 0xC0)).sum() };
        let mut valid_multi = 0;
        let mut invalid = 0;
        let mut rest = bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(_) => return (valid_multi + non_ascii_chars(rest), invalid),
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    valid_multi += non_ascii_chars(good);
                    let skip = e.error_len().unwrap_or(bad.len()).max(1);
                    invalid += skip.min(bad.len());
                    rest = bad.get(skip..).unwrap_or(&[]);
                    if rest.is_empty() {
                        return (valid_multi, invalid);
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn utf8_profile_as_by_restarts(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                &b"a"[..], b"abcdefgh", b"\xC3\xA9", b"\xE2\x80\x99", b"\xF0\x9F\x98\x80", b"\xE9",
                b"\xC3", b"\xE2\x80", b"\xF0\x9F", b"\x80", b"\xBF", b"\xC0\xAF", b"\xED\xA0\x80",
                b"\xF4\x90\x80\x80", b"\xFF",
            ]), 0..16)) {
            let bytes = pieces.concat();
            proptest::prop_assert_eq!(utf8_profile(&bytes), utf8_profile_by_restarts(&bytes));
        }
    }

    #[test]
    fn ascii_prefix_lengths() {
        for (bytes, n) in [
            (&b""[..], 0),
            (b"abc", 3),
            (b"abcdefgh", 8),
            (b"abcdefgh\xE9", 8),
            (b"abcdefghij\xE9klmnopqrstu", 10),
            (b"\xE9", 0),
            (b"abcdefg\x80", 7),
        ] {
            assert_eq!(ascii_prefix_len(bytes), n, "{bytes:?}");
        }
    }
}
