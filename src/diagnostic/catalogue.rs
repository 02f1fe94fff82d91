//! The catalogue of diagnostic codes: the only place where codes are defined.
//!
//! Each entry gives the stable code, its default severity, and a one-line
//! summary in English and French. The concrete message of a diagnostic adds
//! the details (the value found, the limit, ...). `DIAGNOSTICS.md` documents
//! the same table; `tests/diagnostics_catalogue.rs` keeps it in sync.
//!
//! Code prefixes follow the layout of the crate: `ID-` identifiers,
//! `CLASS-` classification, `XML-` the XML layer, `MSG-` messages,
//! `NAME-` file names, `ACTE-` act validation, `ARCH-` archives,
//! `DELIV-` deliveries, `RCPT-` receipt consistency, `TXN-` transaction
//! state, `BUNDLE-` proof bundles, `LIMIT-` resource limits.

use super::{Lang, Severity};

macro_rules! catalogue {
    ($( $(#[$m:meta])* $variant:ident = $code:literal, $sev:ident, $en:literal, $fr:literal; )*) => {
        /// A stable diagnostic code. See the module documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$m])* #[doc = concat!("`", $code, "`: ", $en)] $variant, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable textual code, e.g. `ID-SIREN-CHECKSUM`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            /// The default severity of this code.
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev),* }
            }

            /// One-line description of the code.
            pub const fn summary(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $(Code::$variant => $en),* },
                    Lang::Fr => match self { $(Code::$variant => $fr),* },
                }
            }

            /// Looks a code up by its textual form.
            pub fn from_code(s: &str) -> Option<Code> {
                match s { $($code => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

catalogue! {
    // ---- Identifiers (src/ids) ----
    IdSirenChecksum = "ID-SIREN-CHECKSUM", Error,
        "the SIREN check digit (Luhn) is wrong",
        "la clé de contrôle (Luhn) du SIREN est fausse";

    // ---- XML layer (src/xml) ----
    XmlMalformed = "XML-MALFORMED", Error,
        "the document is not well-formed XML",
        "le document n'est pas du XML bien formé";
    XmlDoctype = "XML-DOCTYPE", Error,
        "the document contains a DOCTYPE, which is refused (no entity is ever expanded)",
        "le document contient un DOCTYPE, refusé (aucune entité n'est jamais développée)";
    XmlEncodingUnsupported = "XML-ENCODING-UNSUPPORTED", Error,
        "the declared encoding is not supported (ISO-8859-1, windows-1252, UTF-8)",
        "l'encodage déclaré n'est pas pris en charge (ISO-8859-1, windows-1252, UTF-8)";
    XmlEncodingMislabelled = "XML-ENCODING-MISLABELLED", Warning,
        "the document declares ISO-8859-1 or windows-1252 but holds UTF-8 bytes; read as UTF-8",
        "le document déclare ISO-8859-1 ou windows-1252 mais contient des octets UTF-8 ; lu en UTF-8";
    XmlEncodingInvalid = "XML-ENCODING-INVALID", Warning,
        "bytes that are not valid in the document's encoding were replaced",
        "des octets invalides dans l'encodage du document ont été remplacés";
    XmlEncodingCp1252 = "XML-ENCODING-CP1252", Warning,
        "bytes 0x80-0x9F of an ISO-8859-1 document were read as windows-1252 characters",
        "des octets 0x80-0x9F d'un document ISO-8859-1 ont été lus comme des caractères windows-1252";
    XmlEncodingNotLatin1 = "XML-ENCODING-NOT-LATIN1", Warning,
        "the document is not declared ISO-8859-1, as the emission profile requires",
        "le document n'est pas déclaré en ISO-8859-1, comme le profil d'émission l'exige";
    XmlWrongNamespace = "XML-WRONG-NAMESPACE", Warning,
        "an element is not in the ACTES namespace",
        "un élément n'est pas dans l'espace de noms ACTES";
    XmlLimitSize = "XML-LIMIT-SIZE", Error,
        "the document is larger than the configured limit",
        "le document dépasse la taille maximale configurée";
    XmlLimitDepth = "XML-LIMIT-DEPTH", Error,
        "elements are nested deeper than the configured limit",
        "les éléments sont imbriqués au-delà de la profondeur maximale configurée";
    XmlLimitAttribute = "XML-LIMIT-ATTRIBUTE", Error,
        "an attribute value is longer than the configured limit",
        "la valeur d'un attribut dépasse la longueur maximale configurée";
    XmlLimitText = "XML-LIMIT-TEXT", Error,
        "a text node is longer than the configured limit",
        "un texte dépasse la longueur maximale configurée";
    XmlLimitElements = "XML-LIMIT-ELEMENTS", Error,
        "the document has more elements than the configured limit",
        "le document contient plus d'éléments que la limite configurée";

    // ---- Transactions (src/transaction) ----
    TxnOtherAct = "TXN-OTHER-ACT", Error,
        "the message is about another act; ignored",
        "le message concerne un autre acte ; ignoré";
    TxnKeyMismatch = "TXN-KEY-MISMATCH", Warning,
        "the message matches the act by SIREN and numéro interne, but its IDActe differs",
        "le message correspond à l'acte par SIREN et numéro interne, mais son IDActe diffère";
    TxnInvalidTransition = "TXN-INVALID-TRANSITION", Error,
        "the message is not possible in the act's state (e.g. an ARActe after an AnomalieActe); ignored",
        "le message est impossible dans l'état de l'acte (p. ex. un ARActe après une AnomalieActe) ; ignoré";
    TxnOutOfSequence = "TXN-OUT-OF-SEQUENCE", Warning,
        "a step the message presupposes is missing from the history",
        "une étape que le message suppose manque dans l'historique";
    TxnDuplicate = "TXN-DUPLICATE", Warning,
        "the same message is given twice; the copy is ignored",
        "le même message est fourni deux fois ; la copie est ignorée";
    TxnConflict = "TXN-CONFLICT", Error,
        "a second message of the same kind disagrees with the first one; ignored",
        "un second message du même type contredit le premier ; ignoré";
    TxnAmbiguousAnswer = "TXN-AMBIGUOUS-ANSWER", Warning,
        "an answer or acknowledgement could refer to several prefecture letters; the oldest is used",
        "une réponse ou un accusé de réception peut se rapporter à plusieurs courriers ; le plus ancien est retenu";
    TxnLetterAfterWindow = "TXN-LETTER-AFTER-WINDOW", Warning,
        "a 3-1 or 4-1 letter is dated after the end of the préfet's window; it has no effect on it",
        "un courrier 3-1 ou 4-1 est daté après la fin du délai de déféré ; il est sans effet sur ce délai";
    TxnReferralAfterWindow = "TXN-REFERRAL-AFTER-WINDOW", Warning,
        "the déféré was deposited after the end of the préfet's window",
        "le déféré a été déposé après la fin du délai du préfet";
    TxnNotActMessage = "TXN-NOT-ACT-MESSAGE", Error,
        "the message is not a step of an act's life (classification, envelope)",
        "le message n'est pas une étape de la vie d'un acte (classification, enveloppe)";
}

/// The catalogue as a Markdown document (the content of `DIAGNOSTICS.md`).
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostics catalogue\n\n\
         Every finding of the `actes` crate carries one of these stable codes, a severity, \
         a location and a message in English and French. The severity shown is the default; \
         `--strict` turns warnings into errors. This file is generated from \
         `src/diagnostic/catalogue.rs` (`UPDATE_DIAGNOSTICS=1 cargo test --test diagnostics_catalogue`).\n",
    );
    let mut section = "";
    for code in Code::ALL {
        let prefix = code.as_str().split('-').next().unwrap_or("");
        if prefix != section {
            section = prefix;
            out.push_str(&format!(
                "\n## {prefix}-\n\n| Code | Severity | English | Français |\n|---|---|---|---|\n"
            ));
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            code.as_str(),
            code.severity(),
            code.summary(Lang::En).replace('|', "\\|"),
            code.summary(Lang::Fr).replace('|', "\\|"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'),
                "{s}"
            );
            assert_eq!(Code::from_code(s), Some(*code));
            assert!(!code.summary(Lang::En).is_empty() && !code.summary(Lang::Fr).is_empty());
        }
    }
}
