//! The document as read ([`RawDoc`]), kept so that everything derived can be recomputed.
//!
//! Its fields are the columns of `docs` (platform … source line). `raw_json` holds the whole
//! `RawDoc` as JSON only where the columns would not give it back exactly: an id or URL with
//! spaces around it or empty (the columns hold them trimmed, or NULL, for the identity
//! indexes), a count above SQLite's integers, a time outside the years 0–9999. Elsewhere it is
//! `''` (from schema version 6; older rows keep their JSON, which is read as before). Writing
//! the JSON of every post was a quarter of a store's size and of a bulk load's writes.

use crate::{key, time, uint};
use chrono::Datelike;
use citra_model::{Engagement, RawDoc, SourceRef};
use rusqlite::Row;

/// The columns [`from_row`] reads, in its order.
pub(crate) const COLUMNS: &str = "raw_json, platform, native_id, url, author, author_name, \
    author_followers, created_at, title, text, lang_hint, reshares, likes, replies, quotes, \
    reply_to, reshare_of, quote_of, source_path, source_line";

/// Whether the columns give `doc` back exactly, so that its JSON need not be kept.
pub(crate) fn reproducible(doc: &RawDoc) -> bool {
    let exact_id = |s: &Option<String>| match s {
        Some(s) => key::nonempty(Some(s)) == Some(s.as_str()),
        None => true,
    };
    let fits = |n: Option<u64>| n.is_none_or(|n| n <= i64::MAX as u64);
    let e = &doc.engagement;
    exact_id(&doc.native_id)
        && exact_id(&doc.url)
        && fits(doc.author_followers)
        && [e.reshares, e.likes, e.replies, e.quotes].into_iter().all(fits)
        && fits(Some(doc.source.line))
        && doc.created_at.is_none_or(|t| (0..=9999).contains(&t.year()))
}

/// The `raw_json` to store for `doc`: `''` when [`reproducible`], else its JSON.
pub(crate) fn json_to_keep(doc: &RawDoc) -> serde_json::Result<String> {
    if reproducible(doc) { Ok(String::new()) } else { serde_json::to_string(doc) }
}

/// The document of a row whose columns from `at` on are [`COLUMNS`]; `Ok(Err(what))` when the
/// stored data cannot be read (unreadable JSON or time), saying what.
pub(crate) fn from_row(r: &Row<'_>, at: usize) -> rusqlite::Result<Result<RawDoc, String>> {
    let json: String = r.get(at)?;
    if !json.is_empty() {
        return Ok(serde_json::from_str(&json).map_err(|e| format!("unreadable raw_json ({e})")));
    }
    let count = |i: usize| -> rusqlite::Result<Option<u64>> {
        Ok(r.get::<_, Option<i64>>(at + i)?.map(uint))
    };
    let created: Option<String> = r.get(at + 7)?;
    let created_at = match created {
        None => None,
        Some(s) => match time::from_db(&s) {
            Some(t) => Some(t),
            None => return Ok(Err(format!("unreadable created_at {s:?}"))),
        },
    };
    Ok(Ok(RawDoc {
        platform: r.get(at + 1)?,
        native_id: r.get(at + 2)?,
        url: r.get(at + 3)?,
        author: r.get(at + 4)?,
        author_name: r.get(at + 5)?,
        author_followers: count(6)?,
        created_at,
        title: r.get(at + 8)?,
        text: r.get(at + 9)?,
        lang_hint: r.get(at + 10)?,
        engagement: Engagement {
            reshares: count(11)?,
            likes: count(12)?,
            replies: count(13)?,
            quotes: count(14)?,
        },
        reply_to: r.get(at + 15)?,
        reshare_of: r.get(at + 16)?,
        quote_of: r.get(at + 17)?,
        source: SourceRef { path: r.get(at + 18)?, line: uint(r.get(at + 19)?) },
    }))
}
