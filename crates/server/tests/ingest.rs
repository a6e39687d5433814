//! `POST /api/v1/ingest`: token, idempotence, rejections, body limit.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;

const TOKEN: &str = "ingest-test-token-42";

fn post(body: impl Into<Body>, auth: Option<&str>) -> Request<Body> {
    let mut req = Request::post("/api/v1/ingest").header("content-type", "application/x-ndjson");
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    req.body(body.into()).unwrap()
}

#[tokio::test]
async fn ingest010_token_idempotence_rejections() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_store(dir.path());
    let app = citra_server::app(citra_server::AppState::open(&db, Some(TOKEN.into())).unwrap());
    let body = concat!(
        r#"{"id":"api-1","text":"Indonesia mengecam keras pengakuan sepihak Amerika Serikat","created_at":"2017-12-07T05:06:48Z"}"#,
        "\n",
        "not json\n",
        r#"{"id":"api-2","text":"México no pagará por el muro","created_at":"2017-01-26T12:00:00Z"}"#,
        "\n",
    );
    let bearer = format!("Bearer {TOKEN}");
    // (authorization header, status, error code)
    let rows: &[(Option<&str>, u16, &str)] = &[
        (None, 401, "unauthorized"),
        (Some("Bearer wrong-token-wrong-token"), 401, "unauthorized"),
        (Some(TOKEN), 401, "unauthorized"),
    ];
    for (auth, want, code) in rows {
        let (status, res) = send(&app, post(body, *auth)).await;
        assert_eq!(status, *want, "{auth:?}");
        assert_eq!(body_json(res).await["error"]["code"], *code);
    }
    // Cached aggregate answers must see the ingest below.
    let (_, usa_before) = get(&app, "/api/v1/image?country=USA&by=year").await;
    let (_, again) = get(&app, "/api/v1/image?country=USA&by=year").await;
    assert_eq!(usa_before, again, "a cached answer is the same answer");
    let (status, res) = send(&app, post(body, Some(&bearer))).await;
    assert_eq!(status, 200);
    let got = body_json(res).await;
    assert_eq!(
        got,
        serde_json::json!({"read": 3, "stored": 2, "duplicates": 0, "rejected": 1,
            "rejections": [{"line": 2, "reason": got["rejections"][0]["reason"]}]})
    );
    assert!(got["rejections"][0]["reason"].as_str().unwrap().contains("JSON"), "{got}");
    // The same posts again store nothing new (the CLI's idempotence).
    let (_, res) = send(&app, post(body, Some(&bearer))).await;
    let again = body_json(res).await;
    assert_eq!((again["stored"].as_u64(), again["duplicates"].as_u64()), (Some(0), Some(2)));
    // And they are readable at once, in the cached endpoints too.
    let (_, usa_after) = get(&app, "/api/v1/image?country=USA&by=year").await;
    let docs_2017 = |v: &serde_json::Value| {
        v["points"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["period"] == "2017-01-01")
            .map_or(0, |p| p["docs"].as_u64().unwrap())
    };
    assert_eq!(docs_2017(&usa_after), docs_2017(&usa_before) + 1, "{usa_after}");
    let (status, image) = get(&app, "/api/v1/image?country=IDN").await;
    assert_eq!(status, 200);
    assert!(image["points"].as_array().is_some());
    let (_, usa) = get(&app, "/api/v1/mentions?country=USA&from=2017-12-07&to=2017-12-07").await;
    assert!(usa["mentions"].as_array().unwrap().iter().any(|m| m["surface"] == "Amerika Serikat"));
}

#[tokio::test]
async fn ingest015_text_limit_same_as_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_store(dir.path());
    let app = citra_server::app(citra_server::AppState::open(&db, Some(TOKEN.into())).unwrap());
    // A text one byte over the per-record limit of `citra ingest`, between two good posts.
    let long = "a".repeat(citra_ingest::DEFAULT_MAX_TEXT_BYTES + 1);
    let body = format!(
        "{{\"id\":\"lim-1\",\"text\":\"Mexico will pay\"}}\n{{\"id\":\"lim-2\",\"text\":\"{long}\"}}\n\
         {{\"id\":\"lim-3\",\"text\":\"Mexico is a friend\"}}\n"
    );
    let (status, res) = send(&app, post(body, Some(&format!("Bearer {TOKEN}")))).await;
    assert_eq!(status, 200);
    let got = body_json(res).await;
    assert_eq!((got["stored"].as_u64(), got["rejected"].as_u64()), (Some(2), Some(1)), "{got}");
    assert_eq!(got["rejections"][0]["line"], 2);
    let reason = got["rejections"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("over the limit of 4194304 bytes"), "{reason}");
    // A record without a text field: the reason names the fields the API reads.
    let (_, res) =
        send(&app, post("{\"id\":\"lim-4\",\"nota\":\"x\"}\n", Some(&format!("Bearer {TOKEN}"))))
            .await;
    let got = body_json(res).await;
    let reason = got["rejections"][0]["reason"].as_str().unwrap_or_default().to_owned();
    assert!(
        reason.contains("looked for full_text, text") && reason.contains("name it so"),
        "{got}"
    );
}

#[tokio::test]
async fn ingest020_body_limit_and_writes_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_store(dir.path());
    let app = citra_server::app(citra_server::AppState::open(&db, Some(TOKEN.into())).unwrap());
    let big = vec![b' '; citra_server::MAX_BODY + 1];
    let (status, res) = send(&app, post(big, Some(&format!("Bearer {TOKEN}")))).await;
    assert_eq!(status, 413);
    assert_eq!(body_json(res).await["error"]["code"], "body_too_large");
    let off = citra_server::app(citra_server::AppState::open(&db, None).unwrap());
    let (status, res) = send(&off, post("{}", Some(&format!("Bearer {TOKEN}")))).await;
    assert_eq!(status, 403);
    assert_eq!(body_json(res).await["error"]["code"], "writes_disabled");
}

#[test]
fn ingest030_token_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("token");
    std::fs::write(&f, "  a-long-enough-token-value \nsecond line\n").unwrap();
    assert_eq!(citra_server::read_token_file(&f).unwrap(), "a-long-enough-token-value");
    std::fs::write(&f, "short\n").unwrap();
    assert!(citra_server::read_token_file(&f).unwrap_err().to_string().contains("16 characters"));
    let missing = citra_server::read_token_file(&dir.path().join("none")).unwrap_err();
    assert!(missing.to_string().contains("token file"));
}
