//! Local search over the cache: prefix search on name and email (FTS5), filters, sorting, and
//! windowed pages for a virtualised list.

use chrono::{DateTime, Duration, Utc};
use econnect_domain::{Role, UserStatus};
use sqlx::{QueryBuilder, Sqlite};

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
    fn column(self) -> &'static str {
        match self {
            SortKey::Name => "sort_name",
            SortKey::Email => "email",
            SortKey::Role => "role",
            SortKey::Status => "status",
            SortKey::Organisations => "organisation_count",
            SortKey::Expires => "expires_at",
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

/// The FTS5 expression for what was typed: every word as a quoted prefix.
fn match_expression(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|word| word.replace('"', ""))
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{}\"*", word.to_lowercase()))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn push_filters(builder: &mut QueryBuilder<Sqlite>, query: &SearchQuery, now: DateTime<Utc>) {
    builder.push(" WHERE 1 = 1");
    if let Some(expression) = query.text.as_deref().and_then(match_expression) {
        builder
            .push(" AND rowid IN (SELECT rowid FROM users_search WHERE users_search MATCH ")
            .push_bind(expression)
            .push(")");
    }
    if let Some(status) = query.status {
        builder.push(" AND status = ").push_bind(status.as_str());
    }
    if let Some(role) = query.role {
        builder.push(" AND role = ").push_bind(role.as_str());
    }
    if let Some(organisation_id) = &query.organisation_id {
        builder
            .push(" AND id IN (SELECT user_id FROM memberships WHERE organisation_id = ")
            .push_bind(organisation_id.clone())
            .push(")");
    }
    if query.no_organisation {
        builder.push(" AND organisation_count = 0");
    }
    if query.pending_invitation {
        builder
            .push(" AND status = 'invited' AND expires_at > ")
            .push_bind(now);
    }
    if query.expired {
        builder
            .push(" AND status = 'invited' AND expires_at <= ")
            .push_bind(now);
    }
    if query.stale_invitation {
        builder
            .push(" AND status = 'invited' AND invited_at <= ")
            .push_bind(now - Duration::days(STALE_INVITATION_DAYS));
    }
    if query.ineffective_relationship_manager {
        builder.push(" AND relationship_manager = 1 AND role = 'basic'");
    }
}

impl Store {
    /// One window of the overview, and how many rows match in all.
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchPage, StoreError> {
        let now = Utc::now();
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM users");
        push_filters(&mut count, query, now);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;

        let mut select = QueryBuilder::<Sqlite>::new(
            "SELECT id, email, name, role, status, relationship_manager, organisation_count, invited_by, invited_at, \
             expires_at, pending FROM users",
        );
        push_filters(&mut select, query, now);
        let direction = if query.descending { "DESC" } else { "ASC" };
        select
            .push(format!(
                " ORDER BY {} {direction}, id {direction}",
                query.sort.column()
            ))
            .push(" LIMIT ")
            .push_bind(i64::from(query.limit.clamp(1, 1000)))
            .push(" OFFSET ")
            .push_bind(i64::from(query.offset));
        let rows: Vec<UserRow> = select.build_query_as().fetch_all(&self.pool).await?;
        Ok(SearchPage {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            rows,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_become_quoted_prefixes() {
        assert_eq!(
            match_expression("  Ada  lo"),
            Some("\"ada\"* \"lo\"*".to_owned())
        );
        assert_eq!(match_expression("ab\"c"), Some("\"abc\"*".to_owned()));
        assert_eq!(match_expression("   "), None);
    }
}
