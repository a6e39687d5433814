//! Coordination: accounts that repeatedly post or reshare the same thing within seconds of each
//! other, as a weighted account network with its clusters and their evidence (see
//! `citra_coordination`). `citra coordination`; `citra image --exclude coordinated` and
//! `citra actors --coordination` read [`network`].

use crate::error::QueryError;
use crate::params::{Params, Range};
use citra_coordination::{Cluster, Edge, Network, Options, TEXT_KEY, detect};
use citra_mentions::Country;
use citra_store::{PostQuery, Store};
use serde::Serialize;

/// How an edge is weighted, in words.
pub const WEIGHT: &str = "distinct objects (texts, reshared posts, URLs, hashtags) both accounts \
    shared within the window of each other; an edge needs at least min_repeats";

/// What a cluster is, in words.
pub const CLUSTERS: &str = "connected components of the edges kept";

/// What the window means, in words.
pub const WINDOW: &str = "two shares of an object co-occur when |t1 - t2| <= window seconds";

/// Clusters listed when `top` is not given.
pub const DEFAULT_TOP: u64 = 20;
/// The most clusters `top` may ask for.
pub const MAX_TOP: u64 = 100_000;
/// Objects listed per cluster (the answer says how many there are).
pub const OBJECTS_PER_CLUSTER: usize = 10;
/// Shares listed per object (the object says how many there are).
pub const SHARES_PER_OBJECT: usize = 20;

/// A coordination question.
#[derive(Debug, Clone)]
pub struct Request {
    /// Only clusters whose coordinated posts mention this country (`country`); the network is
    /// found over every post of the range either way.
    pub country: Option<&'static Country>,
    /// Days of the posts read (`from`, `to`).
    pub range: Range,
    /// Window, repeats and kinds of object (`window`, `min_repeats`, `objects`).
    pub options: Options,
    /// Clusters to list (`top`, 1 to [`MAX_TOP`], default [`DEFAULT_TOP`]).
    pub top: usize,
}

impl Request {
    /// The question from its parameters: `country`, `from`, `to`, `window`, `min_repeats`,
    /// `objects`, `top`.
    pub fn from_params(p: &Params) -> Result<Request, QueryError> {
        Ok(Request {
            country: p.country_opt()?,
            range: p.range()?,
            options: p.coordination()?,
            top: p.top(DEFAULT_TOP, MAX_TOP)?,
        })
    }
}

/// The coordination network of the posts of `range` ([`citra_coordination::detect`]), from
/// the store's posts with their texts, authors, times, reshare ids and mentioned countries.
pub fn network(store: &Store, range: Range, options: &Options) -> Result<Network, QueryError> {
    let q = PostQuery { from: range.0, to: range.1, with_text: true };
    let posts = store.posts(&q)?;
    Ok(detect(&posts, options))
}

/// A note on the data's time resolution when the window is finer than it, for people.
pub fn resolution_note(net: &Network) -> Option<String> {
    (net.time_resolution_s > 1 && net.window_s < net.time_resolution_s).then(|| {
        format!(
            "every post time in this range is a whole minute: a {} s window finds posts stamped \
             the same minute (0-59 s apart in fact); a window of 60 s or more also pairs \
             adjacent minutes (up to 119 s apart)",
            net.window_s
        )
    })
}

/// A cluster as listed: its objects cut to [`OBJECTS_PER_CLUSTER`], their shares to
/// [`SHARES_PER_OBJECT`].
#[derive(Debug, Clone, Serialize)]
pub struct ListedCluster {
    /// The cluster (`objects` cut as said).
    #[serde(flatten)]
    pub cluster: Cluster,
    /// How many objects the cluster co-shared in all.
    pub objects_total: usize,
}

/// The coordination network.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The country asked for (alpha-3), or null: every cluster.
    pub country: Option<&'static str>,
    /// The window, in seconds ([`WINDOW`]).
    pub window_s: u32,
    /// What the window means ([`WINDOW`]).
    pub window: &'static str,
    /// The repeats an edge needs.
    pub min_repeats: u32,
    /// The kinds of object compared (`text`, `reshare`, `url`, `hashtag`).
    pub objects: Vec<&'static str>,
    /// What "the same text" means ([`TEXT_KEY`]).
    pub text_key: &'static str,
    /// How an edge is weighted ([`WEIGHT`]).
    pub weight: &'static str,
    /// What a cluster is ([`CLUSTERS`]).
    pub clusters_method: &'static str,
    /// Posts read in the range.
    pub posts: usize,
    /// Posts left out: no author or no time.
    pub posts_without_author_or_time: usize,
    /// Accounts among the posts read.
    pub accounts: usize,
    /// The finest time step of the posts in seconds (60: whole minutes; 1; 0: no posts).
    pub time_resolution_s: u32,
    /// A note when the window is finer than the time resolution, else null.
    pub note: Option<String>,
    /// Pairs of accounts that co-shared at least one object within the window.
    pub pairs: usize,
    /// Edges kept (weight at least `min_repeats`), in the whole network.
    pub edges_total: usize,
    /// Clusters in the whole network.
    pub clusters_total: usize,
    /// Accounts in a cluster, in the whole network.
    pub coordinated_accounts: usize,
    /// Clusters that match `country`, before `top`.
    pub matching: usize,
    /// The clusters that match, largest first (at most `top`).
    pub clusters: Vec<ListedCluster>,
    /// The edges of the clusters listed, by weight.
    pub edges: Vec<Edge>,
}

/// Answers a coordination question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    Ok(answer_from(&network(store, req.range, &req.options)?, req))
}

/// Answers a coordination question from a network already found ([`network`] with the
/// request's range and options), as the report does for each country of one network.
pub fn answer_from(net: &Network, req: &Request) -> Answer {
    let note = resolution_note(net);
    let coordinated_accounts = net.clusters.iter().map(|c| c.accounts.len()).sum();
    let matching: Vec<&Cluster> = net
        .clusters
        .iter()
        .filter(|c| req.country.is_none_or(|k| c.countries.iter().any(|x| x.country == k.alpha3)))
        .collect();
    let listed: Vec<ListedCluster> = matching
        .iter()
        .take(req.top)
        .map(|c| {
            let mut cluster = (*c).clone();
            let objects_total = cluster.objects.len();
            cluster.objects.truncate(OBJECTS_PER_CLUSTER);
            for o in &mut cluster.objects {
                o.shares.truncate(SHARES_PER_OBJECT);
            }
            ListedCluster { cluster, objects_total }
        })
        .collect();
    let ids: std::collections::BTreeSet<usize> = listed.iter().map(|c| c.cluster.id).collect();
    Answer {
        country: req.country.map(|c| c.alpha3),
        window_s: net.window_s,
        window: WINDOW,
        min_repeats: net.min_repeats,
        objects: net.kinds.iter().map(|k| k.as_str()).collect(),
        text_key: TEXT_KEY,
        weight: WEIGHT,
        clusters_method: CLUSTERS,
        posts: net.posts,
        posts_without_author_or_time: net.posts_without_author_or_time,
        accounts: net.accounts,
        time_resolution_s: net.time_resolution_s,
        note,
        pairs: net.pairs,
        edges_total: net.edges.len(),
        clusters_total: net.clusters.len(),
        coordinated_accounts,
        matching: matching.len(),
        edges: net.edges.iter().filter(|e| ids.contains(&e.cluster)).cloned().collect(),
        clusters: listed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use citra_model::{Annotation, LangGuess, RawDoc, Tone};

    fn doc(id: &str, author: &str, secs: u32, text: &str) -> RawDoc {
        RawDoc {
            platform: "twitter".into(),
            native_id: Some(id.into()),
            author: Some(author.into()),
            created_at: Some(format!("2017-01-26T12:00:{secs:02}Z").parse().unwrap()),
            text: text.into(),
            ..RawDoc::default()
        }
    }

    fn ann(text: &str) -> Annotation {
        Annotation {
            normalized: text.into(),
            lang: LangGuess { lang: citra_model::Lang::Eng, confidence: 0.9 },
            mentions: vec![],
            tone: Tone::neutral(0.5),
            diagnostics: vec![],
            events: vec![],
            themes: vec![],
        }
    }

    #[test]
    fn coordination010_answer() {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        for (id, author, secs, text) in [
            ("1", "a", 0, "Mexico must pay for the wall, believe me"),
            ("2", "b", 3, "mexico must pay for the wall, believe me https://t.co/x"),
            ("3", "a", 30, "Hillary lied about Benghazi again today"),
            ("4", "b", 31, "RT @c: Hillary lied about Benghazi again today"),
            ("5", "c", 59, "Hillary lied about Benghazi again today"),
        ] {
            b.insert(&doc(id, author, secs, text), &ann(text)).unwrap();
        }
        b.commit().unwrap();
        let req = Request::from_params(&Params::default()).unwrap();
        let a = answer(&store, &req).unwrap();
        assert_eq!((a.posts, a.accounts, a.time_resolution_s), (5, 3, 1));
        assert_eq!((a.edges_total, a.clusters_total, a.coordinated_accounts), (1, 1, 2));
        assert_eq!(a.note, None);
        assert_eq!(a.clusters[0].cluster.objects.len(), 2);
        assert_eq!(a.edges[0].weight, 2);
        // A country none of the clusters talks about lists none.
        let p = Params { country: Some("IDN".into()), ..Params::default() };
        let a = answer(&store, &Request::from_params(&p).unwrap()).unwrap();
        assert_eq!((a.matching, a.clusters.len(), a.edges.len()), (0, 0, 0));
        assert_eq!(a.edges_total, 1);
        // A wider window brings c in.
        let p = Params { window: Some("30s".into()), ..Params::default() };
        let a = answer(&store, &Request::from_params(&p).unwrap()).unwrap();
        assert_eq!(a.pairs, 3);
        assert_eq!(a.edges_total, 1);
    }
}
