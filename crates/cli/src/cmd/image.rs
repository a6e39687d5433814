//! `citra image`: the citra index of a country per period.

use crate::args::{Format, ImageArgs};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result};
use citra_actions::{ROOT_NAMES, THEMES};
use citra_analytics::{IndexPoint, Period, image_index};
use citra_model::Quad;
use citra_store::{ObsQuery, Store};
use std::path::Path;

pub(crate) fn run(db: &Path, args: ImageArgs) -> Result<()> {
    let country = super::resolve_country(&args.country)?;
    let period: Period = args.by.parse().context("--by")?;
    let (from, to) = super::parse_range(args.from.as_deref(), args.to.as_deref())?;
    let theme = args.theme.as_deref().map(parse_theme).transpose()?;
    let action = args.action.as_deref().map(parse_action).transpose()?;
    let store = super::open_existing_store(db)?;
    let points = if theme.is_some() || action.is_some() {
        index_filtered(&store, country.alpha3, from, to, period, theme, action)?
    } else {
        index_of(&store, country.alpha3, from, to, period)?
    };
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
    print_index(country.alpha3, country.name_en, period, &points, args.format)
}

/// The index of one country from the store.
pub(crate) fn index_of(
    store: &Store,
    alpha3: &str,
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
    period: Period,
) -> Result<Vec<IndexPoint>> {
    let obs = store.observations(&ObsQuery { country: alpha3.to_owned(), from, to })?;
    Ok(image_index(&obs, period))
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

/// The index of one country over the mentions with a theme and/or an action coded about them.
pub(crate) fn index_filtered(
    store: &Store,
    alpha3: &str,
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
    period: Period,
    theme: Option<&str>,
    action: Option<Action>,
) -> Result<Vec<IndexPoint>> {
    let q = ObsQuery { country: alpha3.to_owned(), from, to };
    let obs = store.observations(&q)?;
    let facets = store.mention_facets(&q)?;
    let keep: Vec<_> = obs
        .into_iter()
        .filter(|o| {
            let Some(f) = facets.get(&o.mention_id) else { return false };
            theme.is_none_or(|t| f.themes.iter().any(|x| x == t))
                && action.is_none_or(|a| match a {
                    Action::Quad(q) => f.quads.contains(&q),
                    Action::Root(r) => f.roots.contains(&r),
                })
        })
        .collect();
    Ok(image_index(&keep, period))
}

pub(crate) fn print_index(
    alpha3: &str,
    name: &str,
    period: Period,
    points: &[IndexPoint],
    format: Format,
) -> Result<()> {
    let mut table = Table::new([
        period.as_str(),
        "mentions",
        "docs",
        "tone",
        "95% CI",
        "positive",
        "negative",
        "net fav",
    ]);
    if format == Format::Csv {
        table = Table::new([
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
    }
    for p in points {
        let row = if format == Format::Csv {
            vec![
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
            ]
        } else {
            vec![
                period.label(p.period),
                p.mentions.to_string(),
                p.docs.to_string(),
                fixed(p.tone, 2),
                format!("[{}, {}]", fixed(p.ci_low, 2), fixed(p.ci_high, 2)),
                format!("{}%", fixed(100.0 * p.positive, 0)),
                format!("{}%", fixed(100.0 * p.negative, 0)),
                fixed(p.net_favourability, 0),
            ]
        };
        table.push(row);
    }
    let json = serde_json::json!({
        "country": alpha3,
        "name": name,
        "period": period.as_str(),
        "weight": "1 + ln(1 + engagement)",
        "points": points,
    });
    emit(format, &table, &json)
}
