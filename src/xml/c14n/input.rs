//! Reading the bytes: the declared encoding, and the byte counts that bound memory.

use super::*;

/// Bytes read to find the encoding declaration.
pub(super) const HEAD: usize = 1024;
/// Read buffer, and the output buffer in front of the writer.
pub(super) const BUFFER: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Enc {
    /// Undeclared, [`Undeclared::Utf8ElseLatin1`]: decided at the first
    /// non-ASCII byte.
    Pending,
    Utf8,
    Latin1,
    Latin9,
    Cp1252,
}

/// The encoding of the document, and how many bytes of byte-order mark to
/// skip.
pub(super) fn sniff(head: &[u8], undeclared: Undeclared) -> Result<(Enc, usize), Fatal> {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Ok((Enc::Utf8, 3));
    }
    if head.starts_with(b"\xFE\xFF") || head.starts_with(b"\xFF\xFE") {
        return Err(unsupported("UTF-16"));
    }
    let Some(name) = declared_encoding(head) else {
        return Ok(match undeclared {
            Undeclared::Utf8 => (Enc::Utf8, 0),
            Undeclared::Utf8ElseLatin1 => (Enc::Pending, 0),
        });
    };
    let enc = match name.trim().to_ascii_lowercase().as_str() {
        "utf-8" | "utf8" | "us-ascii" | "ascii" => Enc::Utf8,
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1" | "iso-ir-100"
        | "cp819" | "ibm819" => Enc::Latin1,
        "iso-8859-15" | "iso8859-15" | "iso_8859-15" | "latin-9" | "latin9" => Enc::Latin9,
        "windows-1252" | "cp1252" | "x-cp1252" => Enc::Cp1252,
        _ => return Err(unsupported(&name)),
    };
    Ok((enc, 0))
}

pub(super) fn unsupported(name: &str) -> Fatal {
    Box::new(Diagnostic::new(
        Code::XmlEncodingUnsupported,
        Location::offset(0),
        format!("the encoding {name:?} is not supported for canonicalisation (UTF-8, ISO-8859-1, ISO-8859-15, windows-1252)"),
        format!("l'encodage {name:?} n'est pas pris en charge pour la canonicalisation (UTF-8, ISO-8859-1, ISO-8859-15, windows-1252)"),
    ))
}

/// Counts the bytes read: the document size, and the size of the token
/// being read (reset after each event), so that no single token can hold
/// more memory than the limit.
pub(super) struct Guard<R> {
    pub(super) inner: R,
    pub(super) total: u64,
    pub(super) since_mark: u64,
    pub(super) max_total: u64,
    pub(super) max_token: u64,
    pub(super) failure: Option<Diagnostic>,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.total += n as u64;
        self.since_mark += n as u64;
        if self.total > self.max_total {
            self.failure = Some(Diagnostic::new(
                Code::XmlLimitSize,
                Location::none(),
                format!(
                    "the document has more than {} bytes, the limit",
                    self.max_total
                ),
                format!(
                    "le document fait plus de {} octets, la limite",
                    self.max_total
                ),
            ));
            return Err(io::Error::other("limit"));
        }
        if self.since_mark > self.max_token {
            let max = usize::try_from(self.max_token.saturating_sub(2 * BUFFER as u64))
                .unwrap_or(usize::MAX);
            let at = usize::try_from(self.total).unwrap_or(usize::MAX);
            self.failure = Some(limit(Code::XmlLimitText, at, "text length", max));
            return Err(io::Error::other("limit"));
        }
        Ok(n)
    }
}

/// Decodes raw bytes in `enc` into `dst` (cleared), normalising line ends
/// and refusing characters XML forbids.
pub(super) fn decode_into(
    enc: &mut Enc,
    bytes: &[u8],
    dst: &mut String,
    at: u64,
) -> Result<(), Fatal> {
    dst.clear();
    let mut rest = bytes;
    let mut offset = at;
    loop {
        // A run of ordinary ASCII is copied whole.
        let run = rest
            .iter()
            .position(|&b| !(0x20..0x80).contains(&b))
            .unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(run);
        dst.push_str(std::str::from_utf8(ascii).unwrap_or_default());
        offset += run as u64;
        let Some(&b) = tail.first() else {
            return Ok(());
        };
        if b < 0x80 {
            match b {
                b'\t' | b'\n' => dst.push(char::from(b)),
                b'\r' => {
                    dst.push('\n');
                    if tail.get(1) == Some(&b'\n') {
                        rest = tail.get(2..).unwrap_or_default();
                        offset += 2;
                        continue;
                    }
                }
                _ => {
                    return Err(bad(
                        offset,
                        format!("the control character U+{b:04X} is not allowed in XML"),
                    ))
                }
            }
            rest = tail.get(1..).unwrap_or_default();
            offset += 1;
            continue;
        }
        let len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        let seq = tail.get(..len).filter(|_| len > 0);
        if *enc == Enc::Pending {
            *enc = match seq.map(std::str::from_utf8) {
                Some(Ok(_)) => Enc::Utf8,
                _ => Enc::Latin1,
            };
        }
        match enc {
            Enc::Utf8 | Enc::Pending => match seq.map(std::str::from_utf8) {
                Some(Ok(s)) => {
                    if matches!(s, "\u{FFFE}" | "\u{FFFF}") {
                        return Err(bad(
                            offset,
                            "the character U+FFFE or U+FFFF is not allowed in XML",
                        ));
                    }
                    dst.push_str(s);
                    rest = tail.get(len..).unwrap_or_default();
                    offset += len as u64;
                }
                _ => {
                    return Err(bad(
                        offset,
                        "the bytes are not valid UTF-8 (the encoding declared or implied)",
                    ))
                }
            },
            Enc::Latin1 => {
                dst.push(char::from(b));
                rest = tail.get(1..).unwrap_or_default();
                offset += 1;
            }
            Enc::Latin9 => {
                dst.push(latin9_char(b));
                rest = tail.get(1..).unwrap_or_default();
                offset += 1;
            }
            Enc::Cp1252 => {
                dst.push(cp1252_char(b));
                rest = tail.get(1..).unwrap_or_default();
                offset += 1;
            }
        }
    }
}

/// ISO-8859-15: ISO-8859-1 with eight code points changed.
pub(super) fn latin9_char(b: u8) -> char {
    match b {
        0xA4 => '€',
        0xA6 => 'Š',
        0xA8 => 'š',
        0xB4 => 'Ž',
        0xB8 => 'ž',
        0xBC => 'Œ',
        0xBD => 'œ',
        0xBE => 'Ÿ',
        _ => char::from(b),
    }
}
