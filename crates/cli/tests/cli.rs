//! CLI tests: the real `citra` binary, run in temporary directories.

mod common;

use common::{Dir, counts, demo_file, fixture};
use std::process::{Command, Stdio};

#[test]
fn demo_prints_mexico_and_usa() {
    let d = Dir::new();
    let out = d.citra(&["demo", "--out", "demo.db"]).ok();
    assert!(d.path().join("demo.db").exists());
    for country in ["(MEX)", "(USA)"] {
        let line = out
            .lines()
            .find(|l| l.contains(country) && l.contains("mentions"))
            .unwrap_or_else(|| panic!("no {country} table in\n{out}"));
        let n: u64 = line.split(": ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        assert!(n > 0, "{line}");
    }
    assert!(out.contains("Next: citra --db demo.db image --country"), "{out}");
    // After `cargo run`, `citra` is not on PATH: the hint says where it is.
    assert!(
        out.contains("target/release/citra") && out.contains("cargo install --path crates/cli")
    );
    // Running it again replaces the store: the same numbers come out.
    let again = d.citra(&["demo", "--out", "demo.db"]).ok();
    assert_eq!(out, again);
}

#[test]
fn ingest_twice_stores_nothing_new() {
    let d = Dir::new();
    let file = demo_file("trump-mexico-2015-2019.json");
    let first = counts(&d.citra(&["ingest", &file]).ok());
    assert_eq!(first, (260, 260, 0, 0));
    let second = counts(&d.citra(&["ingest", &file]).ok());
    assert_eq!(second, (260, 0, 260, 0));
}

#[test]
fn broken_line_is_rejected_not_fatal() {
    let d = Dir::new();
    let run = d.citra(&["ingest", &fixture("posts-with-broken-line.jsonl")]);
    let (read, stored, dups, rejected) = counts(&run.ok());
    assert_eq!((read, stored, dups, rejected), (5, 3, 0, 2));
    assert_eq!(read, stored + dups + rejected);
    let err = run.stderr();
    assert!(err.contains("posts-with-broken-line.jsonl:3:"), "{err}");
    assert!(err.contains("posts-with-broken-line.jsonl:5:"), "{err}");
    // Kept in the rejected table with line and reason.
    let rejected = d.citra(&["rejected", "--format", "csv"]).ok();
    let lines: Vec<&str> = rejected.lines().collect();
    assert_eq!(lines.len(), 3, "{rejected}");
    assert!(lines.iter().any(|l| l.contains(",3,")), "{rejected}");
    assert!(lines.iter().any(|l| l.contains(",5,") && l.contains("text")), "{rejected}");
    // Again: nothing new, and the rejects are not piled up.
    assert_eq!(
        counts(&d.citra(&["ingest", "-q", &fixture("posts-with-broken-line.jsonl")]).ok()),
        (5, 0, 3, 2)
    );
    assert_eq!(d.citra(&["rejected", "--format", "csv"]).ok().lines().count(), 3);
}

#[test]
fn stdin_and_gzip() {
    let d = Dir::new();
    let text = std::fs::read_to_string(fixture("posts-with-broken-line.jsonl")).unwrap();
    let (_, stored, _, rejected) =
        counts(&d.citra_stdin(&["ingest", "--format", "jsonl", "-"], Some(&text)).ok());
    assert_eq!((stored, rejected), (3, 2));
    // The same posts gzip-compressed are the same documents.
    let gz = d.path().join("posts.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut enc, text.as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let (_, stored, dups, _) = counts(&d.citra(&["ingest", gz.to_str().unwrap()]).ok());
    assert_eq!((stored, dups), (0, 3));
}

#[test]
fn image_formats() {
    let d = Dir::new();
    d.citra(&["ingest", "-q", &demo_file("trump-mexico-2015-2019.json")]).ok();
    let table = d.citra(&["image", "--country", "Meksiko", "--by", "year"]).ok();
    let header = table.lines().next().unwrap();
    assert!(header.starts_with("year") && header.contains("net fav"), "{table}");
    assert!(table.lines().any(|l| l.starts_with("2016 ")), "{table}");

    let json = d.citra(&["image", "--country", "MEX", "--by", "month", "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["country"], "MEX");
    let points = v["points"].as_array().unwrap();
    assert!(points.len() > 12, "{} months", points.len());
    let total: u64 = points.iter().map(|p| p["docs"].as_u64().unwrap()).sum();
    assert!(total >= 200, "{total} docs about Mexico");
    for p in points {
        let (t, lo, hi) = (
            p["tone"].as_f64().unwrap(),
            p["ci_low"].as_f64().unwrap(),
            p["ci_high"].as_f64().unwrap(),
        );
        assert!(-1.0 <= lo && lo <= t && t <= hi && hi <= 1.0, "{p}");
    }

    let csv = d
        .citra(&[
            "image",
            "--country",
            "mx",
            "--from",
            "2017-01-01",
            "--to",
            "2017-01-31",
            "--format",
            "csv",
        ])
        .ok();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "period,country,mentions,docs,reach,tone,ci_low,ci_high,positive,negative,net_favourability"
    );
    for l in lines {
        assert!(l.starts_with("2017-01-"), "{l}");
    }
}

#[test]
fn clear_errors() {
    let d = Dir::new();
    let err = d.citra(&["image", "--country", "MEX"]).fails();
    assert!(err.contains("no store at") && err.contains("citra ingest"), "{err}");
    d.citra(&["ingest", "-q", &fixture("posts-with-broken-line.jsonl")]).ok();
    let err = d.citra(&["image", "--country", "Atlantis"]).fails();
    assert!(err.starts_with("error: unknown country 'Atlantis'"), "{err}");
    let err = d.citra(&["image", "--country", "MEX", "--from", "30/05/2019"]).fails();
    assert!(err.contains("use YYYY-MM-DD"), "{err}");
    let err = d.citra(&["image", "--country", "MEX", "--by", "decade"]).fails();
    assert!(err.contains("use day, week, month or year"), "{err}");
    let err = d.citra(&["ingest", "does-not-exist.jsonl"]).fails();
    assert!(err.contains("does-not-exist.jsonl"), "{err}");
    let err = d.citra(&["ingest", "--format", "docx", "x"]).fails();
    assert!(err.contains("--format"), "{err}");
    // An empty range is not an error: the table says so.
    let run = d.citra(&["image", "--country", "MEX", "--from", "2001-01-01", "--to", "2001-12-31"]);
    run.ok();
    assert!(run.stderr().contains("no dated mentions of Mexico (MEX)"), "{}", run.stderr());
}

#[test]
fn mentions_command() {
    let d = Dir::new();
    let out = d
        .citra(&[
            "mentions",
            "Indonesia mengecam keras pengakuan sepihak Amerika Serikat terhadap Jerusalem",
        ])
        .ok();
    assert!(out.starts_with("language id"), "{out}");
    let usa = out.lines().find(|l| l.starts_with("Amerika Serikat")).expect("a USA row");
    assert!(usa.contains("USA") && usa.contains("43..58"), "{usa}");
    let json = d.citra_stdin(&["mentions", "--format", "json"], Some("México y Canadá")).ok();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let countries: Vec<&str> =
        v["mentions"].as_array().unwrap().iter().map(|m| m["country"].as_str().unwrap()).collect();
    assert_eq!(countries, ["MEX", "CAN"]);
}

#[test]
fn eval_mentions_kinds() {
    // Which mention kinds count is the caller's choice: hashtags and demonyms count where the
    // gold counts them.
    let d = Dir::new();
    let gold = d.path().join("kinds-gold.jsonl");
    std::fs::write(
        &gold,
        concat!(
            r#"{"id": "k-1", "lang": "en", "text": "Free #Palestine now.", "countries": ["PSE"]}"#,
            "\n",
            r#"{"id": "k-2", "lang": "en", "text": "Mexicans love Canada.", "countries": ["CAN", "MEX"]}"#,
            "\n",
        ),
    )
    .unwrap();
    let gold = gold.to_str().unwrap();
    // (--kinds, recall, precision)
    let rows: &[(Option<&str>, f64, f64)] = &[
        (None, 1.0 / 3.0, 1.0),
        (Some("name,abbreviation"), 1.0 / 3.0, 1.0),
        (Some("name,abbreviation,hashtag"), 2.0 / 3.0, 1.0),
        (Some("name,hashtag,demonym"), 1.0, 1.0),
    ];
    for (kinds, recall, precision) in rows {
        let mut args = vec!["eval", "mentions", gold, "--format", "json"];
        if let Some(k) = kinds {
            args.extend(["--kinds", k]);
        }
        let json = d.citra(&args).ok();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let got = |m: &str| v["metrics"][m].as_f64().unwrap();
        assert!((got("recall") - recall).abs() < 1e-9, "{kinds:?}: {json}");
        assert!((got("precision") - precision).abs() < 1e-9, "{kinds:?}: {json}");
    }
    let err = d.citra(&["eval", "mentions", gold, "--kinds", "name,country"]).fails();
    assert!(err.contains("--kinds: unknown kind 'country'"), "{err}");
}

#[test]
fn eval_json_shape() {
    let d = Dir::new();
    let json =
        d.citra(&["eval", "mentions", &fixture("mentions-gold.jsonl"), "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["by_lang", "metrics", "n", "task"]);
    assert_eq!(v["task"], "mentions");
    assert_eq!(v["n"], 4);
    for m in ["precision", "recall", "micro_f1"] {
        assert!(v["metrics"][m].as_f64().unwrap() > 0.5, "{m}: {json}");
    }
    assert_eq!(v["by_lang"]["id"]["n"], 1);
    let json = d.citra(&["eval", "tone", &fixture("tone-gold.jsonl"), "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for m in ["macro_f1", "macro_recall", "accuracy"] {
        assert!(v["metrics"][m].is_number(), "{m}");
    }
    let err = d.citra(&["eval", "sentiment", &fixture("tone-gold.jsonl")]).fails();
    assert!(err.contains("unknown task 'sentiment': use langid, mentions, tone"), "{err}");
}

#[test]
fn closed_pipe_is_not_an_error() {
    // `citra … | head -1`: the reader goes away; citra must exit 0 and print no error.
    let d = Dir::new();
    d.citra(&["ingest", "-q", &demo_file("trump-mexico-2015-2019.json")]).ok();
    for format in ["json", "csv", "table"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_citra"))
            .current_dir(d.path())
            .args([
                "--db",
                d.db().to_str().unwrap(),
                "image",
                "--country",
                "MEX",
                "--format",
                format,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // close the read end before citra writes
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("error"), "{format}: {err}");
        assert_eq!(out.status.code(), Some(0), "{format}: {err}");
    }
}

#[test]
fn default_author_fills_only_missing_authors() {
    let d = Dir::new();
    let file = d.path().join("no-author.csv");
    std::fs::write(
        &file,
        "created_at,text\n2019-10-08 20:55:00,Indonesia and Japan signed a new agreement.\n",
    )
    .unwrap();
    d.citra(&["ingest", "--author", "@Menlu_RI", file.to_str().unwrap()]).ok();
    // The fixture's posts name their authors ("someone", "warga"); they keep them.
    d.citra(&["ingest", "--author", "jokowi", &fixture("posts-with-broken-line.jsonl")]).ok();
    let db = authors_in_store(&d);
    assert!(db.contains("Menlu_RI"), "{db}");
    assert!(db.contains("someone") && db.contains("warga") && db.contains("jokowi"), "{db}");
}

/// The authors in the store, through the public CLI (`citra actors --format csv`).
fn authors_in_store(d: &Dir) -> String {
    d.citra(&["actors", "--format", "csv"]).ok()
}

#[test]
fn closed_pipe_every_command() {
    // `citra demo | head -1`, `citra mentions … | true`: every command, every output path,
    // exits 0 with no panic and no error when its reader has gone.
    let d = Dir::new();
    d.citra(&["ingest", "-q", &demo_file("trump-mexico-2015-2019.json")]).ok();
    let demo = demo_file("trump-mexico-2015-2019.json");
    let gold = fixture("tone-gold.jsonl");
    let mentions_gold = fixture("mentions-gold.jsonl");
    let rows: &[&[&str]] = &[
        &["demo"],
        &["ingest", &demo],
        &["mentions", "Mexico is paying for the wall, but Japan is a great friend"],
        &["mentions", "--explain", "Mexico is paying for the wall"],
        &["mentions", "--format", "json", "Mexico is paying for the wall"],
        &["eval", "tone", &gold],
        &["eval", "mentions", &mentions_gold, "--format", "json"],
        &["explain", "--country", "MEX", "--shock", "2019-06-03"],
        &["shocks", "--country", "MEX"],
        &["actors"],
        &["relations"],
        &["cascades"],
        &["rejected"],
        &["campaign", "--country", "MEX", "--topic", "wall", "--at", "2017-01-01"],
        &["image", "--country", "MEX", "--by-voice"],
    ];
    for args in rows {
        let mut child = Command::new(env!("CARGO_BIN_EXE_citra"))
            .current_dir(d.path())
            .arg("--db")
            .arg(d.db())
            .args(*args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before citra writes
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked") && !err.contains("error"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}
