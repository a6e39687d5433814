//! A bulk load into an empty store builds the documents' secondary indexes once, at its end.
//!
//! Kept up row by row, the indexes on time, day, author and URL cost a loader about a third of
//! its writing time (a B-tree seek and a dirty page per index per document, most pages written
//! again at every commit); built once from the finished table, they cost a sort. The unique
//! indexes (document key, platform id) are never dropped: they are what makes a rerun store
//! nothing twice.
//!
//! While a bulk load runs, it holds an exclusive lock on a file beside the store
//! (`<store>-bulk`). A kill leaves the store without those indexes, which only makes some reads
//! slower (every answer is the same): the next [`crate::Store::open`] that finds them missing
//! and the lock free builds them again, so the store is whole again before anyone writes to it.

use crate::{Error, Result, Store, holds_no_docs};
use rusqlite::{Connection, TransactionBehavior};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// The secondary indexes of `docs` that a bulk load builds at its end: name, and the SQL that
/// creates it, exactly as the migrations do (a test compares them with `sqlite_schema`).
pub(crate) const DEFERRED_INDEXES: &[(&str, &str)] = &[
    ("docs_created_at", "CREATE INDEX docs_created_at ON docs (created_at)"),
    ("docs_day", "CREATE INDEX docs_day ON docs (day)"),
    (
        "docs_canonical_url",
        "CREATE INDEX docs_canonical_url ON docs (canonical_url) WHERE canonical_url IS NOT NULL",
    ),
    ("docs_author", "CREATE INDEX docs_author ON docs (author) WHERE author IS NOT NULL"),
];

/// The lock file of a store's bulk load.
pub(crate) fn lock_path(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push("-bulk");
    PathBuf::from(name)
}

fn open_lock(store: &Path) -> Option<File> {
    OpenOptions::new().create(true).truncate(false).write(true).open(lock_path(store)).ok()
}

/// The deferred indexes the store lacks.
fn missing(conn: &Connection) -> rusqlite::Result<Vec<(&'static str, &'static str)>> {
    let mut stmt =
        conn.prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?1")?;
    let mut out = Vec::new();
    for &(name, sql) in DEFERRED_INDEXES {
        if !stmt.exists([name])? {
            out.push((name, sql));
        }
    }
    Ok(out)
}

/// Builds the deferred indexes the store lacks, in one transaction.
fn build(conn: &mut Connection, path: &Path) -> Result<()> {
    let err = crate::sql(path);
    if missing(conn).map_err(&err)?.is_empty() {
        return Ok(());
    }
    // The sort of an index build spills to temporary files beyond its memory budget; with the
    // connection's in-memory temporary store (kept for statement journals) those would be in
    // memory too, as large as the index.
    conn.pragma_update(None, "temp_store", "FILE").map_err(&err)?;
    let built = (|| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&err)?;
        // Read again under the write lock: another process may have built them meanwhile.
        for (_, sql) in missing(&tx).map_err(&err)? {
            tx.execute_batch(sql).map_err(&err)?;
        }
        tx.commit().map_err(&err)
    })();
    conn.pragma_update(None, "temp_store", "MEMORY").map_err(&err)?;
    built
}

/// On opening: builds the deferred indexes that a killed bulk load left out, unless a bulk
/// load holds the lock now (it builds them at its end).
pub(crate) fn repair(conn: &mut Connection, path: &Path) -> Result<()> {
    if path == Path::new(":memory:") {
        return Ok(());
    }
    if missing(conn).map_err(crate::sql(path))?.is_empty() {
        return Ok(());
    }
    // A lock file that cannot be opened (a read-only folder) cannot be held by a loader
    // either.
    let lock = open_lock(path);
    if let Some(f) = &lock
        && f.try_lock_shared().is_err()
    {
        return Ok(());
    }
    build(conn, path)?;
    // The killed loader's lock file goes too.
    if lock.is_some() {
        let _ = std::fs::remove_file(lock_path(path));
    }
    Ok(())
}

/// A bulk load under way: the lock, held until [`Store::finish_bulk`].
pub(crate) struct Bulk {
    lock: File,
}

impl Store {
    /// Runs `load` as a bulk load when the store (on disk) holds no document yet: the indexes
    /// on the time, day, author and URL of `docs` are dropped first and built again when `load`
    /// ends, whether it succeeded or not. Otherwise `load` runs as it is. Used by `citra ingest`
    /// around a whole run, so that every input of the run is loaded before the indexes are
    /// built.
    pub fn bulk_load<T, E: From<Error>>(
        &mut self,
        load: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let bulk = self.begin_bulk()?;
        let result = load(self);
        match bulk {
            Some(bulk) => {
                let built = self.finish_bulk(bulk);
                let value = result?;
                built?;
                Ok(value)
            }
            None => result,
        }
    }

    pub(crate) fn begin_bulk(&mut self) -> Result<Option<Bulk>> {
        if self.path == Path::new(":memory:") {
            return Ok(None);
        }
        let err = crate::sql(&self.path);
        if !holds_no_docs(&self.conn).map_err(&err)? {
            return Ok(None);
        }
        let Some(lock) = open_lock(&self.path) else { return Ok(None) };
        // Another bulk load of this store holds it: this one loads as usual.
        if lock.try_lock().is_err() {
            return Ok(None);
        }
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&err)?;
        // Checked again under the write lock: another writer may have stored documents since.
        if !holds_no_docs(&tx).map_err(&err)? {
            drop(lock);
            let _ = std::fs::remove_file(lock_path(&self.path));
            return Ok(None);
        }
        for (name, _) in DEFERRED_INDEXES {
            tx.execute_batch(&format!("DROP INDEX IF EXISTS {name}")).map_err(&err)?;
        }
        tx.commit().map_err(&err)?;
        Ok(Some(Bulk { lock }))
    }

    fn finish_bulk(&mut self, bulk: Bulk) -> Result<()> {
        let built = build(&mut self.conn, &self.path);
        drop(bulk.lock);
        if built.is_ok() {
            // A reader that opened the file just before this is removed only took a shared
            // lock to look, and builds nothing: the indexes are there.
            let _ = std::fs::remove_file(lock_path(&self.path));
        }
        built
    }
}
