//! `citra demo`: a fresh store from the corpus shipped in the binary, and what it says.

use crate::args::{DemoArgs, Format};
use anyhow::{Context, Result};
use citra_analytics::Period;
use citra_ingest::{Format as InFormat, IngestOptions};
use citra_query::{Params, image};

/// The demo corpus (see `crates/cli/demo/SOURCES.md` for provenance and terms).
const FILES: [(&str, &[u8], InFormat); 2] = [
    (
        "kompasiana-diplomasi-publik.txt",
        include_bytes!("../../demo/kompasiana-diplomasi-publik.txt"),
        InFormat::Text,
    ),
    (
        "trump-mexico-2015-2019.json",
        include_bytes!("../../demo/trump-mexico-2015-2019.json"),
        InFormat::TrumpArchive,
    ),
];

/// Countries shown.
const TOP: usize = 3;

pub(crate) fn run(args: DemoArgs) -> Result<()> {
    for ext in ["", "-wal", "-shm"] {
        let mut p = args.out.clone().into_os_string();
        p.push(ext);
        let p = std::path::PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("replacing {}", p.display()))?;
        }
    }
    let dir = std::env::temp_dir().join(format!("citra-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut store = super::open_store(&args.out)?;
    println!("Building {} from the demo corpus shipped with citra:", args.out.display());
    for (name, bytes, format) in FILES {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        let opts = IngestOptions { format: Some(format), ..IngestOptions::default() };
        let path_s = path.display().to_string();
        let threads = citra_pipeline::par::default_threads();
        let s = super::ingest::ingest_paths(&mut store, &[path_s], &opts, None, threads, true)?;
        println!("  {name}: {s}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    let top = store.top_countries(TOP)?;
    println!();
    for (alpha3, n) in &top {
        let p =
            Params { country: Some(alpha3.clone()), by: Some("year".into()), ..Params::default() };
        let req = super::q(image::Request::from_params(&p, None))?;
        let answer = super::q(image::answer(&store, &req))?;
        println!("{} ({alpha3}): {n} mentions. citra index by year:", answer.name);
        super::image::print(&answer, Period::Year, Format::Table)?;
        println!();
    }
    let db = args.out.display();
    let first = top.first().map_or("MEX", |(c, _)| c.as_str());
    println!(
        "Next: citra --db {db} image --country {first} --by month    \
         (or: citra mentions \"Mexico is sending drugs into America\")\n\
         `citra` is target/release/citra after `cargo run --release`; `cargo install --path \
         crates/cli` puts it on your PATH."
    );
    Ok(())
}
