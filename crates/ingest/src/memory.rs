//! Reading JSON Lines that are already in memory (an HTTP request body, a test string).

use crate::input::Stream;
use crate::{IngestOptions, Record};
use std::io::Cursor;

/// Reads generic JSON Lines (one object per line, or one top-level array of objects) from
/// `bytes`, as [`open`](crate::open) reads a `.jsonl` file: the same field names, the same
/// [`ColumnMap`](crate::ColumnMap) from `opts`, the same [`RecordError`](crate::RecordError)s
/// for malformed lines (numbered from 1, with `source_name` as their path), and the platform
/// override of `opts`. `opts.format` is ignored: the bytes are always read as JSON Lines.
///
/// ```
/// use citra_ingest::{IngestOptions, read_jsonl_bytes};
/// let body = concat!(
///     r#"{"id":"1","text":"Indonesia mengecam keras pengakuan sepihak Amerika Serikat"}"#, "\n",
///     "{broken\n",
/// );
/// let records: Vec<_> =
///     read_jsonl_bytes(body.as_bytes().to_vec(), "request", &IngestOptions::default()).collect();
/// assert_eq!(records.len(), 2);
/// assert_eq!(records[0].as_ref().unwrap().native_id.as_deref(), Some("1"));
/// assert_eq!(records[1].as_ref().unwrap_err().source.line, 2);
/// assert_eq!(records[1].as_ref().unwrap_err().source.path, "request");
/// ```
pub fn read_jsonl_bytes(
    bytes: Vec<u8>,
    source_name: &str,
    opts: &IngestOptions,
) -> impl Iterator<Item = Record> + Send + use<> {
    // JSON must be UTF-8 (RFC 8259): a record whose bytes are not is rejected with its reason,
    // never stored with its letters replaced (files are decoded with their detected encoding
    // instead; a request body has no file to sniff).
    let bad = not_utf8(&bytes);
    let is_array = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    let stream: Stream = Box::new(Cursor::new(bytes));
    let platform = opts.platform.clone();
    let limit = opts.text_limit();
    let shared = crate::report::Shared::new(source_name, Some(crate::Format::Jsonl));
    crate::sources::jsonl::read(source_name.to_owned(), stream, opts.map.clone(), shared).map(
        move |rec| {
            let rec = match (rec, &platform) {
                (Ok(mut doc), Some(p)) => {
                    doc.platform.clone_from(p);
                    Ok(doc)
                }
                (rec, _) => rec,
            };
            let damaged = match &rec {
                Ok(doc) if !bad.is_empty() => {
                    // Lines are exact in JSON Lines; an array's records are numbered, so there
                    // a record with a replaced letter is taken as one that held the bad bytes.
                    if is_array {
                        doc.text.contains('\u{FFFD}')
                    } else {
                        bad.contains(&doc.source.line)
                    }
                }
                _ => false,
            };
            match rec {
                Ok(doc) if damaged => Err(crate::RecordError {
                    reason: "bytes that are not UTF-8: JSON must be UTF-8; re-encode the posts \
                             (or ingest the file with `citra ingest`, which detects its encoding)"
                        .into(),
                    raw: crate::truncate(&doc.text, crate::RAW_LIMIT).to_owned(),
                    source: doc.source,
                }),
                rec => crate::check_text_limit(rec, limit),
            }
        },
    )
}

/// The 1-based lines of `bytes` that hold bytes which are not UTF-8.
fn not_utf8(bytes: &[u8]) -> Vec<u64> {
    let mut lines = Vec::new();
    let mut rest = bytes;
    let mut line = 1u64;
    while let Err(e) = std::str::from_utf8(rest) {
        let at = e.valid_up_to();
        line += rest[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        if lines.last() != Some(&line) {
            lines.push(line);
        }
        let skip = at + e.error_len().unwrap_or(rest.len() - at).max(1);
        line += rest[at..skip.min(rest.len())].iter().filter(|&&b| b == b'\n').count() as u64;
        rest = &rest[skip.min(rest.len())..];
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str, opts: &IngestOptions) -> Vec<Record> {
        read_jsonl_bytes(body.as_bytes().to_vec(), "body", opts).collect()
    }

    #[test]
    fn memory010_lines_blank_and_broken() {
        let body = "{\"id\":\"7\",\"text\":\"México no pagará por el muro\"}\n\n[1]\n{\"text\":";
        let recs = read(body, &IngestOptions::default());
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].as_ref().unwrap().text, "México no pagará por el muro");
        assert_eq!(recs[1].as_ref().unwrap_err().source.line, 3);
        assert_eq!(recs[2].as_ref().unwrap_err().source.line, 4);
    }

    #[test]
    fn memory020_array_and_platform_override() {
        let body = r#"[{"id":"1","text":"a"},{"id":"2","text":"b"}]"#;
        let opts = IngestOptions { platform: Some("telegram".into()), ..IngestOptions::default() };
        let recs = read(body, &opts);
        assert_eq!(recs.len(), 2);
        assert!(recs.iter().all(|r| r.as_ref().unwrap().platform == "telegram"));
    }

    #[test]
    fn memory025_not_utf8_rejected_with_reason() {
        let mut body = b"{\"id\":\"1\",\"text\":\"ok\"}\n".to_vec();
        body.extend_from_slice(b"{\"id\":\"2\",\"text\":\"M\xe9xico\"}\n");
        body.extend_from_slice("{\"id\":\"3\",\"text\":\"México\"}\n".as_bytes());
        let recs: Vec<Record> =
            read_jsonl_bytes(body.clone(), "body", &IngestOptions::default()).collect();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].as_ref().unwrap().text, "ok");
        let e = recs[1].as_ref().unwrap_err();
        assert_eq!(e.source.line, 2);
        assert!(e.reason.contains("not UTF-8"), "{e}");
        assert_eq!(recs[2].as_ref().unwrap().text, "México");
        assert_eq!(not_utf8(&body), vec![2]);
        assert_eq!(not_utf8(b"a\n\xff\n\n\xfe\xfe\nb"), vec![2, 4]);
        assert!(not_utf8("é\n日本".as_bytes()).is_empty());
        // In an array, the record holding the bad bytes.
        let arr = b"[{\"id\":\"1\",\"text\":\"a\"},{\"id\":\"2\",\"text\":\"\xe9\"}]".to_vec();
        let recs: Vec<Record> = read_jsonl_bytes(arr, "body", &IngestOptions::default()).collect();
        assert!(recs[0].is_ok() && recs[1].is_err(), "{recs:?}");
    }

    #[test]
    fn memory030_same_as_file() {
        let body = "{\"id\":\"1\",\"text\":\"x\",\"created_at\":\"2017-01-26 12:00:00\"}\n";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, body).unwrap();
        let p = path.to_str().unwrap();
        let from_file: Vec<_> = crate::open(p, &IngestOptions::default()).unwrap().collect();
        let from_mem: Vec<_> =
            read_jsonl_bytes(body.as_bytes().to_vec(), p, &IngestOptions::default()).collect();
        assert_eq!(from_file, from_mem);
    }
}
