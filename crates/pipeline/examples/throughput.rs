//! Posts per CPU-second of the whole per-document pipeline on real posts.
//!
//! `cargo run --release -p citra-pipeline --example throughput -- FILE.json…` reads condensed
//! Trump-archive JSON arrays (or any JSON array of objects with a `text` field), annotates every
//! post once after a warm-up, and prints posts, wall time and posts per second. Run it under
//! `/usr/bin/time -f %U` to get CPU time on a loaded machine.

use citra_pipeline::Pipeline;
use std::time::Instant;

fn main() {
    let mut posts: Vec<String> = Vec::new();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("a readable file");
        let v: serde_json::Value = serde_json::from_str(&text).expect("a JSON array");
        for p in v.as_array().expect("a JSON array") {
            if let Some(t) = p["text"].as_str() {
                posts.push(t.to_owned());
            }
        }
    }
    let pipeline = Pipeline::new();
    pipeline.preload();
    let start = Instant::now();
    let mut mentions = 0usize;
    for p in &posts {
        mentions += pipeline.annotate_text(p, None).mentions.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} posts, {} mentions, {:.2} s wall, {:.0} posts/s wall",
        posts.len(),
        mentions,
        secs,
        posts.len() as f64 / secs
    );
}
