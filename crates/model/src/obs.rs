//! Rows that the store produces and the analytics read: one per mention (`Observation`,
//! `MentionRow`) or one per post (`Post`).

use crate::{Engagement, Lang, MentionKind, ToneLabel};
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
    /// How the mention refers to the country (a name, a leader, a handle, …).
    #[serde(default)]
    pub kind: MentionKind,
    /// Registry id of the actor the mention names, if any (e.g. `usa-trump`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
}

/// One stored post as the cascade and actor analytics read it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Post {
    /// Store id of the document.
    pub id: i64,
    /// Platform (`twitter`, `mastodon`, …): native ids are unique per platform.
    pub platform: String,
    /// The platform's own id of the post, if any.
    pub native_id: Option<String>,
    /// Author handle, if known.
    pub author: Option<String>,
    /// Publication time, if known.
    pub time: Option<DateTime<Utc>>,
    /// Language of the document.
    pub lang: Lang,
    /// Native id of the post it replies to.
    pub reply_to: Option<String>,
    /// Native id of the post it reshares.
    pub reshare_of: Option<String>,
    /// Native id of the post it quotes.
    pub quote_of: Option<String>,
    /// The text as written (used only to infer reshare links and for snippets; may be empty).
    pub text: String,
    /// Engagement counts as the platform reported them.
    pub engagement: Engagement,
    /// Countries (alpha-3) the document mentions, each once.
    pub countries: Vec<String>,
}

/// One stored mention of a country with the document facts the actor and relation analytics need.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRow {
    /// Store id of the document.
    pub doc_id: i64,
    /// Author handle of the document, if known.
    pub author: Option<String>,
    /// Publication time of the document.
    pub time: DateTime<Utc>,
    /// Target country, ISO 3166-1 alpha-3.
    pub country: String,
    /// Registry id of the actor named, when the mention names an actor (e.g. `usa-trump`).
    pub actor: Option<String>,
    /// Tone toward the target, in [-1, 1] (`None` when the tone stage did not score it).
    pub score: Option<f32>,
    /// Label of that tone.
    pub label: ToneLabel,
    /// Engagement total of the document.
    pub engagement: u64,
}
