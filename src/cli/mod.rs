//! Command-line front end. Each sub-command lives in its own module.

use actes::diagnostic::Lang;
use clap::{Parser, Subcommand, ValueEnum};

mod archive;
mod budget;
mod bundle;
mod classification;
mod delivery;
mod demo;
mod id;
mod opendata;
mod receipt;
mod siren;
mod stamp;
mod xml;

/// The `--lang fr|en` option shared by every command.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum LangArg {
    Fr,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

/// Exit code: every input valid.
pub const EXIT_OK: i32 = 0;
/// Exit code: at least one input invalid or unreadable.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: usage error.
pub const EXIT_USAGE: i32 = 2;

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
    /// TotEM budget documents: check, show and seal.
    Budget(budget::BudgetArgs),
    /// XML utilities: the canonical form (C14N 1.0) of a document.
    Xml(xml::XmlArgs),
    /// The tour: build, acknowledge, bundle and verify the bundled Lens deliberation.
    Demo(demo::DemoArgs),
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
        Command::Budget(args) => budget::run(args),
        Command::Xml(args) => xml::run(args),
    }
}
