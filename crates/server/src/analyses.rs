//! Endpoints over the issue-5 analytics (shocks, …): parse, query the store, call the
//! analytics function, serialize.

use crate::api::{ApiResult, params};
use crate::display::Display;
use crate::params::Params;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use chrono::{DateTime, Duration, Utc};
use citra_analytics::{PostContribution, attribute, sentence_of};
use citra_model::{Span, Tone};
use citra_query::{campaign, shocks};
use citra_store::ObsQuery;
use serde::Serialize;
use serde_json::json;

pub(crate) async fn shocks(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let req = shocks::Request::from_params(&p, Some(state.authors()))?;
    let answer = state.with_store(move |s| Ok(shocks::answer(s, &req)?)).await?;
    Ok(Json(serde_json::to_value(answer).map_err(ApiError::internal)?))
}

/// One mention in an explained post, with the sentence that holds it (code-point offsets into
/// the post's text).
#[derive(Debug, Serialize)]
struct Evidence {
    surface: String,
    byte_start: usize,
    byte_end: usize,
    char_start: Option<usize>,
    char_end: Option<usize>,
    sentence_char_start: Option<usize>,
    sentence_char_end: Option<usize>,
    /// The same ranges in `display_text`.
    display_char_start: Option<usize>,
    display_char_end: Option<usize>,
    display_sentence_char_start: Option<usize>,
    display_sentence_char_end: Option<usize>,
    tone: Option<Tone>,
}

#[derive(Debug, Serialize)]
struct ExplainedPost {
    #[serde(flatten)]
    post: PostContribution,
    url: Option<String>,
    text: String,
    /// The text to show: entities decoded once, mojibake repaired (the CLI and report show it).
    display_text: String,
    evidence: Vec<Evidence>,
}

pub(crate) async fn explain(
    State(state): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let country = p.country()?;
    let window = p.window("the window to explain")?;
    let baseline = p.baseline()?.unwrap_or((window.0 - (window.1 - window.0), window.0));
    let top = p.top(10, 100)?;
    let counting = state.counting(&p)?;
    let (attr, posts) = state
        .with_store(move |s| {
            let q = |(from, to): (DateTime<Utc>, DateTime<Utc>)| ObsQuery {
                country: country.alpha3.into(),
                from: Some(from),
                to: Some(to),
            };
            let mut attr = attribute(
                &counting.filter(s.observations(&q(window))?),
                &counting.filter(s.observations(&q(baseline))?),
            );
            attr.actors.truncate(top);
            let mut posts = Vec::new();
            for post in attr.posts.drain(..).take(top) {
                let Some(doc) = s.doc(post.doc_id)? else { continue };
                let (author, date) = (doc.raw.author.clone(), post.time.date_naive());
                let text = doc.raw.text;
                let shown = Display::new(&text);
                let chars = |sp: Span| sp.to_chars(&text);
                let evidence = s
                    .mentions_of_doc(post.doc_id)?
                    .into_iter()
                    .filter(|m| m.country.eq_ignore_ascii_case(country.alpha3))
                    .filter(|m| {
                        let actor = m.actor.as_deref();
                        let why = counting.excluded_mention(
                            author.as_deref(),
                            date,
                            country.alpha3,
                            m.kind,
                            actor,
                        );
                        why.is_none()
                    })
                    .map(|m| {
                        let sentence_span = sentence_of(&text, m.span);
                        let sentence = sentence_span.and_then(chars);
                        let c = chars(m.span);
                        let shown_sentence = sentence_span.and_then(|sp| shown.chars(sp));
                        let shown_c = shown.chars(m.span);
                        Evidence {
                            surface: m.surface,
                            byte_start: m.span.start,
                            byte_end: m.span.end,
                            char_start: c.map(|c| c.0),
                            char_end: c.map(|c| c.1),
                            sentence_char_start: sentence.map(|c| c.0),
                            sentence_char_end: sentence.map(|c| c.1),
                            display_char_start: shown_c.map(|c| c.0),
                            display_char_end: shown_c.map(|c| c.1),
                            display_sentence_char_start: shown_sentence.map(|c| c.0),
                            display_sentence_char_end: shown_sentence.map(|c| c.1),
                            tone: m.tone,
                        }
                    })
                    .collect();
                let display_text = shown.text().to_owned();
                posts.push(ExplainedPost { post, url: doc.raw.url, text, display_text, evidence });
            }
            Ok((attr, posts))
        })
        .await?;
    let day = |t: DateTime<Utc>| t.date_naive().to_string();
    let last = |t: DateTime<Utc>| (t - Duration::days(1)).date_naive().to_string();
    Ok(Json(json!({
        "country": country.alpha3,
        "name": country.name_en,
        "window": {"from": day(window.0), "to": last(window.1)},
        "baseline": {"from": day(baseline.0), "to": last(baseline.1)},
        "baseline_tone": attr.baseline,
        "window_tone": attr.window,
        "change": attr.change,
        "baseline_docs": attr.baseline_docs,
        "window_docs": attr.window_docs,
        "actors": attr.actors,
        "posts": posts,
    })))
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
