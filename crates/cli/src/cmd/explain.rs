//! `citra explain`: the posts and actors that moved a country's index in a window against the
//! baseline before it, with the sentence and mention behind each post (see
//! `citra_analytics::attribute` for the definition of a contribution).

use crate::args::{ExplainArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::Result;
use citra_query::Params;
use citra_query::explain::{self, Answer, Days, Evidence, ExplainedPost};
use std::path::Path;

/// Characters of a sentence shown in table output.
const SENTENCE_CHARS: usize = 90;

pub(crate) fn run(db: &Path, args: ExplainArgs) -> Result<()> {
    let mut p = Params {
        country: Some(args.country.clone()),
        shock: args.shock.clone(),
        window: args.shock.as_ref().map(|_| args.window.to_string()),
        from: args.from.clone(),
        to: args.to.clone(),
        baseline_from: args.baseline_from.clone(),
        baseline_to: args.baseline_to.clone(),
        top: Some(args.top.to_string()),
        ..Params::default()
    };
    super::count_params(&args.count, &mut p);
    let req = super::q(explain::Request::from_params(&p, super::authors(&args.count)?))?;
    let store = super::open_existing_store(db)?;
    let a = super::q(explain::answer(&store, &req))?;
    let span = |d: Days| format!("{} … {}", d.from, d.to);
    if args.format == Format::Table {
        eprintln!("window: {}", req.counting.describe(&a.window_counting));
        if a.window_docs == 0 {
            eprintln!(
                "no dated, scored mentions of {} ({}) in {} from {}",
                a.name,
                a.country,
                db.display(),
                span(a.window)
            );
        } else if a.baseline_docs == 0 {
            eprintln!(
                "no posts about {} in the baseline {}: contributions are against a neutral 0",
                a.country,
                span(a.baseline)
            );
        }
    }
    match args.format {
        Format::Json => {
            emit(Format::Json, &Table::new(Vec::<String>::new()), &serde_json::to_value(&a)?)
        }
        Format::Csv => emit(Format::Csv, &post_table(&a.posts, true), &serde_json::json!({})),
        Format::Table => {
            println!(
                "{} ({}): index {} over {} ({} posts) → {} over {} ({} posts): change {}",
                a.name,
                a.country,
                // An empty period has no index: shown as "–" on either side.
                if a.baseline_docs == 0 { "–".into() } else { fixed(a.baseline_index, 2) },
                span(a.baseline),
                a.baseline_docs,
                a.window_index.map_or("–".into(), |w| fixed(w, 2)),
                span(a.window),
                a.window_docs,
                a.change.map_or("–".into(), signed),
            );
            println!();
            println!("Actors");
            emit(Format::Table, &actor_table(&a), &serde_json::json!({}))?;
            println!();
            println!("Posts");
            emit(Format::Table, &post_table(&a.posts, false), &serde_json::json!({}))?;
            let shares =
                a.actors.iter().map(|x| x.share).chain(a.posts.iter().map(|p| p.post.share));
            if shares.flatten().any(|s| !(0.0..=1.0).contains(&s)) {
                println!();
                println!("{SHARE_NOTE}");
            }
            Ok(())
        }
    }
}

/// What a share outside 0–100% means (said under the tables when one is shown).
pub(crate) const SHARE_NOTE: &str = "share = contribution / change; the shares of all posts sum to \
    100%.\nA share over 100% is a post that moved the index further than the whole change, made \
    up for\nby posts with negative shares, which pulled against it.";

fn signed(x: f64) -> String {
    format!("{}{}", if x > 0.0 { "+" } else { "" }, fixed(x, 2))
}

fn share_text(s: Option<f64>) -> String {
    s.map_or("–".into(), |s| format!("{}%", fixed(100.0 * s, 0)))
}

fn actor_table(a: &Answer) -> Table {
    let mut t =
        Table::new(["author", "posts", "share", "contribution", "reach", "engagement", "tone"]);
    for x in &a.actors {
        t.push(vec![
            x.author.clone().unwrap_or_else(|| "(unknown)".into()),
            x.posts.to_string(),
            share_text(x.share),
            fixed(x.contribution, 3),
            fixed(x.reach, 1),
            x.engagement.to_string(),
            fixed(x.tone, 2),
        ]);
    }
    t
}

/// The mention that carries the post's tone most: the largest |tone|, first in the text on ties.
fn strongest(ev: &[Evidence]) -> Option<&Evidence> {
    ev.iter().filter(|e| e.tone.is_some()).max_by(|a, b| {
        let score = |e: &Evidence| e.tone.map_or(0.0, |t| t.score.abs());
        score(a).total_cmp(&score(b)).then(b.byte_start.cmp(&a.byte_start))
    })
}

/// `s` cut to `n` characters with `…`, on one line.
fn clip(s: &str, n: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= n {
        return one;
    }
    let mut out: String = one.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn post_table(posts: &[ExplainedPost], csv: bool) -> Table {
    let mut t = if csv {
        Table::new([
            "doc_id",
            "time",
            "author",
            "share",
            "contribution",
            "tone",
            "weight",
            "engagement",
            "mentions",
            "surface",
            "byte_start",
            "byte_end",
            "char_start",
            "char_end",
            "mention_tone",
            "sentence",
        ])
    } else {
        Table::new(["date", "author", "share", "tone", "engagement", "mention @char", "sentence"])
    };
    for x in posts {
        let p = &x.post;
        let ev = strongest(&x.evidence);
        let sentence = ev.and_then(|e| e.sentence.clone()).unwrap_or_default();
        let opt = |v: Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
        // The table is read by people: entities decoded once and mojibake repaired. CSV and
        // JSON keep the stored text, which their byte and char offsets index.
        let sentence = if csv { sentence } else { citra_normalize::for_display(&sentence) };
        if csv {
            t.push(vec![
                p.doc_id.to_string(),
                p.time.to_rfc3339(),
                p.author.clone().unwrap_or_default(),
                p.share.map(|s| fixed(s, 4)).unwrap_or_default(),
                fixed(p.contribution, 5),
                fixed(p.tone, 4),
                fixed(p.weight, 4),
                p.engagement.to_string(),
                p.mentions.to_string(),
                ev.map(|e| e.surface.clone()).unwrap_or_default(),
                opt(ev.map(|e| e.byte_start)),
                opt(ev.map(|e| e.byte_end)),
                opt(ev.and_then(|e| e.char_start)),
                opt(ev.and_then(|e| e.char_end)),
                ev.and_then(|e| e.tone).map(|t| fixed(f64::from(t.score), 4)).unwrap_or_default(),
                sentence,
            ]);
        } else {
            let mention = ev
                .map(|e| format!("{} @{}", e.surface, e.char_start.unwrap_or(e.byte_start)))
                .unwrap_or_default();
            t.push(vec![
                p.time.format("%Y-%m-%d").to_string(),
                p.author.clone().unwrap_or_else(|| "(unknown)".into()),
                share_text(p.share),
                fixed(p.tone, 2),
                p.engagement.to_string(),
                mention,
                clip(&sentence, SENTENCE_CHARS),
            ]);
        }
    }
    t
}
