//! Actors: the actor leaderboard (who posts, with what reach, about which countries, with what
//! tone; see `citra_analytics::actor_leaderboard_at`). `citra actors`, `GET /api/v1/actors`,
//! the report.

use crate::error::{QueryError, param};
use crate::params::{Params, Range};
use chrono::{DateTime, Utc};
use citra_analytics::{
    ActorSort, ActorStats, RegistryActor, actor_leaderboard_at, top_posts_about,
};
use citra_mentions::{Country, Gazetteer};
use citra_pipeline::counting::{Authors, Counting};
use citra_store::{PostQuery, Store};
use serde::Serialize;
use std::sync::Arc;

/// How `tone_given` is computed, in words.
pub const TONE_GIVEN: &str = "mean over the actor's documents of the document's mean mention \
    tone toward each country (unweighted)";

/// How `received_as_actor` and `received_as_country` are computed, in words.
pub const TONE_RECEIVED: &str = "registry actors only: mean tone of other authors' documents \
    naming the actor (received_as_actor) or toward the actor's country (received_as_country), \
    unweighted";

/// Rows when `top` is not given.
pub const DEFAULT_TOP: u64 = 20;
/// The most rows `top` may ask for.
pub const MAX_TOP: u64 = 200;

/// What the actor registry knows of a handle at a time (handles change hands: `@POTUS`), with
/// the country the actor spoke for then.
pub fn registry(handle: &str, at: Option<DateTime<Utc>>) -> Option<RegistryActor> {
    let day = at.map(|t| t.date_naive());
    Gazetteer::shared().actor_by_handle_at(handle, day).map(|a| RegistryActor {
        id: a.id.to_owned(),
        name: a.name.to_owned(),
        country: a.country_at(day).to_owned(),
    })
}

/// An actors question.
#[derive(Debug, Clone)]
pub struct Request {
    /// Only actors who talk about this country (`country`).
    pub country: Option<&'static Country>,
    /// Only actors of this country, as the actor registry knows them (`of`).
    pub of: Option<&'static Country>,
    /// Days of the posts read (`from`, `to`).
    pub range: Range,
    /// Rows to list (`top`, 1 to [`MAX_TOP`], default [`DEFAULT_TOP`]).
    pub top: usize,
    /// Order of the rows (`sort`: engagement, the default; per_post; posts).
    pub sort: ActorSort,
    /// Also say which accounts are in coordination clusters (`coordination=true`, with
    /// `window`, `min_repeats`, `objects`).
    pub coordination: Option<citra_coordination::Options>,
}

/// The name of an order, as `sort` takes it and the answer says it.
pub fn sort_name(sort: ActorSort) -> &'static str {
    match sort {
        ActorSort::Engagement => "engagement",
        ActorSort::PerPost => "per_post",
        ActorSort::Posts => "posts",
    }
}

impl Request {
    /// The question from its parameters: `country`, `of`, `from`, `to`, `top`, `sort`,
    /// `coordination` (with `window`, `min_repeats`, `objects`). The
    /// leaderboard names authors by their handles and the actor registry; it reads no author
    /// table (`authors` is taken for the faces' sake and not read).
    pub fn from_params(p: &Params, _authors: Option<Arc<Authors>>) -> Result<Request, QueryError> {
        let sort = match p.sort.as_deref().map(str::trim).unwrap_or("") {
            "" | "engagement" => ActorSort::Engagement,
            "per_post" | "per-post" => ActorSort::PerPost,
            "posts" => ActorSort::Posts,
            other => {
                return Err(QueryError::bad_request(
                    "bad_sort",
                    format!(
                        "unknown {} '{other}': use engagement, per_post or posts",
                        param("sort")
                    ),
                ));
            }
        };
        Ok(Request {
            country: p.country_opt()?,
            of: p.of()?,
            range: p.range()?,
            top: p.top(DEFAULT_TOP, MAX_TOP)?,
            sort,
            coordination: if p.coordination_flag()? { Some(p.coordination()?) } else { None },
        })
    }
}

/// The actor leaderboard.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The country the actors talk about (ISO 3166-1 alpha-3), or null: any.
    pub country: Option<&'static str>,
    /// The country the actors speak for in the registry (alpha-3), or null: any.
    pub of: Option<&'static str>,
    /// The order of the rows: `engagement`, `per_post` or `posts`.
    pub sort: &'static str,
    /// Posts read in the range.
    pub posts: usize,
    /// Posts without an author, left out (a CSV without an author column).
    pub posts_without_author: usize,
    /// Actors that match `country` and `of`, before `top`.
    pub matching: usize,
    /// How each actor's `tone_given` is computed ([`TONE_GIVEN`]).
    pub tone_given: &'static str,
    /// How each actor's `received_as_actor` and `received_as_country` are computed
    /// ([`TONE_RECEIVED`]).
    pub tone_received: &'static str,
    /// The actors, in the order of `sort` (at most `top`). With `country`, each actor's
    /// `top_post` is their most engaging post about that country.
    pub actors: Vec<ActorStats>,
    /// With `coordination=true`: which listed actors are in coordination clusters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordination: Option<ActorsCoordination>,
}

/// Which actors of a leaderboard are in coordination clusters (`citra coordination` over the
/// same range).
#[derive(Debug, Clone, Serialize)]
pub struct ActorsCoordination {
    /// The coordination window, in seconds.
    pub window_s: u32,
    /// The repeats a coordination edge needs.
    pub min_repeats: u32,
    /// Clusters found in the range.
    pub clusters: usize,
    /// Accounts in them.
    pub accounts: usize,
    /// The cluster of each listed actor that is in one, by handle.
    pub cluster_of: std::collections::BTreeMap<String, usize>,
}

/// Answers an actors question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let mut answers = answer_each(store, req, &[req.country])?;
    Ok(answers.remove(0))
}

/// Answers the question once for each of `countries` (in place of `req.country`; `None`: all
/// actors), reading the posts and building the leaderboard once: what the report's sections ask.
pub fn answer_each(
    store: &Store,
    req: &Request,
    countries: &[Option<&'static Country>],
) -> Result<Vec<Answer>, QueryError> {
    let q = PostQuery { from: req.range.0, to: req.range.1, with_text: true };
    let posts = store.posts(&q)?;
    let mentions = Counting::default().without_own_names(store.mention_facts(&q)?);
    let board = actor_leaderboard_at(&posts, &mentions, registry, req.sort);
    let posts_without_author =
        posts.iter().filter(|p| p.author.as_deref().is_none_or(str::is_empty)).count();
    let net = req
        .coordination
        .as_ref()
        .map(|o| crate::coordination::network(store, req.range, o))
        .transpose()?;
    let members = net.as_ref().map(|n| n.membership());
    let of = |r: &ActorStats| {
        req.of.is_none_or(|c| r.registry.as_ref().is_some_and(|a| a.country == c.alpha3))
    };
    let mut out = Vec::with_capacity(countries.len());
    for &country in countries {
        let about = |r: &ActorStats| {
            country.is_none_or(|c| r.talks_about.iter().any(|t| t.country == c.alpha3))
        };
        let keep = |r: &&ActorStats| about(r) && of(r);
        let matching = board.iter().filter(keep).count();
        let mut rows: Vec<ActorStats> = board.iter().filter(keep).take(req.top).cloned().collect();
        if let Some(c) = country {
            top_posts_about(&mut rows, &posts, &mentions, c.alpha3);
        }
        out.push(Answer {
            country: country.map(|c| c.alpha3),
            of: req.of.map(|c| c.alpha3),
            sort: sort_name(req.sort),
            posts: posts.len(),
            posts_without_author,
            matching,
            tone_given: TONE_GIVEN,
            tone_received: TONE_RECEIVED,
            coordination: net.as_ref().zip(members.as_ref()).map(|(n, m)| ActorsCoordination {
                window_s: n.window_s,
                min_repeats: n.min_repeats,
                clusters: n.clusters.len(),
                accounts: m.len(),
                cluster_of: rows
                    .iter()
                    .filter_map(|r| m.get(r.author.as_str()).map(|&c| (r.author.clone(), c)))
                    .collect(),
            }),
            actors: rows,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors010_request_from_params() {
        let req = Request::from_params(&Params::default(), None).unwrap();
        assert_eq!(
            (req.top, req.sort, req.country, req.of),
            (20, ActorSort::Engagement, None, None)
        );
        let p = Params {
            country: Some("Meksiko".into()),
            of: Some("US".into()),
            sort: Some("per-post".into()),
            top: Some("3".into()),
            ..Params::default()
        };
        let req = Request::from_params(&p, None).unwrap();
        assert_eq!(req.country.map(|c| c.alpha3), Some("MEX"));
        assert_eq!(req.of.map(|c| c.alpha3), Some("USA"));
        assert_eq!((req.top, sort_name(req.sort)), (3, "per_post"));
        let e = Request::from_params(&Params { sort: Some("loudest".into()), ..p.clone() }, None)
            .unwrap_err();
        assert_eq!(e.code, "bad_sort");
        assert_eq!(e.cli_message(), "unknown --sort 'loudest': use engagement, per_post or posts");
        let e = Request::from_params(&Params { top: Some("201".into()), ..p }, None).unwrap_err();
        assert_eq!(e.code, "page_too_large");
    }
}
