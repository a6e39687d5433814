//! `citra shocks`: change points in a country's citra index (PELT; see
//! `citra_analytics::detect_shocks`).

use crate::args::{Format, ShocksArgs};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result, bail};
use citra_analytics::{Penalty, Period, ShockOptions, ShockReport, detect_shocks};
use citra_store::ObsQuery;
use std::path::Path;

/// How the method is named in JSON output.
const METHOD: &str = "PELT (Killick, Fearnhead & Eckley 2012), change in mean of the \
                      reach-weighted tone, Gaussian cost with difference-based dispersion";

pub(crate) fn run(db: &Path, args: ShocksArgs) -> Result<()> {
    let country = super::resolve_country(&args.country)?;
    let period: Period = args.by.parse().context("--by")?;
    if period == Period::Year {
        bail!("--by year leaves too few points for change points: use day, week or month");
    }
    let penalty: Penalty = args.penalty.parse().context("--penalty")?;
    if args.min_mentions == 0 {
        bail!("--min-mentions must be at least 1");
    }
    let (from, to) = super::parse_range(args.from.as_deref(), args.to.as_deref())?;
    let counting = super::counting(&args.count)?;
    let store = super::open_existing_store(db)?;
    let obs = store.observations(&ObsQuery { country: country.alpha3.to_owned(), from, to })?;
    let (obs, tally) = counting.apply(obs);
    if args.format == Format::Table {
        eprintln!("{}", counting.describe(&tally));
    }
    let opts = ShockOptions { period, min_mentions: args.min_mentions, penalty };
    let mut report = detect_shocks(&obs, &opts);
    if let Some(n) = args.top {
        report.shocks.sort_by(|a, b| b.size.abs().total_cmp(&a.size.abs()));
        report.shocks.truncate(n);
        report.shocks.sort_by_key(|s| s.date);
    }
    if args.format == Format::Table {
        if obs.is_empty() {
            eprintln!(
                "no dated mentions of {} ({}) in {} for this range",
                country.name_en,
                country.alpha3,
                db.display()
            );
        } else {
            eprintln!(
                "PELT on {} {} bins of at least {} mentions ({} posts), penalty {} ({}), \
                 dispersion {}: {} change point{}",
                report.bins,
                period.as_str(),
                args.min_mentions,
                report.docs,
                fixed(report.penalty, 2),
                args.penalty.trim().to_ascii_lowercase(),
                fixed(report.dispersion, 3),
                report.shocks.len(),
                if report.shocks.len() == 1 { "" } else { "s" },
            );
        }
    }
    print(country.alpha3, country.name_en, period, &report, args.format)
}

fn print(
    alpha3: &str,
    name: &str,
    period: Period,
    report: &ShockReport,
    format: Format,
) -> Result<()> {
    let mut table = if format == Format::Csv {
        Table::new([
            "date",
            "country",
            "last_before",
            "before",
            "after",
            "size",
            "ci_low",
            "ci_high",
            "docs_before",
            "docs_after",
            "mentions_before",
            "mentions_after",
            "score",
            "p_value",
        ])
    } else {
        Table::new([
            "date",
            period.as_str(),
            "last before",
            "before",
            "after",
            "size",
            "95% CI",
            "docs after",
            "mentions after",
            "p",
        ])
    };
    for s in &report.shocks {
        let row = if format == Format::Csv {
            vec![
                s.date.to_string(),
                alpha3.to_owned(),
                s.last_before.to_string(),
                fixed(s.before, 4),
                fixed(s.after, 4),
                fixed(s.size, 4),
                fixed(s.ci_low, 4),
                fixed(s.ci_high, 4),
                s.docs_before.to_string(),
                s.docs_after.to_string(),
                s.mentions_before.to_string(),
                s.mentions_after.to_string(),
                fixed(s.score, 3),
                format!("{:.3e}", s.p_value),
            ]
        } else {
            vec![
                s.date.to_string(),
                period.label(s.date),
                s.last_before.to_string(),
                fixed(s.before, 2),
                fixed(s.after, 2),
                format!("{}{}", if s.size > 0.0 { "+" } else { "" }, fixed(s.size, 2)),
                format!("[{}, {}]", fixed(s.ci_low, 2), fixed(s.ci_high, 2)),
                s.docs_after.to_string(),
                s.mentions_after.to_string(),
                p_text(s.p_value),
            ]
        };
        table.push(row);
    }
    let json = serde_json::json!({
        "country": alpha3,
        "name": name,
        "method": METHOD,
        "weight": "1 + ln(1 + engagement)",
        "period": period.as_str(),
        "min_mentions": report.options.min_mentions,
        "penalty": report.penalty,
        "dispersion": report.dispersion,
        "drift_dispersion": report.drift_dispersion,
        "bins": report.bins,
        "docs": report.docs,
        "shocks": report.shocks,
        "segments": report.segments,
    });
    emit(format, &table, &json)
}

/// A p-value for people: `<0.001` below a thousandth.
fn p_text(p: f64) -> String {
    if p < 0.001 { "<0.001".into() } else { fixed(p, 3) }
}
