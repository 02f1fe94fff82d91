//! Text in a standard font: WinAnsiEncoding (ISO 32000-1 Annex D.2, which
//! has é, è, à, ç, œ, €…), PDF string literals, and the Helvetica widths
//! (Adobe's AFM) to measure and wrap lines.

/// Encodes `s` in WinAnsiEncoding; a character the encoding lacks becomes
/// `?`.
pub fn win_ansi(s: &str) -> Vec<u8> {
    s.chars().map(win_ansi_char).collect()
}

fn win_ansi_char(c: char) -> u8 {
    let u = c as u32;
    match u {
        0x20..=0x7E | 0xA1..=0xFF => u as u8,
        0xA0 | 0x202F | 0x2009 | 0x09 => b' ',
        _ => match c {
            '€' => 0x80,
            '‚' => 0x82,
            'ƒ' => 0x83,
            '„' => 0x84,
            '…' => 0x85,
            '†' => 0x86,
            '‡' => 0x87,
            'ˆ' => 0x88,
            '‰' => 0x89,
            'Š' => 0x8A,
            '‹' => 0x8B,
            'Œ' => 0x8C,
            'Ž' => 0x8E,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '˜' => 0x98,
            '™' => 0x99,
            'š' => 0x9A,
            '›' => 0x9B,
            'œ' => 0x9C,
            'ž' => 0x9E,
            'Ÿ' => 0x9F,
            _ => b'?',
        },
    }
}

/// A PDF literal string `( … )` of already-encoded bytes, in ASCII:
/// `(`, `)` and `\` escaped, other bytes outside printable ASCII as octal.
#[must_use]
pub fn literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7E => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push(')');
    out
}

/// Widths of Helvetica for the printable ASCII characters 0x20–0x7E, in
/// thousandths of the font size (Adobe's Helvetica AFM).
const HELVETICA_ASCII: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
    556, // '0'..'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
    778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, // 'P'..'_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556,
    556, // '`'..'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // 'p'..'~'
];

/// The width of one WinAnsi byte in Helvetica (accented letters as their
/// base letter, which is what the AFM gives for the common ones).
fn helvetica_width(b: u8) -> u16 {
    let base = match b {
        0xC0..=0xC5 => b'A',
        0xC7 => b'C',
        0xC8..=0xCB => b'E',
        0xCC..=0xCF => b'I',
        0xD2..=0xD6 => b'O',
        0xD9..=0xDC => b'U',
        0xE0..=0xE5 => b'a',
        0xE7 => b'c',
        0xE8..=0xEB => b'e',
        0xEC..=0xEF => b'i',
        0xF2..=0xF6 => b'o',
        0xF9..=0xFC => b'u',
        0x8C => return 1000, // Œ
        0x9C => return 944,  // œ
        0x85 => return 1000, // …
        0x96 => return 556,  // –
        0x97 => return 1000, // —
        0x92 | 0x91 => return 222,
        0xA0 => b' ',
        other => other,
    };
    match base {
        0x20..=0x7E => HELVETICA_ASCII
            .get(usize::from(base - 0x20))
            .copied()
            .unwrap_or(556),
        _ => 556,
    }
}

/// The width of `s` set in Helvetica at `size` points.
#[must_use]
pub fn helvetica_text_width(s: &str, size: f64) -> f64 {
    win_ansi(s)
        .iter()
        .map(|b| f64::from(helvetica_width(*b)))
        .sum::<f64>()
        * size
        / 1000.0
}

/// Cuts `s` into lines no wider than `width` points in Helvetica at
/// `size`, at spaces when possible (a word longer than a line is cut).
#[must_use]
pub fn wrap(s: &str, size: f64, width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if helvetica_text_width(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: cut it if it does not fit.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if helvetica_text_width(&piece, size) > width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        line = piece;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_are_win_ansi() {
        assert_eq!(win_ansi("Envoyé à ç œ €"), b"Envoy\xe9 \xe0 \xe7 \x9c \x80");
        assert_eq!(win_ansi("→"), b"?");
    }

    #[test]
    fn literal_escapes() {
        assert_eq!(literal(b"a(b)\\\xe9"), "(a\\(b\\)\\\\\\351)");
    }

    #[test]
    fn widths_and_wrap() {
        assert!((helvetica_text_width("ID", 10.0) - 10.0).abs() < 1e-9);
        let lines = wrap("un deux trois quatre cinq six sept", 10.0, 60.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(helvetica_text_width(l, 10.0) <= 60.0, "{l}");
        }
        assert_eq!(lines.join(" "), "un deux trois quatre cinq six sept");
    }
}
