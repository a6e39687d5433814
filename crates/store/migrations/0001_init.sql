-- Schema version 1: documents, mentions, diagnostics and rejected records.
--
-- Times are ISO-8601 UTC text with nanoseconds ("2020-01-31T12:00:00.000000000Z"), so that text
-- order is time order. Byte spans index the original text (docs.text); char spans count Unicode
-- code points, for consumers in other languages.

CREATE TABLE docs (
    id               INTEGER PRIMARY KEY,
    -- Identity: see the crate docs (platform + native id, canonical URL + content hash, or
    -- a hash of platform, author, time and text).
    doc_key          TEXT    NOT NULL UNIQUE,
    platform         TEXT    NOT NULL,
    native_id        TEXT,
    url              TEXT,
    canonical_url    TEXT,
    content_hash     TEXT    NOT NULL,
    author           TEXT,
    author_name      TEXT,
    author_followers INTEGER,
    created_at       TEXT,
    day              TEXT,
    title            TEXT,
    text             TEXT    NOT NULL,
    lang_hint        TEXT,
    reshares         INTEGER,
    likes            INTEGER,
    replies          INTEGER,
    quotes           INTEGER,
    engagement       INTEGER NOT NULL DEFAULT 0,
    reply_to         TEXT,
    reshare_of       TEXT,
    quote_of         TEXT,
    source_path      TEXT    NOT NULL,
    source_line      INTEGER NOT NULL,
    -- The RawDoc as JSON: everything derived is recomputed from it.
    raw_json         TEXT    NOT NULL,
    ingested_at      TEXT    NOT NULL,
    -- Derived by the per-document stages; replaced by re-annotation.
    normalized       TEXT,
    lang             TEXT    NOT NULL DEFAULT 'und',
    lang_conf        REAL    NOT NULL DEFAULT 0,
    tone_score       REAL,
    tone_label       TEXT,
    tone_conf        REAL,
    annotated_at     TEXT
);
CREATE UNIQUE INDEX docs_platform_native ON docs (platform, native_id) WHERE native_id IS NOT NULL;
CREATE INDEX docs_created_at ON docs (created_at);
CREATE INDEX docs_day ON docs (day);
CREATE INDEX docs_canonical_url ON docs (canonical_url) WHERE canonical_url IS NOT NULL;

CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
    country     TEXT    NOT NULL COLLATE NOCASE,
    actor       TEXT,
    kind        TEXT    NOT NULL,
    surface     TEXT    NOT NULL,
    byte_start  INTEGER NOT NULL,
    byte_end    INTEGER NOT NULL,
    char_start  INTEGER,
    char_end    INTEGER,
    norm_start  INTEGER NOT NULL DEFAULT 0,
    norm_end    INTEGER NOT NULL DEFAULT 0,
    confidence  REAL    NOT NULL,
    tone_score  REAL,
    tone_label  TEXT,
    tone_conf   REAL
);
CREATE INDEX mentions_country_doc ON mentions (country, doc_id);
CREATE INDEX mentions_doc ON mentions (doc_id);

CREATE TABLE diagnostics (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
    stage       TEXT    NOT NULL,
    code        TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    byte_start  INTEGER,
    byte_end    INTEGER
);
CREATE INDEX diagnostics_doc ON diagnostics (doc_id);

CREATE TABLE rejected (
    id          INTEGER PRIMARY KEY,
    -- sha256 of (source_path, line, reason, raw): the same rejection is stored once.
    reject_key  TEXT    NOT NULL UNIQUE,
    source_path TEXT    NOT NULL,
    line        INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    raw         TEXT    NOT NULL,
    at          TEXT    NOT NULL
);
