//! `GET /me`: the caller, their role now, and what they may do.

use axum::Json;
use axum::extract::State;
use econnect_contract::{Me, MeEnvironment, Permissions};

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
