//! `citra export`: every table in every format from the real binary, Parquet read back with the
//! parquet crate's reader, CSV quoting, the filters, the PLOVER and ICEWS layouts, the errors.

mod common;

use common::{Dir, fixture};
use parquet::basic::{LogicalType, TimeUnit, TimestampType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::Value;
use std::path::Path;

/// A store of the demo corpus (`citra demo --out`) in a fresh folder.
fn demo() -> Dir {
    let dir = Dir::new();
    let db = dir.db().display().to_string();
    dir.citra(&["demo", "--out", &db]).ok();
    dir
}

/// A store of the export fixture.
fn fixture_store() -> Dir {
    let dir = Dir::new();
    dir.citra(&["ingest", &fixture("export-posts.jsonl")]).ok();
    dir
}

fn count(dir: &Dir, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// `citra export …` into `dir/name`; returns the path.
fn export(dir: &Dir, name: &str, args: &[&str]) -> std::path::PathBuf {
    let out = dir.path().join(name);
    let o = out.display().to_string();
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", &o]);
    dir.citra(&all).ok();
    out
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

fn jsonl_rows(path: &Path) -> Vec<serde_json::Map<String, Value>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| match serde_json::from_str(l).unwrap() {
            Value::Object(m) => m,
            other => panic!("not an object: {other}"),
        })
        .collect()
}

fn parquet(path: &Path) -> SerializedFileReader<std::fs::File> {
    SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap()
}

/// The rows of a Parquet file as (column name → field) maps.
fn parquet_rows(path: &Path) -> Vec<Vec<(String, Field)>> {
    let r = parquet(path);
    r.get_row_iter(None)
        .unwrap()
        .map(|row| row.unwrap().get_column_iter().map(|(n, f)| (n.clone(), f.clone())).collect())
        .collect()
}

fn field<'a>(row: &'a [(String, Field)], name: &str) -> &'a Field {
    &row.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no column {name}")).1
}

#[test]
fn export010_every_table_in_every_format_has_the_same_rows() {
    let dir = demo();
    let tables = [
        ("posts", Some("SELECT count(*) FROM docs")),
        ("mentions", Some("SELECT count(*) FROM mentions")),
        ("events", Some("SELECT count(*) FROM events")),
        ("image", None),
        ("relations", None),
        ("shocks", None),
    ];
    for (what, sql) in tables {
        let csv = export(&dir, &format!("{what}.csv"), &["--what", what, "--format", "csv"]);
        let jsonl = export(&dir, &format!("{what}.jsonl"), &["--what", what, "--format", "jsonl"]);
        let pq = export(&dir, &format!("{what}.parquet"), &["--what", what, "--format", "parquet"]);
        let (header, rows) = csv_rows(&csv);
        let lines = jsonl_rows(&jsonl);
        let reader = parquet(&pq);
        let meta = reader.metadata().file_metadata();
        assert!(!rows.is_empty(), "{what}: no rows");
        assert_eq!(rows.len(), lines.len(), "{what}: csv and jsonl");
        assert_eq!(rows.len() as i64, meta.num_rows(), "{what}: csv and parquet");
        if let Some(sql) = sql {
            assert_eq!(rows.len() as i64, count(&dir, sql), "{what}: the store's count");
        }
        // The same columns, in the same order, in the three formats.
        let pq_names: Vec<String> =
            meta.schema_descr().columns().iter().map(|c| c.name().to_owned()).collect();
        assert_eq!(header, pq_names, "{what}");
        let keys: Vec<String> = lines[0].keys().cloned().collect();
        let mut sorted = header.clone();
        sorted.sort();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        assert_eq!(keys_sorted, sorted, "{what}: jsonl keys");
        // The schema version and table name in the key-value metadata.
        let kv = meta.key_value_metadata().expect("key-value metadata");
        let get = |k: &str| kv.iter().find(|x| x.key == k).and_then(|x| x.value.clone());
        assert_eq!(get("citra.export.schema").as_deref(), Some("citra.export/1"), "{what}");
        assert_eq!(get("citra.export.table").as_deref(), Some(what));
    }
}

#[test]
fn export020_parquet_image_equals_citra_image() {
    let dir = demo();
    let want = dir.citra(&["image", "--country", "MEX", "--format", "json"]).json();
    let points = want["points"].as_array().unwrap();
    let pq = export(
        &dir,
        "mex.parquet",
        &["--what", "image", "--country", "Meksiko", "--format", "parquet"],
    );
    let reader = parquet(&pq);
    let schema = reader.metadata().file_metadata().schema_descr();
    let period = schema.columns().iter().find(|c| c.name() == "period").unwrap();
    assert_eq!(period.logical_type_ref(), Some(&LogicalType::Date));
    let rows = parquet_rows(&pq);
    assert_eq!(rows.len(), points.len());
    assert!(rows.len() > 10, "the demo has many days of Mexico");
    for (row, p) in rows.iter().zip(points) {
        assert_eq!(field(row, "country"), &Field::Str("MEX".into()));
        let Field::Date(days) = field(row, "period") else { panic!("period is a date") };
        let day = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
            + chrono::Duration::days(i64::from(*days));
        assert_eq!(day.to_string(), p["period"].as_str().unwrap());
        assert_eq!(field(row, "docs"), &Field::Long(p["docs"].as_i64().unwrap()));
        assert_eq!(field(row, "mentions"), &Field::Long(p["mentions"].as_i64().unwrap()));
        for col in
            ["reach", "tone", "ci_low", "ci_high", "positive", "negative", "net_favourability"]
        {
            let Field::Double(v) = field(row, col) else { panic!("{col} is a double") };
            let w = p[col].as_f64().unwrap();
            assert!((v - w).abs() < 1e-12, "{col}: {v} vs {w}");
        }
    }
}

#[test]
fn export030_parquet_posts_types_and_values() {
    let dir = fixture_store();
    let pq = export(&dir, "posts.parquet", &["--what", "posts", "--format", "parquet"]);
    let reader = parquet(&pq);
    let schema = reader.metadata().file_metadata().schema_descr();
    let col = |n: &str| schema.columns().iter().find(|c| c.name() == n).unwrap().clone();
    assert_eq!(
        col("created_at").logical_type_ref(),
        Some(&LogicalType::Timestamp(TimestampType {
            is_adjusted_to_u_t_c: true,
            unit: TimeUnit::MICROS
        }))
    );
    assert_eq!(col("text").logical_type_ref(), Some(&LogicalType::String));
    assert_eq!(col("likes").physical_type(), parquet::basic::Type::INT64);
    assert_eq!(col("likes").logical_type_ref(), None, "plain signed int64");
    let rows = parquet_rows(&pq);
    assert_eq!(rows.len(), 4);
    let p2 = rows.iter().find(|r| field(r, "native_id") == &Field::Str("102".into())).unwrap();
    assert_eq!(
        field(p2, "text"),
        &Field::Str(
            "Mexico threatens tariffs, again.\nThe United States condemned the \"unfair\" move."
                .into()
        )
    );
    let t = chrono::DateTime::parse_from_rfc3339("2019-06-02T09:30:00Z").unwrap();
    assert_eq!(field(p2, "created_at"), &Field::TimestampMicros(t.timestamp_micros()));
    assert_eq!(field(p2, "likes"), &Field::Long(3));
    let p3 = rows.iter().find(|r| field(r, "native_id") == &Field::Str("103".into())).unwrap();
    assert_eq!(field(p3, "likes"), &Field::Null, "no likes given: null, not 0");
    assert_eq!(field(p3, "engagement"), &Field::Long(0));
    assert_eq!(field(p3, "weight"), &Field::Double(1.0));
}

#[test]
fn export040_csv_quotes_commas_quotes_and_line_breaks() {
    let dir = fixture_store();
    let out = export(&dir, "posts.csv", &["--what", "posts", "--format", "csv"]);
    let raw = std::fs::read_to_string(&out).unwrap();
    // RFC 4180: the field is quoted, its quotes doubled, its line break kept inside.
    assert!(
        raw.contains(
            "\"Mexico threatens tariffs, again.\nThe United States condemned the \"\"unfair\"\" move.\""
        ),
        "{raw}"
    );
    let (header, rows) = csv_rows(&out);
    let text = header.iter().position(|h| h == "text").unwrap();
    let id = header.iter().position(|h| h == "native_id").unwrap();
    let source: Vec<Value> = std::fs::read_to_string(fixture("export-posts.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), source.len());
    for s in &source {
        let row = rows.iter().find(|r| r[id] == s["id"].as_str().unwrap()).unwrap();
        assert_eq!(row[text], s["text"].as_str().unwrap(), "the text as ingested");
    }
}

#[test]
fn export050_mention_spans_slice_the_original_text() {
    let dir = fixture_store();
    let posts = jsonl_rows(&export(&dir, "p.jsonl", &["--what", "posts", "--format", "jsonl"]));
    let mentions =
        jsonl_rows(&export(&dir, "m.jsonl", &["--what", "mentions", "--format", "jsonl"]));
    assert!(mentions.len() >= 6, "{mentions:?}");
    let mut non_ascii = 0;
    for m in &mentions {
        let post = posts.iter().find(|p| p["doc_key"] == m["doc_key"]).expect("its post");
        let text = post["text"].as_str().unwrap();
        let (a, b) = (m["byte_start"].as_u64().unwrap(), m["byte_end"].as_u64().unwrap());
        let slice = &text.as_bytes()[a as usize..b as usize];
        assert_eq!(std::str::from_utf8(slice).unwrap(), m["surface"].as_str().unwrap());
        non_ascii += usize::from(m["char_start"] != m["byte_start"]);
    }
    assert!(non_ascii > 0, "the fixture has mentions after non-ASCII letters");
}

#[test]
fn export060_filters_country_from_to() {
    let dir = demo();
    // --country: only its mentions, as many as the store has.
    let m = jsonl_rows(&export(
        &dir,
        "m.jsonl",
        &["--what", "mentions", "--country", "MX", "--format", "jsonl"],
    ));
    assert_eq!(m.len() as i64, count(&dir, "SELECT count(*) FROM mentions WHERE country = 'MEX'"));
    assert!(m.iter().all(|r| r["country"] == "MEX"));
    // --from/--to: the posts of those days (UTC), inclusive.
    let p = jsonl_rows(&export(
        &dir,
        "p.jsonl",
        &["--what", "posts", "--from", "2017-01-01", "--to", "2017-12-31", "--format", "jsonl"],
    ));
    let want = count(
        &dir,
        "SELECT count(*) FROM docs WHERE created_at >= '2017-01-01' AND created_at < '2018-01-01'",
    );
    assert!(want > 0);
    assert_eq!(p.len() as i64, want);
    assert!(p.iter().all(|r| r["created_at"].as_str().unwrap().starts_with("2017-")));
    // Country and range on posts: posts of 2017 that mention Mexico.
    let pm = jsonl_rows(&export(
        &dir,
        "pm.jsonl",
        &[
            "--what",
            "posts",
            "--country",
            "MEX",
            "--from",
            "2017-01-01",
            "--to",
            "2017-12-31",
            "--format",
            "jsonl",
        ],
    ));
    assert!(!pm.is_empty() && pm.len() <= p.len());
    // The image with a range is `citra image` with that range.
    let args = ["--country", "MEX", "--from", "2019-01-01", "--to", "2019-06-30"];
    let mut img = vec!["image"];
    img.extend(args);
    img.extend(["--format", "json"]);
    let want = dir.citra(&img).json();
    let mut ex = vec!["--what", "image"];
    ex.extend(args);
    ex.extend(["--format", "jsonl"]);
    let got = jsonl_rows(&export(&dir, "i.jsonl", &ex));
    let points = want["points"].as_array().unwrap();
    assert!(!points.is_empty());
    assert_eq!(got.len(), points.len());
    for (g, w) in got.iter().zip(points) {
        assert_eq!(g["period"], w["period"]);
        assert_eq!(g["tone"], w["tone"]);
        assert_eq!(g["docs"], w["docs"]);
    }
    // Relations for a country: every edge touches it, and each day is a day of the range.
    let r = jsonl_rows(&export(
        &dir,
        "r.jsonl",
        &["--what", "relations", "--country", "MEX", "--from", "2019-01-01", "--format", "jsonl"],
    ));
    assert!(!r.is_empty());
    assert!(r.iter().all(|e| e["source"] == "MEX" || e["target"] == "MEX"));
    assert!(r.iter().all(|e| e["date"].as_str().unwrap() >= "2019-01-01"));
    // Events for a country: it acts or is acted on, as many as the store has.
    let ev = jsonl_rows(&export(
        &dir,
        "e.jsonl",
        &["--what", "events", "--country", "USA", "--format", "jsonl"],
    ));
    let want = count(
        &dir,
        "SELECT count(*) FROM events WHERE upper(substr(source, 1, 3)) = 'USA' \
         OR upper(substr(target, 1, 3)) = 'USA'",
    );
    assert!(want > 0);
    assert_eq!(ev.len() as i64, want);
    assert!(ev.iter().all(|e| e["source_country"] == "USA" || e["target_country"] == "USA"));
    // Shocks for one country are `citra shocks`'.
    let s = dir.citra(&["shocks", "--country", "MEX", "--format", "json"]).json();
    let got = jsonl_rows(&export(
        &dir,
        "s.jsonl",
        &["--what", "shocks", "--country", "MEX", "--format", "jsonl"],
    ));
    let want = s["shocks"].as_array().unwrap();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g["date"], w["date"]);
        assert_eq!(g["size"], w["size"]);
    }
}

#[test]
fn export070_plover_and_icews_layouts() {
    let dir = fixture_store();
    let plover =
        dir.citra(&["export", "--what", "events", "--format", "plover", "--out", "-"]).ok();
    let objects: Vec<Value> = plover.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!objects.is_empty());
    for o in &objects {
        for key in ["id", "event_date", "event_type", "mode", "context", "actor", "recipient"] {
            assert!(o.get(key).is_some(), "{key} in {o}");
        }
        assert!(o["actor"]["country"].is_string(), "{o}");
    }
    assert!(objects.iter().any(|o| o["event_type"] == "SUPPORT"), "{plover}");
    let tsv = dir.citra(&["export", "--what", "events", "--format", "icews", "--out", "-"]).ok();
    let header = tsv.lines().next().unwrap();
    assert!(header.starts_with(
        "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name"
    ));
    assert!(tsv.lines().nth(1).unwrap().contains("\tIndonesia\t"), "{tsv}");
    let dyads = dir.citra(&["export", "--what", "relations", "--format", "icews", "--out", "-"]);
    let out = dyads.ok();
    assert!(out.starts_with("Event Date\tSource Country\tSource Code\tTarget Country"), "{out}");
}

#[test]
fn export080_errors_say_what_and_leave_no_file() {
    let dir = fixture_store();
    let cases: [(&[&str], &str); 7] = [
        (
            &["--what", "tweets", "--format", "csv", "--out", "x.csv"],
            "invalid value 'tweets' for '--what",
        ),
        (
            &["--what", "posts", "--format", "plover", "--out", "x.json"],
            "--format plover does not fit --what posts",
        ),
        (
            &["--what", "image", "--format", "icews", "--out", "x.tsv"],
            "--format icews does not fit --what image",
        ),
        (
            &["--what", "posts", "--country", "Narnia", "--format", "csv", "--out", "x.csv"],
            "--country: unknown country 'Narnia'",
        ),
        (&["--what", "posts", "--format", "parquet", "--out", "-"], "give a path"),
        (
            &["--what", "posts", "--format", "csv", "--out", "no/such/dir/x.csv"],
            "the folder no/such/dir does not exist",
        ),
        (
            &["--what", "posts", "--from", "2019-02-30", "--format", "csv", "--out", "x.csv"],
            "--from '2019-02-30' is not a date",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        let err = dir.citra(&all).fails();
        assert!(err.contains(want), "citra {all:?}: {err}");
    }
    let err = dir.citra(&["export", "--what", "posts", "--format", "csv", "--out", "."]).fails();
    assert!(err.contains("is a folder"), "{err}");
    let err = dir.citra(&["export", "--what", "posts", "--format", "csv", "--out", "t.db"]).fails();
    assert!(err.contains("is the store itself"), "{err}");
    assert_eq!(count(&dir, "SELECT count(*) FROM docs"), 4, "the store is intact");
    let err = Dir::new()
        .citra(&["export", "--what", "posts", "--format", "csv", "--out", "x.csv"])
        .fails();
    assert!(err.contains("no store at"), "{err}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("x."))
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn export090_stdout_and_summary() {
    let dir = fixture_store();
    let run = dir.citra(&["export", "--what", "mentions", "--format", "csv", "--out", "-"]);
    let out = run.ok();
    assert!(out.starts_with("mention_id,doc_key,created_at,day,country,"), "{out}");
    assert_eq!(out.lines().count() as i64, 1 + count(&dir, "SELECT count(*) FROM mentions"));
    assert!(run.stderr().contains("citra.export/1"), "{}", run.stderr());
}
