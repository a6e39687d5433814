//! Analytics over stored mentions: the citra index per country and period.
//!
//! The citra index of a country for a period is the reach-weighted mean of the tone aimed at that
//! country, with its positive and negative shares, a net-favourability figure comparable with a
//! survey's "favourable minus unfavourable", and a 95% interval.
//!
//! - The unit is a (document, country) pair: a document that names Mexico five times counts once
//!   for Mexico, with the mean of its mentions' tones (and each mention's label counting
//!   `1/k` of the document's vote).
//! - Each document weighs `w = 1 + ln(1 + engagement)`, where engagement is the sum of the
//!   platform's reshares, likes, replies and quotes. A post nobody saw still counts once; a post
//!   with 50,000 retweets counts about 11.8 times.
//! - `tone` is `Σ w·s / Σ w`; `positive` and `negative` are weighted shares of labels in [0, 1];
//!   `net_favourability` is `100 × (positive − negative)` in percentage points.
//! - The 95% interval uses the effective sample size `n_eff = (Σ w)² / Σ w²` and Student's t
//!   with `n_eff − 1` degrees of freedom, clamped to [-1, 1]; with a single document it is the
//!   whole range. The variance is regularised by one pseudo-observation at the variance of a
//!   uniform score on [-1, 1] (1/3), so three documents that all score 0 do not claim a
//!   zero-width interval; it weighs as one document, so it matters only for small samples.
//!
//! Diffusion and networks: [`build_cascades`] (reshare, quote and reply trees with depth, breadth,
//! structural virality and time to 50/90% of final size; [`reach_from_counts`] where a corpus has
//! counts but no ids), [`actor_leaderboard`] (posts, engagement, countries talked about, tone given
//! and received) and [`relations`] (the directed country → country graph, written by
//! [`to_graphml`] and [`to_gexf`]) read [`Post`] and [`MentionRow`] rows.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use citra_analytics::{image_index, Period};
//! use citra_model::{Lang, MentionKind, Observation, ToneLabel};
//!
//! let obs = |doc_id, day, score: f32, label| Observation {
//!     doc_id, mention_id: doc_id, time: Utc.with_ymd_and_hms(2017, 1, day, 12, 0, 0).unwrap(),
//!     country: "MEX".into(), score, label, confidence: 0.8, engagement: 0,
//!     lang: Lang::Eng, author: Some("realDonaldTrump".into()), kind: MentionKind::Name,
//!     actor: None,
//! };
//! let rows = vec![
//!     obs(1, 26, -0.6, ToneLabel::Negative), // "Mexico has taken advantage of the U.S. for long enough"
//!     obs(2, 26, 0.0, ToneLabel::Neutral),
//! ];
//! let index = image_index(&rows, Period::Day);
//! assert_eq!(index.len(), 1);
//! assert_eq!(index[0].docs, 2);
//! assert!((index[0].tone + 0.3).abs() < 1e-6);
//! assert_eq!(index[0].net_favourability, -50.0);
//! ```
#![deny(missing_docs)]

mod actors;
mod attribution;
mod campaign;
mod cascades;
mod index;
mod period;
mod reactions;
mod relations;
mod rows;
mod shocks;
mod stats;

pub use actors::{
    ActorSort, ActorStats, CountryTone, RegistryActor, ToneReceived, TopPost, actor_leaderboard,
    actor_leaderboard_at, doc_tones, snippet, top_posts_about,
};
pub use attribution::{ActorContribution, Attribution, PostContribution, attribute, sentence_of};
pub use campaign::{CampaignCell, CampaignReport, Estimate, TopicMatcher, campaign, fold};
pub use cascades::{
    Cascade, CascadeOptions, CascadeSet, CountReach, LinkCounts, LinkKind, TreeStats,
    build_cascades, reach_from_counts, time_to_share, tree_stats,
};
pub use index::{IndexPoint, PRIOR_VAR, doc_weight, image_index, image_index_by};
pub use period::{Period, PeriodError};
pub use reactions::{
    About, Act, DEFAULT_BASELINE_DAYS, DEFAULT_MIN_TONE, DEFAULT_WITHIN_H, How, Level,
    NEUTRAL_BAND, Official, Reaction, ReactionPost, Recovered, Recovery, reactions, recovery,
};
pub use relations::{
    CoMention, DyadActions, Edge, Node, RelationGraph, RelationOptions, add_actions, co_mentions,
    relations, relations_by, to_gexf, to_graphml, xml_escape,
};
pub use rows::{MentionRow, Post};
pub use shocks::{
    Penalty, PenaltyError, Segment, Shock, ShockOptions, ShockReport, detect_shocks, pelt,
};
pub use stats::{t_quantile_975, weighted_mean_ci};
