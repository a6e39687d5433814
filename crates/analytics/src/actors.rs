//! The actor leaderboard: who posts, how much engagement they get, and what only citra adds,
//! which countries each actor talks about, with what tone, and what tone they receive.
//!
//! The columns follow the yearly studies of world leaders on social media (posts, engagement
//! per post, most engaged post, languages used). Definitions:
//!
//! - An actor is a post author (handles compared case-insensitively).
//! - Engagement of a post is the sum of the counts the platform reported (reshares, likes,
//!   replies, quotes); a post without counts has 0.
//! - Tone given toward a country is the mean over the actor's documents that mention it of the
//!   document's mean mention tone (unweighted: it is what the actor says, not how far it went).
//! - Tone received is measured only for actors the registry knows (the caller's `registry`
//!   function): as an actor, the mean tone of the documents by *other* authors whose mentions
//!   name this actor (mentions with this actor id); as a country, the mean tone of the documents
//!   by other authors toward the actor's country. Both are unweighted means over documents.

use crate::rows::{MentionRow, Post};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What the actor registry says about an author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryActor {
    /// Registry id, e.g. `usa-trump`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The actor's country, alpha-3.
    pub country: String,
}

/// Tone toward one country, from one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryTone {
    /// Target country, alpha-3.
    pub country: String,
    /// The actor's documents that mention it.
    pub docs: usize,
    /// Mentions of it in those documents.
    pub mentions: usize,
    /// Mean tone of those documents toward it, in [-1, 1].
    pub tone: f64,
}

/// A tone received, over documents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ToneReceived {
    /// Documents.
    pub docs: usize,
    /// Mean tone, in [-1, 1].
    pub tone: f64,
}

/// An actor's most engaged post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopPost {
    /// Store id.
    pub id: i64,
    /// Platform id, if any.
    pub native_id: Option<String>,
    /// Publication time.
    pub created_at: Option<DateTime<Utc>>,
    /// Its engagement.
    pub engagement: u64,
    /// The start of its text (at most 80 characters, whitespace collapsed).
    pub snippet: String,
}

/// One row of the leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorStats {
    /// Author handle as first seen.
    pub author: String,
    /// What the registry knows of the author, if anything.
    pub registry: Option<RegistryActor>,
    /// Posts.
    pub posts: usize,
    /// Total engagement.
    pub engagement: u64,
    /// Engagement per post.
    pub engagement_per_post: f64,
    /// The most engaged post (ties: the earlier).
    pub top_post: Option<TopPost>,
    /// Languages of the posts, most first: `(language code as stored, posts)`.
    pub languages: Vec<(String, usize)>,
    /// Countries the actor talks about, most documents first (ties by code).
    pub talks_about: Vec<CountryTone>,
    /// Mean tone over all the actor's (document, country) pairs.
    pub tone_given: Option<f64>,
    /// Tone of other authors' documents that name this actor (registry actors only).
    pub received_as_actor: Option<ToneReceived>,
    /// Tone of other authors' documents toward the actor's country (registry actors only).
    pub received_as_country: Option<ToneReceived>,
}

/// How [`actor_leaderboard`] orders its rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ActorSort {
    /// Total engagement (the default of the leader studies).
    #[default]
    Engagement,
    /// Engagement per post.
    PerPost,
    /// Posts.
    Posts,
}

/// Start of a text: at most `max` characters, whitespace collapsed, `…` when cut.
pub fn snippet(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let mut s: String = flat.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Per (document, country) mean tone and mention count, from scored mentions (unscored and
/// non-finite scores left out, scores clamped to [-1, 1], countries upper-cased).
pub fn doc_tones(mentions: &[MentionRow]) -> BTreeMap<(i64, String), (f64, usize)> {
    let mut out: BTreeMap<(i64, String), (f64, usize)> = BTreeMap::new();
    for m in mentions {
        let Some(s) = m.score.map(f64::from).filter(|s| s.is_finite()) else { continue };
        let e = out.entry((m.doc_id, m.country.to_uppercase())).or_default();
        e.0 += s.clamp(-1.0, 1.0);
        e.1 += 1;
    }
    for v in out.values_mut() {
        v.0 /= v.1 as f64;
    }
    out
}

fn key(author: &str) -> String {
    author.trim().trim_start_matches('@').to_lowercase()
}

/// Sum and count, for means.
#[derive(Default, Clone, Copy)]
struct Acc {
    sum: f64,
    n: usize,
}

impl Acc {
    fn add(&mut self, x: f64) {
        self.sum += x;
        self.n += 1;
    }
    fn minus(self, other: Acc) -> Option<ToneReceived> {
        let n = self.n.saturating_sub(other.n);
        (n > 0).then(|| ToneReceived { docs: n, tone: (self.sum - other.sum) / n as f64 })
    }
}

/// The leaderboard of the authors of `posts`, with the mentions of the same documents.
///
/// `registry` maps an author handle to what the actor registry knows of it. Posts without an
/// author are left out (the caller should say how many). See [`actor_leaderboard_at`] for a
/// registry that depends on the date.
pub fn actor_leaderboard(
    posts: &[Post],
    mentions: &[MentionRow],
    registry: impl Fn(&str) -> Option<RegistryActor>,
    sort: ActorSort,
) -> Vec<ActorStats> {
    actor_leaderboard_at(posts, mentions, |h, _| registry(h), sort)
}

/// Sets each row's top post to its author's most engaging post among those that mention
/// `country` (alpha-3) in `mentions`, or to none: a leaderboard about a country is illustrated
/// by a post about it, not by the author's most engaging post on anything. Ties break as in
/// [`actor_leaderboard_at`] (the earlier post, then the lower id).
pub fn top_posts_about(
    rows: &mut [ActorStats],
    posts: &[Post],
    mentions: &[MentionRow],
    country: &str,
) {
    let about: std::collections::HashSet<i64> = mentions
        .iter()
        .filter(|m| m.country.eq_ignore_ascii_case(country))
        .map(|m| m.doc_id)
        .collect();
    let mut best: HashMap<String, &Post> = HashMap::new();
    for p in posts.iter().filter(|p| about.contains(&p.id)) {
        let Some(author) = p.author.as_deref().filter(|a| !a.trim().is_empty()) else { continue };
        let e = p.engagement.total();
        let slot = best.entry(key(author)).or_insert(p);
        let te = slot.engagement.total();
        if e > te || (e == te && (p.time, p.id) < (slot.time, slot.id)) {
            *slot = p;
        }
    }
    for r in rows {
        r.top_post = best.get(&key(&r.author)).map(|p| top_post(p));
    }
}

/// The leaderboard's view of a post.
fn top_post(p: &Post) -> TopPost {
    TopPost {
        id: p.id,
        native_id: p.native_id.clone(),
        created_at: p.time,
        engagement: p.engagement.total(),
        snippet: snippet(&p.text, 80),
    }
}

/// [`actor_leaderboard`] with a registry asked with the time of the author's latest post in
/// `posts` (handles change hands: `@POTUS`).
pub fn actor_leaderboard_at(
    posts: &[Post],
    mentions: &[MentionRow],
    registry: impl Fn(&str, Option<DateTime<Utc>>) -> Option<RegistryActor>,
    sort: ActorSort,
) -> Vec<ActorStats> {
    let tones = doc_tones(mentions);
    let doc_author: HashMap<i64, String> =
        mentions.iter().filter_map(|m| Some((m.doc_id, key(m.author.as_deref()?)))).collect();

    // Tone received: per country and per actor id, over all documents, and per author so that an
    // actor's own documents can be taken out.
    let mut by_country: HashMap<&str, Acc> = HashMap::new();
    let mut by_country_author: HashMap<(&str, &str), Acc> = HashMap::new();
    for ((doc, country), (tone, _)) in &tones {
        by_country.entry(country.as_str()).or_default().add(*tone);
        if let Some(a) = doc_author.get(doc) {
            by_country_author.entry((country.as_str(), a.as_str())).or_default().add(*tone);
        }
    }
    let mut actor_doc: BTreeMap<(&str, i64), Acc> = BTreeMap::new();
    for m in mentions {
        if let (Some(id), Some(s)) = (m.actor.as_deref(), m.score.map(f64::from))
            && s.is_finite()
        {
            actor_doc.entry((id, m.doc_id)).or_default().add(s.clamp(-1.0, 1.0));
        }
    }
    let mut by_actor: HashMap<&str, Acc> = HashMap::new();
    let mut by_actor_author: HashMap<(&str, &str), Acc> = HashMap::new();
    for (&(id, doc), acc) in &actor_doc {
        let mean = acc.sum / acc.n as f64;
        by_actor.entry(id).or_default().add(mean);
        if let Some(a) = doc_author.get(&doc) {
            by_actor_author.entry((id, a.as_str())).or_default().add(mean);
        }
    }

    struct Work<'a> {
        author: &'a str,
        posts: usize,
        engagement: u64,
        top: Option<&'a Post>,
        langs: BTreeMap<&'static str, usize>,
        docs: Vec<i64>,
        latest: Option<DateTime<Utc>>,
    }
    let mut work: BTreeMap<String, Work<'_>> = BTreeMap::new();
    for p in posts {
        let Some(author) = p.author.as_deref().filter(|a| !a.trim().is_empty()) else { continue };
        let w = work.entry(key(author)).or_insert_with(|| Work {
            author,
            posts: 0,
            engagement: 0,
            top: None,
            langs: BTreeMap::new(),
            docs: Vec::new(),
            latest: None,
        });
        w.latest = w.latest.max(p.time);
        let e = p.engagement.total();
        w.posts += 1;
        w.engagement = w.engagement.saturating_add(e);
        let better = match w.top {
            None => true,
            Some(t) => {
                let te = t.engagement.total();
                e > te || (e == te && (p.time, p.id) < (t.time, t.id))
            }
        };
        if better {
            w.top = Some(p);
        }
        *w.langs.entry(p.lang.code()).or_default() += 1;
        w.docs.push(p.id);
    }

    let mut rows: Vec<ActorStats> = work
        .into_iter()
        .map(|(k, w)| {
            let mut talks: BTreeMap<&str, (usize, usize, f64)> = BTreeMap::new();
            let mut given = Acc::default();
            for doc in &w.docs {
                // The (doc, country) keys of this document, in order.
                let lo = (*doc, String::new());
                for ((d, country), (tone, n)) in tones.range(lo..) {
                    if d != doc {
                        break;
                    }
                    let t = talks.entry(country.as_str()).or_default();
                    t.0 += 1;
                    t.1 += n;
                    t.2 += tone;
                    given.add(*tone);
                }
            }
            let mut talks_about: Vec<CountryTone> = talks
                .into_iter()
                .map(|(c, (docs, mentions, sum))| CountryTone {
                    country: c.to_owned(),
                    docs,
                    mentions,
                    tone: sum / docs as f64,
                })
                .collect();
            talks_about.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.country.cmp(&b.country)));
            let reg = registry(w.author, w.latest);
            let (received_as_actor, received_as_country) = match &reg {
                Some(r) => (
                    by_actor.get(r.id.as_str()).and_then(|all| {
                        all.minus(
                            by_actor_author
                                .get(&(r.id.as_str(), k.as_str()))
                                .copied()
                                .unwrap_or_default(),
                        )
                    }),
                    by_country.get(r.country.to_uppercase().as_str()).and_then(|all| {
                        let c = r.country.to_uppercase();
                        all.minus(
                            by_country_author
                                .get(&(c.as_str(), k.as_str()))
                                .copied()
                                .unwrap_or_default(),
                        )
                    }),
                ),
                None => (None, None),
            };
            let mut languages: Vec<(String, usize)> =
                w.langs.into_iter().map(|(l, n)| (l.to_owned(), n)).collect();
            languages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            ActorStats {
                author: w.author.to_owned(),
                registry: reg,
                posts: w.posts,
                engagement: w.engagement,
                engagement_per_post: w.engagement as f64 / w.posts.max(1) as f64,
                top_post: w.top.map(top_post),
                languages,
                talks_about,
                tone_given: (given.n > 0).then(|| given.sum / given.n as f64),
                received_as_actor,
                received_as_country,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let primary = match sort {
            ActorSort::Engagement => b.engagement.cmp(&a.engagement),
            ActorSort::PerPost => b.engagement_per_post.total_cmp(&a.engagement_per_post),
            ActorSort::Posts => b.posts.cmp(&a.posts),
        };
        primary
            .then(b.engagement.cmp(&a.engagement))
            .then(b.posts.cmp(&a.posts))
            .then_with(|| a.author.cmp(&b.author))
    });
    rows
}

#[cfg(test)]
mod tests;
