//! `citra annotate`: the per-post pipeline as a filter, through the real binary: one line per
//! record in input order whatever the thread count, rejected records kept as lines, spans that
//! slice the original text, no store written.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ingest").join(rel).display().to_string()
}

fn annotate(args: &[&str], stdin: Option<&[u8]>, dir: &Path) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_citra"))
        .current_dir(dir)
        .env_remove("CITRA_DB")
        .arg("annotate")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn annotate010_ordered_whatever_the_threads_and_spans_map_back() {
    let tmp = tempfile::tempdir().unwrap();
    let file = fixture("benches/trump_2017_800.json");
    let (one, _) = annotate(&[&file, "--threads", "1", "-q"], None, tmp.path());
    let (four, err) = annotate(&[&file, "--threads", "4"], None, tmp.path());
    assert_eq!(one, four, "the same lines in the same order on 1 and 4 threads");
    assert!(err.contains("800 annotated, 0 rejected (4 threads)"), "{err}");
    let rows: Vec<serde_json::Value> =
        one.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 800);
    // Input order: the archive's records, line 1 to 800.
    let lines: Vec<u64> = rows.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
    // Every mention's span slices the original text to its surface.
    let archive: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let mut mentions = 0;
    for (r, src) in rows.iter().zip(&archive) {
        assert_eq!(r["schema"], "citra.annotation/2");
        let text = src["text"].as_str().unwrap();
        for m in r["mentions"].as_array().unwrap() {
            let (s, e) =
                (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[s..e], m["surface"].as_str().unwrap());
            mentions += 1;
        }
    }
    assert!(mentions > 100, "{mentions} mentions");
    assert!(!tmp.path().join("citra.db").exists(), "no store is written");
}

#[test]
fn annotate020_standard_input_and_rejected_records_are_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("tests/fixtures/broken_middle.jsonl")).unwrap();
    let (out, err) = annotate(&["-", "--format", "jsonl"], Some(&bytes), tmp.path());
    let rows: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let rejected: Vec<&serde_json::Value> =
        rows.iter().filter(|r| r.get("rejected").is_some()).collect();
    assert_eq!(rejected.len(), 3, "{out}");
    assert_eq!(rejected[0]["line"], 2);
    assert!(rejected[0]["rejected"].as_str().unwrap().contains("invalid JSON"));
    assert_eq!(rows.len(), 6, "every record is a line (the blank line is no record)");
    assert!(err.contains("3 annotated, 3 rejected"), "{err}");
    let first = &rows[0];
    assert_eq!(first["lang"], "id");
    assert_eq!(first["mentions"][1]["country"], "USA");
    assert_eq!(first["events"][0]["code"], "111");
}

#[test]
fn annotate030_engagement_and_day_are_what_the_index_weighs_and_places() {
    // Schema 2: `engagement` is the sum of the known counts as the store keeps it (saturating,
    // at most i64::MAX), `day` the UTC day of `created_at` (null without a date).
    let tmp = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id_str":"1","text":"Mexico is great","created_at":"2019-06-01T23:30:00-02:00","retweet_count":10,"favorite_count":5,"reply_count":2}"#,
        r#"{"id_str":"2","text":"Mexico again","created_at":"2019-06-02T10:00:00Z"}"#,
        r#"{"id_str":"3","text":"Mexico, no date"}"#,
        r#"{"id_str":"4","text":"Mexico","created_at":"2019-06-03T00:00:00Z","retweet_count":18446744073709551615,"favorite_count":7}"#,
    ];
    let input = lines.join("\n") + "\n";
    let (out, _) = annotate(&["-", "--format", "jsonl", "-q"], Some(input.as_bytes()), tmp.path());
    let rows: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 4, "{out}");
    let got: Vec<(serde_json::Value, serde_json::Value)> =
        rows.iter().map(|r| (r["engagement"].clone(), r["day"].clone())).collect();
    let want = vec![
        (serde_json::json!(17), serde_json::json!("2019-06-02")),
        (serde_json::json!(0), serde_json::json!("2019-06-02")),
        (serde_json::json!(0), serde_json::Value::Null),
        (serde_json::json!(i64::MAX), serde_json::json!("2019-06-03")),
    ];
    assert_eq!(got, want);
    for r in &rows {
        assert_eq!(r["schema"], "citra.annotation/2");
    }
}
