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
use citra_model::{Annotation, RawDoc};
use citra_pipeline::Pipeline;
use serde_json::{Value, json};
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

/// One output line for a record.
fn line(path: &str, rec: &Result<(RawDoc, Annotation), RecordError>) -> Value {
    match rec {
        Err(bad) => json!({
            "schema": SCHEMA,
            "input": path,
            "line": bad.source.line,
            "rejected": bad.reason,
        }),
        Ok((doc, ann)) => {
            let mentions: Vec<Value> = ann
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
            (rec.is_ok(), serde_json::to_string(&line(path, &rec)))
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
