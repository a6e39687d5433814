//! Near-duplicate stories: posts and articles whose normalized text is the same story — wire
//! copies, copy-paste campaigns, retweets without ids — clustered across authors, outlets and
//! languages, so that a story copied a thousand times can be counted once.
//!
//! - Text ([`story_text`], [`NORMALIZATION`]): lowercased, entities decoded, links, handles,
//!   hashtags and `RT` markers removed, cut into words. A text of fewer than
//!   [`Options::min_words`] words is never a copy of anything ("Thank you!", "Hello!!", a
//!   hashtag and a link): such short texts coincide by chance, and in the labelled sample not
//!   one pair with a text under 4 words was the same story.
//! - Similarity: the Jaccard index of the two texts' sets of word 3-shingles ([`shingles`],
//!   [`jaccard`]). Two texts are the same story when it is at least [`Options::threshold`]
//!   ([`DEFAULT_THRESHOLD`], chosen on the 260 labelled pairs of
//!   `accuracy-reports/near-duplicates/`: precision 0.966, recall 0.81 there).
//! - Candidates: identical story texts are grouped first; one text of each group gets a
//!   MinHash signature of [`BANDS`] × [`ROWS`] hashes, and two texts whose signatures agree on
//!   all rows of at least one band are candidates (locality-sensitive hashing: a pair at
//!   Jaccard 0.5 is a candidate with probability 0.96, one at 0.6 with 0.997). Each candidate is
//!   checked with the exact Jaccard index, so a story never rests on an estimate. A bucket of
//!   more than [`BUCKET_ALL_PAIRS`] texts is checked as a chain and a star (each text against
//!   the one before it and the first), not all its pairs, to keep the cost linear.
//! - Stories: the connected components of the pairs kept (single link), with their first
//!   poster, spread in time, authors, reach and countries.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use citra_model::Post;
//! use citra_stories::{Options, cluster};
//!
//! let post = |id, author: &str, min, text: &str| Post {
//!     id,
//!     author: Some(author.into()),
//!     time: Some(Utc.with_ymd_and_hms(2017, 8, 14, 9, min, 0).unwrap()),
//!     text: text.into(),
//!     ..Post::default()
//! };
//! let posts = vec![
//!     post(1, "wire", 0, "Police confirm the siege in Sydney is over, two hostages dead https://t.co/a"),
//!     post(2, "paper", 7, "RT @wire: Police confirm the siege in Sydney is over, two hostages dead #breaking"),
//!     post(3, "other", 9, "Sydney siege: police say it is over, and the city mourns two victims"),
//! ];
//! let stories = cluster(&posts, &Options::default());
//! assert_eq!(stories.stories.len(), 1);
//! assert_eq!(stories.stories[0].docs, vec![1, 2]);
//! assert_eq!(stories.stories[0].first.author.as_deref(), Some("wire"));
//! ```
#![deny(missing_docs)]

mod text;

pub use text::{NORMALIZATION, SHINGLE, jaccard, shingles, story_text, word_count};

use chrono::{DateTime, Utc};
use citra_model::Post;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// The similarity two texts need to be the same story when none is given: the lowest
/// threshold with precision of at least 0.95 on the labelled pairs (0.966 there, recall 0.81).
pub const DEFAULT_THRESHOLD: f64 = 0.6;
/// The words a text needs to be compared when none is given.
pub const DEFAULT_MIN_WORDS: usize = 5;
/// MinHash bands.
pub const BANDS: usize = 24;
/// MinHash rows per band.
pub const ROWS: usize = 3;
/// A bucket of at most this many texts is checked pair by pair.
pub const BUCKET_ALL_PAIRS: usize = 32;

/// What a clustering looks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Two texts are the same story when the Jaccard index of their shingles is at least this
    /// (in (0, 1]).
    pub threshold: f64,
    /// A text with fewer words than this is not compared (at least 1).
    pub min_words: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { threshold: DEFAULT_THRESHOLD, min_words: DEFAULT_MIN_WORDS }
    }
}

/// The similarity of two texts ([`jaccard`] of their [`shingles`]), or `None` when either has
/// fewer than `min_words` words.
///
/// ```
/// use citra_stories::similarity;
/// let a = "Russia and the USA should not be enemies, even in the movies";
/// assert_eq!(similarity(a, &format!("{a} #ade #aded https://t.co/x"), 5), Some(1.0));
/// assert_eq!(similarity("Hello!!", "Hello", 5), None);
/// ```
pub fn similarity(a: &str, b: &str, min_words: usize) -> Option<f64> {
    let (a, b) = (story_text(a), story_text(b));
    if word_count(&a) < min_words || word_count(&b) < min_words {
        return None;
    }
    Some(jaccard(&shingles(&a), &shingles(&b)))
}

/// One post of a story, as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// Store id of the document.
    pub doc: i64,
    /// The platform's id of the post, if any.
    pub native_id: Option<String>,
    /// Its author, if known.
    pub author: Option<String>,
    /// When it was posted.
    pub time: Option<DateTime<Utc>>,
}

/// Documents of a story that mention a country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryCount {
    /// ISO 3166-1 alpha-3 code.
    pub country: String,
    /// Documents of the story that mention it.
    pub docs: usize,
}

/// One story: the posts whose texts are copies of each other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// Its number: 1 for the story with the most copies, then by first post time.
    pub id: usize,
    /// Its documents (store ids) in time order, the first poster's first.
    pub docs: Vec<i64>,
    /// The first post.
    pub first: Member,
    /// The first post's text, as written.
    pub text: String,
    /// The time of the last copy.
    pub last: Option<DateTime<Utc>>,
    /// Seconds from the first post to the last copy.
    pub spread_s: i64,
    /// Distinct authors (posts without an author are not counted).
    pub authors: usize,
    /// Distinct languages of its documents, as detected.
    pub langs: Vec<String>,
    /// The engagement of all its copies, summed.
    pub engagement: u64,
    /// The countries its documents mention, by documents then code.
    pub countries: Vec<CountryCount>,
    /// The lowest similarity of the pairs that joined it (1 when all its copies have the same
    /// story text).
    pub min_similarity: f64,
}

/// The stories of a set of posts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stories {
    /// The similarity threshold used.
    pub threshold: f64,
    /// The words a text needed to be compared.
    pub min_words: usize,
    /// Posts read.
    pub posts: usize,
    /// Posts with enough words to be compared.
    pub compared: usize,
    /// Candidate pairs checked with the exact similarity.
    pub candidates: u64,
    /// The stories with at least two documents, by [`Story::id`].
    pub stories: Vec<Story>,
    /// Documents in those stories.
    pub in_stories: usize,
    /// Store id → index in `stories`.
    #[serde(skip)]
    index: FxHashMap<i64, usize>,
}

impl Stories {
    /// The story a document belongs to, if it was copied or is a copy.
    pub fn story_of(&self, doc: i64) -> Option<&Story> {
        self.index.get(&doc).map(|&i| &self.stories[i])
    }

    /// Documents that de-duplication folds into a story's first document
    /// (`in_stories − stories`).
    pub fn merged(&self) -> usize {
        self.in_stories - self.stories.len()
    }
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[x as usize];
            self.0[x as usize] = self.0[p as usize];
            x = p;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi as usize] = lo;
        }
    }
}

/// Seeds of the MinHash functions (splitmix64 of their index).
fn seeds() -> [u64; BANDS * ROWS] {
    let mut s = [0u64; BANDS * ROWS];
    for (i, v) in s.iter_mut().enumerate() {
        *v = text::mix(0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64 + 1));
    }
    s
}

/// The band's key of a shingle set: a hash of its [`ROWS`] MinHash values (one per seed).
fn band_key(shingles: &[u64], seeds: &[u64]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for s in seeds {
        let m = shingles.iter().map(|&x| text::mix(x ^ s)).min().unwrap_or(u64::MAX);
        std::hash::Hasher::write_u64(&mut h, m);
    }
    std::hash::Hasher::finish(&h)
}

/// The stories of `posts`: texts compared as [`Options`] says, clustered by single link
/// (see the crate's documentation).
pub fn cluster(posts: &[Post], options: &Options) -> Stories {
    let min_words = options.min_words.max(1);
    // Group identical story texts; one representative per group.
    let mut group_of_text: FxHashMap<String, u32> = FxHashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut rep_text: Vec<String> = Vec::new();
    for (i, p) in posts.iter().enumerate() {
        let t = story_text(&p.text);
        if word_count(&t) < min_words {
            continue;
        }
        match group_of_text.get(&t) {
            Some(&g) => groups[g as usize].push(i),
            None => {
                group_of_text.insert(t.clone(), groups.len() as u32);
                groups.push(vec![i]);
                rep_text.push(t);
            }
        }
    }
    drop(group_of_text);
    let compared: usize = groups.iter().map(Vec::len).sum();
    let sets: Vec<Vec<u64>> = rep_text.iter().map(|t| shingles(t)).collect();
    drop(rep_text);
    // The signatures are computed one band at a time (the same hashes in all, without holding
    // BANDS × ROWS values per text).
    let seeds = seeds();

    let n = sets.len();
    let mut uf = UnionFind((0..n as u32).collect());
    // The lowest similarity that joined each pair of groups, kept per root at the end.
    let mut joins: Vec<(u32, f64)> = Vec::new();
    let mut candidates = 0u64;
    // Per band: the first text of each key, and the buckets of keys held by two texts or more
    // (few), each in text order, checked in key order.
    let mut first: FxHashMap<u64, u32> = FxHashMap::default();
    first.reserve(n);
    for band in 0..BANDS {
        first.clear();
        let mut buckets: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let band_seeds = &seeds[band * ROWS..(band + 1) * ROWS];
        for (g, s) in sets.iter().enumerate() {
            let key = band_key(s, band_seeds);
            match first.entry(key) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(g as u32);
                }
                std::collections::hash_map::Entry::Occupied(e) => {
                    buckets.entry(key).or_insert_with(|| vec![*e.get()]).push(g as u32);
                }
            }
        }
        let mut buckets: Vec<(u64, Vec<u32>)> = buckets.into_iter().collect();
        buckets.sort_unstable_by_key(|(k, _)| *k);
        for (_, run) in &buckets {
            let mut check = |a: u32, b: u32, uf: &mut UnionFind| {
                if uf.find(a) == uf.find(b) {
                    return;
                }
                candidates += 1;
                let j = jaccard(&sets[a as usize], &sets[b as usize]);
                if j >= options.threshold {
                    uf.union(a, b);
                    joins.push((a, j));
                }
            };
            if run.len() <= BUCKET_ALL_PAIRS {
                for (x, &a) in run.iter().enumerate() {
                    for &b in &run[x + 1..] {
                        check(a, b, &mut uf);
                    }
                }
            } else {
                for w in run.windows(2) {
                    check(w[0], w[1], &mut uf);
                    check(run[0], w[1], &mut uf);
                }
            }
        }
    }

    // Components: groups by root, then their documents.
    let mut by_root: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for g in 0..n as u32 {
        by_root.entry(uf.find(g)).or_default().extend(&groups[g as usize]);
    }
    let mut lowest: FxHashMap<u32, f64> = FxHashMap::default();
    for (g, j) in joins {
        let e = lowest.entry(uf.find(g)).or_insert(1.0);
        *e = e.min(j);
    }
    let mut stories: Vec<Story> = by_root
        .into_iter()
        .filter(|(_, docs)| docs.len() > 1)
        .map(|(root, docs)| story(posts, docs, lowest.get(&root).copied().unwrap_or(1.0)))
        .collect();
    stories.sort_by(|a, b| {
        b.docs
            .len()
            .cmp(&a.docs.len())
            .then(a.first.time.cmp(&b.first.time))
            .then(a.docs.cmp(&b.docs))
    });
    let mut index = FxHashMap::default();
    for (i, s) in stories.iter_mut().enumerate() {
        s.id = i + 1;
        for &d in &s.docs {
            index.insert(d, i);
        }
    }
    Stories {
        threshold: options.threshold,
        min_words,
        posts: posts.len(),
        compared,
        candidates,
        in_stories: stories.iter().map(|s| s.docs.len()).sum(),
        stories,
        index,
    }
}

fn story(posts: &[Post], mut docs: Vec<usize>, min_similarity: f64) -> Story {
    // Time order; posts without a time last; then by store id.
    docs.sort_by_key(|&i| (posts[i].time.is_none(), posts[i].time, posts[i].id));
    let first = &posts[docs[0]];
    let mut authors: Vec<&str> = docs.iter().filter_map(|&i| posts[i].author.as_deref()).collect();
    authors.sort_unstable();
    authors.dedup();
    let mut langs: Vec<String> = docs.iter().map(|&i| posts[i].lang.code().to_owned()).collect();
    langs.sort_unstable();
    langs.dedup();
    let mut countries: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &docs {
        for c in &posts[i].countries {
            *countries.entry(c).or_default() += 1;
        }
    }
    let mut countries: Vec<CountryCount> = countries
        .into_iter()
        .map(|(c, n)| CountryCount { country: c.to_owned(), docs: n })
        .collect();
    countries.sort_by(|a, b| b.docs.cmp(&a.docs).then(a.country.cmp(&b.country)));
    let last = docs.iter().filter_map(|&i| posts[i].time).max();
    Story {
        id: 0,
        first: Member {
            doc: first.id,
            native_id: first.native_id.clone(),
            author: first.author.clone(),
            time: first.time,
        },
        text: first.text.clone(),
        last,
        spread_s: match (first.time, last) {
            (Some(a), Some(b)) => (b - a).num_seconds(),
            _ => 0,
        },
        authors: authors.len(),
        langs,
        engagement: docs.iter().map(|&i| posts[i].engagement.total()).sum(),
        countries,
        min_similarity,
        docs: docs.iter().map(|&i| posts[i].id).collect(),
    }
}

#[cfg(test)]
mod tests;
