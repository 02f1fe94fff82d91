use super::*;

fn c14n(s: &[u8]) -> String {
    match to_vec(s, &Limits::default(), Comments::Omit) {
        Ok(v) => String::from_utf8(v).unwrap_or_else(|e| panic!("{e}")),
        Err(e) => panic!("{e}"),
    }
}

fn code(s: &[u8]) -> &'static str {
    match to_vec(s, &Limits::default(), Comments::Omit) {
        Err(C14nError::Invalid(d)) => d.code.as_str(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn recommendation_example_3_2_start_and_end_tags() {
    // W3C xml-c14n §3.2 (without the DTD-defaulted attributes).
    let input = br#"<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
  xmlns:b="http://www.ietf.org"
  xmlns:a="http://www.w3.org"
  xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
  <e7 xmlns="http://www.ietf.org">
     <e8 xmlns="" xmlns:a="http://www.w3.org">
        <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
     </e8>
  </e7>
   </e6>
</doc>"#;
    let expected = r#"<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
  <e7 xmlns="http://www.ietf.org">
     <e8 xmlns="">
        <e9 xmlns:a="http://www.ietf.org"></e9>
     </e8>
  </e7>
   </e6>
</doc>"#;
    assert_eq!(c14n(input), expected);
}

#[test]
fn recommendation_example_3_4_character_modifications() {
    let input = "<doc>\r\n   <text>First line&#x0d;&#10;Second line</text>\r\n   <value>&#x32;</value>\r\n   <compute><![CDATA[value>\"0\" && value<\"10\" ?\"valid\":\"error\"]]></compute>\r\n   <compute expr='value>\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"'>valid</compute>\r\n   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>\r\n</doc>";
    let expected = "<doc>\n   <text>First line&#xD;\nSecond line</text>\n   <value>2</value>\n   <compute>value&gt;\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"</compute>\n   <compute expr=\"value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;\">valid</compute>\n   <norm attr=\" '    &#xD;&#xA;&#x9;   ' \"></norm>\n</doc>";
    assert_eq!(c14n(input.as_bytes()), expected);
}

#[test]
fn pi_comments_and_outside_whitespace() {
    let input = b"<?xml version=\"1.0\"?>\n\n<?xml-stylesheet   href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n\n<!-- c -->\n<doc>Hello<!-- x -->, world!<?p?></doc>\n\n<!-- after -->\n<?pi-after data?>\n";
    assert_eq!(
        c14n(input),
        "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!<?p?></doc>\n<?pi-after data?>"
    );
}

#[test]
fn encodings() {
    assert_eq!(
        c14n(b"<?xml version='1.0' encoding='ISO-8859-15'?><a>\xA4</a>"),
        "<a>€</a>"
    );
    assert_eq!(
        c14n(b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xA4\x92</a>"),
        "<a>\u{a4}\u{92}</a>"
    );
    assert_eq!(
        c14n(b"<?xml version='1.0' encoding='windows-1252'?><a>\x92</a>"),
        "<a>’</a>"
    );
    assert_eq!(c14n("\u{feff}<a>é</a>".as_bytes()), "<a>é</a>");
    assert_eq!(code(b"<a>\xE9</a>"), "XML-MALFORMED");
    assert_eq!(
        code(b"<?xml version='1.0' encoding='EBCDIC'?><a/>"),
        "XML-ENCODING-UNSUPPORTED"
    );
    assert_eq!(code(b"\xFF\xFE<\0a\0/\0>\0"), "XML-ENCODING-UNSUPPORTED");
    assert_eq!(code(b"<a>\x01</a>"), "XML-MALFORMED");
}

#[test]
fn refusals_and_limits() {
    assert_eq!(
        code(b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>"),
        "XML-DOCTYPE"
    );
    assert_eq!(code(b"<a>&x;</a>"), "XML-MALFORMED");
    assert_eq!(code(b"<a><b></a>"), "XML-MALFORMED");
    assert_eq!(code(b"<a>"), "XML-MALFORMED");
    assert_eq!(code(b"<a/><b/>"), "XML-MALFORMED");
    assert_eq!(code(b"x<a/>"), "XML-MALFORMED");
    assert_eq!(code(b""), "XML-MALFORMED");
    assert_eq!(code(b"<p:a/>"), "XML-MALFORMED");
    assert_eq!(code(b"<a x='1' x='2'/>"), "XML-MALFORMED");
    assert_eq!(
        code(b"<a xmlns:p='u' xmlns:q='u' p:x='1' q:x='2'/>"),
        "XML-MALFORMED"
    );
    assert_eq!(code(b"<a>&#0;</a>"), "XML-MALFORMED");
    let small = |f: fn(&mut Limits)| {
        let mut l = Limits::default();
        f(&mut l);
        l
    };
    let err = |bytes: &[u8], l: &Limits| match to_vec(bytes, l, Comments::Omit) {
        Err(C14nError::Invalid(d)) => d.code.as_str(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        err(b"<a><b><c/></b></a>", &small(|l| l.max_depth = 2)),
        "XML-LIMIT-DEPTH"
    );
    assert_eq!(
        err(b"<a><b/><c/></a>", &small(|l| l.max_elements = 2)),
        "XML-LIMIT-ELEMENTS"
    );
    assert_eq!(
        err(b"<a x='12345'/>", &small(|l| l.max_attribute_len = 4)),
        "XML-LIMIT-ATTRIBUTE"
    );
    assert_eq!(
        err(b"<a>12345</a>", &small(|l| l.max_text_len = 4)),
        "XML-LIMIT-TEXT"
    );
    assert_eq!(
        err(b"<a x='1' y='2'/>", &small(|l| l.max_attributes = 1)),
        "XML-LIMIT-ATTRIBUTE-COUNT"
    );
    assert_eq!(
        err(
            b"<a xmlns:p='u'><b xmlns:q='v'/></a>",
            &small(|l| l.max_namespaces = 1)
        ),
        "XML-LIMIT-NAMESPACES"
    );
    assert_eq!(
        err(b"<a>0123456789</a>", &small(|l| l.max_document_bytes = 10)),
        "XML-LIMIT-SIZE"
    );
}

#[test]
fn a_long_token_is_refused_before_it_is_held() {
    let mut doc = b"<a><!--".to_vec();
    doc.extend(std::iter::repeat_n(b'x', 400_000));
    doc.extend_from_slice(b"--></a>");
    let l = Limits {
        max_text_len: 1000,
        ..Limits::default()
    };
    assert!(
        matches!(to_vec(&doc, &l, Comments::Omit), Err(C14nError::Invalid(d)) if d.code == Code::XmlLimitText)
    );
}

struct OmitB;
impl Observer for OmitB {
    fn start(&mut self, e: &ElementView<'_>) -> Decision {
        if e.local_name == "b" {
            Decision::OmitWithAdjacentWhitespace
        } else {
            Decision::Keep
        }
    }
}

fn omit_b(s: &str) -> String {
    let mut out = Vec::new();
    canonicalize_with(
        s.as_bytes(),
        &mut out,
        &Limits::default(),
        Comments::Omit,
        &mut OmitB,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_default()
}

#[test]
fn omitting_an_element_and_one_adjacent_whitespace_node() {
    assert_eq!(
        omit_b("<a>\n <x/>\n <b c='1'><d/></b>\n <y/>\n</a>"),
        "<a>\n <x></x>\n <y></y>\n</a>"
    );
    assert_eq!(
        omit_b("<a><x/><b/>\n <y/>\n</a>"),
        "<a><x></x><y></y>\n</a>"
    );
    assert_eq!(
        omit_b("<a><x/><b/>text<y/></a>"),
        "<a><x></x>text<y></y></a>"
    );
    assert_eq!(omit_b("<a>\n<b/></a>"), "<a></a>");
}

#[test]
fn names_and_values_seen_by_the_observer() {
    struct Seen(Vec<String>);
    impl Observer for Seen {
        fn start(&mut self, e: &ElementView<'_>) -> Decision {
            self.0.push(format!(
                "{}|{}|{}|{:?}",
                e.depth,
                e.namespace,
                e.local_name,
                e.attribute("V")
            ));
            Decision::Keep
        }
    }
    let mut seen = Seen(Vec::new());
    let doc = "<p:a xmlns:p='urn:x'><p:b V='x&amp;y\tz'/></p:a>";
    canonicalize_with(
        doc.as_bytes(),
        io::sink(),
        &Limits::default(),
        Comments::Omit,
        &mut seen,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(seen.0, ["0|urn:x|a|None", "1|urn:x|b|Some(\"x&y z\")"]);
}
