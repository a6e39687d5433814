//! Documents as read, their provenance, and stage diagnostics.

use crate::{Event, LangGuess, Mention, Span, Tone};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a record came from: a file (or `-` for stdin) and a 1-based line or record number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// File path, URL, or `-` for standard input.
    pub path: String,
    /// 1-based line (JSONL, CSV row) or record number (array element, feed item); 0 if unknown.
    pub line: u64,
}

/// Engagement counts as reported by the platform; `None` where the platform does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Engagement {
    /// Reshares (retweets, boosts, reposts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reshares: Option<u64>,
    /// Likes (favourites).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likes: Option<u64>,
    /// Replies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replies: Option<u64>,
    /// Quotes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes: Option<u64>,
}

impl Engagement {
    /// Sum of the known counts, saturating at `u64::MAX` (counts near the top of the range
    /// are corrupt, but their sum must not wrap around to a small number).
    pub fn total(&self) -> u64 {
        [self.reshares, self.likes, self.replies, self.quotes]
            .iter()
            .flatten()
            .fold(0u64, |a, &b| a.saturating_add(b))
    }

    /// The counts that no real post has reached (above [`Engagement::PLAUSIBLE_MAX`]), by name:
    /// a corrupt or mis-mapped column; they are kept as read and flagged.
    pub fn implausible(&self) -> Vec<(&'static str, u64)> {
        [
            ("reshares", self.reshares),
            ("likes", self.likes),
            ("replies", self.replies),
            ("quotes", self.quotes),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.filter(|&v| v > Self::PLAUSIBLE_MAX).map(|v| (name, v)))
        .collect()
    }

    /// The largest count taken as plausible: ten billion (the most-liked posts ever have a few
    /// tens of millions; a count above the world's population is an error).
    pub const PLAUSIBLE_MAX: u64 = 10_000_000_000;
}

/// One post or article as read by a source, before any processing.
///
/// Identity: `(platform, native_id)` when the platform gives an id; otherwise articles are keyed
/// by canonical `url` plus a hash of `text`, which the store computes.
///
/// Serialized as JSON (the store keeps it so every derived field can be recomputed), fields that
/// are `None` are left out, and missing fields read back as `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawDoc {
    /// Platform or source family: `twitter`, `mastodon`, `bluesky`, `rss`, `web`, `file`, …
    pub platform: String,
    /// The platform's own id of the post, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub native_id: Option<String>,
    /// Canonical URL, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Author handle or id, without a leading `@`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Author display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    /// Author's follower count at collection time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_followers: Option<u64>,
    /// When the post was published (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// Title (articles, feed items).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The text as written (HTML already reduced to text for articles).
    pub text: String,
    /// The platform's own language tag: a hint, not the truth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang_hint: Option<String>,
    /// Engagement counts.
    pub engagement: Engagement,
    /// Native id of the post this one replies to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Native id of the post this one reshares (retweets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reshare_of: Option<String>,
    /// Native id of the post this one quotes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote_of: Option<String>,
    /// Where it was read from.
    pub source: SourceRef,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was repaired or guessed (mojibake fixed, language uncertain).
    Info,
    /// Something could not be done well (text empty, truncated).
    Warning,
}

/// What a total stage reports instead of failing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stage that reports it: `normalize`, `langid`, `mentions`, `tone`.
    pub stage: String,
    /// A short stable code, e.g. `mojibake-repaired`.
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// A sentence for people.
    pub message: String,
    /// Where in the original text, if it applies to a part of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A diagnostic with no span.
    pub fn new(stage: &str, code: &str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            stage: stage.to_owned(),
            code: code.to_owned(),
            severity,
            message: message.into(),
            span: None,
        }
    }

    /// The same diagnostic, tied to a span of the original text.
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
}

/// Everything the per-document stages derive from one [`RawDoc`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// The normalized text that the stages read.
    pub normalized: String,
    /// The document's language.
    pub lang: LangGuess,
    /// Country and actor mentions, each with the tone aimed at it; spans are in the original text.
    pub mentions: Vec<Mention>,
    /// The document's overall tone.
    pub tone: Tone,
    /// What the stages reported.
    pub diagnostics: Vec<Diagnostic>,
    /// Coded diplomatic actions (source → target, CAMEO code), in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Themes of each mention (parallel to `mentions`: `themes[i]` belongs to `mentions[i]`),
    /// names from the taxonomy of the actions stage (`trade`, `migration`, …). Empty when the
    /// actions stage did not run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engagement010_total_saturates_and_flags() {
        let e = |r: Option<u64>, l: Option<u64>| Engagement {
            reshares: r,
            likes: l,
            ..Engagement::default()
        };
        let rows: &[(Engagement, u64, &[&str])] = &[
            (e(None, None), 0, &[]),
            (e(Some(3), Some(4)), 7, &[]),
            (e(Some(u64::MAX), Some(1)), u64::MAX, &["reshares"]),
            (e(Some(u64::MAX), Some(u64::MAX)), u64::MAX, &["reshares", "likes"]),
            (e(Some(10_000_000_000), Some(10_000_000_001)), 20_000_000_001, &["likes"]),
        ];
        for (eng, total, flagged) in rows {
            assert_eq!(eng.total(), *total, "{eng:?}");
            let names: Vec<&str> = eng.implausible().iter().map(|x| x.0).collect();
            assert_eq!(names, *flagged, "{eng:?}");
        }
    }

    #[test]
    fn rawdoc_json_is_compact_and_roundtrips() {
        let doc = RawDoc {
            platform: "twitter".into(),
            native_id: Some("947824196909961216".into()),
            text: "Will be leaving Florida for Washington (D.C.) today".into(),
            engagement: Engagement {
                reshares: Some(8237),
                likes: Some(51473),
                ..Engagement::default()
            },
            ..RawDoc::default()
        };
        let json = serde_json::to_string(&doc).unwrap();
        assert!(!json.contains("null"), "{json}");
        assert_eq!(serde_json::from_str::<RawDoc>(&json).unwrap(), doc);
        // JSON written with every field (older stores) still reads.
        let full = r#"{"platform":"web","native_id":null,"url":null,"author":null,"author_name":null,
            "author_followers":null,"created_at":null,"title":null,"text":"x","lang_hint":null,
            "engagement":{"reshares":null,"likes":null,"replies":null,"quotes":null},
            "reply_to":null,"reshare_of":null,"quote_of":null,"source":{"path":"-","line":1}}"#;
        let old: RawDoc = serde_json::from_str(full).unwrap();
        assert_eq!(old.text, "x");
    }
}
