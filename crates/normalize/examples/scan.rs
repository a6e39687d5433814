//! Normalizes every text of CSV or JSON-array files and prints what was repaired, for review.
//!
//! ```text
//! cargo run --release -p citra-normalize --example scan -- FILE.csv|FILE.json ... [--show N]
//! ```
//! CSV files are read from their `content` or `text` column; JSON files are arrays of objects
//! with a `text` field (the Trump archive). Prints the count of each diagnostic code, up to N
//! examples of each (default 5), and the speed.

use citra_normalize::normalize;
use std::collections::BTreeMap;
use std::time::Instant;

fn texts(path: &str) -> Vec<String> {
    if path.ends_with(".json") {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("json");
        return v
            .as_array()
            .map(|a| a.iter().filter_map(|o| o["text"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
    }
    let mut rdr = csv::Reader::from_path(path).expect("readable csv");
    let h = rdr.headers().expect("headers").clone();
    let col = h.iter().position(|c| c == "content").or_else(|| h.iter().position(|c| c == "text"));
    let Some(col) = col else {
        eprintln!("{path}: no content or text column, skipped");
        return Vec::new();
    };
    rdr.records().filter_map(Result::ok).filter_map(|r| r.get(col).map(str::to_owned)).collect()
}

fn main() {
    let mut show = 5usize;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--show" {
            show = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
        } else {
            paths.push(a);
        }
    }
    normalize("warm up #Lazy &amp; tables");
    for path in paths {
        let all = texts(&path);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut examples: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let start = Instant::now();
        let mut changed = 0usize;
        for t in &all {
            let n = normalize(t);
            changed += usize::from(n.text != *t);
            for d in &n.diagnostics {
                *counts.entry(d.code.clone()).or_default() += 1;
                let ex = examples.entry(d.code.clone()).or_default();
                if ex.len() < show {
                    let around = d.span.and_then(|s| {
                        let mut a = s.start.saturating_sub(20);
                        while !t.is_char_boundary(a) {
                            a -= 1;
                        }
                        let mut z = (s.end + 20).min(t.len());
                        while !t.is_char_boundary(z) {
                            z += 1;
                        }
                        t.get(a..z)
                    });
                    ex.push(format!("{} | {:?}", d.message, around.unwrap_or("")));
                }
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "== {path}: {} texts, {changed} changed, {:.2} us/text",
            all.len(),
            1e6 * secs / all.len().max(1) as f64
        );
        for (code, n) in &counts {
            println!("  {code}: {n}");
            for e in examples.get(code).into_iter().flatten() {
                println!("      {e}");
            }
        }
    }
}
