//! What each source commits with its posts, as JSON in the store's `cursors` table.
//!
//! A paged source (Bluesky, Mastodon) reads newest-first. A *pass* starts at the top and pages
//! back until it reaches a post older than the newest one an earlier pass covered (`stop_at`),
//! the end of the history, or the `since` date; then `newest` moves up to the pass's top. Each
//! page is committed with the pass's cursor, so a pass cut short resumes where it stood, and
//! posts already stored (the page read again after a kill) are duplicates, stored once.

use serde::{Deserialize, Serialize};

/// The state of a paged source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagedState {
    /// The sort key of the newest post a finished pass covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest: Option<String>,
    /// The pass in progress, if one was cut short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<Pass>,
    /// What the source resolved once and keeps (a Mastodon account id for a handle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
}

/// A pass in progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pass {
    /// The cursor of the next page to read (`None`: the top).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Items older than this were covered by an earlier pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_at: Option<String>,
    /// The newest item this pass has seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<String>,
    /// Pages this pass has committed.
    #[serde(default)]
    pub pages: u64,
}

/// The state of a polled feed: its validators for the next conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedState {
    /// The `ETag` of the last full response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Its `Last-Modified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// The state of a stream (Jetstream).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamState {
    /// The `time_us` of the last event committed; the stream resumes from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_us: Option<i64>,
}

/// A state read back: the default when there is none or it does not parse (an older citra's
/// state is started over; the store's keys keep that from storing anything twice).
pub fn read<T: Default + for<'de> Deserialize<'de>>(json: Option<&str>) -> T {
    json.and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default()
}

/// A state as the JSON that is committed.
pub fn write<T: Serialize>(state: &T) -> String {
    serde_json::to_string(state).unwrap_or_else(|_| "{}".to_owned())
}
