//! `citra relations`: the directed country → country graph (or actor → country, or co-mentions),
//! as a table, JSON, CSV, GraphML or GEXF.

use crate::args::{Format, GraphFormat, RelationsArgs};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result};
use citra_analytics::{to_gexf, to_graphml};
use citra_query::{Params, relations};
use std::io::Write;
use std::path::Path;

/// A Goldstein mean for tables (`-` without events).
fn goldstein_text(g: Option<f64>, digits: usize) -> String {
    g.map_or_else(|| "-".to_owned(), |g| fixed(g, digits))
}

pub(crate) fn run(db: &Path, args: RelationsArgs) -> Result<()> {
    let p = Params {
        from: args.from.clone(),
        to: args.to.clone(),
        min_docs: Some(args.min_docs.to_string()),
        nodes: Some(if args.actors { "actor" } else { "country" }.into()),
        self_loops: Some(args.self_loops.to_string()),
        coder: Some(args.coder.clone()),
        ..Params::default()
    };
    let authors = match &args.authors {
        Some(path) => Some(std::sync::Arc::new(super::authors_file(path)?)),
        None => None,
    };
    let req = super::q(relations::Request::from_params(&p, authors))?;
    let store = super::open_existing_store(db)?;
    if req.coder == relations::Coder::Gdelt {
        if args.co_mentions {
            anyhow::bail!("--co-mentions reads citra's mentions: leave out --coder gdelt");
        }
        let answer = super::q(relations::gdelt_answer(&store, &req))?;
        return print_gdelt(db, &answer, &args);
    }
    if args.co_mentions {
        let answer = super::q(relations::co_mentioned(&store, &req))?;
        if answer.mention_rows == 0 {
            eprintln!("no dated mentions in {} for this range", db.display());
        }
        return print_co_mentions(&answer, &args);
    }
    let answer = super::q(relations::answer(&store, &req))?;
    let g = &answer.graph;
    if answer.mention_rows == 0 {
        eprintln!("no dated mentions in {} for this range", db.display());
    }
    if !args.actors && g.unattributed_docs > 0 {
        eprintln!(
            "{} documents with scored mentions have an author that neither the actor registry nor \
             --authors knows (or none): they have no source country and are left out (see them \
             with --actors, or give their countries with --authors FILE)",
            g.unattributed_docs
        );
    }
    if g.self_pairs_left_out > 0 {
        eprintln!(
            "{} (document, country) pairs where a source talks about itself are left out \
             (--self-loops keeps them)",
            g.self_pairs_left_out
        );
    }
    if g.edges.is_empty() && answer.mention_rows > 0 {
        eprintln!("no pair has {} or more documents", answer.min_docs);
    }
    let description = format!(
        "citra relations: {} → country, edge weight = documents, tone = reach-weighted mean in \
         [-1, 1], verbal/material cooperation/conflict = coded events of the source toward the \
         target, goldstein = their mean intensity in [-10, 10]{}",
        if args.actors { "actor" } else { "country" },
        match (args.from.as_deref(), args.to.as_deref()) {
            (None, None) => String::new(),
            (f, t) => format!(", from {} to {}", f.unwrap_or("the start"), t.unwrap_or("the end")),
        }
    );
    let text = match args.format {
        GraphFormat::Graphml => Some(to_graphml(g)),
        GraphFormat::Gexf => Some(to_gexf(g, &description)),
        _ => None,
    };
    if let Some(text) = text {
        return write_out(args.out.as_deref(), &text);
    }
    let format = table_format(args.format);
    let csv = format == Format::Csv;
    let mut table = if csv {
        Table::new([
            "source",
            "target",
            "docs",
            "mentions",
            "reach",
            "tone",
            "ci_low",
            "ci_high",
            "positive",
            "negative",
            "verbal_coop",
            "material_coop",
            "verbal_conflict",
            "material_conflict",
            "goldstein",
        ])
    } else {
        Table::new([
            "source",
            "target",
            "docs",
            "mentions",
            "tone",
            "95% CI",
            "positive",
            "negative",
            "v.coop",
            "m.coop",
            "v.confl",
            "m.confl",
            "goldstein",
        ])
    };
    for e in &g.edges {
        table.push(if csv {
            vec![
                e.source.clone(),
                e.target.clone(),
                e.docs.to_string(),
                e.mentions.to_string(),
                fixed(e.reach, 4),
                fixed(e.tone, 4),
                fixed(e.ci_low, 4),
                fixed(e.ci_high, 4),
                fixed(e.positive, 4),
                fixed(e.negative, 4),
                e.verbal_coop.to_string(),
                e.material_coop.to_string(),
                e.verbal_conflict.to_string(),
                e.material_conflict.to_string(),
                e.goldstein.map(|g| fixed(g, 4)).unwrap_or_default(),
            ]
        } else {
            vec![
                e.source.clone(),
                e.target.clone(),
                e.docs.to_string(),
                e.mentions.to_string(),
                fixed(e.tone, 2),
                format!("[{}, {}]", fixed(e.ci_low, 2), fixed(e.ci_high, 2)),
                format!("{}%", fixed(100.0 * e.positive, 0)),
                format!("{}%", fixed(100.0 * e.negative, 0)),
                e.verbal_coop.to_string(),
                e.material_coop.to_string(),
                e.verbal_conflict.to_string(),
                e.material_conflict.to_string(),
                goldstein_text(e.goldstein, 1),
            ]
        });
    }
    let json = serde_json::to_value(&answer)?;
    print_or_write(args.out.as_deref(), format, &table, &json)
}

fn table_format(f: GraphFormat) -> Format {
    match f {
        GraphFormat::Json => Format::Json,
        GraphFormat::Csv => Format::Csv,
        _ => Format::Table,
    }
}

fn write_out(out: Option<&Path>, text: &str) -> Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| {
                format!("writing {}: check the folder exists and is writable", path.display())
            })?;
            eprintln!("wrote {}", path.display());
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(text.as_bytes())?;
            lock.flush()?;
        }
    }
    Ok(())
}

/// `citra relations --coder gdelt`: GDELT's country graph as a table, JSON or CSV.
fn print_gdelt(db: &Path, answer: &relations::GdeltAnswer, args: &RelationsArgs) -> Result<()> {
    if answer.events == 0 {
        eprintln!(
            "no GDELT events in {} for this range (load GDELT 2.0 files with `citra ingest \
             YYYYMMDDHHMMSS.export.CSV.zip …`)",
            db.display()
        );
    } else {
        eprintln!(
            "{} GDELT events: {} without a country on both sides, {} of a country toward itself{} \
             and {} of pairs under --min-docs {} left out",
            answer.events,
            answer.without_countries,
            answer.self_pairs_left_out,
            if answer.self_loops { " (kept)" } else { "" },
            answer.below_min_events,
            answer.min_events,
        );
    }
    let format = match args.format {
        GraphFormat::Graphml | GraphFormat::Gexf => {
            anyhow::bail!("--coder gdelt gives a table, json or csv (--format)")
        }
        f => table_format(f),
    };
    let mut table = Table::new([
        "source",
        "target",
        "events",
        "verbal_coop",
        "material_coop",
        "verbal_conflict",
        "material_conflict",
        "goldstein",
        "avg_tone",
        "mentions",
        "articles",
    ]);
    let digits = if format == Format::Csv { 4 } else { 2 };
    for e in &answer.edges {
        table.push(vec![
            e.source.clone(),
            e.target.clone(),
            e.events.to_string(),
            e.verbal_coop.to_string(),
            e.material_coop.to_string(),
            e.verbal_conflict.to_string(),
            e.material_conflict.to_string(),
            fixed(e.goldstein, digits),
            fixed(e.avg_tone, digits),
            e.mentions.to_string(),
            e.articles.to_string(),
        ]);
    }
    let json = serde_json::to_value(answer)?;
    print_or_write(args.out.as_deref(), format, &table, &json)
}

/// The table or JSON on standard output, or into `--out FILE` in the same format.
fn print_or_write(
    out: Option<&Path>,
    format: Format,
    table: &Table,
    json: &serde_json::Value,
) -> Result<()> {
    if let Some(out) = out {
        let mut buf = Vec::new();
        match format {
            Format::Table => table.write_text(&mut buf)?,
            Format::Csv => table.write_csv(&mut buf)?,
            Format::Json => serde_json::to_writer_pretty(&mut buf, json)?,
        }
        return write_out(Some(out), &String::from_utf8_lossy(&buf));
    }
    emit(format, table, json)
}

fn print_co_mentions(answer: &relations::CoMentions, args: &RelationsArgs) -> Result<()> {
    let mut table = Table::new(["country", "country", "docs"]);
    for p in &answer.co_mentions {
        table.push(vec![p.a.clone(), p.b.clone(), p.docs.to_string()]);
    }
    match args.format {
        GraphFormat::Graphml | GraphFormat::Gexf => {
            anyhow::bail!("--co-mentions is a table: use --format table, json or csv")
        }
        f => emit(table_format(f), &table, &serde_json::to_value(answer)?),
    }
}
