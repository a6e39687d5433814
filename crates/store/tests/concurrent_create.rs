//! Several processes' first use of a store that does not exist yet: each open must succeed
//! (one creates the schema, the others wait and open it), never fail with "holds N tables but
//! no citra application id", however the opens interleave.

use citra_store::Store;
use std::sync::{Arc, Barrier};

#[test]
fn create010_concurrent_first_open() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..40 {
        let path = Arc::new(dir.path().join(format!("citra-{round}.db")));
        let n = 8;
        let barrier = Arc::new(Barrier::new(n));
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let (path, barrier) = (Arc::clone(&path), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&path).map(|s| s.schema_version().unwrap())
                })
            })
            .collect();
        for h in handles {
            match h.join().unwrap() {
                Ok(v) => assert_eq!(v, citra_store::SCHEMA_VERSION),
                Err(e) => panic!("round {round}: a concurrent first open failed: {e}"),
            }
        }
    }
}
