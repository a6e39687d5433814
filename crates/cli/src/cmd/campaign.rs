//! `citra campaign`: a country's index inside a topic against outside it, before and after a date
//! (see `citra_analytics::campaign` for the matching rules and the difference-in-differences).

use crate::args::{CampaignArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::{Result, bail};
use citra_analytics::{CampaignCell, Estimate, TopicMatcher, campaign};
use citra_store::{MentionQuery, ObsQuery};
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) fn run(db: &Path, args: CampaignArgs) -> Result<()> {
    let country = super::resolve_country(&args.country)?;
    let matcher = TopicMatcher::new(&args.topic);
    if matcher.is_empty() {
        bail!(
            "--topic '{}' has no terms: give words, phrases or hashtags separated by commas, \
             e.g. --topic \"coco,#coco,día de muertos\"",
            args.topic
        );
    }
    let at = match args.at.as_deref() {
        Some(d) => {
            super::parse_range(Some(d), None)
                .map_err(|e| anyhow::anyhow!("{}", format!("{e:#}").replace("--from", "--at")))?
                .0
        }
        None => None,
    };
    let (from, to) = super::parse_range(args.from.as_deref(), args.to.as_deref())?;
    let counting = super::counting(&args.count)?;
    let store = super::open_existing_store(db)?;
    let obs = store.observations(&ObsQuery { country: country.alpha3.to_owned(), from, to })?;
    let obs = counting.filter(obs);
    let page = store.mentions_page(&MentionQuery {
        country: country.alpha3.to_owned(),
        from,
        to,
        offset: 0,
        limit: u64::MAX,
    })?;
    let mut inside: BTreeMap<i64, bool> = BTreeMap::new();
    for r in &page.rows {
        inside.entry(r.doc_id).or_insert_with(|| matcher.matches(&r.text));
    }
    let report = campaign(&obs, |o| inside.get(&o.doc_id).copied().unwrap_or(false), at);
    let topic_docs = report.cells.iter().filter(|c| c.inside).map(|c| c.docs).sum::<u64>();
    if args.format == Format::Table {
        if obs.is_empty() {
            eprintln!(
                "no dated mentions of {} ({}) in {} for this range",
                country.name_en,
                country.alpha3,
                db.display()
            );
        } else if topic_docs == 0 {
            eprintln!(
                "no post about {} matches the topic ({})",
                country.alpha3,
                matcher.terms().join(", ")
            );
        }
    }

    let csv = args.format == Format::Csv;
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
    let periods: Vec<&str> = if at.is_some() { vec!["before", "after"] } else { vec!["all"] };
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
    if at.is_some() {
        let terms = [(1.0, 1), (-1.0, 0), (-1.0, 3), (1.0, 2)];
        estimate_row("did", "after − before", &report.did, &terms);
    }
    let json = serde_json::json!({
        "country": country.alpha3,
        "name": country.name_en,
        "topic": matcher.terms(),
        "at": at.map(|t| t.date_naive()),
        "weight": "1 + ln(1 + engagement)",
        "cells": report.cells,
        "gaps": report.gaps,
        "did": report.did,
    });
    emit(args.format, &table, &json)
}
