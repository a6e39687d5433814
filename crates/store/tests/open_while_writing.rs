//! Opening a store that is already current needs no write lock.

use citra_store::Store;

#[test]
fn open_current_store_while_a_writer_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    drop(Store::open(&path).unwrap()); // create and migrate
    // Another process holds the write lock (an ingest in the middle of a batch).
    let writer = rusqlite::Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let reader = Store::open(&path).expect("a current store opens while another writes");
    assert!(reader.schema_version().unwrap() >= 1);
    // Without the read-only check, open waited for the busy timeout (10 s) and then failed.
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    writer.execute_batch("COMMIT").unwrap();
}
