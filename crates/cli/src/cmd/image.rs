//! `citra image`: the citra index of a country per period.

use crate::args::{Format, ImageArgs};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result};
use citra_analytics::{IndexPoint, Period, image_index};
use citra_store::{ObsQuery, Store};
use std::path::Path;

pub(crate) fn run(db: &Path, args: ImageArgs) -> Result<()> {
    let country = super::resolve_country(&args.country)?;
    let period: Period = args.by.parse().context("--by")?;
    let (from, to) = super::parse_range(args.from.as_deref(), args.to.as_deref())?;
    let store = super::open_existing_store(db)?;
    let points = index_of(&store, country.alpha3, from, to, period)?;
    if points.is_empty() && args.format == Format::Table {
        eprintln!(
            "no dated mentions of {} ({}) in {} for this range",
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
