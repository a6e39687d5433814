//! CLI tests of `citra coordination`, `citra image --exclude coordinated` and
//! `citra actors --coordination` on a hand-built fixture (`fixtures/coordination-posts.jsonl`):
//! one cluster of three accounts inside the window, a pair outside it, a pair below two
//! repeats and an account alone.

mod common;

use common::*;

fn store() -> Dir {
    let d = Dir::new();
    d.citra(&["ingest", "-q", &fixture("coordination-posts.jsonl")]).ok();
    d
}

fn names(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|a| a["account"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn coordination010_cluster_with_evidence() {
    let d = store();
    let v = d.citra(&["coordination", "--format", "json"]).json();
    assert_eq!((v["window_s"].as_u64(), v["min_repeats"].as_u64()), (Some(10), Some(2)));
    assert_eq!((v["posts"].as_u64(), v["accounts"].as_u64()), (Some(15), Some(8)));
    assert_eq!(v["time_resolution_s"], 1);
    assert_eq!(v["note"], serde_json::Value::Null);
    assert_eq!((v["edges_total"].as_u64(), v["clusters_total"].as_u64()), (Some(3), Some(1)));
    let c = &v["clusters"][0];
    assert_eq!(names(&c["accounts"]), ["pamela_moore13", "ten_gop", "jenn_abrams"]);
    assert_eq!((c["edges"].as_u64(), c["weight"].as_u64()), (Some(3), Some(7)));
    assert_eq!(c["kinds"], serde_json::json!({"text": 6, "reshare": 1, "url": 0, "hashtag": 0}));
    assert_eq!(c["gaps"], serde_json::json!({"min_s": 1, "median_s": 4.0, "max_s": 9}));
    assert_eq!(c["countries"][0], serde_json::json!({"country": "MEX", "posts": 8}));
    // The evidence: the cartel text, co-posted by all three within 9 s.
    let o = &c["objects"][0];
    assert_eq!(o["kind"], "text");
    assert_eq!(o["key"], "mexican cartels are flooding our streets with drugs. disgraceful!");
    assert_eq!((o["accounts"].as_u64(), o["span_s"].as_u64()), (Some(3), Some(9)));
    let times: Vec<&str> =
        o["shares"].as_array().unwrap().iter().map(|s| s["time"].as_str().unwrap()).collect();
    assert_eq!(times, ["2017-01-27T09:30:00Z", "2017-01-27T09:30:02Z", "2017-01-27T09:30:09Z"]);
    assert_eq!(c["objects"][2]["kind"], "reshare");
    assert_eq!(c["objects"][2]["key"], "file/900", "platform/id");
    assert_eq!(c["objects_total"], 3);
    let edge = &v["edges"][0];
    assert_eq!((edge["a"].as_str(), edge["b"].as_str()), (Some("pamela_moore13"), Some("ten_gop")));
    assert_eq!(edge["weight"], 3);

    let run = d.citra(&["coordination"]);
    let table = run.ok();
    for cell in ["pamela_moore13, ten_gop, jenn_abrams", "MEX 8", "Mexican cartels", "09:30:09"] {
        assert!(table.contains(cell), "{cell} not in\n{table}");
    }
    assert!(run.stderr().contains("3 edges, 1 clusters"), "{}", run.stderr());

    let csv = d.citra(&["coordination", "--format", "csv"]).ok();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "cluster,account_a,account_b,weight,text,reshare,url,hashtag,min_gap_s,median_gap_s,max_gap_s"
    );
    assert_eq!(lines[1], "1,pamela_moore13,ten_gop,3,2,1,0,0,1,2.0,4");
    assert_eq!(lines.len(), 4);
}

#[test]
fn coordination020_window_repeats_and_filters() {
    let d = store();
    // (args, clusters, accounts in them)
    let rows: [(&[&str], u64, u64); 6] = [
        (&[], 1, 3),
        // The pair 5 and 10 minutes apart joins with a 10-minute window.
        (&["--window", "10m"], 2, 5),
        (&["--window", "599"], 1, 3),
        // The pair that co-posted once joins with one repeat.
        (&["--min-repeats", "1"], 2, 5),
        // Without the reshare, ten_gop–pamela still has two texts; no cluster disappears.
        (&["--objects", "text"], 1, 3),
        (&["--objects", "reshare"], 0, 0),
    ];
    for (args, clusters, accounts) in rows {
        let mut a = vec!["coordination", "--format", "json"];
        a.extend_from_slice(args);
        let v = d.citra(&a).json();
        assert_eq!(v["clusters_total"].as_u64(), Some(clusters), "{args:?}");
        assert_eq!(v["coordinated_accounts"].as_u64(), Some(accounts), "{args:?}");
    }
    let v = d.citra(&["coordination", "--format", "json", "--country", "IDN"]).json();
    assert_eq!((v["matching"].as_u64(), v["clusters_total"].as_u64()), (Some(0), Some(1)));
    let v = d.citra(&["coordination", "--format", "json", "--country", "Meksiko"]).json();
    assert_eq!(v["matching"], 1);
    let v = d.citra(&["coordination", "--format", "json", "--from", "2017-01-28"]).json();
    assert_eq!(v["clusters_total"], 0, "one co-reshare left: below two repeats");
}

#[test]
fn coordination030_errors() {
    let d = store();
    let rows: [(&[&str], &str); 4] = [
        (&["--window", "soon"], "--window 'soon' is not a window of at most a day"),
        (&["--window", "2d"], "--window '2d' is not a window"),
        (&["--min-repeats", "0"], "--min-repeats must be at least 1"),
        (&["--objects", "likes"], "--objects: unknown kind 'likes'"),
    ];
    for (args, want) in rows {
        let mut a = vec!["coordination"];
        a.extend_from_slice(args);
        let err = d.citra(&a).fails();
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let err = Dir::new().citra(&["coordination"]).fails();
    assert!(err.contains("no store at"), "{err}");
    let err = d.citra(&["image", "--country", "MEX", "--exclude", "bots"]).fails();
    assert!(err.contains("unknown --exclude 'bots': use coordinated"), "{err}");
}

#[test]
fn coordination040_image_and_actors_without_them() {
    let d = store();
    let with = d.citra(&["image", "--country", "MEX", "--by", "year", "--format", "json"]).json();
    assert!(with.get("excluded").is_none(), "no flag, no new field");
    let without = d
        .citra(&[
            "image",
            "--country",
            "MEX",
            "--by",
            "year",
            "--exclude",
            "coordinated",
            "--format",
            "json",
        ])
        .json();
    let x = &without["excluded"];
    assert_eq!((x["clusters"].as_u64(), x["accounts"].as_u64()), (Some(1), Some(3)));
    assert_eq!((x["mentions"].as_u64(), x["docs"].as_u64()), (Some(10), Some(8)));
    assert_eq!(x["top_accounts"][0]["cluster"], 1);
    let docs = |v: &serde_json::Value| v["points"][0]["docs"].as_u64().unwrap();
    assert_eq!(docs(&with), 15);
    assert_eq!(docs(&without), 7);
    let tone = |v: &serde_json::Value| v["points"][0]["tone"].as_f64().unwrap();
    assert!(tone(&without) > tone(&with), "the coordinated posts are the negative ones");
    let run = d.citra(&["image", "--country", "MEX", "--by", "year", "--exclude", "coordinated"]);
    run.ok();
    assert!(run.stderr().contains("without coordinated accounts: 1 clusters, 3 accounts"));

    let plain = d.citra(&["actors"]).ok();
    assert!(!plain.lines().next().unwrap().contains("cluster"), "{plain}");
    let table = d.citra(&["actors", "--coordination"]).ok();
    assert!(table.lines().next().unwrap().trim_end().ends_with("cluster"), "{table}");
    let row = |who: &str| {
        table.lines().find(|l| l.starts_with(who)).unwrap_or_else(|| panic!("{table}")).to_owned()
    };
    assert!(row("ten_gop").trim_end().ends_with(" 1"));
    assert!(row("maria").trim_end().ends_with(" -"));
    let v = d.citra(&["actors", "--coordination", "--format", "json"]).json();
    assert_eq!(v["coordination"]["cluster_of"]["jenn_abrams"], 1);
    assert!(v["coordination"]["cluster_of"].get("late_a").is_none());
    let v = d.citra(&["actors", "--coordination", "--window", "10m", "--format", "json"]).json();
    assert_eq!(v["coordination"]["cluster_of"]["late_a"], 2);
    assert!(d.citra(&["actors", "--format", "json"]).json().get("coordination").is_none());
    let csv = d.citra(&["actors", "--coordination", "--format", "csv"]).ok();
    assert!(csv.lines().next().unwrap().ends_with(",coordination_cluster"));
}
