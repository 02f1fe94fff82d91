//! Reading the regular files directly inside a folder (never following
//! links).

use std::fs::File;
use std::io;
use std::path::Path;

use super::limits::TotalLimit;
use super::source::EntryInfo;
use super::visitor::{Flow, Mode, Visitor};
use crate::diagnostic::Code;

impl Visitor<'_, '_> {
    pub(super) fn folder(&mut self, dir: &Path) -> io::Result<()> {
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.source_problem(
                    Code::ArchUnreadable,
                    format!("cannot read the folder {}: {e}", dir.display()),
                    format!("impossible de lire le dossier {} : {e}", dir.display()),
                );
                return Ok(());
            }
        };
        let mut names = Vec::new();
        for item in rd {
            match item {
                Ok(item) => names.push(item.file_name()),
                Err(e) => {
                    self.source_problem(
                        Code::ArchUnreadable,
                        format!("cannot list the folder {}: {e}", dir.display()),
                        format!("impossible de lister le dossier {} : {e}", dir.display()),
                    );
                    return Ok(());
                }
            }
            if names.len() > self.limits.max_entries {
                break;
            }
        }
        names.sort();
        for (index, os_name) in names.into_iter().enumerate() {
            if self.count_entry() == Flow::Stop {
                return Ok(());
            }
            let path = dir.join(&os_name);
            let Some(raw) = os_name.to_str() else {
                let lossy = os_name.to_string_lossy().into_owned();
                self.refuse(
                    Code::ArchNameEncoding,
                    &lossy,
                    "the name is not valid UTF-8",
                    "le nom n'est pas de l'UTF-8 valide",
                );
                continue;
            };
            let meta = match path.symlink_metadata() {
                Ok(m) => m,
                Err(e) => {
                    self.refuse(
                        Code::ArchUnreadable,
                        raw,
                        &format!("cannot be read: {e}"),
                        &format!(
                            "ne peut pas être lue : {}",
                            crate::diagnostic::io_reason(&e, crate::diagnostic::Lang::Fr)
                        ),
                    );
                    continue;
                }
            };
            let ft = meta.file_type();
            if ft.is_symlink() {
                self.refuse(
                    Code::ArchSymlink,
                    raw,
                    "is a symbolic link; not followed",
                    "est un lien symbolique ; non suivi",
                );
                continue;
            }
            if ft.is_dir() {
                self.refuse(
                    Code::ArchNested,
                    raw,
                    "is a subfolder; deliveries are flat, its content was not read",
                    "est un sous-dossier ; les envois sont à plat, son contenu n'a pas été lu",
                );
                continue;
            }
            if !ft.is_file() {
                self.refuse(
                    Code::ArchSpecial,
                    raw,
                    "is not a regular file",
                    "n'est pas un fichier ordinaire",
                );
                continue;
            }
            let Some(name) = self.accept_name(raw) else {
                continue;
            };
            let size = meta.len();
            if self.check_size(&name, size) == Flow::Stop {
                return Ok(());
            }
            let file = match open_same_file(&path, &meta) {
                Ok(f) => f,
                Err(e) => {
                    self.refuse(
                        Code::ArchUnreadable,
                        &name,
                        &format!("cannot be read: {e}"),
                        &format!(
                            "ne peut pas être lue : {}",
                            crate::diagnostic::io_reason(&e, crate::diagnostic::Lang::Fr)
                        ),
                    );
                    continue;
                }
            };
            let info = EntryInfo { name, size, index };
            let mut limited = TotalLimit {
                inner: file,
                meter: self.meter,
                limits: self.limits,
                check_ratio: false,
            };
            if self.deliver(&info, &mut limited, Mode::UNREADABLE)? == Flow::Stop {
                return Ok(());
            }
        }
        Ok(())
    }
}

/// Opens `path` and checks that it is still the regular file `meta`
/// describes (it was not replaced by a link between the check and the
/// open).
fn open_same_file(path: &Path, meta: &std::fs::Metadata) -> io::Result<File> {
    let file = File::open(path)?;
    let now = file.metadata()?;
    if !now.is_file() {
        return Err(io::Error::other("no longer a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if now.dev() != meta.dev() || now.ino() != meta.ino() {
            return Err(io::Error::other("replaced while being read"));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(file)
}
