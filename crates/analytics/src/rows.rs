//! The rows that the cascade, actor and relation analytics read: one per post, one per mention.
//!
//! They live in `citra-model`, like [`citra_model::Observation`], so that the store returns them
//! as they are and the analytics depend on nothing but `citra-model`.

pub use citra_model::{MentionRow, Post};
