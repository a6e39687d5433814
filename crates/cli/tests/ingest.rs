//! `citra ingest` under bad input (issue 12, "Nothing lost, nothing silent"): the real binary
//! on archives written one object per line, legacy encodings and spreadsheet exports, cut
//! compressed files, unreadable paths and unrecognised date columns.

mod common;

use common::{Dir, counts, demo_file};

/// Asserts that no `: `-separated part of an error line comes twice ("error: X: X").
fn no_repeats(stderr: &str) {
    for line in stderr.lines().filter(|l| l.starts_with("error: ")) {
        let parts: Vec<&str> = line.split(": ").collect();
        for (i, p) in parts.iter().enumerate() {
            assert!(!parts[i + 1..].contains(p), "'{p}' repeats in: {line}");
        }
    }
}

/// The demo's Trump-archive posts (a JSON array) as JSON Lines, one object per line.
fn trump_jsonl() -> String {
    let array: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(demo_file("trump-mexico-2015-2019.json")).unwrap(),
    )
    .unwrap();
    array.iter().map(|o| format!("{o}\n")).collect()
}

#[test]
fn trump_archive_one_object_per_line_is_read_whole() {
    // It was taken for the archive's array: "1 read, 0 stored, 1 rejected", exit 0.
    let d = Dir::new();
    let jsonl = trump_jsonl();
    assert_eq!(jsonl.lines().count(), 260);
    for name in ["condensed.jsonl", "condensed.ndjson", "condensed.json"] {
        std::fs::write(d.path().join(name), &jsonl).unwrap();
    }
    let first = d.citra(&["ingest", "condensed.jsonl"]);
    assert_eq!(counts(&first.ok()), (260, 260, 0, 0));
    assert!(!first.stderr().contains("warning"), "{}", first.stderr());
    // The same posts: as .ndjson, .json, from standard input, and as the archive's array.
    for name in ["condensed.ndjson", "condensed.json"] {
        assert_eq!(counts(&d.citra(&["ingest", "-q", name]).ok()), (260, 0, 260, 0), "{name}");
    }
    let stdin = d.citra_stdin(&["ingest", "-q", "-"], Some(&jsonl));
    assert_eq!(counts(&stdin.ok()), (260, 0, 260, 0));
    let array = demo_file("trump-mexico-2015-2019.json");
    assert_eq!(counts(&d.citra(&["ingest", "-q", &array]).ok()), (260, 0, 260, 0));
    // The archive's author is kept.
    let actors = d.citra(&["actors", "--format", "csv"]).ok();
    assert!(actors.lines().nth(1).unwrap().starts_with("realDonaldTrump,"), "{actors}");
}

#[test]
fn an_input_of_which_nothing_is_read_is_said_loudly() {
    let d = Dir::new();
    let mut csv = String::from("id,text,created_at\n");
    for i in 1..=50 {
        csv.push_str(&format!("{i},post {i},2019-01-01\n"));
    }
    std::fs::write(d.path().join("posts.csv"), csv).unwrap();
    let run = d.citra(&["ingest", "--format", "trump-archive", "posts.csv"]);
    let err = run.fails();
    // The summary still comes, and the run is recorded.
    assert_eq!(counts(&run.stdout()), (1, 0, 0, 1));
    assert!(err.contains("warning: posts.csv: no document could be read"), "{err}");
    assert!(err.contains("51 lines") && err.contains("taken as one record"), "{err}");
    assert!(err.contains("--format"), "{err}");
    let last = err.lines().last().unwrap();
    assert!(last.starts_with("error: no document could be read from posts.csv"), "{err}");
    no_repeats(&err);
    // Read as what it is, it is stored.
    assert_eq!(counts(&d.citra(&["ingest", "-q", "posts.csv"]).ok()), (50, 50, 0, 0));
}

/// Posts by four authors, each mentioning a country, with the letters legacy encodings hold.
const POSTS: &[(&str, &str, &str)] = &[
    ("ana", "México no pagará por el muro, señor", "2016-01-26 12:00:00"),
    ("bob", "“Deutschland” und Österreich – großes Thema", "2016-02-01 08:00:00"),
    ("cleo", "L'été à Paris: « la France » et le café", "2016-03-01 09:00:00"),
    ("dan", "Japan, plain ASCII", "2016-04-01 10:00:00"),
];

fn table(sep: &str, date_column: &str) -> String {
    let mut s = format!("id{sep}author{sep}text{sep}{date_column}\r\n");
    for (i, (author, text, date)) in POSTS.iter().enumerate() {
        let text = if text.contains(sep) { format!("\"{text}\"") } else { (*text).to_owned() };
        s.push_str(&format!("{}{sep}{author}{sep}{text}{sep}{date}\r\n", i + 1));
    }
    s
}

fn cp1252(s: &str) -> Vec<u8> {
    // The code points of cp1252's 0x80–0x9F that these posts use; the rest is Latin-1.
    s.chars()
        .map(|c| match c {
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            c => u8::try_from(u32::from(c)).expect("a cp1252 char"),
        })
        .collect()
}

fn utf16le_with_bom(s: &str) -> Vec<u8> {
    [vec![0xff, 0xfe], s.encode_utf16().flat_map(u16::to_le_bytes).collect()].concat()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn legacy_encodings_and_spreadsheet_exports_read_as_written() {
    // Latin-1/cp1252 bytes became U+FFFD silently; `;` and UTF-16 exports did not split.
    let rows: &[(&str, Vec<u8>, &[&str])] = &[
        ("excel-fr.csv", cp1252(&table(";", "created_at")), &[]),
        ("export.csv.gz", gzip(&cp1252(&table(",", "created_at"))), &[]),
        ("unicode-text.txt", utf16le_with_bom(&table("\t", "created_at")), &[]),
        ("given.csv", cp1252(&table(",", "created_at")), &["--encoding", "windows-1252"]),
    ];
    for (name, bytes, extra) in rows {
        let d = Dir::new();
        std::fs::write(d.path().join(name), bytes).unwrap();
        let mut args = vec!["ingest"];
        args.extend_from_slice(extra);
        args.push(name);
        let run = d.citra(&args);
        assert_eq!(counts(&run.ok()), (4, 4, 0, 0), "{name}: {}", run.stderr());
        assert!(!run.stderr().contains("warning"), "{name}: {}", run.stderr());
        if extra.is_empty() && !name.ends_with(".txt") {
            assert!(
                run.stderr().contains("read as windows-1252 (detected"),
                "{name}: {}",
                run.stderr()
            );
        }
        let actors = d.citra(&["actors", "--format", "csv"]).ok();
        assert!(!actors.contains('\u{fffd}'), "{name}: {actors}");
        for (author, text, _) in POSTS {
            let line = actors.lines().find(|l| l.starts_with(&format!("{author},"))).unwrap();
            assert!(line.contains(text), "{name}: {text:?} not in {line}");
        }
    }
}

#[test]
fn bytes_that_do_not_decode_are_reported() {
    let d = Dir::new();
    let mut bytes = table(",", "created_at").into_bytes();
    let at = bytes.windows(5).position(|w| w == b"Paris").unwrap();
    bytes.insert(at, 0xff);
    std::fs::write(d.path().join("stray.csv"), bytes).unwrap();
    let run = d.citra(&["ingest", "-q", "stray.csv"]);
    assert_eq!(counts(&run.ok()), (4, 4, 0, 0));
    let err = run.stderr();
    assert!(err.contains("warning: stray.csv: 1 byte sequence not valid UTF-8"), "{err}");
    assert!(err.contains("(first: 4)") && err.contains("--encoding LABEL"), "{err}");
    // An unknown label fails before a store is made.
    let err = d.citra(&["ingest", "--encoding", "latin-9000", "stray.csv"]).fails();
    assert!(err.contains("--encoding: unknown encoding 'latin-9000'"), "{err}");
}

#[test]
fn a_cut_compressed_file_keeps_its_complete_records() {
    let mut text = String::new();
    for i in 1..=4000 {
        text.push_str(&format!(
            "{{\"id\":\"{i}\",\"text\":\"post {i} about Mexico, {}\",\"created_at\":\"2019-01-01T00:00:00Z\"}}\n",
            i * 7919 % 104_729
        ));
    }
    let zst = ruzstd::encoding::compress_to_vec(
        text.as_bytes(),
        ruzstd::encoding::CompressionLevel::Fastest,
    );
    for (name, whole) in [("cut.jsonl.gz", gzip(text.as_bytes())), ("cut.jsonl.zst", zst)] {
        let d = Dir::new();
        std::fs::write(d.path().join(name), &whole[..whole.len() * 2 / 3]).unwrap();
        let run = d.citra(&["ingest", name]);
        let (read, stored, _, rejected) = counts(&run.ok());
        assert!(stored > 1000, "{name}: {stored} stored");
        assert_eq!((read, rejected), (stored + 1, 1), "{name}");
        let err = run.stderr();
        assert!(err.contains(&format!("rejected {name}:{}:", stored + 1)), "{name}: {err}");
        assert!(err.contains("cut short") && err.contains("records before it are kept"), "{err}");
    }
}

#[test]
fn an_unreadable_path_does_not_stop_the_others() {
    let d = Dir::new();
    std::fs::write(d.path().join("a.csv"), table(",", "created_at")).unwrap();
    std::fs::write(d.path().join("b.jsonl"), trump_jsonl()).unwrap();
    let run = d.citra(&["ingest", "a.csv", "missing.jsonl", "b.jsonl"]);
    let err = run.fails();
    // Both readable inputs were stored, and the summary counts the missing one as rejected.
    assert_eq!(counts(&run.stdout()), (4 + 1 + 260, 4 + 260, 0, 1));
    assert!(err.contains("warning: cannot read missing.jsonl: No such file"), "{err}");
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
    assert!(err.lines().last().unwrap().contains("1 of 3 inputs"), "{err}");
    assert!(err.contains("missing.jsonl"), "{err}");
    no_repeats(&err);
    let rejected = d.citra(&["rejected", "--format", "csv"]).ok();
    assert!(rejected.lines().any(|l| l.contains("missing.jsonl,0,cannot read")), "{rejected}");
    // Again with the path fixed: nothing twice.
    std::fs::write(d.path().join("missing.jsonl"), "").unwrap();
    let again = d.citra(&["ingest", "-q", "a.csv", "b.jsonl"]);
    assert_eq!(counts(&again.ok()), (264, 0, 264, 0));

    // No input readable at all: an error, and no store is created.
    let fresh = Dir::new();
    let err = fresh.citra(&["ingest", "nope.jsonl", "nope.csv"]).fails();
    assert!(err.starts_with("error: cannot read nope.jsonl: No such file"), "{err}");
    assert!(err.contains("nope.csv") && err.contains("nothing was stored"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    no_repeats(&err);
    assert!(!fresh.db().exists());
    // An error with a cause prints it once.
    let bad_db = d.path().join("no/such/dir/t.db");
    let err = common::citra_at(d.path(), &bad_db, &["ingest", "a.csv"], None).fails();
    assert!(err.contains("cannot open the store"), "{err}");
    no_repeats(&err);
}

#[test]
fn created_column_dates_and_undated_files_are_said() {
    // twitteR's `created` column was not a date column: every date became NULL, silently.
    let d = Dir::new();
    std::fs::write(d.path().join("twitter-r.csv"), table(",", "created")).unwrap();
    let run = d.citra(&["ingest", "twitter-r.csv"]);
    assert_eq!(counts(&run.ok()), (4, 4, 0, 0));
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let csv = d.citra(&["image", "--country", "MEX", "--by", "year", "--format", "csv"]).ok();
    assert!(csv.lines().any(|l| l.starts_with("2016-01-01,MEX,1,1,")), "{csv}");

    let d = Dir::new();
    std::fs::write(d.path().join("odd.csv"), table(",", "wann")).unwrap();
    let run = d.citra(&["ingest", "odd.csv"]);
    assert_eq!(counts(&run.ok()), (4, 4, 0, 0));
    let err = run.stderr();
    assert!(err.contains("warning: odd.csv: 4 of 4 documents have no date"), "{err}");
    assert!(err.contains("columns: id, author, text, wann"), "{err}");
    assert!(err.contains("--map created_at=COLUMN"), "{err}");
}
