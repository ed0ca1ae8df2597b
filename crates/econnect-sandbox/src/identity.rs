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
use subtle::ConstantTimeEq;
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
    /// Password grant only: the id of another environment the same person has access to
    /// (from `GET /api/v1/me/environments`), for a token there with the same credentials
    /// (one identity: the address and password are checked against the person's account in
    /// that environment; the client is checked as usual). Absent: the client's own
    /// environment. An environment that does not exist and one the person is not in get the
    /// same answer as a wrong password.
    pub environment: Option<String>,
}

/// Checked against when there is no password to check, so that an unknown address costs
/// the same as a wrong password.
const DUMMY_SALT: &str = "0000000000000000";
const DUMMY_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
        (status = 429, description = "slow_down: too many failed sign-ins lately; wait Retry-After seconds", body = OAuthError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
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
    let client_id = request.client_id.clone().unwrap_or_default();
    let email = (request.grant_type == "password")
        .then(|| request.username.clone())
        .flatten();
    if let Some(seconds) = state
        .sign_in_failures
        .retry_after(&client_id, email.as_deref())
    {
        let mut response = oauth_error(
            StatusCode::TOO_MANY_REQUESTS,
            "slow_down",
            "too many failed sign-ins; wait a minute before trying again",
        );
        if let Ok(value) = seconds.to_string().parse() {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        return response;
    }
    match issue(&state, request).await {
        Ok(response) => {
            state
                .sign_in_failures
                .succeeded(&client_id, email.as_deref());
            Json(response).into_response()
        }
        Err(response) => {
            if matches!(
                response.status(),
                StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED
            ) {
                state.sign_in_failures.failed(&client_id, email.as_deref());
            }
            response
        }
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
    let unknown_client = || {
        oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client or wrong client secret",
        )
    };
    let Some((expected_secret, environment_id)) = client else {
        return Err(unknown_client());
    };
    if !bool::from(expected_secret.as_bytes().ct_eq(client_secret.as_bytes())) {
        return Err(unknown_client());
    }
    let (environment_id, user_id) = match request.grant_type.as_str() {
        "client_credentials" if request.environment.is_some() => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "`environment` is for the password grant: an API client belongs to one environment",
            ));
        }
        "client_credentials" => (environment_id, None),
        "password" => {
            // One identity across environments: the same address and password, checked
            // against the person's account in the environment the token is for.
            let target = request.environment.clone().unwrap_or(environment_id);
            let user = password_grant(
                &mut conn,
                &target,
                request.username.as_deref(),
                request.password.as_deref(),
            )
            .await?;
            (target, Some(user.id))
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

/// The password grant: the user when the address and password match an active user.
/// Unknown address, no password yet and wrong password give the same answer after the same
/// work.
async fn password_grant(
    conn: &mut sqlx::SqliteConnection,
    environment_id: &str,
    username: Option<&str>,
    password: Option<&str>,
) -> Result<repo::UserRow, Response> {
    let (Some(username), Some(password)) = (username, password) else {
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
    // In the form addresses are stored in (NFKC, IDNA domain, lower case).
    let email = econnect_domain::EmailAddress::parse(username)
        .map(|address| address.as_str().to_owned())
        .unwrap_or_else(|_| username.trim().to_lowercase());
    let user = repo::find_user_by_email(conn, environment_id, &email)
        .await
        .map_err(|_| bad_credentials())?;
    // The same answer, after the same work, whether the address is unknown, has no
    // password yet or the password is wrong: the endpoint tells a guesser nothing.
    let stored = user.as_ref().and_then(|user| {
        user.password_salt
            .as_deref()
            .zip(user.password_hash.as_deref())
    });
    let matches = match stored {
        Some((salt, hash)) => password_matches(salt, hash, password),
        None => {
            let _ = password_matches(DUMMY_SALT, DUMMY_HASH, password);
            false
        }
    };
    let Some(user) = user.filter(|_| matches) else {
        return Err(bad_credentials());
    };
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
    Ok(user)
}
