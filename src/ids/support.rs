//! Helpers shared by the identifier parsers: located diagnostics, the
//! crate's CSV data files, and the string conversions of every identifier.

use crate::diagnostic::Diagnostic;

/// Describes the character starting at byte `offset` of `s`, for messages:
/// `'x'` for printable characters, `U+0009` otherwise.
pub(crate) fn describe_char_at(s: &str, offset: usize) -> String {
    match s.get(offset..).and_then(|rest| rest.chars().next()) {
        Some(c) if !c.is_control() && !c.is_whitespace() => format!("'{c}'"),
        Some(c) => format!("U+{:04X}", c as u32),
        None => "end of input".to_string(),
    }
}

/// Sorts diagnostics in input order (stable, by offset).
pub(crate) fn sort_by_offset(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.location.offset.unwrap_or(0));
}

/// Splits one line of the crate's own data files (`data/*.csv`) into fields.
/// A field may be double-quoted to hold commas; the data files contain no
/// escaped quotes.
pub(crate) fn csv_fields(line: &'static str) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            fields.push(quoted.get(..end).unwrap_or(""));
            let after = quoted.get(end + 1..).unwrap_or("");
            match after.strip_prefix(',') {
                Some(r) => rest = r,
                None => break,
            }
        } else {
            if let Some(i) = rest.find(',') {
                fields.push(rest.get(..i).unwrap_or(""));
                rest = rest.get(i + 1..).unwrap_or("");
            } else {
                fields.push(rest);
                break;
            }
        }
    }
    fields
}

/// The data lines of one of the crate's data files: without comments
/// (`#`), blank lines and the header line.
pub(crate) fn data_lines(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .skip(1)
}

/// Implements `FromStr`, `TryFrom<&str>` and (with the `serde` feature)
/// string-based serde for a type that has `parse_diagnostics` and `Display`.
macro_rules! string_conversions {
    ($t:ty, $expecting:literal) => {
        impl std::str::FromStr for $t {
            type Err = $crate::diagnostic::Invalid;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$t>::parse_diagnostics(s).into_result()
            }
        }

        impl TryFrom<&str> for $t {
            type Error = $crate::diagnostic::Invalid;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$t, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
pub(crate) use string_conversions;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_handles_quotes() {
        assert_eq!(csv_fields("41,\"a, b\""), ["41", "a, b"]);
        assert_eq!(csv_fields("001,Ain"), ["001", "Ain"]);
        assert_eq!(csv_fields("\"x\",y"), ["x", "y"]);
        assert_eq!(csv_fields(""), [""]);
    }

    #[test]
    fn describe_char() {
        assert_eq!(describe_char_at("ab", 1), "'b'");
        assert_eq!(describe_char_at("a\tb", 1), "U+0009");
        assert_eq!(describe_char_at("a", 1), "end of input");
        assert_eq!(describe_char_at("é", 1), "end of input");
    }
}
