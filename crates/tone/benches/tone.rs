//! Document and target tone on real posts per language (fixtures in tests/fixtures/posts.jsonl).

use citra_model::{Lang, Mention, Span, ToneLabel};
use citra_tone::ToneScorer;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

struct Post {
    lang: Lang,
    text: String,
    label: ToneLabel,
}

fn posts() -> Vec<Post> {
    include_str!("../tests/fixtures/posts.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            Some(Post {
                lang: Lang::from_code(v["lang"].as_str()?),
                text: v["text"].as_str()?.to_owned(),
                label: ToneLabel::parse(v["label"].as_str()?)?,
            })
        })
        .collect()
}

fn mention(text: &str, country: &str, surface: &str) -> Mention {
    let start = text.find(surface).unwrap_or(0);
    Mention::name(country, surface, Span::new(start, start + surface.len()))
}

fn bench(c: &mut Criterion) {
    let scorer = ToneScorer::shared(); // warms the LazyLock
    let posts = posts();
    assert_eq!(posts.len(), 7);
    for p in &posts {
        assert_eq!(scorer.score(&p.text, p.lang).label, p.label, "{}", p.text);
    }
    for (name, lang) in [("id", Lang::Ind), ("en", Lang::Eng), ("es", Lang::Spa)] {
        let ps: Vec<&Post> = posts.iter().filter(|p| p.lang == lang).collect();
        let short = ps.iter().min_by_key(|p| p.text.len()).map(|p| p.text.as_str()).unwrap_or("");
        let long = ps.iter().max_by_key(|p| p.text.len()).map(|p| p.text.as_str()).unwrap_or("");
        c.bench_function(&format!("score/{name}/short"), |b| {
            b.iter(|| scorer.score(black_box(short), lang))
        });
        c.bench_function(&format!("score/{name}/long"), |b| {
            b.iter(|| scorer.score(black_box(long), lang))
        });
    }
    // Target tone: the Indonesian head-of-state post condemning the United States.
    let text =
        posts.iter().find(|p| p.text.starts_with("Indonesia mengecam")).map(|p| p.text.as_str());
    let text = text.unwrap_or_default();
    let base = vec![
        mention(text, "IDN", "Indonesia"),
        mention(text, "USA", "Amerika Serikat"),
        mention(text, "ISR", "Israel"),
    ];
    let mut ms = base.clone();
    scorer.score_targets(text, Lang::Ind, &mut ms);
    assert_eq!(ms[1].tone.map(|t| t.label), Some(ToneLabel::Negative));
    assert_eq!(ms[0].tone.map(|t| t.label), Some(ToneLabel::Neutral));
    c.bench_function("targets/id/long-3-mentions", |b| {
        b.iter(|| {
            let mut ms = base.clone();
            scorer.score_targets(black_box(text), Lang::Ind, &mut ms);
            ms
        })
    });
    // Target tone, English, one target read in the whole post: the motivating post.
    let text = "Mexico was just ranked the second deadliest country in the world, after only \
                Syria. Drug trade is largely the cause. We will BUILD THE WALL!";
    let one = vec![mention(text, "MEX", "Mexico")];
    let mut ms = one.clone();
    scorer.score_targets(text, Lang::Eng, &mut ms);
    assert_eq!(ms[0].tone.map(|t| t.label), Some(ToneLabel::Negative));
    c.bench_function("targets/en/1-mention", |b| {
        b.iter(|| {
            let mut ms = one.clone();
            scorer.score_targets(black_box(text), Lang::Eng, &mut ms);
            ms
        })
    });
    let text = "Great trip to Mexico today - wonderful leadership and high quality people! Look \
                forward to our next meeting.";
    let one = vec![mention(text, "MEX", "Mexico")];
    c.bench_function("targets/en/1-mention-model", |b| {
        b.iter(|| {
            let mut ms = one.clone();
            scorer.score_targets(black_box(text), Lang::Eng, &mut ms);
            assert_eq!(ms[0].tone.map(|t| t.label), Some(ToneLabel::Positive));
            ms
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
