//! A serde value written as it prints after `serde_json::to_value` (every
//! object's keys in order, a repeated key keeping its last value), without
//! building the [`Value`](serde_json::Value): straight into a byte buffer,
//! each object's entries put in key order when it closes. Two forms:
//! compact JSON (the bytes `serde_json::to_string` gives of the value), and
//! the text summary of `actes receipt read` ([`Form::Text`]).
//!
//! The entries of the open objects (their key and their bytes' range) sit
//! on one stack, their keys in one string, and the reordering goes through
//! one scratch buffer: all of them are kept per thread and reused, so that
//! writing a document allocates nothing once they have grown.

use std::cell::RefCell;
use std::fmt::Display;

use serde::ser::{self, Serialize};
use serde_json::Error;

/// The reusable buffers of the writers.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    /// The keys of the open objects' entries, one after the other.
    keys: String,
    /// The entries of the open objects, innermost last.
    entries: Vec<Entry>,
    /// Where an object's entries are put in order.
    scratch: Vec<u8>,
    /// A value's text (`collect_str`).
    text: String,
    /// The document being written.
    pub(crate) out: Vec<u8>,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

/// Runs `f` with this thread's buffers, the output empty (fresh buffers
/// if this thread's are in use).
pub(crate) fn with_buffers<R>(f: impl FnOnce(&mut Buffers) -> R) -> R {
    BUFFERS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut b) => {
            b.out.clear();
            b.keys.clear();
            b.entries.clear();
            f(&mut b)
        }
        Err(_) => f(&mut Buffers::default()),
    })
}

/// One entry of an open object: its key (a range of [`Buffers::keys`]) and
/// its bytes in the output.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The key's first 8 bytes, big-endian, padded with zeros: keys
    /// whose prefixes differ are in the order of their prefixes.
    prefix: u64,
    key: (usize, usize),
    start: usize,
    end: usize,
}

/// The first 8 bytes of `key`, big-endian, padded with zeros.
#[inline]
fn prefix_of(key: &str) -> u64 {
    if let Some(first) = key.as_bytes().first_chunk::<8>() {
        return u64::from_be_bytes(*first);
    }
    let mut bytes = [0u8; 8];
    for (b, k) in bytes.iter_mut().zip(key.bytes()) {
        *b = k;
    }
    u64::from_be_bytes(bytes)
}

/// The two forms written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// Compact JSON, as `serde_json::to_string` of the value.
    Json,
    /// The text summary: a scalar as a line `key: value` at `indent`
    /// spaces; an object as a line `key:` then its entries two spaces
    /// further; a list as one line `key: a, b`, an object in it as its
    /// scalar entries `k=v` separated by spaces, a list or null in it as
    /// nothing. Nulls and empty lists are left out.
    Text {
        /// Spaces before the entries.
        indent: usize,
    },
}

/// Where a value is written.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Compact JSON.
    Json,
    /// Text: the value of the entry `key` of an object whose entries are
    /// at `indent`.
    Block { indent: usize, key: (usize, usize) },
    /// Text: an item of a list.
    Item,
    /// Text: the value of the entry `key` of an object in a list.
    Inline { key: (usize, usize) },
    /// Text: nothing is shown.
    Sink,
    /// The top level of [`write_entries`]: an object's entries join the
    /// object being written, whose entries start at `entries_start`.
    Bare { form: Form, entries_start: usize },
}

/// A scalar, as the `Value` holds it.
#[derive(Debug, Clone, Copy)]
enum Scalar<'s> {
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(&'s str),
}

/// A JSON string, as serde_json writes it.
#[inline]
fn write_json_str(out: &mut Vec<u8>, s: &str) -> Result<(), Error> {
    super::json_bytes::string(out, s.as_bytes());
    Ok(())
}

fn write_json_scalar(out: &mut Vec<u8>, v: Scalar<'_>) -> Result<(), Error> {
    match v {
        Scalar::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Scalar::U64(n) => serde_json::to_writer(out, &n)?,
        Scalar::I64(n) => serde_json::to_writer(out, &n)?,
        Scalar::F64(f) => serde_json::to_writer(out, &f)?,
        Scalar::Str(s) => write_json_str(out, s)?,
    }
    Ok(())
}

/// A scalar as the `Display` of its `Value` (a string unquoted).
fn write_text_scalar(out: &mut Vec<u8>, v: Scalar<'_>) {
    use std::io::Write;
    // Writing to a Vec cannot fail.
    let _ = match v {
        Scalar::Bool(b) => out.write_all(if b { b"true" } else { b"false" }),
        // An integer's text is its JSON.
        Scalar::U64(n) => serde_json::to_writer(out, &n).map_err(std::io::Error::from),
        Scalar::I64(n) => serde_json::to_writer(out, &n).map_err(std::io::Error::from),
        Scalar::F64(f) => match serde_json::Number::from_f64(f) {
            Some(n) => write!(out, "{n}"),
            None => Ok(()),
        },
        Scalar::Str(s) => out.write_all(s.as_bytes()),
    };
}

fn not_an_object() -> Error {
    ser::Error::custom("the value is not an object")
}

/// How an open object is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MapKind {
    Json,
    /// Text, entries at `indent`.
    Block {
        indent: usize,
    },
    /// Text, an object in a list.
    Inline,
    /// Text, not shown.
    Sink,
}

/// An open object.
#[derive(Debug, Clone, Copy)]
struct MapState {
    kind: MapKind,
    /// Its entries join an enclosing object's (see [`Mode::Bare`]).
    bare: bool,
    entries_start: usize,
    keys_start: usize,
    content_start: usize,
    /// How the value of the current entry is written.
    value_mode: Mode,
}

/// How an open list is written.
#[derive(Debug, Clone, Copy)]
enum SeqKind {
    Json,
    /// Text, the value of the entry `key` at `indent`.
    Text {
        indent: usize,
        key: (usize, usize),
    },
    Sink,
}

/// An open list.
#[derive(Debug, Clone, Copy)]
struct SeqState {
    kind: SeqKind,
    count: usize,
}

impl Buffers {
    #[inline]
    fn scalar(&mut self, mode: Mode, v: Scalar<'_>) -> Result<(), Error> {
        match mode {
            Mode::Json => write_json_scalar(&mut self.out, v)?,
            Mode::Block { indent, key } => {
                self.out.resize(self.out.len() + indent, b' ');
                let k = self.keys.get(key.0..key.1).unwrap_or_default();
                self.out.extend_from_slice(k.as_bytes());
                self.out.extend_from_slice(b": ");
                write_text_scalar(&mut self.out, v);
                self.out.push(b'\n');
            }
            Mode::Item => write_text_scalar(&mut self.out, v),
            Mode::Inline { key } => {
                self.out.push(b' ');
                let k = self.keys.get(key.0..key.1).unwrap_or_default();
                self.out.extend_from_slice(k.as_bytes());
                self.out.push(b'=');
                write_text_scalar(&mut self.out, v);
            }
            Mode::Sink => {}
            Mode::Bare { .. } => return Err(not_an_object()),
        }
        Ok(())
    }

    #[inline]
    fn null(&mut self, mode: Mode) {
        if let Mode::Json = mode {
            self.out.extend_from_slice(b"null");
        }
    }

    fn open_seq(&mut self, mode: Mode) -> Result<SeqState, Error> {
        let kind = match mode {
            Mode::Json => {
                self.out.push(b'[');
                SeqKind::Json
            }
            Mode::Block { indent, key } => SeqKind::Text { indent, key },
            Mode::Item | Mode::Inline { .. } | Mode::Sink => SeqKind::Sink,
            Mode::Bare { .. } => return Err(not_an_object()),
        };
        Ok(SeqState { kind, count: 0 })
    }

    /// Before an item: its separator (and the key of a text list); how it
    /// is written.
    #[inline]
    fn seq_item(&mut self, s: &mut SeqState) -> Mode {
        s.count += 1;
        match s.kind {
            SeqKind::Json => {
                if s.count > 1 {
                    self.out.push(b',');
                }
                Mode::Json
            }
            SeqKind::Text { indent, key } => {
                if s.count > 1 {
                    self.out.extend_from_slice(b", ");
                } else {
                    self.out.resize(self.out.len() + indent, b' ');
                    let k = self.keys.get(key.0..key.1).unwrap_or_default();
                    self.out.extend_from_slice(k.as_bytes());
                    self.out.extend_from_slice(b": ");
                }
                Mode::Item
            }
            SeqKind::Sink => Mode::Sink,
        }
    }

    fn close_seq(&mut self, s: SeqState) {
        match s.kind {
            SeqKind::Json => self.out.push(b']'),
            SeqKind::Text { .. } if s.count > 0 => self.out.push(b'\n'),
            SeqKind::Text { .. } | SeqKind::Sink => {}
        }
    }

    fn open_map(&mut self, mode: Mode) -> Result<MapState, Error> {
        let (kind, bare, entries_start) = match mode {
            Mode::Json => {
                self.out.push(b'{');
                (MapKind::Json, false, self.entries.len())
            }
            Mode::Block { indent, key } => {
                self.out.resize(self.out.len() + indent, b' ');
                let k = self.keys.get(key.0..key.1).unwrap_or_default();
                self.out.extend_from_slice(k.as_bytes());
                self.out.extend_from_slice(b":\n");
                (
                    MapKind::Block { indent: indent + 2 },
                    false,
                    self.entries.len(),
                )
            }
            Mode::Item => (MapKind::Inline, false, self.entries.len()),
            Mode::Inline { .. } | Mode::Sink => (MapKind::Sink, false, self.entries.len()),
            Mode::Bare {
                form,
                entries_start,
            } => match form {
                Form::Json => (MapKind::Json, true, entries_start),
                Form::Text { indent } => (MapKind::Block { indent }, true, entries_start),
            },
        };
        Ok(MapState {
            kind,
            bare,
            entries_start,
            keys_start: self.keys.len(),
            content_start: self.out.len(),
            value_mode: Mode::Sink,
        })
    }

    /// Starts an entry whose key was just appended to `keys` from
    /// `key_start`.
    #[inline]
    fn begin_entry(&mut self, m: &mut MapState, key_start: usize) -> Result<(), Error> {
        let key = (key_start, self.keys.len());
        if m.kind == MapKind::Sink {
            self.keys.truncate(key_start);
            m.value_mode = Mode::Sink;
            return Ok(());
        }
        if m.kind == MapKind::Json && self.entries.len() > m.entries_start {
            self.out.push(b',');
        }
        let start = self.out.len();
        m.value_mode = match m.kind {
            MapKind::Json => {
                let k = self.keys.get(key.0..key.1).unwrap_or_default();
                write_json_str(&mut self.out, k)?;
                self.out.push(b':');
                Mode::Json
            }
            MapKind::Block { indent } => Mode::Block { indent, key },
            MapKind::Inline => Mode::Inline { key },
            MapKind::Sink => Mode::Sink,
        };
        self.entries.push(Entry {
            prefix: prefix_of(self.keys.get(key.0..key.1).unwrap_or_default()),
            key,
            start,
            end: start,
        });
        Ok(())
    }

    #[inline]
    fn key_str(&mut self, m: &mut MapState, key: &str) -> Result<(), Error> {
        let start = self.keys.len();
        self.keys.push_str(key);
        self.begin_entry(m, start)
    }

    #[inline]
    fn end_entry(&mut self, m: &MapState) {
        if m.kind != MapKind::Sink {
            let end = self.out.len();
            if let Some(e) = self.entries.last_mut() {
                e.end = end;
            }
        }
    }

    fn close_map(&mut self, m: MapState) {
        if m.bare || m.kind == MapKind::Sink {
            return;
        }
        self.order(
            m.entries_start,
            m.content_start,
            m.kind == MapKind::Json,
            m.kind == MapKind::Inline,
        );
        self.entries.truncate(m.entries_start);
        self.keys.truncate(m.keys_start);
        if m.kind == MapKind::Json {
            self.out.push(b'}');
        }
    }

    /// Puts the entries from `entries_start`, whose bytes are the output
    /// from `content_start` on, in key order, the last of equal keys
    /// kept; `commas` between them (JSON); `strip` the space an object in
    /// a text list starts with.
    fn order(&mut self, entries_start: usize, content_start: usize, commas: bool, strip: bool) {
        let Buffers {
            keys,
            entries,
            scratch,
            out,
            ..
        } = self;
        let list = entries.get_mut(entries_start..).unwrap_or_default();
        let cmp = |a: &Entry, b: &Entry| {
            a.prefix.cmp(&b.prefix).then_with(|| {
                let key = |e: &Entry| keys.get(e.key.0..e.key.1).unwrap_or_default();
                key(a).cmp(key(b))
            })
        };
        let in_order = list.windows(2).all(|w| match w {
            [a, b] => cmp(a, b).is_lt(),
            _ => true,
        });
        if !in_order {
            list.sort_by(cmp);
            scratch.clear();
            let mut first = true;
            for (i, e) in list.iter().enumerate() {
                if list.get(i + 1).is_some_and(|n| cmp(n, e).is_eq()) {
                    continue;
                }
                if commas && !first {
                    scratch.push(b',');
                }
                first = false;
                scratch.extend_from_slice(out.get(e.start..e.end).unwrap_or_default());
            }
            out.truncate(content_start);
            out.extend_from_slice(scratch);
        }
        if strip && out.get(content_start) == Some(&b' ') {
            out.remove(content_start);
        }
    }
}

/// Writes `value` into `b.out` as compact JSON, as its `serde_json::Value`
/// prints.
#[cfg(test)]
pub(crate) fn write_json<T: Serialize + ?Sized>(b: &mut Buffers, value: &T) -> Result<(), Error> {
    value.serialize(Ser {
        b,
        mode: Mode::Json,
    })
}

/// Writes the entries of an object made of `defaults` (each `null`) and
/// then the entries of `value` (an object: a struct, a map, flattened;
/// nothing when it is anything else, or when it fails), in key order, a
/// repeated key keeping its last value: what a `serde_json::Map` of the
/// defaults extended with `serde_json::to_value(value)` prints, without
/// its braces. In JSON the entries are separated by commas.
pub(crate) fn write_entries<T: Serialize + ?Sized>(
    b: &mut Buffers,
    form: Form,
    defaults: &[&str],
    value: &T,
) -> Result<(), Error> {
    let entries_start = b.entries.len();
    let keys_start = b.keys.len();
    let content_start = b.out.len();
    let mut frame = b.open_map(Mode::Bare {
        form,
        entries_start,
    })?;
    frame.content_start = content_start;
    for key in defaults {
        b.key_str(&mut frame, key)?;
        b.null(frame.value_mode);
        b.end_entry(&frame);
    }
    let saved = (b.out.len(), b.entries.len(), b.keys.len());
    if value
        .serialize(Ser {
            b,
            mode: Mode::Bare {
                form,
                entries_start,
            },
        })
        .is_err()
    {
        b.out.truncate(saved.0);
        b.entries.truncate(saved.1);
        b.keys.truncate(saved.2);
    }
    b.order(entries_start, content_start, form == Form::Json, false);
    b.entries.truncate(entries_start);
    b.keys.truncate(keys_start);
    Ok(())
}

/// The serializer of a value in a [`Mode`].
struct Ser<'a> {
    b: &'a mut Buffers,
    mode: Mode,
}

/// An open list or object; a variant with content is also an object of
/// one entry (`wrapper`) around it.
struct Compound<'a> {
    b: &'a mut Buffers,
    state: State,
    wrapper: Option<MapState>,
}

enum State {
    Seq(SeqState),
    Map(MapState),
}

impl<'a> Ser<'a> {
    fn scalar(self, v: Scalar<'_>) -> Result<(), Error> {
        self.b.scalar(self.mode, v)
    }

    fn compound(self, state: State, wrapper: Option<MapState>) -> Compound<'a> {
        Compound {
            b: self.b,
            state,
            wrapper,
        }
    }

    /// Opens the object of one entry `variant` that holds a variant's
    /// content.
    fn wrapper(&mut self, variant: &str) -> Result<MapState, Error> {
        let mut w = self.b.open_map(self.mode)?;
        self.b.key_str(&mut w, variant)?;
        Ok(w)
    }
}

impl Compound<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        match &mut self.state {
            State::Seq(s) => {
                let mode = self.b.seq_item(s);
                value.serialize(Ser { b: self.b, mode })
            }
            State::Map(_) => Err(ser::Error::custom("an item in an object")),
        }
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        match &mut self.state {
            State::Map(m) => {
                if m.kind == MapKind::Sink {
                    m.value_mode = Mode::Sink;
                    return Ok(());
                }
                let start = self.b.keys.len();
                key.serialize(KeySer {
                    keys: &mut self.b.keys,
                })?;
                self.b.begin_entry(m, start)
            }
            State::Seq(_) => Err(ser::Error::custom("a key in a list")),
        }
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        match &mut self.state {
            State::Map(m) => {
                value.serialize(Ser {
                    b: self.b,
                    mode: m.value_mode,
                })?;
                self.b.end_entry(m);
                Ok(())
            }
            State::Seq(_) => Err(ser::Error::custom("a value in a list")),
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        match &mut self.state {
            State::Map(m) => {
                self.b.key_str(m, key)?;
                value.serialize(Ser {
                    b: self.b,
                    mode: m.value_mode,
                })?;
                self.b.end_entry(m);
                Ok(())
            }
            State::Seq(_) => Err(ser::Error::custom("a field in a list")),
        }
    }

    fn finish(self) -> Result<(), Error> {
        match self.state {
            State::Seq(s) => self.b.close_seq(s),
            State::Map(m) => self.b.close_map(m),
        }
        if let Some(w) = self.wrapper {
            self.b.end_entry(&w);
            self.b.close_map(w);
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for Ser<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.scalar(Scalar::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        match u64::try_from(v) {
            Ok(u) => self.scalar(Scalar::U64(u)),
            Err(_) => self.scalar(Scalar::I64(v)),
        }
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        if let Ok(u) = u64::try_from(v) {
            self.scalar(Scalar::U64(u))
        } else if let Ok(i) = i64::try_from(v) {
            self.scalar(Scalar::I64(i))
        } else {
            Err(ser::Error::custom("number out of range"))
        }
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.scalar(Scalar::U64(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.scalar(Scalar::U64(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.scalar(Scalar::U64(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.scalar(Scalar::U64(v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        match u64::try_from(v) {
            Ok(u) => self.scalar(Scalar::U64(u)),
            Err(_) => Err(ser::Error::custom("number out of range")),
        }
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        // A `Value` holds no infinite number: it is null.
        if v.is_finite() {
            self.scalar(Scalar::F64(v))
        } else {
            self.serialize_unit()
        }
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        let mut buf = [0u8; 4];
        self.scalar(Scalar::Str(v.encode_utf8(&mut buf)))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.scalar(Scalar::Str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // A `Value` holds bytes as a list of numbers.
        let mut c = ser::Serializer::serialize_seq(self, Some(v.len()))?;
        for byte in v {
            ser::SerializeSeq::serialize_element(&mut c, byte)?;
        }
        c.finish()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.b.null(self.mode);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.scalar(Scalar::Str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let w = self.wrapper(variant)?;
        value.serialize(Ser {
            b: self.b,
            mode: w.value_mode,
        })?;
        self.b.end_entry(&w);
        self.b.close_map(w);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        let s = self.b.open_seq(self.mode)?;
        Ok(self.compound(State::Seq(s), None))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        let w = self.wrapper(variant)?;
        let s = self.b.open_seq(w.value_mode)?;
        Ok(self.compound(State::Seq(s), Some(w)))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        let m = self.b.open_map(self.mode)?;
        Ok(self.compound(State::Map(m), None))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        let w = self.wrapper(variant)?;
        let m = self.b.open_map(w.value_mode)?;
        Ok(self.compound(State::Map(m), Some(w)))
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        use std::fmt::Write;
        let mut text = std::mem::take(&mut self.b.text);
        text.clear();
        write!(text, "{value}").map_err(ser::Error::custom)?;
        let done = self.b.scalar(self.mode, Scalar::Str(&text));
        self.b.text = text;
        done
    }
}

/// The sequence-like compounds: each element an item of the list.
macro_rules! items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// The two struct-like compounds: each field an entry.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

/// A map key, appended to the keys as `serde_json::to_value` makes it a
/// string.
struct KeySer<'a> {
    keys: &'a mut String,
}

impl KeySer<'_> {
    /// A float key, as serde_json writes it: the number's text (an
    /// infinite or NaN one is refused).
    fn float(self, finite: bool, v: &impl Serialize) -> Result<(), Error> {
        if !finite {
            return Err(ser::Error::custom("float key must be finite"));
        }
        let s = serde_json::to_string(v)?;
        self.keys.push_str(&s);
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl KeySer<'_> {
    fn display(self, v: impl Display) -> Result<(), Error> {
        use std::fmt::Write;
        write!(self.keys, "{v}").map_err(ser::Error::custom)
    }
}

impl ser::Serializer for KeySer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v.is_finite(), &v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v.is_finite(), &v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.keys.push(v);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.keys.push_str(v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.keys.push_str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    /// The text writer this module replaces, kept as the oracle: the
    /// fields of a JSON value as indented `key: value` lines.
    pub(crate) fn old_text_fields(out: &mut Vec<u8>, map: &Map<String, Value>, indent: usize) {
        use std::io::Write;
        fn scalar(out: &mut Vec<u8>, v: &Value) {
            let _ = match v {
                Value::String(s) => out.write_all(s.as_bytes()),
                Value::Number(n) => write!(out, "{n}"),
                Value::Bool(b) => write!(out, "{b}"),
                _ => Ok(()),
            };
        }
        let is_scalar =
            |v: &Value| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
        for (k, v) in map {
            match v {
                Value::Null => {}
                Value::Object(m) => {
                    let _ = writeln!(out, "{:indent$}{k}:", "");
                    old_text_fields(out, m, indent + 2);
                }
                Value::Array(items) => {
                    if items.is_empty() {
                        continue;
                    }
                    let _ = write!(out, "{:indent$}{k}: ", "");
                    for (n, item) in items.iter().enumerate() {
                        if n > 0 {
                            out.extend_from_slice(b", ");
                        }
                        if let Value::Object(m) = item {
                            let mut first = true;
                            for (k, v) in m {
                                if is_scalar(v) {
                                    if !first {
                                        out.push(b' ');
                                    }
                                    first = false;
                                    let _ = write!(out, "{k}=");
                                    scalar(out, v);
                                }
                            }
                        } else {
                            scalar(out, item);
                        }
                    }
                    out.push(b'\n');
                }
                other => {
                    if is_scalar(other) {
                        let _ = write!(out, "{:indent$}{k}: ", "");
                        scalar(out, other);
                        out.push(b'\n');
                    }
                }
            }
        }
    }

    /// Checks the writers against `serde_json::to_value` and the old text
    /// writer, for `value` as a whole and as entries after `defaults`.
    pub(crate) fn check<T: Serialize + ?Sized>(value: &T, defaults: &[&str]) {
        let mut b = Buffers::default();
        if let Ok(v) = serde_json::to_value(value) {
            let want = serde_json::to_string(&v).unwrap_or_default();
            assert!(write_json(&mut b, value).is_ok());
            assert_eq!(String::from_utf8_lossy(&b.out), want);
        }
        let mut map: Map<String, Value> = defaults
            .iter()
            .map(|k| ((*k).to_string(), Value::Null))
            .collect();
        if let Ok(Value::Object(m)) = serde_json::to_value(value) {
            map.extend(m);
        }
        let json = serde_json::to_string(&map).unwrap_or_default();
        b.out.clear();
        b.out.push(b'{');
        assert!(write_entries(&mut b, Form::Json, defaults, value).is_ok());
        b.out.push(b'}');
        assert_eq!(String::from_utf8_lossy(&b.out), json);
        for indent in [0, 2] {
            let mut text = Vec::new();
            old_text_fields(&mut text, &map, indent);
            b.out.clear();
            assert!(write_entries(&mut b, Form::Text { indent }, defaults, value).is_ok());
            assert_eq!(
                String::from_utf8_lossy(&b.out),
                String::from_utf8_lossy(&text)
            );
        }
        assert!(b.entries.is_empty() && b.keys.is_empty());
    }

    const KEYS: [&str; 10] = [
        "a",
        "b",
        "ab",
        "acte",
        "id_acte",
        "z",
        "é",
        "q\"",
        "nl\n",
        "abcdefghij",
    ];

    /// Any serde value, with repeated keys and every kind of variant.
    #[derive(Debug, Clone)]
    enum Tree {
        Null,
        Bool(bool),
        U(u64),
        I(i64),
        F(f64),
        Str(String),
        Char(char),
        Bytes(Vec<u8>),
        Some(Box<Tree>),
        Seq(Vec<Tree>),
        Map(Vec<(String, Tree)>),
        IntMap(Vec<(i32, Tree)>),
        Struct(Vec<(&'static str, Tree)>),
        Unit(&'static str),
        Newtype(&'static str, Box<Tree>),
        Tuple(&'static str, Vec<Tree>),
        Record(&'static str, Vec<(&'static str, Tree)>),
    }

    impl Serialize for Tree {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use ser::{
                SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant,
                SerializeTupleVariant,
            };
            match self {
                Tree::Null => s.serialize_none(),
                Tree::Bool(v) => s.serialize_bool(*v),
                Tree::U(v) => s.serialize_u64(*v),
                Tree::I(v) => s.serialize_i64(*v),
                Tree::F(v) => s.serialize_f64(*v),
                Tree::Str(v) => s.serialize_str(v),
                Tree::Char(v) => s.serialize_char(*v),
                Tree::Bytes(v) => s.serialize_bytes(v),
                Tree::Some(v) => s.serialize_some(v),
                Tree::Seq(v) => {
                    let mut q = s.serialize_seq(Some(v.len()))?;
                    for x in v {
                        q.serialize_element(x)?;
                    }
                    q.end()
                }
                Tree::Map(v) => {
                    let mut m = s.serialize_map(None)?;
                    for (k, x) in v {
                        m.serialize_entry(k, x)?;
                    }
                    m.end()
                }
                Tree::IntMap(v) => {
                    let mut m = s.serialize_map(None)?;
                    for (k, x) in v {
                        m.serialize_entry(k, x)?;
                    }
                    m.end()
                }
                Tree::Struct(v) => {
                    let mut m = s.serialize_struct("S", v.len())?;
                    for (k, x) in v {
                        m.serialize_field(k, x)?;
                    }
                    m.end()
                }
                Tree::Unit(n) => s.serialize_unit_variant("E", 0, n),
                Tree::Newtype(n, v) => s.serialize_newtype_variant("E", 1, n, v),
                Tree::Tuple(n, v) => {
                    let mut t = s.serialize_tuple_variant("E", 2, n, v.len())?;
                    for x in v {
                        t.serialize_field(x)?;
                    }
                    t.end()
                }
                Tree::Record(n, v) => {
                    let mut m = s.serialize_struct_variant("E", 3, n, v.len())?;
                    for (k, x) in v {
                        m.serialize_field(k, x)?;
                    }
                    m.end()
                }
            }
        }
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let key = proptest::sample::select(&KEYS[..]);
        let leaf = prop_oneof![
            Just(Tree::Null),
            any::<bool>().prop_map(Tree::Bool),
            any::<u64>().prop_map(Tree::U),
            any::<i64>().prop_map(Tree::I),
            prop_oneof![
                Just(f64::NAN),
                Just(f64::INFINITY),
                Just(-0.0),
                Just(0.1),
                Just(1e300),
                any::<f64>()
            ]
            .prop_map(Tree::F),
            "[a-z\"\\\\\\n\\t\\u{1}\\u{7f}é ]{0,12}".prop_map(Tree::Str),
            any::<char>().prop_map(Tree::Char),
            proptest::collection::vec(any::<u8>(), 0..4).prop_map(Tree::Bytes),
            key.prop_map(Tree::Unit),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            let key = || proptest::sample::select(&KEYS[..]);
            let entries = proptest::collection::vec((key(), inner.clone()), 0..6);
            prop_oneof![
                inner.clone().prop_map(|t| Tree::Some(Box::new(t))),
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Tree::Seq),
                proptest::collection::vec((key().prop_map(str::to_string), inner.clone()), 0..6)
                    .prop_map(Tree::Map),
                proptest::collection::vec((-3i32..3, inner.clone()), 0..4).prop_map(Tree::IntMap),
                entries.clone().prop_map(Tree::Struct),
                (key(), inner.clone()).prop_map(|(k, t)| Tree::Newtype(k, Box::new(t))),
                (key(), proptest::collection::vec(inner.clone(), 0..3))
                    .prop_map(|(k, v)| Tree::Tuple(k, v)),
                (key(), entries).prop_map(|(k, v)| Tree::Record(k, v)),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn writers_print_what_the_value_prints(t in tree()) {
            check(&t, &[]);
            check(&t, &["id_acte", "acte", "b"]);
        }
    }

    #[test]
    fn text_fields() {
        let v = serde_json::json!({
            "acte": {"id": "X", "n": 3, "none": null},
            "list": [{"a": 1, "b": "x", "c": null}, "s", 2], "empty": [], "flag": true,
        });
        let mut b = Buffers::default();
        assert!(write_entries(&mut b, Form::Text { indent: 2 }, &[], &v).is_ok());
        assert_eq!(
            String::from_utf8_lossy(&b.out),
            "  acte:\n    id: X\n    n: 3\n  flag: true\n  list: a=1 b=x, s, 2\n"
        );
        check(&v, &["acte", "zz"]);
    }

    #[test]
    fn repeated_keys_keep_the_last_value() {
        let t = Tree::Map(vec![
            ("b".into(), Tree::U(1)),
            ("a".into(), Tree::Str("x".into())),
            ("b".into(), Tree::Null),
            ("a".into(), Tree::Seq(vec![Tree::U(2)])),
        ]);
        let mut b = Buffers::default();
        assert!(write_json(&mut b, &t).is_ok());
        assert_eq!(String::from_utf8_lossy(&b.out), r#"{"a":[2],"b":null}"#);
        check(&t, &["a"]);
    }

    #[test]
    fn a_value_that_is_no_object_gives_the_defaults() {
        for t in [
            Tree::U(3),
            Tree::Null,
            Tree::Seq(vec![]),
            Tree::Str("s".into()),
        ] {
            let mut b = Buffers::default();
            assert!(write_entries(&mut b, Form::Json, &["x", "a"], &t).is_ok());
            assert_eq!(String::from_utf8_lossy(&b.out), r#""a":null,"x":null"#);
            check(&t, &["x", "a"]);
        }
    }
}
