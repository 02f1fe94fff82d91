//! `check_ids`: a million identifiers into a million documents.
//!
//! The documents are the ones `check_id` gives (the CLI's id-check JSON, as
//! Python objects), made in three steps per batch of identifiers:
//!
//! 1. with the GIL: the UTF-8 of each `str` (borrowed, not copied) or the
//!    bytes of each `bytes`;
//! 2. without the GIL: each identifier checked by the library
//!    (`IdCheckReport::check_bytes_into`, one report per thread); the first
//!    batch on every core, each next one on a thread of its own while the
//!    documents of the one before are made;
//! 3. with the GIL: the dicts. A valid identifier without findings (the
//!    common case) gets its dicts as copies of template dicts whose keys
//!    are already in place (`dict.copy()` of a small dict copies its table
//!    at once), then its values set: the `str` given as `input`, strings
//!    for the parts shared with an earlier equal one (a file of one
//!    collectivité's acts repeats its SIREN, dates and département), a new
//!    `nature` dict and a new empty `diagnostics` list for each document,
//!    so that no two documents share a mutable part. Any other identifier
//!    goes through the generic conversion of its report (`topy`).

use actes::diagnostic::Lang;
use actes::ids::NatureActe;
use actes::ids::{iso_date_bytes, ActeId};
use actes::report::IdCheckReport;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use crate::topy::Keys;

/// Identifiers checked per batch: the documents of a batch are made before
/// the next one is read, so that the memory of step 2 stays bounded.
const BATCH: usize = 1 << 16;

/// Below this many identifiers in a batch, one thread checks them all.
const PARALLEL_FROM: usize = 4096;

/// One identifier as given: a `str` (its UTF-8) or `bytes`.
struct Given<'a> {
    bytes: std::borrow::Cow<'a, [u8]>,
    is_str: bool,
}

/// The result of step 2 for one identifier.
enum Checked {
    /// Valid, no finding, given as a `str`: the fast documents.
    Plain(ActeId),
    /// Anything else: the whole report.
    Report(Box<IdCheckReport>),
}

/// `check_ids(ids, lang, only_invalid)`: the list of documents.
pub fn check_ids<'py>(
    py: Python<'py>,
    ids: &Bound<'py, PyAny>,
    lang: Lang,
    only_invalid: bool,
) -> PyResult<Bound<'py, PyList>> {
    let mut maker = Maker::new(py, lang)?;
    let mut docs: Vec<Bound<'py, PyAny>> = Vec::with_capacity(if only_invalid {
        0
    } else {
        ids.len().unwrap_or(0)
    });
    let mut items = ids.try_iter()?;
    let mut read = |batch: &mut Vec<Bound<'py, PyAny>>| -> PyResult<()> {
        batch.clear();
        for item in items.by_ref().take(BATCH) {
            batch.push(item?);
        }
        Ok(())
    };
    let mut first_line = 1usize;
    let (mut batch, mut next) = (Vec::with_capacity(BATCH), Vec::with_capacity(BATCH));
    read(&mut batch)?;
    let mut checked = {
        let given = batch.iter().map(given).collect::<PyResult<Vec<_>>>()?;
        py.detach(|| check_all(&given, first_line, lang))
    };
    while !batch.is_empty() {
        // The next batch is checked on another thread while this one's
        // documents are made.
        read(&mut next)?;
        let next_given = next.iter().map(given).collect::<PyResult<Vec<_>>>()?;
        let next_line = first_line + batch.len();
        let next_checked = std::thread::scope(|scope| -> PyResult<Vec<Checked>> {
            let worker = (!next_given.is_empty())
                .then(|| scope.spawn(|| check_part(&next_given, next_line, lang)));
            for ((n, item), c) in batch.iter().enumerate().zip(checked.drain(..)) {
                let line = first_line + n;
                match c {
                    Checked::Plain(id) => {
                        if !only_invalid {
                            docs.push(maker.plain(item, line, &id)?);
                        }
                    }
                    Checked::Report(r) => {
                        if !(only_invalid && r.valid) {
                            docs.push(maker.report(item, &r)?);
                        }
                    }
                }
            }
            Ok(match worker.map(std::thread::ScopedJoinHandle::join) {
                Some(Ok(part)) => part,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => Vec::new(),
            })
        })?;
        drop(next_given);
        checked = next_checked;
        first_line = next_line;
        std::mem::swap(&mut batch, &mut next);
    }
    PyList::new(py, docs)
}

/// Step 1: a `str` (UTF-8, borrowed; one with lone surrogates, which has
/// none, lossily) or `bytes`.
fn given<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Given<'a>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(match s.to_str() {
            Ok(s) => Given {
                bytes: std::borrow::Cow::Borrowed(s.as_bytes()),
                is_str: true,
            },
            Err(_) => Given {
                bytes: std::borrow::Cow::Owned(s.to_string_lossy().into_owned().into_bytes()),
                is_str: false,
            },
        });
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Given {
            bytes: std::borrow::Cow::Borrowed(b.as_bytes()),
            is_str: false,
        });
    }
    Err(PyTypeError::new_err(format!(
        "an identifier is a str or bytes, not {}",
        value.get_type().name()?
    )))
}

/// Step 2, on every core: the identifiers of `given`, the first on line
/// `first_line`.
fn check_all(given: &[Given<'_>], first_line: usize, lang: Lang) -> Vec<Checked> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    if threads < 2 || given.len() < PARALLEL_FROM {
        return check_part(given, first_line, lang);
    }
    let per = given.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = given
            .chunks(per)
            .enumerate()
            .map(|(k, part)| scope.spawn(move || check_part(part, first_line + k * per, lang)))
            .collect();
        let mut all = Vec::with_capacity(given.len());
        for p in parts {
            match p.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// Step 2 on one part, with one report reused.
fn check_part(given: &[Given<'_>], first_line: usize, lang: Lang) -> Vec<Checked> {
    let mut r = IdCheckReport::empty(lang);
    given
        .iter()
        .enumerate()
        .map(|(n, g)| {
            r.check_bytes_into(&g.bytes, Some(first_line + n), false, lang);
            match (&r.id, g.is_str && r.valid && r.diagnostics.is_empty()) {
                (Some(id), true) => Checked::Plain(*id),
                _ => Checked::Report(Box::new(r.clone())),
            }
        })
        .collect()
}

/// Step 3: the documents.
struct Maker<'py> {
    py: Python<'py>,
    keys: Keys<'py>,
    /// `{"input", "line", "valid": True, "id", "diagnostics"}`.
    doc: Bound<'py, PyDict>,
    /// `{"departement", "siren", "date", "numero", "nature"}`.
    id: Bound<'py, PyDict>,
    /// The `nature` dict of each nature, in the order of `NatureActe::ALL`.
    natures: Vec<Bound<'py, PyDict>>,
    k: FieldKeys<'py>,
    departements: Shared<'py>,
    sirens: Shared<'py>,
    dates: Shared<'py>,
    numeros: Shared<'py>,
}

/// The keys set on each document.
struct FieldKeys<'py> {
    input: Bound<'py, PyString>,
    line: Bound<'py, PyString>,
    id: Bound<'py, PyString>,
    diagnostics: Bound<'py, PyString>,
    departement: Bound<'py, PyString>,
    siren: Bound<'py, PyString>,
    date: Bound<'py, PyString>,
    numero: Bound<'py, PyString>,
    nature: Bound<'py, PyString>,
}

impl<'py> Maker<'py> {
    fn new(py: Python<'py>, lang: Lang) -> PyResult<Self> {
        let keys = Keys::with_values(py);
        // The templates are the documents of a valid identifier, made by the
        // generic conversion: same keys, same order, as every document.
        let sample = actes::report::id_check("062-200123453-20000101-D0-DE", Some(1), false, lang);
        if !(sample.valid && sample.diagnostics.is_empty()) {
            return Err(pyo3::exceptions::PyRuntimeError::new_err(
                "check_ids: the template identifier is not valid",
            ));
        }
        let doc = keys.to_py(&sample)?.cast_into::<PyDict>()?;
        let id = doc
            .get_item("id")?
            .ok_or_else(|| PyTypeError::new_err("template without id"))?
            .cast_into::<PyDict>()?;
        let natures = NatureActe::ALL
            .iter()
            .map(|n| {
                keys.to_py(&actes::report::NatureReport::from(*n))?
                    .cast_into::<PyDict>()
                    .map_err(PyErr::from)
            })
            .collect::<PyResult<Vec<_>>>()?;
        let key = |k: &str| pyo3::types::PyString::intern(py, k);
        Ok(Maker {
            py,
            k: FieldKeys {
                input: key("input"),
                line: key("line"),
                id: key("id"),
                diagnostics: key("diagnostics"),
                departement: key("departement"),
                siren: key("siren"),
                date: key("date"),
                numero: key("numero"),
                nature: key("nature"),
            },
            keys,
            doc,
            id,
            natures,
            departements: Shared::new(py, 256),
            sirens: Shared::new(py, 1),
            dates: Shared::new(py, 1),
            numeros: Shared::new(py, 1),
        })
    }

    /// The document of a valid identifier without findings.
    fn plain(
        &mut self,
        input: &Bound<'py, PyAny>,
        line: usize,
        id: &ActeId,
    ) -> PyResult<Bound<'py, PyAny>> {
        let k = &self.k;
        let parts = self.id.copy()?;
        let (departement, siren, numero) = (id.departement(), id.siren(), id.numero());
        set(
            &parts,
            &k.departement,
            &self.departements.get(departement.as_bytes())?,
        )?;
        set(&parts, &k.siren, &self.sirens.get(siren.as_bytes())?)?;
        // An IDActe's year has four digits: the first arm always.
        let date = match iso_date_bytes(id.date()) {
            Some(iso) => self.dates.get(&iso)?,
            None => self.dates.get(id.date().to_string().as_bytes())?,
        };
        set(&parts, &k.date, &date)?;
        set(&parts, &k.numero, &self.numeros.get(numero.as_bytes())?)?;
        let nature = NatureActe::ALL
            .iter()
            .zip(&self.natures)
            .find(|(n, _)| **n == id.nature())
            .map_or_else(
                || Ok(self.py.None().into_bound(self.py)),
                |(_, d)| d.copy().map(Bound::into_any),
            )?;
        set(&parts, &k.nature, &nature)?;
        let doc = self.doc.copy()?;
        set(&doc, &k.input, input)?;
        set(&doc, &k.line, &line.into_pyobject(self.py)?)?;
        set(&doc, &k.id, &parts)?;
        set(&doc, &k.diagnostics, &PyList::empty(self.py))?;
        Ok(doc.into_any())
    }

    /// The document of any report, by the generic conversion; `input` is
    /// the `str` given, when it was one.
    fn report(&self, input: &Bound<'py, PyAny>, r: &IdCheckReport) -> PyResult<Bound<'py, PyAny>> {
        let doc = self.keys.to_py(r)?;
        if input.cast::<PyString>().is_ok_and(|s| s.to_str().is_ok()) {
            doc.set_item(&self.k.input, input)?;
        }
        Ok(doc)
    }
}

/// `dict[key] = value`, straight through the C API (pyo3's `set_item`
/// converts its arguments generically: a fifth of the time of a document).
fn set<T>(
    dict: &Bound<'_, PyDict>,
    key: &Bound<'_, PyString>,
    value: &Bound<'_, T>,
) -> PyResult<()> {
    // SAFETY: the three pointers are live objects, held by the `Bound`s
    // for the duration of the call, with the GIL held (`Bound` proves it);
    // PyDict_SetItem takes its own references to the key and the value.
    let rc = unsafe { pyo3::ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), value.as_ptr()) };
    if rc < 0 {
        Err(PyErr::fetch(dict.py()))
    } else {
        Ok(())
    }
}

/// A new `str` of ASCII bytes, its characters copied into a string made
/// for them (PyUnicode_FromStringAndSize would decode them as UTF-8 first).
fn ascii<'py>(py: Python<'py>, bytes: &[u8]) -> PyResult<Bound<'py, PyString>> {
    let Ok(len) = pyo3::ffi::Py_ssize_t::try_from(bytes.len()) else {
        return Ok(PyString::new(py, &String::from_utf8_lossy(bytes)));
    };
    if !bytes.is_ascii() {
        return Ok(PyString::new(py, &String::from_utf8_lossy(bytes)));
    }
    // SAFETY: with the GIL held, PyUnicode_New(len, 127) returns a new
    // compact ASCII string of `len` characters, one byte each, or NULL with
    // an exception set. Its `len` bytes of data are filled with the ASCII
    // bytes (so at most 127, as declared) before anyone else sees it; the
    // new reference is handed to the `Bound`.
    unsafe {
        let obj = pyo3::ffi::PyUnicode_New(len, 127);
        if obj.is_null() {
            return Err(PyErr::fetch(py));
        }
        std::ptr::copy_nonoverlapping(
            bytes.as_ptr(),
            pyo3::ffi::PyUnicode_1BYTE_DATA(obj),
            bytes.len(),
        );
        Ok(Bound::from_owned_ptr(py, obj).cast_into_unchecked())
    }
}

/// Python strings of short ASCII values, shared with an earlier equal one
/// (direct-mapped: a value replaces the one in its slot). With one slot,
/// the value of the document before: a file sorted by collectivité or by
/// date repeats it, and a miss touches only the string made just before
/// (a slot of a larger table would hold the string of a document made long
/// ago, out of the processor's caches).
struct Shared<'py> {
    py: Python<'py>,
    slots: Vec<Option<(u128, Bound<'py, PyString>)>>,
}

impl<'py> Shared<'py> {
    /// `slots`: a power of two.
    fn new(py: Python<'py>, slots: usize) -> Self {
        Shared {
            py,
            slots: (0..slots.next_power_of_two()).map(|_| None).collect(),
        }
    }

    /// The string of `bytes` (ASCII: the parts of a parsed identifier).
    fn get(&mut self, bytes: &[u8]) -> PyResult<Bound<'py, PyString>> {
        // The key: up to 15 bytes and the length, in one number.
        let mut key = [0u8; 16];
        let (Some(dest), Ok(len)) = (key.get_mut(1..=bytes.len()), u8::try_from(bytes.len()))
        else {
            return ascii(self.py, bytes);
        };
        dest.copy_from_slice(bytes);
        key[0] = len;
        let key = u128::from_le_bytes(key);
        let mask = self.slots.len().saturating_sub(1);
        let slot = (((key as u64) ^ ((key >> 64) as u64)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40)
            as usize
            & mask;
        Ok(match self.slots.get_mut(slot) {
            Some(Some((k, s))) if *k == key => s.clone(),
            Some(slot) => {
                let s = ascii(self.py, bytes)?;
                *slot = Some((key, s.clone()));
                s
            }
            None => ascii(self.py, bytes)?,
        })
    }
}
