//! Throughput of the mention finder on real posts and a real article.

use citra_mentions::Gazetteer;
use citra_model::{Lang, OffsetMap};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const TRUMP: &str = include_str!("../tests/fixtures/trump_2018_50.txt");
const JOKOWI: &str = include_str!("../tests/fixtures/jokowi_2018_50.txt");
const ARTICLE: &str = include_str!("../tests/fixtures/seed-article-id.txt");

fn count(g: &Gazetteer, posts: &[&str], lang: Lang) -> usize {
    posts.iter().map(|p| g.find(p, p, &OffsetMap::identity(p.len()), lang).0.len()).sum()
}

fn bench(c: &mut Criterion) {
    let g = Gazetteer::shared(); // warm the LazyLock
    let trump: Vec<&str> = TRUMP.lines().collect();
    let jokowi: Vec<&str> = JOKOWI.lines().collect();
    // The outputs are checked, so the bench measures working code.
    let (tm, _) = g.find(trump[0], trump[0], &OffsetMap::identity(trump[0].len()), Lang::Eng);
    assert!(tm.iter().any(|m| m.country == "MEX"));
    assert!(tm.iter().any(|m| m.country == "USA"));
    let (jm, _) = g.find(jokowi[0], jokowi[0], &OffsetMap::identity(jokowi[0].len()), Lang::Ind);
    assert!(jm.iter().any(|m| m.country == "USA" && m.surface == "Amerika Serikat"));
    assert!(count(g, &trump, Lang::Eng) >= 30);
    let (am, _) = g.find(ARTICLE, ARTICLE, &OffsetMap::identity(ARTICLE.len()), Lang::Ind);
    assert!(am.iter().any(|m| m.country == "MEX"));

    let mut grp = c.benchmark_group("mentions");
    grp.throughput(Throughput::Elements(trump.len() as u64));
    grp.bench_function("trump_posts_en", |b| b.iter(|| count(g, black_box(&trump), Lang::Eng)));
    grp.throughput(Throughput::Elements(jokowi.len() as u64));
    grp.bench_function("jokowi_posts_id", |b| b.iter(|| count(g, black_box(&jokowi), Lang::Ind)));
    grp.throughput(Throughput::Bytes(ARTICLE.len() as u64));
    grp.bench_function("article_id", |b| b.iter(|| count(g, black_box(&[ARTICLE]), Lang::Ind)));
    grp.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
