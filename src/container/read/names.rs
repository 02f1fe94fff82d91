//! The checks of entry names: traversal, absolute paths, drive letters,
//! control characters, length; nested and directory entries recognised.

use super::limits::ReadLimits;
use crate::diagnostic::Code;

pub(super) enum Verdict {
    Accept(String),
    Refuse(Code, &'static str, &'static str),
    Nested(String),
    Directory,
}

pub(super) fn check_name(raw: &str, limits: &ReadLimits) -> Verdict {
    use Verdict::Refuse;
    if raw.is_empty() {
        return Refuse(Code::ArchNameEmpty, "empty name", "nom vide");
    }
    if raw.len() > limits.max_name_len {
        return Refuse(Code::LimitNameLength, "name too long", "nom trop long");
    }
    if raw.chars().any(char::is_control) {
        return Refuse(
            Code::ArchNameControl,
            "control character in the name",
            "caractère de contrôle dans le nom",
        );
    }
    if raw.contains('\\') {
        return Refuse(
            Code::ArchNameBackslash,
            "backslash in the name",
            "barre oblique inverse dans le nom",
        );
    }
    if raw.starts_with('/') {
        return Refuse(Code::ArchNameAbsolute, "absolute path", "chemin absolu");
    }
    if raw.split('/').any(|c| c == "..") {
        return Refuse(
            Code::ArchNameTraversal,
            "`..` in the name",
            "`..` dans le nom",
        );
    }
    let mut name = raw;
    while let Some(rest) = name.strip_prefix("./") {
        name = rest;
    }
    // A drive letter, also behind `./` (`./C:x` is `C:x` once extracted).
    let b = name.as_bytes();
    if b.first().is_some_and(u8::is_ascii_alphabetic) && b.get(1) == Some(&b':') {
        return Refuse(Code::ArchNameDrive, "drive letter", "lettre de lecteur");
    }
    if name.is_empty() || name == "." || name.ends_with('/') {
        return Verdict::Directory;
    }
    if name.contains('/') {
        return Verdict::Nested(name.to_string());
    }
    Verdict::Accept(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(name: &str) -> String {
        match check_name(name, &ReadLimits::default()) {
            Verdict::Accept(n) => format!("ok {n}"),
            Verdict::Refuse(code, _, _) => code.as_str().to_string(),
            Verdict::Nested(n) => format!("nested {n}"),
            Verdict::Directory => "dir".to_string(),
        }
    }

    #[test]
    fn names() {
        assert_eq!(verdict("a.xml"), "ok a.xml");
        assert_eq!(verdict("./a.xml"), "ok a.xml");
        assert_eq!(verdict("././a.xml"), "ok a.xml");
        assert_eq!(verdict("a b.pdf"), "ok a b.pdf");
        assert_eq!(verdict("..a.pdf"), "ok ..a.pdf");
        assert_eq!(verdict("Délibération.pdf"), "ok Délibération.pdf");
        assert_eq!(verdict("./"), "dir");
        assert_eq!(verdict("."), "dir");
        assert_eq!(verdict("d/"), "dir");
        assert_eq!(verdict("d/a.xml"), "nested d/a.xml");
        assert_eq!(verdict(""), "ARCH-NAME-EMPTY");
        assert_eq!(verdict(".."), "ARCH-NAME-TRAVERSAL");
        assert_eq!(verdict("a/.."), "ARCH-NAME-TRAVERSAL");
        assert_eq!(verdict("./../a"), "ARCH-NAME-TRAVERSAL");
        assert_eq!(verdict("/a"), "ARCH-NAME-ABSOLUTE");
        assert_eq!(verdict("c:a"), "ARCH-NAME-DRIVE");
        assert_eq!(verdict("./a:"), "ARCH-NAME-DRIVE");
        assert_eq!(verdict("././C:x"), "ARCH-NAME-DRIVE");
        assert_eq!(verdict("..\\a"), "ARCH-NAME-BACKSLASH");
        assert_eq!(verdict("a\u{0}b"), "ARCH-NAME-CONTROL");
        assert_eq!(verdict("a\u{7f}b"), "ARCH-NAME-CONTROL");
        assert_eq!(verdict("a\u{85}b"), "ARCH-NAME-CONTROL");
        assert_eq!(verdict(&"x".repeat(256)), "LIMIT-NAME-LENGTH");
        assert_eq!(verdict(&"x".repeat(255)), format!("ok {}", "x".repeat(255)));
    }
}
