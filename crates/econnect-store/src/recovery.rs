//! When a cache cannot be opened or migrated: what kind of failure it is, and — for a cache
//! that has to be rebuilt — moving the file aside (never deleting it) and reading back the
//! outbox rows that can still be read. The cache is disposable; the outbox is not.

use std::path::{Path, PathBuf};

use sqlx::migrate::MigrateError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Row};

/// Why opening failed, as far as what to do about it goes.
#[derive(Debug)]
pub(crate) enum OpenFailure {
    /// Migrated by a newer app: this one must not touch it.
    Newer,
    /// Another process holds a lock past the busy timeout: wait and try again.
    Busy(sqlx::Error),
    /// The disk, the folder or the file refuses (full, read-only, permissions): nothing is
    /// wrong with the cache itself; it is left as it is.
    Storage(sqlx::Error),
    /// Not a usable cache (corrupt, not a database, a schema this app cannot migrate):
    /// rebuilt, after the file is moved aside.
    Unusable(String),
}

impl OpenFailure {
    pub(crate) fn from_sqlx(error: sqlx::Error) -> Self {
        if let sqlx::Error::Migrate(migrate) = &error {
            return match &**migrate {
                MigrateError::VersionMissing(_) => OpenFailure::Newer,
                MigrateError::Execute(inner) | MigrateError::ExecuteMigration(inner, _) => {
                    match classify_code(inner) {
                        Some(failure) => failure(error),
                        None => OpenFailure::Unusable(error.to_string()),
                    }
                }
                _ => OpenFailure::Unusable(error.to_string()),
            };
        }
        match classify_code(&error) {
            Some(failure) => failure(error),
            None => OpenFailure::Unusable(error.to_string()),
        }
    }
}

/// SQLite's primary result codes that say "not the cache's fault" or "busy".
fn classify_code(error: &sqlx::Error) -> Option<fn(sqlx::Error) -> OpenFailure> {
    match error {
        sqlx::Error::Io(_) => Some(OpenFailure::Storage),
        sqlx::Error::Database(database) => {
            let code: i64 = database.code()?.parse().ok()?;
            match code & 0xff {
                // SQLITE_BUSY, SQLITE_LOCKED
                5 | 6 => Some(OpenFailure::Busy),
                // SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PERM
                8 | 10 | 13 | 14 | 3 => Some(OpenFailure::Storage),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The version of the app that last opened the cache, read without changing anything.
pub(crate) async fn written_by(path: &Path) -> Option<String> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options).await.ok()?;
    let version =
        sqlx::query_scalar::<_, String>("SELECT value FROM cache_meta WHERE key = 'app_version'")
            .fetch_optional(&mut conn)
            .await
            .ok()
            .flatten();
    let _ = conn.close().await;
    version
}

/// Moves the database and its `-wal`/`-shm` files aside, next to it, with the time in the
/// name. Returns where the database went.
pub(crate) fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let aside = PathBuf::from(format!("{}.unusable-{stamp}", path.display()));
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", path.display()));
        if from.exists() {
            std::fs::rename(&from, format!("{}{suffix}", aside.display()))?;
        }
    }
    Ok(aside)
}

/// An outbox row as read back from a cache moved aside.
pub(crate) struct SavedEntry {
    pub(crate) change: String,
    pub(crate) user_id: Option<String>,
    pub(crate) idempotency_key: String,
    pub(crate) created_at: String,
    pub(crate) attempts: i64,
    pub(crate) state: String,
    pub(crate) problem: Option<String>,
}

/// The outbox rows that can still be read from a cache moved aside (read-only; nothing
/// there is changed). `None` when the outbox cannot be read at all.
pub(crate) async fn read_outbox(aside: &Path) -> Option<Vec<SavedEntry>> {
    let options = SqliteConnectOptions::new().filename(aside).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options).await.ok()?;
    let rows = sqlx::query(
        "SELECT change, user_id, idempotency_key, created_at, attempts, state, problem FROM outbox ORDER BY seq",
    )
    .fetch_all(&mut conn)
    .await
    .ok()?;
    let _ = conn.close().await;
    Some(
        rows.iter()
            .filter_map(|row| {
                Some(SavedEntry {
                    change: row.try_get("change").ok()?,
                    user_id: row.try_get("user_id").ok()?,
                    idempotency_key: row.try_get("idempotency_key").ok()?,
                    created_at: row.try_get("created_at").ok()?,
                    attempts: row.try_get("attempts").unwrap_or(0),
                    state: row
                        .try_get("state")
                        .unwrap_or_else(|_| "pending".to_owned()),
                    problem: row.try_get("problem").ok().flatten(),
                })
            })
            .collect(),
    )
}
