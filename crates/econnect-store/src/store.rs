//! `Store`: the cache of one environment — opening it, its events, where the sync stands,
//! and writing what the platform says into it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use econnect_contract::{Change as FeedChange, ChangePage, Organisation, User};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::broadcast;

use crate::error::StoreError;
use crate::events::{CacheChange, ConnectionState, StoreEvent};
use crate::query::PersonRow;
use crate::recovery::{self, OpenFailure};
use crate::search::SearchIndex;
use crate::users_table::{delete_user, upsert_organisation, upsert_user_from_platform};

/// SQLite's own page cache per connection (negative: in KiB; SQLite's default is 2,000 KiB).
/// The OS caches the file already, and searches are answered from the in-memory index; with
/// four connections the default cost the app about 4 MB (`cargo xtask bench`).
const PAGE_CACHE_SIZE: &str = "-256";

/// The offline cache of one environment.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: SqlitePool,
    path: PathBuf,
    events: broadcast::Sender<StoreEvent>,
    pub(crate) search_index: Arc<SearchIndex>,
    recovery: Option<Recovery>,
    /// Held by whoever sends the outbox (see [`Store::sending`]).
    sending: Arc<tokio::sync::Mutex<()>>,
}

/// The right to send this store's outbox: one sender at a time, so that an entry is never
/// in flight from two places, nor taken back while another sender has it in flight.
pub struct Sending {
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

/// A cache that could not be used was moved aside and rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The old database, kept (its `-wal`/`-shm` beside it).
    pub moved_to: PathBuf,
    pub reason: String,
    /// Queued and conflicted changes read from it and queued again here.
    pub n_carried_over: usize,
    /// Its outbox could not be read at all: the user is told where the file is.
    pub outbox_unreadable: bool,
}

/// True when the connection is not inside a transaction: a `BEGIN` is accepted (and
/// committed again at once, which costs nothing for a transaction that did nothing).
pub(crate) async fn outside_transaction(conn: &mut SqliteConnection) -> bool {
    if sqlx::raw_sql("BEGIN").execute(&mut *conn).await.is_err() {
        return false;
    }
    sqlx::raw_sql("COMMIT").execute(&mut *conn).await.is_ok()
}

/// Fails when a commit that was reported did not end the transaction: what it wrote is not
/// on disk, and the caller must not say it is.
pub(crate) async fn ensure_committed(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    if outside_transaction(conn).await {
        Ok(())
    } else {
        Err(StoreError::NotWritten)
    }
}

/// How every write transaction begins: with the write lock taken at once, so that a writer
/// waits its turn (the busy timeout) instead of reading first and then failing with
/// "database is locked" because another writer committed in between (SQLite's deferred
/// transactions cannot wait in that case).
pub(crate) const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// The lock beside a cache that one opening holds (see [`Store::open`]); the file stays.
fn lock_path(path: &Path) -> PathBuf {
    let mut lock = path.as_os_str().to_owned();
    lock.push(".lock");
    PathBuf::from(lock)
}

/// Waits for the right to open (and migrate) the cache at `path`; released when dropped.
async fn lock_for_opening(path: &Path) -> Result<std::fs::File, StoreError> {
    let lock = lock_path(path);
    let storage = |error: std::io::Error| StoreError::Unusable {
        path: path.to_path_buf(),
        reason: format!("{}: {error}", lock.display()),
    };
    let file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(storage)?;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(storage(error)),
        }
    }
}

/// How often opening waits out a busy cache before giving up.
const BUSY_RETRIES: u32 = 3;

/// Where the sync stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// The change-feed cursor; `None` until the first full sync, and after every sync of a
    /// caller who may not read the feed (not an administrator).
    pub cursor: Option<String>,
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Set when the platform could not be reached; cleared by a successful sync.
    pub offline_since: Option<DateTime<Utc>>,
}

impl SyncState {
    /// The cache holds the whole environment (an administrator's sync), not only the
    /// organisations the signed-in person administers: only administrators read the change
    /// feed, so only their syncs leave a cursor.
    pub fn holds_whole_environment(&self) -> bool {
        self.cursor.is_some()
    }
}

impl Store {
    /// Opens (creating or migrating) the cache at `path`, never deleting queued work:
    /// - written by a newer app: refused, untouched ([`StoreError::NewerCache`]);
    /// - busy (another process holds it past the busy timeout): tried again, then refused
    ///   ([`StoreError::Busy`]);
    /// - the disk or folder refuses (full, read-only): refused, untouched;
    /// - not a usable cache (corrupt, a schema this app cannot migrate): moved aside (kept,
    ///   named in [`Store::recovery`]), rebuilt, and the outbox rows that can still be read
    ///   are carried over.
    ///
    /// Opening is one at a time per cache file, across tasks and processes (a lock on
    /// `<file>.lock` beside it): two opens migrating a new cache at once would each find
    /// the other's half-made tables and take the cache for unusable.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| StoreError::Unusable {
                path: path.to_path_buf(),
                reason: error.to_string(),
            })?;
        }
        let _opening = lock_for_opening(path).await?;
        let mut busy_retries = 0;
        loop {
            let failure = match Self::open_and_migrate(path).await {
                Ok(store) => return Ok(store),
                Err(error) => OpenFailure::from_sqlx(error),
            };
            match failure {
                OpenFailure::Newer => {
                    return Err(StoreError::NewerCache {
                        path: path.to_path_buf(),
                        version: recovery::written_by(path).await,
                    });
                }
                OpenFailure::Busy(error) if busy_retries < BUSY_RETRIES => {
                    busy_retries += 1;
                    tracing::warn!(path = %path.display(), %error, busy_retries, "the cache is busy; trying again");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                OpenFailure::Busy(error) => {
                    return Err(StoreError::Busy {
                        path: path.to_path_buf(),
                        reason: error.to_string(),
                    });
                }
                OpenFailure::Storage(error) => {
                    return Err(StoreError::Unusable {
                        path: path.to_path_buf(),
                        reason: error.to_string(),
                    });
                }
                OpenFailure::Unusable(reason) => return Self::rebuild(path, &reason).await,
            }
        }
    }

    /// Moves an unusable cache aside, opens a fresh one and carries the readable outbox over.
    async fn rebuild(path: &Path, reason: &str) -> Result<Self, StoreError> {
        let unusable = |reason: String| StoreError::Unusable {
            path: path.to_path_buf(),
            reason,
        };
        let aside = recovery::move_aside(path)
            .map_err(|error| unusable(format!("{reason}; moving it aside failed: {error}")))?;
        tracing::warn!(path = %path.display(), aside = %aside.display(), reason, "the cache cannot be used; moved aside and rebuilt");
        let mut store = Self::open_and_migrate(path)
            .await
            .map_err(|error| unusable(error.to_string()))?;
        let saved = recovery::read_outbox(&aside).await;
        let n_carried_over = match &saved {
            Some(entries) => store.carry_over(entries).await?,
            None => 0,
        };
        store.recovery = Some(Recovery {
            moved_to: aside,
            reason: reason.to_owned(),
            n_carried_over,
            outbox_unreadable: saved.is_none(),
        });
        Ok(store)
    }

    /// Appends outbox rows read from a cache moved aside (their Idempotency-Keys kept, so
    /// that what was sent before lands once).
    async fn carry_over(&self, entries: &[recovery::SavedEntry]) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await?;
        for entry in entries {
            let state = if entry.state == "conflict" {
                "conflict"
            } else {
                "pending"
            };
            sqlx::query!(
                "INSERT OR IGNORE INTO outbox (change, user_id, idempotency_key, created_at, attempts, state, problem) VALUES (?, ?, ?, ?, ?, ?, ?)",
                entry.change,
                entry.user_id,
                entry.idempotency_key,
                entry.created_at,
                entry.attempts,
                state,
                entry.problem
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.emit(CacheChange::Outbox);
        Ok(entries.len())
    }

    async fn open_and_migrate(path: &Path) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Every commit is on disk before it returns: an outbox entry is the user's work,
            // and "queued" must survive a power loss (`cargo xtask bench` measures the cost).
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", PAGE_CACHE_SIZE);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let migrated = sqlx::migrate!("./migrations").run(&pool).await;
        if let Err(error) = migrated {
            pool.close().await;
            return Err(error.into());
        }
        let version = env!("CARGO_PKG_VERSION");
        // Best effort: a full disk must not keep a cache from opening for reading.
        if let Err(error) = sqlx::query!(
            "INSERT OR REPLACE INTO cache_meta (key, value) VALUES ('app_version', ?)",
            version
        )
        .execute(&pool)
        .await
        {
            tracing::warn!(path = %path.display(), %error, "could not note the app version in the cache");
        }
        let (events, _) = broadcast::channel(256);
        Ok(Self {
            pool,
            path: path.to_path_buf(),
            events,
            search_index: Arc::default(),
            recovery: None,
            sending: Arc::default(),
        })
    }

    /// Waits for the right to send the outbox (the background sync, a bulk invitation, an
    /// import's window). Hold it from queueing to reading back what became of the entries,
    /// so that nobody else sends them meanwhile — or sends one that is then taken back.
    pub async fn sending(&self) -> Sending {
        Sending {
            _guard: Arc::clone(&self.sending).lock_owned().await,
        }
    }

    /// When the cache had to be rebuilt on opening: where the old file went and what of its
    /// outbox was carried over.
    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn subscribe(&self) -> broadcast::Receiver<StoreEvent> {
        self.events.subscribe()
    }

    pub(crate) fn emit(&self, change: CacheChange) {
        match &change {
            CacheChange::All => self.search_index.mark_everything(),
            CacheChange::Users(user_ids) => self.search_index.mark_users(user_ids),
            CacheChange::Organisations | CacheChange::Outbox => {}
        }
        // Nobody listening is fine.
        let _ = self.events.send(StoreEvent::CacheChanged(change));
    }

    /// Closes the pool (before deleting the file, say).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub async fn sync_state(&self) -> Result<SyncState, StoreError> {
        let row = sqlx::query!(
            r#"SELECT cursor, last_synced_at AS "last_synced_at: DateTime<Utc>", offline_since AS "offline_since: DateTime<Utc>"
               FROM sync_state WHERE id = 1"#
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(SyncState {
            cursor: row.cursor,
            last_synced_at: row.last_synced_at,
            offline_since: row.offline_since,
        })
    }

    /// Online or offline, and what is waiting.
    pub async fn connection_state(&self) -> Result<ConnectionState, StoreError> {
        let sync = self.sync_state().await?;
        let counts = sqlx::query!(
            r#"SELECT COALESCE(SUM(state = 'pending'), 0) AS "pending!: i64",
                      COALESCE(SUM(state = 'conflict'), 0) AS "conflicts!: i64" FROM outbox"#
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(ConnectionState {
            offline_since: sync.offline_since,
            last_synced_at: sync.last_synced_at,
            n_pending: u32::try_from(counts.pending).unwrap_or(u32::MAX),
            n_conflicts: u32::try_from(counts.conflicts).unwrap_or(u32::MAX),
        })
    }

    /// Tells listeners the connection state now.
    pub async fn announce_connection_state(&self) -> Result<ConnectionState, StoreError> {
        let state = self.connection_state().await?;
        let _ = self.events.send(StoreEvent::Connection(state.clone()));
        Ok(state)
    }

    /// Records that the platform could not be reached (keeps the first moment).
    pub async fn mark_offline(&self) -> Result<(), StoreError> {
        let now = Utc::now();
        sqlx::query!(
            "UPDATE sync_state SET offline_since = COALESCE(offline_since, ?) WHERE id = 1",
            now
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Applies one page of the change feed and moves the cursor, in one transaction.
    pub async fn apply_changes(&self, page: &ChangePage) -> Result<Vec<String>, StoreError> {
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await?;
        let mut changed_users = Vec::new();
        let mut organisations_changed = false;
        for change in &page.items {
            match change {
                FeedChange::UserUpserted { user } => {
                    upsert_user_from_platform(&mut tx, user).await?;
                    changed_users.push(user.id.clone());
                }
                FeedChange::UserDeleted { user_id } => {
                    delete_user(&mut tx, user_id).await?;
                    changed_users.push(user_id.clone());
                }
                FeedChange::OrganisationUpserted { organisation } => {
                    upsert_organisation(&mut tx, organisation).await?;
                    organisations_changed = true;
                }
                FeedChange::OrganisationDeleted { organisation_id } => {
                    sqlx::query!("DELETE FROM organisations WHERE id = ?", organisation_id)
                        .execute(&mut *tx)
                        .await?;
                    organisations_changed = true;
                }
            }
        }
        let now = Utc::now();
        sqlx::query!(
            "UPDATE sync_state SET cursor = ?, last_synced_at = ?, offline_since = NULL WHERE id = 1",
            page.next_cursor,
            now
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if !changed_users.is_empty() {
            self.emit(CacheChange::Users(changed_users.clone()));
        }
        if organisations_changed {
            self.emit(CacheChange::Organisations);
        }
        Ok(changed_users)
    }

    pub async fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        let rows = sqlx::query!("SELECT body FROM organisations ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|row| serde_json::from_str(&row.body).map_err(StoreError::from))
            .collect()
    }

    /// A user as cached (with local changes applied).
    pub async fn user(&self, user_id: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query!("SELECT body FROM users WHERE id = ?", user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| serde_json::from_str(&row.body).map_err(StoreError::from))
            .transpose()
    }

    /// The cached users with these addresses (lower-cased, as the cache keeps them), by
    /// address: one query for a whole spreadsheet.
    pub async fn users_by_email(
        &self,
        emails: &[String],
    ) -> Result<HashMap<String, User>, StoreError> {
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM users WHERE email IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(emails)?)
        .fetch_all(&self.pool)
        .await?;
        bodies
            .into_iter()
            .map(|body| {
                let user: User = serde_json::from_str(&body)?;
                Ok((user.email.to_string(), user))
            })
            .collect()
    }

    /// The cached users with these ids, in that order (ids not cached are left out).
    pub async fn users_by_id(&self, ids: &[String]) -> Result<Vec<User>, StoreError> {
        let bodies: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, body FROM users WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(ids)?)
        .fetch_all(&self.pool)
        .await?;
        let mut by_id: HashMap<String, String> = bodies.into_iter().collect();
        ids.iter()
            .filter_map(|id| by_id.remove(id))
            .map(|body| serde_json::from_str(&body).map_err(StoreError::from))
            .collect()
    }

    /// Every cached user's address, name, role, status and memberships (for a directory
    /// of people across environments), by address.
    pub async fn people(&self) -> Result<Vec<PersonRow>, StoreError> {
        let rows = sqlx::query!(
            r#"SELECT u.email AS "email!", u.name, u.role AS "role!", u.status AS "status!",
                      m.organisation_id AS "organisation_id?", m.level AS "level?"
               FROM users u LEFT JOIN memberships m ON m.user_id = u.id
               ORDER BY u.email, m.organisation_id"#
        )
        .fetch_all(&self.pool)
        .await?;
        let corrupt =
            |error: econnect_domain::ParseValueError| StoreError::Corrupt(error.to_string());
        let mut people: Vec<PersonRow> = Vec::new();
        for row in rows {
            if people.last().is_none_or(|last| last.email != row.email) {
                people.push(PersonRow {
                    role: row.role.parse().map_err(corrupt)?,
                    status: row.status.parse().map_err(corrupt)?,
                    email: row.email,
                    name: row.name,
                    memberships: Vec::new(),
                });
            }
            if let (Some(organisation_id), Some(level), Some(person)) =
                (row.organisation_id, row.level, people.last_mut())
            {
                person
                    .memberships
                    .push((organisation_id, level.parse().map_err(corrupt)?));
            }
        }
        Ok(people)
    }

    /// Every cached user (with local changes applied), by address.
    pub async fn all_users(&self) -> Result<Vec<User>, StoreError> {
        let bodies = sqlx::query_scalar!(r#"SELECT body AS "body!" FROM users ORDER BY email"#)
            .fetch_all(&self.pool)
            .await?;
        bodies
            .iter()
            .map(|body| serde_json::from_str(body).map_err(StoreError::from))
            .collect()
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let email = email.trim().to_lowercase();
        let row = sqlx::query!("SELECT body FROM users WHERE email = ?", email)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| serde_json::from_str(&row.body).map_err(StoreError::from))
            .transpose()
    }
}
