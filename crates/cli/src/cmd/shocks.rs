//! `citra shocks`: change points in a country's citra index (PELT; see
//! `citra_analytics::detect_shocks`).

use crate::args::{Format, ShocksArgs};
use crate::output::{Table, emit, fixed};
use anyhow::Result;
use citra_query::{Params, shocks};
use std::path::Path;

pub(crate) fn run(db: &Path, args: ShocksArgs) -> Result<()> {
    let mut p = Params {
        country: Some(args.country.clone()),
        from: args.from.clone(),
        to: args.to.clone(),
        by: Some(args.by.clone()),
        min_mentions: Some(args.min_mentions.to_string()),
        penalty: Some(args.penalty.clone()),
        top: args.top.map(|n| n.to_string()),
        ..Params::default()
    };
    super::count_params(&args.count, &mut p);
    let req = super::q(shocks::Request::from_params(&p, super::authors(&args.count)?))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(shocks::answer(&store, &req))?;
    if args.format == Format::Table {
        eprintln!("{}", req.counting.describe(&answer.tally));
        if answer.docs == 0 {
            eprintln!(
                "no dated mentions of {} ({}) in {} for this range",
                answer.name,
                answer.country,
                db.display()
            );
        } else {
            eprintln!(
                "PELT on {} {} bins of at least {} mentions ({} posts), penalty {} ({}), \
                 dispersion {}: {} change point{}",
                answer.bins,
                answer.period,
                answer.min_mentions,
                answer.docs,
                fixed(answer.penalty, 2),
                args.penalty.trim().to_ascii_lowercase(),
                fixed(answer.dispersion, 3),
                answer.shocks.len(),
                if answer.shocks.len() == 1 { "" } else { "s" },
            );
        }
    }
    print(&answer, req.options.period, args.format)
}

fn print(answer: &shocks::Answer, period: citra_analytics::Period, format: Format) -> Result<()> {
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
    for s in &answer.shocks {
        let row = if format == Format::Csv {
            vec![
                s.date.to_string(),
                answer.country.to_owned(),
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
    emit(format, &table, &serde_json::to_value(answer)?)
}

/// A p-value for people: `<0.001` below a thousandth.
fn p_text(p: f64) -> String {
    if p < 0.001 { "<0.001".into() } else { fixed(p, 3) }
}
