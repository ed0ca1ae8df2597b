//! A full read of the platform into the cache, page by page: each page is written to the
//! read's staging tables as it arrives, and the finished read replaces the cache in one
//! transaction. Memory holds one page, not the environment (a 100,000-user environment is
//! some 60 MB as `User`s), and a read that fails half-way leaves the cache as it was.

use chrono::{Duration, Utc};
use econnect_contract::{Organisation, User};

use crate::error::StoreError;
use crate::events::CacheChange;
use crate::store::{BEGIN_WRITE, Store};
use crate::users_table::{stage_users, swap_in_full_read, upsert_organisation};

/// A read older than this was left by a process that ended in the middle of it.
const ABANDONED_AFTER_HOURS: i64 = 24;

/// A full read in progress. End it with [`FullRead::finish`] or [`FullRead::abandon`]; one
/// that is only dropped leaves its staging rows until the next read clears them.
pub struct FullRead<'a> {
    store: &'a Store,
    id: i64,
    n_users: usize,
}

impl Store {
    /// Starts a full read (and clears what reads abandoned long ago left behind).
    pub async fn begin_full_read(&self) -> Result<FullRead<'_>, StoreError> {
        let now = Utc::now();
        let cutoff = now - Duration::hours(ABANDONED_AFTER_HOURS);
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await?;
        sqlx::query!("DELETE FROM full_reads WHERE started_at < ?", cutoff)
            .execute(&mut *tx)
            .await?;
        sqlx::query!(
            "DELETE FROM full_read_users WHERE read_id NOT IN (SELECT id FROM full_reads)"
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "DELETE FROM full_read_memberships WHERE read_id NOT IN (SELECT id FROM full_reads)"
        )
        .execute(&mut *tx)
        .await?;
        let id = sqlx::query!("INSERT INTO full_reads (started_at) VALUES (?)", now)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        tx.commit().await?;
        Ok(FullRead {
            store: self,
            id,
            n_users: 0,
        })
    }

    /// Replaces the whole cache with a full read already in memory (a small one: the
    /// organisations a non-administrator may read), keeping the outbox's optimistic changes
    /// on top. `cursor` is where the change feed continues; `None` when the caller may not
    /// read the feed (the next sync reads in full again).
    pub async fn replace_all(
        &self,
        users: &[User],
        organisations: &[Organisation],
        cursor: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut read = self.begin_full_read().await?;
        if let Err(error) = read.add_users(users).await {
            read.abandon().await?;
            return Err(error);
        }
        read.finish(organisations, cursor).await.map(|_| ())
    }
}

impl FullRead<'_> {
    /// Writes one page of users (in its own short transaction: the cache stays writable
    /// for the outbox while a long read goes on).
    pub async fn add_users(&mut self, users: &[User]) -> Result<(), StoreError> {
        let mut tx = self.store.pool.begin_with(BEGIN_WRITE).await?;
        stage_users(&mut tx, self.id, users).await?;
        tx.commit().await?;
        self.n_users += users.len();
        Ok(())
    }

    /// Makes the read the cache, with the organisations and where the change feed
    /// continues, in one transaction. Answers how many users were read.
    pub async fn finish(
        self,
        organisations: &[Organisation],
        cursor: Option<&str>,
    ) -> Result<usize, StoreError> {
        let mut tx = self.store.pool.begin_with(BEGIN_WRITE).await?;
        swap_in_full_read(&mut tx, self.id).await?;
        sqlx::query!("DELETE FROM organisations")
            .execute(&mut *tx)
            .await?;
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
        clear(&mut tx, self.id).await?;
        tx.commit().await?;
        self.store.emit(CacheChange::All);
        Ok(self.n_users)
    }

    /// Drops what the read wrote; the cache stays as it was.
    pub async fn abandon(self) -> Result<(), StoreError> {
        let mut tx = self.store.pool.begin_with(BEGIN_WRITE).await?;
        clear(&mut tx, self.id).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn clear(conn: &mut sqlx::SqliteConnection, read_id: i64) -> Result<(), StoreError> {
    sqlx::query!("DELETE FROM full_read_users WHERE read_id = ?", read_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!(
        "DELETE FROM full_read_memberships WHERE read_id = ?",
        read_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM full_reads WHERE id = ?", read_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
