//! One chunk of the archive's deflate stream.
//!
//! The tar stream is cut into chunks (at every entry start and every
//! [`CHUNK`] bytes); each chunk is encoded on its own, as a piece of ONE
//! deflate stream: either stored blocks, or the chunk deflated by libdeflate
//! with its last block made non-final and followed by an empty stored block
//! (a "sync flush", as pigz does), so that every piece ends on a byte
//! boundary and the pieces can simply be concatenated. A chunk's bytes depend
//! only on its content and the level, never on the number of threads or on
//! the order the chunks were encoded in.
//!
//! Which encoding: a cheap trial first (libdeflate's fastest level on at
//! most four 8 KiB slices of the chunk); a chunk whose sample does not
//! shrink by 3 % is stored (PDF, PNG, JPEG), the others are deflated at the
//! chosen level and stored anyway when deflate does not beat stored blocks.
//!
//! libdeflate compresses whole buffers and always ends with a final block;
//! [`scan`] walks the blocks of its output (decoding the Huffman codes, not
//! producing any data) to find where the last block starts and where the
//! stream ends, in bits.

use std::sync::OnceLock;

use libdeflater::{CompressionLvl, Compressor};

/// Largest chunk of the tar stream encoded as one piece.
pub(super) const CHUNK: usize = 1 << 20;
/// Largest payload of a deflate stored block.
const STORED_MAX: usize = 65_535;
/// Chunks shorter than this skip the trial (it would cost as much as the
/// real thing).
const TRIAL_MIN: usize = 16 * 1024;
/// Size and number of the trial slices.
const TRIAL_SLICE: usize = 8 * 1024;
const TRIAL_SLICES: usize = 4;
/// A sample that deflates to at least this share (per cent) of its size is
/// treated as incompressible.
const TRIAL_KEEP_PERCENT: usize = 97;

/// A reusable encoder of chunks (one per thread).
pub(super) struct ChunkCoder {
    level: i32,
    /// The chosen level's compressor (created on first use).
    full: Option<Compressor>,
    /// libdeflate's level 1 (its fastest that compresses), for the trial.
    trial: Option<Compressor>,
    scratch: Vec<u8>,
    /// The encoded piece of the last chunk.
    pub(super) out: Vec<u8>,
    /// CRC-32 of the last chunk's uncompressed bytes.
    pub(super) crc: flate2::Crc,
}

impl ChunkCoder {
    /// A coder at `level` (0: stored blocks only; 1 to 12: libdeflate's
    /// levels).
    pub(super) fn new(level: u32) -> Self {
        ChunkCoder {
            level: i32::try_from(level.min(12)).unwrap_or(12),
            full: None,
            trial: None,
            scratch: Vec::new(),
            out: Vec::new(),
            crc: flate2::Crc::new(),
        }
    }

    /// Encodes `data` into [`out`](Self::out) as a non-final, byte-aligned
    /// piece of a deflate stream, and its CRC into [`crc`](Self::crc).
    pub(super) fn encode(&mut self, data: &[u8]) {
        self.crc = flate2::Crc::new();
        self.crc.update(data);
        self.out.clear();
        if self.level == 0 || data.is_empty() || !self.worth_trying(data) || !self.deflate(data) {
            self.out.clear();
            stored(&mut self.out, data);
        }
    }

    /// The trial: does a sample of `data` shrink?
    fn worth_trying(&mut self, data: &[u8]) -> bool {
        if data.len() < TRIAL_MIN {
            return true;
        }
        let trial = self
            .trial
            .get_or_insert_with(|| Compressor::new(CompressionLvl::new(1).unwrap_or_default()));
        let bound = trial.deflate_compress_bound(TRIAL_SLICE);
        if self.scratch.len() < bound {
            self.scratch.resize(bound, 0);
        }
        let step = (data.len() - TRIAL_SLICE) / (TRIAL_SLICES - 1);
        let (mut sample, mut packed) = (0, 0);
        for k in 0..TRIAL_SLICES {
            let Some(slice) = data.get(k * step..k * step + TRIAL_SLICE) else {
                continue;
            };
            sample += slice.len();
            packed += trial
                .deflate_compress(slice, &mut self.scratch)
                .unwrap_or(slice.len());
        }
        packed * 100 < sample * TRIAL_KEEP_PERCENT
    }

    /// Deflates `data` into `out` as a non-final piece; `false` (and `out`
    /// to be discarded) when that is not smaller than stored blocks.
    fn deflate(&mut self, data: &[u8]) -> bool {
        let level = self.level;
        let full = self
            .full
            .get_or_insert_with(|| Compressor::new(CompressionLvl::new(level).unwrap_or_default()));
        let bound = full.deflate_compress_bound(data.len());
        self.out.resize(bound, 0);
        let Ok(n) = full.deflate_compress(data, &mut self.out) else {
            return false;
        };
        self.out.truncate(n);
        make_non_final(&mut self.out) && self.out.len() < stored_size(data.len())
    }
}

/// Size of `len` bytes as stored blocks.
fn stored_size(len: usize) -> usize {
    len + 5 * len.div_ceil(STORED_MAX).max(1)
}

/// Appends `data` as non-final stored blocks (an empty block for no data).
pub(super) fn stored(out: &mut Vec<u8>, data: &[u8]) {
    out.reserve(stored_size(data.len()));
    let mut blocks = data.chunks(STORED_MAX).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[0, 0, 0, 0xff, 0xff]);
    }
    for block in blocks {
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        let [l0, l1] = len.to_le_bytes();
        let [n0, n1] = (!len).to_le_bytes();
        out.extend_from_slice(&[0, l0, l1, n0, n1]);
        out.extend_from_slice(block);
    }
}

/// The end of a deflate stream made of non-final pieces: an empty final
/// block with fixed codes (what zlib writes at `Z_FINISH` after a flush).
pub(super) const FINAL_EMPTY_BLOCK: [u8; 2] = [0x03, 0x00];

/// Turns a complete deflate stream into a non-final piece ending on a byte
/// boundary: clears the BFINAL bit of its last block and appends an empty
/// stored block. `false` if `stream` is not a valid deflate stream.
pub(super) fn make_non_final(stream: &mut Vec<u8>) -> bool {
    let Some((last, end)) = scan(stream) else {
        return false;
    };
    let Some(b) = stream.get_mut(last / 8) else {
        return false;
    };
    *b &= !(1u8 << (last % 8));
    stream.truncate(end.div_ceil(8));
    if end % 8 != 0 {
        if let Some(b) = stream.last_mut() {
            *b &= (1u8 << (end % 8)) - 1;
        }
    }
    // BFINAL 0, BTYPE 00 (three zero bits), padding, LEN 0, NLEN 0xFFFF.
    stream.resize((end + 3).div_ceil(8), 0);
    stream.extend_from_slice(&[0, 0, 0xff, 0xff]);
    true
}

/// A deflate stream read bit by bit, least significant bit first.
struct Bits<'a> {
    data: &'a [u8],
    /// Position in bits.
    pos: usize,
}

impl Bits<'_> {
    /// The next `n` (at most 32) bits, zeros past the end.
    fn peek(&self, n: u32) -> u32 {
        let byte = self.pos / 8;
        let word = if let Some(s) = self.data.get(byte..byte + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(s);
            u64::from_le_bytes(w)
        } else {
            let mut w = [0u8; 8];
            for (d, s) in w.iter_mut().zip(self.data.get(byte..).unwrap_or_default()) {
                *d = *s;
            }
            u64::from_le_bytes(w)
        };
        ((word >> (self.pos % 8)) & ((1u64 << n) - 1)) as u32
    }

    fn take(&mut self, n: u32) -> u32 {
        let v = self.peek(n);
        self.pos += n as usize;
        v
    }

    fn inside(&self) -> bool {
        self.pos <= self.data.len() * 8
    }
}

/// A canonical Huffman code as a lookup table indexed by the next `bits`
/// bits; an entry is `symbol << 4 | length`, 0 for no code.
struct Huffman {
    table: Vec<u16>,
    bits: u32,
}

impl Huffman {
    /// The code of `lengths` (one per symbol, 0 = unused); `None` when
    /// over-subscribed.
    fn new(lengths: &[u8]) -> Option<Huffman> {
        let bits = u32::from(lengths.iter().copied().max().unwrap_or(0));
        if bits > 15 {
            return None;
        }
        let mut count = [0u32; 16];
        for &l in lengths {
            *count.get_mut(usize::from(l))? += 1;
        }
        let mut next = [0u32; 16];
        let mut code = 0u32;
        for len in 1..16 {
            code = (code + count.get(len - 1).copied().unwrap_or(0) * u32::from(len > 1)) << 1;
            *next.get_mut(len)? = code;
        }
        let size = 1usize << bits;
        let mut table = vec![0u16; size];
        for (sym, &len) in lengths.iter().enumerate() {
            if len == 0 {
                continue;
            }
            let slot = next.get_mut(usize::from(len))?;
            let c = *slot;
            *slot += 1;
            if c >= 1 << len {
                return None;
            }
            let rev = (c.reverse_bits() >> (32 - u32::from(len))) as usize;
            let entry = u16::try_from(sym << 4).ok()? | u16::from(len);
            for e in table.iter_mut().skip(rev).step_by(1 << len) {
                *e = entry;
            }
        }
        Some(Huffman { table, bits })
    }

    fn decode(&self, bits: &mut Bits<'_>) -> Option<u16> {
        let e = *self.table.get(bits.peek(self.bits) as usize)?;
        let len = u32::from(e & 15);
        if len == 0 {
            return None;
        }
        bits.pos += len as usize;
        Some(e >> 4)
    }
}

fn fixed_codes() -> &'static (Huffman, Huffman) {
    static FIXED: OnceLock<(Huffman, Huffman)> = OnceLock::new();
    FIXED.get_or_init(|| {
        let mut lit = [8u8; 288];
        for (i, l) in lit.iter_mut().enumerate() {
            *l = match i {
                0..=143 => 8,
                144..=255 => 9,
                256..=279 => 7,
                _ => 8,
            };
        }
        let empty = || Huffman {
            table: Vec::new(),
            bits: 0,
        };
        (
            Huffman::new(&lit).unwrap_or_else(empty),
            Huffman::new(&[5u8; 30]).unwrap_or_else(empty),
        )
    })
}

/// Order of the code-length code lengths (RFC 1951 §3.2.7).
const CL_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Walks the blocks of a complete deflate stream: the bit position where
/// its last (BFINAL) block starts and the bit position where it ends.
fn scan(data: &[u8]) -> Option<(usize, usize)> {
    let mut bits = Bits { data, pos: 0 };
    loop {
        let start = bits.pos;
        let last = bits.take(1) == 1;
        match bits.take(2) {
            0 => {
                bits.pos = bits.pos.div_ceil(8) * 8;
                let len = bits.take(16);
                let nlen = bits.take(16);
                if len != !nlen & 0xffff {
                    return None;
                }
                bits.pos += len as usize * 8;
            }
            1 => {
                let (lit, dist) = fixed_codes();
                symbols(&mut bits, lit, dist)?;
            }
            2 => {
                let (lit, dist) = dynamic_codes(&mut bits)?;
                symbols(&mut bits, &lit, &dist)?;
            }
            _ => return None,
        }
        if !bits.inside() {
            return None;
        }
        if last {
            return Some((start, bits.pos));
        }
    }
}

/// Reads the code lengths of a dynamic block.
fn dynamic_codes(bits: &mut Bits<'_>) -> Option<(Huffman, Huffman)> {
    let hlit = bits.take(5) as usize + 257;
    let hdist = bits.take(5) as usize + 1;
    let hclen = bits.take(4) as usize + 4;
    let mut cl = [0u8; 19];
    for &i in CL_ORDER.iter().take(hclen) {
        *cl.get_mut(i)? = bits.take(3) as u8;
    }
    let cl = Huffman::new(&cl)?;
    let n = hlit + hdist;
    let mut lengths = vec![0u8; n];
    let mut i = 0;
    while i < n {
        let (value, repeat) = match cl.decode(bits)? {
            sym @ 0..=15 => (sym as u8, 1),
            16 => (*lengths.get(i.checked_sub(1)?)?, 3 + bits.take(2) as usize),
            17 => (0, 3 + bits.take(3) as usize),
            18 => (0, 11 + bits.take(7) as usize),
            _ => return None,
        };
        for l in lengths.get_mut(i..i + repeat)? {
            *l = value;
        }
        i += repeat;
        if !bits.inside() {
            return None;
        }
    }
    let lit = Huffman::new(lengths.get(..hlit)?)?;
    let dist = Huffman::new(lengths.get(hlit..)?)?;
    Some((lit, dist))
}

/// Skips the symbols of a Huffman-coded block up to its end-of-block code.
fn symbols(bits: &mut Bits<'_>, lit: &Huffman, dist: &Huffman) -> Option<()> {
    let end = bits.data.len() * 8;
    loop {
        let sym = lit.decode(bits)?;
        if sym < 256 {
        } else if sym == 256 {
            return Some(());
        } else {
            let extra = match sym {
                257..=264 | 285 => 0,
                265..=284 => (sym - 261) / 4,
                _ => return None,
            };
            bits.pos += usize::from(extra);
            let d = dist.decode(bits)?;
            let extra = match d {
                0..=3 => 0,
                4..=29 => d / 2 - 1,
                _ => return None,
            };
            bits.pos += usize::from(extra);
        }
        if bits.pos > end {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Deterministic test data: runs of text and of noise.
    fn sample(len: usize, seed: u64, noise_percent: u64) -> Vec<u8> {
        let mut x = seed | 1;
        let words: [&[u8]; 6] = [
            b"<LigneBudget>",
            b"<Nature V=\"6336\"/>",
            b"</LigneBudget>\r\n",
            b" MtPrev ",
            b"14000.00",
            b"\xe9t\xe9 ",
        ];
        let mut v = Vec::with_capacity(len);
        while v.len() < len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if x % 100 < noise_percent {
                v.extend_from_slice(&x.to_le_bytes());
            } else {
                v.extend_from_slice(words[(x >> 8) as usize % words.len()]);
            }
        }
        v.truncate(len);
        v
    }

    fn inflate(raw: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let r = flate2::read::DeflateDecoder::new(raw).read_to_end(&mut out);
        assert!(r.is_ok(), "{r:?}");
        out
    }

    #[test]
    fn pieces_join_into_one_stream_at_every_level() {
        for level in 0..=12 {
            let parts = [
                sample(300_000, 1, 2),
                sample(70_000, 2, 100),
                Vec::new(),
                sample(5, 3, 0),
                sample(CHUNK, 4, 30),
            ];
            let mut stream = Vec::new();
            let mut coder = ChunkCoder::new(level);
            let mut all = Vec::new();
            for p in &parts {
                coder.encode(p);
                stream.extend_from_slice(&coder.out);
                all.extend_from_slice(p);
            }
            stream.extend_from_slice(&FINAL_EMPTY_BLOCK);
            assert_eq!(inflate(&stream), all, "level {level}");
        }
    }

    #[test]
    fn text_is_deflated_and_noise_stored() {
        let mut coder = ChunkCoder::new(6);
        let text = sample(CHUNK, 5, 0);
        coder.encode(&text);
        assert!(coder.out.len() < text.len() / 4, "{}", coder.out.len());
        let noise = sample(CHUNK, 6, 100);
        coder.encode(&noise);
        assert_eq!(coder.out.len(), stored_size(noise.len()));
    }

    #[test]
    fn scan_refuses_garbage_without_panicking() {
        for seed in 1..200u64 {
            let g = sample(seed as usize * 7, seed, 100);
            let _ = scan(&g);
            let mut v = g.clone();
            let _ = make_non_final(&mut v);
        }
        assert_eq!(scan(&[]), None);
        assert_eq!(scan(&[0x07]), None); // BTYPE 11
    }

    proptest::proptest! {
        #[test]
        fn libdeflate_output_is_always_scanned(
            len in 0usize..40_000, seed in proptest::prelude::any::<u64>(),
            noise in 0u64..=100, level in 1i32..=12,
        ) {
            let data = sample(len, seed, noise);
            let mut c = Compressor::new(CompressionLvl::new(level).unwrap_or_default());
            let mut out = vec![0u8; c.deflate_compress_bound(data.len())];
            let n = c.deflate_compress(&data, &mut out).unwrap_or(0);
            out.truncate(n);
            let mut piece = out.clone();
            proptest::prop_assert!(make_non_final(&mut piece));
            let mut twice = piece.clone();
            twice.extend_from_slice(&piece);
            twice.extend_from_slice(&FINAL_EMPTY_BLOCK);
            let mut both = data.clone();
            both.extend_from_slice(&data);
            proptest::prop_assert_eq!(inflate(&twice), both);
        }
    }
}
