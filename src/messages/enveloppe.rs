//! Envelopes (SPEC §5): `EnveloppeCLMISILL` (CL → MI), `EnveloppeMISILLCL`
//! (MI → CL) and `AnomalieEnveloppe` (MI → CL, the whole envelope refused).

use chrono::NaiveDate;

use crate::ids::Siren;
use crate::xml::Element;

use super::anomalie::{read_head, write_head, NatureAnomalie};
use super::common::{
    missing, read_formulaires, write_element, write_formulaires, Body, Email, FichierSigne, IdCl,
    Referent, ServiceEmetteur,
};
use super::field::Field;
use super::io::{child_path, Card, Reader, Writer};

/// `EnveloppeCLMISILL` (type `DonneesEnveloppeCLMISILL`): the envelope of
/// every CL → MI archive; also echoed in `AnomalieEnveloppe/EnveloppeRecue`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EnveloppeCLMISILL {
    /// `Emetteur/IDCL`: the collectivité.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub id_cl: IdCl,
    /// `Emetteur/Referent`.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub referent: Option<Referent>,
    /// `AdressesRetour/Email`: where the MI sends its answers (duplicates
    /// kept as read).
    pub adresses_retour: Vec<Field<Email>>,
    /// `FormulairesEnvoyes/Formulaire`: the message files of the archive.
    pub formulaires: Vec<FichierSigne>,
}

impl Body for EnveloppeCLMISILL {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[
                ("Emetteur", Card::One),
                ("AdressesRetour", Card::One),
                ("FormulairesEnvoyes", Card::One),
            ],
        );
        let mut env = EnveloppeCLMISILL::default();
        if let Some(em) = r.req_child(el, path, "Emetteur") {
            let p = child_path(path, "Emetteur");
            r.check_children(em, &p, &[("IDCL", Card::One), ("Referent", Card::One)]);
            if let Some(idcl) = r.req_child(em, &p, "IDCL") {
                env.id_cl = IdCl::read(idcl, r, &child_path(&p, "IDCL"));
            }
            env.referent = em
                .child("Referent")
                .map(|c| Referent::read(c, r, &child_path(&p, "Referent")));
        }
        if let Some(ar) = r.req_child(el, path, "AdressesRetour") {
            let p = child_path(path, "AdressesRetour");
            r.check_children(ar, &p, &[("Email", Card::Many)]);
            let ep = child_path(&p, "Email");
            env.adresses_retour = ar
                .children_named("Email")
                .map(|c| r.field(&c.text, &ep))
                .collect();
            if env.adresses_retour.is_empty() {
                r.push(missing(&ep));
            }
        }
        env.formulaires = read_formulaires(el, r, path);
        env
    }

    fn write(&self, w: &mut Writer, path: &str) {
        let p = child_path(path, "Emetteur");
        w.xml.start("actes:Emetteur");
        write_element(w, "actes:IDCL", &self.id_cl, &child_path(&p, "IDCL"));
        if let Some(r) = &self.referent {
            write_element(w, "actes:Referent", r, &child_path(&p, "Referent"));
        }
        w.xml.end();
        let p = child_path(path, "AdressesRetour");
        if self.adresses_retour.is_empty() {
            w.invalid(
                &p,
                "",
                "at least one return address is required",
                "au moins une adresse de retour est requise",
            );
        }
        w.xml.start("actes:AdressesRetour");
        let ep = child_path(&p, "Email");
        for e in &self.adresses_retour {
            w.text_field("actes:Email", e, &ep);
        }
        w.xml.end();
        write_formulaires(w, &self.formulaires, path);
    }
}

/// `EnveloppeMISILLCL`: the envelope of every MI → CL delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EnveloppeMISILLCL {
    /// `Emetteur/IDPref|IDSousPref|IDSGAR`; `None` when none was found (an
    /// error is reported; such an envelope cannot be written).
    pub emetteur: Option<ServiceEmetteur>,
    /// `Emetteur/Referent`.
    pub referent: Option<Referent>,
    /// `FormulairesEnvoyes/Formulaire`: the message files of the delivery.
    pub formulaires: Vec<FichierSigne>,
    /// `Destinataire/@insee:SIREN`: the collectivité.
    #[cfg_attr(feature = "serde", serde(rename = "destinataire_siren"))]
    pub destinataire: Field<Siren>,
}

impl Body for EnveloppeMISILLCL {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[
                ("Emetteur", Card::One),
                ("FormulairesEnvoyes", Card::One),
                ("Destinataire", Card::One),
            ],
        );
        let mut emetteur = None;
        let mut referent = None;
        if let Some(em) = r.req_child(el, path, "Emetteur") {
            let p = child_path(path, "Emetteur");
            r.check_children(
                em,
                &p,
                &[
                    ("IDSGAR", Card::One),
                    ("IDPref", Card::One),
                    ("IDSousPref", Card::One),
                    ("Referent", Card::One),
                ],
            );
            emetteur = ServiceEmetteur::read(em, r, &p);
            referent = em
                .child("Referent")
                .map(|c| Referent::read(c, r, &child_path(&p, "Referent")));
        }
        let formulaires = read_formulaires(el, r, path);
        let destinataire = match r.req_child(el, path, "Destinataire") {
            Some(d) => {
                let p = child_path(path, "Destinataire");
                r.check_children(d, &p, &[]);
                r.req_siren(d, &p)
            }
            None => Field::default(),
        };
        EnveloppeMISILLCL {
            emetteur,
            referent,
            formulaires,
            destinataire,
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        let p = child_path(path, "Emetteur");
        w.xml.start("actes:Emetteur");
        match &self.emetteur {
            Some(e) => e.write(w, &p),
            None => w.invalid(
                &p,
                "",
                "IDPref, IDSousPref or IDSGAR is required",
                "IDPref, IDSousPref ou IDSGAR est requis",
            ),
        }
        if let Some(r) = &self.referent {
            write_element(w, "actes:Referent", r, &child_path(&p, "Referent"));
        }
        w.xml.end();
        write_formulaires(w, &self.formulaires, path);
        let p = child_path(path, "Destinataire");
        w.xml.start("actes:Destinataire");
        w.attr(
            "insee:SIREN",
            &self.destinataire,
            &super::io::attr_path(&p, "SIREN"),
        );
        w.xml.end();
    }
}

/// `AnomalieEnveloppe` (MI → CL): a whole envelope was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnomalieEnveloppe {
    /// `Date`: date the anomaly was sent.
    pub date: Field<NaiveDate>,
    /// `Nature`: raw text plus number (`5`, `999` seen from the MI).
    pub nature: NatureAnomalie,
    /// `Detail`, verbatim.
    pub detail: Option<String>,
    /// `EnveloppeRecue`: the refused envelope, echoed.
    pub enveloppe_recue: EnveloppeCLMISILL,
}

impl AnomalieEnveloppe {
    /// The label of the nature (SPEC §9.4), if known.
    pub fn label(&self) -> Option<&'static str> {
        self.nature.enveloppe_label()
    }
}

impl Body for AnomalieEnveloppe {
    fn read(el: &Element, r: &mut Reader, path: &str) -> Self {
        r.check_children(
            el,
            path,
            &[
                ("Date", Card::One),
                ("Nature", Card::One),
                ("Detail", Card::One),
                ("EnveloppeRecue", Card::One),
            ],
        );
        let (date, nature, detail) = read_head(el, r, path, NatureAnomalie::read_enveloppe);
        let enveloppe_recue = match r.req_child(el, path, "EnveloppeRecue") {
            Some(c) => EnveloppeCLMISILL::read(c, r, &child_path(path, "EnveloppeRecue")),
            None => EnveloppeCLMISILL::default(),
        };
        AnomalieEnveloppe {
            date,
            nature,
            detail,
            enveloppe_recue,
        }
    }

    fn write(&self, w: &mut Writer, path: &str) {
        write_head(w, path, &self.date, &self.nature, self.detail.as_ref());
        write_element(
            w,
            "actes:EnveloppeRecue",
            &self.enveloppe_recue,
            &child_path(path, "EnveloppeRecue"),
        );
    }
}
