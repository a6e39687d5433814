//! Project tasks: `cargo xtask tidy` (and generators added beside it).
//!
//! `tidy` checks what reviews tend to miss:
//! - every data file under `crates/*/data/` is named in a `SOURCES.md` of its folder or an
//!   ancestor folder up to `data/` (provenance and licence);
//! - no test is marked ignored, and no todo or unimplemented macro is left in the code;
//! - every library crate denies missing docs.

mod tidy;

use anyhow::{Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("tidy") => tidy::run(),
        _ => bail!("usage: cargo xtask tidy"),
    }
}
