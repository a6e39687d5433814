-- Schema version 3: coded diplomatic actions (events) and themes per mention, written by the
-- actions stage (crates/actions). Both are derived data: re-annotation replaces them.

-- Themes of each mention, comma-separated names of the actions stage's taxonomy ("border,trade");
-- NULL for mentions stored before version 3 (not coded), '' when none applies.
ALTER TABLE mentions ADD COLUMN themes TEXT;

-- One coded action source → target per row (CAMEO code, root 1–20, quad class, Goldstein
-- intensity in [-10, 10]); spans are bytes of docs.text.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    doc_id          INTEGER NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
    -- The mention the event is about (its target, else its source); NULL when neither is one.
    mention_id      INTEGER REFERENCES mentions (id) ON DELETE SET NULL,
    source          TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    code            TEXT    NOT NULL,
    root            INTEGER NOT NULL,
    quad            TEXT    NOT NULL,
    goldstein       REAL    NOT NULL,
    negated         INTEGER NOT NULL DEFAULT 0,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    trigger_start   INTEGER NOT NULL,
    trigger_end     INTEGER NOT NULL
);
CREATE INDEX events_doc ON events (doc_id);
CREATE INDEX events_mention ON events (mention_id);
CREATE INDEX events_target ON events (target, quad);
