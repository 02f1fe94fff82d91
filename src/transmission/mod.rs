//! Transmissions from the collectivité to the préfecture (CL → MI): the
//! model of what is sent, and its validation against the emission profile
//! (SPEC §2.2).
//!
//! A [`Transmission`] is one envelope: who sends ([`Collectivite`],
//! [`Transmetteur`]), when ([`Envoi`]) and what ([`Contenu`]): a [`NouvelActe`]
//! (1-1), a [`DemandeAnnulation`] (6-1), a [`ClassificationRequest`] (7-1) or a
//! [`Reponse`] to a letter of the préfecture (2-2, 3-2, 3-3, 3-4, 4-2, 4-3,
//! 4-4).
//!
//! [`Transmission::validate`] returns **every** finding at once, each with a
//! field path such as `acte/numero` or `acte/annexes[0]/typologie` (indices
//! count from 0, as in the JSON input). Building the archive
//! ([`crate::archive::build`]) runs the same validation first and refuses
//! when an error remains.
//!
//! The library never reads the clock: "today" is a field of
//! [`ValidationOptions`].
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use actes::transmission::{parse_json, ValidationOptions};
//!
//! let json = std::fs::read("fixtures/lens/input.json").unwrap();
//! let t = parse_json(&json, "fixtures/lens".as_ref()).value.expect("a valid description");
//! // The act was decided on 2022-12-14: it cannot be sent on 2022-12-01.
//! let today = chrono::NaiveDate::from_ymd_opt(2022, 12, 1).unwrap();
//! let findings = t.validate(&ValidationOptions::new(today));
//! assert_eq!(findings[0].code.as_str(), "ACTE-DATE-FUTURE");
//! assert_eq!(findings[0].location.path.as_deref(), Some("acte/date"));
//! # }
//! ```
//!
//! # Layout, and where a change goes
//!
//! * `model`: the model of what is sent. Its names are those of what the
//!   collectivité writes, distinct from the message models of
//!   [`crate::messages`] they become: a [`NouvelActe`] becomes a
//!   [`DonneesActe`](crate::messages::DonneesActe), a [`DemandeAnnulation`] a
//!   [`messages::Annulation`](crate::messages::Annulation), a [`Piece`] (a
//!   file with its typologie) a `FichierSigne` and an entry of the archive,
//!   a [`Contact`] the envelope's `Referent`.
//! * `input`: the JSON input ([`parse_json`]).
//! * `content`: document contents and their recognition
//!   ([`DocumentContent`], [`Probe`]).
//! * `plan`: the [`Plan`] of an archive (messages, names, documents), and
//!   the plan of a transmission.
//! * `rules`: **the emission rules**, run on a plan by
//!   [`Transmission::validate`], by the builder and by the archive checker.
//!   A new emission rule goes there, and only there.

mod content;
#[cfg(feature = "serde")]
mod input;
mod model;
mod plan;
mod rules;

pub(crate) use content::{pdf_tail_complete, PdfTailGuard, PdfTruncated};
pub use content::{DocumentContent, Probe, PROBE_LEN};
#[cfg(feature = "serde")]
pub use input::parse_json;
pub use model::{
    ClassificationRequest, Collectivite, Contact, Contenu, DemandeAnnulation, Envoi, NouvelActe,
    Piece, Reponse, ReponseType, Transmetteur, Transmission,
};
pub(crate) use plan::Draft;
pub use plan::{Item, MessageField, Plan, PlannedDocument, PlannedMessage, Probed, Sender};
pub use rules::{
    check_message, check_plan, check_total, ValidationOptions, DEFAULT_MAX_TOTAL_SIZE,
    MAX_OBJET_CHARS,
};
