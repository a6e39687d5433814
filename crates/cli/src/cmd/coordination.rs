//! `citra coordination`: accounts that repeatedly post or reshare the same thing within seconds
//! of each other (see `citra_query::coordination`).

use crate::args::{CoordinationArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::Result;
use citra_analytics::snippet;
use citra_query::{Params, coordination};
use std::io::Write;
use std::path::Path;

/// Objects shown per cluster in the evidence table.
const OBJECTS_SHOWN: usize = 3;
/// Shares shown per object in the evidence table.
const SHARES_SHOWN: usize = 6;
/// Accounts named per cluster in the clusters table.
const ACCOUNTS_SHOWN: usize = 6;

pub(crate) fn run(db: &Path, args: CoordinationArgs) -> Result<()> {
    let mut p = Params {
        country: args.country.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        top: Some(args.top.to_string()),
        ..Params::default()
    };
    super::coord_params(&args.coord, &mut p);
    let req = super::q(coordination::Request::from_params(&p))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(coordination::answer(&store, &req))?;
    if args.format == Format::Table {
        eprintln!(
            "coordination: window {} s, at least {} distinct co-shared objects ({}) per pair; \
             {} posts, {} accounts; {} pairs co-shared something, {} edges, {} clusters, {} \
             accounts in them",
            answer.window_s,
            answer.min_repeats,
            answer.objects.join(", "),
            answer.posts,
            answer.accounts,
            answer.pairs,
            answer.edges_total,
            answer.clusters_total,
            answer.coordinated_accounts
        );
        if let Some(note) = &answer.note {
            eprintln!("note: {note}");
        }
        if answer.posts == 0 {
            eprintln!("no posts in {} for this range", db.display());
        } else if answer.posts_without_author_or_time > 0 {
            eprintln!(
                "{} of {} posts have no author or no time and are left out",
                answer.posts_without_author_or_time, answer.posts
            );
        }
        if answer.posts > 0 && answer.matching == 0 {
            eprintln!(
                "no cluster{}: try a wider --window or a smaller --min-repeats",
                answer.country.map(|c| format!(" talks about {c}")).unwrap_or_default()
            );
        }
    }
    match args.format {
        Format::Json => emit(args.format, &Table::new([""; 0]), &serde_json::to_value(&answer)?),
        Format::Csv => emit(args.format, &edges_table(&answer), &serde_json::Value::Null),
        Format::Table => {
            if answer.clusters.is_empty() {
                return Ok(());
            }
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            clusters_table(&answer).write_text(&mut out)?;
            writeln!(out)?;
            evidence_table(&answer).write_text(&mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

fn gap(min: u32, median: f64) -> String {
    format!("{min} / {}", fixed(median, 1))
}

fn clusters_table(a: &coordination::Answer) -> Table {
    let mut t = Table::new([
        "cluster",
        "accounts",
        "edges",
        "weight",
        "gap s: min / median",
        "objects: text reshare url tag",
        "countries: posts",
        "accounts (by strength)",
    ]);
    for c in &a.clusters {
        let c0 = &c.cluster;
        let mut names: Vec<&str> =
            c0.accounts.iter().take(ACCOUNTS_SHOWN).map(|x| x.account.as_str()).collect();
        if c0.accounts.len() > ACCOUNTS_SHOWN {
            names.push("…");
        }
        t.push(vec![
            c0.id.to_string(),
            c0.accounts.len().to_string(),
            c0.edges.to_string(),
            c0.weight.to_string(),
            gap(c0.gaps.min_s, c0.gaps.median_s),
            format!("{} {} {} {}", c0.kinds.text, c0.kinds.reshare, c0.kinds.url, c0.kinds.hashtag),
            c0.countries
                .iter()
                .take(4)
                .map(|x| format!("{} {}", x.country, x.posts))
                .collect::<Vec<_>>()
                .join(", "),
            names.join(", "),
        ]);
    }
    t
}

fn evidence_table(a: &coordination::Answer) -> Table {
    let mut t =
        Table::new(["cluster", "object", "accounts", "span s", "shares (account time)", "text"]);
    for c in &a.clusters {
        for o in c.cluster.objects.iter().take(OBJECTS_SHOWN) {
            let mut shares: Vec<String> = o
                .shares
                .iter()
                .take(SHARES_SHOWN)
                .map(|s| format!("{} {}", s.account, s.time.format("%Y-%m-%d %H:%M:%S")))
                .collect();
            if o.shares.len() > SHARES_SHOWN {
                shares.push(format!("… {} more", o.shares.len() - SHARES_SHOWN));
            }
            t.push(vec![
                c.cluster.id.to_string(),
                o.kind.as_str().to_owned(),
                o.accounts.to_string(),
                o.span_s.to_string(),
                shares.join("; "),
                snippet(&o.example, 60),
            ]);
        }
    }
    t
}

/// One row per edge of the listed clusters.
fn edges_table(a: &coordination::Answer) -> Table {
    let mut t = Table::new([
        "cluster",
        "account_a",
        "account_b",
        "weight",
        "text",
        "reshare",
        "url",
        "hashtag",
        "min_gap_s",
        "median_gap_s",
        "max_gap_s",
    ]);
    for e in &a.edges {
        t.push(vec![
            e.cluster.to_string(),
            e.a.clone(),
            e.b.clone(),
            e.weight.to_string(),
            e.kinds.text.to_string(),
            e.kinds.reshare.to_string(),
            e.kinds.url.to_string(),
            e.kinds.hashtag.to_string(),
            e.gaps.min_s.to_string(),
            fixed(e.gaps.median_s, 1),
            e.gaps.max_s.to_string(),
        ]);
    }
    t
}
