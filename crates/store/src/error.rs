//! The store's one error type.

use std::path::PathBuf;

/// What can go wrong with the store. Every message names the store file and says what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or created.
    #[error(
        "cannot open the store {path}: {source}; check that its folder exists and is writable, \
         or choose another file with --db"
    )]
    Open {
        /// The store file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file exists but is not an SQLite database.
    #[error(
        "{path} is not a citra store (not an SQLite database: {source}); \
         give the path of a citra store, or a new file name to create one"
    )]
    NotADatabase {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file is an SQLite database of some other application.
    #[error(
        "{path} is an SQLite database but not a citra store ({what}); \
         give the path of a citra store, or a new file name to create one"
    )]
    ForeignDatabase {
        /// The file.
        path: PathBuf,
        /// Why it is not a citra store.
        what: String,
    },
    /// The file was written by a newer citra.
    #[error(
        "the store {path} has schema version {found}, but this citra knows versions up to \
         {known} only; upgrade citra to open it (nothing was changed)"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// The version found in the file.
        found: u32,
        /// The newest version this code knows.
        known: u32,
    },
    /// A migration failed; its transaction was rolled back.
    #[error(
        "migrating the store {path} to schema version {version} ({name}) failed: {source}; \
         the store was left at version {from}, unchanged by this step"
    )]
    Migration {
        /// The file.
        path: PathBuf,
        /// The version being applied.
        version: u32,
        /// The migration's file name.
        name: &'static str,
        /// The version the store was left at.
        from: u32,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// Another process held the write lock for longer than the busy timeout.
    #[error(
        "the store {path} is locked by another process ({source}); wait for the other citra \
         run to finish, then try again"
    )]
    Busy {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A query or write failed.
    #[error("store {path}: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A query stopped by a [`Store::set_cancel`](crate::Store::set_cancel) flag (a server's time
    /// limit).
    #[error(
        "store {path}: the query was interrupted before it finished (it ran past its time \
         limit); ask for less (a shorter date range), or allow more time"
    )]
    Interrupted {
        /// The file.
        path: PathBuf,
    },
    /// A document id that the store does not hold.
    #[error("store {path}: no document with id {id}")]
    NoSuchDoc {
        /// The file.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// Stored data that the code cannot read back.
    #[error("store {path}: {what}; the file may have been edited by hand or damaged")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        what: String,
    },
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, Error>;
