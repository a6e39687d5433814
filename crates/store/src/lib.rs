//! The embedded SQLite store: documents, mentions, rejected records, migrations.
#![deny(missing_docs)]
