//! Crash safety: `kill -9` of `citra ingest` at random moments of a real file, then a rerun,
//! gives a store that passes `PRAGMA integrity_check` and holds exactly what an uninterrupted
//! run stores: the same posts, mentions (with tone), events and rejected records, and the same
//! schema (a bulk load builds some indexes at its end; a rerun after a kill builds them).
//!
//! The file is 800 of a head of state's posts from 2017 (the ingest bench's data), in the Trump
//! archive's format. The kill moments are spread over the clean run's duration by a seeded
//! generator, so a failure can be replayed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn data() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/benches/trump_2017_800.json")
        .display()
        .to_string()
}

fn ingest(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_citra"));
    cmd.arg("--db").arg(db).args(["ingest", "-q", &data()]);
    cmd.env_remove("CITRA_DB").stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

/// Everything a run stores, as sorted rows of text (ids left out: they depend on the order of
/// the inserts, which a rerun may change).
fn contents(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("the store opens");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok", "integrity_check of {}", db.display());
    let queries = [
        "SELECT 'doc', doc_key, coalesce(created_at, ''), text, normalized, lang, tone_label \
         FROM docs",
        "SELECT 'mention', d.doc_key, m.country, m.kind, m.byte_start, m.byte_end, \
         coalesce(m.tone_label, '') FROM mentions m JOIN docs d ON d.id = m.doc_id",
        "SELECT 'event', d.doc_key, e.source, e.target, e.code, e.trigger_start, e.negated \
         FROM events e JOIN docs d ON d.id = e.doc_id",
        "SELECT 'diag', d.doc_key, g.stage, g.code, coalesce(g.byte_start, -1), '', '' \
         FROM diagnostics g JOIN docs d ON d.id = g.doc_id",
        "SELECT 'rejected', reject_key, source_path, line, reason, '', '' FROM rejected",
        // A killed bulk load leaves some indexes out; the rerun must build them again.
        "SELECT 'schema', type, name, tbl_name, coalesce(sql, ''), '', '' FROM sqlite_schema",
    ];
    let mut rows = Vec::new();
    for q in queries {
        let mut st = conn.prepare(q).unwrap();
        let it = st
            .query_map([], |r| {
                let cols: Vec<String> = (0..7)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                        rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                        rusqlite::types::ValueRef::Real(x) => x.to_string(),
                        _ => String::new(),
                    })
                    .collect();
                Ok(cols.join("\t"))
            })
            .unwrap();
        rows.extend(it.map(Result::unwrap));
    }
    rows.sort();
    rows
}

/// A small seeded generator (xorshift), so the kill moments can be replayed.
fn fractions(seed: u64, n: usize) -> Vec<f64> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

#[test]
fn crash010_kill_then_rerun_equals_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let clean_db = dir.path().join("clean.db");
    let started = Instant::now();
    assert!(ingest(&clean_db).status().unwrap().success());
    let clean_time = started.elapsed();
    let clean = contents(&clean_db);
    assert!(clean.iter().filter(|r| r.starts_with("doc\t")).count() >= 790, "too few posts");
    assert!(clean.iter().any(|r| r.starts_with("mention\t")));

    let mut killed = 0;
    for seed in 1..=4u64 {
        let db: PathBuf = dir.path().join(format!("killed-{seed}.db"));
        // Two kills per seed, at moments spread over the clean run's duration, then a rerun.
        for f in fractions(seed, 2) {
            let mut child = ingest(&db).spawn().unwrap();
            let at = clean_time.mul_f64(0.05 + 0.9 * f);
            let deadline = Instant::now() + at;
            let mut done = false;
            while Instant::now() < deadline {
                if child.try_wait().unwrap().is_some() {
                    done = true;
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            if !done {
                // SIGKILL: no destructor, no rollback, no flush.
                child.kill().unwrap();
                killed += 1;
            }
            let _ = child.wait();
        }
        assert!(ingest(&db).status().unwrap().success(), "rerun after kills, seed {seed}");
        let got = contents(&db);
        if got != clean {
            let only_clean: Vec<_> = clean.iter().filter(|r| !got.contains(r)).take(5).collect();
            let only_got: Vec<_> = got.iter().filter(|r| !clean.contains(r)).take(5).collect();
            panic!(
                "seed {seed}: the store after kill -9 and a rerun differs from a clean run \
                 ({} vs {} rows)\nonly in clean: {only_clean:#?}\nonly after kill: {only_got:#?}",
                clean.len(),
                got.len()
            );
        }
    }
    // The test is only worth something when most runs were really killed mid-way.
    assert!(killed >= 4, "only {killed} of 8 runs were killed before they finished");
}

/// The 800 posts repeated `times` times, each copy with its own ids (a bulk file of distinct
/// posts with real text).
fn bulk_file(dir: &Path, times: usize) -> PathBuf {
    let text = std::fs::read_to_string(data()).unwrap();
    let posts: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let mut out = Vec::with_capacity(posts.len() * times);
    for k in 0..times {
        for p in &posts {
            let mut p = p.clone();
            let id = p["id_str"].as_str().unwrap().to_owned();
            p["id_str"] = serde_json::Value::String(format!("{id}{k:02}"));
            out.push(p);
        }
    }
    let path = dir.join("bulk.json");
    std::fs::write(&path, serde_json::to_string(&out).unwrap()).unwrap();
    path
}

fn docs_in(db: &Path) -> i64 {
    let Ok(conn) = rusqlite::Connection::open(db) else { return 0 };
    conn.query_row("SELECT count(*) FROM docs", [], |r| r.get(0)).unwrap_or(0)
}

/// A bulk load on two annotating threads (the store written in input order, one batch a
/// second or every 32,768 posts) killed mid-way, several times, then rerun, holds exactly what
/// an uninterrupted run holds; and some kill really landed after some batches were committed.
#[test]
fn crash020_kill_during_a_parallel_bulk_load_then_rerun_equals_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    // Long enough (about 3 s here in a debug build) that most kills land after the first commit,
    // which comes a second into the load.
    let file = bulk_file(dir.path(), 12);
    let run = |db: &Path| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_citra"));
        cmd.arg("--db").arg(db).args(["ingest", "-q", "--threads", "2"]).arg(&file);
        cmd.env_remove("CITRA_DB").stdout(Stdio::null()).stderr(Stdio::null());
        cmd
    };
    let clean_db = dir.path().join("clean.db");
    let started = Instant::now();
    assert!(run(&clean_db).status().unwrap().success());
    let clean_time = started.elapsed();
    let clean = contents(&clean_db);
    let total = docs_in(&clean_db);
    assert!(total >= 9500, "too few posts: {total}");

    let mut partial = 0;
    for seed in 1..=2u64 {
        let db: PathBuf = dir.path().join(format!("bulk-killed-{seed}.db"));
        for f in fractions(seed + 10, 2) {
            let mut child = run(&db).spawn().unwrap();
            let deadline = Instant::now() + clean_time.mul_f64(0.3 + 0.6 * f);
            while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(2));
            }
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap();
                let _ = child.wait();
                let n = docs_in(&db);
                if n > 0 && n < total {
                    partial += 1;
                }
            }
        }
        assert!(run(&db).status().unwrap().success(), "rerun after kills, seed {seed}");
        assert!(contents(&db) == clean, "seed {seed}: the store after kill -9 and a rerun differs");
        let lock = dir.path().join(format!("bulk-killed-{seed}.db-bulk"));
        assert!(!lock.exists(), "seed {seed}: the bulk load's lock file is left");
    }
    assert!(partial >= 1, "no kill landed between two committed batches");
}
