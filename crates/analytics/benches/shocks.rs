//! Shocks, attribution and campaign tables on a short series (the size of Trump's posts about
//! Mexico, ~300 posts over five years) and a long one (100,000 posts a year, daily).
//!
//! Run: `cargo bench -p citra-analytics --bench shocks -- --warm-up-time 1 --measurement-time 3`.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use citra_analytics::{Period, ShockOptions, TopicMatcher, attribute, campaign, detect_shocks};
use citra_model::{Lang, Observation, ToneLabel};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// `n` posts spread evenly over `days` days from 2015-01-01, tone −0.2 before day `change`
/// and +0.2 after it, with deterministic noise.
fn series(n: usize, days: i64, change: i64) -> Vec<Observation> {
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let mut state: u64 = 42;
    (0..n)
        .map(|i| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let noise = ((state >> 11) as f64 / (1u64 << 53) as f64) * 1.2 - 0.6;
            let day = i as i64 * days / n as i64;
            let level = if day < change { -0.2 } else { 0.2 };
            let t = (start + Duration::days(day)).and_hms_opt(12, 0, 0).unwrap();
            Observation {
                doc_id: i as i64,
                mention_id: i as i64,
                time: Utc.from_utc_datetime(&t),
                country: "MEX".into(),
                score: (level + noise).clamp(-1.0, 1.0) as f32,
                label: ToneLabel::Neutral,
                confidence: 1.0,
                engagement: (state >> 40) % 100_000,
                lang: Lang::Eng,
                author: Some(format!("actor{}", i % 50)),
                kind: citra_model::MentionKind::Name,
                actor: None,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let short = series(300, 5 * 365, 4 * 365);
    let long = series(500_000, 5 * 365, 4 * 365);
    let change = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + Duration::days(4 * 365);
    let week = ShockOptions::default();
    let day = ShockOptions { period: Period::Day, ..ShockOptions::default() };
    // The planted change is found: on the short series (a post every six days, pooled into bins
    // of five) within a bin of about five weeks; on the long one on the day.
    let r = detect_shocks(&short, &week);
    assert!(r.shocks.iter().any(|s| (s.date - change).num_days().abs() <= 35), "{:?}", r.shocks);
    let r = detect_shocks(&long, &day);
    assert_eq!(r.shocks.len(), 1, "{:?}", r.shocks);
    assert_eq!(r.shocks[0].date, change);

    c.bench_function("shocks week 300 posts", |b| {
        b.iter(|| detect_shocks(black_box(&short), &week))
    });
    c.bench_function("shocks day 500k posts", |b| b.iter(|| detect_shocks(black_box(&long), &day)));
    let (base, win) = long.split_at(long.len() / 2);
    let a = attribute(win, base);
    let sum: f64 = a.posts.iter().map(|p| p.contribution).sum();
    assert!((sum - a.change.unwrap()).abs() < 1e-9);
    c.bench_function("attribute 250k vs 250k posts", |b| {
        b.iter(|| attribute(black_box(win), black_box(base)))
    });
    let m = TopicMatcher::new("coco,#coco,día de muertos");
    let text = "Feliz #DíaDeMuertos: la película Coco muestra a México con cariño y color.";
    assert!(m.matches(text));
    c.bench_function("topic match one post", |b| b.iter(|| m.matches(black_box(text))));
    let at = Utc.from_utc_datetime(&change.and_hms_opt(0, 0, 0).unwrap());
    let r = campaign(&long, |o| o.doc_id % 7 == 0, Some(at));
    assert_eq!(r.cells.iter().map(|c| c.docs).sum::<u64>(), long.len() as u64);
    c.bench_function("campaign 500k posts", |b| {
        b.iter(|| campaign(black_box(&long), |o| o.doc_id % 7 == 0, Some(at)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
