//! `citra ingest`: read, annotate and store.
//!
//! Nothing is lost and nothing is silent: a bad record is kept as rejected; an input that
//! cannot be opened is kept as a rejected source (line 0) and the others are still read; the
//! warnings of each input's [`ReadReport`](citra_ingest::ReadReport) (bytes replaced by
//! U+FFFD, nothing read, no dates) are printed; the summary line and the `ingest_runs` row are
//! written in every case; and the exit code is 2 when an input gave no document at all.
//!
//! GDELT 2.0 files (told by their names) are not posts: [`ingest_gdelt`] loads each into the
//! store's GDELT tables in one transaction, marked done in it (a file loaded before is skipped),
//! and their rows are counted on a line of their own.

use crate::args::IngestArgs;
use anyhow::{Context, Result, anyhow, bail};
use citra_ingest::{ColumnMap, Format, IngestOptions};
use citra_model::{Diagnostic, RawDoc};
use citra_pipeline::Pipeline;
use citra_store::{Ready, Rejected, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::Path;

/// Rejection lines printed before the rest are only counted.
const SHOWN_REJECTIONS: u64 = 20;

/// Counts of one ingest run, and the inputs that gave no document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    pub(crate) read: u64,
    pub(crate) stored: u64,
    pub(crate) duplicates: u64,
    pub(crate) rejected: u64,
    /// Inputs that could not be opened or gave no document, with why.
    pub(crate) failed: Vec<String>,
    /// Inputs that were not GDELT files.
    pub(crate) doc_inputs: usize,
    /// What the GDELT files gave.
    pub(crate) gdelt: GdeltSummary,
}

/// Counts of the GDELT files of a run: their rows are GDELT's coding, not posts, and are
/// counted apart.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct GdeltSummary {
    /// GDELT files given.
    pub(crate) files: u64,
    /// Files already loaded by an earlier run, skipped.
    pub(crate) skipped: u64,
    /// Rows read.
    pub(crate) read: u64,
    /// New events, mentions and GKG records stored.
    pub(crate) events: u64,
    pub(crate) mentions: u64,
    pub(crate) gkg: u64,
    /// Rows already stored.
    pub(crate) duplicates: u64,
    /// Bad rows kept as rejected.
    pub(crate) rejected: u64,
}

impl std::fmt::Display for GdeltSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "GDELT: {} files ({} already loaded, skipped), {} rows read: {} events, {} mentions, \
             {} GKG records stored, {} duplicates, {} rejected",
            self.files,
            self.skipped,
            self.read,
            self.events,
            self.mentions,
            self.gkg,
            self.duplicates,
            self.rejected
        )
    }
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
        .map(|f| f.parse::<Format>().map_err(|e| anyhow!("--format: {e}")))
        .transpose()?;
    let map = match args.map.as_deref() {
        Some(spec) => ColumnMap::parse(spec).context("--map")?,
        None => ColumnMap::default(),
    };
    if let Some(label) = args.encoding.as_deref() {
        citra_ingest::encoding_name(label).map_err(|e| anyhow!("--encoding: {e}"))?;
    }
    let delimiter = args.delimiter.as_deref().map(parse_delimiter).transpose()?;
    let opts = IngestOptions {
        format,
        map,
        platform: args.platform.clone(),
        max_text_bytes: args.max_text_bytes,
        encoding: args.encoding.clone(),
        delimiter,
    };
    // Folders stand for the files they hold that citra reads, recursively.
    let paths = expand_folders(&args.paths, args.quiet);
    let args = IngestArgs { paths, ..args };
    // Before the store is created: when no input can be opened, nothing is created or changed.
    let unreadable: Vec<String> = args
        .paths
        .iter()
        .filter_map(|p| check_path(p).err().map(|e| format!("{p}: {e}")))
        .collect();
    if unreadable.len() == args.paths.len() {
        bail!(
            "cannot read {}; nothing was stored (the store was not created or changed); check \
             the path{}",
            unreadable.join("; "),
            if unreadable.len() == 1 { "" } else { "s" }
        );
    }
    let mut store = super::open_store(db)?;
    let started = chrono::Utc::now();
    let author = args.author.as_deref().map(|a| a.trim_start_matches('@').to_owned());
    let threads = match args.threads {
        Some(0) => return Err(anyhow!("--threads 0: give at least 1 (default: all cores)")),
        Some(n) => n,
        None => citra_pipeline::par::default_threads(),
    };
    let summary =
        ingest_paths(&mut store, &args.paths, &opts, author.as_deref(), threads, args.quiet)?;
    store.record_run(&citra_store::RunSummary {
        started,
        finished: chrono::Utc::now(),
        paths: args.paths.clone(),
        read: summary.read + summary.gdelt.read,
        stored: summary.stored + summary.gdelt.events + summary.gdelt.mentions + summary.gdelt.gkg,
        duplicates: summary.duplicates + summary.gdelt.duplicates,
        rejected: summary.rejected + summary.gdelt.rejected,
    })?;
    if summary.gdelt.files > 0 {
        println!("{}", summary.gdelt);
    }
    if summary.doc_inputs > 0 || summary.gdelt.files == 0 {
        println!("{summary}");
    }
    let failed = summary.failed.join(", ");
    if summary.failed.len() == args.paths.len() {
        bail!(
            "no document could be read from {failed} (see the warning above; `citra rejected` \
             lists what was rejected)"
        );
    }
    if !summary.failed.is_empty() {
        bail!(
            "{} of {} inputs gave no document: {failed} (see the warnings above; `citra \
             rejected` lists what was rejected); the other inputs were stored, and running again \
             after a fix stores nothing twice",
            summary.failed.len(),
            args.paths.len(),
        );
    }
    Ok(())
}

/// `--delimiter`: one ASCII character, or `tab`.
fn parse_delimiter(s: &str) -> Result<u8> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && !s.chars().any(char::is_alphanumeric) => {
            Ok(s.as_bytes()[0])
        }
        _ => {
            bail!("--delimiter '{s}' is not one punctuation character: use e.g. ',' ';' '|' or tab")
        }
    }
}

/// Sets `bar` up for one input: for a file of known size, bytes read with the percentage and
/// the time left; for standard input, records with their rate.
fn show_progress(bar: &ProgressBar, path: &str, total: Option<u64>) {
    let (template, len) = match total {
        Some(n) => (
            "{spinner} {msg} {percent}% of {total_bytes}, {bytes_per_sec}, {elapsed} so far, \
             about {eta} left",
            Some(n),
        ),
        None => ("{spinner} {msg} {human_pos} records, {per_sec}, {elapsed}", None),
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_position(0);
    bar.set_length(len.unwrap_or(0));
    if len.is_none() {
        bar.unset_length();
    }
    bar.set_message(path.to_owned());
}

/// File extensions citra reads (before a `.gz` or `.zst` suffix), for the files of a folder.
const READABLE: &[&str] = &[
    "jsonl", "ndjson", "json", "js", "csv", "tsv", "txt", "text", "xml", "rss", "atom", "html",
    "htm",
];

/// The paths with each folder replaced by the files under it that citra reads (by extension,
/// recursively, sorted; hidden files and folders skipped). A folder with no such file stays as
/// given, so it is reported as unreadable.
fn expand_folders(paths: &[String], quiet: bool) -> Vec<String> {
    let mut out = Vec::new();
    for p in paths {
        let dir = Path::new(p);
        if p == "-" || !dir.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut files = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else { continue };
            for e in entries.flatten() {
                let path = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                if path.is_dir() {
                    todo.push(path);
                } else if readable_name(&name) {
                    files.push(path.display().to_string());
                }
            }
        }
        files.sort();
        if files.is_empty() {
            out.push(p.clone());
        } else {
            if !quiet {
                eprintln!("{p}: {} files to read", files.len());
            }
            out.extend(files);
        }
    }
    out
}

/// Whether a file name has an extension citra reads, compressed or not (GDELT files also
/// zipped).
fn readable_name(name: &str) -> bool {
    if citra_ingest::gdelt::kind_of(name).is_some() {
        return true;
    }
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".zst")).unwrap_or(&name);
    name.rsplit_once('.').is_some_and(|(_, ext)| READABLE.contains(&ext))
}

/// Whether `path` names a readable file (or is `-`); the reason when not.
fn check_path(path: &str) -> std::result::Result<(), String> {
    if path == "-" {
        return Ok(());
    }
    if path.starts_with("http://") || path.starts_with("https://") {
        return Err("is a URL, and citra ingest reads local files and standard input: download \
                    it first (`curl -L -o page.html URL`, then `citra ingest page.html`)"
            .to_owned());
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(format!(
            "is a folder with no file citra reads in it (looked for .{} files, also .gz and .zst)",
            READABLE.join(", .")
        )),
        Ok(_) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

/// An error and its causes, each once (an error that prints its source and also returns it
/// from `source()` would otherwise print it twice).
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cause = c.source();
    }
    out
}

/// Reads every path into the store; a bad record is stored as rejected and never stops the
/// run, and neither does an input that cannot be opened (it is stored as a rejected source at
/// line 0 and named in [`Summary::failed`]).
///
/// The calling thread reads and writes; `threads` workers annotate ([`citra_pipeline::par`]),
/// and the store gets the documents in input order, so that a rerun after a kill stores
/// exactly what an uninterrupted run stores. A document the store already holds (an earlier
/// or interrupted run's) is found by a [`citra_store::KeyProbe`] before it is annotated.
///
/// Into a store that holds no document yet, the run is a bulk load
/// ([`citra_store::Store::bulk_load`]): some indexes are built once, at its end.
pub(crate) fn ingest_paths(
    store: &mut Store,
    paths: &[String],
    opts: &IngestOptions,
    default_author: Option<&str>,
    threads: usize,
    quiet: bool,
) -> Result<Summary> {
    store.bulk_load(|store| ingest_all(store, paths, opts, default_author, threads, quiet))
}

fn ingest_all(
    store: &mut Store,
    paths: &[String],
    opts: &IngestOptions,
    default_author: Option<&str>,
    threads: usize,
    quiet: bool,
) -> Result<Summary> {
    let pipeline = Pipeline::new();
    let probe = store.key_probe();
    let mut sum = Summary::default();
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    };
    for path in paths {
        if opts.format.is_none()
            && let Some(kind) = citra_ingest::gdelt::kind_of(path)
        {
            ingest_gdelt(store, path, kind, quiet, &bar, &mut sum)?;
            continue;
        }
        sum.doc_inputs += 1;
        let mut on_reject = |bad: &Rejected| {
            if !quiet && sum.rejected < SHOWN_REJECTIONS {
                bar.suspend(|| {
                    eprintln!("rejected {}:{}: {}", bad.source_path, bad.line, bad.reason)
                });
            }
            sum.rejected += 1;
        };
        let reader = match citra_ingest::open(path, opts) {
            Ok(r) => r,
            Err(e) => {
                // Kept as a rejected source, and the other inputs are still read.
                let reason = chain(&e);
                let bad = Rejected {
                    source_path: path.clone(),
                    line: 0,
                    reason: reason.clone(),
                    raw: String::new(),
                };
                let mut batch = store.batch()?;
                batch.reject(&bad)?;
                batch.commit()?;
                sum.read += 1;
                sum.rejected += 1;
                bar.suspend(|| eprintln!("warning: {reason}; this input was skipped"));
                sum.failed.push(path.clone());
                continue;
            }
        };
        let report = reader.report();
        let progress = reader.progress();
        show_progress(&bar, path, progress.total_bytes());
        let mut records_read = 0u64;
        // On this thread: progress, the author default, the decoder's diagnostics (they depend
        // on what the reader has seen so far) and the probe; on the workers: the pipeline.
        let records = reader.map(|record| {
            records_read += 1;
            if progress.total_bytes().is_some() {
                bar.set_position(progress.bytes_read());
                if records_read.is_multiple_of(256) {
                    bar.set_message(format!("{path}: {records_read} records"));
                }
            } else {
                bar.inc(1);
            }
            match record {
                Ok(mut doc) => {
                    if probe.as_ref().is_some_and(|p| p.contains(&doc)) {
                        return Work::Known;
                    }
                    if doc.author.is_none() {
                        doc.author = default_author.map(str::to_owned);
                    }
                    let diagnostics = report.diagnostics_for(&doc);
                    Work::Doc(doc, diagnostics)
                }
                Err(bad) => Work::Bad(Rejected {
                    source_path: bad.source.path,
                    line: bad.source.line,
                    reason: bad.reason,
                    raw: bad.raw,
                }),
            }
        });
        let annotate = |w: Work| match w {
            Work::Doc(doc, diagnostics) => {
                let mut ann = pipeline.annotate(&doc);
                ann.diagnostics.extend(diagnostics);
                Ready::Annotated(doc, ann)
            }
            Work::Known => Ready::Known,
            Work::Bad(bad) => Ready::Rejected(bad),
        };
        let n = citra_pipeline::par::map_ordered(
            records,
            threads,
            citra_pipeline::par::DEFAULT_CHUNK,
            annotate,
            |ready| store.load_ready(ready, &mut on_reject),
        )?;
        sum.read += n.read;
        sum.stored += n.stored;
        sum.duplicates += n.duplicates;
        if paths.len() > 1 && !quiet {
            bar.suspend(|| {
                eprintln!(
                    "{path}: {} read, {} stored, {} duplicates, {} rejected",
                    n.read, n.stored, n.duplicates, n.rejected
                )
            });
        }
        let notes = if quiet { Vec::new() } else { report.notes() };
        let warnings = report.warnings();
        bar.suspend(|| {
            for n in &notes {
                eprintln!("note: {n}");
            }
            for w in &warnings {
                eprintln!("warning: {w}");
            }
        });
        if report.read_nothing() {
            sum.failed.push(path.clone());
        }
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

/// A record on its way from the reader to the workers.
#[allow(clippy::large_enum_variant)] // nearly every record is the large variant: boxing it costs
enum Work {
    /// A document to annotate, with the decoder's diagnostics for it.
    Doc(RawDoc, Vec<Diagnostic>),
    /// A document the store holds already.
    Known,
    /// A record that could not be read.
    Bad(Rejected),
}

/// Loads one GDELT file (its rows into the GDELT tables, in one transaction, the file marked
/// done in it), or skips it when an earlier run loaded it; an input that cannot be opened is
/// kept as a rejected source, like any other.
fn ingest_gdelt(
    store: &mut Store,
    path: &str,
    kind: citra_model::gdelt::GdeltKind,
    quiet: bool,
    bar: &ProgressBar,
    sum: &mut Summary,
) -> Result<()> {
    sum.gdelt.files += 1;
    let name = citra_ingest::gdelt::file_key(path).to_owned();
    if store.gdelt_file_done(&name)? {
        sum.gdelt.skipped += 1;
        if !quiet {
            bar.suspend(|| eprintln!("{path}: GDELT file {name} is already loaded: skipped"));
        }
        return Ok(());
    }
    let mut reader = match citra_ingest::gdelt::open(path) {
        Ok(r) => r,
        Err(e) => {
            let reason = chain(&e);
            let mut batch = store.batch()?;
            batch.reject(&Rejected {
                source_path: path.to_owned(),
                line: 0,
                reason: reason.clone(),
                raw: String::new(),
            })?;
            batch.commit()?;
            sum.gdelt.rejected += 1;
            bar.suspend(|| eprintln!("warning: {reason}; this input was skipped"));
            sum.failed.push(path.to_owned());
            return Ok(());
        }
    };
    show_progress(bar, path, std::fs::metadata(path).ok().map(|m| m.len()));
    let file = citra_store::GdeltFile { name, kind, path: path.to_owned() };
    let damaged = std::cell::Cell::new(false);
    let rows = std::iter::from_fn(|| {
        let row = reader.next();
        if row.is_none() {
            damaged.set(reader.damaged());
        }
        row
    })
    .map(|r| {
        r.map_err(|bad| Rejected {
            source_path: bad.source.path,
            line: bad.source.line,
            reason: bad.reason,
            raw: bad.raw,
        })
    });
    let shown = &mut sum.gdelt.rejected;
    let n = store.load_gdelt(
        &file,
        rows,
        |bad| {
            if !quiet && *shown < SHOWN_REJECTIONS {
                bar.suspend(|| {
                    eprintln!("rejected {}:{}: {}", bad.source_path, bad.line, bad.reason)
                });
            }
            *shown += 1;
        },
        || !damaged.get(),
    )?;
    let g = &mut sum.gdelt;
    g.read += n.read;
    g.duplicates += n.duplicates;
    match kind {
        citra_model::gdelt::GdeltKind::Events => g.events += n.stored,
        citra_model::gdelt::GdeltKind::Mentions => g.mentions += n.stored,
        citra_model::gdelt::GdeltKind::Gkg => g.gkg += n.stored,
    }
    if !quiet {
        bar.suspend(|| {
            eprintln!(
                "{path}: GDELT {}: {} rows read, {} stored, {} duplicates, {} rejected{}",
                kind.as_str(),
                n.read,
                n.stored,
                n.duplicates,
                n.rejected,
                if n.done { "" } else { "; damaged, so not marked done: rerun it once fixed" }
            )
        });
    }
    if n.read == 0 {
        sum.failed.push(path.to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress010_percent_and_time_left_for_files() {
        let bar = ProgressBar::hidden();
        // A file of known size: a bar over its bytes (percentage and time left).
        show_progress(&bar, "a.jsonl", Some(1000));
        assert_eq!(bar.length(), Some(1000));
        bar.set_position(250);
        assert!((bar.elapsed().as_secs_f64() >= 0.0) && bar.position() == 250);
        // Standard input: no length, a count of records.
        show_progress(&bar, "-", None);
        assert_eq!((bar.length(), bar.position()), (None, 0));
    }

    #[test]
    fn folder010_readable_names() {
        let rows: &[(&str, bool)] = &[
            ("posts.jsonl", true),
            ("page-1.json.gz", true),
            ("feed.XML", true),
            ("export.csv.zst", true),
            ("notes.md", false),
            ("archive.tar.gz", false),
            ("README", false),
            ("20190607001500.export.CSV.zip", true),
            ("20190607001500.gkg.csv.zip", true),
            ("other.csv.zip", false),
        ];
        for (name, want) in rows {
            assert_eq!(readable_name(name), *want, "{name}");
        }
    }
}
