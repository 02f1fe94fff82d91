//! Sealing a budget document: remove any old seal, compute, insert.

use std::io::{self, Read, Seek, SeekFrom, Write};

use super::{inspect, Digests, Inspection};
use crate::diagnostic::{has_errors, Code, Diagnostic, Location};

/// What [`seal`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The digests written in the seal.
    pub digests: Digests,
    /// Whether an existing seal was replaced (else one was inserted).
    pub replaced: bool,
    /// What the document said, read on the way.
    pub inspection: Inspection,
}

/// Whether `date` is a date and time as TotEM writes them:
/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction of a second, an optional
/// offset (`Z` or `±HH:MM`).
#[must_use]
pub fn valid_seal_date(date: &str) -> bool {
    let (main, offset) = match date
        .len()
        .checked_sub(6)
        .and_then(|i| date.get(i..).map(|o| (i, o)))
    {
        Some((i, o)) if o.starts_with(['+', '-']) && o.get(3..4) == Some(":") => {
            (date.get(..i).unwrap_or_default(), Some(o))
        }
        _ => match date.strip_suffix('Z') {
            Some(m) => (m, None),
            None => (date, None),
        },
    };
    let offset_ok = offset.is_none_or(|o| {
        chrono::NaiveTime::parse_from_str(
            &format!("{}:00", o.get(1..).unwrap_or_default()),
            "%H:%M:%S",
        )
        .is_ok()
    });
    offset_ok && chrono::NaiveDateTime::parse_from_str(main, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
}

/// Writes to `out` a copy of the document read from `input`, sealed: the
/// old `Scellement` replaced, or a new one inserted after the last
/// `VersionOutil` (after the root's start tag when there is none),
/// preceded by a copy of the whitespace that follows that element so that
/// the layout is kept. Every other byte is copied as it is (encoding, line
/// ends), so the output is deterministic: the same input and `date` give
/// the same bytes.
///
/// The input is read twice (hence `Seek`); memory stays bounded. Refused,
/// with the diagnostics, when the document is not a well-formed
/// `DocumentBudgetaire`, has several seals, or `date` is not a date and
/// time.
///
/// ```
/// use std::io::Cursor;
/// let doc = "<DocumentBudgetaire xmlns=\"http://www.minefi.gouv.fr/cp/demat/docbudgetaire\">\n <VersionOutil/>\n <EnTeteDocBudgetaire/>\n</DocumentBudgetaire>";
/// let mut out = Vec::new();
/// let sealed = actes::budget::seal(&mut Cursor::new(doc), &mut out, "2024-05-02T10:00:00").unwrap();
/// assert!(!sealed.replaced);
/// assert_eq!(actes::budget::inspect(&out[..]).seal, Some(actes::budget::SealStatus::Valid));
/// ```
pub fn seal<R: Read + Seek, W: Write>(
    input: &mut R,
    out: &mut W,
    date: &str,
) -> Result<Sealed, Vec<Diagnostic>> {
    if !valid_seal_date(date) {
        return Err(vec![Diagnostic::new(
            Code::BudgetSealDate,
            Location::path("date"),
            format!("{date:?} is not a date and time YYYY-MM-DDTHH:MM:SS (optional fraction and offset)"),
            format!("{date:?} n'est pas une date et heure AAAA-MM-JJTHH:MM:SS (fraction et décalage facultatifs)"),
        )]);
    }
    let inspection = inspect(&mut *input);
    let refuse = |en: String, fr: String, mut found: Vec<Diagnostic>| {
        found.push(Diagnostic::new(
            Code::BudgetSealRefused,
            Location::none(),
            en,
            fr,
        ));
        Err(found)
    };
    let errors: Vec<Diagnostic> = inspection
        .diagnostics
        .iter()
        .filter(|d| {
            !matches!(
                d.code,
                Code::BudgetSealMissing | Code::BudgetSealInvalid | Code::BudgetSiretShape
            )
        })
        .cloned()
        .collect();
    let Some(digests) = inspection.digests.clone().filter(|_| !has_errors(&errors)) else {
        return refuse(
            "the document is not a readable TotEM budget document".into(),
            "le document n'est pas un document budgétaire TotEM lisible".into(),
            errors,
        );
    };
    let layout = &inspection.layout;
    if layout.seals.len() > 1 {
        return refuse(
            format!(
                "the document has {} seals; remove all but one first",
                layout.seals.len()
            ),
            format!(
                "le document porte {} scellements ; n'en gardez qu'un d'abord",
                layout.seals.len()
            ),
            errors,
        );
    }
    if layout.root_empty {
        return refuse(
            "the DocumentBudgetaire element is empty".into(),
            "l'élément DocumentBudgetaire est vide".into(),
            errors,
        );
    }
    let prefix = layout
        .root_qname
        .find(':')
        .and_then(|i| layout.root_qname.get(..=i))
        .unwrap_or_default();
    let element = format!(
        "<{prefix}Scellement md5=\"{}\" sha1=\"{}\" date=\"{date}\"/>",
        digests.md5, digests.sha1
    );
    let io_err = |e: io::Error| {
        vec![Diagnostic::new(
            Code::BudgetUnreadable,
            Location::none(),
            format!("cannot copy the document: {e}"),
            format!("impossible de recopier le document : {e}"),
        )]
    };
    input.seek(SeekFrom::Start(0)).map_err(io_err)?;
    let replaced = if let Some(&(start, end)) = layout.seals.first() {
        copy(input, out, start).map_err(io_err)?;
        out.write_all(element.as_bytes()).map_err(io_err)?;
        skip(input, end - start).map_err(io_err)?;
        true
    } else {
        let anchor = layout.anchor.unwrap_or(0);
        copy(input, out, anchor).map_err(io_err)?;
        let mut ws = Vec::new();
        if let Some((s, e)) = layout.after_anchor {
            input.take(e - s).read_to_end(&mut ws).map_err(io_err)?;
        }
        out.write_all(&ws).map_err(io_err)?;
        out.write_all(element.as_bytes()).map_err(io_err)?;
        out.write_all(&ws).map_err(io_err)?;
        false
    };
    io::copy(input, out).map_err(io_err)?;
    out.flush().map_err(io_err)?;
    Ok(Sealed {
        digests,
        replaced,
        inspection,
    })
}

fn copy<R: Read, W: Write>(input: &mut R, out: &mut W, n: u64) -> io::Result<()> {
    let copied = io::copy(&mut input.take(n), out)?;
    if copied == n {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the input changed between the two readings",
        ))
    }
}

fn skip<R: Read>(input: &mut R, n: u64) -> io::Result<()> {
    copy(input, &mut io::sink(), n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::SealStatus;
    use std::io::Cursor;

    #[test]
    fn seal_dates() {
        for ok in [
            "2022-02-08T14:13:52",
            "2022-04-07T10:16:21.216+02:00",
            "2022-04-07T10:16:21Z",
            "2022-04-07T10:16:21.5-05:30",
        ] {
            assert!(valid_seal_date(ok), "{ok}");
        }
        for bad in [
            "2022-02-08",
            "2022-02-30T00:00:00",
            "x",
            "2022-02-08T14:13:52+2:00",
            "2022-02-08T14:13:52\"/>",
        ] {
            assert!(!valid_seal_date(bad), "{bad}");
        }
    }

    fn sealed(doc: &str) -> (String, Sealed) {
        let mut out = Vec::new();
        let s = seal(&mut Cursor::new(doc), &mut out, "2024-01-02T03:04:05")
            .unwrap_or_else(|e| panic!("{e:?}"));
        (String::from_utf8(out).unwrap_or_default(), s)
    }

    #[test]
    fn inserting_keeps_the_layout_and_checks_valid() {
        let doc = "<p:DocumentBudgetaire xmlns:p=\"http://www.minefi.gouv.fr/cp/demat/docbudgetaire\">\r\n  <p:VersionOutil/>\r\n  <p:EnTete/>\r\n</p:DocumentBudgetaire>";
        let (out, s) = sealed(doc);
        assert!(!s.replaced);
        assert_eq!(
            out,
            format!("<p:DocumentBudgetaire xmlns:p=\"http://www.minefi.gouv.fr/cp/demat/docbudgetaire\">\r\n  <p:VersionOutil/>\r\n  <p:Scellement md5=\"{}\" sha1=\"{}\" date=\"2024-01-02T03:04:05\"/>\r\n  <p:EnTete/>\r\n</p:DocumentBudgetaire>", s.digests.md5, s.digests.sha1)
        );
        assert_eq!(inspect(out.as_bytes()).seal, Some(SealStatus::Valid));
        // Sealing again replaces, and gives the same bytes.
        let (again, s2) = sealed(&out);
        assert!(s2.replaced);
        assert_eq!(again, out);
    }

    #[test]
    fn inserting_without_version_outil_or_whitespace() {
        for doc in [
            "<DocumentBudgetaire><EnTete/></DocumentBudgetaire>",
            "<DocumentBudgetaire>\n<EnTete/>\n</DocumentBudgetaire>",
            "<DocumentBudgetaire><VersionOutil/>text<EnTete/></DocumentBudgetaire>",
            "<DocumentBudgetaire><VersionOutil/></DocumentBudgetaire>",
        ] {
            let (out, _) = sealed(doc);
            assert_eq!(
                inspect(out.as_bytes()).seal,
                Some(SealStatus::Valid),
                "{out}"
            );
        }
    }

    #[test]
    fn refusals() {
        let mut out = Vec::new();
        let two = "<DocumentBudgetaire><Scellement/><Scellement/></DocumentBudgetaire>";
        let e = seal(&mut Cursor::new(two), &mut out, "2024-01-02T03:04:05").err();
        assert!(e.is_some_and(|e| e.iter().any(|d| d.code == Code::BudgetSealRefused)));
        for doc in [
            "<DocumentBudgetaire/>",
            "<a><b/></a>",
            "<DocumentBudgetaire>",
        ] {
            assert!(
                seal(&mut Cursor::new(doc), &mut out, "2024-01-02T03:04:05").is_err(),
                "{doc}"
            );
        }
        let e = seal(
            &mut Cursor::new("<DocumentBudgetaire> </DocumentBudgetaire>"),
            &mut out,
            "now",
        )
        .err();
        assert!(e.is_some_and(|e| e.iter().any(|d| d.code == Code::BudgetSealDate)));
    }
}
