-- Which version of the app last opened this cache, so that an older app that finds a cache
-- migrated by a newer one can say which version to update to (instead of deleting it: the
-- outbox holds the user's queued changes).
CREATE TABLE cache_meta (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL
);
