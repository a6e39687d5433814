//! X/Twitter API JSON: v1.1 tweet objects and v2 tweets, one per line, in an array, or as v2
//! pages `{"data":[...],"includes":{"users":[...]}}` (one per line, or one pretty-printed).

use super::jsonl::stream_is_array;
use super::{ArrayElements, Lines, Records, json_id, json_str, json_u64, parse_json, read_all};
use crate::date::{DATE_FORMATS_HELP, parse_date};
use crate::input::Stream;
use crate::{RawDoc, Record, RecordError, SourceRef};
use citra_model::Engagement;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::BufRead;

pub(crate) fn read(path: String, mut stream: Stream) -> Records {
    if stream_is_array(&mut stream) {
        let p = path.clone();
        return Box::new(ArrayElements::new(path, stream).flat_map(move |r| match r {
            Ok((n, raw)) => value_records(&p, n, &raw),
            Err(e) => vec![Err(e)],
        }));
    }
    if !first_line_is_complete(&mut stream) {
        return whole_document(path, stream);
    }
    let p = path.clone();
    Box::new(
        Lines::new(path, stream)
            .filter(|r| !matches!(r, Ok((_, l)) if l.trim().is_empty()))
            .flat_map(move |r| match r {
                Ok((n, raw)) => value_records(&p, n, &raw),
                Err(e) => vec![Err(e)],
            }),
    )
}

/// Whether the first non-blank line parses as JSON on its own (JSONL), as opposed to a
/// pretty-printed document.
fn first_line_is_complete(stream: &mut Stream) -> bool {
    let Ok(buf) = stream.fill_buf() else { return true };
    let start = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
    let rest = buf.get(start..).unwrap_or_default();
    match rest.iter().position(|b| *b == b'\n') {
        Some(end) => serde_json::from_slice::<Value>(rest.get(..end).unwrap_or_default()).is_ok(),
        // No line end in the whole buffer: one long line (JSONL), unless the input is that short.
        None => rest.len() >= 32 * 1024 || serde_json::from_slice::<Value>(rest).is_ok(),
    }
}

/// A pretty-printed page or a stream of pretty-printed values: read whole.
fn whole_document(path: String, stream: Stream) -> Records {
    let text = match read_all(&path, stream) {
        Ok(t) => t,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    let mut out = Vec::new();
    let mut values = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
    let mut n = 0;
    loop {
        let start = values.byte_offset();
        match values.next() {
            None => break,
            Some(Ok(v)) => {
                n += 1;
                let raw = text.get(start..values.byte_offset()).unwrap_or("");
                out.extend(records_of(&path, n, raw, &v));
            }
            Some(Err(e)) => {
                n += 1;
                let raw = text.get(start..).unwrap_or("");
                out.push(Err(RecordError::new(&path, n, format!("invalid JSON: {e}"), raw)));
                break;
            }
        }
    }
    Box::new(out.into_iter())
}

fn value_records(path: &str, n: u64, raw: &str) -> Vec<Record> {
    match parse_json(path, n, raw) {
        Ok(v) => records_of(path, n, raw, &v),
        Err(e) => vec![Err(e)],
    }
}

/// The records of one JSON value: a v2 page, a v1.1 tweet or a v2 tweet.
fn records_of(path: &str, n: u64, raw: &str, v: &Value) -> Vec<Record> {
    let Some(obj) = v.as_object() else {
        return vec![Err(RecordError::new(path, n, "expected a JSON object", raw))];
    };
    if let Some(data) = obj.get("data") {
        let users = users_by_id(obj.get("includes"));
        let tweets: Vec<&Value> = match data {
            Value::Array(a) => a.iter().collect(),
            Value::Object(_) => vec![data],
            _ => vec![],
        };
        return tweets
            .into_iter()
            .map(|t| {
                let raw_t = t.to_string();
                match t.as_object() {
                    Some(t) => v2(path, n, &raw_t, t, &users),
                    None => Err(RecordError::new(path, n, "data: expected tweet objects", &raw_t)),
                }
            })
            .collect();
    }
    if !obj.contains_key("text") && STREAM_NOTICES.iter().any(|k| obj.contains_key(*k)) {
        return vec![];
    }
    if obj.contains_key("id_str") || obj.contains_key("user") || obj.contains_key("full_text") {
        vec![v1(path, n, raw, obj, "twitter")]
    } else {
        vec![v2(path, n, raw, obj, &HashMap::new())]
    }
}

/// Streaming API notices that are not posts: skipped, not rejected.
const STREAM_NOTICES: &[&str] = &[
    "delete",
    "limit",
    "scrub_geo",
    "status_withheld",
    "user_withheld",
    "disconnect",
    "warning",
    "friends",
    "event",
];

/// v2 `includes.users`, keyed by id.
fn users_by_id(includes: Option<&Value>) -> HashMap<String, Map<String, Value>> {
    let mut out = HashMap::new();
    let users = includes.and_then(|i| i.get("users")).and_then(Value::as_array);
    for u in users.into_iter().flatten() {
        if let (Some(id), Some(o)) = (json_str(u.get("id")), u.as_object()) {
            out.insert(id, o.clone());
        }
    }
    out
}

/// The date of a tweet: required, and must parse.
fn date(
    path: &str,
    n: u64,
    raw: &str,
    v: Option<&Value>,
) -> Result<chrono::DateTime<chrono::Utc>, RecordError> {
    let s = json_str(v)
        .ok_or_else(|| RecordError::new(path, n, "created_at: missing or empty", raw))?;
    parse_date(&s).ok_or_else(|| {
        RecordError::new(
            path,
            n,
            format!(
                "created_at: cannot parse '{}' (expected {DATE_FORMATS_HELP})",
                crate::truncate(&s, 100)
            ),
            raw,
        )
    })
}

/// A v1.1 tweet (also the tweets of the account archive).
pub(super) fn v1(path: &str, n: u64, raw: &str, t: &Map<String, Value>, platform: &str) -> Record {
    let text = t
        .get("extended_tweet")
        .and_then(|e| e.get("full_text"))
        .or_else(|| t.get("full_text"))
        .or_else(|| t.get("text"))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            RecordError::new(path, n, "text: missing or empty (full_text, text)", raw)
        })?;
    let created_at = date(path, n, raw, t.get("created_at"))?;
    let user = t.get("user");
    Ok(RawDoc {
        platform: platform.to_owned(),
        native_id: json_id(t.get("id_str")).or_else(|| json_id(t.get("id"))),
        url: None,
        author: json_str(user.and_then(|u| u.get("screen_name")))
            .or_else(|| json_str(user.and_then(|u| u.get("id_str")))),
        author_name: json_str(user.and_then(|u| u.get("name"))),
        author_followers: json_u64(user.and_then(|u| u.get("followers_count"))),
        created_at: Some(created_at),
        title: None,
        text: text.to_owned(),
        lang_hint: json_str(t.get("lang")).filter(|l| l != "und"),
        engagement: Engagement {
            reshares: json_u64(t.get("retweet_count")),
            likes: json_u64(t.get("favorite_count")),
            replies: json_u64(t.get("reply_count")),
            quotes: json_u64(t.get("quote_count")),
        },
        reply_to: json_id(t.get("in_reply_to_status_id_str"))
            .or_else(|| json_id(t.get("in_reply_to_status_id"))),
        reshare_of: t
            .get("retweeted_status")
            .and_then(|r| json_id(r.get("id_str")).or_else(|| json_id(r.get("id")))),
        quote_of: json_id(t.get("quoted_status_id_str"))
            .or_else(|| t.get("quoted_status").and_then(|q| json_id(q.get("id_str")))),
        source: SourceRef { path: path.to_owned(), line: n },
    })
}

/// A v2 tweet, with its author looked up in `users`.
fn v2(
    path: &str,
    n: u64,
    raw: &str,
    t: &Map<String, Value>,
    users: &HashMap<String, Map<String, Value>>,
) -> Record {
    let text = t
        .get("note_tweet")
        .and_then(|e| e.get("text"))
        .or_else(|| t.get("text"))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| RecordError::new(path, n, "text: missing or empty", raw))?;
    let created_at = date(path, n, raw, t.get("created_at"))?;
    let author_id = json_str(t.get("author_id"));
    let user = author_id.as_ref().and_then(|id| users.get(id));
    let metrics = t.get("public_metrics");
    let metric = |k: &str| json_u64(metrics.and_then(|m| m.get(k)));
    let referenced = |kind: &str| {
        t.get("referenced_tweets")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|r| r.get("type").and_then(Value::as_str) == Some(kind))
            .and_then(|r| json_id(r.get("id")))
    };
    Ok(RawDoc {
        platform: "twitter".to_owned(),
        native_id: json_id(t.get("id")),
        url: None,
        author: user.and_then(|u| json_str(u.get("username"))).or(author_id),
        author_name: user.and_then(|u| json_str(u.get("name"))),
        author_followers: user
            .and_then(|u| json_u64(u.get("public_metrics").and_then(|m| m.get("followers_count")))),
        created_at: Some(created_at),
        title: None,
        text: text.to_owned(),
        lang_hint: json_str(t.get("lang")).filter(|l| l != "und"),
        engagement: Engagement {
            reshares: metric("retweet_count"),
            likes: metric("like_count"),
            replies: metric("reply_count"),
            quotes: metric("quote_count"),
        },
        reply_to: referenced("replied_to"),
        reshare_of: referenced("retweeted"),
        quote_of: referenced("quoted"),
        source: SourceRef { path: path.to_owned(), line: n },
    })
}
