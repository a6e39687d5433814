//! The embedded store: one SQLite file holding documents, mentions, rejected records and ingest
//! runs.
//!
//! - [`Store`]: an open store. [`Store::open`] creates the file on first use, switches it to WAL
//!   mode and applies the schema migrations (`migrations/NNNN_name.sql`, tracked with
//!   `PRAGMA user_version`); a file written by a newer citra is refused with [`Error::TooNew`].
//! - [`Batch`]: one write transaction. [`Batch::insert`] stores a document with its
//!   [`Annotation`] or reports it as a [`Inserted::Duplicate`]; [`Batch::reject`] keeps a record
//!   that could not be read, with its reason.
//! - Reads for the analytics and the CLI: [`Store::observations`] (the unit of the citra index),
//!   [`Store::counts`], [`Store::top_countries`], [`Store::rejected`], [`Store::doc`],
//!   [`Store::mentions_of_doc`].
//! - GDELT 2.0 rows, GDELT's coding of the news, beside the documents: [`Store::load_gdelt`]
//!   (one transaction per file, marked done in it), [`Store::gdelt_dyads`],
//!   [`Store::gdelt_target_tone`], [`Store::gdelt_articles`].
//! - [`Store::bulk_load`]: a load into a store that holds no document yet builds the secondary
//!   indexes of `docs` once, at its end (a killed one is repaired by the next open).
//! - [`Store::set_cancel`]: a flag that another thread sets to stop the connection's queries,
//!   with [`Error::Interrupted`] (a server's time limit per query).
//! - Re-annotation: every document keeps its [`RawDoc`] (in the columns of `docs`, and as JSON
//!   where they would not give it back exactly), so everything derived (language, mentions,
//!   tone) can be recomputed with [`Store::raw_docs_page`] (or
//!   [`Store::docs_for_reannotation`]) and [`Store::replace_annotation`].
//!
//! # Identity
//!
//! Re-ingesting the same data stores nothing new ([`doc_key`]): a document is keyed by
//! `(platform, native id)` when it has an id; else by `(canonical URL, text hash)`
//! ([`canonical_url`]) when it has a URL; else by a hash of `(platform, author, time, text)`.
//! Rejections are keyed by `(source path, line, reason, raw text)`.
//!
//! ```
//! use citra_model::{
//!     Annotation, Lang, LangGuess, Mention, MentionKind, RawDoc, Span, Tone, ToneLabel,
//! };
//! use citra_store::{Inserted, ObsQuery, Store};
//!
//! let mut store = Store::open_in_memory()?;
//! let text = "Indonesia mengecam keras pengakuan sepihak Amerika Serikat";
//! let doc = RawDoc {
//!     platform: "twitter".into(),
//!     native_id: Some("1207".into()),
//!     created_at: Some("2017-12-07T08:00:00Z".parse().unwrap()),
//!     text: text.into(),
//!     ..RawDoc::default()
//! };
//! let negative = Tone { score: -0.7, label: ToneLabel::Negative, confidence: 0.8 };
//! let ann = Annotation {
//!     normalized: text.into(),
//!     lang: LangGuess { lang: Lang::Ind, confidence: 0.95 },
//!     mentions: vec![Mention {
//!         country: "USA".into(),
//!         actor: None,
//!         surface: "Amerika Serikat".into(),
//!         span: Span::new(43, 58),
//!         norm_span: Span::new(43, 58),
//!         kind: MentionKind::Name,
//!         confidence: 0.9,
//!         tone: Some(negative),
//!     }],
//!     tone: negative,
//!     diagnostics: vec![],
//!     events: vec![],
//!     themes: vec![],
//! };
//!
//! let mut batch = store.batch()?;
//! let first = batch.insert(&doc, &ann)?;
//! let again = batch.insert(&doc, &ann)?; // the same post read twice
//! batch.commit()?;
//! assert!(matches!(first, Inserted::Stored(_)));
//! assert_eq!(again, Inserted::Duplicate(first.id()));
//!
//! let obs = store.observations(&ObsQuery { country: "USA".into(), from: None, to: None })?;
//! assert_eq!(obs.len(), 1);
//! assert_eq!(obs[0].label, ToneLabel::Negative);
//! assert_eq!(obs[0].lang, Lang::Ind);
//! assert_eq!(store.counts()?.docs, 1);
//! # Ok::<(), citra_store::Error>(())
//! ```
#![deny(missing_docs)]

mod bulk;
mod error;
mod events;
pub mod export;
mod gdelt;
mod graph;
mod key;
mod mention_page;
mod migrate;
mod raw;
mod time;
mod version;

pub use error::{Error, Result};
pub use events::{DyadWeights, MentionFacets};
pub use gdelt::{
    CitraCoded, GdeltArticle, GdeltCoded, GdeltDyad, GdeltFile, GdeltGraphRows, GdeltLoad,
    GdeltToneDay,
};
pub use graph::{DocEvent, FoundPost, LinkIdCounts, PostQuery};
pub use key::{canonical_url, doc_key};
pub use mention_page::{MentionPage, MentionQuery, MentionRow};
pub use migrate::SCHEMA_VERSION;

use chrono::{DateTime, Utc};
use citra_model::{
    Annotation, Diagnostic, Lang, LangGuess, Mention, MentionKind, Observation, RawDoc, Severity,
    Span, Tone, ToneLabel,
};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How many SQLite virtual-machine steps run between two checks of a [`Store::set_cancel`]
/// flag.
pub const CANCEL_CHECK_STEPS: i32 = 1000;

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// One write transaction on a [`Store`], from [`Store::batch`].
///
/// Nothing is visible to other connections until [`Batch::commit`]; dropping a batch without
/// committing rolls it back. Ingest commits a batch every thousand documents or so.
#[derive(Debug)]
pub struct Batch<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
    now: String,
}

/// What [`Batch::insert`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "doc_id", rename_all = "lowercase")]
pub enum Inserted {
    /// Stored as a new document with this id.
    Stored(i64),
    /// The store already holds this document (see [`doc_key`]), under this id; nothing was
    /// written.
    Duplicate(i64),
}

impl Inserted {
    /// The document's id, new or existing.
    pub fn id(self) -> i64 {
        match self {
            Inserted::Stored(id) | Inserted::Duplicate(id) => id,
        }
    }
}

/// Records per write transaction in [`Store::load`] (unless [`LOAD_BATCH_TIME`] comes first).
/// Every commit writes each page it changed to the write-ahead log, and the document-key index
/// is changed at random: a bulk load of the IRA sample (then a 0.31 GB store, 4 KiB pages, every
/// document's JSON kept) wrote 1.05 GB at 8,192, and 0.75 GB at 32,768.
pub const LOAD_BATCH: usize = 32_768;

/// A bulk load also commits when its open batch is this old, so that a kill loses at most
/// about this much work, and readers (`citra serve`) see the load progress.
pub const LOAD_BATCH_TIME: Duration = Duration::from_secs(1);

/// The page size of a new store, in bytes. SQLite's default is 4,096; at 16,384 a bulk load
/// of the IRA sample spent a quarter less time in its writer (fewer B-tree levels, page
/// fetches and splits per row; the same bytes written), 8,192 about half of that.
const PAGE_SIZE: i64 = 16_384;

/// SQLite's page cache per connection, as its `cache_size` pragma takes it (negative: KiB).
const CACHE_KIB: i64 = -65_536;

/// What [`Store::load`] did with a stream of records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadCounts {
    /// Records read, good and bad.
    pub read: u64,
    /// Documents stored as new.
    pub stored: u64,
    /// Documents the store already held.
    pub duplicates: u64,
    /// Bad records kept as rejected.
    pub rejected: u64,
}

/// A record as [`Store::load_ready`] takes it: annotated already (on other threads), known to
/// the store already, or bad.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // nearly every record is the large variant: boxing it costs
pub enum Ready {
    /// A document and its annotation, to insert (or count as a duplicate).
    Annotated(RawDoc, Annotation),
    /// A document the store held when it was read (a [`KeyProbe`] found its key): counted as a
    /// duplicate without being annotated.
    Known,
    /// A record that could not be read.
    Rejected(Rejected),
}

impl Ready {
    /// A record read, annotated here by `annotate` (which may fill in fields first).
    fn annotating(
        record: std::result::Result<RawDoc, Rejected>,
        annotate: &mut impl FnMut(&mut RawDoc) -> Annotation,
    ) -> Ready {
        match record {
            Ok(mut doc) => {
                let ann = annotate(&mut doc);
                Ready::Annotated(doc, ann)
            }
            Err(bad) => Ready::Rejected(bad),
        }
    }
}

/// A second, read-only connection to the store's file that tells whether a document is stored
/// already, so that a bulk load can skip annotating what an earlier (or interrupted) run stored.
///
/// It sees committed data only: a document written in the writer's open batch is not seen,
/// and the insert then finds it (the probe is an optimisation, never the guard).
pub struct KeyProbe {
    conn: Connection,
}

impl std::fmt::Debug for KeyProbe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyProbe")
    }
}

impl KeyProbe {
    /// Whether the store held a document with `doc`'s key when this was asked. An error (a
    /// busy or damaged file) answers `false`: the writer decides then.
    pub fn contains(&self, doc: &RawDoc) -> bool {
        let Ok(mut stmt) = self.conn.prepare_cached("SELECT 1 FROM docs WHERE doc_key = ?1") else {
            return false;
        };
        matches!(stmt.query_row([doc_key(doc)], |_| Ok(())).optional(), Ok(Some(())))
    }
}

/// A record that could not be read, to keep in quarantine with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The file it came from (`-` for standard input).
    pub source_path: String,
    /// Its 1-based line or record number (0 if unknown).
    pub line: u64,
    /// Why it was rejected.
    pub reason: String,
    /// The record as read (possibly truncated by the caller).
    pub raw: String,
}

/// A stored rejection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    /// Store id.
    pub id: i64,
    /// The file it came from.
    pub source_path: String,
    /// Its 1-based line or record number.
    pub line: u64,
    /// Why it was rejected.
    pub reason: String,
    /// The record as read.
    pub raw: String,
    /// When it was first rejected.
    pub at: DateTime<Utc>,
}

/// Which observations [`Store::observations`] returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObsQuery {
    /// Target country, ISO 3166-1 alpha-3 (case-insensitive).
    pub country: String,
    /// Earliest publication time, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Latest publication time, exclusive.
    pub to: Option<DateTime<Utc>>,
}

/// How much the store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Documents.
    pub docs: u64,
    /// Mentions.
    pub mentions: u64,
    /// Rejected records.
    pub rejected: u64,
}

/// A stored document: its raw form and the document-level results of the stages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDoc {
    /// Store id.
    pub id: i64,
    /// The document as read.
    pub raw: RawDoc,
    /// The normalized text the stages read.
    pub normalized: String,
    /// Its language.
    pub lang: LangGuess,
    /// Its overall tone.
    pub tone: Tone,
    /// What the stages reported.
    pub diagnostics: Vec<Diagnostic>,
    /// When it was first stored.
    pub ingested_at: DateTime<Utc>,
    /// When its annotation was last written.
    pub annotated_at: Option<DateTime<Utc>>,
}

/// One ingest run, for [`Store::record_run`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    /// When the run started.
    pub started: DateTime<Utc>,
    /// When it finished.
    pub finished: DateTime<Utc>,
    /// The inputs it read.
    pub paths: Vec<String>,
    /// Records read.
    pub read: u64,
    /// Documents stored as new.
    pub stored: u64,
    /// Documents already in the store.
    pub duplicates: u64,
    /// Records rejected.
    pub rejected: u64,
}

/// A recorded ingest run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunRow {
    /// Store id.
    pub id: i64,
    /// What the run did.
    #[serde(flatten)]
    pub run: RunSummary,
}

/// Whether the store holds no document (a fresh bulk load).
fn holds_no_docs(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM docs)", [], |r| r.get(0))
}

/// Saturating conversion for counts, which SQLite stores as signed 64-bit integers.
fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Counts read back; a negative value (only possible if edited by hand) reads as 0.
fn uint(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Offsets read back; a negative value (only possible if edited by hand) reads as 0.
fn usz(v: i64) -> usize {
    usize::try_from(v).unwrap_or(0)
}

/// SQLite stores NaN as NULL; keep scores finite.
fn real(x: f32) -> f64 {
    if x.is_finite() { f64::from(x) } else { 0.0 }
}

fn severity_str(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
    }
}

fn parse_severity(s: &str) -> Severity {
    match s {
        "warning" => Severity::Warning,
        _ => Severity::Info,
    }
}

/// The most bytes of a rejected record's raw text that the store keeps.
const MAX_REJECTED_RAW: usize = 64 * 1024;

/// `s` cut to at most `max` bytes on a char boundary, with `…` appended when it was cut.
fn truncate(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.len() <= max {
        return s.into();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", s.get(..end).unwrap_or_default()).into()
}

/// Code-point offsets of the given byte offsets of `text`, in one pass; `None` for an offset
/// that is out of bounds or not on a char boundary.
fn char_offsets(text: &str, offsets: &[usize]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![None; offsets.len()];
    let mut chars = text.char_indices().map(|(b, c)| b + c.len_utf8());
    let (mut byte, mut count) = (0usize, 0usize);
    for i in order {
        let target = offsets[i];
        while byte < target {
            match chars.next() {
                Some(next) => {
                    byte = next;
                    count += 1;
                }
                None => break,
            }
        }
        if byte == target {
            out[i] = Some(count);
        }
    }
    out
}

fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |source| migrate::classify(path, source)
}

impl Store {
    /// Opens the store at `path`, creating it if it does not exist, and brings its schema up to
    /// [`SCHEMA_VERSION`].
    ///
    /// The file is put in WAL mode (readers do not block the writer), with a busy timeout for
    /// concurrent writers and foreign keys enforced. Fails with [`Error::NotADatabase`] or
    /// [`Error::ForeignDatabase`] when the file is not a citra store, and with
    /// [`Error::TooNew`] when a newer citra wrote it.
    pub fn open(path: &Path) -> Result<Store> {
        // Opening sets WAL mode and may create the schema; when several processes do it at once
        // on a new file, SQLite answers "busy" at once (not after the busy timeout) where waiting
        // could deadlock, so the whole open is retried until the busy timeout: one process
        // creates the store, the others then open it.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        let mut pause = Duration::from_millis(5);
        loop {
            let conn = Connection::open(path)
                .map_err(|source| Error::Open { path: path.to_owned(), source })?;
            match Store::setup(conn, path, SCHEMA_VERSION) {
                Err(Error::Busy { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
                r => return r,
            }
        }
    }

    /// A fresh store in memory (for tests and one-shot pipelines).
    pub fn open_in_memory() -> Result<Store> {
        let path = Path::new(":memory:");
        let conn = Connection::open_in_memory()
            .map_err(|source| Error::Open { path: path.to_owned(), source })?;
        Store::setup(conn, path, SCHEMA_VERSION)
    }

    fn setup(mut conn: Connection, path: &Path, target: u32) -> Result<Store> {
        let classify = |e| migrate::classify(path, e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(classify)?;
        migrate::check(&conn, path)?;
        // A new file gets pages of PAGE_SIZE bytes (an existing one keeps its own): this comes
        // before anything writes to it.
        conn.pragma_update(None, "page_size", PAGE_SIZE).map_err(classify)?;
        // In memory, the journal mode stays "memory"; on disk it becomes "wal".
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(classify)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(classify)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(classify)?;
        // A bulk load touches the doc-key index at random: with SQLite's default 2 MB page
        // cache, most of its time went to reading back pages from the OS.
        conn.pragma_update(None, "cache_size", CACHE_KIB).map_err(classify)?;
        conn.pragma_update(None, "wal_autocheckpoint", 16_384).map_err(classify)?;
        // Statement journals (an insert that may hit a unique key keeps one) stay in memory
        // rather than in a temporary file written page by page.
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(classify)?;
        conn.set_prepared_statement_cache_capacity(64);
        migrate::migrate_to(&mut conn, path, target)?;
        if target >= 2 {
            // Every deferred index exists from version 2 on.
            bulk::repair(&mut conn, path)?;
        }
        Ok(Store { conn, path: path.to_owned() })
    }

    /// The store's file (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// While `flag` is true, every statement on this connection fails at its next check with
    /// [`Error::Interrupted`] (SQLite calls back every [`CANCEL_CHECK_STEPS`] virtual-machine
    /// steps, well under a millisecond apart); `None` removes the check. For a caller that
    /// bounds the time of a query (`citra serve`): it sets the flag from another thread when the
    /// time is up or the client has gone, and removes it before the connection serves anyone
    /// else. Unlike a one-off interrupt, the flag also stops the statements that start after it
    /// is set.
    pub fn set_cancel(&mut self, flag: Option<Arc<AtomicBool>>) -> Result<()> {
        let result = match flag {
            Some(flag) => self
                .conn
                .progress_handler(CANCEL_CHECK_STEPS, Some(move || flag.load(Ordering::Relaxed))),
            None => self.conn.progress_handler(0, None::<fn() -> bool>),
        };
        result.map_err(sql(&self.path))
    }

    /// The schema version of the open file (equal to [`SCHEMA_VERSION`] once opened).
    pub fn schema_version(&self) -> Result<u32> {
        migrate::user_version(&self.conn).map_err(sql(&self.path))
    }

    /// The journal mode: `wal` for a store on disk.
    pub fn journal_mode(&self) -> Result<String> {
        self.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).map_err(sql(&self.path))
    }

    /// Starts a write transaction. It takes the write lock at once, waiting up to a busy
    /// timeout for another writer to finish.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        let Store { conn, path } = self;
        let tx =
            conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql(path))?;
        Ok(Batch { tx, path, now: time::to_db(&Utc::now()) })
    }

    /// Stores a stream of records, committing every [`LOAD_BATCH`] records (or [`LOAD_BATCH_TIME`]): each document is
    /// annotated by `annotate` (which may fill in fields first) and inserted or counted as a
    /// duplicate; each bad record is shown to `on_reject`, then kept as rejected. A bad record
    /// never stops the load.
    pub fn load<I>(
        &mut self,
        records: I,
        mut annotate: impl FnMut(&mut RawDoc) -> Annotation,
        on_reject: impl FnMut(&Rejected),
    ) -> Result<LoadCounts>
    where
        I: IntoIterator<Item = std::result::Result<RawDoc, Rejected>>,
    {
        self.load_ready(records.into_iter().map(|r| Ready::annotating(r, &mut annotate)), on_reject)
    }

    /// A [`KeyProbe`] on this store's file; `None` for an in-memory store (or one whose file
    /// cannot be opened twice), which then annotates everything it reads, and for a store that
    /// holds no document yet (a fresh bulk load: what it reads twice, the insert finds).
    pub fn key_probe(&self) -> Option<KeyProbe> {
        if self.path == Path::new(":memory:") {
            return None;
        }
        let empty = holds_no_docs(&self.conn).unwrap_or(false);
        if empty {
            return None;
        }
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).ok()?;
        conn.busy_timeout(BUSY_TIMEOUT).ok()?;
        Some(KeyProbe { conn })
    }

    /// Stores a stream of records annotated already (a bulk load annotates on every core and
    /// stores here, on one writer), in input order, committing every [`LOAD_BATCH`] records (or [`LOAD_BATCH_TIME`]):
    /// each document is inserted or counted as a duplicate; each bad record is shown to
    /// `on_reject`, then kept as rejected. A bad record never stops the load. A kill at any
    /// moment loses at most the open batch, which a rerun stores again.
    pub fn load_ready<I>(
        &mut self,
        records: I,
        mut on_reject: impl FnMut(&Rejected),
    ) -> Result<LoadCounts>
    where
        I: IntoIterator<Item = Ready>,
    {
        let mut n = LoadCounts::default();
        let mut batch = self.batch()?;
        let mut in_batch = 0usize;
        let mut batch_started = std::time::Instant::now();
        for record in records {
            batch.load_one(record, &mut on_reject, &mut n)?;
            in_batch += 1;
            if in_batch >= LOAD_BATCH
                || (in_batch.is_multiple_of(64) && batch_started.elapsed() >= LOAD_BATCH_TIME)
            {
                batch.commit()?;
                batch = self.batch()?;
                in_batch = 0;
                batch_started = std::time::Instant::now();
            }
        }
        batch.commit()?;
        Ok(n)
    }

    /// Stores one page of a live source as [`Store::load`] stores records, and the source's
    /// new state ([`Batch::set_cursor`]) with it, in one transaction: after a crash, the page
    /// and the state that covers it are both there or both not.
    pub fn load_page<I>(
        &mut self,
        records: I,
        mut annotate: impl FnMut(&mut RawDoc) -> Annotation,
        mut on_reject: impl FnMut(&Rejected),
        cursor: Option<(&str, &str)>,
    ) -> Result<LoadCounts>
    where
        I: IntoIterator<Item = std::result::Result<RawDoc, Rejected>>,
    {
        let mut n = LoadCounts::default();
        let mut batch = self.batch()?;
        for record in records {
            batch.load_one(Ready::annotating(record, &mut annotate), &mut on_reject, &mut n)?;
        }
        if let Some((source, state)) = cursor {
            batch.set_cursor(source, state)?;
        }
        batch.commit()?;
        Ok(n)
    }

    /// How many documents, mentions and rejected records the store holds.
    pub fn counts(&self) -> Result<Counts> {
        let count = |table: &str| -> Result<u64> {
            self.conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0))
                .map(uint)
                .map_err(sql(&self.path))
        };
        Ok(Counts {
            docs: count("docs")?,
            mentions: count("mentions")?,
            rejected: count("rejected")?,
        })
    }

    /// The most mentioned countries (alpha-3), most mentions first, ties by code.
    pub fn top_countries(&self, limit: usize) -> Result<Vec<(String, u64)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT upper(country), count(*) AS n FROM mentions GROUP BY country \
                 ORDER BY n DESC, upper(country) LIMIT ?1",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map([int(limit as u64)], |r| Ok((r.get(0)?, uint(r.get(1)?))))
            .map_err(sql(&self.path))?;
        rows.collect::<rusqlite::Result<_>>().map_err(sql(&self.path))
    }

    /// The mentions of `q.country` that carry a tone, in documents published in
    /// `[q.from, q.to)`, oldest first (ties by mention id).
    ///
    /// Each carries what decides at query time whether it counts and in whose voice (see
    /// `citra_pipeline::counting`): the mention's kind and actor, the document's author and date.
    ///
    /// Documents without a publication time, and mentions the tone stage did not score, are
    /// left out: they cannot be placed on a daily index.
    pub fn observations(&self, q: &ObsQuery) -> Result<Vec<Observation>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, m.id, d.created_at, m.country, m.tone_score, m.tone_label, \
                        m.tone_conf, d.engagement, d.lang, d.author, m.kind, m.actor \
                 FROM mentions m JOIN docs d ON d.id = m.doc_id \
                 WHERE m.country = ?1 AND m.tone_score IS NOT NULL AND d.created_at IS NOT NULL \
                   AND (?2 IS NULL OR d.created_at >= ?2) AND (?3 IS NULL OR d.created_at < ?3) \
                 ORDER BY d.created_at, m.id",
            )
            .map_err(sql(&self.path))?;
        let from = time::lower(q.from.as_ref());
        let to = time::upper(q.to.as_ref());
        let rows = stmt
            .query_map(params![q.country.trim(), from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, f32>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<f32>>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    (r.get::<_, String>(10)?, r.get::<_, Option<String>>(11)?),
                ))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (doc_id, mention_id, created, country, score, label, conf, eng, lang, author, kind) =
                row.map_err(sql(&self.path))?;
            let (kind, actor) = kind;
            let kind = MentionKind::parse(&kind).ok_or_else(|| {
                self.corrupt(format!("mention {mention_id} has an unknown kind {kind:?}"))
            })?;
            let time = time::from_db(&created).ok_or_else(|| {
                self.corrupt(format!("document {doc_id} has an unreadable created_at {created:?}"))
            })?;
            out.push(Observation {
                doc_id,
                mention_id,
                time,
                country,
                score,
                label: label.as_deref().and_then(ToneLabel::parse).unwrap_or(ToneLabel::Neutral),
                confidence: conf.unwrap_or(0.0),
                engagement: uint(eng),
                lang: Lang::from_code(&lang),
                author,
                kind,
                actor,
            });
        }
        Ok(out)
    }

    /// The rejected records, oldest first, at most `limit`.
    pub fn rejected(&self, limit: usize) -> Result<Vec<RejectedRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, source_path, line, reason, raw, at FROM rejected ORDER BY id LIMIT ?1",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map([int(limit as u64)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, source_path, line, reason, raw, at) = row.map_err(sql(&self.path))?;
            let at = time::from_db(&at).ok_or_else(|| {
                self.corrupt(format!("rejected record {id} has an unreadable time {at:?}"))
            })?;
            out.push(RejectedRow { id, source_path, line: uint(line), reason, raw, at });
        }
        Ok(out)
    }

    /// Every stored document as read, by id, to recompute what is derived from it.
    ///
    /// This loads the whole store; for large stores page with [`Store::raw_docs_page`].
    pub fn docs_for_reannotation(&self) -> Result<Vec<(i64, RawDoc)>> {
        let mut out = Vec::new();
        let mut after = i64::MIN;
        loop {
            let page = self.raw_docs_page(after, 10_000)?;
            match page.last() {
                Some(&(id, _)) => after = id,
                None => return Ok(out),
            }
            out.extend(page);
        }
    }

    /// Up to `limit` stored documents with an id above `after_id`, by id: a page for
    /// re-annotation. Start with `i64::MIN` (or 0) and pass the last id of each page to the next
    /// call; an empty page is the end.
    pub fn raw_docs_page(&self, after_id: i64, limit: usize) -> Result<Vec<(i64, RawDoc)>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, {} FROM docs WHERE id > ?1 ORDER BY id LIMIT ?2",
                raw::COLUMNS
            ))
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map(params![after_id, int(limit as u64)], |r| {
                Ok((r.get::<_, i64>(0)?, raw::from_row(r, 1)?))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, raw) = row.map_err(sql(&self.path))?;
            out.push((id, raw.map_err(|what| self.corrupt(format!("document {id} has {what}")))?));
        }
        Ok(out)
    }

    fn corrupt(&self, what: String) -> Error {
        Error::Corrupt { path: self.path.clone(), what }
    }

    /// Replaces the derived data of a document (normalized text, language, tone, mentions and
    /// diagnostics) with `ann`, in one transaction. Fails with [`Error::NoSuchDoc`] if the store
    /// has no such document. For many documents, [`Batch::replace_annotation`] is faster.
    pub fn replace_annotation(&mut self, doc_id: i64, ann: &Annotation) -> Result<()> {
        let mut batch = self.batch()?;
        batch.replace_annotation(doc_id, ann)?;
        batch.commit()
    }

    /// The mentions in a document, in text order, with their tones.
    pub fn mentions_of_doc(&self, doc_id: i64) -> Result<Vec<Mention>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, country, actor, kind, surface, byte_start, byte_end, norm_start, \
                        norm_end, confidence, tone_score, tone_label, tone_conf \
                 FROM mentions WHERE doc_id = ?1 ORDER BY byte_start, id",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map([doc_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    Mention {
                        country: r.get(1)?,
                        actor: r.get(2)?,
                        kind: MentionKind::Name, // set below from column 3
                        surface: r.get(4)?,
                        span: Span::new(usz(r.get(5)?), usz(r.get(6)?)),
                        norm_span: Span::new(usz(r.get(7)?), usz(r.get(8)?)),
                        confidence: r.get(9)?,
                        tone: match (r.get::<_, Option<f32>>(10)?, r.get::<_, Option<String>>(11)?)
                        {
                            (Some(score), Some(label)) => Some(Tone {
                                score,
                                label: ToneLabel::parse(&label).unwrap_or(ToneLabel::Neutral),
                                confidence: r.get::<_, Option<f32>>(12)?.unwrap_or(0.0),
                            }),
                            _ => None,
                        },
                    },
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, mut mention, kind) = row.map_err(sql(&self.path))?;
            mention.kind = MentionKind::parse(&kind).ok_or_else(|| {
                self.corrupt(format!("mention {id} has an unknown kind {kind:?}"))
            })?;
            out.push(mention);
        }
        Ok(out)
    }

    /// One document with its document-level annotation, or `None` if the store has no such id.
    pub fn doc(&self, doc_id: i64) -> Result<Option<StoredDoc>> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT normalized, lang, lang_conf, tone_score, tone_label, tone_conf, \
                        ingested_at, annotated_at, {} FROM docs WHERE id = ?1",
                raw::COLUMNS
            ))
            .map_err(sql(&self.path))?
            .query_row([doc_id], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, f32>(2)?,
                    r.get::<_, Option<f32>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<f32>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    raw::from_row(r, 8)?,
                ))
            })
            .optional()
            .map_err(sql(&self.path))?;
        let Some((normalized, lang, lang_conf, score, label, conf, ingested, annotated, raw)) = row
        else {
            return Ok(None);
        };
        let raw = raw.map_err(|what| self.corrupt(format!("document {doc_id} has {what}")))?;
        let tone = match (score, label.as_deref().and_then(ToneLabel::parse)) {
            (Some(score), Some(label)) => Tone { score, label, confidence: conf.unwrap_or(0.0) },
            _ => Tone::neutral(0.0),
        };
        let ingested_at = time::from_db(&ingested).ok_or_else(|| {
            self.corrupt(format!("document {doc_id} has an unreadable ingested_at {ingested:?}"))
        })?;
        Ok(Some(StoredDoc {
            id: doc_id,
            raw,
            normalized: normalized.unwrap_or_default(),
            lang: LangGuess { lang: Lang::from_code(&lang), confidence: lang_conf },
            tone,
            diagnostics: self.diagnostics_of_doc(doc_id)?,
            ingested_at,
            annotated_at: annotated.as_deref().and_then(time::from_db),
        }))
    }

    fn diagnostics_of_doc(&self, doc_id: i64) -> Result<Vec<Diagnostic>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT stage, code, severity, message, byte_start, byte_end FROM diagnostics \
                 WHERE doc_id = ?1 ORDER BY id",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map([doc_id], |r| {
                let span = match (r.get::<_, Option<i64>>(4)?, r.get::<_, Option<i64>>(5)?) {
                    (Some(s), Some(e)) => Some(Span::new(usz(s), usz(e))),
                    _ => None,
                };
                Ok(Diagnostic {
                    stage: r.get(0)?,
                    code: r.get(1)?,
                    severity: parse_severity(&r.get::<_, String>(2)?),
                    message: r.get(3)?,
                    span,
                })
            })
            .map_err(sql(&self.path))?;
        rows.collect::<rusqlite::Result<_>>().map_err(sql(&self.path))
    }

    /// The state a live source last committed with its posts (see [`Batch::set_cursor`]), if
    /// it ever did.
    pub fn cursor(&self, source: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT state FROM cursors WHERE source = ?1")
            .map_err(sql(&self.path))?
            .query_row([source], |r| r.get(0))
            .optional()
            .map_err(sql(&self.path))
    }

    /// Every live source's committed state with when it was written, by source key.
    pub fn cursors(&self) -> Result<Vec<(String, String, DateTime<Utc>)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT source, state, updated_at FROM cursors ORDER BY source")
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (source, state, at) = row.map_err(sql(&self.path))?;
            out.push((source, state, time::from_db(&at).unwrap_or_default()));
        }
        Ok(out)
    }

    /// Whether the store holds a document with the same key as `doc` (see [`doc_key`]).
    pub fn contains(&self, doc: &RawDoc) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT 1 FROM docs WHERE doc_key = ?1")
            .map_err(sql(&self.path))?
            .query_row([doc_key(doc)], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(sql(&self.path))
    }

    /// Records one ingest run and returns its id.
    pub fn record_run(&self, run: &RunSummary) -> Result<i64> {
        let paths = serde_json::to_string(&run.paths).unwrap_or_else(|_| "[]".to_owned());
        self.conn
            .prepare_cached(
                "INSERT INTO ingest_runs (started_at, finished_at, paths, read, stored, \
                 duplicates, rejected) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            )
            .map_err(sql(&self.path))?
            .query_row(
                params![
                    time::to_db(&run.started),
                    time::to_db(&run.finished),
                    paths,
                    int(run.read),
                    int(run.stored),
                    int(run.duplicates),
                    int(run.rejected),
                ],
                |r| r.get(0),
            )
            .map_err(sql(&self.path))
    }

    /// The most recent ingest runs, newest first, at most `limit`.
    pub fn runs(&self, limit: usize) -> Result<Vec<RunRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, started_at, finished_at, paths, read, stored, duplicates, rejected \
                 FROM ingest_runs ORDER BY id DESC LIMIT ?1",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map([int(limit as u64)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    [r.get::<_, i64>(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
                ))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, started, finished, paths, [read, stored, duplicates, rejected]) =
                row.map_err(sql(&self.path))?;
            let when = |s: &str| {
                time::from_db(s)
                    .ok_or_else(|| self.corrupt(format!("ingest run {id} has an unreadable time")))
            };
            out.push(RunRow {
                id,
                run: RunSummary {
                    started: when(&started)?,
                    finished: when(&finished)?,
                    paths: serde_json::from_str(&paths).map_err(|e| {
                        self.corrupt(format!("ingest run {id} has unreadable paths ({e})"))
                    })?,
                    read: uint(read),
                    stored: uint(stored),
                    duplicates: uint(duplicates),
                    rejected: uint(rejected),
                },
            });
        }
        Ok(out)
    }
}

impl Batch<'_> {
    /// Stores a document and its annotation, unless the store already holds it (same
    /// [`doc_key`]), in which case nothing is written and the existing id is returned.
    pub fn insert(&mut self, doc: &RawDoc, ann: &Annotation) -> Result<Inserted> {
        let key = doc_key(doc);
        let err = sql(self.path);
        let raw_json = raw::json_to_keep(doc).map_err(|e| Error::Corrupt {
            path: self.path.to_owned(),
            what: format!(
                "document from {}:{} cannot be serialized ({e})",
                doc.source.path, doc.source.line
            ),
        })?;
        let url = key::nonempty(doc.url.as_deref());
        let e = &doc.engagement;
        // No RETURNING: SQLite runs it as a trigger, which makes the insert a multi-row write
        // with a statement journal, a copy of every page the insert touches.
        let written = self
            .tx
            .prepare_cached(
                "INSERT INTO docs (doc_key, platform, native_id, url, canonical_url, content_hash, \
                   author, author_name, author_followers, created_at, day, title, text, lang_hint, \
                   reshares, likes, replies, quotes, engagement, reply_to, reshare_of, quote_of, \
                   source_path, source_line, raw_json, ingested_at, normalized, lang, lang_conf, \
                   tone_score, tone_label, tone_conf, annotated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                   ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, \
                   ?32, ?26) \
                 ON CONFLICT DO NOTHING",
            )
            .map_err(&err)?
            .execute(params![
                key,
                doc.platform,
                key::nonempty(doc.native_id.as_deref()),
                url,
                url.map(canonical_url),
                key::content_hash(&doc.text),
                doc.author,
                doc.author_name,
                doc.author_followers.map(int),
                doc.created_at.as_ref().map(time::to_db),
                doc.created_at.as_ref().map(time::day),
                doc.title,
                doc.text,
                doc.lang_hint,
                e.reshares.map(int),
                e.likes.map(int),
                e.replies.map(int),
                e.quotes.map(int),
                int(e.total()),
                doc.reply_to,
                doc.reshare_of,
                doc.quote_of,
                doc.source.path,
                int(doc.source.line),
                raw_json,
                self.now,
                ann.normalized,
                ann.lang.lang.code(),
                real(ann.lang.confidence),
                real(ann.tone.score),
                ann.tone.label.as_str(),
                real(ann.tone.confidence),
            ])
            .map_err(&err)?;
        match written {
            1 => {
                let id = self.tx.last_insert_rowid();
                self.write_details(id, &doc.text, ann)?;
                Ok(Inserted::Stored(id))
            }
            _ => {
                let existing = self
                    .tx
                    .prepare_cached(
                        "SELECT id FROM docs WHERE doc_key = ?1 \
                         OR (platform = ?2 AND native_id = ?3) LIMIT 1",
                    )
                    .map_err(&err)?
                    .query_row(
                        params![key, doc.platform, key::nonempty(doc.native_id.as_deref())],
                        |r| r.get(0),
                    )
                    .map_err(&err)?;
                Ok(Inserted::Duplicate(existing))
            }
        }
    }

    /// Keeps a rejected record. The same rejection (same path, line, reason and raw text) is
    /// stored once, however often it is reported. A raw record longer than 64 KiB is stored
    /// cut at a char boundary, with `…` appended.
    pub fn reject(&mut self, r: &Rejected) -> Result<()> {
        let key = key::reject_key(&r.source_path, r.line, &r.reason, &r.raw);
        let raw = truncate(&r.raw, MAX_REJECTED_RAW);
        self.tx
            .prepare_cached(
                "INSERT INTO rejected (reject_key, source_path, line, reason, raw, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (reject_key) DO NOTHING",
            )
            .map_err(sql(self.path))?
            .execute(params![key, r.source_path, int(r.line), r.reason, raw, self.now])
            .map_err(sql(self.path))?;
        Ok(())
    }

    /// Replaces the derived data of a stored document, inside this batch (see
    /// [`Store::replace_annotation`]).
    pub fn replace_annotation(&mut self, doc_id: i64, ann: &Annotation) -> Result<()> {
        let err = sql(self.path);
        let text: Option<String> = self
            .tx
            .prepare_cached("SELECT text FROM docs WHERE id = ?1")
            .map_err(&err)?
            .query_row([doc_id], |r| r.get(0))
            .optional()
            .map_err(&err)?;
        let Some(text) = text else {
            return Err(Error::NoSuchDoc { path: self.path.to_owned(), id: doc_id });
        };
        for table in [
            "DELETE FROM events WHERE doc_id = ?1",
            "DELETE FROM mentions WHERE doc_id = ?1",
            "DELETE FROM diagnostics WHERE doc_id = ?1",
        ] {
            self.tx.prepare_cached(table).map_err(&err)?.execute([doc_id]).map_err(&err)?;
        }
        self.tx
            .prepare_cached(
                "UPDATE docs SET normalized = ?2, lang = ?3, lang_conf = ?4, tone_score = ?5, \
                   tone_label = ?6, tone_conf = ?7, annotated_at = ?8 WHERE id = ?1",
            )
            .map_err(&err)?
            .execute(params![
                doc_id,
                ann.normalized,
                ann.lang.lang.code(),
                real(ann.lang.confidence),
                real(ann.tone.score),
                ann.tone.label.as_str(),
                real(ann.tone.confidence),
                self.now,
            ])
            .map_err(&err)?;
        self.write_details(doc_id, &text, ann)
    }

    /// Writes the mentions (with their themes), events and diagnostics of a document.
    fn write_details(&mut self, doc_id: i64, text: &str, ann: &Annotation) -> Result<()> {
        let err = sql(self.path);
        let mut mention_ids: Vec<i64> = Vec::with_capacity(ann.mentions.len());

        if !ann.mentions.is_empty() {
            let offsets: Vec<usize> =
                ann.mentions.iter().flat_map(|m| [m.span.start, m.span.end]).collect();
            let chars = char_offsets(text, &offsets);
            let mut stmt = self
                .tx
                .prepare_cached(
                    "INSERT INTO mentions (doc_id, country, actor, kind, surface, byte_start, \
                       byte_end, char_start, char_end, norm_start, norm_end, confidence, \
                       tone_score, tone_label, tone_conf, themes) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
                       ?16)",
                )
                .map_err(&err)?;
            for (i, (m, cs)) in ann.mentions.iter().zip(chars.chunks(2)).enumerate() {
                let (char_start, char_end) = match cs {
                    [Some(s), Some(e)] => (Some(int(*s as u64)), Some(int(*e as u64))),
                    _ => (None, None),
                };
                stmt.execute(params![
                    doc_id,
                    m.country.trim(),
                    m.actor,
                    m.kind.as_str(),
                    m.surface,
                    int(m.span.start as u64),
                    int(m.span.end as u64),
                    char_start,
                    char_end,
                    int(m.norm_span.start as u64),
                    int(m.norm_span.end as u64),
                    real(m.confidence),
                    m.tone.map(|t| real(t.score)),
                    m.tone.map(|t| t.label.as_str()),
                    m.tone.map(|t| real(t.confidence)),
                    ann.themes.get(i).map(|t| t.join(",")),
                ])
                .map_err(&err)?;
                mention_ids.push(self.tx.last_insert_rowid());
            }
        }

        if !ann.events.is_empty() {
            let mut stmt = self
                .tx
                .prepare_cached(
                    "INSERT INTO events (doc_id, mention_id, source, target, code, root, quad, \
                       goldstein, negated, sentence_start, sentence_end, trigger_start, \
                       trigger_end) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                .map_err(&err)?;
            for e in &ann.events {
                stmt.execute(params![
                    doc_id,
                    e.mention.and_then(|i| mention_ids.get(i).copied()),
                    e.source,
                    e.target,
                    e.code,
                    i64::from(e.root),
                    e.quad.as_str(),
                    real(e.goldstein),
                    e.negated,
                    int(e.sentence.start as u64),
                    int(e.sentence.end as u64),
                    int(e.trigger.start as u64),
                    int(e.trigger.end as u64),
                ])
                .map_err(&err)?;
            }
        }

        if !ann.diagnostics.is_empty() {
            let mut stmt = self
                .tx
                .prepare_cached(
                    "INSERT INTO diagnostics (doc_id, stage, code, severity, message, byte_start, \
                       byte_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(&err)?;
            for d in &ann.diagnostics {
                stmt.execute(params![
                    doc_id,
                    d.stage,
                    d.code,
                    severity_str(d.severity),
                    d.message,
                    d.span.map(|s| int(s.start as u64)),
                    d.span.map(|s| int(s.end as u64)),
                ])
                .map_err(&err)?;
            }
        }
        Ok(())
    }

    /// Stores one record of a load: a document annotated and inserted (or counted as a
    /// duplicate), or a bad record shown to `on_reject` and kept as rejected.
    fn load_one(
        &mut self,
        record: Ready,
        on_reject: &mut impl FnMut(&Rejected),
        n: &mut LoadCounts,
    ) -> Result<()> {
        n.read += 1;
        match record {
            Ready::Annotated(doc, ann) => match self.insert(&doc, &ann)? {
                Inserted::Stored(_) => n.stored += 1,
                Inserted::Duplicate(_) => n.duplicates += 1,
            },
            Ready::Known => n.duplicates += 1,
            Ready::Rejected(bad) => {
                n.rejected += 1;
                on_reject(&bad);
                self.reject(&bad)?;
            }
        }
        Ok(())
    }

    /// Sets a live source's state (its cursor), to be committed with the posts written in this
    /// batch: after a crash, the state and the posts it covers are both there or both not.
    pub fn set_cursor(&mut self, source: &str, state: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO cursors (source, state, updated_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (source) DO UPDATE SET state = excluded.state, \
                 updated_at = excluded.updated_at",
            )
            .map_err(sql(self.path))?
            .execute(params![source, state, self.now])
            .map_err(sql(self.path))?;
        Ok(())
    }

    /// Commits everything written in this batch.
    pub fn commit(self) -> Result<()> {
        self.tx.commit().map_err(sql(self.path))
    }
}

#[cfg(test)]
mod tests;
