-- Schema version 4: where each live source stands (citra pull / citra watch).
-- One row per source key ("bluesky:author:nasa.bsky.social", "rss:https://…/feed.xml"): its
-- state as JSON (a Bluesky or Mastodon paging pass with its cursor, the newest post covered,
-- a feed's ETag and Last-Modified, Jetstream's time_us). It is written in the same transaction
-- as the posts it covers, so a kill at any moment loses nothing and repeats nothing.
CREATE TABLE cursors (
    source      TEXT PRIMARY KEY,
    state       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
