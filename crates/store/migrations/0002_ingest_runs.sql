-- Schema version 2: one row per ingest run, and an index for per-author queries.

CREATE TABLE ingest_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT    NOT NULL,
    finished_at TEXT    NOT NULL,
    -- JSON array of the input paths.
    paths       TEXT    NOT NULL,
    read        INTEGER NOT NULL,
    stored      INTEGER NOT NULL,
    duplicates  INTEGER NOT NULL,
    rejected    INTEGER NOT NULL
);

CREATE INDEX docs_author ON docs (author) WHERE author IS NOT NULL;
