//! Stories: posts whose texts are copies of each other (wire copies, copy-paste campaigns,
//! retweets without ids), clustered by near-duplicate text (see `citra_stories`), with their
//! first poster and spread in time. `citra stories`, `GET /api/v1/stories`; `citra image
//! --dedupe story` reads [`stories`] and [`dedupe`].

use crate::error::QueryError;
use crate::params::{Params, Range};
use chrono::{DateTime, NaiveDate, Utc};
use citra_analytics::Period;
use citra_mentions::Country;
use citra_model::{Observation, Post};
use citra_store::{PostQuery, Store};
use citra_stories::{CountryCount, NORMALIZATION, Options, Stories, Story, cluster};
use serde::Serialize;
use std::collections::BTreeMap;

/// How two texts are compared, in words.
pub const SIMILARITY: &str = "Jaccard index of the sets of word 3-shingles of the two story \
    texts; candidates from MinHash locality-sensitive hashing (24 bands of 3 rows), each \
    checked with the exact index; texts with fewer than min_words words are not compared";

/// What a story is, in words.
pub const CLUSTERS: &str = "connected components (single link) of the pairs of posts whose \
    similarity is at least the threshold; a story has at least two posts";

/// What `dedupe=story` does to the index, in words.
pub const DEDUPE: &str = "each story counts once toward a country: the mentions of the \
    story's first document that mentions the country stand for all its copies, at that \
    document's time, weighted by 1 + ln(1 + the engagement of all those copies summed); the \
    copies' own mentions are merged into it";

/// Stories listed when `top` is not given.
pub const DEFAULT_TOP: u64 = 20;
/// The most stories `top` may ask for.
pub const MAX_TOP: u64 = 100_000;
/// Posts listed per story (the story says how many it has).
pub const MEMBERS_PER_STORY: usize = 20;

/// A stories question.
#[derive(Debug, Clone)]
pub struct Request {
    /// Only stories whose documents mention this country (`country`); the stories are found
    /// over every post of the range either way.
    pub country: Option<&'static Country>,
    /// Days of the posts read (`from`, `to`).
    pub range: Range,
    /// Threshold and words (`threshold`, `min_words`).
    pub options: Options,
    /// Stories to list (`top`, 1 to [`MAX_TOP`], default [`DEFAULT_TOP`]).
    pub top: usize,
}

impl Request {
    /// The question from its parameters: `country`, `from`, `to`, `threshold`, `min_words`,
    /// `top`.
    pub fn from_params(p: &Params) -> Result<Request, QueryError> {
        Ok(Request {
            country: p.country_opt()?,
            range: p.range()?,
            options: p.stories()?,
            top: p.top(DEFAULT_TOP, MAX_TOP)?,
        })
    }
}

/// The posts of `range` with their texts, and their stories ([`citra_stories::cluster`]).
pub fn stories(
    store: &Store,
    range: Range,
    options: &Options,
) -> Result<(Vec<Post>, Stories), QueryError> {
    let q = PostQuery { from: range.0, to: range.1, with_text: true };
    let posts = store.posts(&q)?;
    let stories = cluster(&posts, options);
    Ok((posts, stories))
}

/// A post of a listed story.
#[derive(Debug, Clone, Serialize)]
pub struct ListedPost {
    /// Store id of the document.
    pub doc: i64,
    /// The platform's id of the post, if any.
    pub native_id: Option<String>,
    /// Its author, if known.
    pub author: Option<String>,
    /// When it was posted.
    pub time: Option<DateTime<Utc>>,
    /// Seconds after the story's first post.
    pub after_s: i64,
    /// Its engagement (reshares + likes + replies + quotes).
    pub engagement: u64,
    /// Its language, as detected.
    pub lang: String,
}

/// A story as listed: its posts cut to [`MEMBERS_PER_STORY`].
#[derive(Debug, Clone, Serialize)]
pub struct ListedStory {
    /// Its number (1: the most copies).
    pub id: usize,
    /// Its documents in all.
    pub copies: usize,
    /// Distinct authors.
    pub authors: usize,
    /// The first post's text, as written.
    pub text: String,
    /// When the first copy was posted.
    pub first: Option<DateTime<Utc>>,
    /// When the last copy was posted.
    pub last: Option<DateTime<Utc>>,
    /// Seconds from the first copy to the last.
    pub spread_s: i64,
    /// The engagement of all its copies, summed.
    pub engagement: u64,
    /// Languages of its documents, as detected.
    pub langs: Vec<String>,
    /// Countries its documents mention, by documents.
    pub countries: Vec<CountryCount>,
    /// The lowest similarity of the pairs that joined it (1: all copies have the same story
    /// text).
    pub min_similarity: f64,
    /// Its first posts in time order (at most [`MEMBERS_PER_STORY`]), the first poster first.
    pub posts: Vec<ListedPost>,
}

/// The biggest stories.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The country asked for (alpha-3), or null: every story.
    pub country: Option<&'static str>,
    /// What a story text is ([`NORMALIZATION`]).
    pub normalization: &'static str,
    /// How texts are compared ([`SIMILARITY`]).
    pub similarity: &'static str,
    /// What a story is ([`CLUSTERS`]).
    pub clusters_method: &'static str,
    /// The similarity two texts needed.
    pub threshold: f64,
    /// The words a text needed to be compared.
    pub min_words: usize,
    /// Posts read in the range.
    pub posts: usize,
    /// Posts with enough words to be compared.
    pub compared: usize,
    /// Candidate pairs checked with the exact similarity.
    pub candidates: u64,
    /// Stories (at least two posts) in the range.
    pub stories_total: usize,
    /// Posts in those stories.
    pub in_stories: usize,
    /// Posts that de-duplication folds into their story's first post (`in_stories −
    /// stories_total`).
    pub merged: usize,
    /// Stories that match `country`, before `top`.
    pub matching: usize,
    /// The stories that match, most copies first (at most `top`).
    pub stories: Vec<ListedStory>,
}

fn listed(story: &Story, by_id: &BTreeMap<i64, &Post>) -> ListedStory {
    let first = story.first.time;
    ListedStory {
        id: story.id,
        copies: story.docs.len(),
        authors: story.authors,
        text: story.text.clone(),
        first,
        last: story.last,
        spread_s: story.spread_s,
        engagement: story.engagement,
        langs: story.langs.clone(),
        countries: story.countries.clone(),
        min_similarity: story.min_similarity,
        posts: story
            .docs
            .iter()
            .take(MEMBERS_PER_STORY)
            .filter_map(|d| by_id.get(d))
            .map(|p| ListedPost {
                doc: p.id,
                native_id: p.native_id.clone(),
                author: p.author.clone(),
                time: p.time,
                after_s: match (first, p.time) {
                    (Some(a), Some(b)) => (b - a).num_seconds(),
                    _ => 0,
                },
                engagement: p.engagement.total(),
                lang: p.lang.code().to_owned(),
            })
            .collect(),
    }
}

/// Answers a stories question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let (posts, st) = stories(store, req.range, &req.options)?;
    Ok(answer_from(&posts, &st, req))
}

/// Answers a stories question from stories already found ([`stories`] with the request's range
/// and options, and the posts they were found in), as the report does for each country.
pub fn answer_from(posts: &[Post], st: &Stories, req: &Request) -> Answer {
    let matching: Vec<&Story> = st
        .stories
        .iter()
        .filter(|s| req.country.is_none_or(|k| s.countries.iter().any(|c| c.country == k.alpha3)))
        .collect();
    let wanted: std::collections::BTreeSet<i64> = matching
        .iter()
        .take(req.top)
        .flat_map(|s| s.docs.iter().take(MEMBERS_PER_STORY).copied())
        .collect();
    let by_id: BTreeMap<i64, &Post> =
        posts.iter().filter(|p| wanted.contains(&p.id)).map(|p| (p.id, p)).collect();
    Answer {
        country: req.country.map(|c| c.alpha3),
        normalization: NORMALIZATION,
        similarity: SIMILARITY,
        clusters_method: CLUSTERS,
        threshold: st.threshold,
        min_words: st.min_words,
        posts: st.posts,
        compared: st.compared,
        candidates: st.candidates,
        stories_total: st.stories.len(),
        in_stories: st.in_stories,
        merged: st.merged(),
        matching: matching.len(),
        stories: matching.iter().take(req.top).map(|s| listed(s, &by_id)).collect(),
    }
}

/// Mentions merged into one period's points by `dedupe=story`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedPeriod {
    /// The period's first day (the `period` of the index point).
    pub period: NaiveDate,
    /// Documents merged into stories whose first document falls in the period.
    pub docs: usize,
    /// Their mentions of the country.
    pub mentions: usize,
}

/// What `dedupe=story` merged in an image.
#[derive(Debug, Clone, Serialize)]
pub struct Deduped {
    /// Always `story`.
    pub what: &'static str,
    /// What it does ([`DEDUPE`]).
    pub method: &'static str,
    /// The similarity threshold.
    pub threshold: f64,
    /// The words a text needed.
    pub min_words: usize,
    /// Stories found in the range (over every post, not only this country's).
    pub stories_total: usize,
    /// Stories with at least two documents that mention the country.
    pub stories: usize,
    /// Documents merged into their story's first document (among the mentions that count:
    /// de-duplication comes after the counting rules).
    pub docs: usize,
    /// Their mentions of the country.
    pub mentions: usize,
    /// The same, per period of the index, in time order (periods with nothing merged left out).
    pub by_period: Vec<MergedPeriod>,
}

/// Folds the observations of each story into those of its first document that mentions the
/// country ([`DEDUPE`]): the copies' observations are removed, the first document's take the
/// engagement of all of them. Observations of documents in no story are untouched.
pub fn dedupe(obs: &mut Vec<Observation>, st: &Stories, period: Period) -> Deduped {
    // Per (story, country): the first document (by time, then id) and each document's
    // engagement.
    struct Fold {
        first: (DateTime<Utc>, i64),
        engagement: BTreeMap<i64, u64>,
    }
    let mut folds: BTreeMap<(usize, String), Fold> = BTreeMap::new();
    for o in obs.iter() {
        let Some(s) = st.story_of(o.doc_id) else { continue };
        let f = folds
            .entry((s.id, o.country.clone()))
            .or_insert_with(|| Fold { first: (o.time, o.doc_id), engagement: BTreeMap::new() });
        f.first = f.first.min((o.time, o.doc_id));
        f.engagement.insert(o.doc_id, o.engagement);
    }
    // Per period of a story's first document: documents and mentions merged into it.
    let mut merged: BTreeMap<NaiveDate, (usize, usize)> = BTreeMap::new();
    for f in folds.values().filter(|f| f.engagement.len() > 1) {
        merged.entry(period.start_of(f.first.0)).or_default().0 += f.engagement.len() - 1;
    }
    obs.retain_mut(|o| {
        let Some(s) = st.story_of(o.doc_id) else { return true };
        let f = &folds[&(s.id, o.country.clone())];
        if o.doc_id == f.first.1 {
            o.engagement = f.engagement.values().sum();
            true
        } else {
            merged.entry(period.start_of(f.first.0)).or_default().1 += 1;
            false
        }
    });
    let by_period: Vec<MergedPeriod> = merged
        .into_iter()
        .map(|(period, (docs, mentions))| MergedPeriod { period, docs, mentions })
        .collect();
    Deduped {
        what: "story",
        method: DEDUPE,
        threshold: st.threshold,
        min_words: st.min_words,
        stories_total: st.stories.len(),
        stories: folds.values().filter(|f| f.engagement.len() > 1).count(),
        docs: by_period.iter().map(|p| p.docs).sum(),
        mentions: by_period.iter().map(|p| p.mentions).sum(),
        by_period,
    }
}
