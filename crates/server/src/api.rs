//! The read-only API handlers: parse the query, call the store and the analytics, serialize.

use crate::params::Params;
use crate::{ApiError, AppState, OPENAPI};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use citra_mentions::Gazetteer;
use citra_query::{image, mentions};
use serde_json::{Value, json};

/// JSON responses are built as values: the OpenAPI document describes their shape.
pub(crate) type ApiResult = Result<Json<Value>, ApiError>;

/// The query string, or a 400 when it cannot be decoded.
pub(crate) fn params(q: Result<Query<Params>, QueryRejection>) -> Result<Params, ApiError> {
    q.map(|Query(p)| p).map_err(|e| ApiError::bad_request("bad_query", e.body_text()))
}

pub(crate) async fn openapi() -> Response {
    let mut res = OPENAPI.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

/// The most countries `countries` lists.
const MAX_COUNTRIES: usize = 1000;

pub(crate) async fn countries(State(state): State<AppState>) -> ApiResult {
    let top = state.with_store(|s| Ok(s.top_countries(MAX_COUNTRIES)?)).await?;
    let gaz = Gazetteer::shared();
    let rows: Vec<Value> = top
        .into_iter()
        .map(|(code, mentions)| {
            let c = gaz.country_by_alpha3(&code);
            json!({
                "code": code,
                "name": c.map_or(code.as_str(), |c| c.name_en),
                "name_id": c.map_or(code.as_str(), |c| c.name_id),
                "mentions": mentions,
            })
        })
        .collect();
    Ok(Json(json!({ "countries": rows })))
}

pub(crate) async fn image(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = image::Request::from_params(&p, Some(state.authors()))?;
    let answer = state.with_store(move |s| Ok(image::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn mentions(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = mentions::Request::from_params(&p, Some(state.authors()))?;
    let answer = state.with_store(move |s| Ok(mentions::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn doc(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id: i64 = id.trim().parse().map_err(|_| {
        ApiError::bad_request("bad_id", format!("document id '{id}' is not a whole number"))
    })?;
    let found = state
        .with_store(move |s| {
            let Some(doc) = s.doc(id)? else { return Ok(None) };
            let mentions = s.mentions_of_doc(id)?;
            Ok(Some((doc, mentions)))
        })
        .await?;
    let Some((doc, mentions)) = found else {
        return Err(ApiError::not_found(format!("the store has no document {id}")));
    };
    let text = &doc.raw.text;
    let mentions: Vec<Value> = mentions
        .iter()
        .map(|m| {
            let chars = m.span.to_chars(text);
            json!({
                "country": m.country.to_uppercase(),
                "actor": m.actor,
                "kind": m.kind,
                "surface": m.surface,
                "byte_start": m.span.start,
                "byte_end": m.span.end,
                "char_start": chars.map(|c| c.0),
                "char_end": chars.map(|c| c.1),
                "confidence": m.confidence,
                "tone": m.tone,
            })
        })
        .collect();
    let raw = &doc.raw;
    Ok(Json(json!({
        "id": doc.id,
        "platform": raw.platform,
        "native_id": raw.native_id,
        "url": raw.url,
        "author": raw.author,
        "author_name": raw.author_name,
        "created_at": raw.created_at,
        "title": raw.title,
        "text": raw.text,
        "lang": doc.lang.lang.code(),
        "tone": doc.tone,
        "mentions": mentions,
    })))
}

pub(crate) async fn rejected(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let limit = params(q)?.limit(100, 1000)?;
    let rows = state.with_store(move |s| Ok(s.rejected(limit as usize)?)).await?;
    Ok(Json(json!({ "rejected": rows })))
}

pub(crate) async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such page or endpoint: {}", uri.path()))
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: "this endpoint does not take that method; see /api/v1/openapi.json".into(),
        retry_after: None,
    }
}
