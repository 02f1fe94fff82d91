//! The protocol's XML layer: one reader and one writer for every message.
//!
//! * [`decode`](mod@decode): bytes → text, following the reading profile
//!   (declared and mislabelled encodings).
//! * [`tree`]: a namespace-resolved element tree, DOCTYPE refused, limits
//!   enforced.
//! * [`write`](mod@write): the strict ISO-8859-1 writer of the emission profile.
//! * [`c14n`]: Canonical XML 1.0 (inclusive, without comments), streamed.

pub mod c14n;
pub mod decode;
pub mod tree;
pub mod write;

pub use decode::Encoding;
pub use tree::{parse, Attribute, Document, Element, Ns, ACTES_NS, INSEE_NS, XSI_NS};
pub use write::XmlWriter;

/// Resource limits applied when reading XML. See `SECURITY.md`.
///
/// ```
/// let limits = actes::xml::Limits { max_depth: 16, ..Default::default() };
/// assert_eq!(limits.max_document_bytes, 32 * 1024 * 1024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Maximum size of one XML document in bytes (default 32 MiB: a
    /// message with an embedded signature is a few hundred KiB, a
    /// classification about 50 KiB).
    pub max_document_bytes: usize,
    /// Maximum element nesting depth (default 64; ACTES needs 8).
    pub max_depth: usize,
    /// Maximum length of one attribute value in bytes (default 64 KiB).
    pub max_attribute_len: usize,
    /// Maximum length of the text of one element in bytes (default 16 MiB,
    /// for embedded PKCS#7 signatures).
    pub max_text_len: usize,
    /// Maximum number of elements in a document (default 1 000 000).
    pub max_elements: usize,
    /// Maximum number of attributes on one element, namespace declarations
    /// included (default 256; ACTES elements have at most 7).
    pub max_attributes: usize,
    /// Maximum number of namespace declarations (`xmlns`, `xmlns:p`) in
    /// scope at any element, summed over its ancestors and itself (default
    /// 256; ACTES documents declare 3 or 4). Every element and attribute
    /// name is resolved against the declarations in scope, so this bounds
    /// the cost of the resolution.
    pub max_namespaces: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 32 * 1024 * 1024,
            max_depth: 64,
            max_attribute_len: 64 * 1024,
            max_text_len: 16 * 1024 * 1024,
            max_elements: 1_000_000,
            max_attributes: 256,
            max_namespaces: 256,
        }
    }
}
