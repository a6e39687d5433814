//! `citra image`: the citra index of a country per period.

use crate::args::{Format, ImageArgs};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result};
use citra_actions::{ROOT_NAMES, THEMES};
use citra_analytics::{IndexPoint, Period, image_index, image_index_by};
use citra_model::{Observation, Quad};
use citra_pipeline::counting::{Counting, Tally, Voice};
use citra_store::{ObsQuery, Store};
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) fn run(db: &Path, args: ImageArgs) -> Result<()> {
    let country = super::resolve_country(&args.country)?;
    let period: Period = args.by.parse().context("--by")?;
    let (from, to) = super::parse_range(args.from.as_deref(), args.to.as_deref())?;
    let theme = args.theme.as_deref().map(parse_theme).transpose()?;
    let action = args.action.as_deref().map(parse_action).transpose()?;
    let counting = super::counting(&args.count)?;
    let store = super::open_existing_store(db)?;
    let (obs, tally) = counted(&store, &counting, country.alpha3, from, to, theme, action)?;
    let points = image_index(&obs, period);
    if args.format == Format::Table {
        eprintln!("{}", counting.describe(&tally));
    }
    if args.by_voice {
        let split = image_index_by(&obs, period, |o| counting.voice(o));
        return print_by_voice(
            country.alpha3,
            country.name_en,
            period,
            &counting,
            &split,
            args.format,
        );
    }
    if points.is_empty() && args.format == Format::Table {
        let what = match (&args.theme, &args.action) {
            (None, None) => String::new(),
            (t, a) => format!(
                " with{}{}",
                t.as_ref().map(|t| format!(" theme {t}")).unwrap_or_default(),
                a.as_ref().map(|a| format!(" action {a}")).unwrap_or_default()
            ),
        };
        eprintln!(
            "no dated mentions of {} ({}){what} in {} for this range",
            country.name_en,
            country.alpha3,
            db.display()
        );
    }
    print_index(country.alpha3, country.name_en, period, &counting, &points, args.format)
}

/// The index of one country from the store, with the counting rules.
pub(crate) fn index_of(
    store: &Store,
    counting: &Counting,
    alpha3: &str,
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
    period: Period,
) -> Result<Vec<IndexPoint>> {
    let (obs, _) = counted(store, counting, alpha3, from, to, None, None)?;
    Ok(image_index(&obs, period))
}

/// The observations of one country that count (see `citra_pipeline::counting`), with a theme
/// and/or an action coded about them when asked, and the tally of those left out.
pub(crate) fn counted(
    store: &Store,
    counting: &Counting,
    alpha3: &str,
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
    theme: Option<&str>,
    action: Option<Action>,
) -> Result<(Vec<Observation>, Tally)> {
    let q = ObsQuery { country: alpha3.to_owned(), from, to };
    let mut obs = store.observations(&q)?;
    if theme.is_some() || action.is_some() {
        let facets = store.mention_facets(&q)?;
        obs.retain(|o| {
            let Some(f) = facets.get(&o.mention_id) else { return false };
            theme.is_none_or(|t| f.themes.iter().any(|x| x == t))
                && action.is_none_or(|a| match a {
                    Action::Quad(q) => f.quads.contains(&q),
                    Action::Root(r) => f.roots.contains(&r),
                })
        });
    }
    Ok(counting.apply(obs))
}

/// What `--action` selects: a quad class or a CAMEO root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Quad(Quad),
    Root(u8),
}

fn parse_theme(t: &str) -> Result<&'static str> {
    let t = t.trim().to_ascii_lowercase().replace(['-', ' ', '/'], "_");
    let t = if t == "diplomacy" || t == "visits" { "diplomacy_visits".to_owned() } else { t };
    THEMES
        .iter()
        .copied()
        .find(|x| *x == t)
        .with_context(|| format!("--theme: unknown theme '{t}': use one of {}", THEMES.join(", ")))
}

fn parse_action(a: &str) -> Result<Action> {
    let a = a.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    if let Some(q) = Quad::parse(&a) {
        return Ok(Action::Quad(q));
    }
    if let Ok(r) = a.parse::<u8>()
        && (1..=20).contains(&r)
    {
        return Ok(Action::Root(r));
    }
    if let Some(i) = ROOT_NAMES.iter().position(|n| n.replace(' ', "_") == a) {
        return Ok(Action::Root(i as u8 + 1));
    }
    anyhow::bail!(
        "--action: unknown action '{a}': use a quad class (verbal_coop, material_coop, \
         verbal_conflict, material_conflict) or a CAMEO root 1-20 (e.g. 13 for threaten)"
    )
}

pub(crate) fn print_index(
    alpha3: &str,
    name: &str,
    period: Period,
    counting: &Counting,
    points: &[IndexPoint],
    format: Format,
) -> Result<()> {
    let table = index_table(alpha3, period, format, [(None, points)]);
    let json = serde_json::json!({
        "country": alpha3,
        "name": name,
        "period": period.as_str(),
        "weight": "1 + ln(1 + engagement)",
        "leaders": counting.leaders.as_str(),
        "voice": counting.voice.as_str(),
        "points": points,
    });
    emit(format, &table, &json)
}

/// The index as a table (human) or CSV, one row per point; series labelled with a voice get a
/// leading `voice` column.
fn index_table<'a>(
    alpha3: &str,
    period: Period,
    format: Format,
    series: impl IntoIterator<Item = (Option<Voice>, &'a [IndexPoint])>,
) -> Table {
    let series: Vec<_> = series.into_iter().collect();
    let by_voice = series.iter().any(|(v, _)| v.is_some());
    let csv = format == Format::Csv;
    let mut header: Vec<&str> = if by_voice { vec!["voice"] } else { Vec::new() };
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
    let mut table = Table::new(header);
    for (voice, points) in series {
        for p in points {
            let mut row: Vec<String> = voice.map(|v| v.as_str().to_owned()).into_iter().collect();
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
            table.push(row);
        }
    }
    table
}

/// One series per voice: the table and CSV get a `voice` column, the JSON a `voices` list.
fn print_by_voice(
    alpha3: &str,
    name: &str,
    period: Period,
    counting: &Counting,
    split: &BTreeMap<Voice, Vec<IndexPoint>>,
    format: Format,
) -> Result<()> {
    let table =
        index_table(alpha3, period, format, split.iter().map(|(v, p)| (Some(*v), p.as_slice())));
    let voices: Vec<serde_json::Value> = split
        .iter()
        .map(|(v, points)| serde_json::json!({"voice": v.as_str(), "points": points}))
        .collect();
    let json = serde_json::json!({
        "country": alpha3,
        "name": name,
        "period": period.as_str(),
        "weight": "1 + ln(1 + engagement)",
        "leaders": counting.leaders.as_str(),
        "voice": counting.voice.as_str(),
        "voices": voices,
    });
    emit(format, &table, &json)
}
