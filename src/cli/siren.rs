//! `actes siren check`: validates SIRENs, with the conventions of
//! `actes id check`.

use actes::diagnostic::Parsed;
use actes::ids::Siren;
use clap::{Args, Subcommand};
use serde::ser::SerializeMap;

use super::id::{run_check, CheckArgs, CheckItem, CHECK_HELP};

/// `actes siren ...`
#[derive(Args, Debug)]
pub struct SirenArgs {
    #[command(subcommand)]
    command: SirenCommand,
}

#[derive(Subcommand, Debug)]
enum SirenCommand {
    /// Check SIRENs (9 digits and a Luhn key; whitespace is not stripped).
    ///
    /// Same input, output and exit codes as `actes id check`; in JSON the
    /// parsed value is under the key "siren".
    #[command(after_long_help = CHECK_HELP)]
    Check(CheckArgs),
}

impl CheckItem for Siren {
    fn parse(s: &str) -> Parsed<Self> {
        Siren::parse_diagnostics(s)
    }

    fn serialize_value<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("siren", self.as_str())
    }
}

/// Runs `actes siren ...`.
pub fn run(args: SirenArgs) -> i32 {
    match args.command {
        SirenCommand::Check(check) => run_check::<Siren>(&check),
    }
}
