//! A deterministic, streaming tar.gz writer (emission profile E13).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Read, Write};

use flate2::Compression;
use sha2::{Digest, Sha256};

mod chunk;

/// The default level: 6 (libdeflate's level 6 on what compresses).
///
/// Every chunk of the tar stream (each entry's start, then every MiB) is
/// first tried cheaply: a chunk that does not compress (PDF, PNG, JPEG) is
/// stored, one that does (XML, uncompressed PDF) is deflated by libdeflate
/// at this level, on every core. Measured (`BENCHMARKS.md`, "Archive
/// building"): on a 40 MB budget XML, level 6 gives an archive about 1 %
/// smaller than `tar | gzip -9`, several times faster; on incompressible
/// PDFs the archive is the size of stored blocks, built at the speed of
/// hashing. Level 0 stores everything; 1 to 12 are libdeflate's levels
/// (12: smallest and slowest).
pub const DEFAULT_LEVEL: Compression = Compression::new(6);

/// Most threads used to encode chunks (each holds two chunk buffers of
/// 1 MiB and a compressor).
pub const MAX_THREADS: usize = 8;

/// Largest value of the 11-digit octal fields of a ustar header (size,
/// mtime): 8^11 − 1.
const USTAR_MAX_OCTAL: u64 = 0o77_777_777_777;
/// Length of the ustar name field.
const USTAR_NAME_LEN: usize = 100;
/// Size of the copy buffer.
const BUFFER: usize = 64 * 1024;
const BLOCK: u64 = 512;

/// Options of a [`TarGzWriter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TarGzOptions {
    /// Modification time of every entry, in seconds since the Unix epoch
    /// (at most 8^11 − 1, the ustar maximum). Default 0.
    pub mtime: u64,
    /// Compression level, 0 (stored) to 12. Default [`DEFAULT_LEVEL`].
    /// Levels above 12 count as 12.
    pub level: Compression,
    /// Threads encoding chunks: 0 (the default) for as many as the machine
    /// has cores, at most [`MAX_THREADS`]. The output does not depend on it.
    pub threads: usize,
}

impl Default for TarGzOptions {
    fn default() -> Self {
        TarGzOptions {
            mtime: 0,
            level: DEFAULT_LEVEL,
            threads: 0,
        }
    }
}

/// Name, size and SHA-256 of one archive entry's content.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EntryDigest {
    /// Entry name.
    pub name: String,
    /// Content size in bytes.
    pub size: u64,
    /// SHA-256 of the content.
    #[cfg_attr(feature = "serde", serde(with = "hex32"))]
    pub sha256: [u8; 32],
}

impl EntryDigest {
    /// The SHA-256 as 64 lower-case hexadecimal digits.
    #[must_use]
    pub fn sha256_hex(&self) -> String {
        sha256_hex(&self.sha256)
    }
}

/// Size and SHA-256 of the compressed archive, and the digests of its
/// entries in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ArchiveDigest {
    /// Size of the tar.gz in bytes.
    pub size: u64,
    /// SHA-256 of the tar.gz bytes.
    #[cfg_attr(feature = "serde", serde(with = "hex32"))]
    pub sha256: [u8; 32],
    /// Every entry, in the order appended.
    pub entries: Vec<EntryDigest>,
}

impl ArchiveDigest {
    /// The archive's SHA-256 as 64 lower-case hexadecimal digits.
    #[must_use]
    pub fn sha256_hex(&self) -> String {
        sha256_hex(&self.sha256)
    }
}

/// Lower-case hexadecimal form of a SHA-256.
///
/// ```
/// use sha2::{Digest, Sha256};
/// let d: [u8; 32] = Sha256::digest(b"").into();
/// assert_eq!(actes::container::sha256_hex(&d),
///     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// ```
#[must_use]
pub fn sha256_hex(digest: &[u8; 32]) -> String {
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(feature = "serde")]
mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::sha256_hex(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = String::deserialize(d)?;
        let bytes = s.as_bytes();
        let mut out = [0u8; 32];
        if bytes.len() != 64 {
            return Err(serde::de::Error::custom("expected 64 hexadecimal digits"));
        }
        for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
            let txt = std::str::from_utf8(pair).map_err(serde::de::Error::custom)?;
            *o = u8::from_str_radix(txt, 16).map_err(serde::de::Error::custom)?;
        }
        Ok(out)
    }
}

/// A writer that counts and hashes what goes through it.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    count: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        let written = buf.get(..n).unwrap_or(buf);
        self.hasher.update(written);
        self.count += written.len() as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The gzip layer: ONE gzip member whose deflate stream is made of
/// independently encoded chunks (see [`chunk`]), encoded by up to
/// `threads` threads at a time and written in order.
struct ChunkedGz<W: Write> {
    out: HashingWriter<W>,
    /// The chunk being filled.
    current: Vec<u8>,
    /// Full chunks waiting for the next batch (fewer than `coders.len()`).
    pending: Vec<Vec<u8>>,
    /// One coder per thread.
    coders: Vec<chunk::ChunkCoder>,
    /// Emptied chunk buffers, for reuse.
    spare: Vec<Vec<u8>>,
    crc: flate2::Crc,
    header_written: bool,
}

impl<W: Write> ChunkedGz<W> {
    fn new(out: HashingWriter<W>, level: u32, threads: usize) -> Self {
        let threads = threads.clamp(1, MAX_THREADS);
        ChunkedGz {
            out,
            current: Vec::new(),
            pending: Vec::with_capacity(threads),
            coders: (0..threads)
                .map(|_| chunk::ChunkCoder::new(level))
                .collect(),
            spare: Vec::new(),
            crc: flate2::Crc::new(),
            header_written: false,
        }
    }

    /// Ends the current chunk (at an entry start: a chunk then holds one
    /// kind of content, which the trial judges better).
    fn cut(&mut self) -> io::Result<()> {
        if !self.current.is_empty() {
            let next = self.spare.pop().unwrap_or_default();
            let full = std::mem::replace(&mut self.current, next);
            self.pending.push(full);
            if self.pending.len() == self.coders.len() {
                self.encode_pending()?;
            }
        }
        Ok(())
    }

    /// Encodes the pending chunks (in parallel) and writes them in order.
    fn encode_pending(&mut self) -> io::Result<()> {
        if !self.header_written {
            // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255
            self.out
                .write_all(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255])?;
            self.header_written = true;
        }
        let jobs = self.coders.iter_mut().zip(self.pending.iter());
        std::thread::scope(|s| {
            let mut jobs = jobs;
            let first = jobs.next();
            for (coder, data) in jobs {
                s.spawn(move || coder.encode(data));
            }
            if let Some((coder, data)) = first {
                coder.encode(data);
            }
        });
        for (coder, mut data) in self.coders.iter().zip(self.pending.drain(..)) {
            self.crc.combine(&coder.crc);
            self.out.write_all(&coder.out)?;
            data.clear();
            self.spare.push(data);
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<HashingWriter<W>> {
        self.cut()?;
        self.encode_pending()?;
        self.out.write_all(&chunk::FINAL_EMPTY_BLOCK)?;
        self.out.write_all(&self.crc.sum().to_le_bytes())?;
        self.out.write_all(&self.crc.amount().to_le_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Write for ChunkedGz<W> {
    fn write(&mut self, mut data: &[u8]) -> io::Result<usize> {
        let total = data.len();
        while !data.is_empty() {
            if self.current.capacity() < chunk::CHUNK {
                self.current
                    .reserve_exact(chunk::CHUNK - self.current.len());
            }
            let room = chunk::CHUNK - self.current.len();
            let (part, rest) = data.split_at(room.min(data.len()));
            self.current.extend_from_slice(part);
            data = rest;
            if self.current.len() == chunk::CHUNK {
                self.cut()?;
            }
        }
        Ok(total)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A deterministic, streaming tar.gz writer (emission profile E13).
///
/// Every entry is a flat ustar regular file with fixed metadata: mode
/// `0644`, uid/gid `0`, empty user and group names, the mtime given in
/// [`TarGzOptions`]. The gzip header is fixed too (MTIME 0, OS 255
/// "unknown", no file name, no comment), so the same entries with the same
/// options always give the same bytes.
///
/// Content is streamed from any [`Read`] through a fixed 64 KiB buffer and
/// hashed (SHA-256) on the way; the compressed output is counted and hashed
/// as it is written. Nothing is ever held whole in memory: the tar stream is
/// cut into chunks of at most 1 MiB (and at every entry start), each stored
/// or deflated by libdeflate after a cheap trial of its compressibility,
/// encoded on up to [`MAX_THREADS`] threads and joined, in order, into ONE
/// deflate stream in ONE gzip member (see [`DEFAULT_LEVEL`]). The bytes
/// depend only on the entries and the options' `mtime` and `level`, never
/// on the number of threads or on how the content is read.
///
/// If an append fails after its header was written (the reader fails, or
/// yields more or fewer bytes than announced), the archive being written is
/// incomplete: the writer refuses any further call and the caller must
/// discard the output (writing through [`AtomicFile`](crate::container::AtomicFile)
/// does that on drop).
///
/// ```
/// use actes::container::{TarGzOptions, TarGzWriter};
///
/// let mut w = TarGzWriter::new(Vec::new(), TarGzOptions { mtime: 1_500_000_000, ..Default::default() });
/// let e = w.append_bytes("EACT--214502494--20170717-6.xml", b"<xml/>")?;
/// assert_eq!(e.size, 6);
/// let (bytes, digest) = w.finish()?;
/// assert_eq!(digest.size, bytes.len() as u64);
/// assert_eq!(digest.entries.len(), 1);
/// assert_eq!(&bytes[..2], &[0x1f, 0x8b]);
/// # Ok::<(), std::io::Error>(())
/// ```
///
pub struct TarGzWriter<W: Write> {
    gz: ChunkedGz<W>,
    options: TarGzOptions,
    entries: Vec<EntryDigest>,
    /// Lower-cased names already used, to refuse duplicates.
    seen: HashSet<String>,
    /// Set when a failure left a partial entry in the output.
    broken: bool,
    buf: Vec<u8>,
}

impl<W: Write> std::fmt::Debug for TarGzWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TarGzWriter")
            .field("options", &self.options)
            .field("entries", &self.entries)
            .field("broken", &self.broken)
            .finish_non_exhaustive()
    }
}

impl<W: Write> TarGzWriter<W> {
    /// A writer of a tar.gz to `out`. Nothing is written before the first
    /// append (or [`finish`](Self::finish)).
    pub fn new(out: W, options: TarGzOptions) -> Self {
        let sink = HashingWriter {
            inner: out,
            hasher: Sha256::new(),
            count: 0,
        };
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        };
        let gz = ChunkedGz::new(sink, options.level.level(), threads);
        TarGzWriter {
            gz,
            options,
            entries: Vec::new(),
            seen: HashSet::new(),
            broken: false,
            buf: Vec::new(),
        }
    }

    /// The digests of the entries appended so far.
    pub fn entries(&self) -> &[EntryDigest] {
        &self.entries
    }

    /// Appends an entry of exactly `size` bytes read from `reader`.
    ///
    /// Errors:
    /// * `InvalidInput`, before anything is written, when `name` is not a
    ///   valid entry name (see [`check_entry_name`]), repeats an earlier name
    ///   (ignoring ASCII case), when `size` or the mtime do not fit a ustar
    ///   header;
    /// * `InvalidData` when `reader` yields fewer or more than `size` bytes;
    /// * any error of `reader` or of the output.
    ///
    /// After an error of the last two kinds the archive is incomplete and
    /// every later call fails.
    pub fn append_reader(
        &mut self,
        name: &str,
        size: u64,
        mut reader: impl Read,
    ) -> io::Result<EntryDigest> {
        self.check_usable()?;
        check_entry_name(name)?;
        let key = name.to_ascii_lowercase();
        if self.seen.contains(&key) {
            return Err(invalid_input(format!(
                "entry name {name:?} is already in the archive (names are compared ignoring case)"
            )));
        }
        if size > USTAR_MAX_OCTAL {
            return Err(invalid_input(format!(
                "entry {name:?}: {size} bytes do not fit a ustar header (maximum {USTAR_MAX_OCTAL})"
            )));
        }
        if self.options.mtime > USTAR_MAX_OCTAL {
            return Err(invalid_input(format!(
                "mtime {} does not fit a ustar header (maximum {USTAR_MAX_OCTAL})",
                self.options.mtime
            )));
        }
        let header = self.header(name, size)?;

        // From here on, a failure leaves a partial entry behind.
        self.broken = true;
        self.gz.cut()?;
        self.gz.write_all(header.as_bytes())?;
        let sha256 = self.copy_exact(name, size, &mut reader)?;
        let padding = (BLOCK - size % BLOCK) % BLOCK;
        if padding > 0 {
            let zeros = [0u8; BLOCK as usize];
            self.gz
                .write_all(zeros.get(..padding as usize).unwrap_or(&zeros))?;
        }
        self.broken = false;

        self.seen.insert(key);
        let digest = EntryDigest {
            name: name.to_string(),
            size,
            sha256,
        };
        self.entries.push(digest.clone());
        Ok(digest)
    }

    /// Appends an entry with the given content.
    pub fn append_bytes(&mut self, name: &str, content: &[u8]) -> io::Result<EntryDigest> {
        self.append_reader(name, content.len() as u64, content)
    }

    /// Writes the end-of-archive marker, finishes the gzip stream and
    /// returns the output with the archive's digest.
    pub fn finish(mut self) -> io::Result<(W, ArchiveDigest)> {
        self.check_usable()?;
        self.gz.write_all(&[0u8; 2 * BLOCK as usize])?;
        let mut sink = self.gz.finish()?;
        sink.flush()?;
        let sha256: [u8; 32] = sink.hasher.finalize().into();
        Ok((
            sink.inner,
            ArchiveDigest {
                size: sink.count,
                sha256,
                entries: self.entries,
            },
        ))
    }

    fn check_usable(&self) -> io::Result<()> {
        if self.broken {
            Err(io::Error::other(
                "an earlier entry failed half-way: the archive is incomplete and must be discarded",
            ))
        } else {
            Ok(())
        }
    }

    fn header(&self, name: &str, size: u64) -> io::Result<tar::Header> {
        let mut h = tar::Header::new_ustar();
        h.set_path(name)?;
        h.set_entry_type(tar::EntryType::Regular);
        h.set_size(size);
        h.set_mode(0o644);
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(self.options.mtime);
        h.set_username("")?;
        h.set_groupname("")?;
        h.set_device_major(0)?;
        h.set_device_minor(0)?;
        h.set_cksum();
        Ok(h)
    }

    /// Copies exactly `size` bytes from `reader` into the archive, hashing
    /// them, and checks that the reader has nothing more.
    fn copy_exact(&mut self, name: &str, size: u64, reader: &mut dyn Read) -> io::Result<[u8; 32]> {
        if self.buf.len() != BUFFER {
            self.buf.resize(BUFFER, 0);
        }
        let mut hasher = Sha256::new();
        let mut remaining = size;
        while remaining > 0 {
            let want = usize::try_from(remaining).unwrap_or(BUFFER).min(BUFFER);
            let chunk = self.buf.get_mut(..want).unwrap_or_default();
            let n = match reader.read(chunk) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                        "entry {name:?}: the source ended after {} of the {size} announced bytes",
                        size - remaining
                    ),
                    ))
                }
                Ok(n) => n.min(want),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let data = chunk.get(..n).unwrap_or_default();
            hasher.update(data);
            self.gz.write_all(data)?;
            remaining -= n as u64;
        }
        // The source must be exhausted: a growing file would otherwise be
        // silently truncated.
        let mut probe = [0u8; 1];
        loop {
            match reader.read(&mut probe) {
                Ok(0) => break,
                Ok(_) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "entry {name:?}: the source holds more than the {size} announced bytes"
                        ),
                    ))
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(hasher.finalize().into())
    }
}

/// Checks that `name` can be written as a flat archive entry: 1 to 100
/// bytes of printable ASCII (space included), no `/` or `\`, not `.` or
/// `..`, and no drive-letter prefix such as `C:`. These are the names the
/// reader ([`read`](super::read)) accepts, restricted to what fits the ustar
/// name field.
///
/// ```
/// use actes::container::check_entry_name;
/// assert!(check_entry_name("99_DE-045-214502494-20170717-D201717-DE-1-1_1.pdf").is_ok());
/// assert!(check_entry_name("../etc/passwd").is_err());
/// assert!(check_entry_name("dossier/acte.pdf").is_err());
/// ```
pub fn check_entry_name(name: &str) -> io::Result<()> {
    let bad = |why: &str| Err(invalid_input(format!("invalid entry name {name:?}: {why}")));
    if name.is_empty() {
        return bad("empty");
    }
    if name.len() > USTAR_NAME_LEN {
        return bad("longer than the 100 bytes of a ustar name");
    }
    if let Some(c) = name.bytes().find(|b| !(0x20..=0x7e).contains(b)) {
        return bad(&format!("byte 0x{c:02X} is not printable ASCII"));
    }
    if name.contains('/') || name.contains('\\') {
        return bad("entries are flat: no folder separators");
    }
    if name == "." || name == ".." {
        return bad("not a file name");
    }
    let b = name.as_bytes();
    if b.len() >= 2 && b.first().is_some_and(u8::is_ascii_alphabetic) && b.get(1) == Some(&b':') {
        return bad("drive letter");
    }
    Ok(())
}

fn invalid_input(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(
        level: Compression,
        entries: &[(&str, &[u8])],
    ) -> io::Result<(Vec<u8>, ArchiveDigest)> {
        let mut w = TarGzWriter::new(
            Vec::new(),
            TarGzOptions {
                mtime: 1_500_000_000,
                level,
                threads: 0,
            },
        );
        for (n, c) in entries {
            w.append_bytes(n, c)?;
        }
        w.finish()
    }

    #[test]
    fn gzip_header_is_fixed() -> io::Result<()> {
        let (bytes, _) = build(Compression::fast(), &[("a.xml", b"<a/>")])?;
        // ID1 ID2 CM FLG MTIME(4) XFL OS
        assert_eq!(bytes.get(..4), Some(&[0x1f, 0x8b, 8, 0][..]));
        assert_eq!(bytes.get(4..8), Some(&[0, 0, 0, 0][..]));
        assert_eq!(bytes.get(9), Some(&255));
        Ok(())
    }

    #[test]
    fn header_fields_are_fixed() -> io::Result<()> {
        let (bytes, _) = build(Compression::none(), &[("a.xml", b"<a/>")])?;
        let mut tar = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut tar)?;
        assert_eq!(tar.len(), 512 * 4); // header, one data block, two end blocks
        let mut archive = tar::Archive::new(&tar[..]);
        let mut n = 0;
        for e in archive.entries()? {
            let e = e?;
            let h = e.header();
            assert!(h.as_ustar().is_some());
            assert_eq!(h.mode()?, 0o644);
            assert_eq!(h.uid()?, 0);
            assert_eq!(h.gid()?, 0);
            assert_eq!(h.mtime()?, 1_500_000_000);
            assert_eq!(h.username_bytes(), Some(&b""[..]));
            assert_eq!(h.groupname_bytes(), Some(&b""[..]));
            assert_eq!(h.entry_type(), tar::EntryType::Regular);
            n += 1;
        }
        assert_eq!(n, 1);
        Ok(())
    }

    #[test]
    fn bad_names_are_refused_before_writing() -> io::Result<()> {
        let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "a\\b",
            "C:x",
            "é.pdf",
            "a\nb",
            &"x".repeat(101),
        ] {
            let e = w.append_bytes(bad, b"x").err().map(|e| e.kind());
            assert_eq!(e, Some(io::ErrorKind::InvalidInput), "{bad:?}");
        }
        w.append_bytes("A.pdf", b"x")?;
        let dup = w.append_bytes("a.PDF", b"y").err().map(|e| e.kind());
        assert_eq!(dup, Some(io::ErrorKind::InvalidInput));
        let (_, d) = w.finish()?; // still usable: nothing partial was written
        assert_eq!(d.entries.len(), 1);
        Ok(())
    }

    #[test]
    fn mtime_beyond_ustar_is_refused() {
        let mut w = TarGzWriter::new(
            Vec::new(),
            TarGzOptions {
                mtime: USTAR_MAX_OCTAL + 1,
                ..Default::default()
            },
        );
        let e = w.append_bytes("a", b"").err().map(|e| e.kind());
        assert_eq!(e, Some(io::ErrorKind::InvalidInput));
    }

    #[test]
    fn short_and_long_sources_break_the_writer() {
        let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
        let e = w
            .append_reader("a", 10, &b"12345"[..])
            .err()
            .map(|e| e.kind());
        assert_eq!(e, Some(io::ErrorKind::InvalidData));
        assert!(w.append_bytes("b", b"").is_err());
        assert!(w.finish().is_err());

        let mut w = TarGzWriter::new(Vec::new(), TarGzOptions::default());
        let e = w
            .append_reader("a", 3, &b"12345"[..])
            .err()
            .map(|e| e.kind());
        assert_eq!(e, Some(io::ErrorKind::InvalidData));
        assert!(w.finish().is_err());
    }

    /// Text, then noise, then text again, as one entry.
    fn mixed(len: usize) -> Vec<u8> {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        (0..len)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if (len / 3..2 * len / 3).contains(&i) {
                    x as u8
                } else {
                    b"<Ligne V=\"1\"/>\n"[i % 15].wrapping_add((x % 3) as u8)
                }
            })
            .collect()
    }

    #[test]
    fn output_does_not_depend_on_threads_or_write_sizes() -> io::Result<()> {
        let data = mixed(3 * chunk::CHUNK + 12_345);
        for level in [0, 1, 6, 12] {
            let mut outputs = Vec::new();
            for (threads, piece) in [(1, 7), (1, 65_536), (2, 1000), (3, 200_000), (8, 4096)] {
                let mut w = TarGzWriter::new(
                    Vec::new(),
                    TarGzOptions {
                        mtime: 7,
                        level: Compression::new(level),
                        threads,
                    },
                );
                w.append_bytes("head.xml", b"<a/>")?;
                let mut content = Vec::new();
                for part in data.chunks(piece) {
                    content.extend_from_slice(part);
                }
                w.append_reader("big.bin", data.len() as u64, &content[..])?;
                let (bytes, digest) = w.finish()?;
                assert_eq!(digest.size, bytes.len() as u64);
                let mut tar = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut tar)?;
                let mut archive = tar::Archive::new(&tar[..]);
                let mut contents = Vec::new();
                for e in archive.entries()? {
                    let mut c = Vec::new();
                    e?.read_to_end(&mut c)?;
                    contents.push(c);
                }
                assert_eq!(contents, vec![b"<a/>".to_vec(), data.clone()]);
                outputs.push(bytes);
            }
            assert!(outputs.windows(2).all(|w| w[0] == w[1]), "level {level}");
            if level > 0 {
                // The noisy third is stored, the rest deflated.
                let size = outputs.first().map_or(0, Vec::len);
                assert!(size < data.len() * 2 / 3, "level {level}: {size}");
            }
        }
        Ok(())
    }

    #[test]
    fn one_gzip_member_even_when_empty() -> io::Result<()> {
        let (bytes, _) = build(DEFAULT_LEVEL, &[])?;
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut back)?;
        assert_eq!(back, vec![0u8; 1024]);
        // A single member: MultiGzDecoder reads exactly the same.
        let mut multi = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut multi)?;
        assert_eq!(multi, back);
        Ok(())
    }

    #[test]
    fn hex() {
        let mut d = [0u8; 32];
        d[0] = 0xab;
        d[31] = 0x01;
        let h = sha256_hex(&d);
        assert_eq!(h.len(), 64);
        assert!(h.starts_with("ab00"));
        assert!(h.ends_with("01"));
    }
}
