//! Shared by the HTTP tests: a store built from the demo corpus, requests through `oneshot`, and
//! a validator for the subset of JSON Schema that `openapi.json` uses.
#![allow(dead_code, unreachable_pub)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use citra_ingest::{Format, IngestOptions};
use citra_pipeline::Pipeline;
use citra_server::{AppState, app};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use tower::ServiceExt;

/// The demo corpus of the CLI (Trump's tweets naming Mexico, 2015–2019).
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/demo/trump-mexico-2015-2019.json");
/// Posts that try to inject markup, about Mexico.
pub const XSS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/xss.jsonl");
/// The CLI's coordination fixture (a cluster of three accounts about Mexico, January 2017)
/// and its near-duplicate story fixture (one story about Indonesia copied five times).
const COPIES: [&str; 2] = [
    concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/coordination-posts.jsonl"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/story-posts.jsonl"),
];

/// The Jerusalem case of the reactions tests: the US head of state's posts of 6–7 December
/// 2017 and the Indonesian president's of December 2017 (see the CLI fixtures' README).
const JERUSALEM: [(&str, &str); 2] = [
    (
        concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/jerusalem-trump.json"),
        "realDonaldTrump",
    ),
    (concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/jerusalem-jokowi.csv"), "jokowi"),
];

pub struct TestStore {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// Builds a store from the demo corpus, the XSS fixture, the coordination and story fixtures
/// and the Jerusalem case.
pub fn build_store(dir: &Path) -> PathBuf {
    let path = dir.join("citra.db");
    let mut store = citra_store::Store::open(&path).unwrap();
    let pipeline = Pipeline::new();
    let mut batch = store.batch().unwrap();
    for (file, format) in [
        (DEMO, Format::TrumpArchive),
        (XSS, Format::Jsonl),
        (COPIES[0], Format::Jsonl),
        (COPIES[1], Format::Jsonl),
    ] {
        let opts = IngestOptions { format: Some(format), ..IngestOptions::default() };
        for rec in citra_ingest::open(file, &opts).unwrap() {
            match rec {
                Ok(doc) => {
                    batch.insert(&doc, &pipeline.annotate(&doc)).unwrap();
                }
                Err(bad) => batch
                    .reject(&citra_store::Rejected {
                        source_path: bad.source.path,
                        line: bad.source.line,
                        reason: bad.reason,
                        raw: bad.raw,
                    })
                    .unwrap(),
            }
        }
    }
    for (file, author) in JERUSALEM {
        for rec in citra_ingest::open(file, &IngestOptions::default()).unwrap() {
            let mut doc = rec.unwrap();
            doc.author.get_or_insert_with(|| author.to_owned());
            batch.insert(&doc, &pipeline.annotate(&doc)).unwrap();
        }
    }
    batch.commit().unwrap();
    // An hour of GDELT 2.0 events beside the posts (`coder=gdelt`).
    let gdelt = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ingest/tests/fixtures/gdelt/20190607000000.export.CSV"
    );
    let file = citra_store::GdeltFile {
        name: citra_ingest::gdelt::file_key(gdelt).to_owned(),
        kind: citra_model::gdelt::GdeltKind::Events,
        path: gdelt.to_owned(),
    };
    let rows = citra_ingest::gdelt::open(gdelt).unwrap().map(|r| {
        r.map_err(|bad| citra_store::Rejected {
            source_path: bad.source.path,
            line: bad.source.line,
            reason: bad.reason,
            raw: bad.raw,
        })
    });
    store.load_gdelt(&file, rows, |_| {}, || true).unwrap();
    path
}

/// One demo store per test binary.
pub static STORE: LazyLock<TestStore> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let path = build_store(dir.path());
    TestStore { _dir: dir, path }
});

pub fn demo_app() -> Router {
    app(AppState::open(&STORE.path, None).unwrap())
}

pub async fn send(app: &Router, req: Request<Body>) -> (u16, Response<Body>) {
    let res = app.clone().oneshot(req).await.unwrap();
    (res.status().as_u16(), res)
}

pub async fn get(app: &Router, uri: &str) -> (u16, Value) {
    let (status, res) = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (status, body_json(res).await)
}

pub async fn body_json(res: Response<Body>) -> Value {
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20).await.unwrap();
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
}

pub fn spec() -> Value {
    serde_json::from_str(citra_server::OPENAPI).unwrap()
}

/// The spec's schema for an operation's response as a standalone JSON Schema (2020-12, which
/// OpenAPI 3.1 uses): the response schema with the spec's components beside it, so that
/// `#/components/schemas/…` references resolve, and every object that lists its properties
/// closed (`additionalProperties: false`), so that a field the server sends but the spec does not
/// document is an error.
pub fn response_schema(spec: &Value, schema: &Value) -> Value {
    fn close(v: &mut Value) {
        match v {
            Value::Object(o) => {
                if o.contains_key("properties") && !o.contains_key("additionalProperties") {
                    o.insert("additionalProperties".into(), Value::Bool(false));
                }
                for x in o.values_mut() {
                    close(x);
                }
            }
            Value::Array(a) => a.iter_mut().for_each(close),
            _ => {}
        }
    }
    let mut root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"].clone(),
        "allOf": [schema.clone()],
    });
    close(&mut root);
    root
}

/// The errors of `v` against `schema` (a schema of the spec), with their JSON paths, by the
/// `jsonschema` crate.
pub fn validate(spec: &Value, schema: &Value, v: &Value) -> Vec<String> {
    let root = response_schema(spec, schema);
    let validator = jsonschema::validator_for(&root)
        .unwrap_or_else(|e| panic!("the spec's schema does not compile: {e}"));
    validator.iter_errors(v).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// Records, for every object schema of the spec met while reading `v` (by its path in the spec),
/// which documented properties `v` holds: what a response shows of its schema.
pub fn seen_properties(
    spec: &Value,
    schema: &Value,
    at: &str,
    v: &Value,
    seen: &mut std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/components/schemas/").expect("local schema ref");
        return seen_properties(spec, &spec["components"]["schemas"][name], name, v, seen);
    }
    if let (Some(props), Some(obj)) =
        (schema.get("properties").and_then(Value::as_object), v.as_object())
    {
        seen.entry(at.to_owned()).or_default();
        for (k, sub) in props {
            if let Some(x) = obj.get(k) {
                seen.entry(at.to_owned()).or_default().insert(k.clone());
                seen_properties(spec, sub, &format!("{at}.{k}"), x, seen);
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for x in arr {
            seen_properties(spec, items, &format!("{at}[]"), x, seen);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for sub in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            seen_properties(spec, sub, at, v, seen);
        }
    }
}

/// Asserts that a response validates against the spec's schema for this operation and status.
pub fn assert_conforms(spec: &Value, path: &str, method: &str, status: u16, body: &Value) {
    let op = &spec["paths"][path][method];
    let resp = &op["responses"][status.to_string()];
    assert!(resp.is_object(), "{method} {path}: status {status} is not documented; body {body}");
    let schema = &resp["content"]["application/json"]["schema"];
    let errors = validate(spec, schema, body);
    assert!(errors.is_empty(), "{method} {path} {status}: {errors:#?}");
}
