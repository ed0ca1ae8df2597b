//! What the overview asks the cache: a query (text, filters, sort, window), its page of rows,
//! and the counts per status.

use chrono::{DateTime, Duration, Utc};
use econnect_domain::{Role, UserStatus};

use crate::cache::Store;
use crate::error::StoreError;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Name,
    Email,
    Role,
    Status,
    Organisations,
    Expires,
}

impl SortKey {
    pub(crate) fn slot(self) -> usize {
        match self {
            SortKey::Name => 0,
            SortKey::Email => 1,
            SortKey::Role => 2,
            SortKey::Status => 3,
            SortKey::Organisations => 4,
            SortKey::Expires => 5,
        }
    }
}

/// What the overview asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words; each must be the start of a word of the name or the email address.
    pub text: Option<String>,
    pub status: Option<UserStatus>,
    pub role: Option<Role>,
    pub organisation_id: Option<String>,
    /// Only users in no organisation (they see no documents at all).
    pub no_organisation: bool,
    /// Only invitations still pending (not expired).
    pub pending_invitation: bool,
    /// Only invitations that expired.
    pub expired: bool,
    /// Only invitations sent more than [`STALE_INVITATION_DAYS`] ago and not accepted
    /// (expired ones included).
    pub stale_invitation: bool,
    /// Only Basic users holding the relationship-manager flag (it does nothing for them).
    pub ineffective_relationship_manager: bool,
    pub sort: SortKey,
    pub descending: bool,
    /// The window: rows `offset .. offset + limit` of the sorted result.
    pub offset: u32,
    pub limit: u32,
}

/// One row of the overview.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub role: String,
    pub status: String,
    pub relationship_manager: bool,
    pub organisation_count: i64,
    pub invited_by: Option<String>,
    pub invited_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Local changes waiting to be sent.
    pub pending: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// All matching rows, for the scrollbar.
    pub total: u32,
    pub rows: Vec<UserRow>,
}

/// An invitation not accepted after this many days needs attention.
pub const STALE_INVITATION_DAYS: i64 = 7;

/// Counts per status, and of what needs attention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub total: u32,
    pub active: u32,
    pub invited: u32,
    pub blocked: u32,
    pub expired: u32,
    pub no_organisation: u32,
    pub pending_changes: u32,
    /// Active administrators (the environment needs at least one; two are recommended).
    pub active_administrators: u32,
    pub stale_invitations: u32,
    pub ineffective_relationship_managers: u32,
}

impl Store {
    /// One window of the overview, and how many rows match in all. Served from the
    /// in-memory index ([`crate::index`]), brought up to date with the cache first.
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
