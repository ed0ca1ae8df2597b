//! `/organisations` and their members.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use econnect_contract::{
    AuditAction, ErrorCode, MemberLevel, NewOrganisation, Organisation, OrganisationMember,
    OrganisationMemberPage, OrganisationPage, Problem,
};
use econnect_domain::EmailAddress;
use econnect_domain::rules;
use econnect_domain::text;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::ReadScope;
use crate::auth::Actor;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::idempotency::IdempotencyKey;
use crate::repo::{self, AuditRecord, Entity};
use crate::routes::page_size;
use crate::state::AppState;
use crate::write::{Begun, Write};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1 to 1000; 100 when absent.
    pub limit: Option<u32>,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
}

/// List organisations with their member counts, ordered by id: all of them for
/// administrators, the ones they administer for anyone else (possibly none).
#[utoipa::path(
    get,
    path = "/api/v1/organisations",
    tag = "organisations",
    params(PageQuery),
    responses((status = 200, description = "A page of organisations", body = OrganisationPage))
)]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<OrganisationPage>> {
    let limit = page_size(query.limit)?;
    let mut conn = state.pool.acquire().await?;
    let scope = ReadScope::of(&mut conn, &actor).await?;
    let mut items = repo::list_organisations(
        &mut conn,
        &actor.environment_id,
        scope.organisation_ids(),
        query.cursor.as_deref(),
        limit + 1,
    )
    .await?;
    let has_more = items.len() > limit as usize;
    items.truncate(limit as usize);
    let next_cursor = if has_more {
        items.last().map(|item| item.id.clone())
    } else {
        None
    };
    Ok(Json(OrganisationPage { items, next_cursor }))
}

/// Create an organisation (administrators only).
#[utoipa::path(
    post,
    path = "/api/v1/organisations",
    tag = "organisations",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body = NewOrganisation,
    responses(
        (status = 201, description = "The new organisation", body = Organisation),
        (status = 409, description = "already_exists", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<NewOrganisation>,
) -> ApiResult<Response> {
    // Early, before any work; checked again inside the transaction (`Write`).
    rules::check_may_administer_users(actor.role())?;
    let name = text::plain_text(
        "the organisation's name",
        &request.name,
        text::MAX_NAME_CHARS,
    )
    .map_err(|error| ApiError::validation(error.to_string()))?;
    let env = actor.environment_id.clone();
    let mut write = match Write::begin_idempotent(
        &state,
        &actor,
        key,
        "POST /organisations",
        &request,
    )
    .await?
    {
        Begun::Fresh(write) => write,
        Begun::Replayed(answer) => return Ok(answer),
    };
    write.require_administrator()?;
    let tx = &mut *write.tx;
    let exists: Option<String> =
        sqlx::query_scalar("SELECT id FROM organisations WHERE environment_id = ? AND name = ?")
            .bind(&env)
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_some() {
        return Err(ApiError::new(
            ErrorCode::AlreadyExists,
            format!("an organisation named \"{name}\" exists already"),
        ));
    }
    let id = repo::new_id();
    let now = Utc::now();
    sqlx::query("INSERT INTO organisations (id, environment_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
        .bind(&id)
        .bind(&env)
        .bind(name)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    repo::record_change(tx, &env, Entity::Organisation, &id, false).await?;
    let actor_label = actor.label();
    let record = AuditRecord {
        actor: &actor_label,
        action: AuditAction::OrganisationCreated,
        target_email: None,
        organisation_id: Some(&id),
        detail: Some(name.to_owned()),
    };
    repo::record_audit(tx, &env, record).await?;
    let organisation = repo::require_organisation(tx, &env, &id).await?;
    write.commit(StatusCode::CREATED, &organisation).await?;
    Ok((StatusCode::CREATED, Json(organisation)).into_response())
}

/// One organisation.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{id}",
    tag = "organisations",
    params(("id" = String, Path, description = "The organisation's id")),
    responses(
        (status = 200, description = "The organisation", body = Organisation),
        (status = 404, description = "No such organisation here", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Organisation>> {
    let mut conn = state.pool.acquire().await?;
    ReadScope::of(&mut conn, &actor)
        .await?
        .require_organisation(&id)?;
    Ok(Json(
        repo::require_organisation(&mut conn, &actor.environment_id, &id).await?,
    ))
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: String,
    email: String,
    name: Option<String>,
    role: String,
    status: String,
    level: String,
}

impl MemberRow {
    fn into_contract(self) -> Option<OrganisationMember> {
        Some(OrganisationMember {
            user_id: self.user_id,
            email: EmailAddress::parse(&self.email).ok()?,
            name: self.name,
            role: self.role.parse().ok()?,
            status: self.status.parse().ok()?,
            level: self.level.parse().ok()?,
        })
    }
}

/// The organisation's members with their levels, ordered by user id.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{id}/members",
    tag = "organisations",
    params(("id" = String, Path, description = "The organisation's id"), PageQuery),
    responses(
        (status = 200, description = "A page of members", body = OrganisationMemberPage),
        (status = 404, description = "No such organisation here", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn members(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<OrganisationMemberPage>> {
    let limit = page_size(query.limit)?;
    let mut conn = state.pool.acquire().await?;
    ReadScope::of(&mut conn, &actor)
        .await?
        .require_organisation(&id)?;
    repo::require_organisation(&mut conn, &actor.environment_id, &id).await?;
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT u.id AS user_id, u.email, u.name, u.role, u.status, m.level FROM memberships m \
         JOIN users u ON u.id = m.user_id WHERE m.organisation_id = ? AND u.environment_id = ? AND u.id > ? \
         ORDER BY u.id LIMIT ?",
    )
    .bind(&id)
    .bind(&actor.environment_id)
    .bind(query.cursor.as_deref().unwrap_or(""))
    .bind(i64::from(limit) + 1)
    .fetch_all(&mut *conn)
    .await?;
    let has_more = rows.len() > limit as usize;
    let mut items: Vec<OrganisationMember> = rows
        .into_iter()
        .filter_map(MemberRow::into_contract)
        .collect();
    items.truncate(limit as usize);
    let next_cursor = if has_more {
        items.last().map(|item| item.user_id.clone())
    } else {
        None
    };
    Ok(Json(OrganisationMemberPage { items, next_cursor }))
}

/// Starts a change of a membership: the organisation and the user exist here, and the
/// caller may manage this organisation's members (checked inside the transaction).
async fn begin_member_change<'a>(
    state: &'a AppState,
    actor: &Actor,
    organisation_id: &str,
    user_id: &str,
) -> ApiResult<(Write<'a>, repo::UserRow)> {
    let env = actor.environment_id.as_str();
    let mut write = Write::begin(state, actor).await?;
    let actor_role = write.actor_role();
    let tx = &mut *write.tx;
    repo::require_organisation(tx, env, organisation_id).await?;
    check_may_manage(tx, actor, actor_role, organisation_id).await?;
    let user = repo::require_user(tx, env, user_id).await?;
    Ok((write, user))
}

/// Checks that the caller may manage this organisation's members.
async fn check_may_manage(
    conn: &mut sqlx::SqliteConnection,
    actor: &Actor,
    actor_role: econnect_domain::Role,
    organisation_id: &str,
) -> ApiResult<()> {
    let level = match actor.user_id() {
        Some(user_id) => repo::membership_level(conn, organisation_id, user_id).await?,
        None => None,
    };
    rules::check_may_manage_members(actor_role, level)?;
    Ok(())
}

/// Add a user to the organisation, or change their level. Idempotent.
#[utoipa::path(
    put,
    path = "/api/v1/organisations/{id}/members/{userId}",
    tag = "organisations",
    params(
        ("id" = String, Path, description = "The organisation's id"),
        ("userId" = String, Path, description = "The user's id"),
    ),
    request_body = MemberLevel,
    responses(
        (status = 200, description = "The membership as it is now", body = OrganisationMember),
        (status = 404, description = "No such organisation or user here", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_member(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((id, user_id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<MemberLevel>,
) -> ApiResult<Json<OrganisationMember>> {
    let env = actor.environment_id.clone();
    let (mut write, user) = begin_member_change(&state, &actor, &id, &user_id).await?;
    let tx = &mut *write.tx;
    let previous = repo::membership_level(tx, &id, &user_id).await?;
    if previous != Some(body.level) {
        sqlx::query(
            "INSERT INTO memberships (organisation_id, user_id, level) VALUES (?, ?, ?) \
             ON CONFLICT (organisation_id, user_id) DO UPDATE SET level = excluded.level",
        )
        .bind(&id)
        .bind(&user_id)
        .bind(body.level.as_str())
        .execute(&mut *tx)
        .await?;
        repo::touch_user(tx, &env, &user_id).await?;
        repo::touch_organisation(tx, &env, &id).await?;
        let (action, detail) = match previous {
            None => (AuditAction::MemberAdded, format!("as {}", body.level)),
            Some(previous) => (
                AuditAction::MemberLevelChanged,
                format!("{previous} → {}", body.level),
            ),
        };
        let actor_label = actor.label();
        let record = AuditRecord {
            actor: &actor_label,
            action,
            target_email: Some(&user.email),
            organisation_id: Some(&id),
            detail: Some(detail),
        };
        repo::record_audit(tx, &env, record).await?;
    }
    write.commit(StatusCode::OK, &()).await?;
    let member = OrganisationMember {
        user_id: user.id.clone(),
        email: EmailAddress::parse(&user.email)
            .map_err(|error| ApiError::new(ErrorCode::Internal, error.to_string()))?,
        name: user.name.clone(),
        role: user.role(),
        status: user.status(),
        level: body.level,
    };
    Ok(Json(member))
}

/// Remove a user from the organisation. Their account stays.
#[utoipa::path(
    delete,
    path = "/api/v1/organisations/{id}/members/{userId}",
    tag = "organisations",
    params(
        ("id" = String, Path, description = "The organisation's id"),
        ("userId" = String, Path, description = "The user's id"),
    ),
    responses(
        (status = 204, description = "Removed from the organisation"),
        (status = 404, description = "No such organisation, user or membership", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_member(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((id, user_id)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    let env = actor.environment_id.clone();
    let (mut write, user) = begin_member_change(&state, &actor, &id, &user_id).await?;
    let tx = &mut *write.tx;
    let Some(previous) = repo::membership_level(tx, &id, &user_id).await? else {
        return Err(ApiError::not_found(&format!(
            "a membership of {} in organisation {id}",
            user.email
        )));
    };
    sqlx::query("DELETE FROM memberships WHERE organisation_id = ? AND user_id = ?")
        .bind(&id)
        .bind(&user_id)
        .execute(&mut *tx)
        .await?;
    repo::touch_user(tx, &env, &user_id).await?;
    repo::touch_organisation(tx, &env, &id).await?;
    let actor_label = actor.label();
    let record = AuditRecord {
        actor: &actor_label,
        action: AuditAction::MemberRemoved,
        target_email: Some(&user.email),
        organisation_id: Some(&id),
        detail: Some(format!("was {previous}")),
    };
    repo::record_audit(tx, &env, record).await?;
    write.commit(StatusCode::OK, &()).await?;
    Ok(StatusCode::NO_CONTENT)
}
