//! `citra explain`: the posts and actors that moved a country's index in a window against the
//! baseline before it, with the sentence and mention behind each post (see
//! `citra_analytics::attribute` for the definition of a contribution).

use crate::args::{ExplainArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use citra_analytics::{Attribution, PostContribution, attribute, sentence_of};
use citra_model::{Observation, Span};
use citra_store::{MentionQuery, MentionRow, ObsQuery, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Characters of a sentence shown in table output.
const SENTENCE_CHARS: usize = 90;

/// One mention in a post, with the sentence that holds it.
#[derive(Debug, Serialize)]
struct Evidence {
    mention_id: i64,
    surface: String,
    byte_start: usize,
    byte_end: usize,
    char_start: Option<usize>,
    char_end: Option<usize>,
    tone: Option<f32>,
    label: Option<String>,
    sentence: Option<String>,
    sentence_byte_start: Option<usize>,
    sentence_byte_end: Option<usize>,
}

#[derive(Debug, Serialize)]
struct PostOut<'a> {
    #[serde(flatten)]
    post: &'a PostContribution,
    url: Option<String>,
    text: Option<String>,
    evidence: Vec<Evidence>,
}

type Window = (DateTime<Utc>, DateTime<Utc>);

fn day_start(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or_default()
}

fn parse_day(flag: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .with_context(|| format!("{flag} '{s}' is not a date: use YYYY-MM-DD, e.g. 2017-01-26"))
}

/// The window and the baseline, as half-open UTC ranges.
fn windows(args: &ExplainArgs) -> Result<(Window, Window)> {
    let window = match (&args.shock, &args.from, &args.to) {
        (Some(d), _, _) => {
            if args.window == 0 {
                bail!("--window must be at least 1 day");
            }
            let start = day_start(parse_day("--shock", d)?);
            (start, start + Duration::days(i64::from(args.window)))
        }
        (None, Some(f), Some(t)) => match super::parse_range(Some(f), Some(t))? {
            (Some(a), Some(b)) => (a, b),
            _ => bail!("--from and --to must both be days (YYYY-MM-DD)"),
        },
        _ => bail!(
            "say which change to explain: --shock DATE (a date from `citra shocks`) or \
             --from DAY --to DAY"
        ),
    };
    let baseline = match (&args.baseline_from, &args.baseline_to) {
        (Some(f), Some(t)) => match super::parse_range(Some(f), Some(t))? {
            (Some(a), Some(b)) => (a, b),
            _ => bail!("--baseline-from and --baseline-to must both be days (YYYY-MM-DD)"),
        },
        _ => (window.0 - (window.1 - window.0), window.0),
    };
    Ok((window, baseline))
}

pub(crate) fn run(db: &Path, args: ExplainArgs) -> Result<()> {
    let country = super::resolve_country(&args.country)?;
    let (window, baseline) = windows(&args)?;
    let counting = super::counting(&args.count)?;
    let store = super::open_existing_store(db)?;
    let q = |(from, to): Window| ObsQuery {
        country: country.alpha3.to_owned(),
        from: Some(from),
        to: Some(to),
    };
    let (win_obs, tally) = counting.apply(store.observations(&q(window))?);
    let base_obs = counting.filter(store.observations(&q(baseline))?);
    let attr = attribute(&win_obs, &base_obs);
    let evidence = evidence(&store, country.alpha3, window, &win_obs)?;
    if args.format == Format::Table {
        eprintln!("window: {}", counting.describe(&tally));
    }
    let last = |(_, to): Window| (to - Duration::days(1)).date_naive();
    let span = |w: Window| format!("{} … {}", w.0.date_naive(), last(w));

    if args.format == Format::Table {
        if attr.window_docs == 0 {
            eprintln!(
                "no dated, scored mentions of {} ({}) in {} from {}",
                country.name_en,
                country.alpha3,
                db.display(),
                span(window)
            );
        } else if attr.baseline_docs == 0 {
            eprintln!(
                "no posts about {} in the baseline {}: contributions are against a neutral 0",
                country.alpha3,
                span(baseline)
            );
        }
    }

    let posts: Vec<&PostContribution> = attr.posts.iter().take(args.top).collect();
    match args.format {
        Format::Json => {
            let out: Vec<PostOut<'_>> = posts
                .iter()
                .map(|p| {
                    let rows = evidence.get(&p.doc_id).map(Vec::as_slice).unwrap_or_default();
                    PostOut {
                        post: p,
                        url: rows.first().and_then(|r| r.url.clone()),
                        text: rows.first().map(|r| r.text.clone()),
                        evidence: rows.iter().map(evidence_of).collect(),
                    }
                })
                .collect();
            let json = serde_json::json!({
                "country": country.alpha3,
                "name": country.name_en,
                "window": {"from": window.0.date_naive(), "to": last(window)},
                "baseline": {"from": baseline.0.date_naive(), "to": last(baseline)},
                "definition": "contribution = w·(s − baseline) / Σw over the window; \
                               contributions sum to the change; share = contribution / change",
                "weight": "1 + ln(1 + engagement)",
                "leaders": counting.leaders.as_str(),
                "voice": counting.voice.as_str(),
                "window_counting": tally,
                "baseline_index": attr.baseline,
                "window_index": attr.window,
                "change": attr.change,
                "baseline_docs": attr.baseline_docs,
                "window_docs": attr.window_docs,
                "actors": attr.actors.iter().take(args.top).collect::<Vec<_>>(),
                "posts": out,
            });
            emit(Format::Json, &Table::new(Vec::<String>::new()), &json)
        }
        Format::Csv => {
            emit(Format::Csv, &post_table(&posts, &evidence, true), &serde_json::json!({}))
        }
        Format::Table => {
            println!(
                "{} ({}): index {} over {} ({} posts) → {} over {} ({} posts): change {}",
                country.name_en,
                country.alpha3,
                // An empty period has no index: shown as "–" on either side.
                if attr.baseline_docs == 0 { "–".into() } else { fixed(attr.baseline, 2) },
                span(baseline),
                attr.baseline_docs,
                attr.window.map_or("–".into(), |w| fixed(w, 2)),
                span(window),
                attr.window_docs,
                attr.change.map_or("–".into(), signed),
            );
            println!();
            println!("Actors");
            emit(Format::Table, &actor_table(&attr, args.top), &serde_json::json!({}))?;
            println!();
            println!("Posts");
            emit(Format::Table, &post_table(&posts, &evidence, false), &serde_json::json!({}))?;
            let shares =
                attr.actors.iter().map(|a| a.share).chain(attr.posts.iter().map(|p| p.share));
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

fn actor_table(attr: &Attribution, top: usize) -> Table {
    let mut t =
        Table::new(["author", "posts", "share", "contribution", "reach", "engagement", "tone"]);
    for a in attr.actors.iter().take(top) {
        t.push(vec![
            a.author.clone().unwrap_or_else(|| "(unknown)".into()),
            a.posts.to_string(),
            share_text(a.share),
            fixed(a.contribution, 3),
            fixed(a.reach, 1),
            a.engagement.to_string(),
            fixed(a.tone, 2),
        ]);
    }
    t
}

/// Mentions of the country in the window's documents, by document: only those among the
/// observations that count (`counted`).
pub(crate) fn evidence(
    store: &Store,
    alpha3: &str,
    (from, to): Window,
    counted: &[Observation],
) -> Result<BTreeMap<i64, Vec<MentionRow>>> {
    let keep: std::collections::HashSet<i64> = counted.iter().map(|o| o.mention_id).collect();
    let page = store.mentions_page(&MentionQuery {
        country: alpha3.to_owned(),
        from: Some(from),
        to: Some(to),
        offset: 0,
        limit: u64::MAX,
    })?;
    let mut by: BTreeMap<i64, Vec<MentionRow>> = BTreeMap::new();
    for r in page.rows.into_iter().filter(|r| keep.contains(&r.mention_id)) {
        by.entry(r.doc_id).or_default().push(r);
    }
    Ok(by)
}

fn evidence_of(r: &MentionRow) -> Evidence {
    let sentence = sentence_of(&r.text, Span::new(r.byte_start, r.byte_end));
    Evidence {
        mention_id: r.mention_id,
        surface: r.surface.clone(),
        byte_start: r.byte_start,
        byte_end: r.byte_end,
        char_start: r.char_start,
        char_end: r.char_end,
        tone: r.tone_score,
        label: r.tone_label.clone(),
        sentence: sentence.and_then(|s| s.slice(&r.text)).map(str::to_owned),
        sentence_byte_start: sentence.map(|s| s.start),
        sentence_byte_end: sentence.map(|s| s.end),
    }
}

/// The mention that carries the post's tone most: the largest |tone|, first in the text on ties.
pub(crate) fn strongest(rows: &[MentionRow]) -> Option<&MentionRow> {
    rows.iter().filter(|r| r.tone_score.is_some()).max_by(|a, b| {
        let (x, y) = (a.tone_score.unwrap_or(0.0).abs(), b.tone_score.unwrap_or(0.0).abs());
        x.total_cmp(&y).then(b.byte_start.cmp(&a.byte_start))
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

fn post_table(
    posts: &[&PostContribution],
    evidence: &BTreeMap<i64, Vec<MentionRow>>,
    csv: bool,
) -> Table {
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
    for p in posts {
        let rows = evidence.get(&p.doc_id).map(Vec::as_slice).unwrap_or_default();
        let m = strongest(rows);
        let ev = m.map(evidence_of);
        let sentence = ev.as_ref().and_then(|e| e.sentence.clone()).unwrap_or_default();
        let opt = |x: Option<usize>| x.map(|v| v.to_string()).unwrap_or_default();
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
                ev.as_ref().map(|e| e.surface.clone()).unwrap_or_default(),
                opt(ev.as_ref().map(|e| e.byte_start)),
                opt(ev.as_ref().map(|e| e.byte_end)),
                opt(ev.as_ref().and_then(|e| e.char_start)),
                opt(ev.as_ref().and_then(|e| e.char_end)),
                ev.as_ref()
                    .and_then(|e| e.tone)
                    .map(|x| fixed(f64::from(x), 4))
                    .unwrap_or_default(),
                sentence,
            ]);
        } else {
            let mention = ev
                .as_ref()
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
