//! `Message::parse` never panics: on arbitrary bytes, and on sample files
//! mutated at random (bytes replaced, inserted, removed, truncated). When a
//! message is read, writing it and reading the output back never panic
//! either, and a message that could be written reads back equal (with
//! `DocumentPapier` as emitted: always `O`/`N`) and is written again to the
//! same bytes.

use std::path::{Path, PathBuf};

use actes::messages::{DocumentPapier, Message};
use proptest::prelude::*;

fn samples() -> Vec<Vec<u8>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("samples dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "xml") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples"),
        &mut files,
    );
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read(f).expect("readable"))
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop::sample::select(vec![
        b"<".to_vec(),
        b">".to_vec(),
        b"\"".to_vec(),
        b"&".to_vec(),
        b"&#0;".to_vec(),
        b"&#x1F600;".to_vec(),
        b"<actes:Acte/>".to_vec(),
        b"<actes:Nature>x</actes:Nature>".to_vec(),
        b"<actes:CodeMatiere9 actes:CodeMatiere=\"99999999999\"/>".to_vec(),
        b" actes:Nombre=\"-1\"".to_vec(),
        vec![0xC3],
        vec![0xFF, 0xFE],
        vec![0x80],
        b"<!DOCTYPE x>".to_vec(),
        b"]]>".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        (any::<usize>(), interesting).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Remove(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Replace(i, b) => {
                if let Some(x) = bytes.get_mut(i % len) {
                    *x = *b;
                }
            }
            Mutation::Insert(i, s) => {
                let at = (i % len).min(bytes.len());
                bytes.splice(at..at, s.iter().copied());
            }
            Mutation::Remove(i, n) => {
                let at = (i % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

fn exercise(bytes: &[u8]) {
    let parsed = Message::parse(bytes);
    if let Some(mut m) = parsed.value {
        let _ = m.code();
        let _ = m.id_acte();
        if let Ok(xml) = m.to_xml() {
            let back = Message::parse(&xml);
            if let Some(a) = m.acte_mut() {
                let announced = a.document_papier.announced() == Some(true);
                a.document_papier = DocumentPapier::from_announced(announced);
            }
            assert_eq!(
                back.value.as_ref(),
                Some(&m),
                "written message reads back equal"
            );
            assert_eq!(
                back.value.map(|b| b.to_xml()),
                Some(Ok(xml)),
                "writing is stable"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        exercise(&bytes);
    }

    #[test]
    fn mutated_samples_never_panic(
        index in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let all = samples();
        let original = index.get(&all).clone();
        exercise(&apply(original, &mutations));
    }
}
