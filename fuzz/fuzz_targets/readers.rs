//! Every reader on arbitrary bytes: the first byte picks a format (or detection, as
//! `citra ingest` does without `--format`), the second the file's extension (which detection
//! reads too), the rest is the file. Reading must never panic,
//! and every record is a document or a rejection with a line number and a reason.
#![no_main]

use citra_ingest::{Format, IngestOptions, open};
use libfuzzer_sys::fuzz_target;
use std::io::Write;

/// File extensions; seeds use their index.
const EXTENSIONS: [&str; 12] =
    ["jsonl", "csv", "json", "js", "xml", "html", "txt", "gz", "zst", "ndjson", "tsv", "bin"];

fuzz_target!(|data: &[u8]| {
    let [pick, ext_pick, body @ ..] = data else { return };
    let format = Format::ALL.get(usize::from(*pick) % (Format::ALL.len() + 1)).copied();
    // The file, in memory-backed /dev/shm when there.
    let name = EXTENSIONS[usize::from(*ext_pick) % EXTENSIONS.len()];
    let dir = if std::path::Path::new("/dev/shm").is_dir() { "/dev/shm" } else { "/tmp" };
    let path = format!("{dir}/citra-fuzz-{}.{name}", std::process::id());
    let Ok(mut f) = std::fs::File::create(&path) else { return };
    if f.write_all(body).is_err() {
        return;
    }
    drop(f);
    let opts = IngestOptions { format, ..IngestOptions::default() };
    if let Ok(reader) = open(&path, &opts) {
        for rec in reader.take(10_000) {
            match rec {
                Ok(doc) => assert!(doc.source.line >= 1 || doc.source.path.is_empty()),
                Err(bad) => assert!(!bad.reason.is_empty(), "a rejection without a reason"),
            }
        }
    }
    let _ = std::fs::remove_file(&path);
});
