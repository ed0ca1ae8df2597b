//! Keeping the search index in step with the cache, and answering the overview's queries
//! from it.
//!
//! The cache's writers mark what changed ([`SearchIndex::mark_users`],
//! [`SearchIndex::mark_everything`], through `Store::emit`); the next search brings the index
//! up to date first: changed users are reloaded in place, anything else (users added or gone,
//! a full sync) rebuilds the index from the cache. Sort orders are built when first asked
//! for, from the rows read once for the purpose.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex as StdMutex;

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use tokio::sync::Mutex;

use crate::error::StoreError;
use crate::index::UserIndex;
use crate::query::{SearchPage, SearchQuery, SortKey, UserRow};
use crate::users_table::{load_rows, load_user_rows};

/// What changed in the cache since the index last looked.
#[derive(Debug, Default)]
struct Dirty {
    everything: bool,
    users: HashSet<String>,
}

/// The index and its dirty marks; cheap to share between clones of a `Store`.
pub(crate) struct SearchIndex {
    index: Mutex<UserIndex>,
    dirty: StdMutex<Dirty>,
}

impl Default for SearchIndex {
    fn default() -> Self {
        Self {
            index: Mutex::new(UserIndex::default()),
            dirty: StdMutex::new(Dirty {
                everything: true,
                users: HashSet::new(),
            }),
        }
    }
}

/// Beyond this many changed users, reloading them all is simpler (and within SQLite's limit
/// on bound values).
const MAX_PATCHED: usize = 1_000;

impl SearchIndex {
    /// Everything changed (a full sync, a rebuilt cache, users added or removed).
    pub(crate) fn mark_everything(&self) {
        self.dirty
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .everything = true;
    }

    pub(crate) fn mark_users(&self, user_ids: &[String]) {
        let mut dirty = self.dirty.lock().unwrap_or_else(|p| p.into_inner());
        dirty.users.extend(user_ids.iter().cloned());
    }

    pub(crate) async fn search(
        &self,
        pool: &SqlitePool,
        query: &SearchQuery,
        now: DateTime<Utc>,
    ) -> Result<SearchPage, StoreError> {
        let mut index = self.index.lock().await;
        let dirty = std::mem::take(&mut *self.dirty.lock().unwrap_or_else(|p| p.into_inner()));
        if let Err(error) = catch_up(&mut index, pool, dirty, query.sort).await {
            // Try again from scratch next time.
            self.mark_everything();
            return Err(error);
        }
        if index.lacks_order(query.sort) {
            let rows = load_user_rows(pool, None).await?;
            index.build_order(query.sort, &rows);
            drop(rows);
            crate::memory::return_freed_memory();
        }
        let (total, window) = index.window(query, now);
        let ids: Vec<&str> = window.iter().map(|id| &**id).collect();
        let mut rows_by_id: HashMap<String, UserRow> = load_user_rows(pool, Some(&ids))
            .await?
            .into_iter()
            .map(|row| (row.id.clone(), row))
            .collect();
        // In the window's order; a user removed from the cache since the index caught up is
        // left out (the change's event brings a fresh search).
        let rows = ids.iter().filter_map(|id| rows_by_id.remove(*id)).collect();
        Ok(SearchPage { total, rows })
    }
}

/// Brings the index up to date; after a rebuild, `sort`'s order is built from the rows read
/// anyway.
async fn catch_up(
    index: &mut UserIndex,
    pool: &SqlitePool,
    dirty: Dirty,
    sort: SortKey,
) -> Result<(), StoreError> {
    if !dirty.everything && dirty.users.is_empty() {
        return Ok(());
    }
    if !dirty.everything && dirty.users.len() <= MAX_PATCHED {
        let ids: Vec<&str> = dirty.users.iter().map(String::as_str).collect();
        let rows = load_rows(pool, Some(&ids)).await?;
        if index.patch(&rows, ids.len()) {
            return Ok(());
        }
    }
    let rows = load_rows(pool, None).await?;
    index.rebuild(&rows, sort);
    drop(rows);
    crate::memory::return_freed_memory();
    Ok(())
}
