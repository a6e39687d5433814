//! Dumps, for each row of a target-tone gold file, what the target-tone decision sees: one JSON
//! object per line (gold, prediction, the document model on the post and on the clause, the
//! lexicon on both, and the rule that decided). For analysing errors.
//!
//! ```text
//! cargo run -p citra-tone --release --example dump_target -- GOLD.jsonl > dump.jsonl
//! ```

use citra_model::{Lang, Mention, Span, ToneLabel};
use citra_tone::ToneScorer;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_target GOLD.jsonl");
        return ExitCode::from(2);
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("error: cannot read {path}");
        return ExitCode::from(2);
    };
    let scorer = ToneScorer::shared();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let (Some(t), Some(ts), Some(gold)) = (
            v["text"].as_str(),
            v["target_span"].as_array(),
            v["label"].as_str().and_then(ToneLabel::parse),
        ) else {
            continue;
        };
        let lang = Lang::from_code(v["lang"].as_str().unwrap_or(""));
        let (s, e) = (ts[0].as_u64().unwrap_or(0) as usize, ts[1].as_u64().unwrap_or(0) as usize);
        let Some(span) = Span::from_chars(t, s, e) else { continue };
        let ms = vec![Mention::name("XXX", &t[span.start..span.end], span)];
        let ex = scorer.explain_targets(t, lang, &ms);
        let Some(x) = ex.first() else { continue };
        let clause = &t[x.clause.start..x.clause.end];
        let rule = x.evidence.last().map(|e| e.rule.clone()).unwrap_or_default();
        let path = if rule.starts_with("document model") {
            "model"
        } else if x.evidence.iter().any(|e| e.rule.starts_with("target is")) {
            "role"
        } else if x.evidence.is_empty() {
            "none"
        } else {
            "lexicon"
        };
        let out = serde_json::json!({
            "id": v["id"], "gold": format!("{gold:?}"), "pred": format!("{:?}", x.tone.label),
            "path": path, "rule": rule, "text": t, "clause": clause,
            "p_post": scorer.probs(t, lang), "p_clause": scorer.probs(clause, lang),
            "lex_post": scorer.features(t, lang).dense, "lex_clause": scorer.features(clause, lang).dense,
        });
        println!("{out}");
    }
    ExitCode::SUCCESS
}
