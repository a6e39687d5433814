//! Explain: the posts and actors that moved a country's index in a window against the baseline
//! before it, with the sentence and mention behind each post (see
//! `citra_analytics::attribute` for the definition of a contribution). `citra explain`,
//! `GET /api/v1/explain`, the report's explanations of change points.

use crate::display::Display;
use crate::error::{QueryError, param};
use crate::params::{Params, Window};
use chrono::{Duration, NaiveDate};
use citra_analytics::{ActorContribution, PostContribution, attribute, sentence_of};
use citra_mentions::Country;
use citra_model::{Observation, Span, Tone};
use citra_pipeline::counting::{Authors, Counting, Tally};
use citra_store::{MentionQuery, MentionRow, ObsQuery, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How a contribution is defined.
pub const DEFINITION: &str = "contribution = w·(s − baseline) / Σw over the window; \
    contributions sum to the change; share = contribution / change";

/// Days in the window (and the baseline) of a `shock` when `window` is not given: the report
/// and the dashboard explain a change point the same way.
pub const SHOCK_WINDOW_DAYS: u64 = 28;

/// The most posts and actors `top` may ask for.
pub const MAX_TOP: u64 = 1000;

/// An explain question.
#[derive(Debug, Clone)]
pub struct Request {
    /// The country.
    pub country: &'static Country,
    /// The window explained: `from`..=`to`, or `window` days from `shock`.
    pub window: Window,
    /// The baseline: `baseline_from`..=`baseline_to`, by default as long as the window and just
    /// before it.
    pub baseline: Window,
    /// How many posts and actors to list (`top`, default 10).
    pub top: usize,
    /// What counts (`leaders`, `voice`, the face's author table).
    pub counting: Counting,
}

impl Request {
    /// The question from its parameters: `country` (required), either `shock` (a day, with
    /// `window` days, default 28) or `from` and `to`, `baseline_from` and `baseline_to` (both or
    /// neither), `top`, `leaders`, `voice`.
    pub fn from_params(p: &Params, authors: Option<Arc<Authors>>) -> Result<Request, QueryError> {
        let country = p.country()?;
        let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        let window = if given(&p.shock) {
            if given(&p.from) || given(&p.to) {
                return Err(QueryError::bad_request(
                    "conflicting_parameters",
                    format!(
                        "give {} (with {}) or {} and {}, not both",
                        param("shock"),
                        param("window"),
                        param("from"),
                        param("to")
                    ),
                ));
            }
            let days =
                crate::params::at_least_one("window", p.window.as_deref(), SHOCK_WINDOW_DAYS)?;
            let start = crate::params::day_start("shock", p.shock.as_deref())?;
            let days = i64::try_from(days).unwrap_or(i64::MAX).min(1_000_000);
            (start, start + Duration::days(days))
        } else {
            match p.range()? {
                (Some(f), Some(t)) => (f, t),
                _ => {
                    return Err(QueryError::bad_request(
                        "missing_parameter",
                        format!(
                            "say which change to explain: {} DATE (a change point's date from \
                             shocks) or {} DAY and {} DAY",
                            param("shock"),
                            param("from"),
                            param("to")
                        ),
                    ));
                }
            }
        };
        let baseline = p.baseline()?.unwrap_or((window.0 - (window.1 - window.0), window.0));
        Ok(Request {
            country,
            window,
            baseline,
            top: p.top(10, MAX_TOP)?,
            counting: p.counting(authors)?,
        })
    }
}

/// First and last day of a period (both inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Days {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Days {
    fn of((from, to): Window) -> Days {
        Days { from: from.date_naive(), to: (to - Duration::days(1)).date_naive() }
    }
}

/// One counted mention of the country in an explained post, with the sentence that holds it.
/// Byte and code-point offsets index the post's `text`; `display_*` offsets its `display_text`.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// The mention as written.
    pub surface: String,
    /// Byte start of the mention.
    pub byte_start: usize,
    /// Byte end (exclusive).
    pub byte_end: usize,
    /// Code-point start.
    pub char_start: Option<usize>,
    /// Code-point end (exclusive).
    pub char_end: Option<usize>,
    /// The sentence holding the mention, as stored.
    pub sentence: Option<String>,
    /// Byte start of the sentence.
    pub sentence_byte_start: Option<usize>,
    /// Byte end of the sentence (exclusive).
    pub sentence_byte_end: Option<usize>,
    /// Code-point start of the sentence.
    pub sentence_char_start: Option<usize>,
    /// Code-point end of the sentence (exclusive).
    pub sentence_char_end: Option<usize>,
    /// Code-point start of the mention in `display_text`.
    pub display_char_start: Option<usize>,
    /// Code-point end of the mention in `display_text`.
    pub display_char_end: Option<usize>,
    /// Code-point start of the sentence in `display_text`.
    pub display_sentence_char_start: Option<usize>,
    /// Code-point end of the sentence in `display_text`.
    pub display_sentence_char_end: Option<usize>,
    /// The tone toward the country at this mention.
    pub tone: Option<Tone>,
}

/// A post of the window, with its contribution and the mentions that carry it.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedPost {
    /// Its part in the change.
    #[serde(flatten)]
    pub post: PostContribution,
    /// Its address, when known.
    pub url: Option<String>,
    /// The text as stored (untrusted: escape it where it is shown).
    pub text: String,
    /// The text to show people: HTML entities decoded once, mojibake repaired.
    pub display_text: String,
    /// The counted mentions of the country, in text order.
    pub evidence: Vec<Evidence>,
}

/// What moved a country's index between the baseline and the window.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// ISO 3166-1 alpha-3 code.
    pub country: &'static str,
    /// English name.
    pub name: &'static str,
    /// The window explained.
    pub window: Days,
    /// The baseline it is compared with.
    pub baseline: Days,
    /// How a contribution is defined ([`DEFINITION`]).
    pub definition: &'static str,
    /// Each document's weight in the index.
    pub weight: &'static str,
    /// Whether leaders' mentions counted (`include`/`exclude`).
    pub leaders: &'static str,
    /// Whose voice counted (`all`, `foreign`, `domestic`, `unknown`).
    pub voice: &'static str,
    /// What counted in the window and what was left out.
    pub window_counting: Tally,
    /// The index over the baseline (0 when it has no posts).
    pub baseline_index: f64,
    /// The index over the window (`null` when it has no posts).
    pub window_index: Option<f64>,
    /// `window_index − baseline_index` (`null` when the window has no posts).
    pub change: Option<f64>,
    /// Posts in the baseline.
    pub baseline_docs: u64,
    /// Posts in the window.
    pub window_docs: u64,
    /// The `top` actors, most contributing first.
    pub actors: Vec<ActorContribution>,
    /// The `top` posts, most contributing first.
    pub posts: Vec<ExplainedPost>,
}

/// Answers an explain question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let alpha3 = req.country.alpha3;
    let q = |(from, to): Window| ObsQuery {
        country: alpha3.to_owned(),
        from: Some(from),
        to: Some(to),
    };
    let (win_obs, tally) = req.counting.apply(store.observations(&q(req.window))?);
    let base_obs = req.counting.filter(store.observations(&q(req.baseline))?);
    let mut attr = attribute(&win_obs, &base_obs);
    attr.actors.truncate(req.top);
    let mut posts = Vec::new();
    for post in attr.posts.drain(..).take(req.top) {
        let Some(doc) = store.doc(post.doc_id)? else { continue };
        let (author, date) = (doc.raw.author.clone(), post.time.date_naive());
        let text = doc.raw.text;
        let shown = Display::new(&text);
        let evidence = store
            .mentions_of_doc(post.doc_id)?
            .into_iter()
            .filter(|m| m.country.eq_ignore_ascii_case(alpha3))
            .filter(|m| {
                let why = req.counting.excluded_mention(
                    author.as_deref(),
                    date,
                    alpha3,
                    m.kind,
                    m.actor.as_deref(),
                );
                why.is_none()
            })
            .map(|m| {
                let sentence = sentence_of(&text, m.span);
                let chars = |sp: Span| sp.to_chars(&text);
                let c = chars(m.span);
                let sc = sentence.and_then(chars);
                let dc = shown.chars(m.span);
                let dsc = sentence.and_then(|sp| shown.chars(sp));
                Evidence {
                    surface: m.surface,
                    byte_start: m.span.start,
                    byte_end: m.span.end,
                    char_start: c.map(|c| c.0),
                    char_end: c.map(|c| c.1),
                    sentence: sentence.and_then(|s| s.slice(&text)).map(str::to_owned),
                    sentence_byte_start: sentence.map(|s| s.start),
                    sentence_byte_end: sentence.map(|s| s.end),
                    sentence_char_start: sc.map(|c| c.0),
                    sentence_char_end: sc.map(|c| c.1),
                    display_char_start: dc.map(|c| c.0),
                    display_char_end: dc.map(|c| c.1),
                    display_sentence_char_start: dsc.map(|c| c.0),
                    display_sentence_char_end: dsc.map(|c| c.1),
                    tone: m.tone,
                }
            })
            .collect();
        let display_text = shown.text().to_owned();
        posts.push(ExplainedPost { post, url: doc.raw.url, text, display_text, evidence });
    }
    Ok(Answer {
        country: alpha3,
        name: req.country.name_en,
        window: Days::of(req.window),
        baseline: Days::of(req.baseline),
        definition: DEFINITION,
        weight: crate::shocks::WEIGHT,
        leaders: req.counting.leaders.as_str(),
        voice: req.counting.voice.as_str(),
        window_counting: tally,
        baseline_index: attr.baseline,
        window_index: attr.window,
        change: attr.change,
        baseline_docs: attr.baseline_docs,
        window_docs: attr.window_docs,
        actors: attr.actors,
        posts,
    })
}

/// The evidence pages of a window: the counted mentions of the country in the window's
/// documents, by document (the report's tables read them).
pub fn evidence(
    store: &Store,
    alpha3: &str,
    (from, to): Window,
    counted: &[Observation],
) -> Result<BTreeMap<i64, Vec<MentionRow>>, QueryError> {
    let keep: std::collections::HashSet<i64> = counted.iter().map(|o| o.mention_id).collect();
    let page = store.mentions_page(&MentionQuery {
        country: alpha3.to_owned(),
        from: Some(from),
        to: Some(to),
        offset: 0,
        limit: u64::MAX,
    })?;
    let mut by: BTreeMap<i64, Vec<MentionRow>> = BTreeMap::new();
    for r in page.rows.into_iter().filter(|r| keep.contains(&r.mention_id)) {
        by.entry(r.doc_id).or_default().push(r);
    }
    Ok(by)
}

/// The mention that carries the post's tone most: the largest |tone|, first in the text on ties.
pub fn strongest(rows: &[MentionRow]) -> Option<&MentionRow> {
    rows.iter().filter(|r| r.tone_score.is_some()).max_by(|a, b| {
        let (x, y) = (a.tone_score.unwrap_or(0.0).abs(), b.tone_score.unwrap_or(0.0).abs());
        x.total_cmp(&y).then(b.byte_start.cmp(&a.byte_start))
    })
}
