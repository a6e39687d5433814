//! CLI tests of `citra reactions` and `citra rebuttals`: the real Jerusalem case (the US head
//! of state's post of 6 December 2017 and the Indonesian president's condemnation hours later,
//! `fixtures/jerusalem-*.{json,csv}`) and a hand-built case of three attacks on Mexico
//! (`fixtures/rebuttal-posts.jsonl`): answered and recovered, answered and not recovered, and
//! answered only outside the window.

mod common;

use common::*;

const JERUSALEM: &str = "938517073508163584";

fn jerusalem() -> Dir {
    let d = Dir::new();
    d.citra(&["ingest", "-q", &fixture("jerusalem-trump.json"), "--author", "realDonaldTrump"])
        .ok();
    d.citra(&["ingest", "-q", &fixture("jerusalem-jokowi.csv"), "--author", "jokowi"]).ok();
    d
}

#[test]
fn reactions010_jerusalem_condemnation_found_with_its_delay() {
    let d = jerusalem();
    let v = d.citra(&["reactions", "--to", JERUSALEM, "--format", "json"]).json();
    assert_eq!((v["acts_total"].as_u64(), v["acts_answered"].as_u64()), (Some(1), Some(1)));
    let act = &v["acts"][0];
    assert_eq!(act["act"]["native_id"], JERUSALEM);
    assert_eq!(act["act"]["official"]["actor"], "usa-trump");
    assert_eq!(act["act"]["time"], "2017-12-06T21:14:41Z");
    assert_eq!(act["targets"], serde_json::json!(["ISR"]));
    let r = act["reactions"].as_array().unwrap();
    assert_eq!(r.len(), 1, "{r:#?}");
    let a = &r[0];
    assert_eq!(a["country"], "IDN");
    assert_eq!(a["post"]["official"]["actor"], "idn-jokowi");
    assert_eq!(a["post"]["official"]["role"], "head_of_state");
    assert!(a["post"]["text"].as_str().unwrap().starts_with("Indonesia mengecam keras"));
    // The export's date columns are UTC (see reactions020): 05:06:48 UTC on 7 December.
    assert_eq!(a["post"]["time"], "2017-12-07T05:06:48Z");
    assert_eq!(a["delay_s"], 7 * 3600 + 52 * 60 + 7);
    assert_eq!(a["how"][0], "names_country");
    assert_eq!(a["about"][0]["country"], "USA");
    assert!(a["about"][0]["tone"].as_f64().unwrap() < -0.3, "{a}");
    let actions = a["post"]["actions"].as_array().unwrap();
    assert!(
        actions.iter().any(|e| e["target"] == "USA" && e["quad"] == "verbal_conflict"),
        "{actions:?}"
    );
    // (36,807 + 36,630) / (39,791 + 135,522)
    assert!((a["reach_ratio"].as_f64().unwrap() - 73_437.0 / 175_313.0).abs() < 1e-9);
    assert_eq!(a["rebuttal"], false, "Indonesia was not the one attacked");

    let table = d.citra(&["reactions", "--to", JERUSALEM]).ok();
    for cell in ["7h 52m 07s", "IDN", "@jokowi (Joko Widodo, IDN head_of_state)", "0.419"] {
        assert!(table.contains(cell), "{cell} not in\n{table}");
    }
    let csv = d.citra(&["reactions", "--to", JERUSALEM, "--format", "csv"]).ok();
    assert!(csv.lines().nth(1).unwrap().contains(",28327,IDN,"), "{csv}");

    // The call to the OIC six days later is an answer within a week, not within 72 h.
    let week = d.citra(&["reactions", "--to", JERUSALEM, "--within", "7d", "--format", "json"]);
    let r = week.json()["acts"][0]["reactions"].clone();
    assert_eq!(r.as_array().unwrap().len(), 2);
    assert_eq!(r[1]["post"]["time"], "2017-12-13T13:13:11Z");
    assert!(r[1]["post"]["text"].as_str().unwrap().contains("Organisasi Kerja Sama Islam"));
    // Seven hours is too short.
    let short = d.citra(&["reactions", "--to", JERUSALEM, "--within", "7h", "--format", "json"]);
    assert_eq!(short.json()["acts_answered"], 0);

    // By actor over a range: the Jerusalem post is among the acts, with its answer.
    let v = d
        .citra(&[
            "reactions",
            "--actor",
            "realDonaldTrump",
            "--from",
            "2017-12-06",
            "--to",
            "2017-12-07",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(v["acts_answered"], 1);
    assert_eq!(v["acts"][0]["act"]["native_id"], JERUSALEM);
}

/// The Indonesian export's id column is a spreadsheet-mangled snowflake
/// (`9.3863588440808998E+17`): its time bits, still exact, say the post was written at
/// 05:06:48 UTC, which is what the `Tanggal/Bulan/Tahun/Jam` columns say: they are UTC, not
/// Jakarta time (UTC+7).
#[test]
fn reactions020_indonesian_dates_are_utc() {
    let csv = std::fs::read_to_string(fixture("jerusalem-jokowi.csv")).unwrap();
    let row = csv.lines().find(|l| l.contains("mengecam keras")).unwrap();
    let mut cols = row.split(',');
    let id: f64 = cols.next().unwrap().parse().unwrap();
    let ms = ((id as u64) >> 22) + 1_288_834_974_657;
    let t = chrono::DateTime::from_timestamp_millis(ms as i64).unwrap();
    let (day, month, year, clock) =
        (cols.next().unwrap(), cols.next().unwrap(), cols.next().unwrap(), cols.next().unwrap());
    assert_eq!(t.format("%d,%m,%Y,%H:%M:%S").to_string(), format!("{day},{month},{year},{clock}"));
}

#[test]
fn reactions030_errors_say_what_to_give() {
    let d = jerusalem();
    let e = d.citra(&["reactions"]).fails();
    assert!(e.contains("--to POST_ID") && e.contains("--actor"), "{e}");
    let e = d.citra(&["reactions", "--to", "12345"]).fails();
    assert!(e.contains("no stored post has the id '12345'"), "{e}");
    let e = d.citra(&["reactions", "--to", JERUSALEM, "--within", "forever"]).fails();
    assert!(e.contains("within") && e.contains("72h"), "{e}");
    let e = d.citra(&["reactions", "--to", JERUSALEM, "--min-tone", "2"]).fails();
    assert!(e.contains("(0, 1]"), "{e}");
}

#[test]
fn rebuttals010_recovery_with_and_without() {
    let d = Dir::new();
    d.citra(&["ingest", "-q", &fixture("rebuttal-posts.jsonl")]).ok();
    let v = d.citra(&["rebuttals", "--country", "Mexico", "--format", "json"]).json();
    assert_eq!((v["attacks_total"].as_u64(), v["answered"].as_u64()), (Some(3), Some(2)));
    assert_eq!(v["recovered"], serde_json::json!({"yes": 1, "no": 1}));
    let a = v["attacks"].as_array().unwrap();
    // Latest first: September (answered five days later: outside 72 h), June, January.
    assert_eq!(a[0]["act"]["native_id"], "a3");
    assert!(a[0]["rebuttals"].as_array().unwrap().is_empty());
    assert_eq!(a[0]["first_delay_s"], serde_json::Value::Null);

    assert_eq!(a[1]["act"]["native_id"], "a2");
    assert_eq!(a[1]["first_delay_s"], 22 * 3600);
    assert_eq!(a[1]["rebuttals"][0]["post"]["official"]["actor"], "mex-sre");
    assert_eq!(a[1]["recovery"]["recovered"], "no");
    assert_eq!(a[1]["recovery"]["before"]["from"], "2017-06-01");
    assert_eq!(a[1]["recovery"]["after"]["from"], "2017-06-10");

    assert_eq!(a[2]["act"]["native_id"], "a1");
    assert_eq!(a[2]["first_delay_s"], 2 * 3600 + 37 * 60 + 10);
    let r = a[2]["rebuttals"].as_array().unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0]["post"]["official"]["actor"], "mex-pena-nieto");
    assert_eq!(r[1]["how"], serde_json::json!(["reply", "names_country"]));
    assert_eq!(r[1]["reach_ratio"], 0.1);
    assert!(r.iter().all(|x| x["rebuttal"] == true));
    let rec = &a[2]["recovery"];
    assert_eq!(rec["recovered"], "yes");
    assert_eq!(rec["low"]["from"], "2017-01-26");
    let (before, low, after) = (
        rec["before"]["index"]["tone"].as_f64().unwrap(),
        rec["low"]["index"]["tone"].as_f64().unwrap(),
        rec["after"]["index"]["tone"].as_f64().unwrap(),
    );
    assert!(low < 0.0 && before > 0.3 && after > 0.3, "{rec}");

    let run = d.citra(&["rebuttals", "--country", "MEX"]);
    let table = run.ok();
    for cell in ["unanswered", "2h 37m 10s", "22h 00m 00s", " yes ", " no "] {
        assert!(table.contains(cell), "{cell} not in\n{table}");
    }
    assert!(run.stderr().contains("3 attacks on Mexico (MEX)"), "{}", run.stderr());
    // A week's window catches the September answer.
    let v =
        d.citra(&["rebuttals", "--country", "MEX", "--within", "7d", "--format", "json"]).json();
    assert_eq!(v["answered"], 3);
}

#[test]
fn rebuttals020_report_section() {
    let d = Dir::new();
    d.citra(&["ingest", "-q", &fixture("rebuttal-posts.jsonl")]).ok();
    for (lang, heading, unanswered, yes) in [
        ("en", "Attacks and answers", "unanswered", ">yes<"),
        ("id", "Serangan dan jawaban", "tidak dijawab", ">ya<"),
    ] {
        let out = d.path().join(format!("r-{lang}.html"));
        let out = out.to_str().unwrap();
        d.citra(&["report", "--country", "MEX", "--lang", lang, "--out", out]).ok();
        let html = std::fs::read_to_string(out).unwrap();
        for cell in [heading, unanswered, yes, "Enrique Peña Nieto (MEX)", "2h 37m", "22h 00m"] {
            assert!(html.contains(cell), "{lang}: {cell} not in the report");
        }
    }
}
