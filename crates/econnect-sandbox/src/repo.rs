//! Reading and writing the sandbox's tables. Every function takes the environment id and
//! filters on it: one environment never sees another's rows.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use econnect_contract::{AuditAction, Invitation, Membership, Organisation, User};
use econnect_domain::{EmailAddress, InvitationMethod, MembershipLevel, Role, UserStatus};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::error::{ApiError, ApiResult};

/// A row of `users`, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub role: String,
    pub status: String,
    pub relationship_manager: bool,
    pub password_salt: Option<String>,
    pub password_hash: Option<String>,
    pub invited_by: Option<String>,
    pub invited_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub invitation_method: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

pub const USER_COLUMNS: &str = "id, email, name, role, status, relationship_manager, \
     password_salt, password_hash, invited_by, invited_at, expires_at, invitation_method, created_at, \
     updated_at, version";

impl UserRow {
    pub fn role(&self) -> Role {
        self.role.parse().unwrap_or(Role::Basic)
    }

    pub fn status(&self) -> UserStatus {
        self.status.parse().unwrap_or(UserStatus::Blocked)
    }

    /// The status as administrator safety sees it: someone active who never set a password
    /// cannot act yet, so they count like an invitation (see `count_active_administrators`).
    pub fn safety_status(&self, status: UserStatus) -> UserStatus {
        if status == UserStatus::Active && self.password_hash.is_none() {
            UserStatus::Invited
        } else {
            status
        }
    }

    fn to_contract(&self, memberships: Vec<Membership>) -> User {
        let status = self.status();
        let invitation = match (status, self.invited_at, self.expires_at) {
            (UserStatus::Invited, Some(invited_at), Some(expires_at)) => Some(Invitation {
                invited_by: self
                    .invited_by
                    .as_deref()
                    .and_then(|email| EmailAddress::parse(email).ok()),
                invited_at,
                expires_at,
                method: self
                    .invitation_method
                    .as_deref()
                    .and_then(|method| method.parse().ok())
                    .unwrap_or(InvitationMethod::Email),
            }),
            _ => None,
        };
        User {
            id: self.id.clone(),
            email: EmailAddress::parse(&self.email).unwrap_or_else(|_| {
                // Only valid addresses are ever stored; this keeps a corrupt row visible.
                EmailAddress::parse("invalid@invalid.example").unwrap_or_else(|_| unreachable!())
            }),
            name: self.name.clone(),
            role: self.role(),
            status,
            relationship_manager: self.relationship_manager,
            memberships,
            invitation,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

pub async fn find_user(
    conn: &mut SqliteConnection,
    environment_id: &str,
    user_id: &str,
) -> ApiResult<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE environment_id = ? AND id = ?");
    Ok(sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql))
        .bind(environment_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await?)
}

pub async fn require_user(
    conn: &mut SqliteConnection,
    environment_id: &str,
    user_id: &str,
) -> ApiResult<UserRow> {
    find_user(conn, environment_id, user_id)
        .await?
        .ok_or_else(|| ApiError::not_found(&format!("user {user_id}")))
}

pub async fn find_user_by_email(
    conn: &mut SqliteConnection,
    environment_id: &str,
    email: &str,
) -> ApiResult<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE environment_id = ? AND email = ?");
    Ok(sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql))
        .bind(environment_id)
        .bind(email)
        .fetch_optional(conn)
        .await?)
}

/// Users with their memberships, in the order given.
pub async fn users_to_contract(
    conn: &mut SqliteConnection,
    rows: &[UserRow],
) -> ApiResult<Vec<User>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut builder = QueryBuilder::<Sqlite>::new(
        "SELECT user_id, organisation_id, level FROM memberships WHERE user_id IN (",
    );
    let mut separated = builder.separated(", ");
    for row in rows {
        separated.push_bind(row.id.clone());
    }
    builder.push(") ORDER BY user_id, organisation_id");
    let memberships: Vec<(String, String, String)> =
        builder.build_query_as().fetch_all(conn).await?;
    let mut by_user: HashMap<String, Vec<Membership>> = HashMap::new();
    for (user_id, organisation_id, level) in memberships {
        by_user.entry(user_id).or_default().push(Membership {
            organisation_id,
            level: level.parse().unwrap_or(MembershipLevel::Member),
        });
    }
    Ok(rows
        .iter()
        .map(|row| row.to_contract(by_user.remove(&row.id).unwrap_or_default()))
        .collect())
}

pub async fn load_user(
    conn: &mut SqliteConnection,
    environment_id: &str,
    user_id: &str,
) -> ApiResult<Option<User>> {
    let Some(row) = find_user(conn, environment_id, user_id).await? else {
        return Ok(None);
    };
    Ok(users_to_contract(conn, &[row]).await?.pop())
}

/// Administrators who can act: active (not blocked, not invited) and able to sign in — an
/// administrator added directly who never set a password does not keep the environment
/// administered.
pub async fn count_active_administrators(
    conn: &mut SqliteConnection,
    environment_id: &str,
) -> ApiResult<usize> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE environment_id = ? AND role = 'administrator' AND status = 'active' \
         AND password_hash IS NOT NULL",
    )
    .bind(environment_id)
    .fetch_one(conn)
    .await?;
    Ok(usize::try_from(count).unwrap_or(0))
}

pub async fn membership_level(
    conn: &mut SqliteConnection,
    organisation_id: &str,
    user_id: &str,
) -> ApiResult<Option<MembershipLevel>> {
    let level: Option<String> = sqlx::query_scalar(
        "SELECT level FROM memberships WHERE organisation_id = ? AND user_id = ?",
    )
    .bind(organisation_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(level.and_then(|level| level.parse().ok()))
}

pub async fn user_organisation_ids(
    conn: &mut SqliteConnection,
    user_id: &str,
) -> ApiResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT organisation_id FROM memberships WHERE user_id = ? ORDER BY organisation_id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct OrganisationRow {
    id: String,
    name: String,
    member_count: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<OrganisationRow> for Organisation {
    fn from(row: OrganisationRow) -> Self {
        Organisation {
            id: row.id,
            name: row.name,
            member_count: u32::try_from(row.member_count).unwrap_or(0),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

const ORGANISATION_SELECT: &str = "SELECT o.id, o.name, o.created_at, o.updated_at, \
     (SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = o.id) AS member_count \
     FROM organisations o";

pub async fn find_organisation(
    conn: &mut SqliteConnection,
    environment_id: &str,
    organisation_id: &str,
) -> ApiResult<Option<Organisation>> {
    let sql = format!("{ORGANISATION_SELECT} WHERE o.environment_id = ? AND o.id = ?");
    let row = sqlx::query_as::<_, OrganisationRow>(sqlx::AssertSqlSafe(sql))
        .bind(environment_id)
        .bind(organisation_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Organisation::from))
}

pub async fn require_organisation(
    conn: &mut SqliteConnection,
    environment_id: &str,
    organisation_id: &str,
) -> ApiResult<Organisation> {
    find_organisation(conn, environment_id, organisation_id)
        .await?
        .ok_or_else(|| ApiError::not_found(&format!("organisation {organisation_id}")))
}

/// A page of organisations after `cursor` (an id), ordered by id; only those in `only` when
/// given.
pub async fn list_organisations(
    conn: &mut SqliteConnection,
    environment_id: &str,
    only: Option<&BTreeSet<String>>,
    cursor: Option<&str>,
    limit: u32,
) -> ApiResult<Vec<Organisation>> {
    let mut builder =
        QueryBuilder::<Sqlite>::new(format!("{ORGANISATION_SELECT} WHERE o.environment_id = "));
    builder.push_bind(environment_id.to_owned());
    builder
        .push(" AND o.id > ")
        .push_bind(cursor.unwrap_or("").to_owned());
    if let Some(only) = only {
        builder.push(" AND o.id IN (SELECT value FROM json_each(");
        builder.push_bind(serde_json::to_string(only).unwrap_or_default());
        builder.push("))");
    }
    builder
        .push(" ORDER BY o.id LIMIT ")
        .push_bind(i64::from(limit));
    let rows: Vec<OrganisationRow> = builder.build_query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().map(Organisation::from).collect())
}

/// What a change-feed row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    User,
    Organisation,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::User => "user",
            Entity::Organisation => "organisation",
        }
    }
}

/// Appends to the change feed (in the caller's transaction).
pub async fn record_change(
    conn: &mut SqliteConnection,
    environment_id: &str,
    entity: Entity,
    entity_id: &str,
    deleted: bool,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO changes (environment_id, entity, entity_id, deleted) VALUES (?, ?, ?, ?)",
    )
    .bind(environment_id)
    .bind(entity.as_str())
    .bind(entity_id)
    .bind(deleted)
    .execute(conn)
    .await?;
    Ok(())
}

/// One audit event to append.
pub struct AuditRecord<'a> {
    pub actor: &'a str,
    pub action: AuditAction,
    pub target_email: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
    pub detail: Option<String>,
}

pub async fn record_audit(
    conn: &mut SqliteConnection,
    environment_id: &str,
    record: AuditRecord<'_>,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO audit_events (id, environment_id, at, actor, action, target_email, organisation_id, detail) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(environment_id)
    .bind(Utc::now())
    .bind(record.actor)
    .bind(record.action.as_str())
    .bind(record.target_email)
    .bind(record.organisation_id)
    .bind(record.detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks a user changed: bumps the version and `updated_at`, and records a feed entry.
pub async fn touch_user(
    conn: &mut SqliteConnection,
    environment_id: &str,
    user_id: &str,
) -> ApiResult<()> {
    sqlx::query("UPDATE users SET version = version + 1, updated_at = ? WHERE environment_id = ? AND id = ?")
        .bind(Utc::now())
        .bind(environment_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    record_change(conn, environment_id, Entity::User, user_id, false).await
}

/// Marks an organisation changed (its member count, say) in the feed.
pub async fn touch_organisation(
    conn: &mut SqliteConnection,
    environment_id: &str,
    organisation_id: &str,
) -> ApiResult<()> {
    sqlx::query("UPDATE organisations SET updated_at = ? WHERE environment_id = ? AND id = ?")
        .bind(Utc::now())
        .bind(environment_id)
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    record_change(
        conn,
        environment_id,
        Entity::Organisation,
        organisation_id,
        false,
    )
    .await
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
