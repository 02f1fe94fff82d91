//! Open data: the SCDL « Délibérations » table (OpenDataFrance, 2.1.x) built
//! from acknowledged acts, as Mégalis Bretagne and GIP RECIA build it from
//! what passes through their tiers de télétransmission
//! (`after-acknowledgement.md` §3; the constraints as a Table Schema:
//! `refdata/scdl_deliberations_2.1.schema.json`).
//!
//! One row per délibération (nature DE; every nature with
//! [`ScdlOptions::all_natures`], which adds Mégalis' `PUBLICATION_DATE` and
//! `NATURE_ACTE`), columns in the schema's order ([`COLUMNS`]):
//!
//! | column | from |
//! |---|---|
//! | `COLL_NOM`, `COLL_SIRET` | the options (the SIRET's first nine digits must be the act's SIREN) |
//! | `DELIB_ID` | the numéro interne |
//! | `DELIB_DATE` | the decision date |
//! | `DELIB_MATIERE_CODE` | the matière at levels 1–2 (`8.9`) |
//! | `DELIB_MATIERE_NOM` | the national labels of levels 1 and 2, lower case with accents, without commas or parentheses, joined by `/` (a `/` inside a label becomes `-`) |
//! | `DELIB_OBJET` | the objet (line breaks as spaces) |
//! | `PREF_ID` | the ministry's envelope: `PREF062`, `SPREF0622`, `SGAR062` |
//! | `PREF_DATE` | the 1-2 `DateReception` |
//! | `BUDGET_*`, `VOTE_*`, `DELIB_URL` (and `PUBLICATION_DATE`) | the optional [`Extra`] CSV, keyed by numéro interne |
//!
//! Every row meets the official schema's custom checks (SIRET checksum,
//! all-or-none groups, vote sums, `PREF_DATE ≥ DELIB_DATE`, the level-1
//! label, a real interval of budget years): a row that cannot is **not
//! written** and its reasons are returned ([`Scdl::refused`]). The CSV is
//! UTF-8, comma-separated, RFC 4180-quoted, CRLF, rows sorted by date then
//! numéro: the same inputs give the same bytes.

mod csv;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::classification::Classification;
use crate::diagnostic::{Code, Diagnostic, Invalid, Location, Severity};
use crate::ids::{CodeMatiere, NatureActe};
use crate::messages::ServiceEmetteur;
use crate::record::ActRecord;

/// The columns of SCDL « Délibérations » 2.1, in order.
pub const COLUMNS: [&str; 17] = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
];

/// Mégalis' columns for acts of every nature (`--all-natures`).
pub const ALL_NATURES_COLUMNS: [&str; 2] = ["PUBLICATION_DATE", "NATURE_ACTE"];

/// The columns an [`Extra`] file may have besides its key.
pub const EXTRA_COLUMNS: [&str; 10] = [
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
    "PUBLICATION_DATE",
    "NATURE_ACTE_AUTRE_DETAIL",
];

/// The key column of an [`Extra`] file (`DELIB_ID` is accepted too).
pub const EXTRA_KEY: &str = "NUMERO_INTERNE";

/// Values not in ACTES, per numéro interne: a CSV with a header row holding
/// `NUMERO_INTERNE` (or `DELIB_ID`) and any of [`EXTRA_COLUMNS`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra {
    rows: BTreeMap<String, BTreeMap<String, String>>,
}

fn extra_diag(file: &str, line: usize, en: String, fr: String) -> Diagnostic {
    Diagnostic::new(
        Code::ScdlExtra,
        Location::file(file).with_path(format!("line {line}")),
        en,
        fr,
    )
}

impl Extra {
    /// Parses the CSV (`file` names it in diagnostics). Every problem is
    /// reported: unknown column, no key column, a key given twice, a
    /// `DELIB_URL` that is not an absolute URI, bad quoting.
    pub fn parse(bytes: &[u8], file: &str) -> Result<Extra, Invalid> {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(Invalid::one(extra_diag(
                file,
                1,
                "not UTF-8".into(),
                "pas de l'UTF-8".into(),
            )));
        };
        let records = csv::parse(text).map_err(|(line, what)| {
            Invalid::one(extra_diag(
                file,
                line,
                format!("bad CSV: {what}"),
                format!("CSV invalide : {what}"),
            ))
        })?;
        let mut errors = Vec::new();
        let mut it = records.into_iter();
        let Some((_, header)) = it.next() else {
            return Ok(Extra::default());
        };
        let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let key = header
            .iter()
            .position(|h| h == EXTRA_KEY || h == "DELIB_ID");
        for h in &header {
            if h != EXTRA_KEY && h != "DELIB_ID" && !EXTRA_COLUMNS.contains(&h.as_str()) {
                errors.push(extra_diag(
                    file,
                    1,
                    format!(
                        "unknown column {h:?} (expected {EXTRA_KEY} and any of {})",
                        EXTRA_COLUMNS.join(", ")
                    ),
                    format!(
                        "colonne inconnue {h:?} (attendu {EXTRA_KEY} et au choix {})",
                        EXTRA_COLUMNS.join(", ")
                    ),
                ));
            }
        }
        let Some(key) = key else {
            errors.push(extra_diag(
                file,
                1,
                format!("no {EXTRA_KEY} column"),
                format!("pas de colonne {EXTRA_KEY}"),
            ));
            return Err(Invalid {
                diagnostics: errors,
            });
        };
        let mut rows = BTreeMap::new();
        for (line, fields) in it {
            let Some(numero) = fields.get(key).map(|k| k.trim().to_string()) else {
                continue;
            };
            let mut values = BTreeMap::new();
            for (h, v) in header.iter().zip(&fields) {
                let v = v.trim();
                if h == EXTRA_KEY || h == "DELIB_ID" || v.is_empty() {
                    continue;
                }
                if h == "DELIB_URL" && !is_uri(v) {
                    errors.push(extra_diag(
                        file,
                        line,
                        format!("DELIB_URL {v:?} is not an absolute URI"),
                        format!("DELIB_URL {v:?} n'est pas une URI absolue"),
                    ));
                }
                values.insert(h.clone(), v.to_string());
            }
            if rows.insert(numero.clone(), values).is_some() {
                errors.push(extra_diag(
                    file,
                    line,
                    format!("numéro interne {numero:?} is given twice"),
                    format!("le numéro interne {numero:?} est donné deux fois"),
                ));
            }
        }
        if errors.is_empty() {
            Ok(Extra { rows })
        } else {
            Err(Invalid {
                diagnostics: errors,
            })
        }
    }

    fn get(&self, numero: &str, column: &str) -> String {
        self.rows
            .get(numero)
            .and_then(|r| r.get(column))
            .cloned()
            .unwrap_or_default()
    }
}

/// `scheme:rest` with no whitespace (RFC 3986's absolute URI, loosely).
fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

/// Options of [`scdl`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScdlOptions {
    /// `COLL_NOM`: the collectivité's official name.
    pub coll_nom: String,
    /// `COLL_SIRET`: SIREN + NIC, 14 digits.
    pub siret: String,
    /// Values not in ACTES, by numéro interne.
    pub extra: Extra,
    /// Every nature, with `PUBLICATION_DATE` and `NATURE_ACTE` (Mégalis).
    pub all_natures: bool,
}

/// The table: header, rows written, rows refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scdl {
    /// The column names.
    pub header: Vec<&'static str>,
    /// The rows, sorted by `DELIB_DATE` then `DELIB_ID`.
    pub rows: Vec<Vec<String>>,
    /// Why acts were not written (errors), and findings that did not
    /// prevent a row (warnings: extra values for no act…).
    pub refused: Vec<Diagnostic>,
    /// How many acts were left out for their nature (without
    /// [`ScdlOptions::all_natures`]).
    pub other_natures: usize,
}

impl Scdl {
    /// The CSV: UTF-8, comma, RFC 4180 quoting, CRLF.
    #[must_use]
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = csv::record(&self.header);
        for r in &self.rows {
            out.push_str(&csv::record(r));
        }
        out.into_bytes()
    }
}

/// The SIRET checksum: Luhn over the 14 digits.
#[must_use]
pub fn siret_is_valid(siret: &str) -> bool {
    siret.len() == 14
        && siret.bytes().all(|b| b.is_ascii_digit())
        && siret
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 1 {
                    let x = d * 2;
                    if x > 9 {
                        x - 9
                    } else {
                        x
                    }
                } else {
                    d
                }
            })
            .sum::<u32>()
            % 10
            == 0
}

/// A label as SCDL wants it: lower case with accents, no commas or
/// parentheses, no `/` (it separates the levels), spaces collapsed.
#[must_use]
pub fn scdl_label(label: &str) -> String {
    let cleaned: String = label
        .to_lowercase()
        .chars()
        .map(|c| match c {
            ',' | '(' | ')' => ' ',
            '/' => '-',
            c => c,
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `DELIB_MATIERE_NOM` for a level-2 code: `level 1/level 2`.
#[must_use]
pub fn matiere_nom(code: &CodeMatiere) -> Option<String> {
    let labels = Classification::national().labels(code)?;
    let [one, two] = labels.as_slice() else {
        return None;
    };
    Some(format!("{}/{}", scdl_label(one), scdl_label(two)))
}

/// Folds case and the accents of French, for the level-1 label check.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'œ' => 'o',
            c => c,
        })
        .collect()
}

/// The custom check on `DELIB_MATIERE_NOM`: it starts with the level-1
/// label of the code (without case or accents) followed by `/`, and no
/// space is next to a `/`.
#[must_use]
pub fn matiere_nom_is_valid(code: &CodeMatiere, nom: &str) -> bool {
    let Some(level1) = code
        .levels()
        .first()
        .and_then(|l| CodeMatiere::from_levels(&[*l]).ok())
        .and_then(|c| {
            Classification::national()
                .get(&c)
                .map(|m| m.display_label().to_string())
        })
    else {
        return false;
    };
    !nom.contains(" /")
        && !nom.contains("/ ")
        && fold(nom).starts_with(&format!("{}/", fold(&scdl_label(&level1))))
}

/// `PREF062`, `SPREF0622`, `SGAR062`.
#[must_use]
pub fn pref_id(e: &ServiceEmetteur) -> String {
    match e {
        ServiceEmetteur::Pref { departement } => format!("PREF{}", departement.raw.trim()),
        ServiceEmetteur::SousPref {
            departement,
            arrondissement,
        } => format!(
            "SPREF{}{}",
            departement.raw.trim(),
            arrondissement.raw.trim()
        ),
        ServiceEmetteur::Sgar { departement } => format!("SGAR{}", departement.raw.trim()),
    }
}

fn row_diag(code: Code, record: &ActRecord, en: &str, fr: &str) -> Diagnostic {
    let id = &record.manifest.act.id_acte;
    Diagnostic::new(
        code,
        Location::file(record.source.clone()),
        format!("{id}: {en}; the row is not written"),
        format!("{id} : {fr} ; la ligne n'est pas écrite"),
    )
}

/// The budget columns' custom checks.
fn check_budget(annee: &str, nom: &str) -> Option<(String, String)> {
    if annee.is_empty() != nom.is_empty() {
        return Some((
            "BUDGET_ANNEE and BUDGET_NOM go together".into(),
            "BUDGET_ANNEE et BUDGET_NOM vont ensemble".into(),
        ));
    }
    if annee.is_empty() {
        return None;
    }
    let year = |s: &str| {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let ok = match annee.split_once('/') {
        None => year(annee).is_some(),
        Some((a, b)) => matches!((year(a), year(b)), (Some(a), Some(b)) if a < b),
    };
    (!ok).then(|| {
        (
            format!("BUDGET_ANNEE {annee:?} is not a year or a real interval of years (2023/2024)"),
            format!("BUDGET_ANNEE {annee:?} n'est ni une année ni un véritable intervalle d'années (2023/2024)"),
        )
    })
}

/// The vote columns' custom checks.
fn check_votes(v: &[String; 5]) -> Option<(String, String)> {
    let given = v.iter().filter(|x| !x.is_empty()).count();
    if given == 0 {
        return None;
    }
    if given != 5 {
        return Some((
            "the five VOTE_* columns go together".into(),
            "les cinq colonnes VOTE_* vont ensemble".into(),
        ));
    }
    let n: Vec<Option<u64>> = v
        .iter()
        .map(|x| {
            x.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| x.parse().ok())
                .flatten()
        })
        .collect();
    let [Some(effectif), Some(reel), Some(pour), Some(contre), Some(abst)] = n.as_slice() else {
        return Some((
            "a VOTE_* value is not a non-negative integer".into(),
            "une valeur VOTE_* n'est pas un entier positif ou nul".into(),
        ));
    };
    if effectif < reel {
        return Some((
            format!("VOTE_EFFECTIF {effectif} < VOTE_REEL {reel}"),
            format!("VOTE_EFFECTIF {effectif} < VOTE_REEL {reel}"),
        ));
    }
    if pour.max(contre).max(abst) > reel {
        return Some((
            format!("a vote count exceeds VOTE_REEL {reel}"),
            format!("un décompte de votes dépasse VOTE_REEL {reel}"),
        ));
    }
    if pour + contre + abst != *reel {
        return Some((
            format!(
                "VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION = {} ≠ VOTE_REEL {reel}",
                pour + contre + abst
            ),
            format!(
                "VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION = {} ≠ VOTE_REEL {reel}",
                pour + contre + abst
            ),
        ));
    }
    None
}

/// Builds the table. `Err` when the options themselves are invalid
/// (`COLL_NOM` empty, SIRET malformed or failing its checksum): no row
/// could be written.
pub fn scdl(records: &[ActRecord], options: &ScdlOptions) -> Result<Scdl, Invalid> {
    let mut global = Vec::new();
    if options.coll_nom.trim().is_empty() {
        global.push(Diagnostic::new(
            Code::ScdlRequired,
            Location::path("COLL_NOM"),
            "COLL_NOM (--coll-nom) is empty",
            "COLL_NOM (--coll-nom) est vide",
        ));
    }
    if !siret_is_valid(&options.siret) {
        global.push(Diagnostic::new(
            Code::ScdlSiret,
            Location::path("COLL_SIRET"),
            format!(
                "{:?} is not 14 digits passing the SIRET checksum",
                options.siret
            ),
            format!(
                "{:?} n'est pas formé de 14 chiffres respectant la clé SIRET",
                options.siret
            ),
        ));
    }
    if !global.is_empty() {
        return Err(Invalid {
            diagnostics: global,
        });
    }
    let mut header: Vec<&'static str> = COLUMNS.to_vec();
    if options.all_natures {
        header.extend(ALL_NATURES_COLUMNS);
    }
    let mut rows = Vec::new();
    let mut refused = Vec::new();
    let mut other_natures = 0;
    let mut used = std::collections::BTreeSet::new();
    for r in records {
        let act = &r.manifest.act;
        let nature = r.acte.code_nature.value;
        if !options.all_natures && nature != Some(NatureActe::Deliberation) {
            other_natures += 1;
            continue;
        }
        let numero = r.numero_interne();
        used.insert(numero.clone());
        let mut problems: Vec<(Code, String, String)> = Vec::new();
        let siren = r.siren().map(|s| s.to_string()).unwrap_or_default();
        if !options.siret.starts_with(&siren) || siren.is_empty() {
            problems.push((
                Code::ScdlSiretSiren,
                format!(
                    "the SIRET {} does not start with the act's SIREN {siren}",
                    options.siret
                ),
                format!(
                    "le SIRET {} ne commence pas par le SIREN {siren} de l'acte",
                    options.siret
                ),
            ));
        }
        let level2 = r.matiere().and_then(|c| {
            c.levels()
                .get(..2)
                .and_then(|l| CodeMatiere::from_levels(l).ok())
        });
        let (code, nom) = match level2.as_ref().and_then(|c| matiere_nom(c).map(|n| (c, n))) {
            Some((c, n)) if matiere_nom_is_valid(c, &n) => (c.to_string(), n),
            _ => {
                problems.push((
                    Code::ScdlMatiere,
                    format!(
                        "the matière {:?} has no level-2 code of the national nomenclature",
                        r.matiere().map(|c| c.to_string()).unwrap_or_default()
                    ),
                    format!(
                        "la matière {:?} n'a pas de code de niveau 2 de la nomenclature nationale",
                        r.matiere().map(|c| c.to_string()).unwrap_or_default()
                    ),
                ));
                (String::new(), String::new())
            }
        };
        let objet = act.objet.split_whitespace().collect::<Vec<_>>().join(" ");
        if objet.is_empty() || numero.is_empty() {
            problems.push((
                Code::ScdlRequired,
                "DELIB_OBJET or DELIB_ID is empty".into(),
                "DELIB_OBJET ou DELIB_ID est vide".into(),
            ));
        }
        if let Some(d) = act.reception_date {
            if d < act.decision_date {
                problems.push((
                    Code::ScdlDateOrder,
                    format!("PREF_DATE {d} is before DELIB_DATE {}", act.decision_date),
                    format!(
                        "PREF_DATE {d} est antérieure à DELIB_DATE {}",
                        act.decision_date
                    ),
                ));
            }
        }
        let x = |c: &str| options.extra.get(&numero, c);
        let (annee, nom_budget) = (x("BUDGET_ANNEE"), x("BUDGET_NOM"));
        if let Some((en, fr)) = check_budget(&annee, &nom_budget) {
            problems.push((Code::ScdlBudget, en, fr));
        }
        let votes = [
            x("VOTE_EFFECTIF"),
            x("VOTE_REEL"),
            x("VOTE_POUR"),
            x("VOTE_CONTRE"),
            x("VOTE_ABSTENTION"),
        ];
        if let Some((en, fr)) = check_votes(&votes) {
            problems.push((Code::ScdlVotes, en, fr));
        }
        let publication = x("PUBLICATION_DATE");
        if options.all_natures
            && !publication.is_empty()
            && NaiveDate::parse_from_str(&publication, "%Y-%m-%d").is_err()
        {
            problems.push((
                Code::ScdlRequired,
                format!("PUBLICATION_DATE {publication:?} is not a date YYYY-MM-DD"),
                format!("PUBLICATION_DATE {publication:?} n'est pas une date AAAA-MM-JJ"),
            ));
        }
        if !problems.is_empty() {
            refused.extend(
                problems
                    .into_iter()
                    .map(|(c, en, fr)| row_diag(c, r, &en, &fr)),
            );
            continue;
        }
        let [effectif, reel, pour, contre, abst] = votes;
        let mut row = vec![
            options.coll_nom.trim().to_string(),
            options.siret.clone(),
            numero.clone(),
            act.decision_date.to_string(),
            code,
            nom,
            objet,
            annee,
            nom_budget,
            r.emetteur.as_ref().map(pref_id).unwrap_or_default(),
            act.reception_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            effectif,
            reel,
            pour,
            contre,
            abst,
            x("DELIB_URL"),
        ];
        if options.all_natures {
            row.push(publication);
            row.push(act.nature.clone());
        }
        rows.push(row);
    }
    for numero in options.extra.rows.keys() {
        if !used.contains(numero) {
            refused.push(
                Diagnostic::new(
                    Code::ScdlExtra,
                    Location::path(EXTRA_KEY),
                    format!("the extra values for numéro interne {numero:?} match no act given"),
                    format!("les valeurs complémentaires du numéro interne {numero:?} ne correspondent à aucun acte donné"),
                )
                .with_severity(Severity::Warning),
            );
        }
    }
    // By date, then numéro; whole rows break ties; identical rows (the same
    // act given twice) once.
    rows.sort_by(|a, b| (a.get(3), a.get(2), a).cmp(&(b.get(3), b.get(2), b)));
    rows.dedup();
    Ok(Scdl {
        header,
        rows,
        refused,
        other_natures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siret_luhn() {
        // SIREN 216204982 (Lens) + NIC 00013.
        assert!(siret_is_valid("21620498200013"));
        assert!(!siret_is_valid("21620498200014"));
        assert!(!siret_is_valid("2162049820001"));
        assert!(!siret_is_valid("2162049820001a"));
    }

    #[test]
    fn matiere_labels() {
        let code: CodeMatiere = "8.9".parse().unwrap_or_else(|_| unreachable!());
        let nom = matiere_nom(&code);
        assert_eq!(
            nom.as_deref(),
            Some("domaines de compétences par thèmes/culture")
        );
        assert!(nom.is_some_and(|n| matiere_nom_is_valid(&code, &n)));
        let code: CodeMatiere = "7.9".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(
            matiere_nom(&code).as_deref(),
            Some("finances locales/prise de participation sem etc.")
        );
        let code: CodeMatiere = "1.5".parse().unwrap_or_else(|_| unreachable!());
        let nom = matiere_nom(&code).unwrap_or_default();
        assert_eq!(
            nom,
            "commande publique/transactions - protocole d'accord transactionnel"
        );
        assert!(matiere_nom_is_valid(&code, &nom));
        assert!(!matiere_nom_is_valid(&code, "commande publique / marchés"));
        assert!(!matiere_nom_is_valid(&code, "urbanisme/marchés"));
        assert!(matiere_nom_is_valid(&code, "COMMANDE PUBLIQUE/x"));
    }

    #[test]
    fn custom_checks() {
        let s = |v: [&str; 5]| v.map(str::to_string);
        assert_eq!(check_votes(&s(["", "", "", "", ""])), None);
        assert_eq!(check_votes(&s(["30", "28", "20", "5", "3"])), None);
        assert!(check_votes(&s(["30", "28", "20", "5", ""])).is_some());
        assert!(check_votes(&s(["30", "28", "20", "5", "4"])).is_some());
        assert!(check_votes(&s(["20", "28", "20", "5", "3"])).is_some());
        assert!(check_votes(&s(["30", "28", "20", "-5", "3"])).is_some());
        assert_eq!(check_budget("", ""), None);
        assert_eq!(check_budget("2023", "Budget principal"), None);
        assert_eq!(check_budget("2023/2024", "Budget principal"), None);
        assert!(check_budget("2024/2023", "Budget principal").is_some());
        assert!(check_budget("2023", "").is_some());
        assert!(check_budget("23", "B").is_some());
    }

    #[test]
    fn extra_file() {
        let ok = Extra::parse(
            b"NUMERO_INTERNE,VOTE_EFFECTIF,DELIB_URL\r\nDLB12,33,https://example.org/a.pdf\r\n",
            "x.csv",
        );
        assert_eq!(
            ok.map(|e| e.get("DLB12", "VOTE_EFFECTIF")).ok().as_deref(),
            Some("33")
        );
        let bad = Extra::parse(
            b"NUMERO_INTERNE,COLOR,DELIB_URL\nA,,not a uri\nA,,\n",
            "x.csv",
        );
        assert_eq!(
            bad.err().map(|i| i.codes()),
            Some(vec!["SCDL-EXTRA", "SCDL-EXTRA", "SCDL-EXTRA"])
        );
    }
}
