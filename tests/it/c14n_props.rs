//! Properties of the canonicaliser on generated input: it never panics,
//! what it accepts is UTF-8 and is its own canonical form (C14N is
//! idempotent), and the budget reader never panics either.

use actes::xml::c14n::{to_vec, Comments};
use actes::xml::Limits;
use proptest::prelude::*;

/// Small documents from a grammar that reaches the corners: namespaces
/// (default, prefixed, redeclared, undeclared), attributes to sort,
/// references, CDATA, comments, PIs, CR and tabs.
fn doc() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "a",
        "b",
        "p:a",
        "q:b",
        "DocumentBudgetaire",
        "Scellement",
        "VersionOutil",
    ]);
    let attr = (
        prop::sample::select(vec![
            "x", "y", "V", "p:x", "q:x", "xml:lang", "xmlns", "xmlns:p", "xmlns:q",
        ]),
        prop::sample::select(vec![
            "",
            "1",
            "urn:p",
            "urn:q",
            "a&amp;b",
            "&#9;\r\n t",
            "&quot;&lt;>",
            "é€",
        ]),
    );
    let text = prop::sample::select(vec![
        "",
        " ",
        "\r\n  ",
        "t",
        "&amp;&lt;&gt;",
        "&#13;",
        "<![CDATA[<&>]]>",
        "<!-- c -->",
        "<?pi d?>",
        "é",
        "]]&gt;",
    ]);
    let leaf = (
        name.clone(),
        prop::collection::vec(attr.clone(), 0..4),
        text.clone(),
    )
        .prop_map(|(n, attrs, t)| element(n, &attrs, t));
    leaf.prop_recursive(4, 32, 4, move |inner| {
        (
            name.clone(),
            prop::collection::vec(attr.clone(), 0..4),
            prop::collection::vec((inner, text.clone()), 0..4),
        )
            .prop_map(|(n, attrs, children)| {
                let body: String = children
                    .into_iter()
                    .map(|(c, t)| format!("{t}{c}"))
                    .collect();
                element(n, &attrs, &body)
            })
    })
    .prop_map(|root| format!("<?xml version=\"1.0\"?>\r\n<!-- before -->\r\n{root}\r\n<?after x?>"))
}

fn element(name: &str, attrs: &[(&str, &str)], body: &str) -> String {
    let a: String = attrs.iter().map(|(k, v)| format!(" {k}=\"{v}\"")).collect();
    format!("<{name} xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"{a}>{body}</{name}>")
}

fn check(bytes: &[u8]) {
    for comments in [Comments::Omit, Comments::Keep] {
        if let Ok(out) = to_vec(bytes, &Limits::default(), comments) {
            assert!(std::str::from_utf8(&out).is_ok());
            let again = to_vec(&out, &Limits::default(), comments).unwrap_or_else(|e| {
                panic!(
                    "the canonical form is refused: {e}\n{}",
                    String::from_utf8_lossy(&out)
                )
            });
            assert_eq!(again, out, "not idempotent");
        }
    }
    let _ = actes::budget::inspect(bytes);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_documents(d in doc()) {
        check(d.as_bytes());
    }

    #[test]
    fn arbitrary_bytes(b in prop::collection::vec(any::<u8>(), 0..256)) {
        check(&b);
    }

    #[test]
    fn damaged_documents(d in doc(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut b = d.into_bytes();
        let i = cut.index(b.len().max(1));
        if i < b.len() {
            b[i] = byte;
        }
        check(&b);
        b.truncate(i);
        check(&b);
    }
}
