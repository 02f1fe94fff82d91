//! The `actes` command-line tool.
//!
//! Exit codes: 0 when every input is valid, 1 when at least one is invalid
//! (or could not be read), 2 on a usage error.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
