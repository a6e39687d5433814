//! Sources: read posts and articles from files and streams into [`RawDoc`] records.
//!
//! Main types:
//! - [`open`] opens a path (or `-` for standard input), undoes gzip/zstd compression found by
//!   magic bytes, detects the [`Format`] (unless [`IngestOptions::format`] says it) and returns
//!   a [`Reader`].
//! - [`Reader`] is an iterator of [`Record`]s: `Ok(RawDoc)` or `Err(RecordError)`. A malformed
//!   record never stops reading: it comes out as a [`RecordError`] with its source (path and
//!   1-based line or record number), the reason and the raw text, and reading goes on.
//! - [`Format`] names the formats: generic JSONL and CSV (with a [`ColumnMap`]), X/Twitter API
//!   v1.1 and v2 JSON, the account archive `tweets.js`, the condensed Trump-archive JSON,
//!   RSS/Atom feeds, HTML article pages, plain text and Telegram Desktop's JSON export.
//! - [`parse_date`] reads the date formats found in those files.
//! - [`gdelt`] reads GDELT 2.0 files (events, mentions, GKG; plain or zipped): rows that are not
//!   posts but GDELT's coding of the news, which the store keeps apart.
//! - [`ReadReport`] ([`Reader::report`]) says how an input was decoded and what a person must
//!   be told about it: bytes that were not valid in its encoding (replaced by U+FFFD and
//!   counted, never silently), an input of which nothing could be read, documents without
//!   dates; [`ReadReport::diagnostics_for`] gives each document's lossy repairs as
//!   [`Diagnostic`](citra_model::Diagnostic)s.
//!
//! Bytes are decoded to UTF-8 as they stream: the encoding is the one given
//! ([`IngestOptions::encoding`], any WHATWG label), else the one a byte order mark names
//! (UTF-8, UTF-16LE/BE), else UTF-16 told by its zero bytes, else UTF-8 when the bytes are
//! UTF-8, else the guess of a charset detector (chardetng) on 64 KiB from the first non-ASCII
//! byte. Compressed inputs are decompressed first, so they go through the same path.
//!
//! Texts are kept as written: entity decoding, Unicode normalization and the like are the
//! next stage's work (HTML pages and feed items are reduced to plain text, since their markup
//! is not text).
//!
//! ```
//! use citra_ingest::{Format, IngestOptions, open};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("posts.jsonl");
//! std::fs::write(
//!     &path,
//!     concat!(
//!         r#"{"id":"1","text":"Indonesia mengecam keras pengakuan sepihak Amerika Serikat","created_at":"2017-12-07 05:06:48","lang":"in"}"#, "\n",
//!         "{broken\n",
//!         r#"{"id":"3","text":"México no pagará por el muro","created_at":"2017-01-26T12:00:00Z"}"#, "\n",
//!     ),
//! )
//! .unwrap();
//! let reader = open(path.to_str().unwrap(), &IngestOptions::default()).unwrap();
//! assert_eq!(reader.format(), Format::Jsonl);
//! let records: Vec<_> = reader.collect();
//! assert_eq!(records.len(), 3);
//! let first = records[0].as_ref().unwrap();
//! assert_eq!(first.native_id.as_deref(), Some("1"));
//! assert_eq!(first.lang_hint.as_deref(), Some("in"));
//! assert_eq!(records[1].as_ref().unwrap_err().source.line, 2);
//! assert_eq!(records[2].as_ref().unwrap().text, "México no pagará por el muro");
//! ```
#![deny(missing_docs)]

mod columns;
mod date;
mod decode;
mod detect;
pub mod gdelt;
mod input;
mod memory;
mod report;
mod sources;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use citra_model::{RawDoc, SourceRef};
pub use columns::{ColumnMap, Field};
pub use date::{DATE_FORMATS_HELP, parse_date};
pub use detect::detect;
pub use memory::read_jsonl_bytes;
pub use report::{ChosenBy, Decoding, ReadReport, RecordCounts, UNDECODABLE};

/// The error type of this crate: only I/O, undetectable formats and bad options fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be opened or read.
    #[error("cannot read {path}")]
    Io {
        /// The path, or `-` for standard input.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The input's format could not be detected from its name or first bytes.
    #[error(
        "{path}: cannot tell the format from the file name or its first bytes; pass --format \
         (one of: {})",
        Format::names()
    )]
    UnknownFormat {
        /// The path, or `-` for standard input.
        path: String,
    },
    /// A compressed input's header is broken.
    #[error("{path}: bad {codec} header: {reason}")]
    Compression {
        /// The path, or `-` for standard input.
        path: String,
        /// `gzip` or `zstd`.
        codec: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A column map names a field that does not exist.
    #[error("column map: unknown field '{field}' (valid fields: {})", Field::names())]
    UnknownField {
        /// The name given.
        field: String,
    },
    /// An encoding label that names no encoding.
    #[error(
        "unknown encoding '{label}': give a WHATWG label such as utf-8, windows-1252 (or \
         latin1, cp1252), iso-8859-2, windows-1251, koi8-r, shift_jis, gbk, big5, euc-kr, \
         utf-16le or utf-16be"
    )]
    UnknownEncoding {
        /// The label given.
        label: String,
    },
    /// A column map entry is not `field=column`.
    #[error("column map: entry '{entry}' is not field=column")]
    BadMapEntry {
        /// The entry given.
        entry: String,
    },
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One JSON object per line, fields named by a [`ColumnMap`] or common names.
    Jsonl,
    /// CSV (or TSV) with a header row, columns named by a [`ColumnMap`] or common names.
    Csv,
    /// X/Twitter API v1.1 or v2 JSON: one object per line, an array, or v2 pages
    /// `{"data":[...],"includes":{...}}` (one per line or a single one).
    TwitterJson,
    /// The account archive's `tweets.js` (`window.YTD.tweets.part0 = [...]`).
    TweetsJs,
    /// The condensed Trump Twitter Archive JSON array.
    TrumpArchive,
    /// RSS 2.0 or Atom feed.
    Feed,
    /// One HTML article page.
    Html,
    /// One plain-text article.
    Text,
    /// Telegram Desktop's JSON export (`result.json`): one chat or a whole account.
    Telegram,
}

impl Format {
    /// Every format.
    pub const ALL: &[Format] = &[
        Format::Jsonl,
        Format::Csv,
        Format::TwitterJson,
        Format::TweetsJs,
        Format::TrumpArchive,
        Format::Feed,
        Format::Html,
        Format::Text,
        Format::Telegram,
    ];

    /// The format's name, as [`Format::parse`] reads it.
    pub fn name(&self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::TwitterJson => "twitter-json",
            Format::TweetsJs => "tweets-js",
            Format::TrumpArchive => "trump-archive",
            Format::Feed => "feed",
            Format::Html => "html",
            Format::Text => "text",
            Format::Telegram => "telegram",
        }
    }

    /// Parses a format name (case-insensitive; a few aliases such as `rss`, `atom`, `tsv`,
    /// `twitter`, `txt` are accepted).
    pub fn parse(s: &str) -> Option<Format> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        if let Some(f) = Format::ALL.iter().find(|f| f.name() == s) {
            return Some(*f);
        }
        Some(match s.as_str() {
            "json-lines" | "ndjson" | "json" => Format::Jsonl,
            "tsv" => Format::Csv,
            "twitter" | "tweets" | "twitter-v1" | "twitter-v2" | "x" => Format::TwitterJson,
            "tweets.js" | "twitter-archive" => Format::TweetsJs,
            "trump" => Format::TrumpArchive,
            "rss" | "atom" => Format::Feed,
            "htm" | "web" => Format::Html,
            "txt" | "plain" => Format::Text,
            "telegram-json" | "tg" | "telegram-export" => Format::Telegram,
            _ => return None,
        })
    }

    fn names() -> String {
        Format::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of [`Format::from_str`](std::str::FromStr::from_str).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format '{given}' (valid formats: {})", Format::names())]
pub struct FormatParseError {
    /// The name given.
    pub given: String,
}

impl std::str::FromStr for Format {
    type Err = FormatParseError;
    fn from_str(s: &str) -> std::result::Result<Format, FormatParseError> {
        Format::parse(s).ok_or_else(|| FormatParseError { given: s.to_owned() })
    }
}

/// How to read an input.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The format; `None` detects it from the file name and first bytes.
    pub format: Option<Format>,
    /// Which columns or JSON fields hold which [`RawDoc`] field (JSONL and CSV).
    pub map: ColumnMap,
    /// Overrides the platform of every record.
    pub platform: Option<String>,
    /// The longest text a record may have, in bytes (`None`: [`DEFAULT_MAX_TEXT_BYTES`]); a
    /// longer one is rejected with its size and the limit, and reading goes on.
    pub max_text_bytes: Option<usize>,
    /// The input's encoding, as a WHATWG label (`windows-1252`, `latin1`, `utf-16le`,
    /// `shift_jis`…); `None` detects it (see the crate docs).
    pub encoding: Option<String>,
    /// The CSV delimiter (`,` `;` tab `|` …, one byte); `None` reads it from the header line.
    pub delimiter: Option<u8>,
}

/// The WHATWG name of the encoding that `label` names (`latin1` → `windows-1252`), or an
/// error that lists common labels.
///
/// ```
/// assert_eq!(citra_ingest::encoding_name("latin1").unwrap(), "windows-1252");
/// assert!(citra_ingest::encoding_name("klingon").is_err());
/// ```
pub fn encoding_name(label: &str) -> Result<&'static str> {
    decode::for_label(label)
        .map(|e| e.name())
        .ok_or_else(|| Error::UnknownEncoding { label: label.to_owned() })
}

/// The items of an RSS or Atom document read from `source` (a path or URL, for provenance),
/// as the file reader reads them: for live feed polling.
pub fn parse_feed(source: &str, text: &str) -> Vec<Record> {
    sources::feed::parse(source, text)
}

/// An HTML page read from `source` as one article (its main text, title, canonical URL, date
/// and language), as the file reader reads it: for the articles a feed links to.
pub fn parse_article(source: &str, html: &str) -> Record {
    sources::html::article(source, html)
}

/// An HTML fragment as plain text: tags stripped, entities decoded, block elements on their
/// own lines (how feed descriptions and Mastodon posts are read).
pub fn html_to_text(fragment: &str) -> String {
    sources::html::html_to_text(fragment)
}

/// The longest text a record may have by default: 4 MiB. A long article (a few hundred KB) is
/// far below it and every stage is linear in text length (4 MiB of posts take about 2 s); a
/// 20 MB "post" is a pasted dump or a broken export, and is rejected with its reason.
pub const DEFAULT_MAX_TEXT_BYTES: usize = 4 << 20;

impl IngestOptions {
    /// The text limit in force.
    pub fn text_limit(&self) -> usize {
        self.max_text_bytes.unwrap_or(DEFAULT_MAX_TEXT_BYTES)
    }
}

/// Rejects a record whose text is over `limit` bytes, keeping its source and the head of its
/// text; other records pass unchanged.
pub(crate) fn check_text_limit(rec: Record, limit: usize) -> Record {
    match rec {
        Ok(doc) if doc.text.len() > limit => Err(RecordError {
            reason: format!(
                "text is {} bytes ({:.1} MiB), over the limit of {limit} bytes per record: split \
                 it into several records, or raise the limit with --max-text-bytes",
                doc.text.len(),
                doc.text.len() as f64 / f64::from(1u32 << 20),
            ),
            raw: truncate(&doc.text, RAW_LIMIT).to_owned(),
            source: doc.source,
        }),
        rec => rec,
    }
}

/// A record that could not be read, with where it came from and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The path and 1-based line or record number.
    pub source: SourceRef,
    /// Why it was rejected, for people.
    pub reason: String,
    /// The raw record text, truncated to about 4 KiB.
    pub raw: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.source.path, self.source.line, self.reason)
    }
}

impl std::error::Error for RecordError {}

/// The most raw text a [`RecordError`] keeps.
pub const RAW_LIMIT: usize = 4096;

impl RecordError {
    /// A rejection of the record at `path`:`line`, its raw text kept up to [`RAW_LIMIT`].
    pub fn new(path: &str, line: u64, reason: impl Into<String>, raw: &str) -> RecordError {
        RecordError {
            source: SourceRef { path: path.to_owned(), line },
            reason: reason.into(),
            raw: truncate(raw, RAW_LIMIT).to_owned(),
        }
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// One record: a document, or why it could not be read.
pub type Record = std::result::Result<RawDoc, RecordError>;

/// An iterator over the records of one input. Built by [`open`].
pub struct Reader {
    format: Format,
    inner: Box<dyn Iterator<Item = Record> + Send>,
    counter: Arc<AtomicU64>,
    total: Option<u64>,
    platform: Option<String>,
    text_limit: usize,
    shared: report::Shared,
}

impl fmt::Debug for Reader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("format", &self.format)
            .field("bytes_read", &self.bytes_read())
            .field("total_bytes", &self.total)
            .finish_non_exhaustive()
    }
}

impl Reader {
    /// The format being read (given or detected).
    pub fn format(&self) -> Format {
        self.format
    }

    /// Bytes read so far from the file as stored (compressed bytes for a compressed file).
    /// Sources that need the whole input (one HTML page, a feed, a v2 page) read it at once.
    pub fn bytes_read(&self) -> u64 {
        self.counter.load(Ordering::Relaxed)
    }

    /// The size of the file as stored (compressed), or `None` for standard input.
    pub fn total_bytes(&self) -> Option<u64> {
        self.total
    }

    /// How the input was decoded, the counts of what came out, and the warnings to show; a
    /// handle that stays valid after the reader is consumed.
    pub fn report(&self) -> ReadReport {
        self.shared.report()
    }

    /// A handle on [`Reader::bytes_read`] that stays valid after the reader is consumed (for a
    /// progress bar).
    pub fn progress(&self) -> Progress {
        Progress { counter: Arc::clone(&self.counter), total: self.total }
    }
}

/// How far a [`Reader`] has read: see [`Reader::progress`].
#[derive(Debug, Clone)]
pub struct Progress {
    counter: Arc<AtomicU64>,
    total: Option<u64>,
}

impl Progress {
    /// Bytes read so far from the file as stored.
    pub fn bytes_read(&self) -> u64 {
        self.counter.load(Ordering::Relaxed)
    }

    /// The size of the file as stored, or `None` for standard input.
    pub fn total_bytes(&self) -> Option<u64> {
        self.total
    }
}

impl Iterator for Reader {
    type Item = Record;
    fn next(&mut self) -> Option<Record> {
        let mut rec = self.inner.next()?;
        if let (Ok(doc), Some(p)) = (&mut rec, &self.platform) {
            doc.platform.clone_from(p);
        }
        let rec = check_text_limit(rec, self.text_limit);
        self.shared.count(&rec);
        Some(rec)
    }
}

/// Opens `path` (`-` = standard input) for reading records.
///
/// Fails only when the input cannot be opened or read, when a compressed header is broken,
/// when the encoding label names no encoding, or when no format is given and none can be
/// detected; the message names the path and what to do. Damage later in the input (a
/// compressed file cut short, a read error) is a [`RecordError`] after the records before it.
pub fn open(path: &str, opts: &IngestOptions) -> Result<Reader> {
    let encoding = match opts.encoding.as_deref() {
        Some(label) => Some(
            decode::for_label(label)
                .ok_or_else(|| Error::UnknownEncoding { label: label.to_owned() })?,
        ),
        None => None,
    };
    let shared = report::Shared::new(path, opts.format);
    let input = input::Input::open(path, encoding, shared.clone())?;
    let format = match opts.format {
        Some(f) => f,
        None => detect(input.name_for_detection(), input.head())
            .ok_or_else(|| Error::UnknownFormat { path: path.to_owned() })?,
    };
    shared.set_format(format);
    let counter = input.counter();
    let total = input.total_bytes();
    let inner = sources::build(format, input, opts);
    Ok(Reader {
        format,
        inner,
        counter,
        total,
        platform: opts.platform.clone(),
        text_limit: opts.text_limit(),
        shared,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format010_names_roundtrip() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Some(*f));
            assert_eq!(f.name().parse::<Format>(), Ok(*f));
        }
    }

    #[test]
    fn format020_aliases_and_errors() {
        let rows: &[(&str, Option<Format>)] = &[
            ("RSS", Some(Format::Feed)),
            ("atom", Some(Format::Feed)),
            ("tsv", Some(Format::Csv)),
            ("twitter", Some(Format::TwitterJson)),
            ("tweets_js", Some(Format::TweetsJs)),
            ("ndjson", Some(Format::Jsonl)),
            ("parquet", None),
            ("", None),
        ];
        for (s, want) in rows {
            assert_eq!(Format::parse(s), *want, "{s}");
        }
        let err = "parquet".parse::<Format>().unwrap_err().to_string();
        assert!(err.contains("parquet") && err.contains("jsonl") && err.contains("tweets-js"));
    }

    #[test]
    fn limit010_long_text_rejected_with_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("posts.jsonl");
        let long = "Mexico is paying for the wall. ".repeat(40);
        let body = format!(
            "{{\"id\":\"1\",\"text\":\"short\"}}\n{{\"id\":\"2\",\"text\":\"{long}\"}}\n\
             {{\"id\":\"3\",\"text\":\"after\"}}\n"
        );
        std::fs::write(&path, body).unwrap();
        let opts = IngestOptions { max_text_bytes: Some(1000), ..IngestOptions::default() };
        let recs: Vec<Record> = open(path.to_str().unwrap(), &opts).unwrap().collect();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].as_ref().unwrap().text, "short");
        let bad = recs[1].as_ref().unwrap_err();
        assert_eq!(bad.source.line, 2);
        assert!(bad.reason.contains("1240 bytes") && bad.reason.contains("limit of 1000"), "{bad}");
        assert!(bad.reason.contains("--max-text-bytes"), "{bad}");
        assert!(bad.raw.starts_with("Mexico is paying"));
        assert_eq!(recs[2].as_ref().unwrap().text, "after");
        // The default limit lets the same text through.
        let recs: Vec<Record> =
            open(path.to_str().unwrap(), &IngestOptions::default()).unwrap().collect();
        assert!(recs.iter().all(|r| r.is_ok()));
        // And the in-memory reader (the server's ingest) applies the same limit.
        let recs: Vec<Record> =
            read_jsonl_bytes(std::fs::read(&path).unwrap(), "body", &opts).collect();
        assert!(recs[1].as_ref().is_err_and(|e| e.reason.contains("limit of 1000")));
    }

    #[test]
    fn truncate010_char_boundary() {
        assert_eq!(truncate("ééé", 3), "é");
        assert_eq!(truncate("abc", 10), "abc");
        assert_eq!(truncate("日本", 2), "");
    }
}
