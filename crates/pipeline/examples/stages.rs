//! Where the per-document pipeline spends its time, stage by stage, on real posts.
//!
//! `cargo run --release -p citra-pipeline --example stages -- FILE.json…` reads JSON arrays of
//! objects with a `text` field, runs each stage over every post in turn (each stage on the
//! previous stage's output, computed once beforehand), and prints seconds and posts per second
//! per stage.

use citra_langid::LangDetector;
use citra_mentions::Gazetteer;
use citra_normalize::normalize;
use citra_tone::ToneScorer;
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
    let pipeline = citra_pipeline::Pipeline::new();
    pipeline.preload();
    let n = posts.len() as f64;
    let report = |name: &str, secs: f64| {
        println!("{name:<10} {secs:>7.3} s  {:>9.0} posts/s", n / secs);
    };
    let t = Instant::now();
    let norm: Vec<_> = posts.iter().map(|p| normalize(p)).collect();
    report("normalize", t.elapsed().as_secs_f64());
    let langid = LangDetector::shared();
    let t = Instant::now();
    let langs: Vec<_> = norm.iter().map(|d| langid.detect(&d.text, None).0).collect();
    report("langid", t.elapsed().as_secs_f64());
    let gaz = Gazetteer::shared();
    let t = Instant::now();
    let mut mentions: Vec<_> = posts
        .iter()
        .zip(&norm)
        .zip(&langs)
        .map(|((p, d), l)| gaz.find_at(p, &d.text, &d.map, l.lang, None).0)
        .collect();
    report("mentions", t.elapsed().as_secs_f64());
    let with = mentions.iter().filter(|m| !m.is_empty()).count();
    println!("           {with} posts with a mention");
    let tone = ToneScorer::shared();
    let t = Instant::now();
    for ((d, l), m) in norm.iter().zip(&langs).zip(mentions.iter_mut()) {
        let _ = tone.score_all(&d.text, l.lang, m);
    }
    report("tone", t.elapsed().as_secs_f64());
    let actions = citra_actions::ActionCoder::shared();
    let t = Instant::now();
    for ((d, l), m) in norm.iter().zip(&langs).zip(&mentions) {
        let _ = actions.code(&d.text, &d.map, l.lang, m, None);
    }
    report("actions", t.elapsed().as_secs_f64());
    let t = Instant::now();
    for p in &posts {
        let _ = pipeline.annotate_text(p, None);
    }
    report("whole", t.elapsed().as_secs_f64());
}
