//! Archive, envelope and anomaly names (SPEC §10.1, §10.4, §5.3).

use std::fmt;

use chrono::NaiveDate;

use super::{
    absorb, check_emission_date, emitted, format_date, parse_date, parse_number,
    string_conversions, strip_extension, Application, NumberCodes, Trigramme,
};
use crate::diagnostic::{Code, Diagnostic, Invalid, Parsed};
use crate::ids::{Arrondissement, Departement, Siren};

const SEQUENCE: NumberCodes = NumberCodes {
    segment: "sequence",
    shape: Code::NameSequenceShape,
    padded: Code::NameSequencePadded,
    overflow: Code::NameSequenceShape,
};

/// The largest sequence number emitted (S2LOW refuses 10000 and above).
pub const MAX_EMITTED_SEQUENCE: u64 = 9999;

fn structure(offset: usize, en: &str, fr: &str) -> Diagnostic {
    Diagnostic::on_segment(Code::NameStructure, "name", offset, en, fr)
}

/// The segment of `s` before `sep`, and the offset right after `sep`.
fn split_at_sep<'a>(s: &'a str, sep: &str) -> Option<(&'a str, usize)> {
    s.find(sep)
        .map(|i| (s.get(..i).unwrap_or_default(), i + sep.len()))
}

/// The emission checks of the sequence number, located at `offset`.
fn check_emission_sequence(sequence: u64, offset: usize, out: &mut Vec<Diagnostic>) {
    if !(1..=MAX_EMITTED_SEQUENCE).contains(&sequence) {
        out.push(Diagnostic::on_segment(
            Code::NameSequenceRange,
            "sequence",
            offset,
            format!("the sequence number {sequence} is outside 1..=9999 (S2LOW refuses 10000 and above)"),
            format!("le numéro de séquence {sequence} est hors de 1 à 9999 (S2LOW refuse 10000 et plus)"),
        ));
    }
}

// ---------------------------------------------------------------------------

/// The name of the envelope of a CL → MI archive,
/// `{APP}--{SIREN}--{YYYYMMDD}-{N}.xml` (SPEC §10.1): the archive's name
/// without the `{TRI}-` prefix, with `.xml` in place of `.tar.gz`.
///
/// Reading accepts any application code of 4 upper-case letters, any
/// sequence number (S2LOW's 9999 cap is for emission), and an upper-case
/// `.XML` (warning). [`EnvelopeName::new`] applies the emission profile.
///
/// ```
/// use actes::naming::{Application, EnvelopeName, Trigramme};
/// let e: EnvelopeName = "EACT--214502494--20170717-6.xml".parse().unwrap();
/// assert_eq!(e.siren().as_str(), "214502494");
/// assert_eq!(e.sequence(), 6);
/// let tri: Trigramme = "SLO".parse().unwrap();
/// assert_eq!(e.archive_name(tri).to_string(), "SLO-EACT--214502494--20170717-6.tar.gz");
/// assert_eq!(e.anomaly_name().to_string(), "ANO_EACT--214502494--20170717-6.xml");
///
/// let bad = EnvelopeName::parse_diagnostics("EACT--214502495--20170732-6.xml");
/// let codes: Vec<_> = bad.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert_eq!(codes, ["ID-SIREN-CHECKSUM", "NAME-DATE-INVALID"]);
/// assert_eq!(bad.diagnostics[1].location.offset, Some(17));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnvelopeName {
    application: Application,
    siren: Siren,
    date: NaiveDate,
    sequence: u64,
}

impl EnvelopeName {
    /// An envelope name for emission: `application` must be `EACT` or
    /// `TACT`, `sequence` within 1..=9999 and the date's year 4 digits.
    pub fn new(
        application: Application,
        siren: Siren,
        date: NaiveDate,
        sequence: u64,
    ) -> Result<EnvelopeName, Invalid> {
        let name = EnvelopeName {
            application,
            siren,
            date,
            sequence,
        };
        let diagnostics = name.emission_diagnostics(0);
        if diagnostics.is_empty() {
            Ok(name)
        } else {
            Err(Invalid { diagnostics })
        }
    }

    /// The emission-profile findings, with offsets into the name shifted by
    /// `base`.
    fn emission_diagnostics(&self, base: usize) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        out.extend(self.application.emission_diagnostic(base));
        let _ = check_emission_date(self.date, base + 17, &mut out);
        check_emission_sequence(self.sequence, base + 26, &mut out);
        out
    }

    /// The lenient parse.
    #[must_use]
    pub fn parse_diagnostics(name: &str) -> Parsed<EnvelopeName> {
        let mut diagnostics = Vec::new();
        let stem = strip_extension(name, ".xml", &mut diagnostics);
        let value = parse_cl_stem(stem, 0, &mut diagnostics);
        Parsed { value, diagnostics }
    }

    /// The application code.
    #[must_use]
    pub fn application(&self) -> Application {
        self.application
    }

    /// The collectivité's SIREN.
    #[must_use]
    pub fn siren(&self) -> Siren {
        self.siren
    }

    /// The date the envelope was generated.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The sequence number of the day.
    #[must_use]
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// The name without `.xml` (`EACT--214502494--20170717-6`).
    #[must_use]
    pub fn stem(&self) -> String {
        format!(
            "{}--{}--{}-{}",
            self.application,
            self.siren,
            format_date(self.date),
            self.sequence
        )
    }

    /// The archive holding this envelope, sent by the TdT `trigramme`.
    #[must_use]
    pub fn archive_name(&self, trigramme: Trigramme) -> ArchiveName {
        ArchiveName {
            trigramme,
            envelope: *self,
        }
    }

    /// The name of the `AnomalieEnveloppe` the MI returns when it rejects
    /// this envelope.
    #[must_use]
    pub fn anomaly_name(&self) -> AnomalyName {
        AnomalyName { envelope: *self }
    }
}

/// Parses `APP--SIREN--DATE-N` (no extension) found at byte `base` of the
/// whole name.
fn parse_cl_stem(stem: &str, base: usize, out: &mut Vec<Diagnostic>) -> Option<EnvelopeName> {
    let Some((app, after_app)) = split_at_sep(stem, "--") else {
        out.push(structure(
            base + stem.len(),
            "an envelope name is APP--SIREN--YYYYMMDD-N: no '--' after the application code",
            "un nom d'enveloppe est APP--SIREN--AAAAMMJJ-N : pas de « -- » après le code application",
        ));
        return None;
    };
    let application = absorb(Application::parse_diagnostics(app), base, out);
    let rest = stem.get(after_app..).unwrap_or_default();
    let Some((siren, after_siren)) = split_at_sep(rest, "--") else {
        out.push(structure(
            base + stem.len(),
            "an envelope name is APP--SIREN--YYYYMMDD-N: no '--' after the SIREN",
            "un nom d'enveloppe est APP--SIREN--AAAAMMJJ-N : pas de « -- » après le SIREN",
        ));
        return None;
    };
    let siren = absorb(Siren::parse_diagnostics(siren), base + after_app, out);
    let tail_at = after_app + after_siren;
    let tail = stem.get(tail_at..).unwrap_or_default();
    let Some(h) = tail.rfind('-') else {
        out.push(structure(
            base + stem.len(),
            "an envelope name is APP--SIREN--YYYYMMDD-N: no '-' before the sequence number",
            "un nom d'enveloppe est APP--SIREN--AAAAMMJJ-N : pas de « - » avant le numéro de séquence",
        ));
        return None;
    };
    let date = parse_date(tail.get(..h).unwrap_or_default(), base + tail_at, out);
    let sequence = parse_number(
        tail.get(h + 1..).unwrap_or_default(),
        base + tail_at + h + 1,
        &SEQUENCE,
        out,
    );
    Some(EnvelopeName {
        application: application?,
        siren: siren?,
        date: date?,
        sequence: sequence?,
    })
}

impl fmt::Display for EnvelopeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.xml", self.stem())
    }
}

string_conversions!(EnvelopeName, "an ACTES name");

/// The name of a CL → MI envelope, for emission.
///
/// ```
/// use actes::naming::{envelope_name, Application};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 7, 17).unwrap();
/// let siren = "214502494".parse().unwrap();
/// assert_eq!(envelope_name(Application::EACT, siren, d, 6).unwrap(), "EACT--214502494--20170717-6.xml");
/// assert_eq!(envelope_name(Application::EACT, siren, d, 10000).unwrap_err().codes(), ["NAME-SEQUENCE-RANGE"]);
/// ```
pub fn envelope_name(
    application: Application,
    siren: Siren,
    date: NaiveDate,
    sequence: u64,
) -> Result<String, Invalid> {
    let name = EnvelopeName::new(application, siren, date, sequence)?;
    emitted(name.to_string(), Vec::new())
}

// ---------------------------------------------------------------------------

/// The name of a CL → MI archive,
/// `{TRI}-{APP}--{SIREN}--{YYYYMMDD}-{N}.tar.gz` (SPEC §10.1).
///
/// ```
/// use actes::naming::ArchiveName;
/// let a: ArchiveName = "abc-TACT--000000000--20181024-4.tar.gz".parse().unwrap();
/// assert_eq!(a.trigramme().as_str(), "abc");
/// assert_eq!(a.envelope_name().to_string(), "TACT--000000000--20181024-4.xml");
///
/// let bad = ArchiveName::parse_diagnostics("SLO-EACT--214502494--20170717-6.zip");
/// assert_eq!(bad.diagnostics[0].code.as_str(), "NAME-EXTENSION");
/// assert_eq!(bad.diagnostics[0].location.offset, Some(31));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArchiveName {
    trigramme: Trigramme,
    envelope: EnvelopeName,
}

impl ArchiveName {
    /// An archive name for emission (the envelope's emission rules apply).
    pub fn new(
        trigramme: Trigramme,
        application: Application,
        siren: Siren,
        date: NaiveDate,
        sequence: u64,
    ) -> Result<ArchiveName, Invalid> {
        EnvelopeName::new(application, siren, date, sequence)
            .map_err(|e| Invalid {
                diagnostics: e.diagnostics.into_iter().map(|d| d.shifted(4)).collect(),
            })
            .map(|envelope| ArchiveName {
                trigramme,
                envelope,
            })
    }

    /// The lenient parse.
    #[must_use]
    pub fn parse_diagnostics(name: &str) -> Parsed<ArchiveName> {
        let mut diagnostics = Vec::new();
        let stem = strip_extension(name, ".tar.gz", &mut diagnostics);
        let Some((tri, after)) = split_at_sep(stem, "-") else {
            diagnostics.push(structure(
                stem.len(),
                "an archive name is TRI-APP--SIREN--YYYYMMDD-N.tar.gz: no '-' after the trigramme",
                "un nom d'archive est TRI-APP--SIREN--AAAAMMJJ-N.tar.gz : pas de « - » après le trigramme",
            ));
            return Parsed {
                value: None,
                diagnostics,
            };
        };
        let trigramme = absorb(Trigramme::parse_diagnostics(tri), 0, &mut diagnostics);
        let envelope = parse_cl_stem(
            stem.get(after..).unwrap_or_default(),
            after,
            &mut diagnostics,
        );
        let value = match (trigramme, envelope) {
            (Some(trigramme), Some(envelope)) => Some(ArchiveName {
                trigramme,
                envelope,
            }),
            _ => None,
        };
        Parsed { value, diagnostics }
    }

    /// The TdT's trigramme.
    #[must_use]
    pub fn trigramme(&self) -> Trigramme {
        self.trigramme
    }

    /// The name of the envelope inside the archive (S2LOW: "le nom de
    /// l'archive moins le préfixe", `.xml` for `.tar.gz`).
    #[must_use]
    pub fn envelope_name(&self) -> EnvelopeName {
        self.envelope
    }

    /// The name of the `AnomalieEnveloppe` the MI returns when it rejects
    /// this archive's envelope.
    #[must_use]
    pub fn anomaly_name(&self) -> AnomalyName {
        self.envelope.anomaly_name()
    }
}

impl fmt::Display for ArchiveName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}.tar.gz", self.trigramme, self.envelope.stem())
    }
}

string_conversions!(ArchiveName, "an ACTES name");

/// The name of a CL → MI archive, for emission.
///
/// ```
/// use actes::naming::{archive_name, Application};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 7, 17).unwrap();
/// let name = archive_name("SLO".parse().unwrap(), Application::EACT, "214502494".parse().unwrap(), d, 6);
/// assert_eq!(name.unwrap(), "SLO-EACT--214502494--20170717-6.tar.gz");
/// ```
pub fn archive_name(
    trigramme: Trigramme,
    application: Application,
    siren: Siren,
    date: NaiveDate,
    sequence: u64,
) -> Result<String, Invalid> {
    let name = ArchiveName::new(trigramme, application, siren, date, sequence)?;
    emitted(name.to_string(), Vec::new())
}

// ---------------------------------------------------------------------------

/// The emitter segment of an MI envelope name (SPEC §10.4): the service of
/// the State that sent the delivery.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Emetteur {
    /// `PREF` + département (`IDPref`).
    Pref(Departement),
    /// `SPREF` + département + arrondissement (`IDSousPref`), e.g.
    /// `SPREF0441`.
    SousPref(Departement, Arrondissement),
    /// `SGAR` + département (`IDSGAR`).
    Sgar(Departement),
    /// Any other text, kept as found (e.g. `SPREF001`, seen in a simulator
    /// fixture with `IDPref Departement="001"`).
    Other(String),
}

impl Emetteur {
    /// The département, when the emitter decodes.
    #[must_use]
    pub fn departement(&self) -> Option<Departement> {
        match self {
            Emetteur::Pref(d) | Emetteur::SousPref(d, _) | Emetteur::Sgar(d) => Some(*d),
            Emetteur::Other(_) => None,
        }
    }

    /// The arrondissement of a sous-préfecture.
    #[must_use]
    pub fn arrondissement(&self) -> Option<Arrondissement> {
        match self {
            Emetteur::SousPref(_, a) => Some(*a),
            _ => None,
        }
    }

    /// Reads an emitter found at byte `base` of the name. Never fails: what
    /// does not decode is kept raw with `NAME-EMETTEUR-UNKNOWN`.
    fn parse(s: &str, base: usize, out: &mut Vec<Diagnostic>) -> Emetteur {
        let quiet_dep = |d: &str| {
            let p = Departement::parse_diagnostics(d);
            p.value.map(|v| (v, p.diagnostics))
        };
        let decoded = if let Some(r) = s.strip_prefix("SPREF") {
            match (r.get(..3).and_then(quiet_dep), r.get(3..)) {
                (Some((d, w)), Some(a)) => Arrondissement::parse_diagnostics(a)
                    .into_result()
                    .ok()
                    .map(|a| (Emetteur::SousPref(d, a), w, 5)),
                _ => None,
            }
        } else if let Some(r) = s.strip_prefix("PREF") {
            quiet_dep(r).map(|(d, w)| (Emetteur::Pref(d), w, 4))
        } else if let Some(r) = s.strip_prefix("SGAR") {
            quiet_dep(r).map(|(d, w)| (Emetteur::Sgar(d), w, 4))
        } else {
            None
        };
        if let Some((e, warnings, at)) = decoded {
            out.extend(warnings.into_iter().map(|d| d.shifted(base + at)));
            e
        } else {
            out.push(Diagnostic::on_segment(
                Code::NameEmetteurUnknown,
                "emetteur",
                base,
                format!("the emitter {s:?} is not PREF+DDD, SPREF+DDD+arrondissement or SGAR+DDD; kept as found"),
                format!("l'émetteur {s:?} n'est pas PREF+DDD, SPREF+DDD+arrondissement ni SGAR+DDD ; conservé tel quel"),
            ));
            Emetteur::Other(s.to_string())
        }
    }
}

impl fmt::Display for Emetteur {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Emetteur::Pref(d) => write!(f, "PREF{d}"),
            Emetteur::SousPref(d, a) => write!(f, "SPREF{d}{a}"),
            Emetteur::Sgar(d) => write!(f, "SGAR{d}"),
            Emetteur::Other(s) => f.write_str(s),
        }
    }
}

/// The name of an MI → CL envelope,
/// `{APP}--{EMETTEUR}-{SIREN}-{YYYYMMDD}-{N}.xml` (SPEC §10.4; note the
/// single dashes around the SIREN). Read only: the library never emits it.
///
/// ```
/// use actes::naming::{Emetteur, MiEnvelopeName};
/// let m: MiEnvelopeName = "EACT--SPREF0441-214400152-20181012-9.xml".parse().unwrap();
/// assert_eq!(m.emetteur().departement().unwrap().as_str(), "044");
/// assert_eq!(m.emetteur().arrondissement().unwrap().to_string(), "1");
/// assert_eq!(m.sequence(), 9);
///
/// let p = MiEnvelopeName::parse_diagnostics("TACT--SPREF001-491011698-20190829-689.xml");
/// assert!(p.is_valid()); // a warning only
/// assert_eq!(p.diagnostics[0].code.as_str(), "NAME-EMETTEUR-UNKNOWN");
/// assert_eq!(p.value.unwrap().emetteur(), &Emetteur::Other("SPREF001".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MiEnvelopeName {
    application: Application,
    emetteur: Emetteur,
    siren: Siren,
    date: NaiveDate,
    sequence: u64,
}

impl MiEnvelopeName {
    /// The lenient parse.
    #[must_use]
    pub fn parse_diagnostics(name: &str) -> Parsed<MiEnvelopeName> {
        let mut out = Vec::new();
        let stem = strip_extension(name, ".xml", &mut out);
        let shape_en = "an MI envelope name is APP--EMETTEUR-SIREN-YYYYMMDD-N";
        let shape_fr = "un nom d'enveloppe MI est APP--EMETTEUR-SIREN-AAAAMMJJ-N";
        let Some((app, after_app)) = split_at_sep(stem, "--") else {
            out.push(structure(
                stem.len(),
                &format!("{shape_en}: no '--' after the application code"),
                &format!("{shape_fr} : pas de « -- » après le code application"),
            ));
            return Parsed {
                value: None,
                diagnostics: out,
            };
        };
        let application = absorb(Application::parse_diagnostics(app), 0, &mut out);
        let rest = stem.get(after_app..).unwrap_or_default();
        // From the right: N, date, SIREN; the emitter is what remains.
        let h3 = rest.rfind('-');
        let h2 = h3.and_then(|h| rest.get(..h)).and_then(|r| r.rfind('-'));
        let h1 = h2.and_then(|h| rest.get(..h)).and_then(|r| r.rfind('-'));
        let (Some(h1), Some(h2), Some(h3)) = (h1, h2, h3) else {
            out.push(structure(
                stem.len(),
                &format!("{shape_en}: fewer than 4 segments after '--'"),
                &format!("{shape_fr} : moins de 4 segments après « -- »"),
            ));
            return Parsed {
                value: None,
                diagnostics: out,
            };
        };
        let seg = |a: usize, b: usize| rest.get(a..b).unwrap_or_default();
        let emetteur = Emetteur::parse(seg(0, h1), after_app, &mut out);
        let siren = absorb(
            Siren::parse_diagnostics(seg(h1 + 1, h2)),
            after_app + h1 + 1,
            &mut out,
        );
        let date = parse_date(seg(h2 + 1, h3), after_app + h2 + 1, &mut out);
        let sequence = parse_number(
            rest.get(h3 + 1..).unwrap_or_default(),
            after_app + h3 + 1,
            &SEQUENCE,
            &mut out,
        );
        let value = match (application, siren, date, sequence) {
            (Some(application), Some(siren), Some(date), Some(sequence)) => Some(MiEnvelopeName {
                application,
                emetteur,
                siren,
                date,
                sequence,
            }),
            _ => None,
        };
        Parsed {
            value,
            diagnostics: out,
        }
    }

    /// The application code.
    #[must_use]
    pub fn application(&self) -> Application {
        self.application
    }

    /// The emitting service.
    #[must_use]
    pub fn emetteur(&self) -> &Emetteur {
        &self.emetteur
    }

    /// The recipient collectivité's SIREN.
    #[must_use]
    pub fn siren(&self) -> Siren {
        self.siren
    }

    /// The date of the delivery.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The MI's sequence number (any size).
    #[must_use]
    pub fn sequence(&self) -> u64 {
        self.sequence
    }
}

impl fmt::Display for MiEnvelopeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}--{}-{}-{}-{}.xml",
            self.application,
            self.emetteur,
            self.siren,
            format_date(self.date),
            self.sequence
        )
    }
}

string_conversions!(MiEnvelopeName, "an ACTES name");

// ---------------------------------------------------------------------------

/// The name of an `AnomalieEnveloppe` file: `ANO_` + the name of the
/// rejected CL envelope (SPEC §5.3, §10.4).
///
/// ```
/// use actes::naming::AnomalyName;
/// let a: AnomalyName = "ANO_EACT--210703385--20170612-2.xml".parse().unwrap();
/// assert_eq!(a.rejected_envelope().to_string(), "EACT--210703385--20170612-2.xml");
/// assert_eq!(a.archive_name("SLO".parse().unwrap()).to_string(), "SLO-EACT--210703385--20170612-2.tar.gz");
///
/// let bad = AnomalyName::parse_diagnostics("ANO_EACT--SPREF0441-214400152-20181012-9.xml");
/// assert!(bad.value.is_none());
/// assert!(bad.diagnostics.iter().any(|d| d.code.as_str() == "NAME-ANOMALY-ENVELOPE"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AnomalyName {
    envelope: EnvelopeName,
}

impl AnomalyName {
    /// The prefix the MI adds to the rejected envelope's name.
    pub const PREFIX: &'static str = "ANO_";

    /// The anomaly name for a rejected envelope.
    #[must_use]
    pub fn for_envelope(envelope: EnvelopeName) -> AnomalyName {
        AnomalyName { envelope }
    }

    /// The lenient parse.
    #[must_use]
    pub fn parse_diagnostics(name: &str) -> Parsed<AnomalyName> {
        let mut diagnostics = Vec::new();
        let Some(rest) = name.strip_prefix(Self::PREFIX) else {
            diagnostics.push(structure(
                0,
                "an anomaly file name starts with ANO_",
                "un nom de fichier d'anomalie commence par ANO_",
            ));
            return Parsed {
                value: None,
                diagnostics,
            };
        };
        let inner = EnvelopeName::parse_diagnostics(rest);
        let envelope = absorb(inner, Self::PREFIX.len(), &mut diagnostics);
        if envelope.is_none() {
            diagnostics.push(Diagnostic::on_segment(
                Code::NameAnomalyEnvelope,
                "name",
                Self::PREFIX.len(),
                format!("{rest:?} is not the name of a collectivité envelope (APP--SIREN--YYYYMMDD-N.xml)"),
                format!("{rest:?} n'est pas le nom d'une enveloppe de collectivité (APP--SIREN--AAAAMMJJ-N.xml)"),
            ));
        }
        Parsed {
            value: envelope.map(|envelope| AnomalyName { envelope }),
            diagnostics,
        }
    }

    /// The rejected envelope's name.
    #[must_use]
    pub fn rejected_envelope(&self) -> EnvelopeName {
        self.envelope
    }

    /// The name of the archive that carried the rejected envelope, given the
    /// trigramme of the TdT that sent it.
    #[must_use]
    pub fn archive_name(&self, trigramme: Trigramme) -> ArchiveName {
        self.envelope.archive_name(trigramme)
    }
}

impl fmt::Display for AnomalyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Self::PREFIX, self.envelope)
    }
}

string_conversions!(AnomalyName, "an ACTES name");
