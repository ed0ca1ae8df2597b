//! `GET /me`: the caller, their role now, and what they may do.

use axum::Json;
use axum::extract::State;
use econnect_contract::{EnvironmentAccess, EnvironmentAccessList, Me, MeEnvironment, Permissions};
use econnect_domain::Role;

use crate::auth::Actor;
use crate::error::ApiResult;
use crate::state::AppState;

/// The signed-in user (or API client), with the permissions that hold right now.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "me",
    responses((status = 200, description = "The caller", body = Me))
)]
pub async fn get(State(state): State<AppState>, actor: Actor) -> ApiResult<Json<Me>> {
    let mut conn = state.pool.acquire().await?;
    let environment_name: String = sqlx::query_scalar("SELECT name FROM environments WHERE id = ?")
        .bind(&actor.environment_id)
        .fetch_one(&mut *conn)
        .await?;
    let administered_organisation_ids: Vec<String> = match actor.user_id() {
        Some(user_id) => {
            sqlx::query_scalar(
                "SELECT organisation_id FROM memberships WHERE user_id = ? AND level = 'administrator' ORDER BY organisation_id",
            )
            .bind(user_id)
            .fetch_all(&mut *conn)
            .await?
        }
        None => Vec::new(),
    };
    let role = actor.role();
    let is_administrator = role.is_administrator();
    Ok(Json(Me {
        user_id: actor.user_id().map(str::to_owned),
        login: actor
            .email()
            .map_or_else(|| actor.client_id.clone(), str::to_owned),
        name: actor.user.as_ref().and_then(|user| user.name.clone()),
        role,
        environment: MeEnvironment {
            id: actor.environment_id.clone(),
            name: environment_name,
        },
        permissions: Permissions {
            can_invite: is_administrator,
            can_manage_users: is_administrator,
            can_manage_organisations: is_administrator,
            administered_organisation_ids,
        },
    }))
}

/// The environments the signed-in person can sign in to, with their role in each: every
/// environment where the same address is an active user. The token request's
/// `environment` then gives a token for any of them with the same credentials. An API
/// client (client credentials) belongs to one environment: it gets that one.
#[utoipa::path(
    get,
    path = "/api/v1/me/environments",
    tag = "me",
    responses((status = 200, description = "The caller's environments, by name", body = EnvironmentAccessList))
)]
pub async fn environments(
    State(state): State<AppState>,
    actor: Actor,
) -> ApiResult<Json<EnvironmentAccessList>> {
    let mut conn = state.pool.acquire().await?;
    let rows: Vec<(String, String, String)> = match actor.email() {
        Some(email) => {
            sqlx::query_as(
                "SELECT e.id, e.name, u.role FROM users u JOIN environments e ON e.id = u.environment_id \
                 WHERE u.email = ? AND u.status = 'active' ORDER BY e.name, e.id",
            )
            .bind(email)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query_as("SELECT id, name, 'administrator' FROM environments WHERE id = ?")
                .bind(&actor.environment_id)
                .fetch_all(&mut *conn)
                .await?
        }
    };
    let items = rows
        .into_iter()
        .map(|(id, name, role)| EnvironmentAccess {
            current: id == actor.environment_id,
            id,
            name,
            role: role.parse().unwrap_or(Role::Basic),
        })
        .collect();
    Ok(Json(EnvironmentAccessList { items }))
}
