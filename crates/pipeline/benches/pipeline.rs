//! End-to-end throughput of the per-document pipeline on real posts.
//!
//! Data: the demo corpus shipped in `crates/cli/demo` (260 head-of-state posts about Mexico, in
//! English) and the Indonesian and Spanish golden inputs. The bench asserts what the pipeline
//! finds before it measures, so a broken stage cannot look fast.

use citra_pipeline::Pipeline;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn posts() -> Vec<String> {
    let json = include_str!("../../cli/demo/trump-mexico-2015-2019.json");
    let v: serde_json::Value = serde_json::from_str(json).expect("demo corpus is JSON");
    let mut out: Vec<String> = v
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|t| t["text"].as_str().map(str::to_owned))
        .collect();
    for golden in [
        include_str!("../../../tests/golden/inputs/ok/id-twitter-jokowi-jerusalem.txt"),
        include_str!("../../../tests/golden/inputs/ok/es-twitter-ira-mexico-eeuu.txt"),
        include_str!("../../../tests/golden/inputs/ok/es-twitter-ira-ucrania-eeuu.txt"),
    ] {
        out.push(golden.split_once("\n---\n").expect("header").1.to_owned());
    }
    out
}

fn bench(c: &mut Criterion) {
    let pipeline = Pipeline::new();
    pipeline.preload();
    let posts = posts();
    // Assert the output first: most of these posts name Mexico.
    let with_mex = posts
        .iter()
        .filter(|p| pipeline.annotate_text(p, None).mentions.iter().any(|m| m.country == "MEX"))
        .count();
    assert!(
        with_mex * 10 >= posts.len() * 8,
        "only {with_mex} of {} posts found Mexico",
        posts.len()
    );
    let bytes: usize = posts.iter().map(String::len).sum();

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(posts.len() as u64));
    g.bench_function("annotate_posts", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for p in &posts {
                n += pipeline.annotate_text(black_box(p), None).mentions.len();
            }
            n
        })
    });
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("annotate_bytes", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| pipeline.annotate_text(black_box(p), None).mentions.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
