//! Stores written by older versions of citra still open, migrate, and read back.

use citra_model::{Annotation, Lang, LangGuess, RawDoc, SourceRef, Tone, ToneLabel};
use citra_store::{Counts, Inserted, ObsQuery, Rejected, SCHEMA_VERSION, Store};
use std::path::Path;

fn copy_fixture(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let dst = dir.path().join(name);
    std::fs::copy(&src, &dst).unwrap();
    (dir, dst)
}

/// An English annotation of `normalized` with no mentions: what re-ingesting a stored post takes.
fn english(normalized: String) -> Annotation {
    Annotation {
        normalized,
        lang: LangGuess { lang: Lang::Eng, confidence: 0.9 },
        mentions: vec![],
        tone: Tone::neutral(0.5),
        diagnostics: vec![],
        events: vec![],
        themes: vec![],
    }
}

#[test]
fn v1_opens_and_migrates() {
    let (_dir, path) = copy_fixture("store-v1.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.journal_mode().unwrap(), "wal");
    assert_eq!(store.counts().unwrap(), Counts { docs: 2, mentions: 3, rejected: 1 });
    assert_eq!(store.top_countries(5).unwrap()[0], ("MEX".to_owned(), 2));

    let obs =
        store.observations(&ObsQuery { country: "MEX".into(), from: None, to: None }).unwrap();
    assert_eq!(obs.len(), 2);
    assert_eq!(obs[0].label, ToneLabel::Negative);
    assert_eq!(obs[0].engagement, 95000);
    assert_eq!(obs[0].author.as_deref(), Some("realDonaldTrump"));
    assert_eq!(obs[1].lang, Lang::Ind);
    assert_eq!(obs[1].score, 0.5);

    let doc = store.doc(2).unwrap().unwrap();
    assert!(doc.raw.text.starts_with("Indonesia dan Meksiko"));
    assert_eq!(doc.lang, LangGuess { lang: Lang::Ind, confidence: 0.9 });
    let mentions = store.mentions_of_doc(2).unwrap();
    assert_eq!(mentions.len(), 2);
    assert_eq!(mentions[1].span.slice(&doc.raw.text), Some("Meksiko"));

    // The identity keys are unchanged: re-ingesting the same tweet and rejection adds nothing.
    let raws = store.docs_for_reannotation().unwrap();
    assert_eq!(raws.len(), 2);
    let ann = english(raws[0].1.text.clone());
    let again = RawDoc {
        platform: "twitter".into(),
        native_id: Some("940000000000000001".into()),
        text: "same tweet, read again".into(),
        source: SourceRef { path: "other.jsonl".into(), line: 9 },
        ..RawDoc::default()
    };
    let mut b = store.batch().unwrap();
    assert_eq!(b.insert(&raws[0].1, &ann).unwrap(), Inserted::Duplicate(raws[0].0));
    assert_eq!(b.insert(&again, &ann).unwrap(), Inserted::Duplicate(1));
    b.reject(&Rejected {
        source_path: "fixtures/tweets.jsonl".into(),
        line: 3,
        reason: "invalid JSON".into(),
        raw: "{oops".into(),
    })
    .unwrap();
    b.commit().unwrap();
    assert_eq!(store.counts().unwrap(), Counts { docs: 2, mentions: 3, rejected: 1 });

    // Tables added after version 1 work.
    let run = citra_store::RunSummary {
        started: "2026-11-25T18:00:00Z".parse().unwrap(),
        finished: "2026-11-25T18:00:01Z".parse().unwrap(),
        paths: vec!["fixtures/tweets.jsonl".into()],
        read: 3,
        stored: 0,
        duplicates: 2,
        rejected: 1,
    };
    store.record_run(&run).unwrap();
    assert_eq!(store.runs(1).unwrap()[0].run, run);
}

/// Schema 5 kept every document's JSON in `raw_json`; schema 6 keeps it only where the columns
/// would not give the document back. A version-5 store (12 posts of the Trump archive, written
/// by citra at schema 5) still reads back exactly what its JSON holds, and takes new posts.
#[test]
fn v5_opens_migrates_and_reads_its_json() {
    let (_dir, path) = copy_fixture("store-v5.db");
    let stored: Vec<(i64, RawDoc)> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 5);
        let mut st = conn.prepare("SELECT id, raw_json FROM docs ORDER BY id").unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?)))
            .unwrap()
            .map(|row| {
                let (id, json) = row.unwrap();
                (id, serde_json::from_str(&json).unwrap())
            })
            .collect()
    };
    assert_eq!(stored.len(), 12);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.docs_for_reannotation().unwrap(), stored);
    // It keeps the page size it was made with (4,096; new stores get 16,384).
    let page_size: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page_size, 4096);
    assert_eq!(store.doc(stored[3].0).unwrap().unwrap().raw, stored[3].1);

    let ann = english(String::new());
    let new = RawDoc {
        platform: "twitter".into(),
        native_id: Some("990000000000000001".into()),
        created_at: Some("2019-01-01T00:00:00Z".parse().unwrap()),
        text: "a post stored at schema 6".into(),
        source: SourceRef { path: "new.jsonl".into(), line: 1 },
        ..RawDoc::default()
    };
    let mut b = store.batch().unwrap();
    assert_eq!(b.insert(&stored[0].1, &ann).unwrap(), Inserted::Duplicate(stored[0].0));
    let Inserted::Stored(id) = b.insert(&new, &ann).unwrap() else { panic!("not stored") };
    b.commit().unwrap();
    assert_eq!(store.doc(id).unwrap().unwrap().raw, new);
    let all = store.docs_for_reannotation().unwrap();
    assert_eq!(all.len(), 13);
    assert_eq!(all[..12], stored[..]);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let kept: String =
        conn.query_row("SELECT raw_json FROM docs WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(kept, "", "the columns hold the new post: no JSON kept");
}
