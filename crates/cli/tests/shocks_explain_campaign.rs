//! CLI tests of `citra shocks`, `citra explain` and `citra campaign` on the demo corpus (Trump's
//! posts about Mexico, 2015–2019): output shape in every format, errors, and empty stores.

use chrono::NaiveDate;
mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One store of the demo corpus shared by the tests (read-only after it is built).
fn demo() -> &'static (tempfile::TempDir, PathBuf) {
    static DEMO: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let db = tmp.path().join("demo.db");
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/trump-mexico-2015-2019.json");
        citra_at(tmp.path(), &db, &["ingest", "-q", file.to_str().unwrap()], None).ok();
        (tmp, db)
    })
}

fn on_demo(args: &[&str]) -> Run {
    let (tmp, db) = demo();
    citra_at(tmp.path(), db, args, None)
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

#[test]
fn shocks_json_finds_the_tariff_deal() {
    let v = on_demo(&["shocks", "--country", "MEX", "--format", "json"]).json();
    assert_eq!(v["country"], "MEX");
    assert_eq!(v["period"], "week");
    assert!(v["method"].as_str().unwrap().starts_with("PELT"));
    let shocks = v["shocks"].as_array().unwrap();
    assert!(!shocks.is_empty(), "{v}");
    let mut last = None;
    for s in shocks {
        let f = |k: &str| s[k].as_f64().unwrap_or_else(|| panic!("{k} in {s}"));
        assert!((f("after") - f("before") - f("size")).abs() < 1e-9, "{s}");
        assert!(f("ci_low") <= f("size") && f("size") <= f("ci_high"), "{s}");
        assert!(s["mentions_after"].as_u64().unwrap() >= s["docs_after"].as_u64().unwrap());
        let date = day(s["date"].as_str().unwrap());
        assert!(day(s["last_before"].as_str().unwrap()) < date);
        assert!(last.is_none_or(|l| l < date), "sorted by date");
        last = Some(date);
    }
    // The tariff threat of 2019-05-30 and the deal of 2019-06-07: a change within ten days.
    let threat = day("2019-05-30");
    assert!(
        shocks.iter().any(|s| (day(s["date"].as_str().unwrap()) - threat).num_days().abs() <= 10),
        "{shocks:?}"
    );
    // Segments tile the series: one more than the change points, documents add up.
    let segs = v["segments"].as_array().unwrap();
    assert_eq!(segs.len(), shocks.len() + 1);
    let docs: u64 = segs.iter().map(|s| s["docs"].as_u64().unwrap()).sum();
    assert_eq!(docs, v["docs"].as_u64().unwrap());
}

#[test]
fn shocks_table_csv_and_top() {
    let run = on_demo(&["shocks", "--country", "Meksiko"]);
    let table = run.ok();
    let header = table.lines().next().unwrap();
    for col in ["date", "week", "before", "after", "size", "95% CI", "mentions after"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(run.stderr().contains("PELT on"), "{}", run.stderr());
    let n = on_demo(&["shocks", "--country", "MEX", "--format", "json"]).json()["shocks"]
        .as_array()
        .unwrap()
        .len();
    let csv = on_demo(&["shocks", "--country", "MEX", "--format", "csv"]).ok();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("date,country,last_before,before,after,size,ci_low,ci_high"));
    assert_eq!(lines.len(), n + 1);
    // --top 1 keeps the largest change.
    let v = on_demo(&["shocks", "--country", "MEX", "--top", "1", "--format", "json"]).json();
    let top = v["shocks"].as_array().unwrap();
    assert_eq!(top.len(), 1);
    let all = on_demo(&["shocks", "--country", "MEX", "--format", "json"]).json();
    let max = all["shocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["size"].as_f64().unwrap().abs())
        .fold(0.0, f64::max);
    assert_eq!(top[0]["size"].as_f64().unwrap().abs(), max);
    // Daily and monthly series run too; a huge penalty finds nothing.
    on_demo(&["shocks", "--country", "MEX", "--by", "day"]).ok();
    on_demo(&["shocks", "--country", "MEX", "--by", "month", "--min-mentions", "1"]).ok();
    let v =
        on_demo(&["shocks", "--country", "MEX", "--penalty", "1000", "--format", "json"]).json();
    assert!(v["shocks"].as_array().unwrap().is_empty());
}

#[test]
fn shocks_errors_and_empty() {
    let bad: &[(&[&str], &str)] = &[
        (&["shocks", "--country", "Atlantis"], "unknown country"),
        (&["shocks", "--country", "MEX", "--by", "year"], "too few points"),
        (&["shocks", "--country", "MEX", "--penalty", "lots"], "use bic, mbic or a number"),
        (&["shocks", "--country", "MEX", "--min-mentions", "0"], "at least 1"),
        (&["shocks", "--country", "MEX", "--from", "2019-13-01"], "use YYYY-MM-DD"),
    ];
    for (args, want) in bad {
        let err = on_demo(args).fails();
        assert!(err.contains(want), "{args:?}: {err}");
    }
    // A range with no posts: a message and an empty table.
    let run = on_demo(&["shocks", "--country", "MEX", "--from", "2030-01-01"]);
    assert_eq!(run.ok().lines().count(), 2);
    assert!(run.stderr().contains("no dated mentions"), "{}", run.stderr());
    // No store at all, then an empty store.
    let d = Dir::new();
    assert!(d.citra(&["shocks", "--country", "MEX"]).fails().contains("no store at"));
    d.citra(&["init"]).ok();
    let run = d.citra(&["shocks", "--country", "MEX", "--format", "json"]);
    let v = run.json();
    assert_eq!(v["bins"], 0);
    assert!(v["shocks"].as_array().unwrap().is_empty());
}

#[test]
fn explain_json_contributions_and_evidence() {
    let v = on_demo(&["explain", "--country", "MEX", "--shock", "2019-06-03", "--format", "json"])
        .json();
    assert_eq!(v["window"]["from"], "2019-06-03");
    assert_eq!(v["window"]["to"], "2019-06-30");
    assert_eq!(v["baseline"]["from"], "2019-05-06");
    let change = v["change"].as_f64().unwrap();
    assert!(change > 0.0, "the deal lifted the index: {v}");
    // With every post listed, contributions add up to the change exactly.
    let all = on_demo(&[
        "explain",
        "--country",
        "MEX",
        "--shock",
        "2019-06-03",
        "--top",
        "1000",
        "--format",
        "json",
    ])
    .json();
    let posts = all["posts"].as_array().unwrap();
    assert_eq!(posts.len() as u64, all["window_docs"].as_u64().unwrap());
    let sum: f64 = posts.iter().map(|p| p["contribution"].as_f64().unwrap()).sum();
    assert!((sum - change).abs() < 1e-9, "{sum} vs {change}");
    // Every post carries its sentences, and each sentence holds its mention.
    for p in posts {
        let text = p["text"].as_str().unwrap();
        let ev = p["evidence"].as_array().unwrap();
        assert!(!ev.is_empty(), "{p}");
        for e in ev {
            let (bs, be) = (e["byte_start"].as_u64().unwrap(), e["byte_end"].as_u64().unwrap());
            let (ss, se) = (
                e["sentence_byte_start"].as_u64().unwrap(),
                e["sentence_byte_end"].as_u64().unwrap(),
            );
            assert!(ss <= bs && be <= se, "{e}");
            let sentence = e["sentence"].as_str().unwrap();
            assert_eq!(&text[ss as usize..se as usize], sentence);
            assert_eq!(&text[bs as usize..be as usize], e["surface"].as_str().unwrap());
        }
    }
    // The top post pushes in the direction of the change.
    assert!(posts[0]["share"].as_f64().unwrap() > 0.0);
    let actors = v["actors"].as_array().unwrap();
    assert_eq!(actors[0]["author"], "realDonaldTrump");
}

#[test]
fn explain_table_and_csv() {
    let out =
        on_demo(&["explain", "--country", "MEX", "--from", "2019-06-03", "--to", "2019-06-16"])
            .ok();
    assert!(out.starts_with("Mexico (MEX): index "), "{out}");
    assert!(out.contains("2019-05-20 … 2019-06-02"), "baseline of the same length: {out}");
    assert!(out.contains("\nActors\n") && out.contains("\nPosts\n"), "{out}");
    let posts = out.split("\nPosts\n").nth(1).unwrap();
    assert!(posts.lines().next().unwrap().contains("sentence"));
    assert!(posts.lines().skip(2).all(|l| l.chars().count() < 200), "sentences are cut: {posts}");
    let csv = on_demo(&[
        "explain",
        "--country",
        "MEX",
        "--shock",
        "2019-06-03",
        "--top",
        "3",
        "--format",
        "csv",
    ])
    .ok();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("doc_id,time,author,share,contribution,tone,weight,engagement"));
    assert!(lines[0].ends_with("mention_tone,sentence"));
    assert_eq!(lines.len(), 4);
    // An explicit baseline.
    let v = on_demo(&[
        "explain",
        "--country",
        "MEX",
        "--from",
        "2019-06-03",
        "--to",
        "2019-06-30",
        "--baseline-from",
        "2019-01-01",
        "--baseline-to",
        "2019-05-29",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(v["baseline"]["to"], "2019-05-29");
    assert!(v["baseline_docs"].as_u64().unwrap() > 10);
}

#[test]
fn explain_errors_and_empty() {
    let bad: &[(&[&str], &str)] = &[
        (&["explain", "--country", "MEX"], "--shock DATE"),
        (&["explain", "--country", "Atlantis", "--shock", "2019-06-03"], "unknown country"),
        (&["explain", "--country", "MEX", "--shock", "June"], "use YYYY-MM-DD"),
        (&["explain", "--country", "MEX", "--shock", "2019-06-03", "--window", "0"], "at least 1"),
        (&["explain", "--country", "MEX", "--from", "2019-06-03"], "--to"),
        (&["explain", "--country", "MEX", "--from", "2019-07-01", "--to", "2019-06-01"], "empty"),
    ];
    for (args, want) in bad {
        let err = on_demo(args).fails();
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let run = on_demo(&["explain", "--country", "MEX", "--shock", "2030-01-01"]);
    let out = run.ok();
    assert!(out.contains("(0 posts)"), "{out}");
    assert!(run.stderr().contains("no dated, scored mentions"), "{}", run.stderr());
    let d = Dir::new();
    d.citra(&["init"]).ok();
    let v = d
        .citra(&["explain", "--country", "MEX", "--shock", "2019-06-03", "--format", "json"])
        .json();
    assert_eq!(v["window_docs"], 0);
    assert!(v["change"].is_null());
}

#[test]
fn campaign_two_by_two() {
    let v = on_demo(&[
        "campaign",
        "--country",
        "MEX",
        "--topic",
        "wall,#BuildTheWall",
        "--at",
        "2017-01-20",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(v["topic"], serde_json::json!(["buildthewall", "wall"]));
    let cells = v["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 4);
    let docs: u64 = cells.iter().map(|c| c["docs"].as_u64().unwrap()).sum();
    let all = on_demo(&["image", "--country", "MEX", "--by", "year", "--format", "json"]).json();
    let total: u64 =
        all["points"].as_array().unwrap().iter().map(|p| p["docs"].as_u64().unwrap()).sum();
    assert_eq!(docs, total, "every post is in exactly one cell");
    assert!(cells[0]["docs"].as_u64().unwrap() > 0 && cells[1]["docs"].as_u64().unwrap() > 0);
    let t = |i: usize| cells[i]["tone"].as_f64().unwrap();
    let did = v["did"]["value"].as_f64().unwrap();
    assert!((did - ((t(1) - t(0)) - (t(3) - t(2)))).abs() < 1e-9);
    assert!(v["did"]["ci_low"].as_f64().unwrap() < did);

    let csv = on_demo(&[
        "campaign",
        "--country",
        "MEX",
        "--topic",
        "wall",
        "--at",
        "2017-01-20",
        "--format",
        "csv",
    ])
    .ok();
    let rows: Vec<&str> = csv.lines().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(rows, ["row", "cell", "cell", "cell", "cell", "gap", "gap", "did"]);
    let table = on_demo(&["campaign", "--country", "MEX", "--topic", "tariffs,tariff"]).ok();
    assert_eq!(table.lines().count(), 5, "{table}");
    assert!(table.contains("inside − outside"));
}

#[test]
fn campaign_errors_and_empty() {
    let bad: &[(&[&str], &str)] = &[
        (&["campaign", "--country", "MEX", "--topic", " , #"], "has no terms"),
        (&["campaign", "--country", "Atlantis", "--topic", "coco"], "unknown country"),
        (&["campaign", "--country", "MEX", "--topic", "coco", "--at", "soon"], "--at"),
    ];
    for (args, want) in bad {
        let err = on_demo(args).fails();
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let run = on_demo(&["campaign", "--country", "MEX", "--topic", "coco,día de muertos"]);
    run.ok();
    assert!(run.stderr().contains("matches the topic"), "{}", run.stderr());
    let d = Dir::new();
    d.citra(&["init"]).ok();
    let v =
        d.citra(&["campaign", "--country", "MEX", "--topic", "coco", "--format", "json"]).json();
    assert_eq!(v["cells"][0]["docs"], 0);
}
