//! `POST /api/v1/ingest`: JSON Lines in, stored with the CLI's idempotence and rejection rules.
//!
//! Off unless the server has a token: then `403 writes_disabled`. With a token, a request
//! without `Authorization: Bearer <token>` or with another token gets `401 unauthorized`; a body
//! over [`MAX_BODY`](crate::MAX_BODY) gets `413 body_too_large` (at once when its
//! `Content-Length` says so), one that does not arrive within the body timeout
//! `408 body_timeout`.

use crate::api::ApiResult;
use crate::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use citra_ingest::IngestOptions;
use citra_store::{LoadCounts, Rejected, RunSummary};
use serde_json::json;

/// The source path recorded for posts that came through the API.
const SOURCE: &str = "api:/api/v1/ingest";
/// Documents per transaction, as in the CLI.
/// The most rejections listed in a response (all are counted and stored).
const LISTED_REJECTIONS: usize = 1000;

/// Equality that takes the same time whatever the first difference (it does depend on the
/// expected token's length, which is not secret).
fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = u8::from(given.len() != expected.len());
    for (i, e) in expected.iter().enumerate() {
        diff |= given.get(i).copied().unwrap_or(0) ^ e;
    }
    diff == 0
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = state.inner.token.as_deref() else {
        return Err(ApiError {
            status: StatusCode::FORBIDDEN,
            code: "writes_disabled",
            message: "writes are off: start `citra serve` with --token-file to allow ingest".into(),
            retry_after: None,
        });
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(g) if constant_time_eq(g.as_bytes(), token.as_bytes()) => Ok(()),
        _ => Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "unauthorized",
            message: "send the write token as `Authorization: Bearer <token>`".into(),
            retry_after: None,
        }),
    }
}

pub(crate) async fn ingest(State(state): State<AppState>, req: Request) -> ApiResult {
    // The token first: a client without it does not get the server to read its body.
    authorize(&state, req.headers())?;
    let limit = state.inner.limits.body_timeout;
    let body = tokio::time::timeout(limit, Bytes::from_request(req, &state))
        .await
        .map_err(|_| ApiError::body_timeout(limit))?
        .map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::body_too_large()
            } else {
                ApiError::bad_request("bad_body", e.body_text())
            }
        })?;
    // Read and annotate first, outside the store's write lock and without a store connection:
    // the lock is then held only for the inserts (a long text no longer blocks other writers
    // for as long as the pipeline takes on it).
    let st = state.clone();
    let (records, annotations) = tokio::task::spawn_blocking(move || {
        let mut annotations = Vec::new();
        let records: Vec<Result<citra_model::RawDoc, Rejected>> =
            citra_ingest::read_jsonl_bytes(body.to_vec(), SOURCE, &IngestOptions::default())
                .map(|record| match record {
                    Ok(doc) => {
                        annotations.push(st.inner.pipeline.annotate(&doc));
                        Ok(doc)
                    }
                    Err(bad) => Err(Rejected {
                        source_path: bad.source.path,
                        line: bad.source.line,
                        reason: bad.reason,
                        raw: bad.raw,
                    }),
                })
                .collect();
        (records, annotations)
    })
    .await
    .map_err(ApiError::internal)?;
    let st = state.clone();
    let out = state
        .with_store(move |store| {
            let _write = st.inner.write.lock().map_err(ApiError::internal)?;
            let started = chrono::Utc::now();
            let mut rejections = Vec::new();
            // `load` asks for the annotation of each document in the order they come.
            let mut annotations = annotations.into_iter();
            let n = store.load(
                records,
                |doc| annotations.next().unwrap_or_else(|| st.inner.pipeline.annotate(doc)),
                |bad| {
                    if rejections.len() < LISTED_REJECTIONS {
                        rejections.push(json!({ "line": bad.line, "reason": bad.reason }));
                    }
                },
            )?;
            let LoadCounts { read, stored, duplicates, rejected } = n;
            store.record_run(&RunSummary {
                started,
                finished: chrono::Utc::now(),
                paths: vec![SOURCE.into()],
                read,
                stored,
                duplicates,
                rejected,
            })?;
            Ok(json!({
                "read": read, "stored": stored, "duplicates": duplicates,
                "rejected": rejected, "rejections": rejections,
            }))
        })
        .await?;
    Ok(Json(out))
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn token010_compare() {
        let rows: &[(&str, &str, bool)] = &[
            ("secret-token-123", "secret-token-123", true),
            ("secret-token-124", "secret-token-123", false),
            ("secret-token-12", "secret-token-123", false),
            ("secret-token-1234", "secret-token-123", false),
            ("", "secret-token-123", false),
        ];
        for (given, expected, want) in rows {
            assert_eq!(constant_time_eq(given.as_bytes(), expected.as_bytes()), *want, "{given}");
        }
    }
}
