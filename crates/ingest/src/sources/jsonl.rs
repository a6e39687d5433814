//! Generic JSON Lines: one object per line (or one top-level array of objects), fields named by
//! a [`ColumnMap`] or recognised by common names.

use super::mapped::{RecordCtx, TWITTER_COLUMNS, build};
use super::{ArrayElements, Lines, Records, json_str, parse_json};
use crate::columns::{ColumnMap, Field};
use crate::input::Stream;
use crate::report::Shared;
use crate::{Record, RecordError};
use serde_json::{Map, Value};
use std::io::BufRead;

pub(crate) fn read(path: String, mut stream: Stream, map: ColumnMap, shared: Shared) -> Records {
    let p = path.clone();
    let mut first = true;
    let mut read = move |n: u64, raw: &str| record(&p, n, raw, &map, &shared, &mut first);
    if stream_is_array(&mut stream) {
        Box::new(
            ArrayElements::new(path, stream).map(move |r| r.and_then(|(n, raw)| read(n, &raw))),
        )
    } else {
        Box::new(
            Lines::new(path, stream)
                .filter(|r| !matches!(r, Ok((_, l)) if l.trim().is_empty()))
                .map(move |r| r.and_then(|(n, raw)| read(n, &raw))),
        )
    }
}

/// Whether the stream's first non-blank byte opens an array.
pub(super) fn stream_is_array(stream: &mut Stream) -> bool {
    match stream.fill_buf() {
        Ok(buf) => {
            let buf = buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(buf);
            buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
        }
        Err(_) => false,
    }
}

fn record(
    path: &str,
    line: u64,
    raw: &str,
    map: &ColumnMap,
    shared: &Shared,
    first: &mut bool,
) -> Record {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let value = parse_json(path, line, raw)?;
    let Value::Object(obj) = value else {
        return Err(RecordError::new(path, line, "expected a JSON object", raw));
    };
    let text_key = key_for(&obj, map, Field::Text);
    let date_key = key_for(&obj, map, Field::CreatedAt);
    if std::mem::take(first) {
        // The first object's keys stand for the file's in messages.
        let keys = obj.keys().cloned().collect();
        shared.with(|r| {
            r.columns = Some(keys);
            r.date_column.clone_from(&date_key);
        });
    }
    let explicit_date = map.get(Field::CreatedAt);
    let raw_text = || raw.to_owned();
    let ctx = RecordCtx {
        path,
        line,
        raw: &raw_text,
        text_column: text_key.as_deref().or(map.get(Field::Text)),
        date_column: date_key.as_deref().or(explicit_date),
        default_platform: if TWITTER_COLUMNS.iter().any(|c| obj.contains_key(*c)) {
            "twitter"
        } else {
            "file"
        },
    };
    let parts = date_parts(&obj);
    let mut get = |f: Field| -> Option<String> {
        let key = key_for(&obj, map, f)?;
        json_str(lookup(&obj, &key))
    };
    build(&ctx, &mut get, parts)
}

/// The key (or dotted path) that holds `field` in this object: the mapped one if the map
/// names one (even when absent, so messages name it), else the first common name present.
fn key_for(obj: &Map<String, Value>, map: &ColumnMap, field: Field) -> Option<String> {
    if let Some(k) = map.get(field) {
        return Some(k.to_owned());
    }
    for cand in field.default_columns() {
        if lookup(obj, cand).is_some_and(|v| !v.is_object()) {
            return Some((*cand).to_owned());
        }
    }
    for cand in field.default_columns() {
        if let Some(k) = obj.keys().find(|k| k.eq_ignore_ascii_case(cand)) {
            return Some(k.clone());
        }
    }
    None
}

/// A key, or a dotted path into nested objects (`user.screen_name`).
fn lookup<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if let Some(v) = obj.get(key) {
        return Some(v);
    }
    let mut parts = key.split('.');
    let mut cur = obj.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}

/// Split date fields (Tanggal/Bulan/Tahun/Jam), when all of day, month and year are there.
fn date_parts(obj: &Map<String, Value>) -> Option<[String; 4]> {
    let get = |name: &str| {
        obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| json_str(Some(v)))
    };
    Some([get("tanggal")?, get("bulan")?, get("tahun")?, get("jam").unwrap_or_default()])
}
