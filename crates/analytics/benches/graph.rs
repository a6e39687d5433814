//! Cascades, the actor leaderboard and the relation graph on a short input (the hand-computed
//! cascade of the unit tests) and a long one (100,000 posts by 2,000 authors: reply and reshare
//! trees, a third of the posts sharing texts for inference, 150,000 mentions).
//!
//! Run: `cargo bench -p citra-analytics --bench graph -- --warm-up-time 1 --measurement-time 3`.

use chrono::{Duration, TimeZone, Utc};
use citra_analytics::{
    ActorSort, CascadeOptions, MentionRow, Post, RegistryActor, RelationOptions, actor_leaderboard,
    build_cascades, relations, to_gexf,
};
use citra_model::{Engagement, Lang, ToneLabel};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const COUNTRIES: [&str; 6] = ["USA", "MEX", "IDN", "CHN", "RUS", "DEU"];

/// `n` posts: every fifth post is an original; the others reply to, reshare or copy (same text,
/// no id) a recent earlier post, with deterministic noise.
fn corpus(n: usize) -> (Vec<Post>, Vec<MentionRow>) {
    let t0 = Utc.with_ymd_and_hms(2017, 1, 26, 0, 0, 0).unwrap();
    let mut state: u64 = 7;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        state >> 33
    };
    let mut posts: Vec<Post> = Vec::with_capacity(n);
    let mut mentions = Vec::new();
    for i in 0..n {
        let r = next();
        let time = t0 + Duration::seconds(i as i64 * 60);
        let author = format!("actor{}", r % 2000);
        let mut p = Post {
            id: i as i64,
            platform: "twitter".into(),
            native_id: Some(i.to_string()),
            author: Some(author.clone()),
            time: Some(time),
            lang: if r % 3 == 0 { Lang::Spa } else { Lang::Eng },
            text: format!(
                "Post number {i} about the border, trade and the people of both countries"
            ),
            engagement: Engagement { likes: Some(r % 5000), ..Engagement::default() },
            ..Post::default()
        };
        if i % 5 != 0 && i > 0 {
            let parent = i - 1 - (next() as usize % i.min(200));
            match next() % 3 {
                0 => p.reply_to = Some(parent.to_string()),
                1 => p.reshare_of = Some(parent.to_string()),
                _ => {
                    p.native_id = None;
                    p.text = posts[parent].text.clone();
                }
            }
        }
        let c = COUNTRIES[(r % 6) as usize];
        p.countries = vec![c.to_owned()];
        for k in 0..1 + (i % 2) {
            let score = ((next() % 200) as f32 / 100.0) - 1.0;
            mentions.push(MentionRow {
                doc_id: i as i64,
                author: Some(author.clone()),
                time,
                country: COUNTRIES[(r as usize + k) % 6].into(),
                actor: None,
                score: Some(score),
                label: if score > 0.1 {
                    ToneLabel::Positive
                } else if score < -0.1 {
                    ToneLabel::Negative
                } else {
                    ToneLabel::Neutral
                },
                engagement: r % 5000,
            });
        }
        posts.push(p);
    }
    (posts, mentions)
}

fn registry(handle: &str) -> Option<RegistryActor> {
    let n: usize = handle.strip_prefix("actor")?.parse().ok()?;
    (n < 60).then(|| RegistryActor {
        id: handle.to_owned(),
        name: handle.to_owned(),
        country: COUNTRIES[n % 6].to_owned(),
    })
}

/// The unit tests' tree: r ← a ← b ← c (reply, quote, reply) and r ← d, r ← e (reshares).
fn hand_tree() -> Vec<Post> {
    let post = |id: i64, secs: i64| Post {
        id,
        platform: "twitter".into(),
        native_id: Some(id.to_string()),
        author: Some(format!("a{id}")),
        time: Some(Utc.with_ymd_and_hms(2017, 1, 26, 12, 0, 0).unwrap() + Duration::seconds(secs)),
        ..Post::default()
    };
    vec![
        post(1, 0),
        Post { reply_to: Some("1".into()), ..post(2, 120) },
        Post { quote_of: Some("2".into()), ..post(3, 600) },
        Post { reply_to: Some("3".into()), ..post(4, 3600) },
        Post { reshare_of: Some("1".into()), ..post(5, 60) },
        Post { reshare_of: Some("1".into()), ..post(6, 7200) },
    ]
}

fn bench(c: &mut Criterion) {
    let short = hand_tree();
    let (posts, mentions) = corpus(100_000);

    let set = build_cascades(&short, CascadeOptions::default());
    assert!((set.cascades[0].stats.structural_virality - 64.0 / 30.0).abs() < 1e-12);
    c.bench_function("cascades/short (6 posts)", |b| {
        b.iter(|| {
            let set = build_cascades(black_box(&short), CascadeOptions::default());
            assert_eq!(set.cascades[0].stats.size, 6);
            set
        })
    });

    let opts = CascadeOptions { infer: true, min_size: 2 };
    let set = build_cascades(&posts, opts);
    assert!(set.links.inferred_copy > 10_000 && set.links.reply > 10_000, "{:?}", set.links);
    assert_eq!(set.cycles_broken, 0);
    c.bench_function("cascades/long (100k posts, inference on)", |b| {
        b.iter(|| {
            let set = build_cascades(black_box(&posts), opts);
            assert_eq!(set.posts, 100_000);
            set
        })
    });

    c.bench_function("actors/long (100k posts, 150k mentions)", |b| {
        b.iter(|| {
            let rows =
                actor_leaderboard(black_box(&posts), &mentions, registry, ActorSort::Engagement);
            assert_eq!(rows.len(), 2000);
            rows
        })
    });

    c.bench_function("relations/long (150k mentions) + GEXF", |b| {
        b.iter(|| {
            let g = relations(
                black_box(&mentions),
                |a| registry(a).map(|r| r.country),
                "country",
                str::to_owned,
                RelationOptions::default(),
            );
            assert!(!g.edges.is_empty() && g.unattributed_docs > 90_000);
            to_gexf(&g, "bench")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
