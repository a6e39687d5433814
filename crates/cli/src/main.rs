//! The citra command-line tool: a thin layer over the pipeline, store and analytics crates.
//!
//! Raw flags are parsed into the clap structs of [`args`] ("low" arguments), each command
//! resolves them into a request it can run (countries looked up, dates parsed), and errors print
//! as one `error: …` message with exit code 2. A closed pipe (`citra image … | head`) is not an
//! error.

/// mimalloc: the pipeline allocates small strings and vectors for every post, and glibc's
/// allocator took about a tenth of its instructions.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `println!` for every command: a line that cannot be written because the reader closed the
/// pipe (`citra demo | head -1`) ends the run with exit 0, as a closed pipe is no error; any
/// other write error ends it with exit 2. (Shadows std's `println!`, which panics then.)
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            $crate::stdout_failed(e);
        }
    }};
}

/// `print!`, with the same care as [`println!`].
#[allow(unused_macros)]
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout(), $($arg)*) {
            $crate::stdout_failed(e);
        }
    }};
}

mod args;
mod cmd;
mod output;

/// Ends the process after a failed write to standard output: exit 0 for a closed pipe, else
/// the error on standard error and exit 2. What was committed to the store stays; a batch not
/// yet committed is rolled back by SQLite, as after any interrupted run.
pub(crate) fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(2);
}

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
            eprintln!("error: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each once: a cause whose text the message already holds (an
/// error that prints its source and also returns it as its source) is not printed again.
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        // "Error code 14: unable to open database file" after a message holding "unable to
        // open database file" says nothing new either.
        let last = text.rsplit(": ").next().unwrap_or(&text);
        if out.contains(&text) || out.contains(last) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// True when the error comes from writing to a closed pipe (directly, or inside serde_json or
/// csv, which wrap the I/O error).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == BrokenPipe)
            || e.downcast_ref::<serde_json::Error>().and_then(|j| j.io_error_kind())
                == Some(BrokenPipe)
            || e.downcast_ref::<csv::Error>().is_some_and(
                |c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
    })
}
