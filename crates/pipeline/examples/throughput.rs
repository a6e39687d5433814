//! Posts per CPU-second of the whole per-document pipeline on real posts.
//!
//! `cargo run --release -p citra-pipeline --example throughput -- FILE…` reads each FILE as a
//! JSON array of objects (the condensed Trump archive) or as JSON Lines (one object a line, as
//! `scripts/speed.sh` writes the IRA CSV), takes each object's `text` field (else `content`),
//! annotates every post once after the models are loaded, and prints posts, mentions, a checksum
//! of what was found (so nothing can be optimised away) and the time spent. Run it under
//! `/usr/bin/time -f '%e %U %S %M'` to get CPU time and peak memory on a loaded machine
//! (`scripts/speed.sh` does).

use citra_pipeline::Pipeline;
use std::time::Instant;

/// The allocator of the `citra` binary, so that the pipeline is measured as it runs there.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The post text of one JSON object: `text`, else `content` (the IRA CSV's column).
fn text_of(v: &serde_json::Value) -> Option<String> {
    v.get("text").or_else(|| v.get("content")).and_then(|t| t.as_str()).map(str::to_owned)
}

/// Every post text of a file: a JSON array of objects, or JSON Lines.
fn read(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if text.trim_start().starts_with('[') {
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not a JSON array: {e}"));
        v.as_array().map(|a| a.iter().filter_map(text_of).collect()).unwrap_or_default()
    } else {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .filter_map(|(i, l)| {
                let v: serde_json::Value = serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("{path}:{}: not JSON: {e}", i + 1));
                text_of(&v)
            })
            .collect()
    }
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: throughput FILE… (JSON arrays or JSON Lines of objects with `text`)");
        std::process::exit(2);
    }
    let start = Instant::now();
    let posts: Vec<String> = paths.iter().flat_map(|p| read(p)).collect();
    let pipeline = Pipeline::new();
    pipeline.preload();
    let loaded = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let (mut mentions, mut checksum) = (0usize, 0u64);
    for p in &posts {
        let a = pipeline.annotate_text(p, None);
        mentions += a.mentions.len();
        for m in &a.mentions {
            checksum = checksum
                .wrapping_mul(31)
                .wrapping_add(m.span.start as u64 ^ m.country.len() as u64);
        }
        checksum = checksum.wrapping_add(a.lang.lang.code().len() as u64);
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} posts, {} mentions, checksum {checksum:016x}, {loaded:.2} s to read and load, {secs:.2} s wall annotating, {:.0} posts/s wall",
        posts.len(),
        mentions,
        posts.len() as f64 / secs
    );
}
