//! `Idempotency-Key`: the first successful answer to a create or action is kept with the key;
//! a replay of the same request returns it again without doing anything (no second user, no
//! second email). The same key with a different request is refused.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use econnect_contract::{ErrorCode, IDEMPOTENCY_KEY_HEADER};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use crate::auth::Actor;
use crate::error::{ApiError, ApiResult};

/// The request's `Idempotency-Key`, if it sent one.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(IDEMPOTENCY_KEY_HEADER) else {
            return Ok(Self(None));
        };
        let key = value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|key| (1..=255).contains(&key.len()))
            .ok_or_else(|| {
                ApiError::validation("Idempotency-Key must be 1 to 255 visible ASCII characters")
            })?;
        Ok(Self(Some(key.to_owned())))
    }
}

/// A remembered answer.
pub struct Replay {
    status: StatusCode,
    body: String,
}

impl IntoResponse for Replay {
    fn into_response(self) -> Response {
        (
            self.status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            self.body,
        )
            .into_response()
    }
}

/// What identifies "the same request": the operation and its input.
pub fn fingerprint(operation: &str, input: &impl Serialize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(operation.as_bytes());
    hasher.update(b"\n");
    hasher.update(serde_json::to_vec(input).unwrap_or_default());
    hex::encode(hasher.finalize())
}

/// The remembered answer for this key, if there is one. Call inside the write transaction.
pub async fn replay(
    conn: &mut SqliteConnection,
    actor: &Actor,
    key: &IdempotencyKey,
    fingerprint: &str,
) -> ApiResult<Option<Replay>> {
    let Some(key) = &key.0 else {
        return Ok(None);
    };
    let row: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT fingerprint, status, body FROM idempotency_keys WHERE environment_id = ? AND actor = ? AND key = ?",
    )
    .bind(&actor.environment_id)
    .bind(actor.label())
    .bind(key)
    .fetch_optional(conn)
    .await?;
    let Some((remembered_fingerprint, status, body)) = row else {
        return Ok(None);
    };
    if remembered_fingerprint != fingerprint {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used before for a different request; use a new key for a new request",
        ));
    }
    tracing::info!(%key, "idempotent replay");
    Ok(Some(Replay {
        status: StatusCode::from_u16(u16::try_from(status).unwrap_or(200))
            .unwrap_or(StatusCode::OK),
        body,
    }))
}

/// Keeps the answer with the key, in the same transaction as the change itself.
pub async fn remember(
    conn: &mut SqliteConnection,
    actor: &Actor,
    key: &IdempotencyKey,
    fingerprint: &str,
    status: StatusCode,
    body: &impl Serialize,
) -> ApiResult<()> {
    let Some(key) = &key.0 else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO idempotency_keys (environment_id, actor, key, fingerprint, status, body, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&actor.environment_id)
    .bind(actor.label())
    .bind(key)
    .bind(fingerprint)
    .bind(i64::from(status.as_u16()))
    .bind(serde_json::to_string(body).unwrap_or_default())
    .bind(Utc::now())
    .execute(conn)
    .await?;
    Ok(())
}
