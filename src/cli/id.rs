//! `actes id check`: validates IDActe identifiers.

use actes::report::IdCheckReport;
use clap::{Args, Subcommand};

use super::shared::{run_check, CheckArgs, CHECK_HELP};

/// `actes id ...`
#[derive(Args, Debug)]
pub struct IdArgs {
    #[command(subcommand)]
    command: IdCommand,
}

#[derive(Subcommand, Debug)]
enum IdCommand {
    /// Check IDActe identifiers (DDD-SSSSSSSSS-YYYYMMDD-NUMERO-NN).
    ///
    /// In JSON the parsed identifier is under the key "id".
    #[command(after_long_help = CHECK_HELP)]
    Check(CheckArgs),
}

/// Runs `actes id ...`.
pub fn run(args: IdArgs) -> i32 {
    match args.command {
        IdCommand::Check(check) => run_check::<IdCheckReport>(&check),
    }
}
