//! Command-line front end. Each sub-command lives in its own module;
//! what they share (`--lang`, dates, standard input, diagnostics and JSON
//! output, exit codes) is in `shared`. A command module imports from
//! `super` (this module and `shared`), never from another command; its
//! `--json` document comes from `actes::report`.

use clap::{CommandFactory, Parser, Subcommand};

mod act;
mod archive;
mod budget;
mod bundle;
mod classification;
mod completions;
mod delivery;
mod demo;
mod id;
mod opendata;
mod receipt;
mod shared;
mod siren;
mod stamp;
mod xml;

#[allow(unused_imports)]
pub(crate) use shared::{
    base_dir, env_lang, eprint_diagnostics, finish, parse_date, stdout, system_today,
    write_bundle_files, write_bundle_history, write_bundle_verification, write_diagnostics,
    write_json, write_receipt, Input, LangArg, LangOpt, EXIT_INVALID, EXIT_OK, EXIT_USAGE,
};

#[derive(Parser, Debug)]
#[command(
    name = "actes",
    version,
    about = "ACTES: identifiers, classification, archives and receipts of the French contrôle de légalité"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Classification (matières), natures and typologie des pièces.
    Classification(classification::ClassificationArgs),
    /// CL → MI archives: build one from a JSON description, check any.
    Archive(archive::ArchiveArgs),
    /// IDActe identifiers.
    Id(id::IdArgs),
    /// SIRENs.
    Siren(siren::SirenArgs),
    /// Received messages: read and check them.
    Receipt(receipt::ReceiptArgs),
    /// Deliveries from the ministry (folder, tar.gz, zip).
    Delivery(delivery::DeliveryArgs),
    /// Proof bundles: what was sent and received about an act, verifiable.
    Bundle(bundle::BundleArgs),
    /// Stamp an act's PDF with its acknowledgement (incremental update: signatures stay valid).
    Stamp(stamp::StampArgs),
    /// Open data: the SCDL « Délibérations » CSV of acknowledged acts.
    Opendata(opendata::OpendataArgs),
    /// Acts: state, history and legal dates from any files about them.
    Act(act::ActArgs),
    /// TotEM budget documents: check, show and seal.
    Budget(budget::BudgetArgs),
    /// XML utilities: the canonical form (C14N 1.0) of a document.
    Xml(xml::XmlArgs),
    /// The tour: build, acknowledge, bundle and verify the bundled Lens deliberation.
    Demo(demo::DemoArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), e.g. `actes man > actes.1`.
    Man(completions::ManArgs),
}

/// Parses the command line and runs the command; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Classification(args) => classification::run(args),
        Command::Archive(args) => archive::run(args),
        Command::Id(args) => id::run(args),
        Command::Siren(args) => siren::run(args),
        Command::Receipt(args) => receipt::run(args),
        Command::Delivery(args) => delivery::run(args),
        Command::Bundle(args) => bundle::run(args),
        Command::Stamp(args) => stamp::run(args),
        Command::Opendata(args) => opendata::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Act(args) => act::run(args),
        Command::Budget(args) => budget::run(args),
        Command::Xml(args) => xml::run(args),
        Command::Completions(args) => completions::completions(args, Cli::command()),
        Command::Man(args) => completions::man(args, Cli::command()),
    }
}
