//! `citra export`: a table of the store (posts, mentions, events) or a series the analytics
//! compute (image, relations, shocks) as a file, streamed (see `citra_export` and
//! docs/EXPORT.md).
//!
//! The store's tables are read with a cursor and written row by row. The series are the query
//! layer's answers, exactly as `citra image`, `citra relations` and `citra shocks` give them
//! with their default options: computed one country at a time (image, shocks) or one day at a
//! time (relations: `citra_query::relations::graph` on the day's mention rows, read from the
//! store a month at a time), each written before the next is computed.

use crate::args::{ExportArgs, ExportFormat, ExportWhat};
use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use citra_export::{Format, SCHEMA_VERSION, Table, icews, plover, tables};
use citra_model::MentionRow;
use citra_query::{Params, countries, image, relations, shocks};
use citra_store::export::ExportQuery;
use citra_store::{PostQuery, Store};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

impl ExportWhat {
    fn as_str(self) -> &'static str {
        match self {
            ExportWhat::Posts => "posts",
            ExportWhat::Mentions => "mentions",
            ExportWhat::Events => "events",
            ExportWhat::Image => "image",
            ExportWhat::Relations => "relations",
            ExportWhat::Shocks => "shocks",
        }
    }
}

impl ExportFormat {
    fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Parquet => "parquet",
            ExportFormat::Plover => "plover",
            ExportFormat::Icews => "icews",
        }
    }
}

/// Refuses a format that does not fit the table, saying which do.
fn check_fit(what: ExportWhat, format: ExportFormat) -> Result<()> {
    let fits = match format {
        ExportFormat::Csv | ExportFormat::Jsonl | ExportFormat::Parquet => true,
        ExportFormat::Plover => what == ExportWhat::Events,
        ExportFormat::Icews => matches!(what, ExportWhat::Events | ExportWhat::Relations),
    };
    if fits {
        return Ok(());
    }
    let (why, fitting) = match format {
        ExportFormat::Plover => ("PLOVER is a format of coded events", "--what events"),
        _ => (
            "the ICEWS layouts are an event file and a dyadic series",
            "--what events or --what relations",
        ),
    };
    bail!(
        "--format {} does not fit --what {}: {why}, for {fitting}; export {} with --format csv, \
         jsonl or parquet",
        format.as_str(),
        what.as_str(),
        what.as_str()
    )
}

/// Where the rows go: standard output, or a file written as `PATH.partial` and renamed to
/// `PATH` when complete.
struct Out {
    path: Option<PathBuf>,
    partial: Option<PathBuf>,
}

impl Out {
    fn open(path: &Path, format: ExportFormat) -> Result<(Out, Box<dyn Write + Send>)> {
        if path.as_os_str() == "-" {
            if format == ExportFormat::Parquet {
                bail!(
                    "--out - (standard output) is for csv, jsonl, plover and icews: a Parquet \
                     file ends with its footer and is read from a file; give a path, e.g. \
                     --out export.parquet"
                );
            }
            return Ok((Out { path: None, partial: None }, Box::new(std::io::stdout())));
        }
        if path.is_dir() {
            bail!(
                "--out {} is a folder: give a file name in it, e.g. --out {}",
                path.display(),
                path.join(format!("export.{}", extension(format))).display()
            );
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            bail!(
                "cannot write --out {}: the folder {} does not exist; create it first or choose \
                 another path",
                path.display(),
                dir.display()
            );
        }
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = File::create(&partial).map_err(|e| {
            anyhow!(
                "cannot write --out {}: {e} (creating {}); choose a path you can write to",
                path.display(),
                partial.display()
            )
        })?;
        Ok((Out { path: Some(path.to_path_buf()), partial: Some(partial) }, Box::new(file)))
    }

    /// Renames the finished file into place.
    fn commit(mut self) -> Result<()> {
        if let (Some(path), Some(partial)) = (&self.path, self.partial.take()) {
            std::fs::rename(&partial, path).with_context(|| {
                format!("cannot move {} to --out {}", partial.display(), path.display())
            })?;
        }
        Ok(())
    }

    fn name(&self) -> String {
        self.path.as_ref().map_or_else(|| "standard output".to_owned(), |p| p.display().to_string())
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        // An export that failed leaves no half-written file behind.
        if let Some(p) = self.partial.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn extension(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Jsonl | ExportFormat::Plover => "jsonl",
        ExportFormat::Parquet => "parquet",
        ExportFormat::Icews => "tsv",
    }
}

pub(crate) fn run(db: &Path, args: ExportArgs) -> Result<()> {
    check_fit(args.what, args.format)?;
    let p = Params {
        country: args.country.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        ..Params::default()
    };
    let country = super::q(p.country_opt()).map_err(|e| anyhow!("--country: {e}"))?;
    let range = super::q(p.range())?;
    let store = super::open_existing_store(db)?;
    // Renaming the finished file over the store would destroy it.
    if let (Ok(a), Ok(b)) = (args.out.canonicalize(), db.canonicalize())
        && a == b
    {
        bail!(
            "--out {} is the store itself: give another file name, e.g. --out {}.{}",
            args.out.display(),
            args.what.as_str(),
            extension(args.format)
        );
    }
    let q =
        ExportQuery { country: country.map(|c| c.alpha3.to_owned()), from: range.0, to: range.1 };
    let (out, w) = Out::open(&args.out, args.format)?;
    let (rows, note) = export(&store, &args, &p, &q, w)?;
    let name = out.name();
    out.commit()?;
    eprintln!(
        "exported {rows} row{} of {} ({SCHEMA_VERSION}, {}) to {name}{note}",
        if rows == 1 { "" } else { "s" },
        args.what.as_str(),
        args.format.as_str()
    );
    Ok(())
}

/// Writes the rows; returns how many and a note on what was left out.
fn export(
    store: &Store,
    args: &ExportArgs,
    p: &Params,
    q: &ExportQuery,
    w: Box<dyn Write + Send>,
) -> Result<(u64, String)> {
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Parquet => Format::Parquet,
        ExportFormat::Icews => Format::Tsv,
        ExportFormat::Plover => {
            let mut pw = plover::PloverWriter::new(w);
            store.export_events(q, |e| pw.event(&e))?;
            let (written, skipped) = pw.finish()?;
            let note = if skipped > 0 {
                format!(
                    "; {skipped} events left out (negated, or CAMEO root 01 public statements, \
                     which PLOVER does not code)"
                )
            } else {
                String::new()
            };
            return Ok((written, note));
        }
    };
    let icews = args.format == ExportFormat::Icews;
    let table: &'static Table = match (args.what, icews) {
        (ExportWhat::Events, true) => &icews::EVENTS,
        (ExportWhat::Relations, true) => &icews::DYADS,
        (ExportWhat::Posts, _) => &tables::POSTS,
        (ExportWhat::Mentions, _) => &tables::MENTIONS,
        (ExportWhat::Events, _) => &tables::EVENTS,
        (ExportWhat::Image, _) => &tables::IMAGE,
        (ExportWhat::Relations, _) => &tables::RELATIONS,
        (ExportWhat::Shocks, _) => &tables::SHOCKS,
    };
    let mut sink = citra_export::open(format, table, w)?;
    let mut note = String::new();
    match args.what {
        ExportWhat::Posts => {
            store.export_posts(q, |r| sink.row(&tables::post(&r)))?;
        }
        ExportWhat::Mentions => {
            store.export_mentions(q, |r| sink.row(&tables::mention(&r)))?;
        }
        ExportWhat::Events if icews => {
            let mut skipped = 0u64;
            store.export_events(q, |e| match icews::event(&e) {
                Some(row) => sink.row(&row),
                None => {
                    skipped += 1;
                    Ok(())
                }
            })?;
            if skipped > 0 {
                note = format!("; {skipped} negated events left out (ICEWS holds what happened)");
            }
        }
        ExportWhat::Events => {
            store.export_events(q, |r| sink.row(&tables::event(&r)))?;
        }
        ExportWhat::Image => {
            let (codes, left_out) = country_codes(store, q, |code| {
                let cp = Params { country: Some(code.into()), by: Some("day".into()), ..p.clone() };
                image::Request::from_params(&cp, None)
            })?;
            for req in codes {
                let answer = super::q(image::answer(store, &req))?;
                for point in &answer.points {
                    sink.row(&tables::image(answer.country, point))?;
                }
            }
            note = left_out;
        }
        ExportWhat::Shocks => {
            let (codes, left_out) = country_codes(store, q, |code| {
                let cp = Params { country: Some(code.into()), ..p.clone() };
                shocks::Request::from_params(&cp, None)
            })?;
            for req in codes {
                let answer = super::q(shocks::answer(store, &req))?;
                for s in &answer.shocks {
                    sink.row(&tables::shock(answer.country, answer.period, s))?;
                }
            }
            note = left_out;
        }
        ExportWhat::Relations => {
            // `citra relations`' question with its defaults (validates --from/--to too); its
            // graph is computed per day from that day's mention rows, read a month at a time.
            let req = super::q(relations::Request::from_params(p, None))?;
            let days = store.export_days(q)?;
            for month in days.chunk_by(|a, b| (a.year(), a.month()) == (b.year(), b.month())) {
                let (Some(first), Some(last)) = (month.first(), month.last()) else { continue };
                let rows = store.mention_facts(&PostQuery {
                    from: Some(start_of(*first)),
                    to: Some(start_of(*last + Duration::days(1))),
                    with_text: false,
                })?;
                let mut by_day: BTreeMap<NaiveDate, Vec<MentionRow>> = BTreeMap::new();
                for r in req.counting.without_own_names(rows) {
                    by_day.entry(r.time.date_naive()).or_default().push(r);
                }
                for (day, rows) in by_day {
                    let range = (Some(start_of(day)), Some(start_of(day + Duration::days(1))));
                    let g = super::q(relations::graph(
                        store,
                        range,
                        &rows,
                        relations::Nodes::Country,
                        req.options,
                        &req.counting,
                    ))?;
                    for e in &g.edges {
                        if let Some(c) = &q.country
                            && e.source != *c
                            && e.target != *c
                        {
                            continue;
                        }
                        let row =
                            if icews { icews::dyad(day, e) } else { tables::relation(day, e) };
                        sink.row(&row)?;
                    }
                }
            }
        }
    }
    Ok((sink.finish()?, note))
}

/// The requests for the country asked for, or for every country the store mentions (in code
/// order); a code the question refuses (a mention of the EU, `EUU`, is no country `citra image`
/// takes) is left out and named in the returned note.
fn country_codes<R>(
    store: &Store,
    q: &ExportQuery,
    request: impl Fn(&str) -> std::result::Result<R, citra_query::QueryError>,
) -> Result<(Vec<R>, String)> {
    if let Some(c) = &q.country {
        return Ok((vec![super::q(request(c))?], String::new()));
    }
    let all = super::q(countries::answer(store))?;
    let mut codes: Vec<String> = all.countries.into_iter().map(|c| c.code).collect();
    codes.sort();
    let (mut reqs, mut refused) = (Vec::new(), Vec::new());
    for code in codes {
        match request(&code) {
            Ok(r) => reqs.push(r),
            Err(_) => refused.push(code),
        }
    }
    let note = if refused.is_empty() {
        String::new()
    } else {
        format!("; left out, not countries the index is computed for: {}", refused.join(", "))
    };
    Ok((reqs, note))
}

/// Midnight UTC starting `day`.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}
