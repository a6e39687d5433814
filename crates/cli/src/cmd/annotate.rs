//! `citra annotate [FILES|-]`: the whole per-post pipeline as a filter, with no store: one JSON
//! line per input record on standard output, in input order, with bounded memory (records are
//! read and annotated [`CHUNK`] at a time, at most two chunks per worker in flight) and all cores
//! used (`--threads` workers annotate and serialize; the reading and writing thread keeps the
//! order). A record that cannot be read is a line too (`"rejected"`), never
//! dropped. The line's fields are [`SCHEMA`] version 2, documented in README ("Annotating
//! without a store"). Version 2 added `engagement` and `day`, what the citra index needs of a
//! post beside its mentions, so that a cluster can compute the index from these lines alone
//! (`scripts/spark/`).

use crate::args::AnnotateArgs;
use anyhow::{Result, anyhow};
use citra_ingest::{ColumnMap, Format, IngestOptions, RecordError};
use citra_model::{Annotation, MentionKind, Quad, RawDoc, Span, Tone, ToneLabel, timefmt};
use citra_pipeline::Pipeline;
use std::io::Write;

/// Records a worker annotates at a time; at most `2 × threads` chunks are in flight
/// ([`citra_pipeline::par`]): what memory holds, whatever the input's size.
pub(crate) const CHUNK: usize = 256;
/// The output's schema name and version, on every line.
pub(crate) const SCHEMA: &str = "citra.annotation/2";

/// The engagement the store keeps for a document (the sum of its known counts, saturating, at
/// most `i64::MAX` as SQLite holds it): the `engagement` of the index's document weight.
fn stored_engagement(doc: &RawDoc) -> u64 {
    doc.engagement.total().min(i64::MAX as u64)
}

// The output line, serialized straight from borrowed fields (no `serde_json::Value` tree: it
// cost a third of the time spent outside the pipeline). Field order is alphabetical and every
// float is written as an f64, as the `Value` map this replaced wrote them, so lines are
// byte-identical to schema 2 as first released (test `annotate_line_layout` pins the layout).

/// A span as `{"end", "start"}`.
#[derive(serde::Serialize)]
struct SpanOut {
    end: usize,
    start: usize,
}

impl From<Span> for SpanOut {
    fn from(s: Span) -> SpanOut {
        SpanOut { end: s.end, start: s.start }
    }
}

/// A tone as `{"confidence", "label", "score"}`.
#[derive(serde::Serialize)]
struct ToneOut {
    confidence: f64,
    label: ToneLabel,
    score: f64,
}

impl From<Tone> for ToneOut {
    fn from(t: Tone) -> ToneOut {
        ToneOut { confidence: f64::from(t.confidence), label: t.label, score: f64::from(t.score) }
    }
}

/// One mention of the line.
#[derive(serde::Serialize)]
struct MentionOut<'a> {
    actor: &'a Option<String>,
    country: &'a str,
    end: usize,
    kind: MentionKind,
    start: usize,
    surface: &'a str,
    themes: &'a [String],
    tone: Option<ToneOut>,
}

/// One coded event of the line.
#[derive(serde::Serialize)]
struct EventOut<'a> {
    code: &'a str,
    goldstein: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    mention: Option<usize>,
    negated: bool,
    quad: Quad,
    root: u8,
    sentence: SpanOut,
    source: &'a str,
    target: &'a str,
    trigger: SpanOut,
}

/// The line of an annotated record.
#[derive(serde::Serialize)]
struct DocLine<'a> {
    author: &'a Option<String>,
    /// chrono's serde form of the time (RFC 3339, `Z`, as few fraction digits as hold it).
    created_at: Option<String>,
    day: Option<String>,
    engagement: u64,
    events: Vec<EventOut<'a>>,
    input: &'a str,
    key: String,
    lang: &'a str,
    lang_confidence: f64,
    line: u64,
    mentions: Vec<MentionOut<'a>>,
    native_id: &'a Option<String>,
    platform: &'a str,
    schema: &'static str,
    tone: ToneOut,
}

/// The line of a record that could not be read.
#[derive(serde::Serialize)]
struct RejectedLine<'a> {
    input: &'a str,
    line: u64,
    rejected: &'a str,
    schema: &'static str,
}

/// One output line for a record.
fn line(path: &str, rec: &Result<(RawDoc, Annotation), RecordError>) -> serde_json::Result<String> {
    match rec {
        Err(bad) => serde_json::to_string(&RejectedLine {
            input: path,
            line: bad.source.line,
            rejected: &bad.reason,
            schema: SCHEMA,
        }),
        Ok((doc, ann)) => {
            let mentions = ann
                .mentions
                .iter()
                .enumerate()
                .map(|(i, m)| MentionOut {
                    actor: &m.actor,
                    country: &m.country,
                    end: m.span.end,
                    kind: m.kind,
                    start: m.span.start,
                    surface: &m.surface,
                    themes: ann.themes.get(i).map_or(&[][..], Vec::as_slice),
                    tone: m.tone.map(ToneOut::from),
                })
                .collect();
            let events = ann
                .events
                .iter()
                .map(|e| EventOut {
                    code: &e.code,
                    goldstein: f64::from(e.goldstein),
                    mention: e.mention,
                    negated: e.negated,
                    quad: e.quad,
                    root: e.root,
                    sentence: e.sentence.into(),
                    source: &e.source,
                    target: &e.target,
                    trigger: e.trigger.into(),
                })
                .collect();
            serde_json::to_string(&DocLine {
                author: &doc.author,
                created_at: doc.created_at.map(|t| timefmt::rfc3339(&t, timefmt::Fraction::Auto)),
                day: doc.created_at.map(|t| timefmt::day(&t)),
                engagement: stored_engagement(doc),
                events,
                input: path,
                key: citra_store::doc_key(doc),
                lang: ann.lang.lang.code(),
                lang_confidence: f64::from(ann.lang.confidence),
                line: doc.source.line,
                mentions,
                native_id: &doc.native_id,
                platform: &doc.platform,
                schema: SCHEMA,
                tone: ann.tone.into(),
            })
        }
    }
}

pub(crate) fn run(args: AnnotateArgs) -> Result<()> {
    let format = args
        .format
        .as_deref()
        .map(|f| f.parse::<Format>().map_err(|e| anyhow!("--format: {e}")))
        .transpose()?;
    let map = match args.map.as_deref() {
        Some(spec) => ColumnMap::parse(spec).map_err(|e| anyhow!("--map: {e}"))?,
        None => ColumnMap::default(),
    };
    let opts =
        IngestOptions { format, map, platform: args.platform.clone(), ..IngestOptions::default() };
    let threads = match args.threads {
        Some(0) => return Err(anyhow!("--threads 0: give at least 1 (default: all cores)")),
        Some(n) => n,
        None => citra_pipeline::par::default_threads(),
    };
    let paths = if args.paths.is_empty() { vec!["-".to_owned()] } else { args.paths.clone() };
    let pipeline = Pipeline::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut docs, mut rejected) = (0u64, 0u64);
    for path in &paths {
        let reader = citra_ingest::open(path, &opts)
            .map_err(|e| anyhow!("{path}: {}", super::ingest::chain(&e)))?;
        // The workers annotate and serialize; this thread reads and writes, in input order.
        let work = |rec: Result<RawDoc, RecordError>| {
            let rec = rec.map(|d| {
                let a = pipeline.annotate(&d);
                (d, a)
            });
            (rec.is_ok(), line(path, &rec))
        };
        citra_pipeline::par::map_ordered(reader, threads, CHUNK, work, |lines| -> Result<()> {
            for (ok, text) in lines {
                if ok {
                    docs += 1;
                } else {
                    rejected += 1;
                }
                if let Err(e) = writeln!(out, "{}", text?) {
                    crate::stdout_failed(e);
                }
            }
            Ok(())
        })?;
    }
    if let Err(e) = out.flush() {
        crate::stdout_failed(e);
    }
    if !args.quiet {
        eprintln!("{docs} annotated, {rejected} rejected ({threads} threads)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The line as the `serde_json::Value` tree of schema 2's first release wrote it: the
    /// straight serialization must give the same bytes.
    fn value_line(path: &str, doc: &RawDoc, ann: &Annotation) -> String {
        let mentions: Vec<serde_json::Value> = ann
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                json!({
                    "country": m.country,
                    "actor": m.actor,
                    "kind": m.kind,
                    "surface": m.surface,
                    "start": m.span.start,
                    "end": m.span.end,
                    "tone": m.tone.map(|t| json!({"label": t.label, "score": t.score, "confidence": t.confidence})),
                    "themes": ann.themes.get(i).cloned().unwrap_or_default(),
                })
            })
            .collect();
        json!({
            "schema": SCHEMA,
            "input": path,
            "line": doc.source.line,
            "key": citra_store::doc_key(doc),
            "platform": doc.platform,
            "native_id": doc.native_id,
            "author": doc.author,
            "created_at": doc.created_at,
            "day": doc.created_at.map(|t| t.format("%Y-%m-%d").to_string()),
            "engagement": stored_engagement(doc),
            "lang": ann.lang.lang.code(),
            "lang_confidence": ann.lang.confidence,
            "tone": {"label": ann.tone.label, "score": ann.tone.score, "confidence": ann.tone.confidence},
            "mentions": mentions,
            "events": ann.events,
        })
        .to_string()
    }

    #[test]
    fn annotate_line_layout() {
        let p = Pipeline::new();
        let texts = [
            (
                "Indonesia mengecam keras pengakuan sepihak Amerika Serikat terhadap Jerusalem.",
                true,
            ),
            ("The United States sanctions Iran; Mexico will not pay for the wall!", true),
            ("México no paga el muro, dice el presidente de Estados Unidos", false),
            ("🇲🇽🔥 https://t.co/x", false),
            ("", true),
        ];
        let mut with_events = 0;
        for (i, (text, dated)) in texts.iter().enumerate() {
            let doc = RawDoc {
                platform: "twitter".into(),
                native_id: (i % 2 == 0).then(|| format!("{i}00")),
                author: dated.then(|| "POTUS".to_owned()),
                created_at: dated
                    .then(|| chrono::DateTime::from_timestamp(1_512_594_840, 0))
                    .flatten(),
                text: (*text).to_owned(),
                ..RawDoc::default()
            };
            let ann = p.annotate(&doc);
            with_events += usize::from(!ann.events.is_empty());
            let rec = Ok((doc, ann));
            let Ok((doc, ann)) = &rec else { unreachable!() };
            assert_eq!(line("in.csv", &rec).unwrap(), value_line("in.csv", doc, ann), "{text}");
        }
        assert!(with_events >= 2, "the cases must carry events and mentions");
        let bad = Err(RecordError {
            source: citra_model::SourceRef { line: 7, ..Default::default() },
            reason: "no text".into(),
            raw: String::new(),
        });
        assert_eq!(
            line("x.jsonl", &bad).unwrap(),
            json!({"schema": SCHEMA, "input": "x.jsonl", "line": 7, "rejected": "no text"})
                .to_string()
        );
    }
}
