//! What reading one input found: how its bytes were decoded, how many records came out, and
//! the warnings a person must see ([`ReadReport`]).

use crate::columns::Field;
use crate::{Format, RawDoc, Record};
use citra_model::{Diagnostic, Severity, Span};
use encoding_rs::{Encoding, UTF_8};
use std::sync::{Arc, Mutex, PoisonError};

/// How many damaged line numbers a report keeps for its messages.
const FIRST_LINES: usize = 10;
/// The stage name of ingest's diagnostics.
const STAGE: &str = "ingest";
/// The code of the diagnostic for bytes replaced by U+FFFD.
pub const UNDECODABLE: &str = "undecodable-bytes";

/// How the encoding of an input was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChosenBy {
    /// Given by the caller ([`IngestOptions::encoding`](crate::IngestOptions), `--encoding`).
    Given,
    /// Named by a byte order mark at the start of the input.
    ByteOrderMark,
    /// Detected from the bytes: valid UTF-8, UTF-16 by its zero bytes, or the charset
    /// detector's guess.
    Detected,
    /// The input is plain ASCII, which UTF-8 and every detected encoding read alike.
    #[default]
    Ascii,
}

impl ChosenBy {
    fn describe(self) -> &'static str {
        match self {
            ChosenBy::Given => "given with --encoding",
            ChosenBy::ByteOrderMark => "named by its byte order mark",
            ChosenBy::Detected => "detected",
            ChosenBy::Ascii => "plain ASCII",
        }
    }
}

/// How an input's bytes were decoded to text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoding {
    /// The encoding's WHATWG name: `UTF-8`, `UTF-16LE`, `windows-1252`, `Shift_JIS`…
    pub encoding: &'static str,
    /// How it was chosen.
    pub chosen_by: ChosenBy,
    /// Byte sequences not valid in the encoding, each replaced by U+FFFD.
    pub replacements: u64,
    /// Lines of the decoded text holding at least one replacement.
    pub damaged_lines: u64,
    /// The first of those lines (1-based, at most 10).
    pub first_damaged_lines: Vec<u64>,
    /// Lines of decoded text (a last line without a line end counts).
    pub lines: u64,
}

/// Records that came out of an input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordCounts {
    /// Records, good and bad.
    pub records: u64,
    /// Documents read.
    pub documents: u64,
    /// Records rejected.
    pub rejected: u64,
    /// Documents without a date.
    pub undated: u64,
    /// Records rejected for their date (empty or unreadable in the date column).
    pub rejected_for_date: u64,
}

/// The state shared by an input's decoder, its source and its [`Reader`](crate::Reader).
#[derive(Debug, Default)]
pub(crate) struct Inner {
    path: String,
    format: Option<Format>,
    format_given: bool,
    pub(crate) encoding: Option<&'static Encoding>,
    pub(crate) chosen_by: ChosenBy,
    replacements: u64,
    damaged_lines: u64,
    first_damaged: Vec<u64>,
    last_damaged: u64,
    pub(crate) newlines: u64,
    pub(crate) ends_with_newline: bool,
    pub(crate) decoded_bytes: u64,
    /// The columns (CSV header, or the first JSON object's keys), set by the source.
    pub(crate) columns: Option<Vec<String>>,
    /// The column read for dates, set by the source (`None`: none found).
    pub(crate) date_column: Option<String>,
    counts: RecordCounts,
    first_rejection: Option<(u64, String)>,
    /// Records a source read and left out on purpose (not posts), by kind, for the notes.
    skipped: std::collections::BTreeMap<&'static str, u64>,
}

impl Inner {
    /// One more replacement, on `line`.
    pub(crate) fn damaged(&mut self, line: u64) {
        self.replacements += 1;
        if line != self.last_damaged {
            self.last_damaged = line;
            self.damaged_lines += 1;
            if self.first_damaged.len() < FIRST_LINES {
                self.first_damaged.push(line);
            }
        }
    }

    /// One more record of `kind` read and left out on purpose (a Telegram service message).
    pub(crate) fn skipped(&mut self, kind: &'static str) {
        *self.skipped.entry(kind).or_default() += 1;
    }

    fn lines(&self) -> u64 {
        let unterminated = self.decoded_bytes > 0 && !self.ends_with_newline;
        self.newlines + u64::from(unterminated)
    }

    fn encoding_name(&self) -> &'static str {
        self.encoding.unwrap_or(UTF_8).name()
    }
}

/// The note for `n` records of `kind` left out (or, for dates, read in a weaker way).
fn skipped_note(kind: &str, n: u64) -> String {
    use crate::sources::telegram;
    match kind {
        telegram::SERVICE => format!(
            "{} (joins, pins, title changes…) skipped: they are not posts",
            plural(n, "service message", "service messages")
        ),
        telegram::NO_TEXT => format!(
            "{} (a photo, sticker or file without caption) skipped",
            plural(n, "message without text", "messages without text")
        ),
        telegram::OTHER => format!(
            "{} of another type than message or service (such as unsupported) skipped",
            plural(n, "record", "records")
        ),
        telegram::LOCAL_DATE => format!(
            "{} no date_unixtime: dated from `date`, the local time of the exporting \
             machine, read as UTC (a newer Telegram Desktop writes date_unixtime)",
            plural(n, "message has", "messages have")
        ),
        other => format!("{} skipped ({other})", plural(n, "record", "records")),
    }
}

/// A handle on the shared state.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shared(Arc<Mutex<Inner>>);

impl Shared {
    pub(crate) fn new(path: &str, given_format: Option<Format>) -> Shared {
        Shared(Arc::new(Mutex::new(Inner {
            path: path.to_owned(),
            format: given_format,
            format_given: given_format.is_some(),
            ..Inner::default()
        })))
    }

    /// Runs `f` on the state.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    pub(crate) fn set_format(&self, format: Format) {
        self.with(|r| r.format = Some(format));
    }

    /// Counts one record as it leaves the reader.
    pub(crate) fn count(&self, record: &Record) {
        self.with(|r| {
            r.counts.records += 1;
            match record {
                Ok(doc) => {
                    r.counts.documents += 1;
                    r.counts.undated += u64::from(doc.created_at.is_none());
                }
                Err(e) => {
                    r.counts.rejected += 1;
                    if e.reason.starts_with("created_at:") {
                        r.counts.rejected_for_date += 1;
                    }
                    if r.first_rejection.is_none() {
                        r.first_rejection = Some((e.source.line, e.reason.clone()));
                    }
                }
            }
        });
    }

    pub(crate) fn report(&self) -> ReadReport {
        ReadReport { shared: self.clone() }
    }
}

/// What reading one input found, from [`Reader::report`](crate::Reader::report): how its
/// bytes were decoded, how many records came out, the warnings to show a person, and the
/// diagnostics of each document's lossy repairs. A handle: it reads the reader's state at the
/// time of the call, so call it once the reader is exhausted for the whole picture.
#[derive(Debug, Clone)]
pub struct ReadReport {
    shared: Shared,
}

impl ReadReport {
    /// How the bytes were decoded.
    pub fn decoding(&self) -> Decoding {
        self.shared.with(|r| Decoding {
            encoding: r.encoding_name(),
            chosen_by: r.chosen_by,
            replacements: r.replacements,
            damaged_lines: r.damaged_lines,
            first_damaged_lines: r.first_damaged.clone(),
            lines: r.lines(),
        })
    }

    /// The records that came out so far.
    pub fn counts(&self) -> RecordCounts {
        self.shared.with(|r| r.counts)
    }

    /// True when the input held records but not one document could be read from it: the
    /// format, column map or encoding is surely wrong, and the caller should fail.
    pub fn read_nothing(&self) -> bool {
        let c = self.counts();
        c.documents == 0 && c.rejected > 0
    }

    /// What a person may want to know about this input, when nothing is wrong: the encoding
    /// that was detected when it is not UTF-8 (a guess, which `--encoding` can correct).
    pub fn notes(&self) -> Vec<String> {
        self.shared.with(|r| {
            let enc = r.encoding_name();
            let mut out = Vec::new();
            if r.chosen_by == ChosenBy::Detected && enc != UTF_8.name() {
                out.push(format!(
                    "{}: read as {enc} (detected from its bytes, which are not UTF-8); if the \
                     text looks wrong, pass --encoding LABEL",
                    r.path
                ));
            }
            for (kind, n) in &r.skipped {
                out.push(format!("{}: {}", r.path, skipped_note(kind, *n)));
            }
            out
        })
    }

    /// Records read and left out on purpose, by kind (see [`ReadReport::notes`]).
    pub fn skipped(&self) -> u64 {
        self.shared.with(|r| r.skipped.values().sum())
    }

    /// What a person must be told about this input, one sentence each, naming the input and
    /// saying what to do: bytes replaced by U+FFFD, an input of which nothing could be read, an
    /// empty input, most documents without a date, most records rejected for their date.
    pub fn warnings(&self) -> Vec<String> {
        self.shared.with(|r| {
            let mut out = Vec::new();
            let path = &r.path;
            let c = r.counts;
            let format = r.format.map_or("?", |f| f.name());
            let how = if r.format_given { "as given with --format" } else { "as detected" };
            if r.replacements > 0 {
                out.push(format!(
                    "{path}: {} not valid {} ({}) replaced by U+FFFD, on {} (first: {}); \
                     the documents holding them carry an `{UNDECODABLE}` diagnostic; if {} is \
                     not the file's encoding, pass --encoding LABEL (e.g. windows-1252, \
                     iso-8859-2, windows-1251, shift_jis, utf-16le)",
                    plural(r.replacements, "byte sequence", "byte sequences"),
                    r.encoding_name(),
                    r.chosen_by.describe(),
                    plural(r.damaged_lines, "line", "lines"),
                    join(&r.first_damaged),
                    r.encoding_name(),
                ));
            }
            if c.documents == 0 && c.rejected > 0 {
                let (line, reason) = r.first_rejection.clone().unwrap_or_default();
                let lines = r.lines();
                let hint = if c.records == 1 && lines > 1 {
                    format!(
                        "the whole input was taken as one record, so it is probably not in the \
                         {format} format; pass --format with its format ({})",
                        Format::names()
                    )
                } else {
                    "check the format (--format), the column map (--map) and the encoding \
                     (--encoding)"
                        .to_owned()
                };
                out.push(format!(
                    "{path}: no document could be read: {} rejected out of {} read {how} as \
                     {format}; the first, at line {line}: {reason}; {hint}",
                    plural(c.rejected, "record", "records"),
                    plural(lines, "line", "lines"),
                ));
            } else if c.records == 0 {
                out.push(format!(
                    "{path}: no record in it ({} bytes of text read {how} as {format}); check \
                     that it is the right file",
                    r.decoded_bytes
                ));
            }
            let dated = matches!(r.format, Some(Format::Csv | Format::Jsonl));
            if dated && c.documents > 0 && c.undated * 2 > c.documents {
                let why = match (&r.date_column, &r.columns) {
                    (Some(col), _) => format!("they have no value in '{col}'"),
                    (None, Some(cols)) => format!(
                        "no date column was recognised (columns: {}; looked for {})",
                        crate::truncate(&cols.join(", "), 400),
                        Field::CreatedAt.default_columns().join(", ")
                    ),
                    (None, None) => "no date column was recognised".to_owned(),
                };
                out.push(format!(
                    "{path}: {} of {} documents have no date: {why}; they are stored but left \
                     out of the index series; pass --map created_at=COLUMN to read dates",
                    c.undated, c.documents
                ));
            }
            if c.documents > 0 && c.rejected_for_date * 2 > c.records {
                let col = r.date_column.as_deref().unwrap_or("created_at");
                out.push(format!(
                    "{path}: {} of {} records were rejected for their date in column '{col}' \
                     (`citra rejected` lists them); if it is the wrong column, pass --map \
                     created_at=COLUMN",
                    c.rejected_for_date, c.records
                ));
            }
            out
        })
    }

    /// The diagnostics of `doc`'s lossy repairs: one per U+FFFD in its text (with its span)
    /// and one per other field holding U+FFFD, when this input's decoding replaced bytes.
    /// Empty when it replaced none (a U+FFFD then came with the input as written).
    pub fn diagnostics_for(&self, doc: &RawDoc) -> Vec<Diagnostic> {
        let (replacements, encoding, chosen_by) =
            self.shared.with(|r| (r.replacements, r.encoding_name(), r.chosen_by));
        if replacements == 0 {
            return Vec::new();
        }
        let at = format!("{}:{}", doc.source.path, doc.source.line);
        let what_to_do = format!(
            "pass --encoding LABEL if {encoding} ({}) is not the file's encoding",
            chosen_by.describe()
        );
        let mut out: Vec<Diagnostic> = doc
            .text
            .match_indices('\u{fffd}')
            .map(|(i, c)| {
                Diagnostic::new(
                    STAGE,
                    UNDECODABLE,
                    Severity::Warning,
                    format!(
                        "bytes of {at} that are not valid {encoding} were replaced by U+FFFD \
                         here; {what_to_do}"
                    ),
                )
                .at(Span::new(i, i + c.len()))
            })
            .collect();
        let fields = [
            ("title", doc.title.as_deref()),
            ("author", doc.author.as_deref()),
            ("author_name", doc.author_name.as_deref()),
            ("url", doc.url.as_deref()),
        ];
        for (name, value) in fields {
            if value.is_some_and(|v| v.contains('\u{fffd}')) {
                out.push(Diagnostic::new(
                    STAGE,
                    UNDECODABLE,
                    Severity::Warning,
                    format!(
                        "{name}: bytes of {at} that are not valid {encoding} were replaced by \
                         U+FFFD; {what_to_do}"
                    ),
                ));
            }
        }
        out
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn join(lines: &[u64]) -> String {
    lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RecordError;
    use chrono::TimeZone;

    fn doc(line: u64, dated: bool) -> Record {
        Ok(RawDoc {
            text: "x".into(),
            created_at: dated.then(|| chrono::Utc.timestamp_opt(0, 0).unwrap()),
            source: citra_model::SourceRef { path: "f".into(), line },
            ..RawDoc::default()
        })
    }

    fn bad(line: u64, reason: &str) -> Record {
        Err(RecordError::new("f", line, reason, ""))
    }

    /// A report on `records` read as `format` from a text of `lines` lines.
    fn report(
        format: Format,
        lines: u64,
        date_column: Option<&str>,
        records: &[Record],
    ) -> ReadReport {
        let s = Shared::new("f", None);
        s.set_format(format);
        s.with(|r| {
            r.newlines = lines;
            r.decoded_bytes = lines * 10;
            r.ends_with_newline = true;
            r.columns = Some(vec!["id".into(), "text".into(), "created".into()]);
            r.date_column = date_column.map(str::to_owned);
        });
        for rec in records {
            s.count(rec);
        }
        s.report()
    }

    #[test]
    fn report010_warnings_table() {
        let many_undated: Vec<Record> = (1..=10).map(|i| doc(i, i > 8)).collect();
        let few_undated: Vec<Record> = (1..=10).map(|i| doc(i, i > 2)).collect();
        let bad_dates: Vec<Record> = (1..=10)
            .map(|i| if i > 3 { bad(i, "created_at: cannot parse 'x'") } else { doc(i, true) })
            .collect();
        let rows: &[(&str, ReadReport, &[&str], bool)] = &[
            ("clean", report(Format::Csv, 10, Some("date"), &few_undated[2..]), &[], false),
            (
                "one record from many lines",
                report(Format::TrumpArchive, 2605, None, &[bad(0, "no JSON array found")]),
                &["f: no document could be read", "2605 lines", "taken as one record", "--format"],
                true,
            ),
            (
                "every line rejected",
                report(Format::Jsonl, 2, None, &[bad(1, "invalid JSON"), bad(2, "invalid JSON")]),
                &["2 records rejected", "at line 1: invalid JSON", "--map"],
                true,
            ),
            ("empty", report(Format::Jsonl, 0, None, &[]), &["f: no record in it"], false),
            (
                "no date column",
                report(Format::Csv, 10, None, &many_undated),
                &[
                    "8 of 10 documents have no date",
                    "columns: id, text, created",
                    "--map created_at=",
                ],
                false,
            ),
            ("some undated", report(Format::Csv, 10, Some("date"), &few_undated), &[], false),
            (
                "undated in a named column",
                report(Format::Jsonl, 10, Some("when"), &many_undated),
                &["no value in 'when'"],
                false,
            ),
            (
                "undated feed: not a warning",
                report(Format::Feed, 10, None, &many_undated),
                &[],
                false,
            ),
            (
                "most dates unreadable",
                report(Format::Csv, 10, Some("date"), &bad_dates),
                &["7 of 10 records were rejected for their date in column 'date'"],
                false,
            ),
        ];
        for (what, report, want, nothing) in rows {
            let got = report.warnings();
            if want.is_empty() {
                assert!(got.is_empty(), "{what}: {got:?}");
            } else {
                assert_eq!(got.len(), 1, "{what}: {got:?}");
                for w in *want {
                    assert!(got[0].contains(w), "{what}: {w:?} not in {got:?}");
                }
            }
            assert_eq!(report.read_nothing(), *nothing, "{what}");
        }
    }

    #[test]
    fn report020_replacements_and_diagnostics() {
        let s = Shared::new("f.csv", None);
        s.set_format(Format::Csv);
        let d = RawDoc {
            text: "caf\u{fffd} y t\u{fffd}".into(),
            author: Some("jos\u{fffd}".into()),
            created_at: Some(chrono::Utc.timestamp_opt(0, 0).unwrap()),
            source: citra_model::SourceRef { path: "f.csv".into(), line: 3 },
            ..RawDoc::default()
        };
        // No replacement by the decoder: the U+FFFD came with the input, no diagnostic.
        assert!(s.report().diagnostics_for(&d).is_empty());
        s.with(|r| {
            r.encoding = Some(encoding_rs::SHIFT_JIS);
            r.chosen_by = ChosenBy::Given;
            r.damaged(3);
            r.damaged(3);
            r.damaged(9);
        });
        s.count(&Ok(d.clone()));
        let diags = s.report().diagnostics_for(&d);
        assert_eq!(diags.len(), 3, "{diags:?}");
        assert_eq!(diags[0].span, Some(Span::new(3, 6)));
        assert_eq!(diags[0].span.unwrap().slice(&d.text), Some("\u{fffd}"));
        assert_eq!(diags[1].span, Some(Span::new(10, 13)));
        assert!(diags[0].message.contains("f.csv:3") && diags[0].message.contains("Shift_JIS"));
        assert!(diags[2].message.starts_with("author:") && diags[2].span.is_none());
        assert!(diags.iter().all(|d| d.code == UNDECODABLE && d.stage == "ingest"));
        let w = s.report().warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("3 byte sequences not valid Shift_JIS (given with --encoding)"));
        assert!(w[0].contains("on 2 lines (first: 3, 9)") && w[0].contains("--encoding"));
        let dec = s.report().decoding();
        assert_eq!((dec.replacements, dec.damaged_lines, dec.encoding), (3, 2, "Shift_JIS"));
        // Given, it is no guess: no note. Detected, it is one.
        assert!(s.report().notes().is_empty());
        s.with(|r| r.chosen_by = ChosenBy::Detected);
        let notes = s.report().notes();
        assert!(notes.len() == 1 && notes[0].contains("f.csv: read as Shift_JIS"), "{notes:?}");
        s.with(|r| r.encoding = Some(UTF_8));
        assert!(s.report().notes().is_empty());
    }
}
