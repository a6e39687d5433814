//! `citra actors`: the actor leaderboard, with the countries each actor talks about and the tone
//! each gives and receives.

use super::cascades::counts_list;
use crate::args::{ActorSortArg, ActorsArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::Result;
use citra_analytics::ActorStats;
use citra_query::{Params, actors};
use std::path::Path;

fn tone(t: Option<f64>) -> String {
    t.map(|t| fixed(t, 2)).unwrap_or_else(|| "-".to_owned())
}

pub(crate) fn run(db: &Path, args: ActorsArgs) -> Result<()> {
    let sort = match args.sort {
        ActorSortArg::Engagement => "engagement",
        ActorSortArg::PerPost => "per_post",
        ActorSortArg::Posts => "posts",
    };
    let mut p = Params {
        country: args.country.clone(),
        of: args.of.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        top: Some(args.top.to_string()),
        sort: Some(sort.into()),
        coordination: args.coordination.then(|| "true".to_owned()),
        ..Params::default()
    };
    super::coord_params(&args.coord, &mut p);
    let req = super::q(actors::Request::from_params(&p, None))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(actors::answer(&store, &req))?;
    if args.format == Format::Table {
        if answer.posts == 0 {
            eprintln!("no posts in {} for this range", db.display());
        } else if answer.matching == 0 {
            eprintln!("no actor matches: try without --country / --of, or a wider range");
        }
        if let Some(c) = &answer.coordination {
            eprintln!(
                "coordination: {} clusters, {} accounts in them (window {} s, at least {} \
                 repeats; `citra coordination` for their evidence)",
                c.clusters, c.accounts, c.window_s, c.min_repeats
            );
        }
        if answer.posts_without_author > 0 {
            eprintln!(
                "{} of {} posts have no author and are left out (a CSV without an author \
                 column: add one, or map it with `citra ingest --map author=COLUMN`)",
                answer.posts_without_author, answer.posts
            );
        }
    }
    print(&answer, args.format)
}

/// The top `n` countries an actor talks about, leaving out its own country when the registry
/// knows it (its domestic talk; the JSON keeps every country).
fn talks(r: &ActorStats, n: usize) -> String {
    let own = r.registry.as_ref().map(|a| a.country.as_str());
    r.talks_about
        .iter()
        .filter(|c| Some(c.country.as_str()) != own)
        .take(n)
        .map(|c| format!("{} {} ({})", c.country, c.docs, fixed(c.tone, 2)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print(answer: &actors::Answer, format: Format) -> Result<()> {
    let csv = format == Format::Csv;
    let mut table = if csv {
        Table::new([
            "author",
            "registry_id",
            "name",
            "country",
            "posts",
            "engagement",
            "engagement_per_post",
            "top_post_id",
            "top_post_native_id",
            "top_post_created_at",
            "top_post_engagement",
            "top_post_text",
            "languages",
            "talks_about",
            "tone_given",
            "received_as_actor_docs",
            "received_as_actor_tone",
            "received_as_country_docs",
            "received_as_country_tone",
        ])
    } else {
        Table::new([
            "actor",
            "country",
            "posts",
            "engagement",
            "per post",
            "languages",
            "talks about (abroad): docs (tone)",
            "gives",
            "receives: actor / country",
            "top post",
        ])
    };
    let cluster_of = answer.coordination.as_ref().map(|c| &c.cluster_of);
    if cluster_of.is_some() {
        table.header.push(if csv { "coordination_cluster" } else { "cluster" }.to_owned());
    }
    for r in &answer.actors {
        let reg = r.registry.as_ref();
        let cluster = cluster_of.map(|m| {
            m.get(&r.author)
                .map(|c| c.to_string())
                .unwrap_or_else(|| if csv { String::new() } else { "-".to_owned() })
        });
        let top = r.top_post.as_ref();
        let mut row = if csv {
            vec![
                r.author.clone(),
                reg.map(|a| a.id.clone()).unwrap_or_default(),
                reg.map(|a| a.name.clone()).unwrap_or_default(),
                reg.map(|a| a.country.clone()).unwrap_or_default(),
                r.posts.to_string(),
                r.engagement.to_string(),
                fixed(r.engagement_per_post, 2),
                top.map(|t| t.id.to_string()).unwrap_or_default(),
                top.and_then(|t| t.native_id.clone()).unwrap_or_default(),
                top.and_then(|t| t.created_at).map(|t| t.to_rfc3339()).unwrap_or_default(),
                top.map(|t| t.engagement.to_string()).unwrap_or_default(),
                top.map(|t| t.snippet.clone()).unwrap_or_default(),
                counts_list(&r.languages, usize::MAX, ":"),
                r.talks_about
                    .iter()
                    .map(|c| format!("{}:{}:{}", c.country, c.docs, fixed(c.tone, 4)))
                    .collect::<Vec<_>>()
                    .join(";"),
                r.tone_given.map(|t| fixed(t, 4)).unwrap_or_default(),
                r.received_as_actor.map(|t| t.docs.to_string()).unwrap_or_default(),
                r.received_as_actor.map(|t| fixed(t.tone, 4)).unwrap_or_default(),
                r.received_as_country.map(|t| t.docs.to_string()).unwrap_or_default(),
                r.received_as_country.map(|t| fixed(t.tone, 4)).unwrap_or_default(),
            ]
        } else {
            let receives = match (r.received_as_actor, r.received_as_country) {
                (None, None) => "-".to_owned(),
                (a, c) => format!(
                    "{} / {}",
                    tone(a.map(|t| t.tone)),
                    c.map(|t| format!(
                        "{} {}",
                        reg.map_or("", |a| a.country.as_str()),
                        fixed(t.tone, 2)
                    ))
                    .unwrap_or_else(|| "-".to_owned())
                ),
            };
            vec![
                r.author.clone(),
                reg.map(|a| a.country.clone()).unwrap_or_else(|| "-".to_owned()),
                r.posts.to_string(),
                r.engagement.to_string(),
                fixed(r.engagement_per_post, 0),
                counts_list(&r.languages, 2, " "),
                talks(r, 3),
                tone(r.tone_given),
                receives,
                top.map(|t| {
                    let day = t.created_at.map(|d| d.format("%Y-%m-%d").to_string());
                    format!(
                        "{} {}: {}",
                        day.unwrap_or_else(|| "-".to_owned()),
                        t.engagement,
                        citra_analytics::snippet(&t.snippet, 40)
                    )
                })
                .unwrap_or_default(),
            ]
        };
        row.extend(cluster);
        table.push(row);
    }
    emit(format, &table, &serde_json::to_value(answer)?)
}
