//! The dashboard: static files embedded in the binary (no CDN, nothing fetched at run time).

use crate::ApiError;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// (path under `/assets/`, content type, bytes).
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../assets/app.js")),
    ("app.css", "text/css; charset=utf-8", include_bytes!("../assets/app.css")),
    ("i18n/en.json", "application/json", include_bytes!("../assets/i18n/en.json")),
    ("i18n/id.json", "application/json", include_bytes!("../assets/i18n/id.json")),
    ("favicon.svg", "image/svg+xml", include_bytes!("../assets/favicon.svg")),
];

const INDEX: &[u8] = include_bytes!("../assets/index.html");

fn file(content_type: &'static str, bytes: &'static [u8]) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

pub(crate) async fn index() -> Response {
    file("text/html; charset=utf-8", INDEX)
}

pub(crate) async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, ct, bytes)) => file(ct, bytes),
        None => ApiError::not_found(format!("no asset {name}")).into_response(),
    }
}
