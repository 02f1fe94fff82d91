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
    // `receipt read` over thousands of files: their names do not go
    // through clap (`receipt::split_files`).
    let (argv, files) = receipt::split_files(std::env::args_os().collect(), Cli::command);
    let cli = match Cli::try_parse_from(argv) {
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
        Command::Receipt(mut args) => {
            if let Some(files) = files {
                receipt::set_files(&mut args, files);
            }
            receipt::run(args)
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    /// The command line as clap reads it: the parsed command, or the
    /// error's kind and text.
    fn by_clap(argv: &[OsString]) -> String {
        match Cli::try_parse_from(argv) {
            Ok(cli) => format!("{cli:?}"),
            Err(e) => format!("{:?} {}", e.kind(), e.render()),
        }
    }

    /// The same with `receipt read`'s files taken out first.
    fn by_split(argv: &[OsString]) -> (String, bool) {
        let (rest, files) = receipt::split_files(argv.to_vec(), Cli::command);
        let split = files.is_some();
        let text = match Cli::try_parse_from(rest) {
            Ok(mut cli) => {
                if let (Command::Receipt(args), Some(files)) = (&mut cli.command, files) {
                    receipt::set_files(args, files);
                }
                format!("{cli:?}")
            }
            Err(e) => format!("{:?} {}", e.kind(), e.render()),
        };
        (text, split)
    }

    #[test]
    fn receipt_files_taken_out_give_what_clap_gives() {
        let lines: &[(&[&str], bool)] = &[
            (&["receipt", "read", "a.xml"], true),
            (&["receipt", "read", "a.xml", "b.xml", "-", "c d.xml"], true),
            (&["receipt", "read", "--json", "a.xml", "b.xml"], true),
            (
                &["receipt", "read", "a.xml", "--strict", "b.xml", "--json"],
                true,
            ),
            (&["receipt", "read", "--lang", "fr", "a.xml", "b.xml"], true),
            (&["receipt", "read", "a.xml", "--lang=en", "b.xml"], true),
            // Left to clap: its errors and its help.
            (&["receipt", "read", "--lang", "xx", "a.xml"], true),
            (&["receipt", "read", "--json", "--json", "a.xml"], true),
            (&["receipt", "read", "--json"], false),
            (&["receipt", "read"], false),
            (&["receipt", "read", "--lang"], false),
            (&["receipt", "read", "--json=yes", "a.xml"], false),
            (&["receipt", "read", "a.xml", "--bogus"], false),
            (&["receipt", "read", "a.xml", "-j"], false),
            (&["receipt", "read", "--", "-a.xml", "b.xml"], false),
            (&["receipt", "read", "a.xml", "--help"], false),
            (&["receipt", "read", "-h"], false),
            (&["receipt", "sheet", "a.xml"], false),
            (&["id", "check", "062-216204982-20221214-D1-DE"], false),
        ];
        for (args, split) in lines {
            let argv: Vec<OsString> = std::iter::once("actes")
                .chain(args.iter().copied())
                .map(OsString::from)
                .collect();
            let (ours, was_split) = by_split(&argv);
            assert_eq!(ours, by_clap(&argv), "{args:?}");
            assert_eq!(was_split, *split, "{args:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_is_left_to_clap() {
        use std::os::unix::ffi::OsStringExt;
        let argv = vec![
            OsString::from("actes"),
            OsString::from("receipt"),
            OsString::from("read"),
            OsString::from_vec(b"a\xff.xml".to_vec()),
        ];
        let (ours, was_split) = by_split(&argv);
        assert!(!was_split);
        assert_eq!(ours, by_clap(&argv));
    }
}
