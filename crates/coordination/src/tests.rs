use super::*;
use chrono::TimeZone;

/// A post by `author` at `secs` seconds after 2017-01-26 12:00:00 UTC.
fn post(id: i64, author: &str, secs: i64, text: &str) -> Post {
    let base = Utc.with_ymd_and_hms(2017, 1, 26, 12, 0, 0).unwrap();
    Post {
        id,
        platform: "twitter".into(),
        author: Some(author.into()),
        time: Some(base + chrono::Duration::seconds(secs)),
        text: text.into(),
        ..Post::default()
    }
}

fn reshare(id: i64, author: &str, secs: i64, of: &str) -> Post {
    Post { reshare_of: Some(of.into()), ..post(id, author, secs, "RT @orig: something else") }
}

const T1: &str = "Mexico must pay for the wall, believe me";
const T2: &str = "Hillary lied about Benghazi again today";
const T3: &str = "Vote early, vote often, the polls are rigged";

/// The edges as (a, b, weight), in the network's order.
fn edges(net: &Network) -> Vec<(String, String, u32)> {
    net.edges.iter().map(|e| (e.a.clone(), e.b.clone(), e.weight)).collect()
}

fn e(a: &str, b: &str, w: u32) -> (String, String, u32) {
    (a.into(), b.into(), w)
}

#[test]
fn detect010_hand_built_cases() {
    struct Case {
        name: &'static str,
        posts: Vec<Post>,
        window_s: u32,
        min_repeats: u32,
        want: Vec<(String, String, u32)>,
    }
    let cases = vec![
        Case {
            name: "a pair co-posting two texts within the window",
            posts: vec![
                post(1, "a", 0, T1),
                post(2, "b", 5, T1),
                post(3, "a", 100, T2),
                post(4, "b", 108, T2),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![e("a", "b", 2)],
        },
        Case {
            name: "the same pair outside the window",
            posts: vec![
                post(1, "a", 0, T1),
                post(2, "b", 11, T1),
                post(3, "a", 100, T2),
                post(4, "b", 130, T2),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![],
        },
        Case {
            name: "the window is inclusive",
            posts: vec![
                post(1, "a", 0, T1),
                post(2, "b", 10, T1),
                post(3, "a", 100, T2),
                post(4, "b", 90, T2),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![e("a", "b", 2)],
        },
        Case {
            name: "one co-post is below two repeats",
            posts: vec![post(1, "a", 0, T1), post(2, "b", 3, T1)],
            window_s: 10,
            min_repeats: 2,
            want: vec![],
        },
        Case {
            name: "one co-post is enough with one repeat",
            posts: vec![post(1, "a", 0, T1), post(2, "b", 3, T1)],
            window_s: 10,
            min_repeats: 1,
            want: vec![e("a", "b", 1)],
        },
        Case {
            name: "the same text many times counts once per pair",
            posts: vec![
                post(1, "a", 0, T1),
                post(2, "b", 1, T1),
                post(3, "a", 2, T1),
                post(4, "b", 3, T1),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![],
        },
        Case {
            name: "an account repeating itself is no edge",
            posts: vec![post(1, "a", 0, T1), post(2, "a", 1, T1), post(3, "a", 2, T2)],
            window_s: 10,
            min_repeats: 1,
            want: vec![],
        },
        Case {
            name: "near-identical: case, handles, links and RT prefix",
            posts: vec![
                post(1, "a", 0, "MEXICO must pay for the wall, believe me https://t.co/x"),
                post(2, "b", 2, "RT @trump: mexico must  pay for the wall, believe me"),
                post(3, "a", 50, "@x Hillary lied about Benghazi again today"),
                post(4, "b", 55, "Hillary lied about Benghazi again today @y"),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![e("a", "b", 2)],
        },
        Case {
            name: "a different word is a different text",
            posts: vec![
                post(1, "a", 0, T1),
                post(2, "b", 2, "Mexico must pay for the fence, believe me"),
                post(3, "a", 50, T2),
                post(4, "b", 55, T2),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![],
        },
        Case {
            name: "a co-reshare and a co-link make two",
            posts: vec![
                reshare(1, "a", 0, "99"),
                reshare(2, "b", 4, "99"),
                post(3, "a", 200, "read this https://example.com/story"),
                post(4, "b", 201, "look at https://www.example.com/story/"),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![e("a", "b", 2)],
        },
        Case {
            name: "reshares of different posts",
            posts: vec![
                reshare(1, "a", 0, "99"),
                reshare(2, "b", 4, "98"),
                reshare(3, "a", 20, "97"),
                reshare(4, "b", 21, "97"),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![],
        },
        Case {
            name: "a reshare's text is not a co-post (it counts as the reshare only)",
            posts: vec![
                Post { text: T1.into(), ..reshare(1, "a", 0, "99") },
                post(2, "b", 1, T1),
                Post { text: T2.into(), ..reshare(3, "a", 30, "98") },
                post(4, "b", 31, T2),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![],
        },
        Case {
            name: "three accounts, a triangle, one weaker pair left out",
            posts: vec![
                post(1, "a", 0, T1),
                post(2, "b", 1, T1),
                post(3, "c", 2, T1),
                post(4, "a", 100, T2),
                post(5, "b", 101, T2),
                post(6, "c", 150, T2),
                post(7, "a", 300, T3),
                post(8, "c", 301, T3),
            ],
            window_s: 10,
            min_repeats: 2,
            want: vec![e("a", "b", 2), e("a", "c", 2)],
        },
        Case {
            name: "posts without author or time take no part",
            posts: vec![
                Post { author: None, ..post(1, "a", 0, T1) },
                post(2, "b", 0, T1),
                Post { time: None, ..post(3, "c", 0, T1) },
            ],
            window_s: 10,
            min_repeats: 1,
            want: vec![],
        },
    ];
    for c in cases {
        let opts =
            Options { window_s: c.window_s, min_repeats: c.min_repeats, ..Options::default() };
        let net = detect(&c.posts, &opts);
        assert_eq!(edges(&net), c.want, "{}", c.name);
        // Every account of an edge is in its cluster; clusters are the components.
        for edge in &net.edges {
            let cl = &net.clusters[edge.cluster - 1];
            assert!(cl.accounts.iter().any(|a| a.account == edge.a), "{}", c.name);
            assert!(cl.accounts.iter().any(|a| a.account == edge.b), "{}", c.name);
        }
    }
}

#[test]
fn detect020_cluster_evidence() {
    let mut posts = vec![
        post(1, "ten_gop", 0, T1),
        post(2, "pamela_moore13", 4, T1),
        post(3, "ten_gop", 100, T2),
        post(4, "pamela_moore13", 102, T2),
        post(5, "jenn_abrams", 103, T2),
        post(6, "jenn_abrams", 106, T1),
        post(7, "organic", 5000, T1),
        // A second, separate cluster.
        post(8, "x1", 900, T3),
        post(9, "x2", 900, T3),
        post(10, "x1", 950, "Another copied sentence about Russia"),
        post(11, "x2", 951, "another copied sentence about russia"),
    ];
    posts[0].countries = vec!["MEX".into()];
    posts[1].countries = vec!["MEX".into()];
    posts[2].countries = vec!["LBY".into(), "USA".into()];
    posts[3].countries = vec!["USA".into()];
    posts[9].countries = vec!["RUS".into()];
    let net = detect(&posts, &Options { window_s: 10, min_repeats: 1, ..Options::default() });
    assert_eq!(net.time_resolution_s, 1);
    assert_eq!(net.accounts, 6);
    assert_eq!(net.clusters.len(), 2);
    let c = &net.clusters[0];
    assert_eq!(c.id, 1);
    let accts: Vec<&str> = c.accounts.iter().map(|a| a.account.as_str()).collect();
    // ten_gop–pamela (T1 4 s, T2 2 s), jenn–pamela (T2 1 s), jenn–ten_gop (T2 3 s; T1 is 106 s).
    assert_eq!(accts, vec!["pamela_moore13", "ten_gop", "jenn_abrams"]);
    assert_eq!((c.edges, c.weight), (3, 4));
    assert_eq!(c.gaps, Gaps { min_s: 1, median_s: 2.5, max_s: 4 });
    assert_eq!(c.kinds, KindCounts { text: 4, ..KindCounts::default() });
    // T2 was co-posted by three accounts; T1 by two (jenn's copy came too late, the organic
    // account's much later).
    assert_eq!(c.objects.len(), 2);
    assert_eq!(c.objects[0].key, "hillary lied about benghazi again today");
    assert_eq!(c.objects[0].accounts, 3);
    assert_eq!(c.objects[0].span_s, 3);
    let ids: Vec<i64> = c.objects[0].shares.iter().map(|s| s.post_id).collect();
    assert_eq!(ids, vec![3, 4, 5]);
    assert_eq!(c.objects[1].example, T1);
    assert_eq!(c.coordinated_posts, 5);
    let countries: Vec<(&str, u32)> =
        c.countries.iter().map(|x| (x.country.as_str(), x.posts)).collect();
    assert_eq!(countries, vec![("MEX", 2), ("USA", 2), ("LBY", 1)]);
    let second = &net.clusters[1];
    assert_eq!(second.gaps, Gaps { min_s: 0, median_s: 0.5, max_s: 1 });
    assert_eq!(second.countries, vec![CountryCount { country: "RUS".into(), posts: 1 }]);
    let m = net.membership();
    assert_eq!(m.get("jenn_abrams"), Some(&1));
    assert_eq!(m.get("x2"), Some(&2));
    assert_eq!(m.get("organic"), None);
}

#[test]
fn detect030_minute_resolution_and_hashtags() {
    // Whole minutes: a 10 s window only pairs posts stamped the same minute.
    let posts = vec![
        post(1, "a", 60, "#MAGA is trending right now"),
        post(2, "b", 60, "#maga tonight, everyone together"),
        post(3, "a", 120, T1),
        post(4, "b", 180, T1),
    ];
    let net = detect(&posts, &Options { window_s: 10, min_repeats: 1, ..Options::default() });
    assert_eq!(net.time_resolution_s, 60);
    assert_eq!(edges(&net), vec![]);
    let net = detect(&posts, &Options { window_s: 60, min_repeats: 1, ..Options::default() });
    assert_eq!(edges(&net), vec![e("a", "b", 1)]);
    let with_tags =
        Options { window_s: 60, min_repeats: 2, kinds: ObjectKind::ALL.into_iter().collect() };
    let net = detect(&posts, &with_tags);
    assert_eq!(edges(&net), vec![e("a", "b", 2)]);
    assert_eq!(net.edges[0].kinds, KindCounts { text: 1, hashtag: 1, ..KindCounts::default() });
    assert_eq!(detect(&[], &Options::default()).time_resolution_s, 0);
}

#[test]
fn detect040_sliding_window_scales() {
    // 60,000 posts of 2,000 accounts: 30,000 distinct texts, each posted twice, a pair of
    // accounts 5 s apart, plus texts that every account posts hours apart. Pairs stay linear.
    let mut posts = Vec::new();
    let mut id = 0;
    for i in 0..30_000i64 {
        let (a, b) = (i % 1000, 1000 + (i % 1000));
        let text = format!("copied message number {i} about the border");
        id += 1;
        posts.push(post(id, &format!("acct{a}"), i * 100, &text));
        id += 1;
        posts.push(post(id, &format!("acct{b}"), i * 100 + 5, &text));
    }
    let started = std::time::Instant::now();
    let net = detect(&posts, &Options::default());
    assert!(started.elapsed().as_secs() < 20);
    // Each of the 1,000 pairs co-posted 30 texts.
    assert_eq!(net.edges.len(), 1000);
    assert!(net.edges.iter().all(|e| e.weight == 30));
    assert_eq!(net.clusters.len(), 1000);
}
