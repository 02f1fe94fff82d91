//! What is read: the kinds of [`Source`], and what a reader learns of each
//! accepted entry ([`EntryInfo`], [`Entry`]).

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Where the files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// The regular files directly inside a folder (not recursive; symbolic
    /// links are never followed).
    Folder(PathBuf),
    /// A gzip-compressed tar (several concatenated gzip members accepted).
    TarGz(PathBuf),
    /// An uncompressed tar.
    Tar(PathBuf),
    /// A zip file.
    Zip(PathBuf),
    /// Files already in memory, e.g. e-mail attachments: `(name, content)`.
    Memory(Vec<(String, Vec<u8>)>),
}

impl Source {
    /// Recognises a path: a folder, then by content (gzip magic `1F 8B`,
    /// zip `PK\x03\x04` or `PK\x05\x06`, `ustar` at offset 257), then by
    /// extension (`.tar.gz`, `.tgz`, `.zip`, `.tar`).
    ///
    /// Errors: the path cannot be read (`NotFound`, …), or is none of these
    /// (`InvalidData`).
    pub fn detect(path: &Path) -> io::Result<Source> {
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            return Ok(Source::Folder(path.to_path_buf()));
        }
        let mut head = Vec::with_capacity(512);
        File::open(path)?.take(512).read_to_end(&mut head)?;
        if head.starts_with(&[0x1f, 0x8b]) {
            return Ok(Source::TarGz(path.to_path_buf()));
        }
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            return Ok(Source::Zip(path.to_path_buf()));
        }
        if head.get(257..262) == Some(&b"ustar"[..]) {
            return Ok(Source::Tar(path.to_path_buf()));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".tar.gz")
            || std::path::Path::new(&name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("tgz"))
        {
            Ok(Source::TarGz(path.to_path_buf()))
        } else if std::path::Path::new(&name)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("zip"))
        {
            Ok(Source::Zip(path.to_path_buf()))
        } else if std::path::Path::new(&name)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("tar"))
        {
            Ok(Source::Tar(path.to_path_buf()))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: neither a folder, a tar.gz, a tar nor a zip",
                    path.display()
                ),
            ))
        }
    }

    /// A short description for diagnostics: the path, or `"memory"`.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Source::Folder(p) | Source::TarGz(p) | Source::Tar(p) | Source::Zip(p) => {
                p.display().to_string()
            }
            Source::Memory(_) => "memory".to_string(),
        }
    }
}

/// What the callback of [`visit`](super::visit) learns about an accepted entry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EntryInfo {
    /// The flat file name.
    pub name: String,
    /// The size announced by the container (the tar header, the zip
    /// central directory, the file system). The content is checked against
    /// it for tar and zip.
    pub size: u64,
    /// Position of the entry in the container, counting every entry seen
    /// (refused ones included), from 0.
    pub index: usize,
}

/// A file read whole by [`read_all`](super::read_all).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// The flat file name.
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
}
