//! Requests through the router (no network) on a store of the demo corpus: the image and
//! mentions endpoints, uncached (a new app per iteration would reopen the store, so the image
//! key changes with the iteration to miss the cache) and cached.
use axum::body::Body;
use axum::http::Request;
use citra_ingest::{Format, IngestOptions};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tower::ServiceExt;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/demo/trump-mexico-2015-2019.json");

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let mut store = citra_store::Store::open(&db).unwrap();
    let pipeline = citra_pipeline::Pipeline::new();
    let mut batch = store.batch().unwrap();
    let opts = IngestOptions { format: Some(Format::TrumpArchive), ..IngestOptions::default() };
    for doc in citra_ingest::open(DEMO, &opts).unwrap().flatten() {
        batch.insert(&doc, &pipeline.annotate(&doc)).unwrap();
    }
    batch.commit().unwrap();
    drop(store);
    let app = citra_server::app(citra_server::AppState::open(&db, None).unwrap());
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let call = |uri: String| {
        let app = app.clone();
        rt.block_on(async move {
            let res = app.oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
            assert_eq!(res.status(), 200);
            let body = axum::body::to_bytes(res.into_body(), 64 << 20).await.unwrap();
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            json
        })
    };
    // Warm up (gazetteer, connections) and check the answers.
    let image = call("/api/v1/image?country=MEX&by=week".into());
    assert!(image["points"].as_array().unwrap().len() > 50);
    let page = call("/api/v1/mentions?country=MEX&page=2&per_page=50".into());
    assert_eq!(page["mentions"].as_array().unwrap().len(), 50);

    let mut n = 0u64;
    c.bench_function("image MEX by week, uncached (260 posts)", |b| {
        b.iter(|| {
            // A new `to` each time (a far future day) misses the cache, same numbers.
            n += 1;
            let v = call(format!("/api/v1/image?country=MEX&by=week&to={}-01-01", 3000 + n % 5000));
            assert!(!v["points"].as_array().unwrap().is_empty());
            black_box(v)
        })
    });
    c.bench_function("image MEX by week, cached", |b| {
        b.iter(|| black_box(call("/api/v1/image?country=MEX&by=week".into())))
    });
    c.bench_function("mentions MEX page 2 of 50", |b| {
        b.iter(|| {
            let v = call("/api/v1/mentions?country=MEX&page=2&per_page=50".into());
            assert_eq!(v["mentions"].as_array().unwrap().len(), 50);
            black_box(v)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
