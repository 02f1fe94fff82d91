//! Reading a `RetourClassification` (message 7-2) from the XML tree.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Classification, Matiere, NatureEntry, Origin, TypologieEntry, MAX_LEVELS};
use crate::diagnostic::{Code, Diagnostic, Location, Parsed};
use crate::ids::{CodeMatiere, NatureActe};
use crate::xml::{Element, Ns};

/// Name of the root element of message 7-2.
pub(super) const ROOT: &str = "RetourClassification";

fn at(el: &Element, path: &str) -> Location {
    Location::path(path).at_offset(el.offset)
}

/// A path in the document (`…/Matiere1[2]/Matiere2[1]`), written out only
/// when a diagnostic needs it: most entries have none, and building the
/// string of every entry was a tenth of the cost of reading a
/// classification.
#[derive(Clone, Copy)]
enum Path<'a> {
    /// A path already written out.
    Root(&'a str),
    /// The `index`-th (from 1) child `name` of a path.
    Child(&'a Path<'a>, &'a str, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root(s) => f.write_str(s),
            Path::Child(parent, name, index) => write!(f, "{parent}/{name}[{index}]"),
        }
    }
}

/// The element names of the matière levels: `MATIERE_NAMES[l - 1]` is
/// `Matiere{l}`.
const MATIERE_NAMES: [&str; MAX_LEVELS] =
    ["Matiere1", "Matiere2", "Matiere3", "Matiere4", "Matiere5"];

/// Whether `el` is `{ACTES}name`, or `name` without a namespace (lenient).
pub(super) fn is_named(el: &Element, name: &str) -> bool {
    el.name == name && matches!(el.ns, Ns::Actes | Ns::None)
}

/// The wrong-root error shared by the classification messages.
pub(super) fn wrong_root(root: &Element, expected: &str) -> Diagnostic {
    let found = &root.name;
    Diagnostic::new(
        Code::ClassRoot,
        at(root, found),
        format!("the root element is {found}, not {expected}"),
        format!("l'élément racine est {found} et non {expected}"),
    )
}

/// Reads the mandatory `DateClassification` child of `root`, pushing a
/// located error when it is missing or not a date.
pub(super) fn date_child(
    root: &Element,
    root_path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let path = format!("{root_path}/DateClassification");
    let Some(el) = root
        .children
        .iter()
        .find(|c| is_named(c, "DateClassification"))
    else {
        diags.push(Diagnostic::new(
            Code::ClassElementMissing,
            at(root, &path),
            format!("{path} is missing"),
            format!("{path} est absent"),
        ));
        return None;
    };
    let text = el.text_trimmed();
    let date = parse_xsd_date(text);
    if date.is_none() {
        let shown: String = text.chars().take(40).collect();
        diags.push(Diagnostic::new(
            Code::ClassDateInvalid,
            at(el, &path),
            format!("{path} is {shown:?}, not a date YYYY-MM-DD"),
            format!("{path} vaut {shown:?}, qui n'est pas une date AAAA-MM-JJ"),
        ));
    }
    date
}

/// An `xsd:date`: `YYYY-MM-DD`, optionally followed by a time zone (`Z`,
/// `+01:00`), which is ignored.
pub(super) fn parse_xsd_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let (day, zone) = if s.len() > 10 {
        (s.get(..10)?, s.get(10..)?)
    } else {
        (s, "")
    };
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || (zone.len() == 6
            && zone.starts_with(['+', '-'])
            && zone.get(3..4) == Some(":")
            && zone
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 0 || i == 3 || b.is_ascii_digit()));
    if !zone_ok || day.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Parses the tree of a `RetourClassification`.
pub(super) fn classification(root: &Element) -> Parsed<Classification> {
    let mut diags = Vec::new();
    if !is_named(root, ROOT) {
        diags.push(wrong_root(root, ROOT));
        return Parsed {
            value: None,
            diagnostics: diags,
        };
    }
    let date = date_child(root, ROOT, &mut diags);
    let mut natures = Vec::new();
    let mut matieres = Vec::new();
    let mut seen_natures = false;
    let mut seen_matieres = false;
    for child in &root.children {
        if is_named(child, "DateClassification") {
            continue;
        }
        if is_named(child, "NaturesActes") && !seen_natures {
            seen_natures = true;
            natures = parse_natures(child, &mut diags);
        } else if is_named(child, "Matieres") && !seen_matieres {
            seen_matieres = true;
            let path = format!("{ROOT}/Matieres");
            let mut index = 0usize;
            let mut list = Vec::new();
            for m in &child.children {
                if is_named(m, "Matiere1") {
                    index += 1;
                    let p = Path::Child(&Path::Root(&path), "Matiere1", index);
                    if let Some(node) = parse_matiere(m, None, 1, &p, &mut diags) {
                        list.push(node);
                    }
                } else {
                    diags.push(unexpected(m, &path));
                }
            }
            matieres = normalize(list, &path, &mut diags);
        } else {
            diags.push(unexpected(child, ROOT));
        }
    }
    for (seen, name) in [(seen_natures, "NaturesActes"), (seen_matieres, "Matieres")] {
        if !seen {
            let path = format!("{ROOT}/{name}");
            diags.push(Diagnostic::new(
                Code::ClassElementMissing,
                at(root, &path),
                format!("{path} is missing"),
                format!("{path} est absent"),
            ));
        }
    }
    let value = date.map(|date| Classification {
        date,
        natures,
        matieres,
        origin: Origin::File,
    });
    Parsed {
        value,
        diagnostics: diags,
    }
}

fn unexpected(el: &Element, parent_path: &str) -> Diagnostic {
    let path = format!("{parent_path}/{}", el.name);
    Diagnostic::new(
        Code::ClassUnexpectedElement,
        at(el, &path),
        format!("unexpected element {path}, ignored"),
        format!("élément inattendu {path}, ignoré"),
    )
}

fn missing_attr(el: &Element, path: &str, attr: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ClassAttributeMissing,
        at(el, &format!("{path}/@{attr}")),
        format!("{path} has no {attr} attribute; the entry is skipped"),
        format!("{path} n'a pas d'attribut {attr} ; l'entrée est ignorée"),
    )
}

fn read_label(el: &Element, path: &dyn std::fmt::Display, diags: &mut Vec<Diagnostic>) -> String {
    if let Some(l) = el.attr("Libelle") {
        l.to_string()
    } else {
        diags.push(Diagnostic::new(
            Code::ClassLabelMissing,
            at(el, &format!("{path}/@Libelle")),
            format!("{path} has no Libelle attribute"),
            format!("{path} n'a pas d'attribut Libelle"),
        ));
        String::new()
    }
}

fn parse_natures(el: &Element, diags: &mut Vec<Diagnostic>) -> Vec<NatureEntry> {
    let path = format!("{ROOT}/NaturesActes");
    let mut out: Vec<NatureEntry> = Vec::new();
    // The typologie codes of each entry of `out`, for merging duplicated
    // natures without a quadratic search.
    let mut codes: Vec<HashSet<String>> = Vec::new();
    let mut index = 0usize;
    for child in &el.children {
        if !is_named(child, "NatureActe") {
            diags.push(unexpected(child, &path));
            continue;
        }
        index += 1;
        let p = format!("{path}/NatureActe[{index}]");
        let Some(entry) = parse_nature(child, &p, diags) else {
            continue;
        };
        if let Some((existing, seen)) = out
            .iter_mut()
            .zip(codes.iter_mut())
            .find(|(n, _)| n.nature == entry.nature)
        {
            diags.push(Diagnostic::new(
                Code::ClassNatureDuplicate,
                at(child, &p),
                format!(
                    "nature {} ({}) appears twice; its typologies were merged",
                    entry.nature.code(),
                    entry.nature.abbr()
                ),
                format!(
                    "la nature {} ({}) apparaît deux fois ; ses typologies ont été fusionnées",
                    entry.nature.code(),
                    entry.nature.abbr()
                ),
            ));
            for t in entry.typologies {
                if seen.insert(t.code.clone()) {
                    existing.typologies.push(t);
                }
            }
        } else {
            codes.push(entry.typologies.iter().map(|t| t.code.clone()).collect());
            out.push(entry);
        }
    }
    out.sort_by_key(|n| n.nature);
    // A file that lists typologies for some natures but none for others:
    // the others fall back to the built-in defaults.
    if out.iter().any(|n| !n.typologies.is_empty()) {
        for n in out.iter().filter(|n| n.typologies.is_empty()) {
            diags.push(Diagnostic::new(
                Code::ClassNatureNoTypologie,
                Location::path(format!("{path}/NatureActe[@CodeNatureActe={}]", n.nature.code())),
                format!(
                    "nature {} ({}) lists no typologie; its built-in defaults are used",
                    n.nature.code(),
                    n.nature.abbr()
                ),
                format!(
                    "la nature {} ({}) ne liste aucune typologie ; ses valeurs par défaut intégrées sont utilisées",
                    n.nature.code(),
                    n.nature.abbr()
                ),
            ));
        }
    }
    out
}

fn parse_nature(el: &Element, path: &str, diags: &mut Vec<Diagnostic>) -> Option<NatureEntry> {
    let raw_code = el.attr("CodeNatureActe").map(str::trim);
    let raw_abbr = el.attr("TypeAbrege").map(str::trim);
    let by_code = raw_code.and_then(|c| {
        if !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()) {
            c.parse::<u8>().ok().and_then(NatureActe::from_code)
        } else {
            None
        }
    });
    let by_abbr = raw_abbr.and_then(NatureActe::from_abbr);
    let nature = match (by_code, by_abbr) {
        (Some(c), Some(a)) if c != a => {
            diags.push(Diagnostic::new(
                Code::ClassNatureMismatch,
                at(el, path),
                format!(
                    "{path}: CodeNatureActe {} is {}, but TypeAbrege is {}; the code is kept",
                    c.code(),
                    c.abbr(),
                    a.abbr()
                ),
                format!(
                    "{path} : CodeNatureActe {} correspond à {}, mais TypeAbrege vaut {} ; le code est retenu",
                    c.code(),
                    c.abbr(),
                    a.abbr()
                ),
            ));
            c
        }
        (Some(c), _) => c,
        (None, Some(a)) => {
            if let Some(c) = raw_code {
                diags.push(Diagnostic::new(
                    Code::ClassNatureMismatch,
                    at(el, path),
                    format!("{path}: CodeNatureActe {c:?} is not 1-6; TypeAbrege {} is kept", a.abbr()),
                    format!("{path} : CodeNatureActe {c:?} n'est pas entre 1 et 6 ; TypeAbrege {} est retenu", a.abbr()),
                ));
            }
            a
        }
        (None, None) => {
            if raw_code.is_none() && raw_abbr.is_none() {
                diags.push(missing_attr(el, path, "CodeNatureActe"));
            } else {
                let c = raw_code.unwrap_or("");
                let a = raw_abbr.unwrap_or("");
                diags.push(Diagnostic::new(
                    Code::ClassNatureInvalid,
                    at(el, path),
                    format!("{path}: nature {c:?} / {a:?} is not an ACTES nature (1-6, DE AR AI CC BF AU); ignored"),
                    format!("{path} : la nature {c:?} / {a:?} n'est pas une nature ACTES (1-6, DE AR AI CC BF AU) ; ignorée"),
                ));
            }
            return None;
        }
    };
    let label = read_label(el, &path, diags);
    let mut typologies: Vec<TypologieEntry> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut index = 0usize;
    for child in &el.children {
        if !is_named(child, "TypePJNatureActe") {
            diags.push(unexpected(child, path));
            continue;
        }
        index += 1;
        let p = Path::Child(&Path::Root(path), "TypePJNatureActe", index);
        let Some(code) = child.attr("CodeTypePJ").map(str::trim) else {
            diags.push(missing_attr(child, &p.to_string(), "CodeTypePJ"));
            continue;
        };
        let tlabel = read_label(child, &p, diags);
        if !seen.insert(code) {
            diags.push(Diagnostic::new(
                Code::ClassTypologieDuplicate,
                at(child, &p.to_string()),
                format!("typologie {code} appears twice for nature {}; the first is kept", nature.abbr()),
                format!("la typologie {code} apparaît deux fois pour la nature {} ; la première est retenue", nature.abbr()),
            ));
            continue;
        }
        typologies.push(TypologieEntry {
            code: code.to_string(),
            label: tlabel,
        });
    }
    Some(NatureEntry {
        nature,
        abbr: raw_abbr.unwrap_or(nature.abbr()).to_string(),
        label,
        typologies,
    })
}

/// A `CodeMatiere` attribute: a positive integer (leading zeros allowed).
fn level_code(s: &str) -> Option<u16> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = s.trim_start_matches('0');
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    digits.parse::<u16>().ok().filter(|&n| n > 0)
}

fn parse_matiere(
    el: &Element,
    parent: Option<&CodeMatiere>,
    level: usize,
    path: &Path<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Matiere> {
    let Some(raw) = el.attr("CodeMatiere") else {
        diags.push(missing_attr(el, &path.to_string(), "CodeMatiere"));
        return None;
    };
    let code = level_code(raw).and_then(|n| match parent {
        Some(p) => p.child(n),
        None => CodeMatiere::from_levels(&[n]).ok(),
    });
    let Some(code) = code else {
        let shown: String = raw.chars().take(20).collect();
        diags.push(Diagnostic::new(
            Code::ClassMatiereCodeInvalid,
            at(el, &format!("{path}/@CodeMatiere")),
            format!("{path}: CodeMatiere {shown:?} is not a positive integer (at most 65535); the entry and its sub-levels are skipped"),
            format!("{path} : CodeMatiere {shown:?} n'est pas un entier positif (au plus 65535) ; l'entrée et ses sous-niveaux sont ignorés"),
        ));
        return None;
    };
    let label = read_label(el, path, diags);
    // `Matiere{level + 1}`; none past the last level (`MAX_LEVELS`).
    let next = MATIERE_NAMES.get(level);
    let mut children = Vec::new();
    let mut index = 0usize;
    for child in &el.children {
        match next {
            Some(next) if is_named(child, next) => {
                index += 1;
                let p = Path::Child(path, next, index);
                if let Some(m) = parse_matiere(child, Some(&code), level + 1, &p, diags) {
                    children.push(m);
                }
            }
            _ => diags.push(unexpected(child, &path.to_string())),
        }
    }
    let children = normalize(children, path, diags);
    Some(Matiere {
        code,
        label,
        display: None,
        children,
    })
}

/// Sorts siblings numerically (stable) and merges duplicated codes.
pub(super) fn normalize(
    mut list: Vec<Matiere>,
    path: &dyn std::fmt::Display,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Matiere> {
    list.sort_by_key(|m| m.code);
    let mut out: Vec<Matiere> = Vec::with_capacity(list.len());
    for m in list {
        match out.last_mut() {
            Some(prev) if prev.code == m.code => {
                let code = m.code;
                diags.push(Diagnostic::new(
                    Code::ClassMatiereDuplicate,
                    Location::path(path.to_string()),
                    format!("matière {code} appears twice under the same parent; the first label is kept and the sub-levels are merged"),
                    format!("la matière {code} apparaît deux fois sous le même parent ; le premier libellé est retenu et les sous-niveaux sont fusionnés"),
                ));
                let mut merged = std::mem::take(&mut prev.children);
                merged.extend(m.children);
                prev.children = normalize(merged, path, diags);
            }
            _ => out.push(m),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xsd_dates() {
        let d = NaiveDate::from_ymd_opt(2019, 3, 1);
        assert_eq!(parse_xsd_date("2019-03-01"), d);
        assert_eq!(parse_xsd_date(" 2019-03-01\r\n"), d);
        assert_eq!(parse_xsd_date("2019-03-01Z"), d);
        assert_eq!(parse_xsd_date("2019-03-01+01:00"), d);
        assert_eq!(parse_xsd_date("2019-03-01+0100"), None);
        assert_eq!(parse_xsd_date("2019-3-1"), None);
        assert_eq!(parse_xsd_date("2019-02-30"), None);
        assert_eq!(parse_xsd_date(""), None);
        assert_eq!(parse_xsd_date("é2019-03-01"), None);
    }

    /// Regression: duplicated typologies were found by a linear search, so
    /// one nature with 40 000 typologies (a 2 MB file) took minutes.
    #[test]
    fn many_typologies_are_linear_and_deduplicated() {
        let n = 30_000;
        let mut s = String::from(
            "<RetourClassification><DateClassification>2020-01-01</DateClassification><NaturesActes>",
        );
        for half in 0..2 {
            s.push_str("<NatureActe CodeNatureActe=\"1\" Libelle=\"x\" TypeAbrege=\"DE\">");
            for i in 0..n {
                s.push_str(&format!(
                    "<TypePJNatureActe CodeTypePJ=\"{i:05}\" Libelle=\"{half}\"/>"
                ));
            }
            // A duplicate inside one nature.
            s.push_str("<TypePJNatureActe CodeTypePJ=\"00000\" Libelle=\"dup\"/>");
            s.push_str("</NatureActe>");
        }
        s.push_str("</NaturesActes><Matieres/></RetourClassification>");
        let parsed = Classification::parse(s.as_bytes());
        let c = parsed.value.expect("parsed");
        let natures = c.natures();
        assert_eq!(natures.len(), 1);
        let typologies = natures[0].typologies();
        assert_eq!(typologies.len(), n);
        assert!(typologies.iter().all(|t| t.label == "0"));
        let dup = |code: Code| parsed.diagnostics.iter().filter(|d| d.code == code).count();
        assert_eq!(dup(Code::ClassTypologieDuplicate), 2);
        assert_eq!(dup(Code::ClassNatureDuplicate), 1);
    }

    #[test]
    fn level_codes() {
        assert_eq!(level_code("10"), Some(10));
        assert_eq!(level_code(" 07 "), Some(7));
        assert_eq!(level_code("0"), None);
        assert_eq!(level_code("1.1"), None);
        assert_eq!(level_code("65536"), None);
        assert_eq!(level_code("000000000001"), Some(1));
        assert_eq!(level_code(""), None);
    }
}
