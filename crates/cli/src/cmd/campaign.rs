//! `citra campaign`: a country's index inside a topic against outside it, before and after a date
//! (see `citra_query::campaign` and `citra_analytics::campaign` for the matching rules and the
//! difference-in-differences).

use crate::args::{CampaignArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::Result;
use citra_analytics::{CampaignCell, Estimate};
use citra_query::{Params, campaign};
use std::path::Path;

pub(crate) fn run(db: &Path, args: CampaignArgs) -> Result<()> {
    let mut p = Params {
        country: Some(args.country.clone()),
        topic: Some(args.topic.clone()),
        from: args.from.clone(),
        to: args.to.clone(),
        at: args.at.clone(),
        ..Params::default()
    };
    super::count_params(&args.count, &mut p);
    let req = super::q(campaign::Request::from_params(&p, super::authors(&args.count)?))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(campaign::answer(&store, &req))?;
    if args.format == Format::Table {
        if answer.docs() == 0 {
            eprintln!(
                "no dated mentions of {} ({}) in {} for this range",
                answer.name,
                answer.country,
                db.display()
            );
        } else if answer.topic_docs() == 0 {
            eprintln!(
                "no post about {} matches the topic ({})",
                answer.country,
                answer.topic.join(", ")
            );
        }
    }
    print(&answer, args.format)
}

/// The cells, the gaps and the difference-in-differences as rows (table or CSV), or the JSON.
fn print(report: &campaign::Answer, format: Format) -> Result<()> {
    let csv = format == Format::Csv;
    let mut table = if csv {
        Table::new([
            "row",
            "topic",
            "period",
            "docs",
            "mentions",
            "tone",
            "ci_low",
            "ci_high",
            "net_favourability",
        ])
    } else {
        Table::new(["row", "topic", "period", "docs", "mentions", "tone", "95% CI", "net fav"])
    };
    let period = |c: &CampaignCell| match c.after {
        None => "all",
        Some(false) => "before",
        Some(true) => "after",
    };
    let opt = |x: Option<f64>, d| x.map(|v| fixed(v, d)).unwrap_or_else(|| "–".into());
    let opt_csv = |x: Option<f64>, d| x.map(|v| fixed(v, d)).unwrap_or_default();
    for c in &report.cells {
        let topic = if c.inside { "inside" } else { "outside" };
        if csv {
            table.push(vec![
                "cell".into(),
                topic.into(),
                period(c).into(),
                c.docs.to_string(),
                c.mentions.to_string(),
                opt_csv(c.tone, 4),
                opt_csv(c.ci_low, 4),
                opt_csv(c.ci_high, 4),
                opt_csv(c.net_favourability, 2),
            ]);
        } else {
            table.push(vec![
                "index".into(),
                topic.into(),
                period(c).into(),
                c.docs.to_string(),
                c.mentions.to_string(),
                opt(c.tone, 2),
                match (c.ci_low, c.ci_high) {
                    (Some(a), Some(b)) => format!("[{}, {}]", fixed(a, 2), fixed(b, 2)),
                    _ => "–".into(),
                },
                opt(c.net_favourability, 0),
            ]);
        }
    }
    let periods: Vec<&str> =
        if report.at.is_some() { vec!["before", "after"] } else { vec!["all"] };
    // Difference rows: the estimate, the documents and mentions behind it, and the same
    // difference of net favourability.
    let mut estimate_row = |name: &str, per: &str, e: &Option<Estimate>, terms: &[(f64, usize)]| {
        let v = e.as_ref().map(|e| e.value);
        let lo = e.as_ref().and_then(|e| e.ci_low);
        let hi = e.as_ref().and_then(|e| e.ci_high);
        let cells: Vec<(f64, &CampaignCell)> =
            terms.iter().map(|&(sign, i)| (sign, &report.cells[i])).collect();
        let docs: u64 = cells.iter().map(|(_, c)| c.docs).sum();
        let mentions: u64 = cells.iter().map(|(_, c)| c.mentions).sum();
        let fav: Option<f64> =
            cells.iter().map(|(sign, c)| c.net_favourability.map(|f| sign * f)).sum();
        let row = if csv {
            vec![
                name.into(),
                "inside − outside".into(),
                per.into(),
                docs.to_string(),
                mentions.to_string(),
                opt_csv(v, 4),
                opt_csv(lo, 4),
                opt_csv(hi, 4),
                opt_csv(fav, 2),
            ]
        } else {
            vec![
                name.into(),
                "inside − outside".into(),
                per.into(),
                docs.to_string(),
                mentions.to_string(),
                opt(v, 2),
                match (lo, hi) {
                    (Some(a), Some(b)) => format!("[{}, {}]", fixed(a, 2), fixed(b, 2)),
                    _ => "–".into(),
                },
                opt(fav, 0),
            ]
        };
        table.push(row);
    };
    let k = periods.len();
    for (i, (g, per)) in report.gaps.iter().zip(&periods).enumerate() {
        estimate_row("gap", per, g, &[(1.0, i), (-1.0, k + i)]);
    }
    if report.at.is_some() {
        let terms = [(1.0, 1), (-1.0, 0), (-1.0, 3), (1.0, 2)];
        estimate_row("did", "after − before", &report.did, &terms);
    }
    emit(format, &table, &serde_json::to_value(report)?)
}
