//! The citra command-line tool: a thin layer over the pipeline, store and analytics crates.
//!
//! Raw flags are parsed into the clap structs of [`args`] ("low" arguments), each command
//! resolves them into a request it can run (countries looked up, dates parsed), and errors print
//! as one `error: …` message with exit code 2. A closed pipe (`citra image … | head`) is not an
//! error.

mod args;
mod cmd;
mod output;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
