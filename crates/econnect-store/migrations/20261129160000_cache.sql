-- The offline cache of one environment. Disposable: when it cannot be migrated it is
-- deleted and rebuilt from the platform. The outbox is the one table whose rows are not a
-- copy of the platform: changes made here and not yet confirmed there.

-- Users as the platform last said, with local changes applied optimistically.
CREATE TABLE users (
    id                    TEXT PRIMARY KEY NOT NULL,
    email                 TEXT NOT NULL,
    name                  TEXT,
    role                  TEXT NOT NULL,
    status                TEXT NOT NULL,
    relationship_manager  INTEGER NOT NULL,
    organisation_count    INTEGER NOT NULL,
    invited_by            TEXT,
    invited_at            TEXT,
    expires_at            TEXT,
    -- Lower-cased sort key: name, or email when there is no name.
    sort_name             TEXT NOT NULL,
    -- The contract's User, as JSON.
    body                  TEXT NOT NULL,
    -- Outbox entries waiting for this user.
    pending               INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX users_by_sort_name ON users (sort_name);
CREATE INDEX users_by_email ON users (email);
CREATE INDEX users_by_status ON users (status, sort_name);
CREATE INDEX users_by_role ON users (role, sort_name);
CREATE INDEX users_by_expiry ON users (expires_at);

-- Prefix search on name and email.
CREATE VIRTUAL TABLE users_search USING fts5(
    name, email, content = 'users', content_rowid = 'rowid', tokenize = "unicode61 tokenchars '.@_-'", prefix = '1 2 3'
);
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, name, email) VALUES (new.rowid, COALESCE(new.name, ''), new.email);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, name, email) VALUES ('delete', old.rowid, COALESCE(old.name, ''), old.email);
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF name, email ON users BEGIN
    INSERT INTO users_search (users_search, rowid, name, email) VALUES ('delete', old.rowid, COALESCE(old.name, ''), old.email);
    INSERT INTO users_search (rowid, name, email) VALUES (new.rowid, COALESCE(new.name, ''), new.email);
END;

CREATE TABLE memberships (
    user_id          TEXT NOT NULL,
    organisation_id  TEXT NOT NULL,
    level            TEXT NOT NULL,
    PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX memberships_by_organisation ON memberships (organisation_id);

CREATE TABLE organisations (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    member_count  INTEGER NOT NULL,
    body          TEXT NOT NULL
);

-- One row: where the change feed stands and when the last sync succeeded.
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    cursor          TEXT,
    last_synced_at  TEXT,
    offline_since   TEXT
);
INSERT INTO sync_state (id) VALUES (1);

-- Changes made here, in order, each with the Idempotency-Key it is always sent with.
CREATE TABLE outbox (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    change           TEXT NOT NULL,
    user_id          TEXT,
    idempotency_key  TEXT NOT NULL UNIQUE,
    created_at       TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'conflict')),
    -- Why it is in conflict, and the platform's state of the user then (JSON).
    problem          TEXT,
    platform_state   TEXT
);

-- Changes the platform refused outright (403): rolled back here, kept to explain why.
CREATE TABLE rejected_changes (
    seq          INTEGER PRIMARY KEY NOT NULL,
    change       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    rejected_at  TEXT NOT NULL
);
