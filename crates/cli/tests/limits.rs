//! Bad input at the edges: over-long texts, absurd engagement counts and the extreme dates of a
//! range. Each case lost or corrupted data without a word before it was fixed.

mod common;
use common::Dir;

/// A JSONL line of one post.
fn post(id: &str, text: &str, extra: &str) -> String {
    format!(
        "{{\"id\":\"{id}\",\"author\":\"someone\",\"created_at\":\"2019-06-07T12:00:00Z\",\
         \"text\":\"{text}\"{extra}}}\n"
    )
}

#[test]
fn limits010_long_text_rejected_others_kept() {
    let d = Dir::new();
    let path = d.path().join("posts.jsonl");
    // 4 MiB and one byte: over the default limit. The records around it are kept.
    let long = "a".repeat((4 << 20) + 1);
    let body = [
        post("1", "Mexico will pay for the wall", ""),
        post("2", &long, ""),
        post("3", "Mexico is a great friend", ""),
    ]
    .concat();
    std::fs::write(&path, body).unwrap();
    let run = d.citra(&["ingest", path.to_str().unwrap()]);
    let out = run.ok();
    assert!(out.contains("3 read, 2 stored, 0 duplicates, 1 rejected"), "{out}");
    let err = run.stderr();
    assert!(err.contains("posts.jsonl:2:") && err.contains("4194305 bytes"), "{err}");
    let rejected = d.citra(&["rejected", "--format", "csv"]).ok();
    assert!(rejected.contains("over the limit of 4194304 bytes"), "{rejected}");

    // A lower limit given by the user.
    let d = Dir::new();
    let run = d.citra(&["ingest", "--max-text-bytes", "25", path.to_str().unwrap()]);
    assert!(run.ok().contains("3 read, 1 stored, 0 duplicates, 2 rejected"), "{}", run.stdout());
}

#[test]
fn limits020_engagement_saturates() {
    let d = Dir::new();
    let path = d.path().join("posts.jsonl");
    // Counts whose sum overflows a u64: it must not wrap to a small number (here 4).
    let extra = r#","retweet_count":5,"favorite_count":18446744073709551615"#;
    std::fs::write(&path, post("1", "Mexico will pay for the wall", extra)).unwrap();
    d.citra(&["ingest", "-q", path.to_str().unwrap()]).ok();
    let json = d.citra(&["actors", "--format", "json"]).json();
    let rows = json["actors"].as_array().or(json.as_array()).cloned().unwrap_or_default();
    let someone = rows
        .iter()
        .find(|r| r["actor"] == "someone" || r["author"] == "someone")
        .unwrap_or_else(|| panic!("no row for the author: {json}"));
    let e = someone["engagement"].as_u64().unwrap_or_else(|| panic!("{someone}"));
    assert!(e >= i64::MAX as u64, "engagement wrapped around: {e}");
}

#[test]
fn limits030_range_extremes() {
    let d = Dir::new();
    let path = d.path().join("posts.jsonl");
    std::fs::write(&path, post("1", "Mexico will pay for the wall", "")).unwrap();
    d.citra(&["ingest", "-q", path.to_str().unwrap()]).ok();
    let points = |args: &[&str]| -> usize {
        let mut all = vec!["image", "--country", "MEX", "--format", "json"];
        all.extend_from_slice(args);
        let j = d.citra(&all).json();
        j["points"].as_array().map_or(0, Vec::len)
    };
    let open = points(&[]);
    assert_eq!(open, 1);
    let rows: &[&[&str]] = &[
        &["--to", "9999-12-31"],
        &["--to", "9999-12-30"],
        &["--from", "0001-01-01"],
        &["--from", "0000-01-01", "--to", "9999-12-31"],
        &["--from", "2019-06-07", "--to", "2019-06-07"],
    ];
    for args in rows {
        assert_eq!(points(args), open, "{args:?}");
    }
    assert_eq!(points(&["--from", "2019-06-08", "--to", "9999-12-31"]), 0);
}
