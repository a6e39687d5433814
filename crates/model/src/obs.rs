//! One stored mention as the analytics read it.

use crate::{Lang, ToneLabel};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One mention of a target country with the tone aimed at it, as the analytics read it from the
/// store: the unit the citra index averages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// Store id of the document.
    pub doc_id: i64,
    /// Store id of the mention.
    pub mention_id: i64,
    /// When the document was published (UTC).
    pub time: DateTime<Utc>,
    /// Target country, ISO 3166-1 alpha-3.
    pub country: String,
    /// Tone toward the country, in [-1, 1].
    pub score: f32,
    /// Label of that tone.
    pub label: ToneLabel,
    /// Confidence of that tone, in [0, 1].
    pub confidence: f32,
    /// Engagement total of the document (reshares + likes + replies + quotes).
    pub engagement: u64,
    /// Language of the document.
    pub lang: Lang,
    /// Author handle, if known.
    pub author: Option<String>,
}
