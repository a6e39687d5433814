//! Campaign: a country's index inside a topic against outside it, before and after a date, with
//! the difference-in-differences (see `citra_analytics::campaign` for the matching rules and
//! the estimates). `citra campaign`, `GET /api/v1/campaigns`.

use crate::error::QueryError;
use crate::params::{Params, Range};
use chrono::{DateTime, NaiveDate, Utc};
use citra_analytics::{CampaignCell, Estimate, TopicMatcher, campaign};
use citra_mentions::Country;
use citra_pipeline::counting::{Authors, Counting};
use citra_store::{MentionQuery, ObsQuery, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A campaign question.
#[derive(Debug, Clone)]
pub struct Request {
    /// The country.
    pub country: &'static Country,
    /// The topic's terms (`topic`, required: words, phrases or hashtags separated by commas).
    pub topic: TopicMatcher,
    /// Days of the posts (`from`, `to`).
    pub range: Range,
    /// Split before and after this day, which counts as after (`at`); no split when absent.
    pub at: Option<DateTime<Utc>>,
    /// What counts (`leaders`, `voice`, the face's author table).
    pub counting: Counting,
}

impl Request {
    /// The question from its parameters: `country` and `topic` (required), `from`, `to`, `at`,
    /// `leaders`, `voice`.
    pub fn from_params(p: &Params, authors: Option<Arc<Authors>>) -> Result<Request, QueryError> {
        Ok(Request {
            country: p.country()?,
            topic: p.topic()?,
            range: p.range()?,
            at: p.at()?,
            counting: p.counting(authors)?,
        })
    }
}

/// A country's index inside and outside a topic.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// ISO 3166-1 alpha-3 code.
    pub country: &'static str,
    /// English name.
    pub name: &'static str,
    /// The topic's terms as matched: folded words joined by spaces, hashtags without `#`,
    /// sorted.
    pub topic: Vec<String>,
    /// The day that splits before from after (it counts as after), when asked.
    pub at: Option<NaiveDate>,
    /// Each document's weight in the index ([`crate::image::WEIGHT`]).
    pub weight: &'static str,
    /// Cells: inside the topic, then outside; each for all the posts, or before then after
    /// `at`.
    pub cells: Vec<CampaignCell>,
    /// `inside − outside` tone per period (one without `at`; before, after with it); `null`
    /// where a side has no documents.
    pub gaps: Vec<Option<Estimate>>,
    /// The difference-in-differences `(inside − outside) after − (inside − outside) before`,
    /// with `at` when all four cells have documents; else `null`.
    pub did: Option<Estimate>,
}

impl Answer {
    /// Documents in every cell.
    pub fn docs(&self) -> u64 {
        self.cells.iter().map(|c| c.docs).sum()
    }

    /// Documents inside the topic.
    pub fn topic_docs(&self) -> u64 {
        self.cells.iter().filter(|c| c.inside).map(|c| c.docs).sum()
    }
}

/// Answers a campaign question from the store (a heavy query: it reads the texts of every
/// post about the country in the range).
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let (from, to) = req.range;
    let country = req.country.alpha3.to_owned();
    let obs = store.observations(&ObsQuery { country: country.clone(), from, to })?;
    let obs = req.counting.filter(obs);
    let page =
        store.mentions_page(&MentionQuery { country, from, to, offset: 0, limit: u64::MAX })?;
    let mut inside: BTreeMap<i64, bool> = BTreeMap::new();
    for r in &page.rows {
        inside.entry(r.doc_id).or_insert_with(|| req.topic.matches(&r.text));
    }
    let report = campaign(&obs, |o| inside.get(&o.doc_id).copied().unwrap_or(false), req.at);
    Ok(Answer {
        country: req.country.alpha3,
        name: req.country.name_en,
        topic: req.topic.terms(),
        at: req.at.map(|t| t.date_naive()),
        weight: crate::image::WEIGHT,
        cells: report.cells,
        gaps: report.gaps,
        did: report.did,
    })
}
