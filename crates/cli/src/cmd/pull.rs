//! `citra pull` (one live source) and `citra watch CONFIG.toml` (many, each at its interval).
//!
//! Both build [`citra_pull::config::Task`]s (a pull is a one-source config) and write through
//! [`StoreSink`]: each page's documents are annotated by the pipeline and stored, with the
//! page's rejections and the source's new state, in one transaction. Ctrl-C (or SIGTERM)
//! stops after the current page; the next run resumes from the committed state.

use crate::args::{PullArgs, WatchArgs};
use anyhow::{Result, anyhow, bail};
use citra_pipeline::Pipeline;
use citra_pull::clock::SystemClock;
use citra_pull::config::{Config, SourceConfig, Task, TaskKind};
use citra_pull::http::{Fetcher, RetryPolicy, UreqTransport, WaitReason};
use citra_pull::jetstream::StreamOptions;
use citra_pull::run::{Event, PageCounts, PollCounts, Sink};
use citra_pull::{RawDoc, RecordError};
use citra_store::{Rejected, Store};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// Writes pages into the store through [`Store::load_page`] (ingest's path: annotated by the
/// pipeline, deduplicated by key), with their state, all or nothing.
pub(crate) struct StoreSink<'a> {
    store: &'a mut Store,
    pipeline: Pipeline,
}

impl Sink for StoreSink<'_> {
    fn state(&mut self, source: &str) -> Result<Option<String>, String> {
        self.store.cursor(source).map_err(|e| e.to_string())
    }

    fn commit(
        &mut self,
        source: &str,
        docs: Vec<RawDoc>,
        rejected: &[RecordError],
        state: Option<&str>,
    ) -> Result<PageCounts, String> {
        // The same path as `citra ingest`: Store::load's per-record code, one transaction.
        let records = docs.into_iter().map(Ok).chain(rejected.iter().map(|r| {
            Err(Rejected {
                source_path: r.source.path.clone(),
                line: r.source.line,
                reason: r.reason.clone(),
                raw: r.raw.clone(),
            })
        }));
        let pipeline = &self.pipeline;
        let n = self
            .store
            .load_page(records, |doc| pipeline.annotate(doc), |_| {}, state.map(|s| (source, s)))
            .map_err(|e| e.to_string())?;
        Ok(PageCounts { stored: n.stored, duplicates: n.duplicates, rejected: n.rejected })
    }

    fn contains(&mut self, doc: &RawDoc) -> bool {
        self.store.contains(doc).unwrap_or(false)
    }
}

/// The stop flag, set by Ctrl-C or SIGTERM.
fn stop_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Registration fails only for forbidden signals; these are not.
        let _ = signal_hook::flag::register(sig, stop.clone());
    }
    stop
}

fn fetcher(timeout: std::time::Duration, stop: Arc<AtomicBool>) -> Fetcher {
    Fetcher::new(
        Box::new(UreqTransport::new(timeout)),
        Arc::new(SystemClock::new(stop)),
        RetryPolicy::default(),
        0,
    )
}

/// Progress lines on standard error, and the totals.
struct Progress {
    quiet: bool,
    started: Instant,
    total: PollCounts,
    failed: Vec<String>,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        Progress {
            quiet,
            started: Instant::now(),
            total: PollCounts::default(),
            failed: Vec::new(),
        }
    }

    fn waits(&self, http: &Fetcher) {
        for w in http.take_waits() {
            if self.quiet || w.reason == WaitReason::Interval {
                continue;
            }
            let why = match &w.reason {
                WaitReason::RetryAfter => "as Retry-After asks".to_owned(),
                WaitReason::RateLimitReset => "until the rate limit resets".to_owned(),
                WaitReason::Backoff(e) => format!("after {e}"),
                WaitReason::Interval => String::new(),
            };
            eprintln!("waiting {:.1} s for {} {why}", w.duration.as_secs_f64(), w.host);
        }
    }

    fn event(&mut self, http: &Fetcher, e: Event<'_>) {
        self.waits(http);
        match e {
            Event::Page(key, c) => {
                if !self.quiet {
                    let secs = self.started.elapsed().as_secs_f64().max(1e-3);
                    eprintln!(
                        "{key}: {} pages, {} read, {} stored, {} duplicates, {} rejected ({:.0} \
                         posts/s)",
                        c.pages,
                        c.read,
                        c.stored,
                        c.duplicates,
                        c.rejected,
                        (self.total.read + c.read) as f64 / secs
                    );
                }
            }
            Event::Done(_, Ok(c)) => {
                self.total.pages += c.pages;
                self.total.read += c.read;
                self.total.stored += c.stored;
                self.total.duplicates += c.duplicates;
                self.total.rejected += c.rejected;
            }
            Event::Done(key, Err(citra_pull::Error::Stopped)) => {
                eprintln!("{key}: stopped; the next run goes on from the last committed page");
            }
            Event::Done(key, Err(err)) => {
                eprintln!("warning: {key}: {err}");
                self.failed.push(format!("{key}: {err}"));
            }
        }
    }

    fn summary(&self) -> String {
        let t = &self.total;
        format!(
            "{} read, {} stored, {} duplicates, {} rejected",
            t.read, t.stored, t.duplicates, t.rejected
        )
    }
}

fn record(
    store: &Store,
    started: chrono::DateTime<chrono::Utc>,
    keys: Vec<String>,
    t: &PollCounts,
) -> Result<()> {
    store.record_run(&citra_store::RunSummary {
        started,
        finished: chrono::Utc::now(),
        paths: keys,
        read: t.read,
        stored: t.stored,
        duplicates: t.duplicates,
        rejected: t.rejected,
    })?;
    Ok(())
}

pub(crate) fn run_pull(db: &Path, args: PullArgs) -> Result<()> {
    let kind = args.kind.as_str();
    if !matches!(kind, "bluesky" | "mastodon" | "rss" | "jetstream") {
        bail!("unknown source '{kind}': use bluesky, mastodon, rss or jetstream");
    }
    if kind != "rss" && !args.feeds.is_empty() {
        bail!(
            "{kind} takes no positional arguments ({}): use --account, --query or --hashtag",
            args.feeds.join(" ")
        );
    }
    let feed_list = match &args.feed_list {
        Some(p) => Some(
            std::fs::canonicalize(p)
                .map_err(|e| anyhow!("--feed-list {}: {e}", p.display()))?
                .display()
                .to_string(),
        ),
        None => None,
    };
    let source = SourceConfig {
        kind: kind.to_owned(),
        accounts: args.accounts.clone(),
        queries: args.queries.clone(),
        hashtags: args.hashtags.clone(),
        public: args.public.clone(),
        appview: args.appview.clone(),
        instance: args.instance.clone(),
        lang: args.lang.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        feeds: args.feeds.clone(),
        feed_list,
        articles: args.articles,
        url: args.url.clone(),
        dids: args.dids.clone(),
        collections: args.collections.clone(),
        poll_interval: None,
        min_interval: args.min_interval.clone(),
    };
    let config =
        Config { poll_interval: None, timeout: Some(args.timeout.clone()), source: vec![source] };
    let timeout = config.timeout().map_err(|e| anyhow!("--timeout {e}"))?;
    let mut tasks =
        config.tasks(Path::new(".")).map_err(|e| anyhow!("{}", e.replace("[[source]] 1 ", "")))?;
    let duration = citra_pull::config::parse_duration(&args.duration)
        .map_err(|e| anyhow!("--duration {e}"))?;
    if let Some(m) = args.max_pages {
        for t in &mut tasks {
            if let TaskKind::Paged(_, opts) = &mut t.kind {
                opts.max_pages = Some(m);
            }
        }
    }
    let stop = stop_flag();
    let http = fetcher(timeout, stop);
    let mut store = super::open_store(db)?;
    let started = chrono::Utc::now();
    let keys: Vec<String> = tasks.iter().map(Task::key).collect();
    let mut progress = Progress::new(args.quiet);
    {
        let mut sink = StoreSink { store: &mut store, pipeline: Pipeline::new() };
        let stream = StreamOptions { duration, max_events: None, max_reconnects: 5 };
        for t in &mut tasks {
            http.force_min_interval(&t.host, t.min_interval);
            let key = t.key();
            let result = {
                let mut on_page = |c: &PollCounts| progress.event(&http, Event::Page(&key, c));
                citra_pull::run::run_task(t, &http, &mut sink, &stream, &mut on_page)
            };
            if let Err(citra_pull::Error::Sink(e)) = &result {
                bail!("writing to {}: {e}", db.display());
            }
            progress.event(&http, Event::Done(&key, result.as_ref().map(|c| *c)));
            if http.clock().stopped() {
                break;
            }
        }
    }
    record(&store, started, keys, &progress.total)?;
    println!("{}", progress.summary());
    if !progress.failed.is_empty() {
        bail!(
            "{} (what was read before is stored; the next pull goes on from there)",
            progress.failed.join("; ")
        );
    }
    Ok(())
}

pub(crate) fn run_watch(db: &Path, args: WatchArgs) -> Result<()> {
    let config = Config::read(&args.config).map_err(|e| anyhow!("{e}"))?;
    let dir = args.config.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tasks = config.tasks(dir).map_err(|e| anyhow!("{}: {e}", args.config.display()))?;
    if tasks.is_empty() {
        bail!(
            "{} names no [[source]]: see README, \"Watching live sources\"",
            args.config.display()
        );
    }
    let timeout =
        config.timeout().map_err(|e| anyhow!("{}: timeout {e}", args.config.display()))?;
    let stop = stop_flag();
    let http = fetcher(timeout, stop);
    let mut store = super::open_store(db)?;
    let started = chrono::Utc::now();
    let keys: Vec<String> = tasks.iter().map(Task::key).collect();
    if !args.quiet {
        eprintln!(
            "watching {} sources from {}; Ctrl-C stops after the current page",
            tasks.len(),
            args.config.display()
        );
    }
    let mut progress = Progress::new(args.quiet);
    let result = {
        let mut sink = StoreSink { store: &mut store, pipeline: Pipeline::new() };
        citra_pull::run::watch(&mut tasks, &http, &mut sink, args.once, &mut |e| {
            progress.event(&http, e)
        })
    };
    record(&store, started, keys, &progress.total)?;
    if http.clock().stopped() && !args.quiet {
        eprintln!("stopped; the next run goes on from the last committed page of each source");
    }
    println!("{}", progress.summary());
    match result {
        Err(citra_pull::Error::Sink(e)) => bail!("writing to {}: {e}", db.display()),
        _ if args.once && !progress.failed.is_empty() => bail!(
            "{} of {} sources failed: {} (the others were stored; the next run retries)",
            progress.failed.len(),
            tasks.len(),
            progress.failed.join("; ")
        ),
        _ => Ok(()),
    }
}
