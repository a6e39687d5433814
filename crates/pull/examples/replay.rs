//! Serves recorded responses on 127.0.0.1 until killed: `cargo run --example replay -- DIR…`,
//! each DIR holding a `script.json` (see `citra_pull::replay::Script::from_json`); the routes
//! of all of them are served together. Prints `http://127.0.0.1:PORT` on its first line.
//! `scripts/readme-check.sh` uses it to run the README's `citra pull` and `citra watch` lines.

use citra_pull::replay::{Replay, Script};
use std::io::Write;
use std::path::Path;

fn main() {
    let mut routes = Vec::new();
    for dir in std::env::args().skip(1) {
        let dir = Path::new(&dir);
        let json = std::fs::read_to_string(dir.join("script.json"))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join("script.json").display()));
        routes.push(Script::from_json(&json, dir).unwrap_or_else(|e| panic!("{e}")));
    }
    let script = routes.into_iter().fold(Script::new(), Script::merge);
    let server = Replay::start(script).expect("a loopback port");
    println!("{}", server.url());
    let _ = std::io::stdout().flush();
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
