//! The fast reading of plain documents: a scanner that feeds the tree
//! [`Builder`] the same events, at the same positions, as quick-xml's
//! reader would, for the subset of XML that ACTES messages are made of.
//!
//! Accepted: an XML declaration and processing instructions (skipped), text,
//! start, end and empty-element tags whose names are made of letters,
//! digits, `_`, `-`, `.`, `:` and non-ASCII characters, attributes with a
//! quoted value. Anything else (a comment, a CDATA section, a DOCTYPE, a
//! byte-order mark, another character in a name, a mismatched end tag…) and
//! any error make [`parse_plain`] decline: the document is then read again by
//! quick-xml, which gives the result and the diagnostics. So the scanner
//! never has to reproduce an error message, only the success cases, where
//! it follows quick-xml step by step:
//!
//! * a text node runs up to the next `<`; a tag up to its `>`;
//! * the position of an event (an [`Element`]'s offset) is that of its
//!   first byte, the `<` of a tag;
//! * the name of a tag runs up to the first whitespace (space, tab, CR,
//!   LF); an end tag must repeat the name of the open element, followed by
//!   optional whitespace;
//! * an attribute is `name S? = S? "value"` (or `'value'`), and attributes
//!   need no whitespace between them.

use super::{Builder, Element, Limits, RawAttr};
use crate::diagnostic::Diagnostic;
use std::borrow::Cow;

/// Reads `doc` when it is plain XML without errors: the root and the
/// warnings. `None` when the document must be read by quick-xml.
pub(super) fn parse_plain(doc: &str, limits: &Limits) -> Option<(Element, Vec<Diagnostic>)> {
    let bytes = doc.as_bytes();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return None;
    }
    let mut tree = Builder::new(doc, limits);
    let mut diags = Vec::new();
    // The names of the open elements, for their end tags.
    let mut names: Vec<&[u8]> = Vec::with_capacity(8);
    let mut raw: Vec<RawAttr<'_>> = Vec::with_capacity(8);
    let mut i = 0;
    loop {
        let (lt, special) = text_end(bytes, i);
        if lt > i {
            tree.text(i, doc.get(i..lt)?, Some(!special), &mut diags)?;
        }
        if lt >= bytes.len() {
            break;
        }
        let pos = lt;
        i = lt + 1;
        match *bytes.get(i)? {
            b'?' => {
                // `<?…?>`: the first `>` after a `?` that is not the one
                // right after `<` (`<?>` is an error).
                let mut from = i + 1;
                let gt = loop {
                    let gt = from + bytes.get(from..)?.iter().position(|&b| b == b'>')?;
                    if bytes.get(gt - 1) == Some(&b'?') {
                        break gt;
                    }
                    from = gt + 1;
                };
                if gt == i + 1 {
                    return None;
                }
                i = gt + 1;
            }
            b'/' => {
                let name = names.pop()?;
                let mut k = i + 1 + name.len();
                if bytes.get(i + 1..k)? != name {
                    return None;
                }
                while bytes.get(k).is_some_and(|&b| is_space(b)) {
                    k += 1;
                }
                if bytes.get(k) != Some(&b'>') {
                    return None;
                }
                tree.end(pos, &mut diags)?;
                i = k + 1;
            }
            _ => {
                let tag_name_end = name_end(bytes, i);
                if tag_name_end == i {
                    return None;
                }
                let name = bytes.get(i..tag_name_end)?;
                raw.clear();
                let mut k = tag_name_end;
                let is_empty = loop {
                    while bytes.get(k).is_some_and(|&b| is_space(b)) {
                        k += 1;
                    }
                    match *bytes.get(k)? {
                        b'>' => {
                            k += 1;
                            break false;
                        }
                        b'/' => {
                            if bytes.get(k + 1) != Some(&b'>') {
                                return None;
                            }
                            k += 2;
                            break true;
                        }
                        // The name ends at whitespace.
                        _ if k == tag_name_end => return None,
                        _ => {}
                    }
                    let key_end = name_end(bytes, k);
                    if key_end == k {
                        return None;
                    }
                    let key = doc.get(k..key_end)?;
                    k = key_end;
                    while bytes.get(k).is_some_and(|&b| is_space(b)) {
                        k += 1;
                    }
                    if bytes.get(k) != Some(&b'=') {
                        return None;
                    }
                    k += 1;
                    while bytes.get(k).is_some_and(|&b| is_space(b)) {
                        k += 1;
                    }
                    let quote = *bytes.get(k)?;
                    if quote != b'"' && quote != b'\'' {
                        return None;
                    }
                    let (value_end, special) = value_end(bytes, k + 1, quote)?;
                    raw.push(RawAttr {
                        key: Cow::Borrowed(key),
                        value: Cow::Borrowed(doc.get(k + 1..value_end)?),
                        plain: Some(!special),
                    });
                    k = value_end + 1;
                };
                let qname = doc.get(i..tag_name_end)?;
                tree.start(pos, qname, &raw, None, is_empty, &mut diags)?;
                if !is_empty {
                    names.push(name);
                }
                i = k;
            }
        }
    }
    let root = tree.finish(&mut diags)?;
    Some((root, diags))
}

/// XML whitespace as quick-xml sees it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The classes of bytes the scanner tells apart, one bit each.
const NAME: u8 = 1;
/// `&`, tab, LF or CR: an attribute value that must be normalized.
const VALUE_SPECIAL: u8 = 2;
const QUOTE: u8 = 4;
const APOSTROPHE: u8 = 8;

/// The class bits of each byte.
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':') || c >= 0x80 {
            table[b] |= NAME;
        }
        if matches!(c, b'&' | b'\t' | b'\n' | b'\r') {
            table[b] |= VALUE_SPECIAL;
        }
        b += 1;
    }
    table[b'"' as usize] |= QUOTE;
    table[b'\'' as usize] |= APOSTROPHE;
    table
};

fn class(b: u8) -> u8 {
    CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

/// The end of the name starting at `from`.
fn name_end(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|&b| class(b) & NAME == 0)
        .unwrap_or(rest.len())
}

/// The end of the value starting at `from` and closed by `quote` (the
/// index of the closing quote), and whether the value has a `&`, tab, LF
/// or CR.
fn value_end(bytes: &[u8], from: usize, quote: u8) -> Option<(usize, bool)> {
    let end = if quote == b'"' { QUOTE } else { APOSTROPHE };
    let mut special = 0;
    for (k, &b) in bytes.get(from..)?.iter().enumerate() {
        let c = class(b);
        if c & end != 0 {
            return Some((from + k, special != 0));
        }
        special |= c & VALUE_SPECIAL;
    }
    None
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` equal to `b` (exact for the lowest
/// one; a byte above a match may be flagged too).
fn bytes_equal(word: u64, b: u8) -> u64 {
    let x = word ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The end of the text starting at `from` (the index of the next `<`, or
/// the length), and whether the text has a `&` or a CR. Eight bytes at a
/// time.
fn text_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    let mut special = 0u64;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
        let lt = bytes_equal(word, b'<');
        let sp = bytes_equal(word, b'&') | bytes_equal(word, b'\r');
        if lt != 0 {
            // The bytes before the first `<` (its flag is exact, and a
            // false flag lies above a true one).
            let below = (lt & lt.wrapping_neg()) - 1;
            return (
                i + (lt.trailing_zeros() / 8) as usize,
                (special | (sp & below)) != 0,
            );
        }
        special |= sp;
        i += 8;
    }
    let mut found = special != 0;
    for (k, &b) in bytes.get(i..).unwrap_or_default().iter().enumerate() {
        match b {
            b'<' => return (i + k, found),
            b'&' | b'\r' => found = true,
            _ => {}
        }
    }
    (bytes.len(), found)
}

#[cfg(test)]
mod tests {
    use super::super::parse_events;
    use super::*;
    use crate::xml::decode::decode;
    use proptest::prelude::*;

    /// The scanner's reading of `doc`, when it accepts it, must be
    /// quick-xml's (root and diagnostics). Returns whether it accepted it.
    fn same_as_quick_xml(doc: &str, limits: &Limits) -> bool {
        let Some((root, diags)) = parse_plain(doc, limits) else {
            return false;
        };
        let mut reference = Vec::new();
        let expected = parse_events(doc, limits, &mut reference);
        assert_eq!(Some(root), expected, "{doc:?}");
        assert_eq!(diags, reference, "{doc:?}");
        true
    }

    /// Every well-formed sample of the reference is read by the scanner
    /// (none has a comment, CDATA or DOCTYPE outside the 2003 examples),
    /// as quick-xml reads it.
    #[test]
    fn reference_samples() {
        let mut files = vec![std::path::PathBuf::from("../shared/reference/samples")];
        let (mut read, mut declined) = (0, 0);
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).expect("samples directory") {
                    files.push(entry.expect("entry").path());
                }
                continue;
            }
            if path
                .extension()
                .is_none_or(|e| !e.eq_ignore_ascii_case("xml"))
            {
                continue;
            }
            let text = decode(&std::fs::read(&path).expect("sample")).text;
            if same_as_quick_xml(&text, &Limits::default()) {
                read += 1;
            } else {
                declined += 1;
            }
        }
        assert!(
            read > 40 && declined * 5 < read,
            "{read} read, {declined} declined"
        );
    }

    #[test]
    fn positions_and_edges() {
        for doc in [
            "<a/>",
            "<?xml version=\"1.0\"?>\n<a x='1'>t<b/>u<c>v</c ></a>\n",
            "<a><b>x</b><b>y</b></a>",
            "<a x = \"1\"y='2'\t/>",
            "<p:a xmlns:p='urn:p' p:x='&amp;&#10;\tz' q='\r\n'>a&lt;b\r\nc</p:a>",
            "<a xmlns='http://www.interieur.gouv.fr/ACTES#v1.1-20040202'><b/></a>",
            "<?pi x?><a>é<é/></a><?pi?>  ",
            "<a>x>y</a>",
            "<a x='<>\"'/>",
        ] {
            assert!(same_as_quick_xml(doc, &Limits::default()), "{doc:?}");
        }
        // Declined: errors (read again by quick-xml) and what the scanner
        // does not handle.
        for doc in [
            "",
            "<a>",
            "<a></b>",
            "<a/><b/>",
            "<a/>x",
            "<?>",
            "<a><!-- c --></a>",
            "<a><![CDATA[x]]></a>",
            "<!DOCTYPE a><a/>",
            "\u{FEFF}<a/>",
            "<a x/>",
            "<a x='1' / >",
            "<a\"/>",
            "<a>&bad;</a>",
            "<a x='1' x='2'/>",
            "<a></a >x",
            "</a>",
            "<a/ >",
            "<a",
            "<a x='1",
        ] {
            assert!(!same_as_quick_xml(doc, &Limits::default()), "{doc:?}");
        }
    }

    /// Pieces of markup, text and attributes, glued at random: mostly
    /// ill-formed, which the scanner must decline, or read as quick-xml.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "<a",
            "<b:c",
            "<é",
            ">",
            "/>",
            "/",
            "</a>",
            "</b:c >",
            "</a\t>",
            " x='1'",
            " y=\"&amp;\"",
            " z = 'a\tb'",
            " b:w='&#13;'",
            " xmlns:b='urn:b'",
            " xmlns=''",
            " xmlns:b=''",
            " xmlns='http://www.interieur.gouv.fr/ACTES#v1.1-20040216'",
            " xmlns:b='http://www.interieur.gouv.fr/ACTES#v1.1-20040202'",
            " xml:lang='fr'",
            "text",
            "\r\n",
            "\n",
            "&#10;",
            "&lt;",
            "&",
            "<?xml version='1.0'?>",
            "<?pi?>",
            "<?>",
            "<!-- c -->",
            "<![CDATA[d]]>",
            " ",
            "\t",
            "=",
            "'",
            "\"",
            "é",
            "<",
            "?",
            "x",
        ])
    }

    /// A well-formed element with random names, attributes, spacing and
    /// text.
    fn element() -> impl Strategy<Value = String> {
        let name = prop::sample::select(vec!["a", "b:c", "actes:X", "é", "a.b-c_1", "xsi:y"]);
        let attr = (
            prop::sample::select(vec!["x", "b:w", "xmlns:b", "xmlns", "xsi:nil", "y"]),
            prop::sample::select(vec!["", " ", "\t", "\r\n"]),
            prop::sample::select(vec![
                "1",
                "a&amp;b",
                "l1\nl2",
                "\t",
                "urn:b",
                "",
                "<>",
                "http://www.interieur.gouv.fr/ACTES#v1.1-20040216",
                "http://www.w3.org/2001/XMLSchema-instance",
                "&#10;&#xE9;",
            ]),
            any::<bool>(),
        )
            .prop_map(|(k, sp, v, single)| {
                let q = if single { '\'' } else { '"' };
                format!(" {k}{sp}={sp}{q}{v}{q}")
            });
        let text = prop::sample::select(vec!["", "t", "\n  ", "a&lt;b", "x\r\ny", "é>", " "]);
        let leaf = (
            name.clone(),
            prop::collection::vec(attr.clone(), 0..3),
            text.clone(),
        )
            .prop_map(|(n, attrs, t)| {
                if t.is_empty() {
                    format!("<{n}{}/>", attrs.concat())
                } else {
                    format!("<{n}{}>{t}</{n}>", attrs.concat())
                }
            });
        leaf.prop_recursive(4, 24, 4, move |inner| {
            (
                name.clone(),
                prop::collection::vec(attr.clone(), 0..3),
                prop::collection::vec((inner, text.clone()), 0..4),
                prop::sample::select(vec!["", " ", "\n"]),
            )
                .prop_map(|(n, attrs, children, end_space)| {
                    let mut s = format!("<{n}{}>", attrs.concat());
                    for (child, t) in children {
                        s.push_str(&child);
                        s.push_str(t);
                    }
                    s.push_str(&format!("</{n}{end_space}>"));
                    s
                })
        })
    }

    proptest! {
        #[test]
        fn glued_pieces_as_quick_xml(pieces in prop::collection::vec(piece(), 0..24)) {
            same_as_quick_xml(&pieces.concat(), &Limits::default());
        }

        #[test]
        fn elements_as_quick_xml(
            prolog in prop::sample::select(vec!["", "<?xml version=\"1.0\"?>\n", "\n", "<?p?>"]),
            root in element(),
            max_depth in 1usize..6,
            max_attributes in 0usize..4,
            max_text_len in 0usize..8,
        ) {
            let doc = format!("{prolog}{root}\n");
            prop_assert!(same_as_quick_xml(&doc, &Limits::default()) || {
                // Declined only when quick-xml finds an error.
                let mut d = Vec::new();
                parse_events(&doc, &Limits::default(), &mut d).is_none()
            }, "{doc:?}");
            let limits = Limits { max_depth, max_attributes, max_text_len, ..Limits::default() };
            same_as_quick_xml(&doc, &limits);
        }
    }

    #[test]
    fn text_ends() {
        for s in [
            "",
            "a",
            "abc<",
            "abcdefgh<",
            "abcdefghi<",
            "a&b<",
            "abcdefg&<",
            "abcdefgh&",
            "\r",
            "abcdefghijklmno\r<&",
            "<&",
            "abcdefg<&",
            "abcd&efghijklmn<",
            "ab\rcdefgh",
            "&&&&&&&<",
        ] {
            let b = s.as_bytes();
            let end = b.iter().position(|&c| c == b'<').unwrap_or(b.len());
            let special = b[..end].iter().any(|&c| c == b'&' || c == b'\r');
            assert_eq!(text_end(b, 0), (end, special), "{s:?}");
        }
    }
}
