//! JSON written by hand where serde's per-token writes would cost: the
//! pieces the report writers share (strings with serde_json's escapes,
//! unsigned integers), byte for byte what serde_json writes (checked by the
//! tests of the writers that use them, against serde_json).

use crate::diagnostic::{Diagnostic, Lang, Location};

/// `00` to `99`, two bytes each.
const PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

/// The two decimal digits of `v % 100`.
fn pair(v: u32) -> [u8; 2] {
    let at = (v % 100) as usize * 2;
    match PAIRS.get(at..at + 2) {
        Some(&[a, b]) => [a, b],
        _ => *b"00",
    }
}

/// Whether `bytes` hold a control character, a quote or a backslash (what
/// JSON escapes), eight bytes at a time.
#[inline]
pub(crate) fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether a byte of `x` is zero (exact: no false positive).
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let escaped = |word: [u8; 8]| {
        let x = u64::from_ne_bytes(word);
        // A byte below 0x20: x - 0x20 per byte borrows through its high
        // bit when the byte itself has it clear.
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
        control || zero(x ^ (ONES * u64::from(b'"'))) || zero(x ^ (ONES * u64::from(b'\\')))
    };
    let Some(&last) = bytes.last_chunk::<8>() else {
        // Fewer than eight bytes, padded with spaces (never escaped).
        let mut word = [b' '; 8];
        for (w, &b) in word.iter_mut().zip(bytes) {
            *w = b;
        }
        return escaped(word);
    };
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        if let Ok(word) = <[u8; 8]>::try_from(c) {
            if escaped(word) {
                return true;
            }
        }
    }
    // The rest, as the last eight bytes (tested again in part).
    !chunks.remainder().is_empty() && escaped(last)
}

/// A non-negative integer in decimal, two digits at a time.
pub(crate) fn uint(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    while rest >= 100 {
        at -= 2;
        if let Some(d) = digits.get_mut(at..at + 2) {
            d.copy_from_slice(&pair((rest % 100) as u32));
        }
        rest /= 100;
    }
    let [tens, units] = pair(rest as u32);
    if rest >= 10 {
        at -= 2;
        if let Some(d) = digits.get_mut(at..at + 2) {
            d.copy_from_slice(&[tens, units]);
        }
    } else {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = units;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b`, `\t`,
/// `\n`, `\f`, `\r`, `\u00xx` for the other control characters; the
/// rest (DEL and non-ASCII included) as is.
pub(crate) fn string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    inner(out, bytes);
    out.push(b'"');
}

/// The inside of [`string`]: bytes that need no escape (the common
/// case) are copied in one piece.
#[inline]
pub(crate) fn inner(out: &mut Vec<u8>, bytes: &[u8]) {
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
    } else {
        escaped(out, bytes);
    }
}

/// The escaping of [`inner`], byte by byte.
#[cold]
fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let mut unicode = *b"\\u0000";
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1f => {
                unicode[4] = b'0' + (b >> 4);
                unicode[5] = match b & 0xf {
                    d @ 0..=9 => b'0' + d,
                    d => b'a' + d - 10,
                };
                &unicode
            }
            _ => continue,
        };
        out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
        out.extend_from_slice(escape);
        start = i + 1;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
}

/// Diagnostics as serde_json writes [`Diagnostics`](super::Diagnostics):
/// `[{"code","severity","message","message_en","message_fr","location"}…]`,
/// `message` in `lang`, `location` an object of its known fields or
/// `null` (checked against serde_json by the tests).
pub(crate) fn diagnostics(out: &mut Vec<u8>, items: &[Diagnostic], lang: Lang) {
    out.push(b'[');
    for (i, d) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"code\":");
        string(out, d.code.as_str().as_bytes());
        out.extend_from_slice(b",\"severity\":");
        string(out, d.severity.as_str().as_bytes());
        out.extend_from_slice(b",\"message\":");
        string(out, d.message(lang).as_bytes());
        out.extend_from_slice(b",\"message_en\":");
        string(out, d.message_en.as_bytes());
        out.extend_from_slice(b",\"message_fr\":");
        string(out, d.message_fr.as_bytes());
        out.extend_from_slice(b",\"location\":");
        location(out, &d.location);
        out.push(b'}');
    }
    out.push(b']');
}

/// A location's known fields, in the order of its serde form (`null` when
/// nothing is known).
fn location(out: &mut Vec<u8>, l: &Location) {
    if l.is_empty() {
        out.extend_from_slice(b"null");
        return;
    }
    let mut sep = b'{';
    let mut key = |out: &mut Vec<u8>, key: &[u8]| {
        out.push(sep);
        sep = b',';
        out.extend_from_slice(key);
    };
    if let Some(f) = &l.file {
        key(out, b"\"file\":");
        string(out, f.as_bytes());
    }
    if let Some(s) = &l.segment {
        key(out, b"\"segment\":");
        string(out, s.as_bytes());
    }
    if let Some(o) = l.offset {
        key(out, b"\"offset\":");
        uint(out, o);
    }
    if let Some(p) = &l.path {
        key(out, b"\"path\":");
        string(out, p.as_bytes());
    }
    if let Some(n) = l.line {
        key(out, b"\"line\":");
        uint(out, n);
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn needs_escape_finds_what_json_escapes(
            bytes in proptest::collection::vec(
                prop_oneof![any::<u8>(), Just(b'"'), Just(b'\\'), 0u8..0x21, 0x7fu8..0x81],
                0..40,
            )
        ) {
            let naive = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(needs_escape(&bytes), naive);
        }
    }
    /// Any diagnostic: strings with what JSON escapes, every location
    /// field present or not.
    fn any_diagnostic() -> impl Strategy<Value = Diagnostic> {
        let text = "[a-zA-Z0-9 \"\\\\\u{0}-\u{1f}éà\u{7f}]{0,12}";
        (
            0..3u8,
            text,
            text,
            proptest::option::of(text),
            proptest::option::of(text),
            proptest::option::of(any::<usize>()),
            proptest::option::of(text),
            proptest::option::of(any::<usize>()),
        )
            .prop_map(|(sev, en, fr, file, segment, offset, path, line)| {
                let mut d = Diagnostic::new(
                    crate::diagnostic::Code::XmlMalformed,
                    Location {
                        file,
                        segment: segment.map(Into::into),
                        offset,
                        path,
                        line,
                    },
                    en,
                    fr,
                );
                d.severity = match sev {
                    0 => crate::diagnostic::Severity::Info,
                    1 => crate::diagnostic::Severity::Warning,
                    _ => crate::diagnostic::Severity::Error,
                };
                d
            })
    }

    proptest! {
        #[test]
        fn diagnostics_as_serde_json_writes_them(
            items in proptest::collection::vec(any_diagnostic(), 0..4),
            fr in any::<bool>(),
        ) {
            let lang = if fr { Lang::Fr } else { Lang::En };
            let mut ours = Vec::new();
            diagnostics(&mut ours, &items, lang);
            let theirs = serde_json::to_vec(&super::super::Diagnostics::new(lang, items)).unwrap_or_default();
            prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
        }
    }
}
