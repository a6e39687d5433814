//! Endpoints over the issue-5 analytics (shocks, …): parse, query the store, call the
//! analytics function, serialize.

use crate::api::{ApiResult, params};
use crate::params::Params;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use citra_analytics::{TopicMatcher, campaign};
use citra_query::{explain, shocks};
use citra_store::{MentionQuery, ObsQuery};
use serde_json::json;
use std::collections::BTreeMap;

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
    let country = p.country()?;
    let spec = p.topic.clone().unwrap_or_default();
    let matcher = TopicMatcher::new(&spec);
    if matcher.is_empty() {
        return Err(ApiError::bad_request(
            "missing_parameter",
            "topic is required: words, phrases or hashtags separated by commas, e.g. \
             topic=coco,%23coco,día de muertos",
        ));
    }
    let at = p.at()?;
    let (from, to) = p.range()?;
    let terms = matcher.terms();
    let counting = state.counting(&p)?;
    let report = state
        .with_heavy_store(move |s| {
            let obs = s.observations(&ObsQuery { country: country.alpha3.into(), from, to })?;
            let obs = counting.filter(obs);
            let page = s.mentions_page(&MentionQuery {
                country: country.alpha3.into(),
                from,
                to,
                offset: 0,
                limit: u64::MAX,
            })?;
            let mut inside: BTreeMap<i64, bool> = BTreeMap::new();
            for r in &page.rows {
                inside.entry(r.doc_id).or_insert_with(|| matcher.matches(&r.text));
            }
            Ok(campaign(&obs, |o| inside.get(&o.doc_id).copied().unwrap_or(false), at))
        })
        .await?;
    Ok(Json(json!({
        "country": country.alpha3,
        "name": country.name_en,
        "topic": terms,
        "at": at.map(|t| t.date_naive().to_string()),
        "cells": report.cells,
        "gaps": report.gaps,
        "did": report.did,
    })))
}
