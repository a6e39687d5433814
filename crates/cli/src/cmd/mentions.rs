//! `citra mentions`: what a text talks about, for people to try.

use crate::args::{Format, MentionsArgs};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result};
use citra_model::{Lang, Span};
use citra_pipeline::Pipeline;
use std::io::Read;

pub(crate) fn run(args: MentionsArgs) -> Result<()> {
    let text = match args.text {
        Some(t) => t,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).context("reading the text from stdin")?;
            s
        }
    };
    let hint = match args.lang.as_deref() {
        Some(code) => match Lang::from_code(code) {
            Lang::Und => {
                anyhow::bail!("--lang '{code}' is not a language code: use e.g. id, en, es")
            }
            l => Some(l),
        },
        None => None,
    };
    let pipeline = Pipeline::new();
    let (ann, explained) = pipeline.explain_text(&text, hint);
    let chars = |s: Span| s.to_chars(&text).unwrap_or((0, 0));
    let mut table =
        Table::new(vec!["surface", "chars", "country", "actor", "kind", "conf", "tone", "label"]);
    for m in &ann.mentions {
        let (a, b) = chars(m.span);
        let tone = m.tone.unwrap_or(citra_model::Tone::neutral(0.0));
        table.push(vec![
            m.surface.clone(),
            format!("{a}..{b}"),
            m.country.clone(),
            m.actor.clone().unwrap_or_else(|| "-".into()),
            m.kind.as_str().into(),
            fixed(f64::from(m.confidence), 2),
            fixed(f64::from(tone.score), 2),
            tone.label.as_str().into(),
        ]);
    }
    let mentions: Vec<serde_json::Value> = ann
        .mentions
        .iter()
        .zip(explained.iter().map(Some).chain(std::iter::repeat(None)))
        .map(|(m, e)| {
            let (a, b) = chars(m.span);
            let mut v = serde_json::json!({
                "surface": m.surface, "country": m.country, "actor": m.actor,
                "kind": m.kind, "confidence": m.confidence, "tone": m.tone,
                "span": {"start": m.span.start, "end": m.span.end},
                "chars": {"start": a, "end": b},
            });
            if let (true, Some(e)) = (args.explain, e) {
                v["explain"] = explanation_json(&ann.normalized, e);
            }
            v
        })
        .collect();
    let json = serde_json::json!({
        "lang": ann.lang, "tone": ann.tone, "normalized": ann.normalized,
        "mentions": mentions, "diagnostics": ann.diagnostics,
    });
    if args.format == Format::Table {
        println!(
            "language {} ({}), document tone {} {}",
            ann.lang.lang.code(),
            fixed(f64::from(ann.lang.confidence), 2),
            fixed(f64::from(ann.tone.score), 2),
            ann.tone.label.as_str()
        );
        if ann.mentions.is_empty() {
            println!("no country or actor mentioned");
            return Ok(());
        }
    }
    emit(args.format, &table, &json)?;
    if args.explain && args.format == Format::Table {
        for e in &explained {
            println!();
            print_explanation(&ann.normalized, e);
        }
    }
    Ok(())
}

fn print_explanation(normalized: &str, e: &citra_tone::TargetExplanation) {
    let clause = e.clause.slice(normalized).unwrap_or_default();
    println!(
        "{}: {} {} (conf {}) from the clause \"{clause}\"",
        e.country,
        e.tone.label.as_str(),
        fixed(f64::from(e.tone.score), 2),
        fixed(f64::from(e.tone.confidence), 2),
    );
    if e.evidence.is_empty() {
        println!("  no tone-bearing word in the clause");
    }
    for ev in &e.evidence {
        println!("  {:>6}  {:<20} {}", fixed(f64::from(ev.valence), 2), ev.word, ev.rule);
    }
}

fn explanation_json(normalized: &str, e: &citra_tone::TargetExplanation) -> serde_json::Value {
    serde_json::json!({
        "country": e.country,
        "tone": e.tone,
        "clause": e.clause.slice(normalized),
        "evidence": e.evidence.iter().map(|ev| serde_json::json!({
            "word": ev.word, "text": ev.span.slice(normalized), "valence": ev.valence, "rule": ev.rule,
        })).collect::<Vec<_>>(),
    })
}
