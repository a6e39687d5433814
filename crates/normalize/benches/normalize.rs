//! Benchmarks of `normalize` on real short and long texts.

use citra_normalize::normalize;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const TWEET: &str = include_str!("../tests/fixtures/ok/en-trump-cartels.txt");
const TWEET_ID: &str = include_str!("../tests/fixtures/ok/id-jokowi-jerusalem.txt");
const TWEET_TAG: &str = include_str!("../tests/fixtures/ok/en-trump-hashtag.txt");
const TWEET_AMP: &str = include_str!("../tests/fixtures/noisy/en-trump-amp.txt");
const ARTICLE: &str = include_str!("../tests/fixtures/noisy/id-kompasiana-seed.txt");

fn bench(c: &mut Criterion) {
    // Warm the lazily built tables, and check the outputs.
    let short = &TWEET[..TWEET.char_indices().nth(140).map_or(TWEET.len(), |(i, _)| i)];
    assert_eq!(normalize(short).text, short);
    assert!(normalize(TWEET).diagnostics.is_empty());
    assert!(normalize(TWEET_ID).diagnostics.is_empty());
    assert!(normalize(TWEET_TAG).text.contains("kag 2020"));
    assert!(normalize(TWEET_AMP).text.contains("costs & getting"));
    assert!(!normalize(ARTICLE).text.contains("Kompasiana"));

    let mut g = c.benchmark_group("normalize");
    g.bench_function("clean_tweet_140", |b| b.iter(|| normalize(black_box(short))));
    g.bench_function("clean_tweet_en", |b| b.iter(|| normalize(black_box(TWEET))));
    g.bench_function("clean_tweet_id", |b| b.iter(|| normalize(black_box(TWEET_ID))));
    g.bench_function("tweet_hashtag", |b| b.iter(|| normalize(black_box(TWEET_TAG))));
    g.bench_function("tweet_amp", |b| b.iter(|| normalize(black_box(TWEET_AMP))));
    g.bench_function("article_noisy_2kb", |b| b.iter(|| normalize(black_box(ARTICLE))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
