//! Any `Serialize` document as Python objects (dict, list, str, int,
//! float, bool, None): the same value `json.loads` would give of the
//! document's JSON, without the JSON. Field names are created once per
//! call and shared (`check_ids` builds a million dicts with the same keys).

use std::cell::RefCell;
use std::fmt::Display;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use pyo3::BoundObject;
use serde::ser::{self, Serialize};

/// The error of a conversion: a Python exception, or serde's message.
#[derive(Debug)]
pub struct Error(PyErr);

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e)
    }
}

impl From<Error> for PyErr {
    fn from(e: Error) -> Self {
        e.0
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(pyo3::exceptions::PyValueError::new_err(msg.to_string()))
    }
}

/// The field names met so far, by address: the `&'static str` of a derived
/// `Serialize` is the same literal every time; and the last short string
/// values seen, by content (Python strings are immutable, so documents may
/// share them: a million identifiers have few départements, dates, natures).
pub struct Keys<'py> {
    py: Python<'py>,
    seen: RefCell<Vec<(&'static str, Bound<'py, PyString>)>>,
    values: RefCell<Vec<Slot<'py>>>,
}

/// A slot of the value cache: a string and its Python object.
type Slot<'py> = Option<(Box<str>, Bound<'py, PyString>)>;

/// Strings up to this length are looked up in the value cache.
const SHORT: usize = 24;
/// Slots of the value cache (direct-mapped).
const SLOTS: usize = 4096;

impl<'py> Keys<'py> {
    /// An empty cache of field names; no value cache.
    pub fn new(py: Python<'py>) -> Self {
        Keys {
            py,
            seen: RefCell::new(Vec::new()),
            values: RefCell::new(Vec::new()),
        }
    }

    /// An empty cache of field names and of short values, for many
    /// documents.
    pub fn with_values(py: Python<'py>) -> Self {
        let keys = Keys::new(py);
        keys.values.borrow_mut().resize_with(SLOTS, || None);
        keys
    }

    /// A Python string of `v`, shared with an earlier equal one when short.
    fn value(&self, v: &str) -> Bound<'py, PyString> {
        if v.len() > SHORT {
            return PyString::new(self.py, v);
        }
        // FNV-1a over at most SHORT bytes.
        let h = v.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let mut values = self.values.borrow_mut();
        if values.is_empty() {
            return PyString::new(self.py, v);
        }
        let slot = (h as usize) % SLOTS;
        match values.get_mut(slot) {
            Some(Some((k, s))) if **k == *v => s.clone(),
            Some(entry) => {
                let s = PyString::new(self.py, v);
                *entry = Some((v.into(), s.clone()));
                s
            }
            None => PyString::new(self.py, v),
        }
    }

    fn get(&self, key: &'static str) -> Bound<'py, PyString> {
        let mut seen = self.seen.borrow_mut();
        if let Some((_, k)) = seen
            .iter()
            .find(|(s, _)| std::ptr::eq(s.as_ptr(), key.as_ptr()) && s.len() == key.len())
        {
            return k.clone();
        }
        // Interned: the keys of every document are then the same objects
        // as those a caller's code names (a dict lookup compares pointers).
        let k = PyString::intern(self.py, key);
        seen.push((key, k.clone()));
        k
    }

    /// `value` as Python objects.
    pub fn to_py<T: Serialize + ?Sized>(&self, value: &T) -> PyResult<Bound<'py, PyAny>> {
        Ok(value.serialize(Ser { keys: self })?)
    }
}

/// `value` as Python objects.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    Keys::new(py).to_py(value)
}

/// A small formatting buffer; writing past it fails (then the heap is used).
struct Stack {
    bytes: [u8; 64],
    len: usize,
}

impl Default for Stack {
    fn default() -> Self {
        Stack {
            bytes: [0; 64],
            len: 0,
        }
    }
}

impl std::fmt::Write for Stack {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let dest = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dest.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[derive(Clone, Copy)]
struct Ser<'a, 'py> {
    keys: &'a Keys<'py>,
}

type Out<'py> = Result<Bound<'py, PyAny>, Error>;

/// A list under construction.
struct Seq<'a, 'py> {
    ser: Ser<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
    /// For a variant: the name the list goes under.
    variant: Option<&'static str>,
}

/// A dict under construction.
struct Map<'a, 'py> {
    ser: Ser<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'a, 'py> Ser<'a, 'py> {
    fn py(&self) -> Python<'py> {
        self.keys.py
    }

    fn wrap(&self, variant: Option<&'static str>, value: Bound<'py, PyAny>) -> Out<'py> {
        match variant {
            None => Ok(value),
            Some(v) => {
                let d = PyDict::new(self.py());
                d.set_item(self.keys.get(v), value)?;
                Ok(d.into_any())
            }
        }
    }

    fn seq(self, len: Option<usize>, variant: Option<&'static str>) -> Seq<'a, 'py> {
        Seq {
            ser: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant,
        }
    }

    fn map(self, variant: Option<&'static str>) -> Map<'a, 'py> {
        Map {
            ser: self,
            dict: PyDict::new(self.py()),
            key: None,
            variant,
        }
    }
}

fn scalar<'py, T>(py: Python<'py>, v: T) -> Out<'py>
where
    T: IntoPyObject<'py>,
    T::Error: Into<PyErr>,
{
    Ok(v.into_pyobject(py)
        .map_err(Into::into)?
        .into_any()
        .into_bound())
}

macro_rules! into_py {
    ($($f:ident: $t:ty),*) => {$(
        fn $f(self, v: $t) -> Out<'py> {
            scalar(self.py(), v)
        }
    )*};
}

impl<'a, 'py> ser::Serializer for Ser<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Map<'a, 'py>;

    into_py!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char);

    fn serialize_str(self, v: &str) -> Out<'py> {
        Ok(self.keys.value(v).into_any())
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Out<'py> {
        // Dates and codes: formatted on the stack when they fit.
        let mut buf = Stack::default();
        if std::fmt::write(&mut buf, format_args!("{value}")).is_ok() {
            if let Ok(s) = std::str::from_utf8(buf.bytes.get(..buf.len).unwrap_or_default()) {
                return self.serialize_str(s);
            }
        }
        self.serialize_str(&value.to_string())
    }

    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        // As serde_json: a list of numbers.
        let items: Vec<u8> = v.to_vec();
        Ok(PyList::new(self.py(), items)?.into_any())
    }

    fn serialize_none(self) -> Out<'py> {
        Ok(self.py().None().into_bound(self.py()))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _: &'static str) -> Out<'py> {
        self.serialize_none()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Out<'py> {
        Ok(self.keys.get(variant).into_any())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Out<'py> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let v = value.serialize(self)?;
        self.wrap(Some(variant), v)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, Error> {
        Ok(self.seq(len, None))
    }

    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, Error> {
        Ok(self.seq(Some(len), None))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a, 'py>, Error> {
        Ok(self.seq(Some(len), None))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, Error> {
        Ok(self.seq(Some(len), Some(variant)))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Map<'a, 'py>, Error> {
        Ok(self.map(None))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Map<'a, 'py>, Error> {
        Ok(self.map(None))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Map<'a, 'py>, Error> {
        Ok(self.map(Some(variant)))
    }
}

impl<'py> Seq<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(value.serialize(self.ser)?);
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let list = PyList::new(self.ser.py(), self.items)?.into_any();
        self.ser.wrap(self.variant, list)
    }
}

macro_rules! seq_impl {
    ($($tr:ident, $m:ident);*) => {$(
        impl<'py> ser::$tr for Seq<'_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn $m<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Out<'py> {
                self.finish()
            }
        }
    )*};
}

seq_impl!(SerializeSeq, serialize_element; SerializeTuple, serialize_element;
    SerializeTupleStruct, serialize_field; SerializeTupleVariant, serialize_field);

impl<'py> Map<'_, 'py> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        let v = value.serialize(self.ser)?;
        self.dict.set_item(self.ser.keys.get(key), v)?;
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        self.ser.wrap(self.variant, self.dict.into_any())
    }
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(self.ser)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let v = value.serialize(self.ser)?;
        match self.key.take() {
            Some(k) => self.dict.set_item(k, v)?,
            None => return Err(ser::Error::custom("a map value without its key")),
        }
        Ok(())
    }

    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeStruct for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeStructVariant for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Out<'py> {
        self.finish()
    }
}
