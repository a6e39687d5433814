//! The condensed Trump Twitter Archive: one JSON array of
//! `{source, id_str, text, created_at, retweet_count, in_reply_to_user_id_str,
//! favorite_count, is_retweet}`, or the same objects one per line (a conversion to JSON Lines).
//! The archive holds one account's posts, `realDonaldTrump`.
//!
//! Texts are kept as the archive has them (HTML entities such as `&amp;` included).
//! `in_reply_to_user_id_str` names a user, not a post, so `reply_to` stays empty.

use super::{Records, elements, json_id, json_str, json_u64, parse_json};
use crate::date::{DATE_FORMATS_HELP, parse_date};
use crate::{RawDoc, RecordError, SourceRef};
use citra_model::Engagement;

/// The archive's account.
pub(crate) const AUTHOR: &str = "realDonaldTrump";

pub(crate) fn read(path: String, stream: crate::input::Stream) -> Records {
    let p = path.clone();
    Box::new(elements(path, stream).map(move |r| {
        let (n, raw) = r?;
        let v = parse_json(&p, n, &raw)?;
        let reject = |reason: String| RecordError::new(&p, n, reason, &raw);
        if !v.is_object() {
            return Err(reject("expected a JSON object".to_owned()));
        }
        let text =
            json_str(v.get("text")).ok_or_else(|| reject("text: missing or empty".into()))?;
        let date = json_str(v.get("created_at"))
            .ok_or_else(|| reject("created_at: missing or empty".into()))?;
        let created_at = parse_date(&date).ok_or_else(|| {
            reject(format!(
                "created_at: cannot parse '{}' (expected {DATE_FORMATS_HELP})",
                crate::truncate(&date, 100)
            ))
        })?;
        Ok(RawDoc {
            platform: "twitter".to_owned(),
            native_id: json_id(v.get("id_str")),
            author: Some(AUTHOR.to_owned()),
            created_at: Some(created_at),
            text,
            engagement: Engagement {
                reshares: json_u64(v.get("retweet_count")),
                likes: json_u64(v.get("favorite_count")),
                replies: None,
                quotes: None,
            },
            source: SourceRef { path: p.clone(), line: n },
            ..RawDoc::default()
        })
    }))
}
