//! Atomic file output: a file appears complete at its destination, or not at
//! all — even when the process is killed or the disk fills up.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

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

/// Named temporary files not yet committed or dropped, for
/// [`remove_pending`].
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every named temporary file of this process that is still being
/// written (none when the files are unnamed, as on Linux). For a program
/// that is told to stop (`SIGINT`, `SIGTERM`): call it from the thread that
/// handles the signal, then exit. The [`AtomicFile`]s concerned can no
/// longer be committed (their commit fails).
pub fn remove_pending() {
    let paths = match PENDING.lock() {
        Ok(mut p) => std::mem::take(&mut *p),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    for p in paths {
        remove_quietly(&p);
    }
}

fn pending_add(path: &Path) {
    if let Ok(mut p) = PENDING.lock() {
        p.push(path.to_path_buf());
    }
}

fn pending_remove(path: &Path) {
    if let Ok(mut p) = PENDING.lock() {
        if let Some(i) = p.iter().position(|q| q == path) {
            p.swap_remove(i);
        }
    }
}

/// Where the data is being written.
#[derive(Debug)]
enum Temp {
    /// An unnamed file of the destination folder (Linux `O_TMPFILE`); the
    /// path names it through `/proc/self/fd`.
    Unnamed(PathBuf),
    /// A hidden file of the destination folder.
    Named(PathBuf),
}

/// Atomic file output: a file appears complete at its destination, or not at
/// all — even when the process is killed or the disk fills up.
///
/// [`AtomicFile::create`] opens a temporary file in the destination's folder
/// and everything is written there. [`AtomicFile::commit`] flushes, `fsync`s
/// the file, publishes it under the destination name and `fsync`s the
/// folder. Dropping an [`AtomicFile`] without committing discards it, so an
/// error anywhere (a `?` in the middle of writing, `ENOSPC`) leaves nothing
/// behind and never touches an existing destination.
///
/// The temporary file:
/// * On Linux, an **unnamed** file (`O_TMPFILE`): it has no name until the
///   commit links it into place, so a process killed by any signal, even
///   `SIGKILL`, or a machine that loses power, leaves nothing in the folder
///   (the kernel frees the file).
/// * Elsewhere, or on a Linux file system without `O_TMPFILE`, a uniquely
///   named hidden file (`.{name}.{pid}.{n}.tmp`, created with `create_new`,
///   so never an existing file), removed on drop. Its path is also kept in a
///   process-wide list until the commit or the drop, so that a program can
///   remove it when it is told to stop: [`remove_pending`] (the `actes`
///   command does so on `SIGINT`, `SIGTERM` and `SIGHUP`). Only `SIGKILL`
///   and a crash can then leave such a file behind.
///
/// Publishing:
/// * [`Overwrite::Never`]: a hard link (`linkat` of the unnamed file, or
///   `hard_link(temp, dest)`) — the kernel refuses when `dest` exists, so
///   there is no window between "check" and "publish". On file systems
///   without hard links (FAT, some network shares: the link fails with
///   `PermissionDenied` or `Unsupported`), it falls back to "check that
///   `dest` does not exist, then rename", which has a small race with a
///   concurrent writer of the same name.
/// * [`Overwrite::Allow`]: `rename(temp, dest)`, which atomically replaces an
///   existing file. An unnamed file is linked straight to `dest` when `dest`
///   does not exist; otherwise it is linked to a hidden name then renamed
///   over `dest` (a process killed between those two calls leaves that
///   hidden name; an existing `dest` is intact either way).
///
/// ```
/// use std::io::Write;
/// use actes::container::{write_atomic, Overwrite};
///
/// let dir = tempfile::tempdir()?;
/// let dest = dir.path().join("out.txt");
/// write_atomic(&dest, Overwrite::Never, |w| w.write_all(b"hello"))?;
/// assert_eq!(std::fs::read(&dest)?, b"hello");
/// // Never refuses to replace it; the file is untouched.
/// let err = write_atomic(&dest, Overwrite::Never, |w| w.write_all(b"bye")).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
/// assert_eq!(std::fs::read(&dest)?, b"hello");
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// Implements [`Write`] (buffered). Call [`commit`](AtomicFile::commit) to
/// publish; drop to discard.
#[derive(Debug)]
pub struct AtomicFile {
    /// `None` once published or discarded.
    out: Option<BufWriter<File>>,
    temp: Temp,
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
        Self::create_as(dest, overwrite, true)
    }

    /// [`create`](Self::create), with an unnamed temporary file when
    /// `unnamed` and the platform has them.
    fn create_as(dest: &Path, overwrite: Overwrite, unnamed: bool) -> io::Result<AtomicFile> {
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
        let make = |file: File, temp: Temp| AtomicFile {
            out: Some(BufWriter::with_capacity(BUFFER, file)),
            temp,
            dest: dest.to_path_buf(),
            dir: dir.clone(),
            overwrite,
        };
        if unnamed {
            if let Some((file, path)) = unnamed::create(&dir)? {
                return Ok(make(file, Temp::Unnamed(path)));
            }
        }
        let (file, temp) = create_named(&dir, name)?;
        pending_add(&temp);
        Ok(make(file, Temp::Named(temp)))
    }

    /// The destination path.
    #[must_use]
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// The temporary file being written: a hidden file of the destination
    /// folder (removed on drop or commit), or, for an unnamed file (Linux),
    /// its `/proc/self/fd/N` path.
    #[must_use]
    pub fn temp_path(&self) -> &Path {
        match &self.temp {
            Temp::Unnamed(p) | Temp::Named(p) => p,
        }
    }

    /// Flushes, `fsync`s and publishes the file under its destination name,
    /// then `fsync`s the folder (errors of that last step are ignored on
    /// platforms that cannot open a folder).
    ///
    /// On error the temporary file is discarded and the destination is left
    /// as it was.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(out) = self.out.take() else {
            return Err(io::Error::other("atomic file already finished"));
        };
        let file = match out.into_inner() {
            Ok(f) => f,
            Err(e) => {
                let err = io::Error::new(e.error().kind(), e.error().to_string());
                drop(e);
                self.discard();
                return Err(err);
            }
        };
        let published = file.sync_all().and_then(|()| self.publish(file));
        if published.is_err() {
            self.discard();
        }
        published?;
        if let Temp::Named(p) = &self.temp {
            pending_remove(p);
        }
        sync_dir(&self.dir);
        Ok(())
    }

    /// Removes the named temporary file (an unnamed one vanishes when
    /// closed).
    fn discard(&self) {
        if let Temp::Named(p) = &self.temp {
            pending_remove(p);
            remove_quietly(p);
        }
    }

    fn publish(&self, file: File) -> io::Result<()> {
        let temp = match &self.temp {
            Temp::Named(temp) => {
                drop(file);
                // `remove_pending` may have removed it (the program is
                // stopping): never publish a half-removed file.
                if !PENDING.lock().map_or(true, |p| p.contains(temp)) {
                    return Err(io::Error::other("the temporary file was removed"));
                }
                temp
            }
            Temp::Unnamed(_) => return self.publish_unnamed(&file),
        };
        match self.overwrite {
            Overwrite::Allow => fs::rename(temp, &self.dest),
            Overwrite::Never => match fs::hard_link(temp, &self.dest) {
                Ok(()) => {
                    // The data is published; failing to remove the temporary
                    // name only leaves a second link to the same file.
                    remove_quietly(temp);
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
                    fs::rename(temp, &self.dest)
                }
                Err(e) => Err(e),
            },
        }
    }

    fn publish_unnamed(&self, file: &File) -> io::Result<()> {
        match unnamed::link(file, &self.dest) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match self.overwrite {
                Overwrite::Never => Err(already_exists(&self.dest)),
                Overwrite::Allow => {
                    // Link under a hidden name, then rename over `dest`.
                    let name = self.dest.file_name().unwrap_or_default();
                    let mut last_err = None;
                    for _ in 0..MAX_ATTEMPTS {
                        let temp = self.dir.join(temp_name(name));
                        match unnamed::link(file, &temp) {
                            Ok(()) => {
                                return fs::rename(&temp, &self.dest)
                                    .inspect_err(|_| remove_quietly(&temp))
                            }
                            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                                last_err = Some(e);
                            }
                            Err(e) => return Err(e),
                        }
                    }
                    Err(last_err.unwrap_or_else(|| already_exists(&self.dest)))
                }
            },
            Err(e) => Err(e),
        }
    }
}

/// `.{name}.{pid}.{n}.tmp`, a new name at each call.
fn temp_name(name: &OsStr) -> OsString {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut temp_name = OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.{n}.tmp", std::process::id()));
    temp_name
}

/// Creates a new hidden file in `dir` for the destination `name`.
fn create_named(dir: &Path, name: &OsStr) -> io::Result<(File, PathBuf)> {
    let mut last_err = None;
    for _ in 0..MAX_ATTEMPTS {
        let temp = dir.join(temp_name(name));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((file, temp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_err.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)))
}

/// Unnamed temporary files (Linux `O_TMPFILE`).
#[cfg(target_os = "linux")]
mod unnamed {
    use std::fs::File;
    use std::io;
    use std::os::fd::AsRawFd;
    use std::path::{Path, PathBuf};

    use rustix::fs::{linkat, openat, AtFlags, Mode, OFlags, CWD};
    use rustix::io::Errno;

    /// An unnamed file in `dir` and its `/proc/self/fd` path; `None` when
    /// the kernel or the file system has no `O_TMPFILE`.
    pub(super) fn create(dir: &Path) -> io::Result<Option<(File, PathBuf)>> {
        let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
        match openat(CWD, dir, flags, Mode::from_raw_mode(0o666)) {
            Ok(fd) => {
                let file = File::from(fd);
                let path = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
                Ok(Some((file, path)))
            }
            // EOPNOTSUPP: the file system; EISDIR, EINVAL: the kernel.
            Err(e) if [Errno::OPNOTSUPP, Errno::ISDIR, Errno::INVAL].contains(&e) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Gives the unnamed `file` the name `dest` (fails with
    /// `AlreadyExists` when `dest` exists).
    pub(super) fn link(file: &File, dest: &Path) -> io::Result<()> {
        let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
        match linkat(CWD, proc.as_str(), CWD, dest, AtFlags::SYMLINK_FOLLOW) {
            // No /proc: AT_EMPTY_PATH (needs CAP_DAC_READ_SEARCH on older
            // kernels).
            Err(Errno::NOENT) if !Path::new("/proc/self/fd").exists() => {
                linkat(file, "", CWD, dest, AtFlags::EMPTY_PATH).map_err(io::Error::from)
            }
            r => r.map_err(io::Error::from),
        }
    }
}

/// No unnamed files on this platform: always the named fallback.
#[cfg(not(target_os = "linux"))]
mod unnamed {
    use std::fs::File;
    use std::io;
    use std::path::{Path, PathBuf};

    pub(super) fn create(_dir: &Path) -> io::Result<Option<(File, PathBuf)>> {
        Ok(None)
    }

    pub(super) fn link(_file: &File, _dest: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
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
            self.discard();
        }
    }
}

/// Writes `dest` atomically with `write`: the file is committed only when the
/// closure returns `Ok`; on any error (from the closure or the commit)
/// nothing is left behind and an existing `dest` is intact.
///
/// ```
/// use std::io::Write;
/// use actes::container::{write_atomic, Overwrite};
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

    /// The tests that create named temporary files (which
    /// [`remove_pending`] removes, whoever made them).
    static NAMED: Mutex<()> = Mutex::new(());

    #[test]
    fn temp_name_is_hidden_and_in_the_same_folder() -> io::Result<()> {
        let _named = NAMED.lock();
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("a.tar.gz");
        let f = AtomicFile::create_as(&dest, Overwrite::Never, false)?;
        assert_eq!(f.temp_path().parent(), Some(dir.path()));
        let temp_name = f
            .temp_path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let temp_name = temp_name.unwrap_or_default();
        assert!(temp_name.starts_with(".a.tar.gz."), "{temp_name}");
        assert!(
            std::path::Path::new(&temp_name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("tmp")),
            "{temp_name}"
        );
        assert_eq!(names(dir.path()), vec![temp_name]);
        drop(f);
        assert!(names(dir.path()).is_empty());
        Ok(())
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_temporary_file_has_no_name_on_linux() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("a.tar.gz");
        let mut f = AtomicFile::create(&dest, Overwrite::Never)?;
        assert!(matches!(f.temp, Temp::Unnamed(_)), "{:?}", f.temp);
        f.write_all(&[1; 100_000])?;
        f.flush()?;
        assert!(names(dir.path()).is_empty());
        f.commit()?;
        assert_eq!(names(dir.path()), vec!["a.tar.gz".to_string()]);
        // Replacing an existing file.
        let mut f = AtomicFile::create(&dest, Overwrite::Allow)?;
        f.write_all(b"new")?;
        f.commit()?;
        assert_eq!(fs::read(&dest)?, b"new");
        assert_eq!(names(dir.path()), vec!["a.tar.gz".to_string()]);
        Ok(())
    }

    #[test]
    fn named_files_are_removed_by_remove_pending() -> io::Result<()> {
        let _named = NAMED.lock();
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("b.bin");
        let mut f = AtomicFile::create_as(&dest, Overwrite::Allow, false)?;
        f.write_all(b"partial")?;
        f.flush()?;
        assert_eq!(names(dir.path()).len(), 1);
        remove_pending();
        assert!(names(dir.path()).is_empty());
        // It can no longer be published.
        assert!(f.commit().is_err());
        assert!(names(dir.path()).is_empty());
        // Named files commit as before, and leave the list.
        for overwrite in [Overwrite::Never, Overwrite::Allow] {
            let mut f = AtomicFile::create_as(&dest, overwrite, false)?;
            f.write_all(b"whole")?;
            f.commit()?;
            assert_eq!(fs::read(&dest)?, b"whole");
        }
        assert_eq!(names(dir.path()), vec!["b.bin".to_string()]);
        assert!(PENDING.lock().is_ok_and(|p| p.is_empty()));
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
