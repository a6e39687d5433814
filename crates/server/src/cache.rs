//! A response cache for the aggregate endpoints (image, shocks, actors, …), which recompute
//! from every matching row on each call.
//!
//! A GET answer with status 200 is kept under its path and [`Canonical`] query (the documented
//! parameters, decoded and sorted: reordering or re-encoding a query does not miss the cache,
//! and an unknown parameter was refused before) together with the store's
//! [`data_version`](citra_store::Store::data_version), read on a connection kept only for that:
//! any commit to the file by another connection (this server's ingest, or a `citra ingest` run
//! beside it) changes the version and empties the cache. Bounded to [`MAX_BYTES`] in all;
//! answers over [`MAX_ENTRY`] are not kept.

use crate::AppState;
use crate::query::Canonical;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;

/// The endpoints whose answers are cached.
const CACHED: &[&str] = &[
    "/api/v1/countries",
    "/api/v1/image",
    "/api/v1/shocks",
    "/api/v1/explain",
    "/api/v1/campaigns",
    "/api/v1/actors",
    "/api/v1/relations",
    "/api/v1/cascades",
    "/api/v1/reactions",
    "/api/v1/rebuttals",
    "/api/v1/coordination",
    "/api/v1/stories",
];

/// The most bytes the cache holds.
pub(crate) const MAX_BYTES: usize = 64 << 20;
/// The largest answer it keeps.
pub(crate) const MAX_ENTRY: usize = 4 << 20;

#[derive(Default)]
pub(crate) struct Cache {
    version: Option<i64>,
    bytes: usize,
    entries: HashMap<String, (axum::http::response::Parts, Bytes)>,
    /// One lock per key being computed, so that concurrent misses of the same URI compute it
    /// once and the others wait for the answer (no stampede on a cold cache).
    computing: HashMap<String, Arc<tokio::sync::Mutex<()>>>,
}

impl Cache {
    fn get(&mut self, version: i64, key: &str) -> Option<Response> {
        if self.version != Some(version) {
            *self = Cache { version: Some(version), ..Cache::default() };
            return None;
        }
        let (parts, body) = self.entries.get(key)?;
        Some(Response::from_parts(parts.clone(), Body::from(body.clone())))
    }

    /// How many answers are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    fn put(&mut self, version: i64, key: String, parts: &axum::http::response::Parts, body: Bytes) {
        if self.version != Some(version) || body.len() > MAX_ENTRY {
            return;
        }
        if self.bytes + body.len() > MAX_BYTES {
            self.entries.clear();
            self.bytes = 0;
        }
        self.bytes += body.len();
        self.entries.insert(key, (parts.clone(), body));
    }
}

pub(crate) async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !CACHED.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let Some(Canonical(query)) = req.extensions().get::<Canonical>() else {
        return next.run(req).await;
    };
    let key = format!("{}?{query}", req.uri().path());
    let Some(version) = state.data_version().await else {
        return next.run(req).await;
    };
    let gate = {
        let Ok(mut c) = state.inner.cache.lock() else { return next.run(req).await };
        if let Some(hit) = c.get(version, &key) {
            return hit;
        }
        c.computing.entry(key.clone()).or_default().clone()
    };
    // Bounded: the request computing it gives up at the time limit too.
    let limit = state.inner.limits.query_timeout;
    let Ok(_computing) = tokio::time::timeout(limit, gate.lock()).await else {
        return crate::ApiError::still_computing(limit).into_response();
    };
    // Another request may have computed it while this one waited.
    if let Some(hit) = state.inner.cache.lock().ok().and_then(|mut c| c.get(version, &key)) {
        return hit;
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::OK {
        if let Ok(mut c) = state.inner.cache.lock() {
            c.computing.remove(&key);
        }
        return res;
    }
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            if let Ok(mut c) = state.inner.cache.lock() {
                c.computing.remove(&key);
                c.put(version, key, &parts, bytes.clone());
            }
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => crate::ApiError::internal(e).into_response(),
    }
}
