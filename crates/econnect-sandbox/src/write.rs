//! One write request, the same way for every write route: the state's write lock (writes
//! are serialised), one transaction (a failed request changes nothing), and the
//! Idempotency-Key (a replay of a create or action answers with the first answer and does
//! nothing). Routes start with [`Write::begin`] or [`Write::begin_idempotent`] and end with
//! [`Write::commit`] or [`Write::commit_with`].

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sqlx::{Sqlite, Transaction};
use tokio::sync::MutexGuard;

use crate::auth::Actor;
use econnect_domain::rules;
use econnect_domain::{Role, UserStatus};

use crate::error::{ApiError, ApiResult};
use crate::idempotency::{self, IdempotencyKey};
use crate::state::AppState;

/// A write in progress. Dropping it without committing rolls everything back.
pub struct Write<'a> {
    /// Held until the transaction has committed.
    _lock: MutexGuard<'a, ()>,
    pub tx: Transaction<'static, Sqlite>,
    /// The caller's role as it is inside this transaction: permissions are checked against
    /// it, so no role change can slip in between the check and the write.
    actor_role: Role,
    /// The key and the request's fingerprint, to remember the answer with.
    remember: Option<(IdempotencyKey, String, &'a Actor)>,
}

/// How an idempotent write starts: afresh, or already answered.
pub enum Begun<'a> {
    Fresh(Write<'a>),
    /// This key was used for this same request before: its first answer.
    Replayed(Response),
}

impl<'a> Write<'a> {
    /// A write that is idempotent by itself (PUT, DELETE), or carries no key. Reads the
    /// caller's role again inside the transaction; a caller blocked or removed since their
    /// token was checked is refused.
    pub async fn begin(state: &'a AppState, actor: &Actor) -> ApiResult<Self> {
        let lock = state.write_lock().await;
        let mut tx = state.pool.begin().await?;
        let actor_role = match actor.user_id() {
            None => Role::Administrator,
            Some(user_id) => {
                let row: Option<(String, String)> = sqlx::query_as(
                    "SELECT role, status FROM users WHERE environment_id = ? AND id = ?",
                )
                .bind(&actor.environment_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
                match row {
                    Some((role, status)) if status == UserStatus::Active.as_str() => {
                        role.parse().unwrap_or(Role::Basic)
                    }
                    _ => {
                        return Err(ApiError::unauthorized(
                            "this account was blocked or removed; sign in again",
                        ));
                    }
                }
            }
        };
        Ok(Self {
            _lock: lock,
            tx,
            actor_role,
            remember: None,
        })
    }

    /// The caller's role, read inside this write's transaction.
    pub fn actor_role(&self) -> Role {
        self.actor_role
    }

    /// Only administrators may do this (checked inside the transaction).
    pub fn require_administrator(&self) -> ApiResult<()> {
        rules::check_may_administer_users(self.actor_role)?;
        Ok(())
    }

    /// A create or an action: `operation` and `input` identify the request for the key.
    pub async fn begin_idempotent(
        state: &'a AppState,
        actor: &'a Actor,
        key: IdempotencyKey,
        operation: &str,
        input: &impl Serialize,
    ) -> ApiResult<Begun<'a>> {
        let mut write = Self::begin(state, actor).await?;
        let fingerprint = idempotency::fingerprint(operation, input);
        if let Some(replay) = idempotency::replay(&mut write.tx, actor, &key, &fingerprint).await? {
            return Ok(Begun::Replayed(replay.into_response()));
        }
        write.remember = Some((key, fingerprint, actor));
        Ok(Begun::Fresh(write))
    }

    /// Keeps the answer with the key (when there is one) in the same transaction, then
    /// commits.
    pub async fn commit(self, status: StatusCode, answer: &impl Serialize) -> ApiResult<()> {
        self.commit_with(status, answer, |tx| async move { Ok(tx.commit().await?) })
            .await
    }

    /// Keeps the answer with the key, then hands the transaction to `finish`, which commits
    /// it (the invitation routes commit, then send the email), while the lock is still held.
    pub async fn commit_with<F, Fut>(
        self,
        status: StatusCode,
        answer: &impl Serialize,
        finish: F,
    ) -> ApiResult<()>
    where
        F: FnOnce(Transaction<'static, Sqlite>) -> Fut,
        Fut: Future<Output = ApiResult<()>>,
    {
        let Write {
            _lock: lock,
            mut tx,
            remember,
            ..
        } = self;
        if let Some((key, fingerprint, actor)) = remember {
            idempotency::remember(&mut tx, actor, &key, &fingerprint, status, answer).await?;
        }
        finish(tx).await?;
        drop(lock);
        Ok(())
    }
}
