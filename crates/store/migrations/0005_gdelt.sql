-- Schema version 5: GDELT 2.0 files (events export, mentions, GKG 2.1), GDELT's own coding of the
-- news, kept beside citra's so the two can be compared. Read by `citra ingest` from the files
-- GDELT ships (crates/ingest/src/gdelt.rs); column meanings are those of the GDELT 2.0 Event
-- codebook and the GKG 2.1 codebook. Nothing here refers to other tables: a GDELT row relates
-- to a document only through its canonical URL (docs.canonical_url).

-- Every GDELT file loaded, by its name without folders and `.zip` (20190607001500.export.CSV):
-- a file listed here is skipped when it is given again. Written in the transaction that stores
-- the file's rows.
CREATE TABLE gdelt_files (
    name        TEXT    PRIMARY KEY,
    kind        TEXT    NOT NULL,  -- events | mentions | gkg
    path        TEXT    NOT NULL,  -- as given when it was loaded
    rows_read   INTEGER NOT NULL,
    stored      INTEGER NOT NULL,
    duplicates  INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    loaded_at   TEXT    NOT NULL
);

-- One event per GLOBALEVENTID (loading a file twice, or an event repeated in a later file,
-- stores it once).
CREATE TABLE gdelt_events (
    event_id            INTEGER PRIMARY KEY,  -- GLOBALEVENTID
    day                 TEXT    NOT NULL,     -- SQLDATE as YYYY-MM-DD
    actor1_code         TEXT,
    actor1_name         TEXT,
    actor1_country_raw  TEXT,                 -- Actor1CountryCode (CAMEO) as written
    actor1_country      TEXT,                 -- ISO 3166 alpha-3; NULL for regions and unknowns
    actor2_code         TEXT,
    actor2_name         TEXT,
    actor2_country_raw  TEXT,
    actor2_country      TEXT,
    is_root             INTEGER NOT NULL,
    event_code          TEXT    NOT NULL,     -- CAMEO EventCode ("043")
    base_code           TEXT    NOT NULL,
    root_code           TEXT    NOT NULL,
    quad                TEXT    NOT NULL,     -- verbal_coop | material_coop | verbal_conflict | material_conflict
    goldstein           REAL    NOT NULL,     -- GoldsteinScale, -10..10
    num_mentions        INTEGER NOT NULL,
    num_sources         INTEGER NOT NULL,
    num_articles        INTEGER NOT NULL,
    avg_tone            REAL    NOT NULL,     -- AvgTone, -100..100
    action_country      TEXT,                 -- ActionGeo_CountryCode (FIPS 10-4)
    date_added          TEXT    NOT NULL,     -- DATEADDED, ISO-8601 UTC
    source_url          TEXT,
    canonical_url       TEXT,
    file                TEXT    NOT NULL      -- gdelt_files.name
);
CREATE INDEX gdelt_events_day ON gdelt_events (day);
CREATE INDEX gdelt_events_dyad ON gdelt_events (actor1_country, actor2_country);
CREATE INDEX gdelt_events_url ON gdelt_events (canonical_url) WHERE canonical_url IS NOT NULL;

-- Articles that mention an event (a mentions file may name events of earlier files, so there is
-- no foreign key).
CREATE TABLE gdelt_mentions (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL,          -- GLOBALEVENTID
    event_time     TEXT,
    mention_time   TEXT    NOT NULL,
    mention_type   INTEGER NOT NULL,          -- 1 web, 2 citation, 3 CORE, 4 DTIC, 5 JSTOR, 6 non-text
    source_name    TEXT,
    identifier     TEXT    NOT NULL,          -- MentionIdentifier: the URL of a web article
    canonical_url  TEXT,
    sentence       INTEGER NOT NULL,
    confidence     INTEGER NOT NULL,          -- 10..100
    doc_tone       REAL    NOT NULL,          -- MentionDocTone, -100..100
    file           TEXT    NOT NULL,
    UNIQUE (event_id, identifier, mention_time, sentence)
);
CREATE INDEX gdelt_mentions_event ON gdelt_mentions (event_id);
CREATE INDEX gdelt_mentions_url ON gdelt_mentions (canonical_url) WHERE canonical_url IS NOT NULL;

-- GKG 2.1 records, lean: the article, its tone and the countries of its places.
CREATE TABLE gdelt_gkg (
    record_id      TEXT    PRIMARY KEY,       -- GKGRECORDID
    date           TEXT    NOT NULL,          -- V2.1DATE, ISO-8601 UTC
    source_name    TEXT,
    document       TEXT    NOT NULL,          -- V2DOCUMENTIDENTIFIER
    canonical_url  TEXT,
    tone           REAL,                      -- the first value of V1.5TONE
    countries      TEXT    NOT NULL,          -- FIPS codes of V2ENHANCEDLOCATIONS, comma-separated
    file           TEXT    NOT NULL
);
CREATE INDEX gdelt_gkg_url ON gdelt_gkg (canonical_url) WHERE canonical_url IS NOT NULL;
