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

    // ---- Archives and containers (src/container) ----
    ArchCorrupt = "ARCH-CORRUPT", Error,
        "the archive is corrupt or truncated; reading stopped",
        "l'archive est corrompue ou tronquée ; lecture interrompue";
    ArchUnreadable = "ARCH-UNREADABLE", Error,
        "the file or folder could not be read",
        "le fichier ou le dossier n'a pas pu être lu";
    ArchUnsupported = "ARCH-UNSUPPORTED", Error,
        "the entry is encrypted or uses an unsupported compression method; refused",
        "l'entrée est chiffrée ou utilise une méthode de compression non prise en charge ; refusée";
    ArchNameEmpty = "ARCH-NAME-EMPTY", Error,
        "an entry has an empty name; refused",
        "une entrée a un nom vide ; refusée";
    ArchNameTraversal = "ARCH-NAME-TRAVERSAL", Error,
        "an entry name contains a `..` component; refused",
        "le nom d'une entrée contient un composant `..` ; refusée";
    ArchNameAbsolute = "ARCH-NAME-ABSOLUTE", Error,
        "an entry name is an absolute path; refused",
        "le nom d'une entrée est un chemin absolu ; refusée";
    ArchNameDrive = "ARCH-NAME-DRIVE", Error,
        "an entry name starts with a drive letter (such as `C:`); refused",
        "le nom d'une entrée commence par une lettre de lecteur (comme `C:`) ; refusée";
    ArchNameBackslash = "ARCH-NAME-BACKSLASH", Error,
        "an entry name contains a backslash; refused",
        "le nom d'une entrée contient une barre oblique inverse ; refusée";
    ArchNameControl = "ARCH-NAME-CONTROL", Error,
        "an entry name contains NUL or another control character; refused",
        "le nom d'une entrée contient un NUL ou un autre caractère de contrôle ; refusée";
    ArchNameEncoding = "ARCH-NAME-ENCODING", Error,
        "an entry name is not valid UTF-8; refused",
        "le nom d'une entrée n'est pas de l'UTF-8 valide ; refusée";
    ArchNested = "ARCH-NESTED", Warning,
        "an entry is inside a subfolder; deliveries are flat, so it was not read",
        "une entrée est dans un sous-dossier ; les envois sont à plat, elle n'a pas été lue";
    ArchSymlink = "ARCH-SYMLINK", Error,
        "an entry is a symbolic link; refused",
        "une entrée est un lien symbolique ; refusée";
    ArchHardlink = "ARCH-HARDLINK", Error,
        "an entry is a hard link; refused",
        "une entrée est un lien physique ; refusée";
    ArchSpecial = "ARCH-SPECIAL", Error,
        "an entry is a device, a FIFO or another non-regular file; refused",
        "une entrée est un périphérique, un tube nommé ou un autre fichier non ordinaire ; refusée";
    ArchDuplicate = "ARCH-DUPLICATE", Error,
        "an entry name appears twice; the second one is refused",
        "le nom d'une entrée apparaît deux fois ; la seconde est refusée";
    ArchCaseDuplicate = "ARCH-CASE-DUPLICATE", Error,
        "two entry names differ only by case; the second one is refused",
        "deux noms d'entrées ne diffèrent que par la casse ; la seconde est refusée";
    LimitEntries = "LIMIT-ENTRIES", Error,
        "the archive has more entries than the configured limit; reading stopped",
        "l'archive contient plus d'entrées que la limite configurée ; lecture interrompue";
    LimitEntrySize = "LIMIT-ENTRY-SIZE", Error,
        "an entry is larger than the configured limit once decompressed; reading stopped",
        "une entrée décompressée dépasse la taille maximale configurée ; lecture interrompue";
    LimitTotalSize = "LIMIT-TOTAL-SIZE", Error,
        "the decompressed content exceeds the configured total limit; reading stopped",
        "le contenu décompressé dépasse la taille totale maximale configurée ; lecture interrompue";
    LimitRatio = "LIMIT-RATIO", Error,
        "the compression ratio exceeds the configured limit (decompression bomb); reading stopped",
        "le taux de compression dépasse la limite configurée (bombe de décompression) ; lecture interrompue";
    LimitNameLength = "LIMIT-NAME-LENGTH", Error,
        "an entry name is longer than the configured limit; refused",
        "le nom d'une entrée dépasse la longueur maximale configurée ; refusée";
}
