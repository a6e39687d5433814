//! The read-only API handlers: parse the query, call the store and the analytics, serialize.

use crate::params::{Action, Params};
use crate::{ApiError, AppState, OPENAPI};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use citra_analytics::{image_index, image_index_by};
use citra_mentions::Gazetteer;
use citra_model::Span;
use citra_query::display::Display;
use citra_store::{MentionQuery, ObsQuery};
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
    let country = p.country()?;
    let (from, to) = p.range()?;
    let period = p.period(citra_analytics::Period::Day)?;
    let theme = p.theme()?;
    let action = p.action()?;
    let counting = state.counting(&p)?;
    let rules = counting.clone();
    let (obs, tally) = state
        .with_store(move |s| {
            let q = ObsQuery { country: country.alpha3.into(), from, to };
            let obs = s.observations(&q)?;
            if theme.is_none() && action.is_none() {
                return Ok(rules.apply(obs));
            }
            // Only the mentions with the theme and/or an action of that kind coded about them.
            let facets = s.mention_facets(&q)?;
            Ok(rules.apply(
                obs.into_iter()
                    .filter(|o| {
                        let Some(f) = facets.get(&o.mention_id) else { return false };
                        theme.is_none_or(|t| f.themes.iter().any(|x| x == t))
                            && action.is_none_or(|a| match a {
                                Action::Quad(q) => f.quads.contains(&q),
                                Action::Root(r) => f.roots.contains(&r),
                            })
                    })
                    .collect(),
            ))
        })
        .await?;
    let split = p.split.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let segments = match split {
        None => None,
        Some("lang") => Some(image_index_by(&obs, period, |o| o.lang.code().to_owned())),
        Some("author") => {
            Some(image_index_by(&obs, period, |o| o.author.clone().unwrap_or_default()))
        }
        Some("voice") => {
            Some(image_index_by(&obs, period, |o| counting.voice(o).as_str().to_owned()))
        }
        Some(other) => {
            return Err(ApiError::bad_request(
                "bad_split",
                format!("unknown split '{other}': use lang, author or voice"),
            ));
        }
    };
    let points = image_index(&obs, period);
    let mut out = json!({
        "country": country.alpha3,
        "name": country.name_en,
        "period": period.as_str(),
        "weight": "1 + ln(1 + engagement)",
        "leaders": counting.leaders.as_str(),
        "voice": counting.voice.as_str(),
        "counting": tally,
        "points": points,
    });
    if let Some(t) = theme {
        out["theme"] = json!(t);
    }
    if let Some(a) = p.action.as_deref().filter(|_| action.is_some()) {
        out["action"] = json!(a.trim());
    }
    if let (Some(split), Some(segments)) = (split, segments) {
        out["split"] = json!(split);
        out["segments"] = segments
            .into_iter()
            .map(|(key, points)| json!({"key": key, "points": points}))
            .collect();
    }
    Ok(Json(out))
}

pub(crate) async fn mentions(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let country = p.country()?;
    let (from, to) = p.range()?;
    let (page, per_page) = p.page()?;
    let query = MentionQuery {
        country: country.alpha3.into(),
        from,
        to,
        offset: (page - 1).saturating_mul(per_page),
        limit: per_page,
    };
    let found = state.with_store(move |s| Ok(s.mentions_page(&query)?)).await?;
    // Each row as stored, plus the text to show and the mention's place in it.
    let rows: Vec<Value> = found
        .rows
        .into_iter()
        .map(|row| {
            let shown = Display::new(&row.text);
            let c = shown.chars(Span::new(row.byte_start, row.byte_end));
            let display_text = shown.text().to_owned();
            let mut v = serde_json::to_value(row).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.insert("display_text".into(), json!(display_text));
                o.insert("display_char_start".into(), json!(c.map(|c| c.0)));
                o.insert("display_char_end".into(), json!(c.map(|c| c.1)));
            }
            v
        })
        .collect();
    Ok(Json(json!({
        "country": country.alpha3,
        "name": country.name_en,
        "page": page,
        "per_page": per_page,
        "total": found.total,
        "mentions": rows,
    })))
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
