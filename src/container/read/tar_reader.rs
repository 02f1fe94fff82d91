//! Reading a tar or tar.gz stream.

use std::io::{self, Read};
use std::path::Path;

use super::limits::{CountIn, Stop, TotalLimit};
use super::names::{check_name, Verdict};
use super::source::EntryInfo;
use super::visitor::{Flow, Mode, Visitor};
use crate::diagnostic::Code;

impl Visitor<'_, '_> {
    pub(super) fn tar(&mut self, path: &Path, gzip: bool) -> io::Result<()> {
        let Some(file) = self.open(path) else {
            return Ok(());
        };
        if self.empty_file(&file) {
            return Ok(());
        }
        let meter = self.meter;
        let counted = CountIn { inner: file, meter };
        let decoded: Box<dyn Read + '_> = if gzip {
            Box::new(flate2::read::MultiGzDecoder::new(counted))
        } else {
            Box::new(counted)
        };
        let stream = TotalLimit {
            inner: decoded,
            meter,
            limits: self.limits,
            check_ratio: gzip,
        };
        let mut archive = tar::Archive::new(stream);
        let entries = match archive.entries() {
            Ok(e) => e,
            Err(e) => {
                self.source_problem(
                    Code::ArchCorrupt,
                    format!("cannot read the archive: {e}"),
                    format!(
                        "impossible de lire l'archive : {}",
                        crate::diagnostic::io_reason(&e, crate::diagnostic::Lang::Fr)
                    ),
                );
                return Ok(());
            }
        };
        for (index, item) in entries.enumerate() {
            let mut entry = match item {
                Ok(entry) => entry,
                Err(e) => {
                    let stop = meter.take_stop().unwrap_or(Stop::Corrupt(e.to_string()));
                    let label = self.label.clone();
                    self.stop_diag(stop, &label, Code::ArchCorrupt, false);
                    return Ok(());
                }
            };
            if self.count_entry() == Flow::Stop {
                return Ok(());
            }
            let kind = entry.header().entry_type();
            if kind.is_dir() || matches!(kind, tar::EntryType::XGlobalHeader) {
                continue;
            }
            let raw_bytes = entry.path_bytes().into_owned();
            let Ok(raw) = String::from_utf8(raw_bytes.clone()) else {
                let lossy = String::from_utf8_lossy(&raw_bytes).into_owned();
                self.refuse(
                    Code::ArchNameEncoding,
                    &lossy,
                    "the name is not valid UTF-8",
                    "le nom n'est pas de l'UTF-8 valide",
                );
                continue;
            };
            // Name problems first (they are the more dangerous), then type.
            let name = match check_name(&raw, self.limits) {
                Verdict::Accept(_) => raw.clone(),
                Verdict::Directory if kind.is_file() => continue,
                _ => {
                    let _ = self.accept_name(&raw);
                    continue;
                }
            };
            let refused = match kind {
                k if k.is_file() => None,
                tar::EntryType::Symlink => Some((
                    Code::ArchSymlink,
                    "is a symbolic link",
                    "est un lien symbolique",
                )),
                tar::EntryType::Link => {
                    Some((Code::ArchHardlink, "is a hard link", "est un lien physique"))
                }
                _ => Some((
                    Code::ArchSpecial,
                    "is not a regular file (device, FIFO, sparse…)",
                    "n'est pas un fichier ordinaire (périphérique, tube nommé, fichier creux…)",
                )),
            };
            if let Some((code, en, fr)) = refused {
                self.refuse(code, &name, en, fr);
                continue;
            }
            let Some(name) = self.accept_name(&name) else {
                continue;
            };
            let size = entry.size();
            if self.check_size(&name, size) == Flow::Stop {
                return Ok(());
            }
            let info = EntryInfo { name, size, index };
            if self.deliver(&info, &mut entry, Mode::TAR)? == Flow::Stop {
                return Ok(());
            }
        }
        // After the end-of-archive blocks, read the rest of the stream (still
        // under the limits) so that a truncated or corrupt gzip member (its
        // CRC and length are at the very end) is reported.
        let mut rest = archive.into_inner();
        if let Err(e) = io::copy(&mut rest, &mut io::sink()) {
            let stop = meter.take_stop().unwrap_or(Stop::Corrupt(e.to_string()));
            let label = self.label.clone();
            self.stop_diag(stop, &label, Code::ArchCorrupt, false);
        }
        Ok(())
    }
}
