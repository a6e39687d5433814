//! Forward-only schema migrations, tracked with `PRAGMA user_version`.

use crate::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// Marks a file as a citra store (`PRAGMA application_id`): "citr" in ASCII.
pub(crate) const APPLICATION_ID: i32 = 0x6369_7472;

/// One migration: the version it brings the schema to, its file name and its SQL.
pub(crate) struct Migration {
    pub(crate) version: u32,
    pub(crate) name: &'static str,
    pub(crate) sql: &'static str,
}

macro_rules! migration {
    ($version:literal, $file:literal) => {
        Migration {
            version: $version,
            name: $file,
            sql: include_str!(concat!("../migrations/", $file)),
        }
    };
}

/// Every migration, in order; version `i + 1` is at index `i`. Never edit a released migration:
/// add a new file and a new line here.
pub(crate) const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_init.sql"),
    migration!(2, "0002_ingest_runs.sql"),
    migration!(3, "0003_events.sql"),
    migration!(4, "0004_cursors.sql"),
    migration!(5, "0005_gdelt.sql"),
    migration!(6, "0006_sparse_raw_json.sql"),
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map(|v| u32::try_from(v).unwrap_or(u32::MAX))
}

/// Checks that the file is a citra store (or empty), and that it is not newer than this code.
pub(crate) fn check(conn: &Connection, path: &Path) -> Result<u32> {
    let sql_err = |source| classify(path, source);
    // One read transaction, so that the version, the application id and the tables are seen
    // at one moment: read apart, another process creating the store in between shows its
    // tables without the id it set in the same transaction.
    let tx = conn.unchecked_transaction().map_err(sql_err)?;
    let conn: &Connection = &tx;
    let version = user_version(conn).map_err(sql_err)?;
    let app_id: i32 =
        conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(sql_err)?;
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(Error::ForeignDatabase {
            path: path.to_owned(),
            what: format!("its application id is {app_id:#x}"),
        });
    }
    if app_id == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table'", [], |r| r.get(0))
            .map_err(sql_err)?;
        if tables > 0 {
            return Err(Error::ForeignDatabase {
                path: path.to_owned(),
                what: format!("it holds {tables} tables but no citra application id"),
            });
        }
    }
    if version > SCHEMA_VERSION {
        return Err(Error::TooNew { path: path.to_owned(), found: version, known: SCHEMA_VERSION });
    }
    tx.commit().map_err(sql_err)?;
    Ok(version)
}

/// Applies every migration above the file's version, each in its own immediate transaction
/// (so two processes opening the same new file do not both apply it), up to `target`.
pub(crate) fn migrate_to(conn: &mut Connection, path: &Path, target: u32) -> Result<u32> {
    // A store that is already current is opened without taking the write lock, so readers (the
    // server's pool, a report run beside an ingest) never queue behind a writer for nothing.
    let now = user_version(conn).map_err(|e| classify(path, e))?;
    if MIGRATIONS.iter().filter(|m| m.version <= target).all(|m| m.version <= now) {
        return Ok(now);
    }
    for m in MIGRATIONS.iter().filter(|m| m.version <= target) {
        let fail = |from: u32| {
            move |source| Error::Migration {
                path: path.to_owned(),
                version: m.version,
                name: m.name,
                from,
                source,
            }
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(path, e))?;
        let current = user_version(&tx).map_err(fail(0))?;
        if current >= m.version {
            continue;
        }
        tx.execute_batch(m.sql).map_err(fail(current))?;
        tx.pragma_update(None, "user_version", m.version).map_err(fail(current))?;
        if m.version == 1 {
            tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(fail(current))?;
        }
        tx.commit().map_err(fail(current))?;
    }
    user_version(conn).map_err(|e| classify(path, e))
}

/// Maps the SQLite errors that users can act on (not a database, cannot open, busy) to their own
/// variants; everything else is a plain SQLite error.
pub(crate) fn classify(path: &Path, source: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let path = path.to_owned();
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotADatabase { path, source },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            Error::Open { path, source }
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy { path, source },
        Some(ErrorCode::OperationInterrupted) => Error::Interrupted { path },
        _ => Error::Sqlite { path, source },
    }
}
