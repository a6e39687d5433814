use super::*;
use chrono::TimeZone;
use citra_model::{Engagement, Lang};
use proptest::prelude::*;

/// A table row: case, parents, size, depth, breadth, ν.
type ShapeRow = (&'static str, Vec<Option<usize>>, usize, usize, usize, f64);
/// A table row: case, posts, missing parents, cycles broken, cascade sizes.
type LinkRow = (&'static str, Vec<Post>, usize, usize, Vec<usize>);

fn at(secs: i64) -> Option<DateTime<Utc>> {
    Some(Utc.with_ymd_and_hms(2017, 1, 26, 12, 0, 0).unwrap() + chrono::Duration::seconds(secs))
}

fn post(id: i64, author: &str, secs: i64) -> Post {
    Post {
        id,
        platform: "twitter".into(),
        native_id: Some(format!("n{id}")),
        author: Some(author.into()),
        time: at(secs),
        lang: Lang::Eng,
        ..Post::default()
    }
}

fn reshare(mut p: Post, of: i64) -> Post {
    p.reshare_of = Some(format!("n{of}"));
    p
}

fn reply(mut p: Post, to: i64) -> Post {
    p.reply_to = Some(format!("n{to}"));
    p
}

fn quote(mut p: Post, of: i64) -> Post {
    p.quote_of = Some(format!("n{of}"));
    p
}

/// The brief's hand-computed tree: a root r with a chain r ← a ← b ← c and a star r ← d, r ← e.
///
/// n = 6. Edges and their subtree sizes s: a: 3 (a, b, c), b: 2, c: 1, d: 1, e: 1.
/// Σ s(n − s) = 3·3 + 2·4 + 1·5 + 1·5 + 1·5 = 32, ν = 2·32 / (6·5) = 64/30 ≈ 2.1333.
/// Check by pairs: r–a 1, r–b 2, r–c 3, r–d 1, r–e 1, a–b 1, a–c 2, a–d 2, a–e 2, b–c 1, b–d 3,
/// b–e 3, c–d 4, c–e 4, d–e 2: sum 32 over 15 pairs = 2.1333. Depth 3; breadth 3 (a, d, e).
const CHAIN_STAR: [Option<usize>; 6] = [None, Some(0), Some(1), Some(2), Some(0), Some(0)];

#[test]
fn virality010() {
    // (case, parents, size, depth, breadth, ν)
    let rows: Vec<ShapeRow> = vec![
        ("lone", vec![None], 1, 0, 1, 0.0),
        ("pair", vec![None, Some(0)], 2, 1, 1, 1.0),
        // root–leaf 4 pairs at 1, leaf–leaf 6 pairs at 2: 16/10.
        ("star5", vec![None, Some(0), Some(0), Some(0), Some(0)], 5, 1, 4, 1.6),
        // distances 1 2 3 1 2 1: 10/6.
        ("chain4", vec![None, Some(0), Some(1), Some(2)], 4, 3, 1, 10.0 / 6.0),
        ("chain_star", CHAIN_STAR.to_vec(), 6, 3, 3, 64.0 / 30.0),
        // The root need not be node 0: 2 ← 0, 2 ← 1.
        ("root_last", vec![Some(2), Some(2), None], 3, 1, 2, 4.0 / 3.0),
    ];
    for (case, parents, size, depth, breadth, nu) in rows {
        let s = tree_stats(&parents).unwrap_or_else(|| panic!("{case}: not a tree"));
        assert_eq!((s.size, s.depth, s.max_breadth), (size, depth, breadth), "{case}");
        assert!((s.structural_virality - nu).abs() < 1e-12, "{case}: {}", s.structural_virality);
    }
}

#[test]
fn virality020_not_a_tree() {
    let rows: Vec<(&str, Vec<Option<usize>>)> = vec![
        ("empty", vec![]),
        ("two roots", vec![None, None]),
        ("cycle", vec![None, Some(2), Some(1)]),
        ("out of range", vec![None, Some(7)]),
        ("self", vec![None, Some(1)]),
    ];
    for (case, parents) in rows {
        assert_eq!(tree_stats(&parents), None, "{case}");
    }
}

#[test]
fn time010() {
    let rows: Vec<(&str, Vec<i64>, f64, Option<i64>)> = vec![
        ("empty", vec![], 0.5, None),
        ("lone", vec![0], 0.9, Some(0)),
        // ⌈0.5·6⌉ = 3rd offset; ⌈0.9·6⌉ = 6th.
        ("six50", vec![0, 60, 120, 600, 3600, 7200], 0.5, Some(120)),
        ("six90", vec![0, 60, 120, 600, 3600, 7200], 0.9, Some(7200)),
        // ⌈0.9·10⌉ = 9th.
        ("ten90", (0..10).map(|i| i * 10).collect(), 0.9, Some(80)),
        ("nan", vec![0, 1], f64::NAN, None),
    ];
    for (case, offsets, q, want) in rows {
        assert_eq!(time_to_share(&offsets, q), want, "{case}");
    }
}

/// The chain-and-star tree through platform links: a reply chain and two reshares.
fn chain_star_posts() -> Vec<Post> {
    let mut root = post(1, "realDonaldTrump", 0);
    root.countries = vec!["MEX".into()];
    let mut d = reshare(post(5, "d", 60), 1);
    d.lang = Lang::Spa;
    d.countries = vec!["MEX".into(), "USA".into()];
    vec![
        root,
        reply(post(2, "a", 120), 1),
        quote(post(3, "b", 600), 2),
        reply(post(4, "c", 3600), 3),
        d,
        reshare(post(6, "e", 7200), 1),
        post(7, "lone", 30),
    ]
}

#[test]
fn build010_chain_star() {
    let set = build_cascades(&chain_star_posts(), CascadeOptions::default());
    assert_eq!(set.posts, 7);
    assert_eq!(set.trees, 2);
    assert_eq!(set.cascades.len(), 1, "the lone post is below the minimum size");
    let c = &set.cascades[0];
    assert_eq!(c.root, 1);
    assert_eq!(c.author.as_deref(), Some("realDonaldTrump"));
    assert_eq!((c.stats.size, c.stats.depth, c.stats.max_breadth), (6, 3, 3));
    assert!((c.stats.structural_virality - 64.0 / 30.0).abs() < 1e-12);
    assert_eq!((c.time_to_50_s, c.time_to_90_s), (Some(120), Some(7200)));
    assert_eq!(
        c.links,
        LinkCounts { reshare: 2, quote: 1, reply: 2, inferred_retweet: 0, inferred_copy: 0 }
    );
    assert_eq!(c.languages, vec![("en".to_owned(), 5), ("es".to_owned(), 1)]);
    assert_eq!(c.countries_mentioned, vec![("MEX".to_owned(), 2), ("USA".to_owned(), 1)]);
    assert_eq!(c.root_countries, vec!["MEX".to_owned()]);
    // Breadth-first, children by time: r; d (60 s), a (120 s), e; b; c.
    assert_eq!(c.members, vec![1, 5, 2, 6, 3, 4]);
    assert!(!c.parent_missing);

    let all = build_cascades(&chain_star_posts(), CascadeOptions { infer: false, min_size: 1 });
    assert_eq!(all.cascades.len(), 2);
    assert_eq!(all.cascades[1].stats.structural_virality, 0.0);
}

#[test]
fn build020_odd_links() {
    let rows: Vec<LinkRow> = vec![
        // A reply to a post not in the data: its own root, flagged.
        ("orphan", vec![reply(post(1, "a", 0), 99), reply(post(2, "b", 5), 1)], 1, 0, vec![2]),
        // A two-post cycle: one link dropped.
        ("cycle2", vec![reply(post(1, "a", 0), 2), reply(post(2, "b", 5), 1)], 0, 1, vec![2]),
        // A three-post cycle with a tail: 4 → 3 → 2 → 1 → 3.
        (
            "cycle3",
            vec![
                reply(post(1, "a", 0), 3),
                reply(post(2, "b", 1), 1),
                reply(post(3, "c", 2), 2),
                reply(post(4, "d", 3), 3),
            ],
            0,
            1,
            vec![4],
        ),
        // A post that replies to itself is a lone post.
        ("self", vec![reply(post(1, "a", 0), 1)], 0, 0, vec![]),
        // A link to an id that only another platform uses resolves.
        (
            "platform",
            vec![post(1, "a", 0), {
                let mut p = reshare(post(2, "b", 1), 1);
                p.platform = "file".into();
                p
            }],
            0,
            0,
            vec![2],
        ),
        // An id used by two other platforms is ambiguous: not resolved.
        (
            "ambiguous",
            vec![post(1, "a", 0), Post { platform: "web".into(), ..post(1, "x", 0) }, {
                let mut p = reshare(post(2, "b", 1), 1);
                p.platform = "file".into();
                p
            }],
            1,
            0,
            vec![],
        ),
        // No times at all: statistics still computed, times None.
        (
            "undated",
            vec![
                Post { time: None, ..post(1, "a", 0) },
                Post { time: None, ..reshare(post(2, "b", 0), 1) },
            ],
            0,
            0,
            vec![2],
        ),
    ];
    for (case, posts, missing, cycles, sizes) in rows {
        let set = build_cascades(&posts, CascadeOptions::default());
        assert_eq!(set.missing_parents, missing, "{case}");
        assert_eq!(set.cycles_broken, cycles, "{case}");
        let got: Vec<usize> = set.cascades.iter().map(|c| c.stats.size).collect();
        assert_eq!(got, sizes, "{case}");
    }
    let set = build_cascades(
        &[reply(post(1, "a", 0), 99), reply(post(2, "b", 5), 1)],
        CascadeOptions::default(),
    );
    assert!(set.cascades[0].parent_missing);
    let set = build_cascades(
        &[
            Post { time: None, ..post(1, "a", 0) },
            Post { time: None, ..reshare(post(2, "b", 0), 1) },
        ],
        CascadeOptions::default(),
    );
    assert_eq!(set.cascades[0].time_to_50_s, None);
}

fn text(mut p: Post, t: &str) -> Post {
    p.native_id = None;
    p.text = t.into();
    p
}

#[test]
fn infer010() {
    let long = "Mexico will pay for the wall, 100%. They don't know it yet, but they will";
    // (case, posts, cascade sizes with inference)
    let rows: Vec<(&str, Vec<Post>, Vec<usize>)> = vec![
        (
            "rt form",
            vec![
                text(post(1, "realDonaldTrump", 0), long),
                text(post(2, "ten_gop", 60), &format!("RT @realDonaldTrump: {long}")),
                text(post(3, "pamela", 90), &format!("RT @RealDonaldTrump:  {long}")),
            ],
            vec![3],
        ),
        (
            "rt cut",
            vec![
                text(post(1, "realDonaldTrump", 0), long),
                text(
                    post(2, "ten_gop", 60),
                    "RT @realDonaldTrump: Mexico will pay for the wall, 100%. They…",
                ),
            ],
            vec![2],
        ),
        (
            "rt cut too short",
            vec![
                text(post(1, "realDonaldTrump", 0), long),
                text(post(2, "ten_gop", 60), "RT @realDonaldTrump: Mexico…"),
            ],
            vec![],
        ),
        (
            "rt before original",
            vec![
                text(post(1, "realDonaldTrump", 60), long),
                text(post(2, "ten_gop", 0), &format!("RT @realDonaldTrump: {long}")),
            ],
            vec![],
        ),
        (
            "identical text, flat tree",
            vec![
                text(post(1, "a", 0), long),
                text(post(2, "b", 10), long),
                text(post(3, "c", 20), &format!("  {long} ")),
                // The same author again is a repost, not diffusion.
                text(post(4, "a", 30), long),
            ],
            vec![3],
        ),
        (
            "short identical text",
            vec![text(post(1, "a", 0), "Thank you!"), text(post(2, "b", 10), "Thank you!")],
            vec![],
        ),
        (
            "identical rt forms are not each other's parents",
            vec![
                text(post(1, "a", 0), &format!("RT @zz: {long}")),
                text(post(2, "b", 10), &format!("RT @zz: {long}")),
            ],
            vec![],
        ),
    ];
    for (case, posts, sizes) in rows {
        let on = build_cascades(&posts, CascadeOptions { infer: true, min_size: 2 });
        let got: Vec<usize> = on.cascades.iter().map(|c| c.stats.size).collect();
        assert_eq!(got, sizes, "{case}");
        assert_eq!(on.links.inferred(), sizes.iter().map(|s| s - 1).sum::<usize>(), "{case}");
        for c in &on.cascades {
            assert_eq!(c.stats.depth, 1, "{case}: inferred trees are flat");
        }
        let off = build_cascades(&posts, CascadeOptions::default());
        assert!(off.cascades.is_empty(), "{case}: no inference unless asked");
    }
}

#[test]
fn infer020_platform_links_win() {
    let long = "Mexico will pay for the wall, 100%. They don't know it yet, but they will";
    let posts = vec![
        text(post(1, "a", 0), long),
        Post { native_id: Some("n2".into()), ..text(post(2, "b", 10), long) },
        reply(text(post(3, "c", 20), long), 2),
    ];
    let set = build_cascades(&posts, CascadeOptions { infer: true, min_size: 2 });
    // 2 ← 1 inferred, 3 → 2 a reply (its platform link wins over its text).
    assert_eq!(
        set.links,
        LinkCounts { reshare: 0, quote: 0, reply: 1, inferred_retweet: 0, inferred_copy: 1 }
    );
    assert_eq!(set.cascades[0].stats.depth, 2);
}

#[test]
fn counts010() {
    let with = |mut p: Post, rs: u64, likes: u64, t: &str| {
        p.engagement =
            Engagement { reshares: Some(rs), likes: Some(likes), ..Engagement::default() };
        p.text = t.into();
        p
    };
    let posts = vec![
        with(post(1, "realDonaldTrump", 0), 100, 500, "Mexico"),
        with(
            post(2, "realDonaldTrump", 10),
            900,
            10,
            "RT @someone: a retweet carries the original's counts",
        ),
        with(post(3, "realDonaldTrump", 20), 100, 900, "Wall"),
        with(post(4, "realDonaldTrump", 30), 5, 5, "x"),
        post(5, "nobody", 40),
    ];
    let top = reach_from_counts(&posts, 2);
    let ids: Vec<i64> = top.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![3, 1]);
    assert_eq!(top[0].engagement, 1000);
    assert_eq!(reach_from_counts(&posts, 10).len(), 3);
}

/// All-pairs distances by breadth-first search from every node, O(n²).
fn brute_virality(parents: &[Option<usize>]) -> f64 {
    let n = parents.len();
    let mut adj = vec![Vec::new(); n];
    for (i, p) in parents.iter().enumerate() {
        if let Some(p) = *p {
            adj[i].push(p);
            adj[p].push(i);
        }
    }
    let mut total = 0usize;
    for s in 0..n {
        let mut dist = vec![usize::MAX; n];
        dist[s] = 0;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            for &w in &adj[v] {
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
            }
        }
        total += dist.iter().sum::<usize>();
    }
    if n < 2 { 0.0 } else { total as f64 / (n * (n - 1)) as f64 }
}

proptest! {
    #[test]
    fn virality_matches_all_pairs(picks in proptest::collection::vec(0usize..1000, 0..60)) {
        // Node i + 1 hangs under a node before it.
        let mut parents = vec![None];
        for (i, pick) in picks.iter().enumerate() {
            parents.push(Some(pick % (i + 1)));
        }
        let s = tree_stats(&parents).unwrap();
        prop_assert_eq!(s.size, parents.len());
        prop_assert!((s.structural_virality - brute_virality(&parents)).abs() < 1e-9);
    }

    #[test]
    fn arbitrary_links_never_panic(
        links in proptest::collection::vec((0u8..4, 0i64..12, proptest::option::of(0i64..40_000)), 0..40),
        texts in proptest::collection::vec("\\PC{0,50}", 0..40),
    ) {
        let posts: Vec<Post> = links
            .iter()
            .enumerate()
            .map(|(i, &(kind, to, secs))| {
                let mut p = post(i as i64, ["a", "b", "c"][i % 3], 0);
                p.time = secs.and_then(at);
                p.text = texts.get(i).cloned().unwrap_or_default();
                let to = format!("n{to}");
                match kind {
                    0 => p.reshare_of = Some(to),
                    1 => p.quote_of = Some(to),
                    2 => p.reply_to = Some(to),
                    _ => {}
                }
                p
            })
            .collect();
        let set = build_cascades(&posts, CascadeOptions { infer: true, min_size: 1 });
        let covered: usize = set.cascades.iter().map(|c| c.stats.size).sum();
        prop_assert_eq!(covered, posts.len());
        prop_assert_eq!(set.trees, set.cascades.len());
        for c in &set.cascades {
            prop_assert!(c.stats.structural_virality >= 0.0);
            prop_assert!(c.stats.depth < c.stats.size.max(1));
        }
    }
}
