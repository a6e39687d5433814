//! Cascades: diffusion trees from reshare, quote and reply ids (and, asked, links inferred from
//! `RT @user:` texts and identical copies), or reach from the platform's counts where the store
//! has no such ids (see `citra_analytics::build_cascades`, `reach_from_counts`).
//! `citra cascades`, `GET /api/v1/cascades`.

use crate::error::QueryError;
use crate::params::{Params, Range};
use citra_analytics::{
    Cascade, CascadeOptions, CountReach, LinkCounts, build_cascades, reach_from_counts,
};
use citra_mentions::Country;
use citra_pipeline::counting::Authors;
use citra_store::{PostQuery, Store};
use serde::Serialize;
use std::sync::Arc;

/// Rows when `top` is not given.
pub const DEFAULT_TOP: u64 = 20;
/// The most rows `top` may ask for.
pub const MAX_TOP: u64 = 200;

/// The note of an answer in [`Mode::Cascades`].
pub const CASCADES_NOTE: &str = "countries_mentioned are the countries the cascade's posts \
    mention; the data has no audience location";

/// The note of an answer in [`Mode::ReachFromCounts`].
pub const COUNTS_NOTE: &str = "this store has no reshare ids (nor quote or reply ids): reach \
    from counts, as the platform counted reshares, likes, replies and quotes, most reshared \
    first; asking for inferred links builds cascades instead";

/// A cascades question.
#[derive(Debug, Clone)]
pub struct Request {
    /// Only cascades (or posts) whose root post mentions this country (`country`).
    pub country: Option<&'static Country>,
    /// Only cascades (or posts) whose root post is by this author (`actor`, lower-cased, no `@`).
    pub actor: Option<String>,
    /// Days of the posts read (`from`, `to`): cascades are built from the posts of the range.
    pub range: Range,
    /// Rows to list, largest first (`top`, 1 to [`MAX_TOP`], default [`DEFAULT_TOP`]).
    pub top: usize,
    /// Whether links are inferred from text (`infer`, default false) and the least posts of a
    /// cascade (`min_size`, default 2).
    pub options: CascadeOptions,
}

impl Request {
    /// The question from its parameters: `country`, `actor`, `from`, `to`, `top`, `infer`,
    /// `min_size` (`authors` is not read: cascades count every post).
    pub fn from_params(p: &Params, _authors: Option<Arc<Authors>>) -> Result<Request, QueryError> {
        Ok(Request {
            country: p.country_opt()?,
            actor: p.actor(),
            range: p.range()?,
            top: p.top(DEFAULT_TOP, MAX_TOP)?,
            options: CascadeOptions {
                infer: p.infer()?,
                min_size: p.min_size(CascadeOptions::default().min_size)?,
            },
        })
    }
}

/// How the answer measures spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Trees of posts linked by platform ids (or inferred links).
    Cascades,
    /// No link ids in the store and none inferred: the platform's counts of the top posts.
    ReachFromCounts,
}

/// Cascades, or reach from counts.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// `cascades` (the rows are in `cascades`) or `reach_from_counts` (the rows are in
    /// `counts`).
    pub mode: Mode,
    /// What the rows are ([`CASCADES_NOTE`], [`COUNTS_NOTE`]).
    pub note: &'static str,
    /// The country the root posts mention (alpha-3), or null: any.
    pub country: Option<&'static str>,
    /// The author of the root posts (lower-cased handle), or null: any.
    pub actor: Option<String>,
    /// Whether links were inferred from text.
    pub inferred_links: bool,
    /// Least posts of a listed cascade.
    pub min_size: usize,
    /// Posts read in the range.
    pub posts: usize,
    /// Links used, by kind (reshare, quote, reply, inferred_retweet, inferred_copy); all zero
    /// in `reach_from_counts`.
    pub links: LinkCounts,
    /// Links to posts that are not in the store (those posts are roots).
    pub missing_parents: usize,
    /// Links dropped to break cycles.
    pub cycles_broken: usize,
    /// With inferred links: posts not linked because they would link an author to themself (an
    /// `RT @user:` post by that user, a copy of their own earlier text): a self-reshare is no
    /// spread.
    pub inferred_own_skipped: usize,
    /// Rows that match `country` and `actor`, before `top`.
    pub matching: usize,
    /// Cascades of at least `min_size` posts, largest first (at most `top`); empty in
    /// `reach_from_counts`.
    pub cascades: Vec<Cascade>,
    /// Posts with the platform's counts, most reshared first (at most `top`); empty in
    /// `cascades`.
    pub counts: Vec<CountReach>,
    /// Whether any post of the range carries engagement counts (shown by the CLI; not part of
    /// the JSON).
    #[serde(skip)]
    pub any_counts: bool,
}

/// Answers a cascades question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let ids = store.link_id_counts()?;
    let posts = store.posts(&PostQuery { from: req.range.0, to: req.range.1, with_text: true })?;
    let keep = |author: Option<&str>, countries: &[String]| {
        req.actor.as_ref().is_none_or(|a| author.is_some_and(|x| x.to_lowercase() == *a))
            && req
                .country
                .is_none_or(|c| countries.iter().any(|x| x.eq_ignore_ascii_case(c.alpha3)))
    };
    let any_counts = posts.iter().any(|p| p.engagement != citra_model::Engagement::default());
    let mut answer = Answer {
        mode: Mode::Cascades,
        note: CASCADES_NOTE,
        country: req.country.map(|c| c.alpha3),
        actor: req.actor.clone(),
        inferred_links: req.options.infer,
        min_size: req.options.min_size,
        posts: posts.len(),
        links: LinkCounts::default(),
        missing_parents: 0,
        cycles_broken: 0,
        inferred_own_skipped: 0,
        matching: 0,
        cascades: Vec::new(),
        counts: Vec::new(),
        any_counts,
    };
    if ids.reshare_of + ids.quote_of + ids.reply_to == 0 && !req.options.infer {
        let mut rows = reach_from_counts(&posts, usize::MAX);
        rows.retain(|r| keep(r.author.as_deref(), &r.countries));
        answer.matching = rows.len();
        rows.truncate(req.top);
        answer.mode = Mode::ReachFromCounts;
        answer.note = COUNTS_NOTE;
        answer.counts = rows;
        return Ok(answer);
    }
    let set = build_cascades(&posts, req.options);
    let mut rows: Vec<Cascade> =
        set.cascades.into_iter().filter(|c| keep(c.author.as_deref(), &c.root_countries)).collect();
    answer.matching = rows.len();
    rows.truncate(req.top);
    answer.posts = set.posts;
    answer.links = set.links;
    answer.missing_parents = set.missing_parents;
    answer.cycles_broken = set.cycles_broken;
    answer.inferred_own_skipped = set.inferred_own_skipped;
    answer.cascades = rows;
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cascades010_request_from_params() {
        let req = Request::from_params(&Params::default(), None).unwrap();
        assert_eq!((req.top, req.options), (20, CascadeOptions::default()));
        assert_eq!((req.country, req.actor.as_deref()), (None, None));
        let p = Params {
            country: Some("MX".into()),
            actor: Some("@RealDonaldTrump".into()),
            infer: Some("1".into()),
            min_size: Some("1".into()),
            ..Params::default()
        };
        let req = Request::from_params(&p, None).unwrap();
        assert_eq!(req.country.map(|c| c.alpha3), Some("MEX"));
        assert_eq!(req.actor.as_deref(), Some("realdonaldtrump"));
        assert_eq!(req.options, CascadeOptions { infer: true, min_size: 1 });
        let e =
            Request::from_params(&Params { infer: Some("maybe".into()), ..p }, None).unwrap_err();
        assert_eq!(e.code, "bad_flag");
    }
}
