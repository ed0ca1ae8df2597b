//! Who is calling. The bearer token only says who; what they may do is looked up from the
//! user's row on every request, so a role change or a block applies to the very next call.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use econnect_domain::{Role, UserStatus};

use crate::error::ApiError;
use crate::password::hash_token;
use crate::repo::{self, UserRow};
use crate::state::AppState;

/// The caller of an API request.
#[derive(Debug, Clone)]
pub struct Actor {
    pub environment_id: String,
    pub client_id: String,
    /// The signed-in user; `None` for a client-credentials token.
    pub user: Option<UserRow>,
}

impl Actor {
    /// The caller's role now. An API client with client credentials acts as the environment's
    /// integration and has administrator rights.
    pub fn role(&self) -> Role {
        self.user
            .as_ref()
            .map_or(Role::Administrator, UserRow::role)
    }

    /// How the caller appears in audit events and invitations.
    pub fn label(&self) -> String {
        match &self.user {
            Some(user) => user.email.clone(),
            None => format!("client:{}", self.client_id),
        }
    }

    pub fn user_id(&self) -> Option<&str> {
        self.user.as_ref().map(|user| user.id.as_str())
    }

    /// The user's email for `invitedBy` (clients have none).
    pub fn email(&self) -> Option<&str> {
        self.user.as_ref().map(|user| user.email.as_str())
    }
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    environment_id: String,
    client_id: String,
    user_id: Option<String>,
    expires_at: DateTime<Utc>,
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized(
                    "this request needs `Authorization: Bearer <token>`; get a token from the identity \
                     server's /connect/token",
                )
            })?;
        let mut conn = state.pool.acquire().await?;
        let row = sqlx::query_as::<_, TokenRow>(
            "SELECT environment_id, client_id, user_id, expires_at FROM access_tokens WHERE token_hash = ?",
        )
        .bind(hash_token(token))
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ApiError::unauthorized("the access token is not known here; sign in again"))?;
        if row.expires_at <= Utc::now() {
            return Err(ApiError::unauthorized(format!(
                "the access token expired at {}; get a new one",
                row.expires_at.to_rfc3339()
            )));
        }
        let user = match &row.user_id {
            None => None,
            Some(user_id) => {
                let user = repo::find_user(&mut conn, &row.environment_id, user_id)
                    .await?
                    .ok_or_else(|| {
                        ApiError::unauthorized("this account was removed from the environment")
                    })?;
                match user.status() {
                    UserStatus::Active => Some(user),
                    UserStatus::Blocked => {
                        return Err(ApiError::unauthorized(
                            "this account is blocked; ask an administrator of the environment to unblock it",
                        ));
                    }
                    UserStatus::Invited => {
                        return Err(ApiError::unauthorized(
                            "this account has not been activated yet",
                        ));
                    }
                }
            }
        };
        Ok(Actor {
            environment_id: row.environment_id,
            client_id: row.client_id,
            user,
        })
    }
}
