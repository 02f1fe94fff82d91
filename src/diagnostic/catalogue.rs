//! The catalogue of diagnostic codes: the only place where codes are defined.
//!
//! Each entry gives the stable code, its default severity, and a one-line
//! summary in English and French. The concrete message of a diagnostic adds
//! the details (the value found, the limit, ...). `DIAGNOSTICS.md` documents
//! the same table; `tests/it/diagnostics_catalogue.rs` keeps it in sync.
//! The code prefixes are listed in the `diagnostic` module documentation.

use super::{Lang, Severity};

macro_rules! catalogue {
    ($( $(#[$m:meta])* $variant:ident = $code:literal, $sev:ident, $en:literal, $fr:literal; )*) => {
        /// A stable diagnostic code. See the [module documentation](crate::diagnostic).
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
    IdInputNotUtf8 = "ID-INPUT-NOT-UTF8", Error,
        "the input is not valid UTF-8",
        "l'entrée n'est pas de l'UTF-8 valide";
    IdInputTooLong = "ID-INPUT-TOO-LONG", Error,
        "the input line is longer than the limit of the command (4 MiB); it was not checked",
        "la ligne d'entrée dépasse la limite de la commande (4 Mio) ; elle n'a pas été vérifiée";
    IdSirenLength = "ID-SIREN-LENGTH", Error,
        "a SIREN has exactly 9 digits",
        "un SIREN comporte exactement 9 chiffres";
    IdSirenNotDigit = "ID-SIREN-NOT-DIGIT", Error,
        "a SIREN contains only digits",
        "un SIREN ne contient que des chiffres";
    IdSirenWhitespace = "ID-SIREN-WHITESPACE", Error,
        "the SIREN contains whitespace (never stripped by this library)",
        "le SIREN contient des espaces (jamais supprimés par cette bibliothèque)";
    IdSirenChecksum = "ID-SIREN-CHECKSUM", Error,
        "the SIREN check digit (Luhn) is wrong",
        "la clé de contrôle (Luhn) du SIREN est fausse";
    IdSirenLeadingZero = "ID-SIREN-LEADING-ZERO", Warning,
        "the SIREN starts with 0, which S2LOW refuses",
        "le SIREN commence par 0, ce que S2LOW refuse";
    IdDepartementLength = "ID-DEPARTEMENT-LENGTH", Error,
        "a département code has exactly 3 characters",
        "un code de département comporte exactement 3 caractères";
    IdDepartementChar = "ID-DEPARTEMENT-CHAR", Error,
        "a département code is 0 or 9, then a digit, then a digit, A or B",
        "un code de département est formé de 0 ou 9, d'un chiffre, puis d'un chiffre, de A ou de B";
    IdDepartementUnknown = "ID-DEPARTEMENT-UNKNOWN", Warning,
        "the département code is well-formed but not in the list of known départements",
        "le code de département est bien formé mais absent de la liste des départements connus";
    IdArrondissementShape = "ID-ARRONDISSEMENT-SHAPE", Error,
        "an arrondissement is one digit",
        "un arrondissement est un chiffre unique";
    // ---- Known arrondissements (issue 12) ----
    IdArrondissementUnknown = "ID-ARRONDISSEMENT-UNKNOWN", Warning,
        "the arrondissement is not one of its département's in S2LOW's list",
        "l'arrondissement n'est pas l'un de ceux de son département dans la liste de S2LOW";
    IdNatureClShape = "ID-NATURE-CL-SHAPE", Error,
        "a nature of collectivité is two digits",
        "une nature de collectivité est composée de deux chiffres";
    IdNatureClUnknown = "ID-NATURE-CL-UNKNOWN", Warning,
        "the nature of collectivité is not in the known list",
        "la nature de collectivité est absente de la liste connue";
    IdNatureActeUnknown = "ID-NATURE-ACTE-UNKNOWN", Error,
        "the nature of the act is not one of 1-6 / DE AR AI CC BF AU",
        "la nature de l'acte n'est pas l'une de 1-6 / DE AR AI CC BF AU";
    IdNumeroEmpty = "ID-NUMERO-EMPTY", Error,
        "the numéro interne is empty",
        "le numéro interne est vide";
    IdNumeroChar = "ID-NUMERO-CHAR", Error,
        "the numéro interne contains a character outside A-Z, 0-9 and _ (E1) that is not read even leniently (only lower case, '-' and spaces are)",
        "le numéro interne contient un caractère hors de A-Z, 0-9 et _ (E1) qui n'est pas lu même avec tolérance (seuls minuscules, « - » et espaces le sont)";
    IdNumeroTooLong = "ID-NUMERO-TOO-LONG", Error,
        "the numéro interne is longer than 15 characters",
        "le numéro interne dépasse 15 caractères";
    IdNumeroLowercase = "ID-NUMERO-LOWERCASE", Warning,
        "the numéro interne contains lower-case letters (emission profile: upper case only)",
        "le numéro interne contient des minuscules (profil d'émission : majuscules seulement)";
    IdNumeroHyphen = "ID-NUMERO-HYPHEN", Warning,
        "the numéro interne contains '-' (emission profile: A-Z, 0-9 and _ only)",
        "le numéro interne contient « - » (profil d'émission : A-Z, 0-9 et _ seulement)";
    IdNumeroSpace = "ID-NUMERO-SPACE", Warning,
        "the numéro interne contains a space (emission profile: A-Z, 0-9 and _ only)",
        "le numéro interne contient une espace (profil d'émission : A-Z, 0-9 et _ seulement)";
    IdNumeroEdgeUnderscore = "ID-NUMERO-EDGE-UNDERSCORE", Warning,
        "the numéro interne starts or ends with '_' (emission profile: letter or digit at both ends)",
        "le numéro interne commence ou finit par « _ » (profil d'émission : lettre ou chiffre aux extrémités)";
    IdMatiereEmpty = "ID-MATIERE-EMPTY", Error,
        "the classification code is empty",
        "le code de classification est vide";
    IdMatiereEmptyLevel = "ID-MATIERE-EMPTY-LEVEL", Error,
        "a level of the classification code is empty",
        "un niveau du code de classification est vide";
    IdMatiereNotDigit = "ID-MATIERE-NOT-DIGIT", Error,
        "a level of the classification code contains a character other than a digit",
        "un niveau du code de classification contient autre chose que des chiffres";
    IdMatiereZero = "ID-MATIERE-ZERO", Error,
        "a level of the classification code is 0 (levels are positive integers)",
        "un niveau du code de classification vaut 0 (les niveaux sont des entiers positifs)";
    IdMatiereOverflow = "ID-MATIERE-OVERFLOW", Error,
        "a level of the classification code is larger than 65535",
        "un niveau du code de classification dépasse 65535";
    IdMatiereTooDeep = "ID-MATIERE-TOO-DEEP", Error,
        "the classification code has more than 5 levels",
        "le code de classification a plus de 5 niveaux";
    IdMatiereLevels12 = "ID-MATIERE-LEVELS-1-2", Error,
        "an act's classification needs levels 1 and 2",
        "les deux premiers niveaux de classification sont obligatoires";
    IdActeStructure = "ID-ACTE-STRUCTURE", Error,
        "an IDActe has 5 segments DDD-SSSSSSSSS-YYYYMMDD-NUMERO-NN",
        "un IDActe comporte 5 segments DDD-SSSSSSSSS-AAAAMMJJ-NUMERO-NN";
    IdActeTooLong = "ID-ACTE-TOO-LONG", Error,
        "an IDActe has at most 41 characters",
        "un IDActe comporte au plus 41 caractères";
    IdActeDateShape = "ID-ACTE-DATE-SHAPE", Error,
        "the date segment of an IDActe is 8 digits YYYYMMDD",
        "le segment date d'un IDActe est composé de 8 chiffres AAAAMMJJ";
    IdActeDateInvalid = "ID-ACTE-DATE-INVALID", Error,
        "the date segment of an IDActe is not a calendar date",
        "le segment date d'un IDActe n'est pas une date du calendrier";
    IdMessageCodeShape = "ID-MESSAGE-CODE-SHAPE", Error,
        "a message code has the form T-S (e.g. 1-2)",
        "un code de message est de la forme T-S (par exemple 1-2)";
    IdMessageCodeUnknown = "ID-MESSAGE-CODE-UNKNOWN", Error,
        "the message code is not one of the 21 ACTES message types (1-1 to 7-3)",
        "le code de message n'est pas l'un des 21 types de message ACTES (1-1 à 7-3)";

    // ---- Messages (src/messages) ----
    MsgUnknownRoot = "MSG-UNKNOWN-ROOT", Error,
        "the root element is not an ACTES message or envelope",
        "l'élément racine n'est pas un message ou une enveloppe ACTES";
    MsgMissingElement = "MSG-MISSING-ELEMENT", Error,
        "a required element is missing",
        "un élément obligatoire est absent";
    MsgMissingAttribute = "MSG-MISSING-ATTRIBUTE", Error,
        "a required attribute is missing",
        "un attribut obligatoire est absent";
    MsgUnexpectedElement = "MSG-UNEXPECTED-ELEMENT", Warning,
        "an element that the schema does not allow here was ignored",
        "un élément que le schéma n'autorise pas ici a été ignoré";
    MsgDuplicateElement = "MSG-DUPLICATE-ELEMENT", Error,
        "an element that may appear once is repeated; the first one is used",
        "un élément qui ne peut figurer qu'une fois est répété ; le premier est retenu";
    MsgInvalidDate = "MSG-INVALID-DATE", Error,
        "a date is not a valid xsd:date (YYYY-MM-DD)",
        "une date n'est pas une xsd:date valide (AAAA-MM-JJ)";
    MsgInvalidInteger = "MSG-INVALID-INTEGER", Error,
        "a number is not a valid non-negative integer in range",
        "un nombre n'est pas un entier positif ou nul dans les bornes";
    MsgInvalidEmail = "MSG-INVALID-EMAIL", Error,
        "an e-mail address does not match the schema's pattern",
        "une adresse électronique ne respecte pas le motif du schéma";
    MsgEmptyText = "MSG-EMPTY-TEXT", Error,
        "a required text (file name, objet) is empty",
        "un texte obligatoire (nom de fichier, objet) est vide";
    MsgAnomalyNatureNotNumeric = "MSG-ANOMALY-NATURE-NOT-NUMERIC", Error,
        "the anomaly Nature is not a number; it is kept as text",
        "la Nature de l'anomalie n'est pas un nombre ; elle est conservée telle quelle";
    MsgAnomalyNatureOutOfSchema = "MSG-ANOMALY-NATURE-OUT-OF-SCHEMA", Warning,
        "the anomaly Nature is numeric but outside what the schema allows",
        "la Nature de l'anomalie est numérique mais hors de ce que le schéma autorise";
    MsgDocumentPapierNonstandard = "MSG-DOCUMENT-PAPIER-NONSTANDARD", Warning,
        "DocumentPapier is not O or N (0, 1, empty, nil or another value)",
        "DocumentPapier ne vaut ni O ni N (0, 1, vide, nil ou autre valeur)";
    MsgClassificationGap = "MSG-CLASSIFICATION-GAP", Warning,
        "the classification levels have a gap (e.g. CodeMatiere5 without CodeMatiere4)",
        "les niveaux de classification sont lacunaires (par ex. CodeMatiere5 sans CodeMatiere4)";
    MsgAnnexesCount = "MSG-ANNEXES-COUNT", Error,
        "Annexes/@Nombre differs from the number of Annexe elements",
        "Annexes/@Nombre diffère du nombre d'éléments Annexe";
    MsgEmitterMissing = "MSG-EMITTER-MISSING", Error,
        "the MI envelope's Emetteur has no IDPref, IDSousPref or IDSGAR",
        "l'Emetteur de l'enveloppe du MI n'a ni IDPref, ni IDSousPref, ni IDSGAR";
    MsgWriteInvalidField = "MSG-WRITE-INVALID-FIELD", Error,
        "the message cannot be written: a field has no valid typed value",
        "le message ne peut pas être écrit : un champ n'a pas de valeur typée valide";

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
    XmlEncodingMixed = "XML-ENCODING-MIXED", Warning,
        "the document mixes UTF-8 sequences and bytes that are not UTF-8; read with its declared encoding",
        "le document mêle des séquences UTF-8 et des octets hors UTF-8 ; lu avec l'encodage déclaré";
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
    XmlLimitAttributeCount = "XML-LIMIT-ATTRIBUTE-COUNT", Error,
        "an element has more attributes than the configured limit",
        "un élément a plus d'attributs que la limite configurée";
    XmlLimitNamespaces = "XML-LIMIT-NAMESPACES", Error,
        "more namespace declarations are in scope than the configured limit",
        "plus de déclarations d'espace de noms sont en vigueur que la limite configurée";

    // ---- Classification (src/classification) ----
    ClassRead = "CLASS-READ", Error,
        "the classification file could not be read",
        "le fichier de classification n'a pas pu être lu";
    ClassRoot = "CLASS-ROOT", Error,
        "the document is not the expected classification message (wrong root element)",
        "le document n'est pas le message de classification attendu (mauvais élément racine)";
    ClassElementMissing = "CLASS-ELEMENT-MISSING", Error,
        "a mandatory element of the classification message is missing",
        "un élément obligatoire du message de classification est absent";
    ClassDateInvalid = "CLASS-DATE-INVALID", Error,
        "DateClassification is not a date YYYY-MM-DD",
        "DateClassification n'est pas une date AAAA-MM-JJ";
    ClassAttributeMissing = "CLASS-ATTRIBUTE-MISSING", Error,
        "a mandatory attribute is missing; the entry is skipped",
        "un attribut obligatoire est absent ; l'entrée est ignorée";
    ClassLabelMissing = "CLASS-LABEL-MISSING", Warning,
        "an entry of the classification has no label",
        "une entrée de la classification n'a pas de libellé";
    ClassUnexpectedElement = "CLASS-UNEXPECTED-ELEMENT", Warning,
        "an unexpected element of the classification was ignored",
        "un élément inattendu de la classification a été ignoré";
    ClassMatiereCodeInvalid = "CLASS-MATIERE-CODE-INVALID", Error,
        "a CodeMatiere of the classification is not a positive integer; the entry is skipped",
        "un CodeMatiere de la classification n'est pas un entier positif ; l'entrée est ignorée";
    ClassMatiereDuplicate = "CLASS-MATIERE-DUPLICATE", Warning,
        "a matière code appears twice under the same parent; the entries were merged",
        "un code de matière apparaît deux fois sous le même parent ; les entrées ont été fusionnées";
    ClassNatureInvalid = "CLASS-NATURE-INVALID", Warning,
        "a nature of the classification is not one of 1-6 / DE AR AI CC BF AU; it is ignored",
        "une nature de la classification n'est pas l'une de 1-6 / DE AR AI CC BF AU ; elle est ignorée";
    ClassNatureMismatch = "CLASS-NATURE-MISMATCH", Warning,
        "CodeNatureActe and TypeAbrege of a nature disagree; the code is kept",
        "CodeNatureActe et TypeAbrege d'une nature ne concordent pas ; le code est retenu";
    ClassNatureDuplicate = "CLASS-NATURE-DUPLICATE", Warning,
        "a nature appears twice in the classification; the entries were merged",
        "une nature apparaît deux fois dans la classification ; les entrées ont été fusionnées";
    ClassTypologieDuplicate = "CLASS-TYPOLOGIE-DUPLICATE", Warning,
        "a typologie code appears twice for the same nature; the first is kept",
        "un code de typologie apparaît deux fois pour la même nature ; le premier est retenu";
    ClassMatiereUnknown = "CLASS-MATIERE-UNKNOWN", Error,
        "the classification code does not exist in the classification",
        "le code de classification n'existe pas dans la classification";
    ClassMatiereTooDeep = "CLASS-MATIERE-TOO-DEEP", Error,
        "the classification code goes deeper than the classification",
        "le code de classification est plus profond que la classification";
    ClassMatiereNotLeaf = "CLASS-MATIERE-NOT-LEAF", Warning,
        "the préfecture defines deeper levels under this classification code",
        "la préfecture définit des niveaux plus fins sous ce code de classification";
    ClassMatiereUnverified = "CLASS-MATIERE-UNVERIFIED", Warning,
        "levels 3 to 5 are set by each préfecture and could not be checked without its classification file",
        "les niveaux 3 à 5 sont fixés par chaque préfecture et n'ont pas pu être vérifiés sans son fichier de classification";
    ClassNatureUnknown = "CLASS-NATURE-UNKNOWN", Error,
        "the nature is not listed in the classification",
        "la nature ne figure pas dans la classification";
    ClassTypologiePattern = "CLASS-TYPOLOGIE-PATTERN", Error,
        "a typologie code has 5 characters among A-Z, 0-9 and _",
        "un code de typologie comporte 5 caractères parmi A-Z, 0-9 et _";
    ClassTypologieNotAllowed = "CLASS-TYPOLOGIE-NOT-ALLOWED", Error,
        "the typologie code is not in the nature's list of the classification",
        "le code de typologie n'est pas dans la liste de la nature dans la classification";
    ClassTypologieUnverified = "CLASS-TYPOLOGIE-UNVERIFIED", Warning,
        "the classification has no typologie list; only the format and the built-in defaults were checked",
        "la classification ne contient pas de liste de typologies ; seuls le format et les valeurs par défaut intégrées ont été vérifiés";
    // ---- Classification: natures without typologie (issue 12) ----
    ClassNatureNoTypologie = "CLASS-NATURE-NO-TYPOLOGIE", Warning,
        "a nature of the classification lists no typologie; the built-in defaults are used for it",
        "une nature de la classification ne liste aucune typologie ; les valeurs par défaut intégrées sont utilisées pour elle";
    // ---- File names (src/naming) ----
    NameUnrecognised = "NAME-UNRECOGNISED", Error,
        "the file name has none of the shapes of the protocol (archive, envelope, anomaly, message or document)",
        "le nom de fichier n'a aucune des formes du protocole (archive, enveloppe, anomalie, message ou document)";
    NameStructure = "NAME-STRUCTURE", Error,
        "the file name does not have the segments its form requires",
        "le nom de fichier ne comporte pas les segments que sa forme exige";
    NameTooLong = "NAME-TOO-LONG", Error,
        "the file name is longer than the 100 bytes of a ustar name field",
        "le nom de fichier dépasse les 100 octets du champ nom d'un en-tête ustar";
    NameExtension = "NAME-EXTENSION", Error,
        "the file name does not have the extension its form requires",
        "le nom de fichier n'a pas l'extension que sa forme exige";
    NameExtensionCase = "NAME-EXTENSION-CASE", Warning,
        "the extension is not in lower case (read, never emitted)",
        "l'extension n'est pas en minuscules (lue, jamais émise)";
    NameApplicationShape = "NAME-APPLICATION-SHAPE", Error,
        "the application code (quadrigramme) is 4 upper-case letters",
        "le code application (quadrigramme) est composé de 4 lettres majuscules";
    NameApplicationUnusual = "NAME-APPLICATION-UNUSUAL", Warning,
        "the application code does not start with F, Q, E, T or D (EACT is production, TACT test)",
        "le code application ne commence pas par F, Q, E, T ou D (EACT désigne la production, TACT le test)";
    NameApplicationEmission = "NAME-APPLICATION-EMISSION", Error,
        "only EACT (production) and TACT (test) are emitted as application code",
        "seuls EACT (production) et TACT (test) sont émis comme code application";
    NameTrigrammeShape = "NAME-TRIGRAMME-SHAPE", Error,
        "the trigramme of the TdT is 3 characters among A-Z, a-z and 0-9",
        "le trigramme du TdT est composé de 3 caractères parmi A-Z, a-z et 0-9";
    NameDateShape = "NAME-DATE-SHAPE", Error,
        "the date segment of a file name is 8 digits YYYYMMDD",
        "le segment date d'un nom de fichier est composé de 8 chiffres AAAAMMJJ";
    NameDateInvalid = "NAME-DATE-INVALID", Error,
        "the date segment of a file name is not a calendar date",
        "le segment date d'un nom de fichier n'est pas une date du calendrier";
    NameSequenceShape = "NAME-SEQUENCE-SHAPE", Error,
        "the sequence number of an envelope or archive name is a number",
        "le numéro de séquence d'un nom d'enveloppe ou d'archive est un nombre";
    NameSequencePadded = "NAME-SEQUENCE-PADDED", Warning,
        "the sequence number has leading zeros (never emitted)",
        "le numéro de séquence comporte des zéros non significatifs (jamais émis)";
    NameSequenceRange = "NAME-SEQUENCE-RANGE", Error,
        "an emitted sequence number is between 1 and 9999 (S2LOW refuses 10000 and above)",
        "un numéro de séquence émis est compris entre 1 et 9999 (S2LOW refuse 10000 et plus)";
    NameEmetteurUnknown = "NAME-EMETTEUR-UNKNOWN", Warning,
        "the emitter of an MI envelope name is not PREF+DDD, SPREF+DDD+arrondissement or SGAR+DDD; kept as found",
        "l'émetteur d'un nom d'enveloppe MI n'est pas PREF+DDD, SPREF+DDD+arrondissement ni SGAR+DDD ; conservé tel quel";
    NameAnomalyEnvelope = "NAME-ANOMALY-ENVELOPE", Error,
        "an anomaly file name is ANO_ followed by the name of a collectivité envelope",
        "un nom de fichier d'anomalie est ANO_ suivi du nom d'une enveloppe de la collectivité";
    NameTypologieShape = "NAME-TYPOLOGIE-SHAPE", Error,
        "a typologie prefix is 5 characters among A-Z, 0-9 and _",
        "un préfixe de typologie est composé de 5 caractères parmi A-Z, 0-9 et _";
    NameTypologieMissing = "NAME-TYPOLOGIE-MISSING", Error,
        "the act and every annex of a 1-1 are named with a typologie prefix",
        "l'acte et chaque annexe d'un 1-1 sont nommés avec un préfixe de typologie";
    NameNatureShape = "NAME-NATURE-SHAPE", Error,
        "the nature segment of a file name is 2 upper-case letters or empty",
        "le segment nature d'un nom de fichier est composé de 2 lettres majuscules, ou vide";
    NameMessageCodeMissing = "NAME-MESSAGE-CODE-MISSING", Error,
        "the file name has no message code -T-S before its counter (the MI rejects such names)",
        "le nom de fichier n'a pas de code de message -T-S avant son compteur (le MI rejette ces noms)";
    NameMessageCodeClassification = "NAME-MESSAGE-CODE-CLASSIFICATION", Error,
        "a 7-1 classification request is named {DDD}-{SIREN}----7-1_0.xml, not after an act",
        "une demande de classification 7-1 est nommée {DDD}-{SIREN}----7-1_0.xml, pas d'après un acte";
    NameCounterMissing = "NAME-COUNTER-MISSING", Warning,
        "the file name has no counter _k before its extension",
        "le nom de fichier n'a pas de compteur _k avant son extension";
    NameCounterPadded = "NAME-COUNTER-PADDED", Warning,
        "the counter has leading zeros (never emitted)",
        "le compteur comporte des zéros non significatifs (jamais émis)";
    NameCounterOverflow = "NAME-COUNTER-OVERFLOW", Error,
        "the counter is too large to be a number",
        "le compteur est trop grand pour être un nombre";
    NameDocumentCounter = "NAME-DOCUMENT-COUNTER", Error,
        "a document's counter starts at 1 (0 is the message XML)",
        "le compteur d'un document commence à 1 (0 désigne le XML du message)";
    // ---- Act validation and archives (src/transmission, src/archive) ----
    ActeObjetEmpty = "ACTE-OBJET-EMPTY", Error,
        "the objet is empty",
        "l'objet est vide";
    ActeObjetTooLong = "ACTE-OBJET-TOO-LONG", Error,
        "the objet is longer than 499 characters",
        "l'objet dépasse 499 caractères";
    ActeObjetMultiline = "ACTE-OBJET-MULTILINE", Error,
        "the objet contains a line break (CR or LF)",
        "l'objet contient un retour à la ligne (CR ou LF)";
    ActeObjetControl = "ACTE-OBJET-CONTROL", Error,
        "the objet contains a control character",
        "l'objet contient un caractère de contrôle";
    ActeDateFuture = "ACTE-DATE-FUTURE", Error,
        "a date (decision, letter) is after today",
        "une date (décision, courrier) est une date dans le futur";
    ActeClassificationDateFuture = "ACTE-CLASSIFICATION-DATE-FUTURE", Error,
        "the classification date is after today",
        "la date de classification est une date dans le futur";
    ActeClassificationDateStale = "ACTE-CLASSIFICATION-DATE-STALE", Warning,
        "the classification date differs from the date of the classification given",
        "la date de classification diffère de celle de la classification fournie";
    ActeTypologieMissing = "ACTE-TYPOLOGIE-MISSING", Error,
        "a document of the act has no typologie code",
        "un document de l'acte n'a pas de typologie";
    ActeFileUnreadable = "ACTE-FILE-UNREADABLE", Error,
        "a document cannot be read",
        "un document ne peut pas être lu";
    ActeFileEmpty = "ACTE-FILE-EMPTY", Error,
        "a document is empty",
        "un document est vide";
    ActeFileType = "ACTE-FILE-TYPE", Error,
        "a document's content is not of an accepted type (act: PDF/XML; others: PDF, XML, PNG, JPEG)",
        "le contenu d'un document n'est pas d'un type accepté (acte : PDF/XML ; autres : PDF, XML, PNG, JPEG)";
    ActeFileXmlNotAllowed = "ACTE-FILE-XML-NOT-ALLOWED", Error,
        "an XML act file is allowed only for nature 5 with classification 7.1",
        "un acte au format XML n'est permis que pour la nature 5 et la classification 7.1";
    ActeAnnexeNotPdf = "ACTE-ANNEXE-NOT-PDF", Error,
        "the act is XML, so every annex must be PDF",
        "l'acte est au format XML : les annexes doivent être au format PDF";
    ActePdfTruncated = "ACTE-PDF-TRUNCATED", Error,
        "a PDF has no %%EOF marker near its end (truncated or corrupt)",
        "un PDF n'a pas de marqueur %%EOF en fin de fichier (tronqué ou corrompu)";
    ActeSizeTotal = "ACTE-SIZE-TOTAL", Error,
        "the files add up to more than the size cap (150 MiB by default)",
        "la taille totale des fichiers dépasse le maximum (150 Mo par défaut)";
    ActeIdMismatch = "ACTE-ID-MISMATCH", Error,
        "the IDActe's SIREN or département is not the collectivité's",
        "le SIREN ou le département de l'IDActe n'est pas celui de la collectivité";
    ActeEmailInvalid = "ACTE-EMAIL-INVALID", Error,
        "an e-mail address does not match the XSD actes:Email pattern",
        "une adresse électronique ne respecte pas le motif actes:Email du schéma";
    ActeAdressesRetourEmpty = "ACTE-ADRESSES-RETOUR-EMPTY", Error,
        "no return e-mail address is given",
        "aucune adresse de retour n'est fournie";
    ActeReponseDocuments = "ACTE-REPONSE-DOCUMENTS", Error,
        "an answer has the wrong number of documents for its type",
        "une réponse n'a pas le nombre de documents prévu pour son type";
    ActeInputInvalid = "ACTE-INPUT-INVALID", Error,
        "the transmission input is malformed (JSON shape, missing field, bad date)",
        "la description de la transmission est mal formée (JSON, champ manquant, date invalide)";
    // ---- Emission dates (issue 12) ----
    ActeSentFuture = "ACTE-SENT-FUTURE", Error,
        "the sending date (the envelope's) is after today",
        "la date d'envoi (celle de l'enveloppe) est dans le futur";
    ActeSentBeforeDecision = "ACTE-SENT-BEFORE-DECISION", Error,
        "the sending date is before the act's decision date",
        "la date d'envoi est antérieure à la date de décision de l'acte";
    ActeSentBeforeLetter = "ACTE-SENT-BEFORE-LETTER", Error,
        "an answer is sent before the préfecture's letter it answers",
        "une réponse est envoyée avant le courrier de la préfecture auquel elle répond";
    ActeArchiveTooLarge = "ACTE-ARCHIVE-TOO-LARGE", Error,
        "the built archive would be larger than the size cap",
        "l'archive produite dépasserait la taille maximale";
    ArchCheckEnvelopeMissing = "ARCH-CHECK-ENVELOPE-MISSING", Error,
        "the archive holds no CL envelope APP--SIREN--YYYYMMDD-N.xml",
        "l'archive ne contient pas d'enveloppe APP--SIREN--AAAAMMJJ-N.xml";
    ArchCheckEnvelopeSeveral = "ARCH-CHECK-ENVELOPE-SEVERAL", Error,
        "the archive holds more than one envelope",
        "l'archive contient plus d'une enveloppe";
    ArchCheckEnvelopeNameMismatch = "ARCH-CHECK-ENVELOPE-NAME-MISMATCH", Error,
        "the envelope's name is not the archive's name without the trigramme",
        "le nom de l'enveloppe n'est pas celui de l'archive sans le trigramme";
    ArchCheckNotEnvelope = "ARCH-CHECK-NOT-ENVELOPE", Error,
        "the envelope file does not hold an EnveloppeCLMISILL",
        "le fichier d'enveloppe ne contient pas d'EnveloppeCLMISILL";
    ArchCheckSirenMismatch = "ARCH-CHECK-SIREN-MISMATCH", Error,
        "a name carries another SIREN than the envelope's IDCL",
        "un nom porte un autre SIREN que l'IDCL de l'enveloppe";
    ArchCheckMessageMissing = "ARCH-CHECK-MESSAGE-MISSING", Error,
        "the envelope lists a message that is not in the archive",
        "l'enveloppe mentionne un message absent de l'archive";
    ArchCheckMessageDirection = "ARCH-CHECK-MESSAGE-DIRECTION", Error,
        "a listed message is not one a collectivité sends",
        "un message mentionné n'est pas émis par une collectivité";
    ArchCheckDocumentMissing = "ARCH-CHECK-DOCUMENT-MISSING", Error,
        "a message names a document that is not in the archive",
        "un message mentionne un document absent de l'archive";
    ArchCheckFileUnlisted = "ARCH-CHECK-FILE-UNLISTED", Error,
        "a file of the archive is named by no envelope or message",
        "un fichier de l'archive n'est mentionné par aucune enveloppe ni aucun message";
    ArchCheckNameMismatch = "ARCH-CHECK-NAME-MISMATCH", Error,
        "a message or document name disagrees with its message (stem or message code)",
        "le nom d'un message ou d'un document ne concorde pas avec son message (radical ou code)";
    // ---- Archive check: a name against its content (issue 12) ----
    ArchCheckNameDate = "ARCH-CHECK-NAME-DATE", Warning,
        "a message name carries another date than its act's (the other parts agree)",
        "le nom d'un message porte une autre date que celle de son acte (les autres parties concordent)";
    ArchCheckCounter = "ARCH-CHECK-COUNTER", Warning,
        "a document's counter is not its position (_1 act, _2... annexes)",
        "le compteur d'un document ne correspond pas à sa position (_1 acte, _2... annexes)";
    ArchCheckDocumentPapierAbsent = "ARCH-CHECK-DOCUMENT-PAPIER-ABSENT", Error,
        "the act has no DocumentPapier, which the 2017 schema requires",
        "l'acte n'a pas de DocumentPapier, exigé par le schéma de 2017";
    ArchCheckOrder = "ARCH-CHECK-ORDER", Warning,
        "the entries are not in the order envelope, message, act, annexes",
        "les entrées ne sont pas dans l'ordre enveloppe, message, acte, annexes";

    // ---- Deliveries (src/delivery) ----
    DelivUnreadable = "DELIV-UNREADABLE", Error,
        "the file or folder cannot be read",
        "le fichier ou le dossier ne peut pas être lu";
    DelivNotADelivery = "DELIV-NOT-A-DELIVERY", Error,
        "the path is neither a folder, a tar.gz, a tar nor a zip",
        "le chemin n'est ni un dossier, ni un tar.gz, ni un tar, ni un zip";
    // ---- A folder with no delivery (issue 12) ----
    DelivNoDelivery = "DELIV-NO-DELIVERY", Error,
        "there is no delivery: no envelope and no message file (empty, or only a mail body)",
        "il n'y a pas de livraison : ni enveloppe ni fichier de message (vide, ou seulement un corps de courriel)";
    DelivNoEnvelope = "DELIV-NO-ENVELOPE", Warning,
        "the delivery has no envelope (EnveloppeMISILLCL or AnomalieEnveloppe); its messages are read on their own",
        "la livraison n'a pas d'enveloppe (EnveloppeMISILLCL ou AnomalieEnveloppe) ; ses messages sont lus seuls";
    DelivSeveralEnvelopes = "DELIV-SEVERAL-ENVELOPES", Warning,
        "the delivery has more than one envelope",
        "la livraison contient plus d'une enveloppe";
    DelivMissingMessage = "DELIV-MISSING-MESSAGE", Error,
        "a message listed by the envelope is not in the delivery",
        "un message listé par l'enveloppe est absent de la livraison";
    DelivMissingDocument = "DELIV-MISSING-DOCUMENT", Error,
        "a document named by a message is not in the delivery",
        "un document nommé par un message est absent de la livraison";
    DelivUnlistedFile = "DELIV-UNLISTED-FILE", Warning,
        "a file is neither listed by the envelope nor named by a message",
        "un fichier n'est ni listé par l'enveloppe ni nommé par un message";
    DelivUnreadableMessage = "DELIV-UNREADABLE-MESSAGE", Error,
        "an XML file of the delivery is not a readable protocol message",
        "un fichier XML de la livraison n'est pas un message du protocole lisible";
    DelivNameCase = "DELIV-NAME-CASE", Warning,
        "a file was found under a name that differs only in case from the name listed",
        "un fichier a été trouvé sous un nom qui ne diffère que par la casse du nom listé";

    // ---- Receipts (src/receipt) ----
    RcptOtherAct = "RCPT-OTHER-ACT", Error,
        "the receipt is about another act than the one expected",
        "l'accusé concerne un autre acte que celui attendu";
    RcptExpectedId = "RCPT-EXPECTED-ID", Warning,
        "the IDActe has the SIREN and numéro of the act expected but differs from its IDActe",
        "l'IDActe a le SIREN et le numéro de l'acte attendu mais diffère de son IDActe";
    RcptIdDate = "RCPT-ID-DATE", Error,
        "the IDActe's date differs from the echoed decision date (ActeRecu/@Date)",
        "la date de l'IDActe diffère de la date de décision reprise (ActeRecu/@Date)";
    RcptIdNumero = "RCPT-ID-NUMERO", Error,
        "the IDActe's numéro differs from the echoed NumeroInterne",
        "le numéro de l'IDActe diffère du NumeroInterne repris";
    RcptIdNature = "RCPT-ID-NATURE", Error,
        "the IDActe's nature abbreviation does not match the echoed CodeNatureActe",
        "l'abréviation de nature de l'IDActe ne correspond pas au CodeNatureActe repris";
    RcptIdSiren = "RCPT-ID-SIREN", Error,
        "the IDActe's SIREN is not the recipient's (Destinataire/@SIREN)",
        "le SIREN de l'IDActe n'est pas celui du destinataire (Destinataire/@SIREN)";
    RcptDateBeforeDecision = "RCPT-DATE-BEFORE-DECISION", Error,
        "a date of the message is before the act's decision date",
        "une date du message est antérieure à la date de décision de l'acte";
    RcptDateBeforeLetter = "RCPT-DATE-BEFORE-LETTER", Warning,
        "an acknowledgement of an answer is dated before the letter answered",
        "un accusé de réponse est daté d'avant le courrier auquel il est répondu";
    RcptDateFuture = "RCPT-DATE-FUTURE", Warning,
        "a date of the message is after today",
        "une date du message est postérieure à aujourd'hui";
    RcptClassificationOutdated = "RCPT-CLASSIFICATION-OUTDATED", Warning,
        "the act was sent with a classification older than the préfecture's current version",
        "l'acte a été transmis avec une classification plus ancienne que la version en cours de la préfecture";
    RcptClassificationAhead = "RCPT-CLASSIFICATION-AHEAD", Warning,
        "the act was sent with a classification dated after the préfecture's current version",
        "l'acte a été transmis avec une classification datée d'après la version en cours de la préfecture";
    // ---- Receipts: a file's name against its content (issue 12) ----
    RcptNameCode = "RCPT-NAME-CODE", Warning,
        "the message code in the file name is not the message's",
        "le code de message du nom de fichier n'est pas celui du message";
    RcptNameAct = "RCPT-NAME-ACT", Warning,
        "the IDActe parts in the file name differ from the message's",
        "les parties d'IDActe du nom de fichier diffèrent de celles du message";
    RcptNameEnvelope = "RCPT-NAME-ENVELOPE", Warning,
        "an envelope's file name disagrees with its content (SIREN, département, arrondissement)",
        "le nom de fichier d'une enveloppe ne concorde pas avec son contenu (SIREN, département, arrondissement)";
    RcptDocumentName = "RCPT-DOCUMENT-NAME", Warning,
        "a document is named after another act",
        "un document porte le nom d'un autre acte";
    RcptEchoField = "RCPT-ECHO-FIELD", Error,
        "an echoed field differs from the transmission sent",
        "un champ repris diffère de la transmission envoyée";
    RcptEchoMatieres = "RCPT-ECHO-MATIERES", Error,
        "the echoed matières differ from those sent",
        "les matières reprises diffèrent de celles envoyées";
    RcptEchoDocument = "RCPT-ECHO-DOCUMENT", Error,
        "the echoed act file name differs from the one sent",
        "le nom du fichier de l'acte repris diffère de celui envoyé";
    RcptEchoAnnexes = "RCPT-ECHO-ANNEXES", Error,
        "the echoed annexes (names or count) differ from those sent",
        "les annexes reprises (noms ou nombre) diffèrent de celles envoyées";
    RcptEchoTypologie = "RCPT-ECHO-TYPOLOGIE", Warning,
        "an echoed file carries another typologie prefix than the file sent",
        "un fichier repris porte un autre préfixe de typologie que le fichier envoyé";
    RcptEchoPapier = "RCPT-ECHO-PAPIER", Warning,
        "the echoed DocumentPapier differs in meaning from the one sent",
        "le DocumentPapier repris diffère en substance de celui envoyé";

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
    TxnNoDate = "TXN-NO-DATE", Error,
        "the message has no valid date to place it in the act's history; ignored",
        "le message n'a pas de date valide pour le placer dans l'historique de l'acte ; ignoré";
    TxnNotActMessage = "TXN-NOT-ACT-MESSAGE", Error,
        "the message is not a step of an act's life (classification, envelope)",
        "le message n'est pas une étape de la vie d'un acte (classification, enveloppe)";

    // ---- Transactions from files (issue 12) ----
    TxnNoAct = "TXN-NO-ACT", Error,
        "the files name no act (or not exactly one where one is expected)",
        "les fichiers ne désignent aucun acte (ou pas exactement un là où un seul est attendu)";
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

    // ---- Proof bundles (src/bundle) ----
    BundleArchiveUnreadable = "BUNDLE-ARCHIVE-UNREADABLE", Error,
        "the transmitted archive or a received file cannot be read",
        "l'archive transmise ou un fichier reçu ne peut pas être lu";
    BundleArchiveNotAct = "BUNDLE-ARCHIVE-NOT-ACT", Error,
        "the archive does not carry exactly one envelope listing one 1-1 Acte with a valid IDActe",
        "l'archive ne contient pas exactement une enveloppe listant un 1-1 Acte d'IDActe valide";
    BundleSentMissing = "BUNDLE-SENT-MISSING", Error,
        "a document named by the 1-1 Acte is not in the archive",
        "un document nommé par le 1-1 Acte est absent de l'archive";
    BundleArchiveUnexpected = "BUNDLE-ARCHIVE-UNEXPECTED", Error,
        "a file of the archive is neither its envelope, its message nor a document the message names",
        "un fichier de l'archive n'est ni l'enveloppe, ni le message, ni un document nommé par le message";
    BundleReceiptUnreadable = "BUNDLE-RECEIPT-UNREADABLE", Error,
        "a received file is neither a protocol message nor a document named by a received message",
        "un fichier reçu n'est ni un message du protocole ni un document nommé par un message reçu";
    BundleReceiptNotStep = "BUNDLE-RECEIPT-NOT-STEP", Error,
        "a received message is not a step of the act's life sent by the ministry",
        "un message reçu n'est pas une étape de la vie de l'acte envoyée par le ministère";
    BundleOtherAct = "BUNDLE-OTHER-ACT", Error,
        "a received file is about another act than the one transmitted; nothing is bundled",
        "un fichier reçu concerne un autre acte que celui transmis ; rien n'est mis dans le dossier de preuve";
    BundleName = "BUNDLE-NAME", Error,
        "a file name cannot be stored in the flat bundle: used twice (ignoring case), reserved, or unsafe",
        "un nom de fichier ne peut pas être rangé dans le dossier de preuve : en double (casse ignorée), réservé ou dangereux";
    BundleManifestMissing = "BUNDLE-MANIFEST-MISSING", Error,
        "the bundle has no manifest.json",
        "le dossier de preuve n'a pas de manifest.json";
    BundleManifestInvalid = "BUNDLE-MANIFEST-INVALID", Error,
        "manifest.json is not a proof-bundle manifest (JSON, format, duplicate names)",
        "manifest.json n'est pas un manifeste de dossier de preuve (JSON, format, noms en double)";
    BundleFileMissing = "BUNDLE-FILE-MISSING", Error,
        "a file listed by the manifest is not in the bundle",
        "un fichier listé par le manifeste est absent du dossier de preuve";
    BundleFileExtra = "BUNDLE-FILE-EXTRA", Error,
        "a file of the bundle is not listed by the manifest",
        "un fichier du dossier de preuve n'est pas listé par le manifeste";
    BundleSizeMismatch = "BUNDLE-SIZE-MISMATCH", Error,
        "a file's size differs from the manifest's",
        "la taille d'un fichier diffère de celle du manifeste";
    BundleHashMismatch = "BUNDLE-HASH-MISMATCH", Error,
        "a file's SHA-256 differs from the manifest's: the file was changed",
        "le SHA-256 d'un fichier diffère de celui du manifeste : le fichier a été modifié";
    BundleManifestMismatch = "BUNDLE-MANIFEST-MISMATCH", Error,
        "the manifest disagrees with what the files say (role, identifier, dates, state, history)",
        "le manifeste contredit ce que disent les fichiers (rôle, identifiant, dates, état, historique)";

    // ---- PDF stamp, receipt sheet and open data (src/pdf, src/record, src/sheet, src/opendata) ----
    PdfNotPdf = "PDF-NOT-PDF", Error,
        "the file is not a PDF (no %PDF- header)",
        "le fichier n'est pas un PDF (pas d'en-tête %PDF-)";
    PdfEncrypted = "PDF-ENCRYPTED", Error,
        "the PDF is encrypted: it cannot be stamped without its password (decrypt it first)",
        "le PDF est chiffré : il ne peut être tamponné sans son mot de passe (le déchiffrer d'abord)";
    PdfUnreadable = "PDF-UNREADABLE", Error,
        "the PDF's structure (cross-reference, page tree) cannot be read; repair it first (qpdf)",
        "la structure du PDF (table des références, arbre des pages) est illisible ; le réparer d'abord (qpdf)";
    PdfLimit = "PDF-LIMIT", Error,
        "the PDF exceeds a limit of the reader (size, objects, pages, depth)",
        "le PDF dépasse une limite du lecteur (taille, objets, pages, profondeur)";
    StampNoId = "STAMP-NO-ID", Error,
        "the stamp needs the act's IDActe (from an ARActe or given)",
        "le tampon nécessite l'IDActe de l'acte (d'un ARActe ou fourni)";
    ScdlSiret = "SCDL-SIRET", Error,
        "COLL_SIRET is not 14 digits passing the SIRET checksum (Luhn)",
        "COLL_SIRET n'est pas formé de 14 chiffres respectant la clé de contrôle SIRET (Luhn)";
    ScdlSiretSiren = "SCDL-SIRET-SIREN", Error,
        "the SIRET does not start with the SIREN of the act",
        "le SIRET ne commence pas par le SIREN de l'acte";
    ScdlRequired = "SCDL-REQUIRED", Error,
        "a required column of the SCDL row is empty or unknown",
        "une colonne obligatoire de la ligne SCDL est vide ou inconnue";
    ScdlMatiere = "SCDL-MATIERE", Error,
        "the act's matière has no level-2 code of the national nomenclature",
        "la matière de l'acte n'a pas de code de niveau 2 de la nomenclature nationale";
    ScdlDateOrder = "SCDL-DATE-ORDER", Error,
        "PREF_DATE is before DELIB_DATE",
        "PREF_DATE est antérieure à DELIB_DATE";
    ScdlBudget = "SCDL-BUDGET", Error,
        "BUDGET_ANNEE and BUDGET_NOM: both or neither, and a year or a real interval of years",
        "BUDGET_ANNEE et BUDGET_NOM : les deux ou aucun, et une année ou un véritable intervalle d'années";
    ScdlVotes = "SCDL-VOTES", Error,
        "the votes: all five or none, integers, EFFECTIF >= REEL >= each, POUR + CONTRE + ABSTENTION = REEL",
        "les votes : les cinq ou aucun, entiers, EFFECTIF >= REEL >= chacun, POUR + CONTRE + ABSTENTION = REEL";
    ScdlExtra = "SCDL-EXTRA", Error,
        "the --extra CSV cannot be read: header, quoting, or a numéro interne given twice",
        "le CSV --extra est illisible : en-tête, guillemets, ou numéro interne donné deux fois";
    RecordNoAct = "RECORD-NO-ACT", Error,
        "an input is not an act's proof bundle, archive or received file about an act given (unreadable, or about no archive given)",
        "une entrée n'est ni le dossier de preuve ou l'archive d'un acte, ni un fichier reçu sur un acte donné (illisible, ou sans archive correspondante)";
    // ---- Budget documents (src/budget) ----
    BudgetUnreadable = "BUDGET-UNREADABLE", Error,
        "the budget document cannot be read",
        "le document budgétaire ne peut pas être lu";
    BudgetNotDocument = "BUDGET-NOT-DOCUMENT", Error,
        "the XML is not a TotEM budget document (root element DocumentBudgetaire)",
        "le XML n'est pas un document budgétaire TotEM (élément racine DocumentBudgetaire)";
    BudgetSealMissing = "BUDGET-SEAL-MISSING", Error,
        "the budget file is not sealed (no Scellement element)",
        "Le fichier budgétaire n'est pas scellé";
    BudgetSealInvalid = "BUDGET-SEAL-INVALID", Error,
        "the budget file is not correctly sealed (the digests of the seal are not those of the document)",
        "Le fichier budgétaire n'est pas correctement scellé";
    BudgetSiretShape = "BUDGET-SIRET-SHAPE", Warning,
        "the budget document's IdColl is missing or is not a 14-digit SIRET",
        "l'IdColl du document budgétaire est absent ou n'est pas un SIRET de 14 chiffres";
    BudgetSirenMismatch = "BUDGET-SIREN-MISMATCH", Warning,
        "the SIREN in the budget document's SIRET (IdColl) is not the collectivité's SIREN",
        "le SIREN du SIRET du document budgétaire (IdColl) n'est pas celui de la collectivité";
    BudgetSealDate = "BUDGET-SEAL-DATE", Error,
        "the seal date is not a date and time (YYYY-MM-DDTHH:MM:SS, optional fraction and offset)",
        "la date du scellement n'est pas une date et heure (AAAA-MM-JJTHH:MM:SS, fraction et décalage facultatifs)";
    BudgetSealRefused = "BUDGET-SEAL-REFUSED", Error,
        "the document cannot be sealed (not a readable budget document, empty, or several seals)",
        "le document ne peut pas être scellé (document budgétaire illisible, vide, ou plusieurs scellements)";

    // ---- Input and output of the operations (src/report, src/cli) ----
    IoRead = "IO-READ", Error,
        "a file (or standard input) cannot be read",
        "un fichier (ou l'entrée standard) ne peut pas être lu";
    IoWrite = "IO-WRITE", Error,
        "a file or folder cannot be written",
        "un fichier ou un dossier ne peut pas être écrit";
    IoNoInput = "IO-NO-INPUT", Error,
        "no input was read: nothing was checked",
        "aucune entrée n'a été lue : rien n'a été vérifié";

    // ---- Bindings: the C ABI and the PHP and Python packages (ffi/, bindings/) ----
    BindArgument = "BIND-ARGUMENT", Error,
        "an argument of a binding call is missing or invalid (NULL, not UTF-8, unknown language, not a date); nothing was done",
        "un argument d'un appel de la bibliothèque est absent ou invalide (NULL, pas de l'UTF-8, langue inconnue, pas une date) ; rien n'a été fait";
    BindInternal = "BIND-INTERNAL", Error,
        "internal error: the operation stopped unexpectedly (a bug of actes, please report it); nothing was returned",
        "erreur interne : l'opération s'est arrêtée de façon inattendue (un défaut d'actes, merci de le signaler) ; rien n'a été renvoyé";
}

/// The catalogue as a Markdown document (the content of `DIAGNOSTICS.md`).
#[must_use]
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostics catalogue\n\n\
         Every finding of the `actes` crate carries one of these stable codes, a severity, \
         a location and a message in English and French. The severity shown is the default; \
         `--strict` turns warnings into errors. This file is generated from \
         `src/diagnostic/catalogue.rs` (`UPDATE_DIAGNOSTICS=1 cargo test --test it diagnostics_catalogue`).\n",
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
