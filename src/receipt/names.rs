//! A received file's name against its content (issue 12). Reading is
//! lenient: each difference is a warning with its own code, never a
//! refusal.
//!
//! - `RCPT-NAME-CODE`: the message code of the name (`-1-2_`) is not the
//!   message's.
//! - `RCPT-NAME-ACT`: the `IDActe` parts of the name (département, SIREN,
//!   date, numéro, nature) differ from the message's `IDActe` — for a 1-3,
//!   from its echo (numéro, nature, decision date) and the recipient's
//!   SIREN. Empty segments (the ministry's `044-214400152----1-3_1.xml`)
//!   are not compared.
//! - `RCPT-NAME-ENVELOPE`: an MI envelope's name
//!   (`EACT--SPREF0441-SIREN-…`) disagrees with its content (recipient
//!   SIREN, département, arrondissement of the emitter); an
//!   `AnomalieEnveloppe`'s name (`ANO_` + the rejected envelope's) carries
//!   another SIREN than the rejected envelope's `IDCL`.
//! - The documents a 1-3 echoes are compared with its act
//!   (`RCPT-DOCUMENT-NAME`, as for the other messages).
//! - An MI envelope's arrondissement unknown for its département:
//!   `ID-ARRONDISSEMENT-UNKNOWN`.

use std::borrow::Cow;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::ids::{check_arrondissement, IdActeSegments, MessageCode};
use crate::messages::{Message, ServiceEmetteur};
use crate::naming::{AnomalyName, FileName, MiEnvelopeName};

use super::Context;

fn warn(code: Code, path: Option<String>, en: String, fr: String) -> Diagnostic {
    let location = match path {
        Some(p) => Location::path(p),
        None => Location::default(),
    };
    Diagnostic::new(code, location, en, fr)
}

/// The base name of a path as given.
fn base(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// The name checks of one received file (see the module documentation).
pub(super) fn check(file: &str, m: &Message, ctx: &Context) -> Vec<Diagnostic> {
    let name = base(file);
    let mut out = Vec::new();
    match m {
        Message::EnveloppeMISILLCL(env) => {
            let emitter = env.emetteur.as_ref();
            let (dep, arr) = match emitter {
                Some(ServiceEmetteur::SousPref {
                    departement,
                    arrondissement,
                }) => (departement.value, arrondissement.value),
                Some(
                    ServiceEmetteur::Pref { departement } | ServiceEmetteur::Sgar { departement },
                ) => (departement.value, None),
                None => (None, None),
            };
            if let (Some(d), Some(a)) = (dep, arr) {
                if let Some(mut w) = check_arrondissement(d.as_str(), a.number()) {
                    w.location = Location::path(format!(
                        "EnveloppeMISILLCL/Emetteur/{}/@Arrondissement",
                        emitter.map_or("IDSousPref", ServiceEmetteur::element_name)
                    ));
                    out.push(w);
                }
            }
            let Some(n) = MiEnvelopeName::parse_diagnostics(name).value else {
                return out;
            };
            let mut differs = Vec::new();
            if let Some(s) = env.destinataire.value.filter(|s| *s != n.siren()) {
                differs.push(format!("SIREN {} / {s}", n.siren()));
            }
            if let (Some(nd), Some(d)) = (n.emetteur().departement(), dep) {
                if nd != d {
                    differs.push(format!("département {nd} / {d}"));
                }
            }
            if let (Some(na), Some(a)) = (n.emetteur().arrondissement(), arr) {
                if na != a {
                    differs.push(format!("arrondissement {na} / {a}"));
                }
            }
            if !differs.is_empty() {
                let list = differs.join(", ");
                out.push(warn(
                    Code::RcptNameEnvelope,
                    None,
                    format!("the envelope's name disagrees with its content (name / content): {list}"),
                    format!("le nom de l'enveloppe ne concorde pas avec son contenu (nom / contenu) : {list}"),
                ));
            }
        }
        Message::AnomalieEnveloppe(a) => {
            let (Some(n), Some(s)) = (
                AnomalyName::parse_diagnostics(name).value,
                a.enveloppe_recue.id_cl.siren.value,
            ) else {
                return out;
            };
            let ns = n.rejected_envelope().siren();
            if ns != s {
                out.push(warn(
                    Code::RcptNameEnvelope,
                    None,
                    format!("the name names an envelope of SIREN {ns}, but the rejected envelope's IDCL is {s}"),
                    format!("le nom désigne une enveloppe du SIREN {ns}, mais l'IDCL de l'enveloppe rejetée est {s}"),
                ));
            }
        }
        _ => message_name(name, m, ctx, &mut out),
    }
    out
}

/// A message's name: its code and its `IDActe` parts.
fn message_name(name: &str, m: &Message, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(f) = FileName::parts(name) else {
        return;
    };
    let name_code = MessageCode::parse_diagnostics(f.message_code).value;
    if let (Some(nc), Some(c)) = (name_code, m.code()) {
        if nc != c {
            out.push(warn(
                Code::RcptNameCode,
                None,
                format!(
                    "the name says {nc}, but the message is a {c} ({})",
                    m.root_name()
                ),
                format!(
                    "le nom indique {nc}, mais le message est un {c} ({})",
                    m.root_name()
                ),
            ));
        }
    }
    // What the content says: (département, SIREN, date, numéro, nature).
    let content: [Option<Cow<'_, str>>; 5] = if let Message::AnomalieActe(a) = m {
        [
            None,
            ctx.recipient.map(|s| Cow::Owned(s.to_string())),
            a.acte_recu
                .date
                .value
                .map(|d| Cow::Owned(d.format("%Y%m%d").to_string())),
            Some(Cow::Borrowed(a.acte_recu.numero_interne.raw.trim())),
            a.acte_recu
                .code_nature
                .value
                .map(|n| Cow::Borrowed(n.abbr())),
        ]
    } else {
        let Some(field) = m.id_acte_field() else {
            return;
        };
        let Some(s) = IdActeSegments::split(field.raw.trim()).well_shaped() else {
            return;
        };
        [
            s.departement().map(Cow::Borrowed),
            s.siren().map(Cow::Borrowed),
            s.date().map(Cow::Borrowed),
            s.numero().map(Cow::Borrowed),
            s.nature().map(Cow::Borrowed),
        ]
    };
    let in_name = [f.departement, f.siren, f.date, f.numero, f.nature];
    let labels = ["département", "SIREN", "date", "numéro", "nature"];
    let differs: Vec<String> = labels
        .iter()
        .zip(in_name)
        .zip(&content)
        .filter_map(|((label, n), c)| {
            let c = c.as_deref()?;
            (!n.is_empty() && n != c).then(|| format!("{label} {n} / {c}"))
        })
        .collect();
    if !differs.is_empty() {
        let list = differs.join(", ");
        out.push(warn(
            Code::RcptNameAct,
            None,
            format!("the name designates another act than the message (name / content): {list}"),
            format!("le nom désigne un autre acte que le message (nom / contenu) : {list}"),
        ));
    }
}
