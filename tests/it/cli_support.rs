//! The `actes` binary as the CLI tests run it.
#![cfg(feature = "cli")]

use std::process::Command;

/// The `actes` binary with English messages, whatever the locale of the
/// machine running the tests (`LANG=fr_FR.UTF-8` would otherwise make the
/// output French); the language tests of `contract.rs` set their own.
pub fn actes_command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_actes"));
    c.env("ACTES_LANG", "en");
    c
}
