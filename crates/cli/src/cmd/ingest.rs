//! `citra ingest`: read, annotate and store.

use crate::args::IngestArgs;
use anyhow::{Context, Result};
use citra_ingest::{ColumnMap, Format, IngestOptions};
use citra_pipeline::Pipeline;
use citra_store::{Rejected, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::Path;

/// Rejection lines printed before the rest are only counted.
const SHOWN_REJECTIONS: u64 = 20;
/// Documents per transaction.
/// Counts of one ingest run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Summary {
    pub(crate) read: u64,
    pub(crate) stored: u64,
    pub(crate) duplicates: u64,
    pub(crate) rejected: u64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} read, {} stored, {} duplicates, {} rejected",
            self.read, self.stored, self.duplicates, self.rejected
        )
    }
}

pub(crate) fn run(db: &Path, args: IngestArgs) -> Result<()> {
    let format = args
        .format
        .as_deref()
        .map(|f| f.parse::<Format>().map_err(|e| anyhow::anyhow!("--format: {e}")))
        .transpose()?;
    let map = match args.map.as_deref() {
        Some(spec) => ColumnMap::parse(spec).context("--map")?,
        None => ColumnMap::default(),
    };
    let opts = IngestOptions {
        format,
        map,
        platform: args.platform.clone(),
        max_text_bytes: args.max_text_bytes,
        encoding: None,
    };
    let mut store = super::open_store(db)?;
    let started = chrono::Utc::now();
    let author = args.author.as_deref().map(|a| a.trim_start_matches('@').to_owned());
    let summary = ingest_paths(&mut store, &args.paths, &opts, author.as_deref(), args.quiet)?;
    store.record_run(&citra_store::RunSummary {
        started,
        finished: chrono::Utc::now(),
        paths: args.paths.clone(),
        read: summary.read,
        stored: summary.stored,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
    })?;
    println!("{summary}");
    Ok(())
}

/// Reads every path into the store; a bad record is stored as rejected and never stops the run.
pub(crate) fn ingest_paths(
    store: &mut Store,
    paths: &[String],
    opts: &IngestOptions,
    default_author: Option<&str>,
    quiet: bool,
) -> Result<Summary> {
    let pipeline = Pipeline::new();
    let mut sum = Summary::default();
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} {human_pos} records, {per_sec}, {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    };
    for path in paths {
        let reader = citra_ingest::open(path, opts).with_context(|| format!("reading {path}"))?;
        bar.set_message(path.clone());
        let records = reader.inspect(|_| bar.inc(1)).map(|record| {
            record.map_err(|bad| Rejected {
                source_path: bad.source.path,
                line: bad.source.line,
                reason: bad.reason,
                raw: bad.raw,
            })
        });
        let n = store.load(
            records,
            |doc| {
                if doc.author.is_none() {
                    doc.author = default_author.map(str::to_owned);
                }
                pipeline.annotate(doc)
            },
            |bad| {
                if !quiet && sum.rejected < SHOWN_REJECTIONS {
                    bar.suspend(|| {
                        eprintln!("rejected {}:{}: {}", bad.source_path, bad.line, bad.reason)
                    });
                }
                sum.rejected += 1;
            },
        )?;
        sum.read += n.read;
        sum.stored += n.stored;
        sum.duplicates += n.duplicates;
    }
    bar.finish_and_clear();
    if !quiet && sum.rejected > SHOWN_REJECTIONS {
        eprintln!(
            "… and {} more rejected records: `citra rejected` lists them all",
            sum.rejected - SHOWN_REJECTIONS
        );
    }
    Ok(sum)
}
