//! Endpoints over the issue-5 analytics (shocks, …): parse, query the store, call the
//! analytics function, serialize.

use crate::api::{ApiResult, params};
use crate::params::Params;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use citra_query::{campaign, coordination, explain, reactions, shocks, stories};

pub(crate) async fn shocks(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = shocks::Request::from_params(&p, Some(state.authors()))?;
    let answer = state.with_store(move |s| Ok(shocks::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn explain(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = explain::Request::from_params(&p, Some(state.authors()))?;
    let answer = state.with_store(move |s| Ok(explain::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn campaigns(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = campaign::Request::from_params(&p, Some(state.authors()))?;
    let answer = state.with_heavy_store(move |s| Ok(campaign::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn reactions(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = reactions::Request::from_params(&p)?;
    let answer = state.with_heavy_store(move |s| Ok(reactions::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn rebuttals(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = reactions::RebuttalRequest::from_params(&p, Some(state.authors()))?;
    let answer = state.with_heavy_store(move |s| Ok(reactions::rebuttals(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn coordination(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = coordination::Request::from_params(&p)?;
    let answer = state.with_heavy_store(move |s| Ok(coordination::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn stories(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = stories::Request::from_params(&p)?;
    let answer = state.with_heavy_store(move |s| Ok(stories::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}
