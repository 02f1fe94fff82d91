//! The classification of a collectivité (nomenclature des matières), the
//! natures of acts and the typologie des pièces (SPEC §7.7, §9.1–9.3).
//!
//! The préfecture sends each collectivité its classification in message 7-2
//! `RetourClassification`: a date (the version), the natures of acts with,
//! since 2017, the typologie codes allowed for each nature, and the tree of
//! matières (levels 1–2 national, levels 3–5 set by each préfecture).
//!
//! * [`Classification::parse`], [`from_reader`](Classification::from_reader),
//!   [`from_path`](Classification::from_path) and
//!   [`from_element`](Classification::from_element) read a 7-2 message with
//!   the lenient reading profile (every encoding variant of the real files,
//!   the mistyped namespace of the 2003 example, unsorted siblings, gaps,
//!   duplicated labels).
//! * [`Classification::national`] is built in: the national levels 1–2, the
//!   six natures and the default typologie per nature, compiled from the data
//!   files of `data/classification/`.
//! * Queries: [`Classification::label_path`], [`Classification::check_for_act`],
//!   [`Classification::allowed_typologies`], [`Classification::check_typologie`],
//!   and [`diff`] between two versions.
//! * Messages 7-1 `DemandeClassification` and 7-3
//!   `ReponseClassificationSansChangement` carry only a date: they are read
//!   and written by `messages` (`Message::parse`,
//!   `messages::demande_classification_xml`), the one reader of every root.
//!
//! Labels are kept exactly as in the file ([`Matiere::label`], trailing
//! spaces included); [`Matiere::display_label`] gives a trimmed (for the
//! built-in table: corrected) label for display.
//!
//! ```
//! use actes::classification::Classification;
//! use actes::ids::CodeMatiere;
//!
//! let xml = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
//! <actes:RetourClassification xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216">
//!   <actes:DateClassification>2019-03-01</actes:DateClassification>
//!   <actes:NaturesActes>
//!     <actes:NatureActe actes:CodeNatureActe="1" actes:Libelle="Délibérations" actes:TypeAbrege="DE">
//!       <actes:TypePJNatureActe actes:CodeTypePJ="99_DE" actes:Libelle="Délibération"/>
//!     </actes:NatureActe>
//!   </actes:NaturesActes>
//!   <actes:Matieres>
//!     <actes:Matiere1 actes:CodeMatiere="7" actes:Libelle="Finances locales">
//!       <actes:Matiere2 actes:CodeMatiere="10" actes:Libelle="Divers"/>
//!       <actes:Matiere2 actes:CodeMatiere="2" actes:Libelle="Fiscalité"/>
//!     </actes:Matiere1>
//!   </actes:Matieres>
//! </actes:RetourClassification>"#;
//! let c = Classification::parse(xml.as_bytes()).into_result().unwrap();
//! assert_eq!(c.date().to_string(), "2019-03-01");
//! let code: CodeMatiere = "7.2".parse().unwrap();
//! assert_eq!(c.label_path(&code).unwrap(), "Finances locales › Fiscalité");
//! // Siblings are sorted numerically: 7.2 before 7.10.
//! let codes: Vec<String> = c.matieres()[0].children().iter().map(|m| m.code().to_string()).collect();
//! assert_eq!(codes, ["7.2", "7.10"]);
//! // An act needs levels 1 and 2 (rule E4), and the code must exist.
//! assert!(c.check_for_act(&code).is_empty());
//! let d = c.check_for_act(&"7.3".parse().unwrap());
//! assert_eq!(d[0].code.as_str(), "CLASS-MATIERE-UNKNOWN");
//! ```

mod builtin;
mod diff;
mod parse;

use std::fmt;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, Location, Parsed};
use crate::ids::{CodeMatiere, NatureActe};
use crate::xml::{Element, Limits};

pub use diff::{
    diff, ClassificationDiff, MatiereChange, NatureChange, Relabel, TypologieChange, TypologieKey,
};

/// The deepest level of the tree (`Matiere5`).
pub const MAX_LEVELS: usize = 5;

/// Separator of [`Classification::label_path`].
pub const LABEL_SEPARATOR: &str = " › ";

/// Where a [`Classification`] comes from, which decides how much it can
/// check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A `RetourClassification` file: the tree and the typologie lists (when
    /// present) are the préfecture's and are authoritative.
    File,
    /// The built-in [`Classification::national`]: only levels 1–2 and the
    /// default typologie codes are known, so deeper codes and other
    /// typologie codes can only be reported as unverified (warnings).
    National,
}

/// A typologie des pièces entry (`TypePJNatureActe`): a `CodeTypePJ` and
/// its label.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TypologieEntry {
    /// The code, e.g. `99_DE`, as in the file (trimmed).
    pub code: String,
    /// The label, exactly as in the file.
    pub label: String,
}

impl TypologieEntry {
    /// The label without leading and trailing white space.
    #[must_use]
    pub fn display_label(&self) -> &str {
        self.label.trim()
    }
}

/// One nature of acts in a classification (`NaturesActes/NatureActe`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatureEntry {
    nature: NatureActe,
    abbr: String,
    label: String,
    typologies: Vec<TypologieEntry>,
}

impl NatureEntry {
    /// The nature (from `CodeNatureActe`, or `TypeAbrege` when the code is
    /// absent).
    #[must_use]
    pub fn nature(&self) -> NatureActe {
        self.nature
    }

    /// `CodeNatureActe`, 1 to 6.
    #[must_use]
    pub fn code(&self) -> u8 {
        self.nature.code()
    }

    /// `TypeAbrege` as written in the file (`DE`…).
    #[must_use]
    pub fn abbr(&self) -> &str {
        &self.abbr
    }

    /// The label, exactly as in the file (`Délibérations`, `Deliberations`).
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The label, trimmed.
    #[must_use]
    pub fn display_label(&self) -> &str {
        self.label.trim()
    }

    /// The `TypePJNatureActe` entries of this nature, in file order (empty
    /// in the 2004–2011 files, which predate the typologie).
    #[must_use]
    pub fn typologies(&self) -> &[TypologieEntry] {
        &self.typologies
    }
}

/// A node of the tree of matières.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matiere {
    code: CodeMatiere,
    label: String,
    display: Option<String>,
    children: Vec<Matiere>,
}

impl Matiere {
    /// The full code of the node (`8.9`, `1.1.10`).
    #[must_use]
    pub fn code(&self) -> &CodeMatiere {
        &self.code
    }

    /// The level, 1 to 5.
    #[must_use]
    pub fn level(&self) -> usize {
        self.code.depth()
    }

    /// The label exactly as in the file (trailing spaces, missing accents
    /// and typos kept, e.g. `"Documents d urbanisme "`).
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The label for display: trimmed; for the built-in national table, the
    /// corrected French label (`"Libertés publiques et pouvoirs de police"`
    /// for the official `"Libertes publiques et pourvoirs de police"`).
    #[must_use]
    pub fn display_label(&self) -> &str {
        self.display.as_deref().unwrap_or(self.label.trim())
    }

    /// The sub-levels, sorted numerically (`7.2` before `7.10`).
    #[must_use]
    pub fn children(&self) -> &[Matiere] {
        &self.children
    }

    /// Whether the node has no sub-level.
    #[must_use]
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

/// A classification: `DateClassification`, the natures with their typologie
/// codes, and the tree of matières. See the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    date: NaiveDate,
    natures: Vec<NatureEntry>,
    matieres: Vec<Matiere>,
    origin: Origin,
}

impl Classification {
    /// Parses a 7-2 `RetourClassification` with the default [`Limits`].
    ///
    /// The value is present when the document is well-formed, has the right
    /// root and a valid `DateClassification`; other problems (a bad code, a
    /// missing label, an unknown nature) are reported and the entry skipped.
    #[must_use]
    pub fn parse(bytes: &[u8]) -> Parsed<Classification> {
        Self::parse_with_limits(bytes, &Limits::default())
    }

    /// [`parse`](Self::parse) with explicit resource limits.
    #[must_use]
    pub fn parse_with_limits(bytes: &[u8], limits: &Limits) -> Parsed<Classification> {
        let doc = crate::xml::parse(bytes, limits);
        let mut diagnostics = doc.diagnostics;
        let Some(doc) = doc.value else {
            return Parsed {
                value: None,
                diagnostics,
            };
        };
        let parsed = parse::classification(&doc.root);
        diagnostics.extend(parsed.diagnostics);
        Parsed {
            value: parsed.value,
            diagnostics,
        }
    }

    /// Reads a classification from the root element of an already parsed
    /// document (the messages layer uses this for message 7-2). The root
    /// must be `RetourClassification`.
    ///
    /// ```
    /// use actes::classification::Classification;
    /// let xml = br#"<RetourClassification><DateClassification>2020-01-02</DateClassification>
    ///   <NaturesActes/><Matieres/></RetourClassification>"#;
    /// let doc = actes::xml::parse(xml, &Default::default()).value.unwrap();
    /// let c = Classification::from_element(&doc.root).value.unwrap();
    /// assert_eq!(c.date().to_string(), "2020-01-02");
    /// ```
    #[must_use]
    pub fn from_element(root: &Element) -> Parsed<Classification> {
        parse::classification(root)
    }

    /// Reads everything from `reader` (up to the document size limit) and
    /// parses it. A read error is reported as `CLASS-READ`.
    pub fn from_reader<R: Read>(reader: R) -> Parsed<Classification> {
        let limits = Limits::default();
        let cap = u64::try_from(limits.max_document_bytes)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let mut bytes = Vec::new();
        match reader.take(cap).read_to_end(&mut bytes) {
            Ok(_) => Self::parse_with_limits(&bytes, &limits),
            Err(e) => Parsed {
                value: None,
                diagnostics: vec![read_error(&e.to_string())],
            },
        }
    }

    /// Reads and parses a file. Every diagnostic is attributed to the file;
    /// a missing or unreadable file is reported as `CLASS-READ`.
    pub fn from_path(path: impl AsRef<Path>) -> Parsed<Classification> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let parsed = match std::fs::File::open(path) {
            Ok(f) => Self::from_reader(f),
            Err(e) => Parsed {
                value: None,
                diagnostics: vec![read_error(&e.to_string())],
            },
        };
        Parsed {
            value: parsed.value,
            diagnostics: parsed
                .diagnostics
                .into_iter()
                .map(|d| d.in_file(name.clone()))
                .collect(),
        }
    }

    /// The built-in national classification: levels 1–2 (9 + 57 codes, with
    /// the labels of the 2004 national file and corrected display labels),
    /// the six natures with their 2019 labels, and per nature its default
    /// typologie (`99_DE`, `99_AR`, `99_AI`, `99_DC`, `99_BU`, `99_AU`) and
    /// `99_SE`. Its date is 2004-04-01, the date of the national file.
    ///
    /// ```
    /// use actes::classification::Classification;
    /// let n = Classification::national();
    /// assert_eq!(n.count_at_level(1), 9);
    /// assert_eq!(n.count_at_level(2), 57);
    /// assert_eq!(
    ///     n.label_path(&"8.9".parse().unwrap()).unwrap(),
    ///     "Domaines de compétences par thèmes › Culture"
    /// );
    /// ```
    #[must_use]
    pub fn national() -> &'static Classification {
        builtin::national()
    }

    /// `DateClassification`, the version of the classification.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// Where the classification comes from.
    #[must_use]
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The natures, sorted by code.
    #[must_use]
    pub fn natures(&self) -> &[NatureEntry] {
        &self.natures
    }

    /// The entry of one nature, if the classification lists it.
    #[must_use]
    pub fn nature(&self, nature: NatureActe) -> Option<&NatureEntry> {
        self.natures.iter().find(|n| n.nature == nature)
    }

    /// The level-1 matières, sorted numerically.
    #[must_use]
    pub fn matieres(&self) -> &[Matiere] {
        &self.matieres
    }

    /// Every node of the tree, depth first, in code order.
    pub fn iter(&self) -> impl Iterator<Item = &Matiere> + '_ {
        let mut stack: Vec<&Matiere> = self.matieres.iter().rev().collect();
        std::iter::from_fn(move || {
            let m = stack.pop()?;
            stack.extend(m.children.iter().rev());
            Some(m)
        })
    }

    /// The number of nodes at `level` (1 to 5).
    #[must_use]
    pub fn count_at_level(&self, level: usize) -> usize {
        self.iter().filter(|m| m.level() == level).count()
    }

    /// Whether any nature lists typologie codes (files of 2017 and later).
    #[must_use]
    pub fn has_typologies(&self) -> bool {
        self.natures.iter().any(|n| !n.typologies.is_empty())
    }

    /// The number of (nature, typologie) entries.
    #[must_use]
    pub fn typologie_count(&self) -> usize {
        self.natures.iter().map(|n| n.typologies.len()).sum()
    }

    /// The nodes from level 1 down to `code`, or `None` when the code is
    /// not in the tree.
    #[must_use]
    pub fn path(&self, code: &CodeMatiere) -> Option<Vec<&Matiere>> {
        let mut out = Vec::with_capacity(code.depth());
        let mut level = &self.matieres;
        for depth in 1..=code.depth() {
            let n = code.level(depth)?;
            let node = level.iter().find(|m| m.code.level(depth) == Some(n))?;
            out.push(node);
            level = &node.children;
        }
        Some(out)
    }

    /// The node of `code`, if it is in the tree.
    #[must_use]
    pub fn get(&self, code: &CodeMatiere) -> Option<&Matiere> {
        self.path(code).and_then(|p| p.last().copied())
    }

    /// The display labels from level 1 down to `code`.
    #[must_use]
    pub fn labels(&self, code: &CodeMatiere) -> Option<Vec<&str>> {
        self.path(code)
            .map(|p| p.into_iter().map(Matiere::display_label).collect())
    }

    /// The display labels joined with `" › "`, e.g. 8.9 →
    /// `"Domaines de compétences par thèmes › Culture"`.
    #[must_use]
    pub fn label_path(&self, code: &CodeMatiere) -> Option<String> {
        self.labels(code).map(|l| l.join(LABEL_SEPARATOR))
    }

    /// Checks that `code` exists in the tree. Diagnostics (segment
    /// `matiere`, byte offset of the level in the canonical form of the
    /// code):
    /// - `CLASS-MATIERE-UNKNOWN` (error): level N is not under its parent;
    /// - `CLASS-MATIERE-TOO-DEEP` (error): the parent is a leaf of the
    ///   préfecture's tree;
    /// - `CLASS-MATIERE-UNVERIFIED` (warning): levels 3–5 against the
    ///   built-in national table, which does not know them;
    /// - `CLASS-MATIERE-NOT-LEAF` (warning): the préfecture defines deeper
    ///   levels under the code.
    ///
    /// It does not apply rule E4 (levels 1 and 2 mandatory); see
    /// [`check_for_act`](Self::check_for_act).
    #[must_use]
    pub fn check_matiere(&self, code: &CodeMatiere) -> Vec<Diagnostic> {
        let canonical = code.to_string();
        let mut level = &self.matieres;
        let mut offset = 0usize;
        let mut parent: Option<&Matiere> = None;
        for (i, &n) in code.levels().iter().enumerate() {
            let depth = i + 1;
            match level.iter().find(|m| m.code.level(depth) == Some(n)) {
                Some(node) => {
                    parent = Some(node);
                    level = &node.children;
                    offset += n.to_string().len() + 1;
                }
                None => return vec![self.missing_level(code, depth, n, offset, parent)],
            }
        }
        let mut out = Vec::new();
        if let Some(node) = parent {
            if !node.children.is_empty() && code.depth() >= 2 {
                let examples: Vec<String> = node
                    .children
                    .iter()
                    .take(5)
                    .map(|c| c.code.to_string())
                    .collect();
                let more = if node.children.len() > 5 { ", …" } else { "" };
                let list = format!("{}{more}", examples.join(", "));
                out.push(Diagnostic::new(
                    Code::ClassMatiereNotLeaf,
                    Location::segment("matiere", canonical.len()),
                    format!(
                        "the classification of {} defines {} sub-level(s) under {canonical} ({list}); the act may need a finer code",
                        self.date,
                        node.children.len()
                    ),
                    format!(
                        "la classification du {} définit {} sous-niveau(x) sous {canonical} ({list}) ; l'acte peut nécessiter un code plus fin",
                        self.date,
                        node.children.len()
                    ),
                ));
            }
        }
        out
    }

    fn missing_level(
        &self,
        code: &CodeMatiere,
        depth: usize,
        n: u16,
        offset: usize,
        parent: Option<&Matiere>,
    ) -> Diagnostic {
        let loc = Location::segment("matiere", offset);
        let parent_code = parent.map(|p| p.code.to_string());
        match parent {
            Some(p) if p.children.is_empty() => {
                let pc = parent_code.unwrap_or_default();
                if self.origin == Origin::National {
                    Diagnostic::new(
                        Code::ClassMatiereUnverified,
                        loc,
                        format!("{code}: level {depth} and below are set by each préfecture; only {pc} could be checked against the national table"),
                        format!("{code} : le niveau {depth} et les suivants sont fixés par chaque préfecture ; seul {pc} a pu être vérifié dans la table nationale"),
                    )
                } else {
                    Diagnostic::new(
                        Code::ClassMatiereTooDeep,
                        loc,
                        format!(
                            "{code}: the classification of {} has no level below {pc}",
                            self.date
                        ),
                        format!(
                            "{code} : la classification du {} n'a pas de niveau sous {pc}",
                            self.date
                        ),
                    )
                }
            }
            _ => {
                let siblings = match parent {
                    Some(p) => &p.children,
                    None => &self.matieres,
                };
                let known: Vec<String> = siblings
                    .iter()
                    .filter_map(|m| m.code.level(depth).map(|v| v.to_string()))
                    .collect();
                let (under_en, under_fr) = match &parent_code {
                    Some(p) => (format!(" under {p}"), format!(" sous {p}")),
                    None => (String::new(), String::new()),
                };
                Diagnostic::new(
                    Code::ClassMatiereUnknown,
                    loc,
                    format!(
                        "{code}: level {depth} ({n}) does not exist{under_en} in the classification of {}; known: {}",
                        self.date,
                        known.join(", ")
                    ),
                    format!(
                        "{code} : le niveau {depth} ({n}) n'existe pas{under_fr} dans la classification du {} ; codes connus : {}",
                        self.date,
                        known.join(", ")
                    ),
                )
            }
        }
    }

    /// Can an act be classified with `code`? Rule E4 (levels 1 and 2
    /// mandatory, `ID-MATIERE-LEVELS-1-2`) plus [`check_matiere`](Self::check_matiere).
    /// Valid when no diagnostic is an error.
    ///
    /// ```
    /// use actes::classification::Classification;
    /// let n = Classification::national();
    /// let codes = |s: &str| -> Vec<&str> {
    ///     n.check_for_act(&s.parse().unwrap()).iter().map(|d| d.code.as_str()).collect()
    /// };
    /// assert!(codes("8.9").is_empty());
    /// assert_eq!(codes("8"), ["ID-MATIERE-LEVELS-1-2"]);
    /// assert_eq!(codes("8.10"), ["CLASS-MATIERE-UNKNOWN"]);
    /// assert_eq!(codes("8.9.1"), ["CLASS-MATIERE-UNVERIFIED"]);
    /// ```
    #[must_use]
    pub fn check_for_act(&self, code: &CodeMatiere) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        out.extend(code.check_for_act());
        out.extend(self.check_matiere(code));
        out
    }

    /// Checks that the classification lists `nature` (`CLASS-NATURE-UNKNOWN`).
    #[must_use]
    pub fn check_nature(&self, nature: NatureActe) -> Vec<Diagnostic> {
        if self.nature(nature).is_some() {
            return Vec::new();
        }
        vec![Diagnostic::new(
            Code::ClassNatureUnknown,
            Location::segment("nature", 0),
            format!(
                "nature {} ({}) is not listed in the classification of {}",
                nature.code(),
                nature.abbr(),
                self.date
            ),
            format!(
                "la nature {} ({}) ne figure pas dans la classification du {}",
                nature.code(),
                nature.abbr(),
                self.date
            ),
        )]
    }

    /// Whether typologie membership can be checked for `nature`: the
    /// classification is a file that lists typologie codes, and lists some
    /// for this nature (several préfectures' files list none for some
    /// natures: the built-in defaults are used for those, with the parse
    /// warning `CLASS-NATURE-NO-TYPOLOGIE`).
    fn typologies_authoritative(&self, nature: NatureActe) -> bool {
        self.origin == Origin::File
            && self.has_typologies()
            && !matches!(self.nature(nature), Some(n) if n.typologies.is_empty())
    }

    /// The typologie codes allowed for `nature`.
    ///
    /// For a file that lists typologies (2017 and later), the nature's
    /// `TypePJNatureActe` entries (empty if the nature is not listed). For a
    /// file without any typologie (2004–2011 files) and for
    /// [`national`](Self::national), the built-in defaults: the nature's
    /// generic code and `99_SE`.
    #[must_use]
    pub fn allowed_typologies(&self, nature: NatureActe) -> Vec<&TypologieEntry> {
        if self.typologies_authoritative(nature) {
            self.nature(nature)
                .map(|n| n.typologies.iter().collect())
                .unwrap_or_default()
        } else {
            builtin::national()
                .nature(nature)
                .map(|n| n.typologies.iter().collect())
                .unwrap_or_default()
        }
    }

    /// The typologie to use by default for the act file of `nature`: the
    /// nature's generic code (`99_DE`…) when allowed, else the first allowed
    /// `99_*` code other than `99_SE` (`99_CO` in the 2017-11-13 file), else
    /// the first allowed code.
    #[must_use]
    pub fn default_typologie(&self, nature: NatureActe) -> Option<&TypologieEntry> {
        let allowed = self.allowed_typologies(nature);
        allowed
            .iter()
            .find(|t| t.code == nature.default_typologie())
            .or_else(|| {
                allowed
                    .iter()
                    .find(|t| t.code.starts_with("99_") && t.code != "99_SE")
            })
            .or_else(|| allowed.first())
            .copied()
    }

    /// Validates a typologie code for `nature` (rule E10). Diagnostics
    /// (segment `typologie`):
    /// - `CLASS-TYPOLOGIE-PATTERN` (error, offset of the first bad
    ///   character): the code must match `^[A-Z0-9_]{5}$`;
    /// - when the classification is a file that lists typologies: the nature
    ///   must be listed (`CLASS-NATURE-UNKNOWN`) and the code must be in its
    ///   list (`CLASS-TYPOLOGIE-NOT-ALLOWED`);
    /// - otherwise (2004–2011 files without typologie, or the built-in
    ///   national table): membership cannot be established, so a well-formed
    ///   code other than the built-in defaults of the nature gets the warning
    ///   `CLASS-TYPOLOGIE-UNVERIFIED` (S2LOW and PASTELL load the real list
    ///   from the classification; no list means nothing to check against).
    ///
    /// ```
    /// use actes::classification::Classification;
    /// use actes::ids::NatureActe;
    /// let n = Classification::national();
    /// assert!(n.check_typologie(NatureActe::Deliberation, "99_SE").is_empty());
    /// let d = n.check_typologie(NatureActe::Deliberation, "99_de");
    /// assert_eq!(d[0].code.as_str(), "CLASS-TYPOLOGIE-PATTERN");
    /// assert_eq!(d[0].location.offset, Some(3));
    /// let d = n.check_typologie(NatureActe::Deliberation, "22_NE");
    /// assert_eq!(d[0].code.as_str(), "CLASS-TYPOLOGIE-UNVERIFIED");
    /// ```
    #[must_use]
    pub fn check_typologie(&self, nature: NatureActe, code: &str) -> Vec<Diagnostic> {
        if let Some(d) = check_typologie_pattern(code) {
            return vec![d];
        }
        let loc = Location::segment("typologie", 0);
        if self.typologies_authoritative(nature) {
            let Some(entry) = self.nature(nature) else {
                return self.check_nature(nature);
            };
            if entry.typologies.iter().any(|t| t.code == code) {
                return Vec::new();
            }
            let codes: Vec<&str> = entry.typologies.iter().map(|t| t.code.as_str()).collect();
            return vec![Diagnostic::new(
                Code::ClassTypologieNotAllowed,
                loc,
                format!(
                    "typologie {code} is not allowed for nature {} in the classification of {} (allowed: {})",
                    nature.abbr(),
                    self.date,
                    codes.join(" ")
                ),
                format!(
                    "La typologie {code} n'est pas permise pour la nature {} dans la classification du {} (permises : {})",
                    nature.abbr(),
                    self.date,
                    codes.join(" ")
                ),
            )];
        }
        let defaults = builtin::national().nature(nature);
        if defaults.is_some_and(|n| n.typologies.iter().any(|t| t.code == code)) {
            return Vec::new();
        }
        let (what_en, what_fr) = match self.origin {
            Origin::National => (
                "no classification file was given".to_string(),
                "aucun fichier de classification n'a été fourni".to_string(),
            ),
            Origin::File if self.has_typologies() => (
                format!(
                    "the classification of {} lists no typologie for this nature",
                    self.date
                ),
                format!(
                    "la classification du {} ne liste aucune typologie pour cette nature",
                    self.date
                ),
            ),
            Origin::File => (
                format!("the classification of {} lists no typologie", self.date),
                format!(
                    "la classification du {} ne contient aucune typologie",
                    self.date
                ),
            ),
        };
        vec![Diagnostic::new(
            Code::ClassTypologieUnverified,
            loc,
            format!("typologie {code} could not be checked for nature {}: {what_en}; only the built-in defaults are known", nature.abbr()),
            format!("la typologie {code} n'a pas pu être vérifiée pour la nature {} : {what_fr} ; seules les valeurs par défaut intégrées sont connues", nature.abbr()),
        )]
    }

    /// The changes from `self` to `newer`; see [`diff`].
    #[must_use]
    pub fn diff(&self, newer: &Classification) -> ClassificationDiff {
        diff(self, newer)
    }
}

/// Checks a typologie code against `^[A-Z0-9_]{5}$` (segment `typologie`,
/// offset of the first bad character, or 5 when the code is too long, or
/// its length when too short).
#[must_use]
pub fn check_typologie_pattern(code: &str) -> Option<Diagnostic> {
    let (offset, _) = crate::ids::Typologie::problem(code)?;
    let shown: String = code.chars().take(20).collect();
    Some(Diagnostic::new(
        Code::ClassTypologiePattern,
        Location::segment("typologie", offset),
        format!("typologie {shown:?} must be 5 characters among A-Z, 0-9 and _ (e.g. 99_DE)"),
        format!("Le code de la PJ doit faire 5 caractères parmi A-Z, 0-9 et _ (par exemple 99_DE) : {shown:?}"),
    ))
}

fn read_error(what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ClassRead,
        Location::none(),
        format!("the classification could not be read: {what}"),
        format!("la classification n'a pas pu être lue : {what}"),
    )
}

impl fmt::Display for Classification {
    /// A human-readable tree: date, natures with their typologies, matières.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Classification du {}", self.date)?;
        writeln!(f, "Natures:")?;
        for n in &self.natures {
            writeln!(f, "  {} {} {}", n.code(), n.abbr, n.display_label())?;
            for t in &n.typologies {
                writeln!(f, "      {} {}", t.code, t.display_label())?;
            }
        }
        writeln!(f, "Matières:")?;
        for m in self.iter() {
            let indent = "  ".repeat(m.level());
            writeln!(f, "{indent}{} {}", m.code, m.display_label())?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::*;
    use serde::ser::{SerializeMap, Serializer};
    use serde::Serialize;

    impl Serialize for Matiere {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(3))?;
            m.serialize_entry("code", &self.code)?;
            m.serialize_entry("label", &self.label)?;
            m.serialize_entry("children", &self.children)?;
            m.end()
        }
    }

    impl Serialize for NatureEntry {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(4))?;
            m.serialize_entry("code", &self.code())?;
            m.serialize_entry("abbr", &self.abbr)?;
            m.serialize_entry("label", &self.label)?;
            m.serialize_entry("typologies", &self.typologies)?;
            m.end()
        }
    }

    /// `{"date": "YYYY-MM-DD", "natures": [...], "matieres": [...]}`; labels
    /// exactly as in the file, codes as canonical full paths.
    impl Serialize for Classification {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(3))?;
            m.serialize_entry("date", &self.date.format("%Y-%m-%d").to_string())?;
            m.serialize_entry("natures", &self.natures)?;
            m.serialize_entry("matieres", &self.matieres)?;
            m.end()
        }
    }
}
