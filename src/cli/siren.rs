//! `actes siren check`: validates SIRENs, with the conventions of
//! `actes id check`.

use actes::report::SirenCheckReport;
use clap::{Args, Subcommand};

use super::shared::{run_check, CheckArgs, CHECK_HELP};

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

/// Runs `actes siren ...`.
pub fn run(args: SirenArgs) -> i32 {
    match args.command {
        SirenCommand::Check(check) => run_check::<SirenCheckReport>(&check),
    }
}
