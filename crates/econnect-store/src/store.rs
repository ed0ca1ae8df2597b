//! `Store`: the cache of one environment — opening it, its events, where the sync stands,
//! and writing what the platform says into it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use econnect_contract::{Change as FeedChange, ChangePage, Organisation, User};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::broadcast;

use crate::error::StoreError;
use crate::events::{CacheChange, ConnectionState, StoreEvent};
use crate::search::SearchIndex;
use crate::users_table::{
    delete_user, insert_new_users, upsert_organisation, upsert_user_from_platform,
};

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
}

/// Where the sync stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// The change-feed cursor; `None` until the first full sync.
    pub cursor: Option<String>,
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Set when the platform could not be reached; cleared by a successful sync.
    pub offline_since: Option<DateTime<Utc>>,
}

impl Store {
    /// Opens (creating or migrating) the cache at `path`. A cache that cannot be opened or
    /// migrated is deleted and created afresh: it only holds copies, and the outbox of an
    /// unreadable file is unreadable anyway.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| StoreError::Unusable {
                path: path.to_path_buf(),
                reason: error.to_string(),
            })?;
        }
        match Self::open_and_migrate(path).await {
            Ok(store) => Ok(store),
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "the cache cannot be used; rebuilding it");
                remove_database_files(path);
                Self::open_and_migrate(path)
                    .await
                    .map_err(|error| StoreError::Unusable {
                        path: path.to_path_buf(),
                        reason: error.to_string(),
                    })
            }
        }
    }

    async fn open_and_migrate(path: &Path) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", PAGE_CACHE_SIZE);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        let (events, _) = broadcast::channel(256);
        Ok(Self {
            pool,
            path: path.to_path_buf(),
            events,
            search_index: Arc::default(),
        })
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

    /// Replaces the whole cache with a full read of the platform, keeping the outbox's
    /// optimistic changes on top (they are re-applied by the caller's next push).
    pub async fn replace_all(
        &self,
        users: &[User],
        organisations: &[Organisation],
        cursor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query!("DELETE FROM users WHERE pending = 0")
            .execute(&mut *tx)
            .await?;
        sqlx::query!("DELETE FROM memberships WHERE user_id NOT IN (SELECT id FROM users)")
            .execute(&mut *tx)
            .await?;
        sqlx::query!("DELETE FROM organisations")
            .execute(&mut *tx)
            .await?;
        // Users with local changes keep them on top of the platform's state, one by one; the
        // rest (nearly everyone) are not in the table any more and go in with batched inserts.
        let with_pending: HashSet<String> =
            sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE pending > 0"#)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let (changed_here, fresh): (Vec<&User>, Vec<&User>) = users
            .iter()
            .partition(|user| with_pending.contains(&user.id));
        for user in changed_here {
            upsert_user_from_platform(&mut tx, user).await?;
        }
        insert_new_users(&mut tx, &fresh).await?;
        for organisation in organisations {
            upsert_organisation(&mut tx, organisation).await?;
        }
        let now = Utc::now();
        sqlx::query!(
            "UPDATE sync_state SET cursor = ?, last_synced_at = ?, offline_since = NULL WHERE id = 1",
            cursor,
            now
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.emit(CacheChange::All);
        Ok(())
    }

    /// Applies one page of the change feed and moves the cursor, in one transaction.
    pub async fn apply_changes(&self, page: &ChangePage) -> Result<Vec<String>, StoreError> {
        let mut tx = self.pool.begin().await?;
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

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let email = email.trim().to_lowercase();
        let row = sqlx::query!("SELECT body FROM users WHERE email = ?", email)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| serde_json::from_str(&row.body).map_err(StoreError::from))
            .transpose()
    }
}

fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}
