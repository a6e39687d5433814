//! `citra actors`: the actor leaderboard, with the countries each actor talks about and the tone
//! each gives and receives.

use super::cascades::counts_list;
use crate::args::{ActorSortArg, ActorsArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::Result;
use citra_analytics::{
    ActorSort, ActorStats, RegistryActor, actor_leaderboard_at, top_posts_about,
};
use citra_mentions::Gazetteer;
use citra_pipeline::counting::Counting;
use citra_store::PostQuery;
use std::path::Path;

/// What the actor registry knows of a handle at a time (handles change hands: `@POTUS`), with
/// the country the actor spoke for then.
pub(crate) fn registry(
    handle: &str,
    at: Option<chrono::DateTime<chrono::Utc>>,
) -> Option<RegistryActor> {
    let day = at.map(|t| t.date_naive());
    Gazetteer::shared().actor_by_handle_at(handle, day).map(|a| RegistryActor {
        id: a.id.to_owned(),
        name: a.name.to_owned(),
        country: a.country_at(day).to_owned(),
    })
}

fn tone(t: Option<f64>) -> String {
    t.map(|t| fixed(t, 2)).unwrap_or_else(|| "-".to_owned())
}

pub(crate) fn run(db: &Path, args: ActorsArgs) -> Result<()> {
    let about = args.country.as_deref().map(super::resolve_country).transpose()?;
    let of = args.of.as_deref().map(super::resolve_country).transpose()?;
    let (from, to) = super::parse_range(args.from.as_deref(), args.to.as_deref())?;
    let store = super::open_existing_store(db)?;
    let q = PostQuery { from, to, with_text: true };
    let posts: Vec<_> = store.posts(&q)?;
    let mentions: Vec<_> = Counting::default().without_own_names(store.mention_facts(&q)?);
    let sort = match args.sort {
        ActorSortArg::Engagement => ActorSort::Engagement,
        ActorSortArg::PerPost => ActorSort::PerPost,
        ActorSortArg::Posts => ActorSort::Posts,
    };
    let mut rows = actor_leaderboard_at(&posts, &mentions, registry, sort);
    rows.retain(|r| {
        about.is_none_or(|c| r.talks_about.iter().any(|t| t.country == c.alpha3))
            && of.is_none_or(|c| r.registry.as_ref().is_some_and(|a| a.country == c.alpha3))
    });
    let matching = rows.len();
    rows.truncate(args.top);
    if let Some(c) = about {
        top_posts_about(&mut rows, &posts, &mentions, c.alpha3);
    }
    let anonymous = posts.iter().filter(|p| p.author.as_deref().is_none_or(str::is_empty)).count();
    if args.format == Format::Table {
        if posts.is_empty() {
            eprintln!("no posts in {} for this range", db.display());
        } else if matching == 0 {
            eprintln!("no actor matches: try without --country / --of, or a wider range");
        }
        if anonymous > 0 {
            eprintln!(
                "{anonymous} of {} posts have no author and are left out (a CSV without an author \
                 column: add one, or map it with `citra ingest --map author=COLUMN`)",
                posts.len()
            );
        }
    }
    print(&rows, matching, anonymous, args.format)
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

fn print(rows: &[ActorStats], matching: usize, anonymous: usize, format: Format) -> Result<()> {
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
    for r in rows {
        let reg = r.registry.as_ref();
        let top = r.top_post.as_ref();
        table.push(if csv {
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
        });
    }
    let json = serde_json::json!({
        "matching": matching,
        "posts_without_author": anonymous,
        "tone_given": "mean over the actor's documents of the document's mean mention tone toward \
                       each country (unweighted)",
        "tone_received": "registry actors only: mean tone of other authors' documents naming the \
                          actor (received_as_actor) or toward the actor's country \
                          (received_as_country), unweighted",
        "actors": rows,
    });
    emit(format, &table, &json)
}
