//! The actions stage on real posts (fixtures in tests/fixtures/posts.jsonl): mentions from the
//! gazetteer, then events and themes, asserted before timing.

use citra_actions::ActionCoder;
use citra_mentions::Gazetteer;
use citra_model::{Lang, Mention, OffsetMap, Quad};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

struct Post {
    lang: Lang,
    author: Option<String>,
    text: String,
    mentions: Vec<Mention>,
}

fn posts() -> Vec<Post> {
    let g = Gazetteer::shared();
    include_str!("../tests/fixtures/posts.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let lang = Lang::from_code(v["lang"].as_str()?);
            let text = v["text"].as_str()?.to_owned();
            let map = OffsetMap::identity(text.len());
            let (mentions, _) = g.find(&text, &text, &map, lang);
            let author = v["author"].as_str().map(str::to_owned);
            Some(Post { lang, author, text, mentions })
        })
        .collect()
}

fn author_country(p: &Post) -> Option<&'static str> {
    p.author.as_deref().and_then(|a| Gazetteer::shared().actor_by_handle(a)).map(|a| a.country)
}

fn run(coder: &ActionCoder, p: &Post) -> citra_actions::Coded {
    let map = OffsetMap::identity(p.text.len());
    coder.code(&p.text, &map, p.lang, &p.mentions, author_country(p))
}

fn bench(c: &mut Criterion) {
    let coder = ActionCoder::shared();
    coder.preload();
    let posts = posts();
    assert_eq!(posts.len(), 5);
    // What the stage must find in them.
    let find = |start: &str| posts.iter().find(|p| p.text.starts_with(start)).unwrap();
    let tariff = run(coder, find("On June 10th"));
    assert!(
        tariff.events.iter().any(|e| e.source == "USA"
            && e.target == "MEX"
            && e.quad == Quad::VerbalConflict
            && e.code.starts_with("13")),
        "a stated tariff on Mexico is a threat: {:?}",
        tariff.events
    );
    let jokowi = run(coder, find("Indonesia mengecam"));
    assert!(
        jokowi.events.iter().any(|e| e.source == "IDN" && e.target == "USA" && e.code == "111"),
        "{:?}",
        jokowi.events
    );
    let amlo = run(coder, find("RT @lopezobrador_"));
    assert!(amlo.events.iter().any(|e| e.quad == Quad::VerbalCoop), "{:?}", amlo.events);
    let article = posts.iter().max_by_key(|p| p.text.len()).unwrap();
    let coded = run(coder, article);
    assert!(coded.themes.iter().flatten().any(|t| t == "border"), "{:?}", coded.themes);

    let short = posts.iter().filter(|p| p.lang == Lang::Eng).min_by_key(|p| p.text.len()).unwrap();
    c.bench_function("actions/en/short_post", |b| b.iter(|| run(coder, black_box(short))));
    c.bench_function("actions/id/post", |b| {
        b.iter(|| run(coder, black_box(find("Indonesia mengecam"))))
    });
    c.bench_function("actions/id/article_2.6kB", |b| b.iter(|| run(coder, black_box(article))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
