//! `citra mentions`: what a text talks about, for people to try.

use crate::args::{Format, MentionsArgs};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result};
use citra_mentions::{Gazetteer, RoleAt};
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
    let date = match args.date.as_deref() {
        Some(d) => Some(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").with_context(|| {
            format!("--date '{d}' is not a date: write YYYY-MM-DD, e.g. 2019-10-23")
        })?),
        None => None,
    };
    // User actor tables replace the shared gazetteer before the pipeline first uses it.
    let mut files = args.actors.clone();
    files.extend(Gazetteer::env_actor_files());
    if !files.is_empty() {
        let g = Gazetteer::with_actor_files(&files)
            .context("reading the actor tables given with --actors or CITRA_ACTORS")?;
        if Gazetteer::set_shared(g).is_err() {
            anyhow::bail!("the gazetteer was in use before the actor tables were read");
        }
    }
    let pipeline = Pipeline::new();
    let ctx = citra_pipeline::DocContext { hint, date, ..Default::default() };
    let (ann, explained) = pipeline.explain_text(&text, &ctx);
    let gaz = pipeline.gazetteer();
    let roles: Vec<Option<RoleAt>> =
        ann.mentions.iter().map(|m| gaz.actor_role(m, &text, date)).collect();
    let role_str = |r: &Option<RoleAt>| match r {
        Some(r) if r.former => format!("former {} {}", r.role.as_str(), r.country),
        Some(r) => format!("{} {}", r.role.as_str(), r.country),
        None => "-".into(),
    };
    let chars = |s: Span| s.to_chars(&text).unwrap_or((0, 0));
    let mut table = Table::new(vec![
        "surface", "chars", "country", "actor", "role", "kind", "conf", "tone", "label",
    ]);
    for (m, r) in ann.mentions.iter().zip(&roles) {
        let (a, b) = chars(m.span);
        let tone = m.tone.unwrap_or(citra_model::Tone::neutral(0.0));
        table.push(vec![
            m.surface.clone(),
            format!("{a}..{b}"),
            m.country.clone(),
            r.as_ref()
                .and_then(|r| r.actor.clone())
                .or_else(|| m.actor.clone())
                .unwrap_or_else(|| "-".into()),
            role_str(r),
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
        .zip(&roles)
        .map(|((m, e), r)| {
            let (a, b) = chars(m.span);
            let role = r.as_ref().map(|r| {
                serde_json::json!({
                    "role": r.role.as_str(), "country": r.country, "actor": r.actor,
                    "current": r.current, "former": r.former,
                })
            });
            let actor = r.as_ref().and_then(|r| r.actor.clone()).or_else(|| m.actor.clone());
            let mut v = serde_json::json!({
                "surface": m.surface, "country": m.country, "actor": actor, "role": role,
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
    let events: Vec<serde_json::Value> = ann
        .events
        .iter()
        .map(|e| {
            serde_json::json!({
                "source": e.source, "target": e.target, "code": e.code, "root": e.root,
                "quad": e.quad.as_str(), "goldstein": e.goldstein, "negated": e.negated,
                "trigger": e.trigger.slice(&text),
                "sentence": e.sentence.slice(&text),
            })
        })
        .collect();
    let json = serde_json::json!({
        "date": date.map(|d| d.to_string()),
        "lang": ann.lang, "tone": ann.tone, "normalized": ann.normalized,
        "mentions": mentions, "events": events, "themes": ann.themes,
        "diagnostics": ann.diagnostics,
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
    if args.format == Format::Table {
        for e in &ann.events {
            println!(
                "action: {} → {}  CAMEO {} ({}{}, Goldstein {})  on \"{}\"",
                e.source,
                e.target,
                e.code,
                e.quad.as_str(),
                if e.negated { ", negated" } else { "" },
                fixed(f64::from(e.goldstein), 1),
                e.trigger.slice(&text).unwrap_or_default(),
            );
        }
    }
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
