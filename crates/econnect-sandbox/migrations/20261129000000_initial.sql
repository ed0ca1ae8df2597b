-- The sandbox platform's data. Every row belongs to one environment (tenant); every query
-- filters on environment_id.

CREATE TABLE environments (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- An email domain is linked to the environment that registered it. Inviting an address of a
-- domain linked to another environment by email is refused (shared_email_domain).
CREATE TABLE environment_domains (
    domain          TEXT PRIMARY KEY,
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE
);

-- API clients. The sandbox keeps the secret in clear so that it can print it at start-up;
-- it is a test double of the platform, not the platform.
CREATE TABLE clients (
    client_id       TEXT PRIMARY KEY,
    client_secret   TEXT NOT NULL,
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name            TEXT NOT NULL
);

CREATE TABLE users (
    id                    TEXT PRIMARY KEY,
    environment_id        TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    email                 TEXT NOT NULL,
    name                  TEXT,
    role                  TEXT NOT NULL CHECK (role IN ('basic', 'advanced', 'administrator')),
    status                TEXT NOT NULL CHECK (status IN ('invited', 'active', 'blocked')),
    relationship_manager  INTEGER NOT NULL DEFAULT 0,
    password_salt         TEXT,
    password_hash         TEXT,
    invited_by            TEXT,
    invited_at            TEXT,
    expires_at            TEXT,
    invitation_method     TEXT CHECK (invitation_method IN ('email', 'direct')),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    UNIQUE (environment_id, email)
);
CREATE INDEX users_by_environment ON users (environment_id, id);

CREATE TABLE organisations (
    id              TEXT PRIMARY KEY,
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (environment_id, name)
);
CREATE INDEX organisations_by_environment ON organisations (environment_id, id);

CREATE TABLE memberships (
    organisation_id  TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    level            TEXT NOT NULL CHECK (level IN ('member', 'administrator')),
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

-- Links in invitation and set-password emails; only a hash of the token is kept.
CREATE TABLE activation_tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('invitation', 'set_password')),
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);

-- Bearer tokens; only a hash is kept. The role is NOT stored: permissions are looked up on
-- every request.
CREATE TABLE access_tokens (
    token_hash      TEXT PRIMARY KEY,
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    client_id       TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
    user_id         TEXT REFERENCES users(id) ON DELETE CASCADE,
    expires_at      TEXT NOT NULL
);

-- The change feed: one row per change of a user or an organisation.
CREATE TABLE changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    environment_id  TEXT NOT NULL,
    entity          TEXT NOT NULL CHECK (entity IN ('user', 'organisation')),
    entity_id       TEXT NOT NULL,
    deleted         INTEGER NOT NULL
);
CREATE INDEX changes_by_environment ON changes (environment_id, seq);

CREATE TABLE audit_events (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT NOT NULL UNIQUE,
    environment_id   TEXT NOT NULL,
    at               TEXT NOT NULL,
    actor            TEXT NOT NULL,
    action           TEXT NOT NULL,
    target_email     TEXT,
    organisation_id  TEXT,
    detail           TEXT
);
CREATE INDEX audit_events_by_environment ON audit_events (environment_id, seq);

-- The first successful answer to a request with an Idempotency-Key, replayed on a retry.
CREATE TABLE idempotency_keys (
    environment_id  TEXT NOT NULL,
    actor           TEXT NOT NULL,
    key             TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    status          INTEGER NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (environment_id, actor, key)
);

-- What the sandbox prints at start-up: the primary environment's client, admin, password.
CREATE TABLE sandbox_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
