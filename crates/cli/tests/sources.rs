//! CLI tests of the file sources of issue 15: a Telegram Desktop export and a recorded day of
//! GDELT 2.0 files, through the real binary.

mod common;

use common::*;
use std::path::Path;

/// A file under the ingest crate's fixtures.
fn ingest_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn telegram010_ingest_counts_and_reply_cascade() {
    let d = Dir::new();
    let export = ingest_fixture("telegram/result.json");
    let run = d.citra(&["ingest", &export]);
    let out = run.ok();
    assert_eq!(counts(&out), (5, 5, 0, 0), "{out}");
    let err = run.stderr();
    assert!(err.contains("2 service messages") && err.contains("1 message without text"), "{err}");
    // A second run stores nothing twice.
    assert_eq!(counts(&d.citra(&["ingest", "-q", &export]).ok()), (5, 0, 5, 0));
    // The replies are links: message 2 ← 3 ← 8 is one cascade of depth 2.
    let v: serde_json::Value =
        serde_json::from_str(&d.citra(&["cascades", "--format", "json"]).ok()).unwrap();
    let c = &v["cascades"][0];
    assert_eq!(c["root_native_id"], "1370000001/2", "{v}");
    assert_eq!((c["size"].as_u64(), c["depth"].as_u64()), (Some(3), Some(2)), "{v}");
    assert_eq!(c["links"]["reply"], 2, "{v}");
    assert_eq!(v["cascades"].as_array().unwrap().len(), 1, "{v}");
    // The forward is a reshare of a post that is not in the store.
    assert_eq!(v["missing_parents"], 1, "{v}");
}

/// The text of a GDELT file of the fixture day, read here without citra: the file itself, or
/// the one deflated entry of a zip archive (local file header: name and extra lengths at bytes
/// 26 and 28, data after the 30-byte header).
fn gdelt_text(path: &Path) -> String {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    if !path.to_string_lossy().ends_with(".zip") {
        return String::from_utf8(bytes).unwrap();
    }
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    let len = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let start = 30 + len(26) + len(28);
    let mut out = String::new();
    flate2::read::DeflateDecoder::new(&bytes[start..]).read_to_string(&mut out).unwrap();
    out
}

/// Quad counts (verbal coop, material coop, verbal conflict, material conflict) per directed
/// country pair, counted straight from the fixture's export files: rows of 61 columns, CAMEO
/// country codes as ISO (the fixture's ROM and WSB; EUR is a region), no country toward itself,
/// SQLDATE from `from` (YYYYMMDD) on.
fn direct_count(dir: &Path, from: &str) -> std::collections::BTreeMap<(String, String), [u64; 4]> {
    let iso = |c: &str| -> Option<String> {
        match c {
            "" | "EUR" => None,
            "ROM" => Some("ROU".into()),
            "WSB" => Some("PSE".into()),
            c => Some(c.into()),
        }
    };
    let mut out = std::collections::BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".export.CSV"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    for f in files {
        for line in gdelt_text(&f).lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 61 || cols[1] < from {
                continue;
            }
            let (Some(a), Some(b)) = (iso(cols[7]), iso(cols[17])) else { continue };
            if a == b {
                continue;
            }
            let quad: usize = cols[29].parse().unwrap();
            let e: &mut [u64; 4] = out.entry((a, b)).or_default();
            e[quad - 1] += 1;
        }
    }
    out
}

/// The quad counts per pair of a `citra relations --coder gdelt --format json` answer.
fn answered(v: &serde_json::Value) -> std::collections::BTreeMap<(String, String), [u64; 4]> {
    let n = |e: &serde_json::Value, k: &str| e[k].as_u64().unwrap();
    v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let quads = [
                n(e, "verbal_coop"),
                n(e, "material_coop"),
                n(e, "verbal_conflict"),
                n(e, "material_conflict"),
            ];
            assert_eq!(quads.iter().sum::<u64>(), n(e, "events"), "{e}");
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            ((s("source"), s("target")), quads)
        })
        .collect()
}

#[test]
fn gdelt010_relations_equal_a_direct_count_of_the_day() {
    let d = Dir::new();
    let day = ingest_fixture("gdelt");
    let run = d.citra(&["ingest", &day]);
    let out = run.ok();
    assert!(
        out.contains("GDELT: 6 files (0 already loaded, skipped), 193 rows read: 120 events, 60 mentions, 12 GKG records stored, 0 duplicates, 1 rejected"),
        "{out}\n{}",
        run.stderr()
    );
    let v = d.citra(&["relations", "--coder", "gdelt", "--format", "json"]).json();
    assert_eq!(v["coder"], "gdelt");
    assert_eq!(v["events"], 120);
    let direct = direct_count(Path::new(&day), "");
    assert!(direct.len() >= 10, "{direct:?}");
    assert_eq!(answered(&v), direct);
    // Nodes are the countries of the edges, with names; CAMEO's ROM is ISO's ROU.
    let ids: Vec<&str> =
        v["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"ROU") && ids.contains(&"PSE") && !ids.contains(&"ROM"), "{ids:?}");
    // The range is on SQLDATE: the events dated 2019-06-06 drop out.
    let v = d
        .citra(&[
            "relations",
            "--coder",
            "gdelt",
            "--from",
            "2019-06-07",
            "--to",
            "2019-06-07",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(answered(&v), direct_count(Path::new(&day), "20190607"));
    assert!(v["events"].as_u64().unwrap() < 120);
    // A table and CSV too; citra's own graph is unchanged by GDELT rows (no posts here).
    let table = d.citra(&["relations", "--coder", "gdelt"]).ok();
    assert!(table.contains("avg_tone") && table.contains("IDN"), "{table}");
    let csv = d.citra(&["relations", "--coder", "gdelt", "--format", "csv"]).ok();
    assert_eq!(csv.lines().count(), 1 + direct.len());
    let citra = d.citra(&["relations", "--format", "json"]).json();
    assert_eq!(citra["edges"].as_array().unwrap().len(), 0);
}

#[test]
fn gdelt020_loading_twice_stores_nothing_twice_and_keeps_the_bad_row() {
    let d = Dir::new();
    let day = ingest_fixture("gdelt");
    d.citra(&["ingest", "-q", &day]).ok();
    let first = d.citra(&["relations", "--coder", "gdelt", "--format", "json"]).json();
    // Again, as a folder: every file is already loaded.
    let again = d.citra(&["ingest", &day]);
    let out = again.ok();
    assert!(out.contains("GDELT: 6 files (6 already loaded, skipped), 0 rows read"), "{out}");
    assert!(again.stderr().contains("already loaded: skipped"), "{}", again.stderr());
    // One file again under another name (unzipped by hand): its rows are all duplicates.
    let tmp = d.path().join("20190607001500.export.CSV");
    std::fs::write(&tmp, gdelt_text(&Path::new(&day).join("20190607001500.export.CSV.zip")))
        .unwrap();
    let out = d.citra(&["ingest", tmp.to_str().unwrap()]).ok();
    assert!(
        out.contains("1 files (1 already loaded, skipped)"),
        "the same file zipped or not: {out}"
    );
    let v = d.citra(&["relations", "--coder", "gdelt", "--format", "json"]).json();
    assert_eq!(v, first);
    // The cut row is kept with its file, line and reason, once.
    let rejected = d.citra(&["rejected", "--format", "json"]).json();
    let rows = rejected["rejected"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rejected}");
    assert!(rows[0]["source_path"].as_str().unwrap().ends_with("20190607003000.export.CSV"));
    assert_eq!(rows[0]["line"], 5);
    assert!(rows[0]["reason"].as_str().unwrap().contains("expected 61 tab-separated columns"));
    // Bad coder and actor nodes are refused with the flag's name.
    let err = d.citra(&["relations", "--coder", "phoenix"]).fails();
    assert!(err.contains("--coder 'phoenix'"), "{err}");
    let err = d.citra(&["relations", "--coder", "gdelt", "--actors"]).fails();
    assert!(err.contains("--coder"), "{err}");
}

/// GDELT's (Actor1 country, Actor2 country, quad class) of the events that cite `url` in the
/// fixture day, as SOURCEURL or as a web mention's MentionIdentifier, counted straight from
/// the files.
fn gdelt_dyads_of(dir: &Path, url: &str) -> Vec<(String, String, String)> {
    let quad = |q: &str| {
        ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"]
            [q.parse::<usize>().unwrap() - 1]
            .to_owned()
    };
    let iso = |c: &str| match c {
        "" | "EUR" => None,
        "ROM" => Some("ROU".to_owned()),
        "WSB" => Some("PSE".to_owned()),
        c => Some(c.to_owned()),
    };
    let mut events = std::collections::BTreeMap::new();
    let mut cited = std::collections::BTreeSet::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.to_string_lossy().into_owned();
        for line in gdelt_text(&path).lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            if name.contains(".export.") && cols.len() == 61 {
                events.insert(cols[0].to_owned(), (iso(cols[7]), iso(cols[17]), quad(cols[29])));
                if cols[60] == url {
                    cited.insert(cols[0].to_owned());
                }
            } else if name.contains(".mentions.") && cols[3] == "1" && cols[5] == url {
                cited.insert(cols[0].to_owned());
            }
        }
    }
    let mut out: Vec<_> = cited
        .iter()
        .filter_map(|id| match events.get(id) {
            Some((Some(a), Some(b), q)) => Some((a.clone(), b.clone(), q.clone())),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

#[test]
fn gdelt030_compare_on_articles_both_coded() {
    let d = Dir::new();
    let day = ingest_fixture("gdelt");
    d.citra(&["ingest", "-q", &day, &fixture("gdelt-articles.jsonl")]).ok();
    let v = d.citra(&["compare-gdelt", "--format", "json"]).json();
    // Four of the five articles are cited by GDELT (their URLs differ only by tracking
    // parameters and a trailing slash); the fifth is not.
    assert_eq!(v["articles"], 4, "{v}");
    let gdelt_urls = [
        "https://www.eluniversal.com.mx/mundo/naval-patrol-incident",
        "https://en.tempo.co/read/8983/sanctions-warning",
        "https://www.thejakartapost.com/news/2019/06/07/sanctions-warning.html",
        "https://www.abc.net.au/news/2019-06-07/scholarship-agreement/4078",
    ];
    let articles = v["per_article"].as_array().unwrap();
    let mut sums = [0u64; 4];
    for (a, url) in articles.iter().zip(gdelt_urls) {
        assert_eq!(a["url"], url);
        let got: Vec<(String, String, String)> = a["gdelt"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let s = |k: &str| e[k].as_str().unwrap().to_owned();
                (s("source"), s("target"), s("quad"))
            })
            .collect();
        assert_eq!(got, gdelt_dyads_of(Path::new(&day), url), "{url}");
        let g = &a["agreement"];
        let n = |k: &str| g[k].as_u64().unwrap();
        assert_eq!(n("same_dyad") + n("only_gdelt"), n("gdelt"), "{a}");
        assert_eq!(n("same_dyad") + n("only_citra"), n("citra"), "{a}");
        assert!(n("same_dyad_quad") <= n("same_dyad"));
        assert_eq!(n("gdelt") as usize, got.len());
        for (i, k) in ["same_dyad", "same_dyad_quad", "only_gdelt", "only_citra"].iter().enumerate()
        {
            sums[i] += n(k);
        }
    }
    let t = &v["total"];
    for (i, k) in ["same_dyad", "same_dyad_quad", "only_gdelt", "only_citra"].iter().enumerate() {
        assert_eq!(t[k].as_u64().unwrap(), sums[i], "{k}");
    }
    // Checked by hand: "Mexico praised Indonesia …" is GDELT's MEX→IDN praise (051, verbal
    // cooperation), and citra codes the same dyad and quad class.
    assert_eq!(articles[0]["agreement"]["same_dyad_quad"], 1, "{}", articles[0]);
    let quads: u64 = v["by_quad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["same_dyad_quad"].as_u64().unwrap())
        .sum();
    assert_eq!(quads, t["same_dyad_quad"].as_u64().unwrap());
    // Text and CSV; a range without GDELT events finds no article.
    let table = d.citra(&["compare-gdelt"]).ok();
    assert!(table.contains("4 articles both coded") && table.contains("verbal_coop"), "{table}");
    let csv = d.citra(&["compare-gdelt", "--format", "csv"]).ok();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    let none = d.citra(&["compare-gdelt", "--from", "2019-06-08", "--format", "json"]).json();
    assert_eq!(none["articles"], 0);
}

#[test]
fn gdelt040_image_is_gdelts_tone_toward_the_target() {
    let d = Dir::new();
    let day = ingest_fixture("gdelt");
    d.citra(&["ingest", "-q", &day]).ok();
    // Straight from the files: the events whose Actor2 is Indonesia, by SQLDATE.
    let mut direct: std::collections::BTreeMap<String, (u64, f64)> = Default::default();
    for e in std::fs::read_dir(&day).unwrap() {
        let path = e.unwrap().path();
        if !path.to_string_lossy().contains(".export.") {
            continue;
        }
        for line in gdelt_text(&path).lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() == 61 && cols[17] == "IDN" {
                let day = format!("{}-{}-{}", &cols[1][..4], &cols[1][4..6], &cols[1][6..]);
                let e = direct.entry(day).or_default();
                e.0 += 1;
                e.1 += cols[34].parse::<f64>().unwrap();
            }
        }
    }
    let v = d
        .citra(&["image", "--country", "Indonesia", "--coder", "gdelt", "--format", "json"])
        .json();
    assert_eq!(v["coder"], "gdelt");
    assert!(v["tone"].as_str().unwrap().contains("not the citra index"));
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), direct.len());
    for (p, (day, (n, sum))) in points.iter().zip(&direct) {
        assert_eq!(p["period"], day.as_str());
        assert_eq!(p["events"].as_u64().unwrap(), *n);
        assert!((p["avg_tone"].as_f64().unwrap() - sum / *n as f64).abs() < 1e-9, "{p}");
    }
    let table = d.citra(&["image", "--country", "IDN", "--coder", "gdelt", "--by", "month"]);
    assert!(table.ok().contains("gdelt_avg_tone"));
    assert!(table.stderr().contains("not the citra index"), "{}", table.stderr());
    let err =
        d.citra(&["image", "--country", "IDN", "--coder", "gdelt", "--theme", "trade"]).fails();
    assert!(
        err.contains("--coder gdelt gives GDELT's tone toward the country, which has no --theme"),
        "{err}"
    );
}

/// Everything the GDELT tables hold, as sorted rows of text (load times and paths left out).
fn gdelt_contents(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let mut rows = Vec::new();
    for q in [
        "SELECT 'event', event_id, day, coalesce(actor1_country, ''), coalesce(actor2_country, ''), \
         quad, goldstein, avg_tone, file FROM gdelt_events",
        "SELECT 'file', name, kind, rows_read, stored, duplicates, rejected, '', '' FROM gdelt_files",
        "SELECT 'rejected', source_path, line, reason, '', '', '', '', '' FROM rejected",
    ] {
        let mut st = conn.prepare(q).unwrap();
        let it = st
            .query_map([], |r| {
                Ok((0..9)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                        rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                        rusqlite::types::ValueRef::Real(x) => x.to_string(),
                        _ => String::new(),
                    })
                    .collect::<Vec<_>>()
                    .join("\t"))
            })
            .unwrap();
        rows.extend(it.map(Result::unwrap));
    }
    rows.sort();
    rows
}

#[test]
fn gdelt050_kill_at_any_moment_then_rerun_stores_exactly_a_clean_run() {
    // A longer day: 40 files of 480 events each, made from the fixture's rows with new ids.
    let d = Dir::new();
    let src = Path::new(&ingest_fixture("gdelt")).to_path_buf();
    let mut base: Vec<Vec<String>> = Vec::new();
    for e in std::fs::read_dir(&src).unwrap() {
        let path = e.unwrap().path();
        if path.to_string_lossy().contains(".export.") {
            for line in gdelt_text(&path).lines() {
                let cols: Vec<String> = line.split('\t').map(str::to_owned).collect();
                if cols.len() == 61 {
                    base.push(cols);
                }
            }
        }
    }
    let day = d.path().join("day");
    std::fs::create_dir(&day).unwrap();
    let mut id = 900_000_000u64;
    for f in 0..40u32 {
        let mut text = String::new();
        for _ in 0..4 {
            for cols in &base {
                let mut cols = cols.clone();
                cols[0] = id.to_string();
                id += 1;
                text.push_str(&cols.join("\t"));
                text.push('\n');
            }
        }
        let name =
            format!("201906{:02}{:02}{:02}00.export.CSV", 7 + f / 96, (f % 96) / 4, (f % 4) * 15);
        std::fs::write(day.join(name), text).unwrap();
    }
    let ingest = |db: &Path| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_citra"));
        cmd.arg("--db").arg(db).args(["ingest", "-q"]).arg(&day);
        cmd.env_remove("CITRA_DB")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        cmd
    };
    let clean = d.path().join("clean.db");
    let t0 = std::time::Instant::now();
    assert!(ingest(&clean).status().unwrap().success());
    let took = t0.elapsed();
    let want = gdelt_contents(&clean);
    assert_eq!(want.iter().filter(|r| r.starts_with("event\t")).count(), 40 * 480);

    let killed = d.path().join("killed.db");
    // Kills spread over the clean run's duration (fixed fractions: a failure replays).
    for frac in [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95] {
        let mut child = ingest(&killed).spawn().unwrap();
        std::thread::sleep(took.mul_f64(frac));
        let _ = child.kill();
        let _ = child.wait();
    }
    assert!(ingest(&killed).status().unwrap().success());
    assert_eq!(gdelt_contents(&killed), want, "nothing lost, nothing twice");
}
