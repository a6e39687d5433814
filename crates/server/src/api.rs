//! The read-only API handlers: parse the query, call the store and the analytics, serialize.

use crate::params::Params;
use crate::{ApiError, AppState, OPENAPI};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use citra_query::{countries, doc, image, mentions, rejected};
use serde_json::Value;

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

pub(crate) async fn countries(State(state): State<AppState>) -> ApiResult {
    let answer = state.with_store(|s| Ok(countries::answer(s)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn image(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = image::Request::from_params(&p, Some(state.authors()))?;
    if req.coder == citra_query::params::Coder::Gdelt {
        let answer = state.with_store(move |s| Ok(image::gdelt_answer(s, &req)?)).await?;
        return Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?));
    }
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
    let req = doc::Request::from_id(&id)?;
    let answer = state.with_store(move |s| Ok(doc::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn rejected(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let req = rejected::Request::from_params(&params(q)?)?;
    let answer = state.with_store(move |s| Ok(rejected::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
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
