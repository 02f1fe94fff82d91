//! Atomic file output: a file appears complete at its destination, or not at
//! all.
//!
//! [`AtomicFile::create`] opens a uniquely named hidden temporary file in the
//! destination's folder (`.{name}.{pid}.{n}.tmp`, created with `create_new`,
//! so never an existing file). Everything is written there. [`AtomicFile::commit`]
//! flushes, `fsync`s the file, publishes it under the destination name and
//! `fsync`s the folder. Dropping an [`AtomicFile`] without committing removes
//! the temporary file, so an error anywhere (a `?` in the middle of writing)
//! leaves nothing behind and never touches an existing destination.
//!
//! Publishing:
//! * [`Overwrite::Never`]: `hard_link(temp, dest)` — the kernel refuses when
//!   `dest` exists, so there is no window between "check" and "publish" —
//!   then the temporary name is removed. On file systems without hard links
//!   (FAT, some network shares: the link fails with `PermissionDenied` or
//!   `Unsupported`), it falls back to "check that `dest` does not exist, then
//!   rename", which has a small race with a concurrent writer of the same
//!   name.
//! * [`Overwrite::Allow`]: `rename(temp, dest)`, which atomically replaces an
//!   existing file.
//!
//! ```
//! use std::io::Write;
//! use actes::container::atomic::{write_atomic, Overwrite};
//!
//! let dir = tempfile::tempdir()?;
//! let dest = dir.path().join("out.txt");
//! write_atomic(&dest, Overwrite::Never, |w| w.write_all(b"hello"))?;
//! assert_eq!(std::fs::read(&dest)?, b"hello");
//! // Never refuses to replace it; the file is untouched.
//! let err = write_atomic(&dest, Overwrite::Never, |w| w.write_all(b"bye")).unwrap_err();
//! assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
//! assert_eq!(std::fs::read(&dest)?, b"hello");
//! # Ok::<(), std::io::Error>(())
//! ```

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Whether publishing may replace an existing destination file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Overwrite {
    /// Refuse (error kind `AlreadyExists`) if the destination exists, both
    /// when creating the [`AtomicFile`] and, without race, when committing.
    #[default]
    Never,
    /// Replace an existing destination atomically.
    Allow,
}

/// Size of the write buffer in front of the temporary file.
const BUFFER: usize = 64 * 1024;
/// How many temporary names are tried before giving up.
const MAX_ATTEMPTS: u32 = 64;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A file being written atomically. See the [module documentation](self).
///
/// Implements [`Write`] (buffered). Call [`commit`](AtomicFile::commit) to
/// publish; drop to discard.
#[derive(Debug)]
pub struct AtomicFile {
    /// `None` once published or discarded.
    out: Option<BufWriter<File>>,
    temp: PathBuf,
    dest: PathBuf,
    dir: PathBuf,
    overwrite: Overwrite,
}

impl AtomicFile {
    /// Creates the temporary file for `dest`.
    ///
    /// Fails with `AlreadyExists` when `dest` exists (as a file, a folder or
    /// a symbolic link) and `overwrite` is [`Overwrite::Never`], and with
    /// `InvalidInput` when `dest` has no file name.
    pub fn create(dest: &Path, overwrite: Overwrite) -> io::Result<AtomicFile> {
        let name = dest.file_name().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: not a file path", dest.display()),
            )
        })?;
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if overwrite == Overwrite::Never && dest.symlink_metadata().is_ok() {
            return Err(already_exists(dest));
        }
        let pid = std::process::id();
        let mut last_err = None;
        for _ in 0..MAX_ATTEMPTS {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let mut temp_name = OsString::from(".");
            temp_name.push(name);
            temp_name.push(format!(".{pid}.{n}.tmp"));
            let temp = dir.join(temp_name);
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => {
                    return Ok(AtomicFile {
                        out: Some(BufWriter::with_capacity(BUFFER, file)),
                        temp,
                        dest: dest.to_path_buf(),
                        dir,
                        overwrite,
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last_err.unwrap_or_else(|| already_exists(dest)))
    }

    /// The destination path.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// The temporary path being written (removed on drop or commit).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Flushes, `fsync`s and publishes the file under its destination name,
    /// then `fsync`s the folder (errors of that last step are ignored on
    /// platforms that cannot open a folder).
    ///
    /// On error the temporary file is removed and the destination is left as
    /// it was.
    pub fn commit(mut self) -> io::Result<()> {
        let out = match self.out.take() {
            Some(out) => out,
            None => return Err(io::Error::other("atomic file already finished")),
        };
        let file = match out.into_inner() {
            Ok(f) => f,
            Err(e) => {
                let err = io::Error::new(e.error().kind(), e.error().to_string());
                drop(e);
                remove_quietly(&self.temp);
                return Err(err);
            }
        };
        let published = file
            .sync_all()
            .and_then(|()| {
                drop(file);
                self.publish()
            })
            .inspect_err(|_| remove_quietly(&self.temp));
        published?;
        sync_dir(&self.dir);
        Ok(())
    }

    fn publish(&self) -> io::Result<()> {
        match self.overwrite {
            Overwrite::Allow => fs::rename(&self.temp, &self.dest),
            Overwrite::Never => match fs::hard_link(&self.temp, &self.dest) {
                Ok(()) => {
                    // The data is published; failing to remove the temporary
                    // name only leaves a second link to the same file.
                    remove_quietly(&self.temp);
                    Ok(())
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    Err(already_exists(&self.dest))
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::PermissionDenied | io::ErrorKind::Unsupported
                    ) =>
                {
                    // No hard links on this file system: check, then rename.
                    if self.dest.symlink_metadata().is_ok() {
                        return Err(already_exists(&self.dest));
                    }
                    fs::rename(&self.temp, &self.dest)
                }
                Err(e) => Err(e),
            },
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.out.as_mut() {
            Some(out) => out.write(buf),
            None => Err(io::Error::other("atomic file already finished")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self.out.as_mut() {
            Some(out) => out.write_all(buf),
            None => Err(io::Error::other("atomic file already finished")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.out.as_mut() {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(out) = self.out.take() {
            // Discard buffered bytes without writing them, close, remove.
            let (file, _unwritten) = out.into_parts();
            drop(file);
            remove_quietly(&self.temp);
        }
    }
}

/// Writes `dest` atomically with `write`: the file is committed only when the
/// closure returns `Ok`; on any error (from the closure or the commit)
/// nothing is left behind and an existing `dest` is intact.
///
/// ```
/// use std::io::Write;
/// use actes::container::atomic::{write_atomic, Overwrite};
///
/// let dir = tempfile::tempdir()?;
/// let dest = dir.path().join("half.bin");
/// let r: std::io::Result<()> = write_atomic(&dest, Overwrite::Allow, |w| {
///     w.write_all(b"first half")?;
///     Err(std::io::Error::other("source vanished"))
/// });
/// assert!(r.is_err());
/// assert!(!dest.exists());
/// assert_eq!(std::fs::read_dir(dir.path())?.count(), 0); // no temporary file either
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_atomic<T>(
    dest: &Path,
    overwrite: Overwrite,
    write: impl FnOnce(&mut AtomicFile) -> io::Result<T>,
) -> io::Result<T> {
    let mut file = AtomicFile::create(dest, overwrite)?;
    let value = write(&mut file)?;
    file.commit()?;
    Ok(value)
}

fn already_exists(dest: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{} already exists", dest.display()),
    )
}

fn remove_quietly(path: &Path) {
    let _ = fs::remove_file(path);
}

/// `fsync`s a folder so that the new directory entry survives a crash.
/// Platforms that cannot open a folder as a file (Windows) skip it.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn temp_name_is_hidden_and_in_the_same_folder() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("a.tar.gz");
        let f = AtomicFile::create(&dest, Overwrite::Never)?;
        assert_eq!(f.temp_path().parent(), Some(dir.path()));
        let temp_name = f
            .temp_path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let temp_name = temp_name.unwrap_or_default();
        assert!(temp_name.starts_with(".a.tar.gz."), "{temp_name}");
        assert!(temp_name.ends_with(".tmp"), "{temp_name}");
        assert_eq!(names(dir.path()), vec![temp_name]);
        drop(f);
        assert!(names(dir.path()).is_empty());
        Ok(())
    }

    #[test]
    fn two_writers_get_distinct_temp_files() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("x");
        let a = AtomicFile::create(&dest, Overwrite::Allow)?;
        let b = AtomicFile::create(&dest, Overwrite::Allow)?;
        assert_ne!(a.temp_path(), b.temp_path());
        Ok(())
    }

    #[test]
    fn commit_with_never_loses_the_race_cleanly() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("x");
        let mut a = AtomicFile::create(&dest, Overwrite::Never)?;
        a.write_all(b"late")?;
        // Someone else publishes first.
        fs::write(&dest, b"early")?;
        let err = a.commit().err().map(|e| e.kind());
        assert_eq!(err, Some(io::ErrorKind::AlreadyExists));
        assert_eq!(fs::read(&dest)?, b"early");
        assert_eq!(names(dir.path()), vec!["x".to_string()]);
        Ok(())
    }

    #[test]
    fn relative_bare_name_uses_current_folder_semantics() {
        let f = AtomicFile::create(Path::new(""), Overwrite::Allow);
        assert_eq!(f.err().map(|e| e.kind()), Some(io::ErrorKind::InvalidInput));
    }
}
