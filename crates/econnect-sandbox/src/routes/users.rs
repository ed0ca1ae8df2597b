//! `/users`: list, read, update (role, relationship manager, block) and remove.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use econnect_contract::{AuditAction, ErrorCode, Problem, User, UserPage, UserPatch};
use econnect_domain::rules::{self, UserChange};
use econnect_domain::{Role, UserStatus};
use serde::Deserialize;
use sqlx::{QueryBuilder, Sqlite};
use utoipa::IntoParams;

use crate::access::ReadScope;
use crate::auth::Actor;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::idempotency::IdempotencyKey;
use crate::repo::{self, AuditRecord, Entity, USER_COLUMNS, UserRow};
use crate::routes::page_size;
use crate::state::AppState;
use crate::write::{Begun, Write};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// 1 to 1000; 100 when absent.
    pub limit: Option<u32>,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
    pub status: Option<UserStatus>,
    pub role: Option<Role>,
    /// Case-insensitive substring of the email address or the name.
    pub q: Option<String>,
    /// Only members of this organisation.
    pub organisation_id: Option<String>,
}

/// List users, a page at a time, ordered by id. Organisation administrators list the
/// members of an organisation they administer (`organisationId` required), with only the
/// memberships of the organisations they administer.
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    params(UserListQuery),
    responses((status = 200, description = "A page of users", body = UserPage))
)]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(query): ApiQuery<UserListQuery>,
) -> ApiResult<Json<UserPage>> {
    let limit = page_size(query.limit)?;
    let mut conn = state.pool.acquire().await?;
    let scope = ReadScope::of(&mut conn, &actor).await?;
    match query.organisation_id.as_deref() {
        Some(organisation_id) if scope.organisation_ids().is_some() => {
            scope.require_organisation(organisation_id)?;
        }
        _ => scope.require_environment("the user list")?,
    }
    let mut builder = QueryBuilder::<Sqlite>::new(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE environment_id = "
    ));
    builder.push_bind(actor.environment_id.clone());
    if let Some(cursor) = &query.cursor {
        builder.push(" AND id > ").push_bind(cursor.clone());
    }
    if let Some(status) = query.status {
        builder.push(" AND status = ").push_bind(status.as_str());
    }
    if let Some(role) = query.role {
        builder.push(" AND role = ").push_bind(role.as_str());
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!(
            "%{}%",
            q.to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        builder
            .push(" AND (email LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(name) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
    if let Some(organisation_id) = &query.organisation_id {
        builder
            .push(" AND id IN (SELECT user_id FROM memberships WHERE organisation_id = ")
            .push_bind(organisation_id.clone())
            .push(")");
    }
    // One extra row says whether another page follows.
    builder
        .push(" ORDER BY id LIMIT ")
        .push_bind(i64::from(limit) + 1);
    let mut rows: Vec<UserRow> = builder.build_query_as().fetch_all(&mut *conn).await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if has_more {
        rows.last().map(|row| row.id.clone())
    } else {
        None
    };
    let items = repo::users_to_contract(&mut conn, &rows)
        .await?
        .into_iter()
        .filter_map(|user| scope.visible_user(user).ok())
        .collect();
    Ok(Json(UserPage { items, next_cursor }))
}

fn with_etag(status: StatusCode, user: &User) -> Response {
    let mut response = (status, Json(user)).into_response();
    if let Ok(value) = HeaderValue::from_str(&user.etag()) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// One user, with an `ETag` for updates. Organisation administrators read the members of
/// the organisations they administer.
#[utoipa::path(
    get,
    path = "/api/v1/users/{id}",
    tag = "users",
    params(("id" = String, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = User,
            headers(("ETag" = String, description = "Send it back in If-Match to update"))),
        (status = 404, description = "No such user here", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let mut conn = state.pool.acquire().await?;
    let scope = ReadScope::of(&mut conn, &actor).await?;
    let user = match repo::load_user(&mut conn, &actor.environment_id, &id).await? {
        Some(user) => scope.visible_user(user)?,
        None => return Err(scope.not_found(&format!("user {id}"))),
    };
    Ok(with_etag(StatusCode::OK, &user))
}

/// Checks `If-Match` against the user's current version.
/// Every update and removal of a user names the version it was made against (RFC 9110
/// §13.1.1, strong comparison): no `If-Match`, or `*`, is 428 — a change must never land on
/// a version nobody looked at; a weak tag never matches (412).
fn check_if_match(headers: &HeaderMap, current: &UserRow) -> ApiResult<()> {
    let value = headers
        .get(header::IF_MATCH)
        .map(|value| value.to_str().unwrap_or_default().trim())
        .unwrap_or_default();
    if value.is_empty() || value == "*" {
        return Err(ApiError::new(
            ErrorCode::PreconditionRequired,
            "send the user's ETag in If-Match (not *), so that a change made elsewhere is never overwritten",
        ));
    }
    let expected = econnect_contract::etag_for_version(current.version);
    let matches = value
        .split(',')
        .map(str::trim)
        .any(|tag| !tag.starts_with("W/") && tag == expected);
    if matches {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::StaleVersion,
            format!(
                "{} was changed by someone else since you read it (now version {}); read it again and reapply your change",
                current.email, current.version
            ),
        ))
    }
}

/// Change a user's role, relationship-manager flag, or block/unblock them. Needs `If-Match`.
#[utoipa::path(
    patch,
    path = "/api/v1/users/{id}",
    tag = "users",
    params(
        ("id" = String, Path, description = "The user's id"),
        ("If-Match" = String, Header, description = "The ETag from GET /users/{id}"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result instead of 412"),
    ),
    request_body = UserPatch,
    responses(
        (status = 200, description = "The updated user", body = User,
            headers(("ETag" = String, description = "The new version"))),
        (status = 404, description = "No such user here", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "last_administrator or invalid_state", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "stale_version: changed elsewhere", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "precondition_required: If-Match missing", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn patch(
    State(state): State<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<UserPatch>,
) -> ApiResult<Response> {
    // Early, before any work; checked again inside the transaction (`Write`).
    rules::check_may_administer_users(actor.role())?;
    // A replay answers with the first result: its If-Match is stale by now, by design.
    let mut write =
        match Write::begin_idempotent(&state, &actor, key, "PATCH /users/{id}", &(&id, &patch))
            .await?
        {
            Begun::Fresh(write) => write,
            Begun::Replayed(answer) => return Ok(answer),
        };
    write.require_administrator()?;
    let tx = &mut *write.tx;
    let env = actor.environment_id.as_str();
    let current = repo::require_user(tx, env, &id).await?;
    check_if_match(&headers, &current)?;
    if patch.is_empty() {
        return Err(ApiError::validation(
            "nothing to change: send role, relationshipManager or blocked",
        ));
    }
    let n_administrators = repo::count_active_administrators(tx, env).await?;
    let mut role = current.role();
    let mut status = current.status();
    let mut events: Vec<(AuditAction, Option<String>)> = Vec::new();

    if let Some(new_role) = patch.role.filter(|new_role| *new_role != role) {
        rules::check_keeps_an_administrator(
            role,
            current.safety_status(status),
            UserChange::SetRole(new_role),
            n_administrators,
        )?;
        events.push((
            AuditAction::RoleChanged,
            Some(format!("{role} → {new_role}")),
        ));
        role = new_role;
    }
    if let Some(blocked) = patch.blocked {
        let change = if blocked {
            UserChange::Block
        } else {
            UserChange::Unblock
        };
        match (status, blocked) {
            (UserStatus::Invited, _) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidState,
                    format!(
                        "{} has not accepted the invitation yet; revoke the invitation instead of blocking",
                        current.email
                    ),
                ));
            }
            (UserStatus::Active, true) => {
                rules::check_keeps_an_administrator(
                    role,
                    current.safety_status(status),
                    change,
                    n_administrators,
                )?;
                events.push((AuditAction::UserBlocked, None));
                status = UserStatus::Blocked;
            }
            (UserStatus::Blocked, false) => {
                events.push((AuditAction::UserUnblocked, None));
                status = UserStatus::Active;
            }
            _ => {}
        }
    }
    let relationship_manager = patch
        .relationship_manager
        .unwrap_or(current.relationship_manager);
    if relationship_manager != current.relationship_manager {
        let detail = if relationship_manager {
            "granted"
        } else {
            "withdrawn"
        };
        events.push((
            AuditAction::RelationshipManagerChanged,
            Some(detail.to_owned()),
        ));
    }

    if !events.is_empty() {
        sqlx::query("UPDATE users SET role = ?, status = ?, relationship_manager = ? WHERE environment_id = ? AND id = ?")
            .bind(role.as_str())
            .bind(status.as_str())
            .bind(relationship_manager)
            .bind(env)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        repo::touch_user(tx, env, &id).await?;
        let actor_label = actor.label();
        for (action, detail) in events {
            let record = AuditRecord {
                actor: &actor_label,
                action,
                target_email: Some(&current.email),
                organisation_id: None,
                detail,
            };
            repo::record_audit(tx, env, record).await?;
        }
    }
    let user = repo::load_user(tx, env, &id)
        .await?
        .ok_or_else(|| ApiError::not_found(&format!("user {id}")))?;
    write.commit(StatusCode::OK, &user).await?;
    Ok(with_etag(StatusCode::OK, &user))
}

/// Remove a user from the environment: their memberships go too, and they can no longer sign
/// in. Needs `If-Match` with the user's ETag.
#[utoipa::path(
    delete,
    path = "/api/v1/users/{id}",
    tag = "users",
    params(
        ("id" = String, Path, description = "The user's id"),
        ("If-Match" = String, Header, description = "The user's ETag (strong; not *)"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such user here", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "last_administrator", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "stale_version", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "precondition_required: If-Match missing or *", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    // Early, before any work; checked again inside the transaction (`Write`).
    rules::check_may_administer_users(actor.role())?;
    let mut write = Write::begin(&state, &actor).await?;
    write.require_administrator()?;
    let tx = &mut *write.tx;
    let env = actor.environment_id.as_str();
    let current = repo::require_user(tx, env, &id).await?;
    check_if_match(&headers, &current)?;
    let n_administrators = repo::count_active_administrators(tx, env).await?;
    rules::check_keeps_an_administrator(
        current.role(),
        current.safety_status(current.status()),
        UserChange::Remove,
        n_administrators,
    )?;
    remove_user(tx, env, &current, &actor, AuditAction::UserRemoved).await?;
    write.commit(StatusCode::OK, &()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a user and everything hanging off them, and records it.
pub async fn remove_user(
    conn: &mut sqlx::SqliteConnection,
    environment_id: &str,
    user: &UserRow,
    actor: &Actor,
    action: AuditAction,
) -> ApiResult<()> {
    let organisation_ids = repo::user_organisation_ids(conn, &user.id).await?;
    sqlx::query("DELETE FROM users WHERE environment_id = ? AND id = ?")
        .bind(environment_id)
        .bind(&user.id)
        .execute(&mut *conn)
        .await?;
    repo::record_change(conn, environment_id, Entity::User, &user.id, true).await?;
    for organisation_id in &organisation_ids {
        repo::touch_organisation(conn, environment_id, organisation_id).await?;
    }
    let actor_label = actor.label();
    let record = AuditRecord {
        actor: &actor_label,
        action,
        target_email: Some(&user.email),
        organisation_id: None,
        detail: (!organisation_ids.is_empty())
            .then(|| format!("{} memberships removed", organisation_ids.len())),
    };
    repo::record_audit(conn, environment_id, record).await
}
