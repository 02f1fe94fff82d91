//! Types shared by several messages (SPEC §4.4, §6.1): the act metadata
//! [`DonneesActe`], signed files, `DocumentPapier`, the data of a
//! prefecture letter, the collectivité and service identifiers, the
//! referent, e-mail addresses.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, Invalid, Location, Parsed};
use crate::ids::{
    ActeId, Arrondissement, CodeMatiere, Departement, NatureActe, NatureCollectivite,
    NumeroInterne, Siren,
};
use crate::xml::{Element, Ns};

use super::field::{Field, FieldValue};
use super::io::{attr_path, child_path, Card, Reader, Writer};

/// Reading and writing of one element's content (attributes and children),
/// the element itself being opened by the caller.
pub(crate) trait Body: Sized {
    /// Reads the content of `el`, located at `path`.
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self;
    /// Writes the attributes, then the children, of the element just opened.
    fn write(&self, w: &mut Writer, path: &str);
}

/// Writes `<qname>` with `body` as content.
pub(crate) fn write_element<B: Body>(w: &mut Writer, qname: &str, body: &B, path: &str) {
    w.xml.start(qname);
    body.write(w, path);
    w.xml.end();
}

// ---------------------------------------------------------------- Email

/// An e-mail address matching the schema type `actes:Email` (SPEC §4.3):
/// `[_a-zA-Z0-9\-]+(\.[_a-zA-Z0-9\-]+)*@[a-zA-Z0-9\-]+(\.[a-zA-Z0-9\-]+)*\.[a-zA-Z]{2,6}`.
///
/// ```
/// use actes::messages::Email;
/// assert!("eric.pommateau@libriciel.coop".parse::<Email>().is_ok());
/// assert!("a+b@example.fr".parse::<Email>().is_err()); // no '+' in the schema
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// The address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `s` matches the schema pattern.
    #[must_use]
    pub fn is_valid(s: &str) -> bool {
        let Some((local, domain)) = s.split_once('@') else {
            return false;
        };
        let local_ok = local.split('.').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        });
        let parts: Vec<&str> = domain.split('.').collect();
        let Some((tld, labels)) = parts.split_last() else {
            return false;
        };
        local_ok
            && !labels.is_empty()
            && labels
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'))
            && (2..=6).contains(&tld.len())
            && tld.bytes().all(|c| c.is_ascii_alphabetic())
    }

    /// The lenient parse (surrounding white space tolerated).
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<Email> {
        let t = s.trim();
        if Email::is_valid(t) {
            Parsed {
                value: Some(Email(t.to_string())),
                diagnostics: Vec::new(),
            }
        } else {
            Parsed {
                value: None,
                diagnostics: vec![Diagnostic::new(
                    Code::MsgInvalidEmail,
                    Location::none(),
                    format!("{t:?} is not an e-mail address of the schema's form"),
                    format!("{t:?} n'est pas une adresse électronique de la forme du schéma"),
                )],
            }
        }
    }
}

impl FromStr for Email {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Email::parse_diagnostics(s).into_result()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FieldValue for Email {
    fn to_xml(&self) -> String {
        self.0.clone()
    }
    fn parse_xml(raw: &str) -> Parsed<Self> {
        Email::parse_diagnostics(raw)
    }
}

// ---------------------------------------------------------------- FichierSigne

/// A file named in a message (`FichierSigne`): its name and, optionally, the
/// text of a signature (S2LOW puts a detached PKCS#7 there).
///
/// Its serde form is the file name alone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct FichierSigne {
    /// `NomFichier`, trimmed.
    pub nom_fichier: String,
    /// `Signature` (type `anyType`), kept as its text, verbatim.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub signature: Option<String>,
}

impl FichierSigne {
    /// A file without signature.
    pub fn new(nom_fichier: impl Into<String>) -> Self {
        FichierSigne {
            nom_fichier: nom_fichier.into(),
            signature: None,
        }
    }
}

impl Body for FichierSigne {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[("NomFichier", Card::One), ("Signature", Card::One)],
        );
        let nom_fichier = r.req_text(el, path, "NomFichier").trim().to_string();
        if nom_fichier.is_empty() && el.child("NomFichier").is_some() {
            let p = child_path(path, "NomFichier");
            r.push(Diagnostic::new(
                Code::MsgEmptyText,
                Location::path(&p),
                format!("{p} is empty"),
                format!("{p} est vide"),
            ));
        }
        FichierSigne {
            nom_fichier,
            signature: el.child("Signature").map(|s| s.text.clone()),
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        w.required_text(
            "actes:NomFichier",
            &self.nom_fichier,
            &child_path(path, "NomFichier"),
        );
        if let Some(sig) = &self.signature {
            w.text("actes:Signature", sig, &child_path(path, "Signature"));
        }
    }
}

/// Reads every `name` child of `el` as a signed file.
pub(crate) fn read_files(
    el: &Element,
    r: &mut Reader,
    path: &str,
    name: &str,
) -> Vec<FichierSigne> {
    let p = child_path(path, name);
    el.children_named(name)
        .map(|c| FichierSigne::read(c, r, &p))
        .collect()
}

// ---------------------------------------------------------------- DocumentPapier

/// `DocumentPapier`: whether paper documents follow the electronic act
/// (*multicanal*). The 2017 schema requires it; the 2008/2011 ones forbid it.
/// Values seen in the wild are kept apart (SPEC §6.1, reading rule R5).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DocumentPapier {
    /// `O`: paper documents follow.
    Oui,
    /// `N`: no paper documents.
    Non,
    /// `0`, seen in an MI ARActe of 2018.
    Zero,
    /// `1`.
    Un,
    /// An empty element, seen in an MI AnomalieActe of 2018.
    Vide,
    /// `xsi:nil="true"`, seen in STELA's early output.
    Nil,
    /// No `DocumentPapier` element (2008/2011 schema variants).
    #[default]
    Absent,
    /// Any other text, kept verbatim.
    Autre(String),
}

impl DocumentPapier {
    /// `O` or `N` from a flag.
    #[must_use]
    pub fn from_announced(paper_follows: bool) -> Self {
        if paper_follows {
            DocumentPapier::Oui
        } else {
            DocumentPapier::Non
        }
    }

    /// Whether paper documents were announced: `O` and `1` mean yes, `N`
    /// and `0` mean no; empty, nil, absent and other values say nothing.
    /// (The meaning of `0`/`1` is not documented anywhere, SPEC §18; reading
    /// them as false/true is this library's interpretation.)
    #[must_use]
    pub fn announced(&self) -> Option<bool> {
        match self {
            DocumentPapier::Oui | DocumentPapier::Un => Some(true),
            DocumentPapier::Non | DocumentPapier::Zero => Some(false),
            _ => None,
        }
    }

    /// What the writer emits (E6): `O` when [`announced`](Self::announced)
    /// is true, `N` otherwise (no announcement means no paper, as every peer
    /// treats only `O` as true); `None` for [`DocumentPapier::Autre`], which
    /// cannot be written.
    #[must_use]
    pub fn emitted(&self) -> Option<&'static str> {
        match self {
            DocumentPapier::Autre(_) => None,
            other => Some(if other.announced() == Some(true) {
                "O"
            } else {
                "N"
            }),
        }
    }

    fn read(el: Option<&Element>, r: &mut Reader, path: &str) -> Self {
        let Some(el) = el else {
            return DocumentPapier::Absent;
        };
        let t = el.text_trimmed();
        let v = match t {
            "O" => DocumentPapier::Oui,
            "N" => DocumentPapier::Non,
            "0" => DocumentPapier::Zero,
            "1" => DocumentPapier::Un,
            "" if el.is_nil() => DocumentPapier::Nil,
            "" => DocumentPapier::Vide,
            other => DocumentPapier::Autre(other.to_string()),
        };
        if !matches!(v, DocumentPapier::Oui | DocumentPapier::Non) {
            let shown = match &v {
                DocumentPapier::Nil => "xsi:nil".to_string(),
                DocumentPapier::Vide => "empty".to_string(),
                _ => format!("{t:?}"),
            };
            let montre = match &v {
                DocumentPapier::Nil => "xsi:nil".to_string(),
                DocumentPapier::Vide => "vide".to_string(),
                _ => format!("{t:?}"),
            };
            r.push(Diagnostic::new(
                Code::MsgDocumentPapierNonstandard,
                Location::path(path),
                format!("{path} is {shown}, not O or N"),
                format!("{path} vaut {montre}, ni O ni N"),
            ));
        }
        v
    }
}

// ---------------------------------------------------------------- DonneesActe

/// One classification level of an act: `CodeMatiere{level}/@CodeMatiere`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NiveauMatiere {
    // The fields in the order of their keys: the documents' writer then
    // has nothing to reorder.
    /// The code at that level.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::json::value"))]
    pub code: Field<u16>,
    /// The level, 1 to 5 (the element's name).
    pub level: u8,
}

impl NiveauMatiere {
    /// A level with a valid code.
    #[must_use]
    pub fn new(level: u8, code: u16) -> Self {
        NiveauMatiere {
            level,
            code: Field::new(code),
        }
    }
}

/// `Annexes`: the declared count and the annexed files.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Annexes {
    /// `@actes:Nombre`. It must equal the number of files for the message
    /// to be written ([`Annexes::new`] sets it).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "annexes_nombre", serialize_with = "super::json::value")
    )]
    pub nombre: Field<u64>,
    /// The `Annexe` files, in order.
    #[cfg_attr(feature = "serde", serde(rename = "annexes"))]
    pub fichiers: Vec<FichierSigne>,
}

impl Annexes {
    /// Annexes whose count is the number of files.
    #[must_use]
    pub fn new(fichiers: Vec<FichierSigne>) -> Self {
        Annexes {
            nombre: Field::new(fichiers.len() as u64),
            fichiers,
        }
    }
}

impl Default for Annexes {
    fn default() -> Self {
        Annexes::new(Vec::new())
    }
}

/// The act's metadata (type `DonneesActe`): the 1-1 `Acte` message, and the
/// `ActeRecu` echoed in 1-2 `ARActe` and 1-3 `AnomalieActe` (SPEC §6.1).
///
/// `Default` is an empty act (every field without value), used when a
/// message lacks its `ActeRecu`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DonneesActe {
    /// `@actes:Date`, the decision date.
    pub date: Field<NaiveDate>,
    /// `@actes:NumeroInterne`.
    pub numero_interne: Field<NumeroInterne>,
    /// `@actes:CodeNatureActe` (an integer, `1`…`6`).
    #[cfg_attr(
        feature = "serde",
        serde(flatten, serialize_with = "super::json::code_nature")
    )]
    pub code_nature: Field<NatureActe>,
    /// `CodeMatiere1`…`CodeMatiere5` present, in level order. Gaps are kept
    /// as read (levels 1, 2, 3, 5): nothing is shifted.
    #[cfg_attr(
        feature = "serde",
        serde(flatten, serialize_with = "super::json::matieres")
    )]
    pub matieres: Vec<NiveauMatiere>,
    /// `Objet`, verbatim.
    pub objet: String,
    /// `PrecedentIdentifiantActe/@actes:IDActe`.
    pub precedent_identifiant_acte: Option<Field<ActeId>>,
    /// `ClassificationDateVersion`.
    pub classification_date_version: Field<NaiveDate>,
    /// `Document`: the act's main file.
    pub document: FichierSigne,
    /// `Annexes`.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub annexes: Annexes,
    /// `DocumentPapier`.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::json::announced"))]
    pub document_papier: DocumentPapier,
}

impl DonneesActe {
    /// The classification code, when the levels are gap-free from 1 and
    /// every level has a valid code.
    #[must_use]
    pub fn matiere(&self) -> Option<CodeMatiere> {
        matiere_of(&self.matieres)
    }

    /// The levels from a classification code (gap-free by construction).
    #[must_use]
    pub fn matieres_from(code: &CodeMatiere) -> Vec<NiveauMatiere> {
        code.levels()
            .iter()
            .zip(1u8..)
            .map(|(&c, level)| NiveauMatiere::new(level, c))
            .collect()
    }

    /// The (level, code) pairs as read, e.g. `[(1, Some(2)), (2, Some(2)),
    /// (3, Some(1)), (5, Some(4))]`.
    #[must_use]
    pub fn matiere_levels(&self) -> Vec<(u8, Option<u16>)> {
        self.matieres
            .iter()
            .map(|n| (n.level, n.code.value))
            .collect()
    }
}

/// The classification code of `levels` (see [`DonneesActe::matiere`]).
pub(crate) fn matiere_of(levels: &[NiveauMatiere]) -> Option<CodeMatiere> {
    if !levels_gap_free(levels) {
        return None;
    }
    let codes: Option<Vec<u16>> = levels.iter().map(|n| n.code.value).collect();
    CodeMatiere::from_levels(&codes?).ok()
}

fn levels_gap_free(m: &[NiveauMatiere]) -> bool {
    m.len() >= 2 && m.len() <= 5 && m.iter().zip(1u8..).all(|(n, expected)| n.level == expected)
}

const MATIERE_ELEMENTS: [&str; 5] = [
    "CodeMatiere1",
    "CodeMatiere2",
    "CodeMatiere3",
    "CodeMatiere4",
    "CodeMatiere5",
];

impl Body for DonneesActe {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[
                ("CodeMatiere1", Card::One),
                ("CodeMatiere2", Card::One),
                ("CodeMatiere3", Card::One),
                ("CodeMatiere4", Card::One),
                ("CodeMatiere5", Card::One),
                ("Objet", Card::One),
                ("PrecedentIdentifiantActe", Card::One),
                ("ClassificationDateVersion", Card::One),
                ("Document", Card::One),
                ("Annexes", Card::One),
                ("DocumentPapier", Card::One),
            ],
        );
        let date = r.req_attr(el, path, "Date");
        let numero_interne = r.req_attr(el, path, "NumeroInterne");
        let code_nature = r.req_attr(el, path, "CodeNatureActe");
        let mut matieres = Vec::new();
        for (name, level) in MATIERE_ELEMENTS.iter().zip(1u8..) {
            let c = if level <= 2 {
                r.req_child(el, path, name)
            } else {
                el.child(name)
            };
            if let Some(c) = c {
                let p = child_path(path, name);
                matieres.push(NiveauMatiere {
                    level,
                    code: r.req_attr(c, &p, "CodeMatiere"),
                });
            }
        }
        let has_1_2 = matieres.iter().filter(|n| n.level <= 2).count() == 2;
        if has_1_2 && !levels_gap_free(&matieres) {
            let found: Vec<String> = matieres.iter().map(|n| n.level.to_string()).collect();
            let p = child_path(path, "CodeMatiere");
            r.push(Diagnostic::new(
                Code::MsgClassificationGap,
                Location::path(&p),
                format!(
                    "the classification levels present are {}: there is a gap",
                    found.join(", ")
                ),
                format!(
                    "les niveaux de classification présents sont {} : il y a une lacune",
                    found.join(", ")
                ),
            ));
        }
        let objet = r.req_text(el, path, "Objet");
        let precedent_identifiant_acte = el
            .child("PrecedentIdentifiantActe")
            .map(|c| r.req_attr(c, &child_path(path, "PrecedentIdentifiantActe"), "IDActe"));
        let classification_date_version = r.req_text_field(el, path, "ClassificationDateVersion");
        let document = match r.req_child(el, path, "Document") {
            Some(c) => FichierSigne::read(c, r, &child_path(path, "Document")),
            None => FichierSigne::new(""),
        };
        let annexes = match r.req_child(el, path, "Annexes") {
            Some(c) => {
                let p = child_path(path, "Annexes");
                r.check_children(c, &p, &[("Annexe", Card::Many)]);
                let nombre: Field<u64> = r.req_attr(c, &p, "Nombre");
                let fichiers = read_files(c, r, &p, "Annexe");
                if let Some(n) = nombre.value {
                    if n != fichiers.len() as u64 {
                        let ap = attr_path(&p, "Nombre");
                        r.push(Diagnostic::new(
                            Code::MsgAnnexesCount,
                            Location::path(&ap),
                            format!(
                                "{ap} is {n} but there are {} Annexe elements",
                                fichiers.len()
                            ),
                            format!(
                                "{ap} vaut {n} mais il y a {} éléments Annexe",
                                fichiers.len()
                            ),
                        ));
                    }
                }
                Annexes { nombre, fichiers }
            }
            None => Annexes {
                nombre: Field::invalid(""),
                fichiers: Vec::new(),
            },
        };
        let document_papier = DocumentPapier::read(
            el.child("DocumentPapier"),
            r,
            &child_path(path, "DocumentPapier"),
        );
        DonneesActe {
            date,
            numero_interne,
            code_nature,
            matieres,
            objet,
            precedent_identifiant_acte,
            classification_date_version,
            document,
            annexes,
            document_papier,
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        w.attr("actes:Date", &self.date, &attr_path(path, "Date"));
        w.attr(
            "actes:NumeroInterne",
            &self.numero_interne,
            &attr_path(path, "NumeroInterne"),
        );
        w.attr(
            "actes:CodeNatureActe",
            &self.code_nature,
            &attr_path(path, "CodeNatureActe"),
        );
        if !levels_gap_free(&self.matieres) {
            let levels: Vec<String> = self.matieres.iter().map(|n| n.level.to_string()).collect();
            let p = child_path(path, "CodeMatiere");
            w.invalid(
                &p,
                &levels.join(","),
                "classification levels must be 1 to n without gaps, with 2 <= n <= 5 (E4)",
                "les niveaux de classification doivent aller de 1 à n sans lacune, avec 2 <= n <= 5 (E4)",
            );
        }
        for n in &self.matieres {
            let name = format!("CodeMatiere{}", n.level);
            let p = child_path(path, &name);
            w.xml.start(&format!("actes:{name}"));
            w.attr("actes:CodeMatiere", &n.code, &attr_path(&p, "CodeMatiere"));
            w.xml.end();
        }
        w.required_text("actes:Objet", &self.objet, &child_path(path, "Objet"));
        if let Some(prec) = &self.precedent_identifiant_acte {
            let p = child_path(path, "PrecedentIdentifiantActe");
            w.xml.start("actes:PrecedentIdentifiantActe");
            w.attr("actes:IDActe", prec, &attr_path(&p, "IDActe"));
            w.xml.end();
        }
        w.text_field(
            "actes:ClassificationDateVersion",
            &self.classification_date_version,
            &child_path(path, "ClassificationDateVersion"),
        );
        write_element(
            w,
            "actes:Document",
            &self.document,
            &child_path(path, "Document"),
        );
        let p = child_path(path, "Annexes");
        let count = self.annexes.fichiers.len();
        if self.annexes.nombre.value != Some(count as u64) {
            w.invalid(
                &attr_path(&p, "Nombre"),
                &self.annexes.nombre.raw,
                &format!("it must be the number of annexes, {count} (use Annexes::new)"),
                &format!("il doit valoir le nombre d'annexes, {count} (utiliser Annexes::new)"),
            );
        }
        w.xml.start("actes:Annexes");
        w.xml.attr("actes:Nombre", &count.to_string());
        let ap = child_path(&p, "Annexe");
        for a in &self.annexes.fichiers {
            write_element(w, "actes:Annexe", a, &ap);
        }
        w.xml.end();
        let p = child_path(path, "DocumentPapier");
        if let Some(v) = self.document_papier.emitted() {
            w.xml.text_element("actes:DocumentPapier", v);
        } else {
            let raw = match &self.document_papier {
                DocumentPapier::Autre(s) => s.as_str(),
                _ => "",
            };
            w.invalid(
                &p,
                raw,
                "only O or N can be written (E6)",
                "seuls O ou N peuvent être écrits (E6)",
            );
        }
    }
}

// ---------------------------------------------------------------- DonneesCourrierPref

/// The data of a prefecture letter (`DonneesCourrierPref`): the act and the
/// letter's date. Also the whole content of 3-2 and 4-2.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DonneesCourrierPref {
    /// `@actes:IDActe`.
    pub id_acte: Field<ActeId>,
    /// `@actes:DateCourrierPref`.
    pub date_courrier_pref: Field<NaiveDate>,
}

impl DonneesCourrierPref {
    /// From typed values.
    #[must_use]
    pub fn new(id_acte: ActeId, date_courrier_pref: NaiveDate) -> Self {
        DonneesCourrierPref {
            id_acte: Field::new(id_acte),
            date_courrier_pref: Field::new(date_courrier_pref),
        }
    }

    pub(crate) fn read_attrs(el: &Element, r: &mut Reader, path: &str) -> Self {
        DonneesCourrierPref {
            id_acte: r.req_attr(el, path, "IDActe"),
            date_courrier_pref: r.req_attr(el, path, "DateCourrierPref"),
        }
    }

    pub(crate) fn write_attrs(&self, w: &mut Writer, path: &str) {
        w.attr("actes:IDActe", &self.id_acte, &attr_path(path, "IDActe"));
        w.attr(
            "actes:DateCourrierPref",
            &self.date_courrier_pref,
            &attr_path(path, "DateCourrierPref"),
        );
    }
}

impl Body for DonneesCourrierPref {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[]);
        DonneesCourrierPref::read_attrs(el, r, path)
    }
    fn write(&self, w: &mut Writer, path: &str) {
        self.write_attrs(w, path);
    }
}

// ---------------------------------------------------------------- Identification

/// `IDCL`: the collectivité (SPEC §4.4, §8).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IdCl {
    /// `@insee:SIREN`.
    pub siren: Field<Siren>,
    /// `@actes:Departement`.
    pub departement: Field<Departement>,
    /// `@actes:Arrondissement`.
    pub arrondissement: Field<Arrondissement>,
    /// `@actes:Nature`: the nature of the collectivité.
    pub nature: Field<NatureCollectivite>,
}

impl Body for IdCl {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(el, path, &[]);
        IdCl {
            siren: r.req_siren(el, path),
            departement: r.req_attr(el, path, "Departement"),
            arrondissement: r.req_attr(el, path, "Arrondissement"),
            nature: r.req_attr(el, path, "Nature"),
        }
    }
    fn write(&self, w: &mut Writer, path: &str) {
        w.attr("insee:SIREN", &self.siren, &attr_path(path, "SIREN"));
        w.attr(
            "actes:Departement",
            &self.departement,
            &attr_path(path, "Departement"),
        );
        w.attr(
            "actes:Arrondissement",
            &self.arrondissement,
            &attr_path(path, "Arrondissement"),
        );
        w.attr("actes:Nature", &self.nature, &attr_path(path, "Nature"));
    }
}

/// `Referent`: a contact, every part optional.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Referent {
    /// `Nom`, verbatim.
    pub nom: Option<String>,
    /// `Telephone`, verbatim (S2LOW writes it empty).
    pub telephone: Option<String>,
    /// `Email`.
    pub email: Option<Field<Email>>,
}

impl Body for Referent {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[
                ("Nom", Card::One),
                ("Telephone", Card::One),
                ("Email", Card::One),
            ],
        );
        Referent {
            nom: el.child("Nom").map(|c| c.text.clone()),
            telephone: el.child("Telephone").map(|c| c.text.clone()),
            email: r.opt_text_field(el, path, "Email"),
        }
    }
    fn write(&self, w: &mut Writer, path: &str) {
        if let Some(n) = &self.nom {
            w.text("actes:Nom", n, &child_path(path, "Nom"));
        }
        if let Some(t) = &self.telephone {
            w.text("actes:Telephone", t, &child_path(path, "Telephone"));
        }
        if let Some(e) = &self.email {
            w.text_field("actes:Email", e, &child_path(path, "Email"));
        }
    }
}

/// The préfecture service that sends an MI → CL delivery
/// (`EnveloppeMISILLCL/Emetteur`): one of `IDPref`, `IDSousPref`, `IDSGAR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceEmetteur {
    /// `IDPref`: a préfecture.
    Pref {
        /// `@actes:Departement`.
        departement: Field<Departement>,
    },
    /// `IDSousPref`: a sous-préfecture.
    SousPref {
        /// `@actes:Departement`.
        departement: Field<Departement>,
        /// `@actes:Arrondissement`.
        arrondissement: Field<Arrondissement>,
    },
    /// `IDSGAR`: a secrétariat général pour les affaires régionales.
    Sgar {
        /// `@actes:Departement`.
        departement: Field<Departement>,
    },
}

impl ServiceEmetteur {
    /// The element name: `IDPref`, `IDSousPref` or `IDSGAR`.
    #[must_use]
    pub fn element_name(&self) -> &'static str {
        match self {
            ServiceEmetteur::Pref { .. } => "IDPref",
            ServiceEmetteur::SousPref { .. } => "IDSousPref",
            ServiceEmetteur::Sgar { .. } => "IDSGAR",
        }
    }

    /// The département of the service.
    #[must_use]
    pub fn departement(&self) -> &Field<Departement> {
        match self {
            ServiceEmetteur::Pref { departement }
            | ServiceEmetteur::SousPref { departement, .. }
            | ServiceEmetteur::Sgar { departement } => departement,
        }
    }

    /// Reads the first of `IDSGAR`, `IDPref`, `IDSousPref` in `emetteur`.
    pub(crate) fn read(emetteur: &Element, r: &mut Reader, path: &str) -> Option<Self> {
        let mut services = emetteur.children.iter().filter(|c| {
            matches!(c.ns, Ns::Actes | Ns::None)
                && matches!(c.name.as_str(), "IDPref" | "IDSousPref" | "IDSGAR")
        });
        let found = services.next();
        if let Some(other) = services.next() {
            let p = child_path(path, &other.name);
            r.push(Diagnostic::new(
                Code::MsgDuplicateElement,
                Location::path(&p).at_offset(other.offset),
                format!("{p}: only one of IDPref, IDSousPref, IDSGAR is allowed; the first one is used"),
                format!("{p} : un seul élément parmi IDPref, IDSousPref, IDSGAR est permis ; le premier est retenu"),
            ));
        }
        let Some(c) = found else {
            r.push(Diagnostic::new(
                Code::MsgEmitterMissing,
                Location::path(path),
                format!("{path} has no IDPref, IDSousPref or IDSGAR"),
                format!("{path} n'a ni IDPref, ni IDSousPref, ni IDSGAR"),
            ));
            return None;
        };
        let p = child_path(path, &c.name);
        r.check_children(c, &p, &[]);
        let departement = r.req_attr(c, &p, "Departement");
        Some(match c.name.as_str() {
            "IDPref" => ServiceEmetteur::Pref { departement },
            "IDSGAR" => ServiceEmetteur::Sgar { departement },
            _ => ServiceEmetteur::SousPref {
                departement,
                arrondissement: r.req_attr(c, &p, "Arrondissement"),
            },
        })
    }

    pub(crate) fn write(&self, w: &mut Writer, path: &str) {
        let name = self.element_name();
        let p = child_path(path, name);
        w.xml.start(&format!("actes:{name}"));
        w.attr(
            "actes:Departement",
            self.departement(),
            &attr_path(&p, "Departement"),
        );
        if let ServiceEmetteur::SousPref { arrondissement, .. } = self {
            w.attr(
                "actes:Arrondissement",
                arrondissement,
                &attr_path(&p, "Arrondissement"),
            );
        }
        w.xml.end();
    }
}

/// `FormulairesEnvoyes`: the message files of an envelope.
pub(crate) fn read_formulaires(el: &Element, r: &mut Reader, path: &str) -> Vec<FichierSigne> {
    match r.req_child(el, path, "FormulairesEnvoyes") {
        Some(c) => {
            let p = child_path(path, "FormulairesEnvoyes");
            r.check_children(c, &p, &[("Formulaire", Card::Many)]);
            let files = read_files(c, r, &p, "Formulaire");
            if files.is_empty() {
                r.push(missing(&child_path(&p, "Formulaire")));
            }
            files
        }
        None => Vec::new(),
    }
}

pub(crate) fn write_formulaires(w: &mut Writer, files: &[FichierSigne], path: &str) {
    let p = child_path(path, "FormulairesEnvoyes");
    if files.is_empty() {
        w.invalid(
            &p,
            "",
            "at least one Formulaire is required",
            "au moins un Formulaire est requis",
        );
    }
    w.xml.start("actes:FormulairesEnvoyes");
    let fp = child_path(&p, "Formulaire");
    for f in files {
        write_element(w, "actes:Formulaire", f, &fp);
    }
    w.xml.end();
}

/// A missing-element diagnostic at `path`.
pub(crate) fn missing(path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MsgMissingElement,
        Location::path(path),
        format!("the required element {path} is missing"),
        format!("l'élément obligatoire {path} est absent"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in ["a@b.fr", "a.b_c-d@x-y.z.coop", "robert@petit.poid.fr"] {
            assert!(Email::is_valid(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "a@b.f",
            "a@b.abcdefg",
            "a+b@c.fr",
            "a..b@c.fr",
            "a@.fr",
            "a@b.f1",
            "a@b@c.fr",
        ] {
            assert!(!Email::is_valid(bad), "{bad}");
        }
        assert_eq!(
            Email::parse_diagnostics("x").diagnostics[0].code,
            Code::MsgInvalidEmail
        );
    }

    #[test]
    fn document_papier() {
        assert_eq!(DocumentPapier::Oui.announced(), Some(true));
        assert_eq!(DocumentPapier::Zero.announced(), Some(false));
        assert_eq!(DocumentPapier::Vide.announced(), None);
        assert_eq!(DocumentPapier::Absent.emitted(), Some("N"));
        assert_eq!(DocumentPapier::Un.emitted(), Some("O"));
        assert_eq!(DocumentPapier::Autre("x".into()).emitted(), None);
        assert_eq!(DocumentPapier::from_announced(true), DocumentPapier::Oui);
    }
}
