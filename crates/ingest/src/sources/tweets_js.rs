//! The account archive's `tweets.js`: `window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]`,
//! whose tweets are v1.1-like (string ids and counts, `full_text`, no `user`: the archive's
//! own account is the author, and the file does not name it). The same objects one per line
//! (a conversion to JSON Lines) read alike.

use super::{Records, elements, parse_json, twitter};
use crate::RecordError;
use serde_json::Value;

pub(crate) fn read(path: String, stream: crate::input::Stream) -> Records {
    let p = path.clone();
    Box::new(elements(path, stream).map(move |r| {
        let (n, raw) = r?;
        let v = parse_json(&p, n, &raw)?;
        let tweet = v.get("tweet").unwrap_or(&v);
        match tweet {
            Value::Object(t) => twitter::v1(&p, n, &raw, t, "twitter"),
            _ => Err(RecordError::new(&p, n, "expected {\"tweet\": {...}}", &raw)),
        }
    }))
}
