//! CLI tests of the file sources of issue 15: a Telegram Desktop export and a recorded day of
//! GDELT 2.0 files, through the real binary.

mod common;

use common::*;
use std::path::Path;

/// A file under the ingest crate's fixtures.
fn ingest_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn telegram010_ingest_counts_and_reply_cascade() {
    let d = Dir::new();
    let export = ingest_fixture("telegram/result.json");
    let run = d.citra(&["ingest", &export]);
    let out = run.ok();
    assert_eq!(counts(&out), (5, 5, 0, 0), "{out}");
    let err = run.stderr();
    assert!(err.contains("2 service messages") && err.contains("1 message without text"), "{err}");
    // A second run stores nothing twice.
    assert_eq!(counts(&d.citra(&["ingest", "-q", &export]).ok()), (5, 0, 5, 0));
    // The replies are links: message 2 ← 3 ← 8 is one cascade of depth 2.
    let v: serde_json::Value =
        serde_json::from_str(&d.citra(&["cascades", "--format", "json"]).ok()).unwrap();
    let c = &v["cascades"][0];
    assert_eq!(c["root_native_id"], "1370000001/2", "{v}");
    assert_eq!((c["size"].as_u64(), c["depth"].as_u64()), (Some(3), Some(2)), "{v}");
    assert_eq!(c["links"]["reply"], 2, "{v}");
    assert_eq!(v["cascades"].as_array().unwrap().len(), 1, "{v}");
    // The forward is a reshare of a post that is not in the store.
    assert_eq!(v["missing_parents"], 1, "{v}");
}
