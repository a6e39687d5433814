//! `citra relations`: the directed country → country graph (or actor → country, or co-mentions),
//! as a table, JSON, CSV, GraphML or GEXF.

use super::actors::registry;
use crate::args::{Format, GraphFormat, RelationsArgs};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result};
use citra_analytics::{
    DyadActions, MentionRow, RelationGraph, RelationOptions, add_actions, co_mentions,
    relations_by, to_gexf, to_graphml,
};
use citra_mentions::Gazetteer;
use citra_pipeline::counting::Counting;
use citra_store::PostQuery;
use std::io::Write;
use std::path::Path;

fn country_label(id: &str) -> String {
    Gazetteer::shared()
        .country_by_alpha3(id)
        .map_or_else(|| id.to_owned(), |c| c.name_en.to_owned())
}

fn actor_label(handle: &str) -> String {
    match registry(handle, None) {
        Some(a) => format!("{} (@{handle})", a.name),
        None => format!("@{handle}"),
    }
}

/// The graph the arguments ask for.
pub(crate) fn graph_of(
    mentions: &[MentionRow],
    actors: bool,
    opts: RelationOptions,
    counting: &Counting,
) -> RelationGraph {
    let mut g = if actors {
        relations_by(mentions, |m| m.author.clone(), "actor", str::to_owned, opts)
    } else {
        // The author's country at the document's date: the --authors file, then the actor
        // registry (the same source as the voice of the index).
        let source = |m: &MentionRow| {
            counting
                .author_country(m.author.as_deref(), Some(m.time.date_naive()))
                .map(|(c, _)| c.to_owned())
        };
        relations_by(mentions, source, "country", str::to_owned, opts)
    };
    for n in &mut g.nodes {
        n.label = if n.kind == "actor" { actor_label(&n.id) } else { country_label(&n.id) };
    }
    g
}

/// Puts the store's cooperation/conflict counts (coded events, [`citra_store::Store::dyad_weights`])
/// of the range on the graph's edges.
pub(crate) fn add_store_actions(
    store: &citra_store::Store,
    g: &mut RelationGraph,
    range: super::Range,
) -> Result<()> {
    let dyads: Vec<DyadActions> = store
        .dyad_weights(range.0, range.1)?
        .into_iter()
        .map(|d| DyadActions {
            source: d.source,
            target: d.target,
            verbal_coop: d.verbal_coop,
            material_coop: d.material_coop,
            verbal_conflict: d.verbal_conflict,
            material_conflict: d.material_conflict,
            goldstein_sum: d.goldstein_sum,
        })
        .collect();
    add_actions(g, &dyads);
    Ok(())
}

/// A Goldstein mean for tables (`-` without events).
fn goldstein_text(g: Option<f64>, digits: usize) -> String {
    g.map_or_else(|| "-".to_owned(), |g| fixed(g, digits))
}

pub(crate) fn run(db: &Path, args: RelationsArgs) -> Result<()> {
    let (from, to) = super::parse_range(args.from.as_deref(), args.to.as_deref())?;
    let store = super::open_existing_store(db)?;
    let q = PostQuery { from, to, with_text: false };
    let counting = match &args.authors {
        Some(p) => Counting::default().with_authors(super::authors_file(p)?),
        None => Counting::default(),
    };
    let mentions: Vec<MentionRow> = counting.without_own_names(store.mention_facts(&q)?);
    if mentions.is_empty() {
        eprintln!("no dated mentions in {} for this range", db.display());
    }
    if args.co_mentions {
        return print_co_mentions(&mentions, &args);
    }
    let opts = RelationOptions { min_docs: args.min_docs, self_loops: args.self_loops };
    let mut g = graph_of(&mentions, args.actors, opts, &counting);
    if !args.actors {
        add_store_actions(&store, &mut g, (from, to))?;
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
    if g.edges.is_empty() && !mentions.is_empty() {
        eprintln!("no pair has {} or more documents", args.min_docs);
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
        GraphFormat::Graphml => Some(to_graphml(&g)),
        GraphFormat::Gexf => Some(to_gexf(&g, &description)),
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
    let json = serde_json::json!({
        "source": if args.actors { "actor" } else { "country (actor registry)" },
        "weight": "1 + ln(1 + engagement)",
        "actions": "verbal_coop, material_coop, verbal_conflict, material_conflict: coded, \
                    non-negated events (CAMEO quad classes) whose source acts on the target, in \
                    any document of the range; goldstein: their mean intensity in [-10, 10] \
                    (null without events); country graph only",
        "graph": g,
    });
    if let Some(out) = args.out.as_deref() {
        let mut buf = Vec::new();
        match format {
            Format::Table => table.write_text(&mut buf)?,
            Format::Csv => table.write_csv(&mut buf)?,
            Format::Json => serde_json::to_writer_pretty(&mut buf, &json)?,
        }
        return write_out(Some(out), &String::from_utf8_lossy(&buf));
    }
    emit(format, &table, &json)
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

fn print_co_mentions(mentions: &[MentionRow], args: &RelationsArgs) -> Result<()> {
    let pairs = co_mentions(mentions, args.min_docs);
    let mut table = Table::new(["country", "country", "docs"]);
    for p in &pairs {
        table.push(vec![p.a.clone(), p.b.clone(), p.docs.to_string()]);
    }
    let json = serde_json::json!({ "co_mentions": pairs });
    match args.format {
        GraphFormat::Graphml | GraphFormat::Gexf => {
            anyhow::bail!("--co-mentions is a table: use --format table, json or csv")
        }
        f => emit(table_format(f), &table, &json),
    }
}
