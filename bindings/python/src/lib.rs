//! `actes._actes`: the extension module of the Python package `actes`.
//!
//! Every function returns the document the `actes` command prints with
//! `--json` for the same operation (built by `actes::report`), as Python
//! objects: the value `json.loads` would give. No protocol rule lives here.
//! A verdict is a document (`{"valid": False, "diagnostics": [...]}`); an
//! operation that could not be carried out raises `actes.ActesError`
//! carrying the diagnostics.

use std::path::{Path, PathBuf};

use actes::container::Overwrite;
use actes::diagnostic::{Code, Diagnostic, Lang, Location};
use actes::receipt::Context;
use actes::report::{self, BuildRequest, Diagnostics, IoAction};
use chrono::NaiveDate;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDate, PyDateAccess, PyDict, PyList, PyString};

mod many;
mod topy;

use topy::to_py;

/// `actes.ActesError`, defined in Python (`actes/_errors.py`).
fn actes_error(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static CLASS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    CLASS
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("actes._errors")?.getattr("ActesError")?.unbind())
        })
        .map(|c| c.bind(py))
}

/// Raises `ActesError(message, diagnostics, document)`: the message is the
/// first error's `CODE: message`.
fn raise(py: Python<'_>, diagnostics: &Diagnostics, document: Bound<'_, PyAny>) -> PyErr {
    let first = diagnostics
        .iter()
        .find(|d| d.is_error())
        .or_else(|| diagnostics.first());
    let message = first.map_or_else(
        || "actes: the operation failed".to_string(),
        |d| format!("{}: {}", d.code, d.message(diagnostics.lang)),
    );
    let built =
        to_py(py, diagnostics).and_then(|diags| actes_error(py)?.call1((message, diags, document)));
    match built {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

/// An argument error (`BIND-ARGUMENT`, naming the argument), raised.
fn argument(py: Python<'_>, name: &str, en: &str, fr: &str, lang: Lang) -> PyErr {
    let d = Diagnostic::new(
        Code::BindArgument,
        Location::path(name),
        format!("argument {name} {en}"),
        format!("l'argument {name} {fr}"),
    );
    let diags = Diagnostics::new(lang, vec![d]);
    let doc = PyDict::new(py);
    let filled = doc
        .set_item("error", "argument")
        .and_then(|()| doc.set_item("diagnostics", to_py(py, &diags)?));
    match filled {
        Ok(()) => raise(py, &diags, doc.into_any()),
        Err(e) => e,
    }
}

fn parse_lang(py: Python<'_>, lang: &str) -> PyResult<Lang> {
    lang.parse().map_err(|_| {
        argument(
            py,
            "lang",
            "is neither \"fr\" nor \"en\"",
            "n'est ni \"fr\" ni \"en\"",
            Lang::Fr,
        )
    })
}

/// `today`: None for the system's local date, a `datetime.date`, or a
/// string `YYYY-MM-DD`.
fn parse_today(
    py: Python<'_>,
    today: Option<&Bound<'_, PyAny>>,
    lang: Lang,
) -> PyResult<NaiveDate> {
    let Some(t) = today.filter(|t| !t.is_none()) else {
        return Ok(chrono::Local::now().date_naive());
    };
    let bad = || {
        argument(
            py,
            "today",
            "is not a date YYYY-MM-DD",
            "n'est pas une date AAAA-MM-JJ",
            lang,
        )
    };
    if let Ok(d) = t.cast::<PyDate>() {
        return NaiveDate::from_ymd_opt(d.get_year(), d.get_month().into(), d.get_day().into())
            .ok_or_else(bad);
    }
    let s: String = t.extract().map_err(|_| bad())?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| bad())
}

/// A str (UTF-8) or bytes identifier, as bytes.
fn id_bytes<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<std::borrow::Cow<'a, [u8]>> {
    if let Ok(s) = value.cast::<PyString>() {
        // A str that is not valid UTF-8 (lone surrogates) cannot be encoded:
        // its bytes are then given lossily and the library reports them.
        return Ok(match s.to_str() {
            Ok(s) => std::borrow::Cow::Owned(s.as_bytes().to_vec()),
            Err(_) => std::borrow::Cow::Owned(s.to_string_lossy().into_owned().into_bytes()),
        });
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(std::borrow::Cow::Borrowed(b.as_bytes()));
    }
    Err(PyTypeError::new_err(format!(
        "an identifier is a str or bytes, not {}",
        value.get_type().name()?
    )))
}

/// check_id(id, lang="fr"): checks an IDActe; the document of
/// `actes id check --json` (schemas/id-check.schema.json).
#[pyfunction]
#[pyo3(signature = (id, lang = "fr"))]
fn check_id<'py>(
    py: Python<'py>,
    id: &Bound<'py, PyAny>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let bytes = id_bytes(id)?;
    to_py(py, &report::id_check_bytes(&bytes, None, false, lang))
}

/// check_ids(ids, lang="fr", *, only_invalid=False): check_id on every
/// identifier of an iterable, in order, each document's `line` its 1-based
/// position (as `actes id check` numbers the lines of its input); with
/// `only_invalid`, the documents of the invalid ones only.
#[pyfunction]
#[pyo3(signature = (ids, lang = "fr", *, only_invalid = false))]
fn check_ids<'py>(
    py: Python<'py>,
    ids: &Bound<'py, PyAny>,
    lang: &str,
    only_invalid: bool,
) -> PyResult<Bound<'py, PyList>> {
    let lang = parse_lang(py, lang)?;
    // The cyclic garbage collector would run every 700 new dicts and walk
    // every one made so far: a million documents, which hold no cycle,
    // would cost it seconds. It is paused while they are made, as it was.
    let gc = py.import("gc")?;
    let was_enabled: bool = gc.call_method0("isenabled")?.extract()?;
    if was_enabled {
        gc.call_method0("disable")?;
    }
    let out = many::check_ids(py, ids, lang, only_invalid);
    if was_enabled {
        gc.call_method0("enable")?;
    }
    out
}

/// check_siren(siren, lang="fr"): the document of `actes siren check --json`.
#[pyfunction]
#[pyo3(signature = (siren, lang = "fr"))]
fn check_siren<'py>(
    py: Python<'py>,
    siren: &Bound<'py, PyAny>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let bytes = id_bytes(siren)?;
    to_py(py, &report::siren_check_bytes(&bytes, None, false, lang))
}

/// An XML file, as the CLI reads it: at most one byte more than the XML
/// reader accepts (which then reports `XML-LIMIT-SIZE`), in bounded memory.
fn read_xml(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let limit = actes::xml::Limits::default().max_document_bytes as u64;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A path from a str or an os.PathLike.
fn path_of(value: &Bound<'_, PyAny>) -> PyResult<PathBuf> {
    value.extract::<PathBuf>()
}

/// read_receipt(data, lang="fr", file_name=None): reads one received file,
/// given as bytes or as a path (str or os.PathLike); the document of
/// `actes receipt read --json` (schemas/receipt-read.schema.json), whose
/// `file` is `file_name`, else the path as given. Raises
/// ActesError when the file cannot be read or is not a protocol message.
#[pyfunction]
#[pyo3(signature = (data, lang = "fr", file_name = None))]
fn read_receipt<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    lang: &str,
    file_name: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let (name, bytes) = if let Ok(b) = data.cast::<PyBytes>() {
        (file_name.unwrap_or_default(), b.as_bytes().to_vec())
    } else {
        let path = path_of(data).map_err(|_| {
            PyTypeError::new_err("read_receipt takes bytes, or a path (str or os.PathLike)")
        })?;
        // As the CLI: the file is named by its path, as given.
        let name = file_name.unwrap_or_else(|| path.display().to_string());
        match py.detach(|| read_xml(&path)) {
            Ok(b) => (name, b),
            Err(e) => {
                let shown = path.display().to_string();
                let diags = Diagnostics::new(
                    lang,
                    vec![report::io_diagnostic(IoAction::Read, &shown, &e)],
                );
                return Err(raise(py, &diags, py.None().into_bound(py)));
            }
        }
    };
    let r = py.detach(|| report::receipt_read(&name, &bytes, &Context::default(), lang));
    let doc = to_py(py, &r)?;
    if r.is_read() {
        Ok(doc)
    } else {
        Err(raise(py, &r.diagnostics, doc))
    }
}

/// build_archive(input, base_dir, out_dir, today=None, lang="fr"): builds
/// the CL → MI archive described by `input` (a dict, or its JSON as str or
/// bytes; schemas/transmission-input.schema.json), whose document paths
/// are relative to `base_dir`, into `out_dir`; the document of
/// `actes archive build --json`. Raises ActesError, with every reason,
/// when the archive is refused.
#[pyfunction]
#[pyo3(signature = (input, base_dir, out_dir, today = None, lang = "fr"))]
fn build_archive<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
    base_dir: &Bound<'py, PyAny>,
    out_dir: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyAny>>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let today = parse_today(py, today, lang)?;
    let json: Vec<u8> = if let Ok(b) = input.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(s) = input.cast::<PyString>() {
        s.to_str()?.as_bytes().to_vec()
    } else if input.cast::<PyDict>().is_ok() {
        let text: String = py
            .import("json")?
            .call_method1("dumps", (input,))?
            .extract()?;
        text.into_bytes()
    } else {
        return Err(PyTypeError::new_err(
            "build_archive: input is a dict, or its JSON as str or bytes",
        ));
    };
    let (base_dir, out_dir) = (path_of(base_dir)?, path_of(out_dir)?);
    let r = py.detach(|| {
        let request = BuildRequest {
            input_name: "input",
            base_dir: &base_dir,
            today,
            classification: None,
            level: actes::container::DEFAULT_LEVEL,
        };
        report::archive_build(&json, &request, &out_dir, Overwrite::Never, lang)
    });
    let doc = to_py(py, &r)?;
    if r.valid {
        Ok(doc)
    } else {
        Err(raise(py, &r.diagnostics, doc))
    }
}

/// check_archive(path, today=None, lang="fr"): checks an archive as the
/// préfecture would; the document of `actes archive check --json`.
#[pyfunction]
#[pyo3(signature = (path, today = None, lang = "fr"))]
fn check_archive<'py>(
    py: Python<'py>,
    path: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyAny>>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let today = parse_today(py, today, lang)?;
    let path = path_of(path)?;
    let r = py.detach(|| report::archive_check(Path::new(&path), today, None, lang));
    to_py(py, &r)
}

/// read_delivery(path, lang="fr"): reads a delivery from the ministry (a
/// folder, tar.gz, tar or zip); the document of `actes delivery read --json`.
#[pyfunction]
#[pyo3(signature = (path, lang = "fr"))]
fn read_delivery<'py>(
    py: Python<'py>,
    path: &Bound<'py, PyAny>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let path = path_of(path)?;
    let r = py.detach(|| report::delivery_read(&path, lang));
    to_py(py, &r)
}

/// verify_bundle(path, today=None, lang="fr"): verifies a proof bundle;
/// the document of `actes bundle verify --json`.
#[pyfunction]
#[pyo3(signature = (path, today = None, lang = "fr"))]
fn verify_bundle<'py>(
    py: Python<'py>,
    path: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyAny>>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let today = parse_today(py, today, lang)?;
    let path = path_of(path)?;
    let r = py.detach(|| report::bundle_verify(&path, today, lang));
    to_py(py, &r)
}

/// check_budget(data, lang="fr", file_name=None): checks the seal of a
/// TotEM budget document, given as bytes or as a path (str or
/// os.PathLike, streamed), and gives its metadata; the document of
/// `actes budget check --json` (schemas/budget-check.schema.json), whose
/// `file` is `file_name`, else the path as given.
#[pyfunction]
#[pyo3(signature = (data, lang = "fr", file_name = None))]
fn check_budget<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    lang: &str,
    file_name: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let r = if let Ok(b) = data.cast::<PyBytes>() {
        let bytes = b.as_bytes().to_vec();
        let name = file_name.unwrap_or_default();
        py.detach(|| report::budget_check(&name, bytes.as_slice(), lang))
    } else {
        let path = path_of(data).map_err(|_| {
            PyTypeError::new_err("check_budget takes bytes, or a path (str or os.PathLike)")
        })?;
        let name = file_name.unwrap_or_else(|| path.display().to_string());
        py.detach(|| report::budget_check_file(&path, &name, lang))
    };
    to_py(py, &r)
}

/// act_status(paths, today=None, lang="fr"): the state, history and
/// legal dates of the acts the files at `paths` tell about (sent archives,
/// deliveries, proof bundles, folders, message files; str or os.PathLike);
/// the documents of `actes act status --json`, one per act, then one
/// `{"id_acte": None, ...}` when some files could not be read or name no
/// act (schemas/act-status.schema.json).
#[pyfunction]
#[pyo3(signature = (paths, today = None, lang = "fr"))]
fn act_status<'py>(
    py: Python<'py>,
    paths: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyAny>>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let today = parse_today(py, today, lang)?;
    if paths.cast::<PyString>().is_ok() || paths.cast::<PyBytes>().is_ok() {
        return Err(PyTypeError::new_err(
            "act_status takes a list of paths, not one path",
        ));
    }
    let list: Vec<PathBuf> = paths
        .try_iter()?
        .map(|p| path_of(&p?))
        .collect::<PyResult<_>>()?;
    let docs = py.detach(|| {
        let refs: Vec<&Path> = list.iter().map(PathBuf::as_path).collect();
        report::act_status(&refs, &[], today, report::StatusOptions::default(), lang)
    });
    to_py(py, &docs)
}

#[pymodule]
fn _actes(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(check_id, m)?)?;
    m.add_function(wrap_pyfunction!(check_ids, m)?)?;
    m.add_function(wrap_pyfunction!(check_siren, m)?)?;
    m.add_function(wrap_pyfunction!(read_receipt, m)?)?;
    m.add_function(wrap_pyfunction!(build_archive, m)?)?;
    m.add_function(wrap_pyfunction!(check_archive, m)?)?;
    m.add_function(wrap_pyfunction!(read_delivery, m)?)?;
    m.add_function(wrap_pyfunction!(verify_bundle, m)?)?;
    m.add_function(wrap_pyfunction!(act_status, m)?)?;
    m.add_function(wrap_pyfunction!(check_budget, m)?)?;
    Ok(())
}
