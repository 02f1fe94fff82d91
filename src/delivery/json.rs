//! JSON summary of a delivery (feature `serde`), as printed by
//! `actes delivery read --json`.

use serde_json::{json, Value};

use super::Delivery;

impl Delivery {
    /// The JSON summary: `source`, `envelope` (the envelope file's summary,
    /// see [`Receipt::to_json`](crate::receipt::Receipt::to_json), or
    /// `null`), `other_envelopes`, `messages`, `documents` (`name`,
    /// `named_by`, `found`, `size`, `sha256`), `files` (`name`, `size`,
    /// `sha256`) and the delivery-level `diagnostics`.
    pub fn to_json(&self) -> Value {
        let documents: Vec<Value> = self
            .documents
            .iter()
            .map(|d| {
                json!({
                    "name": d.name,
                    "named_by": d.named_by,
                    "found": d.file.as_ref().map(|f| f.name.clone()),
                    "size": d.file.as_ref().map(|f| f.size),
                    "sha256": d.file.as_ref().map(|f| f.sha256.clone()),
                })
            })
            .collect();
        json!({
            "source": self.source,
            "envelope": self.envelope.as_ref().map(|e| e.to_json()),
            "other_envelopes": self.other_envelopes.iter().map(|e| e.to_json()).collect::<Vec<_>>(),
            "messages": self.messages.iter().map(|m| m.to_json()).collect::<Vec<_>>(),
            "documents": documents,
            "files": serde_json::to_value(&self.files).unwrap_or(Value::Null),
            "diagnostics": serde_json::to_value(&self.diagnostics).unwrap_or(Value::Null),
        })
    }
}

/// The JSON summary of [`Delivery::to_json`]: `actes delivery read --json`
/// with `message` in English (see `actes::report::delivery_read`).
impl serde::Serialize for Delivery {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}
