//! Unit tests of the store: identity, idempotence, migrations, reads.

use super::*;
use proptest::prelude::*;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("test time")
}

fn tone(score: f32) -> Tone {
    let label = if score > 0.1 {
        ToneLabel::Positive
    } else if score < -0.1 {
        ToneLabel::Negative
    } else {
        ToneLabel::Neutral
    };
    Tone { score, label, confidence: 0.5 }
}

/// A tweet-like doc.
fn post(id: Option<&str>, author: Option<&str>, at: Option<&str>, text: &str) -> RawDoc {
    RawDoc {
        platform: "twitter".into(),
        native_id: id.map(Into::into),
        author: author.map(Into::into),
        created_at: at.map(t),
        text: text.into(),
        ..RawDoc::default()
    }
}

/// An article-like doc.
fn article(url: &str, text: &str) -> RawDoc {
    RawDoc {
        platform: "web".into(),
        url: Some(url.into()),
        title: Some("Judul".into()),
        text: text.into(),
        ..RawDoc::default()
    }
}

/// An annotation with a mention for each `(country, surface)` found in the text.
fn ann(text: &str, mentions: &[(&str, &str, f32)]) -> Annotation {
    let mentions = mentions
        .iter()
        .map(|&(country, surface, score)| {
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
                tone: Some(tone(score)),
            }
        })
        .collect();
    Annotation {
        normalized: text.into(),
        lang: LangGuess { lang: Lang::Eng, confidence: 0.9 },
        mentions,
        tone: tone(0.0),
        diagnostics: vec![],
        events: vec![],
        themes: vec![],
    }
}

fn plain(doc: &RawDoc) -> Annotation {
    ann(&doc.text, &[])
}

fn insert_all(store: &mut Store, docs: &[RawDoc]) -> Vec<Inserted> {
    let mut b = store.batch().unwrap();
    let out = docs.iter().map(|d| b.insert(d, &plain(d)).unwrap()).collect();
    b.commit().unwrap();
    out
}

/// Each row: a first and a second document, and whether the second is a duplicate of the first.
#[test]
fn identity_table() {
    let rows: Vec<(&str, RawDoc, RawDoc, bool)> = vec![
        (
            "ident010 same post twice",
            post(Some("1"), Some("a"), Some("2020-01-01T00:00:00Z"), "hi"),
            post(Some("1"), Some("a"), Some("2020-01-01T00:00:00Z"), "hi"),
            true,
        ),
        (
            "ident020 same id, edited text",
            post(Some("1"), Some("a"), None, "hi"),
            post(Some("1"), Some("a"), None, "hi, edited"),
            true,
        ),
        (
            "ident030 same id, other platform",
            post(Some("1"), None, None, "hi"),
            RawDoc { platform: "mastodon".into(), ..post(Some("1"), None, None, "hi") },
            false,
        ),
        (
            "ident040 no id, same text, other author",
            post(None, Some("ana"), Some("2020-01-01T00:00:00Z"), "Viva México"),
            post(None, Some("bob"), Some("2020-01-01T00:00:00Z"), "Viva México"),
            false,
        ),
        (
            "ident050 no id, same text, other time",
            post(None, Some("ana"), Some("2020-01-01T00:00:00Z"), "Viva México"),
            post(None, Some("ana"), Some("2020-01-01T00:00:01Z"), "Viva México"),
            false,
        ),
        (
            "ident060 no id, same everything (CSV ingested twice)",
            post(None, Some("ana"), Some("2020-01-01T00:00:00Z"), "Viva México"),
            post(None, Some("ana"), Some("2020-01-01T00:00:00Z"), "Viva México"),
            true,
        ),
        (
            "ident070 article, same url and text",
            article("https://news.example/a", "Body."),
            article("https://news.example/a", "Body."),
            true,
        ),
        (
            "ident080 article, same canonical url and text",
            article("https://news.example/a", "Body."),
            article("HTTPS://NEWS.example/a/?utm_source=tw#comments", "Body."),
            true,
        ),
        (
            "ident090 article, same url, changed text (new version)",
            article("https://news.example/a", "Body."),
            article("https://news.example/a", "Body, corrected."),
            false,
        ),
        (
            "ident100 article, other url, same text",
            article("https://news.example/a", "Body."),
            article("https://news.example/b", "Body."),
            false,
        ),
        (
            "ident110 empty native id is no id",
            post(Some(""), Some("ana"), None, "x"),
            post(None, Some("ana"), None, "x"),
            true,
        ),
    ];
    for (name, a, b, dup) in rows {
        let mut store = Store::open_in_memory().unwrap();
        let got = insert_all(&mut store, &[a, b]);
        let Inserted::Stored(first) = got[0] else { panic!("{name}: first not stored: {got:?}") };
        if dup {
            assert_eq!(got[1], Inserted::Duplicate(first), "{name}");
            assert_eq!(store.counts().unwrap().docs, 1, "{name}");
        } else {
            assert!(matches!(got[1], Inserted::Stored(id) if id != first), "{name}: {got:?}");
            assert_eq!(store.counts().unwrap().docs, 2, "{name}");
        }
    }
}

#[test]
fn duplicate_stores_nothing010() {
    let mut store = Store::open_in_memory().unwrap();
    let d = post(Some("9"), Some("a"), Some("2020-01-01T00:00:00Z"), "Mexico and Indonesia");
    let a = ann(&d.text, &[("MEX", "Mexico", -0.5), ("IDN", "Indonesia", 0.5)]);
    let mut b = store.batch().unwrap();
    let first = b.insert(&d, &a).unwrap();
    // A second time, with another annotation: nothing is written, not even the mentions.
    let other = ann(&d.text, &[("MEX", "Mexico", 0.9)]);
    assert_eq!(b.insert(&d, &other).unwrap(), Inserted::Duplicate(first.id()));
    b.commit().unwrap();
    assert_eq!(store.counts().unwrap(), Counts { docs: 1, mentions: 2, rejected: 0 });
    // And across batches (a re-run of the ingest).
    insert_all(&mut store, &[d]);
    assert_eq!(store.counts().unwrap(), Counts { docs: 1, mentions: 2, rejected: 0 });
}

#[test]
fn rejected_stored_once010() {
    let mut store = Store::open_in_memory().unwrap();
    let r = Rejected {
        source_path: "data/x.jsonl".into(),
        line: 7,
        reason: "invalid JSON: expected value at column 1".into(),
        raw: "{oops".into(),
    };
    let other_line = Rejected { line: 8, ..r.clone() };
    for _run in 0..3 {
        let mut b = store.batch().unwrap();
        b.reject(&r).unwrap();
        b.reject(&r).unwrap();
        b.reject(&other_line).unwrap();
        b.commit().unwrap();
    }
    assert_eq!(store.counts().unwrap().rejected, 2);
    let rows = store.rejected(10).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].line, rows[1].line), (7, 8));
    assert_eq!(rows[0].source_path, "data/x.jsonl");
    assert_eq!(rows[0].reason, r.reason);
    assert_eq!(rows[0].raw, "{oops");
    assert!((Utc::now() - rows[0].at).num_minutes() < 5);
    assert_eq!(store.rejected(1).unwrap().len(), 1);
}

#[test]
fn rejected_long_raw010() {
    let mut store = Store::open_in_memory().unwrap();
    let raw = "é".repeat(40_000); // 80,000 bytes
    let r = Rejected { source_path: "big.jsonl".into(), line: 1, reason: "too odd".into(), raw };
    for _ in 0..2 {
        let mut b = store.batch().unwrap();
        b.reject(&r).unwrap();
        b.commit().unwrap();
    }
    let rows = store.rejected(10).unwrap();
    assert_eq!(rows.len(), 1, "long raw is still deduplicated");
    assert!(rows[0].raw.len() <= MAX_REJECTED_RAW + '…'.len_utf8());
    assert!(rows[0].raw.ends_with("é…"));
    assert_eq!(truncate("abc", 3), "abc");
    assert_eq!(truncate("abcé", 4), "abc…");
}

#[test]
fn uncommitted_batch_rolls_back010() {
    let mut store = Store::open_in_memory().unwrap();
    {
        let mut b = store.batch().unwrap();
        let d = post(Some("1"), None, None, "x");
        b.insert(&d, &plain(&d)).unwrap();
    }
    assert_eq!(store.counts().unwrap().docs, 0);
}

fn obs_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let docs = [
        // (id, time, text, mentions, likes)
        (
            "1",
            Some("2020-01-01T10:00:00Z"),
            "Mexico sends drugs",
            vec![("MEX", "Mexico", -0.8)],
            10,
        ),
        ("2", Some("2020-01-02T10:00:00Z"), "Mexico film wins", vec![("MEX", "Mexico", 0.7)], 0),
        (
            "3",
            Some("2020-01-03T10:00:00Z"),
            "USA and Mexico talk",
            vec![("USA", "USA", 0.0), ("MEX", "Mexico", 0.2)],
            5,
        ),
        ("4", None, "Mexico undated", vec![("MEX", "Mexico", 0.1)], 0),
        ("5", Some("2020-01-02T00:00:00Z"), "Indonesia only", vec![("IDN", "Indonesia", 0.3)], 1),
    ];
    let mut b = store.batch().unwrap();
    for (id, at, text, mentions, likes) in docs {
        let mut d = post(Some(id), Some("author"), at, text);
        d.engagement.likes = Some(likes);
        d.engagement.reshares = Some(1);
        d.lang_hint = Some("en".into());
        b.insert(&d, &ann(text, &mentions)).unwrap();
    }
    b.commit().unwrap();
    store
}

#[test]
fn observations_table() {
    let store = obs_store();
    let q = |country: &str, from: Option<&str>, to: Option<&str>| ObsQuery {
        country: country.into(),
        from: from.map(t),
        to: to.map(t),
    };
    // (name, query, expected scores in order)
    let rows: Vec<(&str, ObsQuery, Vec<f32>)> = vec![
        ("obs010 all of MEX, dated only, by time", q("MEX", None, None), vec![-0.8, 0.7, 0.2]),
        ("obs020 lower case country", q("mex", None, None), vec![-0.8, 0.7, 0.2]),
        ("obs030 from inclusive", q("MEX", Some("2020-01-02T10:00:00Z"), None), vec![0.7, 0.2]),
        ("obs040 to exclusive", q("MEX", None, Some("2020-01-02T10:00:00Z")), vec![-0.8]),
        (
            "obs050 window",
            q("MEX", Some("2020-01-02T00:00:00Z"), Some("2020-01-03T00:00:00Z")),
            vec![0.7],
        ),
        ("obs060 other country", q("USA", None, None), vec![0.0]),
        ("obs070 unknown country", q("FRA", None, None), vec![]),
        ("obs080 empty window", q("MEX", Some("2021-01-01T00:00:00Z"), None), vec![]),
    ];
    for (name, query, want) in rows {
        let got: Vec<f32> = store.observations(&query).unwrap().iter().map(|o| o.score).collect();
        assert_eq!(got, want, "{name}");
    }
    let obs = store.observations(&q("MEX", None, None)).unwrap();
    let first = &obs[0];
    assert_eq!(first.engagement, 11, "obs090 engagement = likes + reshares");
    assert_eq!(first.label, ToneLabel::Negative);
    assert_eq!(first.confidence, 0.5);
    assert_eq!(first.time, t("2020-01-01T10:00:00Z"));
    assert_eq!(first.lang, Lang::Eng);
    assert_eq!(first.author.as_deref(), Some("author"));
    assert_eq!(first.country, "MEX");
    assert_eq!(obs[1].label, ToneLabel::Positive);
    let mentions = store.mentions_of_doc(first.doc_id).unwrap();
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0].surface, "Mexico");
}

#[test]
fn observations_skip_untoned010() {
    let mut store = Store::open_in_memory().unwrap();
    let d = post(Some("1"), None, Some("2020-01-01T00:00:00Z"), "Mexico");
    let mut a = ann(&d.text, &[("MEX", "Mexico", 0.5)]);
    a.mentions[0].tone = None;
    insert_all(&mut store, &[]);
    let mut b = store.batch().unwrap();
    b.insert(&d, &a).unwrap();
    b.commit().unwrap();
    let q = ObsQuery { country: "MEX".into(), from: None, to: None };
    assert!(store.observations(&q).unwrap().is_empty());
    assert_eq!(store.mentions_of_doc(1).unwrap()[0].tone, None);
}

#[test]
fn counts_and_top_countries010() {
    let store = obs_store();
    assert_eq!(store.counts().unwrap(), Counts { docs: 5, mentions: 6, rejected: 0 });
    assert_eq!(
        store.top_countries(10).unwrap(),
        vec![("MEX".to_owned(), 4), ("IDN".to_owned(), 1), ("USA".to_owned(), 1)]
    );
    assert_eq!(store.top_countries(1).unwrap(), vec![("MEX".to_owned(), 4)]);
}

#[test]
fn replace_annotation010() {
    let mut store = Store::open_in_memory().unwrap();
    let text = "Presiden Jokowi bertemu Presiden Meksiko di Jakarta";
    let d = post(Some("1"), None, Some("2020-01-01T00:00:00Z"), text);
    let first = ann(text, &[("MEX", "Meksiko", 0.2), ("IDN", "Jakarta", 0.1)]);
    let mut b = store.batch().unwrap();
    let id = b.insert(&d, &first).unwrap().id();
    b.commit().unwrap();
    assert_eq!(store.mentions_of_doc(id).unwrap().len(), 2);

    let mut second = ann(text, &[("MEX", "Meksiko", -0.4)]);
    second.lang = LangGuess { lang: Lang::Ind, confidence: 0.99 };
    second.tone = tone(-0.3);
    second.diagnostics =
        vec![Diagnostic::new("tone", "negation", Severity::Info, "scope").at(Span::new(0, 8))];
    store.replace_annotation(id, &second).unwrap();
    let mentions = store.mentions_of_doc(id).unwrap();
    assert_eq!(mentions, second.mentions, "replace010 mentions replaced");
    assert_eq!(store.counts().unwrap().mentions, 1, "replace020 old mentions gone");
    let stored = store.doc(id).unwrap().unwrap();
    assert_eq!(stored.lang, second.lang, "replace030");
    assert_eq!(stored.tone, second.tone, "replace040");
    assert_eq!(stored.diagnostics, second.diagnostics, "replace050");
    assert_eq!(stored.raw, d, "replace060 raw untouched");

    // Replacing again with nothing clears the diagnostics too.
    store.replace_annotation(id, &ann(text, &[])).unwrap();
    assert!(store.doc(id).unwrap().unwrap().diagnostics.is_empty(), "replace070");
    assert_eq!(store.counts().unwrap().mentions, 0);

    match store.replace_annotation(id + 100, &second) {
        Err(Error::NoSuchDoc { id: missing, .. }) => assert_eq!(missing, id + 100),
        other => panic!("replace080: {other:?}"),
    }
}

#[test]
fn reannotation_roundtrip010() {
    let mut store = Store::open_in_memory().unwrap();
    let mut docs = Vec::new();
    for i in 0..25 {
        let mut d =
            post(Some(&i.to_string()), Some("a"), Some("2020-01-01T00:00:00Z"), "México 🇲🇽");
        d.engagement.quotes = Some(i);
        d.source = citra_model::SourceRef { path: "in.jsonl".into(), line: i + 1 };
        d.url = Some(format!("https://x.example/{i}"));
        docs.push(d);
    }
    insert_all(&mut store, &docs);
    let all = store.docs_for_reannotation().unwrap();
    assert_eq!(all.iter().map(|(_, d)| d.clone()).collect::<Vec<_>>(), docs);
    let mut paged = Vec::new();
    let mut after = i64::MIN;
    loop {
        let page = store.raw_docs_page(after, 7).unwrap();
        let Some(&(last, _)) = page.last() else { break };
        after = last;
        paged.extend(page);
    }
    assert_eq!(paged, all);
    // Recompute in one batch.
    let mut b = store.batch().unwrap();
    for (id, d) in &all {
        b.replace_annotation(*id, &ann(&d.text, &[("MEX", "México", -0.1)])).unwrap();
    }
    b.commit().unwrap();
    assert_eq!(store.counts().unwrap().mentions, 25);
}

#[test]
fn doc_roundtrip010() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(store.doc(1).unwrap().is_none());
    let mut d = post(
        Some("42"),
        Some("SecPompeo"),
        Some("2019-03-01T12:34:56.789Z"),
        "Kami mendukung Venezuela",
    );
    d.author_name = Some("Mike Pompeo".into());
    d.author_followers = Some(u64::MAX);
    d.reply_to = Some("41".into());
    let a = ann(&d.text, &[("VEN", "Venezuela", 0.6)]);
    let id = insert_all(&mut store, &[]).len() as i64;
    assert_eq!(id, 0);
    let mut b = store.batch().unwrap();
    let id = b.insert(&d, &a).unwrap().id();
    b.commit().unwrap();
    let s = store.doc(id).unwrap().unwrap();
    assert_eq!(s.raw, d);
    assert_eq!(s.normalized, a.normalized);
    assert_eq!(s.tone, a.tone);
    assert!(s.annotated_at.is_some());
}

#[test]
fn char_offsets_table() {
    let text = "Méxi–co 🇲🇽!";
    let rows: &[(&str, usize, Option<usize>)] = &[
        ("char010", 0, Some(0)),
        ("char020", 1, Some(1)),
        ("char030", 2, None), // inside "é"
        ("char040", 3, Some(2)),
        ("char050", 5, Some(4)),
        ("char060", 8, Some(5)), // after "–"
        ("char070", text.len(), Some(text.chars().count())),
        ("char080", text.len() + 1, None),
    ];
    let offsets: Vec<usize> = rows.iter().map(|r| r.1).collect();
    let got = char_offsets(text, &offsets);
    for (row, got) in rows.iter().zip(got) {
        assert_eq!(got, row.2, "{}", row.0);
    }
}

#[test]
fn mention_char_spans_stored010() {
    let mut store = Store::open_in_memory().unwrap();
    let text = "¡Qué bonita es la película de México!";
    let d = post(Some("1"), None, None, text);
    let mut b = store.batch().unwrap();
    let id = b.insert(&d, &ann(text, &[("MEX", "México", 0.8)])).unwrap().id();
    b.commit().unwrap();
    let (cs, ce): (i64, i64) = store
        .conn
        .query_row("SELECT char_start, char_end FROM mentions WHERE doc_id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let want_start = text.chars().collect::<Vec<_>>().iter().position(|&c| c == 'M').unwrap();
    assert_eq!((cs, ce), (want_start as i64, want_start as i64 + 6));
}

#[test]
fn runs010() {
    let store = Store::open_in_memory().unwrap();
    let run = RunSummary {
        started: t("2020-01-01T00:00:00Z"),
        finished: t("2020-01-01T00:01:00Z"),
        paths: vec!["a.jsonl".into(), "b.csv".into()],
        read: 10,
        stored: 7,
        duplicates: 2,
        rejected: 1,
    };
    let id = store.record_run(&run).unwrap();
    let second = store.record_run(&RunSummary { stored: 0, duplicates: 9, ..run.clone() }).unwrap();
    let runs = store.runs(10).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].id, second, "newest first");
    assert_eq!(runs[1], RunRow { id, run });
}

// Migrations and files.

#[test]
fn migrations_list_matches_files010() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let listed: Vec<&str> = migrate::MIGRATIONS.iter().map(|m| m.name).collect();
    assert_eq!(files, listed, "every migrations/*.sql file must be listed in MIGRATIONS");
    for (i, m) in migrate::MIGRATIONS.iter().enumerate() {
        assert_eq!(m.version as usize, i + 1, "{}", m.name);
        assert!(m.name.starts_with(&format!("{:04}_", m.version)), "{}", m.name);
    }
}

#[test]
fn open_creates_wal010() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("citra.db");
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    assert_eq!(store.journal_mode().unwrap(), "wal");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    let page_size =
        |s: &Store| -> i64 { s.conn.pragma_query_value(None, "page_size", |r| r.get(0)).unwrap() };
    assert_eq!(page_size(&store), PAGE_SIZE);
    drop(store);
    // Reopening changes nothing.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(page_size(&store), PAGE_SIZE);
}

#[test]
fn migrate_from_previous_version010() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = Connection::open(&path).unwrap();
        let mut old = Store::setup(conn, &path, SCHEMA_VERSION - 1).unwrap();
        assert_eq!(old.schema_version().unwrap(), SCHEMA_VERSION - 1);
        let d = post(Some("1"), Some("a"), Some("2020-01-01T00:00:00Z"), "Mexico");
        let mut b = old.batch().unwrap();
        // No mentions: today's mention rows have columns the previous schema lacks (themes,
        // version 3); stores with older mentions are covered by tests/compat.rs.
        b.insert(&d, &ann("Mexico", &[])).unwrap();
        b.commit().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.counts().unwrap(), Counts { docs: 1, mentions: 0, rejected: 0 });
}

#[test]
fn too_new010() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, Error::TooNew { found, known, .. } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION)
    );
    let msg = err.to_string();
    assert!(msg.contains("new.db") && msg.contains("upgrade citra"), "{msg}");
}

#[test]
fn not_sqlite010() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "These are my notes, not a database. ".repeat(200)).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotADatabase { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("notes.txt") && msg.contains("not an SQLite database"), "{msg}");
    // Nothing was written to the file.
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("These are my notes"));
}

#[test]
fn foreign_sqlite010() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE songs (title TEXT)").unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::ForeignDatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("other.db"));
}

#[test]
fn missing_folder010() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/folder/citra.db");
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::Open { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("citra.db") && msg.contains("folder exists"), "{msg}");
}

#[test]
fn open_directory010() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, Error::Open { .. }), "{err:?}");
    assert!(err.to_string().contains(&dir.path().display().to_string()), "{err}");
}

#[test]
fn busy010() {
    // A second writer that cannot get the lock within the busy timeout gets a clear error.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("citra.db");
    let mut first = Store::open(&path).unwrap();
    let mut second = Store::open(&path).unwrap();
    second.conn.busy_timeout(Duration::from_millis(50)).unwrap();
    let _held = first.batch().unwrap();
    let err = second.batch().unwrap_err();
    assert!(matches!(err, Error::Busy { .. }), "{err:?}");
    assert!(err.to_string().contains("locked by another process"), "{err}");
}

#[test]
fn two_connections010() {
    // A reader sees committed data while the file is in WAL mode.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("citra.db");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    let mut b = writer.batch().unwrap();
    let d = post(Some("1"), None, None, "x");
    b.insert(&d, &plain(&d)).unwrap();
    assert_eq!(reader.counts().unwrap().docs, 0, "uncommitted is invisible");
    b.commit().unwrap();
    assert_eq!(reader.counts().unwrap().docs, 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text with any spans (even off char boundaries) is stored, read back and deduplicated.
    #[test]
    fn insert_any_text(text in "\\PC{0,40}", spans in proptest::collection::vec((0usize..60, 0usize..60), 0..4)) {
        let mut store = Store::open_in_memory().unwrap();
        let d = post(None, Some("a"), None, &text);
        let mut a = plain(&d);
        for (s, e) in spans {
            a.mentions.push(Mention {
                country: "MEX".into(),
                actor: None,
                surface: String::new(),
                span: Span::new(s, e),
                norm_span: Span::new(s, e),
                kind: MentionKind::Name,
                confidence: 0.5,
                tone: Some(tone(f32::NAN)),
            });
        }
        let mut b = store.batch().unwrap();
        let id = b.insert(&d, &a).unwrap().id();
        prop_assert_eq!(b.insert(&d, &a).unwrap(), Inserted::Duplicate(id));
        b.commit().unwrap();
        prop_assert_eq!(store.doc(id).unwrap().unwrap().raw, d);
        let got = store.mentions_of_doc(id).unwrap();
        prop_assert_eq!(got.len(), a.mentions.len());
        for m in got {
            prop_assert!(m.tone.unwrap().score.is_finite());
        }
    }

    /// Ingesting any set of documents twice stores each distinct key once, and the second run
    /// stores nothing.
    #[test]
    fn reingest_is_idempotent(docs in proptest::collection::vec(
        (0u8..3, 0u8..4, proptest::option::of(0u8..3), proptest::option::of(0i64..3), "[ab ]{0,3}"),
        0..20,
    )) {
        let docs: Vec<RawDoc> = docs
            .into_iter()
            .map(|(kind, n, author, day, text)| {
                let mut d = post(None, author.map(|a| format!("u{a}")).as_deref(), None, &text);
                d.created_at = day.map(|k| t("2020-01-01T00:00:00Z") + chrono::Duration::days(k));
                match kind {
                    0 => d.native_id = Some(n.to_string()),
                    1 => d.url = Some(format!("https://Example.org/{n}/?utm_source=x")),
                    _ => {}
                }
                d
            })
            .collect();
        let distinct: std::collections::HashSet<String> = docs.iter().map(doc_key).collect();
        let mut store = Store::open_in_memory().unwrap();
        let first = insert_all(&mut store, &docs);
        let stored = first.iter().filter(|r| matches!(r, Inserted::Stored(_))).count();
        prop_assert_eq!(stored, distinct.len());
        let second = insert_all(&mut store, &docs);
        for (a, b) in first.iter().zip(&second) {
            prop_assert_eq!(*b, Inserted::Duplicate(a.id()));
        }
        prop_assert_eq!(store.counts().unwrap().docs, distinct.len() as u64);
    }

    #[test]
    fn char_offsets_agree_with_span(text in "\\PC{0,30}", a in 0usize..80, b in 0usize..80) {
        let (s, e) = (a.min(b), a.max(b));
        let got = char_offsets(&text, &[s, e]);
        match Span::new(s, e).to_chars(&text) {
            Some((cs, ce)) => prop_assert_eq!(got, vec![Some(cs), Some(ce)]),
            None => prop_assert!(got.contains(&None)),
        }
    }
}

#[test]
fn cancel010_stops_running_and_later_queries() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    let flag = Arc::new(AtomicBool::new(false));
    store.set_cancel(Some(flag.clone())).unwrap();
    // Unset, the flag changes nothing.
    assert_eq!(store.counts().unwrap().docs, 0);
    // A query that would count for minutes, stopped from another thread.
    let setter = {
        let flag = flag.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            flag.store(true, Ordering::Relaxed);
        })
    };
    let started = std::time::Instant::now();
    let slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1e10) \
                SELECT count(*) FROM n";
    let err = store.conn.query_row(slow, [], |r| r.get::<_, i64>(0)).map_err(sql(&store.path));
    setter.join().unwrap();
    let err = err.unwrap_err();
    assert!(matches!(err, Error::Interrupted { .. }), "{err:?}");
    assert!(err.to_string().contains("time limit"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    // While the flag is set, statements started later stop too (at their first check: one
    // shorter than CANCEL_CHECK_STEPS steps, like counting an empty store, still finishes).
    let again = store.conn.query_row(slow, [], |r| r.get::<_, i64>(0)).map_err(sql(&store.path));
    assert!(matches!(again, Err(Error::Interrupted { .. })), "{again:?}");
    // Without the check, the connection serves normally again.
    store.set_cancel(None).unwrap();
    assert_eq!(store.counts().unwrap().docs, 0);
}

#[test]
fn cursor010_committed_with_the_posts_it_covers() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.cursor("bluesky:author:a").unwrap(), None);
    let doc = post(Some("1"), Some("a"), Some("2024-01-01T00:00:00Z"), "first");
    // Rolled back (dropped without commit): neither the post nor the cursor is there.
    {
        let mut batch = store.batch().unwrap();
        batch.insert(&doc, &plain(&doc)).unwrap();
        batch.set_cursor("bluesky:author:a", r#"{"cursor":"c1"}"#).unwrap();
    }
    assert_eq!(store.cursor("bluesky:author:a").unwrap(), None);
    assert!(!store.contains(&doc).unwrap());
    // Committed: both, and a second state replaces the first.
    for state in [r#"{"cursor":"c1"}"#, r#"{"cursor":"c2"}"#] {
        let mut batch = store.batch().unwrap();
        batch.insert(&doc, &plain(&doc)).unwrap();
        batch.set_cursor("bluesky:author:a", state).unwrap();
        batch.commit().unwrap();
        assert_eq!(store.cursor("bluesky:author:a").unwrap().as_deref(), Some(state));
    }
    assert!(store.contains(&doc).unwrap());
    let all = store.cursors().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].0.as_str(), all[0].1.as_str()), ("bluesky:author:a", r#"{"cursor":"c2"}"#));
}

/// The deferred indexes of the store's file, by name, with their SQL.
fn deferred_present(store: &Store) -> Vec<(String, String)> {
    let names: Vec<&str> = bulk::DEFERRED_INDEXES.iter().map(|(n, _)| *n).collect();
    let mut stmt = store
        .conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)));
    rows.unwrap().map(|r| r.unwrap()).filter(|(n, _)| names.contains(&n.as_str())).collect()
}

fn integrity(store: &Store) -> String {
    store.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

fn day_posts(n: usize) -> Vec<RawDoc> {
    (0..n)
        .map(|i| {
            let at = format!("2020-01-{:02}T10:00:00Z", 1 + i % 28);
            post(Some(&i.to_string()), Some(&format!("a{}", i % 7)), Some(&at), "Mexico")
        })
        .collect()
}

#[test]
fn bulk010_deferred_indexes_are_the_migrations_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db")).unwrap();
    let mut want: Vec<(String, String)> =
        bulk::DEFERRED_INDEXES.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    want.sort();
    assert_eq!(deferred_present(&store), want);
}

#[test]
fn bulk020_a_bulk_load_builds_the_indexes_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let full = deferred_present(&store);
    let docs = day_posts(300);
    let n = store
        .bulk_load(|s| {
            assert!(deferred_present(s).is_empty(), "dropped during the load");
            assert!(bulk::lock_path(&path).exists());
            let records = docs.iter().cloned().map(Ok);
            s.load(records, |d| plain(d), |_| {})
        })
        .unwrap();
    assert_eq!(n.stored, 300);
    assert_eq!(deferred_present(&store), full);
    // The index builds' temporary store (files) is the in-memory one again.
    let temp: i64 = store.conn.pragma_query_value(None, "temp_store", |r| r.get(0)).unwrap();
    assert_eq!(temp, 2);
    assert!(!bulk::lock_path(&path).exists(), "the lock file is removed");
    assert_eq!(integrity(&store), "ok");
    // The day index answers like the table.
    let by_index: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM docs INDEXED BY docs_day WHERE day = '2020-01-05'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by_index, (0..300).filter(|i| 1 + i % 28 == 5).count() as i64);
    // A store that holds documents loads with its indexes in place; a failed load still ends
    // with them built.
    let err = store
        .bulk_load(|s| {
            assert_eq!(deferred_present(s), full);
            Err::<(), _>(s.corrupt("stop".into()))
        })
        .unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }));
    assert_eq!(deferred_present(&store), full);
}

#[test]
fn bulk030_a_failed_bulk_load_still_builds_the_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let full = deferred_present(&store);
    let err = store
        .bulk_load(|s| {
            insert_all(s, &day_posts(10));
            Err::<(), _>(s.corrupt("stop".into()))
        })
        .unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }));
    assert_eq!(deferred_present(&store), full);
    assert_eq!(store.counts().unwrap().docs, 10);
}

/// A kill during a bulk load leaves the indexes out: an open while the loader still holds its
/// lock leaves them to it; once the lock is free (the loader gone), an open builds them.
#[test]
fn bulk040_a_killed_bulk_load_is_repaired_by_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let full = deferred_present(&store);
    let held = store.begin_bulk().unwrap().expect("an empty store on disk loads in bulk");
    insert_all(&mut store, &day_posts(50));
    drop(store);
    let other = Store::open(&path).unwrap();
    assert!(deferred_present(&other).is_empty(), "the loader holds the lock: left to it");
    drop(other);
    // The loader dies without building them (its lock goes with it).
    drop(held);
    assert!(bulk::lock_path(&path).exists());
    let store = Store::open(&path).unwrap();
    assert_eq!(deferred_present(&store), full);
    assert_eq!(integrity(&store), "ok");
    assert_eq!(store.counts().unwrap().docs, 50);
    assert!(!bulk::lock_path(&path).exists(), "the lock file left by the loader is removed");
}

#[test]
fn bulk050_only_one_bulk_load_at_a_time_and_never_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut first = Store::open(&path).unwrap();
    let mut second = Store::open(&path).unwrap();
    let held = first.begin_bulk().unwrap();
    assert!(held.is_some());
    assert!(second.begin_bulk().unwrap().is_none(), "the lock is taken");
    drop(held);
    let mut mem = Store::open_in_memory().unwrap();
    assert!(mem.begin_bulk().unwrap().is_none());
}

/// The stored `raw_json` of a document: `''` when the columns give it back.
fn raw_json_of(store: &Store, id: i64) -> String {
    store.conn.query_row("SELECT raw_json FROM docs WHERE id = ?1", [id], |r| r.get(0)).unwrap()
}

/// A change made to a document for a test row.
type Change = fn(&mut RawDoc);

/// Each row: a change to a plain post, and whether its JSON must be kept (the columns would not
/// give it back). Every document reads back exactly, through both readers.
#[test]
fn raw010_table() {
    let rows: &[(&str, Change, bool)] = &[
        ("raw010_plain", |_| {}, false),
        (
            "raw020_every_field",
            |d| {
                d.url = Some("https://example.org/a?b=c".into());
                d.author_name = Some("Ñame \u{0}with NUL".into());
                d.author_followers = Some(i64::MAX as u64);
                d.title = Some("T".into());
                d.lang_hint = Some("es".into());
                d.engagement = citra_model::Engagement {
                    reshares: Some(0),
                    likes: Some(7),
                    replies: None,
                    quotes: Some(3),
                };
                d.reply_to = Some("1".into());
                d.reshare_of = Some("2".into());
                d.quote_of = Some("3".into());
                d.created_at = Some(t("2019-03-01T12:34:56.123456789Z"));
            },
            false,
        ),
        ("raw030_id_with_spaces", |d| d.native_id = Some(" 42 ".into()), true),
        ("raw040_empty_id", |d| d.native_id = Some(String::new()), true),
        ("raw050_empty_url", |d| d.url = Some("  ".into()), true),
        ("raw060_huge_count", |d| d.engagement.likes = Some(u64::MAX), true),
        ("raw070_huge_followers", |d| d.author_followers = Some(1 << 63), true),
        ("raw080_huge_line", |d| d.source.line = u64::MAX, true),
        (
            "raw090_year_10000",
            |d| d.created_at = Some(t("9999-12-31T23:59:59Z") + chrono::Duration::days(1)),
            true,
        ),
        ("raw100_no_author_no_time", |d| (d.author, d.created_at) = (None, None), false),
    ];
    let mut store = Store::open_in_memory().unwrap();
    for (i, (name, change, keeps_json)) in rows.iter().enumerate() {
        let mut d = post(Some(&format!("p{i}")), Some("a"), Some("2020-01-01T00:00:00Z"), name);
        change(&mut d);
        let mut b = store.batch().unwrap();
        let id = b.insert(&d, &plain(&d)).unwrap().id();
        b.commit().unwrap();
        assert_eq!(!raw_json_of(&store, id).is_empty(), *keeps_json, "{name}");
        assert_eq!(store.doc(id).unwrap().unwrap().raw, d, "{name}: doc()");
        assert_eq!(store.raw_docs_page(id - 1, 1).unwrap(), vec![(id, d)], "{name}: page");
    }
}

/// A row whose columns cannot be read is reported as corrupt, naming the document.
#[test]
fn raw110_unreadable_time_is_corrupt() {
    let mut store = Store::open_in_memory().unwrap();
    let d = post(Some("1"), Some("a"), Some("2020-01-01T00:00:00Z"), "x");
    let id = insert_all(&mut store, &[d])[0].id();
    store.conn.execute("UPDATE docs SET created_at = 'yesterday' WHERE id = ?1", [id]).unwrap();
    let err = store.doc(id).unwrap_err().to_string();
    assert!(err.contains(&format!("document {id}")) && err.contains("created_at"), "{err}");
    assert!(store.raw_docs_page(0, 5).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any document reads back exactly as it was stored, whether its JSON was kept or not.
    #[test]
    fn raw_any_doc_reads_back(
        id in proptest::option::of("[ 0-9a-z]{0,4}"),
        url in proptest::option::of("[ a-z:/.]{0,8}"),
        text in "\\PC{0,20}",
        author in proptest::option::of("\\PC{0,5}"),
        followers in proptest::option::of(any::<u64>()),
        likes in proptest::option::of(any::<u64>()),
        secs in proptest::option::of(-100_000_000_000i64..300_000_000_000),
        nanos in 0u32..1_000_000_000,
        line in any::<u64>(),
    ) {
        let mut store = Store::open_in_memory().unwrap();
        let d = RawDoc {
            platform: "twitter".into(),
            native_id: id,
            url,
            author,
            author_followers: followers,
            created_at: secs.and_then(|s| DateTime::from_timestamp(s, nanos)),
            text,
            engagement: citra_model::Engagement { likes, ..Default::default() },
            source: citra_model::SourceRef { path: "in.jsonl".into(), line },
            ..RawDoc::default()
        };
        let id = insert_all(&mut store, std::slice::from_ref(&d))[0].id();
        prop_assert_eq!(&store.doc(id).unwrap().unwrap().raw, &d);
        prop_assert_eq!(store.raw_docs_page(0, 5).unwrap(), vec![(id, d)]);
    }
}
