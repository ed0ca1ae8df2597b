//! The identity server: `POST /identity/connect/token` (OAuth 2.0, form-encoded) with the
//! `password` and `client_credentials` grants. Tokens are opaque; only their hash is stored.

use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use chrono::Utc;
use econnect_contract::{OAuthError, TokenResponse};
use econnect_domain::UserStatus;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::password::{hash_token, password_matches, random_token};
use crate::repo;
use crate::state::AppState;

/// The token request (RFC 6749 §4.3 and §4.4), form-encoded.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// `password` or `client_credentials`.
    pub grant_type: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// The user's email address (password grant).
    pub username: Option<String>,
    pub password: Option<String>,
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(OAuthError {
            error: error.to_owned(),
            error_description: Some(description.to_owned()),
        }),
    )
        .into_response()
}

/// Issue an access token.
#[utoipa::path(
    post,
    path = "/identity/connect/token",
    tag = "identity",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "A bearer token", body = TokenResponse),
        (status = 400, description = "invalid_request, invalid_grant or unsupported_grant_type", body = OAuthError),
        (status = 401, description = "invalid_client", body = OAuthError),
    )
)]
pub async fn token(
    State(state): State<AppState>,
    form: Result<Form<TokenRequest>, FormRejection>,
) -> Response {
    let Ok(Form(request)) = form else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "send grant_type, client_id and client_secret (and username and password for the password grant) form-encoded",
        );
    };
    match issue(&state, request).await {
        Ok(response) => Json(response).into_response(),
        Err(response) => response,
    }
}

async fn issue(state: &AppState, request: TokenRequest) -> Result<TokenResponse, Response> {
    let internal = |error: sqlx::Error| {
        tracing::error!(%error, "token endpoint database error");
        oauth_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "the identity server failed",
        )
    };
    let (Some(client_id), Some(client_secret)) = (
        request.client_id.as_deref(),
        request.client_secret.as_deref(),
    ) else {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "client_id and client_secret are required",
        ));
    };
    let mut conn = state.pool.acquire().await.map_err(internal)?;
    let client: Option<(String, String)> =
        sqlx::query_as("SELECT client_secret, environment_id FROM clients WHERE client_id = ?")
            .bind(client_id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(internal)?;
    let Some((expected_secret, environment_id)) = client else {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client or wrong client secret",
        ));
    };
    if expected_secret != client_secret {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client or wrong client secret",
        ));
    }
    let user_id = match request.grant_type.as_str() {
        "client_credentials" => None,
        "password" => {
            let (Some(username), Some(password)) =
                (request.username.as_deref(), request.password.as_deref())
            else {
                return Err(oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "the password grant needs username and password",
                ));
            };
            let bad_credentials = || {
                oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "wrong email address or password",
                )
            };
            let email = username.trim().to_lowercase();
            let user = repo::find_user_by_email(&mut conn, &environment_id, &email)
                .await
                .map_err(|_| bad_credentials())?
                .ok_or_else(bad_credentials)?;
            let (Some(salt), Some(hash)) = (&user.password_salt, &user.password_hash) else {
                return Err(oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "this account has no password yet; use the link in the activation email",
                ));
            };
            if !password_matches(salt, hash, password) {
                return Err(bad_credentials());
            }
            match user.status() {
                UserStatus::Active => {}
                UserStatus::Blocked => {
                    return Err(oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "this account is blocked",
                    ));
                }
                UserStatus::Invited => {
                    return Err(oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "this account has not been activated yet",
                    ));
                }
            }
            Some(user.id)
        }
        other => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!(
                    "grant_type `{other}` is not supported; use password or client_credentials"
                ),
            ));
        }
    };
    let token = random_token();
    let lifetime =
        chrono::Duration::from_std(state.token_lifetime).unwrap_or(chrono::Duration::hours(1));
    let _write = state.write_lock().await;
    sqlx::query("DELETE FROM access_tokens WHERE expires_at < ?")
        .bind(Utc::now())
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    sqlx::query(
        "INSERT INTO access_tokens (token_hash, environment_id, client_id, user_id, expires_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(hash_token(&token))
    .bind(&environment_id)
    .bind(client_id)
    .bind(user_id)
    .bind(Utc::now() + lifetime)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(TokenResponse {
        access_token: token,
        expires_in: state.token_lifetime.as_secs(),
        token_type: "Bearer".to_owned(),
    })
}
