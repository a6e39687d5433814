//! Endpoints over the issue-5 analytics (shocks, …): parse, query the store, call the
//! analytics function, serialize.

use crate::AppState;
use crate::api::{ApiResult, params};
use crate::params::Params;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use citra_analytics::{Period, ShockOptions, detect_shocks};
use citra_store::ObsQuery;
use serde_json::json;

pub(crate) async fn shocks(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let country = p.country()?;
    let (from, to) = p.range()?;
    let defaults = ShockOptions::default();
    let opts = ShockOptions {
        period: p.series_period(Period::Week)?,
        min_mentions: p.min_mentions(defaults.min_mentions)?,
        penalty: p.penalty()?,
    };
    let obs = state
        .with_store(move |s| {
            Ok(s.observations(&ObsQuery { country: country.alpha3.into(), from, to })?)
        })
        .await?;
    let report = detect_shocks(&obs, &opts);
    Ok(Json(json!({
        "country": country.alpha3,
        "name": country.name_en,
        "period": opts.period.as_str(),
        "min_mentions": opts.min_mentions,
        "penalty": report.penalty,
        "dispersion": report.dispersion,
        "bins": report.bins,
        "docs": report.docs,
        "segments": report.segments,
        "shocks": report.shocks,
    })))
}
