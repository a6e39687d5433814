//! Driving a paged source: passes, pages, commits (see [`crate::state`]).

use crate::http::Fetcher;
use crate::state::{self, PagedState, Pass};
use crate::{Error, RawDoc, RecordError};
use std::collections::HashSet;

/// One item of a page: its sort key (text order is time order, newest first in a page) and
/// the documents it gives (a repost gives the repost and the post it reshares).
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// Sort key: an RFC 3339 UTC time or a zero-padded id.
    pub sort_key: String,
    /// The documents.
    pub docs: Vec<RawDoc>,
}

/// One page as a source read it.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Its items, newest first.
    pub items: Vec<Item>,
    /// The cursor of the next (older) page; `None` at the end.
    pub next: Option<String>,
    /// Records that could not be read (a malformed item, or the whole body).
    pub rejected: Vec<RecordError>,
    /// The body itself was malformed (truncated JSON): the page is tried again.
    pub malformed: bool,
}

impl Page {
    /// A page whose body could not be read (kept as a rejection of `url`; the page is read
    /// again).
    pub fn malformed(url: &str, reason: impl Into<String>, body: &str) -> Page {
        Page {
            rejected: vec![RecordError::new(url, 0, reason, body)],
            malformed: true,
            ..Page::default()
        }
    }
}

/// A source read in pages, newest first.
pub trait Feed {
    /// The source's key in the store's `cursors` table, e.g. `bluesky:author:nasa.bsky.social`.
    fn key(&self) -> &str;
    /// Reads the page at `cursor` (`None`: the top). `memo` is kept in the state between runs.
    fn fetch(
        &mut self,
        http: &Fetcher,
        cursor: Option<&str>,
        memo: &mut Option<String>,
    ) -> Result<Page, Error>;
}

/// What a sink did with one page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageCounts {
    /// Documents stored as new.
    pub stored: u64,
    /// Documents the store already held.
    pub duplicates: u64,
    /// Records kept as rejected.
    pub rejected: u64,
}

/// Where pages go: the CLI's sink annotates each document and writes the page, its rejections
/// and the source's new state in one store transaction.
pub trait Sink {
    /// The state `source` last committed.
    fn state(&mut self, source: &str) -> Result<Option<String>, String>;
    /// Writes the documents, the rejections and (when given) the new state, all or nothing.
    fn commit(
        &mut self,
        source: &str,
        docs: Vec<RawDoc>,
        rejected: &[RecordError],
        state: Option<&str>,
    ) -> Result<PageCounts, String>;
    /// Whether the store already holds `doc` (so a feed's article is not fetched again).
    fn contains(&mut self, doc: &RawDoc) -> bool;
}

/// What one round of a source did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PollCounts {
    /// Pages (or feed responses, or stream batches) read.
    pub pages: u64,
    /// Documents read from them.
    pub read: u64,
    /// Stored as new.
    pub stored: u64,
    /// Already held.
    pub duplicates: u64,
    /// Kept as rejected.
    pub rejected: u64,
}

impl PollCounts {
    pub(crate) fn add(&mut self, read: usize, c: PageCounts) {
        self.pages += 1;
        self.read += read as u64;
        self.stored += c.stored;
        self.duplicates += c.duplicates;
        self.rejected += c.rejected;
    }
}

/// Limits of one round.
#[derive(Debug, Clone, Default)]
pub struct PollOptions {
    /// Items older than this sort key end the pass (a `since` date as RFC 3339).
    pub since: Option<String>,
    /// Stop after this many pages (the pass stays open and the next round goes on).
    pub max_pages: Option<u64>,
}

/// Times a malformed page is read before the round gives up on it.
const MALFORMED_TRIES: u32 = 3;

/// One round of a paged source: pages from its committed state until the pass ends (it
/// reaches what an earlier pass covered, the end, `since`, or a cursor seen before), or
/// `max_pages`, or a stop. `on_page` sees the counts so far after each committed page.
pub fn poll(
    feed: &mut dyn Feed,
    http: &Fetcher,
    sink: &mut dyn Sink,
    opts: &PollOptions,
    on_page: &mut dyn FnMut(&PollCounts),
) -> Result<PollCounts, Error> {
    let key = feed.key().to_owned();
    let saved = sink.state(&key).map_err(Error::Sink)?;
    let mut st: PagedState = state::read(saved.as_deref());
    let mut pass = st.pass.take().unwrap_or(Pass { stop_at: st.newest.clone(), ..Pass::default() });
    let mut counts = PollCounts::default();
    let mut seen_cursors: HashSet<String> = HashSet::new();
    let mut malformed = 0u32;
    let mut pages_this_round = 0u64;
    loop {
        if http.clock().stopped() {
            return Err(Error::Stopped);
        }
        let page = feed.fetch(http, pass.cursor.as_deref(), &mut st.memo)?;
        if page.malformed {
            // Keep the rejection; the state does not move, so the page is read again.
            st.pass = Some(pass.clone());
            let c = sink.commit(&key, Vec::new(), &page.rejected, None).map_err(Error::Sink)?;
            counts.rejected += c.rejected;
            malformed += 1;
            if malformed >= MALFORMED_TRIES {
                return Err(Error::Source(format!(
                    "{key}: the page at cursor {} was malformed {MALFORMED_TRIES} times (kept in \
                     `citra rejected`); the next round reads it again",
                    pass.cursor.as_deref().unwrap_or("(top)")
                )));
            }
            continue;
        }
        malformed = 0;
        let mut docs = Vec::new();
        let mut reached = false;
        for item in page.items.iter() {
            let older_than =
                |bound: &Option<String>| bound.as_ref().is_some_and(|b| item.sort_key < *b);
            if older_than(&pass.stop_at) || older_than(&opts.since) {
                reached = true;
                continue;
            }
            if pass.top.as_ref().is_none_or(|t| item.sort_key > *t) {
                pass.top = Some(item.sort_key.clone());
            }
            docs.extend(item.docs.iter().cloned());
        }
        if let Some(c) = &pass.cursor {
            seen_cursors.insert(c.clone());
        }
        let repeated = page.next.as_ref().is_some_and(|n| seen_cursors.contains(n));
        let end = reached || repeated || page.items.is_empty() || page.next.is_none();
        if end {
            if st.newest.as_ref().is_none_or(|n| pass.top.as_ref().is_some_and(|t| t > n)) {
                st.newest = pass.top.clone().or(st.newest.take());
            }
            st.pass = None;
        } else {
            pass.cursor = page.next.clone();
            pass.pages += 1;
            st.pass = Some(pass.clone());
        }
        let n = docs.len();
        let c = sink
            .commit(&key, docs, &page.rejected, Some(&state::write(&st)))
            .map_err(Error::Sink)?;
        counts.add(n, c);
        on_page(&counts);
        pages_this_round += 1;
        if end || opts.max_pages.is_some_and(|m| pages_this_round >= m) {
            return Ok(counts);
        }
    }
}

/// What [`watch`] tells its caller.
#[derive(Debug)]
pub enum Event<'a> {
    /// A page of a source was committed; the round's counts so far.
    Page(&'a str, &'a PollCounts),
    /// A source's round ended.
    Done(&'a str, Result<PollCounts, &'a Error>),
}

/// One round of one task.
pub fn run_task(
    task: &mut crate::config::Task,
    http: &Fetcher,
    sink: &mut dyn Sink,
    stream: &crate::jetstream::StreamOptions,
    on_page: &mut dyn FnMut(&PollCounts),
) -> Result<PollCounts, Error> {
    use crate::config::TaskKind;
    match &mut task.kind {
        TaskKind::Paged(feed, opts) => poll(feed.as_mut(), http, sink, opts, on_page),
        TaskKind::Rss { url, articles } => crate::rss::poll(url, *articles, http, sink, on_page),
        TaskKind::Stream(js) => {
            crate::jetstream::poll(js, http.clock().as_ref(), sink, stream, on_page)
        }
    }
}

/// Polls every task at its interval until a stop (or once each with `once`). A source's
/// failure is reported and the others go on; only the sink failing (the store) or a stop ends
/// the watch.
pub fn watch(
    tasks: &mut [crate::config::Task],
    http: &Fetcher,
    sink: &mut dyn Sink,
    once: bool,
    report: &mut dyn FnMut(Event<'_>),
) -> Result<(), Error> {
    for t in tasks.iter() {
        http.force_min_interval(&t.host, t.min_interval);
    }
    let clock = http.clock().clone();
    let mut due = vec![clock.now(); tasks.len()];
    loop {
        for (i, task) in tasks.iter_mut().enumerate() {
            if due[i] > clock.now() {
                continue;
            }
            let key = task.key();
            let stream = crate::jetstream::StreamOptions {
                duration: if once { std::time::Duration::from_secs(30) } else { task.interval },
                max_events: None,
                max_reconnects: if once { 2 } else { 1000 },
            };
            let result = run_task(task, http, sink, &stream, &mut |c| report(Event::Page(&key, c)));
            match &result {
                Err(Error::Sink(_)) | Err(Error::Stopped) => {
                    report(Event::Done(&key, result.as_ref().map(|c| *c)));
                    return result.map(|_| ());
                }
                _ => report(Event::Done(&key, result.as_ref().map(|c| *c))),
            }
            due[i] = clock.now() + chrono::Duration::from_std(task.interval).unwrap_or_default();
        }
        if once || clock.stopped() {
            return Ok(());
        }
        let next = due.iter().min().copied().unwrap_or_else(|| clock.now());
        let wait = (next - clock.now()).to_std().unwrap_or_default();
        if !clock.sleep(wait) {
            return Ok(());
        }
    }
}
