//! The cache's tables, written and read in one place: every write to `users` and
//! `memberships` is a function here, taking the connection (or transaction) it runs in. The
//! caller announces what changed (`Store::emit`), so that the search index catches up.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use econnect_contract::{Organisation, User};
use sqlx::{SqliteConnection, SqlitePool};

use crate::change::Change;
use crate::error::StoreError;
use crate::query::UserRow;

pub(crate) async fn load_user(
    conn: &mut SqliteConnection,
    user_id: &str,
) -> Result<Option<(User, i64)>, StoreError> {
    let row = sqlx::query!("SELECT body, pending FROM users WHERE id = ?", user_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| Ok((serde_json::from_str(&row.body)?, row.pending)))
        .transpose()
}

pub(crate) async fn count_active_administrators(
    conn: &mut SqliteConnection,
) -> Result<usize, StoreError> {
    let n = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM users WHERE role = 'administrator' AND status = 'active'"#
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Writes a user as the platform says it is — unless local changes are waiting for it, in
/// which case the optimistic copy stays until the outbox has spoken.
pub(crate) async fn upsert_user_from_platform(
    conn: &mut SqliteConnection,
    user: &User,
) -> Result<(), StoreError> {
    let pending = sqlx::query_scalar!("SELECT pending FROM users WHERE id = ?", user.id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(0);
    if pending > 0 {
        // Keep showing the local changes on top of the platform's new state.
        return rewrite_with_pending(conn, user).await;
    }
    write_user(conn, user, 0).await
}

/// A user's row in the `users` table.
struct UserColumns<'a> {
    user: &'a User,
    body: String,
    organisation_count: i64,
    sort_name: String,
    invited_by: Option<String>,
    invited_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
}

impl<'a> UserColumns<'a> {
    fn new(user: &'a User) -> Result<Self, StoreError> {
        let invitation = user.invitation.as_ref();
        Ok(Self {
            user,
            body: serde_json::to_string(user)?,
            organisation_count: i64::try_from(user.memberships.len()).unwrap_or(i64::MAX),
            sort_name: user
                .name
                .as_deref()
                .unwrap_or(user.email.as_str())
                .to_lowercase(),
            invited_by: invitation
                .and_then(|i| i.invited_by.as_ref())
                .map(|e| e.to_string()),
            invited_at: invitation.map(|i| i.invited_at),
            expires_at: invitation.map(|i| i.expires_at),
        })
    }
}

/// SQLite allows 32,766 bound values per statement: 13 per user row (and the read's id),
/// 4 per membership.
const USERS_PER_INSERT: usize = 500;
const MEMBERSHIPS_PER_INSERT: usize = 2_000;

/// Writes one page of a full read into the read's staging tables, a batch per statement (a
/// full read of 10,000 users would otherwise take some 50,000 statements). A user the
/// platform lists twice (a page boundary moving under a concurrent change) is kept once.
pub(crate) async fn stage_users(
    conn: &mut SqliteConnection,
    read_id: i64,
    users: &[User],
) -> Result<(), StoreError> {
    for chunk in users.chunks(USERS_PER_INSERT) {
        let rows = chunk
            .iter()
            .map(UserColumns::new)
            .collect::<Result<Vec<_>, _>>()?;
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT OR REPLACE INTO full_read_users (read_id, id, email, name, role, status, \
             relationship_manager, organisation_count, invited_by, invited_at, expires_at, sort_name, body) ",
        );
        insert.push_values(&rows, |mut values, row| {
            let user = row.user;
            values
                .push_bind(read_id)
                .push_bind(&user.id)
                .push_bind(user.email.as_str())
                .push_bind(&user.name)
                .push_bind(user.role.as_str())
                .push_bind(user.status.as_str())
                .push_bind(user.relationship_manager)
                .push_bind(row.organisation_count)
                .push_bind(&row.invited_by)
                .push_bind(row.invited_at)
                .push_bind(row.expires_at)
                .push_bind(&row.sort_name)
                .push_bind(&row.body);
        });
        insert.build().execute(&mut *conn).await?;
    }
    let memberships: Vec<(&str, &str, &str)> = users
        .iter()
        .flat_map(|user| {
            user.memberships.iter().map(|membership| {
                (
                    user.id.as_str(),
                    membership.organisation_id.as_str(),
                    membership.level.as_str(),
                )
            })
        })
        .collect();
    for chunk in memberships.chunks(MEMBERSHIPS_PER_INSERT) {
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT OR REPLACE INTO full_read_memberships (read_id, user_id, organisation_id, level) ",
        );
        insert.push_values(chunk, |mut values, (user_id, organisation_id, level)| {
            values
                .push_bind(read_id)
                .push_bind(*user_id)
                .push_bind(*organisation_id)
                .push_bind(*level);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Replaces the cached users and memberships with a finished full read, inside the
/// caller's transaction. Users with local changes keep them on top of the platform's state,
/// one by one; the rest (nearly everyone) are copied over by SQLite, never through memory.
pub(crate) async fn swap_in_full_read(
    conn: &mut SqliteConnection,
    read_id: i64,
) -> Result<(), StoreError> {
    sqlx::query!("DELETE FROM users WHERE pending = 0")
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM memberships WHERE user_id NOT IN (SELECT id FROM users)")
        .execute(&mut *conn)
        .await?;
    // What is left in `users` now is exactly the users with local changes.
    sqlx::query!(
        "INSERT INTO users (id, email, name, role, status, relationship_manager, organisation_count, invited_by, \
         invited_at, expires_at, sort_name, body, pending) \
         SELECT id, email, name, role, status, relationship_manager, organisation_count, invited_by, \
         invited_at, expires_at, sort_name, body, 0 FROM full_read_users \
         WHERE read_id = ? AND id NOT IN (SELECT id FROM users)",
        read_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO memberships (user_id, organisation_id, level) \
         SELECT user_id, organisation_id, level FROM full_read_memberships \
         WHERE read_id = ? AND user_id IN (SELECT id FROM users WHERE pending = 0)",
        read_id
    )
    .execute(&mut *conn)
    .await?;
    let changed_here = sqlx::query_scalar!(
        r#"SELECT body AS "body!" FROM full_read_users
           WHERE read_id = ? AND id IN (SELECT id FROM users WHERE pending > 0)"#,
        read_id
    )
    .fetch_all(&mut *conn)
    .await?;
    for body in changed_here {
        let user: User = serde_json::from_str(&body)?;
        upsert_user_from_platform(conn, &user).await?;
    }
    Ok(())
}

/// Writes a user's row and memberships.
pub(crate) async fn write_user(
    conn: &mut SqliteConnection,
    user: &User,
    pending: i64,
) -> Result<(), StoreError> {
    let UserColumns {
        body,
        organisation_count,
        sort_name,
        invited_by,
        invited_at,
        expires_at,
        ..
    } = UserColumns::new(user)?;
    let role = user.role.as_str();
    let status = user.status.as_str();
    let email = user.email.as_str();
    sqlx::query!(
        "INSERT INTO users (id, email, name, role, status, relationship_manager, organisation_count, invited_by, \
         invited_at, expires_at, sort_name, body, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, role = excluded.role, \
         status = excluded.status, relationship_manager = excluded.relationship_manager, \
         organisation_count = excluded.organisation_count, invited_by = excluded.invited_by, \
         invited_at = excluded.invited_at, expires_at = excluded.expires_at, sort_name = excluded.sort_name, \
         body = excluded.body, pending = excluded.pending",
        user.id,
        email,
        user.name,
        role,
        status,
        user.relationship_manager,
        organisation_count,
        invited_by,
        invited_at,
        expires_at,
        sort_name,
        body,
        pending
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM memberships WHERE user_id = ?", user.id)
        .execute(&mut *conn)
        .await?;
    for membership in &user.memberships {
        let level = membership.level.as_str();
        sqlx::query!(
            "INSERT INTO memberships (user_id, organisation_id, level) VALUES (?, ?, ?)",
            user.id,
            membership.organisation_id,
            level
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Deletes a user and their memberships from the cache.
pub(crate) async fn delete_user(
    conn: &mut SqliteConnection,
    user_id: &str,
) -> Result<(), StoreError> {
    sqlx::query!("DELETE FROM users WHERE id = ?", user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM memberships WHERE user_id = ?", user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) async fn upsert_organisation(
    conn: &mut SqliteConnection,
    organisation: &Organisation,
) -> Result<(), StoreError> {
    let body = serde_json::to_string(organisation)?;
    let member_count = i64::from(organisation.member_count);
    sqlx::query!(
        "INSERT INTO organisations (id, name, member_count, body) VALUES (?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, member_count = excluded.member_count, body = excluded.body",
        organisation.id,
        organisation.name,
        member_count,
        body
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes the platform's user, then re-applies the local changes still waiting for them.
pub(crate) async fn rewrite_with_pending(
    conn: &mut SqliteConnection,
    platform_user: &User,
) -> Result<(), StoreError> {
    let rows = sqlx::query!(
        "SELECT change FROM outbox WHERE user_id = ? ORDER BY seq",
        platform_user.id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut user = platform_user.clone();
    let now = Utc::now();
    let mut pending = 0_i64;
    for row in rows {
        let change: Change = serde_json::from_str(&row.change)?;
        if change.removes_user() {
            delete_user(conn, &user.id).await?;
            return Ok(());
        }
        change.apply_to(&mut user, now);
        pending += 1;
    }
    write_user(conn, &user, pending).await
}

const ROW_COLUMNS: &str = "SELECT id, email, name, role, status, relationship_manager, organisation_count, \
                           invited_by, invited_at, expires_at, pending FROM users";

/// Rows with their organisation ids: every user, or the given ones.
pub(crate) async fn load_rows(
    pool: &SqlitePool,
    ids: Option<&[&str]>,
) -> Result<Vec<(UserRow, Vec<String>)>, StoreError> {
    let mut memberships =
        sqlx::QueryBuilder::<sqlx::Sqlite>::new("SELECT user_id, organisation_id FROM memberships");
    if let Some(ids) = ids {
        memberships.push(" WHERE user_id IN (");
        push_ids(&mut memberships, ids);
    }
    let rows = load_user_rows(pool, ids).await?;
    let pairs: Vec<(String, String)> = memberships.build_query_as().fetch_all(pool).await?;
    let mut by_user: HashMap<String, Vec<String>> = HashMap::new();
    for (user_id, organisation_id) in pairs {
        by_user.entry(user_id).or_default().push(organisation_id);
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let organisations = by_user.remove(&row.id).unwrap_or_default();
            (row, organisations)
        })
        .collect())
}

/// The cached rows of every user, or of the given ones (in no particular order).
pub(crate) async fn load_user_rows(
    pool: &SqlitePool,
    ids: Option<&[&str]>,
) -> Result<Vec<UserRow>, StoreError> {
    let mut users = sqlx::QueryBuilder::<sqlx::Sqlite>::new(ROW_COLUMNS);
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        users.push(" WHERE id IN (");
        push_ids(&mut users, ids);
    }
    Ok(users.build_query_as().fetch_all(pool).await?)
}

fn push_ids(builder: &mut sqlx::QueryBuilder<sqlx::Sqlite>, ids: &[&str]) {
    let mut separated = builder.separated(", ");
    for id in ids {
        separated.push_bind((*id).to_owned());
    }
    builder.push(")");
}
