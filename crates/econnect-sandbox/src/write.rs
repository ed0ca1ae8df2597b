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
use crate::error::ApiResult;
use crate::idempotency::{self, IdempotencyKey};
use crate::state::AppState;

/// A write in progress. Dropping it without committing rolls everything back.
pub struct Write<'a> {
    /// Held until the transaction has committed.
    _lock: MutexGuard<'a, ()>,
    pub tx: Transaction<'static, Sqlite>,
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
    /// A write that is idempotent by itself (PUT, DELETE), or carries no key.
    pub async fn begin(state: &'a AppState) -> ApiResult<Self> {
        let lock = state.write_lock().await;
        let tx = state.pool.begin().await?;
        Ok(Self {
            _lock: lock,
            tx,
            remember: None,
        })
    }

    /// A create or an action: `operation` and `input` identify the request for the key.
    pub async fn begin_idempotent(
        state: &'a AppState,
        actor: &'a Actor,
        key: IdempotencyKey,
        operation: &str,
        input: &impl Serialize,
    ) -> ApiResult<Begun<'a>> {
        let mut write = Self::begin(state).await?;
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
        } = self;
        if let Some((key, fingerprint, actor)) = remember {
            idempotency::remember(&mut tx, actor, &key, &fingerprint, status, answer).await?;
        }
        finish(tx).await?;
        drop(lock);
        Ok(())
    }
}
