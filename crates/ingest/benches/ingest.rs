//! Read speed of the sources on real and fixture inputs.

use citra_ingest::{Format, IngestOptions, open};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn path(rel: &str) -> String {
    format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// Reads every record of `rel`, asserting the count of documents and rejections.
fn read(rel: &str, docs: usize, rejected: usize) {
    let r = open(&path(rel), &IngestOptions::default()).unwrap();
    let (mut ok, mut bad) = (0, 0);
    for rec in r {
        match rec {
            Ok(d) => {
                black_box(&d);
                ok += 1;
            }
            Err(_) => bad += 1,
        }
    }
    assert_eq!((ok, bad), (docs, rejected), "{rel}");
}

fn bench(c: &mut Criterion) {
    let cases: &[(&str, &str, usize, usize, Format)] = &[
        // 800 real posts from the condensed Trump archive (290 KB).
        ("trump_archive_800", "benches/trump_2017_800.json", 800, 0, Format::TrumpArchive),
        ("trump_archive_5_gzip", "tests/fixtures/trump_2017_5.json.gz", 5, 0, Format::TrumpArchive),
        ("ira_csv_5", "tests/fixtures/ira_5.csv", 5, 0, Format::Csv),
        ("twitter_v1_jsonl_4", "tests/fixtures/twitter_v1.jsonl", 4, 0, Format::TwitterJson),
        ("rss_3", "tests/fixtures/feed_rss2.xml", 2, 1, Format::Feed),
        ("html_article", "tests/fixtures/article.html", 1, 0, Format::Html),
    ];
    let mut g = c.benchmark_group("ingest");
    for (name, rel, docs, rejected, format) in cases {
        assert_eq!(open(&path(rel), &IngestOptions::default()).unwrap().format(), *format);
        read(rel, *docs, *rejected);
        g.throughput(Throughput::Elements((*docs + *rejected) as u64));
        g.bench_function(*name, |b| b.iter(|| read(rel, *docs, *rejected)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
