//! `citra serve`: the JSON API and the web dashboard over a citra store, in one binary.
//!
//! - [`AppState`]: the store's path, a small pool of open [`Store`]s, the write token (writes
//!   are off without one) and the pipeline used by `POST /api/v1/ingest`.
//! - [`app`] builds the axum [`Router`]: the JSON API under `/api/v1/` (described by the
//!   OpenAPI 3.1 document [`OPENAPI`], served at `/api/v1/openapi.json`), and the dashboard at
//!   `/` with its assets, all embedded in the binary. Every response carries a strict
//!   Content-Security-Policy and `X-Content-Type-Options: nosniff`.
//! - [`serve`] runs it on a bound listener until Ctrl-C, with the connection time limits of
//!   [`Limits`].
//! - [`ApiError`]: errors answered as `{"error": {"code", "message"}}` with a 4xx status for the
//!   caller's mistakes (unknown country, bad date, page too large) and a generic 500 otherwise.
//!
//! # SQLite access
//!
//! rusqlite is synchronous, so every request runs its queries inside
//! [`tokio::task::spawn_blocking`] on a [`Store`] from a small pool (`Mutex<Vec<Store>>`). A
//! semaphore with [`pool_size`] permits bounds the requests that touch the store at once: the
//! others wait for a connection instead of opening more (opening a store takes a short write
//! lock to check migrations, and more threads than cores only add contention). Connections are
//! opened on first use and kept. The store is in WAL mode: readers do not block each other or
//! the writer. Writes (`POST /api/v1/ingest`) are serialized by one mutex.
//!
//! The heavy endpoints (actors, relations, cascades, campaigns: every post or mention of their
//! range) run on connections of their own under [`Limits::heavy_queries`] permits, so they never
//! take the light endpoints' connections: one more heavy request gets `503 busy` with
//! `Retry-After` at once, and one that runs past [`Limits::query_timeout`] gets `503
//! query_timeout` while its SQLite statements are cancelled ([`Store::set_cancel`]; also when the
//! client goes away). Its permit is held until its thread is done, so no more heavy work runs
//! than the permits even when the analytics after the queries cannot be stopped.
//!
//! # Query parameters
//!
//! Each endpoint takes the query parameters that the OpenAPI document lists for it, read from
//! [`OPENAPI`] itself (one table for the server and its clients): any other gets `400
//! unknown_parameter`, naming it and listing the allowed ones. The aggregate endpoints (image,
//! shocks, explain, campaigns, actors, relations, cascades, countries) are cached by path and
//! canonical query (decoded, sorted, empty parameters dropped) until the store changes
//! (SQLite's `data_version`, so a `citra ingest` beside the server is seen too).
//!
//! # Example
//!
//! ```
//! use axum::body::Body;
//! use axum::http::Request;
//! use tower::ServiceExt;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let dir = tempfile::tempdir().unwrap();
//! let db = dir.path().join("citra.db");
//! // A store with one Indonesian post about the United States.
//! let mut store = citra_store::Store::open(&db).unwrap();
//! let doc = citra_model::RawDoc {
//!     platform: "twitter".into(),
//!     native_id: Some("1".into()),
//!     created_at: Some("2017-12-07T08:00:00Z".parse().unwrap()),
//!     text: "Indonesia mengecam keras pengakuan sepihak Amerika Serikat".into(),
//!     ..Default::default()
//! };
//! let ann = citra_pipeline::Pipeline::new().annotate(&doc);
//! let mut batch = store.batch().unwrap();
//! batch.insert(&doc, &ann).unwrap();
//! batch.commit().unwrap();
//!
//! let app = citra_server::app(citra_server::AppState::open(&db, None).unwrap());
//! let req = Request::get("/api/v1/image?country=Amerika%20Serikat").body(Body::empty()).unwrap();
//! let res = app.oneshot(req).await.unwrap();
//! assert_eq!(res.status(), 200);
//! assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
//! let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
//! let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
//! assert_eq!(json["country"], "USA");
//! assert_eq!(json["points"][0]["period"], "2017-12-07");
//! # });
//! ```
#![deny(missing_docs)]

mod analyses;
mod api;
mod assets;
mod cache;
mod conn;
mod error;
mod graph;
mod ingest;
mod limits;
mod params;
mod query;

pub use citra_query::params::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
pub use conn::serve_with_shutdown;
pub use error::{ApiError, Error};
pub use limits::{Limits, RETRY_AFTER_SECS};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use citra_pipeline::Pipeline;
use citra_pipeline::counting::Authors;
use citra_store::Store;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The OpenAPI 3.1 description of the API, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The Content-Security-Policy sent with every response.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
                       img-src 'self' data:; object-src 'none'; base-uri 'none'; \
                       frame-ancestors 'none'";

/// The largest request body `POST /api/v1/ingest` accepts (8 MiB); larger ones get a 413.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// How many store connections serve requests at once: twice the CPUs, between 4 and 16.
pub fn pool_size() -> usize {
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    (2 * cpus).clamp(4, 16)
}

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    db: PathBuf,
    token: Option<String>,
    pool: Mutex<Vec<Store>>,
    /// The heavy queries' own connections (at most `limits.heavy_queries`).
    heavy_pool: Mutex<Vec<Store>>,
    /// A connection only for `data_version` (see the cache module).
    watch: Mutex<Store>,
    cache: Mutex<cache::Cache>,
    permits: tokio::sync::Semaphore,
    /// Permits of the heavy queries: owned, so a query the caller gave up on keeps its permit
    /// until its thread is done.
    heavy: Arc<tokio::sync::Semaphore>,
    limits: Limits,
    write: Mutex<()>,
    pipeline: Pipeline,
    /// The user's author → country table for the `voice` parameter.
    authors: Arc<Authors>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("db", &self.inner.db)
            .field("writes", &self.inner.token.is_some())
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Opens the existing store at `db` (applying migrations), keeping the connection in the
    /// pool. `token`: writes are allowed with `Authorization: Bearer <token>`; `None` turns
    /// them off.
    pub fn open(db: &Path, token: Option<String>) -> Result<AppState, Error> {
        if !db.exists() {
            return Err(Error::NoStore(db.to_owned()));
        }
        let open = || {
            Store::open(db).map_err(|e| Error::Store { path: db.to_owned(), source: Box::new(e) })
        };
        let store = open()?;
        let watch = Mutex::new(open()?);
        Ok(AppState {
            inner: Arc::new(Inner {
                db: db.to_owned(),
                token: token.filter(|t| !t.is_empty()),
                pool: Mutex::new(vec![store]),
                heavy_pool: Mutex::new(Vec::new()),
                watch,
                cache: Mutex::new(cache::Cache::default()),
                permits: tokio::sync::Semaphore::new(pool_size()),
                heavy: Arc::new(tokio::sync::Semaphore::new(Limits::default().heavy_queries)),
                limits: Limits::default(),
                write: Mutex::new(()),
                pipeline: Pipeline::new(),
                authors: Arc::default(),
            }),
        })
    }

    /// The same state with the user's author → country table (`citra serve --authors FILE`),
    /// which the `voice` parameter reads before the actor registry. Call it right after
    /// [`AppState::open`], before the state is shared; afterwards it changes nothing.
    pub fn with_authors(mut self, authors: Authors) -> AppState {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.authors = Arc::new(authors);
        }
        self
    }

    /// The same state with other [`Limits`] (time limits, heavy queries at once). Call it right
    /// after [`AppState::open`], before the state is shared; afterwards it changes nothing.
    pub fn with_limits(mut self, limits: Limits) -> AppState {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            let permits = limits.heavy_queries.max(1);
            inner.heavy = Arc::new(tokio::sync::Semaphore::new(permits));
            inner.limits = Limits { heavy_queries: permits, ..limits };
        }
        self
    }

    /// The limits this state applies.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// The user's author → country table (`citra serve --authors FILE`).
    pub(crate) fn authors(&self) -> Arc<Authors> {
        self.inner.authors.clone()
    }

    /// Whether `POST /api/v1/ingest` is enabled.
    pub fn writes_enabled(&self) -> bool {
        self.inner.token.is_some()
    }

    /// The store's change counter, or `None` if it cannot be read (then nothing is cached).
    async fn data_version(&self) -> Option<i64> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.inner.watch.lock().ok()?.data_version().ok())
            .await
            .ok()
            .flatten()
    }

    /// Runs `f` on a pooled store on the blocking thread pool.
    async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        // At most pool_size() requests past this point, so the pool never grows beyond it.
        let _permit = self.inner.permits.acquire().await.map_err(ApiError::internal)?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let taken = state.inner.pool.lock().ok().and_then(|mut p| p.pop());
            let mut store = match taken {
                Some(s) => s,
                None => Store::open(&state.inner.db)?,
            };
            let out = f(&mut store);
            if let Ok(mut pool) = state.inner.pool.lock() {
                pool.push(store);
            }
            out
        })
        .await
        .map_err(ApiError::internal)?
    }
}

/// Sets a heavy query's cancel flag when the caller stops waiting for it (time limit, or the
/// client went away and the request was dropped), unless disarmed once the answer came.
struct CancelOnDrop(Option<Arc<AtomicBool>>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(flag) = self.0.take() {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

impl AppState {
    /// Runs a heavy query `f` (see [`Limits`]) on the heavy queries' own connections: `503
    /// busy` when no permit comes free within [`Limits::heavy_wait`], `503 query_timeout` when it runs past
    /// the time limit (its SQLite statements are then cancelled; the permit is held until the
    /// thread is done, so no more heavy work runs than the permits).
    async fn with_heavy_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let limits = &self.inner.limits;
        // In line for a permit, at most `heavy_wait`: the request holds no store connection and
        // no light permit meanwhile.
        let sem = self.inner.heavy.clone();
        let permit = match sem.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) if limits.heavy_wait.is_zero() => {
                return Err(ApiError::busy(limits.heavy_queries));
            }
            Err(_) => match tokio::time::timeout(limits.heavy_wait, sem.acquire_owned()).await {
                Ok(Ok(p)) => p,
                _ => return Err(ApiError::busy(limits.heavy_queries)),
            },
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let mut guard = CancelOnDrop(Some(cancel.clone()));
        let state = self.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            if cancel.load(Ordering::Relaxed) {
                return Err(ApiError::query_timeout(state.inner.limits.query_timeout));
            }
            let taken = state.inner.heavy_pool.lock().ok().and_then(|mut p| p.pop());
            let mut store = match taken {
                Some(s) => s,
                None => Store::open(&state.inner.db)?,
            };
            store.set_cancel(Some(cancel))?;
            let out = f(&mut store);
            // The flag goes before the connection serves another query.
            if store.set_cancel(None).is_ok()
                && let Ok(mut pool) = state.inner.heavy_pool.lock()
            {
                pool.push(store);
            }
            out
        });
        let Ok(joined) = tokio::time::timeout(limits.query_timeout, task).await else {
            return Err(ApiError::query_timeout(limits.query_timeout)); // the guard cancels
        };
        guard.0 = None;
        joined.map_err(ApiError::internal)?
    }
}

/// Reads a write token from a file: its first line, trimmed; an empty token is an error.
pub fn read_token_file(path: &Path) -> Result<String, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Token { path: path.to_owned(), reason: e.to_string() })?;
    let token = text.lines().next().unwrap_or_default().trim().to_owned();
    if token.len() < 16 {
        return Err(Error::Token {
            path: path.to_owned(),
            reason: "the token (first line) must be at least 16 characters".into(),
        });
    }
    Ok(token)
}

/// Every API route: path (as in the OpenAPI document), the methods it serves, its handler.
/// [`app`] mounts exactly these; a test checks them against [`OPENAPI`].
pub fn api_routes() -> Vec<(&'static str, &'static [&'static str], MethodRouter<AppState>)> {
    vec![
        ("/api/v1/openapi.json", &["get"], get(api::openapi)),
        ("/api/v1/countries", &["get"], get(api::countries)),
        ("/api/v1/image", &["get"], get(api::image)),
        ("/api/v1/mentions", &["get"], get(api::mentions)),
        ("/api/v1/docs/{id}", &["get"], get(api::doc)),
        ("/api/v1/rejected", &["get"], get(api::rejected)),
        ("/api/v1/shocks", &["get"], get(analyses::shocks)),
        ("/api/v1/explain", &["get"], get(analyses::explain)),
        ("/api/v1/campaigns", &["get"], get(analyses::campaigns)),
        ("/api/v1/actors", &["get"], get(graph::actors)),
        ("/api/v1/relations", &["get"], get(graph::relations_graph)),
        ("/api/v1/cascades", &["get"], get(graph::cascades)),
        ("/api/v1/reactions", &["get"], get(analyses::reactions)),
        ("/api/v1/rebuttals", &["get"], get(analyses::rebuttals)),
        ("/api/v1/coordination", &["get"], get(analyses::coordination)),
        ("/api/v1/stories", &["get"], get(analyses::stories)),
        ("/api/v1/ingest", &["post"], post(ingest::ingest).layer(DefaultBodyLimit::max(MAX_BODY))),
    ]
}

/// The whole application: API, dashboard, security headers, JSON errors for unknown routes and
/// methods.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new();
    for (path, _, handler) in api_routes() {
        router = router.route(path, handler);
    }
    router
        .route("/", get(assets::index))
        .route("/assets/{*file}", get(assets::asset))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), cache::layer))
        .layer(axum::middleware::from_fn(query::layer))
        .layer(axum::middleware::from_fn(limits::declared_body))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    res
}

/// Serves `app(state)` on `listener` until Ctrl-C, with the connection limits of the state's
/// [`Limits`] (see [`serve_with_shutdown`]).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> Result<(), Error> {
    serve_with_shutdown(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    /// A state over a store of `n` copies (ids 1…n) of an Indonesian post about the United
    /// States.
    pub(crate) fn state_of(dir: &Path, n: usize, limits: Limits) -> AppState {
        let db = dir.join("citra.db");
        let mut store = Store::open(&db).unwrap();
        let mut doc = citra_model::RawDoc {
            platform: "twitter".into(),
            created_at: Some("2017-12-07T08:00:00Z".parse().unwrap()),
            text: "Indonesia mengecam keras pengakuan sepihak Amerika Serikat".into(),
            ..Default::default()
        };
        let ann = Pipeline::new().annotate(&doc);
        let mut batch = store.batch().unwrap();
        for id in 1..=n {
            // The first post has the id of the reactions example (the OpenAPI document's).
            doc.native_id =
                Some(if id == 1 { "938517073508163584".to_owned() } else { id.to_string() });
            batch.insert(&doc, &ann).unwrap();
        }
        batch.commit().unwrap();
        AppState::open(&db, None).unwrap().with_limits(limits)
    }

    pub(crate) fn tiny_state(dir: &Path) -> AppState {
        state_of(dir, 1, Limits::default())
    }

    pub(crate) async fn status(app: &Router, uri: &str) -> (u16, Response) {
        let res =
            app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        (res.status().as_u16(), res)
    }

    #[tokio::test]
    async fn cache010_one_entry_per_canonical_query() {
        let dir = tempfile::tempdir().unwrap();
        let state = tiny_state(dir.path());
        let app = app(state.clone());
        let same = [
            "/api/v1/image?country=USA&by=year",
            "/api/v1/image?by=year&country=USA",
            "/api/v1/image?country=%55SA&by=year&from=&voice=",
        ];
        for uri in same {
            assert_eq!(status(&app, uri).await.0, 200, "{uri}");
        }
        // An unknown parameter is refused, not cached under a new key.
        assert_eq!(status(&app, "/api/v1/image?country=USA&by=year&nocache=7").await.0, 400);
        let entries = state.inner.cache.lock().unwrap().len();
        assert_eq!(entries, 1, "the three spellings of one query share one entry");
        assert_eq!(status(&app, "/api/v1/image?country=USA&by=month").await.0, 200);
        assert_eq!(state.inner.cache.lock().unwrap().len(), 2);
    }

    /// A GET of every documented operation, its parameters from their examples.
    fn example_uris() -> Vec<(String, Vec<String>)> {
        let spec: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        let mut out = Vec::new();
        for (path, ops) in spec["paths"].as_object().unwrap() {
            let Some(op) = ops.get("get") else { continue };
            let mut uri = path.replace("{id}", "1");
            let query: Vec<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                // A parameter that replaces others (explain's `shock` for `from`/`to`) is left
                // out of the example, which uses the ones it replaces.
                .filter(|p| p["in"] == "query" && p.get("x-alternative-to").is_none())
                .map(|p| {
                    let ex = &p["example"];
                    format!(
                        "{}={}",
                        p["name"].as_str().unwrap(),
                        ex.as_str().map_or(ex.to_string(), str::to_owned)
                    )
                })
                .collect();
            if !query.is_empty() {
                uri = format!("{uri}?{}", query.join("&"));
            }
            let statuses = op["responses"].as_object().unwrap().keys().cloned().collect();
            out.push((uri, statuses));
        }
        out
    }

    #[tokio::test]
    async fn heavy010_busy_at_once_light_answered() {
        let dir = tempfile::tempdir().unwrap();
        let limits =
            Limits { heavy_queries: 2, heavy_wait: std::time::Duration::ZERO, ..Limits::default() };
        let state = state_of(dir.path(), 1, limits);
        let app = app(state.clone());
        // Every heavy permit taken, as by two long heavy queries.
        let held = state.inner.heavy.clone().try_acquire_many_owned(2).unwrap();
        let mut heavy = Vec::new();
        for (uri, statuses) in example_uris() {
            let started = std::time::Instant::now();
            let (status, res) = status(&app, &uri).await;
            assert!(started.elapsed() < std::time::Duration::from_secs(5), "{uri} waited");
            if statuses.iter().any(|s| s == "503") {
                // The endpoints documenting a 503 are the heavy ones: refused at once.
                assert_eq!(status, 503, "{uri}");
                assert_eq!(res.headers()["retry-after"], RETRY_AFTER_SECS.to_string().as_str());
                let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
                let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(json["error"]["code"], "busy", "{uri}");
                assert!(json["error"]["message"].as_str().unwrap().contains("2 heavy queries"));
                heavy.push(uri);
            } else {
                assert_eq!(status, 200, "{uri}: light endpoints do not need a heavy permit");
            }
        }
        heavy.sort();
        let paths: Vec<&str> = heavy.iter().map(|u| u.split('?').next().unwrap()).collect();
        assert_eq!(
            paths,
            [
                "/api/v1/actors",
                "/api/v1/campaigns",
                "/api/v1/cascades",
                "/api/v1/coordination",
                "/api/v1/reactions",
                "/api/v1/rebuttals",
                "/api/v1/relations",
                "/api/v1/stories"
            ]
        );
        // Permits back: heavy endpoints answer again.
        drop(held);
        for uri in &heavy {
            assert_eq!(status(&app, uri).await.0, 200, "{uri}");
        }
    }

    /// Runs a heavy query that reads the store until it is cancelled (at most 20 s), telling
    /// `started` when it begins and `outcome` whether it was interrupted.
    async fn until_cancelled(
        state: &AppState,
        started: std::sync::mpsc::Sender<()>,
        outcome: std::sync::mpsc::Sender<bool>,
    ) -> Result<(), ApiError> {
        state
            .with_heavy_store(move |s| {
                started.send(()).unwrap();
                let t0 = std::time::Instant::now();
                let q = citra_store::PostQuery { from: None, to: None, with_text: true };
                while t0.elapsed() < std::time::Duration::from_secs(20) {
                    if let Err(e) = s.posts(&q) {
                        outcome.send(matches!(e, citra_store::Error::Interrupted { .. })).unwrap();
                        return Err(e.into());
                    }
                }
                outcome.send(false).unwrap();
                Ok(())
            })
            .await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn heavy015_waits_in_line_then_busy() {
        // The dashboard asks three heavy panels at once: with one permit, the others wait their
        // turn (within `heavy_wait`) and are answered, not refused.
        use std::time::Duration;
        let dir = tempfile::tempdir().unwrap();
        let limits =
            Limits { heavy_queries: 1, heavy_wait: Duration::from_secs(5), ..Limits::default() };
        let state = state_of(dir.path(), 1, limits);
        let app = app(state.clone());
        let held = state.inner.heavy.clone().try_acquire_owned().unwrap();
        let waiting = {
            let app = app.clone();
            tokio::spawn(async move { status(&app, "/api/v1/actors").await.0 })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!waiting.is_finished(), "the heavy request waits for the permit");
        drop(held);
        assert_eq!(waiting.await.unwrap(), 200, "answered once the permit came free");
        // A wait that runs out: 503 busy.
        let short = Limits {
            heavy_queries: 1,
            heavy_wait: Duration::from_millis(200),
            ..Limits::default()
        };
        let dir2 = tempfile::tempdir().unwrap();
        let state = state_of(dir2.path(), 1, short);
        let app = self::app(state.clone());
        let _held = state.inner.heavy.clone().try_acquire_owned().unwrap();
        assert_eq!(status(&app, "/api/v1/actors").await.0, 503);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn heavy020_time_limit_cancels_the_query() {
        use std::time::{Duration, Instant};
        let dir = tempfile::tempdir().unwrap();
        let limit = Duration::from_millis(500);
        let limits = Limits { heavy_queries: 1, query_timeout: limit, ..Limits::default() };
        let state = state_of(dir.path(), 2000, limits);
        let (started_tx, started) = std::sync::mpsc::channel();
        let (outcome_tx, outcome) = std::sync::mpsc::channel();
        let t0 = Instant::now();
        let err = until_cancelled(&state, started_tx, outcome_tx).await.unwrap_err();
        let took = t0.elapsed();
        assert_eq!((err.status.as_u16(), err.code), (503, "query_timeout"), "{err:?}");
        assert!(err.message.contains("0.5 s"), "{}", err.message);
        assert!(took >= limit && took < limit * 4, "{took:?}");
        started.recv_timeout(Duration::from_secs(5)).expect("the query started");
        // The store's statement was stopped, not left to run, and the permit came back.
        let interrupted = outcome.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(interrupted, "the query was interrupted by the time limit");
        let t1 = Instant::now();
        while state.inner.heavy.available_permits() < 1 {
            assert!(t1.elapsed() < Duration::from_secs(5), "the permit was not released");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // The connection serves the next heavy query normally (its cancel flag is gone).
        let n = state
            .with_heavy_store(|s| {
                Ok(s.posts(&citra_store::PostQuery { from: None, to: None, with_text: false })?
                    .len())
            })
            .await
            .unwrap();
        assert_eq!(n, 2000);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn heavy030_dropped_request_cancels_the_query() {
        use std::time::Duration;
        let dir = tempfile::tempdir().unwrap();
        let limits = Limits { heavy_queries: 1, ..Limits::default() };
        let state = state_of(dir.path(), 2000, limits);
        let (started_tx, started) = std::sync::mpsc::channel();
        let (outcome_tx, outcome) = std::sync::mpsc::channel();
        let task = {
            let state = state.clone();
            tokio::spawn(async move { until_cancelled(&state, started_tx, outcome_tx).await })
        };
        tokio::task::spawn_blocking(move || started.recv_timeout(Duration::from_secs(5)))
            .await
            .unwrap()
            .expect("the query started");
        // The client went away: the request future is dropped.
        task.abort();
        let interrupted =
            tokio::task::spawn_blocking(move || outcome.recv_timeout(Duration::from_secs(10)))
                .await
                .unwrap()
                .unwrap();
        assert!(interrupted, "dropping the request cancels its query");
    }
}
