//! Shocks: the change points of a country's citra index (PELT; see
//! `citra_analytics::detect_shocks`). `citra shocks`, `GET /api/v1/shocks`, the report.

use crate::error::QueryError;
use crate::params::{Params, Range};
use citra_analytics::{Segment, Shock, ShockOptions, detect_shocks};
use citra_mentions::Country;
use citra_pipeline::counting::{Authors, Counting, Tally};
use citra_store::{ObsQuery, Store};
use serde::Serialize;
use std::sync::Arc;

/// How the method is named in the answer: what `detect_shocks` does.
pub const METHOD: &str = "PELT (Killick, Fearnhead & Eckley 2012): change in mean of the \
    reach-weighted tone, Gaussian cost with the precision n_eff of each bin and the pooled \
    within-bin variance of a document's tone as dispersion";

/// How each document is weighted in the index.
pub const WEIGHT: &str = "1 + ln(1 + engagement)";

/// The most change points `top` may ask for.
pub const MAX_TOP: u64 = 1000;

/// A shocks question.
#[derive(Debug, Clone)]
pub struct Request {
    /// The country.
    pub country: &'static Country,
    /// Days of the series (`from`, `to`).
    pub range: Range,
    /// Period, least mentions per bin, penalty (`by`, default week; `min_mentions`, default 5;
    /// `penalty`, default bic).
    pub options: ShockOptions,
    /// Keep only the `top` largest change points (by the size of the change), in time order.
    pub top: Option<usize>,
    /// What counts (`leaders`, `voice`, the face's author table).
    pub counting: Counting,
}

impl Request {
    /// The question from its parameters: `country` (required), `from`, `to`, `by`,
    /// `min_mentions`, `penalty`, `top`, `leaders`, `voice`.
    pub fn from_params(p: &Params, authors: Option<Arc<Authors>>) -> Result<Request, QueryError> {
        let defaults = ShockOptions::default();
        Ok(Request {
            country: p.country()?,
            range: p.range()?,
            options: ShockOptions {
                period: p.series_period(defaults.period)?,
                min_mentions: p.min_mentions(defaults.min_mentions)?,
                penalty: p.penalty()?,
            },
            top: p.top_opt(MAX_TOP)?,
            counting: p.counting(authors)?,
        })
    }
}

/// The change points of one country's index.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// ISO 3166-1 alpha-3 code.
    pub country: &'static str,
    /// English name.
    pub name: &'static str,
    /// The method, in words ([`METHOD`]).
    pub method: &'static str,
    /// Each document's weight ([`WEIGHT`]).
    pub weight: &'static str,
    /// `day`, `week` or `month`.
    pub period: &'static str,
    /// Least mentions per bin: sparser periods are pooled with the next ones.
    pub min_mentions: u64,
    /// The penalty per change point used (BIC: 2 ln B for B bins).
    pub penalty: f64,
    /// The dispersion used: the pooled within-bin variance of a document's tone.
    pub dispersion: f64,
    /// The between-bin estimate from first differences (squared MAD), for comparison: well
    /// above `dispersion`, the index drifts more than sampling noise explains.
    pub drift_dispersion: f64,
    /// Bins after pooling.
    pub bins: usize,
    /// Documents in the series.
    pub docs: u64,
    /// Change points, in time order (the `top` largest when asked).
    pub shocks: Vec<Shock>,
    /// Segments between change points, in time order.
    pub segments: Vec<Segment>,
    /// What counted and what was left out (shown by the CLI; not part of the JSON).
    #[serde(skip)]
    pub tally: Tally,
}

/// Answers a shocks question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let obs = store.observations(&ObsQuery {
        country: req.country.alpha3.to_owned(),
        from: req.range.0,
        to: req.range.1,
    })?;
    let (obs, tally) = req.counting.apply(obs);
    let mut report = detect_shocks(&obs, &req.options);
    if let Some(n) = req.top {
        report.shocks.sort_by(|a, b| b.size.abs().total_cmp(&a.size.abs()));
        report.shocks.truncate(n);
        report.shocks.sort_by_key(|s| s.date);
    }
    Ok(Answer {
        country: req.country.alpha3,
        name: req.country.name_en,
        method: METHOD,
        weight: WEIGHT,
        period: req.options.period.as_str(),
        min_mentions: req.options.min_mentions,
        penalty: report.penalty,
        dispersion: report.dispersion,
        drift_dispersion: report.drift_dispersion,
        bins: report.bins,
        docs: report.docs,
        shocks: report.shocks,
        segments: report.segments,
        tally,
    })
}
