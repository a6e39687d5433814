//! Tunes the target-tone options on one half of a target-tone gold file and reports the other.
//!
//! ```text
//! cargo run -p citra-tone --release --example tune_target -- GOLD.jsonl
//! ```
//! Rows are split by a hash of their `id` (FNV-1a, parity): the even half tunes, the odd half is
//! only reported. Prints macro-F1 of every grid point on both halves, then the best point on the
//! tuning half with its figure on the reporting half and on the whole file. Deterministic.

use citra_model::{Lang, Mention, Span, ToneLabel};
use citra_tone::{TargetOptions, ToneScorer};
use std::process::ExitCode;

struct Row {
    text: String,
    lang: Lang,
    span: Span,
    label: ToneLabel,
    tune: bool,
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

fn macro_f1(pairs: impl Iterator<Item = (ToneLabel, ToneLabel)>) -> f64 {
    let idx = |l: ToneLabel| match l {
        ToneLabel::Negative => 0,
        ToneLabel::Neutral => 1,
        ToneLabel::Positive => 2,
    };
    let mut cm = [[0usize; 3]; 3];
    for (g, p) in pairs {
        cm[idx(g)][idx(p)] += 1;
    }
    (0..3)
        .map(|c| {
            let tp = cm[c][c] as f64;
            let g: usize = cm[c].iter().sum();
            let p: usize = (0..3).map(|r| cm[r][c]).sum();
            let (pr, re) = (tp / p.max(1) as f64, tp / g.max(1) as f64);
            if pr + re > 0.0 { 2.0 * pr * re / (pr + re) } else { 0.0 }
        })
        .sum::<f64>()
        / 3.0
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: tune_target GOLD.jsonl");
        return ExitCode::from(2);
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("error: cannot read {path}");
        return ExitCode::from(2);
    };
    let rows: Vec<Row> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let t = v["text"].as_str()?.to_owned();
            let ts = v["target_span"].as_array()?;
            let (s, e) = (ts.first()?.as_u64()? as usize, ts.get(1)?.as_u64()? as usize);
            Some(Row {
                span: Span::from_chars(&t, s, e)?,
                lang: Lang::from_code(v["lang"].as_str().unwrap_or("")),
                label: ToneLabel::parse(v["label"].as_str()?)?,
                tune: fnv(v["id"].as_str().unwrap_or("")).is_multiple_of(2),
                text: t,
            })
        })
        .collect();
    let scorer = ToneScorer::shared();
    let predict = |r: &Row, o: &TargetOptions| {
        let mut m = [Mention::name("XXX", "", r.span)];
        scorer.score_targets_with(&r.text, r.lang, &mut m, o);
        m[0].tone.map_or(ToneLabel::Neutral, |t| t.label)
    };
    let eval = |o: &TargetOptions, half: Option<bool>| {
        macro_f1(
            rows.iter()
                .filter(|r| half.is_none_or(|h| r.tune == h))
                .map(|r| (r.label, predict(r, o))),
        )
    };
    let n_tune = rows.iter().filter(|r| r.tune).count();
    println!(
        "{path}: {} rows, tuning half {n_tune}, reporting half {}",
        rows.len(),
        rows.len() - n_tune
    );
    let mut best = (f64::MIN, TargetOptions::default());
    for whole_text_single in [false, true] {
        for step in 2..=10 {
            let o = TargetOptions {
                neutral_prior: step as f32 * 0.5,
                whole_text_single,
                target_model: false,
            };
            let (t, r) = (eval(&o, Some(true)), eval(&o, Some(false)));
            println!(
                "neutral_prior {:.1} whole_text_single {whole_text_single:<5}  tune {t:.4}  report {r:.4}",
                o.neutral_prior
            );
            if t > best.0 + 1e-9 {
                best = (t, o);
            }
        }
    }
    let o = best.1;
    println!(
        "best on the tuning half: {o:?}: tune {:.4}, report {:.4}, all {:.4}",
        best.0,
        eval(&o, Some(false)),
        eval(&o, None)
    );
    ExitCode::SUCCESS
}
