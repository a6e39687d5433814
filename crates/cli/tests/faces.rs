//! One question, one answer: `citra <command> --format json` and `GET /api/v1/<endpoint>` with
//! the same parameters return the same JSON (both faces call the query layer), and refuse a bad
//! question with the same message, each naming parameters its way (`--from`, `from`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// The server and its standard output, kept open: a closed pipe would end it at its next line.
struct Server(Child, #[allow(dead_code)] BufReader<std::process::ChildStdout>);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn citra(db: &std::path::Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_citra"));
    cmd.arg("--db").arg(db).args(args).env_remove("CITRA_DB");
    cmd
}

/// GET `path`: (status code, body as JSON).
fn get(addr: &str, path: &str) -> (u16, serde_json::Value) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    let json = serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
    (status, json)
}

/// A demo store and `citra serve` on it: (its folder, the store, the server, its address).
fn demo_server() -> (tempfile::TempDir, std::path::PathBuf, Server, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = citra(&db, &["demo", "--out"]).arg(&db).output().unwrap();
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    let mut child = citra(&db, &["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let server = Server(child, stdout);
    let url = first.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")).unwrap();
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    (dir, db, server, addr)
}

/// Asserts that each CLI command's JSON equals the API's answer to the same question.
fn same_json(db: &std::path::Path, addr: &str, same: &[(&[&str], &str)]) {
    for (args, path) in same {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let out = citra(db, &a).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let (status, api) = get(addr, path);
        assert_eq!(status, 200, "{path}: {api}");
        assert_eq!(cli, api, "{args:?} and {path} differ");
    }
}

/// Asserts that the CLI and the API refuse each question with the same message: (CLI
/// arguments, API path, the API's error code, the message as the CLI says it; the API says
/// `name` where the CLI says `--name`).
fn same_refusal(db: &std::path::Path, addr: &str, refused: &[(&[&str], &str, &str, &str)]) {
    for (args, path, code, cli_message) in refused {
        let out = citra(db, args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim(), format!("error: {cli_message}"), "{args:?}");
        let (status, api) = get(addr, path);
        assert_eq!(status, 400, "{path}: {api}");
        assert_eq!(api["error"]["code"], *code, "{path}");
        assert_eq!(api["error"]["message"], api_words(cli_message), "{path}");
    }
}

#[test]
fn faces010_cli_and_api_give_the_same_answer() {
    let (_dir, db, _server, addr) = demo_server();

    // (CLI arguments, the same question as an API path)
    let same: &[(&[&str], &str)] = &[
        (&["shocks", "--country", "MEX"], "/api/v1/shocks?country=MEX"),
        (
            &["shocks", "--country", "Meksiko", "--by", "month", "--penalty", "mbic", "--top", "2"],
            "/api/v1/shocks?country=Meksiko&by=month&penalty=mbic&top=2",
        ),
        (
            &[
                "shocks",
                "--country",
                "MEX",
                "--from",
                "2018-01-01",
                "--to",
                "2019-12-31",
                "--voice",
                "foreign",
                "--min-mentions",
                "3",
            ],
            "/api/v1/shocks?country=MEX&from=2018-01-01&to=2019-12-31&voice=foreign&min_mentions=3",
        ),
        (&["image", "--country", "MEX"], "/api/v1/image?country=MEX"),
        (
            &["image", "--country", "MEX", "--coder", "gdelt", "--by", "month"],
            "/api/v1/image?country=MEX&coder=gdelt&by=month",
        ),
        (
            &[
                "image",
                "--country",
                "Meksiko",
                "--by",
                "month",
                "--from",
                "2017-01-01",
                "--to",
                "2018-12-31",
                "--theme",
                "trade",
            ],
            "/api/v1/image?country=Meksiko&by=month&from=2017-01-01&to=2018-12-31&theme=trade",
        ),
        (
            &["image", "--country", "MEX", "--by", "year", "--by-voice"],
            "/api/v1/image?country=MEX&by=year&split=voice",
        ),
        (
            &[
                "image",
                "--country",
                "USA",
                "--by",
                "week",
                "--split",
                "lang",
                "--action",
                "verbal_conflict",
                "--leaders",
                "include",
                "--voice",
                "domestic",
            ],
            "/api/v1/image?country=USA&by=week&split=lang&action=verbal_conflict&leaders=include&voice=domestic",
        ),
        (
            &["image", "--country", "MEX", "--by", "year", "--split", "author", "--action", "13"],
            "/api/v1/image?country=MEX&by=year&split=author&action=13",
        ),
        (
            &[
                "campaign",
                "--country",
                "MEX",
                "--topic",
                "wall,#BuildTheWall",
                "--at",
                "2017-01-20",
            ],
            "/api/v1/campaigns?country=MEX&topic=wall,%23BuildTheWall&at=2017-01-20",
        ),
        (
            &[
                "campaign",
                "--country",
                "mx",
                "--topic",
                "tariffs,tariff",
                "--from",
                "2018-01-01",
                "--voice",
                "foreign",
            ],
            "/api/v1/campaigns?country=mx&topic=tariffs,tariff&from=2018-01-01&voice=foreign",
        ),
        (
            &["rebuttals", "--country", "MEX", "--from", "2017-01-20", "--to", "2017-06-30"],
            "/api/v1/rebuttals?country=MEX&from=2017-01-20&to=2017-06-30",
        ),
        (
            &[
                "reactions",
                "--actor",
                "realDonaldTrump",
                "--from",
                "2017-01-20",
                "--to",
                "2017-03-31",
            ],
            "/api/v1/reactions?actor=realDonaldTrump&from=2017-01-20&to=2017-03-31",
        ),
    ];
    same_json(&db, &addr, same);

    // (CLI arguments, API path, the API's error code, the message as the CLI says it)
    let refused: &[(&[&str], &str, &str, &str)] = &[
        (
            &["reactions", "--actor", "jokowi", "--within", "forever"],
            "/api/v1/reactions?actor=jokowi&within=forever",
            "bad_within",
            "--within 'forever' is not a duration of at most 31 days: give hours or a duration such as 90m, 72h or 3d",
        ),
        (
            &["shocks", "--country", "MEX", "--from", "2019/01/01"],
            "/api/v1/shocks?country=MEX&from=2019/01/01",
            "bad_date",
            "--from '2019/01/01' is not a date: use YYYY-MM-DD, e.g. 2017-01-26",
        ),
        (
            &["shocks", "--country", "MEX", "--from", "2019-02-01", "--to", "2019-01-01"],
            "/api/v1/shocks?country=MEX&from=2019-02-01&to=2019-01-01",
            "empty_range",
            "--from 2019-02-01 is after --to 2019-01-01: the range is empty",
        ),
        (
            &["shocks", "--country", "Atlantis"],
            "/api/v1/shocks?country=Atlantis",
            "unknown_country",
            "unknown country 'Atlantis': give an ISO 3166 code (MEX, MX) or a name in English, Indonesian or Spanish (Mexico, Meksiko, México)",
        ),
        (
            &["shocks", "--country", "MEX", "--by", "year"],
            "/api/v1/shocks?country=MEX&by=year",
            "bad_period",
            "--by year leaves too few points for change points: use day, week or month",
        ),
        (
            &["shocks", "--country", "MEX", "--min-mentions", "0"],
            "/api/v1/shocks?country=MEX&min_mentions=0",
            "bad_number",
            "--min-mentions must be at least 1",
        ),
        (
            &["image", "--country", "MEX", "--split", "planet"],
            "/api/v1/image?country=MEX&split=planet",
            "bad_split",
            "--split: unknown split 'planet': use lang, author or voice",
        ),
        (
            &["image", "--country", "MEX", "--action", "hug"],
            "/api/v1/image?country=MEX&action=hug",
            "bad_action",
            "unknown action 'hug': use a quad class (verbal_coop, material_coop, verbal_conflict, material_conflict) or a CAMEO root 1-20 (e.g. 13 for threaten)",
        ),
        (
            &["campaign", "--country", "MEX", "--topic", ","],
            "/api/v1/campaigns?country=MEX&topic=,",
            "bad_topic",
            "--topic ',' has no terms: give words, phrases or hashtags separated by commas, e.g. coco,#coco,día de muertos",
        ),
        (
            &["campaign", "--country", "MEX", "--topic", "wall", "--at", "soon"],
            "/api/v1/campaigns?country=MEX&topic=wall&at=soon",
            "bad_date",
            "--at 'soon' is not a date: use YYYY-MM-DD, e.g. 2017-01-26",
        ),
    ];
    same_refusal(&db, &addr, refused);
}

#[test]
fn faces030_explain() {
    let (_dir, db, _server, addr) = demo_server();
    let same: &[(&[&str], &str)] = &[
        (
            &["explain", "--country", "MEX", "--shock", "2019-06-03"],
            "/api/v1/explain?country=MEX&shock=2019-06-03",
        ),
        (
            &[
                "explain",
                "--country",
                "MEX",
                "--shock",
                "2018-10-01",
                "--window",
                "14",
                "--top",
                "3",
            ],
            "/api/v1/explain?country=MEX&shock=2018-10-01&window=14&top=3",
        ),
        (
            &[
                "explain",
                "--country",
                "Meksiko",
                "--from",
                "2019-06-03",
                "--to",
                "2019-06-16",
                "--baseline-from",
                "2019-01-01",
                "--baseline-to",
                "2019-05-29",
                "--voice",
                "foreign",
            ],
            "/api/v1/explain?country=Meksiko&from=2019-06-03&to=2019-06-16&baseline_from=2019-01-01&baseline_to=2019-05-29&voice=foreign",
        ),
    ];
    same_json(&db, &addr, same);
    let refused: &[(&[&str], &str, &str, &str)] = &[
        (
            &["explain", "--country", "MEX"],
            "/api/v1/explain?country=MEX",
            "missing_parameter",
            "say which change to explain: --shock DATE (a change point's date from shocks) or --from DAY and --to DAY",
        ),
        (
            &["explain", "--country", "MEX", "--shock", "3 June"],
            "/api/v1/explain?country=MEX&shock=3%20June",
            "bad_date",
            "--shock '3 June' is not a date: use YYYY-MM-DD, e.g. 2017-01-26",
        ),
        (
            &["explain", "--country", "MEX", "--shock", "2019-06-03", "--window", "0"],
            "/api/v1/explain?country=MEX&shock=2019-06-03&window=0",
            "bad_number",
            "--window must be at least 1",
        ),
    ];
    same_refusal(&db, &addr, refused);
}

#[test]
fn faces040_rejected() {
    let (dir, db, _server, addr) = demo_server();
    // A file with a broken line, so that there is something to list.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\":\"r1\",\"text\":\"Mexico\"}\n{broken\n").unwrap();
    let out = citra(&db, &["ingest", "-q"]).arg(&bad).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let same: &[(&[&str], &str)] = &[
        (&["rejected"], "/api/v1/rejected"),
        (&["rejected", "--limit", "1"], "/api/v1/rejected?limit=1"),
    ];
    same_json(&db, &addr, same);
    let (_, api) = get(&addr, "/api/v1/rejected");
    assert_eq!(api["rejected"][0]["raw"], "{broken", "{api}");
    let refused: &[(&[&str], &str, &str, &str)] = &[(
        &["rejected", "--limit", "5000"],
        "/api/v1/rejected?limit=5000",
        "page_too_large",
        "--limit must be between 1 and 1000, not 5000",
    )];
    same_refusal(&db, &addr, refused);
}

/// A CLI message as the API says it: `--min-docs` → `min_docs`.
fn api_words(cli: &str) -> String {
    let mut out = String::new();
    let mut rest = cli;
    while let Some(i) = rest.find("--") {
        out.push_str(&rest[..i]);
        let name = &rest[i + 2..];
        let end = name.find(|c: char| !(c.is_ascii_lowercase() || c == '-')).unwrap_or(name.len());
        out.push_str(&name[..end].replace('-', "_"));
        rest = &name[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn faces020_graph_questions() {
    let (_dir, db, _server, addr) = demo_server();

    // (CLI arguments, the same question as an API path)
    let same: &[(&[&str], &str)] = &[
        (&["actors"], "/api/v1/actors"),
        (&["actors", "--country", "MEX", "--top", "3"], "/api/v1/actors?country=MEX&top=3"),
        (
            &[
                "actors",
                "--of",
                "USA",
                "--sort",
                "per-post",
                "--from",
                "2017-01-01",
                "--to",
                "2018-12-31",
            ],
            "/api/v1/actors?of=USA&sort=per_post&from=2017-01-01&to=2018-12-31",
        ),
        (
            &["actors", "--sort", "posts", "--country", "Meksiko"],
            "/api/v1/actors?sort=posts&country=Meksiko",
        ),
        (&["relations"], "/api/v1/relations"),
        (
            &["relations", "--min-docs", "3", "--self-loops"],
            "/api/v1/relations?min_docs=3&self_loops=true",
        ),
        (
            &["relations", "--actors", "--from", "2019-01-01"],
            "/api/v1/relations?nodes=actor&from=2019-01-01",
        ),
        (
            &["relations", "--coder", "gdelt", "--from", "2019-06-07"],
            "/api/v1/relations?coder=gdelt&from=2019-06-07",
        ),
        (&["cascades"], "/api/v1/cascades"),
        (
            &["cascades", "--country", "Meksiko", "--top", "5"],
            "/api/v1/cascades?country=Meksiko&top=5",
        ),
        (
            &[
                "cascades",
                "--infer",
                "--min-size",
                "1",
                "--actor",
                "@realDonaldTrump",
                "--top",
                "3",
            ],
            "/api/v1/cascades?infer=true&min_size=1&actor=%40realDonaldTrump&top=3",
        ),
    ];
    same_json(&db, &addr, same);

    // (CLI arguments, API path, the API's error code, the message as the CLI says it)
    let refused: &[(&[&str], &str, &str, &str)] = &[
        (
            &["actors", "--of", "Atlantis"],
            "/api/v1/actors?of=Atlantis",
            "unknown_country",
            "--of: unknown country 'Atlantis': give an ISO 3166 code (MEX, MX) or a name in English, Indonesian or Spanish (Mexico, Meksiko, México)",
        ),
        (
            &["actors", "--top", "0"],
            "/api/v1/actors?top=0",
            "page_too_large",
            "--top must be between 1 and 200, not 0",
        ),
        (
            &["relations", "--min-docs", "0"],
            "/api/v1/relations?min_docs=0",
            "bad_number",
            "--min-docs must be at least 1",
        ),
        (
            &["relations", "--from", "2019-02-01", "--to", "2019-01-01"],
            "/api/v1/relations?from=2019-02-01&to=2019-01-01",
            "empty_range",
            "--from 2019-02-01 is after --to 2019-01-01: the range is empty",
        ),
        (
            &["relations", "--coder", "phoenix"],
            "/api/v1/relations?coder=phoenix",
            "bad_coder",
            "unknown --coder 'phoenix': use citra or gdelt",
        ),
        (
            &["cascades", "--min-size", "0"],
            "/api/v1/cascades?min_size=0",
            "bad_number",
            "--min-size must be at least 1",
        ),
        (
            &["cascades", "--top", "1000"],
            "/api/v1/cascades?top=1000",
            "page_too_large",
            "--top must be between 1 and 200, not 1000",
        ),
    ];
    same_refusal(&db, &addr, refused);
}
