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

pub struct TestStore {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// Builds a store from the demo corpus and the XSS fixture.
pub fn build_store(dir: &Path) -> PathBuf {
    let path = dir.join("citra.db");
    let mut store = citra_store::Store::open(&path).unwrap();
    let pipeline = Pipeline::new();
    let mut batch = store.batch().unwrap();
    for (file, format) in [(DEMO, Format::TrumpArchive), (XSS, Format::Jsonl)] {
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
    batch.commit().unwrap();
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

/// Validates `v` against `schema` (resolving `#/components/schemas/…` refs in `spec`), for the
/// subset the spec uses: `$ref`, `type` (a name or a list of names), `properties`, `required`,
/// `items`, `enum`, `minimum`, `maximum`. Returns the errors with their JSON paths.
pub fn validate(spec: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/components/schemas/").expect("local schema ref");
        let target = &spec["components"]["schemas"][name];
        assert!(target.is_object(), "unresolved ref {r}");
        return validate(spec, target, v, at, errors);
    }
    for key in schema.as_object().unwrap().keys() {
        let known = [
            "type",
            "properties",
            "required",
            "items",
            "enum",
            "minimum",
            "maximum",
            "format",
            "description",
            "default",
        ];
        assert!(known.contains(&key.as_str()), "the validator does not know '{key}' ({at})");
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type at {at}"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            other => panic!("unknown type {other}"),
        });
        if !ok {
            errors.push(format!("{at}: {v} is not of type {t}"));
            return;
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        errors.push(format!("{at}: {v} is not one of {e:?}"));
    }
    if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64())
        && x < min
    {
        errors.push(format!("{at}: {x} < minimum {min}"));
    }
    if let (Some(max), Some(x)) = (schema.get("maximum").and_then(Value::as_f64), v.as_f64())
        && x > max
    {
        errors.push(format!("{at}: {x} > maximum {max}"));
    }
    if let Some(obj) = v.as_object() {
        for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            let r = r.as_str().unwrap();
            if !obj.contains_key(r) {
                errors.push(format!("{at}: missing required '{r}'"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, sub) in props {
                if let Some(x) = obj.get(k) {
                    validate(spec, sub, x, &format!("{at}.{k}"), errors);
                }
            }
            // Undocumented fields are a mismatch between the spec and the server.
            for k in obj.keys() {
                if !props.contains_key(k) {
                    errors.push(format!("{at}: field '{k}' is not in the spec"));
                }
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            validate(spec, items, x, &format!("{at}[{i}]"), errors);
        }
    }
}

/// Asserts that a response validates against the spec's schema for this operation and status.
pub fn assert_conforms(spec: &Value, path: &str, method: &str, status: u16, body: &Value) {
    let op = &spec["paths"][path][method];
    let resp = &op["responses"][status.to_string()];
    assert!(resp.is_object(), "{method} {path}: status {status} is not documented; body {body}");
    let schema = &resp["content"]["application/json"]["schema"];
    let mut errors = Vec::new();
    validate(spec, schema, body, "$", &mut errors);
    assert!(errors.is_empty(), "{method} {path} {status}: {errors:#?}");
}
