//! Budget documents: the seal and metadata of the real TotEM files of
//! `../shared/reference/samples/totem` (budget.md §4), and sealing checked
//! independently with `xmllint --c14n | md5sum / sha1sum`.
//!
//! The independent checks fail under `CI=true` when xmllint is missing and
//! are skipped with a notice otherwise.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use actes::budget::{self, SealStatus};
use actes::diagnostic::Code;

use super::c14n_xmllint::xmllint_ready;

fn totem(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/samples/totem")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(totem(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const VALID: &[&str] = &[
    "BP2022_TRANSPORT.xml",
    "DOCBUDG-21560046100010-056025-CA-2021.xml",
    "DOCBUDG-21560046100010-056025-DM2-2021.xml",
    "DOCBUDG-21560046100085-056025-BP-2022.xml",
    "DOCBUDG-21560046100085-056025-DM1-2022.xml",
    "budget-crach-001.xml",
    "alamarge_totem.xml",
];

const EDITED: &[&str] = &[
    "alamarge_mauvais_totem.xml",
    "totem_mauvais_siret.xml",
    "totem_mauvaise_etape.xml",
    "totem_mauvaise_nomenclature.xml",
];

/// The seal element of a document, found by bytes (independently of the
/// library): `(start, end)` of `<Scellement …/>`, widened to the
/// whitespace before it.
fn seal_span(bytes: &[u8]) -> Option<(usize, usize)> {
    let start = bytes.windows(11).position(|w| w == b"<Scellement")?;
    let end = start + bytes.get(start..)?.iter().position(|&b| b == b'>')? + 1;
    let mut ws = start;
    while ws > 0 && bytes.get(ws - 1).is_some_and(|b| b" \t\r\n".contains(b)) {
        ws -= 1;
    }
    Some((ws, end))
}

fn without_seal(bytes: &[u8]) -> Vec<u8> {
    let (s, e) = seal_span(bytes).unwrap_or_else(|| panic!("no seal"));
    let mut out = bytes[..s].to_vec();
    out.extend_from_slice(&bytes[e..]);
    out
}

fn attribute(bytes: &[u8], name: &str) -> String {
    let (s, e) = seal_span(bytes).unwrap_or_else(|| panic!("no seal"));
    let tag = String::from_utf8_lossy(&bytes[s..e]).into_owned();
    let key = format!("{name}=\"");
    let from = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    tag[from..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn valid_samples_check_valid() {
    for name in VALID {
        let i = budget::inspect(Cursor::new(read(name)));
        assert_eq!(
            i.seal,
            Some(SealStatus::Valid),
            "{name}: {:?}",
            i.diagnostics
        );
        assert!(i.is_budget_document);
        assert!(
            !i.diagnostics
                .iter()
                .any(|d| d.severity == actes::diagnostic::Severity::Error),
            "{name}: {:?}",
            i.diagnostics
        );
        let bytes = read(name);
        let d = i.digests.unwrap_or_else(|| panic!("digests"));
        assert!(
            attribute(&bytes, "md5").eq_ignore_ascii_case(&d.md5),
            "{name}"
        );
        assert!(
            attribute(&bytes, "sha1").eq_ignore_ascii_case(&d.sha1),
            "{name}"
        );
    }
}

#[test]
fn edited_samples_check_invalid_with_both_digests() {
    for name in EDITED {
        let bytes = read(name);
        let i = budget::inspect(Cursor::new(&bytes));
        assert_eq!(i.seal, Some(SealStatus::Invalid), "{name}");
        let d = i
            .diagnostics
            .iter()
            .find(|d| d.code == Code::BudgetSealInvalid)
            .unwrap_or_else(|| panic!("{name}: {:?}", i.diagnostics));
        let found_md5 = attribute(&bytes, "md5");
        let expected = i.digests.unwrap_or_else(|| panic!("digests"));
        assert!(d.message_en.contains(&found_md5), "{}", d.message_en);
        assert!(d.message_en.contains(&expected.md5), "{}", d.message_en);
        assert!(d.message_en.contains(&expected.sha1), "{}", d.message_en);
        assert_ne!(expected.md5, found_md5);
    }
}

#[test]
fn a_sample_whose_seal_was_removed_is_missing() {
    for name in VALID {
        let bytes = without_seal(&read(name));
        let i = budget::inspect(Cursor::new(bytes));
        assert_eq!(i.seal, Some(SealStatus::Missing), "{name}");
        assert!(i
            .diagnostics
            .iter()
            .any(|d| d.code == Code::BudgetSealMissing));
        assert!(i.found.is_none());
    }
}

#[test]
fn metadata_of_the_samples() {
    let m = |name: &str| budget::inspect(Cursor::new(read(name))).metadata;
    let bp = m("BP2022_TRANSPORT.xml");
    assert_eq!(bp.nomenclature.as_deref(), Some("M4-M43_D"));
    assert_eq!(bp.nat_dec.as_deref(), Some("01"));
    assert_eq!(bp.siret.as_deref(), Some("24350078200095"));
    assert_eq!(bp.collectivite.as_deref(), Some("SAINT MALO AGGLOMERATION"));
    assert_eq!(
        bp.etablissement.as_deref(),
        Some("TRANSPORT ET MOBILITE SMA")
    );
    assert_eq!(bp.exercice.as_deref(), Some("2022"));
    assert_eq!(bp.cod_bud.as_deref(), Some("06"));
    assert_eq!(bp.version_schema.as_deref(), Some("100"));
    assert_eq!(bp.vote.dt_convoc.as_deref(), Some("2022-01-27"));
    assert_eq!(bp.vote.dt_delib.as_deref(), Some("2022-02-03"));
    assert_eq!(
        m("DOCBUDG-21560046100010-056025-CA-2021.xml")
            .nat_dec
            .as_deref(),
        Some("09")
    );
    let dm2 = m("DOCBUDG-21560046100010-056025-DM2-2021.xml");
    assert_eq!(dm2.version_schema.as_deref(), Some("97"));
    assert_eq!(dm2.num_dec.as_deref(), Some("2"));
    assert_eq!(dm2.dt_transm_prefect.as_deref(), Some("2021-11-25"));
    assert_eq!(dm2.dt_pub.as_deref(), Some("2021-11-23"));
    let annexe = m("DOCBUDG-21560046100085-056025-BP-2022.xml");
    assert_eq!(annexe.cod_bud.as_deref(), Some("06"));
    assert_eq!(annexe.siret.as_deref(), Some("21560046100085"));
    assert_eq!(
        m("totem_mauvaise_etape.xml").nat_dec.as_deref(),
        Some("99999")
    );
}

#[test]
fn a_prefixed_namespace_reads_the_same() {
    // The same document with a prefix instead of the default namespace:
    // metadata are read by local name. (Its canonical form differs, so the
    // seal does not hold.)
    let text = String::from_utf8_lossy(&read("alamarge_totem.xml")).into_owned();
    let prefixed = text
        .replace(
            "xmlns=\"http://www.minefi.gouv.fr",
            "xmlns:db=\"http://www.minefi.gouv.fr",
        )
        .replace("</", "</db:")
        .replace('<', "<db:")
        .replace("<db:/db:", "</db:")
        .replace("<db:?", "<?")
        .replace("<db:/", "</")
        .replace("db:bl:", "bl:");
    let i = budget::inspect(Cursor::new(prefixed.into_bytes()));
    assert!(i.is_budget_document, "{:?}", i.diagnostics);
    assert_eq!(i.metadata.siret.as_deref(), Some("21560046100085"));
    assert_eq!(i.seal, Some(SealStatus::Invalid));
}

/// `xmllint --c14n FILE | md5sum` and `| sha1sum`, lower-case hex.
fn xmllint_digests(path: &Path) -> (String, String) {
    let run = |sum: &str| {
        let mut c14n = Command::new("xmllint")
            .arg("--c14n")
            .arg(path)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("xmllint: {e}"));
        let pipe = c14n.stdout.take().unwrap_or_else(|| panic!("no pipe"));
        let out = Command::new(sum)
            .stdin(pipe)
            .output()
            .unwrap_or_else(|e| panic!("{sum}: {e}"));
        let status = c14n.wait().unwrap_or_else(|e| panic!("xmllint: {e}"));
        assert!(status.success(), "xmllint --c14n {}", path.display());
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    (run("md5sum"), run("sha1sum"))
}

#[test]
fn the_samples_seals_are_confirmed_by_xmllint() {
    if !xmllint_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for name in VALID {
        let bytes = read(name);
        let p = dir.path().join(name);
        std::fs::write(&p, without_seal(&bytes)).unwrap_or_else(|e| panic!("{e}"));
        let (md5, sha1) = xmllint_digests(&p);
        assert!(
            attribute(&bytes, "md5").eq_ignore_ascii_case(&md5),
            "{name}"
        );
        assert!(
            attribute(&bytes, "sha1").eq_ignore_ascii_case(&sha1),
            "{name}"
        );
    }
}

#[test]
fn sealing_an_edited_file_checks_valid_and_xmllint_confirms_it() {
    let xmllint = xmllint_ready();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for name in EDITED {
        let input = read(name);
        let mut out = Vec::new();
        let sealed = budget::seal(
            &mut Cursor::new(&input),
            &mut out,
            "2024-03-05T09:10:11.123+01:00",
        )
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(sealed.replaced, "{name}");
        // Only the seal changed.
        assert_eq!(without_seal(&out), without_seal(&input), "{name}");
        let again = budget::inspect(Cursor::new(&out));
        assert_eq!(
            again.seal,
            Some(SealStatus::Valid),
            "{name}: {:?}",
            again.diagnostics
        );
        assert_eq!(attribute(&out, "md5"), sealed.digests.md5);
        assert_eq!(attribute(&out, "date"), "2024-03-05T09:10:11.123+01:00");
        // Deterministic.
        let mut twice = Vec::new();
        budget::seal(
            &mut Cursor::new(&input),
            &mut twice,
            "2024-03-05T09:10:11.123+01:00",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(twice, out);
        // xmllint --c14n keeps comments; the seal is computed without
        // them, so the independent check is for documents without any.
        if xmllint && !out.windows(4).any(|w| w == b"<!--") {
            let p = dir.path().join(name);
            std::fs::write(&p, without_seal(&out)).unwrap_or_else(|e| panic!("{e}"));
            let (md5, sha1) = xmllint_digests(&p);
            assert_eq!(md5.to_uppercase(), sealed.digests.md5, "{name}");
            assert_eq!(sha1.to_uppercase(), sealed.digests.sha1, "{name}");
        }
    }
}

#[test]
fn sealing_a_document_without_seal_inserts_one_after_version_outil() {
    let input = without_seal(&read("BP2022_TRANSPORT.xml"));
    let mut out = Vec::new();
    let sealed = budget::seal(&mut Cursor::new(&input), &mut out, "2022-02-08T14:13:52")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!sealed.replaced);
    // The original seal, byte for byte: same place, same digests.
    assert_eq!(out, read("BP2022_TRANSPORT.xml"));
}

#[test]
fn emission_findings_on_the_samples() {
    let siren = |s: &str| {
        s.parse::<actes::ids::Siren>()
            .unwrap_or_else(|e| panic!("{e:?}"))
    };
    let codes = |name: &str, s: &str| -> Vec<Code> {
        budget::emission_findings(Cursor::new(read(name)), Some(siren(s)))
            .into_iter()
            .map(|d| d.code)
            .collect()
    };
    assert_eq!(codes("alamarge_totem.xml", "215600461"), []);
    assert_eq!(
        codes("alamarge_totem.xml", "216204982"),
        [Code::BudgetSirenMismatch]
    );
    assert_eq!(
        codes("totem_mauvais_siret.xml", "215600461"),
        [Code::BudgetSealInvalid]
    );
}
