//! The receipt sheet ("bordereau d'acquittement"): one A4 page, in French,
//! that town halls print or archive with the act, as S2LOW's
//! `ActesPdf.class.php` does: the collectivité (SIREN), the IDActe, the
//! nature, the matière with its label, the objet, the dates of sending and
//! of reception, the files sent (name, size, SHA-256), the act's state and
//! history, and the end of the préfet's two-month window.
//!
//! The PDF is written with the standard fonts Helvetica and
//! Helvetica-Bold (WinAnsiEncoding: the accents are text, extractable by
//! `pdftotext`). It holds no date of its own and no random identifier: the
//! same record gives the same bytes. Everything fits on one page: long
//! values are wrapped then cut with `…`, and past the room left the list of
//! files ends with the number of files not shown.
//!
//! ```
//! # let dir = tempfile::tempdir()?;
//! # let lens = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lens");
//! # let t = actes::transmission::parse_json(&std::fs::read(lens.join("input.json"))?, &lens).value.unwrap();
//! # let today = chrono::NaiveDate::from_ymd_opt(2022, 12, 19).unwrap();
//! # let (archive, _) = actes::archive::build_to_dir(&t, &actes::transmission::ValidationOptions::new(today), dir.path(), actes::container::Overwrite::Never).unwrap();
//! let ar = lens.join("062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml");
//! let record = actes::record::ActRecord::from_archive(&archive, &[ar], &Default::default()).unwrap();
//! let pdf = actes::sheet::sheet(&record);
//! assert!(pdf.starts_with(b"%PDF-1.4"));
//! assert_eq!(actes::pdf::page_count(&pdf, &Default::default(), "sheet").ok(), Some(1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Write as _};
use std::path::Path;

use chrono::NaiveDate;

use crate::bundle::Role;
use crate::classification::Classification;
use crate::container::{write_atomic, Overwrite};
use crate::diagnostic::Lang;
use crate::ids::CodeMatiere;
use crate::pdf::text::{helvetica_text_width, wrap};
use crate::pdf::{one_page, Canvas};
use crate::record::ActRecord;
use crate::transaction::State;

/// A4 in points.
const WIDTH: f64 = 595.0;
const HEIGHT: f64 = 842.0;
const LEFT: f64 = 50.0;
const RIGHT: f64 = WIDTH - 50.0;
const LABEL_W: f64 = 170.0;
const BOTTOM: f64 = 60.0;

fn fr_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A state token (as in the manifest: [`State::token`]) in French
/// ([`State::label`]); an unknown token as it is.
#[must_use]
pub fn state_fr(token: &str) -> String {
    State::from_token(token).map_or_else(|| token.to_string(), |s| s.label(Lang::Fr))
}

fn role_fr(role: Role) -> &'static str {
    match role {
        Role::Envelope => "enveloppe",
        Role::Message => "message 1-1",
        Role::Act => "acte",
        Role::Annex => "annexe",
        Role::Receipt => "message reçu",
        Role::ReceivedEnvelope => "enveloppe reçue",
        Role::ReceivedDocument => "document reçu",
    }
}

/// `12 345` (French thousands).
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The matière at levels 1–2 (or as deep as sent) with its labels.
fn matiere_text(code: Option<CodeMatiere>) -> String {
    let Some(code) = code else {
        return "(non renseignée)".into();
    };
    if let Some(labels) = Classification::national().label_path(&code) {
        format!("{code} {labels}")
    } else {
        // Levels 3-5 are the préfecture's: label the known levels.
        let known = code
            .levels()
            .get(..2)
            .and_then(|l| CodeMatiere::from_levels(l).ok())
            .and_then(|c| Classification::national().label_path(&c));
        match known {
            Some(l) => format!("{code} {l}"),
            None => code.to_string(),
        }
    }
}

struct Page {
    canvas: Canvas,
    y: f64,
}

impl Page {
    /// A label and its value (wrapped, at most `max_lines` lines).
    fn field(&mut self, label: &str, value: &str, max_lines: usize) {
        self.canvas.text(LEFT, self.y, 9.5, true, label);
        let mut lines = wrap(value, 9.5, RIGHT - LEFT - LABEL_W);
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                last.push('…');
            }
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        for line in lines {
            self.canvas.text(LEFT + LABEL_W, self.y, 9.5, false, &line);
            self.y -= 13.0;
        }
        self.y -= 2.0;
    }

    fn heading(&mut self, s: &str) {
        self.y -= 8.0;
        self.canvas.text(LEFT, self.y, 11.0, true, s);
        self.y -= 5.0;
        self.canvas.line(LEFT, self.y, RIGHT, self.y, 0.5);
        self.y -= 13.0;
    }

    /// Cuts `s` with `…` to fit `width` at `size`.
    fn fit(s: &str, size: f64, width: f64) -> String {
        if helvetica_text_width(s, size) <= width {
            return s.to_string();
        }
        let mut out = String::new();
        for c in s.chars() {
            out.push(c);
            if helvetica_text_width(&out, size) + helvetica_text_width("…", size) > width {
                out.pop();
                break;
            }
        }
        out.push('…');
        out
    }
}

/// The receipt sheet of `record`, as PDF bytes. See the [module
/// documentation](self).
#[must_use]
pub fn sheet(record: &ActRecord) -> Vec<u8> {
    let act = &record.manifest.act;
    let mut p = Page {
        canvas: Canvas::default(),
        y: HEIGHT - 60.0,
    };
    p.canvas.text(
        LEFT,
        p.y,
        16.0,
        true,
        "Bordereau d'acquittement de transaction",
    );
    p.y -= 18.0;
    p.canvas.text(
        LEFT,
        p.y,
        9.5,
        false,
        "Contrôle de légalité — télétransmission ACTES",
    );
    p.y -= 12.0;
    p.canvas.line(LEFT, p.y, RIGHT, p.y, 1.0);
    p.y -= 20.0;

    let siren = record
        .siren()
        .map_or_else(|| "(inconnu)".into(), |s| s.to_string());
    p.field("Collectivité (SIREN)", &siren, 1);
    p.field("Identifiant de l'acte", &act.id_acte, 2);
    let nature = record
        .acte
        .code_nature
        .value
        .and_then(|n| Classification::national().nature(n))
        .map_or_else(
            || act.nature.clone(),
            |n| format!("{} ({})", n.display_label(), act.nature),
        );
    p.field("Nature", &nature, 1);
    p.field("Matière", &matiere_text(record.matiere()), 3);
    p.field("Numéro interne", &record.numero_interne(), 1);
    p.field("Objet", &act.objet, 5);
    p.field("Date de la décision", &fr_date(act.decision_date), 1);
    let or_none = |d: Option<NaiveDate>, none: &str| d.map_or_else(|| none.into(), fr_date);
    p.field(
        "Envoyé en préfecture le",
        &or_none(act.sent_on, "(inconnu)"),
        1,
    );
    p.field(
        "Reçu en préfecture le",
        &or_none(act.reception_date, "(pas d'accusé de réception)"),
        1,
    );
    p.field("État", &state_fr(&act.state), 2);
    p.field(
        "Fin du délai de recours du préfet",
        &or_none(
            act.window_end,
            "(non courant : pas d'accusé de réception, ou délai suspendu)",
        ),
        2,
    );

    p.heading("Historique");
    for h in record.manifest.history.iter().take(8) {
        let code = h.code.map_or_else(|| "ANO".into(), |c| c.to_string());
        let line = format!(
            "{}   {code}  {}  →  {}",
            fr_date(h.date),
            h.message,
            state_fr(&h.state)
        );
        let line = line.replace('→', "-");
        p.canvas
            .text(LEFT, p.y, 9.0, false, &Page::fit(&line, 9.0, RIGHT - LEFT));
        p.y -= 12.0;
    }

    p.heading("Fichiers transmis");
    // The act, its annexes, then the protocol files.
    let mut sent: Vec<_> = record
        .manifest
        .files
        .iter()
        .filter(|f| f.role.is_sent())
        .collect();
    sent.sort_by_key(|f| {
        let rank = match f.role {
            Role::Act => 0,
            Role::Annex => 1,
            Role::Message => 2,
            _ => 3,
        };
        (rank, f.name.clone())
    });
    // Each file takes two lines (22 pt); keep room for the archive (40 pt).
    let room = ((p.y - BOTTOM - 40.0) / 22.0).floor().max(0.0) as usize;
    let shown = if sent.len() > room {
        room.saturating_sub(1)
    } else {
        sent.len()
    };
    for f in sent.iter().take(shown) {
        let head = format!(
            "{} ({}, {} octets)",
            f.name,
            role_fr(f.role),
            thousands(f.size)
        );
        p.canvas
            .text(LEFT, p.y, 9.0, false, &Page::fit(&head, 9.0, RIGHT - LEFT));
        p.y -= 10.0;
        p.canvas.text(
            LEFT + 12.0,
            p.y,
            7.5,
            false,
            &format!("SHA-256 {}", f.sha256),
        );
        p.y -= 12.0;
    }
    if shown < sent.len() {
        p.canvas.text(
            LEFT,
            p.y,
            9.0,
            false,
            &format!(
                "… et {} autres fichiers (voir le dossier de preuve)",
                sent.len() - shown
            ),
        );
        p.y -= 12.0;
    }
    p.y -= 4.0;
    let a = &record.manifest.archive;
    let archive = format!(
        "Archive transmise : {} ({} octets)",
        a.name,
        thousands(a.size)
    );
    p.canvas.text(
        LEFT,
        p.y,
        9.0,
        true,
        &Page::fit(&archive, 9.0, RIGHT - LEFT),
    );
    p.y -= 10.0;
    if !a.sha256.is_empty() {
        p.canvas.text(
            LEFT + 12.0,
            p.y,
            7.5,
            false,
            &format!("SHA-256 {}", a.sha256),
        );
    }
    p.canvas.text(
        LEFT,
        BOTTOM - 25.0,
        7.5,
        false,
        "Établi par actes à partir des fichiers transmis et reçus ; les empreintes SHA-256 permettent de les vérifier.",
    );
    one_page(
        p.canvas.ops.as_bytes(),
        WIDTH,
        HEIGHT,
        &format!("Bordereau d'acquittement {}", act.id_acte),
    )
}

/// Writes the sheet of `record` to `dest` atomically.
pub fn write_sheet(record: &ActRecord, dest: &Path, overwrite: Overwrite) -> io::Result<u64> {
    let bytes = sheet(record);
    write_atomic(dest, overwrite, |w| w.write_all(&bytes))?;
    Ok(bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_labels() {
        assert_eq!(state_fr("acknowledged"), "acquitté");
        assert_eq!(state_fr("no-such-state"), "no-such-state");
        for state in State::all() {
            assert_eq!(state_fr(&state.token()), state.label(Lang::Fr));
        }
        assert_eq!(thousands(1234567), "1 234 567");
        assert_eq!(thousands(12), "12");
        assert_eq!(
            matiere_text("8.9".parse().ok()),
            "8.9 Domaines de compétences par thèmes › Culture"
        );
    }
}
