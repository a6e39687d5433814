//! `citra image`: the citra index of a country per period (see `citra_query::image`).

use crate::args::{Format, ImageArgs};
use crate::output::{Table, emit, fixed};
use anyhow::Result;
use chrono::NaiveDate;
use citra_analytics::{IndexPoint, Period};
use citra_query::{Params, image};
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) fn run(db: &Path, args: ImageArgs) -> Result<()> {
    let split = if args.by_voice { Some("voice".to_owned()) } else { args.split.clone() };
    let mut p = Params {
        country: Some(args.country.clone()),
        from: args.from.clone(),
        to: args.to.clone(),
        by: Some(args.by.clone()),
        theme: args.theme.clone(),
        action: args.action.clone(),
        split,
        coder: Some(args.coder.clone()),
        ..Params::default()
    };
    super::count_params(&args.count, &mut p);
    p.exclude = args.exclude.clone();
    super::coord_params(&args.coord, &mut p);
    p.dedupe = args.dedupe.clone();
    super::story_params(&args.story, &mut p);
    let req = super::q(image::Request::from_params(&p, super::authors(&args.count)?))?;
    let store = super::open_existing_store(db)?;
    if req.coder == citra_query::params::Coder::Gdelt {
        let answer = super::q(image::gdelt_answer(&store, &req))?;
        return print_gdelt(db, &answer, args.format);
    }
    let answer = super::q(image::answer(&store, &req))?;
    if args.format == Format::Table {
        if let Some(x) = &answer.excluded {
            let top: Vec<String> = x
                .top_accounts
                .iter()
                .take(5)
                .map(|a| format!("{} (cluster {}, {})", a.account, a.cluster, a.mentions))
                .collect();
            eprintln!(
                "without coordinated accounts: {} clusters, {} accounts (window {} s, at least \
                 {} repeats); left out {} mentions in {} documents{}",
                x.clusters,
                x.accounts,
                x.window_s,
                x.min_repeats,
                x.mentions,
                x.docs,
                if top.is_empty() { String::new() } else { format!(": {}", top.join(", ")) }
            );
        }
        if let Some(d) = &answer.deduped {
            eprintln!(
                "each story once: {} stories of {} mention {} (similarity ≥ {}, at least {} words); \
                 merged {} documents, {} mentions, into their first copies",
                d.stories,
                d.stories_total,
                answer.country,
                d.threshold,
                d.min_words,
                d.docs,
                d.mentions
            );
        }
        eprintln!("{}", req.counting.describe(&answer.counting));
        if answer.points.is_empty() {
            let what = match (answer.theme, &answer.action) {
                (None, None) => String::new(),
                (t, a) => format!(
                    " with{}{}",
                    t.map(|t| format!(" theme {t}")).unwrap_or_default(),
                    a.as_ref().map(|a| format!(" action {a}")).unwrap_or_default()
                ),
            };
            eprintln!(
                "no dated mentions of {} ({}){what} in {} for this range",
                answer.name,
                answer.country,
                db.display()
            );
        }
    }
    print(&answer, req.period, args.format)
}

/// GDELT's tone toward a country (`--coder gdelt`), labelled as GDELT's.
fn print_gdelt(db: &Path, answer: &image::GdeltAnswer, format: Format) -> Result<()> {
    if format == Format::Table {
        eprintln!(
            "GDELT's tone toward {} ({}): mean AvgTone of the GDELT events whose target (Actor2) it \
             is, on GDELT's scale -100..100 — not the citra index",
            answer.name, answer.country
        );
        if answer.points.is_empty() {
            eprintln!(
                "no GDELT events with {} as Actor2 in {} for this range (load GDELT 2.0 files \
                 with `citra ingest`)",
                answer.country,
                db.display()
            );
        }
    }
    let digits = if format == Format::Csv { 4 } else { 2 };
    let mut table = Table::new(["period", "events", "gdelt_avg_tone", "gdelt_goldstein"]);
    for p in &answer.points {
        table.push(vec![
            p.period.clone(),
            p.events.to_string(),
            fixed(p.avg_tone, digits),
            fixed(p.goldstein, digits),
        ]);
    }
    emit(format, &table, &serde_json::to_value(answer)?)
}

/// The answer as a table (for people), CSV or JSON; with a split, one block of rows per
/// segment, led by a column named after the split (`voice`, `lang`, `author`).
pub(crate) fn print(answer: &image::Answer, period: Period, format: Format) -> Result<()> {
    let merged: Option<BTreeMap<NaiveDate, usize>> = answer
        .deduped
        .as_ref()
        .map(|d| d.by_period.iter().map(|m| (m.period, m.mentions)).collect());
    let table = match (answer.split, &answer.segments) {
        (Some(split), Some(segments)) => index_table(
            answer.country,
            period,
            format,
            Some(split),
            merged.as_ref(),
            segments.iter().map(|s| (Some(s.key.as_str()), s.points.as_slice())),
        ),
        _ => index_table(
            answer.country,
            period,
            format,
            None,
            merged.as_ref(),
            [(None, answer.points.as_slice())],
        ),
    };
    emit(format, &table, &serde_json::to_value(answer)?)
}

/// The index as a table (human) or CSV, one row per point; series labelled with a segment get
/// a leading column named `split`; with `merged` (de-duplicated stories), a last column of the
/// mentions merged into each period's points.
fn index_table<'a>(
    alpha3: &str,
    period: Period,
    format: Format,
    split: Option<&str>,
    merged: Option<&BTreeMap<NaiveDate, usize>>,
    series: impl IntoIterator<Item = (Option<&'a str>, &'a [IndexPoint])>,
) -> Table {
    let csv = format == Format::Csv;
    let mut header: Vec<&str> = split.into_iter().collect();
    if csv {
        header.extend([
            "period",
            "country",
            "mentions",
            "docs",
            "reach",
            "tone",
            "ci_low",
            "ci_high",
            "positive",
            "negative",
            "net_favourability",
        ]);
    } else {
        header.extend([
            period.as_str(),
            "mentions",
            "docs",
            "tone",
            "95% CI",
            "positive",
            "negative",
            "net fav",
        ]);
    }
    if merged.is_some() {
        header.push("merged");
    }
    let mut table = Table::new(header);
    for (key, points) in series {
        for p in points {
            let mut row: Vec<String> = key.map(str::to_owned).into_iter().collect();
            if csv {
                row.extend([
                    p.period.to_string(),
                    alpha3.to_owned(),
                    p.mentions.to_string(),
                    p.docs.to_string(),
                    fixed(p.reach, 4),
                    fixed(p.tone, 4),
                    fixed(p.ci_low, 4),
                    fixed(p.ci_high, 4),
                    fixed(p.positive, 4),
                    fixed(p.negative, 4),
                    fixed(p.net_favourability, 2),
                ]);
            } else {
                row.extend([
                    period.label(p.period),
                    p.mentions.to_string(),
                    p.docs.to_string(),
                    fixed(p.tone, 2),
                    format!("[{}, {}]", fixed(p.ci_low, 2), fixed(p.ci_high, 2)),
                    format!("{}%", fixed(100.0 * p.positive, 0)),
                    format!("{}%", fixed(100.0 * p.negative, 0)),
                    fixed(p.net_favourability, 0),
                ]);
            }
            if let Some(m) = merged {
                row.push(m.get(&p.period).copied().unwrap_or(0).to_string());
            }
            table.push(row);
        }
    }
    table
}
