//! Throughput of the mention finder on real posts and a real article.

use chrono::NaiveDate;
use citra_mentions::Gazetteer;
use citra_model::{Lang, OffsetMap};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const TRUMP: &str = include_str!("../tests/fixtures/trump_2018_50.txt");
const JOKOWI: &str = include_str!("../tests/fixtures/jokowi_2018_50.txt");
const ARTICLE: &str = include_str!("../tests/fixtures/seed-article-id.txt");
const IRA: &str = include_str!("../tests/fixtures/ira_multiscript_50.txt");

fn count(g: &Gazetteer, posts: &[&str], lang: Lang) -> usize {
    posts.iter().map(|p| g.find(p, p, &OffsetMap::identity(p.len()), lang).0.len()).sum()
}

/// Mentions found on a date, and the actor roles read for them.
fn roles(g: &Gazetteer, posts: &[&str], lang: Lang, day: Option<NaiveDate>) -> usize {
    posts
        .iter()
        .map(|p| {
            let (ms, _) = g.find_at(p, p, &OffsetMap::identity(p.len()), lang, day);
            ms.len() + ms.iter().filter_map(|m| g.actor_role(m, p, day)).count()
        })
        .sum()
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

    let day = NaiveDate::from_ymd_opt(2018, 6, 1);
    let t = "Presiden RI bertemu mantan Presiden AS Obama.";
    let (tm, _) = g.find_at(t, t, &OffsetMap::identity(t.len()), Lang::Ind, day);
    let got: Vec<_> = tm.iter().filter_map(|m| g.actor_role(m, t, day)).collect();
    assert_eq!(got.first().and_then(|r| r.actor.as_deref()), Some("idn-jokowi"));
    assert!(got.iter().any(|r| r.former && r.actor.as_deref() == Some("usa-obama")));
    assert!(roles(g, &trump, Lang::Eng, day) > count(g, &trump, Lang::Eng));

    let ira: Vec<&str> = IRA.lines().collect();
    let (im, _) = g.find(ira[0], ira[0], &OffsetMap::identity(ira[0].len()), Lang::Rus);
    assert!(im.iter().any(|m| m.country == "RUS" && m.surface == "Россией"));
    assert!(count(g, &ira, Lang::Und) >= 20);

    let mut grp = c.benchmark_group("mentions");
    grp.throughput(Throughput::Elements(trump.len() as u64));
    grp.bench_function("trump_posts_en", |b| b.iter(|| count(g, black_box(&trump), Lang::Eng)));
    grp.bench_function("trump_posts_en_dated_roles", |b| {
        b.iter(|| roles(g, black_box(&trump), Lang::Eng, day))
    });
    grp.throughput(Throughput::Elements(jokowi.len() as u64));
    grp.bench_function("jokowi_posts_id", |b| b.iter(|| count(g, black_box(&jokowi), Lang::Ind)));
    grp.throughput(Throughput::Elements(ira.len() as u64));
    grp.bench_function("ira_posts_ru_uk_ar", |b| b.iter(|| count(g, black_box(&ira), Lang::Und)));
    grp.throughput(Throughput::Bytes(ARTICLE.len() as u64));
    grp.bench_function("article_id", |b| b.iter(|| count(g, black_box(&[ARTICLE]), Lang::Ind)));
    grp.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
