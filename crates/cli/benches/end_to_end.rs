//! End-to-end throughput on real posts: what `citra annotate` and `citra ingest` do per post.
//!
//! Data: `crates/ingest/benches/trump_2017_800.json`, the first 800 posts of the condensed Trump
//! archive's 2017 file (provenance in `crates/ingest/tests/fixtures/README.md`).
//!
//! - `end_to_end/annotate_800`: `citra annotate --threads 1`'s path: the posts read with
//!   `citra_ingest::open` and annotated with `Pipeline::annotate` (the document with its author
//!   and date, as the CLI does) through `citra_pipeline::par::map_ordered`, which runs inline on
//!   one thread.
//! - `end_to_end/store_800_file` and `store_800_memory`: `citra ingest`'s write path: the 800
//!   posts, annotated once beforehand, stored with `Store::load` into a fresh store (a file in a
//!   new temporary folder, WAL mode, as `citra ingest --db` makes it; and in memory).
//!
//! Each asserts its output before and while it measures (the documents read, the mentions found,
//! the documents and mentions stored), so a broken or skipped stage cannot look fast: a change
//! to the pipeline that finds other mentions on these posts must update [`MENTIONS`] knowingly.

use citra_ingest::{IngestOptions, RecordError};
use citra_model::{Annotation, RawDoc};
use citra_pipeline::Pipeline;
use citra_store::{Counts, Rejected, Store};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// The posts in the file.
const POSTS: usize = 800;
/// The mentions the pipeline finds in them (countries and actors; leaders' own names dropped).
const MENTIONS: usize = 548;

fn input() -> String {
    format!("{}/../ingest/benches/trump_2017_800.json", env!("CARGO_MANIFEST_DIR"))
}

/// Reads the file as `citra annotate` does; every record must be a document.
fn read() -> Vec<RawDoc> {
    let reader = citra_ingest::open(&input(), &IngestOptions::default()).expect("open the input");
    reader.collect::<Result<Vec<_>, RecordError>>().expect("every record reads")
}

/// `citra annotate --threads 1`'s path; returns (documents, mentions).
fn annotate(pipeline: &Pipeline) -> (usize, usize) {
    let reader = citra_ingest::open(&input(), &IngestOptions::default()).expect("open the input");
    let work = |rec: Result<RawDoc, RecordError>| {
        let doc = rec.expect("every record reads");
        pipeline.annotate(black_box(&doc)).mentions.len()
    };
    let chunk = citra_pipeline::par::DEFAULT_CHUNK;
    citra_pipeline::par::map_ordered(reader, 1, chunk, work, |found| {
        found.fold((0, 0), |(docs, mentions), n| (docs + 1, mentions + n))
    })
}

/// Stores the annotated posts into `store` as `citra ingest` does, and checks what it holds.
fn store_all(mut store: Store, data: &[(RawDoc, Annotation)]) -> Store {
    let mut next = data.iter().map(|(_, a)| a);
    let n = store
        .load(
            data.iter().map(|(d, _)| Ok::<RawDoc, Rejected>(d.clone())),
            |_| next.next().expect("one annotation per document").clone(),
            |r| panic!("rejected: {}", r.reason),
        )
        .expect("load");
    assert_eq!((n.read, n.stored, n.duplicates, n.rejected), (POSTS as u64, POSTS as u64, 0, 0));
    assert_eq!(
        store.counts().expect("counts"),
        Counts { docs: POSTS as u64, mentions: MENTIONS as u64, rejected: 0 }
    );
    store
}

fn bench(c: &mut Criterion) {
    let pipeline = Pipeline::new();
    pipeline.preload();
    assert_eq!(annotate(&pipeline), (POSTS, MENTIONS), "documents and mentions found");
    let data: Vec<(RawDoc, Annotation)> = read()
        .into_iter()
        .map(|d| {
            let a = pipeline.annotate(&d);
            (d, a)
        })
        .collect();

    let mut g = c.benchmark_group("end_to_end");
    g.sample_size(10);
    g.throughput(Throughput::Elements(POSTS as u64));
    g.bench_function("annotate_800", |b| {
        b.iter(|| assert_eq!(annotate(&pipeline), (POSTS, MENTIONS)))
    });
    g.bench_function("store_800_file", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |dir| {
                let store = Store::open(&dir.path().join("bench.db")).expect("open");
                drop(store_all(store, &data));
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("store_800_memory", |b| {
        b.iter(|| store_all(Store::open_in_memory().expect("open"), &data))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
