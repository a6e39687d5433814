//! CLI tests of `citra stories` and `citra image --dedupe story` on a hand-built fixture
//! (`fixtures/story-posts.jsonl`): one negative story about Indonesia copied by five accounts
//! over 7 h 30 m (links, hashtags, a handle, an `RT @x:` prefix and a `BREAKING` apart), a
//! reworded text below the threshold, three organic posts, and two short texts.

mod common;

use common::*;

fn store() -> Dir {
    let d = Dir::new();
    d.citra(&["ingest", "-q", &fixture("story-posts.jsonl")]).ok();
    d
}

#[test]
fn stories010_story_with_first_poster_and_spread() {
    let d = store();
    let v = d.citra(&["stories", "--format", "json"]).json();
    assert_eq!((v["threshold"].as_f64(), v["min_words"].as_u64()), (Some(0.6), Some(5)));
    // The two "Indonesia!!" posts are too short to be compared.
    assert_eq!((v["posts"].as_u64(), v["compared"].as_u64()), (Some(10), Some(8)));
    assert_eq!((v["stories_total"].as_u64(), v["in_stories"].as_u64()), (Some(1), Some(5)));
    assert_eq!(v["merged"], 4);
    let s = &v["stories"][0];
    assert_eq!((s["copies"].as_u64(), s["authors"].as_u64()), (Some(5), Some(5)));
    assert_eq!(s["spread_s"], 27_000);
    assert_eq!(s["engagement"], 54);
    assert_eq!(s["countries"], serde_json::json!([{"country": "IDN", "docs": 5}]));
    let ids: Vec<&str> =
        s["posts"].as_array().unwrap().iter().map(|p| p["native_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["7001", "7002", "7003", "7004", "7005"], "time order, first poster first");
    assert_eq!(s["posts"][0]["author"], "wire_news");
    assert_eq!(s["posts"][3]["after_s"], 13_200);
    // The BREAKING copy is a near duplicate, not an identical story text.
    let sim = s["min_similarity"].as_f64().unwrap();
    assert!((0.6..1.0).contains(&sim), "{sim}");

    let run = d.citra(&["stories"]);
    let table = run.ok();
    for cell in
        ["wire_news", "7h 30m 00s", "IDN 5", "Indonesia's economy is collapsing", "3h 40m 00s"]
    {
        assert!(table.contains(cell), "{cell} not in\n{table}");
    }
    assert!(
        run.stderr().contains("1 stories hold 5 posts (4 would be merged)"),
        "{}",
        run.stderr()
    );
    let csv = d.citra(&["stories", "--format", "csv"]).ok();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("story,copies,authors,first poster,first,spread"), "{csv}");
    assert!(lines[1].starts_with("1,5,5,wire_news,2017-12-07 08:00:00,27000,54,IDN 5,"), "{csv}");
}

#[test]
fn stories020_threshold_words_and_country() {
    let d = store();
    // Threshold 1: only the copies with the same story text; the BREAKING copy is left out.
    let v = d.citra(&["stories", "--threshold", "1", "--format", "json"]).json();
    assert_eq!(v["stories"][0]["copies"], 4);
    assert_eq!(v["stories"][0]["min_similarity"], 1.0);
    // One word is enough: the two "Indonesia!!" posts are a story too.
    let v = d.citra(&["stories", "--min-words", "1", "--format", "json"]).json();
    assert_eq!(v["stories_total"], 2);
    assert_eq!(v["stories"][1]["copies"], 2);
    // No story mentions Mexico.
    let run = d.citra(&["stories", "--country", "MEX"]);
    assert_eq!(run.ok(), "");
    assert!(run.stderr().contains("no story mentions MEX"), "{}", run.stderr());
    let v = d.citra(&["stories", "--country", "MEX", "--format", "json"]).json();
    assert_eq!((v["matching"].as_u64(), v["stories_total"].as_u64()), (Some(0), Some(1)));
}

#[test]
fn stories030_dedupe_changes_the_index() {
    let d = store();
    let all = d.citra(&["image", "--country", "IDN", "--format", "json"]).json();
    let once =
        d.citra(&["image", "--country", "IDN", "--dedupe", "story", "--format", "json"]).json();
    assert!(all.get("deduped").is_none());
    let (p0, p1) = (&all["points"][0], &once["points"][0]);
    assert_eq!((p0["docs"].as_u64(), p1["docs"].as_u64()), (Some(10), Some(6)));
    // Five negative copies count once: the day's tone rises.
    let (t0, t1) = (p0["tone"].as_f64().unwrap(), p1["tone"].as_f64().unwrap());
    assert!(t1 > t0 + 0.1, "{t0} → {t1}");
    assert!(p1["negative"].as_f64().unwrap() < p0["negative"].as_f64().unwrap());
    let x = &once["deduped"];
    assert_eq!(x["what"], "story");
    assert_eq!(
        (x["stories"].as_u64(), x["docs"].as_u64(), x["mentions"].as_u64()),
        (Some(1), Some(4), Some(4))
    );
    assert_eq!(
        x["by_period"],
        serde_json::json!([{"period": "2017-12-07", "docs": 4, "mentions": 4}])
    );
    // The story weighs as one document with the copies' engagement summed (54).
    let w = p1["reach"].as_f64().unwrap() - p0["reach"].as_f64().unwrap();
    let copies: f64 = [50.0f64, 3.0, 0.0, 1.0, 0.0].iter().map(|e| 1.0 + e.ln_1p()).sum();
    assert!((w - ((1.0 + 54f64.ln_1p()) - copies)).abs() < 1e-9, "{w}");

    let run = d.citra(&["image", "--country", "IDN", "--dedupe", "story"]);
    let table = run.ok();
    assert!(table.lines().next().unwrap().ends_with("merged"), "{table}");
    assert!(table.lines().nth(2).unwrap().trim_end().ends_with(" 4"), "{table}");
    assert!(run.stderr().contains("merged 4 documents, 4 mentions"), "{}", run.stderr());
    let csv = d.citra(&["image", "--country", "IDN", "--dedupe", "story", "--format", "csv"]).ok();
    assert!(csv.lines().next().unwrap().ends_with(",net_favourability,merged"), "{csv}");
}

#[test]
fn stories040_errors() {
    let d = store();
    for (args, want) in [
        (&["stories", "--threshold", "0"][..], "--threshold '0' is not a similarity"),
        (&["stories", "--threshold", "x"][..], "--threshold 'x'"),
        (&["stories", "--min-words", "0"][..], "--min-words must be at least 1"),
        (
            &["image", "--country", "IDN", "--dedupe", "text"][..],
            "unknown --dedupe 'text': use story",
        ),
        (&["stories", "--country", "Atlantis"][..], "unknown country 'Atlantis'"),
    ] {
        let err = d.citra(args).fails();
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let err = Dir::new().citra(&["stories"]).fails();
    assert!(err.contains("no store at"), "{err}");
}

#[test]
fn stories050_report_section() {
    let d = store();
    d.citra(&["ingest", "-q", &fixture("coordination-posts.jsonl")]).ok();
    for (lang, heading, once) in [
        ("en", "Counted honestly: coordination and copies", "each story once"),
        ("id", "Dihitung jujur: koordinasi dan salinan", "setiap cerita sekali"),
    ] {
        let out = d.path().join(format!("h-{lang}.html"));
        let out = out.to_str().unwrap();
        d.citra(&["report", "--country", "IDN", "--country", "MEX", "--lang", lang, "--out", out])
            .ok();
        let html = std::fs::read_to_string(out).unwrap();
        // Indonesia: the story (5 copies by @wire_news over 7 h 30 m), its index 10 posts → 6.
        // Mexico: the cluster of three accounts, 0 s apart at least.
        for cell in [
            heading,
            once,
            "@wire_news",
            "7h 30m",
            ">10 · <",
            ">6 · <",
            "3 · pamela_moore13, ten_gop, jenn_abrams",
            "Indonesia&#39;s economy is collapsing",
        ] {
            assert!(html.contains(cell), "{lang}: {cell} not in the report");
        }
    }
}
