//! Diffusion cascades: an original post and everything that reshares, quotes or replies to it
//! or to its descendants, with the shape statistics of the diffusion tree.
//!
//! # Links
//!
//! A post's parent is, in this order, the post it reshares (`reshare_of`), quotes (`quote_of`)
//! or replies to (`reply_to`), looked up by `(platform, native id)` among the posts given, or by
//! the id alone when no post of the same platform has it and only one platform uses it (a file
//! whose records were given different platform names still links up). The
//! tree is the data's own: on Twitter a reshare of a reshare points at the original, so reshare
//! trees are flat (depth 1); replies and quotes nest.
//!
//! - A link to a post that is not among the posts (deleted, not collected) is counted in
//!   [`CascadeSet::missing_parents`] and the post becomes the root of its own cascade, flagged
//!   with [`Cascade::parent_missing`]. Nothing is invented for the absent parent.
//! - A link to the post itself is ignored. Links that close a cycle (only possible in corrupt
//!   data) are dropped, one per cycle, and counted in [`CascadeSet::cycles_broken`]. Nothing
//!   here panics on odd data.
//!
//! # Inferred links
//!
//! Corpora without reshare ids (CSV exports, archives) can be given links inferred from text
//! with [`CascadeOptions::infer`]; such links are counted apart ([`LinkCounts::inferred_retweet`],
//! [`LinkCounts::inferred_copy`]) and
//! never mixed silently with the platform's:
//!
//! 1. a post `RT @handle: body` (the classic retweet form) whose author is not `handle` is linked
//!    to the earliest earlier-or-same-time post by `handle` whose text equals `body` (or starts
//!    with it, when the body was cut with `…` and is at least 20 characters long);
//! 2. otherwise, a post whose text (whitespace collapsed, at least 40 characters, not itself of
//!    the `RT @` form) equals the text of an earlier post by another author is linked to the
//!    earliest such post. This is a copy or a reshare exported without its id: it cannot tell a
//!    retweet from a copy-paste campaign, which for diffusion is the same reach.
//!
//! # Statistics
//!
//! For a tree of `n` nodes: depth (root at 0), maximum breadth (most nodes at one depth), and the
//! structural virality of Goel, Anderson, Hofman and Watts (2016), the mean shortest-path
//! distance over all pairs of nodes, computed in O(n) from subtree sizes:
//! `ν = 2 / (n(n−1)) · Σ_edges s(e)·(n − s(e))`, where `s(e)` is the number of nodes below the
//! edge (each edge lies on the path of exactly `s(n − s)` pairs). A lone post has no pairs; its
//! `ν` is reported as 0. Time to 50% and 90% of final size is the time from the root's
//! publication until `⌈q·m⌉` of the `m` dated nodes (root included) were published.

use crate::rows::Post;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How a post is linked to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// It reshares the parent (retweet, boost).
    Reshare,
    /// It quotes the parent.
    Quote,
    /// It replies to the parent.
    Reply,
    /// Inferred from a `RT @handle: text` post (see the module docs): not a platform id.
    InferredRetweet,
    /// Inferred from an identical text by another author, later (see the module docs): a copy
    /// or a reshare exported without its id; not a platform id.
    InferredCopy,
}

/// Options of [`build_cascades`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CascadeOptions {
    /// Infer reshare links from text for posts that carry no platform link.
    pub infer: bool,
    /// Return only cascades of at least this many posts (1 returns lone posts too).
    pub min_size: usize,
}

impl Default for CascadeOptions {
    fn default() -> Self {
        CascadeOptions { infer: false, min_size: 2 }
    }
}

/// Shape statistics of one diffusion tree.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TreeStats {
    /// Nodes.
    pub size: usize,
    /// Longest root-to-leaf path, in edges (0 for a lone post).
    pub depth: usize,
    /// Most nodes at one depth (the root alone is a breadth of 1).
    pub max_breadth: usize,
    /// Mean shortest-path distance over all pairs of nodes (0 for a lone post).
    pub structural_virality: f64,
}

/// Counts of links by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LinkCounts {
    /// Reshare links.
    pub reshare: usize,
    /// Quote links.
    pub quote: usize,
    /// Reply links.
    pub reply: usize,
    /// Links inferred from `RT @handle:` posts.
    pub inferred_retweet: usize,
    /// Links inferred from identical texts.
    pub inferred_copy: usize,
}

impl LinkCounts {
    fn add(&mut self, kind: LinkKind) {
        match kind {
            LinkKind::Reshare => self.reshare += 1,
            LinkKind::Quote => self.quote += 1,
            LinkKind::Reply => self.reply += 1,
            LinkKind::InferredRetweet => self.inferred_retweet += 1,
            LinkKind::InferredCopy => self.inferred_copy += 1,
        }
    }

    /// Links inferred from text, of both kinds.
    pub fn inferred(&self) -> usize {
        self.inferred_retweet + self.inferred_copy
    }

    /// All links.
    pub fn total(&self) -> usize {
        self.reshare + self.quote + self.reply + self.inferred()
    }
}

/// One cascade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cascade {
    /// Store id of the root post.
    pub root: i64,
    /// Platform id of the root post, if any.
    pub root_native_id: Option<String>,
    /// Author of the root post.
    pub author: Option<String>,
    /// When the root was published.
    pub created_at: Option<DateTime<Utc>>,
    /// Shape of the tree.
    #[serde(flatten)]
    pub stats: TreeStats,
    /// Seconds from the root until half the dated posts were published (`None` without times).
    pub time_to_50_s: Option<i64>,
    /// Seconds from the root until 90% of the dated posts were published.
    pub time_to_90_s: Option<i64>,
    /// Links in the tree by kind.
    pub links: LinkCounts,
    /// Languages of the posts, most posts first: `(language code as stored, posts)`.
    pub languages: Vec<(String, usize)>,
    /// Countries mentioned in the posts, most posts first: `(alpha-3, posts)`. The data has no
    /// audience location: this is what the cascade talks about, not where it was read.
    pub countries_mentioned: Vec<(String, usize)>,
    /// Countries the root post itself mentions.
    pub root_countries: Vec<String>,
    /// The root links to a post that is not in the data.
    pub parent_missing: bool,
    /// Store ids of the posts, root first, in breadth-first order.
    pub members: Vec<i64>,
}

/// What [`build_cascades`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CascadeSet {
    /// Cascades of at least the minimum size, largest first (ties: earlier root, then store id).
    pub cascades: Vec<Cascade>,
    /// Posts read.
    pub posts: usize,
    /// Posts that carry a platform link field (reshare, quote or reply id).
    pub posts_with_link_ids: usize,
    /// Links used, by kind.
    pub links: LinkCounts,
    /// Links to posts that are not in the data (those posts became roots).
    pub missing_parents: usize,
    /// Links dropped to break cycles.
    pub cycles_broken: usize,
    /// Trees of any size (lone posts included).
    pub trees: usize,
    /// With inference on: posts not linked because they would link an author to themself (an
    /// `RT @user:` post by that user, a copy of the author's own earlier text); a self-reshare
    /// is no spread.
    pub inferred_own_skipped: usize,
}

/// The shape statistics of a tree given as parent indices (`None` for the root).
///
/// Returns `None` unless the input is one tree: exactly one root, every parent index in range,
/// and every node reaching the root (no cycles).
///
/// ```
/// use citra_analytics::tree_stats;
/// // A root with two replies, one of which has a reply: 0 ← 1 ← 3, 0 ← 2.
/// let s = tree_stats(&[None, Some(0), Some(0), Some(1)]).unwrap();
/// assert_eq!((s.size, s.depth, s.max_breadth), (4, 2, 2));
/// // Pairs: 01 02 03 12 13 23 at distances 1 1 2 2 1 3: mean 10/6.
/// assert!((s.structural_virality - 10.0 / 6.0).abs() < 1e-12);
/// ```
pub fn tree_stats(parents: &[Option<usize>]) -> Option<TreeStats> {
    let n = parents.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut root = None;
    for (i, p) in parents.iter().enumerate() {
        match *p {
            None if root.is_none() => root = Some(i),
            None => return None,
            Some(p) if p < n && p != i => children[p].push(i),
            Some(_) => return None,
        }
    }
    let order = bfs(root?, &children);
    if order.len() != n {
        return None;
    }
    Some(stats_of(&order, parents))
}

/// Breadth-first order of the tree under `root`, with depths.
fn bfs(root: usize, children: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let mut order = vec![(root, 0usize)];
    let mut head = 0;
    while let Some(&(v, d)) = order.get(head) {
        head += 1;
        for &c in children.get(v).map(Vec::as_slice).unwrap_or_default() {
            order.push((c, d + 1));
        }
    }
    order
}

/// Statistics of a tree from its breadth-first order `(node, depth)` and the parent of each
/// node (indexed by node).
fn stats_of(order: &[(usize, usize)], parent: &[Option<usize>]) -> TreeStats {
    let n = order.len();
    let depth = order.iter().map(|&(_, d)| d).max().unwrap_or(0);
    let mut per_depth = vec![0usize; depth + 1];
    for &(_, d) in order {
        per_depth[d] += 1;
    }
    let max_breadth = per_depth.iter().copied().max().unwrap_or(0);
    // Subtree sizes, leaves first (reverse breadth-first order).
    let mut size: HashMap<usize, u64> = order.iter().map(|&(v, _)| (v, 1)).collect();
    let mut sum: u128 = 0;
    let nn = n as u64;
    for &(v, _) in order.iter().skip(1).rev() {
        let s = size.get(&v).copied().unwrap_or(1);
        sum += u128::from(s) * u128::from(nn - s.min(nn));
        if let Some(p) = parent.get(v).copied().flatten()
            && let Some(ps) = size.get_mut(&p)
        {
            *ps += s;
        }
    }
    let structural_virality =
        if n < 2 { 0.0 } else { 2.0 * sum as f64 / (n as f64 * (n as f64 - 1.0)) };
    TreeStats { size: n, depth, max_breadth, structural_virality }
}

/// Collapses runs of whitespace and trims.
fn norm_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits `RT @handle: body` into `(handle, body)`.
fn retweet_form(text: &str) -> Option<(&str, &str)> {
    let rest = text.trim_start().strip_prefix("RT @")?;
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let handle = rest.get(..end)?;
    let body = rest.get(end..)?.strip_prefix(':')?;
    (!handle.is_empty()).then_some((handle, body.trim()))
}

/// Sort key of a post in time: dated posts first by time, then store id.
fn time_key(p: &Post) -> (bool, Option<DateTime<Utc>>, i64) {
    (p.time.is_none(), p.time, p.id)
}

/// Parents inferred from text for the posts that carry no link field (see the module docs).
/// Infers links from text (see the module docs); returns how many posts were left unlinked
/// because they would link an author to themself.
fn infer_parents(
    posts: &[Post],
    parent: &mut [Option<(usize, LinkKind)>],
    has_link: &[bool],
) -> usize {
    let mut own = 0usize;
    let mut order: Vec<usize> = (0..posts.len()).filter(|&i| posts[i].time.is_some()).collect();
    order.sort_by_key(|&i| time_key(&posts[i]));
    let normed: Vec<String> = posts.iter().map(|p| norm_text(&p.text)).collect();
    let author = |i: usize| posts[i].author.as_deref().map(str::to_ascii_lowercase);

    // Rule 1: "RT @handle: body".
    let mut by_author: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &order {
        if let Some(a) = author(i) {
            by_author.entry(a).or_default().push(i);
        }
    }
    for &i in &order {
        if has_link[i] || parent[i].is_some() {
            continue;
        }
        let Some((handle, body)) = retweet_form(&normed[i]) else { continue };
        let handle = handle.to_ascii_lowercase();
        if author(i).as_deref() == Some(handle.as_str()) {
            own += 1;
            continue;
        }
        let (cut, prefix) = match body.strip_suffix('…').or_else(|| body.strip_suffix("...")) {
            Some(p) => (true, p.trim_end()),
            None => (false, body),
        };
        if prefix.is_empty() || (cut && prefix.chars().count() < 20) {
            continue;
        }
        let Some(cands) = by_author.get(&handle) else { continue };
        let found = cands.iter().copied().find(|&c| {
            c != i
                && posts[c].time <= posts[i].time
                && if cut { normed[c].starts_with(prefix) } else { normed[c] == prefix }
        });
        if let Some(c) = found {
            parent[i] = Some((c, LinkKind::InferredRetweet));
        }
    }

    // Rule 2: identical text by another author, earlier.
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for &i in &order {
        let t = normed[i].as_str();
        if t.chars().count() < 40 || retweet_form(t).is_some() {
            continue;
        }
        match first_of.get(t) {
            None => {
                first_of.insert(t, i);
            }
            Some(&first) => {
                if !has_link[i] && parent[i].is_none() && posts[first].time <= posts[i].time {
                    if author(first) == author(i) && author(i).is_some() {
                        own += 1;
                    } else if author(first) != author(i) {
                        parent[i] = Some((first, LinkKind::InferredCopy));
                    }
                }
            }
        }
    }
    own
}

/// Builds the cascades of the posts (see the module docs for links, inference and statistics).
pub fn build_cascades(posts: &[Post], opts: CascadeOptions) -> CascadeSet {
    let n = posts.len();
    let mut by_id: HashMap<(&str, &str), usize> = HashMap::new();
    // Id alone → post, when only one platform uses that id (`None` when several do).
    let mut by_bare_id: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, p) in posts.iter().enumerate() {
        if let Some(id) = p.native_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            by_id.entry((p.platform.as_str(), id)).or_insert(i);
            by_bare_id
                .entry(id)
                .and_modify(|e| {
                    if e.is_some_and(|j| posts[j].platform != p.platform) {
                        *e = None;
                    }
                })
                .or_insert(Some(i));
        }
    }
    let mut parent: Vec<Option<(usize, LinkKind)>> = vec![None; n];
    let mut has_link = vec![false; n];
    let mut missing = vec![false; n];
    let mut missing_parents = 0;
    for (i, p) in posts.iter().enumerate() {
        let link = [
            (&p.reshare_of, LinkKind::Reshare),
            (&p.quote_of, LinkKind::Quote),
            (&p.reply_to, LinkKind::Reply),
        ]
        .into_iter()
        .find_map(|(id, kind)| {
            id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|id| (id, kind))
        });
        let Some((id, kind)) = link else { continue };
        has_link[i] = true;
        let found = by_id
            .get(&(p.platform.as_str(), id))
            .copied()
            .or_else(|| by_bare_id.get(id).copied().flatten());
        match found.as_ref() {
            Some(&j) if j == i => {}
            Some(&j) => parent[i] = Some((j, kind)),
            None => {
                missing[i] = true;
                missing_parents += 1;
            }
        }
    }
    let mut inferred_own_skipped = 0;
    if opts.infer {
        inferred_own_skipped = infer_parents(posts, &mut parent, &has_link);
    }

    // Break cycles: walk up from each node; a walk that meets its own path drops the link
    // that closed the cycle.
    let mut cycles_broken = 0;
    let mut state = vec![0u8; n]; // 0 unseen, 1 on the current path, 2 done
    for start in 0..n {
        let mut path = Vec::new();
        let mut v = start;
        loop {
            match state[v] {
                0 => {
                    state[v] = 1;
                    path.push(v);
                    match parent[v] {
                        Some((p, _)) => v = p,
                        None => break,
                    }
                }
                1 => {
                    if let Some(&last) = path.last() {
                        parent[last] = None;
                        cycles_broken += 1;
                    }
                    break;
                }
                _ => break,
            }
        }
        for p in path {
            state[p] = 2;
        }
    }

    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut links = LinkCounts::default();
    for (i, p) in parent.iter().enumerate() {
        if let Some((p, kind)) = *p {
            children[p].push(i);
            links.add(kind);
        }
    }
    for c in &mut children {
        c.sort_by_key(|&i| time_key(&posts[i]));
    }
    let plain_parent: Vec<Option<usize>> = parent.iter().map(|p| p.map(|(p, _)| p)).collect();

    let mut cascades = Vec::new();
    let mut trees = 0;
    for root in (0..n).filter(|&i| parent[i].is_none()) {
        trees += 1;
        let order = bfs(root, &children);
        if order.len() < opts.min_size.max(1) {
            continue;
        }
        cascades.push(cascade_of(posts, root, &order, &plain_parent, &parent, missing[root]));
    }
    cascades.sort_by(|a, b| {
        b.stats
            .size
            .cmp(&a.stats.size)
            .then(
                (a.created_at.is_none(), a.created_at).cmp(&(b.created_at.is_none(), b.created_at)),
            )
            .then(a.root.cmp(&b.root))
    });
    CascadeSet {
        cascades,
        posts: n,
        posts_with_link_ids: has_link.iter().filter(|&&b| b).count(),
        links,
        inferred_own_skipped,
        missing_parents,
        cycles_broken,
        trees,
    }
}

fn cascade_of(
    posts: &[Post],
    root: usize,
    order: &[(usize, usize)],
    plain_parent: &[Option<usize>],
    parent: &[Option<(usize, LinkKind)>],
    parent_missing: bool,
) -> Cascade {
    let stats = stats_of(order, plain_parent);
    let r = &posts[root];
    let mut links = LinkCounts::default();
    let mut langs: BTreeMap<String, usize> = BTreeMap::new();
    let mut countries: BTreeMap<String, usize> = BTreeMap::new();
    for &(v, _) in order {
        if let Some((_, kind)) = parent[v] {
            links.add(kind);
        }
        *langs.entry(posts[v].lang.code().to_owned()).or_default() += 1;
        let mut seen: Vec<String> = posts[v].countries.iter().map(|c| c.to_uppercase()).collect();
        seen.sort();
        seen.dedup();
        for c in seen {
            *countries.entry(c).or_default() += 1;
        }
    }
    let (time_to_50_s, time_to_90_s) = match r.time {
        Some(t0) => {
            let mut offsets: Vec<i64> = order
                .iter()
                .filter_map(|&(v, _)| posts[v].time)
                .map(|t| (t - t0).num_seconds().max(0))
                .collect();
            offsets.sort_unstable();
            (time_to_share(&offsets, 0.5), time_to_share(&offsets, 0.9))
        }
        None => (None, None),
    };
    let mut root_countries: Vec<String> = r.countries.iter().map(|c| c.to_uppercase()).collect();
    root_countries.sort();
    root_countries.dedup();
    Cascade {
        root: r.id,
        root_native_id: r.native_id.clone(),
        author: r.author.clone(),
        created_at: r.time,
        stats,
        time_to_50_s,
        time_to_90_s,
        links,
        languages: ranked(langs),
        countries_mentioned: ranked(countries),
        root_countries,
        parent_missing,
        members: order.iter().map(|&(v, _)| posts[v].id).collect(),
    }
}

/// Most first, ties by key.
fn ranked(counts: BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// The offset by which `⌈q·m⌉` of the `m` sorted offsets are reached.
pub fn time_to_share(sorted_offsets: &[i64], q: f64) -> Option<i64> {
    let m = sorted_offsets.len();
    if m == 0 || !q.is_finite() {
        return None;
    }
    let k = ((q.clamp(0.0, 1.0) * m as f64).ceil() as usize).clamp(1, m);
    sorted_offsets.get(k - 1).copied()
}

/// A post's reach as the platform counted it, for corpora without reshare ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountReach {
    /// Store id.
    pub id: i64,
    /// Platform id, if any.
    pub native_id: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Publication time.
    pub created_at: Option<DateTime<Utc>>,
    /// Reshares as counted by the platform.
    pub reshares: Option<u64>,
    /// Likes.
    pub likes: Option<u64>,
    /// Replies.
    pub replies: Option<u64>,
    /// Quotes.
    pub quotes: Option<u64>,
    /// Sum of the known counts.
    pub engagement: u64,
    /// Countries the post mentions.
    pub countries: Vec<String>,
    /// The start of its text (at most 80 characters).
    pub snippet: String,
}

/// The `top` posts by reshare count (ties: total engagement, then earlier, then store id).
///
/// Posts of the `RT @handle:` form are left out: an archive gives them the original's counts.
/// Posts without any count are left out.
pub fn reach_from_counts(posts: &[Post], top: usize) -> Vec<CountReach> {
    let mut rows: Vec<&Post> = posts
        .iter()
        .filter(|p| p.engagement != citra_model::Engagement::default())
        .filter(|p| retweet_form(&p.text).is_none())
        .collect();
    rows.sort_by(|a, b| {
        b.engagement
            .reshares
            .unwrap_or(0)
            .cmp(&a.engagement.reshares.unwrap_or(0))
            .then(b.engagement.total().cmp(&a.engagement.total()))
            .then(time_key(a).cmp(&time_key(b)))
    });
    rows.into_iter()
        .take(top)
        .map(|p| CountReach {
            id: p.id,
            native_id: p.native_id.clone(),
            author: p.author.clone(),
            created_at: p.time,
            reshares: p.engagement.reshares,
            likes: p.engagement.likes,
            replies: p.engagement.replies,
            quotes: p.engagement.quotes,
            engagement: p.engagement.total(),
            countries: p.countries.clone(),
            snippet: crate::actors::snippet(&p.text, 80),
        })
        .collect()
}

#[cfg(test)]
mod tests;
