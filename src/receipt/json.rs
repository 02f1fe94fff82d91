//! JSON summaries of received files (feature `serde`), as printed by
//! `actes receipt read --json` and `actes delivery read --json`.

use serde_json::{json, Map, Value};

use super::Receipt;
use crate::messages::{
    AnomalieEnveloppe, DonneesActe, DonneesCourrierPref, EnveloppeCLMISILL, FichierSigne, Field,
    Message, NatureAnomalie, Referent, ServiceEmetteur,
};

fn raw<T>(f: &Field<T>) -> Value {
    if f.raw.is_empty() {
        Value::Null
    } else {
        Value::String(f.raw.clone())
    }
}

fn name(f: &FichierSigne) -> Value {
    Value::String(f.nom_fichier.clone())
}

fn names<'a>(files: impl IntoIterator<Item = &'a FichierSigne>) -> Value {
    Value::Array(files.into_iter().map(name).collect())
}

/// The act's metadata (1-1, or the `ActeRecu` echo of 1-2 and 1-3).
pub fn acte_json(a: &DonneesActe) -> Value {
    let matieres: Vec<Value> = a
        .matieres
        .iter()
        .map(|n| json!({"level": n.level, "code": n.code.value}))
        .collect();
    let classification = a.matiere().map(|c| c.to_string());
    json!({
        "date": raw(&a.date),
        "numero_interne": raw(&a.numero_interne),
        "code_nature": a.code_nature.value.map(|n| n.code()),
        "nature": a.code_nature.value.map(|n| n.abbr()),
        "matieres": matieres,
        "classification": classification,
        "objet": a.objet,
        "precedent_identifiant_acte": a.precedent_identifiant_acte.as_ref().map(raw),
        "classification_date_version": raw(&a.classification_date_version),
        "document": name(&a.document),
        "annexes_nombre": a.annexes.nombre.value,
        "annexes": names(&a.annexes.fichiers),
        "document_papier": a.document_papier.announced(),
    })
}

fn anomalie_json(nature: &NatureAnomalie, detail: &Option<String>, label: Option<&str>) -> Value {
    json!({
        "nature": nature.raw,
        "number": nature.number,
        "label": label,
        "detail": detail,
    })
}

fn courrier(m: &mut Map<String, Value>, c: &DonneesCourrierPref) {
    m.insert("id_acte".into(), raw(&c.id_acte));
    m.insert("date_courrier_pref".into(), raw(&c.date_courrier_pref));
}

fn enveloppe_cl(e: &EnveloppeCLMISILL) -> Value {
    json!({
        "siren": raw(&e.id_cl.siren),
        "departement": raw(&e.id_cl.departement),
        "arrondissement": raw(&e.id_cl.arrondissement),
        "nature": raw(&e.id_cl.nature),
        "adresses_retour": e.adresses_retour.iter().map(raw).collect::<Vec<_>>(),
        "formulaires": names(&e.formulaires),
    })
}

/// `Referent`: name, telephone and e-mail, as read.
fn referent_json(r: &Referent) -> Value {
    json!({
        "nom": r.nom,
        "telephone": r.telephone,
        "email": r.email.as_ref().map(raw),
    })
}

fn anomalie_enveloppe(m: &mut Map<String, Value>, a: &AnomalieEnveloppe) {
    m.insert("date".into(), raw(&a.date));
    m.insert(
        "anomalie".into(),
        anomalie_json(&a.nature, &a.detail, a.label()),
    );
    m.insert("enveloppe_recue".into(), enveloppe_cl(&a.enveloppe_recue));
}

/// The fields of one message, without the common keys.
pub fn message_fields(msg: &Message) -> Map<String, Value> {
    let mut m = Map::new();
    match msg {
        Message::Acte(a) => {
            m.insert("acte".into(), acte_json(a));
        }
        Message::ARActe(a) => {
            m.insert("id_acte".into(), raw(&a.id_acte));
            m.insert("date_reception".into(), raw(&a.date_reception));
            m.insert("acte".into(), acte_json(&a.acte_recu));
            m.insert(
                "classification_date_version_en_cours".into(),
                raw(&a.classification_date_version_en_cours),
            );
        }
        Message::AnomalieActe(a) => {
            m.insert("date".into(), raw(&a.date));
            m.insert(
                "anomalie".into(),
                anomalie_json(&a.nature, &a.detail, a.label()),
            );
            m.insert("acte".into(), acte_json(&a.acte_recu));
            m.insert(
                "classification_date_version_en_cours".into(),
                raw(&a.classification_date_version_en_cours),
            );
        }
        Message::CourrierSimple(c)
        | Message::ReponseCourrierSimple(c)
        | Message::RefusPieceComplementaire(c)
        | Message::RejetLettreObservations(c)
        | Message::ReponseLettreObservations(c) => {
            courrier(&mut m, &c.courrier);
            m.insert("document".into(), name(&c.document));
        }
        Message::DemandePieceComplementaire(c) => {
            courrier(&mut m, &c.courrier);
            m.insert(
                "description_pieces".into(),
                c.description_pieces.clone().into(),
            );
            m.insert("document".into(), name(&c.document));
        }
        Message::LettreObservations(c) => {
            courrier(&mut m, &c.courrier);
            m.insert("motif".into(), c.motif.clone().into());
            m.insert("document".into(), name(&c.document));
        }
        Message::PieceComplementaire(c) => {
            courrier(&mut m, &c.courrier);
            m.insert("documents".into(), names(&c.documents));
        }
        Message::ARDemandePieceComplementaire(c) | Message::ARLettreObservations(c) => {
            courrier(&mut m, c);
        }
        Message::ARPieceComplementaire(a) | Message::ARReponseRejetLettreObservations(a) => {
            m.insert("id_acte".into(), raw(&a.infos_courrier_pref.id_acte));
            m.insert("date_reception".into(), raw(&a.date_reception));
            m.insert(
                "date_courrier_pref".into(),
                raw(&a.infos_courrier_pref.date_courrier_pref),
            );
        }
        Message::DefereTA(d) => {
            m.insert("id_acte".into(), raw(&d.id_acte));
            m.insert("date_depot".into(), raw(&d.date_depot));
            m.insert(
                "nature_illegalite".into(),
                d.nature_illegalite.clone().into(),
            );
            m.insert("pieces_jointes".into(), names(&d.pieces_jointes));
        }
        Message::Annulation(a) => {
            m.insert("id_acte".into(), raw(&a.id_acte));
        }
        Message::ARAnnulation(a) => {
            m.insert("id_acte".into(), raw(&a.id_acte));
            m.insert("date_reception".into(), raw(&a.date_reception));
        }
        Message::DemandeClassification(d) => {
            m.insert(
                "date_classification".into(),
                d.date_classification
                    .as_ref()
                    .map(raw)
                    .unwrap_or(Value::Null),
            );
        }
        Message::ReponseClassificationSansChangement(r) => {
            m.insert("date_classification".into(), raw(&r.date_classification));
        }
        Message::RetourClassification(r) => {
            m.insert("date_classification".into(), raw(&r.date_classification));
            if let Some(c) = &r.classification {
                m.insert(
                    "natures".into(),
                    c.natures()
                        .iter()
                        .map(|n| Value::from(n.abbr()))
                        .collect::<Vec<_>>()
                        .into(),
                );
                m.insert("matieres_niveau1".into(), c.matieres().len().into());
            }
        }
        Message::EnveloppeCLMISILL(e) => {
            m.insert("enveloppe".into(), enveloppe_cl(e));
        }
        Message::EnveloppeMISILLCL(e) => {
            let emetteur = e.emetteur.as_ref().map(|s| {
                let arrondissement = match s {
                    ServiceEmetteur::SousPref { arrondissement, .. } => raw(arrondissement),
                    _ => Value::Null,
                };
                let arrondissement_nom = match s {
                    ServiceEmetteur::SousPref {
                        departement,
                        arrondissement,
                    } => departement
                        .value
                        .zip(arrondissement.value)
                        .and_then(|(d, a)| crate::ids::arrondissement_name(d.as_str(), a.number())),
                    _ => None,
                };
                json!({
                    "service": s.element_name(),
                    "departement": raw(s.departement()),
                    "arrondissement": arrondissement,
                    "arrondissement_nom": arrondissement_nom,
                })
            });
            m.insert(
                "enveloppe".into(),
                json!({
                    "emetteur": emetteur,
                    "referent": e.referent.as_ref().map(referent_json),
                    "destinataire_siren": raw(&e.destinataire),
                    "formulaires": names(&e.formulaires),
                }),
            );
        }
        Message::AnomalieEnveloppe(a) => anomalie_enveloppe(&mut m, a),
    }
    m
}

impl Receipt {
    /// The JSON summary of this file: `file`, `code`, `root`, `id_acte`,
    /// `date_reception`, `acte`, `anomalie` (each `null` when the message
    /// has none), the fields of the message type, and `diagnostics`.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("file".into(), self.file.clone().into());
        m.insert("code".into(), self.code().map(|c| c.to_string()).into());
        m.insert("root".into(), self.root().into());
        for key in ["id_acte", "date_reception", "acte", "anomalie"] {
            m.insert(key.into(), Value::Null);
        }
        if let Some(msg) = &self.message {
            m.extend(message_fields(msg));
        }
        m.insert(
            "diagnostics".into(),
            serde_json::to_value(&self.diagnostics).unwrap_or(Value::Null),
        );
        Value::Object(m)
    }
}

/// The JSON summary of [`Receipt::to_json`]: `actes receipt read --json`
/// with `message` in English (see `actes::report::receipt_read` for the
/// other language).
impl serde::Serialize for Receipt {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// A message as JSON: `code` (`null` for an envelope), `root`, and the
/// fields of its type, as in `actes receipt read --json`.
impl serde::Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = Map::new();
        m.insert("code".into(), self.code().map(|c| c.to_string()).into());
        m.insert("root".into(), self.root_name().into());
        m.extend(message_fields(self));
        m.serialize(s)
    }
}
