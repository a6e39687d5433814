//! Every source format on its fixture, field by field.

use chrono::{DateTime, Utc};
use citra_ingest::{ColumnMap, Error, Format, IngestOptions, RawDoc, Record, open};
use citra_model::Engagement;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read_with(path: &str, opts: &IngestOptions) -> (Format, Vec<Record>) {
    let r = open(path, opts).unwrap_or_else(|e| panic!("{path}: {e}"));
    let f = r.format();
    (f, r.collect())
}

fn read(name: &str) -> (Format, Vec<Record>) {
    read_with(&fixture(name), &IngestOptions::default())
}

fn oks(records: &[Record]) -> Vec<&RawDoc> {
    records.iter().filter_map(|r| r.as_ref().ok()).collect()
}

fn t(s: &str) -> Option<DateTime<Utc>> {
    Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

fn eng(
    reshares: Option<u64>,
    likes: Option<u64>,
    replies: Option<u64>,
    quotes: Option<u64>,
) -> Engagement {
    Engagement { reshares, likes, replies, quotes }
}

/// Checks every field but `source.path` and `text` (texts are checked separately).
#[allow(clippy::too_many_arguments)]
fn check(
    d: &RawDoc,
    platform: &str,
    native_id: Option<&str>,
    author: Option<&str>,
    created_at: &str,
    lang: Option<&str>,
    engagement: Engagement,
    line: u64,
) {
    let ctx = format!("{d:?}");
    assert_eq!(d.platform, platform, "{ctx}");
    assert_eq!(d.native_id.as_deref(), native_id, "{ctx}");
    assert_eq!(d.author.as_deref(), author, "{ctx}");
    assert_eq!(d.created_at, t(created_at), "{ctx}");
    assert_eq!(d.lang_hint.as_deref(), lang, "{ctx}");
    assert_eq!(d.engagement, engagement, "{ctx}");
    assert_eq!(d.source.line, line, "{ctx}");
}

#[test]
fn trump010_condensed_archive() {
    let (format, recs) = read("trump_2017_5.json");
    assert_eq!(format, Format::TrumpArchive);
    assert_eq!(recs.len(), 5);
    let docs = oks(&recs);
    assert_eq!(docs.len(), 5);
    let rows: &[(&str, &str, (u64, u64), &str)] = &[
        ("947824196909961216", "2018-01-01T13:37:52Z", (8237, 51473), "Will be leaving Florida"),
        ("947810806430826496", "2018-01-01T12:44:40Z", (14595, 53557), "Iran is failing"),
        ("947802588174577664", "2018-01-01T12:12:00Z", (49566, 138808), "The United States has"),
        ("946725057384108033", "2017-12-29T12:50:17Z", (15545, 0), "RT @charliekirk11: Incredible"),
        (
            "910233418474098688",
            "2017-09-19T20:05:32Z",
            (53528, 190807),
            "God bless the people of Mexico City.",
        ),
    ];
    for (i, (id, date, (rt, fav), start)) in rows.iter().enumerate() {
        let d = docs[i];
        check(
            d,
            "twitter",
            Some(id),
            Some("realDonaldTrump"),
            date,
            None,
            eng(Some(*rt), Some(*fav), None, None),
            i as u64 + 1,
        );
        assert!(d.text.starts_with(start), "{}", d.text);
        assert_eq!(d.reply_to, None);
        assert_eq!(d.url, None);
    }
    // Entities are kept as the archive has them; the normalize stage decodes them.
    assert!(docs[1].text.contains("food &amp; for freedom"));
    assert!(docs[3].text.ends_with("SA\u{2026}"));
}

#[test]
fn trump020_compressed_by_magic() {
    let (_, plain) = read("trump_2017_5.json");
    for name in ["trump_2017_5.json.gz", "trump_2017_5.zst.bin"] {
        let path = fixture(name);
        let r = open(&path, &IngestOptions::default()).unwrap();
        assert_eq!(r.format(), Format::TrumpArchive, "{name}");
        let total = r.total_bytes();
        assert_eq!(total, Some(std::fs::metadata(&path).unwrap().len()));
        let mut r = r;
        let recs: Vec<Record> = r.by_ref().collect();
        assert_eq!(r.bytes_read(), total.unwrap(), "{name}");
        let strip = |v: &[Record]| -> Vec<RawDoc> {
            v.iter()
                .map(|r| {
                    let mut d = r.clone().unwrap();
                    d.source.path.clear();
                    d
                })
                .collect()
        };
        assert_eq!(strip(&recs), strip(&plain), "{name}");
    }
}

#[test]
fn ira010_csv() {
    let (format, recs) = read("ira_5.csv");
    assert_eq!(format, Format::Csv);
    let docs = oks(&recs);
    assert_eq!(docs.len(), 5, "{recs:?}");
    let rows: &[(&str, &str, &str, u64, &str)] = &[
        ("10_gop", "2017-09-07T21:45:00Z", "en", 20, "There's a White House petition"),
        ("10_gop", "2017-09-08T02:32:00Z", "en", 190, "Friends - Please FOLLOW"),
        ("1488reasons", "2016-10-11T09:07:00Z", "ru", 6360, "Повод #2 Reuters"),
        ("berkhoff85", "2016-06-03T11:13:00Z", "de", 712, "Worauf hoffen die #Flüchtlinge"),
        ("4ever1937", "2016-09-17T22:25:00Z", "uk", 4460, "Баронова - старая чекистка"),
    ];
    for (i, (author, date, lang, followers, start)) in rows.iter().enumerate() {
        let d = docs[i];
        // The IRA file has no post id; the store keys such posts by content hash.
        check(
            d,
            "twitter",
            None,
            Some(author),
            date,
            Some(lang),
            Engagement::default(),
            i as u64 + 2,
        );
        assert_eq!(d.author_followers, Some(*followers));
        assert!(d.text.starts_with(start), "{}", d.text);
    }
    assert!(docs[0].text.contains("sign &amp; Retweet"));
}

#[test]
fn jokowi010_split_dates_and_mangled_ids() {
    let (format, recs) = read("jokowi_3.csv");
    assert_eq!(format, Format::Csv);
    let docs = oks(&recs);
    assert_eq!(docs.len(), 3, "{recs:?}");
    let rows: &[(&str, (u64, u64), u64, &str)] = &[
        (
            "2017-12-07T05:06:48Z",
            (36807, 36630),
            2,
            "Indonesia mengecam keras pengakuan sepihak Amerika Serikat",
        ),
        ("2018-08-29T11:31:05Z", (30579, 48791), 3, "Usai merebut medali emas"),
        ("2018-08-19T11:25:34Z", (21122, 36733), 6, "Selamat kepada Defia Rosmaniar"),
    ];
    for (i, (date, (rt, fav), line, start)) in rows.iter().enumerate() {
        let d = docs[i];
        // "9.3863588440808998E+17" is what a spreadsheet left of the id: no id.
        check(d, "twitter", None, None, date, None, eng(Some(*rt), Some(*fav), None, None), *line);
        assert!(d.text.starts_with(start), "{}", d.text);
    }
    assert!(docs[1].text.contains("putih.\n\nSelamat kepada para atlet"));
}

#[test]
fn pompeo010_csv() {
    let (_, recs) = read("pompeo_3.csv");
    let docs = oks(&recs);
    assert_eq!(docs.len(), 3, "{recs:?}");
    let rows: &[(&str, (u64, u64), &str)] = &[
        ("2019-11-18T20:37:00Z", (206, 694), "I look forward to joining @JensStoltenberg"),
        ("2019-11-18T20:19:00Z", (543, 1739), "The U.S. is increasing pressure"),
        ("2019-11-16T14:00:00Z", (820, 2886), "The way forward is clear"),
    ];
    for (i, (date, (rt, fav), start)) in rows.iter().enumerate() {
        let d = docs[i];
        // "1.20E+18" is shared by many rows: no id.
        check(
            d,
            "twitter",
            None,
            None,
            date,
            None,
            eng(Some(*rt), Some(*fav), None, None),
            i as u64 + 2,
        );
        assert!(d.text.starts_with(start), "{}", d.text);
    }
}

#[test]
fn twitter010_v1_lines() {
    let (format, recs) = read("twitter_v1.jsonl");
    assert_eq!(format, Format::TwitterJson);
    let docs = oks(&recs);
    assert_eq!(docs.len(), 4, "{recs:?}");
    let d = docs[0];
    check(
        d,
        "twitter",
        Some("1194723618813730817"),
        Some("jokowi"),
        "2019-11-13T21:04:14Z",
        Some("in"),
        eng(Some(2500), Some(15000), Some(340), Some(12)),
        1,
    );
    // extended_tweet.full_text wins over the truncated text.
    assert!(d.text.ends_with("Terima kasih, PM Morrison. https://t.co/abc"), "{}", d.text);
    assert_eq!(d.author_name.as_deref(), Some("Joko Widodo"));
    assert_eq!(d.author_followers, Some(13_512_345));
    assert_eq!(
        (d.reply_to.as_deref(), d.reshare_of.as_deref(), d.quote_of.as_deref()),
        (None, None, None)
    );

    let d = docs[1];
    check(
        d,
        "twitter",
        Some("1194783000000000001"),
        Some("warganet"),
        "2019-11-14T01:00:00Z",
        Some("in"),
        eng(Some(2500), Some(0), None, None),
        2,
    );
    assert_eq!(d.reshare_of.as_deref(), Some("1194723618813730817"));
    assert!(d.text.starts_with("RT @jokowi:"));

    let d = docs[2];
    check(
        d,
        "twitter",
        Some("1194805000000000002"),
        Some("siti_r"),
        "2019-11-14T02:30:00Z",
        Some("in"),
        eng(Some(0), Some(3), Some(1), Some(0)),
        3,
    );
    assert_eq!(d.reply_to.as_deref(), Some("1194723618813730817"));

    let d = docs[3];
    check(
        d,
        "twitter",
        Some("1194816000000000003"),
        Some("analopez"),
        "2019-11-14T03:15:00Z",
        Some("en"),
        eng(Some(7), Some(31), None, None),
        4,
    );
    assert_eq!(d.quote_of.as_deref(), Some("1194723618813730817"));
    assert_eq!(d.author_name.as_deref(), Some("Ana López"));
}

#[test]
fn twitter020_v2_pages() {
    let (format, recs) = read("twitter_v2_pages.jsonl");
    assert_eq!(format, Format::TwitterJson);
    let docs = oks(&recs);
    assert_eq!(docs.len(), 4, "{recs:?}");
    let d = docs[0];
    check(
        d,
        "twitter",
        Some("1460323737035677698"),
        Some("Kemlu_RI"),
        "2021-11-15T18:40:10Z",
        Some("in"),
        eng(Some(11), Some(70), Some(2), Some(1)),
        1,
    );
    assert_eq!(d.author_name.as_deref(), Some("Kementerian Luar Negeri RI"));
    assert_eq!(d.author_followers, Some(1_200_000));
    assert_eq!(d.text, "Indonesia dan Amerika Serikat sepakat memperkuat kemitraan strategis.");

    let d = docs[1];
    check(
        d,
        "twitter",
        Some("1460323737035677699"),
        Some("globalwatch"),
        "2021-11-15T19:02:00Z",
        Some("en"),
        eng(Some(0), Some(5), Some(0), Some(0)),
        1,
    );
    assert_eq!(d.reply_to.as_deref(), Some("1460323737035677698"));
    assert_eq!(d.author_followers, Some(310));

    let d = docs[2];
    check(
        d,
        "twitter",
        Some("1460400000000000001"),
        Some("budi_s"),
        "2021-11-16T00:00:00Z",
        None,
        eng(Some(11), Some(0), Some(0), Some(0)),
        2,
    );
    assert_eq!(d.reshare_of.as_deref(), Some("1460323737035677698"));

    // An author missing from includes: the author id stands in for the handle.
    let d = docs[3];
    check(
        d,
        "twitter",
        Some("1460400000000000002"),
        Some("100"),
        "2021-11-16T01:00:00Z",
        Some("en"),
        Engagement::default(),
        2,
    );
    assert_eq!(d.quote_of.as_deref(), Some("1460323737035677698"));
    assert_eq!(d.author_name, None);
}

#[test]
fn twitter030_v2_single_pretty_page() {
    let (format, recs) = read("twitter_v2_page.json");
    assert_eq!(format, Format::TwitterJson);
    let docs = oks(&recs);
    assert_eq!(docs.len(), 1, "{recs:?}");
    check(
        docs[0],
        "twitter",
        Some("1460323737035677698"),
        Some("Kemlu_RI"),
        "2021-11-15T18:40:10Z",
        Some("in"),
        eng(Some(11), Some(70), Some(2), Some(1)),
        1,
    );
}

#[test]
fn twitter040_array_of_v1_and_bad_element() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tweets.json");
    std::fs::write(
        &path,
        r#"[{"id_str":"1","full_text":"Uno","created_at":"Wed Nov 13 21:04:14 +0000 2019","user":{"screen_name":"a"}},
            {"id_str":"2","full_text":"","created_at":"Wed Nov 13 21:04:14 +0000 2019","user":{"screen_name":"b"}},
            {"id_str":"3","full_text":"Tres","created_at":"Wed Nov 13 21:04:14 +0000 2019","user":{"screen_name":"c"}}]"#,
    )
    .unwrap();
    let (format, recs) = read_with(path.to_str().unwrap(), &IngestOptions::default());
    assert_eq!(format, Format::TwitterJson);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0].as_ref().unwrap().text, "Uno");
    let e = recs[1].as_ref().unwrap_err();
    assert_eq!(e.source.line, 2);
    assert!(e.reason.starts_with("text:"), "{}", e.reason);
    assert!(e.raw.contains("\"id_str\":\"2\""));
    assert_eq!(recs[2].as_ref().unwrap().author.as_deref(), Some("c"));
}

#[test]
fn tweetsjs010_archive() {
    let (format, recs) = read("tweets.js");
    assert_eq!(format, Format::TweetsJs);
    let docs = oks(&recs);
    assert_eq!(docs.len(), 2, "{recs:?}");
    let d = docs[0];
    check(
        d,
        "twitter",
        Some("1590000000000000001"),
        None,
        "2022-11-08T14:30:00Z",
        Some("in"),
        eng(Some(3), Some(12), None, None),
        1,
    );
    assert_eq!(d.text, "Festival film Indonesia di Meksiko: budaya kita disambut hangat. 🇮🇩🇲🇽");
    let d = docs[1];
    check(
        d,
        "twitter",
        Some("1590000000000000002"),
        None,
        "2022-11-08T15:00:00Z",
        Some("in"),
        eng(Some(0), Some(0), None, None),
        2,
    );
    assert_eq!(d.reply_to.as_deref(), Some("1590000000000000001"));
}

#[test]
fn feed010_rss2() {
    let (format, recs) = read("feed_rss2.xml");
    assert_eq!(format, Format::Feed);
    assert_eq!(recs.len(), 3);
    let d = recs[0].as_ref().unwrap();
    check(
        d,
        "rss",
        Some("berita-2019-11-13-001"),
        Some("Rina Hartono"),
        "2019-11-13T14:04:14Z",
        Some("id"),
        Engagement::default(),
        1,
    );
    assert_eq!(d.url.as_deref(), Some("https://berita.example.id/2019/11/13/menlu-ri-meksiko"));
    assert_eq!(d.title.as_deref(), Some("Menlu RI bertemu Menlu Meksiko di Jakarta"));
    assert_eq!(
        d.text,
        "Menlu RI bertemu Menlu Meksiko di Jakarta\n\nKedua menteri membahas perdagangan & pariwisata."
    );

    let d = recs[1].as_ref().unwrap();
    check(
        d,
        "rss",
        Some("https://berita.example.id/2019/11/14/coco"),
        Some("redaksi@berita.example.id (Redaksi)"),
        "2019-11-14T08:00:00Z",
        Some("id"),
        Engagement::default(),
        2,
    );
    assert_eq!(d.title.as_deref(), Some("Film \"Coco\" & citra Meksiko"));
    // content:encoded wins over the description; scripts and "Baca juga" lines are dropped.
    assert_eq!(
        d.text,
        "Film \"Coco\" & citra Meksiko\n\nFilm keluarga tentang budaya Meksiko.\n\nPenonton Indonesia menyukainya."
    );

    let e = recs[2].as_ref().unwrap_err();
    assert_eq!(e.source.line, 3);
    assert!(e.reason.starts_with("created_at: cannot parse 'kemarin sore'"), "{}", e.reason);
    assert!(e.raw.starts_with("<item>") && e.raw.ends_with("</item>"), "{}", e.raw);
}

#[test]
fn feed020_atom() {
    let (format, recs) = read("feed_atom.xml");
    assert_eq!(format, Format::Feed);
    let docs = oks(&recs);
    assert_eq!(docs.len(), 2, "{recs:?}");
    let d = docs[0];
    check(
        d,
        "rss",
        Some("tag:noticias.example.mx,2019:1"),
        Some("Lucía Pérez"),
        "2019-11-14T15:30:00Z",
        Some("es"),
        Engagement::default(),
        1,
    );
    assert_eq!(d.url.as_deref(), Some("https://noticias.example.mx/2019/11/acuerdo"));
    assert_eq!(d.title.as_deref(), Some("México e Indonesia firman acuerdo & plan cultural"));
    assert_eq!(
        d.text,
        "México e Indonesia firman acuerdo & plan cultural\n\nLos cancilleres firmaron el acuerdo.\n\nEl plan incluye cine y turismo."
    );
    let d = docs[1];
    check(
        d,
        "rss",
        Some("tag:noticias.example.mx,2019:2"),
        None,
        "2019-11-15T00:00:00Z",
        Some("es"),
        Engagement::default(),
        2,
    );
    assert_eq!(d.text, "Solo actualizado\n\nTexto del resumen.");
}

#[test]
fn html010_article() {
    let (format, recs) = read("article.html");
    assert_eq!(format, Format::Html);
    assert_eq!(recs.len(), 1);
    let d = recs[0].as_ref().unwrap();
    check(
        d,
        "web",
        None,
        Some("Rina Hartono"),
        "2019-11-13T07:04:14Z",
        Some("id"),
        Engagement::default(),
        1,
    );
    assert_eq!(
        d.url.as_deref(),
        Some("https://www.contoh.example/diplomasi/2019/11/13/diplomasi-publik")
    );
    assert_eq!(d.title.as_deref(), Some("Diplomasi Publik di Media Sosial"));
    assert!(d.text.starts_with("Ada pula diplomasi publik"), "{}", d.text);
    assert!(d.text.ends_with("upaya budaya yang sabar dapat memulihkannya."), "{}", d.text);
    assert_eq!(d.text.matches("\n\n").count(), 3, "{}", d.text);
    for boilerplate in [
        "Beranda",
        "Olahraga",
        "Baca juga",
        "Osaka",
        "Bagikan",
        "Artikel Terkait",
        "Copyright",
        "Baca konten",
        "dataLayer",
    ] {
        assert!(!d.text.contains(boilerplate), "{boilerplate} in {}", d.text);
    }
}

#[test]
fn text010_article() {
    let (format, recs) = read("article.txt");
    assert_eq!(format, Format::Text);
    let d = recs[0].as_ref().unwrap();
    assert_eq!(d.platform, "web");
    assert_eq!(d.native_id, None);
    assert_eq!(d.url, None);
    assert_eq!(d.created_at, None);
    assert_eq!(d.title.as_deref(), Some("Diplomasi Publik di Media Sosial"));
    assert_eq!(d.text, std::fs::read_to_string(fixture("article.txt")).unwrap());
}

#[test]
fn jsonl010_broken_middle_line() {
    let (format, recs) = read("broken_middle.jsonl");
    assert_eq!(format, Format::Jsonl);
    assert_eq!(recs.len(), 6);
    let ok: Vec<(u64, Option<&str>)> =
        oks(&recs).iter().map(|d| (d.source.line, d.native_id.as_deref())).collect();
    assert_eq!(ok, vec![(1, Some("1")), (3, Some("3")), (7, Some("6"))]);
    let errs: Vec<(u64, &str)> = recs
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| (e.source.line, e.reason.as_str()))
        .collect();
    assert_eq!(errs.len(), 3);
    assert_eq!(errs[0].0, 2);
    assert!(errs[0].1.starts_with("invalid JSON: EOF while parsing an object"), "{}", errs[0].1);
    assert_eq!(errs[1].0, 4);
    assert!(errs[1].1.starts_with("text:") && errs[1].1.contains("'text'"), "{}", errs[1].1);
    assert_eq!(errs[2].0, 5);
    assert!(errs[2].1.starts_with("created_at: cannot parse 'next tuesday'"), "{}", errs[2].1);
    let bad = recs[1].as_ref().unwrap_err();
    assert!(bad.raw.starts_with("{\"id\":\"2\""));
    assert!(bad.source.path.ends_with("broken_middle.jsonl"));

    let d = recs[0].as_ref().unwrap();
    check(
        d,
        "file",
        Some("1"),
        Some("jokowi"),
        "2017-12-07T05:06:48Z",
        Some("in"),
        Engagement::default(),
        1,
    );
    let d = recs[2].as_ref().unwrap();
    // A retweet_count column marks the record as a tweet; '@' is dropped from handles.
    check(
        d,
        "twitter",
        Some("3"),
        Some("realDonaldTrump"),
        "2017-01-26T12:00:00Z",
        Some("en"),
        eng(Some(1234), None, None, None),
        3,
    );
    assert_eq!(recs[5].as_ref().unwrap().created_at, None);
}

#[test]
fn map010_column_map_jsonl_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("x.jsonl");
    std::fs::write(
        &jsonl,
        r#"{"post":{"body":"Indonesia dan Meksiko","who":{"h":"kemlu"}},"ts":"2019-11-13","n":"9","pid":"77","link":"https://x.example/77","src":"Mastodon"}"#,
    )
    .unwrap();
    let opts = IngestOptions {
        map: ColumnMap::parse(
            "text=post.body,author=post.who.h,created_at=ts,likes=n,id=pid,platform=src",
        )
        .unwrap(),
        ..IngestOptions::default()
    };
    let (_, recs) = read_with(jsonl.to_str().unwrap(), &opts);
    let d = recs[0].as_ref().unwrap();
    check(
        d,
        "mastodon",
        Some("77"),
        Some("kemlu"),
        "2019-11-13T00:00:00Z",
        None,
        eng(None, Some(9), None, None),
        1,
    );
    assert_eq!(d.url.as_deref(), Some("https://x.example/77"));
    assert_eq!(d.text, "Indonesia dan Meksiko");

    let csv = dir.path().join("x.tsv");
    std::fs::write(&csv, "when\tbody_text\tkind\n11/18/19 20:37\tHalo Meksiko\tpost\n").unwrap();
    let opts = IngestOptions {
        map: ColumnMap::parse("text=body_text,created_at=when").unwrap(),
        platform: Some("mastodon".into()),
        ..IngestOptions::default()
    };
    let (format, recs) = read_with(csv.to_str().unwrap(), &opts);
    assert_eq!(format, Format::Csv);
    let d = recs[0].as_ref().unwrap();
    check(d, "mastodon", None, None, "2019-11-18T20:37:00Z", None, Engagement::default(), 2);
    assert_eq!(d.text, "Halo Meksiko");

    // A mapped column that is not in the header: one error naming it, then nothing.
    let opts =
        IngestOptions { map: ColumnMap::parse("text=nope").unwrap(), ..IngestOptions::default() };
    let (_, recs) = read_with(csv.to_str().unwrap(), &opts);
    assert_eq!(recs.len(), 1);
    let e = recs[0].as_ref().unwrap_err();
    assert!(e.reason.contains("'nope'") && e.reason.contains("body_text"), "{}", e.reason);
    // No text column and no map: one error that says what to pass.
    let (_, recs) = read_with(csv.to_str().unwrap(), &IngestOptions::default());
    assert_eq!(recs.len(), 1);
    assert!(recs[0].as_ref().unwrap_err().reason.contains("--map text=COLUMN"));
}

#[test]
fn open010_errors() {
    let err = open("/nonexistent/dir/posts.jsonl", &IngestOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    // The message names the path; the cause is the error's source, not repeated in it (a
    // caller that prints the chain would print it twice).
    assert_eq!(err.to_string(), "cannot read /nonexistent/dir/posts.jsonl");
    let cause = std::error::Error::source(&err).expect("the I/O error as source").to_string();
    assert!(cause.contains("No such file"), "{cause}");
    assert!(!err.to_string().contains(&cause));

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes");
    std::fs::write(&p, "just some words").unwrap();
    let err = open(p.to_str().unwrap(), &IngestOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::UnknownFormat { .. }));
    assert!(
        msg.contains("notes") && msg.contains("--format") && msg.contains("tweets-js"),
        "{msg}"
    );
    // With the format given, it reads.
    let opts = IngestOptions { format: Some(Format::Text), ..IngestOptions::default() };
    let (_, recs) = read_with(p.to_str().unwrap(), &opts);
    assert_eq!(recs[0].as_ref().unwrap().text, "just some words");

    // A zstd magic with a broken frame header.
    let z = dir.path().join("bad.zst");
    std::fs::write(&z, [0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff]).unwrap();
    let err = open(z.to_str().unwrap(), &IngestOptions::default()).unwrap_err();
    assert!(err.to_string().contains("zstd"), "{err}");
}

#[test]
fn platform010_override() {
    let opts = IngestOptions { platform: Some("x".into()), ..IngestOptions::default() };
    let (_, recs) = read_with(&fixture("trump_2017_5.json"), &opts);
    assert!(recs.iter().all(|r| r.as_ref().unwrap().platform == "x"));
}

#[test]
fn jsonl020_nested_user_fields_by_default() {
    let opts = IngestOptions { format: Some(Format::Jsonl), ..IngestOptions::default() };
    let (format, recs) = read_with(&fixture("twitter_v1.jsonl"), &opts);
    assert_eq!(format, Format::Jsonl);
    let d = recs[0].as_ref().unwrap();
    assert_eq!(d.author.as_deref(), Some("jokowi"));
    assert_eq!(d.author_name.as_deref(), Some("Joko Widodo"));
    assert_eq!(d.author_followers, Some(13_512_345));
    assert_eq!(d.native_id.as_deref(), Some("1194723618813730817"));
    assert_eq!(d.platform, "twitter");
}

#[test]
fn twitter050_page_opening_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.json");
    std::fs::write(
        &path,
        "{\"data\": [\n {\"id\": \"5\", \"text\": \"Halo\", \"created_at\": \"2021-11-15T18:40:10Z\", \"author_id\": \"9\"}\n],\n\"includes\": {\"users\": [{\"id\": \"9\", \"username\": \"u9\"}]}}\n",
    )
    .unwrap();
    let (format, recs) = read_with(path.to_str().unwrap(), &IngestOptions::default());
    assert_eq!(format, Format::TwitterJson);
    assert_eq!(recs.len(), 1, "{recs:?}");
    let d = recs[0].as_ref().unwrap();
    assert_eq!((d.native_id.as_deref(), d.author.as_deref()), (Some("5"), Some("u9")));
}

#[test]
fn html020_short_page_without_article_element() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.html");
    std::fs::write(
        &path,
        "<html><head><title>Singkat</title><meta property=\"og:url\" content=\"https://x.example/s\"></head>\
         <body><nav><a href=\"/\">Beranda</a> <a href=\"/a\">Berita</a></nav>\
         <div><p>Indonesia dan Meksiko menandatangani nota kesepahaman.</p>\
         <p>Baca juga: Berita lain</p></div><footer>Hak cipta</footer></body></html>",
    )
    .unwrap();
    let (format, recs) = read_with(path.to_str().unwrap(), &IngestOptions::default());
    assert_eq!(format, Format::Html);
    let d = recs[0].as_ref().unwrap();
    assert_eq!(d.text, "Indonesia dan Meksiko menandatangani nota kesepahaman.");
    assert_eq!(d.url.as_deref(), Some("https://x.example/s"));
    assert_eq!(d.title.as_deref(), Some("Singkat"));
    assert_eq!(d.created_at, None);
}

#[test]
fn csv010_bom_and_blank_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.csv");
    std::fs::write(
        &path,
        "\u{feff}id,text,date\n1,Halo,2019-01-01\n2,,2019-01-02\n3,Hola,2019-01-03\n",
    )
    .unwrap();
    let (_, recs) = read_with(path.to_str().unwrap(), &IngestOptions::default());
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0].as_ref().unwrap().native_id.as_deref(), Some("1"));
    let e = recs[1].as_ref().unwrap_err();
    assert_eq!(e.source.line, 3);
    assert!(e.reason.contains("'text'"), "{}", e.reason);
    assert_eq!(e.raw, "2,,2019-01-02");
    assert_eq!(recs[2].as_ref().unwrap().source.line, 4);
}

#[test]
fn compress010_multi_member_gzip_and_multi_frame_zstd() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let plain = std::fs::read(fixture("broken_middle.jsonl")).unwrap();
    let mut gz = Vec::new();
    for _ in 0..2 {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&plain).unwrap();
        gz.extend(enc.finish().unwrap());
    }
    let zst = std::fs::read(fixture("broken_middle.jsonl.zst")).unwrap();
    let zst2 = [zst.clone(), zst].concat();
    for (name, bytes) in [("two.jsonl.gz", gz), ("two.jsonl.zst", zst2)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (format, recs) = read_with(path.to_str().unwrap(), &IngestOptions::default());
        assert_eq!(format, Format::Jsonl, "{name}");
        let lines: Vec<u64> = oks(&recs).iter().map(|d| d.source.line).collect();
        assert_eq!(lines, vec![1, 3, 7, 8, 10, 14], "{name}");
        assert_eq!(recs.len(), 12, "{name}");
    }
}

#[test]
fn reader010_is_send() {
    fn send<T: Send>() {}
    send::<citra_ingest::Reader>();
}

#[test]
fn twitter060_stream_notices_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stream.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"delete":{"status":{"id":1,"id_str":"1","user_id":3,"user_id_str":"3"},"timestamp_ms":"1573679054000"}}"#, "\n",
            r#"{"limit":{"track":12,"timestamp_ms":"1573679054000"}}"#, "\n",
            r#"{"id_str":"2","text":"Halo","created_at":"Wed Nov 13 21:04:14 +0000 2019","user":{"id_str":"77"}}"#, "\n",
        ),
    )
    .unwrap();
    let (format, recs) = read_with(path.to_str().unwrap(), &IngestOptions::default());
    assert_eq!(format, Format::TwitterJson);
    assert_eq!(recs.len(), 1, "{recs:?}");
    let d = recs[0].as_ref().unwrap();
    assert_eq!((d.source.line, d.author.as_deref()), (3, Some("77")));
}

/// Writes `bytes` to `name` in `dir` and reads it with `opts`.
fn read_bytes(
    dir: &tempfile::TempDir,
    name: &str,
    bytes: &[u8],
    opts: &IngestOptions,
) -> (citra_ingest::ReadReport, Vec<Record>) {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let r = open(path.to_str().unwrap(), opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let report = r.report();
    (report, r.collect())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

#[test]
fn trump030_one_object_per_line_reads_like_the_array() {
    // Issue 12, item 2: a Trump-archive file written one object per line was taken for the
    // archive's array and read as 1 rejected record.
    let (_, array) = read("trump_2017_5.json");
    assert_eq!(oks(&array).len(), 5);
    let lines = std::fs::read(fixture("trump_2017_5.jsonl")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let rows: &[(&str, &[u8])] = &[
        ("condensed.jsonl", &lines),
        ("condensed.ndjson", &lines),
        ("condensed.json", &lines),
        ("condensed", &lines),
        ("condensed.jsonl.gz", &gzip(&lines)),
        (
            "crlf.jsonl",
            &String::from_utf8(lines.clone()).unwrap().replace('\n', "\r\n").into_bytes(),
        ),
    ];
    for (name, bytes) in rows {
        let (report, recs) = read_bytes(&dir, name, bytes, &IngestOptions::default());
        assert!(recs.iter().all(Result::is_ok), "{name}: {recs:?}");
        assert_eq!(recs.len(), 5, "{name}");
        for (got, want) in oks(&recs).iter().zip(oks(&array)) {
            let want = RawDoc { source: got.source.clone(), ..want.clone() };
            assert_eq!(**got, want, "{name}");
        }
        assert_eq!(report.counts().documents, 5, "{name}");
        assert!(report.warnings().is_empty(), "{name}: {:?}", report.warnings());
    }
    // Standard input has no name: the content decides.
    let head = &lines[..lines.len().min(8192)];
    assert_eq!(citra_ingest::detect("-", head), Some(Format::TrumpArchive));
    // The account archive converted to one `{"tweet": …}` per line reads too.
    let (_, js) = read("tweets.js");
    let tweets: Vec<serde_json::Value> = {
        let text = std::fs::read_to_string(fixture("tweets.js")).unwrap();
        let array = text.split_once('=').unwrap().1;
        serde_json::from_str(array).unwrap()
    };
    let jsonl: String = tweets.iter().map(|t| format!("{t}\n")).collect();
    let opts = IngestOptions { format: Some(Format::TweetsJs), ..IngestOptions::default() };
    let (_, recs) = read_bytes(&dir, "tweets.jsonl", jsonl.as_bytes(), &opts);
    assert_eq!(oks(&recs).len(), oks(&js).len());
    assert_eq!(oks(&recs)[0].text, oks(&js)[0].text);
}

#[test]
fn trump040_wrong_format_says_so() {
    // A CSV read as the archive's array: one rejected record from many lines, said loudly.
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,text\n1,a\n2,b\n3,c\n";
    let opts = IngestOptions { format: Some(Format::TrumpArchive), ..IngestOptions::default() };
    let (report, recs) = read_bytes(&dir, "posts.csv", csv.as_bytes(), &opts);
    assert_eq!(recs.len(), 1);
    assert!(report.read_nothing());
    let w = report.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("posts.csv: no document could be read"), "{w:?}");
    assert!(w[0].contains("4 lines") && w[0].contains("taken as one record"), "{w:?}");
    assert!(w[0].contains("--format"), "{w:?}");
}

/// Posts with the accents and punctuation that legacy encodings damage.
const POSTS: &[(&str, &str, &str)] = &[
    ("1", "México no pagará por el muro, señor", "2017-01-26 12:00:00"),
    ("2", "Die Grenze zu Österreich ist geschlossen – großes Thema", "2017-01-27 08:30:00"),
    ("3", "L'été à Paris: « très chaud » et café", "2017-01-28 09:00:00"),
    ("4", "plain ASCII, with a comma", "2017-01-29 10:00:00"),
];

/// The posts as a table with `sep` between columns and a header naming `date_col`.
fn table(sep: &str, date_col: &str) -> String {
    let mut s = format!("id{sep}text{sep}{date_col}\r\n");
    for (id, text, date) in POSTS {
        let text = if text.contains(sep) { format!("\"{text}\"") } else { (*text).to_owned() };
        s.push_str(&format!("{id}{sep}{text}{sep}{date}\r\n"));
    }
    s
}

fn latin1(s: &str) -> Vec<u8> {
    s.chars().map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 char")).collect()
}

fn windows(enc: &'static encoding_rs::Encoding, s: &str) -> Vec<u8> {
    let (bytes, _, lossy) = enc.encode(s);
    assert!(!lossy, "{s} in {}", enc.name());
    bytes.into_owned()
}

fn utf16le(s: &str, bom: bool) -> Vec<u8> {
    let mut v = if bom { vec![0xff, 0xfe] } else { vec![] };
    v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

#[test]
fn encoding010_spreadsheet_exports_read_as_the_spreadsheet_shows_them() {
    // Issue 12, item 3: non-UTF-8 input was silently replaced with U+FFFD.
    use citra_ingest::ChosenBy::{ByteOrderMark, Detected, Given};
    let comma = table(",", "created_at").replace('–', "-");
    let semi = table(";", "created_at").replace('–', "-");
    let tab = table("\t", "created_at");
    let cp1252 = |s: &str| windows(encoding_rs::WINDOWS_1252, s);
    let given = |label: &str| IngestOptions { encoding: Some(label.into()), ..Default::default() };
    let none = IngestOptions::default();
    let rows: Vec<(&str, Vec<u8>, IngestOptions, &str, citra_ingest::ChosenBy)> = vec![
        ("latin1.csv", latin1(&comma), none.clone(), "windows-1252", Detected),
        (
            "excel-semicolon.csv",
            cp1252(&table(";", "created_at")),
            none.clone(),
            "windows-1252",
            Detected,
        ),
        (
            "utf8-bom-semicolon.csv",
            [&b"\xef\xbb\xbf"[..], semi.as_bytes()].concat(),
            none.clone(),
            "UTF-8",
            ByteOrderMark,
        ),
        ("unicode-text.txt", utf16le(&tab, true), none.clone(), "UTF-16LE", ByteOrderMark),
        ("unicode-text.csv", utf16le(&tab, false), none.clone(), "UTF-16LE", Detected),
        ("latin1.csv.gz", gzip(&latin1(&comma)), none.clone(), "windows-1252", Detected),
        (
            "cp1252.csv.zst",
            zstd(&cp1252(&table(",", "created_at"))),
            none.clone(),
            "windows-1252",
            Detected,
        ),
        ("given.csv", latin1(&comma), given("latin1"), "windows-1252", Given),
        ("given-utf16.csv", utf16le(&comma, true), given("utf-16le"), "UTF-16LE", Given),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, opts, encoding, chosen_by) in &rows {
        let (report, recs) = read_bytes(&dir, name, bytes, opts);
        let docs = oks(&recs);
        assert_eq!(docs.len(), POSTS.len(), "{name}: {recs:?}");
        for (doc, (id, text, _)) in docs.iter().zip(POSTS) {
            // Latin-1 has no en dash: those tables carry a hyphen.
            let hyphen = text.replace('–', "-");
            assert!(doc.text == *text || doc.text == hyphen, "{name}: {:?} != {text:?}", doc.text);
            assert_eq!(doc.native_id.as_deref(), Some(*id), "{name}");
            assert!(doc.created_at.is_some(), "{name}");
        }
        let d = report.decoding();
        assert_eq!((d.encoding, d.chosen_by), (*encoding, *chosen_by), "{name}");
        assert_eq!(d.replacements, 0, "{name}");
        assert!(report.warnings().is_empty(), "{name}: {:?}", report.warnings());
        assert!(docs.iter().all(|doc| report.diagnostics_for(doc).is_empty()), "{name}");
    }
}

#[test]
fn encoding020_lossy_repairs_are_counted_and_diagnosed() {
    let dir = tempfile::tempdir().unwrap();
    // UTF-8 with one stray byte on line 3: still UTF-8, one U+FFFD, and it is said.
    let mut bytes = table(",", "created_at").into_bytes();
    let at = bytes.windows(5).position(|w| w == b"Paris").unwrap();
    bytes.insert(at, 0xff);
    let (report, recs) = read_bytes(&dir, "stray.csv", &bytes, &IngestOptions::default());
    let docs = oks(&recs);
    assert_eq!(docs.len(), 4);
    let d = report.decoding();
    assert_eq!((d.encoding, d.replacements, d.first_damaged_lines.clone()), ("UTF-8", 1, vec![4]));
    let damaged = docs[2];
    assert!(damaged.text.contains("\u{fffd}Paris"), "{}", damaged.text);
    let diags = report.diagnostics_for(damaged);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, citra_ingest::UNDECODABLE);
    assert_eq!(diags[0].span.unwrap().slice(&damaged.text), Some("\u{fffd}"));
    assert!(diags[0].message.contains("stray.csv:4"), "{}", diags[0].message);
    assert!(report.diagnostics_for(docs[0]).is_empty());
    let w = report.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with(&format!(
            "{}: 1 byte sequence not valid UTF-8",
            dir.path().join("stray.csv").display()
        )),
        "{w:?}"
    );
    assert!(w[0].contains("(first: 4)") && w[0].contains("--encoding"), "{w:?}");
    // A wrong label: the damage is counted, not hidden.
    let opts = IngestOptions { encoding: Some("utf-8".into()), ..Default::default() };
    let (report, _) =
        read_bytes(&dir, "latin1.csv", &latin1(&table(",", "created_at").replace('–', "-")), &opts);
    assert!(report.decoding().replacements >= 10, "{:?}", report.decoding());
    assert_eq!(report.warnings().len(), 1);
    // An unknown label is an error before anything is read.
    let opts = IngestOptions { encoding: Some("latin-9000".into()), ..Default::default() };
    let err = open(&fixture("ira_5.csv"), &opts).unwrap_err().to_string();
    assert!(err.contains("'latin-9000'") && err.contains("windows-1252"), "{err}");
}

#[test]
fn compress030_truncated_stream_keeps_what_decodes() {
    // Issue 12, item 4: a truncated zstd file lost every record, where gzip kept them.
    let mut text = String::new();
    for i in 1..=3000 {
        text.push_str(&format!(
            "{{\"id\":\"{i}\",\"text\":\"post {i}: México y Estados Unidos, {}\",\"created_at\":\"2019-01-01T00:00:00Z\"}}\n",
            i * 7919 % 104_729
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, whole) in
        [("cut.jsonl.gz", gzip(text.as_bytes())), ("cut.jsonl.zst", zstd(text.as_bytes()))]
    {
        for keep in [whole.len() * 2 / 3, whole.len() - 10, 200] {
            let (_, recs) = read_bytes(&dir, name, &whole[..keep], &IngestOptions::default());
            let docs = oks(&recs);
            // The documents are the file's first ones, in order, and then one error.
            for (i, d) in docs.iter().enumerate() {
                assert_eq!(d.native_id.as_deref(), Some((i + 1).to_string().as_str()), "{name}");
            }
            assert_eq!(recs.len(), docs.len() + 1, "{name} cut at {keep}");
            let err = recs.last().unwrap().as_ref().unwrap_err();
            let codec = if name.ends_with("gz") { "gzip" } else { "zstd" };
            assert!(
                err.reason.contains(codec) && err.reason.contains("cut short"),
                "{}",
                err.reason
            );
            assert_eq!(err.source.line, docs.len() as u64 + 1, "{name}");
            if keep > 1000 {
                assert!(
                    docs.len() > 1000,
                    "{name} cut at {keep}: only {} documents kept",
                    docs.len()
                );
            }
        }
    }
}

#[test]
fn csv020_dates_in_created_and_unrecognised_columns() {
    // Issue 12, item 10: `created` (R's twitteR) was not a date column, and 1,000 dates
    // became NULL without a word.
    let dir = tempfile::tempdir().unwrap();
    let (report, recs) = read_bytes(
        &dir,
        "twitter-r.csv",
        table(",", "created").as_bytes(),
        &IngestOptions::default(),
    );
    assert!(oks(&recs).iter().all(|d| d.created_at.is_some()), "{recs:?}");
    assert_eq!(oks(&recs)[0].created_at, t("2017-01-26T12:00:00Z"));
    assert!(report.warnings().is_empty(), "{:?}", report.warnings());
    let (report, recs) =
        read_bytes(&dir, "odd.csv", table(",", "wann").as_bytes(), &IngestOptions::default());
    assert!(oks(&recs).iter().all(|d| d.created_at.is_none()));
    let w = report.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("4 of 4 documents have no date"), "{w:?}");
    assert!(
        w[0].contains("columns: id, text, wann") && w[0].contains("--map created_at=COLUMN"),
        "{w:?}"
    );
    // Mapped, they read.
    let opts =
        IngestOptions { map: ColumnMap::parse("created_at=wann").unwrap(), ..Default::default() };
    let (report, recs) = read_bytes(&dir, "odd.csv", table(",", "wann").as_bytes(), &opts);
    assert!(oks(&recs).iter().all(|d| d.created_at.is_some()));
    assert!(report.warnings().is_empty());
}

#[test]
fn telegram010_channel_export() {
    let path = fixture("telegram/result.json");
    let reader = open(&path, &IngestOptions::default()).unwrap();
    assert_eq!(reader.format(), Format::Telegram);
    let report = reader.report();
    let recs: Vec<Record> = reader.collect();
    assert!(recs.iter().all(|r| r.is_ok()), "{recs:?}");
    let docs = oks(&recs);
    // 8 messages: 2 service messages and a photo without caption are not posts.
    let ids: Vec<&str> = docs.iter().map(|d| d.native_id.as_deref().unwrap()).collect();
    assert_eq!(
        ids,
        ["1370000001/2", "1370000001/3", "1370000001/5", "1370000001/6", "1370000001/8"]
    );
    assert_eq!(report.skipped(), 3);
    let notes = report.notes().join("\n");
    assert!(
        notes.contains("2 service messages") && notes.contains("1 message without text"),
        "{notes}"
    );
    for d in &docs {
        assert_eq!(d.platform, "telegram");
        assert_eq!(d.author.as_deref(), Some("channel1370000001"));
        assert_eq!(d.author_name.as_deref(), Some("Diplomasi Publik RI (contoh)"));
        assert_eq!(d.url, None, "the export does not give the channel's username");
    }
    // Entities flattened to their shown text; text_link keeps its text, not its href.
    assert_eq!(
        docs[0].text,
        "Menlu RI bertemu Menlu Meksiko di Jakarta untuk membahas perdagangan dan #diplomasi \
         kedua negara. Siaran pers: kemlu.go.id"
    );
    check(
        docs[0],
        "telegram",
        Some("1370000001/2"),
        Some("channel1370000001"),
        "2019-06-07T04:00:00Z",
        None,
        eng(None, Some(48), None, None),
        18,
    );
    // date_unixtime is UTC; `date` (11:00 at UTC+7) is not used when it is there.
    assert_eq!(docs[1].created_at, t("2019-06-07T05:00:00Z"));
    assert_eq!(docs[1].reply_to.as_deref(), Some("1370000001/2"));
    assert_eq!(docs[4].reply_to.as_deref(), Some("1370000001/3"));
    assert_eq!(docs[2].reshare_of.as_deref(), Some("channel1370000099"));
    assert!(docs[2].text.starts_with("México e Indonesia"));
    // An edited message keeps its first date and carries its last text.
    assert_eq!(docs[3].created_at, t("2019-06-08T04:00:00Z"));
    assert!(docs[3].text.ends_with("pernyataan @kemlu_ri_contoh"), "{}", docs[3].text);
}

#[test]
fn telegram020_local_dates_and_usernames() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    std::fs::write(
        &path,
        r#"{"chats": {"about": "", "list": [
 {"name": "MFA (example)", "type": "public_channel", "id": 42, "username": "@mfa_example", "messages": [
  {"id": 9, "type": "message", "date": "2018-01-02T03:04:05", "text": "Old export", "forwarded_from": "Someone"}
 ]}]}}"#,
    )
    .unwrap();
    let reader = open(path.to_str().unwrap(), &IngestOptions::default()).unwrap();
    let report = reader.report();
    let recs: Vec<Record> = reader.collect();
    let d = recs[0].as_ref().unwrap();
    assert_eq!(d.created_at, t("2018-01-02T03:04:05Z"));
    assert_eq!(d.author.as_deref(), Some("mfa_example"));
    assert_eq!(d.url.as_deref(), Some("https://t.me/mfa_example/9"));
    assert_eq!(d.reshare_of.as_deref(), Some("Someone"));
    assert!(
        report.notes().join(" ").contains("1 message has no date_unixtime"),
        "{:?}",
        report.notes()
    );
}
