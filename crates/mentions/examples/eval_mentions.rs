//! Scores the mention finder on a gold file of `../shared/eval/README.md` format:
//! precision / recall / micro-F1 over (text, country) pairs for kinds Name and Abbreviation,
//! then every error.
//!
//! `cargo run -p citra-mentions --example eval_mentions -- <gold.jsonl> [...]`

use std::collections::BTreeSet;
use std::io::{BufRead, Write};

use citra_mentions::Gazetteer;
use citra_model::Lang;

fn main() -> std::process::ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: eval_mentions <gold.jsonl>...");
        return std::process::ExitCode::from(2);
    }
    let g = Gazetteer::shared();
    for path in paths {
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{path}: {e}");
                return std::process::ExitCode::from(2);
            }
        };
        let (mut tp, mut fp, mut fnn, mut rows) = (0usize, 0usize, 0usize, 0usize);
        let mut errors = Vec::new();
        for line in std::io::BufReader::new(file).lines() {
            let Ok(line) = line else { continue };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            let text = v["text"].as_str().unwrap_or("");
            let lang = Lang::from_code(v["lang"].as_str().unwrap_or("und"));
            let gold: BTreeSet<String> = v["countries"]
                .as_array()
                .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            let norm = citra_normalize::normalize(text);
            let (mentions, _) = g.find(text, &norm.text, &norm.map, lang);
            let got: BTreeSet<String> = mentions
                .iter()
                .filter(|m| m.kind.names_country())
                .map(|m| m.country.clone())
                .collect();
            rows += 1;
            tp += got.intersection(&gold).count();
            let extra: Vec<&String> = got.difference(&gold).collect();
            let missed: Vec<&String> = gold.difference(&got).collect();
            fp += extra.len();
            fnn += missed.len();
            if !extra.is_empty() || !missed.is_empty() {
                let surf: Vec<String> = mentions
                    .iter()
                    .map(|m| format!("{}={}:{}", m.surface, m.country, m.kind.as_str()))
                    .collect();
                errors.push(format!(
                    "{} fp={:?} fn={:?} found=[{}]\n    {}",
                    v["id"].as_str().unwrap_or("?"),
                    extra,
                    missed,
                    surf.join(", "),
                    text
                ));
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fnn).max(1) as f64;
        let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        // Output errors (a closed pipe) end the report quietly.
        let mut out = std::io::stdout().lock();
        let head = format!(
            "{path}: rows {rows}  tp {tp} fp {fp} fn {fnn}  precision {p:.3} recall {r:.3} micro-F1 {f1:.3}"
        );
        if writeln!(out, "{head}").is_err() {
            return std::process::ExitCode::SUCCESS;
        }
        for e in &errors {
            if writeln!(out, "  {e}").is_err() {
                return std::process::ExitCode::SUCCESS;
            }
        }
    }
    std::process::ExitCode::SUCCESS
}
