//! Manifests written by actes 0.1 (`actes-proof-bundle/1`): their states
//! are the English labels of that version. The labels are frozen here, so
//! that rewording [`State::label`] never breaks an old bundle; a version-1
//! manifest is read by turning its labels into today's tokens.

use super::BundleManifest;
use crate::transaction::{LetterKind, LetterStage, State};

/// The label actes 0.1 wrote for a state. Frozen: never edit.
fn v1_label(state: State) -> String {
    match state {
        State::Prepared => "prepared".into(),
        State::Transmitted => "transmitted".into(),
        State::Acknowledged => "acknowledged".into(),
        State::Rejected => "rejected (AnomalieActe)".into(),
        State::EnvelopeRefused => "envelope refused (AnomalieEnveloppe)".into(),
        State::Letter { kind, stage } => {
            let k = match kind {
                LetterKind::Simple => "2-1",
                LetterKind::PiecesRequest => "3-1",
                LetterKind::Observations => "4-1",
            };
            let s = match stage {
                LetterStage::Received => "received",
                LetterStage::Acknowledged => "acknowledged",
                LetterStage::Answered => "answered",
                LetterStage::Refused => "refused",
                LetterStage::AnswerAcknowledged => "answer acknowledged",
            };
            format!("letter {k} {s}")
        }
        State::Referred => "referred to the tribunal (déféré)".into(),
        State::CancellationRequested => "cancellation requested".into(),
        State::Cancelled => "cancelled".into(),
    }
}

/// The token of a version-1 label; an unknown label is kept as it is (the
/// comparison with the files then reports it).
fn token_of_v1(label: &str) -> String {
    State::all()
        .into_iter()
        .find(|s| v1_label(*s) == label)
        .map_or_else(|| label.to_string(), State::token)
}

/// A version-1 manifest with its states as tokens (its `format` is kept,
/// so that the reader sees which version it was).
pub(super) fn from_v1(mut m: BundleManifest) -> BundleManifest {
    m.act.state = token_of_v1(&m.act.state);
    for h in &mut m.history {
        h.state = token_of_v1(&h.state);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_v1_label_is_distinct_and_maps_to_its_token() {
        let all = State::all();
        for s in &all {
            assert_eq!(token_of_v1(&v1_label(*s)), s.token());
            assert_eq!(State::from_token(&s.token()), Some(*s));
        }
        let mut labels: Vec<_> = all.iter().map(|s| v1_label(*s)).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), all.len());
        assert_eq!(token_of_v1("no such state"), "no such state");
    }
}
