//! [`Limits`]: the bounds that keep one client from starving the others or holding the server
//! open, and the errors answered when a request meets one.

use crate::ApiError;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// The seconds a `503 busy` answer asks the client to wait (`Retry-After`).
pub const RETRY_AFTER_SECS: u64 = 2;

/// Time limits on connections and queries, and how many heavy queries run at once.
///
/// The heavy endpoints (actors, relations, cascades, campaigns) read every post or mention of
/// their range, seconds on a large store. They run on their own store connections under their
/// own permits ([`Limits::heavy_queries`]), so the light endpoints (countries, image, shocks,
/// explain, mentions, docs, rejected) always find a connection; a heavy request beyond the
/// permits waits in line for one at most [`Limits::heavy_wait`] (so the dashboard's three heavy
/// panels, asked at once, are all answered on a small machine) and is then answered `503 busy`
/// with `Retry-After`; a heavy query that runs past [`Limits::query_timeout`] is stopped (its
/// SQLite statement is cancelled) and answered `503 query_timeout`.
///
/// ```
/// use std::time::Duration;
/// let limits = citra_server::Limits { query_timeout: Duration::from_secs(5), ..Default::default() };
/// assert_eq!(limits.header_timeout, Duration::from_secs(10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// How long a connection may take to send a complete request head (request line and
    /// headers), counted from when the server starts waiting for one: on a new connection, and
    /// on a kept-alive one after each answer. A connection that sends nothing, or only part of
    /// its headers, in that time is closed. Default 10 s.
    pub header_timeout: Duration,
    /// How long the body of `POST /api/v1/ingest` may take to arrive in full; after it the
    /// request gets `408 body_timeout` and the connection is closed. Default 60 s.
    pub body_timeout: Duration,
    /// How long a connection may move no byte either way while no answer is being computed for
    /// it (a client that stopped reading its answer, or its body); then it is closed. Default
    /// 60 s.
    pub idle_timeout: Duration,
    /// The longest a heavy query may run; then its SQLite statement is cancelled and the request
    /// gets `503 query_timeout`. Default 30 s.
    pub query_timeout: Duration,
    /// How many heavy queries run at once (at least 1). Default: half the CPUs, 1 to 4.
    pub heavy_queries: usize,
    /// How long a heavy request waits in line for a permit before it gets `503 busy` (zero:
    /// refused at once when all permits are taken). Default 15 s.
    pub heavy_wait: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(60),
            query_timeout: Duration::from_secs(30),
            heavy_queries: (cpus / 2).clamp(1, 4),
            heavy_wait: Duration::from_secs(15),
        }
    }
}

/// Seconds for people: `30 s`, `0.25 s`.
fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 { format!("{s:.0} s") } else { format!("{s} s") }
}

impl ApiError {
    /// `503 busy`: every heavy-query permit is taken.
    pub(crate) fn busy(permits: usize) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "busy",
            message: format!(
                "the server is already running its {permits} heavy quer{} (actors, relations, \
                 cascades, campaigns): try again in {RETRY_AFTER_SECS} s (Retry-After), or ask \
                 for a shorter date range; light endpoints (image, countries, mentions) are \
                 answered meanwhile",
                if permits == 1 { "y" } else { "ies" }
            ),
            retry_after: Some(RETRY_AFTER_SECS),
        }
    }

    /// `503 busy`: the same query is computed for another request, for longer than the limit.
    pub(crate) fn still_computing(limit: Duration) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "busy",
            message: format!(
                "the same query is being computed for another request and did not finish \
                 within {}: try again in {RETRY_AFTER_SECS} s (Retry-After)",
                secs(limit)
            ),
            retry_after: Some(RETRY_AFTER_SECS),
        }
    }

    /// `503 query_timeout`: a heavy query ran past its time limit and was stopped.
    pub(crate) fn query_timeout(limit: Duration) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "query_timeout",
            message: format!(
                "the query ran longer than the server's limit of {} and was stopped: ask for \
                 less (a shorter from/to range, or a country), or start `citra serve` with a \
                 larger --query-timeout",
                secs(limit)
            ),
            retry_after: None,
        }
    }

    /// `408 body_timeout`: the request body did not arrive in time.
    pub(crate) fn body_timeout(limit: Duration) -> ApiError {
        ApiError {
            status: StatusCode::REQUEST_TIMEOUT,
            code: "body_timeout",
            message: format!(
                "the request body did not arrive within {}: send it at once, or split the posts \
                 into several smaller requests",
                secs(limit)
            ),
            retry_after: None,
        }
    }

    /// `413 body_too_large`: a body over [`MAX_BODY`](crate::MAX_BODY), declared or sent.
    pub(crate) fn body_too_large() -> ApiError {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "body_too_large",
            message: format!(
                "the body is over {} MiB: send the posts in several requests",
                crate::MAX_BODY >> 20
            ),
            retry_after: None,
        }
    }
}

/// Answers `413 body_too_large` at once to a request whose `Content-Length` is over
/// [`MAX_BODY`](crate::MAX_BODY), without reading its body (nor waiting for it).
pub(crate) async fn declared_body(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > crate::MAX_BODY as u64) {
        return ApiError::body_too_large().into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits010_messages() {
        assert_eq!(secs(Duration::from_secs(30)), "30 s");
        assert_eq!(secs(Duration::from_millis(250)), "0.25 s");
        let e = ApiError::query_timeout(Duration::from_secs(30));
        assert!(e.message.contains("30 s") && e.message.contains("--query-timeout"), "{e:?}");
        assert!(ApiError::busy(1).message.contains("1 heavy query "));
        assert!(ApiError::busy(2).message.contains("2 heavy queries"));
        assert!(Limits::default().heavy_queries >= 1);
    }
}
