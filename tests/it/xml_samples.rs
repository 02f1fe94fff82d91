//! Every real XML file of the reference set is well-formed for the reader,
//! whatever its declared or actual encoding.

use std::path::{Path, PathBuf};

use actes::xml::{parse, Encoding, Limits};

fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference")
}

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    crate::samples::actes_xml_files(dir, out);
}

#[test]
fn every_reference_xml_parses() {
    let mut files = Vec::new();
    xml_files(&reference().join("samples"), &mut files);
    xml_files(&reference().join("refdata"), &mut files);
    assert!(files.len() >= 40, "found only {} files", files.len());
    for f in &files {
        let bytes = std::fs::read(f).expect("readable");
        let doc = parse(&bytes, &Limits::default());
        assert!(
            doc.value.is_some(),
            "{}: {:?}",
            f.display(),
            doc.diagnostics
        );
        let root = doc.value.expect("checked").root;
        assert_eq!(root.ns, actes::xml::Ns::Actes, "{}", f.display());
    }
}

#[test]
fn mislabelled_2011_classification_reads_as_utf8() {
    let bytes = std::fs::read(reference().join("refdata/webdelib_classification_2011-04-29.xml"))
        .expect("readable");
    let doc = parse(&bytes, &Limits::default());
    let codes: Vec<_> = doc.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["XML-ENCODING-MISLABELLED"]);
    let doc = doc.value.expect("parsed");
    assert_eq!(doc.encoding, Encoding::Utf8);
    assert_eq!(doc.declared_encoding.as_deref(), Some("ISO-8859-1"));
}

#[test]
fn latin1_classification_reads_as_latin1() {
    let bytes = std::fs::read(
        reference().join("refdata/pastell-megalis_classification-exemple_2019-03-01.xml"),
    )
    .expect("readable");
    let doc = parse(&bytes, &Limits::default());
    let doc = doc.value.expect("parsed");
    assert_eq!(doc.encoding, Encoding::Latin1);
}
