//! Errors: [`Error`] for starting the server, [`ApiError`] for answering a request.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;

/// What can go wrong when starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be opened.
    #[error("opening the store {path}: {source}")]
    Store {
        /// The store's path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: Box<citra_store::Error>,
    },
    /// The store file does not exist.
    #[error("no store at {0}: run `citra ingest FILE…` first (or `citra demo`), or pass --db PATH")]
    NoStore(PathBuf),
    /// The token file could not be read or is empty.
    #[error("token file {path}: {reason}")]
    Token {
        /// The token file's path.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// Binding or serving failed.
    #[error("serving on {addr}: {source}")]
    Io {
        /// The address.
        addr: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// An error answered to an API caller as JSON:
/// `{"error": {"code": "unknown_country", "message": "…"}}`.
///
/// Caller mistakes get a 4xx status and a message saying what to change; internal errors get a
/// 500 with a generic message (the cause is logged once on standard error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `bad_date`.
    pub code: &'static str,
    /// What was wrong and what to do, for people.
    pub message: String,
    /// Seconds to wait before trying again, sent as `Retry-After` (a `503 busy`).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// A 400 Bad Request.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// A 404 Not Found.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
            retry_after: None,
        }
    }

    /// A 500: logs `cause` on standard error, answers a generic message.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        eprintln!("citra serve: internal error: {cause}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "internal error; the server log has the details".into(),
            retry_after: None,
        }
    }
}

impl From<citra_query::QueryError> for ApiError {
    fn from(e: citra_query::QueryError) -> ApiError {
        use citra_query::Kind;
        match e.kind {
            Kind::BadRequest => ApiError::bad_request(e.code, e.message()),
            Kind::NotFound => ApiError { code: e.code, ..ApiError::not_found(e.message()) },
            Kind::Interrupted => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: e.code,
                message: e.message(),
                retry_after: None,
            },
            Kind::Internal => ApiError::internal(e.message()),
        }
    }
}

impl From<citra_store::Error> for ApiError {
    fn from(e: citra_store::Error) -> ApiError {
        match e {
            // A query cancelled because its caller stopped waiting: not a fault to log.
            citra_store::Error::Interrupted { .. } => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "query_timeout",
                message: "the query was stopped before it finished: ask for less (a shorter \
                          from/to range, or a country)"
                    .into(),
                retry_after: None,
            },
            e => ApiError::internal(e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        let mut res = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}
