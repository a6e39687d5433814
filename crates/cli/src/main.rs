//! The citra command-line tool.
fn main() {}
