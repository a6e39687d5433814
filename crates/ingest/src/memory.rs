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
            crate::check_text_limit(rec, limit)
        },
    )
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
