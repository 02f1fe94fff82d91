//! The fast reading of plain documents: a scanner that feeds the tree
//! [`Builder`] the same events, at the same positions, as quick-xml's
//! reader would, for the subset of XML that ACTES messages are made of.
//!
//! Accepted: an XML declaration, processing instructions and comments
//! (skipped), text, CDATA sections, start, end and empty-element tags,
//! attributes with a quoted value, names
//! ended by whitespace, `>`, `/` or `=` as their syntax requires (quick-xml
//! does not check the characters of names). Anything else (a DOCTYPE, a
//! byte-order mark, a quote or a control character in a name, a mismatched
//! end tag…) and any error make
//! [`parse_plain`] decline: the document is then read again by quick-xml,
//! which gives the result and the diagnostics. So the scanner never has to
//! reproduce an error message, only the success cases, where it follows
//! quick-xml step by step (the unit tests compare both readings on the
//! reference samples and on generated documents):
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
            b'!' => {
                // `<!--…-->` or `<![CDATA[…]]>` (a DOCTYPE is refused): the
                // first `>` after `--` (past `<!--->`), or after `]]`.
                let rest = bytes.get(i..)?;
                let (end, skip) = if rest.starts_with(b"!--") {
                    (b"--", 4)
                } else if rest.starts_with(b"![CDATA[") {
                    (b"]]", 0)
                } else {
                    return None;
                };
                let mut from = 0;
                let gt = loop {
                    let gt = from + rest.get(from..)?.iter().position(|&b| b == b'>')?;
                    if gt > skip && rest.get(..gt)?.ends_with(end) {
                        break gt;
                    }
                    from = gt + 1;
                };
                if end == b"]]" {
                    tree.cdata(pos, rest.get(8..gt - 2)?, &mut diags)?;
                }
                i += gt + 1;
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
/// What ends a name: whitespace (and the other control characters), `>`,
/// `/`, `=`, quotes, and a few bytes that are not in names in practice and
/// cost nothing to test with them (`!`, `#`, `$`, `%`, `&`, `<`): the
/// scanner declines a name ended by anything but whitespace, `>`, `/` or
/// `=`.
const DELIMITER: u8 = 1;
/// `&`, tab, LF or CR: an attribute value that must be normalized.
const VALUE_SPECIAL: u8 = 2;
const QUOTE: u8 = 4;
const APOSTROPHE: u8 = 8;

/// The class bits of each byte.
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x28 {
        table[b] |= DELIMITER;
        b += 1;
    }
    table[b'<' as usize] |= DELIMITER;
    table[b'=' as usize] |= DELIMITER;
    table[b'>' as usize] |= DELIMITER;
    table[b'/' as usize] |= DELIMITER;
    table[b'"' as usize] |= QUOTE;
    table[b'\'' as usize] |= APOSTROPHE;
    table[b'&' as usize] |= VALUE_SPECIAL;
    table[b'\t' as usize] |= VALUE_SPECIAL;
    table[b'\n' as usize] |= VALUE_SPECIAL;
    table[b'\r' as usize] |= VALUE_SPECIAL;
    table
};

fn class(b: u8) -> u8 {
    CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` equal to `b` (exact for the lowest
/// one; a byte above a match may be flagged too).
fn bytes_equal(word: u64, b: u8) -> u64 {
    let x = word ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The high bit of each byte of `word` below `n` (at most 128; exact for
/// the lowest one, as [`bytes_equal`]).
fn bytes_below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// The eight bytes at `i` as a word (little-endian: the first byte is the
/// lowest), if there are eight.
fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk = bytes.get(i..i.checked_add(8)?)?;
    Some(u64::from_le_bytes(<[u8; 8]>::try_from(chunk).ok()?))
}

/// The index of the byte of the lowest flag of `flags` (not zero).
fn first_flagged(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}

/// The flags of `flags` below the lowest flag of `end` (not zero).
fn below_first(flags: u64, end: u64) -> u64 {
    flags & ((end & end.wrapping_neg()) - 1)
}

/// The end of the name starting at `from`: the first delimiter (see
/// [`DELIMITER`]) or the end of the input. Eight bytes at a time.
fn name_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(word) = word_at(bytes, i) {
        // Below `(`, `<` to `>`, `/`.
        let delimiters = bytes_below(word, 0x28)
            | bytes_below(word ^ (ONES * 0x3C), 3)
            | bytes_equal(word, b'/');
        if delimiters != 0 {
            return i + first_flagged(delimiters);
        }
        i += 8;
    }
    let rest = bytes.get(i..).unwrap_or_default();
    i + rest
        .iter()
        .position(|&b| class(b) & DELIMITER != 0)
        .unwrap_or(rest.len())
}

/// The end of the value starting at `from` and closed by `quote` (the
/// index of the closing quote), and whether the value may need
/// normalization: it has a `&`, tab, LF or CR (or, when read eight bytes at
/// a time, another control character, read by the exact path too).
fn value_end(bytes: &[u8], from: usize, quote: u8) -> Option<(usize, bool)> {
    let mut i = from;
    let mut special = 0u64;
    while let Some(word) = word_at(bytes, i) {
        let end = bytes_equal(word, quote);
        let sp = bytes_equal(word, b'&') | bytes_below(word, 0x0E);
        if end != 0 {
            return Some((
                i + first_flagged(end),
                (special | below_first(sp, end)) != 0,
            ));
        }
        special |= sp;
        i += 8;
    }
    let end = if quote == b'"' { QUOTE } else { APOSTROPHE };
    let mut found = special != 0;
    for (k, &b) in bytes.get(i..)?.iter().enumerate() {
        let c = class(b);
        if c & end != 0 {
            return Some((i + k, found));
        }
        found |= c & VALUE_SPECIAL != 0;
    }
    None
}

/// The end of the text starting at `from` (the index of the next `<`, or
/// the length), and whether the text has a `&` or a CR. Eight bytes at a
/// time.
fn text_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    let mut special = 0u64;
    while let Some(word) = word_at(bytes, i) {
        let lt = bytes_equal(word, b'<');
        let sp = bytes_equal(word, b'&') | bytes_equal(word, b'\r');
        if lt != 0 {
            return (i + first_flagged(lt), (special | below_first(sp, lt)) != 0);
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
            "<!-- c --><a><!----><!-- - -->x<![CDATA[<y>]]>z<![CDATA[]]></a><!--->-->",
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
            "<a><!--></a>",
            "<a><!-x--></a>",
            "<a><![CDATA]]></a>",
            "<![CDATA[x]]><a/>",
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
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "--",
            "]]",
            "!",
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
        /// The word-at-a-time scans find what a byte-by-byte scan finds.
        #[test]
        fn scans_as_byte_loops(
            bytes in prop::collection::vec(
                prop::sample::select(b"ab:\xC3\xA9 \t\r\n\x01>/='\"&<".to_vec()), 0..40),
            from in 0usize..8,
        ) {
            let from = from.min(bytes.len());
            let rest = &bytes[from..];
            let delimiter = |b: u8| b < 0x28 || b"/<=>".contains(&b);
            let name = rest.iter().position(|&b| delimiter(b)).unwrap_or(rest.len());
            prop_assert_eq!(name_end(&bytes, from), from + name);
            for quote in [b'"', b'\''] {
                let value = rest.iter().position(|&b| b == quote).map(|end| {
                    let special = rest[..end].iter().any(|&b| b"&\t\n\r".contains(&b));
                    let control = rest[..end].iter().any(|&b| b < 0x0E);
                    (from + end, special, control)
                });
                match (value_end(&bytes, from, quote), value) {
                    (None, None) => {}
                    (Some((end, flagged)), Some((expected, special, control))) => {
                        prop_assert_eq!(end, expected);
                        // Flagged when special; maybe when another control.
                        prop_assert!(flagged == special || (control && flagged));
                    }
                    (found, expected) => prop_assert!(false, "{:?} {:?}", found, expected),
                }
            }
            let lt = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
            let special = rest[..lt].iter().any(|&b| b == b'&' || b == b'\r');
            prop_assert_eq!(text_end(&bytes, from), (from + lt, special));
        }

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
