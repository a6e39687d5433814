//! CLI tests of `citra cascades`, `citra actors` and `citra relations`: a small fixture with
//! platform links (a hand-computed cascade), the demo corpus (counts only), every format,
//! errors, and empty stores.

mod common;

use common::*;

/// A store with the cascade fixture.
fn linked() -> Dir {
    let d = Dir::new();
    d.citra(&["ingest", "-q", &fixture("cascade-posts.jsonl")]).ok();
    d
}

/// A store with the demo corpus (Trump's posts about Mexico: counts, no reshare ids).
fn demo() -> Dir {
    let d = Dir::new();
    d.citra(&["ingest", "-q", &demo_file("trump-mexico-2015-2019.json")]).ok();
    d
}

fn csv_rows(out: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let mut rows = vec![header];
    for rec in r.records() {
        rows.push(rec.unwrap().iter().map(str::to_owned).collect());
    }
    rows
}

#[test]
fn cascades010_hand_computed_tree() {
    let d = linked();
    let v: serde_json::Value =
        serde_json::from_str(&d.citra(&["cascades", "--format", "json"]).ok()).unwrap();
    assert_eq!(v["mode"], "cascades");
    assert_eq!(v["missing_parents"], 1, "post 201 replies to a post that is not here");
    let c = &v["cascades"][0];
    assert_eq!(c["root_native_id"], "100");
    assert_eq!(
        (c["size"].as_u64(), c["depth"].as_u64(), c["max_breadth"].as_u64()),
        (Some(6), Some(3), Some(3))
    );
    assert!((c["structural_virality"].as_f64().unwrap() - 64.0 / 30.0).abs() < 1e-9);
    // Offsets 0, 1, 2, 10, 60, 120 min: 50% = 3rd = 2 min, 90% = 6th = 2 h.
    assert_eq!(c["time_to_50_s"], 120);
    assert_eq!(c["time_to_90_s"], 7200);
    assert_eq!(
        c["links"],
        serde_json::json!({
            "reshare": 2, "quote": 1, "reply": 2, "inferred_retweet": 0, "inferred_copy": 0
        })
    );
    assert_eq!(v["cascades"].as_array().unwrap().len(), 1, "lone posts are below --min-size 2");

    let table = d.citra(&["cascades"]).ok();
    let row = table
        .lines()
        .find(|l| l.trim_start().starts_with("100 "))
        .unwrap_or_else(|| panic!("{table}"));
    for cell in ["realDonaldTrump", "2.13", "2m", "2.0h", "2/1/2/0", "en 5, es 1", "MEX 6, USA 3"] {
        assert!(row.contains(cell), "{cell} not in {row}");
    }
    let rows = csv_rows(&d.citra(&["cascades", "--format", "csv", "--min-size", "1"]).ok());
    assert_eq!(rows[0][0], "root_id");
    assert_eq!(rows.len(), 1 + 3, "three trees: 100, 200 and the orphan 201");
    let orphan = rows.iter().find(|r| r[1] == "201").unwrap();
    assert_eq!(orphan[17], "true");
}

#[test]
fn cascades020_filters() {
    let d = linked();
    // (args, roots expected)
    let rows: [(&[&str], &[&str]); 5] = [
        (&["--country", "MEX"], &["100"]),
        (&["--country", "Meksiko"], &["100"]),
        (&["--country", "IDN", "--min-size", "1"], &["200", "201"]),
        (&["--actor", "@RealDonaldTrump"], &["100"]),
        (&["--actor", "nobody"], &[]),
    ];
    for (args, want) in rows {
        let mut all = vec!["cascades", "--format", "csv"];
        all.extend_from_slice(args);
        let rows = csv_rows(&d.citra(&all).ok());
        let got: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(got, want, "{args:?}");
    }
    let err = d.citra(&["cascades", "--country", "Atlantis"]).fails();
    assert!(err.contains("unknown country 'Atlantis'"), "{err}");
}

#[test]
fn cascades030_counts_only_corpus() {
    let d = demo();
    let run = d.citra(&["cascades", "--top", "3"]);
    let out = run.ok();
    assert!(run.stderr().contains("this store has no reshare ids"), "{}", run.stderr());
    assert_eq!(out.lines().count(), 2 + 3, "{out}");
    let v: serde_json::Value =
        serde_json::from_str(&d.citra(&["cascades", "--format", "json", "--top", "5"]).ok())
            .unwrap();
    assert_eq!(v["mode"], "reach_from_counts");
    // The rows are in `counts` (as the API has them); `posts` is the number of posts read.
    assert!(v["posts"].as_u64().is_some_and(|n| n >= 5), "{v}");
    let posts = v["counts"].as_array().unwrap();
    assert_eq!(posts.len(), 5);
    let reshares: Vec<u64> = posts.iter().map(|p| p["reshares"].as_u64().unwrap()).collect();
    assert!(reshares.windows(2).all(|w| w[0] >= w[1]), "{reshares:?}");
    // Inference finds nothing to link in one author's archive.
    let v: serde_json::Value =
        serde_json::from_str(&d.citra(&["cascades", "--infer", "--format", "json"]).ok()).unwrap();
    assert_eq!(v["mode"], "cascades");
    assert_eq!(v["links"]["reshare"], 0);
}

#[test]
fn actors010() {
    let d = linked();
    let v: serde_json::Value =
        serde_json::from_str(&d.citra(&["actors", "--format", "json"]).ok()).unwrap();
    let actors = v["actors"].as_array().unwrap();
    assert_eq!(actors[0]["author"], "realDonaldTrump", "most engagement first");
    assert_eq!(actors[0]["engagement"], 25);
    assert_eq!(actors[0]["registry"]["country"], "USA");
    assert_eq!(actors[0]["talks_about"][0]["country"], "MEX");
    assert_eq!(actors[1]["author"], "SecPompeo");
    assert_eq!(actors.len(), 8);
    // --of: registry country; --country: talked about.
    let rows = csv_rows(&d.citra(&["actors", "--of", "USA", "--format", "csv"]).ok());
    let got: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, ["realDonaldTrump", "SecPompeo"]);
    let rows = csv_rows(&d.citra(&["actors", "--country", "IDN", "--format", "csv"]).ok());
    let got: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, ["SecPompeo", "frank"]);
    let rows =
        csv_rows(&d.citra(&["actors", "--sort", "posts", "--top", "2", "--format", "csv"]).ok());
    assert_eq!(rows.len(), 3);
    let table = d.citra(&["actors", "--from", "2019-01-01"]).ok();
    assert!(table.contains("SecPompeo") && !table.contains("realDonaldTrump"), "{table}");
    let run = d.citra(&["actors", "--of", "Atlantis"]);
    assert!(run.fails().contains("unknown country"));
}

#[test]
fn relations010() {
    let d = linked();
    let rows = csv_rows(&d.citra(&["relations", "--format", "csv"]).ok());
    assert_eq!(rows[0][..4], ["source", "target", "docs", "mentions"]);
    // Registry authors: realDonaldTrump and SecPompeo (USA). Trump's post names Mexico and the
    // U.S. (self, left out); Pompeo's names Indonesia and Mexico.
    let pairs: Vec<(&str, &str, &str)> =
        rows[1..].iter().map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str())).collect();
    assert_eq!(pairs, [("USA", "MEX", "2"), ("USA", "IDN", "1")]);
    let run = d.citra(&["relations"]);
    run.ok();
    assert!(run.stderr().contains("left out"), "{}", run.stderr());
    let rows = csv_rows(&d.citra(&["relations", "--format", "csv", "--min-docs", "2"]).ok());
    assert_eq!(rows.len(), 2);
    let rows = csv_rows(&d.citra(&["relations", "--format", "csv", "--actors"]).ok());
    assert!(rows.iter().any(|r| r[0] == "carla" && r[1] == "MEX"), "{rows:?}");
    let rows = csv_rows(&d.citra(&["relations", "--format", "csv", "--co-mentions"]).ok());
    assert!(rows.iter().any(|r| r[..2] == ["IDN", "MEX"]), "{rows:?}");

    for (format, root) in [("graphml", "<graphml"), ("gexf", "<gexf")] {
        let xml = d.citra(&["relations", "--format", format]).ok();
        assert!(xml.starts_with("<?xml") && xml.contains(root), "{xml}");
        assert!(xml.contains("label=\"Mexico\"") || xml.contains(">Mexico</data>"), "{xml}");
        let out = d.path().join(format!("g.{format}"));
        d.citra(&["relations", "--format", format, "--out", out.to_str().unwrap()]).ok();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), xml);
    }
    let err = d.citra(&["relations", "--from", "yesterday"]).fails();
    assert!(err.contains("use YYYY-MM-DD"), "{err}");
}

#[test]
fn empty_store() {
    let d = Dir::new();
    d.citra(&["init"]).ok();
    // (args, a word the stderr must carry)
    let rows: [(&[&str], &str); 5] = [
        (&["cascades"], "no posts"),
        (&["cascades", "--infer", "--format", "csv"], "no posts"),
        (&["actors"], "no posts"),
        (&["relations"], "no dated mentions"),
        (&["relations", "--format", "gexf"], "no dated mentions"),
    ];
    for (args, word) in rows {
        let run = d.citra(args);
        let out = run.ok();
        assert!(run.stderr().contains(word), "{args:?}: {}", run.stderr());
        assert!(out.lines().count() <= 2 || out.contains("<gexf"), "{args:?}: {out}");
    }
    let v: serde_json::Value =
        serde_json::from_str(&d.citra(&["actors", "--format", "json"]).ok()).unwrap();
    assert_eq!(v["actors"], serde_json::json!([]));
    let missing = Dir::new();
    assert!(missing.citra(&["cascades"]).fails().contains("no store at"));
}
