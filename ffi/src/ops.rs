//! The safe side of the boundary: argument errors, and the operations whose
//! arguments need more than a pointer conversion. Bytes in, documents out.

use actes_core::diagnostic::{Code, Diagnostic, Lang, Location};
use actes_core::ids::NatureActe;
use actes_core::report::{
    self, ClassificationCheckReport, ClassificationFile, Diagnostics, IdCheckReport,
};
use chrono::NaiveDate;
use serde::Serialize;

/// An argument the call cannot be made with (`BIND-ARGUMENT`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError(Vec<Diagnostic>);

/// `{"error": "argument"|"internal", "diagnostics": [...]}`
/// (`schemas/binding-error.schema.json`).
#[derive(Serialize)]
struct ErrorDocument {
    error: &'static str,
    diagnostics: Diagnostics,
}

impl ArgError {
    /// `name`, which must be given, is NULL.
    pub fn null(name: &'static str) -> Self {
        Self::invalid(name, "is NULL", "est NULL")
    }

    /// `name` is not UTF-8.
    pub fn not_utf8(name: &'static str) -> Self {
        Self::invalid(name, "is not UTF-8", "n'est pas de l'UTF-8")
    }

    /// `name` is wrong for the reason given in each language.
    pub fn invalid(name: &'static str, en: &str, fr: &str) -> Self {
        ArgError(vec![Diagnostic::new(
            Code::BindArgument,
            Location::path(name),
            format!("argument {name} {en}"),
            format!("l'argument {name} {fr}"),
        )])
    }

    /// The diagnostics.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.0
    }

    /// The error document, messages in French (the language argument may be
    /// the invalid one).
    pub fn to_json(&self) -> String {
        error_json("argument", self.0.clone())
    }
}

fn error_json(kind: &'static str, diags: Vec<Diagnostic>) -> String {
    let doc = ErrorDocument {
        error: kind,
        diagnostics: Diagnostics::new(Lang::Fr, diags),
    };
    serde_json::to_string(&doc)
        .unwrap_or_else(|_| format!("{{\"error\":\"{kind}\",\"diagnostics\":[]}}"))
}

/// The document of a panic caught at the boundary.
pub fn internal_error() -> String {
    error_json(
        "internal",
        vec![Diagnostic::new(
            Code::BindInternal,
            Location::none(),
            Code::BindInternal.summary(Lang::En),
            Code::BindInternal.summary(Lang::Fr),
        )],
    )
}

/// `fr` or `en` (any case); none or empty for French.
pub fn lang(s: Option<&str>) -> Result<Lang, ArgError> {
    match s {
        None | Some("") => Ok(Lang::Fr),
        Some(s) => s.parse().map_err(|_| {
            ArgError::invalid(
                "lang",
                "is neither \"fr\" nor \"en\"",
                "n'est ni \"fr\" ni \"en\"",
            )
        }),
    }
}

/// `YYYY-MM-DD`; none or empty for the system's local date.
pub fn today(s: Option<&str>) -> Result<NaiveDate, ArgError> {
    match s {
        None | Some("") => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            ArgError::invalid(
                "today",
                "is not a date YYYY-MM-DD",
                "n'est pas une date AAAA-MM-JJ",
            )
        }),
    }
}

/// `actes id check` on one value given as an argument.
pub fn id_check(id: &[u8], lang: Lang) -> IdCheckReport {
    report::id_check_bytes(id, None, false, lang)
}

/// `actes classification check` on one code.
pub fn classification_check(
    code: &str,
    classification: Option<&[u8]>,
    nature: Option<&str>,
    typologie: Option<&str>,
    lang: Lang,
) -> Result<ClassificationCheckReport, ArgError> {
    let nature = match nature {
        None | Some("") => None,
        // The library's own diagnostic of a nature that is not one.
        Some(n) => Some(
            NatureActe::parse_diagnostics(n)
                .into_result()
                .map_err(|e| ArgError(e.diagnostics))?,
        ),
    };
    let file = classification.map(|xml| ClassificationFile {
        name: "classification",
        xml,
    });
    Ok(report::classification_check(
        code,
        file,
        nature,
        typologie.filter(|t| !t.is_empty()),
        lang,
    ))
}
