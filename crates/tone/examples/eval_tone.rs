//! Evaluates citra-tone on a gold file in the `tone` or `target-tone` format of examples/gold/README.md.
//!
//! ```text
//! cargo run -p citra-tone --release --example eval_tone -- GOLD.jsonl [--errors N]
//! ```
//! Prints macro-F1, macro-recall, accuracy and the confusion matrix (rows gold, columns
//! predicted). Target-tone rows are scored through `score_targets` with a mention whose
//! `norm_span` is `target_span` converted from code points to bytes (country "XXX").

use citra_model::{Lang, Mention, Span, ToneLabel};
use citra_tone::ToneScorer;
use std::process::ExitCode;

const LABELS: [ToneLabel; 3] = [ToneLabel::Negative, ToneLabel::Neutral, ToneLabel::Positive];

fn idx(l: ToneLabel) -> usize {
    LABELS.iter().position(|&x| x == l).unwrap_or(1)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: eval_tone GOLD.jsonl [--errors N]");
        return ExitCode::from(2);
    };
    let show_errors: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let scorer = ToneScorer::shared();
    let mut cm = [[0usize; 3]; 3];
    let mut shown = 0;
    let started = std::time::Instant::now();
    let mut rows = 0usize;
    for (n, line) in text.lines().enumerate() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            eprintln!("warning: line {}: not JSON", n + 1);
            continue;
        };
        let (Some(t), Some(label)) =
            (v["text"].as_str(), v["label"].as_str().and_then(ToneLabel::parse))
        else {
            continue;
        };
        let lang = Lang::from_code(v["lang"].as_str().unwrap_or(""));
        let pred = if let Some(ts) = v["target_span"].as_array() {
            let s = ts.first().and_then(|x| x.as_u64()).unwrap_or(0) as usize;
            let e = ts.get(1).and_then(|x| x.as_u64()).unwrap_or(0) as usize;
            let Some(span) = Span::from_chars(t, s, e) else {
                eprintln!("warning: line {}: bad target_span", n + 1);
                continue;
            };
            let mut m = [Mention::name("XXX", span.slice(t).unwrap_or(""), span)];
            scorer.score_targets(t, lang, &mut m);
            if shown < show_errors {
                let tone = m[0].tone.map_or(ToneLabel::Neutral, |x| x.label);
                if tone != label {
                    shown += 1;
                    let ex = scorer.explain_targets(t, lang, &m);
                    println!("gold {} pred {} | {t}", label.as_str(), tone.as_str());
                    for x in ex.iter().flat_map(|x| &x.evidence) {
                        println!("    {} {:.2} {}", x.word, x.valence, x.rule);
                    }
                }
            }
            m[0].tone.map_or(ToneLabel::Neutral, |x| x.label)
        } else {
            let tone = scorer.score(t, lang);
            if shown < show_errors && tone.label != label {
                shown += 1;
                println!(
                    "gold {} pred {} ({:.2}) | {t}",
                    label.as_str(),
                    tone.label.as_str(),
                    tone.score
                );
            }
            tone.label
        };
        cm[idx(label)][idx(pred)] += 1;
        rows += 1;
    }
    let elapsed = started.elapsed();
    let total: usize = cm.iter().flatten().sum();
    let correct: usize = (0..3).map(|i| cm[i][i]).sum();
    let mut f1s = Vec::new();
    let mut recalls = Vec::new();
    for (c, row) in cm.iter().enumerate() {
        let tp = row[c] as f64;
        let gold: usize = row.iter().sum();
        let pred: usize = (0..3).map(|r| cm[r][c]).sum();
        let p = if pred > 0 { tp / pred as f64 } else { 0.0 };
        let r = if gold > 0 { tp / gold as f64 } else { 0.0 };
        recalls.push(r);
        f1s.push(if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 });
    }
    println!("file: {path}  rows: {rows}");
    println!(
        "macro-F1 {:.4}  macro-recall {:.4}  accuracy {:.4}",
        f1s.iter().sum::<f64>() / 3.0,
        recalls.iter().sum::<f64>() / 3.0,
        correct as f64 / total.max(1) as f64
    );
    println!("per class F1: neg {:.3} neu {:.3} pos {:.3}", f1s[0], f1s[1], f1s[2]);
    println!("confusion (rows gold, cols pred: neg neu pos)");
    for (c, row) in cm.iter().enumerate() {
        println!("  {:<8} {:>6} {:>6} {:>6}", LABELS[c].as_str(), row[0], row[1], row[2]);
    }
    println!("time: {:.1} µs/row", elapsed.as_secs_f64() * 1e6 / rows.max(1) as f64);
    ExitCode::SUCCESS
}
