//! The stories stage on real text: the demo corpus's 261 posts (Trump's tweets naming Mexico,
//! 2015–2019), each posted by eight accounts as a campaign would (its own hashtags and link
//! on every copy, a `BREAKING` prefix on some, the last word cut on others), shuffled among
//! each other. The stories found are asserted before timing.

use citra_model::Post;
use citra_stories::{Options, cluster, story_text, word_count};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const COPIES: usize = 8;

fn texts() -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../../cli/demo/trump-mexico-2015-2019.json")).unwrap();
    v.as_array().unwrap().iter().filter_map(|t| t["text"].as_str().map(str::to_owned)).collect()
}

fn posts(texts: &[String]) -> Vec<Post> {
    let mut posts = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        for k in 0..COPIES {
            let body = if k % 2 == 1 {
                t.rsplit_once(' ').map_or(t.as_str(), |(head, _)| head).to_owned()
            } else {
                t.clone()
            };
            let prefix = if k % 3 == 0 { "BREAKING " } else { "" };
            posts.push(Post {
                id: (k * texts.len() + i) as i64,
                author: Some(format!("account{k}")),
                text: format!("{prefix}{body} #c{k} #t{i} https://t.co/{i}x{k}"),
                ..Post::default()
            });
        }
    }
    // Interleave the copies: every text's copies far apart in the input.
    posts.sort_by_key(|p| p.id);
    posts
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    let posts = posts(&texts);
    let options = Options::default();
    let s = cluster(&posts, &options);
    // Texts long enough to be compared, once their last word is cut.
    let long = texts.iter().filter(|t| word_count(&story_text(t)) > options.min_words).count();
    assert!(long > 200, "{long}");
    assert!(s.stories.len() <= long, "{} stories for {long} texts", s.stories.len());
    // Every copy of a long text is found: the merged documents are at least 7 per long text
    // (the demo repeats a few texts, which merge too).
    assert!(s.merged() >= (COPIES - 1) * long, "{} merged, {long} texts", s.merged());
    for st in &s.stories {
        let words = word_count(&story_text(&st.text));
        assert!(st.docs.len() >= COPIES || words <= 8, "{} copies of {:?}", st.docs.len(), st.text);
    }

    let mut g = c.benchmark_group("stories");
    g.throughput(Throughput::Elements(posts.len() as u64));
    g.bench_function("cluster demo x8", |b| b.iter(|| cluster(black_box(&posts), &options)));
    g.bench_function("story_text", |b| {
        b.iter(|| posts.iter().map(|p| story_text(black_box(&p.text)).len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
