//! Insert throughput: 10,000 documents with 2 mentions each, in batches of 1,000, into a fresh
//! store file (WAL mode), and the observation read that the citra index does.

use citra_model::{
    Annotation, Engagement, Lang, LangGuess, Mention, MentionKind, RawDoc, SourceRef, Span, Tone,
    ToneLabel,
};
use citra_store::{Counts, ObsQuery, Store};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const DOCS: usize = 10_000;
const BATCH: usize = 1_000;

/// A short post and a longer article paragraph, each naming two countries.
const TEXTS: &[(&str, [(&str, &str); 2])] = &[
    (
        "Mexico is doing NOTHING to stop drugs coming into the United States. We will build the Wall!",
        [("MEX", "Mexico"), ("USA", "United States")],
    ),
    (
        "Pemerintah Indonesia mengecam keras pengakuan sepihak Amerika Serikat atas Yerusalem sebagai \
         ibu kota Israel. Presiden Joko Widodo meminta Amerika Serikat mempertimbangkan kembali \
         keputusan tersebut karena dapat mengguncang stabilitas keamanan dunia. Kementerian Luar \
         Negeri memanggil Duta Besar Amerika Serikat di Jakarta untuk menyampaikan sikap Indonesia.",
        [("IDN", "Indonesia"), ("USA", "Amerika Serikat")],
    ),
];

fn make(i: usize) -> (RawDoc, Annotation) {
    let (text, countries) = TEXTS[i % TEXTS.len()];
    let tone = Tone { score: -0.4, label: ToneLabel::Negative, confidence: 0.7 };
    let mentions = countries
        .iter()
        .map(|&(country, surface)| {
            let start = text.find(surface).expect("surface in text");
            let span = Span::new(start, start + surface.len());
            Mention {
                country: country.into(),
                actor: None,
                surface: surface.into(),
                span,
                norm_span: span,
                kind: MentionKind::Name,
                confidence: 0.9,
                tone: Some(tone),
            }
        })
        .collect();
    let doc = RawDoc {
        platform: "twitter".into(),
        native_id: Some(format!("{}", 900_000_000_000_000_000u64 + i as u64)),
        author: Some(format!("user{}", i % 500)),
        created_at: Some(
            chrono::DateTime::from_timestamp(1_546_300_800 + (i as i64) * 600, 0).expect("time"),
        ),
        text: text.into(),
        lang_hint: Some("en".into()),
        engagement: Engagement {
            reshares: Some(3),
            likes: Some(i as u64 % 100),
            ..Default::default()
        },
        source: SourceRef { path: "bench.jsonl".into(), line: i as u64 + 1 },
        ..RawDoc::default()
    };
    let ann = Annotation {
        normalized: text.into(),
        lang: LangGuess { lang: Lang::Eng, confidence: 0.9 },
        mentions,
        tone,
        diagnostics: vec![],
        events: vec![],
        themes: vec![],
    };
    (doc, ann)
}

fn bench(c: &mut Criterion) {
    let data: Vec<(RawDoc, Annotation)> = (0..DOCS).map(make).collect();

    let mut g = c.benchmark_group("store");
    g.sample_size(10);
    g.throughput(Throughput::Elements(DOCS as u64));
    g.bench_function("insert_10k_docs_2_mentions", |b| {
        b.iter_with_setup(
            || tempfile::tempdir().expect("tempdir"),
            |dir| {
                let mut store = Store::open(&dir.path().join("bench.db")).expect("open");
                for chunk in data.chunks(BATCH) {
                    let mut batch = store.batch().expect("batch");
                    for (doc, ann) in chunk {
                        black_box(batch.insert(doc, ann).expect("insert"));
                    }
                    batch.commit().expect("commit");
                }
                let counts = store.counts().expect("counts");
                assert_eq!(
                    counts,
                    Counts { docs: DOCS as u64, mentions: 2 * DOCS as u64, rejected: 0 }
                );
                dir
            },
        );
    });

    // Re-ingesting everything: every insert is a duplicate.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("bench.db")).expect("open");
    for chunk in data.chunks(BATCH) {
        let mut batch = store.batch().expect("batch");
        for (doc, ann) in chunk {
            batch.insert(doc, ann).expect("insert");
        }
        batch.commit().expect("commit");
    }
    g.bench_function("reinsert_10k_duplicates", |b| {
        b.iter(|| {
            for chunk in data.chunks(BATCH) {
                let mut batch = store.batch().expect("batch");
                for (doc, ann) in chunk {
                    let r = batch.insert(doc, ann).expect("insert");
                    assert!(matches!(r, citra_store::Inserted::Duplicate(_)));
                }
                batch.commit().expect("commit");
            }
        });
    });
    g.bench_function("observations_usa_10k", |b| {
        let q = ObsQuery { country: "USA".into(), from: None, to: None };
        b.iter(|| {
            let obs = store.observations(black_box(&q)).expect("observations");
            assert_eq!(obs.len(), DOCS);
            obs
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
