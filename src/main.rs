//! The `actes` command-line tool.
//!
//! Exit codes: 0 when every input is valid, 1 when at least one is invalid
//! (or could not be read), 2 on a usage error.

mod cli;

/// The command's allocator: mimalloc, whose allocation and release cost a
/// fraction of glibc's on the many small, short-lived values a run over
/// thousands of files makes (BENCHMARKS.md, "Receipts"); built without
/// transparent huge pages, which would add megabytes of resident memory to
/// every run. The library itself leaves the allocator to the program that
/// embeds it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    remove_temporary_files_on_signals();
    std::process::exit(cli::run());
}

/// On SIGINT, SIGTERM or SIGHUP, removes the named temporary files being
/// written (`container::remove_pending`; on Linux they are unnamed
/// and vanish anyway) and exits with 128 + the signal number.
#[cfg(unix)]
fn remove_temporary_files_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                actes::container::remove_pending();
                std::process::exit(128 + signal);
            }
        });
    }
}

#[cfg(not(unix))]
fn remove_temporary_files_on_signals() {}
