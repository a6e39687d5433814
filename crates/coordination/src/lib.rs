//! Coordinated amplification: accounts that repeatedly post or reshare the same thing within
//! seconds of each other.
//!
//! The method is the coordinated-sharing one of Giglietto et al. (coordinated link sharing,
//! CooRnet) and of CooRTweet's `detect_groups`: two accounts *co-share* an object when both
//! share it within a time window of each other; a pair that co-shares at least `min_repeats`
//! distinct objects is an edge of the coordination network, and the network's connected
//! components are its clusters.
//!
//! - Objects ([`ObjectKind`]): the same text ([`text_key`]: near-identical texts, copies that
//!   differ only in case, whitespace, handles, links, entities or an `RT @x:` prefix), a reshare
//!   of the same post (its native id), the same URL ([`url_key`]) and, when asked, the same
//!   hashtag. A reshare shares only the post it reshares (its text and links are the original's,
//!   so they would count twice), as in coordination-network-toolkit.
//! - Window: two shares co-occur when `|t₁ − t₂| ≤ window` seconds (inclusive). The data's
//!   time resolution bounds what a window means: in a store whose times are whole minutes
//!   ([`Network::time_resolution_s`] = 60), a 10 s window finds posts stamped the same minute
//!   (0–59 s apart in fact).
//! - Weight: the number of distinct objects the two accounts co-shared within the window; an
//!   edge is kept when its weight is at least `min_repeats`.
//! - Cost: shares are bucketed by object and sorted by time; only the shares of one object
//!   within one window of each other are paired (a sliding window), never all pairs of posts.
//!
//! Each [`Cluster`] carries its evidence: the accounts, the objects they co-shared (with an
//! example text and the posts), the time gaps (min, median, max) and the countries their
//! coordinated posts talk about.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use citra_coordination::{Options, detect};
//! use citra_model::Post;
//!
//! let post = |id, author: &str, secs, text: &str| Post {
//!     id,
//!     author: Some(author.into()),
//!     time: Some(Utc.with_ymd_and_hms(2017, 1, 26, 12, 0, secs).unwrap()),
//!     text: text.into(),
//!     countries: vec!["MEX".into()],
//!     ..Post::default()
//! };
//! let posts = vec![
//!     post(1, "ten_gop", 0, "Meksiko harus membayar tembok itu! https://t.co/a"),
//!     post(2, "pamela_moore13", 4, "meksiko harus membayar tembok itu! https://t.co/b"),
//!     post(3, "ten_gop", 30, "Mexico will pay for the wall, believe me"),
//!     post(4, "pamela_moore13", 33, "RT @x: Mexico will pay for the wall, believe me"),
//! ];
//! let net = detect(&posts, &Options::default());
//! assert_eq!(net.edges.len(), 1);
//! assert_eq!(net.edges[0].weight, 2);
//! assert_eq!(net.clusters[0].accounts.len(), 2);
//! assert_eq!(net.clusters[0].countries[0].country, "MEX");
//! ```
#![deny(missing_docs)]

mod objects;

pub use objects::{
    MIN_TEXT_CHARS, ObjectKind, TEXT_KEY, hashtag_keys, text_key, url_key, url_keys,
};

use chrono::{DateTime, Utc};
use citra_model::Post;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The window when none is given, in seconds: CooRTweet's default (the toolkit's is 1 s).
pub const DEFAULT_WINDOW_S: u32 = 10;
/// The repeats when none is given: an edge needs two distinct co-shared objects (one
/// coincidence is not a pattern).
pub const DEFAULT_MIN_REPEATS: u32 = 2;

/// What a detection looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Two shares co-occur when at most this many seconds apart.
    pub window_s: u32,
    /// An edge needs at least this many distinct co-shared objects (at least 1).
    pub min_repeats: u32,
    /// The kinds of object compared.
    pub kinds: BTreeSet<ObjectKind>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            window_s: DEFAULT_WINDOW_S,
            min_repeats: DEFAULT_MIN_REPEATS,
            kinds: [ObjectKind::Text, ObjectKind::Reshare, ObjectKind::Url].into(),
        }
    }
}

/// Co-shared objects of an edge or a cluster, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    /// Co-posts of the same text.
    pub text: u32,
    /// Co-reshares of the same post.
    pub reshare: u32,
    /// Co-shares of the same URL.
    pub url: u32,
    /// Co-uses of the same hashtag.
    pub hashtag: u32,
}

impl KindCounts {
    fn add(&mut self, kind: ObjectKind) {
        match kind {
            ObjectKind::Text => self.text += 1,
            ObjectKind::Reshare => self.reshare += 1,
            ObjectKind::Url => self.url += 1,
            ObjectKind::Hashtag => self.hashtag += 1,
        }
    }
}

/// Time gaps between co-shares, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Gaps {
    /// The smallest.
    pub min_s: u32,
    /// The median (the mean of the middle two for an even count).
    pub median_s: f64,
    /// The largest.
    pub max_s: u32,
}

fn gaps(mut g: Vec<u32>) -> Gaps {
    if g.is_empty() {
        return Gaps::default();
    }
    g.sort_unstable();
    let n = g.len();
    let median = if n % 2 == 1 {
        f64::from(g[n / 2])
    } else {
        (f64::from(g[n / 2 - 1]) + f64::from(g[n / 2])) / 2.0
    };
    Gaps { min_s: g[0], median_s: median, max_s: g[n - 1] }
}

/// One edge of the coordination network: two accounts that co-shared at least `min_repeats`
/// distinct objects within the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// One account (the smaller handle).
    pub a: String,
    /// The other account.
    pub b: String,
    /// Distinct objects co-shared within the window.
    pub weight: u32,
    /// Those objects by kind.
    pub kinds: KindCounts,
    /// For each object, the gap between the closest pair of their shares of it.
    pub gaps: Gaps,
    /// The cluster the edge belongs to ([`Cluster::id`]).
    pub cluster: usize,
}

/// An account of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterAccount {
    /// The handle.
    pub account: String,
    /// Edges of the account in the cluster.
    pub degree: u32,
    /// The sum of the weights of those edges.
    pub strength: u32,
    /// The account's posts that took part in a co-share of the cluster.
    pub coordinated_posts: u32,
}

/// One post that shared an object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// Store id of the post.
    pub post_id: i64,
    /// Its author.
    pub account: String,
    /// When it was published.
    pub time: DateTime<Utc>,
}

/// An object the accounts of a cluster co-shared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedObject {
    /// What kind of object.
    pub kind: ObjectKind,
    /// Its key: the text key, the reshared post's id, the URL key or the hashtag.
    pub key: String,
    /// The text of the earliest post that shared it, as written.
    pub example: String,
    /// Accounts of the cluster that co-shared it.
    pub accounts: u32,
    /// The cluster's posts that co-shared it, oldest first.
    pub shares: Vec<Share>,
    /// Seconds from the first to the last of those posts.
    pub span_s: u32,
}

/// A country the coordinated posts of a cluster talk about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryCount {
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// Coordinated posts of the cluster that mention it.
    pub posts: u32,
}

/// A cluster: a connected component of the coordination network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// 1 for the largest (by accounts, then weight), then 2, …
    pub id: usize,
    /// Its accounts, by strength (then handle).
    pub accounts: Vec<ClusterAccount>,
    /// Its edges.
    pub edges: u32,
    /// The sum of their weights.
    pub weight: u32,
    /// The co-shares of its edges by kind (a co-share counted once per edge).
    pub kinds: KindCounts,
    /// The gaps of the co-shares of its edges.
    pub gaps: Gaps,
    /// The objects its accounts co-shared, by accounts then shares (then key).
    pub objects: Vec<SharedObject>,
    /// The countries its coordinated posts mention, by posts (then code).
    pub countries: Vec<CountryCount>,
    /// Its coordinated posts (posts that took part in a co-share of one of its edges).
    pub coordinated_posts: u32,
}

/// The coordination network of a set of posts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    /// The window, in seconds.
    pub window_s: u32,
    /// The repeats an edge needs.
    pub min_repeats: u32,
    /// The kinds of object compared.
    pub kinds: Vec<ObjectKind>,
    /// Posts read.
    pub posts: usize,
    /// Posts left out: no author or no time.
    pub posts_without_author_or_time: usize,
    /// Accounts among the posts read.
    pub accounts: usize,
    /// The finest time step of the posts: 60 when every time is a whole minute, 1 otherwise
    /// (0 with no posts). A window under it only finds posts stamped the same.
    pub time_resolution_s: u32,
    /// Pairs of accounts that co-shared at least one object within the window, kept or not.
    pub pairs: usize,
    /// The edges (weight at least `min_repeats`), by weight then accounts.
    pub edges: Vec<Edge>,
    /// The clusters, largest first.
    pub clusters: Vec<Cluster>,
}

impl Network {
    /// The cluster of each account in a cluster.
    pub fn membership(&self) -> BTreeMap<&str, usize> {
        self.clusters
            .iter()
            .flat_map(|c| c.accounts.iter().map(move |a| (a.account.as_str(), c.id)))
            .collect()
    }
}

/// One share of an object: a post, its account and its time.
#[derive(Debug, Clone, Copy)]
struct Entry {
    time: i64,
    account: u32,
    post: u32,
}

/// One co-share of an object by a pair: the closest pair of their shares of it.
#[derive(Debug, Clone, Copy)]
struct CoShare {
    object: u32,
    gap: u32,
    posts: (u32, u32),
}

/// Finds the coordination network of `posts` (see the crate's documentation).
pub fn detect(posts: &[Post], options: &Options) -> Network {
    let window = i64::from(options.window_s);
    let min_repeats = options.min_repeats.max(1);
    let mut account_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut accounts: Vec<&str> = Vec::new();
    let mut object_ids: FxHashMap<(ObjectKind, String), u32> = FxHashMap::default();
    let mut object_keys: Vec<(ObjectKind, String)> = Vec::new();
    let mut buckets: Vec<Vec<Entry>> = Vec::new();
    let mut skipped = 0;
    let mut all_minutes = true;
    let mut dated = 0usize;
    for (i, p) in posts.iter().enumerate() {
        let (Some(author), Some(time)) = (p.author.as_deref().filter(|a| !a.is_empty()), p.time)
        else {
            skipped += 1;
            continue;
        };
        dated += 1;
        let t = time.timestamp();
        all_minutes &= t.rem_euclid(60) == 0 && time.timestamp_subsec_nanos() == 0;
        let next = accounts.len() as u32;
        let account = *account_ids.entry(author).or_insert_with(|| {
            accounts.push(author);
            next
        });
        let mut keys: Vec<(ObjectKind, String)> = Vec::new();
        match &p.reshare_of {
            Some(id) => {
                if options.kinds.contains(&ObjectKind::Reshare) {
                    keys.push((ObjectKind::Reshare, format!("{}/{}", p.platform, id)));
                }
            }
            None => {
                if options.kinds.contains(&ObjectKind::Text)
                    && let Some(k) = text_key(&p.text)
                {
                    keys.push((ObjectKind::Text, k));
                }
                if options.kinds.contains(&ObjectKind::Url) {
                    keys.extend(url_keys(&p.text).into_iter().map(|k| (ObjectKind::Url, k)));
                }
                if options.kinds.contains(&ObjectKind::Hashtag) {
                    keys.extend(
                        hashtag_keys(&p.text).into_iter().map(|k| (ObjectKind::Hashtag, k)),
                    );
                }
            }
        }
        for key in keys {
            let next = object_keys.len() as u32;
            let id = match object_ids.get(&key) {
                Some(&id) => id,
                None => {
                    object_ids.insert(key.clone(), next);
                    object_keys.push(key);
                    buckets.push(Vec::new());
                    next
                }
            };
            buckets[id as usize].push(Entry { time: t, account, post: i as u32 });
        }
    }
    drop(object_ids);

    // Pairs within the window, object by object: a sliding window over each bucket in time
    // order. Within a bucket a pair counts once (its closest shares).
    let mut pairs: FxHashMap<(u32, u32), Vec<CoShare>> = FxHashMap::default();
    let mut local: FxHashMap<(u32, u32), (u32, (u32, u32))> = FxHashMap::default();
    for (object, bucket) in buckets.iter_mut().enumerate() {
        if bucket.len() < 2 {
            continue;
        }
        bucket.sort_unstable_by_key(|e| (e.time, e.account, e.post));
        local.clear();
        for (i, x) in bucket.iter().enumerate() {
            for y in &bucket[i + 1..] {
                let gap = y.time - x.time;
                if gap > window {
                    break;
                }
                if x.account == y.account {
                    continue;
                }
                let (key, posts) = if x.account < y.account {
                    ((x.account, y.account), (x.post, y.post))
                } else {
                    ((y.account, x.account), (y.post, x.post))
                };
                let gap = gap as u32;
                local
                    .entry(key)
                    .and_modify(|e| {
                        if gap < e.0 {
                            *e = (gap, posts);
                        }
                    })
                    .or_insert((gap, posts));
            }
        }
        for (&key, &(gap, posts)) in &local {
            pairs.entry(key).or_default().push(CoShare { object: object as u32, gap, posts });
        }
    }
    let pair_count = pairs.len();
    let mut kept: Vec<((u32, u32), Vec<CoShare>)> =
        pairs.into_iter().filter(|(_, v)| v.len() as u32 >= min_repeats).collect();
    kept.sort_unstable_by_key(|(k, _)| *k);

    // Connected components (union-find with path halving).
    let mut parent: Vec<u32> = (0..accounts.len() as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for ((a, b), _) in &kept {
        let (ra, rb) = (find(&mut parent, *a), find(&mut parent, *b));
        if ra != rb {
            parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
    let mut components: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, ((a, _), _)) in kept.iter().enumerate() {
        components.entry(find(&mut parent, *a)).or_default().push(i);
    }

    let name = |a: u32| accounts[a as usize].to_owned();
    let mut clusters: Vec<(Cluster, Vec<usize>)> = Vec::new();
    for edge_ids in components.into_values() {
        let mut degree: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
        let mut kinds = KindCounts::default();
        let mut all_gaps = Vec::new();
        let mut weight = 0;
        // Per object: the accounts and posts that co-shared it.
        let mut objs: BTreeMap<u32, (BTreeSet<u32>, BTreeSet<u32>)> = BTreeMap::new();
        let mut coordinated: BTreeSet<u32> = BTreeSet::new();
        for &e in &edge_ids {
            let ((a, b), shares) = &kept[e];
            let w = shares.len() as u32;
            weight += w;
            for x in [a, b] {
                let d = degree.entry(*x).or_default();
                d.0 += 1;
                d.1 += w;
            }
            for s in shares {
                kinds.add(object_keys[s.object as usize].0);
                all_gaps.push(s.gap);
                let o = objs.entry(s.object).or_default();
                o.0.extend([*a, *b]);
                o.1.extend([s.posts.0, s.posts.1]);
                coordinated.extend([s.posts.0, s.posts.1]);
            }
        }
        let mut posts_of: BTreeMap<u32, u32> = BTreeMap::new();
        let mut countries: BTreeMap<&str, u32> = BTreeMap::new();
        for &p in &coordinated {
            let post = &posts[p as usize];
            if let Some(&a) = post.author.as_deref().and_then(|a| account_ids.get(a)) {
                *posts_of.entry(a).or_default() += 1;
            }
            for c in &post.countries {
                *countries.entry(c.as_str()).or_default() += 1;
            }
        }
        let mut cluster_accounts: Vec<ClusterAccount> = degree
            .iter()
            .map(|(&a, &(d, s))| ClusterAccount {
                account: name(a),
                degree: d,
                strength: s,
                coordinated_posts: posts_of.get(&a).copied().unwrap_or(0),
            })
            .collect();
        cluster_accounts
            .sort_by(|x, y| y.strength.cmp(&x.strength).then(x.account.cmp(&y.account)));
        let mut objects: Vec<SharedObject> = objs
            .into_iter()
            .map(|(o, (accs, ps))| {
                let mut shares: Vec<Share> = ps
                    .iter()
                    .map(|&p| {
                        let post = &posts[p as usize];
                        Share {
                            post_id: post.id,
                            account: post.author.clone().unwrap_or_default(),
                            time: post.time.unwrap_or_default(),
                        }
                    })
                    .collect();
                shares.sort_by(|x, y| x.time.cmp(&y.time).then(x.post_id.cmp(&y.post_id)));
                let first = ps
                    .iter()
                    .min_by_key(|&&p| (posts[p as usize].time, posts[p as usize].id))
                    .map(|&p| posts[p as usize].text.clone())
                    .unwrap_or_default();
                let span = match (shares.first(), shares.last()) {
                    (Some(f), Some(l)) => (l.time - f.time).num_seconds().max(0) as u32,
                    _ => 0,
                };
                let (kind, key) = object_keys[o as usize].clone();
                SharedObject {
                    kind,
                    key,
                    example: first,
                    accounts: accs.len() as u32,
                    shares,
                    span_s: span,
                }
            })
            .collect();
        objects.sort_by(|x, y| {
            y.accounts
                .cmp(&x.accounts)
                .then(y.shares.len().cmp(&x.shares.len()))
                .then(x.key.cmp(&y.key))
        });
        let mut countries: Vec<CountryCount> = countries
            .into_iter()
            .map(|(c, n)| CountryCount { country: c.to_owned(), posts: n })
            .collect();
        countries.sort_by(|x, y| y.posts.cmp(&x.posts).then(x.country.cmp(&y.country)));
        clusters.push((
            Cluster {
                id: 0,
                accounts: cluster_accounts,
                edges: edge_ids.len() as u32,
                weight,
                kinds,
                gaps: gaps(all_gaps),
                objects,
                countries,
                coordinated_posts: coordinated.len() as u32,
            },
            edge_ids,
        ));
    }
    clusters.sort_by(|(x, _), (y, _)| {
        y.accounts
            .len()
            .cmp(&x.accounts.len())
            .then(y.weight.cmp(&x.weight))
            .then(x.accounts[0].account.cmp(&y.accounts[0].account))
    });
    let mut cluster_of_edge = vec![0; kept.len()];
    for (i, (c, edge_ids)) in clusters.iter_mut().enumerate() {
        c.id = i + 1;
        for &e in edge_ids.iter() {
            cluster_of_edge[e] = i + 1;
        }
    }
    let mut edges: Vec<Edge> = kept
        .iter()
        .enumerate()
        .map(|(i, ((a, b), shares))| {
            let mut kinds = KindCounts::default();
            for s in shares {
                kinds.add(object_keys[s.object as usize].0);
            }
            let (a, b) = (name(*a), name(*b));
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            Edge {
                a,
                b,
                weight: shares.len() as u32,
                kinds,
                gaps: gaps(shares.iter().map(|s| s.gap).collect()),
                cluster: cluster_of_edge[i],
            }
        })
        .collect();
    edges.sort_by(|x, y| y.weight.cmp(&x.weight).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    Network {
        window_s: options.window_s,
        min_repeats,
        kinds: options.kinds.iter().copied().collect(),
        posts: posts.len(),
        posts_without_author_or_time: skipped,
        accounts: accounts.len(),
        time_resolution_s: match (dated, all_minutes) {
            (0, _) => 0,
            (_, true) => 60,
            (_, false) => 1,
        },
        pairs: pair_count,
        edges,
        clusters: clusters.into_iter().map(|(c, _)| c).collect(),
    }
}

#[cfg(test)]
mod tests;
