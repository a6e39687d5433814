//! Reactions and rebuttals: the answers of other countries' officials to a post with reach,
//! and whether an attacked country's index recovered after it answered (the method is
//! `citra_analytics::reactions`'s). `citra reactions`, `citra rebuttals`,
//! `GET /api/v1/reactions`, `GET /api/v1/rebuttals`, the report.

use crate::error::QueryError;
use crate::params::{Params, Range};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use citra_analytics::{
    Act, DEFAULT_BASELINE_DAYS, DEFAULT_MIN_TONE, DEFAULT_WITHIN_H, Official, Reaction,
    ReactionPost, Recovery, doc_tones, reactions, recovery, snippet,
};
use citra_mentions::{Country, Gazetteer, RoleKind};
use citra_pipeline::counting::{Authors, Counting, Tally};
use citra_store::{ObsQuery, PostQuery, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What an act and an answer are, in words.
pub const METHOD: &str = "an act is a post with a coded action toward a country or a tone of at \
    least min_tone toward one (its author's own country left out); an answer is a post by an \
    official of another country (a registry account on the post's date whose actor holds an \
    official role) published after the act and within the window, that replies to or quotes it, \
    or names the act's country or one of its targets with a coded action or a tone outside \
    ±0.05; a rebuttal is an answer by a country the act attacked (tone <= -min_tone or a \
    conflict action)";

/// How the reach ratio is computed, in words.
pub const REACH_RATIO: &str = "answer engagement / act engagement (reshares + likes + replies + quotes); null when the act \
     has none";

/// How recovery is judged, in words.
pub const RECOVERY: &str = "the attacked country's citra index pooled over the baseline days \
    before the attack's day, its lowest day from the attack's day to the first answer's day, and \
    pooled over the baseline days after the answer's day (the attack's day when unanswered), each \
    with its 95% interval; recovered: yes when the level after is at least the lower bound before, \
    no when the whole interval after is below it, else unclear";

/// The roles whose holders answer for their country.
pub const OFFICIAL_ROLES: &[RoleKind] = &[
    RoleKind::HeadOfState,
    RoleKind::HeadOfGovernment,
    RoleKind::ForeignMinister,
    RoleKind::ForeignMinistry,
    RoleKind::Ambassador,
    RoleKind::Embassy,
    RoleKind::Spokesperson,
    RoleKind::Government,
];

/// Acts listed when `top` is not given.
pub const DEFAULT_TOP: u64 = 20;
/// The most acts `top` may ask for.
pub const MAX_TOP: u64 = 10_000;
/// Characters of each post's text kept in the answer.
pub const SNIPPET_CHARS: usize = 280;

/// Which acts a reactions question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acts {
    /// One post, by the id a person gave (`post`).
    Post(String),
    /// The acts of one author (a handle or a registry actor id) over a range (`actor`).
    Actor(String),
}

/// A reactions question.
#[derive(Debug, Clone)]
pub struct Request {
    /// The act or acts.
    pub acts: Acts,
    /// Days of the acts (`from`, `to`; with `actor`).
    pub range: Range,
    /// How long after an act an answer may come (`within`, default 72 h).
    pub within: Duration,
    /// Least |tone| that makes a post an act (`min_tone`, default 0.5).
    pub min_tone: f64,
    /// Acts listed (`top`), those with most answers first.
    pub top: usize,
}

impl Request {
    /// The question from its parameters: `post`, or `actor` with `from` and `to`; `within`,
    /// `min_tone`, `top`.
    pub fn from_params(p: &Params) -> Result<Request, QueryError> {
        let acts = match (p.post(), p.actor()) {
            (Some(id), None) => Acts::Post(id),
            (None, Some(a)) => Acts::Actor(a),
            (Some(_), Some(_)) => {
                return Err(QueryError::bad_request(
                    "conflicting_parameters",
                    "give either a post (--to POST_ID / post=) or an actor (--actor / actor=), \
                     not both",
                ));
            }
            (None, None) => {
                return Err(QueryError::bad_request(
                    "missing_parameter",
                    "say which act: a post (--to POST_ID / post=) or an actor's acts (--actor \
                     HANDLE with --from and --to / actor=)",
                ));
            }
        };
        Ok(Request {
            acts,
            range: p.range()?,
            within: p.within(DEFAULT_WITHIN_H)?,
            min_tone: p.min_tone(DEFAULT_MIN_TONE)?,
            top: p.top(DEFAULT_TOP, MAX_TOP)?,
        })
    }
}

/// An act with its answers.
#[derive(Debug, Clone, Serialize)]
pub struct ActAnswers {
    /// The act.
    pub act: ReactionPost,
    /// The countries it is an act toward.
    pub targets: Vec<String>,
    /// The countries it attacks.
    pub attacked: Vec<String>,
    /// Its answers, earliest first.
    pub reactions: Vec<Reaction>,
}

/// The answers to one post or to an actor's acts.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The method, in words ([`METHOD`]).
    pub method: &'static str,
    /// The reach ratio, in words ([`REACH_RATIO`]).
    pub reach_ratio: &'static str,
    /// The window, in hours.
    pub within_h: f64,
    /// The least |tone| of an act.
    pub min_tone: f64,
    /// The roles that answer for a country.
    pub official_roles: Vec<&'static str>,
    /// Posts read as candidate answers (the window of every act).
    pub posts_read: usize,
    /// Acts found (with `post`: 1).
    pub acts_total: usize,
    /// Acts with at least one answer.
    pub acts_answered: usize,
    /// The acts listed (most answers first, then by time), at most `top`.
    pub acts: Vec<ActAnswers>,
}

/// The official an author is on `date`: a registry account valid then whose actor holds one of
/// [`OFFICIAL_ROLES`] (the most prominent) on that date.
pub fn official(g: &Gazetteer, author: Option<&str>, date: NaiveDate) -> Option<Official> {
    let a = author?.trim().trim_start_matches('@');
    let actor = g.actor_by_handle_at(a, Some(date))?;
    let role = actor.roles_at(date).into_iter().find(|r| OFFICIAL_ROLES.contains(&r.role))?;
    Some(Official {
        actor: actor.id.to_owned(),
        name: actor.name.to_owned(),
        country: role.country.to_owned(),
        role: role.role.as_str().to_owned(),
    })
}

/// The author of an act as the registry knows them even without an official role then (a
/// candidate's posts): the actor whose account it is, any date, with `role` `-`.
fn speaker(g: &Gazetteer, author: Option<&str>, date: NaiveDate) -> Option<Official> {
    official(g, author, date).or_else(|| {
        let a = author?.trim().trim_start_matches('@');
        let actor = g.actor_by_handle_at(a, Some(date)).or_else(|| g.actor_by_handle(a))?;
        Some(Official {
            actor: actor.id.to_owned(),
            name: actor.name.to_owned(),
            country: actor.country_at(Some(date)).to_owned(),
            role: "-".to_owned(),
        })
    })
}

/// The dated posts of `[from, to)` as reactions read them: tone per country (the mean of its
/// mentions' scores), coded actions, the author as an official.
pub fn reaction_posts(
    store: &Store,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Result<Vec<ReactionPost>, QueryError> {
    let q = PostQuery { from, to, with_text: true };
    let g = Gazetteer::shared();
    let mut tones: BTreeMap<i64, BTreeMap<String, f64>> = BTreeMap::new();
    for ((doc, country), (mean, _)) in doc_tones(&store.mention_facts(&q)?) {
        tones.entry(doc).or_default().insert(country, mean);
    }
    let mut actions: BTreeMap<i64, Vec<Act>> = BTreeMap::new();
    for e in store.doc_events(&q)? {
        actions.entry(e.doc_id).or_default().push(Act {
            source: e.source,
            target: e.target,
            code: e.code,
            quad: e.quad,
            goldstein: e.goldstein,
            negated: e.negated,
        });
    }
    let mut out = Vec::new();
    for p in store.posts(&q)? {
        let Some(time) = p.time else { continue };
        let date = time.date_naive();
        out.push(ReactionPost {
            id: p.id,
            official: official(g, p.author.as_deref(), date),
            platform: p.platform,
            native_id: p.native_id,
            author: p.author,
            time,
            engagement: p.engagement.total(),
            reply_to: p.reply_to,
            quote_of: p.quote_of,
            tone: tones.remove(&p.id).unwrap_or_default(),
            actions: actions.remove(&p.id).unwrap_or_default(),
            text: snippet(&p.text, SNIPPET_CHARS),
        });
    }
    Ok(out)
}

/// Whether `post` is by `who` (a handle, or a registry actor id such as `usa-trump`).
fn by(post: &ReactionPost, who: &str) -> bool {
    post.author.as_deref().is_some_and(|a| a.trim_start_matches('@').eq_ignore_ascii_case(who))
        || post.official.as_ref().is_some_and(|o| o.actor.eq_ignore_ascii_case(who))
}

/// Answers a reactions question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let g = Gazetteer::shared();
    let (from, to, act_ids) = match &req.acts {
        Acts::Post(id) => {
            let found = store.find_posts(id)?;
            let post = match found.as_slice() {
                [] => {
                    return Err(QueryError::not_found(format!(
                        "no stored post has the id '{id}': give a platform's id \
                         (938517073508163584), platform:id, #store-id or a document key"
                    )));
                }
                [one] => one.clone(),
                many => {
                    return Err(QueryError::bad_request(
                        "ambiguous_post",
                        format!(
                            "'{id}' names {} posts ({}): give platform:id or #store-id",
                            many.len(),
                            many.iter()
                                .map(|p| format!("#{} on {}", p.id, p.platform))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            };
            let Some(t) = post.time else {
                return Err(QueryError::bad_request(
                    "undated_post",
                    format!("post #{} has no publication time: no answer can follow it", post.id),
                ));
            };
            (Some(t), Some(t + req.within + Duration::seconds(1)), Some(post.id))
        }
        Acts::Actor(_) => (req.range.0, req.range.1.map(|t| t + req.within), None),
    };
    let mut posts = reaction_posts(store, from, to)?;
    let is_act_author = |p: &ReactionPost| match &req.acts {
        Acts::Post(_) => Some(p.id) == act_ids,
        Acts::Actor(a) => by(p, a),
    };
    // The act's author as the registry knows them, even without an official role then.
    for p in &mut posts {
        if p.official.is_none() && is_act_author(p) {
            p.official = speaker(g, p.author.as_deref(), p.time.date_naive());
        }
    }
    let acts: Vec<&ReactionPost> = match &req.acts {
        Acts::Post(_) => posts.iter().filter(|p| Some(p.id) == act_ids).collect(),
        Acts::Actor(a) => posts
            .iter()
            .filter(|p| by(p, a))
            .filter(|p| req.range.1.is_none_or(|end| p.time < end))
            .filter(|p| p.is_act(req.min_tone))
            .collect(),
    };
    let mut listed: Vec<ActAnswers> = acts
        .iter()
        .map(|act| ActAnswers {
            targets: act.targets(req.min_tone),
            attacked: act.attacked(req.min_tone),
            reactions: reactions(act, &posts, req.within, req.min_tone),
            act: (*act).clone(),
        })
        .collect();
    let acts_total = listed.len();
    let acts_answered = listed.iter().filter(|a| !a.reactions.is_empty()).count();
    listed.sort_by(|a, b| {
        b.reactions.len().cmp(&a.reactions.len()).then(a.act.time.cmp(&b.act.time))
    });
    listed.truncate(req.top);
    Ok(Answer {
        method: METHOD,
        reach_ratio: REACH_RATIO,
        within_h: req.within.num_seconds() as f64 / 3600.0,
        min_tone: req.min_tone,
        official_roles: OFFICIAL_ROLES.iter().map(|r| r.as_str()).collect(),
        posts_read: posts.len(),
        acts_total,
        acts_answered,
        acts: listed,
    })
}

/// A rebuttals question.
#[derive(Debug, Clone)]
pub struct RebuttalRequest {
    /// The attacked country (`country`, required).
    pub country: &'static Country,
    /// Days of the attacks (`from`, `to`).
    pub range: Range,
    /// How long after an attack an answer may come (`within`, default 72 h).
    pub within: Duration,
    /// Least |tone| of an attack (`min_tone`, default 0.5).
    pub min_tone: f64,
    /// Days of each recovery window (`baseline_days`, default 7).
    pub baseline_days: i64,
    /// What counts in the index (`leaders`, `voice`, the face's author table).
    pub counting: Counting,
    /// Attacks listed (`top`), latest first.
    pub top: usize,
}

impl RebuttalRequest {
    /// The question from its parameters: `country` (required), `from`, `to`, `within`,
    /// `min_tone`, `baseline_days`, `top`, `leaders`, `voice`.
    pub fn from_params(
        p: &Params,
        authors: Option<Arc<Authors>>,
    ) -> Result<RebuttalRequest, QueryError> {
        Ok(RebuttalRequest {
            country: p.country()?,
            range: p.range()?,
            within: p.within(DEFAULT_WITHIN_H)?,
            min_tone: p.min_tone(DEFAULT_MIN_TONE)?,
            baseline_days: p.baseline_days(DEFAULT_BASELINE_DAYS)?,
            counting: p.counting(authors)?,
            top: p.top(DEFAULT_TOP, MAX_TOP)?,
        })
    }
}

/// One attack on the country, its answers by the country's officials, and the index around it.
#[derive(Debug, Clone, Serialize)]
pub struct Attack {
    /// The attacking post (by an official of another country).
    pub act: ReactionPost,
    /// The country's answers (rebuttals), earliest first.
    pub rebuttals: Vec<Reaction>,
    /// Seconds from the attack to the first rebuttal, when there is one.
    pub first_delay_s: Option<i64>,
    /// The country's index before, at its low, and after the answer (after the attack's day
    /// when unanswered).
    pub recovery: Recovery,
}

/// The attacks on a country and what its answers did.
#[derive(Debug, Clone, Serialize)]
pub struct RebuttalAnswer {
    /// ISO 3166-1 alpha-3 code.
    pub country: &'static str,
    /// English name.
    pub name: &'static str,
    /// The method, in words ([`METHOD`]).
    pub method: &'static str,
    /// Recovery, in words ([`RECOVERY`]).
    pub recovery: &'static str,
    /// The window, in hours.
    pub within_h: f64,
    /// The least |tone| of an attack.
    pub min_tone: f64,
    /// Days of each recovery window.
    pub baseline_days: i64,
    /// Attacks found.
    pub attacks_total: usize,
    /// Attacks the country answered.
    pub answered: usize,
    /// Answered attacks after which the index recovered / did not / unclear.
    pub recovered: BTreeMap<&'static str, usize>,
    /// The attacks listed (latest first), at most `top`.
    pub attacks: Vec<Attack>,
    /// What the index counted and left out.
    #[serde(rename = "counting")]
    pub tally: Tally,
}

/// Answers a rebuttals question from the store.
pub fn rebuttals(store: &Store, req: &RebuttalRequest) -> Result<RebuttalAnswer, QueryError> {
    let c = req.country.alpha3;
    let end = req.range.1.map(|t| t + req.within);
    let posts = reaction_posts(store, req.range.0, end)?;
    let attacks: Vec<&ReactionPost> = posts
        .iter()
        .filter(|p| req.range.1.is_none_or(|e| p.time < e))
        .filter(|p| p.official.as_ref().is_some_and(|o| o.country != c))
        .filter(|p| p.attacked(req.min_tone).iter().any(|a| a == c))
        .collect();
    let lo = attacks.iter().map(|a| a.time).min();
    let hi = attacks.iter().map(|a| a.time).max();
    let pad = Duration::days(req.baseline_days + 1);
    let obs = match (lo, hi) {
        (Some(lo), Some(hi)) => store.observations(&ObsQuery {
            country: c.to_owned(),
            from: Some(lo - pad),
            to: Some(hi + req.within + pad + Duration::days(1)),
        })?,
        _ => Vec::new(),
    };
    let (obs, tally) = req.counting.apply(obs);
    let mut listed: Vec<Attack> = attacks
        .iter()
        .map(|act| {
            let rebuttals: Vec<Reaction> = reactions(act, &posts, req.within, req.min_tone)
                .into_iter()
                .filter(|r| r.country == c)
                .collect();
            let answered_at = rebuttals.first().map_or(act.time, |r| r.post.time);
            Attack {
                first_delay_s: rebuttals.first().map(|r| r.delay_s),
                recovery: recovery(&obs, act.time, answered_at, req.baseline_days),
                rebuttals,
                act: (*act).clone(),
            }
        })
        .collect();
    let attacks_total = listed.len();
    let answered = listed.iter().filter(|a| !a.rebuttals.is_empty()).count();
    let mut recovered = BTreeMap::new();
    for a in listed.iter().filter(|a| !a.rebuttals.is_empty()) {
        *recovered.entry(a.recovery.recovered.as_str()).or_insert(0) += 1;
    }
    listed.sort_by_key(|b| std::cmp::Reverse(b.act.time));
    listed.truncate(req.top);
    Ok(RebuttalAnswer {
        country: c,
        name: req.country.name_en,
        method: METHOD,
        recovery: RECOVERY,
        within_h: req.within.num_seconds() as f64 / 3600.0,
        min_tone: req.min_tone,
        baseline_days: req.baseline_days,
        attacks_total,
        answered,
        recovered,
        attacks: listed,
        tally,
    })
}
