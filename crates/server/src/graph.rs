//! Endpoints over the actor, relation and cascade analytics: posts and mention facts from the
//! store, turned into the analytics' rows, then the analytics function.

use crate::api::{ApiResult, params};
use crate::params::Params;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use chrono::{DateTime, Utc};
use citra_analytics::{
    ActorSort, CascadeOptions, DyadActions, MentionRow, Post, RegistryActor, RelationOptions,
    actor_leaderboard_at, add_actions, build_cascades, reach_from_counts, relations_by,
    top_posts_about,
};
use citra_mentions::Gazetteer;
use citra_pipeline::counting::Counting;
use citra_store::PostQuery;
use serde_json::json;

/// What the actor registry knows of a handle at a time (handles change hands: `@POTUS`), with
/// the country the actor spoke for then (as `citra actors`).
fn registry(handle: &str, at: Option<DateTime<Utc>>) -> Option<RegistryActor> {
    let day = at.map(|t| t.date_naive());
    Gazetteer::shared().actor_by_handle_at(handle, day).map(|a| RegistryActor {
        id: a.id.to_owned(),
        name: a.name.to_owned(),
        country: a.country_at(day).to_owned(),
    })
}

fn country_of(p: &Params) -> Result<Option<&'static citra_mentions::Country>, ApiError> {
    match p.country.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(_) => Ok(p.country().map(Some)?),
    }
}

pub(crate) async fn actors(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let about = country_of(&p)?;
    let (from, to) = p.range()?;
    let top = p.top(20, 200)?;
    let sort = match p.sort.as_deref().map(str::trim).unwrap_or("engagement") {
        "" | "engagement" => ActorSort::Engagement,
        "per_post" | "per-post" => ActorSort::PerPost,
        "posts" => ActorSort::Posts,
        other => {
            return Err(ApiError::bad_request(
                "bad_sort",
                format!("unknown sort '{other}': use engagement, per_post or posts"),
            ));
        }
    };
    let (rows, matching, posts) = state
        .with_heavy_store(move |s| {
            let q = PostQuery { from, to, with_text: true };
            let posts: Vec<Post> = s.posts(&q)?;
            let mentions: Vec<MentionRow> =
                Counting::default().without_own_names(s.mention_facts(&q)?);
            let mut rows = actor_leaderboard_at(&posts, &mentions, registry, sort);
            rows.retain(|r| {
                about.is_none_or(|c| r.talks_about.iter().any(|t| t.country == c.alpha3))
            });
            let matching = rows.len();
            rows.truncate(top);
            if let Some(c) = about {
                top_posts_about(&mut rows, &posts, &mentions, c.alpha3);
            }
            Ok((rows, matching, posts.len()))
        })
        .await?;
    Ok(Json(json!({
        "country": about.map(|c| c.alpha3),
        "posts": posts,
        "matching": matching,
        "actors": rows,
    })))
}

pub(crate) async fn relations_graph(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let (from, to) = p.range()?;
    let min_docs = p.min_docs(2)?;
    let by_actor = match p.nodes.as_deref().map(str::trim).unwrap_or("country") {
        "" | "country" | "countries" => false,
        "actor" | "actors" => true,
        other => {
            return Err(ApiError::bad_request(
                "bad_nodes",
                format!("unknown nodes '{other}': use country or actor"),
            ));
        }
    };
    let mut g = state
        .with_heavy_store(move |s| {
            let q = PostQuery { from, to, with_text: false };
            let mentions: Vec<MentionRow> =
                Counting::default().without_own_names(s.mention_facts(&q)?);
            let opts = RelationOptions { min_docs, self_loops: false };
            Ok(if by_actor {
                relations_by(&mentions, |m| m.author.clone(), "actor", str::to_owned, opts)
            } else {
                // The author's country at the document's date, as the actor registry knows it.
                let source = |m: &MentionRow| {
                    registry(m.author.as_deref()?, Some(m.time)).map(|r| r.country)
                };
                let mut g = relations_by(&mentions, source, "country", str::to_owned, opts);
                // As `citra relations`: each edge carries the coded actions of its source on
                // its target (quad counts and the mean Goldstein intensity).
                let dyads: Vec<DyadActions> = s
                    .dyad_weights(from, to)?
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
                add_actions(&mut g, &dyads);
                g
            })
        })
        .await?;
    let gaz = Gazetteer::shared();
    for n in &mut g.nodes {
        n.label = if n.kind == "actor" {
            match registry(&n.id, None) {
                Some(a) => format!("{} (@{})", a.name, n.id),
                None => format!("@{}", n.id),
            }
        } else {
            gaz.country_by_alpha3(&n.id).map_or_else(|| n.id.clone(), |c| c.name_en.to_owned())
        };
    }
    Ok(Json(serde_json::to_value(&g).map_err(ApiError::internal)?))
}

pub(crate) async fn cascades(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let country = country_of(&p)?;
    let (from, to) = p.range()?;
    let top = p.top(10, 200)?;
    let infer = p.infer()?;
    let min_size = p.min_size(CascadeOptions::default().min_size)?;
    let out = state
        .with_heavy_store(move |s| {
            let ids = s.link_id_counts()?;
            let posts: Vec<Post> = s.posts(&PostQuery { from, to, with_text: true })?;
            let keep = |countries: &[String]| {
                country.is_none_or(|c| countries.iter().any(|x| x.eq_ignore_ascii_case(c.alpha3)))
            };
            if ids.reshare_of + ids.quote_of + ids.reply_to == 0 && !infer {
                let mut rows = reach_from_counts(&posts, usize::MAX);
                rows.retain(|r| keep(&r.countries));
                rows.truncate(top);
                return Ok(json!({
                    "mode": "reach_from_counts", "posts": posts.len(),
                    "cascades": [], "counts": rows,
                }));
            }
            let set = build_cascades(&posts, CascadeOptions { infer, min_size });
            let mut rows: Vec<_> =
                set.cascades.iter().filter(|c| keep(&c.root_countries)).collect();
            rows.truncate(top);
            Ok(json!({
                "mode": "cascades", "posts": set.posts,
                "cascades": rows, "counts": [],
            }))
        })
        .await?;
    Ok(Json(out))
}
