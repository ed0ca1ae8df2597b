-- A full read of the platform in progress. Its pages land here, each in a short
-- transaction, and are swapped into `users` and `memberships` in one transaction at the end:
-- the process holds one page in memory, not the environment, and the cache never shows
-- half a read. Rows of a read that never finished (the process was killed) are dropped by
-- the next full read.
CREATE TABLE full_reads (
    id          INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    started_at  TEXT NOT NULL
);
CREATE TABLE full_read_users (
    read_id               INTEGER NOT NULL,
    id                    TEXT NOT NULL,
    email                 TEXT NOT NULL,
    name                  TEXT,
    role                  TEXT NOT NULL,
    status                TEXT NOT NULL,
    relationship_manager  INTEGER NOT NULL,
    organisation_count    INTEGER NOT NULL,
    invited_by            TEXT,
    invited_at            TEXT,
    expires_at            TEXT,
    sort_name             TEXT NOT NULL,
    body                  TEXT NOT NULL,
    PRIMARY KEY (read_id, id)
);
CREATE TABLE full_read_memberships (
    read_id          INTEGER NOT NULL,
    user_id          TEXT NOT NULL,
    organisation_id  TEXT NOT NULL,
    level            TEXT NOT NULL,
    PRIMARY KEY (read_id, user_id, organisation_id)
);
