//! RFC 4180 CSV: writing (comma, CRLF, quotes only where needed) and a
//! bounded reader for the `--extra` file.

/// One CSV field, quoted when it holds a comma, a quote, CR or LF.
pub(crate) fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One record, CRLF-terminated.
pub(crate) fn record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// Records with their 1-based line numbers.
pub(crate) type Records = Vec<(usize, Vec<String>)>;

/// Parses a CSV text (comma-separated, RFC 4180 quotes, CRLF or LF) into
/// records with their 1-based line numbers. `Err((line, what))` on an
/// unterminated quote or a character after a closing quote.
pub(crate) fn parse(text: &str) -> Result<Records, (usize, &'static str)> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut line = 1usize;
    let mut start_line = 1usize;
    let mut chars = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .chars()
        .peekable();
    let mut in_quotes = false;
    let mut after_quote = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cur.push('"');
                }
                '"' => {
                    in_quotes = false;
                    after_quote = true;
                }
                '\n' => {
                    line += 1;
                    cur.push(c);
                }
                _ => cur.push(c),
            }
            continue;
        }
        match c {
            '"' if cur.is_empty() && !after_quote => {
                in_quotes = true;
                any = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut cur));
                after_quote = false;
                any = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut cur));
                if any || fields.iter().any(|f| !f.is_empty()) {
                    out.push((start_line, std::mem::take(&mut fields)));
                } else {
                    fields.clear();
                }
                line += 1;
                start_line = line;
                after_quote = false;
                any = false;
            }
            _ if after_quote => return Err((line, "a character after a closing quote")),
            _ => {
                cur.push(c);
                any = true;
            }
        }
    }
    if in_quotes {
        return Err((start_line, "a quoted field is not closed"));
    }
    if any || !cur.is_empty() {
        fields.push(cur);
        out.push((start_line, fields));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let rows = [vec!["a", "b,c", "d\"e", "f\r\ng", ""]];
        let text: String = rows.iter().map(|r| record(r)).collect();
        assert_eq!(text, "a,\"b,c\",\"d\"\"e\",\"f\r\ng\",\r\n");
        let back = parse(&text).unwrap_or_default();
        assert_eq!(back.len(), 1);
        assert_eq!(
            back.first().map(|r| r.1.clone()),
            Some(rows[0].iter().map(|s| s.to_string()).collect())
        );
    }

    proptest::proptest! {
        #[test]
        fn any_fields_round_trip(rows in proptest::collection::vec(
            proptest::collection::vec("[a-z,\"\r\n é]{0,8}", 2..5), 1..5)) {
            let text: String = rows.iter().map(|r| record(r)).collect();
            let back: Vec<Vec<String>> = parse(&text)
                .unwrap_or_default()
                .into_iter()
                .map(|(_, r)| r)
                .collect();
            proptest::prop_assert_eq!(back, rows);
        }
    }

    #[test]
    fn errors_and_blank_lines() {
        assert_eq!(parse("a,\"b\nc"), Err((1, "a quoted field is not closed")));
        assert_eq!(
            parse("\"a\"x,b"),
            Err((1, "a character after a closing quote"))
        );
        let rows = parse("h1,h2\n\n1,2\n").unwrap_or_default();
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 3]);
    }
}
