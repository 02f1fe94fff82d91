//! The resource limits of reading, and the counting readers that enforce
//! them while decompressing (a bomb is never decompressed beyond a limit).

use std::cell::{Cell, RefCell};
use std::io::{self, Read, Seek, SeekFrom};

use crate::diagnostic::Code;

/// Resource limits applied when reading a container. See `SECURITY.md`.
///
/// ```
/// use actes::container::read::ReadLimits;
/// let limits = ReadLimits { max_entries: 100, ..Default::default() };
/// assert_eq!(limits.max_entry_bytes, 160 * 1024 * 1024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLimits {
    /// Maximum number of entries, counting every entry seen (directories,
    /// refused entries). Default 10 000.
    pub max_entries: usize,
    /// Maximum decompressed size of one entry. Default 160 MiB (the
    /// protocol caps a transmission at 150 MiB, §11.2).
    pub max_entry_bytes: u64,
    /// Maximum total decompressed bytes. For tar and tar.gz this counts the
    /// whole decompressed tar stream (headers and padding included). Default
    /// 320 MiB.
    pub max_total_bytes: u64,
    /// Maximum ratio of decompressed to compressed bytes read so far,
    /// checked once the decompressed output passes
    /// [`ratio_threshold`](Self::ratio_threshold). Default 200 (deflate
    /// reaches about 1 000 on zeros; PDF and XML stay far below 50).
    pub max_ratio: u64,
    /// Decompressed bytes below which the ratio is not checked (small files
    /// of repetitive XML compress well). Default 1 MiB.
    pub ratio_threshold: u64,
    /// Maximum length of an entry name in bytes. Default 255.
    pub max_name_len: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_entries: 10_000,
            max_entry_bytes: 160 * 1024 * 1024,
            max_total_bytes: 320 * 1024 * 1024,
            max_ratio: 200,
            ratio_threshold: 1024 * 1024,
            max_name_len: 255,
        }
    }
}

/// Why reading stopped inside a reader.
#[derive(Debug, Clone)]
pub(super) enum Stop {
    Limit(Code, String, String),
    Corrupt(String),
}

/// Counters shared by the readers of one visit.
#[derive(Default)]
pub(super) struct Meter {
    /// Bytes read from the compressed file.
    compressed: Cell<u64>,
    /// Decompressed bytes produced.
    total: Cell<u64>,
    stop: RefCell<Option<Stop>>,
}

impl Meter {
    pub(super) fn set_stop(&self, stop: Stop) {
        let mut s = self.stop.borrow_mut();
        if s.is_none() {
            *s = Some(stop);
        }
    }

    pub(super) fn take_stop(&self) -> Option<Stop> {
        self.stop.borrow_mut().take()
    }

    pub(super) fn stopped(&self) -> bool {
        self.stop.borrow().is_some()
    }
}

pub(super) fn stop_error() -> io::Error {
    io::Error::other("reading stopped by a container limit")
}

/// Counts bytes read from the underlying (compressed) file.
pub(super) struct CountIn<'m, R> {
    pub(super) inner: R,
    pub(super) meter: &'m Meter,
}

impl<R: Read> Read for CountIn<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.meter
            .compressed
            .set(self.meter.compressed.get().saturating_add(n as u64));
        Ok(n)
    }
}

impl<R: Seek> Seek for CountIn<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Counts decompressed bytes against the total and ratio limits.
pub(super) struct TotalLimit<'m, 'l, R> {
    pub(super) inner: R,
    pub(super) meter: &'m Meter,
    pub(super) limits: &'l ReadLimits,
    pub(super) check_ratio: bool,
}

impl<R: Read> Read for TotalLimit<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.meter.stopped() {
            return Err(stop_error());
        }
        let total = self.meter.total.get();
        // Never produce more than one byte past the limit.
        let room = self
            .limits
            .max_total_bytes
            .saturating_sub(total)
            .saturating_add(1);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = match self.inner.read(buf.get_mut(..want).unwrap_or_default()) {
            Ok(n) => n,
            Err(e) => {
                if e.kind() != io::ErrorKind::Interrupted {
                    self.meter.set_stop(Stop::Corrupt(e.to_string()));
                }
                return Err(e);
            }
        };
        let total = total.saturating_add(n as u64);
        self.meter.total.set(total);
        let l = self.limits;
        if total > l.max_total_bytes {
            self.meter.set_stop(Stop::Limit(
                Code::LimitTotalSize,
                format!("more than {} bytes once decompressed", l.max_total_bytes),
                format!("plus de {} octets une fois décompressé", l.max_total_bytes),
            ));
            return Err(stop_error());
        }
        if self.check_ratio && total > l.ratio_threshold {
            let compressed = self.meter.compressed.get().max(1);
            if total > l.max_ratio.saturating_mul(compressed) {
                self.meter.set_stop(Stop::Limit(
                    Code::LimitRatio,
                    format!(
                        "{total} bytes decompressed from {compressed}: ratio above {}:1",
                        l.max_ratio
                    ),
                    format!(
                        "{total} octets décompressés à partir de {compressed} : taux supérieur à {}:1",
                        l.max_ratio
                    ),
                ));
                return Err(stop_error());
            }
        }
        Ok(n)
    }
}

/// The reader handed to the callback: per-entry limit, optional announced
/// size, and records read errors as corruption.
pub(super) struct EntryReader<'m, R> {
    pub(super) inner: R,
    pub(super) meter: &'m Meter,
    pub(super) count: u64,
    pub(super) max: u64,
    pub(super) announced: Option<u64>,
}

impl<R: Read> Read for EntryReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.meter.stopped() {
            return Err(stop_error());
        }
        let cap = self.max.min(self.announced.unwrap_or(u64::MAX));
        let room = cap.saturating_sub(self.count).saturating_add(1);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = match self.inner.read(buf.get_mut(..want).unwrap_or_default()) {
            Ok(n) => n,
            Err(e) => {
                if e.kind() != io::ErrorKind::Interrupted {
                    self.meter.set_stop(Stop::Corrupt(e.to_string()));
                }
                return Err(e);
            }
        };
        if n == 0 && want > 0 {
            if let Some(a) = self.announced.filter(|a| self.count < *a) {
                self.meter.set_stop(Stop::Corrupt(format!(
                    "the content ends after {} of the {a} bytes announced",
                    self.count
                )));
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "truncated entry",
                ));
            }
        }
        self.count = self.count.saturating_add(n as u64);
        if self.count > self.max {
            self.meter.set_stop(Stop::Limit(
                Code::LimitEntrySize,
                format!("more than {} bytes once decompressed", self.max),
                format!("plus de {} octets une fois décompressée", self.max),
            ));
            return Err(stop_error());
        }
        if let Some(a) = self.announced {
            if self.count > a {
                self.meter.set_stop(Stop::Corrupt(format!(
                    "the entry holds more than the {a} bytes its header announces"
                )));
                return Err(stop_error());
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_reader_checks_announced_size() {
        let meter = Meter::default();
        let mut r = EntryReader {
            inner: &b"12345"[..],
            meter: &meter,
            count: 0,
            max: 100,
            announced: Some(10),
        };
        let mut out = Vec::new();
        assert!(r.read_to_end(&mut out).is_err());
        assert!(matches!(meter.take_stop(), Some(Stop::Corrupt(_))));

        let mut r = EntryReader {
            inner: &b"12345"[..],
            meter: &meter,
            count: 0,
            max: 4,
            announced: Some(5),
        };
        assert!(r.read_to_end(&mut Vec::new()).is_err());
        assert!(matches!(
            meter.take_stop(),
            Some(Stop::Limit(Code::LimitEntrySize, _, _))
        ));
    }
}
