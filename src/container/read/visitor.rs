//! The visitor shared by every kind of source: names accepted once, limits
//! counted, entries handed to the callback, failures turned into
//! diagnostics. In-memory files are read here; folders, tar and zip in
//! their own files.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::limits::ReadLimits;
use super::limits::{EntryReader, Meter, Stop};
use super::names::{check_name, Verdict};
use super::source::EntryInfo;
use crate::diagnostic::{Code, Diagnostic};

pub(super) type Callback<'f> = dyn FnMut(&EntryInfo, &mut dyn Read) -> io::Result<()> + 'f;

/// How [`Visitor::deliver`] treats read errors of an entry.
#[derive(Clone, Copy)]
pub(super) struct Mode {
    /// Code of a read error.
    pub(super) corrupt: Code,
    /// Whether reading goes on with the next entry after a read error.
    pub(super) resume: bool,
    /// Whether what the callback left unread is read (and checked).
    pub(super) drain: bool,
}

impl Mode {
    /// Files of a folder or of memory: one unreadable file does not stop
    /// the others.
    pub(super) const UNREADABLE: Mode = Mode {
        corrupt: Code::ArchUnreadable,
        resume: true,
        drain: false,
    };
    /// A tar stream cannot resynchronise after an error; the rest of an
    /// entry is read anyway to reach the next header, so check it.
    pub(super) const TAR: Mode = Mode {
        corrupt: Code::ArchCorrupt,
        resume: false,
        drain: true,
    };
    /// A corrupt zip entry does not prevent reading the next ones.
    pub(super) const ZIP: Mode = Mode {
        corrupt: Code::ArchCorrupt,
        resume: true,
        drain: false,
    };
}

/// What to do after an entry.
#[derive(PartialEq, Eq)]
pub(super) enum Flow {
    Continue,
    Stop,
}

pub(super) struct Visitor<'a, 'f> {
    pub(super) limits: &'a ReadLimits,
    /// Shared with the counting readers, hence not owned.
    pub(super) meter: &'a Meter,
    pub(super) diags: Vec<Diagnostic>,
    /// Lower-cased accepted name → accepted name.
    pub(super) names: HashMap<String, String>,
    /// Entries seen so far.
    pub(super) seen: usize,
    /// Sum of the announced sizes of accepted entries.
    pub(super) declared_total: u64,
    pub(super) label: String,
    pub(super) callback: &'f mut Callback<'f>,
}

impl Visitor<'_, '_> {
    pub(super) fn push(&mut self, code: Code, file: &str, en: String, fr: String) {
        self.diags.push(Diagnostic::on_file(code, file, en, fr));
    }

    pub(super) fn refuse(&mut self, code: Code, file: &str, en: &str, fr: &str) {
        self.push(
            code,
            file,
            format!("entry {file:?}: {en}"),
            format!("entrée {file:?} : {fr}"),
        );
    }

    pub(super) fn source_problem(&mut self, code: Code, en: String, fr: String) {
        let label = self.label.clone();
        self.push(code, &label, en, fr);
    }

    pub(super) fn limit_stop(&mut self, code: Code, file: &str, en: String, fr: String) -> Flow {
        self.push(code, file, en, fr);
        Flow::Stop
    }

    /// Counts one entry; `Stop` past the entry limit.
    pub(super) fn count_entry(&mut self) -> Flow {
        self.seen += 1;
        if self.seen > self.limits.max_entries {
            let max = self.limits.max_entries;
            let label = self.label.clone();
            return self.limit_stop(
                Code::LimitEntries,
                &label,
                format!("more than {max} entries"),
                format!("plus de {max} entrées"),
            );
        }
        Flow::Continue
    }

    /// Checks a name for a regular file. `Some(name)` when accepted.
    pub(super) fn accept_name(&mut self, raw: &str) -> Option<String> {
        match check_name(raw, self.limits) {
            Verdict::Accept(name) => {
                let key = name.to_lowercase();
                if let Some(prev) = self.names.get(&key) {
                    if *prev == name {
                        self.refuse(
                            Code::ArchDuplicate,
                            &name,
                            "appears twice; the second one is refused",
                            "apparaît deux fois ; la seconde est refusée",
                        );
                    } else {
                        let prev = prev.clone();
                        self.refuse(
                            Code::ArchCaseDuplicate,
                            &name,
                            &format!("differs from {prev:?} only by case; refused"),
                            &format!("ne diffère de {prev:?} que par la casse ; refusée"),
                        );
                    }
                    return None;
                }
                self.names.insert(key, name.clone());
                Some(name)
            }
            Verdict::Refuse(code, en, fr) => {
                self.refuse(code, raw, en, fr);
                None
            }
            Verdict::Nested(name) => {
                self.refuse(
                    Code::ArchNested,
                    &name,
                    "is inside a subfolder; not read",
                    "est dans un sous-dossier ; non lue",
                );
                None
            }
            Verdict::Directory => None,
        }
    }

    /// Checks the announced size of an accepted entry against the limits.
    pub(super) fn check_size(&mut self, name: &str, size: u64) -> Flow {
        let l = self.limits;
        if size > l.max_entry_bytes {
            let max = l.max_entry_bytes;
            return self.limit_stop(
                Code::LimitEntrySize,
                name,
                format!("entry {name:?} announces {size} bytes, more than the limit of {max}"),
                format!("l'entrée {name:?} annonce {size} octets, plus que la limite de {max}"),
            );
        }
        self.declared_total = self.declared_total.saturating_add(size);
        if self.declared_total > l.max_total_bytes {
            let max = l.max_total_bytes;
            return self.limit_stop(
                Code::LimitTotalSize,
                name,
                format!("the entries announce more than {max} bytes in total"),
                format!("les entrées annoncent plus de {max} octets au total"),
            );
        }
        Flow::Continue
    }

    /// Hands an entry to the callback and turns reader failures into
    /// diagnostics.
    pub(super) fn deliver(
        &mut self,
        info: &EntryInfo,
        content: &mut dyn Read,
        mode: Mode,
    ) -> io::Result<Flow> {
        let mut reader = EntryReader {
            inner: content,
            meter: self.meter,
            count: 0,
            max: self.limits.max_entry_bytes,
            announced: Some(info.size),
        };
        let mut result = (self.callback)(info, &mut reader);
        if mode.drain && result.is_ok() && !self.meter.stopped() {
            // Read what the callback left, so that a truncated entry is
            // reported even when the callback did not read it all.
            result = io::copy(&mut reader, &mut io::sink()).map(|_| ());
        }
        let (corrupt, resume) = (mode.corrupt, mode.resume);
        match (self.meter.take_stop(), result) {
            (Some(stop), _) => Ok(self.stop_diag(stop, &info.name, corrupt, resume)),
            (None, Ok(())) => Ok(Flow::Continue),
            (None, Err(e)) => Err(e),
        }
    }

    pub(super) fn stop_diag(
        &mut self,
        stop: Stop,
        file: &str,
        corrupt: Code,
        resume: bool,
    ) -> Flow {
        match stop {
            Stop::Limit(code, en, fr) => self.limit_stop(
                code,
                file,
                format!("entry {file:?}: {en}; reading stopped"),
                format!("entrée {file:?} : {fr} ; lecture interrompue"),
            ),
            Stop::Corrupt(why) => {
                self.push(
                    corrupt,
                    file,
                    format!("entry {file:?} cannot be read: {why}"),
                    format!("l'entrée {file:?} ne peut pas être lue : {why}"),
                );
                if resume {
                    Flow::Continue
                } else {
                    Flow::Stop
                }
            }
        }
    }

    pub(super) fn open(&mut self, path: &Path) -> Option<File> {
        match File::open(path) {
            Ok(f) => Some(f),
            Err(e) => {
                self.source_problem(
                    Code::ArchUnreadable,
                    format!("cannot open {}: {e}", path.display()),
                    format!("impossible d'ouvrir {} : {e}", path.display()),
                );
                None
            }
        }
    }

    pub(super) fn empty_file(&mut self, file: &File) -> bool {
        if file.metadata().is_ok_and(|m| m.len() == 0) {
            self.source_problem(
                Code::ArchCorrupt,
                "the archive is an empty file".into(),
                "l'archive est un fichier vide".into(),
            );
            return true;
        }
        false
    }

    // -------------------------------------------------------------- memory

    pub(super) fn memory(&mut self, files: &[(String, Vec<u8>)]) -> io::Result<()> {
        for (index, (raw, content)) in files.iter().enumerate() {
            if self.count_entry() == Flow::Stop {
                return Ok(());
            }
            let Some(name) = self.accept_name(raw) else {
                continue;
            };
            let size = content.len() as u64;
            if self.check_size(&name, size) == Flow::Stop {
                return Ok(());
            }
            let info = EntryInfo { name, size, index };
            let mut reader = content.as_slice();
            if self.deliver(&info, &mut reader, Mode::UNREADABLE)? == Flow::Stop {
                return Ok(());
            }
        }
        Ok(())
    }
}
