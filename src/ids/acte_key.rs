//! What identifies an act, and when two identifications name the same
//! act (SPEC §14.1): the one matching rule, used by `receipt`,
//! `transaction` and `bundle`.
//!
//! An event belongs to an act when:
//! - both carry an `IDActe` and they are equal (STELA), or
//! - both carry a SIREN and a numéro interne and they are equal (S2LOW) —
//!   the two `IDActe` may differ nonetheless (another date or nature); or
//! - both carry the name of the collectivité's envelope and they are equal
//!   (an `AnomalieEnveloppe` is named `ANO_` + that name, SPEC §5.3).

use super::acte_id::ActeId;
use super::segments::IdActeSegments;

/// What identifies an act: the key a transaction is built with, and the key
/// each event carries. Every field is optional; [`ActeKey::matches`] says
/// how two keys match (SPEC §14.1):
/// - both carry an `IDActe` and they are equal (STELA), or
/// - both carry a SIREN and a numéro interne and they are equal (S2LOW) —
///   the two `IDActe` may differ nonetheless (another date or nature); or
/// - both carry the name of the collectivité's envelope and they are equal
///   (an `AnomalieEnveloppe` is named `ANO_` + that name, SPEC §5.3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActeKey {
    /// The `IDActe`, verbatim.
    pub id_acte: Option<String>,
    /// The département (3 characters as in an `IDActe`).
    pub departement: Option<String>,
    /// The collectivité's SIREN.
    pub siren: Option<String>,
    /// The numéro interne.
    pub numero: Option<String>,
    /// The file name of the collectivité's envelope (`EACT--…xml`) that
    /// carried the act; for an `AnomalieEnveloppe`, its name without `ANO_`.
    pub envelope: Option<String>,
}

/// How an event's key matched the transaction's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyMatch {
    /// Equal `IDActe`.
    IdActe,
    /// Equal SIREN and numéro interne; `id_acte_differs` when both carry an
    /// `IDActe` and they differ.
    SirenNumero {
        /// Both keys have an `IDActe` and they are not equal.
        id_acte_differs: bool,
    },
    /// Equal envelope file name.
    Envelope,
    /// Another act (or not enough to tell).
    None,
}

impl ActeKey {
    /// The key of an `IDActe`. The département, SIREN and numéro are split
    /// from both ends (SPEC §8.1: 3 characters, 9 digits and 8 digits on the
    /// left, 2 letters on the right, the rest is the numéro, which may
    /// contain `-`). A value that does not have this shape is kept as the
    /// `IDActe` only.
    ///
    /// ```
    /// use actes::ids::ActeKey;
    /// let k = ActeKey::from_id_acte("006-210600235-20180522-684-AI");
    /// assert_eq!(k.siren.as_deref(), Some("210600235"));
    /// assert_eq!(k.numero.as_deref(), Some("684"));
    /// assert_eq!(k.departement.as_deref(), Some("006"));
    /// ```
    #[must_use]
    pub fn from_id_acte(id_acte: &str) -> ActeKey {
        let id = id_acte.trim();
        let mut key = ActeKey {
            id_acte: Some(id.to_string()),
            ..ActeKey::default()
        };
        let parts = IdActeSegments::split(id);
        if let (true, Some(d), Some(s), Some(n)) = (
            parts.is_well_shaped(),
            parts.departement(),
            parts.siren(),
            parts.numero(),
        ) {
            key.departement = Some(d.to_string());
            key.siren = Some(s.to_string());
            key.numero = Some(n.to_string());
        }
        key
    }

    /// The key of a valid identifier.
    #[must_use]
    pub fn from_acte_id(id: &ActeId) -> ActeKey {
        ActeKey {
            id_acte: Some(id.to_string()),
            departement: Some(id.departement().as_str().to_string()),
            siren: Some(id.siren().as_str().to_string()),
            numero: Some(id.numero().as_str().to_string()),
            envelope: None,
        }
    }

    /// The key of a SIREN and a numéro interne (S2LOW's key).
    #[must_use]
    pub fn from_siren_numero(siren: &str, numero: &str) -> ActeKey {
        ActeKey {
            siren: Some(siren.trim().to_string()),
            numero: Some(numero.trim().to_string()),
            ..ActeKey::default()
        }
    }

    /// The same key with the envelope file name that carried the act.
    #[must_use]
    pub fn with_envelope(mut self, name: impl Into<String>) -> ActeKey {
        self.envelope = Some(name.into());
        self
    }

    /// The same key with a département.
    #[must_use]
    pub fn with_departement(mut self, departement: impl Into<String>) -> ActeKey {
        self.departement = Some(departement.into());
        self
    }

    /// How `other` matches this key.
    #[must_use]
    pub fn matches(&self, other: &ActeKey) -> KeyMatch {
        let both = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => Some(a == b),
            _ => None,
        };
        let id = both(&self.id_acte, &other.id_acte);
        if id == Some(true) {
            return KeyMatch::IdActe;
        }
        if both(&self.siren, &other.siren) == Some(true)
            && both(&self.numero, &other.numero) == Some(true)
        {
            return KeyMatch::SirenNumero {
                id_acte_differs: id == Some(false),
            };
        }
        if both(&self.envelope, &other.envelope) == Some(true) {
            return KeyMatch::Envelope;
        }
        KeyMatch::None
    }

    /// Whether a SIREN or a numéro known on both sides differs: the two
    /// keys name different acts, whatever else they carry. This is the
    /// lenient side of the rule: a key that lacks a part is not contradicted
    /// by it.
    ///
    /// ```
    /// use actes::ids::ActeKey;
    /// let k = ActeKey::from_id_acte("006-210600235-20180522-684-AI");
    /// assert!(!k.contradicts(&ActeKey::from_siren_numero("210600235", "684")));
    /// assert!(!k.contradicts(&ActeKey::default()));
    /// assert!(k.contradicts(&ActeKey::from_id_acte("006-210600235-20180522-685-AI")));
    /// ```
    #[must_use]
    pub fn contradicts(&self, other: &ActeKey) -> bool {
        let differs =
            |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a != b);
        differs(&self.siren, &other.siren) || differs(&self.numero, &other.numero)
    }

    /// The key for people: the `IDActe`, else SIREN and numéro, else the
    /// envelope name.
    #[must_use]
    pub fn describe(&self) -> String {
        if let Some(id) = &self.id_acte {
            return id.clone();
        }
        match (&self.siren, &self.numero, &self.envelope) {
            (Some(s), Some(n), _) => format!("SIREN {s}, numéro {n}"),
            (_, _, Some(e)) => e.clone(),
            (Some(s), None, _) => format!("SIREN {s}"),
            _ => "?".to_string(),
        }
    }
}
