//! # actes-ffi: the C ABI of `actes`
//!
//! JSON in, JSON out, so that the ABI stays small and stable while the
//! library grows. Every operation takes UTF-8 C strings or byte buffers and
//! returns a newly allocated, NUL-terminated UTF-8 JSON string: the very
//! document the `actes` command prints with `--json` for the same operation
//! (built by `actes::report`, validated by the JSON Schemas of `schemas/`).
//! Release it with [`actes_free`].
//!
//! * A NULL or invalid argument never crashes: the result is an error
//!   document `{"error": "argument", "diagnostics": [...]}` whose one
//!   diagnostic has the code `BIND-ARGUMENT` and names the argument in its
//!   `location.path` (`schemas/binding-error.schema.json`).
//! * No panic crosses the boundary: a panic becomes
//!   `{"error": "internal", "diagnostics": [BIND-INTERNAL]}`.
//! * Every function is thread-safe: no global state, nothing cached.
//! * Optional arguments: `lang` NULL or empty means French (`"fr"`);
//!   `today` NULL or empty means the system's local date (the library
//!   itself never reads the clock; this front end does, as the CLI does).
//!
//! The header is `ffi/include/actes.h` (cbindgen; a test fails when it is
//! out of date). This crate holds the only `unsafe` code of the project,
//! each block with its `// SAFETY:` reasoning, all of it in the pointer
//! conversions below.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use actes_core::container::Overwrite;
use actes_core::diagnostic::Lang;
use actes_core::receipt::Context;
use actes_core::report::{self, BuildRequest, StatusOptions};
use chrono::NaiveDate;
use serde::Serialize;

mod ops;

pub use ops::ArgError;

/// The version of the library, e.g. `"0.1.0"`: a static string, not to
/// be freed.
#[unsafe(no_mangle)]
pub extern "C" fn actes_version() -> *const c_char {
    static VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => c"unknown",
        };
    VERSION.as_ptr()
}

/// Releases a string returned by any `actes_*` function but
/// [`actes_version`]. NULL is accepted and ignored.
///
/// # Safety
///
/// `s` must be NULL or a pointer returned by an `actes_*` function of this
/// library, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    // SAFETY: the caller guarantees that `s` came from `CString::into_raw`
    // in `into_c` below and was not freed yet; it is reclaimed once.
    drop(unsafe { CString::from_raw(s) });
}

/// Checks an IDActe; the document of `actes id check --json` (one line,
/// `schemas/id-check.schema.json`). An identifier that is not UTF-8 is
/// reported in the document (`ID-INPUT-NOT-UTF8`).
///
/// # Safety
///
/// `id` must be NULL or a NUL-terminated string; `lang` NULL, or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_id_check(id: *const c_char, lang: *const c_char) -> *mut c_char {
    guarded(|| {
        // SAFETY: the caller's contract above.
        let (id, lang) = unsafe { (c_bytes(id, "id")?, c_lang(lang)?) };
        Ok(json(&ops::id_check(id, lang)))
    })
}

/// Checks a SIREN; the document of `actes siren check --json` (one line,
/// `schemas/siren-check.schema.json`).
///
/// # Safety
///
/// As [`actes_id_check`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_siren_check(
    siren: *const c_char,
    lang: *const c_char,
) -> *mut c_char {
    guarded(|| {
        // SAFETY: the caller's contract above.
        let (siren, lang) = unsafe { (c_bytes(siren, "siren")?, c_lang(lang)?) };
        Ok(json(&report::siren_check_bytes(siren, None, false, lang)))
    })
}

/// Checks a classification code (`7.1`), against the national
/// classification, or against the collectivité's own (the XML of a 7-2
/// RetourClassification in `classification`, `classification_len` bytes)
/// when `classification` is not NULL; with the nature (`"DE"`, or NULL) and
/// the typologie (`"99_DE"`, or NULL) to check against it. The document of
/// `actes classification check --json`
/// (`schemas/classification-check.schema.json`).
///
/// # Safety
///
/// `code`, `nature`, `typologie`, `lang`: NULL or NUL-terminated strings;
/// `classification`: NULL or `classification_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_classification_check(
    code: *const c_char,
    classification: *const u8,
    classification_len: usize,
    nature: *const c_char,
    typologie: *const c_char,
    lang: *const c_char,
) -> *mut c_char {
    guarded(|| {
        // SAFETY: the caller's contract above.
        let (code, xml, nature, typologie, lang) = unsafe {
            (
                c_str(code, "code")?,
                c_opt_buffer(classification, classification_len, "classification")?,
                c_opt_str(nature, "nature")?,
                c_opt_str(typologie, "typologie")?,
                c_lang(lang)?,
            )
        };
        Ok(json(&ops::classification_check(
            code, xml, nature, typologie, lang,
        )?))
    })
}

/// Reads one received file (`len` bytes at `data`, named `file_name`,
/// NULL for none) as `actes receipt read --json` does (one line,
/// `schemas/receipt-read.schema.json`). Bytes in, document out: no file is
/// read.
///
/// # Safety
///
/// `data`: `len` readable bytes (NULL only when `len` is 0); `file_name`
/// and `lang`: NULL or NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_receipt_read(
    data: *const u8,
    len: usize,
    file_name: *const c_char,
    lang: *const c_char,
) -> *mut c_char {
    // SAFETY: the caller's contract above, which is `on_named_bytes`'s.
    unsafe {
        on_named_bytes(data, len, file_name, lang, |data, name, lang| {
            json(&report::receipt_read(name, data, &Context::default(), lang))
        })
    }
}

/// Builds a CL → MI archive from the JSON description `input_json`
/// (`schemas/transmission-input.schema.json`), whose document paths are
/// relative to `base_dir`, into `out_dir` (created when missing; an
/// existing archive is not replaced), as `actes archive build --json`
/// (`schemas/archive-build.schema.json`). `today`: `YYYY-MM-DD`, or NULL
/// for the system's date.
///
/// # Safety
///
/// Every argument NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_archive_build(
    input_json: *const c_char,
    base_dir: *const c_char,
    out_dir: *const c_char,
    today: *const c_char,
    lang: *const c_char,
) -> *mut c_char {
    guarded(|| {
        // SAFETY: the caller's contract above.
        let (input, base_dir, out_dir, today, lang) = unsafe {
            (
                c_bytes(input_json, "input_json")?,
                c_str(base_dir, "base_dir")?,
                c_str(out_dir, "out_dir")?,
                c_today(today)?,
                c_lang(lang)?,
            )
        };
        let request = BuildRequest {
            input_name: "input_json",
            base_dir: Path::new(base_dir),
            today,
            classification: None,
            level: actes_core::container::DEFAULT_LEVEL,
        };
        let r = report::archive_build(input, &request, Path::new(out_dir), Overwrite::Never, lang);
        Ok(json(&r))
    })
}

/// Checks the CL → MI archive at `path` as the préfecture would, as
/// `actes archive check --json` (`schemas/archive-check.schema.json`).
///
/// # Safety
///
/// Every argument NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_archive_check(
    path: *const c_char,
    today: *const c_char,
    lang: *const c_char,
) -> *mut c_char {
    guarded(|| {
        // SAFETY: the caller's contract above.
        let (path, today, lang) = unsafe { (c_str(path, "path")?, c_today(today)?, c_lang(lang)?) };
        Ok(json(&report::archive_check(
            Path::new(path),
            today,
            None,
            lang,
        )))
    })
}

/// Reads the delivery at `path` (a folder of e-mail attachments, or a
/// tar.gz, tar or zip of them), as `actes delivery read --json`
/// (`schemas/delivery-read.schema.json`).
///
/// # Safety
///
/// Every argument NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_delivery_read(
    path: *const c_char,
    lang: *const c_char,
) -> *mut c_char {
    guarded(|| {
        // SAFETY: the caller's contract above.
        let (path, lang) = unsafe { (c_str(path, "path")?, c_lang(lang)?) };
        Ok(json(&report::delivery_read(Path::new(path), lang)))
    })
}

/// Verifies the proof bundle at `path`, as `actes bundle verify --json`
/// (`schemas/bundle-verify.schema.json`).
///
/// # Safety
///
/// Every argument NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_bundle_verify(
    path: *const c_char,
    today: *const c_char,
    lang: *const c_char,
) -> *mut c_char {
    guarded(|| {
        // SAFETY: the caller's contract above.
        let (path, today, lang) = unsafe { (c_str(path, "path")?, c_today(today)?, c_lang(lang)?) };
        Ok(json(&report::bundle_verify(Path::new(path), today, lang)))
    })
}

/// Checks the seal of a TotEM budget document (`len` bytes at `data`,
/// named `file_name`, NULL for none) and gives its metadata, as
/// `actes budget check --json` (one line,
/// `schemas/budget-check.schema.json`). Bytes in, document out.
///
/// # Safety
///
/// `data`: `len` readable bytes (NULL only when `len` is 0); `file_name`
/// and `lang`: NULL or NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_budget_check(
    data: *const u8,
    len: usize,
    file_name: *const c_char,
    lang: *const c_char,
) -> *mut c_char {
    // SAFETY: the caller's contract above, which is `on_named_bytes`'s.
    unsafe {
        on_named_bytes(data, len, file_name, lang, |data, name, lang| {
            json(&report::budget_check(name, data, lang))
        })
    }
}

/// The status of the acts the files at `paths` tell about (`n` paths:
/// sent archives, deliveries, proof bundles, folders or message files), as
/// `actes act status --json`, gathered in one JSON array: one object per
/// act, then, when some files could not be read or name no act, one
/// `{"id_acte": null, ...}` (`schemas/act-status.schema.json` for each
/// item). The préfet's window is a délai franc, the calendar the act's
/// département's, no publication date.
///
/// # Safety
///
/// `paths`: `n` readable pointers (NULL only when `n` is 0), each NULL or
/// a NUL-terminated string; `today` and `lang`: NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn actes_act_status(
    paths: *const *const c_char,
    n: usize,
    today: *const c_char,
    lang: *const c_char,
) -> *mut c_char {
    guarded(|| {
        // SAFETY: the caller's contract above.
        let (today, lang) = unsafe { (c_today(today)?, c_lang(lang)?) };
        if paths.is_null() && n > 0 {
            return Err(ArgError::null("paths"));
        }
        let list: Vec<&Path> = if n == 0 {
            Vec::new()
        } else {
            if n > isize::MAX as usize / std::mem::size_of::<*const c_char>() {
                return Err(ArgError::invalid(
                    "n",
                    "longer than the address space",
                    "plus long que l'espace d'adressage",
                ));
            }
            // SAFETY: non-NULL, `n` readable pointers by the caller's
            // contract, the size checked above; pointers are aligned.
            let ptrs = unsafe { std::slice::from_raw_parts(paths, n) };
            let mut list = Vec::with_capacity(n);
            for p in ptrs {
                // SAFETY: each pointer NULL or NUL-terminated (contract).
                list.push(Path::new(unsafe { c_str(*p, "paths") }?));
            }
            list
        };
        let docs = report::act_status(&list, &[], today, StatusOptions::default(), lang);
        Ok(json(&docs))
    })
}

// ---- the boundary ------------------------------------------------------------

/// Runs `f`, turning an argument error and a panic into error documents,
/// and hands the JSON to C.
/// The call of a function on one named document: `len` bytes at `data`,
/// the name `file_name` (NULL: none, given as `""`) and the language
/// `lang`, decoded, then `f` on them, guarded.
///
/// # Safety
///
/// `data`: `len` readable bytes (NULL only when `len` is 0); `file_name`
/// and `lang`: NULL or NUL-terminated strings.
unsafe fn on_named_bytes(
    data: *const u8,
    len: usize,
    file_name: *const c_char,
    lang: *const c_char,
    f: impl FnOnce(&[u8], &str, Lang) -> String,
) -> *mut c_char {
    guarded(|| {
        // SAFETY: forwarded contract.
        let (data, file_name, lang) = unsafe {
            (
                c_buffer(data, len, "data")?,
                c_opt_str(file_name, "file_name")?,
                c_lang(lang)?,
            )
        };
        Ok(f(data, file_name.unwrap_or(""), lang))
    })
}

fn guarded(f: impl FnOnce() -> Result<String, ArgError>) -> *mut c_char {
    let out = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => e.to_json(),
        Err(_) => ops::internal_error(),
    };
    into_c(out)
}

fn json<T: Serialize>(doc: &T) -> String {
    serde_json::to_string(doc).unwrap_or_else(|_| ops::internal_error())
}

/// A newly allocated C string; JSON never holds a NUL byte (serde_json
/// escapes it), so the fallback is never taken in practice.
fn into_c(s: String) -> *mut c_char {
    CString::new(s)
        .unwrap_or_else(|_| CString::from(c"{\"error\":\"internal\",\"diagnostics\":[]}"))
        .into_raw()
}

/// The bytes of a NUL-terminated string; NULL is an argument error.
///
/// # Safety
///
/// `p` NULL or NUL-terminated, valid for the call.
unsafe fn c_bytes<'a>(p: *const c_char, name: &'static str) -> Result<&'a [u8], ArgError> {
    if p.is_null() {
        return Err(ArgError::null(name));
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    Ok(unsafe { CStr::from_ptr(p) }.to_bytes())
}

/// A NUL-terminated UTF-8 string; NULL or not UTF-8 is an argument error.
///
/// # Safety
///
/// As [`c_bytes`].
unsafe fn c_str<'a>(p: *const c_char, name: &'static str) -> Result<&'a str, ArgError> {
    // SAFETY: forwarded contract.
    let b = unsafe { c_bytes(p, name) }?;
    std::str::from_utf8(b).map_err(|_| ArgError::not_utf8(name))
}

/// As [`c_str`], NULL giving `None`.
///
/// # Safety
///
/// As [`c_bytes`].
unsafe fn c_opt_str<'a>(p: *const c_char, name: &'static str) -> Result<Option<&'a str>, ArgError> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { c_str(p, name) }.map(Some)
}

/// `len` bytes at `p`; NULL is accepted for an empty buffer only.
///
/// # Safety
///
/// `p` valid for reads of `len` bytes, or NULL.
unsafe fn c_buffer<'a>(p: *const u8, len: usize, name: &'static str) -> Result<&'a [u8], ArgError> {
    if p.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(ArgError::null(name))
        };
    }
    if len > isize::MAX as usize {
        return Err(ArgError::invalid(
            name,
            "longer than the address space",
            "plus long que l'espace d'adressage",
        ));
    }
    // SAFETY: non-NULL, `len` readable bytes by the caller's contract,
    // `len` <= isize::MAX checked above; u8 has no alignment.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// As [`c_buffer`], NULL giving `None` whatever `len`.
///
/// # Safety
///
/// As [`c_buffer`].
unsafe fn c_opt_buffer<'a>(
    p: *const u8,
    len: usize,
    name: &'static str,
) -> Result<Option<&'a [u8]>, ArgError> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { c_buffer(p, len, name) }.map(Some)
}

/// The language: NULL or empty for French.
///
/// # Safety
///
/// As [`c_bytes`].
unsafe fn c_lang(p: *const c_char) -> Result<Lang, ArgError> {
    // SAFETY: forwarded contract.
    ops::lang(unsafe { c_opt_str(p, "lang") }?)
}

/// Today: NULL or empty for the system's local date.
///
/// # Safety
///
/// As [`c_bytes`].
unsafe fn c_today(p: *const c_char) -> Result<NaiveDate, ArgError> {
    // SAFETY: forwarded contract.
    ops::today(unsafe { c_opt_str(p, "today") }?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Takes a returned string, parses and frees it.
    fn take(p: *mut c_char) -> Value {
        assert!(!p.is_null());
        // SAFETY: `p` was just returned by an actes_* function.
        let s = unsafe { CStr::from_ptr(p) }
            .to_str()
            .expect("UTF-8")
            .to_string();
        // SAFETY: returned by an actes_* function, freed once.
        unsafe { actes_free(p) };
        serde_json::from_str(&s).expect("JSON")
    }

    fn argument_error(v: &Value, name: &str) {
        assert_eq!(v["error"], "argument", "{v}");
        assert_eq!(v["diagnostics"][0]["code"], "BIND-ARGUMENT", "{v}");
        assert_eq!(v["diagnostics"][0]["location"]["path"], name, "{v}");
    }

    const ID: &CStr = c"062-216204982-20221214-DLB12_14122022-DE";

    #[test]
    fn version_is_the_crate_version() {
        // SAFETY: a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(actes_version()) };
        assert_eq!(v.to_str(), Ok(env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn documents_are_the_library_documents() {
        // SAFETY (every call below): NUL-terminated literals or NULL.
        let v = take(unsafe { actes_id_check(ID.as_ptr(), c"en".as_ptr()) });
        let expected = report::id_check(ID.to_str().unwrap_or(""), None, false, Lang::En);
        assert_eq!(v, serde_json::to_value(&expected).expect("json"));
        assert_eq!(v["valid"], true);
        // lang NULL: French.
        let v = take(unsafe { actes_id_check(c"062-216204983".as_ptr(), std::ptr::null()) });
        assert_eq!(v["valid"], false);
        assert_eq!(
            v["diagnostics"][0]["message"],
            v["diagnostics"][0]["message_fr"]
        );
        // Not UTF-8: the library's diagnostic, not an argument error.
        let v = take(unsafe { actes_id_check(c"\xff\xfe".as_ptr(), c"fr".as_ptr()) });
        assert_eq!(v["diagnostics"][0]["code"], "ID-INPUT-NOT-UTF8");

        let v = take(unsafe { actes_siren_check(c"216204982".as_ptr(), c"FR".as_ptr()) });
        assert_eq!(v["valid"], true);
        assert_eq!(v["siren"], "216204982");

        let v = take(unsafe {
            actes_classification_check(
                c"7.1".as_ptr(),
                std::ptr::null(),
                0,
                c"DE".as_ptr(),
                c"99_DE".as_ptr(),
                c"fr".as_ptr(),
            )
        });
        let expected = report::classification_check(
            "7.1",
            None,
            actes_core::ids::NatureActe::from_abbr("DE"),
            Some("99_DE"),
            Lang::Fr,
        );
        assert_eq!(v, serde_json::to_value(&expected).expect("json"));

        let xml = b"<not a receipt";
        let v = take(unsafe {
            actes_receipt_read(xml.as_ptr(), xml.len(), c"x.xml".as_ptr(), c"en".as_ptr())
        });
        let expected = report::receipt_read("x.xml", xml, &Context::default(), Lang::En);
        assert_eq!(v, serde_json::to_value(&expected).expect("json"));
        assert!(v["root"].is_null());

        let budget = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/reference/samples/totem/BP2022_TRANSPORT.xml"
        ))
        .expect("TotEM sample");
        let v = take(unsafe {
            actes_budget_check(
                budget.as_ptr(),
                budget.len(),
                c"bp.xml".as_ptr(),
                c"en".as_ptr(),
            )
        });
        let expected = report::budget_check("bp.xml", &budget[..], Lang::En);
        assert_eq!(v, serde_json::to_value(&expected).expect("json"));
        assert_eq!(v["seal"], "valid");
    }

    #[test]
    fn null_and_invalid_arguments_are_error_documents() {
        let null: *const c_char = std::ptr::null();
        let no_bytes: *const u8 = std::ptr::null();
        // SAFETY (every call below): NULL or NUL-terminated literals, and
        // buffers of the length given.
        argument_error(&take(unsafe { actes_id_check(null, null) }), "id");
        argument_error(
            &take(unsafe { actes_id_check(ID.as_ptr(), c"de".as_ptr()) }),
            "lang",
        );
        argument_error(&take(unsafe { actes_siren_check(null, null) }), "siren");
        argument_error(
            &take(unsafe { actes_classification_check(null, no_bytes, 0, null, null, null) }),
            "code",
        );
        let v = take(unsafe {
            actes_classification_check(c"7.1".as_ptr(), no_bytes, 0, c"ZZ".as_ptr(), null, null)
        });
        assert_eq!(v["error"], "argument");
        assert_eq!(v["diagnostics"][0]["severity"], "error");
        argument_error(
            &take(unsafe { actes_receipt_read(no_bytes, 3, null, null) }),
            "data",
        );
        argument_error(
            &take(unsafe { actes_receipt_read(c"x".as_ptr().cast(), 1, c"\xff".as_ptr(), null) }),
            "file_name",
        );
        // An empty buffer may be NULL: the document says it is no message.
        let v = take(unsafe { actes_receipt_read(no_bytes, 0, null, null) });
        assert!(v["root"].is_null() && v["error"].is_null());
        for (i, name) in ["input_json", "base_dir", "out_dir"].iter().enumerate() {
            let mut args = [c"{}".as_ptr(), c".".as_ptr(), c".".as_ptr()];
            args[i] = null;
            let v = take(unsafe { actes_archive_build(args[0], args[1], args[2], null, null) });
            argument_error(&v, name);
        }
        let v = take(unsafe {
            actes_archive_build(
                c"{}".as_ptr(),
                c".".as_ptr(),
                c".".as_ptr(),
                c"2022-02-30".as_ptr(),
                null,
            )
        });
        argument_error(&v, "today");
        argument_error(
            &take(unsafe { actes_archive_check(null, null, null) }),
            "path",
        );
        argument_error(&take(unsafe { actes_delivery_read(null, null) }), "path");
        argument_error(
            &take(unsafe { actes_bundle_verify(null, null, null) }),
            "path",
        );
        argument_error(
            &take(unsafe { actes_act_status(std::ptr::null(), 1, null, null) }),
            "paths",
        );
        let bad = [c"\xff".as_ptr()];
        argument_error(
            &take(unsafe { actes_act_status(bad.as_ptr(), 1, null, null) }),
            "paths",
        );
        argument_error(
            &take(unsafe { actes_budget_check(no_bytes, 2, null, null) }),
            "data",
        );
        // SAFETY: NULL is accepted.
        unsafe { actes_free(std::ptr::null_mut()) };
    }

    #[test]
    fn act_status_is_the_library_array() {
        let ar = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/lens/062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml\0"
        );
        let missing = c"/nonexistent/actes-ffi-missing.tar.gz";
        let paths = [ar.as_ptr().cast::<c_char>(), missing.as_ptr()];
        // SAFETY: two NUL-terminated strings, literals.
        let v = take(unsafe {
            actes_act_status(paths.as_ptr(), 2, c"2023-01-10".as_ptr(), c"en".as_ptr())
        });
        let ar = ar.trim_end_matches('\0');
        let today = NaiveDate::from_ymd_opt(2023, 1, 10).expect("date");
        let expected = report::act_status(
            &[
                Path::new(ar),
                Path::new("/nonexistent/actes-ffi-missing.tar.gz"),
            ],
            &[],
            today,
            StatusOptions::default(),
            Lang::En,
        );
        assert_eq!(v, Value::Array(expected));
        assert_eq!(v[0]["state"], "acknowledged");
        assert_eq!(v[0]["acknowledged_on"], "2022-12-19");
        assert!(v[1]["id_acte"].is_null());
        // No path: no act, one finding.
        // SAFETY: NULL with n = 0 is accepted.
        let v = take(unsafe {
            actes_act_status(std::ptr::null(), 0, std::ptr::null(), std::ptr::null())
        });
        assert_eq!(v[0]["diagnostics"][0]["code"], "TXN-NO-ACT");
    }

    #[test]
    fn a_panic_does_not_cross_the_boundary() {
        let p = guarded(|| panic!("a bug"));
        let v = take(p);
        assert_eq!(v["error"], "internal");
        assert_eq!(v["diagnostics"][0]["code"], "BIND-INTERNAL");
    }

    #[test]
    fn calls_from_many_threads_agree() {
        let expected = take(unsafe { actes_id_check(ID.as_ptr(), c"fr".as_ptr()) });
        let results: Vec<Value> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        (0..50)
                            // SAFETY: NUL-terminated literals.
                            .map(|_| take(unsafe { actes_id_check(ID.as_ptr(), c"fr".as_ptr()) }))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        assert_eq!(results.len(), 400);
        assert!(results.iter().all(|v| *v == expected));
    }
}
