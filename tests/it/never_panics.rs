//! "Never panics" properties on arbitrary input, for every parser of the
//! crate (the stable-toolchain counterpart of the cargo-fuzz targets in
//! `fuzz/`; see SECURITY.md).
//!
//! Each property runs a bounded number of small cases so that the suite stays
//! fast in debug builds. Besides not panicking, each asserts what a caller
//! relies on: offsets inside the input, a value only without errors (or an
//! error explaining why there is none), and printed values that parse back.

use std::path::{Path, PathBuf};

use actes::classification::Classification;
use actes::container::read::{read_all, ReadLimits, Source};
use actes::delivery::Delivery;
use actes::diagnostic::{Diagnostic, Parsed};
use actes::ids::{
    ActeId, Arrondissement, CodeMatiere, Departement, MessageCode, NatureActe, NatureCollectivite,
    NumeroInterne, Siren,
};
use actes::messages::Message;
use actes::naming::{AnomalyName, AnyName, ArchiveName, EnvelopeName, FileName, MiEnvelopeName};
use actes::xml::{self, Limits};
use proptest::prelude::*;

const CASES: u32 = 256;

fn reference(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(rel)
}

/// Every XML sample of the reference folder, read once.
fn xml_samples() -> &'static [Vec<u8>] {
    static SAMPLES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SAMPLES.get_or_init(read_xml_samples)
}

fn read_xml_samples() -> Vec<Vec<u8>> {
    fn walk(dir: &Path, out: &mut Vec<Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "xml") {
                if let Ok(bytes) = std::fs::read(&p) {
                    out.push(bytes);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&reference("samples"), &mut out);
    assert!(out.len() > 20, "the reference samples are missing");
    out
}

/// Offsets of diagnostics point inside `len` bytes.
fn offsets_within<T>(p: &Parsed<T>, len: usize) -> Result<(), TestCaseError> {
    for d in &p.diagnostics {
        if let Some(offset) = d.location.offset {
            prop_assert!(offset <= len, "{:?} beyond {}", d, len);
        }
    }
    Ok(())
}

/// A value comes with no error; no value comes with an error.
fn value_iff_no_error<T>(p: &Parsed<T>) -> Result<(), TestCaseError> {
    let errors = p.diagnostics.iter().any(Diagnostic::is_error);
    if p.value.is_none() {
        prop_assert!(errors, "no value and no error");
    }
    Ok(())
}

fn id_roundtrip<T: PartialEq + std::fmt::Debug + std::fmt::Display>(
    s: &str,
    parse: fn(&str) -> Parsed<T>,
) -> Result<(), TestCaseError> {
    let p = parse(s);
    offsets_within(&p, s.len())?;
    value_iff_no_error(&p)?;
    if let Some(v) = &p.value {
        let again = parse(&v.to_string());
        prop_assert_eq!(again.value.as_ref(), Some(v), "{:?} printed as {}", s, v);
    }
    Ok(())
}

fn all_ids(s: &str) -> Result<(), TestCaseError> {
    id_roundtrip(s, ActeId::parse_diagnostics)?;
    id_roundtrip(s, Siren::parse_diagnostics)?;
    id_roundtrip(s, Departement::parse_diagnostics)?;
    id_roundtrip(s, Arrondissement::parse_diagnostics)?;
    id_roundtrip(s, NatureCollectivite::parse_diagnostics)?;
    id_roundtrip(s, NatureActe::parse_diagnostics)?;
    id_roundtrip(s, NumeroInterne::parse_diagnostics)?;
    id_roundtrip(s, CodeMatiere::parse_diagnostics)?;
    id_roundtrip(s, MessageCode::parse_diagnostics)?;
    Ok(())
}

fn all_names(s: &str) -> Result<(), TestCaseError> {
    let any = AnyName::parse_diagnostics(s);
    offsets_within(&any, s.len())?;
    value_iff_no_error(&any)?;
    if let Some(name) = &any.value {
        let again = AnyName::parse_diagnostics(&name.to_string());
        prop_assert_eq!(
            again.value.as_ref(),
            Some(name),
            "{:?} printed as {}",
            s,
            name
        );
    }
    offsets_within(&ArchiveName::parse_diagnostics(s), s.len())?;
    offsets_within(&EnvelopeName::parse_diagnostics(s), s.len())?;
    offsets_within(&MiEnvelopeName::parse_diagnostics(s), s.len())?;
    offsets_within(&AnomalyName::parse_diagnostics(s), s.len())?;
    offsets_within(&FileName::parse_diagnostics(s), s.len())?;
    Ok(())
}

/// Limits small enough for random documents to reach each of them.
fn small_limits() -> Limits {
    Limits {
        max_document_bytes: 2048,
        max_depth: 4,
        max_attribute_len: 16,
        max_text_len: 32,
        max_elements: 16,
        max_attributes: 3,
        max_namespaces: 3,
    }
}

fn all_xml(bytes: &[u8]) -> Result<(), TestCaseError> {
    for limits in [Limits::default(), small_limits()] {
        let p = xml::parse(bytes, &limits);
        value_iff_no_error(&p)?;
        if p.value.is_some() {
            prop_assert!(!p.diagnostics.iter().any(Diagnostic::is_error));
        }
    }
    let m = Message::parse(bytes);
    value_iff_no_error(&m)?;
    if let Some(message) = &m.value {
        let _ = message.code();
        if let Ok(written) = message.to_xml() {
            prop_assert!(Message::parse(&written).value.is_some());
        }
    }
    let c = Classification::parse(bytes);
    value_iff_no_error(&c)?;
    if let Some(c) = &c.value {
        for m in c.iter() {
            let _ = c.check_for_act(m.code());
        }
        let _ = c.diff(Classification::national());
    }
    Ok(())
}

/// Pieces of ACTES documents, concatenated at random: reaches deeper into
/// the readers than uniform bytes.
fn xml_token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
        "<actes:Acte xmlns:actes=\"http://www.interieur.gouv.fr/ACTES#v1.1-20040216\" ",
        "<actes:RetourClassification xmlns:actes=\"http://www.interieur.gouv.fr/ACTES#v1.1-20040216\">",
        "<RetourClassification>",
        "<actes:ARActe actes:IDActe=\"034-491011698-20171207-CL20171227_06-DE\" ",
        "actes:Date=\"2020-01-01\" ",
        "actes:CodeNatureActe=\"1\" ",
        "actes:NumeroInterne=\"A_1\" ",
        "actes:CodeMatiere=\"7\" ",
        "actes:Libelle=\"x\" ",
        "xmlns:insee=\"http://xml.insee.fr/schema\" ",
        "xsi:nil=\"true\" ",
        ">",
        "/>",
        "<actes:CodeMatiere1 actes:CodeMatiere=\"1\"/>",
        "<actes:Objet>",
        "</actes:Objet>",
        "<actes:DateClassification>2019-03-01</actes:DateClassification>",
        "<actes:NaturesActes>",
        "</actes:NaturesActes>",
        "<actes:Matieres>",
        "<actes:Matiere1 actes:CodeMatiere=\"2\" actes:Libelle=\"y\">",
        "</actes:Matiere1>",
        "<actes:NatureActe actes:CodeNatureActe=\"1\" actes:TypeAbrege=\"DE\">",
        "<actes:TypePJNatureActe actes:CodeTypePJ=\"99_DE\"/>",
        "<actes:Document><actes:NomFichier>a.pdf</actes:NomFichier></actes:Document>",
        "<actes:Annexes actes:Nombre=\"2\">",
        "<actes:DocumentPapier>O</actes:DocumentPapier>",
        "</actes:Acte>",
        "</actes:RetourClassification>",
        "&amp;",
        "&#233;",
        "&#x0;",
        "&lol;",
        "<!DOCTYPE a [<!ENTITY lol \"lol\">]>",
        "<![CDATA[x]]>",
        "<!-- c -->",
        "\u{e9}",
        "\r\n",
        "\u{0}",
    ])
}

fn xml_doc() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(xml_token(), 0..24).prop_map(|t| t.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn identifiers_any_string(s in "\\PC{0,60}") {
        all_ids(&s)?;
    }

    #[test]
    fn identifiers_shaped(s in "[0-9A-Za-z_ .-]{0,50}") {
        all_ids(&s)?;
    }

    #[test]
    fn identifiers_any_bytes(b in prop::collection::vec(any::<u8>(), 0..64)) {
        all_ids(&String::from_utf8_lossy(&b))?;
    }

    #[test]
    fn names_any_string(s in "\\PC{0,120}") {
        all_names(&s)?;
    }

    #[test]
    fn names_shaped(s in "(ANO_|[A-Z0-9_]{5}-)?[A-Z0-9]{0,5}-{1,2}[A-Z0-9-]{0,40}_?[0-9]{0,3}(\\.xml|\\.pdf|\\.tar\\.gz|\\.PDF)?") {
        all_names(&s)?;
    }

    #[test]
    fn xml_any_bytes(b in prop::collection::vec(any::<u8>(), 0..512)) {
        all_xml(&b)?;
    }

    #[test]
    fn xml_from_tokens(b in xml_doc()) {
        all_xml(&b)?;
    }

    #[test]
    fn containers_in_memory(
        files in prop::collection::vec(
            (entry_name(), prop::collection::vec(any::<u8>(), 0..64)),
            0..24,
        )
    ) {
        all_containers(&Source::Memory(files))?;
    }

    /// Arbitrary bytes behind a gzip, zip or tar signature, and real
    /// archives with bytes overwritten.
    #[test]
    fn containers_from_bytes(
        kind in 0u8..3,
        body in prop::collection::vec(any::<u8>(), 0..2048),
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        mutate_real in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (name, mut bytes) = match kind {
            0 => ("a.tar.gz", [&[0x1f, 0x8b, 8, 0][..], &body].concat()),
            1 => ("a.zip", [&b"PK\x03\x04"[..], &body].concat()),
            _ => ("a.tar", body),
        };
        if mutate_real {
            bytes = std::fs::read(reference("samples/pastell/courrier_simple.tar.gz"))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let at = pos.index(bytes.len());
            bytes[at] = byte;
        }
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let source = match kind {
            0 => Source::TarGz(path),
            1 => Source::Zip(path),
            _ => Source::Tar(path),
        };
        let source = if mutate_real {
            match source {
                Source::TarGz(p) | Source::Zip(p) | Source::Tar(p) => Source::TarGz(p),
                other => other,
            }
        } else {
            source
        };
        all_containers(&source)?;
    }

    /// A real sample, cut anywhere, with one byte overwritten and a token
    /// inserted.
    #[test]
    fn xml_mutated_samples(
        which in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        insert in xml_token(),
    ) {
        let samples = xml_samples();
        let mut bytes = which.get(samples).clone();
        if !bytes.is_empty() {
            let at = pos.index(bytes.len());
            bytes[at] = byte;
            let at = pos.index(bytes.len() + 1);
            bytes.splice(at..at, insert.bytes());
            let keep = cut.index(bytes.len() + 1);
            if keep > bytes.len() / 2 {
                bytes.truncate(keep);
            }
        }
        all_xml(&bytes)?;
    }
}

/// Limits small enough for random archives.
fn small_read_limits() -> ReadLimits {
    ReadLimits {
        max_entries: 16,
        max_entry_bytes: 64 * 1024,
        max_total_bytes: 256 * 1024,
        ..ReadLimits::default()
    }
}

/// Whatever the container, what `read_all` accepts is within the limits and
/// named by a flat, harmless file name.
fn all_containers(source: &Source) -> Result<(), TestCaseError> {
    let limits = small_read_limits();
    let (entries, _) = read_all(source, &limits);
    prop_assert!(entries.len() <= limits.max_entries);
    let total: u64 = entries.iter().map(|e| e.bytes.len() as u64).sum();
    prop_assert!(total <= limits.max_total_bytes);
    for e in &entries {
        let n = &e.name;
        prop_assert!(!n.is_empty() && n.len() <= limits.max_name_len, "{:?}", n);
        prop_assert!(
            !n.contains('/') && !n.contains('\\') && n != ".." && n != ".",
            "{:?}",
            n
        );
        prop_assert!(!n.chars().any(char::is_control), "{:?}", n);
        prop_assert!(
            !(n.len() >= 2 && n.as_bytes()[0].is_ascii_alphabetic() && n.as_bytes()[1] == b':'),
            "{:?}",
            n
        );
    }
    let d = Delivery::read(source, &limits);
    let _ = (d.has_errors(), d.is_read());
    Ok(())
}

/// Hostile entry names.
fn entry_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_.-]{0,12}",
        "(\\.\\./|/|[A-Za-z]:|\\\\|\\./)?[a-zA-Z0-9_./\\\\-]{0,16}",
        "\\PC{0,12}",
        "[a-z]{1,4}[\\x00-\\x1f][a-z]{0,4}",
    ]
}

/// The reference samples themselves: every message parses, and so does its
/// strict rewrite (guards the properties above against a reader that
/// rejects everything).
#[test]
fn samples_parse_and_rewrite() {
    let mut messages = 0;
    for bytes in xml_samples() {
        let p = Message::parse(bytes);
        if let Some(m) = p.value {
            messages += 1;
            if let Ok(written) = m.to_xml() {
                assert!(Message::parse(&written).value.is_some());
            }
        }
    }
    assert!(messages > 20, "only {messages} samples parsed");
}
