//! HTTP tests through `oneshot`: each endpoint, its error cases, the security headers, and the
//! OpenAPI document checked against what the server answers.

mod common;

use axum::body::Body;
use axum::http::Request;
use citra_pipeline::counting::{Counting, Leaders, Voice, VoiceFilter};
use common::*;
use serde_json::Value;

#[tokio::test]
async fn api010_countries() {
    let app = demo_app();
    let (status, body) = get(&app, "/api/v1/countries").await;
    assert_eq!(status, 200);
    let first = &body["countries"][0];
    assert_eq!(first["code"], "MEX");
    assert_eq!(first["name"], "Mexico");
    assert_eq!(first["name_id"], "Meksiko");
    assert!(first["mentions"].as_u64().unwrap() > 100);
}

#[tokio::test]
async fn api020_image_matches_library() {
    let app = demo_app();
    let (status, body) =
        get(&app, "/api/v1/image?country=mx&from=2017-01-01&to=2017-12-31&by=month").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["country"].as_str(), body["period"].as_str()), (Some("MEX"), Some("month")));
    // The same numbers as the library computes (and `citra image --format json` prints).
    let store = citra_store::Store::open(&STORE.path).unwrap();
    let obs = store
        .observations(&citra_store::ObsQuery {
            country: "MEX".into(),
            from: Some("2017-01-01T00:00:00Z".parse().unwrap()),
            to: Some("2018-01-01T00:00:00Z".parse().unwrap()),
        })
        .unwrap();
    // The default counting: leaders' mentions and the author's own name left out, every voice.
    let obs = Counting::default().filter(obs);
    let want = citra_analytics::image_index(&obs, citra_analytics::Period::Month);
    assert!(!want.is_empty());
    assert_same_numbers(&body["points"], &serde_json::to_value(&want).unwrap());
    // Split by language: every document has one language, so the docs add up per period.
    let (_, split) = get(&app, "/api/v1/image?country=MEX&by=year&split=lang").await;
    assert_eq!(split["split"], "lang");
    let (_, whole) = get(&app, "/api/v1/image?country=MEX&by=year").await;
    assert!(whole.get("segments").is_none());
    for p in whole["points"].as_array().unwrap() {
        let sum: u64 = split["segments"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["points"].as_array().unwrap())
            .filter(|q| q["period"] == p["period"])
            .map(|q| q["docs"].as_u64().unwrap())
            .sum();
        assert_eq!(sum, p["docs"].as_u64().unwrap(), "{}", p["period"]);
    }
    // A name in Indonesian works too; no range is the whole store, by day.
    let (status, body) = get(&app, "/api/v1/image?country=Meksiko").await;
    assert_eq!(status, 200);
    assert_eq!(body["period"], "day");
    assert!(body["points"].as_array().unwrap().len() > 50);
}

/// Equal JSON, numbers within 1e-12 (JSON text does not round-trip every last bit of an f64).
fn assert_same_numbers(got: &Value, want: &Value) {
    match (got, want) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() <= 1e-12 * (1.0 + b.abs()), "{a} != {b}");
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len());
            a.iter().zip(b).for_each(|(x, y)| assert_same_numbers(x, y));
        }
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
            a.iter().for_each(|(k, x)| assert_same_numbers(x, &b[k]));
        }
        _ => assert_eq!(got, want),
    }
}

#[tokio::test]
async fn api030_errors_are_json_4xx() {
    let app = demo_app();
    // (uri, status, code)
    let rows: &[(&str, u16, &str)] = &[
        ("/api/v1/image", 400, "missing_parameter"),
        ("/api/v1/image?country=Atlantis", 400, "unknown_country"),
        ("/api/v1/image?country=MEX&from=26-01-2017", 400, "bad_date"),
        ("/api/v1/image?country=MEX&from=2018-01-01&to=2017-01-01", 400, "empty_range"),
        ("/api/v1/image?country=MEX&by=fortnight", 400, "bad_period"),
        ("/api/v1/image?country=MEX&split=planet", 400, "bad_split"),
        ("/api/v1/image?country=MEX&theme=cooking", 400, "bad_theme"),
        ("/api/v1/image?country=MEX&action=hug", 400, "bad_action"),
        ("/api/v1/image?country=MEX&voice=abroad", 400, "bad_voice"),
        ("/api/v1/image?country=MEX&leaders=maybe", 400, "bad_leaders"),
        ("/api/v1/shocks?country=MEX&voice=abroad", 400, "bad_voice"),
        ("/api/v1/explain?country=MEX&from=2017-01-01&to=2017-02-01&leaders=x", 400, "bad_leaders"),
        ("/api/v1/campaigns?country=MEX&topic=wall&voice=x", 400, "bad_voice"),
        ("/api/v1/mentions?country=MEX&per_page=201", 400, "page_too_large"),
        ("/api/v1/mentions?country=MEX&per_page=0", 400, "page_too_large"),
        ("/api/v1/mentions?country=MEX&page=0", 400, "bad_page"),
        ("/api/v1/mentions?country=MEX&page=x", 400, "bad_number"),
        ("/api/v1/mentions?country=%FF", 400, "unknown_country"),
        ("/api/v1/rejected?limit=100000", 400, "page_too_large"),
        ("/api/v1/docs/abc", 400, "bad_id"),
        ("/api/v1/docs/999999999", 404, "not_found"),
        ("/api/v1/image?country=MEX&cache=no", 400, "unknown_parameter"),
        ("/api/v1/image?country=MEX&country=USA", 400, "repeated_parameter"),
        ("/api/v1/mentions?country=MEX&limit=5", 400, "unknown_parameter"),
        ("/api/v1/actors?infer=true", 400, "unknown_parameter"),
        ("/api/v1/cascades?infer=true&_=1700000000", 400, "unknown_parameter"),
        ("/api/v1/countries?lang=id", 400, "unknown_parameter"),
        ("/api/v1/docs/1?full=1", 400, "unknown_parameter"),
        ("/api/v1/nothing", 404, "not_found"),
        ("/assets/nothing.js", 404, "not_found"),
    ];
    for (uri, want_status, want_code) in rows {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, *want_status, "{uri}: {body}");
        assert_eq!(body["error"]["code"], *want_code, "{uri}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
    // The message names the parameter and lists the ones the endpoint takes, as documented.
    let (_, body) = get(&app, "/api/v1/relations?country=MEX").await;
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("'country'"), "{message}");
    let spec = spec();
    for p in spec["paths"]["/api/v1/relations"]["get"]["parameters"].as_array().unwrap() {
        assert!(message.contains(p["name"].as_str().unwrap()), "{p}: {message}");
    }
    let (status, res) =
        send(&app, Request::delete("/api/v1/image").body(Body::empty()).unwrap()).await;
    assert_eq!(status, 405);
    assert_eq!(body_json(res).await["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn api040_mentions_paged_with_spans() {
    let app = demo_app();
    let (status, body) =
        get(&app, "/api/v1/mentions?country=MEX&from=2017-03-01&to=2017-03-02&per_page=5").await;
    assert_eq!(status, 200, "{body}");
    let rows = body["mentions"].as_array().unwrap();
    assert!(!rows.is_empty());
    for m in rows {
        let text = m["text"].as_str().unwrap();
        let (b0, b1) = (m["byte_start"].as_u64().unwrap(), m["byte_end"].as_u64().unwrap());
        assert_eq!(&text[b0 as usize..b1 as usize], m["surface"].as_str().unwrap());
        let (c0, c1) = (m["char_start"].as_u64().unwrap(), m["char_end"].as_u64().unwrap());
        let by_chars: String = text.chars().skip(c0 as usize).take((c1 - c0) as usize).collect();
        assert_eq!(by_chars, m["surface"].as_str().unwrap());
    }
    let script = rows.iter().find(|m| m["text"].as_str().unwrap().contains("<script>"));
    assert!(script.is_some(), "the XSS fixture post is served as text");
    // Paging: page 2 of size 1 is the second row of page 1 of size 2.
    let (_, two) = get(&app, "/api/v1/mentions?country=MEX&per_page=2").await;
    let (_, second) = get(&app, "/api/v1/mentions?country=MEX&per_page=1&page=2").await;
    assert_eq!(two["mentions"][1], second["mentions"][0]);
    assert_eq!(two["total"], second["total"]);
    assert!(two["total"].as_u64().unwrap() > 200);
}

#[tokio::test]
async fn api050_doc_and_rejected() {
    let app = demo_app();
    let (_, page) = get(&app, "/api/v1/mentions?country=MEX&per_page=1").await;
    let id = page["mentions"][0]["doc_id"].as_i64().unwrap();
    let (status, doc) = get(&app, &format!("/api/v1/docs/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(doc["id"], id);
    assert_eq!(doc["text"], page["mentions"][0]["text"]);
    assert!(doc["mentions"].as_array().unwrap().iter().any(|m| m["country"] == "MEX"));
    let (status, rej) = get(&app, "/api/v1/rejected").await;
    assert_eq!(status, 200);
    let rows = rej["rejected"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["line"] == 3 && r["raw"] == "{broken line"), "{rej}");
}

#[tokio::test]
async fn api060_security_headers_everywhere() {
    let app = demo_app();
    for uri in ["/", "/assets/app.js", "/api/v1/countries", "/api/v1/image", "/nothing"] {
        let (_, res) = send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        let h = res.headers();
        assert_eq!(h["content-security-policy"], citra_server::CSP, "{uri}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{uri}");
    }
    let (_, res) = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    let html = String::from_utf8(html.to_vec()).unwrap();
    // The CSP forbids inline code: the page loads its script and style from files.
    assert!(html.contains("<script src=\"/assets/app.js\""));
    assert!(!html.contains("<script>") && !html.contains("style="));
}

/// The schema at a path of `seen_properties`: a component name, then `.property` and `[]`
/// (items) steps.
fn schema_at<'a>(spec: &'a Value, at: &str) -> &'a Value {
    let resolve = |s: &'a Value| -> &'a Value {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                &spec["components"]["schemas"][r.trim_start_matches("#/components/schemas/")]
            }
            None => s,
        }
    };
    let (head, rest) = match at.find(['.', '[']) {
        Some(i) => (&at[..i], &at[i..]),
        None => (at, ""),
    };
    let mut s = &spec["components"]["schemas"][head];
    let mut rest = rest;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[]") {
            s = resolve(&s["items"]);
            rest = r;
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            s = resolve(&s["properties"][&r[..end]]);
            rest = &r[end..];
        } else {
            panic!("bad schema path {at}");
        }
    }
    s
}

/// Fills a path's parameters from their `example`s.
fn example_uri(path: &str, op: &Value) -> String {
    let mut uri = path.to_owned();
    let mut query = Vec::new();
    for p in op["parameters"].as_array().into_iter().flatten() {
        let name = p["name"].as_str().unwrap();
        let ex = &p["example"];
        let ex = ex.as_str().map(str::to_owned).unwrap_or_else(|| ex.to_string());
        assert_ne!(ex, "null", "parameter {name} of {path} has no example");
        // A parameter that replaces others (explain's `shock` for `from`/`to`): the example
        // uses the ones it replaces (the alternative is tested on its own).
        if p.get("x-alternative-to").is_some() {
            continue;
        }
        match p["in"].as_str().unwrap() {
            "path" => uri = uri.replace(&format!("{{{name}}}"), &ex),
            "query" => query.push(format!("{name}={ex}")),
            other => panic!("unexpected parameter location {other}"),
        }
    }
    if !query.is_empty() {
        uri = format!("{uri}?{}", query.join("&"));
    }
    uri
}

#[tokio::test]
async fn openapi010_every_path_conforms() {
    let spec = spec();
    assert_eq!(spec["openapi"], "3.1.0");
    let token = "test-token-0123456789";
    let writable =
        citra_server::app(citra_server::AppState::open(&STORE.path, Some(token.into())).unwrap());
    let read_only = demo_app();
    let mut checked = 0;
    // Which documented properties the answers hold: each must be sent by some answer.
    let mut seen = std::collections::BTreeMap::new();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let uri = example_uri(path, op);
            let (status, body) = if method == "get" {
                get(&read_only, &uri).await
            } else {
                let ex = op["requestBody"]["content"]["application/x-ndjson"]["example"]
                    .as_str()
                    .unwrap();
                let req = Request::post(&uri)
                    .header("authorization", format!("Bearer {token}"))
                    .body(Body::from(ex.to_owned()))
                    .unwrap();
                let (s, res) = send(&writable, req).await;
                (s, body_json(res).await)
            };
            assert_eq!(status, 200, "{method} {uri}: {body}");
            assert_conforms(&spec, path, method, status, &body);
            let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
            seen_properties(&spec, schema, path, &body, &mut seen);
            checked += 1;
        }
    }
    assert_eq!(checked, citra_server::api_routes().len());
    // Documented error answers conform too.
    let errors: &[(&str, &str, u16)] = &[
        ("/api/v1/image", "/api/v1/image?country=Atlantis", 400),
        ("/api/v1/mentions", "/api/v1/mentions?country=MEX&per_page=500", 400),
        ("/api/v1/docs/{id}", "/api/v1/docs/x", 400),
        ("/api/v1/docs/{id}", "/api/v1/docs/0", 404),
        ("/api/v1/rejected", "/api/v1/rejected?limit=0", 400),
    ];
    for (path, uri, want) in errors {
        let (status, body) = get(&read_only, uri).await;
        assert_eq!(status, *want, "{uri}");
        assert_conforms(&spec, path, "get", status, &body);
        let schema = &spec["paths"][path]["get"]["responses"][want.to_string()]["content"]["application/json"]
            ["schema"];
        seen_properties(&spec, schema, path, &body, &mut seen);
    }
    // Answers whose optional parts the examples do not show.
    let more: &[(&str, &str)] = &[
        ("/api/v1/image", "/api/v1/image?country=MEX&by=year&theme=migration"),
        ("/api/v1/image", "/api/v1/image?country=MEX&by=year&action=verbal_conflict"),
        ("/api/v1/image", "/api/v1/image?country=MEX&by=year&split=voice"),
        ("/api/v1/shocks", "/api/v1/shocks?country=MEX&by=month&penalty=2"),
        ("/api/v1/relations", "/api/v1/relations?coder=gdelt&min_docs=2"),
        ("/api/v1/image", "/api/v1/image?country=IDN&coder=gdelt&by=month"),
        (
            "/api/v1/image",
            "/api/v1/image?country=MEX&from=2017-01-26&to=2017-01-28&exclude=coordinated",
        ),
        ("/api/v1/image", "/api/v1/image?country=IDN&from=2017-12-07&to=2017-12-07&dedupe=story"),
        ("/api/v1/coordination", "/api/v1/coordination?from=2017-01-26&to=2017-01-28"),
        ("/api/v1/actors", "/api/v1/actors?from=2017-01-26&to=2017-01-28&coordination=true"),
        ("/api/v1/stories", "/api/v1/stories?country=IDN&from=2017-12-07&to=2017-12-07"),
    ];
    for (path, uri) in more {
        let (status, body) = get(&read_only, uri).await;
        assert_eq!(status, 200, "{uri}: {body}");
        assert_conforms(&spec, path, "get", status, &body);
        let schema = &spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"];
        seen_properties(&spec, schema, path, &body, &mut seen);
    }
    // Every schema a documented answer uses, and every property it documents, is served: the
    // contract lists exactly what the answers hold (closed objects catch the other direction).
    let mut never = Vec::new();
    for (at, props) in &seen {
        if at.starts_with('/') {
            continue; // an answer schema written inline in a path: checked by its components
        }
        let schema = schema_at(&spec, at);
        for k in schema["properties"].as_object().into_iter().flatten().map(|(k, _)| k) {
            if !props.contains(k) {
                never.push(format!("{at}.{k}"));
            }
        }
    }
    for name in spec["components"]["schemas"].as_object().unwrap().keys() {
        if !seen.contains_key(name) && !seen.keys().any(|k| k.starts_with(&format!("{name}."))) {
            never.push(format!("{name} (no answer uses it)"));
        }
    }
    assert!(never.is_empty(), "documented but never served: {never:#?}");
    let (status, res) =
        send(&read_only, Request::post("/api/v1/ingest").body(Body::from("{}")).unwrap()).await;
    assert_eq!(status, 403);
    assert_conforms(&spec, "/api/v1/ingest", "post", status, &body_json(res).await);
}

#[test]
fn openapi020_routes_match_spec() {
    let spec = spec();
    let paths = spec["paths"].as_object().unwrap();
    let routes = citra_server::api_routes();
    for (path, methods, _) in &routes {
        let ops = paths.get(*path).unwrap_or_else(|| panic!("route {path} is not in the spec"));
        let mut documented: Vec<&str> =
            ops.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        documented.sort_unstable();
        let mut served = methods.to_vec();
        served.sort_unstable();
        assert_eq!(documented, served, "{path}");
    }
    for path in paths.keys() {
        assert!(routes.iter().any(|(p, _, _)| p == path), "spec path {path} is not served");
    }
}

#[tokio::test]
async fn openapi030_served_methods_are_the_listed_ones() {
    // The route table is what the router serves: any other method on a listed path is a 405.
    let app = demo_app();
    for (path, methods, _) in citra_server::api_routes() {
        let uri = path.replace("{id}", "1");
        for m in ["get", "post", "put", "delete"] {
            if methods.contains(&m) {
                continue;
            }
            let req = Request::builder()
                .method(m.to_uppercase().as_str())
                .uri(&uri)
                .body(Body::empty())
                .unwrap();
            let (status, _) = send(&app, req).await;
            assert_eq!(status, 405, "{m} {uri}");
        }
    }
}

#[tokio::test]
async fn api070_shocks_match_library() {
    let app = demo_app();
    let (status, body) = get(&app, "/api/v1/shocks?country=MEX&by=month&penalty=2").await;
    assert_eq!(status, 200, "{body}");
    let store = citra_store::Store::open(&STORE.path).unwrap();
    let obs = store
        .observations(&citra_store::ObsQuery { country: "MEX".into(), from: None, to: None })
        .unwrap();
    let obs = Counting::default().filter(obs);
    let opts = citra_analytics::ShockOptions {
        period: citra_analytics::Period::Month,
        penalty: citra_analytics::Penalty::Value(2.0),
        ..citra_analytics::ShockOptions::default()
    };
    let want = citra_analytics::detect_shocks(&obs, &opts);
    assert!(!want.shocks.is_empty(), "a low penalty finds change points in the demo corpus");
    assert_same_numbers(&body["shocks"], &serde_json::to_value(&want.shocks).unwrap());
    assert_same_numbers(&body["segments"], &serde_json::to_value(&want.segments).unwrap());
    assert_eq!(body["period"], "month");
    let rows: &[(&str, &str)] = &[
        ("/api/v1/shocks?country=MEX&by=year", "bad_period"),
        ("/api/v1/shocks?country=MEX&penalty=lots", "bad_penalty"),
        ("/api/v1/shocks?country=MEX&min_mentions=0", "bad_number"),
        ("/api/v1/shocks", "missing_parameter"),
    ];
    for (uri, code) in rows {
        let (status, body) = get(&app, uri).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some(*code)), "{uri}");
    }
}

#[tokio::test]
async fn api080_explain_and_campaigns() {
    let app = demo_app();
    let (status, x) =
        get(&app, "/api/v1/explain?country=MEX&from=2017-03-01&to=2017-03-02&top=5").await;
    assert_eq!(status, 200, "{x}");
    assert_eq!(x["window"], serde_json::json!({"from": "2017-03-01", "to": "2017-03-02"}));
    assert_eq!(x["baseline"], serde_json::json!({"from": "2017-02-27", "to": "2017-02-28"}));
    let posts = x["posts"].as_array().unwrap();
    assert!(!posts.is_empty());
    // Contributions add up to the change (all window posts are listed here).
    let sum: f64 = posts.iter().map(|p| p["contribution"].as_f64().unwrap()).sum();
    assert!((sum - x["change"].as_f64().unwrap()).abs() < 1e-9, "{sum} vs {}", x["change"]);
    for p in posts {
        let text = p["text"].as_str().unwrap();
        let chars: Vec<char> = text.chars().collect();
        for e in p["evidence"].as_array().unwrap() {
            let (m0, m1) = (e["char_start"].as_u64().unwrap(), e["char_end"].as_u64().unwrap());
            let (s0, s1) = (
                e["sentence_char_start"].as_u64().unwrap(),
                e["sentence_char_end"].as_u64().unwrap(),
            );
            assert!(s0 <= m0 && m1 <= s1, "{e}");
            let surface: String = chars[m0 as usize..m1 as usize].iter().collect();
            assert_eq!(surface, e["surface"].as_str().unwrap());
        }
    }
    let errors: &[(&str, &str)] = &[
        ("/api/v1/explain?country=MEX", "missing_parameter"),
        ("/api/v1/explain?country=MEX&from=2017-03-01&to=2017-03-02&top=0", "page_too_large"),
        (
            "/api/v1/explain?country=MEX&from=2017-03-01&to=2017-03-02&baseline_from=2017-01-01",
            "missing_parameter",
        ),
        ("/api/v1/campaigns?country=MEX", "missing_parameter"),
        ("/api/v1/campaigns?country=MEX&topic=wall&at=soon", "bad_date"),
    ];
    for (uri, code) in errors {
        let (status, body) = get(&app, uri).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some(*code)), "{uri}: {body}");
    }
    let (status, c) =
        get(&app, "/api/v1/campaigns?country=MEX&topic=wall,border&at=2017-01-20").await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["topic"], serde_json::json!(["border", "wall"]));
    assert_eq!(c["cells"].as_array().unwrap().len(), 4);
    let inside: u64 = c["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|cell| cell["inside"] == true)
        .map(|cell| cell["docs"].as_u64().unwrap())
        .sum();
    assert!(inside > 10, "Trump's tweets about Mexico talk about the wall: {c}");
}

#[tokio::test]
async fn api090_actors_relations_cascades() {
    let app = demo_app();
    let (status, a) = get(&app, "/api/v1/actors?country=MEX&top=3").await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["actors"][0]["author"], "realDonaldTrump", "{a}");
    assert_eq!(a["actors"][0]["registry"]["country"], "USA");
    assert!(a["actors"].as_array().unwrap().len() <= 3);
    let (status, g) = get(&app, "/api/v1/relations?min_docs=1").await;
    assert_eq!(status, 200, "{g}");
    let usa_mex = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "USA" && e["target"] == "MEX")
        .unwrap_or_else(|| panic!("Trump's tweets give a USA → MEX edge: {g}"));
    assert!(usa_mex["docs"].as_u64().unwrap() > 100);
    // The coded actions, as `citra relations` gives them (the API gave every edge zeros).
    let acts = ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"]
        .map(|k| usa_mex[k].as_u64().unwrap_or(0));
    assert!(acts.iter().sum::<u64>() > 0, "no coded actions on USA → MEX: {usa_mex}");
    assert!(usa_mex["goldstein"].as_f64().is_some(), "{usa_mex}");
    assert!(
        g["nodes"].as_array().unwrap().iter().any(|n| n["id"] == "MEX" && n["label"] == "Mexico")
    );
    let (status, c) = get(&app, "/api/v1/cascades?country=MEX&top=2").await;
    assert_eq!(status, 200, "{c}");
    let rows = if c["mode"] == "cascades" { &c["cascades"] } else { &c["counts"] };
    assert!(rows.as_array().unwrap().len() <= 2, "{c}");
    let errors: &[(&str, &str)] = &[
        ("/api/v1/actors?sort=loudest", "bad_sort"),
        ("/api/v1/actors?country=Atlantis", "unknown_country"),
        ("/api/v1/relations?nodes=planets", "bad_nodes"),
        ("/api/v1/relations?min_docs=0", "bad_number"),
        ("/api/v1/cascades?infer=maybe", "bad_flag"),
        ("/api/v1/cascades?top=1000", "page_too_large"),
    ];
    for (uri, code) in errors {
        let (status, body) = get(&app, uri).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some(*code)), "{uri}: {body}");
    }
}

#[tokio::test]
async fn api100_image_by_theme_and_action() {
    let app = demo_app();
    let (_, all) = get(&app, "/api/v1/image?country=MEX&by=year").await;
    let docs = |v: &Value| -> u64 {
        v["points"].as_array().unwrap().iter().map(|p| p["docs"].as_u64().unwrap()).sum()
    };
    for q in ["theme=trade", "theme=migration", "action=verbal_conflict", "action=13"] {
        let (status, part) = get(&app, &format!("/api/v1/image?country=MEX&by=year&{q}")).await;
        assert_eq!(status, 200, "{q}: {part}");
        assert!(docs(&part) <= docs(&all), "{q}");
    }
    let (_, trade) = get(&app, "/api/v1/image?country=MEX&by=year&theme=trade").await;
    assert_eq!(trade["theme"], "trade");
    assert!(docs(&trade) > 0, "Trump's Mexico tweets talk about trade: {trade}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn api110_concurrent_cold_cache() {
    let app = demo_app();
    let uri = "/api/v1/image?country=MEX&by=week&from=2016-01-01";
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { get(&app, uri).await })
        })
        .collect();
    let mut bodies = Vec::new();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, 200);
        bodies.push(body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    assert!(!bodies[0]["points"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn api120_voice_and_leaders() {
    let app = demo_app();
    let store = citra_store::Store::open(&STORE.path).unwrap();
    let obs = |c: &str| {
        store
            .observations(&citra_store::ObsQuery { country: c.into(), from: None, to: None })
            .unwrap()
    };
    // (country, query, the library's rules): the API gives the library's numbers.
    let rows: &[(&str, &str, Leaders, VoiceFilter)] = &[
        ("MEX", "", Leaders::Exclude, VoiceFilter::All),
        ("MEX", "&voice=foreign", Leaders::Exclude, VoiceFilter::Only(Voice::Foreign)),
        ("USA", "&voice=domestic", Leaders::Exclude, VoiceFilter::Only(Voice::Domestic)),
        (
            "USA",
            "&voice=domestic&leaders=include",
            Leaders::Include,
            VoiceFilter::Only(Voice::Domestic),
        ),
        ("USA", "&leaders=include&voice=all", Leaders::Include, VoiceFilter::All),
    ];
    for (country, extra, leaders, voice) in rows {
        let uri = format!("/api/v1/image?country={country}&by=year{extra}");
        let (status, body) = get(&app, &uri).await;
        assert_eq!(status, 200, "{uri}: {body}");
        let (kept, tally) = Counting::new(*leaders, *voice).apply(obs(country));
        let want = citra_analytics::image_index(&kept, citra_analytics::Period::Year);
        assert_same_numbers(&body["points"], &serde_json::to_value(&want).unwrap());
        assert_eq!(body["counting"]["counted"], tally.counted, "{uri}");
        assert_eq!(body["leaders"], leaders.as_str(), "{uri}");
        assert_eq!(body["voice"], voice.as_str(), "{uri}");
    }
    // The demo's head of state never counts his own name, in office or not.
    let (_, body) = get(&app, "/api/v1/image?country=USA&by=year&leaders=include").await;
    assert!(body["counting"]["own_name"].as_u64().unwrap() > 0, "{body}");
    // Split by voice: the voices' documents add up to the whole per period.
    let (_, split) = get(&app, "/api/v1/image?country=MEX&by=year&split=voice").await;
    let (_, whole) = get(&app, "/api/v1/image?country=MEX&by=year").await;
    let keys: Vec<&str> =
        split["segments"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert!(keys.iter().all(|k| ["foreign", "domestic", "unknown"].contains(k)), "{keys:?}");
    for p in whole["points"].as_array().unwrap() {
        let sum: u64 = split["segments"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["points"].as_array().unwrap())
            .filter(|q| q["period"] == p["period"])
            .map(|q| q["docs"].as_u64().unwrap())
            .sum();
        assert_eq!(sum, p["docs"].as_u64().unwrap(), "{}", p["period"]);
    }
}

#[tokio::test]
async fn api130_range_extremes() {
    // `to=9999-12-31` ends the range at 10000-01-01, which used to sort before every stored
    // time and return nothing; every bound from 0000-01-01 to 9999-12-31 must behave.
    let app = demo_app();
    let docs = |v: &Value| -> u64 {
        v["points"].as_array().unwrap().iter().map(|p| p["docs"].as_u64().unwrap()).sum()
    };
    let (_, open) = get(&app, "/api/v1/image?country=MEX&by=year").await;
    assert!(docs(&open) > 100, "{open}");
    for q in ["to=9999-12-31", "to=9999-12-30", "from=0000-01-01&to=9999-12-31", "from=0001-01-01"]
    {
        let (status, body) = get(&app, &format!("/api/v1/image?country=MEX&by=year&{q}")).await;
        assert_eq!(status, 200, "{q}: {body}");
        assert_eq!(docs(&body), docs(&open), "{q}");
    }
}

#[tokio::test]
async fn api045_text_shown_decoded_once() {
    // The API keeps `text` as stored and adds `display_text`: entities decoded once, mojibake
    // repaired, with the mention's place in it (what the dashboard shows, as the CLI does).
    let app = demo_app();
    let shown = "Canada & Mexico: a <great> deal, say the \u{201c}experts\u{201d}";
    let (status, body) =
        get(&app, "/api/v1/mentions?country=MEX&from=2017-03-03&to=2017-03-03").await;
    assert_eq!(status, 200, "{body}");
    let m = &body["mentions"][0];
    assert!(m["text"].as_str().unwrap().contains("&amp;"), "{m}");
    assert_eq!(m["display_text"], shown, "{m}");
    let (c0, c1) =
        (m["display_char_start"].as_u64().unwrap(), m["display_char_end"].as_u64().unwrap());
    let word: String = shown.chars().skip(c0 as usize).take((c1 - c0) as usize).collect();
    assert_eq!(word, "Mexico");
    let (status, body) =
        get(&app, "/api/v1/explain?country=MEX&from=2017-03-03&to=2017-03-03").await;
    assert_eq!(status, 200, "{body}");
    let p = &body["posts"][0];
    assert_eq!(p["display_text"], shown, "{p}");
    let ev = &p["evidence"][0];
    let (c0, c1) =
        (ev["display_char_start"].as_u64().unwrap(), ev["display_char_end"].as_u64().unwrap());
    let word: String = shown.chars().skip(c0 as usize).take((c1 - c0) as usize).collect();
    assert_eq!(word, "Mexico");
    let (s0, s1) = (
        ev["display_sentence_char_start"].as_u64().unwrap(),
        ev["display_sentence_char_end"].as_u64().unwrap(),
    );
    assert!(s0 <= c0 && c1 <= s1, "{ev}");
}

#[tokio::test]
async fn api200_reactions_and_rebuttals() {
    let app = demo_app();
    let (status, body) = get(&app, "/api/v1/reactions?post=938517073508163584").await;
    assert_eq!(status, 200, "{body}");
    let r = &body["acts"][0]["reactions"][0];
    assert_eq!((r["country"].as_str(), r["delay_s"].as_i64()), (Some("IDN"), Some(28_327)));
    assert_eq!(r["post"]["official"]["actor"], "idn-jokowi");
    // The same answer as the query layer gives the CLI.
    let store = citra_store::Store::open(&STORE.path).unwrap();
    let p = citra_query::Params { post: Some("938517073508163584".into()), ..Default::default() };
    let req = citra_query::reactions::Request::from_params(&p).unwrap();
    let want = citra_query::reactions::answer(&store, &req).unwrap();
    assert_eq!(body, serde_json::to_value(want).unwrap());
    let (status, body) =
        get(&app, "/api/v1/rebuttals?country=MEX&from=2017-01-20&to=2017-12-31").await;
    assert_eq!(status, 200, "{body}");
    assert!(body["attacks_total"].as_u64().unwrap() > 0, "the demo has attacks on Mexico");
    assert_eq!(body["answered"], 0, "no Mexican official's posts in the demo");
    let spec = spec();
    for (path, uri, want, code) in [
        ("/api/v1/reactions", "/api/v1/reactions", 400, "missing_parameter"),
        ("/api/v1/reactions", "/api/v1/reactions?post=1234", 404, "not_found"),
        (
            "/api/v1/reactions",
            "/api/v1/reactions?post=938517073508163584&within=forever",
            400,
            "bad_within",
        ),
        (
            "/api/v1/reactions",
            "/api/v1/reactions?post=1&actor=jokowi",
            400,
            "conflicting_parameters",
        ),
        (
            "/api/v1/rebuttals",
            "/api/v1/rebuttals?country=MEX&baseline_days=0",
            400,
            "bad_baseline_days",
        ),
        ("/api/v1/rebuttals", "/api/v1/rebuttals?country=MEX&min_tone=0", 400, "bad_min_tone"),
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!((status, body["error"]["code"].as_str()), (want, Some(code)), "{uri}: {body}");
        assert_conforms(&spec, path, "get", status, &body);
    }
}

#[tokio::test]
async fn api200_coordination_and_stories() {
    let app = demo_app();
    let store = citra_store::Store::open(&STORE.path).unwrap();
    let (status, body) = get(&app, "/api/v1/coordination?from=2017-01-26&to=2017-01-28").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["clusters_total"], 1, "the fixture's cluster of three accounts");
    let p = citra_query::Params {
        from: Some("2017-01-26".into()),
        to: Some("2017-01-28".into()),
        ..Default::default()
    };
    let want = citra_query::coordination::answer(
        &store,
        &citra_query::coordination::Request::from_params(&p).unwrap(),
    )
    .unwrap();
    assert_eq!(body, serde_json::to_value(want).unwrap(), "the same answer as the CLI's");
    let (status, body) =
        get(&app, "/api/v1/stories?country=IDN&from=2017-12-07&to=2017-12-07").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["stories"][0]["copies"], 5);
    assert_eq!(body["stories"][0]["posts"][0]["author"], "wire_news");
    let (status, body) =
        get(&app, "/api/v1/image?country=IDN&from=2017-12-07&to=2017-12-07&dedupe=story").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["deduped"]["mentions"], 4);
    let spec = spec();
    for (path, uri, code) in [
        ("/api/v1/stories", "/api/v1/stories?threshold=0", "bad_threshold"),
        ("/api/v1/stories", "/api/v1/stories?min_words=0", "bad_number"),
        ("/api/v1/coordination", "/api/v1/coordination?window=forever", "bad_window"),
        ("/api/v1/image", "/api/v1/image?country=IDN&dedupe=text", "bad_dedupe"),
        ("/api/v1/image", "/api/v1/image?country=IDN&exclude=bots", "bad_exclude"),
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some(code)), "{uri}: {body}");
        assert_conforms(&spec, path, "get", status, &body);
    }
}
