//! What each message type says, asked once: the documents it names, the
//! date it carries, the letter it refers to, the act it is about. Every
//! module that needs such a fact (delivery, receipt, transaction) asks here
//! instead of matching every root; a new message type or field is added
//! here and in the message table only.

use chrono::NaiveDate;

use super::{DonneesActe, FichierSigne, Field, Message};

/// A document a message names, with the path of its `NomFichier`
/// (`PieceComplementaire/Documents/Document[2]/NomFichier`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedDocument<'a> {
    /// The document.
    pub file: &'a FichierSigne,
    /// The path of its `NomFichier`, from the root element.
    pub path: String,
}

/// A date field of a message and its path below the root element
/// (`@DateReception`, `DateDepot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedField<'a> {
    /// The field, raw and typed.
    pub field: &'a Field<NaiveDate>,
    /// Its path below the root element.
    pub path: &'static str,
}

fn dated<'a>(field: &'a Field<NaiveDate>, path: &'static str) -> Option<DatedField<'a>> {
    Some(DatedField { field, path })
}

fn listed<'a>(
    root: &str,
    list: &'static str,
    item: &'static str,
    files: &'a [FichierSigne],
) -> impl Iterator<Item = NamedDocument<'a>> + 'a {
    let root = root.to_string();
    files
        .iter()
        .enumerate()
        .map(move |(i, file)| NamedDocument {
            file,
            path: format!("{root}/{list}/{item}[{}]/NomFichier", i + 1),
        })
}

impl Message {
    /// The documents the message carries or announces, with the path of
    /// each `NomFichier`: the act and its annexes (1-1), the letter (2-x,
    /// 3-1, 3-3, 4-1, 4-3, 4-4), the documents sent (3-4), the pieces of a
    /// déféré (5-1). Documents echoed by an `ARActe` or `AnomalieActe` are
    /// not carried by them and are not listed.
    ///
    /// ```
    /// use actes::messages::Message;
    /// let xml = br#"<actes:DefereTA xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
    ///   actes:IDActe="044-214400152-20181106-TEST_DGCL_4-DE">
    ///   <actes:DateDepot>2018-12-01</actes:DateDepot><actes:NatureIllegalite>x</actes:NatureIllegalite>
    ///   <actes:PiecesJointes><actes:PieceJointe><actes:NomFichier>a.pdf</actes:NomFichier></actes:PieceJointe></actes:PiecesJointes>
    /// </actes:DefereTA>"#;
    /// let m = Message::parse(xml).value.unwrap();
    /// let docs = m.documents();
    /// assert_eq!(docs[0].file.nom_fichier, "a.pdf");
    /// assert_eq!(docs[0].path, "DefereTA/PiecesJointes/PieceJointe[1]/NomFichier");
    /// assert_eq!(m.main_date().unwrap().path, "DateDepot");
    /// ```
    #[must_use]
    pub fn documents(&self) -> Vec<NamedDocument<'_>> {
        let root = self.root_name();
        fn one<'a>(root: &str, file: &'a FichierSigne) -> Vec<NamedDocument<'a>> {
            vec![NamedDocument {
                file,
                path: format!("{root}/Document/NomFichier"),
            }]
        }
        match self {
            Message::Acte(a) => {
                let mut v = one(root, &a.document);
                v.extend(listed(root, "Annexes", "Annexe", &a.annexes.fichiers));
                v
            }
            Message::CourrierSimple(c)
            | Message::ReponseCourrierSimple(c)
            | Message::RefusPieceComplementaire(c)
            | Message::RejetLettreObservations(c)
            | Message::ReponseLettreObservations(c) => one(root, &c.document),
            Message::DemandePieceComplementaire(c) => one(root, &c.document),
            Message::LettreObservations(c) => one(root, &c.document),
            Message::PieceComplementaire(c) => {
                listed(root, "Documents", "Document", &c.documents).collect()
            }
            Message::DefereTA(d) => {
                listed(root, "PiecesJointes", "PieceJointe", &d.pieces_jointes).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The date the message carries, which places it in an act's history:
    /// `@Date` (the decision date of a 1-1), `@DateReception` (1-2, 3-5,
    /// 4-5, 6-2), `Date` (1-3, `AnomalieEnveloppe`), `@DateCourrierPref`
    /// (the letters 2-1, 3-1, 4-1 and the answers and acknowledgements
    /// that refer to them), `DateDepot` (5-1). `None` for 6-1, the
    /// classification messages and the other envelopes.
    #[must_use]
    pub fn main_date(&self) -> Option<DatedField<'_>> {
        match self {
            Message::Acte(a) => dated(&a.date, "@Date"),
            Message::ARActe(a) => dated(&a.date_reception, "@DateReception"),
            Message::AnomalieActe(a) => dated(&a.date, "Date"),
            Message::AnomalieEnveloppe(a) => dated(&a.date, "Date"),
            Message::ARPieceComplementaire(a) | Message::ARReponseRejetLettreObservations(a) => {
                dated(&a.date_reception, "@DateReception")
            }
            Message::DefereTA(d) => dated(&d.date_depot, "DateDepot"),
            Message::ARAnnulation(a) => dated(&a.date_reception, "@DateReception"),
            _ => self
                .letter_date()
                .and_then(|field| dated(field, "@DateCourrierPref")),
        }
    }

    /// The `DateCourrierPref` of the prefecture letter the message is, or
    /// answers, or acknowledges (2-x, 3-x, 4-x; for 3-5 and 4-5 the one in
    /// `InfosCourrierPref`).
    #[must_use]
    pub fn letter_date(&self) -> Option<&Field<NaiveDate>> {
        match self {
            Message::CourrierSimple(c)
            | Message::ReponseCourrierSimple(c)
            | Message::RefusPieceComplementaire(c)
            | Message::RejetLettreObservations(c)
            | Message::ReponseLettreObservations(c) => Some(&c.courrier.date_courrier_pref),
            Message::DemandePieceComplementaire(c) => Some(&c.courrier.date_courrier_pref),
            Message::LettreObservations(c) => Some(&c.courrier.date_courrier_pref),
            Message::PieceComplementaire(c) => Some(&c.courrier.date_courrier_pref),
            Message::ARDemandePieceComplementaire(c) | Message::ARLettreObservations(c) => {
                Some(&c.date_courrier_pref)
            }
            Message::ARPieceComplementaire(a) | Message::ARReponseRejetLettreObservations(a) => {
                Some(&a.infos_courrier_pref.date_courrier_pref)
            }
            _ => None,
        }
    }

    /// The free text that says why: the anomaly's nature and detail (1-3,
    /// `AnomalieEnveloppe`), the documents requested (3-1), the motif of
    /// the observations (4-1), the illegality referred (5-1).
    #[must_use]
    pub fn reason(&self) -> Option<String> {
        let anomaly = |nature: &str, detail: &Option<String>| match detail {
            Some(d) => format!("{nature} : {d}"),
            None => nature.to_string(),
        };
        match self {
            Message::AnomalieActe(a) => Some(anomaly(&a.nature.raw, &a.detail)),
            Message::AnomalieEnveloppe(a) => Some(anomaly(&a.nature.raw, &a.detail)),
            Message::DemandePieceComplementaire(c) => Some(c.description_pieces.clone()),
            Message::LettreObservations(c) => Some(c.motif.clone()),
            Message::DefereTA(d) => Some(d.nature_illegalite.clone()),
            _ => None,
        }
    }

    /// The act echoed or sent, for the messages that name the act by its
    /// metadata rather than by an `IDActe` (1-1, 1-3).
    #[must_use]
    pub fn act_without_id(&self) -> Option<&DonneesActe> {
        match self {
            Message::Acte(a) => Some(a),
            Message::AnomalieActe(a) => Some(&a.acte_recu),
            _ => None,
        }
    }
}
