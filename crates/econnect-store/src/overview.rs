//! The overview's reads: a window of the search, and the counts per status.

use chrono::{Duration, Utc};

use crate::error::StoreError;
use crate::query::{STALE_INVITATION_DAYS, SearchPage, SearchQuery, StatusCounts};
use crate::store::Store;

impl Store {
    /// One window of the overview, and how many rows match in all. Served from the
    /// in-memory index (`crate::search`), brought up to date with the cache first.
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchPage, StoreError> {
        self.search_index
            .search(&self.pool, query, Utc::now())
            .await
    }

    pub async fn status_counts(&self) -> Result<StatusCounts, StoreError> {
        let now = Utc::now();
        let stale_before = now - Duration::days(STALE_INVITATION_DAYS);
        let row = sqlx::query!(
            r#"SELECT
                 COUNT(*) AS "total!: i64",
                 COALESCE(SUM(status = 'active'), 0) AS "active!: i64",
                 COALESCE(SUM(status = 'invited'), 0) AS "invited!: i64",
                 COALESCE(SUM(status = 'blocked'), 0) AS "blocked!: i64",
                 COALESCE(SUM(status = 'invited' AND expires_at <= ?), 0) AS "expired!: i64",
                 COALESCE(SUM(organisation_count = 0), 0) AS "no_organisation!: i64",
                 COALESCE(SUM(role = 'administrator' AND status = 'active'), 0) AS "administrators!: i64",
                 COALESCE(SUM(status = 'invited' AND invited_at <= ?), 0) AS "stale!: i64",
                 COALESCE(SUM(relationship_manager = 1 AND role = 'basic'), 0) AS "ineffective!: i64"
               FROM users"#,
            now,
            stale_before
        )
        .fetch_one(&self.pool)
        .await?;
        let pending = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM outbox"#)
            .fetch_one(&self.pool)
            .await?;
        let n = |value: i64| u32::try_from(value).unwrap_or(u32::MAX);
        Ok(StatusCounts {
            total: n(row.total),
            active: n(row.active),
            invited: n(row.invited),
            blocked: n(row.blocked),
            expired: n(row.expired),
            no_organisation: n(row.no_organisation),
            pending_changes: n(pending),
            active_administrators: n(row.administrators),
            stale_invitations: n(row.stale),
            ineffective_relationship_managers: n(row.ineffective),
        })
    }
}
