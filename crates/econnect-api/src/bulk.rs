//! The bulk path: many invitations or updates with bounded concurrency, one Idempotency-Key
//! per item (made once, before anything is sent), a result per item, progress, and
//! cancellation that never leaves an item half-done: items already sent finish, items not yet
//! sent are reported as cancelled.
//!
//! Rate limits are shared: a 429 on one request pauses every request of the client for the
//! `Retry-After` the platform asked for (see `ApiClient::execute`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use econnect_contract::{InvitationRequest, User, UserPatch};
use futures_util::StreamExt;
use futures_util::stream;
use tokio_util::sync::CancellationToken;

use crate::client::{ApiClient, new_idempotency_key};
use crate::error::ApiError;

/// How a bulk run behaves.
#[derive(Clone)]
pub struct BulkOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    pub cancel: CancellationToken,
    /// Called after every item.
    pub on_progress: Option<Arc<dyn Fn(BulkProgress) + Send + Sync>>,
}

impl Default for BulkOptions {
    fn default() -> Self {
        Self {
            concurrency: 10,
            cancel: CancellationToken::new(),
            on_progress: None,
        }
    }
}

impl std::fmt::Debug for BulkOptions {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("BulkOptions")
            .field("concurrency", &self.concurrency)
            .field("cancelled", &self.cancel.is_cancelled())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkProgress {
    pub done: usize,
    pub total: usize,
    pub failed: usize,
}

/// What became of one item.
#[derive(Debug, Clone)]
pub enum BulkOutcome<T, E = ApiError> {
    Done(T),
    Failed(E),
    /// Not sent: the run was cancelled first.
    Cancelled,
}

impl<T, E> BulkOutcome<T, E> {
    pub fn is_done(&self) -> bool {
        matches!(self, BulkOutcome::Done(_))
    }
}

/// One item's result, in the order the items were given.
#[derive(Debug, Clone)]
pub struct BulkItem<I, T, E = ApiError> {
    pub input: I,
    /// The Idempotency-Key the item was (or would have been) sent with.
    pub idempotency_key: String,
    pub outcome: BulkOutcome<T, E>,
}

/// Runs `operation` over `items`. Each item gets its key before the run starts, so a retry of
/// the same item always carries the same key.
pub async fn run_bulk<I, T, E, F, Fut>(
    items: Vec<I>,
    options: &BulkOptions,
    operation: F,
) -> Vec<BulkItem<I, T, E>>
where
    I: Clone,
    F: Fn(I, String) -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    let keyed = items
        .into_iter()
        .map(|item| (item, new_idempotency_key()))
        .collect();
    run_bulk_keyed(keyed, options, operation).await
}

/// [`run_bulk`] over items that have their Idempotency-Keys already (an outbox's entries,
/// whose keys were made when they were queued).
pub async fn run_bulk_keyed<I, T, E, F, Fut>(
    items: Vec<(I, String)>,
    options: &BulkOptions,
    operation: F,
) -> Vec<BulkItem<I, T, E>>
where
    I: Clone,
    F: Fn(I, String) -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    let total = items.len();
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let keyed: Vec<(usize, I, String)> = items
        .into_iter()
        .enumerate()
        .map(|(index, (item, key))| (index, item, key))
        .collect();
    let operation = &operation;
    let done_ref = &done;
    let failed_ref = &failed;
    let mut results: Vec<(usize, BulkItem<I, T, E>)> = stream::iter(keyed)
        .map(|(index, input, key)| async move {
            let outcome = if options.cancel.is_cancelled() {
                BulkOutcome::Cancelled
            } else {
                // Once sent, an item runs to its end: cancelling never interrupts a request.
                match operation(input.clone(), key.clone()).await {
                    Ok(value) => BulkOutcome::Done(value),
                    Err(error) => {
                        failed_ref.fetch_add(1, Ordering::Relaxed);
                        BulkOutcome::Failed(error)
                    }
                }
            };
            let n_done = done_ref.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(on_progress) = &options.on_progress {
                on_progress(BulkProgress {
                    done: n_done,
                    total,
                    failed: failed_ref.load(Ordering::Relaxed),
                });
            }
            (
                index,
                BulkItem {
                    input,
                    idempotency_key: key,
                    outcome,
                },
            )
        })
        .buffer_unordered(options.concurrency.max(1))
        .collect()
        .await;
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, item)| item).collect()
}

impl ApiClient {
    /// Invites many people at once.
    pub async fn invite_many(
        &self,
        requests: Vec<InvitationRequest>,
        options: &BulkOptions,
    ) -> Vec<BulkItem<InvitationRequest, User>> {
        run_bulk(requests, options, |request, key| async move {
            self.invite(&request, &key).await
        })
        .await
    }

    /// Applies a patch to many users; each is read first for its current version, so a user
    /// changed elsewhere meanwhile fails with `stale_version` instead of being overwritten.
    pub async fn update_many(
        &self,
        updates: Vec<(String, UserPatch)>,
        options: &BulkOptions,
    ) -> Vec<BulkItem<(String, UserPatch), User>> {
        run_bulk(updates, options, |(user_id, patch), _key| async move {
            let current = self.get_user(&user_id).await?;
            Ok(self
                .update_user(&user_id, &current.etag, &patch)
                .await?
                .value)
        })
        .await
    }
}
