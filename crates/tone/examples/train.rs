//! Trains the document tone model of one language and writes it to a file.
//!
//! ```text
//! cargo run -p citra-tone --release --example train -- --lang id \
//!     --out crates/tone/data/models/id.bin [--bits 18] [--epochs 8] [--dev DEV.jsonl]... TRAIN.jsonl...
//! ```
//! Training files are in the `tone` format (`{"text", "label"}` per line). A training file may be
//! given as `PATH:WEIGHT` to repeat (WEIGHT ≥ 1, integer) or subsample (0 < WEIGHT < 1, every
//! n-th row) it. Deterministic: the same files and options write the same bytes. With `--dev`,
//! prints accuracy and macro-F1 of the written model on that file.

use citra_model::{Lang, Mention, Span, ToneLabel};
use citra_tone::model::{self, Features, LinearModel, TrainOptions};
use std::process::ExitCode;

fn read(path: &str) -> Result<Vec<(String, ToneLabel)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{path}: {e}"))?;
        if let (Some(t), Some(l)) =
            (v["text"].as_str(), v["label"].as_str().and_then(ToneLabel::parse))
        {
            out.push((t.to_owned(), l));
        }
    }
    Ok(out)
}

/// A `target_span` of code points `[start, end)` as a byte span of `text`.
fn target_span(text: &str, v: &serde_json::Value) -> Option<Span> {
    Span::from_chars(text, v.get(0)?.as_u64()? as usize, v.get(1)?.as_u64()? as usize)
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut lang = Lang::Und;
    let mut out_path = None;
    let mut devs = Vec::new();
    let mut opts = TrainOptions::default();
    let mut files = Vec::new();
    while let Some(a) = args.next() {
        let mut val = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--lang" => lang = Lang::from_code(&val("--lang")?),
            "--out" => out_path = Some(val("--out")?),
            "--dev" => devs.push(val("--dev")?),
            "--bits" => opts.bits = val("--bits")?.parse().map_err(|e| format!("--bits: {e}"))?,
            "--epochs" => {
                opts.epochs = val("--epochs")?.parse().map_err(|e| format!("--epochs: {e}"))?
            }
            "--lr" => {
                opts.learning_rate = val("--lr")?.parse().map_err(|e| format!("--lr: {e}"))?
            }
            "--l2" => opts.l2 = val("--l2")?.parse().map_err(|e| format!("--l2: {e}"))?,
            _ => files.push(a),
        }
    }
    let out_path = out_path.ok_or("--out is required")?;
    if lang == Lang::Und || files.is_empty() {
        return Err("usage: train --lang LANG --out FILE TRAIN.jsonl...".into());
    }
    let scorer = citra_tone::ToneScorer::shared();
    let mut data: Vec<(Features, ToneLabel)> = Vec::new();
    for f in &files {
        let (path, weight) = match f.rsplit_once(':') {
            Some((p, w)) if w.parse::<f64>().is_ok() => (p, w.parse::<f64>().unwrap_or(1.0)),
            _ => (f.as_str(), 1.0),
        };
        let rows = read(path)?;
        let before = data.len();
        let step = if weight < 1.0 { (1.0 / weight).round().max(1.0) as usize } else { 1 };
        let reps = if weight >= 1.0 { weight.round() as usize } else { 1 };
        for _ in 0..reps {
            for (t, l) in rows.iter().step_by(step) {
                data.push((scorer.features(t, lang), *l));
            }
        }
        eprintln!("{path}: {} rows used", data.len() - before);
    }
    let m = model::train(&data, &opts);
    let bytes = m.to_bytes();
    std::fs::write(&out_path, &bytes).map_err(|e| format!("{out_path}: {e}"))?;
    eprintln!("wrote {out_path}: {} bytes", bytes.len());
    let m = LinearModel::from_bytes(&bytes).ok_or("model does not read back")?;
    let Some(with) = citra_tone::ToneScorer::with_model(lang, m.clone()) else {
        return Ok(());
    };
    for dev in devs {
        let mut cm = [[0usize; 3]; 3];
        let text = std::fs::read_to_string(&dev).map_err(|e| format!("{dev}: {e}"))?;
        for line in text.lines() {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{dev}: {e}"))?;
            let (Some(t), Some(l)) =
                (v["text"].as_str(), v["label"].as_str().and_then(ToneLabel::parse))
            else {
                continue;
            };
            let best = if let Some(span) = target_span(t, &v["target_span"]) {
                // Target-tone row: the tone of the target, as the pipeline gives it.
                let mut ms = [Mention::name("XXX", &t[span.start..span.end], span)];
                with.score_targets(t, lang, &mut ms);
                ms[0]
                    .tone
                    .map_or(1, |x| model::CLASSES.iter().position(|&c| c == x.label).unwrap_or(1))
            } else {
                let p = m.probs(&scorer.features(t, lang));
                (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(1)
            };
            let gold = model::CLASSES.iter().position(|&c| c == l).unwrap_or(1);
            cm[gold][best] += 1;
        }
        let total: usize = cm.iter().flatten().sum();
        let (f1, rec) = model::macro_scores(&cm);
        let acc = (0..3).map(|i| cm[i][i]).sum::<usize>() as f64 / total.max(1) as f64;
        eprintln!("dev {dev}: macro-F1 {f1:.4} macro-recall {rec:.4} accuracy {acc:.4} {cm:?}");
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
