//! Endpoints over the actor, relation and cascade questions (answered by the query layer), run
//! as heavy queries: a permit, a time limit, cancelled when the caller goes away.

use crate::api::{ApiResult, params};
use crate::params::Params;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use citra_query::{actors, cascades, relations};

pub(crate) async fn actors(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = actors::Request::from_params(&p, Some(state.authors()))?;
    let answer = state.with_heavy_store(move |s| Ok(actors::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn relations_graph(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = relations::Request::from_params(&p, Some(state.authors()))?;
    if req.coder == relations::Coder::Gdelt {
        let answer = state.with_heavy_store(move |s| Ok(relations::gdelt_answer(s, &req)?)).await?;
        return Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?));
    }
    let answer = state.with_heavy_store(move |s| Ok(relations::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

pub(crate) async fn cascades(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = cascades::Request::from_params(&p, Some(state.authors()))?;
    let answer = state.with_heavy_store(move |s| Ok(cascades::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}
