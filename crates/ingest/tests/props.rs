//! Arbitrary input never makes a source panic, and every record points at its input.

use citra_ingest::{Format, IngestOptions, open};
use proptest::prelude::*;

fn read_all(bytes: &[u8], format: Format) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input");
    std::fs::write(&path, bytes).unwrap();
    let path = path.to_str().unwrap().to_owned();
    let opts = IngestOptions { format: Some(format), ..IngestOptions::default() };
    let reader = open(&path, &opts).unwrap();
    let mut n = 0;
    for rec in reader {
        let source = match &rec {
            Ok(d) => {
                assert!(!d.text.trim().is_empty(), "accepted an empty text: {d:?}");
                &d.source
            }
            Err(e) => {
                assert!(e.raw.len() <= citra_ingest::RAW_LIMIT);
                assert!(!e.reason.is_empty());
                &e.source
            }
        };
        assert_eq!(source.path, path);
        n += 1;
    }
    n
}

/// Bytes that look a little like each format, so the parsers get past their first checks.
fn shaped(prefix: &'static str) -> impl Strategy<Value = Vec<u8>> {
    (any::<Vec<u8>>(), "\\PC{0,60}", prop::collection::vec(
        prop_oneof![
            Just("{\"text\":\"x\",\"created_at\":\"2019-01-01\"}\n"),
            Just("{\"id_str\":\"1\",\"full_text\":\"é\",\"created_at\":\"x\"}\n"),
            Just("<item><title>a &amp; b</title><pubDate>Wed, 13 Nov 2019 21:04:14 +0000</pubDate></item>"),
            Just("text,created_at\n\"a\nb\",2019-01-01\n"),
            Just("[{\"id_str\":\"1\",\"text\":\"t\",\"is_retweet\":false}"),
            Just("<p>Baca juga</p>"),
            Just("\"\\u00e9\\\"]}"),
            Just(","),
            Just("\r\n"),
        ],
        0..8,
    ))
        .prop_map(move |(raw, uni, pieces)| {
            let mut out = prefix.as_bytes().to_vec();
            for p in pieces {
                out.extend_from_slice(p.as_bytes());
                out.extend_from_slice(uni.as_bytes());
            }
            out.extend_from_slice(&raw);
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn prop010_jsonl_never_panics(bytes in shaped("")) {
        read_all(&bytes, Format::Jsonl);
    }

    #[test]
    fn prop020_csv_never_panics(bytes in shaped("text,created_at,id\n")) {
        read_all(&bytes, Format::Csv);
    }

    #[test]
    fn prop030_feed_never_panics(bytes in shaped("<rss><channel>")) {
        read_all(&bytes, Format::Feed);
    }

    #[test]
    fn prop040_json_formats_never_panic(bytes in shaped("[")) {
        for f in [Format::TwitterJson, Format::TweetsJs, Format::TrumpArchive] {
            read_all(&bytes, f);
        }
    }

    #[test]
    fn prop050_html_and_text_never_panic(text in "\\PC{0,300}") {
        let page = format!("<html><body><p>{text}</p></body></html>");
        read_all(page.as_bytes(), Format::Html);
        read_all(text.as_bytes(), Format::Text);
    }

    #[test]
    fn prop060_detection_never_panics(bytes in any::<Vec<u8>>(), name in "[a-z.]{0,12}") {
        let _ = citra_ingest::detect(&name, &bytes);
    }

    #[test]
    fn prop070_dates_never_panic(s in "\\PC{0,40}") {
        let _ = citra_ingest::parse_date(&s);
    }
}
