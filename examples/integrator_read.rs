//! Integrator: read what the ministry sent back, print the messages and
//! the act's state.
//!
//! ```text
//! cargo run --example integrator_read                 # the bundled Lens acknowledgement
//! cargo run --example integrator_read -- DELIVERY      # a folder, tar.gz or zip of attachments
//! ```
//! Exit code 0 when the delivery was read, 1 otherwise.

use std::path::Path;
use std::process::ExitCode;

use actes::delivery::Delivery;
use actes::diagnostic::Lang;
use actes::ids::ActeKey;
use actes::transaction::Transaction;

fn main() -> ExitCode {
    let delivery = if let Some(path) = std::env::args().nth(1) {
        Delivery::read_path(Path::new(&path))
    } else {
        // E-mail attachments, here the bundled acknowledgement.
        let name = "062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/lens")
            .join(name);
        match std::fs::read(&path) {
            Ok(bytes) => Delivery::from_attachments(vec![(name.to_string(), bytes)]),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return ExitCode::from(1);
            }
        }
    };
    println!("delivery {}", delivery.source);
    for m in &delivery.messages {
        let code = m.code().map_or_else(|| "-".to_string(), |c| c.to_string());
        let id = m
            .message
            .as_ref()
            .and_then(|msg| msg.id_acte_field())
            .map(|f| f.raw.clone())
            .unwrap_or_default();
        println!("  {} {} {} {id}", m.file, code, m.root().unwrap_or("?"));
        for d in &m.diagnostics {
            println!("    {} {} {}", d.severity, d.code, d.message(Lang::En));
        }
    }
    for d in &delivery.documents {
        let found = d.file.as_ref().map_or("MISSING", |f| f.sha256.as_str());
        println!("  document {} ({found})", d.name);
    }
    for d in &delivery.diagnostics {
        println!("  {} {} {}", d.severity, d.code, d.message(Lang::En));
    }

    // One transaction per act found in the delivery.
    let mut ids: Vec<String> = delivery
        .messages
        .iter()
        .filter_map(|m| {
            m.message
                .as_ref()?
                .id_acte_field()
                .map(|f| f.raw.trim().to_string())
        })
        .collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let mut t = Transaction::new(ActeKey::from_id_acte(&id));
        t.push_delivery(&delivery);
        println!("act {id}: {}", t.state().label(Lang::En));
        if let Some(d) = t.acknowledged_on() {
            println!("  acknowledged on {d}");
        }
        if let Some(end) = t.window().and_then(|w| w.end()) {
            println!("  two-month window ends {end}");
        }
    }
    if delivery.is_read() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
