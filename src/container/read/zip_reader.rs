//! Reading a zip file, its central directory checked before the zip crate
//! parses it.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use super::limits::ReadLimits;
use super::limits::{CountIn, Stop, TotalLimit};
use super::names::{check_name, Verdict};
use super::source::EntryInfo;
use super::visitor::{Flow, Mode, Visitor};
use crate::diagnostic::Code;

impl Visitor<'_, '_> {
    pub(super) fn zip(&mut self, path: &Path) -> io::Result<()> {
        let Some(mut file) = self.open(path) else {
            return Ok(());
        };
        if self.empty_file(&file) {
            return Ok(());
        }
        let directory = zip_directory(&mut file, self.limits);
        let declared = directory.as_ref().map(|d| d.entries);
        if let Some(n) = declared {
            if n > self.limits.max_entries as u64 {
                let max = self.limits.max_entries;
                let label = self.label.clone();
                self.limit_stop(
                    Code::LimitEntries,
                    &label,
                    format!("the zip announces {n} entries, more than {max}"),
                    format!("le zip annonce {n} entrées, plus de {max}"),
                );
                return Ok(());
            }
        }
        if let Err(e) = file.seek(SeekFrom::Start(0)) {
            self.source_problem(
                Code::ArchUnreadable,
                format!("cannot read the archive: {e}"),
                format!(
                    "impossible de lire l'archive : {}",
                    crate::diagnostic::io_reason(&e, crate::diagnostic::Lang::Fr)
                ),
            );
            return Ok(());
        }
        let meter = self.meter;
        let counted = CountIn {
            inner: io::BufReader::new(file),
            meter,
        };
        let mut archive = match zip::ZipArchive::new(counted) {
            Ok(a) => a,
            Err(e) => {
                self.source_problem(
                    Code::ArchCorrupt,
                    format!("not a readable zip: {e}"),
                    format!("zip illisible ({e})"),
                );
                return Ok(());
            }
        };
        // The zip crate keeps one entry per name: find duplicates in the
        // central directory itself. None of the copies is read, since the
        // crate cannot tell which one it serves.
        let mut copies: HashMap<Vec<u8>, usize> = HashMap::new();
        match directory.and_then(|d| d.names) {
            Some(names) => {
                for n in names {
                    *copies.entry(n).or_default() += 1;
                }
                copies.retain(|_, c| *c > 1);
            }
            None if declared.is_some_and(|n| n != archive.len() as u64) => {
                let n = declared.unwrap_or_default();
                let m = archive.len();
                self.source_problem(
                    Code::ArchDuplicate,
                    format!("the central directory lists {n} entries but only {m} distinct names"),
                    format!(
                        "le répertoire central liste {n} entrées mais seulement {m} noms distincts"
                    ),
                );
            }
            None => {}
        }
        let keep = self.limits.max_name_len.saturating_add(1);
        for index in 0..archive.len() {
            if self.count_entry() == Flow::Stop {
                return Ok(());
            }
            let meta = match archive.by_index_raw(index) {
                Ok(f) => ZipMeta {
                    copies: copies
                        .get(f.name_raw().get(..keep).unwrap_or(f.name_raw()))
                        .copied()
                        .unwrap_or(1),
                    name: f.name().to_string(),
                    dir: f.is_dir(),
                    mode: f.unix_mode(),
                    size: f.size(),
                    encrypted: f.encrypted(),
                },
                Err(e) => {
                    let label = self.label.clone();
                    self.stop_diag(
                        Stop::Corrupt(e.to_string()),
                        &label,
                        Code::ArchCorrupt,
                        false,
                    );
                    return Ok(());
                }
            };
            if meta.dir {
                continue;
            }
            let raw = meta.name;
            if meta.copies > 1 {
                let n = meta.copies;
                self.refuse(
                    Code::ArchDuplicate,
                    &raw,
                    &format!("appears {n} times in the central directory; no copy is read"),
                    &format!(
                        "apparaît {n} fois dans le répertoire central ; aucune copie n'est lue"
                    ),
                );
                continue;
            }
            let name = match check_name(&raw, self.limits) {
                Verdict::Accept(_) => raw.clone(),
                Verdict::Directory => continue,
                _ => {
                    let _ = self.accept_name(&raw);
                    continue;
                }
            };
            // Unix file type bits, when the zip was made on Unix.
            let refused = match meta.mode.map(|m| m & 0o170_000) {
                None | Some(0 | 0o100_000) => None,
                Some(0o120_000) => Some((
                    Code::ArchSymlink,
                    "is a symbolic link",
                    "est un lien symbolique",
                )),
                Some(0o040_000) => continue,
                Some(_) => Some((
                    Code::ArchSpecial,
                    "is not a regular file",
                    "n'est pas un fichier ordinaire",
                )),
            };
            if let Some((code, en, fr)) = refused {
                self.refuse(code, &name, en, fr);
                continue;
            }
            if meta.encrypted {
                self.refuse(Code::ArchUnsupported, &name, "is encrypted", "est chiffrée");
                continue;
            }
            let Some(name) = self.accept_name(&name) else {
                continue;
            };
            if self.check_size(&name, meta.size) == Flow::Stop {
                return Ok(());
            }
            let mut zf = match archive.by_index(index) {
                Ok(zf) => zf,
                Err(zip::result::ZipError::UnsupportedArchive(why)) => {
                    self.refuse(
                        Code::ArchUnsupported,
                        &name,
                        &format!("is not supported: {why}"),
                        &format!("n'est pas prise en charge : {why}"),
                    );
                    continue;
                }
                Err(e) => {
                    self.refuse(
                        Code::ArchCorrupt,
                        &name,
                        &format!("cannot be read: {e}"),
                        &format!("ne peut pas être lue ({e})"),
                    );
                    continue;
                }
            };
            let info = EntryInfo {
                name,
                size: meta.size,
                index,
            };
            let mut limited = TotalLimit {
                inner: &mut zf,
                meter,
                limits: self.limits,
                check_ratio: true,
            };
            if self.deliver(&info, &mut limited, Mode::ZIP)? == Flow::Stop {
                return Ok(());
            }
        }
        Ok(())
    }
}

struct ZipMeta {
    /// How many times the name appears in the central directory.
    copies: usize,
    name: String,
    dir: bool,
    mode: Option<u32>,
    size: u64,
    encrypted: bool,
}

/// What the end-of-central-directory record of a zip announces, read
/// before the zip crate parses the central directory.
struct ZipDirectory {
    /// Number of entries announced.
    entries: u64,
    /// The raw names of the central directory, in order (each cut to
    /// `max_name_len + 1` bytes), when the directory could be walked.
    names: Option<Vec<Vec<u8>>>,
}

/// Reads the end-of-central-directory record (zip64 included) so that a
/// file announcing millions of entries is refused without building them,
/// and walks the central directory for the names: the zip crate keeps one
/// entry per name, so duplicates must be found here. `None` when no record
/// is found (the zip crate then reports the corruption).
fn zip_directory(file: &mut File, limits: &ReadLimits) -> Option<ZipDirectory> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let len = file.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(22 + 65_535);
    file.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = Vec::with_capacity(usize::try_from(tail_len).ok()?);
    file.by_ref().take(tail_len).read_to_end(&mut tail).ok()?;
    let pos = tail.windows(4).rposition(|w| w == EOCD)?;
    let eocd = tail.get(pos..)?;
    let le16 = |b: &[u8], at: usize| -> Option<u64> {
        Some(u64::from(u16::from_le_bytes(
            b.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let le32 = |b: &[u8], at: usize| -> Option<u64> {
        Some(u64::from(u32::from_le_bytes(
            b.get(at..at + 4)?.try_into().ok()?,
        )))
    };
    let le64 = |b: &[u8], at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
    };
    let mut entries = le16(eocd, 10)?;
    let mut cd_size = le32(eocd, 12)?;
    let mut cd_offset = le32(eocd, 16)?;
    if entries == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        // Zip64: the locator sits just before the EOCD record.
        let loc = pos
            .checked_sub(20)
            .and_then(|start| tail.get(start..pos))
            .filter(|loc| loc.starts_with(b"PK\x06\x07"));
        if let Some(loc) = loc {
            file.seek(SeekFrom::Start(le64(loc, 8)?)).ok()?;
            let mut rec = [0u8; 56];
            file.read_exact(&mut rec).ok()?;
            if !rec.starts_with(b"PK\x06\x06") {
                return None;
            }
            entries = le64(&rec, 32)?;
            cd_size = le64(&rec, 40)?;
            cd_offset = le64(&rec, 48)?;
        }
    }
    if entries > limits.max_entries as u64 {
        return Some(ZipDirectory {
            entries,
            names: None,
        });
    }
    let names = walk_central_directory(file, cd_offset, cd_size, entries, limits);
    Some(ZipDirectory { entries, names })
}

fn walk_central_directory(
    file: &mut File,
    offset: u64,
    size: u64,
    entries: u64,
    limits: &ReadLimits,
) -> Option<Vec<Vec<u8>>> {
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut cd = io::BufReader::new(file.by_ref().take(size));
    let keep = limits.max_name_len.saturating_add(1);
    let mut names = Vec::new();
    for _ in 0..entries {
        let mut fixed = [0u8; 46];
        cd.read_exact(&mut fixed).ok()?;
        if !fixed.starts_with(b"PK\x01\x02") {
            return None;
        }
        let field = |at: usize| -> Option<u64> {
            Some(u64::from(u16::from_le_bytes(
                fixed.get(at..at + 2)?.try_into().ok()?,
            )))
        };
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let mut name = Vec::new();
        cd.by_ref().take(name_len).read_to_end(&mut name).ok()?;
        if name.len() as u64 != name_len {
            return None;
        }
        name.truncate(keep);
        names.push(name);
        let skip = extra_len + comment_len;
        let skipped = io::copy(&mut cd.by_ref().take(skip), &mut io::sink()).ok()?;
        if skipped != skip {
            return None;
        }
    }
    Some(names)
}
