//! Message types `T-S` (SPEC §3.3, §3.4).

use std::fmt;

use super::support::{describe_char_at, string_conversions};
use crate::diagnostic::{Code, Diagnostic, Parsed};

const SEGMENT: &str = "message_code";

/// Who sends a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Direction {
    /// From the collectivité (through its TdT) to the ministry: `CL → MI`.
    ClToMi,
    /// From the ministry to the collectivité: `MI → CL`.
    MiToCl,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::ClToMi => "CL → MI",
            Direction::MiToCl => "MI → CL",
        })
    }
}

/// The transaction family a message belongs to (the `T` of `T-S`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Family {
    /// 1: transmission of an act.
    Transmission,
    /// 2: courrier simple.
    CourrierSimple,
    /// 3: demande de pièces complémentaires.
    PiecesComplementaires,
    /// 4: lettre d'observations.
    LettreObservations,
    /// 5: déféré au tribunal administratif.
    Defere,
    /// 6: annulation.
    Annulation,
    /// 7: classification.
    Classification,
}

/// One row of the message catalogue.
struct Row {
    transaction: u8,
    subtype: u8,
    root: &'static str,
    direction: Direction,
    meaning: &'static str,
    acknowledged_by: &'static [(u8, u8)],
}

const fn row(
    transaction: u8,
    subtype: u8,
    root: &'static str,
    direction: Direction,
    meaning: &'static str,
    acknowledged_by: &'static [(u8, u8)],
) -> Row {
    Row {
        transaction,
        subtype,
        root,
        direction,
        meaning,
        acknowledged_by,
    }
}

use Direction::{ClToMi, MiToCl};

/// SPEC §3.3, in code order.
const TABLE: [Row; 21] = [
    row(
        1,
        1,
        "Acte",
        ClToMi,
        "Transmission of an act",
        &[(1, 2), (1, 3)],
    ),
    row(
        1,
        2,
        "ARActe",
        MiToCl,
        "AR of the act; assigns the IDActe",
        &[],
    ),
    row(
        1,
        3,
        "AnomalieActe",
        MiToCl,
        "Act rejected (anomaly in the act)",
        &[],
    ),
    row(
        2,
        1,
        "CourrierSimple",
        MiToCl,
        "Simple letter from the prefecture",
        &[],
    ),
    row(
        2,
        2,
        "ReponseCourrierSimple",
        ClToMi,
        "Answer to a simple letter",
        &[],
    ),
    row(
        3,
        1,
        "DemandePieceComplementaire",
        MiToCl,
        "Request for additional documents",
        &[(3, 2)],
    ),
    row(
        3,
        2,
        "ARDemandePieceComplementaire",
        ClToMi,
        "AR of the request for additional documents",
        &[],
    ),
    row(
        3,
        3,
        "RefusPieceComplementaire",
        ClToMi,
        "Explicit refusal to send the additional documents",
        &[(3, 5)],
    ),
    row(
        3,
        4,
        "PieceComplementaire",
        ClToMi,
        "Sending of the additional documents",
        &[(3, 5)],
    ),
    row(
        3,
        5,
        "ARPieceComplementaire",
        MiToCl,
        "AR of 3-3 or 3-4",
        &[],
    ),
    row(
        4,
        1,
        "LettreObservations",
        MiToCl,
        "Letter of observations",
        &[(4, 2)],
    ),
    row(
        4,
        2,
        "ARLettreObservations",
        ClToMi,
        "AR of the letter of observations",
        &[],
    ),
    row(
        4,
        3,
        "RejetLettreObservations",
        ClToMi,
        "Explicit refusal to answer the letter of observations",
        &[(4, 5)],
    ),
    row(
        4,
        4,
        "ReponseLettreObservations",
        ClToMi,
        "Answer to the letter of observations",
        &[(4, 5)],
    ),
    row(
        4,
        5,
        "ARReponseRejetLettreObservations",
        MiToCl,
        "AR of 4-3 or 4-4",
        &[],
    ),
    row(
        5,
        1,
        "DefereTA",
        MiToCl,
        "Notice of referral to the tribunal administratif",
        &[],
    ),
    row(
        6,
        1,
        "Annulation",
        ClToMi,
        "Cancellation of an act's transmission",
        &[(6, 2)],
    ),
    row(6, 2, "ARAnnulation", MiToCl, "AR of the cancellation", &[]),
    row(
        7,
        1,
        "DemandeClassification",
        ClToMi,
        "Request for the classification",
        &[(7, 2), (7, 3)],
    ),
    row(
        7,
        2,
        "RetourClassification",
        MiToCl,
        "The full classification",
        &[],
    ),
    row(
        7,
        3,
        "ReponseClassificationSansChangement",
        MiToCl,
        "The classification in use is up to date",
        &[],
    ),
];

/// Transaction types 1 to 7 (S2LOW `ActesTransaction::$transactionTypes`).
const TRANSACTIONS: [&str; 7] = [
    "Transmission d'actes",
    "Courrier simple",
    "Demande de pièces complémentaires",
    "Lettre d'observation",
    "Déféré au Tribunal Administratif",
    "Annulation",
    "Demande de classification",
];

/// One of the ACTES message types, `1-1` … `7-3`.
///
/// SPEC §3.3 lists 21 of them (issue 2 says 22, a miscount: 3 + 2 + 5 + 5 +
/// 1 + 2 + 3 = 21). The three envelopes (`EnveloppeCLMISILL`,
/// `EnveloppeMISILLCL`, `AnomalieEnveloppe`) have no code.
///
/// Diagnostics (segment `message_code`): `ID-MESSAGE-CODE-SHAPE` (not
/// `digits-digits`, at the offending character), `ID-MESSAGE-CODE-UNKNOWN`
/// (well-formed but not a message type, offset 0).
///
/// ```
/// use actes::ids::{Direction, MessageCode};
/// let m: MessageCode = "1-2".parse().unwrap();
/// assert_eq!(m.root_element(), "ARActe");
/// assert_eq!(m.direction(), Direction::MiToCl);
/// assert_eq!(m.transaction_label(), "Transmission d'actes");
/// assert_eq!(MessageCode::from_root_element("RetourClassification").unwrap().to_string(), "7-2");
/// assert_eq!(MessageCode::ALL.len(), 21);
/// assert!("1-4".parse::<MessageCode>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageCode(u8);

impl MessageCode {
    /// Every message type, in code order.
    pub const ALL: [MessageCode; 21] = {
        let mut all = [MessageCode(0); 21];
        let mut i = 0;
        while i < 21 {
            all[i] = MessageCode(i as u8);
            i += 1;
        }
        all
    };

    fn row(self) -> &'static Row {
        match TABLE.get(usize::from(self.0)) {
            Some(r) => r,
            None => &TABLE[0],
        }
    }

    /// The message type `transaction-subtype`, if it exists.
    pub fn new(transaction: u8, subtype: u8) -> Option<MessageCode> {
        TABLE
            .iter()
            .position(|r| r.transaction == transaction && r.subtype == subtype)
            .and_then(|i| u8::try_from(i).ok())
            .map(MessageCode)
    }

    /// The message type whose root element has this local name
    /// (`"ARActe"` → `1-2`). Envelopes have no message code.
    pub fn from_root_element(local_name: &str) -> Option<MessageCode> {
        TABLE
            .iter()
            .position(|r| r.root == local_name)
            .and_then(|i| u8::try_from(i).ok())
            .map(MessageCode)
    }

    /// The root element of `transaction-subtype`, at compile time (the
    /// message table of `messages` is written with codes, and takes its
    /// root names from here); `""` when the type does not exist.
    pub(crate) const fn root_of(transaction: u8, subtype: u8) -> &'static str {
        let mut i = 0;
        while i < TABLE.len() {
            let row = &TABLE[i];
            if row.transaction == transaction && row.subtype == subtype {
                return row.root;
            }
            i += 1;
        }
        ""
    }

    /// The transaction type, 1 to 7.
    #[must_use]
    pub fn transaction(self) -> u8 {
        self.row().transaction
    }

    /// The sub-type within the transaction.
    #[must_use]
    pub fn subtype(self) -> u8 {
        self.row().subtype
    }

    /// The local name of the root element (`actes:` namespace).
    #[must_use]
    pub fn root_element(self) -> &'static str {
        self.row().root
    }

    /// Who sends it.
    #[must_use]
    pub fn direction(self) -> Direction {
        self.row().direction
    }

    /// What the message means, in English (SPEC §3.3).
    #[must_use]
    pub fn meaning(self) -> &'static str {
        self.row().meaning
    }

    /// The transaction family.
    ///
    /// ```
    /// use actes::ids::{Family, MessageCode};
    /// let m: MessageCode = "3-5".parse().unwrap();
    /// assert_eq!(m.family(), Family::PiecesComplementaires);
    /// ```
    #[must_use]
    pub fn family(self) -> Family {
        match self.transaction() {
            1 => Family::Transmission,
            2 => Family::CourrierSimple,
            3 => Family::PiecesComplementaires,
            4 => Family::LettreObservations,
            5 => Family::Defere,
            6 => Family::Annulation,
            _ => Family::Classification,
        }
    }

    /// The label of the transaction type, in French as S2LOW shows it.
    #[must_use]
    pub fn transaction_label(self) -> &'static str {
        TRANSACTIONS
            .get(usize::from(self.transaction().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    }

    /// The messages that acknowledge this one (empty when none exists).
    #[must_use]
    pub fn acknowledged_by(self) -> Vec<MessageCode> {
        self.row()
            .acknowledged_by
            .iter()
            .filter_map(|&(t, s)| MessageCode::new(t, s))
            .collect()
    }

    /// The lenient parse of `T-S`.
    #[must_use]
    pub fn parse_diagnostics(s: &str) -> Parsed<MessageCode> {
        let shape_error = |offset: usize, what: String| {
            Diagnostic::on_segment(
                Code::IdMessageCodeShape,
                SEGMENT,
                offset,
                format!("a message code has the form T-S (e.g. 1-2); found {what}"),
                format!("un code de message est de la forme T-S (par exemple 1-2) ; trouvé {what}"),
            )
        };
        // A number of the code, or the offset and description of the problem.
        let number = |part: &str, start: usize| -> Result<u8, (usize, String)> {
            if part.is_empty() {
                return Err((start, "an empty number".to_string()));
            }
            if let Some((i, _)) = part.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
                return Err((start + i, describe_char_at(part, i)));
            }
            Ok(part.parse::<u8>().unwrap_or(u8::MAX))
        };
        let result = match s.find('-') {
            None => Err(match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
                Some((i, _)) => shape_error(i, describe_char_at(s, i)),
                None => shape_error(s.len(), "no '-'".to_string()),
            }),
            Some(h) => {
                let t = number(s.get(..h).unwrap_or_default(), 0);
                let st = number(s.get(h + 1..).unwrap_or_default(), h + 1);
                match (t, st) {
                    (Ok(t), Ok(st)) => MessageCode::new(t, st).ok_or_else(|| {
                        Diagnostic::on_segment(
                            Code::IdMessageCodeUnknown,
                            SEGMENT,
                            0,
                            format!("{s} is not one of the 21 ACTES message types"),
                            format!("{s} n'est pas l'un des 21 types de message ACTES"),
                        )
                    }),
                    (Err((offset, what)), _) | (_, Err((offset, what))) => {
                        Err(shape_error(offset, what))
                    }
                }
            }
        };
        match result {
            Ok(m) => Parsed {
                value: Some(m),
                diagnostics: Vec::new(),
            },
            Err(d) => Parsed {
                value: None,
                diagnostics: vec![d],
            },
        }
    }
}

impl fmt::Display for MessageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.transaction(), self.subtype())
    }
}

impl fmt::Debug for MessageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageCode({self} {})", self.root_element())
    }
}

string_conversions!(MessageCode, "a message code such as 1-2");

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_offsets(s: &str) -> Vec<(&'static str, usize)> {
        MessageCode::parse_diagnostics(s)
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.offset.unwrap_or(usize::MAX)))
            .collect()
    }

    #[test]
    fn the_catalogue() {
        let codes: Vec<String> = MessageCode::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(
            codes,
            [
                "1-1", "1-2", "1-3", "2-1", "2-2", "3-1", "3-2", "3-3", "3-4", "3-5", "4-1", "4-2",
                "4-3", "4-4", "4-5", "5-1", "6-1", "6-2", "7-1", "7-2", "7-3"
            ]
        );
        for m in MessageCode::ALL {
            assert_eq!(m.to_string().parse::<MessageCode>().unwrap(), m);
            assert_eq!(MessageCode::from_root_element(m.root_element()), Some(m));
            assert_eq!(MessageCode::new(m.transaction(), m.subtype()), Some(m));
            assert!(!m.meaning().is_empty());
            assert!(!m.transaction_label().is_empty());
        }
        let cl: Vec<String> = MessageCode::ALL
            .iter()
            .filter(|m| m.direction() == Direction::ClToMi)
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            cl,
            ["1-1", "2-2", "3-2", "3-3", "3-4", "4-2", "4-3", "4-4", "6-1", "7-1"]
        );
    }

    #[test]
    fn details() {
        let m: MessageCode = "7-3".parse().unwrap();
        assert_eq!(m.root_element(), "ReponseClassificationSansChangement");
        assert_eq!(m.transaction_label(), "Demande de classification");
        let acte: MessageCode = "1-1".parse().unwrap();
        let acks: Vec<String> = acte
            .acknowledged_by()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(acks, ["1-2", "1-3"]);
        assert!("2-1"
            .parse::<MessageCode>()
            .unwrap()
            .acknowledged_by()
            .is_empty());
        assert_eq!(Direction::MiToCl.to_string(), "MI → CL");
        assert_eq!(MessageCode::from_root_element("EnveloppeCLMISILL"), None);
        assert_eq!(
            format!("{m:?}"),
            "MessageCode(7-3 ReponseClassificationSansChangement)"
        );
    }

    #[test]
    fn rejected() {
        assert_eq!(codes_offsets("1-4"), [("ID-MESSAGE-CODE-UNKNOWN", 0)]);
        assert_eq!(codes_offsets("8-1"), [("ID-MESSAGE-CODE-UNKNOWN", 0)]);
        assert_eq!(codes_offsets("999-999"), [("ID-MESSAGE-CODE-UNKNOWN", 0)]);
        assert_eq!(codes_offsets("12"), [("ID-MESSAGE-CODE-SHAPE", 2)]);
        assert_eq!(codes_offsets(""), [("ID-MESSAGE-CODE-SHAPE", 0)]);
        assert_eq!(codes_offsets("-2"), [("ID-MESSAGE-CODE-SHAPE", 0)]);
        assert_eq!(codes_offsets("1-"), [("ID-MESSAGE-CODE-SHAPE", 2)]);
        assert_eq!(codes_offsets("1-x"), [("ID-MESSAGE-CODE-SHAPE", 2)]);
        assert_eq!(codes_offsets("1_2"), [("ID-MESSAGE-CODE-SHAPE", 1)]);
        assert_eq!(codes_offsets("1-2-3"), [("ID-MESSAGE-CODE-SHAPE", 3)]);
    }
}
